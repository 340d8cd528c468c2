//! A member's email (rest22): `startEmailUpdate` (the SDK's `self.` and
//! `organization.members.`, the backend's `organizations.members.`) emails a link (or, with
//! `EMAIL_OTP`, a code) to the new address; redeeming it with `magicLinks.authenticate` (or
//! `otps.email.authenticate` with the new address) proves the address, makes it the member's
//! email and retires the old one. `members.update` with `email_address` changes it at
//! once (unverified). `unlinkRetiredEmail` frees a retired email for the organization's other
//! members: until then, as on Stytch, no other member may take it.

use crate::checks::check_email;
use serde_json::json;
use stytch_b2b_protocol as pm;
// Every route of an update or unlink (own, a member by path, the backend's) takes the body of
// `self.*`: the member is the caller or named in the path.
use stytch_b2b_protocol::requests::{SelfStartEmailUpdateOptions, SelfUnlinkRetiredEmailOptions};
use stytch_b2b_protocol::MemberStatus;

use crate::checks::member_mut;
use crate::env::Env;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::extract::Caller;
use crate::model::{EmailHold, EmailOtp, MagicLink, RetiredEmail, World};
use crate::ops::email_otps::passcode_email;
use crate::ops::magic_links::email_magic_link;
use crate::ops::members::Scope;
use crate::rbac_policy::MEMBER;
use crate::redirects::{self, Flow, UrlType};
use crate::render::{member_response, Object};

/// The RBAC actions (on `stytch.member`, or `stytch.self` for oneself), as Stytch names them.
pub const UPDATE_EMAIL: &str = "update.info.email";
pub const UNLINK_RETIRED_EMAIL: &str = "update.info.unlink.retired-email";

/// How `startEmailUpdate` proves the new address: Stytch's default, a magic link, or a code
/// for `otps.email.authenticate` with the new address.
const MAGIC_LINK_DELIVERY: &str = "EMAIL_MAGIC_LINK";
const OTP_DELIVERY: &str = "EMAIL_OTP";

/// Refuses an email another member of the organization holds: as theirs, retired by them
/// (until unlinked), or being proven by their email update.
pub fn check_email_free(w: &World, organization_id: &str, email: &str, member_id: &str) -> ApiResult<()> {
    match w.email_holder(organization_id, email, member_id) {
        None => Ok(()),
        Some(EmailHold::Current(_)) => {
            Err(ApiError::new(400, ErrorType::DuplicateEmail, "A member of the organization already has this email address."))
        }
        Some(EmailHold::Retired(_)) => Err(ApiError::new(
            400,
            ErrorType::DesiredEmailDeactivatedByDifferentMember,
            "Another member of the organization retired this email address; it must be unlinked from them first.",
        )),
        Some(EmailHold::Updating(_)) => Err(ApiError::new(
            400,
            ErrorType::DesiredEmailUpdatingForDifferentMember,
            "Another member of the organization is updating their email to this address.",
        )),
    }
}

/// Makes `email` the member's email (proven or not), retiring the old one unless `unlink_old`.
/// What was sent to the old inbox (login links, passcodes, password resets) and any pending
/// update stop working: they prove an address the member no longer has.
pub fn change_email(w: &mut World, env: &Env, member_id: &str, email: &str, verified: bool, unlink_old: bool) {
    w.magic_links.retain(|_, l| l.member_id != member_id);
    w.email_otps.remove(member_id);
    w.password_resets.retain(|_, r| r.member_id != member_id);
    let email_id = env.generate.id("email");
    let m = member_mut(w, member_id);
    let old = RetiredEmail { email_id: std::mem::replace(&mut m.email_id, email_id), email_address: m.email_address.clone() };
    m.retired_email_addresses.retain(|r| !r.email_address.eq_ignore_ascii_case(email));
    if !unlink_old && !old.email_address.eq_ignore_ascii_case(email) {
        m.retired_email_addresses.push(old);
    }
    m.email_address = email.to_string();
    m.email_address_verified = verified;
    m.updated_at = env.now;
}

