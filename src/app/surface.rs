//! The loss-surface panel (network mode, issue 4): choose the directions (random
//! filter-normalized, PCA of the path, or two weights picked on the network diagram) and the
//! grid, compute it in the worker (progress, cancel), follow training live, and draw the
//! contour map with the growing path and the 3-D view (turned by dragging or arrow keys).

use super::Engine;
use crate::engine::surface::{Directions, ParamLayout, Param, Surface, MAX_GRID};
use crate::i18n::{Lang, T};
use crate::plot::colors::paper;
use crate::plot::{draw_surface_3d, draw_surface_contour_base, draw_surface_path, param_name, surface_axis_labels};
use crate::protocol::{Command, Report, SurfaceProblem};
use crate::settings::{keys, Named, Settings, SurfaceDir};
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::*;
use super::canvas::draw_on;
use super::widgets::{ProgressBar, SavePng};
use web_sys::HtmlCanvasElement;

const CONTOUR_SIZE: (u32, u32) = (440, 380);
const VIEW3D_SIZE: (u32, u32) = (440, 380);
/// The page's grid sizes: odd (so θ is the centre node), 11 to 81.
pub const GRID_MIN: usize = 11;
/// The 3-D view's turn per pixel dragged and per arrow key press (radians).
const DRAG_RAD: f64 = 0.01;
const KEY_RAD: f64 = 0.1;

/// Everything the page knows of the loss surface.
#[derive(Clone, Copy)]
pub struct SurfaceSignals {
    pub surface: RwSignal<Option<Surface>>,
    pub layout: RwSignal<Option<ParamLayout>>,
    /// The worker's milliseconds for the last surface.
    pub ms: RwSignal<Option<f64>>,
    /// (rows done, rows) while a surface is computed.
    pub progress: RwSignal<Option<(usize, usize)>>,
    pub problem: RwSignal<Option<SurfaceProblem>>,
    /// The path projected onto the shown surface's plane, growing as training goes on.
    pub path: RwSignal<Option<(Vec<(f32, f32)>, Vec<usize>)>>,
    /// The two weights for `SurfaceDir::Weights`, as flat indices (the most recent last).
    pub chosen: RwSignal<Vec<usize>>,
    /// Whether the active request follows training (the `surface_live` setting when it was
    /// made).
    pub live: RwSignal<bool>,
    /// A request is active in the worker (computing, or following training).
    pub active: RwSignal<bool>,
    /// The user pressed the button and waits for this surface (the progress bar shows).
    pub asked: RwSignal<bool>,
}

impl SurfaceSignals {
    pub fn new() -> SurfaceSignals {
        SurfaceSignals {
            surface: RwSignal::new(None),
            layout: RwSignal::new(None),
            ms: RwSignal::new(None),
            progress: RwSignal::new(None),
            problem: RwSignal::new(None),
            path: RwSignal::new(None),
            chosen: RwSignal::new(vec![]),
            live: RwSignal::new(true),
            active: RwSignal::new(false),
            asked: RwSignal::new(false),
        }
    }

    /// Run A was rebuilt: its old surface and path mean nothing now.
    pub fn clear(&self) {
        self.surface.set(None);
        self.path.set(None);
        self.progress.set(None);
    }

    /// Applies one of the surface's reports (others are ignored).
    pub fn apply(&self, r: Report) {
        match r {
            Report::SurfaceProgress { done, total } => {
                if self.active.get_untracked() {
                    self.progress.set(Some((done, total)));
                }
            }
            Report::SurfaceDone { surface, layout, ms } => {
                if !self.active.get_untracked() {
                    return;
                }
                self.progress.set(None);
                self.asked.set(false);
                self.problem.set(None);
                self.path.set(Some((surface.path.clone(), surface.path_epochs.clone())));
                self.surface.set(Some(surface));
                self.layout.set(Some(layout));
                self.ms.set(Some(ms));
                if !self.live.get_untracked() {
                    self.active.set(false);
                }
            }
            Report::SurfacePath { path, epochs } => {
                if self.surface.with_untracked(|s| s.is_some()) {
                    self.path.set(Some((path, epochs)));
                }
            }
            Report::SurfaceCancelled => {
                self.progress.set(None);
                self.asked.set(false);
                self.active.set(false);
            }
            Report::SurfaceFailed { problem } => {
                self.progress.set(None);
                self.asked.set(false);
                self.problem.set(Some(problem));
            }
            _ => {}
        }
    }
}

