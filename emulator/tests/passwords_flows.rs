//! `passwords.resetBySession` and password discovery over real HTTP (#22 flows): a reset by a
//! recently proven session (which revokes the member's other sessions), and a password
//! proven before any organization is chosen (`passwords.discovery.authenticate`,
//! `resetByEmailStart`, `resetByEmail`), set and matched across a person's memberships.

mod common;

use common::*;
use serde_json::json;

const NEW_PASSWORD: &str = "a-much-Stronger-passphrase-2026";

async fn globex_session(h: &Harness) -> String {
    h.password_login(GLOBEX, GLOBEX_OPTIONAL.email).await["session_token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_recent_session_resets_the_password_and_ends_the_members_other_sessions() {
    let h = Harness::start().await;
    let other = globex_session(&h).await;
    let session = globex_session(&h).await;
    let r = h.post("/b2b/passwords/session/reset", json!({"password": NEW_PASSWORD}), Some(&session)).await;
    let d = r.data();
    assert_eq!((d["member_id"].as_str(), d["member_authenticated"].as_bool()), (Some(GLOBEX_OPTIONAL.id), Some(true)));
    assert_eq!(d["session_token"], session.as_str());
    h.post("/b2b/sessions/authenticate", json!({}), Some(&other)).await.assert_error(404, "session_not_found");
    h.post("/b2b/sessions/authenticate", json!({}), Some(&session)).await.data();
    // The new password logs in; the old one no longer does.
    let login = json!({"organization_id": GLOBEX, "email_address": GLOBEX_OPTIONAL.email, "password": NEW_PASSWORD});
    h.post("/b2b/passwords/authenticate", login, None).await.data();
    let old = json!({"organization_id": GLOBEX, "email_address": GLOBEX_OPTIONAL.email, "password": PASSWORD});
    h.post("/b2b/passwords/authenticate", old, None).await.assert_error(401, "unauthorized_credentials");
}

#[tokio::test]
async fn reset_by_session_refusals() {
    let h = Harness::start().await;
    let session = globex_session(&h).await;
    h.post("/b2b/passwords/session/reset", json!({"password": "short"}), Some(&session)).await.assert_error(400, "weak_password");
    h.post("/b2b/passwords/session/reset", json!({"password": NEW_PASSWORD}), None).await.assert_error(404, "session_not_found");
    // The backend names the organization, which must be the session's.
    let body = json!({"organization_id": ACME, "password": NEW_PASSWORD, "session_token": session});
    h.backend_post("/v1/b2b/passwords/session/reset", body).await.assert_error(400, "session_member_mismatch");
    // A session whose factors are older than five minutes must authenticate again first.
    h.advance_clock(5 * 60 + 1).await;
    let body = json!({"organization_id": GLOBEX, "password": NEW_PASSWORD, "session_token": session});
    h.backend_post("/v1/b2b/passwords/session/reset", body).await.assert_error(400, "insufficient_factors");
}

#[tokio::test]
async fn a_password_proves_the_email_before_an_organization_is_chosen() {
    let h = Harness::start().await;
    let body = json!({"email_address": PIEDPIPER_SHARED.email, "password": PASSWORD});
    let r = h.backend_post("/v1/b2b/passwords/discovery/authenticate", body).await;
    let d = r.ok();
    assert_eq!(d["email_address"], PIEDPIPER_SHARED.email);
    assert_eq!(d["discovered_organizations"].as_array().unwrap().len(), 2);
    let ist = d["intermediate_session_token"].as_str().unwrap();
    let entered = h.enter_organization(ist, PIEDPIPER).await;
    assert_eq!(entered.data()["member_session"]["authentication_factors"][0]["type"], "password");

    let wrong = json!({"email_address": PIEDPIPER_SHARED.email, "password": "not-the-password"});
    h.post("/b2b/passwords/discovery/authenticate", wrong, None).await.assert_error(401, "unauthorized_credentials");
    let nobody = json!({"email_address": "nobody@nowhere.test", "password": PASSWORD});
    h.post("/b2b/passwords/discovery/authenticate", nobody, None).await.assert_error(401, "unauthorized_credentials");
}

#[tokio::test]
async fn a_discovery_password_session_does_not_join_by_email_domain() {
    let h = Harness::start().await;
    // A Globex member at the open domain, whose password is set by the discovery reset.
    h.backend_post(&format!("/v1/b2b/organizations/{GLOBEX}/members"), json!({"email_address": "pw@piedpiper.test"})).await.ok();
    h.post("/b2b/passwords/discovery/reset/start", json!({"email_address": "pw@piedpiper.test"}), None).await.data();
    let outbox = h.control_get("/_emulator/outbox?to=pw@piedpiper.test").await;
    let token = outbox["messages"][0]["password_reset_token"].as_str().unwrap().to_string();
    h.post("/b2b/passwords/discovery/reset", json!({"password_reset_token": token, "password": NEW_PASSWORD}), None).await.data();
    // Logged in by password alone, the email is not proven: Pied Piper does not take it in.
    let r = h
        .post("/b2b/passwords/discovery/authenticate", json!({"email_address": "pw@piedpiper.test", "password": NEW_PASSWORD}), None)
        .await;
    let types: Vec<&str> =
        r.data()["discovered_organizations"].as_array().unwrap().iter().map(|o| o["membership"]["type"].as_str().unwrap()).collect();
    assert_eq!(types, ["active_member"], "Globex only: Pied Piper is not offered to an unproven email");
    let ist = r.data()["intermediate_session_token"].as_str().unwrap().to_string();
    h.post("/b2b/discovery/intermediate_sessions/exchange", json!({"intermediate_session_token": ist, "organization_id": PIEDPIPER}), None)
        .await
        .assert_error(404, "member_not_found");
}

#[tokio::test]
async fn a_discovery_reset_sets_the_password_of_every_membership() {
    let h = Harness::start().await;
    let email = PIEDPIPER_SHARED.email;
    // The backend's path is under `/email/`.
    h.backend_post("/v1/b2b/passwords/discovery/email/reset/start", json!({"email_address": email})).await.ok();
    let outbox = h.control_get(&format!("/_emulator/outbox?to={email}")).await;
    let m = outbox["messages"][0].clone();
    let url = m["password_reset_url"].as_str().unwrap();
    assert!(url.starts_with("http://localhost:3000/authenticate?stytch_token_type=discovery&token="), "{url}");
    let token = m["password_reset_token"].as_str().unwrap();

    h.post("/b2b/passwords/discovery/reset", json!({"password_reset_token": token, "password": "weak"}), None)
        .await
        .assert_error(400, "weak_password");
    let r =
        h.backend_post("/v1/b2b/passwords/discovery/email/reset", json!({"password_reset_token": token, "password": NEW_PASSWORD})).await;
    assert_eq!(r.ok()["email_address"], email);
    assert!(!r.ok()["intermediate_session_token"].as_str().unwrap().is_empty());
    // Single use.
    h.post("/b2b/passwords/discovery/reset", json!({"password_reset_token": token, "password": NEW_PASSWORD}), None)
        .await
        .assert_error(401, "unable_to_auth_password_reset_token");
    // Both memberships take the new password.
    for org in [PIEDPIPER, INITECH] {
        let login = json!({"organization_id": org, "email_address": email, "password": NEW_PASSWORD});
        h.post("/b2b/passwords/authenticate", login, None).await.data();
    }
}

#[tokio::test]
async fn discovery_reset_refusals() {
    let h = Harness::start().await;
    let cases = [
        (json!({"email_address": "nobody@nowhere.test"}), 404, "member_not_found"),
        (json!({"email_address": "nope"}), 400, "invalid_email"),
        (json!({"email_address": PIEDPIPER_SHARED.email, "reset_password_expiration_minutes": 1}), 400, "invalid_expiration"),
        (
            json!({"email_address": PIEDPIPER_SHARED.email, "reset_password_redirect_url": "https://evil.test/"}),
            400,
            "no_match_for_provided_magic_link_url",
        ),
    ];
    for (body, status, error_type) in cases {
        h.post("/b2b/passwords/discovery/reset/start", body, None).await.assert_error(status, error_type);
    }
    // PKCE: a reset started with a challenge needs its verifier.
    let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    h.post(
        "/b2b/passwords/discovery/reset/start",
        json!({"email_address": PIEDPIPER_SHARED.email, "pkce_code_challenge": challenge}),
        None,
    )
    .await
    .data();
    let outbox = h.control_get(&format!("/_emulator/outbox?to={}", PIEDPIPER_SHARED.email)).await;
    let token = outbox["messages"][0]["password_reset_token"].as_str().unwrap().to_string();
    h.post("/b2b/passwords/discovery/reset", json!({"password_reset_token": token, "password": NEW_PASSWORD}), None)
        .await
        .assert_error(400, "pkce_expected_code_verifier");
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let body = json!({"password_reset_token": token, "password": NEW_PASSWORD, "pkce_code_verifier": verifier});
    h.post("/b2b/passwords/discovery/reset", body, None).await.data();
    // A discovery magic link is not a reset token.
    h.post("/b2b/magic_links/email/discovery/send", json!({"email_address": PIEDPIPER_SHARED.email}), None).await.data();
    let outbox = h.control_get(&format!("/_emulator/outbox?to={}", PIEDPIPER_SHARED.email)).await;
    let link = outbox["messages"].as_array().unwrap().last().unwrap()["magic_link_token"].as_str().unwrap().to_string();
    h.post("/b2b/passwords/discovery/reset", json!({"password_reset_token": link, "password": NEW_PASSWORD}), None)
        .await
        .assert_error(401, "unable_to_auth_password_reset_token");
}
