//! Seeded 2-D datasets, after TensorFlow Playground's `dataset.ts` (circle, XOR, Gaussian,
//! spiral) plus scikit-learn's two moons. Labels are 0 or 1; points lie in about [-6, 6]².

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};
use serde::{Deserialize, Serialize};
use std::f64::consts::PI;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DatasetKind {
    Circle,
    Xor,
    Gauss,
    Spiral,
    Moons,
}

/// What the labels mean, and so which output layer and losses fit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Task {
    /// Labels 0 or 1; one output unit read through a sigmoid.
    Binary,
    /// Labels 0, 1, …, classes − 1 (stored as floats); one output per class, softmax.
    Multiclass { classes: usize },
    /// A real target; one linear output.
    Regression,
}

impl Task {
    /// Width of the output layer.
    pub fn outputs(self) -> usize {
        match self {
            Task::Multiclass { classes } => classes,
            _ => 1,
        }
    }
}

/// One labelled point.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sample {
    pub x: f32,
    pub y: f32,
    pub label: f32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DataConfig {
    pub kind: DatasetKind,
    /// Number of points, train and test together.
    pub points: usize,
    /// Noise level in [0, 0.5] (the page shows it as 0–50 %).
    pub noise: f64,
    /// Fraction of the points used for training, in (0, 1).
    pub train_fraction: f64,
    pub seed: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    pub train: Vec<Sample>,
    pub test: Vec<Sample>,
}

/// A seeded RNG for one purpose: the same (seed, stream) always gives the same numbers, on
/// every platform (ChaCha8 is portable, unlike `StdRng`).
pub fn rng(seed: u64, stream: u64) -> ChaCha8Rng {
    let mut r = ChaCha8Rng::seed_from_u64(seed);
    r.set_stream(stream);
    r
}

/// RNG streams, so that data, weights and batch order never share random numbers.
pub const STREAM_DATA: u64 = 1;
pub const STREAM_WEIGHTS: u64 = 2;
pub const STREAM_SHUFFLE: u64 = 3;

impl Dataset {
    /// Generates the points, shuffles them and splits them into train and test.
    pub fn generate(cfg: &DataConfig) -> Dataset {
        let mut r = rng(cfg.seed, STREAM_DATA);
        let mut all = generate_points(cfg.kind, cfg.points, cfg.noise, &mut r);
        // Fisher–Yates, as TF Playground shuffles before splitting.
        for i in (1..all.len()).rev() {
            let j = r.random_range(0..=i);
            all.swap(i, j);
        }
        let n_train = ((all.len() as f64) * cfg.train_fraction).round() as usize;
        let n_train = n_train.clamp(1, all.len().saturating_sub(1).max(1));
        let test = all.split_off(n_train);
        Dataset { train: all, test }
    }
}

fn uniform(r: &mut ChaCha8Rng, a: f64, b: f64) -> f64 {
    r.random_range(a..b)
}

fn sample(x: f64, y: f64, positive: bool) -> Sample {
    Sample { x: x as f32, y: y as f32, label: if positive { 1.0 } else { 0.0 } }
}

