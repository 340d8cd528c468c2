//! A member's email over real HTTP (rest22): `startEmailUpdate` (SDK `self.` and
//! `organization.members.`, backend `organizations.members.`) proven by the link or code it
//! emails, the old email retired, `unlinkRetiredEmail` freeing it, the backend's
//! `members.update` with `email_address`; `session.exchangeAccessToken`, which the emulator
//! validates and refuses (it issues no access tokens), and `session.attest`'s refusals before
//! any profile (its successes are in `trusted_tokens.rs`).

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

const START_OWN: &str = "/b2b/organizations/members/start_email_update";
const UNLINK_OWN: &str = "/b2b/organizations/members/unlink_retired_email";
const NEW_EMAIL: &str = "pat@new-address.test";

fn start_for(member_id: &str) -> String {
    format!("/b2b/organizations/members/{member_id}/start_email_update")
}

fn backend_member_path(org: &str, member_id: &str, action: &str) -> String {
    format!("/v1/b2b/organizations/{org}/members/{member_id}{action}")
}

impl Harness {
    async fn own(&self, session: &str) -> Value {
        self.sdk(Method::GET, "/b2b/organizations/members/me", None, Some(session)).await.data()["member"].clone()
    }

    async fn start_own(&self, session: &str, body: Value) -> Reply {
        self.sdk(Method::POST, START_OWN, Some(body), Some(session)).await
    }

    /// Redeems the newest link sent to `email` as a login (adding to `session` when given).
    async fn redeem_link_to(&self, email: &str, session: Option<&str>) -> Reply {
        let token = self.last_email(email).await["magic_link_token"].as_str().expect("a magic link").to_string();
        self.post("/b2b/magic_links/authenticate", json!({"magic_links_token": token, "session_duration_minutes": 60}), session).await
    }
}

#[tokio::test]
async fn an_email_update_is_proven_by_its_link_which_retires_the_old_email_until_it_is_unlinked() {
    let h = Harness::start().await;
    let plain = h.session_of(&SOYLENT_PLAIN).await;
    let started = h.sdk(Method::POST, START_OWN, Some(json!({"email_address": NEW_EMAIL})), Some(&plain)).await;
    assert_eq!(started.data()["member"]["email_address"], SOYLENT_PLAIN.email, "unchanged until the new address is proven");
    let link = h.last_email(NEW_EMAIL).await;
    assert!(link["magic_link_url"].as_str().unwrap().starts_with("http://localhost:3000/authenticate?"), "the default login URL");

    let login = h.redeem_link_to(NEW_EMAIL, Some(&plain)).await;
    let m = &login.data()["member"];
    assert_eq!((m["email_address"].as_str(), m["email_address_verified"].as_bool()), (Some(NEW_EMAIL), Some(true)));
    let retired = m["retired_email_addresses"].as_array().unwrap();
    assert_eq!(retired.len(), 1);
    assert_eq!(retired[0]["email_address"], SOYLENT_PLAIN.email);
    assert!(retired[0]["email_id"].as_str().is_some_and(|id| id.starts_with("email-")), "{retired:?}");
    let factors = login.data()["member_session"]["authentication_factors"].as_array().unwrap().clone();
    assert!(factors.iter().any(|f| f["email_factor"]["email_address"] == NEW_EMAIL), "the link proved the new address: {factors:?}");

    // Retired, the old address stays the member's: no one else in the organization may take it.
    let admin = h.session_of(&SOYLENT_ADMIN).await;
    let take_old = json!({"email_address": SOYLENT_PLAIN.email});
    h.sdk(Method::POST, START_OWN, Some(take_old.clone()), Some(&admin))
        .await
        .assert_error(400, "desired_email_deactivated_by_different_member");
    let members = format!("/v1/b2b/organizations/{SOYLENT}/members");
    let create = |email: &str| h.backend_post(&members, json!({"email_address": email}));
    create(SOYLENT_PLAIN.email).await.assert_error(400, "retired_member_email");
    let unlinked = h.sdk(Method::POST, UNLINK_OWN, Some(json!({"email_address": SOYLENT_PLAIN.email})), Some(&plain)).await;
    assert_eq!(unlinked.data()["member"]["retired_email_addresses"], json!([]));
    assert_eq!(unlinked.data()["organization_id"], SOYLENT);
    assert_eq!(h.own(&plain).await["retired_email_addresses"], json!([]));
    // Unlinked, the address is free again: the organization may give it to a new member.
    create(SOYLENT_PLAIN.email).await.ok();
    h.sdk(Method::POST, START_OWN, Some(take_old), Some(&admin)).await.assert_error(400, "duplicate_email");
}

