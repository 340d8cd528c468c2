//! Member sessions: `session.authenticate` (refresh, optionally extend) and `session.revoke`.

use axum::{extract::State, Json};
use serde::Deserialize;
use serde_json::Value;

use super::data;
use crate::error::ApiResult;
use crate::extract::{Caller, Payload};
use crate::flows::{require_session, session_minutes, session_response, touch_session, Object};
use crate::state::App;

#[derive(Deserialize)]
pub struct AuthenticateRequest {
    session_duration_minutes: Option<i64>,
}

pub async fn authenticate(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<AuthenticateRequest>,
) -> ApiResult<Json<Value>> {
    let minutes = req.session_duration_minutes.map(|m| session_minutes(Some(m))).transpose()?;
    let mut w = app.world();
    let token = require_session(&w, caller.session_token.as_deref())?;
    touch_session(&mut w, &token, None, minutes);
    Ok(data(session_response(&w, app.keys(), &token)))
}

pub async fn revoke(State(app): State<App>, caller: Caller) -> ApiResult<Json<Value>> {
    let mut w = app.world();
    let token = require_session(&w, caller.session_token.as_deref())?;
    w.member_sessions.remove(&token);
    Ok(data(Object::new()))
}
