//! Layer activity: per hidden layer, the distribution of its pre-activation values over the
//! epochs (a heatmap of histograms: epoch on x, value on y, darker = larger share of values),
//! with the layer's output mean ± standard deviation now. Without batch norm the values of a
//! deep tanh or sigmoid network pile up beyond ±2, where the activation is flat (saturated);
//! with batch norm they stay near 0.

use super::cells::{fill_cells, CellPainter, Cells};
use super::colors::{faint, ink, negative, paper};
use super::{Area, DrawResult};
use crate::engine::LayerStats;
use crate::i18n::{Lang, T};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// At most this many snapshots are kept per run; when full, every other one is dropped, so the
/// whole run stays visible at a coarser resolution in time.
pub const MAX_SNAPSHOTS: usize = 200;

/// The layer statistics of one run, as they arrive with the worker's views.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LayerActivity {
    /// (epoch, per hidden layer its statistics), epochs increasing.
    pub snapshots: Vec<(usize, Vec<LayerStats>)>,
}

impl LayerActivity {
    /// Adds the statistics after `epoch`. A snapshot of another shape (layers were added or
    /// removed) or an earlier epoch (a reset) starts the history again.
    pub fn push(&mut self, epoch: usize, layers: Vec<LayerStats>) {
        let same_shape = |old: &[LayerStats]| {
            old.len() == layers.len() && old.iter().zip(&layers).all(|(a, b)| a.histogram.len() == b.histogram.len())
        };
        match self.snapshots.last() {
            Some((e, old)) if *e > epoch || !same_shape(old) => self.snapshots.clear(),
            Some((e, _)) if *e == epoch => {
                self.snapshots.pop();
            }
            _ => {}
        }
        self.snapshots.push((epoch, layers));
        super::thin(&mut self.snapshots, MAX_SNAPSHOTS, |(epoch, _)| *epoch);
    }

    pub fn clear(&mut self) {
        self.snapshots.clear();
    }

    fn layers(&self) -> usize {
        self.snapshots.last().map_or(0, |(_, l)| l.len())
    }
}

/// One run's column in the view.
pub struct ActivityPanel<'a> {
    /// "Run A" / "Run B" when comparing.
    pub title: Option<&'a str>,
    pub activity: &'a LayerActivity,
    /// Per hidden layer, whether it has batch norm (the run's settings).
    pub batch_norm: &'a [bool],
}

