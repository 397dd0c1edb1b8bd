//! Optimizers, each a `candle_nn::Optimizer` implementation, following PyTorch's
//! `torch.optim` documentation. INTERFACE STUB: only plain SGD works; the rest is being
//! written (see the optimizer helper's task).

use candle_core::backprop::GradStore;
use candle_core::{Result, Tensor, Var};
use candle_nn::Optimizer as _;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OptimizerKind {
    Sgd,
    Momentum,
    Nesterov,
    Rmsprop,
    Adagrad,
    Adadelta,
    Adam,
    Adamw,
}

impl OptimizerKind {
    pub const ALL: [OptimizerKind; 8] = [
        OptimizerKind::Sgd,
        OptimizerKind::Momentum,
        OptimizerKind::Nesterov,
        OptimizerKind::Rmsprop,
        OptimizerKind::Adagrad,
        OptimizerKind::Adadelta,
        OptimizerKind::Adam,
        OptimizerKind::Adamw,
    ];

    /// The command line's and the URL's name.
    pub fn name(self) -> &'static str {
        match self {
            OptimizerKind::Sgd => "sgd",
            OptimizerKind::Momentum => "momentum",
            OptimizerKind::Nesterov => "nesterov",
            OptimizerKind::Rmsprop => "rmsprop",
            OptimizerKind::Adagrad => "adagrad",
            OptimizerKind::Adadelta => "adadelta",
            OptimizerKind::Adam => "adam",
            OptimizerKind::Adamw => "adamw",
        }
    }

    pub fn from_name(name: &str) -> Option<OptimizerKind> {
        OptimizerKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// Every hyperparameter of every optimizer; each optimizer reads the ones it has.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OptimizerConfig {
    pub kind: OptimizerKind,
    pub lr: f64,
    /// SGD's momentum (Momentum, Nesterov) and RMSprop's momentum.
    pub momentum: f64,
    /// Adam's and AdamW's β₁, β₂.
    pub beta1: f64,
    pub beta2: f64,
    /// Adadelta's ρ, and RMSprop's smoothing constant α.
    pub rho: f64,
    pub eps: f64,
    pub weight_decay: f64,
    /// RMSprop: normalize by the centered second moment.
    pub centered: bool,
}

impl OptimizerConfig {
    /// PyTorch's default hyperparameters for `kind` (momentum 0.9 for Momentum and
    /// Nesterov), with learning rate `lr`.
    pub fn defaults(kind: OptimizerKind, lr: f64) -> OptimizerConfig {
        OptimizerConfig { kind, lr, momentum: 0.0, beta1: 0.9, beta2: 0.999, rho: 0.9, eps: 1e-8, weight_decay: 0.0, centered: false }
    }
}

/// The closed set of optimizers, so the trainer needs no trait objects
/// (`candle_nn::Optimizer` is not object safe).
pub enum Optimizer {
    Sgd(candle_nn::SGD),
}

impl Optimizer {
    pub fn new(cfg: &OptimizerConfig, vars: Vec<Var>) -> Result<Optimizer> {
        match cfg.kind {
            OptimizerKind::Sgd => Ok(Optimizer::Sgd(candle_nn::SGD::new(vars, cfg.lr)?)),
            _ => candle_core::bail!("not yet"),
        }
    }

    pub fn step(&mut self, grads: &GradStore) -> Result<()> {
        match self {
            Optimizer::Sgd(o) => o.step(grads),
        }
    }

    pub fn backward_step(&mut self, loss: &Tensor) -> Result<()> {
        let grads = loss.backward()?;
        self.step(&grads)
    }

    pub fn learning_rate(&self) -> f64 {
        match self {
            Optimizer::Sgd(o) => o.learning_rate(),
        }
    }

    pub fn set_learning_rate(&mut self, lr: f64) {
        match self {
            Optimizer::Sgd(o) => o.set_learning_rate(lr),
        }
    }

    /// Takes new hyperparameters mid-run, keeping the optimizer's state (same kind only;
    /// the trainer rebuilds the optimizer when the kind changes).
    pub fn set_config(&mut self, cfg: &OptimizerConfig) {
        self.set_learning_rate(cfg.lr);
    }
}
