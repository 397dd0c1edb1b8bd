//! The page: Leptos components, the bridge to the worker, canvases. Renders only; never
//! trains. Every visible string comes from [`crate::i18n`].

mod arch;
mod canvas;
mod look;
mod classroom;
mod controls;
mod draw;
mod embed;
mod imageprep;
mod images;
mod lab;
mod race;
mod sequences;
mod surface;
mod transfer;
mod widgets;
pub mod worker;

use crate::engine::learning_curve::CurvePoint;
use crate::engine::range_test::RangeResult;
use crate::engine::{EpochStats, Sample, View};
use crate::i18n::{Lang, T};
use crate::protocol::{Command, Report, Run, RunData};
use crate::settings::{Problem, Settings};
use gloo_worker::{Spawnable, WorkerBridge};
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use worker::EngineWorker;

/// What the engine is doing, as the page tells the user.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    Loading,
    Ready,
    Diverged { epoch: usize },
    Failed { problem: crate::engine::Problem },
    /// The worker never said Ready.
    NoWorker,
    /// The worker crashed (its message) and a new one was started with the same settings.
    Restarted { message: String },
    /// The worker stopped without a panic (an out-of-memory abort or another trap ends a wasm
    /// instance without running the panic hook; `Report::Stopped`, or the watchdog heard
    /// nothing); a new one was started.
    Stalled,
}

/// Everything the page knows of the current run, fed by the worker's reports.
#[derive(Clone, Copy)]
pub struct RunState {
    pub status: RwSignal<Status>,
    pub running: RwSignal<bool>,
    /// Inside a long epoch: how far it has come (the worker's heartbeat; cleared by the
    /// epoch's report). Kept on run A.
    pub working: RwSignal<Option<crate::engine::heartbeat::Work>>,
    pub data: RwSignal<(Vec<Sample>, Vec<Sample>)>,
    pub history: RwSignal<Vec<EpochStats>>,
    pub view: RwSignal<Option<View>>,
    pub parameters: RwSignal<usize>,
    /// The range test: (steps done, steps in all) while it runs; its result after.
    pub range_progress: RwSignal<Option<(usize, usize)>>,
    pub range_result: RwSignal<Option<RangeResult>>,
    /// What cleaning did and how the inputs are scaled (the data panel's report).
    pub prep: RwSignal<Option<(crate::engine::prep::CleanReport, crate::engine::prep::Pipeline)>>,
    /// The learning curve: (epochs done, epochs in all) while it runs; the sizes finished
    /// (filling in as they finish); whether the last one was cancelled.
    pub curve_progress: RwSignal<Option<(usize, usize)>>,
    pub curve_points: RwSignal<Vec<CurvePoint>>,
    pub curve_cancelled: RwSignal<bool>,
    /// The per-layer statistics of the views so far (bounded), for the layer-activity view.
    pub activity: RwSignal<crate::plot::LayerActivity>,
    /// Images: the run's gallery and the shape of its images (None for points).
    pub images: RwSignal<Option<ImageRun>>,
    /// Sequences: the shape of the run's examples and the first few (None otherwise).
    pub sequences: RwSignal<Option<SeqRun>>,
}

/// What the page knows of a sequence run's data (from `RunData::Sequences`).
#[derive(Clone, Debug, PartialEq)]
pub struct SeqRun {
    pub steps: usize,
    pub features: usize,
    /// 0 for regression.
    pub classes: usize,
    pub train: usize,
    pub test: usize,
    pub samples: Vec<(Vec<f32>, f32)>,
}

/// What the page knows of an image run's data (from `RunData::Images`).
#[derive(Clone, Debug, PartialEq)]
pub struct ImageRun {
    pub height: usize,
    pub width: usize,
    pub classes: usize,
    pub train: usize,
    pub test: usize,
    pub relabelled: usize,
    pub gallery: Vec<crate::engine::probe::GalleryImage>,
    /// The first training images before and after the per-image preparation.
    pub samples: Vec<crate::engine::probe::PrepSample>,
}

impl RunState {
    fn new() -> RunState {
        RunState {
            status: RwSignal::new(Status::Loading),
            running: RwSignal::new(false),
            working: RwSignal::new(None),
            data: RwSignal::new((vec![], vec![])),
            history: RwSignal::new(vec![]),
            view: RwSignal::new(None),
            parameters: RwSignal::new(0),
            range_progress: RwSignal::new(None),
            range_result: RwSignal::new(None),
            prep: RwSignal::new(None),
            curve_progress: RwSignal::new(None),
            curve_points: RwSignal::new(vec![]),
            curve_cancelled: RwSignal::new(false),
            activity: RwSignal::new(Default::default()),
            images: RwSignal::new(None),
            sequences: RwSignal::new(None),
        }
    }

}

