//! The wire protocol around the flows: authorisation, envelopes and errors, bootstrap,
//! CORS, and the control API (outbox, reset, clock, faults, request log, human page).

mod common;

use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn requests_are_authorised_by_the_public_token() {
    let h = Harness::start().await;
    let body = json!({"organization_id": GLOBEX, "email_address": "optional.member@globex.test", "password": PASSWORD});
    let url = h.url("/sdk/v1/b2b/passwords/authenticate");
    for auth in [
        None,
        Some("Bearer x".to_string()),
        Some("Basic !!!".to_string()),
        Some(format!("Basic {}", base64_encode("public-token-test-wrong:x"))),
    ] {
        let mut req = h.http.post(&url).json(&body);
        if let Some(a) = auth {
            req = req.header("Authorization", a);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        let reply = Reply { status, body: resp.json().await.unwrap() };
        reply.assert_error(401, "unauthorized_credentials");
    }
    let d = h.post("/b2b/passwords/authenticate", body, None).await;
    assert_eq!(d.data()["request_id"].as_str().unwrap().len(), "request-id-test-".len() + 36);
}

fn base64_encode(s: &str) -> String {
    base64::Engine::encode(&base64::engine::general_purpose::STANDARD, s)
}

#[tokio::test]
async fn bad_bodies_are_400s_naming_the_field() {
    let h = Harness::start().await;
    let raw = |body: &'static str| h.post_raw("/b2b/otps/sms/authenticate", "application/json", body);
    let r = raw("{not json").await;
    r.assert_error(400, "bad_request");
    assert!(r.body["error_message"].as_str().unwrap().contains("not valid JSON"));
    let r = raw(r#"{"organization_id": "o", "member_id": "m"}"#).await;
    r.assert_error(400, "bad_request");
    assert!(r.body["error_message"].as_str().unwrap().contains("`code`"), "{}", r.body);
    let r = raw(r#"{"organization_id": 5, "member_id": "m", "code": "123456"}"#).await;
    r.assert_error(400, "bad_request");
    assert!(r.body["error_message"].as_str().unwrap().starts_with("organization_id:"), "{}", r.body);
    let r = raw(r#"{"organization_id": "o", "member_id": "m", "code": "123456", "session_duration_minutes": "sixty"}"#).await;
    assert!(r.body["error_message"].as_str().unwrap().starts_with("session_duration_minutes:"), "{}", r.body);
    let r = raw(r#"{"organization_id": "", "member_id": "m", "code": "123456"}"#).await;
    assert!(r.body["error_message"].as_str().unwrap().starts_with("organization_id:"), "{}", r.body);
    let r = raw(r#"{"organization_id": "o", "member_id": "m", "code": "1", "set_mfa_enrollment": "maybe"}"#).await;
    assert!(r.body["error_message"].as_str().unwrap().starts_with("set_mfa_enrollment:"), "{}", r.body);
    // Unknown fields (the official client's telemetry ids) are ignored.
    let r = h.post("/b2b/passwords/authenticate", json!({"organization_id": GLOBEX, "email_address": "optional.member@globex.test", "password": PASSWORD, "dfp_telemetry_id": null, "captcha_token": "x"}), None).await;
    r.data();
    // Lookups of ids that do not exist.
    h.post("/b2b/totp", json!({"organization_id": "organization-test-x", "member_id": ACME_NEW.id}), None)
        .await
        .assert_error(404, "organization_not_found");
    h.post("/b2b/totp", json!({"organization_id": ACME, "member_id": GLOBEX_OPTIONAL.id}), None)
        .await
        .assert_error(404, "member_not_found");
}

/// The emulator reads the protocol's request types (issue #21) and keeps Stytch's answers: a
/// required field left out is a 400 naming it (not an empty string, which would become a 404),
/// and a number the server range-checks reaches its check, so a negative one is Stytch's range
/// error rather than a JSON type error.
#[tokio::test]
async fn the_protocols_request_types_keep_stytchs_answers() {
    let h = Harness::start().await;
    let r = h.backend_post("/v1/b2b/totp", json!({"organization_id": ACME})).await;
    r.assert_error(400, "bad_request");
    assert!(r.body["error_message"].as_str().unwrap().contains("`member_id`"), "{}", r.body);
    let totp = json!({"organization_id": ACME, "member_id": ACME_NEW.id, "expiration_minutes": -1});
    h.backend_post("/v1/b2b/totp", totp).await.assert_error(400, "invalid_expiration_minutes");
    let code = json!({"organization_id": ACME, "member_id": ACME_SMS.id, "code": "123456", "session_duration_minutes": -5});
    h.backend_post("/v1/b2b/otps/sms/authenticate", code).await.assert_error(400, "invalid_session_duration_minutes");
    let r = h.backend_post("/v1/b2b/organizations/members/search", json!({"organization_ids": [ACME], "limit": -1})).await;
    r.assert_error(400, "bad_request");
    assert!(r.body["error_message"].as_str().unwrap().starts_with("limit: must be"), "{}", r.body);
}

#[tokio::test]
async fn unknown_routes_and_methods_are_json_errors() {
    let h = Harness::start().await;
    h.post("/b2b/nope", json!({}), None).await.assert_error(404, "route_not_found");
    let resp = h.http.get(h.url("/sdk/v1/b2b/passwords/authenticate")).header("Authorization", basic(PUBLIC_TOKEN)).send().await.unwrap();
    let reply = Reply { status: resp.status().as_u16(), body: resp.json().await.unwrap() };
    reply.assert_error(405, "method_not_allowed");
}

#[tokio::test]
async fn bootstrap_events_and_jwks() {
    let h = Harness::start().await;
    let b = h.get(&format!("/projects/bootstrap/{PUBLIC_TOKEN}"), None).await;
    let d = b.data();
    for field in [
        "request_id",
        "status_code",
        "project_name",
        "disable_sdk_watermark",
        "cname_domain",
        "email_domains",
        "captcha_settings",
        "pkce_required_for_email_magic_links",
        "pkce_required_for_password_resets",
        "pkce_required_for_oauth",
        "pkce_required_for_sso",
        "slug_pattern",
        "create_organization_enabled",
        "password_config",
        "dfp_protected_auth_enabled",
        "rbac_policy",
        "siwe_required_for_crypto_wallets",
        "vertical",
    ] {
        assert!(d.get(field).is_some(), "bootstrap lacks {field}");
    }
    assert_eq!(d["vertical"], "B2B");
    assert_eq!(d["captcha_settings"]["enabled"], false);
    h.get("/projects/bootstrap/public-token-test-other", None).await.assert_error(401, "unauthorized_credentials");

    // Telemetry needs no Authorization.
    let resp = h.http.post(h.url("/sdk/v1/events")).json(&json!([{"event": "x"}])).send().await.unwrap();
    assert!(resp.status().is_success());

    let jwks = h.control_get(&format!("/v1/b2b/sessions/jwks/{PROJECT_ID}")).await;
    let key = &jwks["keys"][0];
    assert_eq!((key["kty"].as_str(), key["alg"].as_str(), key["use"].as_str()), (Some("RSA"), Some("RS256"), Some("sig")));
    let resp = h.http.get(h.url("/v1/b2b/sessions/jwks/project-test-other")).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 404);
}

#[tokio::test]
async fn cors_echoes_the_origin_with_credentials() {
    let h = Harness::start().await;
    let origin = "http://127.0.0.1:5173";
    let resp = h
        .http
        .request(reqwest::Method::OPTIONS, h.url("/sdk/v1/b2b/otps/sms/send"))
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization,content-type,x-sdk-client,x-sdk-parent-host")
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success());
    let hdr = |name: &str| resp.headers().get(name).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    assert_eq!(hdr("access-control-allow-origin"), origin);
    assert_eq!(hdr("access-control-allow-credentials"), "true");
    for h in ["authorization", "content-type", "x-sdk-client", "x-sdk-parent-host"] {
        assert!(hdr("access-control-allow-headers").contains(h));
    }
    assert!(hdr("access-control-allow-methods").contains("POST"));

    // The actual response (even an error) carries them too, and exposes Server-Timing.
    let resp = h.http.post(h.url("/sdk/v1/b2b/otps/sms/send")).header("Origin", origin).json(&json!({})).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 401);
    assert_eq!(resp.headers()["access-control-allow-origin"], origin);
    assert!(resp.headers()["access-control-expose-headers"].to_str().unwrap().contains("server-timing"));
    assert!(resp.headers()["server-timing"].to_str().unwrap().starts_with("app;dur="));
    assert_eq!(resp.headers()["timing-allow-origin"], "*");
}

#[tokio::test]
async fn control_api_lists_organizations_and_filters_the_outbox() {
    let h = Harness::start().await;
    let orgs = h.control_get("/_emulator/organizations").await;
    let orgs = orgs["organizations"].as_array().unwrap();
    let seed: Value = serde_json::from_str(stytch_emulator::DEFAULT_SEED).unwrap();
    assert_eq!(orgs.len(), seed["organizations"].as_array().unwrap().len());
    let acme = orgs.iter().find(|o| o["organization_id"] == ACME).unwrap();
    let members = acme["members"].as_array().unwrap();
    assert_eq!(members.len(), 3);
    let sms = members.iter().find(|m| m["member_id"] == ACME_SMS.id).unwrap();
    assert_eq!(sms["email_address"], "sms.member@acme.test");
    assert_eq!(sms["mfa_enrolled"], true);
    assert!(sms.get("password_hash").is_none());

    h.password_login(ACME, "sms.member@acme.test").await;
    h.post(
        "/b2b/magic_links/email/login_or_signup",
        json!({"organization_id": GLOBEX, "email_address": "optional.member@globex.test"}),
        None,
    )
    .await
    .data();
    let all = h.control_get("/_emulator/outbox").await;
    assert_eq!(all["messages"].as_array().unwrap().len(), 2);
    let sms_only = h.control_get("/_emulator/outbox?to=%2B15555550102").await;
    let msgs = sms_only["messages"].as_array().unwrap();
    assert_eq!(msgs.len(), 1);
    assert_eq!(msgs[0]["channel"], "sms");
    assert!(msgs[0]["body"].as_str().unwrap().contains(msgs[0]["code"].as_str().unwrap()));
}

#[tokio::test]
async fn reset_returns_to_the_seed() {
    let h = Harness::start().await;
    let session = h.password_login(GLOBEX, "optional.member@globex.test").await["session_token"].as_str().unwrap().to_string();
    h.post("/b2b/magic_links/email/login_or_signup", json!({"organization_id": GLOBEX, "email_address": "someone.new@globex.test"}), None)
        .await
        .data();
    h.advance_clock(100).await;
    h.control_post("/_emulator/faults", json!({"path": "/b2b/totp", "status": 500})).await;
    h.control_post("/_emulator/reset", json!({})).await;
    assert_eq!(h.control_get("/_emulator/requests").await["requests"], json!([]));
    assert_eq!(h.outbox_len().await, 0);
    h.post("/b2b/sessions/authenticate", json!({}), Some(&session)).await.assert_error(404, "session_not_found");
    let orgs = h.control_get("/_emulator/organizations").await;
    let globex = orgs["organizations"].as_array().unwrap().iter().find(|o| o["organization_id"] == GLOBEX).unwrap().clone();
    assert_eq!(globex["members"].as_array().unwrap().len(), 1);
    assert_eq!(h.control_get("/_emulator/clock").await["offset_seconds"], 0);
    assert_eq!(h.control_get("/_emulator/faults").await["faults"], json!([]));
}

#[tokio::test]
async fn clock_moves_forward() {
    let h = Harness::start().await;
    let before = h.now_unix().await;
    let after = h.control_post("/_emulator/clock", json!({"advance_seconds": 3600})).await;
    assert!(after["now_unix"].as_u64().unwrap() >= before + 3600);
    assert_eq!(after["offset_seconds"], 3600);
}

async fn raw_post(h: &Harness, path: &str) -> Result<reqwest::Response, reqwest::Error> {
    h.http.post(h.url(path)).header("Authorization", basic(PUBLIC_TOKEN)).json(&json!({})).send().await
}

#[tokio::test]
async fn faults_fail_matching_requests_the_given_way() {
    let h = Harness::start().await;
    // A status with a default Stytch-shaped body, for one request only.
    h.control_post("/_emulator/faults", json!({"path": "/b2b/sessions/authenticate", "status": 503, "times": 1})).await;
    h.post("/b2b/sessions/authenticate", json!({}), None).await.assert_error(503, "emulated_fault");
    h.post("/b2b/sessions/authenticate", json!({}), None).await.assert_error(404, "session_not_found");

    // A custom body and content type, with the full path form.
    h.control_post(
        "/_emulator/faults",
        json!({"path": "/sdk/v1/b2b/totp", "status": 200, "body": "<html>proxy</html>", "content_type": "text/html"}),
    )
    .await;
    let resp = raw_post(&h, "/sdk/v1/b2b/totp").await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.headers()["content-type"], "text/html");
    assert_eq!(resp.text().await.unwrap(), "<html>proxy</html>");
    // A JSON body is sent as given.
    h.control_post("/_emulator/faults", json!({"path": "/b2b/otps/*", "status": 429, "body": {"error_type": "too_many_requests"}})).await;
    let resp = raw_post(&h, "/sdk/v1/b2b/otps/sms/send").await.unwrap();
    assert_eq!(resp.status().as_u16(), 429);
    assert_eq!(resp.json::<Value>().await.unwrap(), json!({"error_type": "too_many_requests"}));
    assert_eq!(h.control_get("/_emulator/faults").await["faults"].as_array().unwrap().len(), 2);

    // DELETE clears every rule.
    let _ = h.http.delete(h.url("/_emulator/faults")).send().await.unwrap();
    h.post("/b2b/totp", json!({"organization_id": ACME, "member_id": ACME_NEW.id}), None)
        .await
        .assert_error(400, "action_available_only_once_primary_authentication_is_met");

    // A delay holds the answer back, then the request is served normally.
    h.control_post("/_emulator/faults", json!({"path": "/b2b/sessions/revoke", "delay_ms": 300, "times": 1})).await;
    let t = Instant::now();
    h.post("/b2b/sessions/revoke", json!({}), None).await.assert_error(404, "session_not_found");
    assert!(t.elapsed() >= Duration::from_millis(300));

    // A dropped connection gets no HTTP response at all.
    h.control_post("/_emulator/faults", json!({"path": "/b2b/sessions/revoke", "drop": true, "times": 1})).await;
    let err = raw_post(&h, "/sdk/v1/b2b/sessions/revoke").await.expect_err("connection dropped");
    assert!(!err.is_status());
    raw_post(&h, "/sdk/v1/b2b/sessions/revoke").await.expect("served again after the fault");

    // Bad rules are refused.
    let resp = h.http.post(h.url("/_emulator/faults")).json(&json!({"status": 500})).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 400);
}

#[tokio::test]
async fn request_log_shows_what_clients_sent_without_secrets() {
    let h = Harness::start().await;
    let d = h.password_login(GLOBEX, "optional.member@globex.test").await;
    let token = d["session_token"].as_str().unwrap().to_string();
    h.http
        .post(h.url("/sdk/v1/b2b/sessions/authenticate"))
        .header("Authorization", basic(&token))
        .header("X-SDK-Parent-Host", "http://localhost:5173")
        .header("Cookie", format!("stytch_session={token}"))
        .json(&json!({"session_duration_minutes": 30}))
        .send()
        .await
        .unwrap();
    let log = h.control_get("/_emulator/requests").await;
    let text = log.to_string();
    assert!(!text.contains(&token), "session tokens never appear in the log");
    assert!(!text.contains(PASSWORD), "passwords never appear in the log");
    let reqs = log["requests"].as_array().unwrap();
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0]["path"], "/sdk/v1/b2b/passwords/authenticate");
    assert_eq!(reqs[0]["method"], "POST");
    assert_eq!(reqs[0]["status"], 200);
    assert_eq!(reqs[0]["authorization"], json!({"scheme": "Basic", "username": PUBLIC_TOKEN, "password": "public_token"}));
    assert_eq!(reqs[0]["body_keys"], json!(["email_address", "organization_id", "password", "session_duration_minutes"]));
    assert_eq!(reqs[1]["authorization"]["password"], "session_token");
    assert_eq!(reqs[1]["headers"]["x-sdk-parent-host"], "http://localhost:5173");
    assert!(reqs[1]["headers"].get("cookie").is_none());
    assert!(reqs[1]["headers"].get("authorization").is_none());
    let _ = h.http.delete(h.url("/_emulator/requests")).send().await.unwrap();
    assert_eq!(h.control_get("/_emulator/requests").await["requests"], json!([]));
}