pub fn generate_points(kind: DatasetKind, n: usize, noise: f64, r: &mut ChaCha8Rng) -> Vec<Sample> {
    let mut out = Vec::with_capacity(n);
    let half = n / 2;
    match kind {
        DatasetKind::Circle => {
            let radius = 5.0;
            let label = |x: f64, y: f64| (x * x + y * y).sqrt() < radius * 0.5;
            for i in 0..n {
                let (lo, hi) = if i < half { (0.0, radius * 0.5) } else { (radius * 0.7, radius) };
                let rr = uniform(r, lo, hi);
                let angle = uniform(r, 0.0, 2.0 * PI);
                let (x, y) = (rr * angle.sin(), rr * angle.cos());
                let nx = uniform(r, -radius, radius) * noise;
                let ny = uniform(r, -radius, radius) * noise;
                out.push(sample(x, y, label(x + nx, y + ny)));
            }
        }
        DatasetKind::Xor => {
            let pad = 0.3;
            for _ in 0..n {
                let mut x = uniform(r, -5.0, 5.0);
                x += if x > 0.0 { pad } else { -pad };
                let mut y = uniform(r, -5.0, 5.0);
                y += if y > 0.0 { pad } else { -pad };
                let nx = uniform(r, -5.0, 5.0) * noise;
                let ny = uniform(r, -5.0, 5.0) * noise;
                out.push(sample(x, y, (x + nx) * (y + ny) >= 0.0));
            }
        }
        DatasetKind::Gauss => {
            // Variance grows linearly from 0.5 to 4 as noise goes from 0 to 0.5.
            let variance = 0.5 + (noise / 0.5) * 3.5;
            let normal = Normal::new(0.0, variance.sqrt()).expect("positive std");
            for i in 0..n {
                let (c, positive) = if i < half { (2.0, true) } else { (-2.0, false) };
                out.push(sample(c + normal.sample(r), c + normal.sample(r), positive));
            }
        }
        DatasetKind::Spiral => {
            let m = half.max(1);
            for i in 0..n {
                let (k, delta, positive) = if i < half { (i, 0.0, true) } else { (i - half, PI, false) };
                let rr = k as f64 / m as f64 * 5.0;
                let t = 1.75 * k as f64 / m as f64 * 2.0 * PI + delta;
                let x = rr * t.sin() + uniform(r, -1.0, 1.0) * noise;
                let y = rr * t.cos() + uniform(r, -1.0, 1.0) * noise;
                out.push(sample(x, y, positive));
            }
        }
        DatasetKind::Moons => {
            // scikit-learn's make_moons, centred and scaled by 3 to fill the plane;
            // Gaussian noise with standard deviation `noise` (in moon units).
            let normal = Normal::new(0.0, noise.max(1e-12)).expect("positive std");
            for i in 0..n {
                let upper = i < half;
                let t = uniform(r, 0.0, PI);
                let (x, y) = if upper { (t.cos(), t.sin()) } else { (1.0 - t.cos(), 0.5 - t.sin()) };
                let (x, y) = (x + normal.sample(r) - 0.5, y + normal.sample(r) - 0.25);
                out.push(sample(3.0 * x, 3.0 * y, !upper));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(kind: DatasetKind) -> DataConfig {
        DataConfig { kind, points: 400, noise: 0.1, train_fraction: 0.5, seed: 7 }
    }

    #[test]
    fn same_seed_same_data_other_seed_other_data() {
        for kind in [DatasetKind::Circle, DatasetKind::Xor, DatasetKind::Gauss, DatasetKind::Spiral, DatasetKind::Moons] {
            let a = Dataset::generate(&cfg(kind));
            let b = Dataset::generate(&cfg(kind));
            assert_eq!(a, b, "{kind:?} not reproducible");
            let c = Dataset::generate(&DataConfig { seed: 8, ..cfg(kind) });
            assert_ne!(a, c, "{kind:?} ignores the seed");
            assert_eq!(a.train.len(), 200);
            assert_eq!(a.test.len(), 200);
            let all: Vec<_> = a.train.iter().chain(&a.test).collect();
            assert!(all.iter().all(|s| s.x.abs() < 8.0 && s.y.abs() < 8.0), "{kind:?} out of the plane");
            let pos = all.iter().filter(|s| s.label == 1.0).count();
            assert!((100..=300).contains(&pos), "{kind:?} unbalanced: {pos} positives of 400");
        }
    }

    #[test]
    fn circle_without_noise_is_labelled_by_radius() {
        let d = Dataset::generate(&DataConfig { noise: 0.0, ..cfg(DatasetKind::Circle) });
        for s in d.train.iter().chain(&d.test) {
            let r = (s.x * s.x + s.y * s.y).sqrt();
            assert_eq!(s.label == 1.0, r < 2.5, "point at radius {r}");
        }
    }

    #[test]
    fn xor_without_noise_is_labelled_by_quadrant() {
        let d = Dataset::generate(&DataConfig { noise: 0.0, ..cfg(DatasetKind::Xor) });
        for s in d.train.iter().chain(&d.test) {
            assert_eq!(s.label == 1.0, s.x * s.y >= 0.0);
        }
    }

    #[test]
    fn split_follows_the_fraction() {
        let d = Dataset::generate(&DataConfig { points: 100, train_fraction: 0.8, ..cfg(DatasetKind::Spiral) });
        assert_eq!((d.train.len(), d.test.len()), (80, 20));
    }
}
