//! The control API under `/_emulator/` (for tests and humans); `middleware` serves it on
//! API traffic (the request log, fault injection) and saves the state file after changes.

pub mod middleware;

use axum::{
    body::Bytes,
    extract::{Path, Query, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    routing::{delete, get, post, put},
    Json, Router,
};
use serde::Deserialize;
use stytch_b2b_protocol::control as ctl;

use crate::error::{ApiError, ErrorType};
use crate::faults::Fault;
use crate::limits::{MAX_CLOCK_OFFSET_SECONDS, MAX_FAULTS, MAX_FAULT_DELAY_MS};
use crate::render;
use crate::sessions::{newest_first, revoke_by_id};
use crate::state::{lock, App};
use crate::text::rfc3339;

/// The redirect URLs with the emulator's own type, which owns their rules.
type RedirectUrls = ctl::RedirectUrls<crate::redirects::RedirectUrl>;

pub fn router() -> Router<App> {
    Router::new()
        .route("/_emulator/organizations", get(organizations))
        .route("/_emulator/outbox", get(outbox))
        .route("/_emulator/reset", post(reset))
        .route("/_emulator/clock", get(clock).post(advance_clock))
        .route("/_emulator/faults", get(list_faults).post(add_fault).delete(clear_faults))
        .route("/_emulator/requests", get(requests).delete(clear_requests))
        .route("/_emulator/organizations/{organization_id}", put(update_organization))
        .route("/_emulator/organizations/{organization_id}/invites", post(invite_member))
        .route("/_emulator/users", get(users))
        .route("/_emulator/project", get(project))
        .route("/_emulator/sessions", get(sessions))
        .route("/_emulator/sessions/{session_id}", delete(revoke_session))
        .route("/_emulator/state", get(export_state).put(import_state))
        .route("/_emulator/redirect_urls", get(redirect_urls).post(put_redirect_url).delete(delete_redirect_url))
        // members (#22): the frontend-SDK settings and the RBAC policy.
        .route("/_emulator/frontend_sdk", get(frontend_sdk).put(put_frontend_sdk))
        .route("/_emulator/rbac_policy", get(rbac_policy).put(put_rbac_policy))
        // console22: the console's member editor (roles, revoking an invite).
        .route("/_emulator/organizations/{organization_id}/members/{member_id}", put(update_member).delete(delete_member))
        // rest22: the trusted auth token profiles `sessions.attest` accepts.
        .route("/_emulator/trusted_token_profiles", get(trusted_token_profiles).put(put_trusted_token_profiles))
        // scim24: the console's "Impersonate" button.
        .route("/_emulator/impersonation_tokens", post(mint_impersonation_token))
        // onetap24: the project's Google client id (One Tap on or off).
        .route("/_emulator/google_one_tap", get(google_one_tap).put(put_google_one_tap))
        // dfp24: DFP Protected Auth and captcha settings, and the next verdicts and captchas.
        .route("/_emulator/protected_auth", get(protected_auth).put(put_protected_auth))
        .route("/_emulator/protected_auth/queue", get(protected_auth_queue).post(enqueue_protected_auth).delete(clear_protected_auth_queue))
        // oauth24: the project's Connected Apps settings (authorization URL, DCR template).
        .route("/_emulator/connected_apps", get(connected_apps_settings).put(put_connected_apps_settings))
}

async fn organizations(State(app): State<App>) -> Json<ctl::Organizations> {
    let w = app.world();
    let now = w.now();
    let organizations = w
        .organizations
        .values()
        .map(|o| ctl::OrganizationWithMembers {
            organization: render::organization(o),
            members: w.members.values().filter(|m| m.organization_id == o.organization_id).map(|m| render::member_in(&w, m, now)).collect(),
        })
        .collect();
    Json(ctl::Organizations { organizations })
}

async fn outbox(State(app): State<App>, Query(q): Query<ctl::OutboxQuery>) -> Json<ctl::Outbox> {
    let w = app.world();
    let messages = w.outbox.iter().filter(|m| q.to.as_deref().is_none_or(|to| m.to.eq_ignore_ascii_case(to))).cloned().collect();
    Json(ctl::Outbox { messages })
}

/// The console's policy editor: the backend API's Update Organization, without the secret.
async fn update_organization(
    State(app): State<App>,
    Path(id): Path<String>,
    crate::extract::Payload(req): crate::extract::Payload<stytch_b2b_protocol::requests::OrganizationUpdateOptions>,
) -> Result<Json<ctl::UpdatedOrganization>, ApiError> {
    let organization = app.operate(|w, env| {
        crate::ops::organizations::apply_update(w, env.now, &id, req.into())?;
        Ok::<_, ApiError>(render::organization(&w.organizations[&id]))
    })?;
    Ok(Json(ctl::UpdatedOrganization { organization }))
}

/// The console's invite (#22 flows): the backend API's `magicLinks.email.invite`, without the
/// secret; the invite link lands in the outbox.
async fn invite_member(
    State(app): State<App>,
    Path(id): Path<String>,
    crate::extract::Payload(req): crate::extract::Payload<ctl::Invite>,
) -> Result<Json<stytch_b2b_protocol::MemberResponse>, ApiError> {
    // The backend's invite into this organization, with the project's defaults.
    let req = stytch_b2b_protocol::backend::MagicLinksInviteRequest {
        organization_id: Some(id),
        email_address: req.email_address,
        name: req.name,
        roles: req.roles,
        ..Default::default()
    };
    let invited = app.operate(|w, env| crate::ops::magic_links::invite(w, env, &crate::extract::Caller::backend(), req))?;
    Ok(Json(invited))
}

/// The console's member editor: the backend API's `organizations.members.update` (roles,
/// for one), without the secret.
async fn update_member(
    State(app): State<App>,
    Path(ids): Path<(String, String)>,
    crate::extract::Payload(req): crate::extract::Payload<stytch_b2b_protocol::backend::MembersUpdateRequest>,
) -> Result<Json<stytch_b2b_protocol::MemberResponse>, ApiError> {
    let updated = app.operate(|w, env| crate::ops::members::update_backend(w, env, &crate::extract::Caller::backend(), ids, req))?;
    Ok(Json(updated))
}

/// The console's revoke (of an invite, or of any member): the backend API's
/// `organizations.members.delete`, which marks the member `deleted` and ends its sessions.
async fn delete_member(State(app): State<App>, Path(ids): Path<(String, String)>) -> Result<Json<crate::render::Object>, ApiError> {
    let deleted = app.operate(|w, env| crate::ops::members::delete_backend(w, env, &crate::extract::Caller::backend(), ids))?;
    Ok(Json(deleted))
}

/// The projects' credentials, for the console (the secrets are local ones, shown on purpose):
/// the B2B project's at the top level, the consumer project's under `consumer`.
async fn project(State(app): State<App>) -> Json<ctl::Project> {
    let w = app.world();
    let (p, c) = (&w.project, &w.consumer_project);
    let credentials = |project_id: &str, public_token: &str, secret: &str, name: &str| ctl::ProjectCredentials {
        project_id: project_id.into(),
        public_token: public_token.into(),
        secret: secret.into(),
        name: name.into(),
    };
    Json(ctl::Project {
        b2b: credentials(&p.project_id, &p.public_token, &p.secret, &p.name),
        consumer: credentials(&c.project_id, &c.public_token, &c.secret, &c.name),
        google_client_id: p.google_client_id.clone(),
    })
}

/// Which groups of calls the frontend SDK may make.
async fn frontend_sdk(State(app): State<App>) -> Json<ctl::FrontendSdk> {
    Json(app.world().project.frontend_sdk.clone())
}

/// Sets which groups of calls the frontend SDK may make (the console's switches).
async fn put_frontend_sdk(
    State(app): State<App>,
    crate::extract::Payload(settings): crate::extract::Payload<ctl::FrontendSdk>,
) -> Json<ctl::FrontendSdk> {
    app.world().project.frontend_sdk = settings.clone();
    Json(settings)
}

/// The project's RBAC policy (Stytch's default roles and resources and the seed's own).
async fn rbac_policy(State(app): State<App>) -> Json<ctl::RbacPolicy> {
    Json(ctl::RbacPolicy { rbac_policy: app.world().project.rbac_policy.bootstrap() })
}

/// The console's policy editor: `{"rbac_policy": ...}` as the GET gives it, changed. Stytch's
/// default roles and resources keep what Stytch keeps (`Policy::check_edit`); a role removed
/// is unassigned everywhere (`rbac::replace_policy`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyEdit {
    rbac_policy: crate::rbac_policy::PolicyDocument,
}

