//! The back-propagation lab's walk through one step (issue 14): the order in which a student
//! sees the numbers of a [`Step`], what each phase computes from what (for the diagram's
//! highlights), and each phase's formulas with the numbers substituted (for the side panel).
//!
//! A step is: per example, forward neuron by neuron, the example's loss, backward from the
//! output layer neuron by neuron, each layer's gradients; then (for a mini-batch) the mean
//! of the examples' gradients; then the update of every weight at once. Nothing here
//! computes a gradient: every number is read from the [`Step`] the engine computed, or is
//! the product or sum the formula shows of numbers read from it.

use super::backprop::{LabConfig, LabLoss, Step, Weights};
use super::Activation;

/// One phase of a step; `example` indexes the mini-batch, `layer` the weighted layers
/// (0 = the first hidden layer, or the output layer when there is none), `neuron` the layer's
/// neurons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// z = Σ w·x + b and a = f(z) of one neuron.
    Forward { example: usize, layer: usize, neuron: usize },
    /// The example's loss.
    Loss { example: usize },
    /// ∂L/∂a, f′(z) and ∂L/∂z of one neuron.
    Backward { example: usize, layer: usize, neuron: usize },
    /// ∂L/∂w and ∂L/∂b of one layer, for this example.
    Grads { example: usize, layer: usize },
    /// The mini-batch's gradients: the mean of its examples' (only when it has more than one).
    Mean,
    /// W′ = W − α·∂L/∂W for every weight at once.
    Update,
}

impl Phase {
    /// The example the phase belongs to (`None`: the whole batch).
    pub fn example(self) -> Option<usize> {
        match self {
            Phase::Forward { example, .. } | Phase::Loss { example } | Phase::Backward { example, .. } | Phase::Grads { example, .. } => Some(example),
            Phase::Mean | Phase::Update => None,
        }
    }
}

/// The phases of one step of a network with `widths` neurons per layer (inputs first) over a
/// mini-batch of `batch` examples, in the order the lab shows them.
pub fn phases(widths: &[usize], batch: usize) -> Vec<Phase> {
    let layers = widths.len().saturating_sub(1);
    let mut out = Vec::new();
    for example in 0..batch {
        for layer in 0..layers {
            out.extend((0..widths[layer + 1]).map(|neuron| Phase::Forward { example, layer, neuron }));
        }
        out.push(Phase::Loss { example });
        for layer in (0..layers).rev() {
            out.extend((0..widths[layer + 1]).map(|neuron| Phase::Backward { example, layer, neuron }));
            out.push(Phase::Grads { example, layer });
        }
    }
    if batch > 1 {
        out.push(Phase::Mean);
    }
    out.push(Phase::Update);
    out
}

/// A place on the network diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spot {
    Input(usize),
    /// Neuron `neuron` of weighted layer `layer`.
    Neuron { layer: usize, neuron: usize },
    /// The link from input `from` of weighted layer `layer` to its neuron `to`.
    Link { layer: usize, to: usize, from: usize },
    Bias { layer: usize, neuron: usize },
    Loss,
    Target(usize),
}

/// What a phase produces and what it is computed from: the diagram highlights both.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Focus {
    pub made: Vec<Spot>,
    pub from: Vec<Spot>,
}

fn layer_inputs(layer: usize, widths: &[usize]) -> Vec<Spot> {
    (0..widths[layer]).map(|i| if layer == 0 { Spot::Input(i) } else { Spot::Neuron { layer: layer - 1, neuron: i } }).collect()
}

fn all_weights(widths: &[usize]) -> Vec<Spot> {
    let mut out = Vec::new();
    for layer in 0..widths.len() - 1 {
        for to in 0..widths[layer + 1] {
            out.extend((0..widths[layer]).map(|from| Spot::Link { layer, to, from }));
            out.push(Spot::Bias { layer, neuron: to });
        }
    }
    out
}

