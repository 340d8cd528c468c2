//! `POST /v1/otps/sms/send` and `POST /v1/otps/authenticate`: the consumer guide's second
//! factor. Sending with a session (or `user_id`) attaches a new phone number to that user,
//! unverified until its code is authenticated; the `phone_id` is the code's `method_id`.

use axum::{extract::State, Json};
use serde::Deserialize;
use serde_json::{json, Value};

use super::{attach_factor, auth_response, caller_session, optional_minutes, user_not_found};
use crate::checks::{check_phone, require};
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::extract::{BodySession, ConsumerCaller, Payload};
use crate::ids::{new_id, new_otp_code};
use crate::lockout::locked;
use crate::model::{Factor, FactorKind, OutboxMessage, PhoneOtp, UserPhone};
use crate::render::Object;
use crate::sms::{SMS_ATTEMPTS, take_sms_allowance};
use crate::state::App;

/// Stytch's range and default for consumer SMS passcodes.
const EXPIRATION_MINUTES: std::ops::RangeInclusive<i64> = 1..=10;
const DEFAULT_EXPIRATION_MINUTES: i64 = 2;
/// A user may hold at most this many phone numbers here.
const MAX_PHONES_PER_USER: usize = 10;

#[derive(Deserialize)]
pub struct SendRequest {
    phone_number: String,
    expiration_minutes: Option<i64>,
    user_id: Option<String>,
    #[serde(flatten)]
    session: BodySession,
}

pub async fn sms_send(State(app): State<App>, caller: ConsumerCaller, Payload(req): Payload<SendRequest>) -> ApiResult<Json<Value>> {
    check_phone(&req.phone_number)?;
    let minutes = req.expiration_minutes.unwrap_or(DEFAULT_EXPIRATION_MINUTES);
    if !EXPIRATION_MINUTES.contains(&minutes) {
        return Err(ApiError::new(400, ErrorType::InvalidExpirationMinutes, "expiration_minutes must be from 1 to 10."));
    }
    let mut w = app.world();
    let session_user = caller_session(&w, &app.consumer_keys(), &req.session)?.map(|t| w.user_sessions[&t].user_id.clone());
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
    if !w.users.contains_key(&user_id) {
        return Err(user_not_found());
    }
    if owner.as_ref().is_some_and(|o| *o != user_id) {
        return Err(ApiError::new(400, ErrorType::DuplicatePhoneNumber, "Another user already has this phone number."));
    }
    let user = &w.users[&user_id];
    let new_number = !user.phone_numbers.iter().any(|p| p.phone_number == req.phone_number);
    if new_number && user.phone_numbers.len() >= MAX_PHONES_PER_USER {
        return Err(ApiError::new(400, ErrorType::TooManyPhoneNumbers, "The user has as many phone numbers as the emulator keeps."));
    }
    // As on Stytch: a user whose email is still unverified cannot add another unverified factor.
    if new_number && !user.email.is_empty() && !user.email_verified {
        return Err(ApiError::new(
            400,
            ErrorType::TooManyUnverifiedFactors,
            "The user's email address is not verified yet, so no other unverified factor can be added.",
        ));
    }
    // Keyed apart from the B2B project's sends to the same number: at Stytch the two are
    // separate projects, and one's sends do not use up the other's allowance.
    take_sms_allowance(&mut w, &format!("user:{user_id}"), &format!("consumer:{}", req.phone_number))?;
    let now = w.now();
    let user = w.users.get_mut(&user_id).expect("checked above");
    let phone_id = match user.phone_numbers.iter().find(|p| p.phone_number == req.phone_number) {
        Some(p) => p.phone_id.clone(),
        None => {
            let id = new_id("phone-number");
            user.phone_numbers.push(UserPhone { phone_id: id.clone(), phone_number: req.phone_number.clone(), verified: false });
            id
        }
    };
    let code = new_otp_code();
    w.phone_otps.insert(
        phone_id.clone(),
        PhoneOtp { user_id: user_id.clone(), code: code.clone(), expires_at: now + minutes * 60, attempts_left: SMS_ATTEMPTS },
    );
    let message = OutboxMessage::sms(&req.phone_number, "", &user_id, &code, &w.consumer_project.name);
    w.push_outbox(message);
    let mut out = Object::new();
    out.insert("user_id".into(), json!(user_id));
    out.insert("phone_id".into(), json!(phone_id));
    Ok(caller.respond(out))
}

#[derive(Deserialize)]
pub struct AuthenticateRequest {
    method_id: String,
    code: String,
    session_duration_minutes: Option<i64>,
    #[serde(flatten)]
    session: BodySession,
}

pub async fn authenticate(
    State(app): State<App>,
    caller: ConsumerCaller,
    Payload(req): Payload<AuthenticateRequest>,
) -> ApiResult<Json<Value>> {
    require("method_id", &req.method_id)?;
    require("code", &req.code)?;
    let minutes = optional_minutes(req.session_duration_minutes)?;
    let mut w = app.world();
    // A bad session is refused before the code is spent.
    let session = caller_session(&w, &app.consumer_keys(), &req.session)?;
    let not_found = || ApiError::new(404, ErrorType::OtpCodeNotFound, "The passcode is incorrect or has expired.");
    let user_id = w.phone_otps.get(&req.method_id).map(|o| o.user_id.clone()).ok_or_else(not_found)?;
    let now = w.now();
    if w.users.get(&user_id).is_some_and(|u| u.lock.is_locked(now)) {
        return Err(locked());
    }
    let otp = w.phone_otps.get_mut(&req.method_id).expect("found above");
    if otp.code != req.code {
        otp.attempts_left = otp.attempts_left.saturating_sub(1);
        if otp.attempts_left == 0 {
            w.phone_otps.remove(&req.method_id);
        }
        let limits = w.project.limits.clone();
        if let Some(u) = w.users.get_mut(&user_id) {
            u.lock.record_failure(now, &limits);
        }
        return Err(not_found());
    }
    w.phone_otps.remove(&req.method_id);
    let user = w.users.get_mut(&user_id).ok_or_else(user_not_found)?;
    let phone = user.phone_numbers.iter_mut().find(|p| p.phone_id == req.method_id).ok_or_else(not_found)?;
    phone.verified = true;
    let kind = FactorKind::SmsOtp { phone_id: phone.phone_id.clone(), phone_number: phone.phone_number.clone() };
    let token = attach_factor(&mut w, &user_id, session, Factor::new(kind, now), minutes)?;
    let mut out = auth_response(&w, &app.consumer_keys(), &user_id, token.as_deref());
    out.insert("method_id".into(), json!(req.method_id));
    out.insert("reset_sessions".into(), json!(false));
    Ok(caller.respond(out))
}
