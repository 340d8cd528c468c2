//! Connected App clients (#24), on the backend API (`/v1/connected_apps/clients`, what Stytch's
//! Node and Python SDKs' `connectedApp.clients` call) and by dynamic client registration
//! (`POST /v1/oauth2/register`, RFC 7591, which an MCP client uses before it signs in).

use stytch_b2b_protocol::connected_apps::{
    ClientCreateRequest, ClientDeleteResponse, ClientResponse, ClientSearchRequest, ClientSearchResponse, ClientSettings, ConnectedApp,
    ConnectedAppsSettings, RegisterRequest, RegisterResponse, ResultsMetadata,
};

use crate::checks::require;
use crate::connected_apps::{last_four, Client, CLIENT_TYPES};
use crate::env::Env;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::limits::Limits;
use crate::model::World;

/// `POST /v1/connected_apps/clients`: a client, with its secret shown this once (none for a
/// public client).
pub fn create(w: &mut World, env: &Env, req: ClientCreateRequest) -> ApiResult<ClientResponse> {
    if !CLIENT_TYPES.contains(&req.client_type.as_str()) {
        return Err(ApiError::bad_request(format!("client_type must be one of {}.", CLIENT_TYPES.join(", "))));
    }
    check_settings(env.limits, &req.settings)?;
    check_room(w, env.limits)?;
    let mut app = ConnectedApp {
        client_id: env.generate.id("connected-app"),
        client_type: req.client_type,
        status: "active".into(),
        creation_method: "manual".into(),
        access_token_expiry_minutes: env.limits.access_token_default_minutes,
        ..Default::default()
    };
    apply(&mut app, req.settings);
    Ok(ClientResponse { connected_app: add(w, env, app) })
}

/// `GET /v1/connected_apps/clients/{client_id}`.
pub fn get(w: &mut World, _env: &Env, client_id: String) -> ApiResult<ClientResponse> {
    Ok(ClientResponse { connected_app: w.connected_apps.client(&client_id)?.app.clone() })
}

/// `PUT /v1/connected_apps/clients/{client_id}`: the fields given change, the rest stay.
pub fn update(w: &mut World, env: &Env, client_id: String, settings: ClientSettings) -> ApiResult<ClientResponse> {
    w.connected_apps.client(&client_id)?;
    check_settings(env.limits, &settings)?;
    let client = w.connected_apps.client_mut(&client_id)?;
    apply(&mut client.app, settings);
    Ok(ClientResponse { connected_app: client.app.clone() })
}

/// `DELETE /v1/connected_apps/clients/{client_id}`: its codes, refresh tokens and consents end
/// with it; its access tokens no longer introspect as active.
pub fn delete(w: &mut World, _env: &Env, client_id: String) -> ApiResult<ClientDeleteResponse> {
    w.connected_apps.client(&client_id)?;
    w.connected_apps.clients.remove(&client_id);
    w.connected_apps.forget(None, Some(&client_id));
    Ok(ClientDeleteResponse { client_id })
}

/// `POST /v1/connected_apps/clients/search`: every client, oldest first, a page at a time (the
/// cursor is the last `client_id` of the page before).
pub fn search(w: &mut World, _env: &Env, req: ClientSearchRequest) -> ApiResult<ClientSearchResponse> {
    let limit = match req.limit {
        None => 100,
        Some(l) if (1..=1000).contains(&l) => l as usize,
        Some(_) => return Err(ApiError::bad_request("limit must be between 1 and 1000.")),
    };
    let mut all: Vec<&Client> = w.connected_apps.clients.values().collect();
    all.sort_by_key(|c| c.number);
    let start = match req.cursor.as_deref().filter(|c| !c.is_empty()) {
        None => 0,
        Some(c) => all
            .iter()
            .position(|x| x.app.client_id == c)
            .map(|i| i + 1)
            .ok_or_else(|| ApiError::bad_request("cursor is not one this search answered."))?,
    };
    let page: Vec<ConnectedApp> = all.iter().skip(start).take(limit).map(|c| c.app.clone()).collect();
    let next_cursor = (start + page.len() < all.len()).then(|| page.last().map(|a| a.client_id.clone())).flatten();
    Ok(ClientSearchResponse { connected_apps: page, results_metadata: ResultsMetadata { total: all.len() as i64, next_cursor } })
}

