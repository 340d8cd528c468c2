//! Argument checks, run before any request. Stytch's client checks types only in dev
//! builds; we check always, and check values too (E.164 phones, six-digit codes, ranges).

/// A usage error's message (the JS layer prefixes `Invalid call to stytch.<method>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

impl UsageError {
    pub fn new(msg: impl Into<String>) -> Self {
        Self(msg.into())
    }

    fn field(name: &str, must: &str) -> Self {
        let mut m = String::with_capacity(name.len() + must.len() + 1);
        m.push_str(name);
        m.push(' ');
        m.push_str(must);
        Self(m)
    }
}

/// One argument as read from the caller's JS object.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    /// `undefined` or `null`: the key is left out of the request.
    Absent,
    Str(String),
    Num(f64),
    Bool(bool),
    /// An object, array, function or other value no parameter takes.
    Other,
}

/// What a parameter must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// A non-empty string (ids, passwords, tokens).
    Required,
    OptionalString,
    /// Six decimal digits.
    Code,
    OptionalPhone,
    /// Minutes of session, 5..=527040 (the API's range).
    SessionMinutes,
    OptionalSessionMinutes,
    /// TOTP registration lifetime, 5..=1440.
    OptionalExpirationMinutes,
    OptionalBool,
    OptionalNumber,
    /// `'enroll'` or `'unenroll'`.
    OptionalEnrollment,
    Email,
    /// A JWT minted elsewhere (`session.attest`'s token, a Connected Apps access token):
    /// non-empty, longer than other tokens (a signature alone is hundreds of characters).
    Jwt,
    /// An id that goes into a request's path: 1 to 256 letters, digits, `-` and `_` (Stytch's
    /// ids are such), so a value can never change which route is called (`../`, `?`, `#`).
    Id,
}

/// A method's parameters with their rules, written `spec!(organization_id: Required, ...)` and
/// kept as one string, `name:r,` per parameter (`r` the rule's letter, `rule_code!`): a table
/// of (pointer, length, rule) entries made the npm download 212 bytes (gzip) larger with 150
/// parameters (measured with `scripts/check-size.mjs`), pointers being what deflate compresses
/// worst.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spec(pub &'static str);

/// `Spec`'s entries, read from its string.
#[derive(Clone)]
pub struct Entries(&'static [u8], &'static str);

impl Iterator for Entries {
    type Item = (&'static str, Rule);

    fn next(&mut self) -> Option<Self::Item> {
        // Byte-level: `name:r,` (a name is ASCII).
        let colon = self.0.iter().position(|&b| b == b':')?;
        let name = &self.1[..colon];
        let rule = Rule::from_code(self.0[colon + 1]);
        let rest = colon + 3;
        self.0 = &self.0[rest.min(self.0.len())..];
        self.1 = &self.1[rest.min(self.1.len())..];
        Some((name, rule))
    }
}

impl Spec {
    pub fn iter(self) -> Entries {
        Entries(self.0.as_bytes(), self.0)
    }

    pub fn contains(self, name: &str, rule: Rule) -> bool {
        self.iter().any(|e| e == (name, rule))
    }

