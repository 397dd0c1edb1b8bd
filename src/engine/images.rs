//! Seeded image datasets: real handwritten digits (8×8) and generated shapes.
//!
//! - **Digits:** the 1,797 digits of scikit-learn's `load_digits()` (UCI "Optical Recognition
//!   of Handwritten Digits", Alpaydin & Kaynak 1998, CC BY 4.0), compiled in from
//!   `assets/data/digits.bin` (see `assets/data/DIGITS.md`). Pixels 0..16 are scaled to [0, 1].
//! - **Shapes:** one shape per image, on a black `size`×`size` background, drawn white with
//!   4×4 supersampling (anti-aliased). Classes, in label order ([`SHAPE_CLASSES`]):
//!   0 circle (filled disk), 1 square (filled, rotated), 2 triangle (filled equilateral,
//!   rotated), 3 cross (two perpendicular bars, rotated; so "+" and "×" are one class),
//!   4 ring (an annulus, outline only). Each shape fits in a circle of diameter 30–70 % of
//!   the side, placed at random so that this circle lies inside the image with a one-pixel
//!   margin: with no noise, the outer one-pixel frame of every image is black.
//!
//! Both sets draw from the data stream of the seed (`data::rng(seed, STREAM_DATA)`), add
//! Gaussian pixel noise of standard deviation `noise` (values clamped to [0, 1]), shuffle and
//! split like the 2-D datasets: the first round(n · fraction) go to training, at least one
//! image on each side.

use crate::engine::data::{rng, STREAM_DATA};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};
use serde::{Deserialize, Serialize};
use std::f64::consts::PI;

/// Which image set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImageKind {
    Digits,
    /// The digits 0–4 only, and 5–9 only (labels 0–4: the digit less 5), the transfer
    /// lesson's source and target tasks.
    DigitsLow,
    DigitsHigh,
    Shapes,
    /// Five other shapes drawn the same way (ellipse, half disk, star, corner, bar; labels
    /// 0–4): the transfer lesson's near target for a network trained on `Shapes`.
    NewShapes,
}

impl ImageKind {
    /// The digits this set keeps, and the first one's value (labels count from it).
    fn digit_range(self) -> Option<(u32, u32)> {
        match self {
            ImageKind::Digits => Some((0, 10)),
            ImageKind::DigitsLow => Some((0, 5)),
            ImageKind::DigitsHigh => Some((5, 10)),
            ImageKind::Shapes | ImageKind::NewShapes => None,
        }
    }

    /// The first shape class of this set in [`SHAPE_CLASSES`] (0 for digits).
    pub fn shape_offset(self) -> usize {
        if self == ImageKind::NewShapes { NEW_SHAPES } else { 0 }
    }

    pub fn is_shapes(self) -> bool {
        matches!(self, ImageKind::Shapes | ImageKind::NewShapes)
    }

    /// The digit a label of this set stands for (a shape's label is its class).
    pub fn label_offset(self) -> u32 {
        self.digit_range().map_or(0, |(lo, _)| lo)
    }
}

/// One image: row-major channels × height × width, values in [0, 1].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Image {
    pub pixels: Vec<f32>,
    pub label: u32,
}

/// A generated image set, shuffled and split.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImageSet {
    pub channels: usize,
    pub height: usize,
    pub width: usize,
    pub classes: usize,
    pub train: Vec<Image>,
    pub test: Vec<Image>,
}

/// What to generate. `size` is the side of the shapes (digits are always 8×8).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImageConfig {
    pub kind: ImageKind,
    pub points: usize,
    pub size: usize,
    pub noise: f64,
    pub train_fraction: f64,
    /// Use only this many of the training split's images (0: all), taken class by class in
    /// turn so every class has its share (the test split stays whole): a task with little
    /// labelled data.
    pub train_limit: usize,
    pub seed: u64,
}