/// `POST .../secrets/rotate/start`: a next secret, shown this once, valid alongside the current one.
pub fn rotate_start(w: &mut World, env: &Env, client_id: String) -> ApiResult<ClientResponse> {
    let client = w.connected_apps.client(&client_id)?;
    if client.is_public() {
        return Err(ApiError::bad_request("A public client has no secret to rotate."));
    }
    let secret = env.generate.secret();
    let client = w.connected_apps.client_mut(&client_id)?;
    client.next_secret_hash = Some(crate::connected_apps::hash_secret(&secret));
    client.app.next_client_secret_last_four = Some(last_four(&secret));
    let mut app = client.app.clone();
    app.next_client_secret = Some(secret);
    Ok(ClientResponse { connected_app: app })
}

/// `POST .../secrets/rotate/cancel`: the next secret is dropped.
pub fn rotate_cancel(w: &mut World, _env: &Env, client_id: String) -> ApiResult<ClientResponse> {
    rotating(w, &client_id)?;
    let client = w.connected_apps.client_mut(&client_id)?;
    client.next_secret_hash = None;
    client.app.next_client_secret_last_four = None;
    Ok(ClientResponse { connected_app: client.app.clone() })
}

/// `POST .../secrets/rotate`: the next secret becomes the secret; the old one stops working.
pub fn rotate_complete(w: &mut World, _env: &Env, client_id: String) -> ApiResult<ClientResponse> {
    rotating(w, &client_id)?;
    let client = w.connected_apps.client_mut(&client_id)?;
    client.secret_hash = client.next_secret_hash.take();
    client.app.client_secret_last_four = client.app.next_client_secret_last_four.take();
    Ok(ClientResponse { connected_app: client.app.clone() })
}

fn rotating(w: &World, client_id: &str) -> ApiResult<()> {
    if w.connected_apps.client(client_id)?.next_secret_hash.is_none() {
        return Err(ApiError::bad_request("No secret rotation was started for this client."));
    }
    Ok(())
}

/// `POST /v1/oauth2/register`: a third-party client registered by the client itself (RFC 7591),
/// public when it asks for no client authentication (`token_endpoint_auth_method: none`).
pub fn register(w: &mut World, env: &Env, req: RegisterRequest) -> ApiResult<RegisterResponse> {
    let method = req.token_endpoint_auth_method.clone().unwrap_or_else(|| "client_secret_basic".into());
    let client_type = match method.as_str() {
        "none" => "third_party_public",
        "client_secret_basic" | "client_secret_post" => "third_party",
        _ => return Err(ApiError::bad_request("token_endpoint_auth_method must be none, client_secret_basic or client_secret_post.")),
    };
    if let Some(grants) = &req.grant_types {
        if grants.iter().any(|g| g != "authorization_code" && g != "refresh_token") {
            return Err(ApiError::new(400, ErrorType::UnsupportedGrantType, "grant_types may be authorization_code and refresh_token."));
        }
    }
    if req.redirect_uris.is_empty() {
        return Err(ApiError::bad_request("redirect_uris must name at least one URL."));
    }
    let settings = ClientSettings {
        client_name: req.client_name.clone(),
        redirect_urls: Some(req.redirect_uris.clone()),
        logo_url: req.logo_uri.clone(),
        access_token_template_content: Some(w.connected_apps.dynamic_client_registration_access_token_template_content.clone()),
        ..Default::default()
    };
    check_settings(env.limits, &settings)?;
    check_room(w, env.limits)?;
    let mut app = ConnectedApp {
        client_id: env.generate.id("connected-app"),
        client_type: client_type.into(),
        status: "active".into(),
        creation_method: "dynamic".into(),
        access_token_expiry_minutes: env.limits.access_token_default_minutes,
        ..Default::default()
    };
    apply(&mut app, settings);
    let app = add(w, env, app);
    Ok(RegisterResponse {
        client_id: app.client_id.clone(),
        client_name: app.client_name.clone(),
        redirect_uris: app.redirect_urls.clone(),
        token_endpoint_auth_method: method,
        grant_types: req.grant_types.unwrap_or_else(|| vec!["authorization_code".into(), "refresh_token".into()]),
        response_types: vec!["code".into()],
        client_id_issued_at: env.now,
        client_secret_expires_at: app.client_secret.as_ref().map(|_| 0),
        client_secret: app.client_secret,
    })
}

