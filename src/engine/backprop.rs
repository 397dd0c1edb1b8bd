//! The back-propagation lab (issue 14): one training step of a tiny fully connected network
//! with every intermediate number kept, as the lecture writes it (slides 11 and 15):
//!
//! - forward, neuron by neuron: z = Σᵢ wⱼᵢ·xᵢ + bⱼ, then a = f(z);
//! - the loss L(y, ŷ) ([`LabLoss`]); over a mini-batch, the mean of the examples' losses;
//! - backward, from the output layer to the first: ∂L/∂a (from the loss, or from the layer
//!   above), ∂L/∂z = ∂L/∂a · f′(z), ∂L/∂wⱼᵢ = ∂L/∂zⱼ · inputᵢ, ∂L/∂bⱼ = ∂L/∂zⱼ, and for the
//!   layer below ∂L/∂aᵢ = Σⱼ wⱼᵢ · ∂L/∂zⱼ;
//! - the update W′ = W − α·∂L/∂W, for every weight at once, after the whole backward pass:
//!   every gradient of a step is computed with the old weights.
//!
//! Plain f64 arithmetic, not Candle: each number is one the page shows and a student can
//! check by hand. Weights are in PyTorch's layout: `w[j][i]` is the weight from input i of a
//! layer to its neuron j.

use super::data::rng;
use super::{Activation, Problem};
use rand::Rng;
use serde::{Deserialize, Serialize};

/// The lab's limits: 1–3 inputs, 0–2 hidden layers of 1–4 neurons, 1–2 outputs, mini-batches
/// of up to 4 examples.
pub const MAX_INPUTS: usize = 3;
pub const MAX_HIDDEN_LAYERS: usize = 2;
pub const MAX_HIDDEN_UNITS: usize = 4;
pub const MAX_OUTPUTS: usize = 2;
pub const MAX_BATCH: usize = 4;
/// The most weights and biases a lab network has (3-4-4-2).
pub const MAX_LAB_WEIGHTS: usize = (MAX_INPUTS + 1) * MAX_HIDDEN_UNITS + (MAX_HIDDEN_UNITS + 1) * MAX_HIDDEN_UNITS + (MAX_HIDDEN_UNITS + 1) * MAX_OUTPUTS;

/// The lab's losses, per example with K outputs a and targets y.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LabLoss {
    /// The mean of the squared errors, as the lecture writes it: (1/K) Σₖ (aₖ − yₖ)².
    Mse,
    /// Half the sum of squares, as many textbooks do: ½ Σₖ (aₖ − yₖ)² (its gradient is a − y).
    MseHalf,
    /// Cross-entropy of each output as a probability: −Σₖ [yₖ ln aₖ + (1 − yₖ) ln(1 − aₖ)];
    /// needs sigmoid outputs (then ∂L/∂z = a − y).
    Ce,
}

/// a is kept inside (ε, 1 − ε) in the cross-entropy's logarithms.
const CE_EPS: f64 = 1e-12;

impl LabLoss {
    pub fn value(self, a: &[f64], y: &[f64]) -> f64 {
        let k = a.len() as f64;
        let pairs = a.iter().zip(y);
        match self {
            LabLoss::Mse => pairs.map(|(a, y)| (a - y) * (a - y)).sum::<f64>() / k,
            LabLoss::MseHalf => 0.5 * pairs.map(|(a, y)| (a - y) * (a - y)).sum::<f64>(),
            LabLoss::Ce => -pairs
                .map(|(&a, &y)| {
                    let a = a.clamp(CE_EPS, 1.0 - CE_EPS);
                    y * a.ln() + (1.0 - y) * (1.0 - a).ln()
                })
                .sum::<f64>(),
        }
    }

