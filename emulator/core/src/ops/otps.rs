//! SMS one-time passcodes as an MFA factor: `otps.sms.send` and `otps.sms.authenticate`.

use stytch_b2b_protocol as pm;
use stytch_b2b_protocol::requests::SmsSendOptions;

use crate::checks::{check_member, check_phone, member_mut};
use crate::env::Env;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::extract::{Caller, Sent};
use crate::factors::check_mfa_method_allowed;
use crate::lockout::record_failed_attempt;
use crate::mfa::{apply_enrollment, authorize_factor_enrollment, finish_mfa, CodeStep};
use crate::model::{Factor, FactorKind, World};
use crate::render::member_response;
use crate::sms::{send_sms_code, take_allowance};

/// `otps.sms.send`: a code to the member's phone, or to a new one, which it links to the
/// member unverified (a successful authenticate verifies it).
pub fn sms_send(w: &mut World, env: &Env, caller: &Caller, sent: Sent<SmsSendOptions>) -> ApiResult<pm::MemberResponse> {
    let req = sent.options;
    let requested = req.mfa_phone_number.filter(|p| !p.is_empty());
    if let Some(phone) = requested.as_deref() {
        check_phone(phone)?;
    }
    check_member(w, &req.organization_id, &req.member_id)?;
    check_mfa_method_allowed(w, &req.organization_id, "sms_otp")?;
    let session = caller.session_token(w, env.keys, &sent.session)?;
    // A code to the member's verified phone uses their factor; to any other phone it enrolls one.
    let ist = sent.intermediate_session_token.as_deref();
    authorize_factor_enrollment(w, caller.surface, session.as_deref(), ist, &req.organization_id, &req.member_id, "sms_otp")?;
    let phone = phone_to_send_to(w, &req.organization_id, &req.member_id, requested)?;
    // The allowance is the last check, and taking it the first change.
    take_allowance(w, env, &format!("member:{}", req.member_id), &phone)?;

    let m = member_mut(w, &req.member_id);
    if m.mfa_phone_number != phone {
        m.mfa_phone_number = phone.clone();
        m.mfa_phone_number_verified = false;
        m.phone_id = env.generate.id("phone-number");
        m.updated_at = env.now;
    }
    send_sms_code(w, env, &req.member_id, &phone);
    Ok(member_response(w, env.now, &req.member_id))
}

/// The phone a send goes to: a member with a verified phone gets codes there only; one
/// without gets them at the requested number, else at the unverified number they have. A
/// number another member of the organization has verified is theirs.
fn phone_to_send_to(w: &World, organization_id: &str, member_id: &str, requested: Option<String>) -> ApiResult<String> {
    let member = &w.members[member_id];
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
            return Err(ApiError::new(400, ErrorType::MemberPhoneNumberNotFound, "The member has no phone number; pass mfa_phone_number."))
        }
    };
    let taken = w
        .members
        .values()
        .any(|m| m.member_id != member_id && m.organization_id == organization_id && m.has_verified_phone() && m.mfa_phone_number == phone);
    if taken {
        return Err(ApiError::new(
            400,
            ErrorType::DuplicateMemberPhoneNumber,
            "Another member of this organization already uses this phone number.",
        ));
    }
    Ok(phone)
}

/// `otps.sms.authenticate`: the member's current code as an MFA step; it verifies the phone
/// it was sent to. A wrong code changes two things, on purpose: it uses up one of the code's
/// attempts (the last burns the code) and counts towards the member's lock.
pub fn sms_authenticate(w: &mut World, env: &Env, caller: &Caller, req: CodeStep) -> ApiResult<pm::SessionResponse> {
    let (minutes, authority) = req.check(w, env, caller, "sms_otp")?;

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
        record_failed_attempt(w, env, &req.member_id);
        return Err(ApiError::new(404, ErrorType::OtpCodeNotFound, "The passcode is incorrect or has expired."));
    }
    let otp = w.sms_otps.remove(&req.member_id).expect("just found");

    let m = member_mut(w, &req.member_id);
    m.mfa_phone_number = otp.phone_number.clone();
    m.mfa_phone_number_verified = true;
    let factor = Factor::new(FactorKind::SmsOtp { phone_id: m.phone_id.clone(), phone_number: otp.phone_number }, env.now);
    apply_enrollment(w, env, &req.member_id, "sms_otp", req.set_mfa_enrollment, req.set_default_mfa);
    Ok(finish_mfa(w, env, authority, factor, minutes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::testing::Numbered;
    use crate::jwt::Keys;
    use crate::ops::testing::assert_refusals_change_nothing;
    use crate::seed::{Seed, DEFAULT_SEED};

    const ACME: &str = stytch_testkit::ACME;
    /// A member with no MFA factor yet: the backend API may enroll a phone without a session.
    const NEW_MEMBER: &str = stytch_testkit::ACME_NEW.id;
    /// A member with a verified TOTP registration and no phone.
    const TOTP_MEMBER: &str = stytch_testkit::ACME_TOTP.id;
    /// The verified phone of Acme's SMS member.
    const SMS_MEMBERS_PHONE: &str = stytch_testkit::ACME_SMS.phone;

    fn send(member_id: &str, phone: Option<&str>) -> Sent<SmsSendOptions> {
        Sent::new(SmsSendOptions {
            organization_id: ACME.into(),
            member_id: member_id.into(),
            mfa_phone_number: phone.map(str::to_string),
            ..Default::default()
        })
    }

    #[test]
    fn a_send_takes_its_time_phone_id_and_code_from_its_env() {
        let mut w = Seed::parse(DEFAULT_SEED).unwrap().to_world(0);
        let (keys, numbered) = (Keys::generate(), Numbered::default());
        let env = Env { now: 1_000_000, keys: &keys, generate: &numbered, limits: &crate::limits::Limits::STYTCH };
        sms_send(&mut w, &env, &Caller::backend(), send(NEW_MEMBER, Some("+15555550199"))).unwrap();
        let m = &w.members[NEW_MEMBER];
        assert_eq!((m.phone_id.as_str(), m.mfa_phone_number_verified, m.updated_at), ("phone-number-1", false, 1_000_000));
        let otp = &w.sms_otps[NEW_MEMBER];
        assert_eq!((otp.code.as_str(), otp.expires_at), ("000002", 1_000_000 + w.project.sms_otp_expiration_minutes * 60));
        let sent = w.outbox.back().unwrap();
        assert_eq!((sent.code.as_deref(), sent.sent_at.as_str()), (Some("000002"), crate::text::rfc3339(1_000_000).as_str()));
    }

    /// Validate before mutate: a refused send leaves the world as it was (no allowance taken,
    /// no number linked) and draws no value.
    #[test]
    fn a_refused_send_changes_nothing() {
        let refusals = [
            (send(NEW_MEMBER, Some("555")), ErrorType::InvalidPhoneNumber),
            (send("member-test-unknown", Some("+15555550199")), ErrorType::MemberNotFound),
            (send(NEW_MEMBER, None), ErrorType::MemberPhoneNumberNotFound),
            (send(NEW_MEMBER, Some(SMS_MEMBERS_PHONE)), ErrorType::DuplicateMemberPhoneNumber),
            (send(TOTP_MEMBER, Some("+15555550199")), ErrorType::ActionAvailableOnlyOncePrimaryAuthenticationIsMet),
        ];
        assert_refusals_change_nothing(sms_send, refusals);
    }
}
