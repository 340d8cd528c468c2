//! The binary: its ready line, its flags, and `--state` persistence across a restart.

mod common;

use std::process::Command;

use common::*;
use serde_json::{json, Value};

fn post(base: &str, path: &str, body: Value, secret: &str) -> Value {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        reqwest::Client::new()
            .post(format!("{base}/sdk/v1{path}"))
            .header("Authorization", basic(secret))
            .json(&body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    })
}

#[test]
fn prints_a_parseable_ready_line() {
    let r = spawn(&["--port", "0"]);
    assert_eq!(r.ready["event"], "ready");
    assert_eq!(r.ready["public_token"], PUBLIC_TOKEN);
    assert_eq!(r.ready["project_id"], PROJECT_ID);
    assert_eq!(r.ready["consumer"]["project_id"], CONSUMER_PROJECT_ID);
    assert_eq!(r.ready["consumer"]["secret"], CONSUMER_SECRET);
    assert!(r.ready["base_url"].as_str().unwrap().starts_with("http://127.0.0.1:"));
}

#[test]
fn state_survives_a_restart() {
    let dir = std::env::temp_dir().join(format!("stytch-emulator-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("state.json");
    let _ = std::fs::remove_file(&state);
    let state_arg = state.to_str().unwrap();

    let first = spawn(&["--port", "0", "--state", state_arg]);
    let base = first.ready["base_url"].as_str().unwrap().to_string();
    let d = post(
        &base,
        "/b2b/passwords/authenticate",
        json!({"organization_id": GLOBEX, "email_address": "optional.member@globex.test", "password": PASSWORD}),
        PUBLIC_TOKEN,
    );
    let token = d["data"]["session_token"].as_str().unwrap().to_string();
    let session_id = d["data"]["member_session"]["member_session_id"].clone();
    drop(first);
    assert!(state.exists());
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(files, vec![std::ffi::OsString::from("state.json")], "written atomically: no temporary file left");
    let saved: Value = serde_json::from_slice(&std::fs::read(&state).unwrap()).unwrap();
    assert!(saved["world"]["members"].as_object().unwrap().contains_key(GLOBEX_OPTIONAL.id));

    let second = spawn(&["--port", "0", "--state", state_arg]);
    let base = second.ready["base_url"].as_str().unwrap().to_string();
    let d = post(&base, "/b2b/sessions/authenticate", json!({}), &token);
    assert_eq!(d["data"]["member_session"]["member_session_id"], session_id);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn custom_seed_file_replaces_the_default() {
    let dir = std::env::temp_dir().join(format!("stytch-emulator-seed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let seed = dir.join("seed.json");
    std::fs::write(
        &seed,
        json!({
            "project": {"project_id": "project-test-custom", "public_token": "public-token-test-custom", "name": "Custom"},
            "organizations": [{"organization_id": "organization-test-solo", "organization_name": "Solo", "organization_slug": "solo",
                               "mfa_policy": "OPTIONAL", "members": [{"member_id": "member-test-solo", "email_address": "solo@solo.test", "password": "pw-123456"}]}]
        })
        .to_string(),
    )
    .unwrap();
    let r = spawn(&["--port", "0", "--seed", seed.to_str().unwrap()]);
    assert_eq!(r.ready["public_token"], "public-token-test-custom");
    let _ = std::fs::remove_dir_all(&dir);

    // A broken seed is refused with a message, not a panic.
    let out = emulator_process().args(["--port", "0", "--seed", "/nonexistent/seed.json"]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("reading seed"));
}

#[test]
fn print_seed_prints_the_built_in_seed() {
    let out = emulator_process().arg("--print-seed").output().unwrap();
    let seed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(seed["project"]["public_token"], PUBLIC_TOKEN);
}

#[test]
fn a_damaged_state_file_is_refused_with_what_to_do() {
    let dir = std::env::temp_dir().join(format!("stytch-emulator-damaged-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("state.json");
    for content in [&b""[..], b"{\"world\": ", b"[1, 2, 3]"] {
        std::fs::write(&state, content).unwrap();
        let out = emulator_process().args(["--port", "0", "--state", state.to_str().unwrap()]).output().unwrap();
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("cannot be used") && err.contains("move the file aside"), "{err}");
        assert_eq!(std::fs::read(&state).unwrap(), content, "the damaged file is left as it was");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Starts the binary with a pipe on stdin (as the pytest plugin does) and reads its ready line.
fn spawn_with_stdin_pipe(args: &[&str]) -> (std::process::Child, Value) {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let mut child = emulator_process().args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    (child, serde_json::from_str(&line).unwrap())
}

/// What the Python package relies on so that no emulator outlives its test run, even one
/// killed with SIGKILL: the OS closes the pipe, and the emulator stops.
#[test]
fn stops_when_its_stdin_closes_with_the_flag() {
    let (mut child, ready) = spawn_with_stdin_pipe(&["--port", "0", "--stop-when-stdin-closes"]);
    assert_eq!(ready["event"], "ready");
    drop(child.stdin.take());
    // A guard against a hang if the emulator ignored the closed stdin: it is then killed, and
    // the exit status below (killed, not a clean exit) fails the test.
    let pid = child.id();
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(60));
        let _ = Command::new("kill").args(["-KILL", &pid.to_string()]).status();
    });
    let status = child.wait().unwrap();
    assert!(status.success(), "a clean stop, as on SIGTERM: {status}");
}

/// Without the flag a closed stdin changes nothing: spawners that give it no stdin at all
/// (`/dev/null`, as the Node tests do) keep a running emulator.
#[test]
fn keeps_serving_after_its_stdin_closes_without_the_flag() {
    let (mut child, ready) = spawn_with_stdin_pipe(&["--port", "0"]);
    drop(child.stdin.take());
    let base = ready["base_url"].as_str().unwrap().to_string();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let clock: Value = rt.block_on(async { reqwest::get(format!("{base}/_emulator/clock")).await.unwrap().json().await.unwrap() });
    assert!(clock["now_unix"].as_i64().unwrap() > 0);
    assert!(child.try_wait().unwrap().is_none(), "still running");
    child.kill().unwrap();
    child.wait().unwrap();
}
