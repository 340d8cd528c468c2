//! The protocol crate's types describe the emulator's answers exactly: every answer of an MFA
//! login, read into its type and written back, is the JSON that was sent (no field lost,
//! none invented), so a typed client sees all of it.

mod common;

use common::*;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::{json, Value};
use stytch_b2b_protocol as pm;

/// Reads `data` as `T`, checks that writing it back gives the same JSON, and returns it.
fn typed<T: DeserializeOwned + Serialize>(what: &str, data: &Value) -> T {
    let value: T = serde_json::from_value(data.clone()).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(&serde_json::to_value(&value).unwrap(), data, "{what}: read and written back");
    value
}

#[tokio::test]
async fn every_answer_of_an_mfa_login_round_trips_through_its_type() {
    let h = Harness::start().await;

    // Password -> SMS: the server sends the code itself.
    let login: pm::AuthenticateResponse = typed("passwords.authenticate", &h.password_login(ACME, "sms.member@acme.test").await);
    assert!(!login.member_authenticated && login.member_session.is_none());
    let mfa = login.mfa_required.expect("mfa_required");
    assert_eq!(mfa.secondary_auth_initiated, Some(pm::SecondaryAuth::SmsOtp));
    assert_eq!(login.organization.mfa_policy, pm::MfaPolicy::RequiredForAll);
    let ist = login.intermediate_session_token;

    let phone = login.member.mfa_phone_number.clone();
    let code = h.last_sms_code(&phone).await;
    let sms = json!({"organization_id": ACME, "member_id": ACME_SMS.id, "code": code, "session_duration_minutes": 60, "intermediate_session_token": ist});
    let session: pm::SessionResponse = typed("otps.sms.authenticate", h.post("/b2b/otps/sms/authenticate", sms, None).await.data());
    let types: Vec<_> = session.member_session.authentication_factors.iter().map(|f| f.factor_type.clone()).collect();
    assert_eq!(types, [pm::FactorType::Password, pm::FactorType::Otp]);
    let token = session.session_token;

    let refreshed: pm::SessionResponse =
        typed("session.authenticate", h.post("/b2b/sessions/authenticate", json!({}), Some(&token)).await.data());
    assert_eq!(refreshed.member_session.member_session_id, session.member_session.member_session_id);

    // A send by a signed-in member, and TOTP enrollment.
    let send = json!({"organization_id": ACME, "member_id": ACME_SMS.id});
    let _: pm::MemberResponse = typed("otps.sms.send", h.post("/b2b/otps/sms/send", send, Some(&token)).await.data());
    let create = json!({"organization_id": ACME, "member_id": ACME_SMS.id});
    let totp: pm::TotpCreateResponse = typed("totp.create", h.post("/b2b/totp", create, Some(&token)).await.data());
    assert!(totp.qr_code.starts_with("data:image/png;base64,") && totp.recovery_codes.len() == 10);
    let code = h.totp_code(&totp.secret, 0).await;
    let auth = json!({"organization_id": ACME, "member_id": ACME_SMS.id, "code": code, "session_duration_minutes": 60});
    let _: pm::SessionResponse = typed("totp.authenticate", h.post("/b2b/totp/authenticate", auth, Some(&token)).await.data());

    let codes: pm::RecoveryCodesResponse = typed("recoveryCodes.get", h.get("/b2b/recovery_codes", Some(&token)).await.data());
    let _: pm::RecoveryCodesResponse =
        typed("recoveryCodes.rotate", h.post("/b2b/recovery_codes/rotate", json!({}), Some(&token)).await.data());
    assert_eq!(codes.recovery_codes.len(), 10);

    // Recovery codes as the second factor of a new login.
    let ist = h.password_login(ACME, "totp.member@acme.test").await["intermediate_session_token"].as_str().unwrap().to_string();
    let recover = json!({"organization_id": ACME, "member_id": ACME_TOTP.id, "recovery_code": "acme-0001-rc01", "session_duration_minutes": 60, "intermediate_session_token": ist});
    let recovered: pm::RecoveryCodesRecoverResponse =
        typed("recoveryCodes.recover", h.post("/b2b/recovery_codes/recover", recover, None).await.data());
    assert_eq!(recovered.recovery_codes_remaining, 9);

    // Magic links: the send, and the authenticate answer with its own extra field.
    let send = json!({"organization_id": GLOBEX, "email_address": "optional.member@globex.test"});
    let sent: pm::MagicLinkSendResponse =
        typed("magicLinks.email.loginOrSignup", h.post("/b2b/magic_links/email/login_or_signup", send, None).await.data());
    assert!(!sent.member_created);
    let outbox = h.control_get("/_emulator/outbox").await;
    let link = outbox["messages"].as_array().unwrap().last().unwrap()["magic_link_token"].as_str().unwrap().to_string();
    let auth = json!({"magic_links_token": link, "session_duration_minutes": 60});
    let linked: pm::AuthenticateResponse =
        typed("magicLinks.authenticate", h.post("/b2b/magic_links/authenticate", auth, None).await.data());
    assert!(linked.member_authenticated && linked.extra.contains_key("method_id"));

    // Passwords: a reset start and a strength check.
    let start = json!({"organization_id": GLOBEX, "email_address": "optional.member@globex.test"});
    let _: pm::PasswordResetStartResponse =
        typed("passwords.resetByEmailStart", h.post("/b2b/passwords/email/reset/start", start, None).await.data());
    let strength: pm::StrengthCheckResponse =
        typed("passwords.strengthCheck", h.post("/b2b/passwords/strength_check", json!({"password": "short"}), None).await.data());
    assert!(!strength.valid_password && strength.luds_feedback.missing_characters > 0);

    let _: pm::BasicResponse = typed("session.revoke", h.post("/b2b/sessions/revoke", json!({}), Some(&token)).await.data());
}

