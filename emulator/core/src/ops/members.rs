//! Members and their organization as an app changes them: the member's own record (`self.*`
//! on the SDK API), the members of an organization (`organization.members.*` on the SDK API,
//! `organizations.members.*` on the backend API), and the organization itself from a member
//! session (`organization.get/update/delete/getBySlug`) and from the backend (`delete`).
//!
//! On the SDK API the caller is the member of the session in the Authorization header: each
//! change is checked against that member's roles (`rbac`) before anything changes. The
//! backend API acts for the project and is not checked.
//!
//! MFA settings as Stytch documents them: removing a phone number or a TOTP registration
//! leaves existing sessions alone (MFA is enforced again at the next login); removing a TOTP
//! registration also removes its recovery codes; deleting a member marks it `deleted` and ends
//! its sessions, and reactivating makes it `active` again.

use serde_json::{json, Value};
use stytch_b2b_protocol as pm;
use stytch_b2b_protocol::backend::{MembersCreateRequest, MembersUpdateRequest};
use stytch_b2b_protocol::requests::{OrganizationGetBySlugOptions, OrganizationUpdateOptions};
use stytch_b2b_protocol::{MemberStatus, MfaMethod};

use crate::checks::{check_member, check_member_any_status, check_phone, member_mut};
use crate::env::Env;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::extract::{BodySession, Caller};
use crate::member_sessions::require_session;
use crate::model::World;
use crate::ops::organizations::{self as orgs, set};
use crate::rbac::{self, MEMBER, ORGANIZATION, SELF};
use crate::render::{self, member_response, Object};

/// Who acts, and in which organization: the member of the SDK caller's session (whose
/// roles are checked), or the project on the backend API (in the organization of the path).
pub struct Scope {
    pub organization_id: String,
    /// The acting member on the SDK API; `None` on the backend API.
    actor: Option<String>,
}

impl Scope {
    /// The SDK caller's live session and its member, for a change: the project must let its
    /// frontend SDK make member actions (`endpoint_not_authorized_for_sdk` otherwise).
    pub fn of_session(w: &World, env: &Env, caller: &Caller) -> ApiResult<Self> {
        check_member_actions_enabled(w)?;
        Self::reading(w, env, caller)
    }

    /// The SDK caller's live session and its member, for a read of the own member or organization.
    pub fn reading(w: &World, env: &Env, caller: &Caller) -> ApiResult<Self> {
        let token = caller.session_token(w, env.keys, &BodySession::default())?;
        let token = require_session(w, token.as_deref())?;
        let s = &w.member_sessions[&token];
        Ok(Scope { organization_id: s.organization_id.clone(), actor: Some(s.member_id.clone()) })
    }

    /// The backend API in the organization of the path; with a member-session header
    /// (`X-Stytch-Member-Session` or `...SessionJWT`) the request runs with that member's
    /// permissions, who must belong to the organization (403 otherwise, as on Stytch).
    pub fn of_backend(w: &World, env: &Env, caller: &Caller, organization_id: String) -> ApiResult<Self> {
        crate::checks::require("organization_id", &organization_id)?;
        if !w.organizations.contains_key(&organization_id) {
            return Err(ApiError::organization_not_found());
        }
        let actor = match caller.acting_session(w, env.keys)? {
            None => None,
            Some(token) => {
                let token = require_session(w, Some(&token))?;
                let s = &w.member_sessions[&token];
                if s.organization_id != organization_id {
                    return Err(ApiError::new(
                        403,
                        ErrorType::SessionAuthorizationError,
                        "The member session belongs to another organization than the one the request names.",
                    ));
                }
                Some(s.member_id.clone())
            }
        };
        Ok(Scope { organization_id, actor })
    }

    /// The member the caller's session belongs to (SDK only).
    pub fn actor(&self) -> ApiResult<&str> {
        self.actor.as_deref().ok_or_else(ApiError::session_not_found)
    }

    /// Refuses the change unless the acting member may perform every one of `actions` on
    /// `resource`; acting on themselves (`target`), the same actions on `stytch.self` do too.
    pub fn authorize(&self, w: &World, resource: &str, actions: &[&str], target: Option<&str>) -> ApiResult<()> {
        let Some(actor) = &self.actor else { return Ok(()) };
        let self_fallback = target == Some(actor.as_str());
        rbac::authorize_all(w, &w.members[actor], resource, actions, self_fallback)
    }

