//! The lessons: one row per lecture slide the playground can show (`../shared/course/outline.md`),
//! each with its title and text (in [`crate::i18n`]), the settings it starts from, the panels it
//! shows, and the seeded experiment that checks its claim. The native tests run every claim
//! (`lesson_claims_hold`); the page's "Check the claim" sends the same trials to the worker.
//!
//! No web imports: the table is read by the page, the command line and the tests alike.

use crate::engine::claim::{Figure, Measure, Trial};
use crate::i18n::T;
use crate::settings::Settings;

/// A lesson's URL key (`lesson=standardize`); `None` is the free playground.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum LessonKey {
    #[default]
    None,
    Overview,
    MoreData,
    Cleaning,
    Scales,
    Standardize,
    Normalize,
    Equalize,
    Augment,
    Architecture,
    Cnn,
    Sequences,
    Losses,
    Surface,
    Optimizers,
    Backprop,
    LearningRate,
    BatchNorm,
    Dropout,
    Transfer,
}

/// A part of the page that a lesson or an embedding can show (`panels=boundary,loss`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    /// The data's controls (and the CSV box for points).
    Data,
    /// The features' histograms before and after scaling.
    Histograms,
    /// The learning curve (test accuracy against training-set size).
    Curve,
    /// Images: the camera's faults and the per-image preparation.
    Prep,
    /// Images: augmentation of the training split.
    Augment,
    /// The layer editor, the network diagram and the layers' activity.
    Network,
    /// The optimizer, rate, batch, regularization, and the range test.
    Training,
    /// The decision boundary with the points (images: the gallery and confusion matrix).
    Boundary,
    /// The loss curves.
    Loss,
    Surface,
    /// Choosing the architecture: ready-made models, growth, random search.
    Arch,
    Race,
    Lab,
    /// Transfer learning: three runs (from scratch, frozen, fine-tuned) on one chart.
    Transfer,
}

/// One row of the table.
pub struct Lesson {
    pub key: LessonKey,
    /// The lecture's slide number.
    pub slide: u8,
    pub title: T,
    /// What to try and what to notice (2–5 sentences).
    pub text: T,
    /// The settings it starts from (a URL hash; page settings such as `speed` included).
    pub hash: &'static str,
    pub panels: &'static [Panel],
    /// Settings whose controls the lesson shows beside its text when none of its panels holds
    /// them (e.g. `scaling` for the standardization lesson, whose panels are plots).
    pub controls: &'static [&'static str],
    /// The experiment that checks its claim; `None` where the lesson checks itself (the lab's
    /// finite-difference column checks every gradient it shows).
    pub claim: Option<Claim>,
}

/// A claim and its seeded experiment: the settings all trials share, the trials (label, their
/// own settings on top of those, epochs), what is measured from each, and what the figures
/// must show.
pub struct Claim {
    pub statement: T,
    pub base: &'static str,
    pub trials: &'static [(T, &'static str, usize)],
    pub measure: Measure,
    pub holds: fn(&[Figure]) -> bool,
}

impl Claim {
    /// Each trial's whole settings, as a URL hash (the shared settings, then its own).
    pub fn hashes(&self) -> Vec<String> {
        self.trials.iter().map(|(_, own, _)| [self.base, own].iter().filter(|p| !p.is_empty()).copied().collect::<Vec<_>>().join("&")).collect()
    }

    /// The trials as the engine runs them.
    pub fn trials(&self) -> Vec<Trial> {
        self.hashes().iter().zip(self.trials).map(|(hash, (_, _, epochs))| Trial { config: Settings::from_hash(hash).0.train_config(), epochs: *epochs }).collect()
    }

    /// Whether the figures (one per trial, in order) show the claim; false for a wrong count.
    pub fn check(&self, figures: &[Figure]) -> bool {
        figures.len() == self.trials.len() && (self.holds)(figures)
    }
}

fn v(f: &Figure) -> f64 {
    f.value().unwrap_or(f64::NAN)
}

/// Shorthands for the judges: the trials' values (NaN where there is none, which fails every
/// comparison).
fn vals(f: &[Figure]) -> Vec<f64> {
    f.iter().map(v).collect()
}

use Panel as P;