/// Runs A and B (B is used when comparing).
#[derive(Clone, Copy)]
pub struct Runs {
    pub a: RunState,
    pub b: RunState,
    /// The loss surface of run A (issue 4).
    pub surface: surface::SurfaceSignals,
    /// The optimizer race's reports.
    pub race: race::RaceInbox,
    /// How many times the worker crashed and was started again: the settings go to the new
    /// worker when it changes.
    pub restarts: RwSignal<u32>,
    /// Run A's augmentation preview: (training image, training images, the image and its
    /// augmented versions as bytes).
    pub preview: RwSignal<Option<(usize, usize, Vec<Vec<u8>>)>>,
    /// The back-propagation lab's reports.
    pub lab: lab::LabInbox,
    /// The lesson's claim check.
    pub claim: classroom::ClaimInbox,
    /// Choosing the architecture: growth and random search.
    pub arch: arch::ArchInbox,
    /// Transfer learning's three runs; weights files.
    pub transfer: transfer::TransferInbox,
}

impl Runs {
    pub fn get(&self, run: Run) -> RunState {
        match run {
            Run::A => self.a,
            Run::B => self.b,
        }
    }

    /// Applies a batch of reports; whether one carried a view (the page then acknowledges)
    /// and whether the worker crashed.
    fn apply(&self, reports: Vec<Report>) -> (bool, bool) {
        let mut got_view = false;
        let mut crashed = false;
        let a = self.a;
        for r in reports {
            if self.race.apply(&r) || self.lab.apply(&r) || self.claim.apply(&r) || self.arch.apply(&r) || self.transfer.apply(&r) {
                continue;
            }
            match r {
                Report::Ready => {
                    for r in [self.a, self.b] {
                        if r.status.get_untracked() == Status::Loading {
                            r.status.set(Status::Ready);
                        }
                    }
                }
                // `clean` (the clean step's report) and `pipeline` (scaling statistics) are for
                // the data panel.
                Report::Started { run, parameters, data } => {
                    let r = self.get(run);
                    if run == Run::A {
                        self.surface.clear();
                    }
                    match data {
                        RunData::Points { train, test, clean, pipeline } => {
                            r.prep.set(Some((clean, pipeline)));
                            r.data.set((train, test));
                            r.images.set(None);
                            r.sequences.set(None);
                        }
                        RunData::Images { height, width, classes, train, test, relabelled, gallery, samples, .. } => {
                            r.prep.set(None);
                            r.data.set((vec![], vec![]));
                            r.images.set(Some(ImageRun { height, width, classes, train, test, relabelled, gallery, samples }));
                            r.sequences.set(None);
                        }
                        RunData::Sequences { steps, features, classes, train, test, samples } => {
                            r.prep.set(None);
                            r.data.set((vec![], vec![]));
                            r.images.set(None);
                            r.sequences.set(Some(SeqRun { steps, features, classes, train, test, samples }));
                        }
                    }
                    r.history.update(|h| h.clear());
                    r.activity.update(|a| a.clear());
                    r.view.set(None);
                    r.parameters.set(parameters);
                    // A restart's message stays until training goes on.
                    if !matches!(r.status.get_untracked(), Status::Loading | Status::Restarted { .. } | Status::Stalled) {
                        r.status.set(Status::Ready);
                    }
                }
                Report::Ended { run } => {
                    let r = self.get(run);
                    r.history.update(|h| h.clear());
                    r.activity.update(|a| a.clear());
                    r.view.set(None);
                }
                Report::Progress { run, running, epochs, view } => {
                    let r = self.get(run);
                    a.running.set(running);
                    if !epochs.is_empty() {
                        a.working.set(None);
                        // Trained epochs (not a rebuilt run's epoch 0) end a restart's message.
                        if epochs.iter().any(|s| s.epoch > 0) && matches!(r.status.get_untracked(), Status::Restarted { .. } | Status::Stalled) {
                            r.status.set(Status::Ready);
                        }
                        r.history.update(|h| {
                            h.extend(epochs);
                            crate::plot::thin(h, MAX_HISTORY, |s| s.epoch);
                        });
                    }
                    if let Some(v) = view {
                        let epoch = r.history.with_untracked(|h| h.last().map_or(0, |s| s.epoch));
                        r.activity.update(|a| a.push(epoch, v.layers().to_vec()));
                        r.view.set(Some(v));
                        got_view = true;
                    }
                }
                Report::Diverged { run, epoch } => {
                    a.running.set(false);
                    self.get(run).status.set(Status::Diverged { epoch });
                }
                Report::Memory { bytes } => WORKER_MEMORY.with(|m| m.set(bytes)),
                Report::Working { work } => a.working.set(Some(work)),
                Report::Crashed { message } => {
                    a.running.set(false);
                    a.range_progress.set(None);
                    a.curve_progress.set(None);
                    a.status.set(Status::Restarted { message });
                    crashed = true;
                }
                Report::Stopped => {
                    a.running.set(false);
                    a.range_progress.set(None);
                    a.curve_progress.set(None);
                    a.status.set(Status::Stalled);
                    crashed = true;
                }
                Report::Failed { run, problem } => {
                    // Training pauses for both runs; only the failed run says so.
                    a.running.set(false);
                    a.range_progress.set(None);
                    a.curve_progress.set(None);
                    self.get(run).status.set(Status::Failed { problem });
                }
                Report::RangeProgress { done, total } => a.range_progress.set(Some((done, total))),
                Report::RangeDone { result, .. } => {
                    a.range_progress.set(None);
                    a.range_result.set(Some(result));
                }
                Report::CurveProgress { done, total, points } => {
                    a.curve_progress.set(Some((done, total)));
                    a.curve_points.set(points);
                }
                Report::CurveDone { result, cancelled } => {
                    a.curve_progress.set(None);
                    a.curve_points.set(result.points);
                    a.curve_cancelled.set(cancelled);
                }
                // Loss surface (issue 4)
                r @ (Report::SurfaceProgress { .. }
                | Report::SurfaceDone { .. }
                | Report::SurfacePath { .. }
                | Report::SurfaceCancelled
                | Report::SurfaceFailed { .. }) => self.surface.apply(r),
                Report::AugmentPreview { index, of, images } => self.preview.set(Some((index, of, images))),
                // Taken by `race.apply` and `lab.apply` above.
                Report::RaceProgress { .. }
                | Report::RaceDone { .. }
                | Report::LabSteps { .. }
                | Report::LabFailed { .. }
                | Report::ClaimProgress { .. }
                | Report::ClaimDone { .. }
                | Report::ClaimFailed { .. }
                | Report::ArchProgress { .. }
                | Report::ArchDone { .. }
                | Report::ArchFailed { .. }
                | Report::TransferProgress { .. }
                | Report::TransferDone { .. }
                | Report::TransferFailed { .. }
                | Report::Weights { .. }
                | Report::WeightsLoaded { .. }
                | Report::WeightsFailed { .. } => {}
            }
        }
        (got_view, crashed)
    }
}

