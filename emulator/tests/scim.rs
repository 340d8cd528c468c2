//! SCIM provisioning over real HTTP (scim24): connections on the SDK API (under Stytch's RBAC
//! on `stytch.scim`) and the backend API, their bearer tokens and rotation, and the SCIM 2.0
//! service an identity provider calls with the token: users created, found by filter,
//! patched, deactivated (the member's sessions end) and deleted; groups whose members hold
//! the roles the connection assigns them; errors in SCIM's shape.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

/// A connection made by the backend for `organization`: `(connection_id, bearer_token, base_url)`.
async fn connection(h: &Harness, organization: &str) -> (String, String, String) {
    let made = h
        .backend_post(&format!("/v1/b2b/scim/{organization}/connection"), json!({"display_name": "Okta", "identity_provider": "okta"}))
        .await;
    let c = &made.ok()["connection"];
    (c["connection_id"].as_str().unwrap().into(), c["bearer_token"].as_str().unwrap().into(), c["base_url"].as_str().unwrap().into())
}

/// A SCIM request to `{base_url}{path}` with a bearer token: status and parsed body (`Null` for none).
async fn scim(h: &Harness, method: Method, base_url: &str, path: &str, token: Option<&str>, body: Option<Value>) -> (u16, Value) {
    let mut req = h.http.request(method, format!("{base_url}{path}"));
    if let Some(t) = token {
        req = req.header("Authorization", format!("Bearer {t}"));
    }
    if let Some(b) = body {
        req = req.header("Content-Type", "application/scim+json").body(b.to_string());
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    (status, if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}")) })
}

/// The error in SCIM's shape (RFC 7644 §3.12), with Stytch's fields beside.
fn assert_scim_error((status, body): &(u16, Value), expected: u16, error_type: &str, scim_type: Option<&str>) {
    assert_eq!(*status, expected, "{body}");
    assert_eq!(body["schemas"], json!(["urn:ietf:params:scim:api:messages:2.0:Error"]), "{body}");
    assert_eq!(body["status"], expected.to_string());
    assert!(body["detail"].as_str().is_some_and(|d| !d.is_empty()));
    assert_eq!(body["error_type"], error_type, "{body}");
    assert_eq!(body["status_code"], expected);
    assert_eq!(body.get("scimType").and_then(Value::as_str), scim_type, "{body}");
}

fn user(email: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": email,
        "externalId": format!("okta-{email}"),
        "name": {"givenName": "Sam", "familyName": "Scim"},
        "emails": [{"value": email, "type": "work", "primary": true}],
        "active": true,
    })
}

