//! The seed: the organizations and members the emulator starts with (and returns to on
//! `POST /_emulator/reset`). The built-in default is `seed/default.json`; `--seed FILE`
//! replaces it with a file of the same shape.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use stytch_b2b_protocol::{AuthMethod, EmailJitProvisioning, MemberStatus, MfaMethod, MfaPolicy, Restriction};

use crate::hashing::hash_password;
use crate::ids::new_id;
use crate::model::{
    ConsumerProject, Member, Organization, Project, ProjectLimits, SsoConnection, TotpRegistration, User, UserPhone, World,
};

pub const DEFAULT_SEED: &str = include_str!("../../seed/default.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    pub project: SeedProject,
    /// The consumer project, whose backend API serves `users`; seeds without one get the
    /// built-in seed's.
    #[serde(default = "default_seed_consumer_project")]
    pub consumer_project: SeedConsumerProject,
    pub organizations: Vec<SeedOrganization>,
    /// Consumer users, for the consumer backend API.
    #[serde(default)]
    pub users: Vec<SeedUser>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedUser {
    pub user_id: String,
    pub email: String,
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    pub password: Option<String>,
    /// A verified phone number, if the user has one.
    pub phone_number: Option<String>,
}

/// The seed's password hashes, one per distinct password: seeds give most of their members
/// the same password, and each argon2 hash takes tens of milliseconds (more in wasm), so
/// start-up hashes it once. Members sharing a password then share its salt, which no login
/// can tell.
#[derive(Default)]
struct SeedHashes(std::collections::HashMap<String, String>);

impl SeedHashes {
    fn hash(&mut self, password: &str) -> String {
        self.0.entry(password.to_string()).or_insert_with(|| hash_password(password)).clone()
    }
}

impl SeedUser {
    fn to_user(&self, now: i64, hashes: &mut SeedHashes) -> User {
        User {
            user_id: self.user_id.clone(),
            email: self.email.clone(),
            email_id: new_id("email"),
            email_verified: true,
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            status: "active".into(),
            password_hash: self.password.as_deref().map(|p| hashes.hash(p)),
            password_id: if self.password.is_some() { new_id("password") } else { String::new() },
            phone_numbers: self
                .phone_number
                .iter()
                .map(|p| UserPhone { phone_id: new_id("phone-number"), phone_number: p.clone(), verified: true })
                .collect(),
            created_at: now,
            lock: Default::default(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedProject {
    pub project_id: String,
    pub public_token: String,
    /// The backend API's secret; seeds written before it existed get the default.
    #[serde(default = "crate::model::default_secret")]
    pub secret: String,
    pub name: String,
    #[serde(default = "default_sms_minutes")]
    pub sms_otp_expiration_minutes: i64,
    /// User locks and SMS rate limits; tests that need many attempts raise them here.
    #[serde(default)]
    pub limits: ProjectLimits,
    /// Strength rules for new passwords (LUDS).
    #[serde(default)]
    pub password_config: crate::strength::PasswordConfig,
    /// Where flows may send members (Stytch's redirect-URL objects); seeds that name none
    /// get the built-in seed's list.
    #[serde(default = "crate::redirects::default_list")]
    pub redirect_urls: Vec<crate::redirects::RedirectUrl>,
    /// The project's custom roles and resources (Stytch's default ones are added, and a role
    /// named `stytch_member` or `stytch_admin` here replaces the default one).
    #[serde(default)]
    pub rbac_policy: Option<crate::rbac_policy::Policy>,
    /// Which groups of calls the frontend SDK may make (the Frontend SDK page of Stytch's
    /// dashboard); all when absent.
    #[serde(default)]
    pub frontend_sdk: stytch_b2b_protocol::control::FrontendSdk,
    /// Trusted auth token profiles: what `sessions.attest` accepts (none when absent).
    #[serde(default)]
    pub trusted_token_profiles: Vec<crate::trusted_tokens::Profile>,
    /// onetap24: the Google client id of Google One Tap (the local one when absent; empty
    /// turns One Tap off).
    #[serde(default = "crate::google::default_client_id")]
    pub google_client_id: String,
    /// dfp24: DFP Protected Auth and captcha, as `PUT /_emulator/protected_auth` takes them
    /// (off when absent).
    #[serde(default)]
    pub protected_auth: stytch_b2b_protocol::fraud::ProtectedAuthSettings,
}

/// A consumer project: what a Stytch consumer project's dashboard shows for its API keys.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedConsumerProject {
    pub project_id: String,
    pub public_token: String,
    pub secret: String,
    pub name: String,
}

impl SeedConsumerProject {
    fn to_project(&self) -> ConsumerProject {
        ConsumerProject {
            project_id: self.project_id.clone(),
            public_token: self.public_token.clone(),
            secret: self.secret.clone(),
            name: self.name.clone(),
        }
    }
}

fn default_seed_consumer_project() -> SeedConsumerProject {
    let p = crate::model::default_consumer_project();
    SeedConsumerProject { project_id: p.project_id, public_token: p.public_token, secret: p.secret, name: p.name }
}

fn default_sms_minutes() -> i64 {
    10
}

fn all_allowed() -> Restriction {
    Restriction::AllAllowed
}

fn active_status() -> MemberStatus {
    MemberStatus::Active
}

fn jit_all_allowed() -> EmailJitProvisioning {
    EmailJitProvisioning::AllAllowed
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedOrganization {
    pub organization_id: String,
    pub organization_name: String,
    pub organization_slug: String,
    pub mfa_policy: MfaPolicy,
    #[serde(default = "all_allowed")]
    pub mfa_methods: Restriction,
    #[serde(default)]
    pub allowed_mfa_methods: Vec<MfaMethod>,
    #[serde(default = "all_allowed")]
    pub auth_methods: Restriction,
    #[serde(default)]
    pub allowed_auth_methods: Vec<AuthMethod>,
    #[serde(default = "jit_all_allowed")]
    pub email_jit_provisioning: EmailJitProvisioning,
    /// Who may join by email domain when `email_jit_provisioning` is `RESTRICTED`.
    #[serde(default)]
    pub email_allowed_domains: Vec<String>,
    /// SSO connections whose identity provider the emulator plays.
    #[serde(default)]
    pub sso_connections: Vec<SeedSsoConnection>,
    #[serde(default)]
    pub members: Vec<SeedMember>,
    /// Roles its members hold by their email domain.
    #[serde(default)]
    pub rbac_email_implicit_role_assignments: Vec<crate::rbac_policy::EmailRoleAssignment>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedSsoConnection {
    pub connection_id: String,
    pub display_name: String,
    /// `saml` or `oidc`.
    pub protocol: String,
}

impl SeedOrganization {
    fn to_organization(&self, now: i64) -> Organization {
        Organization {
            organization_id: self.organization_id.clone(),
            organization_name: self.organization_name.clone(),
            organization_slug: self.organization_slug.clone(),
            mfa_policy: self.mfa_policy.clone(),
            mfa_methods: self.mfa_methods.clone(),
            allowed_mfa_methods: self.allowed_mfa_methods.clone(),
            auth_methods: self.auth_methods.clone(),
            allowed_auth_methods: self.allowed_auth_methods.clone(),
            email_jit_provisioning: self.email_jit_provisioning.clone(),
            email_allowed_domains: self.email_allowed_domains.clone(),
            sso_connections: self
                .sso_connections
                .iter()
                .map(|c| SsoConnection {
                    connection_id: c.connection_id.clone(),
                    display_name: c.display_name.clone(),
                    protocol: c.protocol.clone(),
                    settings: Default::default(),
                })
                .collect(),
            created_at: now,
            updated_at: now,
            rbac_email_implicit_role_assignments: self.rbac_email_implicit_role_assignments.clone(),
            scim_connection: None,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedMember {
    pub member_id: String,
    pub email_address: String,
    #[serde(default)]
    pub name: String,
    /// `active` (the default) or `invited` (an invite not yet accepted: the email is unverified).
    #[serde(default = "active_status")]
    pub status: MemberStatus,
    pub password: Option<String>,
    #[serde(default)]
    pub mfa_enrolled: bool,
    #[serde(default)]
    pub mfa_phone_number: String,
    #[serde(default)]
    pub mfa_phone_number_verified: bool,
    /// `""` (the default) for none; any other value is kept as written.
    #[serde(default)]
    pub default_mfa_method: String,
    pub totp: Option<SeedTotp>,
    #[serde(default)]
    pub recovery_codes: Vec<String>,
    /// Roles assigned directly (e.g. `stytch_admin`), beyond `stytch_member`.
    #[serde(default)]
    pub roles: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedTotp {
    pub totp_registration_id: String,
    pub secret: String,
}

impl Seed {
    pub fn parse(text: &str) -> Result<Self, String> {
        let seed: Seed = serde_json::from_str(text).map_err(|e| format!("seed: {e}"))?;
        seed.validate()?;
        Ok(seed)
    }

    fn validate(&self) -> Result<(), String> {
        self.project.limits.validate().map_err(|e| format!("seed: project.{e}"))?;
        self.project.password_config.validate().map_err(|e| format!("seed: project.{e}"))?;
        crate::redirects::validate_list(&self.project.redirect_urls).map_err(|e| format!("seed: project.{e}"))?;
        crate::trusted_tokens::validate_list(&self.project.trusted_token_profiles).map_err(|e| format!("seed: project: {e}"))?;
        crate::google::check_client_id(&self.project.google_client_id).map_err(|e| format!("seed: project.google_client_id: {e}"))?;
        if !(1..=1440).contains(&self.project.sms_otp_expiration_minutes) {
            return Err("seed: project.sms_otp_expiration_minutes must be from 1 to 1440".into());
        }
        let secret_ok = (16..=128).contains(&self.project.secret.len()) && self.project.secret.bytes().all(|b| b.is_ascii_graphic());
        if !secret_ok {
            return Err("seed: project.secret must be 16 to 128 printable ASCII characters".into());
        }
        crate::model::check_projects_apart(&self.project.project_id, &self.project.public_token, &self.consumer_project.to_project())
            .map_err(|e| format!("seed: {e}"))?;
        for u in &self.users {
            if !stytch_b2b_protocol::validate::is_email(&u.email) {
                return Err(format!("seed: user {}: email is not an email address", u.user_id));
            }
            if u.phone_number.as_deref().is_some_and(|p| !stytch_b2b_protocol::validate::is_e164(p)) {
                return Err(format!("seed: user {}: phone_number is not E.164", u.user_id));
            }
        }
        let policy = self.policy();
        policy.validate().map_err(|e| format!("seed: project.{e}"))?;
        for org in &self.organizations {
            let roles =
                org.members.iter().flat_map(|m| &m.roles).chain(org.rbac_email_implicit_role_assignments.iter().map(|a| &a.role_id));
            if let Some(r) = roles.into_iter().find(|r| !policy.has_role(r)) {
                return Err(format!("seed: {}: role {r} is not in project.rbac_policy", org.organization_id));
            }
            org.to_organization(0).validate().map_err(|(_, e)| format!("seed: {}: {e}", org.organization_id))?;
            for m in &org.members {
                if ![MemberStatus::Active, MemberStatus::Invited].contains(&m.status) {
                    return Err(format!("seed: {}: status must be active or invited", m.member_id));
                }
                if let Some(t) = &m.totp {
                    if data_encoding::BASE32_NOPAD.decode(t.secret.as_bytes()).is_err() {
                        return Err(format!("seed: {}: totp secret is not base32", m.member_id));
                    }
                }
            }
        }
        Ok(())
    }

    fn policy(&self) -> crate::rbac_policy::Policy {
        self.project.rbac_policy.clone().unwrap_or_default().with_defaults()
    }

    /// Builds the starting world. Passwords are hashed here, once per seed load.
    pub fn to_world(&self, now: i64) -> World {
        let mut hashes = SeedHashes::default();
        let mut organizations = BTreeMap::new();
        let mut members = BTreeMap::new();
        for o in &self.organizations {
            organizations.insert(o.organization_id.clone(), o.to_organization(now));
            for m in &o.members {
                members.insert(
                    m.member_id.clone(),
                    Member {
                        member_id: m.member_id.clone(),
                        organization_id: o.organization_id.clone(),
                        email_address: m.email_address.clone(),
                        email_id: new_id("email"),
                        email_address_verified: m.status == MemberStatus::Active,
                        name: m.name.clone(),
                        status: m.status.clone(),
                        password_hash: m.password.as_deref().map(|p| hashes.hash(p)),
                        member_password_id: if m.password.is_some() { new_id("member-password") } else { String::new() },
                        mfa_enrolled: m.mfa_enrolled,
                        mfa_phone_number: m.mfa_phone_number.clone(),
                        mfa_phone_number_verified: m.mfa_phone_number_verified,
                        phone_id: if m.mfa_phone_number.is_empty() { String::new() } else { new_id("phone-number") },
                        default_mfa_method: (!m.default_mfa_method.is_empty()).then(|| m.default_mfa_method.as_str().into()),
                        totp: m.totp.as_ref().map(|t| TotpRegistration {
                            totp_registration_id: t.totp_registration_id.clone(),
                            secret: t.secret.clone(),
                            verified: true,
                            expires_at: None,
                            last_used_step: None,
                            pending_recovery_codes: Vec::new(),
                        }),
                        recovery_codes: m.recovery_codes.clone(),
                        created_at: now,
                        updated_at: now,
                        lock: Default::default(),
                        is_admin: false,
                        roles: m.roles.clone(),
                        untrusted_metadata: serde_json::Value::Null,
                        trusted_metadata: serde_json::Value::Null,
                        retired_email_addresses: Vec::new(),
                        sso_registrations: Vec::new(),
                        scim_registration: None,
                    },
                );
            }
        }
        let users = self.users.iter().map(|u| (u.user_id.clone(), u.to_user(now, &mut hashes))).collect();
        World {
            project: Project {
                project_id: self.project.project_id.clone(),
                public_token: self.project.public_token.clone(),
                name: self.project.name.clone(),
                sms_otp_expiration_minutes: self.project.sms_otp_expiration_minutes,
                secret: self.project.secret.clone(),
                password_config: self.project.password_config.clone(),
                limits: self.project.limits.clone(),
                redirect_urls: self.project.redirect_urls.clone(),
                rbac_policy: self.policy(),
                frontend_sdk: self.project.frontend_sdk.clone(),
                trusted_token_profiles: self.project.trusted_token_profiles.clone(),
                google_client_id: self.project.google_client_id.clone(),
                protected_auth: self.project.protected_auth.clone(),
            },
            consumer_project: self.consumer_project.to_project(),
            users,
            organizations,
            members,
            intermediate_sessions: HashMap::new(),
            member_sessions: HashMap::new(),
            sms_otps: HashMap::new(),
            magic_links: HashMap::new(),
            password_resets: HashMap::new(),
            discovery_links: HashMap::new(),
            discovery_sessions: HashMap::new(),
            idp_grants: HashMap::new(),
            email_otps: HashMap::new(),
            discovery_otps: HashMap::new(),
            outbox: Default::default(),
            sms_sends: HashMap::new(),
            impersonation_tokens: HashMap::new(),
            protected_auth: Default::default(),
            user_sessions: HashMap::new(),
            phone_otps: HashMap::new(),
            attested_tokens: HashMap::new(),
            connected_apps: Default::default(),
            next_message_id: 0,
            clock_offset_seconds: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Start-up cost: the built-in seed's members all have the same password, hashed once.
    #[test]
    fn a_password_shared_by_seeded_members_is_hashed_once() {
        let world = Seed::parse(DEFAULT_SEED).unwrap().to_world(0);
        let hashes: std::collections::BTreeSet<_> = world.members.values().filter_map(|m| m.password_hash.as_deref()).collect();
        let with_password = world.members.values().filter(|m| m.password_hash.is_some()).count();
        assert!(with_password > 1);
        assert_eq!(hashes.len(), 1, "one hash for one password");
        let user_hash = world.users.values().find_map(|u| u.password_hash.as_deref());
        assert_eq!(user_hash, hashes.first().copied(), "the consumer user's too");
    }

    #[test]
    fn default_seed_parses_and_covers_the_documented_cases() {
        let seed = Seed::parse(DEFAULT_SEED).unwrap();
        assert_eq!(seed.project.public_token, "public-token-test-00000000-0000-4000-8000-000000000000");
        let policies: Vec<_> = seed.organizations.iter().map(|o| o.mfa_policy.as_str()).collect();
        assert!(policies.contains(&"REQUIRED_FOR_ALL"));
        assert!(policies.contains(&"OPTIONAL"));
        assert!(seed
            .organizations
            .iter()
            .any(|o| o.mfa_methods == Restriction::Restricted && o.allowed_mfa_methods == vec![MfaMethod::Totp]));
    }

    #[test]
    fn the_consumer_project_is_its_own_and_defaults_to_the_built_in_one() {
        let mut v: serde_json::Value = serde_json::from_str(DEFAULT_SEED).unwrap();
        let built_in = Seed::parse(DEFAULT_SEED).unwrap().to_world(0).consumer_project;
        assert_ne!(built_in.project_id, v["project"]["project_id"]);
        v.as_object_mut().unwrap().remove("consumer_project");
        assert_eq!(Seed::parse(&v.to_string()).unwrap().to_world(0).consumer_project, built_in, "a seed without one gets the built-in one");
        v["consumer_project"] = serde_json::json!({
            "project_id": v["project"]["project_id"], "public_token": "public-token-test-other",
            "secret": "secret-test-a-long-enough-secret", "name": "Same id",
        });
        let e = Seed::parse(&v.to_string()).err().expect("refused");
        assert!(e.contains("consumer_project must have its own project_id"), "{e}");
    }

    #[test]
    fn a_seed_with_limits_out_of_range_is_refused() {
        let mut v: serde_json::Value = serde_json::from_str(DEFAULT_SEED).unwrap();
        v["project"]["limits"] = serde_json::json!({"user_lock_threshold": 0});
        let e = Seed::parse(&v.to_string()).err().expect("refused");
        assert!(e.contains("limits.user_lock_threshold"), "{e}");
        v["project"]["limits"] = serde_json::json!({"no_such_limit": 1});
        assert!(Seed::parse(&v.to_string()).is_err(), "unknown limits are refused, not ignored");
    }
}
