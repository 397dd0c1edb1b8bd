//! The sequence data kind's pictures:
//!
//! - [`draw_fit`]: for forecasting, the series (the targets in time order) with the model's
//!   forecast over it, training part then test part split by a dashed line; for the adding
//!   problem, prediction against target (a perfect model lies on the diagonal);
//! - [`draw_examples`]: a few sequences as small line charts, each with its target and the
//!   prediction (red when a class is wrong); the adding problem's marked steps are dots;
//! - [`draw_states`]: the unrolled network, one row per unit and one column per time step,
//!   coloured by the hidden state's value (diverging, ±1);
//! - [`draw_step_grads`]: the gradient reaching each time step on a log scale: a plain RNN's
//!   falls by orders of magnitude toward the first steps (vanishing gradient).

use super::cells::{fill_cells, CellPainter, Cells};
use super::colors::{class, diverging, faint, ink, negative, paper, positive};
use super::{Area, DrawResult};
use crate::engine::seqprobe::{GradsOf, StateMap};
use crate::i18n::{Lang, T};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const RED: RGBColor = RGBColor(0xd0, 0x1c, 0x1c);

/// The ink halfway to the paper (the true series, under the forecasts).
fn grey_of(c: RGBColor) -> RGBColor {
    let p = paper();
    RGBColor(((c.0 as u16 + p.0 as u16) / 2) as u8, ((c.1 as u16 + p.1 as u16) / 2) as u8, ((c.2 as u16 + p.2 as u16) / 2) as u8)
}

fn range(values: impl Iterator<Item = f32>) -> (f32, f32) {
    let (lo, hi) = values.filter(|v| v.is_finite()).fold((f32::MAX, f32::MIN), |(a, b), v| (a.min(v), b.max(v)));
    if lo > hi {
        return (-1.0, 1.0);
    }
    let pad = ((hi - lo) * 0.08).max(0.05);
    (lo - pad, hi + pad)
}

/// Regression's fit. `forecast`: a series over time (train then test, `skipped` training
/// examples before the first shown); else prediction against target.
pub fn draw_fit<DB: DrawingBackend>(root: &Area<DB>, train: &[(f32, f32)], test: &[(f32, f32)], skipped: usize, forecast: bool, lang: Lang) -> DrawResult<DB> {
    super::ensure_fonts();
    root.fill(&paper())?;
    if train.is_empty() && test.is_empty() {
        return Ok(());
    }
    let all = || train.iter().chain(test).flat_map(|&(t, p)| [t, p]);
    let (lo, hi) = range(all());
    let line = |c: RGBColor, w: u32| c.stroke_width(super::colors::stroke(w));
    if forecast {
        let x0 = skipped as f32;
        let x1 = (skipped + train.len() + test.len()) as f32;
        let mut chart = ChartBuilder::on(root).margin(6).x_label_area_size(40).y_label_area_size(40).build_cartesian_2d(x0..x1.max(x0 + 1.0), lo..hi)?;
        chart
            .configure_mesh()
            .light_line_style(faint().mix(0.6))
            .bold_line_style(faint())
            .label_style(super::colors::font(11).into_font().color(&ink()))
            .axis_desc_style(super::colors::font(12).into_font().color(&ink()))
            .x_labels(6)
            .y_labels(5)
            .x_desc(lang.t(T::SeqTime))
            .x_label_formatter(&|v| lang.digits(&format!("{v:.0}")))
            .y_label_formatter(&|v| lang.num(*v as f64, 1))
            .draw()?;
        let at = |i: usize| (skipped + i) as f32;
        let split = at(train.len());
        let truth: Vec<(f32, f32)> = train.iter().chain(test).enumerate().map(|(i, p)| (at(i), p.0)).collect();
        chart.draw_series(LineSeries::new(truth, line(grey_of(ink()), 1)))?;
        chart.draw_series(LineSeries::new(train.iter().enumerate().map(|(i, p)| (at(i), p.1)), line(positive(), 2)))?;
        chart.draw_series(LineSeries::new(test.iter().enumerate().map(|(i, p)| (at(train.len() + i), p.1)), line(negative(), 2)))?;
        chart.draw_series(DashedLineSeries::new([(split, lo), (split, hi)], 4, 3, line(ink(), 1)))?;
        let style = |c: RGBColor, h: HPos| super::colors::font(11).into_font().color(&c).pos(Pos::new(h, VPos::Top));
        chart.draw_series([
            Text::new(lang.t(T::SeqTrainPart).to_string(), (split - (x1 - x0) * 0.01, hi), style(positive(), HPos::Right)),
            Text::new(lang.t(T::SeqTestPart).to_string(), (split + (x1 - x0) * 0.01, hi), style(negative(), HPos::Left)),
        ])?;
    } else {
        let mut chart = ChartBuilder::on(root).margin(6).x_label_area_size(40).y_label_area_size(46).build_cartesian_2d(lo..hi, lo..hi)?;
        chart
            .configure_mesh()
            .light_line_style(faint().mix(0.6))
            .bold_line_style(faint())
            .label_style(super::colors::font(11).into_font().color(&ink()))
            .axis_desc_style(super::colors::font(12).into_font().color(&ink()))
            .x_labels(5)
            .y_labels(5)
            .x_desc(lang.t(T::SeqTarget))
            .y_desc(lang.t(T::SeqPrediction))
            .x_label_formatter(&|v| lang.num(*v as f64, 1))
            .y_label_formatter(&|v| lang.num(*v as f64, 1))
            .draw()?;
        chart.draw_series(DashedLineSeries::new([(lo, lo), (hi, hi)], 4, 3, line(ink(), 1)))?;
        chart.draw_series(train.iter().map(|&(t, p)| Circle::new((t, p), 2, positive().mix(0.6).filled())))?;
        chart.draw_series(test.iter().map(|&(t, p)| Circle::new((t, p), 2, negative().mix(0.8).filled())))?;
    }
    Ok(())
}

