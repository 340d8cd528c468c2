//! dfp24 (#24): DFP Protected Auth and captcha. The stand-in scripts' calls (a telemetry id
//! for `GetTelemetryID`, a captcha token for `grecaptcha.enterprise.execute`), the check of a
//! protected SDK call (`protected_auth::enforce` runs it), the control API's settings and
//! queues, and Stytch's Fraud API lookup of a telemetry id.
//!
//! A verdict belongs to a device, as Stytch's do: a fingerprint gets the next queued verdict,
//! else the verdict its device's last fingerprint got, else `ALLOW`. So a challenged page that
//! retries with a fresh telemetry id is still challenged, and its captcha decides.

use sha2::{Digest, Sha256};
use stytch_b2b_protocol::control::{
    CaptchaStatus, CheckOutcome, ProtectedAuthCheck, ProtectedAuthQueue, ProtectedAuthSettings, TelemetryIdStatus,
};
use stytch_b2b_protocol::fraud::{
    CaptchaExecute, CaptchaExecuted, CaptchaOutcome, DfpMode, FingerprintLookupRequest, FingerprintLookupResponse, Fingerprints,
    FraudMetadata, OnChallenge, TelemetrySubmit, TelemetrySubmitted, Verdict, VerdictAction,
};

use crate::dfp::{CaptchaToken, Decision, Fingerprint};
use crate::env::Env;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::limits::make_room_overall;
use crate::model::World;
use crate::text::rfc3339;

/// The longest visitor id and site key, and the characters they may hold.
const MAX_NAME_CHARS: usize = 100;

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.len() <= MAX_NAME_CHARS && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `POST /submit` (the stand-in telemetry script): a telemetry id for the project's public
/// token, carrying its device's verdict.
pub fn submit(w: &mut World, env: &Env, req: TelemetrySubmit) -> ApiResult<TelemetrySubmitted> {
    if req.public_token != w.project.public_token {
        return Err(ApiError::unauthorized_credentials());
    }
    if req.visitor_id.as_deref().is_some_and(|v| !is_name(v)) {
        return Err(ApiError::bad_request(format!("visitor_id: 1 to {MAX_NAME_CHARS} letters, digits, - or _")));
    }
    let state = &mut w.protected_auth;
    let visitor_id = req.visitor_id.unwrap_or_else(|| env.generate.id("visitor"));
    let previous = state.fingerprints.values().filter(|f| f.visitor_id == visitor_id).max_by_key(|f| f.created_at).map(|f| f.verdict);
    let verdict = state.queued_verdicts.pop_front().or(previous).unwrap_or(VerdictAction::Allow);
    make_room_overall(&mut state.fingerprints, env.limits.telemetry_ids, |f| f.expires_at);
    let telemetry_id = env.generate.id("telemetry-id");
    let fingerprint = Fingerprint {
        visitor_id,
        verdict,
        created_at: env.now,
        expires_at: env.now.saturating_add(env.limits.telemetry_id_seconds),
        external_metadata: FraudMetadata::default(),
    };
    state.fingerprints.insert(telemetry_id.clone(), fingerprint);
    Ok(TelemetrySubmitted { telemetry_id })
}

/// `POST /recaptcha/enterprise/execute` (the stand-in reCAPTCHA script): a single-use token
/// carrying the next queued captcha outcome, for the project's site key.
pub fn execute(w: &mut World, env: &Env, req: CaptchaExecute) -> ApiResult<CaptchaExecuted> {
    if req.site_key != w.project.protected_auth.captcha.site_key {
        return Err(ApiError::bad_request("site_key: not this project's captcha site key (GET /_emulator/protected_auth)."));
    }
    let state = &mut w.protected_auth;
    let outcome = state.queued_captcha_outcomes.pop_front().unwrap_or(CaptchaOutcome::Pass);
    make_room_overall(&mut state.captcha_tokens, env.limits.captcha_tokens, |t| t.expires_at);
    let token = env.generate.secret();
    state
        .captcha_tokens
        .insert(token.clone(), CaptchaToken { outcome, expires_at: env.now.saturating_add(env.limits.captcha_token_seconds) });
    Ok(CaptchaExecuted { token })
}

