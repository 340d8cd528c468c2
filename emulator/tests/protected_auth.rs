//! dfp24 (#24): DFP Protected Auth and captcha over real HTTP. The bootstrap reports the
//! project's settings; the stand-in scripts' calls mint telemetry ids (carrying the verdicts
//! queued through the control API) and captcha tokens; the protected SDK calls are checked in
//! each mode (DECISIONING: allow, challenge with each `on_challenge`, block, a missing, unknown
//! or expired telemetry id; OBSERVATION never refuses; captcha without DFP), what was decided
//! is in the request log, captcha tokens are single-use, and a refused call changes nothing.
//! Stytch's Fraud API lookup answers a telemetry id's verdict.

mod common;

use common::*;
use serde_json::{json, Value};

/// The settings `PUT /_emulator/protected_auth` takes, whole.
fn settings(dfp: bool, mode: &str, on_challenge: &str, captcha: bool) -> Value {
    json!({
        "dfp_protected_auth": {"enabled": dfp, "mode": mode, "on_challenge": on_challenge},
        "captcha": {"enabled": captcha, "site_key": SITE_KEY},
    })
}

const SITE_KEY: &str = "site-key-test";

async fn configure(h: &Harness, body: Value) {
    let resp = h.http.put(h.url("/_emulator/protected_auth")).json(&body).send().await.unwrap();
    assert_eq!(resp.status(), 200, "{}", resp.text().await.unwrap());
}

async fn enqueue(h: &Harness, verdicts: &[&str], captcha_outcomes: &[&str]) {
    let resp =
        h.http.post(h.url("/_emulator/protected_auth/queue")).json(&json!({"verdicts": verdicts, "captcha_outcomes": captcha_outcomes}));
    assert_eq!(resp.send().await.unwrap().status(), 200);
}

/// `GetTelemetryID` as the stand-in script calls it, for a device (`visitor`) or a new one.
async fn telemetry_id(h: &Harness, visitor: Option<&str>) -> String {
    let body = json!({"public_token": PUBLIC_TOKEN, "visitor_id": visitor});
    let resp = h.http.post(h.url("/submit")).json(&body).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    resp.json::<Value>().await.unwrap()["telemetry_id"].as_str().unwrap().to_string()
}

/// `grecaptcha.enterprise.execute` as the stand-in script calls it.
async fn captcha_token(h: &Harness) -> String {
    let resp = h.http.post(h.url("/recaptcha/enterprise/execute")).json(&json!({"site_key": SITE_KEY, "action": "LOGIN"}));
    let resp = resp.send().await.unwrap();
    assert_eq!(resp.status(), 200);
    resp.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_string()
}

/// An SDK answer as it came: status, Content-Type and text (`Captcha required` is no JSON).
struct Raw {
    status: u16,
    content_type: String,
    text: String,
}

impl Raw {
    fn json(&self) -> Reply {
        Reply { status: self.status, body: serde_json::from_str(&self.text).unwrap_or_else(|_| panic!("not JSON: {}", self.text)) }
    }
}

async fn sdk_call(h: &Harness, path: &str, body: Value) -> Raw {
    let resp = h.http.post(h.url(&format!("/sdk/v1{path}"))).header("Authorization", basic(PUBLIC_TOKEN)).json(&body).send().await.unwrap();
    let status = resp.status().as_u16();
    let content_type = resp.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    Raw { status, content_type, text: resp.text().await.unwrap() }
}

/// A password login at Globex, with what the client adds.
async fn login(h: &Harness, telemetry_id: Option<&str>, captcha_token: Option<&str>) -> Raw {
    let mut body = json!({"organization_id": GLOBEX, "email_address": GLOBEX_OPTIONAL.email, "password": PASSWORD,
        "session_duration_minutes": 60});
    body["dfp_telemetry_id"] = json!(telemetry_id);
    body["captcha_token"] = json!(captcha_token);
    sdk_call(h, "/b2b/passwords/authenticate", body).await
}

