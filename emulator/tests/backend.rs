//! Stytch's backend API (`/v1/...`) over real HTTP: its credentials, one world shared with
//! the SDK API (a session started in the browser is the one the server verifies, and the
//! other way round), the B2B management calls, the MFA steps by IST, session token or JWT,
//! and the consumer API (the consumer project's, `projects.rs`) with its locks and limits. The official Node and Python SDKs run
//! against the same endpoints in `tests/backend/`.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

fn base64(s: &str) -> String {
    base64::Engine::encode(&base64::engine::general_purpose::STANDARD, s)
}

#[tokio::test]
async fn only_project_id_and_secret_open_the_backend_api() {
    let h = Harness::start().await;
    let path = format!("/v1/b2b/organizations/{ACME}");
    h.backend(Method::GET, &path, None).await.ok();
    let wrong = [
        None,
        Some(format!("Basic {}", base64(&format!("{PROJECT_ID}:wrong-secret")))),
        Some(format!("Basic {}", base64(&format!("{PROJECT_ID}:{SECRET}x")))),
        Some(format!("Basic {}", base64(&format!("project-test-other:{SECRET}")))),
        // The SDK's credentials do not open the backend API...
        Some(basic(PUBLIC_TOKEN)),
        Some(format!("Bearer {SECRET}")),
    ];
    for auth in wrong {
        let mut req = h.http.get(h.url(&path));
        if let Some(a) = &auth {
            req = req.header("Authorization", a);
        }
        Reply::from_response(req.send().await.unwrap()).await.assert_error(401, "unauthorized_credentials");
    }
    // ...and the secret does not open the SDK API.
    let resp = h
        .http
        .post(h.url("/sdk/v1/b2b/passwords/authenticate"))
        .header("Authorization", backend_auth())
        .json(&json!({"organization_id": GLOBEX, "email_address": "optional.member@globex.test", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    Reply::from_response(resp).await.assert_error(401, "unauthorized_credentials");
    // The JWKS is public, as on Stytch (the SDKs fetch it without credentials).
    for path in [format!("/v1/b2b/sessions/jwks/{PROJECT_ID}"), format!("/v1/sessions/jwks/{CONSUMER_PROJECT_ID}")] {
        assert_eq!(h.http.get(h.url(&path)).send().await.unwrap().status(), 200);
    }
}

#[tokio::test]
async fn a_browser_session_is_the_session_the_server_verifies_and_the_other_way_round() {
    let h = Harness::start().await;
    // Browser (SDK API) login; the server authenticates its token and its JWT.
    let d = h.password_login(GLOBEX, "optional.member@globex.test").await;
    let (token, jwt) = (d["session_token"].as_str().unwrap(), d["session_jwt"].as_str().unwrap());
    for body in [json!({"session_token": token}), json!({"session_jwt": jwt})] {
        let r = h.backend_post("/v1/b2b/sessions/authenticate", body).await;
        let r = r.ok();
        assert_eq!(r["member"]["member_id"], GLOBEX_OPTIONAL.id);
        assert_eq!(r["member_session"]["member_session_id"], d["member_session"]["member_session_id"]);
        assert_eq!(r["session_token"], token);
        assert_eq!(h.verify_jwt(r["session_jwt"].as_str().unwrap()).await["sub"], GLOBEX_OPTIONAL.id);
    }
    h.backend_post("/v1/b2b/sessions/authenticate", json!({"session_token": token, "session_jwt": jwt}))
        .await
        .assert_error(400, "bad_request");

    // Server (backend API) login; the browser's session call accepts its token.
    let s = h
        .backend_post(
            "/v1/b2b/passwords/authenticate",
            json!({"organization_id": GLOBEX, "email_address": "optional.member@globex.test", "password": PASSWORD}),
        )
        .await;
    let server_token = s.ok()["session_token"].as_str().unwrap().to_string();
    h.post("/b2b/sessions/authenticate", json!({}), Some(&server_token)).await.data();

    // Revoked on the server: gone for the browser, and the JWT no longer authenticates remotely.
    h.backend_post("/v1/b2b/sessions/revoke", json!({"session_jwt": jwt})).await.ok();
    h.post("/b2b/sessions/authenticate", json!({}), Some(token)).await.assert_error(404, "session_not_found");
    h.backend_post("/v1/b2b/sessions/authenticate", json!({"session_jwt": jwt})).await.assert_error(404, "session_not_found");
}

#[tokio::test]
async fn forged_and_foreign_jwts_are_refused() {
    let h = Harness::start().await;
    let d = h.password_login(GLOBEX, "optional.member@globex.test").await;
    let jwt = d["session_jwt"].as_str().unwrap();
    let parts: Vec<&str> = jwt.split('.').collect();
    let mut claims = h.verify_jwt(jwt).await;
    claims["sub"] = json!(ACME_NEW.id);
    let payload = base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, claims.to_string());
    let forged = format!("{}.{payload}.{}", parts[0], parts[2]);
    for bad in [forged.as_str(), "not-a-jwt", "a.b.c"] {
        h.backend_post("/v1/b2b/sessions/authenticate", json!({"session_jwt": bad})).await.assert_error(401, "invalid_session_jwt");
        h.backend_post("/v1/sessions/authenticate", json!({"session_jwt": bad})).await.assert_error(401, "invalid_session_jwt");
    }
    // A B2B JWT is not the consumer project's.
    h.backend_post("/v1/sessions/authenticate", json!({"session_jwt": jwt})).await.assert_error(401, "invalid_session_jwt");
}

#[tokio::test]
async fn an_expired_jwt_still_authenticates_remotely_while_its_session_lives() {
    let h = Harness::start().await;
    let d = h.password_login(GLOBEX, "optional.member@globex.test").await;
    let jwt = d["session_jwt"].as_str().unwrap();
    h.advance_clock(10 * 60).await;
    let r = h.backend_post("/v1/b2b/sessions/authenticate", json!({"session_jwt": jwt})).await;
    let fresh = h.verify_jwt(r.ok()["session_jwt"].as_str().unwrap()).await;
    assert!(fresh["exp"].as_u64().unwrap() > h.now_unix().await, "a fresh JWT comes back");
    h.advance_clock(60 * 60).await;
    h.backend_post("/v1/b2b/sessions/authenticate", json!({"session_jwt": jwt})).await.assert_error(404, "session_not_found");
}

/// The B2B guide's backend track: primary factor, then SMS enrollment by IST, on the server.
#[tokio::test]
async fn backend_mfa_enrollment_by_ist_then_step_up_on_a_session_jwt() {
    let h = Harness::start().await;
    let login = h
        .backend_post(
            "/v1/b2b/passwords/authenticate",
            json!({"organization_id": ACME, "email_address": "new.member@acme.test", "password": PASSWORD}),
        )
        .await;
    let login = login.ok();
    assert_eq!(login["member_authenticated"], false);
    let ist = login["intermediate_session_token"].as_str().unwrap();
    let phone = "+15555550177";
    let step = json!({"organization_id": ACME, "member_id": ACME_NEW.id, "intermediate_session_token": ist});
    let mut send = step.clone();
    send["mfa_phone_number"] = json!(phone);
    h.backend_post("/v1/b2b/otps/sms/send", send).await.ok();
    let mut auth = step.clone();
    auth["code"] = json!(h.last_sms_code(phone).await);
    auth["set_mfa_enrollment"] = json!("enroll");
    let done = h.backend_post("/v1/b2b/otps/sms/authenticate", auth.clone()).await;
    let done = done.ok();
    assert_eq!(factor_types(&done["member_session"]), ["password", "otp"]);
    assert_eq!(done["member"]["mfa_enrolled"], true);
    // The IST is spent.
    h.backend_post("/v1/b2b/otps/sms/authenticate", auth).await.assert_error(404, "intermediate_session_not_found");

    // TOTP added on the session JWT (optional enrollment, step-up style).
    let jwt = done["session_jwt"].as_str().unwrap();
    let created = h.backend_post("/v1/b2b/totp", json!({"organization_id": ACME, "member_id": ACME_NEW.id, "session_jwt": jwt})).await;
    let secret = created.ok()["secret"].as_str().unwrap().to_string();
    let code = h.totp_code(&secret, 0).await;
    let t = h
        .backend_post(
            "/v1/b2b/totp/authenticate",
            json!({"organization_id": ACME, "member_id": ACME_NEW.id, "code": code, "session_jwt": jwt}),
        )
        .await;
    assert_eq!(factor_types(&t.ok()["member_session"]), ["password", "otp", "totp"]);
    // Another member's session cannot take this member's MFA step.
    let other = h.password_login(GLOBEX, "optional.member@globex.test").await;
    h.backend_post(
        "/v1/b2b/otps/sms/send",
        json!({"organization_id": ACME, "member_id": ACME_NEW.id, "session_token": other["session_token"]}),
    )
    .await
    .assert_error(400, "session_member_mismatch");
    // Recovery codes: read and rotated by the server.
    let path = format!("/v1/b2b/recovery_codes/{ACME}/{acme_new_id}", acme_new_id = ACME_NEW.id);
    let codes = h.backend(Method::GET, &path, None).await.ok()["recovery_codes"].clone();
    assert_eq!(codes.as_array().unwrap().len(), 10);
    let rotated = h.backend_post("/v1/b2b/recovery_codes/rotate", json!({"organization_id": ACME, "member_id": ACME_NEW.id})).await;
    assert_ne!(rotated.ok()["recovery_codes"], codes);
}

#[tokio::test]
async fn organizations_are_read_searched_and_updated_and_the_policy_takes_effect() {
    let h = Harness::start().await;
    let path = format!("/v1/b2b/organizations/{GLOBEX}");
    let org = h.backend(Method::GET, &path, None).await.ok()["organization"].clone();
    assert_eq!(org["mfa_policy"], "OPTIONAL");
    // The guide's prerequisite: require MFA, TOTP only.
    let body = json!({"mfa_policy": "REQUIRED_FOR_ALL", "mfa_methods": "RESTRICTED", "allowed_mfa_methods": ["totp"]});
    let updated = h.backend(Method::PUT, &path, Some(body)).await.ok()["organization"].clone();
    assert_eq!(updated["mfa_policy"], "REQUIRED_FOR_ALL");
    assert_eq!(updated["allowed_mfa_methods"], json!(["totp"]));
    assert_eq!(updated["organization_name"], org["organization_name"], "absent fields are kept");
    // The browser now meets MFA at login, and SMS is refused.
    let d = h.password_login(GLOBEX, "optional.member@globex.test").await;
    assert_eq!(d["member_authenticated"], false);
    let send = json!({"organization_id": GLOBEX, "member_id": GLOBEX_OPTIONAL.id, "mfa_phone_number": "+15555550123",
                      "intermediate_session_token": d["intermediate_session_token"]});
    h.backend_post("/v1/b2b/otps/sms/send", send).await.assert_error(403, "mfa_method_not_allowed");
    let bad = [
        (json!({"mfa_policy": "SOMETIMES"}), "bad_request"),
        (json!({"allowed_mfa_methods": ["carrier_pigeon"]}), "bad_request"),
        (json!({"organization_slug": "Bad Slug"}), "invalid_organization_slug"),
        (json!({"mfa_policy": 7}), "bad_request"),
    ];
    for (body, error_type) in bad {
        h.backend(Method::PUT, &path, Some(body)).await.assert_error(400, error_type);
    }
    assert_eq!(h.backend(Method::GET, &path, None).await.ok()["organization"], updated, "refused updates change nothing");
    h.backend(Method::PUT, &path, Some(json!({"organization_slug": "acme"}))).await.assert_error(400, "organization_slug_already_used");
    h.backend(Method::GET, "/v1/b2b/organizations/organization-test-nope", None).await.assert_error(404, "organization_not_found");

    let found = h
        .backend_post(
            "/v1/b2b/organizations/search",
            json!({"query": {"operator": "OR", "operands": [{"filter_name": "member_emails", "filter_value": ["sms.member@acme.test"]}]}}),
        )
        .await;
    let found = found.ok();
    assert_eq!(found["organizations"].as_array().unwrap().len(), 1);
    assert_eq!(found["organizations"][0]["organization_id"], ACME);
    assert_eq!(found["results_metadata"]["total"], 1);
    let created = h.backend_post("/v1/b2b/organizations", json!({"organization_name": "Hooli", "mfa_policy": "REQUIRED_FOR_ALL"})).await;
    assert_eq!(created.ok()["organization"]["organization_slug"], "hooli");
}

#[tokio::test]
async fn members_are_read_created_and_updated() {
    let h = Harness::start().await;
    let by_email = h.backend(Method::GET, &format!("/v1/b2b/organizations/{ACME}/member?email_address=SMS.member@acme.test"), None).await;
    assert_eq!(by_email.ok()["member"]["member_id"], ACME_SMS.id);
    let by_id = h
        .backend(Method::GET, &format!("/v1/b2b/organizations/{ACME}/member?member_id={acme_totp_id}", acme_totp_id = ACME_TOTP.id), None)
        .await;
    assert_eq!(by_id.ok()["member"]["email_address"], "totp.member@acme.test");
    h.backend(Method::GET, &format!("/v1/b2b/organizations/{GLOBEX}/member?member_id={acme_totp_id}", acme_totp_id = ACME_TOTP.id), None)
        .await
        .assert_error(404, "member_not_found");
    let created = h
        .backend_post(
            &format!("/v1/b2b/organizations/{GLOBEX}/members"),
            json!({"email_address": "new.hire@globex.test", "name": "New Hire"}),
        )
        .await;
    let member_id = created.ok()["member_id"].as_str().unwrap().to_string();
    h.backend_post(&format!("/v1/b2b/organizations/{GLOBEX}/members"), json!({"email_address": "new.hire@globex.test"}))
        .await
        .assert_error(400, "duplicate_email");
    let path = format!("/v1/b2b/organizations/{GLOBEX}/members/{member_id}");
    let updated = h.backend(Method::PUT, &path, Some(json!({"mfa_enrolled": true, "mfa_phone_number": "+15555550150"}))).await;
    let m = &updated.ok()["member"];
    assert_eq!(m["mfa_enrolled"], true);
    assert_eq!(m["mfa_phone_number_verified"], false, "a number set by the server is proven by a code");
    h.backend(Method::PUT, &path, Some(json!({"mfa_phone_number": "555"}))).await.assert_error(400, "invalid_phone_number");
}

#[tokio::test]
async fn sessions_are_listed_and_revoked_by_id_or_member() {
    let h = Harness::start().await;
    let a = h.password_login(GLOBEX, "optional.member@globex.test").await;
    let b = h.password_login(GLOBEX, "optional.member@globex.test").await;
    let list_path =
        format!("/v1/b2b/sessions?organization_id={GLOBEX}&member_id={globex_optional_id}", globex_optional_id = GLOBEX_OPTIONAL.id);
    let listed = h.backend(Method::GET, &list_path, None).await.ok()["member_sessions"].as_array().unwrap().len();
    assert_eq!(listed, 2);
    let id = a["member_session"]["member_session_id"].clone();
    h.backend_post("/v1/b2b/sessions/revoke", json!({"member_session_id": id})).await.ok();
    h.post("/b2b/sessions/authenticate", json!({}), a["session_token"].as_str()).await.assert_error(404, "session_not_found");
    h.post("/b2b/sessions/authenticate", json!({}), b["session_token"].as_str()).await.data();
    h.backend_post("/v1/b2b/sessions/revoke", json!({"member_id": GLOBEX_OPTIONAL.id})).await.ok();
    h.post("/b2b/sessions/authenticate", json!({}), b["session_token"].as_str()).await.assert_error(404, "session_not_found");
    h.backend_post("/v1/b2b/sessions/revoke", json!({})).await.assert_error(400, "bad_request");
}

/// The consumer guide: password, then SMS on that session, both factors on one session.
#[tokio::test]
async fn consumer_password_then_sms_on_the_same_session() {
    let h = Harness::start().await;
    let p = h
        .backend_post(
            "/v1/passwords/authenticate",
            json!({"email": USER_CONSUMER.email, "password": PASSWORD, "session_duration_minutes": 60}),
        )
        .await;
    let p = p.ok().clone();
    let token = p["session_token"].as_str().unwrap();
    assert_eq!(p["session"]["authentication_factors"][0]["delivery_method"], "knowledge");
    assert!(p["user"]["phone_numbers"].as_array().unwrap().is_empty(), "the seeded consumer has no phone yet");
    let phone = "+15555550301";
    let sent = h.backend_post("/v1/otps/sms/send", json!({"phone_number": phone, "session_token": token})).await;
    let phone_id = sent.ok()["phone_id"].as_str().unwrap().to_string();
    assert_eq!(sent.body["user_id"], p["user_id"]);
    h.backend_post("/v1/otps/authenticate", json!({"method_id": phone_id, "code": "000000", "session_token": token}))
        .await
        .assert_error(404, "otp_code_not_found");
    let code = h.last_sms_code(phone).await;
    let o = h.backend_post("/v1/otps/authenticate", json!({"method_id": phone_id, "code": code, "session_token": token})).await;
    let o = o.ok();
    assert_eq!(o["session"]["session_id"], p["session"]["session_id"], "the factor joins the same session");
    let factors: Vec<&str> =
        o["session"]["authentication_factors"].as_array().unwrap().iter().map(|f| f["delivery_method"].as_str().unwrap()).collect();
    assert_eq!(factors, ["knowledge", "sms"]);
    assert_eq!(o["session"]["authentication_factors"][1]["phone_number_factor"]["phone_id"], phone_id.as_str());
    assert_eq!(o["user"]["phone_numbers"][0]["verified"], true);
    let jwks = format!("/v1/sessions/jwks/{CONSUMER_PROJECT_ID}");
    let claims = h.verify_jwt_at(o["session_jwt"].as_str().unwrap(), &jwks, CONSUMER_PROJECT_ID).await.unwrap();
    assert_eq!(claims["sub"], p["user_id"]);
    assert_eq!(claims["https://stytch.com/session"]["authentication_factors"].as_array().unwrap().len(), 2);
    // The same session by JWT, and the user as the server reads it.
    let s = h.backend_post("/v1/sessions/authenticate", json!({"session_jwt": o["session_jwt"]})).await;
    assert_eq!(s.ok()["session"]["session_id"], p["session"]["session_id"]);
    let user = h.backend(Method::GET, &format!("/v1/users/{}", p["user_id"].as_str().unwrap()), None).await;
    assert_eq!(user.ok()["emails"][0]["email"], USER_CONSUMER.email);
    // Revoked: gone.
    h.backend_post("/v1/sessions/revoke", json!({"session_token": token})).await.ok();
    h.backend_post("/v1/sessions/authenticate", json!({"session_token": token})).await.assert_error(404, "session_not_found");
}

#[tokio::test]
async fn consumer_users_and_passwords_are_created_and_guarded() {
    let h = Harness::start().await;
    let created = h
        .backend_post(
            "/v1/passwords",
            json!({"email": "new@example.test", "password": "A-long-password-1", "session_duration_minutes": 30}),
        )
        .await;
    let created = created.ok();
    let token = created["session_token"].as_str().unwrap().to_string();
    assert!(!token.is_empty());
    // Its email is unverified, so a phone cannot be added yet (Stytch's consumer MFA guide).
    h.backend_post("/v1/otps/sms/send", json!({"phone_number": "+15555550399", "session_token": token}))
        .await
        .assert_error(400, "too_many_unverified_factors");
    h.backend_post("/v1/passwords", json!({"email": "new@example.test", "password": "A-long-password-1"}))
        .await
        .assert_error(400, "duplicate_email");
    h.backend_post("/v1/passwords", json!({"email": "short@example.test", "password": "short"})).await.assert_error(400, "weak_password");
    // Without session_duration_minutes no session is started, as on Stytch.
    let no_session =
        h.backend_post("/v1/passwords/authenticate", json!({"email": "new@example.test", "password": "A-long-password-1"})).await;
    assert_eq!(no_session.ok()["session_token"], "");
    assert!(no_session.body["session"].is_null());
    let user = h.backend_post("/v1/users", json!({"email": "plain@example.test", "name": {"first_name": "P"}})).await;
    assert_eq!(user.ok()["user"]["name"]["first_name"], "P");
    h.backend(Method::GET, "/v1/users/user-test-nope", None).await.assert_error(404, "user_not_found");
    // Sending to a phone nobody has, without naming a user, is refused.
    h.backend_post("/v1/otps/sms/send", json!({"phone_number": "+15555550999"})).await.assert_error(404, "phone_number_not_found");
}

#[tokio::test]
async fn consumer_user_locks_and_sms_limits_hold() {
    let h = Harness::start().await;
    for _ in 0..10 {
        h.backend_post("/v1/passwords/authenticate", json!({"email": USER_CONSUMER.email, "password": "wrong-password"}))
            .await
            .assert_error(401, "unauthorized_credentials");
    }
    let locked = json!({"email": USER_CONSUMER.email, "password": PASSWORD, "session_duration_minutes": 60});
    h.backend_post("/v1/passwords/authenticate", locked.clone()).await.assert_error(429, "user_lock_limit_reached");
    h.advance_clock(61 * 60).await;
    let p = h.backend_post("/v1/passwords/authenticate", locked).await;
    let token = p.ok()["session_token"].as_str().unwrap().to_string();
    for _ in 0..10 {
        h.backend_post("/v1/otps/sms/send", json!({"phone_number": "+15555550302", "session_token": token})).await.ok();
    }
    h.backend_post("/v1/otps/sms/send", json!({"phone_number": "+15555550302", "session_token": token}))
        .await
        .assert_error(429, "too_many_requests");
    let outbox: Value = h.control_get("/_emulator/outbox?to=%2B15555550302").await;
    assert_eq!(outbox["messages"].as_array().unwrap().len(), 10);
}
