//! Email one-time passcodes (#22 flows): `otps.email.loginOrSignup` / `authenticate`, a
//! primary factor in an organization, and `otps.email.discovery.send` / `authenticate`, which
//! prove an email before any organization is chosen. Codes go to the outbox; a wrong code
//! uses up one of the code's attempts (the last burns it) and, for a member, counts towards
//! their user lock, as SMS codes do.

use crate::checks::check_email;
use serde_json::json;
use stytch_b2b_protocol as pm;
use stytch_b2b_protocol::requests::{
    EmailOtpAuthenticateOptions, EmailOtpDiscoveryAuthenticateOptions, EmailOtpDiscoverySendOptions, EmailOtpLoginOrSignupOptions,
};
use stytch_b2b_protocol::MemberStatus;

use crate::checks::{member_mut, require, session_minutes};
use crate::env::Env;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::extract::{Caller, Sent};
use crate::jit::{check_room, may_sign_up};
use crate::limits::make_room_overall;
use crate::lockout::{check_unlocked, record_failed_attempt};
use crate::member_sessions::caller_session;
use crate::model::{EmailOtp, Factor, FactorKind, OutboxMessage, World};
use crate::ops::discovery::start_session;
use crate::ops::organizations::existing_or_new_member;
use crate::primary::complete_primary;
use crate::render::login_or_signup_response;

/// A requested lifetime in minutes, within Stytch's bounds, as seconds.
fn lifetime(env: &Env, minutes: Option<i64>) -> ApiResult<i64> {
    let minutes = minutes.unwrap_or(env.limits.email_code_default_minutes);
    let range = &env.limits.email_code_minutes;
    if !range.contains(&minutes) {
        return Err(ApiError::new(
            400,
            ErrorType::InvalidExpirationMinutes,
            format!("The expiration must be from {} to {} minutes.", range.start(), range.end()),
        ));
    }
    Ok(minutes * 60)
}

fn code_not_found() -> ApiError {
    ApiError::new(404, ErrorType::OtpCodeNotFound, "The passcode is incorrect or has expired.")
}

/// A fresh code and the email that carries it (the outbox numbers and dates it).
pub(crate) fn passcode_email(w: &World, env: &Env, to: &str, organization_id: &str, member_id: &str) -> (String, OutboxMessage) {
    let code = env.generate.otp_code();
    let body = format!("{code} is your {} login code.", w.project.name);
    let message = OutboxMessage { code: Some(code.clone()), ..OutboxMessage::email(to, organization_id, member_id, body) };
    (code, message)
}

/// Checks `code` against the stored passcode: a match spends it; a miss uses up one attempt
/// and burns the code at the last. Answers whether it matched.
fn spend_code(codes: &mut std::collections::HashMap<String, EmailOtp>, key: &str, code: &str) -> bool {
    let Some(otp) = codes.get_mut(key) else { return false };
    if otp.code == code {
        codes.remove(key);
        return true;
    }
    otp.attempts_left = otp.attempts_left.saturating_sub(1);
    if otp.attempts_left == 0 {
        codes.remove(key);
    }
    false
}

/// `otps.email.loginOrSignup`: a code to the member of this email, or to a new (pending)
/// member when the organization lets this email sign up; a new send replaces the old code.
pub fn login_or_signup(
    w: &mut World,
    env: &Env,
    _caller: &Caller,
    req: EmailOtpLoginOrSignupOptions,
) -> ApiResult<pm::MagicLinkSendResponse> {
    require("organization_id", &req.organization_id)?;
    check_email(&req.email_address)?;
    let org = w.organizations.get(&req.organization_id).ok_or_else(ApiError::organization_not_found)?;
    let existing = w.member_by_email(&req.organization_id, &req.email_address).map(|m| m.member_id.clone());
    let seconds = lifetime(env, if existing.is_some() { req.login_expiration_minutes } else { req.signup_expiration_minutes })?;
    if existing.is_none() {
        if !may_sign_up(org, &req.email_address) {
            return Err(ApiError::new(
                403,
                ErrorType::EmailJitProvisioningNotAllowed,
                "This organization does not allow new members to sign up by email.",
            ));
        }
        check_room(w, &req.organization_id)?;
    }
    // Every check passed: from here on the world changes.
    let (member_id, created) = existing_or_new_member(w, env, existing, &req.organization_id, &req.email_address);
    let (code, message) = passcode_email(w, env, &req.email_address, &req.organization_id, &member_id);
    w.email_otps.insert(
        member_id.clone(),
        EmailOtp { code, expires_at: env.now + seconds, attempts_left: env.limits.email_code_attempts, new_email: None },
    );
    w.push_outbox_at(message, env.now);
    Ok(login_or_signup_response(w, env.now, &member_id, created))
}