    pub fn is_empty(self) -> bool {
        self.0.is_empty()
    }
}

impl IntoIterator for Spec {
    type Item = (&'static str, Rule);
    type IntoIter = Entries;

    fn into_iter(self) -> Entries {
        self.iter()
    }
}

/// `spec!(name: Rule, ...)`: a [`Spec`], made at compile time.
#[macro_export]
macro_rules! spec {
    ($($name:ident: $rule:ident),* $(,)?) => {
        $crate::validate::Spec(concat!($(stringify!($name), ":", $crate::rule_code!($rule), ","),*))
    };
}

/// The letter of a rule in a [`Spec`]'s string ([`Rule::from_code`] reads it back).
#[doc(hidden)]
#[macro_export]
macro_rules! rule_code {
    (Required) => {
        "a"
    };
    (OptionalString) => {
        "b"
    };
    (Code) => {
        "c"
    };
    (OptionalPhone) => {
        "d"
    };
    (SessionMinutes) => {
        "e"
    };
    (OptionalSessionMinutes) => {
        "f"
    };
    (OptionalExpirationMinutes) => {
        "g"
    };
    (OptionalBool) => {
        "h"
    };
    (OptionalNumber) => {
        "i"
    };
    (OptionalEnrollment) => {
        "j"
    };
    (Email) => {
        "k"
    };
    (Jwt) => {
        "l"
    };
    (Id) => {
        "m"
    };
}

/// Longest ids, tokens, passwords and codes accepted (Stytch's are far shorter); longer
/// ones are a usage error, never sent.
pub const MAX_TOKEN_CHARS: usize = 256;
/// Longest JWT accepted (Stytch caps custom claims at 4 KB; this leaves room for the rest).
pub const MAX_JWT_CHARS: usize = 8192;
/// RFC 5321's limit for an address.
pub const MAX_EMAIL_CHARS: usize = 254;
/// Other strings (locales, redirect URLs, template ids).
pub const MAX_STRING_CHARS: usize = 2048;

fn within(s: &str, max: usize) -> bool {
    // Bytes bound chars from above; count chars only when the bytes exceed the limit (each
    // char has one byte that is not a UTF-8 continuation byte: smaller in the wasm than
    // `chars().count()`).
    s.len() <= max || s.bytes().filter(|b| b & 0xC0 != 0x80).count() <= max
}

/// Whether `s` has something besides ASCII whitespace (`trim()` would link Unicode's
/// whitespace table into the client's wasm).
fn not_blank(s: &str) -> bool {
    s.bytes().any(|b| !b.is_ascii_whitespace())
}

/// Checks every parameter in `spec` (a method's [`Spec`], or any list of them); `get` reads
/// one from the caller's object.
#[inline]
pub fn validate<'a>(spec: impl IntoIterator<Item = (&'a str, Rule)>, get: impl Fn(&str) -> Field) -> Result<(), UsageError> {
    for (name, rule) in spec {
        check(name, rule, &get(name))?;
    }
    Ok(())
}

fn check(name: &str, rule: Rule, value: &Field) -> Result<(), UsageError> {
    use Field::*;
    let err = |must: &str| Err(UsageError::field(name, must));
    match (rule, value) {
        // One arm for both (one copy of the checks in the client's wasm), each with its limit.
        (Rule::Required | Rule::Jwt, Str(s))
            if not_blank(s) && within(s, if rule == Rule::Jwt { MAX_JWT_CHARS } else { MAX_TOKEN_CHARS }) =>
        {
            Ok(())
        }
        (Rule::Required, _) => err("must be a non-empty string of at most 256 characters."),
        (Rule::Jwt, _) => err("must be a non-empty string of at most 8192 characters."),
        (Rule::Email, Str(s)) if is_email(s) && within(s, MAX_EMAIL_CHARS) => Ok(()),
        (Rule::Email, _) => err("must be an email address of at most 254 characters."),
        (Rule::Id, Str(s)) if is_id(s) => Ok(()),
        (Rule::Id, _) => err("must be an id of at most 256 letters, digits, '-' and '_'."),
        (Rule::Code, Str(s)) if s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) => Ok(()),
        (Rule::Code, _) => err("must be a string of 6 digits."),
        (Rule::SessionMinutes, Num(n)) | (Rule::OptionalSessionMinutes, Num(n)) if in_range(*n, 5.0, 527_040.0) => Ok(()),
        (Rule::SessionMinutes, _) => err("must be a whole number of minutes from 5 to 527040."),
        (Rule::OptionalExpirationMinutes, Num(n)) if in_range(*n, 5.0, 1440.0) => Ok(()),
        (_, Absent) if rule.is_optional() => Ok(()),
        (Rule::OptionalSessionMinutes, _) => err("must be a whole number of minutes from 5 to 527040."),
        (Rule::OptionalExpirationMinutes, _) => err("must be a whole number of minutes from 5 to 1440."),
        (Rule::OptionalString, Str(s)) if within(s, MAX_STRING_CHARS) => Ok(()),
        (Rule::OptionalString, _) => err("must be a string of at most 2048 characters."),
        (Rule::OptionalPhone, Str(s)) if is_e164(s) => Ok(()),
        (Rule::OptionalPhone, _) => err("must be a phone number in E.164 format, e.g. +15555550100."),
        (Rule::OptionalBool, Bool(_)) => Ok(()),
        (Rule::OptionalBool, _) => err("must be a boolean."),
        (Rule::OptionalNumber, Num(n)) if n.is_finite() => Ok(()),
        (Rule::OptionalNumber, _) => err("must be a number."),
        (Rule::OptionalEnrollment, Str(s)) if s == "enroll" || s == "unenroll" => Ok(()),
        (Rule::OptionalEnrollment, _) => err("must be 'enroll' or 'unenroll'."),
    }
}

