//! The trainer: owns the data as tensors, the model and the optimizer; runs epochs of
//! mini-batch training; evaluates; and samples the network over the input plane for drawing.

use super::data::{rng, DataConfig, Dataset, Sample, STREAM_SHUFFLE};
use super::loss::{accuracy, bce_with_logits};
use super::model::{Mlp, ModelConfig};
use super::optim::{Optimizer, OptimizerConfig};
use super::{EngineError, Result, DOMAIN};
use candle_core::{DType, Device, Tensor};
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// Everything that defines a run. The same config gives the same numbers, natively and in
/// the browser.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrainConfig {
    pub data: DataConfig,
    pub model: ModelConfig,
    pub optimizer: OptimizerConfig,
    pub batch_size: usize,
    /// Seeds the initial weights and the batch order (the data has its own seed in `data`).
    pub seed: u64,
}

impl TrainConfig {
    /// True when going from `self` to `other` needs new data or a new model; false when only
    /// settings that can change mid-run (learning rate, batch size) differ.
    pub fn needs_rebuild(&self, other: &TrainConfig) -> bool {
        self.data != other.data
            || self.model != other.model
            || self.seed != other.seed
            || self.optimizer.kind != other.optimizer.kind
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct EpochStats {
    pub epoch: usize,
    pub train_loss: f32,
    pub test_loss: f32,
    pub train_acc: f32,
    pub test_acc: f32,
}

impl EpochStats {
    pub fn is_finite(&self) -> bool {
        self.train_loss.is_finite() && self.test_loss.is_finite()
    }
}

/// Values on an n×n grid over the input plane, row-major, row 0 at the top (y = +DOMAIN),
/// column 0 at the left (x = −DOMAIN); cell centres.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Grid {
    pub n: usize,
    pub values: Vec<f32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LayerWeights {
    pub inputs: usize,
    pub outputs: usize,
    /// Row-major (inputs × outputs): w[i * outputs + o] links input i to output o.
    pub w: Vec<f32>,
    pub b: Vec<f32>,
}

/// What the page draws besides the curves: the output over the plane, each neuron's output
/// over the plane (small thumbnails, layer by layer from the inputs), and all weights.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct View {
    pub boundary: Grid,
    pub neurons: Vec<Vec<Grid>>,
    pub weights: Vec<LayerWeights>,
}

pub struct Trainer {
    config: TrainConfig,
    pub data: Dataset,
    model: Mlp,
    opt: Optimizer,
    dev: Device,
    dtype: DType,
    x_train: Tensor,
    y_train: Tensor,
    x_test: Tensor,
    y_test: Tensor,
    shuffle: ChaCha8Rng,
    order: Vec<u32>,
    epoch: usize,
    grid_cache: Vec<(usize, Tensor)>,
}

fn to_tensors(samples: &[Sample], dtype: DType, dev: &Device) -> Result<(Tensor, Tensor)> {
    let xs: Vec<f32> = samples.iter().flat_map(|s| [s.x, s.y]).collect();
    let ys: Vec<f32> = samples.iter().map(|s| s.label).collect();
    let x = Tensor::from_vec(xs, (samples.len(), 2), dev)?.to_dtype(dtype)?;
    let y = Tensor::from_vec(ys, (samples.len(), 1), dev)?.to_dtype(dtype)?;
    Ok((x, y))
}

/// The centres of an n×n grid over [−DOMAIN, DOMAIN]², in `Grid`'s order, as an (n², 2) tensor.
fn plane(n: usize, dtype: DType, dev: &Device) -> Result<Tensor> {
    let step = 2.0 * DOMAIN / n as f32;
    let mut v = Vec::with_capacity(n * n * 2);
    for row in 0..n {
        let y = DOMAIN - (row as f32 + 0.5) * step;
        for col in 0..n {
            v.push(-DOMAIN + (col as f32 + 0.5) * step);
            v.push(y);
        }
    }
    Ok(Tensor::from_vec(v, (n * n, 2), dev)?.to_dtype(dtype)?)
}

impl Trainer {
    pub fn new(config: TrainConfig) -> Result<Trainer> {
        Self::with_dtype(config, DType::F32)
    }

    pub fn with_dtype(config: TrainConfig, dtype: DType) -> Result<Trainer> {
        if config.batch_size == 0 {
            return Err(EngineError::Config("batch size must be at least 1".into()));
        }
        if config.data.points < 2 {
            return Err(EngineError::Config("need at least 2 points".into()));
        }
        let dev = Device::Cpu;
        let data = Dataset::generate(&config.data);
        let (x_train, y_train) = to_tensors(&data.train, dtype, &dev)?;
        let (x_test, y_test) = to_tensors(&data.test, dtype, &dev)?;
        let model = Mlp::new(&config.model, config.seed, dtype, &dev)?;
        let opt = Optimizer::new(&config.optimizer, model.vars())?;
        let order = (0..data.train.len() as u32).collect();
        Ok(Trainer {
            shuffle: rng(config.seed, STREAM_SHUFFLE),
            config,
            data,
            model,
            opt,
            dev,
            dtype,
            x_train,
            y_train,
            x_test,
            y_test,
            order,
            epoch: 0,
            grid_cache: Vec::new(),
        })
    }

