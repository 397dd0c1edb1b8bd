//! Optimizers. The foundation ships plain SGD (Candle's); the training-chapter issue adds
//! momentum, RMSprop, Adagrad, Adadelta and Adam as further `OptimizerKind`s, each a
//! `candle_nn::Optimizer` implementation.

use candle_core::{Result, Tensor, Var};
use candle_nn::Optimizer as _;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OptimizerKind {
    Sgd,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OptimizerConfig {
    pub kind: OptimizerKind,
    pub lr: f64,
}

/// The closed set of optimizers, so the trainer needs no trait objects
/// (`candle_nn::Optimizer` is not object safe).
pub enum Optimizer {
    Sgd(candle_nn::SGD),
}

impl Optimizer {
    pub fn new(cfg: &OptimizerConfig, vars: Vec<Var>) -> Result<Optimizer> {
        Ok(match cfg.kind {
            OptimizerKind::Sgd => Optimizer::Sgd(candle_nn::SGD::new(vars, cfg.lr)?),
        })
    }

    pub fn backward_step(&mut self, loss: &Tensor) -> Result<()> {
        match self {
            Optimizer::Sgd(o) => o.backward_step(loss),
        }
    }

    pub fn set_learning_rate(&mut self, lr: f64) {
        match self {
            Optimizer::Sgd(o) => o.set_learning_rate(lr),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::Device;

    #[test]
    fn sgd_steps_on_a_quadratic() {
        // f(w) = w², f'(w) = 2w; w ← w − 0.1·2w = 0.8w: 1 → 0.8 → 0.64 → 0.512.
        let w = Var::new(&[1.0f64], &Device::Cpu).unwrap();
        let mut o = Optimizer::new(&OptimizerConfig { kind: OptimizerKind::Sgd, lr: 0.1 }, vec![w.clone()]).unwrap();
        for _ in 0..3 {
            let loss = w.as_tensor().sqr().unwrap().sum_all().unwrap();
            o.backward_step(&loss).unwrap();
        }
        assert!((w.to_vec1::<f64>().unwrap()[0] - 0.512).abs() < 1e-12);
        o.set_learning_rate(0.5); // w ← w − 0.5·2w = 0
        let loss = w.as_tensor().sqr().unwrap().sum_all().unwrap();
        o.backward_step(&loss).unwrap();
        assert!(w.to_vec1::<f64>().unwrap()[0].abs() < 1e-12);
    }
}
