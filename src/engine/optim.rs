//! Optimizers, each a `candle_nn::Optimizer` implementation, following PyTorch's
//! `torch.optim` documentation (the pseudo-code on each class's page; `maximize`,
//! `foreach`, `amsgrad` and friends at their defaults).
//!
//! Conventions shared by all of them, as in PyTorch:
//! - a var without a gradient in the `GradStore` is skipped: neither it nor its state
//!   changes (and, for Adam, its step count does not advance);
//! - state is per var, created lazily at the var's first update, with the var's dtype
//!   and device;
//! - "weight decay" is the coupled L2 penalty g ← g + λθ, except in AdamW, which decays
//!   the weights directly (θ ← θ − γλθ).
//!
//! The arithmetic runs on detached tensors, so no autograd graph grows across steps, and
//! stays on the device (no host round-trips).

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
    /// Nesterov), with learning rate `lr`. Fields the optimizer does not read keep
    /// harmless values (β = (0.9, 0.999), ρ = 0.9, ε = 1e-8, no momentum, no decay).
    pub fn defaults(kind: OptimizerKind, lr: f64) -> OptimizerConfig {
        let base = OptimizerConfig {
            kind,
            lr,
            momentum: 0.0,
            beta1: 0.9,
            beta2: 0.999,
            rho: 0.9,
            eps: 1e-8,
            weight_decay: 0.0,
            centered: false,
        };
        match kind {
            // torch.optim.SGD: momentum 0, dampening 0, weight_decay 0, nesterov False.
            OptimizerKind::Sgd => base,
            // Our choice for the two momentum variants of torch.optim.SGD.
            OptimizerKind::Momentum | OptimizerKind::Nesterov => OptimizerConfig { momentum: 0.9, ..base },
            // torch.optim.RMSprop: alpha 0.99, eps 1e-8, weight_decay 0, momentum 0, centered False.
            OptimizerKind::Rmsprop => OptimizerConfig { rho: 0.99, eps: 1e-8, ..base },
            // torch.optim.Adagrad: lr_decay 0, weight_decay 0, initial_accumulator_value 0, eps 1e-10.
            OptimizerKind::Adagrad => OptimizerConfig { eps: 1e-10, ..base },
            // torch.optim.Adadelta: rho 0.9, eps 1e-6, weight_decay 0.
            OptimizerKind::Adadelta => OptimizerConfig { rho: 0.9, eps: 1e-6, ..base },
            // torch.optim.Adam: betas (0.9, 0.999), eps 1e-8, weight_decay 0.
            OptimizerKind::Adam => base,
            // torch.optim.AdamW: as Adam, but weight_decay 0.01.
            OptimizerKind::Adamw => OptimizerConfig { weight_decay: 0.01, ..base },
        }
    }

    /// The checks PyTorch's constructors make, for the fields `kind` reads: a finite
    /// lr ≥ 0, ε ≥ 0, momentum ≥ 0, weight decay ≥ 0, β₁, β₂ in [0, 1), ρ (α) in [0, 1].
    /// `Optimizer::new` calls it; `set_config` trusts its caller.
    pub fn validate(&self) -> Result<()> {
        fn check(ok: bool, what: &str, value: f64) -> Result<()> {
            if ok {
                Ok(())
            } else {
                candle_core::bail!("invalid {what}: {value}")
            }
        }
        let nonneg = |x: f64| x.is_finite() && x >= 0.0;
        check(nonneg(self.lr), "learning rate", self.lr)?;
        check(nonneg(self.eps), "epsilon", self.eps)?;
        check(nonneg(self.weight_decay), "weight decay", self.weight_decay)?;
        match self.kind {
            OptimizerKind::Sgd | OptimizerKind::Adagrad => {}
            OptimizerKind::Momentum | OptimizerKind::Nesterov => {
                check(nonneg(self.momentum), "momentum", self.momentum)?;
            }
            OptimizerKind::Rmsprop | OptimizerKind::Adadelta => {
                check(nonneg(self.momentum), "momentum", self.momentum)?;
                check((0.0..=1.0).contains(&self.rho), "rho (alpha)", self.rho)?;
            }
            OptimizerKind::Adam | OptimizerKind::Adamw => {
                check((0.0..1.0).contains(&self.beta1), "beta1", self.beta1)?;
                check((0.0..1.0).contains(&self.beta2), "beta2", self.beta2)?;
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// Shared helpers.

/// Float vars only, as candle-nn's optimizers do.
fn float_vars(vars: Vec<Var>) -> Vec<Var> {
    vars.into_iter().filter(|v| v.dtype().is_float()).collect()
}

fn check_kind(cfg: &OptimizerConfig, allowed: &[OptimizerKind], name: &str) -> Result<()> {
    if !allowed.contains(&cfg.kind) {
        candle_core::bail!("{name} cannot run optimizer kind {}", cfg.kind.name())
    }
    cfg.validate()
}

/// `cfg` with `kind` kept: a struct's algorithm is fixed at construction.
fn same_kind(kind: OptimizerKind, cfg: &OptimizerConfig) -> OptimizerConfig {
    OptimizerConfig { kind, ..cfg.clone() }
}

/// The detached value of `var` and its detached gradient, or `None` without a gradient.
fn value_and_grad(var: &Var, grads: &GradStore) -> Option<(Tensor, Tensor)> {
    grads.get(var).map(|g| (var.as_tensor().detach(), g.detach()))
}

/// Coupled L2 weight decay: g + λθ.
fn decay(g: Tensor, theta: &Tensor, weight_decay: f64) -> Result<Tensor> {
    if weight_decay == 0.0 {
        Ok(g)
    } else {
        theta.affine(weight_decay, 0.0)?.add(&g)
    }
}

/// Exponential moving average βs + (1 − β)x, with a missing `s` standing for zeros.
fn ema(s: Option<&Tensor>, x: &Tensor, beta: f64) -> Result<Tensor> {
    let fresh = x.affine(1.0 - beta, 0.0)?;
    match s {
        Some(s) => s.affine(beta, 0.0)?.add(&fresh),
        None => Ok(fresh),
    }
}

/// θ − γu, written into the var.
fn descend(var: &Var, theta: &Tensor, lr: f64, u: &Tensor) -> Result<()> {
    var.set(&theta.sub(&u.affine(lr, 0.0)?)?)
}

// ---------------------------------------------------------------------------------------
// SGD, with or without (Nesterov) momentum.

#[derive(Debug)]
struct SgdVar {
    var: Var,
    momentum_buffer: Option<Tensor>,
}

/// torch.optim.SGD, <https://pytorch.org/docs/stable/generated/torch.optim.SGD.html>,
/// with dampening τ = 0. For each var with a gradient g:
///
/// ```text
/// g ← g + λθ                            (weight decay λ, if λ ≠ 0)
/// if μ ≠ 0:  b ← μb + (1 − τ)g           (b ← g on the var's first step)
///            g ← g + μb   (Nesterov)    else   g ← b
/// θ ← θ − γg
/// ```
///
/// Kind `Sgd` runs without momentum (μ = 0 whatever the config says), `Momentum` with
/// μ = `momentum`, `Nesterov` with μ = `momentum` and the Nesterov look-ahead.
#[derive(Debug)]
pub struct Sgd {
    vars: Vec<SgdVar>,
    cfg: OptimizerConfig,
}

impl Sgd {
    pub fn config(&self) -> &OptimizerConfig {
        &self.cfg
    }

    /// New hyperparameters, keeping the momentum buffers (the kind stays).
    pub fn set_config(&mut self, cfg: &OptimizerConfig) {
        self.cfg = same_kind(self.cfg.kind, cfg);
    }

    fn momentum(&self) -> f64 {
        match self.cfg.kind {
            OptimizerKind::Sgd => 0.0,
            _ => self.cfg.momentum,
        }
    }
}

impl candle_nn::Optimizer for Sgd {
    type Config = OptimizerConfig;

    fn new(vars: Vec<Var>, cfg: OptimizerConfig) -> Result<Self> {
        use OptimizerKind::*;
        check_kind(&cfg, &[Sgd, Momentum, Nesterov], "Sgd")?;
        let vars = float_vars(vars).into_iter().map(|var| SgdVar { var, momentum_buffer: None }).collect();
        Ok(Self { vars, cfg })
    }

    fn step(&mut self, grads: &GradStore) -> Result<()> {
        let (lr, wd, mu) = (self.cfg.lr, self.cfg.weight_decay, self.momentum());
        let nesterov = self.cfg.kind == OptimizerKind::Nesterov;
        for s in self.vars.iter_mut() {
            let Some((theta, g)) = value_and_grad(&s.var, grads) else { continue };
            let mut g = decay(g, &theta, wd)?;
            if mu != 0.0 {
                let b = match &s.momentum_buffer {
                    Some(b) => b.affine(mu, 0.0)?.add(&g)?,
                    None => g.clone(),
                };
                g = if nesterov { b.affine(mu, 0.0)?.add(&g)? } else { b.clone() };
                s.momentum_buffer = Some(b);
            }
            descend(&s.var, &theta, lr, &g)?;
        }
        Ok(())
    }

    fn learning_rate(&self) -> f64 {
        self.cfg.lr
    }

    fn set_learning_rate(&mut self, lr: f64) {
        self.cfg.lr = lr
    }
}

// ---------------------------------------------------------------------------------------
// RMSprop.

#[derive(Debug)]
struct RmsPropVar {
    var: Var,
    square_avg: Option<Tensor>,
    grad_avg: Option<Tensor>,
    momentum_buffer: Option<Tensor>,
}

/// torch.optim.RMSprop, <https://pytorch.org/docs/stable/generated/torch.optim.RMSprop.html>.
/// The smoothing constant α is `rho`. For each var with a gradient g:
///
/// ```text
/// g ← g + λθ                            (weight decay λ, if λ ≠ 0)
/// v ← αv + (1 − α)g²
/// ṽ ← v;  if centered:  gᵃᵛᵉ ← αgᵃᵛᵉ + (1 − α)g,  ṽ ← v − (gᵃᵛᵉ)²
/// if μ > 0:  b ← μb + g/(√ṽ + ε),  θ ← θ − γb
/// else:      θ ← θ − γ g/(√ṽ + ε)
/// ```
///
/// v, gᵃᵛᵉ and b start at zero. ṽ is clamped at 0 before the square root: it is never
/// negative in exact arithmetic, only by rounding.
#[derive(Debug)]
pub struct RmsProp {
    vars: Vec<RmsPropVar>,
    cfg: OptimizerConfig,
}

impl RmsProp {
    pub fn config(&self) -> &OptimizerConfig {
        &self.cfg
    }

    /// New hyperparameters, keeping v, gᵃᵛᵉ and b (the kind stays).
    pub fn set_config(&mut self, cfg: &OptimizerConfig) {
        self.cfg = same_kind(self.cfg.kind, cfg);
    }
}

impl candle_nn::Optimizer for RmsProp {
    type Config = OptimizerConfig;

    fn new(vars: Vec<Var>, cfg: OptimizerConfig) -> Result<Self> {
        check_kind(&cfg, &[OptimizerKind::Rmsprop], "RmsProp")?;
        let vars = float_vars(vars)
            .into_iter()
            .map(|var| RmsPropVar { var, square_avg: None, grad_avg: None, momentum_buffer: None })
            .collect();
        Ok(Self { vars, cfg })
    }

    fn step(&mut self, grads: &GradStore) -> Result<()> {
        let c = &self.cfg;
        let (lr, alpha, eps, mu) = (c.lr, c.rho, c.eps, c.momentum);
        for s in self.vars.iter_mut() {
            let Some((theta, g)) = value_and_grad(&s.var, grads) else { continue };
            let g = decay(g, &theta, c.weight_decay)?;
            let v = ema(s.square_avg.as_ref(), &g.sqr()?, alpha)?;
            let denom = if c.centered {
                let ga = ema(s.grad_avg.as_ref(), &g, alpha)?;
                let centered = v.sub(&ga.sqr()?)?.relu()?;
                s.grad_avg = Some(ga);
                centered
            } else {
                v.clone()
            };
            let u = g.div(&denom.sqrt()?.affine(1.0, eps)?)?;
            s.square_avg = Some(v);
            if mu > 0.0 {
                let b = match &s.momentum_buffer {
                    Some(b) => b.affine(mu, 0.0)?.add(&u)?,
                    None => u,
                };
                descend(&s.var, &theta, lr, &b)?;
                s.momentum_buffer = Some(b);
            } else {
                descend(&s.var, &theta, lr, &u)?;
            }
        }
        Ok(())
    }

    fn learning_rate(&self) -> f64 {
        self.cfg.lr
    }

    fn set_learning_rate(&mut self, lr: f64) {
        self.cfg.lr = lr
    }
}

// ---------------------------------------------------------------------------------------
// Adagrad.

#[derive(Debug)]
struct AdagradVar {
    var: Var,
    state_sum: Option<Tensor>,
}

/// torch.optim.Adagrad, <https://pytorch.org/docs/stable/generated/torch.optim.Adagrad.html>,
/// with lr_decay 0 and initial_accumulator_value 0. For each var with a gradient g:
///
/// ```text
/// g ← g + λθ                            (weight decay λ, if λ ≠ 0)
/// s ← s + g²                            (s starts at 0)
/// θ ← θ − γ g/(√s + ε)
/// ```
#[derive(Debug)]
pub struct Adagrad {
    vars: Vec<AdagradVar>,
    cfg: OptimizerConfig,
}

impl Adagrad {
    pub fn config(&self) -> &OptimizerConfig {
        &self.cfg
    }

    /// New hyperparameters, keeping the sums of squares (the kind stays).
    pub fn set_config(&mut self, cfg: &OptimizerConfig) {
        self.cfg = same_kind(self.cfg.kind, cfg);
    }
}

impl candle_nn::Optimizer for Adagrad {
    type Config = OptimizerConfig;

    fn new(vars: Vec<Var>, cfg: OptimizerConfig) -> Result<Self> {
        check_kind(&cfg, &[OptimizerKind::Adagrad], "Adagrad")?;
        let vars = float_vars(vars).into_iter().map(|var| AdagradVar { var, state_sum: None }).collect();
        Ok(Self { vars, cfg })
    }

    fn step(&mut self, grads: &GradStore) -> Result<()> {
        let c = &self.cfg;
        for s in self.vars.iter_mut() {
            let Some((theta, g)) = value_and_grad(&s.var, grads) else { continue };
            let g = decay(g, &theta, c.weight_decay)?;
            let g2 = g.sqr()?;
            let sum = match &s.state_sum {
                Some(sum) => sum.add(&g2)?,
                None => g2,
            };
            let u = g.div(&sum.sqrt()?.affine(1.0, c.eps)?)?;
            s.state_sum = Some(sum);
            descend(&s.var, &theta, c.lr, &u)?;
        }
        Ok(())
    }

    fn learning_rate(&self) -> f64 {
        self.cfg.lr
    }

    fn set_learning_rate(&mut self, lr: f64) {
        self.cfg.lr = lr
    }
}

// ---------------------------------------------------------------------------------------
// Adadelta.

#[derive(Debug)]
struct AdadeltaVar {
    var: Var,
    square_avg: Option<Tensor>,
    acc_delta: Option<Tensor>,
}

/// torch.optim.Adadelta, <https://pytorch.org/docs/stable/generated/torch.optim.Adadelta.html>.
/// For each var with a gradient g:
///
/// ```text
/// g  ← g + λθ                           (weight decay λ, if λ ≠ 0)
/// v  ← ρv + (1 − ρ)g²
/// Δx ← √(u + ε)/√(v + ε) · g
/// u  ← ρu + (1 − ρ)Δx²
/// θ  ← θ − γΔx
/// ```
///
/// v and u start at zero. PyTorch's default learning rate for it is 1.0.
#[derive(Debug)]
pub struct Adadelta {
    vars: Vec<AdadeltaVar>,
    cfg: OptimizerConfig,
}

impl Adadelta {
    pub fn config(&self) -> &OptimizerConfig {
        &self.cfg
    }

    /// New hyperparameters, keeping v and u (the kind stays).
    pub fn set_config(&mut self, cfg: &OptimizerConfig) {
        self.cfg = same_kind(self.cfg.kind, cfg);
    }
}

impl candle_nn::Optimizer for Adadelta {
    type Config = OptimizerConfig;

    fn new(vars: Vec<Var>, cfg: OptimizerConfig) -> Result<Self> {
        check_kind(&cfg, &[OptimizerKind::Adadelta], "Adadelta")?;
        let vars = float_vars(vars)
            .into_iter()
            .map(|var| AdadeltaVar { var, square_avg: None, acc_delta: None })
            .collect();
        Ok(Self { vars, cfg })
    }

    fn step(&mut self, grads: &GradStore) -> Result<()> {
        let c = &self.cfg;
        let (rho, eps) = (c.rho, c.eps);
        for s in self.vars.iter_mut() {
            let Some((theta, g)) = value_and_grad(&s.var, grads) else { continue };
            let g = decay(g, &theta, c.weight_decay)?;
            let v = ema(s.square_avg.as_ref(), &g.sqr()?, rho)?;
            let std = v.affine(1.0, eps)?.sqrt()?;
            let dx = match &s.acc_delta {
                Some(u) => u.affine(1.0, eps)?.sqrt()?.div(&std)?.mul(&g)?,
                None => g.div(&std)?.affine(eps.sqrt(), 0.0)?,
            };
            let u = ema(s.acc_delta.as_ref(), &dx.sqr()?, rho)?;
            s.square_avg = Some(v);
            s.acc_delta = Some(u);
            descend(&s.var, &theta, c.lr, &dx)?;
        }
        Ok(())
    }

    fn learning_rate(&self) -> f64 {
        self.cfg.lr
    }

    fn set_learning_rate(&mut self, lr: f64) {
        self.cfg.lr = lr
    }
}

// ---------------------------------------------------------------------------------------
// Adam and AdamW.

#[derive(Debug)]
struct AdamVar {
    var: Var,
    /// The var's own step count t (vars skipped for want of a gradient do not count it).
    step: u64,
    exp_avg: Option<Tensor>,
    exp_avg_sq: Option<Tensor>,
}

/// torch.optim.Adam, <https://pytorch.org/docs/stable/generated/torch.optim.Adam.html>,
/// and, with `decoupled`, torch.optim.AdamW,
/// <https://pytorch.org/docs/stable/generated/torch.optim.AdamW.html> (amsgrad off).
/// For each var with a gradient g, at its step t = 1, 2, …:
///
/// ```text
/// Adam:  g ← g + λθ                     (weight decay λ, if λ ≠ 0)
/// AdamW: θ ← θ − γλθ
/// m ← β₁m + (1 − β₁)g
/// v ← β₂v + (1 − β₂)g²
/// m̂ ← m/(1 − β₁ᵗ),  v̂ ← v/(1 − β₂ᵗ)
/// θ ← θ − γ m̂/(√v̂ + ε)
/// ```
///
/// m and v start at zero. Kind `Adam` is coupled, `Adamw` decoupled.
#[derive(Debug)]
pub struct Adam {
    vars: Vec<AdamVar>,
    cfg: OptimizerConfig,
    decoupled: bool,
}

impl Adam {
    pub fn config(&self) -> &OptimizerConfig {
        &self.cfg
    }

    /// Whether weight decay is decoupled (AdamW).
    pub fn decoupled(&self) -> bool {
        self.decoupled
    }

    /// New hyperparameters, keeping m, v and the step counts (the kind stays).
    pub fn set_config(&mut self, cfg: &OptimizerConfig) {
        self.cfg = same_kind(self.cfg.kind, cfg);
    }
}

impl candle_nn::Optimizer for Adam {
    type Config = OptimizerConfig;

    fn new(vars: Vec<Var>, cfg: OptimizerConfig) -> Result<Self> {
        check_kind(&cfg, &[OptimizerKind::Adam, OptimizerKind::Adamw], "Adam")?;
        let vars = float_vars(vars)
            .into_iter()
            .map(|var| AdamVar { var, step: 0, exp_avg: None, exp_avg_sq: None })
            .collect();
        let decoupled = cfg.kind == OptimizerKind::Adamw;
        Ok(Self { vars, cfg, decoupled })
    }

    fn step(&mut self, grads: &GradStore) -> Result<()> {
        let c = &self.cfg;
        let (lr, wd, b1, b2) = (c.lr, c.weight_decay, c.beta1, c.beta2);
        for s in self.vars.iter_mut() {
            let Some((theta, g)) = value_and_grad(&s.var, grads) else { continue };
            let (theta_decayed, g) = if self.decoupled {
                let t = if wd == 0.0 { theta.clone() } else { theta.affine(1.0 - lr * wd, 0.0)? };
                (t, g)
            } else {
                let g = decay(g, &theta, wd)?;
                (theta.clone(), g)
            };
            let t = s.step + 1;
            let m = ema(s.exp_avg.as_ref(), &g, b1)?;
            let v = ema(s.exp_avg_sq.as_ref(), &g.sqr()?, b2)?;
            // As PyTorch computes it: m/(1 − β₁ᵗ) / (√v/√(1 − β₂ᵗ) + ε), the same as m̂/(√v̂ + ε).
            let bias_correction1 = 1.0 - b1.powf(t as f64);
            let bias_correction2 = 1.0 - b2.powf(t as f64);
            let denom = v.sqrt()?.affine(1.0 / bias_correction2.sqrt(), c.eps)?;
            let u = m.div(&denom)?;
            descend(&s.var, &theta_decayed, lr / bias_correction1, &u)?;
            s.step = t;
            s.exp_avg = Some(m);
            s.exp_avg_sq = Some(v);
        }
        Ok(())
    }

    fn learning_rate(&self) -> f64 {
        self.cfg.lr
    }

    fn set_learning_rate(&mut self, lr: f64) {
        self.cfg.lr = lr
    }
}

// ---------------------------------------------------------------------------------------
// The closed set.

/// The closed set of optimizers, so the trainer needs no trait objects
/// (`candle_nn::Optimizer` is not object safe).
#[derive(Debug)]
pub enum Optimizer {
    /// Kinds Sgd, Momentum, Nesterov.
    Sgd(Sgd),
    RmsProp(RmsProp),
    Adagrad(Adagrad),
    Adadelta(Adadelta),
    /// Kinds Adam, Adamw.
    Adam(Adam),
}

macro_rules! each {
    ($self:expr, $o:ident => $e:expr) => {
        match $self {
            Optimizer::Sgd($o) => $e,
            Optimizer::RmsProp($o) => $e,
            Optimizer::Adagrad($o) => $e,
            Optimizer::Adadelta($o) => $e,
            Optimizer::Adam($o) => $e,
        }
    };
}

impl Optimizer {
    /// The optimizer `cfg.kind` over `vars` (non-float vars are left out), after
    /// `cfg.validate()`.
    pub fn new(cfg: &OptimizerConfig, vars: Vec<Var>) -> Result<Optimizer> {
        let c = cfg.clone();
        Ok(match cfg.kind {
            OptimizerKind::Sgd | OptimizerKind::Momentum | OptimizerKind::Nesterov => Optimizer::Sgd(Sgd::new(vars, c)?),
            OptimizerKind::Rmsprop => Optimizer::RmsProp(RmsProp::new(vars, c)?),
            OptimizerKind::Adagrad => Optimizer::Adagrad(Adagrad::new(vars, c)?),
            OptimizerKind::Adadelta => Optimizer::Adadelta(Adadelta::new(vars, c)?),
            OptimizerKind::Adam | OptimizerKind::Adamw => Optimizer::Adam(Adam::new(vars, c)?),
        })
    }

    pub fn step(&mut self, grads: &GradStore) -> Result<()> {
        each!(self, o => o.step(grads))
    }

    pub fn backward_step(&mut self, loss: &Tensor) -> Result<()> {
        let grads = loss.backward()?;
        self.step(&grads)
    }

    pub fn learning_rate(&self) -> f64 {
        each!(self, o => o.learning_rate())
    }

    pub fn set_learning_rate(&mut self, lr: f64) {
        each!(self, o => o.set_learning_rate(lr))
    }

    pub fn kind(&self) -> OptimizerKind {
        self.config().kind
    }

    /// The hyperparameters in use.
    pub fn config(&self) -> &OptimizerConfig {
        each!(self, o => o.config())
    }

    /// Takes new hyperparameters mid-run (lr, momentum, betas, rho, eps, weight decay,
    /// centered), keeping the optimizer's state (same kind only: `cfg.kind` is ignored
    /// and the optimizer keeps its own; the trainer rebuilds the optimizer when the kind
    /// changes). No validation here: call `cfg.validate()` first.
    pub fn set_config(&mut self, cfg: &OptimizerConfig) {
        each!(self, o => o.set_config(cfg))
    }
}

/// PyTorch's parameter groups: one optimizer per group of vars, each at the rate it is
/// given times the group's own scale. Transfer learning's: frozen layers in no group (never
/// updated), transferred layers at `base_lr_scale`, the rest at the full rate. Groups of
/// equal scale are one optimizer, so a run without transfer has exactly one.
pub struct Groups {
    groups: Vec<(Optimizer, f64)>,
}

impl Groups {
    /// `groups`: (vars, scale of the rate); empty groups are left out.
    pub fn new(cfg: &OptimizerConfig, groups: Vec<(Vec<Var>, f64)>) -> Result<Groups> {
        let mut merged: Vec<(Vec<Var>, f64)> = Vec::new();
        for (vars, scale) in groups.into_iter().filter(|(v, _)| !v.is_empty()) {
            match merged.iter_mut().find(|(_, s)| *s == scale) {
                Some((all, _)) => all.extend(vars),
                None => merged.push((vars, scale)),
            }
        }
        let groups = merged
            .into_iter()
            .map(|(vars, scale)| Ok((Optimizer::new(&OptimizerConfig { lr: cfg.lr * scale, ..cfg.clone() }, vars)?, scale)))
            .collect::<Result<Vec<_>>>()?;
        Ok(Groups { groups })
    }

    pub fn step(&mut self, grads: &GradStore) -> Result<()> {
        self.groups.iter_mut().try_for_each(|(o, _)| o.step(grads))
    }

    /// Every group at `lr` times its scale.
    pub fn set_learning_rate(&mut self, lr: f64) {
        for (o, scale) in &mut self.groups {
            o.set_learning_rate(lr * *scale);
        }
    }

    /// New hyperparameters for every group (its rate scaled), keeping their state.
    pub fn set_config(&mut self, cfg: &OptimizerConfig) {
        for (o, scale) in &mut self.groups {
            o.set_config(&OptimizerConfig { lr: cfg.lr * *scale, ..cfg.clone() });
        }
    }

    /// Each group's rate scale and var count (for tests and the page's summary).
    pub fn scales(&self) -> Vec<f64> {
        self.groups.iter().map(|(_, s)| *s).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::{DType, Device};

    /* The expected values below were computed independently with this plain-Python
       transcription of the pseudo-code on the torch.optim pages (printed with 10
       decimals and pasted as is):

    # Plain-Python transcription of the torch.optim pseudo-code (docs pages), on
    # f(w) = 0.5*(a1*w1^2 + a2*w2^2) - (b1*w1 + b2*w2), a = (1, 10), b = (1, -2), w0 = (1.5, -0.5).
    import math
    A, B, W0 = (1.0, 10.0), (1.0, -2.0), (1.5, -0.5)

    def grad(w):
        return [a * x - b for a, x, b in zip(A, w, B)]

    def sgd(w, st, h):  # torch.optim.SGD, dampening 0
        g = grad(w)
        g = [gi + h["wd"] * wi for gi, wi in zip(g, w)]
        if h["mu"] != 0:
            if "b" in st:
                st["b"] = [h["mu"] * bi + gi for bi, gi in zip(st["b"], g)]
            else:
                st["b"] = list(g)
            if h["nesterov"]:
                g = [gi + h["mu"] * bi for gi, bi in zip(g, st["b"])]
            else:
                g = st["b"]
        return [wi - h["lr"] * gi for wi, gi in zip(w, g)]

    def rmsprop(w, st, h):  # torch.optim.RMSprop
        g = grad(w)
        g = [gi + h["wd"] * wi for gi, wi in zip(g, w)]
        al = h["alpha"]
        st["v"] = [al * vi + (1 - al) * gi * gi for vi, gi in zip(st.get("v", [0.0, 0.0]), g)]
        vt = st["v"]
        if h["centered"]:
            st["ga"] = [al * ai + (1 - al) * gi for ai, gi in zip(st.get("ga", [0.0, 0.0]), g)]
            vt = [vi - ai * ai for vi, ai in zip(vt, st["ga"])]
        if h["mu"] > 0:
            st["b"] = [h["mu"] * bi + gi / (math.sqrt(vi) + h["eps"])
                       for bi, gi, vi in zip(st.get("b", [0.0, 0.0]), g, vt)]
            return [wi - h["lr"] * bi for wi, bi in zip(w, st["b"])]
        return [wi - h["lr"] * gi / (math.sqrt(vi) + h["eps"]) for wi, gi, vi in zip(w, g, vt)]

    def adagrad(w, st, h):  # torch.optim.Adagrad, lr_decay 0, initial_accumulator_value 0
        g = grad(w)
        g = [gi + h["wd"] * wi for gi, wi in zip(g, w)]
        st["s"] = [si + gi * gi for si, gi in zip(st.get("s", [0.0, 0.0]), g)]
        return [wi - h["lr"] * gi / (math.sqrt(si) + h["eps"]) for wi, gi, si in zip(w, g, st["s"])]

    def adadelta(w, st, h):  # torch.optim.Adadelta
        g = grad(w)
        g = [gi + h["wd"] * wi for gi, wi in zip(g, w)]
        r = h["rho"]
        st["v"] = [r * vi + (1 - r) * gi * gi for vi, gi in zip(st.get("v", [0.0, 0.0]), g)]
        u = st.get("u", [0.0, 0.0])
        dx = [math.sqrt(ui + h["eps"]) / math.sqrt(vi + h["eps"]) * gi for ui, vi, gi in zip(u, st["v"], g)]
        st["u"] = [r * ui + (1 - r) * d * d for ui, d in zip(u, dx)]
        return [wi - h["lr"] * d for wi, d in zip(w, dx)]

    def adam(w, st, h):  # torch.optim.Adam / torch.optim.AdamW (amsgrad False)
        g = grad(w)
        if h["decoupled"]:
            w = [wi - h["lr"] * h["wd"] * wi for wi in w]
        else:
            g = [gi + h["wd"] * wi for gi, wi in zip(g, w)]
        st["t"] = st.get("t", 0) + 1
        t, b1, b2 = st["t"], h["b1"], h["b2"]
        st["m"] = [b1 * mi + (1 - b1) * gi for mi, gi in zip(st.get("m", [0.0, 0.0]), g)]
        st["v"] = [b2 * vi + (1 - b2) * gi * gi for vi, gi in zip(st.get("v", [0.0, 0.0]), g)]
        mh = [mi / (1 - b1 ** t) for mi in st["m"]]
        vh = [vi / (1 - b2 ** t) for vi in st["v"]]
        return [wi - h["lr"] * m / (math.sqrt(v) + h["eps"]) for wi, m, v in zip(w, mh, vh)]

    D = dict(wd=0.0, mu=0.0, nesterov=False, alpha=0.99, eps=1e-8, centered=False,
             rho=0.9, b1=0.9, b2=0.999, decoupled=False)
    CASES = [
        ("sgd", sgd, dict(lr=0.05)),
        ("sgd_weight_decay", sgd, dict(lr=0.05, wd=0.1)),
        ("momentum", sgd, dict(lr=0.05, mu=0.9)),
        ("momentum_weight_decay", sgd, dict(lr=0.05, mu=0.9, wd=0.1)),
        ("nesterov", sgd, dict(lr=0.05, mu=0.9, nesterov=True)),
        ("nesterov_weight_decay", sgd, dict(lr=0.05, mu=0.9, nesterov=True, wd=0.1)),
        ("rmsprop", rmsprop, dict(lr=0.01)),
        ("rmsprop_centered", rmsprop, dict(lr=0.01, centered=True)),
        ("rmsprop_momentum", rmsprop, dict(lr=0.01, mu=0.9)),
        ("rmsprop_centered_momentum_weight_decay", rmsprop, dict(lr=0.01, mu=0.5, centered=True, wd=0.1)),
        ("adagrad", adagrad, dict(lr=0.1, eps=1e-10)),
        ("adagrad_weight_decay", adagrad, dict(lr=0.1, eps=1e-10, wd=0.1)),
        ("adadelta", adadelta, dict(lr=1.0, eps=1e-6)),
        ("adadelta_tuned", adadelta, dict(lr=0.5, rho=0.5, eps=1e-2, wd=0.1)),
        ("adam", adam, dict(lr=0.1)),
        ("adam_weight_decay", adam, dict(lr=0.1, wd=0.1)),
        ("adamw", adam, dict(lr=0.1, wd=0.01, decoupled=True)),
        ("adamw_weight_decay", adam, dict(lr=0.1, wd=0.5, decoupled=True)),
    ]
    for name, f, h in CASES:
        h = {**D, **h}
        w, st = list(W0), {}
        print(name)
        for _ in range(4):
            w = f(w, st, h)
            print("    [%.10f, %.10f]," % tuple(w))

    # set_config mid-run keeps state: 2 steps, new hyperparameters, 2 more steps.
    for name, f, h1, h2 in [
        ("momentum_set_config", sgd, dict(lr=0.05, mu=0.9), dict(lr=0.02, mu=0.5)),
        ("adam_set_config", adam, dict(lr=0.1), dict(lr=0.05, b1=0.8, b2=0.99, wd=0.1)),
        ("rmsprop_set_config", rmsprop, dict(lr=0.01, mu=0.9, centered=True), dict(lr=0.02, alpha=0.9, mu=0.5, centered=True)),
    ]:
        w, st = list(W0), {}
        print(name)
        for i in range(4):
            w = f(w, st, {**D, **(h1 if i < 2 else h2)})
            print("    [%.10f, %.10f]," % tuple(w))

    # set_learning_rate mid-run keeps state: 2 steps at lr 0.05, 2 at lr 0.02.
    for name, f, h in [("momentum_set_learning_rate", sgd, dict(mu=0.9)),
                       ("adam_set_learning_rate", adam, dict())]:
        w, st = list(W0), {}
        print(name)
        for i in range(4):
            w = f(w, st, {**D, **h, "lr": 0.05 if i < 2 else 0.02})
            print("    [%.10f, %.10f]," % tuple(w))

    # Adam's step count is per var: u (scalar, loss 0.5*(u - 3)^2, u0 = 1) first gets a
    # gradient at the third step, so that step is its t = 1 (lr 0.1, default betas).
    u, m, v, t = 1.0, 0.0, 0.0, 0
    print("adam_step_count_is_per_var")
    for _ in range(2):
        g = u - 3.0
        t += 1
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        u = u - 0.1 * (m / (1 - 0.9 ** t)) / (math.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
        print("    %.10f," % u)
    */

    const SGD: [[f64; 2]; 4] = [
        [1.4750000000, -0.3500000000],
        [1.4512500000, -0.2750000000],
        [1.4286875000, -0.2375000000],
        [1.4072531250, -0.2187500000],
    ];
    const SGD_WEIGHT_DECAY: [[f64; 2]; 4] = [
        [1.4675000000, -0.3475000000],
        [1.4367875000, -0.2720125000],
        [1.4077641875, -0.2346461875],
        [1.3803371572, -0.2161498628],
    ];
    const MOMENTUM: [[f64; 2]; 4] = [
        [1.4750000000, -0.3500000000],
        [1.4287500000, -0.1400000000],
        [1.3656875000, 0.0190000000],
        [1.2906468750, 0.0526000000],
    ];
    const MOMENTUM_WEIGHT_DECAY: [[f64; 2]; 4] = [
        [1.4675000000, -0.3475000000],
        [1.4075375000, -0.1347625000],
        [1.3261566875, 0.0247563125],
        [1.2299753384, 0.0558213059],
    ];
    const NESTEROV: [[f64; 2]; 4] = [
        [1.4525000000, -0.2150000000],
        [1.3892625000, -0.0792500000],
        [1.3157313125, -0.0785375000],
        [1.2370755816, -0.1389481250],
    ];
    const NESTEROV_WEIGHT_DECAY: [[f64; 2]; 4] = [
        [1.4382500000, -0.2102500000],
        [1.3566278750, -0.0749901250],
        [1.2625937246, -0.0768618376],
        [1.1631750248, -0.1388804575],
    ];
    const RMSPROP: [[f64; 2]; 4] = [
        [1.4000000200, -0.4000000033],
        [1.3373391919, -0.3443369702],
        [1.2904332424, -0.3068994938],
        [1.2528255465, -0.2800555086],
    ];
    const RMSPROP_CENTERED: [[f64; 2]; 4] = [
        [1.3994962387, -0.3994962218],
        [1.3362588492, -0.3433909963],
        [1.2887601237, -0.3056224378],
        [1.2505754054, -0.2785712852],
    ];
    const RMSPROP_MOMENTUM: [[f64; 2]; 4] = [
        [1.4000000200, -0.4000000033],
        [1.2473392099, -0.2543369732],
        [1.0736573603, -0.1082138280],
        [0.9065464813, -0.0014218792],
    ];
    const RMSPROP_CENTERED_MOMENTUM_WEIGHT_DECAY: [[f64; 2]; 4] = [
        [1.3994962340, -0.3994962218],
        [1.2845499145, -0.2930108496],
        [1.1822183708, -0.2139245833],
        [1.0997188612, -0.1700341520],
    ];
    const ADAGRAD: [[f64; 2]; 4] = [
        [1.4000000000, -0.4000000000],
        [1.3375304953, -0.3445299804],
        [1.2908991768, -0.3073225845],
        [1.2536089816, -0.2806915105],
    ];
    const ADAGRAD_WEIGHT_DECAY: [[f64; 2]; 4] = [
        [1.4000000000, -0.4000000000],
        [1.3360980306, -0.3444042616],
        [1.2875148694, -0.3070311714],
        [1.2479690282, -0.2802187855],
    ];
    const ADADELTA: [[f64; 2]; 4] = [
        [1.4968377856, -0.4968377241],
        [1.4936031921, -0.4936096328],
        [1.4903258671, -0.4903479982],
        [1.4870205908, -0.4870690372],
    ];
    const ADADELTA_TUNED: [[f64; 2]; 4] = [
        [1.4309057796, -0.4293652121],
        [1.3551227737, -0.3559940717],
        [1.2779772707, -0.2904067796],
        [1.2030316132, -0.2408342543],
    ];
    const ADAM: [[f64; 2]; 4] = [
        [1.4000000020, -0.4000000003],
        [1.3011874237, -0.3029647879],
        [1.2048712557, -0.2132889672],
        [1.1129154024, -0.1378173218],
    ];
    const ADAM_WEIGHT_DECAY: [[f64; 2]; 4] = [
        [1.4000000015, -0.4000000003],
        [1.3009044158, -0.3029275139],
        [1.2036348251, -0.2131040955],
        [1.1094409622, -0.1372655799],
    ];
    const ADAMW: [[f64; 2]; 4] = [
        [1.3985000020, -0.3995000003],
        [1.2983188162, -0.3020939093],
        [1.2008044509, -0.2122204859],
        [1.1078815108, -0.1367781096],
    ];
    const ADAMW_WEIGHT_DECAY: [[f64; 2]; 4] = [
        [1.3250000020, -0.3750000003],
        [1.1620088950, -0.2608702416],
        [1.0149862523, -0.1641695041],
        [0.8900080342, -0.0936689600],
    ];
    const MOMENTUM_SET_CONFIG: [[f64; 2]; 4] = [
        [1.4750000000, -0.3500000000],
        [1.4287500000, -0.1400000000],
        [1.4109250000, -0.1100000000],
        [1.3937940000, -0.1130000000],
    ];
    const ADAM_SET_CONFIG: [[f64; 2]; 4] = [
        [1.4000000020, -0.4000000003],
        [1.3011874237, -0.3029647879],
        [1.2439642575, -0.2360791074],
        [1.1887464567, -0.1782753040],
    ];
    const RMSPROP_SET_CONFIG: [[f64; 2]; 4] = [
        [1.3994962387, -0.3994962218],
        [1.2458054640, -0.2529375960],
        [1.0392292226, -0.0775101675],
        [0.9270465540, -0.0362204468],
    ];
    const MOMENTUM_SET_LEARNING_RATE: [[f64; 2]; 4] = [
        [1.4750000000, -0.3500000000],
        [1.4287500000, -0.1400000000],
        [1.4035250000, -0.0764000000],
        [1.3727520000, -0.0438800000],
    ];
    const ADAM_SET_LEARNING_RATE: [[f64; 2]; 4] = [
        [1.4500000010, -0.4500000002],
        [1.4002061159, -0.4004413566],
        [1.3804409251, -0.3809731393],
        [1.3607972199, -0.3617979000],
    ];
    const ADAM_STEP_COUNT_IS_PER_VAR: [f64; 2] = [1.0999999995, 1.1998335134,];

    const A: [f64; 2] = [1.0, 10.0];
    const B: [f64; 2] = [1.0, -2.0];
    const W0: [f64; 2] = [1.5, -0.5];
    const TOL: f64 = 1e-5;

    /// f(w) = 0.5·(a₁w₁² + a₂w₂²) − (b₁w₁ + b₂w₂), whose gradient is a⊙w − b.
    fn quadratic(w: &Var) -> Result<Tensor> {
        let a = Tensor::new(&A, w.device())?.to_dtype(w.dtype())?;
        let b = Tensor::new(&B, w.device())?.to_dtype(w.dtype())?;
        let w = w.as_tensor();
        w.sqr()?.mul(&a)?.affine(0.5, 0.0)?.sub(&w.mul(&b)?)?.sum_all()
    }

    fn config(kind: OptimizerKind, lr: f64, edit: impl FnOnce(&mut OptimizerConfig)) -> OptimizerConfig {
        let mut c = OptimizerConfig::defaults(kind, lr);
        edit(&mut c);
        c
    }

    fn params(w: &Var) -> Result<Vec<f64>> {
        w.as_tensor().to_dtype(DType::F64)?.to_vec1::<f64>()
    }

    fn assert_close(got: &[f64], want: &[f64], tol: f64, what: &str) {
        assert_eq!(got.len(), want.len(), "{what}");
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() <= tol, "{what}: got {got:?}, want {want:?}");
        }
    }

    /// Steps `opt` on the quadratic over `w`, checking w after each step.
    fn follow(opt: &mut Optimizer, w: &Var, want: &[[f64; 2]], tol: f64, what: &str) -> Result<()> {
        for (i, want) in want.iter().enumerate() {
            opt.backward_step(&quadratic(w)?)?;
            assert_close(&params(w)?, want, tol, &format!("{what}, step {}", i + 1));
        }
        Ok(())
    }

    fn check_dtype(cfg: OptimizerConfig, want: &[[f64; 2]], dtype: DType, tol: f64) -> Result<()> {
        let w = Var::from_tensor(&Tensor::new(&W0, &Device::Cpu)?.to_dtype(dtype)?)?;
        let mut opt = Optimizer::new(&cfg, vec![w.clone()])?;
        assert_eq!(opt.kind(), cfg.kind);
        follow(&mut opt, &w, want, tol, &format!("{cfg:?} {dtype:?}"))?;
        assert_eq!(w.dtype(), dtype);
        Ok(())
    }

    fn check(cfg: OptimizerConfig, want: &[[f64; 2]]) -> Result<()> {
        check_dtype(cfg, want, DType::F64, TOL)
    }

    // --- Each kind against the Python reference -------------------------------------

    #[test]
    fn sgd() -> Result<()> {
        check(config(OptimizerKind::Sgd, 0.05, |_| {}), &SGD)
    }

    #[test]
    fn sgd_weight_decay() -> Result<()> {
        check(config(OptimizerKind::Sgd, 0.05, |c| c.weight_decay = 0.1), &SGD_WEIGHT_DECAY)
    }

    #[test]
    fn sgd_kind_ignores_the_momentum_field() -> Result<()> {
        check(config(OptimizerKind::Sgd, 0.05, |c| c.momentum = 0.9), &SGD)
    }

    #[test]
    fn momentum() -> Result<()> {
        check(config(OptimizerKind::Momentum, 0.05, |_| {}), &MOMENTUM)
    }

    #[test]
    fn momentum_weight_decay() -> Result<()> {
        check(config(OptimizerKind::Momentum, 0.05, |c| c.weight_decay = 0.1), &MOMENTUM_WEIGHT_DECAY)
    }

    #[test]
    fn nesterov() -> Result<()> {
        check(config(OptimizerKind::Nesterov, 0.05, |_| {}), &NESTEROV)
    }

    #[test]
    fn nesterov_weight_decay() -> Result<()> {
        check(config(OptimizerKind::Nesterov, 0.05, |c| c.weight_decay = 0.1), &NESTEROV_WEIGHT_DECAY)
    }

    #[test]
    fn rmsprop() -> Result<()> {
        check(config(OptimizerKind::Rmsprop, 0.01, |_| {}), &RMSPROP)
    }

    #[test]
    fn rmsprop_centered() -> Result<()> {
        check(config(OptimizerKind::Rmsprop, 0.01, |c| c.centered = true), &RMSPROP_CENTERED)
    }

    #[test]
    fn rmsprop_momentum() -> Result<()> {
        check(config(OptimizerKind::Rmsprop, 0.01, |c| c.momentum = 0.9), &RMSPROP_MOMENTUM)
    }

    #[test]
    fn rmsprop_centered_momentum_weight_decay() -> Result<()> {
        let cfg = config(OptimizerKind::Rmsprop, 0.01, |c| {
            c.momentum = 0.5;
            c.centered = true;
            c.weight_decay = 0.1;
        });
        check(cfg, &RMSPROP_CENTERED_MOMENTUM_WEIGHT_DECAY)
    }

    #[test]
    fn adagrad() -> Result<()> {
        check(config(OptimizerKind::Adagrad, 0.1, |_| {}), &ADAGRAD)
    }

    #[test]
    fn adagrad_weight_decay() -> Result<()> {
        check(config(OptimizerKind::Adagrad, 0.1, |c| c.weight_decay = 0.1), &ADAGRAD_WEIGHT_DECAY)
    }

    #[test]
    fn adadelta() -> Result<()> {
        check(config(OptimizerKind::Adadelta, 1.0, |_| {}), &ADADELTA)
    }

    #[test]
    fn adadelta_tuned_with_weight_decay() -> Result<()> {
        let cfg = config(OptimizerKind::Adadelta, 0.5, |c| {
            c.rho = 0.5;
            c.eps = 1e-2;
            c.weight_decay = 0.1;
        });
        check(cfg, &ADADELTA_TUNED)
    }

    #[test]
    fn adam() -> Result<()> {
        check(config(OptimizerKind::Adam, 0.1, |_| {}), &ADAM)
    }

    #[test]
    fn adam_weight_decay() -> Result<()> {
        check(config(OptimizerKind::Adam, 0.1, |c| c.weight_decay = 0.1), &ADAM_WEIGHT_DECAY)
    }

    #[test]
    fn adamw() -> Result<()> {
        check(config(OptimizerKind::Adamw, 0.1, |_| {}), &ADAMW)
    }

    #[test]
    fn adamw_weight_decay() -> Result<()> {
        check(config(OptimizerKind::Adamw, 0.1, |c| c.weight_decay = 0.5), &ADAMW_WEIGHT_DECAY)
    }

    #[test]
    fn every_kind_runs_in_f32() -> Result<()> {
        use OptimizerKind::*;
        let cases: [(OptimizerConfig, &[[f64; 2]]); 8] = [
            (config(Sgd, 0.05, |_| {}), &SGD),
            (config(Momentum, 0.05, |_| {}), &MOMENTUM),
            (config(Nesterov, 0.05, |_| {}), &NESTEROV),
            (config(Rmsprop, 0.01, |c| c.centered = true), &RMSPROP_CENTERED),
            (config(Adagrad, 0.1, |_| {}), &ADAGRAD),
            (config(Adadelta, 1.0, |_| {}), &ADADELTA),
            (config(Adam, 0.1, |_| {}), &ADAM),
            (config(Adamw, 0.1, |_| {}), &ADAMW),
        ];
        for (cfg, want) in cases {
            check_dtype(cfg, want, DType::F32, 1e-5)?;
        }
        Ok(())
    }

    // --- The candle_nn::Optimizer implementations themselves -------------------------

    #[test]
    fn structs_implement_candle_optimizer() -> Result<()> {
        fn run<O: candle_nn::Optimizer<Config = OptimizerConfig>>(cfg: OptimizerConfig, want: &[[f64; 2]]) -> Result<()> {
            let w = Var::new(&W0, &Device::Cpu)?;
            let mut opt = O::new(vec![w.clone()], cfg.clone())?;
            assert_eq!(opt.learning_rate(), cfg.lr);
            for want in want {
                opt.backward_step(&quadratic(&w)?)?;
                assert_close(&params(&w)?, want, TOL, "direct");
            }
            Ok(())
        }
        use OptimizerKind::*;
        run::<super::Sgd>(config(Nesterov, 0.05, |_| {}), &NESTEROV)?;
        run::<RmsProp>(config(Rmsprop, 0.01, |c| c.momentum = 0.9), &RMSPROP_MOMENTUM)?;
        run::<super::Adagrad>(config(Adagrad, 0.1, |_| {}), &ADAGRAD)?;
        run::<super::Adadelta>(config(Adadelta, 1.0, |_| {}), &ADADELTA)?;
        run::<super::Adam>(config(Adamw, 0.1, |_| {}), &ADAMW)?;
        let w = Var::new(&W0, &Device::Cpu)?;
        let adam = <super::Adam as candle_nn::Optimizer>::new(vec![w.clone()], config(Adam, 0.1, |_| {}))?;
        let adamw = <super::Adam as candle_nn::Optimizer>::new(vec![w], config(Adamw, 0.1, |_| {}))?;
        assert!(!adam.decoupled() && adamw.decoupled());
        Ok(())
    }

    #[test]
    fn a_struct_refuses_a_kind_it_does_not_run() -> Result<()> {
        use OptimizerKind::*;
        let w = || Var::new(&W0, &Device::Cpu);
        assert!(<super::Sgd as candle_nn::Optimizer>::new(vec![w()?], config(Adam, 0.1, |_| {})).is_err());
        assert!(<RmsProp as candle_nn::Optimizer>::new(vec![w()?], config(Sgd, 0.1, |_| {})).is_err());
        assert!(<super::Adagrad as candle_nn::Optimizer>::new(vec![w()?], config(Adadelta, 0.1, |_| {})).is_err());
        assert!(<super::Adadelta as candle_nn::Optimizer>::new(vec![w()?], config(Adagrad, 0.1, |_| {})).is_err());
        assert!(<super::Adam as candle_nn::Optimizer>::new(vec![w()?], config(Momentum, 0.1, |_| {})).is_err());
        Ok(())
    }

    // --- Configuration ------------------------------------------------------------------

    #[test]
    fn defaults_are_pytorchs() {
        use OptimizerKind::*;
        let d = |k| OptimizerConfig::defaults(k, 0.125);
        for k in OptimizerKind::ALL {
            let c = d(k);
            assert_eq!((c.kind, c.lr), (k, 0.125));
            assert!(c.validate().is_ok(), "{k:?}");
        }
        let s = d(Sgd);
        assert_eq!((s.momentum, s.weight_decay), (0.0, 0.0));
        for k in [Momentum, Nesterov] {
            assert_eq!((d(k).momentum, d(k).weight_decay), (0.9, 0.0));
        }
        let r = d(Rmsprop);
        assert_eq!((r.rho, r.eps, r.momentum, r.centered, r.weight_decay), (0.99, 1e-8, 0.0, false, 0.0));
        let g = d(Adagrad);
        assert_eq!((g.eps, g.weight_decay), (1e-10, 0.0));
        let a = d(Adadelta);
        assert_eq!((a.rho, a.eps, a.weight_decay), (0.9, 1e-6, 0.0));
        let a = d(Adam);
        assert_eq!((a.beta1, a.beta2, a.eps, a.weight_decay), (0.9, 0.999, 1e-8, 0.0));
        let a = d(Adamw);
        assert_eq!((a.beta1, a.beta2, a.eps, a.weight_decay), (0.9, 0.999, 1e-8, 0.01));
    }

    #[test]
    fn names_round_trip() {
        for k in OptimizerKind::ALL {
            assert_eq!(OptimizerKind::from_name(k.name()), Some(k));
        }
        let mut names: Vec<_> = OptimizerKind::ALL.iter().map(|k| k.name()).collect();
        names.dedup();
        assert_eq!(names.len(), 8);
        assert_eq!(OptimizerKind::from_name("lbfgs"), None);
    }

    #[test]
    fn invalid_hyperparameters_are_refused() -> Result<()> {
        use OptimizerKind::*;
        let bad = [
            config(Sgd, -0.1, |_| {}),
            config(Sgd, f64::NAN, |_| {}),
            config(Momentum, 0.1, |c| c.momentum = -0.5),
            config(Rmsprop, 0.1, |c| c.rho = 1.5),
            config(Adagrad, 0.1, |c| c.eps = -1.0),
            config(Adadelta, 0.1, |c| c.weight_decay = -0.1),
            config(Adam, 0.1, |c| c.beta1 = 1.0),
            config(Adamw, 0.1, |c| c.beta2 = -0.1),
        ];
        for cfg in bad {
            assert!(cfg.validate().is_err(), "{cfg:?}");
            assert!(Optimizer::new(&cfg, vec![Var::new(&W0, &Device::Cpu)?]).is_err(), "{cfg:?}");
        }
        // Fields a kind does not read are not checked.
        assert!(config(Sgd, 0.1, |c| c.beta1 = 1.0).validate().is_ok());
        Ok(())
    }

    // --- State survives new hyperparameters ------------------------------------------

    #[test]
    fn set_learning_rate_keeps_state() -> Result<()> {
        for (kind, want) in [(OptimizerKind::Momentum, &MOMENTUM_SET_LEARNING_RATE), (OptimizerKind::Adam, &ADAM_SET_LEARNING_RATE)] {
            let w = Var::new(&W0, &Device::Cpu)?;
            let mut opt = Optimizer::new(&config(kind, 0.05, |_| {}), vec![w.clone()])?;
            follow(&mut opt, &w, &want[..2], TOL, kind.name())?;
            opt.set_learning_rate(0.02);
            assert_eq!(opt.learning_rate(), 0.02);
            assert_eq!(opt.config().lr, 0.02);
            follow(&mut opt, &w, &want[2..], TOL, kind.name())?;
        }
        Ok(())
    }

    #[test]
    fn set_config_keeps_state() -> Result<()> {
        use OptimizerKind::*;
        let cases = [
            (config(Momentum, 0.05, |_| {}), config(Momentum, 0.02, |c| c.momentum = 0.5), &MOMENTUM_SET_CONFIG),
            (
                config(Adam, 0.1, |_| {}),
                config(Adam, 0.05, |c| {
                    c.beta1 = 0.8;
                    c.beta2 = 0.99;
                    c.weight_decay = 0.1;
                }),
                &ADAM_SET_CONFIG,
            ),
            (
                config(Rmsprop, 0.01, |c| {
                    c.momentum = 0.9;
                    c.centered = true;
                }),
                config(Rmsprop, 0.02, |c| {
                    c.rho = 0.9;
                    c.momentum = 0.5;
                    c.centered = true;
                }),
                &RMSPROP_SET_CONFIG,
            ),
        ];
        for (first, second, want) in cases {
            let w = Var::new(&W0, &Device::Cpu)?;
            let mut opt = Optimizer::new(&first, vec![w.clone()])?;
            follow(&mut opt, &w, &want[..2], TOL, "before set_config")?;
            opt.set_config(&second);
            assert_eq!(opt.config(), &second);
            assert_eq!(opt.learning_rate(), second.lr);
            follow(&mut opt, &w, &want[2..], TOL, "after set_config")?;
        }
        Ok(())
    }

    #[test]
    fn set_config_keeps_the_kind() -> Result<()> {
        let w = Var::new(&W0, &Device::Cpu)?;
        let mut opt = Optimizer::new(&config(OptimizerKind::Nesterov, 0.05, |_| {}), vec![w.clone()])?;
        // Same hyperparameters under another kind's name: the optimizer stays Nesterov.
        opt.set_config(&config(OptimizerKind::Sgd, 0.05, |c| c.momentum = 0.9));
        assert_eq!(opt.kind(), OptimizerKind::Nesterov);
        follow(&mut opt, &w, &NESTEROV, TOL, "nesterov after a foreign set_config")
    }

    // --- Vars without a gradient ---------------------------------------------------------

    #[test]
    fn a_var_without_gradient_is_left_alone() -> Result<()> {
        for kind in OptimizerKind::ALL {
            let w = Var::new(&W0, &Device::Cpu)?;
            let idle = Var::new(&[0.75f64, -2.5], &Device::Cpu)?;
            let cfg = config(kind, 0.1, |c| {
                c.weight_decay = 0.1;
                c.momentum = 0.5;
            });
            let mut opt = Optimizer::new(&cfg, vec![w.clone(), idle.clone()])?;
            for _ in 0..3 {
                opt.backward_step(&quadratic(&w)?)?;
            }
            assert_eq!(params(&idle)?, vec![0.75, -2.5], "{kind:?}");
            assert_ne!(params(&w)?, W0.to_vec(), "{kind:?}");
        }
        Ok(())
    }

    #[test]
    fn non_float_vars_are_left_out() -> Result<()> {
        let w = Var::new(&W0, &Device::Cpu)?;
        let ids = Var::new(&[1u32, 2], &Device::Cpu)?;
        let mut opt = Optimizer::new(&config(OptimizerKind::Adam, 0.1, |_| {}), vec![w.clone(), ids.clone()])?;
        follow(&mut opt, &w, &ADAM, TOL, "adam next to a u32 var")?;
        assert_eq!(ids.to_vec1::<u32>()?, vec![1, 2]);
        Ok(())
    }

    #[test]
    fn adam_step_count_is_per_var() -> Result<()> {
        let w = Var::new(&W0, &Device::Cpu)?;
        let u = Var::new(1.0f64, &Device::Cpu)?;
        let mut opt = Optimizer::new(&config(OptimizerKind::Adam, 0.1, |_| {}), vec![w.clone(), u.clone()])?;
        follow(&mut opt, &w, &ADAM[..2], TOL, "w alone")?;
        for (i, want) in ADAM_STEP_COUNT_IS_PER_VAR.iter().enumerate() {
            let loss_u = u.as_tensor().affine(1.0, -3.0)?.sqr()?.affine(0.5, 0.0)?;
            opt.backward_step(&quadratic(&w)?.add(&loss_u)?)?;
            assert_close(&params(&w)?, &ADAM[2 + i], TOL, "w");
            assert!((u.to_scalar::<f64>()? - want).abs() <= TOL, "u at its step {}", i + 1);
        }
        Ok(())
    }

    #[test]
    fn no_graph_grows_across_steps() -> Result<()> {
        // The state is detached: after many steps, the var's value is still a plain leaf.
        let w = Var::new(&W0, &Device::Cpu)?;
        let mut opt = Optimizer::new(&config(OptimizerKind::Adam, 0.01, |_| {}), vec![w.clone()])?;
        for _ in 0..200 {
            opt.backward_step(&quadratic(&w)?)?;
        }
        if let Optimizer::Adam(a) = &opt {
            for s in &a.vars {
                for t in [&s.exp_avg, &s.exp_avg_sq].into_iter().flatten() {
                    assert!(!t.track_op());
                }
            }
        }
        Ok(())
    }
}
