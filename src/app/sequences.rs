//! The sequence data kind's panel: the fit (forecasting: the series with the forecast over
//! it; the adding problem: prediction against target) or, for classification, the confusion
//! matrix; test examples with their predictions (training examples before the first view);
//! and the unrolled network for a chosen example: each unit's hidden state over time, and
//! the gradient reaching each time step. Runs A and B side by side when comparing. Drawing
//! is `plot::sequences` (and `plot::images::draw_confusion`).

use super::canvas::draw_on;
use super::widgets::{self, SavePng, Which};
use super::{Engine, RunState, Runs, SeqRun};
use crate::engine::seqprobe::GradsOf;
use crate::i18n::{Lang, T};
use crate::plot::images::{class_name, draw_confusion};
use crate::plot::sequences::{draw_examples, draw_fit, draw_states, draw_step_grads, states_height, Shown};
use crate::protocol::Command;
use crate::settings::Settings;
use leptos::html::Canvas;
use leptos::prelude::*;

const WIDE: u32 = 520;
const FIT_H: u32 = 260;
const CONFUSION_SIZE: (u32, u32) = (360, 360);
const GRADS_H: u32 = 220;
const EXAMPLE_COLS: usize = 4;
const EXAMPLE_ROW: u32 = 74;

/// The panel, for run A and (when comparing) run B.
#[component]
pub fn SequencePanel() -> impl IntoView {
    let runs = expect_context::<Runs>();
    let settings = expect_context::<RwSignal<Settings>>();
    let comparing = move || settings.with(|s| s.page.compare);
    // The test example whose hidden states are shown (shared by both runs: same data).
    let chosen = RwSignal::new(0usize);
    let engine = expect_context::<Engine>();
    Effect::new(move |_| engine.send(Command::ChooseImage { index: Some(chosen.get()) }));
    view! {
        <div class="sequences">
            <RunSequences run=runs.a which=Which::A chosen />
            <Show when=comparing>
                <RunSequences run=runs.b which=Which::B chosen />
            </Show>
        </div>
    }
}

