//! OAuth and SSO with the emulator as the identity provider. The browser is sent to the
//! start URLs Stytch's clients build (`oauth.google.start()`, `sso.start()`); the emulator
//! shows a small consent page ("continue as ... at Google"), then redirects to the app's
//! redirect URL with the token Stytch would send (`?stytch_token_type=oauth|sso&token=...`),
//! which `oauth.authenticate` / `sso.authenticate` exchange, PKCE checked. No third party and
//! no real cryptography with one: the point is the flow and its responses.

use serde::Deserialize;
use serde_json::json;
use stytch_b2b_protocol as pm;
use stytch_b2b_protocol::requests::{OAuthAuthenticateOptions, OAuthDiscoveryAuthenticateOptions, SsoAuthenticateOptions};
use stytch_b2b_protocol::MemberStatus;

use crate::checks::{require, session_minutes};
use crate::env::Env;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::extract::{BodySession, Caller, Sent};
use crate::limits::make_room;
use crate::member_sessions::caller_session;
use std::collections::BTreeMap;

use crate::model::{
    ConnectionSettings, DiscoveryToken, Factor, FactorKind, IdpGrant, Member, Organization, SsoAssertion, SsoConnection, SsoRegistration,
    World,
};
use crate::ops::discovery::{issue_token, redeem_token, start_session};
use crate::ops::organizations::new_member;
use crate::pkce::check_pkce;
use crate::primary::complete_primary;
use crate::redirects::{self, Flow, UrlType};
use crate::text::html_escape as e;

/// The OAuth providers the emulator plays, and their `provider_type` names (#22 flows added
/// GitHub, HubSpot and Slack).
const PROVIDERS: [(&str, &str); 5] =
    [("google", "Google"), ("microsoft", "Microsoft"), ("github", "Github"), ("hubspot", "HubSpot"), ("slack", "Slack")];
/// Where each page's forms go: `GET /v1/b2b/public/idp/consent`, named relative to the page's
/// own path, so that a page served under a prefix (the Service Worker's `/stytch/`) sends its
/// form under the same prefix.
const CONSENT_FROM_OAUTH_START: &str = "../../idp/consent";
const CONSENT_FROM_SSO_START: &str = "../../b2b/public/idp/consent";
const CONSENT_FROM_DISCOVERY_START: &str = "../../../idp/consent";

/// What the start URLs carry (Stytch's parameter names).
#[derive(Deserialize, Default)]
pub struct StartQuery {
    #[serde(default)]
    public_token: String,
    organization_id: Option<String>,
    slug: Option<String>,
    connection_id: Option<String>,
    login_redirect_url: Option<String>,
    signup_redirect_url: Option<String>,
    pkce_code_challenge: Option<String>,
    /// The discovery starts' redirect (#22 flows).
    discovery_redirect_url: Option<String>,
}

fn check_public_token(w: &World, token: &str) -> ApiResult<()> {
    if token == w.project.public_token {
        Ok(())
    } else {
        Err(ApiError::new(401, ErrorType::PublicTokenNotFound, "public_token is missing or is not this project's."))
    }
}

/// The login and sign-up URLs a start or consent request passed must be registered for
/// their types (which one is used is known once the member is).
fn check_redirects(w: &World, flow: Flow, login: Option<&str>, signup: Option<&str>) -> ApiResult<()> {
    redirects::check(&w.project.redirect_urls, flow, UrlType::Login, login)?;
    redirects::check(&w.project.redirect_urls, flow, UrlType::Signup, signup)
}

/// The display name of a provider the emulator plays; any other is `invalid_oauth_provider`.
fn provider_name(provider: &str) -> ApiResult<&'static str> {
    PROVIDERS.iter().find(|(p, _)| *p == provider).map(|(_, n)| *n).ok_or_else(|| {
        ApiError::new(400, ErrorType::InvalidOauthProvider, "The emulator plays Google, Microsoft, GitHub, HubSpot and Slack.")
    })
}

