//! `discovery.intermediateSessions.exchange`: carries the primary factors of an intermediate
//! session to the same person's membership in another organization.

use serde::Deserialize;
use stytch_b2b_protocol as pm;

use crate::checks::{require, session_minutes};
use crate::env::Env;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::extract::{BodySession, Caller};
use crate::member_sessions::caller_session;
use crate::model::World;
use crate::primary::complete_primary;

#[derive(Deserialize)]
pub struct ExchangeRequest {
    organization_id: String,
    session_duration_minutes: Option<i64>,
    intermediate_session_token: Option<String>,
    #[allow(dead_code)]
    locale: Option<String>,
    #[serde(flatten)]
    session: BodySession,
}

/// Spends the intermediate session once everything else is checked, and finishes the primary
/// factor it carries for the member of the same email in the organization asked for.
pub fn exchange(w: &mut World, env: &Env, caller: &Caller, req: ExchangeRequest) -> ApiResult<pm::AuthenticateResponse> {
    require("organization_id", &req.organization_id)?;
    let ist = req.intermediate_session_token.unwrap_or_default();
    require("intermediate_session_token", &ist)?;
    let minutes = session_minutes(req.session_duration_minutes)?;
    if !w.organizations.contains_key(&req.organization_id) {
        return Err(ApiError::organization_not_found());
    }
    // Refuse a bad session before the intermediate session is spent.
    let session = caller.session_token(w, env.keys, &req.session)?;
    caller_session(w, session.as_deref())?;
    let source = w
        .intermediate_sessions
        .get(&ist)
        .ok_or_else(|| ApiError::new(404, ErrorType::IntermediateSessionNotFound, "Intermediate session could not be found."))?;
    let email = &w.members[&source.member_id].email_address;
    let target = w.member_by_email(&req.organization_id, email).map(|m| m.member_id.clone()).ok_or_else(ApiError::member_not_found)?;
    // Only a primary factor travels between organizations; MFA must be met in each.
    let factor = source
        .factors
        .iter()
        .filter(|f| !f.kind.is_mfa())
        .max_by_key(|f| f.last_authenticated_at)
        .cloned()
        .ok_or_else(|| ApiError::bad_request("The intermediate session carries no primary factor."))?;
    w.intermediate_sessions.remove(&ist);
    complete_primary(w, env, session.as_deref(), None, &target, factor, minutes)
}