/// What redeeming an email-update link does before it logs the member in: the new address,
/// proven now, becomes theirs. Refused when the member is no longer active or another member
/// took the address meanwhile.
pub fn complete(w: &mut World, env: &Env, member_id: &str, email: &str) -> ApiResult<()> {
    let m = w.members.get(member_id).ok_or_else(ApiError::member_not_found)?;
    if m.status != MemberStatus::Active || w.email_holder(&m.organization_id, email, member_id).is_some() {
        return Err(ApiError::new(
            400,
            ErrorType::UnableToVerifyMemberEmailUpdate,
            "The email update could not be verified: the member is not active or the address is taken.",
        ));
    }
    change_email(w, env, member_id, email, true, false);
    Ok(())
}

/// `startEmailUpdate`: an active member with a verified email gets a link (or a code) at the
/// new address, alive five minutes, which holds the address for them meanwhile; a new start
/// replaces it.
/// The member is answered unchanged.
fn start(w: &mut World, env: &Env, scope: &Scope, member_id: &str, req: SelfStartEmailUpdateOptions) -> ApiResult<pm::MemberResponse> {
    check_email(&req.email_address)?;
    let by_code = match req.delivery_method.as_deref().filter(|d| !d.is_empty()) {
        None | Some(MAGIC_LINK_DELIVERY) => false,
        Some(OTP_DELIVERY) => true,
        Some(other) => return Err(ApiError::bad_request(format!("delivery_method: must be EMAIL_MAGIC_LINK or EMAIL_OTP, not {other}"))),
    };
    scope.live_member(w, member_id)?;
    scope.authorize(w, MEMBER, &[UPDATE_EMAIL], Some(member_id))?;
    let m = &w.members[member_id];
    if m.status != MemberStatus::Active {
        return Err(ApiError::new(
            400,
            ErrorType::EmailUpdatesAvailableOnlyForActiveMembers,
            "Only an active member can update their email address.",
        ));
    }
    if !m.email_address_verified {
        return Err(ApiError::new(400, ErrorType::MemberHasNoActiveVerifiedEmail, "The member's current email address is not verified."));
    }
    if m.email_address.eq_ignore_ascii_case(&req.email_address) {
        return Err(ApiError::bad_request("email_address: is already the member's email address"));
    }
    check_email_free(w, &scope.organization_id, &req.email_address, member_id)?;
    let base = redirects::resolve(&w.project.redirect_urls, Flow::MagicLink, UrlType::Login, req.login_redirect_url.as_deref())?;
    // Every check passed: from here on the world changes. A new start replaces a pending one.
    w.magic_links.retain(|_, l| !(l.member_id == member_id && l.new_email.is_some()));
    w.email_otps.remove(member_id);
    if by_code {
        let (code, message) = passcode_email(w, env, &req.email_address, &scope.organization_id, member_id);
        let expires_at = env.now + env.limits.email_update_seconds;
        let otp = EmailOtp { code, expires_at, attempts_left: env.limits.email_code_attempts, new_email: Some(req.email_address.clone()) };
        w.email_otps.insert(member_id.to_string(), otp);
        w.push_outbox_at(message, env.now);
        return Ok(member_response(w, env.now, member_id));
    }
    let link = MagicLink {
        member_id: member_id.to_string(),
        organization_id: scope.organization_id.clone(),
        expires_at: env.now + env.limits.email_update_seconds,
        new_email: Some(req.email_address.clone()),
    };
    let project = w.project.name.clone();
    email_magic_link(w, env, link, &base, &req.email_address, |url| format!("Confirm your new email address for {project}: {url}"));
    Ok(member_response(w, env.now, member_id))
}

