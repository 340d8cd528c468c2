//! A local Stytch-compatible B2B backend: the frontend-SDK API (`/sdk/v1/...`) for
//! passwords, magic links, SMS OTP, TOTP, recovery codes and sessions, plus a control API
//! (`/_emulator/...`) for tests.
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

use axum::{
    http::HeaderName,
    middleware, Router,
};
use tokio::net::TcpListener;
use tower_http::cors::{AllowHeaders, AllowMethods, AllowOrigin, CorsLayer};

mod control;
mod error;
mod extract;
mod flows;
mod jwt;
mod model;
mod page;
mod render;
mod routes;
mod seed;
mod server;
mod state;
mod totp;
mod util;

pub use seed::DEFAULT_SEED;

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
}

impl Default for Config {
    fn default() -> Self {
        Self { host: "127.0.0.1".into(), port: DEFAULT_PORT, seed: None, state: None }
    }
}

/// A running emulator. Dropping it leaves the server running until the runtime ends;
/// `stop` shuts it down.
pub struct Emulator {
    pub base_url: String,
    pub public_token: String,
    pub project_id: String,
    pub addr: SocketAddr,
    shutdown: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
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
        Some(p) if p.exists() => {
            let text = std::fs::read(p).map_err(|e| format!("reading state {}: {e}", p.display()))?;
            Some(serde_json::from_slice::<state::StateFile>(&text).map_err(|e| format!("state {}: {e}", p.display()))?)
        }
        _ => None,
    };
    let (world, keys) = match saved {
        Some(s) => (s.world, jwt::Keys::from_pem(&s.signing_key_pem)?),
        None => (seed_world.clone(), jwt::Keys::generate()),
    };
    let app = state::App::new(world, seed_world, keys, config.state.clone());
    app.persist().map_err(|e| format!("writing state: {e}"))?;

    let listener = TcpListener::bind((config.host.as_str(), config.port))
        .await
        .map_err(|e| format!("binding {}:{}: {e}", config.host, config.port))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let host = if addr.ip().is_ipv6() { format!("[{}]", addr.ip()) } else { addr.ip().to_string() };
    let (public_token, project_id) = {
        let w = app.world();
        (w.project.public_token.clone(), w.project.project_id.clone())
    };
    let (shutdown, shutdown_rx) = tokio::sync::oneshot::channel();
    let task = tokio::spawn(server::serve(listener, router(app), shutdown_rx));
    Ok(Emulator { base_url: format!("http://{host}:{}", addr.port()), public_token, project_id, addr, shutdown, task })
}

fn router(app: state::App) -> Router {
    // Browsers call with credentials from any origin (the SDK's page, the test runner's
    // random port), so the Origin is echoed rather than `*`.
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::mirror_request())
        .allow_credentials(true)
        .allow_headers(AllowHeaders::mirror_request())
        .allow_methods(AllowMethods::mirror_request())
        .expose_headers([HeaderName::from_static("server-timing")])
        .max_age(std::time::Duration::from_secs(600));
    let not_found = || async {
        error::ApiError::new(404, "route_not_found", "There is no such endpoint in this emulator.")
    };
    Router::new()
        .route("/", axum::routing::get(page::index))
        .merge(routes::router())
        .merge(control::router())
        .fallback(not_found)
        .method_not_allowed_fallback(|| async {
            error::ApiError::new(405, "method_not_allowed", "This endpoint does not take that method.")
        })
        .layer(middleware::from_fn_with_state(app.clone(), control::inject_faults))
        .layer(middleware::from_fn_with_state(app.clone(), control::record_requests))
        .layer(middleware::from_fn_with_state(app.clone(), control::persist_changes))
        .layer(cors)
        .with_state(app)
}
