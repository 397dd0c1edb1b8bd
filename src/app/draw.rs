//! The canvases: each redraws when what it shows changes, with the backend-generic plot
//! functions on a plotters canvas backend.

use super::controls::Which;
use super::{RunState, Runs};
use crate::i18n::{Lang, T};
use crate::plot::{draw_boundary, draw_loss, draw_network, draw_range, Area, DrawResult, NetworkLayout};
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

pub(crate) fn draw_on(canvas: &HtmlCanvasElement, f: impl FnOnce(&Area<CanvasBackend>) -> DrawResult<CanvasBackend>) {
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
    Effect::new(move |_| {
        let Some(c) = canvas.get() else { return };
        run.view.with(|v| {
            // The view's own shape while it is current; the settings' shape until the worker
            // has sent a view of the new network.
            let widths: Vec<usize> = match v {
                Some(v) => v.neurons.iter().map(|l| l.len()).collect(),
                None => settings.with(|s| s.train_config().model.widths()),
            };
            let layout = NetworkLayout::new(&widths, NETWORK_SIZE.0, NETWORK_SIZE.1);
            draw_on(&c, |root| draw_network(root, &layout, v.as_ref()));
        });
    });
    figure(canvas, NETWORK_SIZE, T::NetworkTitle, T::HelpNetwork, "net")
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
