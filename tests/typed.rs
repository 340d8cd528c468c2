//! The typed Rust API in real headless Chromium against the emulator over real HTTP: the MFA
//! flows a Rust web app runs, its errors, and its state as typed values.
#![cfg(target_arch = "wasm32")]

mod harness;

use std::cell::RefCell;
use std::rc::Rc;

use harness::*;
use stytch_b2b_headless::typed::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn client() -> StytchB2BHeadlessClient {
    let options = ClientOptions { custom_base_url: Some(EMULATOR.into()), request_timeout_ms: Some(2000), ..Default::default() };
    StytchB2BHeadlessClient::new(PUBLIC_TOKEN, options).expect("a client")
}

fn password(org: &str, email: &str) -> PasswordAuthenticateOptions {
    PasswordAuthenticateOptions {
        organization_id: org.into(),
        email_address: email.into(),
        password: PASSWORD.into(),
        session_duration_minutes: 60,
        ..Default::default()
    }
}

fn sms_code(member: &SeedMember, code: &str) -> SmsAuthenticateOptions {
    SmsAuthenticateOptions {
        organization_id: member.organization_id.into(),
        member_id: member.id.into(),
        code: code.into(),
        session_duration_minutes: 60,
        ..Default::default()
    }
}

const IST_COOKIE: &str = "stytch_intermediate_session_token";

#[wasm_bindgen_test]
async fn password_then_sms_with_typed_answers_and_errors() {
    fresh().await;
    let c = client();
    let seen = Rc::new(RefCell::new(Vec::new()));
    let seen2 = seen.clone();
    let subscription = c.session().on_change(move |s: Option<MemberSession>| seen2.borrow_mut().push(s.map(|s| s.member_id)));

    let login = c.passwords().authenticate(&password(ACME, ACME_SMS.email)).await.expect("the password");
    assert!(!login.member_authenticated);
    assert!(login.member_session.is_none());
    let mfa = login.mfa_required.expect("MFA is required");
    assert_eq!(mfa.secondary_auth_initiated, Some(SecondaryAuth::SmsOtp), "the server sent the code itself");
    assert_eq!(login.organization.mfa_policy, MfaPolicy::RequiredForAll);
    let ist = cookie(IST_COOKIE).expect("the IST is stored");
    assert_eq!(ist, login.intermediate_session_token);
    assert_eq!(c.session().get_sync(), None);

    // A wrong code: a typed API error users can match; the IST stays for the retry.
    let code = last_code(ACME_SMS.phone).await;
    match c.otps().sms().authenticate(&sms_code(&ACME_SMS, totp::wrong(&code))).await {
        Err(StytchError::Api { error_type: ErrorType::OtpCodeNotFound, status_code, .. }) => assert_eq!(status_code, 404),
        other => panic!("expected otp_code_not_found, got {other:?}"),
    }
    assert_eq!(cookie(IST_COOKIE), Some(ist));

    let signed_in = c.otps().sms().authenticate(&sms_code(&ACME_SMS, &code)).await.expect("the code");
    let types: Vec<FactorType> = signed_in.member_session.authentication_factors.iter().map(|f| f.factor_type.clone()).collect();
    assert_eq!(types, [FactorType::Password, FactorType::Otp]);
    assert_eq!(cookie(IST_COOKIE), None, "the IST is dropped");
    assert_eq!(c.session().get_sync(), Some(signed_in.member_session.clone()));
    assert_eq!(c.member().get_sync().map(|m| m.member_id), Some(ACME_SMS.id.to_string()));
    assert_eq!(c.organization().get_sync().map(|o| o.organization_id), Some(ACME.to_string()));
    let tokens = c.session().get_tokens().expect("tokens");
    assert_eq!(tokens.session_token, signed_in.session_token);
    assert_eq!(cookie("stytch_session"), Some(tokens.session_token));
    assert!(c.session().authenticated_within(&[FactorType::Otp], 5.0, Require::Any));
    assert!(!c.session().authenticated_within(&[FactorType::Otp, FactorType::Totp], 5.0, Require::All));
    assert_eq!(*seen.borrow(), vec![Some(ACME_SMS.id.to_string())]);

    // What went over the wire: the IST in the MFA bodies, the session as the Basic password after.
    let sent = requests().await;
    let sms = sent.iter().rev().find(|r| r.path == "/sdk/v1/b2b/otps/sms/authenticate").unwrap();
    assert!(sms.body_keys.iter().any(|k| k == "intermediate_session_token"));
    let refreshed = c.session().authenticate(&SessionAuthenticateOptions::default()).await.expect("the session");
    assert_eq!(refreshed.member_session.member_session_id, signed_in.member_session.member_session_id);
    let last = requests().await.pop().unwrap();
    assert_eq!(last.authorization.and_then(|a| a.password).as_deref(), Some("session_token"));

    c.session().revoke(&SessionRevokeOptions::default()).await.expect("revoke");
    assert_eq!(c.session().get_sync(), None);
    assert_eq!(c.session().get_tokens(), None);
    assert_eq!(seen.borrow().last(), Some(&None));
    let heard = seen.borrow().len();
    drop(subscription);
    c.passwords().authenticate(&password(GLOBEX, GLOBEX_OPTIONAL.email)).await.expect("a login");
    assert!(c.session().get_sync().is_some());
    assert_eq!(seen.borrow().len(), heard, "the dropped subscription heard nothing more");
}

