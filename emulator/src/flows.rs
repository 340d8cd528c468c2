//! The authentication rules shared by the endpoints: looking things up, deciding whether a
//! primary factor needs MFA, minting intermediate and member sessions, and shaping the
//! authenticate responses.

use std::collections::HashMap;

use serde::Deserialize;
use stytch_b2b_protocol as pm;
use stytch_b2b_protocol::validate::is_e164;

use crate::error::{ApiError, ApiResult, ErrorType};
use crate::extract::Surface;
use crate::jwt::Keys;
use crate::limits::MAX_SESSIONS_PER_MEMBER;
use crate::model::{
    merge_factor, Factor, IntermediateSession, MemberSession, Member, Organization, OutboxMessage, SmsOtp, TotpRegistration, World,
};
use crate::render;
use crate::util::{mask_phone, new_id, new_otp_code, new_secret};

/// An intermediate session lasts ten minutes.
pub const IST_LIFETIME_SECONDS: i64 = 600;
pub const DEFAULT_SESSION_MINUTES: i64 = 60;
pub const SESSION_MINUTES_RANGE: std::ops::RangeInclusive<i64> = 5..=527_040;
/// Wrong SMS codes allowed before the code is burned.
pub const SMS_ATTEMPTS: u32 = 5;

pub use crate::util::Object;

pub fn require(field: &str, value: &str) -> ApiResult<()> {
    if value.trim().is_empty() {
        Err(ApiError::bad_request(format!("{field}: must not be empty")))
    } else {
        Ok(())
    }
}

pub fn session_minutes(requested: Option<i64>) -> ApiResult<i64> {
    let minutes = requested.unwrap_or(DEFAULT_SESSION_MINUTES);
    if SESSION_MINUTES_RANGE.contains(&minutes) {
        Ok(minutes)
    } else {
        Err(ApiError::new(
            400,
            ErrorType::InvalidSessionDurationMinutes,
            "session_duration_minutes must be between 5 and 527040.",
        ))
    }
}

pub fn check_member(w: &World, organization_id: &str, member_id: &str) -> ApiResult<()> {
    require("organization_id", organization_id)?;
    require("member_id", member_id)?;
    if !w.organizations.contains_key(organization_id) {
        return Err(ApiError::organization_not_found());
    }
    match w.members.get(member_id) {
        Some(m) if m.organization_id == organization_id => Ok(()),
        _ => Err(ApiError::member_not_found()),
    }
}

pub fn member_mut<'w>(w: &'w mut World, member_id: &str) -> &'w mut Member {
    w.members.get_mut(member_id).expect("member checked before")
}

/// Refuses any authentication of a member whose lock is active (Stytch's user locks).
pub fn check_unlocked(w: &World, member_id: &str) -> ApiResult<()> {
    match w.members.get(member_id) {
        Some(m) if m.lock.is_locked(w.now()) => Err(locked()),
        _ => Ok(()),
    }
}

pub fn locked() -> ApiError {
    ApiError::new(
        429,
        ErrorType::UserLockLimitReached,
        "The user has been locked out due to too many failed authentication attempts. Please try again later.",
    )
}

/// Counts a failed authentication; the threshold-th consecutive one locks the member.
pub fn record_failed_attempt(w: &mut World, member_id: &str) {
    let now = w.now();
    let limits = w.project.limits.clone();
    if let Some(m) = w.members.get_mut(member_id) {
        m.lock.record_failure(now, &limits);
    }
}

/// A completed authentication (a member session issued or extended) resets the count. A
/// primary factor that still needs MFA does not: otherwise whoever knows the password could
/// reset the count between guesses at the second factor.
fn record_success(w: &mut World, member_id: &str) {
    if let Some(m) = w.members.get_mut(member_id) {
        m.lock = Default::default();
    }
}

