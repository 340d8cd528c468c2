//! The emulator under hostile use, over real HTTP: user locks, SMS rate limits, clock
//! bounds, bad bodies and heads, and the control API's origin check.

mod common;

use common::*;
use serde_json::{json, Value};

const TOTP_EMAIL: &str = "totp.member@acme.test";
const SMS_EMAIL: &str = "sms.member@acme.test";

impl Harness {
    async fn ist_for(&self, email: &str) -> String {
        self.password_login(ACME, email).await["intermediate_session_token"].as_str().unwrap().to_string()
    }

    async fn totp(&self, ist: &str, code: &str) -> Reply {
        self.post(
            "/b2b/totp/authenticate",
            json!({"organization_id": ACME, "member_id": ACME_TOTP.id, "code": code, "session_duration_minutes": 60, "intermediate_session_token": ist}),
            None,
        )
        .await
    }

    async fn password(&self, email: &str, password: &str) -> Reply {
        self.post("/b2b/passwords/authenticate", json!({"organization_id": ACME, "email_address": email, "password": password}), None).await
    }

    async fn sms_send(&self, member: &str, ist: Option<&str>, session: Option<&str>, phone: Option<&str>) -> Reply {
        let mut body = json!({"organization_id": ACME, "member_id": member});
        if let Some(i) = ist {
            body["intermediate_session_token"] = json!(i);
        }
        if let Some(p) = phone {
            body["mfa_phone_number"] = json!(p);
        }
        self.post("/b2b/otps/sms/send", body, session).await
    }

    /// A TOTP code that is certainly wrong now: one for a time long ago.
    async fn stale_totp(&self) -> String {
        let now = self.totp_code(ACME_TOTP.totp_secret, 0).await;
        let old = self.totp_code(ACME_TOTP.totp_secret, -1000).await;
        if old == now {
            "000000".into()
        } else {
            old
        }
    }
}

#[tokio::test]
async fn ten_wrong_totp_codes_lock_the_member_for_an_hour() {
    let h = Harness::start().await;
    let ist = h.ist_for(TOTP_EMAIL).await;
    let wrong = h.stale_totp().await;
    for i in 0..10 {
        h.totp(&ist, &wrong).await.assert_error(401, "invalid_totp_code");
        let _ = i;
    }
    // Locked: even the right code, and the right password, are refused.
    let right = h.totp_code(ACME_TOTP.totp_secret, 0).await;
    h.totp(&ist, &right).await.assert_error(429, "user_lock_limit_reached");
    h.password(TOTP_EMAIL, PASSWORD).await.assert_error(429, "user_lock_limit_reached");
    // Another member is not affected.
    h.password(SMS_EMAIL, PASSWORD).await.data();

    h.advance_clock(59 * 60).await;
    h.password(TOTP_EMAIL, PASSWORD).await.assert_error(429, "user_lock_limit_reached");
    h.advance_clock(61).await;
    let ist = h.ist_for(TOTP_EMAIL).await;
    let d = h.totp(&ist, &h.totp_code(ACME_TOTP.totp_secret, 0).await).await;
    assert_eq!(d.data()["member_session"]["member_id"], ACME_TOTP.id);
}

#[tokio::test]
async fn a_completed_login_resets_the_count_but_a_primary_factor_alone_does_not() {
    let h = Harness::start().await;
    let wrong = h.stale_totp().await;
    // 9 failures, then a success: the count starts again.
    let ist = h.ist_for(TOTP_EMAIL).await;
    for _ in 0..9 {
        h.totp(&ist, &wrong).await.assert_error(401, "invalid_totp_code");
    }
    h.totp(&ist, &h.totp_code(ACME_TOTP.totp_secret, 0).await).await.data();
    let ist = h.ist_for(TOTP_EMAIL).await;
    for _ in 0..9 {
        h.totp(&ist, &wrong).await.assert_error(401, "invalid_totp_code");
    }
    // A correct password between guesses does not reset it: the 10th guess locks.
    let ist = h.ist_for(TOTP_EMAIL).await;
    h.totp(&ist, &wrong).await.assert_error(401, "invalid_totp_code");
    h.totp(&ist, &wrong).await.assert_error(429, "user_lock_limit_reached");
}

