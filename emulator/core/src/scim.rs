//! What the rest of the emulator asks of SCIM connections (scim24; the connections, their
//! bearer tokens and groups are kept in `model`, one per organization, as Stytch allows one):
//! the roles a member holds by a group (`scim_group_implicit_role_assignments`), the member's
//! registration as its object shows it, which requests are for the SCIM 2.0 service, and the
//! SCIM-shaped errors that service answers.

use axum::{
    body::Body,
    extract::Request,
    http::{header, HeaderValue},
    middleware::Next,
    response::Response,
};
use serde_json::{json, Value};
use stytch_b2b_protocol::scim::wire::ERROR_SCHEMA;
use stytch_b2b_protocol::scim::{ScimGroupReference, ScimRegistration};

use crate::error::ErrorType;
pub use crate::model::{BearerToken, GroupRole, ScimConnection, ScimGroup};
use crate::model::{Member, Organization, World};

/// The roles a member holds through their SCIM connection's groups: `(role_id,
/// connection_id, group_id)`, in the connection's order.
pub fn group_roles(w: &World, m: &Member) -> Vec<(String, String, String)> {
    let Some(registration) = &m.scim_registration else { return Vec::new() };
    let Some(c) = w.organizations.get(&m.organization_id).and_then(|o| o.scim_connection.as_ref()) else { return Vec::new() };
    if c.connection_id != registration.connection_id {
        return Vec::new();
    }
    c.group_roles
        .iter()
        .filter(|r| c.group(&r.group_id).is_some_and(|g| g.member_ids.contains(&m.member_id)))
        .map(|r| (r.role_id.clone(), c.connection_id.clone(), r.group_id.clone()))
        .collect()
}

/// The member's registration as the member object shows it: the stored attributes, with the
/// member's groups of the connection (None when the member has no registration).
pub fn registration_in(org: &Organization, m: &Member) -> Option<ScimRegistration> {
    let mut r = m.scim_registration.clone()?;
    if let Some(c) = org.scim_connection.as_ref().filter(|c| c.connection_id == r.connection_id) {
        r.scim_attributes.groups = c
            .groups
            .iter()
            .filter(|g| g.member_ids.contains(&m.member_id))
            .map(|g| ScimGroupReference { value: g.group_id.clone(), display: g.display_name.clone() })
            .collect();
    }
    Some(r)
}

/// Where the SCIM 2.0 service is mounted: `{base_url}` is `/v1/b2b/scim/{connection_id}`, as
/// Stytch's connections' base URLs are.
pub const SERVICE_PREFIX: &str = "/v1/b2b/scim/";

/// Whether a request is for the SCIM 2.0 service (`/v1/b2b/scim/{connection_id}/Users...`),
/// not for the backend's connection management (`/v1/b2b/scim/{organization_id}/connection...`).
pub fn is_service_path(path: &str) -> bool {
    let Some(rest) = path.strip_prefix(SERVICE_PREFIX) else { return false };
    let mut segments = rest.split('/');
    let id = segments.next().unwrap_or_default();
    matches!(segments.next(), Some(resource) if !id.is_empty() && !resource.is_empty() && resource != "connection")
}

/// The SCIM 2.0 service answers its errors as RFC 7644 §3.12 shapes them (`schemas`,
/// `status` as a string, `scimType`, `detail`), with Stytch's fields beside them so that the
/// emulator's one error vocabulary still holds; every error of a service path, including the
/// guards' (body too large, wrong content type) and unknown routes, is reshaped here.
pub async fn service_errors(req: Request, next: Next) -> Response {
    let service = is_service_path(req.uri().path());
    let resp = next.run(req).await;
    if !service || resp.status().as_u16() < 400 {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, crate::limits::MAX_BODY_BYTES).await.unwrap_or_default();
    let mut v: Value = serde_json::from_slice(&bytes).unwrap_or_else(|_| json!({}));
    let kind = v["error_type"].as_str().and_then(scim_type);
    let detail = v["error_message"].as_str().unwrap_or("The request could not be served.").to_string();
    if let Value::Object(o) = &mut v {
        o.insert("schemas".into(), json!([ERROR_SCHEMA]));
        o.insert("status".into(), json!(parts.status.as_u16().to_string()));
        o.insert("detail".into(), json!(detail));
        if let Some(kind) = kind {
            o.insert("scimType".into(), json!(kind));
        }
    }
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(v.to_string()))
}

/// The media type of SCIM answers (RFC 7644 §8.1).
pub const CONTENT_TYPE: &str = "application/scim+json";

/// RFC 7644's `scimType` for the emulator's error types (as an error body names them) that have one.
fn scim_type(error_type: &str) -> Option<&'static str> {
    let kinds = [
        (ErrorType::DuplicateEmail, "uniqueness"),
        (ErrorType::InvalidScimFilter, "invalidFilter"),
        (ErrorType::BadRequest, "invalidValue"),
        (ErrorType::InvalidEmail, "invalidValue"),
    ];
    kinds.into_iter().find(|(t, _)| t.to_string() == error_type).map(|(_, kind)| kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_paths_are_told_from_connection_management() {
        for p in ["/v1/b2b/scim/scim-connection-1/Users", "/v1/b2b/scim/c/Users/m", "/v1/b2b/scim/c/Groups", "/v1/b2b/scim/c/x"] {
            assert!(is_service_path(p), "{p}");
        }
        for p in [
            "/v1/b2b/scim/org/connection",
            "/v1/b2b/scim/org/connection/c/rotate/start",
            "/v1/b2b/scim/c",
            "/v1/b2b/scim//Users",
            "/sdk/v1/b2b/scim/c/Users",
            "/v1/b2b/scim/c/",
        ] {
            assert!(!is_service_path(p), "{p}");
        }
    }

    #[test]
    fn a_token_is_admitted_until_it_lapses_and_only_itself() {
        let t = BearerToken { token: "abcdefgh".into(), expires_at: 100 };
        assert!(t.admits("abcdefgh", 99) && !t.admits("abcdefgh", 100) && !t.admits("abcdefg", 0) && !t.admits("", 0));
        assert_eq!(t.last_four(), "efgh");
    }
}
