//! The project's RBAC policy as data: Stytch's default roles and resources, the seed's custom
//! ones, and an organization's roles by email domain. (`rbac` decides with it; the world
//! stores it.)

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// The role every member holds.
pub const MEMBER_ROLE: &str = "stytch_member";
/// The role of an organization's creator (and of members given it).
pub const ADMIN_ROLE: &str = "stytch_admin";
/// An action that stands for every action of its resource.
const ANY_ACTION: &str = "*";
/// The prefix of Stytch's own resources, which custom resources may not use.
const RESERVED_PREFIX: &str = "stytch";

/// Stytch's own resources (their `resource_id`s start with `stytch.`), as the emulator checks them.
pub const SELF: &str = "stytch.self";
pub const MEMBER: &str = "stytch.member";
pub const ORGANIZATION: &str = "stytch.organization";
pub const SSO: &str = "stytch.sso";
pub const SCIM: &str = "stytch.scim";

/// The actions of Stytch's resources that the emulator's endpoints check (the names of
/// Stytch's RBAC guide and API reference).
const SELF_ACTIONS: &[&str] = &[
    "revoke-sessions",
    "update.info.name",
    "update.info.untrusted-metadata",
    "update.info.mfa-phone",
    "update.info.delete.mfa-phone",
    "update.info.delete.mfa-totp",
    "update.info.delete.password",
    "update.settings.mfa-enrolled",
    "update.settings.default-mfa-method",
    "delete",
    // rest22: email updates.
    "update.info.email",
    "update.info.unlink.retired-email",
    // apps24: Connected Apps the member authorized.
    "get.connected-apps",
    "revoke.connected-app",
];
const MEMBER_ACTIONS: &[&str] = &[
    "create",
    "revoke-sessions",
    "delete",
    "search",
    "update.info.name",
    "update.info.untrusted-metadata",
    "update.info.mfa-phone",
    "update.info.delete.mfa-phone",
    "update.info.delete.mfa-totp",
    "update.info.delete.password",
    "update.settings.mfa-enrolled",
    "update.settings.default-mfa-method",
    "update.settings.roles",
    // rest22: email updates.
    "update.info.email",
    "update.info.unlink.retired-email",
    // apps24: Connected Apps the member authorized.
    "get.connected-apps",
    "revoke.connected-app",
];
const SSO_ACTIONS: &[&str] = &["create", "delete", "get", "update"];
const SCIM_ACTIONS: &[&str] = &["create", "delete", "get", "update"];
const ORGANIZATION_ACTIONS: &[&str] = &[
    "delete",
    "update.info.name",
    "update.info.slug",
    "update.settings.allowed-auth-methods",
    "update.settings.allowed-mfa-methods",
    "update.settings.email-jit-provisioning",
    "update.settings.implicit-roles",
    "update.settings.mfa-policy",
];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Permission {
    pub resource_id: String,
    pub actions: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub role_id: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub permissions: Vec<Permission>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    pub resource_id: String,
    #[serde(default)]
    pub description: String,
    pub actions: Vec<String>,
}

/// The project's RBAC policy: Stytch's default roles and resources, and the project's own.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    #[serde(default)]
    pub roles: Vec<Role>,
    #[serde(default)]
    pub resources: Vec<Resource>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy { roles: Vec::new(), resources: Vec::new() }.with_defaults()
    }
}

fn permission(resource_id: &str, actions: &[&str]) -> Permission {
    Permission { resource_id: resource_id.into(), actions: actions.iter().map(|a| a.to_string()).collect() }
}

impl Policy {
    /// Adds Stytch's default resources and roles where the policy does not define them: a seed
    /// may change what `stytch_member` and `stytch_admin` may do (as Stytch's dashboard lets a
    /// project), not remove them.
    pub fn with_defaults(mut self) -> Self {
        let resources = [
            (SELF, SELF_ACTIONS),
            (MEMBER, MEMBER_ACTIONS),
            (ORGANIZATION, ORGANIZATION_ACTIONS),
            (SSO, SSO_ACTIONS),
            (SCIM, SCIM_ACTIONS),
        ];
        for (i, (id, actions)) in resources.into_iter().enumerate() {
            if !self.resources.iter().any(|r| r.resource_id == id) {
                let description = format!("Stytch's default resource {id}");
                let actions = actions.iter().map(|a| a.to_string()).collect();
                self.resources.insert(i, Resource { resource_id: id.into(), description, actions });
            }
        }
        // An admin also holds `stytch_member`, which gives it its own record.
        let everything = [ORGANIZATION, MEMBER, SSO, SCIM].map(|r| permission(r, &[ANY_ACTION])).to_vec();
        let defaults = [
            (MEMBER_ROLE, "Granted to every member: everything on the member's own record.", vec![permission(SELF, &[ANY_ACTION])]),
            (ADMIN_ROLE, "Granted to an organization's creator: everything on the organization and its members.", everything),
        ];
        for (i, (id, description, permissions)) in defaults.into_iter().enumerate() {
            if !self.roles.iter().any(|r| r.role_id == id) {
                self.roles.insert(i, Role { role_id: id.into(), description: description.into(), permissions });
            }
        }
        self
    }

