//! Data preparation between the points and the network: corruption (to study dirty data),
//! cleaning, per-coordinate scale and offset (to make a badly scaled feature), input features
//! (as TensorFlow Playground) and scaling.
//!
//! The pipeline, in order:
//!
//! 1. Points in the plane (generated in about [−6, 6]², or the user's), shuffled and split
//!    into train and test (`Dataset::generate`).
//! 2. **Corruption**, of the training split only (the test split stays clean: it measures
//!    how well the model learned the true pattern), seeded by the data seed on its own
//!    ChaCha8 stream ([`STREAM_CORRUPT`]). Each rate r picks exactly round(r·n) training
//!    rows: missing values (one coordinate, x₁ or x₂ at random, becomes NaN), outliers (one
//!    coordinate is moved 2–3 times the coordinate's range beyond its smallest or largest
//!    value), wrong labels (classification: another class, chosen at random; regression: a
//!    target drawn uniformly from the range of the training targets). Missing and outlier
//!    rows are distinct rows; wrong labels are drawn independently.
//! 3. **Cleaning** (`clean`), in this order, with the rules in [`OUTLIER_Z`], [`KNN_K`]:
//!    outliers (training split), then missing values (both splits: dropped, or filled with
//!    the training mean), then suspected wrong labels (training split). The test split never
//!    loses a point for being unusual: it is what the model will meet. [`CleanReport`] says
//!    what was removed and why.
//! 4. **Scale and offset** per coordinate: x₁ ↦ x₁·s₁ + o₁, x₂ ↦ x₂·s₂ + o₂ (units of
//!    measurement; the badly scaled case is e.g. s₁ = 100).
//! 5. **Features** of (x₁, x₂) after step 4: any of x₁, x₂, x₁², x₂², x₁x₂, sin x₁, sin x₂;
//!    the network's input width is the number chosen.
//! 6. **Scaling** of each feature: none, standardize ((v − mean)/std, population variance,
//!    i.e. divided by n) or min-max ((v − min)/(max − min), to [0, 1]), with the statistics
//!    fitted on the training split only and applied unchanged to the test split and to every
//!    grid (no leakage). A constant feature gets scale 1.
//!
//! The page plots the plane of steps 1–3 (the original [−6, 6]²), whatever the scale and
//! offset: the grids over that plane go through steps 4–6 exactly as the data do
//! ([`Pipeline`]), so the decision boundary is drawn where the points are. Cleaning is not
//! affected by step 4 (for positive scales): the outlier rule is per coordinate and robust
//! to units, and the neighbour distances use coordinates divided by their standard deviation.

use super::data::{rng, Dataset, Sample, Task, STREAM_CORRUPT};
use super::problem::Problem;
use super::Result;
use crate::i18n::{Lang, T};
use rand::seq::SliceRandom;
use rand::Rng;
use serde::{Deserialize, Serialize};

/// One input feature, computed from the (scaled and offset) coordinates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Feature {
    X1,
    X2,
    X1Sq,
    X2Sq,
    X1X2,
    SinX1,
    SinX2,
}

impl Feature {
    pub const ALL: [Feature; 7] =
        [Feature::X1, Feature::X2, Feature::X1Sq, Feature::X2Sq, Feature::X1X2, Feature::SinX1, Feature::SinX2];

    /// The name in the URL and the command line's CSV header.
    pub fn name(self) -> &'static str {
        match self {
            Feature::X1 => "x1",
            Feature::X2 => "x2",
            Feature::X1Sq => "x1sq",
            Feature::X2Sq => "x2sq",
            Feature::X1X2 => "x1x2",
            Feature::SinX1 => "sinx1",
            Feature::SinX2 => "sinx2",
        }
    }

    /// The mathematical symbol, for labels (the same in every language).
    pub fn symbol(self) -> &'static str {
        match self {
            Feature::X1 => "x₁",
            Feature::X2 => "x₂",
            Feature::X1Sq => "x₁²",
            Feature::X2Sq => "x₂²",
            Feature::X1X2 => "x₁x₂",
            Feature::SinX1 => "sin x₁",
            Feature::SinX2 => "sin x₂",
        }
    }

    pub fn from_name(name: &str) -> Option<Feature> {
        Feature::ALL.into_iter().find(|f| f.name() == name)
    }

    pub fn value(self, x1: f64, x2: f64) -> f64 {
        match self {
            Feature::X1 => x1,
            Feature::X2 => x2,
            Feature::X1Sq => x1 * x1,
            Feature::X2Sq => x2 * x2,
            Feature::X1X2 => x1 * x2,
            Feature::SinX1 => x1.sin(),
            Feature::SinX2 => x2.sin(),
        }
    }
}

/// A set of features; always listed in [`Feature::ALL`]'s order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Features(u8);

impl Default for Features {
    fn default() -> Features {
        Features::XY
    }
}

impl Features {
    /// x₁ and x₂: the plain coordinates.
    pub const XY: Features = Features(0b11);

    pub fn of(list: &[Feature]) -> Features {
        Features(list.iter().fold(0, |bits, f| bits | Self::bit(*f)))
    }

    fn bit(f: Feature) -> u8 {
        1 << Feature::ALL.iter().position(|g| *g == f).unwrap_or(0)
    }

    pub fn contains(self, f: Feature) -> bool {
        self.0 & Self::bit(f) != 0
    }

    pub fn list(self) -> Vec<Feature> {
        Feature::ALL.into_iter().filter(|f| self.contains(*f)).collect()
    }

    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// A comma list of names (`x1,x2,x1sq`), in any order, repeats allowed; `None` when a name
    /// is unknown or the list is empty.
    pub fn parse(raw: &str) -> Option<Features> {
        let mut list = Vec::new();
        for part in raw.split(',') {
            list.push(Feature::from_name(part.trim())?);
        }
        let set = Features::of(&list);
        (!set.is_empty()).then_some(set)
    }

    /// The comma list of names, in canonical order.
    pub fn names(self) -> String {
        self.list().iter().map(|f| f.name()).collect::<Vec<_>>().join(",")
    }
}

/// How each feature is scaled before the network, with statistics of the training split.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scaling {
    #[default]
    None,
    /// (v − mean) / std, the std from the population variance (divided by n).
    Standardize,
    /// (v − min) / (max − min): the training values span [0, 1].
    MinMax,
}

/// What cleaning does with a missing value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Fill {
    /// Remove the point.
    #[default]
    Drop,
    /// Replace the missing coordinate by the training mean of that coordinate.
    Mean,
}

