//! The project's session-JWT signing key (RS256): signing, verification and the JWKS.
//! The RSA key itself comes from `rsa` (generation, PEM for `--state`); JWTs are checked with
//! `jsonwebtoken` and signed by `Signer`.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD as B64URL, Engine};
use jsonwebtoken::{Algorithm, DecodingKey, Header, Validation};
use rsa::{
    pkcs1::EncodeRsaPrivateKey,
    pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding},
    traits::PublicKeyParts,
    RsaPrivateKey,
};
use std::collections::HashMap;
use std::sync::Mutex;

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::limits::RECENT_JWTS;
use crate::sync::lock;

pub struct Keys {
    pub kid: String,
    private: RsaPrivateKey,
    signer: Signer,
    decoding: DecodingKey,
    /// The JWT header, base64url-encoded once.
    encoded_header: String,
    /// Recently made JWTs by their encoded claims. RS256 (RSASSA-PKCS1-v1_5) is deterministic,
    /// so the same claims always make the same JWT: a session refreshed again within the same
    /// second (its claims' times are in seconds) gets the same bytes without another RSA
    /// signature, which is most of a refresh's cost. Cleared when full, so bounded.
    recent: Mutex<HashMap<String, String>>,
}

impl Keys {
    pub fn generate() -> Self {
        let private = RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048).expect("RSA key generation");
        Self::from_private(private)
    }

    pub fn from_pem(pem: &str) -> Result<Self, String> {
        RsaPrivateKey::from_pkcs8_pem(pem).map(Self::from_private).map_err(|e| e.to_string())
    }

    fn from_private(private: RsaPrivateKey) -> Self {
        let public = private.to_public_key();
        let n = public.n().to_bytes_be();
        let kid = format!("jwk-test-{}", &hex(&Sha256::digest(&n))[..32]);
        let der = private.to_pkcs1_der().expect("PKCS#1 encoding");
        let signer = Signer::new(der.as_bytes());
        let decoding = DecodingKey::from_rsa_raw_components(&n, &public.e().to_bytes_be());
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(kid.clone());
        let encoded_header = B64URL.encode(serde_json::to_vec(&header).expect("a JWT header is JSON"));
        Self { kid, private, signer, decoding, encoded_header, recent: Mutex::new(HashMap::new()) }
    }

    pub fn to_pem(&self) -> String {
        self.private.to_pkcs8_pem(LineEnding::LF).expect("PKCS#8 encoding").to_string()
    }

    pub fn jwk(&self) -> Value {
        let public = self.private.to_public_key();
        json!({
            "kty": "RSA",
            "use": "sig",
            "alg": "RS256",
            "kid": self.kid,
            "n": B64URL.encode(public.n().to_bytes_be()),
            "e": B64URL.encode(public.e().to_bytes_be()),
            "key_ops": ["verify"],
            // Stytch also publishes the key's certificate; no verifier needs it, and the
            // official SDKs' models require the fields, so they are present and empty.
            "x5c": [],
            "x5tS256": "",
        })
    }

    /// The JWT of these claims: `jsonwebtoken::encode`'s bytes, made at most once per claims
    /// among the recent ones.
    pub fn sign(&self, claims: &Value) -> String {
        let encoded_claims = B64URL.encode(claims.to_string());
        if let Some(jwt) = lock(&self.recent).get(&encoded_claims) {
            return jwt.clone();
        }
        let message = format!("{}.{encoded_claims}", self.encoded_header);
        let signature = self.signer.sign(message.as_bytes());
        let jwt = format!("{message}.{signature}");
        let mut recent = lock(&self.recent);
        if recent.len() >= RECENT_JWTS {
            recent.clear();
        }
        recent.insert(encoded_claims, jwt.clone());
        jwt
    }

    /// The claims of a JWT this project signed, for the backend API's `session_jwt`
    /// parameters. Expiry is not checked here: like Stytch, an expired JWT still names its
    /// session, which the caller then looks up (and which may itself have ended).
    pub fn verify(&self, jwt: &str, project_id: &str) -> Option<Value> {
        let mut v = Validation::new(Algorithm::RS256);
        v.set_audience(&[project_id]);
        v.set_issuer(&[format!("stytch.com/{project_id}")]);
        v.validate_exp = false;
        v.required_spec_claims.clear();
        jsonwebtoken::decode::<Value>(jwt, &self.decoding, &v).ok().map(|d| d.claims)
    }

    /// The claims of an access token (audience: the project) or ID token (audience: the client)
    /// this project issued (Connected Apps): signed by its key, for `audience` (`aud` may name
    /// others too), whatever issuer URL the client reached;
    /// expiry is the caller's to check against the emulated clock.
    pub fn verify_access_token(&self, jwt: &str, audience: &str) -> Option<Value> {
        let mut v = Validation::new(Algorithm::RS256);
        v.set_audience(&[audience]);
        v.validate_exp = false;
        v.required_spec_claims.clear();
        jsonwebtoken::decode::<Value>(jwt, &self.decoding, &v).ok().map(|d| d.claims)
    }
}

