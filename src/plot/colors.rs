//! The playground's colours: orange for class 0 / negative, blue for class 1 / positive
//! (TensorFlow Playground's pair, which stays distinct under the common colour-vision
//! deficiencies), white in between.

use plotters::style::RGBColor;

pub const ORANGE: RGBColor = RGBColor(0xf5, 0x93, 0x22);
pub const BLUE: RGBColor = RGBColor(0x08, 0x77, 0xbd);
pub const WHITE: RGBColor = RGBColor(0xff, 0xff, 0xff);
pub const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
pub const GRID: RGBColor = RGBColor(0xdd, 0xdd, 0xdd);

fn lerp(a: RGBColor, b: RGBColor, t: f32) -> RGBColor {
    let m = |x: u8, y: u8| (x as f32 + (y as f32 - x as f32) * t).round() as u8;
    RGBColor(m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

/// A diverging colour for v in [−1, 1] (clamped): orange, white, blue. `strength` < 1
/// fades the colour toward white (for backgrounds under points).
pub fn diverging(v: f32, strength: f32) -> RGBColor {
    let v = if v.is_finite() { v.clamp(-1.0, 1.0) } else { 0.0 } * strength;
    if v >= 0.0 { lerp(WHITE, BLUE, v) } else { lerp(WHITE, ORANGE, -v) }
}

/// Class colours: TF Playground's orange and blue for classes 0 and 1, then bluish green and
/// reddish purple from Okabe & Ito's colour-blind-safe palette.
pub const CLASSES: [RGBColor; 4] = [ORANGE, BLUE, RGBColor(0x00, 0x9e, 0x73), RGBColor(0xcc, 0x79, 0xa7)];

/// The colour of a class label (0, 1, 2, 3).
pub fn class(label: f32) -> RGBColor {
    CLASSES[(label.round().max(0.0) as usize).min(CLASSES.len() - 1)]
}

/// A class colour faded toward white: `confidence` 0 is white, 1 the full colour.
pub fn faded(c: RGBColor, confidence: f32) -> RGBColor {
    lerp(WHITE, c, if confidence.is_finite() { confidence.clamp(0.0, 1.0) } else { 0.0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diverging_ends_and_middle() {
        assert_eq!(diverging(1.0, 1.0), BLUE);
        assert_eq!(diverging(-3.0, 1.0), ORANGE);
        assert_eq!(diverging(0.0, 1.0), WHITE);
        assert_eq!(diverging(f32::NAN, 1.0), WHITE);
    }
}
