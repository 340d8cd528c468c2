//! Discovery login: `magicLinks.email.discovery.send` and `magicLinks.discovery.authenticate`
//! prove an email before any organization is chosen (a discovery intermediate session);
//! `discovery.organizations.list` shows the organizations it can enter, `.create` makes a new
//! one, and `discovery.intermediateSessions.exchange` enters one: it carries the email of a
//! discovery session, or the primary factors of an organization's intermediate session, to
//! the same person's membership in the organization asked for.

use crate::checks::check_email;
use stytch_b2b_protocol as pm;
use stytch_b2b_protocol::requests::{
    DiscoveryOrganizationsCreateOptions, DiscoveryOrganizationsListOptions, IntermediateSessionsExchangeOptions,
    MagicLinksDiscoveryAuthenticateOptions, MagicLinksDiscoverySendOptions,
};
use stytch_b2b_protocol::MemberStatus;

use crate::checks::{member_mut, require, session_minutes};
use crate::env::Env;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::extract::{Caller, Sent};
use crate::factors::{usable_phone, usable_totp};
use crate::limits::{make_room, make_room_overall};
use crate::member_sessions::{caller_session, require_session};
use crate::model::{DiscoveryLink, DiscoverySession, DiscoveryToken, Factor, FactorKind, OutboxMessage, World};
use crate::ops::organizations::{new_member, new_organization, OrganizationFields};
use crate::pkce::check_pkce;
use crate::primary::{complete_primary, satisfies_primary};
use crate::redirects::{self, Flow, UrlType};
use crate::render;
use crate::text::mask_phone;

/// Spends the intermediate session once everything else is checked, and finishes the primary
/// factor it carries for the member of the same email in the organization asked for.
pub fn exchange(
    w: &mut World,
    env: &Env,
    caller: &Caller,
    sent: Sent<IntermediateSessionsExchangeOptions>,
) -> ApiResult<pm::AuthenticateResponse> {
    let req = &sent.options;
    require("organization_id", &req.organization_id)?;
    let ist = sent.intermediate_session_token.clone().unwrap_or_default();
    require("intermediate_session_token", &ist)?;
    let minutes = session_minutes(Some(req.session_duration_minutes))?;
    if !w.organizations.contains_key(&req.organization_id) {
        return Err(ApiError::organization_not_found());
    }
    // Refuse a bad session before the intermediate session is spent.
    let session = caller.session_token(w, env.keys, &sent.session)?;
    caller_session(w, session.as_deref())?;
    // A discovery session (no organization yet) carries the email it proved; an organization's
    // intermediate session carries its member's primary factors.
    if let Some(d) = w.discovery_sessions.get(&ist) {
        let (email, at, proof) = (d.email_address.clone(), d.authenticated_at, discovery_factor_kind(d));
        let target = member_or_join(w, env, &req.organization_id, &email, proof.proves_email())?;
        w.discovery_sessions.remove(&ist);
        let member = member_mut(w, &target);
        // An email factor proved the inbox, so the membership is active from now on, as with a
        // login link (a password proves no inbox: the member stays as they are).
        if proof.proves_email() {
            member.email_address_verified = true;
            member.status = MemberStatus::Active;
            member.updated_at = env.now;
        }
        let kind = proof.for_member(member);
        return complete_primary(w, env, session.as_deref(), None, &target, Factor::new(kind, at), minutes);
    }
    let source = w.intermediate_sessions.get(&ist).ok_or_else(discovery_session_not_found)?;
    let email = &w.members[&source.member_id].email_address;
    let email = email.clone();
    // Only a primary factor travels between organizations; MFA must be met in each.
    let factor = source
        .factors
        .iter()
        .filter(|f| !f.kind.is_mfa())
        .max_by_key(|f| f.last_authenticated_at)
        .cloned()
        .ok_or_else(|| ApiError::bad_request("The intermediate session carries no primary factor."))?;
    let target = member_or_join(w, env, &req.organization_id, &email, factor.kind.proves_email())?;
    let factor = Factor { kind: factor.kind.for_member(&w.members[&target]), ..factor };
    w.intermediate_sessions.remove(&ist);
    complete_primary(w, env, session.as_deref(), None, &target, factor, minutes)
}

/// `magicLinks.email.discovery.send`: a single-use link, to the DISCOVERY redirect URL, that
/// proves the inbox before any organization is chosen.
pub fn send(w: &mut World, env: &Env, _caller: &Caller, sent: Sent<MagicLinksDiscoverySendOptions>) -> ApiResult<pm::BasicResponse> {
    let req = sent.options;
    check_email(&req.email_address)?;
    let base = redirects::resolve(&w.project.redirect_urls, Flow::MagicLink, UrlType::Discovery, req.discovery_redirect_url.as_deref())?;
    let challenge = sent.pkce.pkce_code_challenge.filter(|c| !c.is_empty());
    let token = issue_token(w, env, &req.email_address, DiscoveryToken::MagicLink, env.limits.magic_link_seconds, challenge);
    let url = redirects::token_url(&base, "discovery", &token);
    let body = format!("Log in to {}: {url}", w.project.name);
    let message = OutboxMessage {
        magic_link_token: Some(token),
        magic_link_url: Some(url),
        ..OutboxMessage::email(&req.email_address, "", "", body)
    };
    w.push_outbox_at(message, env.now);
    Ok(pm::BasicResponse::default())
}

