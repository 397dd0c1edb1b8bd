//! The embedding API on the page (issue 16; messages in `crate::embed_api`): commands are
//! taken only from `window.parent`, and only from the `parent_origin` origins when that key
//! is set; events go to the `parent_origin` origins only (none without it). Anything else is
//! counted and ignored, never thrown.

use super::{Engine, RunState, Runs, Status};
use crate::embed_api::{event_json, parse, value_text, Command as HostCommand, Event};
use crate::protocol::Command;
use crate::settings::{spec, Problem, Settings};
use leptos::prelude::*;
use std::cell::Cell;

thread_local! {
    /// Messages ignored (wrong sender or origin, malformed): the browser tests read it.
    static IGNORED: Cell<u32> = const { Cell::new(0) };
}

/// The browser tests' hook (`window.wasmBindings.descent_ignored_messages()`).
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn descent_ignored_messages() -> u32 {
    IGNORED.with(Cell::get)
}

fn ignore() {
    IGNORED.with(|c| c.set(c.get() + 1));
}

/// Posts an event to each allowed origin of the parent (none when `parent_origin` is empty).
fn post(settings: RwSignal<Settings>, e: &Event) {
    let origins = settings.with_untracked(|s| s.page.parent_origin.0.clone());
    if origins.is_empty() {
        return;
    }
    let Ok(Some(parent)) = window().parent() else { return };
    let Ok(data) = js_sys::JSON::parse(&event_json(e)) else { return };
    for o in origins {
        let _ = parent.post_message(&data, &o);
    }
}

/// Sets one setting as a link would, with the same notice for a bad key or value.
fn set(settings: RwSignal<Settings>, problems: RwSignal<Vec<Problem>>, key: &str, value: &str) {
    let mut refused = None;
    settings.update(|s| match spec(key) {
        Some(sp) if !s.set(sp.key, value) => refused = Some(Problem::BadValue { key: sp.key, value: value.into(), using: (sp.get)(s) }),
        Some(_) => {}
        None => refused = Some(Problem::UnknownKey { key: key.into() }),
    });
    if let Some(p) = refused {
        problems.update(|list| list.push(p));
    }
}

/// Listens for the host's commands and sends it the events.
pub fn install(settings: RwSignal<Settings>, problems: RwSignal<Vec<Problem>>, runs: Runs, engine: Engine) {
    let run: RunState = runs.a;
    let _ = window_event_listener(leptos::ev::message, move |ev: web_sys::MessageEvent| {
        let from_parent = match (ev.source(), window().parent()) {
            (Some(source), Ok(Some(parent))) => js_sys::Object::is(&source, parent.as_ref()),
            _ => false,
        };
        let origin_ok = settings.with_untracked(|s| s.page.parent_origin.0.is_empty() || s.page.parent_origin.0.contains(&ev.origin()));
        let data = ev.data();
        let json = if data.is_object() { js_sys::JSON::stringify(&data).ok().and_then(|s| s.as_string()) } else { None };
        let Some(cmd) = json.as_deref().filter(|_| from_parent && origin_ok).and_then(parse) else { return ignore() };
        match cmd {
            HostCommand::Play => {
                run.running.set(true);
                engine.send(Command::Play);
            }
            HostCommand::Pause => {
                run.running.set(false);
                engine.send(Command::Pause);
            }
            HostCommand::Step => engine.send(Command::Step),
            HostCommand::Reset => {
                run.running.set(false);
                engine.send(Command::Reset);
            }
            HostCommand::Set { key, value } => match value_text(&value) {
                Some(v) => set(settings, problems, &key, &v),
                None => ignore(),
            },
            HostCommand::GetState => {
                post(settings, &Event::StateChanged { hash: settings.with_untracked(Settings::to_hash), running: run.running.get_untracked() })
            }
        }
    });

    // ready: once, when the worker first says so.
    Effect::new(move |sent: Option<bool>| {
        let sent = sent.unwrap_or(false);
        if !sent && !matches!(run.status.get(), Status::Loading | Status::NoWorker) {
            post(settings, &Event::Ready);
            return true;
        }
        sent
    });
    // diverged
    Effect::new(move |_| {
        if let Status::Diverged { epoch } = run.status.get() {
            post(settings, &Event::Diverged { epoch });
        }
    });
    // state-changed: every new hash.
    Effect::new(move |prev: Option<String>| {
        let hash = settings.with(Settings::to_hash);
        if prev.is_some_and(|p| p != hash) {
            post(settings, &Event::StateChanged { hash: hash.clone(), running: run.running.get_untracked() });
        }
        hash
    });
    // progress (a new epoch, at most every 250 ms) and resize (a new content height).
    let last_epoch: StoredValue<Option<usize>, LocalStorage> = StoredValue::new_local(None);
    let last_height: StoredValue<f64, LocalStorage> = StoredValue::new_local(0.0);
    let _ = set_interval_with_handle(
        move || {
            if settings.with_untracked(|s| s.page.parent_origin.0.is_empty()) {
                return;
            }
            if let Some(s) = run.history.with_untracked(|h| h.last().copied()) {
                if last_epoch.get_value() != Some(s.epoch) {
                    last_epoch.set_value(Some(s.epoch));
                    post(settings, &Event::Progress { epoch: s.epoch, train_loss: s.train_loss, test_loss: s.test_loss, test_acc: s.test_acc });
                }
            }
            let height = document().document_element().map(|e| e.scroll_height() as f64).unwrap_or(0.0);
            if height != last_height.get_value() {
                last_height.set_value(height);
                post(settings, &Event::Resize { height });
            }
        },
        std::time::Duration::from_millis(250),
    );
}
