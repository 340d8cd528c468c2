//! OAuth and SSO with the emulator as the identity provider, over real HTTP: the start URLs
//! Stytch's clients navigate to, the consent page, the redirect with the token, and the
//! exchange (PKCE checked), answering like any other primary factor.

mod common;

use base64::Engine;
use common::*;
use serde_json::{json, Value};
use sha2::Digest;

const OIDC: &str = ACME_OIDC;
const SAML: &str = GLOBEX_SAML;
const VERIFIER: &str = "3f2a6c0d9b8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a";

fn challenge(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier))
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// Opens the start URL, then "clicks" continue as `email`; returns the redirect's token type and token.
async fn consent(h: &Harness, start: &str, email: &str) -> (String, String) {
    let page = h.http.get(h.url(start)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = page.text().await.unwrap();
    // The form the page submits: its hidden fields, plus the chosen email.
    let mut query = Vec::new();
    for chunk in html.split("<input type=hidden name=\"").skip(1).take(6) {
        let (name, rest) = chunk.split_once("\" value=\"").unwrap();
        let value = rest.split('"').next().unwrap().replace("&amp;", "&");
        query.push((name.to_string(), value));
    }
    query.push(("email".into(), email.into()));
    // Where the page's form goes, as a browser resolves it against the page.
    let target = reqwest::Url::parse(&h.url(start)).unwrap().join(form_action(&html)).unwrap();
    let resp = no_redirects().get(target).query(&query).send().await.unwrap();
    assert_eq!(resp.status(), 302, "{}", resp.text().await.unwrap());
    let location = resp.headers()["location"].to_str().unwrap().to_string();
    let url = reqwest::Url::parse(&location).unwrap();
    assert_eq!(url.host_str(), Some("localhost"), "back to the app: {location}");
    let param = |k: &str| url.query_pairs().find(|(n, _)| n == k).map(|(_, v)| v.to_string()).unwrap();
    (param("stytch_token_type"), param("token"))
}

/// The `action` of the page's first form.
fn form_action(html: &str) -> &str {
    html.split(" action=\"").nth(1).and_then(|rest| rest.split('"').next()).expect("a form with an action")
}

/// Each page's forms name the consent path relative to the page, so that a page served under a
/// prefix (the npm package's Service Worker serves the core under `/stytch/`) sends its form
/// under the same prefix, with no rewriting of the page.
#[tokio::test]
async fn the_consent_forms_name_their_target_relative_to_the_page() {
    let h = Harness::start().await;
    let starts = [
        oauth_start(GLOBEX, true),
        format!("/v1/public/sso/start?public_token={PUBLIC_TOKEN}&connection_id={OIDC}&login_redirect_url=http://localhost:8080/sso"),
        format!("/v1/b2b/public/oauth/github/discovery/start?public_token={PUBLIC_TOKEN}"),
    ];
    for start in starts {
        let page = h.http.get(h.url(&start)).send().await.unwrap();
        assert_eq!(page.status(), 200, "{start}");
        let html = page.text().await.unwrap();
        let under_prefix = reqwest::Url::parse(&format!("http://app.test/stytch{start}")).unwrap();
        assert_eq!(under_prefix.join(form_action(&html)).unwrap().path(), "/stytch/v1/b2b/public/idp/consent", "{start}");
    }
}

fn oauth_start(org: &str, pkce: bool) -> String {
    let c = if pkce { format!("&pkce_code_challenge={}", challenge(VERIFIER)) } else { String::new() };
    format!("/v1/b2b/public/oauth/google/start?public_token={PUBLIC_TOKEN}&organization_id={org}{c}&login_redirect_url=http://localhost:8080/back%3Fkeep%3D1")
}

fn factor(d: &Value) -> Value {
    d["member_session"]["authentication_factors"].as_array().unwrap().last().unwrap().clone()
}

#[tokio::test]
async fn google_oauth_signs_a_member_in_with_pkce() {
    let h = Harness::start().await;
    let (kind, token) = consent(&h, &oauth_start(GLOBEX, true), "optional.member@globex.test").await;
    assert_eq!(kind, "oauth");
    let body = |verifier: Option<&str>| {
        let mut b = json!({"oauth_token": token, "session_duration_minutes": 60});
        if let Some(v) = verifier {
            b["pkce_code_verifier"] = json!(v);
        }
        b
    };
    h.post("/b2b/oauth/authenticate", body(None), None).await.assert_error(400, "pkce_expected_code_verifier");
    h.post("/b2b/oauth/authenticate", body(Some("wrong")), None).await.assert_error(400, "pkce_mismatch");
    let d = h.post("/b2b/oauth/authenticate", body(Some(VERIFIER)), None).await.data().clone();
    assert_eq!(d["member_authenticated"], true);
    let f = factor(&d);
    assert_eq!((f["type"].as_str(), f["delivery_method"].as_str()), (Some("oauth"), Some("oauth_google")));
    assert_eq!(d["provider_values"]["scopes"], json!(["openid", "email", "profile"]));
    h.post("/b2b/oauth/authenticate", body(Some(VERIFIER)), None).await.assert_error(404, "oauth_token_not_found");
}

#[tokio::test]
async fn oidc_sso_into_a_required_mfa_organization_and_saml_through_the_backend_api() {
    let h = Harness::start().await;
    let start =
        format!("/v1/public/sso/start?public_token={PUBLIC_TOKEN}&connection_id={OIDC}&login_redirect_url=http://localhost:8080/sso");
    let (kind, token) = consent(&h, &start, "sms.member@acme.test").await;
    assert_eq!(kind, "sso");
    let d = h.post("/b2b/sso/authenticate", json!({"sso_token": token, "session_duration_minutes": 60}), None).await.data().clone();
    assert_eq!(d["member_authenticated"], false, "Acme requires MFA after SSO too");
    assert_eq!(d["mfa_required"]["secondary_auth_initiated"], "sms_otp");
    // SAML at Globex, exchanged by an app server.
    let start = format!("/v1/public/sso/start?public_token={PUBLIC_TOKEN}&connection_id={SAML}&login_redirect_url=http://localhost:8080/sso&pkce_code_challenge={}", challenge(VERIFIER));
    let (_, token) = consent(&h, &start, "optional.member@globex.test").await;
    let r = h.backend_post("/v1/b2b/sso/authenticate", json!({"sso_token": token, "pkce_code_verifier": VERIFIER})).await;
    let f = factor(r.ok());
    assert_eq!((f["type"].as_str(), f["delivery_method"].as_str()), (Some("sso"), Some("sso_saml")));
    let org = h.backend(reqwest::Method::GET, &format!("/v1/b2b/organizations/{GLOBEX}"), None).await;
    assert_eq!(org.ok()["organization"]["sso_active_connections"][0]["connection_id"], SAML);
    // An OAuth token is no SSO token.
    let (_, oauth) = consent(&h, &oauth_start(GLOBEX, false), "optional.member@globex.test").await;
    h.post("/b2b/sso/authenticate", json!({"sso_token": oauth}), None).await.assert_error(404, "sso_token_not_found");
}

#[tokio::test]
async fn another_account_signs_up_where_the_organization_allows_it() {
    let h = Harness::start().await;
    let (_, token) = consent(&h, &oauth_start(ACME, false), "brand.new@acme.test").await;
    let d = h.post("/b2b/oauth/authenticate", json!({"oauth_token": token}), None).await.data().clone();
    assert_eq!(d["member"]["email_address"], "brand.new@acme.test");
    assert_eq!(d["member"]["email_address_verified"], true);
    assert_eq!(d["member_authenticated"], false, "a new member of Acme must enroll in MFA");
}

#[tokio::test]
async fn bad_starts_are_stytch_errors() {
    let h = Harness::start().await;
    let h = &h;
    let get = |path: String| async move { Reply::from_response(h.http.get(h.url(&path)).send().await.unwrap()).await };
    get(format!("/v1/b2b/public/oauth/google/start?public_token=nope&organization_id={GLOBEX}"))
        .await
        .assert_error(401, "public_token_not_found");
    get(format!("/v1/b2b/public/oauth/myspace/start?public_token={PUBLIC_TOKEN}&organization_id={GLOBEX}"))
        .await
        .assert_error(400, "invalid_oauth_provider");
    get(format!("/v1/b2b/public/oauth/google/start?public_token={PUBLIC_TOKEN}")).await.assert_error(400, "bad_request");
    get(format!("/v1/b2b/public/oauth/google/start?public_token={PUBLIC_TOKEN}&slug=acme&login_redirect_url=javascript:alert(1)"))
        .await
        .assert_error(400, "invalid_login_oauth_url");
    get(format!("/v1/public/sso/start?public_token={PUBLIC_TOKEN}&connection_id=nope")).await.assert_error(404, "sso_connection_not_found");
    get(format!("/v1/b2b/public/idp/consent?flow=sso&connection_id={SAML}&organization_id={ACME}&email=sms.member@acme.test"))
        .await
        .assert_error(400, "sso_connection_organization_mismatch");
    let page = h.http.get(h.url(&format!("/v1/b2b/public/oauth/google/start?public_token={PUBLIC_TOKEN}&slug=acme"))).send().await.unwrap();
    let html = page.text().await.unwrap();
    assert!(html.contains("Continue as Sam Sms (sms.member@acme.test)"), "the page offers the organization's members");
}