#[tokio::test]
async fn an_email_update_is_refused_for_a_taken_or_pending_address_and_bad_input_changing_nothing() {
    let h = Harness::start().await;
    let plain = h.session_of(&SOYLENT_PLAIN).await;
    let admin = h.session_of(&SOYLENT_ADMIN).await;
    let sent_before = h.outbox_len().await;
    h.start_own(&plain, json!({"email_address": "not-an-email"})).await.assert_error(400, "invalid_email");
    h.start_own(&plain, json!({"email_address": SOYLENT_ADMIN.email})).await.assert_error(400, "duplicate_email");
    h.start_own(&plain, json!({"email_address": SOYLENT_PLAIN.email})).await.assert_error(400, "bad_request");
    h.start_own(&plain, json!({"email_address": NEW_EMAIL, "delivery_method": "PIGEON"})).await.assert_error(400, "bad_request");
    let foreign = json!({"email_address": NEW_EMAIL, "login_redirect_url": "https://elsewhere.test/in"});
    h.start_own(&plain, foreign).await.assert_error(400, "no_match_for_provided_magic_link_url");
    h.sdk(Method::POST, START_OWN, Some(json!({"email_address": NEW_EMAIL})), None).await.assert_error(404, "session_not_found");
    assert_eq!(h.outbox_len().await, sent_before, "a refused start sends nothing");

    // While one member proves an address, no other may start to it; once the link lapses, one may.
    h.start_own(&plain, json!({"email_address": NEW_EMAIL})).await.data();
    h.start_own(&admin, json!({"email_address": NEW_EMAIL})).await.assert_error(400, "desired_email_updating_for_different_member");
    h.advance_clock(5 * 60 + 1).await;
    h.start_own(&admin, json!({"email_address": NEW_EMAIL})).await.data();
}

#[tokio::test]
async fn an_email_update_by_code_is_proven_with_the_new_address_and_holds_it_meanwhile() {
    let h = Harness::start().await;
    let admin = h.session_of(&SOYLENT_ADMIN).await;
    let plain = h.session_of(&SOYLENT_PLAIN).await;
    h.start_own(&admin, json!({"email_address": NEW_EMAIL, "delivery_method": "EMAIL_OTP"})).await.data();
    let code = h.last_email(NEW_EMAIL).await["code"].as_str().expect("a code").to_string();
    h.start_own(&plain, json!({"email_address": NEW_EMAIL})).await.assert_error(400, "desired_email_updating_for_different_member");
    let authenticate = |code: &str| {
        let body = json!({"organization_id": SOYLENT, "email_address": NEW_EMAIL, "code": code, "session_duration_minutes": 60});
        h.post("/b2b/otps/email/authenticate", body, Some(&admin))
    };
    authenticate("000000").await.assert_error(404, "otp_code_not_found");
    let m = authenticate(&code).await.data()["member"].clone();
    assert_eq!((m["email_address"].as_str(), m["email_address_verified"].as_bool()), (Some(NEW_EMAIL), Some(true)));
    assert_eq!(m["retired_email_addresses"][0]["email_address"], SOYLENT_ADMIN.email);
    authenticate(&code).await.assert_error(404, "otp_code_not_found");
}

#[tokio::test]
async fn a_link_whose_address_was_taken_meanwhile_cannot_verify_the_update() {
    let h = Harness::start().await;
    let plain = h.session_of(&SOYLENT_PLAIN).await;
    h.sdk(Method::POST, START_OWN, Some(json!({"email_address": NEW_EMAIL})), Some(&plain)).await.data();
    // The backend creates a member with the address (member creation checks only current emails).
    let create = json!({"email_address": NEW_EMAIL});
    h.backend_post(&format!("/v1/b2b/organizations/{SOYLENT}/members"), create).await.ok();
    h.redeem_link_to(NEW_EMAIL, None).await.assert_error(400, "unable_to_verify_member_email_update");
    assert_eq!(h.own(&plain).await["email_address"], SOYLENT_PLAIN.email);
}

