//! Connected Apps (#24) over real HTTP: the project's clients on the backend API, the
//! authorize calls an app's consent page makes, and the OAuth 2.0 / OIDC endpoints a client
//! calls (code with PKCE, refresh, userinfo, introspection, revocation, registration,
//! discovery).

mod common;

use base64::Engine;
use common::*;
use reqwest::Method;
use serde_json::{json, Value};
use sha2::Digest;

const REDIRECT: &str = "http://localhost:4000/callback";
const VERIFIER: &str = "a-verifier-of-forty-three-characters-or-more-0123456789";

fn challenge(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier))
}

/// A client of this type, answered with its secret.
async fn client(h: &Harness, client_type: &str) -> Value {
    let body = json!({"client_type": client_type, "client_name": "Agent", "redirect_urls": [REDIRECT], "full_access_allowed": false});
    h.backend_post("/v1/connected_apps/clients", body).await.ok()["connected_app"].clone()
}

/// The consent page's two calls for `member`, granting `scopes`: the redirect's code.
async fn consent(h: &Harness, session: &str, client_id: &str, scopes: &[&str], challenge: Option<&str>) -> String {
    let mut body = json!({
        "client_id": client_id, "redirect_uri": REDIRECT, "response_type": "code", "scopes": scopes,
        "session_token": session, "consent_granted": true, "state": "st-1",
    });
    if let Some(c) = challenge {
        body["code_challenge"] = json!(c);
    }
    let out = h.backend_post("/v1/b2b/idp/oauth/authorize", body).await;
    let redirect = reqwest::Url::parse(out.ok()["redirect_uri"].as_str().unwrap()).unwrap();
    let param = |k: &str| redirect.query_pairs().find(|(n, _)| n == k).map(|(_, v)| v.to_string());
    assert_eq!(param("state").as_deref(), Some("st-1"));
    assert_eq!(param("code").as_deref(), out.body["authorization_code"].as_str());
    param("code").unwrap()
}

/// A form POST to an OAuth endpoint, as OAuth client libraries send it.
async fn form(h: &Harness, path: &str, basic_auth: Option<(&str, &str)>, fields: &[(&str, &str)]) -> Reply {
    let mut req = h.http.post(h.url(path)).form(fields);
    if let Some((id, secret)) = basic_auth {
        req = req.basic_auth(id, Some(secret));
    }
    Reply::from_response(req.send().await.unwrap()).await
}

async fn introspect(h: &Harness, client: (&str, &str), token: &str) -> Reply {
    form(h, "/v1/oauth2/introspect", Some(client), &[("token", token)]).await
}

#[tokio::test]
async fn clients_are_created_read_updated_searched_and_deleted() {
    let h = Harness::start().await;
    let app = client(&h, "third_party").await;
    let (id, secret) = (app["client_id"].as_str().unwrap(), app["client_secret"].as_str().unwrap());
    assert_eq!(app["client_secret_last_four"].as_str().unwrap(), &secret[secret.len() - 4..]);
    assert_eq!((app["status"].as_str(), app["creation_method"].as_str()), (Some("active"), Some("manual")));

    let got = h.backend(Method::GET, &format!("/v1/connected_apps/clients/{id}"), None).await;
    assert!(got.ok()["connected_app"].get("client_secret").is_none(), "the secret is shown once: {}", got.body);
    let updated = h
        .backend(
            Method::PUT,
            &format!("/v1/connected_apps/clients/{id}"),
            Some(json!({"client_name": "Renamed", "access_token_expiry_minutes": 5})),
        )
        .await;
    assert_eq!(updated.ok()["connected_app"]["client_name"], "Renamed");
    assert_eq!(updated.body["connected_app"]["redirect_urls"], json!([REDIRECT]), "fields not given stay");

    let second = client(&h, "first_party_public").await;
    assert!(second.get("client_secret").is_none(), "a public client has no secret");
    let page = h.backend_post("/v1/connected_apps/clients/search", json!({"limit": 1})).await;
    assert_eq!(page.ok()["results_metadata"]["total"], 2);
    let cursor = page.body["results_metadata"]["next_cursor"].as_str().unwrap().to_string();
    let next = h.backend_post("/v1/connected_apps/clients/search", json!({"limit": 1, "cursor": cursor})).await;
    assert_eq!(next.ok()["connected_apps"][0]["client_id"], second["client_id"]);
    assert_eq!(next.body["results_metadata"]["next_cursor"], Value::Null);

    h.backend(Method::DELETE, &format!("/v1/connected_apps/clients/{id}"), None).await.ok();
    h.backend(Method::GET, &format!("/v1/connected_apps/clients/{id}"), None).await.assert_error(404, "connected_app_not_found");
}

