//! The back-propagation lab's pictures: the network with every number where it belongs
//! (weights on the links, z and a in the neurons, ∂L/∂z under them, gradients and new
//! weights on the links once known), the phase's highlights; the loss per step; every weight
//! per step.

use super::colors::{positive, faint, ink, negative, paper};
use super::{Area, DrawResult};
use crate::engine::backprop::{Step, Weights};
use crate::engine::walkthrough::{Focus, Shown, Spot};
use crate::i18n::{Lang, T};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const RADIUS: i32 = 30;
/// The phase's result (orange) and what it is computed from (blue).
const MADE: RGBColor = RGBColor(0xd9, 0x5f, 0x02);
fn from() -> RGBColor {
    positive()
}
const FAINT: RGBColor = RGBColor(0x88, 0x88, 0x88);

/// What the diagram shows: the network's widths (inputs first), the step's weights before
/// it, its numbers, what is known so far, and the phase's highlights.
pub struct LabDiagram<'a> {
    pub widths: &'a [usize],
    pub old: &'a Weights,
    pub step: &'a Step,
    pub shown: &'a Shown,
    pub focus: &'a Focus,
}

/// A number as short as the diagram needs: 4 significant digits, in `lang`'s digits.
pub fn short(v: f64, lang: Lang) -> String {
    let s = if v == 0.0 {
        "0".to_string()
    } else if v.abs() >= 1e-3 && v.abs() < 1e4 {
        let places = (3 - v.abs().log10().floor() as i32).clamp(0, 6) as usize;
        let t = format!("{v:.places$}");
        if t.contains('.') { t.trim_end_matches('0').trim_end_matches('.').to_string() } else { t }
    } else {
        format!("{v:.2e}")
    };
    lang.digits(&s.replace('-', "−"))
}

/// A label of the diagram, kept left to right whatever the page's direction (a canvas in a
/// right-to-left page would put a Persian number's minus sign after it).
fn ltr(lang: Lang, s: String) -> String {
    match lang {
        Lang::Fa => format!("\u{2066}{s}\u{2069}"),
        Lang::En => s,
    }
}

/// Where each neuron sits: columns for the inputs, each weighted layer, and the loss.
fn centre(widths: &[usize], (w, h): (u32, u32), column: usize, row: usize) -> (i32, i32) {
    let columns = widths.len() + 1;
    let x = 70 + (column as i32) * ((w as i32 - 140) / (columns as i32 - 1));
    let n = if column < widths.len() { widths[column] } else { 1 };
    let gap = (h as i32 - 40) / n as i32;
    let y = 20 + gap / 2 + row as i32 * gap;
    (x, y)
}

