//! Enrolling an MFA factor (`totp.create`, `otps.sms.send`) over real HTTP, on the SDK API and
//! the backend API: a member who already has an active MFA factor gets another only with an
//! intermediate session or session that carries an MFA factor (a password alone cannot skip
//! the second factor); a member with none can be enrolled by the backend without either.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

const NEW_PHONE: &str = "+15555550188";

fn step(org: &str, member_id: &str, ist: &str) -> Value {
    json!({"organization_id": org, "member_id": member_id, "intermediate_session_token": ist})
}

impl Harness {
    /// The IST of a backend password login.
    async fn backend_ist(&self, org: &str, email: &str) -> String {
        let login = self
            .backend_post("/v1/b2b/passwords/authenticate", json!({"organization_id": org, "email_address": email, "password": PASSWORD}))
            .await;
        assert_eq!(login.ok()["member_authenticated"], false);
        login.ok()["intermediate_session_token"].as_str().unwrap().to_string()
    }

    /// The member as the backend reads it.
    async fn member(&self, org: &str, member_id: &str) -> Value {
        let path = format!("/v1/b2b/organizations/{org}/member?member_id={member_id}");
        self.backend(Method::GET, &path, None).await.ok()["member"].clone()
    }

    /// Completes the SMS member's login with the code sent at login: a session with `otp`.
    async fn sms_member_session(&self) -> Value {
        let ist = self.password_login(ACME, ACME_SMS.email).await["intermediate_session_token"].as_str().unwrap().to_string();
        let mut auth = step(ACME, ACME_SMS.id, &ist);
        auth["code"] = json!(self.last_sms_code(ACME_SMS.phone).await);
        let d = self.post("/b2b/otps/sms/authenticate", auth, None).await.data().clone();
        assert_eq!(factor_types(&d["member_session"]), ["password", "otp"]);
        d
    }

    /// Completes the TOTP member's login with a code: a session with `totp`.
    async fn totp_member_session(&self) -> Value {
        let ist = self.password_login(ACME, ACME_TOTP.email).await["intermediate_session_token"].as_str().unwrap().to_string();
        let mut auth = step(ACME, ACME_TOTP.id, &ist);
        auth["code"] = json!(self.totp_code(ACME_TOTP.totp_secret, 0).await);
        let d = self.post("/b2b/totp/authenticate", auth, None).await.data().clone();
        assert_eq!(factor_types(&d["member_session"]), ["password", "totp"]);
        d
    }
}

#[tokio::test]
async fn sdk_a_password_ist_cannot_add_totp_for_an_sms_member_a_session_with_the_sms_factor_can() {
    let h = Harness::start().await;
    let ist = h.password_login(ACME, ACME_SMS.email).await["intermediate_session_token"].as_str().unwrap().to_string();
    h.post("/b2b/totp", step(ACME, ACME_SMS.id, &ist), None).await.assert_error(401, "insufficient_factors");
    // Nothing was registered: no code of a secret the caller never got can be tried.
    let mut auth = step(ACME, ACME_SMS.id, &ist);
    auth["code"] = json!("123456");
    h.post("/b2b/totp/authenticate", auth, None).await.assert_error(404, "totp_not_found");

    // The member's own phone still completes the login, and that session adds the TOTP.
    let d = h.sms_member_session().await;
    let session = d["session_token"].as_str().unwrap().to_string();
    let created = h.post("/b2b/totp", json!({"organization_id": ACME, "member_id": ACME_SMS.id}), Some(&session)).await;
    let secret = created.data()["secret"].as_str().unwrap().to_string();
    let code = h.totp_code(&secret, 0).await;
    let auth = json!({"organization_id": ACME, "member_id": ACME_SMS.id, "code": code, "session_duration_minutes": 60});
    let d = h.post("/b2b/totp/authenticate", auth, Some(&session)).await;
    assert_eq!(factor_types(&d.data()["member_session"]), ["password", "otp", "totp"]);
}

