//! The browser places tokens and the cached state can live: cookies (Stytch-compatible
//! names and attributes), `localStorage`, `sessionStorage`, or an app-supplied object with
//! `getItem/setItem/removeItem`. Failures surface as errors so `core::storage::Store`
//! can fall back to memory.

use js_sys::Function;
use wasm_bindgen::{prelude::*, JsCast};

use super::js;
use crate::portable::storage::Backend;

/// Cookie attributes, as Stytch's client writes them.
pub struct Cookies {
    pub path: String,
    pub domain: Option<String>,
    pub secure: bool,
}

fn document() -> Result<web_sys::HtmlDocument, String> {
    js::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
        .ok_or_else(|| "no document".to_string())
}

pub fn is_localhost() -> bool {
    let host = js::window().and_then(|w| w.location().hostname().ok()).unwrap_or_default();
    host == "localhost" || host.starts_with("127.") || host == "[::1]" || host == "::1"
}

impl Cookies {
    /// `cookieOptions`: `path`, `domain`, `availableToSubdomains`.
    pub fn new(path: Option<String>, domain: Option<String>, available_to_subdomains: bool) -> Self {
        let local = is_localhost();
        let domain = if available_to_subdomains && !local {
            domain.or_else(|| js::window().and_then(|w| w.location().host().ok()))
        } else {
            None
        };
        Self { path: path.unwrap_or_else(|| "/".into()), domain, secure: !local }
    }

    fn attributes(&self, expires_at_ms: f64, domain: Option<&str>) -> String {
        let mut s = String::from("; Path=");
        s.push_str(&self.path);
        s.push_str("; Expires=");
        s.push_str(&String::from(js_sys::Date::new(&JsValue::from_f64(expires_at_ms)).to_utc_string()));
        s.push_str("; SameSite=Lax");
        if self.secure {
            s.push_str("; Secure");
        }
        if let Some(d) = domain {
            s.push_str("; Domain=");
            s.push_str(d);
        }
        s
    }
}

pub fn read_cookie(name: &str) -> Result<Option<String>, String> {
    let all = document()?.cookie().map_err(|_| "cookies are not readable".to_string())?;
    Ok(crate::portable::storage::cookie_value(&all, name)
        .map(|v| js_sys::decode_uri_component(v).map(String::from).unwrap_or_else(|_| v.to_string())))
}

impl Backend for Cookies {
    fn read(&mut self, key: &str) -> Result<Option<String>, String> {
        read_cookie(key)
    }

    fn write(&mut self, key: &str, value: &str, expires_at_ms: f64) -> Result<(), String> {
        let doc = document()?;
        let mut c = String::from(key);
        c.push('=');
        c.push_str(&String::from(js_sys::encode_uri_component(value)));
        c.push_str(&self.attributes(expires_at_ms, self.domain.as_deref()));
        doc.set_cookie(&c).map_err(|_| "cookies are blocked".to_string())?;
        // A browser that blocks cookies accepts the write silently: read it back.
        if read_cookie(key)?.as_deref() == Some(value) { Ok(()) } else { Err("cookies are blocked".into()) }
    }

    fn delete(&mut self, key: &str) -> Result<(), String> {
        let doc = document()?;
        // A cookie is only deleted with the domain it was set with: try both.
        for domain in [self.domain.as_deref(), None] {
            let mut c = String::from(key);
            c.push('=');
            c.push_str(&self.attributes(0.0, domain));
            let _ = doc.set_cookie(&c);
        }
        Ok(())
    }

    fn expires_itself(&self) -> bool {
        true
    }
}

/// A key/value place without expiry: Web Storage or an app's adapter object.
#[derive(Clone)]
pub enum Place {
    Web(web_sys::Storage),
    Custom(JsValue),
}

fn js_error_text(e: JsValue) -> String {
    js::get_str(&e, "name").or_else(|| e.as_string()).unwrap_or_else(|| "storage error".into())
}

impl Place {
    pub fn local() -> Result<Self, String> {
        let w = js::window().ok_or("no window")?;
        w.local_storage().map_err(js_error_text)?.map(Place::Web).ok_or_else(|| "localStorage is unavailable".into())
    }

    pub fn session() -> Result<Self, String> {
        let w = js::window().ok_or("no window")?;
        w.session_storage().map_err(js_error_text)?.map(Place::Web).ok_or_else(|| "sessionStorage is unavailable".into())
    }

    fn call(adapter: &JsValue, name: &str, args: &[&JsValue]) -> Result<JsValue, String> {
        let f: Function = js::get(adapter, name).dyn_into().map_err(|_| {
            let mut m = String::from("tokenStorage has no ");
            m.push_str(name);
            m
        })?;
        let r = match args {
            [a] => f.call1(adapter, a),
            [a, b] => f.call2(adapter, a, b),
            _ => f.call0(adapter),
        };
        r.map_err(js_error_text)
    }

    pub fn get(&self, key: &str) -> Result<Option<String>, String> {
        match self {
            Place::Web(s) => s.get_item(key).map_err(js_error_text),
            Place::Custom(a) => Ok(Self::call(a, "getItem", &[&JsValue::from_str(key)])?.as_string()),
        }
    }

    pub fn set(&self, key: &str, value: &str) -> Result<(), String> {
        match self {
            Place::Web(s) => s.set_item(key, value).map_err(js_error_text),
            Place::Custom(a) => Self::call(a, "setItem", &[&JsValue::from_str(key), &JsValue::from_str(value)]).map(drop),
        }
    }

    pub fn remove(&self, key: &str) -> Result<(), String> {
        match self {
            Place::Web(s) => s.remove_item(key).map_err(js_error_text),
            Place::Custom(a) => Self::call(a, "removeItem", &[&JsValue::from_str(key)]).map(drop),
        }
    }
}

/// The token backend chosen by `tokenStorage`.
pub enum TokenBackend {
    Cookies(Cookies),
    Place(Place),
}

impl Backend for TokenBackend {
    fn read(&mut self, key: &str) -> Result<Option<String>, String> {
        match self {
            TokenBackend::Cookies(c) => c.read(key),
            TokenBackend::Place(p) => p.get(key),
        }
    }

    fn write(&mut self, key: &str, value: &str, expires_at_ms: f64) -> Result<(), String> {
        match self {
            TokenBackend::Cookies(c) => c.write(key, value, expires_at_ms),
            TokenBackend::Place(p) => p.set(key, value),
        }
    }

    fn delete(&mut self, key: &str) -> Result<(), String> {
        match self {
            TokenBackend::Cookies(c) => c.delete(key),
            TokenBackend::Place(p) => p.remove(key),
        }
    }

    fn expires_itself(&self) -> bool {
        matches!(self, TokenBackend::Cookies(_))
    }
}
