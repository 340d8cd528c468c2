//! A test harness: an emulator on a free port, spoken to over real HTTP.
#![allow(dead_code)]

use base64::Engine;
use serde_json::{json, Value};

// The seed's ids, generated from emulator/seed/default.json.
pub use stytch_testkit::*;

pub struct Harness {
    pub emulator: Endpoint,
    pub http: reqwest::Client,
}

/// one23: which host runs the emulator the tests talk to. With `STYTCH_EMULATOR_HOST=npm`,
/// the npm package's bin (emulator/npm: the same core as wasm, with a Node host) started
/// with the flags the native binary takes; otherwise the native server, in this process.
/// The suites are the same: one behaviour, two hosts (issue #23).
pub fn npm_host() -> bool {
    std::env::var("STYTCH_EMULATOR_HOST").as_deref() == Ok("npm")
}

/// The program and leading arguments that start the emulator on the chosen host.
fn emulator_command() -> (std::path::PathBuf, Vec<std::path::PathBuf>) {
    if !npm_host() {
        return (env!("CARGO_BIN_EXE_stytch-emulator").into(), Vec::new());
    }
    let package = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("npm");
    assert!(
        package.join("wasm/stytch_emulator_wasm_bg.wasm").exists(),
        "the npm emulator is not built; run bash scripts/build-emulator-npm.sh"
    );
    (std::env::var_os("NODE").unwrap_or("node".into()).into(), vec![package.join("bin/stytch-emulator.js")])
}

/// A command that runs the emulator on the chosen host; the flags are the caller's.
pub fn emulator_process() -> std::process::Command {
    let (program, leading) = emulator_command();
    let mut command = std::process::Command::new(program);
    command.args(leading);
    command
}

/// A running emulator as the tests see it: its address and the credentials of its ready line.
pub struct Endpoint {
    pub base_url: String,
    pub public_token: String,
    pub project_id: String,
    pub secret: String,
    pub consumer: stytch_emulator::ProjectCredentials,
    pub addr: std::net::SocketAddr,
    ready_line: String,
    /// What keeps it running: stopped when the harness is dropped.
    _process: Process,
}

enum Process {
    Native(stytch_emulator::Emulator),
    Npm(Running),
}

impl Endpoint {
    fn native(emulator: stytch_emulator::Emulator) -> Self {
        Self {
            base_url: emulator.base_url.clone(),
            public_token: emulator.public_token.clone(),
            project_id: emulator.project_id.clone(),
            secret: emulator.secret.clone(),
            consumer: emulator.consumer.clone(),
            addr: emulator.addr,
            ready_line: emulator.ready_line(),
            _process: Process::Native(emulator),
        }
    }

    fn npm(running: Running) -> Self {
        let text = |v: &Value| v.as_str().expect("ready line field is a string").to_string();
        let ready = &running.ready;
        let base_url = text(&ready["base_url"]);
        let addr = base_url.trim_start_matches("http://").parse().expect("base_url is http://ip:port");
        Self {
            public_token: text(&ready["public_token"]),
            project_id: text(&ready["project_id"]),
            secret: text(&ready["secret"]),
            consumer: stytch_emulator::ProjectCredentials {
                project_id: text(&ready["consumer"]["project_id"]),
                public_token: text(&ready["consumer"]["public_token"]),
                secret: text(&ready["consumer"]["secret"]),
            },
            addr,
            base_url,
            ready_line: ready.to_string(),
            _process: Process::Npm(running),
        }
    }

    /// The line printed on start (compared as JSON: key order is the host's).
    pub fn ready_line(&self) -> String {
        self.ready_line.clone()
    }
}

/// The command-line flags that give the npm bin this configuration.
fn config_flags(config: &stytch_emulator::Config) -> Vec<String> {
    let mut flags = vec!["--host".into(), config.host.clone(), "--port".into(), config.port.to_string()];
    let path = |p: &std::path::PathBuf| p.to_string_lossy().into_owned();
    flags.extend(config.seed.iter().flat_map(|p| ["--seed".into(), path(p)]));
    flags.extend(config.state.iter().flat_map(|p| ["--state".into(), path(p)]));
    flags.extend(config.control_origins.iter().flat_map(|o| ["--control-origin".into(), o.clone()]));
    flags.extend(config.allowed_hosts.iter().flat_map(|h| ["--allowed-host".into(), h.clone()]));
    flags
}

/// A response: status and parsed JSON body.
pub struct Reply {
    pub status: u16,
    pub body: Value,
}

