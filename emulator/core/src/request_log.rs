//! One entry of the request log (`/_emulator/requests`): what a test may see of a request,
//! never its secrets (the control API's shape). Recorded by `control::middleware::record_requests`.

pub use stytch_b2b_protocol::control::{Authorization, RequestRecord};
