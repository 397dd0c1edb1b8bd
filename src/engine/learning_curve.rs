//! The learning curve: the current configuration trained from the same initial weights (same
//! seed) for a fixed number of epochs on training sets of growing size, each evaluated on
//! the same test set. It shows how much more data helps.
//!
//! The points: one pool is drawn with the data's seed, large enough for the largest size at
//! the configuration's training share (generated data: `points` = ⌈largest / share⌉; the
//! user's own data: all of it, sizes beyond its training split are left out). Size n trains
//! on the first n points of the pool's (shuffled) training split, so the sets are nested
//! random samples; the test set is the pool's whole test split, the same for every size.
//! Corruption and cleaning apply to each training set as in a normal run, and the scaling is
//! fitted on each training set.
//!
//! It runs one epoch per `step` so the worker can interleave it with messages (progress,
//! cancel), as the range test does.

use super::data::{DataConfig, DataKind, Dataset, DatasetKind};
use super::images::ImageSet;
use super::sequences::SequenceSet;
use super::problem::Problem;
use super::train::{TrainConfig, Trainer};
use super::Result;
use candle_core::DType;
use serde::{Deserialize, Serialize};

/// Default training-set sizes.
pub const SIZES: [usize; 6] = [25, 50, 100, 200, 400, 800];
/// Default epochs per size.
pub const EPOCHS: usize = 100;
/// The largest size accepted (the page's `points` limit).
pub const MAX_SIZE: usize = 5000;

/// One size's result, after the last epoch.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct CurvePoint {
    /// Training points asked for (before cleaning).
    pub size: usize,
    /// Training points trained on (after cleaning).
    pub trained_on: usize,
    pub train_loss: f32,
    pub test_loss: f32,
    /// Classification only.
    pub train_acc: Option<f32>,
    pub test_acc: Option<f32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CurveResult {
    /// Sizes increasing.
    pub points: Vec<CurvePoint>,
    pub epochs: usize,
    /// Points in the common test set.
    pub test_size: usize,
}

/// The examples the sizes are taken from, per data kind.
enum Pool {
    Points(Dataset),
    Images(ImageSet),
    Sequences(SequenceSet),
}

impl Pool {
    fn train_len(&self) -> usize {
        match self {
            Pool::Points(d) => d.train.len(),
            Pool::Images(s) => s.train.len(),
            Pool::Sequences(s) => s.train.len(),
        }
    }

    fn test_len(&self) -> usize {
        match self {
            Pool::Points(d) => d.test.len(),
            Pool::Images(s) => s.test.len(),
            Pool::Sequences(s) => s.test.len(),
        }
    }
}

pub struct LearningCurve {
    config: TrainConfig,
    pool: Pool,
    sizes: Vec<usize>,
    epochs: usize,
    /// Index into `sizes` of the trainer being trained.
    current: usize,
    trainer: Option<Trainer>,
    done: usize,
    points: Vec<CurvePoint>,
    finished: bool,
}

impl LearningCurve {
    /// Sizes are sorted and deduplicated; sizes of 0 or above [`MAX_SIZE`] are refused, and
    /// with the user's data, sizes beyond its training split are left out.
    pub fn new(config: TrainConfig, sizes: &[usize], epochs: usize) -> Result<LearningCurve> {
        let mut sizes = sizes.to_vec();
        sizes.sort_unstable();
        sizes.dedup();
        if sizes.first().is_some_and(|&s| s < 2) || sizes.last().is_some_and(|&s| s > MAX_SIZE) {
            return Err(Problem::CurveSizes { max: MAX_SIZE }.into());
        }
        let largest = sizes.last().copied().unwrap_or(0);
        let fraction = config.data.train_fraction.clamp(0.01, 0.99);
        let pool_config = match config.data.kind {
            DatasetKind::Custom => config.data.clone(),
            _ => DataConfig { points: (largest as f64 / fraction).ceil() as usize, ..config.data.clone() },
        };
        let pool = match config.data.kind.data_kind() {
            DataKind::Images => Pool::Images(ImageSet::generate(&pool_config.image_config())?),
            DataKind::Sequences => Pool::Sequences(SequenceSet::generate(&DataConfig { points: pool_config.points.min(super::sequences::MAX_COUNT), ..pool_config.clone() }.seq_config())?),
            _ => Pool::Points(Dataset::generate(&pool_config)),
        };
        sizes.retain(|&s| s <= pool.train_len());
        if sizes.is_empty() || pool.test_len() == 0 {
            return Err(Problem::CurveTooFew { have: pool.train_len() }.into());
        }
        let mut curve = LearningCurve {
            config,
            pool,
            sizes,
            epochs: epochs.max(1),
            current: 0,
            trainer: None,
            done: 0,
            points: Vec::new(),
            finished: false,
        };
        // Fail now, not midway, on a configuration that cannot train.
        curve.trainer = Some(curve.trainer_for(0)?);
        Ok(curve)
    }

    fn trainer_for(&self, i: usize) -> Result<Trainer> {
        let n = self.sizes[i];
        match &self.pool {
            Pool::Points(d) => Trainer::from_dataset(self.config.clone(), Dataset { train: d.train[..n].to_vec(), test: d.test.clone() }, DType::F32),
            Pool::Images(s) => Trainer::from_images(self.config.clone(), ImageSet { train: s.train[..n].to_vec(), test: s.test.clone(), ..*s }, DType::F32),
            // Forecasting keeps the latest windows (the ones nearest the test part).
            Pool::Sequences(s) => {
                let from = if self.config.data.kind.is_forecast() { s.train.len() - n } else { 0 };
                Trainer::from_sequences(self.config.clone(), SequenceSet { train: s.train[from..from + n].to_vec(), test: s.test.clone(), ..*s }, DType::F32)
            }
        }
    }

