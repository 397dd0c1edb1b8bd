//! The multilayer perceptron: a list of dense layers, each followed by the hidden activation,
//! and one output unit (a logit; the sigmoid is applied by the loss and for display).
//!
//! Initial weights come from our own seeded RNG (Candle's CPU RNG cannot be seeded), so a URL
//! reproduces a run. Later layers kinds (dropout, batch norm) slot in as fields of `Dense`'s
//! neighbours in `Mlp::layers`.

use super::data::{rng, STREAM_WEIGHTS};
use super::{EngineError, Result};
use candle_core::{DType, Device, Module, Tensor, Var};
use rand::Rng;
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelConfig {
    pub inputs: usize,
    /// Widths of the hidden layers (0–6 layers of 1–16 neurons on the page).
    pub hidden: Vec<usize>,
    pub activation: Activation,
    /// Width of the output layer (the task's: 1, or the number of classes).
    pub outputs: usize,
    pub init: Init,
}

impl ModelConfig {
    /// Layer widths from input to output, e.g. [2, 4, 4, 1].
    pub fn widths(&self) -> Vec<usize> {
        let mut w = vec![self.inputs];
        w.extend(&self.hidden);
        w.push(self.outputs);
        w
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

pub struct Mlp {
    pub config: ModelConfig,
    pub layers: Vec<Dense>,
}

impl Mlp {
    /// Weights drawn as `config.init` says, from the seeded RNG; zero biases.
    pub fn new(config: &ModelConfig, seed: u64, dtype: DType, dev: &Device) -> Result<Mlp> {
        if config.inputs == 0 || config.outputs == 0 || config.hidden.iter().any(|&w| w == 0) {
            return Err(EngineError::Config("every layer needs at least one neuron".into()));
        }
        let mut r = rng(seed, STREAM_WEIGHTS);
        let widths = config.widths();
        let mut layers = Vec::new();
        for pair in widths.windows(2) {
            let (fan_in, fan_out) = (pair[0], pair[1]);
            let count = fan_in * fan_out;
            let w: Vec<f64> = match config.init {
                Init::Uniform => (0..count).map(|_| r.random_range(-0.5..0.5)).collect(),
                Init::Xavier => {
                    let a = (6.0 / (fan_in + fan_out) as f64).sqrt();
                    (0..count).map(|_| r.random_range(-a..a)).collect()
                }
                Init::He => {
                    let normal = rand_distr::Normal::new(0.0, (2.0 / fan_in as f64).sqrt())
                        .map_err(|e| EngineError::Config(e.to_string()))?;
                    (0..count).map(|_| rand_distr::Distribution::sample(&normal, &mut r)).collect()
                }
                Init::Zeros => vec![0.0; count],
            };
            let w = Tensor::from_vec(w, (fan_in, fan_out), dev)?.to_dtype(dtype)?;
            let b = Tensor::zeros(fan_out, dtype, dev)?;
            layers.push(Dense { w: Var::from_tensor(&w)?, b: Var::from_tensor(&b)? });
        }
        Ok(Mlp { config: config.clone(), layers })
    }

    pub fn vars(&self) -> Vec<Var> {
        self.layers.iter().flat_map(|l| [l.w.clone(), l.b.clone()]).collect()
    }

    /// The output logits, shape (N, 1).
    pub fn forward(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        let last = self.layers.len() - 1;
        let mut h = x.clone();
        for (i, layer) in self.layers.iter().enumerate() {
            h = layer.forward(&h)?;
            if i < last {
                h = self.config.activation.apply(&h)?;
            }
        }
        Ok(h)
    }

    /// Every neuron's output for drawing: the input, each hidden layer after its activation,
    /// and the raw output (the caller applies the task's output function). One tensor of
    /// shape (N, width) per layer.
    pub fn forward_all(&self, x: &Tensor) -> candle_core::Result<Vec<Tensor>> {
        let last = self.layers.len() - 1;
        let mut outs = vec![x.clone()];
        let mut h = x.clone();
        for (i, layer) in self.layers.iter().enumerate() {
            h = layer.forward(&h)?;
            if i < last {
                h = self.config.activation.apply(&h)?;
            }
            outs.push(h.clone());
        }
        Ok(outs)
    }

    pub fn parameter_count(&self) -> usize {
        self.layers.iter().map(|l| l.w.elem_count() + l.b.elem_count()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_weights() {
        let cfg = ModelConfig { inputs: 2, hidden: vec![4, 3], activation: Activation::Tanh, outputs: 1, init: Init::Xavier };
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
        let cfg = ModelConfig { inputs: 2, hidden: vec![], activation: Activation::Relu, outputs: 1, init: Init::Xavier };
        let m = Mlp::new(&cfg, 1, DType::F64, &Device::Cpu).unwrap();
        assert_eq!(m.layers.len(), 1);
        let x = Tensor::new(&[[1.0f64, 2.0]], &Device::Cpu).unwrap();
        let w = m.layers[0].w.flatten_all().unwrap().to_vec1::<f64>().unwrap();
        let z = m.forward(&x).unwrap().flatten_all().unwrap().to_vec1::<f64>().unwrap()[0];
        assert!((z - (w[0] + 2.0 * w[1])).abs() < 1e-12);
    }

    #[test]
    fn initializations_have_their_spread() {
        let weights = |init: Init| -> Vec<f64> {
            let cfg = ModelConfig { inputs: 2, hidden: vec![16, 16], activation: Activation::Relu, outputs: 3, init };
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
}
