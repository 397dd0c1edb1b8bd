//! The optimizer race (function mode of issue 4): up to six optimizers walk down a
//! two-parameter test function from the same start. The worker computes the paths
//! (`Command::StartRace`); the page only animates them, one redraw per animation frame at most.
//!
//! Canvases are layered: the function's heatmap is drawn once per function and language on
//! the bottom canvas; the paths, start and gradient arrows on a transparent canvas on top,
//! through the [`PlotMap`] the heatmap's chart returned (also used for clicks). The loss chart
//! redraws with the paths; the 3-D view when rotated, and every few frames while animating.

use super::canvas::draw_on;
use super::controls::control;
use super::widgets::{SavePng, Which};
use super::Engine;
use crate::i18n::{Lang, T};
use crate::plot::race::racer_colour;
use crate::plot::{draw_race_3d, draw_race_field, draw_race_loss, draw_race_paths, PlotMap, RaceLine};
use crate::protocol::{Command, RacePath, Report};
use crate::settings::{keys, round_places, spec, Racer, Settings, StartPoint, MAX_RACERS, OPTIMIZERS, RACE_LR};
use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, KeyboardEvent, MouseEvent};

const FIELD_SIZE: (u32, u32) = (480, 400);
const SURFACE_SIZE: (u32, u32) = (400, 400);
const LOSS_SIZE: (u32, u32) = (480, 220);
/// While animating, the 3-D view (the costliest drawing) redraws every this many frames.
const SURFACE_EVERY: u32 = 10;
/// The speeds offered, in steps a second.
const SPEEDS: [u32; 5] = [10, 30, 60, 150, 400];

/// What the worker said about races; fed by `Runs::apply`.
#[derive(Clone, Copy)]
pub struct RaceInbox {
    /// (race, racers done, racers in all) while a race is computed.
    pub progress: RwSignal<Option<(u32, usize, usize)>>,
    /// The last finished race's paths.
    pub done: RwSignal<Option<(u32, Vec<RacePath>)>>,
}

impl RaceInbox {
    pub fn new() -> RaceInbox {
        RaceInbox { progress: RwSignal::new(None), done: RwSignal::new(None) }
    }

    /// Takes a race report; false for any other report.
    pub fn apply(&self, r: &Report) -> bool {
        match r {
            Report::RaceProgress { race, done, total } => {
                self.progress.set((done < total).then_some((*race, *done, *total)));
                true
            }
            Report::RaceDone { race, paths } => {
                self.progress.set(None);
                self.done.set(Some((*race, paths.clone())));
                true
            }
            _ => false,
        }
    }
}

impl Default for RaceInbox {
    fn default() -> Self {
        RaceInbox::new()
    }
}

/// The engine's part of the race settings: a new value means new paths.
#[derive(Clone, PartialEq)]
struct Request {
    function: crate::engine::functions::TestFunction,
    start: (f64, f64),
    racers: Vec<crate::engine::OptimizerConfig>,
    steps: usize,
}

fn request(s: &Settings) -> Request {
    Request { function: s.test_function(), start: s.race_start(), racers: s.page.race.0.iter().map(Racer::config).collect(), steps: s.page.race_len as usize }
}

fn now() -> f64 {
    window().performance().map(|p| p.now()).unwrap_or(0.0)
}

fn clear(canvas: &HtmlCanvasElement) {
    if let Ok(Some(ctx)) = canvas.get_context("2d") {
        if let Ok(ctx) = ctx.dyn_into::<CanvasRenderingContext2d>() {
            ctx.clear_rect(0.0, 0.0, canvas.width() as f64, canvas.height() as f64);
        }
    }
}

/// A mouse event's position in the canvas's own pixels (the canvas may be scaled by CSS).
fn canvas_pixel(canvas: &HtmlCanvasElement, ev: &MouseEvent) -> (i32, i32) {
    let rect = canvas.get_bounding_client_rect();
    let sx = canvas.width() as f64 / rect.width().max(1.0);
    let sy = canvas.height() as f64 / rect.height().max(1.0);
    (((ev.client_x() as f64 - rect.left()) * sx) as i32, ((ev.client_y() as f64 - rect.top()) * sy) as i32)
}