/// One example for [`draw_examples`]: values (`steps × features`, by step), the target, and
/// the prediction when there is one.
pub struct Shown<'a> {
    pub values: &'a [f32],
    pub target: f32,
    pub predicted: Option<f32>,
}

/// Small line charts, `cols` a row: the first feature over time (a second feature, the
/// adding problem's marker, shows as dots on the marked steps). Under each: "class" or
/// "target" and the prediction (red when a class is wrong).
pub fn draw_examples<DB: DrawingBackend>(root: &Area<DB>, shown: &[Shown], features: usize, classes: usize, cols: usize, lang: Lang) -> DrawResult<DB> {
    super::ensure_fonts();
    root.fill(&paper())?;
    if shown.is_empty() || features == 0 {
        return Ok(());
    }
    let (w, h) = root.dim_in_pixel();
    let cols = cols.max(1);
    let rows = shown.len().div_ceil(cols);
    let (cw, ch) = (w as i32 / cols as i32, h as i32 / rows.max(1) as i32);
    let label_h = 16;
    for (i, s) in shown.iter().enumerate() {
        let (x, y) = ((i % cols) as i32 * cw, (i / cols) as i32 * ch);
        let (pw, ph) = (cw - 8, ch - label_h - 6);
        if pw < 4 || ph < 4 {
            continue;
        }
        let steps = s.values.len() / features;
        let first: Vec<f32> = (0..steps).map(|t| s.values[t * features]).collect();
        let (lo, hi) = range(first.iter().copied());
        let px = |t: usize| x + 4 + (t as f32 / (steps.max(2) - 1) as f32 * (pw - 1) as f32) as i32;
        let py = |v: f32| y + 2 + ((hi - v) / (hi - lo) * (ph - 1) as f32) as i32;
        root.draw(&Rectangle::new([(x + 4, y + 2), (x + 4 + pw, y + 2 + ph)], faint().filled()))?;
        let wrong = classes > 0 && s.predicted.is_some_and(|p| p.round() != s.target.round());
        let colour = if classes > 0 { class((s.target as usize % 4) as f32) } else { ink() };
        root.draw(&PathElement::new(first.iter().enumerate().map(|(t, &v)| (px(t), py(v))).collect::<Vec<_>>(), colour.stroke_width(super::colors::stroke(1))))?;
        if features > 1 {
            for t in (0..steps).filter(|&t| s.values[t * features + 1] > 0.5) {
                root.draw(&Circle::new((px(t), py(first[t])), 4, RED.filled()))?;
            }
        }
        if wrong {
            root.draw(&Rectangle::new([(x + 3, y + 1), (x + 5 + pw, y + 3 + ph)], RED.stroke_width(2)))?;
        }
        let value = |v: f32| if classes > 0 { lang.digits(&format!("{}", v.round() as i64)) } else { lang.num(v as f64, 2) };
        // "target → prediction" (the help text says so); a right class is just the class.
        let text = match s.predicted {
            Some(p) if classes > 0 && !wrong => value(p),
            Some(p) => format!("{} → {}", value(s.target), value(p)),
            None if classes > 0 => format!("{} {}", lang.t(T::SeqClass), value(s.target)),
            None => format!("{} {}", lang.t(T::SeqTargetShort), value(s.target)),
        };
        let style = super::colors::font(11).into_font().color(&if wrong { RED } else { ink() }).pos(Pos::new(HPos::Center, VPos::Top));
        root.draw(&Text::new(super::bidi(lang, text), (x + 4 + pw / 2, y + ch - label_h), style))?;
    }
    Ok(())
}

