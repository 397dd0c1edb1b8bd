//! The one closed protocol between the page and the training worker. These enums, and the
//! settings hash, are the only serialized types in the app: if a type is serializable, it
//! crosses this boundary.

use crate::engine::functions::{TestFunction, TrajectoryPoint};
use crate::engine::learning_curve::{CurvePoint, CurveResult};
use crate::engine::range_test::RangeResult;
use crate::engine::surface::{Directions, ParamLayout, Surface};
use crate::engine::augment::Augment;
use crate::engine::probe::{GalleryImage, PrepSample};
use crate::engine::claim::{Figure, Measure, Trial};
use crate::engine::arch_search::{SearchResult, Strategy};
use crate::engine::backprop::{LabConfig, Step, Weights as LabWeights};
use crate::engine::transfer::Pretrained;
use crate::engine::{CleanReport, EpochStats, OptimizerConfig, Pipeline, Problem, Sample, Source, TrainConfig, Trainer, View};
use serde::{Deserialize, Serialize};

/// Which of the two compared runs a report is about (A alone when not comparing).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Run {
    A = 0,
    B = 1,
}

/// Page → worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Command {
    /// New settings. The worker rebuilds data and model only when they changed; the learning
    /// rate and batch size change in place, mid-run.
    /// `config_b`: the second run of a comparison (same data and initial weights where the
    /// settings allow), or `None`.
    Configure { config: TrainConfig, config_b: Option<TrainConfig> },
    Play,
    Pause,
    /// Asks for the worker's memory (`Report::Memory`): the soak test's measure.
    Memory,
    /// Makes the worker panic: how the browser tests check that the page survives a crashed
    /// worker (the page never sends it otherwise).
    Crash,
    /// Test hook: the worker aborts without a panic (as an out-of-memory does).
    Abort,
    /// Test hook: the worker never returns (as a hung engine would).
    Hang,
    /// Epochs per second while playing; `None`: as fast as the worker goes.
    Speed { per_second: Option<f64> },
    /// Train exactly one epoch, then report.
    Step,
    /// Back to the initial weights (same seed), epoch 0.
    Reset,
    /// Send the current view (boundary grid, neuron grids, weights) now.
    RequestView,
    /// The page has drawn the last view: the worker may send the next one (flow control).
    Ack,
    /// Start a learning-rate range test from the current configuration's initial weights
    /// (training pauses meanwhile).
    StartRangeTest,
    CancelRangeTest,
    /// Train the current configuration on growing training sets (`sizes` training points,
    /// e.g. `learning_curve::SIZES`) for `epochs` epochs each, from the same initial weights,
    /// and report the final test accuracy of each (training pauses meanwhile).
    StartLearningCurve { sizes: Vec<usize>, epochs: usize },
    CancelLearningCurve,
    // Loss surface (issue 4)
    /// Compute run A's loss surface through its current weights on an n×n grid
    /// (`engine::surface::MIN_GRID`..=`MAX_GRID`; the page offers 11 to 81), in chunks between
    /// training chunks (training goes on). `live`: after it is done, recompute it every
    /// `host::LIVE_EPOCHS` epochs (at most every `host::LIVE_MS`) while training, with the same
    /// directions, until `CancelSurface` or the next `StartSurface`.
    StartSurface { directions: Directions, n: usize, live: bool },
    /// Stop the surface being computed and the live recomputation.
    CancelSurface,
    /// Optimizer race (function mode): run each optimizer for `steps` steps on `function` from
    /// `start`, and report every path. `race` numbers the request: the page ignores answers to
    /// older ones. A new race replaces one still running. Training is not paused.
    StartRace { race: u32, function: TestFunction, start: (f64, f64), racers: Vec<OptimizerConfig>, steps: usize },
    CancelRace,
    /// Images: show the feature maps of gallery image `index` (None: of none) in the views of
    /// both runs.
    ChooseImage { index: Option<usize> },
    /// Images: training image `index` of run A and `probe::PREVIEW` versions of it augmented
    /// with `augment` (`Report::AugmentPreview`; the page sends the settings it shows, so the
    /// answer never depends on whether a `Configure` came first). The page asks again
    /// whenever an augmentation setting or the image changes; the versions are fixed by the
    /// seed and the index, so a slider changes them smoothly.
    PreviewAugment { index: usize, augment: Augment },
    /// The back-propagation lab: `count` steps of its network from `weights` on its
    /// mini-batch; `lab` tags the reply (the page drops replies for an older set-up), `from`
    /// is the number of the first step asked for (0-based).
    Lab { lab: u32, from: usize, count: usize, cfg: LabConfig, weights: LabWeights, batch: Vec<(Vec<f64>, Vec<f64>)> },
    /// A lesson's claim check: each trial trained for its epochs from its own seed, one
    /// figure measured from each (`engine::claim`), in chunks between training chunks
    /// (training pauses meanwhile, as for the learning curve). `claim` tags the reports (the
    /// page drops those of an older request). A new check replaces one still running.
    StartClaim { claim: u32, trials: Vec<Trial>, measure: Measure },
    CancelClaim,
    /// Choosing the architecture: growth or a random search from `config` (its data, seed,
    /// optimizer), each network trained `budget` epochs (`engine::arch_search`), in chunks
    /// between training chunks. `search` tags the reports. A new one replaces one running.
    StartArch { search: u32, config: TrainConfig, strategy: Strategy, budget: usize },
    CancelArch,
    /// Transfer learning (issue 13): the bytes of a shipped pretrained model's file, fetched
    /// by the page when a setting first needs it. A run that failed for want of it is
    /// built again.
    Model { model: Pretrained, bytes: Vec<u8> },
    /// Several runs trained side by side for `epochs` epochs (`engine::transfer::CompareJob`:
    /// the transfer lesson's three), in chunks between training chunks (training pauses
    /// meanwhile). `transfer` tags the reports. A new one replaces one running.
    StartTransfer { transfer: u32, runs: Vec<TrainConfig>, epochs: usize },
    CancelTransfer,
    /// Run A's current weights as a safetensors file with the settings (`hash`) in its
    /// metadata (`Report::Weights`).
    SaveWeights { hash: String },
    /// Weights from a file: run A is built from `config` (the page's reading of the file's
    /// settings, `transfer::settings_of`; without them, the current ones) and takes its
    /// weights (`Report::WeightsLoaded`), or stays as it was when they do not fit
    /// (`Report::WeightsFailed`). The worker parses no URL.
    LoadWeights { bytes: Vec<u8>, config: TrainConfig },
}

