//! A sign of life from inside long engine work. The page's watchdog takes a worker that
//! answers nothing for a while for a dead one; an epoch of a large recurrent network can
//! take longer than that (its steps run one after another). The trainer calls [`beat`]
//! after every batch and every evaluation chunk; the worker installs a function that
//! reports at most once a second. Natively nothing is installed and a beat costs one
//! thread-local read.

use serde::{Deserialize, Serialize};
use std::cell::Cell;

/// Where the work is when it beats: so the page can say how far a long epoch has come.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Work {
    /// `done` of the epoch's `of` mini-batches trained.
    Batch { done: usize, of: usize },
    /// Evaluating (train and test losses, in chunks).
    Evaluating,
}

thread_local! {
    static BEAT: Cell<Option<fn(Work)>> = const { Cell::new(None) };
}

/// Installs (or, with `None`, removes) the function every [`beat`] calls.
pub fn set(f: Option<fn(Work)>) {
    BEAT.with(|b| b.set(f));
}

/// Calls the installed function, if any.
pub fn beat(work: Work) {
    if let Some(f) = BEAT.with(|b| b.get()) {
        f(work);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

    static BEATS: AtomicUsize = AtomicUsize::new(0);
    static LAST: std::sync::Mutex<Option<super::Work>> = std::sync::Mutex::new(None);

    fn count(w: super::Work) {
        BEATS.fetch_add(1, Relaxed);
        *LAST.lock().unwrap() = Some(w);
    }

    #[test]
    fn an_epoch_beats_once_a_batch_and_once_an_evaluation_chunk() {
        let (s, _) = crate::settings::Settings::from_hash("dataset=circle&points=100&batch=10&seed=1");
        let mut t = crate::engine::Trainer::new(s.train_config()).unwrap();
        super::set(Some(count));
        t.fit_epoch().unwrap();
        super::set(None);
        // 50 training points in batches of 10.
        assert_eq!(BEATS.load(Relaxed), 5);
        assert_eq!(*LAST.lock().unwrap(), Some(super::Work::Batch { done: 5, of: 5 }));
        t.fit_epoch().unwrap();
        assert_eq!(BEATS.load(Relaxed), 5, "removed");
    }
}