/// Everything about preparing the data besides which points (`DataConfig`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PrepConfig {
    pub x1_scale: f64,
    pub x1_offset: f64,
    pub x2_scale: f64,
    pub x2_offset: f64,
    /// Share of the training rows with a missing value, in [0, 1].
    pub missing: f64,
    /// Share of the training rows with an outlying coordinate, in [0, 1].
    pub outliers: f64,
    /// Share of the training rows with a wrong label, in [0, 1].
    pub label_noise: f64,
    pub clean: bool,
    pub fill: Fill,
    pub features: Features,
    pub scaling: Scaling,
    /// Images only: the camera's corruption and the per-image preparation.
    pub image: super::imageprep::ImagePrep,
}

impl Default for PrepConfig {
    /// The identity: no corruption, no cleaning, x₁ and x₂ as they are.
    fn default() -> PrepConfig {
        PrepConfig {
            x1_scale: 1.0,
            x1_offset: 0.0,
            x2_scale: 1.0,
            x2_offset: 0.0,
            missing: 0.0,
            outliers: 0.0,
            label_noise: 0.0,
            clean: false,
            fill: Fill::Drop,
            features: Features::XY,
            scaling: Scaling::None,
            image: super::imageprep::ImagePrep::default(),
        }
    }
}

/// The training rows the corruption step changed (indices into the training split as
/// generated, ascending).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Injected {
    pub missing: Vec<u32>,
    pub outliers: Vec<u32>,
    pub wrong_labels: Vec<u32>,
}

fn coord(s: &Sample, c: usize) -> f64 {
    if c == 0 {
        s.x as f64
    } else {
        s.y as f64
    }
}

fn set_coord(s: &mut Sample, c: usize, v: f64) {
    if c == 0 {
        s.x = v as f32
    } else {
        s.y = v as f32
    }
}

/// Smallest and largest finite value; (0, 0) when there is none.
fn finite_range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values.filter(|v| v.is_finite()).fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if lo <= hi {
        (lo, hi)
    } else {
        (0.0, 0.0)
    }
}

/// Corrupts the training split in place as `cfg` asks (see the module's step 2); returns which
/// rows changed. Seeded by `seed` on its own stream.
pub fn corrupt(train: &mut [Sample], cfg: &PrepConfig, task: Task, seed: u64) -> Injected {
    let n = train.len();
    let mut injected = Injected::default();
    if n == 0 || (cfg.missing <= 0.0 && cfg.outliers <= 0.0 && cfg.label_noise <= 0.0) {
        return injected;
    }
    let mut r = rng(seed, STREAM_CORRUPT);
    let count = |rate: f64| ((rate.clamp(0.0, 1.0) * n as f64).round() as usize).min(n);
    let ranges = [finite_range(train.iter().map(|s| coord(s, 0))), finite_range(train.iter().map(|s| coord(s, 1)))];
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.shuffle(&mut r);
    let missing = count(cfg.missing);
    let outliers = count(cfg.outliers).min(n - missing);
    for &i in &order[..missing] {
        let c = r.random_range(0..2usize);
        set_coord(&mut train[i as usize], c, f64::NAN);
    }
    for &i in &order[missing..missing + outliers] {
        let c = r.random_range(0..2usize);
        let (lo, hi) = ranges[c];
        let span = if hi > lo { hi - lo } else { 1.0 };
        let far = r.random_range(2.0..3.0) * span;
        let v = if r.random_bool(0.5) { hi + far } else { lo - far };
        set_coord(&mut train[i as usize], c, v);
    }
    let sorted = |v: &[u32]| {
        let mut v = v.to_vec();
        v.sort_unstable();
        v
    };
    injected.missing = sorted(&order[..missing]);
    injected.outliers = sorted(&order[missing..missing + outliers]);
    let wrong = count(cfg.label_noise);
    if wrong > 0 {
        order.shuffle(&mut r);
        let (lo, hi) = finite_range(train.iter().map(|s| s.label as f64));
        for &i in &order[..wrong] {
            let s = &mut train[i as usize];
            s.label = match task {
                Task::Binary => 1.0 - s.label,
                Task::Multiclass { classes } => ((s.label as usize + r.random_range(1..classes.max(2))) % classes.max(2)) as f32,
                Task::Regression => {
                    if hi > lo {
                        r.random_range(lo..hi) as f32
                    } else {
                        lo as f32
                    }
                }
            };
        }
        injected.wrong_labels = sorted(&order[..wrong]);
    }
    injected
}

/// The outlier rule's threshold: a value x is an outlier when |x − median| > 3.5·σ̂ with the
/// robust standard deviation σ̂ = 1.4826·MAD (MAD = median of |x − median|). This is the
/// modified z-score of Iglewicz and Hoaglin (1993), |0.6745·(x − median)/MAD| > 3.5.
pub const OUTLIER_Z: f64 = 3.5;
/// σ̂ = 1.4826·MAD is the standard deviation for normally distributed data.
pub const MAD_TO_STD: f64 = 1.4826;
/// When more than half the values are equal (MAD = 0): σ̂ = 1.2533·(mean absolute deviation
/// from the median), again the standard deviation for normal data.
pub const MEAN_AD_TO_STD: f64 = 1.2533;
/// Suspected wrong labels: each training point's k = 7 nearest training neighbours (not
/// itself; Euclidean distance in coordinates divided by their training standard deviation).
pub const KNN_K: usize = 7;
/// Classification: a point is removed when fewer than 4 of its 7 neighbours share its label
/// (the majority of its neighbours says otherwise: Wilson's edited nearest neighbours, 1972).
/// Regression: when its target lies more than [`OUTLIER_Z`] robust standard deviations from
/// the median of its neighbours' targets, the robust scale taken over all points' such gaps.
pub const KNN_AGREE: usize = 4;

fn median_sorted(v: &[f64]) -> f64 {
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        0.5 * (v[n / 2 - 1] + v[n / 2])
    }
}

/// (median, robust standard deviation σ̂) of finite values; `None` when there are none.
pub fn robust_scale(values: &[f64]) -> Option<(f64, f64)> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let median = median_sorted(&v);
    let mut dev: Vec<f64> = v.iter().map(|x| (x - median).abs()).collect();
    dev.sort_by(f64::total_cmp);
    let mad = median_sorted(&dev);
    let sigma = if mad > 0.0 { MAD_TO_STD * mad } else { MEAN_AD_TO_STD * dev.iter().sum::<f64>() / dev.len() as f64 };
    Some((median, sigma))
}

/// Why cleaning removed a training point.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Reason {
    /// A coordinate was missing (NaN) and `fill` is `drop` (or there was no value to fill with).
    Missing,
    /// Coordinate `coordinate` (0 = x₁, 1 = x₂) lay `z` robust standard deviations from the
    /// median (|z| > 3.5).
    Outlier { coordinate: u8, z: f32 },
    /// Classification: only `agree` of its 7 nearest neighbours share its label.
    WrongLabel { agree: u8 },
    /// Regression: its target's gap to its neighbours' median target is `z` robust standard
    /// deviations from the typical gap.
    WrongTarget { z: f32 },
}

