//! The sequence side of a run: the examples as tensors, and what the page draws for them
//! ([`SequencesView`]):
//!
//! - regression (forecasting, the adding problem): target and prediction of the latest
//!   training examples and the first test ones, in order (for forecasting, the series and
//!   the forecast over it);
//! - classification (MNIST-1D): the confusion matrix over the test split;
//! - a few test examples with their predictions;
//! - the unrolled network for one chosen example: every hidden state of the first recurrent
//!   layer over time (or the first 1-D convolution's outputs);
//! - the gradient reaching each time step, averaged over a batch of training examples:
//!   ‖∂ℓ/∂h_t‖ for the first recurrent layer (the vanishing gradient of a plain RNN shows
//!   as a slope over t), else ‖∂ℓ/∂x_t‖ for the input.
//!
//! Sequences take no preparation: the sets are generated at a sensible scale (`sequences`).

use super::data::Task;
use super::loss::{self, LossKind};
use super::model::Mode;
use super::net::Net;
use super::sequences::SequenceSet;
use super::train::LayerStats;
use super::Result;
use candle_core::{DType, Device, Tensor, Var};
use serde::{Deserialize, Serialize};

/// Examples of each part in the fit chart (the latest training ones, the first test ones).
pub const FIT_EXAMPLES: usize = 300;
/// Training examples the gradient per step is averaged over.
pub const GRAD_EXAMPLES: usize = 64;
/// Test examples shown, per class for classification.
pub const SHOWN_PER_CLASS: usize = 2;
pub const SHOWN_REGRESSION: usize = 8;
/// Units of the hidden-state map sent at most.
pub const MAX_UNITS_SHOWN: usize = 32;

/// Which gradient [`SequencesView::grads`] holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum GradsOf {
    /// ‖∂ℓ/∂h_t‖ of the first recurrent layer.
    Hidden,
    /// ‖∂ℓ/∂x_t‖ of the input (networks without a recurrent layer).
    Input,
}

/// One test example: `steps × features` values (row-major by step), its target (the class
/// for classification) and the network's prediction (the class, or the value).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeqExample {
    pub index: usize,
    pub values: Vec<f32>,
    pub target: f32,
    pub predicted: f32,
}

/// Values over time for one example: `steps × units` (row-major by step).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StateMap {
    pub steps: usize,
    pub units: usize,
    /// Units of the layer (only the first [`MAX_UNITS_SHOWN`] are sent).
    pub total_units: usize,
    /// A recurrent layer's hidden states (else a convolution's outputs).
    pub recurrent: bool,
    pub values: Vec<f32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SequencesView {
    pub task: Task,
    pub layers: Vec<LayerStats>,
    pub steps: usize,
    pub features: usize,
    /// Regression: (target, prediction) of the latest training examples and of the first
    /// test ones, in order; empty for classification.
    pub train_fit: Vec<(f32, f32)>,
    pub test_fit: Vec<(f32, f32)>,
    /// Training examples before `train_fit`'s first (its place in the series).
    pub train_skipped: usize,
    /// Classification: classes × classes counts over the test split (row = true class).
    pub confusion: Vec<u32>,
    pub examples: Vec<SeqExample>,
    /// The example the map belongs to (a test index).
    pub chosen: usize,
    pub map: Option<StateMap>,
    /// Per time step of the layer named by `grads_of`, the mean norm of the gradient of an
    /// example's loss reaching it.
    pub grads: Vec<f32>,
    pub grads_of: GradsOf,
}

/// A sequence set as a run holds it.
pub struct SeqData {
    pub set: SequenceSet,
}

fn tensors_of(set: &SequenceSet, part: &[super::sequences::Sequence], dtype: DType, dev: &Device) -> Result<(Tensor, Tensor)> {
    let (t, f) = (set.steps, set.features);
    let xs: Vec<f32> = part.iter().flat_map(|s| s.values.iter().copied()).collect();
    let ys: Vec<f32> = part.iter().map(|s| s.target).collect();
    Ok((Tensor::from_vec(xs, (part.len(), t, f), dev)?.to_dtype(dtype)?, Tensor::from_vec(ys, (part.len(), 1), dev)?.to_dtype(dtype)?))
}

fn to_f32(t: &Tensor) -> Result<Vec<f32>> {
    Ok(t.flatten_all()?.to_dtype(DType::F32)?.to_vec1::<f32>()?)
}

impl SeqData {
    /// x_train (N, T, F), y_train (N, 1), x_test, y_test.
    pub fn tensors(&self, dtype: DType, dev: &Device) -> Result<[Tensor; 4]> {
        let (a, b) = tensors_of(&self.set, &self.set.train, dtype, dev)?;
        let (c, d) = tensors_of(&self.set, &self.set.test, dtype, dev)?;
        Ok([a, b, c, d])
    }

