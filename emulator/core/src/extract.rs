//! Request extractors: the JSON body (errors name the offending field; [`Sent`] reads a
//! protocol request type with what the client adds beside it) and the caller,
//! authorised by Basic credentials: the public token (plus a session token when the
//! client holds one) on the SDK API, `project_id:secret` on the backend API: the B2B
//! project's on B2B routes ([`Caller`]), the consumer project's on consumer ones
//! ([`ConsumerCaller`]), as Stytch keeps the two kinds of project apart.

use axum::{
    extract::{FromRequest, FromRequestParts, Request},
    http::request::Parts,
};
use base64::Engine;
use serde::de::DeserializeOwned;

use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult, ErrorType};
use crate::jwt::Keys;
use crate::model::World;
use crate::state::App;

/// A JSON body. Unknown fields are ignored (the official client sends telemetry ids);
/// malformed JSON and missing or ill-typed fields are a 400 naming the field.
pub struct Payload<T>(pub T);

impl<T: DeserializeOwned> FromRequest<App> for Payload<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &App) -> Result<Self, ApiError> {
        let bytes =
            axum::body::Bytes::from_request(req, state).await.map_err(|_| ApiError::bad_request("Request body could not be read."))?;
        let text: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) { b"{}" } else { &bytes };
        let de = &mut serde_json::Deserializer::from_slice(text);
        serde_path_to_error::deserialize(de).map(Payload).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            if inner.is_syntax() || inner.is_eof() {
                ApiError::bad_request(format!("Request body is not valid JSON: {inner}"))
            } else if path == "." {
                ApiError::bad_request(strip_position(&inner.to_string()))
            } else {
                ApiError::bad_request(format!("{path}: {}", strip_position(&inner.to_string())))
            }
        })
    }
}

fn strip_position(msg: &str) -> String {
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// Which API a request came in on. The frontend-SDK API (`/sdk/v1`) authorises with the
/// public token, carries the session in the Authorization header and wraps answers in
/// `{"data": ...}`; the backend API (`/v1`) authorises with `project_id:secret`, carries
/// the session in the body (`session_token` or `session_jwt`) and answers unwrapped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Surface {
    Sdk,
    Backend,
}

/// The authorised caller of either API.
pub struct Caller {
    pub surface: Surface,
    /// The session token of an SDK caller's Authorization header.
    header_session: Option<String>,
    /// A backend caller's `X-Stytch-Member-Session` / `X-Stytch-Member-SessionJWT`: the
    /// member whose permissions the request runs with (members, #22; Stytch's RBAC on the
    /// backend's member and organization endpoints).
    acting_member: BodySession,
}

/// `session_token` / `session_jwt` of a backend request body (ignored on the SDK API,
/// whose session travels in the Authorization header).
#[derive(Deserialize, Default)]
pub struct BodySession {
    pub session_token: Option<String>,
    pub session_jwt: Option<String>,
}

/// A request body as a client sends it: the method's parameters (`T`, a protocol type: the
/// client's `*Options`, or a `backend` / `consumer` request type) and what the client adds
/// itself: the stored intermediate session token, the PKCE challenge or verifier of the
/// project's PKCE settings and, on the backend API, the session (`session_token` /
/// `session_jwt`). The body is read twice, as `T` and as the additions, rather than with
/// `#[serde(flatten)]`, which would lose the field an error names.
pub struct Sent<T> {
    pub options: T,
    pub intermediate_session_token: Option<String>,
    pub session: BodySession,
    pub pkce: Pkce,
}

impl<T> Sent<T> {
    /// `options` with nothing added (an operation's tests).
    #[cfg(test)]
    pub fn new(options: T) -> Self {
        Sent { options, intermediate_session_token: None, session: BodySession::default(), pkce: Pkce::default() }
    }
}

/// The PKCE values a client adds, under each endpoint's own name (Stytch's password reset
/// takes `code_challenge` / `code_verifier`, its other flows `pkce_code_*`).
#[derive(Deserialize, Default)]
pub struct Pkce {
    pub code_challenge: Option<String>,
    pub pkce_code_challenge: Option<String>,
    pub code_verifier: Option<String>,
    pub pkce_code_verifier: Option<String>,
}