    /// A member of this organization that is not deleted.
    pub(crate) fn live_member(&self, w: &World, member_id: &str) -> ApiResult<()> {
        check_member(w, &self.organization_id, member_id)
    }
}

/// Refuses an SDK call the project's frontend-SDK settings leave disabled, as Stytch does.
pub fn check_member_actions_enabled(w: &World) -> ApiResult<()> {
    if w.project.frontend_sdk.member_actions {
        return Ok(());
    }
    Err(ApiError::new(
        401,
        ErrorType::EndpointNotAuthorizedForSdk,
        "The project owner has not authorized the SDK to call this endpoint: enable member actions in the emulator's frontend-SDK settings (PUT /_emulator/frontend_sdk).",
    ))
}

/// A member (the SDK, or a backend call with a member-session header) may not write
/// `trusted_metadata`: Stytch refuses it with `cannot_update_trusted_metadata`.
fn check_trusted_metadata_by_project(scope: &Scope, sets_it: bool) -> ApiResult<()> {
    if scope.actor.is_some() && sets_it {
        return Err(ApiError::new(
            401,
            ErrorType::CannotUpdateTrustedMetadata,
            "A member session cannot update trusted_metadata; only the backend API without one may.",
        ));
    }
    Ok(())
}

/// An `untrusted_metadata` must be a JSON object.
pub fn check_metadata(metadata: Option<&Value>) -> ApiResult<()> {
    match metadata {
        Some(v) if !v.is_object() => Err(ApiError::bad_request("untrusted_metadata: must be a JSON object")),
        _ => Ok(()),
    }
}

/// Roles assigned directly must be in the project's RBAC policy.
pub fn check_roles(w: &World, roles: &[String]) -> ApiResult<()> {
    match roles.iter().find(|r| !w.project.rbac_policy.has_role(r)) {
        Some(r) => Err(ApiError::bad_request(format!("roles: {r} is not a role of the project's RBAC policy"))),
        None => Ok(()),
    }
}

/// The fields a member update may change (from its request's protocol type); absent ones are
/// left as they are.
#[derive(Default)]
struct MemberChanges {
    name: Option<String>,
    untrusted_metadata: Option<Value>,
    /// The backend's only: refused when a member acts.
    trusted_metadata: Option<Value>,
    mfa_phone_number: Option<String>,
    mfa_enrolled: Option<bool>,
    default_mfa_method: Option<MfaMethod>,
    /// Not on `self.update`: a member cannot change their own roles.
    roles: Option<Vec<String>>,
    /// A new email, unverified until proven; the old one is retired unless `unlink_email`
    /// (not on `self.update`: a member proves a new email through `startEmailUpdate`).
    email_address: Option<String>,
    unlink_email: Option<bool>,
}

impl From<MembersUpdateRequest> for MemberChanges {
    fn from(r: MembersUpdateRequest) -> Self {
        MemberChanges {
            name: r.name,
            untrusted_metadata: r.untrusted_metadata,
            trusted_metadata: r.trusted_metadata,
            mfa_phone_number: r.mfa_phone_number,
            mfa_enrolled: r.mfa_enrolled,
            default_mfa_method: r.default_mfa_method,
            roles: r.roles,
            email_address: r.email_address,
            unlink_email: r.unlink_email,
        }
    }
}

