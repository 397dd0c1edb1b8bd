//! The one table of settings. Every control, the URL hash, the command line and (later) the
//! lesson presets read [`TABLE`]: URL key, kind and range, default, label and help.
//! Adding a setting is one field in [`Settings`] and one row here.
//!
//! Architecture invariant: nothing outside this module parses or writes the URL hash.

use crate::engine::csv::MAX_ROWS;
use crate::engine::data::infer_task;
use crate::engine::functions::{TestFunction, FUNCTION_NAMES};
use crate::engine::loss::supports;
use crate::engine::model::MAX_DROPOUT;
use crate::engine::images::DIGITS_SIDE;
use crate::engine::backprop::{LabConfig, LabLoss, Weights as LabWeights, MAX_BATCH, MAX_HIDDEN_LAYERS, MAX_HIDDEN_UNITS, MAX_INPUTS, MAX_LAB_WEIGHTS, MAX_OUTPUTS};
use crate::engine::walkthrough::unflatten;
use crate::engine::transfer::{Pretrained, Transfer};
use crate::lessons::{LessonKey, Panel};
use crate::engine::augment::Augment;
use crate::engine::imageprep::{Equalize, ImagePrep, PerImage};
use crate::engine::{
    Activation, Arch, DataConfig, DataKind, DatasetKind, Shape, Features, Fill, Init, LossKind, ModelConfig, OptimizerConfig, OptimizerKind,
    PrepConfig, RegKind, Sample, Scaling, Schedule, Task, TrainConfig,
};
use crate::i18n::{Lang, T};
use std::sync::Arc;

/// The validated state of the page: what a run needs (`run`, used for runs A and B) and
/// what the page shows (`page`, the same for both). Field names are the URL keys.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub run: RunSettings,
    pub page: PageSettings,
    /// Run B's differences from this run (URL keys `b.<key>`), in table order: replaying them
    /// on these settings gives run B. Used when `compare` is on.
    pub b: Vec<(&'static str, String)>,
}

/// What a run needs: its data, preparation, network and training. Run B is run A's with
/// B's differences (`Settings::b`).
#[derive(Clone, Debug, PartialEq)]
pub struct RunSettings {
    pub dataset: DatasetKind,
    pub noise: u64,
    pub points: u64,
    pub split: u64,
    pub seed: u64,
    pub missing: f64,
    pub outliers: f64,
    pub label_noise: f64,
    pub clean: bool,
    pub fill: Fill,
    pub x1_scale: f64,
    pub x1_offset: f64,
    pub x2_scale: f64,
    pub x2_offset: f64,
    pub features: Features,
    pub scaling: Scaling,
    /// The side of generated images (`dataset=shapes`).
    pub image_size: u64,
    /// Sequences (issue 12): forecasting's input length and steps ahead; the adding
    /// problem's length.
    pub window: u64,
    pub horizon: u64,
    pub seq_len: u64,
    /// Gradient-norm clipping (0 = off).
    pub clip: f64,
    /// Images: the camera's faults (both splits) and the per-image preparation (issue 11).
    pub lighting: f64,
    pub contrast: f64,
    pub pixel_noise: f64,
    pub equalize: Equalize,
    pub clahe_tiles: u64,
    pub clahe_clip: f64,
    pub per_image: PerImage,
    /// Images: augmentation of the training split, afresh each epoch (0 = off).
    pub aug_shift: f64,
    pub aug_rotate: f64,
    pub aug_scale: f64,
    pub aug_flip: bool,
    pub aug_elastic: f64,
    pub aug_bright: f64,
    pub aug_noise: f64,
    pub aug_cutout: f64,
    /// Images: train on only this many of the training split's images (0: all of them).
    pub train_n: u64,
    /// Transfer learning (issue 13): the pretrained model whose weights start the run (its
    /// layers come with it), the frozen layers (one flag per weighted hidden layer), a new or
    /// the kept output layer, the transferred layers' rate as a fraction of the rate.
    pub pretrained: Option<Pretrained>,
    pub freeze: Vec<bool>,
    pub head: Head,
    pub base_lr_scale: f64,
    /// The layers before the output layer (`layers=c8k3,mp2,d16`; the old `hidden=8,8` is read
    /// as `layers=d8,d8`).
    pub layers: Arch,
    pub act: Activation,
    pub init: Init,
    /// Dropout rates: one for every hidden layer, or one per layer (missing layers: 0).
    pub dropout: Vec<f64>,
    /// Batch norm: one flag for every hidden layer, or one per layer (missing layers: off).
    pub bn: Vec<bool>,
    pub loss: LossKind,
    pub opt: OptimizerKind,
    pub lr: f64,
    pub momentum: f64,
    pub beta1: f64,
    pub beta2: f64,
    pub rho: f64,
    pub eps: f64,
    pub weight_decay: f64,
    pub centered: bool,
    pub schedule: Schedule,
    pub batch: u64,
    pub reg: RegKind,
    pub reg_rate: f64,
    /// The user's own points (`dataset=custom`): from a pasted CSV or clicks on the plot.
    /// Not a URL key (too large for a link): set with [`Settings::set_custom`] or
    /// [`Settings::add_point`]; a hash read by `from_hash` has none.
    pub custom: Arc<Vec<Sample>>,
}

/// What the page shows, the same for runs A and B: views, the comparison switch, the pace,
/// the language, the optimizer race and the loss-surface panel.
#[derive(Clone, Debug, PartialEq)]
pub struct PageSettings {
    pub show_test: bool,
    pub compare: bool,
    /// Epochs per second while playing (the page's pace, not the run's).
    pub speed: Speed,
    pub lang: Lang,
    /// How the page and its plots look (issue 16); written to the URL only when set.
    pub theme: Theme,
    pub palette: Palette,
    /// Optimizer race (issue 4): the test function, the bowl's condition number and rotation,
    /// the start (`None`: the function's own), the racers and the steps.
    pub func: FuncName,
    pub func_k: f64,
    pub func_rot: f64,
    pub func_start: StartPoint,
    pub race: Racers,
    pub race_len: u64,
    /// Loss surface (issue 4): the directions (random, pca, weights), the grid's side and
    /// whether it follows training. The two chosen weights are not in the URL (they depend on
    /// the network's shape).
    pub surface: SurfaceDir,
    pub surface_grid: u64,
    /// Choosing the architecture (issue 15): epochs per network; growth's threshold and
    /// patience; the random search's trials and bounds (depth 1 to `search_depth`, widths 2
    /// to `search_width`, rates `search_lr_min` to `search_lr_max`, dropout 0 to
    /// `search_dropout`, the activations).
    pub arch_budget: u64,
    pub grow_min_gain: f64,
    pub grow_patience: u64,
    pub search_trials: u64,
    pub search_depth: u64,
    pub search_width: u64,
    pub search_lr_min: f64,
    pub search_lr_max: f64,
    pub search_dropout: f64,
    pub search_acts: SearchActs,
    /// A grid over the same bounds instead of random draws.
    pub search_grid: bool,
    pub surface_live: bool,
    /// The back-propagation lab (issue 14): open or closed, its network (hidden widths,
    /// activations, loss), rate, whether biases learn, the seed of its random weights, the
    /// mini-batch's inputs and targets (one row per example), and typed weights (empty: the
    /// seed's; see `walkthrough::flatten` for the order).
    pub lab: bool,
    pub lab_hidden: Widths,
    pub lab_act: Activation,
    pub lab_out_act: Activation,
    pub lab_loss: LabLoss,
    pub lab_lr: f64,
    pub lab_update_bias: bool,
    pub lab_seed: u64,
    pub lab_x: Rows,
    pub lab_y: Rows,
    pub lab_w: Rows,
    /// The classroom (issue 16): the lesson open (`LessonKey::None`: the free playground; a
    /// lesson's settings are the base the other keys apply to), embed mode (no header or
    /// menu), the panels and controls shown (empty: the lesson's, or all), whether training
    /// starts on load, and the origins of the embedding page that may drive it by postMessage
    /// (and receive its events).
    pub lesson: LessonKey,
    pub embed: bool,
    pub panels: Panels,
    pub controls: Keys,
    pub autoplay: bool,
    pub parent_origin: Origins,
}

/// Keys written to the URL only when they differ from their default: how the page looks (the
/// viewer's choice, not part of an experiment's link unless someone set it), and the
/// architecture search's settings (a job's, not the run's).
const QUIET: &[&str] = &[
    "theme", "palette", "arch_budget", "grow_min_gain", "grow_patience", "search_trials", "search_depth", "search_width", "search_lr_min",
    "search_lr_max", "search_dropout", "search_acts", "search_grid",
];

/// Whether `key` is a setting of the page (`PageSettings`: the same for runs A and B, never
/// a `b.` key) rather than of a run.
pub fn is_page_key(key: &str) -> bool {
    spec(key).is_some_and(|s| s.page)
}

/// A starting learning rate per optimizer, set when the optimizer is chosen: PyTorch's
/// default where it suits these small problems (RMSprop, Adagrad 0.01, Adadelta 1.0), and
/// larger than PyTorch's 0.001 for SGD and Adam so that a run shows progress within seconds.
pub fn suggested_lr(kind: OptimizerKind) -> f64 {
    match kind {
        OptimizerKind::Sgd | OptimizerKind::Momentum | OptimizerKind::Nesterov => 0.03,
        OptimizerKind::Rmsprop | OptimizerKind::Adagrad => 0.01,
        OptimizerKind::Adadelta => 1.0,
        OptimizerKind::Adam | OptimizerKind::Adamw => 0.01,
    }
}

/// What kind of value a setting holds, with its range: drives validation and the control.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// One of the listed URL values (with their labels).
    Choice(&'static [(&'static str, T)]),
    Int { min: u64, max: u64 },
    /// A real number; `log` asks the control for a logarithmic slider.
    Float { min: f64, max: f64, log: bool },
    /// The layers: a comma list of at most `arch::MAX_LAYERS` tokens (`dN`, `cNkK`,
    /// `cNkKsS`, `mpK`, `apK`; see `engine::arch`).
    Arch,
    Bool,
    /// A value for the hidden layers: one `each` for all of them, or a comma list of up to
    /// `MAX_LAYERS` (layer by layer; missing layers get 0 or off, extra entries are ignored,
    /// so the value survives adding and removing layers). Empty means 0/off everywhere.
    PerLayer { each: &'static Kind },
    /// A set of the listed values: a comma list of at least one of them (the input features).
    Flags(&'static [(&'static str, T)]),
    /// A point `x,y` with both coordinates in `min..=max`, or empty for "the default".
    Point { min: f64, max: f64 },
    /// The optimizer race's racers: a comma list of 1 to `max` entries `optimizer:rate` or
    /// `optimizer:rate:h` (h: the optimizer's key hyperparameter, see [`Racer`]).
    Racers { max: usize },
    /// Layer widths: a comma list of up to `layers` whole numbers from 1 to `max` (empty: none).
    Widths { layers: usize, max: usize },
    /// Rows of numbers (`0,0;0,1`): 1 to `rows` rows separated by `;`, each of the same 1 to
    /// `cols` comma-separated numbers within ±`bound`; empty only when `empty`.
    Rows { rows: usize, cols: usize, bound: f64, empty: bool },
    /// A comma list, possibly empty, of distinct entries of one sort (see [`ListOf`]).
    List(ListOf),
}

/// What a `Kind::List` holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListOf {
    /// Panel names (`PANELS`).
    Panels,
    /// Setting keys (the table's).
    Keys,
    /// Web origins `http(s)://host[:port]`, at most `MAX_ORIGINS`.
    Origins,
}

/// Which group of controls a setting belongs to on the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    Data,
    /// Images: the camera's faults and the per-image preparation.
    ImagePrep,
    /// Images: augmentation of the training split.
    Augment,
    Network,
    Training,
    View,
    /// Page-wide settings shown in the header (the language).
    Page,
    /// Beside Play (the speed).
    Transport,
    /// The optimizer race panel (its own controls, not generated).
    Race,
    /// The loss-surface panel (its own controls, not generated).
    Surface,
    /// The back-propagation lab's panel.
    Lab,
    /// Choosing the architecture: growth and random search.
    Arch,
    /// The classroom: lesson, embed mode, panels, controls, autoplay, the embedding origin
    /// (set by the lesson menu and by links, not by generated controls).
    Classroom,
}

pub struct Spec {
    pub key: &'static str,
    /// A setting of the page (`PageSettings`): the same for runs A and B, never a `b.` key.
    pub page: bool,
    pub kind: Kind,
    pub default: &'static str,
    pub group: Group,
    pub label: T,
    pub help: T,
    pub get: fn(&Settings) -> String,
    pub set: fn(&mut Settings, &str, &Kind) -> Result<(), ()>,
    /// Whether the setting means anything in this state (e.g. β₁ only for Adam). Irrelevant
    /// settings are neither shown nor written to the URL.
    pub relevant: fn(&Settings) -> bool,
}

/// A value type that can live in the table.
/// A setting's value: read from and written to its URL form.
pub trait Field: Sized {
    fn parse(raw: &str, kind: &Kind) -> Result<Self, ()>;
    fn show(&self) -> String;
}

impl Field for u64 {
    fn parse(raw: &str, kind: &Kind) -> Result<u64, ()> {
        let v: u64 = raw.trim().parse().map_err(|_| ())?;
        match *kind {
            Kind::Int { min, max } if (min..=max).contains(&v) => Ok(v),
            _ => Err(()),
        }
    }
    fn show(&self) -> String {
        self.to_string()
    }
}

impl Field for f64 {
    fn parse(raw: &str, kind: &Kind) -> Result<f64, ()> {
        let v: f64 = raw.trim().parse().map_err(|_| ())?;
        match *kind {
            Kind::Float { min, max, .. } if v.is_finite() && v >= min && v <= max => Ok(v),
            _ => Err(()),
        }
    }
    fn show(&self) -> String {
        // Shortest form that reads back to the same number.
        format!("{self}")
    }
}

impl Field for bool {
    fn parse(raw: &str, _: &Kind) -> Result<bool, ()> {
        match raw.trim() {
            "1" | "true" => Ok(true),
            "0" | "false" => Ok(false),
            _ => Err(()),
        }
    }
    fn show(&self) -> String {
        if *self { "1" } else { "0" }.into()
    }
}

impl Field for Arch {
    fn parse(raw: &str, _: &Kind) -> Result<Arch, ()> {
        Arch::parse(raw).map_err(|_| ())
    }
    fn show(&self) -> String {
        self.to_string()
    }
}

/// The old key `hidden` (a comma list of widths) as `layers` tokens: `8,8` → `d8,d8`. A
/// value that is not a list of numbers is passed on as it is (and then refused by `layers`).
pub fn hidden_as_layers(raw: &str) -> String {
    if raw.trim().is_empty() {
        return String::new();
    }
    let parts: Vec<&str> = raw.split(',').map(str::trim).collect();
    if parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) {
        parts.iter().map(|p| format!("d{p}")).collect::<Vec<_>>().join(",")
    } else {
        raw.to_string()
    }
}

/// A `Kind::PerLayer` list: each entry parsed as `each`.
fn parse_per_layer<F: Field>(raw: &str, kind: &Kind) -> Result<Vec<F>, ()> {
    let Kind::PerLayer { each } = *kind else { return Err(()) };
    if raw.trim().is_empty() {
        return Ok(vec![]);
    }
    let v: Vec<F> = raw.split(',').map(|p| F::parse(p, each)).collect::<Result<_, _>>()?;
    if v.len() > MAX_LAYERS {
        return Err(());
    }
    Ok(v)
}

fn show_per_layer<F: Field>(v: &[F]) -> String {
    v.iter().map(Field::show).collect::<Vec<_>>().join(",")
}

