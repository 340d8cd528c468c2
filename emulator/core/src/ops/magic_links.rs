//! Email magic links: `magicLinks.email.loginOrSignup` sends one (to the outbox),
//! `magicLinks.authenticate` redeems it as a primary factor.

use crate::checks::check_email;
use serde_json::json;
use stytch_b2b_protocol as pm;
use stytch_b2b_protocol::backend::MagicLinksInviteRequest;
use stytch_b2b_protocol::requests::{MagicLinksAuthenticateOptions, MagicLinksLoginOrSignupOptions};
use stytch_b2b_protocol::MemberStatus;

use crate::checks::{require, session_minutes};
use crate::env::Env;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::extract::{Caller, Sent, Surface};
use crate::limits::make_room;
use crate::member_sessions::caller_session;
use crate::model::{Factor, FactorKind, MagicLink, OutboxMessage, World};
use crate::ops::members::Scope;
use crate::ops::organizations::{existing_or_new_member, new_member};
use crate::primary::complete_primary;
use crate::rbac_policy;
use crate::redirects::{self, Flow, UrlType};
use crate::render::{login_or_signup_response, member_response};

/// `magicLinks.email.loginOrSignup`: a link for the member of this email, or for a new
/// (pending) member when the organization lets anyone sign up by email.
pub fn login_or_signup(
    w: &mut World,
    env: &Env,
    _caller: &Caller,
    req: MagicLinksLoginOrSignupOptions,
) -> ApiResult<pm::MagicLinkSendResponse> {
    require("organization_id", &req.organization_id)?;
    check_email(&req.email_address)?;
    let org = w.organizations.get(&req.organization_id).ok_or_else(ApiError::organization_not_found)?;
    let allow_signup = crate::jit::may_sign_up(org, &req.email_address);
    // Both URLs are checked; the link carries the one for who the member turns out to be
    // (the project's default for that type when none was passed), chosen before any change.
    let urls = &w.project.redirect_urls;
    redirects::check(urls, Flow::MagicLink, UrlType::Login, req.login_redirect_url.as_deref())?;
    redirects::check(urls, Flow::MagicLink, UrlType::Signup, req.signup_redirect_url.as_deref())?;
    let existing = w.member_by_email(&req.organization_id, &req.email_address).map(|m| m.member_id.clone());
    // Who may not sign up hears that, not which sign-up URL is missing.
    if existing.is_none() && !allow_signup {
        return Err(ApiError::new(
            403,
            ErrorType::EmailJitProvisioningNotAllowed,
            "This organization does not allow new members to sign up by email.",
        ));
    }
    let base = match existing {
        Some(_) => redirects::resolve(urls, Flow::MagicLink, UrlType::Login, req.login_redirect_url.as_deref())?,
        None => redirects::resolve(urls, Flow::MagicLink, UrlType::Signup, req.signup_redirect_url.as_deref())?,
    };
    if existing.is_none() {
        let members = w.members.values().filter(|m| m.organization_id == req.organization_id).count();
        if members >= w.project.limits.max_members_per_organization as usize {
            return Err(ApiError::new(
                403,
                ErrorType::OrganizationMemberLimitReached,
                "This organization has as many members as the emulator keeps; no new member can sign up.",
            ));
        }
    }

    let (member_id, created) = existing_or_new_member(w, env, existing, &req.organization_id, &req.email_address);
    let link = MagicLink {
        member_id: member_id.clone(),
        organization_id: req.organization_id.clone(),
        expires_at: env.now + env.limits.magic_link_seconds,
        new_email: None,
    };
    let project = w.project.name.clone();
    email_magic_link(w, env, link, &base, &req.email_address, |url| format!("Log in to {project}: {url}"));
    Ok(login_or_signup_response(w, env.now, &member_id, created))
}

/// Emails `to` the link for `link`: a fresh single-use token (the member's oldest link dropped
/// when they hold as many as the emulator keeps), the URL back to `base` carrying it, and the
/// email's text, `body` of that URL.
pub(crate) fn email_magic_link(w: &mut World, env: &Env, link: MagicLink, base: &str, to: &str, body: impl FnOnce(&str) -> String) {
    let token = env.generate.secret();
    make_room(&mut w.magic_links, env.limits.sessions_per_member, &link.member_id, |l| (&l.member_id, l.expires_at));
    let url = redirects::token_url(base, "multi_tenant_magic_links", &token);
    let message = OutboxMessage {
        magic_link_token: Some(token.clone()),
        magic_link_url: Some(url.clone()),
        ..OutboxMessage::email(to, &link.organization_id, &link.member_id, body(&url))
    };
    w.magic_links.insert(token, link);
    w.push_outbox_at(message, env.now);
}

