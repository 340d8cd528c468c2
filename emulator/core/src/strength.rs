//! Password strength, by Stytch's LUDS policy (lowercase, uppercase, digits, symbols): a
//! password needs `luds_minimum_count` characters and `luds_complexity` of the four kinds.
//! The project's settings are `project.password_config` in the seed, and the bootstrap
//! answers them as `password_config` so clients can show the rules before a request.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use stytch_b2b_protocol::{LudsFeedback, StrengthCheckResponse, ZxcvbnFeedback};

use crate::error::{ApiError, ErrorType};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PasswordConfig {
    /// How many of the four kinds of character a password needs (1 to 4).
    pub luds_complexity: u32,
    /// How many characters at least (8 to 32, Stytch's range).
    pub luds_minimum_count: u32,
}

impl Default for PasswordConfig {
    fn default() -> Self {
        Self { luds_complexity: 3, luds_minimum_count: 8 }
    }
}

/// The longest password accepted; longer input is refused rather than hashed.
pub const MAX_PASSWORD_CHARS: usize = 256;

impl PasswordConfig {
    pub fn validate(&self) -> Result<(), String> {
        if !(1..=4).contains(&self.luds_complexity) {
            return Err("password_config.luds_complexity must be from 1 to 4".into());
        }
        if !(8..=32).contains(&self.luds_minimum_count) {
            return Err("password_config.luds_minimum_count must be from 8 to 32".into());
        }
        Ok(())
    }

    /// What Stytch's strength check answers: validity and the LUDS feedback.
    pub fn assess(&self, password: &str) -> Assessment {
        let kinds = [
            password.chars().any(|c| c.is_lowercase()),
            password.chars().any(|c| c.is_uppercase()),
            password.chars().any(|c| c.is_ascii_digit()),
            password.chars().any(|c| !c.is_alphanumeric()),
        ];
        let present = kinds.iter().filter(|k| **k).count() as u32;
        let length = password.chars().count() as u32;
        Assessment {
            kinds,
            missing_complexity: self.luds_complexity.saturating_sub(present),
            missing_characters: self.luds_minimum_count.saturating_sub(length),
            too_long: length as usize > MAX_PASSWORD_CHARS,
        }
    }

    /// Refuses a new password that does not meet the policy, saying what is missing.
    pub fn require(&self, password: &str) -> Result<(), ApiError> {
        let a = self.assess(password);
        if a.valid() {
            return Ok(());
        }
        let mut missing = Vec::new();
        if a.missing_characters > 0 {
            missing.push(format!("{} more characters", a.missing_characters));
        }
        if a.missing_complexity > 0 {
            missing.push(format!("{} more kinds of character (lowercase, uppercase, digits, symbols)", a.missing_complexity));
        }
        if a.too_long {
            missing.push(format!("at most {MAX_PASSWORD_CHARS} characters"));
        }
        Err(ApiError::new(400, ErrorType::WeakPassword, format!("The password is too weak: it needs {}.", missing.join(" and "))))
    }

    /// The bootstrap's `password_config`.
    pub fn bootstrap(&self) -> Value {
        json!({ "luds_complexity": self.luds_complexity, "luds_minimum_count": self.luds_minimum_count })
    }
}

pub struct Assessment {
    kinds: [bool; 4],
    missing_complexity: u32,
    missing_characters: u32,
    too_long: bool,
}

impl Assessment {
    pub fn valid(&self) -> bool {
        self.missing_complexity == 0 && self.missing_characters == 0 && !self.too_long
    }

    /// The body of `passwords.strength_check`, without `request_id` and `status_code`.
    pub fn body(&self) -> StrengthCheckResponse {
        let [has_lower_case, has_upper_case, has_digit, has_symbol] = self.kinds;
        StrengthCheckResponse {
            valid_password: self.valid(),
            score: if self.valid() { 4 } else { 0 },
            breached_password: false,
            strength_policy: "luds".into(),
            breach_detection_on_create: false,
            luds_feedback: LudsFeedback {
                has_lower_case,
                has_upper_case,
                has_digit,
                has_symbol,
                missing_complexity: self.missing_complexity,
                missing_characters: self.missing_characters,
            },
            zxcvbn_feedback: ZxcvbnFeedback::default(),
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{ErrorType, PasswordConfig};

    #[test]
    fn luds_counts_length_and_kinds() {
        let c = PasswordConfig::default();
        assert!(c.assess("New-Password-2026").valid());
        assert!(!c.assess("mfa-demo-password").valid(), "two kinds of three");
        assert!(!c.assess("Ab1-").valid(), "too short");
        let e = c.require("short").unwrap_err();
        assert_eq!(e.error_type, ErrorType::WeakPassword);
        assert!(e.message.contains("3 more characters") && e.message.contains("2 more kinds"), "{}", e.message);
        assert!(!c.assess(&"Aa1-".repeat(100)).valid(), "too long");
        let lenient = PasswordConfig { luds_complexity: 1, luds_minimum_count: 8 };
        assert!(lenient.assess("abcdefgh").valid());
        assert!(PasswordConfig { luds_complexity: 5, luds_minimum_count: 8 }.validate().is_err());
        assert!(PasswordConfig { luds_complexity: 2, luds_minimum_count: 7 }.validate().is_err());
    }
}
