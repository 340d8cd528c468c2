//! Redirect URLs over real HTTP: every flow that sends a member somewhere (OAuth and SSO
//! starts and the consent step, magic links, password resets) takes only URLs registered for
//! the project and the type, answers Stytch's errors otherwise (a 400, never a 500, for
//! `javascript:` or CR/LF), falls back to the type's default, and the registered list is
//! edited through the control API and survives in state files written before it existed.

mod common;

use common::*;
use serde_json::{json, Value};

const EVIL: &str = "https://evil.example/cb";
const NEW_EMAIL: &str = "brand.new@globex.test";

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// A GET of a browser-facing path (start or consent) with `query`; the reply when it is an
/// error, or the `Location` of its redirect, or the page.
async fn browser_get(h: &Harness, path: &str, query: &[(&str, &str)]) -> Result<String, Reply> {
    let resp = no_redirects().get(h.url(path)).query(query).send().await.unwrap();
    match resp.status().as_u16() {
        302 => Ok(resp.headers()["location"].to_str().unwrap().to_string()),
        200 => Ok(resp.text().await.unwrap()),
        _ => Err(Reply::from_response(resp).await),
    }
}

/// The refusal `r` must be.
fn refused(r: Result<String, Reply>) -> Reply {
    match r {
        Err(reply) => reply,
        Ok(answer) => panic!("expected a refusal, got {}", &answer[..answer.len().min(200)]),
    }
}

/// The redirect or page `r` must be.
fn followed(r: Result<String, Reply>) -> String {
    match r {
        Ok(answer) => answer,
        Err(reply) => panic!("expected success, got {} {}", reply.status, reply.body),
    }
}

async fn consent(h: &Harness, email: &str, redirects: &[(&str, &str)]) -> Result<String, Reply> {
    let mut q = vec![("flow", "oauth"), ("provider", "google"), ("organization_id", GLOBEX), ("email", email)];
    q.extend_from_slice(redirects);
    browser_get(h, "/v1/b2b/public/idp/consent", &q).await
}

async fn oauth_start(h: &Harness, redirects: &[(&str, &str)]) -> Result<String, Reply> {
    let mut q = vec![("public_token", PUBLIC_TOKEN), ("organization_id", GLOBEX)];
    q.extend_from_slice(redirects);
    browser_get(h, "/v1/b2b/public/oauth/google/start", &q).await
}

async fn sso_start(h: &Harness, redirects: &[(&str, &str)]) -> Result<String, Reply> {
    let mut q = vec![("public_token", PUBLIC_TOKEN), ("connection_id", GLOBEX_SAML)];
    q.extend_from_slice(redirects);
    browser_get(h, "/v1/public/sso/start", &q).await
}

async fn magic_link(h: &Harness, email: &str, redirects: Value) -> Reply {
    let mut body = json!({"organization_id": GLOBEX, "email_address": email});
    body.as_object_mut().unwrap().extend(redirects.as_object().unwrap().clone());
    h.post("/b2b/magic_links/email/login_or_signup", body, None).await
}

async fn reset_start(h: &Harness, redirects: Value) -> Reply {
    let mut body = json!({"organization_id": GLOBEX, "email_address": GLOBEX_OPTIONAL.email});
    body.as_object_mut().unwrap().extend(redirects.as_object().unwrap().clone());
    h.post("/b2b/passwords/email/reset/start", body, None).await
}

/// The newest email's link (magic link or reset).
async fn last_link(h: &Harness) -> String {
    let outbox = h.control_get("/_emulator/outbox").await;
    let m = outbox["messages"].as_array().unwrap().last().unwrap().clone();
    m["magic_link_url"].as_str().or(m["password_reset_url"].as_str()).unwrap().to_string()
}

async fn member_count(h: &Harness) -> usize {
    let orgs = h.control_get("/_emulator/organizations").await;
    orgs["organizations"].as_array().unwrap().iter().map(|o| o["members"].as_array().unwrap().len()).sum()
}

