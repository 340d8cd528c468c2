//! `POST /v1/otps/sms/send` and `POST /v1/otps/authenticate`: the consumer guide's second
//! factor. Sending with a session (or `user_id`) attaches a new phone number to that user,
//! unverified until its code is authenticated; the `phone_id` is the code's `method_id`.

use stytch_b2b_protocol::consumer as pc;
use stytch_b2b_protocol::consumer::{OtpAuthenticateRequest, SmsSendRequest};

use super::{attach_factor, auth_response, caller_session, check_session_owner, optional_minutes, user_not_found};
use crate::checks::{check_phone, require};
use crate::env::Env;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::extract::Sent;
use crate::lockout::locked;
use crate::model::{Factor, FactorKind, OutboxMessage, PhoneOtp, UserPhone, World};
use crate::sessions::Unsigned;
use crate::sms::take_allowance;

/// `otps.sms.send`: a code to the number, for the user the session or `user_id` names (or
/// who already has the number); a new number joins that user, unverified.
pub fn sms_send(w: &mut World, env: &Env, sent: Sent<SmsSendRequest>) -> ApiResult<pc::SmsSendResponse> {
    let req = sent.options;
    check_phone(&req.phone_number)?;
    let minutes = req.expiration_minutes.unwrap_or(env.limits.consumer_sms_code_default_minutes);
    if !env.limits.consumer_sms_code_minutes.contains(&minutes) {
        return Err(ApiError::new(400, ErrorType::InvalidExpirationMinutes, "expiration_minutes must be from 1 to 10."));
    }
    let session_user = caller_session(w, env, &sent.session)?.map(|t| w.user_sessions[&t].user_id.clone());
    let named_user = req.user_id.filter(|u| !u.is_empty());
    let owner = w.users.values().find(|u| u.phone_numbers.iter().any(|p| p.phone_number == req.phone_number)).map(|u| u.user_id.clone());
    let user_id = match (session_user, named_user) {
        (Some(s), Some(n)) if s != n => {
            return Err(ApiError::new(400, ErrorType::SessionUserMismatch, "user_id and the session name different users."))
        }
        (Some(u), _) | (None, Some(u)) => u,
        (None, None) => owner.clone().ok_or_else(|| {
            ApiError::new(404, ErrorType::PhoneNumberNotFound, "No user has this phone number; pass user_id or a session to add it.")
        })?,
    };
    let user = w.users.get(&user_id).ok_or_else(user_not_found)?;
    if owner.as_ref().is_some_and(|o| *o != user_id) {
        return Err(ApiError::new(400, ErrorType::DuplicatePhoneNumber, "Another user already has this phone number."));
    }
    let known = user.phone_numbers.iter().find(|p| p.phone_number == req.phone_number).map(|p| p.phone_id.clone());
    if known.is_none() && user.phone_numbers.len() >= env.limits.phones_per_user {
        return Err(ApiError::new(400, ErrorType::TooManyPhoneNumbers, "The user has as many phone numbers as the emulator keeps."));
    }
    // As on Stytch: a user whose email is still unverified cannot add another unverified factor.
    if known.is_none() && !user.email.is_empty() && !user.email_verified {
        return Err(ApiError::new(
            400,
            ErrorType::TooManyUnverifiedFactors,
            "The user's email address is not verified yet, so no other unverified factor can be added.",
        ));
    }
    // The last check, and the first change: it takes one send from the allowance. Keyed apart
    // from the B2B project's sends to the same number: at Stytch the two are separate
    // projects, and one's sends do not use up the other's allowance.
    take_allowance(w, env, &format!("user:{user_id}"), &format!("consumer:{}", req.phone_number))?;

    let phone_id = known.unwrap_or_else(|| {
        let id = env.generate.id("phone-number");
        let phone = UserPhone { phone_id: id.clone(), phone_number: req.phone_number.clone(), verified: false };
        w.users.get_mut(&user_id).expect("found above").phone_numbers.push(phone);
        id
    });
    let code = env.generate.otp_code();
    let otp = PhoneOtp {
        user_id: user_id.clone(),
        code: code.clone(),
        expires_at: env.now + minutes * 60,
        attempts_left: env.limits.sms_code_attempts,
    };
    w.phone_otps.insert(phone_id.clone(), otp);
    let message = OutboxMessage::sms(&req.phone_number, "", &user_id, &code, &w.consumer_project.name);
    w.push_outbox_at(message, env.now);
    Ok(pc::SmsSendResponse { user_id, phone_id })
}

/// `otps.authenticate`: the phone's code as a factor, verifying the phone. Every check comes
/// before the code is judged, so a refused request leaves the code as it was; a wrong code
/// changes two things, on purpose: it uses up one of the code's attempts and counts towards
/// the user's lock.
pub fn authenticate(w: &mut World, env: &Env, sent: Sent<OtpAuthenticateRequest>) -> ApiResult<Unsigned<pc::OtpAuthenticateResponse>> {
    let req = sent.options;
    require("method_id", &req.method_id)?;
    require("code", &req.code)?;
    let minutes = optional_minutes(req.session_duration_minutes)?;
    let session = caller_session(w, env, &sent.session)?;
    let otp = w.phone_otps.get(&req.method_id).ok_or_else(code_not_found)?;
    let user_id = otp.user_id.clone();
    let user = w.users.get(&user_id).ok_or_else(user_not_found)?;
    let phone = user.phone_numbers.iter().find(|p| p.phone_id == req.method_id).ok_or_else(code_not_found)?;
    let kind = FactorKind::SmsOtp { phone_id: phone.phone_id.clone(), phone_number: phone.phone_number.clone() };
    if user.lock.is_locked(env.now) {
        return Err(locked());
    }
    check_session_owner(w, session.as_deref(), &user_id)?;
    if otp.code != req.code {
        spend_attempt(w, env, &req.method_id, &user_id);
        return Err(code_not_found());
    }

    w.phone_otps.remove(&req.method_id);
    let user = w.users.get_mut(&user_id).expect("found above");
    user.phone_numbers.iter_mut().filter(|p| p.phone_id == req.method_id).for_each(|p| p.verified = true);
    let token = attach_factor(w, env, &user_id, session, Factor::new(kind, env.now), minutes);
    let out = auth_response(w, env, &user_id, token.as_deref());
    Ok(out.map(|authenticated| pc::OtpAuthenticateResponse { authenticated, method_id: req.method_id, reset_sessions: false }))
}

