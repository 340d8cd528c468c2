//! Shared state of a running emulator: the world behind a lock, the seed to reset to,
//! the two projects' signing keys, the host (`host::Host`), the password checker, and the
//! test-only fault rules and request log.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use serde::{Deserialize, Serialize};

use crate::env::{Env, Random};
use crate::error::ApiResult;
use crate::faults::Fault;
use crate::hashing::PasswordChecker;
use crate::host::Host;
use crate::jwt::Keys;
use crate::model::World;
use crate::request_log::RequestRecord;
use crate::sessions::{CarriesJwt, Unsigned};
pub use crate::sync::lock;

#[derive(Clone)]
pub struct App(Arc<Inner>);

pub struct Inner {
    world: Mutex<World>,
    /// The freshly seeded world, kept so a reset does not hash every password again.
    seed_world: World,
    /// Behind a lock only so that importing a state can replace them; read per request.
    keys: RwLock<Arc<ProjectKeys>>,
    /// Blocking work, the timer and the state file: the native server's, or `host::Inline`.
    host: Arc<dyn Host>,
    passwords: PasswordChecker,
    /// Origins besides loopback ones that may call the control API from a browser.
    pub control_origins: Vec<String>,
    /// Host names besides loopback ones under which the control API and the console answer.
    pub allowed_hosts: Vec<String>,
    pub faults: Mutex<Vec<Fault>>,
    /// The newest `limits::REQUEST_LOG_CAP` SDK and backend-API requests.
    pub requests: Mutex<VecDeque<RequestRecord>>,
}

/// The session-signing keys of the two projects: as at Stytch, a B2B project and a consumer
/// project each sign with their own, so neither's JWTs verify against the other's JWKS.
pub struct ProjectKeys {
    pub b2b: Keys,
    pub consumer: Keys,
}

impl ProjectKeys {
    pub fn generate() -> Self {
        Self { b2b: Keys::generate(), consumer: Keys::generate() }
    }

    /// Keys the host made (PKCS#8 PEM): generating RSA keys in wasm takes about a second,
    /// a JS host's native crypto does it in milliseconds.
    pub fn from_pems(b2b: &str, consumer: &str) -> Result<Self, String> {
        Ok(Self { b2b: Keys::from_pem(b2b)?, consumer: Keys::from_pem(consumer)? })
    }
}

/// What `--state FILE` holds: the world and the signing keys, so JWTs stay verifiable.
#[derive(Deserialize)]
pub struct StateFile {
    pub signing_key_pem: String,
    /// Absent in files written before the consumer project had its own key.
    #[serde(default)]
    pub consumer_signing_key_pem: Option<String>,
    pub world: World,
}

impl StateFile {
    /// The keys the file holds; `fresh_consumer_key` is true when it had no consumer key and
    /// one was generated (the caller says so). An unreadable key is an error naming it.
    pub fn keys(&self) -> Result<(ProjectKeys, bool), String> {
        let b2b = Keys::from_pem(&self.signing_key_pem).map_err(|e| format!("its signing key is unreadable ({e})"))?;
        let (consumer, fresh_consumer_key) = match &self.consumer_signing_key_pem {
            Some(pem) => (Keys::from_pem(pem).map_err(|e| format!("its consumer signing key is unreadable ({e})"))?, false),
            None => (Keys::generate(), true),
        };
        Ok((ProjectKeys { b2b, consumer }, fresh_consumer_key))
    }
}

/// A state file's contents, checked: what a host starts from instead of the seed.
pub struct Restored {
    pub world: World,
    pub keys: ProjectKeys,
    /// The file had no consumer key and one was generated (the host says so).
    pub fresh_consumer_key: bool,
}

impl StateFile {
    /// Parses and checks a `--state` file's bytes; the error says what is wrong with it, for
    /// the host to put after the file's name.
    pub fn restore(bytes: &[u8]) -> Result<Restored, String> {
        let s = serde_json::from_slice::<StateFile>(bytes).map_err(|e| format!("it is not an emulator state ({e})"))?;
        let (keys, fresh_consumer_key) = s.keys()?;
        s.world.check_consistency().map_err(|e| format!("it does not hang together ({e})"))?;
        Ok(Restored { world: s.world, keys, fresh_consumer_key })
    }

    /// Why the state file `file` cannot be used (`what`, from `restore`), and what to do.
    pub fn unusable(file: &str, what: &str) -> String {
        format!(
            "the state file {file} cannot be used: {what}. Nothing was changed. To start again from the seed, \
             move the file aside (or delete it) and start again; to keep it, fix or restore it first."
        )
    }
}

impl Restored {
    /// What the host prints when the file had no consumer key (`fresh_consumer_key`): it was
    /// written before the consumer project had its own key, so its consumer sessions go on
    /// (their tokens), but JWTs signed before now do not verify against the new key.
    pub fn fresh_consumer_key_notice(file: &str) -> String {
        format!(
            "the state file {file} has no consumer signing key (it was written by an older emulator); \
             a new one was generated and will be saved with the state. Consumer session JWTs issued before now no \
             longer verify; their session tokens still work."
        )
    }
}

