//! The convolutional network: the layers of an [`Arch`](super::arch::Arch) with convolutions
//! and pooling, then the output layer. Each weighted hidden layer (convolution or dense) is
//! `weights → [BatchNorm] → activation → [dropout]`, as in the MLP; a convolution's batch
//! norm normalizes each channel over the batch and every position (PyTorch's
//! `BatchNorm2d`), and its dropout drops single values (PyTorch's `Dropout`, not
//! `Dropout2d`).
//!
//! Tensors are NHWC (batch, height, width, channels) inside: a convolution is
//! `im2col(x) · W` (computed directly, see [`conv`](super::conv)), whose (N·H·W, F) result is the
//! layout in which `BatchNorm2d` is [`BatchNorm`] over rows. A dense layer after images
//! flattens in (height, width, channel) order; the command line's weight files convert to
//! and from PyTorch's (channel, height, width) order.

use super::arch::{ArchProblem, LayerSpec, Shape};
use super::conv::{conv, pool};
use super::data::{rng, STREAM_WEIGHTS};
use super::model::{draw_masks, init_weights, BatchNorm, Dense, HiddenTrace, Masks, Mode, ModelConfig};
use super::{EngineError, Result};
use candle_core::{DType, Device, Module, ModuleT, Tensor, Var};
use rand_chacha::ChaCha8Rng;

/// One layer of the network.
pub enum Block {
    /// W of shape (K·K·C + 1, F): row (ky·K + kx)·C + c holds the weights of input channel c
    /// at kernel position (ky, kx); the last row holds the biases.
    Conv { w: Var, kernel: usize, stride: usize, channels: usize, norm: Option<BatchNorm>, out: Shape },
    Pool { size: usize, max: bool },
    Dense { dense: Dense, norm: Option<BatchNorm> },
}

/// Filters as [F][C·K·K] (PyTorch's (c, ky, kx) order), K and C.
pub type FilterBank = (Vec<Vec<f32>>, usize, usize);

pub struct Cnn {
    pub config: ModelConfig,
    pub blocks: Vec<Block>,
    pub output: Dense,
    /// Values per example of each weighted hidden layer's output (the dropout masks' widths).
    widths: Vec<usize>,
}

fn image_dims(s: Shape) -> Result<(usize, usize, usize)> {
    match s {
        Shape::Image { channels, height, width } => Ok((channels, height, width)),
        _ => Err(EngineError::Config("a convolution needs images".into())),
    }
}

impl Cnn {
    /// Weights as `config.init` says, from the seeded RNG (a convolution's drawn in PyTorch's
    /// [F, C, K, K] order); zero biases; γ = 1, β = 0.
    pub fn new(config: &ModelConfig, seed: u64, dtype: DType, dev: &Device) -> Result<Cnn> {
        config.check_dropout()?;
        let shapes = config.layers.shapes(config.input)?;
        if config.outputs == 0 {
            return Err(EngineError::Config("the output layer needs at least one unit".into()));
        }
        let mut r = rng(seed, STREAM_WEIGHTS);
        let mut blocks = Vec::new();
        let mut widths = Vec::new();
        let mut before = config.input;
        for (&spec, &after) in config.layers.layers().iter().zip(&shapes) {
            let norm = |width: usize| -> Result<Option<BatchNorm>> {
                if config.has_batch_norm(widths.len()) {
                    Ok(Some(BatchNorm::new(width, dtype, dev)?))
                } else {
                    Ok(None)
                }
            };
            let block = match spec {
                LayerSpec::Conv { filters, kernel, stride } => {
                    let (c, _, _) = image_dims(before)?;
                    let kk = kernel * kernel;
                    let torch = init_weights(config.init, c * kk, filters * kk, filters * c * kk, &mut r)?;
                    // [F, C, K, K] → rows (ky·K + kx)·C + c, column f; biases (0) last.
                    let mut m = vec![0.0; (kk * c + 1) * filters];
                    for f in 0..filters {
                        for ch in 0..c {
                            for p in 0..kk {
                                m[(p * c + ch) * filters + f] = torch[(f * c + ch) * kk + p];
                            }
                        }
                    }
                    let w = Tensor::from_vec(m, (kk * c + 1, filters), dev)?.to_dtype(dtype)?;
                    Block::Conv { w: Var::from_tensor(&w)?, kernel, stride, channels: c, norm: norm(filters)?, out: after }
                }
                LayerSpec::MaxPool { size } => Block::Pool { size, max: true },
                LayerSpec::AvgPool { size } => Block::Pool { size, max: false },
                LayerSpec::Dense { units } => Block::Dense { dense: dense(config, before.len(), units, &mut r, dtype, dev)?, norm: norm(units)? },
                LayerSpec::Recurrent { .. } => return Err(ArchProblem::NeedsSequence { layer: blocks.len() }.into()),
            };
            if spec.is_weighted() {
                widths.push(after.len());
            }
            blocks.push(block);
            before = after;
        }
        let output = dense(config, before.len(), config.outputs, &mut r, dtype, dev)?;
        Ok(Cnn { config: config.clone(), blocks, output, widths })
    }

