//! OAuth discovery over real HTTP (#22 flows): the discovery starts of every provider the
//! emulator plays (Google, Microsoft, GitHub, HubSpot, Slack), the emulated provider's page,
//! and `oauth.discovery.authenticate` answering a discovery intermediate session.

mod common;

use base64::Engine;
use common::*;
use serde_json::json;
use sha2::Digest;

const VERIFIER: &str = "a-pkce-verifier-of-at-least-forty-three-characters-0000";

fn challenge() -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(VERIFIER))
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

fn start(provider: &str, pkce: bool) -> String {
    let c = if pkce { format!("&pkce_code_challenge={}", challenge()) } else { String::new() };
    format!("/v1/b2b/public/oauth/{provider}/discovery/start?public_token={PUBLIC_TOKEN}{c}")
}

/// Opens the discovery start, then continues as `email`; the redirect's token type and token.
async fn consent(h: &Harness, start: &str, email: &str) -> (String, String) {
    let page = h.http.get(h.url(start)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    let mut query = Vec::new();
    for chunk in html.split("<input type=hidden name=\"").skip(1) {
        let (name, rest) = chunk.split_once("\" value=\"").unwrap();
        query.push((name.to_string(), rest.split('"').next().unwrap().replace("&amp;", "&")));
    }
    query.push(("email".into(), email.into()));
    let resp = no_redirects().get(h.url("/v1/b2b/public/idp/consent")).query(&query).send().await.unwrap();
    assert_eq!(resp.status(), 302, "{}", resp.text().await.unwrap());
    let url = reqwest::Url::parse(resp.headers()["location"].to_str().unwrap()).unwrap();
    assert_eq!(url.path(), "/authenticate", "the project's default DISCOVERY URL");
    let param = |k: &str| url.query_pairs().find(|(n, _)| n == k).map(|(_, v)| v.to_string()).unwrap();
    (param("stytch_token_type"), param("token"))
}

#[tokio::test]
async fn every_provider_starts_a_discovery_login() {
    let h = Harness::start().await;
    for (provider, provider_type) in
        [("google", "Google"), ("microsoft", "Microsoft"), ("github", "Github"), ("hubspot", "HubSpot"), ("slack", "Slack")]
    {
        let (kind, token) = consent(&h, &start(provider, false), PIEDPIPER_SHARED.email).await;
        assert_eq!(kind, "discovery_oauth");
        let r = h.post("/b2b/oauth/discovery/authenticate", json!({"discovery_oauth_token": token}), None).await;
        let d = r.data();
        assert_eq!(d["provider_type"], provider_type);
        assert_eq!(d["email_address"], PIEDPIPER_SHARED.email);
        assert_eq!((d["provider_tenant_ids"].clone(), d["full_name"].clone()), (json!([]), json!("")));
        assert_eq!(d["discovered_organizations"].as_array().unwrap().len(), 2);
        let ist = d["intermediate_session_token"].as_str().unwrap();
        let entered = h.enter_organization(ist, PIEDPIPER).await;
        let f = &entered.data()["member_session"]["authentication_factors"][0];
        assert_eq!((f["type"].as_str(), f["delivery_method"].as_str()), (Some("oauth"), Some(format!("oauth_{provider}").as_str())));
    }
}

#[tokio::test]
async fn the_backend_authenticates_with_pkce() {
    let h = Harness::start().await;
    let (_, token) = consent(&h, &start("google", true), "someone@piedpiper.test").await;
    h.backend_post("/v1/b2b/oauth/discovery/authenticate", json!({"discovery_oauth_token": token}))
        .await
        .assert_error(400, "pkce_expected_code_verifier");
    let r = h
        .backend_post("/v1/b2b/oauth/discovery/authenticate", json!({"discovery_oauth_token": token, "pkce_code_verifier": VERIFIER}))
        .await;
    let found = r.ok();
    assert_eq!(found["discovered_organizations"][0]["membership"]["type"], "eligible_to_join_by_email_domain");
    // Single use.
    h.backend_post("/v1/b2b/oauth/discovery/authenticate", json!({"discovery_oauth_token": token, "pkce_code_verifier": VERIFIER}))
        .await
        .assert_error(404, "oauth_token_not_found");
    // Google verifies the email: the IST joins Pied Piper by its domain.
    let ist = found["intermediate_session_token"].as_str().unwrap();
    let entered = h.enter_organization(ist, PIEDPIPER).await;
    assert_eq!(entered.data()["member"]["status"], "active");
}

#[tokio::test]
async fn a_provider_that_does_not_verify_emails_does_not_join_by_domain() {
    let h = Harness::start().await;
    let (_, token) = consent(&h, &start("github", false), "someone@piedpiper.test").await;
    let r = h.post("/b2b/oauth/discovery/authenticate", json!({"discovery_oauth_token": token}), None).await;
    let ist = r.data()["intermediate_session_token"].as_str().unwrap().to_string();
    h.post("/b2b/discovery/intermediate_sessions/exchange", json!({"intermediate_session_token": ist, "organization_id": PIEDPIPER}), None)
        .await
        .assert_error(404, "member_not_found");
}

#[tokio::test]
async fn discovery_start_and_authenticate_refusals() {
    let h = Harness::start().await;
    let r = Reply::from_response(h.http.get(h.url(&start("myspace", false))).send().await.unwrap()).await;
    r.assert_error(400, "invalid_oauth_provider");
    let wrong_token = "/v1/b2b/public/oauth/google/discovery/start?public_token=public-token-test-wrong";
    Reply::from_response(h.http.get(h.url(wrong_token)).send().await.unwrap()).await.assert_error(401, "public_token_not_found");
    let foreign = format!("{}&discovery_redirect_url=https://evil.test/", start("google", false));
    Reply::from_response(h.http.get(h.url(&foreign)).send().await.unwrap()).await.assert_error(400, "no_match_for_provided_oauth_url");
    h.post("/b2b/oauth/discovery/authenticate", json!({"discovery_oauth_token": "nope"}), None)
        .await
        .assert_error(404, "oauth_token_not_found");
    h.post("/b2b/oauth/discovery/authenticate", json!({"discovery_oauth_token": ""}), None).await.assert_error(400, "bad_request");
    // An organization's OAuth token is not a discovery token.
    h.post("/b2b/magic_links/email/discovery/send", json!({"email_address": "a@b.test"}), None).await.data();
    let outbox = h.control_get("/_emulator/outbox?to=a@b.test").await;
    let link = outbox["messages"][0]["magic_link_token"].as_str().unwrap().to_string();
    h.post("/b2b/oauth/discovery/authenticate", json!({"discovery_oauth_token": link}), None)
        .await
        .assert_error(404, "oauth_token_not_found");
}

/// The organization starts (`oauth.github.start()` and the like) play the new providers too;
/// their factor names the provider, and a RESTRICTED organization that allows one takes it.
#[tokio::test]
async fn github_hubspot_and_slack_sign_a_member_into_an_organization() {
    let h = Harness::start().await;
    let restrict = json!({"auth_methods": "RESTRICTED", "allowed_auth_methods": ["slack_oauth", "github_oauth", "hubspot_oauth"]});
    h.backend(reqwest::Method::PUT, &format!("/v1/b2b/organizations/{GLOBEX}"), Some(restrict)).await.ok();
    for (provider, provider_type) in [("github", "Github"), ("hubspot", "HubSpot"), ("slack", "Slack")] {
        let start = format!("/v1/b2b/public/oauth/{provider}/start?public_token={PUBLIC_TOKEN}&organization_id={GLOBEX}");
        let page = h.http.get(h.url(&start)).send().await.unwrap();
        let html = page.text().await.unwrap();
        let mut query = Vec::new();
        for chunk in html.split("<form id=other").nth(1).unwrap().split("<input type=hidden name=\"").skip(1) {
            let (name, rest) = chunk.split_once("\" value=\"").unwrap();
            query.push((name.to_string(), rest.split('"').next().unwrap().replace("&amp;", "&")));
        }
        query.push(("email".into(), GLOBEX_OPTIONAL.email.into()));
        let resp = no_redirects().get(h.url("/v1/b2b/public/idp/consent")).query(&query).send().await.unwrap();
        let url = reqwest::Url::parse(resp.headers()["location"].to_str().unwrap()).unwrap();
        let token = url.query_pairs().find(|(n, _)| n == "token").unwrap().1.to_string();
        let r = h.post("/b2b/oauth/authenticate", json!({"oauth_token": token, "session_duration_minutes": 60}), None).await;
        let d = r.data();
        assert_eq!(d["provider_type"], provider_type);
        assert_eq!(d["member_authenticated"], true, "{d}");
        let f = &d["member_session"]["authentication_factors"][0];
        assert_eq!(f["delivery_method"], format!("oauth_{provider}"));
        assert!(f[format!("{provider}_oauth_factor")].is_object(), "{f}");
    }
}
