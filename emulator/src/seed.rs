//! The seed: the organizations and members the emulator starts with (and returns to on
//! `POST /_emulator/reset`). The built-in default is `seed/default.json`; `--seed FILE`
//! replaces it with a file of the same shape.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use crate::model::{Member, Organization, Project, ProjectLimits, TotpRegistration, World};
use crate::hashing::hash_password;
use crate::util::new_id;

pub const DEFAULT_SEED: &str = include_str!("../seed/default.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    pub project: SeedProject,
    pub organizations: Vec<SeedOrganization>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedProject {
    pub project_id: String,
    pub public_token: String,
    pub name: String,
    #[serde(default = "default_sms_minutes")]
    pub sms_otp_expiration_minutes: i64,
    /// User locks and SMS rate limits; tests that need many attempts raise them here.
    #[serde(default)]
    pub limits: ProjectLimits,
}

fn default_sms_minutes() -> i64 {
    10
}

fn all_allowed() -> String {
    "ALL_ALLOWED".into()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedOrganization {
    pub organization_id: String,
    pub organization_name: String,
    pub organization_slug: String,
    pub mfa_policy: String,
    #[serde(default = "all_allowed")]
    pub mfa_methods: String,
    #[serde(default)]
    pub allowed_mfa_methods: Vec<String>,
    #[serde(default = "all_allowed")]
    pub auth_methods: String,
    #[serde(default)]
    pub allowed_auth_methods: Vec<String>,
    #[serde(default = "all_allowed")]
    pub email_jit_provisioning: String,
    #[serde(default)]
    pub members: Vec<SeedMember>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedMember {
    pub member_id: String,
    pub email_address: String,
    #[serde(default)]
    pub name: String,
    pub password: Option<String>,
    #[serde(default)]
    pub mfa_enrolled: bool,
    #[serde(default)]
    pub mfa_phone_number: String,
    #[serde(default)]
    pub mfa_phone_number_verified: bool,
    #[serde(default)]
    pub default_mfa_method: String,
    pub totp: Option<SeedTotp>,
    #[serde(default)]
    pub recovery_codes: Vec<String>,
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
        if !(1..=1440).contains(&self.project.sms_otp_expiration_minutes) {
            return Err("seed: project.sms_otp_expiration_minutes must be from 1 to 1440".into());
        }
        for org in &self.organizations {
            if !matches!(org.mfa_policy.as_str(), "OPTIONAL" | "REQUIRED_FOR_ALL") {
                return Err(format!("seed: {}: bad mfa_policy", org.organization_id));
            }
            if !matches!(org.mfa_methods.as_str(), "ALL_ALLOWED" | "RESTRICTED") {
                return Err(format!("seed: {}: bad mfa_methods", org.organization_id));
            }
            for m in &org.members {
                if let Some(t) = &m.totp {
                    if data_encoding::BASE32_NOPAD.decode(t.secret.as_bytes()).is_err() {
                        return Err(format!("seed: {}: totp secret is not base32", m.member_id));
                    }
                }
            }
        }
        Ok(())
    }

    /// Builds the starting world. Passwords are hashed here, once per seed load.
    pub fn to_world(&self, now: i64) -> World {
        let mut organizations = BTreeMap::new();
        let mut members = BTreeMap::new();
        for o in &self.organizations {
            organizations.insert(
                o.organization_id.clone(),
                Organization {
                    organization_id: o.organization_id.clone(),
                    organization_name: o.organization_name.clone(),
                    organization_slug: o.organization_slug.clone(),
                    mfa_policy: o.mfa_policy.clone(),
                    mfa_methods: o.mfa_methods.clone(),
                    allowed_mfa_methods: o.allowed_mfa_methods.clone(),
                    auth_methods: o.auth_methods.clone(),
                    allowed_auth_methods: o.allowed_auth_methods.clone(),
                    email_jit_provisioning: o.email_jit_provisioning.clone(),
                    created_at: now,
                    updated_at: now,
                },
            );
            for m in &o.members {
                members.insert(
                    m.member_id.clone(),
                    Member {
                        member_id: m.member_id.clone(),
                        organization_id: o.organization_id.clone(),
                        email_address: m.email_address.clone(),
                        email_id: new_id("email"),
                        email_address_verified: true,
                        name: m.name.clone(),
                        status: "active".into(),
                        password_hash: m.password.as_deref().map(hash_password),
                        member_password_id: if m.password.is_some() {
                            new_id("member-password")
                        } else {
                            String::new()
                        },
                        mfa_enrolled: m.mfa_enrolled,
                        mfa_phone_number: m.mfa_phone_number.clone(),
                        mfa_phone_number_verified: m.mfa_phone_number_verified,
                        phone_id: if m.mfa_phone_number.is_empty() {
                            String::new()
                        } else {
                            new_id("phone-number")
                        },
                        default_mfa_method: m.default_mfa_method.clone(),
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
                    },
                );
            }
        }
        World {
            project: Project {
                project_id: self.project.project_id.clone(),
                public_token: self.project.public_token.clone(),
                name: self.project.name.clone(),
                sms_otp_expiration_minutes: self.project.sms_otp_expiration_minutes,
                limits: self.project.limits.clone(),
            },
            organizations,
            members,
            intermediate_sessions: HashMap::new(),
            member_sessions: HashMap::new(),
            sms_otps: HashMap::new(),
            magic_links: HashMap::new(),
            outbox: Default::default(),
            sms_sends: HashMap::new(),
            next_message_id: 0,
            clock_offset_seconds: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_seed_parses_and_covers_the_documented_cases() {
        let seed = Seed::parse(DEFAULT_SEED).unwrap();
        assert_eq!(seed.project.public_token, "public-token-test-00000000-0000-4000-8000-000000000000");
        let policies: Vec<_> = seed.organizations.iter().map(|o| o.mfa_policy.as_str()).collect();
        assert!(policies.contains(&"REQUIRED_FOR_ALL"));
        assert!(policies.contains(&"OPTIONAL"));
        assert!(seed.organizations.iter().any(|o| o.mfa_methods == "RESTRICTED"
            && o.allowed_mfa_methods == vec!["totp".to_string()]));
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
