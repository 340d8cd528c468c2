//! Answers shaped like those in Stytch's MFA guide read into the protocol types, including
//! fields and values this version does not know.

use stytch_b2b_protocol::{AuthenticateResponse, ErrorBody, ErrorType, MfaMethod, MfaPolicy, Restriction, SecondaryAuth};

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_password_login_that_needs_the_second_factor() {
    let r: AuthenticateResponse = serde_json::from_str(&fixture("password_login_mfa_required.json")).unwrap();
    assert!(!r.member_authenticated);
    assert!(r.member_session.is_none());
    assert_eq!(r.session_token, "");
    assert_eq!(r.intermediate_session_token, "SeiGwdj5lKkrEVgcEY3QNJXt6srxS3IK2Nwkar6mXD4=");
    let mfa = r.mfa_required.unwrap();
    assert_eq!(mfa.secondary_auth_initiated, Some(SecondaryAuth::SmsOtp));
    assert_eq!(mfa.member_options.unwrap().mfa_phone_number, "+1******1234");
    assert_eq!(r.member.default_mfa_method, "sms_otp");
    // An object's fields that are missing take defaults; unknown ones are ignored.
    assert!(!r.member.is_locked);
    assert_eq!(r.organization.mfa_policy, MfaPolicy::RequiredForAll);
    assert_eq!(r.organization.mfa_methods, Restriction::Restricted);
    assert_eq!(r.organization.allowed_mfa_methods, [MfaMethod::SmsOtp, MfaMethod::Other("webauthn".into())]);
    assert!(r.organization.allows_mfa(&MfaMethod::SmsOtp));
    assert!(!r.organization.allows_mfa(&MfaMethod::Totp));
    assert!(r.primary_required.is_none());
    assert_eq!(r.status_code, 200);
}

#[test]
fn a_member_with_no_second_factor_must_enroll_one() {
    let r: AuthenticateResponse = serde_json::from_str(&fixture("must_enroll.json")).unwrap();
    let mfa = r.mfa_required.unwrap();
    assert_eq!(mfa.member_options, None);
    assert_eq!(mfa.secondary_auth_initiated, None);
}

#[test]
fn an_error_body() {
    let e: ErrorBody = serde_json::from_str(&fixture("error_invalid_totp.json")).unwrap();
    assert_eq!((e.status_code, e.error_type), (401, ErrorType::InvalidTotpCode));
    assert!(e.error_details.is_none());
}
