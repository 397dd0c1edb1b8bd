//! The loss surface: a two-dimensional slice of parameter space through the current weights θ,
//! L(θ + α·d₁ + β·d₂) on an n×n grid of (α, β), with the training path projected onto it.
//!
//! - **The loss** is the data loss (no weight penalty) on the whole training set in evaluation
//!   mode, as [`Trainer::evaluate`] reports it, computed by [`loss::loss_columns`] (the plain
//!   Rust twin of [`loss::loss`]): so the grid value at (0, 0) is the current training loss.
//! - **Fast**: the network's parameters are flattened into one vector ([`ParamLayout`]) and
//!   the forward pass runs in plain Rust over the training set, neuron by neuron over all
//!   samples (loops that vectorize), with the same rational tanh as the Candle op
//!   ([`super::tanh`]) and vectorizable exp/log ([`super::fastmath`]). A 41×41 grid of a
//!   2-8-8-1 tanh network takes ~20 ms natively over 500 training points, ~10 ms over the
//!   page's default 250 (`cargo bench --bench engine`). In wasm32 the dense layer is written
//!   with simd128 intrinsics (LLVM does not vectorize the plain one there; see `dense`).
//! - **Directions** ([`Directions`]):
//!   - *random*: two Gaussian directions from a seeded ChaCha8 stream, **filter-normalized**
//!     (Li, Xu, Taylor, Studer & Goldstein 2018, "Visualizing the Loss Landscape of Neural
//!     Nets", §4): each neuron's block of the direction is scaled to the norm of the same
//!     block of θ. A block is the neuron's incoming weights *and its bias*: the rescaling
//!     symmetry that motivates filter normalization (multiply a ReLU neuron's incoming
//!     weights and bias by c > 0 and its outgoing weights by 1/c: same function) acts on
//!     weights and bias together, so they are normalized together. (Li et al.'s code sets
//!     bias directions to zero instead, because conv biases are separate tensors there.)
//!     A block of θ that is all zero gives a zero block.
//!   - *pca*: the first two principal components of the recorded trajectory (snapshots of θ,
//!     [`Trajectory`]) relative to the current θ, as in Li et al. §7: PCA of the matrix of
//!     θᵢ − θ (centered, as scikit-learn's PCA), with the fraction of the variance each
//!     component explains. The sign of each component makes the path's start lie at
//!     negative coordinates.
//!   - *weights*: unit vectors along two chosen parameters (flat indices, [`ParamLayout`]).
//! - **The path**: each snapshot's coordinates in the plane relative to θ, the least-squares
//!   (α, β) of θᵢ − θ ≈ α·d₁ + β·d₂ (for orthonormal directions, PCA and weights, simply the
//!   dot products). The current θ is (0, 0). With random directions in many dimensions the
//!   path is nearly orthogonal to the plane and projects close to (0, 0): that is the point Li
//!   et al. make for using PCA directions for paths.
//! - **Stepwise**: a [`SurfaceJob`] computes rows on request ([`SurfaceJob::step`]) so the
//!   worker can interleave an 81×81 refresh with messages, report progress and cancel it (by
//!   dropping the job).

use super::data::{rng, Sample, Task};
use super::loss::{self, LossKind};
use super::model::{Activation, BN_EPS};
use super::net::Net;
use super::fastmath::{relu_f32, sigmoid_f32};
use super::tanh::tanh_slice_f32;
use super::train::Trainer;
use super::{EngineError, Result};
use candle_core::DType;
use rand_distr::{Distribution, StandardNormal};
use serde::{Deserialize, Serialize};

/// Default grid size (n×n).
pub const DEFAULT_GRID: usize = 41;
/// Smallest and largest grid sizes accepted.
pub const MIN_GRID: usize = 3;
pub const MAX_GRID: usize = 81;
/// The trajectory keeps at most this many snapshots (evenly thinned beyond).
pub const MAX_SNAPSHOTS: usize = 256;
/// The ChaCha8 stream of the random directions (data, weights and batch order use 1–3).
const STREAM_DIRECTIONS: u64 = 0x5355_5246;

/// Where each parameter sits in the flat vector: layer by layer, first the weights W (inputs ×
/// outputs, row-major as the model stores them: `W[from * outputs + to]`), then the biases;
/// after all dense layers, each batch-normalized hidden layer's γ then β. The same order as
/// [`Mlp::vars`] flattened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParamLayout {
    /// Layer widths from input to output, e.g. [2, 8, 8, 1].
    pub widths: Vec<usize>,
    /// Per hidden layer: batch norm after its dense layer (missing = none).
    pub norms: Vec<bool>,
}

/// What a plane needs to know of any network's flat parameter vector: its length, how many
/// leading numbers random directions move (the weights and biases; batch norm's γ and β,
/// which follow, stay), and the blocks of filter normalization (a dense neuron's incoming
/// weights and bias; a convolution filter's kernel and bias).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Blocks {
    pub len: usize,
    pub perturbed: usize,
    pub blocks: Vec<Vec<usize>>,
}

impl Blocks {
    /// The blocks of any network, from its parameters in [`Net::vars`] order.
    pub fn of(net: &Net) -> Blocks {
        if let Net::Mlp(m) = net {
            return ParamLayout::for_model(&m.config).blocks();
        }
        let mut blocks = Vec::new();
        let mut at = 0;
        let norms: usize = net.norms().iter().map(|n| 2 * n.gamma.elem_count()).sum();
        let vars = net.vars();
        let weights = &vars[..vars.len() - net.norms().len() * 2];
        let mut i = 0;
        while i < weights.len() {
            let w = &weights[i];
            let dims = w.dims().to_vec();
            let (rows, cols) = (dims[0], *dims.get(1).unwrap_or(&1));
            // A convolution's W holds its biases as the last row; a dense layer's biases are
            // the next var.
            let bias_next = weights.get(i + 1).is_some_and(|b| b.rank() == 1);
            for to in 0..cols {
                let mut b: Vec<usize> = (0..rows).map(|r| at + r * cols + to).collect();
                if bias_next {
                    b.push(at + rows * cols + to);
                }
                blocks.push(b);
            }
            at += rows * cols + if bias_next { cols } else { 0 };
            i += if bias_next { 2 } else { 1 };
        }
        Blocks { len: at + norms, perturbed: at, blocks }
    }
}

/// One parameter, named.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Param {
    /// The weight of layer `layer` (0 = input → first hidden) from neuron `from` to `to`.
    Weight { layer: usize, from: usize, to: usize },
    /// The bias of neuron `neuron` of layer `layer`'s outputs.
    Bias { layer: usize, neuron: usize },
    /// Batch norm's scale γ of neuron `neuron` of hidden layer `layer` (layer `layer`'s outputs).
    Gamma { layer: usize, neuron: usize },
    /// Batch norm's shift β, likewise.
    Beta { layer: usize, neuron: usize },
}

impl ParamLayout {
    /// A network without batch norm.
    pub fn new(widths: &[usize]) -> ParamLayout {
        ParamLayout { widths: widths.to_vec(), norms: vec![] }
    }

    /// A network with batch norm after the hidden layers whose flag is set.
    pub fn with_norms(widths: &[usize], norms: &[bool]) -> ParamLayout {
        let hidden = widths.len().saturating_sub(2);
        let mut norms: Vec<bool> = norms.iter().copied().take(hidden).collect();
        while norms.last() == Some(&false) {
            norms.pop();
        }
        ParamLayout { widths: widths.to_vec(), norms }
    }

    /// The layout of a model configuration.
    pub fn for_model(c: &crate::engine::ModelConfig) -> ParamLayout {
        let norms: Vec<bool> = (0..c.hidden().len()).map(|i| c.has_batch_norm(i)).collect();
        ParamLayout::with_norms(&c.widths(), &norms)
    }

    /// Whether hidden layer `l` has batch norm.
    pub fn has_norm(&self, l: usize) -> bool {
        self.norms.get(l).copied().unwrap_or(false) && l + 2 < self.widths.len()
    }

    /// Number of dense parameters (weights and biases); γ and β follow them.
    pub fn dense_len(&self) -> usize {
        self.offset(self.layers())
    }

    /// Flat offset of hidden layer `l`'s γ (its β follows at `+ width`), if it has batch norm.
    pub fn norm_offset(&self, l: usize) -> Option<usize> {
        self.has_norm(l).then(|| self.dense_len() + (0..l).filter(|&j| self.has_norm(j)).map(|j| 2 * self.widths[j + 1]).sum::<usize>())
    }

    /// The number of layers of weights.
    pub fn layers(&self) -> usize {
        self.widths.len().saturating_sub(1)
    }

    /// Flat offset of layer `l`'s weights; its biases follow at `+ inputs·outputs`.
    pub fn offset(&self, l: usize) -> usize {
        self.widths.windows(2).take(l).map(|p| p[0] * p[1] + p[1]).sum()
    }

