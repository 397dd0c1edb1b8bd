//! The classroom (issue 16): the lesson menu, a lesson's text and its claim check, and the
//! link from an embedded lesson to the full playground. The postMessage API is `embed.rs`.

use super::widgets::use_lang;
use super::Engine;
use crate::engine::claim::{Figure, Measure};
use crate::engine::Problem;
use crate::i18n::{Lang, T};
use crate::lessons::{lesson, neighbours, LessonKey, LESSONS};
use crate::protocol::{Command, Report};
use crate::settings::{Named, Settings, TABLE};
use leptos::prelude::*;

/// What the worker said about the claim check; fed by `Runs::apply`.
#[derive(Clone, Copy)]
pub struct ClaimInbox {
    /// The check the page asked for last (reports of older ones are dropped), and its lesson.
    pub claim: RwSignal<u32>,
    pub lesson: RwSignal<LessonKey>,
    /// (epochs done, epochs in all) while it runs.
    pub progress: RwSignal<Option<(usize, usize)>>,
    pub figures: RwSignal<Vec<Figure>>,
    /// Finished: whether it was cancelled.
    pub done: RwSignal<Option<bool>>,
    pub failed: RwSignal<Option<Problem>>,
}

impl ClaimInbox {
    pub fn new() -> ClaimInbox {
        ClaimInbox {
            claim: RwSignal::new(0),
            lesson: RwSignal::new(LessonKey::None),
            progress: RwSignal::new(None),
            figures: RwSignal::new(vec![]),
            done: RwSignal::new(None),
            failed: RwSignal::new(None),
        }
    }

    /// Takes a claim report; false for any other report.
    pub fn apply(&self, r: &Report) -> bool {
        let current = |c: &u32| *c == self.claim.get_untracked();
        match r {
            Report::ClaimProgress { claim, done, total, figures } => {
                if current(claim) {
                    self.progress.set(Some((*done, *total)));
                    self.figures.set(figures.clone());
                }
                true
            }
            Report::ClaimDone { claim, figures, cancelled } => {
                if current(claim) {
                    self.progress.set(None);
                    self.figures.set(figures.clone());
                    self.done.set(Some(*cancelled));
                }
                true
            }
            Report::ClaimFailed { claim, problem } => {
                if current(claim) {
                    self.progress.set(None);
                    self.failed.set(Some(problem.clone()));
                }
                true
            }
            _ => false,
        }
    }

    fn clear(&self) {
        self.progress.set(None);
        self.figures.set(vec![]);
        self.done.set(None);
        self.failed.set(None);
    }
}

impl Default for ClaimInbox {
    fn default() -> Self {
        ClaimInbox::new()
    }
}

/// The settings a lesson starts from, keeping the language and how the page is embedded
/// (the classroom's keys): what choosing a lesson in the menu and "Reset lesson" give.
pub fn lesson_settings(key: LessonKey, now: &Settings) -> Settings {
    let mut hash = format!("lesson={}&lang={}", key.name(), now.page.lang.code());
    for spec in TABLE.iter().filter(|s| s.group == crate::settings::Group::Classroom && s.key != "lesson" && (s.relevant)(now)) {
        hash += &format!("&{}={}", spec.key, (spec.get)(now));
    }
    Settings::from_hash(&hash).0
}

/// "Slide 5 · Standardization".
fn menu_label(l: Lang, slide: u8, title: T) -> String {
    format!("{} {} · {}", l.t(T::Slide), l.num(slide as f64, 0), l.t(title))
}

