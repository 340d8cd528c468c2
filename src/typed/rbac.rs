//! `client.rbac()`: what the signed-in member's roles allow, from the project's RBAC policy as
//! its bootstrap (`GET /sdk/v1/projects/bootstrap/{public_token}`) carries it, with the
//! organization's custom roles, as the JS client's `rbac` (`js/bootstrap.js`) answers. A UI
//! aid: the API checks the roles again on every call.
//!
//! The bootstrap is fetched once when the client starts and kept in localStorage under the JS
//! client's key and shape, so `is_authorized_sync` can answer on the next page load before the
//! fetch returns, and a policy either surface fetched serves the other.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use js_sys::{Array, Promise};
use serde::Deserialize;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::{spawn_local, JsFuture};

use super::driver;
use super::StytchB2BHeadlessClient as Client;

/// The bootstrap's method and path in one literal: a string literal the npm build also has
/// (`GET`) is merged with its copy, which can move it and change the npm download by a few
/// bytes (measured with `scripts/check-size.mjs`).
const BOOTSTRAP_ROUTE: &str = "GET /sdk/v1/projects/bootstrap/";
/// `js/bootstrap.js`'s `CACHE_KEY`: the two surfaces share the kept bootstrap.
const CACHE_KEY: &str = "stytch_b2b_wasm_bootstrap:";
/// An action that stands for every action of its resource.
const WILDCARD_ACTION: &str = "*";

/// The bootstrap's `data`, of which the checks read the policy. Read with serde, not the
/// core's JS helpers: another caller of those changes how the npm build inlines them (bytes
/// JS users would pay for, measured).
#[derive(Deserialize)]
struct Bootstrapped {
    #[serde(default)]
    rbac_policy: Option<Policy>,
}

/// The bootstrap's answer: `data` is kept as it came, as the JS client keeps it.
#[derive(Deserialize)]
struct Answer {
    data: serde_json::Value,
}

/// The parts of the policy the checks read. Lenient, as the protocol's objects: a missing
/// field is empty, an unknown one ignored.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
struct Policy {
    roles: Vec<Role>,
    resources: Vec<Resource>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
struct Role {
    role_id: String,
    permissions: Vec<Permission>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
struct Permission {
    resource_id: String,
    actions: Vec<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
struct Resource {
    resource_id: String,
    actions: Vec<String>,
}

/// The project's bootstrap for one client: the policy kept from an earlier load until the
/// fetch answers, and the fetch itself (awaitable by every check).
pub(crate) struct Bootstrap {
    key: String,
    /// What `is_authorized_sync` answers from: the kept policy, then the fetched one.
    kept: RefCell<Option<Policy>>,
    /// `Some` once the fetch answered: its policy, or (any failure, as Stytch's) an empty one.
    fetched: RefCell<Option<Policy>>,
    /// `js/driver.js`'s `send` of the bootstrap request: `[status, body]`, never a rejection.
    loading: Promise,
}

impl Bootstrap {
    /// Starts the fetch for the client's project.
    pub(crate) fn start(public_token: &str, base_url: &str, timeout_ms: f64) -> Rc<Self> {
        let key = format!("{CACHE_KEY}{public_token}");
        let kept = local_storage()
            .and_then(|s| s.get_item(&key).ok().flatten())
            .and_then(|text| serde_json::from_str::<Bootstrapped>(&text).ok())
            .and_then(|kept| kept.rbac_policy);
        let (method, path) = BOOTSTRAP_ROUTE.split_once(' ').unwrap_or_default();
        let credentials = format!("{public_token}:{public_token}");
        let basic = web_sys::window().and_then(|w| w.btoa(&credentials).ok()).unwrap_or_default();
        let request: Array = [
            JsValue::from_str(&format!("{base_url}{path}{public_token}")),
            JsValue::from_str(method),
            JsValue::from_str(&format!("Basic {basic}")),
            js_sys::Object::new().into(),
            JsValue::from_f64(timeout_ms),
        ]
        .iter()
        .collect();
        let bootstrap = Rc::new(Self { key, kept: RefCell::new(kept), fetched: RefCell::new(None), loading: driver::send(&request) });
        // Settled as soon as it answers, so that `is_authorized_sync` follows without a wait.
        let settling = bootstrap.clone();
        spawn_local(async move {
            settling.loaded().await;
        });
        bootstrap
    }