/// The phase's highlights on a network with `widths` neurons per layer.
pub fn focus(phase: Phase, widths: &[usize]) -> Focus {
    let last = widths.len() - 2;
    match phase {
        Phase::Forward { layer, neuron, .. } => {
            let mut from = layer_inputs(layer, widths);
            from.extend((0..widths[layer]).map(|i| Spot::Link { layer, to: neuron, from: i }));
            from.push(Spot::Bias { layer, neuron });
            Focus { made: vec![Spot::Neuron { layer, neuron }], from }
        }
        Phase::Loss { .. } => {
            let mut from: Vec<Spot> = (0..widths[last + 1]).map(|k| Spot::Neuron { layer: last, neuron: k }).collect();
            from.extend((0..widths[last + 1]).map(Spot::Target));
            Focus { made: vec![Spot::Loss], from }
        }
        Phase::Backward { layer, neuron, .. } => {
            let from = if layer == last {
                vec![Spot::Loss, Spot::Target(neuron), Spot::Neuron { layer, neuron }]
            } else {
                let mut f: Vec<Spot> = (0..widths[layer + 2]).map(|k| Spot::Link { layer: layer + 1, to: k, from: neuron }).collect();
                f.extend((0..widths[layer + 2]).map(|k| Spot::Neuron { layer: layer + 1, neuron: k }));
                f.push(Spot::Neuron { layer, neuron });
                f
            };
            Focus { made: vec![Spot::Neuron { layer, neuron }], from }
        }
        Phase::Grads { layer, .. } => {
            let mut made = Vec::new();
            for to in 0..widths[layer + 1] {
                made.extend((0..widths[layer]).map(|from| Spot::Link { layer, to, from }));
                made.push(Spot::Bias { layer, neuron: to });
            }
            let mut from = layer_inputs(layer, widths);
            from.extend((0..widths[layer + 1]).map(|neuron| Spot::Neuron { layer, neuron }));
            Focus { made, from }
        }
        Phase::Mean | Phase::Update => Focus { made: all_weights(widths), from: vec![] },
    }
}

/// What the diagram shows at a phase: which neurons' forward values, which neurons' deltas,
/// which layers' gradients (of the phase's example, or the batch's mean), and whether the
/// loss and the new weights are known yet.
#[derive(Clone, Debug, PartialEq)]
pub struct Shown {
    /// The example whose values are on the diagram.
    pub example: usize,
    pub forward: Vec<Vec<bool>>,
    pub loss: bool,
    pub backward: Vec<Vec<bool>>,
    pub grads: Vec<bool>,
    /// The gradients shown are the batch's mean (after [`Phase::Mean`], or for a batch of one).
    pub mean: bool,
    pub updated: bool,
}

/// What is shown once phases `..=at` of `phases` have been seen (`None`: none yet).
pub fn shown(phases: &[Phase], at: Option<usize>, widths: &[usize], batch: usize) -> Shown {
    let layers = widths.len() - 1;
    let fresh = |example| Shown {
        example,
        forward: (0..layers).map(|l| vec![false; widths[l + 1]]).collect(),
        loss: false,
        backward: (0..layers).map(|l| vec![false; widths[l + 1]]).collect(),
        grads: vec![false; layers],
        mean: false,
        updated: false,
    };
    let mut s = fresh(0);
    let Some(at) = at else { return s };
    for &p in &phases[..=at.min(phases.len() - 1)] {
        if let Some(e) = p.example() {
            if e != s.example {
                s = fresh(e);
            }
        }
        match p {
            Phase::Forward { layer, neuron, .. } => s.forward[layer][neuron] = true,
            Phase::Loss { .. } => s.loss = true,
            Phase::Backward { layer, neuron, .. } => s.backward[layer][neuron] = true,
            Phase::Grads { layer, .. } => {
                s.grads[layer] = true;
                s.mean = batch == 1;
            }
            Phase::Mean => s.mean = true,
            Phase::Update => s.updated = true,
        }
    }
    s
}

/// A symbol as the lecture writes it: a base letter with a subscript and a superscript
/// (empty: none). Weights and biases carry their matrix's index as the lecture numbers them
/// (W₀ from the inputs), neurons their layer's (z⁽¹⁾ in the first hidden layer).
#[derive(Clone, Debug, PartialEq)]
pub struct Sym {
    pub base: &'static str,
    pub sub: String,
    pub sup: String,
}

/// One token of a formula line.
#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Sym(Sym),
    /// ∂L/∂(symbol).
    Partial(Sym),
    Num(f64),
    Op(&'static str),
}

