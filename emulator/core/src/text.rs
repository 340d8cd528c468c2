//! Text as the API and its pages show it: timestamps, percent-encoding, masked phone numbers,
//! truncation and HTML escaping.

use time::{format_description::well_known::Rfc3339, OffsetDateTime};

/// RFC 3339 in UTC, the timestamp format of every Stytch object.
pub fn rfc3339(unix: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix).unwrap_or(OffsetDateTime::UNIX_EPOCH).format(&Rfc3339).unwrap_or_default()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masking_keeps_prefix_and_last_four() {
        assert_eq!(mask_phone("+15555550102"), "+1******0102");
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
