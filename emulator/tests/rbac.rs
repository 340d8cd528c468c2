//! RBAC as Stytch enforces it on member-session SDK calls, over real HTTP (#22): the default
//! roles (`stytch_member`: the member's own record; `stytch_admin`: the organization and its
//! members), the seed's custom roles and resources, roles implied by the email domain, the
//! refusal (`session_authorization_error`, 403, nothing changed) and the policy the SDK's
//! bootstrap carries.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

impl Harness {
    async fn set_frontend_sdk(&self, member_actions: bool) -> Value {
        self.control_put("/_emulator/frontend_sdk", json!({"member_actions": member_actions})).await
    }
}

fn role_ids(member: &Value) -> Vec<String> {
    member["roles"].as_array().unwrap().iter().map(|r| r["role_id"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn a_plain_member_may_not_manage_other_members_or_the_organization() {
    let h = Harness::start().await;
    let plain = h.session_of(&SOYLENT_PLAIN).await;
    let before = h.control_get("/_emulator/organizations").await;
    let admin_path = format!("/b2b/organizations/members/{}", SOYLENT_ADMIN.id);
    let refused = [
        h.sdk(Method::POST, "/b2b/organizations/members", Some(json!({"email_address": "x@soylent.test"})), Some(&plain)).await,
        h.sdk(Method::PUT, &admin_path, Some(json!({"name": "Renamed"})), Some(&plain)).await,
        h.sdk(Method::DELETE, &admin_path, None, Some(&plain)).await,
        h.sdk(Method::PUT, &format!("{admin_path}/reactivate"), None, Some(&plain)).await,
        h.sdk(Method::DELETE, &format!("/b2b/organizations/members/totp/{}", SOYLENT_MANAGER.id), None, Some(&plain)).await,
        h.sdk(Method::PUT, "/b2b/organizations/me", Some(json!({"mfa_policy": "OPTIONAL"})), Some(&plain)).await,
        h.sdk(Method::PUT, "/b2b/organizations/me", Some(json!({"organization_name": "Mine now"})), Some(&plain)).await,
        h.sdk(Method::DELETE, "/b2b/organizations/me", None, Some(&plain)).await,
        h.post("/b2b/organizations/me/members/search", json!({}), Some(&plain)).await,
        h.get("/b2b/sso", Some(&plain)).await,
    ];
    for r in &refused {
        r.assert_error(403, "session_authorization_error");
    }
    assert_eq!(h.control_get("/_emulator/organizations").await, before, "a refused call changes nothing");
    // An admin reads the SSO connections (`get` on `stytch.sso`).
    let admin = h.session_of(&SOYLENT_ADMIN).await;
    h.get("/b2b/sso", Some(&admin)).await.data();
    // Reading the own organization needs no permission.
    assert_eq!(h.sdk(Method::GET, "/b2b/organizations/me", None, Some(&plain)).await.data()["organization"]["organization_id"], SOYLENT);
}

#[tokio::test]
async fn a_member_acts_on_themselves_through_stytch_self_but_never_changes_their_own_roles() {
    let h = Harness::start().await;
    let plain = h.session_of(&SOYLENT_PLAIN).await;
    let own = format!("/b2b/organizations/members/{}", SOYLENT_PLAIN.id);
    let renamed = h.sdk(Method::PUT, &own, Some(json!({"name": "Pat Self"})), Some(&plain)).await;
    assert_eq!(renamed.data()["member"]["name"], "Pat Self");
    let phone =
        h.sdk(Method::DELETE, &format!("/b2b/organizations/members/mfa_phone_numbers/{}", SOYLENT_PLAIN.id), None, Some(&plain)).await;
    assert_eq!(phone.data()["member"]["mfa_phone_number"], "");
    h.sdk(Method::PUT, &own, Some(json!({"roles": ["stytch_admin"]})), Some(&plain)).await.assert_error(403, "session_authorization_error");
    h.sdk(Method::PUT, &own, Some(json!({"name": "x", "roles": ["stytch_admin"]})), Some(&plain))
        .await
        .assert_error(403, "session_authorization_error");
    let me = h.sdk(Method::GET, "/b2b/organizations/members/me", None, Some(&plain)).await;
    assert_eq!(me.data()["member"]["name"], "Pat Self", "the refused update with roles changed nothing");
}

#[tokio::test]
async fn a_custom_role_grants_exactly_its_permissions() {
    let h = Harness::start().await;
    let manager = h.session_of(&SOYLENT_MANAGER).await;
    let plain = SOYLENT_PLAIN.id;
    // mfa_manager: search, remove second factors, set mfa_enrolled on stytch.member; nothing else.
    h.post("/b2b/organizations/me/members/search", json!({}), Some(&manager)).await.data();
    h.sdk(Method::DELETE, &format!("/b2b/organizations/members/mfa_phone_numbers/{plain}"), None, Some(&manager)).await.data();
    h.sdk(Method::DELETE, &format!("/b2b/organizations/members/totp/{plain}"), None, Some(&manager)).await.data();
    let path = format!("/b2b/organizations/members/{plain}");
    let unenrolled = h.sdk(Method::PUT, &path, Some(json!({"mfa_enrolled": false})), Some(&manager)).await;
    assert_eq!(unenrolled.data()["member"]["mfa_enrolled"], false);
    h.sdk(Method::PUT, &path, Some(json!({"mfa_enrolled": true, "name": "x"})), Some(&manager))
        .await
        .assert_error(403, "session_authorization_error");
    h.sdk(Method::DELETE, &path, None, Some(&manager)).await.assert_error(403, "session_authorization_error");
    h.sdk(Method::PUT, "/b2b/organizations/me", Some(json!({"mfa_policy": "REQUIRED_FOR_ALL"})), Some(&manager))
        .await
        .assert_error(403, "session_authorization_error");
}

#[tokio::test]
async fn roles_implied_by_the_email_domain_follow_the_organizations_assignments() {
    let h = Harness::start().await;
    let admin = h.session_of(&SOYLENT_ADMIN).await;
    let me = || h.sdk(Method::GET, "/b2b/organizations/members/me", None, Some(&admin));
    assert_eq!(role_ids(&me().await.data()["member"]), ["stytch_member", "stytch_admin", "employee"]);

    let assign = |assignments: Value| {
        h.sdk(Method::PUT, "/b2b/organizations/me", Some(json!({"rbac_email_implicit_role_assignments": assignments})), Some(&admin))
    };
    let updated = assign(json!([{"domain": "soylent.test", "role_id": "mfa_manager"}])).await;
    assert_eq!(
        updated.data()["organization"]["rbac_email_implicit_role_assignments"],
        json!([{"domain": "soylent.test", "role_id": "mfa_manager"}])
    );
    assert_eq!(role_ids(&me().await.data()["member"]), ["stytch_member", "stytch_admin", "mfa_manager"]);
    assign(json!([{"domain": "soylent.test", "role_id": "no_such_role"}])).await.assert_error(400, "bad_request");
    assign(json!([])).await.data();
    assert_eq!(role_ids(&me().await.data()["member"]), ["stytch_member", "stytch_admin"]);

    // The implied role authorises: a plain member given mfa_manager by domain may search.
    let plain = h.session_of(&SOYLENT_PLAIN).await;
    h.post("/b2b/organizations/me/members/search", json!({}), Some(&plain)).await.assert_error(403, "session_authorization_error");
    assign(json!([{"domain": "SOYLENT.test", "role_id": "mfa_manager"}])).await.data();
    h.post("/b2b/organizations/me/members/search", json!({}), Some(&plain)).await.data();
}

#[tokio::test]
async fn the_bootstrap_carries_the_projects_rbac_policy() {
    let h = Harness::start().await;
    let boot = h.get(&format!("/projects/bootstrap/{PUBLIC_TOKEN}"), None).await;
    let policy = &boot.data()["rbac_policy"];
    let ids = |key: &str, id: &str| -> Vec<String> {
        policy[key].as_array().unwrap().iter().map(|r| r[id].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(ids("roles", "role_id"), ["stytch_member", "stytch_admin", "employee", "mfa_manager"]);
    assert_eq!(
        ids("resources", "resource_id"),
        ["stytch.self", "stytch.member", "stytch.organization", "stytch.sso", "stytch.scim", "documents"]
    );
    assert_eq!(policy["scopes"], json!([]));
    let member = policy["roles"].as_array().unwrap().iter().find(|r| r["role_id"] == "stytch_member").unwrap();
    assert_eq!(member["permissions"], json!([{"resource_id": "stytch.self", "actions": ["*"]}]));
    let resources = policy["resources"].as_array().unwrap();
    let member_actions = &resources.iter().find(|r| r["resource_id"] == "stytch.member").unwrap()["actions"];
    assert!(member_actions.as_array().unwrap().contains(&json!("update.info.delete.mfa-totp")));
}

#[tokio::test]
async fn a_seed_whose_roles_are_not_in_its_policy_is_refused() {
    let mut seed: Value = serde_json::from_str(stytch_emulator::DEFAULT_SEED).unwrap();
    seed["organizations"][0]["members"][0]["roles"] = json!(["ghost"]);
    let path = std::env::temp_dir().join(format!("stytch-emulator-rbac-seed-{}.json", std::process::id()));
    std::fs::write(&path, seed.to_string()).unwrap();
    let started = stytch_emulator::start(stytch_emulator::Config { port: 0, seed: Some(path.clone()), ..Default::default() }).await;
    let _ = std::fs::remove_file(path);
    let e = started.err().expect("refused").to_string();
    assert!(e.contains("role ghost"), "{e}");
}

#[tokio::test]
async fn member_actions_disabled_in_the_frontend_sdk_settings_are_refused_as_stytch_does() {
    let h = Harness::start().await;
    let admin = h.session_of(&SOYLENT_ADMIN).await;
    assert_eq!(h.control_get("/_emulator/frontend_sdk").await, json!({"member_actions": true}));
    assert_eq!(h.set_frontend_sdk(false).await, json!({"member_actions": false}));
    let refused = [
        h.sdk(Method::PUT, "/b2b/organizations/members/update", Some(json!({"name": "x"})), Some(&admin)).await,
        h.sdk(Method::DELETE, &format!("/b2b/organizations/members/{}", SOYLENT_PLAIN.id), None, Some(&admin)).await,
        h.sdk(Method::PUT, "/b2b/organizations/me", Some(json!({"mfa_policy": "REQUIRED_FOR_ALL"})), Some(&admin)).await,
        h.post("/b2b/organizations/me/members/search", json!({}), Some(&admin)).await,
    ];
    for r in &refused {
        r.assert_error(401, "endpoint_not_authorized_for_sdk");
    }
    // Reading the own member and organization stays allowed; the backend API is not the SDK's.
    h.sdk(Method::GET, "/b2b/organizations/members/me", None, Some(&admin)).await.data();
    h.sdk(Method::GET, "/b2b/organizations/me", None, Some(&admin)).await.data();
    h.backend(Method::DELETE, &format!("/v1/b2b/organizations/{SOYLENT}/members/{}", SOYLENT_PLAIN.id), None).await.ok();
    h.set_frontend_sdk(true).await;
    h.sdk(Method::PUT, "/b2b/organizations/members/update", Some(json!({"name": "Ada"})), Some(&admin)).await.data();
    let bad = h.http.put(h.url("/_emulator/frontend_sdk")).json(&json!({"member_actions": "yes"})).send().await.unwrap();
    assert_eq!(bad.status().as_u16(), 400);
}

#[tokio::test]
async fn the_control_api_shows_the_rbac_policy() {
    let h = Harness::start().await;
    let policy = h.control_get("/_emulator/rbac_policy").await;
    let boot = h.get(&format!("/projects/bootstrap/{PUBLIC_TOKEN}"), None).await;
    assert_eq!(policy["rbac_policy"], boot.data()["rbac_policy"]);
}

#[tokio::test]
async fn a_backend_call_with_a_member_session_header_runs_with_that_members_permissions() {
    let h = Harness::start().await;
    let plain = h.session_of(&SOYLENT_PLAIN).await;
    let admin_login = h.password_login(SOYLENT, SOYLENT_ADMIN.email).await;
    let admin_jwt = admin_login["session_jwt"].as_str().unwrap().to_string();
    let globex = h.session_of(&GLOBEX_OPTIONAL).await;
    let as_member = |header: &'static str, value: String, method: Method, path: String, body: Option<Value>| {
        let mut req = h.http.request(method, h.url(&path)).header("Authorization", backend_auth()).header(header, value);
        if let Some(b) = body {
            req = req.json(&b);
        }
        async move { Reply::from_response(req.send().await.unwrap()).await }
    };
    let manager_path = format!("/v1/b2b/organizations/{SOYLENT}/members/{}", SOYLENT_MANAGER.id);
    let session = "X-Stytch-Member-Session";
    as_member(session, plain.clone(), Method::DELETE, manager_path.clone(), None).await.assert_error(403, "session_authorization_error");
    let rename = Some(json!({"organization_name": "Plain's now"}));
    as_member(session, plain.clone(), Method::PUT, format!("/v1/b2b/organizations/{SOYLENT}"), rename)
        .await
        .assert_error(403, "session_authorization_error");
    as_member(session, globex, Method::DELETE, manager_path.clone(), None).await.assert_error(403, "session_authorization_error");
    as_member(session, "no-such-session".into(), Method::DELETE, manager_path.clone(), None).await.assert_error(404, "session_not_found");
    as_member("X-Stytch-Member-SessionJWT", "not.a.jwt".into(), Method::DELETE, manager_path.clone(), None)
        .await
        .assert_error(401, "invalid_session_jwt");
    // The member's own record through stytch.self, and an admin's JWT for the rest.
    let own = format!("/v1/b2b/organizations/{SOYLENT}/members/{}", SOYLENT_PLAIN.id);
    as_member(session, plain, Method::PUT, own, Some(json!({"name": "Pat Backend"}))).await.ok();
    as_member("X-Stytch-Member-SessionJWT", admin_jwt, Method::DELETE, manager_path, None).await.ok();
    h.backend(Method::GET, &format!("/v1/b2b/organizations/{SOYLENT}/member?member_id={}", SOYLENT_MANAGER.id), None)
        .await
        .assert_error(404, "member_not_found");
}