    /// Number of parameters.
    pub fn len(&self) -> usize {
        self.dense_len() + (0..self.layers()).filter(|&l| self.has_norm(l)).map(|l| 2 * self.widths[l + 1]).sum::<usize>()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The flat index of a parameter, if it exists.
    pub fn index(&self, p: Param) -> Option<usize> {
        match p {
            Param::Weight { layer, from, to } if layer < self.layers() => {
                let (i, o) = (self.widths[layer], self.widths[layer + 1]);
                (from < i && to < o).then(|| self.offset(layer) + from * o + to)
            }
            Param::Bias { layer, neuron } if layer < self.layers() => {
                let (i, o) = (self.widths[layer], self.widths[layer + 1]);
                (neuron < o).then(|| self.offset(layer) + i * o + neuron)
            }
            Param::Gamma { layer, neuron } => self.norm_offset(layer).filter(|_| neuron < self.widths[layer + 1]).map(|g| g + neuron),
            Param::Beta { layer, neuron } => {
                self.norm_offset(layer).filter(|_| neuron < self.widths[layer + 1]).map(|g| g + self.widths[layer + 1] + neuron)
            }
            _ => None,
        }
    }

    /// The parameter at a flat index.
    pub fn param(&self, index: usize) -> Option<Param> {
        for layer in 0..self.layers() {
            let (i, o) = (self.widths[layer], self.widths[layer + 1]);
            let start = self.offset(layer);
            if index < start + i * o {
                let k = index - start;
                return Some(Param::Weight { layer, from: k / o, to: k % o });
            }
            if index < start + i * o + o {
                return Some(Param::Bias { layer, neuron: index - start - i * o });
            }
        }
        for layer in 0..self.layers() {
            let Some(g) = self.norm_offset(layer) else { continue };
            let w = self.widths[layer + 1];
            if (g..g + w).contains(&index) {
                return Some(Param::Gamma { layer, neuron: index - g });
            }
            if (g + w..g + 2 * w).contains(&index) {
                return Some(Param::Beta { layer, neuron: index - g - w });
            }
        }
        None
    }

    /// What the plane needs to know of this network.
    pub fn blocks(&self) -> Blocks {
        Blocks { len: self.len(), perturbed: self.dense_len(), blocks: self.neuron_blocks() }
    }

    /// The flat indices of each neuron's block, layer by layer: its incoming weights and its
    /// bias (the blocks of filter normalization). Batch norm's γ and β are in no block.
    pub fn neuron_blocks(&self) -> Vec<Vec<usize>> {
        let mut blocks = Vec::new();
        for layer in 0..self.layers() {
            let (i, o) = (self.widths[layer], self.widths[layer + 1]);
            let start = self.offset(layer);
            for to in 0..o {
                let mut b: Vec<usize> = (0..i).map(|from| start + from * o + to).collect();
                b.push(start + i * o + to);
                blocks.push(b);
            }
        }
        blocks
    }
}

/// The model's parameters as one flat f32 vector, in [`Net::vars`]'s order (for the MLP,
/// [`ParamLayout`]'s).
pub fn flatten(model: &Net) -> Result<Vec<f32>> {
    let mut out = Vec::with_capacity(model.parameter_count());
    for var in model.vars() {
        out.extend(var.flatten_all()?.to_dtype(DType::F32)?.to_vec1::<f32>()?);
    }
    Ok(out)
}

/// Snapshots of θ over training (for PCA directions and the path). Keeps at most `capacity`:
/// when full, every other snapshot is dropped and from then on only every second (fourth, …)
/// recorded one is kept, so the kept ones stay evenly spread over the run.
#[derive(Clone, Debug, PartialEq)]
pub struct Trajectory {
    /// The epoch of each snapshot.
    pub epochs: Vec<usize>,
    pub snapshots: Vec<Vec<f32>>,
    capacity: usize,
    stride: usize,
    calls: usize,
}

impl Default for Trajectory {
    fn default() -> Self {
        Trajectory::new(MAX_SNAPSHOTS)
    }
}

impl Trajectory {
    pub fn new(capacity: usize) -> Trajectory {
        Trajectory { epochs: Vec::new(), snapshots: Vec::new(), capacity: capacity.max(2), stride: 1, calls: 0 }
    }

    pub fn len(&self) -> usize {
        self.snapshots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.snapshots.is_empty()
    }

    pub fn clear(&mut self) {
        *self = Trajectory::new(self.capacity);
    }

    /// Offers a snapshot; it is kept if it falls on the current stride.
    pub fn record(&mut self, epoch: usize, params: Vec<f32>) {
        let keep = self.calls.is_multiple_of(self.stride);
        self.calls += 1;
        if !keep {
            return;
        }
        if self.snapshots.len() == self.capacity {
            let mut i = 0;
            self.snapshots.retain(|_| {
                i += 1;
                i % 2 == 1
            });
            let mut i = 0;
            self.epochs.retain(|_| {
                i += 1;
                i % 2 == 1
            });
            self.stride *= 2;
            if !(self.calls - 1).is_multiple_of(self.stride) {
                return;
            }
        }
        self.epochs.push(epoch);
        self.snapshots.push(params);
    }

    /// Offers a snapshot that `params` computes only if it will be kept (so the model is not
    /// flattened on epochs the thinning would drop). The same as `record(epoch, params()?)`.
    pub fn record_with(&mut self, epoch: usize, params: impl FnOnce() -> Result<Vec<f32>>) -> Result<()> {
        if !self.calls.is_multiple_of(self.stride) {
            self.calls += 1;
            return Ok(());
        }
        self.record(epoch, params()?);
        Ok(())
    }

    /// Records the trainer's current weights at its current epoch.
    pub fn record_trainer(&mut self, t: &Trainer) -> Result<()> {
        self.record(t.epoch(), flatten(t.model())?);
        Ok(())
    }

    /// The `count` parameters that moved most between the first snapshot and `current`
    /// (largest |Δ| first): a good default for weight directions.
    pub fn most_moved(&self, current: &[f32], count: usize) -> Vec<usize> {
        let first = self.snapshots.first().map(Vec::as_slice).unwrap_or(current);
        let mut idx: Vec<usize> = (0..current.len().min(first.len())).collect();
        idx.sort_by(|&a, &b| {
            let (da, db) = ((current[a] - first[a]).abs(), (current[b] - first[b]).abs());
            db.partial_cmp(&da).unwrap_or(std::cmp::Ordering::Equal).then(a.cmp(&b))
        });
        idx.truncate(count);
        idx
    }
}

/// How the plane's two directions are chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Directions {
    /// Two filter-normalized Gaussian directions from this seed.
    Random { seed: u64 },
    /// The first two principal components of the trajectory.
    Pca,
    /// Unit vectors along two parameters (flat indices, [`ParamLayout`]).
    Weights { first: usize, second: usize },
}

impl Directions {
    /// The command line's name: "random", "pca", "weights".
    pub fn name(&self) -> &'static str {
        match self {
            Directions::Random { .. } => "random",
            Directions::Pca => "pca",
            Directions::Weights { .. } => "weights",
        }
    }
}

/// The plane θ + α·d₁ + β·d₂.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Plane {
    pub origin: Vec<f32>,
    pub d1: Vec<f32>,
    pub d2: Vec<f32>,
    pub directions: Directions,
    /// PCA only: the fraction of the trajectory's variance along d₁ and d₂.
    pub explained: Option<[f64; 2]>,
}

fn dot(a: &[f32], b: &[f32]) -> f64 {
    a.iter().zip(b).map(|(&x, &y)| x as f64 * y as f64).sum()
}

impl Plane {
    /// Builds the plane through `origin` (the current θ) for `directions`; `trajectory` is
    /// needed for PCA only.
    pub fn new(directions: Directions, origin: &[f32], layout: &Blocks, trajectory: &Trajectory) -> Result<Plane> {
        if origin.len() != layout.len {
            return Err(EngineError::Config(format!("θ has {} numbers but the network {}", origin.len(), layout.len)));
        }
        let (d1, d2, explained) = match directions {
            Directions::Random { seed } => {
                let (d1, d2) = random_directions(origin, layout, seed);
                (d1, d2, None)
            }
            Directions::Pca => {
                let (d1, d2, ex) = pca_directions(origin, &trajectory.snapshots)?;
                (d1, d2, Some(ex))
            }
            Directions::Weights { first, second } => {
                let p = origin.len();
                if first >= p || second >= p || first == second {
                    return Err(EngineError::Config(format!(
                        "weight directions need two different parameters below {p}, not {first} and {second}"
                    )));
                }
                let mut d1 = vec![0.0; p];
                let mut d2 = vec![0.0; p];
                d1[first] = 1.0;
                d2[second] = 1.0;
                (d1, d2, None)
            }
        };
        let plane = Plane { origin: origin.to_vec(), d1, d2, directions, explained };
        let (g11, g12, g22) = plane.gram();
        if !(g11 > 0.0 && g22 > 0.0 && g11 * g22 - g12 * g12 > 1e-12 * g11 * g22) {
            return Err(EngineError::Config(
                "the two directions are zero or parallel (are all weights zero? train first, or choose other directions)"
                    .into(),
            ));
        }
        Ok(plane)
    }

    fn gram(&self) -> (f64, f64, f64) {
        (dot(&self.d1, &self.d1), dot(&self.d1, &self.d2), dot(&self.d2, &self.d2))
    }

    /// θ + α·d₁ + β·d₂ into `out`.
    pub fn point(&self, alpha: f32, beta: f32, out: &mut [f32]) {
        for (((o, &t), &a), &b) in out.iter_mut().zip(&self.origin).zip(&self.d1).zip(&self.d2) {
            *o = t + alpha * a + beta * b;
        }
    }

    /// The (α, β) whose plane point is nearest to `theta` (least squares; exact when `theta`
    /// lies in the plane).
    pub fn project(&self, theta: &[f32]) -> (f64, f64) {
        let (g11, g12, g22) = self.gram();
        let (mut r1, mut r2) = (0.0f64, 0.0f64);
        for (((&t, &o), &a), &b) in theta.iter().zip(&self.origin).zip(&self.d1).zip(&self.d2) {
            let delta = t as f64 - o as f64;
            r1 += a as f64 * delta;
            r2 += b as f64 * delta;
        }
        let det = g11 * g22 - g12 * g12;
        ((g22 * r1 - g12 * r2) / det, (g11 * r2 - g12 * r1) / det)
    }

    /// Each snapshot's (α, β), then the current θ's (0, 0).
    pub fn project_path(&self, snapshots: &[Vec<f32>]) -> Vec<(f32, f32)> {
        let mut path: Vec<(f32, f32)> = snapshots
            .iter()
            .map(|s| {
                let (a, b) = self.project(s);
                (a as f32, b as f32)
            })
            .collect();
        path.push((0.0, 0.0));
        path
    }
}

/// Two Gaussian directions, filter-normalized per neuron block (weights and bias).
fn random_directions(origin: &[f32], layout: &Blocks, seed: u64) -> (Vec<f32>, Vec<f32>) {
    let mut r = rng(seed, STREAM_DIRECTIONS);
    let mut draw = || -> Vec<f32> {
        let mut d: Vec<f32> = (0..origin.len()).map(|_| StandardNormal.sample(&mut r)).collect();
        filter_normalize(&mut d, origin, layout);
        // Batch norm's γ and β stay where they are (as Li et al. leave batch-norm parameters
        // unperturbed): the slice moves the dense weights and biases only.
        d.iter_mut().skip(layout.perturbed).for_each(|v| *v = 0.0);
        d
    };
    let d1 = draw();
    let d2 = draw();
    (d1, d2)
}

