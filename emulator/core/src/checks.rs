//! The checks a request passes before anything changes: required fields, the session length,
//! the member it names, emails and phone numbers.

use stytch_b2b_protocol::validate::{is_e164, is_email};
use stytch_b2b_protocol::MemberStatus;

use crate::error::{ApiError, ApiResult, ErrorType};
use crate::model::{Member, World};

/// A member session's length when the request names none (the protocol reads an absent
/// `session_duration_minutes` as this too).
pub use stytch_b2b_protocol::requests::DEFAULT_SESSION_MINUTES;
/// The `session_duration_minutes` Stytch accepts: five minutes to a year.
pub const SESSION_MINUTES_RANGE: std::ops::RangeInclusive<i64> = 5..=527_040;

/// A required string field: present and not blank.
pub fn require(field: &str, value: &str) -> ApiResult<()> {
    if value.trim().is_empty() {
        Err(ApiError::bad_request(format!("{field}: must not be empty")))
    } else {
        Ok(())
    }
}

/// The session length a request asks for, or the default.
pub fn session_minutes(requested: Option<i64>) -> ApiResult<i64> {
    let minutes = requested.unwrap_or(DEFAULT_SESSION_MINUTES);
    if SESSION_MINUTES_RANGE.contains(&minutes) {
        Ok(minutes)
    } else {
        Err(ApiError::new(400, ErrorType::InvalidSessionDurationMinutes, "session_duration_minutes must be between 5 and 527040."))
    }
}

/// A member of the organization that is not deleted (a deleted member is found only by
/// `members.reactivate`, through [`check_member_any_status`]).
pub fn check_member(w: &World, organization_id: &str, member_id: &str) -> ApiResult<()> {
    check_member_any_status(w, organization_id, member_id)?;
    if w.members[member_id].status == MemberStatus::Deleted {
        return Err(ApiError::member_not_found());
    }
    Ok(())
}

/// A member of the organization, deleted or not.
pub fn check_member_any_status(w: &World, organization_id: &str, member_id: &str) -> ApiResult<()> {
    require("organization_id", organization_id)?;
    require("member_id", member_id)?;
    if !w.organizations.contains_key(organization_id) {
        return Err(ApiError::organization_not_found());
    }
    match w.members.get(member_id) {
        Some(m) if m.organization_id == organization_id => Ok(()),
        _ => Err(ApiError::member_not_found()),
    }
}

pub fn member_mut<'w>(w: &'w mut World, member_id: &str) -> &'w mut Member {
    w.members.get_mut(member_id).expect("member checked before")
}

pub fn check_phone(phone: &str) -> ApiResult<()> {
    if is_e164(phone) {
        Ok(())
    } else {
        Err(ApiError::new(400, ErrorType::InvalidPhoneNumber, "mfa_phone_number must be in E.164 format, e.g. +15555550100."))
    }
}

pub fn check_email(email: &str) -> ApiResult<()> {
    if is_email(email) {
        Ok(())
    } else {
        Err(ApiError::new(400, ErrorType::InvalidEmail, "email_address is not a valid email address."))
    }
}