/// `GET /v1/b2b/public/oauth/{provider}/start`: the consent page of the emulated provider.
pub fn oauth_start(w: &mut World, _env: &Env, provider: String, q: StartQuery) -> ApiResult<String> {
    let name = provider_name(&provider)?;
    check_public_token(w, &q.public_token)?;
    check_redirects(w, Flow::OAuth, q.login_redirect_url.as_deref(), q.signup_redirect_url.as_deref())?;
    let org = match (q.organization_id.as_deref().filter(|s| !s.is_empty()), q.slug.as_deref().filter(|s| !s.is_empty())) {
        (Some(id), _) => w.organizations.get(id),
        (None, Some(slug)) => w.organizations.values().find(|o| o.organization_slug == slug),
        (None, None) => return Err(ApiError::bad_request("Pass organization_id or slug.")),
    }
    .ok_or_else(ApiError::organization_not_found)?;
    let hidden = [("flow", "oauth"), ("provider", provider.as_str())];
    Ok(consent_page(w, org, &format!("{name} (emulated)"), &hidden, &q, "", CONSENT_FROM_OAUTH_START))
}

/// `GET /v1/public/sso/start`: the consent page of the connection's emulated identity provider.
pub fn sso_start(w: &mut World, _env: &Env, q: StartQuery) -> ApiResult<String> {
    check_public_token(w, &q.public_token)?;
    check_redirects(w, Flow::Sso, q.login_redirect_url.as_deref(), q.signup_redirect_url.as_deref())?;
    let connection_id = q.connection_id.clone().unwrap_or_default();
    require("connection_id", &connection_id)?;
    let (org, connection) = find_connection(w, &connection_id)?;
    let (settings, protocol) = asserting_settings(w, connection);
    let title = format!("{} ({}, emulated)", connection.display_name, protocol.to_uppercase());
    let hidden = [("flow", "sso"), ("connection_id", connection_id.as_str())];
    Ok(consent_page(w, org, &title, &hidden, &q, &attribute_fields(&settings.attribute_mapping), CONSENT_FROM_SSO_START))
}

/// The settings whose identity provider answers for a connection, and its protocol: its own,
/// or for an external connection those of the connection it shares (sso24, #24).
fn asserting_settings<'w>(w: &'w World, connection: &'w SsoConnection) -> (&'w ConnectionSettings, String) {
    if connection.protocol != "external" {
        return (&connection.settings, connection.protocol.clone());
    }
    let s = &connection.settings;
    w.organizations
        .get(&s.external_organization_id)
        .and_then(|o| o.sso_connections.iter().find(|c| c.connection_id == s.external_connection_id))
        .map_or((&connection.settings, "saml".to_string()), |c| (&c.settings, c.protocol.clone()))
}

/// The member fields the identity-provider page asks for when the connection's attribute
/// mapping names them (its identity provider sends them under the mapped names).
const ASSERTED: [(&str, &str); 4] =
    [("first_name", "First name"), ("last_name", "Last name"), ("full_name", "Full name"), ("groups", "Groups (comma-separated)")];

/// The page's inputs for the mapped attributes (each form has its own copy).
fn attribute_fields(mapping: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    for (field, label) in ASSERTED.iter().filter(|(f, _)| mapping.contains_key(*f)) {
        out += &format!(
            "<label class=attribute>{label} <small>(sent as {attr})</small> <input name={field}></label>",
            label = e(label),
            attr = e(&mapping[*field]),
        );
    }
    out
}

/// What the identity provider asserts, read back through the connection's attribute mapping:
/// the attributes under its names, the member's name and groups when the mapping names them.
fn assertion(mapping: &BTreeMap<String, String>, email: &str, q: &ConsentQuery) -> ApiResult<SsoAssertion> {
    let mut out = SsoAssertion::default();
    let given = |v: &Option<String>| v.as_deref().map(str::trim).unwrap_or_default().to_string();
    let values = [("first_name", given(&q.first_name)), ("last_name", given(&q.last_name)), ("full_name", given(&q.full_name))];
    if let Some((field, _)) = values.iter().find(|(_, v)| v.chars().count() > crate::limits::MAX_SSO_SETTING_CHARS) {
        return Err(ApiError::bad_request(format!("{field}: too long")));
    }
    let groups: Vec<String> = given(&q.groups).split(',').map(str::trim).filter(|g| !g.is_empty()).map(String::from).collect();
    if groups.len() > crate::limits::MAX_SSO_MAPPING_ENTRIES
        || groups.iter().any(|g| g.chars().count() > crate::limits::MAX_SSO_SETTING_CHARS)
    {
        return Err(ApiError::bad_request("groups: too many, or too long"));
    }
    out.attributes.insert(mapping.get("email").cloned().unwrap_or_else(|| "email".into()), json!(email));
    for (field, value) in values.iter().filter(|(_, v)| !v.is_empty()) {
        if let Some(attribute) = mapping.get(*field) {
            out.attributes.insert(attribute.clone(), json!(value));
        }
    }
    let mapped = |field: &str| mapping.contains_key(field);
    let [(_, first), (_, last), (_, full)] = values;
    out.name = if mapped("full_name") && !full.is_empty() {
        full
    } else {
        [first, last].into_iter().filter(|v| !v.is_empty()).collect::<Vec<_>>().join(" ")
    };
    if mapped("groups") {
        out.attributes.insert(mapping["groups"].clone(), json!(groups));
        out.groups = groups;
    }
    Ok(out)
}

