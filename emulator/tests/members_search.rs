//! An app's organization dashboard over real HTTP (#22): members search on the backend API
//! (`POST /v1/b2b/organizations/members/search`) and the SDK API (`POST
//! /sdk/v1/b2b/organizations/me/members/search`, the caller's organization only), and the
//! SSO connections of an organization on both (`GET /v1/b2b/sso/{organization_id}`, `GET
//! /sdk/v1/b2b/sso`).

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

const SEARCH: &str = "/v1/b2b/organizations/members/search";

impl Harness {
    async fn search(&self, body: Value) -> Reply {
        self.backend_post(SEARCH, body).await
    }

    /// The member ids of a successful backend search, in the order answered.
    async fn search_ids(&self, body: Value) -> Vec<String> {
        ids(self.search(body).await.ok())
    }

    /// Gives a member `stytch_admin`: the SDK's search needs `search` on `stytch.member`,
    /// which the default `stytch_member` role lacks.
    async fn make_admin(&self, org: &str, member_id: &str) {
        let path = format!("/v1/b2b/organizations/{org}/members/{member_id}");
        self.backend(Method::PUT, &path, Some(json!({"roles": ["stytch_admin"]}))).await.ok();
    }

    /// A live member session of Globex's member (no MFA required there), an admin.
    async fn globex_session(&self) -> String {
        self.make_admin(GLOBEX, GLOBEX_OPTIONAL.id).await;
        let login = self.password_login(GLOBEX, GLOBEX_OPTIONAL.email).await;
        login["session_token"].as_str().expect("Globex needs no MFA").to_string()
    }

    /// A live member session of Acme's SMS member, an admin: the password, then the code sent at login.
    async fn acme_session(&self) -> String {
        self.make_admin(ACME, ACME_SMS.id).await;
        let ist = self.password_login(ACME, ACME_SMS.email).await["intermediate_session_token"].as_str().unwrap().to_string();
        let code = self.last_sms_code(ACME_SMS.phone).await;
        let auth = json!({"organization_id": ACME, "member_id": ACME_SMS.id, "intermediate_session_token": ist, "code": code});
        self.post("/b2b/otps/sms/authenticate", auth, None).await.data()["session_token"].as_str().unwrap().to_string()
    }

    async fn create_member(&self, org: &str, email: &str, extra: Value) -> String {
        let mut body = json!({"email_address": email});
        body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        let reply = self.backend_post(&format!("/v1/b2b/organizations/{org}/members"), body).await;
        reply.ok()["member_id"].as_str().unwrap().to_string()
    }
}

fn ids(body: &Value) -> Vec<String> {
    body["members"].as_array().unwrap().iter().map(|m| m["member_id"].as_str().unwrap().to_string()).collect()
}

fn sorted(mut v: Vec<&str>) -> Vec<String> {
    v.sort();
    v.into_iter().map(str::to_string).collect()
}

fn one(filter_name: &str, filter_value: Value) -> Value {
    json!({"operator": "AND", "operands": [{"filter_name": filter_name, "filter_value": filter_value}]})
}

#[tokio::test]
async fn an_organizations_members_come_with_their_organization_and_a_total() {
    let h = Harness::start().await;
    let reply = h.search(json!({"organization_ids": [ACME]})).await;
    let body = reply.ok();
    assert_eq!(ids(body), sorted(vec![ACME_NEW.id, ACME_SMS.id, ACME_TOTP.id]));
    assert_eq!(body["results_metadata"], json!({"total": 3, "next_cursor": null}));
    let orgs = body["organizations"].as_object().unwrap();
    assert_eq!(orgs.keys().collect::<Vec<_>>(), [ACME]);
    assert_eq!(orgs[ACME]["organization_slug"], "acme");
    assert_eq!(body["members"][0]["organization_id"], ACME);
    assert_eq!(body["members"][0]["roles"][0]["role_id"], "stytch_member");

    let both = h.search_ids(json!({"organization_ids": [ACME, GLOBEX]})).await;
    assert_eq!(both, sorted(vec![ACME_NEW.id, ACME_SMS.id, ACME_TOTP.id, GLOBEX_OPTIONAL.id]));
}

