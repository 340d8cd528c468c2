//! The SCIM 2.0 service's discovery endpoints (oauth24; RFC 7644 §4): `/ResourceTypes` and
//! `/Schemas` (one or all) under a connection's base URL, with its bearer token like the rest;
//! `/ServiceProviderConfig` is `scim_service::service_provider_config`. They describe what
//! `ops::scim_service` serves: Users and Groups with the attributes it keeps, no extensions.

use serde_json::{json, Value};
use stytch_b2b_protocol::scim::wire::{GROUP_SCHEMA, LIST_SCHEMA, USER_SCHEMA};

use crate::env::Env;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::model::World;
use crate::ops::scim_service::{Access, Answer};

const RESOURCE_TYPE_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
const SCHEMA_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Schema";

/// The resource types: (id, endpoint, schema, description).
const RESOURCE_TYPES: &[(&str, &str, &str, &str)] = &[
    ("User", "/Users", USER_SCHEMA, "A member of the connection's organization."),
    ("Group", "/Groups", GROUP_SCHEMA, "A group of the connection, whose roles its members hold."),
];

/// `GET /ResourceTypes` and `GET /ResourceTypes/{id}`.
pub fn resource_types(w: &mut World, env: &Env, access: Access, id: Option<String>) -> ApiResult<Answer> {
    let base_url = access.admitted_base_url(w, env.now)?;
    let resource = |(name, endpoint, schema, description): &(&str, &str, &str, &str)| {
        json!({
            "schemas": [RESOURCE_TYPE_SCHEMA],
            "id": name, "name": name, "endpoint": endpoint, "description": description,
            "schema": schema, "schemaExtensions": [],
            "meta": {"resourceType": "ResourceType", "location": format!("{base_url}/ResourceTypes/{name}")},
        })
    };
    one_or_all(RESOURCE_TYPES.iter().map(|r| (r.0, resource(r))).collect(), id, "resource type")
}

/// `GET /Schemas` and `GET /Schemas/{urn}`.
pub fn schemas(w: &mut World, env: &Env, access: Access, id: Option<String>) -> ApiResult<Answer> {
    let base_url = access.admitted_base_url(w, env.now)?;
    let schema = |urn: &str, name: &str, description: &str, attributes: Vec<Value>| {
        json!({
            "schemas": [SCHEMA_SCHEMA],
            "id": urn, "name": name, "description": description, "attributes": attributes,
            "meta": {"resourceType": "Schema", "location": format!("{base_url}/Schemas/{urn}")},
        })
    };
    let all = vec![
        (USER_SCHEMA, schema(USER_SCHEMA, "User", "User Account", user_attributes())),
        (GROUP_SCHEMA, schema(GROUP_SCHEMA, "Group", "Group", group_attributes())),
    ];
    one_or_all(all, id, "schema")
}

/// The list (a ListResponse), or the one with this id (404 for another).
fn one_or_all(all: Vec<(&str, Value)>, id: Option<String>, what: &str) -> ApiResult<Answer> {
    match id {
        Some(id) => {
            let found = all.into_iter().find(|(i, _)| *i == id).map(|(_, v)| v);
            let found =
                found.ok_or_else(|| ApiError::new(404, ErrorType::ScimResourceNotFound, format!("The service has no {what} {id:?}.")))?;
            Ok((200, Some(found)))
        }
        None => {
            let resources: Vec<Value> = all.into_iter().map(|(_, v)| v).collect();
            Ok((
                200,
                Some(json!({
                    "schemas": [LIST_SCHEMA], "totalResults": resources.len(), "startIndex": 1,
                    "itemsPerPage": resources.len(), "Resources": resources,
                })),
            ))
        }
    }
}

/// An attribute's definition (RFC 7643 §7): a string, read and written, returned by default,
/// unless the caller changes the fields after.
fn attribute(name: &str, description: &str) -> Value {
    json!({
        "name": name, "type": "string", "multiValued": false, "description": description, "required": false,
        "caseExact": false, "mutability": "readWrite", "returned": "default", "uniqueness": "none",
    })
}

fn with(mut attribute: Value, fields: Value) -> Value {
    if let (Some(a), Some(f)) = (attribute.as_object_mut(), fields.as_object()) {
        a.extend(f.clone());
    }
    attribute
}

/// `emails` and `phoneNumbers`: value, type, primary.
fn multi_valued(name: &str, description: &str) -> Value {
    with(
        attribute(name, description),
        json!({"type": "complex", "multiValued": true, "subAttributes": [
            attribute("value", "The value."),
            attribute("type", "work, home, other, ..."),
            with(attribute("primary", "Whether this is the primary value."), json!({"type": "boolean"})),
        ]}),
    )
}

/// The User attributes the service keeps (`scim_service::user_resource`).
fn user_attributes() -> Vec<Value> {
    let name_parts = ["formatted", "familyName", "givenName", "middleName", "honorificPrefix", "honorificSuffix"];
    vec![
        with(
            attribute("userName", "The user's unique name: the member's email address when it is one."),
            json!({"required": true, "uniqueness": "server"}),
        ),
        with(
            attribute("name", "The user's name."),
            json!({"type": "complex", "subAttributes": name_parts.iter().map(|p| attribute(p, p)).collect::<Vec<_>>()}),
        ),
        attribute("displayName", "The name to show."),
        attribute("title", "The user's title."),
        attribute("locale", "The user's locale."),
        with(attribute("active", "false deactivates the user: the member is deleted and its sessions end."), json!({"type": "boolean"})),
        multi_valued("emails", "Email addresses; the primary (or first) one is the member's."),
        multi_valued("phoneNumbers", "Phone numbers."),
        with(
            attribute("groups", "The groups the user is in (set through the groups)."),
            json!({"type": "complex", "multiValued": true, "mutability": "readOnly", "subAttributes": [
                with(attribute("value", "The group's id."), json!({"mutability": "readOnly"})),
                with(attribute("display", "The group's name."), json!({"mutability": "readOnly"})),
            ]}),
        ),
    ]
}

/// The Group attributes the service keeps (`scim_service::group_resource`).
fn group_attributes() -> Vec<Value> {
    vec![
        with(attribute("displayName", "The group's name."), json!({"required": true})),
        with(
            attribute("members", "The group's members, by user id."),
            json!({"type": "complex", "multiValued": true, "subAttributes": [
                with(attribute("value", "The user's id."), json!({"mutability": "immutable"})),
                with(attribute("display", "The user's email address."), json!({"mutability": "readOnly"})),
            ]}),
        ),
    ]
}
