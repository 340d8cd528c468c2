//! Recovery codes: single-use backup factors issued with a TOTP registration.

use axum::{extract::State, Json};
use serde::Deserialize;
use serde_json::{json, Value};

use super::data;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Caller, Payload};
use crate::flows::{
    check_member, check_unlocked, finish_mfa, member_mut, mfa_authority, record_failed_attempt, require,
    require_session, session_minutes, Object,
};
use crate::model::{Factor, FactorKind};
use crate::state::App;
use crate::util::new_recovery_code;

#[derive(Deserialize)]
pub struct RecoverRequest {
    organization_id: String,
    member_id: String,
    recovery_code: String,
    session_duration_minutes: Option<i64>,
    intermediate_session_token: Option<String>,
}

pub async fn recover(State(app): State<App>, caller: Caller, Payload(req): Payload<RecoverRequest>) -> ApiResult<Json<Value>> {
    require("recovery_code", &req.recovery_code)?;
    let minutes = session_minutes(req.session_duration_minutes)?;
    let mut w = app.world();
    check_member(&w, &req.organization_id, &req.member_id)?;
    let authority = mfa_authority(
        &w,
        caller.session_token.as_deref(),
        req.intermediate_session_token.as_deref(),
        &req.organization_id,
        &req.member_id,
    )?;
    check_unlocked(&w, &req.member_id)?;
    let now = w.now();
    let wanted = req.recovery_code.trim().to_ascii_lowercase();
    let Some(index) = w.members[&req.member_id].recovery_codes.iter().position(|c| *c == wanted) else {
        record_failed_attempt(&mut w, &req.member_id);
        return Err(ApiError::new(401, "invalid_recovery_code", "The recovery code is incorrect or already used."));
    };
    let m = member_mut(&mut w, &req.member_id);
    m.recovery_codes.remove(index);
    let remaining = m.recovery_codes.len();
    let registration_id = m.totp.as_ref().map(|t| t.totp_registration_id.clone()).unwrap_or_default();
    let factor = Factor::new(FactorKind::RecoveryCode { totp_registration_id: registration_id }, now);
    let mut out = finish_mfa(&mut w, app.keys(), authority, factor, minutes);
    out.insert("recovery_codes_remaining".into(), json!(remaining));
    Ok(data(out))
}

fn codes_response(codes: &[String]) -> Json<Value> {
    let mut out = Object::new();
    out.insert("recovery_codes".into(), json!(codes));
    data(out)
}

pub async fn get(State(app): State<App>, caller: Caller) -> ApiResult<Json<Value>> {
    let w = app.world();
    let token = require_session(&w, caller.session_token.as_deref())?;
    let member = &w.members[&w.member_sessions[&token].member_id];
    Ok(codes_response(&member.recovery_codes))
}

pub async fn rotate(State(app): State<App>, caller: Caller) -> ApiResult<Json<Value>> {
    let mut w = app.world();
    let token = require_session(&w, caller.session_token.as_deref())?;
    let member_id = w.member_sessions[&token].member_id.clone();
    let organization_id = w.member_sessions[&token].organization_id.clone();
    check_member(&w, &organization_id, &member_id)?;
    let m = member_mut(&mut w, &member_id);
    if m.verified_totp().is_none() {
        return Err(ApiError::new(404, "totp_not_found", "Recovery codes come with a TOTP registration; the member has none."));
    }
    m.recovery_codes = (0..10).map(|_| new_recovery_code()).collect();
    Ok(codes_response(&m.recovery_codes))
}
