//! PKCE (RFC 7636) as Stytch checks it on password resets, OAuth and SSO.

use crate::error::{ApiError, ApiResult, ErrorType};

/// PKCE as Stytch checks it: a challenge recorded at the start needs the verifier whose
/// SHA-256 (base64url) it is; no challenge, no verifier.
pub fn check_pkce(challenge: Option<&str>, verifier: Option<&str>) -> ApiResult<()> {
    use base64::Engine;
    use sha2::Digest;
    match (challenge, verifier.filter(|v| !v.is_empty())) {
        (None, None) => Ok(()),
        (None, Some(_)) => Err(ApiError::new(
            400,
            ErrorType::PkceDidNotExpectCodeVerifier,
            "No code_challenge was sent for this reset; send no code_verifier.",
        )),
        (Some(_), None) => Err(ApiError::new(
            400,
            ErrorType::PkceExpectedCodeVerifier,
            "This reset was started with a code_challenge; send its code_verifier.",
        )),
        (Some(c), Some(v)) => {
            let computed = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(v.as_bytes()));
            if computed == c {
                Ok(())
            } else {
                Err(ApiError::new(400, ErrorType::PkceMismatch, "The code_verifier does not match the code_challenge."))
            }
        }
    }
}
