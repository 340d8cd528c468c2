//! Invites, membership types and just-in-time provisioning over real HTTP (#22 flows):
//! `magicLinks.email.invite` makes an `invited` member whose link makes them active;
//! discovery lists memberships as Stytch types them (`active_member`, `pending_member`,
//! `invited_member`, `eligible_to_join_by_email_domain`); an organization open to an email
//! domain creates the member on entry; `sso.discoverConnections` finds an email's connections.

mod common;

use common::*;
use serde_json::{json, Value};

/// A discovery magic link to `email`, redeemed: the discovery authenticate answer.
async fn discover(h: &Harness, email: &str) -> Value {
    h.post("/b2b/magic_links/email/discovery/send", json!({"email_address": email}), None).await.data();
    let token = h.last_email(email).await["magic_link_token"].as_str().unwrap().to_string();
    h.post("/b2b/magic_links/discovery/authenticate", json!({"discovery_magic_links_token": token}), None).await.data().clone()
}

fn membership<'a>(found: &'a Value, org: &str) -> &'a Value {
    let orgs = found["discovered_organizations"].as_array().unwrap();
    orgs.iter().find(|o| o["organization"]["organization_id"] == org).unwrap_or_else(|| panic!("{org} not discovered: {found}"))
}

#[tokio::test]
async fn an_invited_member_becomes_active_by_the_invite_link() {
    let h = Harness::start().await;
    let email = "guest@globex.test";
    let body = json!({"organization_id": GLOBEX, "email_address": email, "name": "Gus Guest"});
    let r = h.backend_post("/v1/b2b/magic_links/email/invite", body).await;
    let d = r.ok();
    assert_eq!((d["member"]["status"].as_str(), d["member"]["name"].as_str()), (Some("invited"), Some("Gus Guest")));
    assert_eq!(d["member"]["email_address_verified"], false);
    let member_id = d["member_id"].as_str().unwrap().to_string();
    let m = h.last_email(email).await;
    let url = m["magic_link_url"].as_str().unwrap();
    assert!(url.starts_with("http://localhost:3000/authenticate?stytch_token_type=multi_tenant_magic_links&token="), "{url}");

    // Discovery lists the invitation before it is accepted.
    let found = discover(&h, email).await;
    assert_eq!(membership(&found, GLOBEX)["membership"]["type"], "invited_member");

    let token = m["magic_link_token"].as_str().unwrap();
    let accepted = h.post("/b2b/magic_links/authenticate", json!({"magic_links_token": token}), None).await;
    let d = accepted.data();
    assert_eq!((d["member_id"].as_str(), d["member"]["status"].as_str()), (Some(member_id.as_str()), Some("active")));
    assert_eq!(d["member"]["email_address_verified"], true);
}

