//! The authentication flows over real HTTP: primary factors, SMS OTP, TOTP, recovery codes,
//! sessions, magic links and discovery, with every documented error path.

mod common;

use common::*;
use serde_json::json;

#[tokio::test]
async fn optional_org_password_login_gives_a_verifiable_session() {
    let h = Harness::start().await;
    let d = h.password_login(GLOBEX, "optional.member@globex.test").await;
    assert_eq!(d["member_authenticated"], true);
    assert_eq!(d["intermediate_session_token"], "");
    assert!(d["mfa_required"].is_null());
    assert_eq!(d["status_code"], 200);
    let token = d["session_token"].as_str().unwrap();
    assert!(token.len() >= 40);
    assert_eq!(factor_types(&d["member_session"]), ["password"]);
    assert_eq!(d["member_session"]["authentication_factors"][0]["delivery_method"], "knowledge");
    let claims = h.verify_jwt(d["session_jwt"].as_str().unwrap()).await;
    assert_eq!(claims["sub"], GLOBEX_OPTIONAL.id);
    assert_eq!(claims["https://stytch.com/session"]["id"], d["member_session"]["member_session_id"]);
    assert_eq!(claims["https://stytch.com/organization"]["organization_id"], GLOBEX);
    assert!(claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap() <= 300);
}

#[tokio::test]
async fn password_errors() {
    let h = Harness::start().await;
    let body = |org: &str, email: &str, pw: &str, minutes: i64| json!({"organization_id": org, "email_address": email, "password": pw, "session_duration_minutes": minutes});
    h.post("/b2b/passwords/authenticate", body(ACME, "sms.member@acme.test", "nope", 60), None)
        .await
        .assert_error(401, "unauthorized_credentials");
    h.post("/b2b/passwords/authenticate", body(ACME, "nobody@acme.test", PASSWORD, 60), None)
        .await
        .assert_error(401, "unauthorized_credentials");
    h.post("/b2b/passwords/authenticate", body("organization-test-nope", "sms.member@acme.test", PASSWORD, 60), None)
        .await
        .assert_error(404, "organization_not_found");
    for minutes in [4, 527_041] {
        h.post("/b2b/passwords/authenticate", body(GLOBEX, "optional.member@globex.test", PASSWORD, minutes), None)
            .await
            .assert_error(400, "invalid_session_duration_minutes");
    }
    for minutes in [5, 527_040] {
        h.post("/b2b/passwords/authenticate", body(GLOBEX, "optional.member@globex.test", PASSWORD, minutes), None).await.data();
    }
    assert_eq!(h.outbox_len().await, 0, "failed logins send nothing");
}

#[tokio::test]
async fn unenrolled_member_must_enroll_sms_then_gets_a_session() {
    let h = Harness::start().await;
    let d = h.password_login(ACME, "new.member@acme.test").await;
    assert_eq!(d["member_authenticated"], false);
    assert!(d["member_session"].is_null());
    assert_eq!(d["session_token"], "");
    assert_eq!(d["session_jwt"], "");
    assert!(d["mfa_required"]["member_options"].is_null(), "must enroll first");
    assert!(d["mfa_required"]["secondary_auth_initiated"].is_null());
    let ist = d["intermediate_session_token"].as_str().unwrap().to_string();
    assert!(!ist.is_empty());

    let send = |phone: &str| json!({"organization_id": ACME, "member_id": ACME_NEW.id, "mfa_phone_number": phone, "intermediate_session_token": ist});
    h.post("/b2b/otps/sms/send", send("5555550199"), None).await.assert_error(400, "invalid_phone_number");
    h.post("/b2b/otps/sms/send", send("+15555550102"), None).await.assert_error(400, "duplicate_member_phone_number");
    let sent = h.post("/b2b/otps/sms/send", send("+15555550199"), None).await;
    assert_eq!(sent.data()["member"]["mfa_phone_number"], "+15555550199");
    assert_eq!(sent.data()["member"]["mfa_phone_number_verified"], false);
    let code = h.last_sms_code("+15555550199").await;
    assert_eq!(code.len(), 6);

    let auth = |code: &str| {
        json!({"organization_id": ACME, "member_id": ACME_NEW.id, "code": code, "session_duration_minutes": 60,
               "intermediate_session_token": ist, "set_mfa_enrollment": "enroll"})
    };
    let wrong = if code == "000000" { "111111" } else { "000000" };
    h.post("/b2b/otps/sms/authenticate", auth(wrong), None).await.assert_error(404, "otp_code_not_found");
    // The wrong code left the IST usable: the right code completes the flow.
    let ok = h.post("/b2b/otps/sms/authenticate", auth(&code), None).await;
    let d = ok.data();
    assert_eq!(factor_types(&d["member_session"]), ["password", "otp"]);
    let otp_factor = &d["member_session"]["authentication_factors"][1];
    assert_eq!(otp_factor["delivery_method"], "sms");
    assert_eq!(otp_factor["phone_number_factor"]["phone_number"], "+15555550199");
    assert_eq!(d["member"]["mfa_enrolled"], true);
    assert_eq!(d["member"]["mfa_phone_number_verified"], true);
    assert_eq!(d["member"]["default_mfa_method"], "sms_otp");
    h.verify_jwt(d["session_jwt"].as_str().unwrap()).await;

    // The IST was consumed by the successful step.
    h.post("/b2b/otps/sms/authenticate", auth(&code), None).await.assert_error(404, "intermediate_session_not_found");

    // Next login: the code is sent automatically to the now-verified phone.
    let d = h.password_login(ACME, "new.member@acme.test").await;
    assert_eq!(d["mfa_required"]["secondary_auth_initiated"], "sms_otp");
    assert_eq!(d["mfa_required"]["member_options"]["mfa_phone_number"], "+1******0199");
}