/// Scales each neuron block of `d` to the norm of the same block of `theta`.
pub fn filter_normalize(d: &mut [f32], theta: &[f32], layout: &Blocks) {
    for block in &layout.blocks {
        let norm = |v: &[f32]| block.iter().map(|&i| (v[i] as f64).powi(2)).sum::<f64>().sqrt();
        let (dn, tn) = (norm(d), norm(theta));
        let scale = if dn > 0.0 { tn / dn } else { 0.0 };
        for &i in block {
            d[i] = (d[i] as f64 * scale) as f32;
        }
    }
}

/// The first two principal components of the snapshots relative to `origin`, and the fraction
/// of the variance each explains.
fn pca_directions(origin: &[f32], snapshots: &[Vec<f32>]) -> Result<(Vec<f32>, Vec<f32>, [f64; 2])> {
    let p = origin.len();
    if snapshots.len() < 3 || snapshots.iter().any(|s| s.len() != p) {
        return Err(EngineError::Config("PCA directions need at least 3 recorded snapshots of the weights: train a few epochs first".into()));
    }
    // Rows xᵢ = θᵢ − θ, then centered.
    let m = snapshots.len();
    let mut x: Vec<Vec<f64>> =
        snapshots.iter().map(|s| s.iter().zip(origin).map(|(&a, &o)| a as f64 - o as f64).collect()).collect();
    let mean: Vec<f64> = (0..p).map(|j| x.iter().map(|r| r[j]).sum::<f64>() / m as f64).collect();
    for r in &mut x {
        for (v, mu) in r.iter_mut().zip(&mean) {
            *v -= mu;
        }
    }
    let total: f64 = x.iter().flatten().map(|v| v * v).sum();
    if !(total.is_finite() && total > 0.0) {
        return Err(EngineError::Config("the weights did not move (or are not finite): no principal components".into()));
    }
    // Eigenvectors of the smaller of XᵀX (p×p) and XXᵀ (m×m); their nonzero eigenvalues agree.
    let (vectors, values): (Vec<Vec<f64>>, Vec<f64>) = if p <= m {
        let mut c = vec![0.0; p * p];
        for r in &x {
            for i in 0..p {
                if r[i] == 0.0 {
                    continue;
                }
                for j in i..p {
                    c[i * p + j] += r[i] * r[j];
                }
            }
        }
        for i in 0..p {
            for j in 0..i {
                c[i * p + j] = c[j * p + i];
            }
        }
        let pairs = top_eigen(&c, p, 2);
        (pairs.iter().map(|(_, v)| v.clone()).collect(), pairs.iter().map(|(l, _)| *l).collect())
    } else {
        let mut g = vec![0.0; m * m];
        for i in 0..m {
            for j in i..m {
                let v: f64 = x[i].iter().zip(&x[j]).map(|(a, b)| a * b).sum();
                g[i * m + j] = v;
                g[j * m + i] = v;
            }
        }
        let pairs = top_eigen(&g, m, 2);
        // v = Xᵀu, normalized.
        let vs = pairs.iter().map(|(_, u)| (0..p).map(|j| (0..m).map(|i| x[i][j] * u[i]).sum::<f64>()).collect()).collect();
        (vs, pairs.iter().map(|(l, _)| *l).collect())
    };
    let mut v1 = vectors.first().cloned().unwrap_or_else(|| vec![0.0; p]);
    let mut v2 = vectors.get(1).cloned().unwrap_or_else(|| vec![0.0; p]);
    if !normalize(&mut v1) {
        return Err(EngineError::Config("no principal component found".into()));
    }
    // Orthonormal to v1 (a flat second component — a straight path — gets any such vector).
    orthogonalize(&mut v2, &v1);
    if !normalize(&mut v2) {
        let j = (0..p).min_by(|&a, &b| v1[a].abs().partial_cmp(&v1[b].abs()).unwrap_or(std::cmp::Ordering::Equal)).unwrap_or(0);
        v2 = vec![0.0; p];
        v2[j] = 1.0;
        orthogonalize(&mut v2, &v1);
        normalize(&mut v2);
    }
    // The path's start at negative coordinates.
    let start: Vec<f64> = snapshots[0].iter().zip(origin).map(|(&a, &o)| a as f64 - o as f64).collect();
    for v in [&mut v1, &mut v2] {
        if v.iter().zip(&start).map(|(a, b)| a * b).sum::<f64>() > 0.0 {
            v.iter_mut().for_each(|x| *x = -*x);
        }
    }
    let ex = [values.first().copied().unwrap_or(0.0) / total, values.get(1).copied().unwrap_or(0.0) / total];
    let f = |v: Vec<f64>| v.into_iter().map(|x| x as f32).collect::<Vec<f32>>();
    Ok((f(v1), f(v2), [ex[0].clamp(0.0, 1.0), ex[1].clamp(0.0, 1.0)]))
}

/// Scales `v` to unit length; false if it is (numerically) zero.
fn normalize(v: &mut [f64]) -> bool {
    let n = v.iter().map(|x| x * x).sum::<f64>().sqrt();
    if !(n.is_finite() && n > 1e-300) {
        return false;
    }
    v.iter_mut().for_each(|x| *x /= n);
    true
}

/// Removes from `v` its component along the unit vector `u`.
fn orthogonalize(v: &mut [f64], u: &[f64]) {
    let d: f64 = v.iter().zip(u).map(|(a, b)| a * b).sum();
    v.iter_mut().zip(u).for_each(|(x, &b)| *x -= d * b);
}

