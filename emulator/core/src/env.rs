//! What an operation needs from outside the world: the time of the request, the signing key,
//! fresh ids, secrets and codes, and the limits it enforces. A handler gets one from `App::operate`; a test can make one
//! with a fixed time and predictable values, and run an operation without a server.

use crate::jwt::Keys;
use crate::limits::Limits;
use crate::model::World;

/// Where fresh ids, secrets and codes come from.
pub trait Generator {
    /// A Stytch-style id, `<prefix>-test-<uuid>`.
    fn id(&self, prefix: &str) -> String;
    /// An opaque bearer secret: a session token, an IST, a magic-link, reset or grant token.
    fn secret(&self) -> String;
    /// A six-digit SMS one-time passcode.
    fn otp_code(&self) -> String;
    /// A recovery code, `xxxx-xxxx-xxxx`.
    fn recovery_code(&self) -> String;
    /// A TOTP shared secret, base32.
    fn totp_secret(&self) -> String;
}

/// The generator of a running emulator: random values.
pub struct Random;

impl Generator for Random {
    fn id(&self, prefix: &str) -> String {
        crate::ids::new_id(prefix)
    }

    fn secret(&self) -> String {
        crate::ids::new_secret()
    }

    fn otp_code(&self) -> String {
        crate::ids::new_otp_code()
    }

    fn recovery_code(&self) -> String {
        crate::ids::new_recovery_code()
    }

    fn totp_secret(&self) -> String {
        crate::totp::new_secret()
    }
}

/// One request's surroundings.
pub struct Env<'a> {
    /// The emulated time of the request (the real clock plus `POST /_emulator/clock`'s offset),
    /// read once when the world is locked.
    pub now: i64,
    /// The B2B project's signing key.
    pub keys: &'a Keys,
    /// Where fresh values come from; an operation draws them only once its checks have passed.
    pub generate: &'a dyn Generator,
    /// What the operations allow (caps, attempts, lifetimes): [`Limits::STYTCH`] in a running
    /// emulator, smaller in a test that shows an operation obeying its limit.
    pub limits: &'a Limits,
}

impl<'a> Env<'a> {
    pub fn new(world: &World, keys: &'a Keys, generate: &'a dyn Generator) -> Self {
        Env { now: world.now(), keys, generate, limits: &Limits::STYTCH }
    }
}

/// A predictable generator for the operations' tests.
#[cfg(test)]
pub mod testing {
    use std::cell::Cell;

    use super::Generator;

    /// The TOTP secret `Numbered` hands out (valid base32).
    pub const SECRET: &str = "JBSWY3DPEHPK3PXP";

    /// Numbered values, so that an operation's answer can be stated in full.
    #[derive(Default)]
    pub struct Numbered(Cell<u32>);

    impl Numbered {
        /// How many values were drawn.
        pub fn drawn(&self) -> u32 {
            self.0.get()
        }

        fn next(&self) -> u32 {
            self.0.set(self.0.get() + 1);
            self.0.get()
        }
    }

    impl Generator for Numbered {
        fn id(&self, prefix: &str) -> String {
            format!("{prefix}-{}", self.next())
        }

        fn secret(&self) -> String {
            format!("secret-{}", self.next())
        }

        fn otp_code(&self) -> String {
            format!("{:06}", self.next())
        }

        fn recovery_code(&self) -> String {
            format!("code-{}", self.next())
        }

        fn totp_secret(&self) -> String {
            self.next();
            SECRET.to_string()
        }
    }
}
