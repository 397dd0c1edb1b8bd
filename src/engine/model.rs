//! The multilayer perceptron: a list of dense layers; each hidden layer is
//! `Dense → [BatchNorm] → activation → [Dropout]`, and the output layer is a plain `Dense`
//! (logits; the loss applies the sigmoid or softmax).
//!
//! Training and evaluation are explicit: every forward pass takes a [`Mode`]. In
//! `Mode::Train(&masks)` dropout multiplies by the given masks and batch norm uses the
//! batch's statistics (and updates its running ones); in `Mode::Eval` dropout is the identity
//! and batch norm uses its running statistics (PyTorch's `model.train()` / `model.eval()`).
//!
//! Initial weights and dropout masks come from our own seeded RNG (Candle's CPU RNG cannot be
//! seeded), so a URL reproduces a run.

use super::arch::{Arch, Shape};
use super::data::{rng, STREAM_WEIGHTS};
use super::{EngineError, Result};
use candle_core::{DType, Device, Module, ModuleT, Tensor, Var};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::cell::RefCell;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Activation {
    Relu,
    Tanh,
    Sigmoid,
    Linear,
}

impl Activation {
    pub fn apply(self, x: &Tensor) -> candle_core::Result<Tensor> {
        match self {
            Activation::Relu => x.relu(),
            Activation::Tanh => super::tanh::tanh(x),
            Activation::Sigmoid => candle_nn::ops::sigmoid(x),
            Activation::Linear => Ok(x.clone()),
        }
    }
}

/// How the initial weights are drawn (biases start at zero).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Init {
    /// W ~ U(−0.5, 0.5), whatever the layer's size (as TensorFlow Playground).
    Uniform,
    /// Glorot & Bengio 2010: W ~ U(−a, a), a = √(6 / (fan_in + fan_out)).
    Xavier,
    /// He et al. 2015: W ~ N(0, 2 / fan_in), for ReLU.
    He,
    /// All weights zero: every neuron of a layer stays identical (the symmetry problem).
    Zeros,
}

/// The largest dropout rate (at 1 every neuron would be dropped and 1/(1 − p) is infinite).
pub const MAX_DROPOUT: f64 = 0.9;
/// PyTorch's `BatchNorm1d` defaults: running = (1 − m)·running + m·batch, and ε in √(σ² + ε).
pub const BN_MOMENTUM: f64 = 0.1;
pub const BN_EPS: f64 = 1e-5;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelConfig {
    /// What one example looks like (set by the trainer from the data).
    pub input: Shape,
    /// The layers before the output layer (`layers` in the URL): all dense for the MLP.
    pub layers: Arch,
    pub activation: Activation,
    /// Width of the output layer (the task's: 1, or the number of classes).
    pub outputs: usize,
    pub init: Init,
    /// Dropout rate of each weighted hidden layer's output, 0 to [`MAX_DROPOUT`] (0: no
    /// dropout). Lenient: a missing entry means 0, extra entries are ignored.
    pub dropout: Vec<f64>,
    /// Whether each weighted hidden layer batch-normalizes its weighted sums (before the
    /// activation; per channel after a convolution, as `BatchNorm2d`).
    /// Lenient: a missing entry means false, extra entries are ignored.
    pub batch_norm: Vec<bool>,
}

impl ModelConfig {
    /// An MLP on `inputs` features with these hidden widths (tests and the command line).
    pub fn mlp(inputs: usize, hidden: &[usize], activation: Activation, outputs: usize) -> ModelConfig {
        ModelConfig {
            input: Shape::Flat { features: inputs },
            layers: Arch::dense(hidden),
            activation,
            outputs,
            init: Init::Xavier,
            dropout: vec![],
            batch_norm: vec![],
        }
    }

    /// Numbers per example (the MLP's input width).
    pub fn inputs(&self) -> usize {
        self.input.len()
    }

    /// The dense layers' widths (the MLP's hidden layers).
    pub fn hidden(&self) -> Vec<usize> {
        self.layers.dense_widths()
    }

    /// The MLP's layer widths from input to output, e.g. [2, 4, 4, 1].
    pub fn widths(&self) -> Vec<usize> {
        let mut w = vec![self.inputs()];
        w.extend(self.hidden());
        w.push(self.outputs);
        w
    }

    /// Hidden layer `i`'s dropout rate (0 when not given).
    pub fn dropout_rate(&self, i: usize) -> f64 {
        self.dropout.get(i).copied().unwrap_or(0.0)
    }

    /// Whether hidden layer `i` has batch norm (false when not given).
    pub fn has_batch_norm(&self, i: usize) -> bool {
        self.batch_norm.get(i).copied().unwrap_or(false)
    }

