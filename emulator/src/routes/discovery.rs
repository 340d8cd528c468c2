//! `discovery.intermediateSessions.exchange`: carries the primary factors of an intermediate
//! session to the same person's membership in another organization.

use axum::{extract::State, Json};
use serde::Deserialize;
use serde_json::Value;

use crate::checks::{require, session_minutes};
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::extract::{BodySession, Caller, Payload};
use crate::primary::complete_primary;
use crate::state::App;

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

pub async fn exchange(State(app): State<App>, caller: Caller, Payload(req): Payload<ExchangeRequest>) -> ApiResult<Json<Value>> {
    require("organization_id", &req.organization_id)?;
    let ist = req.intermediate_session_token.unwrap_or_default();
    require("intermediate_session_token", &ist)?;
    let minutes = session_minutes(req.session_duration_minutes)?;
    let mut w = app.world();
    if !w.organizations.contains_key(&req.organization_id) {
        return Err(ApiError::organization_not_found());
    }
    // Refuse a bad session before the intermediate session is spent.
    let session = caller.session_token(&w, &app.keys(), &req.session)?;
    crate::member_sessions::caller_session(&w, session.as_deref())?;
    let source = w.intermediate_sessions.get(&ist).cloned().ok_or_else(|| {
        ApiError::new(404, ErrorType::IntermediateSessionNotFound, "Intermediate session could not be found.")
    })?;
    let email = w.members[&source.member_id].email_address.clone();
    let target = w
        .member_by_email(&req.organization_id, &email)
        .map(|m| m.member_id.clone())
        .ok_or_else(ApiError::member_not_found)?;
    // Only a primary factor travels between organizations; MFA must be met in each.
    let factor = source
        .factors
        .into_iter()
        .filter(|f| !f.kind.is_mfa())
        .max_by_key(|f| f.last_authenticated_at)
        .ok_or_else(|| ApiError::bad_request("The intermediate session carries no primary factor."))?;
    w.intermediate_sessions.remove(&ist);
    let out = complete_primary(&mut w, &app.keys(), session.as_deref(), None, &target, factor, minutes)?;
    Ok(caller.respond(out))
}
