//! Preparing images, per image: what a camera does to them (uneven lighting, low contrast,
//! sensor noise: [`corrupt`]) and what we do about it (histogram equalization, global or
//! contrast-limited adaptive, then per-image standardization or min-max: [`prepare`]).
//!
//! Lighting belongs to the camera, not to the training split: it corrupts training and test
//! images alike. Everything here maps one image (C × H × W values in [0, 1]) to another;
//! `probe::ImageData` applies it to every image of a run, and the per-pixel scaling fitted on
//! the training split comes after it.

use super::data::rng;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};
use serde::{Deserialize, Serialize};

/// Uneven lighting and the rest of the camera's faults, for both splits (its own stream).
pub const STREAM_LIGHTING: u64 = 6;

/// Histogram equalization.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Equalize {
    None,
    /// scikit-image's `exposure.equalize_hist(image, nbins=256)`.
    Global,
    /// Contrast-limited adaptive histogram equalization over `tiles` × `tiles` tiles.
    Clahe,
}

/// Per-image normalization, after equalization (the per-pixel scaling comes after it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PerImage {
    None,
    /// (x − the image's mean) / the image's standard deviation.
    Standardize,
    /// (x − the image's minimum) / (its maximum − its minimum).
    MinMax,
}

/// The whole per-image preparation of a run.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImagePrep {
    /// Strength of the uneven lighting, 0 (none) to 1: a brightness gradient at a random
    /// angle, a vignette, a veil of stray light (added everywhere) and a gamma, drawn per
    /// image.
    pub lighting: f64,
    /// Contrast kept, 0.1 to 1 (1: unchanged): x ↦ ½ + contrast · (x − ½).
    pub contrast: f64,
    /// Standard deviation of the sensor noise added after the lighting, 0 to 0.5.
    pub pixel_noise: f64,
    pub equalize: Equalize,
    /// CLAHE: tiles per side (1 to 8).
    pub clahe_tiles: usize,
    /// CLAHE: the clip limit as a share of a tile's pixels (scikit-image's normalized
    /// `clip_limit`), 0.001 to 1; 1 never clips (plain adaptive equalization).
    pub clahe_clip: f64,
    pub per_image: PerImage,
}

impl Default for ImagePrep {
    /// The identity.
    fn default() -> ImagePrep {
        ImagePrep { lighting: 0.0, contrast: 1.0, pixel_noise: 0.0, equalize: Equalize::None, clahe_tiles: 2, clahe_clip: 0.01, per_image: PerImage::None }
    }
}

impl ImagePrep {
    /// True when [`corrupt`] changes images.
    pub fn corrupts(&self) -> bool {
        self.lighting > 0.0 || self.contrast < 1.0 || self.pixel_noise > 0.0
    }
}

/// The camera's faults, in this order: low contrast, the lighting (gradient × vignette, plus
/// a veil), the gamma, sensor noise; values clamped to [0, 1]. `images` are corrupted in place, each with
/// its own numbers drawn from one master stream of `seed` (so the strengths never change which
/// numbers an image gets: moving a slider changes each image smoothly).
pub fn corrupt<'a>(images: impl Iterator<Item = &'a mut Vec<f32>>, shape: (usize, usize, usize), prep: &ImagePrep, seed: u64) {
    if !prep.corrupts() {
        return;
    }
    let mut master = rng(seed, STREAM_LIGHTING);
    for pixels in images {
        let mut r = ChaCha8Rng::seed_from_u64(master.random());
        corrupt_one(pixels, shape, prep, &mut r);
    }
}

