//! `POST /v1/users` and `GET /v1/users/{user_id}`.

use stytch_b2b_protocol::consumer as pc;
use stytch_b2b_protocol::consumer::{UserCreateRequest, UserName};
use stytch_b2b_protocol::validate::is_email;

use super::user_not_found;
use crate::checks::check_phone;
use crate::env::Env;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::model::{User, UserPhone, World};
use crate::render;

/// A new active user with this email (and no password yet); the caller checked it is free.
pub fn new_user(env: &Env, email: &str, name: Option<UserName>) -> User {
    let name = name.unwrap_or_default();
    User {
        user_id: env.generate.id("user"),
        email: email.to_string(),
        email_id: env.generate.id("email"),
        email_verified: false,
        first_name: name.first_name,
        last_name: name.last_name,
        status: "active".into(),
        password_hash: None,
        password_id: String::new(),
        phone_numbers: Vec::new(),
        created_at: env.now,
        lock: Default::default(),
    }
}

/// An email a new user may take: valid, no user's yet, and room for one more user.
pub fn check_new_email(w: &World, env: &Env, email: &str) -> ApiResult<()> {
    if !is_email(email) {
        return Err(ApiError::new(400, ErrorType::InvalidEmail, "email is not a valid email address."));
    }
    if w.user_by_email(email).is_some() {
        return Err(ApiError::new(400, ErrorType::DuplicateEmail, "A user with this email already exists."));
    }
    check_room(w, env)
}

fn check_room(w: &World, env: &Env) -> ApiResult<()> {
    if w.users.len() >= env.limits.users {
        return Err(ApiError::new(403, ErrorType::UserLimitReached, "The emulator keeps no more users."));
    }
    Ok(())
}

/// `POST /v1/users`: a user by email, phone number or both.
pub fn create(w: &mut World, env: &Env, req: UserCreateRequest) -> ApiResult<pc::UserCreateResponse> {
    let email = req.email.filter(|e| !e.is_empty());
    let phone = req.phone_number.filter(|p| !p.is_empty());
    if email.is_none() && phone.is_none() {
        return Err(ApiError::bad_request("Pass email or phone_number."));
    }
    if let Some(p) = &phone {
        check_phone(p)?;
    }
    match &email {
        Some(e) => check_new_email(w, env, e)?,
        None => check_room(w, env)?,
    }
    if let Some(p) = &phone {
        if w.users.values().any(|u| u.phone_numbers.iter().any(|x| x.phone_number == *p)) {
            return Err(ApiError::new(400, ErrorType::DuplicatePhoneNumber, "A user with this phone number already exists."));
        }
    }

    let mut user = new_user(env, email.as_deref().unwrap_or(""), req.name);
    if email.is_none() {
        user.email_id = String::new();
    }
    if req.create_user_as_pending.unwrap_or(false) {
        user.status = "pending".into();
    }
    if let Some(p) = phone {
        user.phone_numbers.push(UserPhone { phone_id: env.generate.id("phone-number"), phone_number: p, verified: false });
    }
    let out = pc::UserCreateResponse {
        user_id: user.user_id.clone(),
        email_id: user.email_id.clone(),
        status: user.status.clone(),
        phone_id: user.phone_numbers.first().map(|p| p.phone_id.clone()).unwrap_or_default(),
        user: render::user(&user, env.now),
    };
    w.users.insert(user.user_id.clone(), user);
    Ok(out)
}

/// `GET /v1/users/{user_id}`: the user's fields at the top level, as Stytch answers.
pub fn get(w: &mut World, env: &Env, user_id: String) -> ApiResult<pc::User> {
    let user = w.users.get(&user_id).ok_or_else(user_not_found)?;
    Ok(render::user(user, env.now))
}