    /// Every trained parameter: each layer's weights (and biases), the output layer's, then
    /// each batch norm's γ and β.
    pub fn vars(&self) -> Vec<Var> {
        let mut v = Vec::new();
        for b in &self.blocks {
            match b {
                Block::Conv { w, .. } => v.push(w.clone()),
                Block::Dense { dense, .. } => v.extend([dense.w.clone(), dense.b.clone()]),
                Block::Pool { .. } => {}
            }
        }
        v.extend([self.output.w.clone(), self.output.b.clone()]);
        v.extend(self.norms().flat_map(|n| [n.gamma.clone(), n.beta.clone()]));
        v
    }

    pub fn norms(&self) -> impl Iterator<Item = &BatchNorm> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Conv { norm, .. } | Block::Dense { norm, .. } => norm.as_ref(),
            Block::Pool { .. } => None,
        })
    }

    /// The weights the L1/L2 penalty covers: every kernel and dense weight, not the biases.
    pub fn penalized(&self) -> Result<Vec<Tensor>> {
        let mut v = Vec::new();
        for b in &self.blocks {
            match b {
                Block::Conv { w, .. } => v.push(w.narrow(0, 0, w.dim(0)? - 1)?),
                Block::Dense { dense, .. } => v.push(dense.w.as_tensor().clone()),
                Block::Pool { .. } => {}
            }
        }
        v.push(self.output.w.as_tensor().clone());
        Ok(v)
    }

    pub fn parameter_count(&self) -> usize {
        self.vars().iter().map(|v| v.elem_count()).sum()
    }

    pub fn set_dropout(&mut self, rates: &[f64]) {
        self.config.dropout = rates.iter().map(|&p| if p.is_nan() { 0.0 } else { p.clamp(0.0, super::model::MAX_DROPOUT) }).collect();
    }

    pub fn draw_masks(&self, n: usize, r: &mut ChaCha8Rng) -> Result<Masks> {
        let (dtype, dev) = (self.output.w.dtype(), self.output.w.device());
        draw_masks(&self.widths, |i| self.config.dropout_rate(i), n, r, dtype, dev)
    }

    /// Values per example of each weighted hidden layer's output.
    pub fn widths(&self) -> &[usize] {
        &self.widths
    }

    pub fn forward_t(&self, x: &Tensor, mode: Mode) -> candle_core::Result<Tensor> {
        self.run(x, mode, &mut |_, _| {})
    }

    /// Every weighted hidden layer's activation input and output, and the logits.
    pub fn trace(&self, x: &Tensor, mode: Mode) -> candle_core::Result<(Vec<HiddenTrace>, Tensor)> {
        let mut traces = Vec::new();
        let out = self.run(x, mode, &mut |pre, out| {
            if let Some(pre) = pre {
                traces.push(HiddenTrace { pre: pre.clone(), out: out.clone() });
            }
        })?;
        Ok((traces, out))
    }

    /// Every layer's output (convolutions and pooling as N×H×W×C, dense as N×units), in
    /// evaluation mode: the feature maps.
    pub fn feature_maps(&self, x: &Tensor) -> candle_core::Result<Vec<Tensor>> {
        let mut maps = Vec::new();
        self.run(x, Mode::Eval, &mut |_, out| maps.push(out.clone()))?;
        Ok(maps)
    }

    /// x: (N, H, W, C). `seen(pre, out)` after every layer: `pre` the activation's input of a
    /// weighted layer (None after pooling), `out` the layer's output.
    fn run(&self, x: &Tensor, mode: Mode, seen: &mut dyn FnMut(Option<&Tensor>, &Tensor)) -> candle_core::Result<Tensor> {
        let n = x.dim(0)?;
        let train = matches!(mode, Mode::Train(_));
        let mut h = x.clone();
        let mut weighted = 0;
        for b in &self.blocks {
            let (pre, out) = match b {
                Block::Pool { size, max } => {
                    h = pool(&h, *size, *max)?;
                    seen(None, &h);
                    continue;
                }
                Block::Conv { w, kernel, stride, norm, out, .. } => {
                    let mut z = conv(&h, w.as_tensor(), *kernel, *stride)?;
                    if let Some(bn) = norm {
                        z = bn.forward_t(&z, train)?;
                    }
                    let Shape::Image { channels, height, width } = *out else { candle_core::bail!("a convolution's output is an image") };
                    (z.clone(), (z, vec![n, height, width, channels]))
                }
                Block::Dense { dense, norm } => {
                    let flat = if h.rank() > 2 { h.flatten_from(1)? } else { h.clone() };
                    let mut z = dense.forward(&flat)?;
                    if let Some(bn) = norm {
                        z = bn.forward_t(&z, train)?;
                    }
                    let units = z.dim(1)?;
                    (z.clone(), (z, vec![n, units]))
                }
            };
            let (z, dims) = out;
            let mut a = self.config.activation.apply(&z)?;
            if let Mode::Train(masks) = mode {
                if let Some(scale) = masks.scale(weighted) {
                    a = a.reshape((n, ()))?.mul(scale)?;
                }
            }
            h = a.reshape(dims)?;
            seen(Some(&pre.reshape(h.shape())?), &h);
            weighted += 1;
        }
        let flat = if h.rank() > 2 { h.flatten_from(1)? } else { h };
        self.output.forward(&flat)
    }

    /// The first convolution's filters as [F][C·K·K] in PyTorch's (c, ky, kx) order, and K.
    pub fn first_filters(&self) -> Result<Option<FilterBank>> {
        for b in &self.blocks {
            if let Block::Conv { w, kernel, channels, .. } = b {
                let m = w.as_tensor().to_dtype(DType::F32)?.to_vec2::<f32>()?;
                let (kk, c) = (kernel * kernel, *channels);
                let filters = m[0].len();
                let out = (0..filters)
                    .map(|f| {
                        let mut v = vec![0.0; c * kk];
                        for ch in 0..c {
                            for p in 0..kk {
                                v[ch * kk + p] = m[p * c + ch][f];
                            }
                        }
                        v
                    })
                    .collect();
                return Ok(Some((out, *kernel, c)));
            }
        }
        Ok(None)
    }
}

