//! The decision boundary: the network's output over the input plane as a heatmap, with the
//! training points (white rim) and, optionally, the test points (dark rim).

use super::colors::{class, diverging, faded, INK, WHITE};
use super::cells::{fill_cells, CellPainter, Cells};
use super::{Area, DrawResult};
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
) -> DrawResult<DB> {
    super::ensure_fonts();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(root)
        .margin(4)
        .x_label_area_size(18)
        .y_label_area_size(24)
        .build_cartesian_2d(-DOMAIN..DOMAIN, -DOMAIN..DOMAIN)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(7)
        .y_labels(7)
        .label_style(("sans-serif", 11).into_font().color(&INK))
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
    let dot = |s: &Sample, rim: RGBColor| {
        EmptyElement::at((s.x, s.y))
            + Circle::new((0, 0), 4, rim.filled())
            + Circle::new((0, 0), 3, point_colour(task, s.label).filled())
    };
    chart.draw_series(train.iter().map(|s| dot(s, WHITE)))?;
    if show_test {
        chart.draw_series(test.iter().map(|s| dot(s, INK)))?;
    }
    Ok(())
}