/// `magicLinks.discovery.authenticate`: spends the link (only once its PKCE checks out) and
/// answers a discovery intermediate session for its email, with the organizations it can enter.
pub fn authenticate(
    w: &mut World,
    env: &Env,
    _caller: &Caller,
    sent: Sent<MagicLinksDiscoveryAuthenticateOptions>,
) -> ApiResult<pm::DiscoveryAuthenticateResponse> {
    let req = &sent.options;
    require("discovery_magic_links_token", &req.discovery_magic_links_token)?;
    let unable =
        || ApiError::new(401, ErrorType::UnableToAuthMagicLink, "The magic link could not be authenticated; it may be used or expired.");
    let verifier = sent.pkce.pkce_code_verifier.as_deref();
    let link = redeem_token(w, &req.discovery_magic_links_token, &DiscoveryToken::MagicLink, verifier, unable)?;
    let kind = FactorKind::MagicLink { email_id: String::new(), email_address: link.email_address.clone() };
    Ok(start_session(w, env, &link.email_address, kind))
}

/// Issues a single-use discovery token of `kind` for `email` (a link, a reset, an OAuth
/// grant), bounded per email and overall.
pub fn issue_token(
    w: &mut World,
    env: &Env,
    email: &str,
    kind: DiscoveryToken,
    lifetime_seconds: i64,
    code_challenge: Option<String>,
) -> String {
    let token = env.generate.secret();
    let owner = email.to_ascii_lowercase();
    make_room(&mut w.discovery_links, env.limits.sessions_per_member, &owner, |l| (&l.email_address, l.expires_at));
    make_room_overall(&mut w.discovery_links, env.limits.discovery_entries, |l| l.expires_at);
    let link = DiscoveryLink { email_address: owner, expires_at: env.now + lifetime_seconds, code_challenge, kind };
    w.discovery_links.insert(token.clone(), link);
    token
}

/// Spends a discovery token of `kind` once its PKCE checks out; any other token (unknown,
/// used, expired or of another kind) is `refused()`.
pub fn redeem_token(
    w: &mut World,
    token: &str,
    kind: &DiscoveryToken,
    verifier: Option<&str>,
    refused: impl Fn() -> ApiError,
) -> ApiResult<DiscoveryLink> {
    let link = w.discovery_links.get(token).filter(|l| l.kind == *kind).ok_or_else(&refused)?;
    check_pkce(link.code_challenge.as_deref(), verifier)?;
    Ok(w.discovery_links.remove(token).expect("found above"))
}

/// A discovery intermediate session for an email a primary factor (`proof`, not yet bound to
/// any member) just proved, with the organizations it can enter: every discovery
/// authenticate answers this.
pub fn start_session(w: &mut World, env: &Env, email: &str, proof: FactorKind) -> pm::DiscoveryAuthenticateResponse {
    let email = email.to_ascii_lowercase();
    let token = env.generate.secret();
    make_room(&mut w.discovery_sessions, env.limits.sessions_per_member, &email, |s| (&s.email_address, s.expires_at));
    make_room_overall(&mut w.discovery_sessions, env.limits.discovery_entries, |s| s.expires_at);
    let factor = Factor::new(proof.clone(), env.now);
    let session = DiscoverySession {
        email_address: email.clone(),
        authenticated_at: env.now,
        expires_at: env.now + env.limits.intermediate_session_seconds,
        factor: Some(proof),
    };
    w.discovery_sessions.insert(token.clone(), session);
    pm::DiscoveryAuthenticateResponse {
        intermediate_session_token: token,
        discovered_organizations: discovered(w, env, &email, &[factor], None),
        email_address: email,
        ..Default::default()
    }
}

/// The primary factor a discovery session carries (older state files: a magic link).
fn discovery_factor_kind(s: &DiscoverySession) -> FactorKind {
    s.factor.clone().unwrap_or_else(|| FactorKind::MagicLink { email_id: String::new(), email_address: s.email_address.clone() })
}

