//! Widgets and shared state that several panels use: which run a control edits, the page's
//! language as a signal, the click mode of the data plot, the progress bar of long work.

use super::Engine;
use crate::engine::{DatasetKind, Sample, Task};
use crate::i18n::{Lang, T};
use crate::protocol::Command;
use crate::settings::Settings;
use leptos::prelude::*;

/// Which run a control edits: A (the page's settings) or B (its differences from A).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Which {
    #[default]
    A,
    B,
}

impl Which {
    /// The settings this run trains with.
    pub fn settings(self, s: &Settings) -> Settings {
        match self {
            Which::A => s.clone(),
            Which::B => s.run_b(),
        }
    }
    pub fn set(self, s: &mut Settings, key: &str, value: &str) -> bool {
        match self {
            Which::A => s.set(key, value),
            Which::B => s.set_b(key, value),
        }
    }
    pub fn id(self, key: &str) -> String {
        match self {
            Which::A => format!("ctl-{key}"),
            Which::B => format!("ctl-b-{key}"),
        }
    }
}

pub fn use_lang() -> (RwSignal<Settings>, Signal<Lang>) {
    let settings = expect_context::<RwSignal<Settings>>();
    (settings, Signal::derive(move || settings.with(|s| s.page.lang)))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClickAction {
    Nothing,
    /// Add a point of this class (classification).
    Add(u8),
    /// Add a point with `Clicks::value` as target (regression).
    AddValue,
    Remove,
}

/// The click mode, shared by the controls and the plot.
#[derive(Clone, Copy)]
pub struct Clicks {
    pub mode: RwSignal<ClickAction>,
    pub value: RwSignal<f32>,
    /// A message about the last click (e.g. too many points).
    pub message: RwSignal<Option<T>>,
}

impl Clicks {
    pub fn new() -> Clicks {
        Clicks { mode: RwSignal::new(ClickAction::Nothing), value: RwSignal::new(0.5), message: RwSignal::new(None) }
    }

    /// Applies a click at (x, y) of the plane: `shift` adds the other class, `alt` removes the
    /// nearest point within `radius`. The first change copies the dataset's points (both
    /// splits, before corruption) into the user's points.
    pub fn apply(&self, settings: RwSignal<Settings>, x: f32, y: f32, shift: bool, alt: bool, radius: f32) {
        let mode = self.mode.get_untracked();
        if mode == ClickAction::Nothing {
            return;
        }
        let value = self.value.get_untracked();
        let mut full = false;
        settings.update(|s| {
            if s.run.dataset != DatasetKind::Custom {
                let d = crate::engine::Dataset::generate(&s.train_config().data);
                s.set_custom(d.train.into_iter().chain(d.test).collect());
                // Your points are split like any data: a new one may land among the test
                // points, which are then shown too.
                s.page.show_test = true;
            }
            if alt || mode == ClickAction::Remove {
                s.remove_nearest(x, y, radius);
                return;
            }
            let task = s.task();
            let label = if task == Task::Regression {
                value
            } else {
                let c = match mode {
                    ClickAction::Add(c) => c as usize,
                    _ => 0,
                };
                let classes = match task {
                    Task::Multiclass { classes } => classes.max(2),
                    _ => 2,
                };
                if shift { ((c + 1) % classes) as f32 } else { c as f32 }
            };
            full = !s.add_point(Sample { x, y, label });
        });
        self.message.set(full.then_some(T::TooManyPoints));
    }
}

/// The progress of long work (with Cancel when `cancel` is given): built once while
/// `progress` is `Some`, then only its value changes, so the Cancel button stays in place
/// under the pointer instead of being rebuilt with every progress report.
#[component]
pub fn ProgressBar(progress: Signal<Option<(usize, usize)>>, label: T, cancel: Option<Command>) -> impl IntoView {
    let (_, lang) = use_lang();
    let engine = expect_context::<Engine>();
    let part = move |f: fn((usize, usize)) -> usize| progress.with(|p| p.map(f).unwrap_or(0));
    view! {
        <Show when=move || progress.with(|p| p.is_some())>
            <div class="progress">
                <progress max=move || part(|p| p.1) value=move || part(|p| p.0) aria-label=move || lang.get().t(label)></progress>
                {cancel.clone().map(|c| view! {
                    <button class="small" on:click=move |_| engine.send(c.clone())>{move || lang.get().t(T::Cancel)}</button>
                })}
            </div>
        </Show>
    }
}

/// Saves `href` (a data or blob URL) as the file `name`, through a transient link.
pub(super) fn save_href(href: &str, name: &str) {
    use wasm_bindgen::JsCast;
    let Ok(a) = document().create_element("a") else { return };
    let Ok(a) = a.dyn_into::<web_sys::HtmlAnchorElement>() else { return };
    a.set_href(href);
    a.set_download(name);
    a.click();
}

/// Saves a figure's canvases (bottom layer first, stacked on one canvas) as a PNG file.
pub fn save_png(layers: &[web_sys::HtmlCanvasElement], name: &str) {
    use wasm_bindgen::JsCast;
    let [first, rest @ ..] = layers else { return };
    let whole = if rest.is_empty() {
        first.clone()
    } else {
        let Some(c) = document().create_element("canvas").ok().and_then(|e| e.dyn_into::<web_sys::HtmlCanvasElement>().ok()) else { return };
        c.set_width(first.width());
        c.set_height(first.height());
        let Some(ctx) = c.get_context("2d").ok().flatten().and_then(|x| x.dyn_into::<web_sys::CanvasRenderingContext2d>().ok()) else { return };
        for l in layers {
            let _ = ctx.draw_image_with_html_canvas_element(l, 0.0, 0.0);
        }
        c
    };
    if let Ok(url) = whole.to_data_url() {
        save_href(&url, name);
    }
}

/// Saves text as a file of the given type.
pub fn save_text(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    save_href(&url, name);
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// A figure's "PNG" and "SVG" buttons: save the canvas as drawn (`descent-NAME.png`), or
/// redraw it through the same plot function on plotters' SVG backend (`descent-NAME.svg`).
/// `under`: canvases drawn beneath it (bottom first), for layered figures.
#[component]
pub fn SavePng(
    canvas: NodeRef<leptos::html::Canvas>,
    name: &'static str,
    title: T,
    #[prop(optional)] under: Option<Signal<Vec<web_sys::HtmlCanvasElement>, LocalStorage>>,
) -> impl IntoView {
    let (_, lang) = use_lang();
    let layers = move || {
        let mut l = under.map(|u| u.get_untracked()).unwrap_or_default();
        l.extend(canvas.get_untracked().map(|c| -> web_sys::HtmlCanvasElement { c }));
        l
    };
    let png = move |_| save_png(&layers(), &format!("descent-{name}.png"));
    let svg = move |_| super::canvas::capture_svg(layers(), move |svg| save_text(&format!("descent-{name}.svg"), "image/svg+xml", &svg));
    let label = move |k: T| move || format!("{}: {}", lang.get().t(k), lang.get().t(title));
    view! {
        " "
        <button class="small download" on:click=png title=move || lang.get().t(T::HelpDownloadPng)
            aria-label=label(T::DownloadPng)>{move || lang.get().t(T::DownloadPng)}</button>
        <button class="small download" on:click=svg title=move || lang.get().t(T::HelpDownloadSvg)
            aria-label=label(T::DownloadSvg)>{move || lang.get().t(T::DownloadSvg)}</button>
    }
}

/// Marks the performance timeline with `name` the first time only (the benchmark reads the
/// marks: `descent:first-view`, `descent:first-boundary`, …); later calls do nothing.
pub fn mark_once(name: &str) {
    if let Some(p) = window().performance() {
        if p.get_entries_by_name(name).length() == 0 {
            let _ = p.mark(name);
        }
    }
}
