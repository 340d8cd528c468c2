//! Consumer sessions: `GET /v1/sessions`, `POST /v1/sessions/authenticate`, `.../revoke`.

use axum::{
    extract::{Query, State},
    Json,
};
use serde::Deserialize;
use serde_json::{json, Value};

use super::{auth_response, caller_session, optional_minutes, user_not_found};
use crate::error::{ApiError, ApiResult};
use crate::extract::{BodySession, ConsumerCaller, Payload};
use crate::render::Object;
use crate::render;
use crate::state::App;

#[derive(Deserialize)]
pub struct AuthenticateRequest {
    session_duration_minutes: Option<i64>,
    #[serde(flatten)]
    session: BodySession,
}

/// Answers `{session, session_token, session_jwt, user}` with a fresh JWT; extends the
/// session when `session_duration_minutes` is given.
pub async fn authenticate(
    State(app): State<App>,
    caller: ConsumerCaller,
    Payload(req): Payload<AuthenticateRequest>,
) -> ApiResult<Json<Value>> {
    let minutes = optional_minutes(req.session_duration_minutes)?;
    let mut w = app.world();
    let token = caller_session(&w, &app.consumer_keys(), &req.session)?.ok_or_else(|| ApiError::bad_request("Pass session_token or session_jwt."))?;
    let now = w.now();
    let s = w.user_sessions.get_mut(&token).expect("checked by caller_session");
    s.last_accessed_at = now;
    if let Some(m) = minutes {
        s.expires_at = now.saturating_add(m * 60);
    }
    let user_id = s.user_id.clone();
    Ok(caller.respond(auth_response(&w, &app.consumer_keys(), &user_id, Some(&token))))
}

#[derive(Deserialize)]
pub struct RevokeRequest {
    session_id: Option<String>,
    #[serde(flatten)]
    session: BodySession,
}

pub async fn revoke(State(app): State<App>, caller: ConsumerCaller, Payload(req): Payload<RevokeRequest>) -> ApiResult<Json<Value>> {
    let mut w = app.world();
    let by_token = caller_session(&w, &app.consumer_keys(), &req.session)?;
    match (by_token, req.session_id.filter(|s| !s.is_empty())) {
        (Some(token), None) => {
            w.user_sessions.remove(&token);
        }
        (None, Some(id)) => {
            let before = w.user_sessions.len();
            w.user_sessions.retain(|_, s| s.session_id != id);
            if w.user_sessions.len() == before {
                return Err(ApiError::session_not_found());
            }
        }
        _ => return Err(ApiError::bad_request("Pass exactly one of session_id, session_token or session_jwt.")),
    }
    Ok(caller.respond(Object::new()))
}

#[derive(Deserialize)]
pub struct GetQuery {
    #[serde(default)]
    user_id: String,
}

pub async fn get(State(app): State<App>, caller: ConsumerCaller, Query(q): Query<GetQuery>) -> ApiResult<Json<Value>> {
    let w = app.world();
    if !w.users.contains_key(&q.user_id) {
        return Err(user_not_found());
    }
    let mut sessions: Vec<_> = w.user_sessions.values().filter(|s| s.user_id == q.user_id).collect();
    sessions.sort_by_key(|s| std::cmp::Reverse(s.started_at));
    let mut out = Object::new();
    out.insert("sessions".into(), json!(sessions.into_iter().map(render::user_session).collect::<Vec<_>>()));
    Ok(caller.respond(out))
}
