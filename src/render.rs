//! Draws any of the page's plot panels natively, for printed slides (`descent render`,
//! `descent lessons --out DIR`): a [`Scene`] is one settings state (runs A and, when
//! comparing, B), trained for a number of epochs as the page would train it; each panel is
//! drawn with the same `plot` functions and arguments as the page, on any plotters backend,
//! at the page's canvas size by default.
//!
//! No web imports; the PNG and SVG files are written by `cli::write_figure`.

use crate::cli::{refused, CliError};
use crate::engine::functions::TrajectoryPoint;
use crate::engine::learning_curve::{CurvePoint, LearningCurve, EPOCHS as CURVE_EPOCHS, SIZES as CURVE_SIZES};
use crate::engine::probe::{ImageData, PREVIEW};
use crate::engine::surface::{flatten, Directions, Surface, SurfaceJob, Trajectory};
use crate::engine::train::HISTOGRAM_BINS;
use crate::engine::{DataKind, EpochStats, Source, Trainer, View};
use crate::host::{BOUNDARY_N, NEURON_N};
use crate::i18n::{Lang, T};
use crate::lessons::Panel;
use crate::plot::activity::{ActivityPanel, LayerActivity};
use crate::plot::sequences::draw_fit;
use crate::plot::images::{class_name, draw_confusion, draw_gallery, draw_image_grid, draw_prep_samples, prep_samples_height};
use crate::plot::{
    draw_boundary, draw_histograms, draw_layer_activity, draw_learning_curve, draw_loss, draw_network, draw_race_field, draw_race_loss,
    draw_race_paths, draw_surface_contour, histograms_height, surface_axis_labels, Area, DrawResult, LayerNote, NetworkDecor, NetworkLayout,
    RaceLine, NOTE_HEIGHT,
};
use crate::settings::{Named, Settings, SurfaceDir};
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind};
use plotters::prelude::*;

/// The panels that are plots, in the page's order (the others, data, training and lab, are
/// controls).
pub const DRAWABLE: [Panel; 9] =
    [Panel::Histograms, Panel::Curve, Panel::Prep, Panel::Augment, Panel::Network, Panel::Boundary, Panel::Loss, Panel::Surface, Panel::Race];

/// Epochs trained before drawing, by default: points train fast, images (convolutions in a
/// debug build) slowly.
pub const POINT_EPOCHS: usize = 100;
pub const IMAGE_EPOCHS: usize = 5;

// The page's canvas sizes (`app/draw.rs`, `app/images.rs`, `app/imageprep.rs`,
// `app/surface.rs`, `app/race.rs`).
const BOUNDARY_SIZE: (u32, u32) = (360, 360);
const LOSS_SIZE: (u32, u32) = (360, 220);
const NETWORK_SIZE: (u32, u32) = (420, 300);
const ACTIVITY_ROW: u32 = 56;
const HISTOGRAM_WIDTH: u32 = 300;
const HISTOGRAM_BINS_PAGE: usize = 16;
const CURVE_SIZE: (u32, u32) = (300, 200);
const GALLERY_SIZE: (u32, u32) = (420, 560);
const CONFUSION_SIZE: (u32, u32) = (360, 360);
/// The sequence panel's fit chart (`app::sequences`).
const SEQ_FIT_SIZE: (u32, u32) = (520, 260);
const PREP_WIDTH: u32 = 360;
const PREVIEW_SIDE: u32 = 320;
const CONTOUR_SIZE: (u32, u32) = (440, 380);
const FIELD_SIZE: (u32, u32) = (480, 400);
const RACE_LOSS_SIZE: (u32, u32) = (480, 220);

/// The drawable panels' names, for messages.
pub fn drawable_names() -> String {
    DRAWABLE.iter().map(|p| p.name()).collect::<Vec<_>>().join("|")
}

/// A panel by name: a usage error for an unknown name or a panel of controls.
pub fn parse_panel(name: &str) -> Result<Panel, CliError> {
    match Panel::from_name(name.trim()) {
        Some(p) if DRAWABLE.contains(&p) => Ok(p),
        Some(p) => Err(CliError::Usage(format!("--panel: '{}' holds controls, not a plot (drawable panels: {})", p.name(), drawable_names()))),
        None => Err(CliError::Usage(format!("--panel: unknown panel '{name}' (drawable panels: {})", drawable_names()))),
    }
}

/// The epochs a state trains by default before drawing.
pub fn default_epochs(s: &Settings) -> usize {
    match s.run.dataset.data_kind() {
        DataKind::Images | DataKind::Sequences => IMAGE_EPOCHS,
        _ => POINT_EPOCHS,
    }
}

fn failed(e: impl std::fmt::Display) -> CliError {
    CliError::Failed(e.to_string())
}

