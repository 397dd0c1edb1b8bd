//! The page's entry: panic hook, then mount the app.
#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    descent::app::mount();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
