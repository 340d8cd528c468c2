//! Passwords: `passwords.authenticate` (the password primary factor), the resets by email
//! and by existing password (each also a primary factor), and the strength check.

use stytch_b2b_protocol as pm;
use axum::{extract::State, Json};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::checks::{member_mut, require, session_minutes};
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::extract::{BodySession, Caller, Payload};
use crate::ids::{new_id, new_secret};
use crate::limits::make_room;
use crate::lockout::{check_unlocked, record_failed_attempt};
use crate::model::{Factor, FactorKind, Member, OutboxMessage, PasswordReset};
use crate::primary::complete_primary;
use crate::redirects::{self, Flow, UrlType};
use crate::render::member_response;
use crate::state::App;

#[derive(Deserialize)]
pub struct AuthenticateRequest {
    organization_id: String,
    email_address: String,
    password: String,
    session_duration_minutes: Option<i64>,
    intermediate_session_token: Option<String>,
    #[allow(dead_code)]
    locale: Option<String>,
    #[serde(flatten)]
    session: BodySession,
}

pub async fn authenticate(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<AuthenticateRequest>,
) -> ApiResult<Json<Value>> {
    require("organization_id", &req.organization_id)?;
    require("email_address", &req.email_address)?;
    require("password", &req.password)?;
    let minutes = session_minutes(req.session_duration_minutes)?;
    let (member_id, ok) = check_password(&app, &req.organization_id, &req.email_address, req.password).await?;
    let mut w = app.world();
    let session = caller.session_token(&w, &app.keys(), &req.session)?;
    if !w.members.contains_key(&member_id) {
        // Reset to the seed while the hash was computed.
        return Err(ApiError::unauthorized_credentials());
    }
    if !ok {
        record_failed_attempt(&mut w, &member_id);
        return Err(ApiError::unauthorized_credentials());
    }
    check_unlocked(&w, &member_id)?;
    let factor = Factor::new(FactorKind::Password, w.now());
    let out = complete_primary(
        &mut w,
        &app.keys(),
        session.as_deref(),
        req.intermediate_session_token.as_deref(),
        &member_id,
        factor,
        minutes,
    )?;
    Ok(caller.respond(out))
}

/// How long a reset link lives unless the caller says otherwise (Stytch's default), and
/// the range it may say.
const RESET_DEFAULT_MINUTES: i64 = 30;
const RESET_MINUTES: std::ops::RangeInclusive<i64> = 5..=10_080;

/// Looks the member up under the lock and checks the password without it (see `hashing`);
/// the caller decides under the lock again. An unknown email and a wrong password look the
/// same (`unauthorized_credentials`), so logins cannot probe for members.
async fn check_password(app: &App, organization_id: &str, email: &str, password: String) -> ApiResult<(String, bool)> {
    let (member_id, hash) = {
        let w = app.world();
        if !w.organizations.contains_key(organization_id) {
            return Err(ApiError::organization_not_found());
        }
        let member = w.member_by_email(organization_id, email).ok_or_else(ApiError::unauthorized_credentials)?;
        check_unlocked(&w, &member.member_id)?;
        (member.member_id.clone(), member.password_hash.clone())
    };
    let ok = match hash {
        Some(hash) => app.passwords().verify(hash, password).await,
        None => false,
    };
    Ok((member_id, ok))
}

#[derive(Deserialize)]
pub struct ResetStartRequest {
    organization_id: String,
    email_address: String,
    reset_password_redirect_url: Option<String>,
    reset_password_expiration_minutes: Option<i64>,
    code_challenge: Option<String>,
    /// Checked like any login URL; the emulator's reset email carries only the reset link.
    login_redirect_url: Option<String>,
    #[allow(dead_code)]
    locale: Option<String>,
}

/// `passwords.resetByEmailStart`: emails a single-use reset link (to the outbox).
pub async fn reset_start(State(app): State<App>, caller: Caller, Payload(req): Payload<ResetStartRequest>) -> ApiResult<Json<Value>> {
    require("organization_id", &req.organization_id)?;
    require("email_address", &req.email_address)?;
    let minutes = req.reset_password_expiration_minutes.unwrap_or(RESET_DEFAULT_MINUTES);
    if !RESET_MINUTES.contains(&minutes) {
        return Err(ApiError::new(400, ErrorType::InvalidExpiration, "reset_password_expiration_minutes must be from 5 to 10080."));
    }
    let mut w = app.world();
    if !w.organizations.contains_key(&req.organization_id) {
        return Err(ApiError::organization_not_found());
    }
    let urls = &w.project.redirect_urls;
    redirects::check(urls, Flow::PasswordReset, UrlType::Login, req.login_redirect_url.as_deref())?;
    let base = redirects::resolve(urls, Flow::PasswordReset, UrlType::ResetPassword, req.reset_password_redirect_url.as_deref())?;
    let member_id = w.member_by_email(&req.organization_id, &req.email_address).map(|m| m.member_id.clone()).ok_or_else(ApiError::member_not_found)?;
    let token = new_secret();
    let now = w.now();
    make_room(&mut w.password_resets, &member_id, |r| (&r.member_id, r.expires_at));
    w.password_resets.insert(
        token.clone(),
        PasswordReset {
            member_id: member_id.clone(),
            organization_id: req.organization_id.clone(),
            expires_at: now + minutes * 60,
            code_challenge: req.code_challenge.filter(|c| !c.is_empty()),
        },
    );
    let url = redirects::with_params(&base, &[("stytch_token_type", "multi_tenant_passwords"), ("token", &token)]);
    let project_name = w.project.name.clone();
    let m = &w.members[&member_id];
    let (to, email_id) = (m.email_address.clone(), m.email_id.clone());
    let body = format!("Reset your {project_name} password: {url}");
    w.push_outbox(OutboxMessage {
        password_reset_token: Some(token),
        password_reset_url: Some(url),
        ..OutboxMessage::email(&to, &req.organization_id, &member_id, body)
    });
    let m = member_response(&w, &member_id);
    Ok(caller.respond(pm::PasswordResetStartResponse {
        member_id: m.member_id,
        member_email_id: email_id,
        member: m.member,
        organization: m.organization,
        ..Default::default()
    }))
}

