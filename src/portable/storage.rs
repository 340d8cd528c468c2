//! Token storage over any backend, with expiry for backends that have none and a fall back
//! to memory when the backend fails (disabled, quota exceeded, cookies blocked), so a flow
//! still completes. The browser backends live in `crate::wasm::storage`.

use super::constants::{IST_COOKIE, JWT_COOKIE, SESSION_COOKIE};
use super::lifecycle::{Token, TokenStore};

/// A place to keep strings. Errors carry a short description for the one warning.
///
/// The clock and the warning are the backend type's own functions, not closures the store
/// holds: a closure behind a pointer is called indirectly, and one indirect call keeps the
/// wasm's whole function table (with every closure shim wasm-bindgen puts in it) in the npm
/// download, about 450 B gzip.
pub trait Backend {
    fn read(&mut self, key: &str) -> Result<Option<String>, String>;
    fn write(&mut self, key: &str, value: &str, expires_at_ms: f64) -> Result<(), String>;
    fn delete(&mut self, key: &str) -> Result<(), String>;
    /// Cookies expire by themselves; other backends get the expiry stored with the value.
    fn expires_itself(&self) -> bool {
        false
    }
    /// Now, in ms since the epoch (for the expiry of values kept in memory or with no
    /// expiry of their own).
    fn now_ms() -> f64;
    /// The one warning when the backend failed and tokens are kept in memory from now on.
    fn on_fallback(why: &str);
}

/// The names tokens are kept under (renamable through `cookieOptions`).
#[derive(Debug, Clone)]
pub struct Names {
    pub session: String,
    pub jwt: String,
    pub ist: String,
}

impl Default for Names {
    fn default() -> Self {
        Self { session: SESSION_COOKIE.into(), jwt: JWT_COOKIE.into(), ist: IST_COOKIE.into() }
    }
}

impl Names {
    fn of(&self, t: Token) -> &str {
        match t {
            Token::Session => &self.session,
            Token::Jwt => &self.jwt,
            Token::Ist => &self.ist,
        }
    }
}

/// Decimal digits of `n`. Hand-written because `u64::to_string` links `core::fmt` into the wasm.
pub fn push_decimal(out: &mut String, n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(d as char);
    }
}

fn parse_decimal(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 19 {
        return None;
    }
    s.bytes().try_fold(0u64, |acc, b| b.is_ascii_digit().then(|| acc * 10 + u64::from(b - b'0')))
}

/// The raw value of cookie `name` in a `document.cookie` string (`a=1; b=2`): the first
/// pair whose name matches exactly. Percent-decoding is the caller's.
pub fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    // By bytes: `split(';')` and `trim_start()` would link a char searcher (with memchr) and
    // Unicode's whitespace table into the wasm. The separators are ASCII, so the slices are
    // on char boundaries.
    let mut start = 0;
    while start < header.len() {
        let end = header.bytes().skip(start).position(|b| b == b';').map_or(header.len(), |i| start + i);
        let pair = header[start..end].trim_ascii_start();
        if let Some(eq) = pair.bytes().position(|b| b == b'=') {
            if &pair[..eq] == name {
                return Some(&pair[eq + 1..]);
            }
        }
        start = end + 1;
    }
    None
}

/// `<expires_at_ms>:<value>`, for backends with no expiry of their own.
pub fn encode(value: &str, expires_at_ms: f64) -> String {
    let mut s = String::with_capacity(value.len() + 14);
    push_decimal(&mut s, expires_at_ms.max(0.0) as u64);
    s.push(':');
    s.push_str(value);
    s
}

/// The value if it has not lapsed. Anything not in our format counts as absent.
pub fn decode(stored: &str, now_ms: f64) -> Option<&str> {
    let colon = stored.bytes().position(|b| b == b':')?;
    let (exp, value) = (&stored[..colon], &stored[colon + 1..]);
    let exp = parse_decimal(exp)?;
    ((exp as f64) > now_ms && !value.is_empty()).then_some(value)
}

pub struct Store<B> {
    /// `None` in memory mode, and after the backend failed.
    backend: Option<B>,
    /// Indexed by `Token as usize`.
    memory: [Option<(String, f64)>; 3],
    names: Names,
}