/// The same, borrowed, for writing a snapshot without cloning the world.
#[derive(Serialize)]
struct StateFileRef<'a> {
    signing_key_pem: &'a str,
    consumer_signing_key_pem: &'a str,
    world: &'a World,
}

impl App {
    pub fn new(
        world: World,
        seed_world: World,
        keys: ProjectKeys,
        host: Arc<dyn Host>,
        control_origins: Vec<String>,
        allowed_hosts: Vec<String>,
    ) -> Self {
        Self(Arc::new(Inner {
            world: Mutex::new(world),
            seed_world,
            keys: RwLock::new(Arc::new(keys)),
            passwords: PasswordChecker::new(host.clone()),
            host,
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

    /// Runs an operation (`ops`) on the locked world, with the request's time, the B2B signing
    /// key and random ids and secrets: the one place an operation's handler meets the lock, the
    /// clock and the generator.
    pub fn operate<R>(&self, op: impl FnOnce(&mut World, &Env) -> R) -> R {
        self.operate_with(&self.keys(), op)
    }

    /// `operate` for an operation that answers a member session: the session's JWT is signed
    /// after the world lock is released, so other requests go on during the RSA signature
    /// (most of the time of a session refresh).
    pub fn operate_then_sign<T: CarriesJwt>(&self, op: impl FnOnce(&mut World, &Env) -> ApiResult<Unsigned<T>>) -> ApiResult<T> {
        self.operate_with_then_sign(&self.keys(), op)
    }

    fn operate_with<R>(&self, keys: &KeyRef, op: impl FnOnce(&mut World, &Env) -> R) -> R {
        let mut w = self.world();
        let env = Env::new(&w, keys, &Random);
        op(&mut w, &env)
    }

    fn operate_with_then_sign<T: CarriesJwt>(
        &self,
        keys: &KeyRef,
        op: impl FnOnce(&mut World, &Env) -> ApiResult<Unsigned<T>>,
    ) -> ApiResult<T> {
        let unsigned = self.operate_with(keys, op)?;
        Ok(unsigned.sign(keys))
    }

    fn project_keys(&self) -> Arc<ProjectKeys> {
        self.0.keys.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The B2B project's signing key.
    pub fn keys(&self) -> KeyRef {
        KeyRef { keys: self.project_keys(), consumer: false }
    }

    /// The consumer project's signing key.
    pub fn consumer_keys(&self) -> KeyRef {
        KeyRef { keys: self.project_keys(), consumer: true }
    }

    /// `operate` for the consumer API (`ops::consumer`): its `Env` holds the consumer
    /// project's signing key.
    pub fn operate_consumer<R>(&self, op: impl FnOnce(&mut World, &Env) -> R) -> R {
        self.operate_with(&self.consumer_keys(), op)
    }

    /// `operate_then_sign` for the consumer API: a user session's JWT, signed with the consumer
    /// project's key after the world lock is released.
    pub fn operate_consumer_then_sign<T: CarriesJwt>(&self, op: impl FnOnce(&mut World, &Env) -> ApiResult<Unsigned<T>>) -> ApiResult<T> {
        self.operate_with_then_sign(&self.consumer_keys(), op)
    }

    /// Replaces the whole state (an imported export): the world and the signing keys, so the
    /// JWTs of the imported sessions keep verifying. Faults and the request log are cleared.
    pub fn import(&self, world: World, keys: ProjectKeys) {
        *self.world() = world;
        *self.0.keys.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(keys);
        lock(&self.0.faults).clear();
        lock(&self.0.requests).clear();
    }

    /// The state as `--state` files hold it (and exports carry it).
    pub fn export(&self) -> serde_json::Result<Vec<u8>> {
        let w = self.world();
        let (b2b, consumer) = self.pems();
        serde_json::to_vec_pretty(&StateFileRef { signing_key_pem: &b2b, consumer_signing_key_pem: &consumer, world: &w })
    }

    fn pems(&self) -> (String, String) {
        let keys = self.project_keys();
        (keys.b2b.to_pem(), keys.consumer.to_pem())
    }

    pub fn host(&self) -> &dyn Host {
        &*self.0.host
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

    /// With `--state` (a host that keeps snapshots): snapshots the world (under its lock, so
    /// snapshots are numbered in the order of the changes they contain) and returns once that
    /// snapshot, or a newer one, is kept. Otherwise does nothing.
    pub async fn persist(&self) -> std::io::Result<()> {
        let Some(snapshots) = self.0.host.snapshots() else { return Ok(()) };
        let version = {
            let w = self.world();
            let (b2b, consumer) = self.pems();
            let file = StateFileRef { signing_key_pem: &b2b, consumer_signing_key_pem: &consumer, world: &w };
            let bytes = serde_json::to_vec(&file).map_err(std::io::Error::other)?;
            snapshots.stage(bytes)
        };
        snapshots.flush(version).await
    }
}

/// One project's signing key, held with its pair (both are replaced together on import).
pub struct KeyRef {
    keys: Arc<ProjectKeys>,
    consumer: bool,
}

impl std::ops::Deref for KeyRef {
    type Target = Keys;

    fn deref(&self) -> &Keys {
        if self.consumer {
            &self.keys.consumer
        } else {
            &self.keys.b2b
        }
    }
}
