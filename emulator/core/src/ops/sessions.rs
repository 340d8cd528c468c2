//! Member sessions: `sessions.authenticate` (refresh, optionally extend), `sessions.revoke`,
//! and on the backend API `sessions.get` (a member's live sessions).

use serde_json::json;

use stytch_b2b_protocol as pm;
use stytch_b2b_protocol::backend::{SessionsGetQuery, SessionsRevokeRequest};
use stytch_b2b_protocol::requests::{
    SessionAttestOptions, SessionAuthenticateOptions, SessionExchangeAccessTokenOptions, SessionExchangeOptions,
};

use crate::checks::{check_member, require, session_minutes};
use crate::env::Env;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::extract::{BodySession, Caller, Sent};
use crate::member_sessions::{
    caller_session, create_session, require_session, session_response, touch_session, unsigned_session_response, UnsignedSession,
};
use crate::model::World;
use crate::model::{Factor, FactorKind};
use crate::ops::discovery::member_or_join;
use crate::ops::members::Scope;
use crate::primary::complete_primary_factors;
use crate::rbac_policy;
use crate::render::{self, Object};

/// `sessions.authenticate`: the caller's session, touched (and extended from now when the
/// request names a length). The answer's JWT is signed by the handler, off the lock.
pub fn authenticate(w: &mut World, env: &Env, caller: &Caller, req: Sent<SessionAuthenticateOptions>) -> ApiResult<UnsignedSession> {
    let minutes = req.options.session_duration_minutes.map(|m| session_minutes(Some(m))).transpose()?;
    let session = caller.session_token(w, env.keys, &req.session)?;
    let token = require_session(w, session.as_deref())?;
    touch_session(w, env, &token, None, minutes);
    Ok(unsigned_session_response(w, env.now, &token))
}

/// SDK `sessions.revoke`: revokes the caller's session.
pub fn revoke(w: &mut World, env: &Env, caller: &Caller) -> ApiResult<Object> {
    let session = caller.session_token(w, env.keys, &BodySession::default())?;
    let token = require_session(w, session.as_deref())?;
    w.member_sessions.remove(&token);
    Ok(Object::new())
}

