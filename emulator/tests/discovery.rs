//! Discovery login over real HTTP, on both APIs: an email proven by a discovery magic link
//! (`magicLinks.email.discovery.send`, `magicLinks.discovery.authenticate`), the
//! organizations it can enter (`discovery.organizations.list`), a new one
//! (`discovery.organizations.create`), and entering one (`discovery.intermediateSessions.exchange`).

mod common;

use common::*;
use serde_json::{json, Value};

/// Where a path is served: the SDK API (public token) or the backend API (project secret).
#[derive(Clone, Copy)]
enum Api {
    Sdk,
    Backend,
}

/// A POST on `api`; the success body without the SDK's envelope, or the error reply.
async fn call(h: &Harness, api: Api, path: &str, body: Value, session: Option<&str>) -> Reply {
    match api {
        Api::Sdk => {
            let r = h.post(path, body, session).await;
            match r.body.get("data") {
                Some(data) if r.status == 200 => Reply { status: 200, body: data.clone() },
                _ => r,
            }
        }
        Api::Backend => {
            let mut body = body;
            if let Some(s) = session {
                body["session_token"] = json!(s);
            }
            h.backend_post(&format!("/v1{path}"), body).await
        }
    }
}

fn ok(r: &Reply) -> &Value {
    assert_eq!(r.status, 200, "body: {}", r.body);
    &r.body
}

/// The newest email to `email`: its link and the token it carries.
async fn last_email(h: &Harness, email: &str) -> (String, String) {
    let m = h.last_email(email).await;
    (m["magic_link_url"].as_str().unwrap().to_string(), m["magic_link_token"].as_str().unwrap().to_string())
}

/// Sends a discovery link to `email` and redeems it: the discovery authenticate answer.
async fn discover(h: &Harness, api: Api, email: &str) -> Value {
    ok(&call(h, api, "/b2b/magic_links/email/discovery/send", json!({"email_address": email}), None).await);
    let (url, token) = last_email(h, email).await;
    assert!(url.starts_with("http://localhost:3000/authenticate?stytch_token_type=discovery&token="), "{url}");
    let r = call(h, api, "/b2b/magic_links/discovery/authenticate", json!({"discovery_magic_links_token": token}), None).await;
    ok(&r).clone()
}

fn ist(v: &Value) -> String {
    let t = v["intermediate_session_token"].as_str().unwrap();
    assert!(!t.is_empty(), "no IST: {v}");
    t.to_string()
}

#[tokio::test]
async fn discovery_login_of_a_seeded_member_enters_their_organization() {
    let h = Harness::start().await;
    let found = discover(&h, Api::Sdk, GLOBEX_OPTIONAL.email).await;
    assert_eq!(found["email_address"], GLOBEX_OPTIONAL.email);
    let orgs = found["discovered_organizations"].as_array().unwrap();
    assert_eq!(orgs.len(), 1, "{found}");
    assert_eq!(orgs[0]["organization"]["organization_id"], GLOBEX);
    assert_eq!(orgs[0]["membership"]["type"], "active_member");
    assert_eq!(orgs[0]["membership"]["member"]["member_id"], GLOBEX_OPTIONAL.id);
    assert_eq!((orgs[0]["member_authenticated"].clone(), orgs[0]["mfa_required"].clone()), (json!(false), Value::Null));
    let ist = ist(&found);

    // The IST lists the same organizations, and enters one: a session with the email's factor.
    let listed = call(&h, Api::Sdk, "/b2b/discovery/organizations", json!({"intermediate_session_token": ist}), None).await;
    assert_eq!(ok(&listed)["discovered_organizations"], found["discovered_organizations"]);
    let exchange = json!({"organization_id": GLOBEX, "intermediate_session_token": ist});
    let entered = call(&h, Api::Sdk, "/b2b/discovery/intermediate_sessions/exchange", exchange.clone(), None).await;
    let entered = ok(&entered).clone();
    assert_eq!(entered["member_authenticated"], true);
    assert_eq!(entered["member_id"], GLOBEX_OPTIONAL.id);
    assert_eq!(factor_types(&entered["member_session"]), ["magic_link"]);
    // The discovery IST is spent.
    call(&h, Api::Sdk, "/b2b/discovery/intermediate_sessions/exchange", exchange, None)
        .await
        .assert_error(404, "intermediate_session_not_found");

    // A member session lists its organization as authenticated.
    let session = entered["session_token"].as_str().unwrap();
    let listed = call(&h, Api::Sdk, "/b2b/discovery/organizations", json!({}), Some(session)).await;
    let listed = ok(&listed);
    assert_eq!(listed["email_address"], GLOBEX_OPTIONAL.email);
    assert_eq!(listed["discovered_organizations"][0]["member_authenticated"], true);
}