#[tokio::test]
async fn sms_codes_are_replaced_burned_and_expire() {
    let h = Harness::start().await;
    let d = h.password_login(ACME, "sms.member@acme.test").await;
    assert_eq!(d["mfa_required"]["secondary_auth_initiated"], "sms_otp");
    assert_eq!(d["mfa_required"]["member_options"]["mfa_phone_number"], "+1******0102");
    assert_eq!(d["mfa_required"]["member_options"]["totp_registration_id"], "");
    let ist = d["intermediate_session_token"].as_str().unwrap().to_string();
    let first = h.last_sms_code("+15555550102").await;

    let send = json!({"organization_id": ACME, "member_id": ACME_SMS.id, "intermediate_session_token": ist});
    h.post("/b2b/otps/sms/send", send.clone(), None).await.data();
    let second = h.last_sms_code("+15555550102").await;
    let mut mismatch = send.clone();
    mismatch["mfa_phone_number"] = json!("+15555550111");
    h.post("/b2b/otps/sms/send", mismatch, None).await.assert_error(400, "mfa_phone_number_mismatch");
    let auth = |code: &str| json!({"organization_id": ACME, "member_id": ACME_SMS.id, "code": code, "session_duration_minutes": 60, "intermediate_session_token": ist});
    if first != second {
        h.post("/b2b/otps/sms/authenticate", auth(&first), None).await.assert_error(404, "otp_code_not_found");
    }

    // Five wrong attempts burn the code: the right one then fails too.
    h.post("/b2b/otps/sms/send", send.clone(), None).await.data();
    let code = h.last_sms_code("+15555550102").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        h.post("/b2b/otps/sms/authenticate", auth(wrong), None).await.assert_error(404, "otp_code_not_found");
    }
    h.post("/b2b/otps/sms/authenticate", auth(&code), None).await.assert_error(404, "otp_code_not_found");

    // A fresh code works.
    h.post("/b2b/otps/sms/send", send.clone(), None).await.data();
    let code = h.last_sms_code("+15555550102").await;
    let session = h.post("/b2b/otps/sms/authenticate", auth(&code), None).await.data()["session_token"].as_str().unwrap().to_string();

    // Step-up on the session: a code sent now expires after ten minutes.
    let step_up = json!({"organization_id": ACME, "member_id": ACME_SMS.id});
    h.post("/b2b/otps/sms/send", step_up.clone(), Some(&session)).await.data();
    let code = h.last_sms_code("+15555550102").await;
    h.advance_clock(601).await;
    let mut auth_on_session = step_up.clone();
    auth_on_session["code"] = json!(code);
    h.post("/b2b/otps/sms/authenticate", auth_on_session, Some(&session)).await.assert_error(404, "otp_code_not_found");
}