/// A coordinate for the URL: 3 decimals, no trailing zeros.
fn short(v: f64) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    if s == "-0" { "0".into() } else { s }
}

/// The animation's state (all `Copy`, so the frame callback can carry it).
#[derive(Clone, Copy)]
struct Anim {
    playing: RwSignal<bool>,
    /// The step the pictures show.
    shown: RwSignal<usize>,
    /// The last step of any path.
    last: Memo<usize>,
    speed: RwSignal<u32>,
    /// Fractional steps carried between frames.
    carry: StoredValue<f64>,
    /// Whether a frame callback is pending (so Play never starts two loops).
    looping: StoredValue<bool>,
}

impl Anim {
    fn play(self) {
        if self.shown.get_untracked() >= self.last.get_untracked() {
            self.shown.set(0);
        }
        self.playing.set(true);
        if !self.looping.get_value() {
            self.looping.set_value(true);
            self.carry.set_value(0.0);
            self.frame(None);
        }
    }

    /// One animation frame: advances `shown` by speed × elapsed time (so the walk does not
    /// depend on the frame rate); at most one redraw per frame follows from that one update.
    fn frame(self, before: Option<f64>) {
        request_animation_frame(move || {
            if !self.playing.get_untracked() {
                self.looping.set_value(false);
                return;
            }
            let t = now();
            let dt = before.map(|b| (t - b).clamp(0.0, 100.0)).unwrap_or(0.0);
            let steps = self.carry.get_value() + dt / 1000.0 * self.speed.get_untracked() as f64;
            let whole = steps.floor();
            self.carry.set_value(steps - whole);
            let last = self.last.get_untracked();
            if whole >= 1.0 {
                let next = (self.shown.get_untracked() + whole as usize).min(last);
                self.shown.set(next);
            }
            if self.shown.get_untracked() >= last {
                self.playing.set(false);
                self.looping.set_value(false);
                return;
            }
            self.frame(Some(t));
        });
    }
}