/// `magicLinks.authenticate`: spends the single-use link (only once the request's session
/// checks out) and finishes the primary factor; the link proves the member's inbox.
pub fn authenticate(
    w: &mut World,
    env: &Env,
    caller: &Caller,
    sent: Sent<MagicLinksAuthenticateOptions>,
) -> ApiResult<pm::AuthenticateResponse> {
    let req = &sent.options;
    require("magic_links_token", &req.magic_links_token)?;
    let minutes = session_minutes(Some(req.session_duration_minutes))?;
    // Refuse a bad session before the single-use link is spent.
    let session = caller.session_token(w, env.keys, &sent.session)?;
    caller_session(w, session.as_deref())?;
    let link = w.magic_links.remove(&req.magic_links_token).ok_or_else(|| {
        ApiError::new(401, ErrorType::UnableToAuthMagicLink, "The magic link could not be authenticated; it may be used or expired.")
    })?;
    // An email-update link (`startEmailUpdate`) proves its new address, which becomes the
    // member's before the login the link also is.
    if let Some(new_email) = &link.new_email {
        crate::ops::email_updates::complete(w, env, &link.member_id, new_email)?;
    }
    let member = w.members.get_mut(&link.member_id).ok_or_else(ApiError::member_not_found)?;
    member.email_address_verified = true;
    member.status = MemberStatus::Active;
    member.updated_at = env.now;
    let kind = FactorKind::MagicLink { email_id: member.email_id.clone(), email_address: member.email_address.clone() };
    let method_id = member.email_id.clone();
    let ist = sent.intermediate_session_token.as_deref();
    let mut out = complete_primary(w, env, session.as_deref(), ist, &link.member_id, Factor::new(kind, env.now), minutes)?;
    out.extra.insert("method_id".into(), json!(method_id));
    out.extra.insert("reset_sessions".into(), json!(false));
    Ok(out)
}

/// `magicLinks.email.invite` (#22 flows): a new member with status `invited` (a `pending`
/// one becomes `invited`, an invited one gets a fresh link) and a single-use link to the
/// INVITE redirect URL; `magicLinks.authenticate` with it makes the member active. Inviting
/// an active member is refused, as on Stytch. The SDK invites into the caller's organization.
pub fn invite(w: &mut World, env: &Env, caller: &Caller, req: MagicLinksInviteRequest) -> ApiResult<pm::MemberResponse> {
    check_email(&req.email_address)?;
    let minutes = req.invite_expiration_minutes.unwrap_or(env.limits.invite_default_minutes);
    if !env.limits.invite_minutes.contains(&minutes) {
        return Err(ApiError::new(400, ErrorType::InvalidExpirationMinutes, "invite_expiration_minutes is out of range."));
    }
    let organization_id = match caller.surface {
        // Inviting is creating a member: `create` on `stytch.member`, as Stytch's RBAC has it.
        Surface::Sdk => {
            let scope = Scope::of_session(w, env, caller)?;
            scope.authorize(w, rbac_policy::MEMBER, &["create"], None)?;
            if req.roles.is_some() {
                // Giving the invitee roles is assigning roles.
                scope.authorize(w, rbac_policy::MEMBER, &["update.settings.roles"], None)?;
            }
            scope.organization_id
        }
        Surface::Backend => {
            let id = req.organization_id.clone().unwrap_or_default();
            require("organization_id", &id)?;
            id
        }
    };
    if !w.organizations.contains_key(&organization_id) {
        return Err(ApiError::organization_not_found());
    }
    crate::ops::members::check_roles(w, req.roles.as_deref().unwrap_or_default())?;
    let base = redirects::resolve(&w.project.redirect_urls, Flow::MagicLink, UrlType::Invite, req.invite_redirect_url.as_deref())?;
    let existing = w.member_by_email(&organization_id, &req.email_address).map(|m| (m.member_id.clone(), m.status.clone()));
    match &existing {
        Some((_, MemberStatus::Active)) => {
            return Err(ApiError::new(
                400,
                ErrorType::DuplicateEmail,
                "This email already belongs to an active member of the organization.",
            ))
        }
        Some(_) => {}
        None => crate::jit::check_room(w, &organization_id)?,
    }
    // Every check passed: from here on the world changes.
    let member_id = match existing {
        Some((id, _)) => id,
        None => {
            let member = new_member(env, &organization_id, &req.email_address);
            let id = member.member_id.clone();
            w.members.insert(id.clone(), member);
            id
        }
    };
    let m = crate::checks::member_mut(w, &member_id);
    m.status = MemberStatus::Invited;
    if let Some(name) = req.name.filter(|n| !n.is_empty()) {
        m.name = name;
    }
    if let Some(roles) = req.roles {
        m.roles = roles;
    }
    m.updated_at = env.now;
    let link = MagicLink {
        member_id: member_id.clone(),
        organization_id: organization_id.clone(),
        expires_at: env.now + minutes * 60,
        new_email: None,
    };
    let (org_name, project) = (w.organizations[&organization_id].organization_name.clone(), w.project.name.clone());
    email_magic_link(w, env, link, &base, &req.email_address, |url| format!("You are invited to {org_name} on {project}: {url}"));
    Ok(member_response(w, env.now, &member_id))
}