impl Default for SurfaceSignals {
    fn default() -> Self {
        SurfaceSignals::new()
    }
}

/// The page's words for a problem.
fn problem_text(p: &SurfaceProblem, l: Lang) -> String {
    match p {
        SurfaceProblem::NoRun => l.t(T::SurfaceNoRun).into(),
        SurfaceProblem::NeedTraining => l.t(T::SurfaceNeedTraining).into(),
        SurfaceProblem::BadWeights => l.t(T::SurfaceBadWeights).into(),
        SurfaceProblem::NoMovement => l.t(T::SurfaceNoMovement).into(),
        SurfaceProblem::Engine { message } => format!("{} {message}", l.t(T::SurfaceFailedMsg)),
    }
}

/// The layout of the network the settings describe (before the worker has sent one).
/// The MLP's parameter layout (to name and pick weights); empty for other families, whose
/// surfaces take random or PCA directions.
pub fn settings_layout(s: &Settings) -> ParamLayout {
    let m = s.train_config().model;
    if m.layers.is_dense() && s.run.dataset.data_kind() == crate::engine::DataKind::Points {
        ParamLayout::for_model(&m)
    } else {
        ParamLayout::new(&[])
    }
}

/// The weight `W[layer][from][to]`'s flat index, for a click on the diagram.
pub fn weight_index(layout: &ParamLayout, layer: usize, from: usize, to: usize) -> Option<usize> {
    layout.index(Param::Weight { layer, from, to })
}

/// Picks (or, if already chosen, drops) a weight: the two most recent picks are kept.
pub fn toggle_weight(chosen: &mut Vec<usize>, index: usize) {
    if let Some(i) = chosen.iter().position(|&c| c == index) {
        chosen.remove(i);
    } else {
        chosen.push(index);
        if chosen.len() > 2 {
            chosen.remove(0);
        }
    }
}

/// Embedded with a `controls` list that names none of the surface's settings, the surface
/// shows only its plots (it computes and follows by itself).
fn embed_hides_surface_controls(s: &Settings) -> bool {
    s.page.embed && !s.page.controls.0.is_empty() && !s.page.controls.0.iter().any(|k| k.starts_with("surface"))
}