fn sym(base: &'static str, sub: String, sup: String) -> Sym {
    Sym { base, sub, sup }
}
fn w_sym(layer: usize, to: usize, from: usize) -> Sym {
    sym("w", format!("{}{}", to + 1, from + 1), format!("({layer})"))
}
fn b_sym(layer: usize, neuron: usize) -> Sym {
    sym("b", format!("{}", neuron + 1), format!("({layer})"))
}
fn z_sym(layer: usize, neuron: usize) -> Sym {
    sym("z", format!("{}", neuron + 1), format!("({})", layer + 1))
}
fn a_sym(layer: usize, neuron: usize) -> Sym {
    sym("a", format!("{}", neuron + 1), format!("({})", layer + 1))
}
/// The input of weighted layer `layer` numbered `i`: xᵢ, or the layer below's aᵢ.
fn in_sym(layer: usize, i: usize) -> Sym {
    if layer == 0 { sym("x", format!("{}", i + 1), String::new()) } else { a_sym(layer - 1, i) }
}
fn y_sym(k: usize) -> Sym {
    sym("y", format!("{}", k + 1), String::new())
}

/// The function's name as written in a formula.
fn f_name(f: Activation) -> &'static str {
    match f {
        Activation::Sigmoid => "σ",
        Activation::Tanh => "tanh",
        Activation::Relu => "ReLU",
        Activation::Linear => "id",
    }
}

/// Terms joined by "+", each term a list of tokens.
fn sum_of(terms: Vec<Vec<Tok>>) -> Vec<Tok> {
    let mut out = Vec::new();
    for (n, t) in terms.into_iter().enumerate() {
        if n > 0 {
            out.push(Tok::Op("+"));
        }
        out.extend(t);
    }
    out
}

/// `lhs = symbolic = numeric = value` (the numeric part left out when it equals the symbolic).
fn line(lhs: Tok, symbolic: Vec<Tok>, numeric: Vec<Tok>, value: f64) -> Vec<Tok> {
    let mut out = vec![lhs, Tok::Op("=")];
    out.extend(symbolic);
    if !numeric.is_empty() {
        out.push(Tok::Op("="));
        out.extend(numeric);
    }
    out.push(Tok::Op("="));
    out.push(Tok::Num(value));
    out
}

/// The mini-batch's example: its inputs, targets, forward values and deltas.
fn input_value(step: &Step, example: usize, layer: usize, i: usize) -> f64 {
    let e = &step.examples[example];
    if layer == 0 { e.x[i] } else { e.forward[layer - 1].a[i] }
}

/// One example's gradient of weighted layer `layer`: ∂Lₑ/∂wⱼᵢ = ∂Lₑ/∂zⱼ · inputᵢ and
/// ∂Lₑ/∂bⱼ = ∂Lₑ/∂zⱼ (the mean of these over the batch is `step.grads`).
pub fn example_grads(step: &Step, example: usize, layer: usize) -> super::backprop::Layer {
    let dz = &step.examples[example].backward[layer].dz;
    let n_in = step.grads.layers[layer].w.first().map_or(0, Vec::len);
    super::backprop::Layer {
        w: dz.iter().map(|d| (0..n_in).map(|i| d * input_value(step, example, layer, i)).collect()).collect(),
        b: dz.clone(),
    }
}

