//! Drawing functions generic over any plotters backend: canvas in the page
//! (`plotters-canvas`), SVG natively (tests, the command line).
//!
//! Architecture invariant: no function here knows which backend it draws on, and none
//! imports web-sys or leptos.

pub mod boundary;
pub mod colors;
pub mod curves;
pub mod network;
pub mod race;
pub mod surface;

use plotters::coord::Shift;
use plotters::prelude::*;

/// What every drawing function returns.
pub type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;
pub type Area<DB> = DrawingArea<DB, Shift>;

pub use boundary::draw_boundary;
pub use curves::{draw_loss, draw_range};
pub use network::{draw_network, NetworkLayout};
pub use race::{draw_race_3d, draw_race_field, draw_race_loss, draw_race_paths, PlotMap, RaceLine};
pub use surface::{draw_function, draw_surface_3d, draw_surface_contour, surface_axis_labels};

/// Natively, plotters measures and draws text with `ab_glyph` (for the command line's PNG
/// files), which knows only the fonts registered with it: this registers DejaVu Sans
/// (`assets/fonts/`, with its licence) as "sans-serif", once. Every drawing function calls it
/// first. In the browser the canvas draws text itself and this does nothing.
pub fn ensure_fonts() {
    #[cfg(not(target_arch = "wasm32"))]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            static DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
            // The font is shipped with the crate and known to parse (a test renders text).
            let _ = plotters::style::register_font("sans-serif", FontStyle::Normal, DEJAVU_SANS);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Trainer;
    use crate::i18n::Lang;
    use crate::settings::Settings;

    /// Every plot renders to an SVG string natively, from a real trainer's output.
    #[test]
    fn plots_render_to_svg() {
        let s = Settings::default();
        let mut t = Trainer::new(s.train_config()).unwrap();
        let history: Vec<_> = (0..5).map(|_| t.train_epoch().unwrap()).collect();
        let view = t.view(12, 6).unwrap();
        for lang in [Lang::En, Lang::Fa] {
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, (300, 300)).into_drawing_area();
                draw_boundary(&root, view.task, Some(&view.boundary), &t.data.train, &t.data.test, true, lang).unwrap();
                root.present().unwrap();
            }
            // 144 heatmap cells + 500 points.
            assert!(svg.matches("<rect").count() >= 144, "heatmap cells drawn");
            assert!(svg.matches("<circle").count() >= 500, "points drawn");

            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, (300, 150)).into_drawing_area();
                draw_loss(&root, &history, Some(&history[..2]), lang).unwrap();
                root.present().unwrap();
            }
            assert!(svg.contains("<polyline") || svg.contains("<path"), "curves drawn");
            assert!(svg.contains(lang.t(crate::i18n::T::EpochAxis)));

            let result = crate::engine::range_test::RangeResult {
                points: (0..50).map(|i| (1e-6 * 10f32.powf(i as f32 * 0.14), 0.7 - 0.01 * i as f32)).collect(),
                steepest: Some(0.01),
            };
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, (300, 200)).into_drawing_area();
                draw_range(&root, &result, lang).unwrap();
                root.present().unwrap();
            }
            assert!(svg.contains(lang.t(crate::i18n::T::Steepest)), "the steepest rate is marked");

            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, (400, 300)).into_drawing_area();
                let layout = NetworkLayout::new(&[2, 4, 2, 1], 400, 300);
                draw_network(&root, &layout, Some(&view)).unwrap();
                root.present().unwrap();
            }
            // 2·4 + 4·2 + 2·1 = 18 links; 9 neurons × 36 thumbnail cells.
            assert!(svg.matches("<line").count() + svg.matches("<polyline").count() >= 18);
            assert!(svg.matches("<rect").count() >= 9 * 36);
        }
    }
}