/// `unlinkRetiredEmail`: removes one of the member's retired emails, named by its id, its
/// address, or both (which must then name the same one).
fn unlink(w: &mut World, env: &Env, scope: &Scope, member_id: &str, req: SelfUnlinkRetiredEmailOptions) -> ApiResult<Object> {
    let id = req.email_id.filter(|s| !s.trim().is_empty());
    let address = req.email_address.filter(|s| !s.trim().is_empty());
    if id.is_none() && address.is_none() {
        return Err(ApiError::new(
            400,
            ErrorType::RetiredEmailMissingEmailIdentifiers,
            "Name the retired email to unlink by email_id, email_address or both.",
        ));
    }
    scope.live_member(w, member_id)?;
    scope.authorize(w, MEMBER, &[UNLINK_RETIRED_EMAIL], Some(member_id))?;
    let named = |r: &RetiredEmail| {
        id.as_deref().is_none_or(|i| r.email_id == i) && address.as_deref().is_none_or(|a| r.email_address.eq_ignore_ascii_case(a))
    };
    let m = member_mut(w, member_id);
    let index = m
        .retired_email_addresses
        .iter()
        .position(named)
        .ok_or_else(|| ApiError::new(404, ErrorType::EmailNotFound, "The member has no retired email with this id or address."))?;
    m.retired_email_addresses.remove(index);
    m.updated_at = env.now;
    let out = member_response(w, env.now, member_id);
    let mut body = match serde_json::to_value(out) {
        Ok(serde_json::Value::Object(o)) => o,
        _ => Object::new(),
    };
    body.insert("organization_id".into(), json!(scope.organization_id));
    Ok(body)
}

/// The SDK caller's own member id and scope (`self.*`).
fn own(w: &World, env: &Env, caller: &Caller) -> ApiResult<(Scope, String)> {
    let scope = Scope::of_session(w, env, caller)?;
    let me = scope.actor()?.to_string();
    Ok((scope, me))
}

/// `self.startEmailUpdate`.
pub fn start_own(w: &mut World, env: &Env, caller: &Caller, req: SelfStartEmailUpdateOptions) -> ApiResult<pm::MemberResponse> {
    let (scope, me) = own(w, env, caller)?;
    start(w, env, &scope, &me, req)
}

/// `organization.members.startEmailUpdate` (SDK).
pub fn start_sdk(
    w: &mut World,
    env: &Env,
    caller: &Caller,
    member_id: String,
    req: SelfStartEmailUpdateOptions,
) -> ApiResult<pm::MemberResponse> {
    let scope = Scope::of_session(w, env, caller)?;
    start(w, env, &scope, &member_id, req)
}

/// `organizations.members.startEmailUpdate` (backend).
pub fn start_backend(
    w: &mut World,
    env: &Env,
    caller: &Caller,
    (organization_id, member_id): (String, String),
    req: SelfStartEmailUpdateOptions,
) -> ApiResult<pm::MemberResponse> {
    let scope = Scope::of_backend(w, env, caller, organization_id)?;
    start(w, env, &scope, &member_id, req)
}

/// `self.unlinkRetiredEmail`.
pub fn unlink_own(w: &mut World, env: &Env, caller: &Caller, req: SelfUnlinkRetiredEmailOptions) -> ApiResult<Object> {
    let (scope, me) = own(w, env, caller)?;
    unlink(w, env, &scope, &me, req)
}

/// `organization.members.unlinkRetiredEmail` (SDK).
pub fn unlink_sdk(w: &mut World, env: &Env, caller: &Caller, member_id: String, req: SelfUnlinkRetiredEmailOptions) -> ApiResult<Object> {
    let scope = Scope::of_session(w, env, caller)?;
    unlink(w, env, &scope, &member_id, req)
}

/// `organizations.members.unlinkRetiredEmail` (backend).
pub fn unlink_backend(
    w: &mut World,
    env: &Env,
    caller: &Caller,
    (organization_id, member_id): (String, String),
    req: SelfUnlinkRetiredEmailOptions,
) -> ApiResult<Object> {
    let scope = Scope::of_backend(w, env, caller, organization_id)?;
    unlink(w, env, &scope, &member_id, req)
}