/// A wrong code: one attempt fewer (none left burns the code) and one failure towards the
/// user's lock.
fn spend_attempt(w: &mut World, env: &Env, phone_id: &str, user_id: &str) {
    let otp = w.phone_otps.get_mut(phone_id).expect("found before");
    otp.attempts_left = otp.attempts_left.saturating_sub(1);
    if otp.attempts_left == 0 {
        w.phone_otps.remove(phone_id);
    }
    let limits = w.project.limits.clone();
    if let Some(u) = w.users.get_mut(user_id) {
        u.lock.record_failure(env.now, &limits);
    }
}

fn code_not_found() -> ApiError {
    ApiError::new(404, ErrorType::OtpCodeNotFound, "The passcode is incorrect or has expired.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::testing::Numbered;
    use crate::jwt::Keys;
    use crate::model::UserSession;
    use crate::seed::{Seed, DEFAULT_SEED};

    /// The seeded consumer user (email verified, no phone).
    const CASEY: &str = "user-test-00000000-0000-4000-8000-000000000301";
    const PHONE: &str = "+15555550399";

    fn send(user_id: Option<&str>) -> Sent<SmsSendRequest> {
        Sent::new(SmsSendRequest { phone_number: PHONE.into(), expiration_minutes: None, user_id: user_id.map(String::from) })
    }

    fn authenticate_request(method_id: &str, code: &str, session_token: Option<&str>) -> Sent<OtpAuthenticateRequest> {
        let request = OtpAuthenticateRequest { method_id: method_id.into(), code: code.into(), session_duration_minutes: Some(30) };
        let session = crate::extract::BodySession { session_token: session_token.map(String::from), session_jwt: None };
        Sent { session, ..Sent::new(request) }
    }

    #[test]
    fn a_send_takes_its_time_and_values_from_its_env() {
        let mut w = Seed::parse(DEFAULT_SEED).unwrap().to_world(0);
        let (keys, numbered) = (Keys::generate(), Numbered::default());
        let env = Env { now: 1_000_000, keys: &keys, generate: &numbered, limits: &crate::limits::Limits::STYTCH };
        let out = sms_send(&mut w, &env, send(Some(CASEY))).unwrap();
        assert_eq!(out.phone_id, "phone-number-1");
        let otp = &w.phone_otps["phone-number-1"];
        assert_eq!(
            (otp.code.as_str(), otp.expires_at),
            ("000002", 1_000_000 + crate::limits::Limits::STYTCH.consumer_sms_code_default_minutes * 60)
        );
    }

    /// Validate before mutate: a code sent with another user's session is refused before it is
    /// judged; nothing changes and nothing is drawn. Then it works for its own user.
    #[test]
    fn a_refused_authenticate_changes_nothing() {
        let mut w = Seed::parse(DEFAULT_SEED).unwrap().to_world(0);
        let (keys, numbered) = (Keys::generate(), Numbered::default());
        let env = Env { now: 1_000_000, keys: &keys, generate: &numbered, limits: &crate::limits::Limits::STYTCH };
        let phone_id = sms_send(&mut w, &env, send(Some(CASEY))).unwrap().phone_id;
        let code = w.phone_otps[&phone_id].code.clone();
        let other = super::super::users::new_user(&env, "other@example.test", None);
        let other_id = other.user_id.clone();
        w.users.insert(other_id.clone(), other);
        let session = UserSession {
            session_id: "s".into(),
            user_id: other_id,
            started_at: 0,
            last_accessed_at: 0,
            expires_at: 2_000_000,
            factors: vec![],
        };
        w.user_sessions.insert("others-token".into(), session);

        let before = serde_json::to_value(&w).unwrap();
        let drawn = numbered.drawn();
        let refusals = [
            (authenticate_request(&phone_id, &code, Some("others-token")), ErrorType::SessionUserMismatch),
            (authenticate_request(&phone_id, &code, Some("no-such-token")), ErrorType::SessionNotFound),
            (authenticate_request("phone-number-unknown", &code, None), ErrorType::OtpCodeNotFound),
        ];
        for (req, expected) in refusals {
            let e = authenticate(&mut w, &env, req).err().expect("refused");
            assert_eq!(e.error_type, expected);
        }
        assert_eq!(serde_json::to_value(&w).unwrap(), before);
        assert_eq!(numbered.drawn(), drawn, "no value drawn");

        let out = authenticate(&mut w, &env, authenticate_request(&phone_id, &code, None)).unwrap().sign(&keys);
        assert_eq!(out.authenticated.user_id, CASEY);
        assert!(!w.phone_otps.contains_key(&phone_id), "spent by the request that succeeded");
        let jwt = keys.verify(&out.authenticated.session_jwt, &w.consumer_project.project_id).expect("signed by the handler's key");
        assert_eq!(jwt["sub"], CASEY);
    }
}
