//! The browser tests' harness: the emulator's control API over gloo-net (as the testkit's
//! serde types), browser storage through gloo-storage, cookies, and the seed's ids (generated
//! from `emulator/seed/default.json` by the testkit; no test copies an id).
#![allow(dead_code)]

use gloo_net::http::Request;
use gloo_storage::{LocalStorage, SessionStorage, Storage};
use serde::de::DeserializeOwned;
use serde_json::json;
use wasm_bindgen::JsCast;

pub use stytch_testkit::control::{Clock, Fault, Outbox, OutboxMessage, RequestRecord, Requests};
pub use stytch_testkit::*;

/// The emulator `scripts/test.sh` started (its URL is compiled in).
pub const EMULATOR: &str = match option_env!("STYTCH_EMULATOR_URL") {
    Some(u) => u,
    None => "http://127.0.0.1:9797",
};

/// The localStorage key of the client's cached state.
pub fn state_key() -> String {
    format!("stytch_sdk_state_{PUBLIC_TOKEN}")
}

async fn answer<T: DeserializeOwned>(request: Request) -> T {
    let resp = request.send().await.unwrap_or_else(|e| panic!("the emulator's control API: {e}"));
    assert!(resp.ok(), "control API answered {}: {:?}", resp.status(), resp.text().await);
    resp.json().await.expect("control API JSON")
}

fn url(path: &str) -> String {
    format!("{EMULATOR}{path}")
}

/// Back to the seed: sessions, codes, outbox, request log, faults, clock.
pub async fn reset() {
    let _: serde_json::Value = answer(Request::post(&url("/_emulator/reset")).build().unwrap()).await;
}

pub async fn outbox(to: &str) -> Vec<OutboxMessage> {
    let request = Request::get(&url("/_emulator/outbox")).query([("to", to)]).build().unwrap();
    answer::<Outbox>(request).await.messages
}

/// The newest message to `to`.
pub async fn last_sent(to: &str) -> OutboxMessage {
    outbox(to).await.pop().unwrap_or_else(|| panic!("nothing was sent to {to}"))
}

/// The newest SMS code sent to `phone`.
pub async fn last_code(phone: &str) -> String {
    last_sent(phone).await.code.expect("an SMS code")
}

/// The request log, oldest first.
pub async fn requests() -> Vec<RequestRecord> {
    answer::<Requests>(Request::get(&url("/_emulator/requests")).build().unwrap()).await.requests
}

pub async fn clear_requests() {
    let _: serde_json::Value = answer(Request::delete(&url("/_emulator/requests")).build().unwrap()).await;
}

pub async fn add_fault(fault: &Fault) {
    let _: serde_json::Value = answer(Request::post(&url("/_emulator/faults")).json(fault).unwrap()).await;
}

pub async fn clear_faults() {
    let _: serde_json::Value = answer(Request::delete(&url("/_emulator/faults")).build().unwrap()).await;
}

/// Drops every request to `path` until `clear_faults`. Not `times: 1`: Chromium silently
/// retries a request whose connection closed before any answer, which would use up a
/// one-time fault and succeed.
pub async fn drop_requests_to(path: &str) {
    add_fault(&Fault { path: path.into(), drop: true, ..Default::default() }).await;
}

pub async fn clock() -> Clock {
    answer(Request::get(&url("/_emulator/clock")).build().unwrap()).await
}

/// Moves the emulator's clock (sessions, ISTs and codes expire by it).
pub async fn advance_clock(seconds: i64) {
    let _: Clock = answer(Request::post(&url("/_emulator/clock")).json(&json!({ "advance_seconds": seconds })).unwrap()).await;
}

/// The TOTP code of `secret` at the emulator's time.
pub async fn totp_now(secret: &str) -> String {
    totp::code(secret, clock().await.now_unix)
}

/// localStorage (`false`) or sessionStorage (`true`), raw.
pub fn storage(session: bool) -> web_sys::Storage {
    if session {
        SessionStorage::raw()
    } else {
        LocalStorage::raw()
    }
}

/// What the client cached under the state key, if anything.
pub fn cached_state() -> Option<serde_json::Value> {
    LocalStorage::get(state_key()).ok()
}

fn html_document() -> web_sys::HtmlDocument {
    web_sys::window().unwrap().document().unwrap().dyn_into().unwrap()
}

pub fn cookie(name: &str) -> Option<String> {
    html_document().cookie().unwrap().split("; ").find_map(|p| p.strip_prefix(&format!("{name}=")).map(str::to_string))
}

/// Sets cookie `name` for the page (`Path=/`), or removes it when `value` is `None`.
pub fn set_cookie(name: &str, value: Option<&str>) {
    let rest = match value {
        Some(v) => format!("{v}; Path=/"),
        None => "; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT".to_string(),
    };
    html_document().set_cookie(&format!("{name}={rest}")).unwrap();
}

pub fn clear_cookies() {
    for pair in html_document().cookie().unwrap().split("; ") {
        if let Some((name, _)) = pair.split_once('=') {
            set_cookie(name, None);
        }
    }
}

/// A clean browser and a freshly seeded emulator.
pub async fn fresh() {
    clear_cookies();
    LocalStorage::clear();
    SessionStorage::clear();
    reset().await;
}

/// scim24: a single-use impersonation token for a member, as the console's button mints one.
pub async fn impersonation_token(organization_id: &str, member_id: &str) -> String {
    let body = json!({ "organization_id": organization_id, "member_id": member_id });
    let minted: serde_json::Value = answer(Request::post(&url("/_emulator/impersonation_tokens")).json(&body).unwrap()).await;
    minted["impersonation_token"].as_str().expect("a token").to_string()
}

/// #24: the project's Google client id for One Tap (empty: One Tap is off), as the console sets it.
pub async fn set_google_client_id(id: &str) {
    let body = json!({ "google_client_id": id });
    let _: serde_json::Value = answer(Request::put(&url("/_emulator/google_one_tap")).json(&body).unwrap()).await;
}

/// #24: the project's DFP Protected Auth and captcha settings (`dfp_protected_auth`, `captcha`).
pub async fn set_protected_auth(settings: &serde_json::Value) {
    let _: serde_json::Value = answer(Request::put(&url("/_emulator/protected_auth")).json(settings).unwrap()).await;
}

/// #24: the DFP verdicts the next protected requests get, in order.
pub async fn queue_verdicts(verdicts: &[&str]) {
    let body = json!({ "verdicts": verdicts });
    let _: serde_json::Value = answer(Request::post(&url("/_emulator/protected_auth/queue")).json(&body).unwrap()).await;
}

/// Loads `src` into the page (as an app's page does with a `<script>` tag) and waits for it.
pub async fn load_script(src: &str) {
    let document = web_sys::window().unwrap().document().unwrap();
    let script = document.create_element("script").unwrap();
    script.set_attribute("src", src).unwrap();
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        let target: &web_sys::EventTarget = script.unchecked_ref();
        target.add_event_listener_with_callback("load", &resolve).unwrap();
        target.add_event_listener_with_callback("error", &reject).unwrap();
    });
    document.body().unwrap().append_child(&script).unwrap();
    wasm_bindgen_futures::JsFuture::from(loaded).await.unwrap_or_else(|_| panic!("{src} did not load"));
}