async fn put_rbac_policy(
    State(app): State<App>,
    crate::extract::Payload(edit): crate::extract::Payload<PolicyEdit>,
) -> Result<Json<ctl::RbacPolicy>, ApiError> {
    let policy = edit.rbac_policy.into_policy().map_err(ApiError::bad_request)?;
    let mut w = app.world();
    crate::rbac::replace_policy(&mut w, policy)?;
    Ok(Json(ctl::RbacPolicy { rbac_policy: w.project.rbac_policy.bootstrap() }))
}

/// The project's redirect URLs (Stytch's redirect-URL objects), as the flows check them.
async fn redirect_urls(State(app): State<App>) -> Json<RedirectUrls> {
    Json(ctl::RedirectUrls { redirect_urls: app.world().project.redirect_urls.clone() })
}

/// Adds a redirect URL, or replaces the one with the same `url`; a type it is the default
/// for stops being another URL's default.
async fn put_redirect_url(
    State(app): State<App>,
    crate::extract::Payload(entry): crate::extract::Payload<crate::redirects::RedirectUrl>,
) -> Result<Json<RedirectUrls>, ApiError> {
    let mut w = app.world();
    crate::redirects::upsert(&mut w.project.redirect_urls, entry)?;
    Ok(Json(ctl::RedirectUrls { redirect_urls: w.project.redirect_urls.clone() }))
}

