//! SSO connections: the backend's `sso.getConnections` for any organization, the SDK's for the
//! caller's session's organization (RBAC is not modelled: any member session may read them).

use stytch_b2b_protocol::responses as pr;

use crate::env::Env;
use crate::error::{ApiError, ApiResult};
use crate::extract::{BodySession, Caller};
use crate::member_sessions::require_session;
use crate::model::{Organization, World};

/// An organization's connections, sorted by protocol. The emulator keeps no external
/// connections (another organization's connection shared with this one).
fn connections(org: &Organization) -> pr::SsoConnectionsResponse {
    let of = |protocol: &str| -> Vec<pr::SsoConnection> {
        org.sso_connections
            .iter()
            .filter(|c| c.protocol == protocol)
            .map(|c| pr::SsoConnection {
                organization_id: org.organization_id.clone(),
                connection_id: c.connection_id.clone(),
                display_name: c.display_name.clone(),
                status: "active".into(),
            })
            .collect()
    };
    pr::SsoConnectionsResponse {
        saml_connections: of("saml"),
        oidc_connections: of("oidc"),
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