impl MemberChanges {
    /// The actions (on `stytch.member`, or `stytch.self` for oneself) these changes need.
    fn actions(&self) -> Vec<&'static str> {
        let changes = [
            (self.name.is_some(), "update.info.name"),
            (self.untrusted_metadata.is_some(), "update.info.untrusted-metadata"),
            (self.mfa_phone_number.is_some(), "update.info.mfa-phone"),
            (self.mfa_enrolled.is_some(), "update.settings.mfa-enrolled"),
            (self.default_mfa_method.is_some(), "update.settings.default-mfa-method"),
            (self.email_address.is_some(), crate::ops::email_updates::UPDATE_EMAIL),
        ];
        changes.into_iter().filter(|(changed, _)| *changed).map(|(_, action)| action).collect()
    }

    fn check(&self, w: &World) -> ApiResult<()> {
        if let Some(p) = self.mfa_phone_number.as_deref().filter(|p| !p.is_empty()) {
            check_phone(p)?;
        }
        if let Some(d) = self.default_mfa_method.as_ref().filter(|d| !d.is_known()) {
            return Err(ApiError::bad_request(format!("default_mfa_method: must be {}, not {d}", MfaMethod::KNOWN.join(" or "))));
        }
        if let Some(email) = &self.email_address {
            crate::checks::check_email(email)?;
        }
        check_metadata(self.untrusted_metadata.as_ref())?;
        check_metadata(self.trusted_metadata.as_ref())?;
        check_roles(w, self.roles.as_deref().unwrap_or_default())
    }

    /// Applies the checked changes: a phone number set here is unverified until an SMS code proves it.
    fn apply(self, w: &mut World, env: &Env, member_id: &str) {
        let new_email = self.email_address.filter(|e| !e.eq_ignore_ascii_case(&w.members[member_id].email_address));
        if let Some(email) = new_email {
            crate::ops::email_updates::change_email(w, env, member_id, &email, false, self.unlink_email.unwrap_or(false));
        }
        let m = member_mut(w, member_id);
        set(&mut m.name, self.name);
        set(&mut m.untrusted_metadata, self.untrusted_metadata);
        set(&mut m.trusted_metadata, self.trusted_metadata);
        set(&mut m.mfa_enrolled, self.mfa_enrolled);
        set(&mut m.default_mfa_method, self.default_mfa_method.map(Some));
        if let Some(roles) = self.roles {
            // `roles` replaces every explicitly assigned role, as on Stytch: the
            // `stytch_admin` an organization's creator was given is one of them.
            m.is_admin = false;
            m.roles = roles;
        }
        if let Some(p) = self.mfa_phone_number.filter(|p| *p != m.mfa_phone_number) {
            m.phone_id = if p.is_empty() { String::new() } else { env.generate.id("phone-number") };
            m.mfa_phone_number = p;
            m.mfa_phone_number_verified = false;
        }
        m.updated_at = env.now;
    }
}

/// Updates a member of the scope's organization, checking each changed field's action.
fn update_member(w: &mut World, env: &Env, scope: &Scope, member_id: &str, req: MembersUpdateRequest) -> ApiResult<pm::MemberResponse> {
    let req = MemberChanges::from(req);
    req.check(w)?;
    check_trusted_metadata_by_project(scope, req.trusted_metadata.is_some())?;
    scope.live_member(w, member_id)?;
    scope.authorize(w, MEMBER, &req.actions(), Some(member_id))?;
    if req.roles.is_some() {
        // Roles are never the member's own to change (no `stytch.self` fallback).
        scope.authorize(w, MEMBER, &["update.settings.roles"], None)?;
    }
    if let Some(email) = &req.email_address {
        crate::ops::email_updates::check_email_free(w, &scope.organization_id, email, member_id)?;
    }
    req.apply(w, env, member_id);
    Ok(member_response(w, env.now, member_id))
}

/// The member-changing calls on a named member: what they need and what they do.
#[derive(Clone, Copy)]
enum MemberChange {
    DeletePhone,
    DeleteTotp,
    Delete,
    Reactivate,
}

impl MemberChange {
    /// The action on `stytch.member` (or, for oneself, `stytch.self`) it needs.
    fn action(self) -> &'static str {
        match self {
            MemberChange::DeletePhone => "update.info.delete.mfa-phone",
            MemberChange::DeleteTotp => "update.info.delete.mfa-totp",
            MemberChange::Delete => "delete",
            // Stytch checks `create` for a reactivation.
            MemberChange::Reactivate => "create",
        }
    }

    fn run(self, w: &mut World, env: &Env, scope: &Scope, member_id: &str) -> ApiResult<()> {
        match self {
            MemberChange::Reactivate => {
                check_member_any_status(w, &scope.organization_id, member_id)?;
                let m = &w.members[member_id];
                if m.status == MemberStatus::Deleted && w.member_by_email(&m.organization_id, &m.email_address).is_some() {
                    return Err(ApiError::new(
                        400,
                        ErrorType::DuplicateEmail,
                        "Another member of the organization has this email address now.",
                    ));
                }
            }
            _ => scope.live_member(w, member_id)?,
        }
        let self_fallback = !matches!(self, MemberChange::Reactivate);
        scope.authorize(w, MEMBER, &[self.action()], self_fallback.then_some(member_id))?;
        let m = &w.members[member_id];
        match self {
            MemberChange::DeletePhone if m.mfa_phone_number.is_empty() => {
                return Err(ApiError::new(404, ErrorType::MemberPhoneNumberNotFound, "The member has no MFA phone number."));
            }
            MemberChange::DeleteTotp if m.totp.is_none() => {
                return Err(ApiError::new(404, ErrorType::TotpNotFound, "The member has no TOTP registration."));
            }
            _ => {}
        }
        match self {
            MemberChange::DeletePhone => {
                // A code already sent to the number cannot prove it any more.
                w.sms_otps.remove(member_id);
                let m = member_mut(w, member_id);
                m.mfa_phone_number.clear();
                m.phone_id.clear();
                m.mfa_phone_number_verified = false;
            }
            MemberChange::DeleteTotp => {
                let m = member_mut(w, member_id);
                // The recovery codes belong to the TOTP registration.
                m.totp = None;
                m.recovery_codes.clear();
            }
            MemberChange::Delete => {
                member_mut(w, member_id).status = MemberStatus::Deleted;
                w.revoke_access(&[member_id.to_string()]);
            }
            MemberChange::Reactivate => member_mut(w, member_id).status = MemberStatus::Active,
        }
        member_mut(w, member_id).updated_at = env.now;
        Ok(())
    }
}

