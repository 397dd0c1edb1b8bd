//! The back-propagation lab (issue 14): a tiny network and one training step, number by
//! number. The worker computes the steps (`Command::Lab` → `Report::LabSteps`, each with its
//! gradient check); the page walks through their phases (`engine::walkthrough`): the diagram
//! (`plot::lab`), the phase's formulas as MathML, the starting weights as typed numbers, the
//! gradient check, the loss and the weights per step.

use super::canvas::draw_on;
use super::controls::control;
use super::widgets::{use_lang, SavePng, Which};
use super::Engine;
use crate::engine::backprop::Weights;
use crate::engine::walkthrough::{flatten, focus, formulas, mathml, phases, shown, text, Phase};
use crate::engine::Problem;
use crate::i18n::{Lang, T};
use crate::plot::lab::short;
use crate::plot::{draw_lab_loss, draw_lab_network, draw_lab_weights, LabDiagram};
use crate::protocol::{Command, LabStep, Report};
use crate::settings::{keys, LabSetup, Rows, Settings, LAB_PRESETS};
use leptos::html::Canvas;
use leptos::prelude::*;
use std::time::Duration;

const DIAGRAM: (u32, u32) = (720, 380);
const CHART: (u32, u32) = (340, 200);
/// Steps asked of the worker at a time (the page keeps at least one step ahead).
const CHUNK: usize = 20;
/// Play's paces, in numbers a second.
const PACES: [u32; 4] = [1, 2, 4, 8];

/// What the worker said about the lab; fed by `Runs::apply`.
#[derive(Clone, Copy)]
pub struct LabInbox {
    /// The set-up the page asked for last; replies for older ones are dropped.
    pub lab: RwSignal<u32>,
    pub steps: RwSignal<Vec<LabStep>>,
    pub waiting: RwSignal<bool>,
    pub failed: RwSignal<Option<Problem>>,
}

impl LabInbox {
    pub fn new() -> LabInbox {
        LabInbox { lab: RwSignal::new(0), steps: RwSignal::new(vec![]), waiting: RwSignal::new(false), failed: RwSignal::new(None) }
    }

    /// Takes a lab report; false for any other report.
    pub fn apply(&self, r: &Report) -> bool {
        match r {
            Report::LabSteps { lab, from, steps } => {
                if *lab == self.lab.get_untracked() {
                    self.waiting.set(false);
                    if *from == self.steps.with_untracked(Vec::len) {
                        self.steps.update(|s| s.extend(steps.iter().cloned()));
                    }
                }
                true
            }
            Report::LabFailed { lab, problem } => {
                if *lab == self.lab.get_untracked() {
                    self.waiting.set(false);
                    self.failed.set(Some(problem.clone()));
                }
                true
            }
            _ => false,
        }
    }
}

impl Default for LabInbox {
    fn default() -> Self {
        LabInbox::new()
    }
}

/// Where the student is: a step, and the last phase seen in it (`None`: none yet).
type Position = (usize, Option<usize>);

/// The phase's heading, e.g. "Forward pass: … of neuron 2 of hidden layer 1".
fn phase_title(phase: Option<Phase>, layers: usize, lang: Lang) -> String {
    let layer_name = |l: usize| {
        if l + 1 == layers { lang.t(T::LabOutputLayer).to_string() } else { format!("{} {}", lang.t(T::LabHiddenLayerN), lang.digits(&(l + 1).to_string())) }
    };
    let neuron = |l: usize, j: usize| format!("{} {} ({})", lang.t(T::LabNeuron), lang.digits(&(j + 1).to_string()), layer_name(l));
    match phase {
        None => lang.t(T::LabNotStarted).to_string(),
        Some(Phase::Forward { layer, neuron: j, .. }) => format!("{} {}", lang.t(T::LabPhaseForward), neuron(layer, j)),
        Some(Phase::Loss { .. }) => lang.t(T::LabPhaseLoss).to_string(),
        Some(Phase::Backward { layer, neuron: j, .. }) => format!("{} {}", lang.t(T::LabPhaseBackward), neuron(layer, j)),
        Some(Phase::Grads { layer, .. }) => format!("{} {}", lang.t(T::LabPhaseGrads), layer_name(layer)),
        Some(Phase::Mean) => lang.t(T::LabPhaseMean).to_string(),
        Some(Phase::Update) => lang.t(T::LabPhaseUpdate).to_string(),
    }
}