impl Reply {
    /// The inner object of a success envelope; panics with the body otherwise.
    /// The body of a backend-API success (not enveloped); panics with the body otherwise.
    pub fn ok(&self) -> &Value {
        assert!((200..300).contains(&self.status), "expected success, got {} {}", self.status, self.body);
        assert!(self.body.get("data").is_none(), "backend answers are not enveloped: {}", self.body);
        assert_eq!(self.body["status_code"], 200);
        &self.body
    }

    pub fn data(&self) -> &Value {
        assert!((200..300).contains(&self.status), "expected success, got {} {}", self.status, self.body);
        &self.body["data"]
    }

    /// A reply from a response whose body must be Stytch's error JSON.
    pub async fn from_response(resp: reqwest::Response) -> Reply {
        Harness::reply(resp).await
    }

    pub fn assert_error(&self, status: u16, error_type: &str) {
        assert_eq!(self.status, status, "body: {}", self.body);
        assert_eq!(self.body["error_type"], error_type, "body: {}", self.body);
        assert_eq!(self.body["status_code"], status);
        assert!(self.body["request_id"].as_str().unwrap().starts_with("request-id-test-"));
        assert!(self.body["error_url"].as_str().unwrap().contains(error_type));
        assert!(self.body["error_message"].as_str().is_some_and(|m| !m.is_empty()));
        assert!(self.body.get("data").is_none(), "errors are not enveloped");
    }
}

/// The B2B backend API's credentials: the B2B project's `project_id:secret`.
pub fn backend_auth() -> String {
    format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{PROJECT_ID}:{SECRET}")))
}

/// The consumer backend API's credentials: the consumer project's `project_id:secret`.
pub fn consumer_auth() -> String {
    format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{CONSUMER_PROJECT_ID}:{CONSUMER_SECRET}")))
}

/// The credentials an app's server holds for this backend path: the B2B project's for
/// `/v1/b2b/...`, the consumer project's for the consumer API (as it holds a `B2BClient`
/// and a `Client` made with each project's keys). Connected Apps (`/v1/connected_apps/...`)
/// are the B2B project's here.
pub fn backend_auth_for(path: &str) -> String {
    if path.starts_with("/v1/b2b/") || path.starts_with("/v1/connected_apps/") {
        backend_auth()
    } else {
        consumer_auth()
    }
}

pub fn basic(secret: &str) -> String {
    format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{PUBLIC_TOKEN}:{secret}")))
}

/// The built-in seed with `project.limits` set to `limits` (a JSON object), written to a
/// temporary file for `--seed` / `Config::seed`.
pub fn seed_with_limits(limits: Value) -> std::path::PathBuf {
    let mut seed: Value = serde_json::from_str(stytch_emulator::DEFAULT_SEED).unwrap();
    seed["project"]["limits"] = limits;
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = std::env::temp_dir().join(format!("stytch-emulator-seed-{}-{n}.json", std::process::id()));
    std::fs::write(&path, seed.to_string()).unwrap();
    path
}

impl Harness {
    pub async fn start() -> Self {
        Self::start_with(stytch_emulator::Config { port: 0, ..Default::default() }).await
    }

    pub async fn start_with(config: stytch_emulator::Config) -> Self {
        let emulator = if npm_host() {
            let flags = config_flags(&config);
            Endpoint::npm(spawn(&flags.iter().map(String::as_str).collect::<Vec<_>>()))
        } else {
            Endpoint::native(stytch_emulator::start(config).await.expect("emulator starts"))
        };
        Self { emulator, http: reqwest::Client::new() }
    }

    /// An emulator whose seed sets `project.limits`.
    pub async fn start_with_limits(limits: Value) -> Self {
        let seed = seed_with_limits(limits);
        let h = Self::start_with(stytch_emulator::Config { port: 0, seed: Some(seed.clone()), ..Default::default() }).await;
        let _ = std::fs::remove_file(seed);
        h
    }