/// One run as the page holds it after training: the trainer, its curves, its layer activity
/// and (run A) its weights' path for the loss surface.
struct Run {
    trainer: Trainer,
    history: Vec<EpochStats>,
    activity: LayerActivity,
    trajectory: Trajectory,
    view: Option<View>,
}

impl Run {
    fn new(config: crate::engine::TrainConfig) -> Result<Run, CliError> {
        let trainer = Trainer::new(config).map_err(refused)?;
        let mut run = Run { trainer, history: vec![], activity: LayerActivity::default(), trajectory: Trajectory::default(), view: None };
        run.trajectory.record_trainer(&run.trainer).map_err(failed)?;
        let layers = run.trainer.layer_stats(HISTOGRAM_BINS).map_err(failed)?;
        run.activity.push(0, layers);
        Ok(run)
    }

    /// Trains `epochs` epochs (stopping after a non-finite loss, as the page pauses), then
    /// takes the page's view.
    fn train(&mut self, epochs: usize) -> Result<(), CliError> {
        for _ in 0..epochs {
            let s = self.trainer.train_epoch().map_err(failed)?;
            self.history.push(s);
            self.trajectory.record_trainer(&self.trainer).map_err(failed)?;
            let layers = self.trainer.layer_stats(HISTOGRAM_BINS).map_err(failed)?;
            self.activity.push(s.epoch, layers);
            if !s.is_finite() {
                break;
            }
        }
        self.view = Some(self.trainer.view(BOUNDARY_N, NEURON_N, None).map_err(failed)?);
        Ok(())
    }

    fn images(&self) -> Option<&ImageData> {
        match &self.trainer.source {
            Source::Images(d) => Some(d),
            _ => None,
        }
    }
}

/// One settings state, built and trained on demand, with what each panel needs.
pub struct Scene {
    settings: Settings,
    pub lang: Lang,
    pub epochs: usize,
    runs: Option<(Run, Option<Run>)>,
    trained: bool,
    surface: Option<(Surface, String, String)>,
    curve: Option<Vec<CurvePoint>>,
    race: Option<Vec<Vec<TrajectoryPoint>>>,
}

