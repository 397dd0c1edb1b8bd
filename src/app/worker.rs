//! The Web Worker glue: a gloo `Worker` that feeds commands to [`Host`] and schedules its
//! timed training chunks as macrotasks (through a `MessageChannel`), so that commands from
//! the page get in between chunks.

use crate::host::Host;
use crate::protocol::{Command, Report};
use gloo_worker::{HandlerId, Registrable, Worker, WorkerScope};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageChannel, MessageEvent, MessagePort};

/// Milliseconds of training per chunk before the worker reports and yields.
const BUDGET_MS: f64 = 20.0;

pub enum Msg {
    Tick,
}

pub struct EngineWorker {
    host: Host,
    client: Option<HandlerId>,
    port: Option<MessagePort>,
    _on_tick: Option<Closure<dyn FnMut(MessageEvent)>>,
    /// The timer's callback when training at a speed waits for the next epoch.
    on_timer: Closure<dyn FnMut()>,
    scheduled: bool,
}

thread_local! {
    /// Where a panic report goes: the page hears "the engine failed" instead of silence.
    static PANIC_SINK: RefCell<Option<(WorkerScope<EngineWorker>, HandlerId)>> = const { RefCell::new(None) };
    /// Set while one of our handlers runs. Still set when the next event comes means that
    /// handler never returned: the instance trapped without a panic (an allocation failure
    /// aborts; so does `Command::Abort`), and gloo's state is left borrowed.
    static BUSY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

thread_local! {
    /// When the last heartbeat went to the page.
    static LAST_BEAT: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
}

/// Installed as the engine's heartbeat: inside long work (an epoch of a large recurrent
/// network), a `Report::Memory` at most once a second, so the page's watchdog hears the
/// worker is alive.
fn beat(work: crate::engine::heartbeat::Work) {
    let t = now();
    if t - LAST_BEAT.with(|l| l.get()) < 1000.0 {
        return;
    }
    LAST_BEAT.with(|l| l.set(t));
    PANIC_SINK.with(|s| {
        if let Ok(sink) = s.try_borrow() {
            if let Some((scope, id)) = sink.as_ref() {
                scope.respond(*id, Report::Memory { bytes: crate::host::memory_bytes() });
                scope.respond(*id, Report::Working { work });
            }
        }
    });
}

fn now() -> f64 {
    js_sys::global()
        .dyn_into::<web_sys::WorkerGlobalScope>()
        .ok()
        .and_then(|g| g.performance())
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

impl EngineWorker {
    fn send(&self, scope: &WorkerScope<Self>, reports: Vec<Report>) {
        if let Some(id) = self.client {
            for r in reports {
                scope.respond(id, r);
            }
        }
    }

    fn schedule(&mut self) {
        if self.scheduled || !self.host.running() {
            return;
        }
        // Training at a speed with nothing due: a timer, not a busy loop.
        if let Some(ms) = self.host.wait_ms(now()) {
            if let Ok(g) = js_sys::global().dyn_into::<web_sys::WorkerGlobalScope>() {
                let f = self.on_timer.as_ref().unchecked_ref();
                self.scheduled = g.set_timeout_with_callback_and_timeout_and_arguments_0(f, ms.ceil() as i32).is_ok();
                return;
            }
        }
        if let Some(port) = &self.port {
            self.scheduled = port.post_message(&JsValue::NULL).is_ok();
        }
    }
}

impl Worker for EngineWorker {
    type Message = Msg;
    type Input = Command;
    type Output = Report;

    fn create(scope: &WorkerScope<Self>) -> Self {
        let (port, on_tick) = match MessageChannel::new() {
            Ok(channel) => {
                let s = scope.clone();
                let on_tick = Closure::<dyn FnMut(MessageEvent)>::new(move |_| s.send_message(Msg::Tick));
                channel.port1().set_onmessage(Some(on_tick.as_ref().unchecked_ref()));
                (Some(channel.port2()), Some(on_tick))
            }
            Err(_) => (None, None),
        };
        let s = scope.clone();
        let on_timer = Closure::<dyn FnMut()>::new(move || s.send_message(Msg::Tick));
        crate::engine::heartbeat::set(Some(beat));
        EngineWorker { host: Host::new(), client: None, port, _on_tick: on_tick, on_timer, scheduled: false }
    }

    fn update(&mut self, scope: &WorkerScope<Self>, msg: Self::Message) {
        match msg {
            Msg::Tick => {
                BUSY.with(|b| b.set(true));
                self.scheduled = false;
                let reports = self.host.tick(&mut now, BUDGET_MS);
                self.send(scope, reports);
                self.schedule();
                BUSY.with(|b| b.set(false));
            }
        }
    }

    fn connected(&mut self, scope: &WorkerScope<Self>, id: HandlerId) {
        self.client = Some(id);
        PANIC_SINK.with(|s| *s.borrow_mut() = Some((scope.clone(), id)));
        if self.port.is_none() {
            self.send(scope, vec![Report::Failed { run: crate::protocol::Run::A, problem: crate::engine::Problem::Internal { message: "MessageChannel is not available".into() } }]);
        }
        self.send(scope, vec![Report::Ready]);
    }

    fn received(&mut self, scope: &WorkerScope<Self>, msg: Self::Input, id: HandlerId) {
        self.client = Some(id);
        BUSY.with(|b| b.set(true));
        if msg == Command::Crash {
            panic!("the page asked the worker to crash (a test of the page's recovery)");
        }
        if msg == Command::Abort {
            // What an allocation failure does: no panic hook, the instance traps.
            std::process::abort();
        }
        if msg == Command::Hang {
            loop {
                std::hint::spin_loop();
            }
        }
        let reports = self.host.handle(msg);
        self.send(scope, reports);
        self.schedule();
        BUSY.with(|b| b.set(false));
    }
}

/// The worker binary's whole main.
pub fn register() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        // After the first panic the instance is broken (gloo's state stays borrowed, so every
        // later event panics too): only the first one is the page's news.
        static REPORTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
        if REPORTED.swap(true, std::sync::atomic::Ordering::Relaxed) {
            return;
        }
        // gloo finding its state still borrowed while one of our handlers never returned: that
        // handler trapped (out of memory, most likely). Say that, not gloo's words.
        let trapped = BUSY.with(|b| b.get()) && info.location().is_some_and(|l| l.file().contains("gloo-worker"));
        let report = if trapped { Report::Stopped } else { Report::Crashed { message: info.to_string() } };
        PANIC_SINK.with(|s| {
            if let Ok(sink) = s.try_borrow() {
                if let Some((scope, id)) = sink.as_ref() {
                    scope.respond(*id, report);
                }
            }
        });
    }));
    EngineWorker::registrar().register();
}