/// One removed training point.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Removed {
    /// Index in the training split before cleaning (as in [`Injected`]).
    pub index: u32,
    /// The point as it was (NaN for a missing coordinate).
    pub sample: Sample,
    pub reason: Reason,
}

/// What corruption injected and cleaning did. Sent to the page with every new run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CleanReport {
    pub injected: Injected,
    /// Whether the clean step ran.
    pub cleaned: bool,
    pub fill: Fill,
    pub task: Task,
    /// Training points before cleaning.
    pub train_before: u32,
    /// In the order of the steps: outliers, missing values, wrong labels.
    pub removed: Vec<Removed>,
    /// Training rows (indices before cleaning) whose missing coordinate was filled.
    pub filled: Vec<u32>,
    /// The training means used for filling, per coordinate (`None` when not filling).
    pub fill_values: Option<[f32; 2]>,
    /// The range of each coordinate that is not an outlier: median ∓ 3.5·σ̂ (infinite when
    /// the rule did not run).
    pub outlier_limits: [(f32, f32); 2],
    /// For each training point after cleaning, its index before cleaning.
    pub kept: Vec<u32>,
    /// Test points with a missing value: dropped, or filled with the training means.
    pub test_removed: u32,
    pub test_filled: u32,
}

impl CleanReport {
    fn untouched(injected: Injected, cfg: &PrepConfig, task: Task, n: usize) -> CleanReport {
        CleanReport {
            injected,
            cleaned: false,
            fill: cfg.fill,
            task,
            train_before: n as u32,
            removed: vec![],
            filled: vec![],
            fill_values: None,
            outlier_limits: [(f32::NEG_INFINITY, f32::INFINITY); 2],
            kept: (0..n as u32).collect(),
            test_removed: 0,
            test_filled: 0,
        }
    }

    /// How many removals had each reason: (missing, outlier, wrong label or target).
    pub fn counts(&self) -> (usize, usize, usize) {
        let count = |f: fn(&Reason) -> bool| self.removed.iter().filter(|r| f(&r.reason)).count();
        (
            count(|r| matches!(r, Reason::Missing)),
            count(|r| matches!(r, Reason::Outlier { .. })),
            count(|r| matches!(r, Reason::WrongLabel { .. } | Reason::WrongTarget { .. })),
        )
    }

    /// The removed indices with one reason, ascending.
    pub fn removed_for(&self, f: fn(&Reason) -> bool) -> Vec<u32> {
        let mut v: Vec<u32> = self.removed.iter().filter(|r| f(&r.reason)).map(|r| r.index).collect();
        v.sort_unstable();
        v
    }

    /// The report in words, one line each: what was injected, the rules, what was removed and
    /// why (each point), what happened in the test split.
    pub fn lines(&self, lang: Lang) -> Vec<String> {
        let n = |x: usize| lang.digits(&x.to_string());
        let num = |x: f32| lang.digits(&format!("{}", (x * 1000.0).round() / 1000.0));
        let mut out = Vec::new();
        let inj = &self.injected;
        if !(inj.missing.is_empty() && inj.outliers.is_empty() && inj.wrong_labels.is_empty()) {
            out.push(format!(
                "{}: {} {}, {} {}, {} {}",
                lang.t(T::ReportInjected),
                n(inj.missing.len()),
                lang.t(T::ReportMissingValues),
                n(inj.outliers.len()),
                lang.t(T::ReportOutliers),
                n(inj.wrong_labels.len()),
                lang.t(T::ReportWrongLabels),
            ));
        }
        if !self.cleaned {
            out.push(lang.t(T::ReportNotCleaned).to_string());
            return out;
        }
        let limits = |c: usize| {
            let (lo, hi) = self.outlier_limits[c];
            if lo.is_finite() {
                format!("{} ∈ [{}, {}]", ["x₁", "x₂"][c], num(lo), num(hi))
            } else {
                format!("{} —", ["x₁", "x₂"][c])
            }
        };
        out.push(format!("{} ({}: {}, {})", lang.t(T::RuleOutlier), lang.t(T::ReportKept), limits(0), limits(1)));
        out.push(match self.fill_values {
            None => lang.t(T::RuleMissingDrop).to_string(),
            Some([x1, x2]) => format!("{} (x₁ = {}, x₂ = {})", lang.t(T::RuleMissingMean), num(x1), num(x2)),
        });
        out.push(
            if self.task == Task::Regression { lang.t(T::RuleWrongTarget) } else { lang.t(T::RuleWrongLabel) }.to_string(),
        );
        let (missing, outliers, labels) = self.counts();
        out.push(format!(
            "{} {} / {}: {} {}, {} {}, {} {}; {} {}",
            lang.t(T::ReportRemoved),
            n(self.removed.len()),
            n(self.train_before as usize),
            n(missing),
            lang.t(T::ReportMissingValues),
            n(outliers),
            lang.t(T::ReportOutliers),
            n(labels),
            lang.t(T::ReportWrongLabels),
            lang.t(T::ReportFilled),
            n(self.filled.len()),
        ));
        for r in &self.removed {
            let why = match r.reason {
                Reason::Missing => lang.t(T::ReasonMissing).to_string(),
                Reason::Outlier { coordinate, z } => {
                    format!("{} {} (z = {})", lang.t(T::ReasonOutlier), ["x₁", "x₂"][coordinate.min(1) as usize], num(z))
                }
                Reason::WrongLabel { agree } => {
                    format!("{} ({} / {})", lang.t(T::ReasonWrongLabel), n(agree as usize), n(KNN_K))
                }
                Reason::WrongTarget { z } => format!("{} (z = {})", lang.t(T::ReasonWrongTarget), num(z)),
            };
            let s = r.sample;
            out.push(format!("  #{} ({}, {}; {}): {why}", n(r.index as usize), num(s.x), num(s.y), num(s.label)));
        }
        if self.test_removed > 0 || self.test_filled > 0 {
            out.push(format!(
                "{}: {} {}, {} {}",
                lang.t(T::ReportTest),
                n(self.test_removed as usize),
                lang.t(T::ReportDropped),
                n(self.test_filled as usize),
                lang.t(T::ReportFilled),
            ));
        }
        out
    }
}