impl Scene {
    /// `epochs`: `None` for [`default_epochs`].
    pub fn new(settings: Settings, epochs: Option<usize>, lang: Lang) -> Scene {
        let epochs = epochs.unwrap_or_else(|| default_epochs(&settings));
        Scene { settings, lang, epochs, runs: None, trained: false, surface: None, curve: None, race: None }
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    fn images(&self) -> bool {
        self.settings.run.dataset.data_kind() == DataKind::Images
    }

    fn sequences(&self) -> bool {
        self.settings.run.dataset.data_kind() == DataKind::Sequences
    }

    /// Sequences of a regression task (the fit chart; classification shows its confusion).
    fn seq_regression(&self) -> bool {
        self.sequences() && self.settings.task() == crate::engine::Task::Regression
    }

    fn build(&mut self) -> Result<(), CliError> {
        if self.runs.is_none() {
            let a = Run::new(self.settings.train_config())?;
            let b = self.settings.train_config_b().map(Run::new).transpose()?;
            self.runs = Some((a, b));
        }
        Ok(())
    }

    fn train(&mut self) -> Result<(), CliError> {
        self.build()?;
        if !self.trained {
            let epochs = self.epochs;
            if let Some((a, b)) = &mut self.runs {
                a.train(epochs)?;
                if let Some(b) = b {
                    b.train(epochs)?;
                }
            }
            self.trained = true;
        }
        Ok(())
    }

    fn a(&self) -> &Run {
        &self.runs.as_ref().expect("built before drawing").0
    }

    fn b(&self) -> Option<&Run> {
        self.runs.as_ref().and_then(|r| r.1.as_ref())
    }

    /// Whether `panel` shows something for this state's data; the reason when not.
    pub fn applies(&self, panel: Panel) -> Result<(), CliError> {
        let images = self.images();
        let refuse = |what: &str| Err(CliError::Usage(format!("--panel {}: {what}", panel.name())));
        match panel {
            Panel::Histograms if images || self.sequences() => refuse("the features' histograms are for points, not images or sequences"),
            Panel::Prep | Panel::Augment if !images => refuse("for images only (dataset=digits or shapes)"),
            Panel::Network if (images || self.sequences()) && self.settings.run.layers.weighted() == 0 => {
                refuse("for images the panel shows the hidden layers' activity, and this network has none")
            }
            p if !DRAWABLE.contains(&p) => parse_panel(p.name()).map(|_| ()),
            _ => Ok(()),
        }
    }

    /// Computes what `panel` needs (training, the surface, the curve, the race).
    pub fn prepare(&mut self, panel: Panel) -> Result<(), CliError> {
        self.applies(panel)?;
        match panel {
            Panel::Race => {
                if self.race.is_none() {
                    let (f, start, steps) = (self.settings.test_function(), self.settings.race_start(), self.settings.page.race_len as usize);
                    let mut paths = Vec::new();
                    for r in &self.settings.page.race.0 {
                        // A racer that fails shows no path (the page says why beside it).
                        paths.push(crate::engine::functions::trajectory(&f, &r.config(), start, steps).unwrap_or_default());
                    }
                    self.race = Some(paths);
                }
            }
            Panel::Prep | Panel::Augment => self.build()?,
            Panel::Curve => {
                if self.curve.is_none() {
                    let epochs = self.epochs.clamp(1, CURVE_EPOCHS);
                    let mut curve = LearningCurve::new(self.settings.train_config(), &CURVE_SIZES, epochs).map_err(refused)?;
                    while curve.step().map_err(refused)? {}
                    self.curve = Some(curve.result().points);
                }
            }
            Panel::Surface => {
                self.train()?;
                if self.surface.is_none() {
                    let a = self.a();
                    let t = &a.trainer;
                    let directions = match self.settings.page.surface {
                        SurfaceDir::Random => Directions::Random { seed: self.settings.run.seed },
                        SurfaceDir::Pca => {
                            if a.trajectory.epochs.len() < 3 {
                                return Err(CliError::Usage("--panel surface: PCA directions need at least 2 epochs of training (--epochs)".into()));
                            }
                            Directions::Pca
                        }
                        SurfaceDir::Weights => {
                            let theta = flatten(t.model()).map_err(failed)?;
                            match a.trajectory.most_moved(&theta, 2)[..] {
                                [first, second] => Directions::Weights { first, second },
                                _ => return Err(CliError::Failed("the network has fewer than two parameters".into())),
                            }
                        }
                    };
                    let job = SurfaceJob::for_trainer(t, &a.trajectory, directions, self.settings.page.surface_grid as usize).map_err(|e| {
                        let message = e.to_string();
                        if message.contains("did not move") || message.contains("zero or parallel") {
                            CliError::Usage(format!("--panel surface: {message} (train more epochs, or choose surface=random)"))
                        } else {
                            refused(e)
                        }
                    })?;
                    let layout = job.layout().clone();
                    let s = job.finish();
                    let (x, y) = surface_axis_labels(&s, Some(&layout).filter(|l| !l.is_empty()), self.lang);
                    self.surface = Some((s, x, y));
                }
            }
            _ => self.train()?,
        }
        Ok(())
    }

    /// The page's canvas size for `panel` (after [`Scene::prepare`]); composite panels (run B
    /// beside A, the race's map over its loss chart) add their parts up.
    pub fn size(&self, panel: Panel) -> (u32, u32) {
        let comparing = self.b().is_some();
        let runs = if comparing { 2 } else { 1 };
        match panel {
            Panel::Boundary if self.images() => {
                let w = GALLERY_SIZE.0 + CONFUSION_SIZE.0;
                (w, GALLERY_SIZE.1 * runs)
            }
            Panel::Boundary if self.seq_regression() => (SEQ_FIT_SIZE.0, SEQ_FIT_SIZE.1 * runs),
            Panel::Boundary if self.sequences() => (CONFUSION_SIZE.0, CONFUSION_SIZE.1 * runs),
            Panel::Boundary => (BOUNDARY_SIZE.0 * runs, BOUNDARY_SIZE.1),
            Panel::Loss => LOSS_SIZE,
            Panel::Network => {
                let activity = self.activity_height();
                let diagram = if self.images() || self.sequences() { 0 } else { NETWORK_SIZE.1 };
                (NETWORK_SIZE.0, diagram + activity)
            }
            Panel::Histograms => (HISTOGRAM_WIDTH, histograms_height(self.histogram_count())),
            Panel::Curve => CURVE_SIZE,
            Panel::Prep => (PREP_WIDTH, prep_samples_height(self.runs.as_ref().and_then(|r| r.0.images()).map_or(1, |d| d.samples.len()))),
            Panel::Augment => (PREVIEW_SIDE, PREVIEW_SIDE),
            Panel::Surface => CONTOUR_SIZE,
            Panel::Race => (FIELD_SIZE.0, FIELD_SIZE.1 + RACE_LOSS_SIZE.1),
            _ => (16, 16),
        }
    }

    /// The layer-activity canvas's height (0 without hidden layers), as the page sizes it.
    fn activity_height(&self) -> u32 {
        let layers = |r: &Run| r.activity.snapshots.last().map_or(0, |s| s.1.len()).max(r.trainer.config().model.batch_norm.len());
        let n = self.runs.as_ref().map_or(0, |(a, b)| layers(a).max(b.as_ref().map_or(0, layers)));
        if n == 0 {
            0
        } else {
            20 + 16 + ACTIVITY_ROW * n as u32
        }
    }

    fn histogram_count(&self) -> usize {
        self.runs.as_ref().and_then(|r| r.0.trainer.points()).map_or(1, |p| p.pipeline.stats.len())
    }

    /// Draws `panel` (prepared) on `root`, scaled to its size.
    pub fn draw<DB: DrawingBackend>(&self, panel: Panel, root: &Area<DB>) -> DrawResult<DB> {
        // The hash's theme and palette (the system's preference is light here).
        let page = &self.settings.page;
        crate::plot::colors::set_look(crate::plot::colors::Look::of(page.theme, page.palette, false).0);
        root.fill(&crate::plot::colors::paper())?;
        let lang = self.lang;
        let (_, h) = root.dim_in_pixel();
        let (dw, dh) = self.size(panel);
        // A split at `part` of the default `whole`, scaled to the actual `size`.
        let at = |part: u32, whole: u32, size: u32| (part as f64 / whole.max(1) as f64 * size as f64).round() as i32;
        match panel {
            Panel::Boundary => {
                let runs: Vec<&Run> = std::iter::once(self.a()).chain(self.b()).collect();
                if self.images() {
                    let rows = root.split_evenly((runs.len(), 1));
                    for (run, area) in runs.iter().zip(&rows) {
                        let (Some(d), Some(View::Images(v))) = (run.images(), run.view.as_ref()) else { continue };
                        let (aw, _) = area.dim_in_pixel();
                        let (left, right) = area.split_horizontally(at(GALLERY_SIZE.0, dw, aw));
                        let dataset = run.trainer.config().data.kind;
                        let name = |k: usize| class_name(dataset, lang, k);
                        draw_gallery(&left, &d.gallery(), (d.set.height, d.set.width), Some(&v.predictions), None, &name, lang, None)?;
                        let (rw, rh) = right.dim_in_pixel();
                        let side = rw.min(rh);
                        let square = right.shrink((0, 0), (side, side));
                        draw_confusion(&square, &v.confusion, v.classes(), &name, lang)?;
                    }
                } else if self.sequences() {
                    let rows = root.split_evenly((runs.len(), 1));
                    let forecast = self.settings.run.dataset.is_forecast();
                    for (run, area) in runs.iter().zip(&rows) {
                        let Some(View::Sequences(v)) = run.view.as_ref() else { continue };
                        if self.seq_regression() {
                            draw_fit(area, &v.train_fit, &v.test_fit, v.train_skipped, forecast, lang)?;
                        } else {
                            let dataset = run.trainer.config().data.kind;
                            draw_confusion(area, &v.confusion, v.task.outputs().max(2), &|k| class_name(dataset, lang, k), lang)?;
                        }
                    }
                } else {
                    let cols = root.split_evenly((1, runs.len()));
                    for (run, area) in runs.iter().zip(&cols) {
                        let Some(p) = run.trainer.points() else { continue };
                        let grid = run.view.as_ref().and_then(|v| v.as_points()).map(|v| &v.boundary);
                        draw_boundary(area, run.trainer.config().task(), grid, &p.data.train, &p.data.test, self.settings.page.show_test, lang, None)?;
                    }
                }
            }
            Panel::Loss => draw_loss(root, &self.a().history, self.b().map(|b| b.history.as_slice()), lang)?,
            Panel::Network => {
                let activity = if self.images() || self.sequences() {
                    root.clone()
                } else {
                    let (top, bottom) = root.split_vertically(at(NETWORK_SIZE.1, dh, h));
                    let a = self.a();
                    let m = &a.trainer.config().model;
                    let notes: Vec<LayerNote> = m.batch_norm.iter().zip(&m.dropout).map(|(&batch_norm, &dropout)| LayerNote { batch_norm, dropout }).collect();
                    let any_note = notes.iter().any(|n| n.batch_norm || n.dropout > 0.0);
                    let view = a.view.as_ref().and_then(|v| v.as_points());
                    let widths: Vec<usize> = match view {
                        Some(v) => v.neurons.iter().map(|l| l.len()).collect(),
                        None => m.widths(),
                    };
                    let (tw, th) = top.dim_in_pixel();
                    let layout = NetworkLayout::new(&widths, tw, th.saturating_sub(if any_note { NOTE_HEIGHT } else { 0 }));
                    let inputs: Vec<&str> = a.trainer.points().map(|p| p.pipeline.stats.iter().map(|s| s.feature.symbol()).collect()).unwrap_or_default();
                    let decor = NetworkDecor { inputs: &inputs, notes: &notes, marked: &[] };
                    draw_network(&top, &layout, view, &decor, lang, None)?;
                    bottom
                };
                if activity.dim_in_pixel().1 > 0 && self.activity_height() > 0 {
                    let bn = |r: &Run| r.trainer.config().model.batch_norm.clone();
                    let (bn_a, bn_b) = (bn(self.a()), self.b().map(bn).unwrap_or_default());
                    let comparing = self.b().is_some();
                    let mut panels = vec![ActivityPanel { title: comparing.then_some(lang.t(T::RunA)), activity: &self.a().activity, batch_norm: &bn_a }];
                    if let Some(b) = self.b() {
                        panels.push(ActivityPanel { title: Some(lang.t(T::RunB)), activity: &b.activity, batch_norm: &bn_b });
                    }
                    draw_layer_activity(&activity, &panels, lang, None)?;
                }
            }
            Panel::Histograms => {
                if let Some(p) = self.a().trainer.points() {
                    draw_histograms(root, &p.pipeline.histograms(&p.data.train, HISTOGRAM_BINS_PAGE), lang)?;
                }
            }
            Panel::Curve => draw_learning_curve(root, self.curve.as_deref().unwrap_or_default(), &CURVE_SIZES, lang)?,
            Panel::Prep => {
                if let Some(d) = self.a().images() {
                    draw_prep_samples(root, &d.samples, (d.set.height, d.set.width), lang, None)?;
                }
            }
            Panel::Augment => {
                if let Some(d) = self.a().images() {
                    let images = d.augment_preview(&self.settings.augment(), self.settings.run.seed, 0, PREVIEW).unwrap_or_default();
                    draw_image_grid(root, &images, (d.set.height, d.set.width), 4, None)?;
                }
            }
            Panel::Surface => {
                if let Some((s, x, y)) = &self.surface {
                    draw_surface_contour(root, s, (x, y), lang)?;
                }
            }
            Panel::Race => {
                let (top, bottom) = root.split_vertically(at(FIELD_SIZE.1, dh, h));
                let f = self.settings.test_function();
                let paths = self.race.as_deref().unwrap_or_default();
                let lines: Vec<RaceLine> = paths.iter().enumerate().map(|(i, p)| RaceLine { colour: i, points: p }).collect();
                let steps = self.settings.page.race_len as usize;
                let map = draw_race_field(&top, &f, lang)?;
                draw_race_paths(&top, &map, &f, self.settings.race_start(), &lines, steps, false)?;
                draw_race_loss(&bottom, &lines, steps, steps, lang)?;
            }
            _ => {}
        }
        Ok(())
    }
}

/// A prepared panel of a scene, for `cli::write_figure`.
pub struct PanelFigure<'a> {
    pub scene: &'a Scene,
    pub panel: Panel,
}

