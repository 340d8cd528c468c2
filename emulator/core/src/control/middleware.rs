//! The middlewares behind the control API: fault injection and the request log on API
//! traffic, and saving the state file after anything that may have changed the world.

use std::time::Duration;

// `std::time::Instant::now` panics on wasm32; web-time's is std's elsewhere.
use web_time::Instant;

use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use serde_json::{json, Value};

use crate::error::{ApiError, ErrorType};
use crate::extract::parse_basic;
use crate::faults::DropConnection;
use crate::guard::Verbatim;
use crate::limits::{REQUEST_LOG_CAP, REQUEST_LOG_MAX_ENTRIES, REQUEST_LOG_VALUE_BYTES};
use crate::request_log::{Authorization, RequestRecord};
use crate::state::{lock, App};
use crate::text::{rfc3339, truncate_utf8};

/// Applies the first matching fault rule to an SDK request.
pub async fn inject_faults(State(app): State<App>, req: Request, next: Next) -> Response {
    if req.method() == Method::OPTIONS || !req.uri().path().starts_with("/sdk/") {
        return next.run(req).await;
    }
    let fault = {
        let mut faults = lock(&app.inner().faults);
        let found = faults.iter().position(|f| f.matches(req.uri().path()));
        found.map(|i| {
            let f = faults[i].clone();
            if let Some(t) = faults[i].times.as_mut() {
                *t = t.saturating_sub(1);
                if *t == 0 {
                    faults.remove(i);
                }
            }
            f
        })
    };
    let Some(fault) = fault else { return next.run(req).await };
    // A host without a timer (wasm32) answers at once.
    if let Some(delay) = fault.delay_ms.and_then(|ms| app.host().sleep(Duration::from_millis(ms))) {
        delay.await;
    }
    if fault.drop {
        let mut resp = StatusCode::BAD_GATEWAY.into_response();
        resp.extensions_mut().insert(DropConnection);
        return resp;
    }
    let Some(status) = fault.status else { return next.run(req).await };
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let content_type = fault.content_type.unwrap_or_else(|| "application/json".into());
    let body = match fault.body {
        Some(Value::String(s)) => s,
        Some(v) => v.to_string(),
        None if status.is_success() => json!({"data": {}}).to_string(),
        None => ApiError::new(status.as_u16(), ErrorType::EmulatedFault, "This failure was injected by the emulator's fault API.")
            .body()
            .to_string(),
    };
    let mut resp = (status, body).into_response();
    if let Ok(v) = HeaderValue::from_str(&content_type) {
        resp.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    // Faults exist to send what a real server never should: keep it as it is.
    resp.extensions_mut().insert(Verbatim);
    resp
}

/// Records each SDK request (without secrets) and adds `Server-Timing`, so clients and
/// benchmarks can tell server time from client time.
pub async fn record_requests(State(app): State<App>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if req.method() == Method::OPTIONS || !(path.starts_with("/sdk/") || path.starts_with("/v1/")) {
        return next.run(req).await;
    }
    let started = Instant::now();
    let (parts, body) = req.into_parts();
    // `guard::read_body` has already read and bounded the body; this only takes it over.
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_else(|_| Bytes::new());
    let body_keys = match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(m)) => m.keys().take(REQUEST_LOG_MAX_ENTRIES).map(|k| truncate_utf8(k, REQUEST_LOG_VALUE_BYTES)).collect(),
        _ => Vec::new(),
    };
    let (public_token, secret, consumer_secret) = {
        let w = app.world();
        (w.project.public_token.clone(), w.project.secret.clone(), w.consumer_project.secret.clone())
    };
    let authorization = parts.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).map(|h| match parse_basic(h) {
        Some((user, password)) => Authorization {
            scheme: "Basic".into(),
            username: Some(truncate_utf8(&user, REQUEST_LOG_VALUE_BYTES)),
            password: Some(
                match password {
                    p if p == public_token => "public_token",
                    p if p == secret || p == consumer_secret => "secret",
                    _ if parts.uri.path().starts_with("/v1/") => "not_the_secret",
                    _ => "session_token",
                }
                .into(),
            ),
        },
        None => Authorization { scheme: truncate_utf8(h.split(' ').next().unwrap_or(""), REQUEST_LOG_VALUE_BYTES), ..Default::default() },
    });
    let headers = parts
        .headers
        .iter()
        .filter(|(k, _)| *k != header::AUTHORIZATION && *k != header::COOKIE)
        .take(REQUEST_LOG_MAX_ENTRIES)
        .map(|(k, v)| (k.to_string(), truncate_utf8(v.to_str().unwrap_or(""), REQUEST_LOG_VALUE_BYTES)))
        .collect();
    let mut record = RequestRecord {
        method: parts.method.to_string(),
        path: truncate_utf8(parts.uri.path(), REQUEST_LOG_VALUE_BYTES),
        query: parts.uri.query().map(|q| truncate_utf8(q, REQUEST_LOG_VALUE_BYTES)),
        headers,
        authorization,
        body_keys,
        status: 0,
        received_at: rfc3339(app.world().now()),
        protected_auth: None,
    };
    let mut resp = next.run(Request::from_parts(parts, Body::from(bytes))).await;
    record.status = if resp.extensions().get::<DropConnection>().is_some() { 0 } else { resp.status().as_u16() };
    // dfp24: what DFP Protected Auth and captcha decided (`protected_auth::enforce`).
    record.protected_auth = resp.extensions().get::<stytch_b2b_protocol::control::ProtectedAuthCheck>().cloned();
    {
        let mut log = lock(&app.inner().requests);
        if log.len() >= REQUEST_LOG_CAP {
            log.pop_front();
        }
        log.push_back(record);
    }
    let dur = started.elapsed().as_secs_f64() * 1000.0;
    if let Ok(v) = HeaderValue::from_str(&format!("app;dur={dur:.3}")) {
        resp.headers_mut().insert("server-timing", v);
        // Lets pages read it through the Resource Timing API too (benchmarks do).
        resp.headers_mut().insert("timing-allow-origin", HeaderValue::from_static("*"));
    }
    resp
}

/// Saves the state file after anything that may have changed the world, before the
/// response leaves: an acknowledged change is on disk.
pub async fn persist_changes(State(app): State<App>, req: Request, next: Next) -> Response {
    let mutating = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let resp = next.run(req).await;
    if mutating {
        if let Err(e) = app.persist().await {
            eprintln!("stytch-emulator: could not write the state file: {e}");
            return ApiError::new(500, ErrorType::InternalServerError, "The emulator could not save its state file.").into_response();
        }
    }
    resp
}
