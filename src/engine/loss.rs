//! Loss functions, output layers and accuracy for the three tasks (see [`Task`]).
//!
//! Every loss takes the raw network outputs `z` of shape (N, `task.outputs()`) — logits for
//! the classification tasks, the prediction itself for regression — and targets `y` of shape
//! (N, 1) holding 0/1 (Binary), the class index as a float (Multiclass) or the real value
//! (Regression). All losses are written with plain Candle ops, so `backward()` works on them.

use super::data::Task;
use candle_core::{bail, DType, Result, Tensor};
use serde::{Deserialize, Serialize};

/// The losses the page offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LossKind {
    /// Mean squared error.
    Mse,
    /// Cross-entropy (binary on one logit, or categorical on k logits).
    Ce,
    /// Hinge loss (binary) / multi-class margin loss.
    Hinge,
    /// Soft Dice loss.
    Dice,
}

impl LossKind {
    pub const ALL: [LossKind; 4] = [LossKind::Mse, LossKind::Ce, LossKind::Hinge, LossKind::Dice];

    /// Short name used in URLs and messages: "mse", "ce", "hinge", "dice".
    pub fn name(self) -> &'static str {
        match self {
            LossKind::Mse => "mse",
            LossKind::Ce => "ce",
            LossKind::Hinge => "hinge",
            LossKind::Dice => "dice",
        }
    }

    /// Inverse of [`LossKind::name`].
    pub fn from_name(s: &str) -> Option<LossKind> {
        LossKind::ALL.into_iter().find(|k| k.name() == s)
    }
}

/// Whether `kind` makes sense for `task`: every loss for Binary and Multiclass; only Mse for
/// Regression (cross-entropy, hinge and Dice need class labels).
pub fn supports(kind: LossKind, task: Task) -> bool {
    match task {
        Task::Binary | Task::Multiclass { .. } => true,
        Task::Regression => kind == LossKind::Mse,
    }
}

/// Checks the shapes of `z` (N, outputs) and `y` (N, 1) and their dtypes; returns (N, outputs).
fn check_shapes(task: Task, z: &Tensor, y: &Tensor) -> Result<(usize, usize)> {
    if let Task::Multiclass { classes } = task {
        if classes < 2 {
            bail!("a multi-class task needs at least 2 classes, got {classes}");
        }
    }
    let (n, k) = z.dims2()?;
    if k != task.outputs() {
        bail!("the network has {k} outputs but the task needs {}", task.outputs());
    }
    if y.dims() != [n, 1] {
        bail!("targets have shape {:?}, expected [{n}, 1]", y.dims());
    }
    if y.dtype() != z.dtype() {
        bail!("targets are {:?} but outputs are {:?}", y.dtype(), z.dtype());
    }
    if n == 0 {
        bail!("empty batch");
    }
    Ok((n, k))
}

/// Checks that the targets are labels of the task: 0 or 1 (Binary), an integer in 0..k
/// (Multiclass). Regression targets may be any real number.
fn check_labels(task: Task, y: &Tensor) -> Result<()> {
    let max_label = match task {
        Task::Binary => 1.0,
        Task::Multiclass { classes } => (classes - 1) as f64,
        Task::Regression => return Ok(()),
    };
    let labels = y.flatten_all()?.to_dtype(DType::F64)?.to_vec1::<f64>()?;
    if let Some(bad) = labels.iter().find(|&&v| !((0.0..=max_label).contains(&v) && v.fract() == 0.0)) {
        bail!("label {bad} is not a class of this task (0 to {max_label})");
    }
    Ok(())
}

/// One-hot encoding of the class indices `y` (N, 1) as a float tensor (N, k) of `y`'s dtype:
/// row i is 1 in column y_i, 0 elsewhere (compares `y` with the row 0, 1, …, k − 1).
fn one_hot(y: &Tensor, k: usize) -> Result<Tensor> {
    let classes = Tensor::arange(0u32, k as u32, y.device())?.to_dtype(y.dtype())?.reshape((1, k))?;
    y.broadcast_eq(&classes)?.to_dtype(y.dtype())
}

/// Row-wise log-softmax, log softmax(z)_j = z_j − m − log Σ_l e^{z_l − m} with m the row
/// maximum (log-sum-exp trick, so no exp overflows). m is detached: the result does not depend
/// on it, so neither does the gradient.
fn log_softmax(z: &Tensor) -> Result<Tensor> {
    let m = z.max_keepdim(1)?.detach();
    let d = z.broadcast_sub(&m)?;
    let lse = d.exp()?.sum_keepdim(1)?.log()?;
    d.broadcast_sub(&lse)
}

/// Row-wise softmax, e^{z_j − m} / Σ_l e^{z_l − m} with m the row maximum.
fn softmax(z: &Tensor) -> Result<Tensor> {
    let m = z.max_keepdim(1)?.detach();
    let e = z.broadcast_sub(&m)?.exp()?;
    e.broadcast_div(&e.sum_keepdim(1)?)
}

/// Soft Dice loss per column, averaged over the columns: for column j,
/// 1 − (2·Σ_i p_ij·t_ij + s) / (Σ_i p_ij + Σ_i t_ij + s) with s = 1.
fn soft_dice(p: &Tensor, t: &Tensor) -> Result<Tensor> {
    const S: f64 = 1.0;
    let inter = (p * t)?.sum_keepdim(0)?;
    let denom = (p.sum_keepdim(0)? + t.sum_keepdim(0)?)?.affine(1.0, S)?;
    let dice = inter.affine(2.0, S)?.div(&denom)?;
    dice.mean_all()?.affine(-1.0, 1.0)
}

