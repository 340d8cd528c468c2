//! SSO connection management over real HTTP (sso24, #24): SAML, OIDC and external connections
//! created, updated (by fields and by the local identity provider's metadata URL), listed and
//! deleted, on the SDK API (the session member's organization, RBAC on `stytch.sso`) and on the
//! backend API (the path's organization), each refusal with its status and error type.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

/// A real certificate (the local identity provider's).
const CERTIFICATE: &str = include_str!("../core/src/local_idp.pem");
const METADATA: &str = "/v1/b2b/public/idp/saml/metadata";

impl Harness {
    /// Soylent's admin's session (Soylent asks no MFA of them).
    async fn admin(&self) -> String {
        self.session_of(&SOYLENT_ADMIN).await
    }

    async fn create_saml(&self, session: &str) -> Value {
        let reply = self
            .sdk(Method::POST, "/b2b/sso/saml", Some(json!({"display_name": "Soylent Okta", "identity_provider": "okta"})), Some(session))
            .await;
        reply.data()["connection"].clone()
    }

    async fn sdk_connections(&self, session: &str) -> Value {
        self.get("/b2b/sso", Some(session)).await.data().clone()
    }

    /// The connections `sso.discoverConnections` finds for an email.
    async fn discovered(&self, email: &str) -> Vec<String> {
        let found = self.get(&format!("/b2b/sso/discovery/connections?email_address={email}"), None).await;
        found.data()["connections"].as_array().unwrap().iter().map(|c| c["connection_id"].as_str().unwrap().to_string()).collect()
    }

    async fn active_connection_ids(&self, session: &str) -> Vec<String> {
        let org = self.get("/b2b/organizations/me", Some(session)).await;
        let active = org.data()["organization"]["sso_active_connections"].as_array().unwrap().clone();
        active.iter().map(|c| c["connection_id"].as_str().unwrap().to_string()).collect()
    }
}