#[tokio::test]
async fn error_bodies_round_trip_and_their_types_are_known() {
    let h = Harness::start().await;
    let wrong =
        json!({"organization_id": ACME, "email_address": "sms.member@acme.test", "password": "nope", "session_duration_minutes": 60});
    let reply = h.post("/b2b/passwords/authenticate", wrong, None).await;
    let body: pm::ErrorBody = typed("error", &reply.body);
    assert_eq!((body.status_code, body.error_type), (401, pm::ErrorType::UnauthorizedCredentials));
}

/// Every error the emulator answers carries a named `ErrorType`: `ApiError::new` takes the
/// enum, so the compiler holds each call site to the protocol's list. What it cannot see is a
/// type made from a string (`ErrorType::from`) or an unnamed one (`ErrorType::Other`); the
/// source must have neither.
#[test]
fn every_error_type_the_emulator_sends_is_named_in_the_protocol() {
    // The native server's sources and the core's.
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![here.join("src"), here.join("core/src")];
    let mut named = 0;
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for escape in ["ErrorType::Other", "ErrorType::from"] {
            assert!(!text.contains(escape), "{escape} in {}: name the type as a variant", path.display());
        }
        named += text.matches("ErrorType::").count();
    }
    assert!(named > 50, "found only {named} named error types: the scan is broken");
}

/// #22 flows: the answers of email OTP, discovery by a domain, OAuth discovery, session
/// exchange, invites and SSO discovery round-trip through their protocol types too.
#[tokio::test]
async fn the_flows_answers_round_trip_through_their_types() {
    let h = Harness::start().await;
    h.post("/b2b/otps/email/login_or_signup", json!({"organization_id": GLOBEX, "email_address": GLOBEX_OPTIONAL.email}), None)
        .await
        .data();
    let outbox = h.control_get(&format!("/_emulator/outbox?to={}", GLOBEX_OPTIONAL.email)).await;
    let code = outbox["messages"][0]["code"].as_str().unwrap();
    let body = json!({"organization_id": GLOBEX, "email_address": GLOBEX_OPTIONAL.email, "code": code});
    let login: pm::AuthenticateResponse = typed("otps.email.authenticate", h.post("/b2b/otps/email/authenticate", body, None).await.data());
    assert_eq!(login.member_session.unwrap().authentication_factors[0].factor_type, pm::FactorType::EmailOtp);

    h.post("/b2b/otps/email/discovery/send", json!({"email_address": "new@piedpiper.test"}), None).await.data();
    let outbox = h.control_get("/_emulator/outbox?to=new@piedpiper.test").await;
    let body = json!({"email_address": "new@piedpiper.test", "code": outbox["messages"][0]["code"]});
    let found: pm::DiscoveryAuthenticateResponse =
        typed("otps.email.discovery.authenticate", h.post("/b2b/otps/email/discovery/authenticate", body, None).await.data());
    assert_eq!(found.discovered_organizations[0].membership.membership_type, "eligible_to_join_by_email_domain");

    let shared = h.password_login(PIEDPIPER, PIEDPIPER_SHARED.email).await;
    let body = json!({"organization_id": INITECH});
    let exchanged: pm::AuthenticateResponse =
        typed("session.exchange", h.post("/b2b/sessions/exchange", body, shared["session_token"].as_str()).await.data());
    assert!(exchanged.mfa_required.is_some());

    let body = json!({"organization_id": GLOBEX, "email_address": "invitee@globex.test"});
    let invited: pm::MemberResponse = typed("magicLinks.email.invite", h.backend_post("/v1/b2b/magic_links/email/invite", body).await.ok());
    assert_eq!(invited.member.status, pm::MemberStatus::Invited);

    let path = format!("/b2b/sso/discovery/connections?email_address={}", ACME_SMS.email);
    let connections: pm::responses::SsoDiscoverConnectionsResponse = typed("sso.discoverConnections", h.get(&path, None).await.data());
    assert_eq!(connections.connections[0].connection_id, ACME_OIDC);
}
