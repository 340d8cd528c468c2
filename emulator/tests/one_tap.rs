//! Google One Tap over real HTTP (onetap24, issue #24): the SDK API's start and submits as
//! Stytch's client calls them around Google's prompt, with ID tokens from the emulator's
//! stand-in for Google Identity Services (`/gsi/credential`, signed by the key `/gsi/certs`
//! publishes), verified as Stytch verifies Google's; the redirect's token spent by
//! `oauth.authenticate` / `oauth.discovery.authenticate` with the PKCE verifier.

mod common;

use base64::Engine;
use common::*;
use serde_json::{json, Value};
use sha2::Digest;

const VERIFIER: &str = "a-pkce-verifier-of-at-least-forty-three-characters-0000";
const LOCAL_CLIENT_ID: &str = "local-google-client-id.apps.emulator.test";
/// The local Google key (kept in the source: it stands for Google's, see `google.rs`), for
/// tokens the credential endpoint would never mint.
const LOCAL_GOOGLE_KEY: &str = include_str!("../core/src/local_google.pem");

fn challenge() -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(VERIFIER))
}

/// `POST /gsi/credential`: what the stand-in's prompt asks for when `email` continues.
async fn credential_reply(h: &Harness, client_id: &str, email: &str) -> Reply {
    let resp = h.http.post(h.url("/gsi/credential")).json(&json!({"client_id": client_id, "email": email})).send().await.unwrap();
    Reply::from_response(resp).await
}

async fn id_token(h: &Harness, email: &str) -> String {
    let r = credential_reply(h, LOCAL_CLIENT_ID, email).await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body["credential"].as_str().unwrap().to_string()
}

/// An ID token signed by the local Google key with these claims (what only a forger holding
/// the key could send).
fn signed(claims: Value) -> String {
    use rsa::pkcs1::EncodeRsaPrivateKey;
    use rsa::pkcs8::DecodePrivateKey;
    let der = rsa::RsaPrivateKey::from_pkcs8_pem(LOCAL_GOOGLE_KEY).unwrap().to_pkcs1_der().unwrap();
    let key = jsonwebtoken::EncodingKey::from_rsa_der(der.as_bytes());
    jsonwebtoken::encode(&jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256), &claims, &key).unwrap()
}

/// Claims as Google's (and the stand-in's) ID tokens carry them, valid now.
async fn google_claims(h: &Harness, email: &str) -> Value {
    let now = h.now_unix().await;
    json!({"iss": "https://accounts.google.com", "aud": LOCAL_CLIENT_ID, "azp": LOCAL_CLIENT_ID, "sub": "123",
           "email": email, "email_verified": true, "iat": now, "exp": now + 3600})
}

async fn submit(h: &Harness, organization_id: &str, id_token: &str, pkce: bool) -> Reply {
    let mut body = json!({"id_token": id_token, "organization_id": organization_id});
    if pkce {
        body["pkce_code_challenge"] = json!(challenge());
    }
    h.post("/b2b/oauth/google/onetap/submit", body, None).await
}

/// The redirect URL's `stytch_token_type` and `token`, and the URL without its query.
fn token_of(redirect_url: &str) -> (String, String, String) {
    let url = reqwest::Url::parse(redirect_url).unwrap();
    let param = |k: &str| url.query_pairs().find(|(n, _)| n == k).map(|(_, v)| v.to_string()).unwrap();
    (param("stytch_token_type"), param("token"), format!("{}{}", url.origin().ascii_serialization(), url.path()))
}

async fn authenticate(h: &Harness, token: &str, verifier: Option<&str>) -> Reply {
    let mut body = json!({"oauth_token": token, "session_duration_minutes": 60});
    if let Some(v) = verifier {
        body["pkce_code_verifier"] = json!(v);
    }
    h.post("/b2b/oauth/authenticate", body, None).await
}

