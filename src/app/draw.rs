//! The canvases: each redraws when what it shows changes, with the backend-generic plot
//! functions on a plotters canvas backend.

use super::canvas::draw_on;
use super::widgets::{mark_once, Clicks, SavePng, Which};
use super::{RunState, Runs};
use crate::i18n::{Lang, T};
use crate::engine::learning_curve::SIZES as CURVE_SIZES;
use crate::plot::histogram::mean_std_caption;
use super::surface::{settings_layout, toggle_weight, weight_index, SurfaceSignals};
use crate::engine::surface::Param;
use crate::plot::{
    draw_boundary, draw_histograms, draw_layer_activity, draw_learning_curve, draw_loss, draw_network, draw_range, histograms_height,
    ActivityPanel, LayerNote, NetworkDecor, NetworkLayout, PlaneMap, NOTE_HEIGHT,
};
use crate::settings::{keys, Settings, SurfaceDir};
use leptos::html::Canvas;
use leptos::prelude::*;
use web_sys::HtmlCanvasElement;

const BOUNDARY_SIZE: (u32, u32) = (360, 360);
const LOSS_SIZE: (u32, u32) = (360, 220);
const RANGE_SIZE: (u32, u32) = (300, 180);
const NETWORK_SIZE: (u32, u32) = (420, 300);
const CURVE_SIZE: (u32, u32) = (300, 200);
const HISTOGRAM_WIDTH: u32 = 300;
const HISTOGRAM_BINS: usize = 16;
/// A click removes the nearest point within this many pixels.
const REMOVE_PIXELS: f32 = 12.0;

fn lang() -> Signal<Lang> {
    let settings = expect_context::<RwSignal<Settings>>();
    Signal::derive(move || settings.with(|s| s.page.lang))
}

/// A titled figure: heading (with a button that saves the plot as PNG), canvas, one line of
/// help.
fn figure(canvas: NodeRef<Canvas>, size: (u32, u32), title: T, help: T, class: &'static str) -> impl IntoView {
    let lang = lang();
    let t = move |k: T| move || lang.get().t(k);
    view! {
        <figure class=class>
            <figcaption>{t(title)}<SavePng canvas name=class title /></figcaption>
            <canvas dir="ltr" node_ref=canvas width=size.0 height=size.1 role="img" aria-label=move || format!("{}. {}", lang.get().t(title), lang.get().t(help))></canvas>
            <p class="help">{t(help)}</p>
        </figure>
    }
}

#[component]
pub fn BoundaryCanvas(run: RunState, which: Which) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let settings = expect_context::<RwSignal<Settings>>();
    // The chart's map from pixels to the plane, as last drawn (for clicks).
    let map: StoredValue<Option<PlaneMap>, LocalStorage> = StoredValue::new_local(None);
    Effect::new(move |_| {
        let Some(c) = canvas.get() else { return };
        let (show_test, lang, task) = settings.with(|s| (s.page.show_test, s.page.lang, which.settings(s).task()));
        let (drew_points, drew_view) = run.view.with(|v| {
            let points = run.data.with(|(train, test)| {
                draw_on(&c, |root, p| {
                    let m = draw_boundary(root, task, v.as_ref().and_then(|v| v.as_points()).map(|v| &v.boundary), train, test, show_test, lang, p)?;
                    map.set_value(Some(m));
                    Ok(())
                });
                !train.is_empty()
            });
            (points, v.is_some())
        });
        // For the benchmark: navigation to the first drawn points (the first frame, from the
        // settings alone), then to the first drawn boundary (the worker's first view).
        for (drew, mark) in [(drew_points, "descent:first-view"), (drew_view, "descent:first-boundary")] {
            if drew && which == Which::A {
                mark_once(mark);
            }
        }
    });
    let title = if which == Which::A { T::BoundaryTitle } else { T::BoundaryB };
    // Clicks add or remove the user's points (run A's plot; B shares A's data).
    let clicks = expect_context::<Clicks>();
    let on_click = move |ev: web_sys::MouseEvent| {
        if which != Which::A {
            return;
        }
        let Some(c) = canvas.get_untracked() else { return };
        // The canvas may be drawn smaller than its pixels (CSS): back to its pixels.
        let sx = c.width() as f64 / c.client_width().max(1) as f64;
        let sy = c.height() as f64 / c.client_height().max(1) as f64;
        let (px, py) = ((ev.offset_x() as f64 * sx) as i32, (ev.offset_y() as f64 * sy) as i32);
        let hit = map.with_value(|m| m.as_ref().and_then(|m| m.plane_at(px, py).map(|p| (p, m.units_per_pixel()))));
        if let Some(((x, y), unit)) = hit {
            clicks.apply(settings, x, y, ev.shift_key(), ev.alt_key(), REMOVE_PIXELS * unit * sx as f32);
        }
    };
    let lang = lang();
    let t = move |k: T| move || lang.get().t(k);
    view! {
        <figure class="boundary">
            <figcaption>{t(title)}<SavePng canvas name="boundary" title /></figcaption>
            <canvas dir="ltr" node_ref=canvas width=BOUNDARY_SIZE.0 height=BOUNDARY_SIZE.1 role="img" on:click=on_click
                aria-label=move || format!("{}. {}", lang.get().t(title), lang.get().t(T::HelpBoundary))></canvas>
            <p class="help">{t(T::HelpBoundary)}</p>
        </figure>
    }
}

