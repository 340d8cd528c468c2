//! The client in real headless Chromium against the emulator over real HTTP
//! (`wasm-pack test --headless --chrome`; `scripts/test.sh` starts the emulator and passes
//! its URL in `STYTCH_EMULATOR_URL` at compile time).
// The JS surface exists with the `npm` feature: `wasm-pack test ... --features npm`.
#![cfg(all(target_arch = "wasm32", feature = "npm"))]

use js_sys::{Array, Function, Object, Promise, Reflect};
use serde_json::{json, Value};
use stytch_b2b_headless::portable::ffi::{read, topic, TOPIC_NAMES};
use stytch_b2b_headless::WasmClient;
use wasm_bindgen::{prelude::*, JsCast};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod harness;

use harness::*;

// ---------- helpers ----------

fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

fn s(v: &str) -> JsValue {
    JsValue::from_str(v)
}

fn n(v: f64) -> JsValue {
    JsValue::from_f64(v)
}

fn get(v: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(v.clone(), |acc, k| Reflect::get(&acc, &s(k)).unwrap_or(JsValue::UNDEFINED))
}

fn get_str(v: &JsValue, path: &str) -> String {
    get(v, path).as_string().unwrap_or_else(|| panic!("{path} is not a string in {:?}", js_sys::JSON::stringify(v)))
}

#[wasm_bindgen(module = "/js/driver.js")]
extern "C" {
    /// `{core, call}`: the core `create(refresh)` makes, driven as the JS facade drives it.
    #[wasm_bindgen(catch)]
    fn connect(create: &JsValue) -> Result<JsValue, JsValue>;
    /// `f` with the core's failures thrown as the error classes.
    fn guard(f: &Function) -> Function;
    /// `{subscribe, changed}`: a client's change subscribers, as the facade keeps them.
    fn subscribers() -> JsValue;
    #[wasm_bindgen(thread_local_v2, js_name = errors)]
    static ERRORS: JsValue;
    /// The facade's step-up check over a cached session (in JS: src/portable/stepup.rs is the
    /// typed API's).
    #[wasm_bindgen(catch, js_name = authenticatedWithin)]
    fn step_up_check(session: &JsValue, params: &JsValue) -> Result<bool, JsValue>;
}

/// The JS surface as `js/client.js` uses it: the wasm core and the driver's `call`.
struct Client {
    core: JsValue,
    call: Function,
    /// The driver's `subscribers()`, which the core tells of changes.
    listeners: JsValue,
}

impl Client {
    fn new(public_token: &str, options: JsValue) -> Result<Client, JsValue> {
        let token = s(public_token);
        let listeners = subscribers();
        let changed: Function = get(&listeners, "changed").unchecked_into();
        let create = Closure::once_into_js(move |refresh: Function| -> Result<JsValue, JsValue> {
            WasmClient::new(token, options, refresh, changed).map(JsValue::from)
        });
        let driven = connect(&create)?;
        Ok(Client { core: get(&driven, "core"), call: get(&driven, "call").unchecked_into(), listeners })
    }

    /// `core[name](...args)`, its failures as the error classes.
    fn invoke(&self, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
        let f: Function = get(&self.core, name).unchecked_into();
        guard(&f.bind0(&self.core)).apply(&JsValue::NULL, &args.iter().collect::<Array>())
    }

    fn cached(&self, topic: u8) -> JsValue {
        self.invoke("cached", &[n(f64::from(topic))]).unwrap()
    }

    fn session_sync(&self) -> JsValue {
        self.cached(topic::SESSION)
    }

    fn member_sync(&self) -> JsValue {
        self.cached(topic::MEMBER)
    }

    fn organization_sync(&self) -> JsValue {
        self.cached(topic::ORGANIZATION)
    }

    /// `session.getInfo()`: `{session, fromCache}`.
    fn session_info(&self) -> JsValue {
        obj(&[("session", self.session_sync()), ("fromCache", self.cached(read::FROM_CACHE))])
    }

    fn tokens(&self) -> JsValue {
        self.cached(read::TOKENS)
    }

    /// Subscribes to a topic (`portable::ffi::topic`), as the facade's `onChange`; returns
    /// what unsubscribes.
    fn subscribe(&self, topic: u8, callback: JsValue) -> Result<JsValue, JsValue> {
        let part = TOPIC_NAMES.iter().find(|(n, _)| *n == topic).map_or("", |(_, name)| name);
        get(&self.listeners, "subscribe").unchecked_into::<Function>().call2(&JsValue::NULL, &s(part), &callback)
    }

    fn unsubscribe(&self, unsubscribe: &JsValue) {
        unsubscribe.unchecked_ref::<Function>().call0(&JsValue::NULL).unwrap();
    }

    /// `session.authenticatedWithin(params)`, as the facade answers it from the cached session.
    fn authenticated_within(&self, params: JsValue) -> Result<bool, JsValue> {
        step_up_check(&self.session_sync(), &params)
    }

    fn destroy(&self) {
        self.invoke("destroy", &[]).unwrap();
    }
}

fn client_with(extra: &[(&str, JsValue)]) -> Client {
    let mut pairs = vec![("customBaseUrl", s(EMULATOR))];
    pairs.extend(extra.iter().cloned());
    Client::new(PUBLIC_TOKEN, obj(&pairs)).expect("client constructs")
}

fn client() -> Client {
    client_with(&[])
}

/// `method` by name, as `js/client.js` calls it: by its index in the table, with its name.
async fn call(c: &Client, method: &str, params: JsValue) -> Result<JsValue, JsValue> {
    let index = index_of(method).map_or(f64::from(u32::MAX), |i| i as f64);
    JsFuture::from(Promise::from(c.call.call3(&JsValue::NULL, &n(index), &s(method), &params).unwrap())).await
}

async fn ok(c: &Client, method: &str, params: JsValue) -> JsValue {
    match call(c, method, params).await {
        Ok(v) => v,
        Err(e) => panic!("{method} failed: {:?}", get(&e, "message")),
    }
}

async fn err(c: &Client, method: &str, params: JsValue) -> JsValue {
    call(c, method, params).await.expect_err(&format!("{method} should fail"))
}

fn error_name(e: &JsValue) -> String {
    get_str(e, "name")
}

fn is_instance(e: &JsValue, class: &str) -> bool {
    let ctor = ERRORS.with(|errors| get(errors, class));
    e.is_instance_of::<js_sys::Error>() && ctor.is_function() && {
        let f: Function = ctor.unchecked_into();
        Reflect::get(&f, &s("prototype")).ok().is_some_and(|p| {
            let proto: Object = p.unchecked_into();
            proto.is_prototype_of(e)
        })
    }
}

fn password_params(org: &str, email: &str) -> JsValue {
    obj(&[("organization_id", s(org)), ("email_address", s(email)), ("password", s(PASSWORD)), ("session_duration_minutes", n(60.0))])
}

fn code_params(member: &str, code: &str) -> JsValue {
    obj(&[("organization_id", s(ACME)), ("member_id", s(member)), ("code", s(code)), ("session_duration_minutes", n(60.0))])
}

// ---------- flows ----------

#[wasm_bindgen_test]
async fn password_then_sms_otp_with_cookies() {
    fresh().await;
    let c = client();
    let r = ok(&c, "passwords.authenticate", password_params(ACME, "sms.member@acme.test")).await;
    assert_eq!(get(&r, "member_authenticated"), JsValue::FALSE);
    let ist = get_str(&r, "intermediate_session_token");
    assert_eq!(cookie("stytch_intermediate_session_token").as_deref(), Some(ist.as_str()));
    assert!(c.session_sync().is_null());

    let code = last_code(ACME_SMS.phone).await;
    let e = err(&c, "otps.sms.authenticate", code_params(ACME_SMS.id, totp::wrong(&code))).await;
    assert_eq!(get_str(&e, "error_type"), "otp_code_not_found");
    assert!(is_instance(&e, "StytchAPIError"));
    assert_eq!(cookie("stytch_intermediate_session_token").as_deref(), Some(ist.as_str()), "IST kept after a wrong code");

    // A resend replaces the code: the first one no longer works, the new one does.
    let sent = ok(&c, "otps.sms.send", obj(&[("organization_id", s(ACME)), ("member_id", s(ACME_SMS.id))])).await;
    assert_eq!(get(&sent, "status_code").as_f64(), Some(200.0));
    let resent = last_code(ACME_SMS.phone).await;
    if resent != code {
        assert_eq!(get_str(&err(&c, "otps.sms.authenticate", code_params(ACME_SMS.id, &code)).await, "error_type"), "otp_code_not_found");
    }
    let code = resent;
    let r = ok(&c, "otps.sms.authenticate", code_params(ACME_SMS.id, &code)).await;
    let token = get_str(&r, "session_token");
    assert_eq!(cookie("stytch_session").as_deref(), Some(token.as_str()));
    assert_eq!(cookie("stytch_session_jwt"), Some(get_str(&r, "session_jwt")));
    assert_eq!(cookie("stytch_intermediate_session_token"), None, "IST cleared");
    assert_eq!(get_str(&c.session_sync(), "member_session_id"), get_str(&r, "member_session.member_session_id"));
    assert_eq!(get_str(&c.member_sync(), "member_id"), ACME_SMS.id);
    assert_eq!(get_str(&c.organization_sync(), "organization_id"), ACME);
    assert_eq!(get_str(&c.tokens(), "session_token"), token);
    let state = storage(false).get_item(&state_key()).unwrap().unwrap();
    assert!(state.contains(ACME_SMS.id) && !state.contains(&token), "state cached without tokens");

    // What was sent: the IST in the MFA body, the session token as the Basic password afterwards.
    let reqs = requests().await;
    for path in ["/sdk/v1/b2b/otps/sms/send", "/sdk/v1/b2b/otps/sms/authenticate"] {
        let r = reqs.iter().rev().find(|r| r.path == path).unwrap();
        assert!(r.body_keys.iter().any(|k| k == "intermediate_session_token"), "{path} carries the IST");
    }
    ok(&c, "session.authenticate", JsValue::UNDEFINED).await;
    let last = requests().await.pop().unwrap();
    assert_eq!(last.path, "/sdk/v1/b2b/sessions/authenticate");
    assert_eq!(last.authorization.and_then(|a| a.password).as_deref(), Some("session_token"));
    c.destroy();
}

