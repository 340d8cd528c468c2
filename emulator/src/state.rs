//! Shared state of a running emulator: the world behind a lock, the seed to reset to,
//! the signing key, the password checker, and the test-only fault rules and request log.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use serde::{Deserialize, Serialize};

use crate::faults::Fault;
use crate::request_log::RequestRecord;
use crate::hashing::PasswordChecker;
use crate::jwt::Keys;
use crate::model::World;
use crate::persist::Persister;
pub use crate::util::lock;

#[derive(Clone)]
pub struct App(Arc<Inner>);

pub struct Inner {
    world: Mutex<World>,
    /// The freshly seeded world, kept so a reset does not hash every password again.
    seed_world: World,
    /// Behind a lock only so that importing a state can replace it; read per request.
    keys: RwLock<Arc<Keys>>,
    persister: Option<Persister>,
    passwords: PasswordChecker,
    /// Origins besides loopback ones that may call the control API from a browser.
    pub control_origins: Vec<String>,
    /// Host names besides loopback ones under which the control API and the console answer.
    pub allowed_hosts: Vec<String>,
    pub faults: Mutex<Vec<Fault>>,
    /// The newest `limits::REQUEST_LOG_CAP` SDK and backend-API requests.
    pub requests: Mutex<VecDeque<RequestRecord>>,
}

/// What `--state FILE` holds: the world and the signing key, so JWTs stay verifiable.
#[derive(Deserialize)]
pub struct StateFile {
    pub signing_key_pem: String,
    pub world: World,
}

/// The same, borrowed, for writing a snapshot without cloning the world.
#[derive(Serialize)]
struct StateFileRef<'a> {
    signing_key_pem: &'a str,
    world: &'a World,
}


impl App {
    pub fn new(world: World, seed_world: World, keys: Keys, persister: Option<Persister>, control_origins: Vec<String>, allowed_hosts: Vec<String>) -> Self {
        Self(Arc::new(Inner {
            world: Mutex::new(world),
            seed_world,
            keys: RwLock::new(Arc::new(keys)),
            persister,
            passwords: PasswordChecker::new(crate::limits::password_workers()),
            control_origins,
            allowed_hosts,
            faults: Mutex::new(Vec::new()),
            requests: Mutex::new(VecDeque::new()),
        }))
    }

    /// The world, with expired sessions, ISTs and codes already dropped.
    pub fn world(&self) -> MutexGuard<'_, World> {
        let mut w = lock(&self.0.world);
        w.sweep_expired();
        w
    }

    pub fn keys(&self) -> Arc<Keys> {
        self.0.keys.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Replaces the whole state (an imported export): the world and the signing key, so the
    /// JWTs of the imported sessions keep verifying. Faults and the request log are cleared.
    pub fn import(&self, world: World, keys: Keys) {
        *self.world() = world;
        *self.0.keys.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(keys);
        lock(&self.0.faults).clear();
        lock(&self.0.requests).clear();
    }

    /// The state as `--state` files hold it (and exports carry it).
    pub fn export(&self) -> serde_json::Result<Vec<u8>> {
        let w = self.world();
        let pem = self.keys().to_pem();
        serde_json::to_vec_pretty(&StateFileRef { signing_key_pem: &pem, world: &w })
    }

    pub fn passwords(&self) -> &PasswordChecker {
        &self.0.passwords
    }

    pub fn inner(&self) -> &Inner {
        &self.0
    }

    pub fn reset(&self) {
        *self.world() = self.0.seed_world.clone();
        lock(&self.0.faults).clear();
        lock(&self.0.requests).clear();
    }

    /// With `--state`: snapshots the world (under its lock, so snapshots are numbered in the
    /// order of the changes they contain) and returns once that snapshot, or a newer one,
    /// is on disk. Without `--state`, does nothing.
    pub async fn persist(&self) -> std::io::Result<()> {
        let Some(persister) = &self.0.persister else { return Ok(()) };
        let version = {
            let w = self.world();
            let pem = self.keys().to_pem();
            let bytes = serde_json::to_vec(&StateFileRef { signing_key_pem: &pem, world: &w }).map_err(std::io::Error::other)?;
            persister.stage(bytes)
        };
        let persister = persister.clone();
        tokio::task::spawn_blocking(move || persister.flush(version))
            .await
            .map_err(std::io::Error::other)?
    }
}
