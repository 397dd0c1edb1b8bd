//! The page's drawing surface: plotters' canvas backend with the canvas's own text
//! measurement, heatmaps put as images, and [`draw_on`], through which every canvas of the
//! page is drawn with the backend-generic plot functions.

use crate::plot::{Area, CellPainter, Cells, DrawResult};
use leptos::prelude::document;
use plotters::prelude::*;
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind};
use plotters_canvas::CanvasBackend;
use std::cell::RefCell;
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

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
            self.0.set_image_smoothing_enabled(cells.smooth);
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
///
/// While a figure is being saved as SVG, every operation also goes to plotters' SVG backend
/// (the same plot function, drawn once, on both).
pub struct Canvas2d<'s> {
    inner: CanvasBackend,
    context: CanvasRenderingContext2d,
    svg: Option<SVGBackend<'s>>,
}

impl Canvas2d<'_> {
    /// Runs `op` on the SVG copy too, if there is one (its errors are the canvas's concern
    /// only: a failed SVG is an incomplete file, never a failed frame).
    fn both<T>(&mut self, op: impl Fn(&mut dyn SvgOps) -> CanvasResult<T>, canvas: impl FnOnce(&mut CanvasBackend) -> CanvasResult<T>) -> CanvasResult<T> {
        if let Some(svg) = self.svg.as_mut() {
            let _ = op(svg);
        }
        canvas(&mut self.inner)
    }
}

/// The SVG backend behind a trait object with the canvas's error type (see [`Canvas2d::both`]).
trait SvgOps {
    fn line(&mut self, from: BackendCoord, to: BackendCoord, style: &dyn Style) -> CanvasResult<()>;
    fn rect(&mut self, a: BackendCoord, b: BackendCoord, style: &dyn Style, fill: bool) -> CanvasResult<()>;
    fn path(&mut self, path: &[BackendCoord], style: &dyn Style) -> CanvasResult<()>;
    fn circle(&mut self, c: BackendCoord, r: u32, style: &dyn Style, fill: bool) -> CanvasResult<()>;
    fn polygon(&mut self, vert: &[BackendCoord], style: &dyn Style) -> CanvasResult<()>;
    fn pixel(&mut self, p: BackendCoord, color: BackendColor) -> CanvasResult<()>;
    fn text(&mut self, text: &str, style: &dyn TextStyleOps, pos: BackendCoord) -> CanvasResult<()>;
}

/// A line style as plain values (the backend traits' styles are generic).
trait Style {
    fn color(&self) -> BackendColor;
    fn width(&self) -> u32;
}
impl<S: BackendStyle> Style for S {
    fn color(&self) -> BackendColor {
        BackendStyle::color(self)
    }
    fn width(&self) -> u32 {
        self.stroke_width()
    }
}
struct Plain(BackendColor, u32);
impl BackendStyle for Plain {
    fn color(&self) -> BackendColor {
        self.0
    }
    fn stroke_width(&self) -> u32 {
        self.1
    }
}
fn plain(s: &dyn Style) -> Plain {
    Plain(s.color(), s.width())
}

/// A text style as plain values.
trait TextStyleOps {
    fn font(&self) -> (String, f64, String, BackendColor, plotters_backend::text_anchor::Pos, plotters_backend::FontTransform);
}
impl<S: BackendTextStyle> TextStyleOps for S {
    fn font(&self) -> (String, f64, String, BackendColor, plotters_backend::text_anchor::Pos, plotters_backend::FontTransform) {
        (self.family().as_str().to_string(), self.size(), self.style().as_str().to_string(), BackendTextStyle::color(self), self.anchor(), self.transform())
    }
}
struct PlainText {
    family: String,
    size: f64,
    style: String,
    color: BackendColor,
    anchor: plotters_backend::text_anchor::Pos,
    transform: plotters_backend::FontTransform,
}
impl BackendTextStyle for PlainText {
    type FontError = std::convert::Infallible;
    fn color(&self) -> BackendColor {
        self.color
    }
    fn size(&self) -> f64 {
        self.size
    }
    fn transform(&self) -> plotters_backend::FontTransform {
        self.transform.clone()
    }
    fn style(&self) -> plotters_backend::FontStyle {
        plotters_backend::FontStyle::from(self.style.as_str())
    }
    fn anchor(&self) -> plotters_backend::text_anchor::Pos {
        self.anchor
    }
    fn family(&self) -> plotters_backend::FontFamily<'_> {
        plotters_backend::FontFamily::from(self.family.as_str())
    }
    fn layout_box(&self, _text: &str) -> Result<((i32, i32), (i32, i32)), Self::FontError> {
        Ok(((0, 0), (0, 0)))
    }
    fn draw<E, DrawFunc: FnMut(i32, i32, BackendColor) -> Result<(), E>>(&self, _text: &str, _pos: BackendCoord, _draw: DrawFunc) -> Result<Result<(), E>, Self::FontError> {
        Ok(Ok(()))
    }
}

