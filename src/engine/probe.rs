//! What the page draws besides the curves, per data kind: a [`View`]. Points get the output
//! over the plane, each neuron's output over the plane, the weights and the dropout masks
//! ([`PointsView`]); images get the confusion matrix over the test split, the predicted class
//! of each gallery image, the first layer's filters and the feature maps of one chosen image
//! ([`ImagesView`]). Both carry the layer statistics. Everything here is compact: grids of at
//! most 48×48, maps quantized to bytes.
//!
//! [`ImageData`] is the image side of data preparation: label noise on the training split,
//! the camera's corruption and the per-image preparation (`imageprep`), per-pixel scaling
//! fitted on the training split (none, standardization, min-max), as `Pipeline` does per
//! feature for points; and augmentation of the training split (`augment`).

use super::augment::{self, Augment};
use super::data::{rng, Task, STREAM_CORRUPT};
use super::imageprep::{self, PerImage};
use super::images::{Image, ImageSet};
use super::net::Net;
use super::prep::{PrepConfig, Scaling};
use super::train::{Grid, LayerStats, LayerWeights};
use super::Result;
use candle_core::{DType, Device, Tensor};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// Test images shown on the page (the first of the seeded test split).
pub const GALLERY: usize = 64;
/// A feature map is sent for at most this many channels per layer.
pub const MAX_MAP_CHANNELS: usize = 16;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum View {
    Points(PointsView),
    Images(ImagesView),
    Sequences(super::seqprobe::SequencesView),
}

impl View {
    /// Per weighted hidden layer, from `Trainer::layer_stats`.
    pub fn layers(&self) -> &[LayerStats] {
        match self {
            View::Points(v) => &v.layers,
            View::Images(v) => &v.layers,
            View::Sequences(v) => &v.layers,
        }
    }

    pub fn as_points(&self) -> Option<&PointsView> {
        match self {
            View::Points(v) => Some(v),
            _ => None,
        }
    }

    pub fn as_images(&self) -> Option<&ImagesView> {
        match self {
            View::Images(v) => Some(v),
            _ => None,
        }
    }

    pub fn as_sequences(&self) -> Option<&super::seqprobe::SequencesView> {
        match self {
            View::Sequences(v) => Some(v),
            _ => None,
        }
    }
}

/// The plane's pictures: the output over the plane, each neuron's output over the plane
/// (small thumbnails, layer by layer from the inputs), all weights, each hidden layer's
/// statistics and the current dropout masks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PointsView {
    pub task: Task,
    /// The output layer's values (σ, softmax or the regression value) over the plane.
    pub boundary: Grid,
    pub neurons: Vec<Vec<Grid>>,
    pub weights: Vec<LayerWeights>,
    pub layers: Vec<LayerStats>,
    /// Per hidden layer, one flag per neuron (true = kept): the dropout mask of the first
    /// sample of the last training batch.
    pub dropout_masks: Vec<Vec<bool>>,
}

/// One layer's output for one image, channel by channel, quantized: value ≈ lo + (hi − lo)·b/255.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeatureMap {
    pub channels: usize,
    pub height: usize,
    pub width: usize,
    /// How many channels the layer has (only the first [`MAX_MAP_CHANNELS`] are sent).
    pub total_channels: usize,
    pub lo: f32,
    pub hi: f32,
    /// channels × height × width bytes.
    pub values: Vec<u8>,
}

/// The first convolution's filters, PyTorch's layout: per filter C·K·K weights (c, ky, kx).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Filters {
    pub kernel: usize,
    pub channels: usize,
    pub values: Vec<Vec<f32>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImagesView {
    pub task: Task,
    pub layers: Vec<LayerStats>,
    /// classes × classes counts over the test split: row = true class, column = predicted.
    pub confusion: Vec<u32>,
    /// The predicted class of each gallery image.
    pub predictions: Vec<u8>,
    /// The first convolution's filters (none for a network without convolutions).
    pub filters: Option<Filters>,
    /// The gallery image whose feature maps follow, and every layer's output for it.
    pub chosen: Option<usize>,
    pub maps: Vec<FeatureMap>,
}

impl ImagesView {
    pub fn classes(&self) -> usize {
        self.task.outputs().max(2)
    }

