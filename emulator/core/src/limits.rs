//! Every limit the emulator enforces, in one place. The README's "Limits and security"
//! section documents these numbers; change them together.

use std::time::Duration;

/// Largest request body accepted; larger ones get 413 `request_too_large`.
pub const MAX_BODY_BYTES: usize = 1 << 20;
/// A client must send a request's headers within this time, or the connection is closed
/// (this also closes idle keep-alive connections).
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest path and query accepted; longer ones get 414 `uri_too_long`.
pub const MAX_URI_BYTES: usize = 8 * 1024;
/// A client must send a request's body within this time, or gets 408 `request_timeout`.
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Open connections served at once; further ones wait in the kernel's accept queue.
pub const MAX_CONNECTIONS: usize = 1024;
/// How long the accept loop pauses after an accept error (e.g. out of file descriptors),
/// instead of spinning on it.
pub const ACCEPT_ERROR_BACKOFF: Duration = Duration::from_millis(50);
/// hyper's read buffer per connection: the request line and headers must fit in it
/// (larger answers 431). Smaller than hyper's 400 KB default, to bound memory per connection.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;

/// The request log (`/_emulator/requests`) keeps the newest this many records.
pub const REQUEST_LOG_CAP: usize = 1000;
/// Each header value in the request log is cut to this many bytes, and at most this many
/// headers and body keys are kept per record.
pub const REQUEST_LOG_VALUE_BYTES: usize = 256;
pub const REQUEST_LOG_MAX_ENTRIES: usize = 32;
/// The outbox keeps the newest this many messages.
pub const OUTBOX_CAP: usize = 1000;
/// At most this many fault rules at once, each delaying at most this long.
pub const MAX_FAULTS: usize = 100;
pub const MAX_FAULT_DELAY_MS: u64 = 60_000;
/// The emulator's clock may be moved at most this far from the real one (100 years), so
/// every timestamp stays far inside what `i64` seconds and RFC 3339 can hold.
pub const MAX_CLOCK_OFFSET_SECONDS: i64 = 100 * 366 * 24 * 3600;

/// Live sessions, intermediate sessions and magic links kept per member; a new one beyond
/// this evicts that member's oldest, so a login loop cannot grow memory without bound.
pub const MAX_SESSIONS_PER_MEMBER: usize = 100;

/// Evicts this member's oldest entries (by `age`) so that one more fits under
/// `MAX_SESSIONS_PER_MEMBER`; a login loop cannot grow the maps without bound.
pub(crate) fn make_room<V>(map: &mut std::collections::HashMap<String, V>, member_id: &str, owner_and_age: impl Fn(&V) -> (&str, i64)) {
    let mut mine: Vec<(i64, String)> =
        map.iter().filter(|(_, v)| owner_and_age(v).0 == member_id).map(|(k, v)| (owner_and_age(v).1, k.clone())).collect();
    if mine.len() < MAX_SESSIONS_PER_MEMBER {
        return;
    }
    mine.sort();
    for (_, key) in mine.iter().take(mine.len() + 1 - MAX_SESSIONS_PER_MEMBER) {
        map.remove(key);
    }
}
/// Discovery links, and discovery sessions, kept at once over all emails: they name an email,
/// not a member, so a send loop over fresh addresses is bounded here (the oldest go first).
pub const MAX_DISCOVERY_ENTRIES: usize = 10_000;