/// For each point, the indices of its `k` nearest other points (ascending distance; ties to
/// the lower index). Brute force: O(n²), fine for the ≤ 10,000 points we allow.
fn nearest(points: &[(f64, f64)], k: usize) -> Vec<Vec<usize>> {
    let k = k.min(points.len().saturating_sub(1));
    points
        .iter()
        .enumerate()
        .map(|(i, &(x, y))| {
            let mut best: Vec<(f64, usize)> = Vec::with_capacity(k + 1);
            for (j, &(u, v)) in points.iter().enumerate() {
                if i == j {
                    continue;
                }
                let d = (x - u) * (x - u) + (y - v) * (y - v);
                if best.len() < k || best.last().is_some_and(|b| d < b.0) {
                    let at = best.partition_point(|b| b.0 <= d);
                    best.insert(at, (d, j));
                    best.truncate(k);
                }
            }
            best.into_iter().map(|b| b.1).collect()
        })
        .collect()
}

/// Mean and population standard deviation of the finite values (NaN, NaN when none).
/// Two passes, so a large offset does not cancel the variance away.
fn mean_std(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let v: Vec<f64> = values.filter(|v| v.is_finite()).collect();
    if v.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    (mean, (v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n).sqrt())
}

/// The clean step (the module's step 3). Returns the cleaned splits and the report; without
/// `cfg.clean` returns them unchanged.
pub fn clean(train: Vec<Sample>, test: Vec<Sample>, cfg: &PrepConfig, task: Task, injected: Injected) -> (Vec<Sample>, Vec<Sample>, CleanReport) {
    let n = train.len();
    let mut report = CleanReport::untouched(injected, cfg, task, n);
    if !cfg.clean {
        return (train, test, report);
    }
    report.cleaned = true;
    let mut alive = vec![true; n];

    // 1. Outliers, per coordinate, on the values present.
    let mut robust = [None; 2];
    for (c, slot) in robust.iter_mut().enumerate() {
        let values: Vec<f64> = train.iter().map(|s| coord(s, c)).collect();
        *slot = robust_scale(&values).filter(|&(_, sigma)| sigma > 0.0);
        if let Some((m, sigma)) = *slot {
            report.outlier_limits[c] = ((m - OUTLIER_Z * sigma) as f32, (m + OUTLIER_Z * sigma) as f32);
        }
    }
    for (i, s) in train.iter().enumerate() {
        let mut worst: Option<(u8, f64)> = None;
        for (c, rob) in robust.iter().enumerate() {
            let (Some((m, sigma)), v) = (rob, coord(s, c)) else { continue };
            let z = (v - m) / sigma;
            if v.is_finite() && z.abs() > OUTLIER_Z && worst.is_none_or(|w| z.abs() > w.1.abs()) {
                worst = Some((c as u8, z));
            }
        }
        if let Some((coordinate, z)) = worst {
            alive[i] = false;
            report.removed.push(Removed { index: i as u32, sample: *s, reason: Reason::Outlier { coordinate, z: z as f32 } });
        }
    }

    // 2. Missing values: the training means of what is left.
    let means: Vec<f64> = (0..2)
        .map(|c| mean_std(train.iter().zip(&alive).filter(|(_, a)| **a).map(|(s, _)| coord(s, c))).0)
        .collect();
    let filling = cfg.fill == Fill::Mean;
    if filling {
        report.fill_values = Some([means[0] as f32, means[1] as f32]);
    }
    let mut train = train;
    let missing = |s: &Sample| !s.x.is_finite() || !s.y.is_finite();
    // Fills a point's missing coordinates; false when there is no mean to fill with.
    let fill = |s: &mut Sample| -> bool {
        for (c, &m) in means.iter().enumerate() {
            if !coord(s, c).is_finite() {
                if !m.is_finite() {
                    return false;
                }
                set_coord(s, c, m);
            }
        }
        true
    };
    for i in 0..n {
        if alive[i] && missing(&train[i]) {
            let before = train[i];
            if filling && fill(&mut train[i]) {
                report.filled.push(i as u32);
            } else {
                alive[i] = false;
                report.removed.push(Removed { index: i as u32, sample: before, reason: Reason::Missing });
            }
        }
    }

    // 3. Suspected wrong labels, among the points left, by their nearest neighbours.
    let idx: Vec<usize> = (0..n).filter(|&i| alive[i]).collect();
    let (_, sx) = mean_std(idx.iter().map(|&i| coord(&train[i], 0)));
    let (_, sy) = mean_std(idx.iter().map(|&i| coord(&train[i], 1)));
    let unit = |s: f64| if s.is_finite() && s > 0.0 { s } else { 1.0 };
    let (sx, sy) = (unit(sx), unit(sy));
    let pts: Vec<(f64, f64)> = idx.iter().map(|&i| (coord(&train[i], 0) / sx, coord(&train[i], 1) / sy)).collect();
    let neighbours = nearest(&pts, KNN_K);
    let mut suspects: Vec<(usize, Reason)> = Vec::new();
    match task {
        Task::Regression => {
            let gaps: Vec<f64> = idx
                .iter()
                .zip(&neighbours)
                .map(|(&i, nb)| {
                    let mut ys: Vec<f64> = nb.iter().map(|&j| train[idx[j]].label as f64).collect();
                    if ys.is_empty() {
                        return 0.0;
                    }
                    ys.sort_by(f64::total_cmp);
                    train[i].label as f64 - median_sorted(&ys)
                })
                .collect();
            if let Some((m, sigma)) = robust_scale(&gaps).filter(|&(_, s)| s > 0.0) {
                for (k, &g) in gaps.iter().enumerate() {
                    let z = (g - m) / sigma;
                    if z.abs() > OUTLIER_Z {
                        suspects.push((idx[k], Reason::WrongTarget { z: z as f32 }));
                    }
                }
            }
        }
        _ => {
            for (k, nb) in neighbours.iter().enumerate() {
                let label = train[idx[k]].label;
                let agree = nb.iter().filter(|&&j| train[idx[j]].label == label).count();
                // With k neighbours, fewer than half agreeing (fewer than 4 of 7).
                if !nb.is_empty() && 2 * agree < nb.len() {
                    suspects.push((idx[k], Reason::WrongLabel { agree: agree as u8 }));
                }
            }
        }
    }
    for (i, reason) in suspects {
        alive[i] = false;
        report.removed.push(Removed { index: i as u32, sample: train[i], reason });
    }

    report.kept = (0..n as u32).filter(|&i| alive[i as usize]).collect();
    let train: Vec<Sample> = train.into_iter().zip(&alive).filter(|(_, a)| **a).map(|(s, _)| s).collect();

    // 4. The test split: only its missing values.
    let mut kept_test = Vec::with_capacity(test.len());
    for mut s in test {
        if missing(&s) {
            if filling && fill(&mut s) {
                report.test_filled += 1;
            } else {
                report.test_removed += 1;
                continue;
            }
        }
        kept_test.push(s);
    }
    (train, kept_test, report)
}

