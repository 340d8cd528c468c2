//! Every limit the emulator enforces, in one place. The README's "Limits and security"
//! section documents these numbers; change them together.

use std::ops::RangeInclusive;
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

/// What the operations allow: how many of a kind the world keeps, how many tries a code
/// gets, how long codes, links and grants live, and the ranges a request may ask for. The
/// operations read these from `Env::limits` (never from a const), so a test can run one with
/// a smaller limit; a running emulator uses [`Limits::STYTCH`]. The project's own settings
/// (user locks, SMS rates, members per organization) are not here: they are the world's
/// (`model::ProjectLimits`, from the seed), as they are a Stytch project's.
#[derive(Clone, Debug, PartialEq)]
pub struct Limits {
    /// Live sessions, intermediate sessions, magic links, reset links and grants kept per
    /// member (discovery entries: per email); a new one beyond this evicts that owner's
    /// oldest, so a login loop cannot grow memory without bound.
    pub sessions_per_member: usize,
    /// Discovery links, sessions and codes kept at once over all emails: they name an email,
    /// not a member, so a send loop over fresh addresses is bounded here (the oldest go first).
    pub discovery_entries: usize,
    /// Organizations the backend API may create, and consumer users it may keep: a create
    /// loop cannot grow the world without bound.
    pub organizations: usize,
    pub users: usize,
    /// Phone numbers a consumer user may hold.
    pub phones_per_user: usize,
    /// Results per search page when the request names no `limit` (or 0), and the most a page
    /// holds (Stytch's default and maximum for its searches).
    pub search_page_default: usize,
    pub search_page_max: usize,
    /// A fuzzy search filter needs at least this many characters (as on Stytch).
    pub search_fuzzy_min_chars: usize,
    /// Wrong SMS passcodes allowed before the code is burned.
    pub sms_code_attempts: u32,
    /// Wrong email passcodes allowed before the code is burned (as for SMS codes).
    pub email_code_attempts: u32,
    /// How long an email passcode lives unless the request says otherwise, and the range it
    /// may say (Stytch's default and bounds).
    pub email_code_default_minutes: i64,
    pub email_code_minutes: RangeInclusive<i64>,
    /// The same for a consumer SMS passcode.
    pub consumer_sms_code_default_minutes: i64,
    pub consumer_sms_code_minutes: RangeInclusive<i64>,
    /// How long an invite link lives unless the request says otherwise (Stytch's: one week),
    /// and the range it may say.
    pub invite_default_minutes: i64,
    pub invite_minutes: RangeInclusive<i64>,
    /// How long a password-reset link lives unless the request says otherwise, and the range.
    pub password_reset_default_minutes: i64,
    pub password_reset_minutes: RangeInclusive<i64>,
    /// How long an unconfirmed TOTP registration waits unless the request says otherwise.
    pub totp_registration_default_minutes: i64,
    /// How long a login, sign-up or discovery magic link lives.
    pub magic_link_seconds: i64,
    /// How long an intermediate session lives.
    pub intermediate_session_seconds: i64,
    /// How long the local identity provider's grant (and an OAuth discovery token) lives.
    pub idp_grant_seconds: i64,
    /// How long a `startEmailUpdate` link or code lives, and so how long the new email is
    /// held for the member (Stytch's: five minutes).
    pub email_update_seconds: i64,
    /// `passwords.resetBySession` needs a factor proven this recently.
    pub reset_by_session_recency_seconds: i64,
    /// apps24, Connected Apps: clients at once (dynamic client registration needs no
    /// credentials, so it is bounded), redirect URLs (and post-logout ones) per client, and
    /// the length of a client's texts.
    pub connected_app_clients: usize,
    pub connected_app_redirect_urls: usize,
    pub connected_app_text_bytes: usize,
    /// An access token's lifetime unless the client sets one, and what it may set.
    pub access_token_default_minutes: i64,
    pub access_token_minutes: RangeInclusive<i64>,
    /// How long an authorization code lives (RFC 6749 recommends at most 10 minutes), and a
    /// refresh token (Stytch: 3 months from issuance, or from its last use by a confidential
    /// client, whose token does not rotate).
    pub authorization_code_seconds: i64,
    pub refresh_token_seconds: i64,
    /// sso24: SSO connections (of every protocol) an organization may have.
    pub sso_connections_per_organization: usize,
    /// scim24: how long a SCIM bearer token (and the next one of a rotation) stays valid (the
    /// emulator's choice, long enough never to lapse in a test run; Stytch's last years);
    /// groups per `scim.getConnectionGroups` page by default and at most; users or groups per
    /// SCIM list page by default and at most (RFC 7644 lets the service cap it); groups a
    /// connection keeps and members a group lists.
    pub scim_bearer_token_seconds: i64,
    pub scim_groups_page_default: usize,
    pub scim_groups_page_max: usize,
    pub scim_list_page_default: usize,
    pub scim_list_page_max: usize,
    pub scim_groups: usize,
    pub scim_group_members: usize,
    /// How long an impersonation token stays usable (Stytch's dashboard tokens are
    /// short-lived), and how long the session it starts lasts (Stytch's: 60 minutes, not
    /// extended).
    pub impersonation_token_seconds: i64,
    pub impersonation_session_minutes: i64,
    /// dfp24: telemetry ids kept at once (the stand-in telemetry script's `/submit` needs only
    /// the public token, so it is bounded; the soonest to expire go first) and how long one
    /// lives (the emulator's choice; lookups and protected calls may reuse it until then, as
    /// Stytch's); captcha tokens kept at once and how long one lives (reCAPTCHA's tokens: two
    /// minutes); verdicts, and captcha outcomes, queued at once through the control API.
    pub telemetry_ids: usize,
    pub telemetry_id_seconds: i64,
    pub captcha_tokens: usize,
    pub captcha_token_seconds: i64,
    pub queued_protected_auth_entries: usize,
}