    /// The same network, parameter for parameter: everything but the dropout rates (which
    /// change mid-run without a new model) is equal.
    pub fn same_structure(&self, other: &ModelConfig) -> bool {
        self.input == other.input
            && self.layers == other.layers
            && self.activation == other.activation
            && self.outputs == other.outputs
            && self.init == other.init
            && (0..self.layers.weighted()).all(|i| self.has_batch_norm(i) == other.has_batch_norm(i))
    }

    pub(crate) fn check_dropout(&self) -> Result<()> {
        match (0..self.layers.weighted()).map(|i| self.dropout_rate(i)).find(|p| !(0.0..=MAX_DROPOUT).contains(p)) {
            Some(p) => Err(super::problem::Problem::DropoutRate { rate: p, max: MAX_DROPOUT }.into()),
            None => Ok(()),
        }
    }
}

/// A fully connected layer: y = x·W + b, W of shape (inputs, outputs).
pub struct Dense {
    pub w: Var,
    pub b: Var,
}

impl Module for Dense {
    fn forward(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        x.matmul(self.w.as_tensor())?.broadcast_add(self.b.as_tensor())
    }
}

/// Batch normalization (Ioffe & Szegedy 2015) of one layer's C weighted sums, exactly as
/// PyTorch's `BatchNorm1d(C)` (momentum 0.1, ε = 1e-5, affine, tracking running statistics):
///
/// - training, batch of N > 1: μ = mean over the batch, σ² = biased variance (÷N);
///   y = γ·(x − μ)/√(σ² + ε) + β; then running_mean ← 0.9·running_mean + 0.1·μ and
///   running_var ← 0.9·running_var + 0.1·σ²·N/(N − 1) (the unbiased variance);
/// - evaluation: y = γ·(x − running_mean)/√(running_var + ε) + β;
/// - training, batch of 1: the batch variance is 0 and the output would be β whatever x
///   (PyTorch refuses such a batch); we normalize with the running statistics instead, as
///   in evaluation, and leave them unchanged. Gradients still reach γ, β and the layer below.
///
/// γ (starts at 1) and β (starts at 0) are `Var`s trained by the optimizer; the running
/// statistics (start at 0 and 1) are not parameters.
pub struct BatchNorm {
    pub gamma: Var,
    pub beta: Var,
    running_mean: RefCell<Tensor>,
    running_var: RefCell<Tensor>,
    /// A frozen layer's batch norm (transfer learning): training mode uses and keeps the
    /// running statistics, as evaluation does.
    frozen: std::cell::Cell<bool>,
}

impl BatchNorm {
    pub fn new(width: usize, dtype: DType, dev: &Device) -> Result<BatchNorm> {
        Ok(BatchNorm {
            gamma: Var::ones(width, dtype, dev)?,
            beta: Var::zeros(width, dtype, dev)?,
            running_mean: RefCell::new(Tensor::zeros(width, dtype, dev)?),
            running_var: RefCell::new(Tensor::ones(width, dtype, dev)?),
            frozen: std::cell::Cell::new(false),
        })
    }

    /// Freezes (or thaws) the running statistics: a frozen batch norm normalizes with them
    /// in training too, and never updates them.
    pub fn freeze(&self, frozen: bool) {
        self.frozen.set(frozen);
    }

    /// The running mean and (unbiased) variance, shape (C,) each.
    pub fn running(&self) -> (Tensor, Tensor) {
        (self.running_mean.borrow().clone(), self.running_var.borrow().clone())
    }

    /// Replaces the running statistics (a copy of a network; loaded weights).
    pub fn set_running(&self, mean: Tensor, var: Tensor) {
        *self.running_mean.borrow_mut() = mean;
        *self.running_var.borrow_mut() = var;
    }
}

impl ModuleT for BatchNorm {
    /// x of shape (N, C). See the type's documentation for the formulas.
    fn forward_t(&self, x: &Tensor, train: bool) -> candle_core::Result<Tensor> {
        let n = x.dim(0)?;
        let (centered, var) = if train && n > 1 && !self.frozen.get() {
            let mean = x.mean_keepdim(0)?;
            let centered = x.broadcast_sub(&mean)?;
            let var = centered.sqr()?.mean_keepdim(0)?;
            let m = BN_MOMENTUM;
            let new_mean = (self.running_mean.borrow().affine(1.0 - m, 0.0)? + mean.detach().squeeze(0)?.affine(m, 0.0)?)?;
            // The running variance takes the unbiased σ²·N/(N − 1).
            let unbiased_m = m * n as f64 / (n - 1) as f64;
            let new_var = (self.running_var.borrow().affine(1.0 - m, 0.0)? + var.detach().squeeze(0)?.affine(unbiased_m, 0.0)?)?;
            *self.running_mean.borrow_mut() = new_mean;
            *self.running_var.borrow_mut() = new_var;
            (centered, var)
        } else {
            (x.broadcast_sub(&self.running_mean.borrow())?, self.running_var.borrow().clone())
        };
        // γ/√(σ² + ε) is one row of C numbers: fold it before touching the N × C values.
        let scale = self.gamma.as_tensor().broadcast_div(&var.affine(1.0, BN_EPS)?.sqrt()?)?;
        centered.broadcast_mul(&scale)?.broadcast_add(self.beta.as_tensor())
    }
}

