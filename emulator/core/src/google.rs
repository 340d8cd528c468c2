//! The local Google identity provider behind Google One Tap (onetap24, issue #24): the key its
//! ID tokens are signed with (served as a JWKS at `/gsi/certs`), the tokens the stand-in for
//! Google Identity Services mints (`/gsi/credential`), and their verification as Stytch
//! verifies Google's: signature, issuer, audience (the project's Google client id), expiry and
//! a verified email. The stand-in script itself is `gsi_client.js`, served at `/gsi/client`.

use std::sync::OnceLock;

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::error::{ApiError, ApiResult, ErrorType};
use crate::jwt::Keys;
use crate::limits::{GOOGLE_ID_TOKEN_SECONDS, MAX_GOOGLE_CLIENT_ID_CHARS};

/// The issuer of Google's ID tokens, which Stytch requires.
pub const ISSUER: &str = "https://accounts.google.com";

/// The Google client id a project starts with: One Tap on, with the local provider.
pub const LOCAL_CLIENT_ID: &str = "local-google-client-id.apps.emulator.test";

pub fn default_client_id() -> String {
    LOCAL_CLIENT_ID.into()
}

/// The stand-in for Google's `https://accounts.google.com/gsi/client`, for a project named
/// `project_name` (its prompt's title names it). The name goes in as a JSON string literal,
/// which is a JavaScript string literal too, and the script shows it as text only.
pub fn client_script(project_name: &str) -> String {
    let literal = serde_json::to_string(project_name).expect("a string is JSON");
    include_str!("gsi_client.js").replacen("'__STYTCH_EMULATOR_PROJECT_NAME__'", &literal, 1)
}

/// The local Google key. A fixed key, kept in the source on purpose: it stands for Google's,
/// which nobody outside Google holds, and everything it signs the emulator's own
/// `/gsi/credential` mints for any email anyway, so knowing it grants nothing more. Fixed,
/// its tokens survive restarts and state files, and start-up makes no RSA key (parsed on the
/// first One Tap request, not at start).
fn key() -> &'static Keys {
    static KEY: OnceLock<Keys> = OnceLock::new();
    KEY.get_or_init(|| Keys::from_pem(include_str!("local_google.pem")).expect("the local Google key is a PKCS#8 RSA key"))
}

/// `GET /gsi/certs`: the local Google key as a JWKS, as Google publishes its own.
pub fn jwks() -> Value {
    json!({ "keys": [key().jwk()] })
}

/// A project's Google client id, as the control API and seeds set it: empty (One Tap off) or
/// printable ASCII without spaces, at most `MAX_GOOGLE_CLIENT_ID_CHARS`.
pub fn check_client_id(id: &str) -> Result<(), String> {
    if id.len() > MAX_GOOGLE_CLIENT_ID_CHARS {
        return Err(format!("at most {MAX_GOOGLE_CLIENT_ID_CHARS} characters"));
    }
    if !id.bytes().all(|b| b.is_ascii_graphic()) {
        return Err("printable ASCII without spaces (or empty, to turn Google One Tap off)".into());
    }
    Ok(())
}

/// The Google account id (`sub`) of an email at the local provider: stable, numeric and 21
/// digits long like Google's, so an app that stores it sees the same id every sign-in.
pub fn subject(email: &str) -> String {
    let digest = Sha256::digest(email.to_ascii_lowercase().as_bytes());
    let n = u64::from_be_bytes(digest[..8].try_into().expect("8 bytes"));
    format!("1{n:020}")
}

/// What the stand-in's prompt asks a token for: the page's client id, the account's email
/// and whether Google calls it verified; `now` (the emulated clock) and the token's own random
/// id `jti`.
pub struct Mint<'a> {
    pub client_id: &'a str,
    pub email: &'a str,
    pub email_verified: bool,
    pub now: i64,
    pub jti: &'a str,
}

/// `POST /gsi/credential`: the ID token Google's prompt hands the page when `email` picks an
/// account, for the project's client id (`project_client_id`; another is refused, as Google
/// refuses an origin its client does not list).
pub fn mint(project_client_id: &str, m: Mint) -> ApiResult<String> {
    let Mint { client_id, email, email_verified, now, jti } = m;
    if project_client_id.is_empty() || client_id != project_client_id {
        return Err(ApiError::new(
            400,
            ErrorType::InvalidClientId,
            "client_id is not the project's Google client id (see GET /_emulator/google_one_tap).",
        ));
    }
    if !stytch_b2b_protocol::validate::is_email(email) {
        return Err(ApiError::new(400, ErrorType::InvalidEmail, "email is not a valid email address."));
    }
    let claims = json!({
        "iss": ISSUER,
        "azp": client_id,
        "aud": client_id,
        "sub": subject(email),
        "email": email,
        "email_verified": email_verified,
        "nbf": now,
        "iat": now,
        "exp": now + GOOGLE_ID_TOKEN_SECONDS,
        "jti": jti,
    });
    Ok(key().sign(&claims))
}