fn find_connection<'w>(w: &'w World, connection_id: &str) -> ApiResult<(&'w Organization, &'w crate::model::SsoConnection)> {
    w.organizations
        .values()
        .find_map(|o| o.sso_connections.iter().find(|c| c.connection_id == connection_id).map(|c| (o, c)))
        .ok_or_else(|| ApiError::new(404, ErrorType::SsoConnectionNotFound, "SSO connection could not be found."))
}

/// The page a member sees at the identity provider: one button per member of the
/// organization, and a field for any other email; each form also sends `attributes` (inputs).
/// `action`: the consent path, relative to the page.
fn consent_page(
    w: &World,
    org: &Organization,
    provider: &str,
    hidden: &[(&str, &str)],
    q: &StartQuery,
    attributes: &str,
    action: &str,
) -> String {
    let mut fields = attributes.to_string();
    let pass = [
        ("organization_id", org.organization_id.as_str()),
        ("login_redirect_url", q.login_redirect_url.as_deref().unwrap_or("")),
        ("signup_redirect_url", q.signup_redirect_url.as_deref().unwrap_or("")),
        ("pkce_code_challenge", q.pkce_code_challenge.as_deref().unwrap_or("")),
    ];
    for (k, v) in hidden.iter().chain(pass.iter()) {
        fields += &format!("<input type=hidden name=\"{}\" value=\"{}\">", e(k), e(v));
    }
    let mut members = String::new();
    for m in w.members.values().filter(|m| m.organization_id == org.organization_id) {
        let label = if m.name.is_empty() { m.email_address.clone() } else { format!("{} ({})", m.name, m.email_address) };
        members += &format!("<button class=member name=email value=\"{}\">Continue as {}</button>", e(&m.email_address), e(&label));
    }
    format!(
        concat!(
            "<!doctype html><html lang=en><head><meta charset=utf-8><title>Sign in with {provider}</title>",
            "<meta name=viewport content=\"width=device-width, initial-scale=1\"><link rel=icon href=\"data:,\">",
            "<style>body{{font:16px system-ui;margin:3rem auto;max-width:28rem;padding:0 1rem}}button{{display:block;width:100%;margin:.4rem 0;",
            "padding:.6rem;font:inherit;cursor:pointer}}input[type=email]{{width:100%;padding:.5rem;font:inherit;box-sizing:border-box}}",
            ".note{{color:#666;font-size:.9rem}}</style></head><body>",
            "<h1>Sign in with {provider}</h1><p>to <strong>{org}</strong></p>",
            "<form id=choose method=get action=\"{action}\">{fields}{members}</form>",
            "<form id=other method=get action=\"{action}\">{fields}<label for=email>Another account</label>",
            "<input id=email name=email type=email placeholder=\"someone@example.test\" required><button id=continue>Continue</button></form>",
            "<p class=note>This page stands in for the identity provider: the Stytch emulator signs the chosen account in.</p>",
            "</body></html>"
        ),
        provider = e(provider),
        org = e(&org.organization_name),
        action = e(action),
        fields = fields,
        members = members,
    )
}

#[derive(Deserialize)]
pub struct ConsentQuery {
    flow: String,
    provider: Option<String>,
    connection_id: Option<String>,
    #[serde(default)]
    organization_id: String,
    #[serde(default)]
    email: String,
    discovery_redirect_url: Option<String>,
    login_redirect_url: Option<String>,
    signup_redirect_url: Option<String>,
    pkce_code_challenge: Option<String>,
    /// What the SSO identity provider sends when the connection maps it (sso24, #24).
    first_name: Option<String>,
    last_name: Option<String>,
    full_name: Option<String>,
    groups: Option<String>,
}

