//! The worker's logic, independent of the web: commands in, timed chunks of training, reports
//! out. The wasm glue (`app::worker`) only schedules `tick` and posts the reports, so all of
//! this is tested natively.

use crate::engine::learning_curve::LearningCurve;
use crate::engine::range_test::{RangeTest, STEPS as RANGE_STEPS};
use crate::engine::{EpochStats, TrainConfig, Trainer};
use crate::protocol::{Command, Report};

/// Resolution of the boundary heatmap and of the neuron thumbnails sent to the page.
pub const BOUNDARY_N: usize = 48;
pub const NEURON_N: usize = 14;

#[derive(Default)]
pub struct Host {
    trainer: Option<Trainer>,
    running: bool,
    /// The page has not yet acknowledged the last view.
    awaiting_ack: bool,
    /// The weights changed since the last view was sent.
    view_dirty: bool,
    range: Option<RangeTest>,
    curve: Option<LearningCurve>,
}

impl Host {
    pub fn new() -> Host {
        Host::default()
    }

    /// True while the glue should keep calling `tick`.
    pub fn running(&self) -> bool {
        (self.running && self.trainer.is_some()) || self.range.is_some() || self.curve.is_some()
    }

    pub fn handle(&mut self, cmd: Command) -> Vec<Report> {
        match cmd {
            Command::Configure { config } => match &mut self.trainer {
                Some(t) if !t.config().needs_rebuild(&config) => {
                    t.update_live(&config);
                    vec![]
                }
                _ => self.build(config),
            },
            Command::Reset => match &self.trainer {
                Some(t) => {
                    let config = t.config().clone();
                    self.running = false;
                    self.build(config)
                }
                None => vec![],
            },
            Command::Play => {
                self.running = self.trainer.is_some();
                vec![]
            }
            Command::Pause => {
                self.running = false;
                self.view_dirty = true;
                self.flush_view(vec![])
            }
            Command::Step => {
                self.running = false;
                self.train_for(&mut || 0.0, 0.0)
            }
            Command::RequestView => {
                self.awaiting_ack = false;
                self.view_dirty = true;
                self.flush_view(vec![])
            }
            Command::Ack => {
                self.awaiting_ack = false;
                if self.running { vec![] } else { self.flush_view(vec![]) }
            }
            Command::StartRangeTest => match &self.trainer {
                Some(t) => match RangeTest::new(t.config().clone(), RANGE_STEPS) {
                    Ok(r) => {
                        self.range = Some(r);
                        vec![Report::RangeProgress { done: 0, total: RANGE_STEPS }]
                    }
                    Err(e) => vec![Report::Failed { message: e.to_string() }],
                },
                None => vec![],
            },
            Command::CancelRangeTest => match self.range.take() {
                Some(r) => vec![Report::RangeDone { result: r.result(), cancelled: true }],
                None => vec![],
            },
            Command::StartLearningCurve { sizes, epochs } => match &self.trainer {
                Some(t) => match LearningCurve::new(t.config().clone(), &sizes, epochs) {
                    Ok(c) => {
                        let (done, total) = c.progress();
                        self.curve = Some(c);
                        vec![Report::CurveProgress { done, total }]
                    }
                    Err(e) => vec![Report::Failed { message: e.to_string() }],
                },
                None => vec![],
            },
            Command::CancelLearningCurve => match self.curve.take() {
                Some(c) => vec![Report::CurveDone { result: c.result(), cancelled: true }],
                None => vec![],
            },
        }
    }

    /// Trains whole epochs until `budget_ms` has passed on `clock` (at least one epoch), then
    /// reports the new epochs and, if the page is ready for it, a new view.
    pub fn tick(&mut self, clock: &mut dyn FnMut() -> f64, budget_ms: f64) -> Vec<Report> {
        if self.range.is_some() {
            return Self::range_for(&mut self.range, clock, budget_ms);
        }
        if self.curve.is_some() {
            return Self::curve_for(&mut self.curve, clock, budget_ms);
        }
        if !self.running() {
            return vec![];
        }
        self.train_for(clock, budget_ms)
    }

