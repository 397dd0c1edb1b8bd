//! The playground's colours: orange for class 0 / negative, blue for class 1 / positive
//! (TensorFlow Playground's pair, which stays distinct under the common colour-vision
//! deficiencies), the paper's colour in between.
//!
//! Every plot asks this module for its colours, line widths and font sizes, so that one
//! [`Look`] (the page's theme and palette) restyles them all: light or dark paper, the
//! projector's larger text and thicker lines, the colour-blind-safe palette's colours and
//! a shape per class.

use plotters::style::RGBColor;
use std::cell::Cell;

/// How plots look: set once per frame by whoever draws ([`set_look`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Look {
    /// Light ink on dark paper.
    pub dark: bool,
    /// For a lecture hall: larger text, thicker lines, full-contrast ink.
    pub projector: bool,
    /// Okabe & Ito's colour-blind-safe colours, and a shape per class for the points.
    pub safe: bool,
}

impl Look {
    /// The look a theme and palette ask for (`system_dark`: the system's preference, for
    /// `theme=auto`), and the theme's name for the page's CSS.
    pub fn of(theme: crate::settings::Theme, palette: crate::settings::Palette, system_dark: bool) -> (Look, &'static str) {
        use crate::settings::Theme;
        let dark = match theme {
            Theme::Auto => system_dark,
            Theme::Dark => true,
            Theme::Light | Theme::Projector => false,
        };
        let name = match (theme, dark) {
            (Theme::Projector, _) => "projector",
            (_, true) => "dark",
            _ => "light",
        };
        (Look { dark, projector: theme == Theme::Projector, safe: palette == crate::settings::Palette::Safe }, name)
    }
}

thread_local! {
    static LOOK: Cell<Look> = const { Cell::new(Look { dark: false, projector: false, safe: false }) };
}

/// Sets how the plots drawn from now on (on this thread) look.
pub fn set_look(look: Look) {
    LOOK.with(|l| l.set(look));
}

pub fn look() -> Look {
    LOOK.with(|l| l.get())
}

const ORANGE: RGBColor = RGBColor(0xf5, 0x93, 0x22);
const BLUE: RGBColor = RGBColor(0x08, 0x77, 0xbd);
const WHITE: RGBColor = RGBColor(0xff, 0xff, 0xff);
const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
const GRID: RGBColor = RGBColor(0xdd, 0xdd, 0xdd);
/// The dark theme's paper, ink and grid.
const NIGHT: RGBColor = RGBColor(0x1c, 0x1f, 0x24);
const CHALK: RGBColor = RGBColor(0xe8, 0xe8, 0xe8);
const NIGHT_GRID: RGBColor = RGBColor(0x44, 0x48, 0x50);

/// Class colours: TF Playground's orange and blue for classes 0 and 1, then bluish green and
/// reddish purple from Okabe & Ito's colour-blind-safe palette.
const CLASSES: [RGBColor; 4] = [ORANGE, BLUE, RGBColor(0x00, 0x9e, 0x73), RGBColor(0xcc, 0x79, 0xa7)];
/// Okabe & Ito ("Color Universal Design", 2008): vermillion, blue, bluish green, yellow. The
/// first two differ in lightness as well as hue, so they stay apart in greyscale too.
const SAFE: [RGBColor; 4] = [RGBColor(0xd5, 0x5e, 0x00), RGBColor(0x00, 0x72, 0xb2), RGBColor(0x00, 0x9e, 0x73), RGBColor(0xe6, 0x9f, 0x00)];

/// The background every plot fills first, and the halo around markers.
pub fn paper() -> RGBColor {
    if look().dark { NIGHT } else { WHITE }
}

/// Text, axes and outlines.
pub fn ink() -> RGBColor {
    match look() {
        Look { dark: true, .. } => CHALK,
        Look { projector: true, .. } => RGBColor(0, 0, 0),
        _ => INK,
    }
}