#[derive(Deserialize)]
pub struct ResetByEmailRequest {
    password_reset_token: String,
    password: String,
    session_duration_minutes: Option<i64>,
    code_verifier: Option<String>,
    intermediate_session_token: Option<String>,
    #[allow(dead_code)]
    locale: Option<String>,
    #[serde(flatten)]
    session: BodySession,
}

/// `passwords.resetByEmail`: sets the new password and completes a primary factor (the
/// link proves the inbox), answering like any other: a session, or an IST.
pub async fn reset_by_email(State(app): State<App>, caller: Caller, Payload(req): Payload<ResetByEmailRequest>) -> ApiResult<Json<Value>> {
    require("password_reset_token", &req.password_reset_token)?;
    let minutes = session_minutes(req.session_duration_minutes)?;
    let reset = {
        let w = app.world();
        w.project.password_config.require(&req.password)?;
        let reset = w.password_resets.get(&req.password_reset_token).cloned().ok_or_else(reset_not_found)?;
        crate::pkce::check_pkce(reset.code_challenge.as_deref(), req.code_verifier.as_deref())?;
        reset
    };
    // Hash off the lock (see `hashing`); the link is spent only once the password is set.
    let hash = app.passwords().hash(req.password).await.ok_or_else(busy)?;
    let mut w = app.world();
    let session = caller.session_token(&w, &app.keys(), &req.session)?;
    crate::member_sessions::caller_session(&w, session.as_deref())?;
    if w.password_resets.remove(&req.password_reset_token).is_none() || !w.members.contains_key(&reset.member_id) {
        return Err(reset_not_found());
    }
    let now = w.now();
    let m = member_mut(&mut w, &reset.member_id);
    set_password(m, hash, now);
    m.email_address_verified = true;
    m.status = "active".into();
    let kind = FactorKind::MagicLink { email_id: m.email_id.clone(), email_address: m.email_address.clone() };
    let mut out = complete_primary(
        &mut w,
        &app.keys(),
        session.as_deref(),
        req.intermediate_session_token.as_deref(),
        &reset.member_id,
        Factor::new(kind, now),
        minutes,
    )?;
    out.extra.insert("member_email_id".into(), json!(w.members[&reset.member_id].email_id));
    Ok(caller.respond(out))
}

#[derive(Deserialize)]
pub struct ResetByExistingRequest {
    organization_id: String,
    email_address: String,
    existing_password: String,
    new_password: String,
    session_duration_minutes: Option<i64>,
    #[allow(dead_code)]
    locale: Option<String>,
}

/// `passwords.resetByExistingPassword`: the old password (counted against the user lock
/// like a login) buys a new one, and the login completes as a password login would.
pub async fn reset_by_existing(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<ResetByExistingRequest>,
) -> ApiResult<Json<Value>> {
    require("organization_id", &req.organization_id)?;
    require("email_address", &req.email_address)?;
    require("existing_password", &req.existing_password)?;
    let minutes = session_minutes(req.session_duration_minutes)?;
    if req.new_password == req.existing_password {
        return Err(ApiError::new(400, ErrorType::BadRequest, "new_password must differ from existing_password."));
    }
    app.world().project.password_config.require(&req.new_password)?;
    let (member_id, ok) = check_password(&app, &req.organization_id, &req.email_address, req.existing_password).await?;
    if !ok {
        let mut w = app.world();
        record_failed_attempt(&mut w, &member_id);
        return Err(ApiError::unauthorized_credentials());
    }
    let new_hash = app.passwords().hash(req.new_password).await.ok_or_else(busy)?;
    let mut w = app.world();
    if !w.members.contains_key(&member_id) {
        return Err(ApiError::unauthorized_credentials());
    }
    check_unlocked(&w, &member_id)?;
    let now = w.now();
    set_password(member_mut(&mut w, &member_id), new_hash, now);
    let out = complete_primary(&mut w, &app.keys(), None, None, &member_id, Factor::new(FactorKind::Password, now), minutes)?;
    Ok(caller.respond(out))
}

#[derive(Deserialize)]
pub struct StrengthCheckRequest {
    password: String,
    #[allow(dead_code)]
    email_address: Option<String>,
}

/// `passwords.strengthCheck`: the project's LUDS rules applied to a candidate password.
pub async fn strength_check(State(app): State<App>, caller: Caller, Payload(req): Payload<StrengthCheckRequest>) -> ApiResult<Json<Value>> {
    require("password", &req.password)?;
    let body = app.world().project.password_config.assess(&req.password).body();
    Ok(caller.respond(body))
}

fn set_password(m: &mut Member, hash: String, now: i64) {
    m.password_hash = Some(hash);
    if m.member_password_id.is_empty() {
        m.member_password_id = new_id("member-password");
    }
    m.updated_at = now;
}

fn reset_not_found() -> ApiError {
    ApiError::new(401, ErrorType::UnableToAuthPasswordResetToken, "The password reset link could not be used; it may be used or expired.")
}

fn busy() -> ApiError {
    ApiError::new(503, ErrorType::ServerUnavailable, "The emulator is shutting down.")
}
