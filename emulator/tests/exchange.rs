//! `session.exchange` and `session.revokeForMember` over real HTTP (#22 flows): a member
//! session carried into another organization the same email belongs to (or may join by its
//! domain), answering `mfa_required` where the organization requires MFA; revoking a
//! member's sessions, one's own or (as an admin) another's.

mod common;

use common::*;
use serde_json::{json, Value};

/// A session of the seeded member whose email also belongs to Initech (Pied Piper needs no MFA).
async fn shared_session(h: &Harness) -> String {
    let login = h.password_login(PIEDPIPER, PIEDPIPER_SHARED.email).await;
    login["session_token"].as_str().expect("Pied Piper needs no MFA").to_string()
}

fn factor_types(d: &Value) -> Vec<String> {
    d["member_session"]["authentication_factors"].as_array().unwrap().iter().map(|f| f["type"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn a_session_is_exchanged_into_another_organization_of_the_same_email() {
    let h = Harness::start().await;
    // The same email in Globex too (which needs no MFA).
    let created =
        h.backend_post(&format!("/v1/b2b/organizations/{GLOBEX}/members"), json!({"email_address": PIEDPIPER_SHARED.email})).await;
    let globex_member = created.ok()["member_id"].as_str().unwrap().to_string();
    let session = shared_session(&h).await;

    let r = h.post("/b2b/sessions/exchange", json!({"organization_id": GLOBEX, "session_duration_minutes": 30}), Some(&session)).await;
    let d = r.data();
    assert_eq!((d["member_id"].as_str(), d["organization"]["organization_id"].as_str()), (Some(globex_member.as_str()), Some(GLOBEX)));
    assert_eq!(d["member_authenticated"], true);
    assert_eq!(d["intermediate_session_token"], "");
    assert_eq!(factor_types(d), ["password"], "the primary factor travels");
    let new_token = d["session_token"].as_str().unwrap();
    assert_ne!(new_token, session);
    let authed = h.post("/b2b/sessions/authenticate", json!({}), Some(new_token)).await;
    assert_eq!(authed.data()["member_session"]["organization_id"], GLOBEX);
    // The session left stays valid.
    h.post("/b2b/sessions/authenticate", json!({}), Some(&session)).await.data();

    // The backend API exchanges a session named in the body the same way.
    let r = h.backend_post("/v1/b2b/sessions/exchange", json!({"organization_id": GLOBEX, "session_token": session})).await;
    assert_eq!(r.ok()["member_id"], globex_member.as_str());
    assert_eq!(r.ok()["member_authenticated"], true);
}

#[tokio::test]
async fn exchanging_into_an_organization_that_requires_mfa_answers_an_ist() {
    let h = Harness::start().await;
    let session = shared_session(&h).await;
    let r = h.post("/b2b/sessions/exchange", json!({"organization_id": INITECH}), Some(&session)).await;
    let d = r.data();
    assert_eq!(d["member_authenticated"], false);
    assert_eq!(d["session_token"], "");
    assert_eq!(d["member_id"], INITECH_SHARED.id);
    assert!(d["mfa_required"].is_object(), "{d}");
    let ist = d["intermediate_session_token"].as_str().unwrap();
    assert!(!ist.is_empty());
    // The IST is the Initech member's: it enrolls their TOTP, Initech's one MFA method.
    let totp = json!({"organization_id": INITECH, "member_id": INITECH_SHARED.id, "intermediate_session_token": ist});
    h.post("/b2b/totp", totp, None).await.data();
}

#[tokio::test]
async fn exchange_refusals() {
    let h = Harness::start().await;
    let session = shared_session(&h).await;
    // Not a member of Acme, and Acme does not let piedpiper.test join.
    h.post("/b2b/sessions/exchange", json!({"organization_id": ACME}), Some(&session)).await.assert_error(404, "member_not_found");
    h.post("/b2b/sessions/exchange", json!({"organization_id": "organization-test-unknown"}), Some(&session))
        .await
        .assert_error(404, "organization_not_found");
    h.post("/b2b/sessions/exchange", json!({"organization_id": ""}), Some(&session)).await.assert_error(400, "bad_request");
    h.post("/b2b/sessions/exchange", json!({"organization_id": GLOBEX}), None).await.assert_error(404, "session_not_found");
    h.post("/b2b/sessions/exchange", json!({"organization_id": INITECH, "session_duration_minutes": 1}), Some(&session))
        .await
        .assert_error(400, "invalid_session_duration_minutes");
}

#[tokio::test]
async fn an_email_proven_session_joins_an_organization_open_to_its_domain() {
    let h = Harness::start().await;
    // A new member of Globex (open to anyone) with a piedpiper.test email, logged in by magic link.
    let email = "newcomer@piedpiper.test";
    h.post("/b2b/magic_links/email/login_or_signup", json!({"organization_id": GLOBEX, "email_address": email}), None).await.data();
    let outbox = h.control_get(&format!("/_emulator/outbox?to={email}")).await;
    let token = outbox["messages"][0]["magic_link_token"].as_str().unwrap().to_string();
    let login = h.post("/b2b/magic_links/authenticate", json!({"magic_links_token": token}), None).await;
    let session = login.data()["session_token"].as_str().unwrap().to_string();

    let r = h.post("/b2b/sessions/exchange", json!({"organization_id": PIEDPIPER}), Some(&session)).await;
    let d = r.data();
    assert_eq!(d["organization"]["organization_id"], PIEDPIPER);
    assert_eq!((d["member"]["email_address"].as_str(), d["member"]["status"].as_str()), (Some(email), Some("active")));
    assert_eq!(factor_types(d), ["magic_link"]);
}

#[tokio::test]
async fn a_member_revokes_their_own_sessions_but_not_anothers() {
    let h = Harness::start().await;
    let mine = shared_session(&h).await;
    let second = shared_session(&h).await;
    // Another member of the same organization (a plain member, not an admin).
    let other =
        h.backend_post(&format!("/v1/b2b/organizations/{PIEDPIPER}/members"), json!({"email_address": "other@piedpiper.test"})).await;
    let other_id = other.ok()["member_id"].as_str().unwrap().to_string();
    h.post(&format!("/b2b/sessions/revoke/{other_id}"), json!({}), Some(&mine)).await.assert_error(403, "session_authorization_error");
    // A member of another organization is not found from this one.
    h.post(&format!("/b2b/sessions/revoke/{}", GLOBEX_OPTIONAL.id), json!({}), Some(&mine)).await.assert_error(404, "member_not_found");
    h.post(&format!("/b2b/sessions/revoke/{}", PIEDPIPER_SHARED.id), json!({}), None).await.assert_error(404, "session_not_found");

    h.post(&format!("/b2b/sessions/revoke/{}", PIEDPIPER_SHARED.id), json!({}), Some(&mine)).await.data();
    for token in [&mine, &second] {
        h.post("/b2b/sessions/authenticate", json!({}), Some(token)).await.assert_error(404, "session_not_found");
    }
}

#[tokio::test]
async fn an_admin_revokes_another_members_sessions() {
    let h = Harness::start().await;
    // An organization created through discovery makes its creator an admin.
    h.post("/b2b/magic_links/email/discovery/send", json!({"email_address": "founder@example.test"}), None).await.data();
    let outbox = h.control_get("/_emulator/outbox?to=founder@example.test").await;
    let token = outbox["messages"][0]["magic_link_token"].as_str().unwrap().to_string();
    let found = h.post("/b2b/magic_links/discovery/authenticate", json!({"discovery_magic_links_token": token}), None).await;
    let ist = found.data()["intermediate_session_token"].as_str().unwrap().to_string();
    let created = h
        .post("/b2b/discovery/organizations/create", json!({"intermediate_session_token": ist, "organization_name": "Founders"}), None)
        .await;
    let admin = created.data()["session_token"].as_str().unwrap().to_string();
    let org = created.data()["organization"]["organization_id"].as_str().unwrap().to_string();

    // The admin invites a member, who accepts and signs in.
    let invited = h.post("/b2b/magic_links/email/invite", json!({"email_address": "employee@example.test"}), Some(&admin)).await;
    let employee = invited.data()["member_id"].as_str().unwrap().to_string();
    let outbox = h.control_get("/_emulator/outbox?to=employee@example.test").await;
    let link = outbox["messages"][0]["magic_link_token"].as_str().unwrap().to_string();
    let accepted = h.post("/b2b/magic_links/authenticate", json!({"magic_links_token": link}), None).await;
    assert_eq!(accepted.data()["organization"]["organization_id"], org.as_str());
    let employee_session = accepted.data()["session_token"].as_str().unwrap().to_string();

    h.post(&format!("/b2b/sessions/revoke/{employee}"), json!({}), Some(&admin)).await.data();
    h.post("/b2b/sessions/authenticate", json!({}), Some(&employee_session)).await.assert_error(404, "session_not_found");
    h.post("/b2b/sessions/authenticate", json!({}), Some(&admin)).await.data();
}

#[tokio::test]
async fn exchanging_into_an_organization_that_restricts_primary_factors_answers_primary_required() {
    let h = Harness::start().await;
    // The same email in Umbrella, which takes email links only: a password session does not carry in.
    h.backend_post(&format!("/v1/b2b/organizations/{UMBRELLA}/members"), json!({"email_address": PIEDPIPER_SHARED.email})).await.ok();
    let session = shared_session(&h).await;
    let r = h.post("/b2b/sessions/exchange", json!({"organization_id": UMBRELLA}), Some(&session)).await;
    let d = r.data();
    assert_eq!(d["member_authenticated"], false);
    assert_eq!(d["primary_required"]["allowed_auth_methods"], json!(["magic_link"]));
    assert!(!d["intermediate_session_token"].as_str().unwrap().is_empty());
}

#[tokio::test]
async fn revoking_another_members_sessions_follows_the_rbac_policy_and_the_sdk_settings() {
    let h = Harness::start().await;
    // A member given `stytch_admin` by role (not an organization's creator) may: Stytch checks
    // `revoke-sessions` on `stytch.member`.
    let admin = h.session_of(&SOYLENT_ADMIN).await;
    let manager = h.session_of(&SOYLENT_MANAGER).await;
    // The custom role mfa_manager has no `revoke-sessions`: refused, and nothing changes.
    h.post(&format!("/b2b/sessions/revoke/{}", SOYLENT_ADMIN.id), json!({}), Some(&manager))
        .await
        .assert_error(403, "session_authorization_error");
    h.post("/b2b/sessions/authenticate", json!({}), Some(&admin)).await.data();
    // With the frontend SDK's member actions off, even the admin is refused.
    h.control_put("/_emulator/frontend_sdk", json!({"member_actions": false})).await;
    h.post(&format!("/b2b/sessions/revoke/{}", SOYLENT_MANAGER.id), json!({}), Some(&admin))
        .await
        .assert_error(401, "endpoint_not_authorized_for_sdk");
    h.control_put("/_emulator/frontend_sdk", json!({"member_actions": true})).await;
    h.post(&format!("/b2b/sessions/revoke/{}", SOYLENT_MANAGER.id), json!({}), Some(&admin)).await.data();
    h.post("/b2b/sessions/authenticate", json!({}), Some(&manager)).await.assert_error(404, "session_not_found");
}
