//! Turns the emulator's built-in seed (`emulator/seed/default.json`, the one fixture) into
//! constants, so tests name seeded organizations and members without copying their ids.

use std::fmt::Write;

use serde_json::Value;

fn main() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../emulator/seed/default.json");
    println!("cargo:rerun-if-changed={path}");
    let seed: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("the seed")).expect("the seed is JSON");
    let mut out = String::new();
    let project = &seed["project"];
    for (name, key) in [("PUBLIC_TOKEN", "public_token"), ("PROJECT_ID", "project_id"), ("SECRET", "secret")] {
        writeln!(out, "/// The seeded B2B project's `{key}`.\npub const {name}: &str = {:?};", str(&project[key])).unwrap();
        writeln!(
            out,
            "/// The seeded consumer project's `{key}`.\npub const CONSUMER_{name}: &str = {:?};",
            str(&seed["consumer_project"][key])
        )
        .unwrap();
    }
    let mut passwords = Vec::new();
    for org in seed["organizations"].as_array().expect("organizations") {
        let slug = str(&org["organization_slug"]).to_uppercase().replace('-', "_");
        writeln!(
            out,
            "/// Organization `{}`.\npub const {slug}: &str = {:?};",
            str(&org["organization_name"]),
            str(&org["organization_id"])
        )
        .unwrap();
        for c in org["sso_connections"].as_array().into_iter().flatten() {
            let protocol = str(&c["protocol"]).to_uppercase();
            writeln!(
                out,
                "/// {}'s SSO connection `{}`.\npub const {slug}_{protocol}: &str = {:?};",
                str(&org["organization_name"]),
                str(&c["display_name"]),
                str(&c["connection_id"])
            )
            .unwrap();
        }
        for m in org["members"].as_array().expect("members") {
            let email = str(&m["email_address"]);
            // `sms.member@acme.test` -> ACME_SMS
            let role = email.split(['.', '@']).next().unwrap().to_uppercase();
            let codes: Vec<&str> = m["recovery_codes"].as_array().map(|a| a.iter().map(str).collect()).unwrap_or_default();
            writeln!(
                out,
                "/// {}, `{email}`.\npub const {slug}_{role}: SeedMember = SeedMember {{ id: {:?}, email: {email:?}, organization_id: {:?}, phone: {:?}, totp_secret: {:?}, totp_registration_id: {:?}, recovery_codes: &{codes:?} }};",
                str(&m["name"]),
                str(&m["member_id"]),
                str(&org["organization_id"]),
                m["mfa_phone_number"].as_str().unwrap_or(""),
                m["totp"]["secret"].as_str().unwrap_or(""),
                m["totp"]["totp_registration_id"].as_str().unwrap_or(""),
            )
            .unwrap();
            // An invited member (status `invited`) has no password yet.
            if let Some(p) = m["password"].as_str() {
                passwords.push(p.to_string());
            }
        }
    }
    for u in seed["users"].as_array().expect("users") {
        let role = str(&u["email"]).split(['.', '@']).next().unwrap().to_uppercase();
        writeln!(
            out,
            "/// Consumer user `{}`.\npub const USER_{role}: SeedUser = SeedUser {{ id: {:?}, email: {:?} }};",
            str(&u["email"]),
            str(&u["user_id"]),
            str(&u["email"])
        )
        .unwrap();
        passwords.push(str(&u["password"]).to_string());
    }
    passwords.sort();
    passwords.dedup();
    assert_eq!(passwords.len(), 1, "the seed gives every member one password");
    writeln!(out, "/// Every seeded member's and user's password.\npub const PASSWORD: &str = {:?};", passwords[0]).unwrap();
    std::fs::write(std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("seed.rs"), out).unwrap();
}

fn str(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("expected a string, found {v}"))
}