#[tokio::test]
async fn mfa_steps_need_primary_auth_and_a_matching_ist() {
    let h = Harness::start().await;
    let send = json!({"organization_id": ACME, "member_id": ACME_SMS.id});
    h.post("/b2b/otps/sms/send", send.clone(), None).await.assert_error(400, "action_available_only_once_primary_authentication_is_met");

    let ist = h.password_login(ACME, "new.member@acme.test").await["intermediate_session_token"].as_str().unwrap().to_string();
    let mut other_member = send.clone();
    other_member["intermediate_session_token"] = json!(ist);
    h.post("/b2b/otps/sms/send", other_member, None).await.assert_error(400, "intermediate_session_member_mismatch");

    let globex_ist = {
        // Globex is OPTIONAL: an enrolled Globex member gets an IST; enroll one via a session.
        let d = h.password_login(GLOBEX, "optional.member@globex.test").await;
        let session = d["session_token"].as_str().unwrap().to_string();
        let created = h.post("/b2b/totp", json!({"organization_id": GLOBEX, "member_id": GLOBEX_OPTIONAL.id}), Some(&session)).await;
        let secret = created.data()["secret"].as_str().unwrap().to_string();
        let code = h.totp_code(&secret, 0).await;
        h.post(
            "/b2b/totp/authenticate",
            json!({"organization_id": GLOBEX, "member_id": GLOBEX_OPTIONAL.id, "code": code, "set_mfa_enrollment": "enroll", "session_duration_minutes": 60}),
            Some(&session),
        )
        .await
        .data();
        let d = h.password_login(GLOBEX, "optional.member@globex.test").await;
        assert_eq!(d["member_authenticated"], false, "an enrolled member of an OPTIONAL org needs MFA");
        d["intermediate_session_token"].as_str().unwrap().to_string()
    };
    h.post(
        "/b2b/totp/authenticate",
        json!({"organization_id": ACME, "member_id": ACME_NEW.id, "code": "123456", "intermediate_session_token": globex_ist}),
        None,
    )
    .await
    .assert_error(400, "invalid_intermediate_session_token_for_organization");

    // ISTs live ten minutes.
    h.advance_clock(601).await;
    h.post(
        "/b2b/otps/sms/send",
        json!({"organization_id": ACME, "member_id": ACME_NEW.id, "mfa_phone_number": "+15555550177", "intermediate_session_token": ist}),
        None,
    )
    .await
    .assert_error(404, "intermediate_session_not_found");
}

#[tokio::test]
async fn totp_login_rejects_wrong_and_replayed_codes() {
    let h = Harness::start().await;
    let d = h.password_login(ACME, "totp.member@acme.test").await;
    assert!(d["mfa_required"]["secondary_auth_initiated"].is_null(), "TOTP members get no SMS");
    assert_eq!(d["mfa_required"]["member_options"]["totp_registration_id"], ACME_TOTP.totp_registration_id);
    assert_eq!(d["mfa_required"]["member_options"]["mfa_phone_number"], "");
    assert_eq!(h.outbox_len().await, 0);
    let ist = d["intermediate_session_token"].as_str().unwrap().to_string();
    let auth = |code: &str, ist: &str| json!({"organization_id": ACME, "member_id": ACME_TOTP.id, "code": code, "session_duration_minutes": 60, "intermediate_session_token": ist});

    let code = h.totp_code(ACME_TOTP.totp_secret, 0).await;
    let far = h.totp_code(ACME_TOTP.totp_secret, -5).await;
    if far != code {
        h.post("/b2b/totp/authenticate", auth(&far, &ist), None).await.assert_error(401, "invalid_totp_code");
    }
    let d = h.post("/b2b/totp/authenticate", auth(&code, &ist), None).await;
    let d = d.data();
    assert_eq!(factor_types(&d["member_session"]), ["password", "totp"]);
    assert_eq!(d["member_session"]["authentication_factors"][1]["delivery_method"], "authenticator_app");

    // The same code is not accepted twice, even on a fresh IST.
    let ist2 = h.password_login(ACME, "totp.member@acme.test").await["intermediate_session_token"].as_str().unwrap().to_string();
    h.post("/b2b/totp/authenticate", auth(&code, &ist2), None).await.assert_error(401, "invalid_totp_code");
    // The next step's code (inside the +-1 window) is.
    let next = h.totp_code(ACME_TOTP.totp_secret, 1).await;
    h.post("/b2b/totp/authenticate", auth(&next, &ist2), None).await.data();
}

