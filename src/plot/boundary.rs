//! The decision boundary: the network's output over the input plane as a heatmap, with the
//! training points (white rim) and, optionally, the test points (dark rim).

use super::colors::{class, diverging, faded, ink, marker, paper, Marker};
use super::cells::{fill_cells, CellPainter, Cells};
use super::Area;
use plotters::coord::types::RangedCoordf32;
use plotters::coord::ReverseCoordTranslate;
use crate::engine::{Grid, Sample, Task, DOMAIN};
use crate::i18n::Lang;
use plotters::prelude::*;

/// The colour of one cell: binary p → orange–white–blue; several classes → the likeliest
/// class's colour, faded by how sure the network is; regression → the diverging map.
pub fn cell_colour(task: Task, cell: &[f32]) -> RGBColor {
    match task {
        Task::Binary => diverging(2.0 * cell[0] - 1.0, 0.75),
        Task::Regression => diverging(cell[0], 0.75),
        Task::Multiclass { classes } => {
            let (best, p) = cell.iter().enumerate().fold((0, f32::MIN), |b, (i, &p)| if p > b.1 { (i, p) } else { b });
            let chance = 1.0 / classes as f32;
            faded(class(best as f32), 0.75 * (p - chance) / (1.0 - chance))
        }
    }
}

/// The colour of a point: its class, or its target value on the diverging map.
pub fn point_colour(task: Task, label: f32) -> RGBColor {
    match task {
        Task::Regression => diverging(label, 1.0),
        _ => class(label),
    }
}

/// The boundary chart's map between the plane and the drawing's pixels, as plotters laid it
/// out (margins, label areas): the page turns a click into a point of the plane with it.
#[derive(Clone)]
pub struct PlaneMap(Cartesian2d<RangedCoordf32, RangedCoordf32>);

impl PlaneMap {
    /// The point of the plane under pixel (x, y) of the drawing; `None` outside the plot area.
    pub fn plane_at(&self, x: i32, y: i32) -> Option<(f32, f32)> {
        let ((x0, y0), (x1, y1)) = self.corners();
        if !((x0..=x1).contains(&x) && (y0..=y1).contains(&y)) {
            return None;
        }
        self.0.reverse_translate((x, y))
    }

    /// The pixel where a point of the plane is drawn.
    pub fn pixel_of(&self, x: f32, y: f32) -> (i32, i32) {
        self.0.translate(&(x, y))
    }

    /// Plane units per pixel, horizontally (e.g. for a click's tolerance).
    pub fn units_per_pixel(&self) -> f32 {
        let ((x0, _), (x1, _)) = self.corners();
        2.0 * DOMAIN / (x1 - x0).max(1) as f32
    }

    /// The plane's top-left and bottom-right corners, in pixels.
    fn corners(&self) -> ((i32, i32), (i32, i32)) {
        (self.pixel_of(-DOMAIN, DOMAIN), self.pixel_of(DOMAIN, -DOMAIN))
    }
}