fn corrupt_one(pixels: &mut [f32], (c, h, w): (usize, usize, usize), prep: &ImagePrep, r: &mut ChaCha8Rng) {
    let s = prep.lighting.clamp(0.0, 1.0);
    let contrast = prep.contrast.clamp(0.0, 1.0);
    // Every draw is made whatever the strengths.
    let angle = r.random_range(0.0..std::f64::consts::TAU);
    let depth = r.random_range(0.5..0.95);
    let (vx, vy) = (r.random_range(-0.25..0.25), r.random_range(-0.25..0.25));
    let gamma = 3f64.powf(s * r.random_range(-1.0..1.0));
    let veil = s * r.random_range(0.0..0.5);
    let (ca, sa) = (angle.cos(), angle.sin());
    let span = ca.abs() + sa.abs();
    let normal = (prep.pixel_noise > 0.0).then(|| Normal::new(0.0, prep.pixel_noise.min(0.5)).ok()).flatten();
    for y in 0..h {
        for x in 0..w {
            // Coordinates in [−½, ½], from the image's centre.
            let (u, v) = ((x as f64 + 0.5) / w as f64 - 0.5, (y as f64 + 0.5) / h as f64 - 0.5);
            let t = 0.5 + (u * ca + v * sa) / span;
            let gradient = 1.0 - s * depth * t;
            let r2 = ((u - vx).powi(2) + (v - vy).powi(2)) / 0.5;
            let vignette = (1.0 - 0.6 * s * r2).max(0.0);
            for ch in 0..c {
                let p = &mut pixels[(ch * h + y) * w + x];
                let mut v = 0.5 + contrast * (*p as f64 - 0.5);
                v = (v * gradient * vignette + veil).clamp(0.0, 1.0).powf(gamma);
                *p = v as f32;
            }
        }
    }
    if let Some(normal) = normal {
        for p in pixels.iter_mut() {
            *p = (*p as f64 + normal.sample(r)).clamp(0.0, 1.0) as f32;
        }
    }
}

/// Histogram equalization as `prep` asks, channel by channel (the images here have one).
/// Per-image normalization ([`normalize`]) comes later, when an image becomes the network's
/// input.
pub fn equalize(pixels: &mut [f32], (c, h, w): (usize, usize, usize), prep: &ImagePrep) {
    let plane = h * w;
    match prep.equalize {
        Equalize::None => {}
        Equalize::Global => pixels.chunks_mut(plane).take(c).for_each(equalize_hist),
        Equalize::Clahe => pixels.chunks_mut(plane).take(c).for_each(|p| clahe(p, h, w, prep.clahe_tiles, prep.clahe_clip)),
    }
}

/// Per-image standardization or min-max (a constant image becomes zeros).
pub fn normalize(pixels: &mut [f32], how: PerImage) {
    let n = pixels.len().max(1) as f64;
    match how {
        PerImage::None => {}
        PerImage::Standardize => {
            let mean = pixels.iter().map(|&p| p as f64).sum::<f64>() / n;
            let var = pixels.iter().map(|&p| (p as f64 - mean).powi(2)).sum::<f64>() / n;
            let sd = if var.sqrt() > 1e-6 { var.sqrt() } else { 1.0 };
            pixels.iter_mut().for_each(|p| *p = ((*p as f64 - mean) / sd) as f32);
        }
        PerImage::MinMax => {
            let (lo, hi) = pixels.iter().fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), &p| (a.min(p), b.max(p)));
            let span = if hi - lo > 1e-6 { hi - lo } else { f32::INFINITY };
            pixels.iter_mut().for_each(|p| *p = (*p - lo) / span);
        }
    }
}

/// Histogram equalization exactly as scikit-image's `exposure.equalize_hist(image, nbins=256)`
/// for a float image: numpy's 256-bin histogram over [min, max] (over [v − ½, v + ½] for a
/// constant image, as numpy does), its cumulative distribution normalized to end at 1, and
/// each pixel mapped by `np.interp(x, bin_centers, cdf)` (so values lie in [cdf[0], 1]).
pub fn equalize_hist(pixels: &mut [f32]) {
    const BINS: usize = 256;
    if pixels.is_empty() {
        return;
    }
    let (mut lo, mut hi) = pixels.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &p| (a.min(p as f64), b.max(p as f64)));
    if lo == hi {
        lo -= 0.5;
        hi += 0.5;
    }
    let width = (hi - lo) / BINS as f64;
    let mut hist = [0u32; BINS];
    for &p in pixels.iter() {
        // numpy: the last bin is closed on the right.
        let b = (((p as f64 - lo) / (hi - lo)) * BINS as f64) as usize;
        hist[b.min(BINS - 1)] += 1;
    }
    let mut cdf = [0f64; BINS];
    let mut sum = 0u32;
    for (b, &count) in hist.iter().enumerate() {
        sum += count;
        cdf[b] = sum as f64;
    }
    let total = sum as f64;
    cdf.iter_mut().for_each(|v| *v /= total);
    let centre = |b: usize| lo + (b as f64 + 0.5) * width;
    for p in pixels.iter_mut() {
        let x = *p as f64;
        // np.interp over the bin centres: clamped at both ends, linear between.
        let pos = (x - lo) / width - 0.5;
        let out = if pos <= 0.0 {
            cdf[0]
        } else if pos >= (BINS - 1) as f64 {
            cdf[BINS - 1]
        } else {
            let b = pos.floor() as usize;
            let f = (x - centre(b)) / width;
            cdf[b] + f * (cdf[b + 1] - cdf[b])
        };
        *p = out as f32;
    }
}

