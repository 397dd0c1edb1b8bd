//! Drawing functions generic over any plotters backend: canvas in the page
//! (`plotters-canvas`), SVG natively (tests, the command line).
//!
//! Architecture invariant: no function here knows which backend it draws on, and none
//! imports web-sys or leptos.

pub mod activity;
pub mod arch;
pub mod boundary;
pub mod cells;
pub mod colors;
pub mod curves;
pub mod histogram;
pub mod images;
pub mod lab;
pub mod network;
pub mod race;
pub mod sequences;
pub mod surface;
pub mod transfer;

use crate::i18n::Lang;
use plotters::coord::Shift;
use plotters::prelude::*;

/// What every drawing function returns.
pub type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;
pub type Area<DB> = DrawingArea<DB, Shift>;

pub use activity::{draw_layer_activity, ActivityPanel, LayerActivity};

/// Keeps a growing series (ordered by `key`, e.g. the epoch) bounded: past `max` entries, only
/// those on a grid of stride 2ᵏ from the first remain (the smallest stride that fits) and the
/// newest, so a long run's history stays evenly spread over the whole run (the loss curve,
/// the layer activity); entries added since keep coming until it is full again.
pub fn thin<T>(v: &mut Vec<T>, max: usize, key: impl Fn(&T) -> usize) {
    let max = max.max(3);
    if v.len() <= max {
        return;
    }
    let (first, last) = (key(&v[0]), key(&v[v.len() - 1]));
    let span = last.saturating_sub(first);
    let mut stride = 1usize;
    while span / stride + 2 > max {
        stride *= 2;
    }
    let n = v.len();
    let mut i = 0;
    v.retain(|x| {
        i += 1;
        i == n || key(x).saturating_sub(first).is_multiple_of(stride)
    });
}

#[cfg(test)]
mod thin_tests {
    #[test]
    fn thinning_keeps_the_first_the_newest_and_an_even_spread() {
        let mut v: Vec<usize> = Vec::new();
        for e in 0..10_000 {
            let before = v.len();
            v.push(e);
            super::thin(&mut v, 100, |x| *x);
            assert!(v.len() <= 100);
            if v.len() <= before {
                // Just thinned: all but the newest on one grid.
                let gaps: std::collections::BTreeSet<usize> = v[..v.len() - 1].windows(2).map(|w| w[1] - w[0]).collect();
                assert_eq!(gaps.len(), 1, "{gaps:?}");
            }
        }
        assert_eq!((v[0], *v.last().unwrap()), (0, 9_999));
        assert!(v.windows(2).all(|w| w[0] < w[1]), "in order");
        assert!(v.len() > 50, "{}", v.len());
    }
}
pub use boundary::draw_boundary;
pub use boundary::PlaneMap;
pub use cells::{fill_cells, CellPainter, Cells};
pub use curves::{draw_learning_curve, draw_loss, draw_range};
pub use histogram::{draw_histograms, histograms_height};
pub use lab::{draw_lab_loss, draw_lab_network, draw_lab_weights, LabDiagram};
pub use images::{draw_confusion, draw_feature_maps, draw_gallery, feature_maps_height, gallery_cell_at, gallery_height, GalleryLayout};
pub use race::{draw_race_3d, draw_race_field, draw_race_loss, draw_race_paths, PlotMap, RaceLine};
pub use network::{draw_network, LayerNote, NetworkDecor, NetworkLayout, NOTE_HEIGHT};
pub use surface::{draw_function, draw_surface_3d, draw_surface_contour, draw_surface_contour_base, draw_surface_path, param_name, surface_axis_labels};

/// A label mixing Persian words with Latin letters or numbers, as one right-to-left run:
/// canvases are left-to-right, and without the isolate "لایه ۱ · BN خاموش" comes out with its
/// parts in left-to-right order. (English labels are returned as they are.)
pub fn bidi(lang: Lang, text: String) -> String {
    match lang {
        Lang::Fa => format!("\u{2067}{text}\u{2069}"),
        Lang::En => text,
    }
}

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