/// Eigenvalues and unit eigenvectors of the symmetric k×k matrix `a` by cyclic Jacobi
/// rotations, largest first.
fn jacobi_eigen(a: &[f64], k: usize) -> Vec<(f64, Vec<f64>)> {
    let mut a = a.to_vec();
    let mut v = vec![0.0; k * k];
    for i in 0..k {
        v[i * k + i] = 1.0;
    }
    for _sweep in 0..100 {
        let off: f64 = (0..k).flat_map(|i| (0..k).filter(move |&j| j != i).map(move |j| (i, j))).map(|(i, j)| a[i * k + j].powi(2)).sum();
        let diag: f64 = (0..k).map(|i| a[i * k + i].powi(2)).sum();
        if off <= 1e-30 * diag.max(1e-300) {
            break;
        }
        for p in 0..k {
            for q in p + 1..k {
                let apq = a[p * k + q];
                if apq == 0.0 {
                    continue;
                }
                let theta = (a[q * k + q] - a[p * k + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for r in 0..k {
                    let (arp, arq) = (a[r * k + p], a[r * k + q]);
                    a[r * k + p] = c * arp - s * arq;
                    a[r * k + q] = s * arp + c * arq;
                }
                for r in 0..k {
                    let (apr, aqr) = (a[p * k + r], a[q * k + r]);
                    a[p * k + r] = c * apr - s * aqr;
                    a[q * k + r] = s * apr + c * aqr;
                }
                for r in 0..k {
                    let (vrp, vrq) = (v[r * k + p], v[r * k + q]);
                    v[r * k + p] = c * vrp - s * vrq;
                    v[r * k + q] = s * vrp + c * vrq;
                }
            }
        }
    }
    let mut pairs: Vec<(f64, Vec<f64>)> = (0..k).map(|j| (a[j * k + j], (0..k).map(|r| v[r * k + j]).collect())).collect();
    pairs.sort_by(|x, y| y.0.partial_cmp(&x.0).unwrap_or(std::cmp::Ordering::Equal));
    pairs
}

/// The `want` largest eigenpairs of the symmetric positive semi-definite dim×dim matrix `a`,
/// by block subspace iteration with Rayleigh–Ritz (a block of `want` + 4 vectors, so the
/// convergence rate is λ_{want+5}/λ_want), stopping when every wanted residual
/// ‖A·v − λ·v‖ is below 1e-10·λ₁. Small matrices go to Jacobi directly.
fn top_eigen(a: &[f64], dim: usize, want: usize) -> Vec<(f64, Vec<f64>)> {
    let k = (want + 4).min(dim);
    if dim <= 24 {
        let mut pairs = jacobi_eigen(a, dim);
        pairs.truncate(want);
        return pairs;
    }
    let matvec = |x: &[f64]| -> Vec<f64> { (0..dim).map(|i| a[i * dim..(i + 1) * dim].iter().zip(x).map(|(p, q)| p * q).sum()).collect() };
    let mut r = rng(0, STREAM_DIRECTIONS);
    let mut q: Vec<Vec<f64>> = (0..k).map(|_| (0..dim).map(|_| StandardNormal.sample(&mut r)).collect()).collect();
    gram_schmidt(&mut q, &mut r);
    let mut best = Vec::new();
    for _ in 0..2000 {
        let z: Vec<Vec<f64>> = q.iter().map(|v| matvec(v)).collect();
        // H = Qᵀ A Q.
        let mut h = vec![0.0; k * k];
        for i in 0..k {
            for j in 0..k {
                h[i * k + j] = q[i].iter().zip(&z[j]).map(|(x, y)| x * y).sum();
            }
        }
        for i in 0..k {
            for j in 0..i {
                let s = 0.5 * (h[i * k + j] + h[j * k + i]);
                h[i * k + j] = s;
                h[j * k + i] = s;
            }
        }
        let ritz = jacobi_eigen(&h, k);
        // Ritz vectors Y = Q·U and A·Y = Z·U.
        let combine = |basis: &[Vec<f64>], u: &[f64]| -> Vec<f64> {
            let mut out = vec![0.0; dim];
            for (b, &c) in basis.iter().zip(u) {
                out.iter_mut().zip(b).for_each(|(o, &x)| *o += c * x);
            }
            out
        };
        let ys: Vec<Vec<f64>> = ritz.iter().map(|(_, u)| combine(&q, u)).collect();
        let ay: Vec<Vec<f64>> = ritz.iter().map(|(_, u)| combine(&z, u)).collect();
        let scale = ritz.first().map_or(0.0, |p| p.0.abs()).max(1e-300);
        let converged = (0..want.min(k)).all(|i| {
            let res: f64 = ay[i].iter().zip(&ys[i]).map(|(a, y)| (a - ritz[i].0 * y).powi(2)).sum::<f64>().sqrt();
            res <= 1e-10 * scale
        });
        best = ritz.iter().zip(ys).take(want).map(|((l, _), y)| (*l, y)).collect();
        if converged {
            break;
        }
        q = ay;
        gram_schmidt(&mut q, &mut r);
    }
    best
}

/// Orthonormalizes the vectors in place (modified Gram–Schmidt); a vector that collapses is
/// replaced by a random one.
fn gram_schmidt(q: &mut [Vec<f64>], r: &mut rand_chacha::ChaCha8Rng) {
    for i in 0..q.len() {
        for _ in 0..4 {
            for j in 0..i {
                let (done, rest) = q.split_at_mut(i);
                orthogonalize(&mut rest[0], &done[j]);
            }
            if normalize(&mut q[i]) {
                break;
            }
            let dim = q[i].len();
            q[i] = (0..dim).map(|_| StandardNormal.sample(&mut *r)).collect();
        }
    }
}

/// Evaluates the data loss over the training set at any flat parameter vector, in plain Rust.
pub struct Evaluator {
    layout: ParamLayout,
    activation: Activation,
    task: Task,
    loss: LossKind,
    n: usize,
    labels: Vec<f32>,
    /// Activations per layer, neuron by neuron over the samples: `acts[l][j * n + i]`;
    /// `acts[0]` holds the inputs.
    acts: Vec<Vec<f32>>,
    /// Per hidden layer with batch norm: its running mean and 1/√(running var + ε), held
    /// fixed (evaluation mode).
    norms: Vec<Option<(Vec<f32>, Vec<f32>)>>,
}

impl Evaluator {
    pub fn new(layout: ParamLayout, activation: Activation, task: Task, loss: LossKind, samples: &[Sample]) -> Result<Evaluator> {
        let inputs: Vec<f32> = samples.iter().flat_map(|s| [s.x, s.y]).collect();
        let labels: Vec<f32> = samples.iter().map(|s| s.label).collect();
        Evaluator::with_inputs(layout, activation, task, loss, &inputs, &labels)
    }

    /// As `new`, from the network's inputs (row-major, n × input width) and the labels.
    pub fn with_inputs(layout: ParamLayout, activation: Activation, task: Task, loss: LossKind, inputs: &[f32], labels: &[f32]) -> Result<Evaluator> {
        let w = &layout.widths;
        if w.len() < 2 || w.contains(&0) || *w.last().unwrap_or(&0) != task.outputs() {
            return Err(EngineError::Config(format!("a network with {} outputs is needed, not {:?}", task.outputs(), w)));
        }
        if inputs.len() != labels.len() * w[0] {
            return Err(EngineError::Config(format!("{} inputs for {} points of width {}", inputs.len(), labels.len(), w[0])));
        }
        if !loss::supports(loss, task) {
            return Err(EngineError::Config(format!("the {} loss needs a classification dataset", loss.name())));
        }
        if labels.is_empty() {
            return Err(EngineError::Config("no training points".into()));
        }
        let n = labels.len();
        let width = w[0];
        let mut acts: Vec<Vec<f32>> = w.iter().map(|&width| vec![0.0; width * n]).collect();
        for i in 0..n {
            for j in 0..width {
                acts[0][j * n + i] = inputs[i * width + j];
            }
        }
        if layout.norms.iter().any(|&b| b) {
            return Err(EngineError::Config("a network with batch norm needs its running statistics (Evaluator::with_norms)".into()));
        }
        let norms = vec![None; w.len() - 2];
        Ok(Evaluator { layout, activation, task, loss, n, labels: labels.to_vec(), acts, norms })
    }

    /// As `with_inputs`, for a network with batch norm: `running[l]` is hidden layer l's
    /// running (mean, variance), `Some` exactly where the layout has batch norm. Batch norm
    /// is evaluated as in evaluation mode, y = γ·(x − mean)/√(var + ε) + β, with these
    /// statistics held fixed and γ, β read from the parameters.
    #[allow(clippy::too_many_arguments)]
    pub fn with_norms(
        layout: ParamLayout,
        activation: Activation,
        task: Task,
        loss: LossKind,
        inputs: &[f32],
        labels: &[f32],
        running: &[Option<(Vec<f32>, Vec<f32>)>],
    ) -> Result<Evaluator> {
        let plain = ParamLayout::new(&layout.widths);
        let mut e = Evaluator::with_inputs(plain, activation, task, loss, inputs, labels)?;
        for l in 0..layout.widths.len() - 2 {
            let width = layout.widths[l + 1];
            e.norms[l] = match (layout.has_norm(l), running.get(l).and_then(|r| r.as_ref())) {
                (false, None) => None,
                (true, Some((mean, var))) if mean.len() == width && var.len() == width => {
                    let inv: Vec<f32> = var.iter().map(|&v| (1.0 / (v as f64 + BN_EPS).sqrt()) as f32).collect();
                    Some((mean.clone(), inv))
                }
                _ => return Err(EngineError::Config(format!("batch norm statistics do not match hidden layer {}", l + 1))),
            };
        }
        e.layout = layout;
        Ok(e)
    }

    /// The evaluator of a trainer's network, task, loss and training set (through the data
    /// pipeline: scale, features, scaling), with batch norm's current running statistics.
    pub fn for_trainer(t: &Trainer) -> Result<Evaluator> {
        let c = t.config();
        let (Some(p), Some(mlp)) = (t.points(), t.model().as_mlp()) else {
            return Err(EngineError::Config("the plain-Rust evaluator is for MLPs on points".into()));
        };
        let inputs = p.pipeline.transform(p.data.train.iter().map(|s| (s.x, s.y)));
        let labels: Vec<f32> = p.data.train.iter().map(|s| s.label).collect();
        let layout = ParamLayout::for_model(&c.model);
        let mut running = Vec::new();
        for bn in &mlp.norms {
            running.push(match bn {
                Some(bn) => {
                    let (m, v) = bn.running();
                    let f = |x: candle_core::Tensor| x.to_dtype(DType::F32).and_then(|x| x.to_vec1::<f32>());
                    Some((f(m)?, f(v)?))
                }
                None => None,
            });
        }
        Evaluator::with_norms(layout, c.model.activation, c.task(), c.loss, &inputs, &labels, &running)
    }

    pub fn layout(&self) -> &ParamLayout {
        &self.layout
    }

    /// The data loss at `params` (NaN if `params` has the wrong length).
    pub fn loss(&mut self, params: &[f32]) -> f32 {
        if params.len() != self.layout.len() {
            return f32::NAN;
        }
        let n = self.n;
        let last = self.layout.layers() - 1;
        for l in 0..=last {
            let (inputs, outputs) = (self.layout.widths[l], self.layout.widths[l + 1]);
            let off = self.layout.offset(l);
            let (w, b) = (&params[off..off + inputs * outputs], &params[off + inputs * outputs..off + inputs * outputs + outputs]);
            let (before, after) = self.acts.split_at_mut(l + 1);
            let (h, z) = (&before[l], &mut after[0]);
            dense(h, inputs, w, b, outputs, n, z);
            if l < last {
                if let (Some((mean, inv)), Some(g)) = (&self.norms[l], self.layout.norm_offset(l)) {
                    // Evaluation-mode batch norm: per neuron an affine map of its column.
                    let (gamma, beta) = (&params[g..g + outputs], &params[g + outputs..g + 2 * outputs]);
                    for o in 0..outputs {
                        let scale = gamma[o] * inv[o];
                        let shift = beta[o] - mean[o] * scale;
                        z[o * n..(o + 1) * n].iter_mut().for_each(|v| *v = *v * scale + shift);
                    }
                }
                match self.activation {
                    Activation::Tanh => tanh_slice_f32(z),
                    Activation::Relu => z.iter_mut().for_each(|v| *v = relu_f32(*v)),
                    Activation::Sigmoid => z.iter_mut().for_each(|v| *v = sigmoid_f32(*v)),
                    Activation::Linear => {}
                }
            }
        }
        loss::loss_columns(self.loss, self.task, &self.acts[last + 1], &self.labels)
    }
}

/// One dense layer over all samples, neuron by neuron: z[o·n + k] = b[o] + Σᵢ w[i·outputs + o]·
/// h[i·n + k]. Register-blocked: four outputs and eight samples at a time, so each input value
/// is loaded once per block (the loops over the fixed-size blocks vectorize natively). On
/// wasm32 with simd128 the blocks are written with f32x4 intrinsics (`simd::dense_block`):
/// LLVM leaves the plain block scalar there (f32.mul/f32.add, no f32x4), which made the
/// surface 2.5× slower in the browser than natively. Both compute the same sums in the same
/// order (b, then + w·h input by input, no fused multiply-add), so the results are identical.
fn dense(h: &[f32], inputs: usize, w: &[f32], b: &[f32], outputs: usize, n: usize, z: &mut [f32]) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    use simd::dense_block;
    // Every block reads h[..inputs·n], w[..inputs·outputs], b[..outputs] and writes
    // z[..outputs·n] (the wasm blocks index unchecked, relying on this).
    assert!(h.len() >= inputs * n && w.len() >= inputs * outputs && b.len() >= outputs && z.len() >= outputs * n);
    let mut o0 = 0;
    while o0 < outputs {
        o0 += match outputs - o0 {
            1 => dense_block::<1>(h, inputs, w, b, outputs, n, z, o0),
            2 => dense_block::<2>(h, inputs, w, b, outputs, n, z, o0),
            3 => dense_block::<3>(h, inputs, w, b, outputs, n, z, o0),
            _ => dense_block::<4>(h, inputs, w, b, outputs, n, z, o0),
        };
    }
}

/// Outputs o0 … o0 + G − 1 of [`dense`]; returns G.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
#[cfg_attr(all(target_arch = "wasm32", target_feature = "simd128"), allow(dead_code))]
fn dense_block<const G: usize>(h: &[f32], inputs: usize, w: &[f32], b: &[f32], outputs: usize, n: usize, z: &mut [f32], o0: usize) -> usize {
    const L: usize = 8;
    let full = n / L * L;
    let mut k0 = 0;
    while k0 < full {
        let mut acc = [[0.0f32; L]; G];
        for (j, a) in acc.iter_mut().enumerate() {
            *a = [b[o0 + j]; L];
        }
        for i in 0..inputs {
            let hv = &h[i * n + k0..i * n + k0 + L];
            let wi = &w[i * outputs + o0..i * outputs + o0 + G];
            for (a, &wj) in acc.iter_mut().zip(wi) {
                for l in 0..L {
                    a[l] += wj * hv[l];
                }
            }
        }
        for (j, a) in acc.iter().enumerate() {
            z[(o0 + j) * n + k0..(o0 + j) * n + k0 + L].copy_from_slice(a);
        }
        k0 += L;
    }
    for k in full..n {
        for j in 0..G {
            let mut s = b[o0 + j];
            for i in 0..inputs {
                s += w[i * outputs + o0 + j] * h[i * n + k];
            }
            z[(o0 + j) * n + k] = s;
        }
    }
    G
}

/// [`dense`]'s blocks in wasm32 simd128 intrinsics: two f32x4 accumulators per output (eight
/// samples), each input row loaded once per block and each weight splatted.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd {
    use core::arch::wasm32::{f32x4_add, f32x4_mul, f32x4_splat, v128, v128_load, v128_store};

    /// Outputs o0 … o0 + G − 1 of [`super::dense`]; returns G. The same arithmetic, in the
    /// same order, as the plain `super::dense_block`.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    pub(super) fn dense_block<const G: usize>(h: &[f32], inputs: usize, w: &[f32], b: &[f32], outputs: usize, n: usize, z: &mut [f32], o0: usize) -> usize {
        // `dense` asserted h.len() ≥ inputs·n, w.len() ≥ inputs·outputs, b.len() ≥ outputs,
        // z.len() ≥ outputs·n, and calls with o0 + G ≤ outputs; checked again here so that
        // this function is sound on its own (one check per block, not per element).
        assert!(o0 + G <= outputs && h.len() >= inputs * n && w.len() >= inputs * outputs && b.len() >= outputs && z.len() >= outputs * n);
        let full = n / 8 * 8;
        let (hp, wp, zp) = (h.as_ptr(), w.as_ptr(), z.as_mut_ptr());
        // SAFETY: with i < inputs, j < G, k0 + 8 ≤ full ≤ n and k < n, every index below is
        // in bounds by the assertion: i·n + k0 + 7 < inputs·n, i·outputs + o0 + j <
        // inputs·outputs, o0 + j < outputs, (o0 + j)·n + k0 + 7 < outputs·n. v128_load and
        // v128_store need no alignment; h and z do not overlap (& and &mut).
        unsafe {
            let mut k0 = 0;
            while k0 < full {
                let mut acc = [[f32x4_splat(0.0); 2]; G];
                for (j, a) in acc.iter_mut().enumerate() {
                    let bj = f32x4_splat(*b.get_unchecked(o0 + j));
                    *a = [bj, bj];
                }
                for i in 0..inputs {
                    let p = hp.add(i * n + k0);
                    let (h0, h1) = (v128_load(p as *const v128), v128_load(p.add(4) as *const v128));
                    for (j, a) in acc.iter_mut().enumerate() {
                        let wj = f32x4_splat(*wp.add(i * outputs + o0 + j));
                        a[0] = f32x4_add(a[0], f32x4_mul(wj, h0));
                        a[1] = f32x4_add(a[1], f32x4_mul(wj, h1));
                    }
                }
                for (j, a) in acc.iter().enumerate() {
                    let p = zp.add((o0 + j) * n + k0);
                    v128_store(p as *mut v128, a[0]);
                    v128_store(p.add(4) as *mut v128, a[1]);
                }
                k0 += 8;
            }
            for k in full..n {
                for j in 0..G {
                    let mut s = *b.get_unchecked(o0 + j);
                    for i in 0..inputs {
                        s += *wp.add(i * outputs + o0 + j) * *hp.add(i * n + k);
                    }
                    *zp.add((o0 + j) * n + k) = s;
                }
            }
        }
        G
    }
}

