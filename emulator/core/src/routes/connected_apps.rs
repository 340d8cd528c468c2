//! Connected Apps (#24): client management on the backend API, the authorize calls of an app's
//! consent page, and the OAuth 2.0 / OIDC endpoints a client calls, served by
//! `ops::connected_apps` and `ops::oauth_server`.

use axum::{
    extract::{FromRequest, Path, Request, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use base64::Engine;
use serde::de::DeserializeOwned;
use serde_json::Value;
use stytch_b2b_protocol::connected_apps::{
    AuthorizeRequest, AuthorizeStartRequest, ClientCreateRequest, ClientSearchRequest, ClientSettings, LogoutStartRequest, RegisterRequest,
    TokenOfClientRequest, TokenRequest,
};

use crate::error::{ApiError, ApiResult};
use crate::extract::{Caller, Payload, Sent};
use crate::ops::{connected_apps as clients, member_apps as apps, oauth_server as oauth};
use crate::state::App;

pub async fn create(State(app): State<App>, caller: Caller, Payload(req): Payload<ClientCreateRequest>) -> ApiResult<Json<Value>> {
    Ok(caller.respond(app.operate(|w, env| clients::create(w, env, req))?))
}

pub async fn get(State(app): State<App>, caller: Caller, Path(client_id): Path<String>) -> ApiResult<Json<Value>> {
    Ok(caller.respond(app.operate(|w, env| clients::get(w, env, client_id))?))
}

pub async fn update(
    State(app): State<App>,
    caller: Caller,
    Path(client_id): Path<String>,
    Payload(req): Payload<ClientSettings>,
) -> ApiResult<Json<Value>> {
    Ok(caller.respond(app.operate(|w, env| clients::update(w, env, client_id, req))?))
}

pub async fn delete(State(app): State<App>, caller: Caller, Path(client_id): Path<String>) -> ApiResult<Json<Value>> {
    Ok(caller.respond(app.operate(|w, env| clients::delete(w, env, client_id))?))
}

pub async fn search(State(app): State<App>, caller: Caller, Payload(req): Payload<ClientSearchRequest>) -> ApiResult<Json<Value>> {
    Ok(caller.respond(app.operate(|w, env| clients::search(w, env, req))?))
}

pub async fn rotate_start(State(app): State<App>, caller: Caller, Path(client_id): Path<String>) -> ApiResult<Json<Value>> {
    Ok(caller.respond(app.operate(|w, env| clients::rotate_start(w, env, client_id))?))
}

pub async fn rotate_cancel(State(app): State<App>, caller: Caller, Path(client_id): Path<String>) -> ApiResult<Json<Value>> {
    Ok(caller.respond(app.operate(|w, env| clients::rotate_cancel(w, env, client_id))?))
}

pub async fn rotate_complete(State(app): State<App>, caller: Caller, Path(client_id): Path<String>) -> ApiResult<Json<Value>> {
    Ok(caller.respond(app.operate(|w, env| clients::rotate_complete(w, env, client_id))?))
}

pub async fn authorize_start(
    State(app): State<App>,
    caller: Caller,
    Payload(body): Payload<Sent<AuthorizeStartRequest>>,
) -> ApiResult<Json<Value>> {
    Ok(caller.respond(app.operate(|w, env| oauth::authorize_start(w, env, &caller, body.session, body.options))?))
}

pub async fn authorize(State(app): State<App>, caller: Caller, Payload(body): Payload<Sent<AuthorizeRequest>>) -> ApiResult<Json<Value>> {
    Ok(caller.respond(app.operate(|w, env| oauth::authorize(w, env, &caller, body.session, body.options))?))
}

pub async fn token(State(app): State<App>, headers: HeaderMap, OAuthBody(req): OAuthBody<TokenRequest>) -> Result<Json<Value>, OAuthError> {
    let issuer = issuer(&headers);
    let unsigned = app.operate(|w, env| oauth::token(w, env, &issuer, client_basic(&headers), req))?;
    // Signed here, with the world unlocked: the RSA signatures are most of the call's time.
    Ok(Caller::backend().respond(unsigned.sign(&app.keys())))
}

pub async fn userinfo(State(app): State<App>, headers: HeaderMap) -> Result<Json<Value>, OAuthError> {
    let bearer =
        headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer ")).map(str::to_string);
    Ok(Caller::backend().respond(app.operate(|w, env| oauth::userinfo(w, env, bearer))?))
}

pub async fn introspect(
    State(app): State<App>,
    headers: HeaderMap,
    OAuthBody(req): OAuthBody<TokenOfClientRequest>,
) -> Result<Json<Value>, OAuthError> {
    Ok(Caller::backend().respond(app.operate(|w, env| oauth::introspect(w, env, client_basic(&headers), req))?))
}

/// The introspection path Stytch's Node SDK calls (`/v1/public/{project_id}/oauth2/introspect`).
pub async fn introspect_for_project(
    State(app): State<App>,
    Path(_project_id): Path<String>,
    headers: HeaderMap,
    body: OAuthBody<TokenOfClientRequest>,
) -> Result<Json<Value>, OAuthError> {
    introspect(State(app), headers, body).await
}

pub async fn revoke(
    State(app): State<App>,
    headers: HeaderMap,
    OAuthBody(req): OAuthBody<TokenOfClientRequest>,
) -> Result<Json<Value>, OAuthError> {
    Ok(Caller::backend().respond(app.operate(|w, env| oauth::revoke(w, env, client_basic(&headers), req))?))
}

pub async fn register(State(app): State<App>, OAuthBody(req): OAuthBody<RegisterRequest>) -> Result<Response, OAuthError> {
    let out = app.operate(|w, env| clients::register(w, env, req))?;
    Ok((StatusCode::CREATED, Caller::backend().respond(out)).into_response())
}

pub async fn discovery(State(app): State<App>, headers: HeaderMap) -> ApiResult<Json<Value>> {
    let issuer = issuer(&headers);
    Ok(Json(app.operate(|w, env| oauth::discovery(w, env, &issuer))?))
}

pub async fn discovery_for_project(State(app): State<App>, Path(_project_id): Path<String>, headers: HeaderMap) -> ApiResult<Json<Value>> {
    discovery(State(app), headers).await
}

/// The issuer a client reached: this emulator under the host name the request used (a
/// client checks that the discovery document's issuer is where it fetched it).
fn issuer(headers: &HeaderMap) -> String {
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).filter(|h| !h.is_empty() && !h.contains(['/', ' ', '"']));
    format!("http://{}", host.unwrap_or("localhost"))
}

/// `client_secret_basic`: the client's id and secret, each form-urlencoded (RFC 6749 2.3.1).
fn client_basic(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD.decode(value.trim()).ok()?;
    let (id, secret) = std::str::from_utf8(&decoded).ok()?.split_once(':')?;
    let unescape = |s: &str| form_urlencoded_value(s);
    Some((unescape(id)?, unescape(secret)?))
}

fn form_urlencoded_value(s: &str) -> Option<String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(&format!("v={s}")).ok()?.pop().map(|(_, v)| v)
}