/// The member consented: a single-use token, and where to redirect the browser (the app's
/// redirect URL with the token). The page's fields come back from the browser, so everything
/// is checked again, before any change.
pub fn consent(w: &mut World, env: &Env, q: ConsentQuery) -> ApiResult<String> {
    if q.flow == "oauth_discovery" {
        let provider = q.provider.clone().unwrap_or_default();
        let grant = DiscoveryGrant { provider: &provider, subject: None, email: &q.email, pkce_code_challenge: q.pkce_code_challenge };
        return discovery_sign_in(w, env, q.discovery_redirect_url.as_deref(), grant);
    }
    let flow = match q.flow.as_str() {
        "oauth" => Flow::OAuth,
        "sso" => Flow::Sso,
        _ => return Err(ApiError::bad_request("flow: must be oauth, oauth_discovery or sso")),
    };
    let sign_in = SignIn {
        flow,
        organization_id: &q.organization_id,
        email: &q.email,
        login_redirect_url: q.login_redirect_url.as_deref(),
        signup_redirect_url: q.signup_redirect_url.as_deref(),
        pkce_code_challenge: q.pkce_code_challenge.clone(),
    };
    // Which provider signed the member in: an OAuth provider, or an organization's connection.
    sign_in.grant(w, env, |w, org| {
        if flow == Flow::OAuth {
            let provider = q.provider.clone().unwrap_or_default();
            provider_name(&provider)?;
            return Ok(Via::OAuth { provider, subject: None });
        }
        let connection_id = q.connection_id.clone().unwrap_or_default();
        let (owner, connection) = find_connection(w, &connection_id)?;
        if owner.organization_id != org.organization_id {
            return Err(ApiError::new(
                400,
                ErrorType::SsoConnectionOrganizationMismatch,
                "The connection belongs to another organization.",
            ));
        }
        let (settings, protocol) = asserting_settings(w, connection);
        Ok(Via::Sso(connection_id, protocol, assertion(&settings.attribute_mapping, &q.email, &q)?))
    })
}

/// Which provider signed a member in: an OAuth provider (with the account's id there, when it
/// names one: One Tap's ID token does; the consent page's is the emulator's own, per member),
/// or an organization's SSO connection (its id, protocol and what its identity provider said).
pub enum Via {
    OAuth { provider: String, subject: Option<String> },
    Sso(String, String, SsoAssertion),
}

/// An identity provider's sign-in of `email` into an organization (the consent page's form,
/// or One Tap's verified ID token), with the app's redirect URLs and PKCE challenge.
pub struct SignIn<'s> {
    pub flow: Flow,
    pub organization_id: &'s str,
    pub email: &'s str,
    pub login_redirect_url: Option<&'s str>,
    pub signup_redirect_url: Option<&'s str>,
    pub pkce_code_challenge: Option<String>,
}