    /// ∂L/∂aₖ for each output.
    pub fn grad(self, a: &[f64], y: &[f64]) -> Vec<f64> {
        let k = a.len() as f64;
        a.iter()
            .zip(y)
            .map(|(&a, &y)| match self {
                LabLoss::Mse => 2.0 * (a - y) / k,
                LabLoss::MseHalf => a - y,
                LabLoss::Ce => {
                    let a = a.clamp(CE_EPS, 1.0 - CE_EPS);
                    (a - y) / (a * (1.0 - a))
                }
            })
            .collect()
    }
}

/// f(z).
pub fn activate(f: Activation, z: f64) -> f64 {
    match f {
        Activation::Relu => z.max(0.0),
        Activation::Tanh => z.tanh(),
        Activation::Sigmoid => 1.0 / (1.0 + (-z).exp()),
        Activation::Linear => z,
    }
}

/// f′(z), written with a = f(z) where that is how it is taught (σ′ = a(1 − a), tanh′ = 1 − a²);
/// ReLU′(0) = 0, as PyTorch takes it.
pub fn derivative(f: Activation, z: f64, a: f64) -> f64 {
    match f {
        Activation::Relu => {
            if z > 0.0 {
                1.0
            } else {
                0.0
            }
        }
        Activation::Tanh => 1.0 - a * a,
        Activation::Sigmoid => a * (1.0 - a),
        Activation::Linear => 1.0,
    }
}

/// One layer's weights (`w[j][i]`: input i → neuron j) and biases.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Layer {
    pub w: Vec<Vec<f64>>,
    pub b: Vec<f64>,
}

/// Every layer's weights, input side first: the lab's weights file and its gradients.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Weights {
    pub layers: Vec<Layer>,
}

/// The network and how it learns.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LabConfig {
    pub inputs: usize,
    pub hidden: Vec<usize>,
    pub outputs: usize,
    /// The hidden layers' activation, and the output layer's.
    pub act: Activation,
    pub out_act: Activation,
    pub loss: LabLoss,
    pub lr: f64,
    /// Whether the update changes the biases too (some worked examples keep them fixed).
    pub update_bias: bool,
}

impl LabConfig {
    /// Neurons per layer, the inputs first.
    pub fn widths(&self) -> Vec<usize> {
        std::iter::once(self.inputs).chain(self.hidden.iter().copied()).chain(std::iter::once(self.outputs)).collect()
    }

    /// The activation of weighted layer `l` (0 = the first hidden layer).
    pub fn activation(&self, l: usize) -> Activation {
        if l == self.hidden.len() { self.out_act } else { self.act }
    }

    pub fn check(&self) -> Result<(), Problem> {
        let sizes_ok = (1..=MAX_INPUTS).contains(&self.inputs)
            && (1..=MAX_OUTPUTS).contains(&self.outputs)
            && self.hidden.len() <= MAX_HIDDEN_LAYERS
            && self.hidden.iter().all(|h| (1..=MAX_HIDDEN_UNITS).contains(h));
        if !sizes_ok {
            return Err(Problem::LabSize { inputs: self.inputs, hidden: self.hidden.clone(), outputs: self.outputs });
        }
        if self.loss == LabLoss::Ce && self.out_act != Activation::Sigmoid {
            return Err(Problem::LabCeNeedsSigmoid);
        }
        if !(self.lr.is_finite() && self.lr > 0.0) {
            return Err(Problem::LabRate { lr: self.lr });
        }
        Ok(())
    }

    /// Seeded small random weights (uniform in ±1/√fan-in, biases 0), so a link reproduces them.
    pub fn random_weights(&self, seed: u64) -> Weights {
        let mut r = rng(seed, LAB_STREAM);
        let widths = self.widths();
        let layers = widths
            .windows(2)
            .map(|io| {
                let bound = 1.0 / (io[0] as f64).sqrt();
                Layer { w: (0..io[1]).map(|_| (0..io[0]).map(|_| r.random_range(-bound..bound)).collect()).collect(), b: vec![0.0; io[1]] }
            })
            .collect();
        Weights { layers }
    }

