//! Seeded 2-D datasets, after TensorFlow Playground's `dataset.ts` (circle, XOR, Gaussian,
//! spiral) plus scikit-learn's two moons, and the user's own points (`Custom`). Points lie in
//! about [-6, 6]²; labels are 0/1, a class index, or a real target (see [`Task`]).

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};
use super::images::{class_count, ImageConfig, ImageKind, DIGITS_TOTAL};
use super::sequences::{SeqConfig, SeqKind};
use serde::{Deserialize, Serialize};
use std::f64::consts::PI;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DatasetKind {
    Circle,
    Xor,
    Gauss,
    Spiral,
    Moons,
    /// Three and four interleaved spiral arms, one class each.
    Spiral3,
    Spiral4,
    /// Three and four Gaussian blobs, one class each.
    Blobs3,
    Blobs4,
    /// A small round island of positives (about 10 % of the points) in a sea of negatives.
    Island,
    /// Regression: the target is (x + y)/10 (TF Playground's "plane").
    Plane,
    /// Regression: six Gaussian bumps of sign ±1 (TF Playground's "multi Gaussian").
    MultiGauss,
    /// The user's own points (a pasted CSV, or clicks on the plot), held in
    /// [`DataConfig::custom`]; the task is inferred from the labels ([`infer_task`]).
    Custom,
    /// Real handwritten digits, 8×8 (scikit-learn's copy of the UCI set; `images.rs`).
    Digits,
    /// The digits 0–4 and the digits 5–9 (labelled 0–4): transfer learning's source and
    /// target tasks.
    DigitsLow,
    DigitsHigh,
    /// Generated shapes (circle, square, triangle, cross, ring) at `image_size` pixels a side.
    Shapes,
    /// Five other shapes (ellipse, half disk, star, corner, bar), drawn the same way.
    NewShapes,
    /// Sequences (`sequences.rs`): forecasting the next value of a sum of sines, of
    /// sawtooth and square waves, of a trend with a season; the adding problem; MNIST-1D.
    Sines,
    Waves,
    Season,
    Adding,
    Mnist1d,
}

/// What one example is: a point of the plane, an image, or (next) a sequence. It decides the
/// data pipeline and which probes the page shows; the model family follows the layers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DataKind {
    Points,
    Images,
    Sequences,
}

impl DatasetKind {
    pub fn data_kind(self) -> DataKind {
        match self {
            DatasetKind::Digits | DatasetKind::DigitsLow | DatasetKind::DigitsHigh | DatasetKind::Shapes | DatasetKind::NewShapes => DataKind::Images,
            _ if self.seq_kind().is_some() => DataKind::Sequences,
            _ => DataKind::Points,
        }
    }

    /// The sequence set behind a sequence dataset.
    pub fn seq_kind(self) -> Option<SeqKind> {
        Some(match self {
            DatasetKind::Sines => SeqKind::Sines,
            DatasetKind::Waves => SeqKind::Waves,
            DatasetKind::Season => SeqKind::Season,
            DatasetKind::Adding => SeqKind::Adding,
            DatasetKind::Mnist1d => SeqKind::Mnist1d,
            _ => return None,
        })
    }

    /// Whether the task is to forecast a series' next value.
    pub fn is_forecast(self) -> bool {
        matches!(self, DatasetKind::Sines | DatasetKind::Waves | DatasetKind::Season)
    }

    /// The image set behind an image dataset.
    pub fn image_kind(self) -> Option<ImageKind> {
        match self {
            DatasetKind::Digits => Some(ImageKind::Digits),
            DatasetKind::DigitsLow => Some(ImageKind::DigitsLow),
            DatasetKind::DigitsHigh => Some(ImageKind::DigitsHigh),
            DatasetKind::Shapes => Some(ImageKind::Shapes),
            DatasetKind::NewShapes => Some(ImageKind::NewShapes),
            _ => None,
        }
    }

