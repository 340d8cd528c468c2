//! The primary factors beyond a plain password login: an organization that restricts them
//! (`primary_required`, and continuing with the allowed one while holding the IST), and the
//! password resets by email and by existing password with the project's strength rules,
//! each answering like any other primary factor (a session, or an IST and `mfa_required`).

mod common;

use common::*;
use serde_json::{json, Value};

const NEW_PASSWORD: &str = "Fresh-Password-2026";

fn delivery_methods(session: &Value) -> Vec<String> {
    session["authentication_factors"].as_array().unwrap().iter().map(|f| f["delivery_method"].as_str().unwrap().to_string()).collect()
}

async fn magic_link(h: &Harness, org: &str, email: &str) -> String {
    h.post("/b2b/magic_links/email/login_or_signup", json!({"organization_id": org, "email_address": email}), None).await.data();
    let outbox = h.control_get(&format!("/_emulator/outbox?to={email}")).await;
    outbox["messages"].as_array().unwrap().last().unwrap()["magic_link_token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_restricted_organization_answers_primary_required_then_continues_with_the_allowed_factor() {
    let h = Harness::start().await;
    let body =
        json!({"organization_id": UMBRELLA, "email_address": UMBRELLA_LINKS.email, "password": PASSWORD, "session_duration_minutes": 60});
    let d = h.post("/b2b/passwords/authenticate", body, None).await.data().clone();
    assert_eq!(d["member_authenticated"], false);
    assert_eq!(d["primary_required"], json!({"allowed_auth_methods": ["magic_link"]}));
    assert!(d["mfa_required"].is_null(), "MFA comes after the required primary factor");
    assert!(d["member_session"].is_null());
    let ist = d["intermediate_session_token"].as_str().unwrap().to_string();
    assert_eq!(h.outbox_len().await, 0, "no SMS before the primary factor is met");
    // The IST of a factor the organization does not allow opens no MFA step.
    let step = json!({"organization_id": UMBRELLA, "member_id": UMBRELLA_LINKS.id, "intermediate_session_token": ist});
    h.post("/b2b/otps/sms/send", step.clone(), None).await.assert_error(400, "action_available_only_once_primary_authentication_is_met");

    // The allowed factor with that IST continues to MFA (the SMS default sends a code).
    let token = magic_link(&h, UMBRELLA, UMBRELLA_LINKS.email).await;
    let m = h.post("/b2b/magic_links/authenticate", json!({"magic_links_token": token, "intermediate_session_token": ist}), None).await;
    let m = m.data().clone();
    assert_eq!(m["member_authenticated"], false);
    assert!(m["primary_required"].is_null());
    assert_eq!(m["mfa_required"]["secondary_auth_initiated"], "sms_otp");
    let ist2 = m["intermediate_session_token"].as_str().unwrap();
    assert_ne!(ist2, ist, "a new IST");
    let code = h.last_sms_code(UMBRELLA_LINKS.phone).await;
    let step = json!({"organization_id": UMBRELLA, "member_id": UMBRELLA_LINKS.id, "intermediate_session_token": ist2, "code": code});
    let done = h.post("/b2b/otps/sms/authenticate", step, None).await.data().clone();
    assert_eq!(delivery_methods(&done["member_session"]), ["knowledge", "email", "sms"], "the password carried along");
}

#[tokio::test]
async fn the_allowed_factor_alone_goes_straight_to_mfa_and_policies_are_checked() {
    let h = Harness::start().await;
    let token = magic_link(&h, UMBRELLA, UMBRELLA_LINKS.email).await;
    let m = h.post("/b2b/magic_links/authenticate", json!({"magic_links_token": token}), None).await.data().clone();
    assert!(m["primary_required"].is_null());
    assert_eq!(m["mfa_required"]["secondary_auth_initiated"], "sms_otp");
    // A RESTRICTED organization must allow something (the backend API and the console check it).
    let path = format!("/v1/b2b/organizations/{GLOBEX}");
    h.backend(reqwest::Method::PUT, &path, Some(json!({"auth_methods": "RESTRICTED", "allowed_auth_methods": []})))
        .await
        .assert_error(400, "allowed_auth_methods_required_for_restricted");
    // Restricting Globex to passwords leaves password logins alone.
    h.backend(reqwest::Method::PUT, &path, Some(json!({"auth_methods": "RESTRICTED", "allowed_auth_methods": ["password"]}))).await.ok();
    assert_eq!(h.password_login(GLOBEX, "optional.member@globex.test").await["member_authenticated"], true);
    let token = magic_link(&h, GLOBEX, "optional.member@globex.test").await;
    let m = h.post("/b2b/magic_links/authenticate", json!({"magic_links_token": token}), None).await.data().clone();
    assert_eq!(m["primary_required"]["allowed_auth_methods"], json!(["password"]));
}

async fn reset_start(h: &Harness, org: &str, email: &str, extra: Value) -> String {
    let mut body = json!({"organization_id": org, "email_address": email, "reset_password_redirect_url": "http://localhost:5173/reset"});
    body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    let r = h.post("/b2b/passwords/email/reset/start", body, None).await;
    assert!(r.data()["member_email_id"].as_str().unwrap().starts_with("email-"));
    let outbox = h.control_get(&format!("/_emulator/outbox?to={email}")).await;
    let message = outbox["messages"].as_array().unwrap().last().unwrap().clone();
    let url = message["password_reset_url"].as_str().unwrap();
    assert!(url.starts_with("http://localhost:5173/reset?stytch_token_type=multi_tenant_passwords&token="), "{url}");
    message["password_reset_token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn reset_by_email_sets_the_password_and_answers_like_a_primary_factor() {
    let h = Harness::start().await;
    // An OPTIONAL organization: straight to a session.
    let token = reset_start(&h, GLOBEX, "optional.member@globex.test", json!({})).await;
    let reset = |token: &str, password: &str| json!({"password_reset_token": token, "password": password, "session_duration_minutes": 60});
    h.post("/b2b/passwords/email/reset", reset(&token, "weak"), None).await.assert_error(400, "weak_password");
    h.post("/b2b/passwords/email/reset", reset("not-a-token", NEW_PASSWORD), None)
        .await
        .assert_error(401, "unable_to_auth_password_reset_token");
    let d = h.post("/b2b/passwords/email/reset", reset(&token, NEW_PASSWORD), None).await.data().clone();
    assert_eq!(d["member_authenticated"], true, "a weak password did not spend the link");
    assert_eq!(delivery_methods(&d["member_session"]), ["email"]);
    h.post("/b2b/passwords/email/reset", reset(&token, NEW_PASSWORD), None).await.assert_error(401, "unable_to_auth_password_reset_token");
    let login = |pw: &str| json!({"organization_id": GLOBEX, "email_address": "optional.member@globex.test", "password": pw});
    h.post("/b2b/passwords/authenticate", login(PASSWORD), None).await.assert_error(401, "unauthorized_credentials");
    h.post("/b2b/passwords/authenticate", login(NEW_PASSWORD), None).await.data();

    // A REQUIRED_FOR_ALL organization: an IST and MFA, the SMS code sent as at login.
    let token = reset_start(&h, ACME, "sms.member@acme.test", json!({})).await;
    let d = h.post("/b2b/passwords/email/reset", reset(&token, NEW_PASSWORD), None).await.data().clone();
    assert_eq!(d["member_authenticated"], false);
    assert_eq!(d["mfa_required"]["secondary_auth_initiated"], "sms_otp");
    // Expired links are refused.
    let token = reset_start(&h, GLOBEX, "optional.member@globex.test", json!({"reset_password_expiration_minutes": 5})).await;
    h.advance_clock(6 * 60).await;
    h.post("/b2b/passwords/email/reset", reset(&token, NEW_PASSWORD), None).await.assert_error(401, "unable_to_auth_password_reset_token");
    h.post("/b2b/passwords/email/reset/start", json!({"organization_id": GLOBEX, "email_address": "nobody@globex.test"}), None)
        .await
        .assert_error(404, "member_not_found");
}

#[tokio::test]
async fn reset_by_email_checks_pkce_when_the_start_sent_a_challenge() {
    let h = Harness::start().await;
    let verifier = "a-code-verifier-of-enough-length-0123456789";
    let challenge = {
        use base64::Engine;
        use sha2::Digest;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier))
    };
    let token = reset_start(&h, GLOBEX, "optional.member@globex.test", json!({"code_challenge": challenge})).await;
    let reset = |extra: Value| {
        let mut b = json!({"password_reset_token": token, "password": NEW_PASSWORD});
        b.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        b
    };
    h.post("/b2b/passwords/email/reset", reset(json!({})), None).await.assert_error(400, "pkce_expected_code_verifier");
    h.post("/b2b/passwords/email/reset", reset(json!({"code_verifier": "wrong"})), None).await.assert_error(400, "pkce_mismatch");
    h.post("/b2b/passwords/email/reset", reset(json!({"code_verifier": verifier})), None).await.data();
    let plain = reset_start(&h, GLOBEX, "optional.member@globex.test", json!({})).await;
    h.post("/b2b/passwords/email/reset", json!({"password_reset_token": plain, "password": NEW_PASSWORD, "code_verifier": verifier}), None)
        .await
        .assert_error(400, "pkce_did_not_expect_code_verifier");
}

