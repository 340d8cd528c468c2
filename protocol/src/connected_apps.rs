//! Connected Apps (#24): the project as an OAuth 2.0 / OpenID Connect authorization server.
//! The backend API's client management (`/v1/connected_apps/clients`), the authorize calls an
//! app's own consent page makes (`/v1/b2b/idp/oauth/authorize/start` and `/authorize`), and
//! the standard endpoints a Connected App calls itself (`/v1/oauth2/token`, `userinfo`,
//! `introspect`, `revoke`, `register`, and the discovery documents). Requests are read as the
//! wire has them (required fields required); answers are written in full.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::objects::{Member, Organization};

/// A Connected App client (Stytch's `ConnectedApp`). The secrets appear once: `client_secret`
/// in the answer that created the client, `next_client_secret` in the one that started a
/// rotation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConnectedApp {
    pub client_id: String,
    pub client_name: String,
    pub client_description: String,
    /// `active`.
    pub status: String,
    pub full_access_allowed: bool,
    /// `first_party`, `first_party_public`, `third_party` or `third_party_public`.
    pub client_type: String,
    pub redirect_urls: Vec<String>,
    pub access_token_expiry_minutes: i64,
    pub access_token_template_content: String,
    pub post_logout_redirect_urls: Vec<String>,
    pub bypass_consent_for_offline_access: bool,
    /// `manual` (the backend API or the dashboard) or `dynamic` (dynamic client registration).
    pub creation_method: String,
    pub id_token_template_content: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret_last_four: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_client_secret_last_four: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token_custom_audience: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_client_secret: Option<String>,
}

/// What a member is shown of a client on a consent page (Stytch's `ConnectedAppPublic`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConnectedAppPublic {
    pub client_id: String,
    pub client_name: String,
    pub client_description: String,
    pub client_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
}

/// `POST /v1/connected_apps/clients`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ClientCreateRequest {
    pub client_type: String,
    #[serde(flatten)]
    pub settings: ClientSettings,
}

/// The settable fields of a client, on create and update (`None`: unchanged, or the default).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClientSettings {
    pub client_name: Option<String>,
    pub client_description: Option<String>,
    pub redirect_urls: Option<Vec<String>>,
    pub full_access_allowed: Option<bool>,
    pub access_token_expiry_minutes: Option<i64>,
    pub access_token_custom_audience: Option<String>,
    pub access_token_template_content: Option<String>,
    pub post_logout_redirect_urls: Option<Vec<String>>,
    pub logo_url: Option<String>,
    pub bypass_consent_for_offline_access: Option<bool>,
    pub id_token_template_content: Option<String>,
}

/// `POST /v1/connected_apps/clients/search`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClientSearchRequest {
    pub cursor: Option<String>,
    pub limit: Option<i64>,
}