#[tokio::test]
async fn totp_enrollment_returns_a_real_qr_code_and_recovery_codes() {
    let h = Harness::start().await;
    let ist = h.password_login(ACME, "new.member@acme.test").await["intermediate_session_token"].as_str().unwrap().to_string();
    let create = |minutes: i64| json!({"organization_id": ACME, "member_id": ACME_NEW.id, "expiration_minutes": minutes, "intermediate_session_token": ist});
    h.post("/b2b/totp", create(4), None).await.assert_error(400, "invalid_expiration_minutes");
    h.post("/b2b/totp", create(1441), None).await.assert_error(400, "invalid_expiration_minutes");
    let created = h.post("/b2b/totp", create(60), None).await;
    let d = created.data();
    let secret = d["secret"].as_str().unwrap().to_string();
    assert!(data_encoding::BASE32_NOPAD.decode(secret.as_bytes()).is_ok());
    assert_eq!(d["recovery_codes"].as_array().unwrap().len(), 10);
    assert!(d["totp_registration_id"].as_str().unwrap().starts_with("totp-test-"));
    assert_eq!(d["member"]["totp_registration_id"], "", "not active until verified");

    // The QR code is a PNG that decodes to the otpauth URI carrying the same secret.
    let qr = d["qr_code"].as_str().unwrap();
    let png_bytes =
        base64::Engine::decode(&base64::engine::general_purpose::STANDARD, qr.strip_prefix("data:image/png;base64,").unwrap()).unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let (w, hgt) = (info.width as usize, info.height as usize);
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, hgt, |x, y| buf[y * w + x]);
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1);
    let (_, content) = grids[0].decode().unwrap();
    assert!(content.starts_with("otpauth://totp/MFA%20Demo:new.member%40acme.test?"), "{content}");
    assert!(content.contains(&format!("secret={secret}")));

    let code = h.totp_code(&secret, 0).await;
    let auth = json!({"organization_id": ACME, "member_id": ACME_NEW.id, "code": code, "session_duration_minutes": 60,
                      "intermediate_session_token": ist, "set_mfa_enrollment": "enroll", "set_default_mfa": true});
    let d = h.post("/b2b/totp/authenticate", auth, None).await;
    let d = d.data();
    assert_eq!(d["member"]["mfa_enrolled"], true);
    assert_eq!(d["member"]["default_mfa_method"], "totp");
    assert_eq!(d["member"]["totp_registration_id"], created.data()["totp_registration_id"]);
    let session = d["session_token"].as_str().unwrap().to_string();

    // One active TOTP per member.
    h.post("/b2b/totp", json!({"organization_id": ACME, "member_id": ACME_NEW.id}), Some(&session))
        .await
        .assert_error(400, "active_totp_exists");
    // The recovery codes from create are now the member's.
    let codes = h.get("/b2b/recovery_codes", Some(&session)).await;
    assert_eq!(codes.data()["recovery_codes"], created.data()["recovery_codes"]);
}

#[tokio::test]
async fn unverified_totp_registration_expires() {
    let h = Harness::start().await;
    let ist = h.password_login(ACME, "new.member@acme.test").await["intermediate_session_token"].as_str().unwrap().to_string();
    let created = h
        .post(
            "/b2b/totp",
            json!({"organization_id": ACME, "member_id": ACME_NEW.id, "expiration_minutes": 5, "intermediate_session_token": ist}),
            None,
        )
        .await;
    let secret = created.data()["secret"].as_str().unwrap().to_string();
    h.advance_clock(301).await;
    let code = h.totp_code(&secret, 0).await;
    h.post(
        "/b2b/totp/authenticate",
        json!({"organization_id": ACME, "member_id": ACME_NEW.id, "code": code, "intermediate_session_token": ist}),
        None,
    )
    .await
    .assert_error(404, "totp_not_found");
}

