//! Transfer learning (issue 13): the shipped pretrained models, fetched when a setting first
//! needs one and handed to the worker; the three runs (from scratch, frozen, fine-tuned) on
//! one chart; saving run A's weights and loading weights from a file.

use super::canvas::draw_on;
use super::widgets::{use_lang, ProgressBar, SavePng};
use super::{Engine, RunState, Runs};
use crate::engine::transfer::{self, Pretrained};
use crate::engine::Problem;
use crate::i18n::{Lang, T};
use crate::plot::transfer::{draw_transfer, RUNS};
use crate::protocol::{Command, Report};
use crate::settings::Settings;
use leptos::html::Canvas;
use leptos::prelude::*;
use std::collections::HashMap;
use wasm_bindgen::JsCast;

const CHART_SIZE: (u32, u32) = (460, 280);
/// Epochs each of the three runs trains.
pub const EPOCHS: usize = 30;

/// The worker's reports of the three runs and of weights files.
#[derive(Clone, Copy)]
pub struct TransferInbox {
    /// The comparison asked for last (reports of older ones are dropped).
    pub transfer: RwSignal<u32>,
    pub progress: RwSignal<Option<(usize, usize)>>,
    pub curves: RwSignal<Vec<Vec<f32>>>,
    pub done: RwSignal<Option<bool>>,
    pub failed: RwSignal<Option<Problem>>,
    /// The last weights file loaded (`Ok`: the settings it brought) or refused.
    pub weights: RwSignal<Option<Result<Option<String>, Problem>>>,
}

impl TransferInbox {
    pub fn new() -> TransferInbox {
        TransferInbox {
            transfer: RwSignal::new(0),
            progress: RwSignal::new(None),
            curves: RwSignal::new(vec![]),
            done: RwSignal::new(None),
            failed: RwSignal::new(None),
            weights: RwSignal::new(None),
        }
    }

    /// Takes a transfer or weights report; false for any other report.
    pub fn apply(&self, r: &Report) -> bool {
        let current = |t: &u32| *t == self.transfer.get_untracked();
        match r {
            Report::TransferProgress { transfer, done, total, curves } => {
                if current(transfer) {
                    self.progress.set(Some((*done, *total)));
                    self.curves.set(curves.clone());
                }
            }
            Report::TransferDone { transfer, curves, cancelled } => {
                if current(transfer) {
                    self.progress.set(None);
                    self.curves.set(curves.clone());
                    self.done.set(Some(*cancelled));
                }
            }
            Report::TransferFailed { transfer, problem } => {
                if current(transfer) {
                    self.progress.set(None);
                    self.failed.set(Some(problem.clone()));
                }
            }
            Report::Weights { bytes } => save_bytes("descent-weights.safetensors", bytes),
            Report::WeightsLoaded { hash } => self.weights.set(Some(Ok(hash.clone()))),
            Report::WeightsFailed { problem } => self.weights.set(Some(Err(problem.clone()))),
            _ => return false,
        }
        true
    }
}

impl Default for TransferInbox {
    fn default() -> Self {
        TransferInbox::new()
    }
}