/// The canvas height [`draw_states`] wants for `units` rows at `width` (rows of 6–14 px).
pub fn states_height(units: usize) -> u32 {
    (34 + units.clamp(1, 32) as i32 * 10) as u32
}

/// One row per unit, one column per time step: the value (±1 is full colour).
pub fn draw_states<DB: DrawingBackend>(root: &Area<DB>, map: &StateMap, lang: Lang, painter: Option<&dyn CellPainter>) -> DrawResult<DB> {
    super::ensure_fonts();
    root.fill(&paper())?;
    if map.steps == 0 || map.units == 0 {
        return Ok(());
    }
    let (w, h) = root.dim_in_pixel();
    let (left, bottom, top) = (44, 22, 4);
    let scale = if map.recurrent { 1.0 } else { map.values.iter().filter(|v| v.is_finite()).fold(0.0f32, |m, v| m.max(v.abs())).max(1e-6) };
    // Crisp blocks: each is one unit at one step (smoothing would blur neighbours together).
    let cells = Cells::from_fn(map.steps, map.units, |unit, step| diverging(map.values.get(step * map.units + unit).copied().unwrap_or(0.0) / scale, 1.0)).crisp();
    let (x0, y0, x1, y1) = (left, top, w as i32 - 4, h as i32 - bottom);
    let (xr, yr) = root.get_pixel_range();
    let (from, to) = ((xr.start + x0, yr.start + y0), (xr.start + x1, yr.start + y1));
    fill_cells(root, &cells, from, to, painter)?;
    let small = |h: HPos, v: VPos| super::colors::font(10).into_font().color(&ink()).pos(Pos::new(h, v));
    root.draw(&Text::new(lang.t(T::SeqUnit).to_string(), (2, y0), small(HPos::Left, VPos::Top)))?;
    root.draw(&Text::new(lang.digits("1"), (x0 - 4, y0 + 2), small(HPos::Right, VPos::Top)))?;
    root.draw(&Text::new(lang.digits(&map.units.to_string()), (x0 - 4, y1 - 2), small(HPos::Right, VPos::Bottom)))?;
    root.draw(&Text::new(lang.digits("1"), (x0, y1 + 3), small(HPos::Left, VPos::Top)))?;
    root.draw(&Text::new(lang.digits(&map.steps.to_string()), (x1, y1 + 3), small(HPos::Right, VPos::Top)))?;
    root.draw(&Text::new(lang.t(T::SeqTime).to_string(), ((x0 + x1) / 2, y1 + 3), small(HPos::Center, VPos::Top)))?;
    Ok(())
}

