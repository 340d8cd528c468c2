//! Small helpers shared by every module: ids, random secrets, time formatting.

use std::sync::{Mutex, MutexGuard};

use base64::Engine;
use rand::{distributions::Alphanumeric, Rng};
use time::{format_description::well_known::Rfc3339, OffsetDateTime};

/// A Stytch-style id: `<prefix>-test-<uuid v4>`.
pub fn new_id(prefix: &str) -> String {
    let b: [u8; 16] = rand::thread_rng().gen();
    format!(
        "{prefix}-test-{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        u32::from_be_bytes([b[0], b[1], b[2], b[3]]),
        u16::from_be_bytes([b[4], b[5]]),
        u16::from_be_bytes([b[6], b[7]]) & 0x0fff,
        (u16::from_be_bytes([b[8], b[9]]) & 0x3fff) | 0x8000,
        u64::from_be_bytes([0, 0, b[10], b[11], b[12], b[13], b[14], b[15]])
    )
}

/// An opaque bearer secret (session token, IST, magic-link token): 32 random bytes, base64url.
pub fn new_secret() -> String {
    let b: [u8; 32] = rand::thread_rng().gen();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

/// Six random decimal digits, the SMS one-time passcode.
pub fn new_otp_code() -> String {
    format!("{:06}", rand::thread_rng().gen_range(0..1_000_000u32))
}

/// A recovery code, `xxxx-xxxx-xxxx` in lowercase letters and digits.
pub fn new_recovery_code() -> String {
    let s: String = rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(12)
        .map(|c| (c as char).to_ascii_lowercase())
        .collect();
    format!("{}-{}-{}", &s[0..4], &s[4..8], &s[8..12])
}

/// RFC 3339 in UTC, the timestamp format of every Stytch object.
pub fn rfc3339(unix: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
        .format(&Rfc3339)
        .unwrap_or_default()
}

pub fn request_id() -> String {
    new_id("request-id")
}

/// Percent-encodes everything outside RFC 3986's unreserved set (for the otpauth URI).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Masks a phone number the way member_options shows it: country prefix and last four digits.
pub fn mask_phone(e164: &str) -> String {
    let n = e164.len();
    if n <= 6 {
        return e164.to_string();
    }
    format!("{}{}{}", &e164[..2], "*".repeat(n - 6), &e164[n - 4..])
}

/// At most `max` bytes of `s`, cut on a character boundary.
pub fn truncate_utf8(s: &str, max: usize) -> String {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s[..end].to_string()
}

/// Text for an HTML page (the identity provider's consent pages).
pub fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

/// A JSON object, as request and response bodies are built.
pub type Object = serde_json::Map<String, serde_json::Value>;

/// Locks a mutex whether or not a panicking thread poisoned it: a handler that panicked
/// (answered as a 500) must not take the emulator down with it.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_look_like_stytch_ids() {
        let id = new_id("member");
        assert!(id.starts_with("member-test-"));
        assert_eq!(id.len(), "member-test-".len() + 36);
        assert_ne!(id, new_id("member"));
    }

    #[test]
    fn masking_keeps_prefix_and_last_four() {
        assert_eq!(mask_phone("+15555550102"), "+1******0102");
    }

    #[test]
    fn codes_have_the_documented_shape() {
        let c = new_otp_code();
        assert_eq!(c.len(), 6);
        assert!(c.bytes().all(|b| b.is_ascii_digit()));
        let r = new_recovery_code();
        assert_eq!(r.len(), 14);
        assert_eq!(&r[4..5], "-");
    }

    #[test]
    fn truncation_keeps_whole_characters() {
        assert_eq!(truncate_utf8("abcdef", 3), "abc");
        assert_eq!(truncate_utf8("ab", 3), "ab");
        assert_eq!(truncate_utf8("aé", 2), "a");
    }

    #[test]
    fn percent_encoding() {
        assert_eq!(percent_encode("MFA Demo:a@b.c"), "MFA%20Demo%3Aa%40b.c");
    }
}