/// Draws with `draw` on a `w`×`h` SVG and returns the SVG text (for tests).
#[cfg(test)]
pub(crate) fn svg_of(w: u32, h: u32, draw: impl FnOnce(&Area<SVGBackend>)) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        draw(&root);
        root.present().unwrap();
    }
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Trainer;
    use crate::settings::Settings;

    /// The look restyles the plots: dark paper, and in the colour-blind-safe palette a shape
    /// per class (class 1's points are squares), on any backend.
    #[test]
    fn a_look_restyles_the_boundary() {
        let s = Settings::from_hash("dataset=xor&seed=3").0;
        let t = Trainer::new(s.train_config()).unwrap();
        let data = &t.points().unwrap().data;
        let draw = |look: colors::Look| {
            colors::set_look(look);
            let svg = svg_of(300, 300, |root| {
                draw_boundary(root, crate::engine::Task::Binary, None, &data.train, &data.test, false, Lang::En, None).unwrap();
            });
            colors::set_look(colors::Look::default());
            svg.to_lowercase()
        };
        let plain = draw(colors::Look::default());
        let ones = data.train.iter().filter(|p| p.label > 0.5).count();
        assert!(ones > 50);
        assert_eq!(plain.matches("<circle").count(), 2 * data.train.len(), "every point a circle on a rim");
        let safe = draw(colors::Look { safe: true, ..Default::default() });
        assert_eq!(safe.matches("<circle").count(), 2 * (data.train.len() - ones), "class 0 stays round");
        assert!(safe.matches("<rect").count() >= plain.matches("<rect").count() + 2 * ones, "class 1 drawn as squares");
        assert!(safe.contains("#d55e00") && !plain.contains("#d55e00"), "Okabe–Ito vermillion");
        let dark = draw(colors::Look { dark: true, ..Default::default() });
        assert!(dark.contains("#1c1f24") && !plain.contains("#1c1f24"), "dark paper");
    }

    /// Every plot renders to an SVG string natively, from a real trainer's output.
    #[test]
    fn plots_render_to_svg() {
        let s = Settings::default();
        let mut t = Trainer::new(s.train_config()).unwrap();
        let history: Vec<_> = (0..5).map(|_| t.train_epoch().unwrap()).collect();
        let crate::engine::View::Points(view) = t.view(12, 6, None).unwrap() else { panic!("points") };
        for lang in [Lang::En, Lang::Fa] {
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, (300, 300)).into_drawing_area();
                draw_boundary(&root, view.task, Some(&view.boundary), &t.points().unwrap().data.train, &t.points().unwrap().data.test, true, lang, None).unwrap();
                root.present().unwrap();
            }
            // 12×12 heatmap cells (runs of equal cells merged) + 500 points.
            assert!(svg.matches("<rect").count() >= 12, "heatmap cells drawn");
            assert!(svg.matches("<circle").count() >= 500, "points drawn");

            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, (300, 150)).into_drawing_area();
                draw_loss(&root, &history, Some(&history[..2]), lang).unwrap();
                root.present().unwrap();
            }
            assert!(svg.contains("<polyline") || svg.contains("<path"), "curves drawn");
            assert!(svg.contains(lang.t(crate::i18n::T::EpochAxis)));
            assert!(svg.contains(lang.t(crate::i18n::T::TestB)), "the legend names run B's curves");

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
                let notes = [LayerNote { batch_norm: true, dropout: 0.3 }, LayerNote::default()];
                let decor = NetworkDecor { inputs: &["x₁", "sin x₂"], notes: &notes, marked: &[] };
                draw_network(&root, &layout, Some(&view), &decor, lang, None).unwrap();
                root.present().unwrap();
            }
            assert!(svg.contains(&format!("{} {}", lang.t(crate::i18n::T::DropShort), lang.digits("0.3"))), "the dropout rate is noted");
            assert_eq!(svg.matches(lang.t(crate::i18n::T::BnShort)).count(), 1, "batch norm noted under layer 1 only: {svg}");
            // 2·4 + 4·2 + 2·1 = 18 links; 9 neurons, each at least one row of 6 thumbnail cells.
            assert!(svg.matches("<line").count() + svg.matches("<polyline").count() >= 18);
            assert!(svg.matches("<rect").count() >= 9 * 6);
            assert!(svg.contains("sin x₂"), "inputs labelled");

            // Histograms of a standardized x₁ × 100 and x₁²: every feature's row, before and
            // after, with μ and σ (after standardizing: μ 0, σ 1).
            let cfg = crate::engine::PrepConfig {
                x1_scale: 100.0,
                features: crate::engine::Features::of(&[crate::engine::Feature::X1, crate::engine::Feature::X1Sq]),
                scaling: crate::engine::Scaling::Standardize,
                ..Default::default()
            };
            let p = crate::engine::Pipeline::fit(&cfg, &t.points().unwrap().data.train);
            let hists = p.histograms(&t.points().unwrap().data.train, 16);
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, (360, histograms_height(2))).into_drawing_area();
                draw_histograms(&root, &hists, lang).unwrap();
                root.present().unwrap();
            }
            assert!(svg.contains("x₁²") && svg.contains(lang.t(crate::i18n::T::HistAfter)));
            let after = format!("μ {}  σ {}", lang.digits("0"), lang.digits("1.00"));
            assert_eq!(svg.matches(&after).count(), 2, "both standardized: {after}");
            assert!(svg.matches("<rect").count() >= 4 * 8, "bars drawn");

            // The learning curve, part done and whole; accuracy in percent.
            use crate::engine::learning_curve::CurvePoint;
            let pts: Vec<CurvePoint> = [25usize, 50, 100]
                .iter()
                .enumerate()
                .map(|(i, &size)| CurvePoint { size, trained_on: size, train_loss: 0.3, test_loss: 0.4, train_acc: Some(0.9), test_acc: Some(0.7 + 0.1 * i as f32) })
                .collect();
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, (300, 200)).into_drawing_area();
                draw_learning_curve(&root, &pts, &[25, 50, 100, 200, 400, 800], lang).unwrap();
                root.present().unwrap();
            }
            assert!(svg.contains(lang.t(crate::i18n::T::CurveAccAxis)));
            assert!(svg.matches("<circle").count() >= 6, "a marker per size and split");
            assert!(svg.contains(&lang.digits("800")), "the axis spans the sizes asked for");
        }
    }
}