/// The formulas of a phase, with the numbers of `step` (taken at the weights `old`)
/// substituted: one line per computed value.
pub fn formulas(cfg: &LabConfig, old: &Weights, step: &Step, phase: Phase) -> Vec<Vec<Tok>> {
    let layers = old.layers.len();
    match phase {
        Phase::Forward { example, layer, neuron } => {
            let e = &step.examples[example];
            let row = &old.layers[layer].w[neuron];
            let b = old.layers[layer].b[neuron];
            let symbolic = sum_of(
                (0..row.len())
                    .map(|i| vec![Tok::Sym(w_sym(layer, neuron, i)), Tok::Op("·"), Tok::Sym(in_sym(layer, i))])
                    .chain(std::iter::once(vec![Tok::Sym(b_sym(layer, neuron))]))
                    .collect(),
            );
            let numeric = sum_of(
                row.iter()
                    .enumerate()
                    .map(|(i, w)| vec![Tok::Num(*w), Tok::Op("·"), Tok::Num(input_value(step, example, layer, i))])
                    .chain(std::iter::once(vec![Tok::Num(b)]))
                    .collect(),
            );
            let z = e.forward[layer].z[neuron];
            let f = f_name(cfg.activation(layer));
            vec![
                line(Tok::Sym(z_sym(layer, neuron)), symbolic, numeric, z),
                line(
                    Tok::Sym(a_sym(layer, neuron)),
                    vec![Tok::Op(f), Tok::Op("("), Tok::Sym(z_sym(layer, neuron)), Tok::Op(")")],
                    vec![Tok::Op(f), Tok::Op("("), Tok::Num(z), Tok::Op(")")],
                    e.forward[layer].a[neuron],
                ),
            ]
        }
        Phase::Loss { example } => {
            let e = &step.examples[example];
            let out = &e.forward[layers - 1].a;
            let k = out.len();
            let (sym_terms, num_terms): (Vec<Vec<Tok>>, Vec<Vec<Tok>>) = (0..k)
                .map(|j| match cfg.loss {
                    LabLoss::Mse | LabLoss::MseHalf => (
                        vec![Tok::Op("("), Tok::Sym(a_sym(layers - 1, j)), Tok::Op("−"), Tok::Sym(y_sym(j)), Tok::Op(")²")],
                        vec![Tok::Op("("), Tok::Num(out[j]), Tok::Op("−"), Tok::Num(e.y[j]), Tok::Op(")²")],
                    ),
                    LabLoss::Ce => (
                        vec![
                            Tok::Sym(y_sym(j)), Tok::Op("ln"), Tok::Sym(a_sym(layers - 1, j)), Tok::Op("+"), Tok::Op("("), Tok::Num(1.0), Tok::Op("−"),
                            Tok::Sym(y_sym(j)), Tok::Op(")"), Tok::Op("ln"), Tok::Op("("), Tok::Num(1.0), Tok::Op("−"), Tok::Sym(a_sym(layers - 1, j)), Tok::Op(")"),
                        ],
                        vec![
                            Tok::Num(e.y[j]), Tok::Op("ln"), Tok::Num(out[j]), Tok::Op("+"), Tok::Num(1.0 - e.y[j]), Tok::Op("ln"), Tok::Num(1.0 - out[j]),
                        ],
                    ),
                })
                .unzip();
            let wrap = |terms: Vec<Vec<Tok>>| -> Vec<Tok> {
                let (pre, post): (Vec<Tok>, Vec<Tok>) = match cfg.loss {
                    LabLoss::Mse => (vec![Tok::Num(1.0 / k as f64), Tok::Op("·"), Tok::Op("[")], vec![Tok::Op("]")]),
                    LabLoss::MseHalf => (vec![Tok::Num(0.5), Tok::Op("·"), Tok::Op("[")], vec![Tok::Op("]")]),
                    LabLoss::Ce => (vec![Tok::Op("−"), Tok::Op("[")], vec![Tok::Op("]")]),
                };
                [pre, sum_of(terms), post].concat()
            };
            let lhs = sym("L", if step.examples.len() > 1 { format!("{}", example + 1) } else { String::new() }, String::new());
            vec![line(Tok::Sym(lhs), wrap(sym_terms), wrap(num_terms), e.loss)]
        }
        Phase::Backward { example, layer, neuron } => {
            let e = &step.examples[example];
            let d = &e.backward[layer];
            let (a, z) = (e.forward[layer].a[neuron], e.forward[layer].z[neuron]);
            let first = if layer == layers - 1 {
                let y = e.y[neuron];
                let k = e.y.len() as f64;
                let a_t = Tok::Sym(a_sym(layer, neuron));
                let y_t = Tok::Sym(y_sym(neuron));
                let (symbolic, numeric) = match cfg.loss {
                    LabLoss::MseHalf => (vec![a_t, Tok::Op("−"), y_t], vec![Tok::Num(a), Tok::Op("−"), Tok::Num(y)]),
                    LabLoss::Mse => (
                        vec![Tok::Num(2.0 / k), Tok::Op("·"), Tok::Op("("), a_t, Tok::Op("−"), y_t, Tok::Op(")")],
                        vec![Tok::Num(2.0 / k), Tok::Op("·"), Tok::Op("("), Tok::Num(a), Tok::Op("−"), Tok::Num(y), Tok::Op(")")],
                    ),
                    LabLoss::Ce => (
                        vec![Tok::Op("("), a_t.clone(), Tok::Op("−"), y_t, Tok::Op(")"), Tok::Op("/"), Tok::Op("["), a_t.clone(), Tok::Op("·"), Tok::Op("("),
                            Tok::Num(1.0), Tok::Op("−"), a_t, Tok::Op(")"), Tok::Op("]")],
                        vec![Tok::Op("("), Tok::Num(a), Tok::Op("−"), Tok::Num(y), Tok::Op(")"), Tok::Op("/"), Tok::Op("["), Tok::Num(a), Tok::Op("·"),
                            Tok::Num(1.0 - a), Tok::Op("]")],
                    ),
                };
                line(Tok::Partial(a_sym(layer, neuron)), symbolic, numeric, d.da[neuron])
            } else {
                let above = &old.layers[layer + 1];
                let dz_above = &e.backward[layer + 1].dz;
                let symbolic = sum_of(
                    (0..above.w.len()).map(|k| vec![Tok::Sym(w_sym(layer + 1, k, neuron)), Tok::Op("·"), Tok::Partial(z_sym(layer + 1, k))]).collect(),
                );
                let numeric = sum_of((0..above.w.len()).map(|k| vec![Tok::Num(above.w[k][neuron]), Tok::Op("·"), Tok::Num(dz_above[k])]).collect());
                line(Tok::Partial(a_sym(layer, neuron)), symbolic, numeric, d.da[neuron])
            };
            let f = cfg.activation(layer);
            let fprime_lhs = Tok::Sym(sym("f′", format!("{}", neuron + 1), format!("({})", layer + 1)));
            let (symbolic, numeric) = match f {
                Activation::Sigmoid => (
                    vec![Tok::Sym(a_sym(layer, neuron)), Tok::Op("·"), Tok::Op("("), Tok::Num(1.0), Tok::Op("−"), Tok::Sym(a_sym(layer, neuron)), Tok::Op(")")],
                    vec![Tok::Num(a), Tok::Op("·"), Tok::Op("("), Tok::Num(1.0), Tok::Op("−"), Tok::Num(a), Tok::Op(")")],
                ),
                Activation::Tanh => (
                    vec![Tok::Num(1.0), Tok::Op("−"), Tok::Sym(a_sym(layer, neuron)), Tok::Op("²")],
                    vec![Tok::Num(1.0), Tok::Op("−"), Tok::Num(a), Tok::Op("²")],
                ),
                // The Iverson bracket [z > 0]: 1 when true, else 0.
                Activation::Relu => (
                    vec![Tok::Op("["), Tok::Sym(z_sym(layer, neuron)), Tok::Op(">"), Tok::Num(0.0), Tok::Op("]")],
                    vec![Tok::Op("["), Tok::Num(z), Tok::Op(">"), Tok::Num(0.0), Tok::Op("]")],
                ),
                Activation::Linear => (vec![Tok::Num(1.0)], vec![]),
            };
            let fp = line(fprime_lhs.clone(), symbolic, numeric, d.fprime[neuron]);
            let dz = line(
                Tok::Partial(z_sym(layer, neuron)),
                vec![Tok::Partial(a_sym(layer, neuron)), Tok::Op("·"), fprime_lhs],
                vec![Tok::Num(d.da[neuron]), Tok::Op("·"), Tok::Num(d.fprime[neuron])],
                d.dz[neuron],
            );
            vec![first, fp, dz]
        }
        Phase::Grads { example, layer } => {
            let g = example_grads(step, example, layer);
            let dz = &step.examples[example].backward[layer].dz;
            let mut out = Vec::new();
            for (j, row) in g.w.iter().enumerate() {
                for (i, v) in row.iter().enumerate() {
                    out.push(line(
                        Tok::Partial(w_sym(layer, j, i)),
                        vec![Tok::Partial(z_sym(layer, j)), Tok::Op("·"), Tok::Sym(in_sym(layer, i))],
                        vec![Tok::Num(dz[j]), Tok::Op("·"), Tok::Num(input_value(step, example, layer, i))],
                        *v,
                    ));
                }
                out.push(line(Tok::Partial(b_sym(layer, j)), vec![Tok::Partial(z_sym(layer, j))], vec![], g.b[j]));
            }
            out
        }
        Phase::Mean => {
            let n = step.examples.len();
            let per: Vec<Vec<super::backprop::Layer>> = (0..n).map(|e| (0..layers).map(|l| example_grads(step, e, l)).collect()).collect();
            let mut out = Vec::new();
            for l in 0..layers {
                for j in 0..old.layers[l].w.len() {
                    let mean_line = |lhs: Sym, each: Vec<f64>, value: f64| {
                        let mut rhs = vec![Tok::Num(1.0 / n as f64), Tok::Op("·"), Tok::Op("(")];
                        rhs.extend(sum_of(each.into_iter().map(|v| vec![Tok::Num(v)]).collect()));
                        rhs.push(Tok::Op(")"));
                        line(Tok::Partial(lhs), rhs, vec![], value)
                    };
                    for i in 0..old.layers[l].w[j].len() {
                        out.push(mean_line(w_sym(l, j, i), per.iter().map(|p| p[l].w[j][i]).collect(), step.grads.layers[l].w[j][i]));
                    }
                    out.push(mean_line(b_sym(l, j), per.iter().map(|p| p[l].b[j]).collect(), step.grads.layers[l].b[j]));
                }
            }
            out
        }
        Phase::Update => {
            let mut out = Vec::new();
            for l in 0..layers {
                for j in 0..old.layers[l].w.len() {
                    let upd = |s: Sym, old: f64, g: f64, new: f64| {
                        line(
                            Tok::Sym(Sym { base: "w′", ..s.clone() }),
                            vec![Tok::Sym(s.clone()), Tok::Op("−"), Tok::Op("α"), Tok::Op("·"), Tok::Partial(s)],
                            vec![Tok::Num(old), Tok::Op("−"), Tok::Num(cfg.lr), Tok::Op("·"), Tok::Num(g)],
                            new,
                        )
                    };
                    for i in 0..old.layers[l].w[j].len() {
                        out.push(upd(w_sym(l, j, i), old.layers[l].w[j][i], step.grads.layers[l].w[j][i], step.updated.layers[l].w[j][i]));
                    }
                    if cfg.update_bias {
                        let mut line = upd(b_sym(l, j), old.layers[l].b[j], step.grads.layers[l].b[j], step.updated.layers[l].b[j]);
                        if let Some(Tok::Sym(s)) = line.first_mut() {
                            s.base = "b′";
                        }
                        out.push(line);
                    }
                }
            }
            out
        }
    }
}

