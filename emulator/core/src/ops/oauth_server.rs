//! The project as an OAuth 2.0 / OpenID Connect authorization server (#24, Connected Apps).
//!
//! The authorization endpoint is the app's own page, as on Stytch: it signs the member in,
//! then calls `authorize_start` (what to show: the client, the scopes, whether consent is
//! needed) and `authorize` (the member's answer: a code in the client's redirect). Everything
//! else is the standard endpoints a client calls: `token` (authorization code with PKCE,
//! refresh), `userinfo`, `introspect` (RFC 7662), `revoke` (RFC 7009) and the discovery
//! documents. Access and ID tokens are RS256 JWTs signed with the project's key (its JWKS),
//! signed by the handler once the world is unlocked.

use base64::Engine;
use serde_json::{json, Map, Value};
use sha2::Digest;
use stytch_b2b_protocol::connected_apps::{
    AuthorizeRequest, AuthorizeResponse, AuthorizeStartRequest, AuthorizeStartResponse, ConnectedAppPublic, IntrospectResponse,
    LogoutStartRequest, LogoutStartResponse, ScopeResult, TokenOfClientRequest, TokenRequest, TokenResponse,
};
use stytch_b2b_protocol::MemberStatus;

use crate::checks::{check_member, require};
use crate::connected_apps::{Client, Code, Grant, SCOPES};
use crate::env::Env;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::extract::{BodySession, Caller};
use crate::jwt::Keys;
use crate::limits::make_room;
use crate::member_sessions::require_session;
use crate::model::World;
use crate::render;

/// The member the authorize calls act for: the SDK caller's session, a backend body's
/// `session_token` / `session_jwt`, or (backend) `organization_id` and `member_id`.
fn consenting_member(
    w: &World,
    env: &Env,
    caller: &Caller,
    session: &BodySession,
    organization_id: Option<&str>,
    member_id: Option<&str>,
) -> ApiResult<(String, String)> {
    if let Some(token) = caller.session_token(w, env.keys, session)? {
        let token = require_session(w, Some(&token))?;
        let s = &w.member_sessions[&token];
        return Ok((s.member_id.clone(), s.organization_id.clone()));
    }
    match (caller.surface, organization_id.filter(|s| !s.is_empty()), member_id.filter(|s| !s.is_empty())) {
        (crate::extract::Surface::Backend, Some(org), Some(member)) => {
            check_member(w, org, member)?;
            Ok((member.to_string(), org.to_string()))
        }
        _ => Err(ApiError::session_not_found()),
    }
}

/// The client, and the request's redirect and response type checked against it.
fn authorizing_client<'w>(w: &'w World, client_id: &str, redirect_uri: &str, response_type: &str) -> ApiResult<&'w Client> {
    require("client_id", client_id)?;
    let client = w.connected_apps.client(client_id)?;
    if response_type != "code" {
        return Err(ApiError::new(400, ErrorType::UnsupportedResponseType, "response_type must be code."));
    }
    if !client.app.redirect_urls.iter().any(|u| u == redirect_uri) {
        return Err(ApiError::new(
            400,
            ErrorType::RedirectUriMismatch,
            "redirect_uri is not one of the client's redirect_urls (compared exactly).",
        ));
    }
    Ok(client)
}

/// Whether the client may be granted `scope`.
fn grantable(client: &Client, scope: &str) -> bool {
    SCOPES.iter().any(|(s, _)| *s == scope) && (scope != "full_access" || client.app.full_access_allowed)
}

/// Whether the member must be asked: a third-party client until the member granted these
/// scopes; a first-party one only for `offline_access` (unless it bypasses that), as Stytch.
fn consent_required(w: &World, client: &Client, member_id: &str, scopes: &[String], prompt: Option<&str>) -> bool {
    if prompt == Some("consent") {
        return true;
    }
    let granted = w.connected_apps.consent(member_id, &client.app.client_id);
    let covered = |s: &String| granted.is_some_and(|g| g.contains(s));
    if client.is_first_party() {
        let offline = scopes.iter().any(|s| s == "offline_access");
        return offline && !client.app.bypass_consent_for_offline_access && !covered(&"offline_access".to_string());
    }
    !scopes.iter().all(covered)
}

