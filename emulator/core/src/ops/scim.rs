//! SCIM connection management (scim24): `scim.*` on the SDK API for the session's
//! organization (checked against the member's roles on `stytch.scim`, as Stytch's RBAC
//! does) and `scim.connection.*` on the backend API for the path's organization (with a
//! member-session header, under that member's roles too). One connection per organization;
//! its bearer token is answered once, on creation (and the next one when a rotation
//! starts); the SCIM 2.0 service it opens is `ops::scim_service`.

use stytch_b2b_protocol::scim::{
    self as ps, ScimConnectionGroupsResponse, ScimConnectionResponse, ScimCreateConnectionOptions, ScimDeleteConnectionResponse,
    ScimGetConnectionGroupsOptions, ScimUpdateConnectionOptions,
};

use crate::env::Env;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::limits::MAX_SCIM_TEXT_CHARS;
use crate::model::{Organization, World};
use crate::ops::members::Scope;
use crate::rbac::{ORGANIZATION, SCIM};
use crate::scim::{BearerToken, GroupRole, ScimConnection};
use crate::text::rfc3339;

/// The identity providers Stytch knows (`invalid_scim_idp` otherwise); `generic` when none is named.
const IDENTITY_PROVIDERS: &[&str] =
    &["generic", "okta", "microsoft-entra", "cyberark", "jumpcloud", "onelogin", "pingfederate", "rippling"];

/// Which of the connection's tokens an answer shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shown {
    /// Only the last four characters (every call but these two).
    LastFour,
    /// The new token itself (`createConnection`, the only time it is shown).
    NewToken,
    /// The next token itself (`rotateStart`).
    NextToken,
}

/// The connection as Stytch's object, its base URL under `origin` (the emulator's address as
/// the caller reached it).
fn render(org: &Organization, c: &ScimConnection, origin: &str, shown: Shown) -> ps::ScimConnection {
    // Stytch appends Entra's SCIM 2.0 compliance flag for that provider.
    let flag = if c.identity_provider == "microsoft-entra" { "?aadOptscim062020" } else { "" };
    let next = c.next_bearer.as_ref();
    ps::ScimConnection {
        organization_id: org.organization_id.clone(),
        connection_id: c.connection_id.clone(),
        status: "active".into(),
        display_name: c.display_name.clone(),
        identity_provider: c.identity_provider.clone(),
        base_url: format!("{origin}{}{}{flag}", crate::scim::SERVICE_PREFIX, c.connection_id),
        scim_group_implicit_role_assignments: c
            .group_roles
            .iter()
            .map(|r| ps::ScimGroupRoleAssignment {
                role_id: r.role_id.clone(),
                group_id: r.group_id.clone(),
                group_name: c.group(&r.group_id).map(|g| g.display_name.clone()).unwrap_or_default(),
            })
            .collect(),
        bearer_token: (shown == Shown::NewToken).then(|| c.bearer.token.clone()),
        bearer_token_last_four: (shown != Shown::NewToken).then(|| c.bearer.last_four()),
        bearer_token_expires_at: rfc3339(c.bearer.expires_at),
        next_bearer_token: next.filter(|_| shown == Shown::NextToken).map(|n| n.token.clone()),
        next_bearer_token_last_four: (shown == Shown::LastFour).then(|| next.map(BearerToken::last_four).unwrap_or_default()),
        next_bearer_token_expires_at: next.map(|n| rfc3339(n.expires_at)),
    }
}

fn answer(w: &World, scope: &Scope, origin: &str, shown: Shown) -> ScimConnectionResponse {
    let org = &w.organizations[&scope.organization_id];
    ScimConnectionResponse { connection: org.scim_connection.as_ref().map(|c| render(org, c, origin, shown)), ..Default::default() }
}

fn no_connection() -> ApiError {
    ApiError::new(404, ErrorType::NoActiveScimConnection, "The organization has no SCIM connection with this id.")
}

/// The organization's connection, which must be `connection_id`.
fn connection<'w>(w: &'w World, scope: &Scope, connection_id: &str) -> ApiResult<&'w ScimConnection> {
    crate::checks::require("connection_id", connection_id)?;
    w.organizations[&scope.organization_id].scim_connection.as_ref().filter(|c| c.connection_id == connection_id).ok_or_else(no_connection)
}

fn connection_mut<'w>(w: &'w mut World, scope: &Scope) -> &'w mut ScimConnection {
    w.organizations.get_mut(&scope.organization_id).and_then(|o| o.scim_connection.as_mut()).expect("connection checked before")
}

fn check_text(field: &str, value: Option<&String>) -> ApiResult<()> {
    match value {
        Some(v) if v.chars().count() > MAX_SCIM_TEXT_CHARS => {
            Err(ApiError::bad_request(format!("{field}: at most {MAX_SCIM_TEXT_CHARS} characters")))
        }
        _ => Ok(()),
    }
}

