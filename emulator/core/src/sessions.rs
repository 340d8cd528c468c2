//! The session machinery both projects share: B2B member sessions and consumer user sessions
//! are kept, found, started, touched, listed and revoked the same way, and their answers'
//! JWTs are signed after the world lock is released. `member_sessions` and `ops::consumer`
//! add what is their own (the member's lock, the organization; the consumer's body session).

use std::collections::HashMap;

use serde_json::Value;
use stytch_b2b_protocol as pm;
use stytch_b2b_protocol::consumer as pc;

use crate::error::{ApiError, ApiResult};
use crate::jwt::Keys;
use crate::limits::make_room;
use crate::model::{merge_factor, Factor, MemberSession, UserSession};

/// What the machinery needs of a kind of session.
pub trait Session {
    /// The member or user it belongs to.
    fn owner(&self) -> &str;
    /// Its public id (`member_session_id`, `session_id`), which a JWT names.
    fn id(&self) -> &str;
    fn started_at(&self) -> i64;
    /// Last access, expiry, and the factors proven on it.
    fn parts_mut(&mut self) -> (&mut i64, &mut i64, &mut Vec<Factor>);
}

/// Both kinds keep the same fields, the owner's and the id's under their own names.
macro_rules! session_kind {
    ($kind:ty, owner: $owner:ident, id: $id:ident) => {
        impl Session for $kind {
            fn owner(&self) -> &str {
                &self.$owner
            }

            fn id(&self) -> &str {
                &self.$id
            }

            fn started_at(&self) -> i64 {
                self.started_at
            }

            fn parts_mut(&mut self) -> (&mut i64, &mut i64, &mut Vec<Factor>) {
                (&mut self.last_accessed_at, &mut self.expires_at, &mut self.factors)
            }
        }
    };
}

session_kind!(MemberSession, owner: member_id, id: member_session_id);
session_kind!(UserSession, owner: user_id, id: session_id);

/// When a session of `minutes` from `now` ends.
pub fn expiry(now: i64, minutes: i64) -> i64 {
    now.saturating_add(minutes * 60)
}

/// The live session a caller names by token, if it names one; a named session that does not
/// exist (or has ended) is `session_not_found`, as on Stytch.
pub fn find<S>(sessions: &HashMap<String, S>, token: Option<&str>) -> ApiResult<Option<String>> {
    match token {
        None => Ok(None),
        Some(t) if sessions.contains_key(t) => Ok(Some(t.to_string())),
        Some(_) => Err(ApiError::session_not_found()),
    }
}

/// The token of the session with this public id (what a JWT names).
pub fn token_by_id<S: Session>(sessions: &HashMap<String, S>, id: &str) -> Option<String> {
    sessions.iter().find(|(_, s)| s.id() == id).map(|(t, _)| t.clone())
}

/// Keeps a new session under `token`, first evicting its owner's oldest beyond
/// `cap` (`Limits::sessions_per_member`; a login loop cannot grow the map without bound).
pub fn start<S: Session>(sessions: &mut HashMap<String, S>, cap: usize, token: &str, session: S) {
    make_room(sessions, cap, session.owner(), |s| (s.owner(), s.started_at()));
    sessions.insert(token.to_string(), session);
}

/// A session used at `now`: accessed, extended to `minutes` from now when given, with
/// `factor` added (or its kind's time refreshed).
pub fn touch<S: Session>(session: &mut S, now: i64, factor: Option<Factor>, minutes: Option<i64>) {
    let (last_accessed_at, expires_at, factors) = session.parts_mut();
    *last_accessed_at = now;
    if let Some(m) = minutes {
        *expires_at = expiry(now, m);
    }
    if let Some(f) = factor {
        merge_factor(factors, f);
    }
}

/// Revokes the session with this public id; none is `session_not_found`.
pub fn revoke_by_id<S: Session>(sessions: &mut HashMap<String, S>, id: &str) -> ApiResult<()> {
    let token = token_by_id(sessions, id).ok_or_else(ApiError::session_not_found)?;
    sessions.remove(&token);
    Ok(())
}

/// The owner's live sessions, newest first.
pub fn of_owner<'a, S: Session>(sessions: &'a HashMap<String, S>, owner: &str) -> Vec<&'a S> {
    newest_first(sessions.values().filter(|s| s.owner() == owner))
}

