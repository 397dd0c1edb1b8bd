//! Choosing the architecture (lecture slide 9): grow a network until results stop improving,
//! or search at random; every network tried is trained for the same budget from the same seed
//! and scored on a validation split.
//!
//! The validation split is the last quarter of the training split ([`VALIDATION_SHARE`]); the
//! networks train on the rest. The test split is never seen: choosing by test accuracy would
//! make the test set part of training.
//!
//! Growing starts from one neuron (`d1`). Each round tries every "layer k twice as wide" and
//! "one more layer" (as wide as the last), keeps the round's best, and stops when `patience`
//! rounds in a row gain less than `min_gain` in validation accuracy, or at the size limits
//! (before its first gain, growth is given 3 more rounds: a network of one neuron and its
//! neighbours often all sit at chance).
//! Widths double rather than grow by one neuron: one neuron more in a layer of 8 gains less
//! than the validation split's noise (one example in 125 is 0.8 points), so growth by ones
//! stops at the first plateau, far from what the data allows. The network chosen is the best
//! one tried (fewer parameters break a tie).
//!
//! Random search draws depth, width, activation, learning rate and dropout within bounds,
//! seeded. Both run one epoch per [`ArchJob::step`], so the worker can interleave them with
//! messages (progress, cancel).

use super::data::{rng, DataKind, Dataset};
use super::images::ImageSet;
use super::sequences::SequenceSet;
use super::arch::{Cell, MAX_RECURRENT};
use super::model::Activation;
use super::problem::Problem;
use super::train::{TrainConfig, Trainer};
use super::{Arch, LayerSpec, Result, Shape};
use candle_core::DType;
use rand::Rng;
use serde::{Deserialize, Serialize};

/// The share of the training split held out for validation.
pub const VALIDATION_SHARE: f64 = 0.25;
/// Limits of a job (one place): trials of a search, epochs per network, layers and widths.
pub const MAX_TRIALS: usize = 200;
pub const MAX_BUDGET: usize = 2000;
pub const MAX_DEPTH: usize = 6;
pub const MAX_WIDTH: usize = 64;
pub const MAX_FILTERS: usize = super::arch::MAX_FILTERS;
/// Rounds that growth may go on without any gain before its first one, beyond the patience.
const TAKE_OFF_ROUNDS: usize = 3;
/// The seed stream of the random search's draws.
const SEARCH_STREAM: u64 = 0x5ea7c4;

/// One network to try: its layers and the settings a search may change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub layers: Arch,
    pub activation: Activation,
    pub lr: f64,
    /// The dropout rate of every hidden layer.
    pub dropout: f64,
}

/// A network tried, and how it did after the budget.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tried {
    pub candidate: Candidate,
    pub params: usize,
    pub train_loss: f32,
    pub val_loss: f32,
    /// Classification only.
    pub train_acc: Option<f32>,
    pub val_acc: Option<f32>,
    /// The growth round it was tried in (the search's trial number).
    pub round: usize,
}

impl Tried {
    /// What is compared: validation accuracy, or for regression the negated validation loss
    /// (a diverged network scores lowest).
    pub fn score(&self) -> f64 {
        let s = match self.val_acc {
            Some(a) => a as f64,
            None => -(self.val_loss as f64),
        };
        if s.is_finite() { s } else { f64::NEG_INFINITY }
    }

    /// Better: a higher score, or the same with fewer parameters.
    fn beats(&self, other: &Tried) -> bool {
        self.score() > other.score() || (self.score() == other.score() && self.params < other.params)
    }
}

/// The random search's bounds (inclusive).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bounds {
    pub depth: (usize, usize),
    pub width: (usize, usize),
    pub lr: (f64, f64),
    pub max_dropout: f64,
    pub activations: Vec<Activation>,
}

impl Default for Bounds {
    fn default() -> Bounds {
        Bounds { depth: (1, 3), width: (2, 16), lr: (0.003, 0.3), max_dropout: 0.0, activations: vec![Activation::Relu, Activation::Tanh] }
    }
}

/// How the networks to try are chosen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Strategy {
    /// From one neuron, until `patience` rounds in a row gain less than `min_gain`.
    Grow { min_gain: f64, patience: usize },
    /// `trials` networks drawn within `bounds` (seeded by the configuration's seed).
    Random { trials: usize, bounds: Bounds },
    /// The grid over the same bounds: every depth, widths doubling from the least (all layers
    /// alike), each activation, three rates (the ends and their geometric mean), dropout 0 and
    /// the most; at most `trials` of its points, evenly spread when there are more.
    Grid { trials: usize, bounds: Bounds },
    /// From the configuration's own network: each round tries every layer half as wide and
    /// every layer removed, keeps the round's best, and stops when the best loses more than
    /// `max_loss` against the network before it (that one is then the choice) or nothing is
    /// left to shrink.
    Shrink { max_loss: f64 },
}