#[tokio::test]
async fn backend_a_password_ist_cannot_add_totp_for_an_sms_member_a_session_jwt_with_the_sms_factor_can() {
    let h = Harness::start().await;
    let ist = h.backend_ist(ACME, ACME_SMS.email).await;
    h.backend_post("/v1/b2b/totp", step(ACME, ACME_SMS.id, &ist)).await.assert_error(401, "insufficient_factors");
    // Without any IST or session the member's factor is no less required.
    h.backend_post("/v1/b2b/totp", json!({"organization_id": ACME, "member_id": ACME_SMS.id}))
        .await
        .assert_error(400, "action_available_only_once_primary_authentication_is_met");
    assert_eq!(h.member(ACME, ACME_SMS.id).await["totp_registration_id"], "");

    let mut auth = step(ACME, ACME_SMS.id, &ist);
    auth["code"] = json!(h.last_sms_code(ACME_SMS.phone).await);
    let done = h.backend_post("/v1/b2b/otps/sms/authenticate", auth).await;
    let jwt = done.ok()["session_jwt"].as_str().unwrap().to_string();
    let created = h.backend_post("/v1/b2b/totp", json!({"organization_id": ACME, "member_id": ACME_SMS.id, "session_jwt": jwt})).await;
    assert!(!created.ok()["secret"].as_str().unwrap().is_empty());
}

#[tokio::test]
async fn sdk_a_password_ist_cannot_link_a_new_phone_for_a_totp_member_a_session_with_the_totp_factor_can() {
    let h = Harness::start().await;
    let ist = h.password_login(ACME, ACME_TOTP.email).await["intermediate_session_token"].as_str().unwrap().to_string();
    let mut send = step(ACME, ACME_TOTP.id, &ist);
    send["mfa_phone_number"] = json!(NEW_PHONE);
    h.post("/b2b/otps/sms/send", send, None).await.assert_error(401, "insufficient_factors");
    assert_eq!(h.outbox_len().await, 0, "no code was sent");
    assert_eq!(h.member(ACME, ACME_TOTP.id).await["mfa_phone_number"], "", "the phone was not linked");

    // With the authenticator the member logs in, and that session links the phone.
    let d = h.totp_member_session().await;
    let session = d["session_token"].as_str().unwrap().to_string();
    let send = json!({"organization_id": ACME, "member_id": ACME_TOTP.id, "mfa_phone_number": NEW_PHONE});
    h.post("/b2b/otps/sms/send", send, Some(&session)).await.data();
    let code = h.last_sms_code(NEW_PHONE).await;
    let auth = json!({"organization_id": ACME, "member_id": ACME_TOTP.id, "code": code, "session_duration_minutes": 60});
    let d = h.post("/b2b/otps/sms/authenticate", auth, Some(&session)).await;
    assert_eq!(factor_types(&d.data()["member_session"]), ["password", "totp", "otp"]);
    assert_eq!(d.data()["member"]["mfa_phone_number_verified"], true);
}

#[tokio::test]
async fn backend_a_password_ist_cannot_link_a_new_phone_for_a_totp_member_a_session_token_with_the_totp_factor_can() {
    let h = Harness::start().await;
    let ist = h.backend_ist(ACME, ACME_TOTP.email).await;
    let mut send = step(ACME, ACME_TOTP.id, &ist);
    send["mfa_phone_number"] = json!(NEW_PHONE);
    h.backend_post("/v1/b2b/otps/sms/send", send).await.assert_error(401, "insufficient_factors");
    h.backend_post("/v1/b2b/otps/sms/send", json!({"organization_id": ACME, "member_id": ACME_TOTP.id, "mfa_phone_number": NEW_PHONE}))
        .await
        .assert_error(400, "action_available_only_once_primary_authentication_is_met");
    assert_eq!(h.outbox_len().await, 0);
    assert_eq!(h.member(ACME, ACME_TOTP.id).await["mfa_phone_number"], "");

    let mut auth = step(ACME, ACME_TOTP.id, &ist);
    auth["code"] = json!(h.totp_code(ACME_TOTP.totp_secret, 0).await);
    let done = h.backend_post("/v1/b2b/totp/authenticate", auth).await;
    let token = done.ok()["session_token"].as_str().unwrap().to_string();
    let send = json!({"organization_id": ACME, "member_id": ACME_TOTP.id, "mfa_phone_number": NEW_PHONE, "session_token": token});
    h.backend_post("/v1/b2b/otps/sms/send", send).await.ok();
    assert_eq!(h.member(ACME, ACME_TOTP.id).await["mfa_phone_number"], NEW_PHONE);
}