#[tokio::test]
async fn discovery_login_into_an_mfa_organization_asks_for_the_second_factor() {
    let h = Harness::start().await;
    let found = discover(&h, Api::Backend, ACME_SMS.email).await;
    let org = &found["discovered_organizations"][0];
    assert_eq!(org["organization"]["organization_id"], ACME);
    assert_eq!(org["membership"]["type"], "active_member");
    assert_eq!(org["mfa_required"]["member_options"]["mfa_phone_number"], "+1******0102");
    let exchange = json!({"organization_id": ACME, "intermediate_session_token": ist(&found)});
    let entered = call(&h, Api::Backend, "/b2b/discovery/intermediate_sessions/exchange", exchange, None).await;
    let entered = ok(&entered).clone();
    assert_eq!(entered["member_authenticated"], false);
    assert_eq!(entered["mfa_required"]["secondary_auth_initiated"], "sms_otp");
    assert!(entered["member_session"].is_null());

    // The organization's IST takes the code the exchange sent.
    let code = h.last_sms_code(ACME_SMS.phone).await;
    let sms = json!({"organization_id": ACME, "member_id": ACME_SMS.id, "code": code, "intermediate_session_token": ist(&entered)});
    let done = h.backend_post("/v1/b2b/otps/sms/authenticate", sms).await;
    assert_eq!(factor_types(&done.ok()["member_session"]), ["magic_link", "otp"]);
}

#[tokio::test]
async fn a_discovery_ist_enters_only_an_organization_of_its_email() {
    let h = Harness::start().await;
    let found = discover(&h, Api::Backend, GLOBEX_OPTIONAL.email).await;
    let exchange = json!({"organization_id": ACME, "intermediate_session_token": ist(&found)});
    let refused = call(&h, Api::Backend, "/b2b/discovery/intermediate_sessions/exchange", exchange, None).await;
    refused.assert_error(404, "member_not_found");
    // The refusal left the IST usable.
    let exchange = json!({"organization_id": GLOBEX, "intermediate_session_token": ist(&found)});
    let entered = call(&h, Api::Backend, "/b2b/discovery/intermediate_sessions/exchange", exchange, None).await;
    assert_eq!(ok(&entered)["member_authenticated"], true);
}

