//! Password discovery (#22 flows): `passwords.discovery.authenticate` and the reset by email
//! (`resetByEmailStart`, `resetByEmail`) prove an email and its password before any
//! organization is chosen, and answer a discovery intermediate session with the
//! organizations the email can enter. A person's password is the same in every organization
//! they belong to (Stytch's cross-organization passwords): a reset sets it for each of their
//! memberships, and a login matches any of them. Passwords are hashed and verified off the
//! world lock, between the operations here.

use stytch_b2b_protocol as pm;
use stytch_b2b_protocol::requests::{
    PasswordDiscoveryAuthenticateOptions, PasswordDiscoveryResetByEmailOptions, PasswordDiscoveryResetByEmailStartOptions,
};

use crate::checks::check_email;
use crate::checks::require;
use crate::env::Env;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::extract::{Caller, Sent};
use crate::hashing::PasswordChecker;
use crate::lockout::{locked, record_failed_attempt};
use crate::model::{DiscoveryToken, FactorKind, OutboxMessage, World};
use crate::ops::discovery::{issue_token, redeem_token, start_session};
use crate::redirects::{self, Flow, UrlType};

/// The memberships of an email, with their stored password hashes (members without one
/// have none to match).
fn memberships(w: &World, email: &str) -> Vec<(String, Option<String>)> {
    w.members
        .values()
        .filter(|m| m.email_address.eq_ignore_ascii_case(email))
        .map(|m| (m.member_id.clone(), m.password_hash.clone()))
        .collect()
}

/// The hashes a discovery login is checked against.
pub struct Candidates {
    members: Vec<(String, Option<String>)>,
}

/// Which of the candidates the password matched, if any.
pub struct Verified {
    members: Vec<String>,
    matched: bool,
}

/// `passwords.discovery.authenticate`, before the password is verified: the request and the
/// email's memberships, none locked. An unknown email and a wrong password look the same.
pub fn authenticate_candidates(w: &mut World, env: &Env, req: &PasswordDiscoveryAuthenticateOptions) -> ApiResult<Candidates> {
    require("email_address", &req.email_address)?;
    require("password", &req.password)?;
    let members = memberships(w, &req.email_address);
    if members.iter().any(|(id, _)| w.members[id].lock.is_locked(env.now)) {
        return Err(locked());
    }
    if !members.iter().any(|(_, hash)| hash.is_some()) {
        return Err(ApiError::unauthorized_credentials());
    }
    Ok(Candidates { members })
}

/// Verifies the password against each membership's hash, off the world lock, until one matches.
pub async fn verify(checker: &PasswordChecker, candidates: Candidates, password: String) -> Verified {
    let mut matched = false;
    for hash in candidates.members.iter().filter_map(|(_, h)| h.clone()) {
        if checker.verify(hash, password.clone()).await {
            matched = true;
            break;
        }
    }
    Verified { members: candidates.members.into_iter().map(|(id, _)| id).collect(), matched }
}

/// `passwords.discovery.authenticate`, once verified: a wrong password counts towards the
/// lock of each membership; a right one answers a discovery intermediate session.
pub fn authenticate(
    w: &mut World,
    env: &Env,
    _caller: &Caller,
    req: PasswordDiscoveryAuthenticateOptions,
    verified: Verified,
) -> ApiResult<pm::DiscoveryAuthenticateResponse> {
    if !verified.matched {
        for id in &verified.members {
            record_failed_attempt(w, env, id);
        }
        return Err(ApiError::unauthorized_credentials());
    }
    Ok(start_session(w, env, &req.email_address, FactorKind::Password))
}

/// `passwords.discovery.resetByEmailStart`: emails a single-use reset link to an email that
/// belongs to at least one organization.
/// The `discovery_redirect_url` is checked like any discovery URL; the reset email carries
/// only the reset link.
pub fn reset_start(
    w: &mut World,
    env: &Env,
    _caller: &Caller,
    sent: Sent<PasswordDiscoveryResetByEmailStartOptions>,
) -> ApiResult<pm::BasicResponse> {
    let req = sent.options;
    check_email(&req.email_address)?;
    let minutes = req.reset_password_expiration_minutes.unwrap_or(env.limits.password_reset_default_minutes);
    if !env.limits.password_reset_minutes.contains(&minutes) {
        return Err(ApiError::new(400, ErrorType::InvalidExpiration, "reset_password_expiration_minutes must be from 5 to 10080."));
    }
    let urls = &w.project.redirect_urls;
    redirects::check(urls, Flow::MagicLink, UrlType::Discovery, req.discovery_redirect_url.as_deref())?;
    let base = redirects::resolve(urls, Flow::PasswordReset, UrlType::ResetPassword, req.reset_password_redirect_url.as_deref())?;
    if memberships(w, &req.email_address).is_empty() {
        return Err(ApiError::member_not_found());
    }
    let challenge = sent.pkce.pkce_code_challenge.filter(|c| !c.is_empty());
    let token = issue_token(w, env, &req.email_address, DiscoveryToken::PasswordReset, minutes * 60, challenge);
    let url = redirects::token_url(&base, "discovery", &token);
    let body = format!("Reset your {} password: {url}", w.project.name);
    let message = OutboxMessage {
        password_reset_token: Some(token),
        password_reset_url: Some(url),
        ..OutboxMessage::email(&req.email_address, "", "", body)
    };
    w.push_outbox_at(message, env.now);
    Ok(pm::BasicResponse::default())
}

fn reset_not_found() -> ApiError {
    ApiError::new(401, ErrorType::UnableToAuthPasswordResetToken, "The password reset link could not be used; it may be used or expired.")
}

/// `passwords.discovery.resetByEmail`, before the new password is hashed: the password
/// against the project's rules and the link (nothing is spent yet).
pub fn reset_check(w: &mut World, _env: &Env, sent: &Sent<PasswordDiscoveryResetByEmailOptions>) -> ApiResult<()> {
    let req = &sent.options;
    require("password_reset_token", &req.password_reset_token)?;
    w.project.password_config.require(&req.password)?;
    let link =
        w.discovery_links.get(&req.password_reset_token).filter(|l| l.kind == DiscoveryToken::PasswordReset).ok_or_else(reset_not_found)?;
    crate::pkce::check_pkce(link.code_challenge.as_deref(), sent.pkce.pkce_code_verifier.as_deref())
}

/// `passwords.discovery.resetByEmail`, once hashed: spends the link, sets the password of
/// every membership of the email, and answers a discovery intermediate session (the link
/// proved the inbox).
pub fn reset(
    w: &mut World,
    env: &Env,
    _caller: &Caller,
    sent: Sent<PasswordDiscoveryResetByEmailOptions>,
    hash: String,
) -> ApiResult<pm::DiscoveryAuthenticateResponse> {
    let (token, verifier) = (&sent.options.password_reset_token, sent.pkce.pkce_code_verifier.as_deref());
    let link = redeem_token(w, token, &DiscoveryToken::PasswordReset, verifier, reset_not_found)?;
    for (id, _) in memberships(w, &link.email_address) {
        crate::ops::passwords::set_password(crate::checks::member_mut(w, &id), env, hash.clone());
    }
    let kind = FactorKind::MagicLink { email_id: String::new(), email_address: link.email_address.clone() };
    Ok(start_session(w, env, &link.email_address, kind))
}