    /// The task of a generated dataset. `Custom` has no task of its own (it depends on the
    /// points): it says `Binary` here; use [`DataConfig::task`] (or `Settings::task`).
    pub fn task(self) -> Task {
        match self {
            DatasetKind::Digits => Task::Multiclass { classes: class_count(ImageKind::Digits) },
            DatasetKind::DigitsLow => Task::Multiclass { classes: class_count(ImageKind::DigitsLow) },
            DatasetKind::DigitsHigh => Task::Multiclass { classes: class_count(ImageKind::DigitsHigh) },
            DatasetKind::Shapes => Task::Multiclass { classes: class_count(ImageKind::Shapes) },
            DatasetKind::NewShapes => Task::Multiclass { classes: class_count(ImageKind::NewShapes) },
            DatasetKind::Spiral3 | DatasetKind::Blobs3 => Task::Multiclass { classes: 3 },
            DatasetKind::Spiral4 | DatasetKind::Blobs4 => Task::Multiclass { classes: 4 },
            DatasetKind::Plane | DatasetKind::MultiGauss => Task::Regression,
            DatasetKind::Sines | DatasetKind::Waves | DatasetKind::Season | DatasetKind::Adding => Task::Regression,
            DatasetKind::Mnist1d => Task::Multiclass { classes: 10 },
            _ => Task::Binary,
        }
    }
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
    /// The user's points (all of them; split like generated ones), for `DatasetKind::Custom`
    /// only: empty for every other kind.
    pub custom: Vec<Sample>,
    /// The side of generated images in pixels (`Shapes`; 8–32).
    pub image_size: usize,
    /// Images: train on only this many of the training split (0: all of it).
    pub train_limit: usize,
    /// Sequences: forecasting's input length and how far ahead its target lies, and the
    /// adding problem's length.
    pub seq: SeqShape,
}

/// The lengths of a sequence dataset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeqShape {
    pub window: usize,
    pub horizon: usize,
    pub seq_len: usize,
}

impl Default for SeqShape {
    fn default() -> SeqShape {
        SeqShape { window: 20, horizon: 1, seq_len: 50 }
    }
}

impl DataConfig {
    /// What the labels mean: the kind's task, or for custom points the task their labels show.
    pub fn task(&self) -> Task {
        match self.kind {
            DatasetKind::Custom => infer_task(self.custom.iter().map(|s| s.label)),
            kind => kind.task(),
        }
    }

    /// Number of points, train and test together.
    pub fn len(&self) -> usize {
        match self.kind {
            DatasetKind::Custom => self.custom.len(),
            DatasetKind::Digits => self.points.min(DIGITS_TOTAL),
            DatasetKind::DigitsLow => self.points.min(super::images::DIGITS_LOW_TOTAL),
            DatasetKind::DigitsHigh => self.points.min(DIGITS_TOTAL - super::images::DIGITS_LOW_TOTAL),
            _ => self.points,
        }
    }

    /// The image set's configuration (for image datasets; `Digits` for any other kind).
    /// The sequence set these settings ask for (sines when the kind is not a sequence set).
    pub fn seq_config(&self) -> SeqConfig {
        SeqConfig {
            kind: self.kind.seq_kind().unwrap_or(SeqKind::Sines),
            count: self.points,
            window: self.seq.window,
            horizon: self.seq.horizon,
            seq_len: self.seq.seq_len,
            noise: self.noise,
            train_fraction: self.train_fraction,
            seed: self.seed,
        }
    }

    pub fn image_config(&self) -> ImageConfig {
        ImageConfig {
            kind: self.kind.image_kind().unwrap_or(ImageKind::Digits),
            points: self.points,
            size: self.image_size,
            noise: self.noise,
            train_fraction: self.train_fraction,
            train_limit: self.train_limit,
            seed: self.seed,
        }
    }
}

