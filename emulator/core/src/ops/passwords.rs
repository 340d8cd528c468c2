//! Passwords: `passwords.authenticate` (the password primary factor), the resets by email
//! and by existing password (each also a primary factor), and the strength check.
//!
//! A password is hashed or verified off the world lock (see `hashing`), so the endpoints that
//! take one are two operations around it: the first checks the request and finds what the
//! password is checked against, the second decides, on the world as it is then.

use serde_json::json;
use stytch_b2b_protocol as pm;
use stytch_b2b_protocol::backend::PasswordsResetBySessionRequest;
use stytch_b2b_protocol::requests::{
    PasswordAuthenticateOptions, PasswordResetByEmailOptions, PasswordResetByEmailStartOptions, PasswordResetByExistingPasswordOptions,
    PasswordStrengthCheckOptions,
};
use stytch_b2b_protocol::MemberStatus;

use crate::checks::{member_mut, require, session_minutes};
use crate::env::Env;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::extract::{Caller, Sent};
use crate::hashing::PasswordChecker;
use crate::limits::make_room;
use crate::lockout::{check_unlocked, record_failed_attempt};
use crate::member_sessions::caller_session;
use crate::model::{Factor, FactorKind, Member, OutboxMessage, PasswordReset, World};
use crate::pkce::check_pkce;
use crate::primary::complete_primary;
use crate::redirects::{self, Flow, UrlType};
use crate::render::member_response;

/// The member a login names and their stored hash, found under the lock; the password is
/// verified against it off the lock ([`verify`]).
pub struct Candidate {
    member_id: String,
    hash: Option<String>,
}

/// A password verified against a [`Candidate`].
pub struct Verified {
    member_id: String,
    ok: bool,
}

/// Verifies the password against the candidate's hash, off the world lock. A member without
/// a password matches none.
pub async fn verify(checker: &PasswordChecker, candidate: Candidate, password: String) -> Verified {
    let ok = match candidate.hash {
        Some(hash) => checker.verify(hash, password).await,
        None => false,
    };
    Verified { member_id: candidate.member_id, ok }
}

/// Hashes a new password off the world lock; refused only when the emulator is shutting down.
pub async fn hash(checker: &PasswordChecker, password: String) -> ApiResult<String> {
    checker.hash(password).await.ok_or_else(busy)
}

/// The member of this email in this organization, unless locked. An unknown email and a wrong
/// password look the same (`unauthorized_credentials`), so logins cannot probe for members.
fn find_candidate(w: &World, env: &Env, organization_id: &str, email: &str) -> ApiResult<Candidate> {
    if !w.organizations.contains_key(organization_id) {
        return Err(ApiError::organization_not_found());
    }
    let member = w.member_by_email(organization_id, email).ok_or_else(ApiError::unauthorized_credentials)?;
    check_unlocked(w, env, &member.member_id)?;
    Ok(Candidate { member_id: member.member_id.clone(), hash: member.password_hash.clone() })
}

/// `passwords.authenticate`, before the password is verified: the request and the member.
pub fn authenticate_candidate(w: &mut World, env: &Env, sent: &Sent<PasswordAuthenticateOptions>) -> ApiResult<Candidate> {
    let req = &sent.options;
    require("organization_id", &req.organization_id)?;
    require("email_address", &req.email_address)?;
    require("password", &req.password)?;
    session_minutes(Some(req.session_duration_minutes))?;
    find_candidate(w, env, &req.organization_id, &req.email_address)
}

/// `passwords.authenticate`, once verified: a wrong password counts towards the member's
/// lock; a right one finishes the primary factor.
pub fn authenticate(
    w: &mut World,
    env: &Env,
    caller: &Caller,
    sent: Sent<PasswordAuthenticateOptions>,
    verified: Verified,
) -> ApiResult<pm::AuthenticateResponse> {
    let minutes = session_minutes(Some(sent.options.session_duration_minutes))?;
    let session = caller.session_token(w, env.keys, &sent.session)?;
    let member_id = verified.member_id;
    if !w.members.contains_key(&member_id) {
        // Reset to the seed while the hash was computed.
        return Err(ApiError::unauthorized_credentials());
    }
    if !verified.ok {
        record_failed_attempt(w, env, &member_id);
        return Err(ApiError::unauthorized_credentials());
    }
    check_unlocked(w, env, &member_id)?;
    let factor = Factor::new(FactorKind::Password, env.now);
    let ist = sent.intermediate_session_token.as_deref();
    complete_primary(w, env, session.as_deref(), ist, &member_id, factor, minutes)
}

