//! The numbers that cross between the wasm core and the JS that drives it (`js/driver.js`,
//! `js/client.js`) by position or by value: a request's slots, the kinds of failure the core
//! throws, and the topics of `cached` and `subscribe`. Numbers, not names, because names would
//! cost the npm download; named here once, and `tests/js_facade.rs` checks that the JS files
//! declare the same names with the same numbers (the `*_NAMES` tables below are what it reads).

/// The slots of the request `begin` returns: `[url, method, authorization, body, timeoutMs,
/// ticket]` (`method` is fetch's: `GET`, `POST`, `PUT`, `DELETE`; `send` fills the path and query from `body`). `send` reads the first five; the driver hands `TICKET` back to `finish`.
pub mod slot {
    pub const URL: u32 = 0;
    pub const METHOD: u32 = 1;
    pub const AUTHORIZATION: u32 = 2;
    pub const BODY: u32 = 3;
    pub const TIMEOUT_MS: u32 = 4;
    pub const TICKET: u32 = 5;
}

/// The first element of the `[kind, ...]` array the core throws, which the driver turns into
/// an error class.
pub mod failure {
    /// `[USAGE, method, message]`: `StytchSDKUsageError`.
    pub const USAGE: u8 = 0;
    /// `[API, body]`: `StytchAPIError`.
    pub const API: u8 = 1;
    /// `[UNREACHABLE, message]`: `StytchAPIUnreachableError`.
    pub const UNREACHABLE: u8 = 2;
}

/// What `cached(topic)` reads and `subscribe(topic, f)` listens to.
pub mod topic {
    /// `{member, organization, session}`.
    pub const STATE: u8 = 0;
    pub const SESSION: u8 = 1;
    pub const MEMBER: u8 = 2;
    pub const ORGANIZATION: u8 = 3;
}

/// What `cached(n)` reads besides the topics' parts: one export for every read of the core's
/// state, since each export costs the npm download its glue.
pub mod read {
    /// `{session_token, session_jwt}`, or null without a session.
    pub const TOKENS: u8 = 4;
    /// True only while a cached session awaits the server's answer, as in Stytch's client.
    pub const FROM_CACHE: u8 = 5;
    /// The API base the client calls (without `/sdk/v1`), for the bootstrap and the OAuth and
    /// SSO redirects.
    pub const API_BASE: u8 = 6;
}

/// The slots by number, under the names `js/driver.js`'s `send` gives them.
pub const SLOT_NAMES: [(u32, &str); 6] = [
    (slot::URL, "url"),
    (slot::METHOD, "method"),
    (slot::AUTHORIZATION, "authorization"),
    (slot::BODY, "body"),
    (slot::TIMEOUT_MS, "timeoutMs"),
    (slot::TICKET, "ticket"),
];

/// The failure kinds, under the names of `js/driver.js`'s constants.
pub const FAILURE_NAMES: [(u8, &str); 3] = [(failure::USAGE, "USAGE"), (failure::API, "API"), (failure::UNREACHABLE, "UNREACHABLE")];

/// The topics, under the keys of `js/client.js`'s `TOPIC` (the cached state's keys).
pub const TOPIC_NAMES: [(u8, &str); 4] =
    [(topic::STATE, "state"), (topic::SESSION, "session"), (topic::MEMBER, "member"), (topic::ORGANIZATION, "organization")];

/// The other reads, under the keys of `js/client.js`'s `READ`; they number on from the topics.
pub const READ_NAMES: [(u8, &str); 3] = [(read::TOKENS, "tokens"), (read::FROM_CACHE, "fromCache"), (read::API_BASE, "apiBase")];

#[cfg(test)]
mod tests {
    use super::*;

    /// Each table lists every number once, from 0 up (the reads from the topics' end): no slot,
    /// kind, topic or read left unnamed.
    #[test]
    fn the_tables_number_from_zero_without_gaps() {
        assert!(SLOT_NAMES.iter().enumerate().all(|(i, (n, _))| *n as usize == i));
        assert!(FAILURE_NAMES.iter().enumerate().all(|(i, (n, _))| *n as usize == i));
        assert!(TOPIC_NAMES.iter().enumerate().all(|(i, (n, _))| *n as usize == i));
        assert!(READ_NAMES.iter().enumerate().all(|(i, (n, _))| *n as usize == i + TOPIC_NAMES.len()));
    }
}