/// The check of a protected SDK call, or None while DFP Protected Auth and captcha are both
/// off. A passed captcha token is spent only when the call goes on; a stopped call changes
/// nothing.
pub fn check(w: &mut World, env: &Env, telemetry_id: Option<&str>, captcha_token: Option<&str>) -> Option<(Decision, ProtectedAuthCheck)> {
    let settings = w.project.protected_auth.clone();
    let dfp = settings.dfp_protected_auth;
    if !dfp.enabled && !settings.captcha.enabled {
        return None;
    }
    let state = &w.protected_auth;
    let captcha = match captcha_token.map(|t| state.captcha_tokens.get(t).filter(|c| c.expires_at > env.now)) {
        None => CaptchaStatus::Missing,
        Some(Some(CaptchaToken { outcome: CaptchaOutcome::Pass, .. })) => CaptchaStatus::Passed,
        Some(_) => CaptchaStatus::Failed,
    };
    let fingerprint = telemetry_id.and_then(|t| state.fingerprints.get(t)).filter(|f| f.expires_at > env.now);
    let (telemetry, verdict) = match (telemetry_id, fingerprint) {
        (None, _) => (TelemetryIdStatus::Missing, None),
        (Some(_), None) => (TelemetryIdStatus::NotFound, None),
        (Some(_), Some(f)) => (TelemetryIdStatus::Valid, Some(f.verdict)),
    };
    let decision = if !dfp.enabled {
        captcha_only(captcha)
    } else if dfp.mode == DfpMode::Observation {
        Decision::Proceed
    } else {
        decide(telemetry, verdict, dfp.on_challenge, captcha)
    };
    let outcome = match decision {
        Decision::Proceed => CheckOutcome::Allowed,
        Decision::CaptchaRequired => CheckOutcome::CaptchaRequired,
        Decision::Refuse(_) => CheckOutcome::Refused,
    };
    if let Some(token) = captcha_token.filter(|_| outcome == CheckOutcome::Allowed && captcha == CaptchaStatus::Passed) {
        w.protected_auth.captcha_tokens.remove(token);
    }
    let (dfp_mode, telemetry_id) = if dfp.enabled { (Some(dfp.mode), Some(telemetry)) } else { (None, None) };
    Some((decision, ProtectedAuthCheck { dfp_mode, telemetry_id, verdict, captcha, outcome }))
}

/// Captcha without DFP: every protected call needs a passed captcha.
fn captcha_only(captcha: CaptchaStatus) -> Decision {
    match captcha {
        CaptchaStatus::Passed => Decision::Proceed,
        _ => Decision::Refuse(captcha_failed()),
    }
}

/// `DECISIONING`: no valid telemetry id fails closed, as a `BLOCK` does; a `CHALLENGE` does what
/// the project says.
fn decide(telemetry: TelemetryIdStatus, verdict: Option<VerdictAction>, on_challenge: OnChallenge, captcha: CaptchaStatus) -> Decision {
    match (telemetry, verdict) {
        (TelemetryIdStatus::Missing, _) => Decision::Refuse(refused(
            "DFP telemetry ID not set: this project's DFP Protected Auth decides on every login call, and this one carried no \
             dfp_telemetry_id (GetTelemetryID() of the telemetry script).",
        )),
        (_, None) => Decision::Refuse(refused(
            "The dfp_telemetry_id is not one this project minted, or it expired; DFP Protected Auth fails closed on it.",
        )),
        (_, Some(VerdictAction::Allow)) => Decision::Proceed,
        (_, Some(VerdictAction::Block)) => {
            Decision::Refuse(refused("Device Fingerprinting gave this device a BLOCK verdict; DFP Protected Auth refused the call."))
        }
        (_, Some(VerdictAction::Challenge)) => match (on_challenge, captcha) {
            (OnChallenge::Allow, _) => Decision::Proceed,
            (OnChallenge::Block, _) => Decision::Refuse(refused(
                "Device Fingerprinting gave this device a CHALLENGE verdict, and this project blocks challenged calls.",
            )),
            (OnChallenge::TriggerCaptcha, CaptchaStatus::Passed) => Decision::Proceed,
            (OnChallenge::TriggerCaptcha, CaptchaStatus::Missing) => Decision::CaptchaRequired,
            (OnChallenge::TriggerCaptcha, CaptchaStatus::Failed) => Decision::Refuse(captcha_failed()),
        },
    }
}

/// A call DFP Protected Auth stops: a 401, as Stytch answers a protected call without a
/// telemetry id ("DFP telemetry ID not set").
fn refused(message: &str) -> ApiError {
    ApiError::new(401, ErrorType::UnauthorizedCredentials, message)
}

