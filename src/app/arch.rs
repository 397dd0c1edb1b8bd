//! Choosing the architecture (issue 15): ready-made models for the data kind, growth until no
//! improvement and a random search (the worker's `ArchRun`), their chart and their table,
//! each row a link that reproduces it.

use super::canvas::draw_on;
use super::widgets::{use_lang, ProgressBar, SavePng};
use super::{Engine, RunState};
use crate::engine::arch_search::{SearchResult, Tried};
use crate::engine::Problem;
use crate::i18n::{Lang, T};
use crate::plot::arch::draw_arch;
use crate::protocol::{Command, Report};
use crate::engine::Arch;
use crate::settings::{keys, Group, Named, Settings, ARCH_PRESETS};
use leptos::html::Canvas;
use leptos::prelude::*;

const CHART_SIZE: (u32, u32) = (460, 280);

/// The worker's reports of the architecture search, and what the page asked for.
#[derive(Clone, Copy)]
pub struct ArchInbox {
    /// The search asked for last (reports of older ones are dropped).
    pub search: RwSignal<u32>,
    pub progress: RwSignal<Option<(usize, usize)>>,
    pub result: RwSignal<Option<SearchResult>>,
    /// Finished: whether it was cancelled.
    pub done: RwSignal<Option<bool>>,
    pub failed: RwSignal<Option<Problem>>,
    /// The settings it started from (each row's link is these with the row's network).
    base: StoredValue<Option<Settings>>,
    /// Seconds each network took, measured on the page between the reports that brought
    /// them (a report comes every chunk, so within tens of milliseconds), and when the last
    /// one came.
    times: RwSignal<Vec<f64>>,
    last: StoredValue<f64>,
}

fn now_ms() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

impl ArchInbox {
    pub fn new() -> ArchInbox {
        ArchInbox {
            search: RwSignal::new(0),
            progress: RwSignal::new(None),
            result: RwSignal::new(None),
            done: RwSignal::new(None),
            failed: RwSignal::new(None),
            base: StoredValue::new(None),
            times: RwSignal::new(vec![]),
            last: StoredValue::new(0.0),
        }
    }

    /// Times the networks that arrived with this report.
    fn clock(&self, result: &SearchResult) {
        let n = self.times.with_untracked(|t| t.len());
        if result.tried.len() > n {
            let (now, last) = (now_ms(), self.last.get_value());
            let each = (now - last) / 1000.0 / (result.tried.len() - n) as f64;
            self.times.update(|t| t.extend(std::iter::repeat_n(each, result.tried.len() - n)));
            self.last.set_value(now);
        }
    }

    /// Takes an architecture report; false for any other report.
    pub fn apply(&self, r: &Report) -> bool {
        let current = |s: &u32| *s == self.search.get_untracked();
        match r {
            Report::ArchProgress { search, done, total, result } => {
                if current(search) {
                    self.clock(result);
                    self.progress.set(Some((*done, *total)));
                    self.result.set(Some(result.clone()));
                }
                true
            }
            Report::ArchDone { search, result, cancelled } => {
                if current(search) {
                    self.clock(result);
                    self.progress.set(None);
                    self.result.set(Some(result.clone()));
                    self.done.set(Some(*cancelled));
                }
                true
            }
            Report::ArchFailed { search, problem } => {
                if current(search) {
                    self.progress.set(None);
                    self.failed.set(Some(problem.clone()));
                }
                true
            }
            _ => false,
        }
    }
}

/// Which job a button starts.
#[derive(Clone, Copy)]
enum How {
    Grow,
    Shrink,
    Search,
}

/// How the table is sorted.
#[derive(Clone, Copy, PartialEq)]
enum Order {
    Score,
    Params,
    Tried,
}

fn percent(lang: Lang, v: Option<f32>) -> String {
    v.map_or("–".into(), |a| format!("{}%", lang.num(a as f64 * 100.0, 1)))
}