impl SignIn<'_> {
    /// Checks the sign-in (redirect URLs, email, organization, then `via`'s own checks; a new
    /// member must be let in by the organization, and fit), then signs a new member up, and
    /// answers the app's login or sign-up URL with the single-use token `oauth.authenticate` /
    /// `sso.authenticate` spends. Nothing changes unless every check passes.
    pub fn grant(self, w: &mut World, env: &Env, via: impl FnOnce(&World, &Organization) -> ApiResult<Via>) -> ApiResult<String> {
        check_redirects(w, self.flow, self.login_redirect_url, self.signup_redirect_url)?;
        if !stytch_b2b_protocol::validate::is_email(self.email) {
            return Err(ApiError::new(400, ErrorType::InvalidEmail, "email is not a valid email address."));
        }
        let org = w.organizations.get(self.organization_id).ok_or_else(ApiError::organization_not_found)?.clone();
        let via = via(w, &org)?;
        // A new member goes to the sign-up URL, an existing one to the login URL (each the
        // project's default for its type when none was passed).
        let existing = w.member_by_email(&org.organization_id, self.email).map(|m| m.member_id.clone());
        // Who may not sign up hears that, not which sign-up URL is missing.
        if existing.is_none() && !crate::jit::may_sign_up(&org, self.email) {
            return Err(ApiError::new(
                403,
                ErrorType::EmailJitProvisioningNotAllowed,
                "This organization does not let new members sign up this way.",
            ));
        }
        let (kind, given) = match existing {
            Some(_) => (UrlType::Login, self.login_redirect_url),
            None => (UrlType::Signup, self.signup_redirect_url),
        };
        let base = redirects::resolve(&w.project.redirect_urls, self.flow, kind, given)?;
        if existing.is_none() {
            let members = w.members.values().filter(|m| m.organization_id == org.organization_id).count();
            if members >= w.project.limits.max_members_per_organization as usize {
                return Err(ApiError::new(
                    403,
                    ErrorType::OrganizationMemberLimitReached,
                    "The emulator keeps no more members in this organization.",
                ));
            }
        }

        let member_id = match existing {
            Some(id) => id,
            None => {
                let member = new_member(env, &org.organization_id, self.email);
                let member_id = member.member_id.clone();
                w.members.insert(member_id.clone(), member);
                member_id
            }
        };
        let email_id = w.members[&member_id].email_id.clone();
        let (token_type, factor, assertion) = match via {
            Via::OAuth { provider, subject } => {
                let provider_subject = subject.unwrap_or_else(|| format!("emulated-{provider}-{member_id}"));
                ("oauth", FactorKind::OAuth { provider, provider_subject, email_id }, None)
            }
            Via::Sso(connection_id, protocol, assertion) => {
                ("sso", FactorKind::Sso { connection_id, protocol, external_id: self.email.to_string() }, Some(assertion))
            }
        };
        let token = env.generate.secret();
        make_room(&mut w.idp_grants, env.limits.sessions_per_member, &member_id, |g| (&g.member_id, g.expires_at));
        w.idp_grants.insert(
            token.clone(),
            IdpGrant {
                member_id: member_id.clone(),
                organization_id: org.organization_id.clone(),
                factor,
                code_challenge: self.pkce_code_challenge.filter(|c| !c.is_empty()),
                expires_at: env.now + env.limits.idp_grant_seconds,
                assertion,
            },
        );
        Ok(redirects::token_url(&base, token_type, &token))
    }
}

/// `GET /v1/b2b/public/oauth/{provider}/discovery/start` (#22 flows): the emulated provider's
/// page for a login before any organization is chosen: any email may continue.
pub fn oauth_discovery_start(w: &mut World, _env: &Env, provider: String, q: StartQuery) -> ApiResult<String> {
    let name = provider_name(&provider)?;
    check_public_token(w, &q.public_token)?;
    redirects::check(&w.project.redirect_urls, Flow::OAuth, UrlType::Discovery, q.discovery_redirect_url.as_deref())?;
    let mut fields = String::new();
    let pass = [
        ("flow", "oauth_discovery"),
        ("provider", provider.as_str()),
        ("discovery_redirect_url", q.discovery_redirect_url.as_deref().unwrap_or("")),
        ("pkce_code_challenge", q.pkce_code_challenge.as_deref().unwrap_or("")),
    ];
    for (k, v) in pass {
        fields += &format!("<input type=hidden name=\"{}\" value=\"{}\">", e(k), e(v));
    }
    let provider = format!("{name} (emulated)");
    Ok(format!(
        concat!(
            "<!doctype html><html lang=en><head><meta charset=utf-8><title>Sign in with {provider}</title>",
            "<meta name=viewport content=\"width=device-width, initial-scale=1\"><link rel=icon href=\"data:,\">",
            "<style>body{{font:16px system-ui;margin:3rem auto;max-width:28rem;padding:0 1rem}}button{{display:block;width:100%;margin:.4rem 0;",
            "padding:.6rem;font:inherit;cursor:pointer}}input[type=email]{{width:100%;padding:.5rem;font:inherit;box-sizing:border-box}}",
            ".note{{color:#666;font-size:.9rem}}</style></head><body>",
            "<h1>Sign in with {provider}</h1><p>to <strong>{project}</strong></p>",
            "<form id=other method=get action=\"{action}\">{fields}<label for=email>Your account</label>",
            "<input id=email name=email type=email placeholder=\"someone@example.test\" required><button id=continue>Continue</button></form>",
            "<p class=note>This page stands in for the identity provider: the Stytch emulator signs the chosen account in.</p>",
            "</body></html>"
        ),
        provider = e(&provider),
        project = e(&w.project.name),
        action = CONSENT_FROM_DISCOVERY_START,
        fields = fields,
    ))
}

