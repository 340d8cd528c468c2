//! Email one-time passcodes over real HTTP (#22 flows): `otps.email.loginOrSignup` /
//! `authenticate` as a primary factor (sign-up by email, `mfa_required`, attempts, expiry,
//! user locks) and the discovery pair, on both APIs.

mod common;

use common::*;
use serde_json::{json, Value};

/// The newest passcode emailed to `email`.
async fn last_code(h: &Harness, email: &str) -> String {
    let m = h.last_email(email).await;
    assert_eq!(m["channel"], "email");
    m["code"].as_str().unwrap().to_string()
}

async fn send(h: &Harness, org: &str, email: &str) -> Value {
    h.post("/b2b/otps/email/login_or_signup", json!({"organization_id": org, "email_address": email}), None).await.data().clone()
}

fn authenticate_body(org: &str, email: &str, code: &str) -> Value {
    json!({"organization_id": org, "email_address": email, "code": code, "session_duration_minutes": 60})
}

#[tokio::test]
async fn a_member_logs_in_with_an_emailed_code() {
    let h = Harness::start().await;
    let sent = send(&h, GLOBEX, GLOBEX_OPTIONAL.email).await;
    assert_eq!((sent["member_id"].as_str(), sent["member_created"].as_bool()), (Some(GLOBEX_OPTIONAL.id), Some(false)));
    let code = last_code(&h, GLOBEX_OPTIONAL.email).await;
    assert_eq!(code.len(), 6);
    let r = h.post("/b2b/otps/email/authenticate", authenticate_body(GLOBEX, GLOBEX_OPTIONAL.email, &code), None).await;
    let d = r.data();
    assert_eq!(d["member_authenticated"], true);
    let f = &d["member_session"]["authentication_factors"][0];
    assert_eq!(d["method_id"], f["email_factor"]["email_id"]);
    assert_eq!(f["email_factor"]["email_address"], GLOBEX_OPTIONAL.email);
    assert_eq!((f["type"].as_str(), f["delivery_method"].as_str()), (Some("email_otp"), Some("email")));
    // Single use.
    h.post("/b2b/otps/email/authenticate", authenticate_body(GLOBEX, GLOBEX_OPTIONAL.email, &code), None)
        .await
        .assert_error(404, "otp_code_not_found");
}

#[tokio::test]
async fn a_code_in_an_organization_that_requires_mfa_answers_an_ist() {
    let h = Harness::start().await;
    send(&h, ACME, ACME_SMS.email).await;
    let code = last_code(&h, ACME_SMS.email).await;
    let r = h.backend_post("/v1/b2b/otps/email/authenticate", authenticate_body(ACME, ACME_SMS.email, &code)).await;
    let d = r.ok();
    assert_eq!(d["member_authenticated"], false);
    assert!(!d["intermediate_session_token"].as_str().unwrap().is_empty());
    assert_eq!(d["mfa_required"]["secondary_auth_initiated"], "sms_otp", "{d}");
}

#[tokio::test]
async fn a_new_email_signs_up_where_the_organization_allows_it() {
    let h = Harness::start().await;
    // Globex lets anyone sign up; the new member is pending until the code proves the inbox.
    let sent = h
        .backend_post("/v1/b2b/otps/email/login_or_signup", json!({"organization_id": GLOBEX, "email_address": "fresh@globex.test"}))
        .await;
    assert_eq!((sent.ok()["member_created"].as_bool(), sent.ok()["member"]["status"].as_str()), (Some(true), Some("pending")));
    let code = last_code(&h, "fresh@globex.test").await;
    let r = h.backend_post("/v1/b2b/otps/email/authenticate", authenticate_body(GLOBEX, "fresh@globex.test", &code)).await;
    assert_eq!(r.ok()["member"]["status"], "active");
    assert_eq!(r.ok()["member"]["email_address_verified"], true);

    // Pied Piper lets only its own domain join.
    send(&h, PIEDPIPER, "someone@piedpiper.test").await;
    let r = h
        .post("/b2b/otps/email/login_or_signup", json!({"organization_id": PIEDPIPER, "email_address": "someone@elsewhere.test"}), None)
        .await;
    r.assert_error(403, "email_jit_provisioning_not_allowed");
}

#[tokio::test]
async fn send_refusals() {
    let h = Harness::start().await;
    let cases = [
        (json!({"organization_id": GLOBEX, "email_address": "not-an-email"}), 400, "invalid_email"),
        (json!({"organization_id": "organization-test-unknown", "email_address": "a@b.test"}), 404, "organization_not_found"),
        (
            json!({"organization_id": GLOBEX, "email_address": GLOBEX_OPTIONAL.email, "login_expiration_minutes": 1}),
            400,
            "invalid_expiration_minutes",
        ),
        (
            json!({"organization_id": GLOBEX, "email_address": "new@globex.test", "signup_expiration_minutes": 16}),
            400,
            "invalid_expiration_minutes",
        ),
        (json!({"organization_id": "", "email_address": "a@b.test"}), 400, "bad_request"),
    ];
    for (body, status, error_type) in cases {
        h.post("/b2b/otps/email/login_or_signup", body, None).await.assert_error(status, error_type);
    }
    assert_eq!(h.outbox_len().await, 0, "a refused send sends nothing");
}