    /// Per class: test images of the class and how many were classified right.
    pub fn per_class(&self) -> Vec<(u32, u32)> {
        let k = self.classes();
        (0..k).map(|c| (self.confusion[c * k..(c + 1) * k].iter().sum(), self.confusion[c * k + c])).collect()
    }
}

/// A gallery image for the page: pixels as bytes (0–255 for [0, 1]) and the true label.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GalleryImage {
    pub label: u8,
    pub pixels: Vec<u8>,
}

/// How many augmented versions the page's preview shows.
pub const PREVIEW: usize = 15;
/// How many training images the page shows before and after preparation.
pub const PREP_SAMPLES: usize = 4;

/// A training image before preparation (as the camera gave it: after the lighting, contrast
/// and noise) and after it (equalized and normalized per image: what the per-pixel scaling
/// receives). `before` is bytes for [0, 1]; `after` bytes for [lo, hi].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PrepSample {
    pub label: u8,
    pub before: Vec<u8>,
    pub after: Vec<u8>,
    pub lo: f32,
    pub hi: f32,
}

/// The images of a run after preparation.
#[derive(Clone, Debug, PartialEq)]
pub struct ImageData {
    /// The images after label noise, the camera's corruption and equalization (pixels in
    /// [0, 1]; per-image normalization and the per-pixel scaling come when they become the
    /// network's input).
    pub set: ImageSet,
    /// Training images whose label noise changed (indices, ascending).
    pub relabelled: Vec<u32>,
    pub per_image: PerImage,
    /// Per pixel: x' = (x − shift) / scale, fitted on the training split.
    pub shift: Vec<f32>,
    pub scale: Vec<f32>,
    /// The first [`PREP_SAMPLES`] training images before and after preparation.
    pub samples: Vec<PrepSample>,
}

/// Values as bytes: 0 for `lo`, 255 for `hi`, clamped.
pub fn bytes(v: &[f32], lo: f32, hi: f32) -> Vec<u8> {
    let span = if hi > lo { hi - lo } else { 1.0 };
    v.iter().map(|&x| (((x - lo) / span).clamp(0.0, 1.0) * 255.0).round() as u8).collect()
}

impl ImageData {
    /// Label noise on the training split (each training image, with probability
    /// `label_noise`, gets another class drawn uniformly; the corruption stream of `seed`),
    /// then the camera's corruption of both splits (`imageprep::corrupt`). Returns the
    /// relabelled training images' indices.
    pub fn corrupt(set: &mut ImageSet, prep: &PrepConfig, seed: u64) -> Vec<u32> {
        let mut relabelled = Vec::new();
        let classes = set.classes.max(2) as u32;
        if prep.label_noise > 0.0 {
            let mut r = rng(seed, STREAM_CORRUPT);
            for (i, img) in set.train.iter_mut().enumerate() {
                if r.random::<f64>() < prep.label_noise {
                    img.label = (img.label + r.random_range(1..classes)) % classes;
                    relabelled.push(i as u32);
                }
            }
        }
        let shape = (set.channels, set.height, set.width);
        imageprep::corrupt(set.train.iter_mut().chain(set.test.iter_mut()).map(|i| &mut i.pixels), shape, &prep.image, seed);
        relabelled
    }