#[wasm_bindgen_test]
async fn password_then_totp_enrollment_and_login() {
    fresh().await;
    let c = client();
    let r = ok(&c, "passwords.authenticate", password_params(ACME, "new.member@acme.test")).await;
    assert!(get(&r, "mfa_required.member_options").is_null());
    let created = ok(&c, "totp.create", obj(&[("organization_id", s(ACME)), ("member_id", s(ACME_NEW.id))])).await;
    let secret = get_str(&created, "secret");
    assert!(get_str(&created, "qr_code").starts_with("data:image/png;base64,"));
    assert_eq!(Array::from(&get(&created, "recovery_codes")).length(), 10);
    let code = totp_now(&secret).await;
    let e = err(&c, "totp.authenticate", code_params(ACME_NEW.id, totp::wrong(&code))).await;
    assert_eq!(get_str(&e, "error_type"), "invalid_totp_code");
    let mut p = code_params(ACME_NEW.id, &code);
    Reflect::set(&p, &s("set_mfa_enrollment"), &s("enroll")).unwrap();
    p = p.clone();
    let r = ok(&c, "totp.authenticate", p).await;
    assert_eq!(get(&r, "member.mfa_enrolled"), JsValue::TRUE);
    assert!(c.tokens().is_object());

    // Returning TOTP member: password then a TOTP code.
    fresh().await;
    let c = client();
    ok(&c, "passwords.authenticate", password_params(ACME, "totp.member@acme.test")).await;
    let code = totp_now(ACME_TOTP.totp_secret).await;
    let r = ok(&c, "totp.authenticate", code_params(ACME_TOTP.id, &code)).await;
    let types: Vec<String> = Array::from(&get(&r, "member_session.authentication_factors")).iter().map(|f| get_str(&f, "type")).collect();
    assert_eq!(types, ["password", "totp"]);
    c.destroy();
}

#[wasm_bindgen_test]
async fn recovery_codes_recover_get_rotate() {
    fresh().await;
    let c = client();
    ok(&c, "passwords.authenticate", password_params(ACME, "totp.member@acme.test")).await;
    let r = ok(
        &c,
        "recoveryCodes.recover",
        obj(&[
            ("organization_id", s(ACME)),
            ("member_id", s(ACME_TOTP.id)),
            ("recovery_code", s("acme-0001-rc01")),
            ("session_duration_minutes", n(60.0)),
        ]),
    )
    .await;
    assert_eq!(get(&r, "recovery_codes_remaining").as_f64(), Some(9.0));
    let got = ok(&c, "recoveryCodes.get", JsValue::UNDEFINED).await;
    assert_eq!(Array::from(&get(&got, "recovery_codes")).length(), 9);
    let rotated = ok(&c, "recoveryCodes.rotate", JsValue::UNDEFINED).await;
    assert_eq!(Array::from(&get(&rotated, "recovery_codes")).length(), 10);
    c.destroy();
}

#[wasm_bindgen_test]
async fn magic_link_and_discovery_exchange() {
    fresh().await;
    let c = client();
    // The Globex member also joins Acme by magic link; Acme requires MFA, so an IST comes back.
    ok(&c, "magicLinks.email.loginOrSignup", obj(&[("organization_id", s(ACME)), ("email_address", s("optional.member@globex.test"))]))
        .await;
    let token = last_sent("optional.member@globex.test").await.magic_link_token.expect("a magic link");
    let r = ok(&c, "magicLinks.authenticate", obj(&[("magic_links_token", s(&token)), ("session_duration_minutes", n(60.0))])).await;
    assert_eq!(get(&r, "member_authenticated"), JsValue::FALSE);
    assert!(cookie("stytch_intermediate_session_token").is_some());
    // The stored IST is exchanged into Globex, which logs straight in.
    let r =
        ok(&c, "discovery.intermediateSessions.exchange", obj(&[("organization_id", s(GLOBEX)), ("session_duration_minutes", n(60.0))]))
            .await;
    assert_eq!(get_str(&r, "member_id"), GLOBEX_OPTIONAL.id);
    assert!(cookie("stytch_intermediate_session_token").is_none());
    assert!(cookie("stytch_session").is_some());
    c.destroy();
}

const NEW_PASSWORD: &str = "Fresh-Password-2026";

#[wasm_bindgen_test]
async fn primary_required_keeps_the_ist_and_the_allowed_factor_continues_into_mfa() {
    fresh().await;
    let c = client();
    let r = ok(&c, "passwords.authenticate", password_params(UMBRELLA, UMBRELLA_LINKS.email)).await;
    assert_eq!(get(&r, "member_authenticated"), JsValue::FALSE);
    let allowed = Array::from(&get(&r, "primary_required.allowed_auth_methods"));
    assert_eq!(allowed.get(0).as_string().as_deref(), Some("magic_link"));
    assert!(get(&r, "mfa_required").is_null());
    let ist = cookie("stytch_intermediate_session_token").expect("the IST is stored for the next primary factor");
    assert!(c.session_sync().is_null());
    // The email link, authenticated with the stored IST (sent by the client), goes on to MFA.
    ok(&c, "magicLinks.email.loginOrSignup", obj(&[("organization_id", s(UMBRELLA)), ("email_address", s(UMBRELLA_LINKS.email))])).await;
    let token = last_sent(UMBRELLA_LINKS.email).await.magic_link_token.expect("magic_link_token");
    let m = ok(&c, "magicLinks.authenticate", obj(&[("magic_links_token", s(&token)), ("session_duration_minutes", n(60.0))])).await;
    assert!(get(&m, "primary_required").is_null());
    assert_eq!(get_str(&m, "mfa_required.secondary_auth_initiated"), "sms_otp");
    let reqs = requests().await;
    let sent = reqs.iter().rev().find(|r| r.path.ends_with("/magic_links/authenticate")).unwrap();
    assert!(sent.body_keys.iter().any(|k| k == "intermediate_session_token"), "the stored IST went along");
    assert_ne!(cookie("stytch_intermediate_session_token").unwrap(), ist, "a new IST replaced the old");
    let member = get_str(&m, "member_id");
    let code = last_code(UMBRELLA_LINKS.phone).await;
    let params =
        obj(&[("organization_id", s(UMBRELLA)), ("member_id", s(&member)), ("code", s(&code)), ("session_duration_minutes", n(60.0))]);
    let done = ok(&c, "otps.sms.authenticate", params).await;
    assert_eq!(Array::from(&get(&done, "member_session.authentication_factors")).length(), 3);
    assert!(cookie("stytch_intermediate_session_token").is_none());
    assert!(cookie("stytch_session").is_some());
    c.destroy();
}

#[wasm_bindgen_test]
async fn password_resets_sign_in_like_primary_factors() {
    fresh().await;
    let c = client();
    // By email, into MFA: the IST is stored, the SMS code finishes the login.
    let start = obj(&[
        ("organization_id", s(ACME)),
        ("email_address", s("sms.member@acme.test")),
        ("reset_password_redirect_url", s("http://localhost/reset")),
    ]);
    ok(&c, "passwords.resetByEmailStart", start).await;
    assert!(cookie("stytch_intermediate_session_token").is_none(), "starting a reset stores nothing");
    let token = last_sent("sms.member@acme.test").await.password_reset_token.expect("password_reset_token");
    let weak = obj(&[("password_reset_token", s(&token)), ("password", s("weak")), ("session_duration_minutes", n(60.0))]);
    let e = err(&c, "passwords.resetByEmail", weak).await;
    assert_eq!(get_str(&e, "error_type"), "weak_password");
    let strength = ok(&c, "passwords.strengthCheck", obj(&[("password", s(NEW_PASSWORD))])).await;
    assert_eq!(get(&strength, "valid_password"), JsValue::TRUE);
    let reset = obj(&[("password_reset_token", s(&token)), ("password", s(NEW_PASSWORD)), ("session_duration_minutes", n(60.0))]);
    let r = ok(&c, "passwords.resetByEmail", reset).await;
    assert_eq!(get(&r, "member_authenticated"), JsValue::FALSE);
    assert!(cookie("stytch_intermediate_session_token").is_some());
    ok(&c, "otps.sms.authenticate", code_params(ACME_SMS.id, &last_code(ACME_SMS.phone).await)).await;
    assert!(cookie("stytch_session").is_some() && cookie("stytch_intermediate_session_token").is_none());
    c.destroy();

    // By existing password, straight into a session (an OPTIONAL organization).
    fresh().await;
    let c = client();
    let change = |existing: &str| {
        obj(&[
            ("organization_id", s(GLOBEX)),
            ("email_address", s("optional.member@globex.test")),
            ("existing_password", s(existing)),
            ("new_password", s(NEW_PASSWORD)),
            ("session_duration_minutes", n(60.0)),
        ])
    };
    let e = err(&c, "passwords.resetByExistingPassword", change("wrong-password")).await;
    assert!(is_instance(&e, "StytchAPIError"));
    assert_eq!(get_str(&e, "error_type"), "unauthorized_credentials");
    let r = ok(&c, "passwords.resetByExistingPassword", change(PASSWORD)).await;
    assert_eq!(get(&r, "member_authenticated"), JsValue::TRUE);
    assert_eq!(get_str(&c.session_sync(), "member_id"), GLOBEX_OPTIONAL.id);
    assert!(cookie("stytch_session").is_some());
    c.destroy();
}

#[wasm_bindgen_test]
async fn revoke_clears_everything_and_notifies() {
    fresh().await;
    let c = client();
    let seen = std::rc::Rc::new(std::cell::RefCell::new(Vec::<bool>::new()));
    let seen2 = seen.clone();
    let cb = Closure::<dyn FnMut(JsValue)>::new(move |session: JsValue| seen2.borrow_mut().push(session.is_object()));
    let subscription = c.subscribe(topic::SESSION, cb.as_ref().clone()).unwrap();
    let states = std::rc::Rc::new(std::cell::RefCell::new(0));
    let states2 = states.clone();
    let state_cb = Closure::<dyn FnMut(JsValue)>::new(move |_| *states2.borrow_mut() += 1);
    c.subscribe(topic::STATE, state_cb.as_ref().clone()).unwrap();
    ok(&c, "passwords.authenticate", password_params(GLOBEX, "optional.member@globex.test")).await;
    ok(&c, "session.revoke", JsValue::UNDEFINED).await;
    assert_eq!(*seen.borrow(), vec![true, false]);
    assert_eq!(*states.borrow(), 2);
    assert!(c.session_sync().is_null() && c.member_sync().is_null() && c.tokens().is_null());
    assert_eq!(cookie("stytch_session"), None);
    assert!(storage(false).get_item(&state_key()).unwrap().is_none());
    // forceClear: a revoke that fails (here, the network) still logs out locally, and is not sent.
    ok(&c, "passwords.authenticate", password_params(GLOBEX, "optional.member@globex.test")).await;
    drop_requests_to("/b2b/sessions/revoke").await;
    err(&c, "session.revoke", JsValue::UNDEFINED).await;
    assert!(c.tokens().is_object(), "without forceClear a network failure keeps the session");
    let e = err(&c, "session.revoke", obj(&[("forceClear", JsValue::TRUE)])).await;
    clear_faults().await;
    assert!(is_instance(&e, "StytchAPIUnreachableError"));
    assert!(c.tokens().is_null() && c.session_sync().is_null());
    let last = requests().await.pop().unwrap();
    assert!(last.body_keys.is_empty(), "forceClear is not sent");
    assert_eq!(seen.borrow().len(), 4);
    c.unsubscribe(&subscription);
    ok(&c, "passwords.authenticate", password_params(GLOBEX, "optional.member@globex.test")).await;
    assert_eq!(seen.borrow().len(), 4, "unsubscribed");
    c.destroy();
}