/// The most epochs a run's loss curve keeps: past it, every second old one goes (the first
/// and the newest stay), so a long run neither fills memory nor slows the chart.
const MAX_HISTORY: usize = 4096;

/// The least time between two applications of the worker's reports (20 per second).
const APPLY_MS: f64 = 50.0;

/// The page's end of the worker: send commands; reports are applied once per animation frame.
#[derive(Clone, Copy)]
pub struct Engine {
    bridge: StoredValue<Option<WorkerBridge<EngineWorker>>, LocalStorage>,
    /// When the worker was last heard from (`performance.now()`, ms).
    heard: StoredValue<f64, LocalStorage>,
}

impl Engine {
    pub fn send(&self, cmd: Command) {
        self.bridge.with_value(|b| {
            if let Some(b) = b {
                b.send(cmd)
            }
        });
    }

    fn spawn(runs: Runs) -> Engine {
        let bridge: StoredValue<Option<WorkerBridge<EngineWorker>>, LocalStorage> = StoredValue::new_local(None);
        let engine = Engine { bridge, heard: StoredValue::new_local(now_ms()) };
        engine.connect(runs);
        // The watchdog: a ping every `PING_MS` (any report counts as its answer). A ping
        // unanswered for `STALL_MS` means the worker died without a panic (out of memory, or
        // another trap): say so and start a new one with the settings. Long work is chunked,
        // so a live worker answers within one chunk; inside an epoch, however long (a large
        // recurrent network on long sequences), the engine's heartbeat reports once a second. (Timers of a background tab may fire once a minute:
        // only an unanswered ping counts, never the time between pings.)
        let pinged: StoredValue<Option<f64>, LocalStorage> = StoredValue::new_local(None);
        let _ = set_interval_with_handle(
            move || {
                if matches!(runs.a.status.get_untracked(), Status::Loading | Status::NoWorker) {
                    return;
                }
                match pinged.get_value() {
                    Some(at) if engine.heard.get_value() < at => {
                        if now_ms() - at > STALL_MS {
                            for r in [runs.a, runs.b] {
                                r.running.set(false);
                                r.range_progress.set(None);
                                r.curve_progress.set(None);
                            }
                            runs.a.status.set(Status::Stalled);
                            pinged.set_value(None);
                            engine.connect(runs);
                            runs.restarts.update(|n| *n += 1);
                        }
                    }
                    _ => {
                        pinged.set_value(Some(now_ms()));
                        engine.send(Command::Memory);
                    }
                }
            },
            std::time::Duration::from_millis(PING_MS),
        );
        ENGINE.with(|e| *e.borrow_mut() = Some(engine));
        // A worker that never says Ready (blocked, missing file, no WebAssembly) is a failure
        // the user must hear about.
        set_timeout(
            move || {
                if runs.a.status.get_untracked() == Status::Loading {
                    runs.a.status.set(Status::NoWorker);
                }
            },
            std::time::Duration::from_secs(10),
        );
        engine
    }