#[component]
pub fn LabPanel() -> impl IntoView {
    let (settings, lang) = use_lang();
    let engine = expect_context::<Engine>();
    let inbox = expect_context::<LabInbox>();
    // A memo: the panel's body is rebuilt only when the lab opens or closes.
    let is_open = Memo::new(move |_| settings.with(|s| s.page.lab));
    let setup: Memo<Option<Result<LabSetup, Problem>>> = Memo::new(move |_| settings.with(|s| s.page.lab.then(|| s.lab_setup())));
    // The set-up when it is usable (the lab open and its settings valid).
    let lab = Memo::new(move |_| setup.with(|s| s.as_ref().and_then(|s| s.as_ref().ok()).cloned()));
    let pos: RwSignal<Position> = RwSignal::new((0, None));
    let playing = RwSignal::new(false);
    let pace = RwSignal::new(2u32);

    // A new set-up: forget the old steps and ask for the first ones.
    Effect::new(move |_| {
        let current = setup.get();
        let id = inbox.lab.get_untracked() + 1;
        inbox.lab.set(id);
        inbox.steps.set(vec![]);
        inbox.failed.set(None);
        pos.set((0, None));
        playing.set(false);
        if let Some(Ok(lab)) = current {
            inbox.waiting.set(true);
            engine.send(Command::Lab { lab: id, from: 0, count: CHUNK, cfg: lab.cfg, weights: lab.weights, batch: lab.batch });
        }
    });
    // Keep at least one step ahead of the student.
    Effect::new(move |_| {
        let (step, _) = pos.get();
        let have = inbox.steps.with(Vec::len);
        if have == 0 || have > step + 1 || inbox.waiting.get() || inbox.failed.with(Option::is_some) {
            return;
        }
        let Some(lab) = lab.get_untracked() else { return };
        let Some(weights) = inbox.steps.with_untracked(|s| s.last().map(|l| l.step.updated.clone())) else { return };
        inbox.waiting.set(true);
        engine.send(Command::Lab { lab: inbox.lab.get_untracked(), from: have, count: CHUNK.max(step + 1 - have + CHUNK), cfg: lab.cfg, weights, batch: lab.batch });
    });

    let widths = Memo::new(move |_| lab.with(|l| l.as_ref().map(|l| (l.cfg.widths(), l.batch.len()))));
    let walk = Memo::new(move |_| widths.get().map(|(w, b)| phases(&w, b)).unwrap_or_default());
    let count = move || walk.with(Vec::len);
    let next = move || {
        let (step, phase) = pos.get_untracked();
        let n = count();
        match phase {
            None => pos.set((step, Some(0))),
            Some(p) if p + 1 < n => pos.set((step, Some(p + 1))),
            // After the update: the next step, if the worker has sent it.
            Some(_) if inbox.steps.with_untracked(Vec::len) > step + 1 => pos.set((step + 1, None)),
            Some(_) => {}
        }
    };
    let back = move || {
        let (step, phase) = pos.get_untracked();
        match phase {
            Some(0) => pos.set((step, None)),
            Some(p) => pos.set((step, Some(p - 1))),
            None if step > 0 => pos.set((step - 1, Some(count().saturating_sub(1)))),
            None => {}
        }
    };
    let ten = move || {
        let (step, _) = pos.get_untracked();
        let have = inbox.steps.with_untracked(Vec::len);
        pos.set(((step + 10).min(have.saturating_sub(1)), None));
    };
    // Play: one phase per tick, at the chosen pace.
    let timer: StoredValue<Option<IntervalHandle>> = StoredValue::new(None);
    Effect::new(move |_| {
        if let Some(h) = timer.get_value() {
            h.clear();
        }
        timer.set_value(None);
        if playing.get() {
            let ms = 1000 / pace.get().max(1) as u64;
            timer.set_value(set_interval_with_handle(move || next(), Duration::from_millis(ms)).ok());
        }
    });
    on_cleanup(move || {
        if let Some(h) = timer.get_value() {
            h.clear();
        }
    });
    let keydown = move |ev: leptos::ev::KeyboardEvent| {
        // Fields keep their keys (arrows move a select or a number); a button keeps space.
        let tag = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok()).map(|e| e.tag_name()).unwrap_or_default();
        if matches!(tag.as_str(), "INPUT" | "SELECT" | "TEXTAREA") {
            return;
        }
        match ev.key().as_str() {
            "ArrowRight" => {
                ev.prevent_default();
                next();
            }
            "ArrowLeft" => {
                ev.prevent_default();
                back();
            }
            " " if tag != "BUTTON" => {
                ev.prevent_default();
                playing.update(|p| *p = !*p);
            }
            _ => {}
        }
    };

    // The current step, its phase, and what is shown.
    let current = move || {
        let (step, phase) = pos.get();
        inbox.steps.with(|s| s.get(step).cloned()).map(|st| (step, phase, st))
    };
    let old_weights = move |step: usize| -> Option<Weights> {
        if step == 0 {
            lab.with(|l| l.as_ref().map(|l| l.weights.clone()))
        } else {
            inbox.steps.with(|s| s.get(step - 1).map(|l| l.step.updated.clone()))
        }
    };

    let diagram = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        let Some(c) = diagram.get() else { return };
        let l = lang.get();
        let Some((step, phase, st)) = current() else { return };
        let Some((w, batch)) = widths.get() else { return };
        let Some(old) = old_weights(step) else { return };
        let p = walk.get();
        let sh = shown(&p, phase, &w, batch);
        let f = phase.map(|i| focus(p[i], &w)).unwrap_or_default();
        draw_on(&c, |root, _| draw_lab_network(root, &LabDiagram { widths: &w, old: &old, step: &st.step, shown: &sh, focus: &f }, l));
    });
    let loss_canvas = NodeRef::<Canvas>::new();
    let weights_canvas = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        let (Some(lc), Some(wc)) = (loss_canvas.get(), weights_canvas.get()) else { return };
        let l = lang.get();
        let (step, phase) = pos.get();
        let updated = phase.is_some_and(|p| p + 1 == count());
        inbox.steps.with(|s| {
            let seen = &s[..(step + 1).min(s.len())];
            let losses: Vec<f64> = seen.iter().map(|x| x.step.loss).collect();
            let start = lab.with_untracked(|l| l.as_ref().map(|l| flatten(&l.weights)));
            let mut history: Vec<Vec<f64>> = start.into_iter().collect();
            let upto = if updated { seen.len() } else { seen.len().saturating_sub(1) };
            history.extend(seen[..upto].iter().map(|x| flatten(&x.step.updated)));
            draw_on(&lc, |root, _| draw_lab_loss(root, &losses, step, l));
            draw_on(&wc, |root, _| draw_lab_weights(root, &history, l));
        });
    });

    let title = move || {
        let l = lang.get();
        let (step, phase) = pos.get();
        let p = phase.and_then(|i| walk.with(|w| w.get(i).copied()));
        let layers = widths.with(|w| w.as_ref().map_or(1, |w| w.0.len() - 1));
        let batch = widths.with(|w| w.as_ref().map_or(1, |w| w.1));
        let example = match p.and_then(Phase::example) {
            Some(e) if batch > 1 => format!(" · {} {} {} {}", l.t(T::LabExample), l.digits(&(e + 1).to_string()), l.t(T::LabOf), l.digits(&batch.to_string())),
            _ => String::new(),
        };
        format!("{} {}{example}: {}", l.t(T::LabStep), l.digits(&(step + 1).to_string()), phase_title(p, layers, l))
    };
    let lines = move || {
        let l = lang.get();
        let (step, phase) = pos.get();
        let Some(i) = phase else { return vec![] };
        let Some(lab) = lab.get() else { return vec![] };
        let Some(old) = old_weights(step) else { return vec![] };
        let Some(p) = walk.with(|w| w.get(i).copied()) else { return vec![] };
        let num = move |v: f64| l.digits(&format!("{}", crate::settings::round_significant(v, 6)));
        inbox.steps.with(|s| s.get(step).map(|st| formulas(&lab.cfg, &old, &st.step, p)).unwrap_or_default())
            .iter()
            // In Persian a middle dot reads like the digit zero (۰): multiply with ×.
            .map(|line| {
                let m = mathml(line, &num);
                (if l == Lang::Fa { l.digits(&m.replace("<mo>·</mo>", "<mo>×</mo>")) } else { m }, text(line, &num))
            })
            .collect::<Vec<_>>()
    };
    // The gradient check, once the step's gradients are complete.
    let check = move || {
        let l = lang.get();
        let (step, phase) = pos.get();
        let (w, batch) = widths.get()?;
        let sh = shown(&walk.get(), phase, &w, batch);
        if !sh.mean {
            return None;
        }
        let st = inbox.steps.with(|s| s.get(step).cloned())?;
        let names = param_names(&w);
        let rows: Vec<(String, String, String, String)> = flatten(&st.step.grads)
            .iter()
            .zip(flatten(&st.numeric))
            .zip(names)
            .map(|((g, n), name)| (name, short(*g, l), short(n, l), l.digits(&format!("{:.1e}", (g - n).abs()))))
            .collect();
        Some(rows)
    };

    // Every value known so far, neuron by neuron: the diagram's numbers as text.
    let values = move || {
        let l = lang.get();
        let (step, phase) = pos.get();
        let (w, batch) = widths.get()?;
        let sh = shown(&walk.get(), phase, &w, batch);
        let st = inbox.steps.with(|s| s.get(step).cloned())?;
        let e = &st.step.examples[sh.example.min(st.step.examples.len() - 1)];
        let dash = || "—".to_string();
        let mut rows = Vec::new();
        for layer in 0..w.len() - 1 {
            for j in 0..w[layer + 1] {
                let f = sh.forward[layer][j];
                let b = sh.backward[layer][j];
                let v = |known: bool, x: f64| if known { short(x, l) } else { dash() };
                rows.push((
                    format!("{} {} · {} {}", l.t(T::LabLayerWord), l.digits(&(layer + 1).to_string()), l.t(T::LabNeuron), l.digits(&(j + 1).to_string())),
                    [v(f, e.forward[layer].z[j]), v(f, e.forward[layer].a[j]), v(b, e.backward[layer].da[j]), v(b, e.backward[layer].fprime[j]), v(b, e.backward[layer].dz[j])],
                ));
            }
        }
        Some(rows)
    };

    let t = move |k: T| move || lang.get().t(k);
    let problem = move || {
        let l = lang.get();
        match setup.get() {
            Some(Err(p)) => Some(crate::i18n::problem_text(&p, l)),
            _ => inbox.failed.get().map(|p| crate::i18n::problem_text(&p, l)),
        }
    };
    let set_open = move |v: bool| settings.update(|s| {
        s.put(keys::LAB, v);
    });
    let preset = move |pairs: &'static str| settings.update(|s| *s = s.with_pairs(pairs));
    let random = move |_| settings.update(|s| {
        let seed = (s.page.lab_seed + 1) % 1_000_000;
        s.put(keys::LAB_W, Rows(vec![]));
        s.put(keys::LAB_SEED, seed);
    });
    let at_start = move || pos.get() == (0, None);
    let at_end = move || {
        let (step, phase) = pos.get();
        phase.is_some_and(|p| p + 1 == count()) && inbox.steps.with(Vec::len) <= step + 1
    };
    // Each part is erased to an `AnyView`: one big nested view type would be compiled into
    // the page many times over (about 100 KB of wasm).
    let left = move || {
        view! {
            <div class="lab-controls">
                <div class="lab-presets" role="group" aria-label=t(T::LabExamples)>
                    <span>{t(T::LabExamples)}": "</span>
                    {LAB_PRESETS.iter().map(|&(label, pairs)| view! {
                        <button on:click=move |_| preset(pairs)>{move || lang.get().t(label)}</button>
                    }.into_any()).collect_view()}
                </div>
                {Settings::lab_controls().map(|s| control(s, Which::A)).collect_view()}
                <button title=t(T::HelpLabRandom) on:click=random>{t(T::LabRandom)}</button>
                <WeightsTable lab />
            </div>
        }
        .into_any()
    };
    let transport = move || {
        view! {
            <div class="lab-transport" role="group" aria-label=t(T::LabOpen)>
                <button on:click=move |_| back() disabled=at_start aria-keyshortcuts="ArrowLeft">{t(T::LabBack)}</button>
                <button class="primary" on:click=move |_| next() disabled=at_end aria-keyshortcuts="ArrowRight">{t(T::LabNext)}</button>
                <button on:click=move |_| playing.update(|p| *p = !*p) aria-keyshortcuts="Space" aria-pressed=move || playing.get().to_string()>
                    {move || if playing.get() { lang.get().t(T::LabPause) } else { lang.get().t(T::LabPlay) }}
                </button>
                <label>{t(T::LabPace)}" "
                    <select title=t(T::HelpLabPace) on:change=move |ev| { if let Ok(v) = event_target_value(&ev).parse() { pace.set(v); } }
                        prop:value=move || pace.get().to_string()>
                        {PACES.iter().map(|p| view! { <option value=p.to_string()>{move || format!("{} {}", lang.get().digits(&p.to_string()), lang.get().t(T::LabPerSecond))}</option> }.into_any()).collect_view()}
                    </select>
                </label>
                <button title=t(T::HelpLabTenSteps) on:click=move |_| ten()>{t(T::LabTenSteps)}</button>
                <button title=t(T::HelpLabReset) on:click=move |_| { playing.set(false); pos.set((0, None)); }>{t(T::LabReset)}</button>
            </div>
        }
        .into_any()
    };
    let values_table = move || {
        view! {
            <details class="lab-values">
                <summary>{t(T::LabValues)}</summary>
                <table>
                    <thead><tr><th scope="col"></th>
                        {["z", "a", "∂L/∂a", "f′(z)", "∂L/∂z"].map(|h| view! { <th scope="col" dir="ltr">{h}</th> }.into_any()).collect_view()}
                    </tr></thead>
                    <tbody>
                        {move || values().unwrap_or_default().into_iter().map(|(name, cells)| view! {
                            <tr><th scope="row">{name}</th>{cells.into_iter().map(|c| view! { <td dir="ltr">{c}</td> }.into_any()).collect_view()}</tr>
                        }.into_any()).collect_view()}
                    </tbody>
                </table>
            </details>
        }
        .into_any()
    };
    let middle = move || {
        view! {
            <div class="lab-main">
                {move || problem().map(|p| view! { <p class="message error" role="alert">{p}</p> }.into_any())}
                {transport()}
                <p class="lab-phase" role="status" aria-live="polite">{title}</p>
                <canvas node_ref=diagram class="lab-diagram" width=DIAGRAM.0 height=DIAGRAM.1 tabindex="0" role="img" aria-label=t(T::LabDiagramLabel)
                    aria-keyshortcuts="ArrowRight ArrowLeft Space"></canvas>
                <p class="help note">{t(T::LabOldWeights)}</p>
                <div class="lab-formulas" aria-label=t(T::LabFormulas) role="group">
                    {move || lines().into_iter().map(|(m, txt)| view! { <div class="formula" dir="ltr" inner_html=m title=txt></div> }.into_any()).collect_view()}
                </div>
                {values_table()}
            </div>
        }
        .into_any()
    };
    let right = move || {
        view! {
            <div class="lab-side">
                <figure>
                    <canvas node_ref=loss_canvas width=CHART.0 height=CHART.1 role="img" aria-label=t(T::LabLossChart)></canvas>
                    <figcaption>{t(T::LabLossChart)}<SavePng canvas=loss_canvas name="lab-loss" title=T::LabLossChart /></figcaption>
                </figure>
                <figure>
                    <canvas node_ref=weights_canvas width=CHART.0 height=CHART.1 role="img" aria-label=t(T::LabWeightsChart)></canvas>
                    <figcaption>{t(T::LabWeightsChart)}<SavePng canvas=weights_canvas name="lab-weights" title=T::LabWeightsChart /></figcaption>
                </figure>
                <table class="lab-check">
                    <caption>{t(T::LabGradCheck)}</caption>
                    <thead><tr><th scope="col">{t(T::LabParameter)}</th><th scope="col">{t(T::LabBackpropCol)}</th><th scope="col">{t(T::LabNumericCol)}</th><th scope="col">{t(T::LabDifference)}</th></tr></thead>
                    <tbody>
                        {move || check().unwrap_or_default().into_iter().map(|(n, g, e, d)| view! {
                            <tr><th scope="row" dir="ltr">{n}</th><td dir="ltr">{g}</td><td dir="ltr">{e}</td><td dir="ltr">{d}</td></tr>
                        }.into_any()).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let body = move || {
        if is_open.get() {
            view! {
                <div class="lab-grid">{left()}{middle()}{right()}</div>
                <button class="lab-close" on:click=move |_| set_open(false)>{t(T::LabClose)}</button>
            }
            .into_any()
        } else {
            view! { <button class="lab-open" title=t(T::HelpLabOpen) on:click=move |_| set_open(true)>{t(T::LabOpen)}</button> }.into_any()
        }
    };

    view! {
        <section class="panel lab" aria-labelledby="h-lab" tabindex="-1" on:keydown=keydown>
            <h2 id="h-lab">{t(T::LabOpen)}</h2>
            <p class="help">{t(T::LabIntro)}</p>
            {body}
        </section>
    }
}

/// Each parameter's name in `flatten`'s order: w⁽ˡ⁾ⱼᵢ then b⁽ˡ⁾ⱼ per layer.
fn param_names(widths: &[usize]) -> Vec<String> {
    let mut out = Vec::new();
    for l in 0..widths.len() - 1 {
        for j in 0..widths[l + 1] {
            out.extend((0..widths[l]).map(|i| format!("w({l}) {}{}", j + 1, i + 1)));
        }
        out.extend((0..widths[l + 1]).map(|j| format!("b({l}) {}", j + 1)));
    }
    out
}

/// The starting weights as number fields, one table per layer (rows: neurons; columns: the
/// layer's inputs, then the bias). A typed number becomes `lab_w`.
#[component]
fn WeightsTable(lab: Memo<Option<LabSetup>>) -> impl IntoView {
    let (settings, lang) = use_lang();
    let weights = move || lab.with(|l| l.as_ref().map(|l| l.weights.clone()));
    let type_in = move |l: usize, j: usize, i: Option<usize>, v: f64| {
        let Some(mut w) = weights() else { return };
        match i {
            Some(i) => w.layers[l].w[j][i] = v,
            None => w.layers[l].b[j] = v,
        }
        settings.update(|s| {
            s.put(keys::LAB_W, Rows(vec![flatten(&w)]));
        });
    };
    view! {
        <div class="lab-weights">
            <p class="help">{move || lang.get().t(T::LabWeightsTable)}</p>
            {move || weights().map(|w| w.layers.iter().enumerate().map(|(l, layer)| {
                let lg = lang.get();
                let cols = layer.w.first().map_or(0, Vec::len);
                view! {
                    <table class="lab-w">
                        <caption dir="ltr">{format!("W{l}, b{l}")}</caption>
                        <thead><tr><th></th>
                            {(0..cols).map(|i| view! { <th scope="col">{format!("{} {}", lg.t(T::LabFromInput), if l == 0 { format!("x{}", i + 1) } else { format!("a{}", i + 1) })}</th> }).collect_view()}
                            <th scope="col">{lg.t(T::LabBias)}</th>
                        </tr></thead>
                        <tbody>
                            {layer.w.iter().zip(&layer.b).enumerate().map(|(j, (row, b))| view! {
                                <tr>
                                    <th scope="row">{format!("{} {}", lg.t(T::LabToNeuron), lg.digits(&(j + 1).to_string()))}</th>
                                    {row.iter().enumerate().map(|(i, v)| (Some(i), *v, format!("w({l}) {}{}", j + 1, i + 1)))
                                        .chain(std::iter::once((None, *b, format!("b({l}) {}", j + 1))))
                                        .map(|(i, v, name)| view! {
                                            <td><input type="number" step="any" dir="ltr" value=v.to_string() aria-label=name
                                                on:change=move |ev| { if let Ok(v) = event_target_value(&ev).parse::<f64>() { if v.is_finite() { type_in(l, j, i, v) } } } /></td>
                                        }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }
            }).collect_view())}
        </div>
    }
}
