//! Stytch's consumer backend API (`/v1/users`, `/v1/passwords`, `/v1/otps`, `/v1/sessions`):
//! what the consumer MFA guide's server calls, as operations (see `ops`). Users, their
//! sessions and passcodes belong to the consumer project (its own id, secret and signing key:
//! `Env::keys` is the consumer project's here, see `App::operate_consumer`); the lock and SMS
//! limits are set in the seed's `project`. There is one API and one credential, so an
//! operation takes no caller: the user session a call names travels in its body.

use stytch_b2b_protocol::consumer as pc;

use crate::env::Env;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::extract::{body_session, BodySession};
use crate::model::{Factor, UserSession, World};
use crate::render;
use crate::sessions::{expiry, Unsigned};

pub mod otps;
pub mod passwords;
pub mod sessions;
pub mod users;

/// The user session named by a body's `session_token` or `session_jwt`, if any; a named
/// session that does not exist (or has ended) is `session_not_found`.
pub fn caller_session(w: &World, env: &Env, body: &BodySession) -> ApiResult<Option<String>> {
    let token =
        body_session(w, env.keys, &w.consumer_project.project_id, body, |w, id| crate::sessions::token_by_id(&w.user_sessions, id))?;
    crate::sessions::find(&w.user_sessions, token.as_deref())
}

/// A factor proven for `user_id` may join the caller's session only if it is that user's:
/// checked before anything (a code, a failure count) is spent.
pub fn check_session_owner(w: &World, session: Option<&str>, user_id: &str) -> ApiResult<()> {
    match session.and_then(|t| w.user_sessions.get(t)) {
        Some(s) if s.user_id != user_id => Err(ApiError::new(400, ErrorType::SessionUserMismatch, "The session belongs to another user.")),
        _ => Ok(()),
    }
}

/// After a factor is proven (and [`check_session_owner`] passed): clears the user's failure
/// count and adds the factor to the caller's session (extending it when `minutes` is given),
/// or starts a session when `minutes` is given, or, as on Stytch, starts none.
pub fn attach_factor(
    w: &mut World,
    env: &Env,
    user_id: &str,
    session: Option<String>,
    factor: Factor,
    minutes: Option<i64>,
) -> Option<String> {
    if let Some(u) = w.users.get_mut(user_id) {
        u.lock = Default::default();
    }
    if let Some(token) = session {
        let s = w.user_sessions.get_mut(&token).expect("session checked before");
        crate::sessions::touch(s, env.now, Some(factor), minutes);
        return Some(token);
    }
    let minutes = minutes?;
    let token = env.generate.secret();
    let session = UserSession {
        session_id: env.generate.id("session"),
        user_id: user_id.to_string(),
        started_at: env.now,
        last_accessed_at: env.now,
        expires_at: expiry(env.now, minutes),
        factors: vec![factor],
    };
    crate::sessions::start(&mut w.user_sessions, env.limits.sessions_per_member, &token, session);
    Some(token)
}

/// `session_duration_minutes` for consumer calls: optional (no session without it).
pub fn optional_minutes(requested: Option<i64>) -> ApiResult<Option<i64>> {
    requested.map(|m| crate::checks::session_minutes(Some(m))).transpose()
}

/// `{user_id, user, session_token, session_jwt, session}`, the JWT still to be signed; the
/// session fields are empty when no session was started.
pub fn auth_response(w: &World, env: &Env, user_id: &str, token: Option<&str>) -> Unsigned<pc::AuthenticateResponse> {
    let mut out =
        pc::AuthenticateResponse { user_id: user_id.to_string(), user: render::user(&w.users[user_id], env.now), ..Default::default() };
    let Some((token, s)) = token.and_then(|t| w.user_sessions.get(t).map(|s| (t, s))) else {
        return Unsigned::new(out, None);
    };
    out.session_token = token.to_string();
    out.session = Some(render::user_session(s));
    Unsigned::new(out, Some(render::user_session_jwt_claims(&w.consumer_project, s, env.now)))
}

pub fn user_not_found() -> ApiError {
    ApiError::new(404, ErrorType::UserNotFound, "User could not be found.")
}