/// The dropout masks of one training batch, per hidden layer: `None` where the layer's rate
/// is 0, else one mask per sample (as PyTorch: every sample of the batch drops its own
/// neurons). Inverted dropout: a kept neuron's output is multiplied by 1/(1 − p), so its
/// expected value is unchanged and evaluation needs no rescaling.
pub struct Masks {
    layers: Vec<Option<LayerMask>>,
}

struct LayerMask {
    width: usize,
    /// Row-major N × width: true = kept.
    keep: Vec<bool>,
    /// The same as a tensor of 0 and 1/(1 − p), shape (N, width).
    scale: Tensor,
}

impl Masks {
    /// No dropout anywhere (`hidden` layers).
    pub fn none(hidden: usize) -> Masks {
        Masks { layers: (0..hidden).map(|_| None).collect() }
    }

    /// Draws an N × `width` mask, each neuron kept with probability 1 − `p` (kept when a
    /// uniform draw u ∈ [0, 1) has u ≥ p), sample by sample, neuron by neuron.
    pub fn draw_layer(n: usize, width: usize, p: f64, r: &mut ChaCha8Rng) -> Vec<bool> {
        (0..n * width).map(|_| r.random::<f64>() >= p).collect()
    }

    /// The first sample's mask of every hidden layer (true = kept; all true where the layer
    /// has no dropout). `widths`: the hidden layers' widths.
    pub fn first_sample(&self, widths: &[usize]) -> Vec<Vec<bool>> {
        widths
            .iter()
            .enumerate()
            .map(|(i, &w)| match self.layers.get(i) {
                Some(Some(m)) if m.width == w && m.keep.len() >= w => m.keep[..w].to_vec(),
                _ => vec![true; w],
            })
            .collect()
    }
}

/// `count` initial weights of a layer with these fans (a convolution's fans count its
/// kernel: C·K·K in, F·K·K out, as PyTorch's `xavier_uniform_`/`kaiming_normal_`).
pub fn init_weights(init: Init, fan_in: usize, fan_out: usize, count: usize, r: &mut ChaCha8Rng) -> Result<Vec<f64>> {
    Ok(match init {
        Init::Uniform => (0..count).map(|_| r.random_range(-0.5..0.5)).collect(),
        Init::Xavier => {
            let a = (6.0 / (fan_in + fan_out) as f64).sqrt();
            (0..count).map(|_| r.random_range(-a..a)).collect()
        }
        Init::He => {
            let normal = rand_distr::Normal::new(0.0, (2.0 / fan_in as f64).sqrt()).map_err(|e| EngineError::Config(e.to_string()))?;
            (0..count).map(|_| rand_distr::Distribution::sample(&normal, r)).collect()
        }
        Init::Zeros => vec![0.0; count],
    })
}

/// Fresh dropout masks for a training batch of `n` samples: per weighted hidden layer of
/// `widths[i]` outputs per sample (a convolution's C·H·W), drawn from `r` layer by layer,
/// only where `rate(i)` is above 0.
pub fn draw_masks(widths: &[usize], rate: impl Fn(usize) -> f64, n: usize, r: &mut ChaCha8Rng, dtype: DType, dev: &Device) -> Result<Masks> {
    let mut layers = Vec::with_capacity(widths.len());
    for (i, &width) in widths.iter().enumerate() {
        let p = rate(i);
        if p <= 0.0 {
            layers.push(None);
            continue;
        }
        let keep = Masks::draw_layer(n, width, p, r);
        let k = 1.0 / (1.0 - p);
        let values: Vec<f64> = keep.iter().map(|&kept| if kept { k } else { 0.0 }).collect();
        let scale = Tensor::from_vec(values, (n, width), dev)?.to_dtype(dtype)?;
        layers.push(Some(LayerMask { width, keep, scale }));
    }
    Ok(Masks { layers })
}

