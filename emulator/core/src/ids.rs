//! Ids, bearer secrets and one-time codes, as Stytch shapes them.

use base64::Engine;
use rand::{distributions::Alphanumeric, Rng};

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
    let s: String = rand::thread_rng().sample_iter(&Alphanumeric).take(12).map(|c| (c as char).to_ascii_lowercase()).collect();
    format!("{}-{}-{}", &s[0..4], &s[4..8], &s[8..12])
}

/// The `request_id` of every answer.
pub fn request_id() -> String {
    new_id("request-id")
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
    fn codes_have_the_documented_shape() {
        let c = new_otp_code();
        assert_eq!(c.len(), 6);
        assert!(c.bytes().all(|b| b.is_ascii_digit()));
        let r = new_recovery_code();
        assert_eq!(r.len(), 14);
        assert_eq!(&r[4..5], "-");
    }
}