#[component]
pub fn LossCanvas() -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let runs = expect_context::<Runs>();
    let settings = expect_context::<RwSignal<Settings>>();
    let lang = lang();
    Effect::new(move |_| {
        let Some(c) = canvas.get() else { return };
        let l = lang.get();
        let comparing = settings.with(|s| s.page.compare);
        runs.a.history.with(|a| {
            runs.b.history.with(|b| draw_on(&c, |root, _| draw_loss(root, a, comparing.then_some(b.as_slice()), l)))
        });
    });
    figure(canvas, LOSS_SIZE, T::LossTitle, T::HelpLoss, "loss")
}

/// The run's curves as CSV and a run report as JSON, for the lab notebook.
#[component]
pub fn CurveDownloads() -> impl IntoView {
    let runs = expect_context::<Runs>();
    let settings = expect_context::<RwSignal<Settings>>();
    let lang = lang();
    let t = move |k: T| move || lang.get().t(k);
    let csv = move |_| {
        let comparing = settings.with_untracked(|s| s.page.compare);
        let text = runs.a.history.with_untracked(|a| runs.b.history.with_untracked(|b| crate::export::curves_csv(a, comparing.then_some(b.as_slice()))));
        super::widgets::save_text("descent-curves.csv", "text/csv", &text);
    };
    let report = move |_| {
        let (hash, comparing) = settings.with_untracked(|s| (s.to_hash(), s.page.compare));
        let a = runs.a.history.with_untracked(|h| h.last().copied());
        let b = if comparing { runs.b.history.with_untracked(|h| h.last().copied()) } else { None };
        let text = crate::export::run_report(&hash, runs.a.parameters.get_untracked(), a.as_ref(), b.as_ref());
        super::widgets::save_text("descent-report.json", "application/json", &text);
    };
    view! {
        <div class="buttons downloads">
            <button class="small" on:click=csv title=t(T::HelpDownloadCsv)>{t(T::DownloadCsv)}</button>
            <button class="small" on:click=report title=t(T::HelpDownloadReport)>{t(T::DownloadReport)}</button>
        </div>
    }
}

/// The diagram's per-layer notes (batch norm, dropout) from the settings.
fn layer_notes(s: &Settings) -> Vec<LayerNote> {
    let m = s.train_config().model;
    m.batch_norm.iter().zip(&m.dropout).map(|(&batch_norm, &dropout)| LayerNote { batch_norm, dropout }).collect()
}

/// The diagram's layout for these widths, with room under the columns for the batch-norm and
/// dropout notes when there are any (drawing and clicks share it).
fn network_layout(widths: &[usize], notes: &[LayerNote]) -> NetworkLayout {
    let any_note = notes.iter().any(|n| n.batch_norm || n.dropout > 0.0);
    NetworkLayout::new(widths, NETWORK_SIZE.0, NETWORK_SIZE.1 - if any_note { NOTE_HEIGHT } else { 0 })
}

