//! Backend API: organizations and their members (`/v1/b2b/organizations/...`), the calls an
//! app's server makes to read members and to set an organization's MFA policy; and a new
//! member as every flow that makes one (sign-up by magic link, OAuth or SSO) makes it.

use crate::checks::check_email;
use serde_json::{json, Value};
use stytch_b2b_protocol as pm;
use stytch_b2b_protocol::backend::{MemberGetQuery, MembersCreateRequest, OrganizationSearchOperand, OrganizationsSearchRequest};
use stytch_b2b_protocol::requests::{DiscoveryOrganizationsCreateOptions, OrganizationUpdateOptions};
use stytch_b2b_protocol::{AuthMethod, EmailJitProvisioning, MemberStatus, MfaMethod, MfaPolicy, Restriction};

use crate::checks::{check_member, check_phone, require};
use crate::env::Env;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::extract::Caller;
use crate::model::{Member, Organization, World};
use crate::rbac::EmailRoleAssignment;
use crate::render::{self, member_response, Object};

pub(crate) fn organization_response(org: &Organization) -> Object {
    let mut out = Object::new();
    out.insert("organization".into(), json!(render::organization(org)));
    out
}

/// `organizations.get`.
pub fn get(w: &mut World, _env: &Env, _caller: &Caller, id: String) -> ApiResult<Object> {
    let org = w.organizations.get(&id).ok_or_else(ApiError::organization_not_found)?;
    Ok(organization_response(org))
}

/// The stored fields an update or create may set (from its request's protocol type); absent
/// ones are left as they are.
#[derive(Default)]
pub struct OrganizationFields {
    organization_name: Option<String>,
    organization_slug: Option<String>,
    mfa_policy: Option<MfaPolicy>,
    mfa_methods: Option<Restriction>,
    allowed_mfa_methods: Option<Vec<MfaMethod>>,
    auth_methods: Option<Restriction>,
    allowed_auth_methods: Option<Vec<AuthMethod>>,
    email_jit_provisioning: Option<EmailJitProvisioning>,
    rbac_email_implicit_role_assignments: Option<Vec<EmailRoleAssignment>>,
}

impl From<OrganizationUpdateOptions> for OrganizationFields {
    fn from(o: OrganizationUpdateOptions) -> Self {
        OrganizationFields {
            organization_name: o.organization_name,
            organization_slug: o.organization_slug,
            mfa_policy: o.mfa_policy,
            mfa_methods: o.mfa_methods,
            allowed_mfa_methods: o.allowed_mfa_methods,
            auth_methods: o.auth_methods,
            allowed_auth_methods: o.allowed_auth_methods,
            email_jit_provisioning: o.email_jit_provisioning,
            rbac_email_implicit_role_assignments: o.rbac_email_implicit_role_assignments,
        }
    }
}

impl From<DiscoveryOrganizationsCreateOptions> for OrganizationFields {
    fn from(o: DiscoveryOrganizationsCreateOptions) -> Self {
        OrganizationFields {
            organization_name: o.organization_name,
            organization_slug: o.organization_slug,
            mfa_policy: o.mfa_policy,
            mfa_methods: o.mfa_methods,
            allowed_mfa_methods: o.allowed_mfa_methods,
            auth_methods: o.auth_methods,
            allowed_auth_methods: o.allowed_auth_methods,
            email_jit_provisioning: o.email_jit_provisioning,
            rbac_email_implicit_role_assignments: o.rbac_email_implicit_role_assignments,
        }
    }
}

impl OrganizationFields {
    fn apply(self, w: &World, org: &mut Organization) -> ApiResult<()> {
        if let Some(name) = self.organization_name {
            org.organization_name = name;
        }
        if let Some(slug) = self.organization_slug {
            let taken = w.organizations.values().any(|o| o.organization_id != org.organization_id && o.organization_slug == slug);
            if taken {
                return Err(ApiError::new(400, ErrorType::OrganizationSlugAlreadyUsed, "Another organization uses this slug."));
            }
            org.organization_slug = slug;
        }
        set(&mut org.mfa_policy, self.mfa_policy);
        set(&mut org.mfa_methods, self.mfa_methods);
        set(&mut org.allowed_mfa_methods, self.allowed_mfa_methods);
        set(&mut org.auth_methods, self.auth_methods);
        set(&mut org.allowed_auth_methods, self.allowed_auth_methods);
        set(&mut org.email_jit_provisioning, self.email_jit_provisioning);
        if let Some(assignments) = self.rbac_email_implicit_role_assignments {
            for a in &assignments {
                require("rbac_email_implicit_role_assignments.domain", &a.domain)?;
                if !w.project.rbac_policy.has_role(&a.role_id) {
                    return Err(ApiError::bad_request(format!(
                        "rbac_email_implicit_role_assignments: role {} is not in the project's RBAC policy",
                        a.role_id
                    )));
                }
            }
            org.rbac_email_implicit_role_assignments = assignments;
        }
        org.validate().map_err(|(error_type, message)| ApiError::new(400, error_type, message))
    }
}

