//! Member sessions: finding the caller's, starting one, adding a factor to one, and the
//! session answer with its JWT.

use stytch_b2b_protocol as pm;

use crate::env::Env;
use crate::error::{ApiError, ApiResult};
use crate::lockout::record_success;
use crate::model::{Factor, MemberSession, World};
use crate::render;
use crate::sessions::{expiry, Unsigned};

/// The caller's member session, if its Authorization carried a session token.
/// A token that is unknown or expired is an error, as on Stytch.
pub fn caller_session(w: &World, session_token: Option<&str>) -> ApiResult<Option<String>> {
    crate::sessions::find(&w.member_sessions, session_token)
}

pub fn require_session(w: &World, session_token: Option<&str>) -> ApiResult<String> {
    caller_session(w, session_token)?.ok_or_else(ApiError::session_not_found)
}

pub fn create_session(w: &mut World, env: &Env, member_id: &str, organization_id: &str, factors: Vec<Factor>, minutes: i64) -> String {
    record_success(w, member_id);
    let now = env.now;
    let token = env.generate.secret();
    let session = MemberSession {
        member_session_id: env.generate.id("member-session"),
        member_id: member_id.to_string(),
        organization_id: organization_id.to_string(),
        started_at: now,
        last_accessed_at: now,
        expires_at: expiry(now, minutes),
        factors,
    };
    crate::sessions::start(&mut w.member_sessions, env.limits.sessions_per_member, &token, session);
    token
}

/// Adds a factor to an existing session; `minutes`, when given, extends it from now (not an
/// impersonated one).
pub fn touch_session(w: &mut World, env: &Env, token: &str, factor: Option<Factor>, minutes: Option<i64>) {
    let now = env.now;
    let s = w.member_sessions.get_mut(token).expect("session checked before");
    // An impersonated session keeps the length it started with (Stytch's rule, scim24).
    let minutes = minutes.filter(|_| !crate::model::is_impersonated(&s.factors));
    let proven = factor.is_some();
    crate::sessions::touch(s, now, factor, minutes);
    if proven {
        let member_id = s.member_id.clone();
        record_success(w, &member_id);
    }
}

/// The member session of `token`, with its member, organization and both tokens.
pub fn session_response(w: &World, env: &Env, token: &str) -> pm::SessionResponse {
    unsigned_session_response(w, env.now, token).sign(env.keys)
}

/// A session answer whose JWT is not made yet, and the JWT's claims (see `sessions::Unsigned`).
pub type UnsignedSession = Unsigned<pm::SessionResponse>;

/// The same without the JWT, and the JWT's claims: a caller that signs them after releasing
/// the world lock lets other requests go on during the RSA signature (most of the time of a
/// session refresh).
pub fn unsigned_session_response(w: &World, now: i64, token: &str) -> UnsignedSession {
    let s = &w.member_sessions[token];
    let org = &w.organizations[&s.organization_id];
    let member = &w.members[&s.member_id];
    let response = pm::SessionResponse {
        member_id: s.member_id.clone(),
        organization_id: s.organization_id.clone(),
        member: render::member_in(w, member, now),
        organization: render::organization(org),
        member_session: render::member_session_in(w, s),
        session_token: token.to_string(),
        ..Default::default()
    };
    let mut claims = render::session_jwt_claims(&w.project, s, org, now);
    claims[crate::extract::SESSION_CLAIM]["roles"] = serde_json::json!(crate::rbac::role_ids(w, member));
    Unsigned::new(response, Some(claims))
}