impl Field for Vec<f64> {
    fn parse(raw: &str, kind: &Kind) -> Result<Vec<f64>, ()> {
        parse_per_layer(raw, kind)
    }
    fn show(&self) -> String {
        show_per_layer(self)
    }
}

impl Field for Vec<bool> {
    fn parse(raw: &str, kind: &Kind) -> Result<Vec<bool>, ()> {
        parse_per_layer(raw, kind)
    }
    fn show(&self) -> String {
        show_per_layer(self)
    }
}

/// A per-layer setting spelled out for `layers` hidden layers: a single value applies to
/// every layer; otherwise layer i takes entry i, or the default when there is none.
pub fn per_layer<V: Copy + Default>(v: &[V], layers: usize) -> Vec<V> {
    match v {
        [one] => vec![*one; layers],
        _ => (0..layers).map(|i| v.get(i).copied().unwrap_or_default()).collect(),
    }
}
impl Field for Features {
    fn parse(raw: &str, kind: &Kind) -> Result<Features, ()> {
        let Kind::Flags(options) = *kind else { return Err(()) };
        if raw.split(',').any(|name| !options.iter().any(|o| o.0 == name.trim())) {
            return Err(());
        }
        Features::parse(raw).ok_or(())
    }
    fn show(&self) -> String {
        self.names()
    }
}

/// A `Kind::Flags` value with `name` switched on or off (the page's checkboxes): the set's
/// names in the table's order. May be empty (which the setting then refuses).
pub fn toggle_flag(kind: &Kind, raw: &str, name: &str, on: bool) -> String {
    let Kind::Flags(options) = *kind else { return raw.to_string() };
    let set: Vec<&str> = raw.split(',').map(str::trim).collect();
    options
        .iter()
        .map(|o| o.0)
        .filter(|&o| if o == name { on } else { set.contains(&o) })
        .collect::<Vec<_>>()
        .join(",")
}

/// The input features (TensorFlow Playground's), in the order of `Feature::ALL`.
pub const FEATURES: &[(&str, T)] = &[
    ("x1", T::FeatX1),
    ("x2", T::FeatX2),
    ("x1sq", T::FeatX1Sq),
    ("x2sq", T::FeatX2Sq),
    ("x1x2", T::FeatX1X2),
    ("sinx1", T::FeatSinX1),
    ("sinx2", T::FeatSinX2),
];

/// The test function of the optimizer race, by name (the bowl's parameters are `func_k` and
/// `func_rot`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FuncName(pub &'static str);

impl Field for FuncName {
    fn parse(raw: &str, _: &Kind) -> Result<FuncName, ()> {
        FUNCTION_NAMES.iter().find(|n| **n == raw.trim()).map(|n| FuncName(n)).ok_or(())
    }
    fn show(&self) -> String {
        self.0.into()
    }
}

/// The test functions for the menu, with their labels (the order of `FUNCTION_NAMES`).
pub const FUNCTIONS: &[(&str, T)] = &[
    ("bowl", T::FnBowl),
    ("rosenbrock", T::FnRosenbrock),
    ("beale", T::FnBeale),
    ("himmelblau", T::FnHimmelblau),
    ("saddle", T::FnSaddle),
    ("rastrigin", T::FnRastrigin),
];

/// How fast training goes while playing (`speed`): epochs per second, or as fast as it can.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Speed {
    S1,
    S3,
    S10,
    S30,
    S60,
    #[default]
    Max,
}

impl Speed {
    /// Epochs per second (its URL word is the number); `None` for as fast as the worker goes.
    pub fn per_second(self) -> Option<f64> {
        self.name().parse().ok()
    }
}

/// The page's theme (`theme`): the system's preference (`auto`, light or dark), light, dark,
/// or a projector's (larger text, thicker lines, full contrast).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    Auto,
    Light,
    Dark,
    Projector,
}

/// The colours of the classes and weights (`palette`): TensorFlow Playground's orange and
/// blue, or Okabe & Ito's colour-blind-safe colours with a shape per class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Palette {
    #[default]
    Playground,
    Safe,
}

/// The activations a random search draws from (`search_acts`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SearchActs {
    #[default]
    Both,
    Relu,
    Tanh,
    All,
}

impl SearchActs {
    pub fn activations(self) -> Vec<Activation> {
        match self {
            SearchActs::Both => vec![Activation::Relu, Activation::Tanh],
            SearchActs::Relu => vec![Activation::Relu],
            SearchActs::Tanh => vec![Activation::Tanh],
            SearchActs::All => vec![Activation::Relu, Activation::Tanh, Activation::Sigmoid],
        }
    }
}

/// The loss surface's directions (`surface`); the two weights of `Weights` are chosen on the
/// page, not in the URL (they depend on the network's shape).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SurfaceDir {
    #[default]
    Random,
    Pca,
    Weights,
}

/// Where the race starts: `None` is the function's own start.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct StartPoint(pub Option<(f64, f64)>);

impl Field for StartPoint {
    fn parse(raw: &str, kind: &Kind) -> Result<StartPoint, ()> {
        let Kind::Point { min, max } = *kind else { return Err(()) };
        if raw.trim().is_empty() {
            return Ok(StartPoint(None));
        }
        let (x, y) = raw.split_once(',').ok_or(())?;
        let num = |t: &str| -> Result<f64, ()> {
            let v: f64 = t.trim().parse().map_err(|_| ())?;
            if v.is_finite() && (min..=max).contains(&v) { Ok(v) } else { Err(()) }
        };
        Ok(StartPoint(Some((num(x)?, num(y)?))))
    }
    fn show(&self) -> String {
        self.0.map(|(x, y)| format!("{x},{y}")).unwrap_or_default()
    }
}

/// The race's learning rates: the same range as `lr`.
pub const RACE_LR: (f64, f64) = (1e-5, 10.0);
pub const MAX_RACERS: usize = 6;

/// One racer of the optimizer race: an optimizer, its learning rate, and its key
/// hyperparameter where it has one (see [`Racer::key_param`]); the rest are PyTorch's defaults.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Racer {
    pub kind: OptimizerKind,
    pub lr: f64,
    pub param: Option<f64>,
}

/// An optimizer's key hyperparameter in the race: its label, default, and range.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KeyParam {
    pub label: T,
    pub help: T,
    pub default: f64,
    pub min: f64,
    pub max: f64,
}

impl Racer {
    /// The racer with the optimizer's suggested rate and default key hyperparameter.
    pub fn new(kind: OptimizerKind) -> Racer {
        Racer { kind, lr: suggested_lr(kind), param: Racer::key_param(kind).map(|p| p.default) }
    }

    /// The hyperparameter the race lets you set: momentum (Momentum, Nesterov, RMSprop),
    /// β₁ (Adam, AdamW), ρ (Adadelta); none for SGD and Adagrad.
    pub fn key_param(kind: OptimizerKind) -> Option<KeyParam> {
        let d = OptimizerConfig::defaults(kind, 0.01);
        Some(match kind {
            O::Momentum | O::Nesterov | O::Rmsprop => KeyParam { label: T::RaceParamMomentum, help: T::HelpMomentum, default: d.momentum, min: 0.0, max: 0.999 },
            O::Adam | O::Adamw => KeyParam { label: T::RaceParamBeta1, help: T::HelpBeta1, default: d.beta1, min: 0.0, max: 0.999 },
            O::Adadelta => KeyParam { label: T::RaceParamRho, help: T::HelpRho, default: d.rho, min: 0.0, max: 0.9999 },
            O::Sgd | O::Adagrad => return None,
        })
    }

    /// The engine's configuration: PyTorch's defaults with this rate and key hyperparameter.
    pub fn config(&self) -> OptimizerConfig {
        let mut c = OptimizerConfig::defaults(self.kind, self.lr);
        if let Some(v) = self.param {
            match self.kind {
                O::Momentum | O::Nesterov | O::Rmsprop => c.momentum = v,
                O::Adam | O::Adamw => c.beta1 = v,
                O::Adadelta => c.rho = v,
                O::Sgd | O::Adagrad => {}
            }
        }
        c
    }

    fn parse(raw: &str) -> Result<Racer, ()> {
        let mut parts = raw.trim().split(':');
        let kind = OptimizerKind::from_name(parts.next().ok_or(())?.trim()).ok_or(())?;
        let lr: f64 = parts.next().ok_or(())?.trim().parse().map_err(|_| ())?;
        if !(lr.is_finite() && (RACE_LR.0..=RACE_LR.1).contains(&lr)) {
            return Err(());
        }
        let key = Racer::key_param(kind);
        let param = match (parts.next(), key) {
            (None, key) => key.map(|k| k.default),
            (Some(p), Some(k)) => {
                let v: f64 = p.trim().parse().map_err(|_| ())?;
                if !(v.is_finite() && (k.min..=k.max).contains(&v)) {
                    return Err(());
                }
                Some(v)
            }
            (Some(_), None) => return Err(()),
        };
        if parts.next().is_some() {
            return Err(());
        }
        Ok(Racer { kind, lr, param })
    }

    fn show(&self) -> String {
        let key = Racer::key_param(self.kind);
        match (self.param, key) {
            (Some(v), Some(k)) if v != k.default => format!("{}:{}:{}", self.kind.name(), self.lr, v),
            _ => format!("{}:{}", self.kind.name(), self.lr),
        }
    }
}

/// The race's racers, in legend order.
#[derive(Clone, Debug, PartialEq)]
pub struct Racers(pub Vec<Racer>);

impl Field for Racers {
    fn parse(raw: &str, kind: &Kind) -> Result<Racers, ()> {
        let Kind::Racers { max } = *kind else { return Err(()) };
        let v: Vec<Racer> = raw.split(',').map(Racer::parse).collect::<Result<_, _>>()?;
        if v.is_empty() || v.len() > max {
            return Err(());
        }
        Ok(Racers(v))
    }
    fn show(&self) -> String {
        self.0.iter().map(Racer::show).collect::<Vec<_>>().join(",")
    }
}

/// A closed set of values, each with its URL word and its label: the one list of them (menus,
/// URL parsing and writing all read it).
pub trait Named: Sized + Copy + PartialEq + 'static {
    const ALL: &'static [(Self, &'static str, T)];

    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().find(|(_, n, _)| *n == name).map(|(v, _, _)| *v)
    }

    fn name(self) -> &'static str {
        Self::ALL.iter().find(|(v, _, _)| *v == self).map(|(_, n, _)| *n).expect("every value is listed")
    }

    fn label(self) -> T {
        Self::ALL.iter().find(|(v, _, _)| *v == self).map(|(_, _, l)| *l).expect("every value is listed")
    }
}

macro_rules! choices {
    ($ty:ty, $table:ident: $($variant:expr => $name:literal, $label:ident;)*) => {
        impl Named for $ty {
            const ALL: &'static [($ty, &'static str, T)] = &[$(($variant, $name, T::$label)),*];
        }
        pub const $table: &[(&str, T)] = &[$(($name, T::$label)),*];
        impl Field for $ty {
            fn parse(raw: &str, _: &Kind) -> Result<Self, ()> {
                <$ty as Named>::from_name(raw.trim()).ok_or(())
            }
            fn show(&self) -> String {
                self.name().into()
            }
        }
    };
}

choices!(DatasetKind, DATASETS:
    DatasetKind::Circle => "circle", Circle;
    DatasetKind::Xor => "xor", Xor;
    DatasetKind::Gauss => "gauss", Gauss;
    DatasetKind::Spiral => "spiral", Spiral;
    DatasetKind::Moons => "moons", Moons;
    DatasetKind::Island => "island", Island;
    DatasetKind::Spiral3 => "spiral3", Spiral3;
    DatasetKind::Spiral4 => "spiral4", Spiral4;
    DatasetKind::Blobs3 => "blobs3", Blobs3;
    DatasetKind::Blobs4 => "blobs4", Blobs4;
    DatasetKind::Plane => "plane", Plane;
    DatasetKind::MultiGauss => "multigauss", MultiGauss;
    DatasetKind::Custom => "custom", Custom;
    DatasetKind::Digits => "digits", Digits;
    DatasetKind::DigitsLow => "digits04", DigitsLow;
    DatasetKind::DigitsHigh => "digits59", DigitsHigh;
    DatasetKind::Shapes => "shapes", Shapes;
    DatasetKind::NewShapes => "shapes_new", NewShapes;
    DatasetKind::Sines => "sines", DataSines;
    DatasetKind::Waves => "waves", DataWaves;
    DatasetKind::Season => "season", DataSeason;
    DatasetKind::Adding => "adding", DataAdding;
    DatasetKind::Mnist1d => "mnist1d", DataMnist1d;
);
choices!(Option<Pretrained>, PRETRAINED:
    None => "none", PretrainedNone;
    Some(Pretrained::Digits04) => "digits04", PretrainedDigits04;
    Some(Pretrained::Shapes) => "shapes", PretrainedShapes;
);

/// Transfer learning's output layer: a new one for the target's classes, or the pretrained one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Head {
    New,
    Keep,
}

choices!(Head, HEADS:
    Head::New => "new", HeadNew;
    Head::Keep => "keep", HeadKeep;
);

choices!(LessonKey, LESSON_KEYS:
    LessonKey::None => "none", LessonNone;
    LessonKey::Overview => "overview", LessonOverview;
    LessonKey::MoreData => "more_data", LessonMoreData;
    LessonKey::Cleaning => "cleaning", LessonCleaning;
    LessonKey::Scales => "scales", LessonScales;
    LessonKey::Standardize => "standardize", LessonStandardize;
    LessonKey::Normalize => "normalize", LessonNormalize;
    LessonKey::Equalize => "equalize", LessonEqualize;
    LessonKey::Augment => "augment", LessonAugment;
    LessonKey::Architecture => "architecture", LessonArchitecture;
    LessonKey::Cnn => "cnn", LessonCnn;
    LessonKey::Sequences => "sequences", LessonSequences;
    LessonKey::Losses => "losses", LessonLosses;
    LessonKey::Surface => "surface", LessonSurface;
    LessonKey::Optimizers => "optimizers", LessonOptimizers;
    LessonKey::Backprop => "backprop", LessonBackprop;
    LessonKey::LearningRate => "learning_rate", LessonLearningRate;
    LessonKey::BatchNorm => "batch_norm", LessonBatchNorm;
    LessonKey::Dropout => "dropout", LessonDropout;
    LessonKey::Transfer => "transfer", LessonTransfer;
);
choices!(Panel, PANELS:
    Panel::Data => "data", PanelData;
    Panel::Histograms => "histograms", PanelHistograms;
    Panel::Curve => "curve", PanelCurve;
    Panel::Prep => "prep", PanelImagePrep;
    Panel::Augment => "augment", PanelAugment;
    Panel::Network => "network", PanelNetwork;
    Panel::Training => "training", PanelTraining;
    Panel::Boundary => "boundary", PanelOutput;
    Panel::Loss => "loss", PanelLoss;
    Panel::Surface => "surface", PanelSurface;
    Panel::Arch => "arch", PanelArch;
    Panel::Race => "race", PanelRace;
    Panel::Lab => "lab", LabOpen;
    Panel::Transfer => "transfer", PanelTransfer;
);

/// Every panel, in the page's order.
pub const PANELS_ALL: &[Panel] = &[
    Panel::Data,
    Panel::Histograms,
    Panel::Curve,
    Panel::Prep,
    Panel::Augment,
    Panel::Network,
    Panel::Training,
    Panel::Boundary,
    Panel::Loss,
    Panel::Surface,
    Panel::Arch,
    Panel::Transfer,
    Panel::Race,
    Panel::Lab,
];