    /// [`corrupt`](Self::corrupt), then equalization (`imageprep`), then the per-pixel
    /// scaling fitted on the training split after per-image normalization. The test split
    /// never gets label noise; it gets the camera's corruption like the training split.
    pub fn prepare(mut set: ImageSet, prep: &PrepConfig, seed: u64) -> ImageData {
        let relabelled = Self::corrupt(&mut set, prep, seed);
        let shape = (set.channels, set.height, set.width);
        let before: Vec<(u8, Vec<u8>)> = set.train.iter().take(PREP_SAMPLES).map(|i| (i.label as u8, bytes(&i.pixels, 0.0, 1.0))).collect();
        if prep.image.equalize != imageprep::Equalize::None {
            for img in set.train.iter_mut().chain(set.test.iter_mut()) {
                imageprep::equalize(&mut img.pixels, shape, &prep.image);
            }
        }
        let per_image = prep.image.per_image;
        let samples = before
            .into_iter()
            .zip(&set.train)
            .map(|((label, before), img)| {
                let mut v = img.pixels.clone();
                imageprep::normalize(&mut v, per_image);
                let (lo, hi) = v.iter().fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
                let (lo, hi) = if lo.is_finite() { (lo, hi) } else { (0.0, 1.0) };
                PrepSample { label, before, after: bytes(&v, lo, hi), lo, hi }
            })
            .collect();
        // Per-pixel statistics of the normalized training images, in one pass.
        let len = set.channels * set.height * set.width;
        let n = set.train.len().max(1) as f64;
        let (mut sum, mut sq) = (vec![0f64; len], vec![0f64; len]);
        let (mut lo, mut hi) = (vec![f64::INFINITY; len], vec![f64::NEG_INFINITY; len]);
        let mut buf = vec![0f32; len];
        for img in &set.train {
            buf.copy_from_slice(&img.pixels);
            imageprep::normalize(&mut buf, per_image);
            for (p, &v) in buf.iter().enumerate() {
                let v = v as f64;
                sum[p] += v;
                sq[p] += v * v;
                lo[p] = lo[p].min(v);
                hi[p] = hi[p].max(v);
            }
        }
        let positive = |s: f64| if s.is_finite() && s > 1e-12 { s as f32 } else { 1.0 };
        let (mut shift, mut scale) = (vec![0f32; len], vec![1f32; len]);
        for p in 0..len {
            match prep.scaling {
                Scaling::None => {}
                Scaling::Standardize => {
                    let mean = sum[p] / n;
                    shift[p] = mean as f32;
                    scale[p] = positive((sq[p] / n - mean * mean).max(0.0).sqrt());
                }
                Scaling::MinMax => {
                    shift[p] = if lo[p].is_finite() { lo[p] as f32 } else { 0.0 };
                    scale[p] = positive(hi[p] - lo[p]);
                }
            }
        }
        ImageData { set, relabelled, per_image, shift, scale, samples }
    }

    /// One image as the network's input values, in (c, h, w) order: normalized per image,
    /// then scaled per pixel.
    pub fn input(&self, pixels: &[f32]) -> Vec<f32> {
        let mut v = pixels.to_vec();
        imageprep::normalize(&mut v, self.per_image);
        v.iter_mut().enumerate().for_each(|(p, x)| *x = (*x - self.shift[p]) / self.scale[p]);
        v
    }