/// `idp.oauthAuthorizeStart` / `POST /v1/b2b/idp/oauth/authorize/start`: what the app's
/// consent page shows.
pub fn authorize_start(
    w: &mut World,
    env: &Env,
    caller: &Caller,
    session: BodySession,
    req: AuthorizeStartRequest,
) -> ApiResult<AuthorizeStartResponse> {
    let client = authorizing_client(w, &req.client_id, &req.redirect_uri, &req.response_type)?;
    let (member_id, organization_id) =
        consenting_member(w, env, caller, &session, req.organization_id.as_deref(), req.member_id.as_deref())?;
    let scope_results = req
        .scopes
        .iter()
        .map(|s| ScopeResult {
            scope: s.clone(),
            description: SCOPES.iter().find(|(n, _)| n == s).map(|(_, d)| d.to_string()).unwrap_or_default(),
            is_grantable: grantable(client, s),
        })
        .collect();
    Ok(AuthorizeStartResponse {
        member: render::member_in(w, &w.members[&member_id], env.now),
        organization: render::organization(&w.organizations[&organization_id]),
        client: public(client),
        consent_required: consent_required(w, client, &member_id, &req.scopes, req.prompt.as_deref()),
        scope_results,
        member_id,
    })
}

/// `idp.oauthAuthorizeSubmit` / `POST /v1/b2b/idp/oauth/authorize`: the member's answer. A
/// refusal sends the client `error=access_denied`; a grant, a single-use code (bound to the
/// redirect and the PKCE challenge, which a public client must send).
pub fn authorize(w: &mut World, env: &Env, caller: &Caller, session: BodySession, req: AuthorizeRequest) -> ApiResult<AuthorizeResponse> {
    let client = authorizing_client(w, &req.client_id, &req.redirect_uri, &req.response_type)?;
    let (member_id, organization_id) =
        consenting_member(w, env, caller, &session, req.organization_id.as_deref(), req.member_id.as_deref())?;
    let state = req.state.as_deref().filter(|s| !s.is_empty());
    if !req.consent_granted {
        let redirect = with_query(&req.redirect_uri, &[("error", Some("access_denied")), ("state", state)]);
        return Ok(AuthorizeResponse { redirect_uri: redirect, authorization_code: None });
    }
    if let Some(s) = req.scopes.iter().find(|s| !grantable(client, s)) {
        return Err(ApiError::new(400, ErrorType::InvalidScope, format!("The client cannot be granted the scope {s:?}.")));
    }
    let challenge = req.code_challenge.clone().filter(|c| !c.is_empty());
    if challenge.as_ref().is_some_and(|c| c.len() != 43 || !c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')) {
        return Err(ApiError::bad_request("code_challenge must be an S256 challenge: 43 base64url characters."));
    }
    if client.is_public() && challenge.is_none() {
        return Err(ApiError::bad_request("A public client must send a PKCE code_challenge (S256)."));
    }
    let code = env.generate.secret();
    let granted = w.connected_apps.consent_mut(&member_id, &req.client_id);
    for s in &req.scopes {
        if !granted.contains(s) {
            granted.push(s.clone());
        }
    }
    make_room(&mut w.connected_apps.codes, env.limits.sessions_per_member, &member_id, |c: &Code| (&c.member_id, c.expires_at));
    w.connected_apps.codes.insert(
        code.clone(),
        Code {
            client_id: req.client_id.clone(),
            member_id,
            organization_id,
            scopes: req.scopes.clone(),
            redirect_uri: req.redirect_uri.clone(),
            code_challenge: challenge,
            nonce: req.nonce.filter(|n| !n.is_empty()),
            expires_at: env.now + env.limits.authorization_code_seconds,
        },
    );
    let redirect = with_query(&req.redirect_uri, &[("code", Some(&code)), ("state", state)]);
    Ok(AuthorizeResponse { redirect_uri: redirect, authorization_code: Some(code) })
}