/// A subscriber that throws is warned about and keeps neither the client nor the subscribers
/// after it from being told (the facade's list, js/driver.js `subscribers`).
#[wasm_bindgen_test]
async fn a_subscriber_that_throws_does_not_stop_the_others() {
    fresh().await;
    let c = client();
    let thrower: JsValue = Function::new_no_args("throw new Error('app bug')").into();
    c.subscribe(topic::SESSION, thrower).unwrap();
    let told = std::rc::Rc::new(std::cell::RefCell::new(Vec::<bool>::new()));
    let told2 = told.clone();
    let cb = Closure::<dyn FnMut(JsValue)>::new(move |session: JsValue| told2.borrow_mut().push(session.is_object()));
    c.subscribe(topic::SESSION, cb.as_ref().clone()).unwrap();
    ok(&c, "passwords.authenticate", password_params(GLOBEX, "optional.member@globex.test")).await;
    ok(&c, "session.revoke", JsValue::UNDEFINED).await;
    assert_eq!(*told.borrow(), vec![true, false]);
    c.destroy();
}

/// `cached(topic)` answers each topic's part and the other reads, and nothing for a number
/// that is neither (it answered the organization for any number but 1 and 2).
#[wasm_bindgen_test]
async fn cached_answers_each_topic_and_nothing_for_an_unknown_one() {
    fresh().await;
    let c = client();
    ok(&c, "passwords.authenticate", password_params(GLOBEX, "optional.member@globex.test")).await;
    assert_eq!(get_str(&c.organization_sync(), "organization_id"), GLOBEX);
    assert!(c.session_sync().is_object() && c.member_sync().is_object());
    let state = c.cached(topic::STATE);
    assert_eq!(get_str(&state, "organization.organization_id"), GLOBEX);
    assert!(get(&state, "session").is_object() && get(&state, "member").is_object());
    // The other reads answer under their numbers.
    assert!(get_str(&c.cached(read::TOKENS), "session_jwt").contains('.'));
    assert_eq!(c.cached(read::FROM_CACHE), JsValue::FALSE);
    assert_eq!(c.cached(read::API_BASE).as_string().as_deref(), Some(EMULATOR.trim_end_matches('/')));
    for unknown in [read::API_BASE + 1, 9, u8::MAX] {
        assert!(c.cached(unknown).is_null(), "topic {unknown}");
    }
    // A subscriber must be a function.
    let e = c.subscribe(topic::SESSION, s("not a function")).unwrap_err();
    assert!(is_instance(&e, "StytchSDKUsageError") && get_str(&e, "message").contains("callback must be a function"));
    c.destroy();
}

#[wasm_bindgen_test]
async fn step_up_check_reads_the_cached_factors() {
    fresh().await;
    let c = client();
    ok(&c, "passwords.authenticate", password_params(ACME, "totp.member@acme.test")).await;
    let code = totp_now(ACME_TOTP.totp_secret).await;
    ok(&c, "totp.authenticate", code_params(ACME_TOTP.id, &code)).await;
    let check = |types: JsValue, minutes: f64, require: &str| {
        c.authenticated_within(obj(&[("factor_types", types), ("within_minutes", n(minutes)), ("require", s(require))]))
    };
    assert!(check(s("totp"), 5.0, "any").unwrap());
    assert!(check(Array::of2(&s("sms_otp"), &s("totp")).into(), 5.0, "any").unwrap());
    assert!(!check(Array::of2(&s("sms_otp"), &s("totp")).into(), 5.0, "all").unwrap());
    assert!(!check(s("sms_otp"), 5.0, "any").unwrap());
    assert!(is_instance(&check(s("totp"), -1.0, "any").unwrap_err(), "StytchSDKUsageError"));
    c.destroy();
}

/// Signed out there are no factors: the check answers false (the core's check threw a
/// TypeError there, `Array.from(undefined)`, and left the client borrowed for good), and bad
/// arguments are still usage errors.
#[wasm_bindgen_test]
async fn step_up_check_without_a_session_is_false() {
    fresh().await;
    let c = client();
    assert!(c.session_sync().is_null());
    let params = obj(&[("factor_types", s("totp")), ("within_minutes", n(5.0))]);
    assert_eq!(c.authenticated_within(params).ok(), Some(false));
    for bad in [obj(&[("factor_types", n(1.0)), ("within_minutes", n(5.0))]), JsValue::UNDEFINED, s("totp")] {
        assert!(is_instance(&c.authenticated_within(bad).unwrap_err(), "StytchSDKUsageError"));
    }
    let bad_require = obj(&[("factor_types", s("totp")), ("within_minutes", n(5.0)), ("require", s("most"))]);
    let e = c.authenticated_within(bad_require).unwrap_err();
    assert!(get_str(&e, "message").starts_with("Invalid call to stytch.session.authenticatedWithin"));
    ok(&c, "passwords.authenticate", password_params(GLOBEX, "optional.member@globex.test")).await;
    c.destroy();
}

/// The facade's check (JS) and the typed API's (src/portable/stepup.rs) answer alike: the
/// factor type names, `any` and `all`, the window's edge, entries that are not factors.
#[wasm_bindgen_test]
fn step_up_checks_of_both_surfaces_agree() {
    use stytch_b2b_headless::portable::stepup::{authenticated_within, FactorSeen};
    let now = js_sys::Date::now();
    let at = |minutes_ago: f64| js_sys::Date::new(&n(now - minutes_ago * 60_000.0)).to_iso_string();
    // No factor sits on a window's edge (1, 3, 60 minutes): the two checks read the clock a
    // moment apart, so an edge case could fall either side.
    let factors = [("otp", 2.0), ("totp", 30.0), ("recovery_codes", 1.5), ("password", 0.5)];
    let list = Array::new();
    for (t, ago) in factors {
        list.push(&obj(&[("type", s(t)), ("last_authenticated_at", at(ago).into())]));
    }
    // Not factors: both skip them.
    list.push(&obj(&[("type", s("email")), ("last_authenticated_at", s("not a time"))]));
    list.push(&s("otp"));
    let session = obj(&[("authentication_factors", list.into())]);
    let seen: Vec<FactorSeen> = factors
        .iter()
        .map(|(t, ago)| FactorSeen {
            factor_type: t.to_string(),
            last_authenticated_at_ms: js_sys::Date::parse(&at(*ago).as_string().unwrap()),
        })
        .collect();
    let wanted_lists: [&[&str]; 7] =
        [&["sms_otp"], &["sms"], &["otp", "totp"], &["recovery_code"], &["email"], &[], &["password", "sms_otp", "recovery_code"]];
    for wanted in wanted_lists {
        for minutes in [1.0, 3.0, 60.0] {
            for require in ["any", "all"] {
                let params = obj(&[
                    ("factor_types", wanted.iter().map(|w| s(w)).collect::<Array>().into()),
                    ("within_minutes", n(minutes)),
                    ("require", s(require)),
                ]);
                let js = step_up_check(&session, &params).unwrap();
                let owned: Vec<String> = wanted.iter().map(|w| w.to_string()).collect();
                let rust = authenticated_within(&seen, &owned, minutes * 60_000.0, js_sys::Date::now(), require == "all");
                assert_eq!(js, rust, "{wanted:?} within {minutes} min, {require}");
            }
        }
    }
}

// ---------- errors ----------

#[wasm_bindgen_test]
async fn usage_errors_are_raised_before_any_request() {
    fresh().await;
    clear_requests().await;
    let c = client();
    let cases: Vec<(&str, JsValue, &str)> = vec![
        ("otps.sms.send", obj(&[("organization_id", s(ACME))]), "member_id"),
        (
            "otps.sms.send",
            obj(&[("organization_id", s(ACME)), ("member_id", s(ACME_NEW.id)), ("mfa_phone_number", s("555-0100"))]),
            "E.164",
        ),
        ("otps.sms.authenticate", code_params(ACME_SMS.id, "12345"), "6 digits"),
        (
            "totp.authenticate",
            obj(&[
                ("organization_id", s(ACME)),
                ("member_id", s(ACME_TOTP.id)),
                ("code", s("123456")),
                ("session_duration_minutes", n(4.0)),
            ]),
            "session_duration_minutes",
        ),
        (
            "totp.authenticate",
            obj(&[("organization_id", s(ACME)), ("member_id", s(ACME_TOTP.id)), ("code", s("123456"))]),
            "session_duration_minutes",
        ),
        (
            "totp.create",
            obj(&[("organization_id", s(ACME)), ("member_id", s(ACME_NEW.id)), ("expiration_minutes", n(2000.0))]),
            "expiration_minutes",
        ),
        (
            "passwords.authenticate",
            obj(&[
                ("organization_id", n(5.0)),
                ("email_address", s("a@b.co")),
                ("password", s("x")),
                ("session_duration_minutes", n(60.0)),
            ]),
            "organization_id",
        ),
        (
            "passwords.authenticate",
            obj(&[("organization_id", s(ACME)), ("email_address", s("nope")), ("password", s("x")), ("session_duration_minutes", n(60.0))]),
            "email_address",
        ),
        ("otps.sms.authenticate", JsValue::UNDEFINED, "parameters"),
        ("otps.sms.authenticate", s("not an object"), "parameters"),
        ("nope.method", obj(&[]), "not a method"),
    ];
    for (method, params, mention) in cases {
        let e = err(&c, method, params).await;
        assert!(is_instance(&e, "StytchSDKUsageError"), "{method}: {:?}", get(&e, "name"));
        assert_eq!(error_name(&e), "StytchSDKUsageError");
        let msg = get_str(&e, "message");
        assert!(msg.starts_with(&format!("Invalid call to stytch.{method}")), "{msg}");
        assert!(msg.contains(mention), "{method}: {msg}");
    }
    assert_eq!(requests().await.len(), 0, "no request was sent");
    // A bad public token or option throws from the constructor.
    assert!(Client::new("secret-key", JsValue::UNDEFINED).is_err());
    assert!(Client::new(PUBLIC_TOKEN, obj(&[("tokenStorage", s("indexedDB"))])).is_err());
    assert!(Client::new(PUBLIC_TOKEN, obj(&[("customBaseUrl", s("ftp://x"))])).is_err());
    assert!(Client::new(PUBLIC_TOKEN, obj(&[("requestTimeoutMs", n(-1.0))])).is_err());
}

