//! Controls, generated from the settings table: one control per row, labelled and described
//! in the page's language.

use super::draw::{CurveCanvas, RangeCanvas};
use super::widgets::{use_lang, ClickAction, Clicks, ProgressBar, Which};
use super::{Engine, RunState};
use crate::engine::loss::formula_mathml;
use crate::engine::learning_curve::{EPOCHS as CURVE_EPOCHS, SIZES as CURVE_SIZES};
use crate::engine::range_test::STEPS as RANGE_STEPS;
use crate::engine::arch::{Arch, Cell, LayerSpec, Shape, MAX_FILTERS, MAX_RECURRENT, MAX_UNITS};
use crate::engine::{DataKind, DatasetKind, Task};
use crate::i18n::{Lang, T};
use crate::protocol::Command;
use crate::settings::{keys, round_significant, toggle_flag, Group as SettingsGroup, Kind, Spec, MAX_LAYERS, MAX_NEURONS, TABLE};
use leptos::prelude::*;

/// The learning-rate slider's stops: a log scale from 1e-5 to 10.
pub const LR_STOPS: &[f64] = &[1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0];

fn nearest_stop(v: f64) -> usize {
    let lv = v.max(1e-12).ln();
    (0..LR_STOPS.len())
        .min_by(|&a, &b| (LR_STOPS[a].ln() - lv).abs().total_cmp(&(LR_STOPS[b].ln() - lv).abs()))
        .unwrap_or(0)
}



/// How a value reads next to its control.
fn display(spec: &Spec, raw: &str, lang: Lang) -> String {
    match spec.key {
        "noise" | "split" => lang.digits(&format!("{raw}%")),
        _ => lang.digits(raw),
    }
}

pub fn control(spec: &'static Spec, which: Which) -> AnyView {
    let (settings, lang) = use_lang();
    let id = which.id(spec.key);
    let help_id = format!("help-{id}");
    let label = move || lang.get().t(spec.label);
    let help = move || lang.get().t(spec.help);
    // Run B's controls read B's settings (A's with B's differences).
    let current = move || settings.with(|s| which.settings(s));
    let value = move || match which {
        Which::A => settings.with(|s| (spec.get)(s)),
        Which::B => (spec.get)(&current()),
    };
    let set = move |v: String| {
        let mut ok = false;
        settings.update(|s| ok = which.set(s, spec.key, &v));
        ok
    };
    let input = match spec.kind {
        Kind::Choice(options) => view! {
            <select id=id.clone() aria-describedby=help_id.clone() on:change=move |ev| { set(event_target_value(&ev)); } prop:value=value>
                {options.iter().map(|&(v, t)| view! {
                    // An option is offered only when choosing it would be valid now (e.g. no
                    // cross-entropy for a regression dataset).
                    <option value=v selected=move || value() == v
                        disabled=move || !current().set(spec.key, v)>{move || lang.get().t(t)}</option>
                }).collect_view()}
            </select>
        }
        .into_any(),
        Kind::Int { min, max } if max - min <= 100 => view! {
            <input type="range" id=id.clone() min=min max=max step="1" aria-describedby=help_id.clone()
                aria-valuetext=move || display(spec, &value(), lang.get())
                prop:value=value on:input=move |ev| { set(event_target_value(&ev)); } />
            <span class="value" aria-hidden="true">{move || display(spec, &value(), lang.get())}</span>
        }
        .into_any(),
        Kind::Float { log: true, .. } => view! {
            <input type="range" id=id.clone() min="0" max=LR_STOPS.len() - 1 step="1" aria-describedby=help_id.clone()
                aria-valuetext=move || display(spec, &value(), lang.get())
                prop:value=move || nearest_stop(value().parse().unwrap_or(0.03)).to_string()
                on:input=move |ev| {
                    if let Ok(i) = event_target_value(&ev).parse::<usize>() {
                        if let Some(v) = LR_STOPS.get(i) { set(format!("{v}")); }
                    }
                } />
            <span class="value" aria-hidden="true">{move || display(spec, &value(), lang.get())}</span>
        }
        .into_any(),
        Kind::Int { .. } | Kind::Float { log: false, .. } => {
            let (lo, hi) = match spec.kind {
                Kind::Int { min, max } => (min.to_string(), max.to_string()),
                Kind::Float { min, max, .. } => (min.to_string(), max.to_string()),
                _ => (String::new(), String::new()),
            };
            view! {
                <input type="number" id=id.clone() min=lo max=hi aria-describedby=help_id.clone() prop:value=value
                    on:change=move |ev| {
                        if !set(event_target_value(&ev)) {
                            // Not valid: show the current value again.
                            event_target::<web_sys::HtmlInputElement>(&ev).set_value(&value());
                        }
                    } />
            }
            .into_any()
        }
        Kind::Bool => view! {
            <input type="checkbox" id=id.clone() aria-describedby=help_id.clone() prop:checked=move || value() == "1"
                on:change=move |ev| { set(if event_target_checked(&ev) { "1".into() } else { "0".into() }); } />
        }
        .into_any(),
        Kind::Flags(options) => return flags(spec, options, which),
        // Per-layer values (dropout rates, batch norm flags), a point, the racers: a comma
        // list in a text field.
        Kind::PerLayer { .. } | Kind::Point { .. } | Kind::Racers { .. } | Kind::Widths { .. } | Kind::Rows { .. } | Kind::List(_) => view! {
            <input type="text" id=id.clone() aria-describedby=help_id.clone() prop:value=value
                on:change=move |ev| {
                    if !set(event_target_value(&ev)) {
                        event_target::<web_sys::HtmlInputElement>(&ev).set_value(&value());
                    }
                } />
        }
        .into_any(),
        _ => return view! { <LayerEditor which /> }.into_any(),
    };
    let class = if matches!(spec.kind, Kind::Bool) { "control check" } else { "control" };
    // The chosen loss's formula, beside its selector.
    let formula = (spec.key == "loss").then(|| {
        // Focusable: a long formula scrolls sideways, and a keyboard must be able to scroll it.
        view! { <div class="formula" dir="ltr" tabindex="0" role="group" aria-label=move || lang.get().t(T::LossFormula)
            inner_html=move || { let s = current(); formula_mathml(s.run.loss, s.task()) }></div> }
    });
    let run_b = (which == Which::B).then(|| view! { <span class="sr-only">{move || format!("{}: ", lang.get().t(T::RunB))}</span> });
    view! {
        <div class=class title=help hidden=move || !(spec.relevant)(&current()) || !settings.with(|s| s.page.controls.shows(spec.key))>
            <label for=id>{run_b}{label}</label>
            {input}
            {formula}
            <span id=help_id class="sr-only">{help}</span>
        </div>
    }
    .into_any()
}