fn change(w: &mut World, env: &Env, scope: Scope, member_id: &str, what: MemberChange) -> ApiResult<pm::MemberResponse> {
    what.run(w, env, &scope, member_id)?;
    Ok(member_response(w, env.now, member_id))
}

fn deleted(member_id: &str) -> Object {
    let mut out = Object::new();
    out.insert("member_id".into(), json!(member_id));
    out
}

/// Removes the member's password (named by its `member_password_id`) in the scope's organization.
fn delete_password(w: &mut World, env: &Env, scope: &Scope, password_id: &str) -> ApiResult<pm::MemberResponse> {
    crate::checks::require("member_password_id", password_id)?;
    let found = w
        .members
        .values()
        .find(|m| m.organization_id == scope.organization_id && m.status != MemberStatus::Deleted && m.member_password_id == password_id);
    let member_id = found
        .map(|m| m.member_id.clone())
        .ok_or_else(|| ApiError::new(404, ErrorType::MemberPasswordNotFound, "No member of the organization has this password."))?;
    scope.authorize(w, MEMBER, &["update.info.delete.password"], Some(&member_id))?;
    let m = member_mut(w, &member_id);
    m.password_hash = None;
    m.member_password_id.clear();
    m.updated_at = env.now;
    Ok(member_response(w, env.now, &member_id))
}

// The member's own record (`self.*`, SDK).

/// `self.get`: the session's member.
pub fn me(w: &mut World, env: &Env, caller: &Caller) -> ApiResult<pm::MemberResponse> {
    let scope = Scope::reading(w, env, caller)?;
    Ok(member_response(w, env.now, scope.actor()?))
}

/// `self.update`: each field needs its action on `stytch.self`. Not roles (a member cannot
/// change their own) nor the email (proven through `startEmailUpdate`): those fields of the
/// body are left alone.
pub fn update_self(w: &mut World, env: &Env, caller: &Caller, req: MembersUpdateRequest) -> ApiResult<pm::MemberResponse> {
    let scope = Scope::of_session(w, env, caller)?;
    let me = scope.actor()?.to_string();
    let req = MemberChanges { roles: None, email_address: None, unlink_email: None, ..MemberChanges::from(req) };
    req.check(w)?;
    check_trusted_metadata_by_project(&scope, req.trusted_metadata.is_some())?;
    rbac::authorize_all(w, &w.members[&me], SELF, &req.actions(), false)?;
    req.apply(w, env, &me);
    Ok(member_response(w, env.now, &me))
}

/// `self.deleteMFAPhoneNumber`.
pub fn delete_own_phone(w: &mut World, env: &Env, caller: &Caller) -> ApiResult<pm::MemberResponse> {
    let scope = Scope::of_session(w, env, caller)?;
    let me = scope.actor()?.to_string();
    change(w, env, scope, &me, MemberChange::DeletePhone)
}

/// `self.deleteMFATOTP`.
pub fn delete_own_totp(w: &mut World, env: &Env, caller: &Caller) -> ApiResult<pm::MemberResponse> {
    let scope = Scope::of_session(w, env, caller)?;
    let me = scope.actor()?.to_string();
    change(w, env, scope, &me, MemberChange::DeleteTotp)
}