/// The task of a set of labels: all 0 or 1 → binary; all whole numbers from 0 to 3 → that
/// many classes (up to 4); anything else → regression. No labels: binary.
pub fn infer_task(labels: impl IntoIterator<Item = f32>) -> Task {
    let mut max_class = 0u32;
    for l in labels {
        if l.fract() != 0.0 || !(0.0..=3.0).contains(&l) {
            return Task::Regression;
        }
        max_class = max_class.max(l as u32);
    }
    if max_class <= 1 {
        Task::Binary
    } else {
        Task::Multiclass { classes: max_class as usize + 1 }
    }
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
/// Dropout masks, drawn batch by batch while training.
pub const STREAM_DROPOUT: u64 = 4;
/// Corruption of the training split (missing values, outliers, wrong labels): `prep.rs`.
pub const STREAM_CORRUPT: u64 = 5;

impl Dataset {
    /// Generates the points, shuffles them and splits them into train and test.
    /// A noise outside [0, 1] (or not a number) is taken as the nearest valid one: the engine's
    /// edge does not trust its callers (the page's `noise` is 0–0.5).
    pub fn generate(cfg: &DataConfig) -> Dataset {
        let mut r = rng(cfg.seed, STREAM_DATA);
        let noise = if cfg.noise.is_nan() { 0.0 } else { cfg.noise.clamp(0.0, 1.0) };
        let mut all = match cfg.kind {
            DatasetKind::Custom => stable_order(&cfg.custom, cfg.seed),
            kind => generate_points(kind, cfg.points, noise, &mut r),
        };
        if cfg.kind != DatasetKind::Custom {
            // Fisher–Yates, as TF Playground shuffles before splitting.
            for i in (1..all.len()).rev() {
                let j = r.random_range(0..=i);
                all.swap(i, j);
            }
        }
        // At least one point on each side (when there are two).
        let n_train = ((all.len() as f64) * cfg.train_fraction).round() as usize;
        let n_train = n_train.clamp(1.min(all.len()), all.len().saturating_sub(1).max(1).min(all.len()));
        let test = all.split_off(n_train);
        Dataset { train: all, test }
    }
}

/// The user's points in a seeded order that depends on each point alone (a hash of the seed,
/// its coordinates, label and how many equal points precede it), so adding or removing a
/// point moves at most one other point across the train/test split (a shuffle would
/// redeal them all at every click).
fn stable_order(points: &[Sample], seed: u64) -> Vec<Sample> {
    // SplitMix64's finalizer: a well-mixed 64-bit hash of the point's bits.
    let mix = |mut z: u64| {
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
        z ^ (z >> 31)
    };
    let mut seen = std::collections::HashMap::new();
    let mut keyed: Vec<(u64, usize)> = points
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let bits = [s.x.to_bits(), s.y.to_bits(), s.label.to_bits()];
            let copy: &mut u64 = seen.entry(bits).or_insert(0);
            *copy += 1;
            let h = bits.iter().fold(mix(seed ^ 0x5eed), |h, &b| mix(h ^ b as u64)) ^ mix(*copy);
            (mix(h), i)
        })
        .collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, i)| points[i]).collect()
}

fn uniform(r: &mut ChaCha8Rng, a: f64, b: f64) -> f64 {
    r.random_range(a..b)
}

fn sample(x: f64, y: f64, positive: bool) -> Sample {
    labelled(x, y, if positive { 1.0 } else { 0.0 })
}

fn labelled(x: f64, y: f64, label: f64) -> Sample {
    Sample { x: x as f32, y: y as f32, label: label as f32 }
}

/// The island's centre and radius: a disc covering 10 % of the [−6, 6]² square.
pub const ISLAND: (f64, f64, f64) = (2.0, 1.5, 2.141);

