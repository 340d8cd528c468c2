//! The source layout stays readable: the emulator's top-level modules depend on each other
//! without cycles, so each can be read knowing only the ones below it. The modules are the
//! core's (`emulator/core/src`); the native crate around it holds only its server.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The core crate's sources: the world, the operations, the routes.
fn core_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("core/src")
}

/// Top-level module -> the top-level modules its files name as `crate::<module>`.
fn module_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(src).unwrap();
            let first = relative.components().next().unwrap().as_os_str().to_string_lossy().into_owned();
            let module = first.trim_end_matches(".rs").to_string();
            if module == "lib" || module == "main" {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let uses = graph.entry(module.clone()).or_default();
            for (i, _) in text.match_indices("crate::") {
                let name: String = text[i + 7..].chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
                if !name.is_empty() && name != module {
                    uses.insert(name);
                }
            }
        }
    }
    graph
}

/// Every cycle found by a depth-first walk, as the path that closes it.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    fn walk<'a>(
        node: &'a str,
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
        found: &mut Vec<Vec<String>>,
    ) {
        if let Some(start) = path.iter().position(|n| *n == node) {
            let mut cycle: Vec<String> = path[start..].iter().map(|s| s.to_string()).collect();
            cycle.push(node.to_string());
            found.push(cycle);
            return;
        }
        if !done.insert(node) {
            return;
        }
        path.push(node);
        for next in graph.get(node).into_iter().flatten() {
            walk(next, graph, path, done, found);
        }
        path.pop();
    }
    let mut found = Vec::new();
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        walk(node, graph, &mut Vec::new(), &mut done, &mut found);
    }
    found
}

#[test]
fn the_emulators_modules_have_no_import_cycle() {
    let graph = module_graph(&core_src());
    // The walk sees the modules it should: a renamed directory must not make this vacuous.
    for module in ["state", "control", "routes", "mfa", "primary", "member_sessions", "model", "extract"] {
        assert!(graph.contains_key(module), "{module} not found in {:?}", graph.keys());
    }
    assert!(graph["control"].contains("state"), "the graph reads `crate::` paths");
    assert_eq!(cycles(&graph), Vec::<Vec<String>>::new());
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    graph.entry("a".into()).or_default().insert("b".into());
    graph.entry("b".into()).or_default().insert("c".into());
    graph.entry("c".into()).or_default().insert("a".into());
    assert_eq!(cycles(&graph), vec![vec!["a", "b", "c", "a"]]);
}

/// What a handler must not touch itself (issue #21): the world's lock, the clock and the id
/// and secret generator are `App::operate`'s, and the endpoint's work is an operation's
/// (`core/src/ops`, docs/emulator-endpoints.md).
const HANDLER_MUST_NOT: &[(&str, &str)] = &[
    (".world()", "the world lock"),
    ("lock(", "a lock"),
    (".now()", "the clock"),
    ("ids::", "the generator"),
    ("new_id", "the generator"),
    ("new_secret", "the generator"),
    ("new_otp_code", "the generator"),
    ("rand::", "the generator"),
    ("Random", "the generator"),
    ("Env::new", "an Env of its own"),
];

/// Handler files under `core/src/routes` not converted to operations yet, each still touching the
/// lock, the clock or the generator; remove an entry (a file, or a directory ending in `/`)
/// once its handlers call operations.
const NOT_YET_OPERATIONS: &[&str] = &[];

/// The forbidden uses in one file's code (comments aside), as `line: text (what)`.
fn forbidden_uses(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or_default();
        if let Some((_, what)) = HANDLER_MUST_NOT.iter().find(|(pattern, _)| code.contains(pattern)) {
            found.push(format!("{}: {} ({what})", n + 1, line.trim()));
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn handlers_leave_the_lock_the_clock_and_the_generator_to_operations() {
    let routes = core_src().join("routes");
    let mut files = Vec::new();
    rust_files(&routes, &mut files);
    let mut checked = BTreeSet::new();
    let mut offences = Vec::new();
    for path in files {
        let relative = path.strip_prefix(&routes).unwrap().to_string_lossy().replace('\\', "/");
        if NOT_YET_OPERATIONS.iter().any(|e| relative == *e || (e.ends_with('/') && relative.starts_with(e))) {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        offences.extend(forbidden_uses(&text).into_iter().map(|u| format!("core/src/routes/{relative}:{u}")));
        checked.insert(relative);
    }
    // The walk sees the converted products: a moved directory must not make this vacuous.
    for product in ["otps.rs", "passwords.rs", "magic_links.rs", "sessions.rs", "discovery.rs", "idp.rs", "organizations.rs", "totps.rs"] {
        assert!(checked.contains(product), "core/src/routes/{product} not checked; checked {checked:?}");
    }
    assert!(offences.is_empty(), "handlers touching what App::operate owns:\n{}", offences.join("\n"));
}

#[test]
fn the_handler_check_sees_a_handler_holding_the_lock() {
    let handler = "pub async fn send(State(app): State<App>) {\n    let mut w = app.world();\n    let id = new_id(\"x\"); // a comment may say app.world()\n}";
    let found = forbidden_uses(handler);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].starts_with("2: let mut w = app.world();"));
    assert!(forbidden_uses("let out = app.operate(|w, env| otps::sms_send(w, env, &caller, req))?;").is_empty());
}

/// What the core must not name (issue #21): it builds for wasm32 and runs in JS, so the
/// runtime, the socket and the file are the native crate's (`emulator/src`), reached through
/// `host::Host`. The wasm32 build in the test command checks the same from the other side.
const CORE_MUST_NOT: &[&str] = &[
    "tokio",
    "hyper",
    "std::fs",
    "TcpListener",
    "TcpStream",
    "UdpSocket",
    "std::thread::spawn",
    "std::time::SystemTime",
    "std::time::Instant",
];

/// The forbidden names in one Rust or TOML text (comments aside), as `line: text`.
fn native_only_uses(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let toml_comment = line.trim_start().starts_with('#') && !line.trim_start().starts_with("#[");
        let code = if toml_comment { "" } else { line.split("//").next().unwrap_or_default() };
        if CORE_MUST_NOT.iter().any(|name| code.contains(name)) {
            found.push(format!("{}: {}", n + 1, line.trim()));
        }
    }
    found
}

