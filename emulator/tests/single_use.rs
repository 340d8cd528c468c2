//! Single-use tokens are spent only by a request that succeeds: for each of them (OAuth and
//! SSO tokens, magic links, password-reset links, the IST a discovery exchange takes, SMS
//! and TOTP codes, recovery codes) a request that is refused for something else (a bad
//! session length, session, password, verifier or enrollment value) leaves the token usable,
//! and the corrected retry succeeds. Over real HTTP.

mod common;

use common::*;
use serde_json::{json, Value};

/// Outside Stytch's 5 to 527040 minutes.
const BAD_MINUTES: i64 = 1;

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// An OAuth or SSO token for the Globex member, through the consent step.
async fn idp_token(h: &Harness, flow: &str) -> String {
    let mut q = vec![("flow", flow), ("organization_id", GLOBEX), ("email", GLOBEX_OPTIONAL.email)];
    q.push(if flow == "oauth" { ("provider", "google") } else { ("connection_id", GLOBEX_SAML) });
    let resp = no_redirects().get(h.url("/v1/b2b/public/idp/consent")).query(&q).send().await.unwrap();
    assert_eq!(resp.status(), 302);
    let location = reqwest::Url::parse(resp.headers()["location"].to_str().unwrap()).unwrap();
    location.query_pairs().find(|(k, _)| k == "token").unwrap().1.to_string()
}

/// What spoils a request: fields replaced in its body, or a session token sent with it.
struct Spoiler {
    fields: Value,
    session: Option<&'static str>,
    status: u16,
    error_type: &'static str,
}

fn spoil(fields: Value, status: u16, error_type: &'static str) -> Spoiler {
    Spoiler { fields, session: None, status, error_type }
}

fn bad_minutes() -> Spoiler {
    spoil(json!({"session_duration_minutes": BAD_MINUTES}), 400, "invalid_session_duration_minutes")
}

/// A session token the emulator does not know, in the SDK's Authorization header.
fn unknown_session() -> Spoiler {
    Spoiler { fields: json!({}), session: Some("not-a-session-token"), status: 404, error_type: "session_not_found" }
}

/// `body` refused as each spoiler says, then accepted as it is.
async fn refused_then_accepted(h: &Harness, path: &str, body: Value, spoilers: &[Spoiler]) -> Value {
    for s in spoilers {
        let mut bad = body.clone();
        bad.as_object_mut().unwrap().extend(s.fields.as_object().unwrap().clone());
        h.post(path, bad, s.session).await.assert_error(s.status, s.error_type);
    }
    h.post(path, body, None).await.data().clone()
}

#[tokio::test]
async fn oauth_and_sso_tokens_survive_a_refused_authenticate() {
    let h = Harness::start().await;
    for (flow, path, field) in [("oauth", "/b2b/oauth/authenticate", "oauth_token"), ("sso", "/b2b/sso/authenticate", "sso_token")] {
        let token = idp_token(&h, flow).await;
        let body = json!({field: token, "session_duration_minutes": 60});
        let d = refused_then_accepted(&h, path, body.clone(), &[bad_minutes(), unknown_session()]).await;
        assert_eq!(d["member_authenticated"], true, "{flow}");
        // Spent by the success, once.
        h.post(path, body, None).await.assert_error(404, &format!("{flow}_token_not_found"));
    }
}

#[tokio::test]
async fn email_links_survive_a_refused_authenticate() {
    let h = Harness::start().await;
    h.post("/b2b/magic_links/email/login_or_signup", json!({"organization_id": GLOBEX, "email_address": GLOBEX_OPTIONAL.email}), None)
        .await
        .data();
    let outbox = h.control_get("/_emulator/outbox").await;
    let token = outbox["messages"][0]["magic_link_token"].as_str().unwrap().to_string();
    let body = json!({"magic_links_token": token, "session_duration_minutes": 60});
    let d = refused_then_accepted(&h, "/b2b/magic_links/authenticate", body, &[bad_minutes(), unknown_session()]).await;
    assert_eq!(d["member_authenticated"], true);

    h.post("/b2b/passwords/email/reset/start", json!({"organization_id": GLOBEX, "email_address": GLOBEX_OPTIONAL.email}), None)
        .await
        .data();
    let outbox = h.control_get("/_emulator/outbox").await;
    let token = outbox["messages"][1]["password_reset_token"].as_str().unwrap().to_string();
    let body = json!({"password_reset_token": token, "password": "a-Much-better-passw0rd!", "session_duration_minutes": 60});
    let weak = spoil(json!({"password": "weak"}), 400, "weak_password");
    let verifier = spoil(json!({"code_verifier": "unexpected"}), 400, "pkce_did_not_expect_code_verifier");
    let d = refused_then_accepted(&h, "/b2b/passwords/email/reset", body, &[bad_minutes(), weak, verifier, unknown_session()]).await;
    assert_eq!(d["member_authenticated"], true);
}

