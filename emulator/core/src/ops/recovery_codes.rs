//! Recovery codes: single-use backup factors issued with a TOTP registration.

use stytch_b2b_protocol as pm;
use stytch_b2b_protocol::backend::RecoveryCodesRequest;
use stytch_b2b_protocol::requests::RecoveryCodesRecoverOptions;

use crate::checks::{check_member, member_mut, require, session_minutes};
use crate::env::Env;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::extract::{BodySession, Caller, Sent};
use crate::lockout::{check_unlocked, record_failed_attempt};
use crate::member_sessions::require_session;
use crate::mfa::{finish_mfa, mfa_authority};
use crate::model::{Factor, FactorKind, World};
use crate::ops::totp::RECOVERY_CODE_COUNT;
use crate::render::member_response;

/// `recoveryCodes.recover`: a recovery code as the MFA step. A wrong code counts towards the
/// member's lock.
pub fn recover(
    w: &mut World,
    env: &Env,
    caller: &Caller,
    sent: Sent<RecoveryCodesRecoverOptions>,
) -> ApiResult<pm::RecoveryCodesRecoverResponse> {
    let req = &sent.options;
    require("recovery_code", &req.recovery_code)?;
    let minutes = session_minutes(Some(req.session_duration_minutes))?;
    check_member(w, &req.organization_id, &req.member_id)?;
    let session = caller.session_token(w, env.keys, &sent.session)?;
    let ist = sent.intermediate_session_token.as_deref();
    let authority = mfa_authority(w, session.as_deref(), ist, &req.organization_id, &req.member_id)?;
    check_unlocked(w, env, &req.member_id)?;
    let wanted = req.recovery_code.trim().to_ascii_lowercase();
    let Some(index) = w.members[&req.member_id].recovery_codes.iter().position(|c| *c == wanted) else {
        record_failed_attempt(w, env, &req.member_id);
        return Err(ApiError::new(401, ErrorType::InvalidRecoveryCode, "The recovery code is incorrect or already used."));
    };
    let m = member_mut(w, &req.member_id);
    m.recovery_codes.remove(index);
    let remaining = m.recovery_codes.len();
    let registration_id = m.totp.as_ref().map(|t| t.totp_registration_id.clone()).unwrap_or_default();
    let factor = Factor::new(FactorKind::RecoveryCode { totp_registration_id: registration_id }, env.now);
    let session = finish_mfa(w, env, authority, factor, minutes);
    // At most RECOVERY_CODE_COUNT codes exist.
    Ok(pm::RecoveryCodesRecoverResponse::new(session, remaining as u32))
}

/// SDK `recoveryCodes.get`: the codes of the caller's session's member.
pub fn get(w: &mut World, env: &Env, caller: &Caller) -> ApiResult<pm::RecoveryCodesResponse> {
    let (_, member_id) = session_member(w, env, caller)?;
    Ok(codes_response(w, env, &member_id))
}

/// SDK `recoveryCodes.rotate`: new codes for the caller's session's member.
pub fn rotate(w: &mut World, env: &Env, caller: &Caller) -> ApiResult<pm::RecoveryCodesResponse> {
    let (organization_id, member_id) = session_member(w, env, caller)?;
    rotate_codes(w, env, RecoveryCodesRequest { organization_id, member_id })
}

/// Backend: any member's codes.
pub fn backend_get(w: &mut World, env: &Env, _caller: &Caller, req: RecoveryCodesRequest) -> ApiResult<pm::RecoveryCodesResponse> {
    check_member(w, &req.organization_id, &req.member_id)?;
    Ok(codes_response(w, env, &req.member_id))
}

/// Backend: new codes for any member.
pub fn backend_rotate(w: &mut World, env: &Env, _caller: &Caller, req: RecoveryCodesRequest) -> ApiResult<pm::RecoveryCodesResponse> {
    rotate_codes(w, env, req)
}

/// The organization and member of the caller's session (the SDK's Authorization header).
fn session_member(w: &World, env: &Env, caller: &Caller) -> ApiResult<(String, String)> {
    let session = caller.session_token(w, env.keys, &BodySession::default())?;
    let token = require_session(w, session.as_deref())?;
    let s = &w.member_sessions[&token];
    Ok((s.organization_id.clone(), s.member_id.clone()))
}

fn rotate_codes(w: &mut World, env: &Env, req: RecoveryCodesRequest) -> ApiResult<pm::RecoveryCodesResponse> {
    check_member(w, &req.organization_id, &req.member_id)?;
    let m = member_mut(w, &req.member_id);
    if m.verified_totp().is_none() {
        return Err(ApiError::new(404, ErrorType::TotpNotFound, "Recovery codes come with a TOTP registration; the member has none."));
    }
    m.recovery_codes = (0..RECOVERY_CODE_COUNT).map(|_| env.generate.recovery_code()).collect();
    Ok(codes_response(w, env, &req.member_id))
}

/// `{member_id, member, organization, recovery_codes}`.
fn codes_response(w: &World, env: &Env, member_id: &str) -> pm::RecoveryCodesResponse {
    let m = member_response(w, env.now, member_id);
    pm::RecoveryCodesResponse {
        member_id: m.member_id,
        member: m.member,
        organization: m.organization,
        recovery_codes: w.members[member_id].recovery_codes.clone(),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::testing::Numbered;
    use crate::jwt::Keys;
    use crate::ops::testing::assert_refusals_change_nothing;
    use crate::seed::{Seed, DEFAULT_SEED};

    const ACME: &str = stytch_testkit::ACME;
    /// A member with a verified TOTP registration.
    const TOTP_MEMBER: &str = stytch_testkit::ACME_TOTP.id;
    /// A member without one.
    const NEW_MEMBER: &str = stytch_testkit::ACME_NEW.id;

    fn member(member_id: &str) -> RecoveryCodesRequest {
        RecoveryCodesRequest { organization_id: ACME.into(), member_id: member_id.into() }
    }

    #[test]
    fn rotate_draws_a_full_set_of_codes_from_its_env() {
        let mut w = Seed::parse(DEFAULT_SEED).unwrap().to_world(0);
        let (keys, numbered) = (Keys::generate(), Numbered::default());
        let env = Env { now: 1_000_000, keys: &keys, generate: &numbered, limits: &crate::limits::Limits::STYTCH };
        let out = backend_rotate(&mut w, &env, &Caller::backend(), member(TOTP_MEMBER)).unwrap();
        let expected: Vec<String> = (1..=RECOVERY_CODE_COUNT).map(|n| format!("code-{n}")).collect();
        assert_eq!(out.recovery_codes, expected);
        assert_eq!(w.members[TOTP_MEMBER].recovery_codes, expected);
    }

    #[test]
    fn rotating_without_a_totp_registration_changes_nothing() {
        assert_refusals_change_nothing(backend_rotate, [(member(NEW_MEMBER), ErrorType::TotpNotFound)]);
    }
}