/// The organizations `email` can enter, and what entering each would still need given the
/// `factors` proven; `session_org` is the organization of the caller's member session, if any.
/// Besides memberships, an organization that lets the email's domain join is
/// `eligible_to_join_by_email_domain` (with no member yet) when a factor proved the email.
pub fn discovered(w: &World, env: &Env, email: &str, factors: &[Factor], session_org: Option<&str>) -> Vec<pm::DiscoveredOrganization> {
    let mut out = Vec::new();
    let email_proven = factors.iter().any(|f| f.kind.proves_email());
    for org in w.organizations.values() {
        let member = w.member_by_email(&org.organization_id, email);
        let membership_type = match member.map(|m| &m.status) {
            Some(MemberStatus::Active) => "active_member",
            Some(MemberStatus::Pending) => "pending_member",
            Some(MemberStatus::Invited) => "invited_member",
            // Joining by domain takes a proven email, as entering does (`member_or_join`).
            None if email_proven && crate::jit::joins_by_domain(org, email) => "eligible_to_join_by_email_domain",
            _ => continue,
        };
        let in_session = session_org == Some(org.organization_id.as_str());
        let primary_required = match org.primary_restriction() {
            Some(allowed) if !in_session && !satisfies_primary(factors, allowed) => {
                Some(pm::PrimaryRequired { allowed_auth_methods: allowed.iter().map(ToString::to_string).collect() })
            }
            _ => None,
        };
        let enrolled = member.is_some_and(|m| m.mfa_enrolled);
        let mfa_needed = !in_session && (org.mfa_required_for_all() || enrolled) && !factors.iter().any(|f| f.kind.is_mfa());
        let mfa_required = mfa_needed.then(|| {
            let phone = member.and_then(|m| usable_phone(m, org));
            let totp = member.and_then(|m| usable_totp(m, org));
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
                member: member.map(|m| render::member_in(w, m, env.now)),
            },
            member_authenticated: in_session,
            primary_required,
            mfa_required,
        });
    }
    out
}

/// `discovery.organizations.list`: by a discovery intermediate session, or by a member
/// session (its email, and its organization as already authenticated).
pub fn list(
    w: &mut World,
    env: &Env,
    caller: &Caller,
    req: Sent<DiscoveryOrganizationsListOptions>,
) -> ApiResult<pm::DiscoveredOrganizationsResponse> {
    let ist = req.intermediate_session_token.filter(|t| !t.is_empty());
    let (email, factors, session_org) = match ist {
        Some(ist) => {
            let s = w.discovery_sessions.get(&ist).ok_or_else(discovery_session_not_found)?;
            (s.email_address.clone(), vec![Factor::new(discovery_factor_kind(s), s.authenticated_at)], None)
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

/// `discovery.organizations.create`: a new organization with the discovery session's email as
/// its first member (an admin), then the primary factor finished there as every other is
/// (a session, or an IST and `mfa_required` when the new organization requires MFA).
pub fn create(
    w: &mut World,
    env: &Env,
    _caller: &Caller,
    sent: Sent<DiscoveryOrganizationsCreateOptions>,
) -> ApiResult<pm::AuthenticateResponse> {
    let ist = sent.intermediate_session_token.unwrap_or_default();
    require("intermediate_session_token", &ist)?;
    let minutes = session_minutes(Some(sent.options.session_duration_minutes))?;
    let source = w.discovery_sessions.get(&ist).ok_or_else(discovery_session_not_found)?;
    let email = source.email_address.clone();
    let authenticated_at = source.authenticated_at;
    let proof = discovery_factor_kind(source);
    let domain = email.rsplit('@').next().unwrap_or_default().to_string();
    let org = new_organization(w, env, OrganizationFields::from(sent.options).name_or(|| domain))?;
    // Every check passed: from here on the world changes.
    let organization_id = org.organization_id.clone();
    w.organizations.insert(organization_id.clone(), org);
    let mut member = new_member(env, &organization_id, &email);
    member.status = MemberStatus::Active;
    member.email_address_verified = true;
    member.is_admin = true;
    let member_id = member.member_id.clone();
    let factor = Factor::new(proof.for_member(&member), authenticated_at);
    w.members.insert(member_id.clone(), member);
    w.discovery_sessions.remove(&ist);
    complete_primary(w, env, None, None, &member_id, factor, minutes)
}

pub fn discovery_session_not_found() -> ApiError {
    ApiError::new(404, ErrorType::IntermediateSessionNotFound, "Intermediate session could not be found.")
}

/// The member of this email in the organization, or, when the email was proven
/// (`email_proven`: a link, a passcode, a trusted OAuth provider) and its domain lets it
/// join, a new active member with the email verified. Anyone else is `member_not_found`.
/// Checks come before the one change.
pub fn member_or_join(w: &mut World, env: &Env, organization_id: &str, email: &str, email_proven: bool) -> ApiResult<String> {
    if let Some(m) = w.member_by_email(organization_id, email) {
        return Ok(m.member_id.clone());
    }
    let org = w.organizations.get(organization_id).ok_or_else(ApiError::organization_not_found)?;
    if !email_proven || !crate::jit::joins_by_domain(org, email) {
        return Err(ApiError::member_not_found());
    }
    crate::jit::check_room(w, organization_id)?;
    let mut member = new_member(env, organization_id, email);
    member.status = MemberStatus::Active;
    member.email_address_verified = true;
    let member_id = member.member_id.clone();
    w.members.insert(member_id.clone(), member);
    Ok(member_id)
}
