//! Just-in-time provisioning by email domain (#22 flows): an organization whose
//! `email_jit_provisioning` is `RESTRICTED` lets anyone with a verified email at one of its
//! `email_allowed_domains` join by themselves, so discovery lists it as
//! `eligible_to_join_by_email_domain` and entering it creates the member
//! (`ops::discovery::member_or_join`).

use stytch_b2b_protocol::EmailJitProvisioning;

use crate::error::{ApiError, ApiResult, ErrorType};
use crate::model::{Organization, World};

/// The part of an email after its last `@`.
pub fn email_domain(email: &str) -> &str {
    email.rsplit_once('@').map(|(_, d)| d).unwrap_or_default()
}

/// Whether the organization lets the owner of this (verified) email join by its domain.
pub fn joins_by_domain(org: &Organization, email: &str) -> bool {
    let domain = email_domain(email);
    org.email_jit_provisioning == EmailJitProvisioning::Restricted
        && !domain.is_empty()
        && org.email_allowed_domains.iter().any(|d| d.eq_ignore_ascii_case(domain))
}

/// Whether a login by email (magic link, email OTP, OAuth, SSO) may create a new member:
/// an organization open to every email (`ALL_ALLOWED`, the emulator's seed default) or to
/// this one's domain.
pub fn may_sign_up(org: &Organization, email: &str) -> bool {
    org.email_jit_provisioning == EmailJitProvisioning::AllAllowed || joins_by_domain(org, email)
}

/// Refuses a new member beyond the emulator's cap, so a flood of emails cannot grow the table.
pub fn check_room(w: &World, organization_id: &str) -> ApiResult<()> {
    let members = w.members.values().filter(|m| m.organization_id == organization_id).count();
    if members >= w.project.limits.max_members_per_organization as usize {
        return Err(ApiError::new(
            403,
            ErrorType::OrganizationMemberLimitReached,
            "This organization has as many members as the emulator keeps; no new member can join.",
        ));
    }
    Ok(())
}
