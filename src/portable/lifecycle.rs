//! The token lifecycle: what each response does to the stored session tokens, the
//! intermediate session token (IST) and the cached objects. Pure functions of the response,
//! so every case is a row in a native test table.
//!
//! The rules (PROTOCOL.md): an authenticate response with a member session stores the
//! session tokens and drops the IST; one without stores the IST and drops the session; a
//! failed call changes nothing unless the server says the session it carried is invalid
//! (the IST is kept even on `intermediate_session_not_found`, as Stytch's client does); a
//! revoke clears everything whatever the server answers.

use super::constants::{IST_LIFETIME_MS, SESSION_INVALID_ERRORS};
use super::methods::{Effect, Method};

#[derive(Debug, Clone, PartialEq)]
pub struct SessionTokens {
    pub token: String,
    pub jwt: String,
    /// `member_session.expires_at` in ms since the epoch.
    pub expires_at_ms: f64,
}

/// What a successful response carried, as far as the lifecycle cares.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A `member_session` with its tokens.
    Session(SessionTokens),
    /// No member session: MFA (or an organization choice) is still needed.
    Intermediate(String),
    /// Neither (sends, TOTP creation, revoke).
    Nothing,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Change<T> {
    Keep,
    Set(T),
    Clear,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    pub session: Change<SessionTokens>,
    /// The IST and when it lapses (ms).
    pub ist: Change<(String, f64)>,
    /// `Set` caches the member, organization and session of the response.
    pub cache: Change<()>,
}

impl Transition {
    pub const KEEP: Transition = Transition { session: Change::Keep, ist: Change::Keep, cache: Change::Keep };
    pub const CLEAR_ALL: Transition = Transition { session: Change::Clear, ist: Change::Clear, cache: Change::Clear };

    pub fn changes_anything(&self) -> bool {
        *self != Self::KEEP
    }
}

/// `member_session` as found in a success body.
#[derive(Debug, Clone, PartialEq)]
pub enum SessionField {
    /// `null` or missing.
    Absent,
    /// An object; `id_ok` when it has a non-empty `member_session_id`, and its
    /// `expires_at` in ms when that parses.
    Object { id_ok: bool, expires_at_ms: Option<f64> },
    /// Anything else.
    Other,
}

/// Why a success body was refused: not the documented shape (the client then rejects with
/// `StytchAPIUnreachableError` and changes nothing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError(pub &'static str);

/// Reads what an authenticate-like success carried. Only `Effect::Authenticate` bodies are
/// checked; a body that would store empty or partial tokens is refused whole.
pub fn read_outcome(
    effect: Effect,
    session: SessionField,
    token: Option<String>,
    jwt: Option<String>,
    ist: Option<String>,
) -> Result<Outcome, SchemaError> {
    if effect != Effect::Authenticate {
        return Ok(Outcome::Nothing);
    }
    let non_empty = |v: Option<String>| v.filter(|s| !s.is_empty());
    match session {
        SessionField::Object { id_ok: true, expires_at_ms: Some(expires_at_ms) } => match (non_empty(token), non_empty(jwt)) {
            (Some(token), Some(jwt)) => Ok(Outcome::Session(SessionTokens { token, jwt, expires_at_ms })),
            _ => Err(SchemaError("a member_session came without session_token and session_jwt")),
        },
        SessionField::Object { .. } => Err(SchemaError("member_session lacks member_session_id or expires_at")),
        SessionField::Absent => match non_empty(ist) {
            Some(ist) => Ok(Outcome::Intermediate(ist)),
            None => Err(SchemaError("neither a member_session nor an intermediate_session_token")),
        },
        SessionField::Other => Err(SchemaError("member_session is not an object")),
    }
}