#[wasm_bindgen_test]
async fn unreachable_errors_for_network_timeout_and_bad_bodies() {
    fresh().await;
    let c = client_with(&[("requestTimeoutMs", n(300.0))]);
    let login = || password_params(GLOBEX, "optional.member@globex.test");
    let path = "/b2b/passwords/authenticate";
    drop_requests_to("/b2b/passwords/authenticate").await;
    let e = err(&c, "passwords.authenticate", login()).await;
    assert!(is_instance(&e, "StytchAPIUnreachableError"));
    assert!(get_str(&e, "message").contains("could not be reached"));
    clear_faults().await;
    let cases: Vec<(Fault, &str)> = vec![
        (Fault { path: path.into(), delay_ms: Some(1500), times: Some(1), ..Default::default() }, "timed out after 300 ms"),
        (
            Fault {
                path: path.into(),
                status: Some(502),
                body: Some(Value::String("<html>bad gateway</html>".into())),
                content_type: Some("text/html".into()),
                times: Some(1),
                ..Default::default()
            },
            "502",
        ),
        (
            Fault {
                path: path.into(),
                status: Some(200),
                body: Some(Value::String("{\"nodata\": true}".into())),
                times: Some(1),
                ..Default::default()
            },
            "data",
        ),
        (
            Fault {
                path: path.into(),
                status: Some(200),
                body: Some(Value::String("not json".into())),
                times: Some(1),
                ..Default::default()
            },
            "not Stytch's JSON",
        ),
    ];
    for (spec, mention) in cases {
        add_fault(&spec).await;
        let e = err(&c, "passwords.authenticate", login()).await;
        assert!(is_instance(&e, "StytchAPIUnreachableError"), "{:?}", get(&e, "message"));
        let msg = get_str(&e, "message");
        assert!(msg.contains(mention), "{msg}");
    }
    // A Stytch-shaped error from a fault is a StytchAPIError with every field.
    add_fault(&Fault { path: path.into(), status: Some(503), times: Some(1), ..Default::default() }).await;
    let e = err(&c, "passwords.authenticate", login()).await;
    assert!(is_instance(&e, "StytchAPIError"));
    assert_eq!(get(&e, "status_code").as_f64(), Some(503.0));
    assert_eq!(get_str(&e, "error_type"), "emulated_fault");
    assert!(get_str(&e, "request_id").starts_with("request-id-test-"));
    assert!(get_str(&e, "error_url").starts_with("https://"));
    assert!(get(&e, "error_message").is_string());
    // Afterwards the flow still works.
    ok(&c, "passwords.authenticate", login()).await;
    c.destroy();
}

#[wasm_bindgen_test]
async fn failures_keep_the_ist_and_session_unless_the_server_says_they_are_invalid() {
    fresh().await;
    let c = client_with(&[("requestTimeoutMs", n(2000.0))]);
    ok(&c, "passwords.authenticate", password_params(ACME, "sms.member@acme.test")).await;
    let ist = cookie("stytch_intermediate_session_token").unwrap();
    drop_requests_to("/b2b/otps/sms/authenticate").await;
    assert!(is_instance(&err(&c, "otps.sms.authenticate", code_params(ACME_SMS.id, "123456")).await, "StytchAPIUnreachableError"));
    clear_faults().await;
    add_fault(&Fault { path: "/b2b/otps/sms/authenticate".into(), status: Some(500), times: Some(1), ..Default::default() }).await;
    err(&c, "otps.sms.authenticate", code_params(ACME_SMS.id, "123456")).await;
    assert_eq!(cookie("stytch_intermediate_session_token"), Some(ist.clone()), "kept through network and server failures");
    // The server says the IST is gone: as in Stytch's client, a failed call keeps it.
    advance_clock(601).await;
    let e = err(&c, "otps.sms.authenticate", code_params(ACME_SMS.id, "123456")).await;
    assert_eq!(get_str(&e, "error_type"), "intermediate_session_not_found");
    assert_eq!(cookie("stytch_intermediate_session_token"), Some(ist.clone()));

    // A session survives a wrong password and a 500 but not the server's session_not_found.
    fresh().await;
    let c = client();
    ok(&c, "passwords.authenticate", password_params(GLOBEX, "optional.member@globex.test")).await;
    let mut bad = password_params(GLOBEX, "optional.member@globex.test");
    Reflect::set(&bad, &s("password"), &s("wrong-password")).unwrap();
    bad = bad.clone();
    assert_eq!(get_str(&err(&c, "passwords.authenticate", bad).await, "error_type"), "unauthorized_credentials");
    assert!(c.tokens().is_object(), "a wrong password does not log the member out");
    add_fault(&Fault { path: "/b2b/sessions/authenticate".into(), status: Some(500), times: Some(1), ..Default::default() }).await;
    err(&c, "session.authenticate", JsValue::UNDEFINED).await;
    assert!(c.tokens().is_object());
    advance_clock(3601).await;
    assert_eq!(get_str(&err(&c, "session.authenticate", JsValue::UNDEFINED).await, "error_type"), "session_not_found");
    assert!(c.tokens().is_null() && c.session_sync().is_null());
    assert_eq!(cookie("stytch_session"), None);
    c.destroy();
}

// ---------- storage ----------

async fn sms_login(c: &Client) -> JsValue {
    ok(c, "passwords.authenticate", password_params(ACME, "sms.member@acme.test")).await;
    let code = last_code(ACME_SMS.phone).await;
    ok(c, "otps.sms.authenticate", code_params(ACME_SMS.id, &code)).await
}

#[wasm_bindgen_test]
async fn local_and_session_storage_modes() {
    for (mode, session) in [("localStorage", false), ("sessionStorage", true)] {
        fresh().await;
        let c = client_with(&[("tokenStorage", s(mode))]);
        ok(&c, "passwords.authenticate", password_params(ACME, "sms.member@acme.test")).await;
        let stored = storage(session).get_item("stytch_intermediate_session_token").unwrap().unwrap();
        assert!(stored.contains(':'), "{mode}: the IST is stored with its expiry");
        assert_eq!(cookie("stytch_intermediate_session_token"), None, "{mode}: no cookies");
        let code = last_code(ACME_SMS.phone).await;
        let r = ok(&c, "otps.sms.authenticate", code_params(ACME_SMS.id, &code)).await;
        assert!(storage(session).get_item("stytch_session").unwrap().unwrap().ends_with(&get_str(&r, "session_token")));
        assert!(storage(session).get_item("stytch_intermediate_session_token").unwrap().is_none());
        assert!(storage(session).get_item(&state_key()).unwrap().is_some());
        c.destroy();
    }
}

#[wasm_bindgen_test]
async fn memory_mode_touches_no_browser_storage() {
    fresh().await;
    let c = client_with(&[("tokenStorage", s("memory"))]);
    sms_login(&c).await;
    assert!(c.tokens().is_object());
    assert_eq!(storage(false).length().unwrap(), 0);
    assert_eq!(storage(true).length().unwrap(), 0);
    assert_eq!(cookie("stytch_session"), None);
    c.destroy();
}

#[wasm_bindgen_test]
async fn custom_adapter_and_renamed_cookies() {
    fresh().await;
    let map = Object::new();
    let adapter = js_sys::eval(
        "(m) => ({ getItem: (k) => (k in m ? m[k] : null), setItem: (k, v) => { m[k] = v; }, removeItem: (k) => { delete m[k]; } })",
    )
    .unwrap()
    .unchecked_into::<Function>()
    .call1(&JsValue::NULL, &map)
    .unwrap();
    let c = client_with(&[("tokenStorage", adapter)]);
    let r = sms_login(&c).await;
    assert!(get_str(&map, "stytch_session").ends_with(&get_str(&r, "session_token")));
    assert!(get(&map, &state_key()).is_string());
    assert_eq!(cookie("stytch_session"), None);
    c.destroy();

    fresh().await;
    let c = client_with(&[(
        "cookieOptions",
        obj(&[("opaqueTokenCookieName", s("my_session")), ("jwtCookieName", s("my_jwt")), ("istCookieName", s("my_ist"))]),
    )]);
    ok(&c, "passwords.authenticate", password_params(ACME, "sms.member@acme.test")).await;
    assert!(cookie("my_ist").is_some());
    let code = last_code(ACME_SMS.phone).await;
    ok(&c, "otps.sms.authenticate", code_params(ACME_SMS.id, &code)).await;
    assert!(cookie("my_session").is_some() && cookie("my_jwt").is_some() && cookie("my_ist").is_none());
    assert_eq!(cookie("stytch_session"), None);
    c.destroy();
}

#[wasm_bindgen_test]
async fn failing_storage_falls_back_to_memory_and_the_flow_completes() {
    fresh().await;
    let warnings = std::rc::Rc::new(std::cell::RefCell::new(0));
    // An adapter whose writes fail as a full localStorage does.
    let adapter = js_sys::eval(
        "({ getItem: () => null, setItem: () => { const e = new Error('full'); e.name = 'QuotaExceededError'; throw e; }, removeItem: () => {} })",
    )
    .unwrap();
    let console = web_sys::window().unwrap().get("console").unwrap();
    let original_warn = get(&console, "warn");
    let w2 = warnings.clone();
    let spy = Closure::<dyn FnMut(JsValue)>::new(move |_| *w2.borrow_mut() += 1);
    Reflect::set(&console, &s("warn"), spy.as_ref()).unwrap();
    let c = client_with(&[("tokenStorage", adapter)]);
    let r = sms_login(&c).await;
    Reflect::set(&console, &s("warn"), &original_warn).unwrap();
    assert_eq!(get_str(&c.tokens(), "session_token"), get_str(&r, "session_token"));
    assert!(c.session_sync().is_object());
    assert_eq!(*warnings.borrow(), 2, "one warning for tokens, one for the state cache");
    c.destroy();

    // Corrupt cached state is discarded, not a crash (unread here: there is no session token).
    fresh().await;
    storage(false).set_item(&state_key(), "{not json").unwrap();
    let c = client();
    assert!(c.session_sync().is_null());
    assert!(storage(false).get_item(&state_key()).unwrap().is_none());
    sms_login(&c).await;
    c.destroy();
}