/// Contrast-limited adaptive histogram equalization (Zuiderveld, "Contrast Limited Adaptive
/// Histogram Equalization", Graphics Gems IV, 1994), as scikit-image's `equalize_adapthist`
/// sets it up: the image rescaled to [0, 1] and quantized to 256 levels; `tiles` × `tiles`
/// tiles; each tile's histogram clipped at max(1, clip · pixels per tile) counts with the
/// excess spread evenly over all levels; each tile's cumulative histogram is its mapping;
/// each pixel's value interpolated bilinearly between the mappings of the four nearest tile
/// centres (the nearest ones at the borders). Output in [0, 1].
pub fn clahe(pixels: &mut [f32], h: usize, w: usize, tiles: usize, clip: f64) {
    const LEVELS: usize = 256;
    let tiles = tiles.clamp(1, h.min(w).max(1));
    let (lo, hi) = pixels.iter().fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), &p| (a.min(p), b.max(p)));
    let span = if hi > lo { hi - lo } else { 1.0 };
    let level: Vec<usize> = pixels.iter().map(|&p| (((p - lo) / span) * (LEVELS - 1) as f32).round().clamp(0.0, (LEVELS - 1) as f32) as usize).collect();
    // Tile t along an axis of n pixels covers [t·n/tiles, (t+1)·n/tiles).
    let bounds = |t: usize, n: usize| (t * n / tiles, (t + 1) * n / tiles);
    let mut maps = vec![[0f32; LEVELS]; tiles * tiles];
    for ty in 0..tiles {
        for tx in 0..tiles {
            let ((y0, y1), (x0, x1)) = (bounds(ty, h), bounds(tx, w));
            let mut hist = [0f64; LEVELS];
            for y in y0..y1 {
                for x in x0..x1 {
                    hist[level[y * w + x]] += 1.0;
                }
            }
            let count = ((y1 - y0) * (x1 - x0)).max(1) as f64;
            let limit = (clip.clamp(0.0, 1.0) * count).max(1.0);
            let excess: f64 = hist.iter().map(|&v| (v - limit).max(0.0)).sum();
            let mut sum = 0.0;
            let map = &mut maps[ty * tiles + tx];
            for (l, v) in hist.iter().enumerate() {
                sum += v.min(limit) + excess / LEVELS as f64;
                map[l] = (sum / count).min(1.0) as f32;
            }
        }
    }
    // A coordinate's place between tile centres: (lower tile, upper tile, weight of upper).
    let between = |p: usize, n: usize| -> (usize, usize, f32) {
        let c = (p as f32 + 0.5) * tiles as f32 / n as f32 - 0.5;
        if c <= 0.0 {
            (0, 0, 0.0)
        } else if c >= (tiles - 1) as f32 {
            (tiles - 1, tiles - 1, 0.0)
        } else {
            let t = c.floor() as usize;
            (t, t + 1, c - t as f32)
        }
    };
    for y in 0..h {
        let (ya, yb, fy) = between(y, h);
        for x in 0..w {
            let (xa, xb, fx) = between(x, w);
            let l = level[y * w + x];
            let m = |ty: usize, tx: usize| maps[ty * tiles + tx][l];
            let top = m(ya, xa) * (1.0 - fx) + m(ya, xb) * fx;
            let bottom = m(yb, xa) * (1.0 - fx) + m(yb, xb) * fx;
            pixels[y * w + x] = top * (1.0 - fy) + bottom * fy;
        }
    }
}