/// What was decided for the newest logged request.
async fn last_check(h: &Harness) -> Value {
    let log = h.control_get("/_emulator/requests").await;
    log["requests"].as_array().unwrap().last().unwrap()["protected_auth"].clone()
}

fn assert_allowed(r: &Raw) {
    assert_eq!(r.status, 200, "{}", r.text);
}

#[tokio::test]
async fn the_bootstrap_reports_the_settings_which_are_off_by_default() {
    let h = Harness::start().await;
    let boot = |h: &Harness| {
        let url = h.url(&format!("/sdk/v1/projects/bootstrap/{PUBLIC_TOKEN}"));
        let http = h.http.clone();
        async move { http.get(url).send().await.unwrap().json::<Value>().await.unwrap()["data"].clone() }
    };
    let off = boot(&h).await;
    assert_eq!(off["dfp_protected_auth_enabled"], false);
    assert_eq!(off["dfp_protected_auth_mode"], Value::Null);
    assert_eq!(off["captcha_settings"]["enabled"], false);
    assert_eq!(
        h.control_get("/_emulator/protected_auth").await,
        json!({"dfp_protected_auth": {"enabled": false, "mode": "OBSERVATION", "on_challenge": "ALLOW"},
               "captcha": {"enabled": false, "site_key": "emulator-recaptcha-site-key"}})
    );
    configure(&h, settings(true, "DECISIONING", "TRIGGER_CAPTCHA", true)).await;
    let on = boot(&h).await;
    assert_eq!(on["dfp_protected_auth_enabled"], true);
    assert_eq!(on["dfp_protected_auth_mode"], "DECISIONING");
    assert_eq!(on["captcha_settings"], json!({"enabled": true, "siteKey": SITE_KEY}));
    assert_eq!(h.control_get("/_emulator/protected_auth").await, settings(true, "DECISIONING", "TRIGGER_CAPTCHA", true));
    // Whole settings only, each value known, a site key a script URL can carry.
    for bad in [
        json!({"dfp_protected_auth": {"enabled": true}}),
        json!({"dfp_protected_auth": {"enabled": true, "mode": "ENFORCING", "on_challenge": "ALLOW"}, "captcha": {"enabled": false, "site_key": "k"}}),
        settings(true, "DECISIONING", "ALLOW", true)
            .as_object()
            .cloned()
            .map(|mut o| {
                o["captcha"]["site_key"] = json!("a key&x=<script>");
                Value::Object(o)
            })
            .unwrap(),
        json!({"dfp_protected_auth": {"enabled": true, "mode": "OBSERVATION", "on_challenge": "ALLOW"}, "captcha": {"enabled": false, "site_key": "k"}, "extra": 1}),
    ] {
        let resp = h.http.put(h.url("/_emulator/protected_auth")).json(&bad).send().await.unwrap();
        Reply::from_response(resp).await.assert_error(400, "bad_request");
    }
    assert_eq!(h.control_get("/_emulator/protected_auth").await, settings(true, "DECISIONING", "TRIGGER_CAPTCHA", true), "unchanged");
}

#[tokio::test]
async fn with_both_off_nothing_is_checked_or_recorded() {
    let h = Harness::start().await;
    assert_allowed(&login(&h, None, None).await);
    assert_eq!(last_check(&h).await, Value::Null);
}