/// The grid: n×n nodes, α from `alpha.0` to `alpha.1` over the columns, β from `beta.0` to
/// `beta.1` over the rows (both ends included, so an odd n over a symmetric range has (0, 0)
/// at its centre node).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GridSpec {
    pub n: usize,
    pub alpha: (f32, f32),
    pub beta: (f32, f32),
}

impl GridSpec {
    pub fn new(n: usize, alpha: (f32, f32), beta: (f32, f32)) -> Result<GridSpec> {
        if !(MIN_GRID..=MAX_GRID).contains(&n) {
            return Err(EngineError::Config(format!("the grid must be {MIN_GRID} to {MAX_GRID} points a side, not {n}")));
        }
        for (lo, hi) in [alpha, beta] {
            if !(lo.is_finite() && hi.is_finite() && lo < hi) {
                return Err(EngineError::Config(format!("bad grid range {lo} to {hi}")));
            }
        }
        Ok(GridSpec { n, alpha, beta })
    }

    /// A symmetric window around (0, 0) that holds the path with 15 % to spare: each
    /// half-width is at least `min_half`, and β's at least a quarter of α's (so a straight
    /// path does not give a sliver).
    pub fn fit(n: usize, path: &[(f32, f32)], min_half: f32) -> Result<GridSpec> {
        let reach = |f: fn(&(f32, f32)) -> f32| path.iter().map(f).filter(|v| v.is_finite()).fold(0.0f32, |m, v| m.max(v.abs()));
        let min_half = if min_half.is_finite() && min_half > 0.0 { min_half } else { 1.0 };
        let ha = (1.15 * reach(|p| p.0)).max(min_half);
        let hb = (1.15 * reach(|p| p.1)).max(min_half).max(0.25 * ha);
        GridSpec::new(n, (-ha, ha), (-hb, hb))
    }

    /// α of column `c`.
    pub fn alpha_at(&self, c: usize) -> f32 {
        lerp(self.alpha, c, self.n)
    }

    /// β of row `r`.
    pub fn beta_at(&self, r: usize) -> f32 {
        lerp(self.beta, r, self.n)
    }
}

fn lerp((lo, hi): (f32, f32), i: usize, n: usize) -> f32 {
    let t = i as f64 / (n - 1).max(1) as f64;
    (lo as f64 + (hi as f64 - lo as f64) * t) as f32
}

/// A computed (or partly computed) surface: what the page and the command line draw.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Surface {
    pub grid: GridSpec,
    /// n×n losses, row-major: `values[r * n + c]` = L(θ + α_c·d₁ + β_r·d₂), row 0 at the
    /// smallest β. NaN where not computed yet (or where the loss is not finite).
    pub values: Vec<f32>,
    /// How many rows are computed (from row 0).
    pub rows_done: usize,
    /// The trajectory's (α, β), ending at the current θ = (0, 0).
    pub path: Vec<(f32, f32)>,
    /// The loss at each path point's projection in the plane (filled in after the last row;
    /// empty before): heights for the 3-D view.
    pub path_loss: Vec<f32>,
    /// The epoch of each path point (the last is the current epoch).
    pub path_epochs: Vec<usize>,
    pub directions: Directions,
    /// PCA only: the fraction of the trajectory's variance along each direction.
    pub explained: Option<[f64; 2]>,
    /// The loss at (0, 0), the current θ: the current training loss.
    pub origin_loss: f32,
    /// The loss is over this many of the training examples (used, of all): all of them for
    /// the MLP's plain-Rust evaluator, a fixed subset ([`SUBSET`]) for Candle's.
    pub examples: (usize, usize),
}

impl Surface {
    pub fn value(&self, row: usize, col: usize) -> f32 {
        self.values.get(row * self.grid.n + col).copied().unwrap_or(f32::NAN)
    }

    pub fn is_complete(&self) -> bool {
        self.rows_done == self.grid.n && self.path_loss.len() == self.path.len()
    }

    /// The finite losses' (min, max), if any.
    pub fn range(&self) -> Option<(f32, f32)> {
        let mut it = self.values.iter().copied().chain(self.path_loss.iter().copied()).filter(|v| v.is_finite());
        let first = it.next()?;
        Some(it.fold((first, first), |(lo, hi), v| (lo.min(v), hi.max(v))))
    }
}

/// Training examples Candle's evaluator takes the loss over (the first of the seeded
/// training split).
pub const SUBSET: usize = 256;

/// The data loss of any family at any flat θ, by Candle forward passes in evaluation mode
/// over the first [`SUBSET`] training examples: a copy of the trainer's network (running
/// statistics included) whose parameters are set from θ for each point. Slower than the
/// MLP's plain-Rust [`Evaluator`] (one batched forward pass per grid point), which stays the
/// fast path.
pub struct CandleEvaluator {
    net: Net,
    x: candle_core::Tensor,
    y: candle_core::Tensor,
    task: Task,
    loss: LossKind,
    total: usize,
}

impl CandleEvaluator {
    pub fn for_trainer(t: &Trainer) -> Result<CandleEvaluator> {
        let c = t.config();
        let net = Net::new(t.model().config(), c.seed, DType::F32, &candle_core::Device::Cpu)?;
        for (mine, theirs) in net.vars().iter().zip(t.model().vars()) {
            mine.set(&theirs.as_tensor().to_dtype(DType::F32)?)?;
        }
        for (mine, theirs) in net.norms().iter().zip(t.model().norms()) {
            let (m, v) = theirs.running();
            mine.set_running(m.to_dtype(DType::F32)?, v.to_dtype(DType::F32)?);
        }
        let total = t.train_len();
        let n = total.min(SUBSET);
        let x = t.x_train().narrow(0, 0, n)?.to_dtype(DType::F32)?;
        let y = t.y_train().narrow(0, 0, n)?.to_dtype(DType::F32)?;
        Ok(CandleEvaluator { net, x, y, task: c.task(), loss: c.loss, total })
    }

