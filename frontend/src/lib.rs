//! The browser entry: the pages are rendered on the server and work without JavaScript; in the
//! browser only their islands (`#[island]` components: the interactive bits) are hydrated. The
//! bootstrap script in every page calls `hydrate` once the module has loaded, then each island's
//! exported function. It only exists on wasm32; host builds of the workspace compile it empty.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::prelude::wasm_bindgen;

// the islands are exported from `app`
pub use app::*;

/// Called by the bootstrap script before it hydrates the islands.
#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // A marker for end-to-end tests (and curious humans): the islands are now interactive.
    if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