#[tokio::test]
async fn another_members_email_update_follows_rbac_and_the_frontend_sdk_settings() {
    let h = Harness::start().await;
    let plain = h.session_of(&SOYLENT_PLAIN).await;
    let admin = h.session_of(&SOYLENT_ADMIN).await;
    let body = json!({"email_address": NEW_EMAIL});
    let on_admin = h.sdk(Method::POST, &start_for(SOYLENT_ADMIN.id), Some(body.clone()), Some(&plain)).await;
    on_admin.assert_error(403, "session_authorization_error");
    // Oneself through `organization.members`: `stytch.self` is enough.
    h.sdk(Method::POST, &start_for(SOYLENT_PLAIN.id), Some(body.clone()), Some(&plain)).await.data();
    let by_admin = h.sdk(Method::POST, &start_for(SOYLENT_PLAIN.id), Some(json!({"email_address": "pat@other.test"})), Some(&admin)).await;
    assert_eq!(by_admin.data()["member_id"], SOYLENT_PLAIN.id);
    h.sdk(Method::POST, &start_for("member-test-nobody"), Some(body.clone()), Some(&admin)).await.assert_error(404, "member_not_found");
    let unlink_other = format!("/b2b/organizations/members/{}/unlink_retired_email", SOYLENT_ADMIN.id);
    h.sdk(Method::POST, &unlink_other, Some(json!({"email_address": "x@y.test"})), Some(&plain))
        .await
        .assert_error(403, "session_authorization_error");

    h.control_put("/_emulator/frontend_sdk", json!({"member_actions": false})).await;
    h.sdk(Method::POST, START_OWN, Some(body), Some(&plain)).await.assert_error(401, "endpoint_not_authorized_for_sdk");
    h.sdk(Method::POST, UNLINK_OWN, Some(json!({"email_id": "x"})), Some(&plain))
        .await
        .assert_error(401, "endpoint_not_authorized_for_sdk");
}

#[tokio::test]
async fn unlinking_names_a_retired_email_by_id_or_address() {
    let h = Harness::start().await;
    let plain = h.session_of(&SOYLENT_PLAIN).await;
    h.sdk(Method::POST, START_OWN, Some(json!({"email_address": NEW_EMAIL})), Some(&plain)).await.data();
    let retired = h.redeem_link_to(NEW_EMAIL, None).await.data()["member"]["retired_email_addresses"][0].clone();
    let unlink = |body: Value| h.sdk(Method::POST, UNLINK_OWN, Some(body), Some(&plain));
    unlink(json!({})).await.assert_error(400, "retired_email_missing_email_identifiers");
    unlink(json!({"email_address": "never@soylent.test"})).await.assert_error(404, "email_not_found");
    let mismatched = json!({"email_id": retired["email_id"], "email_address": "never@soylent.test"});
    unlink(mismatched).await.assert_error(404, "email_not_found");
    let by_id = unlink(json!({"email_id": retired["email_id"]})).await;
    assert_eq!(by_id.data()["member"]["retired_email_addresses"], json!([]));
    unlink(json!({"email_id": retired["email_id"]})).await.assert_error(404, "email_not_found");
}

