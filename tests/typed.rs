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
}

#[wasm_bindgen::prelude::wasm_bindgen(module = "/js/third-party.js")]
extern "C" {
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

/// Both surfaces start OAuth and SSO with the one code of js/third-party.js: the same URL for the
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

// #22: the rest of Stytch's B2B client through the typed API.

/// The discovery login: a link to the email, its token for a discovery IST and the
/// organizations the email can enter, then into one of them or a new one.
#[wasm_bindgen_test]
async fn discovery_login_lists_exchanges_and_creates_organizations() {
    fresh().await;
    let c = client();
    let email = PIEDPIPER_SHARED.email;
    let send = MagicLinksDiscoverySendOptions { email_address: email.into(), ..Default::default() };
    c.magic_links().email().discovery().send(&send).await.expect("a discovery link");
    let token = last_sent(email).await.magic_link_token.expect("the link's token");
    let options = MagicLinksDiscoveryAuthenticateOptions { discovery_magic_links_token: token };
    let found = c.magic_links().discovery().authenticate(&options).await.expect("the discovery login");
    assert_eq!(found.email_address, email);
    assert_eq!(cookie(IST_COOKIE), Some(found.intermediate_session_token.clone()), "the discovery IST is stored");
    let mut ids: Vec<String> = found.discovered_organizations.iter().map(|d| d.organization.organization_id.clone()).collect();
    ids.sort();
    assert_eq!(ids, [INITECH, PIEDPIPER], "the email's two organizations");

    let listed = c.discovery().organizations().list().await.expect("the list, with the stored IST");
    assert_eq!(listed.discovered_organizations, found.discovered_organizations);
    let initech = listed.discovered_organizations.iter().find(|d| d.organization.organization_id == INITECH).unwrap();
    assert!(initech.mfa_required.is_some(), "Initech requires MFA");

    let into =
        IntermediateSessionsExchangeOptions { organization_id: PIEDPIPER.into(), session_duration_minutes: 60, ..Default::default() };
    let signed_in = c.discovery().intermediate_sessions().exchange(&into).await.expect("into Pied Piper");
    assert_eq!(signed_in.member_id, PIEDPIPER_SHARED.id);
    assert_eq!(c.session().get_sync().map(|s| s.organization_id), Some(PIEDPIPER.to_string()));
    c.session().revoke(&SessionRevokeOptions::default()).await.unwrap();

    // A new email: no organization yet, so it creates one and is signed in to it.
    let founder = "founder@hooli-xyz.test";
    c.magic_links()
        .email()
        .discovery()
        .send(&MagicLinksDiscoverySendOptions { email_address: founder.into(), ..Default::default() })
        .await
        .unwrap();
    let token = last_sent(founder).await.magic_link_token.unwrap();
    let found = c
        .magic_links()
        .discovery()
        .authenticate(&MagicLinksDiscoveryAuthenticateOptions { discovery_magic_links_token: token })
        .await
        .unwrap();
    assert!(found.discovered_organizations.is_empty());
    let create = DiscoveryOrganizationsCreateOptions {
        session_duration_minutes: 60,
        organization_name: Some("Hooli XYZ".into()),
        organization_slug: Some("hooli-xyz".into()),
        ..Default::default()
    };
    let created = c.discovery().organizations().create(&create).await.expect("a new organization");
    assert!(created.member_authenticated);
    assert_eq!(created.organization.organization_slug, "hooli-xyz");
    assert_eq!(created.member.email_address, founder);
    assert_eq!(c.organization().get_sync().map(|o| o.organization_name), Some("Hooli XYZ".to_string()));
    assert_eq!(cookie(IST_COOKIE), None, "the IST is spent");
    let by_slug = c.organization().get_by_slug(&OrganizationGetBySlugOptions { organization_slug: "hooli-xyz".into() }).await.unwrap();
    assert_eq!(by_slug.organization.map(|o| o.organization_id), Some(created.organization_id));
    let none = c.organization().get_by_slug(&OrganizationGetBySlugOptions { organization_slug: "no-such-org".into() }).await.unwrap();
    assert_eq!(none.organization, None);
}

/// The member's own record: `self.update` answers and caches the change, `self.get` reads it back.
#[wasm_bindgen_test]
async fn self_update_then_get() {
    fresh().await;
    let c = client();
    c.passwords().authenticate(&password(GLOBEX, GLOBEX_OPTIONAL.email)).await.expect("a login");
    let update = SelfUpdateOptions {
        name: Some("Ada Lovelace".into()),
        untrusted_metadata: Some(serde_json::json!({ "theme": "dark" })),
        ..Default::default()
    };
    let updated = c.self_().update(&update).await.expect("the update");
    assert_eq!(updated.member.name, "Ada Lovelace");
    assert_eq!(c.self_().get_sync().map(|m| m.name), Some("Ada Lovelace".to_string()), "cached as answered");
    let read = c.self_().get().await.expect("the member");
    assert_eq!(read.untrusted_metadata, serde_json::json!({ "theme": "dark" }));
    assert_eq!(c.member().get_sync(), Some(read), "member() is self_()");
    // A malformed phone: refused before any request, by the method table's rule.
    let phone = SelfUpdateOptions { mfa_phone_number: Some("not-a-phone".into()), ..Default::default() };
    assert!(matches!(c.self_().update(&phone).await, Err(StytchError::Usage { .. })), "checked before any request");
}

/// An admin changes the organization and manages its members; a plain member may not.
#[wasm_bindgen_test]
async fn an_admin_updates_the_organization_and_manages_members() {
    fresh().await;
    let c = client();
    c.passwords().authenticate(&password(SOYLENT, SOYLENT_ADMIN.email)).await.expect("the admin's login");
    let update = OrganizationUpdateOptions { organization_name: Some("Soylent Green".into()), ..Default::default() };
    let updated = c.organization().update(&update).await.expect("the organization update");
    assert_eq!(updated.organization.organization_name, "Soylent Green");
    assert_eq!(c.organization().get_sync().map(|o| o.organization_name), Some("Soylent Green".to_string()));
    assert_eq!(c.organization().get().await.unwrap().organization_name, "Soylent Green");

    let hire = "new.hire@soylent.test";
    let create = MembersCreateOptions { email_address: hire.into(), name: Some("New Hire".into()), ..Default::default() };
    let created = c.organization().members().create(&create).await.expect("a new member");
    assert_eq!(created.member.email_address, hire);
    let member_id = created.member_id.clone();
    let rename = MembersUpdateOptions { member_id: member_id.clone(), name: Some("Senior Hire".into()), ..Default::default() };
    let renamed = c.organization().members().update(&rename).await.expect("the member update");
    assert_eq!(renamed.member.name, "Senior Hire");
    assert_eq!(c.self_().get_sync().map(|m| m.member_id), Some(SOYLENT_ADMIN.id.to_string()), "another member: the cache keeps the admin");
    let query = serde_json::json!({ "operator": "AND", "operands": [{ "filter_name": "member_emails", "filter_value": [hire] }] });
    let search = MembersSearchOptions { query: Some(query), ..Default::default() };
    let page = c.organization().members().search(&search).await.expect("the search");
    assert_eq!(page.members.iter().map(|m| m.member_id.as_str()).collect::<Vec<_>>(), [member_id.as_str()]);
    let deleted = c.organization().members().delete(&member_id).await.expect("the deletion");
    assert_eq!(deleted.member_id, member_id);
    let reactivated = c.organization().members().reactivate(&member_id).await.expect("reactivated");
    assert_eq!(reactivated.member.status, MemberStatus::Active);
    c.session().revoke(&SessionRevokeOptions::default()).await.unwrap();

    // The MFA manager's role has no action on the organization's name.
    c.passwords().authenticate(&password(SOYLENT, SOYLENT_MANAGER.email)).await.unwrap();
    let err = c.organization().update(&update).await.expect_err("not an admin");
    assert!(matches!(err, StytchError::Api { status_code: 403, error_type: ErrorType::SessionAuthorizationError, .. }), "{err:?}");
}

/// Email OTP as the primary factor: the code from the outbox, a session.
#[wasm_bindgen_test]
async fn email_otp_login() {
    fresh().await;
    let c = client();
    let email = GLOBEX_OPTIONAL.email;
    let send = EmailOtpLoginOrSignupOptions { organization_id: GLOBEX.into(), email_address: email.into(), ..Default::default() };
    c.otps().email().login_or_signup(&send).await.expect("a code by email");
    let code = last_sent(email).await.code.expect("an email code");
    let auth = EmailOtpAuthenticateOptions {
        organization_id: GLOBEX.into(),
        email_address: email.into(),
        code,
        session_duration_minutes: 60,
        ..Default::default()
    };
    let signed_in = c.otps().email().authenticate(&auth).await.expect("the code");
    assert!(signed_in.member_authenticated);
    let factors = signed_in.member_session.expect("a session").authentication_factors;
    assert_eq!(factors.len(), 1, "the emailed code is the one factor");
    assert_eq!(c.session().get_sync().map(|s| s.member_id), Some(GLOBEX_OPTIONAL.id.to_string()));
}

/// `session.exchange` into another organization of the same email, which requires MFA: an
/// IST and `mfa_required`, no session yet.
#[wasm_bindgen_test]
async fn session_exchange_into_an_organization_that_requires_mfa() {
    fresh().await;
    let c = client();
    c.passwords().authenticate(&password(PIEDPIPER, PIEDPIPER_SHARED.email)).await.expect("into Pied Piper");
    let exchange = SessionExchangeOptions { organization_id: INITECH.into(), session_duration_minutes: 60, ..Default::default() };
    let r = c.session().exchange(&exchange).await.expect("the exchange");
    assert!(!r.member_authenticated);
    assert!(r.member_session.is_none());
    assert!(r.mfa_required.is_some(), "Initech requires MFA");
    assert_eq!(r.member_id, INITECH_SHARED.id);
    assert_eq!(cookie(IST_COOKIE), Some(r.intermediate_session_token), "the IST is stored for the MFA step");
}

/// The local helpers: a redirect URL's token, and tokens the app got elsewhere.
#[wasm_bindgen_test]
async fn parse_authenticate_url_and_update_session() {
    fresh().await;
    let c = client();
    let found = c.parse_authenticate_url(Some("https://app.example/auth?stytch_token_type=discovery&token=abc")).unwrap();
    assert_eq!(found, AuthenticateUrl { handled: true, token: "abc".into(), token_type: "discovery".into() });
    let other = c.parse_authenticate_url(Some("https://app.example/auth?stytch_token_type=login&token=abc")).unwrap();
    assert!(!other.handled);
    assert_eq!(c.parse_authenticate_url(Some("https://app.example/auth?token=abc")), None);

    let login = c.passwords().authenticate(&password(GLOBEX, GLOBEX_OPTIONAL.email)).await.unwrap();
    drop(c);
    fresh_browser();
    let c = client();
    assert_eq!(c.session().get_tokens(), None);
    let tokens = SessionTokens { session_token: login.session_token.clone(), session_jwt: login.session_jwt.clone() };
    assert!(matches!(
        c.session().update_session(&SessionTokens { session_token: String::new(), ..tokens.clone() }),
        Err(StytchError::Usage { .. })
    ));
    c.session().update_session(&tokens).expect("stored");
    assert_eq!(c.session().get_tokens(), Some(tokens.clone()));
    let confirmed = c.session().authenticate(&SessionAuthenticateOptions::default()).await.expect("the stored tokens work");
    assert_eq!(confirmed.member_id, GLOBEX_OPTIONAL.id);

    // A token alone (Stytch's `session_jwt` is optional): no tokens until a refresh brings the JWT.
    let alone = SessionTokensUpdate { session_token: tokens.session_token.clone(), session_jwt: None };
    c.session().update_session(alone).expect("stored");
    assert_eq!(c.session().get_tokens(), None);
    c.session().authenticate(&SessionAuthenticateOptions::default()).await.expect("the token alone works");
    assert_eq!(c.session().get_tokens().map(|t| t.session_token), Some(tokens.session_token));
}

/// MFA settings (another member's as an admin, the member's own), invites, a new password
/// by session, SSO connections, and discovery proven by an emailed code or a password.
#[wasm_bindgen_test]
async fn mfa_settings_invites_connections_and_other_discovery_proofs() {
    fresh().await;
    let c = client();
    c.passwords().authenticate(&password(SOYLENT, SOYLENT_ADMIN.email)).await.expect("the admin's login");
    let plain = c.organization().members().delete_mfa_phone_number(SOYLENT_PLAIN.id).await.expect("the phone removed");
    assert_eq!(plain.member.mfa_phone_number, "");
    let plain = c.organization().members().delete_mfa_totp(SOYLENT_PLAIN.id).await.expect("the TOTP removed");
    assert_eq!(plain.member.totp_registration_id, "");
    let guest = "guest@soylent.test";
    let invite = MagicLinksInviteOptions { email_address: guest.into(), ..Default::default() };
    let invited = c.magic_links().email().invite(&invite).await.expect("an invite");
    assert_eq!(invited.member.status, MemberStatus::Invited);
    assert!(last_sent(guest).await.magic_link_token.is_some(), "the invite link was sent");
    let connections = c.sso().get_connections().await.expect("the admin reads the connections");
    assert!(connections.saml_connections.is_empty() && connections.oidc_connections.is_empty(), "Soylent has none");

    let new_password = PasswordResetBySessionOptions { password: "a-much-longer-passphrase-for-2026".into() };
    let reset = c.passwords().reset_by_session(&new_password).await.expect("the new password");
    assert_eq!(reset.member_id, SOYLENT_ADMIN.id);
    let phone = SelfUpdateOptions { mfa_phone_number: Some("+15555550199".into()), ..Default::default() };
    assert_eq!(c.self_().update(&phone).await.expect("a phone").member.mfa_phone_number, "+15555550199");
    let removed = c.self_().delete_mfa_phone_number().await.expect("the own phone removed");
    assert_eq!(removed.member.mfa_phone_number, "");
    assert_eq!(c.self_().get_sync().map(|m| m.mfa_phone_number), Some(String::new()), "cached as answered");
    // A member may end their own sessions (another's takes `revoke_sessions`).
    c.session().revoke_for_member(SOYLENT_ADMIN.id).await.expect("the member's sessions ended");
    let ended = c.session().authenticate(&SessionAuthenticateOptions::default()).await.expect_err("no session left");
    assert_eq!(ended.error_type(), Some(&ErrorType::SessionNotFound), "{ended:?}");

    let found = c.sso().discover_connections(GLOBEX_OPTIONAL.email).await.expect("the email's connections");
    assert_eq!(found.connections.iter().map(|x| x.connection_id.as_str()).collect::<Vec<_>>(), [GLOBEX_SAML]);

    let email = PIEDPIPER_SHARED.email;
    let send = EmailOtpDiscoverySendOptions { email_address: email.into(), ..Default::default() };
    c.otps().email().discovery().send(&send).await.expect("a discovery code");
    let code = last_sent(email).await.code.expect("the emailed code");
    let by_code =
        c.otps().email().discovery().authenticate(&EmailOtpDiscoveryAuthenticateOptions { email_address: email.into(), code }).await;
    assert_eq!(by_code.expect("the code").discovered_organizations.len(), 2);
    let by_password = PasswordDiscoveryAuthenticateOptions { email_address: email.into(), password: PASSWORD.into() };
    let by_password = c.passwords().discovery().authenticate(&by_password).await.expect("the password");
    assert!(!by_password.discovered_organizations.is_empty());
    assert_eq!(cookie(IST_COOKIE), Some(by_password.intermediate_session_token), "the discovery IST is stored");
}

/// A member's own TOTP removed, a password removed by an admin, the discovery password reset,
/// and an organization deleted (which ends the local session, as Stytch's client does).
#[wasm_bindgen_test]
async fn own_totp_passwords_and_deleting_the_organization() {
    fresh().await;
    let c = client();
    c.passwords().authenticate(&password(SOYLENT, SOYLENT_PLAIN.email)).await.expect("the password");
    let totp = TotpAuthenticateOptions {
        organization_id: SOYLENT.into(),
        member_id: SOYLENT_PLAIN.id.into(),
        code: totp_now(SOYLENT_PLAIN.totp_secret).await,
        session_duration_minutes: 60,
        ..Default::default()
    };
    c.totp().authenticate(&totp).await.expect("the TOTP code");
    let without = c.self_().delete_mfa_totp().await.expect("the own TOTP removed");
    assert_eq!(without.member.totp_registration_id, "");
    c.session().revoke(&SessionRevokeOptions::default()).await.unwrap();

    c.passwords().authenticate(&password(SOYLENT, SOYLENT_ADMIN.email)).await.expect("the admin's login");
    assert_eq!(c.self_().get().await.unwrap().member_id, SOYLENT_ADMIN.id);
    let query =
        serde_json::json!({ "operator": "AND", "operands": [{ "filter_name": "member_ids", "filter_value": [SOYLENT_MANAGER.id] }] });
    let found = c.organization().members().search(&MembersSearchOptions { query: Some(query), ..Default::default() }).await.unwrap();
    let password_id = found.members[0].member_password_id.clone();
    assert!(!password_id.is_empty(), "the manager has a password");
    let without = c.organization().members().delete_password(&password_id).await.expect("the password removed");
    assert_eq!((without.member_id.as_str(), without.member.member_password_id.as_str()), (SOYLENT_MANAGER.id, ""));

    let deleted = c.organization().delete().await.expect("the organization deleted");
    assert_eq!(deleted.organization_id, SOYLENT);
    assert_eq!(c.session().get_sync(), None, "the local session ends with it");
    assert_eq!(c.organization().get_sync(), None);

    // The discovery password reset: a link by email, then a discovery IST and the organizations.
    let email = GLOBEX_OPTIONAL.email;
    let start = PasswordDiscoveryResetByEmailStartOptions { email_address: email.into(), ..Default::default() };
    c.passwords().discovery().reset_by_email_start(&start).await.expect("a reset link");
    let token = last_sent(email).await.password_reset_token.expect("the reset token");
    let reset = PasswordDiscoveryResetByEmailOptions { password_reset_token: token, password: "a-much-longer-passphrase-for-2026".into() };
    let reset = c.passwords().discovery().reset_by_email(&reset).await.expect("the new password");
    assert_eq!(reset.discovered_organizations.iter().map(|d| d.organization.organization_id.as_str()).collect::<Vec<_>>(), [GLOBEX]);
    assert_eq!(cookie(IST_COOKIE), Some(reset.intermediate_session_token));
}

/// Cookies and storage cleared, the emulator left as it is.
fn fresh_browser() {
    use gloo_storage::Storage;
    clear_cookies();
    gloo_storage::LocalStorage::clear();
    gloo_storage::SessionStorage::clear();
}

/// `rbac()` (leptos22, #22): the session's roles against the project's policy from its
/// bootstrap (Stytch's roles, the seed's custom ones with a wildcard, a role implied by the
/// email domain), kept for the next page load under the JS client's key so the sync check
/// answers before that load's fetch does.
#[wasm_bindgen_test]
async fn rbac_checks_follow_the_bootstrap_policy_and_the_session_roles() {
    fresh().await;
    let c = client();
    assert!(!c.rbac().is_authorized("stytch.self", "delete").await, "signed out, nothing is allowed");
    let fetched = requests().await.into_iter().filter(|r| r.path.starts_with("/sdk/v1/projects/bootstrap/")).count();
    assert_eq!(fetched, 1, "one bootstrap fetch per client");

    c.passwords().authenticate(&password(SOYLENT, SOYLENT_ADMIN.email)).await.expect("the admin's login");
    assert!(c.rbac().is_authorized_sync("stytch.organization", "update.settings.mfa-policy"), "the fetched policy answers at once");
    assert!(c.rbac().is_authorized("stytch.member", "create").await);
    assert!(c.rbac().is_authorized("documents", "read").await, "the employee role, by the email's domain");
    assert!(!c.rbac().is_authorized("documents", "write").await);
    let all = c.rbac().all_permissions().await;
    assert_eq!((all["stytch.member"]["search"], all["documents"]["read"], all["documents"]["delete"]), (true, true, false));
    c.session().revoke(&SessionRevokeOptions::default()).await.unwrap();
    assert!(!c.rbac().is_authorized_sync("stytch.member", "create"), "signed out again");

    c.passwords().authenticate(&password(SOYLENT, SOYLENT_MANAGER.email)).await.expect("the manager's login");
    assert!(c.rbac().is_authorized("stytch.member", "update.info.delete.mfa-totp").await);
    assert!(c.rbac().is_authorized("documents", "delete").await, "the custom role's wildcard");
    assert!(!c.rbac().is_authorized("stytch.organization", "update.settings.mfa-policy").await);
    assert!(!c.rbac().is_authorized("stytch.member", "create").await);

    // The next page load: the kept policy answers before its own fetch has.
    drop(c);
    let c = client();
    assert!(c.rbac().is_authorized_sync("stytch.member", "search"));
    assert!(!c.rbac().is_authorized_sync("stytch.member", "create"));
    // Nothing kept: the sync check waits for the fetch.
    drop(c);
    storage(false).remove_item(&format!("stytch_b2b_wasm_bootstrap:{PUBLIC_TOKEN}")).unwrap();
    let c = client();
    assert!(!c.rbac().is_authorized_sync("stytch.member", "search"), "no policy yet");
    assert!(c.rbac().is_authorized("stytch.member", "search").await);
    assert!(c.rbac().is_authorized_sync("stytch.member", "search"));
}

/// The emulator's bootstrap with both PKCE flags set to `required`, answered by a fault rule
/// (the emulator's own says false), as the JS surface test does it.
async fn bootstrap_with_pkce(required: bool) {
    let url = format!("{EMULATOR}/sdk/v1/projects/bootstrap/{PUBLIC_TOKEN}");
    let basic = web_sys::window().unwrap().btoa(&format!("{PUBLIC_TOKEN}:{PUBLIC_TOKEN}")).unwrap();
    let answer = gloo_net::http::Request::get(&url).header("Authorization", &format!("Basic {basic}")).send().await.unwrap();
    let mut body: serde_json::Value = answer.json().await.unwrap();
    body["data"]["pkce_required_for_email_magic_links"] = required.into();
    body["data"]["pkce_required_for_password_resets"] = required.into();
    add_fault(&Fault { path: format!("/projects/bootstrap/{PUBLIC_TOKEN}"), status: Some(200), body: Some(body), ..Default::default() })
        .await;
}

/// The body keys of the requests to `/sdk/v1/b2b/{path}`.
fn keys_sent(log: &[RequestRecord], path: &str) -> Vec<String> {
    log.iter().filter(|r| r.path == format!("/sdk/v1/b2b/{path}")).flat_map(|r| r.body_keys.clone()).collect()
}

/// The bootstrap's PKCE flags (#22): when the project requires PKCE, the typed API's email
/// magic-link and password-reset starts send a challenge and their authenticate calls the kept
/// verifier, with Stytch's field names (the JS client's code, `js/bootstrap.js`, runs both);
/// when it does not, neither is sent. The emulator checks the reset's pair, and a verifier
/// once spent is not kept.
#[wasm_bindgen_test]
async fn email_flows_follow_the_bootstraps_pkce_flags() {
    for required in [true, false] {
        fresh().await;
        bootstrap_with_pkce(required).await;
        let c = client();
        clear_requests().await;
        let m = ACME_SMS;
        let start = PasswordResetByEmailStartOptions { organization_id: ACME.into(), email_address: m.email.into(), ..Default::default() };
        c.passwords().reset_by_email_start(&start).await.expect("a reset link");
        let token = outbox(m.email).await.into_iter().rev().find_map(|x| x.password_reset_token).expect("the reset token");
        let reset = PasswordResetByEmailOptions {
            password_reset_token: token,
            password: "Fresh-Password-2026".into(),
            session_duration_minutes: 60,
            ..Default::default()
        };
        c.passwords().reset_by_email(&reset).await.expect("the reset, with its verifier when one was made");
        let u = UMBRELLA_LINKS;
        let send = MagicLinksLoginOrSignupOptions { organization_id: UMBRELLA.into(), email_address: u.email.into(), ..Default::default() };
        c.magic_links().email().login_or_signup(&send).await.expect("a login link");
        let token = outbox(u.email).await.into_iter().rev().find_map(|x| x.magic_link_token).expect("the link's token");
        let link = MagicLinksAuthenticateOptions { magic_links_token: token, session_duration_minutes: 60, ..Default::default() };
        c.magic_links().authenticate(&link).await.expect("the link's login");

        let log = requests().await;
        let has = |path: &str, key: &str| keys_sent(&log, path).iter().any(|k| k == key);
        assert_eq!(has("passwords/email/reset/start", "code_challenge"), required);
        assert_eq!(has("passwords/email/reset", "code_verifier"), required);
        assert_eq!(has("magic_links/email/login_or_signup", "pkce_code_challenge"), required);
        assert_eq!(has("magic_links/authenticate", "pkce_code_verifier"), required);
        let storage = storage(false);
        let kept: Vec<String> =
            (0..storage.length().unwrap()).filter_map(|i| storage.key(i).unwrap()).filter(|k| k.contains("pkce")).collect();
        assert_eq!(kept, Vec::<String>::new(), "the verifiers were spent");
        clear_faults().await;
    }
}

/// A reset started with a challenge fails without its verifier: the emulator checks the pair,
/// and the typed API reports its error as the typed `pkce` error type.
#[wasm_bindgen_test]
async fn a_reset_started_with_pkce_fails_without_its_verifier() {
    fresh().await;
    bootstrap_with_pkce(true).await;
    let c = client();
    let m = ACME_SMS;
    let start = PasswordResetByEmailStartOptions { organization_id: ACME.into(), email_address: m.email.into(), ..Default::default() };
    c.passwords().reset_by_email_start(&start).await.expect("a reset link");
    let token = outbox(m.email).await.into_iter().rev().find_map(|x| x.password_reset_token).expect("the reset token");
    let storage = storage(false);
    let kept: Vec<String> = (0..storage.length().unwrap()).filter_map(|i| storage.key(i).unwrap()).filter(|k| k.contains("pkce")).collect();
    assert_eq!(kept.len(), 1, "the start kept its verifier");
    storage.remove_item(&kept[0]).unwrap();
    let reset = PasswordResetByEmailOptions {
        password_reset_token: token,
        password: "Fresh-Password-2026".into(),
        session_duration_minutes: 60,
        ..Default::default()
    };
    let e = c.passwords().reset_by_email(&reset).await.expect_err("no verifier");
    assert!(e.error_type().is_some_and(|t| t.to_string().contains("pkce")), "{e}");
    clear_faults().await;
}

/// Connected Apps (#24) from the typed API: a client registers itself (RFC 7591, no
/// credentials), the member's consent page calls `idp()`, then the member and the organization
/// see the authorized app and the member revokes it.
#[wasm_bindgen_test]
async fn connected_apps_consent_list_and_revoke() {
    fresh().await;
    let registration = serde_json::json!({"redirect_uris": ["http://localhost:4000/cb"], "client_name": "Agent"});
    let registered =
        gloo_net::http::Request::post(&format!("{EMULATOR}/v1/oauth2/register")).json(&registration).unwrap().send().await.unwrap();
    assert_eq!(registered.status(), 201);
    let app_id = registered.json::<serde_json::Value>().await.unwrap()["client_id"].as_str().unwrap().to_string();
    let c = client();
    c.passwords().authenticate(&password(GLOBEX, GLOBEX_OPTIONAL.email)).await.expect("a login without MFA");

    let ask = IdpOAuthAuthorizeStartOptions {
        client_id: app_id.clone(),
        redirect_uri: "http://localhost:4000/cb".into(),
        response_type: "code".into(),
        scopes: Some(vec!["openid".into(), "email".into()]),
        ..Default::default()
    };
    let shown = c.idp().oauth_authorize_start(&ask).await.expect("what the consent page shows");
    assert!(shown.consent_required);
    assert_eq!(shown.client.client_name, "Agent");
    let answer = IdpOAuthAuthorizeSubmitOptions {
        client_id: ask.client_id.clone(),
        redirect_uri: ask.redirect_uri.clone(),
        response_type: ask.response_type.clone(),
        scopes: ask.scopes.clone(),
        consent_granted: Some(true),
        state: Some("st".into()),
        ..Default::default()
    };
    let back = c.idp().oauth_authorize_submit(&answer).await.expect("the consent");
    assert!(
        back.redirect_uri.starts_with("http://localhost:4000/cb?code=") && back.redirect_uri.ends_with("&state=st"),
        "{}",
        back.redirect_uri
    );

    let mine = c.self_().get_connected_apps().await.unwrap().connected_apps;
    assert_eq!((mine.len(), mine[0].connected_app_id.as_str(), mine[0].scopes_granted.as_str()), (1, app_id.as_str(), "openid email"));
    assert_eq!(c.organization().get_connected_apps().await.unwrap().connected_apps.len(), 1);
    let one = c.organization().get_connected_app(&app_id).await.unwrap();
    assert_eq!(one.active_members.iter().map(|m| m.member_id.as_str()).collect::<Vec<_>>(), [GLOBEX_OPTIONAL.id]);
    let theirs = c.organization().members().get_connected_apps(GLOBEX_OPTIONAL.id).await.expect("their own, by stytch.self");
    assert_eq!(theirs.connected_apps.len(), 1);

    c.self_().revoke_connected_app(&app_id).await.expect("revoked");
    assert!(c.self_().get_connected_apps().await.unwrap().connected_apps.is_empty());
    let logout = IdpOAuthLogoutStartOptions {
        client_id: app_id,
        post_logout_redirect_uri: "http://localhost:4000/bye".into(),
        state: "s".into(),
        ..Default::default()
    };
    let e = c.idp().oauth_logout_start(&logout).await.expect_err("no such post-logout URL");
    assert_eq!(e.error_type(), Some(&ErrorType::RedirectUriMismatch));
}

/// SSO connection management (sso24, #24) through the typed API: a SAML connection set up
/// from the emulator's own identity-provider metadata, an OIDC one, another organization's
/// shared as an external one, a certificate refused by its error type, and the deletes.
#[wasm_bindgen_test]
async fn sso_connections_are_created_set_up_and_deleted() {
    fresh().await;
    let c = client();
    c.passwords().authenticate(&password(SOYLENT, SOYLENT_ADMIN.email)).await.expect("the admin's login");
    let saml = c.sso().saml();
    let okta = SamlCreateConnectionOptions { display_name: Some("Okta".into()), ..Default::default() };
    let created = saml.create_connection(&okta).await.expect("a SAML connection").connection;
    assert_eq!((created.status.as_str(), created.display_name.as_str()), ("pending", "Okta"));
    let by_url = SamlUpdateConnectionByUrlOptions {
        connection_id: created.connection_id.clone(),
        metadata_url: format!("{EMULATOR}/v1/b2b/public/idp/saml/metadata"),
    };
    let read = saml.update_connection_by_url(&by_url).await.expect("the local metadata").connection;
    assert_eq!(read.idp_entity_id, format!("{EMULATOR}/v1/b2b/public/idp/saml"));
    assert_eq!(read.verification_certificates.len(), 1);
    let mapping = SamlUpdateConnectionOptions {
        connection_id: created.connection_id.clone(),
        attribute_mapping: Some([("email".to_string(), "NameID".to_string())].into()),
        ..Default::default()
    };
    assert_eq!(saml.update_connection(&mapping).await.expect("the mapping").connection.status, "active");
    // Both ids of the path reach the API: it finds the certificate, and keeps it as the last one.
    let certificate = SamlDeleteVerificationCertificateOptions {
        connection_id: created.connection_id.clone(),
        certificate_id: read.verification_certificates[0].certificate_id.clone(),
    };
    let kept = saml.delete_verification_certificate(&certificate).await.expect_err("the last certificate");
    assert_eq!(kept.error_type(), Some(&ErrorType::CannotDeleteLastSsoVerificationKey), "{kept:?}");
    let bad = SamlUpdateConnectionOptions {
        connection_id: created.connection_id.clone(),
        x509_certificate: Some("not a certificate".into()),
        ..Default::default()
    };
    let refused = saml.update_connection(&bad).await.expect_err("not a certificate");
    assert_eq!(refused.error_type(), Some(&ErrorType::InvalidX509Certificate), "{refused:?}");

    let oidc = c.sso().oidc().create_connection(&OidcCreateConnectionOptions::default()).await.expect("an OIDC connection");
    let shared = ExternalCreateConnectionOptions {
        external_organization_id: GLOBEX.into(),
        external_connection_id: GLOBEX_SAML.into(),
        ..Default::default()
    };
    let external = c.sso().external().create_connection(&shared).await.expect("Globex's connection shared").connection;
    assert_eq!(external.status, "active");
    let listed = c.sso().get_connections().await.expect("the connections");
    assert_eq!((listed.saml_connections.len(), listed.oidc_connections.len(), listed.external_connections.len()), (1, 1, 1));

    for id in [created.connection_id, oidc.connection.connection_id, external.connection_id] {
        assert_eq!(c.sso().delete_connection(&id).await.expect("deleted").connection_id, id);
    }
    let listed = c.sso().get_connections().await.expect("the connections");
    assert!(listed.saml_connections.is_empty() && listed.external_connections.is_empty());
}

/// scim24: the organization's SCIM connection managed through the typed API by an admin (the
/// token once, a rotation, the groups page), refused to a plain member; then an impersonation
/// token from a redirect URL signs in as the member with an `impersonated` factor.
#[wasm_bindgen_test]
async fn scim_connection_management_and_impersonation() {
    fresh().await;
    let c = client();
    c.passwords().authenticate(&password(SOYLENT, SOYLENT_ADMIN.email)).await.expect("the admin's login");
    let create = ScimCreateConnectionOptions { display_name: Some("Okta".into()), identity_provider: Some("okta".into()) };
    let made = c.scim().create_connection(&create).await.expect("a connection").connection.expect("answered");
    let token = made.bearer_token.expect("shown on creation");
    let got = c.scim().get_connection().await.expect("read").connection.expect("there is one");
    assert_eq!((got.bearer_token, got.bearer_token_last_four), (None, Some(token[token.len() - 4..].to_string())));
    let started = c.scim().rotate_start(&made.connection_id).await.expect("a rotation").connection.unwrap();
    assert!(started.next_bearer_token.is_some_and(|t| t != token));
    c.scim().rotate_cancel(&made.connection_id).await.expect("cancelled");
    let err = c.scim().rotate_complete(&made.connection_id).await.expect_err("no rotation left");
    assert!(matches!(err, StytchError::Api { error_type: ErrorType::ScimConnectionNotRotatingToken, .. }), "{err:?}");
    let groups = c.scim().get_connection_groups(&ScimGetConnectionGroupsOptions { limit: Some(5), cursor: None }).await.unwrap();
    assert!(groups.scim_groups.is_empty() && groups.next_cursor.is_none());
    let update = ScimUpdateConnectionOptions {
        connection_id: made.connection_id.clone(),
        display_name: Some("Okta EU".into()),
        ..Default::default()
    };
    assert_eq!(c.scim().update_connection(&update).await.unwrap().connection.unwrap().display_name, "Okta EU");
    assert_eq!(c.scim().delete_connection(&made.connection_id).await.unwrap().connection_id, made.connection_id);
    c.session().revoke(&SessionRevokeOptions::default()).await.unwrap();

    let plain = client();
    plain.passwords().authenticate(&password(SOYLENT, SOYLENT_MANAGER.email)).await.unwrap();
    let err = plain.scim().get_connection().await.expect_err("not an admin");
    assert!(matches!(err, StytchError::Api { status_code: 403, error_type: ErrorType::SessionAuthorizationError, .. }), "{err:?}");
    plain.session().revoke(&SessionRevokeOptions::default()).await.unwrap();

    let token = impersonation_token(SOYLENT, SOYLENT_PLAIN.id).await;
    let href = format!("https://app.example/auth?stytch_token_type=multi_tenant_impersonation&token={token}");
    let found = c.parse_authenticate_url(Some(&href)).expect("a token");
    assert_eq!((found.handled, found.token_type.as_str()), (true, "multi_tenant_impersonation"));
    let signed_in = c.impersonation().authenticate(&ImpersonationAuthenticateOptions { impersonation_token: found.token }).await.unwrap();
    let factor = &signed_in.member_session.expect("a session, never an IST").authentication_factors[0];
    assert_eq!((factor.factor_type.clone(), factor.delivery_method.clone()), (FactorType::Impersonated, DeliveryMethod::Impersonation));
    assert_eq!(c.session().get_sync().map(|s| s.member_id), Some(SOYLENT_PLAIN.id.to_string()), "the session is stored");
}

/// `session().exchange_access_token(..)` (apps24): a Connected Apps access token granted
/// `full_access` (a first-party client the project allows it) signs the member in on another
/// client, which stores the session as any login's.
#[wasm_bindgen_test]
async fn a_full_access_token_signs_in_through_exchange_access_token() {
    fresh().await;
    let basic = |id: &str, secret: &str| format!("Basic {}", web_sys::window().unwrap().btoa(&format!("{id}:{secret}")).unwrap());
    let body = serde_json::json!({
        "client_type": "first_party", "client_name": "CLI", "redirect_urls": ["http://localhost:4000/cb"], "full_access_allowed": true,
    });
    let created = gloo_net::http::Request::post(&format!("{EMULATOR}/v1/connected_apps/clients"))
        .header("Authorization", &basic(PROJECT_ID, SECRET))
        .json(&body)
        .unwrap()
        .send()
        .await
        .unwrap();
    let app = created.json::<serde_json::Value>().await.unwrap()["connected_app"].clone();
    let (app_id, app_secret) = (app["client_id"].as_str().unwrap().to_string(), app["client_secret"].as_str().unwrap().to_string());

    let c = client();
    c.passwords().authenticate(&password(GLOBEX, GLOBEX_OPTIONAL.email)).await.expect("a login without MFA");
    let consent = IdpOAuthAuthorizeSubmitOptions {
        client_id: app_id.clone(),
        redirect_uri: "http://localhost:4000/cb".into(),
        response_type: "code".into(),
        scopes: Some(vec!["openid".into(), "full_access".into()]),
        consent_granted: Some(true),
        ..Default::default()
    };
    let code = c.idp().oauth_authorize_submit(&consent).await.expect("the consent").authorization_code.expect("a code");
    let form = format!("grant_type=authorization_code&code={code}&redirect_uri=http%3A%2F%2Flocalhost%3A4000%2Fcb");
    let tokens = gloo_net::http::Request::post(&format!("{EMULATOR}/v1/oauth2/token"))
        .header("Authorization", &basic(&app_id, &app_secret))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(form)
        .unwrap()
        .send()
        .await
        .unwrap();
    let access_token = tokens.json::<serde_json::Value>().await.unwrap()["access_token"].as_str().unwrap().to_string();
    c.session().revoke(&SessionRevokeOptions::default()).await.unwrap();
    assert!(c.session().get_sync().is_none());

    let exchanged = c
        .session()
        .exchange_access_token(&SessionExchangeAccessTokenOptions { access_token, session_duration_minutes: 60 })
        .await
        .expect("the exchange");
    assert_eq!(exchanged.member_id, GLOBEX_OPTIONAL.id);
    let session = c.session().get_sync().expect("the stored session");
    assert_eq!(session.member_id, GLOBEX_OPTIONAL.id);
    assert_eq!(session.authentication_factors.len(), 1);
}

/// Google One Tap (#24) on the typed API: the JS client's code (js/third-party.js) shows the
/// prompt of the page's Google Identity Services (here the emulator's stand-in, which the page
/// loaded), answers whether it was shown, and reports a project without One Tap and a start
/// without an organization as the typed errors. (The full sign-in navigates away, which a
/// wasm-bindgen test page cannot; tests/e2e/one-tap.test.mjs runs it with the JS client.)
#[wasm_bindgen_test]
async fn google_one_tap_shows_the_prompt_and_reports_its_errors() {
    fresh().await;
    load_script(&format!("{EMULATOR}/gsi/client")).await;
    let c = client();
    let start = GoogleOneTapStartOptions { organization_id: GLOBEX.into(), ..Default::default() };
    let shown = c.oauth().google_one_tap().start(&start).await.expect("the prompt");
    assert_eq!(shown, OneTapRenderResult { success: true, reason: None });
    let document = web_sys::window().unwrap().document().unwrap();
    let close = document.get_element_by_id("stytch-emulator-onetap-close").expect("the panel is shown");
    let click = js_sys::Reflect::get(&close, &"click".into()).unwrap();
    js_sys::Function::from(click).call0(&close).unwrap();
    assert!(document.get_element_by_id("stytch-emulator-onetap").is_none(), "closed");

    clear_requests().await;
    let usage = c.oauth().google_one_tap().start(&GoogleOneTapStartOptions::default()).await.unwrap_err();
    assert!(matches!(&usage, StytchError::Usage { method, .. } if method == "oauth.googleOneTap.start"), "{usage:?}");
    assert!(requests().await.is_empty(), "a usage error sends nothing");

    set_google_client_id("").await;
    let discovery = GoogleOneTapDiscoveryStartOptions::default();
    let off = c.oauth().google_one_tap().discovery().start(&discovery).await.unwrap_err();
    assert!(off.to_string().contains("oauth_config_not_found"), "{off}");
    reset().await;
}

/// DFP Protected Auth and captcha (#24) on the typed API: with the project deciding and a
/// challenge that triggers a captcha, a challenged password login is answered `Captcha
/// required`, and the JS client's code retries it with a telemetry id (from the emulator's DFP
/// script, named by `dfp_cdn_url` / `dfppa_url`) and a captcha token (from the reCAPTCHA
/// stand-in the page loaded): the login succeeds on the retry.
#[wasm_bindgen_test]
async fn a_challenged_login_is_retried_with_a_telemetry_id_and_a_captcha_token() {
    fresh().await;
    let settings = serde_json::json!({
        "dfp_protected_auth": {"enabled": true, "mode": "DECISIONING", "on_challenge": "TRIGGER_CAPTCHA"},
        "captcha": {"enabled": true, "site_key": "site-key-typed"},
    });
    set_protected_auth(&settings).await;
    queue_verdicts(&["CHALLENGE"]).await;
    load_script(&format!("{EMULATOR}/recaptcha/enterprise.js?render=site-key-typed")).await;
    let options = ClientOptions {
        custom_base_url: Some(EMULATOR.into()),
        dfppa_url: Some(EMULATOR.into()),
        dfp_cdn_url: Some(EMULATOR.into()),
        ..Default::default()
    };
    // A malformed DFP place is a usage error when DFP first needs it, before the request.
    let bad_place = ClientOptions { dfppa_url: Some("http://".into()), ..options.clone() };
    let bad = StytchB2BHeadlessClient::new(PUBLIC_TOKEN, bad_place).expect("a client: the places are read when needed");
    let refused = bad.passwords().authenticate(&password(GLOBEX, GLOBEX_OPTIONAL.email)).await.unwrap_err();
    assert!(matches!(&refused, StytchError::Usage { message, .. } if message.contains("dfppaUrl")), "{refused:?}");
    assert!(!requests().await.iter().any(|r| r.path == "/sdk/v1/b2b/passwords/authenticate"), "nothing sent");

    let c = StytchB2BHeadlessClient::new(PUBLIC_TOKEN, options).expect("a client");
    let login = c.passwords().authenticate(&password(GLOBEX, GLOBEX_OPTIONAL.email)).await.expect("the login, on its retry");
    assert!(login.member_authenticated);
    let logins: Vec<RequestRecord> = requests().await.into_iter().filter(|r| r.path == "/sdk/v1/b2b/passwords/authenticate").collect();
    assert_eq!(logins.iter().map(|r| r.status).collect::<Vec<_>>(), [403, 200], "refused with Captcha required, then allowed");
    assert!(logins[0].body_keys.contains(&"dfp_telemetry_id".to_string()));
    assert!(["dfp_telemetry_id", "captcha_token"].iter().all(|k| logins[1].body_keys.contains(&k.to_string())));
    reset().await;
}
