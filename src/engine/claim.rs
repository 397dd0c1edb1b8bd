//! A claim check: a few seeded runs ("trials"), each trained for a fixed number of epochs,
//! and one figure measured from each run's epochs. What the figures must show is the
//! lesson's business (`crate::lessons`); the engine only runs the trials and measures.
//!
//! It runs one epoch per `step`, so the worker can interleave it with messages (progress,
//! cancel), as the learning curve does; the native tests run the same job to the end.

use super::problem::Problem;
use super::train::{EpochStats, TrainConfig, Trainer};
use super::Result;
use serde::{Deserialize, Serialize};

/// What is measured from a trial's epochs.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Measure {
    /// Test accuracy after the last epoch.
    TestAcc,
    /// Training loss after the last epoch.
    TrainLoss,
    /// The gap between test and training loss after the last epoch (over-fitting).
    LossGap,
    /// The first epoch (1-based) whose training loss is below the threshold; the trial stops
    /// there.
    EpochsTo { train_loss: f32 },
}

/// A trial's figure.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Figure {
    Value(f64),
    /// `EpochsTo` whose threshold was not reached within the trial's epochs.
    Never,
    /// The loss became NaN or infinite.
    Diverged,
}

impl Figure {
    pub fn value(self) -> Option<f64> {
        match self {
            Figure::Value(v) => Some(v),
            _ => None,
        }
    }
}

/// One seeded run of a claim.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Trial {
    pub config: TrainConfig,
    pub epochs: usize,
}

/// The most trials and epochs a check may ask for (a bound on a message from the page).
pub const MAX_TRIALS: usize = 16;
pub const MAX_EPOCHS: usize = 2000;

/// The measure of a finished (or stopped) trial from its epochs.
pub fn measure(m: Measure, epochs: &[EpochStats]) -> Figure {
    if epochs.iter().any(|s| !s.is_finite()) {
        return Figure::Diverged;
    }
    let Some(last) = epochs.last() else { return Figure::Never };
    match m {
        Measure::TestAcc => last.test_acc.map_or(Figure::Never, |a| Figure::Value(a as f64)),
        Measure::TrainLoss => Figure::Value(last.train_loss as f64),
        Measure::LossGap => Figure::Value((last.test_loss - last.train_loss) as f64),
        Measure::EpochsTo { train_loss } => {
            epochs.iter().position(|s| s.train_loss < train_loss).map_or(Figure::Never, |i| Figure::Value((i + 1) as f64))
        }
    }
}

/// Whether a trial can stop before its last epoch: its threshold is reached, or it diverged.
fn settled(m: Measure, epochs: &[EpochStats]) -> bool {
    epochs.last().is_some_and(|s| !s.is_finite() || matches!(m, Measure::EpochsTo { train_loss } if s.train_loss < train_loss))
}

pub struct ClaimJob {
    trials: Vec<Trial>,
    measure: Measure,
    current: usize,
    trainer: Option<Trainer>,
    epochs: Vec<EpochStats>,
    figures: Vec<Figure>,
    /// Epochs trained or skipped (a settled trial's remaining epochs count as done).
    done: usize,
}

impl ClaimJob {
    /// Refuses no trials, too many, or too long ones; builds the first trial's trainer now, so a
    /// configuration that cannot train fails here rather than midway.
    pub fn new(trials: Vec<Trial>, measure: Measure) -> Result<ClaimJob> {
        if trials.is_empty() || trials.len() > MAX_TRIALS || trials.iter().any(|t| t.epochs == 0 || t.epochs > MAX_EPOCHS) {
            return Err(Problem::ClaimSize { trials: MAX_TRIALS, epochs: MAX_EPOCHS }.into());
        }
        let trainer = Some(Trainer::new(trials[0].config.clone())?);
        Ok(ClaimJob { trials, measure, current: 0, trainer, epochs: Vec::new(), figures: Vec::new(), done: 0 })
    }

