//! Loss-surface figures, over any plotters backend:
//!
//! - [`draw_surface_contour`]: the surface as a heatmap with contour lines (colours and levels
//!   on a log scale when the losses span more than a factor of 30), the projected training
//!   path over it (start ringed, the current point marked) and a colour bar.
//! - [`draw_surface_3d`]: the same surface as a 3-D mesh seen from a given yaw and pitch
//!   (plotters' `build_cartesian_3d` and `with_projection`), with the path on it.
//! - [`draw_function`]: function mode: a two-parameter test function's contours with one or
//!   more optimizer paths, each in its own colour, with a legend and the known minima.
//!
//! The colour map is viridis (perceptually uniform and readable with the common colour-vision
//! deficiencies); paths are drawn with a white halo so they stay visible on dark and light
//! cells; path colours follow Okabe & Ito's palette.

use super::colors::{faint, ink, paper};
use super::{Area, DrawResult};
use crate::engine::functions::TestFunction;
use crate::engine::surface::{Directions, Param, ParamLayout, Surface};
use crate::i18n::{Lang, T};
use plotters::coord::cartesian::Cartesian3d;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// A 2-D chart over f64 axes.
pub(crate) type Chart2d<'a, DB> = ChartContext<'a, DB, Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>>;

/// Viridis, sampled at 9 points (matplotlib's `viridis`, 0 to 1 in steps of 1/8).
const VIRIDIS: [(u8, u8, u8); 9] = [
    (68, 1, 84),
    (71, 44, 122),
    (59, 81, 139),
    (44, 113, 142),
    (33, 144, 141),
    (39, 173, 129),
    (92, 200, 99),
    (170, 220, 50),
    (253, 231, 37),
];

/// Path colours (Okabe & Ito 2008), in an order that keeps neighbours distinct on viridis:
/// vermillion, sky blue, reddish purple, orange, black, blue, yellow.
pub const PATH_COLOURS: [RGBColor; 7] = [
    RGBColor(0xd5, 0x5e, 0x00),
    RGBColor(0x56, 0xb4, 0xe9),
    RGBColor(0xcc, 0x79, 0xa7),
    RGBColor(0xe6, 0x9f, 0x00),
    RGBColor(0x00, 0x00, 0x00),
    RGBColor(0x00, 0x72, 0xb2),
    RGBColor(0xf0, 0xe4, 0x42),
];

/// Viridis at t ∈ [0, 1] (clamped; NaN gives light grey).
pub fn viridis(t: f64) -> RGBColor {
    if !t.is_finite() {
        return faint();
    }
    let x = t.clamp(0.0, 1.0) * (VIRIDIS.len() - 1) as f64;
    let i = (x.floor() as usize).min(VIRIDIS.len() - 2);
    let f = x - i as f64;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    let m = |p: u8, q: u8| (p as f64 + (q as f64 - p as f64) * f).round() as u8;
    RGBColor(m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

/// How values map to [0, 1] for colours and heights: linear, or log10 of (v + shift) when the
/// values span more than a factor of 30.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub lo: f64,
    pub hi: f64,
    pub log: bool,
    shift: f64,
}

impl Scale {
    /// The scale for values in [lo, hi]. Values ≤ 0 are shifted so the smallest is a
    /// thousandth of the range above zero before taking logs.
    pub fn new(lo: f64, hi: f64) -> Scale {
        let (lo, hi) = if lo.is_finite() && hi.is_finite() && hi > lo { (lo, hi) } else if lo.is_finite() { (lo, lo + 1.0) } else { (0.0, 1.0) };
        let shift = if lo > 0.0 { 0.0 } else { (hi - lo) * 1e-3 - lo };
        let log = (hi + shift) / (lo + shift) > 30.0;
        Scale { lo, hi, log, shift }
    }

    /// The transformed value: log10(v + shift) or v.
    pub fn transform(&self, v: f64) -> f64 {
        if self.log { (v + self.shift).max(f64::MIN_POSITIVE).log10() } else { v }
    }

    /// The inverse of [`Scale::transform`].
    pub fn inverse(&self, t: f64) -> f64 {
        if self.log { 10f64.powf(t) - self.shift } else { t }
    }

    /// v's position in [0, 1].
    pub fn unit(&self, v: f64) -> f64 {
        let (a, b) = (self.transform(self.lo), self.transform(self.hi));
        (self.transform(v) - a) / (b - a)
    }

    /// `count` contour levels strictly between lo and hi, evenly spaced on this scale.
    pub fn levels(&self, count: usize) -> Vec<f64> {
        let (a, b) = (self.transform(self.lo), self.transform(self.hi));
        (1..=count).map(|i| self.inverse(a + (b - a) * i as f64 / (count + 1) as f64)).collect()
    }
}

/// A number for an axis or colour-bar label: scientific when small or large, else with at
/// most 2 decimals (3 below 1), trailing zeros dropped.
pub(crate) fn label(v: f64, lang: Lang) -> String {
    let a = v.abs();
    if a < 1e-12 {
        return lang.digits("0");
    }
    if !(0.01..10_000.0).contains(&a) {
        return lang.digits(&format!("{v:.1e}"));
    }
    let s = format!("{v:.*}", if a >= 100.0 { 0 } else if a >= 1.0 { 2 } else { 3 });
    let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s };
    lang.digits(&s)
}