/// A configuration that cannot be generated (or, never in practice, a damaged digits asset).
#[derive(Clone, Debug, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum ImageError {
    #[error("image count {points} outside {min}..={max}")]
    Points { points: usize, min: usize, max: usize },
    #[error("image side {size} outside {min}..={max}")]
    Size { size: usize, min: usize, max: usize },
    #[error("noise {noise} outside [0, {max}]")]
    Noise { noise: f64, max: f64 },
    #[error("training fraction {fraction} outside (0, 1)")]
    Fraction { fraction: f64 },
    #[error("digits asset damaged at byte {offset}")]
    Asset { offset: usize },
}

/// The number of handwritten digits shipped.
pub const DIGITS_TOTAL: usize = 1797;
/// Of which 0–4 (the rest are 5–9).
pub const DIGITS_LOW_TOTAL: usize = 901;
/// Digits are 8×8.
pub const DIGITS_SIDE: usize = 8;
/// The shape classes, in label order (internal names: the page translates them).
/// `Shapes` are the first five, `NewShapes` the last five.
pub const SHAPE_CLASSES: &[&str] = &["circle", "square", "triangle", "cross", "ring", "ellipse", "half disk", "star", "corner", "bar"];
/// Where `NewShapes` begin in [`SHAPE_CLASSES`] (and the class count of each shape set).
pub const NEW_SHAPES: usize = 5;
/// Smallest and largest side of the generated shapes.
pub const MIN_SIZE: usize = 8;
pub const MAX_SIZE: usize = 32;
/// Fewest and most images (the most bounds memory: 20,000 × 32 × 32 floats = 80 MB).
pub const MIN_POINTS: usize = 2;
pub const MAX_POINTS: usize = 20_000;
/// Largest noise standard deviation.
pub const MAX_NOISE: f64 = 0.5;

/// 1,797 records of 64 pixel bytes (0..16, row-major 8×8) then one label byte (0..9).
static DIGITS_BIN: &[u8] = include_bytes!("../../assets/data/digits.bin");
const RECORD: usize = DIGITS_SIDE * DIGITS_SIDE + 1;

/// Supersampling: SS × SS samples per pixel.
const SS: usize = 4;

/// How many classes the set has.
pub fn class_count(kind: ImageKind) -> usize {
    match kind.digit_range() {
        Some((lo, hi)) => (hi - lo) as usize,
        None => NEW_SHAPES,
    }
}

/// The first `limit` images of `train` taken class by class in turn (each class's in their
/// order), in their original order; all of them when `limit` is 0 or not smaller.
fn stratified(train: Vec<Image>, limit: usize, classes: usize) -> Vec<Image> {
    if limit == 0 || limit >= train.len() {
        return train;
    }
    let mut by_class: Vec<Vec<usize>> = vec![Vec::new(); classes.max(1)];
    for (i, im) in train.iter().enumerate() {
        by_class[(im.label as usize).min(classes.max(1) - 1)].push(i);
    }
    let mut keep = vec![false; train.len()];
    let (mut taken, mut round) = (0, 0);
    while taken < limit {
        for class in &by_class {
            if let Some(&i) = class.get(round) {
                if taken < limit {
                    keep[i] = true;
                    taken += 1;
                }
            }
        }
        round += 1;
    }
    train.into_iter().zip(keep).filter_map(|(im, k)| k.then_some(im)).collect()
}

