//! Impersonation (scim24): the control API mints a token for a member (Stytch's dashboard
//! "Impersonate Member" button; the emulator's console has one), and
//! `impersonation.authenticate` (SDK and backend) spends it once for a session whose factor
//! is `impersonated`, naming the impersonator. As Stytch documents, the answer is always a
//! full session (never an intermediate one: the impersonator is not asked for the member's
//! MFA), it lasts 60 minutes, and it is not extended.

use stytch_b2b_protocol as pm;
use stytch_b2b_protocol::scim::{ImpersonationAuthenticateOptions, ImpersonationToken, ImpersonationTokenRequest};

use crate::checks::{check_member, require};
use crate::env::Env;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::extract::Caller;
use crate::member_sessions::{create_session, session_response};
use crate::model::{Factor, FactorKind, ImpersonationGrant, World};
use crate::text::rfc3339;

/// Who impersonates when the console names no one.
pub const CONSOLE_IMPERSONATOR: &str = "console@stytch-emulator.test";

/// `POST /_emulator/impersonation_tokens`: a single-use token for a live member.
pub fn mint(w: &mut World, env: &Env, req: ImpersonationTokenRequest) -> ApiResult<ImpersonationToken> {
    check_member(w, &req.organization_id, &req.member_id)?;
    let email = req.impersonator_email_address.unwrap_or_else(|| CONSOLE_IMPERSONATOR.into());
    crate::checks::check_email(&email)?;
    let token = env.generate.secret();
    let grant = ImpersonationGrant {
        member_id: req.member_id.clone(),
        organization_id: req.organization_id.clone(),
        // Stytch names a dashboard member; the emulator's impersonator is named by its email.
        impersonator_id: format!("impersonator-{email}"),
        impersonator_email_address: email,
        expires_at: env.now.saturating_add(env.limits.impersonation_token_seconds),
    };
    let expires_at = rfc3339(grant.expires_at);
    w.impersonation_tokens.insert(token.clone(), grant);
    Ok(ImpersonationToken { impersonation_token: token, organization_id: req.organization_id, member_id: req.member_id, expires_at })
}

/// `impersonation.authenticate`: the token is spent whatever happens next; an unknown,
/// used or lapsed token is `unable_to_auth_impersonation_token`.
pub fn authenticate(
    w: &mut World,
    env: &Env,
    _caller: &Caller,
    req: ImpersonationAuthenticateOptions,
) -> ApiResult<pm::AuthenticateResponse> {
    require("impersonation_token", &req.impersonation_token)?;
    let refused = || {
        ApiError::new(
            401,
            ErrorType::UnableToAuthImpersonationToken,
            "The impersonation token could not be authenticated; it may be used or expired.",
        )
    };
    let grant = w.impersonation_tokens.remove(&req.impersonation_token).filter(|g| g.expires_at > env.now).ok_or_else(refused)?;
    check_member(w, &grant.organization_id, &grant.member_id).map_err(|_| refused())?;
    let kind =
        FactorKind::Impersonated { impersonator_id: grant.impersonator_id, impersonator_email_address: grant.impersonator_email_address };
    let token = create_session(
        w,
        env,
        &grant.member_id,
        &grant.organization_id,
        vec![Factor::new(kind, env.now)],
        env.limits.impersonation_session_minutes,
    );
    Ok(pm::AuthenticateResponse::authenticated(session_response(w, env, &token)))
}
