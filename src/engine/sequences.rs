//! Seeded sequence datasets (issue 12's data; the recurrent models and the page come next):
//! forecasting windows cut from one long series, and the adding problem.
//!
//! - **Forecasting** (`Sines`, `Waves`, `Season`): one long series is generated, then every
//!   window of `window` values is an example whose target is the value `horizon` steps after
//!   the window's last one. The split is chronological, as forecasting must be: the first
//!   windows train, the later ones test, with no target of a training window inside a test
//!   window (a gap of `window + horizon − 1` steps). Series:
//!   - sines: the sum of three sines, periods 8–40 steps, amplitudes 0.2–0.5, random phases;
//!   - waves: segments of 40–120 steps, each a sawtooth or a square wave of period 10–30;
//!   - season: a linear trend plus a period-12 season (two harmonics) — monthly data.
//!
//!   Each adds Gaussian noise of standard deviation `noise`.
//! - **Adding problem** (Hochreiter & Schmidhuber 1997, in Le, Jaitly & Hinton's 2015 form):
//!   `seq_len` steps of two features, a value drawn from U(0, 1) and a marker that is 1 at
//!   exactly two steps (one in each half); the target is the sum of the two marked values. A
//!   plain RNN forgets the first marked value as `seq_len` grows; an LSTM or GRU keeps it.
//!   Always predicting 1 gives a mean squared error of 1/6 ≈ 0.167, the baseline to beat.
//!
//! Every set uses the data stream of the seed (`data::rng(seed, STREAM_DATA)`).

use super::data::{rng, Task, STREAM_DATA};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};
use serde::{Deserialize, Serialize};
use std::f64::consts::TAU;

/// Which sequence set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SeqKind {
    Sines,
    Waves,
    Season,
    Adding,
}

/// What to generate.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeqConfig {
    pub kind: SeqKind,
    /// Examples, train and test together.
    pub count: usize,
    /// Forecasting: the input's length and how far ahead the target lies.
    pub window: usize,
    pub horizon: usize,
    /// The adding problem's length.
    pub seq_len: usize,
    pub noise: f64,
    pub train_fraction: f64,
    pub seed: u64,
}

/// One example: `steps` × `features` values, row-major by step, and its target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sequence {
    pub values: Vec<f32>,
    pub target: f32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SequenceSet {
    pub steps: usize,
    pub features: usize,
    pub task: Task,
    pub train: Vec<Sequence>,
    pub test: Vec<Sequence>,
}

/// A configuration that cannot be generated.
#[derive(Clone, Debug, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum SeqError {
    #[error("example count {count} outside {min}..={max}")]
    Count { count: usize, min: usize, max: usize },
    #[error("window {window} outside {min}..={max}")]
    Window { window: usize, min: usize, max: usize },
    #[error("horizon {horizon} outside {min}..={max}")]
    Horizon { horizon: usize, min: usize, max: usize },
    #[error("sequence length {len} outside {min}..={max}")]
    Length { len: usize, min: usize, max: usize },
    #[error("noise {noise} outside [0, {max}]")]
    Noise { noise: f64, max: f64 },
    #[error("training fraction {fraction} outside (0, 1)")]
    Fraction { fraction: f64 },
}

pub const MIN_COUNT: usize = 20;
pub const MAX_COUNT: usize = 10_000;
pub const MIN_WINDOW: usize = 2;
pub const MAX_WINDOW: usize = 100;
pub const MAX_HORIZON: usize = 20;
pub const MIN_SEQ_LEN: usize = 4;
pub const MAX_SEQ_LEN: usize = 200;
pub const MAX_NOISE: f64 = 0.5;

impl SequenceSet {
    pub fn generate(cfg: &SeqConfig) -> Result<SequenceSet, SeqError> {
        validate(cfg)?;
        let mut r = rng(cfg.seed, STREAM_DATA);
        match cfg.kind {
            SeqKind::Adding => Ok(adding(cfg, &mut r)),
            kind => Ok(forecasting(kind, cfg, &mut r)),
        }
    }
}

fn validate(cfg: &SeqConfig) -> Result<(), SeqError> {
    if !(MIN_COUNT..=MAX_COUNT).contains(&cfg.count) {
        return Err(SeqError::Count { count: cfg.count, min: MIN_COUNT, max: MAX_COUNT });
    }
    if cfg.kind == SeqKind::Adding {
        if !(MIN_SEQ_LEN..=MAX_SEQ_LEN).contains(&cfg.seq_len) {
            return Err(SeqError::Length { len: cfg.seq_len, min: MIN_SEQ_LEN, max: MAX_SEQ_LEN });
        }
    } else {
        if !(MIN_WINDOW..=MAX_WINDOW).contains(&cfg.window) {
            return Err(SeqError::Window { window: cfg.window, min: MIN_WINDOW, max: MAX_WINDOW });
        }
        if !(1..=MAX_HORIZON).contains(&cfg.horizon) {
            return Err(SeqError::Horizon { horizon: cfg.horizon, min: 1, max: MAX_HORIZON });
        }
    }
    if !(cfg.noise.is_finite() && (0.0..=MAX_NOISE).contains(&cfg.noise)) {
        return Err(SeqError::Noise { noise: cfg.noise, max: MAX_NOISE });
    }
    if !(cfg.train_fraction.is_finite() && cfg.train_fraction > 0.0 && cfg.train_fraction < 1.0) {
        return Err(SeqError::Fraction { fraction: cfg.train_fraction });
    }
    Ok(())
}