pub fn on_success(effect: Effect, outcome: Outcome, now_ms: f64) -> Transition {
    match (effect, outcome) {
        // Already over: nothing to keep, and no half-written session.
        (Effect::Authenticate, Outcome::Session(tokens)) if tokens.expires_at_ms <= now_ms => Transition::CLEAR_ALL,
        (Effect::Authenticate, Outcome::Session(tokens)) => {
            Transition { session: Change::Set(tokens), ist: Change::Clear, cache: Change::Set(()) }
        }
        (Effect::Authenticate, Outcome::Intermediate(ist)) if !ist.is_empty() => {
            Transition { session: Change::Clear, ist: Change::Set((ist, now_ms + IST_LIFETIME_MS)), cache: Change::Clear }
        }
        (Effect::Revoke | Effect::Destroy, _) => Transition::CLEAR_ALL,
        // The member or organization the answer carries replaces the cached one.
        (Effect::Member | Effect::MemberIfSelf | Effect::Organization, _) => {
            Transition { session: Change::Keep, ist: Change::Keep, cache: Change::Set(()) }
        }
        _ => Transition::KEEP,
    }
}

/// Methods whose only credential is the session, so `unauthorized_credentials` means the
/// session is bad. (On `passwords.authenticate` it means the password was wrong, and a
/// member who mistypes it keeps the session they had.)
fn session_scoped(method: &Method) -> bool {
    // By route, not name: the npm client's wasm has no method names (they are its JS's).
    method.path().starts_with("/b2b/sessions/") || method.path().starts_with("/b2b/recovery_codes") && !method.path().ends_with("/recover")
}