impl OrganizationFields {
    /// The `stytch.organization` actions a member session needs to change these fields (the
    /// names of Stytch's Update Organization reference).
    pub fn actions(&self) -> Vec<&'static str> {
        let changes = [
            (self.organization_name.is_some(), "update.info.name"),
            (self.organization_slug.is_some(), "update.info.slug"),
            (self.mfa_policy.is_some(), "update.settings.mfa-policy"),
            (self.mfa_methods.is_some() || self.allowed_mfa_methods.is_some(), "update.settings.allowed-mfa-methods"),
            (self.auth_methods.is_some() || self.allowed_auth_methods.is_some(), "update.settings.allowed-auth-methods"),
            (self.email_jit_provisioning.is_some(), "update.settings.email-jit-provisioning"),
            (self.rbac_email_implicit_role_assignments.is_some(), "update.settings.implicit-roles"),
        ];
        changes.into_iter().filter(|(changed, _)| *changed).map(|(_, action)| action).collect()
    }
}

pub(crate) fn set<T>(field: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *field = v;
    }
}

/// Applies an update to a stored organization at `now`, all or nothing (also the console's edit).
pub fn apply_update(w: &mut World, now: i64, id: &str, fields: OrganizationFields) -> ApiResult<()> {
    let mut org = w.organizations.get(id).cloned().ok_or_else(ApiError::organization_not_found)?;
    fields.apply(w, &mut org)?;
    org.updated_at = now;
    w.organizations.insert(id.to_string(), org);
    Ok(())
}

/// `organizations.create`, with Stytch's defaults for what the request leaves out.
pub fn create(w: &mut World, env: &Env, _caller: &Caller, req: OrganizationUpdateOptions) -> ApiResult<Object> {
    let org = new_organization(w, env, req.into())?;
    let id = org.organization_id.clone();
    w.organizations.insert(id.clone(), org);
    Ok(organization_response(&w.organizations[&id]))
}

impl OrganizationFields {
    /// The name to use when the request names none (discovery's create names it after the email).
    pub fn name_or(mut self, name: impl FnOnce() -> String) -> Self {
        if self.organization_name.is_none() {
            self.organization_name = Some(name());
        }
        self
    }
}

/// A new organization from `fields` and Stytch's defaults, checked (name, slug free, the
/// policy fields, the emulator's cap) but not yet stored: the caller inserts it once its own
/// checks pass.
pub fn new_organization(w: &World, env: &Env, fields: OrganizationFields) -> ApiResult<Organization> {
    if w.organizations.len() >= env.limits.organizations {
        return Err(ApiError::new(403, ErrorType::OrganizationLimitReached, "The emulator keeps no more organizations."));
    }
    let now = env.now;
    let name = fields.organization_name.clone().unwrap_or_default();
    require("organization_name", &name)?;
    let slug = fields.organization_slug.clone().unwrap_or_else(|| slugify(&name));
    let mut org = Organization {
        organization_id: String::new(),
        organization_name: name,
        organization_slug: slug.clone(),
        mfa_policy: MfaPolicy::Optional,
        mfa_methods: Restriction::AllAllowed,
        allowed_mfa_methods: Vec::new(),
        auth_methods: Restriction::AllAllowed,
        allowed_auth_methods: Vec::new(),
        email_jit_provisioning: EmailJitProvisioning::NotAllowed,
        email_allowed_domains: Vec::new(),
        sso_connections: Vec::new(),
        created_at: now,
        updated_at: now,
        rbac_email_implicit_role_assignments: Vec::new(),
        scim_connection: None,
    };
    let mut fields = fields;
    fields.organization_slug = Some(slug);
    fields.apply(w, &mut org)?;
    // The id is drawn once the organization is known to be valid.
    org.organization_id = env.generate.id("organization");
    Ok(org)
}

fn slugify(name: &str) -> String {
    let s: String = name.to_ascii_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    s.trim_matches('-').chars().take(128).collect()
}