    /// Waits for the fetch; the first to see its answer keeps it.
    async fn loaded(&self) -> Policy {
        let answer = Array::from(&JsFuture::from(self.loading.clone()).await.unwrap_or_default());
        if self.fetched.borrow().is_none() {
            let (status, body) = (answer.get(0).as_f64().unwrap_or_default(), answer.get(1));
            let data = (200.0..300.0).contains(&status).then(|| serde_wasm_bindgen::from_value::<Answer>(body).ok()).flatten();
            let data = data.map(|a| a.data).filter(serde_json::Value::is_object);
            let policy = data.as_ref().and_then(|d| Bootstrapped::deserialize(d).ok()).and_then(|b| b.rbac_policy);
            // As the JS client: any bootstrap is kept for the next load; a policy replaces
            // the one the sync check answers from.
            if let Some(data) = &data {
                self.keep(data);
            }
            if let Some(policy) = &policy {
                *self.kept.borrow_mut() = Some(policy.clone());
            }
            *self.fetched.borrow_mut() = Some(policy.unwrap_or_default());
        }
        self.fetched.borrow().clone().unwrap_or_default()
    }

    /// The bootstrap for the next page load (storage refused: that load fetches first).
    fn keep(&self, data: &serde_json::Value) {
        if let (Some(storage), Ok(text)) = (local_storage(), serde_json::to_string(data)) {
            let _ = storage.set_item(&self.key, &text);
        }
    }
}

/// `client.rbac()`: the signed-in member's permissions.
///
/// ```no_run
/// # use stytch_b2b_headless::typed::*;
/// # async fn f(client: StytchB2BHeadlessClient) {
/// // At once, from the policy an earlier load kept (false before there is one):
/// let show_admin = client.rbac().is_authorized_sync("stytch.member", "search");
/// // Once this load's bootstrap answered:
/// let may_invite = client.rbac().is_authorized("stytch.member", "create").await;
/// # }
/// ```
pub struct Rbac<'a>(pub(super) &'a Client);

impl Rbac<'_> {
    /// Whether the session's roles grant `action` on `resource_id`, by the policy this client
    /// has now (false before any policy is known, and signed out).
    pub fn is_authorized_sync(&self, resource_id: &str, action: &str) -> bool {
        let kept = self.0.bootstrap.kept.borrow();
        kept.as_ref().is_some_and(|policy| self.allows(policy, resource_id, action))
    }

    /// As [`Self::is_authorized_sync`], once this load's bootstrap answered (false when it failed).
    pub async fn is_authorized(&self, resource_id: &str, action: &str) -> bool {
        let policy = self.0.bootstrap.loaded().await;
        self.allows(&policy, resource_id, action)
    }

    /// Every action of every resource of the policy, and whether the session's roles grant it.
    pub async fn all_permissions(&self) -> BTreeMap<String, BTreeMap<String, bool>> {
        let policy = self.0.bootstrap.loaded().await;
        let allows = |resource: &str, action: &str| self.allows(&policy, resource, action);
        policy
            .resources
            .iter()
            .map(|r| (r.resource_id.clone(), r.actions.iter().map(|a| (a.clone(), allows(&r.resource_id, a))).collect()))
            .collect()
    }

    /// Whether a role of the cached session grants the action: the organization's custom
    /// roles first (they replace a project role of the same id, as in the JS client's map).
    fn allows(&self, policy: &Policy, resource_id: &str, action: &str) -> bool {
        let Some(session) = self.0.session().get_sync() else { return false };
        let custom: Vec<Role> = self
            .0
            .organization()
            .get_sync()
            .map(|o| o.custom_roles.iter().filter_map(|r| Role::deserialize(r).ok()).collect())
            .unwrap_or_default();
        let role = |id: &String| custom.iter().find(|r| &r.role_id == id).or_else(|| policy.roles.iter().find(|r| &r.role_id == id));
        session
            .roles
            .iter()
            .filter_map(role)
            .flat_map(|r| &r.permissions)
            .any(|p| p.resource_id == resource_id && p.actions.iter().any(|a| a == action || a == WILDCARD_ACTION))
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}