/// Training-split statistics of one feature (before scaling) and the scaling fitted from
/// them: the network sees (v − shift) / scale.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeatureStats {
    pub feature: Feature,
    pub mean: f64,
    /// Population standard deviation (divided by n).
    pub std: f64,
    pub min: f64,
    pub max: f64,
    pub shift: f64,
    pub scale: f64,
}

/// Steps 4–6 of the module's pipeline, fitted on a training split: turns a point of the
/// plane into the network's inputs. The same function maps data and grids.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pipeline {
    /// (scale, offset) of x₁ and of x₂.
    pub affine: [(f64, f64); 2],
    pub features: Features,
    pub scaling: Scaling,
    /// One per chosen feature, in order; the network's input i is feature `stats[i].feature`.
    pub stats: Vec<FeatureStats>,
    /// How many training points the statistics come from.
    pub fitted_on: u32,
}

impl Pipeline {
    /// Fits the scaling on `train` (its finite values).
    pub fn fit(cfg: &PrepConfig, train: &[Sample]) -> Pipeline {
        let mut p = Pipeline {
            affine: [(cfg.x1_scale, cfg.x1_offset), (cfg.x2_scale, cfg.x2_offset)],
            features: cfg.features,
            scaling: cfg.scaling,
            stats: vec![],
            fitted_on: train.len() as u32,
        };
        let features = p.features.list();
        let mut columns: Vec<Vec<f64>> = vec![Vec::with_capacity(train.len()); features.len()];
        for s in train {
            for (col, v) in columns.iter_mut().zip(p.raw(s.x, s.y)) {
                col.push(v);
            }
        }
        p.stats = features
            .into_iter()
            .zip(columns)
            .map(|(feature, col)| {
                let (mean, std) = mean_std(col.iter().copied());
                let (min, max) = finite_range(col.iter().copied());
                let positive = |s: f64| if s.is_finite() && s > 0.0 { s } else { 1.0 };
                let (shift, scale) = match cfg.scaling {
                    Scaling::None => (0.0, 1.0),
                    Scaling::Standardize => (if mean.is_finite() { mean } else { 0.0 }, positive(std)),
                    Scaling::MinMax => (min, positive(max - min)),
                };
                FeatureStats { feature, mean, std, min, max, shift, scale }
            })
            .collect();
        p
    }

    /// The network's input width.
    pub fn width(&self) -> usize {
        self.stats.len()
    }

    /// The features of a point of the plane, after scale and offset, before scaling.
    pub fn raw(&self, x: f32, y: f32) -> Vec<f64> {
        let [(s1, o1), (s2, o2)] = self.affine;
        let (x1, x2) = (x as f64 * s1 + o1, y as f64 * s2 + o2);
        self.features.list().into_iter().map(|f| f.value(x1, x2)).collect()
    }

    /// Appends the network's inputs for a point of the plane to `out`.
    pub fn push(&self, x: f32, y: f32, out: &mut Vec<f32>) {
        for (v, st) in self.raw(x, y).into_iter().zip(&self.stats) {
            out.push(((v - st.shift) / st.scale) as f32);
        }
    }

    /// The network's inputs for many points, row-major (n × width).
    pub fn transform(&self, points: impl IntoIterator<Item = (f32, f32)>) -> Vec<f32> {
        let mut out = Vec::new();
        for (x, y) in points {
            self.push(x, y, &mut out);
        }
        out
    }

    /// The pipeline in words: the inputs, the scaling and each feature's statistics.
    pub fn lines(&self, lang: Lang) -> Vec<String> {
        let num = |x: f64| lang.digits(&format!("{}", (x * 1000.0).round() / 1000.0));
        let [(s1, o1), (s2, o2)] = self.affine;
        let scaling = match self.scaling {
            Scaling::None => T::ScalingNone,
            Scaling::Standardize => T::ScalingStandardize,
            Scaling::MinMax => T::ScalingMinMax,
        };
        let mut out = vec![
            format!("x₁ × {} + {}, x₂ × {} + {}", num(s1), num(o1), num(s2), num(o2)),
            format!(
                "{}: {} ({} {} {})",
                lang.t(T::Scaling),
                lang.t(scaling),
                lang.t(T::ReportFittedOn),
                lang.digits(&self.fitted_on.to_string()),
                lang.t(T::ReportTrainingPoints)
            ),
        ];
        for st in &self.stats {
            let shifted = if st.shift < 0.0 { format!("v + {}", num(-st.shift)) } else { format!("v − {}", num(st.shift)) };
            out.push(format!(
                "  {}: μ {}, σ {}, {} … {} → ({shifted}) / {}",
                st.feature.symbol(),
                num(st.mean),
                num(st.std),
                num(st.min),
                num(st.max),
                num(st.scale)
            ));
        }
        out
    }
}

/// Counts of values in equal bins over `[lo, hi]`, with the values' mean and population
/// standard deviation (finite values only; NaN when there are none).
#[derive(Clone, Debug, PartialEq)]
pub struct Histogram {
    pub lo: f64,
    pub hi: f64,
    pub counts: Vec<u32>,
    pub mean: f64,
    pub std: f64,
}

impl Histogram {
    /// `bins` equal bins from the smallest to the largest finite value (a single value gets a
    /// bin of width 1 around it); the largest value falls in the last bin.
    pub fn of(values: &[f64], bins: usize) -> Histogram {
        let bins = bins.max(1);
        let (mean, std) = mean_std(values.iter().copied());
        let (mut lo, mut hi) = finite_range(values.iter().copied());
        if !(lo.is_finite() && hi.is_finite()) {
            return Histogram { lo: 0.0, hi: 1.0, counts: vec![0; bins], mean, std };
        }
        if hi - lo <= f64::EPSILON * lo.abs().max(1.0) {
            (lo, hi) = (lo - 0.5, hi + 0.5);
        }
        let mut counts = vec![0u32; bins];
        for &v in values.iter().filter(|v| v.is_finite()) {
            let i = (((v - lo) / (hi - lo)) * bins as f64).floor() as usize;
            counts[i.min(bins - 1)] += 1;
        }
        Histogram { lo, hi, counts, mean, std }
    }
}

/// One input feature over the training points: before scaling (after scale and offset) and
/// after scaling (what the network sees).
#[derive(Clone, Debug, PartialEq)]
pub struct FeatureHistogram {
    pub feature: Feature,
    pub before: Histogram,
    pub after: Histogram,
}