pub fn draw_lab_network<DB: DrawingBackend>(root: &Area<DB>, d: &LabDiagram, lang: Lang) -> DrawResult<DB> {
    super::ensure_fonts();
    root.fill(&paper())?;
    let size = root.dim_in_pixel();
    let widths = d.widths;
    let layers = widths.len() - 1;
    let e = &d.step.examples[d.shown.example.min(d.step.examples.len() - 1)];
    let is = |spots: &[Spot], s: Spot| spots.contains(&s);
    let colour = |s: Spot| {
        if is(&d.focus.made, s) {
            Some(MADE)
        } else if is(&d.focus.from, s) {
            Some(from())
        } else {
            None
        }
    };
    let small = super::colors::font(11).into_font().color(&ink());
    let label = |c: Option<RGBColor>| super::colors::font(11).into_font().color(&c.unwrap_or(ink()));
    let centred = Pos::new(HPos::Center, VPos::Center);
    let num = |v: f64| short(v, lang);
    // Links first, under the neurons, each with its weight a third of the way from its target.
    for l in 0..layers {
        for to in 0..widths[l + 1] {
            for from in 0..widths[l] {
                let (a, b) = (centre(widths, size, l, from), centre(widths, size, l + 1, to));
                let spot = Spot::Link { layer: l, to, from };
                let c = colour(spot);
                root.draw(&PathElement::new([a, b], c.unwrap_or(faint()).stroke_width(if c.is_some() { 3 } else { 2 })))?;
                let t = 0.62 + 0.08 * ((from as f64) - (widths[l] as f64 - 1.0) / 2.0) / widths[l].max(1) as f64;
                let p = (a.0 + ((b.0 - a.0) as f64 * t) as i32, a.1 + ((b.1 - a.1) as f64 * t) as i32);
                let mut lines = vec![num(d.old.layers[l].w[to][from])];
                if d.shown.grads[l] || d.shown.mean {
                    let g = if d.shown.mean { d.step.grads.layers[l].w[to][from] } else { crate::engine::walkthrough::example_grads(d.step, d.shown.example, l).w[to][from] };
                    lines.push(format!("∂ {}", num(g)));
                }
                if d.shown.updated {
                    lines.push(format!("→ {}", num(d.step.updated.layers[l].w[to][from])));
                }
                let h = 13 * lines.len() as i32;
                let wmax = lines.iter().map(|s| s.chars().count() as i32 * 6 + 6).max().unwrap_or(20);
                root.draw(&Rectangle::new([(p.0 - wmax / 2, p.1 - h / 2 - 1), (p.0 + wmax / 2, p.1 + h / 2 + 1)], paper().mix(0.9).filled()))?;
                for (k, s) in lines.iter().enumerate() {
                    root.draw(&Text::new(ltr(lang, s.clone()), (p.0, p.1 - h / 2 + 6 + 13 * k as i32), label(c).pos(centred)))?;
                }
            }
        }
    }
    // The loss node, linked from every output.
    let loss_at = centre(widths, size, widths.len(), 0);
    for k in 0..widths[layers] {
        let o = centre(widths, size, layers, k);
        root.draw(&PathElement::new([(o.0 + RADIUS, o.1), (loss_at.0 - RADIUS, loss_at.1)], faint().stroke_width(super::colors::stroke(1))))?;
    }
    // Inputs.
    for i in 0..widths[0] {
        let p = centre(widths, size, 0, i);
        let c = colour(Spot::Input(i));
        root.draw(&Rectangle::new([(p.0 - 28, p.1 - 16), (p.0 + 28, p.1 + 16)], ShapeStyle::from(&c.unwrap_or(ink())).stroke_width(if c.is_some() { 3 } else { 1 })))?;
        root.draw(&Text::new(ltr(lang, format!("x{} = {}", i + 1, num(e.x[i]))), p, small.clone().pos(centred)))?;
    }
    // Neurons: bias above, z and a inside, ∂L/∂z below.
    for l in 0..layers {
        for j in 0..widths[l + 1] {
            let p = centre(widths, size, l + 1, j);
            let c = colour(Spot::Neuron { layer: l, neuron: j });
            root.draw(&Circle::new(p, RADIUS, paper().filled()))?;
            root.draw(&Circle::new(p, RADIUS, ShapeStyle::from(&c.unwrap_or(ink())).stroke_width(if c.is_some() { 3 } else { 1 })))?;
            let bc = colour(Spot::Bias { layer: l, neuron: j });
            let mut bias = format!("b = {}", num(d.old.layers[l].b[j]));
            if d.shown.updated && d.step.updated.layers[l].b[j] != d.old.layers[l].b[j] {
                bias += &format!(" → {}", num(d.step.updated.layers[l].b[j]));
            }
            root.draw(&Text::new(ltr(lang, bias), (p.0, p.1 - RADIUS - 8), label(bc).pos(centred)))?;
            if d.shown.forward[l][j] {
                root.draw(&Text::new(ltr(lang, format!("z {}", num(e.forward[l].z[j]))), (p.0, p.1 - 8), small.clone().pos(centred)))?;
                root.draw(&Text::new(ltr(lang, format!("a {}", num(e.forward[l].a[j]))), (p.0, p.1 + 8), small.clone().pos(centred)))?;
            }
            if d.shown.backward[l][j] {
                root.draw(&Text::new(ltr(lang, format!("∂L/∂z {}", num(e.backward[l].dz[j]))), (p.0, p.1 + RADIUS + 9), label(c.or(Some(FAINT))).pos(centred)))?;
            }
        }
    }
    // Targets beside the outputs, and the loss.
    for k in 0..widths[layers] {
        let o = centre(widths, size, layers, k);
        let c = colour(Spot::Target(k));
        // Centred, so that a right-to-left canvas places it the same.
        root.draw(&Text::new(ltr(lang, format!("y{} = {}", k + 1, num(e.y[k]))), (o.0 + RADIUS + 36, o.1 - 14), label(c).pos(centred)))?;
    }
    let c = colour(Spot::Loss);
    root.draw(&Rectangle::new([(loss_at.0 - 34, loss_at.1 - 18), (loss_at.0 + 34, loss_at.1 + 18)], paper().filled()))?;
    root.draw(&Rectangle::new([(loss_at.0 - 34, loss_at.1 - 18), (loss_at.0 + 34, loss_at.1 + 18)], ShapeStyle::from(&c.unwrap_or(negative())).stroke_width(if c.is_some() { 3 } else { 1 })))?;
    let loss = if d.shown.loss { format!("L {}", num(e.loss)) } else { "L".to_string() };
    root.draw(&Text::new(ltr(lang, loss), loss_at, small.pos(centred)))?;
    Ok(())
}