    /// Starts a worker (replacing the old one, which is then terminated) whose reports go to
    /// `runs`. After a crash it starts the next one and bumps `runs.restarts`, so the
    /// settings are sent again.
    fn connect(self, runs: Runs) {
        let engine = self;
        let inbox: Rc<RefCell<Vec<Report>>> = Rc::default();
        let frame_pending = Rc::new(RefCell::new(false));
        let last_apply = Rc::new(std::cell::Cell::new(f64::NEG_INFINITY));
        let now = || window().performance().map(|p| p.now()).unwrap_or(0.0);
        let cb = {
            let inbox = inbox.clone();
            move |report: Report| {
                engine.heard.set_value(now_ms());
                inbox.borrow_mut().push(report);
                if !*frame_pending.borrow() {
                    *frame_pending.borrow_mut() = true;
                    let inbox = inbox.clone();
                    let frame_pending = frame_pending.clone();
                    let last_apply = last_apply.clone();
                    // Reports are applied (and so drawn) at most every APPLY_MS, in an
                    // animation frame: the frames in between stay free for the browser.
                    let wait = (last_apply.get() + APPLY_MS - now()).max(0.0);
                    let apply = move || {
                        request_animation_frame(move || {
                            *frame_pending.borrow_mut() = false;
                            last_apply.set(now());
                            let reports = std::mem::take(&mut *inbox.borrow_mut());
                            let (got_view, crashed) = runs.apply(reports);
                            if crashed {
                                // Outside the old worker's callback: a new worker, then the
                                // settings again (the effects that send them watch `restarts`).
                                set_timeout(
                                    move || {
                                        engine.connect(runs);
                                        runs.restarts.update(|n| *n += 1);
                                    },
                                    std::time::Duration::from_millis(0),
                                );
                            } else if got_view {
                                engine.send(Command::Ack);
                            }
                        })
                    };
                    if wait > 0.0 {
                        set_timeout(apply, std::time::Duration::from_millis(wait as u64));
                    } else {
                        apply();
                    }
                }
            }
        };
        let b = EngineWorker::spawner().callback(cb).spawn("./worker.js");
        self.bridge.set_value(Some(b));
    }
}

/// The watchdog's ping interval and how long a silent worker is taken for dead.
const PING_MS: u64 = 2_500;
const STALL_MS: f64 = 15_000.0;

fn now_ms() -> f64 {
    window().performance().map(|p| p.now()).unwrap_or(0.0)
}

thread_local! {
    /// The page's engine, for [`descent_crash_worker`].
    static ENGINE: RefCell<Option<Engine>> = const { RefCell::new(None) };
}

thread_local! {
    /// The worker's memory as it last reported it (`Command::Memory`).
    static WORKER_MEMORY: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// The soak test's measure (`window.wasmBindings.descent_memory()`): the page's wasm memory
/// and the worker's as last reported, in bytes; asks the worker for a new figure.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn descent_memory() -> Vec<f64> {
    ENGINE.with(|e| {
        if let Some(engine) = *e.borrow() {
            engine.send(Command::Memory);
        }
    });
    vec![crate::host::memory_bytes() as f64, WORKER_MEMORY.with(|m| m.get()) as f64]
}

/// The browser tests' hook (`window.wasmBindings.descent_hang_worker()`): the worker never
/// returns, to check the watchdog's timeout.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn descent_hang_worker() {
    ENGINE.with(|e| {
        if let Some(engine) = *e.borrow() {
            engine.send(Command::Hang);
        }
    });
}

/// The browser tests' hook (`window.wasmBindings.descent_abort_worker()`): makes the worker
/// abort without a panic, as an allocation failure does, to check the watchdog.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn descent_abort_worker() {
    ENGINE.with(|e| {
        if let Some(engine) = *e.borrow() {
            engine.send(Command::Abort);
        }
    });
}

/// The browser tests' hook (`window.wasmBindings.descent_crash_worker()`): makes the worker
/// panic, to check that the page tells the user and starts a new worker with the settings.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn descent_crash_worker() {
    ENGINE.with(|e| {
        if let Some(engine) = *e.borrow() {
            engine.send(Command::Crash);
        }
    });
}

fn location_hash() -> String {
    window().location().hash().unwrap_or_default()
}

