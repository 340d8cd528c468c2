//! Custom-claim templates (oauth24), as Stytch has them for Connected Apps tokens (a client's
//! `access_token_template_content` and `id_token_template_content`, and the project's
//! access-token default for clients made by dynamic registration): a JSON object whose values may be `{{ variable }}`s, filled in from
//! the member and organization when a token is issued. A variable is a dotted path into
//! `member` (Stytch's member object, with `member.rbac.roles` and
//! `member.rbac.<resource>.actions`) or `organization`; it stands for a whole JSON value
//! (never an object key, nor part of a string), and a path that leads nowhere is `null`.
//! A template may not set a claim the issuer sets itself (`RESERVED_CLAIMS`).

use serde_json::{json, Map, Value};

use crate::model::{Member, World};

/// The tokens' own claims (access token, introspection, ID token), which a template cannot
/// set (nor Stytch's namespace).
pub const RESERVED_CLAIMS: &[&str] = &[
    "iss",
    "sub",
    "aud",
    "exp",
    "nbf",
    "iat",
    "jti",
    "scope",
    "client_id",
    "token_type",
    "active",
    "nonce",
    "auth_time",
    "azp",
    "at_hash",
];
const RESERVED_PREFIX: &str = "https://stytch.com/";

/// What stands in for the i-th variable while the template is parsed as JSON: a string no
/// template means literally (it starts with a NUL character).
fn marker(i: usize) -> String {
    format!("\u{0}stytch-emulator-variable-{i}")
}

/// A template split into JSON (with markers) and its variables' paths, in order.
struct Parsed {
    json: Value,
    variables: Vec<String>,
}

/// Reads the template: `{{ path }}` outside JSON strings becomes a marker; the rest must be
/// a JSON object whose keys are neither variables nor reserved.
fn parse(template: &str) -> Result<Parsed, String> {
    let mut text = String::with_capacity(template.len());
    let mut variables = Vec::new();
    let (mut in_string, mut escaped) = (false, false);
    let mut rest = template;
    while let Some(c) = rest.chars().next() {
        if !in_string && rest.starts_with("{{") {
            let end = rest.find("}}").ok_or("a {{ variable }} is not closed with }}.")?;
            let path = rest[2..end].trim();
            if !is_path(path) {
                return Err(format!("{{{{ {path} }}}} is not a variable: a dotted path such as member.trusted_metadata.plan."));
            }
            text.push_str(&serde_json::to_string(&marker(variables.len())).expect("a string is JSON"));
            variables.push(path.to_string());
            rest = &rest[end + 2..];
            continue;
        }
        match (in_string, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (_, false, '"') => in_string = !in_string,
            _ => {}
        }
        text.push(c);
        rest = &rest[c.len_utf8()..];
    }
    let json: Value = serde_json::from_str(&text).map_err(|e| format!("the template is not JSON: {e}"))?;
    let object = json.as_object().ok_or("the template must be a JSON object.")?;
    check_keys(object, true)?;
    Ok(Parsed { json, variables })
}

fn is_path(path: &str) -> bool {
    let mut parts = path.split('.');
    let first_ok = parts.next().is_some_and(|p| matches!(p, "member" | "organization"));
    first_ok && path.split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '$')))
}

/// No key is a variable; no top-level key is a claim the issuer sets.
fn check_keys(object: &Map<String, Value>, top: bool) -> Result<(), String> {
    for (key, value) in object {
        if key.starts_with('\u{0}') {
            return Err("a {{ variable }} can only be a value, not an object key.".into());
        }
        if top && is_reserved(key) {
            return Err(format!("the claim {key:?} is set by the authorization server and cannot be templated."));
        }
        if let Value::Object(inner) = value {
            check_keys(inner, false)?;
        }
    }
    Ok(())
}

pub fn is_reserved(claim: &str) -> bool {
    RESERVED_CLAIMS.contains(&claim) || claim.starts_with(RESERVED_PREFIX)
}

/// Whether `template` is a template (the empty one is: no claims).
pub fn check(template: &str) -> Result<(), String> {
    if template.trim().is_empty() {
        return Ok(());
    }
    parse(template).map(|_| ())
}

/// The template's claims for this member, reserved ones left out (a template written before
/// these checks, say in an imported state, cannot override them either). A template that
/// does not parse gives none: it was checked when set.
pub fn claims(w: &World, template: &str, member: &Member, now: i64) -> Map<String, Value> {
    if template.trim().is_empty() {
        return Map::new();
    }
    let Ok(parsed) = parse(template) else { return Map::new() };
    let context = context(w, member, now);
    let values: Vec<Value> = parsed.variables.iter().map(|p| lookup(&context, p)).collect();
    let Value::Object(object) = fill(parsed.json, &values) else { return Map::new() };
    object.into_iter().filter(|(k, _)| !is_reserved(k)).collect()
}

/// What the variables read: Stytch's member object (with its RBAC roles and actions) and
/// organization object.
fn context(w: &World, member: &Member, now: i64) -> Value {
    let mut m = serde_json::to_value(crate::render::member_in(w, member, now)).unwrap_or_default();
    let roles = crate::rbac::role_ids(w, member);
    let policy = &w.project.rbac_policy;
    let mut rbac = Map::new();
    for resource in &policy.resources {
        let actions: Vec<&String> = resource.actions.iter().filter(|a| policy.allows(&roles, &resource.resource_id, a)).collect();
        rbac.insert(resource.resource_id.clone(), json!({ "actions": actions }));
    }
    rbac.insert("roles".into(), json!(roles));
    m["rbac"] = Value::Object(rbac);
    let organization = w.organizations.get(&member.organization_id).map(crate::render::organization);
    json!({ "member": m, "organization": organization })
}

fn lookup(context: &Value, path: &str) -> Value {
    path.split('.').try_fold(context, |v, key| v.get(key)).cloned().unwrap_or(Value::Null)
}

/// The JSON with each marker replaced by its variable's value.
fn fill(json: Value, values: &[Value]) -> Value {
    match json {
        Value::String(s) => match s.strip_prefix("\u{0}stytch-emulator-variable-").and_then(|i| i.parse::<usize>().ok()) {
            Some(i) if i < values.len() => values[i].clone(),
            _ => Value::String(s),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(|v| fill(v, values)).collect()),
        Value::Object(object) => Value::Object(object.into_iter().map(|(k, v)| (k, fill(v, values))).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_json_objects_with_variables_as_values_only() {
        assert!(check("").is_ok());
        assert!(check(
            r#"{"plan": {{ member.trusted_metadata.plan }}, "n": [1, {{organization.organization_slug}}], "s": "{{ not a variable }}"}"#
        )
        .is_ok());
        for bad in [
            "[1]",
            "{",
            r#"{"a": {{ member.x }"#,
            r#"{ {{ member.name }}: 1 }"#,
            r#"{"sub": "me"}"#,
            r#"{"https://stytch.com/session": 1}"#,
            r#"{"a": {{ user.name }} }"#,
            r#"{"a": {{ member..x }} }"#,
        ] {
            assert!(check(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn variables_fill_whole_values_and_missing_paths_are_null() {
        let parsed = parse(r#"{"a": {{ member.x }}, "b": {"c": [{{ organization.y }}]}, "d": "{{ member.x }}"}"#).unwrap();
        let filled = fill(parsed.json, &[json!({"deep": true}), json!(3)]);
        assert_eq!(filled, json!({"a": {"deep": true}, "b": {"c": [3]}, "d": "{{ member.x }}"}));
        assert_eq!(lookup(&json!({"member": {"a": 1}}), "member.b.c"), Value::Null);
    }
}
