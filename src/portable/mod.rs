//! The portable core: everything about the protocol and the token lifecycle that does not
//! need a browser, so it is tested natively. The browser layer (`crate::wasm`) feeds it
//! plain values and carries out what it decides. The method table and parameter rules are
//! the protocol crate's (`stytch-b2b-protocol`), shared with the emulator.

pub mod auth;
pub mod config;
pub mod constants;
pub mod ffi;
pub mod lifecycle;
pub mod refresh;
pub mod stepup;
pub mod storage;

pub use stytch_b2b_protocol::{methods, validate};
