//! The canvases: each redraws when what it shows changes, with the backend-generic plot
//! functions on a plotters canvas backend.

use super::controls::Which;
use super::{RunState, Runs};
use crate::i18n::{Lang, T};
use crate::plot::{
    draw_boundary, draw_layer_activity, draw_loss, draw_network, draw_range, ActivityPanel, Area, CellPainter, Cells, DrawResult,
    LayerNote, NetworkLayout, NOTE_HEIGHT,
};
use crate::settings::Settings;
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind};
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use std::cell::RefCell;
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

const BOUNDARY_SIZE: (u32, u32) = (360, 360);
const LOSS_SIZE: (u32, u32) = (360, 220);
const RANGE_SIZE: (u32, u32) = (300, 180);
const NETWORK_SIZE: (u32, u32) = (420, 300);

fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok()??.dyn_into().ok()
}

thread_local! {
    /// Off-screen canvases, one per image size, that heatmap cells are put into before they are
    /// scaled onto a visible canvas.
    static SCRATCH: RefCell<HashMap<(u32, u32), CanvasRenderingContext2d>> = RefCell::new(HashMap::new());
}

/// Draws a heatmap as one image: its cells into a small off-screen canvas (`putImageData`, one
/// pixel a cell), then scaled and smoothed onto the plot's canvas (`drawImage`). Thousands of
/// filled rectangles (a 48×48 boundary, 14×14 per neuron) cost the page whole frames; this
/// costs two calls.
struct CanvasPainter(CanvasRenderingContext2d);

impl CellPainter for CanvasPainter {
    fn paint(&self, cells: &Cells, from: (i32, i32), to: (i32, i32)) {
        let (w, h) = (cells.cols as u32, cells.rows as u32);
        let mut rgba = Vec::with_capacity(cells.rgb.len() / 3 * 4);
        for px in cells.rgb.chunks_exact(3) {
            rgba.extend_from_slice(&[px[0], px[1], px[2], 255]);
        }
        let Ok(image) = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), w, h) else { return };
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            let small = match scratch.entry((w, h)) {
                Entry::Occupied(e) => e.into_mut(),
                Entry::Vacant(e) => {
                    let Some(c) = document().create_element("canvas").ok().and_then(|e| e.dyn_into::<HtmlCanvasElement>().ok()) else {
                        return;
                    };
                    c.set_width(w);
                    c.set_height(h);
                    let Some(ctx) = context(&c) else { return };
                    e.insert(ctx)
                }
            };
            let _ = small.put_image_data(&image, 0.0, 0.0);
            let Some(source) = small.canvas() else { return };
            self.0.set_image_smoothing_enabled(true);
            let _ = self.0.draw_image_with_html_canvas_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
                &source,
                0.0,
                0.0,
                w as f64,
                h as f64,
                from.0 as f64,
                from.1 as f64,
                (to.0 - from.0) as f64,
                (to.1 - from.1) as f64,
            );
        });
    }
}

type CanvasResult<T> = Result<T, DrawingErrorKind<<CanvasBackend as DrawingBackend>::ErrorType>>;

thread_local! {
    /// Text sizes measured so far, by font and text (axis labels repeat every frame).
    static TEXT_SIZES: RefCell<HashMap<(String, String), (u32, u32)>> = RefCell::new(HashMap::new());
}

/// plotters' canvas backend, except that text is measured with the canvas's own
/// `measureText` (cached). plotters' default measures each label by adding a `<span>` to the
/// page and reading its `offsetHeight`, which makes the browser lay out the whole page once per
/// axis label: most of a frame's time while training.
struct Canvas2d {
    inner: CanvasBackend,
    context: CanvasRenderingContext2d,
}

