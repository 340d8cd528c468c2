//! User sessions: `GET /v1/sessions`, `POST /v1/sessions/authenticate`, `.../revoke`.

use stytch_b2b_protocol::consumer as pc;
use stytch_b2b_protocol::consumer::{SessionAuthenticateRequest, SessionRevokeRequest, SessionsGetQuery};

use super::{auth_response, caller_session, optional_minutes, user_not_found};
use crate::env::Env;
use crate::error::{ApiError, ApiResult};
use crate::extract::Sent;
use crate::model::World;
use crate::render::{self, Object};
use crate::sessions::Unsigned;

/// `sessions.authenticate`: the named session, touched (and extended from now when the
/// request names a length), with its user; the handler signs the fresh JWT off the lock.
pub fn authenticate(w: &mut World, env: &Env, req: Sent<SessionAuthenticateRequest>) -> ApiResult<Unsigned<pc::AuthenticateResponse>> {
    let minutes = optional_minutes(req.options.session_duration_minutes)?;
    let token = caller_session(w, env, &req.session)?.ok_or_else(|| ApiError::bad_request("Pass session_token or session_jwt."))?;
    let s = w.user_sessions.get_mut(&token).expect("checked by caller_session");
    crate::sessions::touch(s, env.now, None, minutes);
    let user_id = s.user_id.clone();
    Ok(auth_response(w, env, &user_id, Some(&token)))
}

/// `sessions.revoke`: one session, by id, token or JWT.
pub fn revoke(w: &mut World, env: &Env, req: Sent<SessionRevokeRequest>) -> ApiResult<Object> {
    let by_token = caller_session(w, env, &req.session)?;
    match (by_token, req.options.session_id.filter(|s| !s.is_empty())) {
        (Some(token), None) => {
            w.user_sessions.remove(&token);
        }
        (None, Some(id)) => crate::sessions::revoke_by_id(&mut w.user_sessions, &id)?,
        _ => return Err(ApiError::bad_request("Pass exactly one of session_id, session_token or session_jwt.")),
    }
    Ok(Object::new())
}

/// `GET /v1/sessions`: the user's live sessions, newest first.
pub fn get(w: &mut World, _env: &Env, q: SessionsGetQuery) -> ApiResult<pc::SessionsResponse> {
    if !w.users.contains_key(&q.user_id) {
        return Err(user_not_found());
    }
    let sessions = crate::sessions::of_owner(&w.user_sessions, &q.user_id);
    Ok(pc::SessionsResponse { sessions: sessions.into_iter().map(render::user_session).collect() })
}