/// An OAuth endpoint's body: a form (what OAuth clients send) or JSON (what Stytch's docs show).
pub struct OAuthBody<T>(pub T);

impl<T: DeserializeOwned> FromRequest<App> for OAuthBody<T> {
    type Rejection = OAuthError;

    async fn from_request(req: Request, state: &App) -> Result<Self, OAuthError> {
        let form = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
        if !form {
            return Ok(OAuthBody(Payload::<T>::from_request(req, state).await?.0));
        }
        let bytes =
            axum::body::Bytes::from_request(req, state).await.map_err(|_| ApiError::bad_request("Request body could not be read."))?;
        serde_urlencoded::from_bytes(&bytes).map(OAuthBody).map_err(|e| OAuthError(ApiError::bad_request(format!("The form body: {e}"))))
    }
}

/// A Stytch error body that also carries RFC 6749's `error` and `error_description`, which
/// standard OAuth clients read.
pub struct OAuthError(pub ApiError);

impl From<ApiError> for OAuthError {
    fn from(e: ApiError) -> Self {
        Self(e)
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let mut body = self.0.body();
        let code = match self.0.error_type.to_string().as_str() {
            c @ ("invalid_client"
            | "invalid_grant"
            | "invalid_scope"
            | "unsupported_grant_type"
            | "invalid_token"
            | "unauthorized_client") => c.to_string(),
            _ => "invalid_request".to_string(),
        };
        body["error"] = Value::String(code);
        body["error_description"] = Value::String(self.0.message.clone());
        let mut response = (self.0.status, Json(body)).into_response();
        if self.0.status == StatusCode::UNAUTHORIZED {
            // RFC 6750 3: a Bearer challenge; RFC 6749 5.2: a Basic one for client authentication.
            let challenge = if self.0.error_type.to_string() == "invalid_token" { "Bearer error=\"invalid_token\"" } else { "Basic" };
            response.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static(challenge));
        }
        response
    }
}

