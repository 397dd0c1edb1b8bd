//! The network diagram: one column per layer, each neuron a small thumbnail of its output
//! over the input plane (as TensorFlow Playground), links coloured by weight sign and as
//! wide as the weight is large.

use super::colors::{diverging, BLUE, GRID, INK, ORANGE, WHITE};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use super::cells::{fill_cells, CellPainter, Cells};
use super::{Area, DrawResult};
use crate::engine::View;
use crate::i18n::{Lang, T};
use plotters::prelude::*;

const LABEL_MARGIN: i32 = 22;
const DROPPED: RGBColor = RGBColor(0x9a, 0x9a, 0x9a);
const INPUT_NAMES: [&str; 2] = ["x₁", "x₂"];

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

/// `notes`: per hidden layer, drawn under its column (in the bottom [`NOTE_HEIGHT`] pixels,
/// which the layout should leave free when there are any).
pub fn draw_network<DB: DrawingBackend>(
    root: &Area<DB>,
    layout: &NetworkLayout,
    view: Option<&View>,
    notes: &[LayerNote],
    lang: Lang,
    painter: Option<&dyn CellPainter>,
) -> DrawResult<DB> {
    super::ensure_fonts();
    root.fill(&WHITE)?;
    let (_, height) = root.dim_in_pixel();
    for (l, note) in notes.iter().enumerate() {
        let Some(&(x, _)) = layout.nodes.get(l + 1).and_then(|c| c.first()) else { continue };
        let style = ("sans-serif", 11).into_font().color(&INK).pos(Pos::new(HPos::Center, VPos::Top));
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
                    let colour = if w >= 0.0 { BLUE } else { ORANGE };
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
    for (l, column) in layout.nodes.iter().enumerate() {
        for (k, &(x, y)) in column.iter().enumerate() {
            let grid = view.and_then(|v| v.neurons.get(l)).and_then(|layer| layer.get(k));
            match grid {
                Some(g) if g.n > 0 => {
                    // Inputs span [−6, 6]; scale them to [−1, 1]. Outputs of sigmoid
                    // neurons are in [0, 1]: centre them. Others are shown as they are.
                    let last = l + 1 == layout.nodes.len();
                    let regression = view.map(|v| v.task) == Some(crate::engine::Task::Regression);
                    let (scale, shift) = if l == 0 {
                        (1.0 / 6.0, 0.0)
                    } else if last && !regression {
                        (2.0, -1.0)
                    } else {
                        (1.0, 0.0)
                    };
                    let cells = Cells::from_fn(g.n, g.n, |r, c| diverging(g.values[r * g.n + c] * scale + shift, 1.0));
                    let (bx, by) = root.get_base_pixel();
                    fill_cells(root, &cells, (bx + x, by + y), (bx + x + s, by + y + s), painter)?;
                }
                _ => root.draw(&Rectangle::new([(x, y), (x + s, y + s)], GRID.filled()))?,
            }
            root.draw(&Rectangle::new([(x, y), (x + s, y + s)], GRID.stroke_width(1)))?;
            // A neuron dropped in the current step (hidden layers only) is greyed out.
            let dropped = l > 0 && view.and_then(|v| v.dropout_masks.get(l - 1)).and_then(|m| m.get(k)) == Some(&false);
            if dropped {
                root.draw(&Rectangle::new([(x, y), (x + s, y + s)], DROPPED.mix(0.8).filled()))?;
                root.draw(&PathElement::new([(x, y), (x + s, y + s)], INK.stroke_width(1)))?;
                root.draw(&PathElement::new([(x + s, y), (x, y + s)], INK.stroke_width(1)))?;
            }
            if l == 0 {
                if let Some(name) = INPUT_NAMES.get(k) {
                    let style = ("sans-serif", 14).into_font().color(&INK).pos(Pos::new(HPos::Right, VPos::Center));
                    root.draw(&Text::new(*name, (x - 4, y + s / 2), style))?;
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
}