/// Every weight and bias in one list: per layer, the rows of `w` (`w[j][i]`, j = neuron),
/// then `b` (the URL's `lab_w`).
pub fn flatten(w: &Weights) -> Vec<f64> {
    w.layers.iter().flat_map(|l| l.w.iter().flatten().chain(&l.b).copied().collect::<Vec<_>>()).collect()
}

/// The weights of a network with `widths` neurons per layer from [`flatten`]'s list; `None`
/// when the list has another length.
pub fn unflatten(widths: &[usize], values: &[f64]) -> Option<Weights> {
    let need: usize = widths.windows(2).map(|io| io[1] * (io[0] + 1)).sum();
    if values.len() != need {
        return None;
    }
    let mut it = values.iter().copied();
    let layers = widths
        .windows(2)
        .map(|io| super::backprop::Layer {
            w: (0..io[1]).map(|_| it.by_ref().take(io[0]).collect()).collect(),
            b: it.by_ref().take(io[1]).collect(),
        })
        .collect();
    Some(Weights { layers })
}

/// A formula line as MathML (inside a `<math>` element), numbers written by `num`.
pub fn mathml(line: &[Tok], num: &dyn Fn(f64) -> String) -> String {
    fn sym_ml(s: &Sym) -> String {
        let base = format!("<mi>{}</mi>", s.base);
        let sub = format!("<mrow><mn>{}</mn></mrow>", s.sub);
        let sup = format!("<mrow><mo>(</mo><mn>{}</mn><mo>)</mo></mrow>", s.sup.trim_matches(|c| c == '(' || c == ')'));
        match (s.sub.is_empty(), s.sup.is_empty()) {
            (true, true) => base,
            (false, true) => format!("<msub>{base}{sub}</msub>"),
            (true, false) => format!("<msup>{base}{sup}</msup>"),
            (false, false) => format!("<msubsup>{base}{sub}{sup}</msubsup>"),
        }
    }
    let mut out = String::from(r#"<math display="block"><mrow>"#);
    for t in line {
        match t {
            Tok::Sym(s) => out += &sym_ml(s),
            Tok::Partial(s) => out += &format!("<mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo>{}</mrow></mfrac>", sym_ml(s)),
            Tok::Num(v) => {
                let text = num(*v);
                if let Some(abs) = text.strip_prefix('-').or_else(|| text.strip_prefix('−')) {
                    out += &format!("<mrow><mo>(</mo><mo>−</mo><mn>{abs}</mn><mo>)</mo></mrow>");
                } else {
                    out += &format!("<mn>{text}</mn>");
                }
            }
            Tok::Op(o) => out += &format!("<mo>{o}</mo>"),
        }
    }
    out + "</mrow></math>"
}

/// A formula line as plain text (for screen readers and the command line), numbers by `num`.
pub fn text(line: &[Tok], num: &dyn Fn(f64) -> String) -> String {
    let sym_text = |s: &Sym| format!("{}{}{}", s.base, s.sub, s.sup);
    line.iter()
        .map(|t| match t {
            Tok::Sym(s) => sym_text(s),
            Tok::Partial(s) => format!("∂L/∂{}", sym_text(s)),
            Tok::Num(v) => num(*v),
            Tok::Op(o) => o.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::backprop::{mazur, step, Layer};

    fn fmt(v: f64) -> String {
        let r = (v * 1e9).round() / 1e9;
        format!("{r}")
    }

    #[test]
    fn the_phases_go_forward_then_back_then_update() {
        let p = phases(&[2, 2, 2], 1);
        // 4 neurons forward, the loss, 4 neurons back with 2 gradient phases, the update.
        assert_eq!(p.len(), 4 + 1 + 4 + 2 + 1);
        assert_eq!(p[0], Phase::Forward { example: 0, layer: 0, neuron: 0 });
        assert_eq!(p[4], Phase::Loss { example: 0 });
        assert_eq!(p[5], Phase::Backward { example: 0, layer: 1, neuron: 0 });
        assert_eq!(p[7], Phase::Grads { example: 0, layer: 1 });
        assert_eq!(p[10], Phase::Grads { example: 0, layer: 0 });
        assert_eq!(*p.last().unwrap(), Phase::Update);
        // A batch of 4 walks every example, then takes the mean.
        let p = phases(&[2, 2, 1], 4);
        assert_eq!(p.len(), 4 * (3 + 1 + 3 + 2) + 2);
        assert_eq!(p[p.len() - 2], Phase::Mean);
        // No hidden layer: one weighted layer.
        assert_eq!(phases(&[1, 1], 1).len(), 1 + 1 + 1 + 1 + 1);
    }

    /// Mazur's numbers (see `backprop`'s test) appear in the lines the student reads.
    #[test]
    fn formulas_show_mazurs_numbers() {
        let (cfg, w, batch) = mazur();
        let s = step(&cfg, &w, &batch).unwrap();
        let lines = |p| formulas(&cfg, &w, &s, p).iter().map(|l| text(l, &fmt)).collect::<Vec<_>>();
        let f = lines(Phase::Forward { example: 0, layer: 0, neuron: 0 });
        assert_eq!(f[0], "z1(1) = w11(0) · x1 + w12(0) · x2 + b1(0) = 0.15 · 0.05 + 0.2 · 0.1 + 0.35 = 0.3775");
        assert_eq!(f[1], "a1(1) = σ ( z1(1) ) = σ ( 0.3775 ) = 0.593269992");
        let l = lines(Phase::Loss { example: 0 });
        assert!(l[0].ends_with("= 0.298371109"), "{}", l[0]);
        assert!(l[0].contains("0.5 · [ ( a1(2) − y1 )²"), "{}", l[0]);
        let b = lines(Phase::Backward { example: 0, layer: 1, neuron: 0 });
        assert_eq!(b[0], "∂L/∂a1(2) = a1(2) − y1 = 0.75136507 − 0.01 = 0.74136507");
        assert!(b[1].ends_with("= 0.186815602"), "{}", b[1]);
        let g = lines(Phase::Grads { example: 0, layer: 1 });
        assert!(g[0].starts_with("∂L/∂w11(1) = ∂L/∂z1(2) · a1(1)") && g[0].ends_with("= 0.082167041"), "{}", g[0]);
        // ∂L/∂out_h1 = Σ w·δ over the output layer = 0.036350306 (Mazur: ∂E_total/∂out_h1).
        let h = lines(Phase::Backward { example: 0, layer: 0, neuron: 0 });
        assert!(h[0].starts_with("∂L/∂a1(1) = w11(1) · ∂L/∂z1(2) + w21(1) · ∂L/∂z2(2) = 0.4 ·"), "{}", h[0]);
        assert!(h[0].ends_with("= 0.036350306"), "{}", h[0]);
        let u = lines(Phase::Update);
        assert_eq!(u.len(), 8, "biases are kept in Mazur's example");
        assert!(u[4].starts_with("w′11(1) = w11(1) − α · ∂L/∂w11(1) = 0.4 − 0.5 · 0.082167041 = 0.35891648"), "{}", u[4]);
    }

    /// Every number a line shows is consistent: the numeric side, evaluated as written,
    /// gives the value (checked for the sums of products of the forward and update lines).
    #[test]
    fn each_gradient_line_multiplies_its_factors() {
        let cfg = LabConfig { inputs: 3, hidden: vec![4, 3], outputs: 2, act: Activation::Tanh, out_act: Activation::Sigmoid, loss: LabLoss::Ce, lr: 0.1, update_bias: true };
        let w = cfg.random_weights(3);
        let batch = vec![(vec![0.3, -0.7, 0.9], vec![1.0, 0.0]), (vec![-0.4, 0.5, 0.1], vec![0.0, 1.0])];
        let s = step(&cfg, &w, &batch).unwrap();
        for p in phases(&cfg.widths(), 2) {
            for l in formulas(&cfg, &w, &s, p) {
                let Some(Tok::Num(value)) = l.last() else { panic!("{l:?} ends with its value") };
                // Lines of the form "… = n · m = value" or "… = n − α · g = value".
                let tail: Vec<&Tok> = l.iter().rev().skip(2).take_while(|t| **t != Tok::Op("=")).collect();
                if let [Tok::Num(m), Tok::Op("·"), Tok::Num(n)] = tail[..] {
                    assert!((n * m - value).abs() < 1e-12, "{p:?}: {l:?}");
                }
                if let [Tok::Num(g), Tok::Op("·"), Tok::Num(lr), Tok::Op("−"), Tok::Num(old)] = tail[..] {
                    assert!((old - lr * g - value).abs() < 1e-12, "{p:?}: {l:?}");
                }
            }
        }
        // The mean phase averages the examples' gradients into the step's.
        let per: Vec<Layer> = (0..2).map(|e| example_grads(&s, e, 1)).collect();
        assert!(((per[0].w[1][2] + per[1].w[1][2]) / 2.0 - s.grads.layers[1].w[1][2]).abs() < 1e-15);
    }

    #[test]
    fn focus_and_shown_follow_the_phases() {
        let widths = [2, 2, 2];
        let f = focus(Phase::Forward { example: 0, layer: 1, neuron: 0 }, &widths);
        assert_eq!(f.made, vec![Spot::Neuron { layer: 1, neuron: 0 }]);
        assert!(f.from.contains(&Spot::Neuron { layer: 0, neuron: 1 }) && f.from.contains(&Spot::Link { layer: 1, to: 0, from: 1 }));
        let b = focus(Phase::Backward { example: 0, layer: 0, neuron: 1 }, &widths);
        assert!(b.from.contains(&Spot::Link { layer: 1, to: 0, from: 1 }) && b.from.contains(&Spot::Neuron { layer: 1, neuron: 1 }));
        let p = phases(&widths, 2);
        let s = shown(&p, Some(4), &widths, 2);
        assert!(s.loss && s.forward.iter().flatten().all(|&v| v) && !s.backward[1][0]);
        // The second example starts afresh.
        let second = p.iter().position(|q| q.example() == Some(1)).unwrap();
        let s = shown(&p, Some(second), &widths, 2);
        assert_eq!((s.example, s.loss, s.forward[0][0], s.forward[0][1]), (1, false, true, false));
        let s = shown(&p, Some(p.len() - 1), &widths, 2);
        assert!(s.mean && s.updated);
        assert_eq!(shown(&p, None, &widths, 2).forward[0][0], false);
    }

    #[test]
    fn weights_flatten_and_back() {
        let (cfg, w, _) = mazur();
        let flat = flatten(&w);
        assert_eq!(flat, vec![0.15, 0.20, 0.25, 0.30, 0.35, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60, 0.60]);
        assert_eq!(unflatten(&cfg.widths(), &flat), Some(w));
        assert_eq!(unflatten(&cfg.widths(), &flat[1..]), None);
    }

    #[test]
    fn mathml_is_balanced_and_writes_negative_numbers_in_parentheses() {
        let (cfg, w, batch) = mazur();
        let s = step(&cfg, &w, &batch).unwrap();
        let m = mathml(&formulas(&cfg, &w, &s, Phase::Backward { example: 0, layer: 1, neuron: 1 })[0], &fmt);
        assert!(m.starts_with("<math") && m.ends_with("</math>"));
        assert_eq!(m.matches("<mrow>").count(), m.matches("</mrow>").count());
        // ∂E/∂out_o2 = out_o2 − target_o2 = −0.217071535 (Mazur).
        assert!(m.contains("<mo>(</mo><mo>−</mo><mn>0.217071535</mn><mo>)</mo>"), "{m}");
    }
}