#[tokio::test]
async fn wrong_passwords_and_wrong_codes_count_together() {
    let h = Harness::start().await;
    let ist = h.ist_for(SMS_EMAIL).await; // sends a code
    for _ in 0..5 {
        h.password(SMS_EMAIL, "wrong-password").await.assert_error(401, "unauthorized_credentials");
    }
    let code_step = |code: &str| json!({"organization_id": ACME, "member_id": ACME_SMS.id, "code": code, "session_duration_minutes": 60, "intermediate_session_token": ist});
    let right = h.last_sms_code("+15555550102").await;
    let wrong = if right == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        h.post("/b2b/otps/sms/authenticate", code_step(wrong), None).await.assert_error(404, "otp_code_not_found");
    }
    h.post("/b2b/otps/sms/authenticate", code_step(&right), None).await.assert_error(429, "user_lock_limit_reached");
    h.password(SMS_EMAIL, PASSWORD).await.assert_error(429, "user_lock_limit_reached");
}

#[tokio::test]
async fn ten_wrong_passwords_lock_and_recovery_codes_are_locked_too() {
    let h = Harness::start().await;
    for _ in 0..10 {
        h.password(TOTP_EMAIL, "wrong-password").await.assert_error(401, "unauthorized_credentials");
    }
    h.password(TOTP_EMAIL, PASSWORD).await.assert_error(429, "user_lock_limit_reached");
    // An unknown email is no member to lock, and still looks like a wrong password.
    h.password("nobody@acme.test", "x").await.assert_error(401, "unauthorized_credentials");
}

#[tokio::test]
async fn locks_follow_the_seed_settings() {
    let h = Harness::start_with_limits(json!({"user_lock_threshold": 3, "user_lock_ttl_minutes": 5})).await;
    for _ in 0..3 {
        h.password(TOTP_EMAIL, "wrong-password").await.assert_error(401, "unauthorized_credentials");
    }
    h.password(TOTP_EMAIL, PASSWORD).await.assert_error(429, "user_lock_limit_reached");
    h.advance_clock(5 * 60 + 1).await;
    h.password(TOTP_EMAIL, PASSWORD).await.data();
}

#[tokio::test]
async fn guessing_a_totp_code_at_the_allowed_rate_takes_more_than_a_year() {
    let h = Harness::start().await;
    let wrong = h.stale_totp().await;
    // Over three emulated hours, count the wrong guesses the emulator lets through.
    let hours = 3;
    let mut guesses = 0u64;
    for _ in 0..hours {
        let ist = h.ist_for(TOTP_EMAIL).await;
        loop {
            let r = h.totp(&ist, &wrong).await;
            if r.status == 429 {
                r.assert_error(429, "user_lock_limit_reached");
                break;
            }
            r.assert_error(401, "invalid_totp_code");
            guesses += 1;
            assert!(guesses < 1000, "no lock after {guesses} guesses");
        }
        h.advance_clock(3600).await;
    }
    let per_hour = guesses as f64 / hours as f64;
    assert_eq!(per_hour, 10.0);
    // Three codes are accepted at any moment (±1 step) out of a million; half the chance of
    // a hit needs ln(2) / (3e-6) guesses.
    let guesses_for_even_odds = std::f64::consts::LN_2 / 3e-6;
    let years = guesses_for_even_odds / per_hour / (24.0 * 365.0);
    println!("TOTP guessing: {per_hour} wrong guesses/hour allowed by the user lock, {years:.1} years to even odds of a hit");
    assert!(years > 1.0, "{years} years");
}

#[tokio::test]
async fn sms_sends_are_rate_limited_per_member() {
    let h = Harness::start().await;
    let ist = h.ist_for(SMS_EMAIL).await; // the login itself sends one
    for _ in 0..9 {
        h.sms_send(ACME_SMS.id, Some(&ist), None, None).await.data();
    }
    h.sms_send(ACME_SMS.id, Some(&ist), None, None).await.assert_error(429, "too_many_requests");
    let sent = h.control_get("/_emulator/outbox?to=%2B15555550102").await["messages"].as_array().unwrap().len();
    assert_eq!(sent, 10, "refused sends send nothing");
    // Over the allowance a login still works, without the automatic send.
    let d = h.password_login(ACME, SMS_EMAIL).await;
    assert_eq!(d["mfa_required"]["secondary_auth_initiated"], Value::Null);
    h.advance_clock(3601).await;
    let ist = h.ist_for(SMS_EMAIL).await;
    h.sms_send(ACME_SMS.id, Some(&ist), None, None).await.data();
}