/// Whether `org` matches one operand of an organizations search.
fn operand_matches(operand: &OrganizationSearchOperand, w: &World, org: &Organization) -> ApiResult<bool> {
    let list = || -> Vec<String> {
        operand.filter_value.as_array().map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_lowercase)).collect()).unwrap_or_default()
    };
    let text = || operand.filter_value.as_str().unwrap_or_default().to_lowercase();
    Ok(match operand.filter_name.as_str() {
        "organization_ids" => list().contains(&org.organization_id.to_lowercase()),
        "organization_slugs" => list().contains(&org.organization_slug.to_lowercase()),
        "organization_name_fuzzy" => org.organization_name.to_lowercase().contains(&text()),
        "organization_slug_fuzzy" => org.organization_slug.to_lowercase().contains(&text()),
        "member_emails" => {
            let emails = list();
            w.members.values().any(|m| m.organization_id == org.organization_id && emails.contains(&m.email_address.to_lowercase()))
        }
        "member_email_fuzzy" => {
            let t = text();
            w.members.values().any(|m| m.organization_id == org.organization_id && m.email_address.to_lowercase().contains(&t))
        }
        other => return Err(ApiError::new(400, ErrorType::InvalidSearchFilter, format!("The emulator does not search by {other}."))),
    })
}

/// `organizations.search`: the organizations the query's filters match, up to `limit`.
pub fn search(w: &mut World, env: &Env, _caller: &Caller, req: OrganizationsSearchRequest) -> ApiResult<Object> {
    let (default, max) = (env.limits.search_page_default, env.limits.search_page_max);
    let limit = req.limit.map_or(Ok(default), usize::try_from).ok().filter(|l| (1..=max).contains(l));
    let Some(limit) = limit else {
        return Err(ApiError::bad_request(format!("limit: must be from 1 to {max}")));
    };
    let w = &*w;
    let mut found = Vec::new();
    for org in w.organizations.values() {
        let keep = match &req.query {
            None => true,
            Some(q) => {
                let results = q.operands.iter().map(|o| operand_matches(o, w, org)).collect::<ApiResult<Vec<bool>>>()?;
                match q.operator.to_ascii_uppercase().as_str() {
                    "AND" => results.iter().all(|r| *r),
                    "OR" => results.iter().any(|r| *r),
                    _ => return Err(ApiError::bad_request("query.operator: must be AND or OR")),
                }
            }
        };
        if keep {
            found.push(org);
        }
    }
    let total = found.len();
    let mut out = Object::new();
    out.insert("organizations".into(), json!(found.into_iter().take(limit).map(render::organization).collect::<Vec<_>>()));
    out.insert("results_metadata".into(), json!({"total": total, "next_cursor": null}));
    Ok(out)
}

/// `organizations.members.get`: one member, by `member_id` or `email_address`.
pub fn member_get(w: &mut World, env: &Env, _caller: &Caller, organization_id: String, q: MemberGetQuery) -> ApiResult<pm::MemberResponse> {
    if !w.organizations.contains_key(&organization_id) {
        return Err(ApiError::organization_not_found());
    }
    let member_id = match (q.member_id.filter(|s| !s.is_empty()), q.email_address.filter(|s| !s.is_empty())) {
        (Some(id), _) => id,
        (None, Some(email)) => {
            w.member_by_email(&organization_id, &email).map(|m| m.member_id.clone()).ok_or_else(ApiError::member_not_found)?
        }
        (None, None) => return Err(ApiError::bad_request("Pass member_id or email_address.")),
    };
    check_member(w, &organization_id, &member_id)?;
    Ok(member_response(w, env.now, &member_id))
}