#[component]
pub fn SurfacePanel() -> impl IntoView {
    let settings = expect_context::<RwSignal<Settings>>();
    let engine = expect_context::<Engine>();
    let sf = expect_context::<SurfaceSignals>();
    let lang = Signal::derive(move || settings.with(|s| s.page.lang));
    let t = move |k: T| move || lang.get().t(k);
    let layout = Memo::new(move |_| settings.with(settings_layout));
    // A new network shape: the chosen indices would name other weights.
    Effect::new(move |prev: Option<ParamLayout>| {
        let l = layout.get();
        if prev.is_some_and(|p| p != l) {
            sf.chosen.set(vec![]);
        }
        l
    });

    // The grid's side, odd (so (0, 0) is a node), from the settings.
    let grid = move || (settings.with(|s| s.page.surface_grid as usize)).clamp(GRID_MIN, MAX_GRID) | 1;
    let set_grid = move |n: usize| {
        settings.update(|s| {
            s.put(keys::SURFACE_GRID, (n.clamp(GRID_MIN, MAX_GRID) | 1) as u64);
        })
    };
    let start = move || {
        let directions = match settings.with_untracked(|s| s.page.surface) {
            SurfaceDir::Random => Directions::Random { seed: settings.with_untracked(|s| s.run.seed) },
            SurfaceDir::Pca => Directions::Pca,
            SurfaceDir::Weights => match sf.chosen.get_untracked()[..] {
                [first, second] => Directions::Weights { first, second },
                _ => {
                    sf.problem.set(Some(SurfaceProblem::BadWeights));
                    // A surface followed with other weights must not go on with stale ones.
                    if sf.active.get_untracked() {
                        sf.active.set(false);
                        sf.progress.set(None);
                        engine.send(Command::CancelSurface);
                    }
                    return;
                }
            },
        };
        sf.problem.set(None);
        sf.active.set(true);
        sf.asked.set(true);
        let (n, live) = settings.with_untracked(|s| ((s.page.surface_grid as usize).clamp(GRID_MIN, MAX_GRID) | 1, s.page.surface_live));
        sf.live.set(live);
        sf.progress.set(Some((0, n)));
        engine.send(Command::StartSurface { directions, n, live });
    };
    // A change while a surface is shown and followed restarts it with the new choice.
    let restart = move || {
        if sf.active.get_untracked() {
            start();
        }
    };
    // A new choice while a surface is shown and followed restarts it (the grid restarts it
    // when the slider is let go).
    Effect::new(move |prev: Option<(SurfaceDir, Vec<usize>, bool)>| {
        let now = (settings.with(|s| s.page.surface), sf.chosen.get(), settings.with(|s| s.page.surface_live));
        if prev.is_some_and(|p| p != now) {
            restart();
        }
        now
    });
    // Shown in a lesson or an embedding (where nobody may be there to press the button), the
    // surface computes itself once each new run has its first view.
    let run = expect_context::<super::RunState>();
    let panel_mode = use_context::<super::PanelMode>().map(|m| m.0);
    Effect::new(move |had_view: Option<bool>| {
        let has_view = run.view.with(Option::is_some);
        let shown = settings.with_untracked(|s| crate::lessons::shown_panels(s).contains(&crate::lessons::Panel::Surface));
        if has_view && had_view == Some(false) && shown && panel_mode.is_some_and(|m| m.get_untracked()) && !sf.active.get_untracked() {
            start();
        }
        has_view
    });
    let cancel = move |_| {
        sf.active.set(false);
        sf.asked.set(false);
        sf.progress.set(None);
        engine.send(Command::CancelSurface);
    };

    let chosen_names = move || {
        let l = lang.get();
        let lay = layout.get();
        let c = sf.chosen.get();
        if c.is_empty() {
            l.t(T::NoneChosen).to_string()
        } else {
            c.iter().map(|&i| param_name(Some(&lay), i, l)).collect::<Vec<_>>().join(", ")
        }
    };
    // Every weight (not biases), for the keyboard's way of choosing.
    let weight_options = move || {
        let lay = layout.get();
        (0..lay.len()).filter(|&i| matches!(lay.param(i), Some(Param::Weight { .. }))).collect::<Vec<usize>>()
    };
    let weight_select = move |slot: usize, label: T| {
        let id = format!("surf-w{slot}");
        view! {
            <div class="control">
                <label for=id.clone()>{t(label)}</label>
                <select id=id aria-describedby="help-surf-weights"
                    on:change=move |ev| {
                        if let Ok(i) = event_target_value(&ev).parse::<usize>() {
                            sf.chosen.update(|c| if slot < c.len() { c[slot] = i } else { c.push(i) });
                        }
                    }>
                    <option value="" selected=move || sf.chosen.with(|c| c.get(slot).is_none())>{t(T::NoneChosen)}</option>
                    {move || {
                        let l = lang.get();
                        let lay = layout.get();
                        weight_options().into_iter().map(|i| {
                            view! { <option value=i.to_string() selected=move || sf.chosen.with(|c| c.get(slot) == Some(&i))>{param_name(Some(&lay), i, l)}</option> }
                        }).collect_view()
                    }}
                </select>
            </div>
        }
    };

    let status = move || {
        let l = lang.get();
        let s = sf.surface.get()?;
        let ms = sf.ms.get().unwrap_or(f64::NAN);
        let n = l.digits(&s.grid.n.to_string());
        let mut line = format!("{n} × {n}: {} {} {}", l.t(T::GridTook), l.num(ms, 1), l.t(T::Milliseconds));
        if let Some([e1, e2]) = s.explained {
            line += &format!(
                " · PC1 {}, PC2 {} {}",
                l.digits(&format!("{:.1}%", e1 * 100.0)),
                l.digits(&format!("{:.1}%", e2 * 100.0)),
                l.t(T::ExplainedVariance)
            );
        }
        let (used, total) = s.examples;
        if used < total {
            line += &format!(" · {} {} {} {} {}", l.t(T::SurfaceOver), l.digits(&used.to_string()), l.t(T::Of), l.digits(&total.to_string()), l.t(T::TrainingExamples));
        }
        Some(line)
    };

    view! {
        <section class="panel surface" aria-labelledby="h-surface">
            <h2 id="h-surface">{t(T::PanelSurface)}</h2>
            <p class="help">{t(T::HelpSurface)}</p>
            <div class="surface-grid">
                <div class="surface-controls" hidden=move || settings.with(embed_hides_surface_controls)>
                    <div class="control" title=t(T::HelpSurfaceDirections)>
                        <label for="surf-dirs">{t(T::SurfaceDirections)}</label>
                        <select id="surf-dirs" aria-describedby="help-surf-dirs"
                            on:change=move |ev| {
                                if let Some(d) = SurfaceDir::from_name(&event_target_value(&ev)) {
                                    settings.update(|s| {
                                        s.put(keys::SURFACE, d);
                                    });
                                }
                            }>
                            {SurfaceDir::ALL.iter().map(|&(d, name, label)| view! {
                                <option value=name selected=move || settings.with(|s| s.page.surface) == d>{t(label)}</option>
                            }).collect_view()}
                        </select>
                        <span id="help-surf-dirs" class="sr-only">{t(T::HelpSurfaceDirections)}</span>
                    </div>
                    <div class="weights" hidden=move || settings.with(|s| s.page.surface) != SurfaceDir::Weights>
                        <p class="chosen" aria-live="polite">{move || format!("{}: ", lang.get().t(T::ChosenWeights))}<bdi dir="ltr">{chosen_names}</bdi></p>
                        <p class="help" id="help-surf-weights">{t(T::HelpChosenWeights)}</p>
                        {weight_select(0, T::FirstWeight)}
                        {weight_select(1, T::SecondWeight)}
                    </div>
                    <div class="control" title=t(T::HelpSurfaceGrid)>
                        <label for="surf-grid">{t(T::SurfaceGrid)}</label>
                        <input type="range" id="surf-grid" min=GRID_MIN max=MAX_GRID step="2" aria-describedby="help-surf-grid"
                            aria-valuetext=move || { let n = lang.get().digits(&grid().to_string()); format!("{n} × {n}") }
                            prop:value=move || grid().to_string()
                            on:change=move |ev| {
                                if let Ok(n) = event_target_value(&ev).parse::<usize>() {
                                    set_grid(n);
                                    restart();
                                }
                            }
                            on:input=move |ev| {
                                if let Ok(n) = event_target_value(&ev).parse::<usize>() { set_grid(n); }
                            } />
                        <span class="value" aria-hidden="true">{move || { let n = lang.get().digits(&grid().to_string()); format!("{n} × {n}") }}</span>
                        <span id="help-surf-grid" class="sr-only">{t(T::HelpSurfaceGrid)}</span>
                    </div>
                    <div class="control check" title=t(T::HelpSurfaceLive)>
                        <label for="surf-live">{t(T::SurfaceLive)}</label>
                        <input type="checkbox" id="surf-live" aria-describedby="help-surf-live" prop:checked=move || settings.with(|s| s.page.surface_live)
                            on:change=move |ev| settings.update(|s| {
                                s.put(keys::SURFACE_LIVE, event_target_checked(&ev));
                            }) />
                        <span id="help-surf-live" class="sr-only">{t(T::HelpSurfaceLive)}</span>
                    </div>
                    <div class="surface-actions">
                        <button on:click=move |_| start() title=t(T::HelpSurfaceRefresh)>{t(T::SurfaceRefresh)}</button>
                        <button class="small" on:click=cancel title=t(T::HelpSurfaceCancel) hidden=move || !sf.active.get()>{t(T::Cancel)}</button>
                    </div>
                    <ProgressBar progress=Signal::derive(move || sf.progress.get().filter(|_| sf.asked.get())) label=T::SurfaceComputing cancel=None />
                    <p class="surface-status" aria-live="polite">{status}</p>
                    {move || sf.problem.get().map(|p| view! { <p class="message error" role="alert">{problem_text(&p, lang.get())}</p> })}
                </div>
                <ContourCanvas />
                <View3dCanvas />
            </div>
        </section>
    }
}

