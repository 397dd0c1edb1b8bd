//! URL fuzzing (issue 17): generated hashes — every key of the settings table, run B's `b.`
//! keys, the old `hidden`, unknown keys; values at and beyond each row's edges, garbage,
//! unicode, huge numbers, empty values, duplicates — go through what a link goes through:
//! `Settings::from_hash` → one training epoch → a 5×5 loss surface → `to_hash`. Nothing may
//! panic, every unknown key is reported, and the written hash reads back to the same settings
//! with no problem.
//!
//! Training runs on the generated settings with the data capped (at most 120 points and
//! 12×12 images), so that 10,000 cases take minutes, not hours; everything else is as generated.

use descent::engine::surface::{Directions, SurfaceJob, Trajectory};
use descent::engine::Trainer;
use descent::settings::{Kind, ListOf, Problem, Settings, TABLE};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// How many cases trained an epoch, and how many took a surface (printed: a fuzz that never
/// reaches training tests nothing).
static TRAINED: AtomicUsize = AtomicUsize::new(0);
static SURFACES: AtomicUsize = AtomicUsize::new(0);
static LAB_STEPPED: AtomicUsize = AtomicUsize::new(0);
/// The refusals met, by kind.
static REFUSED: std::sync::Mutex<std::collections::BTreeMap<String, usize>> = std::sync::Mutex::new(std::collections::BTreeMap::new());