#[tokio::test]
async fn start_answers_the_projects_google_client_id_and_an_empty_one_turns_one_tap_off() {
    let h = Harness::start().await;
    assert_eq!(h.get("/b2b/oauth/google/onetap/start", None).await.data()["google_client_id"], LOCAL_CLIENT_ID);
    assert_eq!(h.control_get("/_emulator/project").await["google_client_id"], LOCAL_CLIENT_ID);
    let token = id_token(&h, GLOBEX_OPTIONAL.email).await;

    let off = h.control_put("/_emulator/google_one_tap", json!({"google_client_id": ""})).await;
    assert_eq!((off["google_client_id"].as_str(), off["local_client_id"].as_str()), (Some(""), Some(LOCAL_CLIENT_ID)));
    assert_eq!(h.get("/b2b/oauth/google/onetap/start", None).await.data()["google_client_id"], "");
    submit(&h, GLOBEX, &token, true).await.assert_error(404, "oauth_config_not_found");
    let body = json!({"id_token": token});
    h.post("/b2b/oauth/google/onetap/discovery/submit", body, None).await.assert_error(404, "oauth_config_not_found");
    credential_reply(&h, "", GLOBEX_OPTIONAL.email).await.assert_error(400, "invalid_client_id");

    // A client id with spaces is refused; the local one turns One Tap back on.
    let bad = h.http.put(h.url("/_emulator/google_one_tap")).json(&json!({"google_client_id": "has space"})).send().await.unwrap();
    Reply::from_response(bad).await.assert_error(400, "bad_request");
    h.control_put("/_emulator/google_one_tap", json!({"google_client_id": LOCAL_CLIENT_ID})).await;
    assert_eq!(submit(&h, GLOBEX, &token, true).await.status, 200);
}

#[tokio::test]
async fn an_existing_member_signs_in_with_the_pkce_verifier_and_the_token_is_spent_once() {
    let h = Harness::start().await;
    let token = id_token(&h, GLOBEX_OPTIONAL.email).await;
    let r = submit(&h, GLOBEX, &token, true).await;
    let (kind, oauth_token, base) = token_of(r.data()["redirect_url"].as_str().unwrap());
    assert_eq!((kind.as_str(), base.as_str()), ("oauth", "http://localhost:3000/authenticate"), "the default LOGIN URL");

    authenticate(&h, &oauth_token, None).await.assert_error(400, "pkce_expected_code_verifier");
    authenticate(&h, &oauth_token, Some("wrong")).await.assert_error(400, "pkce_mismatch");
    let d = authenticate(&h, &oauth_token, Some(VERIFIER)).await.data().clone();
    assert_eq!((d["member_authenticated"].as_bool(), d["member_id"].as_str()), (Some(true), Some(GLOBEX_OPTIONAL.id)));
    let f = &d["member_session"]["authentication_factors"][0];
    assert_eq!((f["type"].as_str(), f["delivery_method"].as_str()), (Some("oauth"), Some("oauth_google")));
    // The Google account's id is the ID token's `sub`, the same at every sign-in.
    let certs = h.control_get("/gsi/certs").await;
    let sub = verify_google(&token, &certs)["sub"].clone();
    assert_eq!(f["google_oauth_factor"]["provider_subject"], sub);
    assert_eq!(d["provider_subject"], sub);
    authenticate(&h, &oauth_token, Some(VERIFIER)).await.assert_error(404, "oauth_token_not_found");
}

/// The ID token's claims, verified against the JWKS `/gsi/certs` serves (as a backend verifies
/// Google's against Google's certificates).
fn verify_google(token: &str, certs: &Value) -> Value {
    let kid = jsonwebtoken::decode_header(token).unwrap().kid.unwrap();
    let key = certs["keys"].as_array().unwrap().iter().find(|k| k["kid"] == kid.as_str()).expect("the token's key is published");
    let dk = jsonwebtoken::DecodingKey::from_rsa_components(key["n"].as_str().unwrap(), key["e"].as_str().unwrap()).unwrap();
    let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    v.set_audience(&[LOCAL_CLIENT_ID]);
    v.set_issuer(&["https://accounts.google.com"]);
    v.validate_exp = false;
    let claims = jsonwebtoken::decode::<Value>(token, &dk, &v).unwrap().claims;
    assert_eq!(claims["email_verified"], true);
    claims
}