    /// Whether `w` has this network's shape.
    pub fn fits(&self, w: &Weights) -> Result<(), Problem> {
        let widths = self.widths();
        let ok = w.layers.len() == widths.len() - 1
            && w.layers.iter().zip(widths.windows(2)).all(|(l, io)| l.b.len() == io[1] && l.w.len() == io[1] && l.w.iter().all(|row| row.len() == io[0]));
        if ok { Ok(()) } else { Err(Problem::LabWeights { widths }) }
    }
}

/// The random stream of the lab's weights (see `data::rng`).
const LAB_STREAM: u64 = 41;

/// One layer's forward values for one example.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Neurons {
    pub z: Vec<f64>,
    pub a: Vec<f64>,
}

/// One layer's backward values for one example: ∂L/∂a, ∂L/∂z (= ∂L/∂a · f′(z)), and f′(z).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Deltas {
    pub da: Vec<f64>,
    pub fprime: Vec<f64>,
    pub dz: Vec<f64>,
}

/// Everything of one example in one step (its loss is the example's own, before averaging).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExampleTrace {
    pub x: Vec<f64>,
    pub y: Vec<f64>,
    /// Per weighted layer, the first hidden layer first.
    pub forward: Vec<Neurons>,
    pub loss: f64,
    /// Per weighted layer, the first hidden layer first (computed from the last).
    pub backward: Vec<Deltas>,
}

/// One training step: every example's trace, the batch's loss (the mean), the gradients (the
/// mean over the batch), and the weights after the update.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub examples: Vec<ExampleTrace>,
    pub loss: f64,
    pub grads: Weights,
    pub updated: Weights,
}

/// The forward pass of one example: per weighted layer, z and a.
pub fn forward(cfg: &LabConfig, w: &Weights, x: &[f64]) -> Vec<Neurons> {
    let mut input = x.to_vec();
    let mut out = Vec::with_capacity(w.layers.len());
    for (l, layer) in w.layers.iter().enumerate() {
        let f = cfg.activation(l);
        let z: Vec<f64> = layer.w.iter().zip(&layer.b).map(|(row, b)| row.iter().zip(&input).map(|(w, x)| w * x).sum::<f64>() + b).collect();
        let a: Vec<f64> = z.iter().map(|&z| activate(f, z)).collect();
        input = a.clone();
        out.push(Neurons { z, a });
    }
    out
}

/// The batch's loss at weights `w`: the mean of its examples' losses.
pub fn batch_loss(cfg: &LabConfig, w: &Weights, batch: &[(Vec<f64>, Vec<f64>)]) -> f64 {
    let total: f64 = batch.iter().map(|(x, y)| cfg.loss.value(&forward(cfg, w, x).last().map_or(vec![], |n| n.a.clone()), y)).sum();
    total / batch.len().max(1) as f64
}

fn check_batch(cfg: &LabConfig, w: &Weights, batch: &[(Vec<f64>, Vec<f64>)]) -> Result<(), Problem> {
    cfg.check()?;
    cfg.fits(w)?;
    if batch.is_empty() || batch.len() > MAX_BATCH {
        return Err(Problem::LabBatch { have: batch.len(), max: MAX_BATCH });
    }
    for (x, y) in batch {
        if x.len() != cfg.inputs || y.len() != cfg.outputs || !x.iter().chain(y).all(|v| v.is_finite()) {
            return Err(Problem::LabExample { inputs: cfg.inputs, outputs: cfg.outputs, got_inputs: x.len(), got_outputs: y.len() });
        }
    }
    Ok(())
}