/// What a finished (or cancelled) job found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchResult {
    /// Every network tried, in order.
    pub tried: Vec<Tried>,
    /// For growth: the index in `tried` of each round's kept network (the path).
    pub path: Vec<usize>,
    /// The index in `tried` of the best network.
    pub chosen: Option<usize>,
    /// Epochs per network, and examples trained on / validated on.
    pub budget: usize,
    pub fit_size: usize,
    pub val_size: usize,
}

/// The examples: the training split less the validation quarter, and the validation quarter.
enum Split {
    Points(Dataset),
    Images(ImageSet),
    Sequences(SequenceSet),
}

impl Split {
    fn of(config: &TrainConfig) -> Result<Split> {
        let cut = |n: usize| n - ((n as f64 * VALIDATION_SHARE).round() as usize).clamp(1, n.saturating_sub(2).max(1));
        let split = match config.data.kind.data_kind() {
            DataKind::Images => {
                let mut s = ImageSet::generate(&config.data.image_config())?;
                let k = cut(s.train.len());
                s.test = s.train.split_off(k);
                Split::Images(s)
            }
            DataKind::Sequences => {
                let mut s = SequenceSet::generate(&config.data.seq_config())?;
                let k = cut(s.train.len());
                s.test = s.train.split_off(k);
                Split::Sequences(s)
            }
            _ => {
                let mut d = Dataset::generate(&config.data);
                let k = cut(d.train.len());
                d.test = d.train.split_off(k);
                Split::Points(d)
            }
        };
        let (fit, val) = split.sizes();
        if fit < 2 || val < 1 {
            return Err(Problem::TooFewPoints.into());
        }
        Ok(split)
    }

    /// What one example looks like to the network (before the data pipeline's features for
    /// points: the layers only need to know whether they are images).
    fn input(&self) -> Shape {
        match self {
            Split::Points(_) => Shape::Flat { features: 2 },
            Split::Images(s) => Shape::Image { channels: s.channels, height: s.height, width: s.width },
            Split::Sequences(s) => Shape::Sequence { steps: s.steps, features: s.features },
        }
    }

    fn sizes(&self) -> (usize, usize) {
        match self {
            Split::Points(d) => (d.train.len(), d.test.len()),
            Split::Images(s) => (s.train.len(), s.test.len()),
            Split::Sequences(s) => (s.train.len(), s.test.len()),
        }
    }

    fn trainer(&self, config: TrainConfig) -> Result<Trainer> {
        match self {
            Split::Points(d) => Trainer::from_dataset(config, d.clone(), DType::F32),
            Split::Images(s) => Trainer::from_images(config, s.clone(), DType::F32),
            Split::Sequences(s) => Trainer::from_sequences(config, s.clone(), DType::F32),
        }
    }
}

/// A growth or a search, one epoch at a time.
pub struct ArchJob {
    base: TrainConfig,
    strategy: Strategy,
    split: Split,
    budget: usize,
    /// This round's candidates still to train, and the one training.
    queue: Vec<Candidate>,
    trainer: Option<(Candidate, Trainer)>,
    round: usize,
    /// The tried indices of this round.
    round_tried: Vec<usize>,
    /// Growth: rounds in a row without enough gain, and whether any round has gained yet.
    stale: usize,
    took_off: bool,
    result: SearchResult,
    epochs_done: usize,
    finished: bool,
}