#[tokio::test]
async fn restricted_org_allows_only_its_mfa_methods() {
    let h = Harness::start().await;
    let d = h.password_login(INITECH, "phone.member@initech.test").await;
    assert!(d["mfa_required"]["member_options"].is_null(), "SMS is not an option here");
    assert!(d["mfa_required"]["secondary_auth_initiated"].is_null());
    assert_eq!(h.outbox_len().await, 0, "no SMS sent in a TOTP-only organization");
    let ist = d["intermediate_session_token"].as_str().unwrap().to_string();
    h.post(
        "/b2b/otps/sms/send",
        json!({"organization_id": INITECH, "member_id": INITECH_PHONE.id, "intermediate_session_token": ist}),
        None,
    )
    .await
    .assert_error(403, "mfa_method_not_allowed");
    h.post(
        "/b2b/otps/sms/authenticate",
        json!({"organization_id": INITECH, "member_id": INITECH_PHONE.id, "code": "123456", "intermediate_session_token": ist}),
        None,
    )
    .await
    .assert_error(403, "mfa_method_not_allowed");
    h.post("/b2b/totp", json!({"organization_id": INITECH, "member_id": INITECH_PHONE.id, "intermediate_session_token": ist}), None)
        .await
        .data();

    let ist = h.password_login(INITECH, "restricted.member@initech.test").await["intermediate_session_token"].as_str().unwrap().to_string();
    h.post("/b2b/totp", json!({"organization_id": INITECH, "member_id": INITECH_RESTRICTED.id, "intermediate_session_token": ist}), None)
        .await
        .data();
}

#[tokio::test]
async fn recovery_codes_are_single_use_and_rotate() {
    let h = Harness::start().await;
    let ist = h.password_login(ACME, "totp.member@acme.test").await["intermediate_session_token"].as_str().unwrap().to_string();
    let recover = |code: &str, ist: &str| json!({"organization_id": ACME, "member_id": ACME_TOTP.id, "recovery_code": code, "session_duration_minutes": 60, "intermediate_session_token": ist});
    h.post("/b2b/recovery_codes/recover", recover("zzzz-zzzz-zzzz", &ist), None).await.assert_error(401, "invalid_recovery_code");
    let d = h.post("/b2b/recovery_codes/recover", recover("acme-0001-rc01", &ist), None).await;
    let d = d.data();
    assert_eq!(d["recovery_codes_remaining"], 9);
    assert_eq!(factor_types(&d["member_session"]), ["password", "recovery_codes"]);
    let session = d["session_token"].as_str().unwrap().to_string();

    let ist2 = h.password_login(ACME, "totp.member@acme.test").await["intermediate_session_token"].as_str().unwrap().to_string();
    h.post("/b2b/recovery_codes/recover", recover("acme-0001-rc01", &ist2), None).await.assert_error(401, "invalid_recovery_code");

    let codes = h.get("/b2b/recovery_codes", Some(&session)).await;
    let codes = codes.data()["recovery_codes"].as_array().unwrap().clone();
    assert_eq!(codes.len(), 9);
    assert!(!codes.contains(&json!("acme-0001-rc01")));
    let rotated = h.post("/b2b/recovery_codes/rotate", json!({}), Some(&session)).await;
    let rotated = rotated.data()["recovery_codes"].as_array().unwrap().clone();
    assert_eq!(rotated.len(), 10);
    assert!(!rotated.contains(&json!("acme-0002-rc02")));
    h.post("/b2b/recovery_codes/recover", recover("acme-0002-rc02", &ist2), None).await.assert_error(401, "invalid_recovery_code");
    let d = h.post("/b2b/recovery_codes/recover", recover(rotated[0].as_str().unwrap(), &ist2), None).await;
    assert_eq!(d.data()["recovery_codes_remaining"], 9);

    // Without a session there is nothing to read.
    h.get("/b2b/recovery_codes", None).await.assert_error(404, "session_not_found");
    h.post("/b2b/recovery_codes/rotate", json!({}), None).await.assert_error(404, "session_not_found");
    // A member with no TOTP has no recovery codes to rotate.
    let s = h.password_login(GLOBEX, "optional.member@globex.test").await["session_token"].as_str().unwrap().to_string();
    h.post("/b2b/recovery_codes/rotate", json!({}), Some(&s)).await.assert_error(404, "totp_not_found");
}

