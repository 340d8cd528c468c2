//! The SCIM 2.0 service (RFC 7643/7644) of a connection (scim24): what an identity provider
//! calls at the connection's base URL with its bearer token to provision members (Users:
//! create, read, list with `filter`, replace, patch, delete) and groups (create, read, list,
//! patch, replace, delete). A user is a member of the connection's organization, known by
//! its `member_id` and carrying a SCIM registration; deactivating (`active: false`) or
//! deleting it marks the member deleted and ends its sessions. Groups feed RBAC through the
//! connection's `scim_group_implicit_role_assignments`.
//!
//! Errors are the emulator's `ApiError`s; `scim::service_errors` gives them SCIM's shape.

use serde_json::{json, Map, Value};
use stytch_b2b_protocol::scim::wire::{self, GROUP_SCHEMA, LIST_SCHEMA, USER_SCHEMA};
use stytch_b2b_protocol::scim::{ScimAttributes, ScimMultiValue, ScimName, ScimRegistration};
use stytch_b2b_protocol::MemberStatus;

use crate::env::Env;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::limits::{Limits, MAX_SCIM_PATCH_OPERATIONS, MAX_SCIM_TEXT_CHARS};
use crate::model::{Member, World};
use crate::scim::{registration_in, ScimConnection, ScimGroup, SERVICE_PREFIX};
use crate::text::rfc3339;

/// What a SCIM answer is: its HTTP status and body (`None`: 204, no body).
pub type Answer = (u16, Option<Value>);

/// A request's connection and credentials: the base URL's connection id, the bearer token of
/// its Authorization header, and the emulator's origin as the caller reached it.
pub struct Access {
    pub connection_id: String,
    pub bearer: Option<String>,
    pub origin: String,
}

/// The organization whose connection admitted the request.
struct Admitted {
    organization_id: String,
    connection_id: String,
    base_url: String,
}

impl Access {
    /// The connection of the base URL, if the bearer token is its (current or next); an
    /// unknown connection and a wrong token are refused alike, so neither is told apart.
    fn admit(&self, w: &World, now: i64) -> ApiResult<Admitted> {
        let refused = || ApiError::new(401, ErrorType::InvalidScimBearerToken, "The bearer token is not this SCIM connection's.");
        let presented = self.bearer.as_deref().filter(|b| !b.is_empty()).ok_or_else(refused)?;
        let org = w
            .organizations
            .values()
            .find(|o| o.scim_connection.as_ref().is_some_and(|c| c.connection_id == self.connection_id))
            .ok_or_else(refused)?;
        if !org.scim_connection.as_ref().is_some_and(|c| c.admits(presented, now)) {
            return Err(refused());
        }
        Ok(Admitted {
            organization_id: org.organization_id.clone(),
            connection_id: self.connection_id.clone(),
            base_url: format!("{}{SERVICE_PREFIX}{}", self.origin, self.connection_id),
        })
    }
}

impl Access {
    /// oauth24: the connection's base URL, once the request is admitted (the discovery
    /// endpoints' answers name it).
    pub fn admitted_base_url(&self, w: &World, now: i64) -> ApiResult<String> {
        Ok(self.admit(w, now)?.base_url)
    }
}

impl Admitted {
    fn connection<'w>(&self, w: &'w World) -> &'w ScimConnection {
        w.organizations[&self.organization_id].scim_connection.as_ref().expect("admitted")
    }

    fn connection_mut<'w>(&self, w: &'w mut World) -> &'w mut ScimConnection {
        w.organizations.get_mut(&self.organization_id).and_then(|o| o.scim_connection.as_mut()).expect("admitted")
    }

    /// A member this connection provisioned (deactivated ones too: the IdP reads them back).
    fn user<'w>(&self, w: &'w World, id: &str) -> ApiResult<&'w Member> {
        w.members
            .get(id)
            .filter(|m| self.provisioned(m))
            .ok_or_else(|| ApiError::new(404, ErrorType::ScimResourceNotFound, "The SCIM connection has no user with this id."))
    }

    fn provisioned(&self, m: &Member) -> bool {
        m.organization_id == self.organization_id && m.scim_registration.as_ref().is_some_and(|r| r.connection_id == self.connection_id)
    }

    fn group_index(&self, w: &World, id: &str) -> ApiResult<usize> {
        self.connection(w)
            .groups
            .iter()
            .position(|g| g.group_id == id)
            .ok_or_else(|| ApiError::new(404, ErrorType::ScimResourceNotFound, "The SCIM connection has no group with this id."))
    }
}