#[tokio::test]
async fn decisioning_allows_an_allow_verdict_and_fails_closed_without_a_valid_telemetry_id() {
    let h = Harness::start().await;
    configure(&h, settings(true, "DECISIONING", "ALLOW", false)).await;
    login(&h, None, None).await.json().assert_error(401, "unauthorized_credentials");
    assert_eq!(
        last_check(&h).await,
        json!({"dfp_mode": "DECISIONING", "telemetry_id": "missing", "verdict": null, "captcha": "missing", "outcome": "refused"})
    );
    login(&h, Some("telemetry-id-test-made-up"), None).await.json().assert_error(401, "unauthorized_credentials");
    assert_eq!(last_check(&h).await["telemetry_id"], "not_found");
    // A telemetry id may be used again while it lives (as Stytch's), not after.
    let id = telemetry_id(&h, None).await;
    assert_allowed(&login(&h, Some(&id), None).await);
    assert_eq!(
        last_check(&h).await,
        json!({"dfp_mode": "DECISIONING", "telemetry_id": "valid", "verdict": "ALLOW", "captcha": "missing", "outcome": "allowed"})
    );
    assert_allowed(&login(&h, Some(&id), None).await);
    h.advance_clock(3600).await;
    login(&h, Some(&id), None).await.json().assert_error(401, "unauthorized_credentials");
    assert_eq!(last_check(&h).await["telemetry_id"], "not_found");
}

#[tokio::test]
async fn every_protected_call_is_checked_and_others_are_not() {
    let h = Harness::start().await;
    configure(&h, settings(true, "DECISIONING", "ALLOW", false)).await;
    let protected = [
        "/b2b/impersonation/authenticate",
        "/b2b/magic_links/authenticate",
        "/b2b/magic_links/discovery/authenticate",
        "/b2b/magic_links/email/discovery/send",
        "/b2b/oauth/authenticate",
        "/b2b/oauth/discovery/authenticate",
        "/b2b/otps/email/authenticate",
        "/b2b/otps/email/discovery/authenticate",
        "/b2b/otps/email/discovery/send",
        "/b2b/otps/email/login_or_signup",
        "/b2b/otps/sms/authenticate",
        "/b2b/otps/sms/send",
        "/b2b/passwords/authenticate",
        "/b2b/passwords/discovery/authenticate",
        "/b2b/passwords/discovery/reset",
        "/b2b/passwords/discovery/reset/start",
        "/b2b/passwords/email/reset",
        "/b2b/passwords/email/reset/start",
        "/b2b/passwords/existing_password/reset",
        "/b2b/passwords/session/reset",
        "/b2b/recovery_codes/recover",
        "/b2b/recovery_codes/rotate",
        "/b2b/sso/authenticate",
        "/b2b/totp",
        "/b2b/totp/authenticate",
    ];
    for path in protected {
        sdk_call(&h, path, json!({})).await.json().assert_error(401, "unauthorized_credentials");
        assert_eq!(last_check(&h).await["outcome"], "refused", "{path}");
    }
    // Not protected: the session call and the magic-link send Stytch's client sends without.
    for path in ["/b2b/sessions/authenticate", "/b2b/magic_links/email/login_or_signup"] {
        let r = sdk_call(&h, path, json!({})).await;
        assert_eq!(last_check(&h).await, Value::Null, "{path}: {}", r.text);
    }
    // The backend API is not the frontend SDK's: DFP Protected Auth does not apply there.
    let r = h
        .backend_post(
            "/v1/b2b/passwords/authenticate",
            json!({"organization_id": GLOBEX, "email_address": GLOBEX_OPTIONAL.email, "password": PASSWORD}),
        )
        .await;
    r.ok();
}