async fn delete_redirect_url(State(app): State<App>, Query(q): Query<ctl::RedirectUrlQuery>) -> Result<Json<RedirectUrls>, ApiError> {
    let mut w = app.world();
    crate::redirects::remove(&mut w.project.redirect_urls, &q.url)?;
    Ok(Json(ctl::RedirectUrls { redirect_urls: w.project.redirect_urls.clone() }))
}

async fn users(State(app): State<App>) -> Json<ctl::Users> {
    let w = app.world();
    let now = w.now();
    Json(ctl::Users { users: w.users.values().map(|u| render::user(u, now)).collect() })
}

/// Live sessions with their factors (ids, never tokens), newest first.
async fn sessions(State(app): State<App>) -> Json<ctl::Sessions> {
    let w = app.world();
    Json(ctl::Sessions {
        member_sessions: newest_first(w.member_sessions.values())
            .iter()
            .map(|s| ctl::MemberSessionEntry {
                session: render::member_session_in(&w, s),
                email_address: w.members[&s.member_id].email_address.clone(),
            })
            .collect(),
        user_sessions: newest_first(w.user_sessions.values())
            .iter()
            .map(|s| ctl::UserSessionEntry { session: render::user_session(s), email: w.users[&s.user_id].email.clone() })
            .collect(),
    })
}

async fn revoke_session(State(app): State<App>, Path(id): Path<String>) -> Result<Json<ctl::Revoked>, ApiError> {
    let mut w = app.world();
    revoke_by_id(&mut w.member_sessions, &id).or_else(|_| revoke_by_id(&mut w.user_sessions, &id))?;
    Ok(Json(ctl::Revoked { revoked: id }))
}

/// The whole state as a file: the same format as `--state`, so an export also starts an
/// emulator (`--state export.json`) and imports into a running one.
async fn export_state(State(app): State<App>) -> Result<Response, ApiError> {
    let bytes = app.export().map_err(|_| ApiError::new(500, ErrorType::InternalServerError, "The state could not be written."))?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
            (header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"stytch-emulator-state.json\"")),
        ],
        bytes,
    )
        .into_response())
}

async fn import_state(State(app): State<App>, body: Bytes) -> Result<Json<ctl::Imported>, ApiError> {
    let file: crate::state::StateFile = serde_json::from_slice(&body)
        .map_err(|e| ApiError::new(400, ErrorType::InvalidState, format!("This is not an emulator state export: {e}")))?;
    // An export written before the consumer project had its own key gets a fresh one.
    let (keys, _) = file.keys().map_err(|e| ApiError::new(400, ErrorType::InvalidState, format!("The export's keys: {e}")))?;
    file.world
        .check_consistency()
        .map_err(|e| ApiError::new(400, ErrorType::InvalidState, format!("The export does not hang together: {e}")))?;
    let imported = ctl::ImportSummary {
        organizations: file.world.organizations.len(),
        members: file.world.members.len(),
        users: file.world.users.len(),
        sessions: file.world.member_sessions.len() + file.world.user_sessions.len(),
    };
    app.import(file.world, keys);
    Ok(Json(ctl::Imported { imported }))
}

