//! The worker's logic, independent of the web: commands in, timed chunks of training, reports
//! out. The wasm glue (`app::worker`) only schedules `tick` and posts the reports, so all of
//! this is tested natively.

use crate::engine::functions::{trajectory, TestFunction};
use crate::engine::claim::ClaimJob;
use crate::engine::transfer::{self, CompareJob};
use crate::engine::arch_search::ArchJob;
use crate::engine::learning_curve::LearningCurve;
use crate::engine::range_test::{RangeTest, STEPS as RANGE_STEPS};
use crate::engine::surface::{flatten, Directions, Plane, SurfaceJob, Trajectory};
use crate::engine::{EpochStats, OptimizerConfig, Problem, TrainConfig, Trainer};
use crate::engine::backprop::{LabConfig, Weights as LabWeights};
use crate::protocol::{Command, LabStep, RacePath, Report, Run, RunData, SurfaceProblem};

/// The size of this instance's linear memory (wasm32), or 0 natively.
pub fn memory_bytes() -> u64 {
    #[cfg(target_arch = "wasm32")]
    {
        core::arch::wasm32::memory_size(0) as u64 * 65536
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}

/// Resolution of the boundary heatmap and of the neuron thumbnails sent to the page.
pub const BOUNDARY_N: usize = 48;
pub const NEURON_N: usize = 14;

#[derive(Default)]
pub struct Host {
    /// Run A, and run B when the page compares two runs.
    runs: [Option<Trainer>; 2],
    running: bool,
    /// The page has not yet acknowledged the last view.
    awaiting_ack: bool,
    /// The weights changed since the last view was sent.
    view_dirty: bool,
    /// Background jobs (race, range test, learning curve), done one at a time in the order
    /// the page started them; at most one of each kind.
    queue: Vec<Box<dyn Job>>,
    surface: SurfaceState,
    /// Images: the gallery image whose feature maps the views carry.
    chosen: Option<usize>,
    /// Epochs per second while playing (`None`: as fast as it goes), and the pace's start:
    /// the clock then, and the rounds trained since.
    speed: Option<f64>,
    pace: Option<(f64, usize)>,
    /// Configurations that failed for want of a pretrained model's bytes, built again when
    /// they arrive (`Command::Model`).
    waiting: [Option<TrainConfig>; 2],
}

/// Work the worker does in chunks between ticks, a small step at a time, so that it can report
/// progress and be cancelled: the optimizer race, the range test, the learning curve and the
/// loss surface. [`run_chunk`] is the one time-budget loop over any of them.
trait Job {
    /// What the page starts and cancels (a new job replaces a queued one of its kind).
    fn kind(&self) -> JobKind;
    /// One small piece of work; `Ok(true)` while more remains.
    fn step(&mut self) -> Result<bool, Problem>;
    /// The report after a chunk that left work to do.
    fn progress(&self) -> Report;
    /// The reports once the work is done (`spent_ms`: the worker's time on it).
    fn done(&mut self, spent_ms: f64) -> Vec<Report>;
    /// The reports when the page cancels it.
    fn cancelled(&mut self) -> Vec<Report>;
    /// The report when a step fails.
    fn failed(&self, problem: Problem) -> Report {
        Report::Failed { run: Run::A, problem }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum JobKind {
    Race,
    Range,
    Curve,
    Surface,
    Claim,
    Arch,
    Transfer,
}

/// How a chunk of a job ended.
enum Chunk {
    More,
    Done,
    Failed(Problem),
}

/// Steps `job` until `budget_ms` has passed on `clock` (at least one step), adding the time
/// to `spent_ms`; how it ended, the reports (progress, or the job's last reports when it
/// finished or failed) and the clock at the end.
fn run_chunk(job: &mut dyn Job, clock: &mut dyn FnMut() -> f64, budget_ms: f64, spent_ms: &mut f64) -> (Chunk, Vec<Report>, f64) {
    let start = clock();
    let (outcome, now) = loop {
        let more = job.step();
        let now = clock();
        match more {
            Ok(true) if now - start < budget_ms => continue,
            Ok(true) => break (Chunk::More, now),
            Ok(false) => break (Chunk::Done, now),
            Err(p) => break (Chunk::Failed(p), now),
        }
    };
    *spent_ms += now - start;
    let reports = match &outcome {
        Chunk::More => vec![job.progress()],
        Chunk::Done => job.done(*spent_ms),
        Chunk::Failed(p) => vec![job.failed(p.clone())],
    };
    (outcome, reports, now)
}

/// The most steps a race may ask for per racer, and the most racers.
pub const RACE_MAX_STEPS: usize = 5000;
pub const RACE_MAX_RACERS: usize = 6;

/// An optimizer race being computed: one racer's whole path at a time (a path of a few
/// thousand steps takes milliseconds), so the worker yields between racers.
struct RaceJob {
    race: u32,
    function: TestFunction,
    start: (f64, f64),
    racers: Vec<OptimizerConfig>,
    steps: usize,
    paths: Vec<RacePath>,
}

impl Job for RaceJob {
    fn kind(&self) -> JobKind {
        JobKind::Race
    }

    /// Computes the next racer's path.
    fn step(&mut self) -> Result<bool, Problem> {
        let Some(cfg) = self.racers.get(self.paths.len()) else { return Ok(false) };
        let path = match trajectory(&self.function, cfg, self.start, self.steps) {
            Ok(points) => {
                let diverged = points.last().is_some_and(|p| !p.is_finite());
                RacePath { points, diverged, error: None }
            }
            Err(e) => RacePath { points: vec![], diverged: false, error: Some(e.problem()) },
        };
        self.paths.push(path);
        Ok(self.paths.len() < self.racers.len())
    }

    fn progress(&self) -> Report {
        Report::RaceProgress { race: self.race, done: self.paths.len(), total: self.racers.len() }
    }

    fn done(&mut self, _: f64) -> Vec<Report> {
        let paths = std::mem::take(&mut self.paths);
        let total = self.racers.len();
        vec![Report::RaceProgress { race: self.race, done: total, total }, Report::RaceDone { race: self.race, paths }]
    }

    fn cancelled(&mut self) -> Vec<Report> {
        vec![]
    }
}

impl Job for RangeTest {
    fn kind(&self) -> JobKind {
        JobKind::Range
    }

    fn step(&mut self) -> Result<bool, Problem> {
        RangeTest::step(self).map_err(|e| e.problem())
    }

    fn progress(&self) -> Report {
        let (done, total) = RangeTest::progress(self);
        Report::RangeProgress { done, total }
    }

    fn done(&mut self, _: f64) -> Vec<Report> {
        let total = RangeTest::progress(self).1;
        vec![Report::RangeProgress { done: total, total }, Report::RangeDone { result: self.result(), cancelled: false }]
    }

    fn cancelled(&mut self) -> Vec<Report> {
        vec![Report::RangeDone { result: self.result(), cancelled: true }]
    }
}

/// A lesson's claim check (`engine::claim`), tagged with the page's number for it.
struct ClaimRun {
    claim: u32,
    job: ClaimJob,
}

impl Job for ClaimRun {
    fn kind(&self) -> JobKind {
        JobKind::Claim
    }

    fn step(&mut self) -> Result<bool, Problem> {
        self.job.step().map_err(|e| e.problem())
    }

    fn progress(&self) -> Report {
        let (done, total) = self.job.progress();
        Report::ClaimProgress { claim: self.claim, done, total, figures: self.job.figures().to_vec() }
    }

    fn done(&mut self, _: f64) -> Vec<Report> {
        vec![self.progress(), Report::ClaimDone { claim: self.claim, figures: self.job.figures().to_vec(), cancelled: false }]
    }

    fn cancelled(&mut self) -> Vec<Report> {
        vec![Report::ClaimDone { claim: self.claim, figures: self.job.figures().to_vec(), cancelled: true }]
    }

    fn failed(&self, problem: Problem) -> Report {
        Report::ClaimFailed { claim: self.claim, problem }
    }
}

/// Runs side by side for the transfer lesson (`engine::transfer::CompareJob`).
struct TransferRun {
    transfer: u32,
    job: CompareJob,
}

impl TransferRun {
    fn curves(&self) -> Vec<Vec<f32>> {
        self.job.curves().iter().map(|c| c.iter().map(|s| s.test_acc.unwrap_or(f32::NAN)).collect()).collect()
    }
}

impl Job for TransferRun {
    fn kind(&self) -> JobKind {
        JobKind::Transfer
    }

    fn step(&mut self) -> Result<bool, Problem> {
        self.job.step().map_err(|e| e.problem())
    }

    fn progress(&self) -> Report {
        let (done, total) = self.job.progress();
        Report::TransferProgress { transfer: self.transfer, done, total, curves: self.curves() }
    }

    fn done(&mut self, _: f64) -> Vec<Report> {
        vec![Report::TransferDone { transfer: self.transfer, curves: self.curves(), cancelled: false }]
    }

    fn cancelled(&mut self) -> Vec<Report> {
        vec![Report::TransferDone { transfer: self.transfer, curves: self.curves(), cancelled: true }]
    }

    fn failed(&self, problem: Problem) -> Report {
        Report::TransferFailed { transfer: self.transfer, problem }
    }
}

/// An architecture search (growth or random) for the page.
struct ArchRun {
    search: u32,
    job: ArchJob,
}

impl Job for ArchRun {
    fn kind(&self) -> JobKind {
        JobKind::Arch
    }

    fn step(&mut self) -> Result<bool, Problem> {
        self.job.step().map_err(|e| e.problem())
    }

    fn progress(&self) -> Report {
        let (done, total) = self.job.progress();
        Report::ArchProgress { search: self.search, done, total, result: self.job.result().clone() }
    }

    fn done(&mut self, _: f64) -> Vec<Report> {
        vec![self.progress(), Report::ArchDone { search: self.search, result: self.job.result().clone(), cancelled: false }]
    }

    fn cancelled(&mut self) -> Vec<Report> {
        vec![Report::ArchDone { search: self.search, result: self.job.result().clone(), cancelled: true }]
    }

    fn failed(&self, problem: Problem) -> Report {
        Report::ArchFailed { search: self.search, problem }
    }
}

impl Job for LearningCurve {
    fn kind(&self) -> JobKind {
        JobKind::Curve
    }

    fn step(&mut self) -> Result<bool, Problem> {
        LearningCurve::step(self).map_err(|e| e.problem())
    }

    fn progress(&self) -> Report {
        let (done, total) = LearningCurve::progress(self);
        Report::CurveProgress { done, total, points: self.result().points }
    }

    fn done(&mut self, _: f64) -> Vec<Report> {
        let (done, total) = LearningCurve::progress(self);
        let result = self.result();
        vec![Report::CurveProgress { done, total, points: result.points.clone() }, Report::CurveDone { result, cancelled: false }]
    }

    fn cancelled(&mut self) -> Vec<Report> {
        vec![Report::CurveDone { result: self.result(), cancelled: true }]
    }
}

/// The surface job's reports; what finishing means for the page's plane and path is the
/// host's [`SurfaceState`].
impl Job for SurfaceJob {
    fn kind(&self) -> JobKind {
        JobKind::Surface
    }

    fn step(&mut self) -> Result<bool, Problem> {
        Ok(SurfaceJob::step(self, 1))
    }

    fn progress(&self) -> Report {
        let (done, total) = SurfaceJob::progress(self);
        Report::SurfaceProgress { done, total }
    }

    fn done(&mut self, spent_ms: f64) -> Vec<Report> {
        let (done, total) = SurfaceJob::progress(self);
        let (surface, layout) = (self.surface().clone(), self.layout().clone());
        vec![Report::SurfaceProgress { done, total }, Report::SurfaceDone { surface, layout, ms: spent_ms }]
    }

    fn cancelled(&mut self) -> Vec<Report> {
        vec![Report::SurfaceCancelled]
    }
}

// Loss surface (issue 4)
/// A live surface is recomputed once run A has trained this many epochs since the last one
/// started…
pub const LIVE_EPOCHS: usize = 5;
/// …and at least this many milliseconds after the last one finished (so training keeps most
/// of the worker: a 41×41 grid takes ~25 ms).
pub const LIVE_MS: f64 = 250.0;
/// While training runs, a surface job gets at most this share of each tick's budget.
pub const SURFACE_SHARE: f64 = 0.5;

/// The loss surface's side of the host: run A's trajectory (recorded after every build and
/// every epoch, cleared when run A is rebuilt), the job being computed, and what the page
/// shows (the plane of the last finished surface, onto which the growing path is projected).
#[derive(Default)]
struct SurfaceState {
    trajectory: Trajectory,
    job: Option<SurfaceJob>,
    /// Milliseconds spent on the current job so far.
    spent_ms: f64,
    /// The page's request: directions, grid size, live. `None` after a cancel.
    request: Option<(Directions, usize, bool)>,
    /// The plane of the surface the page shows (the last finished one).
    shown: Option<Plane>,
    /// Run A's epoch when the current (or last) job started.
    started_epoch: usize,
    /// The clock when the last job finished (or `None` if none did since the request).
    done_at: Option<f64>,
    /// The trajectory changed since the last `SurfacePath`.
    path_dirty: bool,
    /// The last problem reported, so a live surface does not repeat it.
    last_problem: Option<SurfaceProblem>,
}

impl Host {
    pub fn new() -> Host {
        Host::default()
    }

    /// True while the glue should keep calling `tick`.
    pub fn running(&self) -> bool {
        (self.running && self.runs[0].is_some()) || !self.queue.is_empty() || self.surface.job.is_some()
    }

    pub fn handle(&mut self, cmd: Command) -> Vec<Report> {
        match cmd {
            Command::Configure { config, config_b } => {
                let mut reports = self.configure(Run::A, Some(config));
                reports.extend(self.configure(Run::B, config_b));
                reports
            }
            Command::Reset => {
                self.running = false;
                let configs = self.runs.each_ref().map(|r| r.as_ref().map(|t| t.config().clone()));
                let [a, b] = configs;
                let mut reports = a.map(|c| self.build(Run::A, c)).unwrap_or_default();
                reports.extend(b.map(|c| self.build(Run::B, c)).unwrap_or_default());
                reports
            }
            Command::Play => {
                self.running = self.runs[0].is_some();
                self.pace = None;
                vec![]
            }
            // The worker glue panics on it before it gets here.
            Command::Crash | Command::Abort | Command::Hang => vec![],
            Command::Memory => vec![Report::Memory { bytes: memory_bytes() }],
            Command::Speed { per_second } => {
                self.speed = per_second.filter(|s| s.is_finite() && *s > 0.0);
                self.pace = None;
                vec![]
            }
            Command::Pause => {
                self.running = false;
                self.view_dirty = true;
                self.flush_view(vec![])
            }
            Command::Step => {
                self.running = false;
                let mut out = self.train_for(&mut || 0.0, 0.0, Some(1));
                out.extend(self.surface_live(f64::INFINITY));
                out
            }
            Command::ChooseImage { index } => {
                self.chosen = index;
                self.view_dirty = true;
                self.flush_view(vec![])
            }
            Command::Lab { lab, from, count, cfg, weights, batch } => {
                vec![match lab_steps(&cfg, weights, &batch, count.min(LAB_MAX_COUNT)) {
                    Ok(steps) => Report::LabSteps { lab, from, steps },
                    Err(problem) => Report::LabFailed { lab, problem },
                }]
            }
            Command::PreviewAugment { index, augment } => match &self.runs[0] {
                Some(t) => match &t.source {
                    crate::engine::Source::Images(d) => {
                        let index = index.min(d.set.train.len().saturating_sub(1));
                        let seed = t.config().data.seed;
                        d.augment_preview(&augment, seed, index, crate::engine::probe::PREVIEW)
                            .map(|images| vec![Report::AugmentPreview { index, of: d.set.train.len(), images }])
                            .unwrap_or_default()
                    }
                    _ => vec![],
                },
                None => vec![],
            },
            Command::RequestView => {
                self.awaiting_ack = false;
                self.view_dirty = true;
                self.flush_view(vec![])
            }
            Command::Ack => {
                self.awaiting_ack = false;
                if self.running { vec![] } else { self.flush_view(vec![]) }
            }
            Command::StartRangeTest => match &self.runs[0] {
                Some(t) => match RangeTest::new(t.config().clone(), RANGE_STEPS) {
                    Ok(r) => self.enqueue(Box::new(r)),
                    Err(e) => vec![Report::Failed { run: Run::A, problem: e.problem() }],
                },
                None => vec![],
            },
            Command::CancelRangeTest => self.cancel(JobKind::Range),
            Command::StartLearningCurve { sizes, epochs } => match &self.runs[0] {
                Some(t) => match LearningCurve::new(t.config().clone(), &sizes, epochs) {
                    Ok(c) => self.enqueue(Box::new(c)),
                    Err(e) => vec![Report::Failed { run: Run::A, problem: e.problem() }],
                },
                None => vec![],
            },
            Command::CancelLearningCurve => self.cancel(JobKind::Curve),
            Command::StartSurface { directions, n, live } => {
                self.surface.request = Some((directions, n, live));
                self.surface.last_problem = None;
                self.surface.done_at = None;
                self.start_surface(true)
            }
            Command::CancelSurface => {
                self.surface.request = None;
                match self.surface.job.take() {
                    Some(mut job) => job.cancelled(),
                    None => vec![Report::SurfaceCancelled],
                }
            }
            Command::StartRace { race, function, start, racers, steps } => {
                self.queue.retain(|j| j.kind() != JobKind::Race);
                let refuse = |problem: Problem| vec![Report::Failed { run: Run::A, problem }];
                if let Err(e) = function.check() {
                    return refuse(e.problem());
                }
                if racers.len() > RACE_MAX_RACERS {
                    return refuse(Problem::RaceRacers { have: racers.len(), max: RACE_MAX_RACERS });
                }
                if steps > RACE_MAX_STEPS {
                    return refuse(Problem::RaceSteps { have: steps, max: RACE_MAX_STEPS });
                }
                let total = racers.len();
                if total == 0 {
                    return vec![Report::RaceDone { race, paths: vec![] }];
                }
                self.enqueue(Box::new(RaceJob { race, function, start, racers, steps, paths: vec![] }))
            }
            Command::CancelRace => self.cancel(JobKind::Race),
            Command::StartClaim { claim, trials, measure } => match ClaimJob::new(trials, measure) {
                Ok(job) => self.enqueue(Box::new(ClaimRun { claim, job })),
                Err(e) => vec![Report::ClaimFailed { claim, problem: e.problem() }],
            },
            Command::CancelClaim => self.cancel(JobKind::Claim),
            Command::StartArch { search, config, strategy, budget } => match ArchJob::new(config, strategy, budget) {
                Ok(job) => self.enqueue(Box::new(ArchRun { search, job })),
                Err(e) => vec![Report::ArchFailed { search, problem: e.problem() }],
            },
            Command::CancelArch => self.cancel(JobKind::Arch),
            Command::Model { model, bytes } => {
                transfer::provide(model, bytes);
                let mut reports = Vec::new();
                for run in [Run::A, Run::B] {
                    if let Some(config) = self.waiting[run as usize].take() {
                        reports.extend(self.build(run, config));
                    }
                }
                reports
            }
            Command::StartTransfer { transfer, runs, epochs } => match CompareJob::new(runs, epochs) {
                Ok(job) => self.enqueue(Box::new(TransferRun { transfer, job })),
                Err(e) => vec![Report::TransferFailed { transfer, problem: e.problem() }],
            },
            Command::CancelTransfer => self.cancel(JobKind::Transfer),
            Command::SaveWeights { hash } => match &self.runs[0] {
                Some(t) => match transfer::write(t.model(), &hash) {
                    Ok(bytes) => vec![Report::Weights { bytes }],
                    Err(e) => vec![Report::WeightsFailed { problem: e.problem() }],
                },
                None => vec![],
            },
            Command::LoadWeights { bytes, config } => self.load_weights(&bytes, config),
        }
    }

    /// Builds run A from a weights file's settings (or the current ones) with its weights;
    /// leaves run A as it was when the file does not fit.
    fn load_weights(&mut self, bytes: &[u8], mut config: TrainConfig) -> Vec<Report> {
        let loaded = (|| -> crate::engine::Result<(Trainer, Option<String>)> {
            let (map, hash) = transfer::read(bytes)?;
            // The file's weights replace a pretrained model's: it need not be at hand.
            let transfer = std::mem::take(&mut config.transfer);
            let mut t = Trainer::new(TrainConfig { transfer: crate::engine::transfer::Transfer { pretrained: None, ..transfer.clone() }, ..config })?;
            crate::engine::weights::import(t.model(), &map)?;
            t.adopt_transfer(transfer)?;
            Ok((t, hash))
        })();
        match loaded {
            Ok((t, hash)) => {
                let mut reports = self.install(Run::A, t);
                reports.push(Report::WeightsLoaded { hash });
                reports
            }
            Err(e) => vec![Report::WeightsFailed { problem: e.problem() }],
        }
    }

    /// Queues a background job in place of one of its kind (which ends silently); its first
    /// progress report.
    fn enqueue(&mut self, job: Box<dyn Job>) -> Vec<Report> {
        let report = job.progress();
        match self.queue.iter_mut().find(|j| j.kind() == job.kind()) {
            Some(slot) => *slot = job,
            None => self.queue.push(job),
        }
        vec![report]
    }

    /// Cancels the queued job of this kind, if any.
    fn cancel(&mut self, kind: JobKind) -> Vec<Report> {
        match self.queue.iter().position(|j| j.kind() == kind) {
            Some(i) => self.queue.remove(i).cancelled(),
            None => vec![],
        }
    }

    /// Starts a surface job for the current request (dropping one in progress). `asked`: the
    /// page asked for it now, so every problem is reported; a live restart reports a problem
    /// only once, and waits quietly for PCA's snapshots.
    fn start_surface(&mut self, asked: bool) -> Vec<Report> {
        let s = &mut self.surface;
        s.job = None;
        let Some((directions, n, _)) = s.request else { return vec![] };
        let problem = match &self.runs[0] {
            None => Some(SurfaceProblem::NoRun),
            Some(_) if directions == Directions::Pca && s.trajectory.len() < 3 => {
                if !asked {
                    return vec![];
                }
                Some(SurfaceProblem::NeedTraining)
            }
            Some(t) => {
                s.started_epoch = t.epoch();
                match SurfaceJob::for_trainer(t, &s.trajectory, directions, n) {
                    Ok(job) => {
                        let (done, total) = job.progress();
                        s.job = Some(job);
                        s.spent_ms = 0.0;
                        return vec![Report::SurfaceProgress { done, total }];
                    }
                    Err(e) => {
                        let message = e.to_string();
                        Some(if matches!(directions, Directions::Weights { .. }) && message.contains("two different parameters") {
                            SurfaceProblem::BadWeights
                        } else if message.contains("did not move") || message.contains("zero or parallel") {
                            SurfaceProblem::NoMovement
                        } else {
                            SurfaceProblem::Engine { message }
                        })
                    }
                }
            }
        };
        match problem {
            Some(p) if asked || s.last_problem.as_ref() != Some(&p) => {
                s.last_problem = Some(p.clone());
                vec![Report::SurfaceFailed { problem: p }]
            }
            _ => vec![],
        }
    }

    /// Surface rows until `budget_ms` has passed (at least one row); progress, or the finished
    /// surface.
    fn surface_for(&mut self, clock: &mut dyn FnMut() -> f64, budget_ms: f64) -> Vec<Report> {
        let s = &mut self.surface;
        let Some(job) = &mut s.job else { return vec![] };
        let (chunk, reports, now) = run_chunk(job, clock, budget_ms, &mut s.spent_ms);
        if let Chunk::Done = chunk {
            s.shown = Some(job.plane().clone());
            s.job = None;
            s.done_at = Some(now);
            s.path_dirty = true;
            s.last_problem = None;
        }
        reports
    }

    /// A live surface whose run has moved on: start the next one.
    fn surface_live(&mut self, now: f64) -> Vec<Report> {
        let s = &self.surface;
        let (Some((_, _, true)), None, Some(t)) = (s.request, &s.job, &self.runs[0]) else { return vec![] };
        let moved = t.epoch() >= s.started_epoch + LIVE_EPOCHS;
        let rested = s.done_at.is_none_or(|d| now - d >= LIVE_MS);
        if moved && rested { self.start_surface(false) } else { vec![] }
    }

    /// Run A's path projected onto the shown surface's plane, if it changed.
    fn surface_path(&mut self) -> Option<Report> {
        let s = &mut self.surface;
        let (Some(plane), Some(t), true) = (&s.shown, &self.runs[0], s.path_dirty) else { return None };
        let theta = flatten(t.model()).ok()?;
        if theta.len() != plane.origin.len() {
            return None;
        }
        s.path_dirty = false;
        let mut path: Vec<(f32, f32)> = s.trajectory.snapshots.iter().chain(std::iter::once(&theta)).map(|p| {
            let (a, b) = plane.project(p);
            (a as f32, b as f32)
        }).collect();
        path.iter_mut().for_each(|p| if !(p.0.is_finite() && p.1.is_finite()) { *p = (f32::NAN, f32::NAN) });
        let mut epochs = s.trajectory.epochs.clone();
        epochs.push(t.epoch());
        Some(Report::SurfacePath { path, epochs })
    }

    /// Records run A's weights in the trajectory (thinned as it fills).
    fn record_a(&mut self) {
        if let Some(t) = &self.runs[0] {
            let _ = self.surface.trajectory.record_with(t.epoch(), || flatten(t.model()));
            self.surface.path_dirty = true;
        }
    }

    /// Trains whole epochs until `budget_ms` has passed on `clock` (at least one epoch), then
    /// reports the new epochs and, if the page is ready for it, a new view.
    pub fn tick(&mut self, clock: &mut dyn FnMut() -> f64, budget_ms: f64) -> Vec<Report> {
        if let Some(job) = self.queue.first_mut() {
            let (chunk, reports, _) = run_chunk(job.as_mut(), clock, budget_ms, &mut 0.0);
            if !matches!(chunk, Chunk::More) {
                self.queue.remove(0);
            }
            return reports;
        }
        if !self.running() {
            return vec![];
        }
        let training = self.running && self.runs[0].is_some();
        let mut out = Vec::new();
        if self.surface.job.is_some() {
            out.extend(self.surface_for(clock, if training { budget_ms * SURFACE_SHARE } else { budget_ms }));
        }
        if training {
            let budget = if self.surface.job.is_some() { budget_ms * (1.0 - SURFACE_SHARE) } else { budget_ms };
            match self.due(clock()) {
                Some(0) => {}
                due => {
                    let before = self.runs[0].as_ref().map_or(0, Trainer::epoch);
                    out.extend(self.train_for(clock, budget, due));
                    let trained = self.runs[0].as_ref().map_or(0, Trainer::epoch) - before;
                    if let Some((start, done)) = &mut self.pace {
                        *done += trained;
                        // Behind the pace by more than an epoch (slow epochs): start a new
                        // pace rather than catching up in a burst.
                        if due.is_some_and(|d| d > trained + 1) {
                            *start = clock();
                            *done = 0;
                        }
                    }
                }
            }
            let now = clock();
            out.extend(self.surface_live(now));
        }
        out
    }

    /// New settings for one run: applied in place when they may change mid-run, else the run
    /// is rebuilt. `None` for run B ends the comparison.
    fn configure(&mut self, run: Run, config: Option<TrainConfig>) -> Vec<Report> {
        match (config, &mut self.runs[run as usize]) {
            (None, slot) => {
                let was = slot.take().is_some();
                if was { vec![Report::Ended { run }] } else { vec![] }
            }
            (Some(config), Some(t)) if !t.config().needs_rebuild(&config) => {
                t.update_live(&config);
                vec![]
            }
            (Some(config), _) => self.build(run, config),
        }
    }

    fn build(&mut self, run: Run, config: TrainConfig) -> Vec<Report> {
        self.runs[run as usize] = None;
        self.waiting[run as usize] = None;
        match Trainer::new(config.clone()) {
            Ok(t) => self.install(run, t),
            Err(e) => {
                if run == Run::A {
                    self.running = false;
                }
                if matches!(e.problem(), Problem::PretrainedMissing { .. }) {
                    self.waiting[run as usize] = Some(config);
                }
                vec![Report::Failed { run, problem: e.problem() }]
            }
        }
    }

    /// Makes `t` run `run` from its epoch 0: the page gets its data and first epoch.
    fn install(&mut self, run: Run, t: Trainer) -> Vec<Report> {
        match t.evaluate().map(|s| (t, s)) {
            Ok((t, stats)) => {
                let started = Report::Started { run, parameters: t.model().parameter_count(), data: RunData::of(&t) };
                self.runs[run as usize] = Some(t);
                if run == Run::A {
                    // A new network (or Reset): a new path; the old plane means nothing now.
                    let s = &mut self.surface;
                    s.trajectory.clear();
                    s.job = None;
                    s.shown = None;
                    s.done_at = None;
                    s.started_epoch = 0;
                    self.record_a();
                }
                self.view_dirty = true;
                self.awaiting_ack = false;
                self.flush_view(vec![started, Report::Progress { run, running: self.running, epochs: vec![stats], view: None }])
            }
            Err(e) => {
                if run == Run::A {
                    self.running = false;
                }
                vec![Report::Failed { run, problem: e.problem() }]
            }
        }
    }

    /// With a speed: the rounds (one epoch of each run) due by `now` and not yet trained
    /// (the first at once). `None`: no pace, train for the whole budget.
    fn due(&mut self, now: f64) -> Option<usize> {
        let speed = self.speed?;
        let (start, done) = *self.pace.get_or_insert((now, 0));
        let due = ((now - start) / 1000.0 * speed).floor() as usize + 1;
        Some(due.saturating_sub(done))
    }

    /// How long the glue should wait before the next tick: the milliseconds until the next
    /// round is due when training at a speed has nothing due now and nothing else runs.
    pub fn wait_ms(&self, now: f64) -> Option<f64> {
        let (Some(speed), Some((start, done))) = (self.speed, self.pace) else { return None };
        if !self.running || !self.queue.is_empty() || self.surface.job.is_some() {
            return None;
        }
        let next = start + done as f64 * 1000.0 / speed;
        (next > now).then_some(next - now)
    }

    /// Trains every run, one epoch each in turn, until the budget is spent or `rounds`
    /// rounds are done.
    fn train_for(&mut self, clock: &mut dyn FnMut() -> f64, budget_ms: f64, rounds: Option<usize>) -> Vec<Report> {
        if self.runs[0].is_none() {
            return vec![];
        }
        let start = clock();
        let mut epochs: [Vec<EpochStats>; 2] = Default::default();
        let mut reports = Vec::new();
        let mut round = 0;
        'outer: loop {
            for run in [Run::A, Run::B] {
                let Some(t) = &mut self.runs[run as usize] else { continue };
                match t.train_epoch() {
                    Ok(s) => {
                        if run == Run::A {
                            let _ = self.surface.trajectory.record_with(t.epoch(), || flatten(t.model()));
                            self.surface.path_dirty = true;
                        }
                        epochs[run as usize].push(s);
                        if !s.is_finite() {
                            self.running = false;
                            reports.push(Report::Diverged { run, epoch: s.epoch });
                            break 'outer;
                        }
                    }
                    Err(e) => {
                        self.running = false;
                        reports.push(Report::Failed { run, problem: e.problem() });
                        break 'outer;
                    }
                }
            }
            round += 1;
            if clock() - start >= budget_ms || rounds.is_some_and(|r| round >= r) {
                break;
            }
        }
        self.view_dirty = true;
        let [ea, eb] = epochs;
        let mut out = vec![Report::Progress { run: Run::A, running: self.running, epochs: ea, view: None }];
        if self.runs[1].is_some() {
            out.push(Report::Progress { run: Run::B, running: self.running, epochs: eb, view: None });
        }
        out.extend(reports);
        self.flush_view(out)
    }

    /// Attaches a fresh view to each run's Progress report (adding one if needed) when the
    /// weights changed and the page has drawn the previous views.
    fn flush_view(&mut self, mut reports: Vec<Report>) -> Vec<Report> {
        if !self.view_dirty || self.awaiting_ack || self.runs[0].is_none() {
            return reports;
        }
        for run in [Run::A, Run::B] {
            let Some(t) = &mut self.runs[run as usize] else { continue };
            match t.view(BOUNDARY_N, NEURON_N, self.chosen) {
                Ok(v) => {
                    let slot = reports.iter_mut().find_map(|r| match r {
                        Report::Progress { run: r, view, .. } if *r == run => Some(view),
                        _ => None,
                    });
                    match slot {
                        Some(view) => *view = Some(v),
                        None => reports.push(Report::Progress { run, running: self.running, epochs: vec![], view: Some(v) }),
                    }
                }
                Err(e) => reports.push(Report::Failed { run, problem: e.problem() }),
            }
        }
        self.view_dirty = false;
        self.awaiting_ack = true;
        // The path grows with the views (so it is flow-controlled with them).
        reports.extend(self.surface_path());
        reports
    }
}

/// The gradient check's step h in (L(w + h) − L(w − h)) / 2h.
pub const LAB_H: f64 = 1e-5;
/// The most lab steps one command asks for.
pub const LAB_MAX_COUNT: usize = 100;

/// The lab's steps (the worker's side of `Command::Lab`): each from the last one's updated
/// weights, with the finite-difference estimate of every gradient.
pub fn lab_steps(cfg: &LabConfig, mut weights: LabWeights, batch: &[(Vec<f64>, Vec<f64>)], count: usize) -> Result<Vec<LabStep>, Problem> {
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        let step = crate::engine::backprop::step(cfg, &weights, batch)?;
        let numeric = crate::engine::backprop::numeric_grads(cfg, &weights, batch, LAB_H);
        weights = step.updated.clone();
        out.push(LabStep { step, numeric });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;
    use crate::engine::surface::Directions;

    fn config() -> TrainConfig {
        Settings::from_hash("dataset=circle&seed=1").0.train_config()
    }

    fn epochs(reports: &[Report]) -> Vec<usize> {
        reports
            .iter()
            .flat_map(|r| match r {
                Report::Progress { epochs, .. } => epochs.iter().map(|s| s.epoch).collect(),
                _ => vec![],
            })
            .collect()
    }

    fn views(reports: &[Report]) -> usize {
        reports.iter().filter(|r| matches!(r, Report::Progress { view: Some(_), .. })).count()
    }

    #[test]
    fn configure_starts_a_run_at_epoch_zero_with_a_view() {
        let mut h = Host::new();
        let r = h.handle(Command::Configure { config: config(), config_b: None });
        assert!(matches!(&r[0], Report::Started { run: Run::A, parameters: 25, data: RunData::Points { train, test, .. } } if train.len() == 250 && test.len() == 250));
        assert_eq!(epochs(&r), vec![0]);
        assert_eq!(views(&r), 1);
        assert!(!h.running());
    }

    /// The augmentation preview: run A's training image and its versions with the asked
    /// augmentation; turning augmentation on does not rebuild the run (it is live); points
    /// get no preview.
    #[test]
    fn augmentation_preview_follows_the_settings_without_a_rebuild() {
        let mut h = Host::new();
        let hash = "dataset=digits&points=40&layers=d8";
        let none = crate::engine::augment::Augment::default();
        assert!(h.handle(Command::PreviewAugment { index: 0, augment: none }).is_empty(), "no run yet");
        h.handle(Command::Configure { config: Settings::from_hash(hash).0.train_config(), config_b: None });
        let preview = |h: &mut Host, index, augment| match h.handle(Command::PreviewAugment { index, augment }).as_slice() {
            [Report::AugmentPreview { index, of, images }] => (*index, *of, images.clone()),
            r => panic!("{r:?}"),
        };
        let (i, of, plain) = preview(&mut h, 2, none);
        assert_eq!((i, of, plain.len()), (2, 20, 1 + crate::engine::probe::PREVIEW));
        assert!(plain.iter().all(|v| v == &plain[0]), "nothing on: the image itself");
        let turn = Settings::from_hash(&format!("{hash}&aug_rotate=30")).0.train_config();
        let r = h.handle(Command::Configure { config: turn.clone(), config_b: None });
        assert!(r.is_empty(), "augmentation changes in place: {r:?}");
        let (_, _, turned) = preview(&mut h, 2, turn.augment);
        assert_eq!(turned[0], plain[0]);
        assert!(turned[1..].iter().all(|v| v != &plain[0]));
        assert_eq!(preview(&mut h, 500, none).0, 19, "an index past the end shows the last image");
        h.handle(Command::Configure { config: config(), config_b: None });
        assert!(h.handle(Command::PreviewAugment { index: 0, augment: turn.augment }).is_empty(), "points: no preview");
    }

    /// The lab's steps come from the worker, each from the last one's new weights, with a
    /// gradient check that agrees; a network the lab cannot hold is a typed refusal.
    #[test]
    fn the_lab_steps_in_the_worker() {
        let mut h = Host::new();
        let lab = Settings::from_hash("lab=1&lab_loss=mse_half&lab_update_bias=0&lab_w=0.15,0.2,0.25,0.3,0.35,0.35,0.4,0.45,0.5,0.55,0.6,0.6").0.lab_setup().unwrap();
        let ask = |h: &mut Host, cfg: LabConfig, count| h.handle(Command::Lab { lab: 3, from: 0, count, cfg, weights: lab.weights.clone(), batch: lab.batch.clone() });
        match ask(&mut h, lab.cfg.clone(), 2).as_slice() {
            [Report::LabSteps { lab: 3, from: 0, steps }] => {
                assert_eq!(steps.len(), 2);
                assert!((steps[0].step.loss - 0.298371109).abs() < 1e-8, "Mazur's E_total");
                assert_eq!(steps[1].step.examples[0].forward, crate::engine::backprop::forward(&lab.cfg, &steps[0].step.updated, &lab.batch[0].0));
                assert!(steps[1].step.loss < steps[0].step.loss);
                let (g, n) = (&steps[0].step.grads.layers[0].w[0][0], &steps[0].numeric.layers[0].w[0][0]);
                assert!((g - n).abs() < 1e-9, "{g} vs {n}");
            }
            r => panic!("{r:?}"),
        }
        let bad = LabConfig { hidden: vec![9], ..lab.cfg.clone() };
        assert!(matches!(ask(&mut h, bad, 1).as_slice(), [Report::LabFailed { lab: 3, problem: Problem::LabSize { .. } }]));
    }

    #[test]
    fn tick_trains_for_its_budget_and_waits_for_acks() {
        let mut h = Host::new();
        h.handle(Command::Configure { config: config(), config_b: None });
        h.handle(Command::Play);
        // A fake clock that advances 1 ms per call: a 5 ms budget trains 5 epochs.
        let mut now = 0.0;
        let mut clock = || {
            now += 1.0;
            now
        };
        let r = h.tick(&mut clock, 5.0);
        assert_eq!(epochs(&r), vec![1, 2, 3, 4, 5]);
        assert_eq!(views(&r), 0, "the first view is not acknowledged yet");
        h.handle(Command::Ack);
        let r = h.tick(&mut clock, 1.0);
        assert_eq!(views(&r), 1);
        let r = h.tick(&mut clock, 1.0);
        assert_eq!(views(&r), 0, "never floods the page");
        h.handle(Command::Pause);
        assert!(h.tick(&mut clock, 1.0).is_empty(), "paused: no training");
    }

    #[test]
    fn step_reset_and_live_learning_rate() {
        let mut h = Host::new();
        h.handle(Command::Configure { config: config(), config_b: None });
        h.handle(Command::Ack);
        let r = h.handle(Command::Step);
        assert_eq!(epochs(&r), vec![1]);
        let r = h.handle(Command::Step);
        assert_eq!(epochs(&r), vec![2]);
        let mut c = config();
        c.optimizer.lr = 0.3;
        assert!(h.handle(Command::Configure { config: c.clone(), config_b: None }).is_empty(), "lr changes in place");
        assert_eq!(epochs(&h.handle(Command::Step)), vec![3]);
        let r = h.handle(Command::Reset);
        assert!(matches!(r[0], Report::Started { .. }));
        assert_eq!(epochs(&r), vec![0]);
        c.model.layers = crate::engine::Arch::dense(&[3]);
        let r = h.handle(Command::Configure { config: c, config_b: None });
        assert!(matches!(&r[0], Report::Started { parameters: 13, .. }));
    }

    #[test]
    fn divergence_pauses_and_says_so() {
        let mut c = Settings::from_hash("dataset=spiral&act=linear&lr=10&batch=1").0.train_config();
        c.optimizer.lr = 1e6;
        let mut h = Host::new();
        h.handle(Command::Configure { config: c, config_b: None });
        h.handle(Command::Play);
        let mut clock = || 0.0;
        let mut seen = false;
        for _ in 0..50 {
            let r = h.tick(&mut clock, 1.0);
            if r.iter().any(|r| matches!(r, Report::Diverged { .. })) {
                seen = true;
                break;
            }
        }
        assert!(seen);
        assert!(!h.running());
    }

    #[test]
    fn range_test_runs_in_chunks_reports_progress_and_can_be_cancelled() {
        let mut h = Host::new();
        h.handle(Command::Configure { config: config(), config_b: None });
        let r = h.handle(Command::StartRangeTest);
        assert_eq!(r, vec![Report::RangeProgress { done: 0, total: RANGE_STEPS }]);
        assert!(h.running(), "the glue keeps ticking while the test runs");
        let mut now = 0.0;
        let mut clock = || {
            now += 1.0;
            now
        };
        let r = h.tick(&mut clock, 10.0);
        assert!(matches!(r[..], [Report::RangeProgress { done: 10, .. }]), "{r:?}");
        let mut result = None;
        for _ in 0..RANGE_STEPS {
            for rep in h.tick(&mut clock, 10.0) {
                if let Report::RangeDone { result: res, cancelled } = rep {
                    assert!(!cancelled);
                    result = Some(res);
                }
            }
        }
        let result = result.expect("finished");
        assert!(result.points.len() > 10 && result.steepest.is_some());
        assert!(!h.running());
        // Cancel mid-way.
        h.handle(Command::StartRangeTest);
        h.tick(&mut clock, 5.0);
        let r = h.handle(Command::CancelRangeTest);
        assert!(matches!(&r[..], [Report::RangeDone { cancelled: true, result }] if result.points.len() == 5));
        assert!(!h.running());
    }

    /// At a speed, training keeps the pace (one round as soon as Play is pressed, then one
    /// every 1/speed seconds), each epoch with its own view when the page acknowledges, and
    /// the glue is told how long to wait instead of spinning.
    #[test]
    fn a_speed_paces_the_epochs_and_every_epoch_gets_a_view() {
        let mut h = Host::new();
        h.handle(Command::Configure { config: config(), config_b: None });
        h.handle(Command::Ack); // the page drew the first view
        h.handle(Command::Speed { per_second: Some(10.0) });
        h.handle(Command::Play);
        let now = std::cell::Cell::new(0.0);
        let mut clock = || {
            now.set(now.get() + 1.0);
            now.get()
        };
        let (mut trained, mut viewed, mut waits) = (vec![], 0, 0);
        while now.get() < 1000.0 {
            let r = h.tick(&mut clock, 20.0);
            trained.extend(epochs(&r));
            viewed += views(&r);
            h.handle(Command::Ack);
            if let Some(ms) = h.wait_ms(now.get()) {
                assert!(ms > 0.0 && ms <= 100.0, "{ms}");
                waits += 1;
                now.set(now.get() + ms);
            }
        }
        // Due at 0, 100, …, 900 ms (and the 1000 ms round may just have been reached).
        assert!((10..=11).contains(&trained.len()), "{trained:?}");
        assert_eq!(trained, (1..=trained.len()).collect::<Vec<_>>(), "one epoch at a time, in order");
        assert!(viewed >= trained.len(), "every epoch drawn: {viewed} views for {} epochs", trained.len());
        assert!(waits >= 9, "the glue waits between epochs ({waits})");
        // Fastest again: no waiting, many epochs in one tick.
        h.handle(Command::Speed { per_second: None });
        assert_eq!(h.wait_ms(now.get()), None);
        let r = h.tick(&mut clock, 20.0);
        assert!(epochs(&r).len() > 1, "{:?}", epochs(&r));
    }

    #[test]
    fn background_jobs_run_one_at_a_time_in_the_order_started() {
        let mut h = Host::new();
        h.handle(Command::Configure { config: config(), config_b: None });
        h.handle(Command::StartRangeTest);
        h.handle(Command::StartLearningCurve { sizes: vec![25, 50], epochs: 2 });
        let mut now = 0.0;
        let mut clock = || {
            now += 1.0;
            now
        };
        // The range test first (started first), with nothing of the curve's in between.
        let r = h.tick(&mut clock, 3.0);
        assert!(matches!(r[..], [Report::RangeProgress { done: 3, .. }]), "{r:?}");
        // Restarting the range test replaces it in its place; cancelling it hands the worker
        // to the curve.
        h.handle(Command::StartRangeTest);
        let r = h.tick(&mut clock, 2.0);
        assert!(matches!(r[..], [Report::RangeProgress { done: 2, .. }]), "{r:?}");
        assert!(matches!(h.handle(Command::CancelRangeTest)[..], [Report::RangeDone { cancelled: true, .. }]));
        let r = h.tick(&mut clock, 1.0);
        assert!(matches!(r[..], [Report::CurveProgress { .. }]), "{r:?}");
        assert!(h.handle(Command::CancelRangeTest).is_empty(), "nothing left to cancel");
        assert!(matches!(h.handle(Command::CancelLearningCurve)[..], [Report::CurveDone { cancelled: true, .. }]));
        assert!(!h.running());
    }

    #[test]
    fn two_runs_train_side_by_side_from_the_same_start() {
        let a = config();
        let mut b = a.clone();
        b.optimizer.lr = 0.3; // only the rate differs: same data, same initial weights
        let mut h = Host::new();
        let r = h.handle(Command::Configure { config: a.clone(), config_b: Some(b.clone()) });
        let started: Vec<_> = r.iter().filter_map(|r| match r { Report::Started { run, data, .. } => Some((*run, data.clone())), _ => None }).collect();
        assert_eq!(started.len(), 2);
        assert_eq!(started[0].1, started[1].1, "same data");
        let first: Vec<_> = r.iter().filter_map(|r| match r { Report::Progress { run, epochs, .. } if !epochs.is_empty() => Some((*run, epochs[0])), _ => None }).collect();
        assert_eq!(first[0].1.train_loss, first[1].1.train_loss, "same initial weights");
        h.handle(Command::Ack);
        let r = h.handle(Command::Step);
        let runs: Vec<_> = r.iter().filter_map(|r| match r { Report::Progress { run, epochs, view, .. } => Some((*run, epochs.len(), view.is_some())), _ => None }).collect();
        assert_eq!(runs, vec![(Run::A, 1, true), (Run::B, 1, true)]);
        let losses: Vec<f32> = r.iter().filter_map(|r| match r { Report::Progress { epochs, .. } => Some(epochs[0].train_loss), _ => None }).collect();
        assert_ne!(losses[0], losses[1], "different rates, different runs");
        // Ending the comparison drops run B.
        let r = h.handle(Command::Configure { config: a, config_b: None });
        assert_eq!(r, vec![Report::Ended { run: Run::B }]);
        h.handle(Command::Ack);
        let r = h.handle(Command::Step);
        assert!(r.iter().all(|r| !matches!(r, Report::Progress { run: Run::B, .. })));
    }

    #[test]
    fn learning_curve_runs_in_chunks_and_can_be_cancelled() {
        let mut h = Host::new();
        h.handle(Command::Configure { config: config(), config_b: None });
        let r = h.handle(Command::StartLearningCurve { sizes: vec![25, 50], epochs: 3 });
        assert_eq!(r, vec![Report::CurveProgress { done: 0, total: 6, points: vec![] }]);
        assert!(h.running());
        let mut now = 0.0;
        let mut clock = || {
            now += 1.0;
            now
        };
        let r = h.tick(&mut clock, 2.0);
        assert_eq!(r, vec![Report::CurveProgress { done: 2, total: 6, points: vec![] }]);
        // After the first size's three epochs, its point comes with the progress.
        let r = h.tick(&mut clock, 2.0);
        assert!(matches!(&r[..], [Report::CurveProgress { done: 4, total: 6, points }] if points.len() == 1 && points[0].size == 25), "{r:?}");
        let r = h.tick(&mut clock, 100.0);
        let Some(Report::CurveDone { result, cancelled: false }) = r.last() else { panic!("{r:?}") };
        assert_eq!(result.points.iter().map(|p| p.size).collect::<Vec<_>>(), vec![25, 50]);
        assert!(result.points.iter().all(|p| p.test_acc.is_some()));
        assert!(!h.running());
        h.handle(Command::StartLearningCurve { sizes: vec![25, 50], epochs: 3 });
        h.tick(&mut clock, 4.0);
        let r = h.handle(Command::CancelLearningCurve);
        assert!(matches!(&r[..], [Report::CurveDone { cancelled: true, result }] if result.points.len() == 1));
        let r = h.handle(Command::StartLearningCurve { sizes: vec![0], epochs: 3 });
        assert!(matches!(&r[..], [Report::Failed { .. }]));
    }

    #[test]
    fn an_architecture_search_runs_in_chunks_reports_every_network_and_can_be_cancelled() {
        use crate::engine::arch_search::Strategy;
        let mut h = Host::new();
        let grow = Strategy::Grow { min_gain: 0.01, patience: 1 };
        let r = h.handle(Command::StartArch { search: 3, config: config(), strategy: grow.clone(), budget: 2 });
        assert!(matches!(&r[..], [Report::ArchProgress { search: 3, done: 0, total: 2, result }] if result.tried.is_empty()), "{r:?}");
        let mut now = 0.0;
        let mut clock = || {
            now += 1.0;
            now
        };
        // One epoch a millisecond: the first network (d1) is tried after two.
        let r = h.tick(&mut clock, 2.0);
        assert!(matches!(&r[..], [Report::ArchProgress { search: 3, done: 2, result, .. }] if result.tried.len() == 1 && result.path == vec![0]), "{r:?}");
        let r = h.tick(&mut clock, 1000.0);
        let Some(Report::ArchDone { search: 3, result, cancelled: false }) = r.last() else { panic!("{r:?}") };
        assert!(result.tried.len() >= 3 && result.chosen.is_some());
        assert!(!h.running());
        h.handle(Command::StartArch { search: 4, config: config(), strategy: grow, budget: 2 });
        h.tick(&mut clock, 2.0);
        let r = h.handle(Command::CancelArch);
        assert!(matches!(&r[..], [Report::ArchDone { search: 4, cancelled: true, result }] if result.tried.len() == 1), "{r:?}");
        let r = h.handle(Command::StartArch { search: 5, config: config(), strategy: Strategy::Grow { min_gain: 0.01, patience: 0 }, budget: 2 });
        assert!(matches!(&r[..], [Report::ArchFailed { search: 5, problem: Problem::SearchSettings { .. } }]), "{r:?}");
    }

    #[test]
    fn a_claim_check_runs_in_chunks_reports_figures_and_can_be_cancelled() {
        use crate::engine::claim::{Figure, Measure, Trial};
        let trial = |epochs| Trial { config: config(), epochs };
        let mut h = Host::new();
        let r = h.handle(Command::StartClaim { claim: 7, trials: vec![trial(2), trial(3)], measure: Measure::TrainLoss });
        assert_eq!(r, vec![Report::ClaimProgress { claim: 7, done: 0, total: 5, figures: vec![] }]);
        let mut now = 0.0;
        let mut clock = || {
            now += 1.0;
            now
        };
        let r = h.tick(&mut clock, 2.0);
        assert!(matches!(&r[..], [Report::ClaimProgress { claim: 7, done: 2, total: 5, figures }] if figures.len() == 1), "{r:?}");
        let r = h.tick(&mut clock, 100.0);
        let Some(Report::ClaimDone { claim: 7, figures, cancelled: false }) = r.last() else { panic!("{r:?}") };
        assert!(matches!(figures[..], [Figure::Value(a), Figure::Value(b)] if b < a), "three epochs train further than two: {figures:?}");
        h.handle(Command::StartClaim { claim: 8, trials: vec![trial(2), trial(3)], measure: Measure::TrainLoss });
        h.tick(&mut clock, 2.0);
        let r = h.handle(Command::CancelClaim);
        assert!(matches!(&r[..], [Report::ClaimDone { claim: 8, cancelled: true, figures }] if figures.len() == 1), "{r:?}");
        let r = h.handle(Command::StartClaim { claim: 9, trials: vec![], measure: Measure::TestAcc });
        assert!(matches!(&r[..], [Report::ClaimFailed { claim: 9, problem: Problem::ClaimSize { .. } }]), "{r:?}");
    }

    #[test]
    fn dirty_data_reports_what_cleaning_did_and_unclean_nan_is_refused() {
        let c = Settings::from_hash("dataset=circle&missing=0.1&outliers=0.05&clean=1&scaling=standardize").0.train_config();
        let r = Host::new().handle(Command::Configure { config: c, config_b: None });
        let Report::Started { data: RunData::Points { train, clean, pipeline, .. }, .. } = &r[0] else { panic!("{r:?}") };
        assert_eq!(clean.injected.missing.len(), 25);
        assert_eq!(clean.removed.len() + train.len(), 250);
        assert_eq!(pipeline.stats.len(), 2);
        let c = Settings::from_hash("dataset=circle&missing=0.1").0.train_config();
        let r = Host::new().handle(Command::Configure { config: c, config_b: None });
        assert!(matches!(&r[0], Report::Failed { run: Run::A, problem: Problem::MissingValues { train: 25, .. } }), "{r:?}");
    }

    fn surface_reports(reports: &[Report]) -> (Vec<(usize, usize)>, Option<(crate::engine::surface::Surface, f64)>) {
        let mut progress = vec![];
        let mut done = None;
        for r in reports {
            match r {
                Report::SurfaceProgress { done, total } => progress.push((*done, *total)),
                Report::SurfaceDone { surface, ms, .. } => done = Some((surface.clone(), *ms)),
                _ => {}
            }
        }
        (progress, done)
    }

    /// The surface is computed in chunks between training chunks: training keeps going, the
    /// progress is reported row by row, and the finished surface's centre is the training loss
    /// at the epoch it started.
    #[test]
    fn surface_runs_in_chunks_while_training_goes_on() {
        let mut h = Host::new();
        h.handle(Command::Configure { config: config(), config_b: None });
        h.handle(Command::Play);
        // Each clock call advances 1 ms: a 10 ms tick gives the surface 5 ms (5 rows) and
        // training the rest.
        let mut now = 0.0;
        let mut clock = || {
            now += 1.0;
            now
        };
        for _ in 0..3 {
            h.handle(Command::Ack);
            h.tick(&mut clock, 10.0);
        }
        let r = h.handle(Command::StartSurface { directions: Directions::Random { seed: 1 }, n: 11, live: false });
        assert_eq!(r, vec![Report::SurfaceProgress { done: 0, total: 11 }]);
        let epoch0 = h.runs[0].as_ref().unwrap().epoch();
        let want = h.runs[0].as_ref().unwrap().evaluate().unwrap().train_loss;
        let r = h.tick(&mut clock, 10.0);
        let (progress, done) = surface_reports(&r);
        assert_eq!(progress, vec![(5, 11)]);
        assert!(done.is_none());
        assert!(!epochs(&r).is_empty(), "training went on in the same tick");
        let mut finished = None;
        for _ in 0..5 {
            let r = h.tick(&mut clock, 10.0);
            if let (_, Some(d)) = surface_reports(&r) {
                finished = Some(d);
                break;
            }
        }
        let (s, ms) = finished.expect("the surface finished");
        assert!(s.is_complete());
        assert!((s.origin_loss - want).abs() <= 1e-5 * want, "{} vs {want}", s.origin_loss);
        assert_eq!(s.path_epochs.last(), Some(&epoch0));
        assert!(ms > 0.0);
        assert!(h.runs[0].as_ref().unwrap().epoch() > epoch0, "training kept going");
        assert!(h.surface.job.is_none() && h.running(), "not live: no new job, training goes on");
        // The path grows with the next view, projected onto the shown plane.
        h.handle(Command::Ack);
        let r = h.tick(&mut clock, 5.0);
        let Some(Report::SurfacePath { path, epochs: e }) = r.iter().find(|r| matches!(r, Report::SurfacePath { .. })) else { panic!("{r:?}") };
        assert_eq!(path.len(), e.len());
        assert!(path.len() > s.path.len(), "{} > {}", path.len(), s.path.len());
        assert_eq!(e.last(), Some(&h.runs[0].as_ref().unwrap().epoch()));
        // The snapshot at the surface's epoch projects to (0, 0), where the surface's path ends.
        let k = e.iter().position(|&x| x == epoch0).unwrap();
        assert!(path[k].0.abs() < 1e-5 && path[k].1.abs() < 1e-5, "{:?}", path[k]);
        assert_ne!(path.last(), Some(&(0.0, 0.0)), "the current point has moved on");
    }

    #[test]
    fn live_surface_recomputes_as_training_moves_and_cancel_stops_it() {
        let mut h = Host::new();
        h.handle(Command::Configure { config: config(), config_b: None });
        h.handle(Command::Play);
        let mut now = 0.0;
        let mut clock = || {
            now += 1.0;
            now
        };
        h.tick(&mut clock, 10.0);
        h.handle(Command::StartSurface { directions: Directions::Pca, n: 11, live: true });
        let mut done_epochs = vec![];
        for _ in 0..400 {
            h.handle(Command::Ack);
            let r = h.tick(&mut clock, 10.0);
            if let (_, Some((s, _))) = surface_reports(&r) {
                done_epochs.push(*s.path_epochs.last().unwrap());
            }
            if done_epochs.len() == 3 {
                break;
            }
        }
        assert_eq!(done_epochs.len(), 3, "recomputed live");
        assert!(done_epochs.windows(2).all(|w| w[1] >= w[0] + LIVE_EPOCHS), "{done_epochs:?}");
        // Cancel: no job, no more surfaces, training goes on.
        h.handle(Command::StartSurface { directions: Directions::Pca, n: 81, live: true });
        h.tick(&mut clock, 10.0);
        assert_eq!(h.handle(Command::CancelSurface), vec![Report::SurfaceCancelled]);
        let e = h.runs[0].as_ref().unwrap().epoch();
        for _ in 0..50 {
            h.handle(Command::Ack);
            let r = h.tick(&mut clock, 10.0);
            assert!(surface_reports(&r).0.is_empty() && surface_reports(&r).1.is_none(), "{r:?}");
        }
        assert!(h.runs[0].as_ref().unwrap().epoch() > e);
    }

    #[test]
    fn surface_problems_are_reported_not_panics() {
        let mut h = Host::new();
        let r = h.handle(Command::StartSurface { directions: Directions::Pca, n: 41, live: false });
        assert_eq!(r, vec![Report::SurfaceFailed { problem: SurfaceProblem::NoRun }]);
        h.handle(Command::Configure { config: config(), config_b: None });
        let r = h.handle(Command::StartSurface { directions: Directions::Pca, n: 41, live: true });
        assert_eq!(r, vec![Report::SurfaceFailed { problem: SurfaceProblem::NeedTraining }]);
        let r = h.handle(Command::StartSurface { directions: Directions::Weights { first: 3, second: 3 }, n: 41, live: false });
        assert_eq!(r, vec![Report::SurfaceFailed { problem: SurfaceProblem::BadWeights }]);
        let r = h.handle(Command::StartSurface { directions: Directions::Random { seed: 1 }, n: 500, live: false });
        assert!(matches!(&r[..], [Report::SurfaceFailed { problem: SurfaceProblem::Engine { message } }] if message.contains("grid")), "{r:?}");
        // PCA, live: waits quietly for snapshots, then computes by itself.
        h.handle(Command::StartSurface { directions: Directions::Pca, n: 11, live: true });
        h.handle(Command::Ack);
        h.handle(Command::Step);
        let mut got = false;
        for _ in 0..10 {
            h.handle(Command::Ack);
            let r = h.handle(Command::Step);
            let r2 = h.tick(&mut || 0.0, 1e9);
            if surface_reports(&r).1.is_some() || surface_reports(&r2).1.is_some() {
                got = true;
                break;
            }
        }
        assert!(got, "PCA started once there were snapshots");
        // A rebuild clears the trajectory: PCA needs training again.
        let mut c = config();
        c.model.layers = crate::engine::Arch::dense(&[3]);
        h.handle(Command::Configure { config: c, config_b: None });
        assert_eq!(h.surface.trajectory.len(), 1);
        let r = h.handle(Command::StartSurface { directions: Directions::Pca, n: 11, live: false });
        assert_eq!(r, vec![Report::SurfaceFailed { problem: SurfaceProblem::NeedTraining }]);
    }

    #[test]
    fn a_bad_configuration_is_a_message() {
        let mut c = config();
        c.batch_size = 0;
        let r = Host::new().handle(Command::Configure { config: c, config_b: None });
        assert!(matches!(&r[0], Report::Failed { problem: Problem::BatchZero, .. }));
    }

    fn race(racers: Vec<OptimizerConfig>, steps: usize) -> Command {
        Command::StartRace { race: 9, function: TestFunction::Rosenbrock, start: (-1.2, 1.0), racers, steps }
    }

    #[test]
    fn a_race_runs_racer_by_racer_and_matches_the_engine() {
        use crate::engine::OptimizerKind as K;
        let racers = vec![
            OptimizerConfig::defaults(K::Sgd, 0.001),
            OptimizerConfig::defaults(K::Momentum, 0.001),
            OptimizerConfig::defaults(K::Adam, 0.05),
        ];
        let mut h = Host::new();
        assert_eq!(h.handle(race(racers.clone(), 200)), vec![Report::RaceProgress { race: 9, done: 0, total: 3 }]);
        assert!(h.running(), "the glue ticks while a race is computed");
        let mut now = 0.0;
        let mut clock = || {
            now += 1.0;
            now
        };
        // One racer per 1 ms budget (the fake clock moves 1 ms a call).
        assert_eq!(h.tick(&mut clock, 1.0), vec![Report::RaceProgress { race: 9, done: 1, total: 3 }]);
        let r = h.tick(&mut clock, 100.0);
        let Some(Report::RaceDone { race: 9, paths }) = r.last() else { panic!("{r:?}") };
        assert!(!h.running());
        assert_eq!(paths.len(), 3);
        for (cfg, p) in racers.iter().zip(paths) {
            let expected = trajectory(&TestFunction::Rosenbrock, cfg, (-1.2, 1.0), 200).unwrap();
            assert_eq!(p.points, expected, "{:?}", cfg.kind);
            assert_eq!(p.points.len(), 201);
            assert!(!p.diverged && p.error.is_none());
            assert!(p.points[200].loss < p.points[0].loss, "{:?} descends", cfg.kind);
        }
    }

    #[test]
    fn a_diverging_racer_is_marked_and_the_others_finish() {
        use crate::engine::OptimizerKind as K;
        let mut bad = OptimizerConfig::defaults(K::Adam, 0.01);
        bad.beta1 = 2.0; // refused by the optimizer's checks
        let racers = vec![OptimizerConfig::defaults(K::Sgd, 0.5), OptimizerConfig::defaults(K::Adam, 0.05), bad];
        let mut h = Host::new();
        h.handle(race(racers, 300));
        let mut clock = || 0.0;
        let r = h.tick(&mut clock, 1000.0);
        let Some(Report::RaceDone { paths, .. }) = r.last() else { panic!("{r:?}") };
        assert!(paths[0].diverged, "SGD at 0.5 on Rosenbrock blows up");
        assert!(paths[0].points.len() < 301 && !paths[0].points.last().unwrap().is_finite());
        assert!(paths[0].points[..paths[0].points.len() - 1].iter().all(|p| p.is_finite()));
        assert!(!paths[1].diverged && paths[1].points.len() == 301, "Adam continues");
        assert!(matches!(&paths[2].error, Some(Problem::Internal { message }) if message.contains("beta")), "{:?}", paths[2].error);
    }

    #[test]
    fn races_are_replaced_cancelled_and_checked() {
        use crate::engine::OptimizerKind as K;
        let one = vec![OptimizerConfig::defaults(K::Sgd, 0.001); 2];
        let mut h = Host::new();
        h.handle(race(one.clone(), 50));
        let r = h.handle(Command::StartRace { race: 10, function: TestFunction::Saddle, start: (1.0, 0.01), racers: one.clone(), steps: 5 });
        assert_eq!(r, vec![Report::RaceProgress { race: 10, done: 0, total: 2 }]);
        let mut clock = || 0.0;
        let r = h.tick(&mut clock, 1000.0);
        assert!(matches!(r.last(), Some(Report::RaceDone { race: 10, paths }) if paths[0].points.len() == 6), "the newer race replaced the older");
        h.handle(race(one.clone(), 50));
        assert!(h.handle(Command::CancelRace).is_empty());
        assert!(!h.running() && h.tick(&mut clock, 1.0).is_empty());
        assert!(matches!(&h.handle(race(vec![OptimizerConfig::defaults(K::Sgd, 0.1); 7], 5))[..], [Report::Failed { problem: Problem::RaceRacers { have: 7, max: 6 }, .. }]));
        assert!(matches!(&h.handle(race(one.clone(), RACE_MAX_STEPS + 1))[..], [Report::Failed { problem: Problem::RaceSteps { .. }, .. }]));
        let bad = Command::StartRace { race: 1, function: TestFunction::Bowl { condition: 0.5, rotation_deg: 0.0 }, start: (0.0, 0.0), racers: one, steps: 5 };
        assert!(matches!(&h.handle(bad)[..], [Report::Failed { problem: Problem::BowlShape { .. }, .. }]));
        assert_eq!(h.handle(race(vec![], 5)), vec![Report::RaceDone { race: 9, paths: vec![] }]);
    }

    /// Transfer learning's three runs: in chunks, each run's test accuracy per epoch from
    /// epoch 0, cancellable; a bad request is a message.
    #[test]
    fn three_runs_report_their_curves_and_can_be_cancelled() {
        let base = Settings::from_hash("dataset=shapes_new&image_size=8&points=200&train_n=10&pretrained=shapes&seed=1").0.train_config();
        let runs = crate::engine::transfer::three_runs(&base).to_vec();
        let mut h = Host::new();
        let r = h.handle(Command::StartTransfer { transfer: 3, runs: runs.clone(), epochs: 2 });
        assert!(matches!(&r[..], [Report::TransferProgress { transfer: 3, done: 0, total: 6, curves }] if curves.iter().all(|c| c.len() == 1)), "{r:?}");
        let mut now = 0.0;
        let mut clock = || {
            now += 1.0;
            now
        };
        let r = h.tick(&mut clock, 1000.0);
        let Some(Report::TransferDone { transfer: 3, curves, cancelled: false }) = r.last() else { panic!("{r:?}") };
        assert!(curves.iter().all(|c| c.len() == 3 && c.iter().all(|a| (0.0..=1.0).contains(a))), "{curves:?}");
        h.handle(Command::StartTransfer { transfer: 4, runs, epochs: 2 });
        let r = h.handle(Command::CancelTransfer);
        assert!(matches!(&r[..], [Report::TransferDone { transfer: 4, cancelled: true, .. }]), "{r:?}");
        let r = h.handle(Command::StartTransfer { transfer: 5, runs: vec![], epochs: 2 });
        assert!(matches!(&r[..], [Report::TransferFailed { transfer: 5, .. }]), "{r:?}");
    }

    /// A saved file loads back into a fresh worker with its settings and the same weights; a
    /// file of another network is refused and run A stays.
    #[test]
    fn weights_are_saved_and_loaded_with_their_settings() {
        let hash = "dataset=digits&points=100&layers=c4k3,mp2,d8&seed=3";
        let mut h = Host::new();
        h.handle(Command::Configure { config: Settings::from_hash(hash).0.train_config(), config_b: None });
        h.handle(Command::Step);
        let r = h.handle(Command::SaveWeights { hash: hash.into() });
        let [Report::Weights { bytes }] = &r[..] else { panic!("{r:?}") };
        let mut other = Host::new();
        other.handle(Command::Configure { config: config(), config_b: None });
        let r = other.handle(Command::LoadWeights { bytes: bytes.clone(), config: Settings::from_hash(&crate::engine::transfer::settings_of(bytes).unwrap().unwrap()).0.train_config() });
        assert!(matches!(r.last(), Some(Report::WeightsLoaded { hash: Some(h) }) if h == hash), "{r:?}");
        assert!(matches!(&r[0], Report::Started { run: Run::A, .. }));
        let flat = |h: &Host| flatten(h.runs[0].as_ref().unwrap().model()).unwrap();
        assert_eq!(flat(&other), flat(&h), "the same weights");
        // The page then sends the file's settings: the run is not built again.
        let again = other.handle(Command::Configure { config: Settings::from_hash(hash).0.train_config(), config_b: None });
        assert!(again.is_empty(), "{again:?}");
        // Another network's file: refused in words, run A untouched.
        let mut small = Host::new();
        small.handle(Command::Configure { config: Settings::from_hash("dataset=digits&points=100&layers=c2k3,mp2,d8").0.train_config(), config_b: None });
        let before = flat(&small);
        let r = small.handle(Command::LoadWeights { bytes: crate::engine::transfer::write(h.runs[0].as_ref().unwrap().model(), "").unwrap(), config: small.runs[0].as_ref().unwrap().config().clone() });
        assert!(matches!(&r[..], [Report::WeightsFailed { problem: Problem::WeightsShape { .. } }]), "{r:?}");
        assert_eq!(flat(&small), before);
        let r = small.handle(Command::LoadWeights { bytes: b"junk".to_vec(), config: config() });
        assert!(matches!(&r[..], [Report::WeightsFailed { problem: Problem::WeightsFile { .. } }]), "{r:?}");
    }
}
