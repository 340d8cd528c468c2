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

/// Signed out there are no factors to check: false, and the client goes on working (reading
/// the factors of no session threw through the core and left it borrowed for good).
#[wasm_bindgen_test]
async fn step_up_check_without_a_session_is_false() {
    fresh().await;
    let c = client();
    assert!(!c.session().authenticated_within(&[FactorType::Totp], 5.0, Require::Any));
    c.passwords().authenticate(&password(GLOBEX, GLOBEX_OPTIONAL.email)).await.expect("the password");
    assert!(c.session().authenticated_within(&[FactorType::Password], 5.0, Require::Any));
}

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
    assert!(matches!(StytchB2BHeadlessClient::new("secret-key", ClientOptions::default()), Err(StytchError::Usage { .. })));
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

// The JS facade's OAuth/SSO code, called as js/client.js calls it. (The class through a
// static: a second import of its constructor would clash with the library's at link time.)
#[wasm_bindgen::prelude::wasm_bindgen(module = "/js/redirects.js")]
extern "C" {
    #[wasm_bindgen(thread_local_v2, js_name = Pkce)]
    static PKCE: js_sys::Function;
    #[wasm_bindgen(js_name = startParams)]
    fn start_params(provider: Option<&str>, options: &wasm_bindgen::JsValue) -> wasm_bindgen::JsValue;
    #[wasm_bindgen(js_name = startUrl)]
    fn start_url(api_base: &str, start: &wasm_bindgen::JsValue, public_token: &str, pkce: &wasm_bindgen::JsValue) -> js_sys::Promise;
}

// `crypto.getRandomValues` giving the bytes 0, 1, ... 31, so that two starts make the same
// verifier; `false` puts the browser's back.
#[wasm_bindgen::prelude::wasm_bindgen(inline_js = "export function fixedRandom(on) {
  if (on) crypto.getRandomValues = (a) => { a.forEach((_, i) => { a[i] = i; }); return a; };
  else delete crypto.getRandomValues;
}")]
extern "C" {
    #[wasm_bindgen(js_name = fixedRandom)]
    fn fixed_random(on: bool);
}

/// The verifier of the bytes 0..31 (hex), and its S256 challenge, computed apart from the
/// browser (Python's hashlib).
const VERIFIER: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
const CHALLENGE: &str = "bIbGqsX7JLz12ZOct9fVZFzjlBj0SeA7Ji3U-hS0uSs";

/// The JS facade's start URL for `options` (Stytch's JS options), and the verifier it kept.
async fn js_start(kind: &str, provider: Option<&str>, options: serde_json::Value) -> (Result<String, String>, Option<String>) {
    let options = js_sys::JSON::parse(&options.to_string()).unwrap();
    let start = start_params(provider, &options);
    if let Some(problem) = start.as_string() {
        return (Err(problem), None);
    }
    let args = js_sys::Array::of2(&kind.into(), &PUBLIC_TOKEN.into());
    let pkce = PKCE.with(|class| js_sys::Reflect::construct(class, &args)).unwrap();
    let url = wasm_bindgen_futures::JsFuture::from(start_url(EMULATOR, &start, PUBLIC_TOKEN, &pkce)).await.unwrap();
    (Ok(url.as_string().unwrap()), take_verifier(kind))
}

fn take_verifier(kind: &str) -> Option<String> {
    let key = format!("stytch_b2b_wasm_pkce:{kind}:{PUBLIC_TOKEN}");
    let v = storage(false).get_item(&key).unwrap();
    storage(false).remove_item(&key).unwrap();
    v
}

/// Both surfaces start OAuth and SSO with the one code of js/redirects.js: the same URL for the
/// same options (Stytch's parameter order, the redirect URLs last), the same PKCE pair (the
/// challenge is the verifier's S256), the same usage errors.
#[wasm_bindgen_test]
async fn both_surfaces_build_the_same_start_urls_and_pkce_pairs() {
    fresh().await;
    let c = client();
    fixed_random(true);
    let oauth = OAuthStartOptions {
        organization_slug: Some("globex".into()),
        login_redirect_url: Some("https://app.example/back".into()),
        custom_scopes: vec!["openid".into(), "email".into()],
        provider_params: vec![("prompt".into(), "select_account".into())],
        ..Default::default()
    };
    let typed = c.oauth().google().start_url(&oauth).await.expect("a start URL");
    let typed_verifier = take_verifier("oauth");
    let (js, js_verifier) = js_start(
        "oauth",
        Some("google"),
        serde_json::json!({ "organization_slug": "globex", "login_redirect_url": "https://app.example/back",
            "custom_scopes": ["openid", "email"], "provider_params": { "prompt": "select_account" } }),
    )
    .await;
    let sso = SsoStartOptions {
        connection_id: "saml-connection-1".into(),
        signup_redirect_url: Some("https://app.example/new".into()),
        ..Default::default()
    };
    let typed_sso = c.sso().start_url(&sso).await.expect("a start URL");
    let typed_sso_verifier = take_verifier("sso");
    let (js_sso, js_sso_verifier) = js_start(
        "sso",
        None,
        serde_json::json!({ "connection_id": "saml-connection-1", "signup_redirect_url": "https://app.example/new" }),
    )
    .await;
    fixed_random(false);

    assert_eq!(
        typed,
        format!("{EMULATOR}/v1/b2b/public/oauth/google/start?public_token={PUBLIC_TOKEN}&slug=globex&custom_scopes=openid+email&provider_prompt=select_account&pkce_code_challenge={CHALLENGE}&login_redirect_url=https%3A%2F%2Fapp.example%2Fback")
    );
    assert_eq!(Ok(typed), js);
    assert_eq!(
        typed_sso,
        format!("{EMULATOR}/v1/public/sso/start?public_token={PUBLIC_TOKEN}&connection_id=saml-connection-1&pkce_code_challenge={CHALLENGE}&signup_redirect_url=https%3A%2F%2Fapp.example%2Fnew")
    );
    assert_eq!(Ok(typed_sso), js_sso);
    for verifier in [typed_verifier, js_verifier, typed_sso_verifier, js_sso_verifier] {
        assert_eq!(verifier.as_deref(), Some(VERIFIER));
    }

    // The same refusals, before anything is kept.
    let no_org = c.oauth().microsoft().start_url(&OAuthStartOptions::default()).await.unwrap_err();
    let (js_no_org, _) = js_start("oauth", Some("microsoft"), serde_json::json!({})).await;
    assert_eq!(no_org, StytchError::Usage { method: "oauth.microsoft.start".into(), message: js_no_org.unwrap_err() });
    let no_connection = c.sso().start_url(&SsoStartOptions::default()).await.unwrap_err();
    let (js_no_connection, _) = js_start("sso", None, serde_json::json!({ "connection_id": "" })).await;
    assert_eq!(no_connection, StytchError::Usage { method: "sso.start".into(), message: js_no_connection.unwrap_err() });
    assert_eq!(take_verifier("oauth"), None);
}
