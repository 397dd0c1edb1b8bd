//! Transfer learning's three runs on one chart: each run's test accuracy per epoch (from
//! epoch 0, before training), in the order from scratch, frozen, fine-tuned.

use super::colors::{faint, ink, paper};
use super::{Area, DrawResult};
use crate::i18n::{Lang, T};
use plotters::prelude::*;

/// The runs' names, in the order of the curves.
pub const RUNS: [T; 3] = [T::TrialScratch, T::TrialFrozen, T::TrialFineTuned];

/// Each run's colour: from scratch in ink, the pretrained runs in two class colours.
fn colour(i: usize) -> RGBColor {
    match i {
        0 => ink(),
        i => super::colors::classes()[i % super::colors::classes().len()],
    }
}

/// `curves[i][e]`: run i's test accuracy after e epochs (NaN: none). `epochs`: the x-axis
/// length (the comparison's epochs, so the axis does not grow while it runs).
pub fn draw_transfer<DB: DrawingBackend>(root: &Area<DB>, curves: &[Vec<f32>], epochs: usize, lang: Lang) -> DrawResult<DB> {
    super::ensure_fonts();
    root.fill(&paper())?;
    let last = epochs.max(curves.iter().map(|c| c.len().saturating_sub(1)).max().unwrap_or(0)).max(1);
    let mut chart = ChartBuilder::on(root)
        .margin(8)
        .x_label_area_size(30)
        .y_label_area_size(42)
        .build_cartesian_2d(0f32..last as f32, 0f32..1f32)?;
    chart
        .configure_mesh()
        .light_line_style(faint().mix(0.6))
        .bold_line_style(faint())
        .x_labels((last + 1).min(7))
        .y_labels(6)
        .x_desc(lang.t(T::EpochAxis))
        .y_desc(lang.t(T::TestAccuracyAxis))
        .label_style(super::colors::font(11).into_font().color(&ink()))
        .axis_desc_style(super::colors::font(12).into_font().color(&ink()))
        .x_label_formatter(&|v| lang.num(v.round() as f64, 0))
        .y_label_formatter(&|v| format!("{}%", lang.num(*v as f64 * 100.0, 0)))
        .draw()?;
    for (i, curve) in curves.iter().enumerate() {
        let points: Vec<(f32, f32)> = curve.iter().enumerate().filter(|(_, a)| a.is_finite()).map(|(e, &a)| (e as f32, a)).collect();
        let style = colour(i).stroke_width(super::colors::stroke(2));
        chart.draw_series(LineSeries::new(points.clone(), style))?;
        if let Some(&p) = points.last() {
            chart.draw_series(std::iter::once(Circle::new(p, 3, colour(i).filled())))?;
        }
    }
    let legend: Vec<(T, RGBColor)> = (0..curves.len().min(RUNS.len())).map(|i| (RUNS[i], colour(i))).collect();
    super::curves::draw_legend_at(root, &chart.plotting_area().strip_coord_spec(), &legend, lang, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::backend::SVGBackend;

    #[test]
    fn three_curves_and_their_legend() {
        let draw = |curves: &[Vec<f32>]| {
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, (460, 280)).into_drawing_area();
                draw_transfer(&root, curves, 10, Lang::En).unwrap();
                root.present().unwrap();
            }
            svg
        };
        let svg = draw(&[vec![0.2, 0.3, 0.4], vec![0.2, 0.5, 0.55], vec![0.2, 0.45, f32::NAN]]);
        for name in ["From scratch", "Pretrained, frozen", "Pretrained, fine-tuned", "Test accuracy"] {
            assert!(svg.contains(name), "{name}");
        }
        let one = draw(&[vec![0.2, 0.3, 0.4]]);
        // Two more runs: two more lines, and two more legend entries.
        assert_eq!(svg.matches("<polyline").count(), one.matches("<polyline").count() + 4, "one line per run");
        assert!(!one.contains("Pretrained, frozen"));
    }
}
