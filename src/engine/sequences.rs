//! Seeded sequence datasets (issue 12's data; the recurrent models and the page come next):
//! forecasting windows cut from one long series, the adding problem, and MNIST-1D.
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
//! - **MNIST-1D** (Greydanus, "Scaling down deep learning", 2020), written from the paper's
//!   description with our own ten templates ([`TEMPLATES`]): each example is a template of
//!   12 values (normalized: mean 0, standard deviation 1, starting at 0), padded with 36–60
//!   zeros split at random between its two ends, rolled (circularly) by a random amount,
//!   resampled onto [`MNIST1D_LEN`] = 40 points over a domain zoomed by up to ±40 %, sheared
//!   (a line of slope up to ±0.75 over [−1, 1] added), with correlated noise (white noise
//!   smoothed by a Gaussian of σ = 2 steps, scaled to standard deviation 0.25) and white
//!   noise (0.02, plus `noise`). Classes are balanced (example i has class i mod 10 before
//!   the shuffle). Where the pattern lies varies, so a network must find it anywhere: a 1-D
//!   CNN or a GRU does better than an MLP.
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
    Mnist1d,
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
            SeqKind::Mnist1d => Ok(mnist1d(cfg, &mut r)),
            kind => Ok(forecasting(kind, cfg, &mut r)),
        }
    }
}

