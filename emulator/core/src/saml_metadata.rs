//! SAML identity-provider metadata (sso24, #24): the document the emulator's own identity
//! provider publishes, and the reading of such a document into a connection's settings
//! (`sso.saml.updateConnectionByURL`). The emulator fetches no URL (it runs offline, and its
//! wasm build has no sockets; fetching what a caller names would also be server-side request
//! forgery), so the only metadata URL it accepts is its own identity provider's, whose
//! document it makes itself and reads like any other.

use crate::error::{ApiError, ApiResult, ErrorType};
use crate::limits::{MAX_SAML_METADATA_BYTES, MAX_SSO_PEM_BYTES};

/// Where the emulator's identity provider publishes its metadata, under `/v1`.
pub const METADATA_PATH: &str = "/b2b/public/idp/saml/metadata";
/// Where it takes sign-ins: the SSO start page every connection uses.
const SSO_PATH: &str = "/v1/public/sso/start";
const MD_NS: &str = "urn:oasis:names:tc:SAML:2.0:metadata";
const DS_NS: &str = "http://www.w3.org/2000/09/xmldsig#";

/// The self-signed certificate the local identity provider names in its metadata (it signs
/// nothing: the emulator plays both sides, so the certificate only completes the settings).
pub const LOCAL_IDP_CERTIFICATE: &str = include_str!("local_idp.pem");

/// What a connection takes from an identity provider's metadata.
#[derive(Debug, PartialEq)]
pub struct IdpMetadata {
    pub entity_id: String,
    pub sso_url: String,
    /// PEM.
    pub certificate: String,
}

/// The local identity provider's entity id at the emulator's `origin` (`http://host:port`).
pub fn local_entity_id(origin: &str) -> String {
    format!("{origin}/v1/b2b/public/idp/saml")
}

/// The metadata document of the local identity provider, as served at [`METADATA_PATH`].
pub fn local_metadata(origin: &str) -> String {
    let body: String = pem_body(LOCAL_IDP_CERTIFICATE).unwrap_or_default();
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?>"#,
            r#"<md:EntityDescriptor xmlns:md="{md}" entityID="{entity}">"#,
            r#"<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">"#,
            r#"<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="{ds}"><ds:X509Data><ds:X509Certificate>{cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"#,
            r#"<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>"#,
            r#"<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="{sso}"/>"#,
            r#"</md:IDPSSODescriptor></md:EntityDescriptor>"#,
        ),
        md = MD_NS,
        ds = DS_NS,
        entity = crate::text::html_escape(&local_entity_id(origin)),
        cert = body,
        sso = crate::text::html_escape(&format!("{origin}{SSO_PATH}")),
    )
}

/// Whether `url` names the local identity provider's metadata at the emulator's `origin`
/// (the origin the request came in at, or a loopback name on the same port).
pub fn is_local_metadata_url(url: &str, origin: &str) -> bool {
    let Some(rest) = url.strip_prefix("http://") else { return false };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    if path != format!("/v1{METADATA_PATH}") {
        return false;
    }
    let own = origin.strip_prefix("http://").unwrap_or(origin);
    let port = |a: &str| a.rsplit_once(':').map(|(_, p)| p.to_string()).unwrap_or_default();
    let host = authority.rsplit_once(':').map_or(authority, |(h, _)| h);
    authority.eq_ignore_ascii_case(own) || (["localhost", "127.0.0.1", "[::1]"].contains(&host) && port(authority) == port(own))
}

fn invalid_xml(why: &str) -> ApiError {
    ApiError::new(400, ErrorType::InvalidXmlFromSamlMetadataUrl, format!("The metadata document is not SAML IdP metadata: {why}."))
}

/// Reads an identity provider's entity id, SSO URL and signing certificate from its metadata.
/// Documents with a DTD are refused outright (no entity expansion, however bounded).
pub fn parse(xml: &str) -> ApiResult<IdpMetadata> {
    if xml.len() > MAX_SAML_METADATA_BYTES {
        return Err(invalid_xml("it is too large"));
    }
    if xml.contains("<!DOCTYPE") || xml.contains("<!ENTITY") {
        return Err(invalid_xml("documents with a DTD are not read"));
    }
    let doc = roxmltree::Document::parse(xml).map_err(|_| invalid_xml("it is not well-formed XML"))?;
    let root = doc.root_element();
    if !root.has_tag_name((MD_NS, "EntityDescriptor")) {
        return Err(invalid_xml("its root is not an md:EntityDescriptor"));
    }
    let entity_id = root.attribute("entityID").filter(|s| !s.is_empty()).ok_or_else(|| invalid_xml("it names no entityID"))?;
    let idp =
        root.children().find(|n| n.has_tag_name((MD_NS, "IDPSSODescriptor"))).ok_or_else(|| invalid_xml("it has no IDPSSODescriptor"))?;
    let sso_url = idp
        .children()
        .filter(|n| n.has_tag_name((MD_NS, "SingleSignOnService")))
        .find_map(|n| n.attribute("Location").filter(|s| !s.is_empty()))
        .ok_or_else(|| invalid_xml("it has no SingleSignOnService location"))?;
    let signing = |n: &roxmltree::Node| n.has_tag_name((MD_NS, "KeyDescriptor")) && n.attribute("use").is_none_or(|u| u == "signing");
    let certificate = idp
        .children()
        .filter(signing)
        .flat_map(|k| k.descendants())
        .find(|n| n.has_tag_name((DS_NS, "X509Certificate")))
        .and_then(|n| n.text())
        .ok_or_else(|| invalid_xml("it has no signing certificate"))?;
    let certificate = to_pem(certificate).ok_or_else(|| invalid_xml("its certificate is not base64 DER"))?;
    Ok(IdpMetadata { entity_id: entity_id.to_string(), sso_url: sso_url.to_string(), certificate })
}