#[tokio::test]
async fn sessions_refresh_extend_expire_and_revoke() {
    let h = Harness::start().await;
    let d = h.password_login(GLOBEX, "optional.member@globex.test").await;
    let token = d["session_token"].as_str().unwrap().to_string();
    let expires = d["member_session"]["expires_at"].as_str().unwrap().to_string();

    let r = h.post("/b2b/sessions/authenticate", json!({}), Some(&token)).await;
    assert_eq!(r.data()["member_session"]["expires_at"], expires.as_str(), "no duration: no extension");
    assert_eq!(r.data()["session_token"], token.as_str());
    h.verify_jwt(r.data()["session_jwt"].as_str().unwrap()).await;
    h.post("/b2b/sessions/authenticate", json!({"session_duration_minutes": 4}), Some(&token))
        .await
        .assert_error(400, "invalid_session_duration_minutes");
    let r = h.post("/b2b/sessions/authenticate", json!({"session_duration_minutes": 600}), Some(&token)).await;
    assert!(r.data()["member_session"]["expires_at"].as_str().unwrap() > expires.as_str());

    // Expiry by the clock.
    h.advance_clock(601 * 60).await;
    h.post("/b2b/sessions/authenticate", json!({}), Some(&token)).await.assert_error(404, "session_not_found");

    let token = h.password_login(GLOBEX, "optional.member@globex.test").await["session_token"].as_str().unwrap().to_string();
    h.post("/b2b/sessions/revoke", json!({}), Some(&token)).await.data();
    h.post("/b2b/sessions/authenticate", json!({}), Some(&token)).await.assert_error(404, "session_not_found");
    h.post("/b2b/sessions/revoke", json!({}), Some(&token)).await.assert_error(404, "session_not_found");
    h.post("/b2b/sessions/authenticate", json!({}), None).await.assert_error(404, "session_not_found");
}

#[tokio::test]
async fn step_up_adds_the_factor_to_the_existing_session() {
    let h = Harness::start().await;
    let d = h.password_login(GLOBEX, "optional.member@globex.test").await;
    let token = d["session_token"].as_str().unwrap().to_string();
    let session_id = d["member_session"]["member_session_id"].clone();
    h.post(
        "/b2b/otps/sms/send",
        json!({"organization_id": GLOBEX, "member_id": GLOBEX_OPTIONAL.id, "mfa_phone_number": "+15555550201"}),
        Some(&token),
    )
    .await
    .data();
    let code = h.last_sms_code("+15555550201").await;
    h.advance_clock(90).await;
    let r = h
        .post(
            "/b2b/otps/sms/authenticate",
            json!({"organization_id": GLOBEX, "member_id": GLOBEX_OPTIONAL.id, "code": code, "session_duration_minutes": 60}),
            Some(&token),
        )
        .await;
    let s = &r.data()["member_session"];
    assert_eq!(s["member_session_id"], session_id, "same session");
    assert_eq!(factor_types(s), ["password", "otp"]);
    let pw = s["authentication_factors"][0]["last_authenticated_at"].as_str().unwrap();
    let otp = s["authentication_factors"][1]["last_authenticated_at"].as_str().unwrap();
    assert!(otp > pw, "each factor carries its own time");
    // A session of another member cannot be used for this member.
    h.post("/b2b/otps/sms/send", json!({"organization_id": ACME, "member_id": ACME_SMS.id}), Some(&token))
        .await
        .assert_error(400, "session_member_mismatch");
    // An unknown session token is refused everywhere it is sent.
    h.post("/b2b/otps/sms/send", json!({"organization_id": GLOBEX, "member_id": GLOBEX_OPTIONAL.id}), Some("not-a-session"))
        .await
        .assert_error(404, "session_not_found");
}