/// Takes one SMS send from the phone number's and the recipient's allowance, or refuses with
/// 429 `too_many_requests` when either is used up for the current window. `owner` is
/// `member:<id>` or `user:<id>`; members and consumer users share the per-recipient limit.
/// Send times older than the window are already gone: `App::world()` sweeps on every lock.
pub fn take_sms_allowance(w: &mut World, owner: &str, phone: &str) -> ApiResult<()> {
    let now = w.now();
    let limits = &w.project.limits;
    let keys = [(format!("phone:{phone}"), limits.sms_sends_per_phone), (owner.to_string(), limits.sms_sends_per_member)];
    for (key, max) in &keys {
        if w.sms_sends.get(key).is_some_and(|times| times.len() >= *max as usize) {
            return Err(ApiError::new(
                429,
                ErrorType::TooManyRequests,
                "Too many SMS messages were sent to this phone number or member recently. Please try again later.",
            ));
        }
    }
    for (key, _) in keys {
        w.sms_sends.entry(key).or_default().push_back(now);
    }
    Ok(())
}

/// Evicts this member's oldest entries (by `age`) so that one more fits under
/// `MAX_SESSIONS_PER_MEMBER`; a login loop cannot grow the maps without bound.
pub fn make_room<V>(map: &mut HashMap<String, V>, member_id: &str, owner_and_age: impl Fn(&V) -> (&str, i64)) {
    let mut mine: Vec<(i64, String)> = map
        .iter()
        .filter(|(_, v)| owner_and_age(v).0 == member_id)
        .map(|(k, v)| (owner_and_age(v).1, k.clone()))
        .collect();
    if mine.len() < MAX_SESSIONS_PER_MEMBER {
        return;
    }
    mine.sort();
    for (_, key) in mine.iter().take(mine.len() + 1 - MAX_SESSIONS_PER_MEMBER) {
        map.remove(key);
    }
}

/// The caller's member session, if its Authorization carried a session token.
/// A token that is unknown or expired is an error, as on Stytch.
pub fn caller_session(w: &World, session_token: Option<&str>) -> ApiResult<Option<String>> {
    match session_token {
        None => Ok(None),
        Some(t) if w.member_sessions.contains_key(t) => Ok(Some(t.to_string())),
        Some(_) => Err(ApiError::session_not_found()),
    }
}

pub fn require_session(w: &World, session_token: Option<&str>) -> ApiResult<String> {
    caller_session(w, session_token)?.ok_or_else(ApiError::session_not_found)
}

pub fn check_mfa_method_allowed(w: &World, organization_id: &str, method: &str) -> ApiResult<()> {
    if w.organizations[organization_id].allows_mfa(method) {
        Ok(())
    } else {
        Err(ApiError::new(
            403,
            ErrorType::MfaMethodNotAllowed,
            format!("This organization does not allow {method} as an MFA method."),
        ))
    }
}

/// What lets a caller take an MFA step: an intermediate session from primary auth, or an
/// existing member session (step-up).
pub enum MfaAuthority {
    Intermediate(String),
    Session(String),
}

pub fn mfa_authority(
    w: &World,
    session_token: Option<&str>,
    ist: Option<&str>,
    organization_id: &str,
    member_id: &str,
) -> ApiResult<MfaAuthority> {
    if let Some(ist) = ist.filter(|t| !t.is_empty()) {
        let s = w.intermediate_sessions.get(ist).ok_or_else(|| {
            ApiError::new(404, ErrorType::IntermediateSessionNotFound, "Intermediate session could not be found.")
        })?;
        if s.organization_id != organization_id {
            return Err(ApiError::new(
                400,
                ErrorType::InvalidIntermediateSessionTokenForOrganization,
                "The intermediate session token is not valid for this organization.",
            ));
        }
        if s.member_id != member_id {
            return Err(ApiError::new(
                400,
                ErrorType::IntermediateSessionMemberMismatch,
                "The intermediate session token belongs to another member.",
            ));
        }
        // An IST whose primary factor the organization does not allow is no way into MFA.
        let restricted = w.organizations[organization_id].primary_restriction();
        if restricted.is_some_and(|allowed| !satisfies_primary(&s.factors, allowed)) {
            return Err(primary_not_met());
        }
        return Ok(MfaAuthority::Intermediate(ist.to_string()));
    }
    if let Some(token) = caller_session(w, session_token)? {
        let s = &w.member_sessions[&token];
        if s.member_id != member_id || s.organization_id != organization_id {
            return Err(ApiError::new(
                400,
                ErrorType::SessionMemberMismatch,
                "The session belongs to another member or organization.",
            ));
        }
        return Ok(MfaAuthority::Session(token));
    }
    Err(primary_not_met())
}