fn member_of(h_orgs: &Value, member_id: &str) -> Value {
    h_orgs["organizations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["members"].as_array().unwrap().iter())
        .find(|m| m["member_id"] == member_id)
        .cloned()
        .unwrap_or(Value::Null)
}

#[tokio::test]
async fn an_admin_creates_the_one_connection_and_sees_its_token_only_then() {
    let h = Harness::start().await;
    let admin = h.session_of(&SOYLENT_ADMIN).await;
    let made = h.sdk(Method::POST, "/b2b/scim", Some(json!({"display_name": "Okta", "identity_provider": "okta"})), Some(&admin)).await;
    let c = made.data()["connection"].clone();
    let (id, token) = (c["connection_id"].as_str().unwrap(), c["bearer_token"].as_str().unwrap());
    assert!(id.starts_with("scim-connection-test-"), "{c}");
    assert_eq!(c["organization_id"], SOYLENT);
    assert_eq!((c["status"].as_str(), c["identity_provider"].as_str()), (Some("active"), Some("okta")));
    assert_eq!(c["base_url"], h.url(&format!("/v1/b2b/scim/{id}")));
    assert!(c.get("bearer_token_last_four").is_none());

    let got = h.sdk(Method::GET, "/b2b/scim", None, Some(&admin)).await;
    let got = &got.data()["connection"];
    assert!(got.get("bearer_token").is_none(), "shown once: {got}");
    assert_eq!(got["bearer_token_last_four"], token[token.len() - 4..]);
    assert_eq!(got["next_bearer_token_last_four"], "");
    let org = h.sdk(Method::GET, "/b2b/organizations/me", None, Some(&admin)).await;
    assert_eq!(org.data()["organization"]["scim_active_connection"]["connection_id"], id);

    h.sdk(Method::POST, "/b2b/scim", Some(json!({})), Some(&admin)).await.assert_error(400, "active_scim_connection_exists");
    let renamed =
        h.sdk(Method::PUT, &format!("/b2b/scim/{id}"), Some(json!({"connection_id": id, "display_name": "Okta EU"})), Some(&admin)).await;
    assert_eq!(renamed.data()["connection"]["display_name"], "Okta EU");
    let deleted = h.sdk(Method::DELETE, &format!("/b2b/scim/{id}"), None, Some(&admin)).await;
    assert_eq!(deleted.data()["connection_id"], id);
    assert!(h.sdk(Method::GET, "/b2b/scim", None, Some(&admin)).await.data().get("connection").is_none());
    assert_scim_error(
        &scim(&h, Method::GET, &c["base_url"].as_str().unwrap().to_string(), "/Users", Some(token), None).await,
        401,
        "invalid_scim_bearer_token",
        None,
    );
}

#[tokio::test]
async fn a_plain_member_may_not_manage_scim_and_refusals_change_nothing() {
    let h = Harness::start().await;
    let plain = h.session_of(&SOYLENT_PLAIN).await;
    let (id, ..) = connection(&h, SOYLENT).await;
    let before = h.control_get("/_emulator/organizations").await;
    let refused = [
        h.sdk(Method::POST, "/b2b/scim", Some(json!({})), Some(&plain)).await,
        h.sdk(Method::GET, "/b2b/scim", None, Some(&plain)).await,
        h.sdk(Method::PUT, &format!("/b2b/scim/{id}"), Some(json!({"display_name": "Mine"})), Some(&plain)).await,
        h.sdk(Method::DELETE, &format!("/b2b/scim/{id}"), None, Some(&plain)).await,
        h.sdk(Method::POST, "/b2b/scim/groups", Some(json!({})), Some(&plain)).await,
        h.sdk(Method::POST, "/b2b/scim/rotate/start", Some(json!({"connection_id": id})), Some(&plain)).await,
    ];
    for r in &refused {
        r.assert_error(403, "session_authorization_error");
    }
    // The backend with the plain member's session header runs under the member's roles.
    let header = h
        .http
        .get(h.url(&format!("/v1/b2b/scim/{SOYLENT}/connection")))
        .header("Authorization", backend_auth())
        .header("X-Stytch-Member-Session", &plain)
        .send()
        .await
        .unwrap();
    Reply::from_response(header).await.assert_error(403, "session_authorization_error");
    assert_eq!(h.control_get("/_emulator/organizations").await, before, "a refused call changes nothing");
    // No session at all.
    h.sdk(Method::GET, "/b2b/scim", None, None).await.assert_error(404, "session_not_found");
}

#[tokio::test]
async fn each_refusal_of_connection_management_has_its_status_and_type() {
    let h = Harness::start().await;
    let admin = h.session_of(&SOYLENT_ADMIN).await;
    h.sdk(Method::POST, "/b2b/scim", Some(json!({"identity_provider": "myspace"})), Some(&admin))
        .await
        .assert_error(400, "invalid_scim_idp");
    h.sdk(Method::POST, "/b2b/scim/groups", Some(json!({})), Some(&admin)).await.assert_error(404, "no_active_scim_connection");
    let id = h.sdk(Method::POST, "/b2b/scim", Some(json!({})), Some(&admin)).await.data()["connection"]["connection_id"]
        .as_str()
        .unwrap()
        .to_string();
    h.sdk(Method::PUT, "/b2b/scim/scim-connection-test-nope", Some(json!({})), Some(&admin))
        .await
        .assert_error(404, "no_active_scim_connection");
    h.sdk(Method::POST, "/b2b/scim/rotate/complete", Some(json!({"connection_id": id})), Some(&admin))
        .await
        .assert_error(400, "scim_connection_not_rotating_token");
    h.sdk(Method::POST, "/b2b/scim/rotate/cancel", Some(json!({"connection_id": id})), Some(&admin))
        .await
        .assert_error(400, "scim_connection_not_rotating_token");
    let unknown_group = json!({"scim_group_implicit_role_assignments": [{"group_id": "scim-group-test-nope", "role_id": "stytch_admin"}]});
    h.sdk(Method::PUT, &format!("/b2b/scim/{id}"), Some(unknown_group), Some(&admin))
        .await
        .assert_error(400, "scim_group_role_assignment_group_does_not_exist");
    h.sdk(Method::POST, "/b2b/scim/groups", Some(json!({"cursor": "nope"})), Some(&admin)).await.assert_error(400, "invalid_search_cursor");
    h.sdk(Method::POST, "/b2b/scim/groups", Some(json!({"limit": 0})), Some(&admin)).await.assert_error(400, "bad_request");
    h.backend(Method::GET, "/v1/b2b/scim/organization-test-nope/connection", None).await.assert_error(404, "organization_not_found");
    h.backend(Method::DELETE, &format!("/v1/b2b/scim/{SOYLENT}/connection/scim-connection-test-nope"), None)
        .await
        .assert_error(404, "no_active_scim_connection");
}

#[tokio::test]
async fn a_rotation_keeps_the_old_token_until_it_is_completed() {
    let h = Harness::start().await;
    let (id, old, base) = connection(&h, ACME).await;
    let path = |step: &str| format!("/v1/b2b/scim/{ACME}/connection/{id}/rotate/{step}");
    let started = h.backend_post(&path("start"), json!({})).await;
    let c = &started.ok()["connection"];
    let new = c["next_bearer_token"].as_str().unwrap().to_string();
    assert_eq!(c["bearer_token_last_four"], old[old.len() - 4..]);
    assert!(c["next_bearer_token_expires_at"].is_string());
    for token in [&old, &new] {
        assert_eq!(scim(&h, Method::GET, &base, "/Users", Some(token), None).await.0, 200, "both valid during the rotation");
    }
    let got = h.backend(Method::GET, &format!("/v1/b2b/scim/{ACME}/connection"), None).await;
    assert_eq!(got.ok()["connection"]["next_bearer_token_last_four"], new[new.len() - 4..]);

    let completed = h.backend_post(&path("complete"), json!({})).await;
    assert_eq!(completed.ok()["connection"]["bearer_token_last_four"], new[new.len() - 4..]);
    assert_scim_error(&scim(&h, Method::GET, &base, "/Users", Some(&old), None).await, 401, "invalid_scim_bearer_token", None);
    assert_eq!(scim(&h, Method::GET, &base, "/Users", Some(&new), None).await.0, 200);

    // A cancelled rotation's token never works; the current one stays.
    let next = h.backend_post(&path("start"), json!({})).await.ok()["connection"]["next_bearer_token"].as_str().unwrap().to_string();
    h.backend_post(&path("cancel"), json!({})).await.ok();
    assert_eq!(scim(&h, Method::GET, &base, "/Users", Some(&next), None).await.0, 401);
    assert_eq!(scim(&h, Method::GET, &base, "/Users", Some(&new), None).await.0, 200);
    // Another organization's path does not reach this connection.
    h.backend_post(&format!("/v1/b2b/scim/{GLOBEX}/connection/{id}/rotate/start"), json!({}))
        .await
        .assert_error(404, "no_active_scim_connection");
}

#[tokio::test]
async fn the_service_answers_scim_shaped_errors_and_checks_its_bearer_token() {
    let h = Harness::start().await;
    let (_, token, base) = connection(&h, ACME).await;
    assert_scim_error(&scim(&h, Method::GET, &base, "/Users", None, None).await, 401, "invalid_scim_bearer_token", None);
    assert_scim_error(&scim(&h, Method::GET, &base, "/Users", Some("not-the-token"), None).await, 401, "invalid_scim_bearer_token", None);
    let (_, other_token, _) = connection(&h, GLOBEX).await;
    assert_scim_error(&scim(&h, Method::GET, &base, "/Users", Some(&other_token), None).await, 401, "invalid_scim_bearer_token", None);
    let unknown = h.url("/v1/b2b/scim/scim-connection-test-nope");
    assert_scim_error(&scim(&h, Method::GET, &unknown, "/Users", Some(&token), None).await, 401, "invalid_scim_bearer_token", None);
    let t = Some(token.as_str());
    assert_scim_error(&scim(&h, Method::GET, &base, "/Users/member-test-nope", t, None).await, 404, "scim_resource_not_found", None);
    assert_scim_error(
        &scim(&h, Method::GET, &base, "/Users?filter=userName%20co%20%22a%22", t, None).await,
        400,
        "invalid_scim_filter",
        Some("invalidFilter"),
    );
    assert_scim_error(
        &scim(&h, Method::POST, &base, "/Users", t, Some(json!({"emails": []}))).await,
        400,
        "bad_request",
        Some("invalidValue"),
    );
    assert_scim_error(
        &scim(&h, Method::POST, &base, "/Users", t, Some(json!({"userName": "not-an-email"}))).await,
        400,
        "invalid_email",
        Some("invalidValue"),
    );
    let patch = json!({"Operations": [{"op": "move", "path": "active", "value": false}]});
    let (_, created) = scim(&h, Method::POST, &base, "/Users", t, Some(user("sam@acme.test"))).await;
    let at = format!("/Users/{}", created["id"].as_str().unwrap());
    assert_scim_error(&scim(&h, Method::PATCH, &base, &at, t, Some(patch)).await, 400, "bad_request", Some("invalidValue"));
    assert_scim_error(
        &scim(&h, Method::POST, &base, "/Users", t, Some(user("sam@acme.test"))).await,
        409,
        "duplicate_email",
        Some("uniqueness"),
    );
    assert_scim_error(&scim(&h, Method::GET, &base, "/Nope", t, None).await, 404, "route_not_found", None);
    // What the service supports, for a client that asks first (RFC 7644 §4).
    let (status, config) = scim(&h, Method::GET, &base, "/ServiceProviderConfig", t, None).await;
    assert_eq!((status, config["patch"]["supported"].as_bool(), config["filter"]["supported"].as_bool()), (200, Some(true), Some(true)));
    assert_eq!(config["bulk"]["supported"], false);
    assert_scim_error(&scim(&h, Method::GET, &base, "/ServiceProviderConfig", None, None).await, 401, "invalid_scim_bearer_token", None);
}

#[tokio::test]
async fn an_idp_creates_finds_patches_deactivates_and_deletes_a_member() {
    let h = Harness::start().await;
    let (id, token, base) = connection(&h, SOYLENT).await;
    let t = Some(token.as_str());
    let (status, created) = scim(&h, Method::POST, &base, "/Users", t, Some(user("sam@soylent.test"))).await;
    assert_eq!(status, 201, "{created}");
    let member_id = created["id"].as_str().unwrap().to_string();
    assert_eq!((created["userName"].as_str(), created["active"].as_bool()), (Some("sam@soylent.test"), Some(true)));
    assert_eq!(created["meta"]["location"], format!("{base}/Users/{member_id}"));

    // The member object shows the SCIM registration, as Stytch's does.
    let got = h.backend(Method::GET, &format!("/v1/b2b/organizations/{SOYLENT}/member?member_id={member_id}"), None).await;
    let member = &got.ok()["member"];
    assert_eq!((member["status"].as_str(), member["name"].as_str()), (Some("active"), Some("Sam Scim")));
    assert_eq!(member["scim_registration"]["connection_id"], id);
    assert_eq!(member["scim_registration"]["external_id"], "okta-sam@soylent.test");
    assert_eq!(member["scim_registration"]["scim_attributes"]["user_name"], "sam@soylent.test");

    // Found by the filter an IdP sends before creating; not found by another.
    let (_, found) = scim(&h, Method::GET, &base, "/Users?filter=userName%20eq%20%22SAM%40soylent.test%22", t, None).await;
    assert_eq!((found["totalResults"].as_u64(), found["Resources"][0]["id"].as_str()), (Some(1), Some(member_id.as_str())));
    let (_, none) = scim(&h, Method::GET, &base, "/Users?filter=userName%20eq%20%22nobody%40soylent.test%22", t, None).await;
    assert_eq!(none["totalResults"], 0);

    // Patched as Okta and Entra send it.
    let at = format!("/Users/{member_id}");
    let rename = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "Replace", "path": "name.givenName", "value": "Samantha"}, {"op": "replace", "value": {"displayName": "Samantha Scim"}}]});
    let (status, patched) = scim(&h, Method::PATCH, &base, &at, t, Some(rename)).await;
    assert_eq!(
        (status, patched["name"]["givenName"].as_str(), patched["displayName"].as_str()),
        (200, Some("Samantha"), Some("Samantha Scim"))
    );

    // A linked member (the seeded plain member) signs in; deactivating it ends the session.
    let (_, linked) = scim(&h, Method::POST, &base, "/Users", t, Some(user("plain.member@soylent.test"))).await;
    assert_eq!(linked["id"], SOYLENT_PLAIN.id, "the existing member is linked, not duplicated");
    let session = h.session_of(&SOYLENT_PLAIN).await;
    h.post("/b2b/sessions/authenticate", json!({}), Some(&session)).await.data();
    let deactivate = json!({"Operations": [{"op": "replace", "value": {"active": false}}]});
    let (_, off) = scim(&h, Method::PATCH, &base, &format!("/Users/{}", SOYLENT_PLAIN.id), t, Some(deactivate)).await;
    assert_eq!(off["active"], false);
    h.post("/b2b/sessions/authenticate", json!({}), Some(&session)).await.assert_error(404, "session_not_found");
    assert_eq!(member_of(&h.control_get("/_emulator/organizations").await, SOYLENT_PLAIN.id)["status"], "deleted");
    // Entra's string "True" reactivates.
    let reactivate = json!({"Operations": [{"op": "Replace", "path": "active", "value": "True"}]});
    let (_, on) = scim(&h, Method::PATCH, &base, &format!("/Users/{}", SOYLENT_PLAIN.id), t, Some(reactivate)).await;
    assert_eq!(on["active"], true);
    assert_eq!(member_of(&h.control_get("/_emulator/organizations").await, SOYLENT_PLAIN.id)["status"], "active");

    // Replaced with a new email; then deleted: gone from the service and deleted in Stytch.
    let mut replaced = user("samantha@soylent.test");
    replaced["active"] = json!(true);
    let (status, put) = scim(&h, Method::PUT, &base, &at, t, Some(replaced)).await;
    assert_eq!((status, put["emails"][0]["value"].as_str()), (200, Some("samantha@soylent.test")));
    assert_eq!(scim(&h, Method::DELETE, &base, &at, t, None).await, (204, Value::Null));
    assert_eq!(scim(&h, Method::GET, &base, &at, t, None).await.0, 404);
    let deleted = member_of(&h.control_get("/_emulator/organizations").await, &member_id);
    assert_eq!(deleted["status"], "deleted");
    assert!(deleted.get("scim_registration").is_none(), "{deleted}");
}

