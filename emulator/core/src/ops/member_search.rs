//! Members search: the backend's `organizations.members.search` (any organizations of the
//! project) and the SDK's `organization.members.search` (the caller's organization only), the
//! calls an app's member dashboard makes.
//!
//! The SDK's search needs the `search` action on `stytch.member` (`rbac`), which Stytch's
//! default `stytch_admin` role has and `stytch_member` has not.
//!
//! Results come in member-id order. A cursor is the last member id of the page before it,
//! encoded: it stays valid while members come and go (the next page starts after that id).

use std::collections::{BTreeMap, BTreeSet};

use base64::Engine;
use stytch_b2b_protocol as pm;
use stytch_b2b_protocol::backend::{MemberSearchOperand, MembersSearchRequest, SearchQuery};
use stytch_b2b_protocol::responses as pr;
use stytch_b2b_protocol::MemberStatus;

use crate::env::Env;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::extract::{BodySession, Caller};
use crate::limits::Limits;
use crate::member_sessions::require_session;
use crate::model::{Member, World};
use crate::render;

/// A filter the emulator's members can answer, its value checked.
enum Filter {
    MemberIds(Vec<String>),
    /// Lowercased.
    Emails(Vec<String>),
    /// Lowercased.
    EmailFuzzy(String),
    /// No emulated member is a break-glass member.
    Breakglass(bool),
    Statuses(Vec<MemberStatus>),
    PhoneNumbers(Vec<String>),
    PhoneFuzzy(String),
    PasswordExists(bool),
    /// Roles assigned to the member (`stytch_member` for all).
    Roles(Vec<String>),
}

/// The filter names the emulator answers (Stytch's; the Node SDK's types name the phone
/// filters without `mfa_`, and both spellings are taken).
const FILTER_NAMES: &[&str] = &[
    "member_ids",
    "member_emails",
    "member_email_fuzzy",
    "member_is_breakglass",
    "statuses",
    "member_mfa_phone_numbers",
    "member_phone_numbers",
    "member_mfa_phone_number_fuzzy",
    "member_phone_number_fuzzy",
    "member_password_exists",
    "member_roles",
];

/// An operand of the request, read as a filter.
struct Operand<'a>(&'a MemberSearchOperand);

impl Operand<'_> {
    fn filter(&self, limits: &Limits) -> ApiResult<Filter> {
        let name = self.0.filter_name.as_str();
        Ok(match name {
            "member_ids" => Filter::MemberIds(self.strings()?),
            "member_emails" => Filter::Emails(self.strings()?.iter().map(|e| e.to_lowercase()).collect()),
            "member_email_fuzzy" => Filter::EmailFuzzy(self.fuzzy(limits)?.to_lowercase()),
            "member_is_breakglass" => Filter::Breakglass(self.boolean()?),
            "statuses" => Filter::Statuses(self.statuses()?),
            "member_mfa_phone_numbers" | "member_phone_numbers" => Filter::PhoneNumbers(self.strings()?),
            "member_mfa_phone_number_fuzzy" | "member_phone_number_fuzzy" => Filter::PhoneFuzzy(self.fuzzy(limits)?),
            "member_password_exists" => Filter::PasswordExists(self.boolean()?),
            "member_roles" => Filter::Roles(self.strings()?),
            other => {
                return Err(ApiError::new(
                    400,
                    ErrorType::InvalidSearchFilter,
                    format!("filter_name: {other:?} is not a members search filter the emulator answers ({})", FILTER_NAMES.join(", ")),
                ))
            }
        })
    }

    fn invalid(&self, what: &str) -> ApiError {
        ApiError::bad_request(format!("filter_value of {}: must be {what}", self.0.filter_name))
    }

    fn strings(&self) -> ApiResult<Vec<String>> {
        let list = self.0.filter_value.as_array().ok_or_else(|| self.invalid("a list of strings"))?;
        list.iter().map(|v| v.as_str().map(str::to_string).ok_or_else(|| self.invalid("a list of strings"))).collect()
    }

    fn fuzzy(&self, limits: &Limits) -> ApiResult<String> {
        let min = limits.search_fuzzy_min_chars;
        let text = self.0.filter_value.as_str().filter(|t| t.chars().count() >= min);
        text.map(str::to_string).ok_or_else(|| self.invalid(&format!("a string of at least {min} characters")))
    }

    fn boolean(&self) -> ApiResult<bool> {
        self.0.filter_value.as_bool().ok_or_else(|| self.invalid("true or false"))
    }

    fn statuses(&self) -> ApiResult<Vec<MemberStatus>> {
        let statuses: Vec<MemberStatus> = self.strings()?.into_iter().map(MemberStatus::from).collect();
        match statuses.iter().find(|s| !s.is_known()) {
            Some(s) => Err(self.invalid(&format!("statuses of {}, not {:?}", MemberStatus::KNOWN.join(", "), s.as_str()))),
            None => Ok(statuses),
        }
    }
}