/// The client's authentication at the token, introspection and revocation endpoints: HTTP
/// Basic (`client_secret_basic`) or the body (`client_secret_post`); a public client names
/// itself only.
pub fn authenticate_client<'w>(
    w: &'w World,
    basic: Option<(String, String)>,
    client_id: Option<&str>,
    client_secret: Option<&str>,
) -> ApiResult<&'w Client> {
    let invalid =
        || ApiError::new(401, ErrorType::InvalidClient, "Client authentication failed: unknown client_id or wrong client_secret.");
    // A client named in the body authenticates there (`client_secret_post`, or a public
    // client): Stytch's SDKs send it so, beside their own project credentials in Basic.
    let (id, secret) = match (client_id.filter(|c| !c.is_empty()), basic) {
        (Some(id), _) => (id.to_string(), client_secret.map(str::to_string)),
        (None, Some((id, secret))) => (id, Some(secret)),
        (None, None) => (String::new(), None),
    };
    let client = w.connected_apps.clients.get(&id).ok_or_else(invalid)?;
    let secret = secret.filter(|s| !s.is_empty());
    match (client.is_public(), secret) {
        (true, None) => Ok(client),
        (false, Some(s)) if client.secret_matches(&s) => Ok(client),
        _ => Err(invalid()),
    }
}

/// A token answer whose JWTs are still to be signed (after the world lock is released).
pub struct UnsignedTokens {
    response: TokenResponse,
    access: Value,
    id: Option<Value>,
}

impl UnsignedTokens {
    pub fn sign(self, keys: &Keys) -> TokenResponse {
        let mut response = self.response;
        response.access_token = keys.sign(&self.access);
        response.id_token = self.id.map(|claims| keys.sign(&claims));
        response
    }
}

