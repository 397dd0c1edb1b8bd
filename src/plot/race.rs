//! The optimizer race (function mode), over any plotters backend, in layers so that the page
//! can animate cheaply:
//!
//! - [`draw_race_field`]: the static layer, the test function's heatmap and contours (log
//!   colours when its values span orders of magnitude), its minima and the colour bar. Drawn
//!   once per function; returns the chart's [`PlotMap`].
//! - [`draw_race_paths`]: the moving layer, drawn over the field through the same
//!   [`PlotMap`]: each racer's path up to the shown step, a segment per step with a dot at
//!   each point, the current points, the start ring and, optionally, the gradient arrows.
//! - [`draw_race_loss`]: the loss of every racer against the step (log y when all positive).
//! - [`draw_race_3d`]: the function as a 3-D surface from a given yaw and pitch, with the
//!   paths lying on it.

use super::colors::{faint, ink, paper};
use super::surface::{draw_field, draw_mesh_3d, label, turn_and_label_3d, Scale, PATH_COLOURS};
use super::{Area, DrawResult};
use crate::engine::functions::{TestFunction, TrajectoryPoint};
use crate::i18n::{Lang, T};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::ReverseCoordTranslate;
use plotters::prelude::*;

/// The colour of racer `i`.
pub fn racer_colour(i: usize) -> RGBColor {
    PATH_COLOURS[i % PATH_COLOURS.len()]
}

/// The map between the function's coordinates and the canvas's pixels that the field's chart
/// uses: plotters' own `Cartesian2d`, kept after drawing so that clicks (pixel → point) and
/// the moving layer (point → pixel) agree with the picture exactly.
#[derive(Clone)]
pub struct PlotMap {
    coord: Cartesian2d<RangedCoordf64, RangedCoordf64>,
    /// The plotting area's pixels (x range, y range).
    pixels: (std::ops::Range<i32>, std::ops::Range<i32>),
    /// The chart's window in the function's coordinates.
    window: (std::ops::Range<f64>, std::ops::Range<f64>),
}

impl std::fmt::Debug for PlotMap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PlotMap {{ pixels: {:?} }}", self.pixels)
    }
}

impl PlotMap {
    /// The pixel of the point `p` (clamped to the window, so far points stay at its edge).
    pub fn to_pixel(&self, p: (f64, f64)) -> (i32, i32) {
        let (xr, yr) = &self.window;
        self.coord.translate(&(p.0.clamp(xr.start, xr.end), p.1.clamp(yr.start, yr.end)))
    }

    /// Whether the point `p` lies in the chart's window.
    pub fn contains(&self, p: (f64, f64)) -> bool {
        self.window.0.contains(&p.0) && self.window.1.contains(&p.1)
    }

    /// The point under the pixel `px`, or `None` outside the plotting area.
    pub fn from_pixel(&self, px: (i32, i32)) -> Option<(f64, f64)> {
        let (xs, ys) = &self.pixels;
        if !(xs.contains(&px.0) && ys.contains(&px.1)) {
            return None;
        }
        self.coord.reverse_translate(px)
    }

    /// The plotting area's pixel ranges.
    pub fn pixels(&self) -> (std::ops::Range<i32>, std::ops::Range<i32>) {
        self.pixels.clone()
    }
}

/// The sample grid of the field (nodes per side).
const FIELD_N: usize = 81;

