//! The control API behind the console's roles, invites and members (console22, #22): the RBAC
//! policy replaced with `PUT /_emulator/rbac_policy` (what member sessions are then checked
//! against, Stytch's defaults kept as Stytch keeps them, a bad policy refused with nothing
//! changed, a removed role unassigned everywhere), a member's roles set and a member deleted
//! with `PUT`/`DELETE /_emulator/organizations/{id}/members/{member_id}`, and invites with roles.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

const POLICY: &str = "/_emulator/rbac_policy";

async fn send(h: &Harness, method: Method, path: &str, body: Option<Value>) -> Reply {
    let mut req = h.http.request(method, h.url(path));
    if let Some(b) = body {
        req = req.json(&b);
    }
    Reply::from_response(req.send().await.unwrap()).await
}

/// A control-API success's body (the control API answers without Stytch's `status_code`).
fn ok(r: &Reply) -> &Value {
    assert!((200..300).contains(&r.status), "expected success, got {} {}", r.status, r.body);
    &r.body
}

/// The current policy as the console reads it (`{roles, resources, scopes}`).
async fn policy(h: &Harness) -> Value {
    h.control_get(POLICY).await["rbac_policy"].clone()
}

async fn put_policy(h: &Harness, policy: Value) -> Reply {
    send(h, Method::PUT, POLICY, Some(json!({ "rbac_policy": policy }))).await
}

fn role<'a>(policy: &'a mut Value, role_id: &str) -> &'a mut Value {
    policy["roles"].as_array_mut().unwrap().iter_mut().find(|r| r["role_id"] == role_id).unwrap()
}

fn member_path(org: &str, member_id: &str) -> String {
    format!("/_emulator/organizations/{org}/members/{member_id}")
}

fn role_ids(member: &Value) -> Vec<String> {
    member["roles"].as_array().unwrap().iter().map(|r| r["role_id"].as_str().unwrap().to_string()).collect()
}

/// The member as the console lists it.
async fn listed_member(h: &Harness, org: &str, member_id: &str) -> Value {
    let orgs = h.control_get("/_emulator/organizations").await;
    let o = orgs["organizations"].as_array().unwrap().iter().find(|o| o["organization_id"] == org).unwrap().clone();
    o["members"].as_array().unwrap().iter().find(|m| m["member_id"] == member_id).unwrap().clone()
}

#[tokio::test]
async fn a_role_added_to_the_policy_and_assigned_grants_its_permissions() {
    let h = Harness::start().await;
    let plain = h.session_of(&SOYLENT_PLAIN).await;
    let search = || h.post("/b2b/organizations/me/members/search", json!({}), Some(&plain));
    search().await.assert_error(403, "session_authorization_error");

    let mut p = policy(&h).await;
    p["roles"].as_array_mut().unwrap().push(json!({
        "role_id": "directory_reader", "description": "Reads the member list",
        "permissions": [{"resource_id": "stytch.member", "actions": ["search"]}],
    }));
    let r = put_policy(&h, p).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body["rbac_policy"]["roles"].as_array().unwrap().iter().any(|r| r["role_id"] == "directory_reader"));
    // The SDK's bootstrap carries the new policy.
    let boot = h.get(&format!("/projects/bootstrap/{PUBLIC_TOKEN}"), None).await;
    assert!(boot.data()["rbac_policy"]["roles"].as_array().unwrap().iter().any(|r| r["role_id"] == "directory_reader"));

    let assigned = send(&h, Method::PUT, &member_path(SOYLENT, SOYLENT_PLAIN.id), Some(json!({"roles": ["directory_reader"]}))).await;
    assert_eq!(role_ids(&ok(&assigned)["member"]), ["stytch_member", "directory_reader", "employee"]);
    search().await.data();

    // Unassigned again: refused again.
    ok(&send(&h, Method::PUT, &member_path(SOYLENT, SOYLENT_PLAIN.id), Some(json!({"roles": []}))).await);
    search().await.assert_error(403, "session_authorization_error");
}