#[tokio::test]
async fn sms_sends_are_rate_limited_per_phone_number() {
    let h = Harness::start_with_limits(json!({"sms_sends_per_phone": 3, "sms_sends_per_member": 100})).await;
    let phone = "+15555550199";
    let ist = h.ist_for("new.member@acme.test").await;
    for _ in 0..3 {
        h.sms_send(ACME_NEW.id, Some(&ist), None, Some(phone)).await.data();
    }
    h.sms_send(ACME_NEW.id, Some(&ist), None, Some(phone)).await.assert_error(429, "too_many_requests");
    // The same number for a member of another organization is refused too.
    let session = h
        .post(
            "/b2b/passwords/authenticate",
            json!({"organization_id": GLOBEX, "email_address": "optional.member@globex.test", "password": PASSWORD}),
            None,
        )
        .await
        .data()["session_token"]
        .as_str()
        .unwrap()
        .to_string();
    let r = h
        .post(
            "/b2b/otps/sms/send",
            json!({"organization_id": GLOBEX, "member_id": GLOBEX_OPTIONAL.id, "mfa_phone_number": phone}),
            Some(&session),
        )
        .await;
    r.assert_error(429, "too_many_requests");
    // Another number is fine.
    h.sms_send(ACME_NEW.id, Some(&ist), None, Some("+15555550198")).await.data();
}

