//! Shared state of a running emulator: the world behind a lock, the seed to reset to,
//! the signing key, and the test-only fault rules and request log.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use serde::{Deserialize, Serialize};

use crate::control::{Fault, RequestRecord};
use crate::jwt::Keys;
use crate::model::World;

#[derive(Clone)]
pub struct App(Arc<Inner>);

pub struct Inner {
    world: Mutex<World>,
    /// The freshly seeded world, kept so a reset does not hash every password again.
    seed_world: World,
    pub keys: Keys,
    state_file: Option<PathBuf>,
    pub faults: Mutex<Vec<Fault>>,
    pub requests: Mutex<Vec<RequestRecord>>,
}

/// What `--state FILE` holds: the world and the signing key, so JWTs stay verifiable.
#[derive(Serialize, Deserialize)]
pub struct StateFile {
    pub signing_key_pem: String,
    pub world: World,
}

impl App {
    pub fn new(world: World, seed_world: World, keys: Keys, state_file: Option<PathBuf>) -> Self {
        Self(Arc::new(Inner {
            world: Mutex::new(world),
            seed_world,
            keys,
            state_file,
            faults: Mutex::new(Vec::new()),
            requests: Mutex::new(Vec::new()),
        }))
    }

    /// The world, with expired sessions, ISTs and codes already dropped.
    pub fn world(&self) -> MutexGuard<'_, World> {
        let mut w = self.0.world.lock().unwrap_or_else(|e| e.into_inner());
        w.sweep_expired();
        w
    }

    pub fn keys(&self) -> &Keys {
        &self.0.keys
    }

    pub fn inner(&self) -> &Inner {
        &self.0
    }

    pub fn reset(&self) {
        *self.world() = self.0.seed_world.clone();
        self.0.faults.lock().unwrap_or_else(|e| e.into_inner()).clear();
        self.0.requests.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// Writes the state file atomically (temporary file, then rename) when `--state` is set.
    pub fn persist(&self) -> std::io::Result<()> {
        let Some(path) = &self.0.state_file else { return Ok(()) };
        let snapshot = StateFile { signing_key_pem: self.0.keys.to_pem(), world: self.world().clone() };
        let text = serde_json::to_vec(&snapshot).map_err(std::io::Error::other)?;
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, path)
    }
}