/// Sessions newest first.
pub fn newest_first<'a, S: Session>(sessions: impl Iterator<Item = &'a S>) -> Vec<&'a S> {
    let mut list: Vec<&S> = sessions.collect();
    list.sort_by_key(|s| std::cmp::Reverse(s.started_at()));
    list
}

/// An answer that carries a session JWT.
pub trait CarriesJwt {
    fn set_session_jwt(&mut self, jwt: String);
}

impl CarriesJwt for pm::SessionResponse {
    fn set_session_jwt(&mut self, jwt: String) {
        self.session_jwt = jwt;
    }
}

impl CarriesJwt for pc::AuthenticateResponse {
    fn set_session_jwt(&mut self, jwt: String) {
        self.session_jwt = jwt;
    }
}

impl CarriesJwt for pc::PasswordCreateResponse {
    fn set_session_jwt(&mut self, jwt: String) {
        self.authenticated.set_session_jwt(jwt);
    }
}

impl CarriesJwt for pc::OtpAuthenticateResponse {
    fn set_session_jwt(&mut self, jwt: String) {
        self.authenticated.set_session_jwt(jwt);
    }
}

/// An answer whose session JWT is still to be made, and its claims (none when the call
/// started no session). An operation builds it under the world lock; the handler signs it
/// after the lock is released, so other requests go on during the RSA signature (most of the
/// time of a session call).
pub struct Unsigned<T> {
    answer: T,
    claims: Option<Value>,
}

impl<T: CarriesJwt> Unsigned<T> {
    pub fn new(answer: T, claims: Option<Value>) -> Self {
        Self { answer, claims }
    }

    /// The same answer with more around it (e.g. a call's own fields beside the session's).
    pub fn map<U: CarriesJwt>(self, wrap: impl FnOnce(T) -> U) -> Unsigned<U> {
        Unsigned { answer: wrap(self.answer), claims: self.claims }
    }

    /// The answer with its JWT, signed with the project's key.
    pub fn sign(self, keys: &Keys) -> T {
        let mut answer = self.answer;
        if let Some(claims) = self.claims {
            answer.set_session_jwt(keys.sign(&claims));
        }
        answer
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::Limits;
    use crate::model::FactorKind;

    fn user_session(user_id: &str, started_at: i64) -> UserSession {
        UserSession {
            session_id: format!("{user_id}-{started_at}"),
            user_id: user_id.into(),
            started_at,
            last_accessed_at: started_at,
            expires_at: started_at + 60,
            factors: vec![],
        }
    }

    #[test]
    fn starting_one_too_many_evicts_the_owners_oldest_only() {
        let mut sessions = HashMap::new();
        let cap = Limits::STYTCH.sessions_per_member;
        start(&mut sessions, cap, "someone-else", user_session("b", 0));
        for n in 1..=cap as i64 + 1 {
            start(&mut sessions, cap, &format!("t{n}"), user_session("a", n));
        }
        assert_eq!(of_owner(&sessions, "a").len(), cap);
        assert!(!sessions.contains_key("t1"), "the oldest went");
        assert_eq!(of_owner(&sessions, "a")[0].started_at, cap as i64 + 1, "newest first");
        assert!(sessions.contains_key("someone-else"));
    }

    #[test]
    fn touching_extends_from_now_and_merges_the_factor() {
        let mut s = user_session("a", 0);
        touch(&mut s, 100, None, None);
        assert_eq!((s.last_accessed_at, s.expires_at), (100, 60), "no length: not extended");
        touch(&mut s, 200, Some(Factor::new(FactorKind::Password, 200)), Some(10));
        touch(&mut s, 300, Some(Factor::new(FactorKind::Password, 300)), None);
        assert_eq!((s.last_accessed_at, s.expires_at), (300, 200 + 600));
        assert_eq!(s.factors.len(), 1);
        assert_eq!(s.factors[0].last_authenticated_at, 300);
        let mut sessions = HashMap::from([("t".to_string(), s)]);
        assert_eq!(revoke_by_id(&mut sessions, "nope").unwrap_err().error_type, crate::error::ErrorType::SessionNotFound);
        revoke_by_id(&mut sessions, "a-0").unwrap();
        assert!(sessions.is_empty());
    }
}
