//! Operations: each endpoint's work as a function of the world, the request's surroundings, the
//! caller and the request, `fn(&mut World, &Env, &Caller, Req) -> ApiResult<Resp>`. An operation
//! checks everything before it changes anything, takes the time, fresh values and limits from
//! `Env`, reads a protocol request type and answers a protocol type; its handler only extracts,
//! calls it through `App::operate` and answers (see docs/emulator-endpoints.md). Every B2B
//! product is here; so is the consumer API (`consumer`); the control API still holds the lock
//! itself.

pub mod connected_apps;
pub mod consumer;
pub mod discovery;
pub mod email_otps;
pub mod email_updates;
pub mod idp;
pub mod impersonation;
pub mod magic_links;
pub mod member_apps;
pub mod member_search;
pub mod members;
pub mod oauth_server;
// onetap24 (#24): Google One Tap.
pub mod one_tap;
pub mod organizations;
pub mod otps;
pub mod passwords;
pub mod passwords_discovery;
pub mod project;
// dfp24 (#24): DFP Protected Auth and captcha.
pub mod protected_auth;
pub mod recovery_codes;
pub mod scim;
// oauth24: the SCIM service's ResourceTypes and Schemas.
pub mod scim_discovery;
pub mod scim_service;
pub mod sessions;
pub mod sso;
// sso24 (#24): SSO connection management.
pub mod sso_connections;
pub mod totp;

/// What the operations' tests share. (Here, not beside `env::testing::Numbered`: it takes a
/// `Caller`, and `extract` already depends on `env`.)
#[cfg(test)]
pub mod testing {
    use crate::env::testing::Numbered;
    use crate::env::Env;
    use crate::error::{ApiResult, ErrorType};
    use crate::extract::Caller;
    use crate::jwt::Keys;
    use crate::model::World;
    use crate::seed::{Seed, DEFAULT_SEED};

    /// Validate before mutate: `operation`, on the built-in seed's world, refuses each of
    /// `refusals` (a request and the error it must get), leaves the world as it was and draws
    /// no fresh value.
    pub fn assert_refusals_change_nothing<R, T: std::fmt::Debug>(
        operation: impl Fn(&mut World, &Env, &Caller, R) -> ApiResult<T>,
        refusals: impl IntoIterator<Item = (R, ErrorType)>,
    ) {
        let mut w = Seed::parse(DEFAULT_SEED).unwrap().to_world(0);
        let before = serde_json::to_value(&w).unwrap();
        let (keys, numbered) = (Keys::generate(), Numbered::default());
        let env = Env { now: 1_000_000, keys: &keys, generate: &numbered, limits: &crate::limits::Limits::STYTCH };
        for (req, expected) in refusals {
            let e = operation(&mut w, &env, &Caller::backend(), req).unwrap_err();
            assert_eq!(e.error_type, expected);
        }
        assert_eq!(serde_json::to_value(&w).unwrap(), before);
        assert_eq!(numbered.drawn(), 0, "no value drawn");
    }
}