/// Stytch's answer to a missing, failed or spent captcha.
fn captcha_failed() -> ApiError {
    ApiError::new(429, ErrorType::CaptchaFailed, "Captcha failed")
}

/// `POST /v1/fingerprint/lookup`: a telemetry id's fingerprints and verdict; the external
/// metadata sent is kept with it (and answered by later lookups).
pub fn lookup(w: &mut World, env: &Env, req: FingerprintLookupRequest) -> ApiResult<FingerprintLookupResponse> {
    if let Some(m) = &req.external_metadata {
        check_metadata(m)?;
    }
    let not_found = || ApiError::new(404, ErrorType::TelemetryIdNotFound, "The telemetry ID could not be found; it may have expired.");
    let f = w.protected_auth.fingerprints.get_mut(&req.telemetry_id).filter(|f| f.expires_at > env.now).ok_or_else(not_found)?;
    if let Some(m) = req.external_metadata {
        f.external_metadata = m;
    }
    let authentic = f.verdict != VerdictAction::Block;
    let reasons = if f.verdict == VerdictAction::Allow { Vec::new() } else { vec![QUEUED_REASON.to_string()] };
    Ok(FingerprintLookupResponse {
        telemetry_id: req.telemetry_id,
        fingerprints: fingerprints_of(&f.visitor_id),
        verdict: Verdict {
            action: f.verdict,
            reasons,
            detected_device_type: "UNKNOWN".into(),
            is_authentic_device: authentic,
            verdict_reason_overrides: Vec::new(),
        },
        external_metadata: f.external_metadata.clone(),
        created_at: rfc3339(f.created_at),
        expires_at: rfc3339(f.expires_at),
        ..Default::default()
    })
}

/// The emulator's verdict reason: the verdict was queued through its control API (Stytch's
/// reasons name the signals it saw; the emulator sees none).
pub const QUEUED_REASON: &str = "EMULATOR_QUEUED_VERDICT";

/// A device's fingerprints: stable for its visitor id, different between devices.
fn fingerprints_of(visitor_id: &str) -> Fingerprints {
    let digest = |kind: &str| {
        let hash = Sha256::digest(format!("{kind}:{visitor_id}"));
        format!("{kind}-fingerprint-{}", hash[..12].iter().map(|b| format!("{b:02x}")).collect::<String>())
    };
    Fingerprints {
        network_fingerprint: digest("network"),
        hardware_fingerprint: digest("hardware"),
        browser_fingerprint: digest("browser"),
        visitor_fingerprint: digest("visitor"),
        visitor_id: visitor_id.to_string(),
        browser_id: digest("browser-id"),
    }
}

/// Stytch's rule for external metadata: at most 65 characters of letters, digits and
/// `_ - + . @` each.
fn check_metadata(m: &FraudMetadata) -> ApiResult<()> {
    let ok = |v: &Option<String>| {
        v.as_deref().is_none_or(|s| s.chars().count() <= 65 && s.chars().all(|c| c.is_ascii_alphanumeric() || "_-+.@".contains(c)))
    };
    if [&m.external_id, &m.organization_id, &m.user_action].into_iter().all(ok) {
        Ok(())
    } else {
        Err(ApiError::new(
            400,
            ErrorType::InvalidExternalMetadata,
            "External metadata fields may not exceed 65 characters. They may only contain alphanumerics and the characters _ - + . @",
        ))
    }
}

/// `PUT /_emulator/protected_auth`: the project's settings, whole.
pub fn set_settings(w: &mut World, _env: &Env, settings: ProtectedAuthSettings) -> ApiResult<ProtectedAuthSettings> {
    if !is_name(&settings.captcha.site_key) {
        return Err(ApiError::bad_request(format!("captcha.site_key: 1 to {MAX_NAME_CHARS} letters, digits, - or _")));
    }
    w.project.protected_auth = settings.clone();
    Ok(settings)
}

/// `GET /_emulator/protected_auth/queue`.
pub fn queue(w: &mut World, _env: &Env) -> ProtectedAuthQueue {
    let state = &w.protected_auth;
    ProtectedAuthQueue {
        verdicts: state.queued_verdicts.iter().copied().collect(),
        captcha_outcomes: state.queued_captcha_outcomes.iter().copied().collect(),
    }
}