#[component]
pub fn App() -> impl IntoView {
    let (initial, initial_problems) = Settings::from_hash(&location_hash());
    let settings = RwSignal::new(initial);
    let problems: RwSignal<Vec<Problem>> = RwSignal::new(initial_problems);
    let lang = Memo::new(move |_| settings.with(|s| s.page.lang));
    let runs = Runs {
        a: RunState::new(),
        b: RunState::new(),
        surface: surface::SurfaceSignals::new(),
        race: race::RaceInbox::new(),
        restarts: RwSignal::new(0),
        preview: RwSignal::new(None),
        lab: lab::LabInbox::new(),
        claim: classroom::ClaimInbox::new(),
        arch: arch::ArchInbox::new(),
        transfer: transfer::TransferInbox::new(),
    };
    let run = runs.a;
    let engine = Engine::spawn(runs);

    // The only bridge to the URL: settings → hash. Hash edits by the user come back through
    // `hashchange`.
    Effect::new(move |_| {
        let hash = format!("#{}", settings.with(Settings::to_hash));
        if location_hash() != hash {
            if let Ok(h) = window().history() {
                let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&hash));
            }
        }
    });
    let _ = window_event_listener(leptos::ev::hashchange, move |_| {
        let (s, p) = Settings::from_hash(&location_hash());
        // The user's own points are not in the hash: keep them.
        let s = settings.with_untracked(|old| s.keeping_custom(old));
        if s != settings.get_untracked() {
            settings.set(s);
        }
        problems.set(p);
    });

    // Settings → worker: every change of the engine's part of the settings.
    type Configs = (crate::engine::TrainConfig, Option<crate::engine::TrainConfig>);
    Effect::new(move |prev: Option<(Configs, u32)>| {
        let configs = settings.with(|s| (s.train_config(), s.train_config_b()));
        let restarts = runs.restarts.get();
        let changed = prev.as_ref().is_none_or(|p| p.0 != configs);
        // The first frame from the settings alone: run A's points, prepared on the page, are
        // drawn while the worker is still loading (its own report brings the same points).
        if prev.is_none() && runs.a.data.with_untracked(|d| d.0.is_empty()) {
            if let Some(p) = crate::engine::train::prepared_points(&configs.0) {
                runs.a.prep.set(Some((p.report, p.pipeline)));
                runs.a.data.set((p.data.train, p.data.test));
            }
        }
        if changed {
            // A learning curve belongs to the settings it was run with.
            if prev.is_some() && runs.a.curve_progress.get_untracked().is_none() {
                runs.a.curve_points.set(vec![]);
                runs.a.curve_cancelled.set(false);
            }
            for r in [runs.a, runs.b] {
                if r.status.get_untracked() != Status::Loading {
                    r.status.set(Status::Ready);
                }
            }
        }
        // New settings, or a new worker after a crash (whose message stays up).
        if changed || prev.as_ref().is_some_and(|p| p.1 != restarts) {
            engine.send(Command::Configure { config: configs.0.clone(), config_b: configs.1.clone() });
        }
        (configs, restarts)
    });

    // The speed → worker (a page setting: it is not in the runs' configurations).
    Effect::new(move |prev: Option<(Option<f64>, u32)>| {
        let now = (settings.with(|s| s.page.speed.per_second()), runs.restarts.get());
        if prev != Some(now) {
            engine.send(Command::Speed { per_second: now.0 });
        }
        now
    });

    // The document's language and direction.
    Effect::new(move |_| {
        let l = lang.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", l.code());
            let _ = root.set_attribute("dir", l.dir());
        }
        document().set_title(&format!("{} · {}", l.t(T::AppTitle), l.t(T::Tagline)));
    });

    canvas::install_svg_capture();
    look::follow(settings);
    provide_context(settings);
    provide_context(run);
    provide_context(runs);
    provide_context(engine);
    provide_context(widgets::Clicks::new());
    provide_context(runs.surface);
    provide_context(runs.race);
    provide_context(runs.lab);
    provide_context(runs.claim);
    provide_context(runs.arch);
    provide_context(runs.transfer);
    embed::install(settings, problems, runs, engine);
    transfer::provide_models(settings, runs, engine);

    // autoplay: training starts once, when the first run has started.
    Effect::new(move |started: Option<bool>| {
        if started == Some(true) || !settings.with_untracked(|s| s.page.autoplay) {
            return started.unwrap_or(false);
        }
        let ready = run.status.get() == Status::Ready && run.history.with(|h| !h.is_empty());
        if ready {
            run.running.set(true);
            engine.send(Command::Play);
        }
        ready
    });
    let comparing = move || settings.with(|s| s.page.compare);
    // Points get the plane's panels; images their gallery, confusion matrix and maps.
    let points = move || settings.with(|s| s.run.dataset.data_kind() == crate::engine::DataKind::Points);
    let images = move || settings.with(|s| s.run.dataset.data_kind() == crate::engine::DataKind::Images);
    // A lesson or embed mode shows only its panels (and a shown surface computes itself).
    let panel_mode = Memo::new(move |_| settings.with(|s| s.page.embed || s.page.lesson != crate::lessons::LessonKey::None || !s.page.panels.0.is_empty()));
    let embed = Memo::new(move |_| settings.with(|s| s.page.embed));
    provide_context(PanelMode(panel_mode));

    let t = move |k: T| move || lang.get().t(k);
    // One layout, always mounted (panels keep their timers and animations; none is ever torn
    // down): the full playground, or (a lesson or embed mode) only the shown panels, the
    // others hidden and the columns' wrappers dissolved into one grid (`panel-mode`).
    let shown = Memo::new(move |_| settings.with(crate::lessons::shown_panels));
    let hide = move |p: Panel| move || panel_mode.get() && !shown.with(|s| s.contains(&p));
    let with_lesson = move || panel_mode.get() && !embed.get() && settings.with(|s| s.page.lesson != crate::lessons::LessonKey::None);
    // The panels below the first screen are built after the first frame is painted, one per
    // task in this order (a long task each would hold the page), so the data, the network
    // and the boundary show sooner. Each is built once and never torn down: its memo turns
    // true once.
    const LATER: [Panel; 8] = [Panel::Training, Panel::Histograms, Panel::Curve, Panel::Surface, Panel::Arch, Panel::Transfer, Panel::Race, Panel::Lab];
    let built = RwSignal::new(0usize);
    fn build_next(built: RwSignal<usize>) {
        set_timeout(
            move || {
                built.update(|n| *n += 1);
                if built.get_untracked() < LATER.len() {
                    build_next(built);
                } else {
                    // For the benchmark: every panel built.
                    widgets::mark_once("descent:built");
                }
            },
            std::time::Duration::ZERO,
        );
    }
    request_animation_frame(move || build_next(built));
    let deferred = move |p: Panel| {
        let order = LATER.iter().position(|&q| q == p).unwrap_or(0);
        let ready = Memo::new(move |_| built.get() > order);
        move || ready.get().then(|| untrack(|| panel_section(p)))
    };
    view! {
        <div class="app" class:embed=move || embed.get() dir=move || lang.get().dir() lang=move || lang.get().code()>
            <Show when=move || !embed.get()>
                <header class="top">
                    <h1>{t(T::AppTitle)}</h1>
                    <p class="tagline">{t(T::Tagline)}</p>
                    <div class="spacer"></div>
                    <classroom::LessonMenu />
                    <controls::LanguageSwitch />
                </header>
            </Show>
            <Notices problems lang />
            <div class="toolbar">
                <controls::Transport />
                <div class="status-lines">
                    <StatusLine lang run=runs.a label=None />
                    <Show when=comparing>
                        <StatusLine lang run=runs.b label=Some(T::RunB) />
                    </Show>
                </div>
                <Show when=move || embed.get()>
                    <classroom::ControlStrip />
                    <classroom::OpenFull />
                </Show>
            </div>
            <div class="page-body" class:with-lesson=with_lesson>
                <Show when=with_lesson>
                    <classroom::LessonBox />
                </Show>
                <main class="layout" class:panel-mode=move || panel_mode.get()>
                    <div class="left">
                        <div class="slot" hidden=hide(Panel::Data)>{panel_section(Panel::Data)}</div>
                        // The features' histograms are for points.
                        <div class="slot" hidden=move || hide(Panel::Histograms)() || !points()>{deferred(Panel::Histograms)}</div>
                        <div class="slot" hidden=hide(Panel::Curve)>{deferred(Panel::Curve)}</div>
                        <Show when=images>
                            <div class="slot" hidden=hide(Panel::Prep)>{panel_section(Panel::Prep)}</div>
                            <div class="slot" hidden=hide(Panel::Augment)>{panel_section(Panel::Augment)}</div>
                        </Show>
                        <div class="slot" hidden=hide(Panel::Training)>{deferred(Panel::Training)}</div>
                    </div>
                    <div class="slot" hidden=hide(Panel::Network)>{panel_section(Panel::Network)}</div>
                    <div class="output">
                        <div class="slot" hidden=hide(Panel::Boundary)>{panel_section(Panel::Boundary)}</div>
                        <div class="slot" hidden=hide(Panel::Loss)>{panel_section(Panel::Loss)}</div>
                    </div>
                    <Show when=move || comparing() && !panel_mode.get()>
                        <section class="panel run-b" aria-labelledby="h-run-b">
                            <h2 id="h-run-b">{t(T::RunB)}</h2>
                            <p class="help">{t(T::HelpRunB)}</p>
                            <div class="run-b-grid">
                                <controls::Group group=crate::settings::Group::Data which=widgets::Which::B />
                                <controls::Group group=crate::settings::Group::ImagePrep which=widgets::Which::B />
                                <controls::Group group=crate::settings::Group::Augment which=widgets::Which::B />
                                <controls::Group group=crate::settings::Group::Network which=widgets::Which::B />
                                <controls::Group group=crate::settings::Group::Training which=widgets::Which::B />
                            </div>
                        </section>
                    </Show>
                    <div class="slot" hidden=hide(Panel::Surface)>{deferred(Panel::Surface)}</div>
                    <div class="slot" hidden=hide(Panel::Arch)>{deferred(Panel::Arch)}</div>
                    <div class="slot" hidden=move || hide(Panel::Transfer)() || !images()>{deferred(Panel::Transfer)}</div>
                    <div class="slot" hidden=hide(Panel::Race)>{deferred(Panel::Race)}</div>
                    <div class="slot" hidden=hide(Panel::Lab)>{deferred(Panel::Lab)}</div>
                </main>
            </div>
        </div>
    }
}