#[tokio::test]
async fn each_filter_picks_the_members_it_names() {
    let h = Harness::start().await;
    let pending = h.create_member(ACME, "Pending.Person@acme.test", json!({"create_member_as_pending": true})).await;
    let pending = pending.as_str();
    let orgs = json!([ACME, INITECH]);
    let cases: Vec<(&str, Value, Vec<&str>)> = vec![
        ("member_ids", json!([ACME_SMS.id, INITECH_PHONE.id, "member-test-nobody"]), vec![ACME_SMS.id, INITECH_PHONE.id]),
        ("member_emails", json!(["TOTP.member@acme.test", "restricted.member@initech.test"]), vec![ACME_TOTP.id, INITECH_RESTRICTED.id]),
        ("member_email_fuzzy", json!("PHONE.mem"), vec![INITECH_PHONE.id]),
        ("member_email_fuzzy", json!("person"), vec![pending]),
        ("member_is_breakglass", json!(true), vec![]),
        (
            "member_is_breakglass",
            json!(false),
            vec![ACME_NEW.id, ACME_SMS.id, ACME_TOTP.id, pending, INITECH_RESTRICTED.id, INITECH_PHONE.id, INITECH_SHARED.id],
        ),
        ("statuses", json!(["pending"]), vec![pending]),
        (
            "statuses",
            json!(["active", "invited"]),
            vec![ACME_NEW.id, ACME_SMS.id, ACME_TOTP.id, INITECH_RESTRICTED.id, INITECH_PHONE.id, INITECH_SHARED.id],
        ),
        ("member_mfa_phone_numbers", json!([ACME_SMS.phone, "+15555550000"]), vec![ACME_SMS.id]),
        ("member_phone_numbers", json!([INITECH_PHONE.phone]), vec![INITECH_PHONE.id]),
        ("member_mfa_phone_number_fuzzy", json!("555550"), vec![ACME_SMS.id, INITECH_PHONE.id]),
        ("member_password_exists", json!(false), vec![pending]),
        (
            "member_password_exists",
            json!(true),
            vec![ACME_NEW.id, ACME_SMS.id, ACME_TOTP.id, INITECH_RESTRICTED.id, INITECH_PHONE.id, INITECH_SHARED.id],
        ),
        (
            "member_roles",
            json!(["stytch_member"]),
            vec![ACME_NEW.id, ACME_SMS.id, ACME_TOTP.id, pending, INITECH_RESTRICTED.id, INITECH_PHONE.id, INITECH_SHARED.id],
        ),
        ("member_roles", json!(["stytch_admin"]), vec![]),
    ];
    for (name, value, want) in cases {
        let got = h.search_ids(json!({"organization_ids": orgs, "query": one(name, value.clone())})).await;
        assert_eq!(got, sorted(want), "{name} {value}");
    }
}

#[tokio::test]
async fn and_wants_every_operand_or_any_and_no_operands_filter_nothing() {
    let h = Harness::start().await;
    let operands = json!([
        {"filter_name": "member_email_fuzzy", "filter_value": "acme.test"},
        {"filter_name": "member_mfa_phone_numbers", "filter_value": [ACME_SMS.phone, INITECH_PHONE.phone]},
    ]);
    let orgs = json!([ACME, INITECH]);
    let and = h.search_ids(json!({"organization_ids": orgs, "query": {"operator": "AND", "operands": operands}})).await;
    assert_eq!(and, [ACME_SMS.id]);
    let or = h.search_ids(json!({"organization_ids": orgs, "query": {"operator": "OR", "operands": operands}})).await;
    assert_eq!(or, sorted(vec![ACME_NEW.id, ACME_SMS.id, ACME_TOTP.id, INITECH_PHONE.id]));
    let none = h.search_ids(json!({"organization_ids": [GLOBEX], "query": {"operator": "AND", "operands": []}})).await;
    assert_eq!(none, [GLOBEX_OPTIONAL.id]);
}