fn id(connection: &Value) -> String {
    connection["connection_id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_saml_connection_is_created_pending_and_active_once_set_up() {
    let h = Harness::start().await;
    let admin = h.admin().await;
    let created = h.create_saml(&admin).await;
    let cid = id(&created);
    assert!(cid.starts_with("saml-connection-test-"), "{cid}");
    assert_eq!(created["status"], "pending");
    assert_eq!(created["identity_provider"], "okta");
    assert_eq!(created["organization_id"], SOYLENT);
    assert_eq!(created["acs_url"], h.url(&format!("/v1/b2b/sso/callback/{cid}")));
    let listed = h.sdk_connections(&admin).await;
    assert_eq!(listed["saml_connections"][0], created);
    assert!(!h.active_connection_ids(&admin).await.contains(&cid), "a pending connection is not active");

    let update = json!({
        "connection_id": cid,
        "idp_entity_id": "https://idp.example.com/entity",
        "idp_sso_url": "https://idp.example.com/sso",
        "x509_certificate": CERTIFICATE,
        "attribute_mapping": {"email": "NameID", "first_name": "givenName", "groups": "memberOf"},
        "saml_connection_implicit_role_assignments": [{"role_id": "employee"}],
        "saml_group_implicit_role_assignments": [{"role_id": "mfa_manager", "group": "security"}],
    });
    let updated = h.sdk(Method::PUT, &format!("/b2b/sso/saml/{cid}"), Some(update), Some(&admin)).await;
    let c = updated.data()["connection"].clone();
    assert_eq!(c["status"], "active");
    assert_eq!(c["idp_entity_id"], "https://idp.example.com/entity");
    assert_eq!(c["attribute_mapping"]["groups"], "memberOf");
    assert_eq!(c["saml_group_implicit_role_assignments"], json!([{"role_id": "mfa_manager", "group": "security"}]));
    let certificates = c["verification_certificates"].as_array().unwrap();
    assert_eq!(certificates.len(), 1);
    assert_eq!(certificates[0]["certificate"].as_str().unwrap().trim(), CERTIFICATE.trim());
    assert_eq!(certificates[0]["issuer"], "Stytch emulator local identity provider", "read from the certificate");
    assert_eq!(certificates[0]["expires_at"], "2126-11-11T06:58:34Z");
    assert!(h.active_connection_ids(&admin).await.contains(&cid));

    // The last certificate of an active connection stays; an unknown one is not found.
    let cert_id = certificates[0]["certificate_id"].as_str().unwrap();
    let path = format!("/b2b/sso/saml/{cid}/verification_certificates/{cert_id}");
    h.sdk(Method::DELETE, &path, None, Some(&admin)).await.assert_error(400, "cannot_delete_last_sso_verification_key");
    let unknown = format!("/b2b/sso/saml/{cid}/verification_certificates/saml-verification-key-test-nowhere");
    h.sdk(Method::DELETE, &unknown, None, Some(&admin)).await.assert_error(404, "sso_verification_key_not_found");

    let deleted = h.sdk(Method::DELETE, &format!("/b2b/sso/{cid}"), None, Some(&admin)).await;
    assert_eq!(deleted.data()["connection_id"], cid);
    assert_eq!(h.sdk_connections(&admin).await["saml_connections"], json!([]));
    h.sdk(Method::DELETE, &format!("/b2b/sso/{cid}"), None, Some(&admin)).await.assert_error(404, "sso_connection_not_found");
}

#[tokio::test]
async fn update_by_url_reads_the_local_identity_providers_metadata_only() {
    let h = Harness::start().await;
    let metadata = reqwest::get(h.url(METADATA)).await.unwrap();
    assert_eq!(metadata.headers()["content-type"], "application/samlmetadata+xml");
    let xml = metadata.text().await.unwrap();
    assert!(xml.contains("entityID=") && xml.contains("X509Certificate"), "{xml}");

    let admin = h.admin().await;
    let cid = id(&h.create_saml(&admin).await);
    let by_url = format!("/b2b/sso/saml/{cid}/url");
    for foreign in ["http://169.254.169.254/latest/meta-data/", "https://idp.example.com/metadata", "file:///etc/passwd"] {
        let refused = h.sdk(Method::PUT, &by_url, Some(json!({"connection_id": cid, "metadata_url": foreign})), Some(&admin)).await;
        refused.assert_error(400, "invalid_saml_metadata_url");
    }
    let unchanged = &h.sdk_connections(&admin).await["saml_connections"][0];
    assert_eq!(unchanged["idp_entity_id"], "");

    let local = h.url(METADATA);
    let read = h.sdk(Method::PUT, &by_url, Some(json!({"connection_id": cid, "metadata_url": local})), Some(&admin)).await;
    let c = read.data()["connection"].clone();
    assert_eq!(c["idp_entity_id"], local.replace("/metadata", ""));
    assert_eq!(c["idp_sso_url"], local.replace("/b2b/public/idp/saml/metadata", "/public/sso/start"));
    assert_eq!(c["verification_certificates"].as_array().unwrap().len(), 1);
    assert_eq!(c["status"], "pending", "still no attribute mapping");
    let mapping = json!({"connection_id": cid, "attribute_mapping": {"email": "NameID"}});
    let c = h.sdk(Method::PUT, &format!("/b2b/sso/saml/{cid}"), Some(mapping), Some(&admin)).await;
    assert_eq!(c.data()["connection"]["status"], "active");
    // Read again, the same certificate is not added twice.
    let again = h.sdk(Method::PUT, &by_url, Some(json!({"connection_id": cid, "metadata_url": local})), Some(&admin)).await;
    assert_eq!(again.data()["connection"]["verification_certificates"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn oidc_connections_on_the_backend_api() {
    let h = Harness::start().await;
    let created = h.backend(Method::POST, &format!("/v1/b2b/sso/oidc/{SOYLENT}"), Some(json!({"display_name": "Soylent OIDC"}))).await;
    let c = created.ok()["connection"].clone();
    let cid = id(&c);
    assert!(cid.starts_with("oidc-connection-test-"));
    assert_eq!((c["status"].clone(), c["identity_provider"].clone()), (json!("pending"), json!("generic")));
    let path = format!("/v1/b2b/sso/oidc/{SOYLENT}/connections/{cid}");
    let bad = h.backend(Method::PUT, &path, Some(json!({"issuer": "not a url"}))).await;
    bad.assert_error(400, "oidc_connection_issuer_url_invalid_format");
    let bad = h.backend(Method::PUT, &path, Some(json!({"jwks_url": "ftp://idp.example.com/jwks"}))).await;
    bad.assert_error(400, "oidc_connection_jwks_url_invalid_format");
    let full = json!({
        "client_id": "client-1", "client_secret": "secret-1", "issuer": "https://idp.example.com",
        "authorization_url": "https://idp.example.com/authorize", "token_url": "https://idp.example.com/token",
        "userinfo_url": "https://idp.example.com/userinfo", "jwks_url": "https://idp.example.com/jwks",
        "custom_scopes": "groups", "attribute_mapping": {"email": "email"},
    });
    let updated = h.backend(Method::PUT, &path, Some(full)).await;
    let body = updated.ok();
    assert_eq!(body["connection"]["status"], "active");
    assert_eq!(body["connection"]["client_id"], "client-1");
    assert_eq!(body["connection"]["client_secret"], "", "the secret is never shown back");
    assert!(body["warning"].as_str().unwrap().contains("discovery"), "{body}");
    let listed = h.backend(Method::GET, &format!("/v1/b2b/sso/{SOYLENT}"), None).await;
    assert_eq!(listed.ok()["oidc_connections"][0], body["connection"]);
    // A SAML route does not find an OIDC connection, nor an OIDC route another organization's.
    let as_saml = h.backend(Method::PUT, &format!("/v1/b2b/sso/saml/{SOYLENT}/connections/{cid}"), Some(json!({}))).await;
    as_saml.assert_error(404, "saml_connection_not_found");
    let elsewhere = h.backend(Method::PUT, &format!("/v1/b2b/sso/oidc/{GLOBEX}/connections/{cid}"), Some(json!({}))).await;
    elsewhere.assert_error(404, "oidc_connection_not_found");
    let gone = h.backend(Method::DELETE, &format!("/v1/b2b/sso/{SOYLENT}/connections/{cid}"), None).await;
    assert_eq!(gone.ok()["connection_id"], cid);
    h.backend(Method::POST, "/v1/b2b/sso/oidc/organization-test-nowhere", Some(json!({})))
        .await
        .assert_error(404, "organization_not_found");
}

#[tokio::test]
async fn external_connections_share_another_organizations_connection() {
    let h = Harness::start().await;
    let path = format!("/v1/b2b/sso/external/{SOYLENT}");
    let body = |connection: &str| json!({"external_organization_id": GLOBEX, "external_connection_id": connection});
    let created = h.backend(Method::POST, &path, Some(body(GLOBEX_SAML))).await;
    let c = created.ok()["connection"].clone();
    let cid = id(&c);
    assert!(cid.starts_with("external-connection-test-"));
    assert_eq!(c["status"], "active");
    assert_eq!(c["display_name"], "Globex Entra ID", "named after the shared connection");
    h.backend(Method::POST, &path, Some(body(GLOBEX_SAML))).await.assert_error(400, "duplicate_external_sso_connection");
    h.backend(Method::POST, &path, Some(body("saml-connection-test-nowhere"))).await.assert_error(404, "external_connection_id_not_found");
    let own = json!({"external_organization_id": SOYLENT, "external_connection_id": GLOBEX_SAML});
    h.backend(Method::POST, &path, Some(own)).await.assert_error(400, "external_organization_id_same_as_organization_id");

    let update =
        json!({"display_name": "Globex (shared)", "external_group_implicit_role_assignments": [{"role_id": "employee", "group": "all"}]});
    let updated = h.backend(Method::PUT, &format!("{path}/connections/{cid}"), Some(update)).await;
    assert_eq!(updated.ok()["connection"]["external_group_implicit_role_assignments"][0]["group"], "all");
    let listed = h.backend(Method::GET, &format!("/v1/b2b/sso/{SOYLENT}"), None).await;
    assert_eq!(listed.ok()["external_connections"][0]["display_name"], "Globex (shared)");

    // Deleting the shared connection deletes what other organizations made of it.
    h.backend(Method::DELETE, &format!("/v1/b2b/sso/{GLOBEX}/connections/{GLOBEX_SAML}"), None).await.ok();
    let listed = h.backend(Method::GET, &format!("/v1/b2b/sso/{SOYLENT}"), None).await;
    assert_eq!(listed.ok()["external_connections"], json!([]));
}

#[tokio::test]
async fn a_plain_member_may_not_manage_connections() {
    let h = Harness::start().await;
    let admin = h.admin().await;
    let cid = id(&h.create_saml(&admin).await);
    let plain = h.session_of(&SOYLENT_PLAIN).await;
    let refused = [
        h.sdk(Method::POST, "/b2b/sso/saml", Some(json!({})), Some(&plain)).await,
        h.sdk(Method::POST, "/b2b/sso/oidc", Some(json!({})), Some(&plain)).await,
        h.sdk(Method::PUT, &format!("/b2b/sso/saml/{cid}"), Some(json!({"display_name": "Mine"})), Some(&plain)).await,
        h.sdk(Method::DELETE, &format!("/b2b/sso/{cid}"), None, Some(&plain)).await,
        h.sdk(
            Method::POST,
            "/b2b/sso/external",
            Some(json!({"external_organization_id": GLOBEX, "external_connection_id": GLOBEX_SAML})),
            Some(&plain),
        )
        .await,
    ];
    for reply in refused {
        reply.assert_error(403, "session_authorization_error");
    }
    // The backend API with the plain member's session header is refused the same way.
    let resp = reqwest::Client::new()
        .delete(h.url(&format!("/v1/b2b/sso/{SOYLENT}/connections/{cid}")))
        .header("Authorization", backend_auth())
        .header("X-Stytch-Member-Session", &plain)
        .send()
        .await
        .unwrap();
    Reply::from_response(resp).await.assert_error(403, "session_authorization_error");
    assert_eq!(h.sdk_connections(&admin).await["saml_connections"][0]["display_name"], "Soylent Okta", "nothing changed");
    h.sdk(Method::POST, "/b2b/sso/saml", Some(json!({})), None).await.assert_error(404, "session_not_found");
    // With the frontend SDK's member actions off, even an admin's SDK is refused.
    h.control_put("/_emulator/frontend_sdk", json!({"member_actions": false})).await;
    h.sdk(Method::POST, "/b2b/sso/saml", Some(json!({})), Some(&admin)).await.assert_error(401, "endpoint_not_authorized_for_sdk");
}

#[tokio::test]
async fn each_bad_setting_is_refused_by_name() {
    let h = Harness::start().await;
    let admin = h.admin().await;
    let cid = id(&h.create_saml(&admin).await);
    let path = format!("/b2b/sso/saml/{cid}");
    let cases = [
        (json!({"identity_provider": "myspace"}), 400, "invalid_sso_idp"),
        (json!({"x509_certificate": "not a certificate"}), 400, "invalid_x509_certificate"),
        (json!({"x509_certificate": "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"}), 400, "invalid_x509_certificate"),
        // DER, but no certificate inside.
        (json!({"x509_certificate": "-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATE-----"}), 400, "invalid_x509_certificate"),
        (json!({"idp_sso_url": "javascript:alert(1)"}), 400, "invalid_idp_sso_url"),
        (json!({"idp_entity_id": "x".repeat(5000)}), 400, "invalid_idp_entity_id"),
        (json!({"saml_connection_implicit_role_assignments": [{"role_id": "no_such_role"}]}), 400, "bad_request"),
        (json!({"saml_group_implicit_role_assignments": [{"role_id": "employee", "group": ""}]}), 400, "bad_request"),
        (json!({"saml_encryption_private_key": CERTIFICATE}), 400, "bad_request"),
        (json!({"attribute_mapping": {"email": 7}}), 400, "bad_request"),
        (json!({"display_name": "a\u{0}b"}), 400, "bad_request"),
    ];
    for (body, status, error_type) in cases {
        let reply = h.sdk(Method::PUT, &path, Some(body.clone()), Some(&admin)).await;
        assert_eq!(reply.status, status, "{body}: {}", reply.body);
        reply.assert_error(status, error_type);
    }
    assert_eq!(h.sdk_connections(&admin).await["saml_connections"][0]["verification_certificates"], json!([]), "nothing stored");
    h.sdk(Method::POST, "/b2b/sso/oidc", Some(json!({"identity_provider": "myspace"})), Some(&admin))
        .await
        .assert_error(400, "invalid_sso_idp");
    let unknown = "/b2b/sso/saml/saml-connection-test-nowhere";
    h.sdk(Method::PUT, unknown, Some(json!({})), Some(&admin)).await.assert_error(404, "saml_connection_not_found");
    let key = format!("/b2b/sso/saml/{cid}/encryption_private_key/saml-encryption-key-test-nowhere");
    h.sdk(Method::DELETE, &key, None, Some(&admin)).await.assert_error(404, "sso_verification_key_not_found");
}

#[tokio::test]
async fn an_organization_keeps_a_bounded_number_of_connections() {
    let h = Harness::start().await;
    let limit = stytch_emulator::limits::Limits::STYTCH.sso_connections_per_organization;
    let path = format!("/v1/b2b/sso/saml/{SOYLENT}");
    for _ in 0..limit {
        h.backend(Method::POST, &path, Some(json!({}))).await.ok();
    }
    h.backend(Method::POST, &path, Some(json!({}))).await.assert_error(400, "bad_request");
    let listed = h.backend(Method::GET, &format!("/v1/b2b/sso/{SOYLENT}"), None).await;
    assert_eq!(listed.ok()["saml_connections"].as_array().unwrap().len(), limit);
}

/// Opens the connection's start page and "continues as" `email` with the attributes given;
/// returns the page and the redirect's SSO token.
async fn sign_in(h: &Harness, connection_id: &str, email: &str, attributes: &[(&str, &str)]) -> (String, String) {
    let start = format!(
        "/v1/public/sso/start?public_token={PUBLIC_TOKEN}&connection_id={connection_id}&login_redirect_url=http://localhost:8080/sso"
    );
    let html = h.http.get(h.url(&start)).send().await.unwrap().text().await.unwrap();
    let form = html.split("<form id=other").nth(1).expect("the other-account form");
    let mut query: Vec<(String, String)> = form
        .split("<input type=hidden name=\"")
        .skip(1)
        .map(|chunk| {
            let (name, rest) = chunk.split_once("\" value=\"").unwrap();
            (name.to_string(), rest.split('"').next().unwrap().replace("&amp;", "&"))
        })
        .collect();
    query.push(("email".into(), email.into()));
    query.extend(attributes.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let resp = client.get(h.url("/v1/b2b/public/idp/consent")).query(&query).send().await.unwrap();
    assert_eq!(resp.status(), 302, "{}", resp.text().await.unwrap());
    let location = reqwest::Url::parse(resp.headers()["location"].to_str().unwrap()).unwrap();
    let token = location.query_pairs().find(|(k, _)| k == "token").map(|(_, v)| v.to_string()).unwrap();
    (html, token)
}

fn roles(member: &Value) -> Vec<(String, Vec<String>)> {
    let of = |r: &Value| r["sources"].as_array().unwrap().iter().map(|s| s["type"].as_str().unwrap().to_string()).collect();
    member["roles"].as_array().unwrap().iter().map(|r| (r["role_id"].as_str().unwrap().to_string(), of(r))).collect()
}

#[tokio::test]
async fn sign_ins_through_the_local_identity_provider_use_the_connections_mapping_and_group_roles() {
    let h = Harness::start().await;
    let created = h.backend(Method::POST, &format!("/v1/b2b/sso/saml/{SOYLENT}"), Some(json!({"display_name": "Soylent IdP"}))).await;
    let cid = id(&created.ok()["connection"]);
    let path = format!("/v1/b2b/sso/saml/{SOYLENT}/connections/{cid}");
    let setup = json!({
        "idp_entity_id": "https://idp.example.com", "idp_sso_url": "https://idp.example.com/sso", "x509_certificate": CERTIFICATE,
        "attribute_mapping": {"email": "NameID", "first_name": "givenName", "last_name": "sn", "groups": "memberOf"},
        "saml_connection_implicit_role_assignments": [{"role_id": "stytch_member"}],
        "saml_group_implicit_role_assignments": [{"role_id": "mfa_manager", "group": "security"}],
    });
    assert_eq!(h.backend(Method::PUT, &path, Some(setup)).await.ok()["connection"]["status"], "active");

    let attributes = [("first_name", "Ada"), ("last_name", "Lovelace"), ("groups", "security, eng")];
    let (page, token) = sign_in(&h, &cid, "ada@soylent.test", &attributes).await;
    assert!(page.contains("name=groups") && page.contains("sent as memberOf"), "the page asks for the mapped attributes");
    let login = h.post("/b2b/sso/authenticate", json!({"sso_token": token, "session_duration_minutes": 60}), None).await;
    let member = login.data()["member"].clone();
    assert_eq!(member["name"], "Ada Lovelace", "the mapped names");
    let registration = &member["sso_registrations"][0];
    assert_eq!(registration["connection_id"], cid);
    assert_eq!(
        registration["sso_attributes"],
        json!({"NameID": "ada@soylent.test", "givenName": "Ada", "sn": "Lovelace", "memberOf": ["security", "eng"]})
    );
    let held = roles(&member);
    assert!(held.contains(&("mfa_manager".into(), vec!["sso_connection_group".into()])), "{held:?}");
    assert!(held.iter().any(|(r, s)| r == "stytch_member" && s.contains(&"sso_connection".to_string())), "{held:?}");
    assert!(login.data()["member_session"]["roles"].as_array().unwrap().contains(&json!("mfa_manager")), "the session's roles too");

    // The group's role follows the connection's settings, and the next sign-in's groups.
    let member_path = format!("/v1/b2b/organizations/{SOYLENT}/member?member_id={}", member["member_id"].as_str().unwrap());
    h.backend(Method::PUT, &path, Some(json!({"saml_group_implicit_role_assignments": []}))).await.ok();
    let now = h.backend(Method::GET, &member_path, None).await;
    assert!(!roles(&now.ok()["member"]).iter().any(|(r, _)| r == "mfa_manager"), "the assignment is gone");
    h.backend(Method::PUT, &path, Some(json!({"saml_group_implicit_role_assignments": [{"role_id": "mfa_manager", "group": "security"}]})))
        .await
        .ok();
    let (_, token) = sign_in(&h, &cid, "ada@soylent.test", &[("groups", "eng")]).await;
    let login = h.post("/b2b/sso/authenticate", json!({"sso_token": token, "session_duration_minutes": 60}), None).await;
    assert!(!roles(&login.data()["member"]).iter().any(|(r, _)| r == "mfa_manager"), "no longer in the group");
    assert_eq!(login.data()["member"]["name"], "Ada Lovelace", "no names sent: the name stays");

    // A connection without mappings asks for nothing more, and deleting one ends its registrations.
    let (page, _) = sign_in(&h, GLOBEX_SAML, "optional.member@globex.test", &[("groups", "security")]).await;
    assert!(!page.contains("name=groups"));
    h.backend(Method::DELETE, &format!("/v1/b2b/sso/{SOYLENT}/connections/{cid}"), None).await.ok();
    let after = h.backend(Method::GET, &member_path, None).await;
    assert_eq!(after.ok()["member"]["sso_registrations"], json!([]));
}

#[tokio::test]
async fn an_external_connection_signs_members_into_its_own_organization_with_its_roles() {
    let h = Harness::start().await;
    let shared = json!({"external_organization_id": GLOBEX, "external_connection_id": GLOBEX_SAML,
        "connection_implicit_role_assignments": [{"role_id": "mfa_manager"}]});
    let created = h.backend(Method::POST, &format!("/v1/b2b/sso/external/{SOYLENT}"), Some(shared)).await;
    let cid = id(&created.ok()["connection"]);
    // Discovery finds it among Soylent's active connections for a Soylent email.
    assert!(h.discovered("admin.member@soylent.test").await.contains(&cid));

    let (_, token) = sign_in(&h, &cid, "guest@soylent.test", &[]).await;
    let login = h.post("/b2b/sso/authenticate", json!({"sso_token": token, "session_duration_minutes": 60}), None).await;
    let data = login.data();
    assert_eq!(data["organization_id"], SOYLENT, "into the organization of the external connection");
    let factor = data["member_session"]["authentication_factors"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(factor["delivery_method"], "sso_saml", "through the shared SAML connection's identity provider");
    assert!(roles(&data["member"]).contains(&("mfa_manager".into(), vec!["sso_connection".into()])));
}

#[tokio::test]
async fn a_pending_connection_is_not_discovered_until_it_is_active() {
    let h = Harness::start().await;
    let admin = h.admin().await;
    let cid = id(&h.create_saml(&admin).await);
    assert!(!h.discovered("admin.member@soylent.test").await.contains(&cid));
    let metadata_url = h.url(METADATA);
    h.sdk(Method::PUT, &format!("/b2b/sso/saml/{cid}/url"), Some(json!({"metadata_url": metadata_url})), Some(&admin)).await.data();
    let mapping = json!({"attribute_mapping": {"email": "NameID"}});
    h.sdk(Method::PUT, &format!("/b2b/sso/saml/{cid}"), Some(mapping), Some(&admin)).await.data();
    assert!(h.discovered("admin.member@soylent.test").await.contains(&cid));
}

#[tokio::test]
async fn connections_travel_in_an_export_and_a_state_naming_an_unknown_role_is_refused() {
    let a = Harness::start().await;
    let created = a.backend(Method::POST, &format!("/v1/b2b/sso/saml/{SOYLENT}"), Some(json!({"display_name": "Exported"}))).await;
    let cid = id(&created.ok()["connection"]);
    let setup =
        json!({"x509_certificate": CERTIFICATE, "saml_group_implicit_role_assignments": [{"role_id": "mfa_manager", "group": "g"}]});
    a.backend(Method::PUT, &format!("/v1/b2b/sso/saml/{SOYLENT}/connections/{cid}"), Some(setup)).await.ok();
    let listed = a.backend(Method::GET, &format!("/v1/b2b/sso/{SOYLENT}"), None).await.ok().clone();
    let export: Value = a.http.get(a.url("/_emulator/state")).send().await.unwrap().json().await.unwrap();

    let b = Harness::start().await;
    let put = |body: String| b.http.put(b.url("/_emulator/state")).header("Content-Type", "application/json").body(body).send();
    let mut unknown_role = export.clone();
    let connections = &mut unknown_role["world"]["organizations"][SOYLENT]["sso_connections"];
    connections[0]["settings"]["group_roles"][0]["role_id"] = json!("no_such_role");
    Reply::from_response(put(unknown_role.to_string()).await.unwrap()).await.assert_error(400, "invalid_state");
    assert_eq!(put(export.to_string()).await.unwrap().status(), 200);
    let imported = b.backend(Method::GET, &format!("/v1/b2b/sso/{SOYLENT}"), None).await;
    let strip = |v: &Value| {
        let mut v = v.clone();
        v.as_object_mut().unwrap().remove("request_id");
        v
    };
    assert_eq!(strip(imported.ok()), strip(&listed), "the settings came along");
}
