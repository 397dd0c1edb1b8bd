//! Heatmap cells: a small RGB image (the boundary's 48×48 grid, a neuron's 14×14 thumbnail,
//! the layer-activity histograms) that the plots place into a pixel rectangle.
//!
//! Any backend can draw them as plotters rectangles (SVG, PNG); a [`CellPainter`] (the page's
//! canvas) draws the whole image in one call instead, scaled by the browser, which is what
//! keeps the page's frames short while training. Either way the plot functions stay generic
//! over the backend.

use super::{Area, DrawResult};
use plotters::prelude::*;

/// An image of `cols` × `rows` cells, RGB, row by row from the top.
#[derive(Clone, Debug, PartialEq)]
pub struct Cells {
    pub cols: usize,
    pub rows: usize,
    pub rgb: Vec<u8>,
    /// Scaled up smoothly (a field sampled on a grid: the boundary, the surface) or as crisp
    /// blocks (pixels, one unit's state at one step).
    pub smooth: bool,
}

impl Cells {
    /// `colour(row, col)` for every cell.
    pub fn from_fn(cols: usize, rows: usize, mut colour: impl FnMut(usize, usize) -> RGBColor) -> Cells {
        let mut rgb = Vec::with_capacity(cols * rows * 3);
        for r in 0..rows {
            for c in 0..cols {
                let RGBColor(red, green, blue) = colour(r, c);
                rgb.extend_from_slice(&[red, green, blue]);
            }
        }
        Cells { cols, rows, rgb, smooth: true }
    }

    /// The same cells drawn as crisp blocks.
    pub fn crisp(self) -> Cells {
        Cells { smooth: false, ..self }
    }

    pub fn get(&self, row: usize, col: usize) -> RGBColor {
        let i = 3 * (row * self.cols + col);
        RGBColor(self.rgb[i], self.rgb[i + 1], self.rgb[i + 2])
    }
}

/// Draws a whole [`Cells`] image at once, scaled to fill the rectangle from `from` to `to`
/// (backend pixels, `to` exclusive). The page implements it with `putImageData` and a scaled
/// `drawImage`; native backends have none and get rectangles.
pub trait CellPainter {
    fn paint(&self, cells: &Cells, from: (i32, i32), to: (i32, i32));
}

/// Places `cells` in the pixel rectangle `from`..`to` of the backend (absolute pixels, as
/// [`DrawingArea::get_pixel_range`] gives them): through `painter` when there is one, else as
/// rectangles, one per run of equal cells in a row.
pub fn fill_cells<DB: DrawingBackend>(
    area: &Area<DB>,
    cells: &Cells,
    from: (i32, i32),
    to: (i32, i32),
    painter: Option<&dyn CellPainter>,
) -> DrawResult<DB> {
    if cells.cols == 0 || cells.rows == 0 || to.0 <= from.0 || to.1 <= from.1 {
        return Ok(());
    }
    if let Some(p) = painter {
        p.paint(cells, from, to);
        return Ok(());
    }
    // `area` draws in its own coordinates: shift the absolute rectangle into them.
    let (bx, by) = area.get_base_pixel();
    let (w, h) = ((to.0 - from.0) as f64, (to.1 - from.1) as f64);
    let x = |c: usize| from.0 - bx + (c as f64 * w / cells.cols as f64).round() as i32;
    let y = |r: usize| from.1 - by + (r as f64 * h / cells.rows as f64).round() as i32;
    for r in 0..cells.rows {
        let mut c = 0;
        while c < cells.cols {
            let colour = cells.get(r, c);
            let mut end = c + 1;
            while end < cells.cols && cells.get(r, end) == colour {
                end += 1;
            }
            area.draw(&Rectangle::new([(x(c), y(r)), (x(end), y(r + 1))], colour.filled()))?;
            c = end;
        }
    }
    Ok(())
}

/// A painter that records what it was asked to paint (plot tests).
#[cfg(test)]
pub(crate) mod recorder {
    use super::{CellPainter, Cells};
    use std::cell::RefCell;

    /// (columns, rows), from, to of each painted image.
    pub type Painted = ((usize, usize), (i32, i32), (i32, i32));
    pub struct Recorder(pub RefCell<Vec<Painted>>);
    impl CellPainter for Recorder {
        fn paint(&self, cells: &Cells, from: (i32, i32), to: (i32, i32)) {
            self.0.borrow_mut().push(((cells.cols, cells.rows), from, to));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::recorder::Recorder;
    use super::*;
    use std::cell::RefCell;

    #[test]
    fn rectangles_merge_runs_and_painters_get_the_whole_image() {
        // Two rows: the first all white (one rectangle), the second alternating (four).
        let cells = Cells::from_fn(4, 2, |r, c| if r == 1 && c % 2 == 1 { RGBColor(0, 0, 0) } else { RGBColor(255, 255, 255) });
        assert_eq!(cells.get(1, 1), RGBColor(0, 0, 0));
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (100, 100)).into_drawing_area();
            let (_, inner) = root.split_horizontally(20);
            fill_cells(&inner, &cells, (40, 10), (80, 30), None).unwrap();
            root.present().unwrap();
        }
        assert_eq!(svg.matches("<rect").count(), 5, "{svg}");
        // Absolute coordinates: the first rectangle starts at x = 40 although the area starts at 20.
        assert!(svg.contains(r#"x="40" y="10""#), "{svg}");

        let rec = Recorder(RefCell::new(vec![]));
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (100, 100)).into_drawing_area();
            fill_cells(&root, &cells, (0, 0), (50, 50), Some(&rec)).unwrap();
            root.present().unwrap();
        }
        assert_eq!(svg.matches("<rect").count(), 0);
        assert_eq!(*rec.0.borrow(), vec![((4, 2), (0, 0), (50, 50))]);
    }
}
