//! Descent: a browser playground where students train neural networks and watch them learn.
//!
//! Code map (see ARCHITECTURE.md):
//! - [`engine`]: data, model, loss, optimizer, trainer, over Candle. No web, no plotting.
//! - [`settings`]: the one table of every setting (URL key, kind, range, default, label);
//!   parse and serialize the URL hash.
//! - [`i18n`]: every visible string, in English and Persian.
//! - [`lessons`]: one row per lecture slide: text, settings, panels, and the claim's trials.
//! - [`models`]: the shipped pretrained models: how each is made, and its card.
//! - [`embed_api`]: the messages between an embedding page and the playground (postMessage).
//! - [`export`]: the files a user downloads (curves as CSV, a run report as JSON).
//! - [`protocol`]: the closed set of messages between page and worker.
//! - [`host`]: the worker's logic (commands in, timed training chunks, reports out), pure.
//! - [`plot`]: drawing functions generic over any plotters backend.
//! - `render` (native only): any plot panel of a state, trained, drawn to SVG or PNG (`descent render`).
//! - `app` (wasm only): the Leptos page and the worker glue.

pub mod cli;
pub mod embed_api;
pub mod engine;
pub mod export;
pub mod host;
pub mod i18n;
pub mod lessons;
pub mod models;
pub mod plot;
pub mod protocol;
#[cfg(not(target_arch = "wasm32"))]
pub mod render;
pub mod settings;

#[cfg(target_arch = "wasm32")]
pub mod app;