/// Draws the plane and returns its pixel map. `painter`: how heatmap cells reach the
/// backend (`None`: as rectangles).
#[allow(clippy::too_many_arguments)]
pub fn draw_boundary<DB: DrawingBackend>(
    root: &Area<DB>,
    task: Task,
    grid: Option<&Grid>,
    train: &[Sample],
    test: &[Sample],
    show_test: bool,
    lang: Lang,
    painter: Option<&dyn CellPainter>,
) -> Result<PlaneMap, DrawingAreaErrorKind<DB::ErrorType>> {
    super::ensure_fonts();
    root.fill(&paper())?;
    let mut chart = ChartBuilder::on(root)
        .margin(4)
        .x_label_area_size(18)
        .y_label_area_size(24)
        .build_cartesian_2d(-DOMAIN..DOMAIN, -DOMAIN..DOMAIN)?;
    let map = PlaneMap(chart.as_coord_spec().clone());
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(7)
        .y_labels(7)
        .label_style(super::colors::font(11).into_font().color(&ink()))
        .x_label_formatter(&|v| lang.num(*v as f64, 0))
        .y_label_formatter(&|v| lang.num(*v as f64, 0))
        .draw()?;
    if let Some(g) = grid.filter(|g| g.k == task.outputs() && g.values.len() == g.n * g.n * g.k) {
        // Row 0 of the grid is the top of the plane (y = DOMAIN), as the image's.
        let cells = Cells::from_fn(g.n, g.n, |r, c| {
            let i = (r * g.n + c) * g.k;
            cell_colour(task, &g.values[i..i + g.k])
        });
        let plot = chart.plotting_area();
        let (xs, ys) = plot.get_pixel_range();
        fill_cells(&plot.strip_coord_spec(), &cells, (xs.start, ys.start), (xs.end, ys.end), painter)?;
    }
    // A point: its class's colour on a rim (paper for training points, ink for test points);
    // in the colour-blind-safe palette, its class's shape too.
    let area = chart.plotting_area();
    let dot = |s: &Sample, rim: RGBColor| -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        let (at, c) = ((s.x, s.y), point_colour(task, s.label));
        let shape = if task == Task::Regression { Marker::Circle } else { marker(s.label) };
        let diamond = |r: i32| vec![(0, -r), (r, 0), (0, r), (-r, 0)];
        match shape {
            Marker::Circle => area.draw(&(EmptyElement::at(at) + Circle::new((0, 0), 4, rim.filled()) + Circle::new((0, 0), 3, c.filled()))),
            Marker::Square => area.draw(&(EmptyElement::at(at) + Rectangle::new([(-4, -4), (4, 4)], rim.filled()) + Rectangle::new([(-3, -3), (3, 3)], c.filled()))),
            Marker::Triangle => area.draw(&(EmptyElement::at(at) + TriangleMarker::new((0, 0), 6, rim.filled()) + TriangleMarker::new((0, 0), 4, c.filled()))),
            Marker::Diamond => area.draw(&(EmptyElement::at(at) + Polygon::new(diamond(5), rim.filled()) + Polygon::new(diamond(4), c.filled()))),
        }
    };
    for s in train {
        dot(s, paper())?;
    }
    if show_test {
        for s in test {
            dot(s, ink())?;
        }
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The map the page uses for clicks is the one the points are drawn with: a point's
    /// circle in the SVG sits at `pixel_of`, and `plane_at` of that pixel gives the point back
    /// (to within a pixel); the margins are outside the plane.
    #[test]
    fn the_plane_map_is_where_points_are_drawn() {
        let point = Sample { x: 2.5, y: -1.5, label: 1.0 };
        let mut svg = String::new();
        let map = {
            let root = SVGBackend::with_string(&mut svg, (360, 360)).into_drawing_area();
            let map = draw_boundary(&root, Task::Binary, None, &[point], &[], false, Lang::En, None).unwrap();
            root.present().unwrap();
            map
        };
        let (px, py) = map.pixel_of(point.x, point.y);
        assert!(svg.contains(&format!("cx=\"{px}\" cy=\"{py}\"")), "circle at ({px}, {py}) in {svg}");
        let (x, y) = map.plane_at(px, py).unwrap();
        let tol = map.units_per_pixel();
        assert!((x - point.x).abs() <= tol && (y - point.y).abs() <= tol, "({x}, {y})");
        assert!((0.02..0.05).contains(&tol), "12 units over ~330 pixels: {tol}");
        assert_eq!(map.plane_at(2, 2), None, "the margin");
        assert_eq!(map.plane_at(10, 350), None, "the label area");
        let (cx, cy) = map.plane_at(28 + 164, 4 + 167).unwrap();
        assert!(cx.abs() < 0.1 && cy.abs() < 0.1, "the centre: ({cx}, {cy})");
    }
}