/// Saves bytes as a file.
fn save_bytes(name: &str, bytes: &[u8]) {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/octet-stream");
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    super::widgets::save_href(&url, name);
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// The models the settings need now: the run's pretrained model, and the lesson's when the
/// three-run panel is shown.
fn needed(s: &Settings) -> Option<Pretrained> {
    // The panel shows only on images (points and sequences do not fetch a model).
    let shown = s.run.dataset.data_kind() == crate::engine::DataKind::Images && crate::lessons::shown_panels(s).contains(&crate::lessons::Panel::Transfer);
    s.run.pretrained.or(shown.then_some(Pretrained::ALL[0]))
}

/// Fetches each pretrained model the settings need (once; `models/NAME.safetensors` beside
/// the page) and hands it to the worker, again to a new worker after a restart.
/// Also: a loaded weights file's settings become the page's (its own page settings stay);
/// the worker built run A from them, so it is not built again.
pub fn provide_models(settings: RwSignal<Settings>, runs: Runs, engine: Engine) {
    Effect::new(move |_| {
        if let Some(Ok(Some(h))) = runs.transfer.weights.get() {
            let run = Settings::from_hash(&h).0.run;
            settings.update(|s| s.run = run);
        }
    });
    let fetched: StoredValue<HashMap<Pretrained, Vec<u8>>, LocalStorage> = StoredValue::new_local(HashMap::new());
    let sent: StoredValue<(u32, Vec<Pretrained>), LocalStorage> = StoredValue::new_local((0, vec![]));
    let loading: StoredValue<Vec<Pretrained>, LocalStorage> = StoredValue::new_local(vec![]);
    let tick = RwSignal::new(0u32);
    Effect::new(move |_| {
        let want = settings.with(needed);
        let restarts = runs.restarts.get();
        tick.track();
        if sent.with_value(|s| s.0 != restarts) {
            sent.set_value((restarts, vec![]));
        }
        if let Some(model) = want {
            if let Some(bytes) = fetched.with_value(|f| f.get(&model).cloned()) {
                if !sent.with_value(|s| s.1.contains(&model)) {
                    engine.send(Command::Model { model, bytes });
                    sent.update_value(|s| s.1.push(model));
                }
            } else if !loading.with_value(|l| l.contains(&model)) {
                loading.update_value(|l| l.push(model));
                leptos::task::spawn_local(async move {
                    if let Some(bytes) = fetch_bytes(&format!("models/{}.safetensors", model.file())).await {
                        fetched.update_value(|f| {
                            f.insert(model, bytes);
                        });
                        tick.update(|t| *t += 1);
                    }
                    loading.update_value(|l| l.retain(|m| *m != model));
                });
            }
        }
    });
}

async fn fetch_bytes(url: &str) -> Option<Vec<u8>> {
    let response = wasm_bindgen_futures::JsFuture::from(window().fetch_with_str(url)).await.ok()?;
    let response: web_sys::Response = response.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    let buffer = wasm_bindgen_futures::JsFuture::from(response.array_buffer().ok()?).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

fn percent(lang: Lang, v: Option<&f32>) -> String {
    v.filter(|a| a.is_finite()).map_or("–".into(), |a| format!("{}%", lang.num(*a as f64 * 100.0, 1)))
}

/// The three runs: the button, their progress, the chart and each one's last accuracy.
#[component]
pub fn TransferPanel() -> impl IntoView {
    let (settings, lang) = use_lang();
    let engine = expect_context::<Engine>();
    let run = expect_context::<RunState>();
    let inbox = expect_context::<TransferInbox>();
    let t = move |k: T| move || lang.get().t(k);
    let start = move |_| {
        let s = settings.get_untracked();
        run.running.set(false);
        engine.send(Command::Pause);
        inbox.transfer.update(|n| *n += 1);
        inbox.curves.set(vec![]);
        inbox.done.set(None);
        inbox.failed.set(None);
        inbox.progress.set(Some((0, 3 * EPOCHS)));
        let runs = transfer::three_runs(&s.train_config()).to_vec();
        engine.send(Command::StartTransfer { transfer: inbox.transfer.get_untracked(), runs, epochs: EPOCHS });
    };
    let running = move || inbox.progress.with(|p| p.is_some());
    let model = move || {
        let l = lang.get();
        let m = settings.with(|s| s.run.pretrained).unwrap_or(Pretrained::ALL[0]);
        let r = crate::models::recipe(m);
        format!("{}: {} · {} {}", l.t(T::Pretrained), l.t(r.label), l.t(T::TrainedOn), l.t(crate::settings::Named::label(Settings::from_hash(r.hash).0.run.dataset)))
    };
    let canvas = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        let Some(c) = canvas.get() else { return };
        let l = lang.get();
        inbox.curves.with(|curves| draw_on(&c, |root, _| draw_transfer(root, curves, EPOCHS, l)));
    });
    let summary = move || {
        let l = lang.get();
        if let Some(p) = inbox.failed.get() {
            return Some(view! { <p class="message error" role="alert">{crate::i18n::problem_text(&p, l)}</p> }.into_any());
        }
        let curves = inbox.curves.get();
        if curves.is_empty() {
            return None;
        }
        let line = RUNS
            .iter()
            .zip(&curves)
            .map(|(name, c)| format!("{} {}", l.t(*name), percent(l, c.last())))
            .collect::<Vec<_>>()
            .join(" · ");
        let cancelled = inbox.done.get() == Some(true);
        Some(view! {
            <p class="verdict" role="status">{format!("{}: {line}{}", l.t(T::TestAccuracy), if cancelled { format!(" ({})", l.t(T::Cancelled)) } else { String::new() })}</p>
        }.into_any())
    };
    view! {
        <p class="help">{t(T::HelpTransferPanel)}</p>
        <p class="model-card">{model}</p>
        <div class="buttons">
            <button class="primary" on:click=start disabled=running title=t(T::HelpTrainThree)>{t(T::TrainThree)}</button>
        </div>
        <ProgressBar progress=Signal::derive(move || inbox.progress.get()) label=T::TransferRunning cancel=Some(Command::CancelTransfer) />
        {summary}
        <figure class="transfer-chart">
            <figcaption>{t(T::TransferChartTitle)}<SavePng canvas name="transfer" title=T::TransferChartTitle /></figcaption>
            <canvas dir="ltr" node_ref=canvas width=CHART_SIZE.0 height=CHART_SIZE.1 role="img"
                aria-label=move || format!("{}. {}", lang.get().t(T::TransferChartTitle), lang.get().t(T::HelpTransferChart))></canvas>
            <p class="help">{t(T::HelpTransferChart)}</p>
        </figure>
    }
}