// ---------- reload and other tabs ----------

#[wasm_bindgen_test]
async fn a_reload_mid_flow_keeps_the_ist_and_the_flow_finishes() {
    fresh().await;
    let before = client();
    ok(&before, "passwords.authenticate", password_params(ACME, "sms.member@acme.test")).await;
    before.destroy();
    drop(before);
    // A new client on the same page storage, as after a reload.
    let after = client();
    let code = last_code(ACME_SMS.phone).await;
    let r = ok(&after, "otps.sms.authenticate", code_params(ACME_SMS.id, &code)).await;
    assert_eq!(get(&r, "member_session.member_id").as_string().as_deref(), Some(ACME_SMS.id));
    after.destroy();
    drop(after);
    // And the session survives the next reload, served from the cache at once.
    let again = client();
    assert_eq!(get_str(&again.session_sync(), "member_id"), ACME_SMS.id);
    assert_eq!(get(&again.session_info(), "fromCache"), JsValue::TRUE);
    ok(&again, "session.authenticate", JsValue::UNDEFINED).await;
    assert_eq!(get(&again.session_info(), "fromCache"), JsValue::FALSE);
    again.destroy();
}

#[wasm_bindgen_test]
async fn a_start_without_a_session_token_clears_the_cache_and_the_jwt_and_keeps_the_ist() {
    fresh().await;
    let before = client();
    sms_login(&before).await;
    before.destroy();
    drop(before);
    // The session cookie is gone (expired, cleared); its JWT, the cached state and a login in
    // progress are left. Stytch's client then drops all but the IST before it can be read.
    set_cookie("stytch_session", None);
    set_cookie("stytch_intermediate_session_token", Some("ist-of-a-login-in-progress"));
    assert!(cookie("stytch_session_jwt").is_some() && cached_state().is_some());
    let c = client();
    assert!(c.session_sync().is_null() && c.member_sync().is_null() && c.organization_sync().is_null());
    assert_eq!(get(&c.session_info(), "fromCache"), JsValue::FALSE);
    assert!(c.tokens().is_null());
    assert_eq!(cached_state(), None);
    assert!(cookie("stytch_session_jwt").is_none(), "the JWT without its token is removed");
    assert_eq!(cookie("stytch_intermediate_session_token").as_deref(), Some("ist-of-a-login-in-progress"));
    c.destroy();

    // A cached member and organization without a session, and no cookies: dropped too.
    clear_cookies();
    let state = json!({ "member": { "member_id": ACME_SMS.id }, "organization": { "organization_id": ACME } });
    storage(false).set_item(&state_key(), &state.to_string()).unwrap();
    let c = client();
    assert!(c.member_sync().is_null() && c.organization_sync().is_null());
    assert_eq!(cached_state(), None);
    c.destroy();
}

#[wasm_bindgen_test]
async fn storage_events_from_another_tab_update_this_one() {
    fresh().await;
    let this_tab = client();
    let calls = std::rc::Rc::new(std::cell::RefCell::new(Vec::<bool>::new()));
    let calls2 = calls.clone();
    let cb = Closure::<dyn FnMut(JsValue)>::new(move |m: JsValue| calls2.borrow_mut().push(m.is_object()));
    this_tab.subscribe(topic::MEMBER, cb.as_ref().clone()).unwrap();
    // The other tab logs in; the browser tells this tab through a storage event.
    let other_tab = client();
    sms_login(&other_tab).await;
    let key = state_key();
    let value = storage(false).get_item(&key).unwrap();
    let init = web_sys::StorageEventInit::new();
    init.set_key(Some(&key));
    init.set_new_value(value.as_deref());
    let event = web_sys::StorageEvent::new_with_event_init_dict("storage", &init).unwrap();
    // Only this tab's listener should react; the other client is torn down first.
    other_tab.destroy();
    web_sys::window().unwrap().dispatch_event(&event).unwrap();
    assert_eq!(get_str(&this_tab.member_sync(), "member_id"), ACME_SMS.id);
    assert_eq!(*calls.borrow(), vec![true]);
    // The other tab logs out.
    init.set_new_value(None);
    let event = web_sys::StorageEvent::new_with_event_init_dict("storage", &init).unwrap();
    web_sys::window().unwrap().dispatch_event(&event).unwrap();
    assert!(this_tab.member_sync().is_null());
    assert_eq!(*calls.borrow(), vec![true, false]);
    this_tab.destroy();
}

// ---------- background refresh ----------

async fn sleep_ms(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    JsFuture::from(p).await.unwrap();
}

async fn refreshes_sent() -> Vec<RequestRecord> {
    requests().await.into_iter().filter(|r| r.path == "/sdk/v1/b2b/sessions/authenticate").collect()
}

#[wasm_bindgen_test]
async fn the_session_is_refreshed_in_the_background_and_kept_alive() {
    fresh().await;
    let c = client_with(&[("sessionRefreshIntervalMs", n(1000.0)), ("keepSessionAlive", JsValue::TRUE)]);
    ok(&c, "passwords.authenticate", password_params(GLOBEX, "optional.member@globex.test")).await;
    let jwt = get_str(&c.tokens(), "session_jwt");
    assert!(refreshes_sent().await.is_empty());
    sleep_ms(1400).await;
    let sent = refreshes_sent().await;
    assert_eq!(sent.len(), 1, "one refresh after one interval");
    assert_eq!(sent[0].authorization.as_ref().and_then(|a| a.password.as_deref()), Some("session_token"));
    assert!(sent[0].body_keys.iter().any(|k| k == "session_duration_minutes"), "keepSessionAlive extends");
    assert_ne!(get_str(&c.tokens(), "session_jwt"), jwt, "the new JWT is stored");
    c.destroy();
    sleep_ms(1200).await;
    assert_eq!(refreshes_sent().await.len(), 1, "destroy stops the timer");
}

#[wasm_bindgen_test]
async fn refresh_backs_off_on_recoverable_errors_and_clears_on_unrecoverable_ones() {
    fresh().await;
    let c = client_with(&[("sessionRefreshIntervalMs", n(1000.0))]);
    let logged_out = std::rc::Rc::new(std::cell::RefCell::new(false));
    let flag = logged_out.clone();
    let cb = Closure::<dyn FnMut(JsValue)>::new(move |session: JsValue| *flag.borrow_mut() = session.is_null());
    c.subscribe(topic::SESSION, cb.as_ref().clone()).unwrap();
    ok(&c, "passwords.authenticate", password_params(GLOBEX, "optional.member@globex.test")).await;
    // The first refresh meets a 503: the session is kept and retried after a backoff (~4 s), not at once.
    add_fault(&Fault { path: "/b2b/sessions/authenticate".into(), status: Some(503), times: Some(1), ..Default::default() }).await;
    sleep_ms(1300).await;
    assert_eq!(refreshes_sent().await.len(), 1);
    assert!(c.tokens().is_object(), "kept after a recoverable error");
    sleep_ms(1500).await;
    assert_eq!(refreshes_sent().await.len(), 1, "no retry before the backoff");
    // The server then says the session is gone: it is cleared and subscribers hear of it.
    add_fault(&Fault {
        path: "/b2b/sessions/authenticate".into(),
        status: Some(404),
        body: Some(
            json!({"status_code": 404, "error_type": "session_not_found", "error_message": "gone", "error_url": "https://stytch.com/docs"}),
        ),
        ..Default::default()
    })
    .await;
    sleep_ms(3500).await;
    assert_eq!(refreshes_sent().await.len(), 2, "retried after the backoff");
    assert!(c.tokens().is_null() && c.session_sync().is_null());
    assert!(*logged_out.borrow());
    sleep_ms(1200).await;
    assert_eq!(refreshes_sent().await.len(), 2, "no refresh without a session");
    c.destroy();
}

// ---------- lifecycle details matched to Stytch's client (issue: hardening) ----------

#[wasm_bindgen_test]
async fn revoke_mid_mfa_clears_the_ist_so_no_one_can_finish_the_login() {
    fresh().await;
    let c = client();
    ok(&c, "passwords.authenticate", password_params(ACME, "sms.member@acme.test")).await;
    assert!(cookie("stytch_intermediate_session_token").is_some());
    // Only an IST is held: the server has no session to revoke.
    let e = err(&c, "session.revoke", JsValue::UNDEFINED).await;
    assert!(is_instance(&e, "StytchAPIError"));
    assert_eq!(get_str(&e, "error_type"), "session_not_found");
    assert_eq!(cookie("stytch_intermediate_session_token"), None, "logging out drops the IST too");
    // The code that was sent no longer logs anyone in from this browser.
    let code = last_code(ACME_SMS.phone).await;
    let e = err(&c, "otps.sms.authenticate", code_params(ACME_SMS.id, &code)).await;
    assert_eq!(get_str(&e, "error_type"), "action_available_only_once_primary_authentication_is_met");
    assert!(c.tokens().is_null() && c.session_sync().is_null());
    c.destroy();
}

async fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    for _ in 0..40 {
        if done() {
            return;
        }
        sleep_ms(50).await;
    }
    panic!("timed out waiting until {what}");
}

#[wasm_bindgen_test]
async fn a_cached_session_is_confirmed_at_start_and_cleared_if_it_ended_on_the_server() {
    fresh().await;
    let first = client();
    ok(&first, "passwords.authenticate", password_params(GLOBEX, "optional.member@globex.test")).await;
    first.destroy();
    // A new page with a live session: cached at once, confirmed by an immediate refresh.
    clear_requests().await;
    let c = client();
    assert!(c.session_sync().is_object());
    assert_eq!(get(&c.session_info(), "fromCache"), JsValue::TRUE, "cached, being confirmed");
    wait_until("the session is confirmed", || get(&c.session_info(), "fromCache") == JsValue::FALSE).await;
    assert!(c.session_sync().is_object());
    let sent = requests().await;
    assert_eq!(sent[0].path, "/sdk/v1/b2b/sessions/authenticate");
    c.destroy();
    // The session ends on the server (its clock moves past it); the cookie is still here.
    advance_clock(3601).await;
    let c = client();
    assert!(c.session_sync().is_object(), "shown from the cache first");
    wait_until("the dead session is cleared", || c.session_sync().is_null()).await;
    assert!(c.tokens().is_null());
    assert_eq!(cookie("stytch_session"), None);
    assert_eq!(get(&c.session_info(), "fromCache"), JsValue::FALSE);
    c.destroy();
}

