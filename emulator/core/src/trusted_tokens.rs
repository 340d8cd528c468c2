//! Trusted auth token profiles (rest22): how `sessions.attest` checks a JWT minted elsewhere
//! (the app's backend, another identity provider) before it becomes a member session. A
//! profile names the JWT's issuer and audience, the public keys it is signed with, and which
//! of its claims hold the member's email, the token's id and (optionally) the organization.
//! Set in the seed (`project.trusted_token_profiles`) or by the control API
//! (`PUT /_emulator/trusted_token_profiles`).
//!
//! Keys are Stytch's static PEM option, RSA (RS256): its JWKS-URL option would need the
//! emulator to fetch a URL, which its wasm build cannot.

use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The most PEM keys a profile holds (Stytch's limit).
pub const MAX_PEM_FILES: usize = 5;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub profile_id: String,
    #[serde(default)]
    pub name: String,
    /// The `aud` and `iss` a token must carry.
    pub audience: String,
    pub issuer: String,
    /// RSA public keys, PEM (`BEGIN PUBLIC KEY` or `BEGIN RSA PUBLIC KEY`): a token signed by
    /// any of them is accepted.
    pub pem_files: Vec<String>,
    pub attribute_mapping: AttributeMapping,
    /// Whether a token may create the member (Stytch's "Allow JIT Provisioning"); off, only
    /// an existing member can be attested.
    #[serde(default)]
    pub can_jit_provision: bool,
}

/// Which claim holds what (claim names).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributeMapping {
    pub email: String,
    pub token_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
}

/// What a verified token says.
pub struct Attested {
    pub email: String,
    pub token_id: String,
    pub organization_id: Option<String>,
    /// Its `exp`: the token id is spent until then.
    pub expires_at: i64,
}

impl Profile {
    fn keys(&self) -> Vec<DecodingKey> {
        self.pem_files.iter().filter_map(|pem| rsa_public_key(pem)).collect()
    }

    /// Refuses a profile that could never accept a token.
    pub fn validate(&self) -> Result<(), String> {
        let id = &self.profile_id;
        let blank = |s: &str| s.trim().is_empty();
        if blank(id) || blank(&self.audience) || blank(&self.issuer) {
            return Err(format!("trusted token profile {id:?}: profile_id, audience and issuer must not be empty"));
        }
        if blank(&self.attribute_mapping.email) || blank(&self.attribute_mapping.token_id) {
            return Err(format!("trusted token profile {id}: attribute_mapping needs email and token_id"));
        }
        if self.pem_files.is_empty() || self.pem_files.len() > MAX_PEM_FILES {
            return Err(format!("trusted token profile {id}: pem_files must hold 1 to {MAX_PEM_FILES} keys"));
        }
        if self.keys().len() != self.pem_files.len() {
            return Err(format!("trusted token profile {id}: every pem_files entry must be an RSA public key in PEM"));
        }
        Ok(())
    }

    /// The token's claims when one of the profile's keys signed it (RS256), its issuer and
    /// audience are the profile's, it has not expired at `now`, and the mapped email and token
    /// id are strings; `None` otherwise (the caller answers one error whatever failed).
    pub fn verify(&self, token: &str, now: i64) -> Option<Attested> {
        let mut v = Validation::new(Algorithm::RS256);
        v.set_audience(&[&self.audience]);
        v.set_issuer(&[&self.issuer]);
        // Expiry against the emulator's clock (which tests may advance), not the system's.
        v.validate_exp = false;
        let claims = self.keys().iter().find_map(|key| jsonwebtoken::decode::<Value>(token, key, &v).ok())?.claims;
        let expires_at = claims["exp"].as_i64().filter(|exp| *exp > now)?;
        let text = |claim: &str| claims.get(claim).and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_string);
        let m = &self.attribute_mapping;
        Some(Attested {
            email: text(&m.email)?,
            token_id: text(&m.token_id)?,
            organization_id: m.organization_id.as_deref().and_then(text),
            expires_at,
        })
    }
}

/// An RSA public key from PEM, SPKI (`BEGIN PUBLIC KEY`) or PKCS#1 (`BEGIN RSA PUBLIC KEY`).
fn rsa_public_key(pem: &str) -> Option<DecodingKey> {
    use rsa::pkcs1::DecodeRsaPublicKey;
    use rsa::pkcs8::DecodePublicKey;
    use rsa::traits::PublicKeyParts;
    let key = rsa::RsaPublicKey::from_public_key_pem(pem.trim()).or_else(|_| rsa::RsaPublicKey::from_pkcs1_pem(pem.trim())).ok()?;
    Some(DecodingKey::from_rsa_raw_components(&key.n().to_bytes_be(), &key.e().to_bytes_be()))
}

/// Refuses a list with a bad profile or an id twice.
pub fn validate_list(profiles: &[Profile]) -> Result<(), String> {
    let mut seen = std::collections::BTreeSet::new();
    for p in profiles {
        p.validate()?;
        if !seen.insert(p.profile_id.as_str()) {
            return Err(format!("trusted token profile {} is defined twice", p.profile_id));
        }
    }
    Ok(())
}
