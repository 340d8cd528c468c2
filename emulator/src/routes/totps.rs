//! TOTP as an MFA factor: `totp.create` (secret, QR code, recovery codes) and
//! `totp.authenticate`.

use stytch_b2b_protocol as pm;
use axum::{extract::State, Json};
use serde::Deserialize;
use serde_json::Value;

use crate::checks::{check_member, member_mut};
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::extract::{BodySession, Caller, Payload};
use crate::factors::check_mfa_method_allowed;
use crate::ids::{new_id, new_recovery_code};
use crate::lockout::record_failed_attempt;
use crate::mfa::{CodeStep, apply_enrollment, authorize_factor_enrollment, finish_mfa};
use crate::model::{Factor, FactorKind, TotpRegistration};
use crate::render::member_response;
use crate::state::App;
use crate::totp;

pub const RECOVERY_CODE_COUNT: usize = 10;

#[derive(Deserialize)]
pub struct CreateRequest {
    organization_id: String,
    member_id: String,
    expiration_minutes: Option<i64>,
    intermediate_session_token: Option<String>,
    #[serde(flatten)]
    session: BodySession,
}

pub async fn create(State(app): State<App>, caller: Caller, Payload(req): Payload<CreateRequest>) -> ApiResult<Json<Value>> {
    let minutes = req.expiration_minutes.unwrap_or(60);
    if !(5..=1440).contains(&minutes) {
        return Err(ApiError::new(400, ErrorType::InvalidExpirationMinutes, "expiration_minutes must be between 5 and 1440."));
    }
    let mut w = app.world();
    check_member(&w, &req.organization_id, &req.member_id)?;
    check_mfa_method_allowed(&w, &req.organization_id, "totp")?;
    let session = caller.session_token(&w, &app.keys(), &req.session)?;
    let ist = req.intermediate_session_token.as_deref();
    authorize_factor_enrollment(&w, caller.surface, session.as_deref(), ist, &req.organization_id, &req.member_id, "totp")?;
    if w.members[&req.member_id].verified_totp().is_some() {
        return Err(ApiError::new(
            400,
            ErrorType::ActiveTotpExists,
            "Cannot create a new TOTP for the member since the member already has an active TOTP.",
        ));
    }

    let now = w.now();
    let secret = totp::new_secret();
    let registration_id = new_id("totp");
    let recovery_codes: Vec<String> = (0..RECOVERY_CODE_COUNT).map(|_| new_recovery_code()).collect();
    let issuer = w.project.name.clone();
    let m = member_mut(&mut w, &req.member_id);
    let qr_code = totp::qr_png_data_url(&totp::otpauth_uri(&issuer, &m.email_address, &secret));
    // An unverified registration replaces any earlier unverified one.
    m.totp = Some(TotpRegistration {
        totp_registration_id: registration_id.clone(),
        secret: secret.clone(),
        verified: false,
        expires_at: Some(now + minutes * 60),
        last_used_step: None,
        pending_recovery_codes: recovery_codes.clone(),
    });

    let m = member_response(&w, &req.member_id);
    let out = pm::TotpCreateResponse {
        member_id: m.member_id,
        member: m.member,
        organization: m.organization,
        totp_registration_id: registration_id,
        secret,
        qr_code,
        recovery_codes,
        ..Default::default()
    };
    Ok(caller.respond(out))
}

pub async fn authenticate(State(app): State<App>, caller: Caller, Payload(req): Payload<CodeStep>) -> ApiResult<Json<Value>> {
    let mut w = app.world();
    let (minutes, authority) = req.check(&w, &caller, &app.keys(), "totp")?;

    let now = w.now();
    let m = member_mut(&mut w, &req.member_id);
    let reg = m
        .totp
        .as_mut()
        .filter(|t| t.verified || t.expires_at.is_some_and(|e| e > now))
        .ok_or_else(|| ApiError::new(404, ErrorType::TotpNotFound, "The member has no TOTP registration."))?;
    let Some(step) = totp::verify(&reg.secret, &req.code, now, reg.last_used_step) else {
        record_failed_attempt(&mut w, &req.member_id);
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
    apply_enrollment(&mut w, &req.member_id, "totp", req.set_mfa_enrollment.as_deref(), req.set_default_mfa);
    let factor = Factor::new(FactorKind::Totp { totp_registration_id: registration_id }, now);
    Ok(caller.respond(finish_mfa(&mut w, &app.keys(), authority, factor, minutes)))
}