#[tokio::test]
async fn a_recovery_code_session_adds_a_factor_for_a_member_without_their_authenticator() {
    let h = Harness::start().await;
    let ist = h.password_login(ACME, ACME_TOTP.email).await["intermediate_session_token"].as_str().unwrap().to_string();
    let mut recover = step(ACME, ACME_TOTP.id, &ist);
    recover["recovery_code"] = json!("acme-0001-rc01");
    let d = h.post("/b2b/recovery_codes/recover", recover, None).await;
    let session = d.data()["session_token"].as_str().unwrap().to_string();
    let send = json!({"organization_id": ACME, "member_id": ACME_TOTP.id, "mfa_phone_number": NEW_PHONE});
    h.post("/b2b/otps/sms/send", send, Some(&session)).await.data();
    assert_eq!(h.last_sms_code(NEW_PHONE).await.len(), 6);
}

#[tokio::test]
async fn a_verified_phone_is_not_replaced_even_on_a_session_that_carries_it() {
    let h = Harness::start().await;
    let d = h.sms_member_session().await;
    let session = d["session_token"].as_str().unwrap().to_string();
    let send = json!({"organization_id": ACME, "member_id": ACME_SMS.id, "mfa_phone_number": NEW_PHONE});
    h.post("/b2b/otps/sms/send", send, Some(&session)).await.assert_error(400, "mfa_phone_number_mismatch");
    assert_eq!(h.member(ACME, ACME_SMS.id).await["mfa_phone_number"], ACME_SMS.phone);
}

#[tokio::test]
async fn a_session_without_the_members_factor_cannot_add_one_until_it_proves_it() {
    let h = Harness::start().await;
    // Globex is OPTIONAL: the member links a phone on a password session without enrolling.
    let session = h.password_login(GLOBEX, GLOBEX_OPTIONAL.email).await["session_token"].as_str().unwrap().to_string();
    let send = json!({"organization_id": GLOBEX, "member_id": GLOBEX_OPTIONAL.id, "mfa_phone_number": NEW_PHONE});
    h.post("/b2b/otps/sms/send", send, Some(&session)).await.data();
    let auth =
        |code: String| json!({"organization_id": GLOBEX, "member_id": GLOBEX_OPTIONAL.id, "code": code, "session_duration_minutes": 60});
    h.post("/b2b/otps/sms/authenticate", auth(h.last_sms_code(NEW_PHONE).await), Some(&session)).await.data();

    // Not enrolled, so the next password login is a full session, with the password only.
    let d = h.password_login(GLOBEX, GLOBEX_OPTIONAL.email).await;
    assert_eq!(d["member_authenticated"], true);
    let session = d["session_token"].as_str().unwrap().to_string();
    let create = json!({"organization_id": GLOBEX, "member_id": GLOBEX_OPTIONAL.id});
    h.post("/b2b/totp", create.clone(), Some(&session)).await.assert_error(401, "insufficient_factors");
    // A code to the verified phone (the member's factor, not a new one) steps the session up.
    let send = json!({"organization_id": GLOBEX, "member_id": GLOBEX_OPTIONAL.id});
    h.post("/b2b/otps/sms/send", send, Some(&session)).await.data();
    h.post("/b2b/otps/sms/authenticate", auth(h.last_sms_code(NEW_PHONE).await), Some(&session)).await.data();
    h.post("/b2b/totp", create, Some(&session)).await.data();
}