#[tokio::test]
async fn a_challenge_that_triggers_a_captcha_is_answered_captcha_required_then_allowed_with_a_passed_one() {
    let h = Harness::start().await;
    configure(&h, settings(true, "DECISIONING", "TRIGGER_CAPTCHA", true)).await;
    enqueue(&h, &["CHALLENGE"], &[]).await;
    let first = telemetry_id(&h, Some("visitor-page-1")).await;
    let r = login(&h, Some(&first), None).await;
    assert_eq!((r.status, r.text.as_str()), (403, "Captcha required"), "the text Stytch's client retries on");
    assert!(r.content_type.starts_with("text/plain"), "not JSON: {}", r.content_type);
    assert_eq!(
        last_check(&h).await,
        json!({"dfp_mode": "DECISIONING", "telemetry_id": "valid", "verdict": "CHALLENGE", "captcha": "missing", "outcome": "captcha_required"})
    );
    // The retry: a fresh telemetry id from the same page (still challenged) and a captcha.
    let retry = telemetry_id(&h, Some("visitor-page-1")).await;
    let token = captcha_token(&h).await;
    assert_allowed(&login(&h, Some(&retry), Some(&token)).await);
    assert_eq!(
        last_check(&h).await,
        json!({"dfp_mode": "DECISIONING", "telemetry_id": "valid", "verdict": "CHALLENGE", "captcha": "passed", "outcome": "allowed"})
    );
    // The captcha token was spent by the call it let through.
    login(&h, Some(&retry), Some(&token)).await.json().assert_error(429, "captcha_failed");
    assert_eq!(last_check(&h).await["captcha"], "failed");
    // Another device gets ALLOW once the queue is empty.
    assert_allowed(&login(&h, Some(&telemetry_id(&h, Some("visitor-page-2")).await), None).await);
}

#[tokio::test]
async fn a_challenge_with_a_failed_captcha_is_refused() {
    let h = Harness::start().await;
    configure(&h, settings(true, "DECISIONING", "TRIGGER_CAPTCHA", true)).await;
    enqueue(&h, &["CHALLENGE"], &["fail"]).await;
    let id = telemetry_id(&h, None).await;
    let failed = captcha_token(&h).await;
    login(&h, Some(&id), Some(&failed)).await.json().assert_error(429, "captcha_failed");
    assert_eq!(
        last_check(&h).await,
        json!({"dfp_mode": "DECISIONING", "telemetry_id": "valid", "verdict": "CHALLENGE", "captcha": "failed", "outcome": "refused"})
    );
    login(&h, Some(&id), Some("not-a-captcha-token")).await.json().assert_error(429, "captcha_failed");
    // The next captcha passes (the queue held one failure).
    assert_allowed(&login(&h, Some(&id), Some(&captcha_token(&h).await)).await);
}

#[tokio::test]
async fn a_challenge_does_what_the_project_says_and_a_block_is_refused() {
    let h = Harness::start().await;
    configure(&h, settings(true, "DECISIONING", "ALLOW", false)).await;
    enqueue(&h, &["CHALLENGE", "CHALLENGE", "BLOCK"], &[]).await;
    let (challenged, challenged_again, blocked) =
        (telemetry_id(&h, None).await, telemetry_id(&h, None).await, telemetry_id(&h, None).await);
    assert_allowed(&login(&h, Some(&challenged), None).await);
    assert_eq!(last_check(&h).await["verdict"], "CHALLENGE");
    configure(&h, settings(true, "DECISIONING", "BLOCK", false)).await;
    login(&h, Some(&challenged_again), None).await.json().assert_error(401, "unauthorized_credentials");
    login(&h, Some(&blocked), None).await.json().assert_error(401, "unauthorized_credentials");
    assert_eq!(
        last_check(&h).await,
        json!({"dfp_mode": "DECISIONING", "telemetry_id": "valid", "verdict": "BLOCK", "captcha": "missing", "outcome": "refused"})
    );
    // A device keeps its verdict: the blocked page's next telemetry id is blocked too.
    let visitor = Some("visitor-blocked");
    enqueue(&h, &["BLOCK"], &[]).await;
    telemetry_id(&h, visitor).await;
    login(&h, Some(&telemetry_id(&h, visitor).await), None).await.json().assert_error(401, "unauthorized_credentials");
}