impl Masks {
    /// Layer `i`'s mask as a tensor of 0 and 1/(1 − p), shape (N, width), if it has dropout.
    pub fn scale(&self, i: usize) -> Option<&Tensor> {
        self.layers.get(i).and_then(|m| m.as_ref()).map(|m| &m.scale)
    }
}

/// How a forward pass runs.
#[derive(Clone, Copy)]
pub enum Mode<'a> {
    /// PyTorch's `model.eval()`: dropout is the identity, batch norm normalizes with its
    /// running statistics. For the test loss, the boundary, the neuron grids, statistics.
    Eval,
    /// PyTorch's `model.train()`: dropout multiplies by these masks (their N must be the
    /// batch's), batch norm normalizes with the batch's statistics and updates its running
    /// ones.
    Train(&'a Masks),
}

/// One hidden layer in a forward pass: `pre` is the activation's input (after batch norm
/// when the layer has it), `out` the layer's output (after the activation and dropout).
pub struct HiddenTrace {
    pub pre: Tensor,
    pub out: Tensor,
}

pub struct Mlp {
    pub config: ModelConfig,
    /// hidden.len() + 1 dense layers; the last one is the output layer.
    pub layers: Vec<Dense>,
    /// One per hidden layer: its batch norm, if it has one.
    pub norms: Vec<Option<BatchNorm>>,
}

impl Mlp {
    /// Weights drawn as `config.init` says, from the seeded RNG; zero biases; γ = 1, β = 0.
    /// Dropout and batch norm take no random numbers here, so they leave the weights as
    /// they would be without them.
    pub fn new(config: &ModelConfig, seed: u64, dtype: DType, dev: &Device) -> Result<Mlp> {
        if !config.layers.is_dense() {
            return Err(EngineError::Config("the multilayer perceptron takes dense layers only".into()));
        }
        let hidden = config.hidden();
        if config.inputs() == 0 || config.outputs == 0 || hidden.contains(&0) {
            return Err(EngineError::Config("every layer needs at least one neuron".into()));
        }
        config.check_dropout()?;
        let mut r = rng(seed, STREAM_WEIGHTS);
        let widths = config.widths();
        let mut layers = Vec::new();
        for pair in widths.windows(2) {
            let (fan_in, fan_out) = (pair[0], pair[1]);
            let w = init_weights(config.init, fan_in, fan_out, fan_in * fan_out, &mut r)?;
            let w = Tensor::from_vec(w, (fan_in, fan_out), dev)?.to_dtype(dtype)?;
            let b = Tensor::zeros(fan_out, dtype, dev)?;
            layers.push(Dense { w: Var::from_tensor(&w)?, b: Var::from_tensor(&b)? });
        }
        let norms = hidden
            .iter()
            .enumerate()
            .map(|(i, &w)| if config.has_batch_norm(i) { BatchNorm::new(w, dtype, dev).map(Some) } else { Ok(None) })
            .collect::<Result<Vec<_>>>()?;
        Ok(Mlp { config: config.clone(), layers, norms })
    }

    /// Every trained parameter: each layer's W and b, then each batch norm's γ and β.
    pub fn vars(&self) -> Vec<Var> {
        let dense = self.layers.iter().flat_map(|l| [l.w.clone(), l.b.clone()]);
        let norms = self.norms.iter().flatten().flat_map(|n| [n.gamma.clone(), n.beta.clone()]);
        dense.chain(norms).collect()
    }

    /// New dropout rates, taking effect at the next training step (the rest of the model is
    /// unchanged). Rates outside [0, MAX_DROPOUT] are clamped; NaN counts as 0.
    pub fn set_dropout(&mut self, rates: &[f64]) {
        self.config.dropout = rates.iter().map(|&p| if p.is_nan() { 0.0 } else { p.clamp(0.0, MAX_DROPOUT) }).collect();
    }

    /// Fresh dropout masks for a training batch of `n` samples, drawn from `r` layer by layer
    /// (only for layers whose rate is above 0).
    pub fn draw_masks(&self, n: usize, r: &mut ChaCha8Rng) -> Result<Masks> {
        let (dtype, dev) = (self.layers[0].w.dtype(), self.layers[0].w.device());
        draw_masks(&self.config.hidden(), |i| self.config.dropout_rate(i), n, r, dtype, dev)
    }

    /// The output logits, shape (N, outputs).
    pub fn forward_t(&self, x: &Tensor, mode: Mode) -> candle_core::Result<Tensor> {
        self.run(x, mode, None)
    }

