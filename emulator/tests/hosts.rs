//! Which host names reach what, over real HTTP: the control API and the console answer only
//! loopback names and those allowed with `--allowed-host` (a page under a rebound DNS name
//! sends no Origin, only its Host), while the SDK and backend APIs answer any name; and every
//! HTML page refuses to be framed and runs under a CSP.

mod common;

use common::*;

/// The paths a DNS-rebinding page wants: the secret, the codes sent, the signing key, the
/// live sessions, and the console that shows them all.
const CONTROL_AND_CONSOLE: [&str; 6] =
    ["/_emulator/project", "/_emulator/outbox", "/_emulator/state", "/_emulator/sessions", "/", "/_console/console.js"];

/// GET `path` with this Host header; no Origin, as a same-origin page's GET sends none.
async fn get_as(h: &Harness, host: &str, path: &str) -> reqwest::Response {
    h.http.get(h.url(path)).header("Host", host).send().await.unwrap()
}

fn port(h: &Harness) -> u16 {
    h.emulator.addr.port()
}

#[tokio::test]
async fn a_foreign_host_name_is_refused_the_control_api_and_the_console() {
    let h = Harness::start().await;
    for host in ["rebind.example".to_string(), format!("rebind.example:{}", port(&h)), format!("127.0.0.1.rebind.example:{}", port(&h))] {
        for path in CONTROL_AND_CONSOLE {
            let resp = get_as(&h, &host, path).await;
            assert!(resp.headers()["content-type"].to_str().unwrap().starts_with("application/json"), "{host} {path}");
            let reply = Reply::from_response(resp).await;
            reply.assert_error(403, "host_not_allowed");
            assert!(reply.body["error_message"].as_str().unwrap().contains("--allowed-host"), "{}", reply.body);
            assert!(!reply.body.to_string().contains(&h.emulator.secret), "{host} {path}");
        }
    }
    // Writes too: a rebound page cannot reset the world or move the clock.
    let resp = h.http.post(h.url("/_emulator/reset")).header("Host", "rebind.example").json(&serde_json::json!({})).send().await.unwrap();
    Reply::from_response(resp).await.assert_error(403, "host_not_allowed");
}

#[tokio::test]
async fn loopback_names_and_allowed_names_reach_the_control_api_and_the_console() {
    let h = Harness::start_with(stytch_emulator::Config { port: 0, allowed_hosts: vec!["devbox.lan".into()], ..Default::default() }).await;
    let p = port(&h);
    for host in [
        format!("127.0.0.1:{p}"),
        format!("localhost:{p}"),
        format!("LOCALHOST:{p}"),
        format!("[::1]:{p}"),
        "127.0.0.2".into(),
        "devbox.lan".into(),
        format!("DevBox.lan:{p}"),
    ] {
        for path in CONTROL_AND_CONSOLE {
            assert_eq!(get_as(&h, &host, path).await.status(), 200, "{host} {path}");
        }
        let project: serde_json::Value = get_as(&h, &host, "/_emulator/project").await.json().await.unwrap();
        assert_eq!(project["secret"], h.emulator.secret.as_str());
    }
    // Allowing one name allows no other.
    Reply::from_response(get_as(&h, "sub.devbox.lan", "/_emulator/project").await).await.assert_error(403, "host_not_allowed");
}