/// A Stytch API error. `sent_session`: whether the request carried the session token.
pub fn on_api_error(method: &Method, error_type: &str, sent_session: bool) -> Transition {
    // Logging out ends the local session whatever the server says (even mid-MFA, when it
    // answers `session_not_found`): otherwise a stored IST could still finish a login.
    if method.effect == Effect::Revoke {
        return Transition::CLEAR_ALL;
    }
    let session_invalid = sent_session
        && SESSION_INVALID_ERRORS.contains(&error_type)
        && (error_type != "unauthorized_credentials" || session_scoped(method));
    Transition {
        session: if session_invalid { Change::Clear } else { Change::Keep },
        ist: Change::Keep,
        cache: if session_invalid { Change::Clear } else { Change::Keep },
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    Session,
    Jwt,
    Ist,
}

/// Where tokens are kept (cookies, Web Storage, memory, a custom adapter).
pub trait TokenStore {
    fn get(&mut self, token: Token) -> Option<String>;
    fn set(&mut self, token: Token, value: &str, expires_at_ms: f64);
    fn remove(&mut self, token: Token);
}

/// Carries out the token part of a transition; the cache part is the caller's.
pub fn apply(t: &Transition, store: &mut impl TokenStore) {
    match &t.session {
        Change::Set(s) => {
            store.set(Token::Session, &s.token, s.expires_at_ms);
            store.set(Token::Jwt, &s.jwt, s.expires_at_ms);
        }
        Change::Clear => {
            store.remove(Token::Session);
            store.remove(Token::Jwt);
        }
        Change::Keep => {}
    }
    match &t.ist {
        Change::Set((ist, expires)) => store.set(Token::Ist, ist, *expires),
        Change::Clear => store.remove(Token::Ist),
        Change::Keep => {}
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::portable::methods::find;

    #[derive(Default)]
    struct Fake(HashMap<&'static str, (String, f64)>);

    fn key(t: Token) -> &'static str {
        match t {
            Token::Session => "session",
            Token::Jwt => "jwt",
            Token::Ist => "ist",
        }
    }

    impl TokenStore for Fake {
        fn get(&mut self, t: Token) -> Option<String> {
            self.0.get(key(t)).map(|v| v.0.clone())
        }
        fn set(&mut self, t: Token, v: &str, e: f64) {
            self.0.insert(key(t), (v.to_string(), e));
        }
        fn remove(&mut self, t: Token) {
            self.0.remove(key(t));
        }
    }

    fn tokens() -> SessionTokens {
        SessionTokens { token: "st".into(), jwt: "jwt".into(), expires_at_ms: 5_000_000.0 }
    }

    /// Runs a transition on a store holding a session and an IST; returns what is left.
    fn after(t: Transition) -> Left {
        let mut store = Fake::default();
        store.set(Token::Session, "old-st", 1.0);
        store.set(Token::Jwt, "old-jwt", 1.0);
        store.set(Token::Ist, "old-ist", 1.0);
        apply(&t, &mut store);
        let mut left: Vec<_> = store.0.into_iter().map(|(k, v)| (k, v.0)).collect();
        left.sort();
        left
    }

    /// What is left in the store: (token, value) pairs.
    type Left = Vec<(&'static str, String)>;

    fn s(k: &'static str, v: &str) -> (&'static str, String) {
        (k, v.to_string())
    }

    #[test]
    fn success_table() {
        let now = 1_000.0;
        let rows: Vec<(&str, Outcome, Left, Change<()>)> = vec![
            ("otps.sms.authenticate", Outcome::Session(tokens()), vec![s("jwt", "jwt"), s("session", "st")], Change::Set(())),
            ("totp.authenticate", Outcome::Session(tokens()), vec![s("jwt", "jwt"), s("session", "st")], Change::Set(())),
            ("passwords.authenticate", Outcome::Intermediate("new-ist".into()), vec![s("ist", "new-ist")], Change::Clear),
            ("passwords.authenticate", Outcome::Session(tokens()), vec![s("jwt", "jwt"), s("session", "st")], Change::Set(())),
            ("magicLinks.authenticate", Outcome::Intermediate("new-ist".into()), vec![s("ist", "new-ist")], Change::Clear),
            (
                "discovery.intermediateSessions.exchange",
                Outcome::Session(tokens()),
                vec![s("jwt", "jwt"), s("session", "st")],
                Change::Set(()),
            ),
            ("session.authenticate", Outcome::Session(tokens()), vec![s("jwt", "jwt"), s("session", "st")], Change::Set(())),
            ("session.revoke", Outcome::Nothing, vec![], Change::Clear),
            // Deleting the organization ends the local session, as Stytch's `destroyState`.
            ("organization.delete", Outcome::Nothing, vec![], Change::Clear),
            // A member or organization call keeps every token and replaces its cached part.
            ("self.update", Outcome::Nothing, vec![s("ist", "old-ist"), s("jwt", "old-jwt"), s("session", "old-st")], Change::Set(())),
            (
                "organization.update",
                Outcome::Nothing,
                vec![s("ist", "old-ist"), s("jwt", "old-jwt"), s("session", "old-st")],
                Change::Set(()),
            ),
            // A discovery login answers an IST and no session: it drops the session, as Stytch's.
            ("magicLinks.discovery.authenticate", Outcome::Intermediate("new-ist".into()), vec![s("ist", "new-ist")], Change::Clear),
            ("session.exchange", Outcome::Session(tokens()), vec![s("jwt", "jwt"), s("session", "st")], Change::Set(())),
            (
                "session.revokeForMember",
                Outcome::Nothing,
                vec![s("ist", "old-ist"), s("jwt", "old-jwt"), s("session", "old-st")],
                Change::Keep,
            ),
            ("otps.sms.send", Outcome::Nothing, vec![s("ist", "old-ist"), s("jwt", "old-jwt"), s("session", "old-st")], Change::Keep),
            ("totp.create", Outcome::Nothing, vec![s("ist", "old-ist"), s("jwt", "old-jwt"), s("session", "old-st")], Change::Keep),
            (
                "recoveryCodes.rotate",
                Outcome::Nothing,
                vec![s("ist", "old-ist"), s("jwt", "old-jwt"), s("session", "old-st")],
                Change::Keep,
            ),
        ];
        for (name, outcome, left, cache) in rows {
            let t = on_success(find(name).unwrap().effect, outcome, now);
            assert_eq!(t.cache, cache, "{name}");
            assert_eq!(after(t), left, "{name}");
        }
    }

    #[test]
    fn the_ist_lives_ten_minutes() {
        let t = on_success(Effect::Authenticate, Outcome::Intermediate("i".into()), 1_000.0);
        assert_eq!(t.ist, Change::Set(("i".into(), 1_000.0 + 600_000.0)));
    }

    #[test]
    fn an_empty_ist_changes_nothing() {
        assert_eq!(on_success(Effect::Authenticate, Outcome::Intermediate(String::new()), 0.0), Transition::KEEP);
    }

    #[test]
    fn an_already_expired_session_clears_both_tokens() {
        let expired = SessionTokens { expires_at_ms: 999.0, ..tokens() };
        let t = on_success(Effect::Authenticate, Outcome::Session(expired), 1_000.0);
        assert_eq!(after(t.clone()), vec![]);
        assert_eq!(t.cache, Change::Clear);
    }

    #[test]
    fn success_bodies_of_the_wrong_shape_are_refused() {
        let obj = |id_ok, expires: Option<f64>| SessionField::Object { id_ok, expires_at_ms: expires };
        let st = || Some("st".to_string());
        // (member_session, session_token, session_jwt, intermediate_session_token, accepted)
        type Row = (SessionField, Option<String>, Option<String>, Option<String>, bool);
        let rows: Vec<Row> = vec![
            (obj(true, Some(5.0)), st(), Some("jwt".into()), None, true),
            (obj(true, Some(5.0)), Some(String::new()), Some("jwt".into()), None, false),
            (obj(true, Some(5.0)), st(), None, None, false),
            (obj(false, Some(5.0)), st(), Some("jwt".into()), None, false),
            (obj(true, None), st(), Some("jwt".into()), None, false),
            (SessionField::Absent, None, None, Some("ist".into()), true),
            (SessionField::Absent, None, None, Some(String::new()), false),
            (SessionField::Absent, None, None, None, false),
            (SessionField::Other, st(), Some("jwt".into()), Some("ist".into()), false),
        ];
        for (session, token, jwt, ist, ok) in rows {
            let r = read_outcome(Effect::Authenticate, session.clone(), token, jwt, ist);
            assert_eq!(r.is_ok(), ok, "{session:?}: {r:?}");
        }
        // Other effects carry no tokens and are not checked.
        assert_eq!(read_outcome(Effect::None, SessionField::Other, None, None, None), Ok(Outcome::Nothing));
    }

    #[test]
    fn error_table() {
        let all = vec![s("ist", "old-ist"), s("jwt", "old-jwt"), s("session", "old-st")];
        let only_ist = vec![s("ist", "old-ist")];
        // (method, error_type, sent_session, what is left)
        let rows: Vec<(&str, &str, bool, Left)> = vec![
            ("otps.sms.authenticate", "otp_code_not_found", false, all.clone()),
            ("totp.authenticate", "invalid_totp_code", false, all.clone()),
            // Kept, as Stytch's client does: a failed call never changes its tokens.
            ("otps.sms.authenticate", "intermediate_session_not_found", false, all.clone()),
            ("totp.authenticate", "user_lock_limit_reached", false, all.clone()),
            ("session.authenticate", "session_not_found", true, only_ist.clone()),
            ("session.authenticate", "session_not_found", false, all.clone()),
            ("session.authenticate", "unauthorized_credentials", true, only_ist.clone()),
            ("recoveryCodes.get", "unauthorized_credentials", true, only_ist.clone()),
            ("passwords.authenticate", "unauthorized_credentials", true, all.clone()),
            ("otps.sms.send", "session_not_found", true, only_ist.clone()),
            ("session.authenticate", "too_many_requests", true, all.clone()),
            ("session.authenticate", "internal_server_error", true, all.clone()),
            // Logging out clears everything whatever the server answers, even mid-MFA.
            ("session.revoke", "session_not_found", true, vec![]),
            ("session.revoke", "session_not_found", false, vec![]),
            ("session.revoke", "internal_server_error", true, vec![]),
            // Deleting the organization ends the session only when it succeeds.
            ("organization.delete", "unauthorized_action", true, all.clone()),
            ("organization.members.delete", "member_not_found", true, all.clone()),
            ("discovery.organizations.create", "intermediate_session_not_found", false, all.clone()),
        ];
        for (name, error_type, sent_session, left) in rows {
            let t = on_api_error(find(name).unwrap(), error_type, sent_session);
            assert_eq!(after(t), left, "{name} {error_type} session={sent_session}");
        }
    }
}