/// Stores a new client; a confidential one gets its secret, answered this once.
fn add(w: &mut World, env: &Env, mut app: ConnectedApp) -> ConnectedApp {
    let number = w.connected_apps.next_client_number;
    w.connected_apps.next_client_number += 1;
    let mut client = Client { number, ..Default::default() };
    let secret = (!app.client_type.ends_with("_public")).then(|| env.generate.secret());
    if let Some(s) = &secret {
        client.secret_hash = Some(crate::connected_apps::hash_secret(s));
        app.client_secret_last_four = Some(last_four(s));
    }
    client.app = app.clone();
    w.connected_apps.clients.insert(app.client_id.clone(), client);
    app.client_secret = secret;
    app
}

/// The number of clients is bounded: registration needs no credentials.
fn check_room(w: &World, limits: &Limits) -> ApiResult<()> {
    let max = limits.connected_app_clients;
    if w.connected_apps.clients.len() >= max {
        return Err(ApiError::new(
            400,
            ErrorType::ConnectedAppLimitReached,
            format!("The project has {max} Connected App clients, the emulator's limit; delete one first."),
        ));
    }
    Ok(())
}

fn check_settings(limits: &Limits, s: &ClientSettings) -> ApiResult<()> {
    let (max_text, max_urls, minutes) = (limits.connected_app_text_bytes, limits.connected_app_redirect_urls, &limits.access_token_minutes);
    for (field, value) in [
        ("client_name", &s.client_name),
        ("client_description", &s.client_description),
        ("logo_url", &s.logo_url),
        ("access_token_custom_audience", &s.access_token_custom_audience),
        ("access_token_template_content", &s.access_token_template_content),
        ("id_token_template_content", &s.id_token_template_content),
    ] {
        if value.as_ref().is_some_and(|v| v.len() > max_text) {
            return Err(ApiError::bad_request(format!("{field} is longer than {max_text} bytes.")));
        }
    }
    check_template("access_token_template_content", s.access_token_template_content.as_deref())?;
    check_template("id_token_template_content", s.id_token_template_content.as_deref())?;
    for (field, urls) in [("redirect_urls", &s.redirect_urls), ("post_logout_redirect_urls", &s.post_logout_redirect_urls)] {
        let Some(urls) = urls else { continue };
        if urls.len() > max_urls {
            return Err(ApiError::bad_request(format!("{field} may name at most {max_urls} URLs.")));
        }
        for u in urls {
            require(field, u)?;
            check_redirect_url(field, u)?;
        }
    }
    if let Some(m) = s.access_token_expiry_minutes {
        if !minutes.contains(&m) {
            let (lo, hi) = (minutes.start(), minutes.end());
            return Err(ApiError::bad_request(format!("access_token_expiry_minutes must be between {lo} and {hi}.")));
        }
    }
    Ok(())
}

/// oauth24: a custom-claims template is a JSON object of claims the issuer does not set itself.
fn check_template(field: &str, template: Option<&str>) -> ApiResult<()> {
    match template.map(crate::claim_templates::check) {
        Some(Err(why)) => Err(ApiError::bad_request(format!("{field}: {why}"))),
        _ => Ok(()),
    }
}

/// oauth24: the project's Connected Apps settings (the control API's and the console's).
pub fn settings(w: &World) -> ConnectedAppsSettings {
    ConnectedAppsSettings {
        idp_authorization_url: Some(w.connected_apps.authorization_url().to_string()),
        idp_dynamic_client_registration_access_token_template_content: Some(
            w.connected_apps.dynamic_client_registration_access_token_template_content.clone(),
        ),
    }
}