/// The most origins `parent_origin` takes.
pub const MAX_ORIGINS: usize = 4;

/// Splits a list value: trimmed, non-empty entries.
fn list_entries(raw: &str) -> Vec<&str> {
    raw.split(',').map(str::trim).filter(|e| !e.is_empty()).collect()
}

/// Panels to show (`panels`), in the page's order, each once; empty: the lesson's or all.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Panels(pub Vec<Panel>);

impl Field for Panels {
    fn parse(raw: &str, _: &Kind) -> Result<Panels, ()> {
        let named = list_entries(raw).into_iter().map(|n| Panel::from_name(n).ok_or(())).collect::<Result<Vec<_>, ()>>()?;
        Ok(Panels(PANELS_ALL.iter().copied().filter(|p| named.contains(p)).collect()))
    }
    fn show(&self) -> String {
        self.0.iter().map(|p| p.name()).collect::<Vec<_>>().join(",")
    }
}

/// Setting keys (`controls`: the controls shown; empty: all), in table order, each once.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Keys(pub Vec<&'static str>);

impl Field for Keys {
    fn parse(raw: &str, _: &Kind) -> Result<Keys, ()> {
        let named = list_entries(raw);
        if named.iter().any(|n| spec(n).is_none()) {
            return Err(());
        }
        Ok(Keys(TABLE.iter().map(|s| s.key).filter(|k| named.contains(k)).collect()))
    }
    fn show(&self) -> String {
        self.0.join(",")
    }
}

impl Keys {
    /// Whether the control of `key` is shown.
    pub fn shows(&self, key: &str) -> bool {
        self.0.is_empty() || self.0.contains(&key)
    }
}

/// Web origins (`parent_origin`), as the browser writes them: `https://host` or
/// `http://host:port`, lower case, no path; at most [`MAX_ORIGINS`].
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Origins(pub Vec<String>);

/// Whether `o` is an origin as `MessageEvent.origin` gives it.
pub fn is_origin(o: &str) -> bool {
    let Some(rest) = o.strip_prefix("https://").or_else(|| o.strip_prefix("http://")) else { return false };
    let (host, port) = rest.split_once(':').unwrap_or((rest, ""));
    !host.is_empty()
        && host.len() <= 253
        && host.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
        && (port.is_empty() || (port.len() <= 5 && port.parse::<u16>().is_ok_and(|p| p > 0) && !port.starts_with('0')))
        && !(rest.contains(':') && port.is_empty())
}

impl Field for Origins {
    fn parse(raw: &str, _: &Kind) -> Result<Origins, ()> {
        let mut out: Vec<String> = Vec::new();
        for o in list_entries(raw) {
            if !is_origin(o) {
                return Err(());
            }
            if !out.iter().any(|x| x == o) {
                out.push(o.to_string());
            }
        }
        if out.len() > MAX_ORIGINS {
            return Err(());
        }
        Ok(Origins(out))
    }
    fn show(&self) -> String {
        self.0.join(",")
    }
}

choices!(Scaling, SCALINGS:
    Scaling::None => "none", ScalingNone;
    Scaling::Standardize => "standardize", ScalingStandardize;
    Scaling::MinMax => "minmax", ScalingMinMax;
);
choices!(Equalize, EQUALIZES:
    Equalize::None => "none", EqualizeNone;
    Equalize::Global => "global", EqualizeGlobal;
    Equalize::Clahe => "clahe", EqualizeClahe;
);
choices!(PerImage, PER_IMAGES:
    PerImage::None => "none", PerImageNone;
    PerImage::Standardize => "standardize", PerImageStandardize;
    PerImage::MinMax => "minmax", PerImageMinMax;
);
choices!(Fill, FILLS:
    Fill::Drop => "drop", FillDrop;
    Fill::Mean => "mean", FillMean;
);
choices!(Activation, ACTIVATIONS:
    Activation::Relu => "relu", Relu;
    Activation::Tanh => "tanh", Tanh;
    Activation::Sigmoid => "sigmoid", Sigmoid;
    Activation::Linear => "linear", Linear;
);
choices!(Init, INITS:
    Init::Uniform => "uniform", InitUniform;
    Init::Xavier => "xavier", InitXavier;
    Init::He => "he", InitHe;
    Init::Zeros => "zeros", InitZeros;
);
choices!(LossKind, LOSSES:
    LossKind::Mse => "mse", LossMse;
    LossKind::Ce => "ce", LossCe;
    LossKind::Hinge => "hinge", LossHinge;
    LossKind::Dice => "dice", LossDice;
);
choices!(OptimizerKind, OPTIMIZERS:
    OptimizerKind::Sgd => "sgd", OptSgd;
    OptimizerKind::Momentum => "momentum", OptMomentum;
    OptimizerKind::Nesterov => "nesterov", OptNesterov;
    OptimizerKind::Rmsprop => "rmsprop", OptRmsprop;
    OptimizerKind::Adagrad => "adagrad", OptAdagrad;
    OptimizerKind::Adadelta => "adadelta", OptAdadelta;
    OptimizerKind::Adam => "adam", OptAdam;
    OptimizerKind::Adamw => "adamw", OptAdamw;
);
choices!(Schedule, SCHEDULES:
    Schedule::Constant => "constant", SchedConstant;
    Schedule::Step => "step", SchedStep;
    Schedule::Exp => "exp", SchedExp;
    Schedule::Cosine => "cosine", SchedCosine;
    Schedule::Warmup => "warmup", SchedWarmup;
);
choices!(RegKind, REGS:
    RegKind::None => "none", RegNone;
    RegKind::L1 => "l1", RegL1;
    RegKind::L2 => "l2", RegL2;
);
choices!(SurfaceDir, SURFACE_DIRS:
    SurfaceDir::Random => "random", DirRandom;
    SurfaceDir::Pca => "pca", DirPca;
    SurfaceDir::Weights => "weights", DirWeights;
);
choices!(LabLoss, LAB_LOSSES:
    LabLoss::Mse => "mse", LossMse;
    LabLoss::MseHalf => "mse_half", LossMseHalf;
    LabLoss::Ce => "ce", LossCe;
);
choices!(Theme, THEMES:
    Theme::Auto => "auto", ThemeAuto;
    Theme::Light => "light", ThemeLight;
    Theme::Dark => "dark", ThemeDark;
    Theme::Projector => "projector", ThemeProjector;
);

choices!(Palette, PALETTES:
    Palette::Playground => "playground", PalettePlayground;
    Palette::Safe => "safe", PaletteSafe;
);

choices!(SearchActs, SEARCH_ACTS:
    SearchActs::Both => "both", SearchActsBoth;
    SearchActs::Relu => "relu", SearchActsRelu;
    SearchActs::Tanh => "tanh", SearchActsTanh;
    SearchActs::All => "all", SearchActsAll;
);

choices!(Speed, SPEEDS:
    Speed::S1 => "1", Speed1;
    Speed::S3 => "3", Speed3;
    Speed::S10 => "10", Speed10;
    Speed::S30 => "30", Speed30;
    Speed::S60 => "60", Speed60;
    Speed::Max => "max", SpeedMax;
);
choices!(Lang, LANGS:
    Lang::En => "en", English;
    Lang::Fa => "fa", Persian;
);

macro_rules! row {
    ($part:ident . $field:ident, $group:ident, $kind:expr, $default:literal, $label:ident, $help:ident) => {
        row!($part . $field, $group, $kind, $default, $label, $help, |_| true)
    };
    ($part:ident . $field:ident, $group:ident, $kind:expr, $default:literal, $label:ident, $help:ident, $relevant:expr) => {
        row!($part . $field, $group, $kind, $default, $label, $help, $relevant, |_| Ok(()))
    };
    // `after` runs once the field is set, and may adjust other fields or refuse the value.
    ($part:ident . $field:ident, $group:ident, $kind:expr, $default:literal, $label:ident, $help:ident, $relevant:expr, $after:expr) => {
        Spec {
            key: stringify!($field),
            page: matches!(stringify!($part).as_bytes(), b"page"),
            kind: $kind,
            default: $default,
            group: Group::$group,
            label: T::$label,
            help: T::$help,
            get: |s| Field::show(&s.$part.$field),
            set: |s, raw, kind| {
                s.$part.$field = Field::parse(raw, kind)?;
                let after: fn(&mut Settings) -> Result<(), ()> = $after;
                after(s)
            },
            relevant: $relevant,
        }
    };
}

pub use crate::engine::arch::MAX_LAYERS;
/// The layer editor's widest dense layer for points (the network diagram draws every neuron).
pub const MAX_NEURONS: usize = 16;

/// Noise and the number of points mean something only for generated data.
fn generated(s: &Settings) -> bool {
    s.run.dataset != DatasetKind::Custom
}

/// Settings of the plane's points (corruption, cleaning, features) mean nothing for images.
fn points(s: &Settings) -> bool {
    s.run.dataset.data_kind() == DataKind::Points
}

/// Sequences take no label noise and no scaling (the sets come at a sensible scale).
fn not_sequences(s: &Settings) -> bool {
    s.run.dataset.data_kind() != DataKind::Sequences
}

/// Image preparation and augmentation mean something for images only.
fn images(s: &Settings) -> bool {
    s.run.dataset.data_kind() == DataKind::Images
}

/// Transfer learning's settings mean something only with a pretrained model, on images.
fn pretrained(s: &Settings) -> bool {
    images(s) && s.run.pretrained.is_some()
}

fn uses(s: &Settings, kinds: &[OptimizerKind]) -> bool {
    kinds.contains(&s.run.opt)
}

use OptimizerKind as O;