#[tokio::test]
async fn bad_clients_are_refused_with_nothing_stored() {
    let h = Harness::start().await;
    let create = |body: Value| h.backend_post("/v1/connected_apps/clients", body);
    create(json!({"client_type": "robot"})).await.assert_error(400, "bad_request");
    create(json!({"client_type": "third_party", "redirect_urls": ["http://evil.example/cb"]}))
        .await
        .assert_error(400, "invalid_redirect_url");
    create(json!({"client_type": "third_party", "redirect_urls": ["javascript:alert(1)"]})).await.assert_error(400, "invalid_redirect_url");
    create(json!({"client_type": "third_party", "access_token_expiry_minutes": -1})).await.assert_error(400, "bad_request");
    create(json!({})).await.assert_error(400, "bad_request");
    let all = h.backend_post("/v1/connected_apps/clients/search", json!({})).await;
    assert_eq!(all.ok()["results_metadata"]["total"], 0);
    // The backend API's credentials are required.
    h.backend_as(&basic(PUBLIC_TOKEN), Method::POST, "/v1/connected_apps/clients/search", Some(json!({})))
        .await
        .assert_error(401, "unauthorized_credentials");
}

/// The whole authorization-code flow for a third-party client: consent asked, a code bound to
/// PKCE, tokens (access, ID, refresh) whose claims and signature a client checks, userinfo,
/// refresh, introspection and revocation.
#[tokio::test]
async fn a_client_signs_a_member_in_with_a_code_and_pkce() {
    let h = Harness::start().await;
    let app = client(&h, "third_party").await;
    let (id, secret) = (app["client_id"].as_str().unwrap(), app["client_secret"].as_str().unwrap());
    let session = h.session_of(&ACME_SMS).await;
    let scopes = ["openid", "email", "profile", "offline_access"];

    let start = json!({"client_id": id, "redirect_uri": REDIRECT, "response_type": "code", "scopes": scopes, "session_token": session});
    let shown = h.backend_post("/v1/b2b/idp/oauth/authorize/start", start.clone()).await;
    assert_eq!(shown.ok()["consent_required"], true, "a third-party client asks the member");
    assert_eq!(shown.body["member_id"], ACME_SMS.id);
    assert_eq!(shown.body["client"]["client_name"], "Agent");
    assert!(shown.body["scope_results"].as_array().unwrap().iter().all(|s| s["is_grantable"] == true));

    let code = consent(&h, &session, id, &scopes, Some(&challenge(VERIFIER))).await;
    let again = h.backend_post("/v1/b2b/idp/oauth/authorize/start", start).await;
    assert_eq!(again.ok()["consent_required"], false, "the same scopes are not asked twice");

    // A wrong verifier is refused and does not spend the code.
    let exchange = |verifier: &'static str| {
        let code = code.clone();
        let h = &h;
        async move {
            let fields =
                [("grant_type", "authorization_code"), ("code", code.as_str()), ("redirect_uri", REDIRECT), ("code_verifier", verifier)];
            form(h, "/v1/oauth2/token", Some((id, secret)), &fields).await
        }
    };
    let wrong = exchange("not-the-verifier-not-the-verifier-not-the-verifier").await;
    wrong.assert_error(400, "invalid_grant");
    assert_eq!(wrong.body["error"], "invalid_grant", "RFC 6749's field for OAuth clients");
    let tokens = exchange(VERIFIER).await;
    let tokens = tokens.ok().clone();
    exchange(VERIFIER).await.assert_error(400, "invalid_grant");

    assert_eq!((tokens["token_type"].as_str(), tokens["expires_in"].as_i64()), (Some("bearer"), Some(3600)));
    let access = tokens["access_token"].as_str().unwrap();
    let claims = verify(&h, access, PROJECT_ID).await;
    assert_eq!((claims["sub"].as_str(), claims["client_id"].as_str()), (Some(ACME_SMS.id), Some(id)));
    assert_eq!(claims["https://stytch.com/organization"]["organization_id"], ACME);
    assert_eq!(claims["iss"], h.url(""));
    let id_claims = verify(&h, tokens["id_token"].as_str().unwrap(), id).await;
    assert_eq!(id_claims["email"], ACME_SMS.email);

    let bearer = |token: &str| h.http.get(h.url("/v1/oauth2/userinfo")).bearer_auth(token.to_string()).send();
    let info = Reply::from_response(bearer(access).await.unwrap()).await;
    assert_eq!((info.ok()["sub"].as_str(), info.body["email"].as_str()), (Some(ACME_SMS.id), Some(ACME_SMS.email)));

    let refresh = tokens["refresh_token"].as_str().unwrap();
    let refreshed = form(&h, "/v1/oauth2/token", Some((id, secret)), &[("grant_type", "refresh_token"), ("refresh_token", refresh)]).await;
    assert!(refreshed.ok()["access_token"].as_str().is_some_and(|t| t != access));
    let narrowed = form(
        &h,
        "/v1/oauth2/token",
        Some((id, secret)),
        &[("grant_type", "refresh_token"), ("refresh_token", refresh), ("scope", "phone")],
    )
    .await;
    narrowed.assert_error(400, "invalid_scope");

    assert_eq!(introspect(&h, (id, secret), access).await.ok()["active"], true);
    assert_eq!(introspect(&h, (id, secret), refresh).await.ok()["token_type"], "refresh_token");
    form(&h, "/v1/oauth2/revoke", Some((id, secret)), &[("token", access)]).await.ok();
    form(&h, "/v1/oauth2/revoke", Some((id, secret)), &[("token", refresh)]).await.ok();
    assert_eq!(introspect(&h, (id, secret), access).await.ok()["active"], false);
    assert_eq!(introspect(&h, (id, secret), refresh).await.ok()["active"], false);
    let after = Reply::from_response(bearer(access).await.unwrap()).await;
    after.assert_error(401, "invalid_token");
    form(&h, "/v1/oauth2/token", Some((id, secret)), &[("grant_type", "refresh_token"), ("refresh_token", refresh)])
        .await
        .assert_error(400, "invalid_grant");
}

