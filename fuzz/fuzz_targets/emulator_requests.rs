//! The emulator's request decoding, through every layer: arbitrary methods, paths, headers
//! and bodies never get a 5xx, and every error is Stytch-shaped JSON.
#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use axum::body::Body;
use axum::http::Request;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    method: u8,
    path: Path,
    authorization: Option<String>,
    content_type: u8,
    origin: Option<String>,
    body: Vec<u8>,
}

#[derive(Arbitrary, Debug)]
enum Path {
    Known(u8),
    Any(String),
}

/// Every route but the fault API (a fault rule may ask for a 500 on purpose) and reset.
const PATHS: [&str; 17] = [
    "/sdk/v1/projects/bootstrap/public-token-test-00000000-0000-4000-8000-000000000000", "/sdk/v1/events",
    "/v1/b2b/sessions/jwks/project-test-00000000-0000-4000-8000-000000000000", "/sdk/v1/b2b/passwords/authenticate",
    "/sdk/v1/b2b/magic_links/email/login_or_signup", "/sdk/v1/b2b/magic_links/authenticate", "/sdk/v1/b2b/otps/sms/send",
    "/sdk/v1/b2b/otps/sms/authenticate", "/sdk/v1/b2b/totp", "/sdk/v1/b2b/totp/authenticate", "/sdk/v1/b2b/recovery_codes",
    "/sdk/v1/b2b/recovery_codes/recover", "/sdk/v1/b2b/recovery_codes/rotate", "/sdk/v1/b2b/sessions/authenticate",
    "/sdk/v1/b2b/sessions/revoke", "/sdk/v1/b2b/discovery/intermediate_sessions/exchange", "/_emulator/clock",
];
const METHODS: [&str; 5] = ["POST", "GET", "PUT", "DELETE", "OPTIONS"];
const CONTENT_TYPES: [&str; 4] = ["application/json", "text/plain", "application/json; charset=utf-8", ""];

fn service() -> &'static (tokio::runtime::Runtime, stytch_emulator::fuzzing::Service) {
    static S: OnceLock<(tokio::runtime::Runtime, stytch_emulator::fuzzing::Service)> = OnceLock::new();
    S.get_or_init(|| {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let svc = rt.block_on(async { stytch_emulator::fuzzing::Service::new() });
        (rt, svc)
    })
}

fuzz_target!(|input: Input| {
    let path = match &input.path {
        Path::Known(i) => PATHS[*i as usize % PATHS.len()].to_string(),
        Path::Any(p) if p.starts_with("/_emulator/faults") || p.starts_with("/_emulator/reset") => return,
        Path::Any(p) => p.clone(),
    };
    let mut req = Request::builder().method(METHODS[input.method as usize % METHODS.len()]).uri(path.as_str());
    let content_type = CONTENT_TYPES[input.content_type as usize % CONTENT_TYPES.len()];
    if !content_type.is_empty() {
        req = req.header("content-type", content_type);
    }
    if let Some(a) = &input.authorization {
        req = req.header("authorization", a.as_str());
    }
    if let Some(o) = &input.origin {
        req = req.header("origin", o.as_str());
    }
    // What hyper would refuse before the service (bad URIs, header values) is not decoding.
    let Ok(request) = req.body(Body::from(input.body)) else { return };
    let (rt, svc) = service();
    let (status, content_type, body) = rt.block_on(svc.call(request));
    assert!(status < 500, "{status} for {path}: {}", String::from_utf8_lossy(&body));
    if status >= 400 {
        assert!(content_type.starts_with("application/json"), "{status} {content_type} for {path}");
        let v: serde_json::Value = serde_json::from_slice(&body).expect("errors are JSON");
        assert_eq!(v["status_code"], status);
        assert!(v["error_type"].is_string());
    }
});