impl crate::cli::Drawing for PanelFigure<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> DrawResult<DB> {
        self.scene.draw(self.panel, root)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::svg_of;

    fn scene(hash: &str, epochs: usize, lang: Lang) -> Scene {
        let (s, problems) = Settings::from_hash(hash);
        assert!(problems.is_empty(), "{problems:?}");
        Scene::new(s, Some(epochs), lang)
    }

    /// The panel drawn at its default size, as SVG text.
    fn svg(scene: &mut Scene, panel: Panel) -> String {
        scene.prepare(panel).unwrap_or_else(|e| panic!("{}: {e:?}", panel.name()));
        let (w, h) = scene.size(panel);
        svg_of(w, h, |root| scene.draw(panel, root).unwrap())
    }

    /// Every plot panel of a small points state, trained once: the boundary's heatmap and
    /// points, the loss curves with their axis, the diagram's links, the histograms, the
    /// learning curve, the surface's grid and the race's paths.
    #[test]
    fn the_hash_theme_and_palette_restyle_the_panels() {
        let mut s = scene("dataset=xor&points=200&layers=d4&theme=dark&palette=safe", 2, Lang::En);
        let boundary = svg(&mut s, Panel::Boundary).to_lowercase();
        assert!(boundary.contains("#1c1f24"), "dark paper");
        assert!(boundary.contains("#d55e00") && boundary.contains("#0072b2"), "Okabe–Ito colours");
        let mut light = scene("dataset=xor&points=200&layers=d4", 2, Lang::En);
        assert!(!svg(&mut light, Panel::Boundary).to_lowercase().contains("#1c1f24"), "light by default");
    }