fn meta(resource_type: &str, created: i64, modified: i64, location: String) -> Value {
    json!({"resourceType": resource_type, "created": rfc3339(created), "lastModified": rfc3339(modified), "location": location})
}

fn multi(values: &[ScimMultiValue]) -> Value {
    values.iter().map(|v| json!({"value": v.value, "type": v.kind, "primary": v.primary})).collect()
}

/// A member as a SCIM User resource.
fn user_resource(w: &World, at: &Admitted, m: &Member) -> Value {
    let registration = registration_in(&w.organizations[&at.organization_id], m).unwrap_or_default();
    let a = &registration.scim_attributes;
    let mut out = json!({
        "schemas": [USER_SCHEMA],
        "id": m.member_id,
        "externalId": registration.external_id,
        "userName": a.user_name,
        "displayName": a.display_name,
        "active": a.active,
        "emails": multi(&a.emails),
        "phoneNumbers": multi(&a.phone_numbers),
        "groups": a.groups.iter().map(|g| json!({"value": g.value, "display": g.display})).collect::<Vec<_>>(),
        "title": a.title,
        "locale": a.locale,
        "meta": meta("User", m.created_at, m.updated_at, format!("{}/Users/{}", at.base_url, m.member_id)),
    });
    if let Some(n) = &a.name {
        out["name"] = json!({
            "formatted": n.formatted, "familyName": n.family_name, "givenName": n.given_name,
            "middleName": n.middle_name, "honorificPrefix": n.honorific_prefix, "honorificSuffix": n.honorific_suffix,
        });
    }
    out
}

fn group_resource(w: &World, at: &Admitted, g: &ScimGroup) -> Value {
    let display = |id: &String| w.members.get(id).map(|m| m.email_address.clone()).unwrap_or_default();
    json!({
        "schemas": [GROUP_SCHEMA],
        "id": g.group_id,
        "externalId": g.external_id,
        "displayName": g.display_name,
        "members": g.member_ids.iter().map(|id| json!({"value": id, "display": display(id)})).collect::<Vec<_>>(),
        "meta": meta("Group", g.created_at, g.updated_at, format!("{}/Groups/{}", at.base_url, g.group_id)),
    })
}

fn list(resources: Vec<Value>, total: usize, start_index: usize) -> Value {
    json!({
        "schemas": [LIST_SCHEMA],
        "totalResults": total,
        "startIndex": start_index,
        "itemsPerPage": resources.len(),
        "Resources": resources,
    })
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::bad_request(message)
}

/// SCIM wants 409 for a value another resource holds.
fn uniqueness(e: ApiError) -> ApiError {
    if e.error_type == ErrorType::DuplicateEmail {
        ApiError::new(409, ErrorType::DuplicateEmail, e.message)
    } else {
        e
    }
}

fn check_text(field: &str, value: Option<&str>) -> ApiResult<()> {
    match value {
        Some(v) if v.chars().count() > MAX_SCIM_TEXT_CHARS => Err(invalid(format!("{field}: at most {MAX_SCIM_TEXT_CHARS} characters"))),
        _ => Ok(()),
    }
}

/// A checked User resource: what the member and its registration become.
struct UserFields {
    email: String,
    name: String,
    active: bool,
    external_id: String,
    attributes: ScimAttributes,
}

