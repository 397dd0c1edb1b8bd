//! Per-feature histograms of the training inputs: one row per chosen feature, before
//! scaling (after scale and offset) on one side and after scaling (what the network sees) on
//! the other, each with its mean μ and population standard deviation σ.

use super::colors::{positive, faint, ink, paper};
use super::{Area, DrawResult};
use crate::engine::prep::{FeatureHistogram, Histogram};
use crate::i18n::{Lang, T};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::RGBColor;

const BEFORE: RGBColor = RGBColor(0xc0, 0x6a, 0x00);
/// Height of the column titles, width of the feature names.
const HEADER: u32 = 18;
const NAMES: u32 = 40;
/// The canvas height that gives each feature's row this many pixels.
pub const ROW_HEIGHT: u32 = 64;

/// The height a drawing of `features` rows needs.
pub fn histograms_height(features: usize) -> u32 {
    HEADER + ROW_HEIGHT * features.max(1) as u32
}

/// A short number for an axis or a caption: 3 significant digits, exponent form when large
/// or tiny.
pub fn short(v: f64, lang: Lang) -> String {
    let a = v.abs();
    let s = if !v.is_finite() {
        "–".to_string()
    } else if a == 0.0 || a < 5e-4 {
        "0".to_string()
    } else if a >= 1e4 || a < 0.01 {
        format!("{v:.1e}")
    } else if a >= 100.0 {
        format!("{v:.0}")
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    };
    lang.digits(&s)
}

/// The caption of one histogram: `μ 0.01  σ 1.00`.
pub fn mean_std_caption(h: &Histogram, lang: Lang) -> String {
    format!("μ {}  σ {}", short(h.mean, lang), short(h.std, lang))
}

pub fn draw_histograms<DB: DrawingBackend>(root: &Area<DB>, hists: &[FeatureHistogram], lang: Lang) -> DrawResult<DB> {
    super::ensure_fonts();
    root.fill(&paper())?;
    if hists.is_empty() {
        return Ok(());
    }
    let (head, body) = root.split_vertically(HEADER);
    // Before, then after, in the reading direction.
    let (first, second) = if lang.dir() == "rtl" { (1, 0) } else { (0, 1) };
    let titles = head.split_horizontally(NAMES).1.split_evenly((1, 2));
    for (area, key) in [&titles[first], &titles[second]].into_iter().zip([T::HistBefore, T::HistAfter]) {
        let (w, h) = area.dim_in_pixel();
        let style = super::colors::font(12).into_font().color(&ink()).pos(Pos::new(HPos::Center, VPos::Center));
        area.draw(&Text::new(lang.t(key), (w as i32 / 2, h as i32 / 2), style))?;
    }
    let rows = body.split_evenly((hists.len(), 1));
    for (row, f) in rows.iter().zip(hists) {
        let (name, cells) = row.split_horizontally(NAMES);
        let (_, h) = name.dim_in_pixel();
        let size = if f.feature.symbol().chars().count() > 3 { 12 } else { 15 };
        let style = super::colors::font(size as u32).into_font().color(&ink()).pos(Pos::new(HPos::Right, VPos::Center));
        name.draw(&Text::new(f.feature.symbol(), (NAMES as i32 - 6, h as i32 / 2), style))?;
        let cells = cells.split_evenly((1, 2));
        draw_one(&cells[first], &f.before, BEFORE, lang)?;
        draw_one(&cells[second], &f.after, positive(), lang)?;
    }
    Ok(())
}

fn draw_one<DB: DrawingBackend>(area: &Area<DB>, hist: &Histogram, colour: RGBColor, lang: Lang) -> DrawResult<DB> {
    let top = hist.counts.iter().copied().max().unwrap_or(0).max(1);
    let mut chart = ChartBuilder::on(area)
        .margin_left(6)
        .margin_right(8)
        .margin_top(2)
        .caption(mean_std_caption(hist, lang), super::colors::font(12).into_font().color(&ink()))
        .x_label_area_size(14)
        .build_cartesian_2d(hist.lo..hist.hi, 0u32..top)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .disable_y_axis()
        .x_labels(3)
        .axis_style(faint())
        .label_style(super::colors::font(10).into_font().color(&ink()))
        .x_label_formatter(&|v| short(*v, lang))
        .draw()?;
    let width = (hist.hi - hist.lo) / hist.counts.len().max(1) as f64;
    chart.draw_series(hist.counts.iter().enumerate().filter(|(_, &c)| c > 0).map(|(i, &c)| {
        let x0 = hist.lo + i as f64 * width;
        Rectangle::new([(x0, c), (x0 + width, 0)], colour.mix(0.85).filled())
    }))?;
    Ok(())
}