impl Rule {
    /// The rule of a letter of `rule_code!` (`Required` for any other byte: none is written).
    pub fn from_code(b: u8) -> Rule {
        match b {
            b'b' => Rule::OptionalString,
            b'c' => Rule::Code,
            b'd' => Rule::OptionalPhone,
            b'e' => Rule::SessionMinutes,
            b'f' => Rule::OptionalSessionMinutes,
            b'g' => Rule::OptionalExpirationMinutes,
            b'h' => Rule::OptionalBool,
            b'i' => Rule::OptionalNumber,
            b'j' => Rule::OptionalEnrollment,
            b'k' => Rule::Email,
            b'l' => Rule::Jwt,
            b'm' => Rule::Id,
            _ => Rule::Required,
        }
    }

    #[inline]
    pub fn is_optional(self) -> bool {
        !matches!(self, Rule::Required | Rule::Jwt | Rule::Code | Rule::SessionMinutes | Rule::Email | Rule::Id)
    }
}

fn in_range(n: f64, lo: f64, hi: f64) -> bool {
    n.fract() == 0.0 && n >= lo && n <= hi
}

// Byte-level on purpose: char patterns (`split_once('@')`, `contains('.')`) link a char
// searcher into the client's wasm.

fn is_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= MAX_TOKEN_CHARS && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// E.164: `+`, a non-zero digit, then 7 to 14 more digits.
pub fn is_e164(s: &str) -> bool {
    match s.as_bytes() {
        [b'+', first, rest @ ..] => *first != b'0' && (7..=14).contains(&rest.len()) && s.bytes().skip(1).all(|b| b.is_ascii_digit()),
        _ => false,
    }
}