impl Pipeline {
    /// Per chosen feature, histograms of `train` before and after scaling. Cheap (one pass
    /// through the pipeline), so the page computes them from `Started`'s points.
    pub fn histograms(&self, train: &[Sample], bins: usize) -> Vec<FeatureHistogram> {
        let w = self.width();
        let mut before: Vec<Vec<f64>> = vec![Vec::with_capacity(train.len()); w];
        let mut after: Vec<Vec<f64>> = vec![Vec::with_capacity(train.len()); w];
        for s in train {
            for ((v, st), (b, a)) in self.raw(s.x, s.y).into_iter().zip(&self.stats).zip(before.iter_mut().zip(after.iter_mut())) {
                b.push(v);
                a.push((v - st.shift) / st.scale);
            }
        }
        self.stats
            .iter()
            .zip(before.iter().zip(&after))
            .map(|(st, (b, a))| FeatureHistogram { feature: st.feature, before: Histogram::of(b, bins), after: Histogram::of(a, bins) })
            .collect()
    }
}

/// The data a run trains on: the points in the plane after corruption and cleaning (what
/// the page plots), what cleaning did, and the fitted map to the network's inputs.
#[derive(Clone, Debug, PartialEq)]
pub struct Prepared {
    pub data: Dataset,
    pub report: CleanReport,
    pub pipeline: Pipeline,
}

/// Steps 2–6 on a split dataset. Fails only when cleaning left no training point.
pub fn prepare(cfg: &PrepConfig, task: Task, raw: Dataset, seed: u64) -> Result<Prepared> {
    let Dataset { mut train, test } = raw;
    let injected = corrupt(&mut train, cfg, task, seed);
    let (train, test, report) = clean(train, test, cfg, task, injected);
    if train.is_empty() {
        return Err(Problem::CleanedAll { had: report.train_before as usize }.into());
    }
    let pipeline = Pipeline::fit(cfg, &train);
    Ok(Prepared { data: Dataset { train, test }, report, pipeline })
}