    pub fn config(&self) -> &TrainConfig {
        &self.config
    }

    pub fn model(&self) -> &Mlp {
        &self.model
    }

    pub fn epoch(&self) -> usize {
        self.epoch
    }

    /// Applies settings that may change mid-run (learning rate, batch size). The caller
    /// rebuilds the trainer when `needs_rebuild` says so.
    pub fn update_live(&mut self, config: &TrainConfig) {
        self.opt.set_learning_rate(config.optimizer.lr);
        self.config.optimizer.lr = config.optimizer.lr;
        self.config.batch_size = config.batch_size.max(1);
    }

    /// One pass over the training set in shuffled mini-batches; then evaluates.
    pub fn train_epoch(&mut self) -> Result<EpochStats> {
        self.order.shuffle(&mut self.shuffle);
        let bs = self.config.batch_size.min(self.order.len());
        for chunk in self.order.chunks(bs) {
            let (x, y) = if chunk.len() == self.order.len() {
                (self.x_train.clone(), self.y_train.clone())
            } else {
                let idx = Tensor::from_slice(chunk, chunk.len(), &self.dev)?;
                (self.x_train.index_select(&idx, 0)?, self.y_train.index_select(&idx, 0)?)
            };
            let loss = bce_with_logits(&self.model.forward(&x)?, &y)?;
            self.opt.backward_step(&loss)?;
        }
        self.epoch += 1;
        self.evaluate()
    }

    /// Loss and accuracy on the whole train and test sets, with the current weights.
    pub fn evaluate(&self) -> Result<EpochStats> {
        let scalar = |t: Tensor| -> Result<f32> { Ok(t.to_dtype(DType::F32)?.to_scalar::<f32>()?) };
        let zt = self.model.forward(&self.x_train)?;
        let zs = self.model.forward(&self.x_test)?;
        Ok(EpochStats {
            epoch: self.epoch,
            train_loss: scalar(bce_with_logits(&zt, &self.y_train)?)?,
            test_loss: scalar(bce_with_logits(&zs, &self.y_test)?)?,
            train_acc: accuracy(&zt, &self.y_train)?,
            test_acc: accuracy(&zs, &self.y_test)?,
        })
    }

    fn plane(&mut self, n: usize) -> Result<Tensor> {
        if let Some((_, t)) = self.grid_cache.iter().find(|(m, _)| *m == n) {
            return Ok(t.clone());
        }
        let t = plane(n, self.dtype, &self.dev)?;
        self.grid_cache.push((n, t.clone()));
        Ok(t)
    }

    /// The network's output probability σ(z) on an n×n grid over the plane.
    pub fn boundary(&mut self, n: usize) -> Result<Grid> {
        let p = self.plane(n)?;
        let out = candle_nn::ops::sigmoid(&self.model.forward(&p)?)?;
        let values = out.flatten_all()?.to_dtype(DType::F32)?.to_vec1::<f32>()?;
        Ok(Grid { n, values })
    }

    /// Every neuron's output on an n×n grid, grouped by layer (inputs first, output last).
    pub fn neuron_grids(&mut self, n: usize) -> Result<Vec<Vec<Grid>>> {
        let p = self.plane(n)?;
        let mut layers = Vec::new();
        for out in self.model.forward_all(&p)? {
            // (n², width) → width rows of n² values.
            let t = out.t()?.contiguous()?.to_dtype(DType::F32)?.to_vec2::<f32>()?;
            layers.push(t.into_iter().map(|values| Grid { n, values }).collect());
        }
        Ok(layers)
    }

    pub fn weights(&self) -> Result<Vec<LayerWeights>> {
        let mut out = Vec::new();
        for l in &self.model.layers {
            let (i, o) = l.w.dims2()?;
            out.push(LayerWeights {
                inputs: i,
                outputs: o,
                w: l.w.flatten_all()?.to_dtype(DType::F32)?.to_vec1()?,
                b: l.b.to_dtype(DType::F32)?.to_vec1()?,
            });
        }
        Ok(out)
    }