impl Limits {
    /// Stytch's numbers, or the emulator's own where Stytch publishes none.
    pub const STYTCH: Limits = Limits {
        sessions_per_member: 100,
        discovery_entries: 10_000,
        organizations: 10_000,
        users: 100_000,
        phones_per_user: 10,
        search_page_default: 100,
        search_page_max: 1000,
        search_fuzzy_min_chars: 3,
        sms_code_attempts: 5,
        email_code_attempts: 5,
        email_code_default_minutes: 10,
        email_code_minutes: 2..=15,
        consumer_sms_code_default_minutes: 2,
        consumer_sms_code_minutes: 1..=10,
        invite_default_minutes: 7 * 24 * 60,
        invite_minutes: 5..=30 * 24 * 60,
        password_reset_default_minutes: 30,
        password_reset_minutes: 5..=10_080,
        totp_registration_default_minutes: 60,
        magic_link_seconds: 3600,
        intermediate_session_seconds: 600,
        idp_grant_seconds: 600,
        email_update_seconds: 5 * 60,
        reset_by_session_recency_seconds: 5 * 60,
        connected_app_clients: 1000,
        connected_app_redirect_urls: 20,
        connected_app_text_bytes: 2048,
        access_token_default_minutes: 60,
        access_token_minutes: 5..=1440,
        authorization_code_seconds: 600,
        refresh_token_seconds: 90 * 24 * 3600,
        sso_connections_per_organization: 50,
        scim_bearer_token_seconds: 5 * 365 * 24 * 3600,
        scim_groups_page_default: 100,
        scim_groups_page_max: 1000,
        scim_list_page_default: 100,
        scim_list_page_max: 1000,
        scim_groups: 10_000,
        scim_group_members: 100_000,
        impersonation_token_seconds: 5 * 60,
        impersonation_session_minutes: 60,
        telemetry_ids: 10_000,
        telemetry_id_seconds: 3600,
        captcha_tokens: 10_000,
        captcha_token_seconds: 120,
        queued_protected_auth_entries: 100,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::STYTCH
    }
}

/// Evicts `owner`'s oldest entries (by `age`) so that one more fits under `cap`
/// ([`Limits::sessions_per_member`]); a login loop cannot grow the maps without bound.
pub(crate) fn make_room<V>(
    map: &mut std::collections::HashMap<String, V>,
    cap: usize,
    owner: &str,
    owner_and_age: impl Fn(&V) -> (&str, i64),
) {
    let cap = cap.max(1);
    let mut mine: Vec<(i64, String)> =
        map.iter().filter(|(_, v)| owner_and_age(v).0 == owner).map(|(k, v)| (owner_and_age(v).1, k.clone())).collect();
    if mine.len() < cap {
        return;
    }
    mine.sort();
    for (_, key) in mine.iter().take(mine.len() + 1 - cap) {
        map.remove(key);
    }
}

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

// console22: the RBAC policy the console edits (`PUT /_emulator/rbac_policy`); the checks
// compare every permission with the resources, so an edit stays small enough to check at once.
/// Roles, and resources, a policy may hold (Stytch's five resources and two roles count).
pub const MAX_POLICY_ROLES: usize = 200;
pub const MAX_POLICY_RESOURCES: usize = 200;
/// Actions a resource may define, and a permission name.
pub const MAX_POLICY_ACTIONS: usize = 200;
/// The longest role id, resource id, action or description.
pub const MAX_POLICY_TEXT_CHARS: usize = 1000;

// sso24 (#24): SSO connections an organization sets up through `sso.saml.*`, `sso.oidc.*`
// and `sso.external.*`, bounded so a create or update loop cannot grow the world.
/// Verification certificates, and encryption keys, a SAML connection keeps (rotation needs two).
pub const MAX_SSO_CONNECTION_KEYS: usize = 10;
/// The longest display name, URL, id or other short setting of a connection.
pub const MAX_SSO_SETTING_CHARS: usize = 2048;
/// The longest PEM certificate or private key.
pub const MAX_SSO_PEM_BYTES: usize = 16 * 1024;
/// Attribute-mapping entries and role assignments a connection keeps.
pub const MAX_SSO_MAPPING_ENTRIES: usize = 100;
/// The largest IdP metadata document read (the emulator's own is about 2 KB).
pub const MAX_SAML_METADATA_BYTES: usize = 256 * 1024;

// scim24: SCIM connections, the SCIM 2.0 service and impersonation.
/// A display name, external id or user name from an identity provider, in characters.
pub const MAX_SCIM_TEXT_CHARS: usize = 1024;
/// Operations one SCIM PATCH may carry.
pub const MAX_SCIM_PATCH_OPERATIONS: usize = 1000;

// onetap24: Google One Tap and the local Google Identity Services stand-in.
/// The longest Google client id a project may set (Google's are about 72 characters).
pub const MAX_GOOGLE_CLIENT_ID_CHARS: usize = 256;
/// How long a local Google ID token is valid, as Google's are (one hour).
pub const GOOGLE_ID_TOKEN_SECONDS: i64 = 3600;
/// The longest ID token a One Tap submit takes (Google's are about 1,200 bytes).
pub const MAX_ID_TOKEN_BYTES: usize = 8 * 1024;
