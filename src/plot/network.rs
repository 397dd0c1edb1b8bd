//! The network diagram: one column per layer, each neuron a small thumbnail of its output
//! over the input plane (as TensorFlow Playground), links coloured by weight sign and as
//! wide as the weight is large.

use super::colors::{diverging, positive, faint, ink, negative, paper};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use super::cells::{fill_cells, CellPainter, Cells};
use super::{Area, DrawResult};
use crate::engine::PointsView as View;
use crate::i18n::{Lang, T};
use plotters::prelude::*;

const LABEL_MARGIN: i32 = 40;
/// A marked link's core (yellow on its dark halo: visible over blue and orange links).
const MARKED: RGBColor = RGBColor(0xf0, 0xe4, 0x42);
const DROPPED: RGBColor = RGBColor(0x9a, 0x9a, 0x9a);

/// Where each neuron's box is, in pixels; shared with the page for hit-testing.
#[derive(Clone, Debug, PartialEq)]
pub struct NetworkLayout {
    /// Per layer, per neuron: the box's top-left corner.
    pub nodes: Vec<Vec<(i32, i32)>>,
    /// Side of a neuron's square box.
    pub size: i32,
}

impl NetworkLayout {
    /// Columns spread evenly across `width`; neurons stacked and centred in `height`.
    pub fn new(widths: &[usize], width: u32, height: u32) -> NetworkLayout {
        // A margin on the left for the inputs' names.
        let (w, h) = (width as i32 - LABEL_MARGIN, height as i32);
        let cols = widths.len().max(1) as i32;
        let tallest = widths.iter().copied().max().unwrap_or(1).max(1) as i32;
        let size = (h / (tallest + (tallest - 1) / 2 + 1)).min(w / (2 * cols)).clamp(6, 40);
        let gap = size / 2;
        let col_step = (w - size) / (cols - 1).max(1);
        let nodes = widths
            .iter()
            .enumerate()
            .map(|(l, &n)| {
                let x = LABEL_MARGIN + if cols == 1 { (w - size) / 2 } else { l as i32 * col_step };
                let total = n as i32 * size + (n as i32 - 1).max(0) * gap;
                let y0 = (h - total) / 2;
                (0..n as i32).map(|k| (x, y0 + k * (size + gap))).collect()
            })
            .collect();
        NetworkLayout { nodes, size }
    }

    /// The link from neuron `from` of layer `l` to neuron `to` of layer `l + 1`, as drawn: from
    /// the right edge of one box to the left edge of the next, at mid-height.
    pub fn link(&self, l: usize, from: usize, to: usize) -> Option<((i32, i32), (i32, i32))> {
        let (&(x0, y0), &(x1, y1)) = (self.nodes.get(l)?.get(from)?, self.nodes.get(l + 1)?.get(to)?);
        let s = self.size;
        Some(((x0 + s, y0 + s / 2), (x1, y1 + s / 2)))
    }

    /// The link nearest to the pixel (x, y), if one passes within `tolerance` pixels:
    /// (layer, from, to), as the weight `W[layer][from][to]`.
    pub fn link_at(&self, x: f64, y: f64, tolerance: f64) -> Option<(usize, usize, usize)> {
        let mut best: Option<((usize, usize, usize), f64)> = None;
        for l in 0..self.nodes.len().saturating_sub(1) {
            for from in 0..self.nodes[l].len() {
                for to in 0..self.nodes[l + 1].len() {
                    let Some(((ax, ay), (bx, by))) = self.link(l, from, to) else { continue };
                    let (ax, ay, bx, by) = (ax as f64, ay as f64, bx as f64, by as f64);
                    let (dx, dy) = (bx - ax, by - ay);
                    let len2 = dx * dx + dy * dy;
                    let t = if len2 > 0.0 { (((x - ax) * dx + (y - ay) * dy) / len2).clamp(0.0, 1.0) } else { 0.0 };
                    let d = (x - ax - t * dx).hypot(y - ay - t * dy);
                    if d <= tolerance && best.is_none_or(|(_, bd)| d < bd) {
                        best = Some(((l, from, to), d));
                    }
                }
            }
        }
        best.map(|(k, _)| k)
    }
}

/// What the diagram writes under each hidden layer's column: its batch-norm switch and
/// dropout rate (nothing for a layer with neither).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LayerNote {
    pub batch_norm: bool,
    pub dropout: f64,
}

/// Height reserved under the columns for the [`LayerNote`]s.
pub const NOTE_HEIGHT: u32 = 26;

/// What the diagram labels and marks besides the network itself.
#[derive(Clone, Copy, Debug, Default)]
pub struct NetworkDecor<'a> {
    /// The input neurons' labels (the chosen features' symbols, e.g. x₁, x₁², sin x₁).
    pub inputs: &'a [&'a str],
    /// Per hidden layer, drawn under its column (in the bottom [`NOTE_HEIGHT`] pixels, which
    /// the layout should leave free when there are any).
    pub notes: &'a [LayerNote],
    /// Links (layer, from, to) to mark (the loss surface's chosen weights): each gets a dark
    /// halo and its number (1, 2, …) at its middle.
    pub marked: &'a [(usize, usize, usize)],
}

