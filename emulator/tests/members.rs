//! The member's own record, an organization's members and the organization itself over real
//! HTTP (#22): `self.*`, `organization.*` and `organization.members.*` on the SDK API (`/sdk/v1`,
//! member session), and the backend's `organizations.delete` and `organizations.members.*`
//! (`/v1`, project secret). MFA settings as Stytch documents them. Who may call what is in
//! `rbac.rs`.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

const ME: &str = "/b2b/organizations/members/me";

impl Harness {
    async fn me(&self, session: &str) -> Value {
        self.sdk(Method::GET, ME, None, Some(session)).await.data()["member"].clone()
    }

    /// A member as the backend reads it.
    async fn backend_member(&self, org: &str, member_id: &str) -> Reply {
        self.backend(Method::GET, &format!("/v1/b2b/organizations/{org}/member?member_id={member_id}"), None).await
    }

    async fn session_is_live(&self, session: &str) -> bool {
        self.post("/b2b/sessions/authenticate", json!({}), Some(session)).await.status == 200
    }
}

#[tokio::test]
async fn self_get_answers_the_session_member_with_every_role_and_its_source() {
    let h = Harness::start().await;
    let plain = h.session_of(&SOYLENT_PLAIN).await;
    let me = h.me(&plain).await;
    assert_eq!(me["member_id"], SOYLENT_PLAIN.id);
    assert_eq!(
        me["roles"],
        json!([
            {"role_id": "stytch_member", "sources": [{"type": "direct_assignment", "details": {}}]},
            {"role_id": "employee", "sources": [{"type": "email_assignment", "details": {"email_domain": "soylent.test"}}]},
        ])
    );
    assert_eq!(me["is_admin"], false);
    let admin = h.session_of(&SOYLENT_ADMIN).await;
    assert_eq!(h.me(&admin).await["is_admin"], true, "stytch_admin assigned directly makes is_admin");
    h.sdk(Method::GET, ME, None, None).await.assert_error(404, "session_not_found");
    h.sdk(Method::GET, ME, None, Some("no-such-session")).await.assert_error(404, "session_not_found");
}

#[tokio::test]
async fn self_update_changes_the_members_own_settings_and_refuses_bad_values_unchanged() {
    let h = Harness::start().await;
    let s = h.session_of(&SOYLENT_PLAIN).await;
    let update = |body: Value| h.sdk(Method::PUT, "/b2b/organizations/members/update", Some(body), Some(&s));
    let changed =
        update(json!({"name": "Pat P.", "untrusted_metadata": {"theme": "dark"}, "mfa_enrolled": false, "default_mfa_method": "totp"}))
            .await;
    let m = &changed.data()["member"];
    assert_eq!(
        (m["name"].as_str(), m["mfa_enrolled"].as_bool(), m["default_mfa_method"].as_str()),
        (Some("Pat P."), Some(false), Some("totp"))
    );
    assert_eq!(m["untrusted_metadata"], json!({"theme": "dark"}));
    assert_eq!(changed.data()["member_id"], SOYLENT_PLAIN.id);

    update(json!({"default_mfa_method": "email", "name": "Not Applied"})).await.assert_error(400, "bad_request");
    update(json!({"untrusted_metadata": [1, 2]})).await.assert_error(400, "bad_request");
    update(json!({"mfa_phone_number": "555"})).await.assert_error(400, "invalid_phone_number");
    let me = h.me(&s).await;
    assert_eq!(me["name"], "Pat P.", "a refused update changes nothing");

    // A new number is unverified until an SMS code proves it.
    let m = update(json!({"mfa_phone_number": "+15555550999"})).await.data()["member"].clone();
    assert_eq!((m["mfa_phone_number"].as_str(), m["mfa_phone_number_verified"].as_bool()), (Some("+15555550999"), Some(false)));
}

