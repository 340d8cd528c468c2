//! The project's session-JWT signing key (RS256) and its JWKS.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD as B64URL, Engine};
use rsa::{
    pkcs1v15::SigningKey,
    pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding},
    signature::{SignatureEncoding, Signer},
    traits::PublicKeyParts,
    RsaPrivateKey,
};
use serde_json::{json, Value};
use sha2::Sha256;

pub struct Keys {
    pub kid: String,
    signing: SigningKey<Sha256>,
    private: RsaPrivateKey,
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
        use sha2::Digest;
        let n = private.to_public_key().n().to_bytes_be();
        let kid = format!("jwk-test-{}", &hex(&Sha256::digest(&n))[..32]);
        Self { kid, signing: SigningKey::<Sha256>::new(private.clone()), private }
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
        })
    }

    pub fn sign(&self, claims: &Value) -> String {
        let header = json!({"alg": "RS256", "typ": "JWT", "kid": self.kid});
        let signing_input = format!(
            "{}.{}",
            B64URL.encode(header.to_string()),
            B64URL.encode(claims.to_string())
        );
        let signature = self.signing.sign(signing_input.as_bytes()).to_bytes();
        format!("{signing_input}.{}", B64URL.encode(signature))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