#[tokio::test]
async fn creating_an_organization_by_discovery_starts_a_session_for_its_admin() {
    let h = Harness::start().await;
    let email = "founder@brand-new.test";
    let found = discover(&h, Api::Sdk, email).await;
    assert_eq!(found["discovered_organizations"], json!([]));
    let ist = ist(&found);

    // A slug another organization uses is refused, and the IST stays usable.
    let taken = json!({"intermediate_session_token": ist, "organization_name": "Brand New", "organization_slug": "acme"});
    call(&h, Api::Sdk, "/b2b/discovery/organizations/create", taken, None).await.assert_error(400, "organization_slug_already_used");
    let bad = json!({"intermediate_session_token": ist, "organization_slug": "Not A Slug"});
    call(&h, Api::Sdk, "/b2b/discovery/organizations/create", bad, None).await.assert_error(400, "invalid_organization_slug");

    let create = json!({"intermediate_session_token": ist, "organization_name": "Brand New", "organization_slug": "brand-new"});
    let created = call(&h, Api::Sdk, "/b2b/discovery/organizations/create", create.clone(), None).await;
    let created = ok(&created).clone();
    assert_eq!(created["member_authenticated"], true);
    assert_eq!(created["organization"]["organization_slug"], "brand-new");
    assert_eq!(created["member"]["email_address"], email);
    assert_eq!(created["member"]["status"], "active");
    assert_eq!(created["member"]["is_admin"], true);
    let roles: Vec<&str> = created["member"]["roles"].as_array().unwrap().iter().map(|r| r["role_id"].as_str().unwrap()).collect();
    assert_eq!(roles, ["stytch_member", "stytch_admin"]);
    assert_eq!(factor_types(&created["member_session"]), ["magic_link"]);
    // The IST is spent, and the organization is there for the backend.
    call(&h, Api::Sdk, "/b2b/discovery/organizations/create", create, None).await.assert_error(404, "intermediate_session_not_found");
    let id = created["organization_id"].as_str().unwrap();
    let org = h.backend(reqwest::Method::GET, &format!("/v1/b2b/organizations/{id}"), None).await;
    assert_eq!(org.ok()["organization"]["organization_name"], "Brand New");

    // A new discovery login of the same email finds it.
    let again = discover(&h, Api::Sdk, email).await;
    assert_eq!(again["discovered_organizations"][0]["organization"]["organization_id"], id);
}

#[tokio::test]
async fn creating_an_organization_that_requires_mfa_answers_mfa_required() {
    let h = Harness::start().await;
    let found = discover(&h, Api::Backend, "careful@vault.test").await;
    let create = json!({
        "intermediate_session_token": ist(&found),
        "organization_name": "Vault",
        "mfa_policy": "REQUIRED_FOR_ALL",
    });
    let created = call(&h, Api::Backend, "/b2b/discovery/organizations/create", create, None).await;
    let created = ok(&created).clone();
    assert_eq!(created["member_authenticated"], false);
    assert!(created["member_session"].is_null());
    assert_eq!(created["organization"]["organization_slug"], "vault");
    assert_eq!(created["organization"]["mfa_policy"], "REQUIRED_FOR_ALL");
    // No factor enrolled yet: the member must enroll one, with the organization's IST.
    assert_eq!(created["mfa_required"]["member_options"], Value::Null);
    let phone = "+15555550190";
    let step = json!({
        "organization_id": created["organization_id"], "member_id": created["member_id"],
        "intermediate_session_token": ist(&created), "mfa_phone_number": phone,
    });
    h.backend_post("/v1/b2b/otps/sms/send", step.clone()).await.ok();
    let mut auth = step;
    auth["code"] = json!(h.last_sms_code(phone).await);
    let done = h.backend_post("/v1/b2b/otps/sms/authenticate", auth).await;
    assert_eq!(factor_types(&done.ok()["member_session"]), ["magic_link", "otp"]);
}

#[tokio::test]
async fn a_discovery_link_is_single_use_and_a_refused_authenticate_leaves_it_usable() {
    use base64::Engine;
    use sha2::Digest;
    let h = Harness::start().await;
    for api in [Api::Sdk, Api::Backend] {
        let verifier = "a-verifier-of-enough-length-for-pkce-0123456789";
        let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier));
        let send = json!({"email_address": GLOBEX_OPTIONAL.email, "pkce_code_challenge": challenge});
        ok(&call(&h, api, "/b2b/magic_links/email/discovery/send", send, None).await);
        let (_, token) = last_email(&h, GLOBEX_OPTIONAL.email).await;
        let path = "/b2b/magic_links/discovery/authenticate";
        let wrong = json!({"discovery_magic_links_token": token, "pkce_code_verifier": "not-the-verifier"});
        call(&h, api, path, wrong, None).await.assert_error(400, "pkce_mismatch");
        let right = json!({"discovery_magic_links_token": token, "pkce_code_verifier": verifier});
        assert_eq!(ok(&call(&h, api, path, right.clone(), None).await)["email_address"], GLOBEX_OPTIONAL.email);
        call(&h, api, path, right, None).await.assert_error(401, "unable_to_auth_magic_link");
    }
}

