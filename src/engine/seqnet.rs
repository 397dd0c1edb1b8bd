//! The sequence network: the layers of an [`Arch`](super::arch::Arch) over time steps, then
//! the output layer. A sequence is (N, T, F): N examples, T steps, F features per step.
//!
//! - A convolution is one-dimensional: `cNkK` slides N filters K steps long over the steps
//!   ("same" padding, stride S), as PyTorch's `Conv1d`; its batch norm normalizes each
//!   channel over the batch and every step (`BatchNorm1d` on (N, C, T)).
//! - Pooling takes the maximum (or mean) of K steps, stride K (`MaxPool1d(K)`).
//! - A recurrent layer runs its cell over the steps from h₀ = 0 (and c₀ = 0), trained by
//!   back-propagation through time (autograd over the unrolled loop). The input's part of
//!   every step is one matrix product for all steps at once; only h·U runs step by step.
//!   - RNN (Elman 1990): h = tanh(x·W + h·U + b).
//!   - LSTM (Hochreiter & Schmidhuber 1997; forget gate, Gers et al. 2000), PyTorch's gate
//!     order i, f, g, o: c = f⊙c + i⊙g, h = o⊙tanh(c). The forget gate's bias starts at 1
//!     (Jozefowicz et al. 2015), so the cell remembers from the start.
//!   - GRU (Cho et al. 2014), PyTorch's form, gates r, z, n: r = σ(·), z = σ(·),
//!     n = tanh(x·W_n + b_n + r⊙(h·U_n + b_hn)), h = (1 − z)⊙n + z⊙h.
//!
//!   The cells use their own tanh and sigmoid; the `act` setting applies to convolutions
//!   and dense layers. Batch norm does not apply to a recurrent layer; dropout does (on its
//!   output, as PyTorch's `dropout` between stacked layers).
//! - A dense layer flattens what it receives (a whole sequence: steps × features).
//!
//! Weights come from the seeded RNG as `init` says (W with fans F and H, U with fans H and
//! H, per gate), so a URL reproduces a run.

use super::arch::{Cell, LayerSpec, Shape};
use super::data::{rng, STREAM_WEIGHTS};
use super::model::{draw_masks, init_weights, BatchNorm, Dense, HiddenTrace, Masks, Mode, ModelConfig};
use super::{EngineError, Result};
use candle_core::{DType, Device, Module, ModuleT, Tensor, Var};
use rand_chacha::ChaCha8Rng;

/// One layer.
pub enum Block {
    /// W of shape (K·C + 1, F): row k·C + c holds input channel c at kernel step k; the last
    /// row holds the biases.
    Conv { w: Var, kernel: usize, stride: usize, channels: usize, norm: Option<BatchNorm> },
    Pool { size: usize, max: bool },
    Recurrent(Recurrent),
    Dense { dense: Dense, norm: Option<BatchNorm> },
}

/// A recurrent layer: W (F, G·H), U (H, G·H), b (G·H); the GRU's b_hn (H).
pub struct Recurrent {
    pub cell: Cell,
    pub units: usize,
    pub w: Var,
    pub u: Var,
    pub b: Var,
    pub b_hn: Option<Var>,
    /// Hands on every hidden state (the next layer takes a sequence), else the last one.
    pub all: bool,
}

/// What a recurrent layer's run gives besides its output: every hidden state, (N, H) each.
pub struct Unrolled {
    pub states: Vec<Tensor>,
}