/// Two answers out of order: the refresh a page starts with (a cached session) is held on the
/// way, a login made meanwhile is answered first, then the refresh says the session it sent is
/// gone. That answer is older than the login's: it must not log the member out.
#[wasm_bindgen_test]
async fn a_refresh_answered_after_a_newer_login_does_not_undo_it() {
    fresh().await;
    let first = client();
    ok(&first, "passwords.authenticate", password_params(GLOBEX, "optional.member@globex.test")).await;
    first.destroy();
    clear_requests().await;
    add_fault(&Fault {
        path: "/b2b/sessions/authenticate".into(),
        delay_ms: Some(1500),
        status: Some(404),
        body: Some(
            json!({"status_code": 404, "error_type": "session_not_found", "error_message": "gone", "error_url": "https://stytch.com/docs"}),
        ),
        times: Some(1),
        ..Default::default()
    })
    .await;
    let told = std::rc::Rc::new(std::cell::RefCell::new(Vec::<bool>::new()));
    let seen = told.clone();
    let cb = Closure::<dyn FnMut(JsValue)>::new(move |session: JsValue| seen.borrow_mut().push(session.is_object()));
    let c = client();
    c.subscribe(topic::SESSION, cb.as_ref().clone()).unwrap();
    sleep_ms(100).await; // the start's refresh is on its way, held by the fault
    let login = ok(&c, "passwords.authenticate", password_params(GLOBEX, "optional.member@globex.test")).await;
    // The request log records each request when it is answered.
    let answered = requests().await;
    assert_eq!(answered.len(), 1, "the login was answered while the refresh was held");
    assert_eq!(answered[0].path, "/sdk/v1/b2b/passwords/authenticate");
    for _ in 0..40 {
        if refreshes_sent().await.len() == 1 {
            break;
        }
        sleep_ms(50).await;
    }
    assert_eq!(refreshes_sent().await.len(), 1, "then the refresh was answered");
    sleep_ms(50).await; // the answer reaches the client
    assert_eq!(get_str(&c.session_sync(), "member_session_id"), get_str(&login, "member_session.member_session_id"));
    assert_eq!(get_str(&c.tokens(), "session_token"), get_str(&login, "session_token"));
    assert_eq!(*told.borrow(), vec![true], "told of the login only");
    c.destroy();
}

#[wasm_bindgen_test]
async fn from_cache_is_true_only_while_a_cached_session_awaits_confirmation() {
    fresh().await;
    let c = client();
    assert_eq!(get(&c.session_info(), "fromCache"), JsValue::FALSE, "no session at all");
    ok(&c, "passwords.authenticate", password_params(ACME, "sms.member@acme.test")).await;
    assert_eq!(get(&c.session_info(), "fromCache"), JsValue::FALSE, "only an IST");
    ok(&c, "otps.sms.authenticate", code_params(ACME_SMS.id, &last_code(ACME_SMS.phone).await)).await;
    assert_eq!(get(&c.session_info(), "fromCache"), JsValue::FALSE, "a session the server just gave");
    c.destroy();
}

#[wasm_bindgen_test]
async fn a_success_body_of_the_wrong_shape_changes_nothing() {
    fresh().await;
    let c = client();
    ok(&c, "passwords.authenticate", password_params(GLOBEX, "optional.member@globex.test")).await;
    let (token, jwt) = (cookie("stytch_session").unwrap(), cookie("stytch_session_jwt").unwrap());
    let session = c.session_sync();
    let bodies = [
        r#"{"data": {"member_session": {}, "session_token": "", "session_jwt": ""}}"#,
        r#"{"data": {"member_session": {"member_session_id": "x", "expires_at": "2099-01-01T00:00:00Z"}, "session_token": 5, "session_jwt": "j"}}"#,
        r#"{"data": {"member_session": "yes", "session_token": "t", "session_jwt": "j"}}"#,
        r#"{"data": {"member_session": null, "intermediate_session_token": ""}}"#,
        r#"{"data": {}}"#,
    ];
    for body in bodies {
        add_fault(&Fault {
            path: "/b2b/sessions/authenticate".into(),
            status: Some(200),
            body: Some(Value::String(body.into())),
            times: Some(1),
            ..Default::default()
        })
        .await;
        let e = err(&c, "session.authenticate", JsValue::UNDEFINED).await;
        assert!(is_instance(&e, "StytchAPIUnreachableError"), "{body}");
        assert_eq!(cookie("stytch_session"), Some(token.clone()), "{body}");
        assert_eq!(cookie("stytch_session_jwt"), Some(jwt.clone()), "{body}");
        assert!(
            c.session_sync().is_object()
                && js_sys::JSON::stringify(&c.session_sync()).unwrap() == js_sys::JSON::stringify(&session).unwrap()
        );
    }
    // A well-formed session that has already ended clears both tokens.
    let ended = r#"{"data": {"member_session": {"member_session_id": "x", "expires_at": "2001-01-01T00:00:00Z"}, "session_token": "t", "session_jwt": "j", "member": null, "organization": null}}"#;
    add_fault(&Fault {
        path: "/b2b/sessions/authenticate".into(),
        status: Some(200),
        body: Some(Value::String(ended.into())),
        times: Some(1),
        ..Default::default()
    })
    .await;
    ok(&c, "session.authenticate", JsValue::UNDEFINED).await;
    assert_eq!(cookie("stytch_session"), None);
    assert_eq!(cookie("stytch_session_jwt"), None);
    assert!(c.tokens().is_null() && c.session_sync().is_null());
    c.destroy();
}

#[wasm_bindgen_test]
async fn over_long_ids_codes_and_tokens_are_usage_errors_before_any_request() {
    fresh().await;
    let c = client();
    clear_requests().await;
    let huge = "o".repeat(100_000);
    let cases = [
        ("otps.sms.send", obj(&[("organization_id", s(&huge)), ("member_id", s(ACME_SMS.id))])),
        (
            "passwords.authenticate",
            obj(&[
                ("organization_id", s(ACME)),
                ("email_address", s(&format!("{huge}@acme.test"))),
                ("password", s(PASSWORD)),
                ("session_duration_minutes", n(60.0)),
            ]),
        ),
        ("magicLinks.authenticate", obj(&[("magic_links_token", s(&huge)), ("session_duration_minutes", n(60.0))])),
        (
            "recoveryCodes.recover",
            obj(&[
                ("organization_id", s(ACME)),
                ("member_id", s(ACME_TOTP.id)),
                ("recovery_code", s(&huge)),
                ("session_duration_minutes", n(60.0)),
            ]),
        ),
        (
            "magicLinks.email.loginOrSignup",
            obj(&[("organization_id", s(ACME)), ("email_address", s("a@acme.test")), ("login_redirect_url", s(&huge))]),
        ),
    ];
    for (method, params) in cases {
        let e = err(&c, method, params).await;
        assert!(is_instance(&e, "StytchSDKUsageError"), "{method}");
        let message = get_str(&e, "message");
        assert!(message.contains("at most"), "{method}: {message}");
    }
    assert_eq!(requests().await.len(), 0, "nothing was sent");
    c.destroy();
}

// ---------- reliability matrices: every method of the method table ----------

use stytch_b2b_headless::portable::methods::{index_of, Effect, METHODS};
use stytch_b2b_headless::portable::validate::{Rule, Spec};

/// Parameters of the right shape for `method`, from its spec in the method table.
fn valid_params(spec: Spec) -> JsValue {
    let o = Object::new();
    for (name, rule) in spec {
        let v = match (rule, name) {
            (Rule::Required, "organization_id") => s(ACME),
            (Rule::Required, "member_id") => s(ACME_SMS.id),
            (Rule::Required, _) => s("some-token-value"),
            (Rule::Jwt, _) => s("a.jwt.value"),
            (Rule::Id, _) => s(ACME_SMS.id),
            (Rule::Email, _) => s("sms.member@acme.test"),
            (Rule::Code, _) => s("123456"),
            (Rule::SessionMinutes, _) => n(60.0),
            _ => continue, // optional: left out
        };
        Reflect::set(&o, &s(name), &v).unwrap();
    }
    o.into()
}

/// The same parameters with every named field set to `bad`.
fn with_every_field(spec: Spec, bad: &JsValue) -> Option<JsValue> {
    if spec.is_empty() {
        return None;
    }
    let o = valid_params(spec);
    for (name, _) in spec {
        Reflect::set(&o, &s(name), bad).unwrap();
    }
    Some(o)
}

#[wasm_bindgen_test]
async fn bad_input_matrix_every_method_gets_usage_errors_and_sends_nothing() {
    fresh().await;
    let c = client();
    clear_requests().await;
    let f: JsValue = Function::new_no_args("return 1").into();
    let not_objects = [n(5.0), s("params"), Array::new().into(), JsValue::TRUE, f];
    // -1.5 is wrong for every rule: not a string, not a whole number of minutes, not a boolean.
    let field_values = [n(-1.5), Object::new().into(), s(&"x".repeat(100_000)), s(""), Array::of1(&n(1.0)).into()];
    let (mut calls, mut methods) = (0, 0);
    for m in METHODS {
        methods += 1;
        let mut shapes: Vec<JsValue> = not_objects.to_vec();
        shapes.extend(field_values.iter().filter_map(|v| with_every_field(m.params(), v)));
        for params in shapes {
            let e = err(&c, m.name(), params).await;
            assert!(is_instance(&e, "StytchSDKUsageError"), "{}: {:?}", m.name(), get(&e, "message"));
            calls += 1;
        }
    }
    assert_eq!(requests().await.len(), 0, "no request was sent");
    console_log!("bad-input matrix: {calls} calls over {methods} methods (10 shapes each; 5 for the methods without parameters): all StytchSDKUsageError, 0 requests sent");
    c.destroy();
}

