//! Impersonation over real HTTP (scim24): a token minted by the control API (the console's
//! button), spent once by `impersonation.authenticate` on the SDK or backend API for a
//! 60-minute session whose factor says who impersonates, as Stytch's does.

mod common;

use common::*;
use serde_json::{json, Value};

/// A token for `member` of `organization` (the console's impersonator unless named).
async fn mint(h: &Harness, organization: &str, member: &str, impersonator: Option<&str>) -> (u16, Value) {
    let mut body = json!({"organization_id": organization, "member_id": member});
    if let Some(email) = impersonator {
        body["impersonator_email_address"] = json!(email);
    }
    let resp = h.http.post(h.url("/_emulator/impersonation_tokens")).json(&body).send().await.unwrap();
    (resp.status().as_u16(), resp.json().await.unwrap())
}

async fn token(h: &Harness, organization: &str, member: &str) -> String {
    let (status, body) = mint(h, organization, member, Some("support@vendor.test")).await;
    assert_eq!(status, 200, "{body}");
    body["impersonation_token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_token_signs_in_once_as_the_member_with_an_impersonated_factor() {
    let h = Harness::start().await;
    // The member has MFA on: an impersonation is never asked for it (always a session).
    let t = token(&h, SOYLENT, SOYLENT_PLAIN.id).await;
    let signed_in = h.post("/b2b/impersonation/authenticate", json!({"impersonation_token": t}), None).await;
    let d = signed_in.data();
    assert_eq!((d["member_id"].as_str(), d["member_authenticated"].as_bool()), (Some(SOYLENT_PLAIN.id), Some(true)));
    assert_eq!(d["intermediate_session_token"], "");
    let factor = &d["member_session"]["authentication_factors"][0];
    assert_eq!((factor["type"].as_str(), factor["delivery_method"].as_str()), (Some("impersonated"), Some("impersonation")));
    assert_eq!(factor["impersonated_factor"]["impersonator_email_address"], "support@vendor.test");
    assert!(factor["impersonated_factor"]["impersonator_id"].as_str().is_some_and(|id| !id.is_empty()));
    let claims = h.verify_jwt(d["session_jwt"].as_str().unwrap()).await;
    assert_eq!(claims["https://stytch.com/session"]["authentication_factors"][0]["type"], "impersonated");

    // Single use.
    h.post("/b2b/impersonation/authenticate", json!({"impersonation_token": t}), None)
        .await
        .assert_error(401, "unable_to_auth_impersonation_token");
    // The session lasts 60 minutes and is not extended.
    let session = d["session_token"].as_str().unwrap();
    let expires = d["member_session"]["expires_at"].clone();
    let refreshed = h.post("/b2b/sessions/authenticate", json!({"session_duration_minutes": 600}), Some(session)).await;
    assert_eq!(refreshed.data()["member_session"]["expires_at"], expires);
}

#[tokio::test]
async fn the_backend_authenticates_a_token_too() {
    let h = Harness::start().await;
    // The console names no impersonator: the emulator's console is.
    let (status, minted) = mint(&h, ACME, ACME_SMS.id, None).await;
    assert_eq!(status, 200, "{minted}");
    let t = minted["impersonation_token"].as_str().unwrap();
    let signed_in = h.backend_post("/v1/b2b/impersonation/authenticate", json!({"impersonation_token": t})).await;
    let body = signed_in.ok();
    assert_eq!(body["member_id"], ACME_SMS.id);
    assert_eq!(factor_types(&body["member_session"]), ["impersonated"]);
    let factor = &body["member_session"]["authentication_factors"][0]["impersonated_factor"];
    assert_eq!(factor["impersonator_email_address"], "console@stytch-emulator.test");
}

#[tokio::test]
async fn each_refusal_has_its_status_and_type() {
    let h = Harness::start().await;
    let refused = |r: Reply| r.assert_error(401, "unable_to_auth_impersonation_token");
    refused(h.post("/b2b/impersonation/authenticate", json!({"impersonation_token": "never-minted"}), None).await);
    h.post("/b2b/impersonation/authenticate", json!({}), None).await.assert_error(400, "bad_request");
    // A lapsed token.
    let t = token(&h, GLOBEX, GLOBEX_OPTIONAL.id).await;
    h.advance_clock(stytch_emulator::limits::Limits::STYTCH.impersonation_token_seconds).await;
    refused(h.post("/b2b/impersonation/authenticate", json!({"impersonation_token": t}), None).await);
    // A member deleted after the token was minted.
    let t = token(&h, ACME, ACME_NEW.id).await;
    h.backend(reqwest::Method::DELETE, &format!("/v1/b2b/organizations/{ACME}/members/{}", ACME_NEW.id), None).await.ok();
    refused(h.post("/b2b/impersonation/authenticate", json!({"impersonation_token": t}), None).await);
    // Minting for no such member, or with an impersonator that is no email.
    let (status, body) = mint(&h, ACME, "member-test-nope", None).await;
    assert_eq!((status, body["error_type"].as_str()), (404, Some("member_not_found")));
    let (status, body) = mint(&h, ACME, ACME_SMS.id, Some("not an email")).await;
    assert_eq!((status, body["error_type"].as_str()), (400, Some("invalid_email")));
}
