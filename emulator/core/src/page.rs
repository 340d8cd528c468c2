//! The console: `GET /` and its script, a page a developer drives over the control API
//! (organizations and their MFA policies, members, consumer users, live sessions, the outbox,
//! the request log, the clock, faults, reset, export and import). The files live in
//! `emulator/console/` and are compiled in, so the binary needs nothing beside it.

use axum::{http::header, response::IntoResponse};

/// The console's CSP: its one script and the control API from its own origin, its inline
/// stylesheet, no forms. `guard::page_headers` adds that no page may frame it.
const CONSOLE_POLICY: &str =
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

pub async fn index() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CONTENT_SECURITY_POLICY, CONSOLE_POLICY)],
        include_str!("../../console/index.html"),
    )
}

pub async fn script() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], include_str!("../../console/console.js"))
}