/// `POST /v1/oauth2/token`: an authorization code (spent only when every check passed) or a
/// refresh token, for an access token (and an ID token with `openid`, a refresh token with
/// `offline_access`).
pub fn token(w: &mut World, env: &Env, issuer: &str, basic: Option<(String, String)>, req: TokenRequest) -> ApiResult<UnsignedTokens> {
    let client = authenticate_client(w, basic, req.client_id.as_deref(), req.client_secret.as_deref())?.clone();
    let invalid_grant = |why: &str| ApiError::new(400, ErrorType::InvalidGrant, why.to_string());
    let (grant, spend_code) = match req.grant_type.as_str() {
        "authorization_code" => {
            let code = req.code.as_deref().unwrap_or_default();
            let c = w.connected_apps.codes.get(code).filter(|c| c.client_id == client.app.client_id);
            let c = c.ok_or_else(|| invalid_grant("The code is unknown, expired, spent, or another client's."))?;
            if req.redirect_uri.as_deref().is_some_and(|r| r != c.redirect_uri) {
                return Err(invalid_grant("redirect_uri differs from the authorize request's."));
            }
            if let Some(challenge) = &c.code_challenge {
                let verifier = req.code_verifier.as_deref().unwrap_or_default();
                let computed = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier.as_bytes()));
                if verifier.is_empty() || &computed != challenge {
                    return Err(invalid_grant("The code_verifier does not match the authorize request's code_challenge."));
                }
            }
            let grant = Grant {
                client_id: c.client_id.clone(),
                member_id: c.member_id.clone(),
                organization_id: c.organization_id.clone(),
                scopes: c.scopes.clone(),
                expires_at: 0,
            };
            (grant, Some((code.to_string(), c.nonce.clone())))
        }
        "refresh_token" => {
            let token = req.refresh_token.as_deref().unwrap_or_default();
            let g = w.connected_apps.refresh_tokens.get(token).filter(|g| g.client_id == client.app.client_id);
            let mut grant = g.ok_or_else(|| invalid_grant("The refresh token is unknown, expired, revoked, or another client's."))?.clone();
            if let Some(scope) = req.scope.as_deref().filter(|s| !s.trim().is_empty()) {
                let asked: Vec<String> = scope.split_whitespace().map(str::to_string).collect();
                if let Some(s) = asked.iter().find(|s| !grant.scopes.contains(s)) {
                    return Err(ApiError::new(400, ErrorType::InvalidScope, format!("The refresh token was not granted {s:?}.")));
                }
                grant.scopes = asked;
            }
            (grant, None)
        }
        // Stytch's Connected App clients act for a member; client_credentials is its M2M
        // product's grant, which a Connected App client is not authorized for (RFC 6749 5.2).
        "client_credentials" => return Err(ApiError::new(
            400,
            ErrorType::UnauthorizedClient,
            "Connected App clients may use the authorization_code and refresh_token grants only; client_credentials is for M2M clients.",
        )),
        "" => return Err(ApiError::bad_request("grant_type is required.")),
        _ => return Err(ApiError::new(400, ErrorType::UnsupportedGrantType, "grant_type must be authorization_code or refresh_token.")),
    };
    let member = w.members.get(&grant.member_id).filter(|m| m.status == MemberStatus::Active && m.organization_id == grant.organization_id);
    let member = member.ok_or_else(|| invalid_grant("The member of this grant is no longer active."))?;
    let org = &w.organizations[&grant.organization_id];

    // Every check passed: now the code is spent and the tokens made.
    let nonce = match spend_code {
        Some((code, nonce)) => {
            w.connected_apps.codes.remove(&code);
            nonce
        }
        None => None,
    };
    let expires_in = client.app.access_token_expiry_minutes * 60;
    let scope = grant.scopes.join(" ");
    let organization_claim = json!({ "organization_id": org.organization_id, "slug": org.organization_slug });
    let mut aud = vec![w.project.project_id.clone()];
    aud.extend(client.app.access_token_custom_audience.clone());
    let mut access = json!({
        "iss": issuer, "aud": aud, "sub": member.member_id, "scope": scope, "client_id": client.app.client_id,
        "iat": env.now, "nbf": env.now, "exp": env.now + expires_in, "jti": env.generate.id("access-token"),
        "https://stytch.com/organization": organization_claim,
    });
    // The client's custom claims, filled in for this member (never over the claims above).
    let custom = crate::claim_templates::claims(w, &client.app.access_token_template_content, member, env.now);
    if let Some(claims) = access.as_object_mut() {
        claims.extend(custom);
    }
    let id = grant.scopes.iter().any(|s| s == "openid").then(|| {
        let mut claims = json!({
            "iss": issuer, "aud": client.app.client_id, "sub": member.member_id, "iat": env.now, "exp": env.now + expires_in,
            "https://stytch.com/organization": organization_claim,
        });
        if let Some(n) = &nonce {
            claims["nonce"] = json!(n);
        }
        for (k, v) in profile_claims(member, &grant.scopes) {
            claims[k] = v;
        }
        // The client's ID-token claims, beside (never over) the ones the scopes give.
        if let Some(object) = claims.as_object_mut() {
            for (k, v) in crate::claim_templates::claims(w, &client.app.id_token_template_content, member, env.now) {
                object.entry(k).or_insert(v);
            }
        }
        claims
    });
    let refresh_token = match req.grant_type.as_str() {
        "authorization_code" if grant.scopes.iter().any(|s| s == "offline_access") => Some(new_refresh_token(w, env, &grant)),
        "refresh_token" => renew_refresh_token(w, env, &client, req.refresh_token.as_deref().unwrap_or_default()),
        _ => None,
    };
    let response =
        TokenResponse { access_token: String::new(), token_type: "bearer".into(), expires_in, scope, refresh_token, id_token: None };
    Ok(UnsignedTokens { response, access, id })
}

/// A refresh token for the grant, valid for the project's refresh-token lifetime.
fn new_refresh_token(w: &mut World, env: &Env, grant: &Grant) -> String {
    let token = env.generate.secret();
    make_room(&mut w.connected_apps.refresh_tokens, env.limits.sessions_per_member, &grant.member_id, |g: &Grant| {
        (&g.member_id, g.expires_at)
    });
    let stored = Grant { expires_at: env.now + env.limits.refresh_token_seconds, ..grant.clone() };
    w.connected_apps.refresh_tokens.insert(token.clone(), stored);
    token
}

/// A used refresh token, as Stytch: a public client's rotates (the answer carries the next
/// one; the used one ends, so two refreshes with it cannot both succeed); a confidential
/// client's stays and lives another full lifetime from this use (the answer carries none).
/// The stored grant keeps all its scopes even when this refresh narrowed them.
fn renew_refresh_token(w: &mut World, env: &Env, client: &Client, used: &str) -> Option<String> {
    if client.is_public() {
        let grant = w.connected_apps.refresh_tokens.remove(used)?;
        return Some(new_refresh_token(w, env, &grant));
    }
    if let Some(g) = w.connected_apps.refresh_tokens.get_mut(used) {
        g.expires_at = env.now + env.limits.refresh_token_seconds;
    }
    None
}