/// The static layer: `f` over its plotting window, with its minima (white ×) and a colour
/// bar. Returns the chart's map for the moving layer and for clicks.
pub fn draw_race_field<DB: DrawingBackend>(root: &Area<DB>, f: &TestFunction, lang: Lang) -> Result<PlotMap, DrawingAreaErrorKind<DB::ErrorType>> {
    super::ensure_fonts();
    root.fill(&paper())?;
    let ((x0, x1), (y0, y1)) = f.domain();
    let n = FIELD_N;
    let x: Vec<f64> = (0..n).map(|i| x0 + (x1 - x0) * i as f64 / (n - 1) as f64).collect();
    let y: Vec<f64> = (0..n).map(|i| y0 + (y1 - y0) * i as f64 / (n - 1) as f64).collect();
    let values: Vec<f64> = y.iter().flat_map(|&yv| x.iter().map(move |&xv| f.value(xv, yv))).collect();
    let scale = value_scale(&values);
    let chart = draw_field(root, &x, &y, &values, &scale, ("x", "y"), lang)?;
    let (xr, yr) = (chart.x_range(), chart.y_range());
    let inside = |p: &(f64, f64)| xr.contains(&p.0) && yr.contains(&p.1);
    for m in f.minima().into_iter().filter(|p| inside(p)) {
        chart.plotting_area().draw(&Cross::new(m, 5, paper().stroke_width(super::colors::stroke(2))))?;
    }
    Ok(PlotMap { coord: chart.as_coord_spec().clone(), pixels: chart.plotting_area().get_pixel_range(), window: (xr, yr) })
}

fn value_scale(values: &[f64]) -> Scale {
    let (lo, hi) = values.iter().filter(|v| v.is_finite()).fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
    Scale::new(lo, hi)
}

/// One racer as the moving layer and the loss chart draw it: its colour index and its path
/// (step 0 first; a diverging path ends at its first non-finite point).
#[derive(Clone, Copy, Debug)]
pub struct RaceLine<'a> {
    pub colour: usize,
    pub points: &'a [TrajectoryPoint],
}

impl RaceLine<'_> {
    /// The points up to `step` that are finite.
    fn shown(&self, step: usize) -> &[TrajectoryPoint] {
        let end = self.points.iter().take_while(|p| p.step <= step && p.is_finite()).count();
        &self.points[..end]
    }
}

/// Length of a gradient arrow, in pixels.
const ARROW_PX: f64 = 42.0;