pub fn draw_network<DB: DrawingBackend>(
    root: &Area<DB>,
    layout: &NetworkLayout,
    view: Option<&View>,
    decor: &NetworkDecor,
    lang: Lang,
    painter: Option<&dyn CellPainter>,
) -> DrawResult<DB> {
    super::ensure_fonts();
    root.fill(&paper())?;
    let NetworkDecor { inputs, notes, marked } = *decor;
    let (_, height) = root.dim_in_pixel();
    for (l, note) in notes.iter().enumerate() {
        let Some(&(x, _)) = layout.nodes.get(l + 1).and_then(|c| c.first()) else { continue };
        let style = super::colors::font(11).into_font().color(&ink()).pos(Pos::new(HPos::Center, VPos::Top));
        let cx = x + layout.size / 2;
        let y = height as i32 - NOTE_HEIGHT as i32 + 2;
        if note.batch_norm {
            root.draw(&Text::new(lang.t(T::BnShort).to_string(), (cx, y), style.clone()))?;
        }
        if note.dropout > 0.0 {
            let text = super::bidi(lang, format!("{} {}", lang.t(T::DropShort), lang.digits(&format!("{}", note.dropout))));
            root.draw(&Text::new(text, (cx, y + 12), style))?;
        }
    }
    let s = layout.size;
    // Links first, under the boxes.
    if let Some(v) = view {
        let biggest = v.weights.iter().flat_map(|l| l.w.iter()).fold(0.0f32, |m, w| m.max(w.abs())).max(1e-6);
        for (l, lw) in v.weights.iter().enumerate() {
            let (Some(from), Some(to)) = (layout.nodes.get(l), layout.nodes.get(l + 1)) else { continue };
            for (i, &(x0, y0)) in from.iter().enumerate().take(lw.inputs) {
                for (o, &(x1, y1)) in to.iter().enumerate().take(lw.outputs) {
                    let w = lw.w[i * lw.outputs + o];
                    let colour = if w >= 0.0 { positive() } else { negative() };
                    let width = (1.0 + 5.0 * w.abs() / biggest).round() as u32;
                    let alpha = 0.35 + 0.65 * (w.abs() / biggest) as f64;
                    root.draw(&PathElement::new(
                        [(x0 + s, y0 + s / 2), (x1, y1 + s / 2)],
                        colour.mix(alpha).stroke_width(width),
                    ))?;
                }
            }
        }
    }
    for (k, &(l, from, to)) in marked.iter().enumerate() {
        let Some((a, b)) = layout.link(l, from, to) else { continue };
        root.draw(&PathElement::new([a, b], ink().stroke_width(super::colors::stroke(7))))?;
        root.draw(&PathElement::new([a, b], MARKED.stroke_width(super::colors::stroke(3))))?;
        let mid = ((a.0 + b.0) / 2, (a.1 + b.1) / 2);
        root.draw(&Circle::new(mid, 8, ink().filled()))?;
        let style = super::colors::font(12).into_font().color(&paper()).pos(Pos::new(HPos::Center, VPos::Center));
        root.draw(&Text::new(format!("{}", k + 1), mid, style))?;
    }
    for (l, column) in layout.nodes.iter().enumerate() {
        for (k, &(x, y)) in column.iter().enumerate() {
            let grid = view.and_then(|v| v.neurons.get(l)).and_then(|layer| layer.get(k));
            match grid {
                Some(g) if g.n > 0 => {
                    // An input spans whatever range the pipeline gives it over the plane
                    // (x₁ × 100, x₁², a standardized feature): scale its largest magnitude to
                    // 1, so 0 stays white. Outputs of sigmoid neurons are in [0, 1]: centre
                    // them. Others are shown as they are.
                    let last = l + 1 == layout.nodes.len();
                    let regression = view.map(|v| v.task) == Some(crate::engine::Task::Regression);
                    let (scale, shift) = if l == 0 {
                        let biggest = g.values.iter().filter(|v| v.is_finite()).fold(0.0f32, |m, v| m.max(v.abs()));
                        (if biggest > 0.0 { 1.0 / biggest } else { 1.0 }, 0.0)
                    } else if last && !regression {
                        (2.0, -1.0)
                    } else {
                        (1.0, 0.0)
                    };
                    let cells = Cells::from_fn(g.n, g.n, |r, c| diverging(g.values[r * g.n + c] * scale + shift, 1.0));
                    let (bx, by) = root.get_base_pixel();
                    fill_cells(root, &cells, (bx + x, by + y), (bx + x + s, by + y + s), painter)?;
                }
                _ => root.draw(&Rectangle::new([(x, y), (x + s, y + s)], faint().filled()))?,
            }
            root.draw(&Rectangle::new([(x, y), (x + s, y + s)], faint().stroke_width(super::colors::stroke(1))))?;
            // A neuron dropped in the current step (hidden layers only) is greyed out.
            let dropped = l > 0 && view.and_then(|v| v.dropout_masks.get(l - 1)).and_then(|m| m.get(k)) == Some(&false);
            if dropped {
                root.draw(&Rectangle::new([(x, y), (x + s, y + s)], DROPPED.mix(0.8).filled()))?;
                root.draw(&PathElement::new([(x, y), (x + s, y + s)], ink().stroke_width(super::colors::stroke(1))))?;
                root.draw(&PathElement::new([(x + s, y), (x, y + s)], ink().stroke_width(super::colors::stroke(1))))?;
            }
            if l == 0 {
                if let Some(name) = inputs.get(k) {
                    // Long names (sin x₁) in a smaller type to fit the margin.
                    let size = if name.chars().count() > 3 { 11 } else { 14 };
                    let style = super::colors::font(size as u32).into_font().color(&ink()).pos(Pos::new(HPos::Right, VPos::Center));
                    root.draw(&Text::new(*name, (x - 3, y + s / 2), style))?;
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_fits_and_centres() {
        let l = NetworkLayout::new(&[2, 4, 2, 1], 400, 300);
        assert_eq!(l.nodes.iter().map(|c| c.len()).collect::<Vec<_>>(), vec![2, 4, 2, 1]);
        let all: Vec<_> = l.nodes.iter().flatten().collect();
        assert!(all.iter().all(|&&(x, y)| x >= 0 && y >= 0 && x + l.size <= 400 && y + l.size <= 300));
        // The single output neuron sits at mid-height.
        let (_, y) = l.nodes[3][0];
        assert!((y + l.size / 2 - 150).abs() <= 1);
        // Many neurons still fit.
        let l = NetworkLayout::new(&[2, 16, 16, 16, 16, 16, 16, 1], 560, 360);
        assert!(l.nodes.iter().flatten().all(|&(x, y)| y + l.size <= 360 && x + l.size <= 560));
    }

    /// An input thumbnail spans the input's own range over the plane: x₁ × 100 (±600) still
    /// shows a gradient of shades, not just two saturated colours (as a fixed ±6 would), and
    /// the input is labelled with its feature.
    #[test]
    fn input_thumbnails_follow_the_inputs_range() {
        let s = crate::settings::Settings::from_hash("features=x1&x1_scale=100&hidden=2").0;
        let mut t = crate::engine::Trainer::new(s.train_config()).unwrap();
        let crate::engine::View::Points(view) = t.view(8, 6, None).unwrap() else { panic!("points") };
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (200, 200)).into_drawing_area();
            let decor = NetworkDecor { inputs: &["x₁"], ..Default::default() };
            draw_network(&root, &NetworkLayout::new(&[1], 200, 200), Some(&view), &decor, Lang::En, None).unwrap();
            root.present().unwrap();
        }
        let fills: std::collections::HashSet<&str> =
            svg.match_indices("fill=\"#").map(|(i, _)| &svg[i + 6..i + 13]).filter(|c| !["#FFFFFF", "#DDDDDD"].contains(c)).collect();
        assert!(fills.len() >= 5, "shades: {fills:?}");
        assert!(svg.contains("x₁"));
    }

    /// A click on a link finds that link; far from every link, none.
    #[test]
    fn links_are_found_by_pixel() {
        let l = NetworkLayout::new(&[2, 4, 2, 1], 420, 300);
        for (layer, from, to) in [(0, 0, 0), (0, 1, 3), (1, 2, 1), (2, 1, 0)] {
            let ((ax, ay), (bx, by)) = l.link(layer, from, to).unwrap();
            // A third of the way along (symmetric links cross at their middles).
            let (mx, my) = (ax as f64 + (bx - ax) as f64 / 3.0, ay as f64 + (by - ay) as f64 / 3.0);
            assert_eq!(l.link_at(mx, my + 1.0, 6.0), Some((layer, from, to)));
        }
        assert_eq!(l.link_at(1.0, 1.0, 6.0), None);
        assert_eq!(l.link(3, 0, 0), None);
        let svg = {
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, (420, 300)).into_drawing_area();
                let decor = NetworkDecor { inputs: &["x₁", "x₂"], marked: &[(0, 1, 3), (2, 1, 0)], ..Default::default() };
                draw_network(&root, &l, None, &decor, Lang::En, None).unwrap();
                root.present().unwrap();
            }
            svg
        };
        // Two numbered marks (white numbers on dark discs).
        assert_eq!(svg.matches(r##"fill="#FFFFFF">"##).count(), 2, "the marks are numbered");
    }
}