/// The shown surface with the live path in place of the one it was computed with.
fn with_live_path(s: &Surface, path: Option<&(Vec<(f32, f32)>, Vec<usize>)>) -> Surface {
    let mut s = s.clone();
    if let Some((p, e)) = path {
        s.path = p.clone();
        s.path_epochs = e.clone();
    }
    s
}

#[component]
fn ContourCanvas() -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let settings = expect_context::<RwSignal<Settings>>();
    let sf = expect_context::<SurfaceSignals>();
    let lang = Signal::derive(move || settings.with(|s| s.page.lang));
    // The heatmap, contours, axes and colour bar are drawn once per surface into an offscreen
    // canvas; the growing path (up to 20 times a second while training) is drawn over a copy.
    let base: StoredValue<Option<HtmlCanvasElement>, LocalStorage> = StoredValue::new_local(
        document().create_element("canvas").ok().and_then(|e| wasm_bindgen::JsCast::dyn_into::<HtmlCanvasElement>(e).ok()).inspect(|c| {
            c.set_width(CONTOUR_SIZE.0);
            c.set_height(CONTOUR_SIZE.1);
        }),
    );
    let base_drawn = RwSignal::new(0u64);
    Effect::new(move |_| {
        let l = lang.get();
        let Some(b) = base.get_value() else { return };
        sf.surface.with(|s| match s {
            Some(s) => {
                let (a, bb) = sf.layout.with(|lay| surface_axis_labels(s, lay.as_ref(), l));
                draw_on(&b, |root, _| draw_surface_contour_base(root, s, (&a, &bb), l));
            }
            None => draw_on(&b, |root, _| {
                root.fill(&paper())?;
                let style = crate::plot::colors::font(14).into_font().color(&crate::plot::colors::ink()).pos(plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Center,
                    plotters::style::text_anchor::VPos::Center,
                ));
                root.draw(&Text::new(l.t(T::SurfaceEmpty), (CONTOUR_SIZE.0 as i32 / 2, CONTOUR_SIZE.1 as i32 / 2), style))
            }),
        });
        base_drawn.update(|g| *g += 1);
    });
    Effect::new(move |_| {
        base_drawn.track();
        let (Some(c), Some(b)) = (canvas.get(), base.get_value()) else { return };
        let Some(ctx) = c.get_context("2d").ok().flatten().and_then(|x| wasm_bindgen::JsCast::dyn_into::<web_sys::CanvasRenderingContext2d>(x).ok())
        else {
            return;
        };
        let _ = ctx.draw_image_with_html_canvas_element(&b, 0.0, 0.0);
        sf.surface.with_untracked(|s| {
            if let Some(s) = s {
                let shown = sf.path.with(|p| with_live_path(s, p.as_ref()));
                draw_on(&c, |root, _| draw_surface_path(root, &shown));
            } else {
                sf.path.track();
            }
        });
    });
    view! {
        <figure class="surface-contour">
            <figcaption>{move || lang.get().t(T::SurfaceContour)}<SavePng canvas name="surface-contour" title=T::SurfaceContour under=Signal::derive_local(move || base.get_value().into_iter().collect()) /></figcaption>
            <canvas dir="ltr" node_ref=canvas width=CONTOUR_SIZE.0 height=CONTOUR_SIZE.1 role="img"
                aria-label=move || format!("{}. {}", lang.get().t(T::SurfaceContour), lang.get().t(T::HelpSurfaceContour))></canvas>
            <p class="help">{move || lang.get().t(T::HelpSurfaceContour)}</p>
        </figure>
    }
}