/// What a client adds to a body beside the method's parameters.
#[derive(Deserialize)]
struct Added {
    intermediate_session_token: Option<String>,
    session_token: Option<String>,
    session_jwt: Option<String>,
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Sent<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let body = Value::Object(serde_json::Map::deserialize(d)?);
        let options = read_naming_the_field(&body)?;
        let added: Added = read_naming_the_field(&body)?;
        let pkce = read_naming_the_field(&body)?;
        let session = BodySession { session_token: added.session_token, session_jwt: added.session_jwt };
        Ok(Sent { options, intermediate_session_token: added.intermediate_session_token, session, pkce })
    }
}

/// `body` read as `T`; an error names the field it is about (`code: invalid type: ...`), as
/// [`Payload`]'s do.
fn read_naming_the_field<T: DeserializeOwned, E: serde::de::Error>(body: &Value) -> Result<T, E> {
    serde_path_to_error::deserialize(body).map_err(|e| {
        let path = e.path().to_string();
        match path.as_str() {
            "." => E::custom(e.into_inner()),
            _ => E::custom(format!("{path}: {}", e.into_inner())),
        }
    })
}

impl Caller {
    /// A caller of the backend API, authorised by the project's secret.
    pub fn backend() -> Self {
        Caller { surface: Surface::Backend, header_session: None, acting_member: BodySession::default() }
    }

    /// A caller of the SDK API, with the session token of its Authorization header, if any.
    pub fn sdk(header_session: Option<String>) -> Self {
        Caller { surface: Surface::Sdk, header_session, acting_member: BodySession::default() }
    }

    /// The member session a backend request runs with (its `X-Stytch-Member-Session` or
    /// `X-Stytch-Member-SessionJWT` header), if any: a token, or the JWT's session; both at
    /// once is an error, as a JWT this project did not sign.
    pub fn acting_session(&self, w: &World, keys: &Keys) -> ApiResult<Option<String>> {
        match self.surface {
            Surface::Sdk => Ok(None),
            Surface::Backend => body_session(w, keys, &w.project.project_id, &self.acting_member, |w, id| {
                w.member_sessions.iter().find(|(_, s)| s.member_session_id == id).map(|(t, _)| t.clone())
            }),
        }
    }

    /// Wraps a success body the way this caller's API does (see [`answer`]).
    pub fn respond(&self, body: impl Serialize) -> Json<Value> {
        answer(self.surface, body)
    }

    /// The member session token the caller presents, if any. On the backend API a
    /// `session_jwt` is verified and mapped to its session; giving both is an error, as on
    /// Stytch. Whether the token names a live session is checked by `member_sessions`.
    pub fn session_token(&self, w: &World, keys: &Keys, body: &BodySession) -> ApiResult<Option<String>> {
        match self.surface {
            Surface::Sdk => Ok(self.header_session.clone()),
            Surface::Backend => body_session(w, keys, &w.project.project_id, body, |w, id| {
                w.member_sessions.iter().find(|(_, s)| s.member_session_id == id).map(|(t, _)| t.clone())
            }),
        }
    }
}

/// A success body as `surface` sends it: in `{"data": ...}` on the SDK API, at the top level
/// on the backend API, with `request_id` and `status_code` either way.
pub fn answer(surface: Surface, body: impl Serialize) -> Json<Value> {
    #[derive(Serialize)]
    struct Answered<T> {
        #[serde(flatten)]
        body: T,
        request_id: String,
        status_code: u16,
    }
    let answered = Answered { body, request_id: crate::ids::request_id(), status_code: 200 };
    // Serializing the protocol's types and JSON objects cannot fail (string keys, no
    // non-finite floats).
    let v = serde_json::to_value(answered).unwrap_or_else(|_| json!({}));
    match surface {
        Surface::Sdk => Json(json!({ "data": v })),
        Surface::Backend => Json(v),
    }
}

/// Resolves a backend body's `session_token` or `session_jwt` to a session token, looking
/// a JWT's session id up with `by_id` (member sessions for B2B, user sessions for consumer).
/// A JWT must be signed by `keys` and name `project_id` as issuer and audience.
pub fn body_session(
    w: &World,
    keys: &Keys,
    project_id: &str,
    body: &BodySession,
    by_id: impl Fn(&World, &str) -> Option<String>,
) -> ApiResult<Option<String>> {
    let token = body.session_token.as_deref().filter(|t| !t.is_empty());
    let jwt = body.session_jwt.as_deref().filter(|t| !t.is_empty());
    match (token, jwt) {
        (Some(_), Some(_)) => Err(ApiError::bad_request("Pass either session_token or session_jwt, not both.")),
        (Some(t), None) => Ok(Some(t.to_string())),
        (None, Some(jwt)) => {
            let claims = keys.verify(jwt, project_id).ok_or_else(|| {
                ApiError::new(401, ErrorType::InvalidSessionJwt, "The session JWT is malformed or was not signed by this project.")
            })?;
            let id = claims[SESSION_CLAIM]["id"].as_str().unwrap_or_default();
            by_id(w, id).map(Some).ok_or_else(ApiError::session_not_found)
        }
        (None, None) => Ok(None),
    }
}

