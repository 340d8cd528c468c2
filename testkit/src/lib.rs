//! Test support shared by the emulator's native tests and the SDK's browser tests.
//!
//! - the seed's ids as constants, generated from `emulator/seed/default.json` (no test copies
//!   an id): `ACME`, `ACME_SMS.id`, `ACME_SMS.phone`, `PUBLIC_TOKEN`, ...; the consumer
//!   project's as `CONSUMER_PROJECT_ID`, `CONSUMER_PUBLIC_TOKEN`, `CONSUMER_SECRET`;
//! - [`totp`]: TOTP codes by an implementation independent of the emulator's;
//! - [`control`]: the shapes of the emulator's control API (outbox, request log, faults, clock,
//!   ...), the protocol crate's `control` types the emulator itself answers with.

pub mod control;
pub mod totp;

/// A seeded B2B member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SeedMember {
    pub id: &'static str,
    pub email: &'static str,
    pub organization_id: &'static str,
    /// E.164, empty without a phone.
    pub phone: &'static str,
    /// Base32, empty without a TOTP registration.
    pub totp_secret: &'static str,
    pub totp_registration_id: &'static str,
    pub recovery_codes: &'static [&'static str],
}

/// A seeded consumer user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SeedUser {
    pub id: &'static str,
    pub email: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/seed.rs"));
