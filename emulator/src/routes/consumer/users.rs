//! `POST /v1/users` and `GET /v1/users/{user_id}`.

use axum::{
    extract::{Path, State},
    Json,
};
use serde::Deserialize;
use serde_json::{json, Value};
use stytch_b2b_protocol::validate::is_email;

use super::user_not_found;
use crate::checks::check_phone;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::extract::{ConsumerCaller, Payload};
use crate::ids::new_id;
use crate::model::{User, UserPhone};
use crate::render::Object;
use crate::render;
use crate::state::App;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Name {
    first_name: String,
    last_name: String,
}

#[derive(Deserialize)]
pub struct CreateRequest {
    email: Option<String>,
    phone_number: Option<String>,
    name: Option<Name>,
    #[serde(default)]
    create_user_as_pending: bool,
}

/// A new user with this email (and no password yet); the caller checks it is free.
pub fn new_user(email: &str, name: Option<Name>, now: i64) -> User {
    let name = name.unwrap_or_default();
    User {
        user_id: new_id("user"),
        email: email.to_string(),
        email_id: new_id("email"),
        email_verified: false,
        first_name: name.first_name,
        last_name: name.last_name,
        status: "active".into(),
        password_hash: None,
        password_id: String::new(),
        phone_numbers: Vec::new(),
        created_at: now,
        lock: Default::default(),
    }
}

pub fn check_new_email(w: &crate::model::World, email: &str) -> ApiResult<()> {
    if !is_email(email) {
        return Err(ApiError::new(400, ErrorType::InvalidEmail, "email is not a valid email address."));
    }
    if w.user_by_email(email).is_some() {
        return Err(ApiError::new(400, ErrorType::DuplicateEmail, "A user with this email already exists."));
    }
    if w.users.len() >= crate::limits::MAX_USERS {
        return Err(ApiError::new(403, ErrorType::UserLimitReached, "The emulator keeps no more users."));
    }
    Ok(())
}

pub async fn create(State(app): State<App>, caller: ConsumerCaller, Payload(req): Payload<CreateRequest>) -> ApiResult<Json<Value>> {
    let email = req.email.filter(|e| !e.is_empty());
    let phone = req.phone_number.filter(|p| !p.is_empty());
    if email.is_none() && phone.is_none() {
        return Err(ApiError::bad_request("Pass email or phone_number."));
    }
    if let Some(p) = &phone {
        check_phone(p)?;
    }
    let mut w = app.world();
    if let Some(e) = &email {
        check_new_email(&w, e)?;
    } else if w.users.len() >= crate::limits::MAX_USERS {
        return Err(ApiError::new(403, ErrorType::UserLimitReached, "The emulator keeps no more users."));
    }
    if let Some(p) = &phone {
        if w.users.values().any(|u| u.phone_numbers.iter().any(|x| x.phone_number == *p)) {
            return Err(ApiError::new(400, ErrorType::DuplicatePhoneNumber, "A user with this phone number already exists."));
        }
    }
    let now = w.now();
    let mut user = new_user(email.as_deref().unwrap_or(""), req.name, now);
    if email.is_none() {
        user.email_id = String::new();
    }
    if req.create_user_as_pending {
        user.status = "pending".into();
    }
    if let Some(p) = phone {
        user.phone_numbers.push(UserPhone { phone_id: new_id("phone-number"), phone_number: p, verified: false });
    }
    let user_id = user.user_id.clone();
    let mut out = Object::new();
    out.insert("user_id".into(), json!(user_id));
    out.insert("email_id".into(), json!(user.email_id));
    out.insert("status".into(), json!(user.status));
    out.insert("phone_id".into(), json!(user.phone_numbers.first().map(|p| p.phone_id.as_str()).unwrap_or("")));
    out.insert("user".into(), json!(render::user(&user, now)));
    w.users.insert(user_id, user);
    Ok(caller.respond(out))
}

/// The user's fields at the top level, as Stytch's Get User answers.
pub async fn get(State(app): State<App>, caller: ConsumerCaller, Path(user_id): Path<String>) -> ApiResult<Json<Value>> {
    let w = app.world();
    let user = w.users.get(&user_id).ok_or_else(user_not_found)?;
    Ok(caller.respond(render::user(user, w.now())))
}
