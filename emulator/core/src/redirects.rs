//! Redirect URLs: the project's registered list (the shape of Stytch's redirect-URL objects,
//! `{url, valid_types: [{type, is_default}]}`) and the one check every flow's redirect URL
//! goes through before anything is sent, minted or redirected to.
//!
//! Matching, as Stytch's test environment does it: scheme, host, port and path must match a
//! URL registered for the type, and so must the query (its parameters in any order). On top:
//! `www.example.com` and `example.com` are one host; a registered host `localhost`,
//! `127.0.0.1` or `[::1]` matches any port (loopback dev servers pick their ports); a registered
//! host starting `*.` matches any subdomain; a registered path ending `*` matches any path
//! under it, with any query; a registered query value `{}` matches any value. A URL that is
//! not an absolute http(s) URL of visible ASCII (no spaces, CR/LF or other controls, no
//! user-info) is refused outright, so nothing else can reach a `Location` header or an email.

use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ApiResult, ErrorType};
use crate::limits::{MAX_REDIRECT_URLS, MAX_REDIRECT_URL_BYTES};

/// Stytch's redirect-URL types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum UrlType {
    Login,
    Signup,
    Invite,
    ResetPassword,
    Discovery,
    /// Any other string: kept only to be refused with `invalid_redirect_url_type`.
    #[serde(other, skip_serializing)]
    Unknown,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidType {
    #[serde(rename = "type")]
    pub url_type: UrlType,
    #[serde(default)]
    pub is_default: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedirectUrl {
    pub url: String,
    pub valid_types: Vec<ValidType>,
}

impl RedirectUrl {
    fn default_for(&self, t: UrlType) -> bool {
        self.valid_types.iter().any(|v| v.url_type == t && v.is_default)
    }

    fn allows(&self, t: UrlType) -> bool {
        self.valid_types.iter().any(|v| v.url_type == t)
    }
}

/// The built-in seed's list: the default for state files and seeds written before redirect
/// URLs existed (one copy of the fact, in `seed/default.json`, read here rather than through
/// `seed`, which depends on this module).
pub fn default_list() -> Vec<RedirectUrl> {
    let seed: serde_json::Value = serde_json::from_str(include_str!("../../seed/default.json")).expect("the built-in seed is JSON");
    serde_json::from_value(seed["project"]["redirect_urls"].clone()).expect("the built-in seed's redirect_urls")
}

/// The flow a redirect URL was passed to: it names the error, as Stytch's do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    MagicLink,
    OAuth,
    Sso,
    PasswordReset,
}

/// The URL to send the member to for `kind`: `given` when it is registered for `kind` (an
/// empty string counts as absent), else the project's default for `kind`.
pub fn resolve(list: &[RedirectUrl], flow: Flow, kind: UrlType, given: Option<&str>) -> ApiResult<String> {
    match given.filter(|u| !u.is_empty()) {
        Some(url) => check_given(list, flow, kind, url).map(|()| url.to_string()),
        None => list.iter().find(|r| r.default_for(kind)).map(|r| r.url.clone()).ok_or_else(|| no_default(kind)),
    }
}

/// Checks a URL the caller passed, if any, without choosing one (a start step checks both
/// its URLs; which one is used is known only later).
pub fn check(list: &[RedirectUrl], flow: Flow, kind: UrlType, given: Option<&str>) -> ApiResult<()> {
    match given.filter(|u| !u.is_empty()) {
        Some(url) => check_given(list, flow, kind, url),
        None => Ok(()),
    }
}

fn check_given(list: &[RedirectUrl], flow: Flow, kind: UrlType, url: &str) -> ApiResult<()> {
    let parsed = Parsed::new(url).ok_or_else(|| invalid(flow, kind))?;
    let mut registered = list.iter().filter(|r| r.allows(kind)).filter_map(|r| Parsed::new(&r.url));
    if registered.any(|r| r.matches(&parsed)) {
        Ok(())
    } else {
        Err(no_match(flow))
    }
}

