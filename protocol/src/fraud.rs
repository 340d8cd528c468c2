//! dfp24 (#24): Device Fingerprinting and captcha. Stytch's Fraud API call the backend SDKs
//! make (`fraud.fingerprint.lookup`, `POST /v1/fingerprint/lookup`), and the names the frontend
//! SDK's bootstrap and DFP Protected Auth use (a verdict's action, the protected-auth mode,
//! what a `CHALLENGE` does when decisions are enforced).

use serde::{Deserialize, Serialize};

/// What a fingerprint's verdict suggests (Stytch's `verdict.action`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum VerdictAction {
    /// A known, authentic kind of device.
    #[default]
    Allow,
    /// Unusual: the request should meet more friction (a captcha, under Protected Auth).
    Challenge,
    /// Known bad: the request should not proceed.
    Block,
}

/// DFP Protected Auth's mode (the bootstrap's `dfp_protected_auth_mode`): `OBSERVATION` only
/// records verdicts; `DECISIONING` acts on them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DfpMode {
    #[default]
    Observation,
    Decisioning,
}

/// What a `CHALLENGE` verdict does in `DECISIONING` mode (Stytch's `DFPPAOnChallengeAction`;
/// its default is `ALLOW`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OnChallenge {
    #[default]
    Allow,
    Block,
    /// The request proceeds only with a passed captcha: without one it is answered
    /// `Captcha required`, which Stytch's client retries once with a captcha token.
    TriggerCaptcha,
}

params! {
    /// External identifiers an app attaches to a telemetry id at lookup (each at most 65
    /// characters of letters, digits and `_ - + . @`).
    pub struct FraudMetadata {
        pub external_id: Option<String>,
        pub organization_id: Option<String>,
        pub user_action: Option<String>,
    }
}

params! {
    /// `POST /v1/fingerprint/lookup`: the fingerprint and verdict of a telemetry id.
    pub struct FingerprintLookupRequest {
        pub telemetry_id: String,
        pub external_metadata: Option<FraudMetadata>,
    }
}

/// A device's fingerprints (Stytch's `fingerprints`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Fingerprints {
    pub network_fingerprint: String,
    pub hardware_fingerprint: String,
    pub browser_fingerprint: String,
    pub visitor_fingerprint: String,
    pub visitor_id: String,
    pub browser_id: String,
}

/// A fingerprint's verdict (Stytch's `verdict`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    pub action: VerdictAction,
    pub reasons: Vec<String>,
    pub detected_device_type: String,
    pub is_authentic_device: bool,
    /// Overrides the project applied (the emulator has none to apply).
    pub verdict_reason_overrides: Vec<serde_json::Value>,
}

response! {
    /// The answer of `fraud.fingerprint.lookup`.
    pub struct FingerprintLookupResponse {
        pub telemetry_id: String,
        pub fingerprints: Fingerprints,
        pub verdict: Verdict,
        pub external_metadata: FraudMetadata,
        /// RFC 3339.
        pub created_at: String,
        pub expires_at: String,
    }
}

// The emulator's stand-ins for Stytch's telemetry script and Google's reCAPTCHA Enterprise
// script: what their functions send to the emulator and what it answers.

params! {
    /// `POST /submit` (what `GetTelemetryID(publicToken, submitUrl)` sends): the project's
    /// public token, and the page's visitor id (one per loaded script: a device keeps the
    /// verdict its fingerprint got until another is queued).
    pub struct TelemetrySubmit {
        pub public_token: String,
        pub visitor_id: Option<String>,
    }
}

/// `POST /submit`'s answer: a fresh telemetry id.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TelemetrySubmitted {
    pub telemetry_id: String,
}

params! {
    /// `POST /recaptcha/enterprise/execute` (what `grecaptcha.enterprise.execute(siteKey,
    /// {action})` sends): the project's site key and the page's action.
    pub struct CaptchaExecute {
        pub site_key: String,
        pub action: Option<String>,
    }
}

/// `POST /recaptcha/enterprise/execute`'s answer: a single-use captcha token.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CaptchaExecuted {
    pub token: String,
}

// The control API (`/_emulator/protected_auth`), re-exported by `control`.

/// `GET`/`PUT /_emulator/protected_auth`: the project's DFP Protected Auth and captcha
/// settings (what the bootstrap reports).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProtectedAuthSettings {
    pub dfp_protected_auth: DfpProtectedAuthSettings,
    pub captcha: CaptchaSettings,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DfpProtectedAuthSettings {
    pub enabled: bool,
    pub mode: DfpMode,
    pub on_challenge: OnChallenge,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaptchaSettings {
    pub enabled: bool,
    /// The reCAPTCHA Enterprise site key the bootstrap names (letters, digits, `-` and `_`).
    pub site_key: String,
}

/// The site key of a project that sets none.
pub const DEFAULT_CAPTCHA_SITE_KEY: &str = "emulator-recaptcha-site-key";

impl Default for CaptchaSettings {
    fn default() -> Self {
        CaptchaSettings { enabled: false, site_key: DEFAULT_CAPTCHA_SITE_KEY.into() }
    }
}

/// What a captcha token minted by the stand-in script proves.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaptchaOutcome {
    #[default]
    Pass,
    Fail,
}

/// `GET`/`POST`/`DELETE /_emulator/protected_auth/queue`: the verdicts the next fingerprints
/// get and the outcomes of the next captchas, first first (`ALLOW` and `pass` when empty).
/// A POST appends its lists.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProtectedAuthQueue {
    pub verdicts: Vec<VerdictAction>,
    pub captcha_outcomes: Vec<CaptchaOutcome>,
}

/// The telemetry id a protected request carried.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TelemetryIdStatus {
    /// Minted here and not expired: its verdict applies.
    Valid,
    Missing,
    /// Never minted, or expired.
    NotFound,
}

/// The captcha token a protected request carried.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaptchaStatus {
    Passed,
    /// A token whose captcha failed, an unknown or expired one, or one already spent.
    Failed,
    Missing,
}

/// What the check let happen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckOutcome {
    /// The request went on to its endpoint.
    Allowed,
    /// Answered `Captcha required` (a challenge that needs a captcha token).
    CaptchaRequired,
    /// Refused with an error; nothing changed.
    Refused,
}

/// What DFP Protected Auth and captcha decided for one protected SDK request (in its entry
/// of `GET /_emulator/requests`, as `protected_auth`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProtectedAuthCheck {
    /// The DFP mode that applied; `null` when DFP Protected Auth is off (captcha only).
    pub dfp_mode: Option<DfpMode>,
    /// `null` when DFP Protected Auth is off.
    pub telemetry_id: Option<TelemetryIdStatus>,
    /// The telemetry id's verdict (`null` without a valid one).
    pub verdict: Option<VerdictAction>,
    pub captcha: CaptchaStatus,
    pub outcome: CheckOutcome,
}