fn check_identity_provider(idp: Option<&String>) -> ApiResult<()> {
    match idp {
        Some(p) if !IDENTITY_PROVIDERS.contains(&p.as_str()) => Err(ApiError::new(
            400,
            ErrorType::InvalidScimIdp,
            format!("identity_provider: must be one of {}", IDENTITY_PROVIDERS.join(", ")),
        )),
        _ => Ok(()),
    }
}

fn new_token(env: &Env) -> BearerToken {
    BearerToken { token: env.generate.secret(), expires_at: env.now.saturating_add(env.limits.scim_bearer_token_seconds) }
}

/// `scim.createConnection`: the organization's one connection, answered with its bearer
/// token (never shown again).
pub fn create(w: &mut World, env: &Env, scope: Scope, origin: &str, req: ScimCreateConnectionOptions) -> ApiResult<ScimConnectionResponse> {
    check_text("display_name", req.display_name.as_ref())?;
    check_identity_provider(req.identity_provider.as_ref())?;
    scope.authorize(w, SCIM, &["create"], None)?;
    if w.organizations[&scope.organization_id].scim_connection.is_some() {
        return Err(ApiError::new(
            400,
            ErrorType::ActiveScimConnectionExists,
            "The organization already has a SCIM connection; delete it before creating another.",
        ));
    }
    let connection = ScimConnection {
        connection_id: env.generate.id("scim-connection"),
        display_name: req.display_name.unwrap_or_default(),
        identity_provider: req.identity_provider.unwrap_or_else(|| IDENTITY_PROVIDERS[0].into()),
        bearer: new_token(env),
        next_bearer: None,
        group_roles: Vec::new(),
        groups: Vec::new(),
        created_at: env.now,
    };
    w.organizations.get_mut(&scope.organization_id).expect("scope checked").scim_connection = Some(connection);
    Ok(answer(w, &scope, origin, Shown::NewToken))
}

/// `scim.updateConnection`: the name, the provider, and the roles of its groups (which need
/// `update.settings.implicit-roles` on `stytch.organization`, as Stytch documents).
pub fn update(
    w: &mut World,
    _env: &Env,
    scope: Scope,
    origin: &str,
    req: ScimUpdateConnectionOptions,
) -> ApiResult<ScimConnectionResponse> {
    check_text("display_name", req.display_name.as_ref())?;
    check_identity_provider(req.identity_provider.as_ref())?;
    let c = connection(w, &scope, &req.connection_id)?;
    let assignments = match &req.scim_group_implicit_role_assignments {
        None => None,
        Some(list) => Some(check_assignments(w, c, list)?),
    };
    if req.display_name.is_some() || req.identity_provider.is_some() {
        scope.authorize(w, SCIM, &["update"], None)?;
    }
    if assignments.is_some() {
        scope.authorize(w, ORGANIZATION, &["update.settings.implicit-roles"], None)?;
    }
    let c = connection_mut(w, &scope);
    crate::ops::organizations::set(&mut c.display_name, req.display_name);
    crate::ops::organizations::set(&mut c.identity_provider, req.identity_provider);
    crate::ops::organizations::set(&mut c.group_roles, assignments);
    Ok(answer(w, &scope, origin, Shown::LastFour))
}

/// Each assignment names a group of the connection and a role of the project's policy.
fn check_assignments(w: &World, c: &ScimConnection, list: &[ps::ScimGroupRoleAssignment]) -> ApiResult<Vec<GroupRole>> {
    let mut out = Vec::new();
    for a in list {
        if c.group(&a.group_id).is_none() {
            return Err(ApiError::new(
                400,
                ErrorType::ScimGroupRoleAssignmentGroupDoesNotExist,
                format!("scim_group_implicit_role_assignments: the connection has no group {:?}", a.group_id),
            ));
        }
        if !w.project.rbac_policy.has_role(&a.role_id) {
            return Err(ApiError::bad_request(format!(
                "scim_group_implicit_role_assignments: role {:?} is not in the project's RBAC policy",
                a.role_id
            )));
        }
        let role = GroupRole { group_id: a.group_id.clone(), role_id: a.role_id.clone() };
        if !out.contains(&role) {
            out.push(role);
        }
    }
    Ok(out)
}

/// `scim.deleteConnection`: the connection, its groups and tokens go; the members it
/// provisioned stay, without their SCIM registration.
pub fn delete(w: &mut World, _env: &Env, scope: Scope, connection_id: String) -> ApiResult<ScimDeleteConnectionResponse> {
    connection(w, &scope, &connection_id)?;
    scope.authorize(w, SCIM, &["delete"], None)?;
    w.organizations.get_mut(&scope.organization_id).expect("scope checked").scim_connection = None;
    for m in w.members.values_mut() {
        if m.scim_registration.as_ref().is_some_and(|r| r.connection_id == connection_id) {
            m.scim_registration = None;
        }
    }
    Ok(ScimDeleteConnectionResponse { connection_id, ..Default::default() })
}

/// `scim.getConnection`: the organization's connection, if it has one.
pub fn get(w: &mut World, _env: &Env, scope: Scope, origin: &str) -> ApiResult<ScimConnectionResponse> {
    scope.authorize(w, SCIM, &["get"], None)?;
    Ok(answer(w, &scope, origin, Shown::LastFour))
}