pub const SESSION_CLAIM: &str = "https://stytch.com/session";

impl FromRequestParts<App> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, ApiError> {
        let (user, secret) = basic_credentials(parts)?;
        if parts.uri.path().starts_with("/v1/") {
            let w = app.world();
            let b2b = (w.project.project_id.as_str(), w.project.secret.as_str());
            let consumer = (w.consumer_project.project_id.as_str(), w.consumer_project.secret.as_str());
            authorize_backend(&user, &secret, b2b, consumer, "B2B")?;
            let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
            let acting_member =
                BodySession { session_token: header("x-stytch-member-session"), session_jwt: header("x-stytch-member-sessionjwt") };
            return Ok(Caller { acting_member, ..Caller::backend() });
        }
        let public_token = app.world().project.public_token.clone();
        if user != public_token {
            return Err(ApiError::unauthorized_credentials());
        }
        let header_session = (secret != public_token && !secret.is_empty()).then_some(secret);
        Ok(Caller::sdk(header_session))
    }
}

/// A caller of the consumer backend API (`/v1/users`, `/v1/passwords`, `/v1/otps`,
/// `/v1/sessions`), authorised by the consumer project's `project_id:secret`. Consumer
/// projects have no frontend-SDK API here, so there is no SDK surface.
pub struct ConsumerCaller;

impl ConsumerCaller {
    /// A success body as the backend API sends it (see [`answer`]).
    pub fn respond(&self, body: impl Serialize) -> Json<Value> {
        answer(Surface::Backend, body)
    }
}

impl FromRequestParts<App> for ConsumerCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, ApiError> {
        let (user, secret) = basic_credentials(parts)?;
        let w = app.world();
        let consumer = (w.consumer_project.project_id.as_str(), w.consumer_project.secret.as_str());
        let b2b = (w.project.project_id.as_str(), w.project.secret.as_str());
        authorize_backend(&user, &secret, consumer, b2b, "consumer")?;
        Ok(ConsumerCaller)
    }
}

/// Accepts `user:secret` if it is `own` (`(project_id, secret)`); refuses anything else with
/// Stytch's `unauthorized_credentials`, saying so when it is the `other` project's pair (an
/// app that gave its B2B client the consumer project's keys, or the other way round).
fn authorize_backend(user: &str, secret: &str, own: (&str, &str), other: (&str, &str), own_kind: &str) -> ApiResult<()> {
    // Each pair compared in full (not short-circuited on the first), so timing says little.
    let matches =
        |(id, s): (&str, &str)| constant_time_eq(user.as_bytes(), id.as_bytes()) & constant_time_eq(secret.as_bytes(), s.as_bytes());
    if matches(own) {
        return Ok(());
    }
    if matches(other) {
        let other_kind = if own_kind == "B2B" { "consumer" } else { "B2B" };
        return Err(ApiError::new(
            401,
            ErrorType::UnauthorizedCredentials,
            format!(
                "These are the {other_kind} project's credentials; this is a {own_kind} endpoint, which takes the \
                 {own_kind} project's project_id and secret (a Stytch project is either B2B or consumer)."
            ),
        ));
    }
    Err(ApiError::unauthorized_credentials())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.ct_eq(b).into()
}

/// The request's HTTP Basic credentials, or Stytch's 401 when it has none.
fn basic_credentials(parts: &Parts) -> ApiResult<(String, String)> {
    parts
        .headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(parse_basic)
        .ok_or_else(ApiError::unauthorized_credentials)
}

pub fn parse_basic(header: &str) -> Option<(String, String)> {
    let encoded = header.strip_prefix("Basic ").or_else(|| header.strip_prefix("basic "))?;
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, secret) = text.split_once(':')?;
    Some((user.to_string(), secret.to_string()))
}