#[wasm_bindgen_test]
async fn totp_enrollment_then_recovery_codes() {
    fresh().await;
    let c = client();
    let login = c.passwords().authenticate(&password(ACME, ACME_NEW.email)).await.unwrap();
    assert_eq!(login.mfa_required.unwrap().member_options, None, "nothing enrolled yet");
    let create = TotpCreateOptions { organization_id: ACME.into(), member_id: ACME_NEW.id.into(), ..Default::default() };
    let totp = c.totp().create(&create).await.expect("a registration");
    assert!(totp.qr_code.starts_with("data:image/png;base64,"));
    let code = totp_now(&totp.secret).await;
    let auth = TotpAuthenticateOptions {
        organization_id: ACME.into(),
        member_id: ACME_NEW.id.into(),
        code,
        session_duration_minutes: 60,
        set_mfa_enrollment: Some(MfaEnrollment::Enroll),
        ..Default::default()
    };
    let signed_in = c.totp().authenticate(&auth).await.expect("the TOTP code");
    assert!(signed_in.member.mfa_enrolled);
    assert_eq!(signed_in.member.totp_registration_id, totp.totp_registration_id);

    let codes = c.recovery_codes().get().await.expect("the codes");
    assert_eq!(codes.recovery_codes, totp.recovery_codes);
    let rotated = c.recovery_codes().rotate().await.expect("new codes");
    assert_ne!(rotated.recovery_codes, codes.recovery_codes);
    // The generic entry point is the same call.
    let again = c.request(&RecoveryCodesGetOptions {}).await.unwrap();
    assert_eq!(again.recovery_codes, rotated.recovery_codes);
    c.session().revoke(&SessionRevokeOptions::default()).await.unwrap();

    // The next login: a recovery code as the second factor.
    c.passwords().authenticate(&password(ACME, ACME_NEW.email)).await.unwrap();
    let recover = RecoveryCodesRecoverOptions {
        organization_id: ACME.into(),
        member_id: ACME_NEW.id.into(),
        recovery_code: rotated.recovery_codes[0].clone(),
        session_duration_minutes: 60,
    };
    let recovered = c.recovery_codes().recover(&recover).await.expect("a recovery code");
    assert_eq!(recovered.recovery_codes_remaining, 9);
    assert_eq!(c.session().get_sync().map(|s| s.member_session_id), Some(recovered.member_session.member_session_id));
}