#[tokio::test]
async fn unregistered_urls_are_refused_by_every_flow_with_stytchs_errors_and_change_nothing() {
    let h = Harness::start().await;
    let members = member_count(&h).await;
    for field in ["login_redirect_url", "signup_redirect_url"] {
        refused(oauth_start(&h, &[(field, EVIL)]).await).assert_error(400, "no_match_for_provided_oauth_url");
        refused(sso_start(&h, &[(field, EVIL)]).await).assert_error(400, "no_match_for_provided_sso_url");
    }
    // The consent step called directly, for a member and for a sign-up: no token, no member.
    refused(consent(&h, GLOBEX_OPTIONAL.email, &[("login_redirect_url", EVIL)]).await).assert_error(400, "no_match_for_provided_oauth_url");
    refused(consent(&h, NEW_EMAIL, &[("signup_redirect_url", EVIL)]).await).assert_error(400, "no_match_for_provided_oauth_url");
    let sso = [
        ("flow", "sso"),
        ("connection_id", GLOBEX_SAML),
        ("organization_id", GLOBEX),
        ("email", GLOBEX_OPTIONAL.email),
        ("login_redirect_url", EVIL),
    ];
    refused(browser_get(&h, "/v1/b2b/public/idp/consent", &sso).await).assert_error(400, "no_match_for_provided_sso_url");
    // Emails: nothing sent, nobody signed up.
    magic_link(&h, GLOBEX_OPTIONAL.email, json!({"login_redirect_url": EVIL}))
        .await
        .assert_error(400, "no_match_for_provided_magic_link_url");
    magic_link(&h, NEW_EMAIL, json!({"signup_redirect_url": EVIL})).await.assert_error(400, "no_match_for_provided_magic_link_url");
    let backend = h.backend_post(
        "/v1/b2b/magic_links/email/login_or_signup",
        json!({"organization_id": GLOBEX, "email_address": GLOBEX_OPTIONAL.email, "login_redirect_url": EVIL}),
    );
    backend.await.assert_error(400, "no_match_for_provided_magic_link_url");
    reset_start(&h, json!({"reset_password_redirect_url": EVIL})).await.assert_error(400, "no_match_for_provided_magic_link_url");
    reset_start(&h, json!({"login_redirect_url": EVIL})).await.assert_error(400, "no_match_for_provided_magic_link_url");
    assert_eq!(h.outbox_len().await, 0);
    assert_eq!(member_count(&h).await, members);
    // A URL registered for another type only is refused for this one.
    let reset_only = json!({"url": "https://app.example/reset", "valid_types": [{"type": "RESET_PASSWORD"}]});
    h.control_post("/_emulator/redirect_urls", reset_only).await;
    magic_link(&h, GLOBEX_OPTIONAL.email, json!({"login_redirect_url": "https://app.example/reset"}))
        .await
        .assert_error(400, "no_match_for_provided_magic_link_url");
    reset_start(&h, json!({"reset_password_redirect_url": "https://app.example/reset"})).await.data();
}

#[tokio::test]
async fn javascript_urls_and_control_characters_are_400s_never_500s() {
    let h = Harness::start().await;
    for bad in [
        "javascript:alert(document.cookie)",
        "http://localhost:3000/a\r\nSet-Cookie: x=y",
        "http://localhost:3000/\u{0}",
        "http://evil.example@localhost/",
    ] {
        refused(oauth_start(&h, &[("login_redirect_url", bad)]).await).assert_error(400, "invalid_login_oauth_url");
        refused(oauth_start(&h, &[("signup_redirect_url", bad)]).await).assert_error(400, "invalid_signup_oauth_url");
        refused(sso_start(&h, &[("login_redirect_url", bad)]).await).assert_error(400, "invalid_login_sso_url");
        refused(consent(&h, GLOBEX_OPTIONAL.email, &[("login_redirect_url", bad)]).await).assert_error(400, "invalid_login_oauth_url");
        magic_link(&h, GLOBEX_OPTIONAL.email, json!({"login_redirect_url": bad})).await.assert_error(400, "invalid_login_magic_link_url");
        magic_link(&h, NEW_EMAIL, json!({"signup_redirect_url": bad})).await.assert_error(400, "invalid_signup_magic_link_url");
        reset_start(&h, json!({"reset_password_redirect_url": bad})).await.assert_error(400, "invalid_password_reset_redirect_url");
    }
    assert_eq!(h.outbox_len().await, 0);
}