/// Backend `sessions.revoke`: one session (by id, token or JWT) or every session of a member.
pub fn backend_revoke(w: &mut World, env: &Env, caller: &Caller, req: Sent<SessionsRevokeRequest>) -> ApiResult<Object> {
    let by_session = caller.session_token(w, env.keys, &req.session)?;
    let by_id = req.options.member_session_id.as_deref().filter(|s| !s.is_empty());
    let member_id = req.options.member_id.as_deref().filter(|s| !s.is_empty());
    let given = [by_session.is_some(), by_id.is_some(), member_id.is_some()].iter().filter(|g| **g).count();
    if given != 1 {
        return Err(ApiError::bad_request("Pass exactly one of member_session_id, session_token, session_jwt or member_id."));
    }
    if let Some(token) = by_session {
        let token = require_session(w, Some(&token))?;
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
    Ok(Object::new())
}

/// `session.exchange` (#22 flows): the caller's member session carried into another
/// organization the same email belongs to (or may join by its domain). Its primary factors
/// travel; MFA never does, so an organization that requires MFA answers an IST and
/// `mfa_required`, and one that restricts its primary factors `primary_required`. The
/// session left stays valid.
pub fn exchange(w: &mut World, env: &Env, caller: &Caller, sent: Sent<SessionExchangeOptions>) -> ApiResult<pm::AuthenticateResponse> {
    let req = &sent.options;
    require("organization_id", &req.organization_id)?;
    let minutes = session_minutes(Some(req.session_duration_minutes))?;
    let session = caller.session_token(w, env.keys, &sent.session)?;
    let token = require_session(w, session.as_deref())?;
    if !w.organizations.contains_key(&req.organization_id) {
        return Err(ApiError::organization_not_found());
    }
    let s = &w.member_sessions[&token];
    let email = w.members[&s.member_id].email_address.clone();
    let primary: Vec<Factor> = s.factors.iter().filter(|f| !f.kind.is_mfa()).cloned().collect();
    let email_proven = primary.iter().any(|f| f.kind.proves_email());
    let target = member_or_join(w, env, &req.organization_id, &email, email_proven)?;
    let member = &w.members[&target];
    let carried = primary.into_iter().map(|f| Factor { kind: f.kind.for_member(member), ..f }).collect();
    // The old session is another member's (unless the organization is its own): it is
    // neither extended nor given these factors, and a new session or IST starts.
    complete_primary_factors(w, env, Some(&token), None, &target, carried, minutes)
}

/// SDK `session.revokeForMember` (#22 flows): every session of a member of the caller's
/// organization. A member may always revoke their own; another's takes an admin (Stytch's
/// `stytch.member` `revoke_sessions` permission, which its default `stytch_admin` role holds).
pub fn revoke_for_member(w: &mut World, env: &Env, caller: &Caller, member_id: String) -> ApiResult<Object> {
    // RBAC as Stytch documents it: `revoke-sessions` on `stytch.member`, or on `stytch.self`
    // for one's own sessions; and the frontend SDK's member actions must be on.
    let scope = Scope::of_session(w, env, caller)?;
    w.members.get(&member_id).filter(|m| m.organization_id == scope.organization_id).ok_or_else(ApiError::member_not_found)?;
    scope.authorize(w, rbac_policy::MEMBER, &["revoke-sessions"], Some(&member_id))?;
    w.member_sessions.retain(|_, s| s.member_id != member_id);
    Ok(Object::new())
}

/// `session.exchangeAccessToken` (rest22): a Connected Apps access token back into a member
/// session. The emulator issues no access tokens yet (it has no Connected Apps authorization
/// server), so after the checks every token is one Stytch would refuse as no valid grant.
pub fn exchange_access_token(
    w: &mut World,
    env: &Env,
    _caller: &Caller,
    req: SessionExchangeAccessTokenOptions,
) -> ApiResult<pm::AuthenticateResponse> {
    require("access_token", &req.access_token)?;
    let minutes = session_minutes(Some(req.session_duration_minutes))?;
    let refused = |why: &str| {
        ApiError::new(
            400,
            ErrorType::OauthAccessTokenExchangeTokenInvalidGrant,
            format!("The access token cannot become a session: {why}."),
        )
    };
    let claims = crate::ops::oauth_server::live_access_token(w, env, &req.access_token)
        .ok_or_else(|| refused("it is not a live access token this project issued"))?;
    if !claims["scope"].as_str().unwrap_or_default().split_whitespace().any(|s| s == "full_access") {
        return Err(refused("it was not granted the full_access scope"));
    }
    let member_id = claims["sub"].as_str().unwrap_or_default();
    let organization_id = claims["https://stytch.com/organization"]["organization_id"].as_str().unwrap_or_default();
    let member =
        w.members.get(member_id).filter(|m| m.organization_id == organization_id && m.status == stytch_b2b_protocol::MemberStatus::Active);
    let member_id = member.ok_or_else(|| refused("its member is no longer active"))?.member_id.clone();
    let client_id = claims["client_id"].as_str().unwrap_or_default().to_string();
    // Every check passed: a session starts, as Stytch's answer has no IST, no MFA step.
    let factor = Factor::new(FactorKind::AccessTokenExchange { client_id }, env.now);
    let token = create_session(w, env, &member_id, organization_id, vec![factor], minutes);
    Ok(pm::AuthenticateResponse::authenticated(session_response(w, env, &token)))
}

/// `session.attest` (rest22): a JWT minted elsewhere, accepted by one of the project's trusted
/// auth token profiles (`trusted_tokens`), as a session of the member its email claim names, in
/// the organization of its organization claim or of the request. A token is accepted once. With
/// a session in the request (the member's own) the factor is added to it; otherwise a session
/// starts. The member must exist unless the profile may provision it. Stytch's answer carries
/// no IST, so no MFA step is asked.
pub fn attest(w: &mut World, env: &Env, caller: &Caller, sent: Sent<SessionAttestOptions>) -> ApiResult<pm::AuthenticateResponse> {
    let req = sent.options;
    require("profile_id", &req.profile_id)?;
    require("token", &req.token)?;
    let minutes = session_minutes(Some(req.session_duration_minutes))?;
    let session = caller.session_token(w, env.keys, &sent.session)?;
    let session = caller_session(w, session.as_deref())?;
    let requested = req.organization_id.filter(|id| !id.is_empty());
    if requested.as_ref().is_some_and(|id| !w.organizations.contains_key(id)) {
        return Err(ApiError::organization_not_found());
    }
    let profile = w.project.trusted_token_profiles.iter().find(|p| p.profile_id == req.profile_id).ok_or_else(|| {
        ApiError::new(404, ErrorType::TrustedTokenProfileNotFound, "The project has no trusted auth token profile with this profile_id.")
    })?;
    let invalid =
        |why: &str| ApiError::new(401, ErrorType::InvalidTrustedAuthToken, format!("The trusted auth token is not valid: {why}."));
    let attested = profile.verify(&req.token, env.now).ok_or_else(|| {
        invalid("no key of the profile signed it, or its issuer, audience or expiry is wrong, or it lacks the mapped email or token id")
    })?;
    let spent = format!("{} {}", profile.profile_id, attested.token_id);
    if w.attested_tokens.contains_key(&spent) {
        return Err(invalid("this token id was already attested"));
    }
    let organization_id = match (attested.organization_id, requested) {
        (Some(claimed), Some(named)) if claimed != named => {
            return Err(ApiError::bad_request("organization_id: differs from the token's organization claim"))
        }
        (Some(id), _) | (None, Some(id)) => id,
        (None, None) => return Err(ApiError::bad_request("organization_id: required when the token has no organization claim")),
    };
    if !w.organizations.contains_key(&organization_id) {
        return Err(ApiError::organization_not_found());
    }
    let existing = w.member_by_email(&organization_id, &attested.email).map(|m| m.member_id.clone());
    if existing.is_none() {
        if !profile.can_jit_provision {
            return Err(ApiError::new(
                404,
                ErrorType::MemberNotFound,
                "No member of the organization has the token's email, and the profile does not provision members.",
            ));
        }
        crate::checks::check_email(&attested.email)?;
        crate::jit::check_room(w, &organization_id)?;
    }
    if let Some(token) = &session {
        let s = &w.member_sessions[token];
        if existing.as_deref() != Some(s.member_id.as_str()) {
            return Err(ApiError::new(
                400,
                ErrorType::SessionMemberMismatch,
                "The session belongs to another member than the token names.",
            ));
        }
    }
    // Every check passed: from here on the world changes.
    w.attested_tokens.insert(spent, attested.expires_at);
    let member_id = match existing {
        Some(id) => id,
        None => {
            let member = crate::ops::organizations::new_member(env, &organization_id, &attested.email);
            let id = member.member_id.clone();
            w.members.insert(id.clone(), member);
            id
        }
    };
    let m = crate::checks::member_mut(w, &member_id);
    m.status = stytch_b2b_protocol::MemberStatus::Active;
    m.updated_at = env.now;
    let factor = Factor::new(FactorKind::TrustedAuthToken { token_id: attested.token_id }, env.now);
    let token = match session {
        Some(token) => {
            touch_session(w, env, &token, Some(factor), Some(minutes));
            token
        }
        None => create_session(w, env, &member_id, &organization_id, vec![factor], minutes),
    };
    Ok(pm::AuthenticateResponse::authenticated(session_response(w, env, &token)))
}

/// Backend `sessions.get`: a member's live sessions, newest first.
pub fn get(w: &mut World, _env: &Env, _caller: &Caller, q: SessionsGetQuery) -> ApiResult<Object> {
    check_member(w, &q.organization_id, &q.member_id)?;
    let mut sessions: Vec<_> = w.member_sessions.values().filter(|s| s.member_id == q.member_id).collect();
    sessions.sort_by_key(|s| std::cmp::Reverse(s.started_at));
    let mut out = Object::new();
    out.insert("member_sessions".into(), json!(sessions.into_iter().map(|s| render::member_session_in(w, s)).collect::<Vec<_>>()));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::testing::Numbered;
    use crate::jwt::Keys;
    use crate::member_sessions::create_session;
    use crate::seed::{Seed, DEFAULT_SEED};

    const GLOBEX: &str = stytch_testkit::GLOBEX;
    const GLOBEX_MEMBER: &str = stytch_testkit::GLOBEX_OPTIONAL.id;

    /// A session started and refreshed at its `Env`'s times, with its `Env`'s token and id; the
    /// answer's JWT is left to the caller, off the lock.
    #[test]
    fn a_refresh_takes_its_time_from_its_env() {
        let mut w = Seed::parse(DEFAULT_SEED).unwrap().to_world(0);
        let (keys, numbered) = (Keys::generate(), Numbered::default());
        let start = Env { now: 1_000_000, keys: &keys, generate: &numbered, limits: &crate::limits::Limits::STYTCH };
        let token = create_session(&mut w, &start, GLOBEX_MEMBER, GLOBEX, Vec::new(), 60);
        assert_eq!((token.as_str(), w.member_sessions[&token].member_session_id.as_str()), ("secret-1", "member-session-2"));

        let later = Env { now: 1_000_100, ..start };
        let session = BodySession { session_token: Some(token.clone()), session_jwt: None };
        let req = Sent { session, ..Sent::new(SessionAuthenticateOptions { session_duration_minutes: Some(10) }) };
        let out = authenticate(&mut w, &later, &Caller::backend(), req).unwrap().sign(&keys);
        let s = &w.member_sessions[&token];
        assert_eq!((s.started_at, s.last_accessed_at, s.expires_at), (1_000_000, 1_000_100, 1_000_100 + 600));
        assert!(!out.session_jwt.is_empty());
        assert_eq!(numbered.drawn(), 2, "a refresh draws nothing");
    }
}