#[component]
pub fn NetworkCanvas() -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let run = expect_context::<RunState>();
    let settings = expect_context::<RwSignal<Settings>>();
    let sf = expect_context::<SurfaceSignals>();
    // The view's own shape while it is current; the settings' shape until the worker has
    // sent a view of the new network.
    let widths = move || -> Vec<usize> {
        run.view.with(|v| match v.as_ref().and_then(|v| v.as_points()) {
            Some(v) => v.neurons.iter().map(|l| l.len()).collect(),
            None => settings.with(|s| s.train_config().model.widths()),
        })
    };
    Effect::new(move |_| {
        let Some(c) = canvas.get() else { return };
        let widths = widths();
        let (lang, notes) = settings.with(|s| (s.page.lang, layer_notes(s)));
        let layout = network_layout(&widths, &notes);
        let inputs = input_symbols(settings, run, widths.first().copied());
        // The loss surface's chosen weights are marked (when those directions are chosen).
        let params = settings.with(settings_layout);
        let marked: Vec<(usize, usize, usize)> = if settings.with(|s| s.page.surface) == SurfaceDir::Weights {
            sf.chosen.get().iter().filter_map(|&i| match params.param(i) {
                Some(Param::Weight { layer, from, to }) => Some((layer, from, to)),
                _ => None,
            }).collect()
        } else {
            vec![]
        };
        let decor = NetworkDecor { inputs: &inputs, notes: &notes, marked: &marked };
        run.view.with(|v| draw_on(&c, |root, p| draw_network(root, &layout, v.as_ref().and_then(|v| v.as_points()), &decor, lang, p)));
    });
    // A click on a link picks that weight for the loss surface's "two chosen weights".
    let click = move |ev: web_sys::MouseEvent| {
        let Some(c) = canvas.get_untracked() else { return };
        // Only clicks on the diagram itself (not its caption).
        if ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<HtmlCanvasElement>(t).ok()).is_none() {
            return;
        }
        let scale = c.width() as f64 / (c.client_width().max(1) as f64);
        let (x, y) = (ev.offset_x() as f64 * scale, ev.offset_y() as f64 * scale);
        let layout = network_layout(&widths(), &settings.with_untracked(layer_notes));
        let Some((layer, from, to)) = layout.link_at(x, y, 5.0) else { return };
        let params = settings.with_untracked(settings_layout);
        if let Some(i) = weight_index(&params, layer, from, to) {
            sf.chosen.update(|c| toggle_weight(c, i));
            settings.update(|s| {
                s.put(keys::SURFACE, SurfaceDir::Weights);
            });
        }
    };
    let lang = lang();
    // The chosen features, at once (the diagram follows when the worker has rebuilt).
    let label = move || format!("{} ({}): ", lang.get().t(T::NetworkInputs), lang.get().digits(&input_symbols(settings, run, None).len().to_string()));
    let symbols = move || input_symbols(settings, run, None).join(", ");
    view! {
        <div class="net-click" on:click=click>
            {figure(canvas, NETWORK_SIZE, T::NetworkTitle, T::HelpNetwork, "net")}
        </div>
        <p class="inputs">{label}<span dir="ltr">{symbols}</span></p>
    }
}

/// The input neurons' labels: the features of the fitted pipeline (the worker's, which
/// match the drawn network's `inputs`), else, until the worker has caught up, the settings'.
fn input_symbols(settings: RwSignal<Settings>, run: RunState, inputs: Option<usize>) -> Vec<&'static str> {
    let fitted: Option<Vec<&'static str>> =
        run.prep.with(|p| p.as_ref().map(|(_, p)| p.stats.iter().map(|s| s.feature.symbol()).collect()));
    match fitted {
        Some(v) if inputs.is_some_and(|n| n == v.len()) => v,
        _ => settings.with(|s| s.run.features.list().into_iter().map(|f| f.symbol()).collect()),
    }
}

