//! The token lifecycle: what each response does to the stored session tokens, the
//! intermediate session token (IST) and the cached objects. Pure functions of the response,
//! so every case is a row in a native test table.
//!
//! The rules (PROTOCOL.md): an authenticate response with a member session stores the
//! session tokens and drops the IST; one without stores the IST and drops the session; a
//! failed call changes nothing unless the server says the token it carried is invalid.

use super::constants::{IST_INVALID_ERROR, IST_LIFETIME_MS, SESSION_INVALID_ERRORS};
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

pub fn on_success(effect: Effect, outcome: Outcome, now_ms: f64) -> Transition {
    match (effect, outcome) {
        (Effect::Authenticate, Outcome::Session(tokens)) => {
            Transition { session: Change::Set(tokens), ist: Change::Clear, cache: Change::Set(()) }
        }
        (Effect::Authenticate, Outcome::Intermediate(ist)) if !ist.is_empty() => Transition {
            session: Change::Clear,
            ist: Change::Set((ist, now_ms + IST_LIFETIME_MS)),
            cache: Change::Clear,
        },
        (Effect::Revoke, _) => Transition::CLEAR_ALL,
        _ => Transition::KEEP,
    }
}

/// Methods whose only credential is the session, so `unauthorized_credentials` means the
/// session is bad. (On `passwords.authenticate` it means the password was wrong, and a
/// member who mistypes it keeps the session they had.)
fn session_scoped(method: &Method) -> bool {
    method.name.starts_with("session.") || method.name.starts_with("recoveryCodes.") && method.name != "recoveryCodes.recover"
}

/// A Stytch API error. `sent_session` / `sent_ist`: whether the request carried them.
pub fn on_api_error(method: &Method, error_type: &str, sent_session: bool, sent_ist: bool) -> Transition {
    let session_invalid = sent_session
        && SESSION_INVALID_ERRORS.contains(&error_type)
        && (error_type != "unauthorized_credentials" || session_scoped(method));
    let ist_invalid = sent_ist && error_type == IST_INVALID_ERROR;
    if session_invalid && method.effect == Effect::Revoke {
        return Transition::CLEAR_ALL;
    }
    Transition {
        session: if session_invalid { Change::Clear } else { Change::Keep },
        ist: if ist_invalid { Change::Clear } else { Change::Keep },
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
    use crate::core::methods::find;

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
            ("discovery.intermediateSessions.exchange", Outcome::Session(tokens()), vec![s("jwt", "jwt"), s("session", "st")], Change::Set(())),
            ("session.authenticate", Outcome::Session(tokens()), vec![s("jwt", "jwt"), s("session", "st")], Change::Set(())),
            ("session.revoke", Outcome::Nothing, vec![], Change::Clear),
            ("otps.sms.send", Outcome::Nothing, vec![s("ist", "old-ist"), s("jwt", "old-jwt"), s("session", "old-st")], Change::Keep),
            ("totp.create", Outcome::Nothing, vec![s("ist", "old-ist"), s("jwt", "old-jwt"), s("session", "old-st")], Change::Keep),
            ("recoveryCodes.rotate", Outcome::Nothing, vec![s("ist", "old-ist"), s("jwt", "old-jwt"), s("session", "old-st")], Change::Keep),
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
    fn error_table() {
        let all = vec![s("ist", "old-ist"), s("jwt", "old-jwt"), s("session", "old-st")];
        let only_ist = vec![s("ist", "old-ist")];
        let no_ist = vec![s("jwt", "old-jwt"), s("session", "old-st")];
        // (method, error_type, sent_session, sent_ist, what is left)
        let rows: Vec<(&str, &str, bool, bool, Left)> = vec![
            ("otps.sms.authenticate", "otp_code_not_found", false, true, all.clone()),
            ("totp.authenticate", "invalid_totp_code", false, true, all.clone()),
            ("otps.sms.authenticate", "intermediate_session_not_found", false, true, no_ist.clone()),
            ("otps.sms.authenticate", "intermediate_session_not_found", false, false, all.clone()),
            ("session.authenticate", "session_not_found", true, false, only_ist.clone()),
            ("session.authenticate", "session_not_found", false, false, all.clone()),
            ("session.authenticate", "unauthorized_credentials", true, false, only_ist.clone()),
            ("recoveryCodes.get", "unauthorized_credentials", true, false, only_ist.clone()),
            ("passwords.authenticate", "unauthorized_credentials", true, false, all.clone()),
            ("otps.sms.send", "session_not_found", true, false, only_ist.clone()),
            ("session.authenticate", "too_many_requests", true, false, all.clone()),
            ("session.authenticate", "internal_server_error", true, false, all.clone()),
            ("session.revoke", "session_not_found", true, false, vec![]),
            ("session.revoke", "internal_server_error", true, false, all.clone()),
        ];
        for (name, error_type, sent_session, sent_ist, left) in rows {
            let t = on_api_error(find(name).unwrap(), error_type, sent_session, sent_ist);
            assert_eq!(after(t), left, "{name} {error_type} session={sent_session} ist={sent_ist}");
        }
    }
}