    /// The data loss at `params` (NaN if it has the wrong length or a step fails).
    pub fn loss(&mut self, params: &[f32]) -> f32 {
        let mut at = 0;
        for v in self.net.vars() {
            let n = v.elem_count();
            let Some(chunk) = params.get(at..at + n) else { return f32::NAN };
            at += n;
            let set = candle_core::Tensor::from_slice(chunk, v.shape(), v.device()).and_then(|t| v.set(&t));
            if set.is_err() {
                return f32::NAN;
            }
        }
        if at != params.len() {
            return f32::NAN;
        }
        let z = match self.net.forward_t(&self.x, super::model::Mode::Eval) {
            Ok(z) => z,
            Err(_) => return f32::NAN,
        };
        loss::loss(self.loss, self.task, &z, &self.y).and_then(|l| l.to_scalar::<f32>()).unwrap_or(f32::NAN)
    }
}

/// The surface's loss: the MLP's plain-Rust fast path, or Candle's for every family.
pub enum Eval {
    Fast(Evaluator),
    Candle(CandleEvaluator),
}

impl From<Evaluator> for Eval {
    fn from(e: Evaluator) -> Eval {
        Eval::Fast(e)
    }
}

impl Eval {
    /// The fast path for an MLP on points, else Candle's.
    pub fn for_trainer(t: &Trainer) -> Result<Eval> {
        match (t.points(), t.model()) {
            (Some(_), Net::Mlp(_)) => Ok(Eval::Fast(Evaluator::for_trainer(t)?)),
            _ => Ok(Eval::Candle(CandleEvaluator::for_trainer(t)?)),
        }
    }

    pub fn loss(&mut self, params: &[f32]) -> f32 {
        match self {
            Eval::Fast(e) => e.loss(params),
            Eval::Candle(e) => e.loss(params),
        }
    }

    /// (examples the loss is over, training examples in all).
    pub fn examples(&self) -> (usize, usize) {
        match self {
            Eval::Fast(e) => (e.n, e.n),
            Eval::Candle(e) => (e.x.dim(0).unwrap_or(0), e.total),
        }
    }

    /// The MLP's layout (to name its weights); empty for other families.
    pub fn layout(&self) -> &ParamLayout {
        static EMPTY: ParamLayout = ParamLayout { widths: Vec::new(), norms: Vec::new() };
        match self {
            Eval::Fast(e) => e.layout(),
            Eval::Candle(_) => &EMPTY,
        }
    }
}

/// A surface computed row by row: build it, call [`SurfaceJob::step`] until it returns false
/// (each call does at most the given number of rows, then the path heights as a last step),
/// and read [`SurfaceJob::surface`] at any time. Drop it to cancel.
pub struct SurfaceJob {
    eval: Eval,
    plane: Plane,
    surface: Surface,
    scratch: Vec<f32>,
}

impl SurfaceJob {
    /// A job over `grid` in `plane`, with the path (each snapshot's epoch in `epochs`, the
    /// current epoch last).
    pub fn new(eval: impl Into<Eval>, plane: Plane, grid: GridSpec, path: Vec<(f32, f32)>, path_epochs: Vec<usize>) -> SurfaceJob {
        let mut eval = eval.into();
        let origin_loss = eval.loss(&plane.origin);
        let examples = eval.examples();
        let surface = Surface {
            values: vec![f32::NAN; grid.n * grid.n],
            grid,
            rows_done: 0,
            path,
            path_loss: Vec::new(),
            path_epochs,
            directions: plane.directions,
            explained: plane.explained,
            origin_loss,
            examples,
        };
        let scratch = vec![0.0; plane.origin.len()];
        SurfaceJob { eval, plane, surface, scratch }
    }

    /// The usual job: the trainer's current θ, directions as asked (PCA from `trajectory`), the
    /// trajectory's path, and a grid of n×n that fits it (random directions: at least ±1, the
    /// weights' own scale; PCA: at least a tenth of the path's reach; single weights: ±1).
    pub fn for_trainer(t: &Trainer, trajectory: &Trajectory, directions: Directions, n: usize) -> Result<SurfaceJob> {
        let eval = Eval::for_trainer(t)?;
        let theta = flatten(t.model())?;
        let plane = Plane::new(directions, &theta, &Blocks::of(t.model()), trajectory)?;
        let path = plane.project_path(&trajectory.snapshots);
        let min_half = match directions {
            Directions::Random { .. } | Directions::Weights { .. } => 1.0,
            Directions::Pca => {
                let reach = path.iter().map(|p| p.0.abs().max(p.1.abs())).fold(0.0f32, f32::max);
                (0.1 * reach).max(1e-3)
            }
        };
        let grid = GridSpec::fit(n, &path, min_half)?;
        let mut epochs = trajectory.epochs.clone();
        epochs.push(t.epoch());
        Ok(SurfaceJob::new(eval, plane, grid, path, epochs))
    }

    /// Computes up to `rows` more rows (at least one), or the path heights once all rows are
    /// done. Returns true while work remains.
    pub fn step(&mut self, rows: usize) -> bool {
        let n = self.surface.grid.n;
        if self.surface.rows_done < n {
            let end = self.surface.rows_done.saturating_add(rows.max(1)).min(n);
            for r in self.surface.rows_done..end {
                let beta = self.surface.grid.beta_at(r);
                for c in 0..n {
                    let alpha = self.surface.grid.alpha_at(c);
                    self.plane.point(alpha, beta, &mut self.scratch);
                    let v = self.eval.loss(&self.scratch);
                    self.surface.values[r * n + c] = if v.is_finite() { v } else { f32::NAN };
                }
            }
            self.surface.rows_done = end;
            return true;
        }
        if self.surface.path_loss.len() < self.surface.path.len() {
            let path = self.surface.path.clone();
            self.surface.path_loss = path
                .iter()
                .map(|&(a, b)| {
                    self.plane.point(a, b, &mut self.scratch);
                    self.eval.loss(&self.scratch)
                })
                .collect();
        }
        false
    }

    /// (rows done, rows in all).
    pub fn progress(&self) -> (usize, usize) {
        (self.surface.rows_done, self.surface.grid.n)
    }

    pub fn surface(&self) -> &Surface {
        &self.surface
    }

    pub fn plane(&self) -> &Plane {
        &self.plane
    }

    /// The network's parameter layout (to name the parameters).
    pub fn layout(&self) -> &ParamLayout {
        self.eval.layout()
    }