impl Recurrent {
    /// Runs the cell over x (N, T, F). `probe(t)`, when given, is added to h_t right after
    /// it is computed (a zero `Var`: its gradient is ∂L/∂h_t, which candle does not keep for
    /// intermediate tensors).
    pub fn run(&self, x: &Tensor, probe: Option<&[Var]>) -> candle_core::Result<(Tensor, Unrolled)> {
        let (n, t, f) = x.dims3()?;
        let h_units = self.units;
        let g = self.cell.gates() * h_units;
        // The input's part of every step at once: (N·T, F)·W + b → (N, T, G·H).
        let xp = x.reshape((n * t, f))?.matmul(self.w.as_tensor())?.broadcast_add(self.b.as_tensor())?.reshape((n, t, g))?;
        let mut h = Tensor::zeros((n, h_units), x.dtype(), x.device())?;
        let mut c = h.clone();
        let mut states = Vec::with_capacity(t);
        let u = self.u.as_tensor();
        let gate = |v: &Tensor, k: usize| v.narrow(1, k * h_units, h_units);
        for step in 0..t {
            let xt = xp.narrow(1, step, 1)?.squeeze(1)?;
            let hu = h.matmul(u)?;
            h = match self.cell {
                Cell::Rnn => super::tanh::tanh(&(xt + hu)?)?,
                Cell::Lstm => {
                    let z = (xt + hu)?;
                    let i = candle_nn::ops::sigmoid(&gate(&z, 0)?)?;
                    let fg = candle_nn::ops::sigmoid(&gate(&z, 1)?)?;
                    let gg = super::tanh::tanh(&gate(&z, 2)?)?;
                    let o = candle_nn::ops::sigmoid(&gate(&z, 3)?)?;
                    c = ((fg * &c)? + (i * gg)?)?;
                    (o * super::tanh::tanh(&c)?)?
                }
                Cell::Gru => {
                    let r = candle_nn::ops::sigmoid(&(gate(&xt, 0)? + gate(&hu, 0)?)?)?;
                    let z = candle_nn::ops::sigmoid(&(gate(&xt, 1)? + gate(&hu, 1)?)?)?;
                    let mut hn = gate(&hu, 2)?;
                    if let Some(b) = &self.b_hn {
                        hn = hn.broadcast_add(b.as_tensor())?;
                    }
                    let cand = super::tanh::tanh(&(gate(&xt, 2)? + (r * hn)?)?)?;
                    // (1 − z)⊙n + z⊙h = n + z⊙(h − n)
                    (&cand + (z * (&h - &cand)?)?)?
                }
            };
            if let Some(p) = probe.and_then(|p| p.get(step)) {
                h = (h + p.as_tensor())?;
            }
            states.push(h.clone());
        }
        let out = if self.all { Tensor::stack(&states, 1)? } else { h };
        Ok((out, Unrolled { states }))
    }
}

pub struct SeqNet {
    pub config: ModelConfig,
    pub blocks: Vec<Block>,
    pub output: Dense,
    /// Values per example of each weighted hidden layer's output (the dropout masks' widths).
    widths: Vec<usize>,
}

fn seq_dims(s: Shape) -> Result<(usize, usize)> {
    match s {
        Shape::Sequence { steps, features } => Ok((steps, features)),
        _ => Err(EngineError::Config("a sequence layer needs sequences".into())),
    }
}

fn var(values: Vec<f64>, shape: (usize, usize), dtype: DType, dev: &Device) -> Result<Var> {
    Ok(Var::from_tensor(&Tensor::from_vec(values, shape, dev)?.to_dtype(dtype)?)?)
}

