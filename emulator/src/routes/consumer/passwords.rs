//! `POST /v1/passwords` (create a user with a password) and `POST /v1/passwords/authenticate`:
//! the consumer guide's first factor (`knowledge`).

use axum::{extract::State, Json};
use serde::Deserialize;
use serde_json::{json, Value};

use super::users::{check_new_email, new_user, Name};
use super::{attach_factor, auth_response, caller_session, optional_minutes};
use crate::checks::require;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::extract::{BodySession, ConsumerCaller, Payload};
use crate::ids::new_id;
use crate::lockout::locked;
use crate::model::{Factor, FactorKind};
use crate::state::App;

#[derive(Deserialize)]
pub struct CreateRequest {
    email: String,
    password: String,
    session_duration_minutes: Option<i64>,
    name: Option<Name>,
}

pub async fn create(State(app): State<App>, caller: ConsumerCaller, Payload(req): Payload<CreateRequest>) -> ApiResult<Json<Value>> {
    let minutes = optional_minutes(req.session_duration_minutes)?;
    {
        let w = app.world();
        w.project.password_config.require(&req.password)?;
        check_new_email(&w, &req.email)?;
    }
    let hash = app.passwords().hash(req.password).await.ok_or_else(|| ApiError::new(503, ErrorType::ServiceUnavailable, "Try again."))?;
    let mut w = app.world();
    // Checked again: another request may have taken the email while hashing.
    check_new_email(&w, &req.email)?;
    let now = w.now();
    let mut user = new_user(&req.email, req.name, now);
    user.password_hash = Some(hash);
    user.password_id = new_id("password");
    let (user_id, email_id) = (user.user_id.clone(), user.email_id.clone());
    w.users.insert(user_id.clone(), user);
    let token = attach_factor(&mut w, &user_id, None, Factor::new(FactorKind::Password, now), minutes)?;
    let mut out = auth_response(&w, &app.consumer_keys(), &user_id, token.as_deref());
    out.insert("email_id".into(), json!(email_id));
    Ok(caller.respond(out))
}

#[derive(Deserialize)]
pub struct AuthenticateRequest {
    email: String,
    password: String,
    session_duration_minutes: Option<i64>,
    #[serde(flatten)]
    session: BodySession,
}

pub async fn authenticate(
    State(app): State<App>,
    caller: ConsumerCaller,
    Payload(req): Payload<AuthenticateRequest>,
) -> ApiResult<Json<Value>> {
    require("email", &req.email)?;
    require("password", &req.password)?;
    let minutes = optional_minutes(req.session_duration_minutes)?;
    // Look up under the lock, hash without it, decide under it again (see `hashing`).
    let (user_id, hash) = {
        let w = app.world();
        caller_session(&w, &app.consumer_keys(), &req.session)?;
        // Unknown email and wrong password look the same.
        let user = w.user_by_email(&req.email).ok_or_else(wrong_credentials)?;
        if user.lock.is_locked(w.now()) {
            return Err(locked());
        }
        (user.user_id.clone(), user.password_hash.clone())
    };
    let ok = match hash {
        Some(hash) => app.passwords().verify(hash, req.password).await,
        None => false,
    };
    let mut w = app.world();
    let now = w.now();
    let limits = w.project.limits.clone();
    let Some(user) = w.users.get_mut(&user_id) else { return Err(wrong_credentials()) };
    if !ok {
        user.lock.record_failure(now, &limits);
        return Err(wrong_credentials());
    }
    if user.lock.is_locked(now) {
        return Err(locked());
    }
    let session = caller_session(&w, &app.consumer_keys(), &req.session)?;
    let token = attach_factor(&mut w, &user_id, session, Factor::new(FactorKind::Password, now), minutes)?;
    Ok(caller.respond(auth_response(&w, &app.consumer_keys(), &user_id, token.as_deref())))
}

fn wrong_credentials() -> ApiError {
    ApiError::new(401, ErrorType::UnauthorizedCredentials, "The email or password is incorrect.")
}