#[test]
fn the_core_names_no_runtime_socket_or_file() {
    let mut files = vec![core_src().parent().unwrap().join("Cargo.toml")];
    rust_files(&core_src(), &mut files);
    assert!(files.len() > 40, "the core's sources are where this looks: {}", core_src().display());
    let offences: Vec<String> = files
        .iter()
        .flat_map(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            native_only_uses(&text).into_iter().map(move |u| format!("{}:{u}", path.display()))
        })
        .collect();
    assert!(offences.is_empty(), "the core names what only the native server may:\n{}", offences.join("\n"));
    assert_eq!(native_only_uses("tokio = \"1\"\n// tokio in a comment\n# tokio in a TOML comment\n#[cfg(tokio)]").len(), 2);
}

/// Request types an operation reads come from the protocol crate (`protocol/src/requests.rs`,
/// `backend.rs`, `consumer.rs`; issue #21), so the client and the emulator agree on each
/// field: a type deriving or implementing `Deserialize` under `core/src/ops` is one the emulator
/// declares itself. The exceptions, each with its reason (file, type, why):
const OWN_REQUEST_TYPES: &[(&str, &str, &str)] = &[
    (
        "idp.rs",
        "StartQuery",
        "the query string of a browser redirect to the emulator's OAuth/SSO start pages, read leniently so that \
         every mistake answers its Stytch error (public_token_not_found, ...) rather than axum's plain-text rejection",
    ),
    ("idp.rs", "ConsentQuery", "the emulator's own consent page's form, which no Stytch API has"),
    (
        "sso.rs",
        "DiscoverQuery",
        "a GET query string read leniently: a missing email_address must answer Stytch's invalid_email, and the \
         client's SsoDiscoverConnectionsOptions requires it (axum's Query would answer a plain-text rejection)",
    ),
];

/// The types one Rust text declares with a derived or hand-written `Deserialize` (comments
/// aside), by name.
fn deserialized_types(text: &str) -> Vec<String> {
    let name_after = |code: &str, keyword: &str| {
        code.split_once(keyword)
            .map(|(_, rest)| rest.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or_default().to_string())
    };
    let mut found = Vec::new();
    let mut deriving = false;
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or_default().trim();
        if code.starts_with("#[derive(") && code.contains("Deserialize") {
            deriving = true;
        } else if let Some(name) = code.contains("Deserialize<'de> for ").then(|| name_after(code, "Deserialize<'de> for ")).flatten() {
            found.push(name);
        } else if deriving && !code.starts_with("#[") && !code.is_empty() {
            let name = name_after(code, "struct ").or_else(|| name_after(code, "enum "));
            found.extend(name);
            deriving = false;
        }
    }
    found
}

#[test]
fn operations_read_the_protocols_request_types() {
    let ops = core_src().join("ops");
    let mut files = Vec::new();
    rust_files(&ops, &mut files);
    assert!(files.len() > 15, "the operations are where this looks: {}", ops.display());
    let mut own = Vec::new();
    for path in files {
        let relative = path.strip_prefix(&ops).unwrap().to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(&path).unwrap();
        own.extend(deserialized_types(&text).into_iter().map(|name| (relative.clone(), name)));
    }
    let excepted = |(file, name): &(String, String)| OWN_REQUEST_TYPES.iter().any(|(f, n, _)| f == file && n == name);
    let undeclared: Vec<String> = own.iter().filter(|t| !excepted(t)).map(|(f, n)| format!("core/src/ops/{f}: {n}")).collect();
    assert!(
        undeclared.is_empty(),
        "request types declared in the emulator (declare them in the protocol crate, or list the exception and why):\n{}",
        undeclared.join("\n")
    );
    // An exception whose type is gone must leave the list.
    for (file, name, _) in OWN_REQUEST_TYPES {
        assert!(own.iter().any(|(f, n)| f == file && n == name), "OWN_REQUEST_TYPES lists {file}: {name}, which is gone");
    }
}

#[test]
fn the_request_type_check_sees_derived_and_hand_written_ones() {
    let text = "#[derive(Deserialize, Default)]\n#[serde(default)]\npub struct SendRequest {\n}\n\
                #[derive(serde::Deserialize)]\nenum Kind {}\n\
                #[derive(Serialize)]\nstruct Answer {}\n\
                impl<'de> Deserialize<'de> for Sent<T> {}\n\
                // #[derive(Deserialize)] struct Commented {}\n";
    assert_eq!(deserialized_types(text), ["SendRequest", "Kind", "Sent"]);
}