#[tokio::test]
async fn the_backend_updates_an_email_at_once_starts_an_update_and_unlinks() {
    let h = Harness::start().await;
    let member = backend_member_path(SOYLENT, SOYLENT_PLAIN.id, "");
    let updated = h.backend(Method::PUT, &member, Some(json!({"email_address": "pat@changed.test"}))).await;
    let m = &updated.ok()["member"];
    assert_eq!((m["email_address"].as_str(), m["email_address_verified"].as_bool()), (Some("pat@changed.test"), Some(false)));
    assert_eq!(m["retired_email_addresses"][0]["email_address"], SOYLENT_PLAIN.email);
    let taken = h
        .backend(Method::PUT, &backend_member_path(SOYLENT, SOYLENT_ADMIN.id, ""), Some(json!({"email_address": SOYLENT_PLAIN.email})))
        .await;
    taken.assert_error(400, "desired_email_deactivated_by_different_member");
    // `unlink_email`: the old address is dropped, not retired.
    let again = h.backend(Method::PUT, &member, Some(json!({"email_address": "pat@third.test", "unlink_email": true}))).await;
    assert_eq!(again.ok()["member"]["retired_email_addresses"].as_array().unwrap().len(), 1, "only the first address is retired");

    let unlink = backend_member_path(SOYLENT, SOYLENT_PLAIN.id, "/unlink_retired_email");
    let unlinked = h.backend_post(&unlink, json!({"email_address": SOYLENT_PLAIN.email})).await;
    assert_eq!((unlinked.ok()["organization_id"].as_str(), unlinked.ok()["member_id"].as_str()), (Some(SOYLENT), Some(SOYLENT_PLAIN.id)));
    assert_eq!(unlinked.ok()["member"]["retired_email_addresses"], json!([]));

    // An unverified email cannot start a self-serve update; the admin's verified one can.
    let start = backend_member_path(SOYLENT, SOYLENT_PLAIN.id, "/start_email_update");
    h.backend_post(&start, json!({"email_address": NEW_EMAIL})).await.assert_error(400, "member_has_no_active_verified_email");
    let start = backend_member_path(SOYLENT, SOYLENT_ADMIN.id, "/start_email_update");
    let started = h.backend_post(&start, json!({"email_address": NEW_EMAIL, "delivery_method": "EMAIL_MAGIC_LINK"})).await;
    assert_eq!(started.ok()["member"]["email_address"], SOYLENT_ADMIN.email);
    assert_eq!(h.last_email(NEW_EMAIL).await["member_id"], SOYLENT_ADMIN.id);
    let nowhere = backend_member_path("organization-test-nowhere", SOYLENT_ADMIN.id, "/start_email_update");
    h.backend_post(&nowhere, json!({"email_address": NEW_EMAIL})).await.assert_error(404, "organization_not_found");
}

#[tokio::test]
async fn an_access_token_the_emulator_never_issued_is_refused_on_both_apis() {
    let h = Harness::start().await;
    for reply in [
        h.post("/b2b/sessions/exchange_access_token", json!({"access_token": "eyJ.not.issued"}), None).await,
        h.backend_post("/v1/b2b/sessions/exchange_access_token", json!({"access_token": "eyJ.not.issued"})).await,
    ] {
        reply.assert_error(400, "oauth_access_token_exchange_token_invalid_grant");
    }
    h.post("/b2b/sessions/exchange_access_token", json!({}), None).await.assert_error(400, "bad_request");
    let too_long = json!({"access_token": "t", "session_duration_minutes": 1});
    h.post("/b2b/sessions/exchange_access_token", too_long, None).await.assert_error(400, "invalid_session_duration_minutes");
}

#[tokio::test]
async fn attesting_checks_its_input_and_refuses_an_unknown_profile() {
    let h = Harness::start().await;
    let attest = json!({"profile_id": "trusted-auth-token-profile-test-none", "token": "eyJ.a.b"});
    h.post("/b2b/sessions/attest", attest.clone(), None).await.assert_error(404, "trusted_token_profile_not_found");
    h.backend_post("/v1/b2b/sessions/attest", attest.clone()).await.assert_error(404, "trusted_token_profile_not_found");
    h.post("/b2b/sessions/attest", json!({"token": "eyJ.a.b"}), None).await.assert_error(400, "bad_request");
    h.post("/b2b/sessions/attest", json!({"profile_id": "p"}), None).await.assert_error(400, "bad_request");
    let mut elsewhere = attest.clone();
    elsewhere["organization_id"] = json!("organization-test-nowhere");
    h.backend_post("/v1/b2b/sessions/attest", elsewhere).await.assert_error(404, "organization_not_found");
    let mut stale = attest;
    stale["session_token"] = json!("no-such-session");
    h.backend_post("/v1/b2b/sessions/attest", stale).await.assert_error(404, "session_not_found");
}
