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
    authorization: Auth,
    content_type: u8,
    origin: Option<String>,
    body: Vec<u8>,
}

/// The real credentials (SDK and backend: the backend ones of the path's project), none, or anything.
#[derive(Arbitrary, Debug)]
enum Auth {
    Known(bool),
    Any(Option<String>),
}

// base64 of "public-token-test-…:public-token-test-…", of the B2B project's "project-test-…:secret-test-…"
// and of the consumer project's.
const SDK_AUTH: &str = "Basic cHVibGljLXRva2VuLXRlc3QtMDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAwOnB1YmxpYy10b2tlbi10ZXN0LTAwMDAwMDAwLTAwMDAtNDAwMC04MDAwLTAwMDAwMDAwMDAwMA==";
const BACKEND_AUTH: &str = "Basic cHJvamVjdC10ZXN0LTAwMDAwMDAwLTAwMDAtNDAwMC04MDAwLTAwMDAwMDAwMDAwMDpzZWNyZXQtdGVzdC1lbXVsYXRvci1sb2NhbC1vbmx5LTAwMDAwMDAwMDAwMDAwMDA=";
const CONSUMER_BACKEND_AUTH: &str = "Basic cHJvamVjdC10ZXN0LTAwMDAwMDAwLTAwMDAtNDAwMC04MDAwLTAwMDAwMDAwMDAwMTpzZWNyZXQtdGVzdC1lbXVsYXRvci1jb25zdW1lci1sb2NhbC1vbmx5LTAwMDAwMDAw";

#[derive(Arbitrary, Debug)]
enum Path {
    Known(u8),
    Any(String),
}

/// Every route but the fault API (a fault rule may ask for a 500 on purpose) and reset.
const PATHS: [&str; 50] = [
    "/sdk/v1/projects/bootstrap/public-token-test-00000000-0000-4000-8000-000000000000",
    "/sdk/v1/events",
    "/v1/b2b/sessions/jwks/project-test-00000000-0000-4000-8000-000000000000",
    "/v1/sessions/jwks/project-test-00000000-0000-4000-8000-000000000001",
    "/sdk/v1/b2b/passwords/authenticate",
    "/sdk/v1/b2b/magic_links/email/login_or_signup",
    "/sdk/v1/b2b/magic_links/authenticate",
    "/sdk/v1/b2b/otps/sms/send",
    "/sdk/v1/b2b/otps/sms/authenticate",
    "/sdk/v1/b2b/totp",
    "/sdk/v1/b2b/totp/authenticate",
    "/sdk/v1/b2b/recovery_codes",
    "/sdk/v1/b2b/recovery_codes/recover",
    "/sdk/v1/b2b/recovery_codes/rotate",
    "/sdk/v1/b2b/sessions/authenticate",
    "/sdk/v1/b2b/sessions/revoke",
    "/sdk/v1/b2b/discovery/intermediate_sessions/exchange",
    "/_emulator/clock",
    "/v1/b2b/organizations",
    "/v1/b2b/organizations/search",
    "/v1/b2b/organizations/organization-test-00000000-0000-4000-8000-000000000001",
    "/v1/b2b/organizations/organization-test-00000000-0000-4000-8000-000000000001/member?email_address=sms.member@acme.test",
    "/v1/b2b/organizations/organization-test-00000000-0000-4000-8000-000000000001/members",
    "/v1/b2b/passwords/authenticate",
    "/v1/b2b/magic_links/authenticate",
    "/v1/b2b/otps/sms/send",
    "/v1/b2b/otps/sms/authenticate",
    "/v1/b2b/totp",
    "/v1/b2b/totp/authenticate",
    "/v1/b2b/recovery_codes/recover",
    "/v1/b2b/recovery_codes/rotate",
    "/v1/b2b/sessions/authenticate",
    "/v1/b2b/sessions/revoke",
    "/v1/users",
    "/v1/passwords",
    "/v1/passwords/authenticate",
    "/v1/otps/sms/send",
    "/v1/otps/authenticate",
    "/v1/sessions/authenticate",
    "/v1/sessions/revoke",
    "/_emulator/state",
    "/sdk/v1/b2b/passwords/email/reset/start",
    "/sdk/v1/b2b/passwords/email/reset",
    "/sdk/v1/b2b/passwords/existing_password/reset",
    "/sdk/v1/b2b/passwords/strength_check",
    "/sdk/v1/b2b/oauth/authenticate",
    "/sdk/v1/b2b/sso/authenticate",
    "/v1/b2b/public/oauth/google/start",
    "/v1/public/sso/start",
    "/v1/b2b/public/idp/consent",
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
    let authorization = match &input.authorization {
        Auth::Known(false) => Some(SDK_AUTH),
        Auth::Known(true) if path.starts_with("/v1/") && !path.starts_with("/v1/b2b/") => Some(CONSUMER_BACKEND_AUTH),
        Auth::Known(true) => Some(BACKEND_AUTH),
        Auth::Any(a) => a.as_deref(),
    };
    if let Some(a) = authorization {
        req = req.header("authorization", a);
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
