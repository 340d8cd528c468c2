//! A local Stytch-compatible backend: the B2B frontend-SDK API (`/sdk/v1/...`) for
//! passwords, magic links, SMS OTP, TOTP, recovery codes and sessions; Stytch's backend API
//! (`/v1/...`, B2B and consumer) for app servers and Stytch's own Node and Python SDKs, in
//! the same world; and a control API (`/_emulator/...`) for tests.
//!
//! This crate is the native server around `stytch-emulator-core` (`emulator/core`), which
//! holds the world, the operations and the routes: here are the hyper listener and its
//! connection limits (`server`), the `--state` file (`persist`) and the core's host
//! (`host::Native`: argon2 on blocking threads, tokio's timer, the state file).
//!
//! ```no_run
//! # async fn demo() -> Result<(), String> {
//! let emulator = stytch_emulator::start(stytch_emulator::Config { port: 0, ..Default::default() }).await?;
//! println!("{} {}", emulator.base_url, emulator.public_token);
//! emulator.stop().await;
//! # Ok(()) }
//! ```

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::Router;
use tokio::net::TcpListener;

// The world, the operations, the routes and the control API: everything but the socket and
// the state file (`emulator/core`).
pub use stytch_emulator_core::limits;
// dfp24: the SDK calls DFP Protected Auth and captcha check (the hostile corpus sends them).
pub use stytch_emulator_core::PROTECTED_SDK_PATHS;
use stytch_emulator_core::{error, faults, guard, model, router, seed, state, sync};

mod host;
mod persist;
mod server;

pub use seed::DEFAULT_SEED;

/// The whole service (every layer, the built-in seed, the core's inline host) called without
/// a socket, for the fuzz targets in `fuzz/`.
#[cfg(feature = "fuzzing")]
pub mod fuzzing {
    use axum::{body::Body, http::Request, Router};
    use tower::ServiceExt;

    pub struct Service(Router);

    impl Service {
        pub fn new() -> Self {
            Self(crate::router(stytch_emulator_core::seeded_app(), Router::new()))
        }

        /// Status, content type and body of the answer.
        pub async fn call(&self, request: Request<Body>) -> (u16, String, Vec<u8>) {
            let resp = self.0.clone().oneshot(request).await.unwrap_or_else(|e| match e {});
            let status = resp.status().as_u16();
            let content_type = resp.headers().get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
            let body = axum::body::to_bytes(resp.into_body(), usize::MAX).await.map(|b| b.to_vec()).unwrap_or_default();
            (status, content_type, body)
        }
    }

    impl Default for Service {
        fn default() -> Self {
            Self::new()
        }
    }
}

pub const DEFAULT_PORT: u16 = 9797;

#[derive(Clone, Debug)]
pub struct Config {
    pub host: String,
    /// 0 picks a free port.
    pub port: u16,
    /// A seed file replacing the built-in one.
    pub seed: Option<PathBuf>,
    /// Where to keep state across restarts.
    pub state: Option<PathBuf>,
    /// Browser origins, besides loopback ones, allowed to use the control API.
    pub control_origins: Vec<String>,
    /// Host names (any port), besides loopback ones, under which the control API and the
    /// console answer: what a browser must not reach by DNS rebinding.
    pub allowed_hosts: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            host: "127.0.0.1".into(),
            port: DEFAULT_PORT,
            seed: None,
            state: None,
            control_origins: Vec::new(),
            allowed_hosts: Vec::new(),
        }
    }
}

/// A running emulator. Dropping it leaves the server running until the runtime ends;
/// `stop` shuts it down. The top-level credentials are the B2B project's.
pub struct Emulator {
    pub base_url: String,
    pub public_token: String,
    pub project_id: String,
    /// The backend API's secret (`project_id:secret`); local-only, printed on purpose.
    pub secret: String,
    /// The consumer project's credentials, for the consumer backend API (`/v1/users`, ...).
    pub consumer: ProjectCredentials,
    pub addr: SocketAddr,
    shutdown: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
}

/// A project's id, public token and backend secret (local-only, printed on purpose).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ProjectCredentials {
    pub project_id: String,
    pub public_token: String,
    pub secret: String,
}

impl Emulator {
    pub async fn stop(self) {
        let _ = self.shutdown.send(());
        let _ = self.task.await;
    }

    /// The line printed on start: one JSON object a program can parse.
    pub fn ready_line(&self) -> String {
        serde_json::json!({
            "event": "ready",
            "base_url": self.base_url,
            "public_token": self.public_token,
            "project_id": self.project_id,
            "secret": self.secret,
            "consumer": self.consumer,
        })
        .to_string()
    }
}