impl UserFields {
    /// Reads a User resource: `userName` is required (RFC 7643); the member's email is the
    /// primary email, else the first, else a `userName` that is an email.
    fn read(user: wire::User) -> ApiResult<Self> {
        let user_name = user.user_name.clone().unwrap_or_default();
        crate::checks::require("userName", &user_name)?;
        for (field, value) in
            [("userName", Some(&user_name)), ("externalId", user.external_id.as_ref()), ("displayName", user.display_name.as_ref())]
        {
            check_text(field, value.map(String::as_str))?;
        }
        let emails = user.emails.clone().unwrap_or_default();
        let chosen = emails.iter().find(|e| e.primary == Some(true)).or(emails.first()).and_then(|e| e.value.clone());
        let email = chosen.unwrap_or_else(|| user_name.clone());
        crate::checks::check_email(&email)?;
        let name = user.name.clone().map(|n| ScimName {
            formatted: n.formatted.unwrap_or_default(),
            family_name: n.family_name.unwrap_or_default(),
            given_name: n.given_name.unwrap_or_default(),
            middle_name: n.middle_name.unwrap_or_default(),
            honorific_prefix: n.honorific_prefix.unwrap_or_default(),
            honorific_suffix: n.honorific_suffix.unwrap_or_default(),
        });
        if let Some(n) = &name {
            for part in [&n.formatted, &n.family_name, &n.given_name, &n.middle_name] {
                check_text("name", Some(part))?;
            }
        }
        let full_name = match (&user.display_name, &name) {
            (Some(d), _) if !d.is_empty() => d.clone(),
            (_, Some(n)) if !n.formatted.is_empty() => n.formatted.clone(),
            (_, Some(n)) => format!("{} {}", n.given_name, n.family_name).trim().to_string(),
            _ => String::new(),
        };
        let values = |list: Option<Vec<wire::MultiValue>>| -> Vec<ScimMultiValue> {
            list.unwrap_or_default()
                .into_iter()
                .map(|v| ScimMultiValue {
                    value: v.value.unwrap_or_default(),
                    kind: v.kind.unwrap_or_default(),
                    primary: v.primary.unwrap_or(false),
                })
                .collect()
        };
        let active = user.active.unwrap_or(true);
        let external_id = user.external_id.clone().unwrap_or_default();
        let attributes = ScimAttributes {
            user_name,
            external_id: external_id.clone(),
            active,
            display_name: user.display_name.unwrap_or_default(),
            title: user.title.unwrap_or_default(),
            locale: user.locale.unwrap_or_default(),
            emails: values(Some(emails)),
            phone_numbers: values(user.phone_numbers),
            name,
            ..Default::default()
        };
        Ok(UserFields { email, name: full_name, active, external_id, attributes })
    }

    /// Applies the checked fields to a member of the connection (new or existing): its email
    /// (another member's is refused, 409), name, registration, and status: an inactive user's
    /// member is deleted and its sessions end; an active one's is active again.
    fn apply(self, w: &mut World, env: &Env, at: &Admitted, member_id: &str) -> ApiResult<()> {
        let m = &w.members[member_id];
        if !m.email_address.eq_ignore_ascii_case(&self.email) || (self.active && m.status == MemberStatus::Deleted) {
            crate::ops::email_updates::check_email_free(w, &at.organization_id, &self.email, member_id).map_err(uniqueness)?;
        }
        if !w.members[member_id].email_address.eq_ignore_ascii_case(&self.email) {
            crate::ops::email_updates::change_email(w, env, member_id, &self.email, true, true);
        }
        let registration_id = match &w.members[member_id].scim_registration {
            Some(r) if r.connection_id == at.connection_id => r.registration_id.clone(),
            _ => env.generate.id("scim-registration"),
        };
        let m = crate::checks::member_mut(w, member_id);
        let mut attributes = self.attributes;
        attributes.id = member_id.to_string();
        m.scim_registration = Some(ScimRegistration {
            connection_id: at.connection_id.clone(),
            registration_id,
            external_id: self.external_id,
            scim_attributes: attributes,
        });
        if !self.name.is_empty() {
            m.name = self.name;
        }
        m.email_address_verified = true;
        m.updated_at = env.now;
        if self.active {
            m.status = MemberStatus::Active;
        } else if m.status != MemberStatus::Deleted {
            m.status = MemberStatus::Deleted;
            w.revoke_access(&[member_id.to_string()]);
        }
        Ok(())
    }
}

fn read_user(body: Value) -> ApiResult<wire::User> {
    serde_json::from_value(body).map_err(|e| invalid(format!("The User resource is malformed: {e}")))
}

/// `POST /Users`: a new member of the organization, or the member who already has the email
/// (linked to the connection). A user the connection already provisioned is a 409.
pub fn create_user(w: &mut World, env: &Env, access: Access, body: Value) -> ApiResult<Answer> {
    let at = access.admit(w, env.now)?;
    let fields = UserFields::read(read_user(body)?)?;
    let existing = w.member_by_email(&at.organization_id, &fields.email).map(|m| (m.member_id.clone(), at.provisioned(m)));
    let member_id = match existing {
        Some((_, true)) => {
            return Err(ApiError::new(409, ErrorType::DuplicateEmail, "The SCIM connection already provisioned a user with this email."));
        }
        Some((id, false)) => id,
        None => {
            crate::ops::email_updates::check_email_free(w, &at.organization_id, &fields.email, "").map_err(uniqueness)?;
            crate::jit::check_room(w, &at.organization_id)?;
            let m = crate::ops::organizations::new_member(env, &at.organization_id, &fields.email);
            let id = m.member_id.clone();
            w.members.insert(id.clone(), m);
            id
        }
    };
    fields.apply(w, env, &at, &member_id)?;
    Ok((201, Some(user_resource(w, &at, &w.members[&member_id]))))
}