    /// Refuses a policy whose roles name resources or actions it does not define, or that
    /// defines an id twice (what Stytch's dashboard refuses too).
    pub fn validate(&self) -> Result<(), String> {
        let mut seen = std::collections::BTreeSet::new();
        for r in &self.resources {
            if r.resource_id.trim().is_empty() || !seen.insert(("resource", r.resource_id.as_str())) {
                return Err(format!("rbac_policy: resource {:?} is empty or defined twice", r.resource_id));
            }
        }
        for role in &self.roles {
            if role.role_id.trim().is_empty() || !seen.insert(("role", role.role_id.as_str())) {
                return Err(format!("rbac_policy: role {:?} is empty or defined twice", role.role_id));
            }
            for p in &role.permissions {
                let Some(resource) = self.resources.iter().find(|r| r.resource_id == p.resource_id) else {
                    return Err(format!(
                        "rbac_policy: role {} names resource {}, which the policy does not define",
                        role.role_id, p.resource_id
                    ));
                };
                if let Some(a) = p.actions.iter().find(|a| *a != ANY_ACTION && !resource.actions.contains(a)) {
                    return Err(format!(
                        "rbac_policy: role {} names action {a} of {}, which it does not have",
                        role.role_id, p.resource_id
                    ));
                }
            }
        }
        Ok(())
    }

    /// Refuses a policy edit (the console's `PUT /_emulator/rbac_policy`) that breaks what
    /// Stytch's dashboard keeps: the default roles stay (their permissions may change, their
    /// descriptions not), Stytch's resources stay as they are, and a custom resource may not
    /// take their `stytch` prefix. The edit's own consistency is `validate`'s.
    pub fn check_edit(&self, before: &Policy) -> Result<(), String> {
        self.check_size()?;
        for id in [MEMBER_ROLE, ADMIN_ROLE] {
            let (Some(new), Some(old)) = (self.role(id), before.role(id)) else {
                return Err(format!(
                    "rbac_policy: {id} is one of Stytch's default roles: its permissions may change, it may not be removed"
                ));
            };
            if new.description != old.description {
                return Err(format!("rbac_policy: the description of Stytch's default role {id} may not change"));
            }
        }
        let reserved = |r: &&Resource| r.resource_id.starts_with(RESERVED_PREFIX);
        let (now, then): (Vec<&Resource>, Vec<&Resource>) =
            (self.resources.iter().filter(reserved).collect(), before.resources.iter().filter(reserved).collect());
        if now != then {
            return Err(format!(
                "rbac_policy: Stytch's resources ({RESERVED_PREFIX}*) are read-only: keep them as GET /_emulator/rbac_policy gives them, and give custom resources ids without the {RESERVED_PREFIX} prefix"
            ));
        }
        Ok(())
    }

    /// Within the limits an edit may reach (`limits::MAX_POLICY_*`).
    fn check_size(&self) -> Result<(), String> {
        use crate::limits::{MAX_POLICY_ACTIONS, MAX_POLICY_RESOURCES, MAX_POLICY_ROLES, MAX_POLICY_TEXT_CHARS};
        if self.roles.len() > MAX_POLICY_ROLES || self.resources.len() > MAX_POLICY_RESOURCES {
            return Err(format!("rbac_policy: at most {MAX_POLICY_ROLES} roles and {MAX_POLICY_RESOURCES} resources"));
        }
        let role_texts = self.roles.iter().flat_map(|r| {
            [&r.role_id, &r.description]
                .into_iter()
                .chain(r.permissions.iter().flat_map(|p| std::iter::once(&p.resource_id).chain(&p.actions)))
        });
        let resource_texts = self.resources.iter().flat_map(|r| [&r.resource_id, &r.description].into_iter().chain(&r.actions));
        if role_texts.chain(resource_texts).any(|t| t.chars().count() > MAX_POLICY_TEXT_CHARS) {
            return Err(format!("rbac_policy: ids, actions and descriptions are at most {MAX_POLICY_TEXT_CHARS} characters"));
        }
        let actions = |r: &Role| r.permissions.iter().map(|p| p.actions.len()).max().unwrap_or(0).max(r.permissions.len());
        if self.resources.iter().any(|r| r.actions.len() > MAX_POLICY_ACTIONS) || self.roles.iter().any(|r| actions(r) > MAX_POLICY_ACTIONS)
        {
            return Err(format!("rbac_policy: at most {MAX_POLICY_ACTIONS} actions per resource and permissions per role"));
        }
        Ok(())
    }