#[tokio::test]
async fn removing_the_own_phone_and_totp_clears_them_and_keeps_the_session() {
    let h = Harness::start().await;
    let s = h.session_of(&SOYLENT_PLAIN).await;
    let before = h.me(&s).await;
    assert_eq!(before["totp_registration_id"], SOYLENT_PLAIN.totp_registration_id);

    let gone = h.sdk(Method::DELETE, "/b2b/organizations/members/deletePhoneNumber", None, Some(&s)).await;
    let m = &gone.data()["member"];
    assert_eq!((m["mfa_phone_number"].as_str(), m["mfa_phone_number_verified"].as_bool()), (Some(""), Some(false)));
    h.sdk(Method::DELETE, "/b2b/organizations/members/deletePhoneNumber", None, Some(&s))
        .await
        .assert_error(404, "member_phone_number_not_found");

    let gone = h.sdk(Method::DELETE, "/b2b/organizations/members/deleteTOTP", None, Some(&s)).await;
    assert_eq!(gone.data()["member"]["totp_registration_id"], "");
    h.sdk(Method::DELETE, "/b2b/organizations/members/deleteTOTP", None, Some(&s)).await.assert_error(404, "totp_not_found");
    // The recovery codes went with the TOTP registration.
    let recover = json!({"organization_id": SOYLENT, "member_id": SOYLENT_PLAIN.id, "recovery_code": SOYLENT_PLAIN.recovery_codes[0]});
    assert_ne!(h.post("/b2b/recovery_codes/recover", recover, Some(&s)).await.status, 200);

    assert!(h.session_is_live(&s).await, "removing a factor does not revoke sessions (Stytch: MFA applies at the next login)");
}

#[tokio::test]
async fn deleting_the_own_password_ends_password_logins() {
    let h = Harness::start().await;
    let s = h.session_of(&SOYLENT_ADMIN).await;
    let password_id = h.me(&s).await["member_password_id"].as_str().unwrap().to_string();
    assert!(!password_id.is_empty());
    let path = format!("/b2b/organizations/members/passwords/{password_id}");
    let done = h.sdk(Method::DELETE, &path, None, Some(&s)).await;
    assert_eq!(done.data()["member"]["member_password_id"], "");
    h.sdk(Method::DELETE, &path, None, Some(&s)).await.assert_error(404, "member_password_not_found");
    let login = json!({"organization_id": SOYLENT, "email_address": SOYLENT_ADMIN.email, "password": PASSWORD});
    assert_ne!(h.post("/b2b/passwords/authenticate", login, None).await.status, 200);
}

#[tokio::test]
async fn an_admin_creates_updates_deletes_and_reactivates_members_of_the_own_organization() {
    let h = Harness::start().await;
    let admin = h.session_of(&SOYLENT_ADMIN).await;
    let create = json!({"email_address": "new.hire@soylent.test", "name": "Nia New", "roles": ["mfa_manager"]});
    let created = h.sdk(Method::POST, "/b2b/organizations/members", Some(create.clone()), Some(&admin)).await;
    let member = created.data()["member"].clone();
    let id = member["member_id"].as_str().unwrap().to_string();
    assert_eq!((member["organization_id"].as_str(), member["status"].as_str()), (Some(SOYLENT), Some("active")));
    let role_ids: Vec<&str> = member["roles"].as_array().unwrap().iter().map(|r| r["role_id"].as_str().unwrap()).collect();
    assert_eq!(role_ids, ["stytch_member", "mfa_manager", "employee"]);
    h.sdk(Method::POST, "/b2b/organizations/members", Some(create), Some(&admin)).await.assert_error(400, "duplicate_email");
    let bad_role = json!({"email_address": "x@soylent.test", "roles": ["no_such_role"]});
    h.sdk(Method::POST, "/b2b/organizations/members", Some(bad_role), Some(&admin)).await.assert_error(400, "bad_request");

    let path = format!("/b2b/organizations/members/{id}");
    let updated = h.sdk(Method::PUT, &path, Some(json!({"name": "Nia N.", "mfa_enrolled": true, "roles": []})), Some(&admin)).await;
    let m = &updated.data()["member"];
    assert_eq!((m["name"].as_str(), m["mfa_enrolled"].as_bool(), m["roles"].as_array().unwrap().len()), (Some("Nia N."), Some(true), 2));

    let deleted = h.sdk(Method::DELETE, &path, None, Some(&admin)).await;
    assert_eq!(deleted.data()["member_id"], id.as_str());
    h.backend_member(SOYLENT, &id).await.assert_error(404, "member_not_found");
    h.sdk(Method::DELETE, &path, None, Some(&admin)).await.assert_error(404, "member_not_found");
    h.sdk(Method::PUT, &path, Some(json!({"name": "x"})), Some(&admin)).await.assert_error(404, "member_not_found");

    let back = h.sdk(Method::PUT, &format!("{path}/reactivate"), None, Some(&admin)).await;
    assert_eq!(back.data()["member"]["status"], "active");
    assert_eq!(h.backend_member(SOYLENT, &id).await.ok()["member"]["name"], "Nia N.");
    // Another organization's member is not the caller's to touch.
    h.sdk(Method::DELETE, &format!("/b2b/organizations/members/{}", GLOBEX_OPTIONAL.id), None, Some(&admin))
        .await
        .assert_error(404, "member_not_found");
}