    /// Range-test steps until the budget is spent; progress, or the result when done.
    fn range_for(slot: &mut Option<RangeTest>, clock: &mut dyn FnMut() -> f64, budget_ms: f64) -> Vec<Report> {
        let Some(range) = slot else { return vec![] };
        let total = range.progress().1;
        let start = clock();
        loop {
            match range.step() {
                Ok(true) => {}
                Ok(false) => {
                    let result = range.result();
                    *slot = None;
                    return vec![Report::RangeProgress { done: total, total }, Report::RangeDone { result, cancelled: false }];
                }
                Err(e) => {
                    *slot = None;
                    return vec![Report::Failed { message: e.to_string() }];
                }
            }
            if clock() - start >= budget_ms {
                let (done, total) = range.progress();
                return vec![Report::RangeProgress { done, total }];
            }
        }
    }

    /// Learning-curve epochs until the budget is spent; progress, or the result when done.
    fn curve_for(slot: &mut Option<LearningCurve>, clock: &mut dyn FnMut() -> f64, budget_ms: f64) -> Vec<Report> {
        let Some(curve) = slot else { return vec![] };
        let start = clock();
        loop {
            match curve.step() {
                Ok(true) => {}
                Ok(false) => {
                    let (done, total) = curve.progress();
                    let result = curve.result();
                    *slot = None;
                    return vec![Report::CurveProgress { done, total }, Report::CurveDone { result, cancelled: false }];
                }
                Err(e) => {
                    *slot = None;
                    return vec![Report::Failed { message: e.to_string() }];
                }
            }
            if clock() - start >= budget_ms {
                let (done, total) = curve.progress();
                return vec![Report::CurveProgress { done, total }];
            }
        }
    }

    fn build(&mut self, config: TrainConfig) -> Vec<Report> {
        let was_running = self.running;
        self.trainer = None;
        self.running = false;
        match Trainer::new(config).and_then(|t| t.evaluate().map(|s| (t, s))) {
            Ok((t, stats)) => {
                let started = Report::Started {
                    train: t.data.train.clone(),
                    test: t.data.test.clone(),
                    parameters: t.model().parameter_count(),
                    clean: t.report.clone(),
                    pipeline: t.pipeline.clone(),
                };
                self.trainer = Some(t);
                self.running = was_running;
                self.view_dirty = true;
                self.awaiting_ack = false;
                self.flush_view(vec![started, Report::Progress { running: self.running, epochs: vec![stats], view: None }])
            }
            Err(e) => vec![Report::Failed { message: e.to_string() }],
        }
    }

    fn train_for(&mut self, clock: &mut dyn FnMut() -> f64, budget_ms: f64) -> Vec<Report> {
        let Some(t) = &mut self.trainer else { return vec![] };
        let start = clock();
        let mut epochs: Vec<EpochStats> = Vec::new();
        let mut reports = Vec::new();
        loop {
            match t.train_epoch() {
                Ok(s) => {
                    epochs.push(s);
                    if !s.is_finite() {
                        self.running = false;
                        reports.push(Report::Diverged { epoch: s.epoch });
                        break;
                    }
                }
                Err(e) => {
                    self.running = false;
                    reports.push(Report::Failed { message: e.to_string() });
                    break;
                }
            }
            if clock() - start >= budget_ms {
                break;
            }
        }
        self.view_dirty = true;
        let progress = Report::Progress { running: self.running, epochs, view: None };
        reports.insert(0, progress);
        self.flush_view(reports)
    }