#[tokio::test]
async fn a_refused_call_spends_no_token_and_counts_no_failed_attempt() {
    // One wrong password locks a member here, so a counted attempt would show.
    let h = Harness::start_with_limits(json!({"user_lock_threshold": 1})).await;
    configure(&h, settings(true, "DECISIONING", "ALLOW", true)).await;
    enqueue(&h, &["BLOCK"], &[]).await;
    let blocked = telemetry_id(&h, None).await;
    let token = captcha_token(&h).await;
    let mut wrong = json!({"organization_id": GLOBEX, "email_address": GLOBEX_OPTIONAL.email, "password": "not-the-password",
        "session_duration_minutes": 60, "dfp_telemetry_id": blocked, "captcha_token": token});
    sdk_call(&h, "/b2b/passwords/authenticate", wrong.clone()).await.json().assert_error(401, "unauthorized_credentials");
    assert_eq!(last_check(&h).await["outcome"], "refused");
    // An impersonation token is not spent by a refused call either.
    let minted =
        h.control_post("/_emulator/impersonation_tokens", json!({"organization_id": GLOBEX, "member_id": GLOBEX_OPTIONAL.id})).await;
    let impersonation = json!({"impersonation_token": minted["impersonation_token"], "dfp_telemetry_id": blocked});
    sdk_call(&h, "/b2b/impersonation/authenticate", impersonation.clone()).await.json().assert_error(401, "unauthorized_credentials");
    // Allowed now: the member is not locked, the captcha token still passes, the impersonation
    // token still works.
    let allowed = telemetry_id(&h, None).await;
    assert_allowed(&login(&h, Some(&allowed), Some(&token)).await);
    assert_eq!(last_check(&h).await["captcha"], "passed");
    let mut impersonation = impersonation;
    impersonation["dfp_telemetry_id"] = json!(allowed);
    assert_allowed(&sdk_call(&h, "/b2b/impersonation/authenticate", impersonation).await);
    // The wrong password, allowed through, is counted (and locks).
    wrong["dfp_telemetry_id"] = json!(allowed);
    wrong["captcha_token"] = Value::Null;
    sdk_call(&h, "/b2b/passwords/authenticate", wrong).await.json().assert_error(401, "unauthorized_credentials");
    assert_eq!(last_check(&h).await["outcome"], "allowed");
    assert_eq!(login(&h, Some(&allowed), None).await.json().status, 429, "locked after one counted failure");
}

#[tokio::test]
async fn observation_never_refuses_and_records_what_it_saw() {
    let h = Harness::start().await;
    configure(&h, settings(true, "OBSERVATION", "BLOCK", false)).await;
    assert_allowed(&login(&h, None, None).await);
    assert_eq!(
        last_check(&h).await,
        json!({"dfp_mode": "OBSERVATION", "telemetry_id": "missing", "verdict": null, "captcha": "missing", "outcome": "allowed"})
    );
    enqueue(&h, &["BLOCK"], &[]).await;
    assert_allowed(&login(&h, Some(&telemetry_id(&h, None).await), Some("unknown-captcha")).await);
    assert_eq!(
        last_check(&h).await,
        json!({"dfp_mode": "OBSERVATION", "telemetry_id": "valid", "verdict": "BLOCK", "captcha": "failed", "outcome": "allowed"})
    );
}

#[tokio::test]
async fn a_captcha_only_project_needs_a_passed_single_use_captcha_on_every_protected_call() {
    let h = Harness::start().await;
    configure(&h, settings(false, "OBSERVATION", "ALLOW", true)).await;
    login(&h, None, None).await.json().assert_error(429, "captcha_failed");
    assert_eq!(
        last_check(&h).await,
        json!({"dfp_mode": null, "telemetry_id": null, "verdict": null, "captcha": "missing", "outcome": "refused"})
    );
    enqueue(&h, &[], &["fail"]).await;
    let failed = captcha_token(&h).await;
    login(&h, None, Some(&failed)).await.json().assert_error(429, "captcha_failed");
    let passed = captcha_token(&h).await;
    assert_allowed(&login(&h, None, Some(&passed)).await);
    assert_eq!(last_check(&h).await["outcome"], "allowed");
    login(&h, None, Some(&passed)).await.json().assert_error(429, "captcha_failed");
    // A captcha token lives two minutes.
    let late = captcha_token(&h).await;
    h.advance_clock(121).await;
    login(&h, None, Some(&late)).await.json().assert_error(429, "captcha_failed");
}

