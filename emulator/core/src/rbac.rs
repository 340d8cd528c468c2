//! Role-based access control as Stytch enforces it on member-session calls: the project's RBAC
//! policy (Stytch's default roles and resources, plus the seed's custom ones), the roles a
//! member holds (every member `stytch_member`; `stytch_admin` for an organization's creator;
//! roles assigned directly; roles implied by the member's email domain through the
//! organization's `rbac_email_implicit_role_assignments`), and the check an SDK call makes
//! before it changes anything (`session_authorization_error`, 403).

use serde_json::json;

use crate::error::{ApiError, ApiResult, ErrorType};
use crate::model::{Member, World};
use crate::rbac_policy::Policy;
pub use crate::rbac_policy::{EmailRoleAssignment, ADMIN_ROLE, MEMBER, MEMBER_ROLE, ORGANIZATION, SCIM, SELF, SSO};

/// Why a member holds a role, as Stytch's member object says (`roles[].sources`).
pub enum Source {
    Direct,
    Email(String),
    /// Every member signing in through the connection (sso24, #24).
    SsoConnection(String),
    /// The members of an identity-provider group signing in through the connection.
    SsoGroup(String, String),
    /// A group of the member's SCIM connection (scim24): `(connection_id, group_id)`.
    ScimGroup(String, String),
}

/// The roles a member holds through the SSO connections it signed in with: the connection's
/// implicit roles, and those of the groups its identity provider named at the last sign-in
/// (read from the connection's settings now, so an edit applies at once).
pub fn sso_roles(w: &World, m: &Member) -> Vec<(String, Source)> {
    let Some(org) = w.organizations.get(&m.organization_id) else { return Vec::new() };
    let mut out = Vec::new();
    for r in &m.sso_registrations {
        let Some(c) = org.sso_connections.iter().find(|c| c.connection_id == r.connection_id) else { continue };
        let id = || c.connection_id.clone();
        out.extend(c.settings.implicit_roles.iter().map(|a| (a.role_id.clone(), Source::SsoConnection(id()))));
        let groups = c.settings.group_roles.iter().filter(|g| r.groups.contains(&g.group));
        out.extend(groups.map(|g| (g.role_id.clone(), Source::SsoGroup(id(), g.group.clone()))));
    }
    out
}

/// Every role a member holds and why: `member_roles` (with its SCIM groups' roles), then
/// those of its SSO connections.
pub fn all_roles(w: &World, m: &Member) -> Vec<(String, Source)> {
    let mut roles = match w.organizations.get(&m.organization_id) {
        Some(org) => member_roles(m, &org.rbac_email_implicit_role_assignments, &crate::scim::group_roles(w, m)),
        None => vec![(MEMBER_ROLE.to_string(), Source::Direct)],
    };
    roles.extend(sso_roles(w, m));
    roles
}

/// The roles a member holds and why, in Stytch's order: `stytch_member`, then direct
/// assignments, then those implied by the email domain, then those of the member's SCIM
/// groups (`scim::group_roles`: `(role_id, connection_id, group_id)`).
pub fn member_roles(m: &Member, implied: &[EmailRoleAssignment], scim: &[(String, String, String)]) -> Vec<(String, Source)> {
    let mut roles = vec![(MEMBER_ROLE.to_string(), Source::Direct)];
    if m.is_admin {
        roles.push((ADMIN_ROLE.to_string(), Source::Direct));
    }
    for r in &m.roles {
        if !roles.iter().any(|(id, _)| id == r) {
            roles.push((r.clone(), Source::Direct));
        }
    }
    let domain = m.email_address.rsplit_once('@').map(|(_, d)| d.to_ascii_lowercase()).unwrap_or_default();
    for a in implied.iter().filter(|a| a.domain.eq_ignore_ascii_case(&domain)) {
        roles.push((a.role_id.clone(), Source::Email(a.domain.clone())));
    }
    for (role_id, connection_id, group_id) in scim {
        roles.push((role_id.clone(), Source::ScimGroup(connection_id.clone(), group_id.clone())));
    }
    roles
}