/// Whether the page shows only some panels (a lesson or embed mode); a shown loss surface
/// then computes itself.
#[derive(Clone, Copy)]
pub struct PanelMode(pub Memo<bool>);

use crate::lessons::Panel;

/// A panel's content without its frame (the full layout groups several in one section).
fn panel_body(p: Panel) -> AnyView {
    let settings = expect_context::<RwSignal<Settings>>();
    let runs = expect_context::<Runs>();
    let comparing = move || settings.with(|s| s.page.compare);
    let points = move || settings.with(|s| s.run.dataset.data_kind() == crate::engine::DataKind::Points);
    match p {
        Panel::Data => view! {
            <controls::Group group=crate::settings::Group::Data />
            <controls::RegenerateButton />
            <controls::DataReport />
            <Show when=points>
                <controls::CsvInput />
            </Show>
        }
        .into_any(),
        Panel::Histograms => view! { <draw::HistogramCanvas /> }.into_any(),
        Panel::Curve => view! { <controls::LearningCurve /> }.into_any(),
        Panel::Training => view! {
            <controls::Group group=crate::settings::Group::Training />
            <controls::RangeTest />
        }
        .into_any(),
        Panel::Network => view! {
            <controls::Group group=crate::settings::Group::Network />
            <transfer::WeightsFile />
            <Show when=points>
                <draw::NetworkCanvas />
            </Show>
            <draw::ActivityCanvas />
        }
        .into_any(),
        Panel::Boundary => view! {
            <Show when=points fallback=move || {
                let sequences = move || settings.with(|s| s.run.dataset.data_kind() == crate::engine::DataKind::Sequences);
                view! {
                    <Show when=sequences fallback=move || view! { <images::ImagePanel /> }>
                        <sequences::SequencePanel />
                    </Show>
                }
            }>
                <div class="boundaries">
                    <draw::BoundaryCanvas run=runs.a which=widgets::Which::A />
                    <Show when=comparing>
                        <draw::BoundaryCanvas run=runs.b which=widgets::Which::B />
                    </Show>
                </div>
                <Show when=move || !settings.with(|s| s.page.embed)>
                    <controls::ClickControls />
                </Show>
            </Show>
        }
        .into_any(),
        Panel::Loss => view! {
            <controls::Group group=crate::settings::Group::View />
            <draw::LossCanvas />
            <draw::CurveDownloads />
            <EvalModeNote />
        }
        .into_any(),
        Panel::Prep => view! { <imageprep::ImagePrepPanel /> }.into_any(),
        Panel::Augment => view! { <imageprep::AugmentPanel /> }.into_any(),
        Panel::Surface => view! { <surface::SurfacePanel /> }.into_any(),
        Panel::Race => view! { <race::RacePanel /> }.into_any(),
        Panel::Arch => view! { <arch::ArchPanel /> }.into_any(),
        Panel::Transfer => view! { <transfer::TransferPanel /> }.into_any(),
        Panel::Lab => view! { <lab::LabPanel /> }.into_any(),
    }
}

