//! Stytch's consumer backend API (`/v1/users`, `/v1/passwords`, `/v1/otps`, `/v1/sessions`):
//! what the consumer MFA guide's server calls, authorised by the consumer project's
//! credentials. Users, their sessions and passcodes belong to the consumer project (its own
//! id, secret and signing key); the lock and SMS limits are set in the seed's `project`.

use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult, ErrorType};
use crate::extract::{body_session, BodySession};
use crate::ids::{new_id, new_secret};
use crate::jwt::Keys;
use crate::limits::make_room;
use crate::model::{merge_factor, Factor, UserSession, World};
use crate::render::Object;
use crate::render;

pub mod otps;
pub mod passwords;
pub mod sessions;
pub mod users;

/// The consumer session named by a body's `session_token` or `session_jwt`, if any; a
/// named session that does not exist (or has ended) is `session_not_found`.
pub fn caller_session(w: &World, keys: &Keys, body: &BodySession) -> ApiResult<Option<String>> {
    let token = body_session(w, keys, &w.consumer_project.project_id, body, |w, id| {
        w.user_sessions.iter().find(|(_, s)| s.session_id == id).map(|(t, _)| t.clone())
    })?;
    match token {
        Some(t) if !w.user_sessions.contains_key(&t) => Err(ApiError::session_not_found()),
        other => Ok(other),
    }
}

/// After a factor is proven: adds it to the caller's session (extending it when `minutes`
/// is given), or starts a session when `minutes` is given, or, as on Stytch, starts none.
pub fn attach_factor(
    w: &mut World,
    user_id: &str,
    session: Option<String>,
    factor: Factor,
    minutes: Option<i64>,
) -> ApiResult<Option<String>> {
    let now = w.now();
    if let Some(u) = w.users.get_mut(user_id) {
        u.lock = Default::default();
    }
    if let Some(token) = session {
        let s = w.user_sessions.get_mut(&token).ok_or_else(ApiError::session_not_found)?;
        if s.user_id != user_id {
            return Err(ApiError::new(400, ErrorType::SessionUserMismatch, "The session belongs to another user."));
        }
        merge_factor(&mut s.factors, factor);
        s.last_accessed_at = now;
        if let Some(m) = minutes {
            s.expires_at = now.saturating_add(m * 60);
        }
        return Ok(Some(token));
    }
    let Some(minutes) = minutes else { return Ok(None) };
    let token = new_secret();
    make_room(&mut w.user_sessions, user_id, |s| (&s.user_id, s.started_at));
    w.user_sessions.insert(
        token.clone(),
        UserSession {
            session_id: new_id("session"),
            user_id: user_id.to_string(),
            started_at: now,
            last_accessed_at: now,
            expires_at: now.saturating_add(minutes * 60),
            factors: vec![factor],
        },
    );
    Ok(Some(token))
}

/// `session_duration_minutes` for consumer calls: optional (no session without it).
pub fn optional_minutes(requested: Option<i64>) -> ApiResult<Option<i64>> {
    requested.map(|m| crate::checks::session_minutes(Some(m))).transpose()
}

/// `{user_id, user, session_token, session_jwt, session}`; the session fields are empty
/// when no session was started.
pub fn auth_response(w: &World, keys: &Keys, user_id: &str, token: Option<&str>) -> Object {
    let now = w.now();
    let mut out = Object::new();
    out.insert("user_id".into(), json!(user_id));
    out.insert("user".into(), json!(render::user(&w.users[user_id], now)));
    match token.and_then(|t| w.user_sessions.get(t).map(|s| (t, s))) {
        Some((t, s)) => {
            out.insert("session_token".into(), json!(t));
            out.insert("session_jwt".into(), json!(render::user_session_jwt(keys, &w.consumer_project, s, now)));
            out.insert("session".into(), json!(render::user_session(s)));
        }
        None => {
            out.insert("session_token".into(), json!(""));
            out.insert("session_jwt".into(), json!(""));
            out.insert("session".into(), Value::Null);
        }
    }
    out
}

pub fn user_not_found() -> ApiError {
    ApiError::new(404, ErrorType::UserNotFound, "User could not be found.")
}
