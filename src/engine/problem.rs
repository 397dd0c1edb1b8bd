//! Every refusal a user can meet, as data: the engine says *what* is wrong with fields, and
//! the page and the command line put it into words in English or Persian
//! (`crate::i18n::problem_text`). No English sentence leaves the engine for these; what is
//! left as [`Problem::Internal`] is a failure no setting of the page can cause (a tensor
//! error, a broken invariant), shown with its technical message.

use super::arch::ArchProblem;
use super::images::ImageError;
use super::sequences::SeqError;
use super::transfer::Pretrained;
use super::loss::LossKind;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Problem {
    /// The user's own data has fewer than 2 points.
    TooFewOwnPoints { have: usize },
    /// Fewer than 2 examples in all.
    TooFewPoints,
    /// No input feature is chosen.
    NoFeature,
    /// Cleaning or the split left no test example.
    NoTestLeft,
    /// The loss needs a classification task (regression takes MSE only).
    LossNeedsClasses { loss: LossKind },
    /// A batch size of 0.
    BatchZero,
    /// Cleaning removed every training point.
    CleanedAll { had: usize },
    /// Missing values (NaN) reach the network without cleaning.
    MissingValues { train: usize, train_of: usize, test: usize, test_of: usize },
    /// A dropout rate outside [0, max].
    DropoutRate { rate: f64, max: f64 },
    /// The layers do not fit the data.
    Arch(ArchProblem),
    /// The image set could not be made with these settings.
    Images(ImageError),
    /// The sequence set could not be made with these settings.
    Sequences(SeqError),
    /// Learning-curve sizes outside 2..=max.
    CurveSizes { max: usize },
    /// Too few training examples for any learning-curve size.
    CurveTooFew { have: usize },
    /// An architecture search's settings out of range: patience 1–10, a gain ≥ 0, 1 to
    /// `max_trials` trials, 1 to `max_budget` epochs a network, bounds in order.
    SearchSettings { max_trials: usize, max_budget: usize },
    /// A claim check with no trials, more than `trials`, or a trial of 0 or more than `epochs`.
    ClaimSize { trials: usize, epochs: usize },
    /// A weights file lacks a tensor this network has.
    WeightsMissing { name: String },
    /// A weights file's tensor has another shape than the network's.
    WeightsShape { name: String, file: Vec<usize>, network: Vec<usize> },
    /// A weights file that is not a safetensors file (the parser's message).
    WeightsFile { message: String },
    /// A pretrained model's file is not at hand (the page has not fetched it yet, or could not).
    PretrainedMissing { model: Pretrained },
    /// The network's layers are not the pretrained model's.
    PretrainedLayers { model: Pretrained },
    /// The pretrained head has `file` outputs, the task `task` classes: the head must be new.
    HeadClasses { model: Pretrained, file: usize, task: usize },
    /// The transferred layers' rate scale outside [0, 1].
    BaseRateScale { scale: f64 },
    /// The optimizer race's bowl: a condition number below 1, or an angle that is not finite.
    BowlShape { condition: f64, rotation: f64 },
    /// A race with more racers than the page shows.
    RaceRacers { have: usize, max: usize },
    /// A race with more steps a racer than the worker computes.
    RaceSteps { have: usize, max: usize },
    /// The back-propagation lab: a network outside 1–3 inputs, 0–2 hidden layers of 1–4, 1–2
    /// outputs.
    LabSize { inputs: usize, hidden: Vec<usize>, outputs: usize },
    /// The lab's cross-entropy takes sigmoid outputs (probabilities).
    LabCeNeedsSigmoid,
    /// A learning rate that is not a positive number.
    LabRate { lr: f64 },
    /// Weights of another shape than the network's (neurons per layer, inputs first).
    LabWeights { widths: Vec<usize> },
    /// A mini-batch of 0 or more than `max` examples.
    LabBatch { have: usize, max: usize },
    /// An example with the wrong number of inputs or targets, or a value that is not a number.
    LabExample { inputs: usize, outputs: usize, got_inputs: usize, got_outputs: usize },
    /// Anything else: not caused by a setting; the technical message.
    Internal { message: String },
}
