//! Train (solid) and test (dashed) loss over epochs.

use super::colors::{BLUE, GRID, INK, WHITE};
use super::{Area, DrawResult};
use crate::engine::EpochStats;
use crate::i18n::{Lang, T};
use plotters::prelude::*;

/// At most this many points per curve are drawn; longer histories are thinned evenly.
const MAX_POINTS: usize = 600;

pub fn draw_loss<DB: DrawingBackend>(root: &Area<DB>, history: &[EpochStats], lang: Lang) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let last_epoch = history.last().map(|s| s.epoch).unwrap_or(0).max(1);
    let finite = |v: f32| if v.is_finite() { v } else { 0.0 };
    let top = history.iter().map(|s| finite(s.train_loss).max(finite(s.test_loss))).fold(0.0f32, f32::max);
    let top = if top > 0.0 { top * 1.05 } else { 1.0 };
    let mut chart = ChartBuilder::on(root)
        .margin(6)
        .x_label_area_size(30)
        .y_label_area_size(38)
        .build_cartesian_2d(0f32..last_epoch as f32, 0f32..top)?;
    chart
        .configure_mesh()
        .light_line_style(GRID.mix(0.6))
        .bold_line_style(GRID)
        .x_labels((last_epoch + 1).min(6))
        .y_labels(5)
        .x_desc(lang.t(T::EpochAxis))
        .label_style(("sans-serif", 11).into_font().color(&INK))
        .axis_desc_style(("sans-serif", 12).into_font().color(&INK))
        .x_label_formatter(&|v| lang.num(v.round() as f64, 0))
        .y_label_formatter(&|v| lang.num(*v as f64, 2))
        .draw()?;
    let stride = history.len().div_ceil(MAX_POINTS).max(1);
    let thin = |f: fn(&EpochStats) -> f32| {
        let mut pts: Vec<(f32, f32)> =
            history.iter().step_by(stride).filter(|s| f(s).is_finite()).map(|s| (s.epoch as f32, f(s))).collect();
        if let Some(s) = history.last().filter(|s| f(s).is_finite()) {
            if pts.last().map(|p| p.0) != Some(s.epoch as f32) {
                pts.push((s.epoch as f32, f(s)));
            }
        }
        pts
    };
    chart
        .draw_series(LineSeries::new(thin(|s| s.train_loss), INK.stroke_width(2)))?
        .label(lang.t(T::Train))
        .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], INK.stroke_width(2)));
    chart
        .draw_series(DashedLineSeries::new(thin(|s| s.test_loss), 5, 3, BLUE.stroke_width(2)))?
        .label(lang.t(T::Test))
        .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], BLUE.stroke_width(2)));
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.85))
        .border_style(GRID)
        .label_font(("sans-serif", 12).into_font().color(&INK))
        .draw()?;
    Ok(())
}
