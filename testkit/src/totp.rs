//! TOTP (RFC 6238: SHA-1, 30 s, 6 digits) by `totp-lite`, independent of the emulator's own.

/// The code for `unix_seconds` of a base32 secret (with or without padding). The time is the
/// control API's `Clock::now_unix` (an `i64`) or any other integer after 1970.
pub fn code<T: TryInto<u64>>(secret_base32: &str, unix_seconds: T) -> String
where
    T::Error: std::fmt::Debug,
{
    let unix_seconds = unix_seconds.try_into().expect("a time after 1970");
    let key = data_encoding::BASE32_NOPAD
        .decode(secret_base32.trim_end_matches('=').as_bytes())
        .unwrap_or_else(|e| panic!("not a base32 secret: {e}"));
    totp_lite::totp_custom::<totp_lite::Sha1>(30, 6, &key, unix_seconds)
}

/// A six-digit code other than `code` (for wrong-code tests).
pub fn wrong(code: &str) -> &'static str {
    if code == "000000" {
        "111111"
    } else {
        "000000"
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn rfc_6238_test_vector() {
        // RFC 6238's SHA-1 key "12345678901234567890" at T = 59 s gives 94287082 (8 digits).
        let secret = data_encoding::BASE32_NOPAD.encode(b"12345678901234567890");
        assert_eq!(super::code(&secret, 59u64), "287082");
        assert_eq!(super::code(&secret, 59i64), "287082");
    }
}
