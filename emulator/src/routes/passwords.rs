//! `passwords.authenticate`: the password primary factor.

use axum::{extract::State, Json};
use serde::Deserialize;
use serde_json::Value;

use crate::error::{ApiError, ApiResult};
use crate::extract::{BodySession, Caller, Payload};
use crate::flows::{check_unlocked, complete_primary, record_failed_attempt, require, session_minutes};
use crate::model::{Factor, FactorKind};
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
    #[serde(flatten)]
    session: BodySession,
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
    // Look up under the lock, hash without it (see `hashing`), then decide under it again.
    let (member_id, hash) = {
        let w = app.world();
        if !w.organizations.contains_key(&req.organization_id) {
            return Err(ApiError::organization_not_found());
        }
        // Unknown email and wrong password look the same, so logins cannot probe for members.
        let member = w.member_by_email(&req.organization_id, &req.email_address).ok_or_else(ApiError::unauthorized_credentials)?;
        check_unlocked(&w, &member.member_id)?;
        (member.member_id.clone(), member.password_hash.clone())
    };
    let ok = match hash {
        Some(hash) => app.passwords().verify(hash, req.password).await,
        None => false,
    };
    let mut w = app.world();
    let session = caller.session_token(&w, &app.keys(), &req.session)?;
    if !w.members.contains_key(&member_id) {
        // Reset to the seed while the hash was computed.
        return Err(ApiError::unauthorized_credentials());
    }
    if !ok {
        record_failed_attempt(&mut w, &member_id);
        return Err(ApiError::unauthorized_credentials());
    }
    check_unlocked(&w, &member_id)?;
    let factor = Factor::new(FactorKind::Password, w.now());
    let out = complete_primary(
        &mut w,
        &app.keys(),
        session.as_deref(),
        req.intermediate_session_token.as_deref(),
        &member_id,
        factor,
        minutes,
    )?;
    Ok(caller.respond(out))
}