#[tokio::test]
async fn the_sdk_and_backend_apis_answer_any_host_name() {
    let h = Harness::start().await;
    let host = "stytch-emulator:9797"; // a container name, say
    let bootstrap = get_as(&h, host, &format!("/sdk/v1/projects/bootstrap/{PUBLIC_TOKEN}")).await;
    assert_eq!(bootstrap.status(), 200);
    let login = h
        .http
        .post(h.url("/sdk/v1/b2b/passwords/authenticate"))
        .header("Host", host)
        .header("Authorization", basic(PUBLIC_TOKEN))
        .json(&serde_json::json!({"organization_id": GLOBEX, "email_address": "optional.member@globex.test", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    let org = h.http.get(h.url(&format!("/v1/b2b/organizations/{ACME}"))).header("Host", host).header("Authorization", backend_auth());
    assert_eq!(org.send().await.unwrap().status(), 200);
    let consent = get_as(&h, host, &format!("/v1/b2b/public/oauth/google/start?public_token={PUBLIC_TOKEN}&slug=acme")).await;
    assert_eq!(consent.status(), 200);
    assert!(consent.text().await.unwrap().contains("Continue as"));
}

/// Status line of a raw exchange.
fn status_of(answer: &str) -> &str {
    answer.split("\r\n").next().unwrap_or("")
}

#[tokio::test]
async fn every_host_a_request_names_is_checked_and_a_request_naming_none_passes() {
    let h = Harness::start().await;
    // The absolute-form target names the host the client meant; the Host header is not enough.
    let absolute = h.raw(b"GET http://rebind.example/_emulator/project HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").await;
    assert!(status_of(&absolute).starts_with("HTTP/1.1 403 "), "{absolute}");
    assert!(absolute.contains("\"host_not_allowed\"") && !absolute.contains(&h.emulator.secret));
    let absolute = h.raw(b"GET http://localhost/_emulator/project HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").await;
    assert!(status_of(&absolute).starts_with("HTTP/1.1 200 "), "{absolute}");
    // Two Host headers: each must be allowed.
    let twice = h.raw(b"GET /_emulator/project HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: rebind.example\r\nConnection: close\r\n\r\n").await;
    assert!(status_of(&twice).starts_with("HTTP/1.1 403 "), "{twice}");
    // Not a host name at all.
    let garbage = h.raw(b"GET /_emulator/project HTTP/1.1\r\nHost: \xff\xfe\r\nConnection: close\r\n\r\n").await;
    assert!(status_of(&garbage).starts_with("HTTP/1.1 403 "), "{garbage}");
    // No Host: an HTTP/1.0 tool, not a browser page (browsers always send one).
    let none = h.raw(b"GET /_emulator/project HTTP/1.0\r\n\r\n").await;
    assert!(status_of(&none).starts_with("HTTP/1.0 200 ") || status_of(&none).starts_with("HTTP/1.1 200 "), "{none}");
}

#[tokio::test]
async fn every_html_page_refuses_to_be_framed_and_runs_under_a_csp() {
    let h = Harness::start().await;
    let pages = [
        "/".to_string(),
        format!("/v1/b2b/public/oauth/google/start?public_token={PUBLIC_TOKEN}&slug=acme"),
        format!("/v1/b2b/public/oauth/microsoft/start?public_token={PUBLIC_TOKEN}&organization_id={ACME}"),
        format!("/v1/public/sso/start?public_token={PUBLIC_TOKEN}&connection_id={GLOBEX_SAML}"),
    ];
    for path in &pages {
        let resp = h.http.get(h.url(path)).send().await.unwrap();
        assert_eq!(resp.status(), 200, "{path}");
        let headers = resp.headers();
        assert!(headers["content-type"].to_str().unwrap().starts_with("text/html"), "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        let csp = headers["content-security-policy"].to_str().unwrap();
        let directives: Vec<&str> = csp.split(';').map(str::trim).collect();
        assert!(directives.contains(&"frame-ancestors 'none'"), "{path}: {csp}");
        assert!(directives.contains(&"default-src 'none'"), "{path}: {csp}");
        // No inline script anywhere; the consent pages no script at all.
        let script_src = directives.iter().find(|d| d.starts_with("script-src"));
        assert!(script_src.is_none_or(|d| !d.contains("unsafe")), "{path}: {csp}");
        if path != "/" {
            assert!(!csp.contains("script-src"), "{path}: {csp}");
            // Chromium would apply it to the consent form's redirect to the app.
            assert!(!csp.contains("form-action"), "{path}: {csp}");
        } else {
            assert!(directives.contains(&"script-src 'self'"), "{csp}");
        }
    }
    // JSON answers are not pages: they carry no page headers.
    let json = h.http.get(h.url("/_emulator/project")).send().await.unwrap();
    assert!(json.headers().get("x-frame-options").is_none());
}