    /// The view (see the module's documentation). `z_test`: the test split's logits;
    /// `predict(x)`: the logits of some examples in evaluation mode.
    #[allow(clippy::too_many_arguments)]
    pub fn view(
        &self,
        net: &Net,
        task: Task,
        loss_kind: LossKind,
        z_test: &Tensor,
        tensors: [&Tensor; 4],
        layers: Vec<LayerStats>,
        chosen: Option<usize>,
        predict: &dyn Fn(&Tensor) -> Result<Tensor>,
    ) -> Result<SequencesView> {
        let [x_train, y_train, x_test, _] = tensors;
        let set = &self.set;
        let out_test = to_f32(&loss::output(task, z_test)?)?;
        let k = task.outputs();
        let predicted = |i: usize| -> f32 {
            match task {
                Task::Multiclass { classes } => {
                    let row = &out_test[i * classes..(i + 1) * classes];
                    row.iter().enumerate().fold((0, f32::MIN), |b, (c, &v)| if v > b.1 { (c, v) } else { b }).0 as f32
                }
                Task::Binary => (out_test[i] >= 0.5) as u8 as f32,
                Task::Regression => out_test[i],
            }
        };
        let n_test = set.test.len();
        let (mut train_fit, mut test_fit, mut confusion, mut train_skipped) = (vec![], vec![], vec![], 0);
        let mut shown: Vec<usize> = Vec::new();
        match task {
            Task::Regression => {
                let n = set.train.len();
                let from = n.saturating_sub(FIT_EXAMPLES);
                train_skipped = from;
                let z = predict(&x_train.narrow(0, from, n - from)?)?;
                train_fit = set.train[from..].iter().zip(to_f32(&z)?).map(|(s, p)| (s.target, p)).collect();
                test_fit = (0..n_test.min(FIT_EXAMPLES)).map(|i| (set.test[i].target, predicted(i))).collect();
                shown.extend(0..n_test.min(SHOWN_REGRESSION));
            }
            _ => {
                let classes = k.max(2);
                confusion = vec![0u32; classes * classes];
                let mut per_class = vec![0usize; classes];
                for (i, s) in set.test.iter().enumerate() {
                    let (t, p) = (s.target as usize, predicted(i) as usize);
                    if t < classes && p < classes {
                        confusion[t * classes + p] += 1;
                        if per_class[t] < SHOWN_PER_CLASS {
                            per_class[t] += 1;
                            shown.push(i);
                        }
                    }
                }
                shown.sort_by_key(|&i| (set.test[i].target as usize, i));
            }
        }
        let examples = shown.iter().map(|&i| SeqExample { index: i, values: set.test[i].values.clone(), target: set.test[i].target, predicted: predicted(i) }).collect();
        let chosen = chosen.filter(|&c| c < n_test).unwrap_or(0);
        let map = if n_test > 0 { state_map(net, &x_test.narrow(0, chosen, 1)?)? } else { None };
        let m = x_train.dim(0)?.min(GRAD_EXAMPLES);
        let (grads, grads_of) = step_gradients(net, task, loss_kind, &x_train.narrow(0, 0, m)?, &y_train.narrow(0, 0, m)?)?;
        Ok(SequencesView { task, layers, steps: set.steps, features: set.features, train_fit, test_fit, train_skipped, confusion, examples, chosen, map, grads, grads_of })
    }
}

/// The first recurrent layer's hidden states for one example (1, T, F), or the first
/// convolution's outputs; `None` for a network with neither.
pub fn state_map(net: &Net, x: &Tensor) -> Result<Option<StateMap>> {
    let Some(seq) = net.as_seq() else { return Ok(None) };
    let (states, recurrent) = match seq.probed(x, Mode::Eval, None)? {
        (_, Some(states)) => (states, true),
        (_, None) => match seq.feature_maps(x)?.into_iter().find(|t| t.rank() == 3) {
            Some(t) => (t, false),
            None => return Ok(None),
        },
    };
    let (_, steps, total_units) = states.dims3()?;
    let units = total_units.min(MAX_UNITS_SHOWN);
    let values = to_f32(&states.narrow(2, 0, units)?)?;
    Ok(Some(StateMap { steps, units, total_units, recurrent, values }))
}

/// Per time step, the mean over the examples of ‖∂ℓᵢ/∂h_t‖ (first recurrent layer) or of
/// ‖∂ℓᵢ/∂x_t‖ (input), in evaluation mode. ℓᵢ is example i's own loss: the batch loss is
/// their mean, so its gradient is scaled back by the batch size.
pub fn step_gradients(net: &Net, task: Task, loss_kind: LossKind, x: &Tensor, y: &Tensor) -> Result<(Vec<f32>, GradsOf)> {
    let n = x.dim(0)?;
    if n == 0 {
        return Ok((vec![], GradsOf::Input));
    }
    let per_step = |g: &Tensor| -> Result<Vec<f32>> {
        // (N, T, D) → per example and step the norm over D → mean over N → (T,)
        let norms = g.sqr()?.sum(2)?.sqrt()?.mean(0)?.affine(n as f64, 0.0)?;
        to_f32(&norms)
    };
    if let Some(rec) = net.as_seq().and_then(|s| s.first_recurrent()) {
        let steps = x.dim(1)?;
        let probes = (0..steps).map(|_| Var::zeros((n, rec.units), x.dtype(), x.device())).collect::<candle_core::Result<Vec<_>>>()?;
        let (z, _) = net.as_seq().map(|s| s.probed(x, Mode::Eval, Some(&probes))).transpose()?.ok_or_else(|| super::EngineError::Config("no sequence network".into()))?;
        let grads = loss::loss(loss_kind, task, &z, y)?.backward()?;
        let g = probes
            .iter()
            .map(|p| grads.get(p.as_tensor()).cloned().map_or_else(|| p.as_tensor().zeros_like(), Ok))
            .collect::<candle_core::Result<Vec<_>>>()?;
        return Ok((per_step(&Tensor::stack(&g, 1)?)?, GradsOf::Hidden));
    }
    let xv = Var::from_tensor(x)?;
    let z = net.forward_t(xv.as_tensor(), Mode::Eval)?;
    let grads = loss::loss(loss_kind, task, &z, y)?.backward()?;
    let g = match grads.get(xv.as_tensor()) {
        Some(g) => g.clone(),
        None => x.zeros_like()?,
    };
    let g = if g.rank() == 2 { g.unsqueeze(2)? } else { g };
    Ok((per_step(&g)?, GradsOf::Input))
}