#[tokio::test]
async fn the_stand_in_scripts_and_their_calls() {
    let h = Harness::start().await;
    for (path, defines) in [("/telemetry.js", "window.GetTelemetryID"), ("/recaptcha/enterprise.js?render=k", "grecaptcha")] {
        let resp = h.http.get(h.url(path)).send().await.unwrap();
        assert_eq!(resp.status(), 200);
        assert!(resp.headers()["content-type"].to_str().unwrap().starts_with("text/javascript"));
        // A page that is cross-origin isolated (COEP require-corp) may run it.
        assert_eq!(resp.headers()["cross-origin-resource-policy"], "cross-origin");
        assert!(resp.text().await.unwrap().contains(defines), "{path}");
    }
    // An app reaches them under whatever name its network gives the emulator, as the APIs
    // (the control API answers only loopback names).
    let foreign = |path: &str| h.http.get(h.url(path)).header("Host", "emulator.lan:9797").send();
    assert_eq!(foreign("/telemetry.js").await.unwrap().status(), 200);
    assert_eq!(foreign("/recaptcha/enterprise.js?render=k").await.unwrap().status(), 200);
    assert_eq!(foreign("/_emulator/protected_auth").await.unwrap().status(), 403);
    // An app's page calls them from its own origin.
    let preflight = h
        .http
        .request(reqwest::Method::OPTIONS, h.url("/submit"))
        .header("Origin", "http://localhost:3000")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.headers()["access-control-allow-origin"], "http://localhost:3000");
    let post = |path: &'static str, body: Value| {
        let req = h.http.post(h.url(path)).json(&body);
        async move { Reply::from_response(req.send().await.unwrap()).await }
    };
    post("/submit", json!({"public_token": "public-token-test-wrong"})).await.assert_error(401, "unauthorized_credentials");
    post("/submit", json!({"public_token": PUBLIC_TOKEN, "visitor_id": "has spaces"})).await.assert_error(400, "bad_request");
    post("/submit", json!({})).await.assert_error(400, "bad_request");
    post("/recaptcha/enterprise/execute", json!({"site_key": "another-key"})).await.assert_error(400, "bad_request");
    let first = telemetry_id(&h, None).await;
    assert_ne!(first, telemetry_id(&h, None).await, "each call mints a fresh id");
    assert!(first.len() > 30, "unguessable: {first}");
}

#[tokio::test]
async fn the_verdict_queue_is_bounded_and_can_be_cleared() {
    let h = Harness::start().await;
    enqueue(&h, &["CHALLENGE", "BLOCK"], &["fail"]).await;
    assert_eq!(
        h.control_get("/_emulator/protected_auth/queue").await,
        json!({"verdicts": ["CHALLENGE", "BLOCK"], "captcha_outcomes": ["fail"]})
    );
    let too_many = vec!["ALLOW"; stytch_emulator::limits::Limits::STYTCH.queued_protected_auth_entries];
    let resp = h.http.post(h.url("/_emulator/protected_auth/queue")).json(&json!({"verdicts": too_many})).send().await.unwrap();
    Reply::from_response(resp).await.assert_error(400, "bad_request");
    let resp = h.http.post(h.url("/_emulator/protected_auth/queue")).json(&json!({"verdicts": ["MAYBE"]})).send().await.unwrap();
    Reply::from_response(resp).await.assert_error(400, "bad_request");
    assert_eq!(h.control_get("/_emulator/protected_auth/queue").await["verdicts"], json!(["CHALLENGE", "BLOCK"]), "unchanged");
    let cleared: Value = h.http.delete(h.url("/_emulator/protected_auth/queue")).send().await.unwrap().json().await.unwrap();
    assert_eq!(cleared, json!({"verdicts": [], "captcha_outcomes": []}));
}

