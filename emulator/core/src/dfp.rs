//! dfp24 (#24): Device Fingerprinting and captcha, what the world keeps of them: the telemetry
//! ids the stand-in telemetry script minted, each with its device's verdict; the captcha tokens
//! of the stand-in reCAPTCHA script; the verdicts and captcha outcomes queued through the
//! control API; and which SDK calls DFP Protected Auth and captcha protect. The operations are
//! `ops::protected_auth`; the check runs in `protected_auth::enforce`.

use std::collections::{HashMap, VecDeque};

use serde::{Deserialize, Serialize};
use stytch_b2b_protocol::fraud::{CaptchaOutcome, FraudMetadata, VerdictAction};

/// The SDK calls Stytch's client sends `dfp_telemetry_id` / `captcha_token` with (its B2B
/// headless clients' calls of `getDFPTelemetryIDAndCaptcha`), under the SDK API; the
/// route table's tests hold each to a POST row.
pub const PROTECTED_SDK_PATHS: &[&str] = &[
    "/b2b/impersonation/authenticate",
    "/b2b/magic_links/authenticate",
    "/b2b/magic_links/discovery/authenticate",
    "/b2b/magic_links/email/discovery/send",
    "/b2b/oauth/authenticate",
    "/b2b/oauth/discovery/authenticate",
    "/b2b/otps/email/authenticate",
    "/b2b/otps/email/discovery/authenticate",
    "/b2b/otps/email/discovery/send",
    "/b2b/otps/email/login_or_signup",
    "/b2b/otps/sms/authenticate",
    "/b2b/otps/sms/send",
    "/b2b/passwords/authenticate",
    "/b2b/passwords/discovery/authenticate",
    "/b2b/passwords/discovery/reset",
    "/b2b/passwords/discovery/reset/start",
    "/b2b/passwords/email/reset",
    "/b2b/passwords/email/reset/start",
    "/b2b/passwords/existing_password/reset",
    "/b2b/passwords/session/reset",
    "/b2b/recovery_codes/recover",
    "/b2b/recovery_codes/rotate",
    "/b2b/sso/authenticate",
    "/b2b/totp",
    "/b2b/totp/authenticate",
];

/// The exact text Stytch's client retries on (`NetworkClient`: a non-JSON error body that
/// contains it), the one answer of the emulator that is not Stytch's error JSON.
pub const CAPTCHA_REQUIRED: &str = "Captcha required";

/// A fingerprint the stand-in telemetry script took: its device (the page's visitor id) and
/// verdict, and what the app attached at lookup.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Fingerprint {
    pub visitor_id: String,
    pub verdict: VerdictAction,
    pub created_at: i64,
    pub expires_at: i64,
    #[serde(default)]
    pub external_metadata: FraudMetadata,
}

/// A captcha token of the stand-in reCAPTCHA script: single use, short-lived.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CaptchaToken {
    pub outcome: CaptchaOutcome,
    pub expires_at: i64,
}

/// What the world keeps for DFP and captcha (absent in older state files).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ProtectedAuth {
    /// By telemetry id.
    pub fingerprints: HashMap<String, Fingerprint>,
    /// By token.
    pub captcha_tokens: HashMap<String, CaptchaToken>,
    /// The verdicts the next fingerprints get, first first (`ALLOW` when empty).
    pub queued_verdicts: VecDeque<VerdictAction>,
    /// The outcomes of the next captchas (`pass` when empty).
    pub queued_captcha_outcomes: VecDeque<CaptchaOutcome>,
}

impl ProtectedAuth {
    pub fn sweep(&mut self, now: i64) {
        self.fingerprints.retain(|_, f| f.expires_at > now);
        self.captcha_tokens.retain(|_, t| t.expires_at > now);
    }
}

/// What the check decided for a protected request (`ops::protected_auth::check`).
pub enum Decision {
    Proceed,
    /// Answered [`CAPTCHA_REQUIRED`].
    CaptchaRequired,
    Refuse(crate::error::ApiError),
}