#[tokio::test]
async fn the_clock_cannot_overflow_and_the_server_keeps_serving() {
    let h = Harness::start().await;
    for advance in [json!(i64::MAX), json!(i64::MIN), json!(200i64 * 366 * 24 * 3600), json!("soon"), json!(1.5e300)] {
        let resp = h.http.post(h.url("/_emulator/clock")).json(&json!({"advance_seconds": advance})).send().await.unwrap();
        Reply::from_response(resp).await.assert_error(400, "bad_request");
    }
    // In steps that add up past the bound, too.
    h.advance_clock(50 * 366 * 24 * 3600).await;
    let resp = h.http.post(h.url("/_emulator/clock")).json(&json!({"advance_seconds": 60i64 * 366 * 24 * 3600})).send().await.unwrap();
    Reply::from_response(resp).await.assert_error(400, "bad_request");
    // Still serving, with a sane clock.
    let clock = h.control_get("/_emulator/clock").await;
    assert!(clock["now"].as_str().unwrap().starts_with("20") || clock["now"].as_str().unwrap().starts_with("21"));
    h.password_login(GLOBEX, "optional.member@globex.test").await;
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused_whole() {
    let h = Harness::start().await;
    let big =
        format!("{{\"organization_id\":\"{ACME}\",\"member_id\":\"{member}\",\"pad\":\"{}\"}}", "x".repeat(2 << 20), member = ACME_SMS.id);
    let resp = h
        .http
        .post(h.url("/sdk/v1/b2b/otps/sms/send"))
        .header("Authorization", basic(PUBLIC_TOKEN))
        .header("Content-Type", "application/json")
        .body(big.clone())
        .send()
        .await
        .unwrap();
    Reply::from_response(resp).await.assert_error(413, "request_too_large");
    // Without a Content-Length (chunked), the same.
    let mut raw = format!(
        "POST /sdk/v1/b2b/otps/sms/send HTTP/1.1\r\nHost: x\r\nAuthorization: {}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
        basic(PUBLIC_TOKEN)
    )
    .into_bytes();
    for chunk in big.as_bytes().chunks(64 * 1024) {
        raw.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        raw.extend_from_slice(chunk);
        raw.extend_from_slice(b"\r\n");
    }
    raw.extend_from_slice(b"0\r\n\r\n");
    let answer = h.raw(&raw).await;
    assert!(answer.starts_with("HTTP/1.1 413 "), "{}", &answer[..answer.len().min(200)]);
    assert_json_error(&answer, 413, "request_too_large");
    assert_eq!(h.outbox_len().await, 0, "nothing was processed");
}

/// The body of a raw HTTP answer is Stytch's error JSON with this status and type.
fn assert_json_error(answer: &str, status: u16, error_type: &str) {
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or_else(|| panic!("no head: {answer:?}"));
    assert!(head.starts_with(&format!("HTTP/1.1 {status} ")), "{head}");
    assert!(head.to_ascii_lowercase().contains("content-type: application/json"), "{head}");
    let body: Value = serde_json::from_str(body).unwrap_or_else(|_| panic!("not JSON: {body:?}"));
    assert_eq!(body["status_code"], status);
    assert_eq!(body["error_type"], error_type);
    assert!(body["request_id"].as_str().is_some_and(|r| r.starts_with("request-id-test-")));
}

#[tokio::test]
async fn every_bad_request_is_answered_in_stytch_json() {
    let h = Harness::start().await;
    // A body that is not JSON by its type.
    let login = json!({"organization_id": GLOBEX, "email_address": "optional.member@globex.test", "password": PASSWORD});
    h.post_raw("/b2b/passwords/authenticate", "text/plain", login.to_string()).await.assert_error(400, "bad_request");
    // A 100 KB path.
    let long = h.http.get(h.url(&format!("/sdk/v1/{}", "a".repeat(20_000)))).send().await.unwrap();
    Reply::from_response(long).await.assert_error(414, "uri_too_long");
    // A 100 KB path does not fit the 64 KiB request head at all.
    let longer = format!("GET /sdk/v1/{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(100_000));
    assert_json_error(&h.raw(longer.as_bytes()).await, 431, "request_header_fields_too_large");
    // Headers past the head limit.
    let resp = h.http.get(h.url("/_emulator/clock")).header("X-Big", "b".repeat(100_000)).send().await.unwrap();
    Reply::from_response(resp).await.assert_error(431, "request_header_fields_too_large");
    // A path parameter that is not UTF-8.
    let resp = h.http.get(h.url("/sdk/v1/projects/bootstrap/%FF%FE")).send().await.unwrap();
    Reply::from_response(resp).await.assert_error(400, "bad_request");
    // A request line that is not HTTP.
    assert_json_error(&h.raw(b"GARBAGE\r\n\r\n").await, 400, "bad_request");
    // A body that is not valid JSON, and one of the wrong shape.
    for body in ["{", "[]", "{\"organization_id\": 5}"] {
        h.post_raw("/b2b/passwords/authenticate", "application/json", body).await.assert_error(400, "bad_request");
    }
    // Unknown routes and methods.
    Reply::from_response(h.http.get(h.url("/nope")).send().await.unwrap()).await.assert_error(404, "route_not_found");
    Reply::from_response(h.http.delete(h.url("/sdk/v1/b2b/totp")).send().await.unwrap()).await.assert_error(405, "method_not_allowed");
    // And the server still serves.
    h.password_login(GLOBEX, "optional.member@globex.test").await;
}

#[tokio::test]
async fn the_control_api_refuses_foreign_browser_origins() {
    let h =
        Harness::start_with(stytch_emulator::Config { port: 0, control_origins: vec!["https://dev.example".into()], ..Default::default() })
            .await;
    let evil = "https://evil.example";
    // A foreign page can neither read codes nor reset the emulator.
    let resp = h.http.get(h.url("/_emulator/outbox")).header("Origin", evil).send().await.unwrap();
    assert!(resp.headers().get("access-control-allow-origin").is_none());
    Reply::from_response(resp).await.assert_error(403, "cross_origin_control_request");
    h.password_login(ACME, SMS_EMAIL).await; // puts a code in the outbox
    let resp =
        h.http.post(h.url("/_emulator/reset")).header("Origin", evil).header("Content-Type", "text/plain").body("{}").send().await.unwrap();
    Reply::from_response(resp).await.assert_error(403, "cross_origin_control_request");
    assert_eq!(h.outbox_len().await, 1, "the reset did not happen");
    // Its preflight gets no CORS grant.
    let resp = h
        .http
        .request(reqwest::Method::OPTIONS, h.url("/_emulator/faults"))
        .header("Origin", evil)
        .header("Access-Control-Request-Method", "POST")
        .send()
        .await
        .unwrap();
    assert!(resp.headers().get("access-control-allow-origin").is_none());
    // Loopback pages and listed origins may.
    for origin in ["http://127.0.0.1:5173", "http://localhost:3000", "https://dev.example"] {
        let resp = h.http.get(h.url("/_emulator/outbox")).header("Origin", origin).send().await.unwrap();
        assert_eq!(resp.status(), 200, "{origin}");
        assert_eq!(resp.headers()["access-control-allow-origin"], origin);
    }
    // The SDK API keeps answering any origin, as Stytch's does.
    let resp = h.http.get(h.url(&format!("/sdk/v1/projects/bootstrap/{PUBLIC_TOKEN}"))).header("Origin", evil).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["access-control-allow-origin"], evil);
}

#[tokio::test]
async fn the_request_log_and_outbox_are_bounded() {
    let h = Harness::start_with_limits(json!({"sms_sends_per_phone": 100000, "sms_sends_per_member": 100000})).await;
    let cap = stytch_emulator::limits::REQUEST_LOG_CAP;
    let big = "v".repeat(20_000);
    for _ in 0..cap + 50 {
        let resp = h.http.post(h.url("/sdk/v1/events")).header("X-Big", &big).json(&json!({})).send().await.unwrap();
        assert_eq!(resp.status(), 200);
    }
    let log = h.control_get("/_emulator/requests").await;
    let records = log["requests"].as_array().unwrap();
    assert_eq!(records.len(), cap);
    let kept = records[0]["headers"]["x-big"].as_str().unwrap().len();
    assert!(kept <= stytch_emulator::limits::REQUEST_LOG_VALUE_BYTES, "{kept}");

    let outbox_cap = stytch_emulator::limits::OUTBOX_CAP;
    let ist = h.ist_for(SMS_EMAIL).await;
    for _ in 0..outbox_cap + 10 {
        h.sms_send(ACME_SMS.id, Some(&ist), None, None).await.data();
    }
    assert_eq!(h.outbox_len().await, outbox_cap);
}

#[tokio::test]
async fn sign_ups_stop_at_the_member_cap() {
    let cap = 5;
    let h = Harness::start_with_limits(json!({"max_members_per_organization": cap})).await;
    let org = h.control_get("/_emulator/organizations").await;
    let seeded = org["organizations"].as_array().unwrap().iter().find(|o| o["organization_id"] == GLOBEX).unwrap()["members"]
        .as_array()
        .unwrap()
        .len();
    let signup = |i: usize| {
        h.post(
            "/b2b/magic_links/email/login_or_signup",
            json!({"organization_id": GLOBEX, "email_address": format!("new{i}@globex.test")}),
            None,
        )
    };
    for i in seeded..cap {
        signup(i).await.data();
    }
    signup(cap).await.assert_error(403, "organization_member_limit_reached");
    // Existing members still get their links.
    h.post(
        "/b2b/magic_links/email/login_or_signup",
        json!({"organization_id": GLOBEX, "email_address": "optional.member@globex.test"}),
        None,
    )
    .await
    .data();
}

/// The body types each route takes, as its row in the route table says: JSON on the APIs and
/// the control API (a `text/plain` POST, which a foreign page may send without a preflight,
/// never reaches a handler), a form at the OAuth 2.0 endpoints, anything at the telemetry;
/// another method at such a path is answered 405 whatever its body.
#[tokio::test]
async fn each_route_takes_the_bodies_its_callers_send() {
    let h = Harness::start().await;
    let send = |method: reqwest::Method, path: &str, content_type: &str, body: &'static str| {
        h.http.request(method, h.url(path)).header("Content-Type", content_type).body(body).send()
    };
    let json_only = "Content-Type must be application/json.";
    for (method, path) in [
        (reqwest::Method::POST, "/sdk/v1/b2b/sso/saml"),
        (reqwest::Method::DELETE, "/sdk/v1/b2b/sso/sso-connection-1"),
        (reqwest::Method::POST, "/v1/b2b/organizations/search"),
        (reqwest::Method::POST, "/_emulator/reset"),
        (reqwest::Method::POST, "/gsi/credential"),
    ] {
        let reply = Reply::from_response(send(method.clone(), path, "text/plain", "{}").await.unwrap()).await;
        reply.assert_error(400, "bad_request");
        assert_eq!(reply.body["error_message"], json_only, "{method} {path}");
    }
    // A browser's telemetry beacon.
    assert_eq!(send(reqwest::Method::POST, "/sdk/v1/events", "text/plain", "[1]").await.unwrap().status(), 200);
    // An OAuth client's form reaches the token endpoint, which answers in OAuth's terms.
    let token = Reply::from_response(
        send(reqwest::Method::POST, "/v1/oauth2/token", "application/x-www-form-urlencoded", "grant_type=client_credentials")
            .await
            .unwrap(),
    )
    .await;
    assert!(token.status == 400 || token.status == 401, "{}", token.body);
    assert_ne!(token.body["error_message"], json_only);
    for (method, path) in [(reqwest::Method::PUT, "/v1/oauth2/token"), (reqwest::Method::GET, "/sdk/v1/events")] {
        let reply = Reply::from_response(send(method.clone(), path, "text/plain", "x").await.unwrap()).await;
        reply.assert_error(405, "method_not_allowed");
    }
}