/// A set of named options (the input features): one checkbox per option, in a fieldset
/// labelled by the setting. The last checked box cannot be unchecked (the set needs one).
fn flags(spec: &'static Spec, options: &'static [(&'static str, T)], which: Which) -> AnyView {
    let (settings, lang) = use_lang();
    let id = which.id(spec.key);
    let help_id = format!("help-{id}");
    let described_by = help_id.clone();
    let current = move || settings.with(|s| which.settings(s));
    let value = move || (spec.get)(&current());
    let checked = move |name: &str| value().split(',').any(|v| v.trim() == name);
    let run_b = (which == Which::B).then(|| view! { <span class="sr-only">{move || format!("{}: ", lang.get().t(T::RunB))}</span> });
    view! {
        <fieldset class="control flags" id=id.clone() title=move || lang.get().t(spec.help) aria-describedby=described_by
            hidden=move || !(spec.relevant)(&current())>
            <legend>{run_b}{move || lang.get().t(spec.label)}</legend>
            <div class="flag-list" dir="ltr">
                {options.iter().map(|&(name, t)| {
                    let box_id = format!("{id}-{name}");
                    let for_id = box_id.clone();
                    view! {
                        <label class="flag" for=for_id>
                            <input type="checkbox" id=box_id prop:checked=move || checked(name)
                                disabled=move || checked(name) && value().split(',').count() <= 1
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let next = toggle_flag(&spec.kind, &value(), name, on);
                                    let mut ok = false;
                                    settings.update(|s| ok = which.set(s, spec.key, &next));
                                    if !ok {
                                        event_target::<web_sys::HtmlInputElement>(&ev).set_checked(!on);
                                    }
                                } />
                            {move || lang.get().t(t)}
                        </label>
                    }
                }).collect_view()}
            </div>
            <span id=help_id class="sr-only">{move || lang.get().t(spec.help)}</span>
        </fieldset>
    }
    .into_any()
}

/// Every setting of one group, in table order (for run B, without the page's own settings).
#[component]
pub fn Group(group: SettingsGroup, #[prop(optional)] which: Which) -> impl IntoView {
    TABLE
        .iter()
        .filter(|s| s.group == group && !(which == Which::B && s.page))
        .map(|s| control(s, which))
        .collect_view()
}

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    view! { <div class="lang-switch"><Group group=SettingsGroup::Page /></div> }
}

/// One row of the layer editor: the layer, its output shape and parameters, and which
/// weighted layer it is (for its batch-norm and dropout switches).
#[derive(Clone, Debug, PartialEq)]
struct LayerRow {
    spec: LayerSpec,
    shape: Option<Shape>,
    params: Option<usize>,
    weighted: Option<usize>,
}