#[component]
pub fn RacePanel() -> impl IntoView {
    let settings = expect_context::<RwSignal<Settings>>();
    let engine = expect_context::<Engine>();
    let inbox = expect_context::<RaceInbox>();
    let lang = Memo::new(move |_| settings.with(|s| s.page.lang));
    let t = move |k: T| move || lang.get().t(k);

    // The current race: its number and its paths once the worker has sent them.
    let race_id = StoredValue::new(0u32);
    let paths: RwSignal<Vec<RacePath>> = RwSignal::new(vec![]);
    let play_when_done = StoredValue::new(false);
    let last = Memo::new(move |_| paths.with(|p| p.iter().filter_map(|p| p.points.last().map(|q| q.step)).max().unwrap_or(0)));
    let anim = Anim {
        playing: RwSignal::new(false),
        shown: RwSignal::new(0),
        last,
        speed: RwSignal::new(if super::look::reduced_motion() { 30 } else { 60 }),
        carry: StoredValue::new(0.0),
        looping: StoredValue::new(false),
    };
    let show_gradient = RwSignal::new(false);
    let yaw = RwSignal::new(0.7f64);
    let pitch = RwSignal::new(0.45f64);

    // Settings → worker: new paths whenever the function, start, racers or steps change. The
    // first race (on load) waits for Race; later ones (the user changed something) play.
    Effect::new(move |prev: Option<Request>| {
        let req = settings.with(request);
        if prev.as_ref() != Some(&req) {
            let id = race_id.get_value().wrapping_add(1);
            race_id.set_value(id);
            play_when_done.set_value(prev.is_some());
            anim.playing.set(false);
            anim.shown.set(0);
            paths.set(vec![]);
            engine.send(Command::StartRace { race: id, function: req.function, start: req.start, racers: req.racers.clone(), steps: req.steps });
        }
        req
    });
    // Worker → paths (answers to older races are dropped).
    Effect::new(move |_| {
        inbox.done.with(|d| {
            if let Some((id, p)) = d {
                if *id == race_id.get_value() {
                    paths.set(p.clone());
                    anim.shown.set(0);
                    if play_when_done.get_value() {
                        anim.play();
                    }
                }
            }
        });
    });
    let computing = move || inbox.progress.with(|p| p.is_some_and(|(id, _, _)| id == race_id.get_value()));

    // The static layer, and the map for the moving layer and clicks.
    let field = NodeRef::<Canvas>::new();
    let moving = NodeRef::<Canvas>::new();
    let surface = NodeRef::<Canvas>::new();
    let loss = NodeRef::<Canvas>::new();
    let map: StoredValue<Option<PlotMap>> = StoredValue::new(None);
    let field_version = RwSignal::new(0u32);
    let function = Memo::new(move |_| settings.with(|s| s.test_function()));
    Effect::new(move |_| {
        let Some(c) = field.get() else { return };
        let (f, l) = (function.get(), lang.get());
        draw_on(&c, |root, _| {
            let m = draw_race_field(root, &f, l)?;
            map.set_value(Some(m));
            Ok(())
        });
        field_version.update(|v| *v += 1);
    });
    let start = Memo::new(move |_| settings.with(|s| s.race_start()));
    // The moving layer and the loss chart: once per change of the shown step (≤ once a frame).
    Effect::new(move |_| {
        field_version.track();
        let (Some(c), Some(lc)) = (moving.get(), loss.get()) else { return };
        let (step, grad, f, s0, l) = (anim.shown.get(), show_gradient.get(), function.get(), start.get(), lang.get());
        let steps = settings.with_untracked(|s| s.page.race_len as usize);
        paths.with(|ps| {
            let lines: Vec<RaceLine> = ps.iter().enumerate().map(|(i, p)| RaceLine { colour: i, points: &p.points }).collect();
            clear(&c);
            map.with_value(|m| {
                if let Some(m) = m {
                    draw_on(&c, |root, _| draw_race_paths(root, m, &f, s0, &lines, step, grad));
                }
            });
            draw_on(&lc, |root, _| draw_race_loss(root, &lines, step, steps, l));
        });
    });
    // The 3-D view: on rotation at once; while animating, every SURFACE_EVERY frames.
    let frames = StoredValue::new(0u32);
    Effect::new(move |_| {
        let Some(c) = surface.get() else { return };
        let (step, playing) = (anim.shown.get(), anim.playing.get());
        let (y, p, f, l) = (yaw.get(), pitch.get(), function.get(), lang.get());
        frames.update_value(|n| *n = n.wrapping_add(1));
        if playing && frames.get_value() % SURFACE_EVERY != 0 && step < anim.last.get_untracked() {
            return;
        }
        paths.with(|ps| {
            let lines: Vec<RaceLine> = ps.iter().enumerate().map(|(i, p)| RaceLine { colour: i, points: &p.points }).collect();
            draw_on(&c, |root, _| draw_race_3d(root, &f, &lines, step, y, p, l));
        });
    });

    // Clicks and arrow keys on the map set the start.
    let set_start = move |x: f64, y: f64| {
        settings.update(|s| {
            s.put(keys::FUNC_START, StartPoint(Some((round_places(x, 3), round_places(y, 3)))));
        });
    };
    let on_click = move |ev: MouseEvent| {
        let Some(c) = moving.get() else { return };
        let px = canvas_pixel(&c, &ev);
        if let Some((x, y)) = map.with_value(|m| m.as_ref().and_then(|m| m.from_pixel(px))) {
            set_start(x, y);
        }
    };
    let on_map_key = move |ev: KeyboardEvent| {
        let ((x0, x1), (y0, y1)) = function.get_untracked().domain();
        let (dx, dy) = ((x1 - x0) / 40.0, (y1 - y0) / 40.0);
        let (x, y) = start.get_untracked();
        let to = match ev.key().as_str() {
            "ArrowLeft" => (x - dx, y),
            "ArrowRight" => (x + dx, y),
            "ArrowUp" => (x, y + dy),
            "ArrowDown" => (x, y - dy),
            _ => return,
        };
        ev.prevent_default();
        set_start(to.0.clamp(x0, x1), to.1.clamp(y0, y1));
    };
    // Dragging and arrow keys rotate the 3-D view.
    let drag: StoredValue<Option<(i32, i32)>> = StoredValue::new(None);
    let rotate = move |dyaw: f64, dpitch: f64| {
        yaw.update(|v| *v += dyaw);
        pitch.update(|v| *v = (*v + dpitch).clamp(-1.5, 1.5));
    };
    let on_down = move |ev: MouseEvent| drag.set_value(Some((ev.client_x(), ev.client_y())));
    let on_move = move |ev: MouseEvent| {
        if let Some((x, y)) = drag.get_value() {
            if ev.buttons() & 1 == 0 {
                drag.set_value(None);
                return;
            }
            drag.set_value(Some((ev.client_x(), ev.client_y())));
            rotate((ev.client_x() - x) as f64 * 0.01, (ev.client_y() - y) as f64 * 0.01);
        }
    };
    let on_up = move |_: MouseEvent| drag.set_value(None);
    let on_surface_key = move |ev: KeyboardEvent| {
        match ev.key().as_str() {
            "ArrowLeft" => rotate(-0.1, 0.0),
            "ArrowRight" => rotate(0.1, 0.0),
            "ArrowUp" => rotate(0.0, -0.1),
            "ArrowDown" => rotate(0.0, 0.1),
            _ => return,
        }
        ev.prevent_default();
    };

    let label = move |k: T| move || format!("{}. {}", lang.get().t(k), lang.get().t(match k {
        T::RaceContourTitle => T::HelpRaceContour,
        T::Race3dTitle => T::HelpRace3d,
        _ => T::HelpRaceLoss,
    }));
    let key_control = |key: &'static str| spec(key).map(|s| control(s, Which::A));
    // A typed coordinate; out of range or not a number: the current start shows again.
    let on_start_input = move |axis: usize, ev: leptos::ev::Event| {
        let (x, y) = start.get_untracked();
        let mut ok = false;
        if let Ok(v) = event_target_value(&ev).trim().parse::<f64>() {
            let (x, y) = if axis == 0 { (v, y) } else { (x, v) };
            settings.update(|s| ok = s.put(keys::FUNC_START, StartPoint(Some((round_places(x, 3), round_places(y, 3))))));
        }
        if !ok {
            event_target::<web_sys::HtmlInputElement>(&ev).set_value(&short(if axis == 0 { x } else { y }));
        }
    };

    view! {
        <section class="panel race">
            <h2 id="h-race">{t(T::PanelRace)}</h2>
            <p class="help">{t(T::HelpRace)}</p>
            <div class="race-grid">
                <div class="race-controls">
                    {key_control(keys::FUNC.name)}
                    {key_control(keys::FUNC_K.name)}
                    {key_control(keys::FUNC_ROT.name)}
                    <fieldset class="race-start" title=t(T::HelpRaceStart)>
                        <legend>{t(T::RaceStart)}</legend>
                        <label>{t(T::RaceStartX)}
                            <input type="number" step="0.1" min="-10" max="10" aria-describedby="help-race-start"
                                prop:value=move || short(start.get().0)
                                on:change=move |ev| on_start_input(0, ev) />
                        </label>
                        <label>{t(T::RaceStartY)}
                            <input type="number" step="0.1" min="-10" max="10" aria-describedby="help-race-start"
                                prop:value=move || short(start.get().1)
                                on:change=move |ev| on_start_input(1, ev) />
                        </label>
                        <span id="help-race-start" class="sr-only">{t(T::HelpRaceStart)}</span>
                    </fieldset>
                    <RacerEditor lang />
                    {key_control(keys::RACE_LEN.name)}
                    <div class="transport race-transport">
                        <button class="primary" title=t(T::HelpRaceGo) aria-pressed=move || anim.playing.get().to_string()
                            disabled=move || paths.with(|p| p.is_empty())
                            on:click=move |_| anim.play()>{t(T::RaceGo)}</button>
                        <button title=t(T::HelpRaceHold) on:click=move |_| anim.playing.set(false)>{t(T::RaceHold)}</button>
                        <button title=t(T::HelpRaceRewind) on:click=move |_| { anim.playing.set(false); anim.shown.set(0); }>{t(T::RaceRewind)}</button>
                    </div>
                    <div class="control" title=t(T::HelpRaceSpeed)>
                        <label for="race-speed">{t(T::RaceSpeed)}</label>
                        <select id="race-speed" aria-describedby="help-race-speed"
                            on:change=move |ev| { if let Ok(v) = event_target_value(&ev).parse() { anim.speed.set(v) } }>
                            {SPEEDS.iter().map(|&v| view! {
                                <option value=v.to_string() selected=move || anim.speed.get() == v>{move || lang.get().digits(&v.to_string())}</option>
                            }).collect_view()}
                        </select>
                        <span id="help-race-speed" class="sr-only">{t(T::HelpRaceSpeed)}</span>
                    </div>
                    <div class="control" title=t(T::HelpRaceShownStep)>
                        <label for="race-shown">{t(T::RaceShownStep)}</label>
                        <input type="range" id="race-shown" min="0" max=move || last.get().to_string() step="1"
                            aria-describedby="help-race-shown"
                            aria-valuetext=move || lang.get().digits(&anim.shown.get().to_string())
                            prop:value=move || anim.shown.get().to_string()
                            on:input=move |ev| {
                                if let Ok(v) = event_target_value(&ev).parse::<usize>() {
                                    anim.playing.set(false);
                                    anim.shown.set(v.min(last.get_untracked()));
                                }
                            } />
                        <span class="value" aria-hidden="true">{move || {
                            let l = lang.get();
                            format!("{} {} {}", l.digits(&anim.shown.get().to_string()), l.t(T::RaceStepOf), l.digits(&last.get().to_string()))
                        }}</span>
                        <span id="help-race-shown" class="sr-only">{t(T::HelpRaceShownStep)}</span>
                    </div>
                    <div class="control check" title=t(T::HelpShowGradient)>
                        <label for="race-gradient">{t(T::ShowGradient)}</label>
                        <input type="checkbox" id="race-gradient" aria-describedby="help-race-gradient"
                            prop:checked=move || show_gradient.get()
                            on:change=move |ev| show_gradient.set(event_target_checked(&ev)) />
                        <span id="help-race-gradient" class="sr-only">{t(T::HelpShowGradient)}</span>
                    </div>
                </div>
                <div class="race-figures">
                    <figure class="race-field">
                        <figcaption>{t(T::RaceContourTitle)}<SavePng canvas=moving name="race-map" title=T::RaceContourTitle under=Signal::derive_local(move || field.get().into_iter().map(|c| -> web_sys::HtmlCanvasElement { c }).collect()) /></figcaption>
                        <div class="layers" dir="ltr">
                            <canvas node_ref=field width=FIELD_SIZE.0 height=FIELD_SIZE.1 aria-hidden="true"></canvas>
                            <canvas class="top-layer" node_ref=moving width=FIELD_SIZE.0 height=FIELD_SIZE.1 role="img" tabindex="0"
                                aria-label=label(T::RaceContourTitle)
                                on:click=on_click on:keydown=on_map_key></canvas>
                        </div>
                        <p class="help">{t(T::HelpRaceContour)}</p>
                    </figure>
                    <figure class="race-3d">
                        <figcaption>{t(T::Race3dTitle)}<SavePng canvas=surface name="race-3d" title=T::Race3dTitle /></figcaption>
                        <canvas dir="ltr" node_ref=surface width=SURFACE_SIZE.0 height=SURFACE_SIZE.1 role="img" tabindex="0"
                            aria-label=label(T::Race3dTitle)
                            on:mousedown=on_down on:mousemove=on_move on:mouseup=on_up on:mouseleave=on_up
                            on:keydown=on_surface_key></canvas>
                        <p class="help">{t(T::HelpRace3d)}</p>
                    </figure>
                    <div class="race-side">
                        <p class="message info" hidden=move || !computing() aria-live="polite">{t(T::RaceComputing)}</p>
                        <RaceLegend lang paths shown=anim.shown />
                        <figure class="race-loss">
                            <figcaption>{t(T::RaceLossTitle)}<SavePng canvas=loss name="race-loss" title=T::RaceLossTitle /></figcaption>
                            <canvas dir="ltr" node_ref=loss width=LOSS_SIZE.0 height=LOSS_SIZE.1 role="img" aria-label=label(T::RaceLossTitle)></canvas>
                            <p class="help">{t(T::HelpRaceLoss)}</p>
                        </figure>
                    </div>
                </div>
            </div>
        </section>
    }
}