    /// Every hidden layer's activation input and output, and the logits.
    pub fn trace(&self, x: &Tensor, mode: Mode) -> candle_core::Result<(Vec<HiddenTrace>, Tensor)> {
        let mut traces = Vec::with_capacity(self.layers.len());
        let out = self.run(x, mode, Some(&mut traces))?;
        Ok((traces, out))
    }

    fn run(&self, x: &Tensor, mode: Mode, mut record: Option<&mut Vec<HiddenTrace>>) -> candle_core::Result<Tensor> {
        let last = self.layers.len() - 1;
        let train = matches!(mode, Mode::Train(_));
        // Images and sequences are flattened: the MLP sees every number of an example.
        let mut h = if x.rank() > 2 { x.flatten_from(1)? } else { x.clone() };
        for (i, layer) in self.layers.iter().enumerate() {
            h = layer.forward(&h)?;
            if i == last {
                break;
            }
            if let Some(Some(bn)) = self.norms.get(i) {
                h = bn.forward_t(&h, train)?;
            }
            let pre = h.clone();
            h = self.config.activation.apply(&h)?;
            if let Mode::Train(masks) = mode {
                if let Some(scale) = masks.scale(i) {
                    h = h.mul(scale)?;
                }
            }
            if let Some(rec) = record.as_deref_mut() {
                rec.push(HiddenTrace { pre, out: h.clone() });
            }
        }
        Ok(h)
    }

    /// Every neuron's output for drawing: the input, each hidden layer's output, and the raw
    /// output (the caller applies the task's output function). One tensor of shape
    /// (N, width) per layer.
    pub fn forward_all(&self, x: &Tensor, mode: Mode) -> candle_core::Result<Vec<Tensor>> {
        let (traces, out) = self.trace(x, mode)?;
        let mut outs = vec![x.clone()];
        outs.extend(traces.into_iter().map(|t| t.out));
        outs.push(out);
        Ok(outs)
    }