/// The layers before the output (`layers`), TensorFlow Playground's editor grown to every
/// family: add or remove dense layers (and, for images, convolutions and pooling), change
/// units, filters, kernel and pooling; each row shows its output shape and parameters, and
/// the total is below. Dense rows keep the old names ("Add a neuron to layer 1").
#[component]
pub fn LayerEditor(#[prop(optional)] which: Which) -> impl IntoView {
    let (settings, lang) = use_lang();
    let edit = move |f: Box<dyn Fn(&mut Vec<LayerSpec>)>| {
        settings.update(|s| {
            let mut layers = which.settings(s).run.layers.0;
            f(&mut layers);
            which.set(s, "layers", &Arch(layers).to_string());
        })
    };
    let images = move || settings.with(|s| which.settings(s).run.dataset.data_kind() == DataKind::Images);
    let sequences = move || settings.with(|s| which.settings(s).run.dataset.data_kind() == DataKind::Sequences);
    // Convolutions and pooling fit images (2-D) and sequences (1-D).
    let grids = move || images() || sequences();
    // Rows, the total, and the problem if the layers do not fit the data.
    let plan = Memo::new(move |_| {
        settings.with(|s| {
            let s = which.settings(s);
            let m = s.train_config().model;
            let shapes = m.layers.shapes(m.input);
            let counts = m.layers.parameter_counts(m.input, m.outputs, |i| m.has_batch_norm(i));
            let mut weighted = 0;
            let rows: Vec<LayerRow> = m
                .layers
                .layers()
                .iter()
                .enumerate()
                .map(|(i, &spec)| {
                    let w = spec.is_weighted().then(|| {
                        weighted += 1;
                        weighted - 1
                    });
                    LayerRow {
                        spec,
                        shape: shapes.as_ref().ok().map(|v| v[i]),
                        params: counts.as_ref().ok().map(|c| c[i]),
                        weighted: w,
                    }
                })
                .collect();
            let total = counts.as_ref().ok().map(|c| c.iter().sum::<usize>());
            (rows, total, shapes.err())
        })
    });
    let count = move || plan.with(|p| p.0.len());
    let lbl_id = which.id("lbl-layers");
    // Run B's buttons say so, for screen readers and tests alike.
    let t = move |k: T| {
        move || match which {
            Which::A => lang.get().t(k).to_string(),
            Which::B => format!("{}: {}", lang.get().t(T::RunB), lang.get().t(k)),
        }
    };
    let help_id = which.id("help-layers");
    // Per weighted layer: (batch norm, dropout rate), spelled out for the current layers.
    let per_layer = move || {
        settings.with(|s| {
            let m = which.settings(s).train_config().model;
            m.batch_norm.into_iter().zip(m.dropout).collect::<Vec<(bool, f64)>>()
        })
    };
    let lang_now = Memo::new(move |_| lang.get());
    let rows_now = Memo::new(move |_| plan.with(|p| p.0.iter().map(|r| r.spec).collect::<Vec<_>>()));
    let per_layer_untracked = move || {
        settings.with_untracked(|s| {
            let m = which.settings(s).train_config().model;
            m.batch_norm.into_iter().zip(m.dropout).collect::<Vec<(bool, f64)>>()
        })
    };
    // Writes one layer's switch or rate as the `bn` / `dropout` setting: one value when every
    // layer has the same, else a comma list.
    let write_list = move |key: &'static str, values: Vec<String>| {
        let text = if values.windows(2).all(|w| w[0] == w[1]) { values.first().cloned().unwrap_or_default() } else { values.join(",") };
        settings.update(|s| {
            which.set(s, key, &text);
        });
    };
    let set_bn = move |i: usize, on: bool| {
        let values = per_layer()
            .iter()
            .enumerate()
            .map(|(j, &(b, _))| {
                let b = if j == i { on } else { b };
                (if b { "1" } else { "0" }).to_string()
            })
            .collect();
        write_list("bn", values);
    };
    // Per weighted layer: frozen (transfer learning; images only).
    let frozen = move || settings.with(|s| which.settings(s).train_config().transfer.freeze);
    let freeze_shown = move || settings.with(|s| which.settings(s).run.dataset.data_kind() == crate::engine::DataKind::Images);
    let set_frozen = move |i: usize, on: bool| {
        let values = frozen().iter().enumerate().map(|(j, &f)| (if if j == i { on } else { f } { "1" } else { "0" }).to_string()).collect();
        write_list("freeze", values);
    };
    let set_dropout = move |i: usize, rate: String| {
        let values = per_layer().iter().enumerate().map(|(j, &(_, d))| if j == i { rate.clone() } else { format!("{d}") }).collect();
        write_list("dropout", values);
    };
    // Convolutions and pooling go before the first dense layer (a dense layer flattens).
    let insert_before_dense = move |spec: LayerSpec| {
        edit(Box::new(move |v| {
            let at = v.iter().position(|l| matches!(l, LayerSpec::Dense { .. })).unwrap_or(v.len());
            v.insert(at, spec);
        }))
    };
    let max_units = move || if grids() { MAX_UNITS } else { MAX_NEURONS };
    view! {
        <div class="control layers" title=t(T::HelpLayers)>
            <span class="label" id=lbl_id.clone()>{t(T::HiddenLayers)}</span>
            <div class="stepper" role="group" aria-labelledby=lbl_id aria-describedby=help_id.clone()>
                <button class="small" aria-label=t(T::RemoveLayer) title=t(T::RemoveLayer)
                    disabled=move || count() == 0
                    on:click=move |_| edit(Box::new(|h| { h.pop(); }))>"−"</button>
                <span class="count" aria-live="polite">{move || lang.get().digits(&count().to_string())}</span>
                <button class="small" aria-label=t(T::AddLayer) title=t(T::AddLayer)
                    disabled=move || { count() >= MAX_LAYERS }
                    on:click=move |_| edit(Box::new(|h| {
                        let w = h.iter().rev().find_map(|l| if let LayerSpec::Dense { units } = l { Some(*units) } else { None }).unwrap_or(4);
                        h.push(LayerSpec::Dense { units: w });
                    }))>"+"</button>
                <Show when=grids>
                    <button class="small" aria-label=move || format!("{} ({})", lang.get().t(T::AddConvShort), lang.get().t(T::AddConv)) title=t(T::HelpAddConv)
                        disabled=move || { count() >= MAX_LAYERS }
                        on:click=move |_| insert_before_dense(LayerSpec::Conv { filters: 8, kernel: 3, stride: 1 })>{t(T::AddConvShort)}</button>
                    <button class="small" aria-label=move || format!("{} ({})", lang.get().t(T::AddPoolShort), lang.get().t(T::AddPool)) title=t(T::HelpAddPool)
                        disabled=move || { count() >= MAX_LAYERS }
                        on:click=move |_| insert_before_dense(LayerSpec::MaxPool { size: 2 })>{t(T::AddPoolShort)}</button>
                </Show>
                <Show when=sequences>
                    <button class="small" aria-label=move || format!("{} ({})", lang.get().t(T::AddRnnShort), lang.get().t(T::AddRnn)) title=t(T::HelpAddRnn)
                        disabled=move || { count() >= MAX_LAYERS }
                        on:click=move |_| insert_before_dense(LayerSpec::Recurrent { cell: Cell::Gru, units: 16 })>{t(T::AddRnnShort)}</button>
                </Show>
            </div>
            <span id=help_id class="sr-only">{t(T::HelpLayers)}</span>
            <ol class="layer-list">
                // Re-rendered when the layers or the language change; the switches follow the
                // settings in place, so they keep the keyboard focus.
                {move || rows_now.get().into_iter().enumerate().map(|(i, spec)| {
                    let l = lang_now.get();
                    let row = move || plan.with(|p| p.0.get(i).cloned());
                    let weighted = plan.with_untracked(|p| p.0.get(i).and_then(|r| r.weighted));
                    let n = l.digits(&(i + 1).to_string());
                    let pre = if which == Which::B { format!("{}: ", l.t(T::RunB)) } else { String::new() };
                    let minus = format!("{pre}{} {n}", l.t(T::RemoveNeuron));
                    let plus = format!("{pre}{} {n}", l.t(T::AddNeuron));
                    let remove = format!("{pre}{} {n}", l.t(T::RemoveThisLayer));
                    let info = move || row().map(|r| {
                        let shape = r.shape.map(|s| l.digits(&s.to_string())).unwrap_or_else(|| "?".into());
                        let params = r.params.map(|p| l.digits(&p.to_string())).unwrap_or_else(|| "?".into());
                        // The output's arrow points along the reading direction.
                        let arrow = if l == Lang::Fa { "←" } else { "→" };
                        format!("{arrow} {shape} · {params} {}", l.t(T::ParamsShort))
                    }).unwrap_or_default();
                    let body = match spec {
                        LayerSpec::Dense { units } => view! {
                            <span class="kind">{l.t(T::KindDense)}</span>
                            <button class="small" aria-label=minus.clone() title=minus disabled={ units <= 1 }
                                on:click=move |_| edit(Box::new(move |h| if let Some(LayerSpec::Dense { units }) = h.get_mut(i) { *units = units.saturating_sub(1).max(1) }))>"−"</button>
                            <span class="count">{format!("{} {}", l.digits(&units.to_string()), l.t(T::Neurons))}</span>
                            <button class="small" aria-label=plus.clone() title=plus disabled=move || { units >= max_units() }
                                on:click=move |_| edit(Box::new(move |h| if let Some(LayerSpec::Dense { units }) = h.get_mut(i) { *units += 1 }))>"+"</button>
                        }.into_any(),
                        LayerSpec::Conv { filters, kernel, stride } => {
                            let kernel_label = format!("{pre}{} {n} {}", l.t(T::Layer), l.t(T::KernelSize));
                            view! {
                                <span class="kind">{l.t(T::KindConv)}</span>
                                <button class="small" aria-label=minus.clone() title=minus disabled={ filters <= 1 }
                                    on:click=move |_| edit(Box::new(move |h| if let Some(LayerSpec::Conv { filters, .. }) = h.get_mut(i) { *filters = filters.saturating_sub(1).max(1) }))>"−"</button>
                                <span class="count">{format!("{} {}", l.digits(&filters.to_string()), l.t(T::Filters))}</span>
                                <button class="small" aria-label=plus.clone() title=plus disabled={ filters >= MAX_FILTERS }
                                    on:click=move |_| edit(Box::new(move |h| if let Some(LayerSpec::Conv { filters, .. }) = h.get_mut(i) { *filters += 1 }))>"+"</button>
                                <select aria-label=kernel_label title=l.t(T::HelpKernelSize)
                                    on:change=move |ev| {
                                        let k: usize = event_target_value(&ev).parse().unwrap_or(3);
                                        edit(Box::new(move |h| if let Some(LayerSpec::Conv { kernel, .. }) = h.get_mut(i) { *kernel = k }));
                                    }>
                                    {[1usize, 3, 5, 7].into_iter().map(|k| {
                                        // One-dimensional on sequences: K steps.
                                        let shown = if sequences() { l.digits(&k.to_string()) } else { format!("{}×{}", l.digits(&k.to_string()), l.digits(&k.to_string())) };
                                        view! { <option value=k.to_string() selected={ k == kernel }>{shown}</option> }
                                    }).collect_view()}
                                </select>
                                {(stride > 1).then(|| format!("{} {}", l.t(T::Stride), l.digits(&stride.to_string())))}
                            }.into_any()
                        }
                        LayerSpec::MaxPool { size } | LayerSpec::AvgPool { size } => {
                            let max = matches!(spec, LayerSpec::MaxPool { .. });
                            let pool_label = format!("{pre}{} {n} {}", l.t(T::Layer), l.t(T::PoolKind));
                            view! {
                                <select aria-label=pool_label title=l.t(T::HelpPool)
                                    on:change=move |ev| {
                                        let v = event_target_value(&ev);
                                        let (max, size) = (v.starts_with("mp"), v[2..].parse().unwrap_or(2));
                                        edit(Box::new(move |h| if let Some(slot) = h.get_mut(i) {
                                            *slot = if max { LayerSpec::MaxPool { size } } else { LayerSpec::AvgPool { size } };
                                        }));
                                    }>
                                    {["mp2", "mp3", "mp4", "ap2", "ap3", "ap4"].into_iter().map(|v| {
                                        let here = LayerSpec::parse(v) == Some(spec);
                                        let name = if v.starts_with("mp") { l.t(T::KindMaxPool) } else { l.t(T::KindAvgPool) };
                                        let k = l.digits(&v[2..]);
                                        let shown = if sequences() { format!("{name} {k}") } else { format!("{name} {k}×{k}") };
                                        view! { <option value=v selected=here>{shown}</option> }
                                    }).collect_view()}
                                </select>
                                {let _ = (max, size);}
                            }.into_any()
                        }
                        LayerSpec::Recurrent { cell, units } => {
                            let cell_label = format!("{pre}{} {n} {}", l.t(T::Layer), l.t(T::CellKind));
                            view! {
                                <select aria-label=cell_label title=l.t(T::HelpCellKind)
                                    on:change=move |ev| {
                                        let v = event_target_value(&ev);
                                        let cell = [Cell::Rnn, Cell::Lstm, Cell::Gru].into_iter().find(|c| c.token() == v).unwrap_or(Cell::Gru);
                                        edit(Box::new(move |h| if let Some(LayerSpec::Recurrent { cell: c, .. }) = h.get_mut(i) { *c = cell }));
                                    }>
                                    {[(Cell::Rnn, T::CellRnn), (Cell::Lstm, T::CellLstm), (Cell::Gru, T::CellGru)].into_iter().map(|(c, name)| view! {
                                        <option value=c.token() selected={ c == cell }>{l.t(name)}</option>
                                    }).collect_view()}
                                </select>
                                <button class="small" aria-label=minus.clone() title=minus disabled={ units <= 1 }
                                    on:click=move |_| edit(Box::new(move |h| if let Some(LayerSpec::Recurrent { units, .. }) = h.get_mut(i) { *units = units.saturating_sub(1).max(1) }))>"−"</button>
                                <span class="count">{format!("{} {}", l.digits(&units.to_string()), l.t(T::Units))}</span>
                                <button class="small" aria-label=plus.clone() title=plus disabled={ units >= MAX_RECURRENT }
                                    on:click=move |_| edit(Box::new(move |h| if let Some(LayerSpec::Recurrent { units, .. }) = h.get_mut(i) { *units += 1 }))>"+"</button>
                            }.into_any()
                        }
                    };
                    let recurrent = spec.is_recurrent();
                    let switches = weighted.map(|wi| {
                        let rate = per_layer_untracked().get(wi).map_or(0.0, |p| p.1);
                        let bn = move || per_layer().get(wi).is_some_and(|p| p.0);
                        let rate_now = move || format!("{}", per_layer().get(wi).map_or(0.0, |p| p.1));
                        let bn_label = format!("{pre}{} {n} {}", l.t(T::Layer), l.t(T::LayerBatchNorm));
                        let drop_label = format!("{pre}{} {n} {}", l.t(T::Layer), l.t(T::LayerDropoutRate));
                        let current = format!("{rate}");
                        // The usual rates, and the current one if the link gave another.
                        let mut rates: Vec<String> = (0..=9).map(|k| format!("{}", k as f64 / 10.0)).collect();
                        if !rates.contains(&current) {
                            rates.push(current.clone());
                            rates.sort_by(|a, b| a.parse::<f64>().unwrap_or(0.0).total_cmp(&b.parse::<f64>().unwrap_or(0.0)));
                        }
                        let lock_label = format!("{pre}{} {n} {}", l.t(T::Layer), l.t(T::LayerFrozen));
                        let is_frozen = move || frozen().get(wi).copied().unwrap_or(false);
                        view! {
                            // A padlock: the layer's weights stay as they are (transfer learning).
                            {move || freeze_shown().then(|| view! {
                                <button class="small padlock" aria-label=lock_label.clone() title=l.t(T::HelpFreeze)
                                    aria-pressed=move || if is_frozen() { "true" } else { "false" }
                                    on:click=move |_| set_frozen(wi, !is_frozen())>
                                    <Padlock closed=Signal::derive(is_frozen) />
                                </button>
                            })}
                            // Batch norm does not apply to a recurrent layer.
                            {(!recurrent).then(|| view! {
                            <label class="layer-bn" title=l.t(T::HelpLayerBatchNorm)>
                                <input type="checkbox" aria-label=bn_label title=l.t(T::HelpLayerBatchNorm) prop:checked=bn
                                    on:change=move |ev| set_bn(wi, event_target_checked(&ev)) />
                                <span aria-hidden="true">{l.t(T::BnShort)}</span>
                            </label>
                            })}
                            <label class="layer-dropout" title=l.t(T::HelpLayerDropout)>
                                <span aria-hidden="true">{l.t(T::DropShort)}</span>
                                <select aria-label=drop_label title=l.t(T::HelpLayerDropout) prop:value=rate_now
                                    on:change=move |ev| set_dropout(wi, event_target_value(&ev))>
                                    {rates.into_iter().map(|r| {
                                        let shown = l.digits(&r);
                                        let value = r.clone();
                                        view! { <option value=r selected=move || rate_now() == value>{shown}</option> }
                                    }).collect_view()}
                                </select>
                            </label>
                        }
                    });
                    view! {
                        <li>
                            <span>{format!("{} {n}", l.t(T::Layer))}</span>
                            {body}
                            {switches}
                            <span class="layer-info">{info}</span>
                            <button class="small remove" aria-label=remove.clone() title=remove
                                on:click=move |_| edit(Box::new(move |h| { if i < h.len() { h.remove(i); } }))>"×"</button>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <p class="layer-total" aria-live="polite">{move || {
                let l = lang.get();
                plan.with(|p| match (&p.2, p.1) {
                    (Some(problem), _) => crate::i18n::arch_problem(problem, l),
                    (None, Some(total)) => format!("{} {}", l.t(T::TotalParameters), l.digits(&total.to_string())),
                    _ => String::new(),
                })
            }}</p>
        </div>
    }
}

/// A padlock drawn in the text colour (no emoji font needed): closed, or its shackle open.
#[component]
fn Padlock(closed: Signal<bool>) -> impl IntoView {
    view! {
        <svg class="padlock-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <rect x="3" y="7" width="10" height="8" rx="1.5" fill="currentColor" />
            <path d=move || if closed.get() { "M5 7V5a3 3 0 0 1 6 0v2" } else { "M5 7V5a3 3 0 0 1 6 0" } fill="none" stroke="currentColor" stroke-width="1.8"
                transform=move || if closed.get() { "" } else { "translate(4 -1.5)" } />
        </svg>
    }
}

/// Play/Pause, Step, Reset.
#[component]
pub fn Transport() -> impl IntoView {
    let (_, lang) = use_lang();
    let run = expect_context::<RunState>();
    let engine = expect_context::<Engine>();
    let t = move |k: T| move || lang.get().t(k);
    let toggle = move |_| {
        if run.running.get_untracked() {
            run.running.set(false);
            engine.send(Command::Pause);
        } else {
            run.running.set(true);
            engine.send(Command::Play);
        }
    };
    view! {
        <div class="transport">
            <button class="primary" on:click=toggle title=t(T::HelpPlay) aria-pressed=move || run.running.get().to_string()>
                {move || if run.running.get() { lang.get().t(T::Pause) } else { lang.get().t(T::Play) }}
            </button>
            <button on:click=move |_| engine.send(Command::Step) title=t(T::HelpStep)>{t(T::Step)}</button>
            <button on:click=move |_| { run.running.set(false); engine.send(Command::Reset) } title=t(T::HelpReset)>{t(T::Reset)}</button>
            <Group group=SettingsGroup::Transport />
        </div>
    }
}

#[component]
pub fn RegenerateButton() -> impl IntoView {
    let (settings, lang) = use_lang();
    view! {
        <button class="regenerate" title=move || lang.get().t(T::HelpRegenerate)
            on:click=move |_| settings.update(|s| s.run.seed = (s.run.seed + 1) % 1_000_000)>
            {move || lang.get().t(T::Regenerate)}
        </button>
    }
}

/// The learning-rate range test: a button, its progress (cancellable), its chart, and a
/// button to use the suggested rate.
#[component]
pub fn RangeTest() -> impl IntoView {
    let (settings, lang) = use_lang();
    let run = expect_context::<RunState>();
    let engine = expect_context::<Engine>();
    let t = move |k: T| move || lang.get().t(k);
    let start = move |_| {
        run.range_result.set(None);
        run.range_progress.set(Some((0, RANGE_STEPS)));
        engine.send(Command::StartRangeTest);
    };
    let steepest = move || run.range_result.with(|r| r.as_ref().and_then(|r| r.steepest));
    view! {
        <div class="range-test">
            <button on:click=start title=t(T::HelpFindLr) disabled=move || run.range_progress.with(|p| p.is_some())>{t(T::FindLr)}</button>
            <ProgressBar progress=Signal::derive(move || run.range_progress.get()) label=T::FindLr cancel=Some(Command::CancelRangeTest) />
            <RangeCanvas />
            {move || steepest().map(|s| {
                let rate = round_significant(f64::from(s).clamp(1e-5, 10.0), 2);
                let shown = lang.get().digits(&format!("{rate:.1e}"));
                view! {
                    <button on:click=move |_| { settings.update(|st| { st.put(keys::LR, rate); }); }>
                        {format!("{} ({shown})", lang.get().t(T::UseRate))}
                    </button>
                }
            })}
        </div>
    }
}


const SHOWN_LINES: usize = 8;

/// What corruption and cleaning did to the data, and how the inputs are scaled, in words.
#[component]
pub fn DataReport() -> impl IntoView {
    let (_, lang) = use_lang();
    let run = expect_context::<RunState>();
    move || {
        let l = lang.get();
        run.prep.with(|p| {
            p.as_ref().map(|(clean, pipeline)| {
                let mut lines: Vec<String> = pipeline.lines(l).into_iter().chain(clean.lines(l)).collect();
                // The first lines summarize; a long list of removed points folds away.
                let rest = if lines.len() > SHOWN_LINES { lines.split_off(SHOWN_LINES) } else { vec![] };
                (!lines.is_empty()).then(|| {
                    let more = (!rest.is_empty()).then(|| {
                        view! {
                            <details>
                                <summary>{format!("{} ({})", l.t(T::ShowAll), l.digits(&rest.len().to_string()))}</summary>
                                <ul>{rest.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
                            </details>
                        }
                    });
                    view! {
                        <div class="data-report" aria-live="polite">
                            <h3>{l.t(T::DataReport)}</h3>
                            <ul>{lines.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
                            {more}
                        </div>
                    }
                })
            })
        })
    }
}

/// The user's own points as CSV (`x1,x2,label`): pasted or typed, loaded with a button; each
/// bad field is reported by line and column and the good rows are used.
#[component]
pub fn CsvInput() -> impl IntoView {
    let (settings, lang) = use_lang();
    let t = move |k: T| move || lang.get().t(k);
    let text = RwSignal::new(String::new());
    let problems: RwSignal<Vec<String>> = RwSignal::new(vec![]);
    let load = move |_| {
        let l = lang.get_untracked();
        match crate::engine::csv::parse_csv(&text.get_untracked()) {
            Ok(data) => {
                problems.set(data.problems.iter().map(|p| p.message(l)).collect());
                settings.update(|s| s.set_custom(data.samples));
            }
            Err(e) => problems.set(vec![e.message(l)]),
        }
    };
    view! {
        <div class="control csv" title=t(T::HelpCsv)>
            <label for="ctl-csv">{t(T::CsvLabel)}</label>
            <textarea id="ctl-csv" rows="4" dir="ltr" placeholder="x1,x2,label" aria-describedby="help-ctl-csv"
                prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <span id="help-ctl-csv" class="sr-only">{t(T::HelpCsv)}</span>
            <button on:click=load>{t(T::CsvLoad)}</button>
            {move || (!problems.get().is_empty()).then(|| view! {
                <div class="csv-problems" role="alert">
                    <p>{lang.get().t(T::CsvProblems)}</p>
                    <ul>{problems.get().into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                </div>
            })}
        </div>
    }
}

/// The learning curve ("more data"): a button, its progress (cancellable), and its chart,
/// which fills in as sizes finish.
#[component]
pub fn LearningCurve() -> impl IntoView {
    let (_, lang) = use_lang();
    let run = expect_context::<RunState>();
    let engine = expect_context::<Engine>();
    let t = move |k: T| move || lang.get().t(k);
    let start = move |_| {
        run.running.set(false);
        run.curve_points.set(vec![]);
        run.curve_cancelled.set(false);
        run.curve_progress.set(Some((0, CURVE_SIZES.len() * CURVE_EPOCHS)));
        engine.send(Command::StartLearningCurve { sizes: CURVE_SIZES.to_vec(), epochs: CURVE_EPOCHS });
    };
    view! {
        <div class="learning-curve">
            <button on:click=start title=t(T::HelpLearningCurve) aria-describedby="help-learning-curve"
                disabled=move || run.curve_progress.with(|p| p.is_some())>{t(T::LearningCurve)}</button>
            <span id="help-learning-curve" class="sr-only">{t(T::HelpLearningCurve)}</span>
            <ProgressBar progress=Signal::derive(move || run.curve_progress.get()) label=T::LearningCurve cancel=Some(Command::CancelLearningCurve) />
            {move || run.curve_cancelled.get().then(|| view! { <p class="help" role="status">{t(T::CurveCancelled)}</p> })}
            <CurveCanvas />
        </div>
    }
}

/// What a click on the output plot does.

/// The click mode (what a click on the plot does), the value for regression, and how many
/// points the user's data has.
#[component]
pub fn ClickControls() -> impl IntoView {
    let (settings, lang) = use_lang();
    let clicks = expect_context::<Clicks>();
    let t = move |k: T| move || lang.get().t(k);
    let regression = move || settings.with(|s| s.task() == Task::Regression);
    let encode = |a: ClickAction| match a {
        ClickAction::Nothing => "none".to_string(),
        ClickAction::Add(c) => format!("add{c}"),
        ClickAction::AddValue => "value".to_string(),
        ClickAction::Remove => "remove".to_string(),
    };
    let decode = |v: &str| match v {
        "add0" => ClickAction::Add(0),
        "add1" => ClickAction::Add(1),
        "add2" => ClickAction::Add(2),
        "add3" => ClickAction::Add(3),
        "value" => ClickAction::AddValue,
        "remove" => ClickAction::Remove,
        _ => ClickAction::Nothing,
    };
    let options = move || {
        let l = lang.get();
        let mut o = vec![(ClickAction::Nothing, l.t(T::ClickNothing).to_string())];
        if regression() {
            o.push((ClickAction::AddValue, l.t(T::ClickAddValue).to_string()));
        } else {
            for (c, k) in [T::ClassOrange, T::ClassBlue, T::ClassGreen, T::ClassPurple].into_iter().enumerate() {
                o.push((ClickAction::Add(c as u8), format!("{} {}", l.t(T::ClickAddClass), l.t(k))));
            }
        }
        o.push((ClickAction::Remove, l.t(T::ClickRemove).to_string()));
        o
    };
    // A mode the task cannot use (a class for regression data, a value for classes) maps to
    // the one it can.
    Effect::new(move |_| {
        let r = regression();
        clicks.mode.update(|m| match (*m, r) {
            (ClickAction::Add(_), true) => *m = ClickAction::AddValue,
            (ClickAction::AddValue, false) => *m = ClickAction::Add(0),
            _ => {}
        });
    });
    let count = move || settings.with(|s| (s.run.dataset == DatasetKind::Custom).then(|| s.run.custom.len()));
    view! {
        <div class="clicks">
            <div class="control" title=t(T::HelpClickMode)>
                <label for="ctl-click">{t(T::ClickMode)}</label>
                <select id="ctl-click" aria-describedby="help-ctl-click"
                    on:change=move |ev| clicks.mode.set(decode(&event_target_value(&ev)))>
                    {move || options().into_iter().map(|(a, text)| {
                        view! { <option value=encode(a) selected=move || clicks.mode.get() == a>{text}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="control" title=t(T::HelpClickValue) hidden=move || !regression()>
                <label for="ctl-click-value">{t(T::ClickValue)}</label>
                <input type="number" id="ctl-click-value" step="0.1" min="-1" max="1" aria-describedby="help-ctl-click-value"
                    prop:value=move || clicks.value.get().to_string()
                    on:change=move |ev| {
                        match event_target_value(&ev).parse::<f32>() {
                            Ok(v) if v.is_finite() => clicks.value.set(v),
                            _ => event_target::<web_sys::HtmlInputElement>(&ev).set_value(&clicks.value.get_untracked().to_string()),
                        }
                    } />
                <span id="help-ctl-click-value" class="sr-only">{t(T::HelpClickValue)}</span>
            </div>
            <p class="help" id="help-ctl-click">{t(T::HelpClickMode)}</p>
            {move || count().map(|n| view! {
                <p class="point-count" role="status">{format!("{}: {}", lang.get().t(T::YourPoints), lang.get().digits(&n.to_string()))}</p>
            })}
            {move || clicks.message.get().map(|k| view! { <p class="message error" role="alert">{lang.get().t(k)}</p> })}
        </div>
    }
}