/// `otps.email.authenticate`: the member's current code as a primary factor; it proves the
/// inbox (the member becomes active). Answers a session, or an IST with `mfa_required` /
/// `primary_required` as every primary factor does. A wrong code counts towards the lock.
pub fn authenticate(
    w: &mut World,
    env: &Env,
    caller: &Caller,
    sent: Sent<EmailOtpAuthenticateOptions>,
) -> ApiResult<pm::AuthenticateResponse> {
    let req = &sent.options;
    require("organization_id", &req.organization_id)?;
    require("email_address", &req.email_address)?;
    require("code", &req.code)?;
    let minutes = session_minutes(Some(req.session_duration_minutes))?;
    let session = caller.session_token(w, env.keys, &sent.session)?;
    caller_session(w, session.as_deref())?;
    if !w.organizations.contains_key(&req.organization_id) {
        return Err(ApiError::organization_not_found());
    }
    // An unknown email and a wrong code look the same, so the endpoint cannot probe for members.
    // The email is the member's, or the new one an email update sent its code to.
    let member_id = w
        .member_by_email(&req.organization_id, &req.email_address)
        .map(|m| m.member_id.clone())
        .or_else(|| w.email_update_code(&req.organization_id, &req.email_address, env.now))
        .ok_or_else(code_not_found)?;
    check_unlocked(w, env, &member_id)?;
    let new_email = w.email_otps.get(&member_id).and_then(|o| o.new_email.clone()).filter(|e| e.eq_ignore_ascii_case(&req.email_address));
    if !spend_code(&mut w.email_otps, &member_id, &req.code) {
        record_failed_attempt(w, env, &member_id);
        return Err(code_not_found());
    }
    // An email-update code proves its new address, which becomes the member's before the login.
    if let Some(email) = new_email {
        crate::ops::email_updates::complete(w, env, &member_id, &email)?;
    }
    let m = member_mut(w, &member_id);
    m.email_address_verified = true;
    m.status = MemberStatus::Active;
    m.updated_at = env.now;
    let kind = FactorKind::EmailOtp { email_id: m.email_id.clone(), email_address: m.email_address.clone() };
    let method_id = m.email_id.clone();
    let ist = sent.intermediate_session_token.as_deref();
    let mut out = complete_primary(w, env, session.as_deref(), ist, &member_id, Factor::new(kind, env.now), minutes)?;
    out.extra.insert("method_id".into(), json!(method_id));
    Ok(out)
}

/// `otps.email.discovery.send`: a code that proves the inbox before any organization is
/// chosen; a new send replaces the email's earlier code.
pub fn discovery_send(w: &mut World, env: &Env, _caller: &Caller, req: EmailOtpDiscoverySendOptions) -> ApiResult<pm::BasicResponse> {
    check_email(&req.email_address)?;
    let seconds = lifetime(env, req.discovery_expiration_minutes)?;
    let key = req.email_address.to_ascii_lowercase();
    let (code, message) = passcode_email(w, env, &req.email_address, "", "");
    if !w.discovery_otps.contains_key(&key) {
        make_room_overall(&mut w.discovery_otps, env.limits.discovery_entries, |o| o.expires_at);
    }
    w.discovery_otps
        .insert(key, EmailOtp { code, expires_at: env.now + seconds, attempts_left: env.limits.email_code_attempts, new_email: None });
    w.push_outbox_at(message, env.now);
    Ok(pm::BasicResponse::default())
}