impl SeqNet {
    pub fn new(config: &ModelConfig, seed: u64, dtype: DType, dev: &Device) -> Result<SeqNet> {
        config.check_dropout()?;
        let shapes = config.layers.shapes(config.input)?;
        if config.outputs == 0 {
            return Err(EngineError::Config("the output layer needs at least one unit".into()));
        }
        let mut r = rng(seed, STREAM_WEIGHTS);
        let mut blocks = Vec::new();
        let mut widths = Vec::new();
        let mut before = config.input;
        for (i, (&spec, &after)) in config.layers.layers().iter().zip(&shapes).enumerate() {
            let norm = |width: usize| -> Result<Option<BatchNorm>> {
                if config.has_batch_norm(widths.len()) {
                    Ok(Some(BatchNorm::new(width, dtype, dev)?))
                } else {
                    Ok(None)
                }
            };
            let block = match spec {
                LayerSpec::Conv { filters, kernel, stride } => {
                    let (_, c) = seq_dims(before)?;
                    let torch = init_weights(config.init, c * kernel, filters * kernel, filters * c * kernel, &mut r)?;
                    // PyTorch's [F, C, K] → rows k·C + c, column f; biases (0) last.
                    let mut m = vec![0.0; (kernel * c + 1) * filters];
                    for f in 0..filters {
                        for ch in 0..c {
                            for k in 0..kernel {
                                m[(k * c + ch) * filters + f] = torch[(f * c + ch) * kernel + k];
                            }
                        }
                    }
                    Block::Conv { w: var(m, (kernel * c + 1, filters), dtype, dev)?, kernel, stride, channels: c, norm: norm(filters)? }
                }
                LayerSpec::MaxPool { size } => Block::Pool { size, max: true },
                LayerSpec::AvgPool { size } => Block::Pool { size, max: false },
                LayerSpec::Recurrent { cell, units } => {
                    let (_, f) = seq_dims(before)?;
                    let g = cell.gates();
                    // Per gate, so each block has its own fans; then side by side.
                    let mut w = vec![0.0; f * g * units];
                    let mut u = vec![0.0; units * g * units];
                    for k in 0..g {
                        let wk = init_weights(config.init, f, units, f * units, &mut r)?;
                        let uk = init_weights(config.init, units, units, units * units, &mut r)?;
                        for row in 0..f {
                            w[row * g * units + k * units..row * g * units + (k + 1) * units].copy_from_slice(&wk[row * units..(row + 1) * units]);
                        }
                        for row in 0..units {
                            u[row * g * units + k * units..row * g * units + (k + 1) * units].copy_from_slice(&uk[row * units..(row + 1) * units]);
                        }
                    }
                    let mut b = vec![0.0; g * units];
                    if cell == Cell::Lstm {
                        b[units..2 * units].fill(1.0);
                    }
                    let b = Var::from_tensor(&Tensor::from_vec(b, g * units, dev)?.to_dtype(dtype)?)?;
                    let b_hn = if cell == Cell::Gru { Some(Var::zeros(units, dtype, dev)?) } else { None };
                    Block::Recurrent(Recurrent {
                        cell,
                        units,
                        w: var(w, (f, g * units), dtype, dev)?,
                        u: var(u, (units, g * units), dtype, dev)?,
                        b,
                        b_hn,
                        all: config.layers.returns_sequence(i),
                    })
                }
                LayerSpec::Dense { units } => {
                    let fan_in = before.len();
                    let dense = super::cnn::dense(config, fan_in, units, &mut r, dtype, dev)?;
                    Block::Dense { dense, norm: norm(units)? }
                }
            };
            if spec.is_weighted() {
                widths.push(after.len());
            }
            blocks.push(block);
            before = after;
        }
        let fan_in = before.len();
        let output = super::cnn::dense(config, fan_in, config.outputs, &mut r, dtype, dev)?;
        Ok(SeqNet { config: config.clone(), blocks, output, widths })
    }

    /// Every trained parameter: each layer's, the output layer's, then each batch norm's γ, β.
    pub fn vars(&self) -> Vec<Var> {
        let mut v = Vec::new();
        for b in &self.blocks {
            match b {
                Block::Conv { w, .. } => v.push(w.clone()),
                Block::Recurrent(rec) => {
                    v.extend([rec.w.clone(), rec.u.clone(), rec.b.clone()]);
                    v.extend(rec.b_hn.clone());
                }
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
            _ => None,
        })
    }