/// The OpenID claims of the member that the scopes allow.
fn profile_claims(member: &crate::model::Member, scopes: &[String]) -> Vec<(&'static str, Value)> {
    let has = |s: &str| scopes.iter().any(|x| x == s);
    let mut claims = Vec::new();
    if has("email") {
        claims.push(("email", json!(member.email_address)));
        claims.push(("email_verified", json!(member.email_address_verified)));
    }
    if has("profile") {
        claims.push(("name", json!(member.name)));
    }
    if has("phone") && !member.mfa_phone_number.is_empty() {
        claims.push(("phone_number", json!(member.mfa_phone_number)));
        claims.push(("phone_number_verified", json!(member.mfa_phone_number_verified)));
    }
    claims
}

/// The claims of a live access token this project issued: signed by its key for its
/// audience, not expired, not revoked, its client still there. A session JWT is no access
/// token (it has no `client_id`).
pub(crate) fn live_access_token(w: &World, env: &Env, token: &str) -> Option<Value> {
    let claims = env.keys.verify_access_token(token, &w.project.project_id)?;
    let client_id = claims["client_id"].as_str()?;
    let live = claims["exp"].as_i64().is_some_and(|exp| exp > env.now)
        && !claims["jti"].as_str().is_some_and(|j| w.connected_apps.revoked_access_tokens.contains_key(j))
        && w.connected_apps.clients.contains_key(client_id);
    live.then_some(claims)
}

/// `GET /v1/oauth2/userinfo` with `Authorization: Bearer <access token>`: the member's claims
/// that the token's scopes allow.
pub fn userinfo(w: &mut World, env: &Env, bearer: Option<String>) -> ApiResult<Value> {
    let invalid = || ApiError::new(401, ErrorType::InvalidToken, "The access token is missing, malformed, expired or revoked.");
    let claims = live_access_token(w, env, bearer.as_deref().unwrap_or_default()).ok_or_else(invalid)?;
    let member = w.members.get(claims["sub"].as_str().unwrap_or_default()).filter(|m| m.status == MemberStatus::Active);
    let member = member.ok_or_else(invalid)?;
    let scopes: Vec<String> = claims["scope"].as_str().unwrap_or_default().split_whitespace().map(str::to_string).collect();
    let mut out = Map::new();
    out.insert("sub".into(), json!(member.member_id));
    out.insert("https://stytch.com/organization".into(), claims["https://stytch.com/organization"].clone());
    for (k, v) in profile_claims(member, &scopes) {
        out.insert(k.into(), v);
    }
    Ok(Value::Object(out))
}

/// `POST /v1/oauth2/introspect` (RFC 7662): whether a token of the calling client is live,
/// and its claims. Another client's token, or any other string, is `{"active": false}`.
pub fn introspect(w: &mut World, env: &Env, basic: Option<(String, String)>, req: TokenOfClientRequest) -> ApiResult<IntrospectResponse> {
    let client_id = authenticate_client(w, basic, req.client_id.as_deref(), req.client_secret.as_deref())?.app.client_id.clone();
    if let Some(claims) = live_access_token(w, env, &req.token).filter(|c| c["client_id"] == client_id.as_str()) {
        let mut claims = claims.as_object().cloned().unwrap_or_default();
        claims.insert("token_type".into(), json!("access_token"));
        return Ok(IntrospectResponse { active: true, claims });
    }
    if let Some(g) = w.connected_apps.refresh_tokens.get(&req.token).filter(|g| g.client_id == client_id) {
        let claims = json!({
            "token_type": "refresh_token", "client_id": g.client_id, "sub": g.member_id, "scope": g.scopes.join(" "), "exp": g.expires_at,
        });
        return Ok(IntrospectResponse { active: true, claims: claims.as_object().cloned().unwrap_or_default() });
    }
    Ok(IntrospectResponse::default())
}