    /// Runs to the end and returns the surface.
    pub fn finish(mut self) -> Surface {
        while self.step(usize::MAX) {}
        self.surface
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::Init;
    use crate::engine::train::TrainConfig;
    use crate::engine::{DataConfig, DatasetKind, ModelConfig, OptimizerConfig, OptimizerKind, RegKind, Schedule};
    use candle_core::{Device, Tensor};
    use rand::{Rng, SeedableRng};

    fn config(kind: DatasetKind, hidden: Vec<usize>, activation: Activation, loss: LossKind) -> TrainConfig {
        TrainConfig {
            data: DataConfig { kind, points: 200, noise: 0.1, train_fraction: 0.5, seed: 3, custom: vec![], image_size: 16, train_limit: 0, seq: Default::default() },
            prep: Default::default(),
            model: ModelConfig { init: Init::Xavier, ..ModelConfig::mlp(2, &hidden, activation, 1) },
            optimizer: OptimizerConfig::defaults(OptimizerKind::Sgd, 0.1),
            loss,
            schedule: Schedule::Constant,
            reg: RegKind::L2,
            reg_rate: 0.01,
            clip: 0.0,
            batch_size: 20,
            augment: Default::default(),
            seed: 2,
            transfer: Default::default(),
        }
    }

    /// Trains `epochs`, recording the initial weights and each epoch's.
    fn trained(c: TrainConfig, epochs: usize) -> (Trainer, Trajectory) {
        let mut t = Trainer::new(c).unwrap();
        let mut traj = Trajectory::default();
        traj.record_trainer(&t).unwrap();
        for _ in 0..epochs {
            t.train_epoch().unwrap();
            traj.record_trainer(&t).unwrap();
        }
        (t, traj)
    }

    #[test]
    fn layout_indices_round_trip_and_match_the_model() {
        let l = ParamLayout::new(&[2, 3, 4, 1]);
        assert_eq!(l.len(), 2 * 3 + 3 + 3 * 4 + 4 + 4 + 1);
        for i in 0..l.len() {
            assert_eq!(l.index(l.param(i).unwrap()), Some(i));
        }
        assert_eq!(l.param(l.len()), None);
        assert_eq!(l.index(Param::Weight { layer: 1, from: 3, to: 0 }), None);
        assert_eq!(l.index(Param::Bias { layer: 0, neuron: 2 }), Some(8));
        // The blocks cover every parameter once.
        let mut all: Vec<usize> = l.neuron_blocks().concat();
        all.sort();
        assert_eq!(all, (0..l.len()).collect::<Vec<_>>());
        // flatten() follows the same order.
        let (t, _) = trained(config(DatasetKind::Xor, vec![3, 4], Activation::Tanh, LossKind::Ce), 1);
        let flat = flatten(t.model()).unwrap();
        let w = t.weights().unwrap();
        assert_eq!(flat[l.index(Param::Weight { layer: 1, from: 2, to: 3 }).unwrap()], w[1].w[2 * 4 + 3]);
        assert_eq!(flat[l.index(Param::Bias { layer: 2, neuron: 0 }).unwrap()], w[2].b[0]);
    }

    /// The plain-Rust evaluation equals the Candle model's loss at arbitrary parameters, for
    /// every activation, task and loss.
    #[test]
    fn evaluator_matches_the_candle_model() {
        let cases = [
            (DatasetKind::Circle, Activation::Tanh, LossKind::Ce),
            (DatasetKind::Circle, Activation::Relu, LossKind::Hinge),
            (DatasetKind::Moons, Activation::Sigmoid, LossKind::Mse),
            (DatasetKind::Island, Activation::Linear, LossKind::Dice),
            (DatasetKind::Spiral3, Activation::Tanh, LossKind::Ce),
            (DatasetKind::Blobs4, Activation::Relu, LossKind::Mse),
            (DatasetKind::Spiral4, Activation::Tanh, LossKind::Hinge),
            (DatasetKind::Blobs3, Activation::Sigmoid, LossKind::Dice),
            (DatasetKind::Plane, Activation::Tanh, LossKind::Mse),
            (DatasetKind::MultiGauss, Activation::Relu, LossKind::Mse),
        ];
        let mut r = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        for (kind, act, loss_kind) in cases {
            let t = Trainer::new(config(kind, vec![5, 3], act, loss_kind)).unwrap();
            let mut eval = Evaluator::for_trainer(&t).unwrap();
            let theta: Vec<f32> = (0..eval.layout().len()).map(|_| r.random_range(-1.5f32..1.5)).collect();
            // Load θ into the model and ask Candle.
            let mut off = 0;
            for var in t.model().vars() {
                let len = var.elem_count();
                var.set(&Tensor::from_vec(theta[off..off + len].to_vec(), var.shape(), &Device::Cpu).unwrap()).unwrap();
                off += len;
            }
            let want = t.evaluate().unwrap().train_loss;
            let got = eval.loss(&theta);
            assert!((got - want).abs() <= 1e-5 * (1.0 + want.abs()), "{kind:?} {act:?} {loss_kind:?}: {got} vs {want}");
        }
    }

    #[test]
    fn value_at_the_origin_is_the_training_loss() {
        for dirs in [Directions::Random { seed: 1 }, Directions::Pca, Directions::Weights { first: 0, second: 5 }] {
            let (t, traj) = trained(config(DatasetKind::Spiral, vec![6, 4], Activation::Tanh, LossKind::Ce), 8);
            let s = SurfaceJob::for_trainer(&t, &traj, dirs, 11).unwrap().finish();
            let want = t.evaluate().unwrap().train_loss;
            assert!((s.origin_loss - want).abs() <= 1e-5 * want, "{dirs:?}: {} vs {want}", s.origin_loss);
            // The centre node of an odd grid over a symmetric window is exactly θ.
            assert_eq!((s.grid.alpha_at(5), s.grid.beta_at(5)), (0.0, 0.0));
            assert_eq!(s.value(5, 5), s.origin_loss);
            assert!(s.values.iter().all(|v| v.is_finite()));
            assert_eq!(s.path.len(), traj.len() + 1);
            assert_eq!(s.path.last(), Some(&(0.0, 0.0)));
            assert_eq!(s.path_loss.len(), s.path.len());
            assert_eq!(*s.path_loss.last().unwrap(), s.origin_loss);
            assert_eq!(s.path_epochs.last(), Some(&8));
        }
    }

    /// With input features and scaling, and dropout (identity in evaluation), the centre is
    /// still the trainer's loss: the evaluator sees the same inputs as the network.
    #[test]
    fn value_at_the_origin_follows_the_data_pipeline() {
        let c = crate::settings::Settings::from_hash("dataset=xor&features=x1,x2,x1x2,sinx1&scaling=standardize&x1_scale=100&hidden=5&dropout=0.3")
            .0
            .train_config();
        let (t, traj) = trained(c, 4);
        let s = SurfaceJob::for_trainer(&t, &traj, Directions::Pca, 7).unwrap().finish();
        let want = t.evaluate().unwrap().train_loss;
        assert!((s.origin_loss - want).abs() <= 1e-5 * want, "{} vs {want}", s.origin_loss);
        // Batch norm (evaluation mode, running statistics) and dropout together, PCA and
        // random directions.
        let bn = crate::settings::Settings::from_hash("dataset=spiral&hidden=5,4&bn=1,1&dropout=0.2&batch=20").0.train_config();
        let (t, traj) = trained(bn, 6);
        let want = t.evaluate().unwrap().train_loss;
        for dirs in [Directions::Pca, Directions::Random { seed: 3 }] {
            let s = SurfaceJob::for_trainer(&t, &traj, dirs, 5).unwrap().finish();
            assert!((s.origin_loss - want).abs() <= 1e-5 * want, "{dirs:?}: {} vs {want}", s.origin_loss);
            assert!(s.values.iter().all(|v| v.is_finite()));
        }
    }

    /// With batch norm, the plain-Rust evaluation equals the Candle model in evaluation mode
    /// (running statistics, current γ and β) at arbitrary parameters, γ and β included.
    #[test]
    fn evaluator_matches_the_candle_model_with_batch_norm() {
        let mut r = rand_chacha::ChaCha8Rng::seed_from_u64(5);
        for (hash, epochs) in [
            ("dataset=circle&hidden=5,3&bn=1&act=tanh", 3),
            ("dataset=spiral3&hidden=4,4&bn=0,1&act=relu&loss=hinge", 2),
            ("dataset=plane&hidden=6&bn=1&dropout=0.3&act=sigmoid", 4),
            ("dataset=moons&hidden=3,3,3&bn=1,0,1&dropout=0.1,0,0.5&loss=mse", 0),
        ] {
            let (t, _) = trained(crate::settings::Settings::from_hash(hash).0.train_config(), epochs);
            let mut eval = Evaluator::for_trainer(&t).unwrap();
            assert_eq!(eval.layout().len(), t.model().parameter_count(), "{hash}");
            let theta: Vec<f32> = (0..eval.layout().len()).map(|_| r.random_range(-1.5f32..1.5)).collect();
            let mut off = 0;
            for var in t.model().vars() {
                let len = var.elem_count();
                var.set(&Tensor::from_vec(theta[off..off + len].to_vec(), var.shape(), &Device::Cpu).unwrap()).unwrap();
                off += len;
            }
            let want = t.evaluate().unwrap().train_loss;
            let got = eval.loss(&theta);
            assert!((got - want).abs() <= 1e-5 * (1.0 + want.abs()), "{hash}: {got} vs {want}");
        }
    }

    #[test]
    fn batch_norm_parameters_follow_the_dense_ones_and_random_directions_leave_them() {
        let l = ParamLayout::with_norms(&[2, 3, 4, 1], &[true, true]);
        assert_eq!(l.dense_len(), 2 * 3 + 3 + 3 * 4 + 4 + 4 + 1);
        assert_eq!(l.len(), l.dense_len() + 2 * 3 + 2 * 4);
        assert_eq!(l.index(Param::Gamma { layer: 0, neuron: 0 }), Some(l.dense_len()));
        assert_eq!(l.index(Param::Beta { layer: 0, neuron: 2 }), Some(l.dense_len() + 5));
        assert_eq!(l.index(Param::Gamma { layer: 1, neuron: 3 }), Some(l.dense_len() + 6 + 3));
        assert_eq!(l.index(Param::Gamma { layer: 2, neuron: 0 }), None, "no batch norm on the output");
        for i in 0..l.len() {
            assert_eq!(l.index(l.param(i).unwrap()), Some(i));
        }
        let only_second = ParamLayout::with_norms(&[2, 3, 4, 1], &[false, true]);
        assert_eq!(only_second.index(Param::Gamma { layer: 1, neuron: 0 }), Some(only_second.dense_len()));
        assert_eq!(ParamLayout::with_norms(&[2, 3, 1], &[false]), ParamLayout::new(&[2, 3, 1]));
        // flatten() follows the same order as the layout.
        let (t, traj) = trained(crate::settings::Settings::from_hash("dataset=xor&hidden=3,4&bn=1,1").0.train_config(), 3);
        let theta = flatten(t.model()).unwrap();
        let layout = ParamLayout::for_model(&t.config().model);
        assert_eq!(layout, l);
        assert_eq!(theta.len(), layout.len());
        let gamma = t.model().norms()[1].gamma.to_dtype(DType::F32).unwrap().to_vec1::<f32>().unwrap();
        assert_eq!(theta[layout.index(Param::Gamma { layer: 1, neuron: 2 }).unwrap()], gamma[2]);
        let plane = Plane::new(Directions::Random { seed: 1 }, &theta, &layout.blocks(), &traj).unwrap();
        assert!(plane.d1[layout.dense_len()..].iter().chain(&plane.d2[layout.dense_len()..]).all(|&v| v == 0.0));
        assert!(plane.d1[..layout.dense_len()].iter().any(|&v| v != 0.0));
    }

    /// A linear model (no hidden layer) with MSE is quadratic in its parameters: the surface
    /// is L(α, β) = mean((r + α·u + β·v)²), with r the residuals at θ and u, v the output's
    /// change along d₁ and d₂, computed here independently in f64.
    #[test]
    fn a_quadratic_models_surface_equals_its_formula() {
        let mut c = config(DatasetKind::Plane, vec![], Activation::Linear, LossKind::Mse);
        c.optimizer.lr = 0.01;
        let (t, traj) = trained(c, 3);
        let job = SurfaceJob::for_trainer(&t, &traj, Directions::Random { seed: 4 }, 9).unwrap();
        let plane = job.plane().clone();
        let s = job.finish();
        // θ = (w₁, w₂, b).
        let out = |p: &[f32], s: &Sample| p[0] as f64 * s.x as f64 + p[1] as f64 * s.y as f64 + p[2] as f64;
        // The output is linear in θ, so its change along d is out(d, ·).
        let (d1, d2) = (plane.d1.clone(), plane.d2.clone());
        for r in 0..9 {
            for col in 0..9 {
                let (a, b) = (s.grid.alpha_at(col) as f64, s.grid.beta_at(r) as f64);
                let want = t.points().unwrap().data.train.iter().map(|p| {
                    let e = out(&plane.origin, p) - p.label as f64 + a * out(&d1, p) + b * out(&d2, p);
                    e * e
                }).sum::<f64>() / t.train_len() as f64;
                let got = s.value(r, col) as f64;
                assert!((got - want).abs() <= 1e-5 * (1.0 + want), "({a}, {b}): {got} vs {want}");
            }
        }
    }

    #[test]
    fn filter_normalization_gives_each_block_its_weights_norm() {
        let (t, traj) = trained(config(DatasetKind::Circle, vec![4, 3], Activation::Relu, LossKind::Ce), 3);
        let theta = flatten(t.model()).unwrap();
        let layout = ParamLayout::new(&t.config().model.widths());
        let plane = Plane::new(Directions::Random { seed: 9 }, &theta, &layout.blocks(), &traj).unwrap();
        let blocks = layout.neuron_blocks();
        assert_eq!(blocks.len(), 4 + 3 + 1);
        for d in [&plane.d1, &plane.d2] {
            for b in &blocks {
                let norm = |v: &[f32]| b.iter().map(|&i| (v[i] as f64).powi(2)).sum::<f64>().sqrt();
                assert!((norm(d) - norm(&theta)).abs() <= 1e-5 * norm(&theta), "{b:?}");
            }
        }
        assert_ne!(plane.d1, plane.d2);
        // Same seed, same directions; another seed, others.
        assert_eq!(Plane::new(Directions::Random { seed: 9 }, &theta, &layout.blocks(), &traj).unwrap(), plane);
        assert_ne!(Plane::new(Directions::Random { seed: 10 }, &theta, &layout.blocks(), &traj).unwrap().d1, plane.d1);
        // All-zero weights give no plane: an error, not a flat surface.
        let zeros = vec![0.0; theta.len()];
        assert!(matches!(Plane::new(Directions::Random { seed: 9 }, &zeros, &layout.blocks(), &traj), Err(EngineError::Config(_))));
    }

    #[test]
    fn pca_directions_are_orthonormal_and_the_path_keeps_its_endpoints() {
        let (t, traj) = trained(config(DatasetKind::Xor, vec![8, 8], Activation::Tanh, LossKind::Ce), 30);
        let theta = flatten(t.model()).unwrap();
        let layout = ParamLayout::new(&t.config().model.widths());
        let plane = Plane::new(Directions::Pca, &theta, &layout.blocks(), &traj).unwrap();
        let (g11, g12, g22) = plane.gram();
        assert!((g11 - 1.0).abs() < 1e-6 && (g22 - 1.0).abs() < 1e-6 && g12.abs() < 1e-6, "{g11} {g12} {g22}");
        let [e1, e2] = plane.explained.unwrap();
        assert!(e1 >= e2 && e2 >= 0.0 && e1 + e2 <= 1.0 + 1e-9, "{e1} {e2}");
        let path = plane.project_path(&traj.snapshots);
        // The end is the current θ; the start projects onto its dot products with d₁, d₂ and
        // lies at negative coordinates.
        assert_eq!(path.last(), Some(&(0.0, 0.0)));
        let delta: Vec<f32> = traj.snapshots[0].iter().zip(&theta).map(|(a, b)| a - b).collect();
        let (a0, b0) = (dot(&delta, &plane.d1), dot(&delta, &plane.d2));
        assert!((path[0].0 as f64 - a0).abs() < 1e-5 && (path[0].1 as f64 - b0).abs() < 1e-5);
        assert!(path[0].0 <= 0.0 && path[0].1 <= 0.0);
        // The last snapshot is θ itself: (0, 0).
        let end = path[path.len() - 2];
        assert!(end.0.abs() < 1e-6 && end.1.abs() < 1e-6, "{end:?}");
    }

    /// Snapshots that lie in a known plane through θ: PCA finds that plane (explained variance
    /// sums to 1) and the projection reproduces every snapshot, endpoints included.
    #[test]
    fn pca_of_a_planar_trajectory_reconstructs_it() {
        // 9 parameters (< 40 snapshots: covariance) and 61 (> 40: Gram matrix).
        for (p, hidden) in [(9usize, 2usize), (61, 15)] {
            let mut r = rand_chacha::ChaCha8Rng::seed_from_u64(p as u64);
            let theta: Vec<f32> = (0..p).map(|_| r.random_range(-1.0f32..1.0)).collect();
            let mut u: Vec<f64> = (0..p).map(|_| r.random_range(-1.0..1.0)).collect();
            let mut v: Vec<f64> = (0..p).map(|_| r.random_range(-1.0..1.0)).collect();
            normalize(&mut u);
            orthogonalize(&mut v, &u);
            normalize(&mut v);
            let mut traj = Trajectory::default();
            let coords: Vec<(f64, f64)> = (0..40).map(|i| {
                let s = 1.0 - i as f64 / 39.0;
                (-3.0 * s, 1.5 * s * (6.0 * s).sin())
            }).collect();
            for (i, &(a, b)) in coords.iter().enumerate() {
                traj.record(i, theta.iter().enumerate().map(|(j, &t)| (t as f64 + a * u[j] + b * v[j]) as f32).collect());
            }
            let layout = ParamLayout::new(&[2, hidden, 1]);
            assert_eq!(layout.len(), p);
            let plane = Plane::new(Directions::Pca, &theta, &layout.blocks(), &traj).unwrap();
            let [e1, e2] = plane.explained.unwrap();
            assert!((e1 + e2 - 1.0).abs() < 1e-5, "p={p}: {e1} + {e2}");
            let path = plane.project_path(&traj.snapshots);
            for (k, s) in traj.snapshots.iter().enumerate() {
                let mut back = vec![0.0; p];
                plane.point(path[k].0, path[k].1, &mut back);
                let err = back.iter().zip(s).map(|(a, b)| (a - b).abs()).fold(0.0f32, f32::max);
                assert!(err < 2e-5, "p={p} snapshot {k}: {err}");
            }
            // Within the plane PCA may rotate the axes, but not distances from θ.
            let first = path[0];
            let want = coords[0].0.hypot(coords[0].1);
            assert!(((first.0 as f64).hypot(first.1 as f64) - want).abs() < 1e-4, "{first:?}");
        }
    }

    #[test]
    fn weight_directions_move_one_parameter_each() {
        let (t, traj) = trained(config(DatasetKind::Circle, vec![3], Activation::Tanh, LossKind::Ce), 5);
        let theta = flatten(t.model()).unwrap();
        let layout = ParamLayout::new(&t.config().model.widths());
        let moved = traj.most_moved(&theta, 2);
        assert_eq!(moved.len(), 2);
        let plane = Plane::new(Directions::Weights { first: moved[0], second: moved[1] }, &theta, &layout.blocks(), &traj).unwrap();
        let (a, b) = plane.project(&traj.snapshots[0]);
        assert!((a - (traj.snapshots[0][moved[0]] - theta[moved[0]]) as f64).abs() < 1e-6);
        assert!((b - (traj.snapshots[0][moved[1]] - theta[moved[1]]) as f64).abs() < 1e-6);
        for bad in [Directions::Weights { first: 1, second: 1 }, Directions::Weights { first: 0, second: 999 }] {
            assert!(matches!(Plane::new(bad, &theta, &layout.blocks(), &traj), Err(EngineError::Config(_))));
        }
        assert!(matches!(Plane::new(Directions::Pca, &theta, &layout.blocks(), &Trajectory::default()), Err(EngineError::Config(_))));
    }

    #[test]
    fn rows_come_in_chunks_and_the_job_can_stop_anywhere() {
        let (t, traj) = trained(config(DatasetKind::Gauss, vec![4], Activation::Tanh, LossKind::Ce), 3);
        let mut job = SurfaceJob::for_trainer(&t, &traj, Directions::Random { seed: 2 }, 21).unwrap();
        assert_eq!(job.progress(), (0, 21));
        assert!(job.step(5));
        assert_eq!(job.progress(), (5, 21));
        let s = job.surface();
        assert!(s.values[..5 * 21].iter().all(|v| v.is_finite()) && s.values[5 * 21..].iter().all(|v| v.is_nan()));
        assert!(!s.is_complete());
        let mut calls = 1;
        while job.step(5) {
            calls += 1;
        }
        // 5 + 5 + 5 + 5 + 1 rows (five calls that return true), then the path heights.
        assert_eq!(calls, 5);
        assert!(job.surface().is_complete());
        let whole = SurfaceJob::for_trainer(&t, &traj, Directions::Random { seed: 2 }, 21).unwrap().finish();
        assert_eq!(&whole, job.surface());
        // Finishing a job that has already made steps (all rows at once after some).
        let mut part = SurfaceJob::for_trainer(&t, &traj, Directions::Random { seed: 2 }, 21).unwrap();
        part.step(3);
        assert_eq!(part.finish(), whole);
        assert!(GridSpec::new(82, (-1.0, 1.0), (-1.0, 1.0)).is_err());
        assert!(GridSpec::new(41, (1.0, -1.0), (-1.0, 1.0)).is_err());
    }

    #[test]
    fn trajectory_thins_evenly_when_full() {
        let mut tr = Trajectory::new(8);
        for e in 0..=40 {
            tr.record(e, vec![e as f32]);
        }
        assert!(tr.len() <= 8);
        assert_eq!(tr.epochs[0], 0);
        let gaps: Vec<usize> = tr.epochs.windows(2).map(|w| w[1] - w[0]).collect();
        assert!(gaps.iter().all(|&g| g == gaps[0]), "{:?}", tr.epochs);
        assert!(*tr.epochs.last().unwrap() >= 40 - gaps[0]);
    }

    #[test]
    fn eigen_solvers_agree_with_a_known_spectrum() {
        // A = Q diag(λ) Qᵀ with a random orthonormal Q, 40×40 (subspace iteration) and 6×6 (Jacobi).
        for dim in [6usize, 40] {
            let mut r = rand_chacha::ChaCha8Rng::seed_from_u64(dim as u64);
            let mut q: Vec<Vec<f64>> = (0..dim).map(|_| (0..dim).map(|_| r.random_range(-1.0..1.0)).collect()).collect();
            gram_schmidt(&mut q, &mut r);
            let lambda: Vec<f64> = (0..dim).map(|i| 10.0 * 0.7f64.powi(i as i32)).collect();
            let mut a = vec![0.0; dim * dim];
            for i in 0..dim {
                for j in 0..dim {
                    a[i * dim + j] = (0..dim).map(|k| lambda[k] * q[k][i] * q[k][j]).sum();
                }
            }
            let top = top_eigen(&a, dim, 2);
            for (k, (l, v)) in top.iter().enumerate() {
                assert!((l - lambda[k]).abs() < 1e-8, "dim {dim}: λ{k} {l}");
                let align: f64 = v.iter().zip(&q[k]).map(|(x, y)| x * y).sum();
                assert!((align.abs() - 1.0).abs() < 1e-8, "dim {dim}: v{k}");
            }
        }
    }
}