/// A panel in its own frame (the surface, race, lab and image panels have their own). The
/// boundary's frame keeps the name "Output" and the class `output-panel`.
fn panel_section(p: Panel) -> AnyView {
    let settings = expect_context::<RwSignal<Settings>>();
    let lang = move || settings.with(|s| s.page.lang);
    match p {
        Panel::Prep | Panel::Augment | Panel::Surface | Panel::Race | Panel::Lab => panel_body(p),
        _ => {
            use crate::settings::Named;
            let (class, title) = match p {
                Panel::Boundary => ("output-panel".to_string(), T::PanelOutput),
                Panel::Data | Panel::Network | Panel::Training => (p.name().to_string(), p.label()),
                _ => (format!("p-{}", p.name()), p.label()),
            };
            let id = format!("h-{}", p.name());
            let labelled_by = id.clone();
            view! {
                <section class=format!("panel {class}") aria-labelledby=labelled_by>
                    <h2 id=id>{move || lang().t(title)}</h2>
                    {panel_body(p)}
                </section>
            }
            .into_any()
        }
    }
}

/// The live status line, e.g. `epoch 12 · train loss 0.123 · test loss 0.130 · test accuracy 95.2%`
/// (no accuracy for regression).
pub fn status_text(lang: Lang, s: &EpochStats) -> String {
    let mut line = format!(
        "{} {} · {} {} · {} {}",
        lang.t(T::Epoch),
        lang.num(s.epoch as f64, 0),
        lang.t(T::TrainLoss),
        lang.num(s.train_loss as f64, 3),
        lang.t(T::TestLoss),
        lang.num(s.test_loss as f64, 3),
    );
    if let Some(acc) = s.test_acc {
        line += &format!(" · {} {}", lang.t(T::TestAccuracy), lang.digits(&format!("{:.1}%", acc * 100.0)));
    }
    line
}