/// What a new run trains on, for the page: per data kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum RunData {
    /// `train` and `test` are the points in the plane after corruption and cleaning (what the
    /// plot shows); `clean` says what corruption injected and cleaning removed (and why);
    /// `pipeline` is the map from the plane to the network's inputs with the scaling
    /// statistics fitted on the training split (`pipeline.transform` gives the inputs, e.g.
    /// for histograms).
    Points { train: Vec<Sample>, test: Vec<Sample>, clean: CleanReport, pipeline: Pipeline },
    /// The gallery (the first `probe::GALLERY` test images, as bytes, with their labels; the
    /// views carry their predictions), the image shape, and the sizes of the splits.
    /// `samples`: the first training images before and after the per-image preparation.
    Images { channels: usize, height: usize, width: usize, classes: usize, train: usize, test: usize, relabelled: usize, gallery: Vec<GalleryImage>, samples: Vec<PrepSample> },
    /// A sequence set: its shape, classes (0 for regression), the sizes of the splits, and
    /// the first training examples (values `steps × features`, row-major by step; target).
    Sequences { steps: usize, features: usize, classes: usize, train: usize, test: usize, samples: Vec<(Vec<f32>, f32)> },
}

/// Training examples a new sequence run shows.
pub const SEQ_SAMPLES: usize = 6;

impl RunData {
    pub fn of(t: &Trainer) -> RunData {
        match &t.source {
            Source::Points(p) => RunData::Points { train: p.data.train.clone(), test: p.data.test.clone(), clean: p.report.clone(), pipeline: p.pipeline.clone() },
            Source::Images(d) => RunData::Images {
                channels: d.set.channels,
                height: d.set.height,
                width: d.set.width,
                classes: d.set.classes,
                train: d.set.train.len(),
                test: d.set.test.len(),
                relabelled: d.relabelled.len(),
                gallery: d.gallery(),
                samples: d.samples.clone(),
            },
            Source::Sequences(d) => RunData::Sequences {
                steps: d.set.steps,
                features: d.set.features,
                classes: match d.set.task {
                    crate::engine::Task::Multiclass { classes } => classes,
                    _ => 0,
                },
                train: d.set.train.len(),
                test: d.set.test.len(),
                samples: d.set.train.iter().take(SEQ_SAMPLES).map(|s| (s.values.clone(), s.target)).collect(),
            },
        }
    }
}

/// Why the loss surface could not be computed (the page words it in its language).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SurfaceProblem {
    /// There is no network yet.
    NoRun,
    /// PCA directions need at least 3 recorded snapshots: train a few epochs first.
    NeedTraining,
    /// The two chosen weights are the same, or not weights of this network.
    BadWeights,
    /// The weights have not moved (PCA) or the directions are zero (all weights zero).
    NoMovement,
    /// Anything else the engine refused, in its own (English) words.
    Engine { message: String },
}

/// One racer's path in an optimizer race: step 0 is the start. A diverging path ends at its
/// first non-finite point (`diverged`); `error` is the engine's message when the racer could
/// not run at all (e.g. an invalid hyperparameter), then `points` is empty.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RacePath {
    pub points: Vec<TrajectoryPoint>,
    pub diverged: bool,
    pub error: Option<Problem>,
}

