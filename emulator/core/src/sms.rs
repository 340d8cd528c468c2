//! SMS one-time passcodes: the send allowance per phone number and recipient, and the send.

use crate::env::Env;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::model::{OutboxMessage, SmsOtp, World};

/// Takes one SMS send from the phone number's and the recipient's allowance, or refuses with
/// 429 `too_many_requests` when either is used up for the current window. `owner` is
/// `member:<id>` or `user:<id>`; members and consumer users share the per-recipient limit.
/// Send times older than the window are already gone: `App::world()` sweeps on every lock.
pub fn take_allowance(w: &mut World, env: &Env, owner: &str, phone: &str) -> ApiResult<()> {
    let now = env.now;
    let limits = &w.project.limits;
    let keys = [(format!("phone:{phone}"), limits.sms_sends_per_phone), (owner.to_string(), limits.sms_sends_per_member)];
    for (key, max) in &keys {
        if w.sms_sends.get(key).is_some_and(|times| times.len() >= *max as usize) {
            return Err(ApiError::new(
                429,
                ErrorType::TooManyRequests,
                "Too many SMS messages were sent to this phone number or member recently. Please try again later.",
            ));
        }
    }
    for (key, _) in keys {
        w.sms_sends.entry(key).or_default().push_back(now);
    }
    Ok(())
}

/// Sends a fresh six-digit code, replacing any earlier one for this member.
pub fn send_sms_code(w: &mut World, env: &Env, member_id: &str, phone: &str) {
    let code = env.generate.otp_code();
    let expires_at = env.now + w.project.sms_otp_expiration_minutes * 60;
    let m = &w.members[member_id];
    let organization_id = m.organization_id.clone();
    w.sms_otps.insert(
        member_id.to_string(),
        SmsOtp {
            organization_id: organization_id.clone(),
            phone_number: phone.to_string(),
            code: code.clone(),
            expires_at,
            attempts_left: env.limits.sms_code_attempts,
        },
    );
    let message = OutboxMessage::sms(phone, &organization_id, member_id, &code, &w.project.name);
    w.push_outbox_at(message, env.now);
}