/// The moving layer, on a transparent area the size of the field's: every racer's path up to
/// `step` (one segment per step, a dot at each point, so the step length shows), each current
/// point ringed, the start as a white ring, and with `gradient` the direction of steepest
/// descent (−∇f, a fixed length) at each current point. A path that diverged before `step`
/// ends in a cross at its last finite point.
pub fn draw_race_paths<DB: DrawingBackend>(
    root: &Area<DB>,
    map: &PlotMap,
    f: &TestFunction,
    start: (f64, f64),
    lines: &[RaceLine<'_>],
    step: usize,
    gradient: bool,
) -> DrawResult<DB> {
    let area = root.apply_coord_spec(map.coord.clone());
    let inside = |p: &(f64, f64)| map.contains(*p);
    for line in lines {
        let colour = racer_colour(line.colour);
        let shown = line.shown(step);
        let pts: Vec<(f64, f64)> = shown.iter().map(|p| (p.x, p.y)).collect();
        // Split where the path leaves the window.
        let mut piece: Vec<(f64, f64)> = Vec::new();
        let mut pieces = Vec::new();
        for p in &pts {
            if inside(p) {
                piece.push(*p);
            } else if !piece.is_empty() {
                pieces.push(std::mem::take(&mut piece));
            }
        }
        pieces.push(piece);
        for piece in pieces.iter().filter(|p| p.len() > 1) {
            area.draw(&PathElement::new(piece.clone(), paper().mix(0.8).stroke_width(super::colors::stroke(4))))?;
            area.draw(&PathElement::new(piece.clone(), colour.stroke_width(super::colors::stroke(2))))?;
        }
        // A dot per step, thinned to at most ~120 a path (each dot is a canvas fill: drawn
        // every frame, thousands of them would cost the animation its frame rate).
        let stride = pts.len().div_ceil(120).max(1);
        for p in pts.iter().step_by(stride).filter(|p| inside(p)) {
            area.draw(&Circle::new(*p, 2, colour.filled()))?;
        }
        let Some(last) = pts.last().copied() else { continue };
        let diverged = line.points.len() > shown.len() && line.points.get(shown.len()).is_some_and(|p| p.step <= step && !p.is_finite());
        if !inside(&last) {
            continue;
        }
        if diverged {
            area.draw(&Cross::new(last, 7, paper().stroke_width(super::colors::stroke(5))))?;
            area.draw(&Cross::new(last, 7, colour.stroke_width(super::colors::stroke(3))))?;
        } else {
            area.draw(&Circle::new(last, 6, paper().filled()))?;
            area.draw(&Circle::new(last, 6, colour.stroke_width(super::colors::stroke(3))))?;
            if gradient {
                draw_arrow(root, map, f, last, colour)?;
            }
        }
    }
    if inside(&start) {
        area.draw(&Circle::new(start, 7, paper().stroke_width(super::colors::stroke(3))))?;
        area.draw(&Circle::new(start, 7, ink().stroke_width(super::colors::stroke(1))))?;
    }
    Ok(())
}

/// −∇f at `p` as an arrow of fixed length in pixels (the direction a plain gradient step
/// takes), with a white halo.
fn draw_arrow<DB: DrawingBackend>(root: &Area<DB>, map: &PlotMap, f: &TestFunction, p: (f64, f64), colour: RGBColor) -> DrawResult<DB> {
    let (gx, gy) = f.gradient(p.0, p.1);
    if !(gx.is_finite() && gy.is_finite()) || gx.hypot(gy) == 0.0 {
        return Ok(());
    }
    // The direction in pixels: map a small step along −∇f (data units can differ per axis).
    let (px, py) = map.to_pixel(p);
    let h = (map.window.0.end - map.window.0.start) * 0.05;
    let n = gx.hypot(gy);
    let (qx, qy) = map.to_pixel((p.0 - h * gx / n, p.1 - h * gy / n));
    let (dx, dy) = ((qx - px) as f64, (qy - py) as f64);
    let d = dx.hypot(dy);
    if d == 0.0 || !d.is_finite() {
        return Ok(());
    }
    let (ux, uy) = (dx / d, dy / d);
    let tip = (px + (ux * ARROW_PX) as i32, py + (uy * ARROW_PX) as i32);
    let head = |side: f64| {
        let (bx, by) = (tip.0 as f64 - ux * 9.0, tip.1 as f64 - uy * 9.0);
        ((bx - uy * 5.0 * side) as i32, (by + ux * 5.0 * side) as i32)
    };
    let shaft = vec![(px, py), tip];
    root.draw(&PathElement::new(shaft.clone(), paper().stroke_width(super::colors::stroke(5))))?;
    root.draw(&PathElement::new(shaft, colour.stroke_width(super::colors::stroke(2))))?;
    root.draw(&Polygon::new(vec![tip, head(1.0), head(-1.0)], paper().stroke_width(super::colors::stroke(3))))?;
    root.draw(&Polygon::new(vec![tip, head(1.0), head(-1.0)], colour.filled()))?;
    Ok(())
}

/// Every racer's loss against the step, up to `step`, over the whole race (`steps`) on the
/// x axis: log y when every loss shown is positive (the saddle's are not), linear otherwise.
pub fn draw_race_loss<DB: DrawingBackend>(root: &Area<DB>, lines: &[RaceLine<'_>], step: usize, steps: usize, lang: Lang) -> DrawResult<DB> {
    super::ensure_fonts();
    root.fill(&paper())?;
    let losses: Vec<f64> = lines.iter().flat_map(|l| l.shown(steps).iter().map(|p| p.loss)).collect();
    let (lo, hi) = losses.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
    // Past 10³⁰ a racer has left the picture anyway (and axis arithmetic stays finite).
    const CAP: f64 = 1e30;
    let (lo, hi) = if lo.is_finite() { (lo.max(-CAP), hi.min(CAP)) } else { (0.1, 10.0) };
    // A diverging racer would squash the others to the bottom: the axis ends at 10⁴ times the
    // highest start (every racer starts at the same point), and higher values sit on its top.
    let start_hi = lines.iter().filter_map(|l| l.points.first().filter(|p| p.is_finite()).map(|p| p.loss)).fold(f64::NEG_INFINITY, f64::max);
    let hi = if start_hi.is_finite() && start_hi > 0.0 { hi.min(start_hi * 1e4) } else { hi };
    let lo = lo.min(hi);
    let x_max = steps.max(1) as f64;
    let axis = format!("{} ({})", lang.t(T::Loss), lang.t(T::LogScale));
    // At most ~500 points a curve (more than the chart has pixel columns), the last one kept.
    let series = |l: &RaceLine<'_>| -> Vec<(f64, f64)> {
        let shown = l.shown(step);
        let stride = shown.len().div_ceil(500).max(1);
        let mut pts: Vec<(f64, f64)> = shown.iter().step_by(stride).map(|p| (p.step as f64, p.loss.clamp(-CAP, hi))).collect();
        if let Some(last) = shown.last().filter(|_| !(shown.len() - 1).is_multiple_of(stride)) {
            pts.push((last.step as f64, last.loss.clamp(-CAP, hi)));
        }
        pts
    };
    if lo > 0.0 {
        // Log y, down to 10⁻¹² of the top so a racer that reaches 0 exactly stays drawable.
        let floor = (hi * 1e-12).max(f64::MIN_POSITIVE);
        let (lo, hi) = (lo.max(floor) * 0.8, if hi > lo { hi * 1.25 } else { lo * 10.0 });
        let mut chart = ChartBuilder::on(root)
            .margin(8)
            .x_label_area_size(30)
            .y_label_area_size(52)
            .build_cartesian_2d(0.0..x_max, (lo..hi).log_scale())?;
        chart
            .configure_mesh()
            .light_line_style(faint().mix(0.4))
            .x_desc(lang.t(T::StepAxis))
            .y_desc(axis.as_str())
            .x_labels(6)
            .y_labels(5)
            .label_style(super::colors::font(11).into_font().color(&ink()))
            .axis_desc_style(super::colors::font(11).into_font().color(&ink()))
            .x_label_formatter(&|v| label(*v, lang))
            .y_label_formatter(&|v| label(*v, lang))
            .draw()?;
        for l in lines {
            let pts: Vec<(f64, f64)> = series(l).into_iter().map(|(s, v)| (s, v.max(lo))).collect();
            chart.draw_series(std::iter::once(PathElement::new(pts, racer_colour(l.colour).stroke_width(super::colors::stroke(2)))))?;
        }
    } else {
        let pad = ((hi - lo) * 0.05).max(1e-9);
        let mut chart = ChartBuilder::on(root)
            .margin(8)
            .x_label_area_size(30)
            .y_label_area_size(52)
            .build_cartesian_2d(0.0..x_max, (lo - pad)..(hi + pad))?;
        chart
            .configure_mesh()
            .light_line_style(faint().mix(0.4))
            .x_desc(lang.t(T::StepAxis))
            .y_desc(lang.t(T::Loss))
            .x_labels(6)
            .y_labels(5)
            .label_style(super::colors::font(11).into_font().color(&ink()))
            .axis_desc_style(super::colors::font(11).into_font().color(&ink()))
            .x_label_formatter(&|v| label(*v, lang))
            .y_label_formatter(&|v| label(*v, lang))
            .draw()?;
        for l in lines {
            chart.draw_series(std::iter::once(PathElement::new(series(l), racer_colour(l.colour).stroke_width(super::colors::stroke(2)))))?;
        }
    }
    Ok(())
}

/// Nodes per side of the 3-D mesh.
const MESH_N: usize = 31;

/// The function as a 3-D surface (height and colour: the value, log10 when the range is wide)
/// seen from `yaw` and `pitch` (radians), with each path up to `step` lying on it. Cells are
/// drawn back to front.
pub fn draw_race_3d<DB: DrawingBackend>(root: &Area<DB>, f: &TestFunction, lines: &[RaceLine<'_>], step: usize, yaw: f64, pitch: f64, lang: Lang) -> DrawResult<DB> {
    super::ensure_fonts();
    root.fill(&paper())?;
    let ((x0, x1), (y0, y1)) = f.domain();
    let n = MESH_N;
    let x: Vec<f64> = (0..n).map(|i| x0 + (x1 - x0) * i as f64 / (n - 1) as f64).collect();
    let z: Vec<f64> = (0..n).map(|i| y0 + (y1 - y0) * i as f64 / (n - 1) as f64).collect();
    let values: Vec<f64> = z.iter().flat_map(|&zv| x.iter().map(move |&xv| f.value(xv, zv))).collect();
    let scale = value_scale(&values);
    let (h0, h1) = (scale.transform(scale.lo), scale.transform(scale.hi));
    let height = |v: f64| scale.transform(v.clamp(scale.lo, scale.hi));
    let mut chart = ChartBuilder::on(root).margin(10).margin_left(34).margin_right(20).build_cartesian_3d(x0..x1, h0..h1, y0..y1)?;
    turn_and_label_3d(&mut chart, yaw, pitch, &scale, lang)?;
    draw_mesh_3d(&mut chart, &x, &z, |r, c| values[r * n + c].clamp(scale.lo, scale.hi), &scale)?;
    let lift = (h1 - h0) * 0.015;
    let (xr, zr) = (x0..=x1, y0..=y1);
    for l in lines {
        let pts: Vec<(f64, f64, f64)> = l
            .shown(step)
            .iter()
            .filter(|p| xr.contains(&p.x) && zr.contains(&p.y))
            .map(|p| (p.x, height(p.loss) + lift, p.y))
            .collect();
        if pts.len() > 1 {
            chart.draw_series(std::iter::once(PathElement::new(pts.clone(), paper().stroke_width(super::colors::stroke(4)))))?;
            chart.draw_series(std::iter::once(PathElement::new(pts.clone(), racer_colour(l.colour).stroke_width(super::colors::stroke(2)))))?;
        }
        if let Some(&last) = pts.last() {
            chart.draw_series(std::iter::once(Circle::new(last, 4, racer_colour(l.colour).filled())))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::svg_of;
    use crate::engine::functions::trajectory;
    use crate::engine::{OptimizerConfig, OptimizerKind};


    fn paths(f: &TestFunction) -> Vec<Vec<TrajectoryPoint>> {
        [(OptimizerKind::Sgd, 0.001), (OptimizerKind::Momentum, 0.001), (OptimizerKind::Adam, 0.05), (OptimizerKind::Sgd, 0.5)]
            .iter()
            .map(|&(k, lr)| trajectory(f, &OptimizerConfig::defaults(k, lr), f.default_start(), 100).unwrap())
            .collect()
    }

    /// The map the field returns is the chart's: the plot's corners map to the window's
    /// corners, and pixel → point → pixel is the identity within a pixel.
    #[test]
    fn the_plot_map_is_the_charts_mapping() {
        for f in [TestFunction::Rosenbrock, TestFunction::Himmelblau, TestFunction::Bowl { condition: 10.0, rotation_deg: 30.0 }] {
            let mut map = None;
            svg_of(480, 400, |root| map = Some(draw_race_field(root, &f, Lang::En).unwrap()));
            let map = map.unwrap();
            let ((x0, x1), (y0, y1)) = f.domain();
            let (xs, ys) = map.pixels();
            assert!(xs.start > 30 && xs.end < 480 - 60 && ys.start >= 0 && ys.end < 400 - 20, "{map:?}");
            // The heatmap extends half a cell beyond the domain on every side.
            let (px0, py0) = map.to_pixel((x0, y0));
            let (px1, py1) = map.to_pixel((x1, y1));
            assert!(px0 > xs.start && px1 < xs.end && py1 > ys.start && py0 < ys.end, "y grows upwards: {map:?}");
            assert!(py0 > py1);
            for p in [(x0 + 0.3, y0 + 0.7), ((x0 + x1) / 2.0, (y0 + y1) / 2.0), (x1 - 0.1, y1 - 0.2)] {
                let px = map.to_pixel(p);
                let back = map.from_pixel(px).unwrap();
                let again = map.to_pixel(back);
                assert!((again.0 - px.0).abs() <= 1 && (again.1 - px.1).abs() <= 1, "{p:?} → {px:?} → {back:?}");
                let cell = (x1 - x0) / (xs.end - xs.start) as f64 * 2.0;
                assert!((back.0 - p.0).abs() < cell && (back.1 - p.1).abs() < cell, "{p:?} → {back:?}");
            }
            assert_eq!(map.from_pixel((2, 2)), None, "outside the plot");
        }
    }

    #[test]
    fn the_layers_render_every_racer() {
        let f = TestFunction::Rosenbrock;
        let ps = paths(&f);
        assert!(!ps[3].last().unwrap().is_finite(), "the fourth racer diverges");
        let lines: Vec<RaceLine> = ps.iter().enumerate().map(|(i, p)| RaceLine { colour: i, points: p }).collect();
        for lang in [Lang::En, Lang::Fa] {
            let mut map = None;
            let field = svg_of(480, 400, |root| map = Some(draw_race_field(root, &f, lang).unwrap()));
            assert!(field.matches("<rect").count() >= 81 * 81, "heatmap");
            let map = map.unwrap();
            let moving = svg_of(480, 400, |root| draw_race_paths(root, &map, &f, f.default_start(), &lines, 50, true).unwrap());
            for i in 0..3 {
                let c = racer_colour(i);
                let hex = format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2);
                assert!(moving.to_uppercase().contains(&hex), "racer {i}'s colour {hex}");
            }
            // Three arrows (the diverged racer has none), heads as polygons.
            assert_eq!(moving.matches("<polygon").count(), 3 * 2, "gradient arrows");
            let no_arrows = svg_of(480, 400, |root| draw_race_paths(root, &map, &f, f.default_start(), &lines, 50, false).unwrap());
            assert_eq!(no_arrows.matches("<polygon").count(), 0);
            // Step 0: only the starts.
            let start = svg_of(480, 400, |root| draw_race_paths(root, &map, &f, f.default_start(), &lines, 0, false).unwrap());
            assert!(start.matches("<polyline").count() < moving.matches("<polyline").count());
            let loss = svg_of(360, 220, |root| draw_race_loss(root, &lines, 50, 100, lang).unwrap());
            assert!(loss.contains(lang.t(T::StepAxis)) && loss.contains(lang.t(T::LogScale)), "log axis named");
            assert!(loss.matches("<polyline").count() + loss.matches("<path").count() >= 4);
            let three = svg_of(420, 340, |root| draw_race_3d(root, &f, &lines, 100, 0.6, 0.4, lang).unwrap());
            assert!(three.matches("<polygon").count() >= 30 * 30, "3-D cells");
            assert!(three.contains("<polyline"), "3-D paths");
        }
        // The saddle's losses go negative: a linear axis.
        let s = TestFunction::Saddle;
        let ps = paths(&s);
        let lines: Vec<RaceLine> = ps.iter().enumerate().map(|(i, p)| RaceLine { colour: i, points: p }).collect();
        let loss = svg_of(360, 220, |root| draw_race_loss(root, &lines, 100, 100, Lang::En).unwrap());
        assert!(!loss.contains("log scale"));
    }
}
