//! Discovery login: `magicLinks.email.discovery.send` and `magicLinks.discovery.authenticate`
//! prove an email before any organization is chosen (a discovery intermediate session);
//! `discovery.organizations.list` shows the organizations it can enter, `.create` makes a new
//! one, and `discovery.intermediateSessions.exchange` enters one: it carries the email of a
//! discovery session, or the primary factors of an organization's intermediate session, to
//! the same person's membership in the organization asked for.

use serde::Deserialize;
use stytch_b2b_protocol as pm;
use stytch_b2b_protocol::validate::is_email;
use stytch_b2b_protocol::MemberStatus;

use crate::checks::{member_mut, require, session_minutes};
use crate::env::Env;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::extract::{BodySession, Caller};
use crate::factors::{usable_phone, usable_totp};
use crate::intermediate_sessions::IST_LIFETIME_SECONDS;
use crate::limits::{make_room, make_room_overall, MAX_DISCOVERY_ENTRIES};
use crate::member_sessions::{caller_session, require_session};
use crate::model::{DiscoveryLink, DiscoverySession, Factor, FactorKind, OutboxMessage, World};
use crate::ops::organizations::{new_member, new_organization, OrganizationFields};
use crate::pkce::check_pkce;
use crate::primary::{complete_primary, satisfies_primary};
use crate::redirects::{self, Flow, UrlType};
use crate::render;
use crate::text::mask_phone;

#[derive(Deserialize)]
pub struct ExchangeRequest {
    organization_id: String,
    session_duration_minutes: Option<i64>,
    intermediate_session_token: Option<String>,
    #[allow(dead_code)]
    locale: Option<String>,
    #[serde(flatten)]
    session: BodySession,
}

/// Spends the intermediate session once everything else is checked, and finishes the primary
/// factor it carries for the member of the same email in the organization asked for.
pub fn exchange(w: &mut World, env: &Env, caller: &Caller, req: ExchangeRequest) -> ApiResult<pm::AuthenticateResponse> {
    require("organization_id", &req.organization_id)?;
    let ist = req.intermediate_session_token.unwrap_or_default();
    require("intermediate_session_token", &ist)?;
    let minutes = session_minutes(req.session_duration_minutes)?;
    if !w.organizations.contains_key(&req.organization_id) {
        return Err(ApiError::organization_not_found());
    }
    // Refuse a bad session before the intermediate session is spent.
    let session = caller.session_token(w, env.keys, &req.session)?;
    caller_session(w, session.as_deref())?;
    // A discovery session (no organization yet) carries the email it proved; an organization's
    // intermediate session carries its member's primary factors.
    if let Some(d) = w.discovery_sessions.get(&ist) {
        let (email, at) = (d.email_address.clone(), d.authenticated_at);
        let target = w.member_by_email(&req.organization_id, &email).map(|m| m.member_id.clone()).ok_or_else(ApiError::member_not_found)?;
        w.discovery_sessions.remove(&ist);
        // The link proved the inbox, so the membership is active from now on, as with a login link.
        let member = member_mut(w, &target);
        member.email_address_verified = true;
        member.status = MemberStatus::Active;
        member.updated_at = env.now;
        let kind = FactorKind::MagicLink { email_id: member.email_id.clone(), email_address: member.email_address.clone() };
        return complete_primary(w, env, session.as_deref(), None, &target, Factor::new(kind, at), minutes);
    }
    let source = w.intermediate_sessions.get(&ist).ok_or_else(discovery_session_not_found)?;
    let email = &w.members[&source.member_id].email_address;
    let target = w.member_by_email(&req.organization_id, email).map(|m| m.member_id.clone()).ok_or_else(ApiError::member_not_found)?;
    // Only a primary factor travels between organizations; MFA must be met in each.
    let factor = source
        .factors
        .iter()
        .filter(|f| !f.kind.is_mfa())
        .max_by_key(|f| f.last_authenticated_at)
        .cloned()
        .ok_or_else(|| ApiError::bad_request("The intermediate session carries no primary factor."))?;
    w.intermediate_sessions.remove(&ist);
    complete_primary(w, env, session.as_deref(), None, &target, factor, minutes)
}

/// How long a discovery magic link lives: as long as a login magic link.
const DISCOVERY_LINK_LIFETIME_SECONDS: i64 = crate::ops::magic_links::MAGIC_LINK_LIFETIME_SECONDS;

#[derive(Deserialize)]
pub struct SendRequest {
    email_address: String,
    discovery_redirect_url: Option<String>,
    pkce_code_challenge: Option<String>,
    #[allow(dead_code)]
    login_template_id: Option<String>,
    #[allow(dead_code)]
    locale: Option<String>,
    #[allow(dead_code)]
    discovery_expiration_minutes: Option<i64>,
}