    #[test]
    fn every_plot_panel_of_a_points_state_renders() {
        let mut s = scene("dataset=circle&points=200&layers=d4,d2&surface_grid=11&race_len=50", 10, Lang::En);
        let boundary = svg(&mut s, Panel::Boundary);
        assert!(boundary.matches("<circle").count() >= 200, "the points");
        assert!(boundary.matches("<rect").count() >= 48, "the heatmap");
        assert_eq!(s.size(Panel::Boundary), (360, 360));
        let loss = svg(&mut s, Panel::Loss);
        assert!(loss.contains("<polyline") || loss.contains("<path"), "curves");
        assert!(loss.contains(Lang::En.t(T::EpochAxis)));
        let network = svg(&mut s, Panel::Network);
        // 2·4 + 4·2 + 2·1 links, the inputs named, and the two hidden layers' activity.
        assert!(network.matches("<line").count() + network.matches("<polyline").count() >= 18, "links");
        assert!(network.contains("x₁") && network.contains("x₂"));
        assert_eq!(s.size(Panel::Network), (420, 300 + 36 + 2 * 56));
        let hist = svg(&mut s, Panel::Histograms);
        assert!(hist.contains(Lang::En.t(T::HistAfter)) && hist.matches("<rect").count() >= 8);
        let curve = svg(&mut s, Panel::Curve);
        assert!(curve.contains(Lang::En.t(T::CurveAccAxis)));
        assert!(curve.matches("<circle").count() >= 2 * CURVE_SIZES.len(), "a marker per size and split");
        let surface = svg(&mut s, Panel::Surface);
        assert!(surface.matches("<rect").count() >= 11, "the grid");
        assert!(surface.contains(Lang::En.t(T::RandomDirection)), "the default directions are random");
        let race = svg(&mut s, Panel::Race);
        assert!(race.contains("<polyline") || race.contains("<path") || race.contains("<line"), "paths");
        assert!(race.matches("<circle").count() >= 3, "the racers' points");
        // Trained once: the loss curve holds the 10 epochs.
        assert_eq!(s.a().history.len(), 10);
    }

