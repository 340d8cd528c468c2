//! Where requests go: Stytch's defaults by token kind, or a custom base URL (any http or
//! https base, so the local emulator works).

use super::constants::{LIVE_API_URL, TEST_API_URL};
use super::validate::UsageError;

pub fn is_test_token(public_token: &str) -> bool {
    contains(public_token, "public-token-test")
}

/// Substring test by byte windows: `str::contains` with a `&str` pattern links a two-way
/// searcher into the wasm, which costs more than this does.
fn contains(haystack: &str, needle: &str) -> bool {
    haystack.as_bytes().windows(needle.len()).any(|w| w == needle.as_bytes())
}

pub fn check_public_token(public_token: &str) -> Result<(), UsageError> {
    if public_token.starts_with("public-token-") && public_token.len() > "public-token-".len() {
        Ok(())
    } else {
        Err(UsageError::new("publicToken must be a Stytch public token (public-token-test-… or public-token-live-…)."))
    }
}

/// Resolves the API base. `endpoints` (Stytch's `{testAPIURL, liveAPIURL}`) wins over
/// `customBaseUrl`; a custom base without a scheme gets `https://`, as Stytch's client does.
pub fn base_url(public_token: &str, custom: Option<&str>, endpoints: Option<(&str, &str)>) -> Result<String, UsageError> {
    let (chosen, option) = match (endpoints, custom) {
        (Some((test, live)), _) => ((if is_test_token(public_token) { test } else { live }).to_string(), "endpoints"),
        (None, Some(c)) if !c.is_empty() => {
            if c.starts_with("http://") || c.starts_with("https://") {
                (c.to_string(), "customBaseUrl")
            } else if contains(c, "://") {
                return Err(UsageError::new("customBaseUrl must be an http or https URL."));
            } else {
                let mut s = String::from("https://");
                s.push_str(c);
                (s, "customBaseUrl")
            }
        }
        _ => return Ok(if is_test_token(public_token) { TEST_API_URL } else { LIVE_API_URL }.to_string()),
    };
    // Checked after the scheme is added and trailing slashes go: "/" must not become "https:".
    let url = &chosen[..chosen.bytes().rposition(|b| b != b'/').map_or(0, |i| i + 1)];
    check_url(url, option)?;
    Ok(url.to_string())
}

fn check_url(url: &str, option: &str) -> Result<(), UsageError> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    match rest {
        // A host, and nothing no URL holds raw (spaces, control characters).
        Some(host) if !host.is_empty() && !host.starts_with('/') && !url.bytes().any(|b| b <= b' ' || b == 0x7f) => Ok(()),
        _ => {
            let mut m = String::from(option);
            m.push_str(" must be an http or https URL.");
            Err(UsageError::new(m))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEST: &str = "public-token-test-1";
    const LIVE: &str = "public-token-live-1";

    #[test]
    fn defaults_follow_the_token_kind() {
        assert_eq!(base_url(TEST, None, None).unwrap(), "https://test.stytch.com");
        assert_eq!(base_url(LIVE, None, None).unwrap(), "https://api.stytch.com");
    }

    #[test]
    fn custom_bases() {
        assert_eq!(base_url(TEST, Some("http://127.0.0.1:9797/"), None).unwrap(), "http://127.0.0.1:9797");
        assert_eq!(base_url(LIVE, Some("login.example.com"), None).unwrap(), "https://login.example.com");
        assert!(base_url(LIVE, Some("ftp://x"), None).is_err());
        assert!(base_url(LIVE, Some("http://"), None).is_err());
        // Found by the core_parsers fuzz target: these became "https:".
        assert!(base_url(LIVE, Some("//"), None).is_err());
        assert!(base_url(LIVE, Some("/"), None).is_err());
        assert!(base_url(LIVE, Some("https:///"), None).is_err());
        assert!(base_url(LIVE, Some("a b.example"), None).is_err());
        assert!(base_url(LIVE, None, Some(("http://x", "http://\nx"))).is_err());
    }

    #[test]
    fn endpoints_pick_by_token_kind_and_win() {
        let e = Some(("http://test.local", "http://live.local"));
        assert_eq!(base_url(TEST, Some("ignored.example"), e).unwrap(), "http://test.local");
        assert_eq!(base_url(LIVE, None, e).unwrap(), "http://live.local");
        assert!(base_url(TEST, None, Some(("nope", "nope"))).is_err());
    }

    #[test]
    fn public_token_shape() {
        assert!(check_public_token(TEST).is_ok());
        assert!(check_public_token("").is_err());
        assert!(check_public_token("secret-123").is_err());
    }
}