#[tokio::test]
async fn registered_urls_are_followed_and_each_types_default_is_used_when_none_is_passed() {
    let h = Harness::start().await;
    // Loopback dev servers on any port and path (the examples, the e2e pages), query kept.
    let app = "http://127.0.0.1:5173/react/?tab=login";
    magic_link(&h, GLOBEX_OPTIONAL.email, json!({"login_redirect_url": app})).await.data();
    assert!(last_link(&h).await.starts_with("http://127.0.0.1:5173/react/?tab=login&stytch_token_type=multi_tenant_magic_links&token="));
    let location = followed(consent(&h, GLOBEX_OPTIONAL.email, &[("login_redirect_url", "http://localhost:49152/back")]).await);
    assert!(location.starts_with("http://localhost:49152/back?stytch_token_type=oauth&token="), "{location}");
    let page = followed(sso_start(&h, &[("login_redirect_url", "http://localhost:8080/sso")]).await);
    assert!(page.contains("Sign in with"));
    // None passed: the seed's default for the type (Stytch's test-project default).
    magic_link(&h, GLOBEX_OPTIONAL.email, json!({})).await.data();
    assert!(last_link(&h).await.starts_with("http://localhost:3000/authenticate?stytch_token_type=multi_tenant_magic_links&token="));
    reset_start(&h, json!({})).await.data();
    assert!(last_link(&h).await.starts_with("http://localhost:3000/authenticate?stytch_token_type=multi_tenant_passwords&token="));
    // A sign-up goes to the sign-up URL (or its default), not the login one.
    let location = followed(consent(&h, NEW_EMAIL, &[("login_redirect_url", "http://localhost:8080/login")]).await);
    assert!(location.starts_with("http://localhost:3000/authenticate?stytch_token_type=oauth&token="), "{location}");
}

#[tokio::test]
async fn the_control_api_adds_replaces_and_deletes_redirect_urls_and_the_flows_follow() {
    let h = Harness::start().await;
    let seeded = h.control_get("/_emulator/redirect_urls").await["redirect_urls"].clone();
    assert_eq!(seeded[0]["url"], "http://localhost:3000/authenticate");
    let app = "https://app.example/authenticate";
    magic_link(&h, GLOBEX_OPTIONAL.email, json!({"login_redirect_url": app}))
        .await
        .assert_error(400, "no_match_for_provided_magic_link_url");

    // Added as the login default: used when passed, and when nothing is.
    let entry = json!({"url": app, "valid_types": [{"type": "LOGIN", "is_default": true}, {"type": "SIGNUP"}]});
    let list = h.control_post("/_emulator/redirect_urls", entry).await["redirect_urls"].clone();
    assert_eq!(list.as_array().unwrap().len(), seeded.as_array().unwrap().len() + 1);
    magic_link(&h, GLOBEX_OPTIONAL.email, json!({"login_redirect_url": app})).await.data();
    assert!(last_link(&h).await.starts_with(app));
    magic_link(&h, GLOBEX_OPTIONAL.email, json!({})).await.data();
    assert!(last_link(&h).await.starts_with(app), "the new login default");
    let list = h.control_get("/_emulator/redirect_urls").await["redirect_urls"].clone();
    let old = list.as_array().unwrap().iter().find(|r| r["url"] == "http://localhost:3000/authenticate").unwrap();
    let login = old["valid_types"].as_array().unwrap().iter().find(|v| v["type"] == "LOGIN").unwrap();
    assert_eq!(login["is_default"], false, "one default per type");

    // Replaced by url: without SIGNUP now.
    h.control_post("/_emulator/redirect_urls", json!({"url": app, "valid_types": [{"type": "LOGIN"}]})).await;
    magic_link(&h, NEW_EMAIL, json!({"signup_redirect_url": app})).await.assert_error(400, "no_match_for_provided_magic_link_url");

    // Deleted: refused again; a second delete is a 404. With no login default left, a flow
    // that names no URL says so.
    let delete = |url: &str| h.http.delete(h.url("/_emulator/redirect_urls")).query(&[("url", url)]).send();
    assert_eq!(delete(app).await.unwrap().status(), 200);
    magic_link(&h, GLOBEX_OPTIONAL.email, json!({"login_redirect_url": app}))
        .await
        .assert_error(400, "no_match_for_provided_magic_link_url");
    Reply::from_response(delete(app).await.unwrap()).await.assert_error(404, "redirect_url_not_found");
    magic_link(&h, GLOBEX_OPTIONAL.email, json!({})).await.assert_error(400, "no_default_login_redirect_url_set");

    // Refused registrations, with Stytch's error types.
    let hr = &h;
    let post = |body: Value| async move {
        Reply::from_response(hr.http.post(hr.url("/_emulator/redirect_urls")).json(&body).send().await.unwrap()).await
    };
    let login = json!([{"type": "LOGIN"}]);
    post(json!({"url": "javascript:alert(1)", "valid_types": login})).await.assert_error(400, "redirect_url_cannot_use_protocol");
    post(json!({"url": "http://a.example/\r\n", "valid_types": login})).await.assert_error(400, "invalid_url");
    post(json!({"url": "https://a.example/cb", "valid_types": [{"type": "NOPE"}]})).await.assert_error(400, "invalid_redirect_url_type");
    post(json!({"url": "https://*.a.example/cb", "valid_types": [{"type": "LOGIN", "is_default": true}]}))
        .await
        .assert_error(400, "redirect_url_with_wildcard_cannot_be_default");
    post(json!({"url": "https://a.example/cb?next={}", "valid_types": [{"type": "LOGIN", "is_default": true}]}))
        .await
        .assert_error(400, "redirect_url_with_query_param_placeholder_cannot_be_default");
    post(json!({"url": "https://a.example/cb", "valid_types": []})).await.assert_error(400, "bad_request");

    // A reset returns to the seed's list.
    h.control_post("/_emulator/reset", json!({})).await;
    assert_eq!(h.control_get("/_emulator/redirect_urls").await["redirect_urls"], seeded);
}

