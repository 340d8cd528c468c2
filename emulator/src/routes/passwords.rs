//! `passwords.authenticate`: the password primary factor.

use axum::{extract::State, Json};
use serde::Deserialize;
use serde_json::Value;

use super::data;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Caller, Payload};
use crate::flows::{complete_primary, require, session_minutes};
use crate::model::{Factor, FactorKind};
use crate::seed::verify_password;
use crate::state::App;

#[derive(Deserialize)]
pub struct AuthenticateRequest {
    organization_id: String,
    email_address: String,
    password: String,
    session_duration_minutes: Option<i64>,
    intermediate_session_token: Option<String>,
    #[allow(dead_code)]
    locale: Option<String>,
}

pub async fn authenticate(
    State(app): State<App>,
    caller: Caller,
    Payload(req): Payload<AuthenticateRequest>,
) -> ApiResult<Json<Value>> {
    require("organization_id", &req.organization_id)?;
    require("email_address", &req.email_address)?;
    require("password", &req.password)?;
    let minutes = session_minutes(req.session_duration_minutes)?;
    let mut w = app.world();
    if !w.organizations.contains_key(&req.organization_id) {
        return Err(ApiError::organization_not_found());
    }
    // Unknown email and wrong password look the same, so logins cannot probe for members.
    let member = w
        .member_by_email(&req.organization_id, &req.email_address)
        .filter(|m| m.password_hash.as_deref().is_some_and(|h| verify_password(h, &req.password)))
        .ok_or_else(ApiError::unauthorized_credentials)?;
    let member_id = member.member_id.clone();
    let factor = Factor::new(FactorKind::Password, w.now());
    let out = complete_primary(
        &mut w,
        app.keys(),
        caller.session_token.as_deref(),
        req.intermediate_session_token.as_deref(),
        &member_id,
        factor,
        minutes,
    )?;
    Ok(data(out))
}
