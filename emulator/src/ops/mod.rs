//! Operations: each endpoint's work as a function of the world, the request's surroundings, the
//! caller and the request, `fn(&mut World, &Env, &Caller, Req) -> ApiResult<Resp>`. An operation
//! checks everything before it changes anything, takes the time and fresh values from `Env`,
//! and answers a protocol type; its handler only extracts, calls it through `App::operate` and
//! answers (see docs/emulator-endpoints.md). Products move here one at a time: TOTP and recovery codes so far.

pub mod consumer;
pub mod recovery_codes;
pub mod totp;