#[tokio::test]
async fn a_discovery_link_lapses_with_the_login_links_lifetime() {
    let h = Harness::start().await;
    ok(&call(&h, Api::Backend, "/b2b/magic_links/email/discovery/send", json!({"email_address": GLOBEX_OPTIONAL.email}), None).await);
    let (_, token) = last_email(&h, GLOBEX_OPTIONAL.email).await;
    h.advance_clock(3601).await;
    let r = call(&h, Api::Backend, "/b2b/magic_links/discovery/authenticate", json!({"discovery_magic_links_token": token}), None).await;
    r.assert_error(401, "unable_to_auth_magic_link");
}

#[tokio::test]
async fn unregistered_discovery_redirect_urls_are_refused() {
    let h = Harness::start().await;
    for api in [Api::Sdk, Api::Backend] {
        for url in ["https://evil.example/authenticate", "https://localhost.evil.example/authenticate"] {
            let send = json!({"email_address": GLOBEX_OPTIONAL.email, "discovery_redirect_url": url});
            call(&h, api, "/b2b/magic_links/email/discovery/send", send, None)
                .await
                .assert_error(400, "no_match_for_provided_magic_link_url");
        }
    }
    assert_eq!(h.outbox_len().await, 0, "nothing was sent");
    // A registered one is used as given.
    let url = "http://localhost:8080/discover";
    let send = json!({"email_address": GLOBEX_OPTIONAL.email, "discovery_redirect_url": url});
    ok(&call(&h, Api::Sdk, "/b2b/magic_links/email/discovery/send", send, None).await);
    assert!(last_email(&h, GLOBEX_OPTIONAL.email).await.0.starts_with("http://localhost:8080/discover?stytch_token_type=discovery&token="));
}

#[tokio::test]
async fn discovery_calls_refuse_what_is_not_theirs() {
    let h = Harness::start().await;
    let send = json!({"email_address": "not an email"});
    call(&h, Api::Sdk, "/b2b/magic_links/email/discovery/send", send, None).await.assert_error(400, "invalid_email");
    // Listing needs a discovery IST or a member session.
    call(&h, Api::Backend, "/b2b/discovery/organizations", json!({}), None).await.assert_error(404, "session_not_found");
    let unknown = json!({"intermediate_session_token": "no-such-ist"});
    call(&h, Api::Backend, "/b2b/discovery/organizations", unknown.clone(), None).await.assert_error(404, "intermediate_session_not_found");
    // An organization's IST (a password login that needs MFA) is no discovery IST.
    let login = h.password_login(ACME, ACME_NEW.email).await;
    let member_ist = json!({"intermediate_session_token": login["intermediate_session_token"], "organization_name": "Other"});
    call(&h, Api::Sdk, "/b2b/discovery/organizations/create", member_ist, None).await.assert_error(404, "intermediate_session_not_found");
    // Out-of-range policy values are refused before anything is created.
    let found = discover(&h, Api::Sdk, "policy@new.test").await;
    let bad = json!({"intermediate_session_token": ist(&found), "organization_name": "Policy", "mfa_policy": "SOMETIMES"});
    call(&h, Api::Sdk, "/b2b/discovery/organizations/create", bad, None).await.assert_error(400, "bad_request");
    let listed = call(&h, Api::Sdk, "/b2b/discovery/organizations", json!({"intermediate_session_token": ist(&found)}), None).await;
    assert_eq!(ok(&listed)["discovered_organizations"], json!([]));
}