/// The seven faults, on every SDK path (the identity-provider calls are under `/sdk/v1/idp/`):
/// (name, fault rule, the error class expected, or None when the call may also succeed).
fn faults() -> Vec<(&'static str, Fault, Option<&'static str>)> {
    vec![
        ("connection dropped", Fault { path: "/*".into(), drop: true, ..Default::default() }, Some("StytchAPIUnreachableError")),
        ("timeout", Fault { path: "/*".into(), delay_ms: Some(800), ..Default::default() }, Some("StytchAPIUnreachableError")),
        ("500 Stytch error", Fault { path: "/*".into(), status: Some(500), ..Default::default() }, Some("StytchAPIError")),
        (
            "429 too many requests",
            Fault {
                path: "/*".into(),
                status: Some(429),
                body: Some(Value::String(
                    r#"{"status_code":429,"request_id":"r","error_type":"too_many_requests","error_message":"slow down","error_url":"u"}"#
                        .into(),
                )),
                ..Default::default()
            },
            Some("StytchAPIError"),
        ),
        (
            "502 HTML page",
            Fault {
                path: "/*".into(),
                status: Some(502),
                body: Some(Value::String("<html>Bad gateway</html>".into())),
                content_type: Some("text/html".into()),
                ..Default::default()
            },
            Some("StytchAPIUnreachableError"),
        ),
        (
            "200 not JSON",
            Fault {
                path: "/*".into(),
                status: Some(200),
                body: Some(Value::String("OK".into())),
                content_type: Some("text/plain".into()),
                ..Default::default()
            },
            Some("StytchAPIUnreachableError"),
        ),
        (
            "200 empty data",
            Fault { path: "/*".into(), status: Some(200), body: Some(Value::String(r#"{"data": {}}"#.into())), ..Default::default() },
            None,
        ),
    ]
}

/// Signed in (a session stored), or mid-MFA (only an IST stored).
async fn sign_in(c: &Client, signed_in: bool) {
    if signed_in {
        ok(c, "passwords.authenticate", password_params(GLOBEX, "optional.member@globex.test")).await;
    } else {
        ok(c, "passwords.authenticate", password_params(ACME, "sms.member@acme.test")).await;
    }
}

fn stored() -> (Option<String>, Option<String>, Option<String>) {
    (cookie("stytch_session"), cookie("stytch_session_jwt"), cookie("stytch_intermediate_session_token"))
}

#[wasm_bindgen_test]
async fn fault_matrix_every_method_under_seven_faults_loses_nothing() {
    let mut calls = 0;
    // Once mid-MFA (an IST stored), once signed in (a session stored).
    for signed_in in [false, true] {
        fresh().await;
        let c = client_with(&[("requestTimeoutMs", n(300.0))]);
        sign_in(&c, signed_in).await;
        let mut before = stored();
        for (fault_name, rule, expected) in faults() {
            add_fault(&rule).await;
            for m in METHODS {
                let result = call(&c, m.name(), valid_params(m.params())).await;
                calls += 1;
                let after = stored();
                // Deleting the organization ends the local session when it succeeds (the
                // "200 empty data" fault), like logging out.
                let destroyed = m.effect == Effect::Destroy && result.is_ok();
                if m.effect == Effect::Revoke || destroyed {
                    // Logging out clears on any server answer; only an unreachable API keeps state.
                    let unreachable = result.as_ref().err().is_some_and(|e| is_instance(e, "StytchAPIUnreachableError"));
                    assert_eq!(after == before, unreachable && !destroyed, "{fault_name}: {}", m.name());
                    if after != before {
                        // Sign back in for the methods that follow.
                        clear_faults().await;
                        sign_in(&c, signed_in).await;
                        add_fault(&faults().into_iter().find(|f| f.0 == fault_name).unwrap().1).await;
                        before = stored();
                    }
                    continue;
                }
                match (expected, &result) {
                    (Some(class), Err(e)) => assert!(is_instance(e, class), "{fault_name}: {} rejected with {}", m.name(), error_name(e)),
                    (Some(class), Ok(_)) => panic!("{fault_name}: {} resolved, expected {class}", m.name()),
                    (None, Err(e)) => assert!(is_instance(e, "StytchAPIUnreachableError"), "{fault_name}: {}", m.name()),
                    // An empty success is refused only where tokens would be stored.
                    (None, Ok(_)) => assert_ne!(m.effect, Effect::Authenticate, "{fault_name}: {} accepted an empty success", m.name()),
                }
                // What was stored before the call is exactly what is stored after it.
                assert_eq!(after, before, "{fault_name}: {} changed the stored tokens", m.name());
                assert_eq!(after.0.is_some(), signed_in, "{fault_name}: {} lost the session", m.name());
                assert_eq!(after.2.is_some(), !signed_in, "{fault_name}: {} lost the IST", m.name());
            }
            clear_faults().await;
        }
        c.destroy();
    }
    console_log!(
        "fault matrix: {calls} calls ({} methods x 7 faults x mid-MFA and signed in): every failure typed, no stored IST or session lost",
        METHODS.len()
    );
}

#[wasm_bindgen_test]
async fn malformed_success_matrix_every_authenticate_method_changes_nothing() {
    let bodies = [
        r#"{"data": {"member_session": {}, "session_token": "", "session_jwt": ""}}"#,
        r#"{"data": {"member_session": {"member_session_id": "x", "expires_at": "2099-01-01T00:00:00Z"}, "session_token": 5, "session_jwt": "j"}}"#,
        r#"{"data": {"member_session": {"member_session_id": "x", "expires_at": "not a time"}, "session_token": "t", "session_jwt": "j"}}"#,
        r#"{"data": {"member_session": "yes", "session_token": "t", "session_jwt": "j"}}"#,
        r#"{"data": {"member_session": null, "intermediate_session_token": ""}}"#,
        r#"{"data": {"member_session": null, "intermediate_session_token": 42}}"#,
        r#"{"data": {}}"#,
        r#"{"data": null}"#,
        r#"{"data": []}"#,
        r#"[]"#,
    ];
    let mut calls = 0;
    for signed_in in [false, true] {
        fresh().await;
        let c = client();
        sign_in(&c, signed_in).await;
        let before = stored();
        let cached = js_sys::JSON::stringify(&c.session_sync()).unwrap();
        for body in bodies {
            add_fault(&Fault { path: "/b2b/*".into(), status: Some(200), body: Some(Value::String(body.into())), ..Default::default() })
                .await;
            for m in METHODS.iter().filter(|m| m.effect == Effect::Authenticate) {
                let e = call(&c, m.name(), valid_params(m.params())).await.expect_err(m.name());
                assert!(is_instance(&e, "StytchAPIUnreachableError"), "{}: {body}", m.name());
                assert_eq!(stored(), before, "{}: {body}", m.name());
                assert_eq!(js_sys::JSON::stringify(&c.session_sync()).unwrap(), cached);
                calls += 1;
            }
            clear_faults().await;
        }
        c.destroy();
    }
    console_log!("malformed-2xx matrix: {calls} calls ({} bodies x every authenticate method x mid-MFA and signed in): all StytchAPIUnreachableError, nothing stored changed", bodies.len());
}

/// Apps pass `endpoints: { testAPIURL: process.env.X }`: an entry left undefined is Stytch's
/// default for that kind of token, not an invalid URL.
#[wasm_bindgen_test]
async fn an_undefined_endpoints_entry_is_the_default_api() {
    fresh().await;
    // The other kind's entry undefined: ours is used.
    let pairs = [("endpoints", obj(&[("testAPIURL", s(EMULATOR)), ("liveAPIURL", JsValue::UNDEFINED)]))];
    let c = Client::new(PUBLIC_TOKEN, obj(&pairs)).expect("constructs");
    ok(&c, "passwords.authenticate", password_params(GLOBEX, "optional.member@globex.test")).await;
    c.destroy();
    // This kind's entry undefined: the default API (https://test.stytch.com, unreachable from
    // here), so no usage error, a typed failure, and the emulator saw nothing.
    fresh().await;
    clear_requests().await;
    let pairs = [("endpoints", obj(&[("testAPIURL", JsValue::UNDEFINED), ("liveAPIURL", s(EMULATOR))])), ("requestTimeoutMs", n(2000.0))];
    let c = Client::new(PUBLIC_TOKEN, obj(&pairs)).expect("an undefined entry is no usage error");
    let e = err(&c, "passwords.authenticate", password_params(GLOBEX, "optional.member@globex.test")).await;
    assert!(is_instance(&e, "StytchAPIUnreachableError"), "{e:?}");
    assert_eq!(requests().await.len(), 0);
    c.destroy();
}

#[wasm_bindgen_test]
async fn endpoint_options_name_the_api_host_and_custom_base_url_wins() {
    fresh().await;
    let with_domain = |domain: &str, extra: &[(&str, JsValue)]| {
        let mut pairs = vec![
            ("endpointOptions", obj(&[("testApiDomain", s(domain)), ("apiDomain", s("live.invalid"))])),
            ("requestTimeoutMs", n(2000.0)),
        ];
        pairs.extend(extra.iter().cloned());
        Client::new(PUBLIC_TOKEN, obj(&pairs))
    };
    // The option is read: a host that is no URL is refused at construction.
    let e = with_domain("//", &[]).err().expect("refused");
    assert!(is_instance(&e, "StytchSDKUsageError"));
    // customBaseUrl wins over it.
    let c = with_domain("unreachable.invalid", &[("customBaseUrl", s(EMULATOR))]).unwrap();
    ok(&c, "passwords.authenticate", password_params(GLOBEX, "optional.member@globex.test")).await;
    c.destroy();
    // Without it, requests go to https://<testApiDomain> (for a test token): nothing listens
    // there, so a typed error, and the emulator saw nothing.
    fresh().await;
    clear_requests().await;
    let c = with_domain("127.0.0.1:9", &[]).unwrap();
    let e = err(&c, "passwords.authenticate", password_params(GLOBEX, "optional.member@globex.test")).await;
    assert!(is_instance(&e, "StytchAPIUnreachableError"));
    assert_eq!(requests().await.len(), 0);
    c.destroy();
}

// ---------- issue #22: the rest of Stytch's client, as data in the method table ----------

/// The discovery login where the emulator serves it: the discovery IST stored (the session
/// dropped, as Stytch's client does), sent by the listing and the creation, which signs in;
/// then the new session's member search and SSO connections.
#[wasm_bindgen_test]
async fn discovery_login_stores_the_discovery_ist_and_creating_an_organization_signs_in() {
    fresh().await;
    let c = client();
    sign_in(&c, true).await;
    let email = "optional.member@globex.test";
    ok(&c, "magicLinks.email.discovery.send", obj(&[("email_address", s(email))])).await;
    let token = last_sent(email).await.magic_link_token.expect("a discovery magic link");
    let found = ok(&c, "magicLinks.discovery.authenticate", obj(&[("discovery_magic_links_token", s(&token))])).await;
    assert!(Array::from(&get(&found, "discovered_organizations")).length() >= 1);
    assert!(cookie("stytch_intermediate_session_token").is_some(), "the discovery IST is stored");
    assert!(cookie("stytch_session").is_none() && c.session_sync().is_null(), "and the session it replaces is gone");

    clear_requests().await;
    let listed = ok(&c, "discovery.organizations.list", JsValue::UNDEFINED).await;
    assert_eq!(get_str(&listed, "email_address"), email);
    let created = ok(
        &c,
        "discovery.organizations.create",
        obj(&[("session_duration_minutes", n(60.0)), ("organization_name", s("Discovered")), ("organization_slug", s("discovered"))]),
    )
    .await;
    assert_eq!(get(&created, "member_authenticated"), JsValue::TRUE);
    let sent = requests().await;
    assert_eq!(sent.len(), 2);
    assert!(sent.iter().all(|r| r.body_keys.contains(&"intermediate_session_token".to_string())), "both send the discovery IST");
    assert!(cookie("stytch_session").is_some() && cookie("stytch_intermediate_session_token").is_none());
    assert_eq!(get_str(&c.organization_sync(), "organization_name"), "Discovered");
    assert_eq!(get_str(&c.member_sync(), "email_address"), email);

    clear_requests().await;
    let found = ok(&c, "organization.members.search", obj(&[("limit", n(10.0))])).await;
    assert_eq!(Array::from(&get(&found, "members")).length(), 1, "the new organization's one member");
    let connections = ok(&c, "sso.getConnections", JsValue::UNDEFINED).await;
    assert!(Array::is_array(&get(&connections, "saml_connections")));
    let sent = requests().await;
    assert_eq!((sent[1].method.as_str(), sent[1].path.as_str(), sent[1].query.as_deref()), ("GET", "/sdk/v1/b2b/sso", None));
    assert!(sent[1].body_keys.is_empty());
    c.destroy();
}

/// What the engine sends for the new shapes, read from the request log (the emulator may not
/// serve the routes yet: the request is what is checked).
#[wasm_bindgen_test]
async fn put_delete_path_ids_and_queries_are_sent_as_stytchs_client_sends_them() {
    fresh().await;
    let c = client();
    let id = ACME_SMS.id;
    clear_requests().await;
    let _ = call(&c, "organization.members.update", obj(&[("member_id", s(id)), ("name", s("Renamed"))])).await;
    let _ = call(&c, "organization.members.delete", obj(&[("member_id", s(id))])).await;
    let _ = call(&c, "organization.members.unlinkRetiredEmail", obj(&[("member_id", s(id)), ("email_address", s("old@acme.test"))])).await;
    let _ = call(&c, "session.revokeForMember", obj(&[("member_id", s(id))])).await;
    let _ = call(&c, "sso.discoverConnections", obj(&[("email_address", s("a+b@acme.test"))])).await;
    let _ = call(&c, "self.deletePassword", obj(&[("password_id", s("member-password-1"))])).await;
    let sent: Vec<(String, String, Option<String>, Vec<String>)> = requests()
        .await
        .into_iter()
        .map(|r| {
            let mut keys = r.body_keys;
            keys.sort();
            (r.method, r.path, r.query, keys)
        })
        .collect();
    let members = "/sdk/v1/b2b/organizations/members";
    let row = |m: &str, p: String, q: Option<&str>, keys: &[&str]| {
        (m.to_string(), p, q.map(str::to_string), keys.iter().map(|k| k.to_string()).collect::<Vec<_>>())
    };
    assert_eq!(
        sent,
        vec![
            // Stytch's client keeps member_id in this body and takes it out of the others.
            row("PUT", format!("{members}/{id}"), None, &["member_id", "name"]),
            row("DELETE", format!("{members}/{id}"), None, &[]),
            row("POST", format!("{members}/{id}/unlink_retired_email"), None, &["email_address"]),
            row("POST", format!("/sdk/v1/b2b/sessions/revoke/{id}"), None, &[]),
            row("GET", "/sdk/v1/b2b/sso/discovery/connections".into(), Some("email_address=a%2Bb%40acme.test"), &[]),
            row("DELETE", format!("{members}/passwords/member-password-1"), None, &[]),
        ]
    );
    c.destroy();
}

/// An id that could change the route, and the other new parameters, are usage errors before
/// any request.
#[wasm_bindgen_test]
async fn the_new_methods_refuse_bad_parameters_before_any_request() {
    fresh().await;
    let c = client();
    clear_requests().await;
    let bad: [(&str, JsValue); 9] = [
        ("organization.members.delete", obj(&[("member_id", s("../me"))])),
        ("organization.members.update", obj(&[("member_id", s("m?x=1"))])),
        ("self.deletePassword", obj(&[("password_id", s("a/b"))])),
        ("session.revokeForMember", obj(&[("member_id", s(""))])),
        ("discovery.organizations.create", obj(&[("organization_name", s("No duration"))])),
        ("sso.discoverConnections", obj(&[("email_address", s("not an email"))])),
        ("otps.email.authenticate", obj(&[("organization_id", s(ACME)), ("email_address", s("a@acme.test")), ("code", s("12"))])),
        ("self.update", obj(&[("mfa_phone_number", s("555"))])),
        ("magicLinks.discovery.authenticate", JsValue::UNDEFINED),
    ];
    for (method, params) in bad {
        let e = err(&c, method, params).await;
        assert!(is_instance(&e, "StytchSDKUsageError"), "{method}: {:?}", get(&e, "message"));
    }
    assert_eq!(requests().await.len(), 0);
    c.destroy();
}

/// A 200 with `body` for `path`, once.
async fn answer_once(path: &str, body: Value) {
    add_fault(&Fault { path: path.into(), status: Some(200), body: Some(body), times: Some(1), ..Default::default() }).await;
}

/// What member and organization calls do to the cache, as Stytch's client: its own member
/// replaced, another's not; the organization replaced; deleting oneself or the organization
/// ends the local session, deleting another member does not.
#[wasm_bindgen_test]
async fn member_and_organization_answers_change_the_cache_as_stytchs_client_does() {
    fresh().await;
    let c = client();
    sign_in(&c, true).await;
    let me = GLOBEX_OPTIONAL.id;
    let member = |id: &str, name: &str| json!({"member_id": id, "name": name, "email_address": "x@globex.test"});
    let seen = std::rc::Rc::new(std::cell::Cell::new(0));
    let counter = seen.clone();
    let callback = Closure::<dyn Fn(JsValue)>::new(move |_| counter.set(counter.get() + 1)).into_js_value();
    c.subscribe(topic::MEMBER, callback).unwrap();

    answer_once("/b2b/organizations/members/update", json!({"data": {"member_id": me, "member": member(me, "Me, renamed")}})).await;
    ok(&c, "self.update", obj(&[("name", s("Me, renamed"))])).await;
    assert_eq!(get_str(&c.member_sync(), "name"), "Me, renamed");
    assert_eq!(seen.get(), 1, "the member's subscribers heard of it");

    let other = ACME_SMS.id;
    answer_once(
        &format!("/b2b/organizations/members/{other}"),
        json!({"data": {"member_id": other, "member": member(other, "Someone else")}}),
    )
    .await;
    ok(&c, "organization.members.update", obj(&[("member_id", s(other)), ("name", s("Someone else"))])).await;
    assert_eq!(get_str(&c.member_sync(), "name"), "Me, renamed", "another member's answer leaves the cached member");

    answer_once(&format!("/b2b/organizations/members/{me}"), json!({"data": {"member_id": me, "member": member(me, "Me, by an admin")}}))
        .await;
    ok(&c, "organization.members.update", obj(&[("member_id", s(me)), ("name", s("Me, by an admin"))])).await;
    assert_eq!(get_str(&c.member_sync(), "name"), "Me, by an admin", "the admin's own member is replaced");

    answer_once("/b2b/organizations/me", json!({"data": {"organization": {"organization_id": GLOBEX, "organization_name": "Globex 2"}}}))
        .await;
    ok(&c, "organization.update", obj(&[("organization_name", s("Globex 2"))])).await;
    assert_eq!(get_str(&c.organization_sync(), "organization_name"), "Globex 2");
    assert!(cookie("stytch_session").is_some(), "tokens untouched by member and organization calls");

    answer_once(&format!("/b2b/organizations/members/{other}"), json!({"data": {"member_id": other}})).await;
    ok(&c, "organization.members.delete", obj(&[("member_id", s(other))])).await;
    assert!(cookie("stytch_session").is_some(), "deleting another member keeps the session");

    answer_once(&format!("/b2b/organizations/members/{me}"), json!({"data": {"member_id": me}})).await;
    ok(&c, "organization.members.delete", obj(&[("member_id", s(me))])).await;
    assert!(cookie("stytch_session").is_none() && c.member_sync().is_null(), "deleting oneself ends the local session");

    sign_in(&c, true).await;
    answer_once("/b2b/organizations/me", json!({"data": {"organization_id": GLOBEX}})).await;
    ok(&c, "organization.delete", JsValue::UNDEFINED).await;
    assert!(cookie("stytch_session").is_none() && c.organization_sync().is_null(), "deleting the organization ends it too");
    c.destroy();
}

/// `session.updateSession`: tokens stored without a request, the IST dropped.
#[wasm_bindgen_test]
async fn update_session_stores_the_tokens_and_drops_the_ist() {
    fresh().await;
    let c = client();
    sign_in(&c, false).await;
    assert!(cookie("stytch_intermediate_session_token").is_some());
    clear_requests().await;
    c.invoke("updateSession", &[obj(&[("session_token", s("a-session-token")), ("session_jwt", s("a-session-jwt"))])]).unwrap();
    assert_eq!(cookie("stytch_session").as_deref(), Some("a-session-token"));
    assert_eq!(cookie("stytch_session_jwt").as_deref(), Some("a-session-jwt"));
    assert!(cookie("stytch_intermediate_session_token").is_none());
    assert_eq!(get_str(&c.tokens(), "session_token"), "a-session-token");
    c.destroy();
}

/// `session.updateSession` with a token alone (Stytch's `session_jwt` is optional): the token
/// is stored, the JWT held before (another session's) dropped, and the refresh that follows at
/// once confirms the session and stores its JWT.
#[wasm_bindgen_test]
async fn update_session_takes_a_token_alone_and_the_refresh_brings_its_jwt() {
    fresh().await;
    let c = client();
    sign_in(&c, true).await;
    let token = get_str(&c.tokens(), "session_token");
    c.invoke("updateSession", &[obj(&[("session_token", s(&token))])]).unwrap();
    assert_eq!(cookie("stytch_session").as_deref(), Some(token.as_str()));
    assert!(cookie("stytch_session_jwt").is_none(), "the JWT held is dropped");
    assert!(c.tokens().is_null(), "no tokens until the session's JWT is back");
    wait_until("the refresh stores the session's JWT", || cookie("stytch_session_jwt").is_some()).await;
    assert_eq!(get_str(&c.tokens(), "session_token"), token);
    c.destroy();
}
