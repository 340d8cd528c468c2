//! SSO connections: the backend's `sso.getConnections` for any organization, the SDK's for the
//! caller's session's organization (RBAC is not modelled: any member session may read them).

use stytch_b2b_protocol::responses as pr;

use crate::env::Env;
use crate::error::{ApiError, ApiResult};
use crate::extract::{BodySession, Caller};
use crate::member_sessions::require_session;
use crate::model::{Organization, World};

/// How Stytch names an identity provider it has no particular handling for.
const GENERIC_PROVIDER: &str = "generic";
/// Stytch's default NameID format for a SAML connection.
const EMAIL_NAMEID_FORMAT: &str = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
/// Every emulated connection can be used at once.
const ACTIVE: &str = "active";

/// An organization's connections, sorted by protocol. The emulator keeps no external
/// connections (another organization's connection shared with this one).
fn connections(org: &Organization) -> pr::SsoConnectionsResponse {
    let of = |protocol: &'static str| org.sso_connections.iter().filter(move |c| c.protocol == protocol);
    let organization_id = || org.organization_id.clone();
    pr::SsoConnectionsResponse {
        saml_connections: of("saml")
            .map(|c| pr::SamlConnection {
                organization_id: organization_id(),
                connection_id: c.connection_id.clone(),
                status: ACTIVE.into(),
                display_name: c.display_name.clone(),
                identity_provider: GENERIC_PROVIDER.into(),
                nameid_format: EMAIL_NAMEID_FORMAT.into(),
                ..Default::default()
            })
            .collect(),
        oidc_connections: of("oidc")
            .map(|c| pr::OidcConnection {
                organization_id: organization_id(),
                connection_id: c.connection_id.clone(),
                status: ACTIVE.into(),
                display_name: c.display_name.clone(),
                identity_provider: GENERIC_PROVIDER.into(),
                ..Default::default()
            })
            .collect(),
        external_connections: Vec::new(),
        ..Default::default()
    }
}

/// Backend `sso.getConnections` (`GET /v1/b2b/sso/{organization_id}`).
pub fn backend_get(w: &mut World, _env: &Env, _caller: &Caller, organization_id: String) -> ApiResult<pr::SsoConnectionsResponse> {
    let org = w.organizations.get(&organization_id).ok_or_else(ApiError::organization_not_found)?;
    Ok(connections(org))
}

/// SDK `sso.getConnections` (`GET /sdk/v1/b2b/sso`): the connections of the session's organization.
pub fn get(w: &mut World, env: &Env, caller: &Caller) -> ApiResult<pr::SsoConnectionsResponse> {
    let session = caller.session_token(w, env.keys, &BodySession::default())?;
    let token = require_session(w, session.as_deref())?;
    let organization_id = &w.member_sessions[&token].organization_id;
    Ok(connections(&w.organizations[organization_id]))
}
