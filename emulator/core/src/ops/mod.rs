//! Operations: each endpoint's work as a function of the world, the request's surroundings, the
//! caller and the request, `fn(&mut World, &Env, &Caller, Req) -> ApiResult<Resp>`. An operation
//! checks everything before it changes anything, takes the time and fresh values from `Env`,
//! and answers a protocol type; its handler only extracts, calls it through `App::operate` and
//! answers (see docs/emulator-endpoints.md). Every B2B product is here; so is the consumer API (`consumer`);
//! the control API still holds the lock itself.

pub mod consumer;
pub mod discovery;
pub mod email_otps;
pub mod idp;
pub mod magic_links;
pub mod member_search;
pub mod members;
pub mod organizations;
pub mod otps;
pub mod passwords;
pub mod passwords_discovery;
pub mod project;
pub mod recovery_codes;
pub mod search_query;
pub mod sessions;
pub mod sso;
pub mod totp;