/// Histograms of the training inputs before and after scaling, one row per feature, with
/// their means and standard deviations also in words (for screen readers and tests).
#[component]
pub fn HistogramCanvas() -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let run = expect_context::<RunState>();
    let lang = lang();
    let hists = Memo::new(move |_| {
        run.prep.with(|p| p.as_ref().map(|(_, p)| run.data.with(|(train, _)| p.histograms(train, HISTOGRAM_BINS))).unwrap_or_default())
    });
    let height = move || hists.with(|h| histograms_height(h.len()));
    Effect::new(move |_| {
        let Some(c) = canvas.get() else { return };
        let l = lang.get();
        hists.with(|h| {
            c.set_height(histograms_height(h.len()));
            draw_on(&c, |root, _| draw_histograms(root, h, l));
        });
    });
    let title = move || lang.get().t(T::HistTitle);
    let lines = move || {
        let l = lang.get();
        hists.with(|h| {
            h.iter()
                .map(|f| {
                    format!(
                        "{}: {} {}; {} {}",
                        f.feature.symbol(),
                        l.t(T::HistBefore),
                        mean_std_caption(&f.before, l),
                        l.t(T::HistAfter),
                        mean_std_caption(&f.after, l)
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <figure class="histograms" hidden=move || hists.with(|h| h.is_empty())>
            <figcaption>{title}<SavePng canvas name="histograms" title=T::HistTitle /></figcaption>
            <canvas dir="ltr" node_ref=canvas width=HISTOGRAM_WIDTH height=height role="img"
                aria-label=move || format!("{}. {}", title(), lang.get().t(T::HelpHist))></canvas>
            <p class="help">{move || lang.get().t(T::HelpHist)}</p>
            <ul class="sr-only hist-stats" dir="ltr">{move || lines().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
        </figure>
    }
}

/// The learning curve's chart; hidden until a size has finished.
#[component]
pub fn CurveCanvas() -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let run = expect_context::<RunState>();
    let lang = lang();
    Effect::new(move |_| {
        let Some(c) = canvas.get() else { return };
        let l = lang.get();
        run.curve_points.with(|p| {
            if !p.is_empty() {
                draw_on(&c, |root, _| draw_learning_curve(root, p, &CURVE_SIZES, l));
            }
        });
    });
    view! {
        <figure class="curve" hidden=move || run.curve_points.with(|p| p.is_empty())>
            <figcaption>{move || lang.get().t(T::CurveTitle)}<SavePng canvas name="learning-curve" title=T::CurveTitle /></figcaption>
            <canvas dir="ltr" node_ref=canvas width=CURVE_SIZE.0 height=CURVE_SIZE.1 role="img"
                aria-label=move || format!("{}. {}", lang.get().t(T::CurveTitle), lang.get().t(T::HelpLearningCurve))></canvas>
            <ul class="sr-only curve-points">
                {move || run.curve_points.with(|p| p.iter().map(|p| {
                    let l = lang.get();
                    let v = p.test_acc.map(|a| l.digits(&format!("{:.1}%", a * 100.0))).unwrap_or_else(|| l.num(p.test_loss as f64, 3));
                    view! { <li>{format!("{}: {v}", l.digits(&p.size.to_string()))}</li> }
                }).collect_view())}
            </ul>
        </figure>
    }
}

/// The range test's chart; hidden until there is a result.
#[component]
pub fn RangeCanvas() -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let run = expect_context::<RunState>();
    let lang = lang();
    Effect::new(move |_| {
        let Some(c) = canvas.get() else { return };
        let l = lang.get();
        run.range_result.with(|r| {
            if let Some(r) = r {
                draw_on(&c, |root, _| draw_range(root, r, l));
            }
        });
    });
    view! {
        <figure class="range" hidden=move || run.range_result.with(|r| r.is_none())>
            <figcaption>{move || lang.get().t(T::RangeTitle)}<SavePng canvas name="range-test" title=T::RangeTitle /></figcaption>
            <canvas dir="ltr" node_ref=canvas width=RANGE_SIZE.0 height=RANGE_SIZE.1 role="img"
                aria-label=move || format!("{}. {}", lang.get().t(T::RangeTitle), lang.get().t(T::HelpFindLr))></canvas>
        </figure>
    }
}

const ACTIVITY_WIDTH: u32 = 420;
/// Height of one layer's heatmap (the canvas grows with the number of layers).
const ACTIVITY_ROW: u32 = 56;

/// The layer-activity view: per hidden layer, its pre-activation histograms over the epochs,
/// for run A and (when comparing) run B side by side.
#[component]
pub fn ActivityCanvas() -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let runs = expect_context::<Runs>();
    let settings = expect_context::<RwSignal<Settings>>();
    let lang = lang();
    Effect::new(move |_| {
        let Some(c) = canvas.get() else { return };
        let l = lang.get();
        let (comparing, bn_a, bn_b) = settings.with(|s| {
            let b = if s.page.compare { s.run_b().train_config().model.batch_norm } else { vec![] };
            (s.page.compare, s.train_config().model.batch_norm, b)
        });
        runs.a.activity.with(|a| {
            runs.b.activity.with(|b| {
                let layers = a.snapshots.last().map_or(0, |s| s.1.len()).max(bn_a.len()).max(if comparing {
                    b.snapshots.last().map_or(0, |s| s.1.len()).max(bn_b.len())
                } else {
                    0
                });
                // Sizing the canvas clears it; only when the size changes.
                let height = 20 + 16 + ACTIVITY_ROW * layers.max(1) as u32;
                if c.height() != height {
                    c.set_height(height);
                }
                let (ta, tb) = (l.t(T::RunA), l.t(T::RunB));
                let mut panels = vec![ActivityPanel { title: comparing.then_some(ta), activity: a, batch_norm: &bn_a }];
                if comparing {
                    panels.push(ActivityPanel { title: Some(tb), activity: b, batch_norm: &bn_b });
                }
                draw_on(&c, |root, p| draw_layer_activity(root, &panels, l, p));
            })
        });
    });
    let has_layers = move || settings.with(|s| s.run.layers.weighted() > 0 || (s.page.compare && s.run_b().run.layers.weighted() > 0));
    view! {
        <figure class="activity" hidden=move || !has_layers()>
            <figcaption>{move || lang.get().t(T::ActivityTitle)}<SavePng canvas name="layer-activity" title=T::ActivityTitle /></figcaption>
            // Named by its title only and described by its help, which mentions the
            // activation (a label containing it would also label the Activation control).
            <canvas dir="ltr" node_ref=canvas width=ACTIVITY_WIDTH height=ACTIVITY_ROW role="img"
                aria-label=move || lang.get().t(T::ActivityTitle) aria-describedby="help-activity"></canvas>
            <p class="help" id="help-activity">{move || lang.get().t(T::HelpActivity)}</p>
        </figure>
    }
}
