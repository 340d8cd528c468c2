//! The control API behind the console: live sessions and their revocation, an
//! organization's policy edited without the secret, and the whole state exported and
//! imported (including into a fresh emulator, where the exported sessions and their JWTs
//! keep working), with damaged imports refused and nothing changed.

mod common;

use common::*;
use serde_json::{json, Value};

async fn put(h: &Harness, path: &str, body: impl Into<reqwest::Body>) -> Reply {
    let resp = h.http.put(h.url(path)).header("Content-Type", "application/json").body(body).send().await.unwrap();
    Reply::from_response(resp).await
}

#[tokio::test]
async fn sessions_are_listed_with_factors_and_revoked_by_id() {
    let h = Harness::start().await;
    let d = h.password_login(GLOBEX, "optional.member@globex.test").await;
    h.backend_post(
        "/v1/passwords/authenticate",
        json!({"email": USER_CONSUMER.email, "password": PASSWORD, "session_duration_minutes": 30}),
    )
    .await
    .ok();
    let listed = h.control_get("/_emulator/sessions").await;
    let member = &listed["member_sessions"][0];
    assert_eq!(member["email_address"], "optional.member@globex.test");
    assert_eq!(member["authentication_factors"][0]["delivery_method"], "knowledge");
    assert!(member.get("session_token").is_none(), "tokens are not listed");
    assert_eq!(listed["user_sessions"][0]["email"], USER_CONSUMER.email);
    let id = member["member_session_id"].as_str().unwrap();
    let resp = h.http.delete(h.url(&format!("/_emulator/sessions/{id}"))).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    h.post("/b2b/sessions/authenticate", json!({}), d["session_token"].as_str()).await.assert_error(404, "session_not_found");
    let again = h.http.delete(h.url(&format!("/_emulator/sessions/{id}"))).send().await.unwrap();
    Reply::from_response(again).await.assert_error(404, "session_not_found");
}

#[tokio::test]
async fn the_console_edits_an_organizations_policy_with_the_same_rules_as_the_api() {
    let h = Harness::start().await;
    let path = format!("/_emulator/organizations/{GLOBEX}");
    let r = put(
        &h,
        &path,
        json!({"mfa_policy": "REQUIRED_FOR_ALL", "mfa_methods": "RESTRICTED", "allowed_mfa_methods": ["sms_otp"]}).to_string(),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["organization"]["allowed_mfa_methods"], json!(["sms_otp"]));
    assert_eq!(h.password_login(GLOBEX, "optional.member@globex.test").await["member_authenticated"], false);
    put(&h, &path, json!({"mfa_policy": "NEVER"}).to_string()).await.assert_error(400, "bad_request");
    put(&h, "/_emulator/organizations/organization-test-nope", "{}").await.assert_error(404, "organization_not_found");
    let project = h.control_get("/_emulator/project").await;
    assert_eq!(project["secret"], SECRET, "the console shows the local secret");
}

#[tokio::test]
async fn an_export_imports_into_a_fresh_emulator_with_sessions_and_jwts_intact() {
    let a = Harness::start().await;
    let d = a.password_login(GLOBEX, "optional.member@globex.test").await;
    a.control_post("/_emulator/clock", json!({"advance_seconds": 120})).await;
    let export = a.http.get(a.url("/_emulator/state")).send().await.unwrap();
    assert!(export.headers()["content-disposition"].to_str().unwrap().contains("attachment"));
    let bytes = export.bytes().await.unwrap();

    let b = Harness::start().await;
    let r = put(&b, "/_emulator/state", bytes.clone()).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["imported"]["sessions"], 1);
    // The session token works on the new emulator, and its JWT verifies against the new
    // emulator's JWKS (the signing key came along).
    let s = b.post("/b2b/sessions/authenticate", json!({}), d["session_token"].as_str()).await;
    assert_eq!(s.data()["member_session"]["member_session_id"], d["member_session"]["member_session_id"]);
    assert_eq!(b.verify_jwt(d["session_jwt"].as_str().unwrap()).await["sub"], GLOBEX_OPTIONAL.id);
    assert_eq!(b.control_get("/_emulator/clock").await["offset_seconds"], 120);
    // Reset still returns to the seed.
    b.control_post("/_emulator/reset", json!({})).await;
    b.post("/b2b/sessions/authenticate", json!({}), d["session_token"].as_str()).await.assert_error(404, "session_not_found");
}

#[tokio::test]
async fn damaged_imports_are_refused_and_change_nothing() {
    let h = Harness::start().await;
    let d = h.password_login(GLOBEX, "optional.member@globex.test").await;
    let good: Value = h.http.get(h.url("/_emulator/state")).send().await.unwrap().json().await.unwrap();
    let mut dangling = good.clone();
    dangling["world"]["members"].as_object_mut().unwrap().remove(GLOBEX_OPTIONAL.id);
    let mut bad_key = good.clone();
    bad_key["signing_key_pem"] = json!("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    let mut bad_policy = good.clone();
    bad_policy["world"]["organizations"][GLOBEX]["mfa_policy"] = json!("SOMETIMES");
    for body in ["not json".to_string(), "{}".into(), dangling.to_string(), bad_key.to_string(), bad_policy.to_string()] {
        put(&h, "/_emulator/state", body).await.assert_error(400, "invalid_state");
    }
    h.post("/b2b/sessions/authenticate", json!({}), d["session_token"].as_str()).await.data();
}

#[tokio::test]
async fn the_console_page_and_its_script_are_served() {
    let h = Harness::start().await;
    let page = h.http.get(h.url("/")).send().await.unwrap();
    assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    // Relative, so the console also works under a path prefix (the npm package's Service Worker).
    assert!(page.text().await.unwrap().contains(r#"<script src="_console/console.js">"#));
    let js = h.http.get(h.url("/_console/console.js")).send().await.unwrap();
    assert!(js.headers()["content-type"].to_str().unwrap().starts_with("text/javascript"));
}
