//! The one table of settings. Every control, the URL hash, the command line and (later) the
//! lesson presets read [`TABLE`]: URL key, kind and range, default, label and help.
//! Adding a setting is one field in [`Settings`] and one row here.
//!
//! Architecture invariant: nothing outside this module parses or writes the URL hash.

use crate::engine::{Activation, DataConfig, DatasetKind, ModelConfig, OptimizerConfig, OptimizerKind, TrainConfig};
use crate::i18n::{Lang, T};

/// The validated state of the page. Field names are the URL keys.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub dataset: DatasetKind,
    pub noise: u64,
    pub points: u64,
    pub split: u64,
    pub hidden: Vec<usize>,
    pub act: Activation,
    pub lr: f64,
    pub batch: u64,
    pub seed: u64,
    pub show_test: bool,
    pub lang: Lang,
}

/// What kind of value a setting holds, with its range: drives validation and the control.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// One of the listed URL values (with their labels).
    Choice(&'static [(&'static str, T)]),
    Int { min: u64, max: u64 },
    /// A real number; `log` asks the control for a logarithmic slider.
    Float { min: f64, max: f64, log: bool },
    /// Hidden layer widths: a comma list of at most `max_layers` numbers in `min..=max`.
    Layers { max_layers: usize, min: usize, max: usize },
    Bool,
}

/// Which group of controls a setting belongs to on the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    Data,
    Network,
    Training,
    View,
    /// Page-wide settings shown in the header (the language).
    Page,
}

pub struct Spec {
    pub key: &'static str,
    pub kind: Kind,
    pub default: &'static str,
    pub group: Group,
    pub label: T,
    pub help: T,
    pub get: fn(&Settings) -> String,
    pub set: fn(&mut Settings, &str, &Kind) -> Result<(), ()>,
}