/// Grid lines and faint guides.
pub fn faint() -> RGBColor {
    match look() {
        Look { dark: true, .. } => NIGHT_GRID,
        Look { projector: true, .. } => RGBColor(0xbb, 0xbb, 0xbb),
        _ => GRID,
    }
}

/// The colours of the classes 0–3 in this look.
pub fn classes() -> [RGBColor; 4] {
    if look().safe { SAFE } else { CLASSES }
}

/// Class 0's colour: negative values and weights.
pub fn negative() -> RGBColor {
    classes()[0]
}

/// Class 1's colour: positive values and weights.
pub fn positive() -> RGBColor {
    classes()[1]
}

/// A line width in this look (the projector's lines are thicker).
pub fn stroke(width: u32) -> u32 {
    if look().projector { width + width.div_ceil(2) } else { width }
}

/// A font of `px` pixels in this look (the projector's text is larger).
pub fn font(px: u32) -> (&'static str, f64) {
    ("sans-serif", if look().projector { (px as f64 * 1.3).round() } else { px as f64 })
}

/// The shape a class's points are drawn with: always a circle, except in the colour-blind-safe
/// palette, where each class has its own (circle, square, triangle, diamond).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
}

pub fn marker(label: f32) -> Marker {
    if !look().safe {
        return Marker::Circle;
    }
    match label.round().max(0.0) as usize {
        0 => Marker::Circle,
        1 => Marker::Square,
        2 => Marker::Triangle,
        _ => Marker::Diamond,
    }
}

fn lerp(a: RGBColor, b: RGBColor, t: f32) -> RGBColor {
    let m = |x: u8, y: u8| (x as f32 + (y as f32 - x as f32) * t).round() as u8;
    RGBColor(m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

/// A diverging colour for v in [−1, 1] (clamped): negative, paper, positive. `strength` < 1
/// fades the colour toward the paper (for backgrounds under points).
pub fn diverging(v: f32, strength: f32) -> RGBColor {
    let v = if v.is_finite() { v.clamp(-1.0, 1.0) } else { 0.0 } * strength;
    if v >= 0.0 { lerp(paper(), positive(), v) } else { lerp(paper(), negative(), -v) }
}

/// The colour of a class label (0, 1, 2, 3).
pub fn class(label: f32) -> RGBColor {
    let c = classes();
    c[(label.round().max(0.0) as usize).min(c.len() - 1)]
}

/// A class colour faded toward the paper: `confidence` 0 is the paper, 1 the full colour.
pub fn faded(c: RGBColor, confidence: f32) -> RGBColor {
    lerp(paper(), c, if confidence.is_finite() { confidence.clamp(0.0, 1.0) } else { 0.0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diverging_ends_and_middle() {
        set_look(Look::default());
        assert_eq!(diverging(1.0, 1.0), BLUE);
        assert_eq!(diverging(-3.0, 1.0), ORANGE);
        assert_eq!(diverging(0.0, 1.0), WHITE);
        assert_eq!(diverging(f32::NAN, 1.0), WHITE);
    }

    #[test]
    fn a_look_restyles_every_colour_and_size() {
        set_look(Look { dark: true, projector: false, safe: true });
        assert_eq!((paper(), ink(), diverging(0.0, 1.0)), (NIGHT, CHALK, NIGHT), "dark paper in the middle");
        assert_eq!((negative(), positive(), class(2.0)), (SAFE[0], SAFE[1], SAFE[2]));
        assert_eq!([marker(0.0), marker(1.0), marker(2.0), marker(3.0)], [Marker::Circle, Marker::Square, Marker::Triangle, Marker::Diamond]);
        set_look(Look { dark: false, projector: true, safe: false });
        assert_eq!((ink(), stroke(2), font(10).1, marker(1.0)), (RGBColor(0, 0, 0), 3, 13.0, Marker::Circle));
        set_look(Look::default());
        assert_eq!((paper(), ink(), stroke(2), font(10).1), (WHITE, INK, 2, 10.0));
    }
}
