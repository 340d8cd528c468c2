//! The console: `GET /` and its script, a page a developer drives over the control API
//! (organizations and their MFA policies, members, consumer users, live sessions, the outbox,
//! the request log, the clock, faults, reset, export and import). The files live in
//! `emulator/console/` and are compiled in, so the binary needs nothing beside it.

use axum::{http::header, response::IntoResponse};

pub async fn index() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], include_str!("../console/index.html"))
}

pub async fn script() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], include_str!("../console/console.js"))
}