pub fn get_user(w: &mut World, env: &Env, access: Access, id: String) -> ApiResult<Answer> {
    let at = access.admit(w, env.now)?;
    let m = at.user(w, &id)?;
    Ok((200, Some(user_resource(w, &at, m))))
}

/// `?filter=...&startIndex=1&count=100` of a list (RFC 7644 §3.4.2).
pub use stytch_b2b_protocol::scim::ScimListQuery as ListQuery;

/// The 1-based start and the page size of a list (RFC: a start below 1 is 1, a negative count 0).
fn page(q: &ListQuery, limits: &Limits) -> ApiResult<(usize, usize)> {
    let number = |field: &str, v: &Option<String>, default: i64| -> ApiResult<i64> {
        v.as_deref().map_or(Ok(default), |s| s.trim().parse::<i64>().map_err(|_| invalid(format!("{field}: must be an integer"))))
    };
    let start = number("startIndex", &q.start_index, 1)?.max(1);
    let count = number("count", &q.count, limits.scim_list_page_default as i64)?.clamp(0, limits.scim_list_page_max as i64);
    Ok((start as usize, count as usize))
}

/// One comparison of a filter: `attribute eq "value"` (or `true`/`false`).
#[derive(Debug)]
struct Comparison {
    attribute: String,
    value: Value,
}

/// Reads a filter of `eq` comparisons joined by `and` (what identity providers send to find
/// a user or group before creating it); anything else is SCIM's `invalidFilter`.
fn parse_filter(filter: &str) -> ApiResult<Vec<Comparison>> {
    let refused =
        || ApiError::new(400, ErrorType::InvalidScimFilter, "filter: the emulator reads `attribute eq \"value\"` joined by `and`.");
    let mut out = Vec::new();
    let mut rest = filter.trim();
    loop {
        let (attribute, after) = rest.split_once(char::is_whitespace).ok_or_else(refused)?;
        let after = after.trim_start();
        let after = after.get(..2).filter(|op| op.eq_ignore_ascii_case("eq")).map(|_| after[2..].trim_start()).ok_or_else(refused)?;
        let (value, after) = if let Some(quoted) = after.strip_prefix('"') {
            let end = find_closing_quote(quoted).ok_or_else(refused)?;
            let value: String = serde_json::from_str(&format!("\"{}\"", &quoted[..end])).map_err(|_| refused())?;
            (Value::String(value), &quoted[end + 1..])
        } else {
            let (word, after) = after.split_once(char::is_whitespace).unwrap_or((after, ""));
            match word.to_ascii_lowercase().as_str() {
                "true" => (Value::Bool(true), after),
                "false" => (Value::Bool(false), after),
                _ => return Err(refused()),
            }
        };
        out.push(Comparison { attribute: attribute.to_string(), value });
        let after = after.trim();
        if after.is_empty() {
            return Ok(out);
        }
        let (and, next) = after.split_once(char::is_whitespace).ok_or_else(refused)?;
        if !and.eq_ignore_ascii_case("and") {
            return Err(refused());
        }
        rest = next.trim_start();
    }
}

/// The index of the quote closing a JSON-escaped string.
fn find_closing_quote(s: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return Some(i),
            _ => escaped = false,
        }
    }
    None
}

/// Whether a resource (as its SCIM JSON) meets every comparison: attribute names compare
/// without case (RFC 7643 §2.1), and so do string values, as `userName` is not case-exact;
/// a multi-valued attribute (`emails.value`) matches when any of its values does.
fn matches(resource: &Value, filter: &[Comparison]) -> bool {
    filter.iter().all(|c| {
        let mut parts = c.attribute.splitn(2, '.');
        let (head, sub) = (parts.next().unwrap_or_default(), parts.next());
        let field = |v: &Value, name: &str| -> Option<Value> {
            v.as_object()?.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone())
        };
        let Some(found) = field(resource, head) else { return false };
        let candidates: Vec<Value> = match (sub, found) {
            (None, Value::Array(items)) => items.iter().filter_map(|i| field(i, "value")).collect(),
            (None, v) => vec![v],
            (Some(s), Value::Array(items)) => items.iter().filter_map(|i| field(i, s)).collect(),
            (Some(s), v) => field(&v, s).into_iter().collect(),
        };
        candidates.iter().any(|v| match (v, &c.value) {
            (Value::String(a), Value::String(b)) => a.eq_ignore_ascii_case(b),
            (a, b) => a == b,
        })
    })
}