#[tokio::test]
async fn backend_enrolls_a_member_without_a_factor_with_no_ist_or_session() {
    let h = Harness::start().await;
    let send = json!({"organization_id": ACME, "member_id": ACME_NEW.id, "mfa_phone_number": NEW_PHONE});
    let sent = h.backend_post("/v1/b2b/otps/sms/send", send.clone()).await;
    assert_eq!(sent.ok()["member"]["mfa_phone_number"], NEW_PHONE);
    assert_eq!(sent.ok()["member"]["mfa_phone_number_verified"], false);
    let code = h.last_sms_code(NEW_PHONE).await;

    // Authenticating the code still needs an IST or session (it completes MFA).
    let auth = json!({"organization_id": ACME, "member_id": ACME_NEW.id, "code": code, "session_duration_minutes": 60});
    h.backend_post("/v1/b2b/otps/sms/authenticate", auth.clone())
        .await
        .assert_error(400, "action_available_only_once_primary_authentication_is_met");
    let ist = h.backend_ist(ACME, ACME_NEW.email).await;
    let mut with_ist = auth.clone();
    with_ist["intermediate_session_token"] = json!(ist);
    let done = h.backend_post("/v1/b2b/otps/sms/authenticate", with_ist).await;
    assert!(!done.ok()["session_token"].as_str().unwrap().is_empty());
    assert_eq!(factor_types(&done.ok()["member_session"]), ["password", "otp"]);
    assert_eq!(done.ok()["member"]["mfa_phone_number_verified"], true);

    // Now the member has a factor: a send or a TOTP without an IST or session is refused.
    h.backend_post("/v1/b2b/otps/sms/send", json!({"organization_id": ACME, "member_id": ACME_NEW.id}))
        .await
        .assert_error(400, "action_available_only_once_primary_authentication_is_met");
    h.backend_post("/v1/b2b/totp", json!({"organization_id": ACME, "member_id": ACME_NEW.id}))
        .await
        .assert_error(400, "action_available_only_once_primary_authentication_is_met");
}

#[tokio::test]
async fn backend_creates_a_totp_for_a_member_without_a_factor_with_no_ist_or_session() {
    let h = Harness::start().await;
    let created = h.backend_post("/v1/b2b/totp", json!({"organization_id": GLOBEX, "member_id": GLOBEX_OPTIONAL.id})).await;
    let secret = created.ok()["secret"].as_str().unwrap().to_string();
    // The member completes it on their next login's session.
    let session = h.password_login(GLOBEX, GLOBEX_OPTIONAL.email).await["session_token"].as_str().unwrap().to_string();
    let code = h.totp_code(&secret, 0).await;
    let auth = json!({"organization_id": GLOBEX, "member_id": GLOBEX_OPTIONAL.id, "code": code, "session_duration_minutes": 60});
    let d = h.post("/b2b/totp/authenticate", auth, Some(&session)).await;
    assert_eq!(factor_types(&d.data()["member_session"]), ["password", "totp"]);
}

#[tokio::test]
async fn the_sdk_api_needs_an_ist_or_session_even_for_a_member_without_a_factor() {
    let h = Harness::start().await;
    let send = json!({"organization_id": ACME, "member_id": ACME_NEW.id, "mfa_phone_number": NEW_PHONE});
    h.post("/b2b/otps/sms/send", send, None).await.assert_error(400, "action_available_only_once_primary_authentication_is_met");
    h.post("/b2b/totp", json!({"organization_id": ACME, "member_id": ACME_NEW.id}), None)
        .await
        .assert_error(400, "action_available_only_once_primary_authentication_is_met");
    assert_eq!(h.outbox_len().await, 0);
}

#[tokio::test]
async fn an_ist_or_session_given_for_a_member_without_a_factor_must_be_theirs() {
    let h = Harness::start().await;
    let other = h.backend_ist(ACME, ACME_SMS.email).await;
    let send =
        json!({"organization_id": ACME, "member_id": ACME_NEW.id, "mfa_phone_number": NEW_PHONE, "intermediate_session_token": other});
    h.backend_post("/v1/b2b/otps/sms/send", send).await.assert_error(400, "intermediate_session_member_mismatch");
    let create = json!({"organization_id": ACME, "member_id": ACME_NEW.id, "session_token": "not-a-session"});
    h.backend_post("/v1/b2b/totp", create).await.assert_error(404, "session_not_found");
}
