//! The MFA demo as a client-side-rendered Leptos app on the SDK's typed Rust API
//! (`stytch_b2b_headless::typed`). Built with wasm-pack (`scripts/build-examples.sh`), served
//! by the example server at `/leptos/`.

mod app;
mod demo;
mod flow;

use wasm_bindgen::prelude::*;

#[wasm_bindgen(start)]
pub fn main() {
    leptos::mount::mount_to_body(app::App);
}