fn page_of(resources: Vec<Value>, query: &ListQuery, limits: &Limits) -> ApiResult<Answer> {
    let filter = match query.filter.as_deref().filter(|f| !f.trim().is_empty()) {
        Some(f) => parse_filter(f)?,
        None => Vec::new(),
    };
    let (start, count) = page(query, limits)?;
    let found: Vec<Value> = resources.into_iter().filter(|r| matches(r, &filter)).collect();
    let total = found.len();
    let page = found.into_iter().skip(start - 1).take(count).collect();
    Ok((200, Some(list(page, total, start))))
}

/// `GET /Users`: the users the connection provisioned, filtered and paged.
pub fn list_users(w: &mut World, env: &Env, access: Access, query: ListQuery) -> ApiResult<Answer> {
    let at = access.admit(w, env.now)?;
    let users = w.members.values().filter(|m| at.provisioned(m)).map(|m| user_resource(w, &at, m)).collect();
    page_of(users, &query, env.limits)
}

/// `PUT /Users/{id}`: the resource replaces what the connection said about the member.
pub fn replace_user(w: &mut World, env: &Env, access: Access, id: String, body: Value) -> ApiResult<Answer> {
    let at = access.admit(w, env.now)?;
    at.user(w, &id)?;
    UserFields::read(read_user(body)?)?.apply(w, env, &at, &id)?;
    Ok((200, Some(user_resource(w, &at, &w.members[&id]))))
}

/// `PATCH /Users/{id}`: the operations are applied to the user's resource, which then
/// replaces it as a `PUT` would (so a patch is checked exactly as a replacement is).
pub fn patch_user(w: &mut World, env: &Env, access: Access, id: String, body: Value) -> ApiResult<Answer> {
    let at = access.admit(w, env.now)?;
    let patch = read_patch(body)?;
    let mut doc = user_resource(w, &at, at.user(w, &id)?);
    for op in &patch.operations {
        apply_operation(&mut doc, op)?;
    }
    // Entra sends `active` as the string "False".
    if let Some(s) = doc.get("active").and_then(Value::as_str).map(str::to_ascii_lowercase) {
        doc["active"] = Value::Bool(s == "true");
    }
    UserFields::read(read_user(doc)?)?.apply(w, env, &at, &id)?;
    Ok((200, Some(user_resource(w, &at, &w.members[&id]))))
}

/// `DELETE /Users/{id}`: the member is deleted, leaves the connection's groups and its
/// registration, and its sessions end.
pub fn delete_user(w: &mut World, env: &Env, access: Access, id: String) -> ApiResult<Answer> {
    let at = access.admit(w, env.now)?;
    at.user(w, &id)?;
    for g in &mut at.connection_mut(w).groups {
        g.member_ids.retain(|m| *m != id);
    }
    let m = crate::checks::member_mut(w, &id);
    m.status = MemberStatus::Deleted;
    m.scim_registration = None;
    m.updated_at = env.now;
    w.revoke_access(std::slice::from_ref(&id));
    Ok((204, None))
}

fn read_patch(body: Value) -> ApiResult<wire::PatchRequest> {
    let patch: wire::PatchRequest = serde_json::from_value(body).map_err(|e| invalid(format!("The PatchOp is malformed: {e}")))?;
    if patch.operations.is_empty() || patch.operations.len() > MAX_SCIM_PATCH_OPERATIONS {
        return Err(invalid(format!("Operations: 1 to {MAX_SCIM_PATCH_OPERATIONS} operations")));
    }
    Ok(patch)
}

/// A patch path: `attribute`, `attribute.sub`, or `attribute[key eq "value"].sub`.
struct PatchPath {
    attribute: String,
    filter: Option<(String, Value)>,
    sub: Option<String>,
}