impl ArchJob {
    pub fn new(base: TrainConfig, strategy: Strategy, budget: usize) -> Result<ArchJob> {
        let valid = match &strategy {
            Strategy::Grow { min_gain, patience } => min_gain.is_finite() && *min_gain >= 0.0 && (1..=10).contains(patience),
            Strategy::Shrink { max_loss } => max_loss.is_finite() && *max_loss >= 0.0,
            Strategy::Random { trials, bounds: b } | Strategy::Grid { trials, bounds: b } => {
                (1..=MAX_TRIALS).contains(trials)
                    && 1 <= b.depth.0
                    && b.depth.0 <= b.depth.1
                    && b.depth.1 <= MAX_DEPTH
                    && 1 <= b.width.0
                    && b.width.0 <= b.width.1
                    && b.width.1 <= MAX_WIDTH
                    && b.lr.0 > 0.0
                    && b.lr.0 <= b.lr.1
                    && b.lr.1 <= 10.0
                    && (0.0..=super::model::MAX_DROPOUT).contains(&b.max_dropout)
                    && !b.activations.is_empty()
            }
        };
        if !valid || !(1..=MAX_BUDGET).contains(&budget) {
            return Err(Problem::SearchSettings { max_trials: MAX_TRIALS, max_budget: MAX_BUDGET }.into());
        }
        let split = Split::of(&base)?;
        let (fit_size, val_size) = split.sizes();
        let images = matches!(split.input(), Shape::Image { .. });
        let own = |layers: Arch| Candidate { layers, activation: base.model.activation, lr: base.optimizer.lr, dropout: 0.0 };
        let queue = match &strategy {
            // The smallest network of the family: one neuron, or one filter and a pooling.
            Strategy::Grow { .. } if images => vec![own(Arch(vec![LayerSpec::Conv { filters: 1, kernel: 3, stride: 1 }, LayerSpec::MaxPool { size: 2 }]))],
            // Sequences: a GRU of two units (one unit cannot both gate and remember).
            Strategy::Grow { .. } if matches!(split.input(), Shape::Sequence { .. }) => vec![own(Arch(vec![LayerSpec::Recurrent { cell: Cell::Gru, units: 2 }]))],
            Strategy::Grow { .. } => vec![own(Arch::dense(&[1]))],
            Strategy::Shrink { .. } => vec![Candidate { dropout: base.model.dropout.first().copied().unwrap_or(0.0), ..own(base.model.layers.clone()) }],
            Strategy::Random { trials, bounds } => draw(bounds, *trials, base.seed, split.input()),
            Strategy::Grid { trials, bounds } => grid(bounds, *trials, split.input()),
        };
        let mut job = ArchJob {
            base,
            strategy,
            split,
            budget,
            queue,
            trainer: None,
            round: 0,
            round_tried: vec![],
            stale: 0,
            took_off: false,
            result: SearchResult { tried: vec![], path: vec![], chosen: None, budget, fit_size, val_size },
            epochs_done: 0,
            finished: false,
        };
        // Fail now, not midway, on a configuration that cannot train.
        let first = job.queue.remove(0);
        let t = job.trainer_for(&first)?;
        job.trainer = Some((first, t));
        Ok(job)
    }

    fn config_for(&self, c: &Candidate) -> TrainConfig {
        let mut config = self.base.clone();
        config.model.layers = c.layers.clone();
        config.model.activation = c.activation;
        config.model.dropout = vec![c.dropout; c.layers.weighted()];
        config.model.batch_norm = vec![];
        config.optimizer.lr = c.lr;
        config
    }

    /// The best network of the round just ended.
    fn round_best(&self) -> Option<usize> {
        let tried = &self.result.tried;
        self.round_tried.iter().copied().reduce(|a, b| if tried[b].beats(&tried[a]) { b } else { a })
    }

    fn trainer_for(&self, c: &Candidate) -> Result<Trainer> {
        self.split.trainer(self.config_for(c))
    }

    /// One epoch of the network being trained (and, after its budget, its score and the next
    /// network); false once the job is over.
    pub fn step(&mut self) -> Result<bool> {
        if self.finished {
            return Ok(false);
        }
        let (candidate, t) = match &mut self.trainer {
            Some(x) => x,
            None => {
                let Some(c) = (!self.queue.is_empty()).then(|| self.queue.remove(0)) else {
                    self.finished = true;
                    return Ok(false);
                };
                let t = self.trainer_for(&c)?;
                self.trainer.insert((c, t))
            }
        };
        t.fit_epoch()?;
        self.epochs_done += 1;
        if t.epoch() >= self.budget {
            let s = t.evaluate()?;
            let tried = Tried {
                candidate: candidate.clone(),
                params: t.model().parameter_count(),
                train_loss: s.train_loss,
                val_loss: s.test_loss,
                train_acc: s.train_acc,
                val_acc: s.test_acc,
                round: self.round,
            };
            self.trainer = None;
            let i = self.result.tried.len();
            if !matches!(self.strategy, Strategy::Shrink { .. }) && self.result.chosen.is_none_or(|c| tried.beats(&self.result.tried[c])) {
                self.result.chosen = Some(i);
            }
            self.result.tried.push(tried);
            self.round_tried.push(i);
            if self.queue.is_empty() {
                self.end_round();
            }
        }
        Ok(!self.finished)
    }

