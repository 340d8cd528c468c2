//! Request extractors: the JSON body (errors name the offending field) and the caller's
//! Basic credentials (public token, plus a session token when the client holds one).

use axum::{
    extract::{FromRequest, FromRequestParts, Request},
    http::request::Parts,
};
use base64::Engine;
use serde::de::DeserializeOwned;

use crate::error::ApiError;
use crate::state::App;

/// A JSON body. Unknown fields are ignored (the official client sends telemetry ids);
/// malformed JSON and missing or ill-typed fields are a 400 naming the field.
pub struct Payload<T>(pub T);

impl<T: DeserializeOwned> FromRequest<App> for Payload<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &App) -> Result<Self, ApiError> {
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|_| ApiError::bad_request("Request body could not be read."))?;
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

/// The caller, authorised by `Authorization: Basic base64(public_token:secret)` where the
/// secret is the session token when the client holds one, else the public token again.
pub struct Caller {
    pub session_token: Option<String>,
}

impl FromRequestParts<App> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, ApiError> {
        let (user, secret) = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_basic)
            .ok_or_else(ApiError::unauthorized_credentials)?;
        let public_token = app.world().project.public_token.clone();
        if user != public_token {
            return Err(ApiError::unauthorized_credentials());
        }
        let session_token = (secret != public_token && !secret.is_empty()).then_some(secret);
        Ok(Caller { session_token })
    }
}

pub fn parse_basic(header: &str) -> Option<(String, String)> {
    let encoded = header.strip_prefix("Basic ").or_else(|| header.strip_prefix("basic "))?;
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, secret) = text.split_once(':')?;
    Some((user.to_string(), secret.to_string()))
}