#[wasm_bindgen_test]
async fn usage_errors_come_before_any_request_and_unreachable_keeps_the_ist() {
    fresh().await;
    assert!(matches!(
        StytchB2BHeadlessClient::new("secret-key", ClientOptions::default()),
        Err(StytchError::Usage { .. })
    ));
    let bad_url = ClientOptions { custom_base_url: Some("ftp://x".into()), ..Default::default() };
    assert!(matches!(StytchB2BHeadlessClient::new(PUBLIC_TOKEN, bad_url), Err(StytchError::Usage { .. })));

    let c = client();
    c.passwords().authenticate(&password(ACME, ACME_SMS.email)).await.unwrap();
    let ist = cookie(IST_COOKIE).expect("an IST");
    clear_requests().await;
    for (options, mention) in [
        (sms_code(&ACME_SMS, "12345"), "6 digits"),
        (SmsAuthenticateOptions { session_duration_minutes: 0, ..sms_code(&ACME_SMS, "123456") }, "session_duration_minutes"),
        (SmsAuthenticateOptions { member_id: String::new(), ..sms_code(&ACME_SMS, "123456") }, "member_id"),
    ] {
        match c.otps().sms().authenticate(&options).await {
            Err(e @ StytchError::Usage { .. }) => {
                assert!(e.to_string().starts_with("invalid call to stytch.otps.sms.authenticate"), "{e}");
                assert!(e.to_string().contains(mention), "{e}");
            }
            other => panic!("expected a usage error, got {other:?}"),
        }
    }
    assert!(requests().await.is_empty(), "no request was sent");

    drop_requests_to("/b2b/otps/sms/authenticate").await;
    let e = c.otps().sms().authenticate(&sms_code(&ACME_SMS, &last_code(ACME_SMS.phone).await)).await.unwrap_err();
    clear_faults().await;
    assert!(matches!(e, StytchError::Unreachable { .. }), "{e:?}");
    assert_eq!(e.error_type(), None);
    assert_eq!(cookie(IST_COOKIE), Some(ist), "a failed call drops nothing");
    // The retry with the same IST finishes the login.
    c.otps().sms().authenticate(&sms_code(&ACME_SMS, &last_code(ACME_SMS.phone).await)).await.expect("the retry");
}

#[wasm_bindgen_test]
async fn state_subscriptions_and_a_second_client_on_the_same_storage() {
    fresh().await;
    let c = client();
    let states = Rc::new(RefCell::new(Vec::<State>::new()));
    let states2 = states.clone();
    c.on_state_change(move |s| states2.borrow_mut().push(s)).forget();
    c.passwords().authenticate(&password(GLOBEX, GLOBEX_OPTIONAL.email)).await.expect("a login");
    {
        let states = states.borrow();
        let last = states.last().expect("notified");
        assert_eq!(last.member.as_ref().map(|m| m.email_address.as_str()), Some(GLOBEX_OPTIONAL.email));
        assert_eq!(last.organization.as_ref().map(|o| o.mfa_policy.clone()), Some(MfaPolicy::Optional));
        assert!(last.session.is_some());
    }
    // Another client of the same app (a reload) reads the stored session, then confirms it.
    let reloaded = client();
    assert!(reloaded.session().get_info().from_cache);
    assert_eq!(reloaded.session().get_sync(), c.session().get_sync());
    for _ in 0..50 {
        if !reloaded.session().get_info().from_cache {
            break;
        }
        sleep_ms(50).await;
    }
    assert!(!reloaded.session().get_info().from_cache, "confirmed by the server");
    drop(reloaded);
    c.session().revoke(&SessionRevokeOptions::default()).await.unwrap();
    assert_eq!(states.borrow().last(), Some(&State::default()));
    assert!(cached_state().is_none_or(|v| v["session"].is_null()));
}

async fn sleep_ms(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}