impl ImageSet {
    /// Generates the images, shuffles them and splits them into train and test.
    pub fn generate(cfg: &ImageConfig) -> Result<ImageSet, ImageError> {
        validate(cfg)?;
        let mut r = rng(cfg.seed, STREAM_DATA);
        let normal = (cfg.noise > 0.0).then(|| Normal::new(0.0, cfg.noise).expect("finite std"));
        let (side, mut all) = match cfg.kind.digit_range() {
            Some((lo, hi)) => {
                let mut all: Vec<Image> = load_digits()?
                    .into_iter()
                    .filter(|im| (lo..hi).contains(&im.label))
                    .map(|im| Image { label: im.label - lo, ..im })
                    .collect();
                shuffle(&mut all, &mut r);
                all.truncate(cfg.points);
                (DIGITS_SIDE, all)
            }
            None => {
                let (classes, offset) = (NEW_SHAPES, cfg.kind.shape_offset());
                let mut all: Vec<Image> = (0..cfg.points)
                    .map(|i| {
                        let im = draw_shape(offset + i % classes, cfg.size, &mut r);
                        Image { label: im.label - offset as u32, ..im }
                    })
                    .collect();
                shuffle(&mut all, &mut r);
                (cfg.size, all)
            }
        };
        if let Some(normal) = normal {
            for image in &mut all {
                for p in &mut image.pixels {
                    *p = (*p as f64 + normal.sample(&mut r)).clamp(0.0, 1.0) as f32;
                }
            }
        }
        // At least one image on each side (there are always two or more).
        let n = all.len();
        let n_train = ((n as f64 * cfg.train_fraction).round() as usize).clamp(1, n - 1);
        let test = all.split_off(n_train);
        let classes = class_count(cfg.kind);
        let train = stratified(all, cfg.train_limit, classes);
        Ok(ImageSet { channels: 1, height: side, width: side, classes, train, test })
    }

    /// Values per image: channels × height × width.
    pub fn input_len(&self) -> usize {
        self.channels * self.height * self.width
    }
}

fn validate(cfg: &ImageConfig) -> Result<(), ImageError> {
    if !(MIN_POINTS..=MAX_POINTS).contains(&cfg.points) {
        return Err(ImageError::Points { points: cfg.points, min: MIN_POINTS, max: MAX_POINTS });
    }
    if cfg.kind.is_shapes() && !(MIN_SIZE..=MAX_SIZE).contains(&cfg.size) {
        return Err(ImageError::Size { size: cfg.size, min: MIN_SIZE, max: MAX_SIZE });
    }
    if !(cfg.noise.is_finite() && (0.0..=MAX_NOISE).contains(&cfg.noise)) {
        return Err(ImageError::Noise { noise: cfg.noise, max: MAX_NOISE });
    }
    if !(cfg.train_fraction.is_finite() && cfg.train_fraction > 0.0 && cfg.train_fraction < 1.0) {
        return Err(ImageError::Fraction { fraction: cfg.train_fraction });
    }
    Ok(())
}

/// Fisher–Yates, as `Dataset::generate` does.
fn shuffle<T>(v: &mut [T], r: &mut ChaCha8Rng) {
    for i in (1..v.len()).rev() {
        let j = r.random_range(0..=i);
        v.swap(i, j);
    }
}

/// All 1,797 digits in the asset's order, pixels scaled to [0, 1].
fn load_digits() -> Result<Vec<Image>, ImageError> {
    if DIGITS_BIN.len() != DIGITS_TOTAL * RECORD {
        return Err(ImageError::Asset { offset: DIGITS_BIN.len().min(DIGITS_TOTAL * RECORD) });
    }
    DIGITS_BIN
        .chunks_exact(RECORD)
        .enumerate()
        .map(|(i, rec)| {
            let (pixels, label) = rec.split_at(RECORD - 1);
            if let Some(k) = pixels.iter().position(|&p| p > 16) {
                return Err(ImageError::Asset { offset: i * RECORD + k });
            }
            if label[0] > 9 {
                return Err(ImageError::Asset { offset: i * RECORD + RECORD - 1 });
            }
            let pixels = pixels.iter().map(|&p| p as f32 / 16.0).collect();
            Ok(Image { pixels, label: label[0] as u32 })
        })
        .collect()
}

