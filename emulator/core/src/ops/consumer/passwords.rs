//! `POST /v1/passwords` (create a user with a password) and `POST /v1/passwords/authenticate`:
//! the consumer guide's first factor (`knowledge`). A password is hashed or verified between
//! two operations, off the world lock (see `hashing`): the first checks everything it can,
//! the second decides with the world as it is by then.

use stytch_b2b_protocol::consumer as pc;
use stytch_b2b_protocol::consumer::{PasswordAuthenticateRequest, PasswordCreateRequest};

use super::users::{check_new_email, new_user};
use super::{attach_factor, auth_response, caller_session, check_session_owner, optional_minutes};
use crate::checks::require;
use crate::env::Env;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::extract::Sent;
use crate::hashing::PasswordChecker;
use crate::lockout::locked;
use crate::model::{Factor, FactorKind, World};
use crate::sessions::Unsigned;

/// `POST /v1/passwords`, before hashing: the session length, the password's strength, the email.
pub fn create_check(w: &mut World, env: &Env, req: &PasswordCreateRequest) -> ApiResult<()> {
    optional_minutes(req.session_duration_minutes)?;
    w.project.password_config.require(&req.password)?;
    check_new_email(w, env, &req.email)
}

/// `POST /v1/passwords`, with the password's hash: the new user, and a session when the
/// request names a length.
pub fn create(w: &mut World, env: &Env, req: PasswordCreateRequest, hash: String) -> ApiResult<Unsigned<pc::PasswordCreateResponse>> {
    let minutes = optional_minutes(req.session_duration_minutes)?;
    // Checked again: another request may have taken the email while hashing.
    check_new_email(w, env, &req.email)?;
    let mut user = new_user(env, &req.email, req.name);
    user.password_hash = Some(hash);
    user.password_id = env.generate.id("password");
    let (user_id, email_id) = (user.user_id.clone(), user.email_id.clone());
    w.users.insert(user_id.clone(), user);
    let token = attach_factor(w, env, &user_id, None, Factor::new(FactorKind::Password, env.now), minutes);
    let out = auth_response(w, env, &user_id, token.as_deref());
    Ok(out.map(|authenticated| pc::PasswordCreateResponse { authenticated, email_id }))
}

/// The password hash for a handler to hash with (`None` when the emulator is too busy).
pub async fn hash(passwords: &PasswordChecker, password: String) -> ApiResult<String> {
    passwords.hash(password).await.ok_or_else(|| ApiError::new(503, ErrorType::ServiceUnavailable, "Try again."))
}

/// The user a password is checked against, and the hash to check it with.
pub struct Candidate {
    user_id: String,
    hash: Option<String>,
}

/// `passwords.authenticate`, before verifying: the fields, the session named, the user by
/// email, not locked. An unknown email and a wrong password look the same.
pub fn authenticate_candidate(w: &mut World, env: &Env, sent: &Sent<PasswordAuthenticateRequest>) -> ApiResult<Candidate> {
    let req = &sent.options;
    require("email", &req.email)?;
    require("password", &req.password)?;
    optional_minutes(req.session_duration_minutes)?;
    caller_session(w, env, &sent.session)?;
    let user = w.user_by_email(&req.email).ok_or_else(wrong_credentials)?;
    if user.lock.is_locked(env.now) {
        return Err(locked());
    }
    Ok(Candidate { user_id: user.user_id.clone(), hash: user.password_hash.clone() })
}

/// Whether the password is the candidate's (a user without a password has none to match).
pub async fn verify(passwords: &PasswordChecker, candidate: Candidate, password: String) -> (String, bool) {
    let ok = match candidate.hash {
        Some(hash) => passwords.verify(hash, password).await,
        None => false,
    };
    (candidate.user_id, ok)
}

/// `passwords.authenticate`, once verified. A wrong password changes one thing, on purpose:
/// it counts towards the user's lock.
pub fn authenticate(
    w: &mut World,
    env: &Env,
    sent: Sent<PasswordAuthenticateRequest>,
    (user_id, ok): (String, bool),
) -> ApiResult<Unsigned<pc::AuthenticateResponse>> {
    let minutes = optional_minutes(sent.options.session_duration_minutes)?;
    // Gone when the world was reset while the password was verified.
    let user = w.users.get(&user_id).ok_or_else(wrong_credentials)?;
    let locked_now = user.lock.is_locked(env.now);
    let session = caller_session(w, env, &sent.session)?;
    check_session_owner(w, session.as_deref(), &user_id)?;
    if !ok {
        let limits = w.project.limits.clone();
        w.users.get_mut(&user_id).expect("found above").lock.record_failure(env.now, &limits);
        return Err(wrong_credentials());
    }
    if locked_now {
        return Err(locked());
    }
    let token = attach_factor(w, env, &user_id, session, Factor::new(FactorKind::Password, env.now), minutes);
    Ok(auth_response(w, env, &user_id, token.as_deref()))
}

fn wrong_credentials() -> ApiError {
    ApiError::new(401, ErrorType::UnauthorizedCredentials, "The email or password is incorrect.")
}
