//! Data augmentation: new training images from old ones, drawn afresh every epoch (training
//! split only; the test split is never augmented). Geometric changes (shift, rotation, zoom,
//! horizontal flip, elastic deformation) resample the image bilinearly, with black outside;
//! then brightness and contrast jitter, Gaussian noise and cutout (a black square). Each
//! strength 0 turns its change off.
//!
//! Every image's numbers come from its own generator, and every number is drawn whatever the
//! strengths, as a unit draw that a strength scales: with the same generator, moving one
//! slider changes one aspect of each augmented image, smoothly (the page's preview relies on
//! it).

use super::data::rng;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};
use serde::{Deserialize, Serialize};

/// Augmentation while training (one master stream per run; each epoch continues it).
pub const STREAM_AUGMENT: u64 = 7;
/// The page's preview (fixed per image: the preview changes only when a strength does).
pub const STREAM_PREVIEW: u64 = 8;

/// Strengths (0 = off). The page's ranges: shift 0–0.3 (largest shift, a share of the
/// side), rotate 0–45 (degrees), scale 0–0.3 (largest relative zoom), flip on/off, elastic
/// 0–1 (1 = Simard et al.'s α = 34, σ = 4 for a 28-pixel side, scaled to the side), bright
/// 0–0.5 (largest brightness shift and relative contrast change), noise 0–0.5 (standard
/// deviation), cutout 0–0.5 (the cut square's side, a share of the image's side).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Augment {
    pub shift: f64,
    pub rotate: f64,
    pub scale: f64,
    pub flip: bool,
    pub elastic: f64,
    pub bright: f64,
    pub noise: f64,
    pub cutout: f64,
}

impl Augment {
    pub fn active(&self) -> bool {
        self.shift > 0.0 || self.rotate > 0.0 || self.scale > 0.0 || self.flip || self.elastic > 0.0 || self.bright > 0.0 || self.noise > 0.0 || self.cutout > 0.0
    }
}

/// The master generator of a run's augmentation.
pub fn stream(seed: u64) -> ChaCha8Rng {
    rng(seed, STREAM_AUGMENT)
}

/// One augmented version of `pixels` (C × H × W in [0, 1]), from `r`.
pub fn augment(pixels: &[f32], (c, h, w): (usize, usize, usize), a: &Augment, r: &mut ChaCha8Rng) -> Vec<f32> {
    let mut unit = || r.random_range(-1.0f64..1.0);
    let (dx, dy, turn, zoom) = (unit(), unit(), unit(), unit());
    let (bright, contrast) = (unit(), unit());
    let (cx, cy) = ((unit() + 1.0) / 2.0, (unit() + 1.0) / 2.0);
    let flip = a.flip && r.random_bool(0.5);
    let side = h.max(w) as f64;
    let elastic = (a.elastic > 0.0).then(|| elastic_field(h, w, a.elastic.min(1.0), r));

    let mut out = vec![0f32; pixels.len()];
    let geometric = a.shift > 0.0 || a.rotate > 0.0 || a.scale > 0.0 || flip || elastic.is_some();
    if geometric {
        // Output pixel → source point: p_src = R(−θ)·(p − centre − t) / z + centre.
        let theta = (a.rotate.min(45.0) * turn).to_radians();
        let z = 1.0 + a.scale.min(0.3) * zoom;
        let (tx, ty) = (a.shift.min(0.3) * dx * w as f64, a.shift.min(0.3) * dy * h as f64);
        let (cos, sin) = (theta.cos(), theta.sin());
        let (ox, oy) = ((w as f64 - 1.0) / 2.0, (h as f64 - 1.0) / 2.0);
        for y in 0..h {
            for x in 0..w {
                let (mut px, mut py) = (x as f64, y as f64);
                if let Some((ex, ey)) = &elastic {
                    px += ex[y * w + x];
                    py += ey[y * w + x];
                }
                let (u, v) = (px - ox - tx, py - oy - ty);
                let (mut sx, sy) = ((cos * u + sin * v) / z + ox, (-sin * u + cos * v) / z + oy);
                if flip {
                    sx = w as f64 - 1.0 - sx;
                }
                for ch in 0..c {
                    out[(ch * h + y) * w + x] = bilinear(&pixels[ch * h * w..(ch + 1) * h * w], h, w, sx, sy);
                }
            }
        }
    } else {
        out.copy_from_slice(pixels);
    }
    if a.bright > 0.0 {
        let b = a.bright.min(0.5);
        let mean = out.iter().map(|&v| v as f64).sum::<f64>() / out.len().max(1) as f64;
        let k = 1.0 + b * contrast;
        out.iter_mut().for_each(|v| *v = ((*v as f64 - mean) * k + mean + b * bright).clamp(0.0, 1.0) as f32);
    }
    if a.noise > 0.0 {
        let sd = a.noise.min(0.5);
        out.iter_mut().for_each(|v| {
            let n: f64 = StandardNormal.sample(r);
            *v = (*v as f64 + sd * n).clamp(0.0, 1.0) as f32;
        });
    }
    if a.cutout > 0.0 {
        let k = (a.cutout.min(0.5) * side).round() as i64;
        if k > 0 {
            let (x0, y0) = ((cx * w as f64) as i64 - k / 2, (cy * h as f64) as i64 - k / 2);
            for y in y0.max(0)..(y0 + k).min(h as i64) {
                for x in x0.max(0)..(x0 + k).min(w as i64) {
                    for ch in 0..c {
                        out[(ch * h + y as usize) * w + x as usize] = 0.0;
                    }
                }
            }
        }
    }
    out
}