#[tokio::test]
async fn a_groups_members_hold_the_role_the_connection_assigns_it() {
    let h = Harness::start().await;
    let admin = h.session_of(&SOYLENT_ADMIN).await;
    let created = h.sdk(Method::POST, "/b2b/scim", Some(json!({"display_name": "Okta"})), Some(&admin)).await;
    let c = created.data()["connection"].clone();
    let (id, token, base) = (c["connection_id"].as_str().unwrap(), c["bearer_token"].as_str().unwrap(), c["base_url"].as_str().unwrap());
    let t = Some(token);
    scim(&h, Method::POST, base, "/Users", t, Some(user("plain.member@soylent.test"))).await;
    let (status, group) = scim(&h, Method::POST, base, "/Groups", t, Some(json!({"displayName": "Admins", "members": []}))).await;
    assert_eq!(status, 201, "{group}");
    let group_id = group["id"].as_str().unwrap().to_string();
    let add = json!({"Operations": [{"op": "add", "path": "members", "value": [{"value": SOYLENT_PLAIN.id}]}]});
    let (_, patched) = scim(&h, Method::PATCH, base, &format!("/Groups/{group_id}"), t, Some(add)).await;
    assert_eq!(patched["members"][0]["value"], SOYLENT_PLAIN.id);
    let (_, listed) = scim(&h, Method::GET, base, "/Groups?filter=displayName%20eq%20%22Admins%22", t, None).await;
    assert_eq!(listed["totalResults"], 1);
    let groups = h.sdk(Method::POST, "/b2b/scim/groups", Some(json!({"limit": 10})), Some(&admin)).await;
    assert_eq!(
        groups.data()["scim_groups"][0],
        json!({"organization_id": SOYLENT, "connection_id": id, "group_id": group_id, "group_name": "Admins"})
    );

    let plain = h.session_of(&SOYLENT_PLAIN).await;
    h.sdk(Method::GET, "/b2b/scim", None, Some(&plain)).await.assert_error(403, "session_authorization_error");
    let assign = json!({"scim_group_implicit_role_assignments": [{"group_id": group_id, "role_id": "stytch_admin"}]});
    let updated = h.sdk(Method::PUT, &format!("/b2b/scim/{id}"), Some(assign), Some(&admin)).await;
    assert_eq!(updated.data()["connection"]["scim_group_implicit_role_assignments"][0]["group_name"], "Admins");
    // The group's role counts at once: the member's roles say why, and RBAC admits it.
    let me = h.sdk(Method::GET, "/b2b/organizations/members/me", None, Some(&plain)).await;
    let roles = me.data()["member"]["roles"].as_array().unwrap().clone();
    let scim_role = roles.iter().find(|r| r["role_id"] == "stytch_admin").expect("stytch_admin by the group");
    assert_eq!(scim_role["sources"][0], json!({"type": "scim_connection_group", "details": {"connection_id": id, "group_id": group_id}}));
    assert_eq!(me.data()["member"]["scim_registration"]["scim_attributes"]["groups"][0]["display"], "Admins");
    h.sdk(Method::GET, "/b2b/scim", None, Some(&plain)).await.data();
    // Out of the group, the role is gone.
    let remove = json!({"Operations": [{"op": "remove", "path": format!("members[value eq \"{}\"]", SOYLENT_PLAIN.id)}]});
    scim(&h, Method::PATCH, base, &format!("/Groups/{group_id}"), t, Some(remove)).await;
    h.sdk(Method::GET, "/b2b/scim", None, Some(&plain)).await.assert_error(403, "session_authorization_error");
    // A deleted group takes its assignment with it.
    assert_eq!(scim(&h, Method::DELETE, base, &format!("/Groups/{group_id}"), t, None).await.0, 204);
    let got = h.sdk(Method::GET, "/b2b/scim", None, Some(&admin)).await;
    assert_eq!(got.data()["connection"]["scim_group_implicit_role_assignments"], json!([]));
}

