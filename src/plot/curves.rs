//! Train (solid) and test (dashed) loss over epochs, and under it the learning rate each
//! epoch used (the schedule).

use super::colors::{positive, faint, ink, paper};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::RGBColor;

const ORANGE_DARK: RGBColor = RGBColor(0xc0, 0x6a, 0x00);
fn green() -> RGBColor { super::colors::classes()[2] }
fn purple() -> RGBColor { super::colors::classes()[3] }
use super::{Area, DrawResult};
use crate::engine::learning_curve::CurvePoint;
use crate::engine::range_test::{RangeResult, LR_MAX, LR_MIN};
use crate::engine::EpochStats;
use crate::i18n::{Lang, T};
use plotters::prelude::*;

/// At most this many points per curve are drawn; longer histories are thinned evenly.
const MAX_POINTS: usize = 600;

/// `b`: a second run's history, overlaid in green (run A in black and blue).
pub fn draw_loss<DB: DrawingBackend>(whole: &Area<DB>, history: &[EpochStats], b: Option<&[EpochStats]>, lang: Lang) -> DrawResult<DB> {
    super::ensure_fonts();
    whole.fill(&paper())?;
    let (_, h) = whole.dim_in_pixel();
    let (root, lr_area) = whole.split_vertically((h as f32 * 0.7) as u32);
    let root = &root;
    let both = || history.iter().chain(b.unwrap_or(&[]));
    let last_epoch = both().map(|s| s.epoch).max().unwrap_or(0).max(1);
    let finite = |v: f32| if v.is_finite() { v } else { 0.0 };
    let top = both().map(|s| finite(s.train_loss).max(finite(s.test_loss))).fold(0.0f32, f32::max);
    let top = if top > 0.0 { top * 1.05 } else { 1.0 };
    let mut chart = ChartBuilder::on(root)
        .margin(6)
        .x_label_area_size(30)
        .y_label_area_size(38)
        .build_cartesian_2d(0f32..last_epoch as f32, 0f32..top)?;
    chart
        .configure_mesh()
        .light_line_style(faint().mix(0.6))
        .bold_line_style(faint())
        .x_labels((last_epoch + 1).min(6))
        .y_labels(5)
        .x_desc(lang.t(T::EpochAxis))
        .label_style(super::colors::font(11).into_font().color(&ink()))
        .axis_desc_style(super::colors::font(12).into_font().color(&ink()))
        .x_label_formatter(&|v| lang.num(v.round() as f64, 0))
        .y_label_formatter(&|v| lang.num(*v as f64, 2))
        .draw()?;
    let stride = history.len().max(b.map_or(0, |b| b.len())).div_ceil(MAX_POINTS).max(1);
    let thin_of = |history: &[EpochStats], f: fn(&EpochStats) -> f32| {
        let mut pts: Vec<(f32, f32)> =
            history.iter().step_by(stride).filter(|s| f(s).is_finite()).map(|s| (s.epoch as f32, f(s))).collect();
        if let Some(s) = history.last().filter(|s| f(s).is_finite()) {
            if pts.last().map(|p| p.0) != Some(s.epoch as f32) {
                pts.push((s.epoch as f32, f(s)));
            }
        }
        pts
    };
    let thin = |f: fn(&EpochStats) -> f32| thin_of(history, f);
    chart.draw_series(LineSeries::new(thin(|s| s.train_loss), ink().stroke_width(super::colors::stroke(2))))?;
    chart.draw_series(DashedLineSeries::new(thin(|s| s.test_loss), 5, 3, positive().stroke_width(super::colors::stroke(2))))?;
    let mut legend = vec![(T::Train, ink()), (T::Test, positive())];
    if let Some(b) = b {
        chart.draw_series(LineSeries::new(thin_of(b, |s| s.train_loss), green().stroke_width(super::colors::stroke(2))))?;
        chart.draw_series(DashedLineSeries::new(thin_of(b, |s| s.test_loss), 5, 3, purple().stroke_width(super::colors::stroke(2))))?;
        legend.extend([(T::TrainB, green()), (T::TestB, purple())]);
    }
    draw_legend(root, &chart.plotting_area().strip_coord_spec(), &legend, lang)?;
    draw_rate(&lr_area, history, last_epoch, stride, lang)
}

/// The legend in the plot's upper (or lower) right corner: a line of each colour and its
/// name. Drawn by hand rather than with plotters' series labels, which measure text with the
/// font directly (in the browser: a page layout per label, every frame, through an element
/// with a `style` attribute, which the page's Content-Security-Policy refuses); this measures
/// through the backend.
fn draw_legend<DB: DrawingBackend>(root: &Area<DB>, plot: &Area<DB>, entries: &[(T, RGBColor)], lang: Lang) -> DrawResult<DB> {
    draw_legend_at(root, plot, entries, lang, false)
}