    /// Sends raw bytes on a new connection and returns everything the server answered
    /// until it closed the connection (or 10 s passed).
    pub async fn raw(&self, request: &[u8]) -> String {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut stream = tokio::net::TcpStream::connect(self.emulator.addr).await.unwrap();
        stream.write_all(request).await.unwrap();
        let mut out = Vec::new();
        let _ = tokio::time::timeout(std::time::Duration::from_secs(10), stream.read_to_end(&mut out)).await;
        String::from_utf8_lossy(&out).into_owned()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.emulator.base_url)
    }

    async fn reply(resp: reqwest::Response) -> Reply {
        let status = resp.status().as_u16();
        let text = resp.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}"));
        Reply { status, body }
    }

    /// POST to an SDK path with the public token (and a session token when given).
    pub async fn post(&self, path: &str, body: Value, session: Option<&str>) -> Reply {
        let resp = self
            .http
            .post(self.url(&format!("/sdk/v1{path}")))
            .header("Authorization", basic(session.unwrap_or(PUBLIC_TOKEN)))
            .json(&body)
            .send()
            .await
            .unwrap();
        Self::reply(resp).await
    }

    /// POST a body as given (not necessarily JSON) to an SDK path, with the public token.
    pub async fn post_raw(&self, path: &str, content_type: &str, body: impl Into<reqwest::Body>) -> Reply {
        let resp = self
            .http
            .post(self.url(&format!("/sdk/v1{path}")))
            .header("Authorization", basic(PUBLIC_TOKEN))
            .header("Content-Type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        Self::reply(resp).await
    }

    pub async fn get(&self, path: &str, session: Option<&str>) -> Reply {
        let resp = self
            .http
            .get(self.url(&format!("/sdk/v1{path}")))
            .header("Authorization", basic(session.unwrap_or(PUBLIC_TOKEN)))
            .send()
            .await
            .unwrap();
        Self::reply(resp).await
    }

    /// A backend-API call (`/v1...`) with the secret of the path's project
    /// ([`backend_auth_for`]); the reply is not enveloped.
    pub async fn backend(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Reply {
        self.backend_as(&backend_auth_for(path), method, path, body).await
    }

    /// A backend-API call with these credentials.
    pub async fn backend_as(&self, auth: &str, method: reqwest::Method, path: &str, body: Option<Value>) -> Reply {
        let mut req = self.http.request(method, self.url(path)).header("Authorization", auth);
        if let Some(b) = body {
            req = req.json(&b);
        }
        Self::reply(req.send().await.unwrap()).await
    }

    pub async fn backend_post(&self, path: &str, body: Value) -> Reply {
        self.backend(reqwest::Method::POST, path, Some(body)).await
    }

    pub async fn control_get(&self, path: &str) -> Value {
        self.http.get(self.url(path)).send().await.unwrap().json().await.unwrap()
    }

    pub async fn control_post(&self, path: &str, body: Value) -> Value {
        self.http.post(self.url(path)).json(&body).send().await.unwrap().json().await.unwrap()
    }

    pub async fn control_put(&self, path: &str, body: Value) -> Value {
        self.http.put(self.url(path)).json(&body).send().await.unwrap().json().await.unwrap()
    }

    pub async fn advance_clock(&self, seconds: i64) {
        self.control_post("/_emulator/clock", json!({ "advance_seconds": seconds })).await;
    }

    pub async fn now_unix(&self) -> u64 {
        self.control_get("/_emulator/clock").await["now_unix"].as_u64().unwrap()
    }

    /// The newest code sent to this phone number.
    pub async fn last_sms_code(&self, phone: &str) -> String {
        let outbox = self.control_get(&format!("/_emulator/outbox?to={}", phone.replace('+', "%2B"))).await;
        let messages = outbox["messages"].as_array().unwrap();
        messages.last().expect("an SMS was sent")["code"].as_str().unwrap().to_string()
    }

    /// The newest message the outbox holds for this email address.
    pub async fn last_email(&self, email: &str) -> Value {
        let outbox = self.control_get(&format!("/_emulator/outbox?to={email}")).await;
        outbox["messages"].as_array().unwrap().last().expect("an email was sent").clone()
    }

    /// `discovery.intermediateSessions.exchange` on the SDK API: the discovery session's IST
    /// enters the organization.
    pub async fn enter_organization(&self, ist: &str, organization_id: &str) -> Reply {
        let body = json!({"intermediate_session_token": ist, "organization_id": organization_id});
        self.post("/b2b/discovery/intermediate_sessions/exchange", body, None).await
    }

    pub async fn outbox_len(&self) -> usize {
        self.control_get("/_emulator/outbox").await["messages"].as_array().unwrap().len()
    }

    pub async fn password_login(&self, org: &str, email: &str) -> Value {
        self.post(
            "/b2b/passwords/authenticate",
            json!({"organization_id": org, "email_address": email, "password": PASSWORD, "session_duration_minutes": 60}),
            None,
        )
        .await
        .data()
        .clone()
    }

    /// A TOTP code for the emulator's current time, by an implementation independent of the emulator's.
    pub async fn totp_code(&self, secret: &str, steps_offset: i64) -> String {
        let t = (self.now_unix().await as i64 + steps_offset * 30) as u64;
        totp::code(secret, t)
    }

    /// Verifies a member session JWT's RS256 signature against the B2B project's JWKS,
    /// returns its claims.
    pub async fn verify_jwt(&self, jwt: &str) -> Value {
        self.verify_jwt_at(jwt, &format!("/v1/b2b/sessions/jwks/{PROJECT_ID}"), PROJECT_ID).await.expect("valid RS256 JWT")
    }

    /// Verifies a JWT as a backend SDK does: against the JWKS at `jwks_path` (by the header's
    /// `kid`), with `project_id` as audience and `stytch.com/{project_id}` as issuer. The
    /// error says which check failed.
    pub async fn verify_jwt_at(&self, jwt: &str, jwks_path: &str, project_id: &str) -> Result<Value, String> {
        let jwks = self.control_get(jwks_path).await;
        let header = jsonwebtoken::decode_header(jwt).map_err(|e| e.to_string())?;
        let keys = jwks["keys"].as_array().ok_or("no keys")?;
        let key = keys.iter().find(|k| k["kid"].as_str() == header.kid.as_deref()).ok_or("no key with the JWT's kid")?;
        let dk = jsonwebtoken::DecodingKey::from_rsa_components(key["n"].as_str().unwrap(), key["e"].as_str().unwrap()).unwrap();
        let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
        v.set_audience(&[project_id]);
        v.set_issuer(&[format!("stytch.com/{project_id}")]);
        // The emulator's clock may be advanced past the real one; check the signature here and
        // the times in the tests that care.
        v.validate_exp = false;
        jsonwebtoken::decode::<Value>(jwt, &dk, &v).map(|d| d.claims).map_err(|e| e.to_string())
    }
}

// members (#22): SDK calls with any HTTP method, and a seeded member's live session.
impl Harness {
    /// A call to an SDK path (`/sdk/v1...`) with this method, the public token and the session
    /// token when given.
    pub async fn sdk(&self, method: reqwest::Method, path: &str, body: Option<Value>, session: Option<&str>) -> Reply {
        let mut req =
            self.http.request(method, self.url(&format!("/sdk/v1{path}"))).header("Authorization", basic(session.unwrap_or(PUBLIC_TOKEN)));
        if let Some(b) = body {
            req = req.json(&b);
        }
        Self::reply(req.send().await.unwrap()).await
    }

    /// A live member session of a seeded member: the password, then (when the login asks for
    /// MFA) the SMS code sent at login.
    pub async fn session_of(&self, member: &SeedMember) -> String {
        let login = self.password_login(member.organization_id, member.email).await;
        if let Some(token) = login["session_token"].as_str().filter(|t| !t.is_empty()) {
            return token.to_string();
        }
        let ist = login["intermediate_session_token"].as_str().unwrap();
        let code = self.last_sms_code(member.phone).await;
        let auth =
            json!({"organization_id": member.organization_id, "member_id": member.id, "intermediate_session_token": ist, "code": code});
        self.post("/b2b/otps/sms/authenticate", auth, None).await.data()["session_token"].as_str().unwrap().to_string()
    }
}

pub fn factor_types(session: &Value) -> Vec<String> {
    session["authentication_factors"].as_array().unwrap().iter().map(|f| f["type"].as_str().unwrap().to_string()).collect()
}

/// The emulator binary, running; killed (SIGKILL) when dropped.
pub struct Running {
    pub child: std::process::Child,
    pub ready: Value,
}

impl Running {
    pub fn base_url(&self) -> String {
        self.ready["base_url"].as_str().unwrap().to_string()
    }

    /// Resident memory in KiB, from /proc.
    pub fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }

    /// CPU time used so far (user + system), in clock ticks, from /proc.
    pub fn cpu_ticks(&self) -> u64 {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap();
        let after_name = &stat[stat.rfind(')').unwrap() + 2..];
        let fields: Vec<&str> = after_name.split_whitespace().collect();
        fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the emulator (the native binary, or the npm bin: [`npm_host`]) with these flags and
/// waits for its ready line.
pub fn spawn(args: &[&str]) -> Running {
    use std::io::{BufRead, BufReader};
    let mut child = emulator_process().args(args).stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::null()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let ready: Value = serde_json::from_str(&line).unwrap_or_else(|_| panic!("ready line is JSON: {line:?}"));
    Running { child, ready }
}