#[component]
fn View3dCanvas() -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let settings = expect_context::<RwSignal<Settings>>();
    let sf = expect_context::<SurfaceSignals>();
    let lang = Signal::derive(move || settings.with(|s| s.page.lang));
    let angles = RwSignal::new((0.6f64, 0.45f64));
    // Drags are gathered and applied once per animation frame.
    let pending = StoredValue::new((0.0f64, 0.0f64));
    let frame = StoredValue::new(false);
    let turn = move |dyaw: f64, dpitch: f64| {
        angles.update(|(y, p)| {
            *y += dyaw;
            *p = (*p + dpitch).clamp(0.0, 1.45);
        });
    };
    let drag = move |dx: f64, dy: f64| {
        pending.update_value(|p| {
            p.0 += dx;
            p.1 += dy;
        });
        if !frame.get_value() {
            frame.set_value(true);
            request_animation_frame(move || {
                frame.set_value(false);
                let (dx, dy) = pending.get_value();
                pending.set_value((0.0, 0.0));
                turn(dx * DRAG_RAD, dy * DRAG_RAD);
            });
        }
    };
    Effect::new(move |_| {
        let Some(c) = canvas.get() else { return };
        let l = lang.get();
        let (yaw, pitch) = angles.get();
        sf.surface.with(|s| {
            if let Some(s) = s {
                let (a, b) = sf.layout.with(|lay| surface_axis_labels(s, lay.as_ref(), l));
                draw_on(&c, |root, _| draw_surface_3d(root, s, yaw, pitch, (&a, &b), l));
            } else {
                draw_on(&c, |root, _| root.fill(&paper()));
            }
        });
    });
    view! {
        <figure class="surface-3d">
            <figcaption>{move || lang.get().t(T::Surface3d)}<SavePng canvas name="surface-3d" title=T::Surface3d /></figcaption>
            <canvas dir="ltr" node_ref=canvas width=VIEW3D_SIZE.0 height=VIEW3D_SIZE.1 role="img" tabindex="0"
                aria-label=move || format!("{}. {}", lang.get().t(T::Surface3d), lang.get().t(T::HelpSurface3d))
                on:mousemove=move |ev: web_sys::MouseEvent| {
                    if ev.buttons() & 1 == 1 {
                        ev.prevent_default();
                        drag(ev.movement_x() as f64, ev.movement_y() as f64);
                    }
                }
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    let (dy, dp) = match ev.key().as_str() {
                        "ArrowLeft" => (-KEY_RAD, 0.0),
                        "ArrowRight" => (KEY_RAD, 0.0),
                        "ArrowUp" => (0.0, KEY_RAD),
                        "ArrowDown" => (0.0, -KEY_RAD),
                        _ => return,
                    };
                    ev.prevent_default();
                    turn(dy, dp);
                }></canvas>
            <p class="help">{move || lang.get().t(T::HelpSurface3d)}</p>
        </figure>
    }
}
