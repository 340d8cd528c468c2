//! The Stytch-compatible emulator without its transport: the world (organizations, members,
//! sessions, codes, the outbox), every endpoint as an operation over it (`ops`), the route
//! table and its axum handlers (`routes`), the control API (`control`), the console page, the
//! guard every request passes and the request log. It opens no socket and no file, and has no
//! runtime of its own: what it needs from the machine is a `host::Host` (blocking work, a
//! timer, snapshots). The native server (`stytch-emulator`) serves `router` over hyper with
//! threads, tokio's timer and `--state` files; `host::Inline` is a host with none (wasm32).

use axum::{
    http::{request::Parts, HeaderName, HeaderValue},
    middleware, Router,
};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowHeaders, AllowMethods, AllowOrigin, CorsLayer};

mod checks;
mod claim_templates;
pub mod connected_apps;
mod control;
// dfp24 (#24): what the world keeps of Device Fingerprinting and captcha.
mod dfp;
mod env;
pub mod error;
mod extract;
mod factors;
pub mod faults;
// onetap24 (#24): the local Google identity provider of Google One Tap.
mod google;
pub mod guard;
mod hashing;
pub mod host;
mod ids;
mod intermediate_sessions;
mod jit;
mod jwt;
pub mod limits;
mod lockout;
mod member_sessions;
mod mfa;
pub mod model;
mod ops;
mod page;
mod pkce;
mod primary;
// dfp24 (#24): DFP Protected Auth and captcha.
mod protected_auth;
mod rbac;
mod rbac_policy;
mod redirects;
mod render;
mod request_log;
mod routes;
// sso24 (#24): SAML IdP metadata.
mod saml_metadata;
mod scim;
pub mod seed;
mod sessions;
mod sms;
pub mod state;
mod strength;
pub mod sync;
mod text;
mod totp;
mod trusted_tokens;

pub use seed::DEFAULT_SEED;
// dfp24: the SDK calls DFP Protected Auth and captcha check.
pub use dfp::PROTECTED_SDK_PATHS;

/// The built-in seed's world, fresh signing keys, the inline host (no threads, timer or state
/// file), no listed origins: what the fuzz targets and the in-process tests serve.
pub fn seeded_app() -> state::App {
    let world = seed::Seed::parse(DEFAULT_SEED).expect("the built-in seed parses").to_world(0);
    state::App::new(world.clone(), world, state::ProjectKeys::generate(), std::sync::Arc::new(host::Inline), Vec::new(), Vec::new())
}

/// The whole service; `extra` routes get the same layers (tests add failing handlers).
pub fn router(app: state::App, extra: Router<state::App>) -> Router {
    // Browsers call the SDK API with credentials from any origin (the app's page, the
    // test runner's random port), so the Origin is echoed rather than `*`. The control API
    // answers only loopback and listed origins (see `guard`).
    let control_origins = app.inner().control_origins.clone();
    let allow_origin = AllowOrigin::predicate(move |origin: &HeaderValue, parts: &Parts| {
        !guard::is_control_path(parts.uri.path()) || origin.to_str().is_ok_and(|o| guard::control_origin_allowed(o, &control_origins))
    });
    let cors = CorsLayer::new()
        .allow_origin(allow_origin)
        .allow_credentials(true)
        .allow_headers(AllowHeaders::mirror_request())
        .allow_methods(AllowMethods::mirror_request())
        .expose_headers([HeaderName::from_static("server-timing")])
        .max_age(std::time::Duration::from_secs(600));
    let not_found = || async { error::ApiError::new(404, error::ErrorType::RouteNotFound, "There is no such endpoint in this emulator.") };
    Router::new()
        .route("/", axum::routing::get(page::index))
        .route("/_console/console.js", axum::routing::get(page::script))
        // The SDK and backend APIs, and at the root the stand-ins (GIS, DFP, reCAPTCHA) and
        // the discovery documents.
        .merge(routes::router())
        .merge(control::router())
        .merge(extra)
        .fallback(not_found)
        .method_not_allowed_fallback(|| async {
            error::ApiError::new(405, error::ErrorType::MethodNotAllowed, "This endpoint does not take that method.")
        })
        // Innermost first. A panicking handler becomes a 500 and the state stays usable.
        .layer(CatchPanicLayer::custom(guard::panic_response))
        // dfp24: DFP Protected Auth and captcha stop a protected SDK call before its handler
        // (inside the request log, which records what they decided).
        .layer(middleware::from_fn_with_state(app.clone(), protected_auth::enforce))
        .layer(middleware::from_fn_with_state(app.clone(), control::middleware::inject_faults))
        .layer(middleware::from_fn_with_state(app.clone(), control::middleware::record_requests))
        .layer(middleware::from_fn_with_state(app.clone(), control::middleware::persist_changes))
        .layer(middleware::from_fn_with_state(app.clone(), guard::read_body))
        .layer(middleware::from_fn_with_state(app.clone(), guard::control_origin))
        .layer(middleware::from_fn_with_state(app.clone(), guard::allowed_host))
        .layer(middleware::from_fn(guard::json_errors))
        // scim24: the SCIM 2.0 service's errors in SCIM's shape (outside `json_errors`, so
        // that every error of its paths is reshaped once).
        .layer(middleware::from_fn(scim::service_errors))
        .layer(middleware::from_fn(guard::page_headers))
        .layer(cors)
        .with_state(app)
}