    /// Images as the network's input, NHWC.
    fn batch<'a>(&self, images: impl ExactSizeIterator<Item = &'a [f32]>, dtype: DType, dev: &Device) -> Result<Tensor> {
        let (c, h, w) = (self.set.channels, self.set.height, self.set.width);
        let n = images.len();
        let mut xs = Vec::with_capacity(n * c * h * w);
        for pixels in images {
            let v = self.input(pixels);
            // (c, h, w) → (h, w, c).
            for y in 0..h {
                for x in 0..w {
                    for ch in 0..c {
                        xs.push(v[(ch * h + y) * w + x]);
                    }
                }
            }
        }
        Ok(Tensor::from_vec(xs, (n, h, w, c), dev)?.to_dtype(dtype)?)
    }

    /// One split as the network's input, NHWC; and the labels (N, 1).
    fn split(&self, images: &[Image], dtype: DType, dev: &Device) -> Result<(Tensor, Tensor)> {
        let x = self.batch(images.iter().map(|i| i.pixels.as_slice()), dtype, dev)?;
        let ys: Vec<f32> = images.iter().map(|i| i.label as f32).collect();
        let y = Tensor::from_vec(ys, (images.len(), 1), dev)?.to_dtype(dtype)?;
        Ok((x, y))
    }

    /// [x_train, y_train, x_test, y_test].
    pub fn tensors(&self, dtype: DType, dev: &Device) -> Result<[Tensor; 4]> {
        let (a, b) = self.split(&self.set.train, dtype, dev)?;
        let (c, d) = self.split(&self.set.test, dtype, dev)?;
        Ok([a, b, c, d])
    }

    /// The training split augmented afresh (one new version of every image, in order, from
    /// `r`), as the network's input: what one epoch trains on when augmentation is on.
    pub fn augmented_train(&self, aug: &Augment, r: &mut ChaCha8Rng, dtype: DType, dev: &Device) -> Result<Tensor> {
        let shape = (self.set.channels, self.set.height, self.set.width);
        let images: Vec<Vec<f32>> = self.set.train.iter().map(|i| augment::augment(&i.pixels, shape, aug, r)).collect();
        self.batch(images.iter().map(|v| v.as_slice()), dtype, dev)
    }

    /// Training image `index` and `count` augmented versions of it, as bytes (the page's
    /// preview; fixed by the seed and the index).
    pub fn augment_preview(&self, aug: &Augment, seed: u64, index: usize, count: usize) -> Option<Vec<Vec<u8>>> {
        let img = self.set.train.get(index)?;
        let shape = (self.set.channels, self.set.height, self.set.width);
        let mut out = vec![bytes(&img.pixels, 0.0, 1.0)];
        out.extend(augment::preview(&img.pixels, shape, aug, seed, index, count).iter().map(|v| bytes(v, 0.0, 1.0)));
        Some(out)
    }

    /// The first [`GALLERY`] test images, as bytes.
    pub fn gallery(&self) -> Vec<GalleryImage> {
        self.set
            .test
            .iter()
            .take(GALLERY)
            .map(|img| GalleryImage { label: img.label as u8, pixels: bytes(&img.pixels, 0.0, 1.0) })
            .collect()
    }

    /// The view from an evaluation-mode pass over the test split: its logits `z` (of
    /// `x_test`, labels `y_test`, as [`tensors`](Self::tensors) made them); the gallery is the
    /// first [`GALLERY`] of them.
    #[allow(clippy::too_many_arguments)]
    pub fn view(&self, model: &Net, task: Task, z: &Tensor, x_test: &Tensor, y_test: &Tensor, layers: Vec<LayerStats>, chosen: Option<usize>) -> Result<ImagesView> {
        let k = task.outputs().max(2);
        let predicted: Vec<u32> = match task {
            Task::Binary => z.gt(0.0)?.to_dtype(DType::U32)?.flatten_all()?.to_vec1()?,
            _ => z.argmax(1)?.to_dtype(DType::U32)?.to_vec1()?,
        };
        let truth: Vec<f32> = y_test.to_dtype(DType::F32)?.flatten_all()?.to_vec1()?;
        let mut confusion = vec![0u32; k * k];
        for (&p, &t) in predicted.iter().zip(&truth) {
            let (t, p) = (t as usize, p as usize);
            if t < k && p < k {
                confusion[t * k + p] += 1;
            }
        }
        let gallery = predicted.len().min(GALLERY);
        let predictions = predicted[..gallery].iter().map(|&p| p as u8).collect();
        let filters = match model.as_cnn() {
            Some(cnn) => cnn.first_filters()?.map(|(values, kernel, channels)| Filters { kernel, channels, values }),
            None => None,
        };
        let chosen = chosen.filter(|&i| i < gallery);
        let maps = match (chosen, model.as_cnn()) {
            (Some(i), Some(cnn)) => cnn.feature_maps(&x_test.narrow(0, i, 1)?)?.iter().map(quantize).collect::<Result<Vec<_>>>()?,
            _ => vec![],
        };
        Ok(ImagesView { task, layers, confusion, predictions, filters, chosen, maps })
    }
}

/// A layer's output for one example, (1, H, W, C) or (1, units), as a [`FeatureMap`].
fn quantize(t: &Tensor) -> Result<FeatureMap> {
    let dims = t.dims().to_vec();
    let (h, w, c) = match dims.as_slice() {
        [1, h, w, c] => (*h, *w, *c),
        [1, units] => (1, *units, 1),
        _ => (1, t.elem_count(), 1),
    };
    let v: Vec<f32> = t.to_dtype(DType::F32)?.flatten_all()?.to_vec1()?;
    let shown = c.min(MAX_MAP_CHANNELS);
    let (lo, hi) = v.iter().filter(|x| x.is_finite()).fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
    let (lo, hi) = if lo.is_finite() { (lo, hi) } else { (0.0, 0.0) };
    let span = if hi > lo { hi - lo } else { 1.0 };
    let mut values = Vec::with_capacity(shown * h * w);
    for ch in 0..shown {
        for y in 0..h {
            for x in 0..w {
                let v = v[(y * w + x) * c + ch];
                values.push(if v.is_finite() { ((v - lo) / span * 255.0).round().clamp(0.0, 255.0) as u8 } else { 0 });
            }
        }
    }
    Ok(FeatureMap { channels: shown, height: h, width: w, total_channels: c, lo, hi, values })
}