/// Save run A's weights; load weights from a file (with the settings they travel with).
#[component]
pub fn WeightsFile() -> impl IntoView {
    let (settings, lang) = use_lang();
    let engine = expect_context::<Engine>();
    let inbox = expect_context::<TransferInbox>();
    let t = move |k: T| move || lang.get().t(k);
    let save = move |_| engine.send(Command::SaveWeights { hash: settings.with_untracked(Settings::to_hash) });
    let load = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        inbox.weights.set(None);
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                Ok(buffer) => {
                    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
                    // The file's settings, or (none in it) the current ones; a file that is not
                    // safetensors is refused by the worker in words.
                    let config = match transfer::settings_of(&bytes) {
                        Ok(Some(hash)) => Settings::from_hash(&hash).0.train_config(),
                        _ => settings.with_untracked(Settings::train_config),
                    };
                    engine.send(Command::LoadWeights { bytes, config });
                }
                Err(_) => inbox.weights.set(Some(Err(Problem::WeightsFile { message: String::new() }))),
            }
        });
    };
    let message = move || {
        let l = lang.get();
        inbox.weights.get().map(|r| match r {
            Ok(_) => view! { <p class="message" role="status">{l.t(T::WeightsLoaded)}</p> }.into_any(),
            Err(p) => view! { <p class="message error" role="alert">{crate::i18n::problem_text(&p, l)}</p> }.into_any(),
        })
    };
    view! {
        <div class="weights-file buttons">
            <button class="small" on:click=save title=t(T::HelpSaveWeights)>{t(T::SaveWeights)}</button>
            <label class="file-button" title=t(T::HelpLoadWeights)>
                <span>{t(T::LoadWeights)}</span>
                <input type="file" accept=".safetensors" aria-label=t(T::LoadWeights) on:change=load />
            </label>
        </div>
        {message}
    }
}
