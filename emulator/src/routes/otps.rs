//! SMS one-time passcodes as an MFA factor: `otps.sms.send` and `otps.sms.authenticate`.

use axum::{extract::State, Json};
use serde::Deserialize;
use serde_json::Value;

use crate::checks::{check_member, check_phone, member_mut};
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::extract::{BodySession, Caller, Payload};
use crate::factors::check_mfa_method_allowed;
use crate::ids::new_id;
use crate::lockout::record_failed_attempt;
use crate::mfa::{CodeStep, apply_enrollment, authorize_factor_enrollment, finish_mfa};
use crate::model::{Factor, FactorKind};
use crate::render::member_response;
use crate::sms::{send_sms_code, take_sms_allowance};
use crate::state::App;

#[derive(Deserialize)]
pub struct SendRequest {
    organization_id: String,
    member_id: String,
    mfa_phone_number: Option<String>,
    intermediate_session_token: Option<String>,
    #[allow(dead_code)]
    locale: Option<String>,
    #[allow(dead_code)]
    enable_autofill: Option<bool>,
    #[allow(dead_code)]
    autofill_session_duration_minutes: Option<i64>,
    #[serde(flatten)]
    session: BodySession,
}

pub async fn sms_send(State(app): State<App>, caller: Caller, Payload(req): Payload<SendRequest>) -> ApiResult<Json<Value>> {
    if let Some(phone) = req.mfa_phone_number.as_deref().filter(|p| !p.is_empty()) {
        check_phone(phone)?;
    }
    let mut w = app.world();
    check_member(&w, &req.organization_id, &req.member_id)?;
    check_mfa_method_allowed(&w, &req.organization_id, "sms_otp")?;
    let session = caller.session_token(&w, &app.keys(), &req.session)?;
    // A code to the member's verified phone uses their factor; to any other phone it enrolls one.
    let ist = req.intermediate_session_token.as_deref();
    authorize_factor_enrollment(&w, caller.surface, session.as_deref(), ist, &req.organization_id, &req.member_id, "sms_otp")?;

    let member = &w.members[&req.member_id];
    let requested = req.mfa_phone_number.clone().filter(|p| !p.is_empty());
    let phone = match (member.has_verified_phone(), requested) {
        (true, Some(p)) if p != member.mfa_phone_number => {
            return Err(ApiError::new(
                400,
                ErrorType::MfaPhoneNumberMismatch,
                "The member already has a verified phone number; mfa_phone_number must match it.",
            ))
        }
        (true, _) => member.mfa_phone_number.clone(),
        (false, Some(p)) => p,
        (false, None) if !member.mfa_phone_number.is_empty() => member.mfa_phone_number.clone(),
        (false, None) => {
            return Err(ApiError::new(
                400,
                ErrorType::MemberPhoneNumberNotFound,
                "The member has no phone number; pass mfa_phone_number.",
            ))
        }
    };
    let taken = w.members.values().any(|m| {
        m.member_id != req.member_id && m.organization_id == req.organization_id && m.has_verified_phone() && m.mfa_phone_number == phone
    });
    if taken {
        return Err(ApiError::new(
            400,
            ErrorType::DuplicateMemberPhoneNumber,
            "Another member of this organization already uses this phone number.",
        ));
    }
    take_sms_allowance(&mut w, &format!("member:{}", req.member_id), &phone)?;
    // A new number is linked to the member now and verified by a successful authenticate.
    let now = w.now();
    let m = member_mut(&mut w, &req.member_id);
    if m.mfa_phone_number != phone {
        m.mfa_phone_number = phone.clone();
        m.mfa_phone_number_verified = false;
        m.phone_id = new_id("phone-number");
        m.updated_at = now;
    }
    send_sms_code(&mut w, &req.member_id, &phone);
    Ok(caller.respond(member_response(&w, &req.member_id)))
}

pub async fn sms_authenticate(State(app): State<App>, caller: Caller, Payload(req): Payload<CodeStep>) -> ApiResult<Json<Value>> {
    let mut w = app.world();
    let (minutes, authority) = req.check(&w, &caller, &app.keys(), "sms_otp")?;

    let not_found = || ApiError::new(404, ErrorType::OtpCodeNotFound, "The passcode is incorrect or has expired.");
    let matches = match w.sms_otps.get_mut(&req.member_id) {
        Some(otp) if otp.organization_id == req.organization_id => {
            let ok = otp.code == req.code;
            if !ok {
                otp.attempts_left = otp.attempts_left.saturating_sub(1);
                if otp.attempts_left == 0 {
                    w.sms_otps.remove(&req.member_id);
                }
            }
            ok
        }
        _ => false,
    };
    if !matches {
        record_failed_attempt(&mut w, &req.member_id);
        return Err(not_found());
    }
    let otp = w.sms_otps.remove(&req.member_id).expect("just found");

    let now = w.now();
    let m = member_mut(&mut w, &req.member_id);
    m.mfa_phone_number = otp.phone_number.clone();
    m.mfa_phone_number_verified = true;
    let factor = Factor::new(FactorKind::SmsOtp { phone_id: m.phone_id.clone(), phone_number: otp.phone_number }, now);
    apply_enrollment(&mut w, &req.member_id, "sms_otp", req.set_mfa_enrollment.as_deref(), req.set_default_mfa);
    Ok(caller.respond(finish_mfa(&mut w, &app.keys(), authority, factor, minutes)))
}
