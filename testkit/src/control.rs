//! What the emulator's control API (`/_emulator/...`) answers and takes: the protocol crate's
//! `control` types, which the emulator builds its answers from (so a test reads exactly what
//! the emulator writes).

pub use stytch_b2b_protocol::control::*;