fn parse_path(path: &str) -> ApiResult<PatchPath> {
    let bad =
        || invalid(format!("path: the emulator reads `attribute`, `attribute.sub` or `attribute[key eq \"value\"].sub`, not {path:?}"));
    let (head, filter, rest) = match path.split_once('[') {
        Some((head, rest)) => {
            let (inner, after) = rest.split_once(']').ok_or_else(bad)?;
            let mut comparisons = parse_filter(inner).map_err(|_| bad())?;
            if comparisons.len() != 1 {
                return Err(bad());
            }
            let c = comparisons.remove(0);
            (head, Some((c.attribute, c.value)), after.strip_prefix('.').map(str::to_string))
        }
        None => match path.split_once('.') {
            // A schema-qualified path (`urn:...:User:userName`) names the attribute after the last colon.
            Some((head, sub)) if !head.contains(':') => (head, None, Some(sub.to_string())),
            _ => (path.rsplit(':').next().unwrap_or(path), None, None),
        },
    };
    if head.is_empty() {
        return Err(bad());
    }
    Ok(PatchPath { attribute: head.to_string(), filter, sub: rest })
}

/// The key of `object` that is `name` without regard to case, or `name` itself.
fn key_of(object: &Map<String, Value>, name: &str) -> String {
    object.keys().find(|k| k.eq_ignore_ascii_case(name)).cloned().unwrap_or_else(|| name.to_string())
}

/// Applies one operation to a resource's JSON (RFC 7644 §3.5.2): `add`/`replace` set (an
/// `add` to a multi-valued attribute appends), `remove` deletes; with no path, the value's
/// attributes are each set.
fn apply_operation(doc: &mut Value, op: &wire::PatchOperation) -> ApiResult<()> {
    let kind = op.op.to_ascii_lowercase();
    if !["add", "replace", "remove"].contains(&kind.as_str()) {
        return Err(invalid(format!("op: must be add, replace or remove, not {:?}", op.op)));
    }
    let Some(path) = op.path.as_deref().filter(|p| !p.trim().is_empty()) else {
        let Some(Value::Object(values)) = &op.value else {
            return Err(invalid("value: an operation without a path takes an object of attributes"));
        };
        if kind == "remove" {
            return Err(invalid("path: a remove needs one"));
        }
        for (k, v) in values {
            let one = wire::PatchOperation { op: kind.clone(), path: Some(k.clone()), value: Some(v.clone()) };
            apply_operation(doc, &one)?;
        }
        return Ok(());
    };
    let p = parse_path(path)?;
    let object = doc.as_object_mut().expect("a resource is an object");
    let key = key_of(object, &p.attribute);
    let value = op.value.clone().unwrap_or(Value::Null);
    match (&p.filter, &p.sub, kind.as_str()) {
        (None, None, "remove") => {
            match (object.get_mut(&key), &op.value) {
                // `remove members` with values removes those (Entra); without, all.
                (Some(Value::Array(items)), Some(Value::Array(gone))) => {
                    items.retain(|i| !gone.iter().any(|g| g.get("value").is_some_and(|v| Some(v) == i.get("value"))));
                }
                _ => {
                    object.remove(&key);
                }
            }
        }
        (None, None, "add") if object.get(&key).is_some_and(Value::is_array) => {
            let items = object.get_mut(&key).and_then(Value::as_array_mut).expect("checked");
            match value {
                Value::Array(more) => items.extend(more),
                one => items.push(one),
            }
        }
        (None, None, _) => {
            object.insert(key, value);
        }
        (None, Some(sub), _) => {
            let inner = object.entry(key).or_insert_with(|| json!({}));
            let Some(inner) = inner.as_object_mut() else { return Err(invalid(format!("path: {path:?} is not an object"))) };
            let sub_key = key_of(inner, sub);
            if kind == "remove" {
                inner.remove(&sub_key);
            } else {
                inner.insert(sub_key, value);
            }
        }
        (Some((filter_key, filter_value)), sub, _) => {
            let items = object.entry(key).or_insert_with(|| json!([]));
            let Some(items) = items.as_array_mut() else { return Err(invalid(format!("path: {path:?} is not multi-valued"))) };
            let hit = |i: &Value| matches(i, &[Comparison { attribute: filter_key.clone(), value: filter_value.clone() }]);
            if kind == "remove" && sub.is_none() {
                items.retain(|i| !hit(i));
                return Ok(());
            }
            if !items.iter().any(hit) {
                if kind == "remove" {
                    return Ok(());
                }
                items.push(json!({ filter_key.clone(): filter_value.clone() }));
            }
            for item in items.iter_mut().filter(|i| hit(i)) {
                let Some(item) = item.as_object_mut() else { continue };
                match sub {
                    None => {
                        if let Value::Object(fields) = &value {
                            item.extend(fields.clone());
                        }
                    }
                    Some(s) if kind == "remove" => {
                        let k = key_of(item, s);
                        item.remove(&k);
                    }
                    Some(s) => {
                        let k = key_of(item, s);
                        item.insert(k, value.clone());
                    }
                }
            }
        }
    }
    Ok(())
}

