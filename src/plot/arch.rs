//! Choosing the architecture: every network tried, validation accuracy (or, for regression,
//! validation loss) against its parameter count on a log axis; growth's kept networks joined
//! in order; the chosen one ringed.

use super::colors::{faint, font, ink, negative, paper, positive, stroke};
use super::{Area, DrawResult};
use crate::engine::arch_search::SearchResult;
use crate::i18n::{Lang, T};
use plotters::prelude::*;

pub fn draw_arch<DB: DrawingBackend>(root: &Area<DB>, r: &SearchResult, lang: Lang) -> DrawResult<DB> {
    super::ensure_fonts();
    root.fill(&paper())?;
    let classify = r.tried.iter().any(|t| t.val_acc.is_some());
    let y = |t: &crate::engine::arch_search::Tried| if classify { t.val_acc.unwrap_or(0.0) } else { t.val_loss };
    let finite: Vec<f32> = r.tried.iter().map(y).filter(|v| v.is_finite()).collect();
    let (lo, hi) = if classify {
        (finite.iter().copied().fold(1.0f32, f32::min).min(0.5).max(0.0), 1.0f32)
    } else {
        (0.0, finite.iter().copied().fold(0.0f32, f32::max).max(1e-3) * 1.05)
    };
    let max_params = r.tried.iter().map(|t| t.params).max().unwrap_or(10).max(10) as f64;
    let mut chart = ChartBuilder::on(root)
        .margin(8)
        .x_label_area_size(32)
        .y_label_area_size(40)
        .build_cartesian_2d((1.0f64..max_params * 1.5).log_scale(), lo..hi)?;
    chart
        .configure_mesh()
        .light_line_style(faint().mix(0.6))
        .bold_line_style(faint())
        .x_desc(lang.t(T::ArchParamsAxis))
        .y_desc(lang.t(if classify { T::ArchValAccAxis } else { T::ArchValLossAxis }))
        .label_style(font(11).into_font().color(&ink()))
        .axis_desc_style(font(12).into_font().color(&ink()))
        .x_label_formatter(&|v| lang.num(*v, 0))
        .y_label_formatter(&|v| if classify { format!("{}%", lang.num(*v as f64 * 100.0, 0)) } else { lang.num(*v as f64, 2) })
        .draw()?;
    let at = |i: usize| (r.tried[i].params.max(1) as f64, y(&r.tried[i]));
    // Every network tried, then growth's path over them, then the chosen one.
    chart.draw_series(
        (0..r.tried.len()).filter(|&i| at(i).1.is_finite()).map(|i| Circle::new(at(i), 4, positive().mix(0.55).filled())),
    )?;
    if r.path.len() > 1 {
        chart.draw_series(LineSeries::new(r.path.iter().map(|&i| at(i)).filter(|p| p.1.is_finite()), ink().stroke_width(stroke(2))))?;
    }
    chart.draw_series(r.path.iter().map(|&i| at(i)).filter(|p| p.1.is_finite()).map(|p| Circle::new(p, 4, ink().filled())))?;
    if let Some(c) = r.chosen.map(at).filter(|p| p.1.is_finite()) {
        chart.draw_series(std::iter::once(Circle::new(c, 8, negative().stroke_width(stroke(3)))))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::arch_search::{Candidate, Tried};
    use crate::engine::{Activation, Arch};

    #[test]
    fn every_network_tried_is_drawn_with_the_path_and_the_choice() {
        let tried = |w: &[usize], params, acc: f32, round| Tried {
            candidate: Candidate { layers: Arch::dense(w), activation: Activation::Tanh, lr: 0.03, dropout: 0.0 },
            params,
            train_loss: 0.3,
            val_loss: 0.4,
            train_acc: Some(acc),
            val_acc: Some(acc),
            round,
        };
        let r = SearchResult {
            tried: vec![tried(&[1], 5, 0.6, 0), tried(&[2], 9, 0.7, 1), tried(&[1, 1], 7, 0.55, 1), tried(&[4], 17, 0.9, 2)],
            path: vec![0, 1, 3],
            chosen: Some(3),
            budget: 10,
            fit_size: 150,
            val_size: 50,
        };
        for lang in [Lang::En, Lang::Fa] {
            let svg = super::super::svg_of(420, 260, |root| draw_arch(root, &r, lang).unwrap());
            // 4 networks, 3 on the path, 1 ring.
            assert_eq!(svg.matches("<circle").count(), 4 + 3 + 1, "{svg}");
            assert!(svg.contains("<polyline") || svg.contains("<path"), "the path");
            assert!(svg.contains(lang.t(T::ArchParamsAxis)) && svg.contains(lang.t(T::ArchValAccAxis)));
        }
    }
}