#[tokio::test]
async fn the_fraud_api_looks_a_telemetry_id_up() {
    let h = Harness::start().await;
    enqueue(&h, &["CHALLENGE"], &[]).await;
    let id = telemetry_id(&h, Some("visitor-lookup")).await;
    let r = h.backend_as(&backend_auth(), reqwest::Method::POST, "/v1/fingerprint/lookup", Some(json!({"telemetry_id": id}))).await;
    let found = r.ok();
    assert_eq!(found["telemetry_id"], id);
    assert_eq!(found["verdict"]["action"], "CHALLENGE");
    assert_eq!(found["verdict"]["reasons"], json!(["EMULATOR_QUEUED_VERDICT"]));
    assert_eq!(found["verdict"]["is_authentic_device"], true);
    assert_eq!(found["verdict"]["verdict_reason_overrides"], json!([]));
    assert_eq!(found["fingerprints"]["visitor_id"], "visitor-lookup");
    assert!(found["fingerprints"]["browser_fingerprint"].as_str().unwrap().starts_with("browser-fingerprint-"));
    assert!(found["created_at"].as_str().unwrap() < found["expires_at"].as_str().unwrap());
    // External metadata is kept with the id.
    let metadata = json!({"external_id": "user-123", "organization_id": GLOBEX, "user_action": "login"});
    let with = h
        .backend_as(
            &backend_auth(),
            reqwest::Method::POST,
            "/v1/fingerprint/lookup",
            Some(json!({"telemetry_id": id, "external_metadata": metadata})),
        )
        .await;
    assert_eq!(with.ok()["external_metadata"], metadata);
    let again = h.backend_as(&backend_auth(), reqwest::Method::POST, "/v1/fingerprint/lookup", Some(json!({"telemetry_id": id}))).await;
    assert_eq!(again.ok()["external_metadata"], metadata);
    let bad = json!({"telemetry_id": id, "external_metadata": {"external_id": "has spaces"}});
    h.backend_as(&backend_auth(), reqwest::Method::POST, "/v1/fingerprint/lookup", Some(bad))
        .await
        .assert_error(400, "invalid_external_metadata");
    for unknown in ["telemetry-id-test-made-up", ""] {
        h.backend_as(&backend_auth(), reqwest::Method::POST, "/v1/fingerprint/lookup", Some(json!({"telemetry_id": unknown})))
            .await
            .assert_error(404, "telemetry_id_not_found");
    }
    h.backend_as(&consumer_auth(), reqwest::Method::POST, "/v1/fingerprint/lookup", Some(json!({"telemetry_id": id})))
        .await
        .assert_error(401, "unauthorized_credentials");
    h.advance_clock(3600).await;
    h.backend_as(&backend_auth(), reqwest::Method::POST, "/v1/fingerprint/lookup", Some(json!({"telemetry_id": id})))
        .await
        .assert_error(404, "telemetry_id_not_found");
}

#[tokio::test]
async fn a_seed_may_turn_them_on() {
    let mut seed: Value = serde_json::from_str(stytch_emulator::DEFAULT_SEED).unwrap();
    seed["project"]["protected_auth"] = settings(true, "DECISIONING", "BLOCK", true);
    let path = std::env::temp_dir().join(format!("stytch-emulator-dfp-seed-{}.json", std::process::id()));
    std::fs::write(&path, seed.to_string()).unwrap();
    let h = Harness::start_with(stytch_emulator::Config { port: 0, seed: Some(path.clone()), ..Default::default() }).await;
    let _ = std::fs::remove_file(path);
    assert_eq!(h.control_get("/_emulator/protected_auth").await, settings(true, "DECISIONING", "BLOCK", true));
    login(&h, None, None).await.json().assert_error(401, "unauthorized_credentials");
    // A reset goes back to the seed's settings.
    configure(&h, settings(false, "OBSERVATION", "ALLOW", false)).await;
    h.control_post("/_emulator/reset", json!({})).await;
    assert_eq!(h.control_get("/_emulator/protected_auth").await["dfp_protected_auth"]["enabled"], true);
}