#[tokio::test]
async fn deleting_a_member_ends_its_sessions() {
    let h = Harness::start().await;
    let admin = h.session_of(&SOYLENT_ADMIN).await;
    let manager = h.session_of(&SOYLENT_MANAGER).await;
    h.sdk(Method::DELETE, &format!("/b2b/organizations/members/{}", SOYLENT_MANAGER.id), None, Some(&admin)).await.data();
    assert!(!h.session_is_live(&manager).await);
    let login = json!({"organization_id": SOYLENT, "email_address": SOYLENT_MANAGER.email, "password": PASSWORD});
    assert_ne!(h.post("/b2b/passwords/authenticate", login, None).await.status, 200, "a deleted member cannot log in");
}

#[tokio::test]
async fn an_admin_resets_another_members_second_factors() {
    let h = Harness::start().await;
    let admin = h.session_of(&SOYLENT_ADMIN).await;
    let plain = h.session_of(&SOYLENT_PLAIN).await;
    let phone =
        h.sdk(Method::DELETE, &format!("/b2b/organizations/members/mfa_phone_numbers/{}", SOYLENT_PLAIN.id), None, Some(&admin)).await;
    assert_eq!(phone.data()["member"]["mfa_phone_number"], "");
    assert_eq!(phone.data()["member_id"], SOYLENT_PLAIN.id);
    let totp = h.sdk(Method::DELETE, &format!("/b2b/organizations/members/totp/{}", SOYLENT_PLAIN.id), None, Some(&admin)).await;
    assert_eq!(totp.data()["member"]["totp_registration_id"], "");
    assert!(h.session_is_live(&plain).await);
    assert_eq!(h.me(&plain).await["mfa_phone_number"], "", "the member reads the change");
}