/// The URL a token goes back to the app on: `base` with Stytch's `stytch_token_type` and
/// `token` query parameters (the emails' links and the identity provider's redirects).
pub fn token_url(base: &str, token_type: &str, token: &str) -> String {
    with_params(base, &[("stytch_token_type", token_type), ("token", token)])
}

/// `url` with `params` added to its query (before any fragment), as the emails and the
/// identity provider's redirect carry the token.
pub fn with_params(url: &str, params: &[(&str, &str)]) -> String {
    let (base, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    let mut out = base.to_string();
    for (i, (k, v)) in params.iter().enumerate() {
        let sep = if i == 0 && !base.contains('?') { '?' } else { '&' };
        out.push(sep);
        out.push_str(&crate::text::percent_encode(k));
        out.push('=');
        out.push_str(&crate::text::percent_encode(v));
    }
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

/// Checks one entry for registration (seed, state file, control API).
pub fn validate_entry(entry: &RedirectUrl) -> ApiResult<()> {
    let url = entry.url.as_str();
    let scheme_ok =
        url.get(..7).is_some_and(|s| s.eq_ignore_ascii_case("http://")) || url.get(..8).is_some_and(|s| s.eq_ignore_ascii_case("https://"));
    if !scheme_ok && url.contains(':') && !url.contains(char::is_whitespace) {
        return Err(ApiError::new(400, ErrorType::RedirectUrlCannotUseProtocol, "Redirect URLs must use http or https."));
    }
    if url.len() > MAX_REDIRECT_URL_BYTES || Parsed::new(url).is_none() || url.contains('#') {
        return Err(ApiError::new(
            400,
            ErrorType::InvalidUrl,
            format!("url must be an absolute http(s) URL of at most {MAX_REDIRECT_URL_BYTES} visible ASCII characters, without user info or fragment."),
        ));
    }
    if entry.valid_types.is_empty() {
        return Err(ApiError::bad_request("valid_types: name at least one type."));
    }
    for (i, v) in entry.valid_types.iter().enumerate() {
        if v.url_type == UrlType::Unknown {
            return Err(ApiError::new(
                400,
                ErrorType::InvalidRedirectUrlType,
                "valid_types[].type must be LOGIN, SIGNUP, INVITE, RESET_PASSWORD or DISCOVERY.",
            ));
        }
        if entry.valid_types[..i].iter().any(|w| w.url_type == v.url_type) {
            return Err(ApiError::bad_request("valid_types: each type at most once."));
        }
    }
    if entry.valid_types.iter().any(|v| v.is_default) {
        if url.contains('*') {
            return Err(ApiError::new(
                400,
                ErrorType::RedirectUrlWithWildcardCannotBeDefault,
                "A redirect URL with a wildcard cannot be a default.",
            ));
        }
        if url.contains("{}") {
            return Err(ApiError::new(
                400,
                ErrorType::RedirectUrlWithQueryParamPlaceholderCannotBeDefault,
                "A redirect URL with a query parameter placeholder cannot be a default.",
            ));
        }
    }
    Ok(())
}

/// Checks a whole list: each entry, no URL twice, at most one default per type.
pub fn validate_list(list: &[RedirectUrl]) -> Result<(), String> {
    if list.len() > MAX_REDIRECT_URLS {
        return Err(format!("redirect_urls: at most {MAX_REDIRECT_URLS}"));
    }
    for (i, r) in list.iter().enumerate() {
        validate_entry(r).map_err(|e| format!("redirect_urls: {}: {}", r.url, e.message))?;
        if list[..i].iter().any(|o| o.url == r.url) {
            return Err(format!("redirect_urls: {} is listed twice", r.url));
        }
    }
    for t in [UrlType::Login, UrlType::Signup, UrlType::Invite, UrlType::ResetPassword, UrlType::Discovery] {
        if list.iter().filter(|r| r.default_for(t)).count() > 1 {
            return Err(format!("redirect_urls: more than one default for {t:?}"));
        }
    }
    Ok(())
}

/// Adds `entry`, or replaces the entry with its URL; a type it is the default for stops being
/// the default of any other URL (Stytch keeps one default per type).
pub fn upsert(list: &mut Vec<RedirectUrl>, entry: RedirectUrl) -> ApiResult<()> {
    validate_entry(&entry)?;
    let exists = list.iter().any(|r| r.url == entry.url);
    if !exists && list.len() >= MAX_REDIRECT_URLS {
        return Err(ApiError::bad_request(format!("At most {MAX_REDIRECT_URLS} redirect URLs; delete one first.")));
    }
    for v in entry.valid_types.iter().filter(|v| v.is_default) {
        for other in list.iter_mut().filter(|r| r.url != entry.url) {
            other.valid_types.iter_mut().filter(|w| w.url_type == v.url_type).for_each(|w| w.is_default = false);
        }
    }
    match list.iter_mut().find(|r| r.url == entry.url) {
        Some(r) => *r = entry,
        None => list.push(entry),
    }
    Ok(())
}

pub fn remove(list: &mut Vec<RedirectUrl>, url: &str) -> ApiResult<()> {
    let before = list.len();
    list.retain(|r| r.url != url);
    if list.len() == before {
        return Err(ApiError::new(404, ErrorType::RedirectUrlNotFound, "No redirect URL with this url is registered."));
    }
    Ok(())
}

fn invalid(flow: Flow, kind: UrlType) -> ApiError {
    let (error_type, field) = match (flow, kind) {
        (Flow::MagicLink, UrlType::Signup) => (ErrorType::InvalidSignupMagicLinkUrl, "signup_redirect_url"),
        // Stytch names no type of its own for a discovery link's URL.
        (Flow::MagicLink, UrlType::Discovery) => (ErrorType::InvalidLoginMagicLinkUrl, "discovery_redirect_url"),
        (Flow::MagicLink, _) => (ErrorType::InvalidLoginMagicLinkUrl, "login_redirect_url"),
        (Flow::OAuth, UrlType::Signup) => (ErrorType::InvalidSignupOauthUrl, "signup_redirect_url"),
        (Flow::OAuth, _) => (ErrorType::InvalidLoginOauthUrl, "login_redirect_url"),
        (Flow::Sso, UrlType::Signup) => (ErrorType::InvalidSignupSsoUrl, "signup_redirect_url"),
        (Flow::Sso, _) => (ErrorType::InvalidLoginSsoUrl, "login_redirect_url"),
        (Flow::PasswordReset, UrlType::ResetPassword) => (ErrorType::InvalidPasswordResetRedirectUrl, "reset_password_redirect_url"),
        (Flow::PasswordReset, _) => (ErrorType::InvalidLoginRedirectUrl, "login_redirect_url"),
    };
    let message = format!(
        "{field} is not a valid redirect URL: it must be an absolute http or https URL of visible ASCII characters, without user info."
    );
    ApiError::new(400, error_type, message)
}

fn no_match(flow: Flow) -> ApiError {
    let (error_type, what) = match flow {
        // Reset links are emailed like magic links.
        Flow::MagicLink | Flow::PasswordReset => (ErrorType::NoMatchForProvidedMagicLinkUrl, "magic link"),
        Flow::OAuth => (ErrorType::NoMatchForProvidedOauthUrl, "OAuth"),
        Flow::Sso => (ErrorType::NoMatchForProvidedSsoUrl, "SSO"),
    };
    let message = format!(
        "The {what} redirect URL in the request is not registered for this project and type; register it with POST /_emulator/redirect_urls or in the console."
    );
    ApiError::new(400, error_type, message)
}

fn no_default(kind: UrlType) -> ApiError {
    let error_type = match kind {
        UrlType::Signup => ErrorType::NoDefaultSignupRedirectUrlSet,
        UrlType::Invite => ErrorType::NoDefaultInviteRedirectUrlSet,
        UrlType::Discovery => ErrorType::NoDefaultDiscoveryRedirectUrlSet,
        UrlType::ResetPassword => ErrorType::NoPasswordResetRedirectUrl,
        UrlType::Login | UrlType::Unknown => ErrorType::NoDefaultLoginRedirectUrlSet,
    };
    let message = format!("No redirect URL was passed and the project has no default {kind:?} redirect URL.");
    ApiError::new(400, error_type, message)
}

/// A URL taken apart for matching; `None` for anything that is not an absolute http(s) URL of
/// visible ASCII with a plain host.
#[derive(Debug, PartialEq)]
struct Parsed<'a> {
    https: bool,
    host: String,
    port: u16,
    path: &'a str,
    query: Vec<&'a str>,
}

const LOOPBACK: [&str; 3] = ["localhost", "127.0.0.1", "[::1]"];

impl<'a> Parsed<'a> {
    fn new(url: &'a str) -> Option<Self> {
        // Visible ASCII only: no CR/LF (header injection), spaces, controls or raw non-ASCII;
        // no backslash, which browsers read as a slash.
        if url.len() > MAX_REDIRECT_URL_BYTES || !url.bytes().all(|b| (0x21..=0x7e).contains(&b)) || url.contains('\\') {
            return None;
        }
        let (https, rest) = if url.get(..7)?.eq_ignore_ascii_case("http://") {
            (false, &url[7..])
        } else if url.get(..8).is_some_and(|s| s.eq_ignore_ascii_case("https://")) {
            (true, &url[8..])
        } else {
            return None;
        };
        let rest = rest.split('#').next().unwrap_or_default();
        let end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(end);
        let (host, port) = split_port(authority)?;
        let port = match port {
            Some(p) => p,
            None if https => 443,
            None => 80,
        };
        let (path, query) = tail.split_once('?').unwrap_or((tail, ""));
        let path = if path.is_empty() { "/" } else { path };
        let mut query: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
        query.sort_unstable();
        Some(Self { https, host, port, path, query })
    }

    /// Whether the request URL `req` matches this registered URL.
    fn matches(&self, req: &Parsed) -> bool {
        let host = |h: &str| h.strip_prefix("www.").unwrap_or(h).to_string();
        let (mine, theirs) = (host(&self.host), host(&req.host));
        let host_ok = match mine.strip_prefix("*.") {
            Some(suffix) => theirs.len() > suffix.len() + 1 && theirs.ends_with(&format!(".{suffix}")),
            None => mine == theirs,
        };
        let port_ok = self.port == req.port || LOOPBACK.contains(&self.host.as_str());
        let (path_ok, query_ok) = match self.path.strip_suffix('*') {
            Some(prefix) => (req.path.starts_with(prefix), true),
            None => (self.path == req.path, self.query_matches(&req.query)),
        };
        self.https == req.https && host_ok && port_ok && path_ok && query_ok
    }

    /// Same parameters in any order; a registered `name={}` takes any value for `name`.
    fn query_matches(&self, theirs: &[&str]) -> bool {
        if self.query.len() != theirs.len() {
            return false;
        }
        let mut left: Vec<&str> = theirs.to_vec();
        for mine in &self.query {
            let found = match mine.strip_suffix("={}") {
                Some(name) => left.iter().position(|t| t.split_once('=').map_or(*t, |(n, _)| n) == name),
                None => left.iter().position(|t| t == mine),
            };
            match found {
                Some(i) => {
                    left.swap_remove(i);
                }
                None => return false,
            }
        }
        true
    }
}

/// `host[:port]`, the host lower-cased: a DNS name or IPv4 address (letters, digits, `.`, `-`,
/// and `*` for registered wildcards) or a bracketed IPv6 address. No user info.
fn split_port(authority: &str) -> Option<(String, Option<u16>)> {
    let (host, port) = if let Some(inner) = authority.strip_prefix('[') {
        let (addr, rest) = inner.split_once(']')?;
        if addr.is_empty() || !addr.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.') {
            return None;
        }
        let port = match rest {
            "" => None,
            r => Some(r.strip_prefix(':')?),
        };
        (&authority[..addr.len() + 2], port)
    } else {
        match authority.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    let host_ok = !host.is_empty() && (host.starts_with('[') || host.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.*".contains(&b)));
    if !host_ok {
        return None;
    }
    let port = match port {
        Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && p.len() <= 5 => {
            Some(p.parse::<u16>().ok().filter(|p| *p > 0)?)
        }
        Some(_) => return None,
        None => None,
    };
    Some((host.to_ascii_lowercase(), port))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(url: &str) -> RedirectUrl {
        RedirectUrl { url: url.into(), valid_types: vec![ValidType { url_type: UrlType::Login, is_default: false }] }
    }

    fn ok(registered: &str, request: &str) -> bool {
        check(&[entry(registered)], Flow::MagicLink, UrlType::Login, Some(request)).is_ok()
    }

    #[test]
    fn stytchs_matching_rules() {
        assert!(ok("https://app.example/cb", "https://app.example/cb"));
        assert!(ok("https://app.example/cb", "HTTPS://APP.example:443/cb"));
        assert!(ok("https://www.app.example/cb", "https://app.example/cb"), "www. is the same host");
        assert!(!ok("https://app.example/cb", "https://app.example/cb/more"));
        assert!(!ok("https://app.example/cb", "http://app.example/cb"));
        assert!(!ok("https://app.example/cb", "https://app.example:8443/cb"));
        assert!(!ok("https://app.example/cb", "https://app.example.evil/cb"));
        assert!(ok("https://app.example/cb?a=1&b=2", "https://app.example/cb?b=2&a=1"));
        assert!(!ok("https://app.example/cb?a=1", "https://app.example/cb?a=2"));
        assert!(!ok("https://app.example/cb", "https://app.example/cb?a=2"));
        assert!(ok("https://app.example/cb?next={}", "https://app.example/cb?next=%2Fhome"));
        assert!(ok("https://*.app.example/cb", "https://pr-1.app.example/cb"));
        assert!(!ok("https://*.app.example/cb", "https://app.example/cb"));
        assert!(!ok("https://*.app.example/cb", "https://evilapp.example/cb"));
        assert!(ok("https://app.example/auth/*", "https://app.example/auth/x/y?z=1"));
        assert!(!ok("https://app.example/auth/*", "https://app.example/other"));
        assert!(ok("http://localhost:3000/authenticate", "http://localhost:49152/authenticate"), "loopback: any port");
        assert!(ok("http://127.0.0.1/*", "http://127.0.0.1:5173/react/?x=1"));
        assert!(!ok("http://127.0.0.1/*", "http://127.0.0.2:5173/react/"));
    }

    #[test]
    fn hostile_urls_are_invalid_not_unmatched() {
        for bad in [
            "javascript:alert(1)",
            "http://localhost/\r\nSet-Cookie: a=b",
            "http://localhost/a b",
            "http://evil@localhost/",
            "http://localhost:80@evil/",
            "http://localhost\\@evil/",
            "//localhost/",
            "http://",
            "http://localhost:99999/",
            "http://localhost:/",
            "http://loc\u{e9}lhost/",
            "data:text/html,x",
            "http://[::1/",
        ] {
            let e = check(&[entry("http://localhost/*")], Flow::OAuth, UrlType::Login, Some(bad)).unwrap_err();
            assert_eq!(e.error_type, ErrorType::InvalidLoginOauthUrl, "{bad:?}");
        }
    }

    #[test]
    fn params_go_before_a_fragment() {
        assert_eq!(with_params("http://a/b#f", &[("t", "x y")]), "http://a/b?t=x%20y#f");
        assert_eq!(with_params("http://a/b?k=1", &[("t", "1"), ("u", "2")]), "http://a/b?k=1&t=1&u=2");
    }

    #[test]
    fn the_built_in_list_is_valid_and_has_every_default() {
        let list = default_list();
        validate_list(&list).unwrap();
        for t in [UrlType::Login, UrlType::Signup, UrlType::Invite, UrlType::ResetPassword, UrlType::Discovery] {
            assert!(resolve(&list, Flow::MagicLink, t, None).is_ok(), "{t:?}");
        }
    }
}