impl DrawingBackend for Canvas2d {
    type ErrorType = <CanvasBackend as DrawingBackend>::ErrorType;
    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }
    fn ensure_prepared(&mut self) -> CanvasResult<()> {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> CanvasResult<()> {
        self.inner.present()
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> CanvasResult<()> {
        self.inner.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> CanvasResult<()> {
        self.inner.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(&mut self, upper_left: BackendCoord, bottom_right: BackendCoord, style: &S, fill: bool) -> CanvasResult<()> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, style: &S) -> CanvasResult<()> {
        self.inner.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(&mut self, center: BackendCoord, radius: u32, style: &S, fill: bool) -> CanvasResult<()> {
        self.inner.draw_circle(center, radius, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, vert: I, style: &S) -> CanvasResult<()> {
        self.inner.fill_polygon(vert, style)
    }
    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, pos: BackendCoord) -> CanvasResult<()> {
        self.inner.draw_text(text, style, pos)
    }
    fn estimate_text_size<S: BackendTextStyle>(&self, text: &str, style: &S) -> CanvasResult<(u32, u32)> {
        // The font string plotters-canvas draws with.
        let font = format!("{} {}px {}", style.style().as_str(), style.size(), style.family().as_str());
        let key = (font, text.to_string());
        if let Some(size) = TEXT_SIZES.with(|c| c.borrow().get(&key).copied()) {
            return Ok(size);
        }
        self.context.set_font(&key.0);
        let width = self.context.measure_text(text).map(|m| m.width()).unwrap_or(0.0);
        // The height of a line of text (CSS `line-height: normal` is about 1.15 em), as the
        // span plotters measures would have.
        let size = (width.ceil() as u32, (style.size() * 1.15).ceil() as u32);
        TEXT_SIZES.with(|c| {
            let mut c = c.borrow_mut();
            if c.len() > 4096 {
                c.clear();
            }
            c.insert(key, size);
        });
        Ok(size)
    }
}

/// Draws on a canvas through plotters; heatmaps go through the [`CanvasPainter`].
fn draw_on(canvas: &HtmlCanvasElement, f: impl FnOnce(&Area<Canvas2d>, Option<&dyn CellPainter>) -> DrawResult<Canvas2d>) {
    let Some(context) = context(canvas) else { return };
    let painter = CanvasPainter(context.clone());
    if let Some(inner) = CanvasBackend::with_canvas_object(canvas.clone()) {
        let root = Canvas2d { inner, context }.into_drawing_area();
        if let Err(e) = f(&root, Some(&painter)) {
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
                draw_on(&c, |root, p| draw_boundary(root, task, v.as_ref().map(|v| &v.boundary), train, test, show_test, lang, p))
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
            runs.b.history.with(|b| draw_on(&c, |root, _| draw_loss(root, a, comparing.then_some(b.as_slice()), l)))
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
        let (lang, notes) = settings.with(|s| {
            let m = s.train_config().model;
            let notes: Vec<LayerNote> =
                m.batch_norm.iter().zip(&m.dropout).map(|(&batch_norm, &dropout)| LayerNote { batch_norm, dropout }).collect();
            (s.lang, notes)
        });
        let any_note = notes.iter().any(|n| n.batch_norm || n.dropout > 0.0);
        run.view.with(|v| {
            // The view's own shape while it is current; the settings' shape until the worker
            // has sent a view of the new network.
            let widths: Vec<usize> = match v {
                Some(v) => v.neurons.iter().map(|l| l.len()).collect(),
                None => settings.with(|s| s.train_config().model.widths()),
            };
            // Room under the columns for the batch-norm and dropout notes.
            let height = NETWORK_SIZE.1 - if any_note { NOTE_HEIGHT } else { 0 };
            let layout = NetworkLayout::new(&widths, NETWORK_SIZE.0, height);
            draw_on(&c, |root, p| draw_network(root, &layout, v.as_ref(), &notes, lang, p));
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
                draw_on(&c, |root, _| draw_range(root, r, l));
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

const ACTIVITY_WIDTH: u32 = 420;
/// Height of one layer's heatmap (the canvas grows with the number of layers).
const ACTIVITY_ROW: u32 = 56;

/// The layer-activity view: per hidden layer, its pre-activation histograms over the epochs,
/// for run A and (when comparing) run B side by side.
#[component]
pub fn ActivityCanvas() -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let runs = expect_context::<Runs>();
    let settings = expect_context::<RwSignal<Settings>>();
    let lang = lang();
    Effect::new(move |_| {
        let Some(c) = canvas.get() else { return };
        let l = lang.get();
        let (comparing, bn_a, bn_b) = settings.with(|s| {
            let b = if s.compare { s.run_b().train_config().model.batch_norm } else { vec![] };
            (s.compare, s.train_config().model.batch_norm, b)
        });
        runs.a.activity.with(|a| {
            runs.b.activity.with(|b| {
                let layers = a.snapshots.last().map_or(0, |s| s.1.len()).max(bn_a.len()).max(if comparing {
                    b.snapshots.last().map_or(0, |s| s.1.len()).max(bn_b.len())
                } else {
                    0
                });
                // Sizing the canvas clears it; only when the size changes.
                let height = 20 + 16 + ACTIVITY_ROW * layers.max(1) as u32;
                if c.height() != height {
                    c.set_height(height);
                }
                let (ta, tb) = (l.t(T::RunA), l.t(T::RunB));
                let mut panels = vec![ActivityPanel { title: comparing.then_some(ta), activity: a, batch_norm: &bn_a }];
                if comparing {
                    panels.push(ActivityPanel { title: Some(tb), activity: b, batch_norm: &bn_b });
                }
                draw_on(&c, |root, p| draw_layer_activity(root, &panels, l, p));
            })
        });
    });
    let has_layers = move || settings.with(|s| !s.hidden.is_empty() || (s.compare && !s.run_b().hidden.is_empty()));
    view! {
        <figure class="activity" hidden=move || !has_layers()>
            <figcaption>{move || lang.get().t(T::ActivityTitle)}</figcaption>
            // Named by its title only and described by its help, which mentions the
            // activation (a label containing it would also label the Activation control).
            <canvas dir="ltr" node_ref=canvas width=ACTIVITY_WIDTH height=ACTIVITY_ROW role="img"
                aria-label=move || lang.get().t(T::ActivityTitle) aria-describedby="help-activity"></canvas>
            <p class="help" id="help-activity">{move || lang.get().t(T::HelpActivity)}</p>
        </figure>
    }
}
