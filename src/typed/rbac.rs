//! `client.rbac()`: what the signed-in member's roles allow, from the project's RBAC policy as
//! its bootstrap carries it, with the organization's custom roles: the JS client's own checks
//! (`js/bootstrap.js`, through [`super::bootstrap`]), so both surfaces answer alike. A UI aid:
//! the API checks the roles again on every call.
//!
//! The bootstrap is fetched once when the client starts and kept in localStorage, so
//! `is_authorized_sync` can answer on the next page load before the fetch returns, and a
//! policy either surface fetched serves the other.

use std::collections::BTreeMap;

use wasm_bindgen_futures::JsFuture;

use super::StytchB2BHeadlessClient as Client;

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
        self.0.bootstrap.checks().is_authorized_sync(resource_id, action)
    }

    /// As [`Self::is_authorized_sync`], once this load's bootstrap answered (false when it failed).
    pub async fn is_authorized(&self, resource_id: &str, action: &str) -> bool {
        let answer = JsFuture::from(self.0.bootstrap.checks().is_authorized(resource_id, action)).await;
        answer.ok().and_then(|v| v.as_bool()).unwrap_or(false)
    }

    /// Every action of every resource of the policy, and whether the session's roles grant it.
    pub async fn all_permissions(&self) -> BTreeMap<String, BTreeMap<String, bool>> {
        let answer = JsFuture::from(self.0.bootstrap.checks().all_permissions()).await;
        answer.ok().and_then(|v| serde_wasm_bindgen::from_value(v).ok()).unwrap_or_default()
    }
}