/// Every setting, in the order of the controls. The URL is read in this order too, so a
/// setting's `after` step (choosing an optimizer resets its hyperparameters) comes before
/// the settings it adjusts.
pub static TABLE: &[Spec] = &[
    row!(run.dataset, Data, Kind::Choice(DATASETS), "circle", Dataset, HelpDataset, |_| true, |s| {
        if !supports(s.run.loss, s.task()) {
            s.run.loss = LossKind::Mse;
        }
        // MNIST-1D comes at the paper's size, 4,000 to train and 1,000 to test (the keys
        // after `dataset` in a link, or the controls, can change it).
        if s.run.dataset == DatasetKind::Mnist1d {
            s.run.points = 5000;
            s.run.split = 80;
        }
        Ok(())
    }),
    row!(run.noise, Data, Kind::Int { min: 0, max: 50 }, "0", Noise, HelpNoise, generated),
    row!(run.points, Data, Kind::Int { min: 20, max: 5000 }, "500", Points, HelpPoints, generated),
    row!(run.split, Data, Kind::Int { min: 10, max: 90 }, "50", Split, HelpSplit),
    row!(run.seed, Data, Kind::Int { min: 0, max: 999_999 }, "1", Seed, HelpSeed),
    row!(run.missing, Data, Kind::Float { min: 0.0, max: 1.0, log: false }, "0", Missing, HelpMissing, points),
    row!(run.outliers, Data, Kind::Float { min: 0.0, max: 1.0, log: false }, "0", Outliers, HelpOutliers, points),
    row!(run.label_noise, Data, Kind::Float { min: 0.0, max: 1.0, log: false }, "0", LabelNoise, HelpLabelNoise, not_sequences),
    row!(run.clean, Data, Kind::Bool, "0", Clean, HelpClean, points),
    row!(run.fill, Data, Kind::Choice(FILLS), "drop", Fill, HelpFill, |s| points(s) && s.run.clean),
    row!(run.x1_scale, Data, Kind::Float { min: 0.01, max: 1000.0, log: false }, "1", X1Scale, HelpX1Scale, points),
    row!(run.x1_offset, Data, Kind::Float { min: -1000.0, max: 1000.0, log: false }, "0", X1Offset, HelpX1Offset, points),
    row!(run.x2_scale, Data, Kind::Float { min: 0.01, max: 1000.0, log: false }, "1", X2Scale, HelpX2Scale, points),
    row!(run.x2_offset, Data, Kind::Float { min: -1000.0, max: 1000.0, log: false }, "0", X2Offset, HelpX2Offset, points),
    row!(run.features, Data, Kind::Flags(FEATURES), "x1,x2", Features, HelpFeatures, points),
    row!(run.scaling, Data, Kind::Choice(SCALINGS), "none", Scaling, HelpScaling, not_sequences),
    row!(run.image_size, Data, Kind::Int { min: 8, max: 32 }, "16", ImageSize, HelpImageSize, |s| matches!(s.run.dataset, DatasetKind::Shapes | DatasetKind::NewShapes)),
    row!(run.window, Data, Kind::Int { min: 2, max: 100 }, "20", Window, HelpWindow, |s| s.run.dataset.is_forecast()),
    row!(run.horizon, Data, Kind::Int { min: 1, max: 20 }, "1", Horizon, HelpHorizon, |s| s.run.dataset.is_forecast()),
    row!(run.seq_len, Data, Kind::Int { min: 4, max: 200 }, "50", SeqLen, HelpSeqLen, |s| s.run.dataset == DatasetKind::Adding),
    // Images (issue 11): the camera's faults, then the per-image preparation.
    row!(run.lighting, ImagePrep, Kind::Float { min: 0.0, max: 1.0, log: false }, "0", Lighting, HelpLighting, images),
    row!(run.contrast, ImagePrep, Kind::Float { min: 0.1, max: 1.0, log: false }, "1", Contrast, HelpContrast, images),
    row!(run.pixel_noise, ImagePrep, Kind::Float { min: 0.0, max: 0.5, log: false }, "0", PixelNoise, HelpPixelNoise, images),
    row!(run.equalize, ImagePrep, Kind::Choice(EQUALIZES), "none", Equalize, HelpEqualize, images),
    row!(run.clahe_tiles, ImagePrep, Kind::Int { min: 1, max: 8 }, "2", ClaheTiles, HelpClaheTiles, |s| images(s) && s.run.equalize == Equalize::Clahe),
    row!(run.clahe_clip, ImagePrep, Kind::Float { min: 0.001, max: 1.0, log: false }, "0.01", ClaheClip, HelpClaheClip,
        |s| images(s) && s.run.equalize == Equalize::Clahe),
    row!(run.per_image, ImagePrep, Kind::Choice(PER_IMAGES), "none", PerImage, HelpPerImage, images),
    // Augmentation of the training split (0 = off).
    row!(run.aug_shift, Augment, Kind::Float { min: 0.0, max: 0.3, log: false }, "0", AugShift, HelpAugShift, images),
    row!(run.aug_rotate, Augment, Kind::Float { min: 0.0, max: 45.0, log: false }, "0", AugRotate, HelpAugRotate, images),
    row!(run.aug_scale, Augment, Kind::Float { min: 0.0, max: 0.3, log: false }, "0", AugScale, HelpAugScale, images),
    row!(run.aug_flip, Augment, Kind::Bool, "0", AugFlip, HelpAugFlip, images),
    row!(run.aug_elastic, Augment, Kind::Float { min: 0.0, max: 1.0, log: false }, "0", AugElastic, HelpAugElastic, images),
    row!(run.aug_bright, Augment, Kind::Float { min: 0.0, max: 0.5, log: false }, "0", AugBright, HelpAugBright, images),
    row!(run.aug_noise, Augment, Kind::Float { min: 0.0, max: 0.5, log: false }, "0", AugNoise, HelpAugNoise, images),
    row!(run.aug_cutout, Augment, Kind::Float { min: 0.0, max: 0.5, log: false }, "0", AugCutout, HelpAugCutout, images),
    row!(run.train_n, Data, Kind::Int { min: 0, max: 20_000 }, "0", TrainN, HelpTrainN, images),
    // Choosing a pretrained model sets its layers, activation and initialization (before
    // `layers` in the table, so a link's own `layers` is read after and wins).
    row!(run.pretrained, Network, Kind::Choice(PRETRAINED), "none", Pretrained, HelpPretrained, images, |s| {
        if let Some(m) = s.run.pretrained.filter(|_| images(s)) {
            let source = Settings::from_hash(crate::models::recipe(m).hash).0;
            s.run.layers = source.run.layers;
            s.run.act = source.run.act;
            s.run.init = source.run.init;
            s.run.bn = source.run.bn;
        }
        Ok(())
    }),
    row!(run.head, Network, Kind::Choice(HEADS), "new", Head, HelpHead, pretrained),
    row!(run.base_lr_scale, Network, Kind::Float { min: 0.0, max: 1.0, log: false }, "1", BaseLrScale, HelpBaseLrScale, pretrained),
    row!(run.layers, Network, Kind::Arch, "d4,d2", Layers, HelpLayers),
    row!(run.act, Network, Kind::Choice(ACTIVATIONS), "tanh", Activation, HelpActivation),
    row!(run.init, Network, Kind::Choice(INITS), "xavier", Init, HelpInit),
    row!(run.dropout, Network, Kind::PerLayer { each: &Kind::Float { min: 0.0, max: MAX_DROPOUT, log: false } }, "0", Dropout, HelpDropout,
        |s| s.run.layers.weighted() > 0),
    row!(run.bn, Network, Kind::PerLayer { each: &Kind::Bool }, "0", BatchNorm, HelpBatchNorm, |s| s.run.layers.weighted() > 0),
    row!(run.freeze, Network, Kind::PerLayer { each: &Kind::Bool }, "0", Freeze, HelpFreeze, |s| s.run.layers.weighted() > 0 && images(s)),
    row!(run.loss, Training, Kind::Choice(LOSSES), "ce", LossFunction, HelpLossFunction, |_| true, |s| {
        if supports(s.run.loss, s.task()) { Ok(()) } else { Err(()) }
    }),
    row!(run.opt, Training, Kind::Choice(OPTIMIZERS), "sgd", Optimizer, HelpOptimizer, |_| true, |s| {
        s.apply_optimizer_defaults();
        Ok(())
    }),
    row!(run.lr, Training, Kind::Float { min: 1e-5, max: 10.0, log: true }, "0.03", LearningRate, HelpLearningRate),
    row!(run.momentum, Training, Kind::Float { min: 0.0, max: 0.999, log: false }, "0", Momentum, HelpMomentum,
        |s| uses(s, &[O::Momentum, O::Nesterov, O::Rmsprop])),
    row!(run.beta1, Training, Kind::Float { min: 0.0, max: 0.999, log: false }, "0.9", Beta1, HelpBeta1, |s| uses(s, &[O::Adam, O::Adamw])),
    row!(run.beta2, Training, Kind::Float { min: 0.0, max: 0.9999, log: false }, "0.999", Beta2, HelpBeta2, |s| uses(s, &[O::Adam, O::Adamw])),
    row!(run.rho, Training, Kind::Float { min: 0.0, max: 0.9999, log: false }, "0.9", Rho, HelpRho, |s| uses(s, &[O::Rmsprop, O::Adadelta])),
    row!(run.eps, Training, Kind::Float { min: 1e-12, max: 1.0, log: false }, "1e-8", Eps, HelpEps,
        |s| uses(s, &[O::Rmsprop, O::Adagrad, O::Adadelta, O::Adam, O::Adamw])),
    row!(run.weight_decay, Training, Kind::Float { min: 0.0, max: 1.0, log: false }, "0", WeightDecay, HelpWeightDecay),
    row!(run.centered, Training, Kind::Bool, "0", Centered, HelpCentered, |s| uses(s, &[O::Rmsprop])),
    row!(run.schedule, Training, Kind::Choice(SCHEDULES), "constant", Schedule, HelpSchedule),
    row!(run.batch, Training, Kind::Int { min: 1, max: 500 }, "10", BatchSize, HelpBatchSize),
    row!(run.reg, Training, Kind::Choice(REGS), "none", Regularization, HelpRegularization),
    row!(run.reg_rate, Training, Kind::Float { min: 0.0, max: 1.0, log: false }, "0.001", RegRate, HelpRegRate, |s| s.run.reg != RegKind::None),
    row!(run.clip, Training, Kind::Float { min: 0.0, max: 100.0, log: false }, "0", Clip, HelpClip),
    row!(page.show_test, View, Kind::Bool, "0", ShowTest, HelpShowTest),
    row!(page.compare, View, Kind::Bool, "0", Compare, HelpCompare),
    row!(page.lang, Page, Kind::Choice(LANGS), "en", Language, HelpLanguage),
    row!(page.theme, Page, Kind::Choice(THEMES), "auto", Theme, HelpTheme),
    row!(page.palette, Page, Kind::Choice(PALETTES), "playground", Palette, HelpPalette),
    row!(page.speed, Transport, Kind::Choice(SPEEDS), "max", Speed, HelpSpeed),
    // Optimizer race (issue 4). Choosing a function starts from its own start point.
    row!(page.func, Race, Kind::Choice(FUNCTIONS), "rosenbrock", RaceFunction, HelpRaceFunction, |_| true, |s| {
        s.page.func_start = StartPoint(None);
        Ok(())
    }),
    row!(page.func_k, Race, Kind::Float { min: 1.0, max: 1000.0, log: false }, "10", BowlCondition, HelpBowlCondition, |s| s.page.func.0 == "bowl"),
    row!(page.func_rot, Race, Kind::Float { min: -180.0, max: 180.0, log: false }, "30", BowlRotation, HelpBowlRotation, |s| s.page.func.0 == "bowl"),
    row!(page.func_start, Race, Kind::Point { min: -10.0, max: 10.0 }, "", RaceStart, HelpRaceStart, |s| s.page.func_start.0.is_some()),
    row!(page.race, Race, Kind::Racers { max: MAX_RACERS }, "sgd:0.001,momentum:0.001,adam:0.05", Racers, HelpRacers),
    row!(page.race_len, Race, Kind::Int { min: 10, max: 2000 }, "300", RaceSteps, HelpRaceSteps),
    // Loss surface (issue 4). The page sends an odd grid side (so (0, 0) is a grid node).
    row!(page.surface, Surface, Kind::Choice(SURFACE_DIRS), "random", SurfaceDirections, HelpSurfaceDirections),
    row!(page.surface_grid, Surface, Kind::Int { min: 11, max: 81 }, "41", SurfaceGrid, HelpSurfaceGrid),
    // Choosing the architecture (issue 15); the bounds must be in order.
    row!(page.arch_budget, Arch, Kind::Int { min: 5, max: 2000 }, "100", ArchBudget, HelpArchBudget),
    row!(page.grow_min_gain, Arch, Kind::Float { min: 0.0, max: 0.2, log: false }, "0.01", GrowMinGain, HelpGrowMinGain),
    row!(page.grow_patience, Arch, Kind::Int { min: 1, max: 5 }, "2", GrowPatience, HelpGrowPatience),
    row!(page.search_trials, Arch, Kind::Int { min: 1, max: 200 }, "12", SearchTrials, HelpSearchTrials),
    row!(page.search_depth, Arch, Kind::Int { min: 1, max: 6 }, "3", SearchDepth, HelpSearchDepth),
    row!(page.search_width, Arch, Kind::Int { min: 2, max: 64 }, "16", SearchWidth, HelpSearchWidth),
    row!(page.search_lr_min, Arch, Kind::Float { min: 1e-4, max: 1.0, log: true }, "0.003", SearchLrMin, HelpSearchLrMin, |_| true, |s| {
        if s.page.search_lr_min > s.page.search_lr_max { s.page.search_lr_max = s.page.search_lr_min }
        Ok(())
    }),
    row!(page.search_lr_max, Arch, Kind::Float { min: 1e-4, max: 1.0, log: true }, "0.3", SearchLrMax, HelpSearchLrMax, |_| true, |s| {
        if s.page.search_lr_min > s.page.search_lr_max { s.page.search_lr_min = s.page.search_lr_max }
        Ok(())
    }),
    row!(page.search_dropout, Arch, Kind::Float { min: 0.0, max: 0.5, log: false }, "0", SearchDropout, HelpSearchDropout),
    row!(page.search_acts, Arch, Kind::Choice(SEARCH_ACTS), "both", SearchActs, HelpSearchActs),
    row!(page.search_grid, Arch, Kind::Bool, "0", SearchGrid, HelpSearchGrid),
    row!(page.surface_live, Surface, Kind::Bool, "1", SurfaceLive, HelpSurfaceLive),
    // The back-propagation lab (issue 14); its settings mean something only while it is open.
    row!(page.lab, Lab, Kind::Bool, "0", LabOpen, HelpLabOpen),
    row!(page.lab_x, Lab, Kind::Rows { rows: MAX_BATCH, cols: MAX_INPUTS, bound: LAB_BOUND, empty: false }, "0.05,0.1", LabInputs, HelpLabInputs, lab_open, drop_unfitting_weights),
    row!(page.lab_y, Lab, Kind::Rows { rows: MAX_BATCH, cols: MAX_OUTPUTS, bound: LAB_BOUND, empty: false }, "0.01,0.99", LabTargets, HelpLabTargets, lab_open, drop_unfitting_weights),
    row!(page.lab_hidden, Lab, Kind::Widths { layers: MAX_HIDDEN_LAYERS, max: MAX_HIDDEN_UNITS }, "2", LabHidden, HelpLabHidden, lab_open, drop_unfitting_weights),
    row!(page.lab_act, Lab, Kind::Choice(ACTIVATIONS), "sigmoid", LabAct, HelpLabAct, |s| lab_open(s) && !s.page.lab_hidden.0.is_empty()),
    row!(page.lab_out_act, Lab, Kind::Choice(ACTIVATIONS), "sigmoid", LabOutAct, HelpLabOutAct, lab_open),
    row!(page.lab_loss, Lab, Kind::Choice(LAB_LOSSES), "mse", LabLossLabel, HelpLabLoss, lab_open),
    row!(page.lab_lr, Lab, Kind::Float { min: 1e-5, max: 10.0, log: true }, "0.5", LearningRate, HelpLabLr, lab_open),
    row!(page.lab_update_bias, Lab, Kind::Bool, "1", LabUpdateBias, HelpLabUpdateBias, lab_open),
    row!(page.lab_seed, Lab, Kind::Int { min: 0, max: 999_999 }, "1", LabSeed, HelpLabSeed, |s| lab_open(s) && s.page.lab_w.0.is_empty()),
    row!(page.lab_w, Lab, Kind::Rows { rows: 1, cols: MAX_LAB_WEIGHTS, bound: LAB_BOUND, empty: true }, "", LabWeights, HelpLabWeights,
        |s| lab_open(s) && !s.page.lab_w.0.is_empty()),
    // The classroom (issue 16). `lesson` comes first: `from_hash` starts from its settings.
    // Written to the URL only when set.
    row!(page.lesson, Classroom, Kind::Choice(LESSON_KEYS), "none", Lesson, HelpLesson, |s| s.page.lesson != LessonKey::None),
    row!(page.embed, Classroom, Kind::Bool, "0", Embed, HelpEmbed, |s| s.page.embed),
    row!(page.panels, Classroom, Kind::List(ListOf::Panels), "", Panels, HelpPanels, |s| !s.page.panels.0.is_empty()),
    row!(page.controls, Classroom, Kind::List(ListOf::Keys), "", ShownControls, HelpShownControls, |s| !s.page.controls.0.is_empty()),
    row!(page.autoplay, Classroom, Kind::Bool, "0", Autoplay, HelpAutoplay, |s| s.page.autoplay),
    row!(page.parent_origin, Classroom, Kind::List(ListOf::Origins), "", ParentOrigin, HelpParentOrigin, |s| !s.page.parent_origin.0.is_empty()),
];

/// The lab's settings mean something only while it is open.
fn lab_open(s: &Settings) -> bool {
    s.page.lab
}

/// A setting's key together with its value's type. The page changes settings through these
/// and [`Settings::put`]: no key spelled as a string, no value formatted by hand (keys are
/// strings only in the URL and in the table). Each is checked against [`TABLE`] by a test.
pub struct Key<V> {
    pub name: &'static str,
    value: std::marker::PhantomData<fn() -> V>,
}

impl<V> Clone for Key<V> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<V> Copy for Key<V> {}

impl<V> Key<V> {
    const fn new(name: &'static str) -> Key<V> {
        Key { name, value: std::marker::PhantomData }
    }
}

/// The lab's network, its starting weights and its mini-batch, read from the lab's settings.
#[derive(Clone, Debug, PartialEq)]
pub struct LabSetup {
    pub cfg: LabConfig,
    pub weights: LabWeights,
    pub batch: Vec<(Vec<f64>, Vec<f64>)>,
    /// The weights were typed (`lab_w`), not drawn from the seed.
    pub typed: bool,
}

/// The command line's short names for the lab's keys (`descent backprop 'loss=mse_half'`);
/// the page's hash (`lab_loss=mse_half`) works as well.
pub const LAB_ALIASES: &[(&str, &str)] = &[
    ("layers", "lab_hidden"),
    ("hidden", "lab_hidden"),
    ("act", "lab_act"),
    ("out_act", "lab_out_act"),
    ("loss", "lab_loss"),
    ("lr", "lab_lr"),
    ("update_bias", "lab_update_bias"),
    ("seed", "lab_seed"),
];

/// A lab hash with the command line's short names written as the table's keys (`layers=d2,d3`
/// as `lab_hidden=2,3`), and the lab open.
pub fn lab_hash(hash: &str) -> String {
    let mut parts = vec!["lab=1".to_string()];
    for pair in hash.trim_start_matches('#').split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match LAB_ALIASES.iter().find(|(short, _)| *short == key) {
            Some(&(short, long)) => {
                let value = if short == "layers" {
                    let dense: Option<Vec<&str>> = value.split(',').filter(|t| !t.is_empty()).map(|t| t.strip_prefix('d')).collect();
                    dense.map(|d| d.join(",")).unwrap_or_else(|| value.to_string())
                } else {
                    value.to_string()
                };
                parts.push(format!("{long}={value}"));
            }
            None => parts.push(pair.to_string()),
        }
    }
    parts.join("&")
}

impl Settings {
    /// The lab's neurons per layer, inputs first: the inputs' and targets' row lengths around
    /// the hidden widths.
    fn lab_widths(&self) -> Vec<usize> {
        let p = &self.page;
        std::iter::once(p.lab_x.0.first().map_or(0, Vec::len))
            .chain(p.lab_hidden.0.iter().copied())
            .chain(std::iter::once(p.lab_y.0.first().map_or(0, Vec::len)))
            .collect()
    }

    /// The lab's rows the page shows as generated controls, in table order: all but the
    /// switch that opens it and the typed weights (which have their own table).
    pub fn lab_controls() -> impl Iterator<Item = &'static Spec> {
        TABLE.iter().filter(|s| s.group == Group::Lab && s.key != keys::LAB.name && s.key != keys::LAB_W.name)
    }

    /// The lab's network, weights and mini-batch, or what stops them: inputs and targets
    /// of different counts, a network the lab cannot hold, typed weights of another shape.
    pub fn lab_setup(&self) -> Result<LabSetup, crate::engine::Problem> {
        use crate::engine::Problem as P;
        let p = &self.page;
        let (x, y) = (&p.lab_x.0, &p.lab_y.0);
        let widths = self.lab_widths();
        let (inputs, outputs) = (widths[0], widths[widths.len() - 1]);
        if x.len() != y.len() {
            return Err(P::LabExample { inputs, outputs, got_inputs: x.len(), got_outputs: y.len() });
        }
        let cfg = LabConfig {
            inputs,
            hidden: p.lab_hidden.0.clone(),
            outputs,
            act: p.lab_act,
            out_act: p.lab_out_act,
            loss: p.lab_loss,
            lr: p.lab_lr,
            update_bias: p.lab_update_bias,
        };
        cfg.check()?;
        let typed = !p.lab_w.0.is_empty();
        let weights = if typed {
            p.lab_w.0.first().and_then(|w| unflatten(&cfg.widths(), w)).ok_or(P::LabWeights { widths: cfg.widths() })?
        } else {
            cfg.random_weights(p.lab_seed)
        };
        Ok(LabSetup { cfg, weights, batch: x.iter().cloned().zip(y.iter().cloned()).collect(), typed })
    }
}