/// Something before an `@`, and a domain with a dot neither first nor last; no white space or
/// control character anywhere (bytes up to U+0020, and U+007F). The one rule of the client and
/// the emulator; byte-level, because a Unicode white-space table would cost the client's wasm
/// more than it is worth (non-ASCII characters are left to the server that sends the email).
pub fn is_email(s: &str) -> bool {
    let b = s.as_bytes();
    match b.iter().position(|&c| c == b'@') {
        Some(at) => {
            let domain = &b[at + 1..];
            at > 0
                && domain.contains(&b'.')
                && domain.first() != Some(&b'.')
                && domain.last() != Some(&b'.')
                && !b.iter().any(|&c| c <= b' ' || c == 0x7f)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::Field::*;
    use super::*;

    fn one(rule: Rule, value: Field) -> Result<(), UsageError> {
        validate([("x", rule)], |_| value.clone())
    }

    #[test]
    fn table() {
        let s = |v: &str| Str(v.to_string());
        let cases: &[(Rule, Field, bool)] = &[
            (Rule::Required, s("organization-test-1"), true),
            (Rule::Required, s(""), false),
            (Rule::Required, s("  "), false),
            (Rule::Required, Absent, false),
            (Rule::Required, Num(1.0), false),
            (Rule::Code, s("123456"), true),
            (Rule::Code, s("12345"), false),
            (Rule::Code, s("12345a"), false),
            (Rule::Code, s("1234567"), false),
            (Rule::Code, Num(123456.0), false),
            (Rule::OptionalPhone, Absent, true),
            (Rule::OptionalPhone, s("+15555550100"), true),
            (Rule::OptionalPhone, s("5555550100"), false),
            (Rule::OptionalPhone, s("+1 555 555 0100"), false),
            (Rule::OptionalPhone, s("+447700900123"), true),
            (Rule::OptionalPhone, s("+1555"), false),
            (Rule::OptionalPhone, s("+1555555010a"), false),
            (Rule::OptionalPhone, s("+05555550100"), false),
            (Rule::SessionMinutes, Num(60.0), true),
            (Rule::SessionMinutes, Num(5.0), true),
            (Rule::SessionMinutes, Num(527_040.0), true),
            (Rule::SessionMinutes, Num(4.0), false),
            (Rule::SessionMinutes, Num(527_041.0), false),
            (Rule::SessionMinutes, Num(60.5), false),
            (Rule::SessionMinutes, Num(f64::NAN), false),
            (Rule::SessionMinutes, s("60"), false),
            (Rule::SessionMinutes, Absent, false),
            (Rule::OptionalSessionMinutes, Absent, true),
            (Rule::OptionalSessionMinutes, Num(3.0), false),
            (Rule::OptionalExpirationMinutes, Num(1440.0), true),
            (Rule::OptionalExpirationMinutes, Num(1441.0), false),
            (Rule::OptionalBool, Bool(true), true),
            (Rule::OptionalBool, s("true"), false),
            (Rule::OptionalEnrollment, s("enroll"), true),
            (Rule::OptionalEnrollment, s("yes"), false),
            (Rule::OptionalString, Other, false),
            (Rule::OptionalNumber, Num(f64::INFINITY), false),
            (Rule::Email, s("a@b.co"), true),
            (Rule::Email, s("a@b"), false),
            (Rule::Email, s("a b@c.co"), false),
            (Rule::Email, s("a\t@b.co"), false),
            (Rule::Email, s("a@b.co\n"), false),
            (Rule::Email, s("a\u{0}@b.co"), false),
            (Rule::Email, s("a\u{7f}@b.co"), false),
            (Rule::Email, s("é@b.co"), true),
            (Rule::Required, s(&"o".repeat(256)), true),
            (Rule::Required, s(&"o".repeat(257)), false),
            (Rule::Required, s(&"é".repeat(256)), true),
            (Rule::Required, s(&"o".repeat(100_000)), false),
            (Rule::Jwt, s(&"o".repeat(1000)), true),
            (Rule::Jwt, s(&"o".repeat(8193)), false),
            (Rule::Jwt, s(" "), false),
            (Rule::Jwt, Absent, false),
            (Rule::Email, s(&format!("{}@b.co", "a".repeat(249))), true),
            (Rule::Email, s(&format!("{}@b.co", "a".repeat(250))), false),
            (Rule::OptionalString, s(&"u".repeat(2048)), true),
            (Rule::OptionalString, s(&"u".repeat(2049)), false),
            (Rule::Id, s("member-test-00000000-0000-4000-8000-000000000101"), true),
            (Rule::Id, s("a_b-C9"), true),
            (Rule::Id, s(""), false),
            (Rule::Id, s("../organizations/me"), false),
            (Rule::Id, s("member?x=1"), false),
            (Rule::Id, s("member#x"), false),
            (Rule::Id, s("member%2F"), false),
            (Rule::Id, s("membre-é"), false),
            (Rule::Id, s(&"m".repeat(256)), true),
            (Rule::Id, s(&"m".repeat(257)), false),
            (Rule::Id, Absent, false),
            (Rule::Id, Num(1.0), false),
        ];
        for (rule, value, ok) in cases {
            let shown: String = format!("{value:?}").chars().take(40).collect();
            assert_eq!(one(*rule, value.clone()).is_ok(), *ok, "{rule:?} {shown}");
        }
    }

    #[test]
    fn the_message_names_the_field() {
        let e = validate([("organization_id", Rule::Required), ("code", Rule::Code)], |k| {
            if k == "organization_id" {
                Str("o".into())
            } else {
                Str("1".into())
            }
        })
        .unwrap_err();
        assert_eq!(e.0, "code must be a string of 6 digits.");
    }

    #[test]
    fn length_messages_state_the_limits() {
        let long = || Str("x".repeat(5000));
        for (rule, max) in [(Rule::Required, MAX_TOKEN_CHARS), (Rule::Email, MAX_EMAIL_CHARS), (Rule::OptionalString, MAX_STRING_CHARS)] {
            let e = one(rule, long()).unwrap_err();
            assert!(e.0.contains(&format!("at most {max} characters")), "{rule:?}: {}", e.0);
        }
    }
}

#[cfg(test)]
mod spec_tests {
    use super::Rule::*;
    use super::*;

    #[test]
    fn a_spec_reads_back_as_written() {
        let every = crate::spec!(
            a: Required, b: OptionalString, c: Code, d: OptionalPhone, e: SessionMinutes, f: OptionalSessionMinutes,
            g: OptionalExpirationMinutes, h: OptionalBool, i: OptionalNumber, j: OptionalEnrollment, k: Email, l: Jwt, m: Id,
        );
        let rules = [
            Required,
            OptionalString,
            Code,
            OptionalPhone,
            SessionMinutes,
            OptionalSessionMinutes,
            OptionalExpirationMinutes,
            OptionalBool,
            OptionalNumber,
            OptionalEnrollment,
            Email,
            Jwt,
            Id,
        ];
        let read: Vec<(&str, Rule)> = every.iter().collect();
        assert_eq!(read.len(), rules.len());
        for ((name, rule), (i, expected)) in read.iter().zip(rules.iter().enumerate()) {
            assert_eq!((name.as_bytes()[0], rule), ((b'a' + i as u8), expected));
        }
        assert_eq!(
            crate::spec!(organization_id: Required, forceClear: OptionalBool).iter().collect::<Vec<_>>(),
            [("organization_id", Required), ("forceClear", OptionalBool)]
        );
        assert!(crate::spec!().is_empty() && crate::spec!().iter().next().is_none());
        assert!(crate::spec!(x509_certificate: OptionalString).contains("x509_certificate", OptionalString));
    }
}