    /// Attaches a fresh view to the first Progress report (or adds one) when the weights
    /// changed and the page has drawn the previous view.
    fn flush_view(&mut self, mut reports: Vec<Report>) -> Vec<Report> {
        if !self.view_dirty || self.awaiting_ack {
            return reports;
        }
        let Some(t) = &mut self.trainer else { return reports };
        match t.view(BOUNDARY_N, NEURON_N) {
            Ok(v) => {
                self.view_dirty = false;
                self.awaiting_ack = true;
                match reports.iter_mut().find(|r| matches!(r, Report::Progress { .. })) {
                    Some(Report::Progress { view, .. }) => *view = Some(v),
                    _ => reports.push(Report::Progress { running: self.running, epochs: vec![], view: Some(v) }),
                }
            }
            Err(e) => reports.push(Report::Failed { message: e.to_string() }),
        }
        reports
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;

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
        let r = h.handle(Command::Configure { config: config() });
        assert!(matches!(&r[0], Report::Started { train, test, parameters: 25, .. } if train.len() == 250 && test.len() == 250));
        assert_eq!(epochs(&r), vec![0]);
        assert_eq!(views(&r), 1);
        assert!(!h.running());
    }

    #[test]
    fn tick_trains_for_its_budget_and_waits_for_acks() {
        let mut h = Host::new();
        h.handle(Command::Configure { config: config() });
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
        h.handle(Command::Configure { config: config() });
        h.handle(Command::Ack);
        let r = h.handle(Command::Step);
        assert_eq!(epochs(&r), vec![1]);
        let r = h.handle(Command::Step);
        assert_eq!(epochs(&r), vec![2]);
        let mut c = config();
        c.optimizer.lr = 0.3;
        assert!(h.handle(Command::Configure { config: c.clone() }).is_empty(), "lr changes in place");
        assert_eq!(epochs(&h.handle(Command::Step)), vec![3]);
        let r = h.handle(Command::Reset);
        assert!(matches!(r[0], Report::Started { .. }));
        assert_eq!(epochs(&r), vec![0]);
        c.model.hidden = vec![3];
        let r = h.handle(Command::Configure { config: c });
        assert!(matches!(&r[0], Report::Started { parameters: 13, .. }));
    }

    #[test]
    fn divergence_pauses_and_says_so() {
        let mut c = Settings::from_hash("dataset=spiral&act=linear&lr=10&batch=1").0.train_config();
        c.optimizer.lr = 1e6;
        let mut h = Host::new();
        h.handle(Command::Configure { config: c });
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
        h.handle(Command::Configure { config: config() });
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

    #[test]
    fn learning_curve_runs_in_chunks_and_can_be_cancelled() {
        let mut h = Host::new();
        h.handle(Command::Configure { config: config() });
        let r = h.handle(Command::StartLearningCurve { sizes: vec![25, 50], epochs: 3 });
        assert_eq!(r, vec![Report::CurveProgress { done: 0, total: 6 }]);
        assert!(h.running());
        let mut now = 0.0;
        let mut clock = || {
            now += 1.0;
            now
        };
        let r = h.tick(&mut clock, 2.0);
        assert_eq!(r, vec![Report::CurveProgress { done: 2, total: 6 }]);
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
    fn dirty_data_reports_what_cleaning_did_and_unclean_nan_is_refused() {
        let c = Settings::from_hash("dataset=circle&missing=0.1&outliers=0.05&clean=1&scaling=standardize").0.train_config();
        let r = Host::new().handle(Command::Configure { config: c });
        let Report::Started { train, clean, pipeline, .. } = &r[0] else { panic!("{r:?}") };
        assert_eq!(clean.injected.missing.len(), 25);
        assert_eq!(clean.removed.len() + train.len(), 250);
        assert_eq!(pipeline.stats.len(), 2);
        let c = Settings::from_hash("dataset=circle&missing=0.1").0.train_config();
        let r = Host::new().handle(Command::Configure { config: c });
        assert!(matches!(&r[0], Report::Failed { message } if message.contains("missing value (NaN)")), "{r:?}");
    }

    #[test]
    fn a_bad_configuration_is_a_message() {
        let mut c = config();
        c.batch_size = 0;
        let r = Host::new().handle(Command::Configure { config: c });
        assert!(matches!(&r[0], Report::Failed { message } if message.contains("batch size")));
    }
}