/// `magicLinks.email.discovery.send`: a single-use link, to the DISCOVERY redirect URL, that
/// proves the inbox before any organization is chosen.
pub fn send(w: &mut World, env: &Env, _caller: &Caller, req: SendRequest) -> ApiResult<pm::BasicResponse> {
    if !is_email(&req.email_address) {
        return Err(ApiError::new(400, ErrorType::InvalidEmail, "email_address is not a valid email address."));
    }
    let base = redirects::resolve(&w.project.redirect_urls, Flow::MagicLink, UrlType::Discovery, req.discovery_redirect_url.as_deref())?;
    let token = env.generate.secret();
    let owner = req.email_address.to_ascii_lowercase();
    make_room(&mut w.discovery_links, &owner, |l| (&l.email_address, l.expires_at));
    make_room_overall(&mut w.discovery_links, MAX_DISCOVERY_ENTRIES, |l| l.expires_at);
    w.discovery_links.insert(
        token.clone(),
        DiscoveryLink {
            email_address: owner,
            expires_at: env.now + DISCOVERY_LINK_LIFETIME_SECONDS,
            code_challenge: req.pkce_code_challenge.filter(|c| !c.is_empty()),
        },
    );
    let url = redirects::with_params(&base, &[("stytch_token_type", "discovery"), ("token", &token)]);
    let body = format!("Log in to {}: {url}", w.project.name);
    let message = OutboxMessage {
        magic_link_token: Some(token),
        magic_link_url: Some(url),
        ..OutboxMessage::email(&req.email_address, "", "", body)
    };
    w.push_outbox_at(message, env.now);
    Ok(pm::BasicResponse::default())
}

#[derive(Deserialize)]
pub struct AuthenticateRequest {
    discovery_magic_links_token: String,
    pkce_code_verifier: Option<String>,
}

/// `magicLinks.discovery.authenticate`: spends the link (only once its PKCE checks out) and
/// answers a discovery intermediate session for its email, with the organizations it can enter.
pub fn authenticate(w: &mut World, env: &Env, _caller: &Caller, req: AuthenticateRequest) -> ApiResult<pm::DiscoveryAuthenticateResponse> {
    require("discovery_magic_links_token", &req.discovery_magic_links_token)?;
    let link = w.discovery_links.get(&req.discovery_magic_links_token).ok_or_else(|| {
        ApiError::new(401, ErrorType::UnableToAuthMagicLink, "The magic link could not be authenticated; it may be used or expired.")
    })?;
    check_pkce(link.code_challenge.as_deref(), req.pkce_code_verifier.as_deref())?;
    let email = link.email_address.clone();
    w.discovery_links.remove(&req.discovery_magic_links_token);
    let token = env.generate.secret();
    make_room(&mut w.discovery_sessions, &email, |s| (&s.email_address, s.expires_at));
    make_room_overall(&mut w.discovery_sessions, MAX_DISCOVERY_ENTRIES, |s| s.expires_at);
    let session = DiscoverySession { email_address: email.clone(), authenticated_at: env.now, expires_at: env.now + IST_LIFETIME_SECONDS };
    w.discovery_sessions.insert(token.clone(), session);
    Ok(pm::DiscoveryAuthenticateResponse {
        intermediate_session_token: token,
        discovered_organizations: discovered(w, env, &email, &[discovery_factor(&email, env.now)], None),
        email_address: email,
        ..Default::default()
    })
}

/// The primary factor a discovery session carries, before it is bound to a member's email id.
fn discovery_factor(email: &str, at: i64) -> Factor {
    Factor::new(FactorKind::MagicLink { email_id: String::new(), email_address: email.to_string() }, at)
}

