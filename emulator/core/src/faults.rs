//! Fault rules (`/_emulator/faults`): what a test asks the emulator to do to matching SDK
//! requests (a status, a body, a delay, a dropped connection). Applied by
//! `control::middleware::inject_faults`.

/// Marks a response whose connection the server must close without answering.
#[derive(Clone, Copy)]
pub struct DropConnection;

pub use stytch_b2b_protocol::control::Fault;
