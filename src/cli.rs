//! The command line's logic (argument parsing and commands), testable natively.

use crate::engine::csv::parse_csv;
use crate::engine::functions::{self, TestFunction, FUNCTION_NAMES};
use crate::engine::learning_curve::{LearningCurve, EPOCHS as CURVE_EPOCHS, SIZES as CURVE_SIZES};
use crate::engine::prep::prepare;
use crate::engine::{Dataset, OptimizerConfig, OptimizerKind, Trainer};
use crate::i18n::Lang;
use crate::settings::Settings;
use std::io::Write;

pub const USAGE: &str = "usage:
  descent train '<URL hash state>' [--epochs N]
      Trains as the page would and prints one JSON object per epoch:
      {\"epoch\":1,\"train_loss\":…,\"test_loss\":…,\"train_acc\":…,\"test_acc\":…}
      Example: descent train 'dataset=circle&hidden=4,2&lr=0.03&seed=1' --epochs 100
  descent data '<URL hash state>'
      Prints the prepared data as CSV: a header with the chosen input features, label and
      split, then one row per point (train, then test), after corruption, cleaning, scale
      and offset, features and scaling. The clean step's report and the scaling statistics
      go to stderr. A missing value prints as an empty field.
      Example: descent data 'dataset=gauss&missing=0.1&clean=1&fill=mean&scaling=standardize'
  descent curve '<URL hash state>' [--epochs N] [--sizes 25,50,...]
      Learning curve: trains on training sets of each size (default 25,50,100,200,400,800)
      for N epochs (default 100) from the same initial weights, tests each on the same test
      set, and prints one JSON object per size:
      {\"size\":25,\"trained_on\":25,\"train_loss\":…,\"test_loss\":…,\"train_acc\":…,\"test_acc\":…}
  train, data and curve also take --csv FILE: the points of FILE (x1,x2,label per line,
      header optional) instead of a generated dataset (dataset=custom); bad lines are
      reported on stderr and skipped.
  descent trajectory --function NAME [--optimizer NAME] [--lr R] [--steps N] [--start X,Y] [...]
      Runs an optimizer on a two-parameter test function and prints one JSON object per
      point, step 0 being the start: {\"step\":0,\"x\":…,\"y\":…,\"loss\":…}
      Stops early if the run diverges (its last line then holds null for the non-finite values).
      --function     bowl|rosenbrock|beale|himmelblau|saddle|rastrigin (required)
      --optimizer    sgd|momentum|nesterov|rmsprop|adagrad|adadelta|adam|adamw (default sgd)
      --lr R         learning rate (default 0.01; plain sgd on rosenbrock needs about 0.002)
      --steps N      optimizer steps (default 100)
      --start X,Y    starting point (default: the function's own; --start=-1.5,2 or --start -1.5,2)
      --momentum M, --beta1 B, --beta2 B, --rho R, --eps E, --weight-decay W, --centered[=true|false]
                     override the optimizer's PyTorch defaults (each optimizer reads the ones it has)
      --condition K  bowl only: condition number K >= 1 (default 10)
      --rotation DEG bowl only: angle of the bowl's long axis in degrees (default 30)
      Every flag also takes the form --flag=value.
      Example: descent trajectory --function rosenbrock --optimizer adam --lr 0.01 --steps 200 --start=-1.5,2";

#[derive(Debug, PartialEq)]
pub enum CliError {
    /// Bad arguments or state: exit code 2.
    Usage(String),
    /// The engine failed: exit code 1.
    Failed(String),
}

/// Reads a URL hash strictly: any problem is an error naming every bad key.
pub fn strict_settings(hash: &str) -> Result<Settings, CliError> {
    let (s, problems) = Settings::from_hash(hash);
    if problems.is_empty() {
        Ok(s)
    } else {
        Err(CliError::Usage(problems.iter().map(|p| p.message(Lang::En)).collect::<Vec<_>>().join("\n")))
    }
}

/// The arguments of `train`, `data` and `curve`: the hash state and `--flag value` (or
/// `--flag=value`) pairs among `flags`.
fn state_args(command: &str, args: &[String], flags: &[&str]) -> Result<(String, Vec<(String, String)>), CliError> {
    let usage = |m: String| CliError::Usage(m);
    let mut hash = None;
    let mut given: Vec<(String, String)> = Vec::new();
    let mut rest = args.iter();
    while let Some(a) = rest.next() {
        if let Some(flag) = a.strip_prefix("--") {
            let (name, inline) = match flag.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (flag, None),
            };
            if !flags.contains(&name) {
                return Err(usage(format!("{command}: unknown flag {a}")));
            }
            let value = match inline {
                Some(v) => v,
                None => rest.next().cloned().ok_or_else(|| usage(format!("--{name} needs a value")))?,
            };
            given.push((name.to_string(), value));
        } else if hash.is_none() {
            hash = Some(a.clone());
        } else {
            return Err(usage(format!("unexpected argument '{a}'")));
        }
    }
    Ok((hash.unwrap_or_default(), given))
}

fn whole(name: &str, v: &str) -> Result<usize, CliError> {
    v.trim().parse().map_err(|_| CliError::Usage(format!("--{name}: '{v}' is not a whole number")))
}

/// The settings of a hash, with the points of `--csv FILE` if given (bad lines reported on
/// `err`).
fn settings_with_csv(hash: &str, csv: Option<&str>, err: &mut dyn Write) -> Result<Settings, CliError> {
    let mut settings = strict_settings(hash)?;
    if let Some(path) = csv {
        let text = std::fs::read_to_string(path).map_err(|e| CliError::Failed(format!("--csv {path}: {e}")))?;
        let data = parse_csv(&text).map_err(|e| CliError::Failed(format!("--csv {path}: {}", e.message(Lang::En))))?;
        for p in &data.problems {
            writeln!(err, "{path}: {}", p.message(Lang::En)).map_err(failed)?;
        }
        settings.set_custom(data.samples);
    }
    Ok(settings)
}

fn failed(e: impl std::fmt::Display) -> CliError {
    CliError::Failed(e.to_string())
}

/// One JSON line, without null accuracies (regression has none).
fn json_line(out: &mut dyn Write, value: impl serde::Serialize) -> Result<(), CliError> {
    let mut json = serde_json::to_value(value).map_err(failed)?;
    if let Some(obj) = json.as_object_mut() {
        obj.retain(|k, v| !(k.ends_with("_acc") && v.is_null()));
    }
    writeln!(out, "{json}").map_err(failed)
}

/// A number for the CSV output: shortest form, empty when missing.
fn field(v: f32) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        String::new()
    }
}

/// `out` receives the command's output, `err` its reports (stderr in `main`).
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> Result<(), CliError> {
    let usage = |m: &str| CliError::Usage(m.to_string());
    let get = |given: &[(String, String)], name: &str| given.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    match args.first().map(String::as_str) {
        Some("train") => {
            let (hash, given) = state_args("train", &args[1..], &["epochs", "csv"])?;
            let epochs = get(&given, "epochs").map(|v| whole("epochs", &v)).transpose()?.unwrap_or(100);
            let settings = settings_with_csv(&hash, get(&given, "csv").as_deref(), err)?;
            let mut t = Trainer::new(settings.train_config()).map_err(failed)?;
            for _ in 0..epochs {
                json_line(out, t.train_epoch().map_err(failed)?)?;
            }
            Ok(())
        }
        Some("data") => {
            let (hash, given) = state_args("data", &args[1..], &["csv"])?;
            let settings = settings_with_csv(&hash, get(&given, "csv").as_deref(), err)?;
            let c = settings.train_config();
            let p = prepare(&c.prep, c.task(), Dataset::generate(&c.data), c.data.seed).map_err(failed)?;
            for line in p.report.lines(Lang::En).into_iter().chain(p.pipeline.lines(Lang::En)) {
                writeln!(err, "{line}").map_err(failed)?;
            }
            if let Err(e) = p.check_finite() {
                writeln!(err, "training would refuse this data: {e}").map_err(failed)?;
            }
            let names: Vec<&str> = p.pipeline.stats.iter().map(|s| s.feature.name()).collect();
            writeln!(out, "{},label,split", names.join(",")).map_err(failed)?;
            for (split, points) in [("train", &p.data.train), ("test", &p.data.test)] {
                for s in points.iter() {
                    let inputs: Vec<String> = p.pipeline.transform([(s.x, s.y)]).into_iter().map(field).collect();
                    writeln!(out, "{},{},{split}", inputs.join(","), field(s.label)).map_err(failed)?;
                }
            }
            Ok(())
        }
        Some("curve") => {
            let (hash, given) = state_args("curve", &args[1..], &["epochs", "sizes", "csv"])?;
            let epochs = get(&given, "epochs").map(|v| whole("epochs", &v)).transpose()?.unwrap_or(CURVE_EPOCHS);
            let sizes = match get(&given, "sizes") {
                None => CURVE_SIZES.to_vec(),
                Some(v) => v.split(',').map(|p| whole("sizes", p)).collect::<Result<Vec<_>, _>>()?,
            };
            let settings = settings_with_csv(&hash, get(&given, "csv").as_deref(), err)?;
            let mut curve = LearningCurve::new(settings.train_config(), &sizes, epochs).map_err(failed)?;
            while curve.step().map_err(failed)? {}
            let result = curve.result();
            writeln!(err, "{} epochs per size; {} test points", result.epochs, result.test_size).map_err(failed)?;
            for point in result.points {
                json_line(out, point)?;
            }
            Ok(())
        }
        Some("trajectory") => {
            let t = parse_trajectory(&args[1..])?;
            let path = functions::trajectory(&t.function, &t.optimizer, t.start, t.steps)
                .map_err(|e| CliError::Failed(e.to_string()))?;
            for p in path {
                let line = serde_json::to_string(&p).map_err(|e| CliError::Failed(e.to_string()))?;
                writeln!(out, "{line}").map_err(|e| CliError::Failed(e.to_string()))?;
            }
            Ok(())
        }
        Some("help") | Some("--help") | Some("-h") => {
            writeln!(out, "{USAGE}").map_err(|e| CliError::Failed(e.to_string()))?;
            Ok(())
        }
        Some(other) => Err(usage(&format!("unknown command '{other}'"))),
        None => Err(usage("no command given")),
    }
}

/// The default learning rate of `descent trajectory`: stable for every optimizer from every
/// function's default start, except plain SGD on Rosenbrock (which needs about 0.002).
pub const TRAJECTORY_DEFAULT_LR: f64 = 0.01;
pub const TRAJECTORY_DEFAULT_STEPS: usize = 100;

/// What `descent trajectory` runs.
#[derive(Clone, Debug, PartialEq)]
pub struct TrajectoryArgs {
    pub function: TestFunction,
    pub optimizer: OptimizerConfig,
    pub start: (f64, f64),
    pub steps: usize,
}

/// The flags of `descent trajectory` that take a value.
const TRAJECTORY_VALUE_FLAGS: [&str; 13] = [
    "function", "optimizer", "lr", "steps", "start", "momentum", "beta1", "beta2", "rho", "eps", "weight-decay",
    "condition", "rotation",
];

/// Parses the arguments after `trajectory`. Every flag takes `--flag value` or `--flag=value`
/// (`--centered` alone means true); a value may start with a single `-` (negative numbers),
/// but not with `--`. Every problem is a usage error naming the flag.
pub fn parse_trajectory(args: &[String]) -> Result<TrajectoryArgs, CliError> {
    let usage = |m: String| CliError::Usage(m);
    // Flag name (without the dashes) → value, in the order given.
    let mut given: Vec<(String, String)> = Vec::new();
    let mut rest = args.iter().peekable();
    while let Some(a) = rest.next() {
        let Some(flag) = a.strip_prefix("--") else {
            return Err(usage(format!("trajectory: unexpected argument '{a}' (every option is a --flag)")));
        };
        let (name, inline) = match flag.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (flag, None),
        };
        let value = if name == "centered" {
            inline.unwrap_or_else(|| "true".to_string())
        } else if TRAJECTORY_VALUE_FLAGS.contains(&name) {
            match inline {
                Some(v) => v,
                None => match rest.next_if(|next| !next.starts_with("--")) {
                    Some(v) => v.clone(),
                    None => return Err(usage(format!("--{name} needs a value"))),
                },
            }
        } else {
            return Err(usage(format!("trajectory: unknown flag --{name}")));
        };
        if given.iter().any(|(n, _)| n == name) {
            return Err(usage(format!("--{name} is given twice")));
        }
        given.push((name.to_string(), value));
    }
    let get = |name: &str| given.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
    let number = |name: &str| -> Result<Option<f64>, CliError> {
        match get(name) {
            None => Ok(None),
            Some(v) => match v.trim().parse::<f64>() {
                Ok(x) if x.is_finite() => Ok(Some(x)),
                _ => Err(usage(format!("--{name}: '{v}' is not a number"))),
            },
        }
    };
    // A number that must lie in a range, described for the message.
    let ranged = |name: &str, ok: fn(f64) -> bool, range: &str| -> Result<Option<f64>, CliError> {
        match number(name)? {
            Some(x) if !ok(x) => Err(usage(format!("--{name}: {x} is out of range (must be {range})"))),
            x => Ok(x),
        }
    };

    let function_name = get("function")
        .ok_or_else(|| usage(format!("trajectory needs --function ({})", FUNCTION_NAMES.join("|"))))?;
    let mut function = TestFunction::from_name(function_name).ok_or_else(|| {
        usage(format!("--function: unknown function '{function_name}' (choose {})", FUNCTION_NAMES.join("|")))
    })?;
    let condition = ranged("condition", |k| k >= 1.0, "at least 1")?;
    let rotation = number("rotation")?;
    match &mut function {
        TestFunction::Bowl { condition: k, rotation_deg } => {
            *k = condition.unwrap_or(*k);
            *rotation_deg = rotation.unwrap_or(*rotation_deg);
        }
        other => {
            for flag in ["condition", "rotation"] {
                if get(flag).is_some() {
                    return Err(usage(format!("--{flag} applies only to --function bowl, not {}", other.name())));
                }
            }
        }
    }

    let kind = match get("optimizer") {
        None => OptimizerKind::Sgd,
        Some(name) => OptimizerKind::from_name(name).ok_or_else(|| {
            let names: Vec<&str> = OptimizerKind::ALL.iter().map(|k| k.name()).collect();
            usage(format!("--optimizer: unknown optimizer '{name}' (choose {})", names.join("|")))
        })?,
    };
    let lr = ranged("lr", |x| x > 0.0, "greater than 0")?.unwrap_or(TRAJECTORY_DEFAULT_LR);
    let mut optimizer = OptimizerConfig::defaults(kind, lr);
    // PyTorch's own checks on these hyperparameters.
    let unit = |x: f64| (0.0..1.0).contains(&x);
    let non_negative = |x: f64| x >= 0.0;
    if let Some(x) = ranged("momentum", non_negative, "at least 0")? {
        optimizer.momentum = x;
    }
    if let Some(x) = ranged("beta1", unit, "in [0, 1)")? {
        optimizer.beta1 = x;
    }
    if let Some(x) = ranged("beta2", unit, "in [0, 1)")? {
        optimizer.beta2 = x;
    }
    if let Some(x) = ranged("rho", |x| (0.0..=1.0).contains(&x), "in [0, 1]")? {
        optimizer.rho = x;
    }
    if let Some(x) = ranged("eps", non_negative, "at least 0")? {
        optimizer.eps = x;
    }
    if let Some(x) = ranged("weight-decay", non_negative, "at least 0")? {
        optimizer.weight_decay = x;
    }
    if let Some(v) = get("centered") {
        optimizer.centered = match v {
            "true" => true,
            "false" => false,
            _ => return Err(usage(format!("--centered: '{v}' is not true or false"))),
        };
    }

    let steps = match get("steps") {
        None => TRAJECTORY_DEFAULT_STEPS,
        Some(v) => v.trim().parse().map_err(|_| usage(format!("--steps: '{v}' is not a whole number")))?,
    };
    let start = match get("start") {
        None => function.default_start(),
        Some(v) => {
            let bad = || usage(format!("--start: '{v}' is not two numbers X,Y (like --start=-1.5,2)"));
            let (x, y) = v.split_once(',').ok_or_else(bad)?;
            match (x.trim().parse::<f64>(), y.trim().parse::<f64>()) {
                (Ok(x), Ok(y)) if x.is_finite() && y.is_finite() => (x, y),
                _ => return Err(bad()),
            }
        }
    };
    Ok(TrajectoryArgs { function, optimizer, start, steps })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_str(args: &[&str]) -> Result<String, CliError> {
        run_both(args).map(|(out, _)| out)
    }

    /// stdout and stderr.
    fn run_both(args: &[&str]) -> Result<(String, String), CliError> {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        run(&args, &mut out, &mut err).map(|()| (String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap()))
    }

    #[test]
    fn data_prints_the_prepared_csv_and_reports_on_stderr() {
        let hash = "dataset=gauss&points=200&missing=0.1&outliers=0.05&clean=1&fill=mean&features=x1,x1sq&scaling=standardize";
        let (out, err) = run_both(&["data", hash]).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "x1,x1sq,label,split");
        let rows: Vec<Vec<&str>> = lines[1..].iter().map(|l| l.split(',').collect()).collect();
        let train: Vec<&Vec<&str>> = rows.iter().filter(|r| r[3] == "train").collect();
        assert_eq!(train.len(), 100 - 5, "outliers removed, missing values filled");
        assert_eq!(rows.len() - train.len(), 100, "the test split is not cleaned of outliers");
        let mean = train.iter().map(|r| r[0].parse::<f64>().unwrap()).sum::<f64>() / train.len() as f64;
        assert!(mean.abs() < 1e-5, "standardized on train: {mean}");
        assert!(err.contains("Removed 5 / 100") && err.contains("filled 10"), "{err}");
        assert!(err.contains("standardize") || err.contains("Standardize"), "{err}");
        // Without cleaning, the missing values print empty, and stderr says training would refuse.
        let (out, err) = run_both(&["data", "points=20&missing=0.2"]).unwrap();
        assert_eq!(out.lines().filter(|l| l.starts_with(',') || l.contains(",,")).count(), 2, "{out}");
        assert!(err.contains("training would refuse"), "{err}");
    }

    #[test]
    fn csv_files_feed_train_data_and_curve() {
        let path = std::env::temp_dir().join(format!("descent-cli-{}.csv", std::process::id()));
        let mut text = String::from("x1,x2,label\n1,2,oops\n");
        for i in 0..60 {
            let (x, y) = ((i % 10) as f32 - 4.5, (i / 10) as f32 - 2.5);
            text += &format!("{x},{y},{}\n", (x > 0.0) as u8);
        }
        std::fs::write(&path, text).unwrap();
        let file = path.to_str().unwrap();
        let (out, err) = run_both(&["data", "split=50", "--csv", file]).unwrap();
        assert_eq!(out.lines().count(), 61);
        assert!(err.contains("line 2, column 3"), "{err}");
        let out = run_str(&["train", "hidden=", "--csv", file, "--epochs=2"]).unwrap();
        assert_eq!(out.lines().count(), 2);
        let out = run_str(&["curve", "hidden=", "--csv", file, "--epochs", "2", "--sizes", "10,20"]).unwrap();
        let sizes: Vec<u64> = out.lines().map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["size"].as_u64().unwrap()).collect();
        assert_eq!(sizes, vec![10, 20]);
        std::fs::remove_file(&path).unwrap();
        assert!(matches!(run_str(&["data", "", "--csv", "/nonexistent/x.csv"]), Err(CliError::Failed(_))));
        assert!(matches!(run_str(&["curve", "", "--sizes", "a"]), Err(CliError::Usage(_))));
        assert!(matches!(run_str(&["data", "", "--epochs", "3"]), Err(CliError::Usage(_))));
    }

    #[test]
    fn train_prints_one_json_line_per_epoch_matching_the_engine() {
        let out = run_str(&["train", "#dataset=xor&seed=3&hidden=3", "--epochs", "4"]).unwrap();
        let lines: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[3]["epoch"], 4);
        for key in ["train_loss", "test_loss", "train_acc", "test_acc"] {
            assert!(lines[0][key].is_number(), "{key}");
        }
        // The same hash gives the same numbers as the engine driven directly (as the worker does).
        let mut t = Trainer::new(Settings::from_hash("dataset=xor&seed=3&hidden=3").0.train_config()).unwrap();
        let direct: Vec<_> = (0..4).map(|_| t.train_epoch().unwrap()).collect();
        assert_eq!(lines[3]["test_loss"].as_f64().unwrap() as f32, direct[3].test_loss);
    }

    #[test]
    fn regression_lines_have_no_accuracy() {
        let out = run_str(&["train", "dataset=plane", "--epochs", "2"]).unwrap();
        let line: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
        assert!(line["train_loss"].is_number());
        assert!(line.get("test_acc").is_none() && line.get("train_acc").is_none(), "{line}");
        let out = run_str(&["train", "dataset=spiral3&opt=adam&loss=hinge", "--epochs", "1"]).unwrap();
        assert!(out.contains("\"test_acc\":"));
    }

    #[test]
    fn bad_state_and_flags_are_usage_errors() {
        assert!(matches!(run_str(&["train", "lr=banana"]), Err(CliError::Usage(m)) if m.contains("lr=banana")));
        assert!(matches!(run_str(&["train", "", "--epochs", "x"]), Err(CliError::Usage(_))));
        assert!(matches!(run_str(&["train", "--fast"]), Err(CliError::Usage(_))));
        assert!(matches!(run_str(&["fly"]), Err(CliError::Usage(_))));
        assert!(matches!(run_str(&[]), Err(CliError::Usage(_))));
        assert_eq!(run_str(&["train", "--epochs=0"]).unwrap(), "");
    }

    fn parse(args: &[&str]) -> Result<TrajectoryArgs, CliError> {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        parse_trajectory(&args)
    }

    fn json_lines(out: &str) -> Vec<serde_json::Value> {
        out.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    }

    #[test]
    fn trajectory_prints_one_json_line_per_point_starting_at_the_start() {
        let out = run_str(&["trajectory", "--function", "himmelblau", "--steps", "5", "--start=-1.5,2"]).unwrap();
        let lines = json_lines(&out);
        assert_eq!(lines.len(), 6);
        assert_eq!((&lines[0]["step"], &lines[0]["x"], &lines[0]["y"]), (&serde_json::json!(0), &serde_json::json!(-1.5), &serde_json::json!(2.0)));
        assert!((lines[0]["loss"].as_f64().unwrap() - TestFunction::Himmelblau.value(-1.5, 2.0)).abs() < 1e-9);
        for (i, l) in lines.iter().enumerate() {
            assert_eq!(l["step"], i);
            let obj = l.as_object().unwrap();
            assert_eq!(obj.len(), 4);
            for key in ["x", "y", "loss"] {
                assert!(obj[key].is_number(), "{key}");
            }
        }
        // Without --start: the function's own start; without --steps: 100 steps.
        let lines = json_lines(&run_str(&["trajectory", "--function", "bowl"]).unwrap());
        assert_eq!(lines.len(), TRAJECTORY_DEFAULT_STEPS + 1);
        let (x, y) = TestFunction::from_name("bowl").unwrap().default_start();
        assert_eq!((lines[0]["x"].as_f64().unwrap(), lines[0]["y"].as_f64().unwrap()), (x, y));
    }

    #[test]
    fn trajectory_sgd_on_the_round_bowl_matches_the_hand_formula() {
        // K = 1, θ = 0: ∇f = (x, y), so each SGD step with lr 0.1 multiplies x and y by 0.9.
        let out = run_str(&[
            "trajectory", "--function=bowl", "--condition", "1", "--rotation=0", "--optimizer", "sgd", "--lr", "0.1",
            "--steps=10", "--start", "1,1",
        ])
        .unwrap();
        let lines = json_lines(&out);
        assert_eq!(lines.len(), 11);
        for (t, l) in lines.iter().enumerate() {
            let want = 0.9f64.powi(t as i32);
            for key in ["x", "y"] {
                assert!((l[key].as_f64().unwrap() - want).abs() < 1e-12, "step {t} {key}: {l}");
            }
            assert!((l["loss"].as_f64().unwrap() - want * want).abs() < 1e-12, "step {t}: {l}");
        }
    }

    #[test]
    fn trajectory_both_flag_forms_and_negative_starts_agree() {
        let spaced = parse(&[
            "--function", "bowl", "--optimizer", "adam", "--lr", "0.05", "--steps", "7", "--start", "-1.5,2",
            "--condition", "4", "--rotation", "-45", "--beta1", "0.8", "--beta2", "0.99", "--eps", "1e-6",
            "--weight-decay", "0.01", "--momentum", "0.5", "--rho", "0.95", "--centered",
        ])
        .unwrap();
        let inline = parse(&[
            "--function=bowl", "--optimizer=adam", "--lr=0.05", "--steps=7", "--start=-1.5,2", "--condition=4",
            "--rotation=-45", "--beta1=0.8", "--beta2=0.99", "--eps=1e-6", "--weight-decay=0.01", "--momentum=0.5",
            "--rho=0.95", "--centered=true",
        ])
        .unwrap();
        assert_eq!(spaced, inline);
        let want = OptimizerConfig {
            kind: OptimizerKind::Adam,
            lr: 0.05,
            momentum: 0.5,
            beta1: 0.8,
            beta2: 0.99,
            rho: 0.95,
            eps: 1e-6,
            weight_decay: 0.01,
            centered: true,
        };
        assert_eq!(
            spaced,
            TrajectoryArgs {
                function: TestFunction::Bowl { condition: 4.0, rotation_deg: -45.0 },
                optimizer: want,
                start: (-1.5, 2.0),
                steps: 7
            }
        );
        assert!(!parse(&["--function", "bowl", "--centered=false"]).unwrap().optimizer.centered);
    }

    #[test]
    fn trajectory_defaults_come_from_the_optimizer_and_the_function() {
        for kind in OptimizerKind::ALL {
            let t = parse(&["--function", "rastrigin", "--optimizer", kind.name()]).unwrap();
            assert_eq!(t.optimizer, OptimizerConfig::defaults(kind, TRAJECTORY_DEFAULT_LR));
            assert_eq!(t.start, TestFunction::Rastrigin.default_start());
            assert_eq!(t.steps, TRAJECTORY_DEFAULT_STEPS);
        }
        let t = parse(&["--function", "bowl"]).unwrap();
        assert_eq!(t.function, TestFunction::Bowl { condition: 10.0, rotation_deg: 30.0 });
        assert_eq!(t.optimizer.kind, OptimizerKind::Sgd);
        // Only the given hyperparameter changes.
        let t = parse(&["--function", "beale", "--optimizer", "momentum", "--momentum", "0.5"]).unwrap();
        assert_eq!(t.optimizer, OptimizerConfig { momentum: 0.5, ..OptimizerConfig::defaults(OptimizerKind::Momentum, 0.01) });
    }

    #[test]
    fn trajectory_bad_flags_are_usage_errors_naming_the_flag() {
        let usage_naming = |args: &[&str], needle: &str| {
            let mut all = vec!["trajectory"];
            all.extend_from_slice(args);
            match run_str(&all) {
                Err(CliError::Usage(m)) => assert!(m.contains(needle), "{args:?}: '{m}' does not name {needle}"),
                other => panic!("{args:?}: expected a usage error, got {other:?}"),
            }
        };
        usage_naming(&[], "--function");
        usage_naming(&["--function", "banana"], "banana");
        usage_naming(&["--function=banana"], "--function");
        usage_naming(&["--function", "bowl", "--optimizer", "lbfgs"], "--optimizer");
        usage_naming(&["--function", "bowl", "--lr", "fast"], "--lr");
        usage_naming(&["--function", "bowl", "--lr=0"], "--lr");
        usage_naming(&["--function", "bowl", "--lr", "nan"], "--lr");
        usage_naming(&["--function", "bowl", "--steps", "-3"], "--steps");
        usage_naming(&["--function", "bowl", "--steps", "2.5"], "--steps");
        usage_naming(&["--function", "bowl", "--lr"], "--lr");
        usage_naming(&["--function", "bowl", "--lr", "--steps", "3"], "--lr");
        usage_naming(&["--function"], "--function");
        usage_naming(&["--function", "bowl", "--start", "1"], "--start");
        usage_naming(&["--function", "bowl", "--start=1,y"], "--start");
        usage_naming(&["--function", "bowl", "--start=1,2,3"], "--start");
        usage_naming(&["--function", "rosenbrock", "--condition", "5"], "--condition");
        usage_naming(&["--function", "saddle", "--rotation=10"], "--rotation");
        usage_naming(&["--function", "bowl", "--condition", "0.5"], "--condition");
        usage_naming(&["--function", "bowl", "--beta1", "1"], "--beta1");
        usage_naming(&["--function", "bowl", "--eps=-1"], "--eps");
        usage_naming(&["--function", "bowl", "--centered=maybe"], "--centered");
        usage_naming(&["--function", "bowl", "--fast"], "--fast");
        usage_naming(&["--function", "bowl", "--lr", "0.1", "--lr", "0.2"], "--lr");
        usage_naming(&["--function", "bowl", "extra"], "extra");
    }

    #[test]
    fn trajectory_optimizer_problems_are_not_usage_errors() {
        // Whether or not an optimizer is implemented yet, a valid command line is never a
        // usage error: it runs, or the engine's failure is reported as such.
        for kind in OptimizerKind::ALL {
            match run_str(&["trajectory", "--function", "saddle", "--steps", "3", "--optimizer", kind.name()]) {
                Ok(out) => assert_eq!(out.lines().count(), 4, "{}", kind.name()),
                Err(e) => assert!(matches!(e, CliError::Failed(_)), "{}: {e:?}", kind.name()),
            }
        }
        // A diverging run ends early with its non-finite point, successfully.
        let out = run_str(&["trajectory", "--function", "rosenbrock", "--lr", "10", "--steps", "1000"]).unwrap();
        let lines = json_lines(&out);
        assert!(lines.len() < 1001);
        let last = lines.last().unwrap();
        assert!(["x", "y", "loss"].iter().any(|k| last[*k].is_null()), "{last}");
    }
}