    /// After a round: growth keeps its best and queues the next round (or stops); a search's
    /// one round is all its trials.
    fn end_round(&mut self) {
        if let Strategy::Shrink { max_loss } = self.strategy {
            return self.end_shrink_round(max_loss);
        }
        let Strategy::Grow { min_gain, patience } = self.strategy else {
            self.finished = true;
            return;
        };
        let Some(best) = self.round_best() else {
            self.finished = true;
            return;
        };
        let tried = &self.result.tried;
        if let Some(&last) = self.result.path.last() {
            let gain = tried[best].score() - tried[last].score();
            if gain >= min_gain {
                self.took_off = true;
                self.stale = 0;
            } else {
                self.stale += 1;
            }
        }
        // Before the first gain, a plateau says nothing (a network of one or two neurons
        // often stays at chance, and so do its slightly larger neighbours): growth goes on,
        // for a few more rounds than the patience.
        let stop = if self.took_off { self.stale >= patience } else { self.stale >= patience + TAKE_OFF_ROUNDS };
        self.result.path.push(best);
        self.round_tried.clear();
        self.round += 1;
        self.queue = grown(&tried[best].candidate, self.split.input());
        if stop || self.queue.is_empty() {
            self.queue.clear();
            self.finished = true;
        }
    }

    /// Shrinking: the round's best replaces the network before it unless it loses more than
    /// `max_loss`; the choice is the smallest kept network.
    fn end_shrink_round(&mut self, max_loss: f64) {
        let Some(best) = self.round_best() else {
            self.finished = true;
            return;
        };
        let tried = &self.result.tried;
        self.round_tried.clear();
        self.round += 1;
        let keep = match self.result.path.last() {
            None => true,
            Some(&last) => tried[best].score() >= tried[last].score() - max_loss,
        };
        if keep {
            self.result.path.push(best);
            self.queue = shrunk(&tried[best].candidate, self.split.input());
        }
        // The choice is the last network kept: the smallest that lost too little.
        self.result.chosen = self.result.path.last().copied();
        if !keep || self.queue.is_empty() {
            self.queue.clear();
            self.finished = true;
        }
    }

    /// (epochs done, epochs planned so far): a growth's total is not known in advance, so its
    /// second figure grows with each round.
    pub fn progress(&self) -> (usize, usize) {
        let left = self.queue.len() * self.budget + self.trainer.as_ref().map_or(0, |(_, t)| self.budget - t.epoch().min(self.budget));
        (self.epochs_done, self.epochs_done + if self.finished { 0 } else { left })
    }

    pub fn result(&self) -> &SearchResult {
        &self.result
    }

    /// Runs to the end (the command line and the tests).
    pub fn run(mut self) -> Result<SearchResult> {
        while self.step()? {}
        Ok(self.result)
    }
}

/// The next round's candidates from a kept network: each weighted layer twice as wide (neurons
/// or filters), and one more layer: for images one more convolution and pooling after the
/// last (as many filters as the last convolution; where the image is still large enough),
/// and one more dense layer at the end (as wide as the last, or 16); within the limits.
fn grown(c: &Candidate, input: Shape) -> Vec<Candidate> {
    let layers = c.layers.layers();
    let mut out: Vec<Arch> = vec![];
    for (k, l) in layers.iter().enumerate() {
        let wider = match *l {
            LayerSpec::Dense { units } if 2 * units <= MAX_WIDTH => LayerSpec::Dense { units: 2 * units },
            LayerSpec::Conv { filters, kernel, stride } if 2 * filters <= MAX_FILTERS => LayerSpec::Conv { filters: 2 * filters, kernel, stride },
            LayerSpec::Recurrent { cell, units } if 2 * units <= MAX_RECURRENT => LayerSpec::Recurrent { cell, units: 2 * units },
            _ => continue,
        };
        let mut v = layers.to_vec();
        v[k] = wider;
        out.push(Arch(v));
    }
    let image = matches!(input, Shape::Image { .. });
    if image {
        let last_conv = layers.iter().rposition(|l| matches!(l, LayerSpec::Conv { .. }));
        if let Some(i) = last_conv {
            let LayerSpec::Conv { filters, .. } = layers[i] else { unreachable!() };
            let at = layers[i..].iter().position(|l| matches!(l, LayerSpec::MaxPool { .. } | LayerSpec::AvgPool { .. })).map_or(i + 1, |p| i + p + 1);
            let mut v = layers.to_vec();
            v.splice(at..at, [LayerSpec::Conv { filters, kernel: 3, stride: 1 }, LayerSpec::MaxPool { size: 2 }]);
            out.push(Arch(v));
        }
    }
    let dense = c.layers.dense_widths();
    if !image || !dense.is_empty() || layers.len() < MAX_DEPTH {
        let mut v = layers.to_vec();
        v.push(LayerSpec::Dense { units: dense.last().copied().unwrap_or(if image { 16 } else { 1 }) });
        out.push(Arch(v));
    }
    out.retain(|a| a.weighted() <= MAX_DEPTH && a.layers().len() <= super::arch::MAX_LAYERS && a.shapes(input).is_ok());
    out.into_iter().map(|layers| Candidate { layers, ..c.clone() }).collect()
}