pub async fn start(config: Config) -> Result<Emulator, String> {
    let seed_text = match &config.seed {
        Some(p) => std::fs::read_to_string(p).map_err(|e| format!("reading seed {}: {e}", p.display()))?,
        None => DEFAULT_SEED.to_string(),
    };
    let seed = seed::Seed::parse(&seed_text)?;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
    let seed_world = seed.to_world(now);

    let saved = match &config.state {
        Some(p) if p.exists() => Some(load_state(p)?),
        _ => None,
    };
    let (world, keys) = match saved {
        Some(s) => (s.world, s.keys),
        None => (seed_world.clone(), state::ProjectKeys::generate()),
    };
    let state_file = config.state.clone().map(persist::Persister::new);
    let host = std::sync::Arc::new(host::Native::new(limits::password_workers(), state_file));
    let app = state::App::new(world, seed_world, keys, host, config.control_origins.clone(), allowed_hosts(&config));
    app.persist().await.map_err(|e| format!("writing state: {e}"))?;

    let listener = TcpListener::bind((config.host.as_str(), config.port))
        .await
        .map_err(|e| format!("binding {}:{}: {e}", config.host, config.port))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let host = if addr.ip().is_ipv6() { format!("[{}]", addr.ip()) } else { addr.ip().to_string() };
    let (public_token, project_id, secret, consumer) = {
        let w = app.world();
        let c = &w.consumer_project;
        let consumer =
            ProjectCredentials { project_id: c.project_id.clone(), public_token: c.public_token.clone(), secret: c.secret.clone() };
        (w.project.public_token.clone(), w.project.project_id.clone(), w.project.secret.clone(), consumer)
    };
    let (shutdown, shutdown_rx) = tokio::sync::oneshot::channel();
    let task = tokio::spawn(server::serve(listener, router(app, Router::new()), shutdown_rx));
    let base_url = format!("http://{host}:{}", addr.port());
    Ok(Emulator { base_url, public_token, project_id, secret, consumer, addr, shutdown, task })
}

fn allowed_hosts(config: &Config) -> Vec<String> {
    guard::allowed_hosts(&config.host, &config.allowed_hosts)
}

struct Saved {
    world: model::World,
    keys: state::ProjectKeys,
}

/// Reads a `--state` file; a damaged one is refused with what is wrong and what to do.
fn load_state(p: &std::path::Path) -> Result<Saved, String> {
    let file = p.display().to_string();
    let text = std::fs::read(p).map_err(|e| format!("reading the state file {file}: {e}"))?;
    let restored = state::StateFile::restore(&text).map_err(|what| state::StateFile::unusable(&file, &what))?;
    if restored.fresh_consumer_key {
        eprintln!("stytch-emulator: {}", state::Restored::fresh_consumer_key_notice(&file));
    }
    Ok(Saved { world: restored.world, keys: restored.keys })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::{extract::State, routing::post};

    /// A handler that panics while holding the state lock answers a Stytch-shaped 500, and
    /// the emulator keeps serving with its state intact.
    #[tokio::test]
    async fn a_panicking_handler_becomes_a_500_and_the_server_keeps_serving() {
        let app = stytch_emulator_core::seeded_app();
        let boom = Router::new().route(
            "/_emulator/test-panic",
            post(|State(app): State<state::App>| async move {
                let _world = app.world();
                panic!("injected by the test");
                #[allow(unreachable_code)]
                ""
            }),
        );
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (_stop, stop_rx) = tokio::sync::oneshot::channel();
        tokio::spawn(server::serve(listener, router(app, boom), stop_rx));

        let http = reqwest::Client::new();
        for _ in 0..3 {
            let resp = http.post(format!("{base}/_emulator/test-panic")).send().await.unwrap();
            assert_eq!(resp.status(), 500);
            let body: serde_json::Value = resp.json().await.unwrap();
            assert_eq!(body["error_type"], "internal_server_error");
            assert_eq!(body["status_code"], 500);
        }
        // The lock the panic poisoned is still usable: the world answers.
        let orgs: serde_json::Value = http.get(format!("{base}/_emulator/organizations")).send().await.unwrap().json().await.unwrap();
        let seeded = seed::Seed::parse(DEFAULT_SEED).unwrap().organizations.len();
        assert_eq!(orgs["organizations"].as_array().unwrap().len(), seeded);
    }
}