/// One step on a mini-batch: forward, loss, backward for each example, the mean gradients,
/// then the update (every gradient taken at the old weights `w`).
pub fn step(cfg: &LabConfig, w: &Weights, batch: &[(Vec<f64>, Vec<f64>)]) -> Result<Step, Problem> {
    check_batch(cfg, w, batch)?;
    let n = batch.len() as f64;
    let mut grads = Weights { layers: w.layers.iter().map(|l| Layer { w: vec![vec![0.0; l.w[0].len()]; l.w.len()], b: vec![0.0; l.b.len()] }).collect() };
    let mut examples = Vec::with_capacity(batch.len());
    for (x, y) in batch {
        let fwd = forward(cfg, w, x);
        let out = &fwd.last().expect("a network has an output layer").a;
        let loss = cfg.loss.value(out, y);
        let mut da = cfg.loss.grad(out, y);
        let mut backward = Vec::with_capacity(fwd.len());
        for l in (0..w.layers.len()).rev() {
            let f = cfg.activation(l);
            let Neurons { z, a } = &fwd[l];
            let fprime: Vec<f64> = z.iter().zip(a).map(|(&z, &a)| derivative(f, z, a)).collect();
            let dz: Vec<f64> = da.iter().zip(&fprime).map(|(d, f)| d * f).collect();
            let input: &[f64] = if l == 0 { x } else { &fwd[l - 1].a };
            let g = &mut grads.layers[l];
            for (j, dzj) in dz.iter().enumerate() {
                for (i, xi) in input.iter().enumerate() {
                    g.w[j][i] += dzj * xi / n;
                }
                g.b[j] += dzj / n;
            }
            // ∂L/∂(the layer below's a), with this layer's old weights.
            let below: Vec<f64> = (0..input.len()).map(|i| w.layers[l].w.iter().zip(&dz).map(|(row, d)| row[i] * d).sum()).collect();
            backward.push(Deltas { da, fprime, dz });
            da = below;
        }
        backward.reverse();
        examples.push(ExampleTrace { x: x.clone(), y: y.clone(), forward: fwd, loss, backward });
    }
    let loss = examples.iter().map(|e| e.loss).sum::<f64>() / n;
    let updated = Weights {
        layers: w
            .layers
            .iter()
            .zip(&grads.layers)
            .map(|(l, g)| Layer {
                w: l.w.iter().zip(&g.w).map(|(row, grow)| row.iter().zip(grow).map(|(w, g)| w - cfg.lr * g).collect()).collect(),
                b: if cfg.update_bias { l.b.iter().zip(&g.b).map(|(b, g)| b - cfg.lr * g).collect() } else { l.b.clone() },
            })
            .collect(),
    };
    Ok(Step { examples, loss, grads, updated })
}

/// The central finite-difference estimate (L(w + h) − L(w − h)) / 2h of every gradient.
pub fn numeric_grads(cfg: &LabConfig, w: &Weights, batch: &[(Vec<f64>, Vec<f64>)], h: f64) -> Weights {
    let mut out = w.clone();
    let mut probe = w.clone();
    let estimate = |probe: &mut Weights, get: &dyn Fn(&mut Weights) -> &mut f64| {
        let v = *get(probe);
        *get(probe) = v + h;
        let up = batch_loss(cfg, probe, batch);
        *get(probe) = v - h;
        let down = batch_loss(cfg, probe, batch);
        *get(probe) = v;
        (up - down) / (2.0 * h)
    };
    for l in 0..w.layers.len() {
        for j in 0..w.layers[l].w.len() {
            for i in 0..w.layers[l].w[j].len() {
                out.layers[l].w[j][i] = estimate(&mut probe, &|p: &mut Weights| &mut p.layers[l].w[j][i]);
            }
            out.layers[l].b[j] = estimate(&mut probe, &|p: &mut Weights| &mut p.layers[l].b[j]);
        }
    }
    out
}