    /// Trained parameters: weights, biases, and γ, β of each batch norm.
    pub fn parameter_count(&self) -> usize {
        let dense: usize = self.layers.iter().map(|l| l.w.elem_count() + l.b.elem_count()).sum();
        let norms: usize = self.norms.iter().flatten().map(|n| n.gamma.elem_count() + n.beta.elem_count()).sum();
        dense + norms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_weights() {
        let cfg = ModelConfig::mlp(2, &[4, 3], Activation::Tanh, 1);
        let dev = Device::Cpu;
        let a = Mlp::new(&cfg, 5, DType::F32, &dev).unwrap();
        let b = Mlp::new(&cfg, 5, DType::F32, &dev).unwrap();
        let c = Mlp::new(&cfg, 6, DType::F32, &dev).unwrap();
        let flat = |m: &Mlp| -> Vec<f32> {
            m.layers.iter().flat_map(|l| l.w.flatten_all().unwrap().to_vec1::<f32>().unwrap()).collect()
        };
        assert_eq!(flat(&a), flat(&b));
        assert_ne!(flat(&a), flat(&c));
        assert_eq!(a.parameter_count(), 2 * 4 + 4 + 4 * 3 + 3 + 3 + 1);
        // Glorot bound for the first layer: sqrt(6 / 6) = 1.
        assert!(flat(&a)[..8].iter().all(|w| w.abs() <= 1.0));
    }

    #[test]
    fn no_hidden_layer_is_logistic_regression() {
        let cfg = ModelConfig::mlp(2, &[], Activation::Relu, 1);
        let m = Mlp::new(&cfg, 1, DType::F64, &Device::Cpu).unwrap();
        assert_eq!(m.layers.len(), 1);
        let x = Tensor::new(&[[1.0f64, 2.0]], &Device::Cpu).unwrap();
        let w = m.layers[0].w.flatten_all().unwrap().to_vec1::<f64>().unwrap();
        let z = m.forward_t(&x, Mode::Eval).unwrap().flatten_all().unwrap().to_vec1::<f64>().unwrap()[0];
        assert!((z - (w[0] + 2.0 * w[1])).abs() < 1e-12);
    }

    #[test]
    fn initializations_have_their_spread() {
        let weights = |init: Init| -> Vec<f64> {
            let cfg = ModelConfig { init, ..ModelConfig::mlp(2, &[16, 16], Activation::Relu, 3) };
            let m = Mlp::new(&cfg, 9, DType::F64, &Device::Cpu).unwrap();
            m.layers[1].w.flatten_all().unwrap().to_vec1::<f64>().unwrap()
        };
        let std = |v: &[f64]| (v.iter().map(|x| x * x).sum::<f64>() / v.len() as f64).sqrt();
        // 16 → 16: U(−0.5, 0.5) has std 0.5/√3 = 0.289; Xavier a = √(6/32) = 0.433, std a/√3 = 0.25;
        // He std √(2/16) = 0.354. 256 samples: within ~15 %.
        let (u, x, h) = (weights(Init::Uniform), weights(Init::Xavier), weights(Init::He));
        assert!(u.iter().all(|w| w.abs() <= 0.5) && (std(&u) - 0.289).abs() < 0.04, "{}", std(&u));
        assert!(x.iter().all(|w| w.abs() <= 0.433) && (std(&x) - 0.25).abs() < 0.04, "{}", std(&x));
        assert!((std(&h) - 0.354).abs() < 0.05, "{}", std(&h));
        assert!(weights(Init::Zeros).iter().all(|&w| w == 0.0));
    }

    #[test]
    fn activations_match_their_formulas() {
        let x = Tensor::new(&[-2.0f64, 0.0, 0.5], &Device::Cpu).unwrap();
        let get = |a: Activation| a.apply(&x).unwrap().to_vec1::<f64>().unwrap();
        assert_eq!(get(Activation::Relu), vec![0.0, 0.0, 0.5]);
        assert_eq!(get(Activation::Linear), vec![-2.0, 0.0, 0.5]);
        for (v, e) in get(Activation::Tanh).iter().zip([-2.0f64, 0.0, 0.5]) {
            assert!((v - e.tanh()).abs() < 1e-9);
        }
        for (v, e) in get(Activation::Sigmoid).iter().zip([-2.0f64, 0.0, 0.5]) {
            assert!((v - 1.0 / (1.0 + (-e).exp())).abs() < 1e-9);
        }
    }

    use crate::engine::data::STREAM_DROPOUT;

    fn t2(rows: &[[f64; 2]]) -> Tensor {
        let flat: Vec<f64> = rows.iter().flatten().copied().collect();
        Tensor::from_vec(flat, (rows.len(), 2), &Device::Cpu).unwrap()
    }

    fn close(a: &[Vec<f64>], b: &[[f64; 2]], tol: f64) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(r, e)| r.iter().zip(e).all(|(x, y)| (x - y).abs() < tol))
    }

    /// y = γ·(x − μ)/√(σ² + ε) + β with the batch's μ and biased σ² in training; the running
    /// statistics r ← 0.9·r + 0.1·(μ, σ²·N/(N−1)) after each training batch; y with the
    /// running statistics in evaluation. Expected values computed by hand (Python, floats):
    ///
    /// x = [[1, 0], [2, 0], [3, 1], [6, −1]], γ = [2, 0.5], β = [0.1, −1].
    /// Column 0: μ = 3, σ² = 14/4 = 3.5 (unbiased 14/3); y = 2·(x − 3)/√3.50001 + 0.1
    ///   = −2.038086880891747, −0.9690434404458735, 0.1, 3.3071303213376204.
    /// Column 1: μ = 0, σ² = 2/4 = 0.5 (unbiased 2/3); y = 0.5·x/√0.50001 − 1
    ///   = −1, −1, −0.2929002897752, −1.7070997102248.
    /// Running after step 1: mean [0.3, 0], var [0.9 + 0.1·14/3, 0.9 + 0.1·2/3] = [1.366667, 0.966667].
    /// Step 2, x = [[0, 2], [2, 4]]: μ = [1, 3], σ² = [1, 1], unbiased [2, 2]:
    ///   mean [0.9·0.3 + 0.1, 0.1·3] = [0.37, 0.3], var [0.9·1.366667 + 0.2, 0.9·0.966667 + 0.2] = [1.43, 1.07].
    /// Evaluation of [1, 1]: [2·0.63/√1.43001 + 0.1, 0.5·0.7/√1.07001 − 1] = [1.1536612484851356, −0.6616438099340156].
    #[test]
    fn batch_norm_matches_the_formulas_by_hand() {
        let bn = BatchNorm::new(2, DType::F64, &Device::Cpu).unwrap();
        bn.gamma.set(&Tensor::new(&[2.0f64, 0.5], &Device::Cpu).unwrap()).unwrap();
        bn.beta.set(&Tensor::new(&[0.1f64, -1.0], &Device::Cpu).unwrap()).unwrap();
        // Before any training the running statistics are (0, 1): evaluation is γ·x/√(1 + ε) + β.
        let y = bn.forward_t(&t2(&[[1.0, 1.0]]), false).unwrap().to_vec2::<f64>().unwrap();
        assert!(close(&y, &[[2.0 / 1.00001f64.sqrt() + 0.1, 0.5 / 1.00001f64.sqrt() - 1.0]], 1e-12), "{y:?}");

        let x = t2(&[[1.0, 0.0], [2.0, 0.0], [3.0, 1.0], [6.0, -1.0]]);
        let y = bn.forward_t(&x, true).unwrap().to_vec2::<f64>().unwrap();
        let want = [
            [-2.038086880891747, -1.0],
            [-0.9690434404458735, -1.0],
            [0.1, -0.2929002897752],
            [3.3071303213376204, -1.7070997102248],
        ];
        assert!(close(&y, &want, 1e-12), "{y:?}");
        let (m, v) = bn.running();
        assert!(close(&[m.to_vec1::<f64>().unwrap()], &[[0.3, 0.0]], 1e-12));
        assert!(close(&[v.to_vec1::<f64>().unwrap()], &[[0.9 + 0.1 * 14.0 / 3.0, 0.9 + 0.1 * 2.0 / 3.0]], 1e-12));

        bn.forward_t(&t2(&[[0.0, 2.0], [2.0, 4.0]]), true).unwrap();
        let (m, v) = bn.running();
        assert!(close(&[m.to_vec1::<f64>().unwrap()], &[[0.37, 0.3]], 1e-12), "{m}");
        assert!(close(&[v.to_vec1::<f64>().unwrap()], &[[1.43, 1.07]], 1e-12), "{v}");
        let y = bn.forward_t(&t2(&[[1.0, 1.0]]), false).unwrap().to_vec2::<f64>().unwrap();
        assert!(close(&y, &[[1.1536612484851356, -0.6616438099340156]], 1e-12), "{y:?}");
        // Evaluation leaves the running statistics alone.
        assert_eq!(bn.running().0.to_vec1::<f64>().unwrap(), m.to_vec1::<f64>().unwrap());
    }

    #[test]
    fn batch_norm_of_one_sample_in_training_uses_the_running_statistics() {
        let bn = BatchNorm::new(2, DType::F64, &Device::Cpu).unwrap();
        bn.forward_t(&t2(&[[1.0, 0.0], [3.0, 4.0]]), true).unwrap();
        let before = bn.running().1.to_vec1::<f64>().unwrap();
        let one = t2(&[[5.0, -2.0]]);
        let train = bn.forward_t(&one, true).unwrap().to_vec2::<f64>().unwrap();
        let eval = bn.forward_t(&one, false).unwrap().to_vec2::<f64>().unwrap();
        assert!(train[0].iter().all(|v| v.is_finite()));
        assert_eq!(train, eval);
        assert_eq!(bn.running().1.to_vec1::<f64>().unwrap(), before, "no update from a batch of one");
    }

    /// Back-propagation through batch norm in training mode (x, γ and β all receive
    /// gradients) agrees with central finite differences of L = Σ c ⊙ BN(x), in f64.
    #[test]
    fn batch_norm_gradients_match_finite_differences() {
        let dev = Device::Cpu;
        let bn = BatchNorm::new(3, DType::F64, &dev).unwrap();
        bn.gamma.set(&Tensor::new(&[1.5f64, -0.7, 0.3], &dev).unwrap()).unwrap();
        bn.beta.set(&Tensor::new(&[0.2f64, 0.0, -0.4], &dev).unwrap()).unwrap();
        let x = Var::from_tensor(&Tensor::new(&[[0.5f64, -1.0, 2.0], [1.5, 0.3, -0.2], [-0.7, 0.9, 0.4], [2.2, -0.1, 1.0]], &dev).unwrap()).unwrap();
        // A fixed, uneven weighting so the loss is not invariant to the normalization.
        let c = Tensor::new(&[[0.3f64, -1.2, 0.8], [1.1, 0.4, -0.5], [-0.9, 0.7, 0.2], [0.6, -0.3, 1.4]], &dev).unwrap();
        let loss = || bn.forward_t(x.as_tensor(), true).unwrap().mul(&c).unwrap().sum_all().unwrap();
        crate::engine::gradcheck::check_gradients(&[x.clone(), bn.gamma.clone(), bn.beta.clone()], loss, "batch norm");
    }

    fn dropout_net(dropout: Vec<f64>, batch_norm: Vec<bool>) -> Mlp {
        let cfg = ModelConfig { dropout, batch_norm, ..ModelConfig::mlp(2, &[8, 8], Activation::Tanh, 1) };
        Mlp::new(&cfg, 3, DType::F64, &Device::Cpu).unwrap()
    }

    #[test]
    fn dropout_keeps_the_expected_activation_in_training() {
        // Inverted dropout: each output becomes 0 (probability p) or h/(1 − p), so its mean
        // over many samples is h. With p = 0.5 every value is 0 or 2h: 2000 samples × 8
        // neurons have a standard error of h/√16000 ≈ 0.008h.
        let m = dropout_net(vec![0.5, 0.2], vec![]);
        let n = 2000;
        let x = Tensor::ones((n, 2), DType::F64, &Device::Cpu).unwrap();
        let masks = m.draw_masks(n, &mut rng(7, STREAM_DROPOUT)).unwrap();
        let (train, _) = m.trace(&x, Mode::Train(&masks)).unwrap();
        let (eval, _) = m.trace(&x.narrow(0, 0, 1).unwrap(), Mode::Eval).unwrap();
        let h = eval[0].out.to_vec2::<f64>().unwrap()[0].clone();
        let t = train[0].out.to_vec2::<f64>().unwrap();
        let mean_ratio = t.iter().flat_map(|r| r.iter().zip(&h).map(|(a, b)| a / b)).sum::<f64>() / (n * 8) as f64;
        assert!((mean_ratio - 1.0).abs() < 0.03, "{mean_ratio}");
        let dropped = t.iter().flatten().filter(|v| **v == 0.0).count() as f64 / (n * 8) as f64;
        assert!((dropped - 0.5).abs() < 0.02, "{dropped}");
        // Layer 2 (p = 0.2): kept about 80 % of the time.
        let kept = masks.layers[1].as_ref().unwrap().keep.iter().filter(|k| **k).count() as f64 / (n * 8) as f64;
        assert!((kept - 0.8).abs() < 0.02, "{kept}");
        // Every sample has its own mask.
        let keep = &masks.layers[0].as_ref().unwrap().keep;
        assert!((1..n).any(|s| keep[s * 8..s * 8 + 8] != keep[..8]));
    }

    #[test]
    fn dropout_is_the_identity_in_evaluation_and_reproducible_with_a_seed() {
        let with = dropout_net(vec![0.5, 0.9], vec![]);
        let without = dropout_net(vec![], vec![]);
        let x = t2(&[[0.3, -1.0], [2.0, 0.5], [-4.0, 4.0]]);
        let a = with.forward_t(&x, Mode::Eval).unwrap().to_vec2::<f64>().unwrap();
        let b = without.forward_t(&x, Mode::Eval).unwrap().to_vec2::<f64>().unwrap();
        assert_eq!(a, b, "dropout changes neither the initial weights nor evaluation");
        // No masks (or rate 0) in training without batch norm: the same as evaluation.
        let c = without.forward_t(&x, Mode::Train(&Masks::none(2))).unwrap().to_vec2::<f64>().unwrap();
        assert_eq!(a, c);

        let draw = |seed: u64| {
            let masks = with.draw_masks(3, &mut rng(seed, STREAM_DROPOUT)).unwrap();
            (with.forward_t(&x, Mode::Train(&masks)).unwrap().to_vec2::<f64>().unwrap(), masks.first_sample(&[8, 8]))
        };
        let (one, masks_one) = draw(11);
        assert_eq!(draw(11), (one.clone(), masks_one.clone()), "same seed, same masks");
        assert_ne!(draw(12).1, masks_one, "another seed, other masks");
        assert_ne!(one, a, "training applies the masks");
        assert_eq!(masks_one.iter().map(Vec::len).collect::<Vec<_>>(), vec![8, 8]);
        assert_eq!(Masks::none(2).first_sample(&[8, 8]), vec![vec![true; 8]; 2]);
    }

    #[test]
    fn parameter_count_includes_gamma_and_beta() {
        let m = dropout_net(vec![0.5], vec![true, false]);
        // 2·8 + 8, 8·8 + 8, 8·1 + 1, and γ, β of the first layer's 8 neurons.
        assert_eq!(m.parameter_count(), 24 + 72 + 9 + 16);
        assert_eq!(m.vars().len(), 6 + 2);
        assert!(m.norms[0].is_some() && m.norms[1].is_none());
        let bad = ModelConfig { dropout: vec![0.95], ..m.config.clone() };
        assert!(matches!(Mlp::new(&bad, 1, DType::F32, &Device::Cpu), Err(EngineError::Problem(crate::engine::Problem::DropoutRate { .. }))));
        let mut c = m.config.clone();
        c.dropout = vec![0.1, 0.1];
        assert!(c.same_structure(&m.config), "dropout rates are not structure");
        c.batch_norm = vec![true];
        assert!(c.same_structure(&m.config), "a missing entry means false");
        c.batch_norm = vec![true, true];
        assert!(!c.same_structure(&m.config));
    }
}