/// Mean loss of raw network outputs `z` (N, `task.outputs()`) against targets `y` (N, 1) of the
/// same dtype: 0/1 for Binary, the class index as a float for Multiclass, the real value for
/// Regression. Returns a scalar tensor differentiable w.r.t. `z`, or an error (never a panic)
/// when `!supports(kind, task)`, the shapes or dtypes disagree, the batch is empty or a label
/// is not a class of the task. σ is the logistic sigmoid, k the number of classes,
/// onehot(y)_ij = [y_i = j].
///
/// - **MSE** (PyTorch `MSELoss`, reduction 'mean'): Binary: mean over N of (σ(z) − y)²;
///   Multiclass: mean over all N·k elements of (softmax(z) − onehot(y))²;
///   Regression: mean over N of (z − y)².
/// - **Cross-entropy**: Binary: mean of max(z, 0) − z·y + log(1 + e^{−|z|}), the overflow-free
///   form of −y·log σ(z) − (1 − y)·log(1 − σ(z)) (PyTorch `BCEWithLogitsLoss`); Multiclass:
///   mean over N of −log softmax(z)_y, computed with log-sum-exp (PyTorch `CrossEntropyLoss`).
/// - **Hinge**: Binary: with t = 2y − 1 ∈ {−1, +1}, mean of max(0, 1 − t·z) on the raw score
///   z (linear output; the SVM hinge of Cortes & Vapnik 1995, as scikit-learn's
///   `hinge_loss`); Multiclass: PyTorch `MultiMarginLoss` (p = 1, margin = 1): per sample
///   (1/k)·Σ_{j≠y} max(0, 1 − z_y + z_j), then the mean over N.
/// - **Soft Dice** (Milletari, Navab & Ahmadi 2016, "V-Net", with smoothing s = 1 added to
///   numerator and denominator): Binary: p = σ(z), the probability of the foreground class
///   (label 1), L = 1 − (2·Σp·y + s) / (Σp + Σy + s), sums over the batch; Multiclass:
///   p = softmax(z), the same per class against onehot(y), averaged over the k classes.
pub fn loss(kind: LossKind, task: Task, z: &Tensor, y: &Tensor) -> Result<Tensor> {
    if !supports(kind, task) {
        bail!("the {} loss does not apply to a {task:?} task", kind.name());
    }
    let (n, k) = check_shapes(task, z, y)?;
    check_labels(task, y)?;
    match (task, kind) {
        (Task::Regression, _) => (z - y)?.sqr()?.mean_all(),
        (Task::Binary, LossKind::Mse) => (candle_nn::ops::sigmoid(z)? - y)?.sqr()?.mean_all(),
        (Task::Binary, LossKind::Ce) => bce_with_logits(z, y),
        (Task::Binary, LossKind::Hinge) => {
            let t = y.affine(2.0, -1.0)?;
            (z * t)?.affine(-1.0, 1.0)?.relu()?.mean_all()
        }
        (Task::Binary, LossKind::Dice) => soft_dice(&candle_nn::ops::sigmoid(z)?, y),
        (Task::Multiclass { .. }, LossKind::Mse) => (softmax(z)? - one_hot(y, k)?)?.sqr()?.mean_all(),
        (Task::Multiclass { .. }, LossKind::Ce) => {
            (log_softmax(z)? * one_hot(y, k)?)?.sum_all()?.affine(-1.0 / n as f64, 0.0)
        }
        (Task::Multiclass { .. }, LossKind::Hinge) => {
            let oh = one_hot(y, k)?;
            let z_y = (z * &oh)?.sum_keepdim(1)?;
            let margins = z.broadcast_sub(&z_y)?.affine(1.0, 1.0)?.relu()?;
            // The j = y term is max(0, 1) = 1; MultiMarginLoss leaves it out of the sum.
            (margins * oh.affine(-1.0, 1.0)?)?.mean_all()
        }
        (Task::Multiclass { .. }, LossKind::Dice) => soft_dice(&softmax(z)?, &one_hot(y, k)?),
    }
}

/// What the output layer shows: σ(z) for Binary, the row-wise softmax(z) for Multiclass, z
/// itself for Regression. `z` has shape (N, `task.outputs()`).
pub fn output(task: Task, z: &Tensor) -> Result<Tensor> {
    let (_, k) = z.dims2()?;
    if k != task.outputs() {
        bail!("the network has {k} outputs but the task needs {}", task.outputs());
    }
    match task {
        Task::Binary => candle_nn::ops::sigmoid(z),
        Task::Multiclass { .. } => softmax(z),
        Task::Regression => Ok(z.clone()),
    }
}

/// Fraction of the N points classified right: predicted class 1 when z > 0 (Binary), the
/// column of the largest output (Multiclass, first one on ties). `None` for Regression.
pub fn accuracy_for(task: Task, z: &Tensor, y: &Tensor) -> Result<Option<f32>> {
    check_shapes(task, z, y)?;
    let right = match task {
        Task::Regression => return Ok(None),
        Task::Binary => z.gt(0.0)?.to_dtype(y.dtype())?.eq(y)?,
        Task::Multiclass { .. } => z.argmax_keepdim(1)?.eq(&y.to_dtype(DType::U32)?)?,
    };
    Ok(Some(right.to_dtype(DType::F32)?.mean_all()?.to_scalar::<f32>()?))
}

