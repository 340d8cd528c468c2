//! The cached member, organization and session (`stytch_sdk_state_<public_token>`), and the
//! subscribers, all told when any of them changes.

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::{prelude::*, JsCast};

use super::js;
use super::storage::Place;
use crate::portable::ffi::topic;

/// What a subscriber listens to (numbered for the JS surface in `portable::ffi`).
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Topic {
    State = topic::STATE,
    Session = topic::SESSION,
    Member = topic::MEMBER,
    Organization = topic::ORGANIZATION,
}

impl Topic {
    /// The topic of a number from JS; `None` for any other number.
    #[cfg(feature = "npm")]
    pub fn from_u8(n: u8) -> Option<Topic> {
        [Topic::State, Topic::Session, Topic::Member, Topic::Organization].into_iter().find(|t| *t as u8 == n)
    }
}

pub struct Cache {
    pub member: JsValue,
    pub organization: JsValue,
    pub session: JsValue,
}

impl Default for Cache {
    fn default() -> Self {
        Self { member: JsValue::NULL, organization: JsValue::NULL, session: JsValue::NULL }
    }
}

/// The state's JSON without `last_accessed_at`, as Stytch's client compares states: a refresh
/// that only moves it is no change.
#[derive(PartialEq)]
pub struct Snapshot(Option<String>);

impl Cache {
    pub fn snapshot(&self) -> Snapshot {
        let state = self.to_state();
        if self.session.is_object() {
            // A copy of the session without the field: the cached one stays as it is.
            let session: Object = Object::assign(&Object::new(), self.session.unchecked_ref());
            let _ = Reflect::delete_property(&session, &JsValue::from_str("last_accessed_at"));
            js::set(&state, "session", &session);
        }
        Snapshot(js::stringify(&state))
    }

    /// `{member, organization, session}` as Stytch's `B2BState`; parts that are absent are left out.
    pub fn to_state(&self) -> JsValue {
        let o = js::object();
        for (k, v) in [("member", &self.member), ("organization", &self.organization), ("session", &self.session)] {
            if v.is_object() {
                js::set(&o, k, v);
            }
        }
        o
    }

    pub fn from_json(text: &str) -> Option<Cache> {
        let v = js::parse_json(text).filter(|v| v.is_object())?;
        let part = |k| Some(js::get(&v, k)).filter(|p| p.is_object()).unwrap_or(JsValue::NULL);
        Some(Cache { member: part("member"), organization: part("organization"), session: part("session") })
    }

    /// What a `topic` subscriber is given: the whole state, or one cached part (null when absent).
    pub fn of(&self, topic: Topic) -> JsValue {
        match topic {
            Topic::State => self.to_state(),
            Topic::Session => self.session.clone(),
            Topic::Member => self.member.clone(),
            Topic::Organization => self.organization.clone(),
        }
    }

    pub fn is_empty(&self) -> bool {
        !self.member.is_object() && !self.organization.is_object() && !self.session.is_object()
    }
}

/// Where the cache is kept; `None` is memory (memory mode, or after the place failed).
pub struct StatePlace {
    pub place: Option<Place>,
    pub key: String,
}

impl StatePlace {
    pub fn load(&mut self) -> Cache {
        let Some(place) = &self.place else { return Cache::default() };
        match place.get(&self.key) {
            Ok(Some(text)) => Cache::from_json(&text).unwrap_or_else(|| {
                js::warn("stytch: the cached session state was not valid JSON and was discarded.");
                let _ = place.remove(&self.key);
                Cache::default()
            }),
            Ok(None) => Cache::default(),
            Err(why) => {
                self.fail(&why);
                Cache::default()
            }
        }
    }

    pub fn save(&mut self, cache: &Cache) {
        let Some(place) = &self.place else { return };
        let result = if cache.is_empty() {
            place.remove(&self.key)
        } else {
            match js::stringify(&cache.to_state()) {
                Some(text) => place.set(&self.key, &text),
                None => Ok(()),
            }
        };
        if let Err(why) = result {
            self.fail(&why);
        }
    }

    fn fail(&mut self, why: &str) {
        if self.place.take().is_some() {
            js::warn_memory_fallback("could not use storage for the session state", why, "it");
        }
    }
}

pub struct Subscribers {
    list: Vec<(u32, Topic, Function)>,
    next: u32,
}

impl Default for Subscribers {
    fn default() -> Self {
        Self { list: Vec::new(), next: 1 }
    }
}

impl Subscribers {
    pub fn add(&mut self, topic: Topic, f: Function) -> u32 {
        self.next += 1;
        self.list.push((self.next, topic, f));
        self.next
    }

    pub fn remove(&mut self, id: u32) {
        self.list.retain(|(i, _, _)| *i != id);
    }

    /// The callbacks to call, with their argument, for a change from `before` to `cache`: as
    /// in Stytch's client, every subscriber, each given its part, when the state changed or
    /// when `was_cached` (the first update of a session read from storage, which tells
    /// subscribers it is no longer from the cache).
    pub fn due(&self, before: &Snapshot, cache: &Cache, was_cached: bool) -> Vec<(Function, JsValue)> {
        if !was_cached && *before == cache.snapshot() {
            return Vec::new();
        }
        self.list.iter().map(|(_, t, f)| (f.clone(), cache.of(*t))).collect()
    }
}