/// How many training examples of `n` (at least one on each side).
fn n_train(n: usize, fraction: f64) -> usize {
    ((n as f64 * fraction).round() as usize).clamp(1, n - 1)
}

/// The noiseless series of `len` steps.
pub fn series(kind: SeqKind, len: usize, r: &mut ChaCha8Rng) -> Vec<f64> {
    match kind {
        SeqKind::Sines => {
            let parts: Vec<(f64, f64, f64)> = (0..3).map(|_| (r.random_range(8.0..40.0), r.random_range(0.2..0.5), r.random_range(0.0..TAU))).collect();
            (0..len).map(|t| parts.iter().map(|&(period, amp, phase)| amp * (TAU * t as f64 / period + phase).sin()).sum()).collect()
        }
        SeqKind::Waves => {
            let mut v = Vec::with_capacity(len);
            while v.len() < len {
                let seg = r.random_range(40..=120);
                let period = r.random_range(10..=30) as f64;
                let square = r.random_bool(0.5);
                let start = v.len();
                for t in 0..seg {
                    let phase = ((start + t) as f64 / period).fract();
                    v.push(if square { if phase < 0.5 { 0.8 } else { -0.8 } } else { 1.6 * phase - 0.8 });
                }
            }
            v.truncate(len);
            v
        }
        SeqKind::Season => {
            let slope = r.random_range(-1.0..1.0) / len.max(1) as f64;
            let (a1, a2) = (r.random_range(0.3..0.6), r.random_range(0.0..0.3));
            let (p1, p2) = (r.random_range(0.0..TAU), r.random_range(0.0..TAU));
            (0..len).map(|t| slope * t as f64 + a1 * (TAU * t as f64 / 12.0 + p1).sin() + a2 * (2.0 * TAU * t as f64 / 12.0 + p2).sin()).collect()
        }
        SeqKind::Adding => vec![0.0; len],
    }
}

fn forecasting(kind: SeqKind, cfg: &SeqConfig, r: &mut ChaCha8Rng) -> SequenceSet {
    let (w, h, n) = (cfg.window, cfg.horizon, cfg.count);
    let train = n_train(n, cfg.train_fraction);
    // The test windows start after the last training target: a gap of w + h − 1 steps.
    let gap = w + h - 1;
    let len = n + gap + w + h - 1;
    let mut s = series(kind, len, r);
    if cfg.noise > 0.0 {
        let normal = Normal::new(0.0, cfg.noise).expect("finite noise");
        s.iter_mut().for_each(|v| *v += normal.sample(r));
    }
    let example = |start: usize| Sequence { values: s[start..start + w].iter().map(|&v| v as f32).collect(), target: s[start + w + h - 1] as f32 };
    let train_set: Vec<Sequence> = (0..train).map(example).collect();
    let test_set: Vec<Sequence> = (train + gap..n + gap).map(example).collect();
    SequenceSet { steps: w, features: 1, task: Task::Regression, train: train_set, test: test_set }
}