#[component]
fn StatusLine(lang: Memo<Lang>, run: RunState, label: Option<T>) -> impl IntoView {
    let line = move || {
        let l = lang.get();
        let prefix = label.map(|k| format!("{}: ", l.t(k))).unwrap_or_default();
        run.history
            .with(|h| h.last().map(|s| format!("{prefix}{}", status_text(l, s))))
            .unwrap_or_else(|| l.t(T::Loading).to_string())
    };
    // A long epoch's progress, beside the status (not in it: a screen reader would read it
    // out every second).
    let within = move || {
        let l = lang.get();
        run.working.get().filter(|_| run.running.get()).map(|w| match w {
            crate::engine::heartbeat::Work::Batch { done, of } => format!("{} {} / {}", l.t(T::InsideEpoch), l.num(done as f64, 0), l.num(of as f64, 0)),
            crate::engine::heartbeat::Work::Evaluating => l.t(T::EvaluatingNow).to_string(),
        })
    };
    let message = move || {
        let l = lang.get();
        match run.status.get() {
            Status::Loading => Some((l.t(T::Loading).to_string(), "info")),
            Status::Ready => None,
            Status::Diverged { epoch } => Some((format!("{} ({} {})", l.t(T::Diverged), l.t(T::Epoch), l.num(epoch as f64, 0)), "error")),
            Status::Failed { problem } => Some((format!("{} {}", l.t(T::WorkerFailed), crate::i18n::problem_text(&problem, l)), "error")),
            Status::NoWorker => Some((format!("{} {}", l.t(T::WorkerFailed), l.t(T::NoWorker)), "error")),
            Status::Restarted { message } => Some((format!("{} {message}. {}", l.t(T::WorkerFailed), l.t(T::WorkerRestarted)), "error")),
            Status::Stalled => Some((format!("{} {} {}", l.t(T::WorkerFailed), l.t(T::WorkerStalled), l.t(T::WorkerRestarted)), "error")),
        }
    };
    view! {
        <div class="status-box">
            <p class="status" role="status" aria-live="polite">{line}</p>
            {move || within().map(|w| view! { <p class="status-within">{w}</p> })}
            {move || message().map(|(text, kind)| view! { <p class=format!("message {kind}") role="alert">{text}</p> })}
        </div>
    }
}

/// Shown while dropout or batch norm is on (in run A, or in run B when comparing): what is
/// measured and drawn runs in evaluation mode.
#[component]
fn EvalModeNote() -> impl IntoView {
    let settings = expect_context::<RwSignal<Settings>>();
    let shown = move || {
        settings.with(|s| {
            let uses = |m: crate::engine::ModelConfig| m.batch_norm.iter().any(|&b| b) || m.dropout.iter().any(|&d| d > 0.0);
            uses(s.train_config().model) || (s.page.compare && uses(s.run_b().train_config().model))
        })
    };
    move || {
        shown().then(|| {
            let l = settings.with(|s| s.page.lang);
            view! { <p class="note eval-note" role="note">{l.t(T::EvalModeNote)}</p> }
        })
    }
}

#[component]
fn Notices(problems: RwSignal<Vec<Problem>>, lang: Memo<Lang>) -> impl IntoView {
    move || {
        let l = lang.get();
        let list = problems.get();
        (!list.is_empty()).then(|| {
            view! {
                <div class="notice" role="alert">
                    <p>{l.t(T::NoticeTitle)}</p>
                    <ul>{list.iter().map(|p| view! { <li><code>{p.message(l)}</code></li> }).collect_view()}</ul>
                    <button on:click=move |_| problems.set(vec![])>{l.t(T::Dismiss)}</button>
                </div>
            }
        })
    }
}

/// Mounts the app on the page's body.
pub fn mount() {
    // For the benchmark: when the page's wasm started and when its views were built (the first
    // frame, `descent:first-view`, follows when the effects have drawn).
    widgets::mark_once("descent:start");
    leptos::mount::mount_to_body(App);
    widgets::mark_once("descent:mounted");
}