/// `POST /v1/oauth2/revoke` (RFC 7009): a refresh token ends; an access token introspects as
/// inactive and no longer reads userinfo. Unknown tokens succeed too, as the RFC asks.
pub fn revoke(w: &mut World, env: &Env, basic: Option<(String, String)>, req: TokenOfClientRequest) -> ApiResult<Value> {
    let client_id = authenticate_client(w, basic, req.client_id.as_deref(), req.client_secret.as_deref())?.app.client_id.clone();
    if w.connected_apps.refresh_tokens.get(&req.token).is_some_and(|g| g.client_id == client_id) {
        w.connected_apps.refresh_tokens.remove(&req.token);
    } else if let Some(claims) = live_access_token(w, env, &req.token).filter(|c| c["client_id"] == client_id.as_str()) {
        if let (Some(jti), Some(exp)) = (claims["jti"].as_str(), claims["exp"].as_i64()) {
            w.connected_apps.revoked_access_tokens.insert(jti.to_string(), exp);
        }
    }
    Ok(json!({}))
}

/// `idp.oauthLogoutStart`: where the app's logout page sends the browser once the member's
/// session ends (a `post_logout_redirect_urls` entry of the client, with the `state`), and
/// whether to ask first: not when `id_token_hint` is an ID token this project gave the client
/// for the signed-in member (OIDC RP-initiated logout).
pub fn logout_start(w: &mut World, env: &Env, caller: &Caller, req: LogoutStartRequest) -> ApiResult<LogoutStartResponse> {
    require("client_id", &req.client_id)?;
    let client = w.connected_apps.client(&req.client_id)?;
    if !client.app.post_logout_redirect_urls.iter().any(|u| *u == req.post_logout_redirect_uri) {
        return Err(ApiError::new(
            400,
            ErrorType::RedirectUriMismatch,
            "post_logout_redirect_uri is not one of the client's post_logout_redirect_urls (compared exactly).",
        ));
    }
    let token = caller.session_token(w, env.keys, &BodySession::default())?;
    let member_id = require_session(w, token.as_deref()).ok().map(|t| w.member_sessions[&t].member_id.clone());
    let hinted = req.id_token_hint.as_deref().and_then(|hint| env.keys.verify_access_token(hint, &req.client_id));
    let confirmed = hinted.is_some_and(|claims| member_id.as_deref().is_some_and(|m| claims["sub"] == m));
    let redirect_uri = with_query(&req.post_logout_redirect_uri, &[("state", req.state.as_deref().filter(|s| !s.is_empty()))]);
    Ok(LogoutStartResponse { redirect_uri, consent_required: !confirmed })
}

/// The discovery document (`/.well-known/openid-configuration`, and RFC 8414's
/// `oauth-authorization-server`), for the issuer the request reached.
pub fn discovery(w: &mut World, _env: &Env, issuer: &str) -> ApiResult<Value> {
    let scopes: Vec<&str> = SCOPES.iter().map(|(s, _)| *s).collect();
    Ok(json!({
        "issuer": issuer,
        "authorization_endpoint": w.connected_apps.authorization_url(),
        "token_endpoint": format!("{issuer}/v1/oauth2/token"),
        "userinfo_endpoint": format!("{issuer}/v1/oauth2/userinfo"),
        "introspection_endpoint": format!("{issuer}/v1/oauth2/introspect"),
        "revocation_endpoint": format!("{issuer}/v1/oauth2/revoke"),
        "registration_endpoint": format!("{issuer}/v1/oauth2/register"),
        "jwks_uri": format!("{issuer}/v1/b2b/sessions/jwks/{}", w.project.project_id),
        "scopes_supported": scopes,
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        // Not client_credentials: a Connected App client acts for a member (see `token`).
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "claims_supported": ["sub", "iss", "aud", "exp", "iat", "email", "email_verified", "name", "phone_number", "phone_number_verified"],
    }))
}

fn public(c: &Client) -> ConnectedAppPublic {
    ConnectedAppPublic {
        client_id: c.app.client_id.clone(),
        client_name: c.app.client_name.clone(),
        client_description: c.app.client_description.clone(),
        client_type: c.app.client_type.clone(),
        logo_url: c.app.logo_url.clone(),
    }
}

/// `base` with these query parameters added (those `None` left out).
fn with_query(base: &str, params: &[(&str, Option<&str>)]) -> String {
    let Ok(mut url) = url::Url::parse(base) else { return base.to_string() };
    {
        let mut q = url.query_pairs_mut();
        for (k, v) in params {
            if let Some(v) = v {
                q.append_pair(k, v);
            }
        }
    }
    url.to_string()
}
