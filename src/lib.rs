//! Headless Stytch B2B MFA client for the browser, compiled to WebAssembly: a drop-in for
//! `@stytch/vanilla-js/b2b/headless`.
//!
//! The client itself is not written yet; this crate holds its place in the workspace. The
//! emulator it will be tested against lives in `emulator/`.
