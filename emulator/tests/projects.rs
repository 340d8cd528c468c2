//! The two projects, kept apart as Stytch keeps a B2B and a consumer project apart: each has
//! its own id, secret, public token and session-signing key, so a member's session JWT is
//! not a consumer session (neither locally, against the consumer JWKS, nor remotely), and
//! each backend API takes only its own project's credentials.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

async fn consumer_login(h: &Harness) -> Value {
    let body = json!({"email": USER_CONSUMER.email, "password": PASSWORD, "session_duration_minutes": 30});
    h.backend_post("/v1/passwords/authenticate", body).await.ok().clone()
}

fn kid(jwks: &Value) -> String {
    jwks["keys"][0]["kid"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_member_session_jwt_is_not_a_consumer_session_jwt_and_the_other_way_round() {
    let h = Harness::start().await;
    let b2b_jwks = format!("/v1/b2b/sessions/jwks/{PROJECT_ID}");
    let consumer_jwks = format!("/v1/sessions/jwks/{CONSUMER_PROJECT_ID}");
    assert_ne!(kid(&h.control_get(&b2b_jwks).await), kid(&h.control_get(&consumer_jwks).await), "two signing keys");

    let member_jwt = h.password_login(GLOBEX, "optional.member@globex.test").await["session_jwt"].as_str().unwrap().to_string();
    let member = h.verify_jwt_at(&member_jwt, &b2b_jwks, PROJECT_ID).await.unwrap();
    assert_eq!(member["iss"], format!("stytch.com/{PROJECT_ID}"));
    // What the consumer Node SDK does locally: the consumer project's JWKS has no key for it,
    // and its issuer and audience are not the consumer project.
    let refused = h.verify_jwt_at(&member_jwt, &consumer_jwks, CONSUMER_PROJECT_ID).await.unwrap_err();
    assert!(refused.contains("kid"), "{refused}");
    assert!(h.verify_jwt_at(&member_jwt, &b2b_jwks, CONSUMER_PROJECT_ID).await.is_err(), "issuer and audience are the B2B project's");
    // And remotely, on the consumer API.
    h.backend_post("/v1/sessions/authenticate", json!({"session_jwt": member_jwt})).await.assert_error(401, "invalid_session_jwt");

    let consumer_jwt = consumer_login(&h).await["session_jwt"].as_str().unwrap().to_string();
    let user = h.verify_jwt_at(&consumer_jwt, &consumer_jwks, CONSUMER_PROJECT_ID).await.unwrap();
    assert_eq!(user["iss"], format!("stytch.com/{CONSUMER_PROJECT_ID}"));
    assert_eq!(user["aud"], json!([CONSUMER_PROJECT_ID]));
    assert_eq!(user["sub"], USER_CONSUMER.id);
    assert!(h.verify_jwt_at(&consumer_jwt, &b2b_jwks, PROJECT_ID).await.is_err());
    h.backend_post("/v1/b2b/sessions/authenticate", json!({"session_jwt": consumer_jwt})).await.assert_error(401, "invalid_session_jwt");
}

#[tokio::test]
async fn each_jwks_serves_its_own_project_only() {
    let h = Harness::start().await;
    for path in [format!("/v1/sessions/jwks/{PROJECT_ID}"), format!("/v1/b2b/sessions/jwks/{CONSUMER_PROJECT_ID}")] {
        let resp = h.http.get(h.url(&path)).send().await.unwrap();
        Reply::from_response(resp).await.assert_error(404, "project_not_found");
    }
}

#[tokio::test]
async fn each_backend_api_takes_its_own_projects_credentials_only() {
    let h = Harness::start().await;
    let consumer_routes: [(Method, String, Option<Value>); 5] = [
        (Method::POST, "/v1/users".into(), Some(json!({"email": "someone@example.test"}))),
        (Method::GET, format!("/v1/users/{}", USER_CONSUMER.id), None),
        (Method::POST, "/v1/passwords/authenticate".into(), Some(json!({"email": USER_CONSUMER.email, "password": PASSWORD}))),
        (Method::POST, "/v1/otps/sms/send".into(), Some(json!({"phone_number": "+15555550388", "user_id": USER_CONSUMER.id}))),
        (Method::GET, format!("/v1/sessions?user_id={}", USER_CONSUMER.id), None),
    ];
    for (method, path, body) in consumer_routes {
        let r = h.backend_as(&backend_auth(), method.clone(), &path, body.clone()).await;
        r.assert_error(401, "unauthorized_credentials");
        assert!(r.body["error_message"].as_str().unwrap().contains("B2B project's credentials"), "{}", r.body);
        assert!(h.backend_as(&consumer_auth(), method, &path, body).await.status < 300, "{path} takes the consumer project's");
    }
    let b2b_path = format!("/v1/b2b/organizations/{ACME}");
    let r = h.backend_as(&consumer_auth(), Method::GET, &b2b_path, None).await;
    r.assert_error(401, "unauthorized_credentials");
    assert!(r.body["error_message"].as_str().unwrap().contains("consumer project's credentials"), "{}", r.body);
    h.backend_as(&backend_auth(), Method::GET, &b2b_path, None).await.ok();
    // A consumer id with the B2B secret (or the other way round) is nobody's.
    let mixed =
        format!("Basic {}", base64::Engine::encode(&base64::engine::general_purpose::STANDARD, format!("{CONSUMER_PROJECT_ID}:{SECRET}")));
    h.backend_as(&mixed, Method::GET, &format!("/v1/users/{}", USER_CONSUMER.id), None).await.assert_error(401, "unauthorized_credentials");

    // The consumer project has no frontend-SDK API here: its public token is refused as an
    // unknown one is, by bootstrap and by the SDK routes.
    let resp = h.http.get(h.url(&format!("/sdk/v1/projects/bootstrap/{CONSUMER_PUBLIC_TOKEN}"))).send().await.unwrap();
    Reply::from_response(resp).await.assert_error(401, "unauthorized_credentials");
    let consumer_sdk = format!(
        "Basic {}",
        base64::Engine::encode(&base64::engine::general_purpose::STANDARD, format!("{CONSUMER_PUBLIC_TOKEN}:{CONSUMER_PUBLIC_TOKEN}"))
    );
    let resp = h
        .http
        .post(h.url("/sdk/v1/b2b/sessions/authenticate"))
        .header("Authorization", consumer_sdk)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    Reply::from_response(resp).await.assert_error(401, "unauthorized_credentials");
}

#[tokio::test]
async fn the_ready_credentials_and_the_console_name_both_projects() {
    let h = Harness::start().await;
    let c = &h.emulator.consumer;
    assert_eq!(
        (c.project_id.as_str(), c.public_token.as_str(), c.secret.as_str()),
        (CONSUMER_PROJECT_ID, CONSUMER_PUBLIC_TOKEN, CONSUMER_SECRET)
    );
    let ready: Value = serde_json::from_str(&h.emulator.ready_line()).unwrap();
    assert_eq!(ready["project_id"], PROJECT_ID);
    assert_eq!(
        ready["consumer"],
        json!({"project_id": CONSUMER_PROJECT_ID, "public_token": CONSUMER_PUBLIC_TOKEN, "secret": CONSUMER_SECRET})
    );
    let project = h.control_get("/_emulator/project").await;
    assert_eq!(project["secret"], SECRET);
    assert_eq!(project["consumer"]["project_id"], CONSUMER_PROJECT_ID);
    assert_eq!(project["consumer"]["secret"], CONSUMER_SECRET);
}

/// At Stytch the projects are separate, so texting a number from one does not use up the
/// other's allowance for it.
#[tokio::test]
async fn sms_sends_to_one_number_are_counted_per_project() {
    let h = Harness::start_with_limits(json!({"sms_sends_per_phone": 1})).await;
    // The member's login texts their phone, which uses up its allowance in the B2B project.
    let ist = h.password_login(ACME, ACME_SMS.email).await["intermediate_session_token"].as_str().unwrap().to_string();
    h.post("/b2b/otps/sms/send", json!({"organization_id": ACME, "member_id": ACME_SMS.id, "intermediate_session_token": ist}), None)
        .await
        .assert_error(429, "too_many_requests");
    let body = json!({"phone_number": ACME_SMS.phone, "session_token": consumer_login(&h).await["session_token"]});
    h.backend_post("/v1/otps/sms/send", body.clone()).await.ok();
    h.backend_post("/v1/otps/sms/send", body).await.assert_error(429, "too_many_requests");
}

/// A state file written before the consumer project existed (no `consumer_project`, no
/// consumer key) still starts: the built-in seed's consumer project, a fresh key, and a note.
#[test]
fn a_state_file_from_before_the_consumer_project_loads_with_a_new_key_and_says_so() {
    use std::io::{BufRead, BufReader, Read};
    let dir = std::env::temp_dir().join(format!("stytch-emulator-old-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("state.json");
    let _ = std::fs::remove_file(&state);
    {
        let first = spawn(&["--port", "0", "--state", state.to_str().unwrap()]);
        drop(first);
    }
    let mut old: Value = serde_json::from_slice(&std::fs::read(&state).unwrap()).unwrap();
    let b2b_pem = old["signing_key_pem"].clone();
    old.as_object_mut().unwrap().remove("consumer_signing_key_pem").expect("written by this emulator");
    old["world"].as_object_mut().unwrap().remove("consumer_project").expect("written by this emulator");
    std::fs::write(&state, old.to_string()).unwrap();

    let mut child = emulator_process()
        .args(["--port", "0", "--state", state.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let ready: Value = serde_json::from_str(&line).unwrap_or_else(|_| panic!("ready line is JSON: {line:?}"));
    assert_eq!(ready["consumer"]["project_id"], CONSUMER_PROJECT_ID);
    let saved: Value = serde_json::from_slice(&std::fs::read(&state).unwrap()).unwrap();
    assert!(saved["consumer_signing_key_pem"].as_str().is_some_and(|p| p.contains("PRIVATE KEY")), "the new key is saved");
    assert_eq!(saved["signing_key_pem"], b2b_pem, "the B2B key is kept");
    let _ = child.kill();
    let _ = child.wait();
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert!(err.contains("no consumer signing key") && err.contains("a new one was generated"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