/// `self.deletePassword` and `organization.members.deletePassword` (one SDK route): the
/// password of any member of the caller's organization, by its id; the caller needs
/// `update.info.delete.password` on `stytch.member`, or on `stytch.self` for their own.
pub fn delete_password_sdk(w: &mut World, env: &Env, caller: &Caller, password_id: String) -> ApiResult<pm::MemberResponse> {
    let scope = Scope::of_session(w, env, caller)?;
    delete_password(w, env, &scope, &password_id)
}

// The members of an organization: the SDK (the caller's organization) and the backend.

/// `organization.members.create` (SDK): needs `create` on `stytch.member`.
pub fn create_sdk(w: &mut World, env: &Env, caller: &Caller, req: MembersCreateRequest) -> ApiResult<pm::MemberResponse> {
    let scope = Scope::of_session(w, env, caller)?;
    check_trusted_metadata_by_project(&scope, req.trusted_metadata.is_some())?;
    scope.authorize(w, MEMBER, &["create"], None)?;
    orgs::member_create(w, env, caller, scope.organization_id, req)
}

/// `organization.members.update` (SDK).
pub fn update_sdk(
    w: &mut World,
    env: &Env,
    caller: &Caller,
    member_id: String,
    req: MembersUpdateRequest,
) -> ApiResult<pm::MemberResponse> {
    let scope = Scope::of_session(w, env, caller)?;
    update_member(w, env, &scope, &member_id, req)
}

/// `organizations.members.update` (backend).
pub fn update_backend(
    w: &mut World,
    env: &Env,
    caller: &Caller,
    (organization_id, member_id): (String, String),
    req: MembersUpdateRequest,
) -> ApiResult<pm::MemberResponse> {
    let scope = Scope::of_backend(w, env, caller, organization_id)?;
    update_member(w, env, &scope, &member_id, req)
}

/// `organization.members.delete` (SDK): `{member_id}`.
pub fn delete_sdk(w: &mut World, env: &Env, caller: &Caller, member_id: String) -> ApiResult<Object> {
    let scope = Scope::of_session(w, env, caller)?;
    MemberChange::Delete.run(w, env, &scope, &member_id)?;
    Ok(deleted(&member_id))
}

/// `organizations.members.delete` (backend): `{member_id}`.
pub fn delete_backend(w: &mut World, env: &Env, caller: &Caller, (organization_id, member_id): (String, String)) -> ApiResult<Object> {
    let scope = Scope::of_backend(w, env, caller, organization_id)?;
    MemberChange::Delete.run(w, env, &scope, &member_id)?;
    Ok(deleted(&member_id))
}

macro_rules! member_change {
    ($sdk:ident, $backend:ident, $change:expr, $what:literal) => {
        #[doc = concat!("`", $what, "` on the SDK API (a member of the caller's organization).")]
        pub fn $sdk(w: &mut World, env: &Env, caller: &Caller, member_id: String) -> ApiResult<pm::MemberResponse> {
            let scope = Scope::of_session(w, env, caller)?;
            change(w, env, scope, &member_id, $change)
        }

        #[doc = concat!("`", $what, "` on the backend API.")]
        pub fn $backend(
            w: &mut World,
            env: &Env,
            caller: &Caller,
            (organization_id, member_id): (String, String),
        ) -> ApiResult<pm::MemberResponse> {
            let scope = Scope::of_backend(w, env, caller, organization_id)?;
            change(w, env, scope, &member_id, $change)
        }
    };
}

member_change!(reactivate_sdk, reactivate_backend, MemberChange::Reactivate, "members.reactivate");
member_change!(delete_phone_sdk, delete_phone_backend, MemberChange::DeletePhone, "members.deleteMFAPhoneNumber");
member_change!(delete_totp_sdk, delete_totp_backend, MemberChange::DeleteTotp, "members.deleteMFATOTP");

/// `organizations.members.delete_password` (backend).
pub fn delete_password_backend(
    w: &mut World,
    env: &Env,
    caller: &Caller,
    (organization_id, password_id): (String, String),
) -> ApiResult<pm::MemberResponse> {
    let scope = Scope::of_backend(w, env, caller, organization_id)?;
    delete_password(w, env, &scope, &password_id)
}

// The organization itself.

/// `organization.get` (SDK): the session's organization.
pub fn my_organization(w: &mut World, env: &Env, caller: &Caller) -> ApiResult<Object> {
    let scope = Scope::reading(w, env, caller)?;
    Ok(orgs::organization_response(&w.organizations[&scope.organization_id]))
}