pub(super) fn draw_legend_at<DB: DrawingBackend>(root: &Area<DB>, plot: &Area<DB>, entries: &[(T, RGBColor)], lang: Lang, bottom: bool) -> DrawResult<DB> {
    const ROW: i32 = 16;
    let style = super::colors::font(12).into_font().color(&ink());
    let texts: Vec<String> = entries.iter().map(|(t, _)| super::bidi(lang, lang.t(*t).to_string())).collect();
    let mut widest = 0;
    for t in &texts {
        widest = widest.max(root.estimate_text_size(t, &style)?.0 as i32);
    }
    let (base, (xs, ys)) = (root.get_base_pixel(), plot.get_pixel_range());
    let (w, h) = (widest + 34, entries.len() as i32 * ROW + 6);
    let (x0, y0) = (xs.end - base.0 - w - 6, if bottom { ys.end - base.1 - h - 6 } else { ys.start - base.1 + 6 });
    root.draw(&Rectangle::new([(x0, y0), (x0 + w, y0 + h)], paper().mix(0.85).filled()))?;
    root.draw(&Rectangle::new([(x0, y0), (x0 + w, y0 + h)], faint().stroke_width(super::colors::stroke(1))))?;
    for (i, ((_, colour), text)) in entries.iter().zip(texts).enumerate() {
        let y = y0 + 3 + i as i32 * ROW + ROW / 2;
        root.draw(&PathElement::new([(x0 + 6, y), (x0 + 22, y)], colour.stroke_width(super::colors::stroke(2))))?;
        root.draw(&Text::new(text, (x0 + 28, y), style.clone().pos(Pos::new(HPos::Left, VPos::Center))))?;
    }
    Ok(())
}

/// The learning rate per epoch, as a step line from 0 to its maximum.
fn draw_rate<DB: DrawingBackend>(area: &Area<DB>, history: &[EpochStats], last_epoch: usize, stride: usize, lang: Lang) -> DrawResult<DB> {
    let top = history.iter().map(|s| s.lr).filter(|r| r.is_finite()).fold(0.0f32, f32::max);
    let top = if top > 0.0 { top * 1.1 } else { 1.0 };
    let mut chart = ChartBuilder::on(area)
        .margin_left(6)
        .margin_right(6)
        .margin_bottom(2)
        .y_label_area_size(38)
        .x_label_area_size(4)
        .build_cartesian_2d(0f32..last_epoch as f32, 0f32..top)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .disable_x_axis()
        .light_line_style(faint().mix(0.4))
        .y_labels(2)
        .y_desc(lang.t(T::RateAxis))
        .label_style(super::colors::font(10).into_font().color(&ink()))
        .axis_desc_style(super::colors::font(11).into_font().color(&ink()))
        .y_label_formatter(&|v| lang.digits(&format!("{v:.1e}")))
        .draw()?;
    let pts: Vec<(f32, f32)> = history.iter().step_by(stride).filter(|s| s.epoch > 0).map(|s| (s.epoch as f32, s.lr)).collect();
    chart.draw_series(LineSeries::new(pts, ORANGE_DARK.stroke_width(super::colors::stroke(2))))?;
    Ok(())
}