pub static LESSONS: &[Lesson] = &[
    Lesson {
        key: LessonKey::Overview,
        slide: 1,
        title: T::LessonOverview,
        text: T::LessonOverviewText,
        hash: "dataset=circle&noise=10&layers=d4,d2&speed=30",
        panels: &[P::Data, P::Network, P::Training, P::Boundary, P::Loss],
        controls: &[],
        claim: Some(Claim {
            statement: T::ClaimOverview,
            base: "dataset=circle&noise=10&layers=d4,d2&seed=1",
            trials: &[(T::TrialThisNetwork, "", 100)],
            measure: Measure::TestAcc,
            holds: |f| v(&f[0]) >= 0.9,
        }),
    },
    Lesson {
        key: LessonKey::MoreData,
        slide: 2,
        title: T::LessonMoreData,
        text: T::LessonMoreDataText,
        hash: "dataset=xor&noise=10&points=60&layers=d8&speed=30",
        panels: &[P::Data, P::Curve, P::Boundary, P::Loss],
        controls: &[],
        claim: Some(Claim {
            statement: T::ClaimMoreData,
            base: "dataset=xor&noise=10&layers=d8&seed=1",
            trials: &[
                (T::Trial60Points, "points=60", 100),
                (T::Trial800Points, "points=800", 100),
            ],
            measure: Measure::TestAcc,
            holds: |f| v(&f[1]) > v(&f[0]) + 0.03,
        }),
    },
    Lesson {
        key: LessonKey::Cleaning,
        slide: 3,
        title: T::LessonCleaning,
        text: T::LessonCleaningText,
        hash: "dataset=moons&noise=10&points=200&layers=d16,d16,d16&opt=adam&label_noise=0.2&speed=30",
        panels: &[P::Data, P::Boundary, P::Loss],
        controls: &[],
        // Seed 1, 200 epochs: 0.87 without cleaning, 1.0 with.
        claim: Some(Claim {
            statement: T::ClaimCleaning,
            base: "dataset=moons&noise=10&points=200&layers=d16,d16,d16&opt=adam&label_noise=0.2&seed=1",
            trials: &[
                (T::TrialWithout, "", 200),
                (T::TrialCleaned, "clean=1", 200),
            ],
            measure: Measure::TestAcc,
            holds: |f| v(&f[1]) > v(&f[0]) + 0.1,
        }),
    },
    Lesson {
        key: LessonKey::Scales,
        slide: 4,
        title: T::LessonScales,
        text: T::LessonScalesText,
        hash: "dataset=circle&x1_scale=100&speed=30",
        panels: &[P::Data, P::Histograms, P::Boundary, P::Loss],
        controls: &[],
        claim: Some(Claim {
            statement: T::ClaimScales,
            base: "dataset=circle&seed=1",
            trials: &[
                (T::TrialSameScale, "", 100),
                (T::TrialScaled100, "x1_scale=100", 100),
            ],
            measure: Measure::EpochsTo { train_loss: 0.2 },
            holds: |f| f[0].value().is_some() && f[1] == Figure::Never,
        }),
    },
    Lesson {
        key: LessonKey::Standardize,
        slide: 5,
        title: T::LessonStandardize,
        text: T::LessonStandardizeText,
        hash: "dataset=circle&x1_scale=100&scaling=none&speed=10",
        panels: &[P::Boundary, P::Histograms, P::Surface],
        controls: &["x1_scale", "scaling"],
        // Seed 1: standardized, the loss is below 0.2 at epoch 51; unscaled, still 0.67 after
        // 300 epochs.
        claim: Some(Claim {
            statement: T::ClaimStandardize,
            base: "dataset=circle&x1_scale=100&seed=1",
            trials: &[
                (T::ScalingNone, "scaling=none", 100),
                (T::ScalingStandardize, "scaling=standardize", 100),
            ],
            measure: Measure::EpochsTo { train_loss: 0.2 },
            holds: |f| f[0] == Figure::Never && v(&f[1]) < 80.0,
        }),
    },
    Lesson {
        key: LessonKey::Normalize,
        slide: 6,
        title: T::LessonNormalize,
        text: T::LessonNormalizeText,
        hash: "dataset=circle&x1_scale=100&scaling=none&lr=0.3&speed=10",
        panels: &[P::Boundary, P::Histograms, P::Surface],
        controls: &["x1_scale", "scaling"],
        claim: Some(Claim {
            statement: T::ClaimNormalize,
            base: "dataset=circle&x1_scale=100&lr=0.3&seed=1",
            trials: &[
                (T::ScalingNone, "scaling=none", 200),
                (T::ScalingMinMax, "scaling=minmax", 200),
            ],
            measure: Measure::EpochsTo { train_loss: 0.2 },
            holds: |f| f[0] == Figure::Never && f[1].value().is_some(),
        }),
    },
    Lesson {
        key: LessonKey::Equalize,
        slide: 7,
        title: T::LessonEqualize,
        text: T::LessonEqualizeText,
        hash: "dataset=digits&points=1797&layers=c8k3,mp2,c16k3,mp2&act=relu&opt=adam&lr=0.01&batch=32&init=he&scaling=standardize&lighting=1",
        panels: &[P::Prep, P::Boundary, P::Loss],
        controls: &[],
        // Measured (seed 1, 2): clean 93.1 %, 94.8 %; lighting 89.5 %, 89.6 %; global 93.7 %,
        // 92.5 %; CLAHE 94.2 %, 93.8 %.
        claim: Some(Claim {
            statement: T::ClaimEqualize,
            base: "dataset=digits&points=1797&layers=c8k3,mp2,c16k3,mp2&act=relu&opt=adam&lr=0.01&batch=32&init=he&scaling=standardize&seed=1",
            trials: &[
                (T::TrialEvenLight, "", 10),
                (T::TrialUnevenLight, "lighting=1", 10),
                (T::EqualizeGlobal, "lighting=1&equalize=global", 10),
                (T::EqualizeClahe, "lighting=1&equalize=clahe", 10),
            ],
            measure: Measure::TestAcc,
            holds: |f| {
                let x = vals(f);
                x[1] < x[0] - 0.03 && x[2] > x[1] + 0.02 && x[3] > x[1] + 0.03
            },
        }),
    },
    Lesson {
        key: LessonKey::Augment,
        slide: 8,
        title: T::LessonAugment,
        text: T::LessonAugmentText,
        hash: "dataset=digits&points=500&split=10&layers=c8k3,mp2,c16k3,mp2&act=relu&opt=adam&lr=0.01&batch=10&init=he&aug_shift=0.1&aug_rotate=15&aug_scale=0.1",
        panels: &[P::Augment, P::Boundary, P::Loss],
        controls: &[],
        // Trained on 50 digits (450 test digits), 150 epochs, seeds 1–3: without 83.6, 79.1,
        // 79.8 %; with 82.7, 88.9, 87.6 % (seed 1 loses: the claim is on the mean).
        claim: Some(Claim {
            statement: T::ClaimAugment,
            base: "dataset=digits&points=500&split=10&layers=c8k3,mp2,c16k3,mp2&act=relu&opt=adam&lr=0.01&batch=10&init=he",
            trials: &[
                (T::TrialWithout, "seed=1", 150),
                (T::TrialWithout, "seed=2", 150),
                (T::TrialWithout, "seed=3", 150),
                (T::TrialAugmented, "seed=1&aug_shift=0.1&aug_rotate=15&aug_scale=0.1", 150),
                (T::TrialAugmented, "seed=2&aug_shift=0.1&aug_rotate=15&aug_scale=0.1", 150),
                (T::TrialAugmented, "seed=3&aug_shift=0.1&aug_rotate=15&aug_scale=0.1", 150),
            ],
            measure: Measure::TestAcc,
            holds: |f| {
                let x = vals(f);
                (x[3] + x[4] + x[5]) / 3.0 > (x[0] + x[1] + x[2]) / 3.0 + 0.03
            },
        }),
    },
    Lesson {
        key: LessonKey::Architecture,
        slide: 9,
        title: T::LessonArchitecture,
        text: T::LessonArchitectureText,
        hash: "dataset=spiral&points=1000&opt=adam&lr=0.01&act=relu&layers=d2",
        panels: &[P::Arch, P::Boundary, P::Loss],
        controls: &[],
        claim: Some(Claim {
            statement: T::ClaimArchitecture,
            base: "dataset=spiral&points=1000&opt=adam&lr=0.01&act=relu&seed=1",
            trials: &[
                (T::TrialLayersD2, "layers=d2", 100),
                (T::TrialLayersD8x3, "layers=d8,d8,d8", 100),
                (T::TrialLayersD64x3, "layers=d64,d64,d64", 100),
            ],
            measure: Measure::TestAcc,
            holds: |f| {
                let x = vals(f);
                x[1] > x[0] + 0.2 && x[2] < x[1] + 0.03
            },
        }),
    },
    Lesson {
        key: LessonKey::Cnn,
        slide: 10,
        title: T::LessonCnn,
        text: T::LessonCnnText,
        hash: "dataset=shapes&points=1000&image_size=16&noise=10&act=relu&opt=adam&lr=0.01&batch=32&init=he&layers=d10",
        panels: &[P::Network, P::Boundary, P::Loss],
        controls: &[],
        // Seed 1: CNN (2,533 parameters) 75.6 %, MLP (2,625) 50.0 % after 15 epochs.
        claim: Some(Claim {
            statement: T::ClaimCnn,
            base: "dataset=shapes&points=1000&image_size=16&noise=10&act=relu&opt=adam&lr=0.01&batch=32&init=he",
            trials: &[
                (T::TrialMlp, "seed=1&layers=d10", 15),
                (T::TrialCnn, "seed=1&layers=c8k3,mp2,c16k3,mp2", 15),
                (T::TrialMlp, "seed=2&layers=d10", 15),
                (T::TrialCnn, "seed=2&layers=c8k3,mp2,c16k3,mp2", 15),
            ],
            measure: Measure::TestAcc,
            holds: |f| {
                let x = vals(f);
                x[1] > x[0] + 0.1 && x[3] > x[2] + 0.1
            },
        }),
    },
    Lesson {
        key: LessonKey::Sequences,
        slide: 10,
        title: T::LessonSequences,
        text: T::LessonSequencesText,
        hash: "dataset=mnist1d&points=2000&split=80&act=relu&opt=adam&lr=0.01&batch=32&layers=d32",
        panels: &[P::Network, P::Arch, P::Boundary, P::Loss],
        controls: &[],
        // Seed 1, 1,600 training and 400 test sequences, rate 0.01, 20 epochs: MLP d32 (1,642
        // parameters) 40.3 %, 1-D CNN (2,314) 79.5 %, GRU 16 (1,050) 75.0 %.
        claim: Some(Claim {
            statement: T::ClaimSequences,
            base: "dataset=mnist1d&points=2000&split=80&act=relu&opt=adam&lr=0.01&batch=32&seed=1",
            trials: &[(T::TrialMlp, "layers=d32", 20), (T::TrialSeqCnn, "layers=c8k5,mp2,c16k5,mp2", 20), (T::TrialGru, "layers=gru16", 20)],
            measure: Measure::TestAcc,
            holds: |f| {
                let x = vals(f);
                x[1] > x[0] + 0.2 && x[2] > x[0] + 0.2
            },
        }),
    },
    Lesson {
        key: LessonKey::Losses,
        slide: 12,
        title: T::LessonLosses,
        text: T::LessonLossesText,
        hash: "dataset=spiral&noise=10&layers=d8,d8&opt=adam&loss=ce&speed=30",
        panels: &[P::Training, P::Boundary, P::Loss],
        controls: &[],
        claim: Some(Claim {
            statement: T::ClaimLosses,
            base: "dataset=spiral&noise=10&layers=d8,d8&opt=adam&seed=1",
            trials: &[
                (T::LossMse, "loss=mse", 300),
                (T::LossCe, "loss=ce", 300),
                (T::LossHinge, "loss=hinge", 300),
            ],
            measure: Measure::TestAcc,
            holds: |f| vals(f).iter().all(|&a| a >= 0.75),
        }),
    },
    Lesson {
        key: LessonKey::Surface,
        slide: 13,
        title: T::LessonSurface,
        text: T::LessonSurfaceText,
        hash: "dataset=gauss&layers=&speed=10",
        panels: &[P::Surface, P::Boundary, P::Loss],
        controls: &["lr"],
        claim: Some(Claim {
            statement: T::ClaimSurface,
            base: "dataset=circle&seed=1",
            trials: &[(T::TrialEpoch1, "", 1), (T::TrialEpoch100, "", 100)],
            measure: Measure::TrainLoss,
            holds: |f| v(&f[1]) < 0.5 * v(&f[0]),
        }),
    },
    Lesson {
        key: LessonKey::Optimizers,
        slide: 14,
        title: T::LessonOptimizers,
        text: T::LessonOptimizersText,
        hash: "speed=30",
        panels: &[P::Race, P::Training, P::Loss],
        controls: &[],
        claim: Some(Claim {
            statement: T::ClaimOptimizers,
            base: "dataset=spiral&noise=10&layers=d8,d8&seed=1",
            trials: &[
                (T::OptSgd, "opt=sgd", 300),
                (T::OptMomentum, "opt=momentum", 300),
                (T::OptAdam, "opt=adam", 300),
            ],
            measure: Measure::EpochsTo { train_loss: 0.4 },
            holds: |f| f[2].value().is_some_and(|adam| f[0].value().is_none_or(|sgd| adam < sgd)),
        }),
    },
    Lesson {
        key: LessonKey::Backprop,
        slide: 15,
        title: T::LessonBackprop,
        text: T::LessonBackpropText,
        hash: "lab=1",
        panels: &[P::Lab],
        controls: &[],
        claim: None,
    },
    Lesson {
        key: LessonKey::LearningRate,
        slide: 16,
        title: T::LessonLearningRate,
        text: T::LessonLearningRateText,
        hash: "dataset=circle&lr=3&speed=10",
        panels: &[P::Training, P::Surface, P::Loss],
        controls: &[],
        claim: Some(Claim {
            statement: T::ClaimLearningRate,
            base: "dataset=circle&seed=1",
            trials: &[
                (T::TrialSmallRate, "lr=0.001", 200),
                (T::TrialGoodRate, "lr=0.1", 200),
                (T::TrialHugeRate, "lr=10", 200),
            ],
            measure: Measure::EpochsTo { train_loss: 0.3 },
            holds: |f| f[0] == Figure::Never && f[1].value().is_some() && f[2] != Figure::Value(0.0) && f[2].value().is_none(),
        }),
    },
    Lesson {
        key: LessonKey::BatchNorm,
        slide: 17,
        title: T::LessonBatchNorm,
        text: T::LessonBatchNormText,
        hash: "dataset=circle&layers=d8,d8,d8,d8,d8,d8&act=sigmoid&speed=30&compare=1&b.bn=1",
        panels: &[P::Network, P::Boundary, P::Loss],
        controls: &[],
        // Seed 1, batch 10: with batch norm below 0.3 by epoch 20–27; without, 0.693 (chance)
        // at epoch 100.
        claim: Some(Claim {
            statement: T::ClaimBatchNorm,
            base: "dataset=circle&layers=d8,d8,d8,d8,d8,d8&act=sigmoid&seed=1",
            trials: &[
                (T::TrialWithout, "", 40),
                (T::TrialWithBatchNorm, "bn=1", 40),
            ],
            measure: Measure::EpochsTo { train_loss: 0.3 },
            holds: |f| f[0] == Figure::Never && v(&f[1]) < 31.0,
        }),
    },
    Lesson {
        key: LessonKey::Dropout,
        slide: 18,
        title: T::LessonDropout,
        text: T::LessonDropoutText,
        hash: "dataset=spiral&noise=30&points=60&layers=d16,d16,d16,d16,d16,d16&act=relu&show_test=1&speed=60&compare=1&b.dropout=0.2",
        panels: &[P::Network, P::Boundary, P::Loss],
        controls: &[],
        // Seed 1 (30 training points), 500 epochs: gap 2.23 without, 0.065 with dropout 0.2.
        claim: Some(Claim {
            statement: T::ClaimDropout,
            base: "dataset=spiral&noise=30&points=60&layers=d16,d16,d16,d16,d16,d16&act=relu&seed=1",
            trials: &[
                (T::TrialWithout, "", 500),
                (T::TrialWithDropout, "dropout=0.2", 500),
            ],
            measure: Measure::LossGap,
            holds: |f| v(&f[0]) > 1.0 && v(&f[1]) < 0.25 * v(&f[0]),
        }),
    },
    Lesson {
        key: LessonKey::Transfer,
        slide: 19,
        title: T::LessonTransfer,
        text: T::LessonTransferText,
        hash: "dataset=shapes_new&image_size=8&points=1000&split=50&train_n=50&pretrained=shapes&freeze=1,1,0&opt=adam&lr=0.01&batch=16&speed=10",
        panels: &[P::Transfer, P::Network, P::Boundary, P::Loss],
        controls: &["pretrained", "train_n"],
        // Test accuracy after 30 epochs, 50 training images of the new shapes, 500 test images.
        // Seed 1: from scratch 0.396, frozen conv layers 0.546, fine-tuned 0.526; seed 2:
        // 0.422, 0.586, 0.564 (`descent transfer` prints the curves).
        claim: Some(Claim {
            statement: T::ClaimTransfer,
            base: "dataset=shapes_new&image_size=8&points=1000&split=50&train_n=50&opt=adam&lr=0.01&batch=16&layers=c8k3,mp2,c16k3,mp2,d32&act=relu&init=he",
            trials: &[
                (T::TrialScratch, "seed=1", 30),
                (T::TrialFrozen, "seed=1&pretrained=shapes&freeze=1,1,0", 30),
                (T::TrialFineTuned, "seed=1&pretrained=shapes", 30),
                (T::TrialScratch, "seed=2", 30),
                (T::TrialFrozen, "seed=2&pretrained=shapes&freeze=1,1,0", 30),
                (T::TrialFineTuned, "seed=2&pretrained=shapes", 30),
            ],
            measure: Measure::TestAcc,
            holds: |f| {
                let x = vals(f);
                x[1] > x[0] + 0.08 && x[2] > x[0] + 0.08 && x[4] > x[3] + 0.08 && x[5] > x[3] + 0.08
            },
        }),
    },
];