/// Typed weights that no longer fit the network (its inputs, outputs or hidden layers
/// changed) are dropped: the seed's weights take over.
fn drop_unfitting_weights(s: &mut Settings) -> Result<(), ()> {
    let Some(w) = s.page.lab_w.0.first() else { return Ok(()) };
    if unflatten(&s.lab_widths(), w).is_none() {
        s.page.lab_w = Rows(vec![]);
    }
    Ok(())
}

/// Layer widths (`Kind::Widths`): the lab's hidden layers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Widths(pub Vec<usize>);

impl Field for Widths {
    fn parse(raw: &str, kind: &Kind) -> Result<Widths, ()> {
        let Kind::Widths { layers, max } = *kind else { return Err(()) };
        if raw.trim().is_empty() {
            return Ok(Widths(vec![]));
        }
        let v: Vec<usize> = raw.split(',').map(|t| t.trim().parse::<usize>().ok().filter(|w| (1..=max).contains(w))).collect::<Option<_>>().ok_or(())?;
        if v.len() > layers {
            return Err(());
        }
        Ok(Widths(v))
    }
    fn show(&self) -> String {
        self.0.iter().map(usize::to_string).collect::<Vec<_>>().join(",")
    }
}

/// Rows of numbers (`Kind::Rows`): the lab's inputs, targets and typed weights.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rows(pub Vec<Vec<f64>>);

impl Field for Rows {
    fn parse(raw: &str, kind: &Kind) -> Result<Rows, ()> {
        let Kind::Rows { rows, cols, bound, empty } = *kind else { return Err(()) };
        if raw.trim().is_empty() {
            return if empty { Ok(Rows(vec![])) } else { Err(()) };
        }
        let v: Vec<Vec<f64>> = raw
            .split(';')
            .map(|row| row.split(',').map(|t| t.trim().parse::<f64>().ok().filter(|v| v.is_finite() && v.abs() <= bound)).collect::<Option<Vec<f64>>>())
            .collect::<Option<_>>()
            .ok_or(())?;
        let width = v[0].len();
        if v.len() > rows || width == 0 || width > cols || v.iter().any(|r| r.len() != width) {
            return Err(());
        }
        Ok(Rows(v))
    }
    fn show(&self) -> String {
        self.0.iter().map(|r| r.iter().map(|v| format!("{v}")).collect::<Vec<_>>().join(",")).collect::<Vec<_>>().join(";")
    }
}

/// The largest value the lab takes for an input, a target or a weight.
pub const LAB_BOUND: f64 = 100.0;

/// `v` rounded to `digits` significant decimal digits (the nearest f64, so it reads back as
/// written: 0.0032, not 0.0032000000000000002).
pub fn round_significant(v: f64, digits: usize) -> f64 {
    format!("{:.*e}", digits.saturating_sub(1), v).parse().unwrap_or(v)
}

/// `v` rounded to `places` decimal places (as [`round_significant`], the nearest f64).
pub fn round_places(v: f64, places: usize) -> f64 {
    let r: f64 = format!("{v:.places$}").parse().unwrap_or(v);
    if r == 0.0 { 0.0 } else { r }
}

/// The keys the page sets outside the generated controls.
pub mod keys {
    use super::{Arch, FuncName, Key, Racers, Rows, StartPoint, SurfaceDir};
    pub const LR: Key<f64> = Key::new("lr");
    pub const LAYERS: Key<Arch> = Key::new("layers");
    pub const FUNC: Key<FuncName> = Key::new("func");
    pub const FUNC_START: Key<StartPoint> = Key::new("func_start");
    pub const FUNC_K: Key<f64> = Key::new("func_k");
    pub const FUNC_ROT: Key<f64> = Key::new("func_rot");
    pub const RACE_LEN: Key<u64> = Key::new("race_len");
    pub const RACE: Key<Racers> = Key::new("race");
    pub const SURFACE: Key<SurfaceDir> = Key::new("surface");
    pub const SURFACE_GRID: Key<u64> = Key::new("surface_grid");
    pub const SURFACE_LIVE: Key<bool> = Key::new("surface_live");
    pub const LAB: Key<bool> = Key::new("lab");
    pub const LAB_SEED: Key<u64> = Key::new("lab_seed");
    pub const LAB_W: Key<Rows> = Key::new("lab_w");
}

/// Ready-made models (the architecture panel's menu): for a data kind, the layers, the name and
/// where it comes from.
pub const ARCH_PRESETS: &[(crate::engine::DataKind, &str, T, T)] = {
    use crate::engine::DataKind::{Images, Points, Sequences};
    &[
        (Points, "d4,d2", T::PresetPlayground, T::PresetPlaygroundFrom),
        (Points, "d8", T::PresetTiny, T::PresetTinyFrom),
        (Points, "d32", T::PresetWide, T::PresetWideFrom),
        (Points, "d8,d8,d8,d8", T::PresetDeep, T::PresetDeepFrom),
        (Images, "d64", T::PresetMlp, T::PresetMlpFrom),
        (Images, "c6k5,mp2,c16k5,mp2,d120,d84", T::PresetLenet, T::PresetLenetFrom),
        (Images, "c8k3,c8k3,mp2,c16k3,c16k3,mp2", T::PresetVgg, T::PresetVggFrom),
        (Sequences, "d32", T::PresetSeqMlp, T::PresetSeqMlpFrom),
        (Sequences, "c8k5,mp2,c16k5,mp2", T::PresetSeqCnn, T::PresetSeqCnnFrom),
        (Sequences, "rnn16", T::PresetSeqRnn, T::PresetSeqRnnFrom),
        (Sequences, "lstm16", T::PresetSeqLstm, T::PresetSeqLstmFrom),
        (Sequences, "gru16", T::PresetSeqGru, T::PresetSeqGruFrom),
    ]
};

/// `descent grow` and `descent search`: each flag and the setting it sets.
pub const GROW_FLAGS: &[(&str, &str)] = &[("budget", "arch_budget"), ("patience", "grow_patience"), ("min-gain", "grow_min_gain")];
pub const SHRINK_FLAGS: &[(&str, &str)] = &[("budget", "arch_budget"), ("max-loss", "grow_min_gain")];
pub const SEARCH_FLAGS: &[(&str, &str)] = &[
    ("budget", "arch_budget"),
    ("trials", "search_trials"),
    ("max-depth", "search_depth"),
    ("max-width", "search_width"),
    ("lr-min", "search_lr_min"),
    ("lr-max", "search_lr_max"),
    ("max-dropout", "search_dropout"),
    ("acts", "search_acts"),
    ("grid", "search_grid"),
];

/// The lab's examples (a button each): Mazur's worked example, XOR as a mini-batch of four,
/// and the smallest network there is.
pub const LAB_PRESETS: &[(T, &str)] = &[
    (
        T::LabPresetMazur,
        "lab_x=0.05,0.1&lab_y=0.01,0.99&lab_hidden=2&lab_act=sigmoid&lab_out_act=sigmoid&lab_loss=mse_half&lab_lr=0.5&lab_update_bias=0\
         &lab_w=0.15,0.2,0.25,0.3,0.35,0.35,0.4,0.45,0.5,0.55,0.6,0.6",
    ),
    (T::LabPresetXor, "lab_x=0,0;0,1;1,0;1,1&lab_y=0;1;1;0&lab_hidden=2&lab_act=sigmoid&lab_out_act=sigmoid&lab_loss=mse&lab_lr=3&lab_update_bias=1&lab_w=&lab_seed=1"),
    (T::LabPresetLine, "lab_x=1.5&lab_y=0.5&lab_hidden=&lab_out_act=linear&lab_loss=mse_half&lab_lr=0.1&lab_update_bias=1&lab_w=0.8,0.2"),
];

impl Settings {
    /// These settings with a preset's pairs set in their order (a bad pair is skipped; the
    /// presets are checked by a test).
    pub fn with_pairs(&self, pairs: &str) -> Settings {
        let mut s = self.clone();
        for pair in pairs.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            s.set(key, value);
        }
        s
    }
}

pub fn spec(key: &str) -> Option<&'static Spec> {
    TABLE.iter().find(|s| s.key == key)
}

/// Something wrong in a URL hash, kept to tell the user.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    UnknownKey { key: String },
    BadValue { key: &'static str, value: String, using: String },
}

impl Problem {
    /// One line for the notice, e.g. `lr=banana is not valid; expected a number from 0.00001 to 10; using 0.03`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Problem::UnknownKey { key } => format!("{}: {key}", lang.t(T::UnknownKey)),
            Problem::BadValue { key, value, using } => {
                let expected = spec(key).map(|s| describe(&s.kind, lang)).unwrap_or_default();
                format!("{key}={value} {} {expected}; {} {using}", lang.t(T::BadValue), lang.t(T::UsingDefault))
            }
        }
    }
}

/// What a kind accepts, in words.
pub fn describe(kind: &Kind, lang: Lang) -> String {
    match *kind {
        Kind::Choice(options) => {
            format!("{} {}", lang.t(T::OneOf), options.iter().map(|o| o.0).collect::<Vec<_>>().join(", "))
        }
        Kind::Int { min, max } => format!("{} {min} {} {max}", lang.t(T::NumberFrom), lang.t(T::To)),
        Kind::Float { min, max, .. } => format!("{} {min} {} {max}", lang.t(T::NumberFrom), lang.t(T::To)),
        Kind::Arch => format!("{} {MAX_LAYERS} {}", lang.t(T::ListOf), lang.t(T::LayerTokens)),
        Kind::Bool => lang.t(T::ZeroOrOne).into(),
        Kind::PerLayer { each } => format!("{} {}", lang.t(T::PerLayerOf), describe(each, lang)),
        Kind::Flags(options) => {
            format!("{} {}", lang.t(T::SetOf), options.iter().map(|o| o.0).collect::<Vec<_>>().join(", "))
        }
        Kind::Point { min, max } => format!("{} {min} {} {max}", lang.t(T::PointFrom), lang.t(T::To)),
        Kind::Racers { max } => format!("{} {max} {}", lang.t(T::ListOf), lang.t(T::RacersOf)),
        Kind::Widths { layers, max } => format!("{} {layers}: {} 1 {} {max}", lang.t(T::ListOf), lang.t(T::NumberFrom), lang.t(T::To)),
        Kind::List(ListOf::Panels) => format!("{} {}", lang.t(T::SetOf), PANELS.iter().map(|o| o.0).collect::<Vec<_>>().join(", ")),
        Kind::List(ListOf::Keys) => lang.t(T::ListOfKeys).into(),
        Kind::List(ListOf::Origins) => format!("{} {MAX_ORIGINS} {}", lang.t(T::ListOf), lang.t(T::OriginsOf)),
        Kind::Rows { rows, cols, bound, .. } => {
            format!("{} {rows} {}, {} {cols} {}, {} −{bound} {} {bound}", lang.t(T::RowsUpTo), lang.t(T::RowsSeparated), lang.t(T::EachRowUpTo), lang.t(T::NumbersComma), lang.t(T::NumberFrom), lang.t(T::To))
        }
    }
}