/// Bilinear interpolation in one channel, zero outside the image.
fn bilinear(p: &[f32], h: usize, w: usize, x: f64, y: f64) -> f32 {
    let (x0, y0) = (x.floor(), y.floor());
    let (fx, fy) = ((x - x0) as f32, (y - y0) as f32);
    let at = |xi: f64, yi: f64| -> f32 {
        if xi < 0.0 || yi < 0.0 || xi >= w as f64 || yi >= h as f64 {
            0.0
        } else {
            p[yi as usize * w + xi as usize]
        }
    };
    let top = at(x0, y0) * (1.0 - fx) + at(x0 + 1.0, y0) * fx;
    let bottom = at(x0, y0 + 1.0) * (1.0 - fx) + at(x0 + 1.0, y0 + 1.0) * fx;
    top * (1.0 - fy) + bottom * fy
}

/// Elastic deformation (Simard, Steinkraus & Platt, "Best Practices for Convolutional Neural
/// Networks Applied to Visual Document Analysis", 2003): a displacement field of uniform
/// numbers in [−1, 1] per pixel and axis, smoothed with a Gaussian of σ, times α; with
/// α = 34 and σ = 4 for a 28-pixel side at strength 1 (both scaled to the image's side; σ
/// at least 1 pixel).
fn elastic_field(h: usize, w: usize, strength: f64, r: &mut ChaCha8Rng) -> (Vec<f64>, Vec<f64>) {
    let side = h.max(w) as f64;
    let sigma = (4.0 * side / 28.0).max(1.0);
    let alpha = strength * 34.0 * side / 28.0;
    let radius = (2.0 * sigma).ceil() as i64;
    let kernel: Vec<f64> = (-radius..=radius).map(|i| (-(i * i) as f64 / (2.0 * sigma * sigma)).exp()).collect();
    let total: f64 = kernel.iter().sum();
    let kernel: Vec<f64> = kernel.iter().map(|k| k / total).collect();
    let mut field = || {
        let raw: Vec<f64> = (0..h * w).map(|_| r.random_range(-1.0..1.0)).collect();
        // Separable smoothing, zero beyond the border (scipy's mode="constant").
        let pass = |src: &[f64], horizontal: bool| -> Vec<f64> {
            let mut dst = vec![0.0; h * w];
            for y in 0..h as i64 {
                for x in 0..w as i64 {
                    let mut s = 0.0;
                    for (k, weight) in kernel.iter().enumerate() {
                        let d = k as i64 - radius;
                        let (xx, yy) = if horizontal { (x + d, y) } else { (x, y + d) };
                        if xx >= 0 && yy >= 0 && xx < w as i64 && yy < h as i64 {
                            s += weight * src[(yy * w as i64 + xx) as usize];
                        }
                    }
                    dst[(y * w as i64 + x) as usize] = s;
                }
            }
            dst
        };
        pass(&pass(&raw, true), false).into_iter().map(|v| v * alpha).collect::<Vec<f64>>()
    };
    let ex = field();
    let ey = field();
    (ex, ey)
}