/// `organizations.update` (backend): with a member-session header, each changed field needs
/// its action on `stytch.organization`.
pub fn update_organization_backend(
    w: &mut World,
    env: &Env,
    caller: &Caller,
    organization_id: String,
    req: OrganizationUpdateOptions,
) -> ApiResult<Object> {
    let scope = Scope::of_backend(w, env, caller, organization_id)?;
    let fields = orgs::OrganizationFields::from(req);
    scope.authorize(w, ORGANIZATION, &fields.actions(), None)?;
    orgs::apply_update(w, env.now, &scope.organization_id, fields)?;
    Ok(orgs::organization_response(&w.organizations[&scope.organization_id]))
}

/// `organizations.members.create` (backend): with a member-session header, needs `create` on `stytch.member`.
pub fn create_backend(
    w: &mut World,
    env: &Env,
    caller: &Caller,
    organization_id: String,
    req: MembersCreateRequest,
) -> ApiResult<pm::MemberResponse> {
    let scope = Scope::of_backend(w, env, caller, organization_id)?;
    check_trusted_metadata_by_project(&scope, req.trusted_metadata.is_some())?;
    scope.authorize(w, MEMBER, &["create"], None)?;
    orgs::member_create(w, env, caller, scope.organization_id, req)
}

/// `organization.update` (SDK): each changed field needs its action on `stytch.organization`.
pub fn update_my_organization(w: &mut World, env: &Env, caller: &Caller, req: OrganizationUpdateOptions) -> ApiResult<Object> {
    let scope = Scope::of_session(w, env, caller)?;
    let fields = orgs::OrganizationFields::from(req);
    scope.authorize(w, ORGANIZATION, &fields.actions(), None)?;
    orgs::apply_update(w, env.now, &scope.organization_id, fields)?;
    Ok(orgs::organization_response(&w.organizations[&scope.organization_id]))
}

/// Removes an organization, its members and everything that lets them in.
fn delete_organization(w: &mut World, organization_id: &str) -> Object {
    let members: Vec<String> = w.members.values().filter(|m| m.organization_id == organization_id).map(|m| m.member_id.clone()).collect();
    w.revoke_access(&members);
    w.members.retain(|_, m| m.organization_id != organization_id);
    w.organizations.remove(organization_id);
    let mut out = Object::new();
    out.insert("organization_id".into(), json!(organization_id));
    out
}

/// `organization.delete` (SDK): needs `delete` on `stytch.organization`.
pub fn delete_my_organization(w: &mut World, env: &Env, caller: &Caller) -> ApiResult<Object> {
    let scope = Scope::of_session(w, env, caller)?;
    scope.authorize(w, ORGANIZATION, &["delete"], None)?;
    Ok(delete_organization(w, &scope.organization_id))
}

/// `organizations.delete` (backend).
pub fn delete_organization_backend(w: &mut World, env: &Env, caller: &Caller, organization_id: String) -> ApiResult<Object> {
    let scope = Scope::of_backend(w, env, caller, organization_id)?;
    scope.authorize(w, ORGANIZATION, &["delete"], None)?;
    Ok(delete_organization(w, &scope.organization_id))
}

/// The organization fields `organization.getBySlug` answers (what a login page shows before
/// anyone is signed in).
const BY_SLUG_FIELDS: &[&str] = &[
    "organization_id",
    "organization_name",
    "organization_slug",
    "organization_logo_url",
    "sso_active_connections",
    "sso_default_connection_id",
    "email_jit_provisioning",
    "email_allowed_domains",
    "oauth_tenant_jit_provisioning",
    "allowed_oauth_tenants",
    "auth_methods",
    "allowed_auth_methods",
    "mfa_policy",
];

/// `organization.getBySlug` (SDK, no session): `{organization}` or `{organization: null}`.
pub fn by_slug(w: &mut World, _env: &Env, _caller: &Caller, req: OrganizationGetBySlugOptions) -> ApiResult<Object> {
    crate::checks::require("organization_slug", &req.organization_slug)?;
    let found = w.organizations.values().find(|o| o.organization_slug == req.organization_slug);
    let organization = found.map(|o| {
        let full = serde_json::to_value(render::organization(o)).unwrap_or_default();
        BY_SLUG_FIELDS.iter().map(|k| (k.to_string(), full[*k].clone())).collect::<Object>()
    });
    let mut out = Object::new();
    out.insert("organization".into(), json!(organization));
    Ok(out)
}