fn adding(cfg: &SeqConfig, r: &mut ChaCha8Rng) -> SequenceSet {
    let t = cfg.seq_len;
    let mut all: Vec<Sequence> = (0..cfg.count)
        .map(|_| {
            let first = r.random_range(0..t / 2);
            let second = r.random_range(t / 2..t);
            let mut values = Vec::with_capacity(2 * t);
            let mut target = 0.0;
            for step in 0..t {
                let v: f32 = r.random_range(0.0..1.0);
                let marked = step == first || step == second;
                if marked {
                    target += v;
                }
                values.push(v);
                values.push(if marked { 1.0 } else { 0.0 });
            }
            Sequence { values, target }
        })
        .collect();
    let test = all.split_off(n_train(all.len(), cfg.train_fraction));
    SequenceSet { steps: t, features: 2, task: Task::Regression, train: all, test }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(kind: SeqKind) -> SeqConfig {
        SeqConfig { kind, count: 200, window: 20, horizon: 3, seq_len: 50, noise: 0.0, train_fraction: 0.75, seed: 4 }
    }

    #[test]
    fn forecasting_windows_are_cut_from_one_series_and_split_in_time() {
        for kind in [SeqKind::Sines, SeqKind::Waves, SeqKind::Season] {
            let c = cfg(kind);
            let set = SequenceSet::generate(&c).unwrap();
            assert_eq!((set.steps, set.features, set.task), (20, 1, Task::Regression));
            assert_eq!((set.train.len(), set.test.len()), (150, 50));
            // Consecutive windows overlap: the next window is this one moved by one step, and
            // a window's target is `horizon` steps after its end (so it appears, horizon − 1
            // windows later, as that window's last value).
            for pair in set.train.windows(2) {
                assert_eq!(pair[0].values[1..], pair[1].values[..19]);
            }
            assert_eq!(set.train[0].target, set.train[3].values[19], "{kind:?}");
            // No training target inside a test window: the first test window starts after the
            // last training target (its gap is window + horizon − 1 steps).
            let regenerated = series(kind, 200 + 2 * (20 + 3 - 1), &mut rng(c.seed, STREAM_DATA));
            let last_target_step = 149 + 20 + 3 - 1;
            let first_test_step = 150 + 22;
            assert!(first_test_step > last_target_step);
            assert_eq!(set.test[0].values[0], regenerated[first_test_step] as f32);
            assert!(set.train.iter().chain(&set.test).flat_map(|s| &s.values).all(|v| v.abs() < 2.0));
        }
    }

    #[test]
    fn the_series_have_their_stated_shapes() {
        let mut r = rng(1, STREAM_DATA);
        // The season repeats every 12 steps, up to the trend.
        let s = series(SeqKind::Season, 240, &mut r);
        let d: Vec<f64> = (0..228).map(|t| s[t + 12] - s[t]).collect();
        assert!(d.iter().all(|&x| (x - d[0]).abs() < 1e-9), "a constant 12-step difference (the trend)");
        // Waves: square waves at ±0.8 and sawtooth ramps between them, over the whole range.
        let w = series(SeqKind::Waves, 500, &mut r);
        assert!(w.iter().all(|&v| (-0.8..=0.8 + 1e-12).contains(&v)));
        assert!(w.iter().cloned().fold(f64::MIN, f64::max) - w.iter().cloned().fold(f64::MAX, f64::min) > 1.5);
        // Sines: three of amplitude ≤ 0.5, so |s| ≤ 1.5, and not constant.
        let s = series(SeqKind::Sines, 300, &mut r);
        assert!(s.iter().all(|v| v.abs() <= 1.5));
        assert!(s.iter().cloned().fold(f64::MIN, f64::max) - s.iter().cloned().fold(f64::MAX, f64::min) > 0.5);
    }

    #[test]
    fn the_adding_problem_marks_one_step_in_each_half() {
        let set = SequenceSet::generate(&cfg(SeqKind::Adding)).unwrap();
        assert_eq!((set.steps, set.features, set.train.len(), set.test.len()), (50, 2, 150, 50));
        let mut sq = 0.0;
        for s in set.train.iter().chain(&set.test) {
            let marked: Vec<usize> = (0..50).filter(|&t| s.values[2 * t + 1] == 1.0).collect();
            assert_eq!(marked.len(), 2);
            assert!(marked[0] < 25 && marked[1] >= 25);
            let sum: f32 = marked.iter().map(|&t| s.values[2 * t]).sum();
            assert!((sum - s.target).abs() < 1e-6);
            sq += ((s.target - 1.0) as f64).powi(2);
        }
        // Predicting 1 always: mean squared error about 1/6 (the sum of two U(0, 1) has
        // variance 1/6 around its mean 1).
        let mse = sq / 200.0;
        assert!((mse - 1.0 / 6.0).abs() < 0.04, "baseline MSE {mse}");
    }

    #[test]
    fn seeded_and_validated() {
        let c = cfg(SeqKind::Sines);
        assert_eq!(SequenceSet::generate(&c).unwrap(), SequenceSet::generate(&c).unwrap());
        assert_ne!(SequenceSet::generate(&c).unwrap(), SequenceSet::generate(&SeqConfig { seed: 5, ..c }).unwrap());
        let noisy = SequenceSet::generate(&SeqConfig { noise: 0.1, ..c }).unwrap();
        assert_ne!(noisy, SequenceSet::generate(&c).unwrap());
        assert!(matches!(SequenceSet::generate(&SeqConfig { count: 5, ..c }), Err(SeqError::Count { .. })));
        assert!(matches!(SequenceSet::generate(&SeqConfig { window: 1, ..c }), Err(SeqError::Window { .. })));
        assert!(matches!(SequenceSet::generate(&SeqConfig { horizon: 0, ..c }), Err(SeqError::Horizon { .. })));
        assert!(matches!(SequenceSet::generate(&SeqConfig { noise: f64::NAN, ..c }), Err(SeqError::Noise { .. })));
        assert!(matches!(SequenceSet::generate(&SeqConfig { train_fraction: 1.0, ..c }), Err(SeqError::Fraction { .. })));
        assert!(matches!(SequenceSet::generate(&SeqConfig { kind: SeqKind::Adding, seq_len: 2, ..c }), Err(SeqError::Length { .. })));
    }
}
