//! The one closed protocol between the page and the training worker. These enums, and the
//! settings hash, are the only serialized types in the app: if a type is serializable, it
//! crosses this boundary.

use crate::engine::range_test::RangeResult;
use crate::engine::{EpochStats, Sample, TrainConfig, View};
use serde::{Deserialize, Serialize};

/// Which of the two compared runs a report is about (A alone when not comparing).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Run {
    A = 0,
    B = 1,
}

/// Page → worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Command {
    /// New settings. The worker rebuilds data and model only when they changed; the learning
    /// rate and batch size change in place, mid-run.
    /// `config_b`: the second run of a comparison (same data and initial weights where the
    /// settings allow), or `None`.
    Configure { config: TrainConfig, config_b: Option<TrainConfig> },
    Play,
    Pause,
    /// Train exactly one epoch, then report.
    Step,
    /// Back to the initial weights (same seed), epoch 0.
    Reset,
    /// Send the current view (boundary grid, neuron grids, weights) now.
    RequestView,
    /// The page has drawn the last view: the worker may send the next one (flow control).
    Ack,
    /// Start a learning-rate range test from the current configuration's initial weights
    /// (training pauses meanwhile).
    StartRangeTest,
    CancelRangeTest,
}

/// Worker → page. Compact: epoch statistics, and grids of at most a few thousand numbers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Report {
    /// The worker has loaded and waits for a configuration.
    Ready,
    /// A new run (new data or new weights): the page clears its curves.
    Started { run: Run, train: Vec<Sample>, test: Vec<Sample>, parameters: usize },
    /// Run B was dropped (the comparison ended).
    Ended { run: Run },
    /// Epochs finished since the last report, and (when the page has acknowledged the last
    /// one) a new view.
    Progress { run: Run, running: bool, epochs: Vec<EpochStats>, view: Option<View> },
    /// A loss became NaN or infinite at this epoch; training is paused.
    Diverged { run: Run, epoch: usize },
    /// The engine refused the configuration or failed; the message is for the user.
    Failed { message: String },
    /// The range test's progress, in steps.
    RangeProgress { done: usize, total: usize },
    /// The range test finished (or was cancelled: then `result` holds what was measured).
    RangeDone { result: RangeResult, cancelled: bool },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::range_test::RangeResult;
    use crate::engine::Trainer;
    use crate::settings::Settings;

    /// Every message survives the worker's codec (bincode, which is not self-describing, so
    /// e.g. a skipped `None` field would break it), for every task.
    #[test]
    fn every_message_round_trips_through_bincode() {
        let mut messages: Vec<Report> = vec![
            Report::Ready,
            Report::Diverged { run: Run::B, epoch: 3 },
            Report::Ended { run: Run::B },
            Report::Failed { message: "x".into() },
            Report::RangeProgress { done: 1, total: 2 },
            Report::RangeDone { result: RangeResult { points: vec![(1e-3, 0.5)], steepest: None }, cancelled: true },
        ];
        for hash in ["dataset=circle", "dataset=spiral3", "dataset=plane", "dataset=moons&hidden=3,2&dropout=0.5&bn=1,0"] {
            let mut t = Trainer::new(Settings::from_hash(hash).0.train_config()).unwrap();
            let s = t.train_epoch().unwrap();
            messages.push(Report::Started { run: Run::A, train: t.data.train.clone(), test: vec![], parameters: 3 });
            messages.push(Report::Progress { run: Run::B, running: true, epochs: vec![s], view: Some(t.view(4, 2).unwrap()) });
        }
        for m in messages {
            let bytes = bincode::serialize(&m).unwrap();
            assert_eq!(bincode::deserialize::<Report>(&bytes).unwrap(), m);
        }
        let config = Settings::from_hash("opt=adamw&loss=dice&reg=l1").0.train_config();
        for c in [
            Command::Configure { config: config.clone(), config_b: Some(config) },
            Command::Play,
            Command::Pause,
            Command::Step,
            Command::Reset,
            Command::RequestView,
            Command::Ack,
            Command::StartRangeTest,
            Command::CancelRangeTest,
        ] {
            let bytes = bincode::serialize(&c).unwrap();
            assert_eq!(bincode::deserialize::<Command>(&bytes).unwrap(), c);
        }
    }
}