/// Shrinking's candidates: each weighted layer half as wide (at least 1), and each weighted
/// layer removed (with its pooling, for a convolution), as long as one weighted layer stays.
fn shrunk(c: &Candidate, input: Shape) -> Vec<Candidate> {
    let layers = c.layers.layers();
    let mut out: Vec<Arch> = vec![];
    for (k, l) in layers.iter().enumerate() {
        let narrower = match *l {
            LayerSpec::Dense { units } if units > 1 => LayerSpec::Dense { units: units / 2 },
            LayerSpec::Conv { filters, kernel, stride } if filters > 1 => LayerSpec::Conv { filters: filters / 2, kernel, stride },
            LayerSpec::Recurrent { cell, units } if units > 1 => LayerSpec::Recurrent { cell, units: units / 2 },
            _ => continue,
        };
        let mut v = layers.to_vec();
        v[k] = narrower;
        out.push(Arch(v));
    }
    if c.layers.weighted() > 1 {
        for (k, l) in layers.iter().enumerate().filter(|(_, l)| l.is_weighted()) {
            let mut v = layers.to_vec();
            let pooled = matches!(l, LayerSpec::Conv { .. }) && matches!(v.get(k + 1), Some(LayerSpec::MaxPool { .. } | LayerSpec::AvgPool { .. }));
            v.drain(k..if pooled { k + 2 } else { k + 1 });
            out.push(Arch(v));
        }
    }
    out.retain(|a| a.weighted() >= 1 && a.shapes(input).is_ok());
    out.dedup();
    out.into_iter().map(|layers| Candidate { layers, ..c.clone() }).collect()
}

/// `n` candidates drawn within the bounds: depth and activation uniform, width and learning
/// rate log-uniform (each layer its own width), dropout uniform.
/// For images, depth counts convolution-and-pooling blocks (3×3, as many as the image allows)
/// and width their filters.
fn draw(b: &Bounds, n: usize, seed: u64, input: Shape) -> Vec<Candidate> {
    let mut r = rng(seed, SEARCH_STREAM);
    let log_uniform = |r: &mut rand_chacha::ChaCha8Rng, lo: f64, hi: f64| (lo.ln() + r.random::<f64>() * (hi.ln() - lo.ln())).exp();
    (0..n)
        .map(|_| {
            let depth = r.random_range(b.depth.0..=b.depth.1);
            let widths: Vec<usize> = (0..depth).map(|_| (log_uniform(&mut r, b.width.0 as f64, b.width.1 as f64 + 1.0).floor() as usize).clamp(b.width.0, b.width.1)).collect();
            let layers = match input {
                Shape::Image { height, width, .. } => {
                    let blocks = (height.min(width) as f64).log2().floor().max(1.0) as usize;
                    let filters: Vec<LayerSpec> = widths.iter().take(blocks).flat_map(|&w| [LayerSpec::Conv { filters: w.min(MAX_FILTERS), kernel: 3, stride: 1 }, LayerSpec::MaxPool { size: 2 }]).collect();
                    Arch(filters)
                }
                // Sequences: stacked GRUs.
                Shape::Sequence { .. } => Arch(widths.iter().map(|&w| LayerSpec::Recurrent { cell: Cell::Gru, units: w.min(MAX_RECURRENT) }).collect()),
                _ => Arch::dense(&widths),
            };
            let activation = b.activations[r.random_range(0..b.activations.len())];
            let lr = log_uniform(&mut r, b.lr.0, b.lr.1);
            // Four significant digits, so that a row's link carries the rate it trained with.
            let lr = format!("{lr:.3e}").parse().unwrap_or(lr);
            let dropout = if b.max_dropout > 0.0 { (r.random::<f64>() * b.max_dropout * 100.0).round() / 100.0 } else { 0.0 };
            Candidate { layers, activation, lr, dropout }
        })
        .collect()
}