    pub fn sizes(&self) -> &[usize] {
        &self.sizes
    }

    /// One epoch of the current size (and, after its last epoch, its evaluation); false once
    /// every size is done.
    pub fn step(&mut self) -> Result<bool> {
        if self.finished {
            return Ok(false);
        }
        let t = match &mut self.trainer {
            Some(t) => t,
            None => self.trainer.insert(self.trainer_for(self.current)?),
        };
        t.fit_epoch()?;
        self.done += 1;
        if t.epoch() >= self.epochs {
            let s = t.evaluate()?;
            self.points.push(CurvePoint {
                size: self.sizes[self.current],
                trained_on: t.train_len(),
                train_loss: s.train_loss,
                test_loss: s.test_loss,
                train_acc: s.train_acc,
                test_acc: s.test_acc,
            });
            self.trainer = None;
            self.current += 1;
            self.finished = self.current >= self.sizes.len();
        }
        Ok(!self.finished)
    }

    /// (epochs done, epochs in all).
    pub fn progress(&self) -> (usize, usize) {
        (self.done, self.epochs * self.sizes.len())
    }

    pub fn result(&self) -> CurveResult {
        CurveResult { points: self.points.clone(), epochs: self.epochs, test_size: self.pool.test_len() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;

    #[test]
    fn more_data_beats_little_on_a_fixed_test_set() {
        let config = Settings::from_hash("dataset=xor&hidden=8&seed=1&noise=10").0.train_config();
        let mut c = LearningCurve::new(config, &[400, 25, 25], 40).unwrap();
        assert_eq!(c.sizes(), &[25, 400]);
        assert_eq!(c.progress(), (0, 80));
        let mut steps = 0;
        while c.step().unwrap() {
            steps += 1;
        }
        assert_eq!(steps + 1, 80);
        assert_eq!(c.progress(), (80, 80));
        assert!(!c.step().unwrap(), "finished stays finished");
        let r = c.result();
        assert_eq!(r.test_size, 400, "⌈400 / 0.5⌉ points, half of them for testing");
        let (small, large) = (r.points[0], r.points[1]);
        assert_eq!((small.size, large.size, large.trained_on), (25, 400, 400));
        let (a, b) = (small.test_acc.unwrap(), large.test_acc.unwrap());
        assert!(b > a, "400 points: {b}, 25 points: {a}");
    }

    /// Claim: the default run (circle, 4-2 network, SGD, 100 epochs) tests better on 800
    /// training points than on 25 (seed 1: 1.0 against 0.78).
    #[test]
    fn the_default_run_tests_better_on_800_points_than_on_25() {
        let mut c = LearningCurve::new(Settings::default().train_config(), &[25, 800], EPOCHS).unwrap();
        while c.step().unwrap() {}
        let r = c.result();
        let (small, large) = (r.points[0].test_acc.unwrap(), r.points[1].test_acc.unwrap());
        assert!(large > small + 0.1, "800 points: {large}, 25 points: {small}");
    }

    #[test]
    fn bad_sizes_and_small_custom_data_are_messages() {
        let config = Settings::default().train_config();
        assert!(matches!(LearningCurve::new(config.clone(), &[1, 10], 5), Err(crate::engine::EngineError::Problem(Problem::CurveSizes { .. }))));
        assert!(matches!(LearningCurve::new(config.clone(), &[6000], 5), Err(crate::engine::EngineError::Problem(Problem::CurveSizes { max: 5000 }))));
        let mut custom = config;
        custom.data.kind = DatasetKind::Custom;
        custom.data.custom = (0..40).map(|i| crate::engine::Sample { x: i as f32 / 4.0 - 5.0, y: 0.0, label: (i % 2) as f32 }).collect();
        let c = LearningCurve::new(custom.clone(), &[10, 20, 50], 1).unwrap();
        assert_eq!(c.sizes(), &[10, 20], "sizes beyond the 20 training points are left out");
        assert!(LearningCurve::new(custom, &[50], 1).is_err());
    }

    /// Images: each size trains on the first images of one pool, tested on the same test split.
    #[test]
    fn a_learning_curve_over_images() {
        let config = Settings::from_hash("dataset=digits&points=200&layers=c4k3,mp2,d8&act=relu&opt=adam&lr=0.01&seed=1").0.train_config();
        let mut curve = LearningCurve::new(config, &[20, 60], 3).unwrap();
        while curve.step().unwrap() {}
        let r = curve.result();
        assert_eq!(r.points.iter().map(|p| (p.size, p.trained_on)).collect::<Vec<_>>(), vec![(20, 20), (60, 60)]);
        assert!(r.points.iter().all(|p| p.test_acc.is_some_and(|a| (0.0..=1.0).contains(&a))));
        assert!(r.test_size > 0);
    }

    /// Sequences: forecasting trains on the latest windows of each size, tested on the same
    /// later windows.
    #[test]
    fn a_learning_curve_over_a_forecast() {
        let config = Settings::from_hash("dataset=sines&points=400&layers=gru4&opt=adam&lr=0.01&batch=16&seed=1").0.train_config();
        let mut curve = LearningCurve::new(config, &[20, 100], 2).unwrap();
        while curve.step().unwrap() {}
        let r = curve.result();
        assert_eq!(r.points.iter().map(|p| (p.size, p.trained_on)).collect::<Vec<_>>(), vec![(20, 20), (100, 100)]);
        assert!(r.points.iter().all(|p| p.test_loss.is_finite() && p.test_acc.is_none()));
    }
}
