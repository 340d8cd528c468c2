//! What every request passes before a handler sees it, and what every answer looks like
//! after: body size and time limits, the JSON content type, the control API's origin and
//! host checks, Stytch-shaped JSON for every error, panics answered as a 500, and the
//! anti-framing headers and CSP of every HTML page.

use std::any::Any;
use std::future::Future;
use std::task::Poll;

use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use http_body_util::{BodyExt, LengthLimitError, Limited};

use crate::error::{ApiError, ErrorType};
use crate::host::BoxFuture;
use crate::limits::{BODY_READ_TIMEOUT, MAX_BODY_BYTES, MAX_URI_BYTES};
use crate::routes::BodyKind;
use crate::state::App;

/// Marks a response whose body must reach the client as it is (injected faults).
#[derive(Clone, Copy)]
pub struct Verbatim;

/// A body over `MAX_BODY_BYTES`: also what a host that reads bodies itself (the Node host of
/// the wasm build) answers.
pub fn too_large() -> ApiError {
    ApiError::new(413, ErrorType::RequestTooLarge, format!("The request body is larger than {MAX_BODY_BYTES} bytes."))
}

/// A body that did not arrive within `BODY_READ_TIMEOUT`.
pub fn body_timeout() -> ApiError {
    ApiError::new(408, ErrorType::RequestTimeout, "The request body did not arrive in time.")
}

/// Refuses over-long URIs; reads the whole body, at most `MAX_BODY_BYTES` within `BODY_READ_TIMEOUT` (when the
/// host has a timer), and checks that a non-empty body is JSON, so handlers and the request log see exactly what came.
pub async fn read_body(State(app): State<App>, req: Request, next: Next) -> Response {
    let uri_len = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if uri_len > MAX_URI_BYTES {
        return ApiError::new(414, ErrorType::UriTooLong, format!("The request path is longer than {MAX_URI_BYTES} bytes."))
            .into_response();
    }
    let declared = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return too_large().into_response();
    }
    let (parts, body) = req.into_parts();
    let collected = Limited::new(body, MAX_BODY_BYTES).collect();
    let bytes = match within(app.host().sleep(BODY_READ_TIMEOUT), collected).await {
        None => return body_timeout().into_response(),
        Some(Err(e)) if e.is::<LengthLimitError>() => return too_large().into_response(),
        Some(Err(_)) => return ApiError::bad_request("The request body could not be read.").into_response(),
        Some(Ok(collected)) => collected.to_bytes(),
    };
    // What the route reads says which bodies may reach it (the route table's `BodyKind`). Every
    // route takes JSON, so the route is looked up only for a body of another type.
    let content_type = parts.headers.get(header::CONTENT_TYPE);
    if !bytes.is_empty()
        && !is_json(content_type)
        && !admits_content_type(crate::routes::facts().body(parts.uri.path(), &parts.method), content_type)
    {
        return ApiError::bad_request("Content-Type must be application/json.").into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

/// Whether a non-empty body of this Content-Type may reach a route that reads `body`.
fn admits_content_type(body: BodyKind, content_type: Option<&HeaderValue>) -> bool {
    match body {
        BodyKind::Json => is_json(content_type),
        BodyKind::Scim => is_json(content_type) || is_media(content_type, crate::scim::CONTENT_TYPE),
        // The handler reads a form or JSON itself; telemetry is dropped unread.
        BodyKind::Form | BodyKind::Discarded => true,
    }
}

/// `work`'s answer, or None if `deadline` (a host's sleep) ends first; without a deadline, the
/// answer whenever it comes.
async fn within<T>(deadline: Option<BoxFuture<()>>, work: impl Future<Output = T>) -> Option<T> {
    let mut work = std::pin::pin!(work);
    let mut deadline = deadline;
    std::future::poll_fn(|cx| {
        if let Poll::Ready(answer) = work.as_mut().poll(cx) {
            return Poll::Ready(Some(answer));
        }
        match deadline.as_mut().map(|d| d.as_mut().poll(cx)) {
            Some(Poll::Ready(())) => Poll::Ready(None),
            _ => Poll::Pending,
        }
    })
    .await
}

fn is_json(content_type: Option<&HeaderValue>) -> bool {
    is_media(content_type, "application/json")
}

/// Whether a Content-Type names this media type (parameters aside).
fn is_media(content_type: Option<&HeaderValue>, media: &str) -> bool {
    let Some(v) = content_type.and_then(|v| v.to_str().ok()) else { return false };
    let essence = v.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case(media)
}

/// Turns any error response that is not JSON (axum's own rejections, a bad path
/// parameter, a missing route method) into Stytch's error shape, keeping its status.
pub async fn json_errors(req: Request, next: Next) -> Response {
    let resp = next.run(req).await;
    let status = resp.status();
    let is_json = resp.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if status.as_u16() < 400 || is_json || resp.extensions().get::<Verbatim>().is_some() {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    // axum's rejection texts are short and say what was wrong; keep them as the message.
    let text = axum::body::to_bytes(body, 1024).await.map(|b| String::from_utf8_lossy(&b).trim().to_string()).unwrap_or_default();
    let (error_type, fallback) = describe(status);
    let message = if text.is_empty() { fallback.to_string() } else { text };
    let json = ApiError::new(status.as_u16(), error_type, message).body().to_string();
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(json))
}

/// The error type and a default message for a bare status.
pub fn describe(status: StatusCode) -> (ErrorType, &'static str) {
    match status.as_u16() {
        400 => (ErrorType::BadRequest, "The request could not be understood."),
        404 => (ErrorType::RouteNotFound, "There is no such endpoint in this emulator."),
        405 => (ErrorType::MethodNotAllowed, "This endpoint does not take that method."),
        408 => (ErrorType::RequestTimeout, "The request did not arrive in time."),
        413 => (ErrorType::RequestTooLarge, "The request is too large."),
        414 => (ErrorType::UriTooLong, "The request path is too long."),
        415 => (ErrorType::BadRequest, "Content-Type must be application/json."),
        431 => (ErrorType::RequestHeaderFieldsTooLarge, "The request headers are too large."),
        500..=599 => (ErrorType::InternalServerError, "Something went wrong in the emulator."),
        _ => (ErrorType::BadRequest, "The request could not be served."),
    }
}

/// A handler that panicked: a 500 in Stytch's shape. Its locks are taken poison-tolerantly
/// (`state::lock`), so the emulator keeps serving.
pub fn panic_response(_panic: Box<dyn Any + Send + 'static>) -> Response {
    ApiError::new(500, ErrorType::InternalServerError, "The emulator failed to handle this request; it keeps serving others.")
        .into_response()
}

/// Whether a browser page at `origin` may use the control API: loopback pages (the
/// developer's own app, the test runners) and origins listed with `--control-origin`.
/// Anything else could read SMS codes from the outbox or reset the emulator.
pub fn control_origin_allowed(origin: &str, listed: &[String]) -> bool {
    listed.iter().any(|o| o == origin) || is_loopback_origin(origin)
}

fn is_loopback_origin(origin: &str) -> bool {
    let Some(rest) = origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://")) else { return false };
    if rest.contains('/') || rest.contains('@') {
        return false;
    }
    host_name(rest).is_some_and(is_loopback_name)
}

/// The host name of an authority (`name`, `name:port`, `[v6]`, `[v6]:port`), without the
/// brackets of an IPv6 literal; None when it is not one.
fn host_name(authority: &str) -> Option<&str> {
    let (name, port) = match authority.strip_prefix('[') {
        Some(v6) => {
            let (name, after) = v6.split_once(']')?;
            (name, if after.is_empty() { None } else { Some(after.strip_prefix(':')?) })
        }
        None => match authority.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (authority, None),
        },
    };
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    (!name.is_empty() && port_ok).then_some(name)
}

