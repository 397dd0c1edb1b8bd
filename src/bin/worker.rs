//! The training worker's entry: registers the engine host.
#[cfg(target_arch = "wasm32")]
fn main() {
    descent::app::worker::register();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