/// `passwords.resetByEmailStart`: emails a single-use reset link (to the outbox). The
/// `login_redirect_url` is checked like any login URL; the reset email carries only the reset
/// link.
pub fn reset_start(
    w: &mut World,
    env: &Env,
    _caller: &Caller,
    sent: Sent<PasswordResetByEmailStartOptions>,
) -> ApiResult<pm::PasswordResetStartResponse> {
    let req = sent.options;
    require("organization_id", &req.organization_id)?;
    require("email_address", &req.email_address)?;
    let minutes = req.reset_password_expiration_minutes.unwrap_or(env.limits.password_reset_default_minutes);
    if !env.limits.password_reset_minutes.contains(&minutes) {
        return Err(ApiError::new(400, ErrorType::InvalidExpiration, "reset_password_expiration_minutes must be from 5 to 10080."));
    }
    if !w.organizations.contains_key(&req.organization_id) {
        return Err(ApiError::organization_not_found());
    }
    let urls = &w.project.redirect_urls;
    redirects::check(urls, Flow::PasswordReset, UrlType::Login, req.login_redirect_url.as_deref())?;
    let base = redirects::resolve(urls, Flow::PasswordReset, UrlType::ResetPassword, req.reset_password_redirect_url.as_deref())?;
    let member_id =
        w.member_by_email(&req.organization_id, &req.email_address).map(|m| m.member_id.clone()).ok_or_else(ApiError::member_not_found)?;

    let token = env.generate.secret();
    make_room(&mut w.password_resets, env.limits.sessions_per_member, &member_id, |r| (&r.member_id, r.expires_at));
    w.password_resets.insert(
        token.clone(),
        PasswordReset {
            member_id: member_id.clone(),
            organization_id: req.organization_id.clone(),
            expires_at: env.now + minutes * 60,
            code_challenge: sent.pkce.code_challenge.filter(|c| !c.is_empty()),
        },
    );
    let url = redirects::token_url(&base, "multi_tenant_passwords", &token);
    let m = &w.members[&member_id];
    let (to, email_id) = (m.email_address.clone(), m.email_id.clone());
    let body = format!("Reset your {} password: {url}", w.project.name);
    let message = OutboxMessage {
        password_reset_token: Some(token),
        password_reset_url: Some(url),
        ..OutboxMessage::email(&to, &req.organization_id, &member_id, body)
    };
    w.push_outbox_at(message, env.now);
    let m = member_response(w, env.now, &member_id);
    Ok(pm::PasswordResetStartResponse {
        member_id: m.member_id,
        member_email_id: email_id,
        member: m.member,
        organization: m.organization,
        ..Default::default()
    })
}

/// `passwords.resetByEmail`, before the new password is hashed: the request, the password
/// against the project's rules, the link and its PKCE challenge. Nothing is spent yet.
pub fn reset_by_email_check(w: &mut World, _env: &Env, sent: &Sent<PasswordResetByEmailOptions>) -> ApiResult<()> {
    let req = &sent.options;
    require("password_reset_token", &req.password_reset_token)?;
    session_minutes(Some(req.session_duration_minutes))?;
    w.project.password_config.require(&req.password)?;
    let reset = w.password_resets.get(&req.password_reset_token).ok_or_else(reset_not_found)?;
    check_pkce(reset.code_challenge.as_deref(), sent.pkce.code_verifier.as_deref())
}

/// `passwords.resetByEmail`, once hashed: sets the new password and completes a primary
/// factor (the link proves the inbox), answering like any other: a session, or an IST. The
/// link is spent only here, once the caller's session checks out.
pub fn reset_by_email(
    w: &mut World,
    env: &Env,
    caller: &Caller,
    sent: Sent<PasswordResetByEmailOptions>,
    hash: String,
) -> ApiResult<pm::AuthenticateResponse> {
    let minutes = session_minutes(Some(sent.options.session_duration_minutes))?;
    let session = caller.session_token(w, env.keys, &sent.session)?;
    caller_session(w, session.as_deref())?;
    let reset = w.password_resets.remove(&sent.options.password_reset_token).ok_or_else(reset_not_found)?;
    if !w.members.contains_key(&reset.member_id) {
        return Err(reset_not_found());
    }
    let m = member_mut(w, &reset.member_id);
    set_password(m, env, hash);
    m.email_address_verified = true;
    m.status = MemberStatus::Active;
    let kind = FactorKind::MagicLink { email_id: m.email_id.clone(), email_address: m.email_address.clone() };
    let ist = sent.intermediate_session_token.as_deref();
    let mut out = complete_primary(w, env, session.as_deref(), ist, &reset.member_id, Factor::new(kind, env.now), minutes)?;
    out.extra.insert("member_email_id".into(), json!(w.members[&reset.member_id].email_id));
    Ok(out)
}