/// The gradient reaching each time step, on a log scale.
pub fn draw_step_grads<DB: DrawingBackend>(root: &Area<DB>, grads: &[f32], of: GradsOf, lang: Lang) -> DrawResult<DB> {
    super::ensure_fonts();
    root.fill(&paper())?;
    let pts: Vec<(f32, f32)> = grads.iter().enumerate().filter(|(_, g)| g.is_finite() && **g > 0.0).map(|(t, &g)| ((t + 1) as f32, g)).collect();
    if pts.is_empty() {
        return Ok(());
    }
    let lo = pts.iter().map(|p| p.1).fold(f32::MAX, f32::min);
    let hi = pts.iter().map(|p| p.1).fold(f32::MIN, f32::max);
    let (lo, hi) = (lo.min(hi / 10.0) * 0.8, hi * 1.25);
    let mut chart = ChartBuilder::on(root)
        .margin(6)
        .x_label_area_size(40)
        .y_label_area_size(52)
        .build_cartesian_2d(0.5f32..(grads.len() as f32 + 0.5), (lo..hi).log_scale())?;
    let desc = match of {
        GradsOf::Hidden => T::SeqGradHidden,
        GradsOf::Input => T::SeqGradInput,
    };
    chart
        .configure_mesh()
        .light_line_style(faint().mix(0.6))
        .bold_line_style(faint())
        .label_style(super::colors::font(11).into_font().color(&ink()))
        .axis_desc_style(super::colors::font(12).into_font().color(&ink()))
        .x_labels(8)
        .y_labels(5)
        .x_desc(lang.t(T::SeqTimeStep))
        .y_desc(lang.t(desc))
        .x_label_formatter(&|v| lang.digits(&format!("{v:.0}")))
        .y_label_formatter(&|v| lang.digits(&format!("{v:.0e}")))
        .draw()?;
    chart.draw_series(LineSeries::new(pts.clone(), positive().stroke_width(super::colors::stroke(2))))?;
    chart.draw_series(pts.iter().map(|&p| Circle::new(p, 2, positive().filled())))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg(w: u32, h: u32, f: impl FnOnce(&Area<SVGBackend>)) -> String {
        let mut out = String::new();
        {
            let root = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
            f(&root);
            root.present().unwrap();
        }
        out
    }

    #[test]
    fn the_sequence_plots_draw_their_parts() {
        let train: Vec<(f32, f32)> = (0..50).map(|i| ((i as f32 / 5.0).sin(), (i as f32 / 5.0).sin() * 0.9)).collect();
        let test: Vec<(f32, f32)> = (50..70).map(|i| ((i as f32 / 5.0).sin(), 0.0)).collect();
        let s = svg(480, 240, |r| draw_fit(r, &train, &test, 10, true, Lang::En).unwrap());
        assert!(s.contains("time") && s.contains("train") && s.contains("test"), "axis and parts named");
        assert!(s.matches("<polyline").count() >= 3, "truth, train and test forecast lines");
        let s = svg(300, 300, |r| draw_fit(r, &train, &test, 0, false, Lang::Fa).unwrap());
        assert_eq!(s.matches("<circle").count(), 70, "one dot per example");
        let values: Vec<f32> = (0..20).flat_map(|t| [t as f32 / 20.0, if t == 3 || t == 15 { 1.0 } else { 0.0 }]).collect();
        let shown = [Shown { values: &values, target: 0.9, predicted: Some(0.8) }];
        let s = svg(300, 100, |r| draw_examples(r, &shown, 2, 0, 1, Lang::En).unwrap());
        assert_eq!(s.matches("<circle").count(), 2, "the two marked steps");
        let one = vec![0.5f32; 40];
        let shown = [Shown { values: &one, target: 3.0, predicted: Some(5.0) }, Shown { values: &one, target: 4.0, predicted: Some(4.0) }];
        let s = svg(300, 100, |r| draw_examples(r, &shown, 1, 10, 2, Lang::En).unwrap());
        assert!(s.contains("3 → 5"), "a wrong class says true → predicted");
        assert!(!s.contains("4 → 4") && (s.contains("4\n</text>") || s.contains("4</text>")), "a right class is just the class");
        let map = StateMap { steps: 5, units: 3, total_units: 3, recurrent: true, values: (0..15).map(|i| i as f32 / 15.0 - 0.5).collect() };
        let s = svg(300, states_height(3), |r| draw_states(r, &map, Lang::En, None).unwrap());
        assert!(s.matches("<rect").count() >= 15, "a cell per unit and step");
        let s = svg(400, 200, |r| draw_step_grads(r, &[1e-4, 1e-3, 1e-2, 0.5], GradsOf::Hidden, Lang::En).unwrap());
        assert!(s.contains("1e-4") || s.contains("1e-3"), "a log axis: {}", &s[..200.min(s.len())]);
    }
}
