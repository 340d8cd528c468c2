//! Password hashing (argon2id) and the checker that verifies logins off the state lock.
//!
//! Each check needs 8 MiB of argon2 memory. Allocating it per check made glibc keep those
//! buffers per thread (about 4.7 MB resident per wrong password under load), and hashing
//! while holding the state lock stalled every other request. So checks run as the host's
//! blocking work (natively: blocking threads, at most `limits::password_workers()` at once),
//! each reusing a buffer from a pool that never holds more buffers than checks run at once.

use std::sync::{Arc, Mutex};

use argon2::{
    password_hash::{Output, SaltString},
    Argon2, Block, Params, PasswordHash, PasswordHasher,
};

use crate::host::{run_blocking, Host};

/// Argon2id with light parameters (8 MiB, 2 passes): a real hash, cheap enough that the
/// emulator answers password logins in milliseconds for tests and benchmarks.
fn params() -> Params {
    Params::new(8 * 1024, 2, 1, None).expect("valid argon2 params")
}

fn argon2(params: Params) -> Argon2<'static> {
    Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
}

pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    argon2(params()).hash_password(password.as_bytes(), &salt).expect("argon2 hashing").to_string()
}

/// Verifies against a PHC string, computing into `memory` (grown to the hash's size once).
fn verify_with_memory(hash: &str, password: &str, memory: &mut Vec<Block>) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else { return false };
    let (Ok(params), Some(salt), Some(expected)) = (Params::try_from(&parsed), parsed.salt, parsed.hash) else {
        return false;
    };
    let mut salt_buf = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_buf) else { return false };
    if memory.len() < params.block_count() {
        memory.resize(params.block_count(), Block::default());
    }
    let mut out = vec![0u8; expected.len()];
    let blocks = &mut memory[..params.block_count()];
    if argon2(params).hash_password_into_with_memory(password.as_bytes(), salt, &mut out, blocks).is_err() {
        return false;
    }
    // `Output`'s equality is constant-time.
    Output::new(&out).is_ok_and(|computed| computed == expected)
}

#[cfg(test)]
pub fn verify_password(hash: &str, password: &str) -> bool {
    verify_with_memory(hash, password, &mut Vec::new())
}

/// Verifies passwords as the host's blocking work, reusing memory.
#[derive(Clone)]
pub struct PasswordChecker {
    host: Arc<dyn Host>,
    pool: Arc<Mutex<Vec<Vec<Block>>>>,
}

impl PasswordChecker {
    pub fn new(host: Arc<dyn Host>) -> Self {
        Self { host, pool: Arc::new(Mutex::new(Vec::new())) }
    }

    /// Hashes a new password the same way, under the host's bound on concurrent work.
    pub async fn hash(&self, password: String) -> Option<String> {
        run_blocking(&self.host, move || hash_password(&password)).await
    }

    pub async fn verify(&self, hash: String, password: String) -> bool {
        let pool = self.pool.clone();
        let check = run_blocking(&self.host, move || {
            let mut memory = pool.lock().unwrap_or_else(|e| e.into_inner()).pop().unwrap_or_default();
            let ok = verify_with_memory(&hash, &password, &mut memory);
            pool.lock().unwrap_or_else(|e| e.into_inner()).push(memory);
            ok
        });
        check.await.unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let h = hash_password("mfa-demo-password");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password(&h, "mfa-demo-password"));
        assert!(!verify_password(&h, "wrong"));
        assert!(!verify_password("not a hash", "mfa-demo-password"));
    }

    #[test]
    fn reused_memory_gives_the_same_answers() {
        let h = hash_password("first");
        let mut memory = Vec::new();
        assert!(verify_with_memory(&h, "first", &mut memory));
        assert!(!verify_with_memory(&h, "second", &mut memory));
        assert!(verify_with_memory(&h, "first", &mut memory));
        // The standard verifier agrees, so the hashes stay ordinary PHC strings.
        use argon2::PasswordVerifier;
        assert!(argon2(params()).verify_password(b"first", &PasswordHash::new(&h).unwrap()).is_ok());
    }

    #[test]
    fn the_checker_reuses_one_buffer_for_checks_run_one_after_another() {
        let h = hash_password("pw");
        let checker = PasswordChecker::new(Arc::new(crate::host::Inline));
        let results: Vec<bool> =
            ["pw", "x", "pw", "x"].iter().map(|p| crate::host::finish_inline(checker.verify(h.clone(), p.to_string()))).collect();
        assert_eq!(results, [true, false, true, false]);
        assert_eq!(checker.pool.lock().unwrap().len(), 1, "never more buffers than checks at once");
        let new = crate::host::finish_inline(checker.hash("fresh".into())).unwrap();
        assert!(verify_password(&new, "fresh"));
    }
}