    #[test]
    fn persian_labels_and_a_compared_run() {
        let mut s = scene("dataset=xor&points=100&layers=d4&compare=1&b.lr=0.3", 5, Lang::Fa);
        let loss = svg(&mut s, Panel::Loss);
        assert!(loss.contains(Lang::Fa.t(T::EpochAxis)), "Persian axis");
        assert!(loss.contains('۵') || loss.contains('۲'), "Persian digits");
        assert!(loss.contains(Lang::Fa.t(T::TestB)), "run B's curves in the legend");
        assert_eq!(s.size(Panel::Boundary), (720, 360), "A and B side by side");
        let boundary = svg(&mut s, Panel::Boundary);
        assert!(boundary.matches("<circle").count() >= 2 * 100, "both runs' points");
        let network = svg(&mut s, Panel::Network);
        assert!(network.contains(Lang::Fa.t(T::RunA)) && network.contains(Lang::Fa.t(T::RunB)), "both runs' activity");
    }

    /// Images: the gallery with predictions beside the confusion matrix, the preparation and
    /// the augmentation; the features' histograms are refused in words.
    #[test]
    fn image_panels_render_and_points_only_panels_are_refused() {
        let mut s = scene("dataset=digits&points=200&layers=d8&aug_rotate=20", 1, Lang::En);
        let boundary = svg(&mut s, Panel::Boundary);
        assert_eq!(s.size(Panel::Boundary), (780, 560));
        assert!(boundary.contains(Lang::En.t(T::ImgPredictedClass)), "the confusion matrix");
        assert!(boundary.matches("<rect").count() >= 64 * 8, "the gallery's images");
        let prep = svg(&mut s, Panel::Prep);
        assert!(prep.contains(Lang::En.t(T::PrepAfter)));
        let augment = svg(&mut s, Panel::Augment);
        assert!(augment.matches("<rect").count() >= 16 * 8, "the preview's images");
        let network = svg(&mut s, Panel::Network);
        assert!(network.contains(&format!("{} 1", Lang::En.t(T::Layer))), "the activity of layer 1");
        assert_eq!(s.size(Panel::Network), (420, 36 + 56), "no diagram for images");
        assert!(matches!(s.prepare(Panel::Histograms), Err(CliError::Usage(m)) if m.contains("images")));
        let mut p = scene("dataset=circle", 0, Lang::En);
        assert!(matches!(p.prepare(Panel::Prep), Err(CliError::Usage(m)) if m.contains("images")));
        for panel in [Panel::Data, Panel::Training, Panel::Lab] {
            assert!(matches!(p.prepare(panel), Err(CliError::Usage(m)) if m.contains("boundary")), "{}", panel.name());
        }
        // PCA needs a path: refused in words without training.
        let mut pca = scene("dataset=circle&surface=pca", 0, Lang::En);
        assert!(matches!(pca.prepare(Panel::Surface), Err(CliError::Usage(m)) if m.contains("epochs")));
    }

