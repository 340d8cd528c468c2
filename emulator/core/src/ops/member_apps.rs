//! The Connected Apps members authorized (#24): a client is installed for a member once the
//! member granted it scopes on a consent page, until revoked. The member sees and revokes
//! their own (`stytch.self`), an admin an organization's members' (`stytch.member`), and the
//! organization lists the apps any member installed; the backend API has the same.

use stytch_b2b_protocol::connected_apps::{
    ActiveMember, MemberConnectedApp, MemberConnectedAppsResponse, OrganizationConnectedApp, OrganizationConnectedAppResponse,
    OrganizationConnectedAppsResponse,
};

use crate::connected_apps::{client_not_found, Client};
use crate::env::Env;
use crate::error::ApiResult;
use crate::extract::Caller;
use crate::model::World;
use crate::ops::members::Scope;
use crate::rbac_policy::{MEMBER, SELF};
use crate::render::Object;

const GET: &str = "get.connected-apps";
const REVOKE: &str = "revoke.connected-app";

/// The client and scopes of each grant the member gave (to a client that still exists).
fn grants_of<'w>(w: &'w World, member_id: &'w str) -> impl Iterator<Item = (&'w Client, &'w Vec<String>)> + 'w {
    w.connected_apps
        .grants()
        .filter(move |(m, _, _)| *m == member_id)
        .filter_map(|(_, c, scopes)| Some((w.connected_apps.clients.get(c)?, scopes)))
}

fn member_app(c: &Client, scopes: &[String]) -> MemberConnectedApp {
    MemberConnectedApp {
        connected_app_id: c.app.client_id.clone(),
        name: c.app.client_name.clone(),
        description: c.app.client_description.clone(),
        client_type: c.app.client_type.clone(),
        logo_url: c.app.logo_url.clone(),
        scopes_granted: scopes.join(" "),
    }
}

fn organization_app(c: &Client) -> OrganizationConnectedApp {
    OrganizationConnectedApp {
        connected_app_id: c.app.client_id.clone(),
        name: c.app.client_name.clone(),
        description: c.app.client_description.clone(),
        client_type: c.app.client_type.clone(),
        logo_url: c.app.logo_url.clone(),
    }
}

fn list_of(w: &World, member_id: &str) -> MemberConnectedAppsResponse {
    let mut apps: Vec<MemberConnectedApp> = grants_of(w, member_id).map(|(c, s)| member_app(c, s)).collect();
    apps.sort_by(|a, b| a.connected_app_id.cmp(&b.connected_app_id));
    MemberConnectedAppsResponse { connected_apps: apps }
}

/// Ends the member's grant to the client: its consent, codes and refresh tokens.
fn revoke(w: &mut World, member_id: &str, client_id: &str) -> ApiResult<Object> {
    w.connected_apps.client(client_id)?;
    w.connected_apps.revoke_grant(member_id, client_id);
    Ok(Object::new())
}

/// `self.getConnectedApps`.
pub fn own(w: &mut World, env: &Env, caller: &Caller) -> ApiResult<MemberConnectedAppsResponse> {
    let scope = Scope::reading(w, env, caller)?;
    scope.authorize(w, SELF, &[GET], None)?;
    Ok(list_of(w, scope.actor()?))
}

/// `self.revokeConnectedApp`.
pub fn revoke_own(w: &mut World, env: &Env, caller: &Caller, connected_app_id: String) -> ApiResult<Object> {
    let scope = Scope::reading(w, env, caller)?;
    scope.authorize(w, SELF, &[REVOKE], None)?;
    let member_id = scope.actor()?.to_string();
    revoke(w, &member_id, &connected_app_id)
}

/// `organization.members.getConnectedApps` (SDK: the session's organization; backend: the path's).
pub fn of_member(
    w: &mut World,
    env: &Env,
    caller: &Caller,
    organization_id: Option<String>,
    member_id: String,
) -> ApiResult<MemberConnectedAppsResponse> {
    let scope = scope_of(w, env, caller, organization_id)?;
    scope.live_member(w, &member_id)?;
    scope.authorize(w, MEMBER, &[GET], Some(&member_id))?;
    Ok(list_of(w, &member_id))
}

/// `organization.members.revokeConnectedApp`.
pub fn revoke_for_member(
    w: &mut World,
    env: &Env,
    caller: &Caller,
    organization_id: Option<String>,
    member_id: String,
    connected_app_id: String,
) -> ApiResult<Object> {
    let scope = scope_of(w, env, caller, organization_id)?;
    scope.live_member(w, &member_id)?;
    scope.authorize(w, MEMBER, &[REVOKE], Some(&member_id))?;
    revoke(w, &member_id, &connected_app_id)
}

/// `organization.getConnectedApps`: every app a member of the organization authorized.
pub fn of_organization(
    w: &mut World,
    env: &Env,
    caller: &Caller,
    organization_id: Option<String>,
) -> ApiResult<OrganizationConnectedAppsResponse> {
    let scope = scope_of(w, env, caller, organization_id)?;
    let mut apps: Vec<OrganizationConnectedApp> = installed_in(w, &scope.organization_id).map(|(c, _)| organization_app(c)).collect();
    apps.sort_by(|a, b| a.connected_app_id.cmp(&b.connected_app_id));
    apps.dedup_by(|a, b| a.connected_app_id == b.connected_app_id);
    Ok(OrganizationConnectedAppsResponse { connected_apps: apps })
}

/// `organization.getConnectedApp`: the app and the organization's members who authorized it.
pub fn one_of_organization(
    w: &mut World,
    env: &Env,
    caller: &Caller,
    organization_id: Option<String>,
    connected_app_id: String,
) -> ApiResult<OrganizationConnectedAppResponse> {
    let scope = scope_of(w, env, caller, organization_id)?;
    let client = w.connected_apps.clients.get(&connected_app_id).ok_or_else(client_not_found)?;
    let mut active_members: Vec<ActiveMember> = installed_in(w, &scope.organization_id)
        .filter(|(c, _)| c.app.client_id == connected_app_id)
        .map(|(_, (member_id, scopes))| ActiveMember { member_id: member_id.to_string(), granted_scopes: scopes.clone() })
        .collect();
    active_members.sort_by(|a, b| a.member_id.cmp(&b.member_id));
    Ok(OrganizationConnectedAppResponse { app: organization_app(client), active_members })
}

/// Each grant of a live member of the organization: the client, the member and the scopes.
fn installed_in<'w>(w: &'w World, organization_id: &'w str) -> impl Iterator<Item = (&'w Client, (&'w str, &'w Vec<String>))> + 'w {
    let live = move |m: &str| {
        w.members
            .get(m)
            .is_some_and(|member| member.organization_id == organization_id && member.status != stytch_b2b_protocol::MemberStatus::Deleted)
    };
    w.connected_apps
        .grants()
        .filter(move |(m, _, _)| live(m))
        .filter_map(|(m, c, scopes)| Some((w.connected_apps.clients.get(c)?, (m, scopes))))
}

/// The SDK caller's organization (from the session), or the backend path's.
fn scope_of(w: &World, env: &Env, caller: &Caller, organization_id: Option<String>) -> ApiResult<Scope> {
    match organization_id {
        Some(org) => Scope::of_backend(w, env, caller, org),
        None => Scope::reading(w, env, caller),
    }
}