    fn role(&self, role_id: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.role_id == role_id)
    }

    pub fn has_role(&self, role_id: &str) -> bool {
        self.roles.iter().any(|r| r.role_id == role_id)
    }

    /// Whether any of these roles may perform `action` on `resource_id`.
    pub fn allows(&self, role_ids: &[String], resource_id: &str, action: &str) -> bool {
        self.roles
            .iter()
            .filter(|r| role_ids.contains(&r.role_id))
            .flat_map(|r| &r.permissions)
            .any(|p| p.resource_id == resource_id && p.actions.iter().any(|a| a == action || a == ANY_ACTION))
    }

    /// The policy as the SDK's bootstrap carries it (`rbac_policy`).
    pub fn bootstrap(&self) -> Value {
        json!({"roles": self.roles, "resources": self.resources, "scopes": []})
    }
}

/// A policy as `bootstrap` writes it and the console sends it back: with `scopes`, which
/// the emulator has none of (they are for M2M clients), so only an empty list is taken.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyDocument {
    roles: Vec<Role>,
    resources: Vec<Resource>,
    #[serde(default)]
    scopes: Vec<Value>,
}

impl PolicyDocument {
    pub fn into_policy(self) -> Result<Policy, String> {
        if !self.scopes.is_empty() {
            return Err("rbac_policy.scopes: the emulator has no scopes; send an empty list".into());
        }
        Ok(Policy { roles: self.roles, resources: self.resources })
    }
}

/// An organization's rule: members whose email is at `domain` hold `role_id` (the protocol's
/// type: requests carry it as the organization keeps it).
pub use stytch_b2b_protocol::requests::EmailRoleAssignment;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_policy_gives_members_their_own_record_and_admins_everything() {
        let p = Policy::default();
        assert!(p.validate().is_ok());
        let member = vec![MEMBER_ROLE.to_string()];
        let admin = vec![MEMBER_ROLE.to_string(), ADMIN_ROLE.to_string()];
        assert!(p.allows(&member, SELF, "update.info.name"));
        assert!(!p.allows(&member, MEMBER, "delete"));
        assert!(!p.allows(&member, ORGANIZATION, "update.settings.mfa-policy"));
        assert!(p.allows(&admin, ORGANIZATION, "update.settings.mfa-policy"));
    }

    #[test]
    fn an_edit_keeps_stytchs_default_roles_and_resources() {
        let before = Policy::default();
        let mut edit = before.clone();
        edit.roles[0].permissions = vec![permission(MEMBER, &["search"])];
        assert!(edit.check_edit(&before).is_ok(), "a default role's permissions may change");
        let mut gone = before.clone();
        gone.roles.retain(|r| r.role_id != ADMIN_ROLE);
        assert!(gone.check_edit(&before).unwrap_err().contains("stytch_admin"));
        let mut renamed = before.clone();
        renamed.roles[0].description = "Anyone".into();
        assert!(renamed.check_edit(&before).unwrap_err().contains("description"));
        let mut reserved = before.clone();
        reserved.resources.push(Resource { resource_id: "stytch.reports".into(), description: String::new(), actions: vec![] });
        assert!(reserved.check_edit(&before).unwrap_err().contains("read-only"));
    }

    #[test]
    fn a_policy_naming_an_undefined_resource_or_action_is_refused() {
        let mut p = Policy::default();
        p.roles.push(Role { role_id: "auditor".into(), description: String::new(), permissions: vec![permission("documents", &["read"])] });
        assert!(p.validate().unwrap_err().contains("resource documents"));
        p.resources.push(Resource { resource_id: "documents".into(), description: String::new(), actions: vec!["write".into()] });
        assert!(p.validate().unwrap_err().contains("action read"));
    }
}