#[tokio::test]
async fn a_new_email_signs_up_where_the_organization_lets_it_and_nowhere_else() {
    let h = Harness::start().await;
    // Pied Piper lets in new members of its own email domain only.
    let outsider = id_token(&h, "outsider@elsewhere.test").await;
    submit(&h, PIEDPIPER, &outsider, true).await.assert_error(403, "email_jit_provisioning_not_allowed");
    let token = id_token(&h, "newcomer@piedpiper.test").await;
    let redirect = json!({"id_token": token, "organization_id": PIEDPIPER,
                          "signup_redirect_url": "http://localhost:5173/welcome", "pkce_code_challenge": challenge()});
    let r = h.post("/b2b/oauth/google/onetap/submit", redirect, None).await;
    let (kind, oauth_token, base) = token_of(r.data()["redirect_url"].as_str().unwrap());
    assert_eq!((kind.as_str(), base.as_str()), ("oauth", "http://localhost:5173/welcome"), "a new member goes to the sign-up URL");
    let d = authenticate(&h, &oauth_token, Some(VERIFIER)).await.data().clone();
    assert_eq!(d["member"]["email_address"], "newcomer@piedpiper.test");
    assert_eq!((d["member"]["status"].as_str(), d["member_authenticated"].as_bool()), (Some("active"), Some(true)));
}

#[tokio::test]
async fn discovery_submit_answers_a_discovery_token_for_the_google_account() {
    let h = Harness::start().await;
    let token = id_token(&h, PIEDPIPER_SHARED.email).await;
    let body = json!({"id_token": token, "pkce_code_challenge": challenge()});
    let r = h.post("/b2b/oauth/google/onetap/discovery/submit", body, None).await;
    let (kind, discovery_token, base) = token_of(r.data()["redirect_url"].as_str().unwrap());
    assert_eq!((kind.as_str(), base.as_str()), ("discovery_oauth", "http://localhost:3000/authenticate"), "the default DISCOVERY URL");
    let spend = |verifier: Option<&str>| {
        let mut b = json!({"discovery_oauth_token": discovery_token});
        if let Some(v) = verifier {
            b["pkce_code_verifier"] = json!(v);
        }
        b
    };
    h.post("/b2b/oauth/discovery/authenticate", spend(None), None).await.assert_error(400, "pkce_expected_code_verifier");
    let d = h.post("/b2b/oauth/discovery/authenticate", spend(Some(VERIFIER)), None).await.data().clone();
    assert_eq!((d["email_address"].as_str(), d["provider_type"].as_str()), (Some(PIEDPIPER_SHARED.email), Some("Google")));
    assert_eq!(d["discovered_organizations"].as_array().unwrap().len(), 2);
    let entered = h.enter_organization(d["intermediate_session_token"].as_str().unwrap(), PIEDPIPER).await;
    let f = &entered.data()["member_session"]["authentication_factors"][0];
    let sub = verify_google(&token, &h.control_get("/gsi/certs").await)["sub"].clone();
    assert_eq!(f["google_oauth_factor"]["provider_subject"], sub, "the ID token's sub");
    h.post("/b2b/oauth/discovery/authenticate", spend(Some(VERIFIER)), None).await.assert_error(404, "oauth_token_not_found");
}