/// One shape of class `class` in a `side`×`side` image, before noise.
fn draw_shape(class: usize, side: usize, r: &mut ChaCha8Rng) -> Image {
    let s = side as f64;
    // Radius of the bounding circle: its diameter is 30–70 % of the side; its centre leaves
    // a one-pixel margin on every side (2·R + 2 <= side holds since 0.7 · 8 + 2 <= 8).
    let radius = r.random_range(0.3..0.7) * s / 2.0;
    let cx = r.random_range(1.0 + radius..=s - 1.0 - radius);
    let cy = r.random_range(1.0 + radius..=s - 1.0 - radius);
    let angle = r.random_range(0.0..2.0 * PI);
    // Stroke, for the classes drawn with lines: a fraction of the radius, at least a
    // fraction of a pixel so that small shapes stay visible.
    let stroke = r.random_range(0.15..0.25) * radius;
    let inside: Box<dyn Fn(f64, f64) -> bool> = match class {
        0 => Box::new(move |u, v| u * u + v * v <= radius * radius),
        1 => {
            let h = radius / 2f64.sqrt();
            Box::new(move |u: f64, v: f64| u.abs() <= h && v.abs() <= h)
        }
        2 => Box::new(move |u: f64, v: f64| {
            // Equilateral: inradius R/2, outward edge normals at -90°, 30°, 150°.
            let normals = [-PI / 2.0, PI / 6.0, 5.0 * PI / 6.0];
            normals.iter().all(|&a| u * a.cos() + v * a.sin() <= radius / 2.0)
        }),
        3 => {
            let t = stroke.max(0.5).min(radius / 2.0);
            let a = (radius * radius - t * t).sqrt();
            Box::new(move |u: f64, v: f64| {
                let (u, v) = (u.abs(), v.abs());
                (u <= a && v <= t) || (u <= t && v <= a)
            })
        }
        4 => {
            let width = (1.5 * stroke).max(0.75).min(radius);
            let inner = radius - width;
            Box::new(move |u, v| {
                let d = u * u + v * v;
                d <= radius * radius && d >= inner * inner
            })
        }
        // The new shapes (NewShapes), none of which a rotation turns into another.
        5 => Box::new(move |u: f64, v: f64| (u / radius).powi(2) + (v / (0.5 * radius)).powi(2) <= 1.0),
        6 => Box::new(move |u: f64, v: f64| u * u + v * v <= radius * radius && v >= -0.25 * radius),
        7 => Box::new(move |u: f64, v: f64| {
            // A five-pointed star: outer radius R, inner 0.45·R; inside when on the centre's
            // side of the edge from the nearest point (R, 0) to the inner vertex, in the
            // point's sector folded onto [0, π/5].
            let sector = 2.0 * PI / 5.0;
            let phi = (v.atan2(u).rem_euclid(sector) - sector / 2.0).abs();
            let rho = (u * u + v * v).sqrt();
            let (ax, ay) = (radius, 0.0);
            let inner = 0.45 * radius;
            let (bx, by) = (inner * (sector / 2.0).cos(), inner * (sector / 2.0).sin());
            let (px, py) = (rho * (sector / 2.0 - phi).cos(), rho * (sector / 2.0 - phi).sin());
            let cross = |x: f64, y: f64| (bx - ax) * (y - ay) - (by - ay) * (x - ax);
            cross(px, py) * cross(0.0, 0.0) >= 0.0
        }),
        8 => {
            let t = (1.5 * stroke).max(0.75).min(radius / 2.0);
            let a = radius / 2f64.sqrt();
            // Two arms of length 2a and width t meeting at the corner (−a, −a).
            let arm = move |along: f64, across: f64| along.abs() <= a && (-a..=-a + t).contains(&across);
            Box::new(move |u: f64, v: f64| arm(u, v) || arm(v, u))
        }
        _ => {
            let t = (1.5 * stroke).max(0.75).min(radius / 2.0);
            Box::new(move |u: f64, v: f64| u.abs() <= radius && v.abs() <= t)
        }
    };
    let (sin, cos) = angle.sin_cos();
    let mut pixels = vec![0f32; side * side];
    for (k, p) in pixels.iter_mut().enumerate() {
        let (px, py) = ((k % side) as f64, (k / side) as f64);
        let mut hits = 0;
        for sy in 0..SS {
            for sx in 0..SS {
                let x = px + (sx as f64 + 0.5) / SS as f64 - cx;
                let y = py + (sy as f64 + 0.5) / SS as f64 - cy;
                // Rotate the sample by -angle into the shape's frame.
                if inside(cos * x + sin * y, -sin * x + cos * y) {
                    hits += 1;
                }
            }
        }
        *p = hits as f32 / (SS * SS) as f32;
    }
    Image { pixels, label: class as u32 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(kind: ImageKind, points: usize, size: usize, noise: f64, seed: u64) -> ImageConfig {
        ImageConfig { kind, points, size, noise, train_fraction: 0.8, train_limit: 0, seed }
    }

    fn all(set: &ImageSet) -> impl Iterator<Item = &Image> {
        set.train.iter().chain(&set.test)
    }

    #[test]
    fn digits_load_and_match_the_csv() {
        let d = load_digits().unwrap();
        assert_eq!(d.len(), DIGITS_TOTAL);
        let mut counts = [0usize; 10];
        for im in &d {
            assert_eq!(im.pixels.len(), 64);
            assert!(im.pixels.iter().all(|&p| (0.0..=1.0).contains(&p)));
            counts[im.label as usize] += 1;
        }
        assert!(counts.iter().all(|&c| (170..=185).contains(&c)), "{counts:?}");
        // Checked with Python on digits.csv.gz: first row label 0, pixel sum 294; last row
        // label 8, pixel sum 392; all pixels 561,718; counts 178 182 177 183 181 182 181 179 174 180.
        assert_eq!(counts, [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
        let sum = |im: &Image| im.pixels.iter().map(|&p| (p * 16.0) as u64).sum::<u64>();
        assert_eq!((d[0].label, sum(&d[0])), (0, 294));
        assert_eq!((d[DIGITS_TOTAL - 1].label, sum(&d[DIGITS_TOTAL - 1])), (8, 392));
        assert_eq!(d.iter().map(sum).sum::<u64>(), 561_718);
        // The first row's top line: 0,0,5,13,9,1,0,0.
        let top = [0.0, 0.0, 5.0, 13.0, 9.0, 1.0, 0.0, 0.0].map(|p: f32| p / 16.0);
        assert_eq!(&d[0].pixels[..8], &top);
    }

    #[test]
    fn digits_sets_are_seeded_shuffled_and_split() {
        let set = ImageSet::generate(&cfg(ImageKind::Digits, 5000, 0, 0.0, 7)).unwrap();
        assert_eq!((set.channels, set.height, set.width, set.classes), (1, 8, 8, 10));
        assert_eq!((set.train.len(), set.test.len()), (1438, 359), "all 1,797, 80 % for training");
        let sum: u64 = all(&set).flat_map(|im| &im.pixels).map(|&p| (p * 16.0) as u64).sum();
        assert_eq!(sum, 561_718, "every digit exactly once");
        assert_ne!(set.train[0].pixels, load_digits().unwrap()[0].pixels, "shuffled");
        let small = ImageSet::generate(&cfg(ImageKind::Digits, 100, 0, 0.0, 7)).unwrap();
        assert_eq!((small.train.len(), small.test.len()), (80, 20));
        assert_eq!(small, ImageSet::generate(&cfg(ImageKind::Digits, 100, 0, 0.0, 7)).unwrap());
        assert_ne!(small, ImageSet::generate(&cfg(ImageKind::Digits, 100, 0, 0.0, 8)).unwrap());
        // Noise changes pixels, stays in [0, 1], and keeps the labels and order.
        let noisy = ImageSet::generate(&cfg(ImageKind::Digits, 100, 0, 0.3, 7)).unwrap();
        assert_ne!(noisy.train[0].pixels, small.train[0].pixels);
        assert!(all(&noisy).flat_map(|im| &im.pixels).all(|&p| (0.0..=1.0).contains(&p)));
        let labels = |s: &ImageSet| all(s).map(|im| im.label).collect::<Vec<_>>();
        assert_eq!(labels(&noisy), labels(&small));
    }

    #[test]
    fn digit_halves_and_a_limited_training_split() {
        // Counts from the full set's per-digit counts (178 182 177 183 181 | 182 181 179 174 180).
        let low = ImageSet::generate(&cfg(ImageKind::DigitsLow, 5000, 0, 0.0, 7)).unwrap();
        let high = ImageSet::generate(&cfg(ImageKind::DigitsHigh, 5000, 0, 0.0, 7)).unwrap();
        assert_eq!((low.classes, low.train.len() + low.test.len()), (5, 901));
        assert_eq!((high.classes, high.train.len() + high.test.len()), (5, 896));
        assert!(all(&high).all(|im| im.label < 5), "5–9 are labelled 0–4");
        assert_eq!(ImageKind::DigitsHigh.label_offset(), 5);
        // The same images as in the full set: the 5s of the full set are the 0s here.
        let full = load_digits().unwrap();
        let fives: Vec<_> = full.iter().filter(|im| im.label == 5).map(|im| im.pixels.clone()).collect();
        assert_eq!(all(&high).filter(|im| im.label == 0).count(), fives.len());
        assert!(all(&high).filter(|im| im.label == 0).all(|im| fives.contains(&im.pixels)));
        // 50 training images: 10 per class, the test split unchanged.
        let few = ImageSet::generate(&ImageConfig { train_limit: 50, ..cfg(ImageKind::DigitsHigh, 5000, 0, 0.0, 7) }).unwrap();
        assert_eq!(few.test, high.test);
        assert_eq!(few.train.len(), 50);
        let mut counts = [0; 5];
        few.train.iter().for_each(|im| counts[im.label as usize] += 1);
        assert_eq!(counts, [10; 5]);
        assert!(few.train.iter().all(|im| high.train.contains(im)));
        // 7 of 5 classes: 2, 2, 1, 1, 1 in class order.
        let seven = stratified(high.train.clone(), 7, 5);
        let mut counts = [0; 5];
        seven.iter().for_each(|im| counts[im.label as usize] += 1);
        assert_eq!(counts, [2, 2, 1, 1, 1]);
        assert_eq!(stratified(high.train.clone(), 0, 5), high.train);
    }

    #[test]
    fn shapes_are_balanced_inside_and_seeded() {
        for size in [8, 13, 32] {
            let set = ImageSet::generate(&cfg(ImageKind::Shapes, 500, size, 0.0, 3)).unwrap();
            assert_eq!((set.channels, set.height, set.width, set.classes), (1, size, size, 5));
            assert_eq!((set.train.len(), set.test.len()), (400, 100));
            let mut counts = [0usize; 5];
            for im in all(&set) {
                counts[im.label as usize] += 1;
                assert_eq!(im.pixels.len(), size * size);
                assert!(im.pixels.iter().all(|&p| (0.0..=1.0).contains(&p)));
                // Fully inside: with no noise the outer one-pixel frame is black...
                let frame = (0..size * size).filter(|k| {
                    let (x, y) = (k % size, k / size);
                    x == 0 || y == 0 || x == size - 1 || y == size - 1
                });
                assert!(frame.into_iter().all(|k| im.pixels[k] == 0.0), "size {size}: {im:?}");
                // ...and something is drawn.
                let ink: f32 = im.pixels.iter().sum();
                assert!(ink > 0.5, "size {size}, class {}: ink {ink}", im.label);
            }
            assert_eq!(counts, [100; 5], "size {size}");
        }
        let a = cfg(ImageKind::Shapes, 50, 16, 0.1, 1);
        assert_eq!(ImageSet::generate(&a).unwrap(), ImageSet::generate(&a).unwrap());
        let b = ImageConfig { seed: 2, ..a };
        assert_ne!(ImageSet::generate(&a).unwrap(), ImageSet::generate(&b).unwrap());
        let noisy = ImageSet::generate(&ImageConfig { noise: 0.5, ..a }).unwrap();
        assert!(all(&noisy).flat_map(|im| &im.pixels).all(|&p| (0.0..=1.0).contains(&p)));
        assert!(all(&noisy).any(|im| im.pixels[0] > 0.0), "noise reaches the frame");
    }

    #[test]
    fn shape_classes_differ_on_average() {
        let side = 16;
        let set = ImageSet::generate(&cfg(ImageKind::Shapes, 2000, side, 0.0, 11)).unwrap();
        let mut mean = vec![vec![0f64; side * side]; 5];
        for im in all(&set) {
            for (m, &p) in mean[im.label as usize].iter_mut().zip(&im.pixels) {
                *m += p as f64 / 400.0;
            }
        }
        let ink: Vec<f64> = mean.iter().map(|m| m.iter().sum()).collect();
        // Average area in pixels, ordered by the shapes' areas for the same bounding circle:
        // disk πR² > square 2R² > ring ≈ 1.6R² > cross ≈ 1.4R² > triangle 1.3R² (seed 11: 54,
        // 34, 26, 24 and 21 pixels of 256).
        for w in [0, 1, 4, 3, 2].windows(2) {
            let (a, b) = (SHAPE_CLASSES[w[0]], SHAPE_CLASSES[w[1]]);
            assert!(ink[w[0]] > ink[w[1]] + 0.5, "{a} vs {b}: {ink:?}");
        }
        for i in 0..5 {
            for j in 0..i {
                let d2: f64 = mean[i].iter().zip(&mean[j]).map(|(a, b)| (a - b) * (a - b)).sum();
                let d = d2.sqrt();
                assert!(d > 0.2, "{} vs {}: {d}", SHAPE_CLASSES[i], SHAPE_CLASSES[j]);
            }
        }
    }

    #[test]
    fn bad_configs_are_errors() {
        let ok = cfg(ImageKind::Shapes, 10, 16, 0.1, 0);
        assert!(ImageSet::generate(&ok).is_ok());
        let bad = [
            ImageConfig { points: 1, ..ok },
            ImageConfig { points: MAX_POINTS + 1, ..ok },
            ImageConfig { size: 7, ..ok },
            ImageConfig { size: 33, ..ok },
            ImageConfig { noise: -0.1, ..ok },
            ImageConfig { noise: 0.51, ..ok },
            ImageConfig { noise: f64::NAN, ..ok },
            ImageConfig { train_fraction: 0.0, ..ok },
            ImageConfig { train_fraction: 1.0, ..ok },
            ImageConfig { train_fraction: f64::INFINITY, ..ok },
        ];
        for c in bad {
            assert!(ImageSet::generate(&c).is_err(), "{c:?}");
        }
        assert_eq!(
            ImageSet::generate(&ImageConfig { size: 7, ..ok }),
            Err(ImageError::Size { size: 7, min: 8, max: 32 })
        );
        // Digits ignore the size; both splits stay non-empty at the extremes.
        let digits = ImageConfig { kind: ImageKind::Digits, size: 0, points: 2, train_fraction: 0.01, ..ok };
        let d = ImageSet::generate(&digits).unwrap();
        assert_eq!((d.train.len(), d.test.len()), (1, 1));
        let s = ImageSet::generate(&ImageConfig { points: 2, train_fraction: 0.99, ..ok }).unwrap();
        assert_eq!((s.train.len(), s.test.len()), (1, 1));
    }
}