impl Prepared {
    /// A network cannot compute with a missing value: the user is told so, rather than
    /// seeing a NaN loss.
    pub fn check_finite(&self) -> Result<()> {
        let bad = |v: &[Sample]| v.iter().filter(|s| !s.x.is_finite() || !s.y.is_finite()).count();
        let (train, test) = (bad(&self.data.train), bad(&self.data.test));
        if train + test == 0 {
            return Ok(());
        }
        Err(Problem::MissingValues { train, train_of: self.data.train.len(), test, test_of: self.data.test.len() }.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The histograms count every finite training value once, before and after scaling, and
    /// with standardization the "after" side has mean 0 and (population) standard deviation 1,
    /// while "before" keeps the scale: x₁ × 100 has a standard deviation about 100 times x₂'s.
    #[test]
    fn histograms_before_and_after_scaling() {
        let train: Vec<Sample> = (0..200).map(|i| Sample { x: (i as f32 / 20.0) - 5.0, y: ((i * 7) % 13) as f32 / 3.0 - 2.0, label: 0.0 }).collect();
        let cfg = PrepConfig {
            x1_scale: 100.0,
            features: Features::of(&[Feature::X1, Feature::X2, Feature::SinX1]),
            scaling: Scaling::Standardize,
            ..PrepConfig::default()
        };
        let p = Pipeline::fit(&cfg, &train);
        let h = p.histograms(&train, 12);
        assert_eq!(h.iter().map(|h| h.feature).collect::<Vec<_>>(), vec![Feature::X1, Feature::X2, Feature::SinX1]);
        for f in &h {
            assert_eq!(f.before.counts.iter().sum::<u32>(), 200);
            assert_eq!(f.after.counts.iter().sum::<u32>(), 200);
            assert_eq!(f.after.counts.len(), 12);
            assert!(f.after.mean.abs() < 1e-9, "{:?}", f.after);
            assert!((f.after.std - 1.0).abs() < 1e-9, "{:?}", f.after);
        }
        assert!(h[0].before.std / h[1].before.std > 50.0);
        assert!((h[0].before.mean - p.stats[0].mean).abs() < 1e-9);
        // Equal bins: the x₁ values are evenly spaced, so every bin holds 200/12 ± 1.
        assert!(h[0].before.counts.iter().all(|&c| (16..=18).contains(&c)), "{:?}", h[0].before.counts);
        // Missing values are skipped; a constant column still gets a bin.
        let hist = Histogram::of(&[f64::NAN, 2.0, 2.0], 4);
        assert_eq!((hist.counts.iter().sum::<u32>(), hist.mean, hist.std), (2, 2.0, 0.0));
        assert!(hist.lo < 2.0 && hist.hi > 2.0);
    }

    use crate::engine::data::{DataConfig, DatasetKind};

    fn data(kind: DatasetKind, points: usize, seed: u64) -> Dataset {
        Dataset::generate(&DataConfig { kind, points, noise: 0.0, train_fraction: 0.5, seed, custom: vec![], image_size: 16, train_limit: 0, seq: Default::default() })
    }

    fn mean_var(v: &[f32], width: usize, col: usize) -> (f64, f64) {
        let col: Vec<f64> = v.chunks(width).map(|r| r[col] as f64).collect();
        let m = col.iter().sum::<f64>() / col.len() as f64;
        (m, col.iter().map(|x| (x - m).powi(2)).sum::<f64>() / col.len() as f64)
    }

    #[test]
    fn features_by_hand() {
        let cfg = PrepConfig { features: Features::of(&Feature::ALL), ..PrepConfig::default() };
        let p = Pipeline::fit(&cfg, &[]);
        let v = p.raw(2.0, -3.0);
        let want = [2.0, -3.0, 4.0, 9.0, -6.0, 2f64.sin(), (-3f64).sin()];
        assert_eq!(v.len(), 7);
        for (a, b) in v.iter().zip(want) {
            assert!((a - b).abs() < 1e-12, "{v:?}");
        }
        // Scale and offset come first: x₁ = 2·10 + 1 = 21, x₂ = −3·0.5 − 1 = −2.5.
        let cfg = PrepConfig {
            x1_scale: 10.0,
            x1_offset: 1.0,
            x2_scale: 0.5,
            x2_offset: -1.0,
            features: Features::parse("x1x2, x1sq,sinx2").unwrap(),
            ..PrepConfig::default()
        };
        let p = Pipeline::fit(&cfg, &[]);
        assert_eq!(p.features.names(), "x1sq,x1x2,sinx2");
        let v = p.raw(2.0, -3.0);
        assert_eq!(v[..2], [441.0, -52.5]);
        assert!((v[2] - (-2.5f64).sin()).abs() < 1e-12);
        assert_eq!(p.width(), 3);
        assert_eq!(Features::parse(""), None);
        assert_eq!(Features::parse("x1,x3"), None);
        assert_eq!(Features::parse("x2,x1,x2"), Some(Features::XY));
        assert_eq!(Features::XY.names(), "x1,x2");
        for f in Feature::ALL {
            assert_eq!(Feature::from_name(f.name()), Some(f));
        }
    }

    #[test]
    fn standardize_gives_mean_0_and_variance_1_on_the_training_split_only() {
        let d = data(DatasetKind::Gauss, 400, 3);
        let cfg = PrepConfig {
            x1_scale: 100.0,
            x2_offset: 5.0,
            scaling: Scaling::Standardize,
            features: Features::parse("x1,x2,x1sq,x1x2,sinx1").unwrap(),
            ..PrepConfig::default()
        };
        let p = Pipeline::fit(&cfg, &d.train);
        let w = p.width();
        let train = p.transform(d.train.iter().map(|s| (s.x, s.y)));
        let test = p.transform(d.test.iter().map(|s| (s.x, s.y)));
        for c in 0..w {
            let (m, v) = mean_var(&train, w, c);
            assert!(m.abs() < 1e-5 && (v - 1.0).abs() < 1e-4, "feature {c}: mean {m}, variance {v} (population)");
            let (tm, _) = mean_var(&test, w, c);
            assert!(tm != 0.0 && tm.abs() > 1e-4, "test mean {tm}: the test split is not re-centred");
            assert_eq!(p.stats[c].shift, p.stats[c].mean);
        }
        // The statistics come from the training split only: other test points change nothing.
        let moved = Dataset { train: d.train.clone(), test: d.test.iter().map(|s| Sample { x: s.x + 3.0, ..*s }).collect() };
        let q = prepare(&cfg, Task::Binary, moved, 3).unwrap();
        assert_eq!(q.pipeline, p);
    }

    #[test]
    fn min_max_spans_0_to_1_on_train() {
        let d = data(DatasetKind::Spiral, 300, 5);
        let cfg = PrepConfig { scaling: Scaling::MinMax, x2_scale: 0.01, features: Features::of(&Feature::ALL), ..PrepConfig::default() };
        let p = Pipeline::fit(&cfg, &d.train);
        let w = p.width();
        let train = p.transform(d.train.iter().map(|s| (s.x, s.y)));
        for c in 0..w {
            let col: Vec<f32> = train.chunks(w).map(|r| r[c]).collect();
            let (lo, hi) = col.iter().fold((f32::MAX, f32::MIN), |(a, b), &v| (a.min(v), b.max(v)));
            assert!(lo.abs() < 1e-6 && (hi - 1.0).abs() < 1e-5, "feature {c}: [{lo}, {hi}]");
        }
        // A grid point beyond the training range maps outside [0, 1]: the same map, not refitted.
        let far = p.transform([(100.0, 0.0)]);
        assert!(far[0] > 1.0);
    }

    #[test]
    fn a_constant_feature_is_not_divided_by_zero() {
        let train = vec![Sample { x: 1.0, y: 2.0, label: 0.0 }; 5];
        for scaling in [Scaling::Standardize, Scaling::MinMax] {
            let p = Pipeline::fit(&PrepConfig { scaling, ..PrepConfig::default() }, &train);
            assert!(p.transform([(1.0, 2.0), (3.0, 2.0)]).iter().all(|v| v.is_finite()));
        }
    }

    #[test]
    fn corruption_is_seeded_and_counted() {
        let d = data(DatasetKind::Circle, 400, 1);
        let cfg = PrepConfig { missing: 0.1, outliers: 0.05, label_noise: 0.2, ..PrepConfig::default() };
        let run = |seed| {
            let mut t = d.train.clone();
            let inj = corrupt(&mut t, &cfg, Task::Binary, seed);
            (t, inj)
        };
        let (a, inj) = run(1);
        let (b, _) = run(1);
        assert_eq!(format!("{a:?}"), format!("{b:?}"), "same seed, same corruption");
        assert_ne!(format!("{a:?}"), format!("{:?}", run(2).0));
        assert_eq!((inj.missing.len(), inj.outliers.len(), inj.wrong_labels.len()), (20, 10, 40));
        assert!(inj.missing.iter().all(|i| !inj.outliers.contains(i)), "distinct rows");
        for (i, (s, o)) in a.iter().zip(&d.train).enumerate() {
            let i = i as u32;
            assert_eq!(s.x.is_nan() || s.y.is_nan(), inj.missing.contains(&i));
            assert_eq!(s.x.abs() > 10.0 || s.y.abs() > 10.0, inj.outliers.contains(&i), "{s:?}");
            assert_eq!(s.label != o.label, inj.wrong_labels.contains(&i));
        }
        // Multi-class: another class; regression: within the targets' range.
        let d3 = data(DatasetKind::Blobs3, 300, 1);
        let mut t = d3.train.clone();
        let inj = corrupt(&mut t, &PrepConfig { label_noise: 0.5, ..PrepConfig::default() }, Task::Multiclass { classes: 3 }, 1);
        for &i in &inj.wrong_labels {
            let (new, old) = (t[i as usize].label, d3.train[i as usize].label);
            assert!(new != old && (0.0..3.0).contains(&new) && new.fract() == 0.0);
        }
        let dr = data(DatasetKind::Plane, 300, 1);
        let mut t = dr.train.clone();
        corrupt(&mut t, &PrepConfig { label_noise: 1.0, ..PrepConfig::default() }, Task::Regression, 1);
        let (lo, hi) = finite_range(dr.train.iter().map(|s| s.label as f64));
        assert!(t.iter().all(|s| (lo..=hi).contains(&(s.label as f64))));
    }

    #[test]
    fn cleaning_removes_exactly_the_injected_missing_and_outlying_rows() {
        for (kind, seed) in [(DatasetKind::Circle, 1), (DatasetKind::Xor, 2), (DatasetKind::Gauss, 3), (DatasetKind::Moons, 4)] {
            let cfg = PrepConfig { missing: 0.1, outliers: 0.08, clean: true, ..PrepConfig::default() };
            let p = prepare(&cfg, Task::Binary, data(kind, 500, seed), seed).unwrap();
            let r = &p.report;
            assert_eq!(r.removed_for(|r| matches!(r, Reason::Missing)), r.injected.missing, "{kind:?}");
            assert_eq!(r.removed_for(|r| matches!(r, Reason::Outlier { .. })), r.injected.outliers, "{kind:?}");
            let (_, _, labels) = r.counts();
            assert!(labels <= 2, "{kind:?}: {labels} noise-free labels taken for wrong ones");
            assert_eq!(p.data.train.len(), 250 - 25 - 20 - labels);
            assert_eq!(r.kept.len(), p.data.train.len());
            assert!(p.check_finite().is_ok());
            assert!(r.outlier_limits.iter().all(|(lo, hi)| *lo < -4.0 && *hi > 4.0), "{:?}", r.outlier_limits);
            let text = r.lines(Lang::En).join("\n");
            assert!(text.contains("3.5") && text.contains("1.4826") && text.contains("7 nearest"), "{text}");
            assert!(!r.lines(Lang::Fa).is_empty());
        }
    }

    #[test]
    fn fill_mean_keeps_the_rows_with_the_training_mean() {
        let d = data(DatasetKind::Circle, 400, 7);
        let cfg = PrepConfig { missing: 0.2, clean: true, fill: Fill::Mean, ..PrepConfig::default() };
        let p = prepare(&cfg, Task::Binary, d.clone(), 7).unwrap();
        let r = &p.report;
        assert_eq!(r.filled, r.injected.missing);
        assert_eq!(r.counts(), (0, 0, r.removed.len()), "only suspected wrong labels are removed");
        // A point filled at the mean (the circle's centre) whose class is the outer ring looks
        // mislabelled to its neighbours: a few go.
        assert_eq!(p.data.train.len() + r.removed.len(), 200);
        assert!(r.removed.len() < 20, "{}", r.removed.len());
        // The fill value of x is the mean of the x values present.
        let present: Vec<f64> = {
            let mut t = d.train.clone();
            corrupt(&mut t, &cfg, Task::Binary, 7);
            t.iter().map(|s| s.x as f64).filter(|x| x.is_finite()).collect()
        };
        let m = present.iter().sum::<f64>() / present.len() as f64;
        assert!((r.fill_values.unwrap()[0] as f64 - m).abs() < 1e-5);
        assert!(p.check_finite().is_ok());
    }

    #[test]
    fn missing_values_without_cleaning_are_a_clear_error() {
        let cfg = PrepConfig { missing: 0.1, ..PrepConfig::default() };
        let p = prepare(&cfg, Task::Binary, data(DatasetKind::Circle, 200, 1), 1).unwrap();
        let e = p.check_finite().unwrap_err();
        assert!(matches!(e.problem(), Problem::MissingValues { train: 10, train_of: 100, test: 0, test_of: 100 }), "{e}");
        let e = e.to_string();
        assert!(e.contains("training points with a missing value: 10 / 100") && e.contains("Turn on cleaning"), "{e}");
        // Everything missing and dropped: nothing to train on, said so.
        let cfg = PrepConfig { missing: 1.0, clean: true, ..PrepConfig::default() };
        let e = prepare(&cfg, Task::Binary, data(DatasetKind::Circle, 200, 1), 1).unwrap_err();
        assert!(matches!(e.problem(), Problem::CleanedAll { had: 100 }), "{e}");
    }

    #[test]
    fn neighbours_catch_most_wrong_labels_and_few_right_ones() {
        let cfg = PrepConfig { label_noise: 0.2, clean: true, ..PrepConfig::default() };
        let p = prepare(&cfg, Task::Binary, data(DatasetKind::Gauss, 1000, 2), 2).unwrap();
        let r = &p.report;
        let flagged = r.removed_for(|r| matches!(r, Reason::WrongLabel { .. }));
        let hit = flagged.iter().filter(|i| r.injected.wrong_labels.contains(i)).count();
        let (injected, false_alarms) = (r.injected.wrong_labels.len(), flagged.len() - hit);
        assert!(hit as f64 > 0.8 * injected as f64, "caught {hit} of {injected}");
        assert!(false_alarms < injected / 4, "{false_alarms} right labels removed");
        // Regression: stray targets stand out from their neighbours.
        let cfg = PrepConfig { label_noise: 0.1, clean: true, ..PrepConfig::default() };
        let p = prepare(&cfg, Task::Regression, data(DatasetKind::Plane, 1000, 2), 2).unwrap();
        let r = &p.report;
        let flagged = r.removed_for(|r| matches!(r, Reason::WrongTarget { .. }));
        let hit = flagged.iter().filter(|i| r.injected.wrong_labels.contains(i)).count();
        assert!(hit as f64 > 0.6 * r.injected.wrong_labels.len() as f64, "caught {hit} of {}", r.injected.wrong_labels.len());
        assert!(flagged.len() - hit < 10, "{} false alarms", flagged.len() - hit);
    }

    // The claims that standardizing speeds up training and that cleaning wrong labels raises
    // test accuracy are lessons' claims (`lessons::tests`).


    #[test]
    fn the_grid_goes_through_the_same_pipeline_as_the_data() {
        let hash = "dataset=circle&x1_scale=100&x2_offset=3&features=x1,x2,x1x2&scaling=standardize&hidden=3";
        let mut t = crate::engine::Trainer::new(crate::settings::Settings::from_hash(hash).0.train_config()).unwrap();
        let crate::engine::View::Points(v) = t.view(5, 5, None).unwrap() else { panic!("points") };
        assert_eq!(v.weights[0].inputs, 3, "one input per feature");
        // The input layer's thumbnails are the grid's points through scale/offset, features and
        // the training split's scaling.
        let want = t.points().unwrap().pipeline.transform(crate::engine::train::plane_points(5));
        for (f, grid) in v.neurons[0].iter().enumerate() {
            let got: Vec<f32> = grid.values.clone();
            let col: Vec<f32> = want.chunks(3).map(|r| r[f]).collect();
            assert_eq!(got, col, "feature {f}");
        }
        // Its centre cell (0, 0) is x₁ = 0, x₂ = 3 before scaling: (0 − mean)/std for x₁.
        let st = &t.points().unwrap().pipeline.stats;
        assert!((v.neurons[0][0].values[12] as f64 + st[0].mean / st[0].std).abs() < 1e-4);
    }

    #[test]
    fn nearest_neighbours_by_hand() {
        let pts = [(0.0, 0.0), (1.0, 0.0), (3.0, 0.0), (0.0, 2.0)];
        assert_eq!(nearest(&pts, 2), vec![vec![1, 3], vec![0, 2], vec![1, 0], vec![0, 1]]);
        assert_eq!(nearest(&pts[..1], 7), vec![Vec::<usize>::new()]);
        assert_eq!(robust_scale(&[1.0, 2.0, 3.0, 4.0, 100.0]), Some((3.0, MAD_TO_STD)));
        // More than half equal: the mean absolute deviation stands in for the MAD.
        let (m, s) = robust_scale(&[0.0, 0.0, 0.0, 4.0]).unwrap();
        assert_eq!((m, s), (0.0, MEAN_AD_TO_STD));
    }
}