/// Worker → page. Compact: epoch statistics, and grids of at most a few thousand numbers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Report {
    /// The worker has loaded and waits for a configuration.
    Ready,
    /// A new run (new data or new weights): the page clears its curves.
    Started { run: Run, parameters: usize, data: RunData },
    /// Run B was dropped (the comparison ended).
    Ended { run: Run },
    /// Epochs finished since the last report, and (when the page has acknowledged the last
    /// one) a new view.
    Progress { run: Run, running: bool, epochs: Vec<EpochStats>, view: Option<View> },
    /// A loss became NaN or infinite at this epoch; training is paused.
    Diverged { run: Run, epoch: usize },
    /// The engine refused run `run`'s configuration or failed; the page words the problem
    /// in its language.
    Failed { run: Run, problem: Problem },
    /// The size of the worker's wasm memory, in bytes (it only grows: a leak shows).
    Memory { bytes: u64 },
    /// Inside long work (at most once a second): how far the epoch under way has come.
    Working { work: crate::engine::heartbeat::Work },
    /// The worker's code panicked: its instance cannot go on. The page starts a new worker
    /// and sends it the settings again.
    Crashed { message: String },
    /// The worker trapped without a panic (an allocation failure, most likely): its next
    /// event found it broken. The page starts a new one, as after a crash.
    Stopped,
    /// The range test's progress, in steps.
    RangeProgress { done: usize, total: usize },
    /// The range test finished (or was cancelled: then `result` holds what was measured).
    RangeDone { result: RangeResult, cancelled: bool },
    /// The learning curve's progress, in epochs over all sizes, and the sizes finished so far
    /// (at most a few points), so the chart fills in.
    CurveProgress { done: usize, total: usize, points: Vec<CurvePoint> },
    /// The learning curve finished (or was cancelled: then `result` holds the sizes done).
    CurveDone { result: CurveResult, cancelled: bool },
    // Loss surface (issue 4)
    /// The surface's progress, in grid rows.
    SurfaceProgress { done: usize, total: usize },
    /// A finished surface (at most 81×81 f32 ≈ 26 KB plus the path: sent once per refresh),
    /// the network's parameter layout (to name weights) and `ms`, the milliseconds the worker
    /// spent computing it (grid and path heights, without the training chunks in between).
    SurfaceDone { surface: Surface, layout: ParamLayout, ms: f64 },
    /// The path so far projected onto the last finished surface's plane (it grows as training
    /// goes on between refreshes): (α, β) per kept snapshot, the current weights last, and
    /// each point's epoch. At most `surface::MAX_SNAPSHOTS` + 1 points.
    SurfacePath { path: Vec<(f32, f32)>, epochs: Vec<usize> },
    /// The surface was cancelled (after `CancelSurface`).
    SurfaceCancelled,
    SurfaceFailed { problem: SurfaceProblem },
    /// Training image `index` (first) and its augmented versions, as bytes (0–255 for
    /// [0, 1]); `of`: how many training images there are.
    AugmentPreview { index: usize, of: usize, images: Vec<Vec<u8>> },
    /// Racers computed so far in race `race`.
    RaceProgress { race: u32, done: usize, total: usize },
    /// Every racer's path, in the order of the request's racers.
    RaceDone { race: u32, paths: Vec<RacePath> },
    /// The lab's steps `from..from + steps.len()`, each with every number and its gradient
    /// check; or what stopped them.
    LabSteps { lab: u32, from: usize, steps: Vec<LabStep> },
    LabFailed { lab: u32, problem: Problem },
    /// A claim check's progress in epochs over all trials, and the figures so far.
    ClaimProgress { claim: u32, done: usize, total: usize, figures: Vec<Figure> },
    /// A claim check finished (every trial's figure) or was cancelled (the figures so far),
    /// or could not start.
    ClaimDone { claim: u32, figures: Vec<Figure>, cancelled: bool },
    ClaimFailed { claim: u32, problem: Problem },
    /// An architecture search's progress in epochs (its total grows with each growth
    /// round), and every network tried so far.
    ArchProgress { search: u32, done: usize, total: usize, result: SearchResult },
    /// Finished, or cancelled (what was found so far); or could not start.
    ArchDone { search: u32, result: SearchResult, cancelled: bool },
    ArchFailed { search: u32, problem: Problem },
    /// A comparison's progress in epochs over all runs, and each run's test accuracy per
    /// epoch from epoch 0 (NaN where there is none).
    TransferProgress { transfer: u32, done: usize, total: usize, curves: Vec<Vec<f32>> },
    TransferDone { transfer: u32, curves: Vec<Vec<f32>>, cancelled: bool },
    TransferFailed { transfer: u32, problem: Problem },
    /// Run A's weights file (`Command::SaveWeights`).
    Weights { bytes: Vec<u8> },
    /// The weights of a file were loaded into run A, built from `hash` (the file's settings;
    /// `None`: the file had none and the current settings were kept).
    WeightsLoaded { hash: Option<String> },
    WeightsFailed { problem: Problem },
}

/// One step of the back-propagation lab with the finite-difference estimate of each of its
/// gradients.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LabStep {
    pub step: Step,
    pub numeric: LabWeights,
}
