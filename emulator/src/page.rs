//! `GET /`: a small page for a developer clicking through the demo, showing organizations,
//! members and the outbox (the codes and links they need).

use axum::{extract::State, response::Html};

use crate::state::App;
use crate::util::html_escape as e;

pub async fn index(State(app): State<App>) -> Html<String> {
    let w = app.world();
    let mut html = String::from(concat!(
        "<!doctype html><html><head><meta charset=utf-8><title>Stytch emulator</title>",
        "<meta http-equiv=refresh content=5>",
        "<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse;margin:.5em 0 1.5em}",
        "td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}code{background:#f4f4f4;padding:0 .2em}</style></head><body>",
        "<h1>Stytch B2B emulator</h1>"
    ));
    html += &format!(
        "<p>Project <code>{}</code>, public token <code>{}</code>. Every seeded member's password is <code>mfa-demo-password</code>. This page refreshes every 5 seconds.</p>",
        e(&w.project.project_id),
        e(&w.project.public_token)
    );
    html += "<h2>Outbox (newest first)</h2><table><tr><th>sent</th><th>to</th><th>channel</th><th>code / link</th></tr>";
    for m in w.outbox.iter().rev().take(50) {
        let what = m.code.clone().or_else(|| m.magic_link_url.clone()).unwrap_or_default();
        html += &format!("<tr><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>", e(&m.sent_at), e(&m.to), e(&m.channel), e(&what));
    }
    html += "</table><h2>Organizations</h2>";
    for o in w.organizations.values() {
        html += &format!(
            "<h3>{} <small>(<code>{}</code>)</small></h3><p>MFA policy {}, methods {}{}</p>",
            e(&o.organization_name),
            e(&o.organization_id),
            e(&o.mfa_policy),
            e(&o.mfa_methods),
            if o.mfa_methods == "RESTRICTED" { format!(" ({})", e(&o.allowed_mfa_methods.join(", "))) } else { String::new() }
        );
        html += "<table><tr><th>email</th><th>member id</th><th>enrolled</th><th>phone</th><th>TOTP</th><th>default</th></tr>";
        for m in w.members.values().filter(|m| m.organization_id == o.organization_id) {
            html += &format!(
                "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                e(&m.email_address),
                e(&m.member_id),
                if m.mfa_enrolled { "yes" } else { "no" },
                e(&m.mfa_phone_number),
                if m.verified_totp().is_some() { "yes" } else { "no" },
                e(&m.default_mfa_method)
            );
        }
        html += "</table>";
    }
    html += "</body></html>";
    Html(html)
}