#[tokio::test]
async fn the_backend_manages_a_connection_as_stytchs_sdks_call_it() {
    let h = Harness::start().await;
    let (id, _, _) = connection(&h, GLOBEX).await;
    let base = format!("/v1/b2b/scim/{GLOBEX}/connection");
    let got = h.backend(Method::GET, &base, None).await;
    assert_eq!(got.ok()["connection"]["connection_id"], id);
    let updated = h
        .backend(Method::PUT, &format!("{base}/{id}"), Some(json!({"display_name": "Entra", "identity_provider": "microsoft-entra"})))
        .await;
    assert!(updated.ok()["connection"]["base_url"].as_str().unwrap().ends_with("?aadOptscim062020"), "Entra's compliance flag");
    let groups = h.backend(Method::GET, &format!("{base}/{id}?limit=5"), None).await;
    assert_eq!(groups.ok()["scim_groups"], json!([]));
    assert_eq!(groups.ok()["next_cursor"], Value::Null);
    assert_eq!(h.backend(Method::DELETE, &format!("{base}/{id}"), None).await.ok()["connection_id"], id);
    assert!(h.backend(Method::GET, &base, None).await.ok().get("connection").is_none());
}

/// oauth24: the discovery endpoints (RFC 7644 §4) describe what the service serves, Users and
/// Groups with their schemas, one at a time or all, behind the connection's bearer token.
#[tokio::test]
async fn the_service_describes_its_resource_types_and_schemas() {
    let h = Harness::start().await;
    let (_, token, base) = connection(&h, SOYLENT).await;
    let t = Some(token.as_str());
    let (status, types) = scim(&h, Method::GET, &base, "/ResourceTypes", t, None).await;
    assert_eq!((status, &types["schemas"]), (200, &json!(["urn:ietf:params:scim:api:messages:2.0:ListResponse"])), "{types}");
    let listed: Vec<(&str, &str, &str)> = types["Resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r["endpoint"].as_str().unwrap(), r["schema"].as_str().unwrap()))
        .collect();
    assert_eq!(
        listed,
        [
            ("User", "/Users", "urn:ietf:params:scim:schemas:core:2.0:User"),
            ("Group", "/Groups", "urn:ietf:params:scim:schemas:core:2.0:Group")
        ]
    );
    assert_eq!(types["totalResults"], 2);
    let (status, one) = scim(&h, Method::GET, &base, "/ResourceTypes/Group", t, None).await;
    assert_eq!((status, one["meta"]["location"].as_str()), (200, Some(format!("{base}/ResourceTypes/Group").as_str())));

    let (status, schemas) = scim(&h, Method::GET, &base, "/Schemas", t, None).await;
    assert_eq!((status, schemas["totalResults"].as_u64()), (200, Some(2)), "{schemas}");
    let (status, user) = scim(&h, Method::GET, &base, "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User", t, None).await;
    assert_eq!(status, 200, "{user}");
    let attribute = |name: &str| user["attributes"].as_array().unwrap().iter().find(|a| a["name"] == name).cloned().unwrap();
    assert_eq!((attribute("userName")["required"].as_bool(), attribute("userName")["uniqueness"].as_str()), (Some(true), Some("server")));
    assert_eq!(attribute("active")["type"], "boolean");
    assert_eq!(attribute("emails")["multiValued"], true);
    assert_eq!(attribute("groups")["mutability"], "readOnly");

    assert_scim_error(&scim(&h, Method::GET, &base, "/ResourceTypes/Robot", t, None).await, 404, "scim_resource_not_found", None);
    assert_scim_error(&scim(&h, Method::GET, &base, "/Schemas/urn:x", t, None).await, 404, "scim_resource_not_found", None);
    for path in ["/ResourceTypes", "/ResourceTypes/User", "/Schemas", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group"] {
        assert_scim_error(&scim(&h, Method::GET, &base, path, None, None).await, 401, "invalid_scim_bearer_token", None);
        assert_scim_error(&scim(&h, Method::GET, &base, path, Some("wrong"), None).await, 401, "invalid_scim_bearer_token", None);
    }
}