/// The colour of a share of values: white (none) to dark blue; the square root makes small
/// shares visible.
fn share_colour(share: f32) -> RGBColor {
    let t = (share.max(0.0) / 0.4).min(1.0).sqrt();
    let (a, b) = (paper(), RGBColor(0x0b, 0x2a, 0x6f));
    let m = |x: u8, y: u8| (x as f32 + (y as f32 - x as f32) * t).round() as u8;
    RGBColor(m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

/// The heatmap of one layer as `cols` pixel columns over epochs `first..=last`: each column
/// shows the latest snapshot at or before its right edge; rows are bins, the highest on top.
pub fn layer_cells(activity: &LayerActivity, layer: usize, cols: usize) -> Cells {
    let snaps = &activity.snapshots;
    let bins = snaps.last().and_then(|(_, l)| l.get(layer)).map_or(0, |s| s.histogram.len());
    if snaps.is_empty() || bins == 0 || cols == 0 {
        return Cells { cols: 0, rows: 0, rgb: vec![], smooth: true };
    }
    let (first, last) = (snaps[0].0 as f64, snaps[snaps.len() - 1].0 as f64);
    let shares: Vec<Vec<f32>> = snaps
        .iter()
        .map(|(_, l)| {
            let h = &l[layer].histogram;
            let total = h.iter().map(|&c| c as f64).sum::<f64>().max(1.0);
            h.iter().map(|&c| (c as f64 / total) as f32).collect()
        })
        .collect();
    let column_snapshot: Vec<usize> = (0..cols)
        .map(|c| {
            let e = first + (c + 1) as f64 / cols as f64 * (last - first);
            snaps.partition_point(|(s, _)| *s as f64 <= e).saturating_sub(1)
        })
        .collect();
    Cells::from_fn(cols, bins, |r, c| share_colour(shares[column_snapshot[c]][bins - 1 - r]))
}

const ROW_GAP: i32 = 4;
const TITLE_H: i32 = 18;
const AXIS_H: i32 = 16;

/// Draws each panel (run) side by side; in each, one small heatmap per hidden layer, labelled
/// "Layer k · BN on/off" and, once there is data, the output's mean ± standard deviation.
/// Dashed lines mark ±2, beyond which tanh and the sigmoid are nearly flat.
pub fn draw_layer_activity<DB: DrawingBackend>(
    root: &Area<DB>,
    panels: &[ActivityPanel],
    lang: Lang,
    painter: Option<&dyn CellPainter>,
) -> DrawResult<DB> {
    super::ensure_fonts();
    root.fill(&paper())?;
    if panels.is_empty() {
        return Ok(());
    }
    let columns = root.split_evenly((1, panels.len()));
    let font = |size: i32| super::colors::font(size as u32).into_font().color(&ink());
    for (panel, area) in panels.iter().zip(&columns) {
        let layers = panel.activity.layers().max(panel.batch_norm.len());
        let (w, h) = area.dim_in_pixel();
        let mut top = 0;
        if let Some(title) = panel.title {
            area.draw(&Text::new(title.to_string(), (w as i32 / 2, 2), font(13).pos(Pos::new(HPos::Center, VPos::Top))))?;
            top = TITLE_H;
        }
        if layers == 0 {
            continue;
        }
        // The last row also holds the epoch axis.
        let row_h = ((h as i32 - top - AXIS_H) / layers as i32).max(30);
        let latest = panel.activity.snapshots.last();
        let (first, last) = match (panel.activity.snapshots.first(), latest) {
            (Some((a, _)), Some((b, _))) => (*a as f32, (*b as f32).max(*a as f32 + 1.0)),
            _ => (0.0, 1.0),
        };
        for l in 0..layers {
            let y0 = top + l as i32 * row_h;
            let last_row = l + 1 == layers;
            let row = area.clone().shrink((0, y0), (w, (row_h - ROW_GAP + if last_row { AXIS_H } else { 0 }).max(10) as u32));
            let bn = panel.batch_norm.get(l).copied().unwrap_or(false);
            let mut label = format!(
                "{} {} · {} {}",
                lang.t(T::Layer),
                lang.digits(&(l + 1).to_string()),
                lang.t(T::BnShort),
                lang.t(if bn { T::On } else { T::Off })
            );
            if let Some(s) = latest.and_then(|(_, ls)| ls.get(l)) {
                label += &format!(" · {} {} ± {}", lang.t(T::OutputShort), lang.num(s.mean as f64, 2), lang.num(s.std as f64, 2));
            }
            let (lo, hi) = latest
                .and_then(|(_, ls)| ls.get(l))
                .map_or((-crate::engine::train::HISTOGRAM_RANGE, crate::engine::train::HISTOGRAM_RANGE), |s| (s.lo, s.hi));
            let mut chart = ChartBuilder::on(&row)
                .margin_top(14)
                .margin_right(4)
                .x_label_area_size(if last_row { AXIS_H as u32 } else { 0 })
                .y_label_area_size(22)
                .build_cartesian_2d(first..last, lo..hi)?;
            let x_fmt = |v: &f32| lang.num(v.round() as f64, 0);
            let y_fmt = |v: &f32| lang.num(*v as f64, 0);
            chart
                .configure_mesh()
                .disable_mesh()
                .x_labels(4)
                .y_labels(3)
                .label_style(font(10))
                .x_label_formatter(&x_fmt)
                .y_label_formatter(&y_fmt)
                .draw()?;
            row.draw(&Text::new(super::bidi(lang, label), (24, 1), font(11)))?;
            let plot = chart.plotting_area();
            let (xs, ys) = plot.get_pixel_range();
            let cells = layer_cells(panel.activity, l, (xs.end - xs.start).max(1) as usize);
            if cells.cols > 0 {
                fill_cells(&plot.strip_coord_spec(), &cells, (xs.start, ys.start), (xs.end, ys.end), painter)?;
            } else {
                plot.fill(&faint().mix(0.3))?;
            }
            for v in [-2.0f32, 2.0] {
                chart.draw_series(DashedLineSeries::new([(first, v), (last, v)], 3, 3, negative().stroke_width(super::colors::stroke(1))))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(mass_at: usize) -> Vec<LayerStats> {
        let mut histogram = vec![0u32; 20];
        histogram[mass_at] = 100;
        vec![LayerStats { histogram, lo: -5.0, hi: 5.0, mean: 0.25, std: 0.5 }; 2]
    }

    #[test]
    fn history_is_bounded_and_restarts_on_reset_or_new_shape() {
        let mut a = LayerActivity::default();
        for e in 1..=1000 {
            a.push(e, stats(10));
        }
        assert!(a.snapshots.len() <= MAX_SNAPSHOTS && a.snapshots.len() > MAX_SNAPSHOTS / 2, "{}", a.snapshots.len());
        assert_eq!(a.snapshots.first().unwrap().0, 1, "the start stays");
        assert_eq!(a.snapshots.last().unwrap().0, 1000, "the newest stays");
        assert!(a.snapshots.windows(2).all(|w| w[0].0 < w[1].0));
        a.push(3, stats(10));
        assert_eq!(a.snapshots.len(), 1, "an earlier epoch is a new run");
        a.push(4, stats(10)[..1].to_vec());
        assert_eq!((a.snapshots.len(), a.layers()), (1, 1), "another shape starts again");
    }

    #[test]
    fn cells_put_high_values_on_top_and_follow_epochs() {
        let mut a = LayerActivity::default();
        a.push(0, stats(19)); // everything in the top bin
        a.push(10, stats(0)); // everything in the bottom bin
        let c = layer_cells(&a, 0, 20);
        assert_eq!((c.cols, c.rows), (20, 20));
        let dark = share_colour(1.0);
        // Left half: epoch < 10 → the first snapshot: top row dark, bottom white.
        assert_eq!(c.get(0, 0), dark);
        assert_eq!(c.get(19, 0), paper());
        // The last column reaches epoch 10: bottom row dark.
        assert_eq!(c.get(19, 19), dark);
        assert_eq!(c.get(0, 19), paper());
    }

    #[test]
    fn draws_every_layer_of_both_runs_in_both_languages() {
        let mut a = LayerActivity::default();
        let mut b = LayerActivity::default();
        for e in 0..30 {
            a.push(e, stats(e % 20));
            b.push(e, stats(19 - e % 20));
        }
        for lang in [Lang::En, Lang::Fa] {
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, (480, 300)).into_drawing_area();
                let panels = [
                    ActivityPanel { title: Some("A"), activity: &a, batch_norm: &[true, false] },
                    ActivityPanel { title: Some("B"), activity: &b, batch_norm: &[false, false] },
                ];
                draw_layer_activity(&root, &panels, lang, None).unwrap();
                root.present().unwrap();
            }
            let layer2 = format!("{} {}", lang.t(T::Layer), lang.digits("2"));
            assert_eq!(svg.matches(&layer2).count(), 2, "layer 2 of each run labelled");
            assert!(svg.contains(&format!("{} {}", lang.t(T::BnShort), lang.t(T::On))));
            assert!(svg.contains(&lang.num(0.25, 2)), "the output mean is shown");
            // Every heatmap has cells: a dark cell per column-run in the moving bin.
            assert!(svg.matches("<rect").count() > 4 * 20, "{}", svg.matches("<rect").count());
        }
        // Empty (before the first view): labels and no panic.
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (240, 200)).into_drawing_area();
            let empty = LayerActivity::default();
            draw_layer_activity(&root, &[ActivityPanel { title: None, activity: &empty, batch_norm: &[false, true, false] }], Lang::En, None)
                .unwrap();
            root.present().unwrap();
        }
        assert!(svg.contains("Layer 3"));
    }
}