#[tokio::test]
async fn reset_by_existing_password_counts_wrong_passwords_and_answers_like_a_login() {
    let h = Harness::start().await;
    let body = |existing: &str, new: &str| json!({"organization_id": ACME, "email_address": "totp.member@acme.test", "existing_password": existing, "new_password": new});
    h.post("/b2b/passwords/existing_password/reset", body(PASSWORD, "weak"), None).await.assert_error(400, "weak_password");
    h.post("/b2b/passwords/existing_password/reset", body(PASSWORD, PASSWORD), None).await.assert_error(400, "bad_request");
    h.post("/b2b/passwords/existing_password/reset", body("wrong-password", NEW_PASSWORD), None)
        .await
        .assert_error(401, "unauthorized_credentials");
    let d = h.post("/b2b/passwords/existing_password/reset", body(PASSWORD, NEW_PASSWORD), None).await.data().clone();
    assert_eq!(d["member_authenticated"], false, "Acme requires MFA");
    assert!(!d["mfa_required"]["member_options"]["totp_registration_id"].as_str().unwrap().is_empty());
    // Nine more wrong existing passwords (ten in all) lock the member, as wrong logins do.
    for _ in 0..9 {
        h.post("/b2b/passwords/existing_password/reset", body("wrong-password", "Another-Password-1"), None).await;
    }
    h.post(
        "/b2b/passwords/authenticate",
        json!({"organization_id": ACME, "email_address": "totp.member@acme.test", "password": NEW_PASSWORD}),
        None,
    )
    .await
    .assert_error(429, "user_lock_limit_reached");
}

#[tokio::test]
async fn the_strength_check_and_the_bootstrap_state_the_rules() {
    let h = Harness::start().await;
    let r = h.post("/b2b/passwords/strength_check", json!({"password": "short"}), None).await;
    let d = r.data();
    assert_eq!(d["valid_password"], false);
    assert_eq!(d["strength_policy"], "luds");
    assert_eq!(d["luds_feedback"]["missing_characters"], 3);
    assert_eq!(d["luds_feedback"]["has_lower_case"], true);
    assert_eq!(h.post("/b2b/passwords/strength_check", json!({"password": NEW_PASSWORD}), None).await.data()["valid_password"], true);
    let boot = h.get(&format!("/projects/bootstrap/{PUBLIC_TOKEN}"), None).await;
    assert_eq!(boot.data()["password_config"], json!({"luds_complexity": 3, "luds_minimum_count": 8}));
    // The backend API serves the same resets.
    let r = h
        .backend_post(
            "/v1/b2b/passwords/email/reset/start",
            json!({"organization_id": GLOBEX, "email_address": "optional.member@globex.test"}),
        )
        .await;
    r.ok();
}