/// TF Playground's `regressGaussian` target: the strongest of six signed bumps, each falling
/// linearly from ±1 at its centre to 0 at distance 2.
pub fn multi_gauss_target(x: f64, y: f64) -> f64 {
    const BUMPS: [(f64, f64, f64); 6] = [(-4.0, 2.5, 1.0), (0.0, 2.5, -1.0), (4.0, 2.5, 1.0), (-4.0, -2.5, -1.0), (0.0, -2.5, 1.0), (4.0, -2.5, -1.0)];
    let mut label: f64 = 0.0;
    for (cx, cy, sign) in BUMPS {
        let d = ((x - cx).powi(2) + (y - cy).powi(2)).sqrt();
        let v = sign * (1.0 - d / 2.0).clamp(0.0, 1.0);
        if v.abs() > label.abs() {
            label = v;
        }
    }
    label
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
        DatasetKind::Spiral3 | DatasetKind::Spiral4 => {
            let k = kind.task().outputs();
            let m = (n / k).max(1);
            for i in 0..n {
                let (c, j) = ((i / m).min(k - 1), i % m);
                let rr = j as f64 / m as f64 * 5.0 + 0.2;
                let t = 1.75 * j as f64 / m as f64 * 2.0 * PI + c as f64 * 2.0 * PI / k as f64;
                let x = rr * t.sin() + uniform(r, -1.0, 1.0) * noise;
                let y = rr * t.cos() + uniform(r, -1.0, 1.0) * noise;
                out.push(labelled(x, y, c as f64));
            }
        }
        DatasetKind::Blobs3 | DatasetKind::Blobs4 => {
            let k = kind.task().outputs();
            // Standard deviation 0.8 without noise, growing to 2.8 at noise 0.5.
            let normal = Normal::new(0.0, 0.8 + 4.0 * noise).expect("positive std");
            for i in 0..n {
                let c = i * k / n.max(1);
                let a = 2.0 * PI * c as f64 / k as f64 + PI / 4.0;
                out.push(labelled(3.5 * a.cos() + normal.sample(r), 3.5 * a.sin() + normal.sample(r), c as f64));
            }
        }
        DatasetKind::Island => {
            let (cx, cy, radius) = ISLAND;
            for _ in 0..n {
                let (x, y) = (uniform(r, -6.0, 6.0), uniform(r, -6.0, 6.0));
                let nx = uniform(r, -radius, radius) * noise;
                let ny = uniform(r, -radius, radius) * noise;
                out.push(sample(x, y, ((x + nx - cx).powi(2) + (y + ny - cy).powi(2)).sqrt() < radius));
            }
        }
        // The user's points are not generated (see `Dataset::generate`).
        // Not points: `Trainer` builds images through `images.rs`.
        DatasetKind::Custom | DatasetKind::Digits | DatasetKind::DigitsLow | DatasetKind::DigitsHigh | DatasetKind::Shapes | DatasetKind::NewShapes => {}
        // Not points: `Trainer` builds sequences through `sequences.rs`.
        DatasetKind::Sines | DatasetKind::Waves | DatasetKind::Season | DatasetKind::Adding | DatasetKind::Mnist1d => {}
        DatasetKind::Plane | DatasetKind::MultiGauss => {
            for _ in 0..n {
                let (x, y) = (uniform(r, -6.0, 6.0), uniform(r, -6.0, 6.0));
                let nx = uniform(r, -6.0, 6.0) * noise;
                let ny = uniform(r, -6.0, 6.0) * noise;
                let label = if kind == DatasetKind::Plane { (x + nx + y + ny) / 10.0 } else { multi_gauss_target(x + nx, y + ny) };
                out.push(labelled(x, y, label));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(kind: DatasetKind) -> DataConfig {
        DataConfig { kind, points: 400, noise: 0.1, train_fraction: 0.5, seed: 7, custom: vec![], image_size: 16, train_limit: 0, seq: Default::default() }
    }

    pub const BINARY: [DatasetKind; 5] =
        [DatasetKind::Circle, DatasetKind::Xor, DatasetKind::Gauss, DatasetKind::Spiral, DatasetKind::Moons];

    /// The engine's edge: a noise that is negative, too large or not a number gives data (the
    /// nearest valid noise), never a panic; every point is finite.
    #[test]
    fn bad_noise_is_clamped_not_a_panic() {
        for noise in [f64::NAN, -1.0, f64::INFINITY, 7.0] {
            for kind in [DatasetKind::Circle, DatasetKind::Moons, DatasetKind::Blobs3, DatasetKind::Gauss, DatasetKind::Spiral] {
                let d = Dataset::generate(&DataConfig { noise, ..cfg(kind) });
                assert!(d.train.iter().chain(&d.test).all(|s| s.x.is_finite() && s.y.is_finite()), "{kind:?} noise {noise}");
            }
        }
    }

    #[test]
    fn same_seed_same_data_other_seed_other_data() {
        for kind in BINARY {
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
    fn multiclass_sets_have_balanced_classes() {
        for (kind, k) in [(DatasetKind::Spiral3, 3), (DatasetKind::Spiral4, 4), (DatasetKind::Blobs3, 3), (DatasetKind::Blobs4, 4)] {
            assert_eq!(kind.task(), Task::Multiclass { classes: k });
            let d = Dataset::generate(&DataConfig { points: 120, ..cfg(kind) });
            let all: Vec<_> = d.train.iter().chain(&d.test).collect();
            assert_eq!(all.len(), 120);
            for c in 0..k {
                let count = all.iter().filter(|s| s.label == c as f32).count();
                assert_eq!(count, 120 / k, "{kind:?} class {c}");
            }
            assert!(all.iter().all(|s| s.x.abs() < 9.0 && s.y.abs() < 9.0));
        }
    }

    #[test]
    fn island_is_about_ten_percent_positive() {
        let d = Dataset::generate(&DataConfig { points: 2000, noise: 0.0, ..cfg(DatasetKind::Island) });
        let all: Vec<_> = d.train.iter().chain(&d.test).collect();
        let share = all.iter().filter(|s| s.label == 1.0).count() as f64 / all.len() as f64;
        assert!((0.07..0.13).contains(&share), "island share {share}");
    }

    #[test]
    fn regression_targets_follow_their_formulas() {
        assert_eq!(DatasetKind::Plane.task(), Task::Regression);
        let d = Dataset::generate(&DataConfig { noise: 0.0, ..cfg(DatasetKind::Plane) });
        for s in d.train.iter().chain(&d.test) {
            assert!((s.label - (s.x + s.y) / 10.0).abs() < 1e-5);
        }
        // Bump centres are ±1; far from all bumps the target is 0.
        assert!((multi_gauss_target(-4.0, 2.5) - 1.0).abs() < 1e-12);
        assert!((multi_gauss_target(0.0, 2.5) + 1.0).abs() < 1e-12);
        assert!((multi_gauss_target(1.0, 2.5) + 0.5).abs() < 1e-12);
        assert_eq!(multi_gauss_target(0.0, 0.0), 0.0);
        let d = Dataset::generate(&DataConfig { noise: 0.0, ..cfg(DatasetKind::MultiGauss) });
        assert!(d.train.iter().all(|s| (-1.0..=1.0).contains(&s.label)));
        assert!(d.train.iter().any(|s| s.label > 0.5) && d.train.iter().any(|s| s.label < -0.5));
    }

    #[test]
    fn custom_points_are_split_and_their_task_inferred() {
        let pts: Vec<Sample> = (0..10).map(|i| Sample { x: i as f32, y: 0.0, label: (i % 3) as f32 }).collect();
        let c = DataConfig { kind: DatasetKind::Custom, custom: pts.clone(), train_fraction: 0.7, ..cfg(DatasetKind::Circle) };
        assert_eq!((c.len(), c.task()), (10, Task::Multiclass { classes: 3 }));
        let d = Dataset::generate(&c);
        assert_eq!((d.train.len(), d.test.len()), (7, 3));
        let mut xs: Vec<f32> = d.train.iter().chain(&d.test).map(|s| s.x).collect();
        xs.sort_by(f32::total_cmp);
        assert_eq!(xs, pts.iter().map(|s| s.x).collect::<Vec<_>>(), "the same points, shuffled");
        // Degenerate sizes do not panic.
        for n in 0..3 {
            let d = Dataset::generate(&DataConfig { custom: pts[..n].to_vec(), ..c.clone() });
            assert_eq!(d.train.len() + d.test.len(), n);
        }
        assert_eq!(infer_task([0.0, 1.0, 1.0]), Task::Binary);
        assert_eq!(infer_task([0.0, 3.0]), Task::Multiclass { classes: 4 });
        assert_eq!(infer_task([0.0, 4.0]), Task::Regression);
        assert_eq!(infer_task([0.0, 0.5]), Task::Regression);
        assert_eq!(infer_task([-1.0, 1.0]), Task::Regression);
        assert_eq!(infer_task([]), Task::Binary);
    }

    /// Adding one point to the user's points moves at most one of the others across the
    /// split (the generated datasets are reshuffled freely; the user's are not).
    #[test]
    fn adding_a_custom_point_keeps_the_others_on_their_side() {
        let pts: Vec<Sample> = (0..60).map(|i| Sample { x: (i % 7) as f32 - 3.0, y: (i / 7) as f32 * 0.5, label: (i % 2) as f32 }).collect();
        let c = DataConfig { kind: DatasetKind::Custom, custom: pts.clone(), train_fraction: 0.5, ..cfg(DatasetKind::Circle) };
        let before = Dataset::generate(&c);
        let mut more = pts.clone();
        more.push(Sample { x: 0.25, y: 0.75, label: 1.0 });
        let after = Dataset::generate(&DataConfig { custom: more, ..c.clone() });
        let side = |d: &Dataset, p: &Sample| d.train.iter().any(|s| s == p);
        let moved = pts.iter().filter(|p| side(&before, p) != side(&after, p)).count();
        assert!(moved <= 1, "{moved} points changed sides");
        assert_eq!((after.train.len(), after.test.len()), (31, 30));
        // Another seed gives another split.
        let other = Dataset::generate(&DataConfig { seed: c.seed + 1, ..c });
        assert_ne!(other.train, before.train);
    }

    #[test]
    fn split_follows_the_fraction() {
        let d = Dataset::generate(&DataConfig { points: 100, train_fraction: 0.8, ..cfg(DatasetKind::Spiral) });
        assert_eq!((d.train.len(), d.test.len()), (80, 20));
    }
}