impl Filter {
    fn matches(&self, m: &Member) -> bool {
        let phone = m.mfa_phone_number.as_str();
        match self {
            Filter::MemberIds(ids) => ids.contains(&m.member_id),
            Filter::Emails(emails) => emails.contains(&m.email_address.to_lowercase()),
            Filter::EmailFuzzy(text) => m.email_address.to_lowercase().contains(text.as_str()),
            Filter::Breakglass(wanted) => !wanted,
            Filter::Statuses(statuses) => statuses.contains(&m.status),
            Filter::PhoneNumbers(numbers) => !phone.is_empty() && numbers.iter().any(|n| n == phone),
            Filter::PhoneFuzzy(text) => !phone.is_empty() && phone.contains(text.as_str()),
            Filter::PasswordExists(wanted) => m.password_hash.is_some() == *wanted,
            Filter::Roles(roles) => render::role_ids(m).iter().any(|id| roles.iter().any(|r| r == id)),
        }
    }

    /// Whether the filter asks for deleted members, who are left out otherwise (as on Stytch).
    fn asks_for_deleted(&self) -> bool {
        matches!(self, Filter::Statuses(s) if s.contains(&MemberStatus::Deleted))
    }
}

/// A checked query: AND (`all`) or OR of its filters.
struct Query {
    all: bool,
    filters: Vec<Filter>,
}

impl Query {
    fn parse(q: Option<&SearchQuery<MemberSearchOperand>>, limits: &Limits) -> ApiResult<Query> {
        let Some(q) = q else { return Ok(Query { all: true, filters: Vec::new() }) };
        let all = match q.operator.as_str() {
            "AND" => true,
            "OR" => false,
            other => return Err(ApiError::bad_request(format!("query.operator: must be AND or OR, not {other:?}"))),
        };
        let filters = q.operands.iter().map(|o| Operand(o).filter(limits)).collect::<ApiResult<_>>()?;
        Ok(Query { all, filters })
    }

    fn matches(&self, m: &Member) -> bool {
        let deleted_wanted = self.filters.iter().any(Filter::asks_for_deleted);
        if m.status == MemberStatus::Deleted && !deleted_wanted {
            return false;
        }
        match (self.filters.is_empty(), self.all) {
            (true, _) => true,
            (false, true) => self.filters.iter().all(|f| f.matches(m)),
            (false, false) => self.filters.iter().any(|f| f.matches(m)),
        }
    }
}

const CURSOR_PREFIX: &str = "members-after:";

fn encode_cursor(member_id: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{CURSOR_PREFIX}{member_id}"))
}

/// The member id a cursor resumes after.
fn decode_cursor(cursor: &str) -> ApiResult<String> {
    let invalid =
        || ApiError::new(400, ErrorType::InvalidSearchCursor, "cursor: pass the next_cursor of an earlier search's results_metadata.");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    text.strip_prefix(CURSOR_PREFIX).filter(|id| !id.is_empty()).map(str::to_string).ok_or_else(invalid)
}

fn page_limit(limits: &Limits, limit: Option<i64>) -> ApiResult<usize> {
    match usize::try_from(limit.unwrap_or(0)) {
        Ok(0) => Ok(limits.search_page_default),
        Ok(n) if n <= limits.search_page_max => Ok(n),
        _ => Err(ApiError::bad_request(format!("limit: must be from 0 to {}, not {}", limits.search_page_max, limit.unwrap_or(0)))),
    }
}

/// One page of the members of `organizations` the request's query matches.
fn search(w: &World, env: &Env, organizations: &BTreeSet<String>, req: &MembersSearchRequest) -> ApiResult<pr::MembersSearchResponse> {
    let limit = page_limit(env.limits, req.limit)?;
    let after = req.cursor.as_deref().filter(|c| !c.is_empty()).map(decode_cursor).transpose()?;
    let query = Query::parse(req.query.as_ref(), env.limits)?;
    let matched: Vec<&Member> = w.members.values().filter(|m| organizations.contains(&m.organization_id) && query.matches(m)).collect();
    let start = after.map_or(0, |after| matched.partition_point(|m| m.member_id <= after));
    let page = &matched[start..matched.len().min(start.saturating_add(limit))];
    let more = start + page.len() < matched.len();
    let next_cursor = page.last().filter(|_| more).map(|m| encode_cursor(&m.member_id));
    let organizations: BTreeMap<String, pm::Organization> =
        page.iter().map(|m| (m.organization_id.clone(), render::organization(&w.organizations[&m.organization_id]))).collect();
    Ok(pr::MembersSearchResponse {
        members: page.iter().map(|m| render::member_in(w, m, env.now)).collect(),
        results_metadata: pr::SearchResultsMetadata { total: matched.len() as u64, next_cursor },
        organizations,
        ..Default::default()
    })
}

