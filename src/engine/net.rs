//! The model families behind one interface. The trainer, the range test, the learning curve
//! and the compare runs hold a [`Net`] and never ask which family it is; only the probes
//! that draw a family's own pictures (the MLP's neuron grids over the plane, the CNN's
//! filters and feature maps) and the loss surface's plain-Rust MLP fast path look inside.
//!
//! The family follows from the layers: all dense → [`Mlp`]; any convolution or pooling →
//! [`Cnn`] on images; anything else on sequences (recurrent layers, 1-D convolutions) →
//! [`SeqNet`].

use super::arch::Shape;
use super::cnn::Cnn;
use super::seqnet::SeqNet;
use super::model::{BatchNorm, HiddenTrace, Masks, Mlp, Mode, ModelConfig};
use super::Result;
use candle_core::{DType, Device, Tensor, Var};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Family {
    Mlp,
    Cnn,
    Seq,
}

impl Family {
    pub fn of(config: &ModelConfig) -> Family {
        if config.layers.is_dense() {
            Family::Mlp
        } else if matches!(config.input, Shape::Sequence { .. }) || config.layers.is_recurrent() {
            Family::Seq
        } else {
            Family::Cnn
        }
    }
}

/// One weighted hidden layer's trained parameters and its batch norm.
pub struct LayerParams<'a> {
    pub vars: Vec<Var>,
    pub norm: Option<&'a BatchNorm>,
}

pub enum Net {
    Mlp(Mlp),
    Cnn(Cnn),
    Seq(SeqNet),
}

impl Net {
    /// The family `config.layers` asks for, with weights from the seed.
    pub fn new(config: &ModelConfig, seed: u64, dtype: DType, dev: &Device) -> Result<Net> {
        Ok(match Family::of(config) {
            Family::Mlp => Net::Mlp(Mlp::new(config, seed, dtype, dev)?),
            Family::Cnn => Net::Cnn(Cnn::new(config, seed, dtype, dev)?),
            Family::Seq => Net::Seq(SeqNet::new(config, seed, dtype, dev)?),
        })
    }

    pub fn family(&self) -> Family {
        match self {
            Net::Mlp(_) => Family::Mlp,
            Net::Cnn(_) => Family::Cnn,
            Net::Seq(_) => Family::Seq,
        }
    }

    pub fn config(&self) -> &ModelConfig {
        match self {
            Net::Mlp(m) => &m.config,
            Net::Cnn(m) => &m.config,
            Net::Seq(m) => &m.config,
        }
    }

    /// The logits, shape (N, outputs), for a batch of examples (N, …the input's shape).
    pub fn forward_t(&self, x: &Tensor, mode: Mode) -> candle_core::Result<Tensor> {
        match self {
            Net::Mlp(m) => m.forward_t(x, mode),
            Net::Cnn(m) => m.forward_t(x, mode),
            Net::Seq(m) => m.forward_t(x, mode),
        }
    }

    /// Every weighted hidden layer's activation input and output, and the logits.
    pub fn trace(&self, x: &Tensor, mode: Mode) -> candle_core::Result<(Vec<HiddenTrace>, Tensor)> {
        match self {
            Net::Mlp(m) => m.trace(x, mode),
            Net::Cnn(m) => m.trace(x, mode),
            Net::Seq(m) => m.trace(x, mode),
        }
    }

    /// Every trained parameter, in a fixed order (the loss surface's flat vector).
    pub fn vars(&self) -> Vec<Var> {
        match self {
            Net::Mlp(m) => m.vars(),
            Net::Cnn(m) => m.vars(),
            Net::Seq(m) => m.vars(),
        }
    }