fn validate(cfg: &SeqConfig) -> Result<(), SeqError> {
    if !(MIN_COUNT..=MAX_COUNT).contains(&cfg.count) {
        return Err(SeqError::Count { count: cfg.count, min: MIN_COUNT, max: MAX_COUNT });
    }
    match cfg.kind {
        SeqKind::Adding if !(MIN_SEQ_LEN..=MAX_SEQ_LEN).contains(&cfg.seq_len) => {
            return Err(SeqError::Length { len: cfg.seq_len, min: MIN_SEQ_LEN, max: MAX_SEQ_LEN });
        }
        SeqKind::Adding | SeqKind::Mnist1d => {}
        _ if !(MIN_WINDOW..=MAX_WINDOW).contains(&cfg.window) => {
            return Err(SeqError::Window { window: cfg.window, min: MIN_WINDOW, max: MAX_WINDOW });
        }
        _ if !(1..=MAX_HORIZON).contains(&cfg.horizon) => {
            return Err(SeqError::Horizon { horizon: cfg.horizon, min: 1, max: MAX_HORIZON });
        }
        _ => {}
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
        SeqKind::Adding | SeqKind::Mnist1d => vec![0.0; len],
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


/// MNIST-1D's length.
pub const MNIST1D_LEN: usize = 40;

/// Ten 1-D patterns of 12 values, one per class (ours, in MNIST-1D's spirit: each a distinct
/// shape of rises, falls, bumps and dips): 0 a single bump; 1 a deep early dip then a slow
/// rise; 2 a rise, a fall below the start, a return (an S); 3 two bumps; 4 a slide down and
/// a jump back; 5 a dip then a bump; 6 a single wide dip; 7 a jump up then a slow slide down;
/// 8 two dips; 9 a dip, a flat stretch, a small late dip.
pub const TEMPLATES: [[f64; 12]; 10] = [
    [5.0, 6.0, 6.6, 7.0, 7.2, 7.3, 7.3, 7.2, 7.0, 6.6, 6.0, 5.0],
    [5.0, 2.8, 2.8, 3.2, 3.6, 4.0, 4.4, 4.8, 5.2, 5.6, 5.3, 5.0],
    [5.0, 6.2, 6.6, 6.4, 5.8, 5.0, 4.4, 3.8, 3.4, 3.6, 4.2, 5.0],
    [5.0, 6.2, 6.6, 6.2, 5.2, 5.0, 5.0, 6.2, 6.6, 6.2, 5.2, 5.0],
    [5.0, 4.5, 4.0, 3.5, 3.0, 2.5, 2.2, 5.0, 5.0, 5.0, 5.0, 5.0],
    [5.0, 3.2, 3.0, 3.2, 4.2, 5.4, 6.4, 6.8, 6.6, 6.0, 5.4, 5.0],
    [5.0, 4.2, 3.6, 3.2, 3.0, 2.9, 2.9, 3.0, 3.2, 3.6, 4.2, 5.0],
    [5.0, 7.2, 7.0, 6.7, 6.4, 6.1, 5.8, 5.5, 5.2, 5.0, 5.0, 5.0],
    [5.0, 3.8, 3.4, 3.8, 5.0, 5.2, 5.0, 3.8, 3.4, 3.8, 5.0, 5.0],
    [5.0, 3.8, 3.4, 3.6, 4.6, 5.0, 5.0, 5.0, 5.0, 4.4, 4.0, 5.0],
];

/// A template normalized as the paper does: mean 0, standard deviation 1, then shifted so
/// that it starts at 0 (and, since every template starts and ends at the same value, ends
/// at 0: padding adds no jump).
pub fn template(class: usize) -> [f64; 12] {
    let t = TEMPLATES[class % 10];
    let mean = t.iter().sum::<f64>() / 12.0;
    let sd = (t.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / 12.0).sqrt();
    let z: Vec<f64> = t.iter().map(|v| (v - mean) / sd).collect();
    std::array::from_fn(|i| z[i] - z[0])
}

/// White noise smoothed by a Gaussian of σ steps (zero beyond the ends), scaled to unit
/// standard deviation.
fn correlated(len: usize, sigma: f64, r: &mut ChaCha8Rng) -> Vec<f64> {
    let white: Vec<f64> = (0..len).map(|_| Normal::new(0.0, 1.0).expect("unit normal").sample(r)).collect();
    let radius = (3.0 * sigma).ceil() as i64;
    let smooth: Vec<f64> = (0..len as i64)
        .map(|i| (-radius..=radius).filter(|d| (0..len as i64).contains(&(i + d))).map(|d| (-(d * d) as f64 / (2.0 * sigma * sigma)).exp() * white[(i + d) as usize]).sum())
        .collect();
    let sd = (smooth.iter().map(|v| v * v).sum::<f64>() / len as f64).sqrt().max(1e-12);
    smooth.into_iter().map(|v| v / sd).collect()
}

/// One MNIST-1D example of `class`.
pub fn mnist1d_example(class: usize, extra_noise: f64, r: &mut ChaCha8Rng) -> Vec<f32> {
    let t = template(class);
    let pad = r.random_range(36..=60);
    let left = r.random_range(0..=pad);
    let mut x = vec![0.0; left];
    x.extend_from_slice(&t);
    x.resize(12 + pad, 0.0);
    let n = x.len();
    x.rotate_right(r.random_range(0..n));
    let zoom = 1.0 + 0.4 * r.random_range(-1.0..1.0);
    let shear = 0.75 * r.random_range(-1.0..1.0);
    let corr = correlated(MNIST1D_LEN, 2.0, r);
    let white = Normal::new(0.0, 0.02 + extra_noise).expect("positive noise");
    (0..MNIST1D_LEN)
        .map(|i| {
            let u = i as f64 / (MNIST1D_LEN - 1) as f64; // 0..1
            // The resampling grid, zoomed about the middle of the padded signal.
            let p = ((u - 0.5) * zoom + 0.5) * (n - 1) as f64;
            let v = if p < 0.0 || p > (n - 1) as f64 {
                0.0
            } else {
                let k = (p.floor() as usize).min(n - 2);
                let f = p - k as f64;
                x[k] * (1.0 - f) + x[k + 1] * f
            };
            (v + shear * (2.0 * u - 1.0) + 0.25 * corr[i] + white.sample(r)) as f32
        })
        .collect()
}

fn mnist1d(cfg: &SeqConfig, r: &mut ChaCha8Rng) -> SequenceSet {
    let mut all: Vec<Sequence> = (0..cfg.count).map(|i| Sequence { values: mnist1d_example(i % 10, cfg.noise, r), target: (i % 10) as f32 }).collect();
    for i in (1..all.len()).rev() {
        let j = r.random_range(0..=i);
        all.swap(i, j);
    }
    let test = all.split_off(n_train(all.len(), cfg.train_fraction));
    SequenceSet { steps: MNIST1D_LEN, features: 1, task: Task::Multiclass { classes: 10 }, train: all, test }
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
    fn mnist1d_templates_examples_and_classes() {
        // Every template starts and ends at 0 after normalization, has standard deviation 1,
        // and no two are alike (correlation below 0.9).
        let ts: Vec<[f64; 12]> = (0..10).map(template).collect();
        for t in &ts {
            assert!(t[0].abs() < 1e-12 && t[11].abs() < 1e-12);
            let m = t.iter().sum::<f64>() / 12.0;
            let sd = (t.iter().map(|v| (v - m).powi(2)).sum::<f64>() / 12.0).sqrt();
            assert!((sd - 1.0).abs() < 1e-9);
        }
        let corr = |a: &[f64; 12], b: &[f64; 12]| {
            let (ma, mb) = (a.iter().sum::<f64>() / 12.0, b.iter().sum::<f64>() / 12.0);
            let cov: f64 = a.iter().zip(b).map(|(x, y)| (x - ma) * (y - mb)).sum();
            cov / (a.iter().map(|x| (x - ma).powi(2)).sum::<f64>().sqrt() * b.iter().map(|y| (y - mb).powi(2)).sum::<f64>().sqrt())
        };
        for i in 0..10 {
            for j in i + 1..10 {
                assert!(corr(&ts[i], &ts[j]) < 0.9, "templates {i} and {j}: {}", corr(&ts[i], &ts[j]));
            }
        }
        let c = SeqConfig { kind: SeqKind::Mnist1d, count: 1000, window: 0, horizon: 0, seq_len: 0, noise: 0.0, train_fraction: 0.8, seed: 1 };
        let set = SequenceSet::generate(&c).unwrap();
        assert_eq!((set.steps, set.features, set.task), (40, 1, Task::Multiclass { classes: 10 }));
        assert_eq!((set.train.len(), set.test.len()), (800, 200));
        let mut per_class = [0; 10];
        for s in set.train.iter().chain(&set.test) {
            assert_eq!(s.values.len(), 40);
            assert!(s.values.iter().all(|v| v.is_finite() && v.abs() < 8.0));
            per_class[s.target as usize] += 1;
        }
        assert_eq!(per_class, [100; 10], "balanced classes");
        // The pattern sits somewhere different in each example: the position of the largest
        // value of class 0 (a bump) varies across examples.
        let peaks: std::collections::BTreeSet<usize> = set
            .train
            .iter()
            .filter(|s| s.target == 0.0)
            .map(|s| s.values.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).map(|(i, _)| i).unwrap_or(0))
            .collect();
        assert!(peaks.len() >= 15, "peaks at {} places", peaks.len());
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
