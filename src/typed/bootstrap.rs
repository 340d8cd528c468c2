//! The project's bootstrap (`GET /sdk/v1/projects/bootstrap/{public_token}`), followed by the
//! JS client's own code: `js/bootstrap.js`, loaded as a wasm-bindgen snippet as `js/driver.js`
//! and `js/redirects.js` are (its imports of those two resolve to them, beside it in the
//! crate's snippet folder). Its RBAC policy is what `client.rbac()` answers from, and its PKCE
//! flags (`pkce_required_for_email_magic_links`, `pkce_required_for_password_resets`) add a
//! challenge to the email magic-link and password-reset starts and the kept verifier to their
//! authenticate calls. One implementation for both surfaces, keeping the bootstrap and the
//! verifiers under the same keys, so a flow either surface starts finishes in either.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::{prelude::*, JsCast};
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use super::{driver, StytchError};
use crate::wasm::{Shared, Topic};

#[wasm_bindgen(module = "/js/bootstrap.js")]
extern "C" {
    /// What `bootstrap()` answers: the fetch under way, `rbac`, and `call`.
    type Project;
    /// Starts the fetch. `base` resolves to the API base; `cached(part)` reads the client's
    /// cached `session` or `organization`; `options` are the client's, as JS names them.
    #[wasm_bindgen(js_name = bootstrap)]
    fn start_js(public_token: &str, base: &Promise, cached: &Function, options: &JsValue) -> Project;
    /// `oauth.googleOneTap.start(options)` (`discovery` false) or `.discovery.start(options)`:
    /// resolves to `{success, reason?}`.
    #[wasm_bindgen(method, js_name = oneTap)]
    fn one_tap(this: &Project, discovery: bool, options: &JsValue) -> Promise;
    /// Runs `run(params)` with the method's PKCE fields added (waiting for the bootstrap
    /// when the method is a start).
    #[wasm_bindgen(method)]
    fn call(this: &Project, method: &str, params: &JsValue, run: &Function) -> Promise;
    #[wasm_bindgen(method, getter)]
    fn rbac(this: &Project) -> Checks;

    /// The JS client's `rbac` namespace.
    pub(crate) type Checks;
    #[wasm_bindgen(method, js_name = isAuthorizedSync)]
    pub(crate) fn is_authorized_sync(this: &Checks, resource_id: &str, action: &str) -> bool;
    /// Resolves to a boolean.
    #[wasm_bindgen(method, js_name = isAuthorized)]
    pub(crate) fn is_authorized(this: &Checks, resource_id: &str, action: &str) -> Promise;
    /// Resolves to `{resource_id: {action: bool}}`.
    #[wasm_bindgen(method, js_name = allPermissions)]
    pub(crate) fn all_permissions(this: &Checks) -> Promise;
}

/// One client's bootstrap.
pub(crate) struct Bootstrap {
    project: Project,
    /// The `cached` the JS holds: kept alive as long as the client (it holds the client
    /// weakly, so the two do not keep each other).
    _cached: Closure<dyn Fn(String) -> JsValue>,
}

impl Bootstrap {
    /// Starts the fetch for the client `shared` (its project and API base), with its
    /// `options` as JS names them (the timeout, the DFP places).
    pub(crate) fn start(shared: &Shared, options: &JsValue) -> Self {
        let weak = Rc::downgrade(shared);
        let cached = Closure::<dyn Fn(String) -> JsValue>::new(move |part: String| {
            let topic = match part.as_str() {
                "session" => Topic::Session,
                "organization" => Topic::Organization,
                _ => return JsValue::NULL,
            };
            weak.upgrade().map_or(JsValue::NULL, |s| s.borrow().cache.of(topic))
        });
        let (token, base) = {
            let inner = shared.borrow();
            (inner.public_token.clone(), inner.base_url.clone())
        };
        let base = Promise::resolve(&JsValue::from_str(&base));
        let project = start_js(&token, &base, cached.as_ref().unchecked_ref(), options);
        Self { project, _cached: cached }
    }

    /// The checks `client.rbac()` runs.
    pub(crate) fn checks(&self) -> Checks {
        self.project.rbac()
    }

    /// Google One Tap, as the JS client runs it (js/third-party.js).
    pub(crate) async fn one_tap(&self, discovery: bool, options: JsValue) -> Result<JsValue, StytchError> {
        JsFuture::from(self.project.one_tap(discovery, &options)).await.map_err(|e| StytchError::from_thrown(&e))
    }

    /// Calls `method` as the JS client does: through the bootstrap, which adds the PKCE
    /// fields the project asks for, then the core's pipeline.
    pub(crate) async fn call(&self, shared: &Shared, method: &'static str, params: JsValue) -> Result<JsValue, StytchError> {
        // The JS sees an Error whose message names the error type (it retries a verifier
        // the link was not made with on `pkce` errors); the caller gets the typed error.
        let failed: Rc<RefCell<Option<StytchError>>> = Rc::default();
        let (client, kept) = (shared.clone(), failed.clone());
        let run = Closure::<dyn FnMut(JsValue) -> Promise>::new(move |params: JsValue| {
            let (client, kept) = (client.clone(), kept.clone());
            future_to_promise(async move {
                driver::call(&client, method, params, false).await.map_err(|f| {
                    let error = StytchError::from_failure(f);
                    let thrown = js_sys::Error::new(&error.to_string());
                    *kept.borrow_mut() = Some(error);
                    thrown.into()
                })
            })
        });
        let answer = JsFuture::from(self.project.call(method, &params, run.as_ref().unchecked_ref())).await;
        // An error `run` did not throw is the JS's own: a usage error (a malformed DFP place)
        // or a script that could not load, as the JS client raises them.
        answer.map_err(|e| failed.borrow_mut().take().unwrap_or_else(|| StytchError::from_thrown(&e)))
    }
}