#[tokio::test]
async fn magic_links_log_in_sign_up_and_are_single_use() {
    let h = Harness::start().await;
    h.post("/b2b/magic_links/email/login_or_signup", json!({"organization_id": GLOBEX, "email_address": "not-an-email"}), None)
        .await
        .assert_error(400, "invalid_email");
    // White space or a control character anywhere makes an address invalid: the protocol's
    // `is_email`, the client's rule too.
    for email in ["optional.member@globex.test\t", "optional member@globex.test", "optional.member@globex.test\u{7f}"] {
        h.post("/b2b/magic_links/email/login_or_signup", json!({"organization_id": GLOBEX, "email_address": email}), None)
            .await
            .assert_error(400, "invalid_email");
    }
    let sent = h
        .post("/b2b/magic_links/email/login_or_signup", json!({"organization_id": GLOBEX, "email_address": "optional.member@globex.test", "login_redirect_url": "http://localhost:5173/auth"}), None)
        .await;
    assert_eq!(sent.data()["member_id"], GLOBEX_OPTIONAL.id);
    let outbox = h.control_get("/_emulator/outbox?to=optional.member@globex.test").await;
    let msg = &outbox["messages"][0];
    assert_eq!(msg["channel"], "email");
    let token = msg["magic_link_token"].as_str().unwrap().to_string();
    assert!(msg["magic_link_url"]
        .as_str()
        .unwrap()
        .starts_with("http://localhost:5173/auth?stytch_token_type=multi_tenant_magic_links&token="));

    let d = h.post("/b2b/magic_links/authenticate", json!({"magic_links_token": token, "session_duration_minutes": 60}), None).await;
    let d = d.data();
    assert_eq!(d["member_authenticated"], true);
    assert_eq!(factor_types(&d["member_session"]), ["magic_link"]);
    assert_eq!(d["member_session"]["authentication_factors"][0]["email_factor"]["email_address"], "optional.member@globex.test");
    assert!(d["method_id"].as_str().unwrap().starts_with("email-test-"));
    h.post("/b2b/magic_links/authenticate", json!({"magic_links_token": token, "session_duration_minutes": 60}), None)
        .await
        .assert_error(401, "unable_to_auth_magic_link");

    // Sign-up in a REQUIRED_FOR_ALL organization: new member, then MFA enrollment is required.
    let sent =
        h.post("/b2b/magic_links/email/login_or_signup", json!({"organization_id": ACME, "email_address": "fresh@acme.test"}), None).await;
    assert_eq!(sent.data()["member"]["status"], "pending");
    let token =
        h.control_get("/_emulator/outbox?to=fresh@acme.test").await["messages"][0]["magic_link_token"].as_str().unwrap().to_string();
    let d = h.post("/b2b/magic_links/authenticate", json!({"magic_links_token": token}), None).await;
    assert_eq!(d.data()["member_authenticated"], false);
    assert!(d.data()["mfa_required"]["member_options"].is_null());
    assert_eq!(d.data()["member"]["status"], "active");

    // Links expire after an hour.
    h.post(
        "/b2b/magic_links/email/login_or_signup",
        json!({"organization_id": GLOBEX, "email_address": "optional.member@globex.test"}),
        None,
    )
    .await
    .data();
    let outbox = h.control_get("/_emulator/outbox?to=optional.member@globex.test").await;
    let token = outbox["messages"][1]["magic_link_token"].as_str().unwrap().to_string();
    h.advance_clock(3601).await;
    h.post("/b2b/magic_links/authenticate", json!({"magic_links_token": token}), None).await.assert_error(401, "unable_to_auth_magic_link");
}

#[tokio::test]
async fn discovery_exchange_moves_the_primary_factor_to_another_organization() {
    let h = Harness::start().await;
    // The Globex member signs up in Acme too, and logs in there by magic link (MFA required).
    h.post(
        "/b2b/magic_links/email/login_or_signup",
        json!({"organization_id": ACME, "email_address": "optional.member@globex.test"}),
        None,
    )
    .await
    .data();
    let token = h.control_get("/_emulator/outbox").await["messages"][0]["magic_link_token"].as_str().unwrap().to_string();
    let ist = h.post("/b2b/magic_links/authenticate", json!({"magic_links_token": token}), None).await.data()["intermediate_session_token"]
        .as_str()
        .unwrap()
        .to_string();
    h.post("/b2b/discovery/intermediate_sessions/exchange", json!({"organization_id": INITECH, "intermediate_session_token": ist}), None)
        .await
        .assert_error(404, "member_not_found");
    let d = h
        .post(
            "/b2b/discovery/intermediate_sessions/exchange",
            json!({"organization_id": GLOBEX, "intermediate_session_token": ist, "session_duration_minutes": 60}),
            None,
        )
        .await;
    let d = d.data();
    assert_eq!(d["member_authenticated"], true);
    assert_eq!(d["member_id"], GLOBEX_OPTIONAL.id);
    assert_eq!(factor_types(&d["member_session"]), ["magic_link"]);
    h.post("/b2b/discovery/intermediate_sessions/exchange", json!({"organization_id": GLOBEX, "intermediate_session_token": ist}), None)
        .await
        .assert_error(404, "intermediate_session_not_found");
}