#[tokio::test]
async fn the_organization_is_read_changed_and_deleted_from_an_admin_session() {
    let h = Harness::start().await;
    let admin = h.session_of(&SOYLENT_ADMIN).await;
    let org = h.sdk(Method::GET, "/b2b/organizations/me", None, Some(&admin)).await;
    assert_eq!(org.data()["organization"]["organization_id"], SOYLENT);
    assert_eq!(
        org.data()["organization"]["rbac_email_implicit_role_assignments"],
        json!([{"domain": "soylent.test", "role_id": "employee"}])
    );

    let update = |body: Value| h.sdk(Method::PUT, "/b2b/organizations/me", Some(body), Some(&admin));
    let changed = update(json!({"mfa_policy": "REQUIRED_FOR_ALL", "mfa_methods": "RESTRICTED", "allowed_mfa_methods": ["totp"]})).await;
    let o = &changed.data()["organization"];
    assert_eq!((o["mfa_policy"].as_str(), o["mfa_methods"].as_str()), (Some("REQUIRED_FOR_ALL"), Some("RESTRICTED")));
    assert_eq!(o["allowed_mfa_methods"], json!(["totp"]));
    update(json!({"allowed_mfa_methods": []})).await.assert_error(400, "allowed_mfa_methods_required_for_restricted");
    update(json!({"mfa_policy": "SOMETIMES"})).await.assert_error(400, "bad_request");
    update(json!({"allowed_mfa_methods": ["email"]})).await.assert_error(400, "bad_request");
    update(json!({"organization_slug": "acme"})).await.assert_error(400, "organization_slug_already_used");
    let read = h.backend(Method::GET, &format!("/v1/b2b/organizations/{SOYLENT}"), None).await;
    assert_eq!(read.ok()["organization"]["allowed_mfa_methods"], json!(["totp"]), "refused updates change nothing");

    let deleted = h.sdk(Method::DELETE, "/b2b/organizations/me", None, Some(&admin)).await;
    assert_eq!(deleted.data()["organization_id"], SOYLENT);
    h.backend(Method::GET, &format!("/v1/b2b/organizations/{SOYLENT}"), None).await.assert_error(404, "organization_not_found");
    assert!(!h.session_is_live(&admin).await, "the organization's sessions end with it");
}

#[tokio::test]
async fn get_by_slug_answers_the_login_pages_fields_without_a_session() {
    let h = Harness::start().await;
    let found = h.sdk(Method::POST, "/b2b/organizations/search", Some(json!({"organization_slug": "soylent"})), None).await;
    let o = found.data()["organization"].as_object().unwrap();
    assert_eq!(o["organization_id"], SOYLENT);
    assert_eq!(o["mfa_policy"], "OPTIONAL");
    assert!(!o.contains_key("mfa_methods") && !o.contains_key("trusted_metadata"), "only the public fields: {o:?}");
    let none = h.sdk(Method::POST, "/b2b/organizations/search", Some(json!({"organization_slug": "no-such-org"})), None).await;
    assert_eq!(none.data()["organization"], Value::Null);
    h.sdk(Method::POST, "/b2b/organizations/search", Some(json!({})), None).await.assert_error(400, "bad_request");
}

#[tokio::test]
async fn the_backend_deletes_reactivates_and_resets_members_and_deletes_organizations() {
    let h = Harness::start().await;
    let base = format!("/v1/b2b/organizations/{SOYLENT}/members");
    let plain = SOYLENT_PLAIN.id;
    let r = h.backend(Method::DELETE, &format!("{base}/mfa_phone_numbers/{plain}"), None).await;
    assert_eq!(r.ok()["member"]["mfa_phone_number"], "");
    h.backend(Method::DELETE, &format!("{base}/mfa_phone_numbers/{plain}"), None).await.assert_error(404, "member_phone_number_not_found");
    let r = h.backend(Method::DELETE, &format!("{base}/{plain}/totp"), None).await;
    assert_eq!(r.ok()["member"]["totp_registration_id"], "");
    h.backend(Method::DELETE, &format!("{base}/{plain}/totp"), None).await.assert_error(404, "totp_not_found");

    let password_id = h.backend_member(SOYLENT, plain).await.ok()["member"]["member_password_id"].as_str().unwrap().to_string();
    let r = h.backend(Method::DELETE, &format!("{base}/passwords/{password_id}"), None).await;
    assert_eq!((r.ok()["member_id"].as_str(), r.ok()["member"]["member_password_id"].as_str()), (Some(plain), Some("")));
    h.backend(Method::DELETE, &format!("{base}/passwords/{password_id}"), None).await.assert_error(404, "member_password_not_found");
    // Another organization's password id is not found in this one.
    let acme_password = h.backend_member(ACME, ACME_NEW.id).await.ok()["member"]["member_password_id"].as_str().unwrap().to_string();
    h.backend(Method::DELETE, &format!("{base}/passwords/{acme_password}"), None).await.assert_error(404, "member_password_not_found");

    let r = h.backend(Method::DELETE, &format!("{base}/{plain}"), None).await;
    assert_eq!(r.ok()["member_id"], plain);
    h.backend_member(SOYLENT, plain).await.assert_error(404, "member_not_found");
    let r = h.backend(Method::PUT, &format!("{base}/{plain}/reactivate"), None).await;
    assert_eq!(r.ok()["member"]["status"], "active");
    h.backend(Method::PUT, &format!("/v1/b2b/organizations/{GLOBEX}/members/{plain}/reactivate"), None)
        .await
        .assert_error(404, "member_not_found");
    h.backend(Method::DELETE, "/v1/b2b/organizations/organization-test-nope/members/x", None)
        .await
        .assert_error(404, "organization_not_found");

    let r = h.backend(Method::DELETE, &format!("/v1/b2b/organizations/{SOYLENT}"), None).await;
    assert_eq!(r.ok()["organization_id"], SOYLENT);
    h.backend_member(SOYLENT, plain).await.assert_error(404, "organization_not_found");
    h.backend(Method::DELETE, &format!("/v1/b2b/organizations/{SOYLENT}"), None).await.assert_error(404, "organization_not_found");
    // The other organizations stay.
    h.backend(Method::GET, &format!("/v1/b2b/organizations/{ACME}"), None).await.ok();
}