pub(super) fn dense(config: &ModelConfig, fan_in: usize, fan_out: usize, r: &mut ChaCha8Rng, dtype: DType, dev: &Device) -> Result<Dense> {
    let w = init_weights(config.init, fan_in, fan_out, fan_in * fan_out, r)?;
    let w = Tensor::from_vec(w, (fan_in, fan_out), dev)?.to_dtype(dtype)?;
    let b = Tensor::zeros(fan_out, dtype, dev)?;
    Ok(Dense { w: Var::from_tensor(&w)?, b: Var::from_tensor(&b)? })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::arch::Arch;
    use crate::engine::data::STREAM_DROPOUT;
    use crate::engine::model::{Activation, Init};

    fn config(layers: &str, bn: Vec<bool>, dropout: Vec<f64>) -> ModelConfig {
        ModelConfig {
            input: Shape::Image { channels: 1, height: 6, width: 6 },
            layers: Arch::parse(layers).unwrap(),
            activation: Activation::Tanh,
            outputs: 3,
            init: Init::Xavier,
            dropout,
            batch_norm: bn,
        }
    }

    #[test]
    fn shapes_parameters_and_seeds() {
        let c = config("c4k3,mp2,c6k3s2,d5", vec![], vec![]);
        let dev = Device::Cpu;
        let m = Cnn::new(&c, 1, DType::F32, &dev).unwrap();
        // Conv 1·9·4 + 4, conv 4·9·6 + 6, dense (2·2·6)·5 + 5, output 5·3 + 3.
        assert_eq!(m.parameter_count(), 40 + 222 + 125 + 18);
        let want: usize = c.layers.parameter_counts(c.input, 3, |_| false).unwrap().iter().sum();
        assert_eq!(m.parameter_count(), want);
        let x = Tensor::ones((7, 6, 6, 1), DType::F32, &dev).unwrap();
        assert_eq!(m.forward_t(&x, Mode::Eval).unwrap().dims(), &[7, 3]);
        let maps = m.feature_maps(&x.narrow(0, 0, 1).unwrap()).unwrap();
        assert_eq!(maps.iter().map(|t| t.dims().to_vec()).collect::<Vec<_>>(), vec![vec![1, 6, 6, 4], vec![1, 3, 3, 4], vec![1, 2, 2, 6], vec![1, 5]]);
        let again = Cnn::new(&c, 1, DType::F32, &dev).unwrap();
        let other = Cnn::new(&c, 2, DType::F32, &dev).unwrap();
        let flat = |m: &Cnn| m.vars().iter().flat_map(|v| v.flatten_all().unwrap().to_vec1::<f32>().unwrap()).collect::<Vec<_>>();
        assert_eq!(flat(&m), flat(&again));
        assert_ne!(flat(&m), flat(&other));
        let (filters, k, ch) = m.first_filters().unwrap().unwrap();
        assert_eq!((filters.len(), filters[0].len(), k, ch), (4, 9, 3, 1));
        // Xavier for a 3×3 conv 1 → 4: a = √(6 / (9 + 36)).
        let a = (6.0f32 / 45.0).sqrt();
        assert!(filters.iter().flatten().all(|w| w.abs() <= a));
        assert_eq!(m.penalized().unwrap()[0].dims(), &[9, 4], "the bias row is not penalized");
    }

    /// Back-propagation through the whole family (conv, batch norm 2d, max and average
    /// pooling, dropout, dense) against finite differences, in f64, training mode with
    /// masks held fixed.
    #[test]
    fn gradients_match_finite_differences() {
        let dev = Device::Cpu;
        let c = config("c3k3,mp2,c2k3,ap3,d4", vec![true, false, true], vec![0.3, 0.0, 0.2]);
        let m = Cnn::new(&c, 4, DType::F64, &dev).unwrap();
        let x: Vec<f64> = (0..4 * 36).map(|i| ((i * 53 % 23) as f64 - 11.0) / 7.0).collect();
        let x = Tensor::from_vec(x, (4, 6, 6, 1), &dev).unwrap();
        let masks = m.draw_masks(4, &mut rng(3, STREAM_DROPOUT)).unwrap();
        let wt = Tensor::new(&[[0.3f64, -1.0, 0.5], [1.2, 0.1, -0.4], [-0.6, 0.8, 0.2], [0.9, -0.2, -1.1]], &dev).unwrap();
        // Batch norm in training mode updates its running statistics on every call; the loss
        // does not depend on them, so the finite differences stay exact.
        let loss = || m.forward_t(&x, Mode::Train(&masks)).unwrap().mul(&wt).unwrap().sum_all().unwrap();
        crate::engine::gradcheck::check_gradients(&m.vars(), loss, "cnn");
    }
}