/// The member's phone, if it is a factor they can use in their organization: verified, with
/// SMS allowed.
fn usable_phone<'m>(member: &'m Member, org: &Organization) -> Option<&'m str> {
    (member.has_verified_phone() && org.allows_mfa("sms_otp")).then_some(member.mfa_phone_number.as_str())
}

/// The member's TOTP registration, if it is a factor they can use in their organization:
/// verified, with TOTP allowed.
fn usable_totp<'m>(member: &'m Member, org: &Organization) -> Option<&'m TotpRegistration> {
    member.verified_totp().filter(|_| org.allows_mfa("totp"))
}

/// The MFA methods (`sms_otp`, `totp`) the member has an active factor for. A factor the
/// organization does not allow counts for nothing: it cannot be used to log in either, and
/// counting it would leave the member no way to enroll an allowed one.
fn active_mfa_methods(w: &World, member_id: &str) -> Vec<&'static str> {
    let member = &w.members[member_id];
    let org = &w.organizations[&member.organization_id];
    let mut methods = Vec::new();
    if usable_phone(member, org).is_some() {
        methods.push("sms_otp");
    }
    if usable_totp(member, org).is_some() {
        methods.push("totp");
    }
    methods
}

/// Stytch's rule for enrolling an MFA factor (`totp.create`, `otps.sms.send`): a member who
/// already has an active MFA factor gets another (`method`) only with an intermediate session
/// or session that carries an MFA factor, so whoever knows the password cannot enroll their own
/// phone or authenticator and skip the member's second factor. Using the factor the member has
/// (a code to their verified phone) needs only the usual IST or session. A member with no
/// active factor can be enrolled by the backend API (authorised by the project secret)
/// without either; the SDK API, authorised by the public token alone, always needs one. An IST
/// or session that is given must be this member's, as for every MFA step.
pub fn authorize_factor_enrollment(
    w: &World,
    surface: Surface,
    session_token: Option<&str>,
    ist: Option<&str>,
    organization_id: &str,
    member_id: &str,
    method: &str,
) -> ApiResult<()> {
    let active = active_mfa_methods(w, member_id);
    let presented = ist.is_some_and(|t| !t.is_empty()) || session_token.is_some();
    if !presented && surface == Surface::Backend && active.is_empty() {
        return Ok(());
    }
    let authority = mfa_authority(w, session_token, ist, organization_id, member_id)?;
    let adds_factor = !active.is_empty() && !active.contains(&method);
    if adds_factor && !authority_factors(w, &authority).iter().any(|f| f.kind.is_mfa()) {
        return Err(ApiError::new(
            401,
            ErrorType::InsufficientFactors,
            "The member already has an MFA factor: adding another needs an intermediate session or session that carries it.",
        ));
    }
    Ok(())
}

/// What the caller has proven: the factors of its intermediate session or member session.
fn authority_factors<'w>(w: &'w World, authority: &MfaAuthority) -> &'w [Factor] {
    match authority {
        MfaAuthority::Intermediate(ist) => &w.intermediate_sessions[ist].factors,
        MfaAuthority::Session(token) => &w.member_sessions[token].factors,
    }
}

fn primary_not_met() -> ApiError {
    ApiError::new(
        400,
        ErrorType::ActionAvailableOnlyOncePrimaryAuthenticationIsMet,
        "You must complete the primary authentication requirements for an organization before completing an MFA flow.",
    )
}

fn create_session(w: &mut World, member_id: &str, organization_id: &str, factors: Vec<Factor>, minutes: i64) -> String {
    record_success(w, member_id);
    let now = w.now();
    let token = new_secret();
    make_room(&mut w.member_sessions, member_id, |s| (&s.member_id, s.started_at));
    w.member_sessions.insert(
        token.clone(),
        MemberSession {
            member_session_id: new_id("member-session"),
            member_id: member_id.to_string(),
            organization_id: organization_id.to_string(),
            started_at: now,
            last_accessed_at: now,
            expires_at: now.saturating_add(minutes * 60),
            factors,
        },
    );
    token
}