#[tokio::test]
async fn id_tokens_are_checked_as_stytch_checks_googles() {
    let h = Harness::start().await;
    let token = id_token(&h, GLOBEX_OPTIONAL.email).await;
    // Forged: the claims changed under the local key's signature, or signed by no key at all.
    let mut parts: Vec<String> = token.split('.').map(String::from).collect();
    let mut claims = google_claims(&h, "admin.member@soylent.test").await;
    claims["sub"] = json!("1");
    parts[1] = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(claims.to_string());
    submit(&h, GLOBEX, &parts.join("."), true).await.assert_error(400, "id_token_invalid");
    let none = format!("{}.{}.", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#), parts[1]);
    submit(&h, GLOBEX, &none, true).await.assert_error(400, "id_token_invalid");
    submit(&h, GLOBEX, "not-a-jwt", true).await.assert_error(400, "id_token_invalid");
    // Signed by the key, but not issued by Google.
    let mut other_issuer = google_claims(&h, GLOBEX_OPTIONAL.email).await;
    other_issuer["iss"] = json!("https://accounts.example.test");
    submit(&h, GLOBEX, &signed(other_issuer), true).await.assert_error(400, "id_token_invalid");
    // Google says the address is not verified.
    let mut unverified = google_claims(&h, GLOBEX_OPTIONAL.email).await;
    unverified["email_verified"] = json!(false);
    submit(&h, GLOBEX, &signed(unverified), true).await.assert_error(400, "oauth_unverified_email");
    let asked = json!({"client_id": LOCAL_CLIENT_ID, "email": GLOBEX_OPTIONAL.email, "email_verified": false});
    let minted = h.http.post(h.url("/gsi/credential")).json(&asked).send().await.unwrap().json::<Value>().await.unwrap();
    submit(&h, GLOBEX, minted["credential"].as_str().unwrap(), true).await.assert_error(400, "oauth_unverified_email");

    // For another client: minted while the project had another Google client id.
    h.control_put("/_emulator/google_one_tap", json!({"google_client_id": "another-client.apps.googleusercontent.com"})).await;
    let foreign = credential_reply(&h, "another-client.apps.googleusercontent.com", GLOBEX_OPTIONAL.email).await;
    credential_reply(&h, LOCAL_CLIENT_ID, GLOBEX_OPTIONAL.email).await.assert_error(400, "invalid_client_id");
    h.control_put("/_emulator/google_one_tap", json!({"google_client_id": LOCAL_CLIENT_ID})).await;
    let foreign = foreign.body["credential"].as_str().unwrap();
    submit(&h, GLOBEX, foreign, true).await.assert_error(400, "id_token_incorrect_audience");

    // Expired: an hour after it was minted, on the emulator's clock.
    h.advance_clock(3600).await;
    submit(&h, GLOBEX, &token, true).await.assert_error(400, "id_token_expired");
    // Nothing was signed up or granted by any of these.
    assert_eq!(h.control_get("/_emulator/organizations").await.to_string().matches("admin.member@soylent.test").count(), 1);
}

#[tokio::test]
async fn redirect_urls_and_requests_are_checked_before_anything_changes() {
    let h = Harness::start().await;
    let token = id_token(&h, "newcomer@piedpiper.test").await;
    let with = |extra: Value| {
        let mut b = json!({"id_token": token, "organization_id": PIEDPIPER});
        b.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        b
    };
    let r = h.post("/b2b/oauth/google/onetap/submit", with(json!({"signup_redirect_url": "https://evil.example/steal"})), None).await;
    r.assert_error(400, "no_match_for_provided_oauth_url");
    let r = h.post("/b2b/oauth/google/onetap/submit", with(json!({"login_redirect_url": "https://evil.example/steal"})), None).await;
    r.assert_error(400, "no_match_for_provided_oauth_url");
    let body = json!({"id_token": token, "discovery_redirect_url": "https://evil.example/steal"});
    h.post("/b2b/oauth/google/onetap/discovery/submit", body, None).await.assert_error(400, "no_match_for_provided_oauth_url");
    let r = h.post("/b2b/oauth/google/onetap/submit", with(json!({"organization_id": ""})), None).await;
    r.assert_error(400, "bad_request");
    let r = h.post("/b2b/oauth/google/onetap/submit", with(json!({"organization_id": "organization-test-nope"})), None).await;
    r.assert_error(404, "organization_not_found");
    h.post("/b2b/oauth/google/onetap/submit", json!({"organization_id": PIEDPIPER}), None).await.assert_error(400, "bad_request");
    // None of these signed the newcomer up.
    assert!(!h.control_get("/_emulator/organizations").await.to_string().contains("newcomer@piedpiper.test"));
    // The SDK routes take the public token.
    let resp = h.http.get(h.url("/sdk/v1/b2b/oauth/google/onetap/start")).send().await.unwrap();
    Reply::from_response(resp).await.assert_error(401, "unauthorized_credentials");
}

#[tokio::test]
async fn the_stand_in_script_is_served_with_the_projects_name_and_the_page_elements() {
    let h = Harness::start().await;
    let resp = h.http.get(h.url("/gsi/client")).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    assert!(resp.headers()["content-type"].to_str().unwrap().starts_with("text/javascript"));
    // A page that is cross-origin isolated (COEP require-corp) may run it.
    assert_eq!(resp.headers()["cross-origin-resource-policy"], "cross-origin");
    let script = resp.text().await.unwrap();
    assert!(script.contains(r#"var PROJECT_NAME = "MFA Demo";"#), "the seed project's name, as a string literal");
    for id in ["stytch-emulator-onetap-email", "stytch-emulator-onetap-continue", "stytch-emulator-onetap-close"] {
        assert!(script.contains(id), "{id}");
    }
    assert!(!script.contains("innerHTML"));
    // The credential endpoint answers a page on another origin (CORS as the SDK API).
    let preflight = h
        .http
        .request(reqwest::Method::OPTIONS, h.url("/gsi/credential"))
        .header("Origin", "http://localhost:5173")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.headers()["access-control-allow-origin"], "http://localhost:5173");
    credential_reply(&h, LOCAL_CLIENT_ID, "not an email").await.assert_error(400, "invalid_email");
}