impl<B: Backend> Store<B> {
    pub fn new(backend: Option<B>, names: Names) -> Self {
        Self { backend, memory: Default::default(), names }
    }

    pub fn is_memory(&self) -> bool {
        self.backend.is_none()
    }

    fn fail(&mut self, why: String) {
        if self.backend.take().is_some() {
            B::on_fallback(&why);
        }
    }

    fn read_memory(&mut self, t: Token) -> Option<String> {
        let now = B::now_ms();
        let slot = &mut self.memory[t as usize];
        match slot {
            Some((v, exp)) if *exp > now => Some(v.clone()),
            _ => {
                *slot = None;
                None
            }
        }
    }
}

impl<B: Backend> TokenStore for Store<B> {
    fn get(&mut self, t: Token) -> Option<String> {
        let Some(backend) = self.backend.as_mut() else { return self.read_memory(t) };
        let key = self.names.of(t).to_string();
        match backend.read(&key) {
            Ok(Some(raw)) if backend.expires_itself() => Some(raw).filter(|v| !v.is_empty()),
            Ok(Some(raw)) => {
                let value = decode(&raw, B::now_ms()).map(str::to_string);
                if value.is_none() {
                    let _ = backend.delete(&key);
                }
                value
            }
            Ok(None) => None,
            Err(why) => {
                self.fail(why);
                None
            }
        }
    }

    fn set(&mut self, t: Token, value: &str, expires_at_ms: f64) {
        // Memory always holds the latest value, so a backend failing mid-flow loses nothing.
        self.memory[t as usize] = Some((value.to_string(), expires_at_ms));
        let Some(backend) = self.backend.as_mut() else { return };
        let key = self.names.of(t).to_string();
        let stored = if backend.expires_itself() { value.to_string() } else { encode(value, expires_at_ms) };
        if let Err(why) = backend.write(&key, &stored, expires_at_ms) {
            self.fail(why);
        }
    }

    fn remove(&mut self, t: Token) {
        self.memory[t as usize] = None;
        let Some(backend) = self.backend.as_mut() else { return };
        let key = self.names.of(t).to_string();
        if let Err(why) = backend.delete(&key) {
            self.fail(why);
        }
    }
}

#[cfg(test)]
mod cookie_tests {
    use super::cookie_value;

    #[test]
    fn cookie_values_by_exact_name() {
        let h = "stytch_session=abc; stytch_session_jwt=a.b.c; x=; stytch_intermediate_session_token=i=j";
        assert_eq!(cookie_value(h, "stytch_session"), Some("abc"));
        assert_eq!(cookie_value(h, "stytch_session_jwt"), Some("a.b.c"));
        assert_eq!(cookie_value(h, "stytch_intermediate_session_token"), Some("i=j"));
        assert_eq!(cookie_value(h, "x"), Some(""));
        assert_eq!(cookie_value(h, "stytch"), None);
        assert_eq!(cookie_value("", "x"), None);
        assert_eq!(cookie_value("novalue; ;;=", ""), Some(""));
    }
}

#[cfg(test)]
mod tests {
    use std::cell::{Cell, RefCell};
    use std::collections::HashMap;
    use std::rc::Rc;

    use super::*;

    /// A backend that stores in a map and can be told to fail.
    #[derive(Clone, Default)]
    struct Flaky {
        map: Rc<RefCell<HashMap<String, String>>>,
        broken: Rc<Cell<bool>>,
        self_expiring: bool,
    }

    impl Backend for Flaky {
        fn read(&mut self, key: &str) -> Result<Option<String>, String> {
            if self.broken.get() {
                Err("read failed".into())
            } else {
                Ok(self.map.borrow().get(key).cloned())
            }
        }
        fn write(&mut self, key: &str, value: &str, _: f64) -> Result<(), String> {
            if self.broken.get() {
                return Err("QuotaExceededError".into());
            }
            self.map.borrow_mut().insert(key.into(), value.into());
            Ok(())
        }
        fn delete(&mut self, key: &str) -> Result<(), String> {
            self.map.borrow_mut().remove(key);
            Ok(())
        }
        fn expires_itself(&self) -> bool {
            self.self_expiring
        }
        fn now_ms() -> f64 {
            NOW.with(|now| now.borrow().get())
        }
        fn on_fallback(why: &str) {
            WARNINGS.with(|w| w.borrow().borrow_mut().push(why.to_string()));
        }
    }