/// The distinct role ids a member holds.
pub fn role_ids(w: &World, m: &Member) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for (id, _) in all_roles(w, m) {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

/// The member's roles as Stytch's member object renders them.
pub fn render_roles(
    m: &Member,
    implied: &[EmailRoleAssignment],
    scim: &[(String, String, String)],
) -> Vec<stytch_b2b_protocol::MemberRole> {
    render_sources(member_roles(m, implied, scim))
}

/// Roles and their sources as Stytch's member object renders them, one entry per role.
pub fn render_sources(roles: Vec<(String, Source)>) -> Vec<stytch_b2b_protocol::MemberRole> {
    let mut out: Vec<stytch_b2b_protocol::MemberRole> = Vec::new();
    for (role_id, source) in roles {
        let (source_type, details) = match source {
            Source::Direct => ("direct_assignment", json!({})),
            Source::Email(domain) => ("email_assignment", json!({"email_domain": domain})),
            Source::SsoConnection(connection_id) => ("sso_connection", json!({"connection_id": connection_id})),
            Source::SsoGroup(connection_id, group) => ("sso_connection_group", json!({"connection_id": connection_id, "group": group})),
            Source::ScimGroup(connection_id, group_id) => {
                ("scim_connection_group", json!({"connection_id": connection_id, "group_id": group_id}))
            }
        };
        let source = stytch_b2b_protocol::RoleSource { source_type: source_type.into(), details };
        match out.iter_mut().find(|r| r.role_id == role_id) {
            Some(r) => r.sources.push(source),
            None => out.push(stytch_b2b_protocol::MemberRole { role_id, sources: vec![source] }),
        }
    }
    out
}

/// Replaces the project's RBAC policy (the console's editor) when the edit keeps Stytch's
/// defaults and hangs together. A role the new policy no longer has is unassigned from the
/// members that held it and dropped from the organizations' assignments by email domain, so
/// the world never names a role its policy lacks (what `World::check_consistency` demands).
pub fn replace_policy(w: &mut World, policy: Policy) -> ApiResult<()> {
    policy.check_edit(&w.project.rbac_policy).and_then(|_| policy.validate()).map_err(ApiError::bad_request)?;
    for m in w.members.values_mut() {
        m.roles.retain(|r| policy.has_role(r));
    }
    for o in w.organizations.values_mut() {
        o.rbac_email_implicit_role_assignments.retain(|a| policy.has_role(&a.role_id));
        for c in &mut o.sso_connections {
            c.settings.implicit_roles.retain(|r| policy.has_role(&r.role_id));
            c.settings.group_roles.retain(|g| policy.has_role(&g.role_id));
        }
        if let Some(c) = &mut o.scim_connection {
            c.group_roles.retain(|a| policy.has_role(&a.role_id));
        }
    }
    w.project.rbac_policy = policy;
    Ok(())
}

/// Refuses the call unless the member (`actor`) may perform `action` on `resource`; with
/// `self_fallback`, the same action on `stytch.self` is enough when the member acts on
/// themselves (Stytch's rule for the member endpoints).
pub fn authorize(w: &World, actor: &Member, resource: &str, action: &str, self_fallback: bool) -> ApiResult<()> {
    let roles = role_ids(w, actor);
    let policy = &w.project.rbac_policy;
    if policy.allows(&roles, resource, action) || (self_fallback && policy.allows(&roles, SELF, action)) {
        return Ok(());
    }
    Err(ApiError::new(
        403,
        ErrorType::SessionAuthorizationError,
        format!("The member is not authorized to perform the {action} action on the {resource} resource."),
    ))
}

/// Checks each action in turn (a request that changes several fields needs each field's action).
pub fn authorize_all(w: &World, actor: &Member, resource: &str, actions: &[&str], self_fallback: bool) -> ApiResult<()> {
    actions.iter().try_for_each(|a| authorize(w, actor, resource, a, self_fallback))
}