/// An OAuth provider's sign-in of `email` before any organization is chosen (the discovery
/// consent page's form, or One Tap's discovery submit).
pub struct DiscoveryGrant<'g> {
    pub provider: &'g str,
    /// The account's id at the provider, when it names one (One Tap's ID token does).
    pub subject: Option<String>,
    pub email: &'g str,
    pub pkce_code_challenge: Option<String>,
}

/// The discovery sign-in: a single-use discovery OAuth token for the email, and the app's
/// discovery redirect URL (`discovery_redirect_url`, or the project's default) that carries
/// it. Checked again, before any change.
pub fn discovery_sign_in(w: &mut World, env: &Env, discovery_redirect_url: Option<&str>, g: DiscoveryGrant) -> ApiResult<String> {
    provider_name(g.provider)?;
    let base = redirects::resolve(&w.project.redirect_urls, Flow::OAuth, UrlType::Discovery, discovery_redirect_url)?;
    if !stytch_b2b_protocol::validate::is_email(g.email) {
        return Err(ApiError::new(400, ErrorType::InvalidEmail, "email is not a valid email address."));
    }
    let challenge = g.pkce_code_challenge.filter(|c| !c.is_empty());
    let kind = DiscoveryToken::OAuth { provider: g.provider.to_string(), subject: g.subject };
    let token = issue_token(w, env, g.email, kind, env.limits.idp_grant_seconds, challenge);
    Ok(redirects::token_url(&base, "discovery_oauth", &token))
}

/// `oauth.discovery.authenticate` (#22 flows): spends the provider's discovery token (PKCE
/// checked) and answers a discovery intermediate session with the organizations the email
/// can enter, and what the provider said.
pub fn oauth_discovery_authenticate(
    w: &mut World,
    env: &Env,
    _caller: &Caller,
    req: OAuthDiscoveryAuthenticateOptions,
) -> ApiResult<pm::responses::OAuthDiscoveryAuthenticateResponse> {
    require("discovery_oauth_token", &req.discovery_oauth_token)?;
    let not_found = || ApiError::new(404, ErrorType::OauthTokenNotFound, "The OAuth token could not be found; it may be used or expired.");
    let link = w
        .discovery_links
        .get(&req.discovery_oauth_token)
        .filter(|l| matches!(l.kind, DiscoveryToken::OAuth { .. }))
        .ok_or_else(not_found)?;
    let kind = link.kind.clone();
    let link = redeem_token(w, &req.discovery_oauth_token, &kind, req.pkce_code_verifier.as_deref(), not_found)?;
    let DiscoveryToken::OAuth { provider, subject } = link.kind else { unreachable!("the kind was checked") };
    let provider_subject = subject.unwrap_or_else(|| format!("emulated-{provider}-{}", link.email_address));
    let factor = FactorKind::OAuth { provider: provider.clone(), provider_subject, email_id: String::new() };
    let found = start_session(w, env, &link.email_address, factor);
    Ok(pm::responses::OAuthDiscoveryAuthenticateResponse {
        intermediate_session_token: found.intermediate_session_token,
        email_address: found.email_address,
        discovered_organizations: found.discovered_organizations,
        provider_type: provider_name(&provider)?.into(),
        ..Default::default()
    })
}

/// `oauth.authenticate`: the provider's token for a primary factor.
pub fn oauth_authenticate(
    w: &mut World,
    env: &Env,
    caller: &Caller,
    sent: Sent<OAuthAuthenticateOptions>,
) -> ApiResult<pm::AuthenticateResponse> {
    let req = &sent.options;
    require("oauth_token", &req.oauth_token)?;
    let not_found = || ApiError::new(404, ErrorType::OauthTokenNotFound, "The OAuth token could not be found; it may be used or expired.");
    let redemption = Redemption {
        token: &req.oauth_token,
        kind: "oauth",
        verifier: req.pkce_code_verifier.as_deref(),
        minutes: Some(req.session_duration_minutes),
        ist: sent.intermediate_session_token.as_deref(),
        body: &sent.session,
    };
    let (factor, mut out) = redemption.redeem(w, env, caller, not_found)?;
    let (provider, subject) = match factor {
        FactorKind::OAuth { provider, provider_subject, .. } => (provider, provider_subject),
        _ => unreachable!("redeem checked the kind"),
    };
    out.extra.insert("provider_type".into(), json!(provider_name(&provider)?));
    out.extra.insert("provider_subject".into(), json!(subject));
    out.extra.insert("provider_tenant_id".into(), json!(""));
    let expires_at = crate::text::rfc3339(env.now + 3600);
    out.extra.insert(
        "provider_values".into(),
        json!({"access_token": "", "refresh_token": "", "id_token": "", "scopes": ["openid", "email", "profile"], "expires_at": expires_at}),
    );
    Ok(out)
}

