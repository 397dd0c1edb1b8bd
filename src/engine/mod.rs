//! The engine: data, model, loss, optimizer, training, evaluation grids.
//!
//! Plain Rust over Candle. Architecture invariant: nothing here imports leptos, web-sys,
//! wasm-bindgen or plotters; everything is tested natively with `cargo test`.

pub mod arch;
pub mod arch_search;
pub mod augment;
pub mod backprop;
pub mod claim;
pub mod cnn;
pub mod conv;
pub mod csv;
pub mod data;
pub mod fastmath;
pub mod functions;
pub mod heartbeat;
#[cfg(test)]
pub mod gradcheck;
pub mod imageprep;
pub mod images;
pub mod learning_curve;
pub mod loss;
pub mod model;
pub mod net;
pub mod optim;
pub mod prep;
pub mod problem;
pub mod probe;
pub mod range_test;
pub mod schedule;
pub mod seqnet;
pub mod seqprobe;
pub mod sequences;
pub mod surface;
pub mod tanh;
pub mod train;
pub mod transfer;
pub mod walkthrough;
pub mod weights;

pub use arch::{Arch, ArchProblem, LayerSpec, Shape};
pub use data::{DataConfig, DataKind, Dataset, DatasetKind, Sample, Task};
pub use loss::LossKind;
pub use model::{Activation, BatchNorm, Init, Masks, Mlp, Mode, ModelConfig};
pub use net::{Family, Net};
pub use probe::{ImagesView, PointsView, View};
pub use problem::Problem;
pub use optim::{OptimizerConfig, OptimizerKind};
pub use prep::{CleanReport, Feature, Features, Fill, Pipeline, PrepConfig, Scaling};
pub use schedule::Schedule;
pub use train::{EpochStats, Grid, LayerStats, LayerWeights, RegKind, Source, TrainConfig, Trainer};

/// Everything that can go wrong in the engine. Never a panic: callers show these as messages.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("tensor error: {0}")]
    Candle(#[from] candle_core::Error),
    #[error("bad configuration: {0}")]
    Config(String),
    /// What a user can meet, as data (rendered in their language by `i18n::problem_text`).
    #[error("{}", problem_words(.0))]
    Problem(problem::Problem),
}

/// A problem in English words, for the command line and logs. In the browser the page words
/// each problem itself, in the reader's language, from the `Problem` the worker sends as
/// data; so the worker links no string table, and there this is the problem's Debug form.
fn problem_words(p: &problem::Problem) -> String {
    #[cfg(not(target_arch = "wasm32"))]
    return crate::i18n::problem_text(p, crate::i18n::Lang::En);
    #[cfg(target_arch = "wasm32")]
    return format!("{p:?}");
}

impl EngineError {
    /// The problem to show: a user's own, or an internal one with the technical message.
    pub fn problem(&self) -> problem::Problem {
        match self {
            EngineError::Problem(p) => p.clone(),
            other => problem::Problem::Internal { message: other.to_string() },
        }
    }
}

impl From<problem::Problem> for EngineError {
    fn from(p: problem::Problem) -> EngineError {
        EngineError::Problem(p)
    }
}

impl From<ArchProblem> for EngineError {
    fn from(p: ArchProblem) -> EngineError {
        EngineError::Problem(problem::Problem::Arch(p))
    }
}

impl From<sequences::SeqError> for EngineError {
    fn from(p: sequences::SeqError) -> EngineError {
        EngineError::Problem(problem::Problem::Sequences(p))
    }
}

impl From<images::ImageError> for EngineError {
    fn from(p: images::ImageError) -> EngineError {
        EngineError::Problem(problem::Problem::Images(p))
    }
}

pub type Result<T> = std::result::Result<T, EngineError>;

/// The input plane shown on the page: both coordinates run over [-DOMAIN, DOMAIN].
pub const DOMAIN: f32 = 6.0;