#[tokio::test]
async fn a_state_file_from_before_redirect_urls_loads_with_the_seeds_list() {
    let h = Harness::start().await;
    let seeded = h.control_get("/_emulator/redirect_urls").await["redirect_urls"].clone();
    let mut state: Value = h.http.get(h.url("/_emulator/state")).send().await.unwrap().json().await.unwrap();
    let project = state.pointer_mut("/world/project").expect("the export's project").as_object_mut().unwrap();
    assert!(project.remove("redirect_urls").is_some());
    h.control_post("/_emulator/redirect_urls", json!({"url": "https://gone.example/cb", "valid_types": [{"type": "LOGIN"}]})).await;
    let resp = h.http.put(h.url("/_emulator/state")).json(&state).send().await.unwrap();
    assert_eq!(resp.status(), 200, "{}", resp.text().await.unwrap());
    assert_eq!(h.control_get("/_emulator/redirect_urls").await["redirect_urls"], seeded);
    // An export whose list is damaged is refused, and nothing changes.
    state["world"]["project"]["redirect_urls"] = json!([{"url": "javascript:alert(1)", "valid_types": [{"type": "LOGIN"}]}]);
    let resp = h.http.put(h.url("/_emulator/state")).json(&state).send().await.unwrap();
    Reply::from_response(resp).await.assert_error(400, "invalid_state");
    assert_eq!(h.control_get("/_emulator/redirect_urls").await["redirect_urls"], seeded);
}

/// An organization closed to sign-ups answers a new email with that, even in a project with no
/// sign-up URL to send it to: the refusal a member can act on comes before the URL is chosen.
#[tokio::test]
async fn a_closed_organization_refuses_a_new_email_before_any_sign_up_url_is_looked_for() {
    let h = Harness::start().await;
    let closed = h
        .http
        .put(h.url(&format!("/_emulator/organizations/{GLOBEX}")))
        .json(&json!({"email_jit_provisioning": "NOT_ALLOWED"}))
        .send()
        .await
        .unwrap();
    assert_eq!(closed.status(), 200);
    // The seed's one default URL goes, so no type has a default any more.
    let gone =
        h.http.delete(h.url("/_emulator/redirect_urls")).query(&[("url", "http://localhost:3000/authenticate")]).send().await.unwrap();
    assert_eq!(gone.status(), 200);
    let r = magic_link(&h, "someone.new@globex.test", json!({})).await;
    assert_eq!((r.status, r.body["error_type"].as_str()), (403, Some("email_jit_provisioning_not_allowed")), "{}", r.body);
    let r = refused(consent(&h, "someone.new@globex.test", &[]).await);
    assert_eq!((r.status, r.body["error_type"].as_str()), (403, Some("email_jit_provisioning_not_allowed")), "{}", r.body);
    // A known member still gets the missing default named.
    let r = magic_link(&h, GLOBEX_OPTIONAL.email, json!({})).await;
    assert_eq!(r.body["error_type"], "no_default_login_redirect_url_set", "{}", r.body);
}