// The apps members authorized (`ops::member_apps`) and the logout page's call.

pub async fn logout_start(State(app): State<App>, caller: Caller, Payload(req): Payload<LogoutStartRequest>) -> ApiResult<Json<Value>> {
    Ok(caller.respond(app.operate(|w, env| oauth::logout_start(w, env, &caller, req))?))
}

pub async fn own_apps(State(app): State<App>, caller: Caller) -> ApiResult<Json<Value>> {
    Ok(caller.respond(app.operate(|w, env| apps::own(w, env, &caller))?))
}

pub async fn revoke_own_app(State(app): State<App>, caller: Caller, Path(connected_app_id): Path<String>) -> ApiResult<Json<Value>> {
    Ok(caller.respond(app.operate(|w, env| apps::revoke_own(w, env, &caller, connected_app_id))?))
}

pub async fn organization_apps(State(app): State<App>, caller: Caller) -> ApiResult<Json<Value>> {
    Ok(caller.respond(app.operate(|w, env| apps::of_organization(w, env, &caller, None))?))
}

pub async fn organization_app(State(app): State<App>, caller: Caller, Path(connected_app_id): Path<String>) -> ApiResult<Json<Value>> {
    Ok(caller.respond(app.operate(|w, env| apps::one_of_organization(w, env, &caller, None, connected_app_id))?))
}

pub async fn member_apps(State(app): State<App>, caller: Caller, Path(member_id): Path<String>) -> ApiResult<Json<Value>> {
    Ok(caller.respond(app.operate(|w, env| apps::of_member(w, env, &caller, None, member_id))?))
}

pub async fn revoke_member_app(
    State(app): State<App>,
    caller: Caller,
    Path((member_id, connected_app_id)): Path<(String, String)>,
) -> ApiResult<Json<Value>> {
    Ok(caller.respond(app.operate(|w, env| apps::revoke_for_member(w, env, &caller, None, member_id, connected_app_id))?))
}

pub async fn organization_apps_backend(
    State(app): State<App>,
    caller: Caller,
    Path(organization_id): Path<String>,
) -> ApiResult<Json<Value>> {
    Ok(caller.respond(app.operate(|w, env| apps::of_organization(w, env, &caller, Some(organization_id)))?))
}

pub async fn organization_app_backend(
    State(app): State<App>,
    caller: Caller,
    Path((organization_id, connected_app_id)): Path<(String, String)>,
) -> ApiResult<Json<Value>> {
    Ok(caller.respond(app.operate(|w, env| apps::one_of_organization(w, env, &caller, Some(organization_id), connected_app_id))?))
}

pub async fn member_apps_backend(
    State(app): State<App>,
    caller: Caller,
    Path((organization_id, member_id)): Path<(String, String)>,
) -> ApiResult<Json<Value>> {
    Ok(caller.respond(app.operate(|w, env| apps::of_member(w, env, &caller, Some(organization_id), member_id))?))
}

pub async fn revoke_member_app_backend(
    State(app): State<App>,
    caller: Caller,
    Path((organization_id, member_id, connected_app_id)): Path<(String, String, String)>,
) -> ApiResult<Json<Value>> {
    Ok(caller.respond(app.operate(|w, env| apps::revoke_for_member(w, env, &caller, Some(organization_id), member_id, connected_app_id))?))
}
