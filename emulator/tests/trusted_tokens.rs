//! `sessions.attest` over real HTTP (rest22): a JWT minted elsewhere, accepted by a trusted
//! auth token profile set through the control API, becomes a member session with a
//! `trusted_auth_token` factor; what the profile did not sign or address is refused. The
//! test key pair is in `fixtures/` (made for these tests, never used elsewhere).

mod common;

use common::*;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{json, Value};

/// The private key (PKCS#1 DER) the tests sign with, and its public key (PEM) the profile holds.
const PRIVATE_KEY_DER: &[u8] = include_bytes!("fixtures/trusted-token-test-key.der");
const PUBLIC_KEY_PEM: &str = include_str!("fixtures/trusted-token-test-key.pub.pem");
const PROFILE: &str = "trusted-auth-token-profile-test-partner";
const ISSUER: &str = "https://partner.test";
const AUDIENCE: &str = "emulator-tests";

fn profile(can_jit_provision: bool) -> Value {
    json!({
        "profile_id": PROFILE,
        "name": "Partner",
        "audience": AUDIENCE,
        "issuer": ISSUER,
        "pem_files": [PUBLIC_KEY_PEM],
        "attribute_mapping": {"email": "email", "token_id": "jti", "organization_id": "org"},
        "can_jit_provision": can_jit_provision,
    })
}

fn sign(claims: &Value, key: &EncodingKey, alg: Algorithm) -> String {
    jsonwebtoken::encode(&Header::new(alg), claims, key).unwrap()
}

impl Harness {
    async fn set_profiles(&self, profiles: Value) -> Reply {
        let resp = self.http.put(self.url("/_emulator/trusted_token_profiles")).json(&json!({"trusted_token_profiles": profiles}));
        Reply::from_response(resp.send().await.unwrap()).await
    }

    /// A token of the partner for `email` in `org`, alive five minutes by the emulator's clock;
    /// `changes` replace or (as null) remove claims.
    async fn partner_token(&self, email: &str, org: &str, token_id: &str, changes: Value) -> String {
        let mut claims =
            json!({"iss": ISSUER, "aud": AUDIENCE, "exp": self.now_unix().await + 300, "email": email, "jti": token_id, "org": org});
        for (k, v) in changes.as_object().unwrap() {
            match v {
                Value::Null => claims.as_object_mut().unwrap().remove(k),
                v => claims.as_object_mut().unwrap().insert(k.clone(), v.clone()),
            };
        }
        sign(&claims, &EncodingKey::from_rsa_der(PRIVATE_KEY_DER), Algorithm::RS256)
    }

    async fn attest(&self, token: &str, extra: Value) -> Reply {
        let mut body = json!({"profile_id": PROFILE, "token": token, "session_duration_minutes": 60});
        body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        self.post("/b2b/sessions/attest", body, None).await
    }
}

#[tokio::test]
async fn a_token_the_profile_accepts_starts_a_session_with_its_factor_once() {
    let h = Harness::start().await;
    assert_eq!(h.set_profiles(json!([profile(false)])).await.status, 200);
    let token = h.partner_token(GLOBEX_OPTIONAL.email, GLOBEX, "token-1", json!({})).await;
    let attested = h.attest(&token, json!({})).await;
    let d = attested.data();
    assert_eq!(d["member_id"], GLOBEX_OPTIONAL.id);
    let factor = &d["member_session"]["authentication_factors"][0];
    assert_eq!((factor["type"].as_str(), factor["delivery_method"].as_str()), (Some("trusted_auth_token"), Some("trusted_token_exchange")));
    assert_eq!(factor["trusted_auth_token_factor"], json!({"token_id": "token-1"}));
    let session = d["session_token"].as_str().unwrap();
    assert_eq!(h.post("/b2b/sessions/authenticate", json!({}), Some(session)).await.data()["member_id"], GLOBEX_OPTIONAL.id);
    h.attest(&token, json!({})).await.assert_error(401, "invalid_trusted_auth_token");

    // On the backend, with the member's session: the factor is added to it.
    let login = h.password_login(GLOBEX, GLOBEX_OPTIONAL.email).await;
    let again = h.partner_token(GLOBEX_OPTIONAL.email, GLOBEX, "token-2", json!({"org": null})).await;
    let body = json!({"profile_id": PROFILE, "token": again, "organization_id": GLOBEX, "session_token": login["session_token"]});
    let added = h.backend_post("/v1/b2b/sessions/attest", body).await;
    assert_eq!(factor_types(&added.ok()["member_session"]), ["password", "trusted_auth_token"]);
    assert_eq!(added.ok()["session_token"], login["session_token"]);
}