/// The lesson of a key (`None` for the free playground).
pub fn lesson(key: LessonKey) -> Option<&'static Lesson> {
    LESSONS.iter().find(|l| l.key == key)
}

/// The lessons before and after one, in slide order.
pub fn neighbours(key: LessonKey) -> (Option<&'static Lesson>, Option<&'static Lesson>) {
    let Some(i) = LESSONS.iter().position(|l| l.key == key) else { return (None, LESSONS.first()) };
    (i.checked_sub(1).map(|j| &LESSONS[j]), LESSONS.get(i + 1))
}

/// The settings whose controls stand beside the panels (in the lesson's box, or above the
/// panels when embedded): the `controls` setting's (or the lesson's) that no shown panel
/// holds, in table order.
pub fn strip_controls(s: &Settings) -> Vec<&'static str> {
    use crate::settings::{spec, Group};
    let listed: Vec<&'static str> = if !s.page.controls.0.is_empty() {
        s.page.controls.0.clone()
    } else {
        lesson(s.page.lesson).map(|l| l.controls.to_vec()).unwrap_or_default()
    };
    let panels = shown_panels(s);
    let held = |g: Group| match g {
        Group::Data => panels.contains(&Panel::Data),
        Group::ImagePrep => panels.contains(&Panel::Prep),
        Group::Augment => panels.contains(&Panel::Augment),
        Group::Network => panels.contains(&Panel::Network),
        Group::Training => panels.contains(&Panel::Training),
        Group::View => panels.contains(&Panel::Loss),
        Group::Race => panels.contains(&Panel::Race),
        Group::Surface => panels.contains(&Panel::Surface),
        Group::Lab => panels.contains(&Panel::Lab),
        Group::Arch => panels.contains(&Panel::Arch),
        // Always shown (the toolbar and the header), or never a control.
        Group::Transport | Group::Page | Group::Classroom => true,
    };
    crate::settings::TABLE.iter().map(|sp| sp.key).filter(|k| listed.contains(k) && spec(k).is_some_and(|sp| !held(sp.group))).collect()
}