/// Backend `organizations.members.search`: the organizations named (at least one, each existing).
pub fn backend_search(w: &mut World, env: &Env, _caller: &Caller, req: MembersSearchRequest) -> ApiResult<pr::MembersSearchResponse> {
    let ids = req.organization_ids.as_deref().unwrap_or_default();
    if ids.is_empty() {
        return Err(ApiError::bad_request("organization_ids: name at least one organization"));
    }
    if !ids.iter().all(|id| w.organizations.contains_key(id)) {
        return Err(ApiError::organization_not_found());
    }
    let organizations = ids.iter().cloned().collect();
    search(w, env, &organizations, &req)
}

/// SDK `organization.members.search`: the caller's session's organization, whatever the body names.
pub fn my_search(w: &mut World, env: &Env, caller: &Caller, req: MembersSearchRequest) -> ApiResult<pr::MembersSearchResponse> {
    crate::ops::members::check_member_actions_enabled(w)?;
    let session = caller.session_token(w, env.keys, &BodySession::default())?;
    let token = require_session(w, session.as_deref())?;
    let s = &w.member_sessions[&token];
    // Searching the organization's members needs `search` on `stytch.member` (not in `stytch_member`).
    crate::rbac::authorize(w, &w.members[&s.member_id], crate::rbac::MEMBER, "search", false)?;
    let organizations = BTreeSet::from([s.organization_id.clone()]);
    search(w, env, &organizations, &req)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::testing::Numbered;
    use crate::jwt::Keys;
    use crate::seed::{Seed, DEFAULT_SEED};

    /// A deleted member (no endpoint deletes one yet) is found only by asking for `deleted`.
    #[test]
    fn deleted_members_are_left_out_unless_a_statuses_filter_asks_for_them() {
        let mut w = Seed::parse(DEFAULT_SEED).unwrap().to_world(0);
        let acme = w.organizations.values().find(|o| o.organization_slug == "acme").unwrap().organization_id.clone();
        let gone = w.members.values().find(|m| m.organization_id == acme).unwrap().member_id.clone();
        w.members.get_mut(&gone).unwrap().status = MemberStatus::Deleted;
        let (keys, numbered) = (Keys::generate(), Numbered::default());
        let env = Env { now: 1_000_000, keys: &keys, generate: &numbered, limits: &crate::limits::Limits::STYTCH };
        let request = |query: Option<SearchQuery<MemberSearchOperand>>| MembersSearchRequest {
            organization_ids: Some(vec![acme.clone()]),
            cursor: None,
            limit: None,
            query,
        };
        let found = |w: &mut World, query| -> Vec<String> {
            let out = backend_search(w, &env, &Caller::backend(), request(query)).unwrap();
            out.members.into_iter().map(|m| m.member_id).collect()
        };
        assert!(!found(&mut w, None).contains(&gone));
        let statuses = |list: serde_json::Value| SearchQuery {
            operator: "AND".into(),
            operands: vec![MemberSearchOperand { filter_name: "statuses".into(), filter_value: list }],
        };
        assert_eq!(found(&mut w, Some(statuses(serde_json::json!(["deleted"])))), [gone.clone()]);
        assert!(!found(&mut w, Some(statuses(serde_json::json!(["active", "pending"])))).contains(&gone));
    }

    /// An organization's creator holds `stytch_admin` besides `stytch_member`: the roles filter
    /// finds members by the roles their answers show.
    #[test]
    fn the_roles_filter_finds_an_admin_by_either_of_its_roles() {
        let mut w = Seed::parse(DEFAULT_SEED).unwrap().to_world(0);
        let acme = w.organizations.values().find(|o| o.organization_slug == "acme").unwrap().organization_id.clone();
        let admin = w.members.values().find(|m| m.organization_id == acme).unwrap().member_id.clone();
        w.members.get_mut(&admin).unwrap().is_admin = true;
        let (keys, numbered) = (Keys::generate(), Numbered::default());
        let env = Env { now: 1_000_000, keys: &keys, generate: &numbered, limits: &crate::limits::Limits::STYTCH };
        let mut found = |role: &str| -> Vec<String> {
            let query = SearchQuery {
                operator: "AND".into(),
                operands: vec![MemberSearchOperand { filter_name: "member_roles".into(), filter_value: serde_json::json!([role]) }],
            };
            let request =
                MembersSearchRequest { organization_ids: Some(vec![acme.clone()]), cursor: None, limit: None, query: Some(query) };
            backend_search(&mut w, &env, &Caller::backend(), request).unwrap().members.into_iter().map(|m| m.member_id).collect()
        };
        assert_eq!(found("stytch_admin"), [admin.clone()]);
        assert!(found("stytch_member").len() > 1 && found("stytch_member").contains(&admin));
        assert!(found("some_custom_role").is_empty());
    }

    #[test]
    fn a_cursor_names_the_member_it_resumes_after_and_nothing_else_is_one() {
        assert_eq!(decode_cursor(&encode_cursor("member-test-1")).unwrap(), "member-test-1");
        for bad in ["%%%", "bWVtYmVyLXRlc3QtMQ", &encode_cursor(""), "_w"] {
            assert_eq!(decode_cursor(bad).unwrap_err().error_type, ErrorType::InvalidSearchCursor, "{bad}");
        }
    }
}
