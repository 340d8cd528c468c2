//! Connected Apps (#24): the project as an OAuth 2.0 / OpenID Connect authorization server.
//! What it keeps: the clients (their secrets only as hashes), the authorization codes an
//! app's consent page asked for, the refresh tokens, the consents members gave, and the
//! access tokens revoked before their expiry (access tokens are JWTs, checked by signature).
//! The operations are `ops::connected_apps` (client management) and `ops::oauth_server`.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use stytch_b2b_protocol::connected_apps::ConnectedApp;

use crate::error::{ApiError, ApiResult, ErrorType};

/// The scopes the authorization server grants, and what a consent page says of each.
pub const SCOPES: &[(&str, &str)] = &[
    ("openid", "Confirm your identity"),
    ("profile", "See your name"),
    ("email", "See your email address"),
    ("phone", "See your phone number"),
    ("offline_access", "Stay signed in (a refresh token)"),
    ("full_access", "Act as you in the app (the token can become a session)"),
];

/// Client types: a confidential client has a secret; a public one proves itself with PKCE.
pub const CLIENT_TYPES: &[&str] = &["first_party", "first_party_public", "third_party", "third_party_public"];

/// Everything the authorization server keeps.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ConnectedApps {
    /// By `client_id`.
    pub clients: BTreeMap<String, Client>,
    /// Authorization codes by code: single use, spent by a token request that succeeds.
    pub codes: HashMap<String, Code>,
    /// Refresh tokens by token.
    pub refresh_tokens: HashMap<String, Grant>,
    /// Access tokens (`jti`) revoked before their expiry, to that expiry.
    pub revoked_access_tokens: HashMap<String, i64>,
    /// Scopes a member granted a client, keyed by `consent_key`: asked again only for more.
    pub consents: HashMap<String, Vec<String>>,
    /// The app's own authorization page, which the discovery document names (on Stytch, set
    /// in the dashboard; here the control API and the console); `DEFAULT_AUTHORIZATION_URL`
    /// until set.
    pub authorization_url: Option<String>,
    /// oauth24: the access-token template (`claim_templates`) a client made by dynamic
    /// registration starts with (Stytch's project setting of that name).
    pub dynamic_client_registration_access_token_template_content: String,
    /// The creation number of the next client: search lists clients in creation order.
    pub next_client_number: u64,
}

/// Where the discovery document sends a client to sign in, until the project sets its page.
pub const DEFAULT_AUTHORIZATION_URL: &str = "http://localhost:3000/oauth/authorize";

/// A client, as the backend API shows it (without secrets), and the hashes of its secrets.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Client {
    pub app: ConnectedApp,
    pub secret_hash: Option<String>,
    /// During a rotation: the next secret, valid alongside the current one until completed.
    pub next_secret_hash: Option<String>,
    /// The order of creation (see `ConnectedApps::next_client_number`).
    pub number: u64,
}

impl Client {
    /// Public clients have no secret and must use PKCE.
    pub fn is_public(&self) -> bool {
        self.app.client_type.ends_with("_public")
    }

    pub fn is_first_party(&self) -> bool {
        self.app.client_type.starts_with("first_party")
    }

    /// Whether `secret` is the client's secret (or, during a rotation, the next one).
    pub fn secret_matches(&self, secret: &str) -> bool {
        let given = hash_secret(secret);
        let same = |h: &Option<String>| h.as_deref().is_some_and(|h| constant_time_eq(h.as_bytes(), given.as_bytes()));
        same(&self.secret_hash) | same(&self.next_secret_hash)
    }
}

/// An authorization code: who consented to what, for which client and redirect.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Code {
    pub client_id: String,
    pub member_id: String,
    pub organization_id: String,
    pub scopes: Vec<String>,
    pub redirect_uri: String,
    /// S256 challenge, when the authorize request had one.
    pub code_challenge: Option<String>,
    pub nonce: Option<String>,
    pub expires_at: i64,
}

/// What a refresh token stands for.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Grant {
    pub client_id: String,
    pub member_id: String,
    pub organization_id: String,
    pub scopes: Vec<String>,
    pub expires_at: i64,
}

impl ConnectedApps {
    pub fn authorization_url(&self) -> &str {
        self.authorization_url.as_deref().unwrap_or(DEFAULT_AUTHORIZATION_URL)
    }

    pub fn client(&self, client_id: &str) -> ApiResult<&Client> {
        self.clients.get(client_id).ok_or_else(client_not_found)
    }

    pub fn client_mut(&mut self, client_id: &str) -> ApiResult<&mut Client> {
        self.clients.get_mut(client_id).ok_or_else(client_not_found)
    }

    /// Drops what expired.
    pub fn sweep(&mut self, now: i64) {
        self.codes.retain(|_, c| c.expires_at > now);
        self.refresh_tokens.retain(|_, g| g.expires_at > now);
        self.revoked_access_tokens.retain(|_, exp| *exp > now);
    }

    /// A member deleted or a client deleted: their grants end.
    pub fn forget(&mut self, member_id: Option<&str>, client_id: Option<&str>) {
        let gone = |m: &str, c: &str| member_id == Some(m) || client_id == Some(c);
        self.codes.retain(|_, x| !gone(&x.member_id, &x.client_id));
        self.refresh_tokens.retain(|_, x| !gone(&x.member_id, &x.client_id));
        self.consents.retain(|k, _| {
            let (m, c) = split_consent_key(k);
            !gone(m, c)
        });
    }

    /// The scopes the member granted the client so far.
    pub fn consent(&self, member_id: &str, client_id: &str) -> Option<&Vec<String>> {
        self.consents.get(&consent_key(member_id, client_id))
    }

    /// The scopes the member granted the client, to add to.
    pub fn consent_mut(&mut self, member_id: &str, client_id: &str) -> &mut Vec<String> {
        self.consents.entry(consent_key(member_id, client_id)).or_default()
    }

    /// Ends the member's grant to the client: its consent, codes and refresh tokens.
    pub fn revoke_grant(&mut self, member_id: &str, client_id: &str) {
        self.consents.remove(&consent_key(member_id, client_id));
        self.codes.retain(|_, c| !(c.member_id == member_id && c.client_id == client_id));
        self.refresh_tokens.retain(|_, g| !(g.member_id == member_id && g.client_id == client_id));
    }

    /// Every consent: `(member_id, client_id, scopes)`.
    pub fn grants(&self) -> impl Iterator<Item = (&str, &str, &Vec<String>)> {
        self.consents.iter().map(|(key, scopes)| {
            let (m, c) = split_consent_key(key);
            (m, c, scopes)
        })
    }
}

/// The one key of a member's consent to a client (ids have no spaces).
fn consent_key(member_id: &str, client_id: &str) -> String {
    format!("{member_id} {client_id}")
}

fn split_consent_key(key: &str) -> (&str, &str) {
    key.split_once(' ').unwrap_or((key, ""))
}

/// Secrets are random and long, so one SHA-256 keeps them safe at rest (no password hash needed).
pub fn hash_secret(secret: &str) -> String {
    Sha256::digest(secret.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The last four characters of a secret, which the API shows in its place.
pub fn last_four(secret: &str) -> String {
    secret.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.ct_eq(b).into()
}

pub fn client_not_found() -> ApiError {
    ApiError::new(404, ErrorType::ConnectedAppNotFound, "No Connected App client has this client_id.")
}
