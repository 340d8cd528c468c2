//! MFA steps: what authorises one (an intermediate session or a member session), Stytch's rule
//! for enrolling another factor, and finishing the step.

use stytch_b2b_protocol as pm;
use stytch_b2b_protocol::requests::{MfaEnrollment, SmsAuthenticateOptions, TotpAuthenticateOptions};

use crate::checks::{check_member, member_mut, require, session_minutes};
use crate::env::Env;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::extract::{Sent, Surface};
use crate::factors::{active_mfa_methods, check_mfa_method_allowed};
use crate::lockout::check_unlocked;
use crate::member_sessions::{caller_session, create_session, session_response, touch_session};
use crate::model::{merge_factor, Factor, World};
use crate::primary::{primary_not_met, satisfies_primary};

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
        let s = w
            .intermediate_sessions
            .get(ist)
            .ok_or_else(|| ApiError::new(404, ErrorType::IntermediateSessionNotFound, "Intermediate session could not be found."))?;
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
            return Err(ApiError::new(400, ErrorType::SessionMemberMismatch, "The session belongs to another member or organization."));
        }
        return Ok(MfaAuthority::Session(token));
    }
    Err(primary_not_met())
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

/// Completes an MFA step: consumes the intermediate session into a new member session, or
/// adds the factor to the caller's session.
pub fn finish_mfa(w: &mut World, env: &Env, authority: MfaAuthority, factor: Factor, minutes: i64) -> pm::SessionResponse {
    let token = match authority {
        MfaAuthority::Intermediate(ist) => {
            let s = w.intermediate_sessions.remove(&ist).expect("IST checked before");
            let mut factors = s.factors;
            merge_factor(&mut factors, factor);
            create_session(w, env, &s.member_id, &s.organization_id, factors, minutes)
        }
        MfaAuthority::Session(token) => {
            touch_session(w, env, &token, Some(factor), Some(minutes));
            token
        }
    };
    session_response(w, env, &token)
}

/// Applies `set_mfa_enrollment` and `set_default_mfa` after a successful MFA step.
pub fn apply_enrollment(w: &mut World, env: &Env, member_id: &str, method: &str, enrollment: Option<MfaEnrollment>, set_default: bool) {
    let now = env.now;
    let m = member_mut(w, member_id);
    if let Some(enrollment) = enrollment {
        m.mfa_enrolled = enrollment == MfaEnrollment::Enroll;
    }
    if set_default || m.default_mfa_method.is_none() {
        m.default_mfa_method = Some(method.into());
    }
    m.updated_at = now;
}

/// An MFA code step (`otps.sms.authenticate`, `totp.authenticate`, whose requests have the same
/// fields), as its operation reads it.
pub struct CodeStep {
    pub organization_id: String,
    pub member_id: String,
    pub code: String,
    pub session_duration_minutes: i64,
    pub set_mfa_enrollment: Option<MfaEnrollment>,
    pub set_default_mfa: bool,
    pub intermediate_session_token: Option<String>,
    pub session: crate::extract::BodySession,
}

/// The two code steps' requests, field for field.
macro_rules! code_step_from {
    ($($options:ty),+) => {$(
        impl From<Sent<$options>> for CodeStep {
            fn from(sent: Sent<$options>) -> Self {
                let o = sent.options;
                CodeStep {
                    organization_id: o.organization_id,
                    member_id: o.member_id,
                    code: o.code,
                    session_duration_minutes: o.session_duration_minutes,
                    set_mfa_enrollment: o.set_mfa_enrollment,
                    set_default_mfa: o.set_default_mfa.unwrap_or(false),
                    intermediate_session_token: sent.intermediate_session_token,
                    session: sent.session,
                }
            }
        }
    )+};
}
code_step_from!(SmsAuthenticateOptions, TotpAuthenticateOptions);

impl CodeStep {
    /// Checks the request for `method` and returns the session length and what authorises the step.
    pub fn check(&self, w: &World, env: &Env, caller: &crate::extract::Caller, method: &str) -> ApiResult<(i64, MfaAuthority)> {
        require("code", &self.code)?;
        let minutes = session_minutes(Some(self.session_duration_minutes))?;
        check_member(w, &self.organization_id, &self.member_id)?;
        check_mfa_method_allowed(w, &self.organization_id, method)?;
        let session = caller.session_token(w, env.keys, &self.session)?;
        let authority =
            mfa_authority(w, session.as_deref(), self.intermediate_session_token.as_deref(), &self.organization_id, &self.member_id)?;
        check_unlocked(w, env, &self.member_id)?;
        Ok((minutes, authority))
    }
}
