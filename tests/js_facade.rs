//! The JS facade and its types say what the method table says: `js/client.js` wires exactly
//! the table's methods, and `js/index.d.ts` declares each under its nested name (beside the
//! client-side ones it also declares: `getSync`, `onChange`, the OAuth/SSO starts).
#![cfg(not(target_arch = "wasm32"))]

use stytch_b2b_headless::portable::methods::{METHODS, NAMES};

fn read(path: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// The table's names, in its order (the core finds a method by its index in the JS list).
fn table() -> Vec<String> {
    NAMES.iter().map(|n| n.to_string()).collect()
}

/// The text between the `{` that ends `opening` and its matching `}`.
fn block<'a>(text: &'a str, opening: &str) -> Option<&'a str> {
    let start = text.find(opening)? + opening.len();
    let mut depth = 1;
    for (i, c) in text[start..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(&text[start..start + i]);
                }
            }
            _ => {}
        }
    }
    None
}

/// The method names `js/client.js` lists in `METHODS` (without a positional argument's `:key`),
/// in its order.
fn wired(js: &str) -> Vec<String> {
    let start = js.find("const METHODS =").expect("client.js lists METHODS");
    let end = start + js[start..].find(';').unwrap();
    js[start..end]
        .split('\'')
        .skip(1)
        .step_by(2)
        .flat_map(|chunk| chunk.split_whitespace())
        .map(|entry| entry.split(':').next().unwrap().to_string())
        .collect()
}

#[test]
fn client_js_wires_exactly_the_table() {
    assert_eq!(wired(&read("js/client.js")), table());
}

#[test]
fn index_d_ts_declares_every_method_under_its_nested_name() {
    let dts = read("js/index.d.ts");
    let class = block(&dts, "export declare class StytchB2BClient<_TProjectConfiguration = unknown> {").expect("the client class");
    for name in table() {
        let parts: Vec<&str> = name.split('.').collect();
        // The namespace's interface, as the class names it: `otps: IHeadlessB2BOTPsClient;`.
        let field = format!("  {}: ", parts[0]);
        let line = class.lines().find(|l| l.starts_with(&field)).unwrap_or_else(|| panic!("{name}: no `{}` on the class", parts[0]));
        let interface = line.trim().trim_start_matches(&field[2..]).trim_end_matches(';');
        let mut scope = block(&dts, &format!("export interface {interface} {{"))
            .or_else(|| block(&dts, &format!("export interface {interface}<_TProjectConfiguration = unknown> {{")))
            .unwrap_or_else(|| panic!("{name}: interface {interface} not found"));
        for nested in &parts[1..parts.len() - 1] {
            scope = block(scope, &format!("{nested}: {{")).unwrap_or_else(|| panic!("{name}: no `{nested}` in {interface}"));
        }
        let method = parts[parts.len() - 1];
        assert!(
            scope.lines().any(|l| l.trim_start().starts_with(&format!("{method}("))),
            "{name}: `{method}(` is not declared in {interface}"
        );
    }
}

#[test]
fn the_checks_see_a_missing_method() {
    let js = read("js/client.js").replace("totp.create ", "totp.made_up ");
    assert_ne!(wired(&js), table());
    // Two names swapped: each index would call the other method.
    let js = read("js/client.js").replace("totp.create totp.authenticate", "totp.authenticate totp.create");
    assert_ne!(wired(&js), table());
}

#[test]
fn docs_protocol_md_names_every_method_with_its_route() {
    let doc = read("docs/protocol.md");
    for m in METHODS {
        let row = format!("| `{}` | {} `{}` |", m.name(), format!("{:?}", m.http).to_uppercase(), m.path());
        assert!(doc.contains(&row), "docs/protocol.md lacks {row}");
    }
}

/// What the JS side must declare for the core's numbers (`portable::ffi`), and which of those
/// declarations `driver` (js/driver.js) and `client` (js/client.js) lack.
fn ffi_mismatches(driver: &str, client: &str) -> Vec<String> {
    use stytch_b2b_headless::portable::ffi::{failure, slot, FAILURE_NAMES, READ_NAMES, SLOT_NAMES, TOPIC_NAMES};
    let mut wanted = Vec::new();
    // The driver tells usage and API failures apart; any other kind is unreachable.
    for (kind, name) in FAILURE_NAMES.iter().filter(|(k, _)| *k != failure::UNREACHABLE) {
        wanted.push(("js/driver.js", driver, format!("const {name} = {kind};")));
    }
    let ticket = SLOT_NAMES.iter().find(|(n, _)| *n == slot::TICKET).unwrap();
    wanted.push(("js/driver.js", driver, format!("const {} = {};", ticket.1.to_uppercase(), ticket.0)));
    let sent: Vec<&str> = SLOT_NAMES.iter().filter(|(n, _)| *n != slot::TICKET).map(|(_, name)| *name).collect();
    wanted.push(("js/driver.js", driver, format!("send([{}])", sent.join(", "))));
    let topics: Vec<String> = TOPIC_NAMES.iter().map(|(n, name)| format!("{name}: {n}")).collect();
    wanted.push(("js/client.js", client, format!("const TOPIC = {{ {} }};", topics.join(", "))));
    let captcha = stytch_b2b_headless::portable::constants::CAPTCHA_REQUIRED;
    wanted.push(("js/driver.js", driver, format!("export const CAPTCHA_REQUIRED = '{captcha}';")));
    let reads: Vec<String> = READ_NAMES.iter().map(|(n, name)| format!("{name}: {n}")).collect();
    wanted.push(("js/client.js", client, format!("const READ = {{ {} }};", reads.join(", "))));
    wanted
        .into_iter()
        .filter(|(_, text, line)| !text.contains(line.as_str()))
        .map(|(file, _, line)| format!("{file} lacks `{line}`"))
        .collect()
}

#[test]
fn the_js_names_the_cores_slots_failure_kinds_and_topics_as_rust_does() {
    assert_eq!(ffi_mismatches(&read("js/driver.js"), &read("js/client.js")), Vec::<String>::new());
}

#[test]
fn the_ffi_check_sees_a_number_or_a_slot_that_drifted() {
    let (driver, client) = (read("js/driver.js"), read("js/client.js"));
    for (d, c) in [
        (driver.replace("const API = 1;", "const API = 2;"), client.clone()),
        (driver.replace("const TICKET = 5;", "const TICKET = 4;"), client.clone()),
        (driver.replace("[url, method, authorization, body, timeoutMs]", "[url, method, body, authorization, timeoutMs]"), client.clone()),
        (driver.clone(), client.replace("member: 2, organization: 3", "member: 3, organization: 2")),
        (driver.clone(), client.replace("fromCache: 5, apiBase: 6", "fromCache: 6, apiBase: 5")),
        (driver.replace("'Captcha required'", "'Captcha needed'"), client.clone()),
    ] {
        assert_eq!(ffi_mismatches(&d, &c).len(), 1);
    }
}