async fn reset(State(app): State<App>) -> Json<ctl::Reset> {
    app.reset();
    Json(ctl::Reset { reset: true })
}

fn clock_body(app: &App) -> Json<ctl::Clock> {
    let w = app.world();
    let now = w.now();
    Json(ctl::Clock { now: rfc3339(now), now_unix: now, offset_seconds: w.clock_offset_seconds })
}

async fn clock(State(app): State<App>) -> Json<ctl::Clock> {
    clock_body(&app)
}

async fn advance_clock(
    State(app): State<App>,
    crate::extract::Payload(req): crate::extract::Payload<ctl::AdvanceClock>,
) -> Result<Json<ctl::Clock>, ApiError> {
    {
        let mut w = app.world();
        let offset = w
            .clock_offset_seconds
            .checked_add(req.advance_seconds)
            .filter(|o| o.unsigned_abs() <= MAX_CLOCK_OFFSET_SECONDS.unsigned_abs())
            .ok_or_else(|| {
                ApiError::bad_request(format!(
                    "advance_seconds: the clock may be moved at most {MAX_CLOCK_OFFSET_SECONDS} seconds from the real one in all."
                ))
            })?;
        w.clock_offset_seconds = offset;
    }
    Ok(clock_body(&app))
}

async fn list_faults(State(app): State<App>) -> Json<ctl::Faults> {
    Json(ctl::Faults { faults: lock(&app.inner().faults).clone() })
}

async fn add_fault(
    State(app): State<App>,
    crate::extract::Payload(fault): crate::extract::Payload<Fault>,
) -> Result<Json<ctl::Faults>, ApiError> {
    if fault.path.is_empty() || fault.path.len() > 2048 {
        return Err(ApiError::bad_request("path: must be 1 to 2048 characters"));
    }
    if let Some(s) = fault.status {
        StatusCode::from_u16(s).map_err(|_| ApiError::bad_request("status: not an HTTP status"))?;
    }
    if fault.delay_ms.is_some_and(|ms| ms > MAX_FAULT_DELAY_MS) {
        return Err(ApiError::bad_request(format!("delay_ms: at most {MAX_FAULT_DELAY_MS}")));
    }
    if fault.content_type.as_deref().is_some_and(|c| HeaderValue::from_str(c).is_err()) {
        return Err(ApiError::bad_request("content_type: not a valid header value"));
    }
    let mut faults = lock(&app.inner().faults);
    if faults.len() >= MAX_FAULTS {
        return Err(ApiError::bad_request(format!("At most {MAX_FAULTS} fault rules at once; DELETE /_emulator/faults first.")));
    }
    faults.push(fault);
    Ok(Json(ctl::Faults { faults: faults.clone() }))
}

async fn clear_faults(State(app): State<App>) -> Json<ctl::Faults> {
    lock(&app.inner().faults).clear();
    Json(ctl::Faults::default())
}

async fn requests(State(app): State<App>) -> Json<ctl::Requests> {
    Json(ctl::Requests { requests: lock(&app.inner().requests).iter().cloned().collect() })
}

async fn clear_requests(State(app): State<App>) -> Json<ctl::Requests> {
    lock(&app.inner().requests).clear();
    Json(ctl::Requests::default())
}

/// The project's trusted auth token profiles (rest22), as the seed writes them.
#[derive(serde::Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TrustedTokenProfiles {
    trusted_token_profiles: Vec<crate::trusted_tokens::Profile>,
}

async fn trusted_token_profiles(State(app): State<App>) -> Json<TrustedTokenProfiles> {
    Json(TrustedTokenProfiles { trusted_token_profiles: app.world().project.trusted_token_profiles.clone() })
}

/// Replaces the profiles (the whole list): a bad profile or an id twice changes nothing.
async fn put_trusted_token_profiles(
    State(app): State<App>,
    crate::extract::Payload(body): crate::extract::Payload<TrustedTokenProfiles>,
) -> Result<Json<TrustedTokenProfiles>, ApiError> {
    crate::trusted_tokens::validate_list(&body.trusted_token_profiles).map_err(ApiError::bad_request)?;
    app.world().project.trusted_token_profiles = body.trusted_token_profiles.clone();
    Ok(Json(body))
}