#[tokio::test]
async fn the_default_roles_permissions_may_change() {
    let h = Harness::start().await;
    let plain = h.session_of(&SOYLENT_PLAIN).await;
    let rename = || h.sdk(Method::PUT, "/b2b/organizations/members/update", Some(json!({"name": "Pat Renamed"})), Some(&plain));
    rename().await.data();
    let mut p = policy(&h).await;
    role(&mut p, "stytch_member")["permissions"] = json!([{"resource_id": "stytch.member", "actions": ["search"]}]);
    ok(&put_policy(&h, p).await);
    rename().await.assert_error(403, "session_authorization_error");
    h.post("/b2b/organizations/me/members/search", json!({}), Some(&plain)).await.data();
}

#[tokio::test]
async fn a_bad_policy_is_refused_in_stytchs_shape_and_changes_nothing() {
    let h = Harness::start().await;
    let good = policy(&h).await;
    let without = |role_id: &str| {
        let mut p = good.clone();
        p["roles"].as_array_mut().unwrap().retain(|r| r["role_id"] != role_id);
        p
    };
    let with = |f: &dyn Fn(&mut Value)| {
        let mut p = good.clone();
        f(&mut p);
        p
    };
    let custom = |resource_id: &str| json!({"resource_id": resource_id, "description": "", "actions": ["read"]});
    let bad = [
        ("stytch_member removed", without("stytch_member")),
        ("stytch_admin removed", without("stytch_admin")),
        ("a default role's description", with(&|p| role(p, "stytch_admin")["description"] = json!("Boss"))),
        ("a Stytch resource's actions", with(&|p| p["resources"][0]["actions"] = json!(["everything"]))),
        ("a Stytch resource removed", with(&|p| drop(p["resources"].as_array_mut().unwrap().remove(0)))),
        ("a custom resource with Stytch's prefix", with(&|p| p["resources"].as_array_mut().unwrap().push(custom("stytch.reports")))),
        ("a resource defined twice", with(&|p| p["resources"].as_array_mut().unwrap().push(custom("documents")))),
        ("a role defined twice", with(&|p| p["roles"].as_array_mut().unwrap().push(json!({"role_id": "employee", "description": ""})))),
        ("an empty role id", with(&|p| p["roles"].as_array_mut().unwrap().push(json!({"role_id": " ", "description": ""})))),
        ("an undefined resource", with(&|p| role(p, "employee")["permissions"] = json!([{"resource_id": "reports", "actions": ["read"]}]))),
        (
            "an undefined action",
            with(&|p| role(p, "employee")["permissions"] = json!([{"resource_id": "documents", "actions": ["print"]}])),
        ),
        ("scopes", with(&|p| p["scopes"] = json!(["read:users"]))),
        ("an unknown field", with(&|p| p["owner"] = json!("me"))),
        (
            "too many roles",
            with(&|p| {
                let roles = p["roles"].as_array_mut().unwrap();
                roles
                    .extend((0..stytch_emulator::limits::MAX_POLICY_ROLES).map(|i| json!({"role_id": format!("r{i}"), "description": ""})));
            }),
        ),
        (
            "a role id too long",
            with(&|p| {
                let id = "r".repeat(stytch_emulator::limits::MAX_POLICY_TEXT_CHARS + 1);
                p["roles"].as_array_mut().unwrap().push(json!({"role_id": id, "description": ""}));
            }),
        ),
        ("not a policy", json!("everyone is admin")),
    ];
    for (what, p) in bad {
        let r = put_policy(&h, p).await;
        assert_eq!((r.status, r.body["error_type"].as_str()), (400, Some("bad_request")), "{what}: {}", r.body);
        assert!(r.body["request_id"].is_string() && r.body["error_message"].is_string(), "{what}: {}", r.body);
    }
    for body in [json!({}), json!({"rbac_policy": good, "extra": 1})] {
        send(&h, Method::PUT, POLICY, Some(body)).await.assert_error(400, "bad_request");
    }
    assert_eq!(policy(&h).await, good, "a refused edit changes nothing");
    // What the GET gives is taken back as it is.
    assert_eq!(ok(&put_policy(&h, good.clone()).await)["rbac_policy"], good);
}

