//! Member sessions: `sessions.authenticate` (refresh, optionally extend), `sessions.revoke`,
//! and on the backend API `sessions.get` (a member's live sessions).

use axum::{
    extract::{Query, State},
    Json,
};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::checks::{check_member, session_minutes};
use crate::error::{ApiError, ApiResult};
use crate::extract::{BodySession, Caller, Payload};
use crate::member_sessions::{require_session, touch_session, unsigned_session_response};
use crate::render::Object;
use crate::render;
use crate::state::App;

#[derive(Deserialize)]
pub struct AuthenticateRequest {
    session_duration_minutes: Option<i64>,
    #[serde(flatten)]
    session: BodySession,
}

pub async fn authenticate(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<AuthenticateRequest>,
) -> ApiResult<Json<Value>> {
    let minutes = req.session_duration_minutes.map(|m| session_minutes(Some(m))).transpose()?;
    let keys = app.keys();
    let (mut response, claims) = {
        let mut w = app.world();
        let session = caller.session_token(&w, &keys, &req.session)?;
        let token = require_session(&w, session.as_deref())?;
        touch_session(&mut w, &token, None, minutes);
        unsigned_session_response(&w, &token)
    };
    response.session_jwt = keys.sign(&claims);
    Ok(caller.respond(response))
}

/// SDK: revokes the caller's session.
pub async fn revoke(State(app): State<App>, caller: Caller) -> ApiResult<Json<Value>> {
    let mut w = app.world();
    let session = caller.session_token(&w, &app.keys(), &BodySession::default())?;
    let token = require_session(&w, session.as_deref())?;
    w.member_sessions.remove(&token);
    Ok(caller.respond(Object::new()))
}

#[derive(Deserialize)]
pub struct BackendRevokeRequest {
    member_session_id: Option<String>,
    member_id: Option<String>,
    #[serde(flatten)]
    session: BodySession,
}

/// Backend: revokes one session (by id, token or JWT) or every session of a member.
pub async fn backend_revoke(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<BackendRevokeRequest>,
) -> ApiResult<Json<Value>> {
    let mut w = app.world();
    let by_session = caller.session_token(&w, &app.keys(), &req.session)?;
    let by_id = req.member_session_id.as_deref().filter(|s| !s.is_empty());
    let member_id = req.member_id.as_deref().filter(|s| !s.is_empty());
    let given = [by_session.is_some(), by_id.is_some(), member_id.is_some()].iter().filter(|g| **g).count();
    if given != 1 {
        return Err(ApiError::bad_request(
            "Pass exactly one of member_session_id, session_token, session_jwt or member_id.",
        ));
    }
    if let Some(token) = by_session {
        let token = require_session(&w, Some(&token))?;
        w.member_sessions.remove(&token);
    } else if let Some(id) = by_id {
        let before = w.member_sessions.len();
        w.member_sessions.retain(|_, s| s.member_session_id != id);
        if w.member_sessions.len() == before {
            return Err(ApiError::session_not_found());
        }
    } else if let Some(member_id) = member_id {
        if !w.members.contains_key(member_id) {
            return Err(ApiError::member_not_found());
        }
        w.member_sessions.retain(|_, s| s.member_id != member_id);
    }
    Ok(caller.respond(Object::new()))
}

#[derive(Deserialize)]
pub struct GetQuery {
    #[serde(default)]
    organization_id: String,
    #[serde(default)]
    member_id: String,
}

/// Backend: a member's live sessions, newest first.
pub async fn get(State(app): State<App>, caller: Caller, Query(q): Query<GetQuery>) -> ApiResult<Json<Value>> {
    let w = app.world();
    check_member(&w, &q.organization_id, &q.member_id)?;
    let org = &w.organizations[&q.organization_id];
    let mut sessions: Vec<_> = w.member_sessions.values().filter(|s| s.member_id == q.member_id).collect();
    sessions.sort_by_key(|s| std::cmp::Reverse(s.started_at));
    let mut out = Object::new();
    out.insert(
        "member_sessions".into(),
        json!(sessions.into_iter().map(|s| render::member_session(s, org)).collect::<Vec<_>>()),
    );
    Ok(caller.respond(out))
}