/// scim24: a single-use impersonation token for a member (Stytch's dashboard button), for
/// `impersonation.authenticate`.
async fn mint_impersonation_token(
    State(app): State<App>,
    crate::extract::Payload(req): crate::extract::Payload<stytch_b2b_protocol::scim::ImpersonationTokenRequest>,
) -> Result<Json<stytch_b2b_protocol::scim::ImpersonationToken>, ApiError> {
    Ok(Json(app.operate(|w, env| crate::ops::impersonation::mint(w, env, req))?))
}

/// onetap24: the Google client id Google One Tap uses.
async fn google_one_tap(State(app): State<App>) -> Json<ctl::GoogleOneTap> {
    one_tap_answer(app.world().project.google_client_id.clone())
}

fn one_tap_answer(google_client_id: String) -> Json<ctl::GoogleOneTap> {
    Json(ctl::GoogleOneTap { google_client_id, local_client_id: crate::google::LOCAL_CLIENT_ID.into() })
}

/// Sets it (the console's switch): empty turns One Tap off; the local provider's id
/// (`local-google-client-id.apps.emulator.test`) or any other printable one turns it on.
async fn put_google_one_tap(
    State(app): State<App>,
    crate::extract::Payload(req): crate::extract::Payload<ctl::GoogleOneTap>,
) -> Result<Json<ctl::GoogleOneTap>, ApiError> {
    crate::google::check_client_id(&req.google_client_id).map_err(|e| ApiError::bad_request(format!("google_client_id: {e}")))?;
    app.world().project.google_client_id = req.google_client_id.clone();
    Ok(one_tap_answer(req.google_client_id))
}

// dfp24: DFP Protected Auth and captcha (`ops::protected_auth`).

/// The project's DFP Protected Auth and captcha settings (the bootstrap reports them).
async fn protected_auth(State(app): State<App>) -> Json<ctl::ProtectedAuthSettings> {
    Json(app.world().project.protected_auth.clone())
}

/// Replaces the settings (the console's switches): every field, as the GET answers them.
async fn put_protected_auth(
    State(app): State<App>,
    crate::extract::Payload(settings): crate::extract::Payload<ctl::ProtectedAuthSettings>,
) -> Result<Json<ctl::ProtectedAuthSettings>, ApiError> {
    Ok(Json(app.operate(|w, env| crate::ops::protected_auth::set_settings(w, env, settings))?))
}

/// The verdicts the next fingerprints get and the outcomes of the next captchas.
async fn protected_auth_queue(State(app): State<App>) -> Json<ctl::ProtectedAuthQueue> {
    Json(app.operate(crate::ops::protected_auth::queue))
}

/// Appends verdicts and captcha outcomes (the console's buttons).
async fn enqueue_protected_auth(
    State(app): State<App>,
    crate::extract::Payload(add): crate::extract::Payload<ctl::ProtectedAuthQueue>,
) -> Result<Json<ctl::ProtectedAuthQueue>, ApiError> {
    Ok(Json(app.operate(|w, env| crate::ops::protected_auth::enqueue(w, env, add))?))
}

async fn clear_protected_auth_queue(State(app): State<App>) -> Json<ctl::ProtectedAuthQueue> {
    Json(app.operate(crate::ops::protected_auth::clear_queue))
}

/// oauth24: the project's Connected Apps settings, as the dashboard has them.
async fn connected_apps_settings(State(app): State<App>) -> Json<stytch_b2b_protocol::connected_apps::ConnectedAppsSettings> {
    Json(crate::ops::connected_apps::settings(&app.world()))
}

/// Changes the fields given; a bad one changes nothing.
async fn put_connected_apps_settings(
    State(app): State<App>,
    crate::extract::Payload(req): crate::extract::Payload<stytch_b2b_protocol::connected_apps::ConnectedAppsSettings>,
) -> Result<Json<stytch_b2b_protocol::connected_apps::ConnectedAppsSettings>, ApiError> {
    Ok(Json(app.operate(|w, env| crate::ops::connected_apps::update_settings(w, env, req))?))
}
