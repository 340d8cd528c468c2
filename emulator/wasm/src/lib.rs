//! The emulator's core (`stytch-emulator-core`) as WebAssembly for a JS host: one class,
//! `Emulator`, built from options (a seed, a saved state, signing keys, the native binary's
//! flags that concern the core), whose `handle` answers one HTTP request with the core's
//! router. The host owns the sockets, reads request bodies (within `limits()`) and writes
//! `--state` snapshots; the npm package `stytch-emulator` (emulator/npm) is that host for
//! Node. Built once with wasm-bindgen `--target web`, so the same files can serve a browser.
//!
//! Natively this crate is empty (see Cargo.toml).
#![cfg(target_arch = "wasm32")]

mod host;

use std::sync::Arc;

use axum::{
    body::Body,
    http::{HeaderName, HeaderValue, Method, Request, Uri},
    response::{IntoResponse, Response},
    Router,
};
use serde::Deserialize;
use stytch_emulator_core::{error::ApiError, faults::DropConnection, guard, limits, seed, state};
use tower::ServiceExt;
use wasm_bindgen::prelude::*;

/// What the JS host passes to the constructor, as JSON.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Options {
    /// A seed file's text instead of the built-in seed.
    seed: Option<String>,
    /// A `--state` file's text to start from instead of the seed (its keys come with it).
    state: Option<String>,
    /// The state file's name, for messages about it.
    state_name: Option<String>,
    /// Whether the host keeps `--state` snapshots (then `takeSnapshot` has them).
    #[serde(default)]
    persist: bool,
    /// The two projects' signing keys (PKCS#8 PEM), made by the host; generated here if absent
    /// (about a second in wasm).
    b2b_key_pem: Option<String>,
    consumer_key_pem: Option<String>,
    /// `--host`: the address listened on, an allowed host name unless a wildcard.
    host: Option<String>,
    /// `--control-origin` and `--allowed-host`.
    #[serde(default)]
    control_origins: Vec<String>,
    #[serde(default)]
    allowed_hosts: Vec<String>,
}

/// One emulator: its own world, keys and settings.
#[wasm_bindgen]
pub struct Emulator {
    app: state::App,
    router: Router,
    host: Arc<host::JsHost>,
    /// A note for the host to print at start (a state file without a consumer key), or empty.
    notice: String,
}

#[wasm_bindgen]
impl Emulator {
    /// `options`: JSON (see `Options`). Throws an Error saying what is wrong with a seed or a
    /// state file.
    #[wasm_bindgen(constructor)]
    pub fn new(options: &str) -> Result<Emulator, JsError> {
        let options: Options = serde_json::from_str(options).map_err(|e| JsError::new(&format!("emulator options: {e}")))?;
        let seed = seed::Seed::parse(options.seed.as_deref().unwrap_or(seed::DEFAULT_SEED)).map_err(|e| JsError::new(&e))?;
        let now = (js_sys::Date::now() / 1000.0) as i64;
        let seed_world = seed.to_world(now);
        let state_name = options.state_name.as_deref().unwrap_or("(given)");
        let mut notice = String::new();
        let (world, keys) = match &options.state {
            Some(text) => {
                let restored = state::StateFile::restore(text.as_bytes())
                    .map_err(|what| JsError::new(&state::StateFile::unusable(state_name, &what)))?;
                if restored.fresh_consumer_key {
                    notice = state::Restored::fresh_consumer_key_notice(state_name);
                }
                (restored.world, restored.keys)
            }
            None => (seed_world.clone(), keys(&options)?),
        };
        let host = Arc::new(host::JsHost::new(options.persist));
        let allowed_hosts = match &options.host {
            Some(h) => guard::allowed_hosts(h, &options.allowed_hosts),
            None => options.allowed_hosts.clone(),
        };
        let app = state::App::new(world, seed_world, keys, host.clone(), options.control_origins, allowed_hosts);
        // With a state file, the first snapshot is the starting state (as the native binary
        // writes it at start); the host takes it with `takeSnapshot`. Never pending here.
        let _ = host::finish_now(app.persist());
        let router = stytch_emulator_core::router(app.clone(), Router::new());
        Ok(Emulator { app, router, host, notice })
    }

    /// Answers one request: `headers` as Node's `rawHeaders` (name, value, name, value...),
    /// `body` whole (the host bounds it by `limits().max_body_bytes`). Resolves to an `Answer`;
    /// never rejects: what cannot be a request gets a Stytch-shaped 400.
    pub fn handle(&self, method: &str, url: &str, headers: Vec<String>, body: Vec<u8>) -> js_sys::Promise {
        let request = build_request(method, url, &headers, body);
        let router = self.router.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            let resp = match request {
                Ok(req) => router.oneshot(req).await.unwrap_or_else(|e| match e {}),
                Err(e) => e.into_response(),
            };
            Ok(Answer::from_response(resp).await.into())
        })
    }

    /// The newest snapshot of the state not yet taken, for the host to write to its state
    /// file before it sends the answer of the request that made it (with `persist` only).
    #[wasm_bindgen(js_name = takeSnapshot)]
    pub fn take_snapshot(&self) -> Option<Vec<u8>> {
        self.host.take_snapshot()
    }

    /// The state as `--state` files and `GET /_emulator/state` hold it.
    #[wasm_bindgen(js_name = exportState)]
    pub fn export_state(&self) -> Result<Vec<u8>, JsError> {
        self.app.export().map_err(|e| JsError::new(&e.to_string()))
    }

    /// The line the native binary prints on start (`stytch_emulator::Emulator::ready_line`),
    /// for this emulator at `base_url`: one JSON object with the two projects' credentials.
    #[wasm_bindgen(js_name = readyLine)]
    pub fn ready_line(&self, base_url: &str) -> String {
        let w = self.app.world();
        let (p, c) = (&w.project, &w.consumer_project);
        serde_json::json!({
            "event": "ready",
            "base_url": base_url,
            "public_token": p.public_token,
            "project_id": p.project_id,
            "secret": p.secret,
            "consumer": { "project_id": c.project_id, "public_token": c.public_token, "secret": c.secret },
        })
        .to_string()
    }

    /// A note to print at start, or an empty string.
    #[wasm_bindgen(getter)]
    pub fn notice(&self) -> String {
        self.notice.clone()
    }
}

