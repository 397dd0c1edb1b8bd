//! The command line's logic (argument parsing and commands), testable natively.

use crate::engine::backprop;
use crate::engine::csv::parse_csv;
use crate::engine::functions::{self, TestFunction, FUNCTION_NAMES};
use crate::engine::learning_curve::{LearningCurve, EPOCHS as CURVE_EPOCHS, SIZES as CURVE_SIZES};
use crate::engine::prep::prepare;
use crate::engine::surface::{flatten, Directions, SurfaceJob, Trajectory, DEFAULT_GRID, MAX_GRID, MIN_GRID};
use crate::engine::images::ImageSet;
use crate::engine::probe::ImageData;
use crate::engine::{transfer, weights};
use crate::engine::{DataKind, Dataset, OptimizerConfig, OptimizerKind, Trainer};
use crate::i18n::Lang;
use crate::settings::{Named, Settings};
use std::io::Write;

pub const USAGE: &str = "usage:
  descent lessons
      Lists the lessons, one JSON object per lecture slide: slide, lesson key, title, link,
      panels, claim.
  descent lessons --out DIR [--png] [--lang fa] [--epochs N] [--lesson KEY[,KEY…]]
      Renders every lesson's plot panels (as descent render does, each lesson trained once)
      to DIR/<lesson>/<panel>.svg (--png: .png), printing one line per file written; --lesson
      renders only those lessons. Lessons without plot panels (backprop) are noted on stderr.
      Example: descent lessons --out slides --lang fa
  descent render '<URL hash state>' --panel NAME --svg FILE | --png FILE [--width W] [--height H]
                 [--lang en|fa] [--epochs N]
      Trains the state as the page would (runs A and B when compare=1) and draws one panel
      natively, for printed slides; prints the file's name. Panels: boundary (points: the
      decision boundary with the points; images: the test gallery with predictions and the
      confusion matrix), network (the diagram and the layers' activity; images: the
      activity), loss, histograms (points), curve (the learning curve, sizes 25 to 800, the
      epochs per size at most 100), surface (contour map with the path; the hash's surface,
      surface_grid), race (the hash's racers on its function, and their losses), prep and
      augment (images). data, training and lab hold controls, not plots.
      --epochs N       epochs trained first (default 100 for points, 5 for images)
      --width, --height   pixels (default: the page's canvas size for the panel)
      --lang fa        Persian labels (default: the hash's lang)
      Example: descent render 'dataset=spiral&layers=d8,d8' --panel boundary --png boundary.png --width 720 --height 720
  descent claim LESSON
      Runs a lesson's claim check (its seeded trials, as the page's Check the claim does) and
      prints one JSON object per trial ({\"trial\":…,\"hash\":…,\"epochs\":…,\"figure\":…})
      and a last line {\"claim\":…,\"holds\":true|false}.
      Example: descent claim standardize
  descent train '<URL hash state>' [--epochs N]
      Trains as the page would and prints one JSON object per epoch:
      {\"epoch\":1,\"train_loss\":…,\"test_loss\":…,\"train_acc\":…,\"test_acc\":…}
      Example: descent train 'dataset=circle&layers=d4,d2&lr=0.03&seed=1' --epochs 100
      --save-weights FILE   write the final weights (--epochs 0: the initial ones) as
                            safetensors with PyTorch's names and layouts (README)
      --load-weights FILE   start from the weights in FILE (same names and shapes; the
                            shipped assets/models/*.safetensors too)
      Transfer learning: pretrained=digits04|shapes (its layers come with it), freeze=1,1,0
      (frozen hidden layers), head=new|keep, base_lr_scale=0.1, train_n=50 (training images).
      Example: descent train 'dataset=digits59&points=896&split=50&train_n=50&pretrained=digits04&freeze=1&opt=adam&lr=0.01&batch=16' --epochs 30
  descent transfer '<URL hash state>' [--epochs N]
      The transfer lesson's three runs from the hash (from scratch; pretrained with its
      layers frozen; pretrained and fine-tuned), as the page's \"Train the three\" does: one
      JSON object per run and epoch (from epoch 0), with \"run\": scratch|frozen|fine_tuned.
  descent pretrain --out DIR [--model digits04|shapes]
      Trains the shipped pretrained models (src/models.rs) and writes DIR/NAME.safetensors
      (the source settings in its metadata) and DIR/NAME.json (its card: hash, command,
      test_acc, sha256, about); one JSON line each. The same command gives the same bytes.
      Example: descent pretrain --out assets/models
      --epochs 0            print one line for epoch 0: the initial (or loaded) weights' evaluation
  descent data '<URL hash state>'
      Prints the prepared data as CSV: a header with the chosen input features, label and
      split, then one row per point (train, then test), after corruption, cleaning, scale
      and offset, features and scaling. The clean step's report and the scaling statistics
      go to stderr. A missing value prints as an empty field. Images (dataset=digits,
      shapes) print one row per image: p0,…,pN (pixels after scaling, channel by row by
      column), label, split; --stage raw|corrupted|prepared picks the point in the image
      pipeline: as generated, after the camera's faults (lighting, contrast, sensor noise),
      or (the default) after equalization, per-image normalization and per-pixel scaling:
      the network's input.
      Example: descent data 'dataset=gauss&missing=0.1&clean=1&fill=mean&scaling=standardize'
      Example: descent data 'dataset=digits&lighting=1&equalize=global' --stage corrupted
  descent augment '<URL hash state>' [--index I] [--count N] [--png FILE]
      N (default 15) augmented versions of training image I (default 0) with the hash's
      aug_* settings, as the page's preview draws them: CSV rows p0,…,pN,label,version; or
      --png FILE: a grid of the image (first, framed) and its versions.
      Example: descent augment 'dataset=digits&aug_rotate=20&aug_shift=0.1' --index 3 --png aug.png
  descent curve '<URL hash state>' [--epochs N] [--sizes 25,50,...]
      Learning curve: trains on training sets of each size (default 25,50,100,200,400,800)
      for N epochs (default 100) from the same initial weights, tests each on the same test
      set, and prints one JSON object per size:
      {\"size\":25,\"trained_on\":25,\"train_loss\":…,\"test_loss\":…,\"train_acc\":…,\"test_acc\":…}
  train, data and curve also take --csv FILE: the points of FILE (x1,x2,label per line,
      header optional) instead of a generated dataset (dataset=custom); bad lines are
      reported on stderr and skipped.
  descent backprop '<lab keys>' [--input 0.05,0.10] [--target 0.01,0.99] [--weights FILE.json] [--steps N]
      The back-propagation lab: N (default 1) training steps of a tiny network on one
      example or a mini-batch of up to 4 (rows separated by ';': --input '0,0;0,1;1,0;1,1'
      --target '0;1;1;0'), printing per step one JSON object with every number: step,
      forward (per layer z and a), loss (before the update; a batch's mean), backward (per
      layer ∂L/∂a, f'(z), ∂L/∂z; of the first example, and every example's under
      \"examples\" for a batch), grads and updated ({\"layers\":[{\"w\":[[…]],\"b\":[…]},…]},
      w[j][i] from input i to neuron j, PyTorch's layout; the weights file has the same form).
      Keys: layers (0-2 dense layers of 1-4: d2,d3; default d2), act and out_act (sigmoid,
      tanh, relu, linear; default sigmoid), loss (mse = the mean of squared errors, mse_half
      = half their sum, ce = cross-entropy of sigmoid outputs; default mse), lr (default
      0.5), update_bias (0/1, default 1), seed (random weights when --weights is absent).
      The page's lab hash (lab_hidden=2&lab_loss=mse_half&lab_x=…&lab_w=…) works too.
      Example (Mazur's worked example): descent backprop 'loss=mse_half&update_bias=0'
        --weights mazur.json --input 0.05,0.10 --target 0.01,0.99
  descent surface '<URL hash state>' [--epochs N] [--grid N] [--directions pca|random|weights]
                  [--seed S] [--weights I,J] [--svg FILE | --png FILE] [--view contour|3d]
      Trains as the page would (recording the weights before training and after each epoch),
      then computes the loss surface through the final weights θ: the training loss at
      θ + α·d₁ + β·d₂ on an N×N grid, and prints one JSON object: alpha, beta (the grid),
      loss (rows of N, row i at beta[i]), path (each epoch's (α, β), the last (0, 0)),
      path_epochs, path_loss, origin_loss, train_loss, explained_variance (pca),
      weights (weights), grid_ms (time of the grid evaluation), examples (the training
      examples the loss is over, and all of them: a CNN's is over the first 256).
      --epochs N       epochs to train first (default 200)
      --grid N         points a side, 3 to 81 (default 41)
      --directions     pca: the first two principal components of the weights' path (default);
                       random: two filter-normalized random directions (Li et al. 2018);
                       weights: two single parameters
      --seed S         random only: the directions' seed (default: the hash's seed)
      --weights I,J    weights only: flat parameter indices, layer by layer, weights W[from][to]
                       then biases (default: the two that moved most)
      --svg FILE, --png FILE   also draw the figure (contour map with the path)
      --view 3d        draw the 3-D view instead (--yaw, --pitch in radians; default 0.7, 0.5)
      Example: descent surface 'dataset=circle&hidden=8,8' --epochs 200 --directions pca --svg s.svg
  descent trajectory --function NAME [--optimizer NAME[,NAME…]] [--lr R[,R…]] [--steps N] [--start X,Y] [...]
      Runs an optimizer on a two-parameter test function and prints one JSON object per
      point, step 0 being the start: {\"step\":0,\"x\":…,\"y\":…,\"loss\":…}
      Several optimizers run one after the other from the same start; each line then begins
      with \"optimizer\":NAME.
      Stops early if the run diverges (its last line then holds null for the non-finite values).
      --function     bowl|rosenbrock|beale|himmelblau|saddle|rastrigin (required)
      --optimizer    sgd|momentum|nesterov|rmsprop|adagrad|adadelta|adam|adamw (default sgd),
                     or a comma list of them
      --lr R         learning rate (default 0.01; plain sgd on rosenbrock needs about 0.002);
                     one for all optimizers, or a comma list with one each
      --steps N      optimizer steps (default 100)
      --start X,Y    starting point (default: the function's own; --start=-1.5,2 or --start -1.5,2)
      --momentum M, --beta1 B, --beta2 B, --rho R, --eps E, --weight-decay W, --centered[=true|false]
                     override the optimizer's PyTorch defaults (each optimizer reads the ones it has)
      --condition K  bowl only: condition number K >= 1 (default 10)
      --rotation DEG bowl only: angle of the bowl's long axis in degrees (default 30)
      --svg FILE, --png FILE   also draw the function's contours with each path and a legend
      Every flag also takes the form --flag=value.
      Example: descent trajectory --function rosenbrock --optimizer adam,momentum --lr 0.05,0.001 --steps 200 --svg r.svg
  descent grow '<URL hash state>' [--budget EPOCHS] [--patience N] [--min-gain X]
      Grows a network until no improvement, as the page's Grow does: from one neuron, each
      round tries every layer one neuron wider (up to 4, then half again) and one more layer,
      each trained --budget epochs (default 100) from the same seed and scored on a validation
      quarter of the training split (the test split is not used); keeps the round's best;
      stops when --patience rounds (default 2) in a row gain less than --min-gain (default
      0.01) in validation accuracy. Prints one JSON object per network tried
      ({\"layers\":…,\"params\":…,\"train_acc\":…,\"val_acc\":…,\"kept\":…,\"hash\":…}) and a last
      line {\"chosen\":{…}}: the best network tried (fewer parameters break a tie).
      Example: descent grow 'dataset=spiral&seed=1' --budget 100
  descent search '<URL hash state>' [--trials N] [--budget EPOCHS] [--max-depth D] [--max-width W]
                 [--lr-min R] [--lr-max R] [--max-dropout P] [--acts both|relu|tanh|all]
      A seeded random search, as the page's Search does: N networks (default 12) of 1 to D
      layers (3) of 2 to W neurons (16, log scale), rates from --lr-min to --lr-max (0.003 to
      0.3, log scale), dropout 0 to P (0), the activations given; the same budget and
      validation split as grow; the same output.
      Example: descent search 'dataset=spiral&seed=1' --trials 24 --budget 100
  descent shrink '<URL hash state>' [--budget EPOCHS] [--max-loss X]
      Starts from the hash's own network and shrinks it, as the page's Shrink does: each round
      tries every layer half as wide and every layer removed, keeps the best, and stops when
      it loses more than --max-loss (default 0.01) in validation accuracy against the network
      before; the choice is the last network kept. The same output as grow.
      Example: descent shrink 'dataset=circle&layers=d32,d32&opt=adam' --budget 60
  For images, grow starts from c1k3,mp2 and its rounds also try one more convolution and
  pooling (3×3, where the image is still large enough) and a dense layer; search draws
  convolution-and-pooling blocks (depth: blocks, width: filters).";

#[derive(Debug, PartialEq)]
pub enum CliError {
    /// Bad arguments or state, or a configuration the engine refuses: exit code 2.
    Usage(String),
    /// The engine failed for a reason no setting causes: exit code 1.
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

/// An engine error: a problem the settings caused is a bad input (exit 2), in words; an
/// internal failure exits 1.
pub(crate) fn refused(e: crate::engine::EngineError) -> CliError {
    match e.problem() {
        crate::engine::Problem::Internal { message } => CliError::Failed(message),
        p => CliError::Usage(crate::i18n::problem_text(&p, Lang::En)),
    }
}

/// The optimizer's name as the page shows it.
fn optimizer_label(kind: OptimizerKind, lang: Lang) -> String {
    lang.t(crate::settings::Named::label(kind)).to_string()
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

/// A SHA-256 in lowercase hex.
fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// `out` receives the command's output, `err` its reports (stderr in `main`).
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> Result<(), CliError> {
    let usage = |m: &str| CliError::Usage(m.to_string());
    let get = |given: &[(String, String)], name: &str| given.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    match args.first().map(String::as_str) {
        Some("train") => {
            let (hash, given) = state_args("train", &args[1..], &["epochs", "csv", "save-weights", "load-weights"])?;
            let epochs = get(&given, "epochs").map(|v| whole("epochs", &v)).transpose()?.unwrap_or(100);
            let settings = settings_with_csv(&hash, get(&given, "csv").as_deref(), err)?;
            let mut t = Trainer::new(settings.train_config()).map_err(refused)?;
            if let Some(file) = get(&given, "load-weights") {
                let bytes = std::fs::read(&file).map_err(|e| CliError::Usage(format!("--load-weights {file}: {e}")))?;
                let (map, _) = transfer::read(&bytes).map_err(|e| CliError::Usage(format!("--load-weights {file}: {e}")))?;
                weights::import(t.model(), &map).map_err(|e| CliError::Usage(format!("--load-weights {file}: {e}")))?;
            }
            if epochs == 0 {
                json_line(out, t.evaluate().map_err(failed)?)?;
            }
            for _ in 0..epochs {
                json_line(out, t.train_epoch().map_err(failed)?)?;
            }
            if let Some(file) = get(&given, "save-weights") {
                let bytes = transfer::write(t.model(), &settings.to_hash()).map_err(failed)?;
                std::fs::write(&file, bytes).map_err(|e| CliError::Failed(format!("--save-weights {file}: {e}")))?;
            }
            Ok(())
        }
        Some("pretrain") => {
            let (_, given) = state_args("pretrain", &args[1..], &["out", "model"])?;
            let dir = get(&given, "out").ok_or_else(|| usage("pretrain: --out DIR is required"))?;
            let only = get(&given, "model");
            std::fs::create_dir_all(&dir).map_err(|e| CliError::Failed(format!("--out {dir}: {e}")))?;
            for r in crate::models::RECIPES.iter().filter(|r| only.as_deref().is_none_or(|m| m == r.model.file())) {
                let made = crate::models::make(r).map_err(refused)?;
                let sha = sha256_hex(&made.bytes);
                let weights_file = format!("{dir}/{}.safetensors", r.model.file());
                std::fs::write(&weights_file, &made.bytes).map_err(|e| CliError::Failed(format!("{weights_file}: {e}")))?;
                let card_file = format!("{dir}/{}.json", r.model.file());
                std::fs::write(&card_file, crate::models::card(r, &made, &sha)).map_err(|e| CliError::Failed(format!("{card_file}: {e}")))?;
                json_line(out, serde_json::json!({"model": r.model.file(), "test_acc": made.test_acc, "bytes": made.bytes.len(), "sha256": sha}))?;
            }
            Ok(())
        }
        Some("transfer") => {
            let (hash, given) = state_args("transfer", &args[1..], &["epochs"])?;
            let epochs = get(&given, "epochs").map(|v| whole("epochs", &v)).transpose()?.unwrap_or(30);
            let settings = strict_settings(&hash)?;
            let runs = transfer::three_runs(&settings.train_config());
            let curves = transfer::CompareJob::new(runs.to_vec(), epochs).map_err(refused)?.run().map_err(refused)?;
            for (name, curve) in ["scratch", "frozen", "fine_tuned"].iter().zip(&curves) {
                for s in curve {
                    let mut line = serde_json::to_value(s).map_err(failed)?;
                    line.as_object_mut().map(|o| o.insert("run".into(), serde_json::json!(name)));
                    json_line(out, line)?;
                }
            }
            Ok(())
        }
        Some("data") => {
            let (hash, given) = state_args("data", &args[1..], &["csv", "stage"])?;
            let settings = settings_with_csv(&hash, get(&given, "csv").as_deref(), err)?;
            let c = settings.train_config();
            let stage = get(&given, "stage");
            if c.data.kind.data_kind() == DataKind::Images {
                // Images at a point of the pipeline, in PyTorch's (channel, row, column) order.
                let mut set = ImageSet::generate(&c.data.image_config()).map_err(|e| CliError::Usage(e.to_string()))?;
                let len = set.input_len();
                let names: Vec<String> = (0..len).map(|i| format!("p{i}")).collect();
                let rows: Vec<(&str, Vec<f32>, u32)> = match stage.as_deref().unwrap_or("prepared") {
                    stage @ ("raw" | "corrupted") => {
                        if stage == "corrupted" {
                            ImageData::corrupt(&mut set, &c.prep, c.data.seed);
                        }
                        let split = |name, images: &[crate::engine::images::Image]| images.iter().map(move |i| (name, i.pixels.clone(), i.label)).collect::<Vec<_>>();
                        let mut rows = split("train", &set.train);
                        rows.extend(split("test", &set.test));
                        rows
                    }
                    "prepared" => {
                        let d = ImageData::prepare(set, &c.prep, c.data.seed);
                        let split = |name, images: &[crate::engine::images::Image]| images.iter().map(|i| (name, d.input(&i.pixels), i.label)).collect::<Vec<_>>();
                        let mut rows = split("train", &d.set.train);
                        rows.extend(split("test", &d.set.test));
                        rows
                    }
                    other => return Err(usage(&format!("--stage: '{other}' is not raw, corrupted or prepared"))),
                };
                writeln!(out, "{},label,split", names.join(",")).map_err(failed)?;
                for (split, pixels, label) in rows {
                    let px: Vec<String> = pixels.iter().map(|&v| field(v)).collect();
                    writeln!(out, "{},{label},{split}", px.join(",")).map_err(failed)?;
                }
                return Ok(());
            }
            if stage.is_some() {
                return Err(usage("--stage is for images (dataset=digits or shapes)"));
            }
            if c.data.kind.data_kind() == DataKind::Sequences {
                // One row a sequence: t0,…,tN (each step's features, step by step), target, split.
                let set = crate::engine::sequences::SequenceSet::generate(&c.data.seq_config()).map_err(|e| refused(e.into()))?;
                let names: Vec<String> = (0..set.steps)
                    .flat_map(|t| (0..set.features).map(move |f| if set.features == 1 { format!("t{t}") } else { format!("t{t}_{f}") }))
                    .collect();
                writeln!(out, "{},target,split", names.join(",")).map_err(failed)?;
                for (split, part) in [("train", &set.train), ("test", &set.test)] {
                    for e in part {
                        let v: Vec<String> = e.values.iter().map(|&x| field(x)).collect();
                        writeln!(out, "{},{},{split}", v.join(","), field(e.target)).map_err(failed)?;
                    }
                }
                return Ok(());
            }
            let p = prepare(&c.prep, c.task(), Dataset::generate(&c.data), c.data.seed).map_err(refused)?;
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
        Some("augment") => {
            let (hash, given) = state_args("augment", &args[1..], &["index", "count", "png"])?;
            let settings = strict_settings(&hash)?;
            let c = settings.train_config();
            if c.data.kind.data_kind() != DataKind::Images {
                return Err(usage("augment: the data must be images (dataset=digits or shapes)"));
            }
            let index = get(&given, "index").map(|v| whole("index", &v)).transpose()?.unwrap_or(0);
            let count = get(&given, "count").map(|v| whole("count", &v)).transpose()?.unwrap_or(15);
            if !(1..=1000).contains(&count) {
                return Err(usage("--count: from 1 to 1000"));
            }
            let set = ImageSet::generate(&c.data.image_config()).map_err(|e| CliError::Usage(e.to_string()))?;
            let d = ImageData::prepare(set, &c.prep, c.data.seed);
            let n = d.set.train.len();
            let img = d.set.train.get(index).ok_or_else(|| usage(&format!("--index: {index} is not below the {n} training images")))?;
            match get(&given, "png") {
                Some(file) => {
                    // The page's preview: the image first, then its versions, as bytes.
                    let images = d.augment_preview(&c.augment, c.data.seed, index, count).unwrap_or_default();
                    let cols = (images.len() as f64).sqrt().ceil() as usize;
                    let rows = images.len().div_ceil(cols);
                    let grid = ImageGrid { images: &images, shape: (d.set.height, d.set.width), cols };
                    write_figure(&Figure::Png(file), (cols as u32 * 72, rows as u32 * 72), &grid)
                }
                None => {
                    let shape = (d.set.channels, d.set.height, d.set.width);
                    let versions = crate::engine::augment::preview(&img.pixels, shape, &c.augment, c.data.seed, index, count);
                    let names: Vec<String> = (0..d.set.input_len()).map(|i| format!("p{i}")).collect();
                    writeln!(out, "{},label,version", names.join(",")).map_err(failed)?;
                    for (k, v) in versions.iter().enumerate() {
                        let px: Vec<String> = v.iter().map(|&x| field(x)).collect();
                        writeln!(out, "{},{},{}", px.join(","), img.label, k + 1).map_err(failed)?;
                    }
                    Ok(())
                }
            }
        }
        Some(cmd @ ("grow" | "search" | "shrink")) => {
            // Each flag is a setting of the table (the page's controls), validated the same way.
            let flags = match cmd {
                "grow" => crate::settings::GROW_FLAGS,
                "shrink" => crate::settings::SHRINK_FLAGS,
                _ => crate::settings::SEARCH_FLAGS,
            };
            let names: Vec<&str> = flags.iter().map(|f| f.0).collect();
            let (hash, given) = state_args(cmd, &args[1..], &names)?;
            let mut settings = strict_settings(&hash)?;
            for (name, value) in &given {
                let key = flags.iter().find(|f| f.0 == name).map(|f| f.1).unwrap_or_default();
                if !settings.set(key, value) {
                    let kind = crate::settings::spec(key).map(|s| crate::settings::describe(&s.kind, Lang::En)).unwrap_or_default();
                    return Err(CliError::Usage(format!("--{name}: '{value}' is not {kind}")));
                }
            }
            let strategy = match cmd {
                "grow" => settings.grow_strategy(),
                "shrink" => settings.shrink_strategy(),
                _ => settings.search_strategy(),
            };
            let job = crate::engine::arch_search::ArchJob::new(settings.train_config(), strategy, settings.page.arch_budget as usize).map_err(refused)?;
            let result = job.run().map_err(refused)?;
            writeln!(err, "{} epochs per network; {} examples to fit, {} to validate (from the training split; the test split is not used)", result.budget, result.fit_size, result.val_size).map_err(failed)?;
            let row = |t: &crate::engine::arch_search::Tried| {
                let c = &t.candidate;
                serde_json::json!({
                    "layers": c.layers.to_string(), "act": c.activation.name(), "lr": c.lr, "dropout": c.dropout, "params": t.params,
                    "train_acc": t.train_acc, "val_acc": t.val_acc, "val_loss": t.val_loss, "round": t.round,
                    "kept": result.path.iter().any(|&i| std::ptr::eq(&result.tried[i], t)),
                    "hash": settings.with_candidate(c).to_hash(),
                })
            };
            for t in &result.tried {
                json_line(out, row(t))?;
            }
            if let Some(i) = result.chosen {
                writeln!(out, "{}", serde_json::json!({ "chosen": row(&result.tried[i]) })).map_err(failed)?;
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
            let mut curve = LearningCurve::new(settings.train_config(), &sizes, epochs).map_err(refused)?;
            while curve.step().map_err(refused)? {}
            let result = curve.result();
            writeln!(err, "{} epochs per size; {} test points", result.epochs, result.test_size).map_err(failed)?;
            for point in result.points {
                json_line(out, point)?;
            }
            Ok(())
        }
        Some("trajectory") => {
            let t = parse_trajectory(&args[1..])?;
            let several = t.optimizers.len() > 1;
            let mut runs = Vec::new();
            for opt in &t.optimizers {
                let path = functions::trajectory(&t.function, opt, t.start, t.steps).map_err(failed)?;
                for p in &path {
                    let mut json = serde_json::to_value(p).map_err(failed)?;
                    if several {
                        // Which run a line belongs to, first.
                        let mut obj = serde_json::Map::new();
                        obj.insert("optimizer".into(), opt.kind.name().into());
                        if let Some(fields) = json.as_object_mut() {
                            obj.append(fields);
                        }
                        json = serde_json::Value::Object(obj);
                    }
                    writeln!(out, "{json}").map_err(failed)?;
                }
                runs.push((optimizer_label(opt.kind, Lang::En), path.iter().map(|p| (p.x, p.y)).collect::<Vec<_>>()));
            }
            if let Some(fig) = &t.figure {
                write_figure(fig, (640, 540), &FunctionFigure { function: &t.function, runs: &runs })?;
            }
            Ok(())
        }
        Some("surface") => run_surface(&parse_surface(&args[1..])?, out),
        Some("backprop") => {
            let (hash, given) = state_args("backprop", &args[1..], &["input", "target", "weights", "steps"])?;
            // The lab's hash, with --input and --target as its rows of inputs and targets.
            let mut hash = crate::settings::lab_hash(&hash);
            for (flag, key) in [("input", "lab_x"), ("target", "lab_y")] {
                if let Some(v) = get(&given, flag) {
                    hash += &format!("&{key}={v}");
                }
            }
            let (settings, problems) = Settings::from_hash(&hash);
            if !problems.is_empty() {
                return Err(CliError::Usage(problems.iter().map(|p| p.message(Lang::En)).collect::<Vec<_>>().join("\n")));
            }
            let in_words = |p: crate::engine::Problem| CliError::Usage(crate::i18n::problem_text(&p, Lang::En));
            let setup = settings.lab_setup().map_err(in_words)?;
            let steps = get(&given, "steps").map(|v| whole("steps", &v)).transpose()?.unwrap_or(1);
            let mut w = match get(&given, "weights") {
                Some(file) => {
                    let text = std::fs::read_to_string(&file).map_err(|e| CliError::Usage(format!("--weights {file}: {e}")))?;
                    serde_json::from_str(&text).map_err(|e| CliError::Usage(format!("--weights {file}: {e}")))?
                }
                None => setup.weights,
            };
            for k in 1..=steps {
                let s = backprop::step(&setup.cfg, &w, &setup.batch).map_err(in_words)?;
                let e = &s.examples[0];
                let mut line = serde_json::json!({
                    "step": k, "forward": e.forward, "loss": s.loss, "backward": e.backward, "grads": s.grads, "updated": s.updated,
                });
                if s.examples.len() > 1 {
                    line["examples"] = serde_json::json!(s.examples);
                }
                writeln!(out, "{line}").map_err(failed)?;
                w = s.updated;
            }
            Ok(())
        }
        Some("render") => render_command(&args[1..], out),
        Some("lessons") if args.len() > 1 => lessons_command(&args[1..], out, err),
        Some("lessons") => {
            for l in crate::lessons::LESSONS {
                use crate::settings::Named;
                let line = serde_json::json!({
                    "slide": l.slide,
                    "lesson": l.key.name(),
                    "title": Lang::En.t(l.title),
                    "link": format!("#lesson={}", l.key.name()),
                    "panels": l.panels.iter().map(|p| p.name()).collect::<Vec<_>>(),
                    "claim": l.claim.as_ref().map(|c| Lang::En.t(c.statement)),
                });
                writeln!(out, "{line}").map_err(failed)?;
            }
            Ok(())
        }
        Some("claim") => {
            use crate::settings::Named;
            let name = args.get(1).ok_or_else(|| usage("claim: which lesson? (descent lessons lists them)"))?;
            let key = crate::lessons::LessonKey::from_name(name).ok_or_else(|| usage(&format!("claim: no lesson '{name}' (descent lessons lists them)")))?;
            let claim = crate::lessons::lesson(key).and_then(|l| l.claim.as_ref()).ok_or_else(|| usage(&format!("claim: lesson '{name}' checks itself on the page")))?;
            let figures = crate::engine::claim::ClaimJob::new(claim.trials(), claim.measure).map_err(refused)?.run().map_err(failed)?;
            for (((label, _, epochs), hash), f) in claim.trials.iter().zip(claim.hashes()).zip(&figures) {
                let line = serde_json::json!({ "trial": Lang::En.t(*label), "hash": hash, "epochs": epochs, "figure": f });
                writeln!(out, "{line}").map_err(failed)?;
            }
            writeln!(out, "{}", serde_json::json!({ "claim": Lang::En.t(claim.statement), "holds": claim.check(&figures) })).map_err(failed)?;
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

/// `--lang en|fa`.
#[cfg(not(target_arch = "wasm32"))]
fn lang_flag(v: &str) -> Result<Lang, CliError> {
    use crate::settings::Named;
    Lang::from_name(v.trim()).ok_or_else(|| CliError::Usage(format!("--lang: '{v}' is not en or fa")))
}

/// The largest side `descent render` draws, in pixels.
#[cfg(not(target_arch = "wasm32"))]
pub const RENDER_MAX_SIDE: usize = 8192;

/// `descent render '<hash>' --panel NAME --svg FILE | --png FILE [--width W] [--height H]
/// [--lang fa] [--epochs N]`: trains the state, draws one panel, prints the file's name.
#[cfg(not(target_arch = "wasm32"))]
fn render_command(args: &[String], out: &mut dyn Write) -> Result<(), CliError> {
    use crate::render::{drawable_names, parse_panel, PanelFigure, Scene};
    let usage = |m: String| CliError::Usage(m);
    let (hash, given) = state_args("render", args, &["panel", "svg", "png", "width", "height", "lang", "epochs"])?;
    let get = |name: &str| given.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    let panel = parse_panel(&get("panel").ok_or_else(|| usage(format!("render needs --panel ({})", drawable_names())))?)?;
    let figure = figure_flag(get("svg").as_deref(), get("png").as_deref())?.ok_or_else(|| usage("render needs --svg FILE or --png FILE".into()))?;
    let side = |name: &str| -> Result<Option<u32>, CliError> {
        match get(name) {
            None => Ok(None),
            Some(v) => match whole(name, &v)? {
                n @ 16..=RENDER_MAX_SIDE => Ok(Some(n as u32)),
                n => Err(usage(format!("--{name}: {n} is out of range (must be 16 to {RENDER_MAX_SIDE})"))),
            },
        }
    };
    let (width, height) = (side("width")?, side("height")?);
    let epochs = get("epochs").map(|v| whole("epochs", &v)).transpose()?;
    let settings = strict_settings(&hash)?;
    let lang = get("lang").map(|v| lang_flag(&v)).transpose()?.unwrap_or(settings.page.lang);
    let mut scene = Scene::new(settings, epochs, lang);
    scene.prepare(panel)?;
    let (w, h) = scene.size(panel);
    write_figure(&figure, (width.unwrap_or(w), height.unwrap_or(h)), &PanelFigure { scene: &scene, panel })?;
    let (Figure::Svg(file) | Figure::Png(file)) = &figure;
    writeln!(out, "{file}").map_err(failed)
}

#[cfg(target_arch = "wasm32")]
fn render_command(_: &[String], _: &mut dyn Write) -> Result<(), CliError> {
    Err(CliError::Failed("render is a native command".into()))
}

/// `descent lessons --out DIR [--png] [--lang fa] [--epochs N] [--lesson KEY,…]`.
#[cfg(not(target_arch = "wasm32"))]
fn lessons_command(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> Result<(), CliError> {
    use crate::settings::Named;
    let usage = |m: String| CliError::Usage(m);
    let (mut dir, mut png, mut lang, mut epochs, mut only) = (None, false, Lang::En, None, None);
    let mut rest = args.iter();
    while let Some(a) = rest.next() {
        let Some(flag) = a.strip_prefix("--") else {
            return Err(usage(format!("lessons: unexpected argument '{a}'")));
        };
        let (name, inline) = match flag.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (flag, None),
        };
        if name == "png" || name == "svg" {
            if inline.is_some() {
                return Err(usage(format!("--{name} takes no value here (lessons --out DIR --{name})")));
            }
            png = name == "png";
            continue;
        }
        if !["out", "lang", "epochs", "lesson"].contains(&name) {
            return Err(usage(format!("lessons: unknown flag --{name}")));
        }
        let value = match inline {
            Some(v) => v,
            None => rest.next().cloned().ok_or_else(|| usage(format!("--{name} needs a value")))?,
        };
        match name {
            "out" => dir = Some(value),
            "lang" => lang = lang_flag(&value)?,
            "epochs" => epochs = Some(whole("epochs", &value)?),
            _ => {
                let keys = value
                    .split(',')
                    .map(|k| match crate::lessons::LessonKey::from_name(k.trim()) {
                        Some(key) if crate::lessons::lesson(key).is_some() => Ok(key),
                        _ => Err(usage(format!("--lesson: no lesson '{k}' (descent lessons lists them)"))),
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                only = Some(keys);
            }
        }
    }
    let dir = dir.filter(|d| !d.is_empty()).ok_or_else(|| usage("lessons: --out DIR says where to write the panels".into()))?;
    let lessons: Vec<&crate::lessons::Lesson> =
        crate::lessons::LESSONS.iter().filter(|l| only.as_ref().is_none_or(|keys| keys.contains(&l.key))).collect();
    render_lessons(std::path::Path::new(&dir), &lessons, png, lang, epochs, out, err).map(|_| ())
}

#[cfg(target_arch = "wasm32")]
fn lessons_command(_: &[String], _: &mut dyn Write, _: &mut dyn Write) -> Result<(), CliError> {
    Err(CliError::Failed("lessons --out is a native command".into()))
}

/// Renders every plot panel of each lesson (trained once per lesson) into
/// `dir/<lesson>/<panel>.svg` (or `.png`), printing each file's path on `out`; a panel that
/// cannot be drawn is reported on `err` and the others still are (then the result is an
/// error). Returns the files written.
#[cfg(not(target_arch = "wasm32"))]
pub fn render_lessons(
    dir: &std::path::Path,
    lessons: &[&crate::lessons::Lesson],
    png: bool,
    lang: Lang,
    epochs: Option<usize>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Vec<std::path::PathBuf>, CliError> {
    use crate::render::{PanelFigure, Scene, DRAWABLE};
    use crate::settings::Named;
    let mut written = Vec::new();
    let mut problems = 0;
    for l in lessons {
        let panels: Vec<_> = l.panels.iter().copied().filter(|p| DRAWABLE.contains(p)).collect();
        if panels.is_empty() {
            writeln!(err, "{}: no plot panels (only {})", l.key.name(), l.panels.iter().map(|p| p.name()).collect::<Vec<_>>().join(", ")).map_err(failed)?;
            continue;
        }
        let folder = dir.join(l.key.name());
        std::fs::create_dir_all(&folder).map_err(|e| CliError::Failed(format!("{}: {e}", folder.display())))?;
        let mut scene = Scene::new(strict_settings(&format!("lesson={}", l.key.name()))?, epochs, lang);
        for panel in panels {
            let file = folder.join(format!("{}.{}", panel.name(), if png { "png" } else { "svg" }));
            let path = file.to_string_lossy().into_owned();
            let drawn = scene.prepare(panel).and_then(|()| {
                let figure = if png { Figure::Png(path.clone()) } else { Figure::Svg(path.clone()) };
                write_figure(&figure, scene.size(panel), &PanelFigure { scene: &scene, panel })
            });
            match drawn {
                Ok(()) => {
                    writeln!(out, "{path}").map_err(failed)?;
                    written.push(file);
                }
                Err(CliError::Usage(m) | CliError::Failed(m)) => {
                    problems += 1;
                    writeln!(err, "{}/{}: {m}", l.key.name(), panel.name()).map_err(failed)?;
                }
            }
        }
    }
    if problems > 0 {
        return Err(CliError::Failed(format!("{problems} panel(s) could not be drawn")));
    }
    Ok(written)
}

/// The default learning rate of `descent trajectory`: stable for every optimizer from every
/// function's default start, except plain SGD on Rosenbrock (which needs about 0.002).
pub const TRAJECTORY_DEFAULT_LR: f64 = 0.01;
pub const TRAJECTORY_DEFAULT_STEPS: usize = 100;

/// What `descent trajectory` runs.
#[derive(Clone, Debug, PartialEq)]
pub struct TrajectoryArgs {
    pub function: TestFunction,
    /// One or more optimizers (`--optimizer adam,sgd`), each run from the same start.
    pub optimizers: Vec<OptimizerConfig>,
    pub start: (f64, f64),
    pub steps: usize,
    /// Where to draw the figure, if anywhere.
    pub figure: Option<Figure>,
}

/// A figure file the command line writes.
#[derive(Clone, Debug, PartialEq)]
pub enum Figure {
    Svg(String),
    Png(String),
}

/// `--svg FILE` or `--png FILE` (not both).
fn figure_flag(svg: Option<&str>, png: Option<&str>) -> Result<Option<Figure>, CliError> {
    match (svg, png) {
        (Some(_), Some(_)) => Err(CliError::Usage("give --svg or --png, not both".into())),
        (Some(f), None) if !f.is_empty() => Ok(Some(Figure::Svg(f.to_string()))),
        (None, Some(f)) if !f.is_empty() => Ok(Some(Figure::Png(f.to_string()))),
        (None, None) => Ok(None),
        _ => Err(CliError::Usage("--svg and --png need a file name".into())),
    }
}

/// The flags of `descent trajectory` that take a value.
const TRAJECTORY_VALUE_FLAGS: [&str; 15] = [
    "function", "optimizer", "lr", "steps", "start", "momentum", "beta1", "beta2", "rho", "eps", "weight-decay",
    "condition", "rotation", "svg", "png",
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

    let names: Vec<&str> = get("optimizer").map_or(vec!["sgd"], |v| v.split(',').map(str::trim).collect());
    let mut kinds = Vec::new();
    for name in &names {
        let kind = OptimizerKind::from_name(name).ok_or_else(|| {
            let all: Vec<&str> = OptimizerKind::ALL.iter().map(|k| k.name()).collect();
            usage(format!("--optimizer: unknown optimizer '{name}' (choose {})", all.join("|")))
        })?;
        if kinds.contains(&kind) {
            return Err(usage(format!("--optimizer: {name} is listed twice")));
        }
        kinds.push(kind);
    }
    // One rate for all, or one per optimizer.
    let rates: Vec<f64> = match get("lr") {
        None => vec![TRAJECTORY_DEFAULT_LR; kinds.len()],
        Some(v) => {
            let parsed: Vec<Option<f64>> = v.split(',').map(|x| x.trim().parse::<f64>().ok().filter(|x| x.is_finite())).collect();
            if parsed.iter().any(Option::is_none) {
                return Err(usage(format!("--lr: '{v}' is not a number (or a comma list of numbers)")));
            }
            let parsed: Vec<f64> = parsed.into_iter().flatten().collect();
            if let Some(bad) = parsed.iter().find(|&&x| x <= 0.0) {
                return Err(usage(format!("--lr: {bad} is out of range (must be greater than 0)")));
            }
            match parsed.len() {
                1 => vec![parsed[0]; kinds.len()],
                k if k == kinds.len() => parsed,
                k => return Err(usage(format!("--lr: {k} rates for {} optimizers (give one, or one each)", kinds.len()))),
            }
        }
    };
    // PyTorch's own checks on these hyperparameters.
    let unit = |x: f64| (0.0..1.0).contains(&x);
    let non_negative = |x: f64| x >= 0.0;
    let momentum = ranged("momentum", non_negative, "at least 0")?;
    let beta1 = ranged("beta1", unit, "in [0, 1)")?;
    let beta2 = ranged("beta2", unit, "in [0, 1)")?;
    let rho = ranged("rho", |x| (0.0..=1.0).contains(&x), "in [0, 1]")?;
    let eps = ranged("eps", non_negative, "at least 0")?;
    let weight_decay = ranged("weight-decay", non_negative, "at least 0")?;
    let centered = match get("centered") {
        None => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(v) => return Err(usage(format!("--centered: '{v}' is not true or false"))),
    };
    let optimizers = kinds
        .iter()
        .zip(rates)
        .map(|(&kind, lr)| {
            let mut o = OptimizerConfig::defaults(kind, lr);
            o.momentum = momentum.unwrap_or(o.momentum);
            o.beta1 = beta1.unwrap_or(o.beta1);
            o.beta2 = beta2.unwrap_or(o.beta2);
            o.rho = rho.unwrap_or(o.rho);
            o.eps = eps.unwrap_or(o.eps);
            o.weight_decay = weight_decay.unwrap_or(o.weight_decay);
            o.centered = centered.unwrap_or(o.centered);
            o
        })
        .collect();

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
    let figure = figure_flag(get("svg"), get("png"))?;
    Ok(TrajectoryArgs { function, optimizers, start, steps, figure })
}

/// What `descent surface` runs.
#[derive(Clone, Debug, PartialEq)]
pub struct SurfaceArgs {
    pub hash: String,
    pub epochs: usize,
    pub grid: usize,
    /// `Weights` with `first == second == usize::MAX` means: the two that moved most.
    pub directions: Directions,
    pub figure: Option<Figure>,
    /// The figure: contour (default) or the 3-D view.
    pub view3d: bool,
    pub yaw: f64,
    pub pitch: f64,
}

/// Default view angles of `--view 3d` (radians).
pub const SURFACE_DEFAULT_YAW: f64 = 0.7;
pub const SURFACE_DEFAULT_PITCH: f64 = 0.5;

/// Parses the arguments after `surface`: the hash, then `--flag value` or `--flag=value`.
pub fn parse_surface(args: &[String]) -> Result<SurfaceArgs, CliError> {
    let usage = |m: String| CliError::Usage(m);
    const FLAGS: [&str; 10] = ["epochs", "grid", "directions", "seed", "weights", "svg", "png", "view", "yaw", "pitch"];
    let mut hash = None;
    let mut given: Vec<(String, String)> = Vec::new();
    let mut rest = args.iter();
    while let Some(a) = rest.next() {
        let Some(flag) = a.strip_prefix("--") else {
            if hash.is_some() {
                return Err(usage(format!("surface: unexpected argument '{a}'")));
            }
            hash = Some(a.clone());
            continue;
        };
        let (name, value) = match flag.split_once('=') {
            Some((n, v)) => (n.to_string(), v.to_string()),
            None => (flag.to_string(), rest.next().cloned().ok_or_else(|| usage(format!("--{flag} needs a value")))?),
        };
        if !FLAGS.contains(&name.as_str()) {
            return Err(usage(format!("surface: unknown flag --{name}")));
        }
        if given.iter().any(|(n, _)| *n == name) {
            return Err(usage(format!("--{name} is given twice")));
        }
        given.push((name, value));
    }
    let get = |name: &str| given.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
    let whole = |name: &str, default: usize| -> Result<usize, CliError> {
        get(name).map_or(Ok(default), |v| v.trim().parse().map_err(|_| usage(format!("--{name}: '{v}' is not a whole number"))))
    };
    let angle = |name: &str, default: f64| -> Result<f64, CliError> {
        match get(name) {
            None => Ok(default),
            Some(v) => v.trim().parse::<f64>().ok().filter(|x| x.is_finite()).ok_or_else(|| usage(format!("--{name}: '{v}' is not a number"))),
        }
    };
    let epochs = whole("epochs", 200)?;
    let grid = whole("grid", DEFAULT_GRID)?;
    if !(MIN_GRID..=MAX_GRID).contains(&grid) {
        return Err(usage(format!("--grid: {grid} is out of range (must be {MIN_GRID} to {MAX_GRID})")));
    }
    let hash = hash.unwrap_or_default();
    let seed = match get("seed") {
        Some(v) => v.trim().parse().map_err(|_| usage(format!("--seed: '{v}' is not a whole number")))?,
        None => strict_settings(&hash)?.train_config().seed,
    };
    let directions = match get("directions").unwrap_or("pca") {
        "pca" => Directions::Pca,
        "random" => Directions::Random { seed },
        "weights" => match get("weights") {
            None => Directions::Weights { first: usize::MAX, second: usize::MAX },
            Some(v) => {
                let bad = || usage(format!("--weights: '{v}' is not two parameter indices I,J"));
                let (a, b) = v.split_once(',').ok_or_else(bad)?;
                let (a, b) = (a.trim().parse().map_err(|_| bad())?, b.trim().parse().map_err(|_| bad())?);
                Directions::Weights { first: a, second: b }
            }
        },
        other => return Err(usage(format!("--directions: '{other}' is not pca, random or weights"))),
    };
    if get("weights").is_some() && !matches!(directions, Directions::Weights { .. }) {
        return Err(usage("--weights applies only to --directions weights".into()));
    }
    if get("seed").is_some() && !matches!(directions, Directions::Random { .. }) {
        return Err(usage("--seed applies only to --directions random".into()));
    }
    let view3d = match get("view").unwrap_or("contour") {
        "contour" => false,
        "3d" => true,
        other => return Err(usage(format!("--view: '{other}' is not contour or 3d"))),
    };
    Ok(SurfaceArgs {
        hash,
        epochs,
        grid,
        directions,
        figure: figure_flag(get("svg"), get("png"))?,
        view3d,
        yaw: angle("yaw", SURFACE_DEFAULT_YAW)?,
        pitch: angle("pitch", SURFACE_DEFAULT_PITCH)?,
    })
}

/// An f32 as JSON with its shortest decimal form (not the f64 widening's 17 digits); null if
/// not finite.
fn short(v: f32) -> serde_json::Value {
    v.to_string().parse::<f64>().ok().filter(|x| x.is_finite()).map_or(serde_json::Value::Null, serde_json::Value::from)
}

/// Trains as the page would, recording θ before training and after each epoch; computes the
/// surface; prints it as one JSON object (and draws the figure if asked).
pub fn run_surface(a: &SurfaceArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let settings = strict_settings(&a.hash)?;
    let mut t = Trainer::new(settings.train_config()).map_err(refused)?;
    let mut traj = Trajectory::default();
    traj.record_trainer(&t).map_err(failed)?;
    for _ in 0..a.epochs {
        let s = t.train_epoch().map_err(failed)?;
        if !s.is_finite() {
            return Err(CliError::Failed(format!("training diverged at epoch {}", s.epoch)));
        }
        traj.record_trainer(&t).map_err(failed)?;
    }
    let directions = match a.directions {
        Directions::Weights { first: usize::MAX, .. } => {
            let theta = flatten(t.model()).map_err(failed)?;
            match traj.most_moved(&theta, 2)[..] {
                [first, second] => Directions::Weights { first, second },
                _ => return Err(CliError::Failed("the network has fewer than two parameters".into())),
            }
        }
        d => d,
    };
    let job = SurfaceJob::for_trainer(&t, &traj, directions, a.grid).map_err(refused)?;
    // The MLP's layout names its weights; other families' parameters go by index.
    let layout = job.layout().clone();
    let started = std::time::Instant::now();
    let s = job.finish();
    let grid_ms = started.elapsed().as_secs_f64() * 1e3;
    let n = s.grid.n;
    let list = |v: &mut dyn Iterator<Item = f32>| serde_json::Value::Array(v.map(short).collect());
    let mut json = serde_json::json!({
        "directions": directions.name(),
        "epochs": t.epoch(),
        "n": n,
        "alpha": list(&mut (0..n).map(|c| s.grid.alpha_at(c))),
        "beta": list(&mut (0..n).map(|r| s.grid.beta_at(r))),
        "loss": s.values.chunks(n).map(|row| list(&mut row.iter().copied())).collect::<Vec<_>>(),
        "origin_loss": short(s.origin_loss),
        "train_loss": short(t.evaluate().map_err(failed)?.train_loss),
        "path": s.path.iter().map(|&(x, y)| list(&mut [x, y].into_iter())).collect::<Vec<_>>(),
        "path_epochs": s.path_epochs,
        "path_loss": list(&mut s.path_loss.iter().copied()),
        "grid_ms": (grid_ms * 1000.0).round() / 1000.0,
        "examples": [s.examples.0, s.examples.1],
    });
    if let (Some(obj), Some(ex)) = (json.as_object_mut(), s.explained) {
        obj.insert("explained_variance".into(), serde_json::json!(ex));
    }
    if let (Some(obj), Directions::Weights { first, second }) = (json.as_object_mut(), directions) {
        obj.insert("weights".into(), serde_json::json!([first, second]));
    }
    writeln!(out, "{json}").map_err(failed)?;
    if let Some(fig) = &a.figure {
        let (x, y) = crate::plot::surface_axis_labels(&s, Some(&layout).filter(|l| !l.is_empty()), Lang::En);
        let figure = SurfaceFigure { surface: &s, axes: (&x, &y), view3d: a.view3d, yaw: a.yaw, pitch: a.pitch };
        write_figure(fig, (640, 540), &figure)?;
    }
    Ok(())
}

/// A figure the command line can draw, on any backend.
pub trait Drawing {
    fn draw<DB: plotters::prelude::DrawingBackend>(&self, root: &crate::plot::Area<DB>) -> crate::plot::DrawResult<DB>;
}

/// The loss surface: contour map, or the 3-D view.
pub struct SurfaceFigure<'a> {
    pub surface: &'a crate::engine::surface::Surface,
    pub axes: (&'a str, &'a str),
    pub view3d: bool,
    pub yaw: f64,
    pub pitch: f64,
}

impl Drawing for SurfaceFigure<'_> {
    fn draw<DB: plotters::prelude::DrawingBackend>(&self, root: &crate::plot::Area<DB>) -> crate::plot::DrawResult<DB> {
        if self.view3d {
            crate::plot::draw_surface_3d(root, self.surface, self.yaw, self.pitch, self.axes, Lang::En)
        } else {
            crate::plot::draw_surface_contour(root, self.surface, self.axes, Lang::En)
        }
    }
}

/// Images in a grid (`descent augment --png`): the original first, framed.
pub struct ImageGrid<'a> {
    pub images: &'a [Vec<u8>],
    pub shape: (usize, usize),
    pub cols: usize,
}

impl Drawing for ImageGrid<'_> {
    fn draw<DB: plotters::prelude::DrawingBackend>(&self, root: &crate::plot::Area<DB>) -> crate::plot::DrawResult<DB> {
        crate::plot::images::draw_image_grid(root, self.images, self.shape, self.cols, None)
    }
}

/// Function mode: a test function with optimizer paths.
pub struct FunctionFigure<'a> {
    pub function: &'a TestFunction,
    pub runs: &'a [(String, Vec<(f64, f64)>)],
}

impl Drawing for FunctionFigure<'_> {
    fn draw<DB: plotters::prelude::DrawingBackend>(&self, root: &crate::plot::Area<DB>) -> crate::plot::DrawResult<DB> {
        crate::plot::draw_function(root, self.function, self.runs, Lang::En)
    }
}

/// Draws `d` into an SVG or PNG file of `size` pixels.
pub fn write_figure(fig: &Figure, size: (u32, u32), d: &impl Drawing) -> Result<(), CliError> {
    use plotters::prelude::*;
    match fig {
        Figure::Svg(path) => {
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
                d.draw(&root).map_err(failed)?;
                root.present().map_err(failed)?;
            }
            std::fs::write(path, svg).map_err(|e| CliError::Failed(format!("{path}: {e}")))
        }
        Figure::Png(path) => write_png(path, size, d),
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn write_png(path: &str, size: (u32, u32), d: &impl Drawing) -> Result<(), CliError> {
    use plotters::prelude::*;
    let (w, h) = size;
    let mut rgb = vec![0u8; w as usize * h as usize * 3];
    {
        // Persian text shaped and ordered for the bitmap (see `render::visual`).
        let root = crate::render::VisualText(BitMapBackend::with_buffer(&mut rgb, size)).into_drawing_area();
        d.draw(&root).map_err(failed)?;
        root.present().map_err(failed)?;
    }
    let file = std::fs::File::create(path).map_err(|e| CliError::Failed(format!("{path}: {e}")))?;
    let mut enc = png::Encoder::new(std::io::BufWriter::new(file), w, h);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    let mut writer = enc.write_header().map_err(|e| CliError::Failed(format!("{path}: {e}")))?;
    writer.write_image_data(&rgb).map_err(|e| CliError::Failed(format!("{path}: {e}")))?;
    writer.finish().map_err(|e| CliError::Failed(format!("{path}: {e}")))
}

#[cfg(target_arch = "wasm32")]
fn write_png(_: &str, _: (u32, u32), _: &impl Drawing) -> Result<(), CliError> {
    Err(CliError::Failed("PNG files are written by the native command line only".into()))
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

    /// `descent lessons` lists every lesson; `descent claim` runs one lesson's trials and says
    /// whether the claim holds (the surface lesson: the loss after 1 and after 100 epochs).
    #[test]
    fn lessons_are_listed_and_a_claim_is_checked() {
        let out = run_str(&["lessons"]).unwrap();
        let lines: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), crate::lessons::LESSONS.len());
        assert_eq!((lines[4]["slide"].as_u64(), lines[4]["lesson"].as_str()), (Some(5), Some("standardize")));
        let out = run_str(&["claim", "surface"]).unwrap();
        let lines: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0]["trial"], "after 1 epoch");
        assert!(lines[1]["figure"]["Value"].as_f64().unwrap() < lines[0]["figure"]["Value"].as_f64().unwrap());
        assert_eq!(lines[2]["holds"], true);
        for bad in [vec!["claim"], vec!["claim", "nope"], vec!["claim", "backprop"]] {
            assert!(matches!(run_str(&bad), Err(CliError::Usage(_))), "{bad:?}");
        }
    }

    /// `descent backprop` on Mazur's worked example (numbers in `engine::backprop`'s tests):
    /// one JSON line a step, the loss before each update, the weights file's layout.
    #[test]
    fn backprop_prints_every_number_of_each_step() {
        let path = std::env::temp_dir().join(format!("descent-backprop-{}.json", std::process::id()));
        std::fs::write(&path, r#"{"layers":[{"w":[[0.15,0.20],[0.25,0.30]],"b":[0.35,0.35]},{"w":[[0.40,0.45],[0.50,0.55]],"b":[0.60,0.60]}]}"#).unwrap();
        let file = path.to_str().unwrap();
        let out = run_str(&["backprop", "loss=mse_half&update_bias=0", "--weights", file, "--input", "0.05,0.10", "--target", "0.01,0.99", "--steps", "2"]).unwrap();
        let lines: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 2);
        let close = |v: &serde_json::Value, want: f64| assert!((v.as_f64().unwrap() - want).abs() < 1e-8, "{v} vs {want}");
        close(&lines[0]["loss"], 0.298371109);
        close(&lines[0]["forward"][1]["a"][0], 0.75136507);
        close(&lines[0]["grads"]["layers"][1]["w"][0][0], 0.082167041);
        close(&lines[0]["updated"]["layers"][1]["w"][0][0], 0.35891648);
        close(&lines[0]["backward"][1]["fprime"][0], 0.186815602);
        // The second step starts from the first's update, with a lower loss.
        assert_eq!(lines[1]["step"], 2);
        assert!(lines[1]["loss"].as_f64().unwrap() < 0.298371109);
        // Refusals are bad input (exit 2) in words.
        for bad in [
            vec!["backprop", "loss=ce&out_act=tanh", "--input", "1,2", "--target", "1"],
            vec!["backprop", "zzz=1", "--input", "1", "--target", "1"],
            vec!["backprop", "layers=c2k3", "--input", "1", "--target", "1"],
            vec!["backprop", "", "--weights", file, "--input", "1,2,3", "--target", "1"],
            vec!["backprop", "", "--input", "1,x", "--target", "1"],
        ] {
            assert!(matches!(run_str(&bad), Err(CliError::Usage(_))), "{bad:?}");
        }
        let _ = std::fs::remove_file(&path);
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
        // --epochs 0 prints the initial weights' evaluation only.
        let zero = run_str(&["train", "--epochs=0"]).unwrap();
        assert!(zero.lines().count() == 1 && zero.starts_with("{\"epoch\":0,"), "{zero}");
    }

    fn parse(args: &[&str]) -> Result<TrajectoryArgs, CliError> {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        parse_trajectory(&args)
    }

    fn json_lines(out: &str) -> Vec<serde_json::Value> {
        out.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    }

    #[test]
    fn grow_and_search_print_every_network_and_the_chosen_one() {
        let out = run_str(&["grow", "dataset=xor&points=200&seed=1", "--budget", "5", "--patience", "1"]).unwrap();
        let lines = json_lines(&out);
        let (tried, last) = lines.split_at(lines.len() - 1);
        assert!(tried.len() >= 3);
        assert_eq!(tried[0]["layers"], "d1", "growth starts from one neuron");
        assert!(tried.iter().all(|l| l["params"].as_u64().unwrap() > 0 && l["val_acc"].is_number() && l["hash"].as_str().unwrap().contains("layers=")));
        let chosen = &last[0]["chosen"];
        let best = tried.iter().map(|l| l["val_acc"].as_f64().unwrap()).fold(0.0, f64::max);
        assert_eq!(chosen["val_acc"].as_f64().unwrap(), best);
        // The chosen network's link reproduces its settings.
        let (s, problems) = Settings::from_hash(chosen["hash"].as_str().unwrap());
        assert!(problems.is_empty());
        assert_eq!(s.run.layers.to_string(), chosen["layers"].as_str().unwrap());

        let out = run_str(&["search", "dataset=xor&points=200&seed=1", "--trials", "3", "--budget", "5", "--max-width", "4", "--acts", "relu"]).unwrap();
        let lines = json_lines(&out);
        assert_eq!(lines.len(), 4);
        assert!(lines[..3].iter().all(|l| l["act"] == "relu" && l["layers"].as_str().unwrap().split(',').all(|t| t[1..].parse::<u32>().unwrap() <= 4)));
        for (args, needle) in [
            (vec!["grow", "", "--patience", "0"], "--patience"),
            (vec!["search", "", "--acts", "banana"], "--acts"),
            (vec!["search", "", "--trials", "500"], "--trials"),
            (vec!["grow", "", "--trials", "5"], "--trials"),
        ] {
            match run_str(&args) {
                Err(CliError::Usage(m)) => assert!(m.contains(needle), "{args:?}: {m}"),
                r => panic!("{args:?}: {r:?}"),
            }
        }
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
                optimizers: vec![want],
                start: (-1.5, 2.0),
                steps: 7,
                figure: None,
            }
        );
        assert!(!parse(&["--function", "bowl", "--centered=false"]).unwrap().optimizers[0].centered);
    }

    #[test]
    fn trajectory_defaults_come_from_the_optimizer_and_the_function() {
        for kind in OptimizerKind::ALL {
            let t = parse(&["--function", "rastrigin", "--optimizer", kind.name()]).unwrap();
            assert_eq!(t.optimizers, vec![OptimizerConfig::defaults(kind, TRAJECTORY_DEFAULT_LR)]);
            assert_eq!(t.start, TestFunction::Rastrigin.default_start());
            assert_eq!(t.steps, TRAJECTORY_DEFAULT_STEPS);
        }
        let t = parse(&["--function", "bowl"]).unwrap();
        assert_eq!(t.function, TestFunction::Bowl { condition: 10.0, rotation_deg: 30.0 });
        assert_eq!(t.optimizers[0].kind, OptimizerKind::Sgd);
        // Only the given hyperparameter changes.
        let t = parse(&["--function", "beale", "--optimizer", "momentum", "--momentum", "0.5"]).unwrap();
        assert_eq!(t.optimizers, vec![OptimizerConfig { momentum: 0.5, ..OptimizerConfig::defaults(OptimizerKind::Momentum, 0.01) }]);
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
        usage_naming(&["--function", "bowl", "--optimizer", "adam,adam"], "--optimizer");
        usage_naming(&["--function", "bowl", "--optimizer", "adam,sgd", "--lr", "0.1,0.2,0.3"], "--lr");
        usage_naming(&["--function", "bowl", "--lr", "0.1,x"], "--lr");
        usage_naming(&["--function", "bowl", "--svg", "a.svg", "--png", "b.png"], "--svg");
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

    /// A file name in a fresh temporary folder; the folder goes when the guard drops.
    struct TempDir(std::path::PathBuf);
    impl TempDir {
        fn new(test: &str) -> TempDir {
            let dir = std::env::temp_dir().join(format!("descent-cli-{}-{test}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            TempDir(dir)
        }
        fn file(&self, name: &str) -> String {
            self.0.join(name).to_string_lossy().into_owned()
        }
    }
    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn trajectory_compares_several_optimizers_and_draws_them() {
        let dir = TempDir::new("trajectory");
        let svg = dir.file("rosenbrock.svg");
        let out = run_str(&[
            "trajectory", "--function", "rosenbrock", "--optimizer", "adam,momentum", "--lr", "0.05,0.001", "--steps", "20",
            "--svg", &svg,
        ])
        .unwrap();
        let lines = json_lines(&out);
        assert_eq!(lines.len(), 42);
        assert_eq!((lines[0]["optimizer"].as_str(), lines[21]["optimizer"].as_str()), (Some("adam"), Some("momentum")));
        assert_eq!(lines[0]["step"], 0);
        // The same numbers as the single runs.
        let single = json_lines(&run_str(&["trajectory", "--function", "rosenbrock", "--optimizer", "momentum", "--lr", "0.001", "--steps", "20"]).unwrap());
        assert_eq!(lines[41]["x"], single[20]["x"]);
        assert!(single[0].get("optimizer").is_none());
        let drawn = std::fs::read_to_string(&svg).unwrap();
        assert!(drawn.contains("Adam") && drawn.contains("SGD + momentum"), "legend");
        let png = dir.file("rosenbrock.png");
        run_str(&["trajectory", "--function", "beale", "--steps", "5", "--png", &png]).unwrap();
        let bytes = std::fs::read(&png).unwrap();
        assert_eq!(&bytes[1..4], b"PNG");
    }

    #[test]
    fn surface_prints_the_grid_and_the_path_and_draws_them() {
        let dir = TempDir::new("surface");
        let svg = dir.file("surface.svg");
        let out = run_str(&["surface", "dataset=xor&hidden=4&lr=0.1", "--epochs", "15", "--grid", "9", "--directions", "pca", "--svg", &svg]).unwrap();
        let lines = json_lines(&out);
        assert_eq!(lines.len(), 1);
        let j = &lines[0];
        assert_eq!(j["directions"], "pca");
        assert_eq!(j["alpha"].as_array().unwrap().len(), 9);
        assert_eq!(j["loss"].as_array().unwrap().len(), 9);
        assert!(j["loss"][4].as_array().unwrap().iter().all(|v| v.is_number()));
        // Centre node = the current θ = the training loss.
        let (centre, train) = (j["loss"][4][4].as_f64().unwrap(), j["train_loss"].as_f64().unwrap());
        assert!((centre - train).abs() < 1e-5 * train, "{centre} vs {train}");
        assert_eq!(j["path"].as_array().unwrap().len(), 17);
        assert_eq!(j["path"][16], serde_json::json!([0.0, 0.0]));
        assert_eq!(j["path_epochs"][16], 15);
        let ex = j["explained_variance"].as_array().unwrap();
        assert!(ex[0].as_f64().unwrap() >= ex[1].as_f64().unwrap());
        assert!(j["grid_ms"].as_f64().unwrap() >= 0.0);
        let drawn = std::fs::read_to_string(&svg).unwrap();
        assert!(drawn.contains("PC1") && drawn.matches("<rect").count() >= 81);

        let png = dir.file("surface.png");
        let out = run_str(&["surface", "dataset=circle&hidden=3", "--epochs=3", "--grid=5", "--directions=weights", "--png", &png, "--view", "3d"]).unwrap();
        let j = &json_lines(&out)[0];
        assert_eq!(j["weights"].as_array().unwrap().len(), 2);
        assert!(j.get("explained_variance").is_none());
        let bytes = std::fs::read(&png).unwrap();
        assert_eq!(&bytes[1..4], b"PNG");
        let out = run_str(&["surface", "dataset=plane&hidden=", "--epochs", "2", "--grid", "3", "--directions", "random", "--seed", "5"]).unwrap();
        assert_eq!(json_lines(&out)[0]["directions"], "random");
    }

    #[test]
    fn surface_bad_flags_are_usage_errors() {
        for (args, needle) in [
            (vec!["surface", "", "--grid", "82"], "--grid"),
            (vec!["surface", "", "--grid", "x"], "--grid"),
            (vec!["surface", "", "--directions", "up"], "--directions"),
            (vec!["surface", "", "--weights", "1"], "--weights"),
            (vec!["surface", "", "--directions", "weights", "--weights", "1;2"], "--weights"),
            (vec!["surface", "", "--seed", "3"], "--seed"),
            (vec!["surface", "", "--view", "side"], "--view"),
            (vec!["surface", "", "--fast", "1"], "--fast"),
            (vec!["surface", "", "--epochs"], "--epochs"),
            (vec!["surface", "lr=banana"], "lr=banana"),
            (vec!["surface", "", "extra"], "extra"),
        ] {
            match run_str(&args) {
                Err(CliError::Usage(m)) => assert!(m.contains(needle), "{args:?}: '{m}'"),
                other => panic!("{args:?}: expected a usage error, got {other:?}"),
            }
        }
        // Weights out of range: the engine refuses (not a usage error).
        assert!(matches!(
            run_str(&["surface", "hidden=2", "--epochs", "1", "--grid", "3", "--directions", "weights", "--weights", "0,999"]),
            Err(CliError::Failed(_))
        ));
    }

    /// `--stage` walks the image pipeline: raw → corrupted (lighting changes pixels, not
    /// labels) → prepared (global equalization as scikit-image's `equalize_hist`, checked in
    /// `imageprep`; here: each prepared image's values are its corrupted values' equalized
    /// ones, and the largest is 1).
    /// Sequences: one row per sequence, `t0,…,tN,target,split` (two features per step: t0_0,
    /// t0_1, …); a sequence model trains from the command line.
    #[test]
    fn data_prints_sequences_and_train_takes_recurrent_layers() {
        let out = run_str(&["data", "dataset=adding&points=20&seq_len=4&split=50"]).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "t0_0,t0_1,t1_0,t1_1,t2_0,t2_1,t3_0,t3_1,target,split");
        assert_eq!(lines.len(), 21);
        assert_eq!(lines.iter().filter(|l| l.ends_with(",train")).count(), 10);
        // Two marked steps per row, and the target is their sum.
        let v: Vec<f32> = lines[1].split(',').take(9).map(|x| x.parse().unwrap()).collect();
        let marked: f32 = (0..4).filter(|t| v[2 * t + 1] == 1.0).map(|t| v[2 * t]).sum();
        assert!((marked - v[8]).abs() < 1e-4, "{}", lines[1]);
        let out = run_str(&["data", "dataset=sines&points=30&window=5"]).unwrap();
        assert!(out.starts_with("t0,t1,t2,t3,t4,target,split\n"), "{out}");
        let out = run_str(&["train", "dataset=sines&points=60&window=5&layers=gru4&opt=adam&lr=0.01", "--epochs", "2"]).unwrap();
        assert_eq!(out.lines().count(), 2, "one line an epoch: {out}");
        let r = run_str(&["train", "dataset=sines&layers=gru4", "--epochs", "1", "--nope"]);
        assert!(matches!(r, Err(CliError::Usage(_))));
        let r = run_str(&["train", "dataset=circle&layers=gru4", "--epochs", "1"]);
        assert!(matches!(&r, Err(CliError::Usage(m)) if m.starts_with("Layer 1 needs a sequence")), "{r:?}");
    }

    #[test]
    fn image_data_stages_and_augment_output() {
        let hash = "dataset=digits&points=30&lighting=1&contrast=0.5&equalize=global";
        let rows = |stage: &str| -> Vec<Vec<f32>> {
            let out = run_str(&["data", hash, "--stage", stage]).unwrap();
            out.lines().skip(1).map(|l| l.split(',').take(64).map(|v| v.parse().unwrap()).collect()).collect()
        };
        let (raw, corrupted, prepared) = (rows("raw"), rows("corrupted"), rows("prepared"));
        assert_eq!((raw.len(), corrupted.len(), prepared.len()), (30, 30, 30));
        assert_ne!(raw, corrupted, "lighting changes the pixels");
        for (c, p) in corrupted.iter().zip(&prepared) {
            let mut want = c.clone();
            crate::engine::imageprep::equalize_hist(&mut want);
            assert!(want.iter().zip(p).all(|(a, b)| (a - b).abs() < 1e-4), "{want:?} vs {p:?}");
            assert!((p.iter().cloned().fold(0.0, f32::max) - 1.0).abs() < 1e-6);
        }
        assert!(matches!(run_str(&["data", hash, "--stage", "cooked"]), Err(CliError::Usage(_))));
        assert!(matches!(run_str(&["data", "dataset=circle", "--stage", "raw"]), Err(CliError::Usage(_))));

        let aug = "dataset=digits&points=30&aug_rotate=20&aug_shift=0.1";
        let out = run_str(&["augment", aug, "--index", "3", "--count", "5"]).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[0].ends_with("p63,label,version"), "{}", lines[0]);
        assert_eq!(lines.len(), 6);
        assert!(lines[5].ends_with(",5"));
        // The same request gives the same versions; no augmentation gives the image itself.
        assert_eq!(run_str(&["augment", aug, "--index", "3", "--count", "5"]).unwrap(), out);
        let same = run_str(&["augment", "dataset=digits&points=30", "--index", "3", "--count", "2"]).unwrap();
        let first: Vec<&str> = same.lines().nth(1).unwrap().rsplitn(3, ',').collect();
        let image = run_str(&["data", "dataset=digits&points=30", "--stage", "raw"]).unwrap();
        let want: Vec<&str> = image.lines().nth(4).unwrap().rsplitn(3, ',').collect();
        assert_eq!(first[2], want[2], "version 1 without augmentation is training image 3");
        assert!(matches!(run_str(&["augment", aug, "--index", "99"]), Err(CliError::Usage(_))));
        assert!(matches!(run_str(&["augment", "dataset=xor"]), Err(CliError::Usage(_))));

        let dir = std::env::temp_dir().join(format!("descent-augment-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let png = dir.join("aug.png");
        run_str(&["augment", aug, "--png", png.to_str().unwrap()]).unwrap();
        let bytes = std::fs::read(&png).unwrap();
        assert_eq!(&bytes[1..4], b"PNG");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn images_train_print_as_csv_and_weights_save_and_load() {
        // data: 64 pixels, label, split; 40 digits at split 50 → 20 + 20 rows.
        let out = run_str(&["data", "dataset=digits&points=40&scaling=minmax"]).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[0].starts_with("p0,p1,") && lines[0].ends_with("p63,label,split"), "{}", lines[0]);
        assert_eq!(lines.len(), 41);
        assert_eq!(lines[1].split(',').count(), 66);
        assert!(lines.iter().skip(1).all(|l| l.ends_with(",train") || l.ends_with(",test")));

        let dir = std::env::temp_dir().join(format!("descent-weights-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("w.safetensors");
        let file = file.to_str().unwrap();
        let hash = "dataset=digits&points=200&layers=c4k3,mp2,d8&bn=1&seed=3";
        // --epochs 0: one line, the initial weights' evaluation, and those weights saved.
        let initial = run_str(&["train", hash, "--epochs", "0", "--save-weights", file]).unwrap();
        assert_eq!(initial.lines().count(), 1);
        assert!(initial.contains("\"epoch\":0"), "{initial}");
        // Another initialization (same data) starts elsewhere, but from the file it starts there.
        let other = format!("{hash}&init=uniform");
        let elsewhere = run_str(&["train", &other, "--epochs", "0"]).unwrap();
        let loaded = run_str(&["train", &other, "--epochs", "0", "--load-weights", file]).unwrap();
        assert_eq!(loaded, initial);
        assert_ne!(elsewhere, initial);
        // A file for another network is refused (exit 2), not a panic.
        let bad = run_str(&["train", "dataset=digits&points=200&layers=c5k3,mp2,d8", "--epochs", "0", "--load-weights", file]);
        assert!(matches!(bad, Err(CliError::Usage(m)) if m.contains("layers.0.weight")), "refused");
        std::fs::remove_dir_all(&dir).ok();
    }

    /// Transfer learning on the command line: the shipped files load with --load-weights,
    /// `transfer` prints three curves, `pretrain` writes the shipped bytes and card.
    #[test]
    fn transfer_pretrain_and_the_shipped_files() {
        let root = env!("CARGO_MANIFEST_DIR");
        let target = "dataset=shapes_new&image_size=8&points=200&train_n=20&seed=1";
        // A pretrained run's epoch 0 is the same as loading the shipped file into the same
        // network with its head from the seed (`head=keep` here, so both load every tensor).
        let pretrained = run_str(&["train", &format!("{target}&pretrained=shapes&head=keep"), "--epochs", "0"]).unwrap();
        let file = format!("{root}/assets/models/shapes.safetensors");
        let loaded = run_str(&["train", &format!("{target}&layers={}&act=relu&init=he", crate::models::LAYERS), "--epochs", "0", "--load-weights", &file]).unwrap();
        assert_eq!(pretrained, loaded);
        let out = run_str(&["transfer", &format!("{target}&pretrained=shapes"), "--epochs", "2"]).unwrap();
        let runs: Vec<String> = out.lines().map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["run"].as_str().unwrap().to_string()).collect();
        assert_eq!(runs, ["scratch", "scratch", "scratch", "frozen", "frozen", "frozen", "fine_tuned", "fine_tuned", "fine_tuned"]);
        let bad = run_str(&["transfer", "dataset=shapes_new&image_size=16&pretrained=shapes", "--epochs", "2"]);
        assert!(matches!(bad, Err(CliError::Usage(m)) if m.contains("layers must be the pretrained model's")), "refused in words");
        let dir = std::env::temp_dir().join(format!("descent-models-{}", std::process::id()));
        let out = run_str(&["pretrain", "--out", dir.to_str().unwrap(), "--model", "digits04"]).unwrap();
        assert_eq!(out.lines().count(), 1);
        assert_eq!(std::fs::read(dir.join("digits04.safetensors")).unwrap(), std::fs::read(format!("{root}/assets/models/digits04.safetensors")).unwrap());
        assert_eq!(std::fs::read_to_string(dir.join("digits04.json")).unwrap(), std::fs::read_to_string(format!("{root}/assets/models/digits04.json")).unwrap());
        assert!(matches!(run_str(&["pretrain"]), Err(CliError::Usage(_))));
        std::fs::remove_dir_all(&dir).ok();
    }

    /// The loss surface of a CNN: Candle's evaluator over the first 256 training images, its
    /// centre the training loss over those images.
    #[test]
    fn a_cnn_has_a_loss_surface_over_a_stated_subset() {
        let hash = "dataset=digits&points=1000&layers=c4k3,mp2,d8&act=relu&opt=adam&lr=0.01&batch=32&seed=1";
        let out = run_str(&["surface", hash, "--epochs", "2", "--grid", "5", "--directions", "random"]).unwrap();
        let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
        assert_eq!(v["examples"], serde_json::json!([256, 500]));
        let loss: Vec<f64> = v["loss"].as_array().unwrap().iter().flat_map(|r| r.as_array().unwrap().iter().map(|x| x.as_f64().unwrap())).collect();
        assert_eq!(loss.len(), 25);
        assert!(loss.iter().all(|l| l.is_finite() && *l > 0.0));
        // The centre is the current weights: the loss over those 256 images, recomputed here.
        let settings = Settings::from_hash(hash).0;
        let mut t = Trainer::new(settings.train_config()).unwrap();
        t.train_epoch().unwrap();
        t.train_epoch().unwrap();
        let z = t.logits(&t.x_train().narrow(0, 0, 256).unwrap()).unwrap();
        let want = crate::engine::loss::loss(t.config().loss, t.config().task(), &z, &t.y_train().narrow(0, 0, 256).unwrap()).unwrap().to_scalar::<f32>().unwrap();
        assert!((v["origin_loss"].as_f64().unwrap() - want as f64).abs() < 1e-4, "{} vs {want}", v["origin_loss"]);
        assert!((loss[12] - want as f64).abs() < 1e-4, "grid centre {} vs {want}", loss[12]);
    }

    /// `descent render`: a panel to SVG (its path printed), a PNG of the asked size, and
    /// every bad input a usage error, never a panic.
    #[test]
    fn render_draws_a_panel_to_svg_or_png() {
        let dir = TempDir::new("render");
        let svg = dir.file("b.svg");
        let hash = "dataset=spiral&points=100&layers=d8,d8";
        let out = run_str(&["render", hash, "--panel", "boundary", "--svg", &svg, "--epochs", "5"]).unwrap();
        assert_eq!(out.trim(), svg);
        let drawn = std::fs::read_to_string(&svg).unwrap();
        assert!(drawn.contains("width=\"360\"") && drawn.matches("<circle").count() >= 100);
        let png = dir.file("loss.png");
        run_str(&["render", hash, "--panel=loss", "--png", &png, "--width", "500", "--height=300", "--epochs", "3", "--lang", "fa"]).unwrap();
        let decoder = png::Decoder::new(std::fs::File::open(&png).unwrap());
        let mut reader = decoder.read_info().unwrap();
        assert_eq!((reader.info().width, reader.info().height), (500, 300));
        let mut buf = vec![0; reader.output_buffer_size()];
        let frame = reader.next_frame(&mut buf).unwrap();
        assert!(buf[..frame.buffer_size()].iter().any(|&b| b < 128), "something is drawn");
        // The hash's language is the default.
        let fa = dir.file("fa.svg");
        run_str(&["render", "dataset=circle&points=50&lang=fa", "--panel", "loss", "--svg", &fa, "--epochs", "2"]).unwrap();
        assert!(std::fs::read_to_string(&fa).unwrap().contains(Lang::Fa.t(crate::i18n::T::EpochAxis)));

        for (args, needle) in [
            (vec!["render", hash, "--svg", &svg], "--panel"),
            (vec!["render", hash, "--panel", "boundry", "--svg", &svg], "boundry"),
            (vec!["render", hash, "--panel", "data", "--svg", &svg], "controls"),
            (vec!["render", hash, "--panel", "boundary"], "--svg"),
            (vec!["render", hash, "--panel", "boundary", "--svg"], "--svg"),
            (vec!["render", hash, "--panel", "boundary", "--svg", &svg, "--png", &png], "--svg"),
            (vec!["render", "lr=banana", "--panel", "boundary", "--svg", &svg], "lr=banana"),
            (vec!["render", hash, "--panel", "boundary", "--svg", &svg, "--width", "5"], "--width"),
            (vec!["render", hash, "--panel", "boundary", "--svg", &svg, "--height", "x"], "--height"),
            (vec!["render", hash, "--panel", "boundary", "--svg", &svg, "--lang", "de"], "--lang"),
            (vec!["render", hash, "--panel", "boundary", "--svg", &svg, "--epochs", "-1"], "--epochs"),
            (vec!["render", hash, "--panel", "prep", "--svg", &svg], "images"),
            (vec!["render", "dataset=digits", "--panel", "histograms", "--svg", &svg], "points"),
            (vec!["render", "dataset=circle&layers=c4k3", "--panel", "loss", "--svg", &svg], "images"),
            (vec!["render", hash, "--panel", "boundary", "--svg", &svg, "--fast"], "--fast"),
        ] {
            match run_str(&args) {
                Err(CliError::Usage(m)) => assert!(m.contains(needle), "{args:?}: '{m}'"),
                other => panic!("{args:?}: expected a usage error, got {other:?}"),
            }
        }
    }

    /// `descent lessons --out DIR`: each lesson's plot panels in its folder, one line per
    /// file; a lesson without plots is noted on stderr; bad flags are usage errors.
    #[test]
    fn lessons_out_renders_each_lessons_panels() {
        let dir = TempDir::new("lessons");
        let (out, err) = run_both(&["lessons", "--out", &dir.file("slides"), "--lesson", "overview,optimizers,backprop", "--epochs", "5"]).unwrap();
        let files: Vec<&str> = out.lines().collect();
        let want: Vec<String> = ["overview/network", "overview/boundary", "overview/loss", "optimizers/race", "optimizers/loss"]
            .iter()
            .map(|f| std::path::Path::new(&dir.file("slides")).join(format!("{f}.svg")).to_string_lossy().into_owned())
            .collect();
        assert_eq!(files, want);
        for f in &files {
            assert!(std::fs::read_to_string(f).unwrap().starts_with("<svg"), "{f}");
        }
        assert!(err.contains("backprop: no plot panels"), "{err}");
        let (out, _) = run_both(&["lessons", "--out", &dir.file("png"), "--png", "--lang", "fa", "--lesson", "scales", "--epochs", "2"]).unwrap();
        assert_eq!(out.lines().count(), 3);
        for f in out.lines() {
            assert!(f.ends_with(".png") && std::fs::read(f).unwrap()[1..4] == *b"PNG", "{f}");
        }
        for (args, needle) in [
            (vec!["lessons", "--png"], "--out"),
            (vec!["lessons", "--out"], "--out"),
            (vec!["lessons", "--out", "x", "--lesson", "nope"], "nope"),
            (vec!["lessons", "--out", "x", "--lang", "xx"], "--lang"),
            (vec!["lessons", "--out", "x", "--png=1"], "--png"),
            (vec!["lessons", "--out", "x", "extra"], "extra"),
        ] {
            match run_str(&args) {
                Err(CliError::Usage(m)) => assert!(m.contains(needle), "{args:?}: '{m}'"),
                other => panic!("{args:?}: expected a usage error, got {other:?}"),
            }
        }
    }

    /// A configuration the engine refuses is a bad input (exit 2), said in words.
    #[test]
    fn refused_configurations_are_usage_errors_in_words() {
        let r = run_str(&["train", "dataset=circle&layers=c4k3", "--epochs", "1"]);
        assert!(matches!(&r, Err(CliError::Usage(m)) if m.starts_with("Layer 1 needs images")), "{r:?}");
        let r = run_str(&["train", "dataset=circle&missing=0.2", "--epochs", "1"]);
        assert!(matches!(&r, Err(CliError::Usage(m)) if m.contains("Turn on cleaning")), "{r:?}");
        let r = run_str(&["curve", "dataset=circle", "--sizes", "1"]);
        assert!(matches!(&r, Err(CliError::Usage(m)) if m.contains("from 2 to 5000")), "{r:?}");
    }
}