    /// Trains one epoch of the current trial; false once every trial is measured.
    pub fn step(&mut self) -> Result<bool> {
        let Some(trial) = self.trials.get(self.current) else { return Ok(false) };
        let trainer = match &mut self.trainer {
            Some(t) => t,
            None => self.trainer.insert(Trainer::new(trial.config.clone())?),
        };
        self.epochs.push(trainer.train_epoch()?);
        self.done += 1;
        if self.epochs.len() >= trial.epochs || settled(self.measure, &self.epochs) {
            self.done += trial.epochs - self.epochs.len();
            self.figures.push(measure(self.measure, &self.epochs));
            self.epochs.clear();
            self.trainer = None;
            self.current += 1;
        }
        Ok(self.current < self.trials.len())
    }

    /// (epochs done, epochs in all).
    pub fn progress(&self) -> (usize, usize) {
        (self.done, self.trials.iter().map(|t| t.epochs).sum())
    }

    /// The figures of the trials finished so far, in order.
    pub fn figures(&self) -> &[Figure] {
        &self.figures
    }

    /// Runs every trial to the end (the native tests' and the command line's way).
    pub fn run(mut self) -> Result<Vec<Figure>> {
        while self.step()? {}
        Ok(self.figures)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(losses: &[f32]) -> Vec<EpochStats> {
        losses
            .iter()
            .enumerate()
            .map(|(i, &l)| EpochStats { epoch: i + 1, train_loss: l, test_loss: l + 0.1, train_acc: Some(0.5), test_acc: Some(0.25), lr: 0.1 })
            .collect()
    }

    #[test]
    fn measures_by_hand() {
        let e = stats(&[0.9, 0.5, 0.3, 0.2]);
        assert_eq!(measure(Measure::EpochsTo { train_loss: 0.4 }, &e), Figure::Value(3.0));
        assert_eq!(measure(Measure::EpochsTo { train_loss: 0.1 }, &e), Figure::Never);
        assert_eq!(measure(Measure::TestAcc, &e), Figure::Value(0.25));
        assert_eq!(measure(Measure::TrainLoss, &e), Figure::Value(0.2f32 as f64));
        assert!((measure(Measure::LossGap, &e).value().unwrap() - 0.1).abs() < 1e-6);
        assert_eq!(measure(Measure::TrainLoss, &stats(&[0.9, f32::NAN])), Figure::Diverged);
        assert_eq!(measure(Measure::TestAcc, &[]), Figure::Never);
    }

    #[test]
    fn trials_run_in_order_stop_when_settled_and_count_their_epochs() {
        let config = |lr: &str| crate::settings::Settings::from_hash(&format!("dataset=gauss&lr={lr}&seed=1")).0.train_config();
        let trials = vec![Trial { config: config("0.3"), epochs: 50 }, Trial { config: config("0.00001"), epochs: 5 }];
        let mut job = ClaimJob::new(trials, Measure::EpochsTo { train_loss: 0.3 }).unwrap();
        assert_eq!(job.progress(), (0, 55));
        let mut steps = 0;
        while job.step().unwrap() {
            steps += 1;
        }
        steps += 1;
        let f = job.figures().to_vec();
        // The fast run stops at its threshold; its remaining epochs count as done.
        let Figure::Value(first) = f[0] else { panic!("{f:?}") };
        assert!(first < 50.0);
        assert_eq!(f[1], Figure::Never);
        assert_eq!(steps, first as usize + 5);
        assert_eq!(job.progress(), (55, 55));
        assert!(!job.step().unwrap(), "a finished job stays finished");
    }

    #[test]
    fn bad_sizes_are_problems() {
        let config = crate::settings::Settings::default().train_config();
        assert!(ClaimJob::new(vec![], Measure::TestAcc).is_err());
        assert!(ClaimJob::new(vec![Trial { config: config.clone(), epochs: 0 }], Measure::TestAcc).is_err());
        assert!(ClaimJob::new(vec![Trial { config, epochs: MAX_EPOCHS + 1 }], Measure::TestAcc).is_err());
    }
}