/// `count` augmented versions of one image for the page's preview: each from its own
/// generator, fixed by (seed, image index, version).
pub fn preview(pixels: &[f32], shape: (usize, usize, usize), a: &Augment, seed: u64, index: usize, count: usize) -> Vec<Vec<f32>> {
    let mut master = rng(seed ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15), STREAM_PREVIEW);
    (0..count)
        .map(|_| {
            let mut r = ChaCha8Rng::seed_from_u64(master.random());
            augment(pixels, shape, a, &mut r)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 7×7 image with one bright pixel at (row 2, column 4).
    fn dot() -> Vec<f32> {
        let mut p = vec![0f32; 49];
        p[2 * 7 + 4] = 1.0;
        p
    }

    fn argmax(p: &[f32]) -> usize {
        p.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).map(|(i, _)| i).unwrap_or(0)
    }

    #[test]
    fn nothing_on_is_the_identity() {
        let mut r = stream(1);
        assert!(!Augment::default().active());
        assert_eq!(augment(&dot(), (1, 7, 7), &Augment::default(), &mut r), dot());
    }

    #[test]
    fn flip_mirrors_and_rotation_turns_about_the_centre() {
        let flip = Augment { flip: true, ..Augment::default() };
        // Over seeds, about half the images are mirrored: the dot at column 4 goes to 2.
        let mut flipped = 0;
        for seed in 0..40 {
            let out = augment(&dot(), (1, 7, 7), &flip, &mut ChaCha8Rng::seed_from_u64(seed));
            let at = argmax(&out);
            assert!(at == 2 * 7 + 4 || at == 2 * 7 + 2, "at {at}");
            flipped += (at == 2 * 7 + 2) as usize;
        }
        assert!((10..=30).contains(&flipped), "{flipped} of 40 flipped");
        // Any rotation keeps the dot's distance from the centre (3, 3): √(1 + 1) ≈ 1.41, up to
        // the interpolation's blur (the brightest pixel moves by at most one).
        let rot = Augment { rotate: 45.0, ..Augment::default() };
        for seed in 0..20 {
            let out = augment(&dot(), (1, 7, 7), &rot, &mut ChaCha8Rng::seed_from_u64(seed));
            let at = argmax(&out);
            let (y, x) = ((at / 7) as f64, (at % 7) as f64);
            let d = ((y - 3.0).powi(2) + (x - 3.0).powi(2)).sqrt();
            assert!((d - 2f64.sqrt()).abs() <= 1.0, "seed {seed}: distance {d}");
            // Bilinear resampling keeps the total brightness of an interior dot within a rotation.
            let total: f32 = out.iter().sum();
            assert!((total - 1.0).abs() < 0.35, "seed {seed}: total {total}");
        }
    }

    #[test]
    fn a_shift_moves_the_centre_of_brightness_by_the_drawn_amount() {
        // A blob in the middle of 12×12; shift s and unit draws (u, v) move it by
        // (s·u·12, s·v·12) pixels. Bilinear resampling keeps an interior blob's centroid
        // exactly where the shift puts it.
        let (h, w) = (12, 12);
        let img: Vec<f32> = (0..h * w)
            .map(|i| {
                let (y, x) = ((i / w) as f32 - 5.5, (i % w) as f32 - 5.5);
                (-(x * x + y * y) / 3.0).exp()
            })
            .collect();
        let centroid = |p: &[f32]| {
            let total: f32 = p.iter().sum();
            let cx: f32 = p.iter().enumerate().map(|(i, v)| (i % w) as f32 * v).sum::<f32>() / total;
            let cy: f32 = p.iter().enumerate().map(|(i, v)| (i / w) as f32 * v).sum::<f32>() / total;
            (cx, cy)
        };
        let (x0, y0) = centroid(&img);
        let a = Augment { shift: 0.1, ..Augment::default() };
        for seed in 0..10 {
            let mut probe = ChaCha8Rng::seed_from_u64(seed);
            let (u, v) = (probe.random_range(-1.0f64..1.0), probe.random_range(-1.0f64..1.0));
            let out = augment(&img, (1, h, w), &a, &mut ChaCha8Rng::seed_from_u64(seed));
            let (x1, y1) = centroid(&out);
            assert!((x1 - x0 - (0.1 * u * 12.0) as f32).abs() < 0.05, "seed {seed}: x {x0} → {x1}, drawn {u}");
            assert!((y1 - y0 - (0.1 * v * 12.0) as f32).abs() < 0.05, "seed {seed}: y {y0} → {y1}, drawn {v}");
        }
    }

    #[test]
    fn cutout_blacks_a_square_and_noise_and_brightness_stay_in_range() {
        let grey = vec![0.5f32; 100];
        let cut = augment(&grey, (1, 10, 10), &Augment { cutout: 0.3, ..Augment::default() }, &mut stream(4));
        let zeros = cut.iter().filter(|&&v| v == 0.0).count();
        // A 3×3 square, clipped by the border to 2×2 at the least.
        assert!((4..=9).contains(&zeros), "{zeros}");
        let mixed = augment(&grey, (1, 10, 10), &Augment { bright: 0.5, noise: 0.5, ..Augment::default() }, &mut stream(5));
        assert!(mixed.iter().all(|v| (0.0..=1.0).contains(v)));
        assert!(mixed.iter().any(|&v| (v - 0.5).abs() > 0.05));
    }

    #[test]
    fn elastic_deformation_moves_pixels_by_about_simards_amount() {
        // Strength 1 on 28×28 (α = 34, σ = 4): displacements of about a pixel or two.
        let mut r = stream(2);
        let (ex, ey) = elastic_field(28, 28, 1.0, &mut r);
        let rms = (ex.iter().chain(&ey).map(|v| v * v).sum::<f64>() / (2.0 * 784.0)).sqrt();
        assert!((0.5..3.0).contains(&rms), "rms displacement {rms}");
    }

    #[test]
    fn a_stronger_setting_changes_the_same_draw_smoothly() {
        let img: Vec<f32> = (0..64).map(|i| ((i * 13) % 64) as f32 / 63.0).collect();
        let at = |rotate: f64| preview(&img, (1, 8, 8), &Augment { rotate, ..Augment::default() }, 9, 3, 4);
        let (a, b, c) = (at(10.0), at(10.5), at(40.0));
        let diff = |p: &[Vec<f32>], q: &[Vec<f32>]| p.iter().flatten().zip(q.iter().flatten()).map(|(x, y)| (x - y).abs()).sum::<f32>();
        assert!(diff(&a, &b) < diff(&a, &c) / 5.0, "{} vs {}", diff(&a, &b), diff(&a, &c));
        assert_eq!(at(10.0), a, "the preview is fixed by (seed, index)");
    }
}