fn svg_err<E: std::error::Error + Send + Sync>(r: Result<(), DrawingErrorKind<E>>) -> CanvasResult<()> {
    r.map_err(|_| DrawingErrorKind::FontError(Box::new(std::fmt::Error)))
}

impl SvgOps for SVGBackend<'_> {
    fn line(&mut self, from: BackendCoord, to: BackendCoord, style: &dyn Style) -> CanvasResult<()> {
        svg_err(self.draw_line(from, to, &plain(style)))
    }
    fn rect(&mut self, a: BackendCoord, b: BackendCoord, style: &dyn Style, fill: bool) -> CanvasResult<()> {
        svg_err(self.draw_rect(a, b, &plain(style), fill))
    }
    fn path(&mut self, path: &[BackendCoord], style: &dyn Style) -> CanvasResult<()> {
        svg_err(self.draw_path(path.iter().copied(), &plain(style)))
    }
    fn circle(&mut self, c: BackendCoord, r: u32, style: &dyn Style, fill: bool) -> CanvasResult<()> {
        svg_err(self.draw_circle(c, r, &plain(style), fill))
    }
    fn polygon(&mut self, vert: &[BackendCoord], style: &dyn Style) -> CanvasResult<()> {
        svg_err(self.fill_polygon(vert.iter().copied(), &plain(style)))
    }
    fn pixel(&mut self, p: BackendCoord, color: BackendColor) -> CanvasResult<()> {
        svg_err(self.draw_pixel(p, color))
    }
    fn text(&mut self, text: &str, style: &dyn TextStyleOps, pos: BackendCoord) -> CanvasResult<()> {
        let (family, size, st, color, anchor, transform) = style.font();
        svg_err(self.draw_text(text, &PlainText { family, size, style: st, color, anchor, transform }, pos))
    }
}