fn is_loopback_name(name: &str) -> bool {
    match name.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => name.eq_ignore_ascii_case("localhost"),
    }
}

/// Whether the control API and the console answer a request for `authority` (a Host
/// header): loopback names (`localhost`, 127.0.0.0/8, `[::1]`) and the names listed with
/// `--allowed-host`, on any port.
pub fn host_allowed(authority: &str, listed: &[String]) -> bool {
    let Some(name) = host_name(authority) else { return false };
    is_loopback_name(name) || listed.iter().filter_map(|l| host_name(l)).any(|l| l.eq_ignore_ascii_case(name))
}

/// The host names under which the control API and the console answer besides loopback ones:
/// the `--allowed-host` names, and the address the emulator listens on when that is a
/// specific one (`--host 192.168.1.20`, `--host devbox.lan`): the developer chose that name
/// to reach it. A wildcard (`0.0.0.0`, `::`) names no host, so it adds nothing.
pub fn allowed_hosts(listen_host: &str, listed: &[String]) -> Vec<String> {
    let wildcard = listen_host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_unspecified());
    let bound = (!wildcard).then(|| match listen_host.parse::<std::net::Ipv6Addr>() {
        Ok(_) => format!("[{listen_host}]"),
        Err(_) => listen_host.to_string(),
    });
    listed.iter().cloned().chain(bound).collect()
}

pub fn is_control_path(path: &str) -> bool {
    path == "/_emulator" || path.starts_with("/_emulator/")
}

/// Refuses the control API and the console (what is no row of the route table and under none
/// of its mounts: `routes::Facts::answers_any_host`) under a host name that is neither loopback
/// nor listed with `--allowed-host`. This stops DNS rebinding: a page at `rebind.example`,
/// whose name now resolves to 127.0.0.1, loads `/_emulator/project` as its own origin, so it
/// sends no Origin; its Host still names it. An absolute-form request target names a host
/// too, and is checked as well. A request with no Host at all comes from no browser (they
/// always send one) and passes.
pub async fn allowed_host(State(app): State<App>, req: Request, next: Next) -> Response {
    if !crate::routes::facts().answers_any_host(req.uri().path()) {
        let listed = &app.inner().allowed_hosts;
        let target = req.uri().authority().map(|a| a.as_str());
        let headers = req.headers().get_all(header::HOST).iter().map(|v| v.to_str().unwrap_or(""));
        if !target.into_iter().chain(headers).all(|h| host_allowed(h, listed)) {
            return ApiError::new(
                403,
                ErrorType::HostNotAllowed,
                "The emulator's control API and console answer only loopback host names (localhost, 127.0.0.1, [::1]) \
                 and those allowed with --allowed-host NAME; start it with --allowed-host to reach them under another name.",
            )
            .into_response();
        }
    }
    next.run(req).await
}

