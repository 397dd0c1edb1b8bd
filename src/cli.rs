//! The command line's logic (argument parsing and commands), testable natively.

use crate::engine::Trainer;
use crate::i18n::Lang;
use crate::settings::Settings;
use std::io::Write;

pub const USAGE: &str = "usage:
  descent train '<URL hash state>' [--epochs N]
      Trains as the page would and prints one JSON object per epoch:
      {\"epoch\":1,\"train_loss\":…,\"test_loss\":…,\"train_acc\":…,\"test_acc\":…}
      Example: descent train 'dataset=circle&hidden=4,2&lr=0.03&seed=1' --epochs 100";

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

pub fn run(args: &[String], out: &mut dyn Write) -> Result<(), CliError> {
    let usage = |m: &str| CliError::Usage(m.to_string());
    match args.first().map(String::as_str) {
        Some("train") => {
            let mut hash = None;
            let mut epochs = 100usize;
            let mut rest = args[1..].iter();
            while let Some(a) = rest.next() {
                match a.as_str() {
                    "--epochs" => {
                        let v = rest.next().ok_or_else(|| usage("--epochs needs a number"))?;
                        epochs = v.parse().map_err(|_| usage(&format!("--epochs: '{v}' is not a whole number")))?;
                    }
                    s if s.starts_with("--epochs=") => {
                        let v = &s["--epochs=".len()..];
                        epochs = v.parse().map_err(|_| usage(&format!("--epochs: '{v}' is not a whole number")))?;
                    }
                    s if s.starts_with("--") => return Err(usage(&format!("unknown flag {s}"))),
                    s if hash.is_none() => hash = Some(s.to_string()),
                    s => return Err(usage(&format!("unexpected argument '{s}'"))),
                }
            }
            let settings = strict_settings(hash.as_deref().unwrap_or(""))?;
            let mut t = Trainer::new(settings.train_config()).map_err(|e| CliError::Failed(e.to_string()))?;
            for _ in 0..epochs {
                let s = t.train_epoch().map_err(|e| CliError::Failed(e.to_string()))?;
                let line = serde_json::to_string(&s).map_err(|e| CliError::Failed(e.to_string()))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn run_str(args: &[&str]) -> Result<String, CliError> {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let mut out = Vec::new();
        run(&args, &mut out).map(|()| String::from_utf8(out).unwrap())
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
    fn bad_state_and_flags_are_usage_errors() {
        assert!(matches!(run_str(&["train", "lr=banana"]), Err(CliError::Usage(m)) if m.contains("lr=banana")));
        assert!(matches!(run_str(&["train", "", "--epochs", "x"]), Err(CliError::Usage(_))));
        assert!(matches!(run_str(&["train", "--fast"]), Err(CliError::Usage(_))));
        assert!(matches!(run_str(&["fly"]), Err(CliError::Usage(_))));
        assert!(matches!(run_str(&[]), Err(CliError::Usage(_))));
        assert_eq!(run_str(&["train", "--epochs=0"]).unwrap(), "");
    }
}