/// Who a verified ID token names.
#[derive(Debug)]
pub struct GoogleIdentity {
    pub subject: String,
    pub email: String,
}

/// Checks an ID token as Stytch checks Google's for One Tap: signed by the (local) Google key,
/// issued by Google, for the project's client id, not expired at `now` (the emulated clock),
/// with a verified email. Each failure is the error Stytch answers.
pub fn verify(id_token: &str, client_id: &str, now: i64) -> ApiResult<GoogleIdentity> {
    let invalid = || ApiError::new(400, ErrorType::IdTokenInvalid, "The ID token is not a valid Google ID token.");
    let claims = key().signed_claims(id_token).ok_or_else(invalid)?;
    if claims["iss"] != ISSUER {
        return Err(invalid());
    }
    let audience_ok = match &claims["aud"] {
        Value::String(aud) => aud == client_id,
        Value::Array(auds) => auds.iter().any(|a| a == client_id),
        _ => false,
    };
    if !audience_ok {
        return Err(ApiError::new(
            400,
            ErrorType::IdTokenIncorrectAudience,
            "The ID token was issued for another Google client id than the project's.",
        ));
    }
    let expires_at = claims["exp"].as_i64().ok_or_else(invalid)?;
    if expires_at <= now {
        return Err(ApiError::new(400, ErrorType::IdTokenExpired, "The ID token has expired."));
    }
    if claims["email_verified"] != true {
        return Err(ApiError::new(400, ErrorType::OauthUnverifiedEmail, "Google has not verified the account's email address."));
    }
    let text = |name: &str| claims[name].as_str().filter(|s| !s.is_empty()).map(str::to_string);
    let (Some(subject), Some(email)) = (text("sub"), text("email")) else { return Err(invalid()) };
    if !stytch_b2b_protocol::validate::is_email(&email) {
        return Err(invalid());
    }
    Ok(GoogleIdentity { subject, email })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minted(client_id: &str, email: &str, email_verified: bool, now: i64) -> ApiResult<String> {
        mint(LOCAL_CLIENT_ID, Mint { client_id, email, email_verified, now, jti: "j" })
    }

    #[test]
    fn a_minted_token_verifies_for_its_client_until_it_expires() {
        let token = minted(LOCAL_CLIENT_ID, "Someone@Example.test", true, 1_000).unwrap();
        let who = verify(&token, LOCAL_CLIENT_ID, 1_000 + GOOGLE_ID_TOKEN_SECONDS - 1).unwrap();
        assert_eq!((who.email.as_str(), who.subject.len()), ("Someone@Example.test", 21));
        assert_eq!(who.subject, subject("someone@example.test"), "one account per address, whatever its case");
        let err = |r: ApiResult<GoogleIdentity>| r.unwrap_err().body()["error_type"].clone();
        assert_eq!(err(verify(&token, "another-client", 1_000)), "id_token_incorrect_audience");
        assert_eq!(err(verify(&token, LOCAL_CLIENT_ID, 1_000 + GOOGLE_ID_TOKEN_SECONDS)), "id_token_expired");
        assert_eq!(err(verify("not.a.jwt", LOCAL_CLIENT_ID, 1_000)), "id_token_invalid");
        let unverified = minted(LOCAL_CLIENT_ID, "someone@example.test", false, 1_000).unwrap();
        assert_eq!(err(verify(&unverified, LOCAL_CLIENT_ID, 1_000)), "oauth_unverified_email");
    }

    #[test]
    fn the_script_names_the_project_as_a_string_literal() {
        let script = client_script("Acme's \"app\"");
        assert!(script.contains(r#"var PROJECT_NAME = "Acme's \"app\"";"#));
        assert!(!script.contains("__STYTCH_EMULATOR_PROJECT_NAME__"));
    }

    #[test]
    fn only_the_projects_client_id_gets_a_credential() {
        assert!(minted("other", "a@b.test", true, 0).is_err());
        let off = mint("", Mint { client_id: "", email: "a@b.test", email_verified: true, now: 0, jti: "j" });
        assert!(off.is_err(), "One Tap off: no credential");
        assert!(minted(LOCAL_CLIENT_ID, "not an email", true, 0).is_err());
        assert!(check_client_id("").is_ok() && check_client_id(LOCAL_CLIENT_ID).is_ok());
        assert!(check_client_id("has space").is_err() && check_client_id(&"x".repeat(MAX_GOOGLE_CLIENT_ID_CHARS + 1)).is_err());
    }
}