/// Cases: `URL_FUZZ_CASES` (default 10,000).
fn cases() -> u32 {
    std::env::var("URL_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000)
}

const GARBAGE: &[&str] = &["", "x", "-", "NaN", "nan", "inf", "-inf", "1e308", "-1e308", "1e-320", "18446744073709551616", "-0", "0x10", " 1", "۱۲", "数字", "%", "%zz", "%E2%82", "a,b,,c", ",", "=", "&", "1,2,3,4,5,6,7,8,9,10", "🙂"];

/// Values at and beyond the edges of a row's kind.
fn edge_values(kind: &Kind) -> Vec<String> {
    let mut v: Vec<String> = match kind {
        Kind::Choice(table) | Kind::Flags(table) => {
            let mut v: Vec<String> = table.iter().map(|(n, _)| n.to_string()).collect();
            if matches!(kind, Kind::Flags(_)) {
                v.push(table.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(","));
                v.push(format!("{0},{0}", table[0].0));
            }
            v
        }
        Kind::Int { min, max } => [min.saturating_sub(1), *min, min + 1, (min + max) / 2, max - 1, *max, max + 1, u64::MAX].iter().map(u64::to_string).collect(),
        Kind::Float { min, max, .. } => {
            let span = max - min;
            [min - span * 1e-9 - 1e-12, *min, min + span / 3.0, *max, max + span * 1e-9 + 1e-12, f64::MIN_POSITIVE, f64::MAX].iter().map(|x| format!("{x}")).collect()
        }
        Kind::Bool => ["0", "1", "true", "2", "on"].map(String::from).to_vec(),
        Kind::PerLayer { .. } => ["0", "0.5", "1", "0,1,0", "0.9,0.9,0.9,0.9,0.9,0.9,0.9,0.9,0.9", "1,0", ",", "0.2,"].map(String::from).to_vec(),
        Kind::Arch => [
            "d4,d2", "d1", "d256", "d257", "d0", "c8k3,mp2,d16", "c64k7,c64k7", "c1k1s3,ap4", "c8k5,mp2,c16k5,mp3", "mp2", "ap3,d4", "c8k2", "c65k3",
            "c8k3s0", "d2,d2,d2,d2,d2,d2,d2,d2", "d2,d2,d2,d2,d2,d2,d2,d2,d2", "c2k3,c2k3,c2k3,mp4,mp4", "D4", "d4,,d2", "e3",
            "gru4", "lstm2,rnn3", "rnn65", "c4k3,gru2,d4", "gru2,c2k3,mp2", "d4,gru2", "GRU3", "lstm0",
        ]
        .map(String::from)
        .to_vec(),
        Kind::Point { min, max } => vec![format!("{min},{max}"), format!("{},0", max + 1.0), "0,0".into(), "1".into(), "1,2,3".into()],
        Kind::Racers { max } => {
            let many = vec!["adam:0.01"; max + 1].join(",");
            vec!["sgd:0.001".into(), "sgd:0.001,momentum:0.001:0.9,adam:0.05".into(), "adam:0".into(), "adam:100".into(), "nope:0.1".into(), many]
        }
        Kind::Widths { layers, max } => {
            vec!["".into(), "1".into(), format!("{max}"), format!("{}", max + 1), "0".into(), vec!["2"; *layers].join(","), vec!["2"; layers + 1].join(",")]
        }
        Kind::List(ListOf::Panels) => ["boundary", "boundary,loss,surface", "loss,loss", "lab,race,data", "nope", "boundary,nope"].map(String::from).to_vec(),
        Kind::List(ListOf::Keys) => ["lr", "lr,opt,dataset", "lr,lr", "b.lr", "nope", "lr,,opt"].map(String::from).to_vec(),
        Kind::List(ListOf::Origins) => [
            "https://example.org", "http://127.0.0.1:8080", "https://a.b,https://c.d", "https://a,https://b,https://c,https://d,https://e", "null",
            "https://example.org/", "https://Example.org", "http://h:0", "http://h:99999", "ftp://h", "https://", "*",
        ]
        .map(String::from)
        .to_vec(),
        Kind::Rows { rows, cols, bound, .. } => vec![
            "0.5".into(),
            vec!["1"; *cols].join(","),
            vec!["1"; cols + 1].join(","),
            vec!["0.1,-0.2"; *rows].join(";"),
            vec!["1"; rows + 1].join(";"),
            "1,2;3".into(),
            format!("{bound}"),
            format!("{}", bound * 2.0),
            ";".into(),
            "0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1,1.1,1.2".into(),
        ],
    };
    v.extend(GARBAGE.iter().map(|s| s.to_string()));
    v
}

/// One `key=value` pair, and whether its key is one the settings know.
fn pair() -> impl Strategy<Value = (String, bool)> {
    let known = (0..TABLE.len(), any::<bool>(), any::<prop::sample::Index>()).prop_map(|(i, for_b, pick)| {
        let spec = &TABLE[i];
        let values = edge_values(&spec.kind);
        let value = values[pick.index(values.len())].clone();
        let key = if for_b { format!("b.{}", spec.key) } else { spec.key.to_string() };
        // `b.` keys of page settings (language, race, surface) are not run B's: unknown.
        let ok = !for_b || !spec.page;
        (format!("{key}={value}"), ok)
    });
    let hidden = prop::sample::select(vec!["8,8", "1", "16,16,16", "0", "", "x", "300"]).prop_map(|v| (format!("hidden={v}"), true));
    let unknown = prop::sample::select(vec!["zzz", "b.", "b.zzz", "LR", "lr ", "ـ", "🙂", "b.b.lr", "a=b=c"]).prop_map(|k| (format!("{k}=1"), false));
    let raw = "[ -~]{0,12}|[\\PC]{0,6}".prop_map(|s| (s, true));
    // Image and sequence data, convolutional and recurrent layers more often than one key in fifty would give them.
    let lab = prop::sample::select(vec!["lab=1", "lab=1&lab_x=0,0;0,1;1,0;1,1&lab_y=0;1;1;0", "lab=1&lab_hidden=4,4&lab_act=relu", "lab=1&lab_loss=ce"])
        .prop_map(|p| (p.to_string(), true));
    let images = prop::sample::select(vec![
        "dataset=digits",
        "dataset=shapes",
        "layers=c4k3,mp2,d8",
        "layers=c2k5s2,ap2",
        "layers=c3k3,c3k3,mp3",
        "dataset=mnist1d",
        "dataset=adding&seq_len=4",
        "dataset=sines&window=3&horizon=20",
        "dataset=season",
        "layers=gru4",
        "layers=lstm2,rnn2&clip=0.5",
    ])
        .prop_map(|p| (p.to_string(), true));
    prop_oneof![8 => known, 1 => hidden, 1 => unknown, 1 => raw, 2 => images, 1 => lab]
}

/// Reads a generated hash like a link, trains, takes a surface, writes it back.
fn check(pairs: &[(String, bool)]) -> Result<(), TestCaseError> {
    let hash = pairs.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>().join("&");
    let (mut s, problems) = Settings::from_hash(&hash);
    // Every unknown key (of the generated known/unknown ones) is reported.
    for (p, known) in pairs {
        if !known {
            let key = p.split_once('=').map_or(p.as_str(), |(k, _)| k);
            prop_assert!(
                problems.iter().any(|q| matches!(q, Problem::UnknownKey { key: k } if k == key)),
                "unknown key {key:?} not reported in {hash:?}: {problems:?}"
            );
        }
    }
    // Every value the table refuses is reported, with its key (each pair alone, on defaults).
    for (p, _) in pairs {
        let Some((key, value)) = p.split_once('=') else { continue };
        if TABLE.iter().any(|spec| spec.key == key) && !value.contains(['%', '&', '#']) && !Settings::default().set(key, value) {
            let (_, alone) = Settings::from_hash(p);
            prop_assert!(
                alone.iter().any(|q| matches!(q, Problem::BadValue { key: k, .. } if *k == key)),
                "bad value {value:?} of {key} not reported: {alone:?}"
            );
        }
    }
    // The written hash reads back to the same settings, with nothing to complain about.
    let written = s.to_hash();
    let (again, problems_again) = Settings::from_hash(&written);
    prop_assert!(problems_again.is_empty(), "{hash:?} → {written:?} has problems {problems_again:?}");
    prop_assert_eq!(again.to_hash(), written.clone(), "round trip of {:?}", hash);
    // The lab: three steps, or a typed problem.
    match s.lab_setup() {
        Ok(lab) => match descent::host::lab_steps(&lab.cfg, lab.weights, &lab.batch, 3) {
            Ok(steps) => {
                prop_assert_eq!(steps.len(), 3);
                LAB_STEPPED.fetch_add(1, Relaxed);
            }
            Err(p) => prop_assert!(false, "a lab set-up that passed its checks cannot step: {p:?}"),
        },
        Err(p) => {
            let kind = format!("{p:?}").split([' ', '{', '(']).next().unwrap_or("").to_string();
            *REFUSED.lock().unwrap().entry(kind).or_default() += 1;
        }
    }
    // Train one epoch and take a 5×5 surface (data capped, see the module's note).
    s.run.points = s.run.points.min(120);
    s.run.image_size = s.run.image_size.min(12);
    let config = s.train_config();
    match Trainer::new(config) {
        Ok(mut t) => {
            if t.train_epoch().is_ok() {
                TRAINED.fetch_add(1, Relaxed);
            }
            if let Ok(mut job) = SurfaceJob::for_trainer(&t, &Trajectory::default(), Directions::Random { seed: s.run.seed }, 5) {
                while job.step(1) {}
                SURFACES.fetch_add(1, Relaxed);
            }
        }
        // A refusal is a typed problem the page shows (e.g. too few points for a split).
        Err(e) => {
            let kind = format!("{:?}", e.problem()).split([' ', '{', '(']).next().unwrap_or("").to_string();
            *REFUSED.lock().unwrap().entry(kind).or_default() += 1;
        }
    }
    Ok(())
}

#[test]
fn generated_hashes_never_panic_report_unknown_keys_and_round_trip() {
    // A fixed stream of cases, so that CI runs are reproducible.
    let config = Config { cases: cases(), failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
    let started = std::time::Instant::now();
    runner.run(&prop::collection::vec(pair(), 0..12), |pairs| check(&pairs)).unwrap();
    let (trained, surfaces) = (TRAINED.load(Relaxed), SURFACES.load(Relaxed));
    eprintln!("url fuzz: {} hashes in {:.1} s; {trained} trained an epoch, {surfaces} took a surface", cases(), started.elapsed().as_secs_f64());
    eprintln!("refused (typed problems): {:?}; the lab stepped {} times", REFUSED.lock().unwrap(), LAB_STEPPED.load(Relaxed));
    // Most generated settings must be trainable, or the fuzz would stop at the parser.
    assert!(trained * 2 > cases() as usize && surfaces * 2 > cases() as usize, "{trained} trained, {surfaces} surfaces");
}
