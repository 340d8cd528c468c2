//! The accept loop. axum's own `serve` cannot close a connection without answering, which
//! the `drop` fault needs, so connections are served with hyper directly: a response
//! marked `DropConnection` becomes a service error, and hyper closes the socket.
//!
//! Hostile clients are bounded here: at most `MAX_CONNECTIONS` at once, headers within
//! `HEADER_READ_TIMEOUT` (idle keep-alive connections included), request heads within
//! `MAX_HEAD_BYTES`, and a pause after accept errors instead of a busy loop.

use std::convert::Infallible;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};

use axum::{body::Body, Router};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

use crate::error::ApiError;
use crate::faults::DropConnection;
use crate::limits::{ACCEPT_ERROR_BACKOFF, HEADER_READ_TIMEOUT, MAX_CONNECTIONS, MAX_HEAD_BYTES};

#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for Dropped {}

pub async fn serve(listener: TcpListener, app: Router, mut shutdown: tokio::sync::oneshot::Receiver<()>) {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let accepted = tokio::select! {
            accepted = async {
                // Wait for a free slot before accepting: beyond the cap, connections queue
                // in the kernel instead of each costing a task and buffers here.
                let slot = slots.clone().acquire_owned().await.expect("the semaphore is never closed");
                (slot, listener.accept().await)
            } => accepted,
            _ = &mut shutdown => return,
        };
        let (slot, stream) = match accepted {
            (slot, Ok((stream, _))) => (slot, stream),
            (_, Err(_)) => {
                // Out of file descriptors or a connection reset before accept: pause, don't spin.
                tokio::time::sleep(ACCEPT_ERROR_BACKOFF).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        tokio::spawn(async move {
            let _slot = slot;
            let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
                let app = app.clone();
                async move {
                    let resp = app.oneshot(req.map(Body::new)).await.unwrap_or_else(|e: Infallible| match e {});
                    if resp.extensions().get::<DropConnection>().is_some() {
                        Err(Dropped)
                    } else {
                        Ok(resp)
                    }
                }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .keep_alive(true)
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_READ_TIMEOUT)
                .max_buf_size(MAX_HEAD_BYTES)
                .max_header_size(MAX_HEAD_BYTES)
                .writev(false)
                .serve_connection(TokioIo::new(JsonParseErrors::new(stream)), service)
                .await;
        });
    }
}

/// hyper answers a request head it cannot parse (too large, URI too long, malformed) by
/// itself, with an empty body, before any service runs. This wraps the socket and rewrites
/// exactly those automatic answers into Stytch-shaped JSON. The app's own errors always
/// carry a JSON body (`guard::json_errors`), so an empty-bodied 400/414/431 is hyper's.
struct JsonParseErrors<S> {
    inner: S,
    /// A rewritten answer still being written.
    pending: Vec<u8>,
    written: usize,
}

impl<S> JsonParseErrors<S> {
    fn new(inner: S) -> Self {
        Self { inner, pending: Vec::new(), written: 0 }
    }
}

impl<S: AsyncWrite + Unpin> JsonParseErrors<S> {
    fn drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.written < self.pending.len() {
            let n = ready!(Pin::new(&mut self.inner).poll_write(cx, &self.pending[self.written..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.written += n;
        }
        self.pending.clear();
        self.written = 0;
        Poll::Ready(Ok(()))
    }
}

/// The JSON version of one of hyper's automatic answers, or None for anything else.
fn rewrite_automatic_answer(buf: &[u8]) -> Option<Vec<u8>> {
    let status = [400u16, 414, 431].into_iter().find(|s| buf.starts_with(format!("HTTP/1.1 {s} ").as_bytes()))?;
    let head_len = buf.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let head = std::str::from_utf8(&buf[..head_len]).ok()?.to_ascii_lowercase();
    if head_len != buf.len() || !head.contains("\r\ncontent-length: 0\r\n") {
        return None;
    }
    let code = axum::http::StatusCode::from_u16(status).ok()?;
    let (error_type, message) = crate::guard::describe(code);
    let body = ApiError::new(status, error_type, message).body().to_string();
    let reason = code.canonical_reason().unwrap_or("");
    Some(
        format!(
            "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
        .into_bytes(),
    )
}

impl<S: AsyncRead + Unpin> AsyncRead for JsonParseErrors<S> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for JsonParseErrors<S> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        ready!(self.drain(cx))?;
        if let Some(answer) = rewrite_automatic_answer(buf) {
            self.pending = answer;
            // Taken over whole; whatever is not written yet goes out on flush or shutdown.
            if let Poll::Ready(Err(e)) = self.drain(cx) {
                return Poll::Ready(Err(e));
            }
            return Poll::Ready(Ok(buf.len()));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.drain(cx))?;
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.drain(cx))?;
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hypers_empty_automatic_answers_are_rewritten() {
        let auto = b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\ndate: x\r\n\r\n";
        let out = String::from_utf8(rewrite_automatic_answer(auto).unwrap()).unwrap();
        assert!(out.starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: application/json\r\n"));
        let body: serde_json::Value = serde_json::from_str(out.split("\r\n\r\n").nth(1).unwrap()).unwrap();
        assert_eq!(body["error_type"], "request_header_fields_too_large");
        assert_eq!(body["status_code"], 431);
        // The app's own answers have bodies, and others statuses are left alone.
        assert!(rewrite_automatic_answer(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 10\r\n\r\n{\"a\":true}").is_none());
        assert!(rewrite_automatic_answer(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n").is_none());
        assert!(rewrite_automatic_answer(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n").is_some());
    }
}