#[tokio::test]
async fn the_sdk_invites_into_the_callers_organization() {
    let h = Harness::start().await;
    let login = h.password_login(SOYLENT, SOYLENT_ADMIN.email).await;
    let session = login["session_token"].as_str().unwrap();
    // An organization_id in the body does not move the invite elsewhere.
    let r = h
        .post("/b2b/magic_links/email/invite", json!({"email_address": "new.hire@soylent.test", "organization_id": ACME}), Some(session))
        .await;
    assert_eq!(r.data()["organization"]["organization_id"], SOYLENT);
    // A second invite of the same person sends a fresh link and keeps them invited.
    let again = h.post("/b2b/magic_links/email/invite", json!({"email_address": "new.hire@soylent.test"}), Some(session)).await;
    assert_eq!(again.data()["member_id"], r.data()["member_id"]);
    assert_eq!(again.data()["member"]["status"], "invited");
    // Without a session the SDK has no organization to invite into.
    h.post("/b2b/magic_links/email/invite", json!({"email_address": "x@globex.test"}), None).await.assert_error(404, "session_not_found");
    // Inviting is creating a member: a member without `create` on `stytch.member` is refused
    // and nobody is invited.
    let plain = h.password_login(GLOBEX, GLOBEX_OPTIONAL.email).await;
    let plain = plain["session_token"].as_str().unwrap();
    h.post("/b2b/magic_links/email/invite", json!({"email_address": "y@globex.test"}), Some(plain))
        .await
        .assert_error(403, "session_authorization_error");
    assert!(h.control_get("/_emulator/outbox?to=y@globex.test").await["messages"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn invite_refusals() {
    let h = Harness::start().await;
    let cases = [
        (json!({"organization_id": GLOBEX, "email_address": GLOBEX_OPTIONAL.email}), 400, "duplicate_email"),
        (json!({"organization_id": GLOBEX, "email_address": "nope"}), 400, "invalid_email"),
        (json!({"organization_id": "organization-test-unknown", "email_address": "a@b.test"}), 404, "organization_not_found"),
        (json!({"email_address": "a@b.test"}), 400, "bad_request"),
        (
            json!({"organization_id": GLOBEX, "email_address": "a@b.test", "invite_expiration_minutes": 0}),
            400,
            "invalid_expiration_minutes",
        ),
        (
            json!({"organization_id": GLOBEX, "email_address": "a@b.test", "invite_redirect_url": "https://evil.test/x"}),
            400,
            "no_match_for_provided_magic_link_url",
        ),
    ];
    for (body, status, error_type) in cases {
        h.backend_post("/v1/b2b/magic_links/email/invite", body).await.assert_error(status, error_type);
    }
    assert_eq!(h.outbox_len().await, 0, "a refused invite sends nothing");
}

#[tokio::test]
async fn discovery_types_each_membership() {
    let h = Harness::start().await;
    // The seeded invited member of Pied Piper.
    let found = discover(&h, PIEDPIPER_INVITED.email).await;
    let invited = membership(&found, PIEDPIPER);
    assert_eq!(invited["membership"]["type"], "invited_member");
    assert_eq!(invited["membership"]["member"]["member_id"], PIEDPIPER_INVITED.id);

    // A pending member (signed up, never logged in).
    h.post("/b2b/magic_links/email/login_or_signup", json!({"organization_id": GLOBEX, "email_address": "pending@globex.test"}), None)
        .await
        .data();
    let found = discover(&h, "pending@globex.test").await;
    assert_eq!(membership(&found, GLOBEX)["membership"]["type"], "pending_member");

    // An email at the open domain, member of nothing: Pied Piper is eligible, with no member.
    let found = discover(&h, "stranger@piedpiper.test").await;
    let eligible = membership(&found, PIEDPIPER);
    assert_eq!(eligible["membership"]["type"], "eligible_to_join_by_email_domain");
    assert_eq!(eligible["membership"]["member"], Value::Null);
    assert_eq!(found["discovered_organizations"].as_array().unwrap().len(), 1);
    // Another domain sees nothing.
    assert_eq!(discover(&h, "stranger@elsewhere.test").await["discovered_organizations"], json!([]));
}

#[tokio::test]
async fn entering_an_organization_open_to_the_domain_creates_the_member() {
    let h = Harness::start().await;
    let found = discover(&h, "stranger@piedpiper.test").await;
    let ist = found["intermediate_session_token"].as_str().unwrap();
    let r = h.enter_organization(ist, PIEDPIPER).await;
    let d = r.data();
    assert_eq!(d["member"]["email_address"], "stranger@piedpiper.test");
    assert_eq!((d["member"]["status"].as_str(), d["member"]["email_address_verified"].as_bool()), (Some("active"), Some(true)));
    assert_eq!(d["member_authenticated"], true);
    // The domain does not open other organizations.
    let found = discover(&h, "stranger@piedpiper.test").await;
    let ist = found["intermediate_session_token"].as_str().unwrap();
    h.post("/b2b/discovery/intermediate_sessions/exchange", json!({"intermediate_session_token": ist, "organization_id": GLOBEX}), None)
        .await
        .assert_error(404, "member_not_found");
    // A magic-link sign-up by the domain is a JIT sign-up too.
    let r = h
        .post(
            "/b2b/magic_links/email/login_or_signup",
            json!({"organization_id": PIEDPIPER, "email_address": "second@piedpiper.test"}),
            None,
        )
        .await;
    assert_eq!(r.data()["member_created"], true);
    h.post("/b2b/magic_links/email/login_or_signup", json!({"organization_id": PIEDPIPER, "email_address": "x@elsewhere.test"}), None)
        .await
        .assert_error(403, "email_jit_provisioning_not_allowed");
}

#[tokio::test]
async fn sso_connections_are_discovered_by_email() {
    let h = Harness::start().await;
    let r = h.get(&format!("/b2b/sso/discovery/connections?email_address={}", ACME_SMS.email), None).await;
    let connections = r.data()["connections"].as_array().unwrap().clone();
    assert_eq!(connections.len(), 1);
    assert_eq!(connections[0]["connection_id"], ACME_OIDC);
    assert_eq!(connections[0]["display_name"], "Acme Okta");
    assert_eq!(connections[0]["identity_provider"], "generic");
    let r = h.get("/b2b/sso/discovery/connections?email_address=nobody@nowhere.test", None).await;
    assert_eq!(r.data()["connections"], json!([]));
    h.get("/b2b/sso/discovery/connections?email_address=nope", None).await.assert_error(400, "invalid_email");
    h.get("/b2b/sso/discovery/connections", None).await.assert_error(400, "invalid_email");
}

/// The console invites through the control API (no secret): the same rules as the backend's.
#[tokio::test]
async fn the_console_invites_a_member_through_the_control_api() {
    let h = Harness::start().await;
    let r = h
        .http
        .post(h.url(&format!("/_emulator/organizations/{GLOBEX}/invites")))
        .json(&json!({"email_address": "console.guest@globex.test"}))
        .send()
        .await
        .unwrap();
    let r = Reply::from_response(r).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["member"]["status"], "invited");
    assert!(h.last_email("console.guest@globex.test").await["magic_link_token"].is_string());
    let again = h
        .http
        .post(h.url(&format!("/_emulator/organizations/{GLOBEX}/invites")))
        .json(&json!({"email_address": GLOBEX_OPTIONAL.email}))
        .send()
        .await
        .unwrap();
    Reply::from_response(again).await.assert_error(400, "duplicate_email");
}
