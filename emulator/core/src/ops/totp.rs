//! TOTP as an MFA factor: `totp.create` (secret, QR code, recovery codes) and
//! `totp.authenticate`.

use stytch_b2b_protocol as pm;
use stytch_b2b_protocol::requests::TotpCreateOptions;

use crate::checks::{check_member, member_mut};
use crate::env::Env;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::extract::{Caller, Sent};
use crate::factors::check_mfa_method_allowed;
use crate::lockout::record_failed_attempt;
use crate::mfa::{apply_enrollment, authorize_factor_enrollment, finish_mfa, CodeStep};
use crate::model::{Factor, FactorKind, TotpRegistration, World};
use crate::render::member_response;
use crate::totp;

/// Recovery codes issued with a registration (and by a rotation).
pub const RECOVERY_CODE_COUNT: usize = 10;

/// `totp.create`: a new, unverified registration replacing any earlier unverified one.
pub fn create(w: &mut World, env: &Env, caller: &Caller, sent: Sent<TotpCreateOptions>) -> ApiResult<pm::TotpCreateResponse> {
    let req = &sent.options;
    let minutes = req.expiration_minutes.unwrap_or(env.limits.totp_registration_default_minutes);
    if !(5..=1440).contains(&minutes) {
        return Err(ApiError::new(400, ErrorType::InvalidExpirationMinutes, "expiration_minutes must be between 5 and 1440."));
    }
    check_member(w, &req.organization_id, &req.member_id)?;
    check_mfa_method_allowed(w, &req.organization_id, "totp")?;
    let session = caller.session_token(w, env.keys, &sent.session)?;
    let ist = sent.intermediate_session_token.as_deref();
    authorize_factor_enrollment(w, caller.surface, session.as_deref(), ist, &req.organization_id, &req.member_id, "totp")?;
    if w.members[&req.member_id].verified_totp().is_some() {
        return Err(ApiError::new(
            400,
            ErrorType::ActiveTotpExists,
            "Cannot create a new TOTP for the member since the member already has an active TOTP.",
        ));
    }

    let secret = env.generate.totp_secret();
    let registration_id = env.generate.id("totp");
    let recovery_codes: Vec<String> = (0..RECOVERY_CODE_COUNT).map(|_| env.generate.recovery_code()).collect();
    let issuer = w.project.name.clone();
    let m = member_mut(w, &req.member_id);
    let qr_code = totp::qr_png_data_url(&totp::otpauth_uri(&issuer, &m.email_address, &secret));
    m.totp = Some(TotpRegistration {
        totp_registration_id: registration_id.clone(),
        secret: secret.clone(),
        verified: false,
        expires_at: Some(env.now + minutes * 60),
        last_used_step: None,
        pending_recovery_codes: recovery_codes.clone(),
    });

    let m = member_response(w, env.now, &req.member_id);
    Ok(pm::TotpCreateResponse {
        member_id: m.member_id,
        member: m.member,
        organization: m.organization,
        totp_registration_id: registration_id,
        secret,
        qr_code,
        recovery_codes,
        ..Default::default()
    })
}

/// `totp.authenticate`: a code of the member's registration as an MFA step; the first one
/// verifies the registration and makes its recovery codes the member's. A wrong code changes
/// one thing, on purpose: it counts towards the member's lock.
pub fn authenticate(w: &mut World, env: &Env, caller: &Caller, req: CodeStep) -> ApiResult<pm::SessionResponse> {
    let (minutes, authority) = req.check(w, env, caller, "totp")?;

    let now = env.now;
    let m = member_mut(w, &req.member_id);
    let reg = m
        .totp
        .as_mut()
        .filter(|t| t.verified || t.expires_at.is_some_and(|e| e > now))
        .ok_or_else(|| ApiError::new(404, ErrorType::TotpNotFound, "The member has no TOTP registration."))?;
    let Some(step) = totp::verify(&reg.secret, &req.code, now, reg.last_used_step) else {
        record_failed_attempt(w, env, &req.member_id);
        return Err(ApiError::new(401, ErrorType::InvalidTotpCode, "The TOTP code is incorrect, expired or already used."));
    };
    reg.last_used_step = Some(step);
    let first_verification = !reg.verified;
    reg.verified = true;
    reg.expires_at = None;
    let registration_id = reg.totp_registration_id.clone();
    let new_codes = std::mem::take(&mut reg.pending_recovery_codes);
    if first_verification {
        m.recovery_codes = new_codes;
    }
    apply_enrollment(w, env, &req.member_id, "totp", req.set_mfa_enrollment, req.set_default_mfa);
    let factor = Factor::new(FactorKind::Totp { totp_registration_id: registration_id }, now);
    Ok(finish_mfa(w, env, authority, factor, minutes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::testing::{Numbered, SECRET};
    use crate::jwt::Keys;
    use crate::ops::testing::assert_refusals_change_nothing;
    use crate::seed::{Seed, DEFAULT_SEED};

    const ACME: &str = stytch_testkit::ACME;
    /// A member with no MFA factor yet: the backend API may enroll one without a session.
    const NEW_MEMBER: &str = stytch_testkit::ACME_NEW.id;
    /// A member with a verified TOTP registration.
    const TOTP_MEMBER: &str = stytch_testkit::ACME_TOTP.id;

    fn request(member_id: &str, expiration_minutes: Option<i64>) -> Sent<TotpCreateOptions> {
        Sent::new(TotpCreateOptions { organization_id: ACME.into(), member_id: member_id.into(), expiration_minutes })
    }

    #[test]
    fn create_takes_its_time_and_values_from_its_env() {
        let mut w = Seed::parse(DEFAULT_SEED).unwrap().to_world(0);
        let (keys, numbered) = (Keys::generate(), Numbered::default());
        let env = Env { now: 1_000_000, keys: &keys, generate: &numbered, limits: &crate::limits::Limits::STYTCH };
        let out = create(&mut w, &env, &Caller::backend(), request(NEW_MEMBER, Some(5))).unwrap();
        assert_eq!((out.secret.as_str(), out.totp_registration_id.as_str()), (SECRET, "totp-2"));
        assert_eq!(out.recovery_codes, (3..=12).map(|n| format!("code-{n}")).collect::<Vec<_>>());
        let reg = w.members[NEW_MEMBER].totp.as_ref().unwrap();
        assert_eq!((reg.verified, reg.expires_at), (false, Some(1_000_000 + 5 * 60)));
    }

    /// Validate before mutate: a refused request leaves the world as it was and draws no value.
    #[test]
    fn a_refused_create_changes_nothing() {
        let refusals = [
            (request(NEW_MEMBER, Some(4)), ErrorType::InvalidExpirationMinutes),
            (request("member-test-unknown", None), ErrorType::MemberNotFound),
            (request(TOTP_MEMBER, None), ErrorType::ActionAvailableOnlyOncePrimaryAuthenticationIsMet),
        ];
        assert_refusals_change_nothing(create, refusals);
    }
}