/// `otps.email.discovery.authenticate`: spends the email's code and answers a discovery
/// intermediate session with the organizations the email can enter.
pub fn discovery_authenticate(
    w: &mut World,
    env: &Env,
    _caller: &Caller,
    req: EmailOtpDiscoveryAuthenticateOptions,
) -> ApiResult<pm::DiscoveryAuthenticateResponse> {
    require("email_address", &req.email_address)?;
    require("code", &req.code)?;
    let key = req.email_address.to_ascii_lowercase();
    if !spend_code(&mut w.discovery_otps, &key, &req.code) {
        return Err(code_not_found());
    }
    let kind = FactorKind::EmailOtp { email_id: String::new(), email_address: key.clone() };
    Ok(start_session(w, env, &key, kind))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::testing::Numbered;
    use crate::jwt::Keys;
    use crate::ops::testing::assert_refusals_change_nothing;
    use crate::seed::{Seed, DEFAULT_SEED};

    const GLOBEX: &str = stytch_testkit::GLOBEX;
    const PIEDPIPER: &str = stytch_testkit::PIEDPIPER;

    fn send(org: &str, email: &str, minutes: Option<i64>) -> EmailOtpLoginOrSignupOptions {
        EmailOtpLoginOrSignupOptions {
            organization_id: org.into(),
            email_address: email.into(),
            login_expiration_minutes: minutes,
            signup_expiration_minutes: minutes,
            ..Default::default()
        }
    }

    /// A code's value and lifetime come from the request's `Env`; a sign-up draws the
    /// member's ids before the code.
    #[test]
    fn a_sign_up_takes_its_ids_code_and_expiry_from_its_env() {
        let mut w = Seed::parse(DEFAULT_SEED).unwrap().to_world(0);
        let (keys, numbered) = (Keys::generate(), Numbered::default());
        let env = Env { now: 1_000_000, keys: &keys, generate: &numbered, limits: &crate::limits::Limits::STYTCH };
        let out = login_or_signup(&mut w, &env, &Caller::backend(), send(PIEDPIPER, "joiner@piedpiper.test", Some(3))).unwrap();
        assert_eq!((out.member_id.as_str(), out.member_created), ("member-1", true));
        let otp = &w.email_otps["member-1"];
        assert_eq!(
            (otp.code.as_str(), otp.expires_at, otp.attempts_left),
            ("000003", 1_000_000 + 3 * 60, crate::limits::Limits::STYTCH.email_code_attempts)
        );
        assert_eq!(w.outbox.back().unwrap().code.as_deref(), Some("000003"));
    }

    fn authenticate_with(code: &str) -> Sent<EmailOtpAuthenticateOptions> {
        Sent::new(EmailOtpAuthenticateOptions {
            organization_id: PIEDPIPER.into(),
            email_address: "joiner@piedpiper.test".into(),
            code: code.into(),
            session_duration_minutes: 60,
            ..Default::default()
        })
    }

    /// A code's attempts are its `Env`'s limit, not a constant: with two allowed, the second
    /// wrong code burns it and the right one no longer works (with Stytch's five it would).
    #[test]
    fn a_code_burns_after_the_attempts_its_env_allows() {
        let mut w = Seed::parse(DEFAULT_SEED).unwrap().to_world(0);
        let (keys, numbered) = (Keys::generate(), Numbered::default());
        let limits = crate::limits::Limits { email_code_attempts: 2, ..crate::limits::Limits::STYTCH };
        let env = Env { now: 1_000_000, keys: &keys, generate: &numbered, limits: &limits };
        login_or_signup(&mut w, &env, &Caller::backend(), send(PIEDPIPER, "joiner@piedpiper.test", None)).unwrap();
        let code = w.email_otps["member-1"].code.clone();
        for _ in 0..2 {
            let e = authenticate(&mut w, &env, &Caller::backend(), authenticate_with("999999")).unwrap_err();
            assert_eq!(e.error_type, ErrorType::OtpCodeNotFound);
        }
        assert!(!w.email_otps.contains_key("member-1"), "burned after two wrong codes");
        let e = authenticate(&mut w, &env, &Caller::backend(), authenticate_with(&code)).unwrap_err();
        assert_eq!(e.error_type, ErrorType::OtpCodeNotFound);
    }

    /// Validate before mutate: a refused send leaves the world as it was and draws no value.
    #[test]
    fn a_refused_send_changes_nothing() {
        let refusals = [
            (send(GLOBEX, "not an email", None), ErrorType::InvalidEmail),
            (send("organization-test-unknown", "a@b.test", None), ErrorType::OrganizationNotFound),
            (send(GLOBEX, "new@globex.test", Some(16)), ErrorType::InvalidExpirationMinutes),
            (send(PIEDPIPER, "outsider@elsewhere.test", None), ErrorType::EmailJitProvisioningNotAllowed),
        ];
        assert_refusals_change_nothing(login_or_signup, refusals);
    }
}
