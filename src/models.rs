//! The pretrained models shipped in `assets/models/`: for each, the settings (a URL hash)
//! and epochs that make it, and the card written beside its weights. `descent pretrain`
//! trains them natively and writes `NAME.safetensors` (its settings in the metadata) and
//! `NAME.json`; the same command gives the same bytes (a test checks the shipped files
//! against their cards).

use crate::engine::transfer::{self, Pretrained};
use crate::engine::Trainer;
use crate::i18n::T;
use crate::settings::Settings;

/// How a shipped model is made.
pub struct Recipe {
    pub model: Pretrained,
    /// The source run's settings.
    pub hash: &'static str,
    pub epochs: usize,
    /// What it is, in a sentence (English; the page shows `label`).
    pub about: &'static str,
    pub label: T,
}

/// Both models share the layers, so either lends its weights to the same target network.
pub const LAYERS: &str = "c8k3,mp2,c16k3,mp2,d32";

pub const RECIPES: &[Recipe] = &[
    Recipe {
        model: Pretrained::Digits04,
        hash: "dataset=digits04&points=901&split=80&layers=c8k3,mp2,c16k3,mp2,d32&act=relu&init=he&opt=adam&lr=0.01&batch=32&seed=1",
        epochs: 20,
        about: "A small CNN trained on the handwritten digits 0-4 (720 training images): a near domain for the digits 5-9.",
        label: T::PretrainedDigits04,
    },
    Recipe {
        model: Pretrained::Shapes,
        hash: "dataset=shapes&image_size=8&points=5000&split=80&layers=c8k3,mp2,c16k3,mp2,d32&act=relu&init=he&opt=adam&lr=0.01&batch=32&seed=1",
        epochs: 20,
        about: "The same CNN trained on generated 8x8 shapes (circle, square, triangle, cross, ring; 4,000 training images): a far domain for digits.",
        label: T::PretrainedShapes,
    },
];

pub fn recipe(model: Pretrained) -> &'static Recipe {
    RECIPES.iter().find(|r| r.model == model).expect("every model has a recipe")
}

/// A trained model: its weights file and the card's figures.
pub struct Made {
    pub bytes: Vec<u8>,
    pub test_acc: f32,
}

/// Trains a recipe's source run natively (f32, as the page) and writes its weights with the
/// source settings in the metadata.
pub fn make(r: &Recipe) -> crate::engine::Result<Made> {
    let (settings, problems) = Settings::from_hash(r.hash);
    debug_assert!(problems.is_empty(), "{problems:?}");
    let mut t = Trainer::new(settings.train_config())?;
    let mut last = None;
    for _ in 0..r.epochs {
        last = Some(t.train_epoch()?);
    }
    let test_acc = last.and_then(|s| s.test_acc).unwrap_or(f32::NAN);
    Ok(Made { bytes: transfer::write(t.model(), r.hash)?, test_acc })
}

/// The command that makes the shipped files.
pub const COMMAND: &str = "descent pretrain --out assets/models";

/// The card written beside the weights: the source run, the command, its test accuracy, the
/// weights' SHA-256 and what it is.
pub fn card(r: &Recipe, made: &Made, sha256: &str) -> String {
    let card = serde_json::json!({
        "model": r.model.file(),
        "hash": r.hash,
        "epochs": r.epochs,
        "command": COMMAND,
        "test_acc": (made.test_acc as f64 * 10_000.0).round() / 10_000.0,
        "sha256": sha256,
        "bytes": made.bytes.len(),
        "about": r.about,
    });
    serde_json::to_string_pretty(&card).expect("a JSON value") + "\n"
}