/// The lesson menu: by slide number and title, and the free playground.
#[component]
pub fn LessonMenu() -> impl IntoView {
    let (settings, lang) = use_lang();
    let current = move || settings.with(|s| s.page.lesson.name());
    let choose = move |ev| {
        let key = LessonKey::from_name(&event_target_value(&ev)).unwrap_or_default();
        settings.update(|s| *s = lesson_settings(key, s));
    };
    view! {
        <div class="lesson-menu control">
            <label for="lesson-menu">{move || lang.get().t(T::LessonMenu)}</label>
            <select id="lesson-menu" title=move || lang.get().t(T::HelpLessonMenu) on:change=choose prop:value=current>
                <option value="none" selected=move || current() == "none">{move || lang.get().t(T::LessonNone)}</option>
                {LESSONS.iter().map(|l| {
                    let name = l.key.name();
                    view! { <option value=name selected=move || current() == name>{move || menu_label(lang.get(), l.slide, l.title)}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// A figure in words: a percentage, a loss, a number of epochs, or why there is none.
fn figure_text(l: Lang, m: Measure, f: Figure) -> String {
    match f {
        Figure::Never => l.t(T::FigureNever).into(),
        Figure::Diverged => l.t(T::FigureDiverged).into(),
        Figure::Value(v) => match m {
            Measure::TestAcc => l.digits(&format!("{:.1}%", v * 100.0)),
            Measure::TrainLoss | Measure::LossGap => l.num(v, 3),
            Measure::EpochsTo { .. } => format!("{} {}", l.num(v, 0), l.t(T::Epochs)),
        },
    }
}

/// What is measured, in words.
fn measure_text(l: Lang, m: Measure) -> String {
    match m {
        Measure::TestAcc => l.t(T::MeasureTestAcc).into(),
        Measure::TrainLoss => l.t(T::MeasureTrainLoss).into(),
        Measure::LossGap => l.t(T::MeasureGap).into(),
        Measure::EpochsTo { train_loss } => format!("{} {}", l.t(T::EpochsToLoss), l.num(train_loss as f64, 1)),
    }
}

/// The open lesson beside its panels: title, text, the claim and its check, reset,
/// previous/next, and the way back to every panel.
#[component]
pub fn LessonBox() -> impl IntoView {
    let (settings, lang) = use_lang();
    let engine = expect_context::<Engine>();
    let inbox = expect_context::<ClaimInbox>();
    let key = Memo::new(move |_| settings.with(|s| s.page.lesson));
    // Another lesson: the last check's figures belong to the old one.
    Effect::new(move |prev: Option<LessonKey>| {
        let k = key.get();
        if prev.is_some_and(|p| p != k) {
            if inbox.progress.get_untracked().is_some() {
                engine.send(Command::CancelClaim);
            }
            inbox.clear();
        }
        k
    });
    let go = move |k: LessonKey| settings.update(|s| *s = lesson_settings(k, s));
    let check = move |_| {
        let Some(c) = lesson(key.get_untracked()).and_then(|l| l.claim.as_ref()) else { return };
        inbox.clear();
        inbox.claim.update(|n| *n += 1);
        inbox.lesson.set(key.get_untracked());
        inbox.progress.set(Some((0, c.trials.iter().map(|t| t.2).sum())));
        engine.send(Command::StartClaim { claim: inbox.claim.get_untracked(), trials: c.trials(), measure: c.measure });
    };
    let cancel = move |_| engine.send(Command::CancelClaim);
    move || {
        let l = lang.get();
        let lesson = lesson(key.get())?;
        let (prev, next) = neighbours(lesson.key);
        let claim = match &lesson.claim {
            None => view! { <p class="claim">{l.t(T::ClaimLab)}</p> }.into_any(),
            Some(c) => {
                let measure = c.measure;
                let rows = move || {
                    let l = lang.get();
                    let figures = inbox.figures.get();
                    c.trials
                        .iter()
                        .zip(figures.iter())
                        .map(|((label, _, _), f)| view! { <li>{format!("{}: {}", l.t(*label), figure_text(l, measure, *f))}</li> })
                        .collect_view()
                };
                let verdict = move || {
                    let l = lang.get();
                    if let Some(p) = inbox.failed.get() {
                        return Some(view! { <p class="message error" role="alert">{crate::i18n::problem_text(&p, l)}</p> }.into_any());
                    }
                    match inbox.done.get()? {
                        true => Some(view! { <p class="verdict">{l.t(T::ClaimCancelled)}</p> }.into_any()),
                        false => {
                            let holds = c.check(&inbox.figures.get());
                            let (text, class) = if holds { (T::ClaimHolds, "verdict holds") } else { (T::ClaimFails, "verdict fails") };
                            Some(view! { <p class=class role="status">{l.t(text)}</p> }.into_any())
                        }
                    }
                };
                let running = move || inbox.progress.get().is_some();
                view! {
                    <div class="claim">
                        <h3>{l.t(T::TheClaim)}</h3>
                        <p>{l.t(c.statement)}</p>
                        <p class="help">{format!("{}: {}", l.t(T::MeasureLabel), measure_text(l, measure))}</p>
                        <div class="buttons">
                            <button on:click=check title=l.t(T::HelpCheckClaim) disabled=running>{l.t(T::CheckClaim)}</button>
                            <button class="small" on:click=cancel hidden=move || !running()>{l.t(T::Cancel)}</button>
                        </div>
                        {move || inbox.progress.get().map(|(done, total)| view! {
                            <p class="progress-line">
                                <progress max=total.to_string() value=done.to_string() aria-label=move || lang.get().t(T::ClaimRunning)></progress>
                                " " {move || lang.get().t(T::ClaimRunning)}
                            </p>
                        })}
                        <ul class="figures">{rows}</ul>
                        {verdict}
                    </div>
                }
                .into_any()
            }
        };
        Some(view! {
            <aside class="panel lesson" aria-labelledby="h-lesson">
                <p class="slide">{format!("{} {}", l.t(T::Slide), l.num(lesson.slide as f64, 0))}</p>
                <h2 id="h-lesson">{l.t(lesson.title)}</h2>
                <p class="lesson-text">{l.t(lesson.text)}</p>
                <ControlStrip />
                {claim}
                <div class="buttons lesson-nav">
                    <button on:click=move |_| go(lesson.key) title=l.t(T::HelpResetLesson)>{l.t(T::ResetLesson)}</button>
                    // Arrows point the way the text reads.
                    {prev.map(|p| view! { <button on:click=move |_| go(p.key) title=l.t(p.title)>{format!("{} {}", if l.dir() == "rtl" { '→' } else { '←' }, l.t(T::PreviousLesson))}</button> })}
                    {next.map(|n| view! { <button on:click=move |_| go(n.key) title=l.t(n.title)>{format!("{} {}", l.t(T::NextLesson), if l.dir() == "rtl" { '←' } else { '→' })}</button> })}
                    <button class="small" on:click=move |_| settings.update(|s| { s.page.lesson = LessonKey::None; s.page.panels.0.clear(); })
                        title=l.t(T::HelpCloseLesson)>{l.t(T::CloseLesson)}</button>
                </div>
            </aside>
        })
    }
}

/// The controls a lesson or an embedding lists that none of its panels holds.
#[component]
pub fn ControlStrip() -> impl IntoView {
    let (settings, _) = use_lang();
    let keys = Memo::new(move |_| settings.with(crate::lessons::strip_controls));
    move || {
        let k = keys.get();
        (!k.is_empty()).then(|| {
            view! {
                <div class="control-strip">
                    {k.into_iter().filter_map(crate::settings::spec).map(|sp| super::controls::control(sp, super::widgets::Which::A)).collect_view()}
                </div>
            }
        })
    }
}

/// Embed mode's way out: the same state in the full playground, in a new tab.
#[component]
pub fn OpenFull() -> impl IntoView {
    let (settings, lang) = use_lang();
    let href = move || {
        let mut s = settings.get();
        s.page.embed = false;
        s.page.panels.0.clear();
        s.page.controls.0.clear();
        s.page.autoplay = false;
        s.page.parent_origin.0.clear();
        format!("./index.html#{}", s.to_hash())
    };
    view! {
        <a class="open-full" href=href target="_blank" rel="noopener">{move || lang.get().t(T::OpenFull)}</a>
    }
}