/// The answers with one client.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClientResponse {
    pub connected_app: ConnectedApp,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClientDeleteResponse {
    pub client_id: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClientSearchResponse {
    pub connected_apps: Vec<ConnectedApp>,
    pub results_metadata: ResultsMetadata,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResultsMetadata {
    pub total: i64,
    /// `null` on the last page.
    pub next_cursor: Option<String>,
}

/// `POST /v1/b2b/idp/oauth/authorize/start` (and the SDK's `idp.oauthAuthorizeStart`): what
/// the consent page shows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AuthorizeStartRequest {
    pub client_id: String,
    pub redirect_uri: String,
    pub response_type: String,
    pub scopes: Vec<String>,
    #[serde(default)]
    pub organization_id: Option<String>,
    #[serde(default)]
    pub member_id: Option<String>,
    #[serde(default)]
    pub prompt: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuthorizeStartResponse {
    pub member_id: String,
    pub member: Member,
    pub organization: Organization,
    pub client: ConnectedAppPublic,
    pub consent_required: bool,
    pub scope_results: Vec<ScopeResult>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScopeResult {
    pub scope: String,
    pub description: String,
    pub is_grantable: bool,
}

/// `POST /v1/b2b/idp/oauth/authorize` (and the SDK's `idp.oauthAuthorizeSubmit`): the
/// member's answer, and the redirect back to the client with a code.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AuthorizeRequest {
    pub consent_granted: bool,
    pub scopes: Vec<String>,
    pub client_id: String,
    pub redirect_uri: String,
    pub response_type: String,
    #[serde(default)]
    pub organization_id: Option<String>,
    #[serde(default)]
    pub member_id: Option<String>,
    #[serde(default)]
    pub prompt: Option<String>,
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub nonce: Option<String>,
    #[serde(default)]
    pub code_challenge: Option<String>,
    #[serde(default)]
    pub resources: Option<Vec<String>>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuthorizeResponse {
    pub redirect_uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorization_code: Option<String>,
}

/// `POST /v1/oauth2/token` (JSON or a form): the code, refresh and their client.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TokenRequest {
    pub grant_type: String,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub code: Option<String>,
    pub redirect_uri: Option<String>,
    pub code_verifier: Option<String>,
    pub refresh_token: Option<String>,
    /// Space-separated, a refresh's narrowing of the granted scopes.
    pub scope: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TokenResponse {
    pub access_token: String,
    pub token_type: String,
    pub expires_in: i64,
    pub scope: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
}

/// `POST /v1/oauth2/introspect` and `/revoke` (RFC 7662, RFC 7009).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TokenOfClientRequest {
    pub token: String,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub token_type_hint: Option<String>,
}

/// RFC 7662's answer: `active` alone for a token that is not (or no longer) valid.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IntrospectResponse {
    pub active: bool,
    #[serde(flatten)]
    pub claims: serde_json::Map<String, Value>,
}

/// `POST /v1/oauth2/register` (RFC 7591 dynamic client registration).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RegisterRequest {
    pub redirect_uris: Vec<String>,
    pub client_name: Option<String>,
    pub token_endpoint_auth_method: Option<String>,
    pub grant_types: Option<Vec<String>>,
    pub response_types: Option<Vec<String>>,
    pub scope: Option<String>,
    pub logo_uri: Option<String>,
    pub client_uri: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RegisterResponse {
    pub client_id: String,
    pub client_name: String,
    pub redirect_uris: Vec<String>,
    pub token_endpoint_auth_method: String,
    pub grant_types: Vec<String>,
    pub response_types: Vec<String>,
    pub client_id_issued_at: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret_expires_at: Option<i64>,
}

/// A Connected App a member authorized (`self.getConnectedApps`,
/// `organization.members.getConnectedApps`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MemberConnectedApp {
    pub connected_app_id: String,
    pub name: String,
    pub description: String,
    pub client_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    /// Space-separated.
    pub scopes_granted: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MemberConnectedAppsResponse {
    pub connected_apps: Vec<MemberConnectedApp>,
}

/// A Connected App some member of the organization authorized (`organization.getConnectedApps`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrganizationConnectedApp {
    pub connected_app_id: String,
    pub name: String,
    pub description: String,
    pub client_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrganizationConnectedAppsResponse {
    pub connected_apps: Vec<OrganizationConnectedApp>,
}

/// `organization.getConnectedApp`: the app, and the members who authorized it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrganizationConnectedAppResponse {
    #[serde(flatten)]
    pub app: OrganizationConnectedApp,
    pub active_members: Vec<ActiveMember>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActiveMember {
    pub member_id: String,
    pub granted_scopes: Vec<String>,
}

/// `idp.oauthLogoutStart`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LogoutStartRequest {
    pub client_id: String,
    pub post_logout_redirect_uri: String,
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub id_token_hint: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LogoutStartResponse {
    pub redirect_uri: String,
    pub consent_required: bool,
}

/// oauth24: the project's Connected Apps settings, on the control API
/// (`/_emulator/connected_apps`) and the console; Stytch's dashboard (and its management
/// API) names them so. On a change, a field left out stays as it is.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ConnectedAppsSettings {
    /// The app's authorization page, which the discovery documents name as the
    /// `authorization_endpoint`; an empty one on a change goes back to the default.
    pub idp_authorization_url: Option<String>,
    /// The access-token template a client made by dynamic client registration starts with.
    pub idp_dynamic_client_registration_access_token_template_content: Option<String>,
}