/// Changes the settings given: the authorization URL must be an http(s) URL without a
/// fragment (it is where clients send browsers; empty: the default again), the template a
/// template. Nothing changes unless all are good.
pub fn update_settings(w: &mut World, env: &Env, req: ConnectedAppsSettings) -> ApiResult<ConnectedAppsSettings> {
    let max = env.limits.connected_app_text_bytes;
    let url = req.idp_authorization_url.map(|u| u.trim().to_string());
    if let Some(u) = url.as_deref().filter(|u| !u.is_empty()) {
        let parsed = url::Url::parse(u).ok().filter(|p| matches!(p.scheme(), "http" | "https") && p.fragment().is_none());
        if parsed.is_none() || u.len() > max {
            return Err(ApiError::bad_request(format!(
                "idp_authorization_url must be an absolute http(s) URL without a fragment, at most {max} bytes."
            )));
        }
    }
    let template = req.idp_dynamic_client_registration_access_token_template_content;
    if template.as_ref().is_some_and(|t| t.len() > max) {
        return Err(ApiError::bad_request(format!(
            "idp_dynamic_client_registration_access_token_template_content is longer than {max} bytes."
        )));
    }
    check_template("idp_dynamic_client_registration_access_token_template_content", template.as_deref())?;
    if let Some(u) = url {
        w.connected_apps.authorization_url = Some(u).filter(|u| !u.is_empty());
    }
    if let Some(t) = template {
        w.connected_apps.dynamic_client_registration_access_token_template_content = t;
    }
    Ok(settings(w))
}

/// An absolute URL with no fragment (RFC 6749 3.1.2); `http` only for loopback hosts, as an
/// authorization server should (a native or local app), any other scheme for a native app's
/// own (`com.example.app:/callback`).
fn check_redirect_url(field: &str, raw: &str) -> ApiResult<()> {
    let bad = |why: &str| ApiError::new(400, ErrorType::InvalidRedirectUrl, format!("{field}: {why}"));
    let url = url::Url::parse(raw).map_err(|_| bad("each must be an absolute URL."))?;
    if url.fragment().is_some() {
        return Err(bad("a redirect URL may not have a fragment."));
    }
    if matches!(url.scheme(), "javascript" | "data" | "file" | "vbscript") {
        return Err(bad("this scheme cannot be a redirect URL."));
    }
    let loopback = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    if url.scheme() == "http" && !loopback {
        return Err(bad("http is only for loopback hosts (localhost, 127.0.0.1, [::1]); use https."));
    }
    Ok(())
}

fn apply(app: &mut ConnectedApp, s: ClientSettings) {
    let set_text = |field: &mut String, v: Option<String>| {
        if let Some(v) = v {
            *field = v;
        }
    };
    set_text(&mut app.client_name, s.client_name);
    set_text(&mut app.client_description, s.client_description);
    set_text(&mut app.access_token_template_content, s.access_token_template_content);
    set_text(&mut app.id_token_template_content, s.id_token_template_content);
    if let Some(v) = s.redirect_urls {
        app.redirect_urls = v;
    }
    if let Some(v) = s.post_logout_redirect_urls {
        app.post_logout_redirect_urls = v;
    }
    if let Some(v) = s.full_access_allowed {
        app.full_access_allowed = v;
    }
    if let Some(v) = s.access_token_expiry_minutes {
        app.access_token_expiry_minutes = v;
    }
    if let Some(v) = s.bypass_consent_for_offline_access {
        app.bypass_consent_for_offline_access = v;
    }
    if s.access_token_custom_audience.is_some() {
        app.access_token_custom_audience = s.access_token_custom_audience.filter(|a| !a.is_empty());
    }
    if s.logo_url.is_some() {
        app.logo_url = s.logo_url.filter(|a| !a.is_empty());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::testing::assert_refusals_change_nothing;

    #[test]
    fn a_refused_registration_adds_no_client_and_draws_nothing() {
        let with_redirect = |u: &str| RegisterRequest { redirect_uris: vec![u.into()], ..Default::default() };
        assert_refusals_change_nothing(
            |w, env, _caller, req| register(w, env, req),
            [
                (with_redirect("http://evil.example/cb"), ErrorType::InvalidRedirectUrl),
                (with_redirect("https://app.example/cb#x"), ErrorType::InvalidRedirectUrl),
                (with_redirect("javascript:alert(1)"), ErrorType::InvalidRedirectUrl),
                (RegisterRequest::default(), ErrorType::BadRequest),
                (
                    RegisterRequest { grant_types: Some(vec!["password".into()]), ..with_redirect("https://app.example/cb") },
                    ErrorType::UnsupportedGrantType,
                ),
            ],
        );
    }
}