/// The loss at the start of each step so far, the current step marked. (Charted in f32, as
/// every other chart: plotters' f64 coordinates would add their own copy of its code to the
/// page.)
pub fn draw_lab_loss<DB: DrawingBackend>(root: &Area<DB>, losses: &[f64], current: usize, lang: Lang) -> DrawResult<DB> {
    super::ensure_fonts();
    root.fill(&paper())?;
    let n = losses.len().max(2);
    let top = losses.iter().copied().filter(|v| v.is_finite()).fold(0.0f64, f64::max) as f32;
    let top = if top > 0.0 { top * 1.05 } else { 1.0 };
    let mut chart = ChartBuilder::on(root).margin(6).x_label_area_size(28).y_label_area_size(44).build_cartesian_2d(1f32..n as f32, 0f32..top)?;
    mesh(&mut chart, n, lang)?;
    let pts: Vec<(f32, f32)> = losses.iter().enumerate().filter(|(_, v)| v.is_finite()).map(|(k, v)| (k as f32 + 1.0, *v as f32)).collect();
    chart.draw_series(LineSeries::new(pts.clone(), ink().stroke_width(super::colors::stroke(2))))?;
    if let Some(&(x, y)) = pts.get(current) {
        chart.draw_series(std::iter::once(Circle::new((x, y), 5, MADE.filled())))?;
    }
    Ok(())
}

fn mesh<DB: DrawingBackend>(chart: &mut ChartContext<'_, DB, Cartesian2d<plotters::coord::types::RangedCoordf32, plotters::coord::types::RangedCoordf32>>, n: usize, lang: Lang) -> DrawResult<DB> {
    chart
        .configure_mesh()
        .light_line_style(faint().mix(0.6))
        .bold_line_style(faint())
        .x_labels(n.min(6))
        .y_labels(4)
        .x_desc(lang.t(T::LabStep))
        .label_style(super::colors::font(11).into_font().color(&ink()))
        .axis_desc_style(super::colors::font(12).into_font().color(&ink()))
        .x_label_formatter(&|v| lang.num(v.round() as f64, 0))
        .y_label_formatter(&|v| ltr(lang, short(*v as f64, lang)))
        .draw()?;
    Ok(())
}

/// Every weight's value at the start of each step (and after the last), one line each.
pub fn draw_lab_weights<DB: DrawingBackend>(root: &Area<DB>, history: &[Vec<f64>], lang: Lang) -> DrawResult<DB> {
    super::ensure_fonts();
    root.fill(&paper())?;
    let n = history.len().max(2);
    let (lo, hi) = history.iter().flatten().filter(|v| v.is_finite()).fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
    let (lo, hi) = if lo.is_finite() && hi > lo { (lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo)) } else { (-1.0, 1.0) };
    let mut chart = ChartBuilder::on(root).margin(6).x_label_area_size(28).y_label_area_size(44).build_cartesian_2d(1f32..n as f32, lo as f32..hi as f32)?;
    mesh(&mut chart, n, lang)?;
    let count = history.first().map_or(0, Vec::len);
    for k in 0..count {
        let c = super::colors::classes()[k % 4];
        let pts: Vec<(f32, f32)> = history.iter().enumerate().map(|(s, w)| (s as f32 + 1.0, w[k] as f32)).filter(|p| p.1.is_finite()).collect();
        chart.draw_series(LineSeries::new(pts, c.stroke_width(super::colors::stroke(1))))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::backprop::step;
    use crate::engine::walkthrough::{focus, phases, shown};

    #[test]
    fn short_numbers() {
        assert_eq!(short(0.593269992, Lang::En), "0.5933");
        assert_eq!(short(-0.217071535, Lang::En), "−0.2171");
        assert_eq!(short(12.5, Lang::En), "12.5");
        assert_eq!(short(0.0, Lang::En), "0");
        assert_eq!(short(0.000438568, Lang::En), "4.39e−4");
        assert_eq!(short(0.5, Lang::Fa), "۰٫۵");
    }

    /// The diagram draws Mazur's network at every phase, and its SVG carries the numbers.
    #[test]
    fn the_diagram_shows_the_numbers_of_each_phase() {
        let (cfg, w, batch) = crate::engine::backprop::mazur();
        let s = step(&cfg, &w, &batch).unwrap();
        let widths = cfg.widths();
        let p = phases(&widths, 1);
        let svg = |at: usize| {
            let mut out = String::new();
            {
                let root = SVGBackend::with_string(&mut out, (640, 360)).into_drawing_area();
                let sh = shown(&p, Some(at), &widths, 1);
                let f = focus(p[at], &widths);
                draw_lab_network(&root, &LabDiagram { widths: &widths, old: &w, step: &s, shown: &sh, focus: &f }, Lang::En).unwrap();
                root.present().unwrap();
            }
            out
        };
        let first = svg(0);
        assert!(first.contains("z 0.3775") && !first.contains("z 0.3925"), "only the first neuron is known");
        let last = svg(p.len() - 1);
        assert!(last.contains("→ 0.3589") && last.contains("L 0.2984") && last.contains("∂ 0.08217"));
        let mut out = String::new();
        {
            let root = SVGBackend::with_string(&mut out, (400, 200)).into_drawing_area();
            draw_lab_loss(&root, &[0.3, 0.2, 0.1], 1, Lang::Fa).unwrap();
            draw_lab_weights(&root, &[vec![0.1, 0.2], vec![0.15, 0.1]], Lang::En).unwrap();
        }
        assert!(out.contains("<polyline"));
    }
}