/// A certificate's base64 DER (whitespace allowed) as PEM, or None when it is not DER.
fn to_pem(base64_der: &str) -> Option<String> {
    use base64::Engine;
    let compact: String = base64_der.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let der = base64::engine::general_purpose::STANDARD.decode(&compact).ok()?;
    // A DER certificate is a SEQUENCE.
    if der.first() != Some(&0x30) || compact.len() > MAX_SSO_PEM_BYTES {
        return None;
    }
    let lines: Vec<&str> = compact.as_bytes().chunks(64).map(|c| std::str::from_utf8(c).unwrap_or_default()).collect();
    Some(format!("-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n", lines.join("\n")))
}

/// The base64 between a PEM block's armour lines, whitespace removed.
fn pem_body(pem: &str) -> Option<String> {
    let start = pem.find("-----BEGIN ")?;
    let after = &pem[start..];
    let body_start = after.find('\n')? + 1;
    let end = after.find("-----END ")?;
    (end > body_start).then(|| after[body_start..end].chars().filter(|c| !c.is_ascii_whitespace()).collect())
}

/// What a certificate says of itself: its issuer's common name and when it expires (Unix).
#[derive(Debug, PartialEq)]
pub struct CertificateFacts {
    pub issuer: String,
    pub not_after: i64,
}

/// One DER element at the start of `der`: its tag, its contents, and what follows it.
fn der_element(der: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = der.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (first as usize, rest)
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        (rest[..n].iter().fold(0usize, |acc, b| (acc << 8) | *b as usize), &rest[n..])
    };
    (rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
}

/// The children of a constructed DER element's contents.
fn der_children(mut contents: &[u8]) -> Option<Vec<(u8, &[u8])>> {
    let mut out = Vec::new();
    while !contents.is_empty() {
        let (tag, inner, rest) = der_element(contents)?;
        out.push((tag, inner));
        contents = rest;
    }
    Some(out)
}

/// A UTCTime (`YYMMDDHHMMSSZ`) or GeneralizedTime (`YYYYMMDDHHMMSSZ`) as Unix seconds.
fn der_time(tag: u8, value: &[u8]) -> Option<i64> {
    let text = std::str::from_utf8(value).ok()?.strip_suffix('Z')?;
    // Digits only, so the slices below fall on character boundaries.
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (year, rest) = match (tag, text.len()) {
        (0x17, 12) => {
            let yy: i32 = text[..2].parse().ok()?;
            (if yy >= 50 { 1900 + yy } else { 2000 + yy }, &text[2..])
        }
        (0x18, 14) => (text[..4].parse().ok()?, &text[4..]),
        _ => return None,
    };
    let num = |r: std::ops::Range<usize>| rest.get(r)?.parse::<u8>().ok();
    let month = time::Month::try_from(num(0..2)?).ok()?;
    let date = time::Date::from_calendar_date(year, month, num(2..4)?).ok()?;
    let at = date.with_hms(num(4..6)?, num(6..8)?, num(8..10)?).ok()?;
    Some(at.assume_utc().unix_timestamp())
}

/// Reads a DER X.509 certificate's issuer common name and expiry; None when it is not one.
pub fn certificate_facts(der: &[u8]) -> Option<CertificateFacts> {
    const COMMON_NAME: &[u8] = &[0x55, 0x04, 0x03];
    let (0x30, certificate, _) = der_element(der)? else { return None };
    let (0x30, tbs, _) = der_element(certificate)? else { return None };
    let fields = der_children(tbs)?;
    // An explicit version ([0]) comes first when present.
    let fields = if fields.first()?.0 == 0xa0 { &fields[1..] } else { &fields[..] };
    // serialNumber, signature, issuer, validity, ...
    let (issuer, validity) = (fields.get(2)?, fields.get(3)?);
    if issuer.0 != 0x30 || validity.0 != 0x30 {
        return None;
    }
    let cn = der_children(issuer.1)?.into_iter().filter_map(|(_, set)| der_children(set)).flatten().find_map(|(_, pair)| {
        let pair = der_children(pair)?;
        let value = pair.get(1)?.1;
        (pair.first()?.1 == COMMON_NAME).then(|| String::from_utf8_lossy(value).into_owned())
    });
    let times = der_children(validity.1)?;
    let (tag, value) = times.get(1)?;
    Some(CertificateFacts { issuer: cn.unwrap_or_default(), not_after: der_time(*tag, value)? })
}

