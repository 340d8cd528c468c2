//! The reliability figures for the emulator: races for single-use things, and a corpus of
//! hostile inputs against every SDK and control endpoint. Run with `-- --nocapture` to see
//! the figures (`scripts/reliability.sh` does).

mod common;

use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};

const TRIALS: usize = 20;
const RACERS: usize = 8;

/// Sends the same request `RACERS` times at once; returns how many succeeded.
async fn race(h: &Harness, path: &str, body: Value, session: Option<&str>) -> usize {
    let replies = join_all((0..RACERS).map(|_| h.post(path, body.clone(), session)).collect()).await;
    for r in &replies {
        assert!(r.status < 500, "{path}: {} {}", r.status, r.body);
    }
    replies.iter().filter(|r| r.status == 200).count()
}

/// Polls every request future together, so their requests are in flight at once.
async fn join_all<F: std::future::Future<Output = Reply>>(calls: Vec<F>) -> Vec<Reply> {
    let mut pinned: Vec<_> = calls.into_iter().map(Box::pin).collect();
    let mut results: Vec<Option<Reply>> = (0..pinned.len()).map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (i, f) in pinned.iter_mut().enumerate() {
            if results[i].is_none() {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(r) => results[i] = Some(r),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    results.into_iter().map(Option::unwrap).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn single_use_things_succeed_exactly_once_under_concurrent_use() {
    let h = Harness::start_with_limits(json!({"sms_sends_per_phone": 100000, "sms_sends_per_member": 100000})).await;
    let mut cases: Vec<(&str, usize)> = Vec::new();
    let mut total = 0;
    for _ in 0..TRIALS {
        h.control_post("/_emulator/reset", json!({})).await;
        // One SMS code, one IST, many tabs.
        let ist = h.password_login(ACME, "sms.member@acme.test").await["intermediate_session_token"].as_str().unwrap().to_string();
        let code = h.last_sms_code("+15555550102").await;
        let body = json!({"organization_id": ACME, "member_id": ACME_SMS.id, "code": code, "session_duration_minutes": 60, "intermediate_session_token": ist});
        cases.push(("SMS code + IST", race(&h, "/b2b/otps/sms/authenticate", body, None).await));
        // One TOTP code (replay protection) with separate ISTs.
        let code = h.totp_code(ACME_TOTP.totp_secret, 0).await;
        let mut bodies = Vec::new();
        for _ in 0..RACERS {
            let ist = h.password_login(ACME, "totp.member@acme.test").await["intermediate_session_token"].as_str().unwrap().to_string();
            bodies.push(json!({"organization_id": ACME, "member_id": ACME_TOTP.id, "code": code, "session_duration_minutes": 60, "intermediate_session_token": ist}));
        }
        let replies = join_all(bodies.into_iter().map(|b| h.post("/b2b/totp/authenticate", b, None)).collect()).await;
        cases.push(("TOTP code replay", replies.iter().filter(|r| r.status == 200).count()));
        // One recovery code.
        let ist = h.password_login(ACME, "totp.member@acme.test").await["intermediate_session_token"].as_str().unwrap().to_string();
        let body = json!({"organization_id": ACME, "member_id": ACME_TOTP.id, "recovery_code": "acme-0001-rc01", "session_duration_minutes": 60, "intermediate_session_token": ist});
        cases.push(("recovery code", race(&h, "/b2b/recovery_codes/recover", body, None).await));
        // One magic link.
        h.post(
            "/b2b/magic_links/email/login_or_signup",
            json!({"organization_id": GLOBEX, "email_address": "optional.member@globex.test"}),
            None,
        )
        .await
        .data();
        let outbox = h.control_get("/_emulator/outbox?to=optional.member@globex.test").await;
        let token = outbox["messages"].as_array().unwrap().last().unwrap()["magic_link_token"].as_str().unwrap().to_string();
        cases.push((
            "magic link",
            race(&h, "/b2b/magic_links/authenticate", json!({"magic_links_token": token, "session_duration_minutes": 60}), None).await,
        ));
        // oauth24: one authorization code, then one public client's refresh token (it rotates).
        let (code_wins, refresh_wins) = connected_app_races(&h).await;
        cases.push(("authorization code", code_wins));
        cases.push(("public client's refresh token", refresh_wins));
        total += 1;
    }
    let mut names: Vec<&str> = cases.iter().map(|(n, _)| *n).collect();
    names.dedup();
    names.sort();
    names.dedup();
    for name in &names {
        let wins: Vec<usize> = cases.iter().filter(|(n, _)| n == name).map(|(_, w)| *w).collect();
        assert!(wins.iter().all(|w| *w == 1), "{name}: successes per trial {wins:?}");
    }
    println!("races: {} cases x {total} trials x {RACERS} concurrent requests: exactly one success every time", names.len());
}

/// oauth24: `RACERS` token requests at once with one authorization code, then with the
/// refresh token the winner got (a public client's, which rotates): how many succeeded of each.
async fn connected_app_races(h: &Harness) -> (usize, usize) {
    use base64::Engine;
    const REDIRECT: &str = "http://localhost:4000/callback";
    const VERIFIER: &str = "a-verifier-of-forty-three-characters-or-more-0123456789";
    let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(<sha2::Sha256 as sha2::Digest>::digest(VERIFIER));
    let made =
        h.backend_post("/v1/connected_apps/clients", json!({"client_type": "first_party_public", "redirect_urls": [REDIRECT]})).await;
    let client_id = made.ok()["connected_app"]["client_id"].as_str().unwrap().to_string();
    let session = h.session_of(&ACME_SMS).await;
    let authorize = json!({
        "client_id": client_id, "redirect_uri": REDIRECT, "response_type": "code", "scopes": ["openid", "offline_access"],
        "session_token": session, "consent_granted": true, "code_challenge": challenge,
    });
    let code = h.backend_post("/v1/b2b/idp/oauth/authorize", authorize).await.ok()["authorization_code"].as_str().unwrap().to_string();
    let token = |fields: Vec<(&'static str, String)>| {
        let request = h.http.post(h.url("/v1/oauth2/token")).form(&fields);
        async move { Reply::from_response(request.send().await.unwrap()).await }
    };
    let wins = |replies: &[Reply]| {
        assert!(replies.iter().all(|r| r.status < 500), "{:?}", replies.iter().map(|r| &r.body).collect::<Vec<_>>());
        replies.iter().filter(|r| r.status == 200).count()
    };
    let exchange = vec![
        ("grant_type", "authorization_code".into()),
        ("code", code),
        ("code_verifier", VERIFIER.into()),
        ("client_id", client_id.clone()),
    ];
    let replies = join_all((0..RACERS).map(|_| token(exchange.clone())).collect()).await;
    let code_wins = wins(&replies);
    let Some(refresh) = replies.iter().find_map(|r| r.body["refresh_token"].as_str()) else { return (code_wins, 0) };
    let refreshing = vec![("grant_type", "refresh_token"), ("refresh_token", refresh), ("client_id", &client_id)];
    let refreshing: Vec<(&'static str, String)> = refreshing.into_iter().map(|(k, v)| (k, v.to_string())).collect();
    let replies = join_all((0..RACERS).map(|_| token(refreshing.clone())).collect()).await;
    (code_wins, wins(&replies))
}

/// Bodies no client should send.
fn hostile_bodies() -> Vec<(&'static str, Vec<u8>)> {
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let fields = [
        "organization_id",
        "member_id",
        "code",
        "email_address",
        "password",
        "intermediate_session_token",
        "magic_links_token",
        "recovery_code",
        "mfa_phone_number",
        "session_duration_minutes",
        "expiration_minutes",
        "advance_seconds",
        "path",
        "status",
        "delay_ms",
        "login_redirect_url",
        "signup_redirect_url",
        "reset_password_redirect_url",
        "url",
        "valid_types",
        // The discovery login's own fields.
        "discovery_redirect_url",
        "discovery_magic_links_token",
        "pkce_code_challenge",
        "pkce_code_verifier",
        "organization_name",
        "organization_slug",
        "mfa_policy",
        // Members search.
        "organization_ids",
        "cursor",
        "limit",
        "query",
        // #22 flows: email OTP, resets, OAuth discovery, invites.
        "login_expiration_minutes",
        "signup_expiration_minutes",
        "discovery_expiration_minutes",
        "password_reset_token",
        "reset_password_expiration_minutes",
        "discovery_oauth_token",
        "invite_redirect_url",
        "invite_expiration_minutes",
        "name",
        "session_token",
        "session_jwt",
        // members (#22): member and organization settings, roles.
        "untrusted_metadata",
        "trusted_metadata",
        "mfa_enrolled",
        "default_mfa_method",
        "roles",
        "mfa_methods",
        "allowed_mfa_methods",
        "rbac_email_implicit_role_assignments",
        // console22: the console's RBAC policy editor.
        "rbac_policy",
        // rest22: email updates, retired emails, access-token exchange and attestation.
        "email_id",
        "unlink_email",
        "delivery_method",
        "login_template_id",
        "access_token",
        "profile_id",
        "token",
        "trusted_token_profiles",
        // core21: fields the protocol's request types read that the emulator's own structs
        // ignored, and what a client adds beside them (PKCE, the consumer API's fields).
        "code_challenge",
        "code_verifier",
        "set_mfa_enrollment",
        "set_default_mfa",
        "is_breakglass",
        "preserve_existing_sessions",
        "create_member_as_pending",
        "auth_methods",
        "allowed_auth_methods",
        "email_jit_provisioning",
        "email_allowed_domains",
        "organization_logo_url",
        "enable_autofill",
        "autofill_session_duration_minutes",
        "locale",
        "member_session_id",
        "phone_number",
        "method_id",
        "user_id",
        "session_id",
        "email",
        // sso24 (#24): SSO connection settings.
        "connection_id",
        "display_name",
        "identity_provider",
        "idp_entity_id",
        "idp_sso_url",
        "x509_certificate",
        "attribute_mapping",
        "saml_connection_implicit_role_assignments",
        "saml_group_implicit_role_assignments",
        "saml_encryption_private_key",
        "signing_private_key",
        "metadata_url",
        "issuer",
        "client_id",
        "client_secret",
        "jwks_url",
        "external_organization_id",
        "external_connection_id",
        "external_group_implicit_role_assignments",
        // scim24: SCIM connections, the SCIM 2.0 service's resources, impersonation.
        "scim_group_implicit_role_assignments",
        "impersonation_token",
        "impersonator_email_address",
        "schemas",
        "userName",
        "externalId",
        "displayName",
        "emails",
        "active",
        "members",
        "Operations",
        // onetap24: Google One Tap's submits and the Google Identity Services stand-in.
        "id_token",
        "email",
        "email_verified",
        "google_client_id",
        // dfp24: DFP Protected Auth and captcha, the stand-in scripts' calls, the Fraud API's
        // lookup and the control API's settings and queue.
        "dfp_telemetry_id",
        "captcha_token",
        "telemetry_id",
        "external_metadata",
        "public_token",
        "visitor_id",
        "site_key",
        "action",
        "verdicts",
        "captcha_outcomes",
        "dfp_protected_auth",
        "captcha",
        // oauth24: the token endpoint's grants, access-token templates, the Connected Apps settings.
        "grant_type",
        "refresh_token",
        "access_token_template_content",
        "idp_authorization_url",
        "idp_dynamic_client_registration_access_token_template_content",
    ];
    let with_all = |v: Value| {
        let mut o = serde_json::Map::new();
        for f in fields {
            o.insert(f.to_string(), v.clone());
        }
        serde_json::to_vec(&Value::Object(o)).unwrap()
    };
    vec![
        ("empty", b"".to_vec()),
        ("{}", b"{}".to_vec()),
        ("null", b"null".to_vec()),
        ("array", b"[1,2,3]".to_vec()),
        ("string", b"\"hello\"".to_vec()),
        ("truncated", b"{\"organization_id\": \"".to_vec()),
        ("deep nesting", deep.into_bytes()),
        ("invalid UTF-8", b"{\"organization_id\": \"\xff\xfe\"}".to_vec()),
        ("NUL and controls", with_all(json!("\u{0}\u{1}\n\t"))),
        ("huge integers", with_all(json!(9_223_372_036_854_775_807i64))),
        ("negative", with_all(json!(-9_223_372_036_854_775_807i64))),
        ("floats", with_all(json!(1.5e300))),
        ("booleans", with_all(json!(true))),
        ("objects", with_all(json!({"$gt": ""}))),
        ("arrays", with_all(json!(["a", "b"]))),
        ("nulls", with_all(Value::Null)),
        ("empty strings", with_all(json!(""))),
        // Long, yet with every field inside the body limit, so the handlers see them (a body
        // over the limit is refused before it is read, and the client may see the connection close).
        // Sized from the field count, so adding fields keeps the body inside the limit.
        ("long strings", with_all(json!("x".repeat(stytch_emulator::limits::MAX_BODY_BYTES * 9 / 10 / fields.len())))),
        ("unicode", with_all(json!("𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u{202e} \u{feff}"))),
        ("duplicate keys", b"{\"code\": \"1\", \"code\": \"2\", \"code\": 3}".to_vec()),
        ("1e999", b"{\"session_duration_minutes\": 1e999, \"advance_seconds\": 1e999}".to_vec()),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_corpus_of_hostile_inputs_never_gets_a_5xx_a_non_json_answer_or_a_hang() {
    let h = Harness::start().await;
    let post_paths = [
        "/sdk/v1/events",
        "/sdk/v1/b2b/passwords/authenticate",
        "/sdk/v1/b2b/magic_links/email/login_or_signup",
        "/sdk/v1/b2b/magic_links/authenticate",
        "/sdk/v1/b2b/otps/sms/send",
        "/sdk/v1/b2b/otps/sms/authenticate",
        "/sdk/v1/b2b/totp",
        "/sdk/v1/b2b/totp/authenticate",
        "/sdk/v1/b2b/recovery_codes/recover",
        "/sdk/v1/b2b/recovery_codes/rotate",
        "/sdk/v1/b2b/sessions/authenticate",
        "/sdk/v1/b2b/sessions/revoke",
        "/sdk/v1/b2b/discovery/intermediate_sessions/exchange",
        "/_emulator/reset",
        "/_emulator/clock",
        "/_emulator/faults",
        "/_emulator/redirect_urls",
        "/v1/b2b/organizations",
        "/v1/b2b/organizations/search",
        "/v1/b2b/passwords/authenticate",
        "/v1/b2b/magic_links/email/login_or_signup",
        "/v1/b2b/magic_links/authenticate",
        "/v1/b2b/otps/sms/send",
        "/v1/b2b/otps/sms/authenticate",
        "/v1/b2b/totp",
        "/v1/b2b/totp/authenticate",
        "/v1/b2b/recovery_codes/recover",
        "/v1/b2b/recovery_codes/rotate",
        "/v1/b2b/sessions/authenticate",
        "/v1/b2b/sessions/revoke",
        "/v1/b2b/discovery/intermediate_sessions/exchange",
        // The discovery login (#22), on both APIs.
        "/sdk/v1/b2b/magic_links/email/discovery/send",
        "/sdk/v1/b2b/magic_links/discovery/authenticate",
        "/sdk/v1/b2b/discovery/organizations",
        "/sdk/v1/b2b/discovery/organizations/create",
        "/v1/b2b/magic_links/email/discovery/send",
        "/v1/b2b/magic_links/discovery/authenticate",
        "/v1/b2b/discovery/organizations",
        "/v1/b2b/discovery/organizations/create",
        &format!("/v1/b2b/organizations/{ACME}/members"),
        "/v1/users",
        "/v1/passwords",
        "/v1/passwords/authenticate",
        "/v1/otps/sms/send",
        "/v1/otps/authenticate",
        "/v1/sessions/authenticate",
        "/v1/sessions/revoke",
        "/sdk/v1/b2b/passwords/email/reset/start",
        "/sdk/v1/b2b/passwords/email/reset",
        "/sdk/v1/b2b/passwords/existing_password/reset",
        "/sdk/v1/b2b/passwords/strength_check",
        "/sdk/v1/b2b/oauth/authenticate",
        "/sdk/v1/b2b/sso/authenticate",
        "/v1/b2b/oauth/authenticate",
        "/v1/b2b/sso/authenticate",
        // An organization's dashboard (#22).
        "/v1/b2b/organizations/members/search",
        "/sdk/v1/b2b/organizations/me/members/search",
        // #22 flows: session exchange and revokeForMember, email OTP, password discovery and
        // resetBySession, OAuth discovery, invites.
        "/sdk/v1/b2b/sessions/exchange",
        "/v1/b2b/sessions/exchange",
        &format!("/sdk/v1/b2b/sessions/revoke/{}", ACME_NEW.id),
        "/sdk/v1/b2b/sessions/revoke/%00",
        "/sdk/v1/b2b/otps/email/login_or_signup",
        "/sdk/v1/b2b/otps/email/authenticate",
        "/sdk/v1/b2b/otps/email/discovery/send",
        "/sdk/v1/b2b/otps/email/discovery/authenticate",
        "/v1/b2b/otps/email/login_or_signup",
        "/v1/b2b/otps/email/authenticate",
        "/v1/b2b/otps/email/discovery/send",
        "/v1/b2b/otps/email/discovery/authenticate",
        "/sdk/v1/b2b/passwords/session/reset",
        "/sdk/v1/b2b/passwords/discovery/reset/start",
        "/sdk/v1/b2b/passwords/discovery/reset",
        "/sdk/v1/b2b/passwords/discovery/authenticate",
        "/v1/b2b/passwords/session/reset",
        "/v1/b2b/passwords/discovery/email/reset/start",
        "/v1/b2b/passwords/discovery/email/reset",
        "/v1/b2b/passwords/discovery/authenticate",
        "/sdk/v1/b2b/oauth/discovery/authenticate",
        "/v1/b2b/oauth/discovery/authenticate",
        "/sdk/v1/b2b/magic_links/email/invite",
        "/v1/b2b/magic_links/email/invite",
        &format!("/_emulator/organizations/{GLOBEX}/invites"),
        "/_emulator/organizations/%00/invites",
        // members (#22): organization.members.create and organization.getBySlug.
        "/sdk/v1/b2b/organizations/members",
        "/sdk/v1/b2b/organizations/search",
        // rest22: email updates, retired emails, access-token exchange and attestation.
        "/sdk/v1/b2b/organizations/members/start_email_update",
        "/sdk/v1/b2b/organizations/members/unlink_retired_email",
        &format!("/sdk/v1/b2b/organizations/members/{}/start_email_update", ACME_NEW.id),
        &format!("/sdk/v1/b2b/organizations/members/{}/unlink_retired_email", ACME_NEW.id),
        "/sdk/v1/b2b/organizations/members/%00/start_email_update",
        &format!("/v1/b2b/organizations/{ACME}/members/{}/start_email_update", ACME_NEW.id),
        &format!("/v1/b2b/organizations/{ACME}/members/{}/unlink_retired_email", ACME_NEW.id),
        "/v1/b2b/organizations/%FF/members/..%2F/unlink_retired_email",
        "/sdk/v1/b2b/sessions/exchange_access_token",
        "/v1/b2b/sessions/exchange_access_token",
        "/sdk/v1/b2b/sessions/attest",
        "/v1/b2b/sessions/attest",
        // apps24: Connected Apps' clients, the authorize calls and the OAuth 2.0 endpoints.
        "/v1/connected_apps/clients",
        "/v1/connected_apps/clients/search",
        "/v1/connected_apps/clients/%00/secrets/rotate/start",
        "/v1/connected_apps/clients/..%2F/secrets/rotate",
        "/v1/connected_apps/clients/x/secrets/rotate/cancel",
        "/v1/b2b/idp/oauth/authorize/start",
        "/v1/b2b/idp/oauth/authorize",
        "/v1/oauth2/token",
        "/v1/oauth2/introspect",
        &format!("/v1/public/{PROJECT_ID}/oauth2/introspect"),
        "/v1/oauth2/revoke",
        "/v1/oauth2/register",
        "/v1/oauth2/userinfo",
        "/sdk/v1/idp/b2b/oauth/authorize/start",
        "/sdk/v1/idp/b2b/oauth/authorize/submit",
        "/sdk/v1/b2b/oauth/logout/start",
        "/sdk/v1/b2b/organizations/members/connected_apps/%00/revoke",
        &format!("/sdk/v1/b2b/organizations/members/{}/connected_apps/..%2F/revoke", ACME_NEW.id),
        &format!("/v1/b2b/organizations/{ACME}/members/{}/connected_apps/x/revoke", ACME_NEW.id),
        // sso24 (#24): SSO connection management.
        "/sdk/v1/b2b/sso/saml",
        "/sdk/v1/b2b/sso/oidc",
        "/sdk/v1/b2b/sso/external",
        &format!("/v1/b2b/sso/saml/{SOYLENT}"),
        &format!("/v1/b2b/sso/oidc/{SOYLENT}"),
        &format!("/v1/b2b/sso/external/{SOYLENT}"),
        "/v1/b2b/sso/saml/%00",
        // scim24: SCIM connections on both APIs, the SCIM 2.0 service (without its token;
        // with it below), impersonation and its control API.
        "/sdk/v1/b2b/scim",
        "/sdk/v1/b2b/scim/groups",
        "/sdk/v1/b2b/scim/rotate/start",
        "/sdk/v1/b2b/scim/rotate/complete",
        "/sdk/v1/b2b/scim/rotate/cancel",
        &format!("/v1/b2b/scim/{ACME}/connection"),
        &format!("/v1/b2b/scim/{ACME}/connection/x/rotate/start"),
        "/v1/b2b/scim/%00/connection/..%2F/rotate/complete",
        "/v1/b2b/scim/x/Users",
        "/v1/b2b/scim/%FF/Groups",
        "/sdk/v1/b2b/impersonation/authenticate",
        "/v1/b2b/impersonation/authenticate",
        "/_emulator/impersonation_tokens",
        // onetap24: Google One Tap's submits and the stand-in's credential endpoint.
        "/sdk/v1/b2b/oauth/google/onetap/submit",
        "/sdk/v1/b2b/oauth/google/onetap/discovery/submit",
        "/gsi/credential",
        // dfp24: the stand-in scripts' calls, the Fraud API's lookup, the verdict queue.
        "/submit",
        "/recaptcha/enterprise/execute",
        "/v1/fingerprint/lookup",
        "/_emulator/protected_auth/queue",
    ];
    let put_paths = [
        format!("/v1/b2b/organizations/{ACME}"),
        format!("/v1/b2b/organizations/{ACME}/members/{}", ACME_NEW.id),
        "/_emulator/state".into(),
        format!("/_emulator/organizations/{ACME}"),
        // The frontend-SDK settings (#22).
        "/_emulator/frontend_sdk".into(),
        // members (#22): self.update, organization.update, organization.members.update and reactivate.
        "/sdk/v1/b2b/organizations/members/update".into(),
        // apps24: a Connected App client.
        "/v1/connected_apps/clients/%00".into(),
        "/sdk/v1/b2b/organizations/me".into(),
        format!("/sdk/v1/b2b/organizations/members/{}", ACME_NEW.id),
        format!("/sdk/v1/b2b/organizations/members/{}/reactivate", ACME_NEW.id),
        format!("/v1/b2b/organizations/{ACME}/members/{}/reactivate", ACME_NEW.id),
        // console22: the console's RBAC policy editor and member editor.
        "/_emulator/rbac_policy".into(),
        format!("/_emulator/organizations/{SOYLENT}/members/{}", SOYLENT_PLAIN.id),
        "/_emulator/organizations/%00/members/%FF".into(),
        // rest22: the trusted auth token profiles.
        "/_emulator/trusted_token_profiles".into(),
        // apps24: a Connected App client's update.
        "/v1/connected_apps/clients/%00%FF".into(),
        // sso24 (#24): SSO connection management.
        format!("/sdk/v1/b2b/sso/saml/{GLOBEX_SAML}"),
        format!("/sdk/v1/b2b/sso/saml/{GLOBEX_SAML}/url"),
        format!("/sdk/v1/b2b/sso/oidc/{ACME_OIDC}"),
        "/sdk/v1/b2b/sso/external/%00".into(),
        format!("/v1/b2b/sso/saml/{GLOBEX}/connections/{GLOBEX_SAML}"),
        format!("/v1/b2b/sso/saml/{GLOBEX}/connections/{GLOBEX_SAML}/url"),
        format!("/v1/b2b/sso/oidc/{ACME}/connections/{ACME_OIDC}"),
        format!("/v1/b2b/sso/external/{SOYLENT}/connections/..%2F"),
        // scim24.
        "/sdk/v1/b2b/scim/%00".into(),
        format!("/v1/b2b/scim/{ACME}/connection/x"),
        "/v1/b2b/scim/x/Users/%00".into(),
        "/v1/b2b/scim/x/Groups/y".into(),
        // onetap24: the project's Google client id.
        "/_emulator/google_one_tap".into(),
        // dfp24: the DFP Protected Auth and captcha settings.
        "/_emulator/protected_auth".into(),
        // oauth24: the project's Connected Apps settings.
        "/_emulator/connected_apps".into(),
    ];
    let get_paths = [
        "/sdk/v1/projects/bootstrap/%00", "/sdk/v1/projects/bootstrap/..%2F..%2F", "/v1/b2b/sessions/jwks/%FF", "/sdk/v1/b2b/recovery_codes",
        "/_emulator/organizations", "/_emulator/outbox?to=%FF%FE", "/_emulator/outbox?to[]=1&to=2", "/_emulator/clock", "/_emulator/faults",
        "/_emulator/requests", "/", "/_console/console.js", "/sdk/v1/../../etc/passwd",
        "/v1/b2b/organizations/%00", "/v1/b2b/organizations/x/member?member_id=%FF", "/v1/b2b/organizations/x/member",
        "/v1/b2b/recovery_codes/a/b", "/v1/b2b/sessions?organization_id[]=1", "/v1/users/%2e%2e", "/v1/sessions?user_id=%00",
        "/v1/sessions/jwks/x", "/v1/sessions/jwks/%FF", &format!("/v1/sessions/jwks/{PROJECT_ID}"), "/_emulator/state", "/_emulator/sessions", "/_emulator/users", "/_emulator/project",
        "/v1/b2b/public/oauth/google/start?public_token=%00&slug=acme", "/v1/b2b/public/oauth/%FF/start",
        "/v1/public/sso/start?connection_id[]=1", "/v1/b2b/public/idp/consent?flow=oauth&provider=google&email=a@b.c&organization_id=%00",
        "/v1/b2b/public/idp/consent?flow=sso&login_redirect_url=javascript:alert(1)&organization_id=x&email=a@b.c",
        "/v1/b2b/public/idp/consent?flow=oauth&provider=google&organization_id=x&email=a@b.c&login_redirect_url=http://localhost/%0d%0aSet-Cookie:%20a=b",
        "/v1/b2b/public/idp/consent?flow=oauth&provider=google&organization_id=x&email=a@b.c&signup_redirect_url=http://localhost/%00%FF",
        "/v1/b2b/public/oauth/google/start?public_token=x&slug=acme&login_redirect_url=http://[::1/&signup_redirect_url=%0a",
        "/v1/public/sso/start?connection_id=x&login_redirect_url=http://localhost:99999/",
        "/_emulator/redirect_urls", "/_emulator/redirect_urls?url=%00",
        "/_emulator/frontend_sdk", "/_emulator/rbac_policy", "/_emulator/rbac_policy?x=%00",
        // An organization's dashboard (#22).
        "/sdk/v1/b2b/sso", "/v1/b2b/sso/%00", "/v1/b2b/sso/..%2F", &format!("/v1/b2b/sso/{ACME}"),
        // #22 flows: SSO discovery and the OAuth discovery starts and consent.
        "/sdk/v1/b2b/sso/discovery/connections?email_address=%00", "/sdk/v1/b2b/sso/discovery/connections?email_address[]=a",
        "/sdk/v1/b2b/sso/discovery/connections?email_address=a@b.c",
        "/v1/b2b/public/oauth/github/discovery/start?public_token=%00", "/v1/b2b/public/oauth/%FF/discovery/start",
        "/v1/b2b/public/oauth/slack/discovery/start?public_token=x&discovery_redirect_url=http://[::1/",
        "/v1/b2b/public/idp/consent?flow=oauth_discovery&provider=hubspot&email=a@b.c&discovery_redirect_url=javascript:alert(1)",
        "/v1/b2b/public/idp/consent?flow=oauth_discovery&provider=%00&email=%FF",
        // members (#22): self.get and organization.get.
        "/sdk/v1/b2b/organizations/members/me", "/sdk/v1/b2b/organizations/me",
        // rest22: the trusted auth token profiles.
        "/_emulator/trusted_token_profiles",
        // apps24: Connected Apps.
        "/v1/connected_apps/clients/%00", "/v1/connected_apps/clients/..%2F..%2F", "/v1/oauth2/userinfo",
        "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server",
        "/v1/public/%FF/.well-known/openid-configuration", &format!("/v1/public/{PROJECT_ID}/.well-known/oauth-authorization-server"),
        "/sdk/v1/b2b/organizations/members/connected_apps", "/sdk/v1/b2b/organizations/connected_apps",
        "/sdk/v1/b2b/organizations/connected_apps/%00", "/sdk/v1/b2b/organizations/members/%FF/connected_apps",
        &format!("/v1/b2b/organizations/{ACME}/connected_apps"), "/v1/b2b/organizations/%00/connected_apps/..%2F",
        &format!("/v1/b2b/organizations/{ACME}/members/{}/connected_apps", ACME_NEW.id),
        // sso24 (#24): the local identity provider's SAML metadata.
        "/v1/b2b/public/idp/saml/metadata", "/v1/b2b/public/idp/saml/metadata?x=%00",
        // scim24.
        "/sdk/v1/b2b/scim", &format!("/v1/b2b/scim/{ACME}/connection"), "/v1/b2b/scim/%00/connection/x?limit=-1&cursor=%FF",
        "/v1/b2b/scim/x/Users?filter=%FF", "/v1/b2b/scim/x/Groups/%00", "/v1/b2b/scim/%00/ServiceProviderConfig",
        // onetap24: One Tap's start, the Google Identity Services stand-in and its key.
        "/sdk/v1/b2b/oauth/google/onetap/start", "/sdk/v1/b2b/oauth/google/onetap/start?x=%00", "/gsi/client", "/gsi/client?%FF",
        "/gsi/certs", "/_emulator/google_one_tap",
        // dfp24: the stand-in scripts, the settings and the queue.
        "/telemetry.js?x=%00", "/recaptcha/enterprise.js?render=%FF%00", "/_emulator/protected_auth", "/_emulator/protected_auth/queue",
        // oauth24: the Connected Apps settings; the SCIM service's discovery (without its token).
        "/_emulator/connected_apps", "/v1/b2b/scim/x/ResourceTypes", "/v1/b2b/scim/%00/ResourceTypes/%FF", "/v1/b2b/scim/x/Schemas",
        "/v1/b2b/scim/x/Schemas/urn:%00", "/v1/b2b/scim/..%2F/Schemas/..%2F..%2F",
    ];
    // members (#22): the deletes, each with odd ids; the organizations go last (the corpus
    // ends with a reset).
    let delete_paths = [
        "/sdk/v1/b2b/organizations/members/deletePhoneNumber".to_string(),
        "/sdk/v1/b2b/organizations/members/deleteTOTP".into(),
        "/sdk/v1/b2b/organizations/members/passwords/%00".into(),
        "/sdk/v1/b2b/organizations/members/mfa_phone_numbers/%FF".into(),
        format!("/sdk/v1/b2b/organizations/members/totp/{}", ACME_TOTP.id),
        "/sdk/v1/b2b/organizations/members/..%2F".into(),
        format!("/v1/b2b/organizations/{ACME}/members/mfa_phone_numbers/{}", ACME_SMS.id),
        format!("/v1/b2b/organizations/{ACME}/members/{}/totp", ACME_TOTP.id),
        format!("/v1/b2b/organizations/{ACME}/members/passwords/%00%FF"),
        format!("/v1/b2b/organizations/{ACME}/members/{}", ACME_NEW.id),
        "/v1/b2b/organizations/%00/members/x".into(),
        // console22: the console's revoke of an invite (a member delete).
        format!("/_emulator/organizations/{PIEDPIPER}/members/{}", PIEDPIPER_INVITED.id),
        "/_emulator/organizations/%00/members/..%2F".into(),
        // sso24 (#24): SSO connections and their keys, with odd ids.
        "/sdk/v1/b2b/sso/%00".into(),
        format!("/sdk/v1/b2b/sso/saml/{GLOBEX_SAML}/verification_certificates/%FF"),
        format!("/sdk/v1/b2b/sso/saml/{GLOBEX_SAML}/encryption_private_key/..%2F"),
        format!("/v1/b2b/sso/saml/{GLOBEX}/connections/{GLOBEX_SAML}/verification_certificates/%00"),
        format!("/v1/b2b/sso/saml/{GLOBEX}/connections/{GLOBEX_SAML}/encryption_private_keys/x"),
        format!("/v1/b2b/sso/{ACME}/connections/{ACME_OIDC}"),
        "/v1/b2b/sso/%00/connections/%FF".into(),
        // scim24.
        "/sdk/v1/b2b/scim/%00".into(),
        format!("/v1/b2b/scim/{ACME}/connection/x"),
        "/v1/b2b/scim/x/Users/y".into(),
        "/v1/b2b/scim/x/Groups/%FF".into(),
        "/sdk/v1/b2b/organizations/me".into(),
        "/v1/b2b/organizations/%2e%2e".into(),
        format!("/v1/b2b/organizations/{ACME}"),
    ];
    let authorizations = [
        None,
        Some("Basic".to_string()),
        Some("Basic !!!!".to_string()),
        Some(basic(PUBLIC_TOKEN)),
        Some(basic("not-a-session")),
        Some(format!("Basic {}", "A".repeat(4000))),
        Some("Bearer x".into()),
        Some(backend_auth()),
        Some(consumer_auth()),
    ];
    let bodies = hostile_bodies();
    let (mut sent, mut slowest) = (0usize, Duration::ZERO);
    let check = |what: String, status: u16, text: &str, took: Duration| {
        assert!(status < 500, "{what}: {status} {}", &text[..text.len().min(200)]);
        assert!(took < Duration::from_secs(5), "{what}: took {took:?}");
        if status >= 400 {
            let v: Value = serde_json::from_str(text).unwrap_or_else(|_| panic!("{what}: not JSON: {}", &text[..text.len().min(200)]));
            assert!(v["error_type"].is_string() && v["status_code"] == status, "{what}: {v}");
        }
    };
    let writes = post_paths
        .iter()
        .map(|p| (reqwest::Method::POST, p.to_string()))
        .chain(put_paths.iter().map(|p| (reqwest::Method::PUT, p.clone())));
    for (method, path) in writes {
        let path = path.as_str();
        for (name, body) in &bodies {
            for auth in &authorizations {
                let mut req = h.http.request(method.clone(), h.url(path)).header("Content-Type", "application/json").body(body.clone());
                if let Some(a) = auth {
                    req = req.header("Authorization", a);
                }
                let started = Instant::now();
                let resp = req.send().await.unwrap();
                let status = resp.status().as_u16();
                let text = resp.text().await.unwrap();
                let took = started.elapsed();
                slowest = slowest.max(took);
                check(format!("{method} {path} [{name}] auth={}", auth.is_some()), status, &text, took);
                sent += 1;
                if path == "/_emulator/faults" {
                    h.http.delete(h.url("/_emulator/faults")).send().await.unwrap();
                }
            }
        }
    }
    for path in get_paths {
        for auth in &authorizations {
            let mut req = h.http.get(h.url(path));
            if let Some(a) = auth {
                req = req.header("Authorization", a);
            }
            let started = Instant::now();
            let resp = req.send().await.unwrap();
            let status = resp.status().as_u16();
            let is_page = path == "/";
            let text = resp.text().await.unwrap();
            if !is_page {
                check(format!("GET {path}"), status, &text, started.elapsed());
            }
            sent += 1;
        }
    }
    // scim24: the SCIM 2.0 service with a connection's real token, so the bodies and queries
    // reach its parsers; every method it takes, SCIM's media type.
    h.control_post("/_emulator/reset", json!({})).await;
    let made = h.backend_post(&format!("/v1/b2b/scim/{ACME}/connection"), json!({})).await;
    let (base, token) = (
        made.ok()["connection"]["base_url"].as_str().unwrap().to_string(),
        made.ok()["connection"]["bearer_token"].as_str().unwrap().to_string(),
    );
    let (_, user) = {
        let resp = h
            .http
            .post(format!("{base}/Users"))
            .header("Authorization", format!("Bearer {token}"))
            .json(&json!({"userName": "corpus@acme.test"}))
            .send()
            .await
            .unwrap();
        (resp.status(), resp.json::<Value>().await.unwrap())
    };
    let user_path = format!("/Users/{}", user["id"].as_str().unwrap());
    let service_writes = [
        (reqwest::Method::POST, "/Users".to_string()),
        (reqwest::Method::POST, "/Groups".into()),
        (reqwest::Method::PUT, user_path.clone()),
        (reqwest::Method::PATCH, user_path.clone()),
        (reqwest::Method::PATCH, "/Groups/x".into()),
    ];
    for (method, path) in &service_writes {
        for (name, body) in &bodies {
            let started = Instant::now();
            let resp = h
                .http
                .request(method.clone(), format!("{base}{path}"))
                .header("Authorization", format!("Bearer {token}"))
                .header("Content-Type", "application/scim+json")
                .body(body.clone())
                .send()
                .await
                .unwrap();
            let status = resp.status().as_u16();
            check(format!("{method} SCIM {path} [{name}]"), status, &resp.text().await.unwrap(), started.elapsed());
            sent += 1;
        }
    }
    for query in [
        "?filter=userName%20eq",
        "?filter=%22%5C",
        "?startIndex=-5&count=99999999999999999999",
        "?count[]=1",
        "?filter=a%20eq%20%22b%22%20and",
    ] {
        let started = Instant::now();
        let resp = h.http.get(format!("{base}/Users{query}")).header("Authorization", format!("Bearer {token}")).send().await.unwrap();
        let status = resp.status().as_u16();
        check(format!("GET SCIM /Users{query}"), status, &resp.text().await.unwrap(), started.elapsed());
        sent += 1;
    }
    // oauth24: the discovery endpoints with the real token and odd ids.
    for path in ["/ResourceTypes", "/ResourceTypes/%00", "/ResourceTypes/..%2F", "/Schemas", "/Schemas/urn:%FF", "/Schemas/%2e%2e"] {
        let started = Instant::now();
        let resp = h.http.get(format!("{base}{path}")).header("Authorization", format!("Bearer {token}")).send().await.unwrap();
        let status = resp.status().as_u16();
        check(format!("GET SCIM {path}"), status, &resp.text().await.unwrap(), started.elapsed());
        sent += 1;
    }
    // Under hostile host names the control API and the console answer 403 in Stytch's shape.
    let hosts = [
        "rebind.example".to_string(),
        String::new(),
        "[::1".into(),
        "localhost:99999999".into(),
        "127.0.0.1@rebind.example".into(),
        "h".repeat(2000),
        "127.0.0.1:9797:9797".into(),
    ];
    for path in get_paths.iter().filter(|p| p.starts_with("/_emulator") || p.starts_with("/_console") || **p == "/") {
        for host in &hosts {
            let started = Instant::now();
            let resp = h.http.get(h.url(path)).header("Host", host.as_str()).send().await.unwrap();
            let status = resp.status().as_u16();
            let text = resp.text().await.unwrap();
            check(format!("GET {path} Host: {}", &host[..host.len().min(40)]), status, &text, started.elapsed());
            assert_eq!(status, 403, "GET {path} Host: {host}");
            sent += 1;
        }
    }
    for path in &delete_paths {
        for auth in &authorizations {
            let mut req = h.http.delete(h.url(path)).header("Content-Type", "application/json").body("{\"member_id\": [1]}");
            if let Some(a) = auth {
                req = req.header("Authorization", a);
            }
            let started = Instant::now();
            let resp = req.send().await.unwrap();
            let status = resp.status().as_u16();
            check(format!("DELETE {path}"), status, &resp.text().await.unwrap(), started.elapsed());
            sent += 1;
        }
    }
    for path in ["/_emulator/redirect_urls", "/_emulator/redirect_urls?url=%00%FF", "/_emulator/redirect_urls?url[]=1&url=2"] {
        let started = Instant::now();
        let resp = h.http.delete(h.url(path)).send().await.unwrap();
        let status = resp.status().as_u16();
        check(format!("DELETE {path}"), status, &resp.text().await.unwrap(), started.elapsed());
        sent += 1;
    }
    // dfp24: the protected SDK calls with DFP Protected Auth deciding (a challenge needing a
    // captcha) and captcha on: hostile telemetry ids and captcha tokens are refused in Stytch's
    // JSON, never a 5xx. (Only a valid telemetry id of a challenged device is answered the
    // plain-text `Captcha required`, which no hostile body carries.)
    h.http
        .put(h.url("/_emulator/protected_auth"))
        .json(&json!({"dfp_protected_auth": {"enabled": true, "mode": "DECISIONING", "on_challenge": "TRIGGER_CAPTCHA"},
                      "captcha": {"enabled": true, "site_key": "corpus-site-key"}}))
        .send()
        .await
        .unwrap();
    for path in post_paths.iter().filter(|p| p.strip_prefix("/sdk/v1").is_some_and(|p| stytch_emulator::PROTECTED_SDK_PATHS.contains(&p))) {
        for (name, body) in &bodies {
            let started = Instant::now();
            let resp = h
                .http
                .post(h.url(path))
                .header("Content-Type", "application/json")
                .header("Authorization", basic(PUBLIC_TOKEN))
                .body(body.clone())
                .send()
                .await
                .unwrap();
            let status = resp.status().as_u16();
            check(format!("POST {path} [{name}] protected"), status, &resp.text().await.unwrap(), started.elapsed());
            sent += 1;
        }
    }
    // Still serving normally afterwards.
    h.control_post("/_emulator/reset", json!({})).await;
    h.password_login(GLOBEX, "optional.member@globex.test").await;
    println!("bad-input corpus: {sent} requests ({} bodies x {} auth headers x {} POST/PUT endpoints, plus GETs): 0 5xx, all errors Stytch JSON, slowest {slowest:?}",
             bodies.len(), authorizations.len(), post_paths.len() + put_paths.len());
}