    /// The weights the L1/L2 penalty covers: kernels, W and U, dense weights; no biases.
    pub fn penalized(&self) -> Result<Vec<Tensor>> {
        let mut v = Vec::new();
        for b in &self.blocks {
            match b {
                Block::Conv { w, .. } => v.push(w.narrow(0, 0, w.dim(0)? - 1)?),
                Block::Recurrent(rec) => v.extend([rec.w.as_tensor().clone(), rec.u.as_tensor().clone()]),
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

    pub fn widths(&self) -> &[usize] {
        &self.widths
    }

    /// The first recurrent layer, if any.
    pub fn first_recurrent(&self) -> Option<&Recurrent> {
        self.blocks.iter().find_map(|b| if let Block::Recurrent(r) = b { Some(r) } else { None })
    }

    pub fn forward_t(&self, x: &Tensor, mode: Mode) -> candle_core::Result<Tensor> {
        self.run(x, mode, None, &mut |_, _| {}, &mut |_| {})
    }

    pub fn trace(&self, x: &Tensor, mode: Mode) -> candle_core::Result<(Vec<HiddenTrace>, Tensor)> {
        let mut traces = Vec::new();
        let out = self.run(
            x,
            mode,
            None,
            &mut |pre, out| {
                if let Some(pre) = pre {
                    traces.push(HiddenTrace { pre: pre.clone(), out: out.clone() });
                }
            },
            &mut |_| {},
        )?;
        Ok((traces, out))
    }

    /// The logits, with `probe` added to the first recurrent layer's hidden states (see
    /// [`Recurrent::run`]), and that layer's hidden states (N, T, H); `None` without one.
    pub fn probed(&self, x: &Tensor, mode: Mode, probe: Option<&[Var]>) -> candle_core::Result<(Tensor, Option<Tensor>)> {
        let mut states = None;
        let out = self.run(x, mode, probe, &mut |_, _| {}, &mut |u| {
            if states.is_none() {
                states = Tensor::stack(&u.states, 1).ok();
            }
        })?;
        Ok((out, states))
    }

    /// Every layer's output, in evaluation mode (sequences as (N, T, C), else (N, units)).
    pub fn feature_maps(&self, x: &Tensor) -> candle_core::Result<Vec<Tensor>> {
        let mut maps = Vec::new();
        self.run(x, Mode::Eval, None, &mut |_, out| maps.push(out.clone()), &mut |_| {})?;
        Ok(maps)
    }

    /// x: (N, T, F). `seen(pre, out)` after every layer (`pre`: a weighted layer's activation
    /// input, for a recurrent layer its output; `None` after pooling); `unrolled` after each
    /// recurrent layer; `probe` goes to the first recurrent layer.
    fn run(
        &self,
        x: &Tensor,
        mode: Mode,
        probe: Option<&[Var]>,
        seen: &mut dyn FnMut(Option<&Tensor>, &Tensor),
        unrolled: &mut dyn FnMut(&Unrolled),
    ) -> candle_core::Result<Tensor> {
        let n = x.dim(0)?;
        let train = matches!(mode, Mode::Train(_));
        let mut h = if x.rank() == 2 { x.unsqueeze(2)? } else { x.clone() };
        let mut weighted = 0;
        let mut probe = probe;
        for b in &self.blocks {
            let (pre, mut a) = match b {
                Block::Pool { size, max } => {
                    let (_, t, c) = h.dims3()?;
                    let steps = t / size;
                    let grouped = h.narrow(1, 0, steps * size)?.reshape((n, steps, *size, c))?;
                    h = if *max { grouped.max(2)? } else { grouped.mean(2)? };
                    seen(None, &h);
                    continue;
                }
                Block::Conv { w, kernel, stride, channels, norm } => {
                    let (_, t, c) = h.dims3()?;
                    debug_assert_eq!(c, *channels);
                    let pad = (kernel - 1) / 2;
                    let padded = h.pad_with_zeros(1, pad, kernel - 1 - pad)?;
                    let cols = (0..*kernel).map(|k| padded.narrow(1, k, t)).collect::<candle_core::Result<Vec<_>>>()?;
                    let mut cols = Tensor::cat(&cols, 2)?;
                    let steps = t.div_ceil(*stride);
                    if *stride > 1 {
                        let idx: Vec<u32> = (0..steps).map(|s| (s * stride) as u32).collect();
                        cols = cols.contiguous()?.index_select(&Tensor::new(idx.as_slice(), x.device())?, 1)?;
                    }
                    let kc = kernel * c;
                    let wt = w.as_tensor();
                    let mut z = cols.reshape((n * steps, kc))?.matmul(&wt.narrow(0, 0, kc)?)?.broadcast_add(&wt.narrow(0, kc, 1)?)?;
                    if let Some(bn) = norm {
                        z = bn.forward_t(&z, train)?;
                    }
                    let filters = z.dim(1)?;
                    let a = self.config.activation.apply(&z)?.reshape((n, steps, filters))?;
                    (z.reshape((n, steps, filters))?, a)
                }
                Block::Recurrent(rec) => {
                    let (out, u) = rec.run(&h, probe.take())?;
                    unrolled(&u);
                    (out.clone(), out)
                }
                Block::Dense { dense, norm } => {
                    let flat = if h.rank() > 2 { h.flatten_from(1)? } else { h.clone() };
                    let mut z = dense.forward(&flat)?;
                    if let Some(bn) = norm {
                        z = bn.forward_t(&z, train)?;
                    }
                    (z.clone(), self.config.activation.apply(&z)?)
                }
            };
            if let Mode::Train(masks) = mode {
                if let Some(scale) = masks.scale(weighted) {
                    a = a.reshape((n, ()))?.mul(scale)?.reshape(pre.shape())?;
                }
            }
            h = a;
            seen(Some(&pre), &h);
            weighted += 1;
        }
        let flat = if h.rank() > 2 { h.flatten_from(1)? } else { h };
        self.output.forward(&flat)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::arch::Arch;
    use crate::engine::data::STREAM_DROPOUT;
    use crate::engine::model::{Activation, Init};

    fn config(layers: &str, bn: Vec<bool>, dropout: Vec<f64>) -> ModelConfig {
        ModelConfig {
            input: Shape::Sequence { steps: 6, features: 2 },
            layers: Arch::parse(layers).unwrap(),
            activation: Activation::Tanh,
            outputs: 3,
            init: Init::Xavier,
            dropout,
            batch_norm: bn,
        }
    }

    #[test]
    fn parameters_shapes_and_seeds() {
        let dev = Device::Cpu;
        for layers in ["rnn4", "lstm4", "gru4", "c3k3,mp2,gru4,d5", "c2k3s2,lstm3,rnn2", "d7"] {
            let c = config(layers, vec![true; 4], vec![]);
            let m = SeqNet::new(&c, 1, DType::F32, &dev).unwrap();
            let want: usize = c.layers.parameter_counts(c.input, 3, |i| c.has_batch_norm(i)).unwrap().iter().sum();
            assert_eq!(m.parameter_count(), want, "{layers}");
            let x = Tensor::ones((5, 6, 2), DType::F32, &dev).unwrap();
            assert_eq!(m.forward_t(&x, Mode::Eval).unwrap().dims(), &[5, 3], "{layers}");
            let again = SeqNet::new(&c, 1, DType::F32, &dev).unwrap();
            let flat = |m: &SeqNet| m.vars().iter().flat_map(|v| v.flatten_all().unwrap().to_vec1::<f32>().unwrap()).collect::<Vec<_>>();
            assert_eq!(flat(&m), flat(&again));
        }
        let m = SeqNet::new(&config("c3k3,mp2,gru4,d5", vec![], vec![]), 1, DType::F32, &dev).unwrap();
        let maps = m.feature_maps(&Tensor::ones((1, 6, 2), DType::F32, &dev).unwrap()).unwrap();
        assert_eq!(maps.iter().map(|t| t.dims().to_vec()).collect::<Vec<_>>(), vec![vec![1, 6, 3], vec![1, 3, 3], vec![1, 4], vec![1, 5]]);
    }

    /// Two GRU steps against PyTorch's formulas (its `nn.GRU` documentation), computed in
    /// plain Python (weights W = [0.5, −1, 2] for r, z, n; U = [0.3, 0.4, −0.6];
    /// b = [0.1, 0.2, 0.3]; b_hn = 0.5; inputs 1, 2):
    /// ```python
    /// h = 0
    /// for x in [1.0, 2.0]:
    ///     r = sig(0.5*x + 0.1 + 0.3*h); z = sig(-x + 0.2 + 0.4*h)
    ///     n = tanh(2*x + 0.3 + r*(-0.6*h + 0.5)); h = (1 - z)*n + z*h   # 0.68274, 0.94312
    /// ```
    #[test]
    fn a_gru_step_matches_the_formulas() {
        let dev = Device::Cpu;
        let v = |x: &[f64], s: (usize, usize)| Var::from_tensor(&Tensor::from_slice(x, s, &dev).unwrap()).unwrap();
        let rec = Recurrent {
            cell: Cell::Gru,
            units: 1,
            w: v(&[0.5, -1.0, 2.0], (1, 3)),
            u: v(&[0.3, 0.4, -0.6], (1, 3)),
            b: Var::from_tensor(&Tensor::new(&[0.1f64, 0.2, 0.3], &dev).unwrap()).unwrap(),
            b_hn: Some(Var::from_tensor(&Tensor::new(&[0.5f64], &dev).unwrap()).unwrap()),
            all: true,
        };
        let sig = |x: f64| 1.0 / (1.0 + (-x).exp());
        let mut h = 0.0f64;
        let mut want = vec![];
        for x in [1.0, 2.0] {
            let r = sig(0.5 * x + 0.1 + 0.3 * h);
            let z = sig(-1.0 * x + 0.2 + 0.4 * h);
            let n = (2.0 * x + 0.3 + r * (-0.6 * h + 0.5)).tanh();
            h = (1.0 - z) * n + z * h;
            want.push(h);
        }
        let (out, _) = rec.run(&Tensor::new(&[[[1.0f64], [2.0]]], &dev).unwrap(), None).unwrap();
        let got = out.flatten_all().unwrap().to_vec1::<f64>().unwrap();
        for (g, w) in got.iter().zip(&want) {
            assert!((g - w).abs() < 2e-3, "{got:?} vs {want:?}"); // the rational tanh: ~1e-4
        }
        assert!((want[0] - 0.68274).abs() < 1e-5 && (want[1] - 0.94312).abs() < 1e-5, "{want:?}");
    }

    /// Back-propagation through time, convolution, pooling, batch norm and dropout against
    /// finite differences, in f64 with masks held fixed.
    #[test]
    fn gradients_match_finite_differences() {
        let dev = Device::Cpu;
        for layers in ["c3k3,mp2,gru3,d4", "lstm3,rnn2", "c2k3s2,ap2,lstm2"] {
            let c = config(layers, vec![true, false, false, true], vec![0.3, 0.0, 0.2]);
            let m = SeqNet::new(&c, 4, DType::F64, &dev).unwrap();
            let x: Vec<f64> = (0..4 * 12).map(|i| ((i * 53 % 23) as f64 - 11.0) / 7.0).collect();
            let x = Tensor::from_vec(x, (4, 6, 2), &dev).unwrap();
            let masks = m.draw_masks(4, &mut rng(3, STREAM_DROPOUT)).unwrap();
            let wt = Tensor::new(&[[0.3f64, -1.0, 0.5], [1.2, 0.1, -0.4], [-0.6, 0.8, 0.2], [0.9, -0.2, -1.1]], &dev).unwrap();
            let loss = || m.forward_t(&x, Mode::Train(&masks)).unwrap().mul(&wt).unwrap().sum_all().unwrap();
            crate::engine::gradcheck::check_gradients(&m.vars(), loss, layers);
        }
    }

    /// The probe's gradient is ∂L/∂h_t: for a plain RNN with L = h_T, ∂L/∂h_{T−1} =
    /// U·(1 − h_T²) (one unit).
    #[test]
    fn probes_give_the_gradient_reaching_each_hidden_state() {
        let dev = Device::Cpu;
        let v = |x: f64| Var::from_tensor(&Tensor::new(&[[x]], &dev).unwrap()).unwrap();
        let rec = Recurrent { cell: Cell::Rnn, units: 1, w: v(0.7), u: v(0.9), b: Var::from_tensor(&Tensor::new(&[0.1f64], &dev).unwrap()).unwrap(), b_hn: None, all: false };
        let x = Tensor::new(&[[[0.5f64], [-0.2], [0.4]]], &dev).unwrap();
        let probes: Vec<Var> = (0..3).map(|_| Var::zeros((1, 1), DType::F64, &dev).unwrap()).collect();
        let (h, un) = rec.run(&x, Some(&probes)).unwrap();
        let grads = h.sum_all().unwrap().backward().unwrap();
        let g: Vec<f64> = probes.iter().map(|p| grads.get(p).unwrap().flatten_all().unwrap().to_vec1::<f64>().unwrap()[0]).collect();
        let h3 = un.states[2].flatten_all().unwrap().to_vec1::<f64>().unwrap()[0];
        let h2 = un.states[1].flatten_all().unwrap().to_vec1::<f64>().unwrap()[0];
        assert!((g[2] - 1.0).abs() < 1e-12);
        assert!((g[1] - 0.9 * (1.0 - h3 * h3)).abs() < 2e-3, "{g:?}");
        assert!((g[0] - g[1] * 0.9 * (1.0 - h2 * h2)).abs() < 2e-3, "{g:?}");
    }
}