#[tokio::test]
async fn what_the_profile_did_not_sign_or_address_is_refused() {
    let h = Harness::start().await;
    h.set_profiles(json!([profile(false)])).await;
    let email = GLOBEX_OPTIONAL.email;
    for changes in [
        json!({"iss": "https://someone-else.test"}),
        json!({"aud": "another-app"}),
        json!({"exp": 1_000_000}),
        json!({"jti": null}),
        json!({"email": null}),
    ] {
        let token = h.partner_token(email, GLOBEX, "t", changes.clone()).await;
        h.attest(&token, json!({})).await.assert_error(401, "invalid_trusted_auth_token");
    }
    let claims = json!({"iss": ISSUER, "aud": AUDIENCE, "exp": h.now_unix().await + 300, "email": email, "jti": "t", "org": GLOBEX});
    let forged = sign(&claims, &EncodingKey::from_secret(b"not the partner's key"), Algorithm::HS256);
    h.attest(&forged, json!({})).await.assert_error(401, "invalid_trusted_auth_token");
    // The token expires by the emulator's clock.
    let token = h.partner_token(email, GLOBEX, "late", json!({})).await;
    h.advance_clock(301).await;
    h.attest(&token, json!({})).await.assert_error(401, "invalid_trusted_auth_token");

    let no_org = h.partner_token(email, GLOBEX, "t2", json!({"org": null})).await;
    h.attest(&no_org, json!({})).await.assert_error(400, "bad_request");
    let other_org = h.partner_token(email, GLOBEX, "t3", json!({})).await;
    h.attest(&other_org, json!({"organization_id": ACME})).await.assert_error(400, "bad_request");
    let stranger = h.partner_token("stranger@globex.test", GLOBEX, "t4", json!({})).await;
    h.attest(&stranger, json!({})).await.assert_error(404, "member_not_found");
    let unknown = json!({"profile_id": "trusted-auth-token-profile-test-none"});
    h.attest(&stranger, unknown).await.assert_error(404, "trusted_token_profile_not_found");
    // A session in the request must be the token's member's.
    let other = h.password_login(SOYLENT, SOYLENT_ADMIN.email).await;
    let mine = h.partner_token(email, GLOBEX, "t5", json!({})).await;
    let body = json!({"profile_id": PROFILE, "token": mine, "session_token": other["session_token"]});
    h.backend_post("/v1/b2b/sessions/attest", body).await.assert_error(400, "session_member_mismatch");
    // None of the refusals spent the token id t5.
    h.attest(&mine, json!({})).await.data();
}

#[tokio::test]
async fn a_profile_that_provisions_creates_the_member_and_the_control_api_checks_profiles() {
    let h = Harness::start().await;
    h.set_profiles(json!([profile(true)])).await;
    let token = h.partner_token("newcomer@globex.test", GLOBEX, "jit-1", json!({})).await;
    let member = h.attest(&token, json!({})).await.data()["member"].clone();
    assert_eq!((member["email_address"].as_str(), member["status"].as_str()), (Some("newcomer@globex.test"), Some("active")));

    let mut keyless = profile(false);
    keyless["pem_files"] = json!([]);
    h.set_profiles(json!([keyless])).await.assert_error(400, "bad_request");
    let mut not_a_key = profile(false);
    not_a_key["pem_files"] = json!(["-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"]);
    h.set_profiles(json!([not_a_key])).await.assert_error(400, "bad_request");
    h.set_profiles(json!([profile(false), profile(true)])).await.assert_error(400, "bad_request");
    let listed = h.control_get("/_emulator/trusted_token_profiles").await;
    assert_eq!(listed["trusted_token_profiles"], json!([profile(true)]), "a refused list changes nothing");
}

/// The seed's `project.trusted_token_profiles` (what a reset restores), and a seed with a bad
/// profile refused at start.
#[tokio::test]
async fn profiles_come_from_the_seed_and_a_bad_one_stops_the_start() {
    let seed_with = |profiles: Value| {
        let mut seed: Value = serde_json::from_str(stytch_emulator::DEFAULT_SEED).unwrap();
        seed["project"]["trusted_token_profiles"] = profiles;
        let path =
            std::env::temp_dir().join(format!("stytch-emulator-trusted-seed-{}-{}.json", std::process::id(), seed.to_string().len()));
        std::fs::write(&path, seed.to_string()).unwrap();
        path
    };
    let good = seed_with(json!([profile(false)]));
    let h = Harness::start_with(stytch_emulator::Config { port: 0, seed: Some(good.clone()), ..Default::default() }).await;
    let token = h.partner_token(GLOBEX_OPTIONAL.email, GLOBEX, "seeded", json!({})).await;
    assert_eq!(h.attest(&token, json!({})).await.data()["member_id"], GLOBEX_OPTIONAL.id);
    h.set_profiles(json!([])).await;
    h.control_post("/_emulator/reset", json!({})).await;
    assert_eq!(
        h.control_get("/_emulator/trusted_token_profiles").await["trusted_token_profiles"],
        json!([profile(false)]),
        "a reset restores the seed's"
    );

    let mut keyless = profile(false);
    keyless["pem_files"] = json!([]);
    let bad = seed_with(json!([keyless]));
    let refused = stytch_emulator::start(stytch_emulator::Config { port: 0, seed: Some(bad.clone()), ..Default::default() }).await;
    assert!(refused.is_err_and(|e| e.to_string().contains("pem_files")));
    let _ = (std::fs::remove_file(good), std::fs::remove_file(bad));
}