/// Refuses control-API requests that a browser sent from a foreign page. Requests without
/// an Origin (curl, test harnesses, server code) are not from a foreign page.
pub async fn control_origin(State(app): State<App>, req: Request, next: Next) -> Response {
    if is_control_path(req.uri().path()) && req.method() != Method::OPTIONS {
        if let Some(origin) = req.headers().get(header::ORIGIN) {
            let origin = origin.to_str().unwrap_or("");
            if !control_origin_allowed(origin, &app.inner().control_origins) {
                return ApiError::new(
                    403,
                    ErrorType::CrossOriginControlRequest,
                    "The emulator's control API answers only loopback origins and those listed with --control-origin.",
                )
                .into_response();
            }
        }
    }
    next.run(req).await
}

/// The CSP of an HTML page that sets none: no script, no requests, inline styles only.
/// The consent pages are such pages. It names no `form-action`: Chromium applies that to
/// the redirect after a form is sent, and the consent form's answer redirects to the app.
const PAGE_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'";

/// Every HTML page (the console, the consent pages) refuses to be framed by another page,
/// so no site can show "Continue as ..." or the console's buttons under its own (clickjacking);
/// and it runs under a CSP: the page's own, or `PAGE_POLICY`.
pub async fn page_headers(req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    let is_html = resp.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if !is_html {
        return resp;
    }
    let own = resp.headers().get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok());
    let policy = format!("{}; frame-ancestors 'none'", own.unwrap_or(PAGE_POLICY));
    let policy = HeaderValue::from_str(&policy).unwrap_or(HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"));
    resp.headers_mut().insert(header::CONTENT_SECURITY_POLICY, policy);
    resp.headers_mut().insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_origins() {
        for o in ["http://127.0.0.1:5173", "http://localhost:3000", "https://localhost", "http://[::1]:9797", "http://127.8.9.10"] {
            assert!(control_origin_allowed(o, &[]), "{o}");
        }
        for o in [
            "https://evil.example",
            "http://127.0.0.1.evil.example",
            "http://localhost.evil.example:80",
            "null",
            "",
            "http://evil.example/http://127.0.0.1",
            "http://user@127.0.0.1",
            "file://",
            "http://[::2]:80",
            "http://10.0.0.1",
        ] {
            assert!(!control_origin_allowed(o, &[]), "{o}");
        }
        assert!(control_origin_allowed("https://dev.example", &["https://dev.example".into()]));
    }

    #[test]
    fn allowed_hosts() {
        for h in ["127.0.0.1:9797", "localhost", "LocalHost:3000", "[::1]:9797", "[::1]", "127.8.9.10"] {
            assert!(host_allowed(h, &[]), "{h}");
        }
        for h in [
            "rebind.example",
            "rebind.example:9797",
            "127.0.0.1.rebind.example",
            "localhost.rebind.example",
            "",
            ":9797",
            "localhost:",
            "localhost:port",
            "127.0.0.1:9797:1",
            "[::1",
            "[::1]x",
            "::1",
            "[::2]:80",
            "10.0.0.1",
            "0.0.0.0",
            "user@127.0.0.1",
            "localhost:123456",
        ] {
            assert!(!host_allowed(h, &[]), "{h}");
        }
        let listed = ["dev.example".to_string(), "box.lan:8443".to_string()];
        for h in ["dev.example", "DEV.example:9797", "box.lan", "box.lan:1"] {
            assert!(host_allowed(h, &listed), "{h}");
        }
        assert!(!host_allowed("sub.dev.example", &listed));
    }

    #[test]
    fn the_address_listened_on_is_an_allowed_host_unless_it_is_a_wildcard() {
        let hosts = |host: &str| super::allowed_hosts(host, &["devbox.lan".into()]);
        assert_eq!(hosts("192.168.1.20"), ["devbox.lan", "192.168.1.20"]);
        assert_eq!(hosts("fd00::20"), ["devbox.lan", "[fd00::20]"]);
        assert_eq!(hosts("0.0.0.0"), ["devbox.lan"]);
        assert_eq!(hosts("::"), ["devbox.lan"]);
    }

    #[test]
    fn json_content_types() {
        let v = |s: &'static str| HeaderValue::from_static(s);
        assert!(is_json(Some(&v("application/json"))));
        assert!(is_json(Some(&v("application/json; charset=utf-8"))));
        assert!(is_json(Some(&v("Application/JSON"))));
        assert!(!is_json(Some(&v("text/plain"))));
        assert!(!is_json(Some(&v("application/jsonp"))));
        assert!(!is_json(None));
    }
}