#[tokio::test]
async fn wrong_codes_burn_the_code_and_an_expired_code_is_refused() {
    let h = Harness::start_with_limits(json!({"user_lock_threshold": 100})).await;
    send(&h, GLOBEX, GLOBEX_OPTIONAL.email).await;
    let code = last_code(&h, GLOBEX_OPTIONAL.email).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        h.post("/b2b/otps/email/authenticate", authenticate_body(GLOBEX, GLOBEX_OPTIONAL.email, wrong), None)
            .await
            .assert_error(404, "otp_code_not_found");
    }
    // The fifth wrong code burned it: the right one no longer works.
    h.post("/b2b/otps/email/authenticate", authenticate_body(GLOBEX, GLOBEX_OPTIONAL.email, &code), None)
        .await
        .assert_error(404, "otp_code_not_found");

    // A code lives ten minutes by default.
    send(&h, GLOBEX, GLOBEX_OPTIONAL.email).await;
    let code = last_code(&h, GLOBEX_OPTIONAL.email).await;
    h.advance_clock(10 * 60 + 1).await;
    h.post("/b2b/otps/email/authenticate", authenticate_body(GLOBEX, GLOBEX_OPTIONAL.email, &code), None)
        .await
        .assert_error(404, "otp_code_not_found");
}

#[tokio::test]
async fn wrong_codes_lock_the_member() {
    let h = Harness::start_with_limits(json!({"user_lock_threshold": 3})).await;
    send(&h, GLOBEX, GLOBEX_OPTIONAL.email).await;
    let code = last_code(&h, GLOBEX_OPTIONAL.email).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..3 {
        h.post("/b2b/otps/email/authenticate", authenticate_body(GLOBEX, GLOBEX_OPTIONAL.email, wrong), None)
            .await
            .assert_error(404, "otp_code_not_found");
    }
    send(&h, GLOBEX, GLOBEX_OPTIONAL.email).await;
    let code = last_code(&h, GLOBEX_OPTIONAL.email).await;
    h.post("/b2b/otps/email/authenticate", authenticate_body(GLOBEX, GLOBEX_OPTIONAL.email, &code), None)
        .await
        .assert_error(429, "user_lock_limit_reached");
}

#[tokio::test]
async fn a_discovery_code_proves_the_email_and_lists_its_organizations() {
    let h = Harness::start().await;
    for (send_path, auth_path) in [
        ("/b2b/otps/email/discovery/send", "/b2b/otps/email/discovery/authenticate"),
        ("/v1/b2b/otps/email/discovery/send", "/v1/b2b/otps/email/discovery/authenticate"),
    ] {
        let backend = send_path.starts_with("/v1");
        let call = |path: &'static str, body: Value| {
            let h = &h;
            async move {
                if backend {
                    h.backend_post(path, body).await.ok().clone()
                } else {
                    h.post(path, body, None).await.data().clone()
                }
            }
        };
        call(send_path, json!({"email_address": PIEDPIPER_SHARED.email})).await;
        let code = last_code(&h, PIEDPIPER_SHARED.email).await;
        let found = call(auth_path, json!({"email_address": PIEDPIPER_SHARED.email, "code": code})).await;
        assert_eq!(found["email_address"], PIEDPIPER_SHARED.email);
        let mut orgs: Vec<&str> = found["discovered_organizations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["organization"]["organization_id"].as_str().unwrap())
            .collect();
        orgs.sort();
        let mut expected = vec![INITECH, PIEDPIPER];
        expected.sort();
        assert_eq!(orgs, expected);
        // The IST enters Pied Piper with the email factor.
        let ist = found["intermediate_session_token"].as_str().unwrap();
        let entered = h.enter_organization(ist, PIEDPIPER).await;
        assert_eq!(entered.data()["member_session"]["authentication_factors"][0]["type"], "email_otp");
    }
}

#[tokio::test]
async fn discovery_code_refusals() {
    let h = Harness::start().await;
    h.post("/b2b/otps/email/discovery/send", json!({"email_address": "nope"}), None).await.assert_error(400, "invalid_email");
    h.post("/b2b/otps/email/discovery/send", json!({"email_address": "a@b.test", "discovery_expiration_minutes": 30}), None)
        .await
        .assert_error(400, "invalid_expiration_minutes");
    h.post("/b2b/otps/email/discovery/send", json!({"email_address": "a@b.test"}), None).await.data();
    let code = last_code(&h, "a@b.test").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        h.post("/b2b/otps/email/discovery/authenticate", json!({"email_address": "a@b.test", "code": wrong}), None)
            .await
            .assert_error(404, "otp_code_not_found");
    }
    h.post("/b2b/otps/email/discovery/authenticate", json!({"email_address": "a@b.test", "code": code}), None)
        .await
        .assert_error(404, "otp_code_not_found");
    h.post("/b2b/otps/email/discovery/authenticate", json!({"email_address": "", "code": "123456"}), None)
        .await
        .assert_error(400, "bad_request");
}