/// Matt Mazur's worked example (see the tests): a 2-2-2 sigmoid network, half the sum of
/// squares, rate 0.5, biases kept, and its one example. Shared by the lab's tests.
#[cfg(test)]
pub(crate) fn mazur() -> (LabConfig, Weights, Vec<(Vec<f64>, Vec<f64>)>) {
    let cfg = LabConfig {
        inputs: 2,
        hidden: vec![2],
        outputs: 2,
        act: Activation::Sigmoid,
        out_act: Activation::Sigmoid,
        loss: LabLoss::MseHalf,
        lr: 0.5,
        update_bias: false,
    };
    let w = Weights {
        layers: vec![
            Layer { w: vec![vec![0.15, 0.20], vec![0.25, 0.30]], b: vec![0.35, 0.35] },
            Layer { w: vec![vec![0.40, 0.45], vec![0.50, 0.55]], b: vec![0.60, 0.60] },
        ],
    };
    (cfg, w, vec![(vec![0.05, 0.10], vec![0.01, 0.99])])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Matt Mazur, "A Step by Step Backpropagation Example" (2015,
    /// https://mattmazur.com/2015/03/17/a-step-by-step-backpropagation-example/): a 2-2-2
    /// sigmoid network, E = Σ ½(target − out)², inputs (0.05, 0.10), targets (0.01, 0.99),
    /// learning rate 0.5, biases not updated. His numbers (printed to 8–9 digits):
    ///   net_h1 = 0.3775, out_h1 = 0.593269992, out_h2 = 0.596884378,
    ///   out_o1 = 0.75136507, out_o2 = 0.772928465, E_total = 0.298371109,
    ///   ∂E/∂w5 = 0.082167041, ∂E/∂w1 = 0.000438568,
    ///   w5⁺ = 0.35891648, w6⁺ = 0.408666186, w7⁺ = 0.511301270, w8⁺ = 0.561370121,
    ///   w1⁺ = 0.149780716, w2⁺ = 0.19956143, w3⁺ = 0.24975114, w4⁺ = 0.29950229;
    ///   after repeating 10,000 times E = 0.0000351085.
    #[test]
    fn mazurs_worked_example() {
        let (cfg, w, _) = mazur();
        let batch = vec![(vec![0.05, 0.10], vec![0.01, 0.99])];
        let s = step(&cfg, &w, &batch).unwrap();
        let e = &s.examples[0];
        let close = |a: f64, b: f64, what: &str| assert!((a - b).abs() < 1e-8, "{what}: {a} vs {b}");
        close(e.forward[0].z[0], 0.3775, "net_h1");
        close(e.forward[0].a[0], 0.593269992, "out_h1");
        close(e.forward[0].a[1], 0.596884378, "out_h2");
        close(e.forward[1].a[0], 0.75136507, "out_o1");
        close(e.forward[1].a[1], 0.772928465, "out_o2");
        close(s.loss, 0.298371109, "E_total");
        close(s.grads.layers[1].w[0][0], 0.082167041, "dE/dw5");
        close(s.grads.layers[0].w[0][0], 0.000438568, "dE/dw1");
        let want = [[[0.149780716, 0.19956143], [0.24975114, 0.29950229]], [[0.35891648, 0.408666186], [0.511301270, 0.561370121]]];
        for (l, layer) in want.iter().enumerate() {
            for (j, row) in layer.iter().enumerate() {
                for (i, v) in row.iter().enumerate() {
                    close(s.updated.layers[l].w[j][i], *v, &format!("layer {l} w[{j}][{i}]"));
                }
            }
            assert_eq!(s.updated.layers[l].b, w.layers[l].b, "biases are not updated here");
        }
        // The chain rule's factors at the output: ∂E/∂out_o1 = out − target = 0.74136507,
        // ∂out/∂net = out(1 − out) = 0.186815602 (Mazur's figures).
        close(e.backward[1].da[0], 0.74136507, "dE/dout_o1");
        close(e.backward[1].fprime[0], 0.186815602, "dout_o1/dnet_o1");
        // Mazur's "after 10,000 rounds" is the error his 10,000th round starts from (the loss a
        // step reports is the one before its update): 9,999 updates.
        let mut w = w;
        let mut last = f64::NAN;
        for _ in 0..10_000 {
            let s = step(&cfg, &w, &batch).unwrap();
            last = s.loss;
            w = s.updated;
        }
        assert!((last - 0.0000351085).abs() < 5e-11, "E of the 10,000th step: {last}");
    }

    /// The update uses the gradients at the old weights, all at once: W′ = W − α·∂L/∂W exactly.
    #[test]
    fn the_update_is_one_step_from_the_old_weights() {
        let (mut cfg, w, _) = mazur();
        cfg.update_bias = true;
        let s = step(&cfg, &w, &[(vec![0.05, 0.10], vec![0.01, 0.99])]).unwrap();
        for ((old, new), g) in w.layers.iter().zip(&s.updated.layers).zip(&s.grads.layers) {
            for j in 0..old.b.len() {
                assert_eq!(new.b[j], old.b[j] - cfg.lr * g.b[j]);
                for i in 0..old.w[j].len() {
                    assert_eq!(new.w[j][i], old.w[j][i] - cfg.lr * g.w[j][i]);
                }
            }
        }
    }

    /// Every activation (hidden and output) and loss, one example and a batch of 3, against
    /// central finite differences.
    #[test]
    fn gradients_match_finite_differences() {
        let acts = [Activation::Sigmoid, Activation::Tanh, Activation::Relu, Activation::Linear];
        let batch: Vec<(Vec<f64>, Vec<f64>)> = vec![
            (vec![0.3, -0.7, 0.9], vec![0.2, 0.8]),
            (vec![-0.4, 0.5, 0.1], vec![0.9, 0.1]),
            (vec![0.8, 0.2, -0.6], vec![0.5, 0.6]),
        ];
        for &act in &acts {
            for &out_act in &acts {
                for loss in [LabLoss::Mse, LabLoss::MseHalf, LabLoss::Ce] {
                    if loss == LabLoss::Ce && out_act != Activation::Sigmoid {
                        continue;
                    }
                    let cfg = LabConfig { inputs: 3, hidden: vec![4, 3], outputs: 2, act, out_act, loss, lr: 0.1, update_bias: true };
                    let w = cfg.random_weights(7);
                    for b in [&batch[..1], &batch[..]] {
                        let s = step(&cfg, &w, b).unwrap();
                        let num = numeric_grads(&cfg, &w, b, 1e-6);
                        for (g, n) in s.grads.layers.iter().zip(&num.layers) {
                            for (gr, nr) in g.w.iter().chain(std::iter::once(&g.b)).zip(n.w.iter().chain(std::iter::once(&n.b))) {
                                for (a, e) in gr.iter().zip(nr) {
                                    assert!((a - e).abs() < 1e-6, "{act:?}/{out_act:?}/{loss:?}, batch {}: {a} vs {e}", b.len());
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn refusals_are_problems() {
        let (cfg, w, _) = mazur();
        let ok = vec![(vec![0.05, 0.10], vec![0.01, 0.99])];
        assert!(matches!(step(&cfg, &w, &[(vec![0.05], vec![0.01, 0.99])]), Err(Problem::LabExample { .. })));
        assert!(matches!(step(&cfg, &w, &vec![ok[0].clone(); 5]), Err(Problem::LabBatch { have: 5, .. })));
        let wide = LabConfig { hidden: vec![5], ..cfg.clone() };
        assert!(matches!(step(&wide, &w, &ok), Err(Problem::LabSize { .. })));
        let ce = LabConfig { loss: LabLoss::Ce, out_act: Activation::Tanh, ..cfg.clone() };
        assert!(matches!(step(&ce, &w, &ok), Err(Problem::LabCeNeedsSigmoid)));
        let other = LabConfig { hidden: vec![3], ..cfg.clone() };
        assert!(matches!(step(&other, &w, &ok), Err(Problem::LabWeights { .. })));
    }
}