/// An access token or ID token checked as a client does: the JWKS the discovery document
/// names, the audience, the issuer the client reached.
async fn verify(h: &Harness, jwt: &str, audience: &str) -> Value {
    let doc = h.control_get("/.well-known/openid-configuration").await;
    let jwks = h.http.get(doc["jwks_uri"].as_str().unwrap()).send().await.unwrap().json::<Value>().await.unwrap();
    let header = jsonwebtoken::decode_header(jwt).unwrap();
    let key = jwks["keys"].as_array().unwrap().iter().find(|k| k["kid"].as_str() == header.kid.as_deref()).unwrap().clone();
    let dk = jsonwebtoken::DecodingKey::from_rsa_components(key["n"].as_str().unwrap(), key["e"].as_str().unwrap()).unwrap();
    let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    v.set_audience(&[audience]);
    v.set_issuer(&[doc["issuer"].as_str().unwrap()]);
    jsonwebtoken::decode::<Value>(jwt, &dk, &v).expect("a valid token").claims
}

#[tokio::test]
async fn refusals_at_the_token_endpoint() {
    let h = Harness::start().await;
    let app = client(&h, "third_party").await;
    let (id, secret) = (app["client_id"].as_str().unwrap(), app["client_secret"].as_str().unwrap());
    let session = h.session_of(&ACME_SMS).await;
    let code = consent(&h, &session, id, &["openid"], None).await;
    let grant = [("grant_type", "authorization_code"), ("code", code.as_str()), ("redirect_uri", REDIRECT)];
    let wrong_secret = form(&h, "/v1/oauth2/token", Some((id, "nope")), &grant).await;
    wrong_secret.assert_error(401, "invalid_client");
    assert_eq!(wrong_secret.body["error"], "invalid_client");
    form(&h, "/v1/oauth2/token", None, &grant).await.assert_error(401, "invalid_client");
    let other_redirect = [("grant_type", "authorization_code"), ("code", code.as_str()), ("redirect_uri", "http://localhost:4000/else")];
    form(&h, "/v1/oauth2/token", Some((id, secret)), &other_redirect).await.assert_error(400, "invalid_grant");
    form(&h, "/v1/oauth2/token", Some((id, secret)), &[("grant_type", "password")]).await.assert_error(400, "unsupported_grant_type");
    // client_secret_post, JSON (as Stytch's reference shows it): the code was not spent above.
    let json_body =
        json!({"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT, "client_id": id, "client_secret": secret});
    let resp = h.http.post(h.url("/v1/oauth2/token")).json(&json_body).send().await.unwrap();
    assert!(Reply::from_response(resp).await.ok()["access_token"].is_string());
}

#[tokio::test]
async fn the_authorize_calls_check_the_client_the_redirect_and_the_member() {
    let h = Harness::start().await;
    let app = client(&h, "third_party").await;
    let id = app["client_id"].as_str().unwrap();
    let session = h.session_of(&ACME_SMS).await;
    let submit = |change: Value| {
        let mut body = json!({
            "client_id": id, "redirect_uri": REDIRECT, "response_type": "code", "scopes": ["openid"], "session_token": session, "consent_granted": true,
        });
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        h.backend_post("/v1/b2b/idp/oauth/authorize", body)
    };
    submit(json!({"redirect_uri": "http://localhost:4000/elsewhere"})).await.assert_error(400, "redirect_uri_mismatch");
    submit(json!({"client_id": "connected-app-test-nope"})).await.assert_error(404, "connected_app_not_found");
    submit(json!({"response_type": "token"})).await.assert_error(400, "unsupported_response_type");
    submit(json!({"scopes": ["full_access"]})).await.assert_error(400, "invalid_scope");
    submit(json!({"session_token": "not-a-session"})).await.assert_error(404, "session_not_found");
    submit(json!({"code_challenge": "short"})).await.assert_error(400, "bad_request");
    let denied = submit(json!({"consent_granted": false, "state": "s"})).await;
    assert!(denied.ok()["authorization_code"].is_null());
    assert_eq!(denied.body["redirect_uri"], format!("{REDIRECT}?error=access_denied&state=s"));
}

/// An MCP client's way in: registration with no credentials (a public client), then the code
/// with PKCE and no secret; PKCE is required of it.
#[tokio::test]
async fn a_registered_public_client_uses_pkce_instead_of_a_secret() {
    let h = Harness::start().await;
    let doc = h.control_get("/.well-known/oauth-authorization-server").await;
    assert_eq!(doc["issuer"], h.url(""));
    let reg = json!({"redirect_uris": [REDIRECT], "client_name": "MCP client", "token_endpoint_auth_method": "none"});
    let resp = h.http.post(doc["registration_endpoint"].as_str().unwrap()).json(&reg).send().await.unwrap();
    assert_eq!(resp.status(), 201);
    let registered: Value = resp.json().await.unwrap();
    assert!(registered.get("client_secret").is_none());
    let id = registered["client_id"].as_str().unwrap();
    let listed = h.backend(Method::GET, &format!("/v1/connected_apps/clients/{id}"), None).await;
    assert_eq!(
        (listed.ok()["connected_app"]["client_type"].as_str(), listed.body["connected_app"]["creation_method"].as_str()),
        (Some("third_party_public"), Some("dynamic"))
    );

    let session = h.session_of(&ACME_SMS).await;
    let without = json!({
        "client_id": id, "redirect_uri": REDIRECT, "response_type": "code", "scopes": ["openid"], "session_token": session, "consent_granted": true,
    });
    h.backend_post("/v1/b2b/idp/oauth/authorize", without).await.assert_error(400, "bad_request");
    let code = consent(&h, &session, id, &["openid"], Some(&challenge(VERIFIER))).await;
    let fields = [("grant_type", "authorization_code"), ("code", code.as_str()), ("code_verifier", VERIFIER), ("client_id", id)];
    let tokens = form(&h, doc["token_endpoint"].as_str().unwrap().trim_start_matches(&h.url("")), None, &fields).await;
    assert!(tokens.ok()["id_token"].is_string());
}

/// A member who is deleted can no longer use a code or refresh token given before.
#[tokio::test]
async fn a_deleted_members_grants_end() {
    let h = Harness::start().await;
    let app = client(&h, "first_party").await;
    let (id, secret) = (app["client_id"].as_str().unwrap(), app["client_secret"].as_str().unwrap());
    let session = h.session_of(&ACME_SMS).await;
    let code = consent(&h, &session, id, &["openid", "offline_access"], None).await;
    h.backend(Method::DELETE, &format!("/v1/b2b/organizations/{ACME}/members/{}", ACME_SMS.id), None).await.ok();
    let grant = [("grant_type", "authorization_code"), ("code", code.as_str()), ("redirect_uri", REDIRECT)];
    form(&h, "/v1/oauth2/token", Some((id, secret)), &grant).await.assert_error(400, "invalid_grant");
}

#[tokio::test]
async fn a_rotated_secret_replaces_the_old_one_when_completed() {
    let h = Harness::start().await;
    let app = client(&h, "first_party").await;
    let (id, old) = (app["client_id"].as_str().unwrap(), app["client_secret"].as_str().unwrap());
    let started = h.backend_post(&format!("/v1/connected_apps/clients/{id}/secrets/rotate/start"), json!({})).await;
    let new = started.ok()["connected_app"]["next_client_secret"].as_str().unwrap().to_string();
    assert_eq!(introspect(&h, (id, old), "x").await.ok()["active"], false, "the old secret still authenticates");
    assert_eq!(introspect(&h, (id, &new), "x").await.ok()["active"], false, "so does the next one");
    h.backend_post(&format!("/v1/connected_apps/clients/{id}/secrets/rotate"), json!({})).await.ok();
    introspect(&h, (id, old), "x").await.assert_error(401, "invalid_client");
    assert_eq!(introspect(&h, (id, &new), "x").await.ok()["active"], false);
    h.backend_post(&format!("/v1/connected_apps/clients/{id}/secrets/rotate/cancel"), json!({})).await.assert_error(400, "bad_request");
}

/// Hostile forms at the OAuth endpoints: Stytch-shaped 4xx answers with RFC 6749's `error`,
/// never a 5xx; an Authorization header that is no Basic pair is no client.
#[tokio::test]
async fn hostile_forms_get_oauth_errors() {
    let h = Harness::start().await;
    let bodies: [&[u8]; 6] = [
        b"grant_type=%FF%FE",
        b"grant_type[]=a&grant_type[]=b",
        b"code=&&&==",
        b"\x00\x01",
        b"grant_type=authorization_code&code=%00",
        b"",
    ];
    for path in ["/v1/oauth2/token", "/v1/oauth2/introspect", "/v1/oauth2/revoke", "/v1/oauth2/register"] {
        for body in bodies {
            for auth in [None, Some("Basic %%%"), Some("Basic Og=="), Some("Bearer x")] {
                let mut req = h.http.post(h.url(path)).header("Content-Type", "application/x-www-form-urlencoded").body(body.to_vec());
                if let Some(a) = auth {
                    req = req.header("Authorization", a);
                }
                let resp = req.send().await.unwrap();
                let status = resp.status().as_u16();
                let v: Value = resp.json().await.unwrap();
                assert!((400..500).contains(&status), "{path} {body:?} {auth:?}: {status} {v}");
                assert!(v["error_type"].is_string() && v["error"].is_string(), "{path}: {v}");
            }
        }
    }
}

/// The consent page's SDK calls (the member's session in the Authorization header), then the
/// apps as the member, an admin and the organization see them, and revoking one: on the SDK
/// API under Stytch's RBAC (`stytch.self` / `stytch.member` `get.connected-apps`,
/// `revoke.connected-app`) and on the backend API.
#[tokio::test]
async fn members_see_and_revoke_the_apps_they_authorized() {
    let h = Harness::start().await;
    let body =
        json!({"client_type": "third_party", "client_name": "Agent", "redirect_urls": [REDIRECT], "post_logout_redirect_urls": [REDIRECT]});
    let app = h.backend_post("/v1/connected_apps/clients", body).await.ok()["connected_app"].clone();
    let (id, secret) = (app["client_id"].as_str().unwrap(), app["client_secret"].as_str().unwrap());
    let plain = h.session_of(&SOYLENT_PLAIN).await;
    let admin = h.session_of(&SOYLENT_ADMIN).await;

    let request = json!({"client_id": id, "redirect_uri": REDIRECT, "response_type": "code", "scopes": ["openid", "offline_access"]});
    let shown = h.sdk(Method::POST, "/idp/b2b/oauth/authorize/start", Some(request.clone()), Some(&plain)).await;
    assert_eq!(shown.data()["member_id"], SOYLENT_PLAIN.id);
    let mut submit = request.clone();
    submit["consent_granted"] = json!(true);
    let answer = h.sdk(Method::POST, "/idp/b2b/oauth/authorize/submit", Some(submit), Some(&plain)).await;
    let code = answer.data()["authorization_code"].as_str().unwrap().to_string();
    let grant = [("grant_type", "authorization_code"), ("code", code.as_str()), ("redirect_uri", REDIRECT)];
    let tokens = form(&h, "/v1/oauth2/token", Some((id, secret)), &grant).await.ok().clone();
    h.sdk(Method::POST, "/idp/b2b/oauth/authorize/start", Some(request), None).await.assert_error(404, "session_not_found");

    let own = h.sdk(Method::GET, "/b2b/organizations/members/connected_apps", None, Some(&plain)).await;
    assert_eq!(own.data()["connected_apps"][0]["connected_app_id"], id);
    assert_eq!(own.data()["connected_apps"][0]["scopes_granted"], "openid offline_access");
    let org_apps = h.sdk(Method::GET, "/b2b/organizations/connected_apps", None, Some(&admin)).await;
    assert_eq!(org_apps.data()["connected_apps"].as_array().unwrap().len(), 1);
    let one = h.sdk(Method::GET, &format!("/b2b/organizations/connected_apps/{id}"), None, Some(&admin)).await;
    assert_eq!(one.data()["active_members"], json!([{"member_id": SOYLENT_PLAIN.id, "granted_scopes": ["openid", "offline_access"]}]));
    let backend_one = h.backend(Method::GET, &format!("/v1/b2b/organizations/{SOYLENT}/connected_apps/{id}"), None).await;
    assert_eq!(backend_one.ok()["name"], "Agent");

    // A plain member may not look at another member's apps; the admin may, and revokes them.
    let admins_apps = format!("/b2b/organizations/members/{}/connected_apps", SOYLENT_ADMIN.id);
    h.sdk(Method::GET, &admins_apps, None, Some(&plain)).await.assert_error(403, "session_authorization_error");
    let theirs = format!("/b2b/organizations/members/{}/connected_apps", SOYLENT_PLAIN.id);
    assert_eq!(h.sdk(Method::GET, &theirs, None, Some(&admin)).await.data()["connected_apps"].as_array().unwrap().len(), 1);
    let backend_list =
        h.backend(Method::GET, &format!("/v1/b2b/organizations/{SOYLENT}/members/{}/connected_apps", SOYLENT_PLAIN.id), None).await;
    assert_eq!(backend_list.ok()["connected_apps"][0]["connected_app_id"], id);
    let revoke = format!("/b2b/organizations/members/{}/connected_apps/{id}/revoke", SOYLENT_PLAIN.id);
    h.sdk(Method::POST, &revoke, Some(json!({})), Some(&admin)).await.data();
    assert_eq!(
        h.sdk(Method::GET, "/b2b/organizations/members/connected_apps", None, Some(&plain)).await.data()["connected_apps"],
        json!([])
    );
    let refresh = tokens["refresh_token"].as_str().unwrap();
    form(&h, "/v1/oauth2/token", Some((id, secret)), &[("grant_type", "refresh_token"), ("refresh_token", refresh)])
        .await
        .assert_error(400, "invalid_grant");
    h.sdk(Method::POST, "/b2b/organizations/members/connected_apps/connected-app-test-nope/revoke", Some(json!({})), Some(&plain))
        .await
        .assert_error(404, "connected_app_not_found");

    // The logout page: a registered post-logout URL, and no question when the ID token names the member.
    let logout = |hint: Option<&str>, target: &str| {
        let mut body = json!({"client_id": id, "post_logout_redirect_uri": target, "state": "bye"});
        if let Some(hint) = hint {
            body["id_token_hint"] = json!(hint);
        }
        h.sdk(Method::POST, "/b2b/oauth/logout/start", Some(body), Some(&plain))
    };
    logout(None, "http://localhost:4000/elsewhere").await.assert_error(400, "redirect_uri_mismatch");
    let asked = logout(None, REDIRECT).await;
    assert_eq!(
        (asked.data()["consent_required"].as_bool(), asked.data()["redirect_uri"].as_str()),
        (Some(true), Some(&*format!("{REDIRECT}?state=bye")))
    );
    let hinted = logout(tokens["id_token"].as_str(), REDIRECT).await;
    assert_eq!(hinted.data()["consent_required"], false);
}

/// `session.exchangeAccessToken`: an access token granted `full_access` (a client allowed it)
/// becomes a session of its member; one without that scope, or revoked, is refused with
/// Stytch's error, and a refused exchange starts no session.
#[tokio::test]
async fn a_full_access_token_becomes_a_session() {
    let h = Harness::start().await;
    let body = json!({"client_type": "first_party", "client_name": "CLI", "redirect_urls": [REDIRECT], "full_access_allowed": true});
    let app = h.backend_post("/v1/connected_apps/clients", body).await.ok()["connected_app"].clone();
    let (id, secret) = (app["client_id"].as_str().unwrap(), app["client_secret"].as_str().unwrap());
    let session = h.session_of(&ACME_SMS).await;
    let token_for = |scopes: &'static [&'static str]| {
        let (h, session) = (&h, session.clone());
        async move {
            let code = consent(h, &session, id, scopes, None).await;
            let grant = [("grant_type", "authorization_code"), ("code", code.as_str()), ("redirect_uri", REDIRECT)];
            form(h, "/v1/oauth2/token", Some((id, secret)), &grant).await.ok()["access_token"].as_str().unwrap().to_string()
        }
    };
    let full = token_for(&["openid", "full_access"]).await;
    let narrow = token_for(&["openid"]).await;
    let sessions_before = h.control_get("/_emulator/sessions").await["member_sessions"].as_array().unwrap().len();
    h.post("/b2b/sessions/exchange_access_token", json!({"access_token": narrow, "session_duration_minutes": 60}), None)
        .await
        .assert_error(400, "oauth_access_token_exchange_token_invalid_grant");
    assert_eq!(
        h.control_get("/_emulator/sessions").await["member_sessions"].as_array().unwrap().len(),
        sessions_before,
        "no session started"
    );

    let exchanged =
        h.post("/b2b/sessions/exchange_access_token", json!({"access_token": full, "session_duration_minutes": 60}), None).await;
    let data = exchanged.data();
    assert_eq!(data["member_id"], ACME_SMS.id);
    assert!(
        data["session_token"].as_str().is_some_and(|t| !t.is_empty())
            && data["intermediate_session_token"].as_str().unwrap_or_default().is_empty()
    );
    assert_eq!(factor_types(&data["member_session"]), ["oauth_access_token_exchange"]);
    let backend = h.backend_post("/v1/b2b/sessions/exchange_access_token", json!({"access_token": full})).await;
    assert_eq!(backend.ok()["member_id"], ACME_SMS.id);

    form(&h, "/v1/oauth2/revoke", Some((id, secret)), &[("token", full.as_str())]).await.ok();
    h.post("/b2b/sessions/exchange_access_token", json!({"access_token": full, "session_duration_minutes": 60}), None)
        .await
        .assert_error(400, "oauth_access_token_exchange_token_invalid_grant");
}

/// oauth24: Stytch's Connected App clients act for a member; `client_credentials` is its M2M
/// product's grant, so a Connected App client authenticated for it is `unauthorized_client`
/// (RFC 6749 5.2), one that is not is `invalid_client`, and discovery does not offer it.
#[tokio::test]
async fn client_credentials_is_not_a_connected_app_grant() {
    let h = Harness::start().await;
    for client_type in ["first_party", "third_party"] {
        let app = client(&h, client_type).await;
        let (id, secret) = (app["client_id"].as_str().unwrap(), app["client_secret"].as_str().unwrap());
        let fields = [("grant_type", "client_credentials"), ("scope", "openid")];
        let refused = form(&h, "/v1/oauth2/token", Some((id, secret)), &fields).await;
        refused.assert_error(400, "unauthorized_client");
        assert_eq!(refused.body["error"], "unauthorized_client", "{}", refused.body);
        assert!(refused.body.get("access_token").is_none());
        form(&h, "/v1/oauth2/token", Some((id, "wrong")), &fields).await.assert_error(401, "invalid_client");
    }
    let public = client(&h, "first_party_public").await;
    let fields = [("grant_type", "client_credentials"), ("client_id", public["client_id"].as_str().unwrap())];
    form(&h, "/v1/oauth2/token", None, &fields).await.assert_error(400, "unauthorized_client");
    for doc in ["/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"] {
        let grants = h.control_get(doc).await["grant_types_supported"].clone();
        assert_eq!(grants, json!(["authorization_code", "refresh_token"]), "{doc}");
    }
}

/// oauth24: as Stytch, a public client's refresh token rotates (the answer has the next one,
/// the used one ends); a confidential client's stays, is not in the answer, and each use
/// gives it another full lifetime (90 days).
#[tokio::test]
async fn refresh_tokens_rotate_for_public_clients_and_last_from_their_use_for_confidential_ones() {
    let h = Harness::start().await;
    let session = h.session_of(&ACME_SMS).await;
    let public = client(&h, "first_party_public").await;
    let id = public["client_id"].as_str().unwrap();
    let code = consent(&h, &session, id, &["openid", "offline_access"], Some(&challenge(VERIFIER))).await;
    let fields = [("grant_type", "authorization_code"), ("code", code.as_str()), ("code_verifier", VERIFIER), ("client_id", id)];
    let first = form(&h, "/v1/oauth2/token", None, &fields).await.ok()["refresh_token"].as_str().unwrap().to_string();
    let refresh = |token: String| {
        let h = &h;
        async move { form(h, "/v1/oauth2/token", None, &[("grant_type", "refresh_token"), ("refresh_token", &token), ("client_id", id)]).await }
    };
    let second = refresh(first.clone()).await.ok()["refresh_token"].as_str().unwrap().to_string();
    assert_ne!(second, first, "rotated");
    refresh(first).await.assert_error(400, "invalid_grant");
    assert!(refresh(second).await.ok()["refresh_token"].is_string());

    let confidential = client(&h, "third_party").await;
    let (id, secret) = (confidential["client_id"].as_str().unwrap(), confidential["client_secret"].as_str().unwrap());
    let code = consent(&h, &session, id, &["openid", "offline_access"], None).await;
    let grant = [("grant_type", "authorization_code"), ("code", code.as_str()), ("redirect_uri", REDIRECT)];
    let token = form(&h, "/v1/oauth2/token", Some((id, secret)), &grant).await.ok()["refresh_token"].as_str().unwrap().to_string();
    let fields = [("grant_type", "refresh_token"), ("refresh_token", token.as_str())];
    let use_it = || form(&h, "/v1/oauth2/token", Some((id, secret)), &fields);
    // Used every 60 days, it outlives its first 90.
    for _ in 0..3 {
        h.advance_clock(60 * 24 * 3600).await;
        let refreshed = use_it().await;
        assert!(refreshed.ok()["access_token"].is_string());
        assert!(refreshed.body.get("refresh_token").is_none(), "not rotated: {}", refreshed.body);
    }
    h.advance_clock(91 * 24 * 3600).await;
    use_it().await.assert_error(400, "invalid_grant");
}

/// The claims part of a JWT, unverified (what the token carries).
fn claims_of(jwt: &str) -> Value {
    let payload = jwt.split('.').nth(1).unwrap();
    serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

/// oauth24: a client's `access_token_template_content` adds claims filled in from the member
/// and organization (Stytch's `{{ member.trusted_metadata.x }}` variables, RBAC roles) to its
/// access tokens, which introspection shows too, and its `id_token_template_content` to its ID
/// tokens (beside the scopes' claims); the issuer's own claims cannot be templated.
#[tokio::test]
async fn access_token_templates_add_the_members_claims() {
    let h = Harness::start().await;
    let member_path = format!("/v1/b2b/organizations/{ACME}/members/{}", ACME_SMS.id);
    h.backend(Method::PUT, &member_path, Some(json!({"trusted_metadata": {"plan": {"tier": "gold"}, "seats": 3}}))).await.ok();
    let template = r#"{"plan": {{ member.trusted_metadata.plan.tier }}, "seats": {{member.trusted_metadata.seats}},
        "org": {"slug": {{ organization.organization_slug }}}, "roles": {{ member.rbac.roles }}, "none": {{ member.trusted_metadata.nope }},
        "literal": "{{ member.email_address }}"}"#;
    let id_template = r#"{"seats": {{ member.trusted_metadata.seats }}, "email": "not over the scope's"}"#;
    let body = json!({
        "client_type": "third_party", "redirect_urls": [REDIRECT], "access_token_template_content": template,
        "id_token_template_content": id_template,
    });
    let app = h.backend_post("/v1/connected_apps/clients", body).await.ok()["connected_app"].clone();
    assert_eq!(app["access_token_template_content"], template);
    let (id, secret) = (app["client_id"].as_str().unwrap(), app["client_secret"].as_str().unwrap());
    let session = h.session_of(&ACME_SMS).await;
    let code = consent(&h, &session, id, &["openid", "email"], None).await;
    let grant = [("grant_type", "authorization_code"), ("code", code.as_str()), ("redirect_uri", REDIRECT)];
    let tokens = form(&h, "/v1/oauth2/token", Some((id, secret)), &grant).await;
    let access = tokens.ok()["access_token"].as_str().unwrap().to_string();
    let id_claims = claims_of(tokens.body["id_token"].as_str().unwrap());
    assert_eq!((&id_claims["seats"], &id_claims["email"]), (&json!(3), &json!(ACME_SMS.email)), "{id_claims}");
    assert!(id_claims.get("plan").is_none(), "the access token's template is its own");
    let claims = claims_of(&access);
    assert_eq!((&claims["plan"], &claims["seats"], &claims["org"]), (&json!("gold"), &json!(3), &json!({"slug": "acme"})), "{claims}");
    assert!(claims["roles"].as_array().unwrap().contains(&json!("stytch_member")), "{claims}");
    assert_eq!((&claims["none"], &claims["literal"]), (&Value::Null, &json!("{{ member.email_address }}")));
    assert_eq!(claims["sub"], ACME_SMS.id, "the issuer's claims stay");
    let seen = introspect(&h, (id, secret), &access).await;
    assert_eq!((&seen.ok()["plan"], &seen.body["org"]), (&json!("gold"), &json!({"slug": "acme"})));

    // Refused, and the client keeps its template.
    for bad in
        [r#"{"sub": {{ member.member_id }}}"#, r#"{"https://stytch.com/organization": 1}"#, r#"{ {{ member.name }}: 1 }"#, "[1]", "{"]
    {
        let path = format!("/v1/connected_apps/clients/{id}");
        h.backend(Method::PUT, &path, Some(json!({"access_token_template_content": bad}))).await.assert_error(400, "bad_request");
    }
    let path = format!("/v1/connected_apps/clients/{id}");
    h.backend(Method::PUT, &path, Some(json!({"id_token_template_content": r#"{"nonce": 1}"#}))).await.assert_error(400, "bad_request");
    let kept = h.backend(Method::GET, &format!("/v1/connected_apps/clients/{id}"), None).await;
    assert_eq!(kept.ok()["connected_app"]["access_token_template_content"], template);
}

/// oauth24: the project's Connected Apps settings on the control API: the authorization URL
/// the discovery documents name, and the template dynamically registered clients start with;
/// they are checked, and kept in the state file.
#[tokio::test]
async fn the_projects_authorization_url_and_registration_template_are_settings() {
    let h = Harness::start().await;
    let settings = h.control_get("/_emulator/connected_apps").await;
    assert_eq!(settings["idp_authorization_url"], "http://localhost:3000/oauth/authorize");
    let url = "https://app.example/consent?tenant=a";
    let template = r#"{"tier": {{ organization.trusted_metadata.tier }}}"#;
    let changed = h
        .control_put(
            "/_emulator/connected_apps",
            json!({"idp_authorization_url": url, "idp_dynamic_client_registration_access_token_template_content": template}),
        )
        .await;
    assert_eq!(
        (changed["idp_authorization_url"].as_str(), changed["idp_dynamic_client_registration_access_token_template_content"].as_str()),
        (Some(url), Some(template))
    );
    for doc in ["/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"] {
        assert_eq!(h.control_get(doc).await["authorization_endpoint"], url, "{doc}");
    }
    let reg = json!({"redirect_uris": [REDIRECT], "token_endpoint_auth_method": "none"});
    let registered: Value = h.http.post(h.url("/v1/oauth2/register")).json(&reg).send().await.unwrap().json().await.unwrap();
    let got = h.backend(Method::GET, &format!("/v1/connected_apps/clients/{}", registered["client_id"].as_str().unwrap()), None).await;
    assert_eq!(got.ok()["connected_app"]["access_token_template_content"], template);

    for bad in [
        json!({"idp_authorization_url": "javascript:alert(1)"}),
        json!({"idp_authorization_url": "/relative"}),
        json!({"idp_authorization_url": "https://app.example/a#frag"}),
        json!({"idp_dynamic_client_registration_access_token_template_content": "{\"iss\": 1}"}),
        json!({"idp_authorization_url": "https://ok.example/", "idp_dynamic_client_registration_access_token_template_content": "nope"}),
        json!({"unknown": 1}),
    ] {
        let resp = h.http.put(h.url("/_emulator/connected_apps")).json(&bad).send().await.unwrap();
        Reply::from_response(resp).await.assert_error(400, "bad_request");
    }
    assert_eq!(h.control_get("/_emulator/connected_apps").await["idp_authorization_url"], url, "a refused change changes nothing");

    // Kept with the state: exported, reset away, imported back.
    let state = h.http.get(h.url("/_emulator/state")).send().await.unwrap().text().await.unwrap();
    h.control_post("/_emulator/reset", json!({})).await;
    assert_eq!(h.control_get("/_emulator/connected_apps").await["idp_authorization_url"], "http://localhost:3000/oauth/authorize");
    h.http
        .put(h.url("/_emulator/state"))
        .header("Content-Type", "application/json")
        .body(state)
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap();
    let back = h.control_get("/_emulator/connected_apps").await;
    assert_eq!(
        (back["idp_authorization_url"].as_str(), back["idp_dynamic_client_registration_access_token_template_content"].as_str()),
        (Some(url), Some(template))
    );
    // An empty URL is the default again.
    let reset = h.control_put("/_emulator/connected_apps", json!({"idp_authorization_url": ""})).await;
    assert_eq!(reset["idp_authorization_url"], "http://localhost:3000/oauth/authorize");
}