#[tokio::test]
async fn the_backend_update_assigns_roles_from_the_policy_only() {
    let h = Harness::start().await;
    let path = format!("/v1/b2b/organizations/{GLOBEX}/members/{}", GLOBEX_OPTIONAL.id);
    let r = h.backend(Method::PUT, &path, Some(json!({"roles": ["stytch_admin"]}))).await;
    assert_eq!(r.ok()["member"]["is_admin"], true);
    h.backend(Method::PUT, &path, Some(json!({"roles": ["root"]}))).await.assert_error(400, "bad_request");
    let s = h.session_of(&GLOBEX_OPTIONAL).await;
    let session = h.post("/b2b/sessions/authenticate", json!({}), Some(&s)).await;
    assert_eq!(session.data()["member_session"]["roles"], json!(["stytch_member", "stytch_admin"]));
    let claims = h.verify_jwt(session.data()["session_jwt"].as_str().unwrap()).await;
    assert_eq!(claims["https://stytch.com/session"]["roles"], json!(["stytch_member", "stytch_admin"]));
}

#[tokio::test]
async fn trusted_metadata_is_the_backends_to_write_and_refused_from_a_member_session() {
    let h = Harness::start().await;
    let path = format!("/v1/b2b/organizations/{SOYLENT}/members/{}", SOYLENT_PLAIN.id);
    let r = h.backend(Method::PUT, &path, Some(json!({"trusted_metadata": {"plan": "gold"}}))).await;
    assert_eq!(r.ok()["member"]["trusted_metadata"], json!({"plan": "gold"}));
    h.backend(Method::PUT, &path, Some(json!({"trusted_metadata": "gold"}))).await.assert_error(400, "bad_request");

    let s = h.session_of(&SOYLENT_PLAIN).await;
    let refused =
        h.sdk(Method::PUT, "/b2b/organizations/members/update", Some(json!({"trusted_metadata": {"plan": "free"}})), Some(&s)).await;
    refused.assert_error(401, "cannot_update_trusted_metadata");
    let admin = h.session_of(&SOYLENT_ADMIN).await;
    let body = json!({"trusted_metadata": {"plan": "free"}});
    h.sdk(Method::PUT, &format!("/b2b/organizations/members/{}", SOYLENT_PLAIN.id), Some(body.clone()), Some(&admin))
        .await
        .assert_error(401, "cannot_update_trusted_metadata");
    let create = json!({"email_address": "t@soylent.test", "trusted_metadata": {"plan": "free"}});
    h.sdk(Method::POST, "/b2b/organizations/members", Some(create), Some(&admin)).await.assert_error(401, "cannot_update_trusted_metadata");
    assert_eq!(h.me(&s).await["trusted_metadata"], json!({"plan": "gold"}), "refused writes change nothing");
}
