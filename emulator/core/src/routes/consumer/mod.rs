//! Stytch's consumer backend API (`/v1/users`, `/v1/passwords`, `/v1/otps`, `/v1/sessions`),
//! served by `ops::consumer` and authorised by the consumer project's credentials
//! (`extract::ConsumerCaller`). Each handler extracts, runs its operation through
//! `App::operate_consumer` (or `operate_consumer_then_sign` when it answers a session, whose
//! JWT is signed off the lock) and answers.

pub mod otps;
pub mod passwords;
pub mod sessions;
pub mod users;