    /// PNG text: Persian shaped and in visual order, numbers and Latin kept left to right,
    /// the bidi isolates gone; other text untouched.
    #[test]
    fn png_text_is_shaped_and_in_visual_order() {
        assert_eq!(visual("epoch 100"), "epoch 100");
        assert_eq!(visual("۰٫۶۰"), "۰٫۶۰");
        assert_eq!(visual("۵۲٪"), "۵۲٪");
        // A number inside Persian words stays left to right, separator and all.
        assert_eq!(visual("دوره ۱٫۵"), format!("۱٫۵ {}", visual("دوره")));
        // دوره: dal (final-less, isolated), vav isolated, re isolated, he isolated; reversed.
        assert_eq!(visual("دوره"), "\u{FEE9}\u{FEAD}\u{FEED}\u{FEA9}");
        // نام: nun initial, alef final, mim isolated; reversed.
        assert_eq!(visual("نام"), "\u{FEE1}\u{FE8E}\u{FEE7}");
        // کلاس: kaf initial, lam-alef final, sin isolated.
        assert_eq!(visual("کلاس"), "\u{FEB1}\u{FEFC}\u{FB90}");
        // A Persian label with a Latin letter and a number in an isolate: the runs right to left.
        let v = visual("\u{2067}دوره B ۱۰\u{2069}");
        assert_eq!(v, format!("B ۱۰ {}", visual("دوره")), "one left-to-right run, as the bidi algorithm's W7 makes it");
        assert!(!v.contains('\u{2067}'));
        // A Latin label with a Persian word: the word reversed in place.
        assert_eq!(visual("x₁ (نام)"), format!("x₁ ({})", visual("نام")));
    }

    #[test]
    fn panel_names_are_checked() {
        assert_eq!(parse_panel("boundary").unwrap(), Panel::Boundary);
        assert!(matches!(parse_panel("bondary"), Err(CliError::Usage(m)) if m.contains("unknown panel") && m.contains("race")));
        assert!(matches!(parse_panel("lab"), Err(CliError::Usage(m)) if m.contains("controls")));
    }
}

// ---- PNG text --------------------------------------------------------------------------------
//
// The bitmap backend draws text glyph by glyph with `ab_glyph`, without the browser's (or an
// SVG viewer's) bidirectional ordering and Arabic-script shaping: Persian would come out in
// isolated letters, left to right, with the bidi isolates of `plot::bidi` as empty boxes.
// [`visual`] does a small part of both for the labels the plots draw (Persian words, Latin
// letters and numbers): the letters' contextual forms (Unicode's Arabic presentation forms,
// which DejaVu Sans has, with the lam-alef ligature) and the runs in visual order.

/// A Persian/Arabic letter's isolated presentation form and whether it joins on both sides
/// (`true`) or only to the letter before it (`false`). Forms follow the isolated one: final,
/// then (joining both sides) initial and medial.
fn arabic_forms(c: char) -> Option<(u32, bool)> {
    Some(match c {
        'ا' => (0xFE8D, false),
        'آ' => (0xFE81, false),
        'أ' => (0xFE83, false),
        'إ' => (0xFE87, false),
        'ؤ' => (0xFE85, false),
        'ئ' => (0xFE89, true),
        'ب' => (0xFE8F, true),
        'پ' => (0xFB56, true),
        'ة' => (0xFE93, false),
        'ت' => (0xFE95, true),
        'ث' => (0xFE99, true),
        'ج' => (0xFE9D, true),
        'چ' => (0xFB7A, true),
        'ح' => (0xFEA1, true),
        'خ' => (0xFEA5, true),
        'د' => (0xFEA9, false),
        'ذ' => (0xFEAB, false),
        'ر' => (0xFEAD, false),
        'ز' => (0xFEAF, false),
        'ژ' => (0xFB8A, false),
        'س' => (0xFEB1, true),
        'ش' => (0xFEB5, true),
        'ص' => (0xFEB9, true),
        'ض' => (0xFEBD, true),
        'ط' => (0xFEC1, true),
        'ظ' => (0xFEC5, true),
        'ع' => (0xFEC9, true),
        'غ' => (0xFECD, true),
        'ف' => (0xFED1, true),
        'ق' => (0xFED5, true),
        'ك' => (0xFED9, true),
        'ک' => (0xFB8E, true),
        'گ' => (0xFB92, true),
        'ل' => (0xFEDD, true),
        'م' => (0xFEE1, true),
        'ن' => (0xFEE5, true),
        'ه' => (0xFEE9, true),
        'و' => (0xFEED, false),
        'ي' => (0xFEF1, true),
        'ی' => (0xFBFC, true),
        _ => return None,
    })
}

/// Whether `c` is written right to left (Arabic-script letters and their presentation forms,
/// not their digits nor the numbers' percent sign and separators, U+066A–066C).
fn is_rtl(c: char) -> bool {
    matches!(c as u32, 0x0620..=0x065F | 0x066E..=0x06EF | 0x06FA..=0x06FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF)
}