/// `organizations.members.create`.
pub fn member_create(
    w: &mut World,
    env: &Env,
    _caller: &Caller,
    organization_id: String,
    req: MembersCreateRequest,
) -> ApiResult<pm::MemberResponse> {
    check_email(&req.email_address)?;
    if let Some(p) = req.mfa_phone_number.as_deref().filter(|p| !p.is_empty()) {
        check_phone(p)?;
    }
    crate::ops::members::check_metadata(req.untrusted_metadata.as_ref())?;
    crate::ops::members::check_metadata(req.trusted_metadata.as_ref())?;
    crate::ops::members::check_roles(w, req.roles.as_deref().unwrap_or_default())?;
    if !w.organizations.contains_key(&organization_id) {
        return Err(ApiError::organization_not_found());
    }
    if w.member_by_email(&organization_id, &req.email_address).is_some() {
        return Err(ApiError::new(400, ErrorType::DuplicateEmail, "A member with this email address already exists in the organization."));
    }
    // A retired email stays its member's until unlinked (rest22).
    if let Some(crate::model::EmailHold::Retired(_)) = w.email_holder(&organization_id, &req.email_address, "") {
        return Err(ApiError::new(
            400,
            ErrorType::RetiredMemberEmail,
            "A member of the organization retired this email address; it must be unlinked before another member can have it.",
        ));
    }
    let members = w.members.values().filter(|m| m.organization_id == organization_id).count();
    if members >= w.project.limits.max_members_per_organization as usize {
        return Err(ApiError::new(
            403,
            ErrorType::OrganizationMemberLimitReached,
            "The emulator keeps no more members in this organization.",
        ));
    }
    let mut m = new_member(env, &organization_id, &req.email_address);
    let member_id = m.member_id.clone();
    m.name = req.name.unwrap_or_default();
    m.status = if req.create_member_as_pending.unwrap_or(false) { MemberStatus::Pending } else { MemberStatus::Active };
    m.mfa_enrolled = req.mfa_enrolled.unwrap_or(false);
    m.roles = req.roles.unwrap_or_default();
    m.untrusted_metadata = req.untrusted_metadata.unwrap_or(Value::Null);
    m.trusted_metadata = req.trusted_metadata.unwrap_or(Value::Null);
    if let Some(p) = req.mfa_phone_number.filter(|p| !p.is_empty()) {
        m.mfa_phone_number = p;
        m.phone_id = env.generate.id("phone-number");
    }
    w.members.insert(member_id.clone(), m);
    Ok(member_response(w, env.now, &member_id))
}

/// The member an email login or sign-up is for: `existing` (the member of this email), or a
/// new pending member added to the organization. Answers the id and whether it was created;
/// the caller has checked that this email may sign up and that the organization has room.
pub fn existing_or_new_member(w: &mut World, env: &Env, existing: Option<String>, organization_id: &str, email: &str) -> (String, bool) {
    match existing {
        Some(id) => (id, false),
        None => {
            let member = new_member(env, organization_id, email);
            let id = member.member_id.clone();
            w.members.insert(id.clone(), member);
            (id, true)
        }
    }
}

/// A new, pending member of the organization with this email, with fresh ids; the caller
/// has checked the organization has room.
pub fn new_member(env: &Env, organization_id: &str, email: &str) -> Member {
    Member {
        member_id: env.generate.id("member"),
        organization_id: organization_id.to_string(),
        email_address: email.to_string(),
        email_id: env.generate.id("email"),
        email_address_verified: false,
        name: String::new(),
        status: MemberStatus::Pending,
        password_hash: None,
        member_password_id: String::new(),
        mfa_enrolled: false,
        mfa_phone_number: String::new(),
        mfa_phone_number_verified: false,
        phone_id: String::new(),
        default_mfa_method: None,
        totp: None,
        recovery_codes: Vec::new(),
        created_at: env.now,
        updated_at: env.now,
        lock: Default::default(),
        is_admin: false,
        roles: Vec::new(),
        untrusted_metadata: Value::Null,
        trusted_metadata: Value::Null,
        retired_email_addresses: Vec::new(),
        sso_registrations: Vec::new(),
        scim_registration: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::testing::Numbered;
    use crate::jwt::Keys;
    use crate::ops::testing::assert_refusals_change_nothing;
    use crate::seed::{Seed, DEFAULT_SEED};

    fn named(name: &str, slug: Option<&str>) -> OrganizationUpdateOptions {
        OrganizationUpdateOptions {
            organization_name: Some(name.into()),
            organization_slug: slug.map(str::to_string),
            ..Default::default()
        }
    }

    #[test]
    fn a_new_organization_takes_its_id_and_time_from_its_env() {
        let mut w = Seed::parse(DEFAULT_SEED).unwrap().to_world(0);
        let (keys, numbered) = (Keys::generate(), Numbered::default());
        let env = Env { now: 1_000_000, keys: &keys, generate: &numbered, limits: &crate::limits::Limits::STYTCH };
        create(&mut w, &env, &Caller::backend(), named("Hooli", None)).unwrap();
        let org = &w.organizations["organization-1"];
        assert_eq!((org.organization_slug.as_str(), org.created_at, org.updated_at), ("hooli", 1_000_000, 1_000_000));
    }

    /// An organization refused (a slug in use, no name) leaves the world as it was and draws no id.
    #[test]
    fn a_refused_create_changes_nothing() {
        let refusals =
            [(named("Acme again", Some("acme")), ErrorType::OrganizationSlugAlreadyUsed), (named(" ", None), ErrorType::BadRequest)];
        assert_refusals_change_nothing(create, refusals);
    }
}