#[tokio::test]
async fn a_removed_role_is_unassigned_from_members_and_organizations() {
    let h = Harness::start().await;
    let manager = h.session_of(&SOYLENT_MANAGER).await;
    h.post("/b2b/organizations/me/members/search", json!({}), Some(&manager)).await.data();
    assert!(role_ids(&listed_member(&h, SOYLENT, SOYLENT_PLAIN.id).await).contains(&"employee".to_string()));

    let mut p = policy(&h).await;
    p["roles"].as_array_mut().unwrap().retain(|r| r["role_id"] != "mfa_manager" && r["role_id"] != "employee");
    ok(&put_policy(&h, p).await);
    assert_eq!(role_ids(&listed_member(&h, SOYLENT, SOYLENT_MANAGER.id).await), ["stytch_member"]);
    assert_eq!(role_ids(&listed_member(&h, SOYLENT, SOYLENT_PLAIN.id).await), ["stytch_member"], "no longer by email domain");
    let org = h.backend(Method::GET, &format!("/v1/b2b/organizations/{SOYLENT}"), None).await;
    assert_eq!(org.ok()["organization"]["rbac_email_implicit_role_assignments"], json!([]));
    h.post("/b2b/organizations/me/members/search", json!({}), Some(&manager)).await.assert_error(403, "session_authorization_error");
    // The world still hangs together: its export imports.
    let export = h.http.get(h.url("/_emulator/state")).send().await.unwrap().bytes().await.unwrap();
    let imported = h.http.put(h.url("/_emulator/state")).header("Content-Type", "application/json").body(export).send().await.unwrap();
    assert_eq!(imported.status(), 200);
}

#[tokio::test]
async fn the_console_sets_a_members_roles_with_the_backends_rules() {
    let h = Harness::start().await;
    let path = member_path(SOYLENT, SOYLENT_PLAIN.id);
    let r = send(&h, Method::PUT, &path, Some(json!({"roles": ["stytch_admin", "mfa_manager"]}))).await;
    assert_eq!(role_ids(&ok(&r)["member"]), ["stytch_member", "stytch_admin", "mfa_manager", "employee"]);
    send(&h, Method::PUT, &path, Some(json!({"roles": ["owner"]}))).await.assert_error(400, "bad_request");
    send(&h, Method::PUT, &member_path(SOYLENT, "member-test-nope"), Some(json!({"roles": []})))
        .await
        .assert_error(404, "member_not_found");
    send(&h, Method::PUT, &member_path("organization-test-nope", SOYLENT_PLAIN.id), Some(json!({"roles": []})))
        .await
        .assert_error(404, "organization_not_found");
    // A member of another organization is not found through this one.
    send(&h, Method::PUT, &member_path(ACME, SOYLENT_PLAIN.id), Some(json!({"roles": []}))).await.assert_error(404, "member_not_found");
    assert_eq!(role_ids(&listed_member(&h, SOYLENT, SOYLENT_PLAIN.id).await), ["stytch_member", "stytch_admin", "mfa_manager", "employee"]);
}