/// A checked Group resource.
struct GroupFields {
    display_name: String,
    external_id: String,
    member_ids: Vec<String>,
}

impl GroupFields {
    /// `displayName` is required; each member must be a user of the connection.
    fn read(w: &World, limits: &Limits, at: &Admitted, body: Value) -> ApiResult<Self> {
        let group: wire::Group = serde_json::from_value(body).map_err(|e| invalid(format!("The Group resource is malformed: {e}")))?;
        let display_name = group.display_name.unwrap_or_default();
        crate::checks::require("displayName", &display_name)?;
        check_text("displayName", Some(&display_name))?;
        check_text("externalId", group.external_id.as_deref())?;
        let members = group.members.unwrap_or_default();
        if members.len() > limits.scim_group_members {
            return Err(invalid(format!("members: at most {}", limits.scim_group_members)));
        }
        let mut member_ids: Vec<String> = Vec::new();
        for m in members {
            w.members
                .get(&m.value)
                .filter(|m| at.provisioned(m))
                .ok_or_else(|| invalid(format!("members: {:?} is no user of this connection", m.value)))?;
            if !member_ids.contains(&m.value) {
                member_ids.push(m.value);
            }
        }
        Ok(GroupFields { display_name, external_id: group.external_id.unwrap_or_default(), member_ids })
    }
}

/// `POST /Groups`.
pub fn create_group(w: &mut World, env: &Env, access: Access, body: Value) -> ApiResult<Answer> {
    let at = access.admit(w, env.now)?;
    let fields = GroupFields::read(w, env.limits, &at, body)?;
    if at.connection(w).groups.len() >= env.limits.scim_groups {
        return Err(ApiError::new(403, ErrorType::OrganizationLimitReached, "The SCIM connection keeps no more groups."));
    }
    let group = ScimGroup {
        group_id: env.generate.id("scim-group"),
        display_name: fields.display_name,
        external_id: fields.external_id,
        member_ids: fields.member_ids,
        created_at: env.now,
        updated_at: env.now,
    };
    let answer = group_resource(w, &at, &group);
    at.connection_mut(w).groups.push(group);
    Ok((201, Some(answer)))
}

pub fn get_group(w: &mut World, env: &Env, access: Access, id: String) -> ApiResult<Answer> {
    let at = access.admit(w, env.now)?;
    let i = at.group_index(w, &id)?;
    Ok((200, Some(group_resource(w, &at, &at.connection(w).groups[i]))))
}

/// `GET /Groups`.
pub fn list_groups(w: &mut World, env: &Env, access: Access, query: ListQuery) -> ApiResult<Answer> {
    let at = access.admit(w, env.now)?;
    let groups = at.connection(w).groups.iter().map(|g| group_resource(w, &at, g)).collect();
    page_of(groups, &query, env.limits)
}

/// `PUT /Groups/{id}`: name and members replaced.
pub fn replace_group(w: &mut World, env: &Env, access: Access, id: String, body: Value) -> ApiResult<Answer> {
    let at = access.admit(w, env.now)?;
    let i = at.group_index(w, &id)?;
    let fields = GroupFields::read(w, env.limits, &at, body)?;
    store_group(w, env, &at, i, fields)
}

/// `PATCH /Groups/{id}`: members added or removed, the name replaced (applied to the
/// group's resource, then checked as a replacement).
pub fn patch_group(w: &mut World, env: &Env, access: Access, id: String, body: Value) -> ApiResult<Answer> {
    let at = access.admit(w, env.now)?;
    let i = at.group_index(w, &id)?;
    let patch = read_patch(body)?;
    let mut doc = group_resource(w, &at, &at.connection(w).groups[i]);
    for op in &patch.operations {
        apply_operation(&mut doc, op)?;
    }
    let fields = GroupFields::read(w, env.limits, &at, doc)?;
    store_group(w, env, &at, i, fields)
}

fn store_group(w: &mut World, env: &Env, at: &Admitted, i: usize, fields: GroupFields) -> ApiResult<Answer> {
    let g = &mut at.connection_mut(w).groups[i];
    g.display_name = fields.display_name;
    g.external_id = fields.external_id;
    g.member_ids = fields.member_ids;
    g.updated_at = env.now;
    let g = at.connection(w).groups[i].clone();
    Ok((200, Some(group_resource(w, at, &g))))
}