    /// Each weighted hidden layer's parameters (weights, biases, its batch norm's γ and β)
    /// with its batch norm, in order; then the output layer's parameters. Together they are
    /// every var of [`Net::vars`] once (what transfer learning freezes layer by layer).
    pub fn layer_params(&self) -> (Vec<LayerParams<'_>>, Vec<Var>) {
        use super::{cnn, seqnet};
        fn with_norm<'a>(mut vars: Vec<Var>, norm: Option<&'a BatchNorm>) -> LayerParams<'a> {
            vars.extend(norm.into_iter().flat_map(|n| [n.gamma.clone(), n.beta.clone()]));
            LayerParams { vars, norm }
        }
        let dense = |d: &super::model::Dense| vec![d.w.clone(), d.b.clone()];
        match self {
            Net::Mlp(m) => {
                let (hidden, output) = m.layers.split_at(m.layers.len() - 1);
                let layers = hidden.iter().enumerate().map(|(i, d)| with_norm(dense(d), m.norms.get(i).and_then(Option::as_ref))).collect();
                (layers, dense(&output[0]))
            }
            Net::Cnn(m) => {
                let layers = m
                    .blocks
                    .iter()
                    .filter_map(|b| match b {
                        cnn::Block::Conv { w, norm, .. } => Some(with_norm(vec![w.clone()], norm.as_ref())),
                        cnn::Block::Dense { dense: d, norm } => Some(with_norm(dense(d), norm.as_ref())),
                        cnn::Block::Pool { .. } => None,
                    })
                    .collect();
                (layers, dense(&m.output))
            }
            Net::Seq(m) => {
                let layers = m
                    .blocks
                    .iter()
                    .filter_map(|b| match b {
                        seqnet::Block::Conv { w, norm, .. } => Some(with_norm(vec![w.clone()], norm.as_ref())),
                        seqnet::Block::Dense { dense: d, norm } => Some(with_norm(dense(d), norm.as_ref())),
                        seqnet::Block::Recurrent(r) => Some(with_norm([r.w.clone(), r.u.clone(), r.b.clone()].into_iter().chain(r.b_hn.clone()).collect(), None)),
                        seqnet::Block::Pool { .. } => None,
                    })
                    .collect();
                (layers, dense(&m.output))
            }
        }
    }

    pub fn parameter_count(&self) -> usize {
        match self {
            Net::Mlp(m) => m.parameter_count(),
            Net::Cnn(m) => m.parameter_count(),
            Net::Seq(m) => m.parameter_count(),
        }
    }

    /// The weights the L1/L2 penalty covers (no biases, no γ, β).
    pub fn penalized(&self) -> Result<Vec<Tensor>> {
        Ok(match self {
            Net::Mlp(m) => m.layers.iter().map(|l| l.w.as_tensor().clone()).collect(),
            Net::Cnn(m) => m.penalized()?,
            Net::Seq(m) => m.penalized()?,
        })
    }

    pub fn norms(&self) -> Vec<&BatchNorm> {
        match self {
            Net::Mlp(m) => m.norms.iter().flatten().collect(),
            Net::Cnn(m) => m.norms().collect(),
            Net::Seq(m) => m.norms().collect(),
        }
    }

    /// New dropout rates, from the next training step on.
    pub fn set_dropout(&mut self, rates: &[f64]) {
        match self {
            Net::Mlp(m) => m.set_dropout(rates),
            Net::Cnn(m) => m.set_dropout(rates),
            Net::Seq(m) => m.set_dropout(rates),
        }
    }

    pub fn draw_masks(&self, n: usize, r: &mut ChaCha8Rng) -> Result<Masks> {
        match self {
            Net::Mlp(m) => m.draw_masks(n, r),
            Net::Cnn(m) => m.draw_masks(n, r),
            Net::Seq(m) => m.draw_masks(n, r),
        }
    }

    /// Values per example of each weighted hidden layer's output (the masks' widths).
    pub fn mask_widths(&self) -> Vec<usize> {
        match self {
            Net::Mlp(m) => m.config.hidden(),
            Net::Cnn(m) => m.widths().to_vec(),
            Net::Seq(m) => m.widths().to_vec(),
        }
    }

    /// Whether every weight and every γ is finite (a diverged run is not).
    pub fn finite(&self) -> Result<bool> {
        let mut tensors = self.penalized()?;
        tensors.extend(self.norms().iter().map(|n| n.gamma.as_tensor().clone()));
        for w in tensors {
            if !w.sum_all()?.to_dtype(DType::F32)?.to_scalar::<f32>()?.is_finite() {
                return Ok(false);
            }
        }
        Ok(true)
    }

    pub fn as_mlp(&self) -> Option<&Mlp> {
        match self {
            Net::Mlp(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_cnn(&self) -> Option<&Cnn> {
        match self {
            Net::Cnn(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&SeqNet> {
        match self {
            Net::Seq(m) => Some(m),
            _ => None,
        }
    }
}