#[tokio::test]
async fn pages_of_limit_members_follow_their_cursors_to_the_end() {
    let h = Harness::start().await;
    let org = h.backend_post("/v1/b2b/organizations", json!({"organization_name": "Paged"})).await.ok()["organization"]["organization_id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut created = Vec::new();
    for i in 0..7 {
        created.push(h.create_member(&org, &format!("member{i}@paged.test"), json!({})).await);
    }
    created.sort();
    let mut seen = Vec::new();
    let mut cursor = Value::Null;
    let mut pages = 0;
    loop {
        let reply = h.search(json!({"organization_ids": [org], "limit": 3, "cursor": cursor})).await;
        let body = reply.ok();
        assert_eq!(body["results_metadata"]["total"], 7);
        let page = ids(body);
        pages += 1;
        assert_eq!(page.len(), if pages < 3 { 3 } else { 1 }, "page {pages}");
        seen.extend(page);
        cursor = body["results_metadata"]["next_cursor"].clone();
        if cursor.is_null() {
            break;
        }
        // The same cursor answers the same page again (cursors are stable).
        let again = h.search(json!({"organization_ids": [org], "limit": 3, "cursor": cursor})).await;
        assert_eq!(again.ok()["results_metadata"]["next_cursor"].is_null(), pages == 2);
    }
    assert_eq!((pages, seen), (3, created));
}

#[tokio::test]
async fn bad_queries_cursors_limits_and_organizations_are_refused() {
    let h = Harness::start().await;
    let cases: Vec<(Value, u16, &str)> = vec![
        (json!({}), 400, "bad_request"),
        (json!({"organization_ids": []}), 400, "bad_request"),
        (json!({"organization_ids": ["organization-test-nowhere"]}), 404, "organization_not_found"),
        (json!({"organization_ids": [ACME, "organization-test-nowhere"]}), 404, "organization_not_found"),
        (json!({"organization_ids": [ACME], "cursor": "not a cursor"}), 400, "invalid_search_cursor"),
        (json!({"organization_ids": [ACME], "cursor": "bWVtYmVyLXRlc3QtMQ"}), 400, "invalid_search_cursor"),
        (json!({"organization_ids": [ACME], "limit": 1001}), 400, "bad_request"),
        (json!({"organization_ids": [ACME], "limit": -1}), 400, "bad_request"),
        (json!({"organization_ids": [ACME], "query": one("member_favourite_colour", json!("blue"))}), 400, "invalid_search_filter"),
        (json!({"organization_ids": [ACME], "query": one("organization_slugs", json!(["acme"]))}), 400, "invalid_search_filter"),
        (json!({"organization_ids": [ACME], "query": one("member_email_fuzzy", json!("ac"))}), 400, "bad_request"),
        (json!({"organization_ids": [ACME], "query": one("member_emails", json!("a@acme.test"))}), 400, "bad_request"),
        (json!({"organization_ids": [ACME], "query": one("member_is_breakglass", json!("yes"))}), 400, "bad_request"),
        (json!({"organization_ids": [ACME], "query": one("statuses", json!(["retired"]))}), 400, "bad_request"),
        (json!({"organization_ids": [ACME], "query": {"operator": "XOR", "operands": []}}), 400, "bad_request"),
        (json!({"organization_ids": [ACME], "query": {"operands": []}}), 400, "bad_request"),
    ];
    for (body, status, error_type) in cases {
        let reply = h.search(body.clone()).await;
        assert_eq!((reply.status, reply.body["error_type"].as_str()), (status, Some(error_type)), "{body}: {}", reply.body);
        reply.assert_error(status, error_type);
    }
    // Limits inside the range, 0 meaning the default.
    assert_eq!(h.search_ids(json!({"organization_ids": [ACME], "limit": 0})).await.len(), 3);
    assert_eq!(h.search_ids(json!({"organization_ids": [ACME], "limit": 1000})).await.len(), 3);
}

#[tokio::test]
async fn the_sdk_searches_the_callers_organization_only() {
    let h = Harness::start().await;
    let token = h.globex_session().await;
    // A query that matches members of every organization finds Globex's only.
    let body = json!({"organization_ids": [ACME], "query": one("member_password_exists", json!(true))});
    let reply = h.post("/b2b/organizations/me/members/search", body, Some(&token)).await;
    let data = reply.data();
    assert_eq!(ids(data), [GLOBEX_OPTIONAL.id]);
    assert_eq!(data["results_metadata"], json!({"total": 1, "next_cursor": null}));
    assert_eq!(data["organizations"].as_object().unwrap().keys().collect::<Vec<_>>(), [GLOBEX]);

    let acme = h.acme_session().await;
    let reply = h.post("/b2b/organizations/me/members/search", json!({"limit": 2}), Some(&acme)).await;
    assert_eq!(reply.data()["results_metadata"]["total"], 3);
    assert_eq!(ids(reply.data()).len(), 2);

    // No session: the public token alone is not a member of any organization.
    h.post("/b2b/organizations/me/members/search", json!({}), None).await.assert_error(404, "session_not_found");
    h.post("/b2b/organizations/me/members/search", json!({}), Some("not-a-session")).await.assert_error(404, "session_not_found");
    let reply = h.post("/b2b/organizations/me/members/search", json!({"query": one("nope", json!(1))}), Some(&token)).await;
    reply.assert_error(400, "invalid_search_filter");
}

#[tokio::test]
async fn sso_connections_by_protocol_on_both_apis() {
    let h = Harness::start().await;
    let acme = h.backend(Method::GET, &format!("/v1/b2b/sso/{ACME}"), None).await;
    let acme = acme.ok();
    assert_eq!(acme["saml_connections"], json!([]));
    assert_eq!(acme["external_connections"], json!([]));
    let oidc = acme["oidc_connections"].as_array().unwrap();
    assert_eq!(oidc.len(), 1);
    let fields = ["organization_id", "connection_id", "display_name", "status", "identity_provider", "client_secret"];
    assert_eq!(fields.map(|f| oidc[0][f].clone()), [ACME, ACME_OIDC, "Acme Okta", "active", "generic", ""].map(|v| json!(v)));
    let globex = h.backend(Method::GET, &format!("/v1/b2b/sso/{GLOBEX}"), None).await;
    let globex = globex.ok();
    assert_eq!(globex["oidc_connections"], json!([]));
    assert_eq!(globex["saml_connections"][0]["connection_id"], GLOBEX_SAML);
    assert_eq!(globex["saml_connections"][0]["display_name"], "Globex Entra ID");
    assert_eq!(globex["saml_connections"][0]["nameid_format"], "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress");
    assert_eq!(globex["saml_connections"][0]["signing_certificates"], json!([]));
    let initech = h.backend(Method::GET, &format!("/v1/b2b/sso/{INITECH}"), None).await;
    assert_eq!(initech.ok()["saml_connections"].as_array().map(Vec::len), Some(0));
    h.backend(Method::GET, "/v1/b2b/sso/organization-test-nowhere", None).await.assert_error(404, "organization_not_found");

    let token = h.globex_session().await;
    let sdk = h.get("/b2b/sso", Some(&token)).await;
    assert_eq!(sdk.data()["saml_connections"], globex["saml_connections"]);
    assert_eq!(sdk.data()["oidc_connections"], json!([]));
    let token = h.acme_session().await;
    let sdk = h.get("/b2b/sso", Some(&token)).await;
    assert_eq!(sdk.data()["oidc_connections"], acme["oidc_connections"]);
    h.get("/b2b/sso", None).await.assert_error(404, "session_not_found");
}

/// The protocol's types describe both answers exactly: read into the type and written back,
/// each is the JSON the SDK API sent (no field lost, none invented).
#[tokio::test]
async fn both_answers_round_trip_through_the_protocols_types() {
    use stytch_b2b_protocol::responses::{MembersSearchResponse, SsoConnectionsResponse};
    fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(data: &Value) -> T {
        let typed: T = serde_json::from_value(data.clone()).unwrap();
        assert_eq!(&serde_json::to_value(&typed).unwrap(), data);
        typed
    }
    let h = Harness::start().await;
    let token = h.acme_session().await;
    let search: MembersSearchResponse =
        round_trip(h.post("/b2b/organizations/me/members/search", json!({"limit": 1}), Some(&token)).await.data());
    assert!(search.results_metadata.next_cursor.is_some());
    let sso: SsoConnectionsResponse = round_trip(h.get("/b2b/sso", Some(&token)).await.data());
    assert_eq!(sso.oidc_connections[0].connection_id, ACME_OIDC);
}