/// Evicts the entries that expire first so that one more fits under `cap`.
pub(crate) fn make_room_overall<V>(map: &mut std::collections::HashMap<String, V>, cap: usize, expires_at: impl Fn(&V) -> i64) {
    while map.len() >= cap.max(1) {
        let Some(oldest) = map.iter().min_by_key(|(_, v)| expires_at(v)).map(|(k, _)| k.clone()) else { return };
        map.remove(&oldest);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    #[test]
    fn room_overall_is_made_by_evicting_what_expires_first() {
        let mut map: HashMap<String, i64> = (0..5).map(|i| (format!("k{i}"), 100 - i)).collect();
        super::make_room_overall(&mut map, 4, |v| *v);
        let mut left: Vec<&String> = map.keys().collect();
        left.sort();
        assert_eq!(left, ["k0", "k1", "k2"], "k4 and k3 expired first");
    }
}

/// JWTs kept for reuse by identical claims (`jwt::Keys::sign`), about 2 KB each.
pub const RECENT_JWTS: usize = 1024;
/// Organizations the backend API may create, and consumer users it may keep: a create loop
/// cannot grow the world without bound.
pub const MAX_ORGANIZATIONS: usize = 10_000;
pub const MAX_USERS: usize = 100_000;
/// Redirect URLs a project may register, and the longest one (registered or passed).
pub const MAX_REDIRECT_URLS: usize = 100;
pub const MAX_REDIRECT_URL_BYTES: usize = 2048;

/// Password checks (argon2, 8 MiB each) that run at once; others wait their turn, off the
/// state lock, so password floods cannot stall other requests or grow memory.
pub fn password_workers() -> usize {
    std::thread::available_parallelism().map(|n| n.get() / 2).unwrap_or(1).max(1)
}

/// User locks, SMS rate limits and the member cap: defaults as Stytch documents them (locks)
/// or as chosen here, each settable in the seed's `project.limits`.
pub mod defaults {
    /// Consecutive failed authentications (password, SMS OTP, TOTP, recovery code) that
    /// lock a member (Stytch's default; its range is 1 to 100).
    pub const USER_LOCK_THRESHOLD: u32 = 10;
    /// How long a lock lasts, in minutes (Stytch's default; its range is 5 minutes to 7 days).
    pub const USER_LOCK_TTL_MINUTES: i64 = 60;
    /// SMS sends allowed per phone number, and per member, in any window of this length.
    pub const SMS_SENDS_PER_PHONE: u32 = 10;
    pub const SMS_SENDS_PER_MEMBER: u32 = 10;
    pub const SMS_RATE_WINDOW_MINUTES: i64 = 60;
    /// Members an organization may have; beyond it, sign-up by magic link (JIT provisioning)
    /// is refused, so a flood of new emails cannot grow the member table without bound.
    pub const MAX_MEMBERS_PER_ORGANIZATION: u32 = 10_000;
}

/// Results per search page when the request names no `limit` (or 0), and the most a page
/// holds (Stytch's default and maximum for its searches).
pub const SEARCH_LIMIT_DEFAULT: usize = 100;
pub const SEARCH_LIMIT_MAX: usize = 1000;
/// A fuzzy search filter needs at least this many characters (as on Stytch).
pub const SEARCH_FUZZY_MIN_CHARS: usize = 3;

// #22 flows: email one-time passcodes and invites.
/// Wrong email passcodes allowed before the code is burned (as for SMS codes).
pub const EMAIL_OTP_ATTEMPTS: u32 = 5;
/// How long an email passcode lives unless the request says otherwise, and the range it may
/// say (Stytch's default and bounds).
pub const EMAIL_OTP_DEFAULT_MINUTES: i64 = 10;
pub const EMAIL_OTP_MINUTES: std::ops::RangeInclusive<i64> = 2..=15;
/// How long an invite link lives unless the request says otherwise (Stytch's: one week), and
/// the range it may say.
pub const INVITE_DEFAULT_MINUTES: i64 = 7 * 24 * 60;
pub const INVITE_MINUTES: std::ops::RangeInclusive<i64> = 5..=30 * 24 * 60;

// console22: the RBAC policy the console edits (`PUT /_emulator/rbac_policy`); the checks
// compare every permission with the resources, so an edit stays small enough to check at once.
/// Roles, and resources, a policy may hold (Stytch's five resources and two roles count).
pub const MAX_POLICY_ROLES: usize = 200;
pub const MAX_POLICY_RESOURCES: usize = 200;
/// Actions a resource may define, and a permission name.
pub const MAX_POLICY_ACTIONS: usize = 200;
/// The longest role id, resource id, action or description.
pub const MAX_POLICY_TEXT_CHARS: usize = 1000;

// rest22: email updates.
/// How long a `startEmailUpdate` link or code lives, and so how long the new email is held
/// for the member (Stytch's: five minutes).
pub const EMAIL_UPDATE_LINK_SECONDS: i64 = 5 * 60;

// scim24: SCIM connections, the SCIM 2.0 service and impersonation.
/// How long a SCIM bearer token (and the next one of a rotation) stays valid: the emulator's
/// choice, long enough never to lapse in a test run (Stytch's tokens also last years).
pub const SCIM_BEARER_TOKEN_SECONDS: i64 = 5 * 365 * 24 * 3600;
/// Groups per `scim.getConnectionGroups` page unless the request says otherwise, and the most
/// it may ask for (Stytch's bounds).
pub const SCIM_GROUPS_PAGE_DEFAULT: usize = 100;
pub const SCIM_GROUPS_PAGE_MAX: usize = 1000;
/// Users or groups per SCIM list page unless the request's `count` says otherwise, and the
/// most it may ask for (RFC 7644 lets the service cap it).
pub const SCIM_LIST_PAGE_DEFAULT: usize = 100;
pub const SCIM_LIST_PAGE_MAX: usize = 1000;
/// Groups a SCIM connection keeps, and members a group lists.
pub const MAX_SCIM_GROUPS: usize = 10_000;
pub const MAX_SCIM_GROUP_MEMBERS: usize = 100_000;
/// A display name, external id or user name from an identity provider, in characters.
pub const MAX_SCIM_TEXT_CHARS: usize = 1024;
/// Operations one SCIM PATCH may carry.
pub const MAX_SCIM_PATCH_OPERATIONS: usize = 1000;
/// How long an impersonation token stays usable (Stytch's dashboard tokens are short-lived),
/// and how long the session it starts lasts (Stytch's: 60 minutes, not extended).
pub const IMPERSONATION_TOKEN_SECONDS: i64 = 5 * 60;
pub const IMPERSONATION_SESSION_MINUTES: i64 = 60;