/// `bins` counts of `values` in equal bins over [lo, hi] (the page's and the command line's
/// histograms of an image before and after preparation).
pub fn histogram(values: &[f32], lo: f32, hi: f32, bins: usize) -> Vec<u32> {
    let mut out = vec![0u32; bins.max(1)];
    let span = if hi > lo { hi - lo } else { 1.0 };
    for &v in values.iter().filter(|v| v.is_finite()) {
        let b = (((v - lo) / span) * bins as f32).floor().clamp(0.0, (bins - 1) as f32) as usize;
        out[b] += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: &[f32], b: &[f32], tol: f32) {
        assert_eq!(a.len(), b.len());
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            assert!((x - y).abs() <= tol, "pixel {i}: {x} vs {y}");
        }
    }

    // Reference: scikit-image 0.26.0.
    //   import numpy as np; from skimage import exposure
    //   x = np.array([0.1,0.1,0.2,0.35,0.35,0.35,0.5,0.9,0.05,0.6,0.6,0.61], dtype=np.float64)
    //   print(np.round(exposure.equalize_hist(x), 6))
    //   x2 = (np.arange(16).reshape(4,4) ** 2 / 225.0)
    //   print(np.round(exposure.equalize_hist(x2).ravel(), 6))
    //   print(exposure.equalize_hist(np.full(5, 0.3)))   # [0.5 0.5 0.5 0.5 0.5]
    #[test]
    fn global_equalization_matches_scikit_image() {
        let mut x = vec![0.1, 0.1, 0.2, 0.35, 0.35, 0.35, 0.5, 0.9, 0.05, 0.6, 0.6, 0.61f32];
        equalize_hist(&mut x);
        close(&x, &SKIMAGE_1, 2e-5);
        let mut x2: Vec<f32> = (0..16).map(|i| (i * i) as f32 / 225.0).collect();
        equalize_hist(&mut x2);
        close(&x2, &SKIMAGE_2, 2e-5);
        let mut c = vec![0.3f32; 5];
        equalize_hist(&mut c);
        close(&c, &[0.5; 5], 1e-6);
    }

    const SKIMAGE_1: [f32; 12] = [0.176471, 0.176471, 0.306373, 0.546569, 0.546569, 0.546569, 0.666667, 1.0, 0.083333, 0.833333, 0.833333, 0.916667];
    const SKIMAGE_2: [f32; 16] = [
        0.0625, 0.102361, 0.1875, 0.23375, 0.294028, 0.371528, 0.4375, 0.5, 0.5625, 0.60375, 0.6875, 0.75, 0.8125, 0.861528, 0.906528, 1.0,
    ];

    #[test]
    fn equalization_undoes_a_monotone_change_of_brightness() {
        // Equalization depends only on the order of the values and on where each falls in
        // its bin: a darker, lower-contrast, gamma-changed copy of an image with 16 grey
        // levels (like the digits' 17) equalizes to the same image, up to a level's share of
        // pixels (4/64), and with the same order.
        let base: Vec<f32> = (0..64).map(|i| ((i * 37) % 16) as f32 / 15.0).collect();
        let mut a = base.clone();
        let mut b: Vec<f32> = base.iter().map(|&v| 0.2 + 0.5 * v.powf(1.5)).collect();
        equalize_hist(&mut a);
        equalize_hist(&mut b);
        close(&a, &b, 4.0 / 64.0 + 1e-6);
        for i in 0..64 {
            for j in 0..64 {
                assert_eq!(a[i] < a[j], b[i] < b[j], "pixels {i}, {j}");
            }
        }
        // Without the change of brightness, the levels come out evenly spread: 16 levels of
        // 4 pixels each, the brightest at 1.
        assert!((a.iter().cloned().fold(0.0, f32::max) - 1.0).abs() < 1e-6);
    }

    #[test]
    fn clahe_with_one_unclipped_tile_is_global_equalization_of_the_levels() {
        let base: Vec<f32> = (0..64).map(|i| ((i * 29) % 64) as f32 / 63.0).collect();
        let mut a = base.clone();
        clahe(&mut a, 8, 8, 1, 1.0);
        // Each value's share of pixels at or below it: 64 distinct values → (rank + 1) / 64.
        let mut rank: Vec<usize> = (0..64).collect();
        rank.sort_by(|&i, &j| base[i].total_cmp(&base[j]));
        let mut expected = vec![0f32; 64];
        for (r, &i) in rank.iter().enumerate() {
            expected[i] = (r + 1) as f32 / 64.0;
        }
        close(&a, &expected, 1e-5);
    }

    #[test]
    fn clahe_evens_out_a_lighting_gradient_better_than_global_equalization() {
        // A checkerboard under a strong left-to-right gradient: after CLAHE the contrast
        // between neighbouring squares is about the same on both halves; after global
        // equalization the dark half keeps less of it.
        let (h, w) = (16, 16);
        let img: Vec<f32> = (0..h * w)
            .map(|i| {
                let (y, x) = (i / w, i % w);
                let light = 0.1 + 0.9 * x as f32 / (w - 1) as f32;
                light * if (x / 2 + y / 2) % 2 == 0 { 0.9 } else { 0.4 }
            })
            .collect();
        let half_contrast = |p: &[f32], left: bool| {
            let xs: Vec<usize> = if left { (0..w / 2).collect() } else { (w / 2..w).collect() };
            let (mut a, mut b, mut n) = (0.0, 0.0, 0.0);
            for y in 0..h {
                for &x in &xs {
                    if (x / 2 + y / 2) % 2 == 0 { a += p[y * w + x] } else { b += p[y * w + x] }
                    n += 0.5;
                }
            }
            (a - b) / n
        };
        let mut global = img.clone();
        equalize_hist(&mut global);
        let mut local = img.clone();
        clahe(&mut local, h, w, 4, 1.0);
        let ratio = |p: &[f32]| half_contrast(p, true) / half_contrast(p, false);
        assert!(ratio(&local) > 0.8, "CLAHE dark/bright contrast ratio {}", ratio(&local));
        // Measured: global 0.78, CLAHE 0.93.
        assert!(ratio(&global) < ratio(&local) - 0.1, "global {} vs CLAHE {}", ratio(&global), ratio(&local));
        assert!(local.iter().all(|v| (0.0..=1.0).contains(v)));
    }

    #[test]
    fn clipping_limits_the_contrast_clahe_adds() {
        // A nearly flat image with a few bright pixels: unclipped, CLAHE stretches the flat
        // part's tiny differences over the whole range; clipped hard, it stays nearly flat.
        let img: Vec<f32> = (0..64).map(|i| if i % 9 == 0 { 0.9 } else { 0.4 + 0.001 * (i % 5) as f32 }).collect();
        let spread = |p: &[f32]| {
            let flat: Vec<f32> = p.iter().enumerate().filter(|(i, _)| i % 9 != 0).map(|(_, &v)| v).collect();
            flat.iter().cloned().fold(f32::MIN, f32::max) - flat.iter().cloned().fold(f32::MAX, f32::min)
        };
        let (mut free, mut clipped) = (img.clone(), img.clone());
        clahe(&mut free, 8, 8, 1, 1.0);
        clahe(&mut clipped, 8, 8, 1, 0.01);
        assert!(spread(&free) > 0.5, "unclipped spread {}", spread(&free));
        assert!(spread(&clipped) < 0.1, "clipped spread {}", spread(&clipped));
    }

    #[test]
    fn per_image_normalization() {
        let mut s = vec![1.0f32, 2.0, 3.0, 4.0];
        normalize(&mut s, PerImage::Standardize);
        // mean 2.5, population sd √1.25.
        close(&s, &[-1.341641, -0.447214, 0.447214, 1.341641], 1e-5);
        let mut m = vec![0.2f32, 0.4, 0.6];
        normalize(&mut m, PerImage::MinMax);
        close(&m, &[0.0, 0.5, 1.0], 1e-6);
        let mut flat = vec![0.3f32; 4];
        normalize(&mut flat, PerImage::MinMax);
        close(&flat, &[0.0; 4], 0.0);
        let mut flat = vec![0.3f32; 4];
        normalize(&mut flat, PerImage::Standardize);
        close(&flat, &[0.0; 4], 1e-7);
    }

    #[test]
    fn lighting_darkens_part_of_the_image_and_is_seeded() {
        let shape = (1, 8, 8);
        let white = vec![vec![0.6f32; 64]; 20];
        let prep = ImagePrep { lighting: 1.0, ..ImagePrep::default() };
        let mut a = white.clone();
        corrupt(a.iter_mut(), shape, &prep, 3);
        let mut b = white.clone();
        corrupt(b.iter_mut(), shape, &prep, 3);
        assert_eq!(a, b, "same seed, same lighting");
        for img in &a {
            let (lo, hi) = img.iter().fold((1f32, 0f32), |(l, h), &v| (l.min(v), h.max(v)));
            assert!(hi - lo > 0.1, "a strong gradient: {lo}..{hi}");
        }
        // Strength 0, contrast 1, no noise: nothing changes.
        let mut c = white.clone();
        corrupt(c.iter_mut(), shape, &ImagePrep::default(), 3);
        assert_eq!(c, white);
        // Contrast 0.5 maps 1 to 0.75 and 0 to 0.25 (no lighting).
        let mut d = vec![vec![0.0f32, 1.0]];
        corrupt(d.iter_mut(), (1, 1, 2), &ImagePrep { contrast: 0.5, ..ImagePrep::default() }, 1);
        close(&d[0], &[0.25, 0.75], 1e-6);
    }

    #[test]
    fn histogram_counts() {
        assert_eq!(histogram(&[0.0, 0.1, 0.5, 0.99, 1.0, f32::NAN], 0.0, 1.0, 4), vec![2, 0, 1, 2]);
    }
}