// ---- MathML ----------------------------------------------------------------------------

fn mi(s: &str) -> String {
    format!("<mi>{s}</mi>")
}
fn mn(s: &str) -> String {
    format!("<mn>{s}</mn>")
}
fn mo(s: &str) -> String {
    format!("<mo>{s}</mo>")
}
fn row(parts: &[String]) -> String {
    format!("<mrow>{}</mrow>", parts.concat())
}
fn frac(num: String, den: String) -> String {
    format!("<mfrac>{num}{den}</mfrac>")
}
fn sub(base: String, index: String) -> String {
    format!("<msub>{base}{index}</msub>")
}
fn sup(base: String, exponent: String) -> String {
    format!("<msup>{base}{exponent}</msup>")
}
/// x_{ab…}: a variable with one or more plain indices.
fn var(name: &str, indices: &[&str]) -> String {
    let idx: Vec<String> = indices.iter().map(|i| mi(i)).collect();
    sub(mi(name), if idx.len() == 1 { idx.concat() } else { row(&idx) })
}
/// ŷ with indices.
fn yhat(indices: &[&str]) -> String {
    let hat = format!(r#"<mover accent="true">{}{}</mover>"#, mi("y"), mo("^"));
    let idx: Vec<String> = indices.iter().map(|i| mi(i)).collect();
    sub(hat, if idx.len() == 1 { idx.concat() } else { row(&idx) })
}
/// Σ_{lower}^{upper}.
fn sum(lower: String, upper: Option<&str>) -> String {
    match upper {
        Some(u) => format!("<munderover>{}{lower}{}</munderover>", mo("∑"), mi(u)),
        None => format!("<munder>{}{lower}</munder>", mo("∑")),
    }
}
/// Σ_{i=1}^{N}.
fn sum_i() -> String {
    sum(row(&[mi("i"), mo("="), mn("1")]), Some("N"))
}
/// Σ_{j=1}^{k}.
fn sum_j() -> String {
    sum(row(&[mi("j"), mo("="), mn("1")]), Some("k"))
}
fn paren(inner: &[String]) -> String {
    row(&[mo("("), inner.concat(), mo(")")])
}
/// A comma and some space before a definition that follows the formula.
fn where_() -> String {
    format!(r#"{}<mspace width="1em"/>"#, mo(","))
}
/// ŷ_i = σ(z_i).
fn def_sigmoid() -> String {
    [yhat(&["i"]), mo("="), mi("σ"), paren(&[var("z", &["i"])])].concat()
}
/// ŷ_ij = e^{z_ij} / Σ_l e^{z_il}.
fn def_softmax() -> String {
    let l_sum = sum(row(&[mi("l"), mo("="), mn("1")]), Some("k"));
    [
        yhat(&["i", "j"]),
        mo("="),
        frac(sup(mi("e"), var("z", &["i", "j"])), row(&[l_sum, sup(mi("e"), var("z", &["i", "l"]))])),
    ]
    .concat()
}
/// t_ij = [y_i = j] (one-hot targets).
fn def_onehot() -> String {
    [var("t", &["i", "j"]), mo("="), row(&[mo("["), var("y", &["i"]), mo("="), mi("j"), mo("]")])].concat()
}
/// L = 1/N Σ_{i=1}^{N}.
fn mean_i() -> String {
    [mi("L"), mo("="), frac(mn("1"), mi("N")), sum_i()].concat()
}

/// The loss's formula as MathML markup (a `<math>` element, display="block"), for the page;
/// the same in both languages (symbols only). Uses ŷ for the output layer (σ or softmax), t
/// for targets derived from y. For a combination [`supports`] rejects, shows the Binary form.
pub fn formula_mathml(kind: LossKind, task: Task) -> String {
    let task = if supports(kind, task) { task } else { Task::Binary };
    let multi = matches!(task, Task::Multiclass { .. });
    let body = match (kind, task) {
        (LossKind::Mse, Task::Regression) => [
            mean_i(),
            sup(paren(&[var("y", &["i"]), mo("−"), yhat(&["i"])]), mn("2")),
            where_(),
            yhat(&["i"]),
            mo("="),
            var("z", &["i"]),
        ]
        .concat(),
        (LossKind::Mse, _) if multi => [
            mi("L"),
            mo("="),
            frac(mn("1"), row(&[mi("N"), mi("k")])),
            sum_i(),
            sum_j(),
            sup(paren(&[var("t", &["i", "j"]), mo("−"), yhat(&["i", "j"])]), mn("2")),
            where_(),
            def_softmax(),
            where_(),
            def_onehot(),
        ]
        .concat(),
        (LossKind::Mse, _) => [
            mean_i(),
            sup(paren(&[var("y", &["i"]), mo("−"), yhat(&["i"])]), mn("2")),
            where_(),
            def_sigmoid(),
        ]
        .concat(),
        (LossKind::Ce, _) if multi => {
            let y_i = var("y", &["i"]);
            let picked = sub(
                format!(r#"<mover accent="true">{}{}</mover>"#, mi("y"), mo("^")),
                row(&[mi("i"), mo(","), y_i]),
            );
            [
                mi("L"),
                mo("="),
                mo("−"),
                frac(mn("1"), mi("N")),
                sum_i(),
                mi("log"),
                picked,
                where_(),
                def_softmax(),
            ]
            .concat()
        }
        (LossKind::Ce, _) => [
            mi("L"),
            mo("="),
            mo("−"),
            frac(mn("1"), mi("N")),
            sum_i(),
            paren(&[
                var("y", &["i"]),
                mi("log"),
                yhat(&["i"]),
                mo("+"),
                paren(&[mn("1"), mo("−"), var("y", &["i"])]),
                mi("log"),
                paren(&[mn("1"), mo("−"), yhat(&["i"])]),
            ]),
            where_(),
            def_sigmoid(),
        ]
        .concat(),
        (LossKind::Hinge, _) if multi => {
            let j_ne = sum(row(&[mi("j"), mo("≠"), var("y", &["i"])]), None);
            let z_iy = sub(mi("z"), row(&[mi("i"), mo(","), var("y", &["i"])]));
            [
                mean_i(),
                frac(mn("1"), mi("k")),
                j_ne,
                mi("max"),
                paren(&[mn("0"), mo(","), mn("1"), mo("−"), z_iy, mo("+"), var("z", &["i", "j"])]),
            ]
            .concat()
        }
        (LossKind::Hinge, _) => [
            mean_i(),
            mi("max"),
            paren(&[mn("0"), mo(","), mn("1"), mo("−"), var("t", &["i"]), var("z", &["i"])]),
            where_(),
            var("t", &["i"]),
            mo("="),
            mn("2"),
            var("y", &["i"]),
            mo("−"),
            mn("1"),
        ]
        .concat(),
        (LossKind::Dice, _) if multi => {
            let si = || sum(mi("i"), None);
            let num = row(&[mn("2"), si(), yhat(&["i", "j"]), var("t", &["i", "j"]), mo("+"), mn("1")]);
            let den = row(&[si(), yhat(&["i", "j"]), mo("+"), si(), var("t", &["i", "j"]), mo("+"), mn("1")]);
            [
                mi("L"),
                mo("="),
                mn("1"),
                mo("−"),
                frac(mn("1"), mi("k")),
                sum_j(),
                frac(num, den),
                where_(),
                def_softmax(),
                where_(),
                def_onehot(),
            ]
            .concat()
        }
        (LossKind::Dice, _) => {
            let si = || sum(mi("i"), None);
            let num = row(&[mn("2"), si(), yhat(&["i"]), var("y", &["i"]), mo("+"), mn("1")]);
            let den = row(&[si(), yhat(&["i"]), mo("+"), si(), var("y", &["i"]), mo("+"), mn("1")]);
            [mi("L"), mo("="), mn("1"), mo("−"), frac(num, den), where_(), def_sigmoid()].concat()
        }
    };
    format!(r#"<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">{}</math>"#, row(&[body]))
}

// ---- Kept for the trainer until it switches to `loss` / `accuracy_for` ------------------

/// Mean binary cross-entropy of logits `z` against labels `y` in {0, 1}:
/// BCE = mean(−y·log σ(z) − (1−y)·log(1−σ(z))), computed in the overflow-free form
/// max(z, 0) − z·y + log(1 + exp(−|z|)) (as PyTorch's `BCEWithLogitsLoss`).
pub fn bce_with_logits(z: &Tensor, y: &Tensor) -> Result<Tensor> {
    let softplus = z.abs()?.neg()?.exp()?.affine(1.0, 1.0)?.log()?;
    (z.relu()? - (z * y)?)?.add(&softplus)?.mean_all()
}

/// Fraction of points where the predicted class (logit > 0) equals the label.
pub fn accuracy(z: &Tensor, y: &Tensor) -> Result<f32> {
    let pred = z.gt(0.0)?.to_dtype(y.dtype())?;
    let right = pred.eq(y)?.to_dtype(candle_core::DType::F32)?;
    right.mean_all()?.to_scalar::<f32>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::{Device, Var};

    const MULTI: Task = Task::Multiclass { classes: 3 };
    const TASKS: [Task; 3] = [Task::Binary, MULTI, Task::Regression];

    fn t2(rows: &[&[f64]]) -> Tensor {
        let k = rows.first().map_or(0, |r| r.len());
        let flat: Vec<f64> = rows.iter().flat_map(|r| r.iter().copied()).collect();
        Tensor::from_vec(flat, (rows.len(), k), &Device::Cpu).unwrap()
    }

    /// The test batch of each task, chosen away from the hinge kinks (every 1 − t·z and
    /// 1 − z_y + z_j below is at least 0.3 from 0).
    fn batch(task: Task) -> (Tensor, Tensor) {
        match task {
            Task::Binary => (t2(&[&[2.0], &[-1.0], &[0.5]]), t2(&[&[1.0], &[1.0], &[0.0]])),
            Task::Multiclass { .. } => (
                t2(&[&[1.0, 2.5, 0.2], &[0.3, -1.0, 0.6], &[-0.5, 0.4, 1.1]]),
                t2(&[&[1.0], &[2.0], &[0.0]]),
            ),
            Task::Regression => (t2(&[&[1.5], &[-0.5], &[2.0]]), t2(&[&[1.0], &[0.5], &[-1.0]])),
        }
    }

    fn value(kind: LossKind, task: Task) -> f64 {
        let (z, y) = batch(task);
        loss(kind, task, &z, &y).unwrap().to_scalar::<f64>().unwrap()
    }

    // Reference values for the Binary and Multiclass batches, from this pure-Python script:
    //
    //   from math import exp, log
    //   sig = lambda v: 1 / (1 + exp(-v))
    //   def softmax(r):
    //       m = max(r); e = [exp(v - m) for v in r]; s = sum(e); return [v / s for v in e]
    //   zb, yb = [2.0, -1.0, 0.5], [1, 1, 0]
    //   zm, ym = [[1.0, 2.5, 0.2], [0.3, -1.0, 0.6], [-0.5, 0.4, 1.1]], [1, 2, 0]
    //   k, n = 3, 3
    //   print("mse bin", sum((sig(z) - y) ** 2 for z, y in zip(zb, yb)) / n)
    //   print("ce bin", sum(-(y * log(sig(z)) + (1 - y) * log(1 - sig(z))) for z, y in zip(zb, yb)) / n)
    //   print("dice bin", 1 - (2 * sum(sig(z) * y for z, y in zip(zb, yb)) + 1) / (sum(map(sig, zb)) + sum(yb) + 1))
    //   P = [softmax(r) for r in zm]
    //   oh = [[1.0 if j == y else 0.0 for j in range(k)] for y in ym]
    //   print("mse multi", sum((P[i][j] - oh[i][j]) ** 2 for i in range(n) for j in range(k)) / (n * k))
    //   print("ce multi", sum(-log(P[i][ym[i]]) for i in range(n)) / n)
    //   print("hinge multi", sum(sum(max(0, 1 - zm[i][ym[i]] + zm[i][j]) for j in range(k) if j != ym[i]) / k for i in range(n)) / n)
    //   d = [(2 * sum(P[i][j] * oh[i][j] for i in range(n)) + 1) / (sum(P[i][j] for i in range(n)) + sum(oh[i][j] for i in range(n)) + 1) for j in range(k)]
    //   print("dice multi", 1 - sum(d) / k)
    //
    // which prints
    //   mse bin 0.31203720033579807      ce bin 0.8047555609137674     dice bin 0.3086043127605059
    //   mse multi 0.18823121424161       ce multi 1.0246723414481271
    //   hinge multi 0.5777777777777778   dice multi 0.3670427917649427

    #[test]
    fn binary_losses_match_reference_values() {
        let close = |a: f64, b: f64| assert!((a - b).abs() < 1e-6, "{a} vs {b}");
        close(value(LossKind::Mse, Task::Binary), 0.31203720033579807);
        close(value(LossKind::Ce, Task::Binary), 0.8047555609137674);
        // By hand: t = 2y − 1 = [1, 1, −1], 1 − t·z = [1 − 2, 1 + 1, 1 + 0.5] = [−1, 2, 1.5]
        // → max(0, ·) = [0, 2, 1.5] → mean 3.5 / 3 = 1.1666667.
        close(value(LossKind::Hinge, Task::Binary), 3.5 / 3.0);
        close(value(LossKind::Dice, Task::Binary), 0.3086043127605059);
    }

    #[test]
    fn multiclass_losses_match_reference_values() {
        let close = |a: f64, b: f64| assert!((a - b).abs() < 1e-6, "{a} vs {b}");
        close(value(LossKind::Mse, MULTI), 0.18823121424161);
        close(value(LossKind::Ce, MULTI), 1.0246723414481271);
        // By hand: row 0 (y = 1, z_y = 2.5): 1 − 2.5 + 1 = −0.5, 1 − 2.5 + 0.2 = −1.3 → 0;
        // row 1 (y = 2, z_y = 0.6): 1 − 0.6 + 0.3 = 0.7, 1 − 0.6 − 1 = −0.6 → 0.7 / 3;
        // row 2 (y = 0, z_y = −0.5): 1 + 0.5 + 0.4 = 1.9, 1 + 0.5 + 1.1 = 2.6 → 4.5 / 3;
        // mean (0 + 0.7/3 + 1.5) / 3 = 0.5777778.
        close(value(LossKind::Hinge, MULTI), 0.5777777777777778);
        close(value(LossKind::Dice, MULTI), 0.3670427917649427);
    }

    #[test]
    fn regression_mse_matches_hand_value() {
        // By hand: z − y = [0.5, −1, 3] → squares [0.25, 1, 9] → mean 10.25 / 3 = 3.4166667.
        let l = value(LossKind::Mse, Task::Regression);
        assert!((l - 10.25 / 3.0).abs() < 1e-6, "{l}");
    }

    #[test]
    fn binary_ce_is_the_existing_bce() {
        let (z, y) = batch(Task::Binary);
        let a = loss(LossKind::Ce, Task::Binary, &z, &y).unwrap().to_scalar::<f64>().unwrap();
        let b = bce_with_logits(&z, &y).unwrap().to_scalar::<f64>().unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn gradients_match_central_differences() {
        let h = 1e-6;
        for task in TASKS {
            for kind in LossKind::ALL.into_iter().filter(|&k| supports(k, task)) {
                let (z, y) = batch(task);
                let var = Var::from_tensor(&z).unwrap();
                let l = loss(kind, task, var.as_tensor(), &y).unwrap();
                let grads = l.backward().unwrap();
                let g = grads.get(var.as_tensor()).unwrap().flatten_all().unwrap().to_vec1::<f64>().unwrap();
                let dims = z.dims2().unwrap();
                let flat = z.flatten_all().unwrap().to_vec1::<f64>().unwrap();
                let at = |v: Vec<f64>| {
                    let zz = Tensor::from_vec(v, dims, &Device::Cpu).unwrap();
                    loss(kind, task, &zz, &y).unwrap().to_scalar::<f64>().unwrap()
                };
                assert_eq!(g.len(), flat.len());
                for e in 0..flat.len() {
                    let (mut plus, mut minus) = (flat.clone(), flat.clone());
                    plus[e] += h;
                    minus[e] -= h;
                    let fd = (at(plus) - at(minus)) / (2.0 * h);
                    assert!(
                        (g[e] - fd).abs() <= 1e-6 * fd.abs().max(1.0),
                        "{kind:?} {task:?} element {e}: backward {} vs finite difference {fd}",
                        g[e]
                    );
                }
            }
        }
    }

    #[test]
    fn unsupported_combinations_and_bad_inputs_are_errors() {
        for task in TASKS {
            for kind in LossKind::ALL {
                let (z, y) = batch(task);
                assert_eq!(loss(kind, task, &z, &y).is_ok(), supports(kind, task), "{kind:?} {task:?}");
            }
        }
        assert!(LossKind::ALL.iter().all(|&k| supports(k, Task::Binary) && supports(k, MULTI)));
        assert!(supports(LossKind::Mse, Task::Regression));

        let (z, y) = batch(MULTI);
        // Wrong number of outputs, wrong target shape, wrong dtype, labels out of range.
        assert!(loss(LossKind::Ce, Task::Multiclass { classes: 4 }, &z, &y).is_err());
        assert!(loss(LossKind::Ce, Task::Binary, &z, &y).is_err());
        assert!(loss(LossKind::Ce, MULTI, &z, &z).is_err());
        assert!(loss(LossKind::Ce, MULTI, &z, &y.to_dtype(DType::F32).unwrap()).is_err());
        assert!(loss(LossKind::Ce, MULTI, &z, &t2(&[&[1.0], &[3.0], &[0.0]])).is_err());
        assert!(loss(LossKind::Ce, MULTI, &z, &t2(&[&[1.0], &[0.5], &[0.0]])).is_err());
        assert!(loss(LossKind::Ce, MULTI, &z, &t2(&[&[1.0], &[2.0]])).is_err());
        assert!(loss(LossKind::Hinge, Task::Binary, &t2(&[&[1.0]]), &t2(&[&[-1.0]])).is_err());
        assert!(loss(LossKind::Mse, Task::Multiclass { classes: 1 }, &t2(&[&[1.0]]), &t2(&[&[0.0]])).is_err());
        let empty = Tensor::zeros((0, 1), DType::F64, &Device::Cpu).unwrap();
        assert!(loss(LossKind::Mse, Task::Regression, &empty, &empty).is_err());
        assert!(output(MULTI, &t2(&[&[1.0]])).is_err());
        assert!(accuracy_for(Task::Binary, &z, &y).is_err());
    }

    #[test]
    fn multiclass_ce_is_finite_for_huge_logits() {
        // log softmax([1000, −1000, 0])_1 = −2000 (up to e^−1000); row 2 is right with margin 1000 → 0.
        let z = Tensor::new(&[[1000.0f32, -1000.0, 0.0], [0.0, 0.0, 1000.0]], &Device::Cpu).unwrap();
        let y = Tensor::new(&[[1.0f32], [2.0]], &Device::Cpu).unwrap();
        let l = loss(LossKind::Ce, MULTI, &z, &y).unwrap().to_scalar::<f32>().unwrap();
        assert!((l - 1000.0).abs() < 1e-3, "{l}");
    }

    #[test]
    fn output_layer_per_task() {
        let (z, _) = batch(MULTI);
        let p = output(MULTI, &z).unwrap().to_vec2::<f64>().unwrap();
        for row in &p {
            assert!((row.iter().sum::<f64>() - 1.0).abs() < 1e-12, "{row:?}");
            assert!(row.iter().all(|&v| v > 0.0));
        }
        // softmax([1, 2.5, 0.2])_1 = e^2.5 / (e^1 + e^2.5 + e^0.2)
        let e = |v: f64| v.exp();
        assert!((p[0][1] - e(2.5) / (e(1.0) + e(2.5) + e(0.2))).abs() < 1e-12);
        let huge = Tensor::new(&[[1000.0f32, 0.0]], &Device::Cpu).unwrap();
        let ph = output(Task::Multiclass { classes: 2 }, &huge).unwrap().to_vec2::<f32>().unwrap();
        assert_eq!(ph, vec![vec![1.0, 0.0]]);

        let (z, _) = batch(Task::Binary);
        let s = output(Task::Binary, &z).unwrap().flatten_all().unwrap().to_vec1::<f64>().unwrap();
        assert!((s[0] - 1.0 / (1.0 + (-2.0f64).exp())).abs() < 1e-12);
        let (z, _) = batch(Task::Regression);
        let r = output(Task::Regression, &z).unwrap().flatten_all().unwrap().to_vec1::<f64>().unwrap();
        assert_eq!(r, vec![1.5, -0.5, 2.0]);
    }

    #[test]
    fn accuracy_per_task() {
        // Binary: z = [2, −1, 0.5] predicts [1, 0, 1]; labels [1, 1, 0] → 1 of 3 right.
        let (z, y) = batch(Task::Binary);
        let a = accuracy_for(Task::Binary, &z, &y).unwrap().unwrap();
        assert!((a - 1.0 / 3.0).abs() < 1e-6, "{a}");
        assert!((a - accuracy(&z, &y).unwrap()).abs() < 1e-6);
        // Multiclass: argmax rows = [1, 2, 2]; labels [1, 2, 0] → 2 of 3 right.
        let (z, y) = batch(MULTI);
        let a = accuracy_for(MULTI, &z, &y).unwrap().unwrap();
        assert!((a - 2.0 / 3.0).abs() < 1e-6, "{a}");
        let y_all = t2(&[&[1.0], &[2.0], &[2.0]]);
        assert_eq!(accuracy_for(MULTI, &z, &y_all).unwrap(), Some(1.0));
        let (z, y) = batch(Task::Regression);
        assert_eq!(accuracy_for(Task::Regression, &z, &y).unwrap(), None);
    }

    #[test]
    fn names_round_trip() {
        let names: Vec<&str> = LossKind::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(names, ["mse", "ce", "hinge", "dice"]);
        for k in LossKind::ALL {
            assert_eq!(LossKind::from_name(k.name()), Some(k));
        }
        assert_eq!(LossKind::from_name("bce"), None);
        assert_eq!(LossKind::from_name("MSE"), None);
    }

    /// Every `<tag>` is closed by `</tag>` in order (self-closing `<tag/>` allowed).
    fn balanced(xml: &str) -> bool {
        let mut stack: Vec<&str> = Vec::new();
        let mut rest = xml;
        while let Some(start) = rest.find('<') {
            let Some(end) = rest[start..].find('>') else { return false };
            let tag = &rest[start + 1..start + end];
            rest = &rest[start + end + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                if stack.pop() != Some(name) {
                    return false;
                }
            } else if !tag.ends_with('/') {
                stack.push(tag.split_whitespace().next().unwrap_or(""));
            }
        }
        stack.is_empty()
    }

    #[test]
    fn formulas_are_mathml() {
        let mut seen = Vec::new();
        for task in TASKS {
            for kind in LossKind::ALL {
                let m = formula_mathml(kind, task);
                assert!(m.starts_with("<math"), "{m}");
                assert!(m.contains(r#"display="block""#), "{m}");
                assert!(!m.contains("undefined"), "{m}");
                assert!(balanced(&m), "{kind:?} {task:?}: {m}");
                if supports(kind, task) {
                    seen.push(m);
                }
            }
        }
        // The nine supported combinations all show different formulas.
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 9);
        assert!(formula_mathml(LossKind::Hinge, MULTI).contains("≠"));
        assert!(formula_mathml(LossKind::Mse, Task::Binary).contains("<mi>σ</mi>"));
    }

    #[test]
    fn bce_matches_the_formula() {
        // By hand: z = [2, -1, 0], y = [1, 1, 0]
        // −log σ(2) = 0.126928, −log σ(−1) = 1.313262, −log(1 − σ(0)) = 0.693147 → mean 0.711112
        let z = Tensor::new(&[[2.0f64], [-1.0], [0.0]], &Device::Cpu).unwrap();
        let y = Tensor::new(&[[1.0f64], [1.0], [0.0]], &Device::Cpu).unwrap();
        let l = bce_with_logits(&z, &y).unwrap().to_scalar::<f64>().unwrap();
        assert!((l - 0.711112).abs() < 1e-6, "{l}");
        assert!((accuracy(&z, &y).unwrap() - 2.0 / 3.0).abs() < 1e-6);
    }

    #[test]
    fn bce_is_finite_for_huge_logits() {
        let z = Tensor::new(&[[1000.0f32], [-1000.0]], &Device::Cpu).unwrap();
        let y = Tensor::new(&[[0.0f32], [1.0]], &Device::Cpu).unwrap();
        let l = bce_with_logits(&z, &y).unwrap().to_scalar::<f32>().unwrap();
        assert!((l - 1000.0).abs() < 1e-3, "{l}");
    }
}

// ---- The same losses in plain Rust ------------------------------------------------------

use super::fastmath::{exp_f32, relu_f32, sigmoid_f32, softplus_neg_abs};

/// Σ f(z_i, y_i) in f64, over 8-wide chunks so that `f` (branch-free) vectorizes.
#[inline(always)]
fn sum_terms(z: &[f32], y: &[f32], f: impl Fn(f32, f32) -> f32) -> f64 {
    const W: usize = 8;
    let mut acc = [0.0f64; W];
    let (zc, yc) = (z.chunks_exact(W), y.chunks_exact(W));
    let (zr, yr) = (zc.remainder(), yc.remainder());
    for (zc, yc) in zc.zip(yc) {
        let mut t = [0.0f32; W];
        for l in 0..W {
            t[l] = f(zc[l], yc[l]);
        }
        for l in 0..W {
            acc[l] += t[l] as f64;
        }
    }
    acc.iter().sum::<f64>() + zr.iter().zip(yr).map(|(&a, &b)| f(a, b) as f64).sum::<f64>()
}

/// [`loss`] in plain Rust, without Candle, for the loss surface (which evaluates it at
/// thousands of parameter points): the same formulas, term by term (see [`loss`]). `z` holds
/// the raw outputs column by column (`z[j * n + i]` is output j of sample i, `task.outputs()`
/// columns of n), `y` the n targets. The terms are computed in f32 like the f32 tensors and
/// summed in f64, with the vectorizable `exp` and `ln(1 + u)` of [`super::fastmath`]. Agrees
/// with [`loss`] on f32 tensors to ~1e-6 relative (tested). Returns NaN
/// for an unsupported combination, an empty batch or mismatched lengths (it never panics).
pub fn loss_columns(kind: LossKind, task: Task, z: &[f32], y: &[f32]) -> f32 {
    let n = y.len();
    let k = task.outputs();
    if !supports(kind, task) || n == 0 || z.len() != n * k {
        return f32::NAN;
    }
    let nf = n as f64;
    #[inline(always)]
    fn mean(z: &[f32], y: &[f32], f: impl Fn(f32, f32) -> f32) -> f32 {
        (sum_terms(z, y, f) / y.len() as f64) as f32
    }
    match (task, kind) {
        (Task::Regression, _) => mean(z, y, |z, y| (z - y) * (z - y)),
        (Task::Binary, LossKind::Mse) => mean(z, y, |z, y| (sigmoid_f32(z) - y) * (sigmoid_f32(z) - y)),
        (Task::Binary, LossKind::Ce) => mean(z, y, |z, y| relu_f32(z) - z * y + softplus_neg_abs(z)),
        (Task::Binary, LossKind::Hinge) => mean(z, y, |z, y| relu_f32(1.0 - (2.0 * y - 1.0) * z)),
        (Task::Binary, LossKind::Dice) => {
            let inter = sum_terms(z, y, |z, y| sigmoid_f32(z) * y);
            let sp = sum_terms(z, y, |z, _| sigmoid_f32(z));
            let sy: f64 = y.iter().map(|&v| v as f64).sum();
            (1.0 - (2.0 * inter + 1.0) / (sp + sy + 1.0)) as f32
        }
        (Task::Multiclass { .. }, kind) => {
            // Per sample: the row's softmax (log-sum-exp with the row maximum) and its label.
            let (mut total, mut inter, mut sp, mut sy) = (0.0f64, vec![0.0f64; k], vec![0.0f64; k], vec![0.0f64; k]);
            let mut p = vec![0.0f32; k];
            for (i, &label) in y.iter().enumerate() {
                let c = label as usize;
                if c >= k || label != c as f32 {
                    return f32::NAN;
                }
                let row = |j: usize| z[j * n + i];
                let m = (0..k).map(row).fold(f32::NEG_INFINITY, f32::max);
                let mut s = 0.0f32;
                for (j, pj) in p.iter_mut().enumerate() {
                    *pj = exp_f32(row(j) - m);
                    s += *pj;
                }
                match kind {
                    LossKind::Ce => total += ((row(c) - m) - s.ln()) as f64,
                    LossKind::Mse => {
                        total += p.iter().enumerate().map(|(j, &e)| (e / s - if j == c { 1.0 } else { 0.0 }).powi(2) as f64).sum::<f64>()
                    }
                    LossKind::Hinge => {
                        total += (0..k).filter(|&j| j != c).map(|j| (1.0 - row(c) + row(j)).max(0.0) as f64).sum::<f64>()
                    }
                    LossKind::Dice => {
                        for (j, &e) in p.iter().enumerate() {
                            let pj = (e / s) as f64;
                            sp[j] += pj;
                            if j == c {
                                inter[j] += pj;
                                sy[j] += 1.0;
                            }
                        }
                    }
                }
            }
            let kf = k as f64;
            (match kind {
                LossKind::Ce => -total / nf,
                LossKind::Mse | LossKind::Hinge => total / (nf * kf),
                LossKind::Dice => {
                    1.0 - (0..k).map(|j| (2.0 * inter[j] + 1.0) / (sp[j] + sy[j] + 1.0)).sum::<f64>() / kf
                }
            }) as f32
        }
    }
}

#[cfg(test)]
mod columns_tests {
    use super::*;
    use candle_core::Device;
    use rand::{Rng, SeedableRng};

    /// `loss_columns` agrees with the Candle `loss` on random f32 batches, for every task and
    /// every loss the task supports.
    #[test]
    fn plain_loss_matches_the_tensor_loss() {
        let mut r = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        for task in [Task::Binary, Task::Multiclass { classes: 3 }, Task::Multiclass { classes: 4 }, Task::Regression] {
            for kind in LossKind::ALL.into_iter().filter(|&k| supports(k, task)) {
                let (n, k) = (57, task.outputs());
                let rows: Vec<f32> = (0..n * k).map(|_| r.random_range(-4.0f32..4.0)).collect();
                let y: Vec<f32> = (0..n)
                    .map(|_| match task {
                        Task::Binary => r.random_range(0..2) as f32,
                        Task::Multiclass { classes } => r.random_range(0..classes) as f32,
                        Task::Regression => r.random_range(-1.0f32..1.0),
                    })
                    .collect();
                let zt = Tensor::from_vec(rows.clone(), (n, k), &Device::Cpu).unwrap();
                let yt = Tensor::from_vec(y.clone(), (n, 1), &Device::Cpu).unwrap();
                let want = loss(kind, task, &zt, &yt).unwrap().to_scalar::<f32>().unwrap();
                // Column-major copy of the row-major (n, k) outputs.
                let cols: Vec<f32> = (0..k).flat_map(|j| (0..n).map(move |i| (i, j))).map(|(i, j)| rows[i * k + j]).collect();
                let got = loss_columns(kind, task, &cols, &y);
                assert!((got - want).abs() <= 2e-6 * (1.0 + want.abs()), "{task:?} {kind:?}: {got} vs {want}");
            }
        }
        assert!(loss_columns(LossKind::Ce, Task::Regression, &[1.0], &[1.0]).is_nan());
        assert!(loss_columns(LossKind::Mse, Task::Binary, &[1.0, 2.0], &[1.0]).is_nan());
        assert!(loss_columns(LossKind::Ce, Task::Multiclass { classes: 2 }, &[1.0, 2.0], &[5.0]).is_nan());
    }
}