impl DrawingBackend for Canvas2d<'_> {
    type ErrorType = <CanvasBackend as DrawingBackend>::ErrorType;
    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }
    fn ensure_prepared(&mut self) -> CanvasResult<()> {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> CanvasResult<()> {
        if let Some(svg) = self.svg.as_mut() {
            let _ = svg.present();
        }
        self.inner.present()
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> CanvasResult<()> {
        self.both(|s| s.pixel(point, color), |c| c.draw_pixel(point, color))
    }
    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> CanvasResult<()> {
        self.both(|s| s.line(from, to, style), |c| c.draw_line(from, to, style))
    }
    fn draw_rect<S: BackendStyle>(&mut self, upper_left: BackendCoord, bottom_right: BackendCoord, style: &S, fill: bool) -> CanvasResult<()> {
        self.both(|s| s.rect(upper_left, bottom_right, style, fill), |c| c.draw_rect(upper_left, bottom_right, style, fill))
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, style: &S) -> CanvasResult<()> {
        if self.svg.is_none() {
            return self.inner.draw_path(path, style);
        }
        let path: Vec<BackendCoord> = path.into_iter().collect();
        self.both(|s| s.path(&path, style), |c| c.draw_path(path.iter().copied(), style))
    }
    fn draw_circle<S: BackendStyle>(&mut self, center: BackendCoord, radius: u32, style: &S, fill: bool) -> CanvasResult<()> {
        self.both(|s| s.circle(center, radius, style, fill), |c| c.draw_circle(center, radius, style, fill))
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, vert: I, style: &S) -> CanvasResult<()> {
        if self.svg.is_none() {
            return self.inner.fill_polygon(vert, style);
        }
        let vert: Vec<BackendCoord> = vert.into_iter().collect();
        self.both(|s| s.polygon(&vert, style), |c| c.fill_polygon(vert.iter().copied(), style))
    }
    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, pos: BackendCoord) -> CanvasResult<()> {
        self.both(|s| s.text(text, style, pos), |c| c.draw_text(text, style, pos))
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

/// A figure being captured as SVG: its canvases (bottom layer first), and the SVG each has
/// been drawn as since the request.
struct Capture {
    layers: Vec<HtmlCanvasElement>,
    parts: Vec<Option<String>>,
}

thread_local! {
    static CAPTURE: RefCell<Option<Capture>> = const { RefCell::new(None) };
    /// Read by every [`draw_on`], so that a save request redraws every figure once.
    static REDRAW: std::cell::Cell<Option<leptos::prelude::RwSignal<u32>>> = const { std::cell::Cell::new(None) };
}

/// Called once by the app (inside its owner): the signal through which an SVG request
/// redraws the figures.
pub fn install_svg_capture() {
    REDRAW.with(|r| r.set(Some(leptos::prelude::RwSignal::new(0))));
}

/// Redraws every canvas (their look changed).
pub fn redraw_all() {
    use leptos::prelude::Update;
    if let Some(r) = REDRAW.with(|r| r.get()) {
        r.update(|v| *v = v.wrapping_add(1));
    }
}

/// A figure as SVG: its canvases are redrawn once through the same plot functions, on the
/// canvas and on plotters' SVG backend at once; the layers' drawings are stacked into one
/// document, handed to `done`.
pub fn capture_svg(layers: Vec<HtmlCanvasElement>, done: impl FnOnce(String) + 'static) {
    use leptos::prelude::*;
    let parts = vec![None; layers.len()];
    CAPTURE.with(|c| *c.borrow_mut() = Some(Capture { layers, parts }));
    redraw_all();
    // The effects redraw in the next microtasks; the file is put together after them.
    set_timeout(
        || {
            let Some(c) = CAPTURE.with(|c| c.borrow_mut().take()) else { return };
            if let Some(svg) = stack(&c.parts) {
                done(svg);
            }
        },
        std::time::Duration::from_millis(250),
    );
}

/// One SVG document from the layers' documents (the first's header, every layer's content).
fn stack(parts: &[Option<String>]) -> Option<String> {
    let mut drawn = parts.iter().flatten();
    let mut out = drawn.next()?.trim_end().trim_end_matches("</svg>").to_string();
    for p in drawn {
        let body = p.find("<svg").and_then(|i| p[i..].find('>').map(|j| i + j + 1)).map_or(p.as_str(), |k| &p[k..]);
        out.push_str(body.trim_end().trim_end_matches("</svg>"));
    }
    out.push_str("</svg>\n");
    Some(out)
}

/// Draws on a canvas through plotters; heatmaps go through the [`CanvasPainter`] (except while
/// the figure is being saved as SVG: then they are drawn as rectangles, on both).
pub fn draw_on(canvas: &HtmlCanvasElement, f: impl for<'s> FnOnce(&Area<Canvas2d<'s>>, Option<&dyn CellPainter>) -> DrawResult<Canvas2d<'s>>) {
    use leptos::prelude::Track;
    if let Some(r) = REDRAW.with(|r| r.get()) {
        r.track();
    }
    let Some(context) = context(canvas) else { return };
    let layer = CAPTURE.with(|c| c.borrow().as_ref().and_then(|c| c.layers.iter().position(|l| l == canvas)));
    let painter = CanvasPainter(context.clone());
    let Some(inner) = CanvasBackend::with_canvas_object(canvas.clone()) else { return };
    let mut text = String::new();
    {
        let svg = layer.map(|_| SVGBackend::with_string(&mut text, (canvas.width(), canvas.height())));
        let root = Canvas2d { inner, context, svg }.into_drawing_area();
        let painter: Option<&dyn CellPainter> = if layer.is_some() { None } else { Some(&painter) };
        if let Err(e) = f(&root, painter) {
            leptos::logging::warn!("drawing failed: {e:?}");
        }
        let _ = root.present();
    }
    if let Some(i) = layer {
        CAPTURE.with(|c| {
            if let Some(c) = c.borrow_mut().as_mut() {
                c.parts[i] = Some(text);
            }
        });
    }
}