/// Adds a factor to an existing session; `minutes`, when given, extends it from now.
pub fn touch_session(w: &mut World, token: &str, factor: Option<Factor>, minutes: Option<i64>) {
    let now = w.now();
    let s = w.member_sessions.get_mut(token).expect("session checked before");
    s.last_accessed_at = now;
    if let Some(m) = minutes {
        s.expires_at = now.saturating_add(m * 60);
    }
    if let Some(f) = factor {
        merge_factor(&mut s.factors, f);
        let member_id = s.member_id.clone();
        record_success(w, &member_id);
    }
}

/// The member session of `token`, with its member, organization and both tokens.
pub fn session_response(w: &World, keys: &Keys, token: &str) -> pm::SessionResponse {
    let (mut response, claims) = unsigned_session_response(w, token);
    response.session_jwt = keys.sign(&claims);
    response
}

/// The same without the JWT, and the JWT's claims: a caller that signs them after releasing
/// the world lock lets other requests go on during the RSA signature (most of the time of a
/// session refresh).
pub fn unsigned_session_response(w: &World, token: &str) -> (pm::SessionResponse, serde_json::Value) {
    let s = &w.member_sessions[token];
    let org = &w.organizations[&s.organization_id];
    let member = &w.members[&s.member_id];
    let response = pm::SessionResponse {
        member_id: s.member_id.clone(),
        organization_id: s.organization_id.clone(),
        member: render::member(member, w.now()),
        organization: render::organization(org),
        member_session: render::member_session(s, org),
        session_token: token.to_string(),
        ..Default::default()
    };
    (response, render::session_jwt_claims(&w.project, s, org, w.now()))
}

/// Finishes a primary factor (password, magic link, discovery exchange). Returns a member
/// session when no MFA is needed, else an intermediate session and `mfa_required`.
pub fn complete_primary(
    w: &mut World,
    keys: &Keys,
    session_token: Option<&str>,
    ist: Option<&str>,
    member_id: &str,
    factor: Factor,
    minutes: i64,
) -> ApiResult<pm::AuthenticateResponse> {
    let organization_id = w.members[member_id].organization_id.clone();

    // A member who already holds a session gets the factor added to it.
    if let Some(token) = caller_session(w, session_token)? {
        let s = &w.member_sessions[&token];
        if s.member_id == member_id {
            touch_session(w, &token, Some(factor), Some(minutes));
            return Ok(pm::AuthenticateResponse::authenticated(session_response(w, keys, &token)));
        }
    }

    // Factors already proven in a still-valid intermediate session of this member carry over.
    let mut factors = match ist.and_then(|t| w.intermediate_sessions.get(t)) {
        Some(s) if s.member_id == member_id => s.factors.clone(),
        _ => Vec::new(),
    };
    merge_factor(&mut factors, factor);

    // An organization that restricts its primary factors wants one of them first
    // (`primary_required`); the factor just proven is kept in the IST, and an allowed one
    // proven with that IST continues the login.
    if let Some(allowed) = w.organizations[&organization_id].primary_restriction() {
        if !satisfies_primary(&factors, allowed) {
            let allowed = allowed.to_vec();
            let new_ist = issue_ist(w, ist, member_id, &organization_id, factors);
            return Ok(pm::AuthenticateResponse {
                intermediate_session_token: new_ist,
                primary_required: Some(pm::PrimaryRequired { allowed_auth_methods: allowed }),
                ..pending_response(w, member_id, &organization_id)
            });
        }
    }

    let member = &w.members[member_id];
    let org = &w.organizations[&organization_id];
    let mfa_needed = (org.mfa_required_for_all() || member.mfa_enrolled) && !factors.iter().any(|f| f.kind.is_mfa());
    if !mfa_needed {
        if let Some(t) = ist {
            w.intermediate_sessions.remove(t);
        }
        let token = create_session(w, member_id, &organization_id, factors, minutes);
        return Ok(pm::AuthenticateResponse::authenticated(session_response(w, keys, &token)));
    }

    let phone = usable_phone(member, org).map(str::to_string);
    let totp_id = usable_totp(member, org).map(|t| t.totp_registration_id.clone());
    let mut auto_sms = member.default_mfa_method == "sms_otp" && phone.is_some();
    let member_options = if phone.is_none() && totp_id.is_none() {
        None
    } else {
        Some(pm::MemberOptions {
            mfa_phone_number: phone.as_deref().map(mask_phone).unwrap_or_default(),
            totp_registration_id: totp_id.unwrap_or_default(),
        })
    };
    if let Some(phone) = phone.filter(|_| auto_sms) {
        // Over the SMS allowance the login still succeeds, without the automatic send; an
        // explicit `otps.sms.send` then says why.
        auto_sms = take_sms_allowance(w, &format!("member:{member_id}"), &phone).is_ok();
        if auto_sms {
            send_sms_code(w, member_id, &phone);
        }
    }

    let new_ist = issue_ist(w, ist, member_id, &organization_id, factors);
    Ok(pm::AuthenticateResponse {
        intermediate_session_token: new_ist,
        mfa_required: Some(pm::MfaRequired {
            member_options,
            secondary_auth_initiated: auto_sms.then_some(pm::SecondaryAuth::SmsOtp),
        }),
        ..pending_response(w, member_id, &organization_id)
    })
}

