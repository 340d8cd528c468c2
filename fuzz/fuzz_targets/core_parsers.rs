//! The portable core's parsers on arbitrary input: no panic, and each agrees with what it
//! promises (base64 with a reference encoder, the stored-value codec with itself, cookie
//! lookups with the header they came from, base URLs always http(s)).
#![no_main]

use base64::Engine;
use libfuzzer_sys::fuzz_target;
use stytch_b2b_headless::portable::{auth, config, storage, validate};
use validate::{Field, Rule};

const RULES: [Rule; 12] = [
    Rule::Required,
    Rule::Jwt,
    Rule::OptionalString,
    Rule::Code,
    Rule::OptionalPhone,
    Rule::SessionMinutes,
    Rule::OptionalSessionMinutes,
    Rule::OptionalExpirationMinutes,
    Rule::OptionalBool,
    Rule::OptionalNumber,
    Rule::OptionalEnrollment,
    Rule::Email,
];

fuzz_target!(|data: &[u8]| {
    assert_eq!(auth::base64(data), base64::engine::general_purpose::STANDARD.encode(data));
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (name, header) = text.split_once('\n').unwrap_or(("stytch_session", text));

    if let Some(v) = storage::cookie_value(header, name) {
        assert!(header.contains(v));
    }
    let _ = storage::decode(text, 0.0);
    let encoded = storage::encode(text, 2e12);
    assert_eq!(storage::decode(&encoded, 1e12), (!text.is_empty()).then_some(text));

    let number = text.parse::<f64>().ok();
    for rule in RULES {
        let _ = validate::validate([("field", rule)], |_| Field::Str(text.to_string()));
        if let Some(n) = number {
            let _ = validate::validate([("field", rule)], |_| Field::Num(n));
        }
    }
    let _ = validate::is_email(text);
    let _ = validate::is_e164(text);

    let _ = config::check_public_token(text);
    for url in [config::base_url("public-token-test-x", Some(text), None), config::base_url(name, None, Some((header, header)))]
        .into_iter()
        .flatten()
    {
        assert!(url.starts_with("http://") || url.starts_with("https://"), "{url}");
    }
});