#[tokio::test]
async fn an_intermediate_session_survives_a_refused_discovery_exchange() {
    let h = Harness::start().await;
    let ist = h.password_login(ACME, ACME_SMS.email).await["intermediate_session_token"].as_str().unwrap().to_string();
    let body = json!({"organization_id": ACME, "intermediate_session_token": ist, "session_duration_minutes": 60});
    let elsewhere = spoil(json!({"organization_id": GLOBEX}), 404, "member_not_found");
    let d =
        refused_then_accepted(&h, "/b2b/discovery/intermediate_sessions/exchange", body, &[bad_minutes(), elsewhere, unknown_session()])
            .await;
    assert_eq!(d["member_id"], ACME_SMS.id);
}

#[tokio::test]
async fn mfa_codes_survive_a_refused_authenticate() {
    let h = Harness::start().await;
    let enrollment = || spoil(json!({"set_mfa_enrollment": "sometimes"}), 400, "bad_request");
    // SMS: the code sent with the login.
    let ist = h.password_login(ACME, ACME_SMS.email).await["intermediate_session_token"].as_str().unwrap().to_string();
    let code = h.last_sms_code(ACME_SMS.phone).await;
    let body = json!({"organization_id": ACME, "member_id": ACME_SMS.id, "code": code, "intermediate_session_token": ist, "session_duration_minutes": 60});
    let d = refused_then_accepted(&h, "/b2b/otps/sms/authenticate", body, &[bad_minutes(), enrollment()]).await;
    assert_eq!(factor_types(&d["member_session"]), ["password", "otp"]);
    // TOTP: a code is used once (replay protection) and only by the success.
    let ist = h.password_login(ACME, ACME_TOTP.email).await["intermediate_session_token"].as_str().unwrap().to_string();
    let code = h.totp_code(ACME_TOTP.totp_secret, 0).await;
    let body = json!({"organization_id": ACME, "member_id": ACME_TOTP.id, "code": code, "intermediate_session_token": ist, "session_duration_minutes": 60});
    let d = refused_then_accepted(&h, "/b2b/totp/authenticate", body, &[bad_minutes(), enrollment()]).await;
    assert_eq!(factor_types(&d["member_session"]), ["password", "totp"]);
    // A recovery code.
    let ist = h.password_login(ACME, ACME_TOTP.email).await["intermediate_session_token"].as_str().unwrap().to_string();
    let code = ACME_TOTP.recovery_codes[0];
    let body = json!({"organization_id": ACME, "member_id": ACME_TOTP.id, "recovery_code": code, "intermediate_session_token": ist, "session_duration_minutes": 60});
    let d = refused_then_accepted(&h, "/b2b/recovery_codes/recover", body, &[bad_minutes()]).await;
    assert_eq!(d["recovery_codes_remaining"], 9);
}

/// The consumer API's SMS code: sent with another user's session, it is refused as
/// `session_user_mismatch` before it is judged, and stays usable (it was spent on the refused
/// request before), as does its attempt count and the user's failure count.
#[tokio::test]
async fn a_consumer_sms_code_survives_a_refused_authenticate() {
    let h = Harness::start().await;
    let other = h
        .backend_post(
            "/v1/passwords/authenticate",
            json!({"email": USER_CONSUMER.email, "password": PASSWORD, "session_duration_minutes": 30}),
        )
        .await;
    let others_session = other.ok()["session_token"].as_str().unwrap().to_string();
    let phone = "+15555550377";
    let created = h.backend_post("/v1/users", json!({"phone_number": phone})).await;
    let user_id = created.ok()["user_id"].as_str().unwrap().to_string();
    let sent = h.backend_post("/v1/otps/sms/send", json!({"phone_number": phone})).await;
    let phone_id = sent.ok()["phone_id"].as_str().unwrap().to_string();
    let code = h.last_sms_code(phone).await;

    let with_others = json!({"method_id": phone_id, "code": code, "session_token": others_session});
    h.backend_post("/v1/otps/authenticate", with_others).await.assert_error(400, "session_user_mismatch");
    let o = h.backend_post("/v1/otps/authenticate", json!({"method_id": phone_id, "code": code, "session_duration_minutes": 30})).await;
    assert_eq!(o.ok()["user_id"], user_id.as_str());
    assert_eq!(o.body["user"]["phone_numbers"][0]["verified"], true);
    let session = &o.body["session"];
    assert_eq!(session["authentication_factors"][0]["phone_number_factor"]["phone_id"], phone_id.as_str());
    assert_ne!(o.body["session_token"], others_session.as_str(), "a session of its own");
}