/// Replaces the caller's IST (if any) with a new one holding `factors`.
fn issue_ist(w: &mut World, old: Option<&str>, member_id: &str, organization_id: &str, factors: Vec<Factor>) -> String {
    if let Some(t) = old {
        w.intermediate_sessions.remove(t);
    }
    let token = new_secret();
    let expires_at = w.now() + IST_LIFETIME_SECONDS;
    make_room(&mut w.intermediate_sessions, member_id, |s| (&s.member_id, s.expires_at));
    w.intermediate_sessions.insert(
        token.clone(),
        IntermediateSession { member_id: member_id.to_string(), organization_id: organization_id.to_string(), factors, expires_at },
    );
    token
}

/// The member and organization of a login that is not finished yet: no session, empty
/// session tokens (the caller adds the IST and what is still required).
fn pending_response(w: &World, member_id: &str, organization_id: &str) -> pm::AuthenticateResponse {
    pm::AuthenticateResponse {
        member_id: member_id.to_string(),
        organization_id: organization_id.to_string(),
        member: render::member(&w.members[member_id], w.now()),
        organization: render::organization(&w.organizations[organization_id]),
        ..Default::default()
    }
}

/// Whether the factors include a primary factor the organization allows.
pub fn satisfies_primary(factors: &[Factor], allowed: &[String]) -> bool {
    factors.iter().any(|f| f.kind.auth_method().is_some_and(|m| allowed.iter().any(|a| a == m)))
}

/// Completes an MFA step: consumes the intermediate session into a new member session, or
/// adds the factor to the caller's session.
pub fn finish_mfa(w: &mut World, keys: &Keys, authority: MfaAuthority, factor: Factor, minutes: i64) -> pm::SessionResponse {
    let token = match authority {
        MfaAuthority::Intermediate(ist) => {
            let s = w.intermediate_sessions.remove(&ist).expect("IST checked before");
            let mut factors = s.factors;
            merge_factor(&mut factors, factor);
            create_session(w, &s.member_id, &s.organization_id, factors, minutes)
        }
        MfaAuthority::Session(token) => {
            touch_session(w, &token, Some(factor), Some(minutes));
            token
        }
    };
    session_response(w, keys, &token)
}

/// Sends a fresh six-digit code, replacing any earlier one for this member.
pub fn send_sms_code(w: &mut World, member_id: &str, phone: &str) {
    let code = new_otp_code();
    let expires_at = w.now() + w.project.sms_otp_expiration_minutes * 60;
    let m = &w.members[member_id];
    let organization_id = m.organization_id.clone();
    w.sms_otps.insert(
        member_id.to_string(),
        SmsOtp {
            organization_id: organization_id.clone(),
            phone_number: phone.to_string(),
            code: code.clone(),
            expires_at,
            attempts_left: SMS_ATTEMPTS,
        },
    );
    let message = OutboxMessage::sms(phone, &organization_id, member_id, &code, &w.project.name);
    w.push_outbox(message);
}

