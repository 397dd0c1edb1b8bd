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
pub struct Canvas2d {
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
pub fn draw_on(canvas: &HtmlCanvasElement, f: impl FnOnce(&Area<Canvas2d>, Option<&dyn CellPainter>) -> DrawResult<Canvas2d>) {
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