/// `passwords.resetByExistingPassword`, before the old password is verified: the request,
/// the new password against the project's rules, and the member.
pub fn reset_by_existing_candidate(w: &mut World, env: &Env, req: &PasswordResetByExistingPasswordOptions) -> ApiResult<Candidate> {
    require("organization_id", &req.organization_id)?;
    require("email_address", &req.email_address)?;
    require("existing_password", &req.existing_password)?;
    session_minutes(Some(req.session_duration_minutes))?;
    if req.new_password == req.existing_password {
        return Err(ApiError::new(400, ErrorType::BadRequest, "new_password must differ from existing_password."));
    }
    w.project.password_config.require(&req.new_password)?;
    find_candidate(w, env, &req.organization_id, &req.email_address)
}

/// `passwords.resetByExistingPassword`, once the old password is verified: a wrong one
/// counts against the user lock, like a login. Answers the member whose new password is to
/// be hashed.
pub fn reset_by_existing_verified(w: &mut World, env: &Env, verified: Verified) -> ApiResult<String> {
    if !verified.ok {
        record_failed_attempt(w, env, &verified.member_id);
        return Err(ApiError::unauthorized_credentials());
    }
    Ok(verified.member_id)
}

/// `passwords.resetByExistingPassword`, once the new password is hashed: sets it, and the
/// login completes as a password login would.
pub fn reset_by_existing(
    w: &mut World,
    env: &Env,
    _caller: &Caller,
    req: PasswordResetByExistingPasswordOptions,
    member_id: String,
    hash: String,
) -> ApiResult<pm::AuthenticateResponse> {
    let minutes = session_minutes(Some(req.session_duration_minutes))?;
    if !w.members.contains_key(&member_id) {
        return Err(ApiError::unauthorized_credentials());
    }
    check_unlocked(w, env, &member_id)?;
    set_password(member_mut(w, &member_id), env, hash);
    complete_primary(w, env, None, None, &member_id, Factor::new(FactorKind::Password, env.now), minutes)
}

/// `passwords.strengthCheck`: the project's LUDS rules applied to a candidate password.
pub fn strength_check(
    w: &mut World,
    _env: &Env,
    _caller: &Caller,
    req: PasswordStrengthCheckOptions,
) -> ApiResult<pm::StrengthCheckResponse> {
    require("password", &req.password)?;
    Ok(w.project.password_config.assess(&req.password).body())
}

pub fn set_password(m: &mut Member, env: &Env, hash: String) {
    m.password_hash = Some(hash);
    if m.member_password_id.is_empty() {
        m.member_password_id = env.generate.id("member-password");
    }
    m.updated_at = env.now;
}

fn reset_not_found() -> ApiError {
    ApiError::new(401, ErrorType::UnableToAuthPasswordResetToken, "The password reset link could not be used; it may be used or expired.")
}

fn busy() -> ApiError {
    ApiError::new(503, ErrorType::ServerUnavailable, "The emulator is shutting down.")
}

/// `passwords.resetBySession` (#22 flows), before the new password is hashed: the caller's
/// session (of the organization named, on the backend), a factor it proved within the last
/// 5 minutes, and the password against the project's rules. Answers the session's token.
pub fn reset_by_session_check(w: &mut World, env: &Env, caller: &Caller, sent: &Sent<PasswordsResetBySessionRequest>) -> ApiResult<String> {
    let req = &sent.options;
    if let Some(m) = req.session_duration_minutes {
        session_minutes(Some(m))?;
    }
    let session = caller.session_token(w, env.keys, &sent.session)?;
    let token = crate::member_sessions::require_session(w, session.as_deref())?;
    let s = &w.member_sessions[&token];
    if req.organization_id.as_deref().is_some_and(|o| !o.is_empty() && o != s.organization_id) {
        return Err(ApiError::new(400, ErrorType::SessionMemberMismatch, "The session belongs to another organization."));
    }
    let recent = s.factors.iter().any(|f| f.last_authenticated_at > env.now - env.limits.reset_by_session_recency_seconds);
    if !recent {
        return Err(ApiError::new(
            400,
            ErrorType::InsufficientFactors,
            "The session has no authentication factor from the last 5 minutes; authenticate again before resetting the password.",
        ));
    }
    w.project.password_config.require(&req.password)?;
    Ok(token)
}

/// `passwords.resetBySession`, once hashed: sets the password and revokes every other session
/// of the member (as Stytch does); the session used stays, extended when asked.
pub fn reset_by_session(
    w: &mut World,
    env: &Env,
    _caller: &Caller,
    sent: Sent<PasswordsResetBySessionRequest>,
    token: String,
    hash: String,
) -> ApiResult<pm::AuthenticateResponse> {
    // The session may have ended while the password was hashed.
    let token = crate::member_sessions::require_session(w, Some(&token))?;
    let member_id = w.member_sessions[&token].member_id.clone();
    set_password(member_mut(w, &member_id), env, hash);
    w.member_sessions.retain(|t, s| s.member_id != member_id || *t == token);
    crate::member_sessions::touch_session(w, env, &token, None, sent.options.session_duration_minutes);
    Ok(pm::AuthenticateResponse::authenticated(crate::member_sessions::session_response(w, env, &token)))
}