/// Marching squares: the segments where the field crosses `level`, in fractional (column,
/// row) node coordinates. `values` is row-major with `cols` columns; NaN cells are skipped.
/// A saddle cell (opposite corners on the same side) is split by its centre value.
pub fn contour_segments(values: &[f64], cols: usize, rows: usize, level: f64) -> Vec<((f64, f64), (f64, f64))> {
    let mut out = Vec::new();
    if cols < 2 || rows < 2 || values.len() < cols * rows {
        return out;
    }
    let at = |c: usize, r: usize| values[r * cols + c];
    // Where the level crosses the edge from corner p (value a) to q (value b).
    let cross = |p: (f64, f64), q: (f64, f64), a: f64, b: f64| {
        let t = if b != a { ((level - a) / (b - a)).clamp(0.0, 1.0) } else { 0.5 };
        (p.0 + (q.0 - p.0) * t, p.1 + (q.1 - p.1) * t)
    };
    for r in 0..rows - 1 {
        for c in 0..cols - 1 {
            // Corners counter-clockwise from (c, r): 0 (c, r), 1 (c+1, r), 2 (c+1, r+1), 3 (c, r+1).
            let v = [at(c, r), at(c + 1, r), at(c + 1, r + 1), at(c, r + 1)];
            if v.iter().any(|x| !x.is_finite()) {
                continue;
            }
            let p = [(c as f64, r as f64), ((c + 1) as f64, r as f64), ((c + 1) as f64, (r + 1) as f64), (c as f64, (r + 1) as f64)];
            let above: Vec<bool> = v.iter().map(|&x| x > level).collect();
            let edge = |e: usize| cross(p[e], p[(e + 1) % 4], v[e], v[(e + 1) % 4]);
            // Edges e = corner e → corner e+1 that the level crosses.
            let crossed: Vec<usize> = (0..4).filter(|&e| above[e] != above[(e + 1) % 4]).collect();
            match crossed.len() {
                2 => out.push((edge(crossed[0]), edge(crossed[1]))),
                4 => {
                    let centre = v.iter().sum::<f64>() / 4.0;
                    // Join the edges around the corners that are on the centre's other side.
                    if (centre > level) == above[0] {
                        out.push((edge(0), edge(1)));
                        out.push((edge(2), edge(3)));
                    } else {
                        out.push((edge(3), edge(0)));
                        out.push((edge(1), edge(2)));
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// A parameter's short name: the weight `w[l](i,j)` from neuron i of layer l − 1 to neuron j
/// of layer l, the bias `b[l](j)` (layers and neurons counted from 1, inputs being layer 0),
/// batch norm's `γ[l](j)` and `β[l](j)`; `θ[k]` when the layout does not know it.
pub fn param_name(layout: Option<&ParamLayout>, index: usize, lang: Lang) -> String {
    let num = |i: usize| lang.digits(&i.to_string());
    match layout.and_then(|l| l.param(index)) {
        Some(Param::Weight { layer, from, to }) => format!("w[{}]({},{})", num(layer + 1), num(from + 1), num(to + 1)),
        Some(Param::Bias { layer, neuron }) => format!("b[{}]({})", num(layer + 1), num(neuron + 1)),
        Some(Param::Gamma { layer, neuron }) => format!("γ[{}]({})", num(layer + 1), num(neuron + 1)),
        Some(Param::Beta { layer, neuron }) => format!("β[{}]({})", num(layer + 1), num(neuron + 1)),
        None => format!("θ[{}]", num(index)),
    }
}

/// The axis names for a surface: "random direction 1", "PC1 (83.1%)", or the parameter's
/// name ([`param_name`]: "w[1](2,3)").
pub fn surface_axis_labels(s: &Surface, layout: Option<&ParamLayout>, lang: Lang) -> (String, String) {
    let num = |i: usize| lang.digits(&i.to_string());
    match s.directions {
        Directions::Random { .. } => {
            let d = lang.t(T::RandomDirection);
            (format!("{d} {}", num(1)), format!("{d} {}", num(2)))
        }
        Directions::Pca => {
            let ex = s.explained.unwrap_or([f64::NAN; 2]);
            let pc = |k: usize, e: f64| format!("{}{} ({})", lang.t(T::PrincipalComponent), num(k), lang.digits(&format!("{:.1}%", 100.0 * e)));
            (pc(1, ex[0]), pc(2, ex[1]))
        }
        Directions::Weights { first, second } => (param_name(layout, first, lang), param_name(layout, second, lang)),
    }
}

/// The field's chart (without drawing anything) and the colour bar's area: the same geometry
/// for the same `root` and nodes, so a path can be drawn later over a saved heatmap.
fn field_chart<'a, DB: DrawingBackend>(
    root: &'a Area<DB>,
    x: &[f64],
    y: &[f64],
) -> Result<(Chart2d<'a, DB>, Area<DB>), DrawingAreaErrorKind<DB::ErrorType>> {
    let (w, _) = root.dim_in_pixel();
    let (main, bar) = root.split_horizontally(w.saturating_sub(64));
    let (nx, ny) = (x.len(), y.len());
    let half = |v: &[f64]| if v.len() > 1 { (v[1] - v[0]) / 2.0 } else { 0.5 };
    let (hx, hy) = (half(x), half(y));
    let (x0, x1) = (x[0] - hx, x[nx - 1] + hx);
    let (y0, y1) = (y[0] - hy, y[ny - 1] + hy);
    let chart = ChartBuilder::on(&main)
        .margin(8)
        .x_label_area_size(34)
        .y_label_area_size(46)
        .build_cartesian_2d(x0..x1, y0..y1)?;
    Ok((chart, bar))
}

/// The heatmap, its contour lines, and the colour bar (to the right of `root`'s chart).
/// `x`, `y`: the node coordinates of the columns and rows; `values` row-major, rows along y.
#[allow(clippy::too_many_arguments)]
pub(crate) fn draw_field<'a, DB: DrawingBackend>(
    root: &'a Area<DB>,
    x: &[f64],
    y: &[f64],
    values: &[f64],
    scale: &Scale,
    axes: (&str, &str),
    lang: Lang,
) -> Result<Chart2d<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    let (mut chart, bar) = field_chart(root, x, y)?;
    let (nx, ny) = (x.len(), y.len());
    let half = |v: &[f64]| if v.len() > 1 { (v[1] - v[0]) / 2.0 } else { 0.5 };
    let (hx, hy) = (half(x), half(y));
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(6)
        .y_labels(6)
        .x_desc(axes.0)
        .y_desc(axes.1)
        .label_style(super::colors::font(11).into_font().color(&ink()))
        .axis_desc_style(super::colors::font(12).into_font().color(&ink()))
        .x_label_formatter(&|v| label(*v, lang))
        .y_label_formatter(&|v| label(*v, lang))
        .draw()?;
    chart.draw_series((0..ny).flat_map(|r| (0..nx).map(move |c| (r, c))).map(|(r, c)| {
        let v = values[r * nx + c];
        let colour = if v.is_finite() { viridis(scale.unit(v)) } else { faint() };
        Rectangle::new([(x[c] - hx, y[r] - hy), (x[c] + hx, y[r] + hy)], colour.filled())
    }))?;
    // Contour lines: ten levels, white and faint.
    let to_data = |(c, r): (f64, f64)| {
        let at = |v: &[f64], t: f64| {
            let i = (t.floor() as usize).min(v.len().saturating_sub(2));
            v[i] + (v[(i + 1).min(v.len() - 1)] - v[i]) * (t - i as f64)
        };
        (at(x, c), at(y, r))
    };
    for level in scale.levels(10) {
        let segs = contour_segments(values, nx, ny, level);
        chart.draw_series(segs.into_iter().map(|(a, b)| PathElement::new(vec![to_data(a), to_data(b)], paper().mix(0.55).stroke_width(super::colors::stroke(1)))))?;
    }
    draw_colour_bar(&bar, scale, lang)?;
    Ok(chart)
}

/// A vertical colour bar with the scale's ends and middle labelled (and "log" when it is).
fn draw_colour_bar<DB: DrawingBackend>(area: &Area<DB>, scale: &Scale, lang: Lang) -> DrawResult<DB> {
    let (_, h) = area.dim_in_pixel();
    let (top, bottom) = (16i32, h as i32 - 48);
    let steps = 64;
    for i in 0..steps {
        let t0 = i as f64 / steps as f64;
        let y = |t: f64| bottom - ((bottom - top) as f64 * t) as i32;
        area.draw(&Rectangle::new([(4, y(t0 + 1.0 / steps as f64)), (16, y(t0))], viridis(t0 + 0.5 / steps as f64).filled()))?;
    }
    area.draw(&Rectangle::new([(4, top), (16, bottom)], ink().stroke_width(super::colors::stroke(1))))?;
    let style = super::colors::font(10).into_font().color(&ink()).pos(Pos::new(HPos::Left, VPos::Center));
    let (a, b) = (scale.transform(scale.lo), scale.transform(scale.hi));
    for t in [0.0, 0.5, 1.0] {
        let v = scale.inverse(a + (b - a) * t);
        let y = bottom - ((bottom - top) as f64 * t) as i32;
        area.draw(&Text::new(label(v, lang), (19, y), style.clone()))?;
    }
    let style = super::colors::font(10).into_font().color(&ink()).pos(Pos::new(HPos::Left, VPos::Top));
    area.draw(&Text::new(lang.t(T::Loss), (2, bottom + 8), style.clone()))?;
    if scale.log {
        area.draw(&Text::new(format!("({})", lang.t(T::LogScale)), (2, bottom + 21), style))?;
    }
    Ok(())
}

/// The surface as a heatmap with contours, the path over it (start ringed, current point
/// marked) and a colour bar. `axes` names the two directions (see [`surface_axis_labels`]).
/// Rows not yet computed are grey.
pub fn draw_surface_contour<DB: DrawingBackend>(root: &Area<DB>, s: &Surface, axes: (&str, &str), lang: Lang) -> DrawResult<DB> {
    draw_surface_contour_base(root, s, axes, lang)?;
    draw_surface_path(root, s)
}

/// [`draw_surface_contour`] without the path: what stays while only the path grows (the page
/// keeps it as an image and draws the path over it with [`draw_surface_path`]).
pub fn draw_surface_contour_base<DB: DrawingBackend>(root: &Area<DB>, s: &Surface, axes: (&str, &str), lang: Lang) -> DrawResult<DB> {
    super::ensure_fonts();
    root.fill(&paper())?;
    let n = s.grid.n;
    if n < 2 || s.values.len() != n * n {
        return Ok(());
    }
    let (x, y) = surface_nodes(s);
    let values: Vec<f64> = s.values.iter().map(|&v| v as f64).collect();
    let (lo, hi) = s.range().unwrap_or((0.0, 1.0));
    let scale = Scale::new(lo as f64, hi as f64);
    draw_field(root, &x, &y, &values, &scale, axes, lang)?;
    Ok(())
}

fn surface_nodes(s: &Surface) -> (Vec<f64>, Vec<f64>) {
    let n = s.grid.n;
    ((0..n).map(|c| s.grid.alpha_at(c) as f64).collect(), (0..n).map(|r| s.grid.beta_at(r) as f64).collect())
}

/// The path of [`draw_surface_contour`] alone, over what `root` already shows (nothing is
/// cleared): the start ringed, the current point (the path's end) marked.
pub fn draw_surface_path<DB: DrawingBackend>(root: &Area<DB>, s: &Surface) -> DrawResult<DB> {
    let n = s.grid.n;
    if n < 2 || s.values.len() != n * n {
        return Ok(());
    }
    let (x, y) = surface_nodes(s);
    let (mut chart, _) = field_chart(root, &x, &y)?;
    let (xr, yr) = (chart.x_range(), chart.y_range());
    let inside = |p: &(f64, f64)| xr.contains(&p.0) && yr.contains(&p.1);
    let path: Vec<(f64, f64)> = s.path.iter().map(|&(a, b)| (a as f64, b as f64)).filter(|p| p.0.is_finite() && p.1.is_finite()).collect();
    draw_path(&mut chart, &path, PATH_COLOURS[0], &inside)?;
    if let Some(start) = path.first().filter(|p| inside(p) && path.len() > 1) {
        chart.draw_series(std::iter::once(
            EmptyElement::at(*start) + Circle::new((0, 0), 6, paper().stroke_width(super::colors::stroke(3))) + Circle::new((0, 0), 6, ink().stroke_width(super::colors::stroke(1))),
        ))?;
    }
    // The current θ: the path's end ((0, 0) when the surface is fresh; elsewhere once
    // training has moved on, as the page's live path grows).
    let current = path.last().copied().filter(|p| inside(p)).unwrap_or((0.0, 0.0));
    chart.draw_series(std::iter::once(
        EmptyElement::at(current) + Circle::new((0, 0), 6, paper().filled()) + Circle::new((0, 0), 6, ink().stroke_width(super::colors::stroke(2))) + Circle::new((0, 0), 2, ink().filled()),
    ))?;
    Ok(())
}

/// A path with a white halo and small dots at its points (only the points inside the chart).
fn draw_path<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    path: &[(f64, f64)],
    colour: RGBColor,
    inside: &dyn Fn(&(f64, f64)) -> bool,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    // Split at points outside the window so nothing is drawn off the chart.
    let mut pieces: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for p in path {
        if inside(p) {
            if let Some(last) = pieces.last_mut() {
                last.push(*p);
            }
        } else if pieces.last().is_some_and(|l| !l.is_empty()) {
            pieces.push(Vec::new());
        }
    }
    for piece in pieces.iter().filter(|p| p.len() > 1) {
        chart.draw_series(std::iter::once(PathElement::new(piece.clone(), paper().mix(0.9).stroke_width(super::colors::stroke(5)))))?;
        chart.draw_series(std::iter::once(PathElement::new(piece.clone(), colour.stroke_width(super::colors::stroke(2)))))?;
    }
    let stride = (path.len() / 60).max(1);
    chart.draw_series(path.iter().step_by(stride).filter(|p| inside(p)).map(|&p| Circle::new(p, 2, colour.filled())))?;
    Ok(())
}

/// The surface in 3-D: a mesh over (α, β) with height and colour the loss (log10 when the
/// range is wide), seen from `yaw` and `pitch` (radians; plotters' defaults are 0.5 and
/// 0.15), and the path lying on it. Cells are drawn back to front.
pub fn draw_surface_3d<DB: DrawingBackend>(root: &Area<DB>, s: &Surface, yaw: f64, pitch: f64, axes: (&str, &str), lang: Lang) -> DrawResult<DB> {
    super::ensure_fonts();
    root.fill(&paper())?;
    let n = s.grid.n;
    if n < 2 || s.values.len() != n * n {
        return Ok(());
    }
    let (lo, hi) = s.range().unwrap_or((0.0, 1.0));
    let scale = Scale::new(lo as f64, hi as f64);
    let (h0, h1) = (scale.transform(scale.lo), scale.transform(scale.hi));
    let x: Vec<f64> = (0..n).map(|c| s.grid.alpha_at(c) as f64).collect();
    let z: Vec<f64> = (0..n).map(|r| s.grid.beta_at(r) as f64).collect();
    let height = |v: f32| scale.transform(v as f64);
    let mut chart = ChartBuilder::on(root)
        .margin(12)
        .caption(format!("{} × {}", axes.0, axes.1), super::colors::font(12).into_font().color(&ink()))
        .build_cartesian_3d(x[0]..x[n - 1], h0..h1, z[0]..z[n - 1])?;
    turn_and_label_3d(&mut chart, yaw, pitch, &scale, lang)?;
    let values: Vec<f64> = s.values.iter().map(|&v| v as f64).collect();
    draw_mesh_3d(&mut chart, &x, &z, |r, c| values[r * n + c], &scale)?;
    // The path on the surface, raised a hair so it is not hidden by its own cells.
    if s.path_loss.len() == s.path.len() {
        let lift = (h1 - h0) * 0.01;
        let (xr, zr) = (x[0]..=x[n - 1], z[0]..=z[n - 1]);
        let pts: Vec<(f64, f64, f64)> = s
            .path
            .iter()
            .zip(&s.path_loss)
            .filter(|(p, l)| l.is_finite() && xr.contains(&(p.0 as f64)) && zr.contains(&(p.1 as f64)))
            .map(|(p, &l)| (p.0 as f64, height(l) + lift, p.1 as f64))
            .collect();
        chart.draw_series(std::iter::once(PathElement::new(pts.clone(), paper().stroke_width(super::colors::stroke(4)))))?;
        chart.draw_series(std::iter::once(PathElement::new(pts.clone(), PATH_COLOURS[0].stroke_width(super::colors::stroke(2)))))?;
        if let Some(&last) = pts.last() {
            chart.draw_series(std::iter::once(Circle::new(last, 5, ink().filled())))?;
        }
    }
    Ok(())
}

/// The 3-D chart both surface views (the network's and the test functions') draw on.
pub(crate) type Chart3d<'a, DB> = ChartContext<'a, DB, Cartesian3d<RangedCoordf64, RangedCoordf64, RangedCoordf64>>;

/// Turns a 3-D chart to `yaw` and `pitch` and draws its axes, heights labelled in the values'
/// own units through `scale`.
pub(crate) fn turn_and_label_3d<DB: DrawingBackend>(chart: &mut Chart3d<DB>, yaw: f64, pitch: f64, scale: &Scale, lang: Lang) -> DrawResult<DB> {
    chart.with_projection(|mut p| {
        p.yaw = yaw;
        p.pitch = pitch;
        p.scale = 0.8;
        p.into_matrix()
    });
    chart
        .configure_axes()
        .light_grid_style(faint().mix(0.5))
        .max_light_lines(2)
        .label_style(super::colors::font(10).into_font().color(&ink()))
        .x_formatter(&|v| label(*v, lang))
        .z_formatter(&|v| label(*v, lang))
        .y_formatter(&|v| label(scale.inverse(*v), lang))
        .draw()?;
    Ok(())
}

/// A mesh over the nodes `x` × `z` with height `scale.transform(value(r, c))` (row r along
/// z, column c along x): each quad between four finite values coloured by their mean on
/// viridis, drawn far to near so nearer quads hide farther ones.
pub(crate) fn draw_mesh_3d<DB: DrawingBackend>(
    chart: &mut Chart3d<DB>,
    x: &[f64],
    z: &[f64],
    value: impl Fn(usize, usize) -> f64,
    scale: &Scale,
) -> DrawResult<DB> {
    let (cols, rows) = (x.len(), z.len());
    // (depth, corners, colour)
    let mut cells: Vec<(i32, [(f64, f64, f64); 4], RGBColor)> = Vec::with_capacity(rows.saturating_sub(1) * cols.saturating_sub(1));
    for r in 0..rows.saturating_sub(1) {
        for c in 0..cols.saturating_sub(1) {
            let corners = [(r, c), (r, c + 1), (r + 1, c + 1), (r + 1, c)];
            let vals = corners.map(|(rr, cc)| value(rr, cc));
            if vals.iter().any(|v| !v.is_finite()) {
                continue;
            }
            let mean = vals.iter().sum::<f64>() / 4.0;
            let pts = [0, 1, 2, 3].map(|k| (x[corners[k].1], scale.transform(vals[k]), z[corners[k].0]));
            let depth = chart.as_coord_spec().projected_depth(&((x[c] + x[c + 1]) / 2.0), &scale.transform(mean), &((z[r] + z[r + 1]) / 2.0));
            cells.push((depth, pts, viridis(scale.unit(mean))));
        }
    }
    cells.sort_by_key(|c| std::cmp::Reverse(c.0));
    chart.draw_series(cells.into_iter().map(|(_, pts, colour)| Polygon::new(pts.to_vec(), colour.filled())))?;
    Ok(())
}

/// Function mode: `f`'s contours over its plotting window (log colours, as its values span
/// orders of magnitude), its known minima (×), and each path in its own colour with its
/// label in the legend; a ring marks each start.
pub fn draw_function<DB: DrawingBackend>(root: &Area<DB>, f: &TestFunction, paths: &[(String, Vec<(f64, f64)>)], lang: Lang) -> DrawResult<DB> {
    super::ensure_fonts();
    root.fill(&paper())?;
    let ((x0, x1), (y0, y1)) = f.domain();
    let n = 81;
    let x: Vec<f64> = (0..n).map(|i| x0 + (x1 - x0) * i as f64 / (n - 1) as f64).collect();
    let y: Vec<f64> = (0..n).map(|i| y0 + (y1 - y0) * i as f64 / (n - 1) as f64).collect();
    let values: Vec<f64> = y.iter().flat_map(|&yv| x.iter().map(move |&xv| f.value(xv, yv))).collect();
    let (lo, hi) = values.iter().filter(|v| v.is_finite()).fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
    let scale = Scale::new(lo, hi);
    let mut chart = draw_field(root, &x, &y, &values, &scale, ("x", "y"), lang)?;
    let (xr, yr) = (chart.x_range(), chart.y_range());
    let inside = |p: &(f64, f64)| xr.contains(&p.0) && yr.contains(&p.1);
    chart.draw_series(f.minima().into_iter().filter(|p| inside(p)).map(|p| Cross::new(p, 5, paper().stroke_width(super::colors::stroke(2)))))?;
    for (i, (name, path)) in paths.iter().enumerate() {
        let colour = PATH_COLOURS[i % PATH_COLOURS.len()];
        let finite: Vec<(f64, f64)> = path.iter().copied().filter(|p| p.0.is_finite() && p.1.is_finite()).collect();
        draw_path(&mut chart, &finite, colour, &inside)?;
        if let Some(start) = finite.first().filter(|p| inside(p)) {
            chart.draw_series(std::iter::once(Circle::new(*start, 6, colour.stroke_width(super::colors::stroke(2)))))?;
        }
        // An invisible element carries the legend entry.
        chart
            .draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())?
            .label(name.as_str())
            .legend(move |(px, py)| PathElement::new(vec![(px, py), (px + 16, py)], colour.stroke_width(super::colors::stroke(3))));
    }
    if !paths.is_empty() {
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(paper().mix(0.85))
            .border_style(faint())
            .label_font(super::colors::font(12).into_font().color(&ink()))
            .draw()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::svg_of;
    use crate::engine::functions::trajectory;
    use crate::engine::surface::{SurfaceJob, Trajectory};
    use crate::engine::{OptimizerConfig, OptimizerKind, Trainer};
    use crate::settings::Settings;


    fn surface(dirs: Directions) -> (Surface, ParamLayout) {
        let mut t = Trainer::new(Settings::from_hash("dataset=xor&hidden=4&lr=0.1").0.train_config()).unwrap();
        let mut traj = Trajectory::default();
        traj.record_trainer(&t).unwrap();
        for _ in 0..12 {
            t.train_epoch().unwrap();
            traj.record_trainer(&t).unwrap();
        }
        let s = SurfaceJob::for_trainer(&t, &traj, dirs, 15).unwrap().finish();
        (s, ParamLayout::for_model(&t.config().model))
    }

    #[test]
    fn contour_and_3d_render_to_svg() {
        for dirs in [Directions::Pca, Directions::Random { seed: 1 }, Directions::Weights { first: 0, second: 3 }] {
            let (s, layout) = surface(dirs);
            for lang in [Lang::En, Lang::Fa] {
                let (a, b) = surface_axis_labels(&s, Some(&layout), lang);
                let svg = svg_of(420, 340, |root| draw_surface_contour(root, &s, (&a, &b), lang).unwrap());
                // 15×15 cells, contour lines, the path, the markers, the axis names.
                assert!(svg.matches("<rect").count() >= 225, "{dirs:?}: heatmap cells");
                assert!(svg.matches("<polyline").count() + svg.matches("<path").count() >= 10, "{dirs:?}: contours and path");
                assert!(svg.matches("<circle").count() >= 3, "{dirs:?}: markers");
                assert!(svg.contains(&a) && svg.contains(&b), "{dirs:?}: axis names {a}, {b}");
                let svg = svg_of(420, 340, |root| draw_surface_3d(root, &s, 0.6, 0.4, (&a, &b), lang).unwrap());
                assert!(svg.matches("<polygon").count() >= 14 * 14, "{dirs:?}: 3-D cells");
                assert!(svg.contains("<polyline"), "{dirs:?}: 3-D path");
                assert!(svg.contains(&a) && svg.contains(&b), "{dirs:?}: 3-D caption");
            }
        }
        let (s, _) = surface(Directions::Pca);
        let (a, _) = surface_axis_labels(&s, None, Lang::En);
        assert!(a.starts_with("PC1 (") && a.ends_with("%)"), "{a}");
    }

    /// The page draws the base once and the path over it: the same picture as in one go.
    #[test]
    fn base_then_path_is_the_whole_contour_map() {
        let (s, layout) = surface(Directions::Pca);
        let (a, b) = surface_axis_labels(&s, Some(&layout), Lang::En);
        let whole = svg_of(420, 340, |root| draw_surface_contour(root, &s, (&a, &b), Lang::En).unwrap());
        let split = svg_of(420, 340, |root| {
            draw_surface_contour_base(root, &s, (&a, &b), Lang::En).unwrap();
            draw_surface_path(root, &s).unwrap();
        });
        assert_eq!(whole, split);
        let base = svg_of(420, 340, |root| draw_surface_contour_base(root, &s, (&a, &b), Lang::En).unwrap());
        assert!(base.matches("<circle").count() < whole.matches("<circle").count(), "the base has no path");
    }

    #[test]
    fn a_partial_surface_draws_grey_rows() {
        let (mut s, _) = surface(Directions::Random { seed: 3 });
        let n = s.grid.n;
        s.values[n * 5..].iter_mut().for_each(|v| *v = f32::NAN);
        s.rows_done = 5;
        let svg = svg_of(300, 240, |root| draw_surface_contour(root, &s, ("a", "b"), Lang::En).unwrap());
        assert!(svg.contains("#DDDDDD") || svg.contains("#dddddd"), "uncomputed cells are grey");
    }

    #[test]
    fn function_mode_draws_each_path_with_a_legend() {
        let f = TestFunction::Rosenbrock;
        let runs: Vec<(String, Vec<(f64, f64)>)> = [(OptimizerKind::Adam, 0.05), (OptimizerKind::Momentum, 0.001), (OptimizerKind::Sgd, 0.001)]
            .iter()
            .map(|&(k, lr)| {
                let path = trajectory(&f, &OptimizerConfig::defaults(k, lr), f.default_start(), 150).unwrap();
                (k.name().to_string(), path.iter().map(|p| (p.x, p.y)).collect())
            })
            .collect();
        let svg = svg_of(480, 400, |root| draw_function(root, &f, &runs, Lang::En).unwrap());
        for (name, _) in &runs {
            assert!(svg.contains(name.as_str()), "legend names {name}");
        }
        for c in &PATH_COLOURS[..3] {
            let hex = format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2);
            assert!(svg.to_uppercase().contains(&hex), "path colour {hex}");
        }
        assert!(svg.matches("<rect").count() >= 81 * 81, "heatmap");
    }

    #[test]
    fn marching_squares_finds_a_circle() {
        // r² on a 21×21 grid over [−1, 1]²: the level 0.25 is the circle of radius 0.5.
        let n = 21;
        let at = |i: usize| -1.0 + 2.0 * i as f64 / (n - 1) as f64;
        let v: Vec<f64> = (0..n).flat_map(|r| (0..n).map(move |c| at(c).powi(2) + at(r).powi(2))).collect();
        let segs = contour_segments(&v, n, n, 0.25);
        assert!(segs.len() > 20);
        for (a, b) in segs {
            for (c, r) in [a, b] {
                let (x, y) = (-1.0 + 2.0 * c / (n - 1) as f64, -1.0 + 2.0 * r / (n - 1) as f64);
                assert!((x.hypot(y) - 0.5).abs() < 0.02, "({x}, {y})");
            }
        }
        assert!(contour_segments(&v, n, n, 5.0).is_empty());
    }

    #[test]
    fn scales_go_log_when_the_range_is_wide() {
        let s = Scale::new(0.01, 100.0);
        assert!(s.log);
        assert!((s.unit(1.0) - 0.5).abs() < 1e-12);
        assert!(!Scale::new(0.5, 0.9).log);
        let z = Scale::new(0.0, 1000.0);
        assert!(z.log && z.unit(0.0).abs() < 1e-12 && (z.unit(1000.0) - 1.0).abs() < 1e-12);
        let levels = s.levels(3);
        assert!((levels[1] - 1.0).abs() < 1e-9, "{levels:?}");
        assert_eq!(viridis(0.0), RGBColor(68, 1, 84));
        assert_eq!(viridis(1.0), RGBColor(253, 231, 37));
    }
}