#[component]
fn RunSequences(run: RunState, which: Which, chosen: RwSignal<usize>) -> impl IntoView {
    let settings = expect_context::<RwSignal<Settings>>();
    let lang = Signal::derive(move || settings.with(|s| s.page.lang));
    let dataset = Signal::derive(move || settings.with(|s| which.settings(s).run.dataset));
    let fit = NodeRef::<Canvas>::new();
    let confusion = NodeRef::<Canvas>::new();
    let examples = NodeRef::<Canvas>::new();
    let states = NodeRef::<Canvas>::new();
    let grads = NodeRef::<Canvas>::new();
    let classes = move || run.sequences.with(|s| s.as_ref().map_or(0, |s| s.classes));

    Effect::new(move |_| {
        let Some(c) = fit.get() else { return };
        let (l, forecast) = (lang.get(), dataset.get().is_forecast());
        run.view.with(|v| {
            let Some(v) = v.as_ref().and_then(|v| v.as_sequences()) else { return };
            draw_on(&c, |root, _| draw_fit(root, &v.train_fit, &v.test_fit, v.train_skipped, forecast, l));
        });
    });
    Effect::new(move |_| {
        let Some(c) = confusion.get() else { return };
        let (l, d) = (lang.get(), dataset.get());
        run.view.with(|v| {
            let Some(v) = v.as_ref().and_then(|v| v.as_sequences()) else { return };
            let k = v.task.outputs().max(2);
            draw_on(&c, |root, _| draw_confusion(root, &v.confusion, k, &|i| class_name(d, l, i), l));
        });
    });
    // Test examples with predictions once a view came; the first training examples before.
    let example_rows = move || {
        let n = run.view.with(|v| v.as_ref().and_then(|v| v.as_sequences()).map(|v| v.examples.len())).unwrap_or_else(|| run.sequences.with(|s| s.as_ref().map_or(0, |s| s.samples.len())));
        n.div_ceil(EXAMPLE_COLS).max(1) as u32
    };
    Effect::new(move |_| {
        let Some(c) = examples.get() else { return };
        let l = lang.get();
        let height = example_rows() * EXAMPLE_ROW;
        if c.height() != height {
            c.set_height(height);
        }
        run.sequences.with(|s| {
            let Some(s) = s else { return };
            run.view.with(|v| {
                let view = v.as_ref().and_then(|v| v.as_sequences());
                let shown: Vec<Shown> = match view {
                    Some(v) => v.examples.iter().map(|e| Shown { values: &e.values, target: e.target, predicted: Some(e.predicted) }).collect(),
                    None => s.samples.iter().map(|(values, target)| Shown { values, target: *target, predicted: None }).collect(),
                };
                draw_on(&c, |root, _| draw_examples(root, &shown, s.features, s.classes, EXAMPLE_COLS, l));
                if view.is_some() && which == Which::A {
                    // For the benchmark: navigation to the first drawn predictions.
                    widgets::mark_once("descent:first-view");
                }
            });
        });
    });
    let states_h = RwSignal::new(states_height(16));
    Effect::new(move |_| {
        let Some(c) = states.get() else { return };
        let l = lang.get();
        run.view.with(|v| {
            let Some(map) = v.as_ref().and_then(|v| v.as_sequences()).and_then(|v| v.map.as_ref()) else { return };
            let h = states_height(map.units);
            if h != states_h.get_untracked() {
                states_h.set(h);
                c.set_height(h);
            }
            draw_on(&c, |root, p| draw_states(root, map, l, p));
        });
    });
    Effect::new(move |_| {
        let Some(c) = grads.get() else { return };
        let l = lang.get();
        run.view.with(|v| {
            let Some(v) = v.as_ref().and_then(|v| v.as_sequences()) else { return };
            draw_on(&c, |root, _| draw_step_grads(root, &v.grads, v.grads_of, l));
        });
    });

    let t = move |k: T| move || lang.get().t(k);
    let prefix = move || if which == Which::B { format!("{}: ", lang.get().t(T::RunB)) } else { String::new() };
    let summary = move || run.sequences.with(|s| s.as_ref().map(|s| summary_line(s, lang.get())).unwrap_or_default());
    let test_count = move || run.sequences.with(|s| s.as_ref().map_or(0, |s| s.test));
    let has_map = move || run.view.with(|v| v.as_ref().and_then(|v| v.as_sequences()).is_some_and(|v| v.map.is_some()));
    let grads_of = move || run.view.with(|v| v.as_ref().and_then(|v| v.as_sequences()).map(|v| v.grads_of));
    // The gradient in words: how much weaker it is at the first step than at the last.
    let grads_line = move || {
        let l = lang.get();
        run.view.with(|v| {
            let v = v.as_ref().and_then(|v| v.as_sequences())?;
            let (first, last) = (*v.grads.first()?, *v.grads.last()?);
            (first > 0.0 && last > 0.0).then(|| format!("{} {}", l.t(T::SeqGradRatio), l.digits(&format!("{:.1e}", first / last))))
        })
    };
    let chosen_line = move || {
        let l = lang.get();
        format!("{} {} / {}", l.t(T::SeqChosen), l.digits(&(chosen.get() + 1).to_string()), l.digits(&test_count().to_string()))
    };
    let step = move |d: isize| {
        let n = test_count();
        if n > 0 {
            chosen.set((chosen.get_untracked() as isize + d).rem_euclid(n as isize) as usize);
        }
    };
    let regression = move || classes() == 0;
    view! {
        <div class="run-sequences">
            <p class="image-summary" aria-live="polite">{move || format!("{}{}", prefix(), summary())}</p>
            <Show when=regression fallback=move || view! {
                <figure class="confusion">
                    <figcaption>{move || format!("{}{}", prefix(), lang.get().t(T::ConfusionTitle))}<SavePng canvas=confusion name="confusion" title=T::ConfusionTitle /></figcaption>
                    <canvas dir="ltr" node_ref=confusion width=CONFUSION_SIZE.0 height=CONFUSION_SIZE.1 role="img"
                        aria-label=move || format!("{}{}. {}", prefix(), lang.get().t(T::ConfusionTitle), summary())></canvas>
                    <p class="help">{t(T::HelpConfusion)}</p>
                </figure>
            }>
                <figure class="fit">
                    <figcaption>{move || format!("{}{}", prefix(), lang.get().t(if dataset.get().is_forecast() { T::SeqForecastTitle } else { T::SeqFitTitle }))}<SavePng canvas=fit name="forecast" title=T::SeqForecastTitle /></figcaption>
                    <canvas dir="ltr" node_ref=fit width=WIDE height=FIT_H role="img"
                        aria-label=move || format!("{}{}. {}", prefix(), lang.get().t(T::SeqForecastTitle), summary())></canvas>
                    <p class="help">{move || lang.get().t(if dataset.get().is_forecast() { T::HelpSeqForecast } else { T::HelpSeqFit })}</p>
                </figure>
            </Show>
            <figure class="seq-examples">
                <figcaption>{move || format!("{}{}", prefix(), lang.get().t(T::SeqExamplesTitle))}<SavePng canvas=examples name="sequences" title=T::SeqExamplesTitle /></figcaption>
                <canvas dir="ltr" node_ref=examples width=WIDE height=EXAMPLE_ROW role="img"
                    aria-label=move || format!("{}{}. {}", prefix(), lang.get().t(T::SeqExamplesTitle), summary())></canvas>
                <p class="help">{t(T::HelpSeqExamples)}</p>
            </figure>
            <figure class="states">
                <figcaption>{move || format!("{}{} · {}", prefix(), lang.get().t(T::SeqStatesTitle), chosen_line())}<SavePng canvas=states name="hidden-states" title=T::SeqStatesTitle /></figcaption>
                <div class="stepper" role="group" aria-label=t(T::SeqChosen)>
                    // The arrows point along the reading direction.
                    <button class="small" aria-label=t(T::SeqPrevExample) title=t(T::SeqPrevExample) on:click=move |_| step(-1)>{move || if lang.get() == Lang::Fa { "›" } else { "‹" }}</button>
                    <span aria-live="polite">{chosen_line}</span>
                    <button class="small" aria-label=t(T::SeqNextExample) title=t(T::SeqNextExample) on:click=move |_| step(1)>{move || if lang.get() == Lang::Fa { "‹" } else { "›" }}</button>
                </div>
                {move || (!has_map()).then(|| view! { <p class="help">{lang.get().t(T::SeqNoStates)}</p> })}
                <canvas dir="ltr" node_ref=states width=WIDE height=states_h.get_untracked() role="img" class:hidden=move || !has_map()
                    aria-label=move || format!("{}{}. {}", prefix(), lang.get().t(T::SeqStatesTitle), chosen_line())></canvas>
                <p class="help">{t(T::HelpSeqStates)}</p>
            </figure>
            <figure class="step-grads">
                <figcaption>{move || format!("{}{}", prefix(), lang.get().t(T::SeqGradsTitle))}<SavePng canvas=grads name="step-gradients" title=T::SeqGradsTitle /></figcaption>
                <canvas dir="ltr" node_ref=grads width=WIDE height=GRADS_H role="img"
                    aria-label=move || format!("{}{}. {}", prefix(), lang.get().t(T::SeqGradsTitle), grads_line().unwrap_or_default())></canvas>
                <p class="grads-line" aria-live="polite">{grads_line}</p>
                <p class="help">{move || lang.get().t(if grads_of() == Some(GradsOf::Input) { T::HelpSeqGradsInput } else { T::HelpSeqGrads })}</p>
            </figure>
        </div>
    }
}

/// "500 sequences of 20 steps: 250 to train, 250 to test".
fn summary_line(s: &SeqRun, l: Lang) -> String {
    let shape = if s.features > 1 { format!("{}×{}", l.digits(&s.steps.to_string()), l.digits(&s.features.to_string())) } else { l.digits(&s.steps.to_string()) };
    format!("{} {shape} {} · {} {} · {} {}", l.t(T::SeqOf), l.t(T::SeqSteps), l.digits(&s.train.to_string()), l.t(T::ToTrain), l.digits(&s.test.to_string()), l.t(T::ToTest))
}
