//! Headless Stytch B2B MFA client for the browser, compiled to WebAssembly: a drop-in for
//! `@stytch/vanilla-js/b2b/headless`.
//!
//! - [`portable`]: the protocol and the token lifecycle, with no browser types (tested natively).
//! - `wasm` (wasm32 only): fetch, storage and cookies, and the JS surface the npm package wraps.

pub mod portable;

#[cfg(target_arch = "wasm32")]
pub mod typed;
#[cfg(target_arch = "wasm32")]
mod wasm;

#[cfg(target_arch = "wasm32")]
pub use typed::{ClientOptions, StytchB2BHeadlessClient, StytchError};
#[cfg(all(target_arch = "wasm32", feature = "npm"))]
pub use wasm::WasmClient;
