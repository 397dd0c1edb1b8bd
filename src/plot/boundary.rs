//! The decision boundary: the network's output over the input plane as a heatmap, with the
//! training points (white rim) and, optionally, the test points (dark rim).

use super::colors::{class, diverging, INK, WHITE};
use super::{Area, DrawResult};
use crate::engine::{Grid, Sample, DOMAIN};
use crate::i18n::Lang;
use plotters::prelude::*;

pub fn draw_boundary<DB: DrawingBackend>(
    root: &Area<DB>,
    grid: Option<&Grid>,
    train: &[Sample],
    test: &[Sample],
    show_test: bool,
    lang: Lang,
) -> DrawResult<DB> {
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
    if let Some(g) = grid {
        let step = 2.0 * DOMAIN / g.n as f32;
        chart.draw_series(g.values.iter().enumerate().map(|(i, p)| {
            let (row, col) = (i / g.n, i % g.n);
            let x0 = -DOMAIN + col as f32 * step;
            let y1 = DOMAIN - row as f32 * step;
            // Probability p of class 1 → [−1, 1], faded so the points stay visible.
            Rectangle::new([(x0, y1), (x0 + step, y1 - step)], diverging(2.0 * p - 1.0, 0.75).filled())
        }))?;
    }
    let dot = |s: &Sample, rim: RGBColor| {
        EmptyElement::at((s.x, s.y)) + Circle::new((0, 0), 4, rim.filled()) + Circle::new((0, 0), 3, class(s.label).filled())
    };
    chart.draw_series(train.iter().map(|s| dot(s, WHITE)))?;
    if show_test {
        chart.draw_series(test.iter().map(|s| dot(s, INK)))?;
    }
    Ok(())
}
