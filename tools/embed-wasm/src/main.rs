//! `embed-wasm <pkg dir>`: after wasm-pack and `scripts/minify-names.mjs`, writes
//! `<pkg dir>/stytch_b2b_headless_bg.wasm.js`, the .wasm as a zlib stream in base64 (its export
//! `deflatedWasm`: named, since the CommonJS build's interop would take a default export for
//! the whole module), and makes the glue's `init()` stop falling back to fetching the `.wasm`
//! beside itself.
//!
//! Why: fetched as a file, the .wasm was a second request that could only start once the app's
//! bundle had been parsed, most of the difference between our start-up and Stytch's (one file).
//! Inlined, it arrives with the bundle; `js/index.js` inflates it with the browser's own
//! `DecompressionStream` and compiles it. Compressed by Zopfli rather than the zlib library,
//! because the base64 text keeps none of the stream's compressibility for the server's gzip to
//! find again: every byte Zopfli saves (about 1.2 KB over zlib -9 here) is saved in the download.
//! The zlib format rather than raw DEFLATE: six bytes more, for a checksum and the widest
//! `DecompressionStream` support. The glue's fallback goes so that bundlers, which emit every
//! `new URL('…', import.meta.url)` they see as an asset, do not emit (or, as webpack does when
//! it is missing, fail on) a file nothing requests.
//!
//! It also makes the glue's text encoder and decoder wait for their first use instead of being
//! made while the module loads: Jest's jsdom environment has neither, and importing the package
//! there (to render a component) must not fail; the wasm, which needs them, does not load there.
use std::{fs, path::Path, process::ExitCode};

const WASM: &str = "stytch_b2b_headless_bg.wasm";
const GLUE: &str = "stytch_b2b_headless.js";
const MODULE: &str = "stytch_b2b_headless_bg.wasm.js";
const GLUE_FALLBACK: &str =
    "module_or_path = new URL('stytch_b2b_headless_bg.wasm', import.meta.url);";
const GLUE_INSTEAD: &str = "throw new Error('stytch-b2b-headless-wasm: the wasm is inlined; js/index.js instantiates it');";
/// The glue's text coders made at import, and what replaces them (made at first use).
const GLUE_LAZY: [(&str, &str); 2] = [
    (
        "let cachedTextDecoder = new TextDecoder('utf-8', { ignoreBOM: true });\ncachedTextDecoder.decode();",
        "let cachedTextDecoder = { decode: (bytes) => (cachedTextDecoder = new TextDecoder('utf-8', { ignoreBOM: true })).decode(bytes) };",
    ),
    ("const cachedTextEncoder = new TextEncoder();", "const cachedTextEncoder = globalThis.TextEncoder ? new TextEncoder() : {};"),
];

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: embed-wasm <dir with the wasm-pack output>");
        return ExitCode::FAILURE;
    };
    match embed(Path::new(&dir)) {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("embed-wasm: {message}");
            ExitCode::FAILURE
        }
    }
}

fn embed(dir: &Path) -> Result<String, String> {
    let read = |name: &str| fs::read(dir.join(name)).map_err(|e| format!("{name}: {e}"));
    let write = |name: &str, body: &[u8]| {
        fs::write(dir.join(name), body).map_err(|e| format!("{name}: {e}"))
    };

    let wasm = read(WASM)?;
    let deflated = deflate(&wasm)?;
    let module = format!(
        "// {WASM} ({} bytes) as a zlib stream ({} bytes), base64; written by tools/embed-wasm.\nexport const deflatedWasm = '{}';\n",
        wasm.len(),
        deflated.len(),
        data_encoding::BASE64.encode(&deflated)
    );
    write(MODULE, module.as_bytes())?;

    let glue = String::from_utf8(read(GLUE)?).map_err(|e| format!("{GLUE}: {e}"))?;
    if glue.matches(GLUE_FALLBACK).count() != 1 {
        return Err(format!(
            "{GLUE} no longer has the one line `{GLUE_FALLBACK}` (run twice, or a new wasm-bindgen?)"
        ));
    }
    let mut glue = glue.replace(GLUE_FALLBACK, GLUE_INSTEAD);
    for (eager, lazy) in GLUE_LAZY {
        if glue.matches(eager).count() != 1 {
            return Err(format!("{GLUE} no longer has the one line `{eager}` (a new wasm-bindgen?)"));
        }
        glue = glue.replace(eager, lazy);
    }
    write(GLUE, glue.as_bytes())?;
    Ok(format!(
        "{MODULE}: {} -> {} bytes (zlib)",
        wasm.len(),
        deflated.len()
    ))
}

fn deflate(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    zopfli::compress(
        zopfli::Options::default(),
        zopfli::Format::Zlib,
        bytes,
        &mut out,
    )
    .map_err(|e| format!("deflate: {e}"))?;
    Ok(out)
}
