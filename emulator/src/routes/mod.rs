//! The frontend-SDK API (`/sdk/v1/...`), one module per product, plus the JWKS endpoint.

use axum::{
    routing::{get, post},
    Json, Router,
};
use serde_json::{json, Value};

use crate::flows::Object;
use crate::state::App;

mod discovery;
mod magic_links;
mod otps;
mod passwords;
mod project;
mod recovery_codes;
mod sessions;
mod totps;

pub fn router() -> Router<App> {
    Router::new()
        .route("/sdk/v1/projects/bootstrap/{public_token}", get(project::bootstrap))
        .route("/sdk/v1/events", post(project::events))
        .route("/v1/b2b/sessions/jwks/{project_id}", get(project::jwks))
        .route("/sdk/v1/b2b/passwords/authenticate", post(passwords::authenticate))
        .route("/sdk/v1/b2b/magic_links/email/login_or_signup", post(magic_links::login_or_signup))
        .route("/sdk/v1/b2b/magic_links/authenticate", post(magic_links::authenticate))
        .route("/sdk/v1/b2b/otps/sms/send", post(otps::sms_send))
        .route("/sdk/v1/b2b/otps/sms/authenticate", post(otps::sms_authenticate))
        .route("/sdk/v1/b2b/totp", post(totps::create))
        .route("/sdk/v1/b2b/totp/authenticate", post(totps::authenticate))
        .route("/sdk/v1/b2b/recovery_codes", get(recovery_codes::get))
        .route("/sdk/v1/b2b/recovery_codes/recover", post(recovery_codes::recover))
        .route("/sdk/v1/b2b/recovery_codes/rotate", post(recovery_codes::rotate))
        .route("/sdk/v1/b2b/sessions/authenticate", post(sessions::authenticate))
        .route("/sdk/v1/b2b/sessions/revoke", post(sessions::revoke))
        .route("/sdk/v1/b2b/discovery/intermediate_sessions/exchange", post(discovery::exchange))
}

/// A success body: the `{"data": ...}` envelope with `request_id` and `status_code`.
pub fn data(mut inner: Object) -> Json<Value> {
    inner.insert("request_id".into(), json!(crate::util::request_id()));
    inner.insert("status_code".into(), json!(200));
    Json(json!({ "data": inner }))
}

pub fn object(v: Value) -> Object {
    match v {
        Value::Object(m) => m,
        _ => Object::new(),
    }
}