/// The organizations `email` can enter, and what entering each would still need given the
/// `factors` proven; `session_org` is the organization of the caller's member session, if any.
/// Only memberships are discovered: the model has no allowed email domains, so
/// `eligible_to_join_by_email_domain` never appears.
fn discovered(w: &World, env: &Env, email: &str, factors: &[Factor], session_org: Option<&str>) -> Vec<pm::DiscoveredOrganization> {
    let mut out = Vec::new();
    for org in w.organizations.values() {
        let Some(member) = w.member_by_email(&org.organization_id, email) else { continue };
        let membership_type = match member.status {
            MemberStatus::Active => "active_member",
            MemberStatus::Pending => "pending_member",
            MemberStatus::Invited => "invited_member",
            _ => continue,
        };
        let in_session = session_org == Some(org.organization_id.as_str());
        let primary_required = match org.primary_restriction() {
            Some(allowed) if !in_session && !satisfies_primary(factors, allowed) => {
                Some(pm::PrimaryRequired { allowed_auth_methods: allowed.iter().map(ToString::to_string).collect() })
            }
            _ => None,
        };
        let mfa_needed = !in_session && (org.mfa_required_for_all() || member.mfa_enrolled) && !factors.iter().any(|f| f.kind.is_mfa());
        let mfa_required = mfa_needed.then(|| {
            let phone = usable_phone(member, org);
            let totp = usable_totp(member, org);
            pm::MfaRequired {
                member_options: (phone.is_some() || totp.is_some()).then(|| pm::MemberOptions {
                    mfa_phone_number: phone.map(mask_phone).unwrap_or_default(),
                    totp_registration_id: totp.map(|t| t.totp_registration_id.clone()).unwrap_or_default(),
                }),
                secondary_auth_initiated: None,
            }
        });
        out.push(pm::DiscoveredOrganization {
            organization: render::organization(org),
            membership: pm::Membership {
                membership_type: membership_type.into(),
                details: None,
                member: Some(render::member(member, env.now)),
            },
            member_authenticated: in_session,
            primary_required,
            mfa_required,
        });
    }
    out
}

#[derive(Deserialize)]
pub struct ListRequest {
    intermediate_session_token: Option<String>,
    #[serde(flatten)]
    session: BodySession,
}

/// `discovery.organizations.list`: by a discovery intermediate session, or by a member
/// session (its email, and its organization as already authenticated).
pub fn list(w: &mut World, env: &Env, caller: &Caller, req: ListRequest) -> ApiResult<pm::DiscoveredOrganizationsResponse> {
    let ist = req.intermediate_session_token.filter(|t| !t.is_empty());
    let (email, factors, session_org) = match ist {
        Some(ist) => {
            let s = w.discovery_sessions.get(&ist).ok_or_else(discovery_session_not_found)?;
            (s.email_address.clone(), vec![discovery_factor(&s.email_address, s.authenticated_at)], None)
        }
        None => {
            let token = caller.session_token(w, env.keys, &req.session)?;
            let token = require_session(w, token.as_deref())?;
            let s = &w.member_sessions[&token];
            let primary = s.factors.iter().filter(|f| !f.kind.is_mfa()).cloned().collect();
            (w.members[&s.member_id].email_address.clone(), primary, Some(s.organization_id.clone()))
        }
    };
    Ok(pm::DiscoveredOrganizationsResponse {
        discovered_organizations: discovered(w, env, &email, &factors, session_org.as_deref()),
        email_address: email,
        ..Default::default()
    })
}

#[derive(Deserialize)]
pub struct CreateRequest {
    intermediate_session_token: String,
    session_duration_minutes: Option<i64>,
    #[serde(flatten)]
    fields: OrganizationFields,
}

/// `discovery.organizations.create`: a new organization with the discovery session's email as
/// its first member (an admin), then the primary factor finished there as every other is
/// (a session, or an IST and `mfa_required` when the new organization requires MFA).
pub fn create(w: &mut World, env: &Env, _caller: &Caller, req: CreateRequest) -> ApiResult<pm::AuthenticateResponse> {
    require("intermediate_session_token", &req.intermediate_session_token)?;
    let minutes = session_minutes(req.session_duration_minutes)?;
    let source = w.discovery_sessions.get(&req.intermediate_session_token).ok_or_else(discovery_session_not_found)?;
    let email = source.email_address.clone();
    let authenticated_at = source.authenticated_at;
    let domain = email.rsplit('@').next().unwrap_or_default().to_string();
    let org = new_organization(w, env, req.fields.name_or(|| domain))?;
    // Every check passed: from here on the world changes.
    let organization_id = org.organization_id.clone();
    w.organizations.insert(organization_id.clone(), org);
    let mut member = new_member(env, &organization_id, &email);
    member.status = MemberStatus::Active;
    member.email_address_verified = true;
    member.is_admin = true;
    let member_id = member.member_id.clone();
    let factor = Factor::new(FactorKind::MagicLink { email_id: member.email_id.clone(), email_address: email }, authenticated_at);
    w.members.insert(member_id.clone(), member);
    w.discovery_sessions.remove(&req.intermediate_session_token);
    complete_primary(w, env, None, None, &member_id, factor, minutes)
}

fn discovery_session_not_found() -> ApiError {
    ApiError::new(404, ErrorType::IntermediateSessionNotFound, "Intermediate session could not be found.")
}