/// A PEM certificate's facts (see [`certificate_facts`]).
pub fn pem_certificate_facts(pem: &str) -> Option<CertificateFacts> {
    use base64::Engine;
    certificate_facts(&base64::engine::general_purpose::STANDARD.decode(pem_body(pem)?).ok()?)
}

/// Checks a PEM block of the given label (`CERTIFICATE`, `PRIVATE KEY`, ...): armour, base64
/// DER, a sane size. Returns it normalized.
pub fn check_pem(pem: &str, labels: &[&str]) -> Option<String> {
    let pem = pem.trim();
    if pem.len() > MAX_SSO_PEM_BYTES {
        return None;
    }
    let labelled = labels.iter().any(|l| pem.starts_with(&format!("-----BEGIN {l}-----")) && pem.ends_with(&format!("-----END {l}-----")));
    if !labelled {
        return None;
    }
    use base64::Engine;
    let der = base64::engine::general_purpose::STANDARD.decode(pem_body(pem)?).ok()?;
    (der.first() == Some(&0x30)).then(|| format!("{pem}\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: &str = "http://127.0.0.1:4000";

    #[test]
    fn the_local_metadata_reads_back_as_its_settings() {
        let read = parse(&local_metadata(ORIGIN)).unwrap();
        assert_eq!(read.entity_id, local_entity_id(ORIGIN));
        assert_eq!(read.sso_url, format!("{ORIGIN}/v1/public/sso/start"));
        assert_eq!(check_pem(&read.certificate, &["CERTIFICATE"]), check_pem(LOCAL_IDP_CERTIFICATE, &["CERTIFICATE"]));
        assert!(read.certificate.starts_with("-----BEGIN CERTIFICATE-----\n"));
    }

    #[test]
    fn hostile_or_foreign_documents_are_refused() {
        let laughs = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="&lol2;"/>"#;
        let no_idp = r#"<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"/>"#;
        let wrong_ns = r#"<EntityDescriptor entityID="x"/>"#;
        let bad_cert = local_metadata(ORIGIN).replace("MII", "!!!");
        for doc in [laughs, no_idp, wrong_ns, "<unclosed", "", &bad_cert, &"<a>".repeat(MAX_SAML_METADATA_BYTES)] {
            let e = parse(doc).unwrap_err();
            assert_eq!(e.body()["error_type"], "invalid_xml_from_saml_metadata_url", "{}", &doc[..doc.len().min(60)]);
        }
    }

    #[test]
    fn only_the_local_metadata_url_is_the_local_one() {
        let own = format!("{ORIGIN}/v1{METADATA_PATH}");
        assert!(is_local_metadata_url(&own, ORIGIN));
        assert!(is_local_metadata_url("http://localhost:4000/v1/b2b/public/idp/saml/metadata", ORIGIN));
        for other in [
            "http://169.254.169.254/latest/meta-data",
            "http://localhost:4001/v1/b2b/public/idp/saml/metadata",
            "https://idp.example.com/v1/b2b/public/idp/saml/metadata",
            "http://127.0.0.1:4000/v1/b2b/public/idp/saml/metadata?x=1",
            "http://127.0.0.1:4000@evil.example/v1/b2b/public/idp/saml/metadata",
            "file:///etc/passwd",
        ] {
            assert!(!is_local_metadata_url(other, ORIGIN), "{other}");
        }
    }

    #[test]
    fn a_certificate_names_its_issuer_and_expiry() {
        let facts = pem_certificate_facts(LOCAL_IDP_CERTIFICATE).unwrap();
        assert_eq!(facts.issuer, "Stytch emulator local identity provider");
        // notAfter=Nov 11 06:58:34 2126 GMT (openssl x509 -enddate).
        assert_eq!(crate::text::rfc3339(facts.not_after), "2126-11-11T06:58:34Z");
        assert!(certificate_facts(&[0x30, 0x03, 0x02, 0x01, 0x00]).is_none());
        assert!(certificate_facts(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff]).is_none());
        // A time with a multi-byte character where a digit belongs is refused, not sliced.
        assert_eq!(der_time(0x17, "1\u{e9}010100000Z".as_bytes()), None);
        assert_eq!(der_time(0x17, b"260101000000Z").map(crate::text::rfc3339).as_deref(), Some("2026-01-01T00:00:00Z"));
        assert_eq!(der_time(0x18, b"21261111065834Z"), Some(pem_certificate_facts(LOCAL_IDP_CERTIFICATE).unwrap().not_after));
    }

    #[test]
    fn pem_blocks_are_checked_by_label_and_content() {
        assert!(check_pem(LOCAL_IDP_CERTIFICATE, &["CERTIFICATE"]).is_some());
        assert!(check_pem(LOCAL_IDP_CERTIFICATE, &["PRIVATE KEY"]).is_none());
        assert!(check_pem("-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----", &["CERTIFICATE"]).is_none());
        assert!(check_pem("just text", &["CERTIFICATE"]).is_none());
    }
}
