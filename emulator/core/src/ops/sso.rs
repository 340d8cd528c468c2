//! SSO connections: the backend's `sso.getConnections` for any organization, the SDK's for the
//! caller's session's organization (needs `get` on `stytch.sso`, which `stytch_admin` has);
//! their management is `ops::sso_connections`.

use stytch_b2b_protocol::responses as pr;

use crate::checks::check_email;
use crate::env::Env;
use crate::error::{ApiError, ApiResult};
use crate::extract::{BodySession, Caller};
use crate::member_sessions::require_session;
use crate::model::{Organization, World};
use crate::ops::sso_connections::list;
use stytch_b2b_protocol::MemberStatus;

/// Backend `sso.getConnections` (`GET /v1/b2b/sso/{organization_id}`).
pub fn backend_get(w: &mut World, _env: &Env, _caller: &Caller, organization_id: String) -> ApiResult<pr::SsoConnectionsResponse> {
    let org = w.organizations.get(&organization_id).ok_or_else(ApiError::organization_not_found)?;
    Ok(list(w, org))
}

/// SDK `sso.getConnections` (`GET /sdk/v1/b2b/sso`): the connections of the session's organization.
pub fn get(w: &mut World, env: &Env, caller: &Caller) -> ApiResult<pr::SsoConnectionsResponse> {
    crate::ops::members::check_member_actions_enabled(w)?;
    let session = caller.session_token(w, env.keys, &BodySession::default())?;
    let token = require_session(w, session.as_deref())?;
    let s = &w.member_sessions[&token];
    // Reading the connections needs `get` on `stytch.sso` (Stytch's default: `stytch_admin` only).
    crate::rbac::authorize(w, &w.members[&s.member_id], crate::rbac::SSO, "get", false)?;
    Ok(list(w, &w.organizations[&s.organization_id]))
}

#[derive(serde::Deserialize)]
pub struct DiscoverQuery {
    #[serde(default)]
    email_address: String,
}

/// SDK `sso.discoverConnections` (#22 flows): the SSO connections an email may sign in with,
/// those of the organizations it is a member of (not deleted) or may join by its domain.
pub fn discover(w: &mut World, _env: &Env, _caller: &Caller, q: DiscoverQuery) -> ApiResult<pr::SsoDiscoverConnectionsResponse> {
    check_email(&q.email_address)?;
    let member =
        |o: &Organization| w.member_by_email(&o.organization_id, &q.email_address).is_some_and(|m| m.status != MemberStatus::Deleted);
    let connections: Vec<_> = w
        .organizations
        .values()
        .filter(|o| member(o) || crate::jit::joins_by_domain(o, &q.email_address))
        .flat_map(|o| crate::render::organization(o).sso_active_connections)
        .collect();
    Ok(pr::SsoDiscoverConnectionsResponse { connections, ..Default::default() })
}