pub fn check_phone(phone: &str) -> ApiResult<()> {
    if is_e164(phone) {
        Ok(())
    } else {
        Err(ApiError::new(400, ErrorType::InvalidPhoneNumber, "mfa_phone_number must be in E.164 format, e.g. +15555550100."))
    }
}

/// Applies `set_mfa_enrollment` and `set_default_mfa` after a successful MFA step.
pub fn apply_enrollment(w: &mut World, member_id: &str, method: &str, enrollment: Option<&str>, set_default: bool) {
    let now = w.now();
    let m = member_mut(w, member_id);
    match enrollment {
        Some("enroll") => m.mfa_enrolled = true,
        Some("unenroll") => m.mfa_enrolled = false,
        Some(_) => unreachable!("validated by the handler"),
        None => {}
    }
    if set_default || m.default_mfa_method.is_empty() {
        m.default_mfa_method = method.to_string();
    }
    m.updated_at = now;
}

pub fn check_enrollment(value: Option<&str>) -> ApiResult<()> {
    match value {
        None | Some("enroll") | Some("unenroll") => Ok(()),
        Some(_) => Err(ApiError::bad_request("set_mfa_enrollment: must be 'enroll' or 'unenroll'")),
    }
}

/// `{member_id, member, organization}`: what sends answer with.
pub fn member_response(w: &World, member_id: &str) -> pm::MemberResponse {
    let member = &w.members[member_id];
    pm::MemberResponse {
        member_id: member_id.to_string(),
        member: render::member(member, w.now()),
        organization: render::organization(&w.organizations[&member.organization_id]),
        ..Default::default()
    }
}

/// The request of an MFA code step (`otps.sms.authenticate`, `totp.authenticate`).
#[derive(Deserialize)]
pub struct CodeStep {
    pub organization_id: String,
    pub member_id: String,
    pub code: String,
    pub session_duration_minutes: Option<i64>,
    pub set_mfa_enrollment: Option<String>,
    #[serde(default)]
    pub set_default_mfa: bool,
    pub intermediate_session_token: Option<String>,
    #[serde(flatten)]
    pub session: crate::extract::BodySession,
}

impl CodeStep {
    /// Checks the request for `method` and returns the session length and what authorises the step.
    pub fn check(&self, w: &World, caller: &crate::extract::Caller, keys: &Keys, method: &str) -> ApiResult<(i64, MfaAuthority)> {
        require("code", &self.code)?;
        check_enrollment(self.set_mfa_enrollment.as_deref())?;
        let minutes = session_minutes(self.session_duration_minutes)?;
        check_member(w, &self.organization_id, &self.member_id)?;
        check_mfa_method_allowed(w, &self.organization_id, method)?;
        let session = caller.session_token(w, keys, &self.session)?;
        let authority = mfa_authority(w, session.as_deref(), self.intermediate_session_token.as_deref(), &self.organization_id, &self.member_id)?;
        check_unlocked(w, &self.member_id)?;
        Ok((minutes, authority))
    }
}

/// PKCE as Stytch checks it: a challenge recorded at the start needs the verifier whose
/// SHA-256 (base64url) it is; no challenge, no verifier.
pub fn check_pkce(challenge: Option<&str>, verifier: Option<&str>) -> ApiResult<()> {
    use base64::Engine;
    use sha2::Digest;
    match (challenge, verifier.filter(|v| !v.is_empty())) {
        (None, None) => Ok(()),
        (None, Some(_)) => Err(ApiError::new(400, ErrorType::PkceDidNotExpectCodeVerifier, "No code_challenge was sent for this reset; send no code_verifier.")),
        (Some(_), None) => Err(ApiError::new(400, ErrorType::PkceExpectedCodeVerifier, "This reset was started with a code_challenge; send its code_verifier.")),
        (Some(c), Some(v)) => {
            let computed = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(v.as_bytes()));
            if computed == c {
                Ok(())
            } else {
                Err(ApiError::new(400, ErrorType::PkceMismatch, "The code_verifier does not match the code_challenge."))
            }
        }
    }
}
