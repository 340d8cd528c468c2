//! The control API answers exactly the shapes of `stytch_testkit::control` (the protocol
//! crate's `control` types the emulator builds them from): every answer, read as its type and
//! written back, is the JSON the emulator sent, field for field.

mod common;

use common::*;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::{json, Value};
use stytch_testkit::control as ctl;

/// Reads `body` as `T` and writes it back: equal only when `T` names every field the answer
/// has, with the answer's types.
fn round_trips<T: DeserializeOwned + Serialize>(what: &str, body: &Value) {
    let typed: T = serde_json::from_value(body.clone()).unwrap_or_else(|e| panic!("{what}: {e}\n{body}"));
    assert_eq!(&serde_json::to_value(typed).unwrap(), body, "{what}");
}

#[tokio::test]
async fn every_control_answer_is_its_testkit_type() {
    let h = Harness::start().await;
    // Something in every list: a member and a user session, an SMS, a fault, logged requests.
    let login = h.password_login(ACME, ACME_SMS.email).await;
    h.password_login(GLOBEX, GLOBEX_OPTIONAL.email).await;
    h.backend_post(
        "/v1/passwords/authenticate",
        json!({"email": USER_CONSUMER.email, "password": PASSWORD, "session_duration_minutes": 30}),
    )
    .await
    .ok();
    assert!(login["intermediate_session_token"].is_string(), "an SMS was sent");
    let faults = h.control_post("/_emulator/faults", json!({"path": "/b2b/nothing", "status": 503, "times": 1})).await;
    h.post("/b2b/sessions/authenticate", json!({}), Some("not-a-session")).await;
    h.http.post(h.url("/sdk/v1/b2b/sessions/authenticate")).header("Authorization", "Bearer x").send().await.unwrap();

    round_trips::<ctl::Faults>("faults", &faults);
    round_trips::<ctl::Organizations>("organizations", &h.control_get("/_emulator/organizations").await);
    round_trips::<ctl::Outbox>("outbox", &h.control_get("/_emulator/outbox").await);
    round_trips::<ctl::Clock>("clock", &h.control_get("/_emulator/clock").await);
    // members (#22).
    round_trips::<ctl::FrontendSdk>("frontend_sdk", &h.control_get("/_emulator/frontend_sdk").await);
    round_trips::<ctl::RbacPolicy>("rbac_policy", &h.control_get("/_emulator/rbac_policy").await);
    // console22: the policy editor answers the policy it stored.
    let policy = h.control_get("/_emulator/rbac_policy").await;
    round_trips::<ctl::RbacPolicy>("rbac_policy edit", &h.control_put("/_emulator/rbac_policy", policy).await);
    round_trips::<ctl::Clock>("advance clock", &h.control_post("/_emulator/clock", json!({"advance_seconds": 60})).await);
    round_trips::<ctl::Requests>("requests", &h.control_get("/_emulator/requests").await);
    round_trips::<ctl::Project>("project", &h.control_get("/_emulator/project").await);
    round_trips::<ctl::Users>("users", &h.control_get("/_emulator/users").await);
    round_trips::<ctl::RedirectUrls>("redirect urls", &h.control_get("/_emulator/redirect_urls").await);
    let sessions = h.control_get("/_emulator/sessions").await;
    round_trips::<ctl::Sessions>("sessions", &sessions);
    let org =
        h.http.put(h.url(&format!("/_emulator/organizations/{GLOBEX}"))).json(&json!({"mfa_policy": "OPTIONAL"})).send().await.unwrap();
    round_trips::<ctl::UpdatedOrganization>("organization update", &org.json().await.unwrap());
    let export = h.http.get(h.url("/_emulator/state")).send().await.unwrap().bytes().await.unwrap();
    let imported: Value = h
        .http
        .put(h.url("/_emulator/state"))
        .header("Content-Type", "application/json")
        .body(export)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    round_trips::<ctl::Imported>("import", &imported);
    let id = sessions["user_sessions"][0]["session_id"].as_str().unwrap();
    let revoked: Value = h.http.delete(h.url(&format!("/_emulator/sessions/{id}"))).send().await.unwrap().json().await.unwrap();
    round_trips::<ctl::Revoked>("revoke", &revoked);
    // scim24: an impersonation token.
    let request =
        ctl::ImpersonationTokenRequest { organization_id: ACME.into(), member_id: ACME_SMS.id.into(), impersonator_email_address: None };
    round_trips::<ctl::ImpersonationToken>("impersonation token", &h.control_post("/_emulator/impersonation_tokens", json!(request)).await);
    round_trips::<ctl::Reset>("reset", &h.control_post("/_emulator/reset", json!({})).await);

    // The lists were not empty, so their items' shapes were checked too.
    let sessions: ctl::Sessions = serde_json::from_value(sessions).unwrap();
    assert_eq!((sessions.member_sessions.len(), sessions.user_sessions.len()), (1, 1));
    let requests: ctl::Requests = serde_json::from_value(h.control_get("/_emulator/requests").await).unwrap();
    assert!(requests.requests.is_empty(), "reset clears the log");
}

/// dfp24: the DFP Protected Auth and captcha settings, the queue, and a request log entry with
/// what the check decided.
#[tokio::test]
async fn the_protected_auth_answers_are_their_testkit_types() {
    let h = Harness::start().await;
    let settings = json!({"dfp_protected_auth": {"enabled": true, "mode": "OBSERVATION", "on_challenge": "TRIGGER_CAPTCHA"},
                          "captcha": {"enabled": true, "site_key": "site-key-test"}});
    round_trips::<ctl::ProtectedAuthSettings>("protected_auth put", &h.control_put("/_emulator/protected_auth", settings).await);
    round_trips::<ctl::ProtectedAuthSettings>("protected_auth", &h.control_get("/_emulator/protected_auth").await);
    let queued = h.control_post("/_emulator/protected_auth/queue", json!({"verdicts": ["BLOCK"], "captcha_outcomes": ["fail"]})).await;
    round_trips::<ctl::ProtectedAuthQueue>("protected_auth queue", &queued);
    h.password_login(GLOBEX, GLOBEX_OPTIONAL.email).await;
    let requests = h.control_get("/_emulator/requests").await;
    assert_eq!(requests["requests"][0]["protected_auth"]["dfp_mode"], "OBSERVATION", "{requests}");
    round_trips::<ctl::Requests>("requests with a check", &requests);
}