/// `POST /_emulator/protected_auth/queue`: appends to both queues, or to neither when either
/// would grow past its limit.
pub fn enqueue(w: &mut World, env: &Env, add: ProtectedAuthQueue) -> ApiResult<ProtectedAuthQueue> {
    let cap = env.limits.queued_protected_auth_entries;
    let state = &mut w.protected_auth;
    if state.queued_verdicts.len() + add.verdicts.len() > cap || state.queued_captcha_outcomes.len() + add.captcha_outcomes.len() > cap {
        return Err(ApiError::bad_request(format!(
            "At most {cap} verdicts and {cap} captcha outcomes queued at once; DELETE /_emulator/protected_auth/queue first."
        )));
    }
    state.queued_verdicts.extend(add.verdicts);
    state.queued_captcha_outcomes.extend(add.captcha_outcomes);
    Ok(queue(w, env))
}

/// `DELETE /_emulator/protected_auth/queue`.
pub fn clear_queue(w: &mut World, env: &Env) -> ProtectedAuthQueue {
    w.protected_auth.queued_verdicts.clear();
    w.protected_auth.queued_captcha_outcomes.clear();
    queue(w, env)
}

#[cfg(test)]
mod tests {
    use stytch_b2b_protocol::fraud::{TelemetrySubmit, VerdictAction};

    use super::*;
    use crate::env::testing::Numbered;
    use crate::jwt::Keys;
    use crate::limits::Limits;
    use crate::seed::{Seed, DEFAULT_SEED};

    fn submit_for(w: &mut World, env: &Env, visitor: Option<&str>) -> String {
        let req = TelemetrySubmit { public_token: w.project.public_token.clone(), visitor_id: visitor.map(str::to_string) };
        submit(w, env, req).unwrap().telemetry_id
    }

    /// `/submit` needs only the public token, so its store is its `Env`'s limit: with two
    /// allowed, a third telemetry id evicts the one that expires first.
    #[test]
    fn the_telemetry_ids_kept_are_bounded_by_the_env() {
        let mut w = Seed::parse(DEFAULT_SEED).unwrap().to_world(0);
        let (keys, numbered) = (Keys::generate(), Numbered::default());
        let limits = Limits { telemetry_ids: 2, captcha_tokens: 2, ..Limits::STYTCH };
        let mut env = Env { now: 1_000_000, keys: &keys, generate: &numbered, limits: &limits };
        let first = submit_for(&mut w, &env, None);
        env.now += 1;
        let second = submit_for(&mut w, &env, None);
        env.now += 1;
        let third = submit_for(&mut w, &env, None);
        let kept = &w.protected_auth.fingerprints;
        assert_eq!(kept.len(), 2);
        assert!(!kept.contains_key(&first) && kept.contains_key(&second) && kept.contains_key(&third));
        let site_key = w.project.protected_auth.captcha.site_key.clone();
        for _ in 0..3 {
            execute(&mut w, &env, CaptchaExecute { site_key: site_key.clone(), action: None }).unwrap();
        }
        assert_eq!(w.protected_auth.captcha_tokens.len(), 2);
    }

    /// A verdict belongs to the device: a queued one goes to the next fingerprint, and that
    /// device's later fingerprints keep it until another is queued; other devices get ALLOW.
    #[test]
    fn a_device_keeps_its_verdict_until_another_is_queued() {
        let mut w = Seed::parse(DEFAULT_SEED).unwrap().to_world(0);
        let (keys, numbered) = (Keys::generate(), Numbered::default());
        let env = Env { now: 1_000_000, keys: &keys, generate: &numbered, limits: &Limits::STYTCH };
        let verdict = |w: &World, id: &str| w.protected_auth.fingerprints[id].verdict;
        w.protected_auth.queued_verdicts.push_back(VerdictAction::Challenge);
        let page = Some("visitor-page");
        let first = submit_for(&mut w, &env, page);
        let again = submit_for(&mut w, &env, page);
        let other = submit_for(&mut w, &env, Some("visitor-other"));
        assert_eq!(
            (verdict(&w, &first), verdict(&w, &again), verdict(&w, &other)),
            (VerdictAction::Challenge, VerdictAction::Challenge, VerdictAction::Allow)
        );
        w.protected_auth.queued_verdicts.push_back(VerdictAction::Allow);
        let cleared = submit_for(&mut w, &env, page);
        assert_eq!(verdict(&w, &cleared), VerdictAction::Allow);
    }
}