fn percent_decode(s: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let decoded = match bytes[i] {
            b'%' if i + 2 < bytes.len() => hex(bytes[i + 1]).zip(hex(bytes[i + 2])).map(|(h, l)| h * 16 + l),
            _ => None,
        };
        match decoded {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Default for Settings {
    /// The table's defaults.
    fn default() -> Settings {
        let mut s = Settings {
            run: RunSettings {
                dataset: DatasetKind::Circle,
                noise: 0,
                points: 0,
                split: 0,
                seed: 0,
                missing: 0.0,
                outliers: 0.0,
                label_noise: 0.0,
                clean: false,
                fill: Fill::Drop,
                x1_scale: 0.0,
                x1_offset: 0.0,
                x2_scale: 0.0,
                x2_offset: 0.0,
                features: Features::XY,
                scaling: Scaling::None,
                image_size: 0,
                window: 0,
                horizon: 0,
                seq_len: 0,
                clip: 0.0,
                lighting: 0.0,
                contrast: 0.0,
                pixel_noise: 0.0,
                equalize: Equalize::None,
                clahe_tiles: 0,
                clahe_clip: 0.0,
                per_image: PerImage::None,
                aug_shift: 0.0,
                aug_rotate: 0.0,
                aug_scale: 0.0,
                aug_flip: false,
                aug_elastic: 0.0,
                aug_bright: 0.0,
                aug_noise: 0.0,
                aug_cutout: 0.0,
                train_n: 0,
                pretrained: None,
                freeze: vec![],
                head: Head::New,
                base_lr_scale: 1.0,
                layers: Arch::default(),
                act: Activation::Tanh,
                init: Init::Xavier,
                dropout: vec![],
                bn: vec![],
                loss: LossKind::Ce,
                opt: OptimizerKind::Sgd,
                lr: 0.0,
                momentum: 0.0,
                beta1: 0.0,
                beta2: 0.0,
                rho: 0.0,
                eps: 0.0,
                weight_decay: 0.0,
                centered: false,
                schedule: Schedule::Constant,
                batch: 0,
                reg: RegKind::None,
                reg_rate: 0.0,
                custom: Arc::new(vec![]),
            },
            page: PageSettings {
                show_test: false,
                compare: false,
                speed: Speed::Max,
                lang: Lang::En,
                theme: Theme::Auto,
                palette: Palette::Playground,
                func: FuncName("rosenbrock"),
                func_k: 0.0,
                func_rot: 0.0,
                func_start: StartPoint(None),
                race: Racers(vec![]),
                race_len: 0,
                surface: SurfaceDir::Random,
                surface_grid: 0,
                arch_budget: 0,
                grow_min_gain: 0.0,
                grow_patience: 0,
                search_trials: 0,
                search_depth: 0,
                search_width: 0,
                search_lr_min: 0.0,
                search_lr_max: 0.0,
                search_dropout: 0.0,
                search_acts: SearchActs::Both,
                search_grid: false,
                surface_live: false,
                lab: false,
                lab_hidden: Widths(vec![]),
                lab_act: Activation::Sigmoid,
                lab_out_act: Activation::Sigmoid,
                lab_loss: LabLoss::Mse,
                lab_lr: 0.0,
                lab_update_bias: true,
                lab_seed: 0,
                lab_x: Rows(vec![]),
                lab_y: Rows(vec![]),
                lab_w: Rows(vec![]),
                lesson: LessonKey::None,
                embed: false,
                panels: Panels(vec![]),
                controls: Keys(vec![]),
                autoplay: false,
                parent_origin: Origins(vec![]),
            },
            b: vec![],
        };
        for spec in TABLE {
            (spec.set)(&mut s, spec.default, &spec.kind).expect("table defaults are valid");
        }
        s
    }
}

impl Settings {
    /// Reads a URL hash (with or without the leading `#`), key by key in table order.
    /// Unknown keys and bad values are reported and skipped, so the result is always valid:
    /// a bad value keeps the default.
    pub fn from_hash(hash: &str) -> (Settings, Vec<Problem>) {
        let mut s = Settings::lesson_base(hash);
        let mut problems = Vec::new();
        let mut pairs: Vec<(usize, String)> = Vec::new();
        let mut b_pairs: Vec<(usize, String)> = Vec::new();
        for pair in hash.trim_start_matches('#').split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let (key, value) = (percent_decode(key), percent_decode(value));
            let (name, for_b) = match key.strip_prefix("b.") {
                Some(name) => (name, true),
                None => (key.as_str(), false),
            };
            // Old links: `hidden=8,8` is `layers=d8,d8`.
            let (name, value) = if name == "hidden" { ("layers", hidden_as_layers(&value)) } else { (name, value) };
            match TABLE.iter().position(|spec| spec.key == name) {
                Some(i) if for_b && !TABLE[i].page => b_pairs.push((i, value)),
                Some(i) if !for_b => pairs.push((i, value)),
                _ => problems.push(Problem::UnknownKey { key }),
            }
        }
        pairs.sort_by_key(|p| p.0);
        let mut seen = vec![false; TABLE.len()];
        for (i, value) in pairs {
            let spec = &TABLE[i];
            if !s.set(spec.key, &value) {
                if seen[i] {
                    // A bad repeat undoes an earlier good value of the same key.
                    let _ = s.set(spec.key, spec.default);
                }
                problems.push(Problem::BadValue { key: spec.key, value, using: (spec.get)(&s) });
            }
            seen[i] = true;
        }
        // Run B: these settings with the `b.` keys replayed in table order.
        b_pairs.sort_by_key(|p| p.0);
        let mut b = s.clone();
        for (i, value) in b_pairs {
            let key = TABLE[i].key;
            if !b.set(key, &value) {
                problems.push(Problem::BadValue { key, value, using: (TABLE[i].get)(&b) });
            }
        }
        s.b = Settings::diff(&s, &b);
        (s, problems)
    }

    /// What a hash's keys apply to: the settings of its lesson (`lesson=…`, the last one
    /// given, when valid), or the table's defaults.
    fn lesson_base(hash: &str) -> Settings {
        let key = hash
            .trim_start_matches('#')
            .split('&')
            .filter_map(|p| p.split_once('='))
            .filter(|(k, _)| percent_decode(k) == "lesson")
            .filter_map(|(_, v)| LessonKey::from_name(percent_decode(v).trim()))
            .next_back();
        match key.and_then(crate::lessons::lesson) {
            Some(l) => {
                let (mut s, _) = Settings::from_hash(l.hash);
                s.page.lesson = l.key;
                s
            }
            None => Settings::default(),
        }
    }

    /// Run B: these settings with B's differences applied.
    pub fn run_b(&self) -> Settings {
        let mut b = self.clone();
        b.b.clear();
        for (key, value) in &self.b {
            b.set(key, value);
        }
        b
    }

    /// The differences that turn `a` into `b`, as URL pairs in table order: each key whose
    /// value still differs after the earlier ones are applied (choosing an optimizer resets
    /// its hyperparameters, so order matters).
    fn diff(a: &Settings, b: &Settings) -> Vec<(&'static str, String)> {
        let mut current = a.clone();
        current.b.clear();
        let mut out = Vec::new();
        for spec in TABLE.iter().filter(|spec| !spec.page) {
            let want = (spec.get)(b);
            if (spec.get)(&current) != want && current.set(spec.key, &want) {
                out.push((spec.key, want));
            }
        }
        out
    }

    /// Sets one key of run B; false (and no change) when not valid or a page setting.
    pub fn set_b(&mut self, key: &str, value: &str) -> bool {
        let mut b = self.run_b();
        if is_page_key(key) || !b.set(key, value) {
            return false;
        }
        self.b = Settings::diff(self, &b);
        true
    }

    /// The whole state as a URL hash without the `#`: every relevant key, in table order,
    /// then run B's differences as `b.<key>` when comparing.
    pub fn to_hash(&self) -> String {
        let mut parts: Vec<String> =
            TABLE.iter().filter(|spec| (spec.relevant)(self)).map(|spec| (spec.key, (spec.get)(self)))
                .filter(|(key, value)| !(QUIET.contains(key) && TABLE.iter().any(|s| s.key == *key && s.default == value)))
                .map(|(key, value)| format!("{key}={value}")).collect();
        if self.page.compare {
            parts.extend(self.b.iter().map(|(k, v)| format!("b.{k}={v}")));
        }
        parts.join("&")
    }

    /// Run B's engine configuration, when comparing.
    pub fn train_config_b(&self) -> Option<TrainConfig> {
        self.page.compare.then(|| self.run_b().train_config())
    }

    pub fn get(&self, key: &str) -> Option<String> {
        spec(key).map(|s| (s.get)(self))
    }

    /// Sets a setting to a typed value (see [`keys`]), through the same validation as the URL
    /// (range, choices, the row's `after` step); false (and no change) when refused.
    pub fn put<V: Field>(&mut self, key: Key<V>, value: V) -> bool {
        self.set(key.name, &value.show())
    }

    /// Sets one key from its URL form; false (and no change) when the value is not valid.
    pub fn set(&mut self, key: &str, value: &str) -> bool {
        match spec(key) {
            Some(spec) => {
                let mut trial = self.clone();
                let ok = (spec.set)(&mut trial, value, &spec.kind).is_ok();
                if ok {
                    *self = trial;
                }
                ok
            }
            None => false,
        }
    }

    /// PyTorch's default hyperparameters for the chosen optimizer, and a starting rate.
    fn apply_optimizer_defaults(&mut self) {
        let d = OptimizerConfig::defaults(self.run.opt, suggested_lr(self.run.opt));
        self.run.lr = d.lr;
        self.run.momentum = d.momentum;
        self.run.beta1 = d.beta1;
        self.run.beta2 = d.beta2;
        self.run.rho = d.rho;
        self.run.eps = d.eps;
        self.run.weight_decay = d.weight_decay;
        self.run.centered = d.centered;
    }

    /// The race's test function, with the bowl's condition number and rotation.
    pub fn test_function(&self) -> TestFunction {
        match TestFunction::from_name(self.page.func.0) {
            Some(TestFunction::Bowl { .. }) => TestFunction::Bowl { condition: self.page.func_k, rotation_deg: self.page.func_rot },
            Some(f) => f,
            None => TestFunction::Rosenbrock,
        }
    }

    /// Where the race starts: the chosen point, or the function's own start.
    pub fn race_start(&self) -> (f64, f64) {
        self.page.func_start.0.unwrap_or_else(|| self.test_function().default_start())
    }

    /// What the labels mean: the dataset's task, or for the user's points, the task their
    /// labels show (all 0/1: two classes; whole numbers up to 3: that many classes; else
    /// regression).
    pub fn task(&self) -> Task {
        match self.run.dataset {
            DatasetKind::Custom => infer_task(self.run.custom.iter().map(|s| s.label)),
            kind => kind.task(),
        }
    }

    /// Uses the user's points (e.g. a parsed CSV's good rows): `dataset` becomes `custom`,
    /// and the loss becomes MSE if the points' task cannot use the current one.
    pub fn set_custom(&mut self, points: Vec<Sample>) {
        self.run.custom = Arc::new(points);
        self.use_custom();
    }

    /// Adds one point (a click on the plot) to the user's points and uses them; false (and
    /// no change) when there are already 10,000.
    pub fn add_point(&mut self, point: Sample) -> bool {
        if self.run.custom.len() >= MAX_ROWS {
            return false;
        }
        Arc::make_mut(&mut self.run.custom).push(point);
        self.use_custom();
        true
    }

    /// Removes the user's point nearest to (x, y) if it lies within `radius` (a click on the
    /// plot); false (and no change) when there is none that close.
    pub fn remove_nearest(&mut self, x: f32, y: f32, radius: f32) -> bool {
        let d2 = |s: &Sample| (s.x - x) * (s.x - x) + (s.y - y) * (s.y - y);
        let nearest = self.run.custom.iter().enumerate().min_by(|a, b| d2(a.1).total_cmp(&d2(b.1))).map(|(i, s)| (i, d2(s)));
        match nearest {
            Some((i, d)) if d <= radius * radius => {
                Arc::make_mut(&mut self.run.custom).remove(i);
                self.use_custom();
                true
            }
            _ => false,
        }
    }

    /// These settings (e.g. just read from a hash, which holds no points) with the user's
    /// points of `old`; the loss becomes MSE if those points need it.
    pub fn keeping_custom(mut self, old: &Settings) -> Settings {
        self.run.custom = old.run.custom.clone();
        if !supports(self.run.loss, self.task()) {
            self.run.loss = LossKind::Mse;
        }
        self
    }

    fn use_custom(&mut self) {
        self.run.dataset = DatasetKind::Custom;
        if !supports(self.run.loss, self.task()) {
            self.run.loss = LossKind::Mse;
        }
    }

    /// What one example looks like: the chosen features of a point, or an image.
    pub fn input_shape(&self) -> Shape {
        match self.run.dataset {
            DatasetKind::Digits | DatasetKind::DigitsLow | DatasetKind::DigitsHigh => Shape::Image { channels: 1, height: DIGITS_SIDE, width: DIGITS_SIDE },
            DatasetKind::Shapes | DatasetKind::NewShapes => Shape::Image { channels: 1, height: self.run.image_size as usize, width: self.run.image_size as usize },
            DatasetKind::Sines | DatasetKind::Waves | DatasetKind::Season => Shape::Sequence { steps: self.run.window as usize, features: 1 },
            DatasetKind::Adding => Shape::Sequence { steps: self.run.seq_len as usize, features: 2 },
            DatasetKind::Mnist1d => Shape::Sequence { steps: crate::engine::sequences::MNIST1D_LEN, features: 1 },
            _ => Shape::Flat { features: self.run.features.len() },
        }
    }

    /// The augmentation these settings ask for (none for points).
    pub fn augment(&self) -> Augment {
        if !images(self) {
            return Augment::default();
        }
        Augment {
            shift: self.run.aug_shift,
            rotate: self.run.aug_rotate,
            scale: self.run.aug_scale,
            flip: self.run.aug_flip,
            elastic: self.run.aug_elastic,
            bright: self.run.aug_bright,
            noise: self.run.aug_noise,
            cutout: self.run.aug_cutout,
        }
    }

    /// The engine's view of these settings.
    /// Growth until no improvement, as the settings ask (`grow_min_gain`, `grow_patience`).
    pub fn grow_strategy(&self) -> crate::engine::arch_search::Strategy {
        crate::engine::arch_search::Strategy::Grow { min_gain: self.page.grow_min_gain, patience: self.page.grow_patience as usize }
    }

    /// Shrinking the page's network until a round loses more than `grow_min_gain`.
    pub fn shrink_strategy(&self) -> crate::engine::arch_search::Strategy {
        crate::engine::arch_search::Strategy::Shrink { max_loss: self.page.grow_min_gain }
    }

    /// The random search the settings ask for (`search_*`).
    pub fn search_strategy(&self) -> crate::engine::arch_search::Strategy {
        let p = &self.page;
        let bounds = crate::engine::arch_search::Bounds {
            depth: (1, p.search_depth as usize),
            width: (2, p.search_width as usize),
            lr: (p.search_lr_min, p.search_lr_max),
            max_dropout: p.search_dropout,
            activations: p.search_acts.activations(),
        };
        let trials = p.search_trials as usize;
        if p.search_grid {
            crate::engine::arch_search::Strategy::Grid { trials, bounds }
        } else {
            crate::engine::arch_search::Strategy::Random { trials, bounds }
        }
    }

    /// These settings with a tried network's layers, activation, rate and dropout, and no
    /// batch norm: the link that reproduces it.
    pub fn with_candidate(&self, c: &crate::engine::arch_search::Candidate) -> Settings {
        let mut s = self.clone();
        s.run.layers = c.layers.clone();
        s.run.act = c.activation;
        s.run.lr = c.lr;
        let n = c.layers.weighted();
        s.run.dropout = vec![c.dropout; n.max(1)];
        s.run.bn = vec![false; n.max(1)];
        s
    }

    pub fn train_config(&self) -> TrainConfig {
        TrainConfig {
            data: DataConfig {
                kind: self.run.dataset,
                points: self.run.points as usize,
                noise: self.run.noise as f64 / 100.0,
                train_fraction: self.run.split as f64 / 100.0,
                seed: self.run.seed,
                custom: if self.run.dataset == DatasetKind::Custom { self.run.custom.to_vec() } else { vec![] },
                image_size: self.run.image_size as usize,
                train_limit: self.run.train_n as usize,
                seq: crate::engine::data::SeqShape { window: self.run.window as usize, horizon: self.run.horizon as usize, seq_len: self.run.seq_len as usize },
            },
            prep: PrepConfig {
                x1_scale: self.run.x1_scale,
                x1_offset: self.run.x1_offset,
                x2_scale: self.run.x2_scale,
                x2_offset: self.run.x2_offset,
                missing: self.run.missing,
                outliers: self.run.outliers,
                label_noise: self.run.label_noise,
                clean: self.run.clean,
                fill: self.run.fill,
                features: self.run.features,
                scaling: self.run.scaling,
                image: ImagePrep {
                    lighting: self.run.lighting,
                    contrast: self.run.contrast,
                    pixel_noise: self.run.pixel_noise,
                    equalize: self.run.equalize,
                    clahe_tiles: self.run.clahe_tiles as usize,
                    clahe_clip: self.run.clahe_clip,
                    per_image: self.run.per_image,
                },
            },
            model: ModelConfig {
                input: self.input_shape(),
                layers: self.run.layers.clone(),
                activation: self.run.act,
                outputs: self.task().outputs(),
                init: self.run.init,
                dropout: per_layer(&self.run.dropout, self.run.layers.weighted()),
                batch_norm: per_layer(&self.run.bn, self.run.layers.weighted()),
            },
            optimizer: OptimizerConfig {
                kind: self.run.opt,
                lr: self.run.lr,
                momentum: self.run.momentum,
                beta1: self.run.beta1,
                beta2: self.run.beta2,
                rho: self.run.rho,
                eps: self.run.eps,
                weight_decay: self.run.weight_decay,
                centered: self.run.centered,
            },
            loss: self.run.loss,
            schedule: self.run.schedule,
            reg: self.run.reg,
            reg_rate: self.run.reg_rate,
            clip: self.run.clip,
            batch_size: self.run.batch as usize,
            augment: self.augment(),
            transfer: Transfer {
                pretrained: self.run.pretrained.filter(|_| self.run.dataset.data_kind() == DataKind::Images),
                freeze: if self.run.dataset.data_kind() == DataKind::Images { per_layer(&self.run.freeze, self.run.layers.weighted()) } else { vec![] },
                keep_head: self.run.head == Head::Keep,
                base_lr_scale: self.run.base_lr_scale,
            },
            seed: self.run.seed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Trainer;

    #[test]
    fn typed_keys_are_rows_of_the_table_and_put_validates_like_the_url() {
        fn check<V: Field>(key: Key<V>, good: V, bad: Option<V>) {
            let row = spec(key.name).unwrap_or_else(|| panic!("{} is a row of the table", key.name));
            let mut s = Settings::default();
            let want = good.show();
            assert!(s.put(key, good), "{} accepts {want}", key.name);
            assert_eq!((row.get)(&s), want, "{} reads back", key.name);
            if let Some(bad) = bad {
                let before = s.clone();
                assert!(!s.put(key, bad), "{} refuses an out-of-range value", key.name);
                assert_eq!(s, before, "a refused value changes nothing");
            }
        }
        check(keys::LR, 0.0032, Some(50.0));
        check(keys::FUNC, FuncName("bowl"), None);
        check(keys::FUNC_K, 30.0, Some(0.5));
        check(keys::FUNC_ROT, -45.0, Some(400.0));
        check(keys::RACE_LEN, 100, Some(5));
        check(keys::FUNC_START, StartPoint(Some((1.25, -0.5))), Some(StartPoint(Some((99.0, 0.0)))));
        check(keys::RACE, Racers(vec![Racer::new(OptimizerKind::Adam)]), Some(Racers(vec![Racer::new(OptimizerKind::Sgd); MAX_RACERS + 1])));
        check(keys::SURFACE, SurfaceDir::Pca, None);
        check(keys::SURFACE_GRID, 21, Some(3));
        check(keys::SURFACE_LIVE, false, None);
        // Rounding for the URL is a value, not a format.
        assert_eq!(round_significant(0.003_214, 2).to_string(), "0.0032");
        assert_eq!(round_places(-1.23456, 3).to_string(), "-1.235");
        assert_eq!(round_places(-0.0001, 3).to_string(), "0");
    }

    #[test]
    fn every_closed_set_lists_each_value_once() {
        fn check<V: Named + std::fmt::Debug>() {
            for (v, name, _) in V::ALL {
                assert_eq!(V::from_name(name), Some(*v));
                assert_eq!(v.name(), *name);
            }
            let names: std::collections::BTreeSet<_> = V::ALL.iter().map(|(_, n, _)| n).collect();
            assert_eq!(names.len(), V::ALL.len(), "names are distinct");
        }
        // The engine's own names (its command line's JSON) and lists are the URL's.
        assert_eq!(OptimizerKind::ALL.to_vec(), <OptimizerKind as Named>::ALL.iter().map(|(v, _, _)| *v).collect::<Vec<_>>());
        for (v, name, _) in <OptimizerKind as Named>::ALL {
            assert_eq!(v.name(), *name);
        }
        for (v, name, _) in <LossKind as Named>::ALL {
            assert_eq!(v.name(), *name);
        }
        check::<DatasetKind>();
        check::<OptimizerKind>();
        check::<LossKind>();
        check::<SurfaceDir>();
        check::<Speed>();
        // A speed's word is its epochs per second.
        assert_eq!(<Speed as Named>::ALL.iter().map(|(s, _, _)| s.per_second()).collect::<Vec<_>>(), vec![Some(1.0), Some(3.0), Some(10.0), Some(30.0), Some(60.0), None]);
        check::<Lang>();
        check::<Option<crate::engine::transfer::Pretrained>>();
        check::<Head>();
        // Every shipped model is listed.
        assert_eq!(<Option<crate::engine::transfer::Pretrained> as Named>::ALL.len(), crate::engine::transfer::Pretrained::ALL.len() + 1);
    }

    #[test]
    fn defaults_round_trip() {
        let s = Settings::default();
        assert_eq!(s.run.layers.dense_widths(), vec![4, 2]);
        assert_eq!(s.run.lr, 0.03);
        let (back, problems) = Settings::from_hash(&s.to_hash());
        assert_eq!(back, s);
        assert!(problems.is_empty());
    }

    #[test]
    fn every_key_round_trips_with_a_non_default_value() {
        // Two states that together make every key relevant and non-default.
        let states = [
            vec![
                ("dataset", "spiral"), ("noise", "35"), ("points", "120"), ("split", "70"), ("seed", "42"),
                ("missing", "0.1"), ("outliers", "0.05"), ("label_noise", "0.2"), ("clean", "1"), ("fill", "mean"),
                ("x1_scale", "100"), ("x1_offset", "2.5"), ("x2_scale", "0.5"), ("x2_offset", "-1"),
                ("features", "x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2"), ("scaling", "standardize"),
                ("layers", "d8,d8,d3"), ("act", "relu"), ("init", "he"), ("dropout", "0.5,0,0.25"), ("bn", "1,0,1"),
                ("loss", "hinge"), ("opt", "rmsprop"),
                ("lr", "0.00003"), ("momentum", "0.5"), ("rho", "0.95"), ("eps", "0.001"), ("weight_decay", "0.01"),
                ("centered", "1"), ("schedule", "cosine"), ("batch", "1"), ("reg", "l1"), ("reg_rate", "0.05"),
                ("show_test", "1"), ("compare", "1"), ("lang", "fa"),
                ("func", "bowl"), ("func_k", "100"), ("func_rot", "-45"), ("func_start", "-1.5,0.25"),
                ("race", "nesterov:0.01:0.5,adadelta:1:0.95,adamw:0.1:0.8,sgd:0.3,adagrad:0.5,rmsprop:0.01"), ("race_len", "1000"),
                ("surface", "pca"), ("surface_grid", "61"), ("surface_live", "0"), ("speed", "3"),
            ],
            vec![
                ("dataset", "plane"), ("loss", "mse"), ("opt", "adam"), ("beta1", "0.8"), ("beta2", "0.99"), ("dropout", "0.9"),
                ("bn", "1"),
            ],
            vec![
                ("dataset", "shapes"), ("image_size", "12"), ("layers", "c4k3,mp2,d8"),
                ("lighting", "0.7"), ("contrast", "0.4"), ("pixel_noise", "0.05"), ("equalize", "clahe"), ("clahe_tiles", "3"),
                ("clahe_clip", "0.05"), ("per_image", "minmax"), ("aug_shift", "0.1"), ("aug_rotate", "12.5"), ("aug_scale", "0.15"),
                ("aug_flip", "1"), ("aug_elastic", "0.4"), ("aug_bright", "0.2"), ("aug_noise", "0.03"), ("aug_cutout", "0.25"),
            ],
            vec![
                ("lab", "1"), ("lab_x", "0,0;0,1;1,0;1,1"), ("lab_y", "0;1;1;0"), ("lab_hidden", "3,2"), ("lab_act", "tanh"),
                ("lab_out_act", "linear"), ("lab_loss", "mse_half"), ("lab_lr", "0.1"), ("lab_update_bias", "0"), ("lab_seed", "7"),
            ],
            vec![("lab", "1"), ("lab_hidden", ""), ("lab_w", "0.1,0.2,0.3,0.4,0.5,-0.6")],
            vec![
                ("lesson", "dropout"), ("embed", "1"), ("panels", "boundary,loss"), ("controls", "lr,dropout"), ("autoplay", "1"),
                ("parent_origin", "https://example.org,http://127.0.0.1:8080"),
            ],
            vec![("theme", "projector"), ("palette", "safe")],
            vec![("theme", "dark")],
            vec![("dataset", "sines"), ("window", "30"), ("horizon", "3"), ("clip", "1.5"), ("layers", "c4k3,gru8,d4")],
            vec![("dataset", "adding"), ("seq_len", "80"), ("layers", "lstm8,rnn4")],
            vec![
                ("dataset", "shapes_new"), ("image_size", "8"), ("train_n", "50"), ("pretrained", "shapes"), ("head", "keep"),
                ("base_lr_scale", "0.1"), ("freeze", "1,1,0"),
            ],
            vec![
                ("arch_budget", "50"), ("grow_min_gain", "0.02"), ("grow_patience", "3"), ("search_trials", "30"), ("search_depth", "4"),
                ("search_width", "32"), ("search_lr_min", "0.001"), ("search_lr_max", "0.1"), ("search_dropout", "0.2"), ("search_acts", "relu"),
                ("search_grid", "1"),
            ],
        ];
        let mut covered = std::collections::BTreeSet::new();
        for pairs in states {
            let mut s = Settings::default();
            for (k, v) in &pairs {
                assert!(s.set(k, v), "{k}={v}");
                assert_ne!(s.get(k).unwrap(), spec(k).unwrap().default, "{k}");
                covered.insert(*k);
            }
            let hash = s.to_hash();
            let (back, problems) = Settings::from_hash(&format!("#{hash}"));
            assert_eq!(back, s, "{hash}");
            assert!(problems.is_empty());
        }
        assert_eq!(covered.len(), TABLE.len(), "test every key");
    }

    #[test]
    fn classroom_lists_are_validated() {
        let mut s = Settings::default();
        assert!(s.set("panels", "loss, boundary,loss"));
        assert_eq!(s.page.panels.0, vec![Panel::Boundary, Panel::Loss], "the page's order, each once");
        assert!(!s.set("panels", "boundary,nope"));
        assert!(s.set("controls", "opt,lr"));
        assert_eq!(s.page.controls.0, vec!["opt", "lr"]);
        assert!(s.page.controls.shows("lr") && !s.page.controls.shows("dataset"));
        assert!(!s.set("controls", "lr,b.lr"));
        for good in ["https://example.org", "http://127.0.0.1:8080", "https://a-b.c.d:443"] {
            assert!(is_origin(good), "{good}");
        }
        for bad in ["null", "*", "https://", "https://Example.org", "https://a.org/", "http://h:0", "http://h:99999", "ftp://h", "https://h:", "https://h:080"] {
            assert!(!is_origin(bad), "{bad}");
        }
        assert!(!s.set("parent_origin", "https://a,https://b,https://c,https://d,https://e"), "at most four");
        assert!(s.set("parent_origin", "https://a,https://a"));
        assert_eq!(s.page.parent_origin.0, vec!["https://a"]);
        // Written only when set.
        let hash = Settings::default().to_hash();
        for key in ["lesson", "embed", "panels", "controls", "autoplay", "parent_origin", "theme", "palette", "arch_budget", "search_acts"] {
            assert!(!hash.contains(&format!("{key}=")), "{key} in {hash}");
        }
    }

    /// Every ready-made model is a valid `layers` value that trains on its data kind.
    #[test]
    fn the_architecture_presets_fit_their_data() {
        for (kind, layers, _, _) in ARCH_PRESETS {
            let data = match kind {
                crate::engine::DataKind::Images => "dataset=digits&points=100",
                crate::engine::DataKind::Sequences => "dataset=mnist1d&points=100",
                _ => "dataset=spiral&points=100",
            };
            let mut s = Settings::from_hash(data).0;
            assert!(s.put(keys::LAYERS, Arch::parse(layers).unwrap()), "{layers}");
            assert!(crate::engine::Trainer::new(s.train_config()).is_ok(), "{layers} trains on {data}");
        }
    }

    /// The lab's settings give its network, weights and batch; the command line's short keys
    /// are the same settings; typed weights that no longer fit give way to the seed's.
    #[test]
    fn the_lab_reads_its_network_from_the_table() {
        let (s, p) = Settings::from_hash(&lab_hash("loss=mse_half&update_bias=0&layers=d3&lab_x=0,0;1,1&lab_y=0;1"));
        assert!(p.is_empty(), "{p:?}");
        let lab = s.lab_setup().unwrap();
        assert_eq!((lab.cfg.inputs, lab.cfg.hidden.clone(), lab.cfg.outputs, lab.cfg.loss, lab.cfg.update_bias), (2, vec![3], 1, LabLoss::MseHalf, false));
        assert_eq!(lab.batch, vec![(vec![0.0, 0.0], vec![0.0]), (vec![1.0, 1.0], vec![1.0])]);
        assert!(!lab.typed);
        assert_eq!(lab.weights, lab.cfg.random_weights(1));
        // Typed weights: 2-2-2 has 2·3 + 2·3 numbers.
        let mut s = Settings::from_hash("lab=1&lab_w=1,2,3,4,5,6,7,8,9,10,11,12").0;
        let lab = s.lab_setup().unwrap();
        assert!(lab.typed);
        assert_eq!((lab.weights.layers[0].w[1].clone(), lab.weights.layers[1].b.clone()), (vec![3.0, 4.0], vec![11.0, 12.0]));
        assert!(s.set("lab_hidden", "3"));
        assert!(s.page.lab_w.0.is_empty(), "another network: the seed's weights");
        // Examples and targets of different counts, a bad network: problems, not panics.
        let s = Settings::from_hash("lab=1&lab_x=1,2;3,4").0;
        assert!(matches!(s.lab_setup(), Err(crate::engine::Problem::LabExample { .. })));
        let s = Settings::from_hash("lab=1&lab_loss=ce&lab_out_act=relu").0;
        assert_eq!(s.lab_setup(), Err(crate::engine::Problem::LabCeNeedsSigmoid));
        let (_, p) = Settings::from_hash("lab=1&lab_x=1,2,3,4&lab_hidden=5&lab_y=");
        assert_eq!(p.len(), 3, "{p:?}");
        // Every preset is valid, pair by pair, and gives a lab.
        for (_, preset) in LAB_PRESETS {
            let mut s = Settings::from_hash("lab=1").0;
            for pair in preset.split('&') {
                let (k, v) = pair.split_once('=').unwrap();
                assert!(s.set(k, v), "{pair}");
            }
            assert_eq!(s, Settings::from_hash("lab=1").0.with_pairs(preset));
            s.lab_setup().unwrap();
        }
        let mazur = Settings::from_hash("lab=1").0.with_pairs(LAB_PRESETS[0].1).lab_setup().unwrap();
        assert!(mazur.typed && mazur.weights.layers[1].w[1][1] == 0.55);
        // Closed, the lab writes none of its keys.
        assert!(!Settings::default().to_hash().contains("lab_"));
    }

    #[test]
    fn choosing_an_optimizer_brings_its_defaults_and_only_its_keys() {
        let (s, p) = Settings::from_hash("eps=0.001&opt=adagrad");
        assert!(p.is_empty());
        assert_eq!((s.run.eps, s.run.lr), (0.001, 0.01), "keys apply after the optimizer, whatever their order");
        let (s, _) = Settings::from_hash("opt=adadelta");
        assert_eq!((s.run.rho, s.run.eps, s.run.lr), (0.9, 1e-6, 1.0));
        let (s, _) = Settings::from_hash("opt=adamw");
        assert_eq!((s.run.beta1, s.run.beta2, s.run.weight_decay), (0.9, 0.999, 0.01));
        let hash = s.to_hash();
        assert!(hash.contains("beta1=0.9") && !hash.contains("momentum=") && !hash.contains("centered="), "{hash}");
        let (s, _) = Settings::from_hash("opt=sgd");
        assert!(!s.to_hash().contains("eps="));
        assert!(!s.to_hash().contains("reg_rate="));
        let mut s = Settings::default();
        s.set("momentum", "0.5");
        s.set("opt", "nesterov");
        assert_eq!(s.run.momentum, 0.9, "switching optimizer resets its hyperparameters");
    }

    #[test]
    fn run_b_is_run_a_with_its_differences() {
        let (s, p) = Settings::from_hash("dataset=spiral&compare=1&b.opt=adam&b.lr=0.03&b.hidden=8&b.lang=fa");
        assert_eq!(p, vec![Problem::UnknownKey { key: "b.lang".into() }], "page settings are shared");
        let b = s.run_b();
        assert_eq!((b.run.opt, b.run.lr, b.run.layers.dense_widths(), b.run.dataset), (OptimizerKind::Adam, 0.03, vec![8], DatasetKind::Spiral));
        assert_eq!(s.b, vec![("layers", "d8".to_string()), ("opt", "adam".to_string()), ("lr", "0.03".to_string())]);
        let hash = s.to_hash();
        assert!(hash.ends_with("&b.layers=d8&b.opt=adam&b.lr=0.03"), "{hash}");
        let (back, p) = Settings::from_hash(&hash);
        assert!(p.is_empty());
        assert_eq!(back, s);
        assert_eq!(s.train_config_b().unwrap(), b.train_config());
        // A change to A carries over to B unless B overrides it.
        let mut s2 = s.clone();
        s2.set("noise", "20");
        s2.set("layers", "d3");
        assert_eq!((s2.run_b().run.noise, s2.run_b().run.layers.dense_widths()), (20, vec![8]));
        // Setting B back to A's value removes the difference.
        let mut s3 = s.clone();
        assert!(s3.set_b("layers", "d4,d2"));
        assert!(s3.set_b("dropout_is_not_a_key", "1") == false);
        assert_eq!(s3.b.len(), 2);
        assert!(!s3.set_b("lang", "fa"));
        // Without comparing, no B.
        let (s4, _) = Settings::from_hash("b.lr=0.1");
        assert_eq!(s4.train_config_b(), None);
        assert!(!s4.to_hash().contains("b."));
    }

    #[test]
    fn preparation_keys_reach_the_engine() {
        let (s, p) = Settings::from_hash("features=sinx2,%20x1&scaling=minmax&x1_scale=100&missing=0.1&clean=1&fill=mean");
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(s.get("features").unwrap(), "x1,sinx2", "canonical order");
        let c = s.train_config();
        assert_eq!(c.model.inputs(), 2);
        assert_eq!((c.prep.x1_scale, c.prep.missing, c.prep.clean, c.prep.fill), (100.0, 0.1, true, Fill::Mean));
        assert_eq!(c.prep.scaling, Scaling::MinMax);
        assert!(s.to_hash().contains("fill=mean"));
        assert!(!Settings::default().to_hash().contains("fill="), "fill only matters when cleaning");
        let (s, p) = Settings::from_hash("features=x1,x3&x1_scale=0&missing=2&scaling=log&features=");
        assert_eq!(p.len(), 5, "{p:?}");
        assert_eq!(s.run.features, Features::XY);
        let bad = p.iter().find(|q| matches!(q, Problem::BadValue { key: "features", .. })).map(|q| q.message(Lang::En));
        assert!(bad.as_deref().unwrap_or("").contains("a comma list of at least one of x1, x2, x1sq"), "{bad:?}");
    }

    #[test]
    fn custom_points_choose_their_task_and_loss() {
        let mut s = Settings::default();
        assert!(s.add_point(Sample { x: 1.0, y: 1.0, label: 1.0 }));
        assert_eq!((s.run.dataset, s.task()), (DatasetKind::Custom, Task::Binary));
        assert!(!s.to_hash().contains("&points=") && !s.to_hash().contains("&noise="), "{}", s.to_hash());
        s.set_custom((0..30).map(|i| Sample { x: i as f32 * 0.1, y: 0.0, label: i as f32 * 0.5 }).collect());
        assert_eq!((s.task(), s.run.loss), (Task::Regression, LossKind::Mse));
        let c = s.train_config();
        assert_eq!((c.data.custom.len(), c.task(), c.model.outputs), (30, Task::Regression, 1));
        assert!(Trainer::new(c).is_ok());
        // `dataset=custom` from a link has no points: the engine says what to do.
        let (s, _) = Settings::from_hash("dataset=custom");
        let e = Trainer::new(s.train_config()).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("Paste a CSV"), "{e}");
        // A hash read later keeps the points (and fits the loss to them).
        let mut with_points = Settings::default();
        with_points.set_custom(vec![Sample { x: 0.0, y: 0.0, label: 0.5 }; 3]);
        let (read, _) = Settings::from_hash("dataset=custom&loss=ce");
        let kept = read.keeping_custom(&with_points);
        assert_eq!((kept.run.custom.len(), kept.run.loss), (3, LossKind::Mse));
        // Generated data carries no custom points, so editing them does not rebuild.
        let mut s = Settings::default();
        s.run.custom = Arc::new(vec![Sample { x: 0.0, y: 0.0, label: 0.0 }]);
        assert!(s.train_config().data.custom.is_empty());
    }

    #[test]
    fn losses_follow_the_task() {
        let (s, p) = Settings::from_hash("dataset=plane&loss=ce");
        assert_eq!(s.run.loss, LossKind::Mse);
        assert_eq!(p, vec![Problem::BadValue { key: "loss", value: "ce".into(), using: "mse".into() }]);
        let mut s = Settings::default();
        assert!(s.set("dataset", "multigauss"));
        assert_eq!(s.run.loss, LossKind::Mse, "a regression dataset switches to MSE");
        assert!(!s.set("loss", "dice"));
        assert!(s.set("dataset", "spiral3") && s.set("loss", "hinge"));
        assert_eq!(s.train_config().model.outputs, 3);
    }

    #[test]
    fn bad_values_are_reported_and_replaced_by_defaults() {
        let (s, problems) = Settings::from_hash("#lr=banana&hidden=300&dataset=spiral&colour=red&noise=-3&lr=&hidden=1,2,3,4,5,6,7,8,9");
        assert_eq!(s.run.lr, 0.03);
        assert_eq!(s.run.layers.dense_widths(), vec![4, 2]);
        assert_eq!(s.run.noise, 0);
        assert_eq!(s.run.dataset, DatasetKind::Spiral, "good values survive beside bad ones");
        assert_eq!(problems.len(), 6);
        assert_eq!(problems[0], Problem::UnknownKey { key: "colour".into() });
        let lr = problems.iter().find(|p| matches!(p, Problem::BadValue { value, .. } if value == "banana")).unwrap();
        assert_eq!(lr.message(Lang::En), "lr=banana is not valid; expected a number from 0.00001 to 10; using 0.03");
        // The old key `hidden` is read as `layers` (d300: more than 256 units).
        let hidden = problems.iter().find(|p| matches!(p, Problem::BadValue { key: "layers", value, .. } if value == "d300")).unwrap();
        assert!(hidden.message(Lang::En).contains("layers=d300"));
        assert!(hidden.message(Lang::Fa).contains("نامعتبر"));
    }

    #[test]
    fn the_race_round_trips_and_reaches_the_engine() {
        let (s, p) = Settings::from_hash("func=himmelblau&func_start=2.5,-1&race=sgd:0.01,momentum:0.001:0.5,adam:0.1&race_len=120");
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(s.test_function(), TestFunction::Himmelblau);
        assert_eq!(s.race_start(), (2.5, -1.0));
        assert_eq!(s.page.race_len, 120);
        let configs: Vec<OptimizerConfig> = s.page.race.0.iter().map(Racer::config).collect();
        assert_eq!(configs[0], OptimizerConfig::defaults(OptimizerKind::Sgd, 0.01));
        assert_eq!(configs[1], OptimizerConfig { momentum: 0.5, ..OptimizerConfig::defaults(OptimizerKind::Momentum, 0.001) });
        assert_eq!(configs[2], OptimizerConfig::defaults(OptimizerKind::Adam, 0.1));
        let hash = s.to_hash();
        assert!(hash.contains("race=sgd:0.01,momentum:0.001:0.5,adam:0.1"), "{hash}");
        assert!(hash.contains("func_start=2.5,-1") && !hash.contains("func_k"), "{hash}");
        assert_eq!(Settings::from_hash(&hash).0, s);
        // The defaults: Rosenbrock from its own start; the start is not in the URL.
        let d = Settings::default();
        assert_eq!((d.test_function(), d.race_start()), (TestFunction::Rosenbrock, (-1.2, 1.0)));
        assert!(!d.to_hash().contains("func_start"));
        assert_eq!(d.page.race.0.len(), 3);
        // The bowl takes its parameters; choosing a function forgets the old start.
        let mut b = Settings::from_hash("func=bowl&func_k=50&func_rot=0&func_start=1,1").0;
        assert_eq!(b.test_function(), TestFunction::Bowl { condition: 50.0, rotation_deg: 0.0 });
        assert_eq!(b.race_start(), (1.0, 1.0));
        assert!(b.set("func", "beale"));
        assert_eq!(b.race_start(), TestFunction::Beale.default_start());
        // Race keys are page settings: not part of run B.
        let (_, p) = Settings::from_hash("compare=1&b.race=sgd:0.1");
        assert_eq!(p, vec![Problem::UnknownKey { key: "b.race".into() }]);
    }

    #[test]
    fn bad_race_values_are_reported_and_replaced_by_defaults() {
        for (hash, key) in [
            ("race=sgd:0.01,banana:0.1", "race"),
            ("race=sgd", "race"),
            ("race=sgd:100", "race"),
            ("race=sgd:0.01:0.9", "race"),
            ("race=adam:0.01:1.5", "race"),
            ("race=adam:0.01:0.9:3", "race"),
            ("race=sgd:1,sgd:1,sgd:1,sgd:1,sgd:1,sgd:1,sgd:1", "race"),
            ("race=", "race"),
            ("race=sgd:NaN", "race"),
            ("func=banana", "func"),
            ("func_start=1", "func_start"),
            ("func_start=1,x", "func_start"),
            ("func_start=99,0", "func_start"),
            ("func_start=inf,0", "func_start"),
            ("func_k=0.5", "func_k"),
            ("race_len=0", "race_len"),
            ("race_len=999999", "race_len"),
            ("surface=sideways", "surface"),
            ("surface_grid=5", "surface_grid"),
            ("surface_live=maybe", "surface_live"),
        ] {
            let (s, p) = Settings::from_hash(hash);
            assert_eq!(p.len(), 1, "{hash}: {p:?}");
            assert!(matches!(&p[0], Problem::BadValue { key: k, .. } if *k == key), "{hash}: {p:?}");
            let d = Settings::default();
            assert_eq!((s.get(key), s.page.race.clone(), s.page.func, s.race_start()), (d.get(key), d.page.race.clone(), d.page.func, d.race_start()), "{hash}");
            assert!(!p[0].message(Lang::En).is_empty() && !p[0].message(Lang::Fa).is_empty());
        }
        let (_, p) = Settings::from_hash("race=sgd:100");
        assert_eq!(
            p[0].message(Lang::En),
            "race=sgd:100 is not valid; expected a comma list of up to 6 optimizer:rate (or optimizer:rate:momentum/β₁/ρ); using sgd:0.001,momentum:0.001,adam:0.05"
        );
    }

    #[test]
    fn edge_values() {
        let (s, p) = Settings::from_hash("hidden=&lr=10&noise=50&points=20&batch=500&lr=1e-5");
        assert!(p.is_empty(), "{p:?}");
        assert_eq!((s.run.layers.dense_widths(), s.run.lr, s.run.noise, s.run.points, s.run.batch), (vec![], 1e-5, 50, 20, 500));
        let (s, p) = Settings::from_hash("hidden=16%2C16&act=LINEAR&lr=NaN&lr=inf&seed=1.5");
        assert_eq!(s.run.layers.dense_widths(), vec![16, 16], "percent-encoded commas are read");
        assert_eq!(p.len(), 4, "{p:?}");
        let (_, p) = Settings::from_hash("hidden=257&hidden=0&split=95&lang=de&show_test=yes&%zz=1");
        assert_eq!(p.len(), 6, "{p:?}");
    }

    #[test]
    fn dropout_and_batch_norm_are_one_value_or_one_per_layer() {
        let (s, p) = Settings::from_hash("hidden=4,4,2&dropout=0.3&bn=1");
        assert!(p.is_empty(), "{p:?}");
        let m = s.train_config().model;
        assert_eq!((m.dropout, m.batch_norm), (vec![0.3; 3], vec![true; 3]), "one value: every layer");
        let (s, p) = Settings::from_hash("hidden=4,4,2&dropout=0.3,0.1&bn=0,1");
        assert!(p.is_empty(), "{p:?}");
        let m = s.train_config().model;
        assert_eq!((m.dropout, m.batch_norm), (vec![0.3, 0.1, 0.0], vec![false, true, false]), "missing layers: off");
        let (s, _) = Settings::from_hash("hidden=4&dropout=0.3,0.1,0.2&bn=");
        let m = s.train_config().model;
        assert_eq!((m.dropout, m.batch_norm), (vec![0.3], vec![false]), "extra entries ignored; empty is off");
        // Defaults: off, and nothing per layer.
        let m = Settings::default().train_config().model;
        assert_eq!((m.dropout, m.batch_norm), (vec![0.0, 0.0], vec![false, false]));
        // Without hidden layers the keys mean nothing and stay out of the URL.
        let (s, _) = Settings::from_hash("hidden=&dropout=0.5&bn=1");
        assert!(!s.to_hash().contains("dropout") && !s.to_hash().contains("bn="), "{}", s.to_hash());
        let (s, p) = Settings::from_hash("dropout=0.95&bn=2&dropout=0.1,x&bn=1,1,1,1,1,1,1,1,1");
        assert_eq!((s.run.dropout.clone(), s.run.bn.clone()), (vec![0.0], vec![false]));
        assert_eq!(p.len(), 4, "{p:?}");
        let msg = p.iter().find(|p| matches!(p, Problem::BadValue { key: "dropout", .. })).unwrap().message(Lang::En);
        assert!(msg.contains("one per layer") && msg.contains("0.9"), "{msg}");
        assert!(p[0].message(Lang::Fa).contains("لایه"));
        // Changing the rates keeps the run; adding batch norm rebuilds it.
        let a = Settings::from_hash("dropout=0.2").0.train_config();
        assert!(!Settings::default().train_config().needs_rebuild(&a));
        assert!(Settings::default().train_config().needs_rebuild(&Settings::from_hash("bn=0,1").0.train_config()));
        assert!(!Settings::default().train_config().needs_rebuild(&Settings::from_hash("bn=0").0.train_config()));
    }

    #[test]
    fn default_circle_reaches_95_percent_test_accuracy_within_300_epochs() {
        let mut t = Trainer::new(Settings::default().train_config()).unwrap();
        let mut epochs = 0;
        while epochs < 300 {
            epochs += 1;
            if t.train_epoch().unwrap().test_acc.unwrap_or(0.0) >= 0.95 {
                break;
            }
        }
        assert!(t.evaluate().unwrap().test_acc.unwrap_or(0.0) >= 0.95, "not at 95 % after {epochs} epochs");
    }

    /// The features' checkboxes: switching one on or off gives a value the table accepts
    /// (canonical order, round-trips through the hash); switching off the last is refused.
    #[test]
    fn feature_checkboxes_toggle_the_flags() {
        let spec = TABLE.iter().find(|s| s.key == "features").unwrap();
        let mut s = Settings::default();
        let on = toggle_flag(&spec.kind, &(spec.get)(&s), "sinx1", true);
        assert_eq!(on, "x1,x2,sinx1");
        let on = toggle_flag(&spec.kind, &on, "x1sq", true);
        assert_eq!(on, "x1,x2,x1sq,sinx1");
        assert!(s.set("features", &on));
        assert_eq!(s.train_config().model.inputs(), 4);
        let (back, problems) = Settings::from_hash(&s.to_hash());
        assert!(problems.is_empty());
        assert_eq!(back.run.features, s.run.features);
        assert!(back.to_hash().contains("features=x1,x2,x1sq,sinx1"));
        let off = toggle_flag(&spec.kind, &toggle_flag(&spec.kind, "x1", "x1", false), "x2", false);
        assert_eq!(off, "");
        assert!(!s.set("features", &off), "no input at all is refused");
        assert_eq!(s.run.features.len(), 4);
    }

    /// Clicks on the plot: a point is added, and the nearest one within the radius removed.
    #[test]
    fn clicks_add_and_remove_points() {
        let mut s = Settings::default();
        assert!(s.add_point(Sample { x: 1.0, y: 1.0, label: 1.0 }));
        assert!(s.add_point(Sample { x: -2.0, y: 0.5, label: 0.0 }));
        assert_eq!(s.run.dataset, DatasetKind::Custom);
        assert!(!s.remove_nearest(4.0, 4.0, 0.5), "nothing near");
        assert_eq!(s.run.custom.len(), 2);
        assert!(s.remove_nearest(-1.8, 0.4, 0.5));
        assert_eq!(s.run.custom.as_slice(), &[Sample { x: 1.0, y: 1.0, label: 1.0 }]);
    }

}