/// Whether `c` sets a direction (a letter; digits and punctuation take their neighbours').
fn is_strong(c: char) -> bool {
    is_rtl(c) || (c.is_alphabetic() && !matches!(c as u32, 0x06F0..=0x06F9 | 0x0660..=0x0669))
}

/// The contextual forms of a logical-order string's letters (with lam-alef ligatures); the
/// zero-width non-joiner breaks a join and is dropped.
fn shape(chars: &[char]) -> Vec<char> {
    let joins_next = |i: usize| chars.get(i).and_then(|&c| arabic_forms(c)).is_some_and(|(_, dual)| dual);
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let Some((iso, dual)) = arabic_forms(c) else {
            if c != '\u{200C}' {
                out.push(c);
            }
            i += 1;
            continue;
        };
        let after_joiner = i > 0 && joins_next(i - 1);
        if c == 'ل' {
            let lig = match chars.get(i + 1) {
                Some('ا') => Some(0xFEFB),
                Some('آ') => Some(0xFEF5),
                Some('أ') => Some(0xFEF7),
                Some('إ') => Some(0xFEF9),
                _ => None,
            };
            if let Some(l) = lig {
                out.extend(char::from_u32(l + after_joiner as u32));
                i += 2;
                continue;
            }
        }
        let before_joinable = dual && chars.get(i + 1).is_some_and(|&n| arabic_forms(n).is_some());
        let form = match (after_joiner, before_joinable) {
            (false, false) => iso,
            (true, false) => iso + 1,
            (false, true) => iso + 2,
            (true, true) => iso + 3,
        };
        out.extend(char::from_u32(form));
        i += 1;
    }
    out
}

/// A label as the bitmap backend should draw it, left to right: bidi controls dropped,
/// Persian letters shaped, right-to-left runs reversed (brackets mirrored) and, when the text
/// starts with a right-to-left letter, the runs in right-to-left order. Text without
/// right-to-left letters is returned as it is.
pub fn visual(text: &str) -> String {
    let chars: Vec<char> = text.chars().filter(|c| !matches!(*c as u32, 0x200E | 0x200F | 0x202A..=0x202E | 0x2066..=0x2069)).collect();
    if !chars.iter().any(|&c| is_rtl(c)) {
        return chars.into_iter().collect();
    }
    let chars = shape(&chars);
    let rtl_paragraph = chars.iter().find(|&&c| is_strong(c)).is_some_and(|&c| is_rtl(c));
    // Each character's direction: letters their own; others that of the strong letters on
    // both sides when they agree (digits: left to right), else the paragraph's.
    let strong_dir = |c: char| if is_strong(c) { Some(is_rtl(c)) } else if c.is_numeric() { Some(false) } else { None };
    let dirs: Vec<bool> = (0..chars.len())
        .map(|i| {
            strong_dir(chars[i]).unwrap_or_else(|| {
                let before = chars[..i].iter().rev().find_map(|&c| strong_dir(c));
                let after = chars[i + 1..].iter().find_map(|&c| strong_dir(c));
                match (before, after) {
                    (Some(a), Some(b)) if a == b => a,
                    _ => rtl_paragraph,
                }
            })
        })
        .collect();
    let mirror = |c: char| match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '«' => '»',
        '»' => '«',
        '<' => '>',
        '>' => '<',
        c => c,
    };
    let mut runs: Vec<String> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let d = dirs[i];
        let end = (i..chars.len()).find(|&j| dirs[j] != d).unwrap_or(chars.len());
        let run = &chars[i..end];
        runs.push(if d { run.iter().rev().map(|&c| mirror(c)).collect() } else { run.iter().collect() });
        i = end;
    }
    if rtl_paragraph {
        runs.reverse();
    }
    runs.concat()
}

/// A backend that draws text in [`visual`] order and form (the command line's PNG files).
pub struct VisualText<B>(pub B);

impl<B: DrawingBackend> DrawingBackend for VisualText<B> {
    type ErrorType = B::ErrorType;
    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.0.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.0.present()
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.0.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.0.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(&mut self, ul: BackendCoord, br: BackendCoord, style: &S, fill: bool) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.0.draw_rect(ul, br, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, style: &S) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.0.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(&mut self, center: BackendCoord, radius: u32, style: &S, fill: bool) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.0.draw_circle(center, radius, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, vert: I, style: &S) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.0.fill_polygon(vert, style)
    }
    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, pos: BackendCoord) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.0.draw_text(&visual(text), style, pos)
    }
    fn estimate_text_size<S: BackendTextStyle>(&self, text: &str, style: &S) -> Result<(u32, u32), DrawingErrorKind<B::ErrorType>> {
        self.0.estimate_text_size(&visual(text), style)
    }
    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.0.blit_bitmap(pos, size, src)
    }
}
