//! `embed-wasm <pkg dir>`: after wasm-pack and `scripts/process-glue.mjs` (which makes every
//! change to wasm-bindgen's glue), writes `<pkg dir>/stytch_b2b_headless_bg.wasm.js`, the .wasm
//! as a zlib stream in base64 (its export `deflatedWasm`: named, since the CommonJS build's
//! interop would take a default export for the whole module). It only deflates: a Rust step
//! because Zopfli is.
//!
//! Why: fetched as a file, the .wasm was a second request that could only start once the app's
//! bundle had been parsed, most of the difference between our start-up and Stytch's (one file).
//! Inlined, it arrives with the bundle; `js/index.js` inflates it with the browser's own
//! `DecompressionStream` and compiles it. Compressed by Zopfli rather than the zlib library,
//! because the base64 text keeps none of the stream's compressibility for the server's gzip to
//! find again: every byte Zopfli saves (about 1.2 KB over zlib -9 here) is saved in the download.
//! The zlib format rather than raw DEFLATE: six bytes more, for a checksum and the widest
//! `DecompressionStream` support.
use std::{fs, path::Path, process::ExitCode};

const WASM: &str = "stytch_b2b_headless_bg.wasm";
const MODULE: &str = "stytch_b2b_headless_bg.wasm.js";

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
    let write = |name: &str, body: &[u8]| fs::write(dir.join(name), body).map_err(|e| format!("{name}: {e}"));

    let wasm = read(WASM)?;
    let deflated = deflate(&wasm)?;
    let module = format!(
        "// {WASM} ({} bytes) as a zlib stream ({} bytes), base64; written by tools/embed-wasm.\nexport const deflatedWasm = '{}';\n",
        wasm.len(),
        deflated.len(),
        data_encoding::BASE64.encode(&deflated)
    );
    write(MODULE, module.as_bytes())?;

    Ok(format!("{MODULE}: {} -> {} bytes (zlib)", wasm.len(), deflated.len()))
}

fn deflate(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    zopfli::compress(zopfli::Options::default(), zopfli::Format::Zlib, bytes, &mut out).map_err(|e| format!("deflate: {e}"))?;
    Ok(out)
}