/// `scim.getConnectionGroups`: a page of the groups, in the order they were provisioned;
/// the cursor is the next page's first group id. The SDK names no connection (the
/// organization's); the backend names it in the path.
pub fn groups(
    w: &mut World,
    env: &Env,
    scope: Scope,
    connection_id: Option<String>,
    req: ScimGetConnectionGroupsOptions,
) -> ApiResult<ScimConnectionGroupsResponse> {
    let (default, max) = (env.limits.scim_groups_page_default, env.limits.scim_groups_page_max);
    let limit = req.limit.map_or(default, |l| l as usize);
    if !(1..=max).contains(&limit) {
        return Err(ApiError::bad_request(format!("limit: must be 1 to {max}")));
    }
    let c = match &connection_id {
        Some(id) => connection(w, &scope, id)?,
        None => w.organizations[&scope.organization_id].scim_connection.as_ref().ok_or_else(no_connection)?,
    };
    let start = match req.cursor.as_deref().filter(|c| !c.is_empty()) {
        None => 0,
        Some(cursor) => c
            .groups
            .iter()
            .position(|g| g.group_id == cursor)
            .ok_or_else(|| ApiError::new(400, ErrorType::InvalidSearchCursor, "cursor: not a cursor of this connection's groups"))?,
    };
    scope.authorize(w, SCIM, &["get"], None)?;
    let scim_groups = c
        .groups
        .iter()
        .skip(start)
        .take(limit)
        .map(|g| ps::ScimGroup {
            organization_id: scope.organization_id.clone(),
            connection_id: c.connection_id.clone(),
            group_id: g.group_id.clone(),
            group_name: g.display_name.clone(),
        })
        .collect();
    let next_cursor = c.groups.get(start + limit).map(|g| g.group_id.clone());
    Ok(ScimConnectionGroupsResponse { scim_groups, next_cursor, ..Default::default() })
}

/// A token rotation step.
#[derive(Clone, Copy)]
pub enum Rotation {
    /// A next token, valid beside the current one (a rotation already started gets a new one).
    Start,
    /// The next token replaces the current one, which stops working.
    Complete,
    /// The next token is dropped; the current one stays.
    Cancel,
}

/// `scim.rotateStart` / `rotateComplete` / `rotateCancel` (`update` on `stytch.scim`).
pub fn rotate(
    w: &mut World,
    env: &Env,
    scope: Scope,
    origin: &str,
    connection_id: String,
    step: Rotation,
) -> ApiResult<ScimConnectionResponse> {
    let c = connection(w, &scope, &connection_id)?;
    let rotating = c.next_bearer.is_some();
    scope.authorize(w, SCIM, &["update"], None)?;
    if !rotating && !matches!(step, Rotation::Start) {
        return Err(ApiError::new(
            400,
            ErrorType::ScimConnectionNotRotatingToken,
            "The SCIM connection has no token rotation in progress.",
        ));
    }
    let next = matches!(step, Rotation::Start).then(|| new_token(env));
    let c = connection_mut(w, &scope);
    match step {
        Rotation::Start => c.next_bearer = next,
        Rotation::Complete => c.bearer = c.next_bearer.take().expect("rotation checked"),
        Rotation::Cancel => c.next_bearer = None,
    }
    let shown = if matches!(step, Rotation::Start) { Shown::NextToken } else { Shown::LastFour };
    Ok(answer(w, &scope, origin, shown))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::testing::assert_refusals_change_nothing;
    use crate::seed::{Seed, DEFAULT_SEED};

    /// The seed's organization with roles (Soylent), which has no SCIM connection.
    fn soylent() -> String {
        let world = Seed::parse(DEFAULT_SEED).unwrap().to_world(0);
        world.organizations.values().find(|o| o.organization_slug == "soylent").unwrap().organization_id.clone()
    }

    /// Validate before mutate: a refused create or rotation leaves the world as it was and
    /// draws no id or token.
    #[test]
    fn refusals_change_nothing_and_draw_no_token() {
        let org = soylent();
        let long = "x".repeat(MAX_SCIM_TEXT_CHARS + 1);
        assert_refusals_change_nothing(
            |w, env, caller, req| create(w, env, Scope::of_backend(w, env, caller, org.clone())?, "http://localhost", req),
            [
                (
                    ScimCreateConnectionOptions { identity_provider: Some("myspace".into()), ..Default::default() },
                    ErrorType::InvalidScimIdp,
                ),
                (ScimCreateConnectionOptions { display_name: Some(long), ..Default::default() }, ErrorType::BadRequest),
            ],
        );
        assert_refusals_change_nothing(
            |w, env, caller, id| rotate(w, env, Scope::of_backend(w, env, caller, org.clone())?, "http://localhost", id, Rotation::Start),
            [("scim-connection-test-nope".to_string(), ErrorType::NoActiveScimConnection), (String::new(), ErrorType::BadRequest)],
        );
    }
}