/// A value type that can live in the table.
trait Field: Sized {
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

impl Field for Vec<usize> {
    fn parse(raw: &str, kind: &Kind) -> Result<Vec<usize>, ()> {
        let Kind::Layers { max_layers, min, max } = *kind else { return Err(()) };
        if raw.trim().is_empty() {
            return Ok(vec![]);
        }
        let v: Vec<usize> = raw.split(',').map(|p| p.trim().parse().map_err(|_| ())).collect::<Result<_, _>>()?;
        if v.len() > max_layers || v.iter().any(|w| !(min..=max).contains(w)) {
            return Err(());
        }
        Ok(v)
    }
    fn show(&self) -> String {
        self.iter().map(|w| w.to_string()).collect::<Vec<_>>().join(",")
    }
}

macro_rules! choices {
    ($ty:ty, $table:ident: $($variant:expr => $name:literal, $label:ident;)*) => {
        pub const $table: &[(&str, T)] = &[$(($name, T::$label)),*];
        impl Field for $ty {
            fn parse(raw: &str, _: &Kind) -> Result<Self, ()> {
                $(if raw.trim() == $name { return Ok($variant); })*
                Err(())
            }
            fn show(&self) -> String {
                $(if *self == $variant { return $name.into(); })*
                unreachable!("every variant is listed")
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
);
choices!(Activation, ACTIVATIONS:
    Activation::Relu => "relu", Relu;
    Activation::Tanh => "tanh", Tanh;
    Activation::Sigmoid => "sigmoid", Sigmoid;
    Activation::Linear => "linear", Linear;
);
choices!(Lang, LANGS:
    Lang::En => "en", English;
    Lang::Fa => "fa", Persian;
);

macro_rules! row {
    ($field:ident, $group:ident, $kind:expr, $default:literal, $label:ident, $help:ident) => {
        Spec {
            key: stringify!($field),
            kind: $kind,
            default: $default,
            group: Group::$group,
            label: T::$label,
            help: T::$help,
            get: |s| Field::show(&s.$field),
            set: |s, raw, kind| {
                s.$field = Field::parse(raw, kind)?;
                Ok(())
            },
        }
    };
}

pub const MAX_LAYERS: usize = 6;
pub const MAX_NEURONS: usize = 16;

/// Every setting, in the order of the URL and of the controls.
pub static TABLE: &[Spec] = &[
    row!(dataset, Data, Kind::Choice(DATASETS), "circle", Dataset, HelpDataset),
    row!(noise, Data, Kind::Int { min: 0, max: 50 }, "0", Noise, HelpNoise),
    row!(points, Data, Kind::Int { min: 20, max: 5000 }, "500", Points, HelpPoints),
    row!(split, Data, Kind::Int { min: 10, max: 90 }, "50", Split, HelpSplit),
    row!(seed, Data, Kind::Int { min: 0, max: 999_999 }, "1", Seed, HelpSeed),
    row!(hidden, Network, Kind::Layers { max_layers: MAX_LAYERS, min: 1, max: MAX_NEURONS }, "4,2", HiddenLayers, HelpHidden),
    row!(act, Network, Kind::Choice(ACTIVATIONS), "tanh", Activation, HelpActivation),
    row!(lr, Training, Kind::Float { min: 1e-5, max: 10.0, log: true }, "0.03", LearningRate, HelpLearningRate),
    row!(batch, Training, Kind::Int { min: 1, max: 500 }, "10", BatchSize, HelpBatchSize),
    row!(show_test, View, Kind::Bool, "0", ShowTest, HelpShowTest),
    row!(lang, Page, Kind::Choice(LANGS), "en", Language, HelpLanguage),
];

pub fn spec(key: &str) -> Option<&'static Spec> {
    TABLE.iter().find(|s| s.key == key)
}

/// Something wrong in a URL hash, kept to tell the user.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    UnknownKey { key: String },
    BadValue { key: &'static str, value: String },
}

impl Problem {
    /// One line for the notice, e.g. `lr=banana is not valid; expected a number from 0.00001 to 10; using 0.03`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Problem::UnknownKey { key } => format!("{}: {key}", lang.t(T::UnknownKey)),
            Problem::BadValue { key, value } => {
                let spec = spec(key).expect("problems name table keys");
                format!(
                    "{key}={value} {} {}; {} {}",
                    lang.t(T::BadValue),
                    describe(&spec.kind, lang),
                    lang.t(T::UsingDefault),
                    spec.default
                )
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
        Kind::Layers { max_layers, min, max } => {
            format!("{} {max_layers} {} {min}–{max}", lang.t(T::ListOf), lang.t(T::WidthsFrom))
        }
        Kind::Bool => lang.t(T::ZeroOrOne).into(),
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
            dataset: DatasetKind::Circle,
            noise: 0,
            points: 0,
            split: 0,
            hidden: vec![],
            act: Activation::Tanh,
            lr: 0.0,
            batch: 0,
            seed: 0,
            show_test: false,
            lang: Lang::En,
        };
        for spec in TABLE {
            (spec.set)(&mut s, spec.default, &spec.kind).expect("table defaults are valid");
        }
        s
    }
}

impl Settings {
    /// Reads a URL hash (with or without the leading `#`). Unknown keys and bad values are
    /// reported and skipped, so the result is always valid: bad values keep their defaults.
    pub fn from_hash(hash: &str) -> (Settings, Vec<Problem>) {
        let mut s = Settings::default();
        let mut problems = Vec::new();
        for pair in hash.trim_start_matches('#').split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let (key, value) = (percent_decode(key), percent_decode(value));
            match spec(&key) {
                None => problems.push(Problem::UnknownKey { key }),
                Some(spec) => {
                    let mut trial = s.clone();
                    match (spec.set)(&mut trial, &value, &spec.kind) {
                        Ok(()) => s = trial,
                        Err(()) => {
                            // A bad value restores the default even if an earlier pair set it.
                            let _ = (spec.set)(&mut s, spec.default, &spec.kind);
                            problems.push(Problem::BadValue { key: spec.key, value })
                        }
                    }
                }
            }
        }
        (s, problems)
    }

    /// The whole state as a URL hash without the `#`, every key in table order.
    pub fn to_hash(&self) -> String {
        TABLE.iter().map(|spec| format!("{}={}", spec.key, (spec.get)(self))).collect::<Vec<_>>().join("&")
    }

    pub fn get(&self, key: &str) -> Option<String> {
        spec(key).map(|s| (s.get)(self))
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

    /// The engine's view of these settings.
    pub fn train_config(&self) -> TrainConfig {
        TrainConfig {
            data: DataConfig {
                kind: self.dataset,
                points: self.points as usize,
                noise: self.noise as f64 / 100.0,
                train_fraction: self.split as f64 / 100.0,
                seed: self.seed,
            },
            model: ModelConfig { inputs: 2, hidden: self.hidden.clone(), activation: self.act },
            optimizer: OptimizerConfig::defaults(OptimizerKind::Sgd, self.lr),
            batch_size: self.batch as usize,
            seed: self.seed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Trainer;

    #[test]
    fn defaults_round_trip() {
        let s = Settings::default();
        assert_eq!(s.hidden, vec![4, 2]);
        assert_eq!(s.lr, 0.03);
        let (back, problems) = Settings::from_hash(&s.to_hash());
        assert_eq!(back, s);
        assert!(problems.is_empty());
    }

    #[test]
    fn every_key_round_trips_with_a_non_default_value() {
        let mut s = Settings::default();
        let values = [
            ("dataset", "spiral"), ("noise", "35"), ("points", "120"), ("split", "70"), ("seed", "42"),
            ("hidden", "8,8,3"), ("act", "relu"), ("lr", "0.00003"), ("batch", "1"), ("show_test", "1"), ("lang", "fa"),
        ];
        assert_eq!(values.len(), TABLE.len(), "test every key");
        for (k, v) in values {
            assert!(s.set(k, v), "{k}={v}");
            assert_ne!(s.get(k).unwrap(), spec(k).unwrap().default);
        }
        let hash = s.to_hash();
        assert!(hash.starts_with("dataset=spiral&noise=35&"), "{hash}");
        let (back, problems) = Settings::from_hash(&format!("#{hash}"));
        assert_eq!(back, s);
        assert!(problems.is_empty());
        assert_eq!(back.lr, 3e-5);
    }

    #[test]
    fn bad_values_are_reported_and_replaced_by_defaults() {
        let (s, problems) = Settings::from_hash("#lr=banana&hidden=99&dataset=spiral&colour=red&noise=-3&lr=&hidden=1,2,3,4,5,6,7");
        assert_eq!(s.lr, 0.03);
        assert_eq!(s.hidden, vec![4, 2]);
        assert_eq!(s.noise, 0);
        assert_eq!(s.dataset, DatasetKind::Spiral, "good values survive beside bad ones");
        assert_eq!(problems.len(), 6);
        assert_eq!(problems[0], Problem::BadValue { key: "lr", value: "banana".into() });
        assert_eq!(problems[2], Problem::UnknownKey { key: "colour".into() });
        assert_eq!(
            problems[0].message(Lang::En),
            "lr=banana is not valid; expected a number from 0.00001 to 10; using 0.03"
        );
        assert!(problems[1].message(Lang::En).contains("hidden=99"));
        assert!(problems[1].message(Lang::Fa).contains("نامعتبر"));
    }

    #[test]
    fn edge_values() {
        let (s, p) = Settings::from_hash("hidden=&lr=10&noise=50&points=20&batch=500&lr=1e-5");
        assert!(p.is_empty(), "{p:?}");
        assert_eq!((s.hidden.clone(), s.lr, s.noise, s.points, s.batch), (vec![], 1e-5, 50, 20, 500));
        let (s, p) = Settings::from_hash("hidden=16%2C16&act=LINEAR&lr=NaN&lr=inf&seed=1.5");
        assert_eq!(s.hidden, vec![16, 16], "percent-encoded commas are read");
        assert_eq!(p.len(), 4, "{p:?}");
        let (_, p) = Settings::from_hash("hidden=17&hidden=0&split=95&lang=de&show_test=yes&%zz=1");
        assert_eq!(p.len(), 6, "{p:?}");
    }

    #[test]
    fn default_circle_reaches_95_percent_test_accuracy_within_300_epochs() {
        let mut t = Trainer::new(Settings::default().train_config()).unwrap();
        let mut epochs = 0;
        while epochs < 300 {
            epochs += 1;
            if t.train_epoch().unwrap().test_acc >= 0.95 {
                break;
            }
        }
        assert!(t.evaluate().unwrap().test_acc >= 0.95, "not at 95 % after {epochs} epochs");
    }
}
