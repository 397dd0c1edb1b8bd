//! The canvases: each redraws when what it shows changes, with the backend-generic plot
//! functions on a plotters canvas backend.

use super::controls::Which;
use super::{RunState, Runs};
use crate::i18n::{Lang, T};
use super::surface::{settings_layout, toggle_weight, weight_index, DirKind, SurfaceSignals};
use crate::engine::surface::Param;
use crate::plot::{draw_boundary, draw_loss, draw_network_marked, draw_range, Area, DrawResult, NetworkLayout};
use crate::settings::Settings;
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

const BOUNDARY_SIZE: (u32, u32) = (360, 360);
const LOSS_SIZE: (u32, u32) = (360, 220);
const RANGE_SIZE: (u32, u32) = (300, 180);
const NETWORK_SIZE: (u32, u32) = (420, 300);

fn draw_on(canvas: &HtmlCanvasElement, f: impl FnOnce(&Area<CanvasBackend>) -> DrawResult<CanvasBackend>) {
    if let Some(backend) = CanvasBackend::with_canvas_object(canvas.clone()) {
        let root = backend.into_drawing_area();
        if let Err(e) = f(&root) {
            leptos::logging::warn!("drawing failed: {e:?}");
        }
        let _ = root.present();
    }
}

fn lang() -> Signal<Lang> {
    let settings = expect_context::<RwSignal<Settings>>();
    Signal::derive(move || settings.with(|s| s.lang))
}

/// A titled figure: heading, canvas, one line of help.
fn figure(canvas: NodeRef<Canvas>, size: (u32, u32), title: T, help: T, class: &'static str) -> impl IntoView {
    let lang = lang();
    let t = move |k: T| move || lang.get().t(k);
    view! {
        <figure class=class>
            <figcaption>{t(title)}</figcaption>
            <canvas dir="ltr" node_ref=canvas width=size.0 height=size.1 role="img" aria-label=move || format!("{}. {}", lang.get().t(title), lang.get().t(help))></canvas>
            <p class="help">{t(help)}</p>
        </figure>
    }
}

#[component]
pub fn BoundaryCanvas(run: RunState, which: Which) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let settings = expect_context::<RwSignal<Settings>>();
    let first_view_marked = StoredValue::new(which == Which::B);
    Effect::new(move |_| {
        let Some(c) = canvas.get() else { return };
        let (show_test, lang, task) = settings.with(|s| (s.show_test, s.lang, which.settings(s).task()));
        let drew_view = run.view.with(|v| {
            run.data.with(|(train, test)| {
                draw_on(&c, |root| draw_boundary(root, task, v.as_ref().map(|v| &v.boundary), train, test, show_test, lang))
            });
            v.is_some()
        });
        if drew_view && !first_view_marked.get_value() {
            // For the benchmark: navigation to the first drawn boundary.
            first_view_marked.set_value(true);
            if let Some(p) = window().performance() {
                let _ = p.mark("descent:first-view");
            }
        }
    });
    let title = if which == Which::A { T::BoundaryTitle } else { T::BoundaryB };
    figure(canvas, BOUNDARY_SIZE, title, T::HelpBoundary, "boundary")
}

#[component]
pub fn LossCanvas() -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let runs = expect_context::<Runs>();
    let settings = expect_context::<RwSignal<Settings>>();
    let lang = lang();
    Effect::new(move |_| {
        let Some(c) = canvas.get() else { return };
        let l = lang.get();
        let comparing = settings.with(|s| s.compare);
        runs.a.history.with(|a| {
            runs.b.history.with(|b| draw_on(&c, |root| draw_loss(root, a, comparing.then_some(b.as_slice()), l)))
        });
    });
    figure(canvas, LOSS_SIZE, T::LossTitle, T::HelpLoss, "loss")
}

#[component]
pub fn NetworkCanvas() -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let run = expect_context::<RunState>();
    let settings = expect_context::<RwSignal<Settings>>();
    let sf = expect_context::<SurfaceSignals>();
    // The view's own shape while it is current; the settings' shape until the worker has
    // sent a view of the new network.
    let widths = move || -> Vec<usize> {
        run.view.with(|v| match v {
            Some(v) => v.neurons.iter().map(|l| l.len()).collect(),
            None => settings.with(|s| s.train_config().model.widths()),
        })
    };
    Effect::new(move |_| {
        let Some(c) = canvas.get() else { return };
        let layout = NetworkLayout::new(&widths(), NETWORK_SIZE.0, NETWORK_SIZE.1);
        // The loss surface's chosen weights are marked (when those directions are chosen).
        let params = settings.with(settings_layout);
        let marked: Vec<(usize, usize, usize)> = if sf.kind.get() == DirKind::Weights {
            sf.chosen.get().iter().filter_map(|&i| match params.param(i) {
                Some(Param::Weight { layer, from, to }) => Some((layer, from, to)),
                _ => None,
            }).collect()
        } else {
            vec![]
        };
        run.view.with(|v| draw_on(&c, |root| draw_network_marked(root, &layout, v.as_ref(), &marked)));
    });
    // A click on a link picks that weight for the loss surface's "two chosen weights".
    let click = move |ev: web_sys::MouseEvent| {
        let Some(c) = canvas.get_untracked() else { return };
        // Only clicks on the diagram itself (not its caption).
        if ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<HtmlCanvasElement>(t).ok()).is_none() {
            return;
        }
        let scale = c.width() as f64 / (c.client_width().max(1) as f64);
        let (x, y) = (ev.offset_x() as f64 * scale, ev.offset_y() as f64 * scale);
        let layout = NetworkLayout::new(&widths(), NETWORK_SIZE.0, NETWORK_SIZE.1);
        let Some((layer, from, to)) = layout.link_at(x, y, 5.0) else { return };
        let params = settings.with_untracked(settings_layout);
        if let Some(i) = weight_index(&params, layer, from, to) {
            sf.chosen.update(|c| toggle_weight(c, i));
            sf.kind.set(DirKind::Weights);
        }
    };
    view! {
        <div class="net-click" on:click=click>
            {figure(canvas, NETWORK_SIZE, T::NetworkTitle, T::HelpNetwork, "net")}
        </div>
    }
}

/// The range test's chart; hidden until there is a result.
#[component]
pub fn RangeCanvas() -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let run = expect_context::<RunState>();
    let lang = lang();
    Effect::new(move |_| {
        let Some(c) = canvas.get() else { return };
        let l = lang.get();
        run.range_result.with(|r| {
            if let Some(r) = r {
                draw_on(&c, |root| draw_range(root, r, l));
            }
        });
    });
    view! {
        <figure class="range" hidden=move || run.range_result.with(|r| r.is_none())>
            <figcaption>{move || lang.get().t(T::RangeTitle)}</figcaption>
            <canvas dir="ltr" node_ref=canvas width=RANGE_SIZE.0 height=RANGE_SIZE.1 role="img"
                aria-label=move || format!("{}. {}", lang.get().t(T::RangeTitle), lang.get().t(T::HelpFindLr))></canvas>
        </figure>
    }
}
