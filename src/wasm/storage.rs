//! The browser places tokens and the cached state can live: cookies (Stytch-compatible
//! names and attributes), `localStorage`, `sessionStorage`, or an app-supplied object with
//! `getItem/setItem/removeItem`. Failures surface as errors so `portable::storage::Store`
//! can fall back to memory.

use wasm_bindgen::prelude::*;

use super::js;
use crate::portable::storage::Backend;

/// Cookie attributes, as Stytch's client writes them.
pub struct Cookies {
    pub path: String,
    pub domain: Option<String>,
    pub secure: bool,
}

pub fn is_localhost() -> bool {
    let host = js::location_part("hostname");
    host == "localhost" || host.starts_with("127.") || host == "[::1]" || host == "::1"
}

impl Cookies {
    /// `cookieOptions`: `path`, `domain`, `availableToSubdomains`.
    pub fn new(path: Option<String>, domain: Option<String>, available_to_subdomains: bool) -> Self {
        let local = is_localhost();
        let domain = if available_to_subdomains && !local { domain.or_else(|| Some(js::location_part("host"))) } else { None };
        Self { path: path.unwrap_or_else(|| "/".into()), domain, secure: !local }
    }

    fn attributes(&self, expires_at_ms: f64, domain: Option<&str>) -> String {
        let mut s = String::from("; Path=");
        s.push_str(&self.path);
        s.push_str("; Expires=");
        s.push_str(&js::http_date(expires_at_ms));
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

    fn set(key: &str, rest: &str) -> Result<(), String> {
        let mut c = String::from(key);
        c.push('=');
        c.push_str(rest);
        js::cookie(Some(c)).map(drop).map_err(|_| "cookies are blocked".to_string())
    }
}

pub fn read_cookie(name: &str) -> Result<Option<String>, String> {
    let all = js::cookie(None).map_err(|_| "cookies are not readable".to_string())?.unwrap_or_default();
    Ok(crate::portable::storage::cookie_value(&all, name)
        .map(|v| js_sys::decode_uri_component(v).map(String::from).unwrap_or_else(|_| v.to_string())))
}

/// The cookie half of `TokenBackend`.
impl Cookies {
    fn read(&mut self, key: &str) -> Result<Option<String>, String> {
        read_cookie(key)
    }

    fn write(&mut self, key: &str, value: &str, expires_at_ms: f64) -> Result<(), String> {
        let mut rest = String::from(js_sys::encode_uri_component(value));
        rest.push_str(&self.attributes(expires_at_ms, self.domain.as_deref()));
        Self::set(key, &rest)?;
        // A browser that blocks cookies accepts the write silently: read it back.
        if read_cookie(key)?.as_deref() == Some(value) {
            Ok(())
        } else {
            Err("cookies are blocked".into())
        }
    }

    fn delete(&mut self, key: &str) -> Result<(), String> {
        // A cookie is only deleted with the domain it was set with: try both.
        for domain in [self.domain.as_deref(), None] {
            let _ = Self::set(key, &self.attributes(0.0, domain));
        }
        Ok(())
    }
}

/// A key/value place without expiry: Web Storage or an app's adapter object, both used
/// through `getItem`, `setItem` and `removeItem`.
#[derive(Clone)]
pub struct Place(pub JsValue);

impl Place {
    /// `localStorage` or `sessionStorage`.
    pub fn web(name: &str) -> Result<Self, String> {
        match js::web_storage(name) {
            Ok(s) if s.is_object() => Ok(Place(s)),
            Ok(_) => {
                let mut m = String::from(name);
                m.push_str(" is unavailable");
                Err(m)
            }
            Err(e) => Err(js::error_name(&e)),
        }
    }

    fn op(&self, op: u8, key: &str, value: Option<String>) -> Result<JsValue, String> {
        js::key_value(&self.0, op, key, value).map_err(|e| js::error_name(&e))
    }

    pub fn get(&self, key: &str) -> Result<Option<String>, String> {
        self.op(0, key, None).map(|v| v.as_string())
    }

    pub fn set(&self, key: &str, value: &str) -> Result<(), String> {
        self.op(1, key, Some(value.to_string())).map(drop)
    }

    pub fn remove(&self, key: &str) -> Result<(), String> {
        self.op(2, key, None).map(drop)
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

    fn now_ms() -> f64 {
        js::now_ms()
    }

    fn on_fallback(why: &str) {
        js::warn_memory_fallback("token storage failed", why, "tokens");
    }
}
