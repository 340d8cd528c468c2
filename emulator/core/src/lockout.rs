//! Stytch's user locks: too many failed authentications in a row lock a member out for a while.

use crate::env::Env;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::model::World;

/// Refuses any authentication of a member whose lock is active (Stytch's user locks).
pub fn check_unlocked(w: &World, env: &Env, member_id: &str) -> ApiResult<()> {
    match w.members.get(member_id) {
        Some(m) if m.lock.is_locked(env.now) => Err(locked()),
        _ => Ok(()),
    }
}

pub fn locked() -> ApiError {
    ApiError::new(
        429,
        ErrorType::UserLockLimitReached,
        "The user has been locked out due to too many failed authentication attempts. Please try again later.",
    )
}

/// Counts a failed authentication; the threshold-th consecutive one locks the member.
pub fn record_failed_attempt(w: &mut World, env: &Env, member_id: &str) {
    let limits = &w.project.limits;
    if let Some(m) = w.members.get_mut(member_id) {
        m.lock.record_failure(env.now, limits);
    }
}

/// A completed authentication (a member session issued or extended) resets the count. A
/// primary factor that still needs MFA does not: otherwise whoever knows the password could
/// reset the count between guesses at the second factor.
pub fn record_success(w: &mut World, member_id: &str) {
    if let Some(m) = w.members.get_mut(member_id) {
        m.lock = Default::default();
    }
}