    thread_local! {
        // The clock and the warnings of the test's store (each test runs on a thread of its own).
        static NOW: RefCell<Rc<Cell<f64>>> = Default::default();
        static WARNINGS: RefCell<Rc<RefCell<Vec<String>>>> = Default::default();
    }

    fn store(backend: Option<Flaky>, now: Rc<Cell<f64>>, warnings: Rc<RefCell<Vec<String>>>) -> Store<Flaky> {
        NOW.with(|n| *n.borrow_mut() = now);
        WARNINGS.with(|w| *w.borrow_mut() = warnings);
        Store::new(backend, Names::default())
    }

    #[test]
    fn decimals() {
        for n in [0u64, 7, 10, 1_732_000_000_000, u64::MAX / 10] {
            let mut s = String::new();
            push_decimal(&mut s, n);
            assert_eq!(s, n.to_string());
            assert_eq!(parse_decimal(&s), Some(n));
        }
        assert_eq!(parse_decimal("12a"), None);
        assert_eq!(parse_decimal(""), None);
    }

    #[test]
    fn encoded_values_expire() {
        assert_eq!(decode(&encode("tok", 2000.0), 1000.0), Some("tok"));
        assert_eq!(decode(&encode("tok", 2000.0), 2000.0), None);
        assert_eq!(decode("garbage", 0.0), None);
        assert_eq!(decode("12:", 0.0), None);
    }

    #[test]
    fn web_storage_keeps_values_under_the_cookie_names_until_they_lapse() {
        let now = Rc::new(Cell::new(1000.0));
        let backend = Flaky::default();
        let mut s = store(Some(backend.clone()), now.clone(), Default::default());
        s.set(Token::Ist, "ist-1", 5000.0);
        assert_eq!(backend.map.borrow().get("stytch_intermediate_session_token").unwrap(), "5000:ist-1");
        assert_eq!(s.get(Token::Ist).as_deref(), Some("ist-1"));
        now.set(5000.0);
        assert_eq!(s.get(Token::Ist), None);
        assert!(backend.map.borrow().is_empty(), "lapsed value removed");
    }

    #[test]
    fn cookies_are_stored_raw() {
        let backend = Flaky { self_expiring: true, ..Default::default() };
        let mut s = store(Some(backend.clone()), Rc::new(Cell::new(0.0)), Default::default());
        s.set(Token::Session, "st", 9e12);
        assert_eq!(backend.map.borrow().get("stytch_session").unwrap(), "st");
        assert_eq!(s.get(Token::Session).as_deref(), Some("st"));
    }

    #[test]
    fn a_failing_backend_falls_back_to_memory_with_one_warning() {
        let now = Rc::new(Cell::new(0.0));
        let warnings = Rc::new(RefCell::new(Vec::new()));
        let backend = Flaky::default();
        let mut s = store(Some(backend.clone()), now, warnings.clone());
        s.set(Token::Ist, "ist-1", 1e12);
        backend.broken.set(true);
        s.set(Token::Session, "st", 1e12);
        s.set(Token::Jwt, "jwt", 1e12);
        assert!(s.is_memory());
        assert_eq!(s.get(Token::Session).as_deref(), Some("st"));
        assert_eq!(s.get(Token::Jwt).as_deref(), Some("jwt"));
        assert_eq!(s.get(Token::Ist).as_deref(), Some("ist-1"), "what was stored before the failure is kept");
        s.remove(Token::Ist);
        assert_eq!(s.get(Token::Ist), None);
        assert_eq!(*warnings.borrow(), vec!["QuotaExceededError".to_string()]);
    }

    #[test]
    fn memory_mode_never_warns_and_expires() {
        let now = Rc::new(Cell::new(0.0));
        let warnings = Rc::new(RefCell::new(Vec::new()));
        let mut s = store(None, now.clone(), warnings.clone());
        s.set(Token::Ist, "i", 10.0);
        assert_eq!(s.get(Token::Ist).as_deref(), Some("i"));
        now.set(11.0);
        assert_eq!(s.get(Token::Ist), None);
        assert!(warnings.borrow().is_empty());
    }
}