#[tokio::test]
async fn replacing_roles_takes_stytch_admin_from_an_organizations_creator() {
    let h = Harness::start().await;
    let email = "founder@startup.test";
    h.post("/b2b/magic_links/email/discovery/send", json!({"email_address": email}), None).await.data();
    let token = h.last_email(email).await["magic_link_token"].as_str().unwrap().to_string();
    let found = h.post("/b2b/magic_links/discovery/authenticate", json!({"discovery_magic_links_token": token}), None).await;
    let ist = found.data()["intermediate_session_token"].as_str().unwrap().to_string();
    let created = h
        .post("/b2b/discovery/organizations/create", json!({"intermediate_session_token": ist, "organization_name": "Startup"}), None)
        .await;
    let (org, member) =
        (created.data()["organization"]["organization_id"].as_str().unwrap(), created.data()["member_id"].as_str().unwrap());
    assert_eq!(role_ids(&listed_member(&h, org, member).await), ["stytch_member", "stytch_admin"]);
    let r = send(&h, Method::PUT, &member_path(org, member), Some(json!({"roles": []}))).await;
    assert_eq!(role_ids(&ok(&r)["member"]), ["stytch_member"], "roles replaces every explicit assignment");
    assert_eq!(r.body["member"]["is_admin"], false);
}

#[tokio::test]
async fn a_revoked_invite_is_a_deleted_member_whose_link_no_longer_works() {
    let h = Harness::start().await;
    let email = "invitee@soylent.test";
    let invite = json!({"email_address": email, "name": "Ina Invitee", "roles": ["mfa_manager"]});
    let invited = h.control_post(&format!("/_emulator/organizations/{SOYLENT}/invites"), invite).await;
    assert_eq!(invited["member"]["status"], "invited");
    assert_eq!(role_ids(&invited["member"]), ["stytch_member", "mfa_manager", "employee"]);
    let member_id = invited["member_id"].as_str().unwrap().to_string();
    let token = h.last_email(email).await["magic_link_token"].as_str().unwrap().to_string();

    let r = send(&h, Method::DELETE, &member_path(SOYLENT, &member_id), None).await;
    assert_eq!(ok(&r)["member_id"], member_id.as_str());
    assert_eq!(listed_member(&h, SOYLENT, &member_id).await["status"], "deleted");
    let used = h.post("/b2b/magic_links/authenticate", json!({"magic_links_token": token}), None).await;
    assert!(used.status >= 400, "a revoked invite's link is refused: {}", used.body);
    send(&h, Method::DELETE, &member_path(SOYLENT, &member_id), None).await.assert_error(404, "member_not_found");
}

#[tokio::test]
async fn an_invite_with_a_role_the_policy_lacks_is_refused_and_creates_no_one() {
    let h = Harness::start().await;
    let r = send(
        &h,
        Method::POST,
        &format!("/_emulator/organizations/{SOYLENT}/invites"),
        Some(json!({"email_address": "nobody@soylent.test", "roles": ["owner"]})),
    )
    .await;
    r.assert_error(400, "bad_request");
    let orgs = h.control_get("/_emulator/organizations").await.to_string();
    assert!(!orgs.contains("nobody@soylent.test"));
    assert_eq!(h.outbox_len().await, 0);
}

#[tokio::test]
async fn an_sdk_invite_with_roles_needs_the_right_to_assign_roles() {
    let h = Harness::start().await;
    // Pat (`employee` by email domain) may invite once `employee` may create members.
    let mut p = policy(&h).await;
    role(&mut p, "employee")["permissions"] = json!([{"resource_id": "stytch.member", "actions": ["create"]}]);
    ok(&put_policy(&h, p).await);
    let plain = h.session_of(&SOYLENT_PLAIN).await;
    let invite = |body: Value| h.post("/b2b/magic_links/email/invite", body, Some(&plain));
    let refused = invite(json!({"email_address": "second@soylent.test", "roles": ["stytch_admin"]})).await;
    refused.assert_error(403, "session_authorization_error");
    assert!(!h.control_get("/_emulator/organizations").await.to_string().contains("second@soylent.test"), "nothing created");
    let invited = invite(json!({"email_address": "first@soylent.test"})).await;
    assert_eq!(role_ids(&invited.data()["member"]), ["stytch_member", "employee"]);
}
