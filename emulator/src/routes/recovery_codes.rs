//! Recovery codes: single-use backup factors issued with a TOTP registration.

use stytch_b2b_protocol as pm;
use axum::{
    extract::{Path, State},
    Json,
};
use serde::Deserialize;
use serde_json::Value;

use crate::checks::{check_member, member_mut, require, session_minutes};
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::extract::{BodySession, Caller, Payload};
use crate::ids::new_recovery_code;
use crate::lockout::{check_unlocked, record_failed_attempt};
use crate::member_sessions::require_session;
use crate::mfa::{finish_mfa, mfa_authority};
use crate::model::World;
use crate::model::{Factor, FactorKind};
use crate::render::member_response;
use crate::ops::totp::RECOVERY_CODE_COUNT;
use crate::state::App;

#[derive(Deserialize)]
pub struct RecoverRequest {
    organization_id: String,
    member_id: String,
    recovery_code: String,
    session_duration_minutes: Option<i64>,
    intermediate_session_token: Option<String>,
    #[serde(flatten)]
    session: BodySession,
}

pub async fn recover(State(app): State<App>, caller: Caller, Payload(req): Payload<RecoverRequest>) -> ApiResult<Json<Value>> {
    require("recovery_code", &req.recovery_code)?;
    let minutes = session_minutes(req.session_duration_minutes)?;
    let mut w = app.world();
    check_member(&w, &req.organization_id, &req.member_id)?;
    let session = caller.session_token(&w, &app.keys(), &req.session)?;
    let authority = mfa_authority(
        &w,
        session.as_deref(),
        req.intermediate_session_token.as_deref(),
        &req.organization_id,
        &req.member_id,
    )?;
    check_unlocked(&w, &req.member_id)?;
    let now = w.now();
    let wanted = req.recovery_code.trim().to_ascii_lowercase();
    let Some(index) = w.members[&req.member_id].recovery_codes.iter().position(|c| *c == wanted) else {
        record_failed_attempt(&mut w, &req.member_id);
        return Err(ApiError::new(401, ErrorType::InvalidRecoveryCode, "The recovery code is incorrect or already used."));
    };
    let m = member_mut(&mut w, &req.member_id);
    m.recovery_codes.remove(index);
    let remaining = m.recovery_codes.len();
    let registration_id = m.totp.as_ref().map(|t| t.totp_registration_id.clone()).unwrap_or_default();
    let factor = Factor::new(FactorKind::RecoveryCode { totp_registration_id: registration_id }, now);
    let session = finish_mfa(&mut w, &app.keys(), authority, factor, minutes);
    // At most RECOVERY_CODE_COUNT codes exist.
    Ok(caller.respond(pm::RecoveryCodesRecoverResponse::new(session, remaining as u32)))
}

/// SDK: the caller's own codes.
pub async fn get(State(app): State<App>, caller: Caller) -> ApiResult<Json<Value>> {
    let w = app.world();
    let session = caller.session_token(&w, &app.keys(), &BodySession::default())?;
    let token = require_session(&w, session.as_deref())?;
    let member_id = w.member_sessions[&token].member_id.clone();
    Ok(caller.respond(codes_response(&w, &member_id)))
}

/// SDK: replaces the caller's codes.
pub async fn rotate(State(app): State<App>, caller: Caller) -> ApiResult<Json<Value>> {
    let mut w = app.world();
    let session = caller.session_token(&w, &app.keys(), &BodySession::default())?;
    let token = require_session(&w, session.as_deref())?;
    let s = &w.member_sessions[&token];
    let (organization_id, member_id) = (s.organization_id.clone(), s.member_id.clone());
    rotate_codes(&mut w, &organization_id, &member_id)?;
    Ok(caller.respond(codes_response(&w, &member_id)))
}

/// Backend: any member's codes.
pub async fn backend_get(
    State(app): State<App>,
    caller: Caller,
    Path((organization_id, member_id)): Path<(String, String)>,
) -> ApiResult<Json<Value>> {
    let w = app.world();
    check_member(&w, &organization_id, &member_id)?;
    Ok(caller.respond(codes_response(&w, &member_id)))
}

#[derive(Deserialize)]
pub struct RotateRequest {
    organization_id: String,
    member_id: String,
}

/// Backend: replaces any member's codes.
pub async fn backend_rotate(State(app): State<App>, caller: Caller, Payload(req): Payload<RotateRequest>) -> ApiResult<Json<Value>> {
    let mut w = app.world();
    rotate_codes(&mut w, &req.organization_id, &req.member_id)?;
    Ok(caller.respond(codes_response(&w, &req.member_id)))
}

fn rotate_codes(w: &mut World, organization_id: &str, member_id: &str) -> ApiResult<()> {
    check_member(w, organization_id, member_id)?;
    let m = member_mut(w, member_id);
    if m.verified_totp().is_none() {
        return Err(ApiError::new(404, ErrorType::TotpNotFound, "Recovery codes come with a TOTP registration; the member has none."));
    }
    m.recovery_codes = (0..RECOVERY_CODE_COUNT).map(|_| new_recovery_code()).collect();
    Ok(())
}

/// `{member_id, member, organization, recovery_codes}`.
fn codes_response(w: &World, member_id: &str) -> pm::RecoveryCodesResponse {
    let m = member_response(w, member_id);
    pm::RecoveryCodesResponse {
        member_id: m.member_id,
        member: m.member,
        organization: m.organization,
        recovery_codes: w.members[member_id].recovery_codes.clone(),
        ..Default::default()
    }
}
