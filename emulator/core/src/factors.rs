//! The MFA factors a member can use: those the organization allows and the member has verified.

use crate::error::{ApiError, ApiResult, ErrorType};
use crate::model::{Member, Organization, TotpRegistration, World};
use stytch_b2b_protocol::MfaMethod;

pub fn check_mfa_method_allowed(w: &World, organization_id: &str, method: &str) -> ApiResult<()> {
    if w.organizations[organization_id].allows_mfa(&method.into()) {
        Ok(())
    } else {
        Err(ApiError::new(403, ErrorType::MfaMethodNotAllowed, format!("This organization does not allow {method} as an MFA method.")))
    }
}

/// The member's phone, if it is a factor they can use in their organization: verified, with
/// SMS allowed.
pub fn usable_phone<'m>(member: &'m Member, org: &Organization) -> Option<&'m str> {
    (member.has_verified_phone() && org.allows_mfa(&MfaMethod::SmsOtp)).then_some(member.mfa_phone_number.as_str())
}

/// The member's TOTP registration, if it is a factor they can use in their organization:
/// verified, with TOTP allowed.
pub fn usable_totp<'m>(member: &'m Member, org: &Organization) -> Option<&'m TotpRegistration> {
    member.verified_totp().filter(|_| org.allows_mfa(&MfaMethod::Totp))
}

/// The MFA methods (`sms_otp`, `totp`) the member has an active factor for. A factor the
/// organization does not allow counts for nothing: it cannot be used to log in either, and
/// counting it would leave the member no way to enroll an allowed one.
pub fn active_mfa_methods(w: &World, member_id: &str) -> Vec<&'static str> {
    let member = &w.members[member_id];
    let org = &w.organizations[&member.organization_id];
    let mut methods = Vec::new();
    if usable_phone(member, org).is_some() {
        methods.push("sms_otp");
    }
    if usable_totp(member, org).is_some() {
        methods.push("totp");
    }
    methods
}