/// The learning-rate range test: smoothed loss against rate on a log axis, with the rate of
/// steepest descent marked.
pub fn draw_range<DB: DrawingBackend>(root: &Area<DB>, result: &RangeResult, lang: Lang) -> DrawResult<DB> {
    super::ensure_fonts();
    root.fill(&paper())?;
    let finite: Vec<(f32, f32)> = result.points.iter().copied().filter(|p| p.0 > 0.0 && p.1.is_finite()).collect();
    let top = finite.iter().map(|p| p.1).fold(0.0f32, f32::max);
    let top = if top > 0.0 { top * 1.05 } else { 1.0 };
    let (lo, hi) = (LR_MIN as f32, LR_MAX as f32);
    let mut chart = ChartBuilder::on(root)
        .margin(6)
        .x_label_area_size(30)
        .y_label_area_size(38)
        .build_cartesian_2d((lo..hi).log_scale(), 0f32..top)?;
    chart
        .configure_mesh()
        .light_line_style(faint().mix(0.6))
        .bold_line_style(faint())
        .x_labels(8)
        .y_labels(5)
        .x_desc(lang.t(T::LearningRate))
        .label_style(super::colors::font(11).into_font().color(&ink()))
        .axis_desc_style(super::colors::font(12).into_font().color(&ink()))
        .x_label_formatter(&|v| lang.digits(&format!("{v:.0e}")))
        .y_label_formatter(&|v| lang.num(*v as f64, 2))
        .draw()?;
    chart.draw_series(LineSeries::new(finite, ink().stroke_width(super::colors::stroke(2))))?;
    if let Some(s) = result.steepest {
        chart.draw_series(DashedLineSeries::new([(s, 0.0), (s, top)], 4, 3, ORANGE_DARK.stroke_width(super::colors::stroke(2))))?;
        let label = format!("{} {}", lang.t(T::Steepest), lang.digits(&format!("{s:.1e}")));
        // The label sits on the side of the line with more room.
        let right_half = (s as f64).ln() > ((LR_MIN * LR_MAX).sqrt()).ln();
        let anchor = if right_half { HPos::Right } else { HPos::Left };
        let style = super::colors::font(12).into_font().color(&ORANGE_DARK).pos(Pos::new(anchor, VPos::Top));
        let x = if right_half { s * 0.8 } else { s * 1.25 };
        chart.draw_series(std::iter::once(Text::new(label, (x, top * 0.97), style)))?;
    }
    Ok(())
}

/// The learning curve ("more data"): the final accuracy (classification) or loss
/// (regression) on the training set (solid) and the common test set (dashed) against the
/// training-set size, on a log axis labelled at `sizes` (those asked for). Sizes not finished yet are left out, so
/// the chart fills in as they finish.
pub fn draw_learning_curve<DB: DrawingBackend>(root: &Area<DB>, points: &[CurvePoint], sizes: &[usize], lang: Lang) -> DrawResult<DB> {
    super::ensure_fonts();
    root.fill(&paper())?;
    let accuracy = points.first().is_none_or(|p| p.test_acc.is_some());
    let value = |p: &CurvePoint, test: bool| -> Option<f32> {
        let v = if accuracy { if test { p.test_acc } else { p.train_acc } } else if test { Some(p.test_loss) } else { Some(p.train_loss) };
        v.filter(|v| v.is_finite())
    };
    let top = if accuracy {
        1.02
    } else {
        let m = points.iter().flat_map(|p| [value(p, true), value(p, false)]).flatten().fold(0.0f32, f32::max);
        if m > 0.0 { m * 1.1 } else { 1.0 }
    };
    let smallest = sizes.iter().copied().min().unwrap_or(1).max(1);
    let largest = sizes.iter().copied().max().unwrap_or(2).max(smallest + 1);
    let (lo, hi) = (smallest as f32 * 0.8, largest as f32 * 1.25);
    let keys: Vec<f32> = sizes.iter().map(|&s| s as f32).collect();
    let mut chart = ChartBuilder::on(root)
        .margin(8)
        .x_label_area_size(40)
        .y_label_area_size(52)
        .build_cartesian_2d((lo..hi).log_scale().with_key_points(keys), 0f32..top)?;
    chart
        .configure_mesh()
        .light_line_style(faint().mix(0.6))
        .bold_line_style(faint())
        .x_labels(sizes.len())
        .y_labels(6)
        .x_desc(lang.t(T::CurveSizeAxis))
        .y_desc(lang.t(if accuracy { T::CurveAccAxis } else { T::CurveLossAxis }))
        .label_style(super::colors::font(11).into_font().color(&ink()))
        .axis_desc_style(super::colors::font(12).into_font().color(&ink()))
        .x_label_formatter(&|v| lang.num(v.round() as f64, 0))
        .y_label_formatter(&|v| if accuracy { lang.digits(&format!("{:.0}%", v * 100.0)) } else { lang.num(*v as f64, 2) })
        .draw()?;
    let series = |test: bool| points.iter().filter_map(move |p| value(p, test).map(|v| (p.size as f32, v))).collect::<Vec<_>>();
    chart.draw_series(LineSeries::new(series(false), ink().stroke_width(super::colors::stroke(2))))?;
    chart.draw_series(series(false).into_iter().map(|p| Circle::new(p, 3, ink().filled())))?;
    chart.draw_series(DashedLineSeries::new(series(true), 5, 3, positive().stroke_width(super::colors::stroke(2))))?;
    chart.draw_series(series(true).into_iter().map(|p| Circle::new(p, 4, positive().filled())))?;
    draw_legend_at(root, &chart.plotting_area().strip_coord_spec(), &[(T::Train, ink()), (T::Test, positive())], lang, accuracy)
}