/// The panels to show: the `panels` setting when set, else the lesson's, else every panel.
pub fn shown_panels(s: &Settings) -> Vec<Panel> {
    if !s.page.panels.0.is_empty() {
        return s.page.panels.0.clone();
    }
    match lesson(s.page.lesson) {
        Some(l) => l.panels.to_vec(),
        None => crate::settings::PANELS_ALL.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::claim::ClaimJob;
    use crate::settings::Named;

    #[test]
    fn every_lesson_is_listed_once_in_slide_order_and_its_settings_are_valid() {
        let keys: Vec<LessonKey> = LessonKey::ALL.iter().map(|k| k.0).filter(|&k| k != LessonKey::None).collect();
        assert_eq!(keys, LESSONS.iter().map(|l| l.key).collect::<Vec<_>>(), "the menu's order is the table's");
        // Slide 10 has two lessons (images need a CNN; sequences a network that reads time).
        assert!(LESSONS.windows(2).all(|w| w[0].slide <= w[1].slide));
        for l in LESSONS {
            assert_eq!(l.title, l.key.label(), "{:?}", l.key);
            let (_, problems) = Settings::from_hash(l.hash);
            assert!(problems.is_empty(), "{:?}: {problems:?}", l.key);
            assert!(!l.panels.is_empty());
            if let Some(c) = &l.claim {
                for (hash, (_, _, epochs)) in c.hashes().iter().zip(c.trials) {
                    let (_, problems) = Settings::from_hash(hash);
                    assert!(problems.is_empty() && *epochs > 0, "{:?}: {hash}: {problems:?}", l.key);
                }
            }
        }
    }

    #[test]
    fn a_lesson_link_starts_from_its_settings_and_keeps_later_keys() {
        let (s, problems) = Settings::from_hash("lesson=standardize&lang=fa");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(s.run.x1_scale, 100.0);
        assert_eq!(s.page.lang, crate::i18n::Lang::Fa);
        assert_eq!(shown_panels(&s), vec![Panel::Boundary, Panel::Histograms, Panel::Surface]);
        // A key after the lesson's overrides it, and the page's hash reads back the same.
        let (s, _) = Settings::from_hash("lesson=standardize&scaling=standardize");
        assert_eq!(s.run.scaling, crate::engine::Scaling::Standardize);
        assert_eq!(Settings::from_hash(&s.to_hash()).0, s);
        let (s, _) = Settings::from_hash("lesson=standardize&panels=loss,boundary");
        assert_eq!(shown_panels(&s), vec![Panel::Boundary, Panel::Loss]);
        assert_eq!(strip_controls(&Settings::from_hash("lesson=standardize").0), vec!["x1_scale", "scaling"]);
        // Shown by the data panel, or by the toolbar (speed): not again beside the panels.
        assert_eq!(strip_controls(&Settings::from_hash("lesson=standardize&panels=data,boundary").0), Vec::<&str>::new());
        assert_eq!(strip_controls(&Settings::from_hash("embed=1&panels=boundary&controls=speed,lr,dataset").0), vec!["dataset", "lr"]);
        assert_eq!(neighbours(LessonKey::Overview).0.map(|l| l.key), None);
        assert_eq!(neighbours(LessonKey::Overview).1.map(|l| l.key), Some(LessonKey::MoreData));
    }

    /// Every lesson's claim, as the page's "Check the claim" runs it (seeded, so the figures
    /// are the same here, in the worker and on any machine with the same build). One test per
    /// lesson, so they run in parallel.
    fn claim_holds(key: LessonKey) {
        let c = lesson(key).and_then(|l| l.claim.as_ref()).expect("a lesson with a claim");
        let figures = ClaimJob::new(c.trials(), c.measure).unwrap().run().unwrap();
        eprintln!("{key:?}: {figures:?}");
        assert!(c.check(&figures), "{key:?}: {figures:?}");
    }

    macro_rules! claims {
        ($($name:ident: $key:ident,)*) => {
            $(#[test] fn $name() { claim_holds(LessonKey::$key) })*

            #[test]
            fn every_claim_has_its_test() {
                let tested = [$(LessonKey::$key),*];
                for l in LESSONS.iter().filter(|l| l.claim.is_some()) {
                    assert!(tested.contains(&l.key), "{:?}", l.key);
                }
            }
        };
    }

    claims! {
        claim_overview: Overview,
        claim_more_data: MoreData,
        claim_cleaning: Cleaning,
        claim_scales: Scales,
        claim_standardize: Standardize,
        claim_normalize: Normalize,
        claim_equalize: Equalize,
        claim_augment: Augment,
        claim_architecture: Architecture,
        claim_cnn: Cnn,
        claim_sequences: Sequences,
        claim_losses: Losses,
        claim_surface: Surface,
        claim_optimizers: Optimizers,
        claim_learning_rate: LearningRate,
        claim_batch_norm: BatchNorm,
        claim_dropout: Dropout,
        claim_transfer: Transfer,
    }
}