    pub fn view(&mut self, boundary_n: usize, neuron_n: usize) -> Result<View> {
        Ok(View { boundary: self.boundary(boundary_n)?, neurons: self.neuron_grids(neuron_n)?, weights: self.weights()? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Activation, DatasetKind, OptimizerKind};
    use candle_core::Var;

    pub fn config(kind: DatasetKind) -> TrainConfig {
        TrainConfig {
            data: DataConfig { kind, points: 500, noise: 0.0, train_fraction: 0.5, seed: 1 },
            model: ModelConfig { inputs: 2, hidden: vec![4, 4], activation: Activation::Tanh },
            optimizer: OptimizerConfig::defaults(OptimizerKind::Sgd, 0.03),
            batch_size: 10,
            seed: 1,
        }
    }

    #[test]
    fn circle_reaches_95_percent_within_300_epochs() {
        let mut t = Trainer::new(config(DatasetKind::Circle)).unwrap();
        let mut best = 0.0f32;
        for _ in 0..300 {
            let s = t.train_epoch().unwrap();
            best = best.max(s.test_acc);
            if s.test_acc >= 0.95 {
                break;
            }
        }
        assert!(best >= 0.95, "best test accuracy {best}");
    }

    #[test]
    fn same_config_same_numbers() {
        let run = || {
            let mut t = Trainer::new(config(DatasetKind::Xor)).unwrap();
            (0..3).map(|_| t.train_epoch().unwrap()).collect::<Vec<_>>()
        };
        assert_eq!(run(), run());
    }

    /// Back-propagated gradients agree with central finite differences,
    /// (L(w + h) − L(w − h)) / 2h, for every weight of a small tanh network (in f64).
    #[test]
    fn gradients_match_finite_differences() {
        for act in [Activation::Tanh, Activation::Sigmoid, Activation::Linear] {
            let mut cfg = config(DatasetKind::Spiral);
            cfg.data.points = 20;
            cfg.model.hidden = vec![3, 2];
            cfg.model.activation = act;
            let t = Trainer::with_dtype(cfg, DType::F64).unwrap();
            let loss = |t: &Trainer| bce_with_logits(&t.model.forward(&t.x_train).unwrap(), &t.y_train).unwrap();
            let grads = loss(&t).backward().unwrap();
            let h = 1e-6;
            for var in t.model.vars() {
                let g = grads.get(var.as_tensor()).unwrap().flatten_all().unwrap().to_vec1::<f64>().unwrap();
                let base = var.flatten_all().unwrap().to_vec1::<f64>().unwrap();
                for k in 0..base.len() {
                    let eval = |delta: f64| {
                        let mut v = base.clone();
                        v[k] += delta;
                        var.set(&Tensor::from_vec(v, var.shape(), &Device::Cpu).unwrap()).unwrap();
                        loss(&t).to_scalar::<f64>().unwrap()
                    };
                    let fd = (eval(h) - eval(-h)) / (2.0 * h);
                    var.set(&Tensor::from_vec(base.clone(), var.shape(), &Device::Cpu).unwrap()).unwrap();
                    assert!((fd - g[k]).abs() < 1e-6 * (1.0 + fd.abs()), "{act:?}: fd {fd} vs backprop {}", g[k]);
                }
            }
            let _ = Var::new(0f64, &Device::Cpu);
        }
    }

    #[test]
    fn grids_have_the_right_shape_and_range() {
        let mut t = Trainer::new(config(DatasetKind::Circle)).unwrap();
        let v = t.view(10, 4).unwrap();
        assert_eq!(v.boundary.values.len(), 100);
        assert!(v.boundary.values.iter().all(|p| (0.0..=1.0).contains(p)));
        let widths: Vec<usize> = v.neurons.iter().map(|l| l.len()).collect();
        assert_eq!(widths, vec![2, 4, 4, 1]);
        // The first input neuron is x: it grows from left to right in every row.
        let x = &v.neurons[0][0].values;
        assert!(x[0] < x[3] && (x[0] + 4.5).abs() < 1e-5);
        // The output thumbnail is the boundary at a coarser resolution.
        let coarse = t.boundary(4).unwrap();
        assert_eq!(coarse.values, v.neurons[3][0].values);
        assert_eq!(v.weights.iter().map(|w| (w.inputs, w.outputs)).collect::<Vec<_>>(), vec![(2, 4), (4, 4), (4, 1)]);
    }

    #[test]
    fn learning_rate_changes_without_a_reset() {
        let mut t = Trainer::new(config(DatasetKind::Circle)).unwrap();
        t.train_epoch().unwrap();
        let mut c = t.config().clone();
        c.optimizer.lr = 0.1;
        c.batch_size = 25;
        assert!(!t.config().needs_rebuild(&c));
        t.update_live(&c);
        assert_eq!(t.epoch(), 1);
        assert_eq!(t.config().optimizer.lr, 0.1);
        c.model.hidden = vec![2];
        assert!(t.config().needs_rebuild(&c));
    }

    #[test]
    fn a_huge_learning_rate_diverges_without_panicking() {
        let mut c = config(DatasetKind::Spiral);
        c.model.activation = Activation::Linear;
        c.optimizer.lr = 1e6;
        let mut t = Trainer::new(c).unwrap();
        let finite = (0..20).map(|_| t.train_epoch().unwrap()).all(|s| s.is_finite());
        assert!(!finite, "lr 1e6 with a linear network should overflow");
    }
}