/// One answer: status, headers (name, value, name, value...), body, and whether the host must
/// close the connection without answering (an injected `drop` fault).
#[wasm_bindgen]
pub struct Answer {
    status: u16,
    headers: Vec<String>,
    body: Vec<u8>,
    drop_connection: bool,
}

#[wasm_bindgen]
impl Answer {
    #[wasm_bindgen(getter)]
    pub fn status(&self) -> u16 {
        self.status
    }

    #[wasm_bindgen(getter)]
    pub fn headers(&self) -> Vec<String> {
        self.headers.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn body(&self) -> Vec<u8> {
        self.body.clone()
    }

    #[wasm_bindgen(getter, js_name = dropConnection)]
    pub fn drop_connection(&self) -> bool {
        self.drop_connection
    }
}

impl Answer {
    async fn from_response(resp: Response) -> Self {
        let drop_connection = resp.extensions().get::<DropConnection>().is_some();
        let (parts, body) = resp.into_parts();
        let headers = parts
            .headers
            .iter()
            .flat_map(|(name, value)| [name.as_str().to_string(), String::from_utf8_lossy(value.as_bytes()).into_owned()])
            .collect();
        // The core's bodies are whole buffers: reading one cannot fail or wait.
        let body = axum::body::to_bytes(body, usize::MAX).await.map(|b| b.to_vec()).unwrap_or_default();
        Answer { status: parts.status.as_u16(), headers, body, drop_connection }
    }
}

/// The request the host received, or the Stytch-shaped 400 for what cannot be one. Header
/// values come as Node decodes them (latin-1, one char per byte), and go back to bytes.
fn build_request(method: &str, url: &str, headers: &[String], body: Vec<u8>) -> Result<Request<Body>, ApiError> {
    let bad = |what: &str| ApiError::bad_request(format!("The request's {what} could not be read."));
    let method = Method::from_bytes(method.as_bytes()).map_err(|_| bad("method"))?;
    let uri = url.parse::<Uri>().map_err(|_| bad("target"))?;
    let mut req = Request::builder().method(method).uri(uri).body(Body::from(body)).map_err(|_| bad("head"))?;
    for pair in headers.chunks(2) {
        let [name, value] = pair else { return Err(bad("headers")) };
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| bad("headers"))?;
        let bytes: Option<Vec<u8>> = value.chars().map(|c| u8::try_from(u32::from(c)).ok()).collect();
        let value = bytes.and_then(|b| HeaderValue::from_bytes(&b).ok()).ok_or_else(|| bad("headers"))?;
        req.headers_mut().append(name, value);
    }
    Ok(req)
}

/// The signing keys the host passed, or fresh ones.
fn keys(options: &Options) -> Result<state::ProjectKeys, JsError> {
    match (&options.b2b_key_pem, &options.consumer_key_pem) {
        (Some(b2b), Some(consumer)) => {
            state::ProjectKeys::from_pems(b2b, consumer).map_err(|e| JsError::new(&format!("emulator options: a signing key: {e}")))
        }
        _ => Ok(state::ProjectKeys::generate()),
    }
}

/// The limits a host enforces itself (it reads bodies and heads): the core's, as JSON.
#[wasm_bindgen]
pub fn limits() -> String {
    serde_json::json!({
        "max_body_bytes": limits::MAX_BODY_BYTES,
        "body_read_timeout_ms": limits::BODY_READ_TIMEOUT.as_millis() as u64,
        "header_read_timeout_ms": limits::HEADER_READ_TIMEOUT.as_millis() as u64,
        "max_head_bytes": limits::MAX_HEAD_BYTES,
        "max_connections": limits::MAX_CONNECTIONS,
    })
    .to_string()
}

/// The Stytch-shaped JSON body of an error the host answers itself: 413 (a body over
/// `max_body_bytes`), 408 (a body late), or any status the HTTP parser gave (400, 431...).
#[wasm_bindgen(js_name = errorBody)]
pub fn error_body(status: u16) -> String {
    let error = match status {
        413 => guard::too_large(),
        408 => guard::body_timeout(),
        _ => {
            let code = axum::http::StatusCode::from_u16(status).unwrap_or(axum::http::StatusCode::BAD_REQUEST);
            let (error_type, message) = guard::describe(code);
            ApiError::new(code.as_u16(), error_type, message)
        }
    };
    error.body().to_string()
}

/// The built-in seed (`--print-seed`).
#[wasm_bindgen(js_name = defaultSeed)]
pub fn default_seed() -> String {
    seed::DEFAULT_SEED.to_string()
}