#[component]
pub fn ArchPanel() -> impl IntoView {
    let (settings, lang) = use_lang();
    let engine = expect_context::<Engine>();
    let run = expect_context::<RunState>();
    let inbox = expect_context::<ArchInbox>();
    let t = move |k: T| move || lang.get().t(k);
    let kind = Memo::new(move |_| settings.with(|s| s.run.dataset.data_kind()));
    let layers = Memo::new(move |_| settings.with(|s| s.run.layers.to_string()));
    let start = move |how: How| {
        let s = settings.get_untracked();
        run.running.set(false);
        inbox.search.update(|n| *n += 1);
        inbox.result.set(None);
        inbox.done.set(None);
        inbox.failed.set(None);
        inbox.times.set(vec![]);
        inbox.last.set_value(now_ms());
        inbox.progress.set(Some((0, s.page.arch_budget as usize)));
        let strategy = match how {
            How::Grow => s.grow_strategy(),
            How::Shrink => s.shrink_strategy(),
            How::Search => s.search_strategy(),
        };
        inbox.base.set_value(Some(s.clone()));
        engine.send(Command::StartArch { search: inbox.search.get_untracked(), config: s.train_config(), strategy, budget: s.page.arch_budget as usize });
    };
    let running = move || inbox.progress.with(|p| p.is_some());
    // The chart redraws with every report.
    let canvas = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        let Some(c) = canvas.get() else { return };
        let l = lang.get();
        inbox.result.with(|r| match r {
            Some(r) => draw_on(&c, |root, _| draw_arch(root, r, l)),
            None => draw_on(&c, |root, _| draw_arch(root, &SearchResult { tried: vec![], path: vec![], chosen: None, budget: 0, fit_size: 0, val_size: 0 }, l)),
        });
    });
    let order = RwSignal::new(Order::Score);
    let link = move |tr: &Tried| inbox.base.with_value(|b| b.as_ref().map(|b| format!("#{}", b.with_candidate(&tr.candidate).to_hash())));
    let use_it = move |tr: Tried| {
        settings.update(|s| {
            let base = inbox.base.get_value().unwrap_or_else(|| s.clone());
            // The network and its training settings; the page's own settings stay.
            let chosen = base.with_candidate(&tr.candidate);
            s.run.layers = chosen.run.layers;
            s.run.act = chosen.run.act;
            s.run.lr = chosen.run.lr;
            s.run.dropout = chosen.run.dropout;
            s.run.bn = chosen.run.bn;
        });
    };
    let preset_select = move || {
        let l = lang.get();
        let k = kind.get();
        let current = layers.get();
        let (input, outputs) = settings.with_untracked(|s| (s.input_shape(), s.train_config().model.outputs));
        let options = ARCH_PRESETS
            .iter()
            .filter(|p| p.0 == k)
            .map(|&(_, layers, name, _)| {
                let params = Arch::parse(layers).ok().and_then(|a| a.parameter_counts(input, outputs, |_| false).ok()).map(|c| c.iter().sum::<usize>());
                let label = format!("{} ({}) · {} {}", l.t(name), layers, l.num(params.unwrap_or(0) as f64, 0), l.t(T::ParametersWord));
                view! { <option value=layers selected=current == layers>{label}</option> }
            })
            .collect_view();
        let origin = ARCH_PRESETS.iter().find(|p| p.0 == k && p.1 == current).map(|p| l.t(p.3));
        view! {
            <div class="control" title=l.t(T::HelpPresets)>
                <label for="arch-preset">{l.t(T::Presets)}</label>
                <select id="arch-preset" aria-describedby="help-arch-preset"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Ok(a) = Arch::parse(&v).map_err(|_| ()).and_then(|a| if v.is_empty() { Err(()) } else { Ok(a) }) {
                            settings.update(|s| { s.put(keys::LAYERS, a); });
                        }
                    }>
                    <option value="" selected=origin.is_none()>{l.t(T::PresetChoose)}</option>
                    {options}
                </select>
                <span id="help-arch-preset" class="help">{origin.unwrap_or(l.t(T::HelpPresets))}</span>
            </div>
        }
    };
    let summary = move || {
        let l = lang.get();
        if let Some(p) = inbox.failed.get() {
            return Some(view! { <p class="message error" role="alert">{crate::i18n::problem_text(&p, l)}</p> }.into_any());
        }
        let r = inbox.result.get()?;
        let split = format!(
            "{} {} · {} {} · {} {}",
            l.t(T::ArchFitOn),
            l.num(r.fit_size as f64, 0),
            l.t(T::ArchValidateOn),
            l.num(r.val_size as f64, 0),
            l.num(r.budget as f64, 0),
            l.t(T::ArchEpochsEach)
        );
        let chosen = r.chosen.map(|i| r.tried[i].clone());
        let verdict = match inbox.done.get() {
            Some(true) => Some(l.t(T::ArchCancelled).to_string()),
            // The layers' tokens isolated left to right inside a Persian sentence.
            Some(false) => chosen.as_ref().map(|c| format!("{} \u{2066}{}\u{2069} · {} · {} {}", l.t(T::ArchChosen), c.candidate.layers, percent(l, c.val_acc), l.num(c.params as f64, 0), l.t(T::ParametersWord))),
            None => None,
        };
        Some(
            view! {
                <p class="help">{split}</p>
                {verdict.map(|v| view! { <p class="verdict" role="status">{v}</p> })}
                {chosen.filter(|_| inbox.done.get() == Some(false)).map(|c| view! {
                    <button class="primary" on:click=move |_| use_it(c.clone()) title=l.t(T::HelpUseThisOne)>{l.t(T::UseThisOne)}</button>
                })}
            }
            .into_any(),
        )
    };
    let table = move || {
        let l = lang.get();
        let r = inbox.result.get()?;
        let mut rows: Vec<(usize, Tried)> = r.tried.iter().cloned().enumerate().collect();
        match order.get() {
            Order::Score => rows.sort_by(|a, b| b.1.score().total_cmp(&a.1.score()).then(a.1.params.cmp(&b.1.params))),
            Order::Params => rows.sort_by_key(|a| a.1.params),
            Order::Tried => {}
        }
        let head = move |o: Order, k: T| {
            view! {
                <th scope="col" aria-sort=move || if order.get() == o { "descending" } else { "none" }>
                    <button class="link" on:click=move |_| order.set(o)>{lang.get().t(k)}</button>
                </th>
            }
        };
        let kept = r.path.clone();
        let chosen = r.chosen;
        Some(view! {
            <div class="table-wrap" tabindex="0" role="region" aria-label=l.t(T::ArchTableCaption)>
            <table class="arch-table">
                <caption>{l.t(T::ArchTableCaption)}</caption>
                <thead><tr>
                    {head(Order::Tried, T::ArchColTried)}
                    <th scope="col">{l.t(T::Layers)}</th>
                    <th scope="col">{l.t(T::Activation)}</th>
                    <th scope="col">{l.t(T::LearningRate)}</th>
                    <th scope="col">{l.t(T::Dropout)}</th>
                    {head(Order::Params, T::ArchColParams)}
                    <th scope="col">{l.t(T::ArchColTrainAcc)}</th>
                    {head(Order::Score, T::ArchColValAcc)}
                    <th scope="col">{l.t(T::ArchColTime)}</th>
                    <th scope="col">{l.t(T::ArchColLink)}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|(i, tr)| {
                        let class = if Some(i) == chosen { "chosen" } else if kept.contains(&i) { "kept" } else { "" };
                        let href = link(&tr).unwrap_or_default();
                        let c = &tr.candidate;
                        view! {
                            <tr class=class>
                                <td>{l.num((i + 1) as f64, 0)}</td>
                                <td dir="ltr">{c.layers.to_string()}</td>
                                <td>{l.t(c.activation.label())}</td>
                                <td>{l.num(c.lr, 4)}</td>
                                <td>{l.num(c.dropout, 2)}</td>
                                <td>{l.num(tr.params as f64, 0)}</td>
                                <td>{percent(l, tr.train_acc)}</td>
                                <td>{if tr.val_acc.is_some() { percent(l, tr.val_acc) } else { l.num(tr.val_loss as f64, 3) }}</td>
                                <td>{inbox.times.with(|t| t.get(i).map(|s| l.num(*s, 1)).unwrap_or_default())}</td>
                                <td><a href=href>{l.t(T::ArchOpen)}</a></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        })
    };
    view! {
        <p class="help">{t(T::HelpArchPanel)}</p>
        {preset_select}
        <div class="arch-settings"><super::controls::Group group=Group::Arch /></div>
        <div class="buttons">
            <button on:click=move |_| start(How::Grow) disabled=running title=t(T::HelpGrow)>{t(T::Grow)}</button>
            <button on:click=move |_| start(How::Shrink) disabled=running title=t(T::HelpShrink)>{t(T::Shrink)}</button>
            <button on:click=move |_| start(How::Search) disabled=running title=t(T::HelpSearch)>{t(T::Search)}</button>
        </div>
        <ProgressBar progress=Signal::derive(move || inbox.progress.get()) label=T::ArchRunning cancel=Some(Command::CancelArch) />
        {summary}
        <figure class="arch-chart">
            <figcaption>{t(T::ArchChartTitle)}<SavePng canvas name="architecture" title=T::ArchChartTitle /></figcaption>
            <canvas dir="ltr" node_ref=canvas width=CHART_SIZE.0 height=CHART_SIZE.1 role="img"
                aria-label=move || format!("{}. {}", lang.get().t(T::ArchChartTitle), lang.get().t(T::HelpArchChart))></canvas>
            <p class="help">{t(T::HelpArchChart)}</p>
        </figure>
        {table}
    }
}