impl Keys {
    /// The claims of a JWT this key signed (RS256 only), whatever they say: the caller checks
    /// them (onetap24: the local Google key's ID tokens, whose issuer, audience and expiry
    /// each have their own Stytch error).
    pub fn signed_claims(&self, jwt: &str) -> Option<Value> {
        let mut v = Validation::new(Algorithm::RS256);
        v.validate_exp = false;
        v.validate_aud = false;
        v.required_spec_claims.clear();
        jsonwebtoken::decode::<Value>(jwt, &self.decoding, &v).ok().map(|d| d.claims)
    }
}

/// RS256 signatures (RSASSA-PKCS1-v1_5 with SHA-256: deterministic, so both below make the
/// same bytes). jsonwebtoken's pure-Rust backend (the `rsa` crate) is what builds for wasm32;
/// natively ring signs about 3.5 times as fast (2,500 against 700 signatures a second on one
/// thread, measured when the core was split out), and the signature is most of a session
/// refresh's time.
#[cfg(not(target_arch = "wasm32"))]
struct Signer(ring::signature::RsaKeyPair);

#[cfg(not(target_arch = "wasm32"))]
impl Signer {
    fn new(pkcs1_der: &[u8]) -> Self {
        Self(ring::signature::RsaKeyPair::from_der(pkcs1_der).expect("an RSA key ring accepts"))
    }

    /// The signature, base64url-encoded.
    fn sign(&self, message: &[u8]) -> String {
        let mut signature = vec![0; self.0.public().modulus_len()];
        let rng = ring::rand::SystemRandom::new();
        self.0.sign(&ring::signature::RSA_PKCS1_SHA256, &rng, message, &mut signature).expect("RS256 signing");
        B64URL.encode(signature)
    }
}

#[cfg(target_arch = "wasm32")]
struct Signer(jsonwebtoken::EncodingKey);

#[cfg(target_arch = "wasm32")]
impl Signer {
    fn new(pkcs1_der: &[u8]) -> Self {
        Self(jsonwebtoken::EncodingKey::from_rsa_der(pkcs1_der))
    }

    /// The signature, base64url-encoded.
    fn sign(&self, message: &[u8]) -> String {
        jsonwebtoken::crypto::sign(message, &self.0, Algorithm::RS256).expect("RS256 signing")
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::Keys;
    use serde_json::json;

    #[test]
    fn a_signed_jwt_verifies_and_a_tampered_or_foreign_one_does_not() {
        let keys = Keys::generate();
        let claims = json!({"sub": "m", "iss": "stytch.com/p", "aud": ["p"], "exp": 1});
        let jwt = keys.sign(&claims);
        assert_eq!(keys.verify(&jwt, "p").unwrap()["sub"], "m", "expired JWTs still name their session");
        assert!(keys.verify(&jwt, "other-project").is_none());
        let mut parts: Vec<String> = jwt.split('.').map(String::from).collect();
        parts[1] = base64::Engine::encode(&super::B64URL, json!({"sub": "x", "iss": "stytch.com/p", "aud": ["p"]}).to_string());
        assert!(keys.verify(&parts.join("."), "p").is_none());
        assert!(Keys::generate().verify(&jwt, "p").is_none());
        let again = Keys::from_pem(&keys.to_pem()).unwrap();
        assert_eq!(again.kid, keys.kid);
        assert!(again.verify(&jwt, "p").is_some());
    }

    #[test]
    fn the_same_claims_make_the_jwt_jsonwebtoken_makes_and_the_cache_stays_bounded() {
        let keys = Keys::generate();
        let claims = json!({"sub": "m", "iss": "stytch.com/p", "aud": ["p"], "exp": 1});
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
        header.kid = Some(keys.kid.clone());
        // jsonwebtoken's own (pure-Rust) signature: the native signer makes the same bytes.
        let der = rsa::pkcs1::EncodeRsaPrivateKey::to_pkcs1_der(&keys.private).unwrap();
        let expected = jsonwebtoken::encode(&header, &claims, &jsonwebtoken::EncodingKey::from_rsa_der(der.as_bytes())).unwrap();
        assert_eq!(keys.sign(&claims), expected, "made");
        assert_eq!(keys.sign(&claims), expected, "from the cache");
        for n in 0..crate::limits::RECENT_JWTS + 5 {
            keys.sign(&json!({"n": n}));
        }
        assert!(super::lock(&keys.recent).len() <= crate::limits::RECENT_JWTS);
        assert_eq!(keys.sign(&claims), expected, "made again after the cache was cleared");
    }
}