/// `sso.authenticate`: the connection's token for a primary factor.
pub fn sso_authenticate(
    w: &mut World,
    env: &Env,
    caller: &Caller,
    sent: Sent<SsoAuthenticateOptions>,
) -> ApiResult<pm::AuthenticateResponse> {
    let req = &sent.options;
    require("sso_token", &req.sso_token)?;
    let not_found = || ApiError::new(404, ErrorType::SsoTokenNotFound, "The SSO token could not be found; it may be used or expired.");
    let redemption = Redemption {
        token: &req.sso_token,
        kind: "sso",
        verifier: req.pkce_code_verifier.as_deref(),
        minutes: Some(req.session_duration_minutes),
        ist: sent.intermediate_session_token.as_deref(),
        body: &sent.session,
    };
    let (_, mut out) = redemption.redeem(w, env, caller, not_found)?;
    // Stytch's SSO answer names it in the singular (its OAuth answer in the plural).
    out.extra.insert("reset_session".into(), json!(false));
    Ok(out)
}

/// An OAuth or SSO authenticate request: the single-use token and what finishes the login.
struct Redemption<'r> {
    token: &'r str,
    kind: &'r str,
    verifier: Option<&'r str>,
    minutes: Option<i64>,
    ist: Option<&'r str>,
    body: &'r BodySession,
}

impl Redemption<'_> {
    /// Spends a token of the right kind whose PKCE challenge the verifier answers and finishes
    /// the primary factor. Everything that can refuse the request is checked
    /// before the token is spent: a failed request (bad session length, session, verifier)
    /// leaves it usable for the corrected retry.
    fn redeem(
        &self,
        w: &mut World,
        env: &Env,
        caller: &Caller,
        not_found: impl Fn() -> ApiError,
    ) -> ApiResult<(FactorKind, pm::AuthenticateResponse)> {
        let minutes = session_minutes(self.minutes)?;
        let session = caller.session_token(w, env.keys, self.body)?;
        caller_session(w, session.as_deref())?;
        let grant = w.idp_grants.get(self.token).ok_or_else(&not_found)?;
        let right_kind = matches!((&grant.factor, self.kind), (FactorKind::OAuth { .. }, "oauth") | (FactorKind::Sso { .. }, "sso"));
        if !right_kind {
            return Err(not_found());
        }
        check_pkce(grant.code_challenge.as_deref(), self.verifier)?;
        if !w.members.contains_key(&grant.member_id) {
            return Err(ApiError::member_not_found());
        }
        let grant = w.idp_grants.remove(self.token).expect("found above");
        let m = w.members.get_mut(&grant.member_id).expect("checked above");
        m.email_address_verified = true;
        m.status = MemberStatus::Active;
        m.updated_at = env.now;
        if let (FactorKind::Sso { connection_id, external_id, .. }, Some(assertion)) = (&grant.factor, &grant.assertion) {
            register_sso(m, env, connection_id, external_id, assertion);
        }
        let factor = Factor::new(grant.factor.clone(), env.now);
        let mut out = complete_primary(w, env, session.as_deref(), self.ist, &grant.member_id, factor, minutes)?;
        out.extra.insert("reset_sessions".into(), json!(false));
        Ok((grant.factor, out))
    }
}

/// Records the member's sign-in through an SSO connection (sso24, #24): what the identity
/// provider asserted replaces what it asserted before, and a mapped name becomes the member's.
fn register_sso(m: &mut Member, env: &Env, connection_id: &str, external_id: &str, assertion: &SsoAssertion) {
    if !assertion.name.is_empty() {
        m.name = assertion.name.clone();
    }
    let registration = match m.sso_registrations.iter_mut().find(|r| r.connection_id == connection_id) {
        Some(r) => r,
        None => {
            let registration_id = env.generate.id("member-sso-registration");
            m.sso_registrations.push(SsoRegistration { connection_id: connection_id.into(), registration_id, ..Default::default() });
            m.sso_registrations.last_mut().expect("just pushed")
        }
    };
    registration.external_id = external_id.into();
    registration.sso_attributes = assertion.attributes.clone();
    registration.groups = assertion.groups.clone();
}