/// The grid's points (see [`Strategy::Grid`]), smallest networks first.
fn grid(b: &Bounds, n: usize, input: Shape) -> Vec<Candidate> {
    let mut widths = vec![];
    let mut w = b.width.0;
    while w <= b.width.1 {
        widths.push(w);
        w *= 2;
    }
    let rates: Vec<f64> = if b.lr.0 == b.lr.1 {
        vec![b.lr.0]
    } else {
        [b.lr.0, (b.lr.0 * b.lr.1).sqrt(), b.lr.1].iter().map(|&r| format!("{r:.2e}").parse().unwrap_or(r)).collect()
    };
    let dropouts: Vec<f64> = if b.max_dropout > 0.0 { vec![0.0, b.max_dropout] } else { vec![0.0] };
    let blocks = match input {
        Shape::Image { height, width, .. } => (height.min(width) as f64).log2().floor().max(1.0) as usize,
        _ => usize::MAX,
    };
    let mut all = vec![];
    for depth in b.depth.0..=b.depth.1.min(blocks) {
        for &w in &widths {
            let layers = match input {
                Shape::Image { .. } => Arch((0..depth).flat_map(|_| [LayerSpec::Conv { filters: w.min(MAX_FILTERS), kernel: 3, stride: 1 }, LayerSpec::MaxPool { size: 2 }]).collect()),
                Shape::Sequence { .. } => Arch(vec![LayerSpec::Recurrent { cell: Cell::Gru, units: w.min(MAX_RECURRENT) }; depth]),
                _ => Arch::dense(&vec![w; depth]),
            };
            for &activation in &b.activations {
                for &lr in &rates {
                    for &dropout in &dropouts {
                        all.push(Candidate { layers: layers.clone(), activation, lr, dropout });
                    }
                }
            }
        }
    }
    if all.len() <= n {
        return all;
    }
    // n points spread evenly over the grid, its first and last among them.
    (0..n).map(|i| all[if n == 1 { 0 } else { i * (all.len() - 1) / (n - 1) }].clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;

    fn config(hash: &str) -> TrainConfig {
        Settings::from_hash(hash).0.train_config()
    }

    #[test]
    fn growth_rounds_try_every_wider_layer_and_one_more() {
        let c = Candidate { layers: Arch::dense(&[3, 8]), activation: Activation::Tanh, lr: 0.03, dropout: 0.0 };
        let next: Vec<Vec<usize>> = grown(&c, Shape::Flat { features: 2 }).iter().map(|c| c.layers.dense_widths()).collect();
        assert_eq!(next, vec![vec![6, 8], vec![3, 16], vec![3, 8, 8]]);
        let wide = Candidate { layers: Arch::dense(&[64; MAX_DEPTH]), ..c };
        assert!(grown(&wide, Shape::Flat { features: 2 }).is_empty(), "at the limits nothing grows");
    }

    #[test]
    fn image_networks_grow_in_filters_blocks_and_a_dense_head_and_shrink_back() {
        let digits = Shape::Image { channels: 1, height: 8, width: 8 };
        let c = Candidate { layers: Arch::parse("c4k3,mp2").unwrap(), activation: Activation::Relu, lr: 0.01, dropout: 0.0 };
        let next: Vec<String> = grown(&c, digits).iter().map(|c| c.layers.to_string()).collect();
        assert_eq!(next, vec!["c8k3,mp2", "c4k3,mp2,c4k3,mp2", "c4k3,mp2,d16"]);
        // 8×8 halves to 1×1 after three blocks: no fourth.
        let deep = Candidate { layers: Arch::parse("c4k3,mp2,c4k3,mp2,c4k3,mp2").unwrap(), ..c.clone() };
        assert!(grown(&deep, digits).iter().all(|c| c.layers.layers().len() <= 7), "no block past 1×1");
        let small: Vec<String> = shrunk(&Candidate { layers: Arch::parse("c4k3,mp2,c8k3,mp2,d16").unwrap(), ..c.clone() }, digits).iter().map(|c| c.layers.to_string()).collect();
        assert_eq!(small, vec!["c2k3,mp2,c8k3,mp2,d16", "c4k3,mp2,c4k3,mp2,d16", "c4k3,mp2,c8k3,mp2,d8", "c8k3,mp2,d16", "c4k3,mp2,d16", "c4k3,mp2,c8k3,mp2"]);
        let one = Candidate { layers: Arch::dense(&[1]), ..c };
        assert!(shrunk(&one, Shape::Flat { features: 2 }).is_empty(), "one neuron is as small as it gets");
        // A random search on images draws convolution blocks that fit the image.
        for d in draw(&Bounds { depth: (1, 4), width: (2, 8), ..Bounds::default() }, 30, 3, digits) {
            assert!(d.layers.shapes(digits).is_ok() && !d.layers.is_dense(), "{}", d.layers);
        }
    }

    #[test]
    fn a_cnn_grows_on_digits_and_a_wide_network_shrinks_on_the_circle() {
        let r = ArchJob::new(config("dataset=digits&points=300&act=relu&opt=adam&lr=0.01&seed=1"), Strategy::Grow { min_gain: 0.01, patience: 1 }, 3).unwrap().run().unwrap();
        assert_eq!(r.tried[0].candidate.layers.to_string(), "c1k3,mp2");
        assert!(r.tried.len() >= 4 && r.tried.iter().all(|t| t.val_acc.is_some()));
        // From 32-32 on the circle: halving loses (almost) nothing for a while; the choice is the
        // smallest network kept, and every kept network is smaller than the one before.
        let r = ArchJob::new(config("dataset=circle&points=400&layers=d32,d32&opt=adam&lr=0.03&seed=1"), Strategy::Shrink { max_loss: 0.02 }, 60).unwrap().run().unwrap();
        assert!(r.path.len() >= 3, "{:?}", r.path);
        assert!(r.path.windows(2).all(|w| r.tried[w[1]].params < r.tried[w[0]].params));
        let chosen = &r.tried[r.chosen.unwrap()];
        assert_eq!(r.chosen, r.path.last().copied());
        assert!(chosen.params < r.tried[0].params / 4 && chosen.val_acc.unwrap() >= r.tried[0].val_acc.unwrap() - 0.05, "{chosen:?}");
    }

    /// Sequences: growth starts from a GRU of 2 units and widens it; a search stacks GRUs.
    #[test]
    fn a_gru_grows_on_a_forecast_and_a_search_stacks_grus() {
        let c = config("dataset=sines&points=200&opt=adam&lr=0.01&batch=16&seed=1");
        let r = ArchJob::new(c.clone(), Strategy::Grow { min_gain: 0.01, patience: 1 }, 2).unwrap().run().unwrap();
        assert_eq!(r.tried[0].candidate.layers.to_string(), "gru2");
        assert!(r.tried.iter().any(|t| t.candidate.layers.to_string() == "gru4"), "{:?}", r.tried.iter().map(|t| t.candidate.layers.to_string()).collect::<Vec<_>>());
        assert!(r.tried.iter().all(|t| t.val_loss.is_finite() && t.val_acc.is_none()), "regression: losses only");
        let seq = Shape::Sequence { steps: 20, features: 1 };
        for d in draw(&Bounds { depth: (1, 2), width: (2, 8), ..Bounds::default() }, 10, 3, seq) {
            assert!(d.layers.is_recurrent() && d.layers.shapes(seq).is_ok(), "{}", d.layers);
        }
        // Shrinking a GRU halves its units.
        let shrunk = shrunk(&Candidate { layers: Arch::parse("gru8,d4").unwrap(), activation: Activation::Tanh, lr: 0.01, dropout: 0.0 }, seq);
        assert!(shrunk.iter().any(|c| c.layers.to_string() == "gru4,d4") && shrunk.iter().any(|c| c.layers.to_string() == "gru8"), "{:?}", shrunk.iter().map(|c| c.layers.to_string()).collect::<Vec<_>>());
    }

    #[test]
    fn the_validation_split_comes_from_the_training_split_only() {
        // 400 points, half for training: 150 to fit, 50 to validate; the 200 test points unused.
        let job = ArchJob::new(config("dataset=xor&points=400&seed=1"), Strategy::Grow { min_gain: 0.01, patience: 1 }, 5).unwrap();
        let r = job.run().unwrap();
        assert_eq!((r.fit_size, r.val_size), (150, 50));
        assert_eq!(r.tried[0].candidate.layers.dense_widths(), vec![1], "growth starts from one neuron");
        assert!(r.tried.iter().all(|t| t.params > 0 && t.val_acc.is_some()));
    }

    #[test]
    fn growth_stops_after_patience_rounds_without_gain_and_keeps_the_best() {
        let r = ArchJob::new(config("dataset=circle&points=400&seed=1&lr=0.1"), Strategy::Grow { min_gain: 0.02, patience: 2 }, 60).unwrap().run().unwrap();
        assert!(r.path.len() >= 3, "{:?}", r.path);
        // The last two kept networks each gained less than 0.02 over the one before.
        let s = |i: usize| r.tried[r.path[i]].score();
        let n = r.path.len();
        assert!(s(n - 1) - s(n - 2) < 0.02 && s(n - 2) - s(n - 3) < 0.02);
        let chosen = &r.tried[r.chosen.unwrap()];
        assert!(r.tried.iter().all(|t| t.score() <= chosen.score()), "the chosen network is the best tried");
        assert!(chosen.val_acc.unwrap() > 0.9, "a circle is learnt: {chosen:?}");
    }

    #[test]
    fn a_random_search_is_seeded_and_within_its_bounds() {
        let b = Bounds { depth: (1, 2), width: (2, 8), lr: (0.01, 0.1), max_dropout: 0.2, activations: vec![Activation::Relu] };
        let flat = Shape::Flat { features: 2 };
        let a = draw(&b, 20, 7, flat);
        assert_eq!(a, draw(&b, 20, 7, flat), "same seed, same draws");
        assert_ne!(a, draw(&b, 20, 8, flat));
        for c in &a {
            let w = c.layers.dense_widths();
            assert!((1..=2).contains(&w.len()) && w.iter().all(|w| (2..=8).contains(w)), "{w:?}");
            assert!((0.01..=0.1).contains(&c.lr) && (0.0..=0.2).contains(&c.dropout) && c.activation == Activation::Relu);
        }
        let widths: std::collections::BTreeSet<usize> = draw(&b, 200, 7, flat).iter().flat_map(|c| c.layers.dense_widths()).collect();
        assert!(widths.contains(&2) && widths.contains(&8), "the ends are reachable: {widths:?}");
        let r = ArchJob::new(config("dataset=xor&points=200&seed=1"), Strategy::Random { trials: 3, bounds: b }, 4).unwrap().run().unwrap();
        assert_eq!(r.tried.len(), 3);
        assert!(r.path.is_empty() && r.chosen.is_some());
    }

    /// Issue 15's claim: on the spiral, growth stops at a network within 2 points of the best
    /// validation accuracy a random search finds with 4× its budget (4× as many networks,
    /// the same epochs each), with fewer parameters than the search's best. Measured
    /// (`descent grow` / `descent search` on this hash): growth tries 20 networks and keeps
    /// d8,d8,d8 (177 parameters, validation accuracy 1.00); the search of 80 keeps d7,d11,d7
    /// (201 parameters, 1.00).
    #[test]
    fn growth_matches_a_random_search_with_four_times_the_budget_with_fewer_parameters() {
        let c = config("dataset=spiral&points=1000&opt=adam&lr=0.01&act=relu&seed=1");
        let grow = ArchJob::new(c.clone(), Strategy::Grow { min_gain: 0.01, patience: 2 }, 100).unwrap().run().unwrap();
        let g = &grow.tried[grow.chosen.unwrap()];
        let search = ArchJob::new(c, Strategy::Random { trials: 4 * grow.tried.len(), bounds: Bounds::default() }, 100).unwrap().run().unwrap();
        let s = &search.tried[search.chosen.unwrap()];
        let (ga, sa) = (g.val_acc.unwrap(), s.val_acc.unwrap());
        assert!(ga >= sa - 0.02, "growth {} at {ga}, search {} at {sa}", g.candidate.layers, s.candidate.layers);
        assert!(g.params < s.params, "growth {} params, search {}", g.params, s.params);
        assert!(ga > 0.95, "the spiral is learnt: {ga}");
    }

    #[test]
    fn a_grid_covers_its_bounds_evenly() {
        let b = Bounds { depth: (1, 2), width: (2, 8), lr: (0.01, 0.1), max_dropout: 0.0, activations: vec![Activation::Relu, Activation::Tanh] };
        let flat = Shape::Flat { features: 2 };
        // 2 depths × 3 widths (2, 4, 8) × 2 activations × 3 rates = 36.
        let g = grid(&b, 100, flat);
        assert_eq!(g.len(), 36);
        assert_eq!(g[0].layers.to_string(), "d2");
        assert_eq!(g[35].layers.to_string(), "d8,d8");
        let rates: std::collections::BTreeSet<String> = g.iter().map(|c| c.lr.to_string()).collect();
        assert_eq!(rates.into_iter().collect::<Vec<_>>(), vec!["0.01", "0.0316", "0.1"]);
        let few = grid(&b, 5, flat);
        assert_eq!(few.len(), 5);
        assert_eq!((few[0].clone(), few[4].clone()), (g[0].clone(), g[35].clone()), "the ends stay");
        let r = ArchJob::new(config("dataset=xor&points=200&seed=1"), Strategy::Grid { trials: 4, bounds: b }, 3).unwrap().run().unwrap();
        assert_eq!(r.tried.len(), 4);
    }

    #[test]
    fn bad_job_settings_are_refused_in_words() {
        let c = config("dataset=xor");
        for s in [Strategy::Grow { min_gain: -1.0, patience: 2 }, Strategy::Grow { min_gain: 0.01, patience: 0 }, Strategy::Random { trials: 0, bounds: Bounds::default() }] {
            assert!(matches!(ArchJob::new(c.clone(), s, 10), Err(crate::engine::EngineError::Problem(Problem::SearchSettings { .. }))));
        }
        let b = Bounds { width: (8, 2), ..Bounds::default() };
        assert!(ArchJob::new(c.clone(), Strategy::Random { trials: 2, bounds: b }, 10).is_err());
        assert!(ArchJob::new(c, Strategy::Grow { min_gain: 0.01, patience: 2 }, 0).is_err());
    }
}