/// The legend: each racer's colour, optimizer and rate, and where it is now: its loss at the
/// shown step, or that it diverged (and when) or could not run.
#[component]
fn RaceLegend(lang: Memo<Lang>, paths: RwSignal<Vec<RacePath>>, shown: RwSignal<usize>) -> impl IntoView {
    let settings = expect_context::<RwSignal<Settings>>();
    let entries = move || {
        let l = lang.get();
        let step = shown.get();
        let racers = settings.with(|s| s.page.race.0.clone());
        paths.with(|ps| {
            racers
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let c = racer_colour(i);
                    let name = format!("{} · {} {}", l.t(optimizer_label(r)), l.t(T::RacerRate), l.digits(&format!("{}", r.lr)));
                    let (state, bad) = match ps.get(i) {
                        None => (String::new(), false),
                        Some(p) => match &p.error {
                            Some(e) => (format!("{} {}", l.t(T::RaceCouldNotRun), crate::i18n::problem_text(e, l)), true),
                            None => {
                                let at = p.points.iter().take_while(|q| q.step <= step).last();
                                let div = p.diverged && p.points.last().is_some_and(|q| q.step <= step);
                                if div {
                                    let s = p.points.last().map(|q| q.step).unwrap_or(0);
                                    (format!("{} {}: {}", l.t(T::RaceDivergedAt), l.digits(&s.to_string()), l.t(T::RaceDivergedHint)), true)
                                } else {
                                    let text = at
                                        .map(|q| format!("{} {} · {} {}", l.t(T::RaceLossAt), l.digits(&loss_text(q.loss)), l.t(T::StepAxis), l.digits(&q.step.to_string())))
                                        .unwrap_or_default();
                                    (text, false)
                                }
                            }
                        },
                    };
                    view! {
                        <li class:bad=bad>
                            <span class="swatch" aria-hidden="true" style:background=format!("rgb({}, {}, {})", c.0, c.1, c.2)></span>
                            <span class="name">{name}</span>
                            <span class="state" role=bad.then_some("alert")>{state}</span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <ul class="race-legend" aria-label=move || lang.get().t(T::RaceLegend)>{entries}</ul>
    }
}

/// A loss for the legend: 4 decimals, or 3 significant digits in scientific form when tiny
/// or huge (a racer near a minimum at 0 should not read "0.0000").
fn loss_text(v: f64) -> String {
    let a = v.abs();
    if a != 0.0 && !(1e-3..1e6).contains(&a) { format!("{v:.2e}") } else { format!("{v:.4}") }
}

fn optimizer_label(r: &Racer) -> T {
    crate::settings::Named::label(r.kind)
}

/// The racers, one row each: optimizer, learning rate, key hyperparameter, remove; and a
/// button to add one (at most six). Every edit goes through the settings table (`race`).
#[component]
fn RacerEditor(lang: Memo<Lang>) -> impl IntoView {
    let settings = expect_context::<RwSignal<Settings>>();
    let t = move |k: T| move || lang.get().t(k);
    let racers = Memo::new(move |_| settings.with(|s| s.page.race.0.clone()));
    // Applies an edit through the table; an invalid result (e.g. a rate out of range) is
    // refused and the controls show the current racers again.
    let edit = move |f: Box<dyn FnOnce(&mut Vec<Racer>)>| {
        let mut list = racers.get_untracked();
        f(&mut list);
        settings.update(|s| {
            s.put(keys::RACE, crate::settings::Racers(list));
        });
    };
    let rows = move || {
        let l = lang.get();
        racers
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                let c = racer_colour(i);
                let n = l.digits(&(i + 1).to_string());
                let who = format!("{} {n}", l.t(T::RacerN));
                let key = Racer::key_param(r.kind);
                view! {
                    <li class="racer">
                        <span class="swatch" aria-hidden="true" style:background=format!("rgb({}, {}, {})", c.0, c.1, c.2)></span>
                        <select aria-label=format!("{who}: {}", l.t(T::RacerOptimizer)) title=l.t(T::HelpOptimizer)
                            on:change=move |ev| {
                                if let Some(k) = crate::engine::OptimizerKind::from_name(&event_target_value(&ev)) {
                                    edit(Box::new(move |v| v[i] = Racer::new(k)));
                                }
                            }>
                            {OPTIMIZERS.iter().map(|&(name, label)| view! {
                                <option value=name selected=name == r.kind.name()>{l.t(label)}</option>
                            }).collect_view()}
                        </select>
                        <input type="number" class="rate" min=RACE_LR.0 max=RACE_LR.1 step="any"
                            aria-label=format!("{who}: {}", l.t(T::RacerRate)) title=l.t(T::HelpRacerRate)
                            prop:value=format!("{}", r.lr)
                            on:change=move |ev| {
                                let raw = event_target_value(&ev);
                                match raw.trim().parse::<f64>() {
                                    Ok(v) if v.is_finite() && (RACE_LR.0..=RACE_LR.1).contains(&v) => edit(Box::new(move |list| list[i].lr = v)),
                                    _ => event_target::<web_sys::HtmlInputElement>(&ev).set_value(&format!("{}", r.lr)),
                                }
                            } />
                        {key.map(|k| view! {
                            <input type="number" class="param" min=k.min max=k.max step="0.01"
                                aria-label=format!("{who}: {}", l.t(k.label)) title=format!("{}: {}", l.t(k.label), l.t(k.help))
                                prop:value=format!("{}", r.param.unwrap_or(k.default))
                                on:change=move |ev| {
                                    let raw = event_target_value(&ev);
                                    match raw.trim().parse::<f64>() {
                                        Ok(v) if v.is_finite() && (k.min..=k.max).contains(&v) => edit(Box::new(move |list| list[i].param = Some(v))),
                                        _ => event_target::<web_sys::HtmlInputElement>(&ev).set_value(&format!("{}", r.param.unwrap_or(k.default))),
                                    }
                                } />
                        })}
                        <button class="small" aria-label=format!("{} {n}", l.t(T::RemoveRacer)) title=format!("{} {n}", l.t(T::RemoveRacer))
                            disabled=move || racers.with(|r| r.len() <= 1)
                            on:click=move |_| edit(Box::new(move |v| { v.remove(i); }))>"×"</button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <fieldset class="racers" title=t(T::HelpRacers)>
            <legend>{t(T::Racers)}</legend>
            <ul class="racer-list">{rows}</ul>
            <button title=t(T::HelpAddRacer) disabled=move || racers.with(|r| r.len() >= MAX_RACERS)
                on:click=move |_| edit(Box::new(|v| {
                    // The next optimizer not yet racing, else another Adam.
                    let k = crate::engine::OptimizerKind::ALL.into_iter().find(|k| !v.iter().any(|r| r.kind == *k)).unwrap_or(crate::engine::OptimizerKind::Adam);
                    v.push(Racer::new(k));
                }))>{t(T::AddRacer)}</button>
        </fieldset>
    }
}