/// `DELETE /Groups/{id}`: the group and the roles it gave go.
pub fn delete_group(w: &mut World, env: &Env, access: Access, id: String) -> ApiResult<Answer> {
    let at = access.admit(w, env.now)?;
    let i = at.group_index(w, &id)?;
    let c = at.connection_mut(w);
    c.groups.remove(i);
    c.group_roles.retain(|r| r.group_id != id);
    Ok((204, None))
}

/// `GET /ServiceProviderConfig` (RFC 7644 §4): what this service supports, for a client that
/// asks before provisioning: PATCH and `filter` (up to a page's worth), nothing else optional.
pub fn service_provider_config(w: &mut World, env: &Env, access: Access) -> ApiResult<Answer> {
    let at = access.admit(w, env.now)?;
    let unsupported = || json!({"supported": false});
    Ok((
        200,
        Some(json!({
            "schemas": [wire::SERVICE_PROVIDER_CONFIG_SCHEMA],
            "patch": {"supported": true},
            "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
            "filter": {"supported": true, "maxResults": env.limits.scim_list_page_max},
            "changePassword": unsupported(),
            "sort": unsupported(),
            "etag": unsupported(),
            "authenticationSchemes": [{
                "type": "oauthbearertoken",
                "name": "Bearer token",
                "description": "The SCIM connection's bearer token, in the Authorization header.",
                "primary": true,
            }],
            "meta": {"resourceType": "ServiceProviderConfig", "location": format!("{}/ServiceProviderConfig", at.base_url)},
        })),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_read_eq_comparisons_joined_by_and() {
        let f = parse_filter(r#"userName eq "ada@example.com" and active EQ true"#).unwrap();
        assert_eq!((f[0].attribute.as_str(), &f[0].value), ("userName", &json!("ada@example.com")));
        assert_eq!(f[1].value, json!(true));
        let escaped = parse_filter(r#"displayName eq "a \"quoted\" name""#).unwrap();
        assert_eq!(escaped[0].value, json!("a \"quoted\" name"));
        for bad in ["userName", "userName co \"a\"", "userName eq", "userName eq \"a", "userName eq \"a\" or id eq \"b\"", "userName eq x"]
        {
            assert_eq!(parse_filter(bad).unwrap_err().error_type, ErrorType::InvalidScimFilter, "{bad}");
        }
    }

    #[test]
    fn a_filter_matches_names_and_strings_without_case_and_any_of_many_values() {
        let user = json!({"userName": "Ada@Example.com", "emails": [{"value": "x@y.z"}, {"value": "ada@work.test"}], "active": true});
        assert!(matches(&user, &parse_filter(r#"USERNAME eq "ada@example.com""#).unwrap()));
        assert!(matches(&user, &parse_filter(r#"emails.value eq "ada@work.test""#).unwrap()));
        assert!(!matches(&user, &parse_filter(r#"userName eq "ada@example.com" and active eq false"#).unwrap()));
    }

    #[test]
    fn patch_operations_set_append_and_remove() {
        let mut doc = json!({"userName": "a", "name": {"givenName": "A"}, "emails": [{"type": "work", "value": "a@x.test"}], "members": [{"value": "m1"}, {"value": "m2"}]});
        let op = |op: &str, path: Option<&str>, value: Value| wire::PatchOperation {
            op: op.into(),
            path: path.map(Into::into),
            value: Some(value),
        };
        apply_operation(&mut doc, &op("Replace", Some("active"), json!(false))).unwrap();
        apply_operation(&mut doc, &op("replace", Some("name.familyName"), json!("B"))).unwrap();
        apply_operation(&mut doc, &op("replace", Some(r#"emails[type eq "work"].value"#), json!("b@x.test"))).unwrap();
        apply_operation(&mut doc, &op("add", Some("members"), json!([{"value": "m3"}]))).unwrap();
        apply_operation(&mut doc, &op("remove", Some(r#"members[value eq "m1"]"#), Value::Null)).unwrap();
        apply_operation(&mut doc, &op("replace", None, json!({"displayName": "Ada"}))).unwrap();
        assert_eq!(doc["active"], json!(false));
        assert_eq!(doc["name"], json!({"givenName": "A", "familyName": "B"}));
        assert_eq!(doc["emails"], json!([{"type": "work", "value": "b@x.test"}]));
        assert_eq!(doc["members"], json!([{"value": "m2"}, {"value": "m3"}]));
        assert_eq!(doc["displayName"], json!("Ada"));
        assert!(apply_operation(&mut doc, &op("move", Some("a"), json!(1))).is_err());
    }
}
