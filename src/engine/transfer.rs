//! Transfer learning (lecture slide 19): a network trained on a large source task lends its
//! weights to a new network for a target task with little data. The new network's layers
//! must be the pretrained one's (names and shapes as in [`weights`](super::weights)); its
//! output layer (the head) is new (random, for the target's classes) or kept. Frozen layers
//! are in no optimizer group (never updated) and their batch norm keeps its running
//! statistics; the other transferred layers learn at `base_lr_scale` × the rate, the head
//! at the full rate (PyTorch's parameter groups, [`Groups`](super::optim::Groups)).
//!
//! The pretrained weights are safetensors files shipped in `assets/models/` (made by
//! `descent pretrain`). Natively they are read from there; in the browser the page fetches
//! the one a run needs and hands its bytes over ([`provide`]), so nobody downloads a model
//! they do not use.

use super::net::Net;
use super::problem::Problem;
use super::weights;
use super::train::{EpochStats, TrainConfig, Trainer};
use super::Result;
use candle_core::{Device, Tensor, Var};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::HashMap;

/// A shipped pretrained model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Pretrained {
    /// A CNN trained on the handwritten digits 0–4 (the near domain of digits 5–9).
    Digits04,
    /// The same CNN trained on generated shapes at 8×8 (a far domain for digits).
    Shapes,
}

impl Pretrained {
    pub const ALL: [Pretrained; 2] = [Pretrained::Digits04, Pretrained::Shapes];

    /// The file's name in `assets/models/` without its extension.
    pub fn file(self) -> &'static str {
        match self {
            Pretrained::Digits04 => "digits04",
            Pretrained::Shapes => "shapes",
        }
    }
}

/// What a run takes over from a pretrained model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Transfer {
    /// The model whose weights start the run (`None`: from scratch).
    pub pretrained: Option<Pretrained>,
    /// Per weighted hidden layer: frozen (no updates; batch norm's statistics kept). Applies
    /// with or without a pretrained model (frozen random layers are a fixed random feature map).
    pub freeze: Vec<bool>,
    /// Keep the pretrained output layer (only when it has the target's class count) instead
    /// of a new one.
    pub keep_head: bool,
    /// The rate of the transferred layers that are not frozen, as a fraction of the rate
    /// (fine-tuning gently), in [0, 1].
    pub base_lr_scale: f64,
}

impl Default for Transfer {
    fn default() -> Transfer {
        Transfer { pretrained: None, freeze: Vec::new(), keep_head: false, base_lr_scale: 1.0 }
    }
}

impl Transfer {
    pub fn frozen(&self, layer: usize) -> bool {
        self.freeze.get(layer).copied().unwrap_or(false)
    }
}

thread_local! {
    /// Bytes handed over by the page (the browser has no files).
    static PROVIDED: RefCell<HashMap<Pretrained, std::rc::Rc<Vec<u8>>>> = RefCell::new(HashMap::new());
}

/// Hands the bytes of a pretrained model's file to the engine (the worker, after the page
/// fetched them).
pub fn provide(model: Pretrained, bytes: Vec<u8>) {
    PROVIDED.with(|p| p.borrow_mut().insert(model, std::rc::Rc::new(bytes)));
}

/// True when the model's bytes are at hand (always natively, where the files are read).
pub fn available(model: Pretrained) -> bool {
    cfg!(not(target_arch = "wasm32")) || PROVIDED.with(|p| p.borrow().contains_key(&model))
}

/// The bytes of a model's weights file: handed over, or (natively) read from `assets/models/`.
pub fn bytes(model: Pretrained) -> Result<std::rc::Rc<Vec<u8>>> {
    if let Some(b) = PROVIDED.with(|p| p.borrow().get(&model).cloned()) {
        return Ok(b);
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let path = format!("{}/assets/models/{}.safetensors", env!("CARGO_MANIFEST_DIR"), model.file());
        if let Ok(b) = std::fs::read(&path) {
            let b = std::rc::Rc::new(b);
            PROVIDED.with(|p| p.borrow_mut().insert(model, b.clone()));
            return Ok(b);
        }
    }
    Err(Problem::PretrainedMissing { model }.into())
}

/// The tensors of a weights file and the settings (a URL hash) kept in its metadata.
pub fn read(bytes: &[u8]) -> Result<(HashMap<String, Tensor>, Option<String>)> {
    let hash = settings_of(bytes)?;
    let map = candle_core::safetensors::load_buffer(bytes, &Device::Cpu).map_err(|e| Problem::WeightsFile { message: e.to_string() })?;
    Ok((map, hash))
}

/// A weights file's settings (the URL hash in its metadata), read from its header alone
/// (no tensor, no Candle call: the page reads them to send the worker their configuration).
pub fn settings_of(bytes: &[u8]) -> Result<Option<String>> {
    let (_, meta) = safetensors::SafeTensors::read_metadata(bytes).map_err(|e| Problem::WeightsFile { message: e.to_string() })?;
    Ok(meta.metadata().as_ref().and_then(|m| m.get(METADATA_KEY).cloned()).filter(|h| !h.is_empty()))
}

/// The metadata key under which a weights file keeps its run's settings (a URL hash).
pub const METADATA_KEY: &str = "descent";

/// A network's weights as a safetensors file (PyTorch's names, as [`weights::export`]), with
/// the run's settings in its metadata. The same weights and settings give the same bytes.
pub fn write(net: &Net, hash: &str) -> Result<Vec<u8>> {
    let named = weights::export(net)?;
    let meta = HashMap::from([(METADATA_KEY.to_string(), hash.to_string())]);
    safetensors::serialize(named.iter().map(|(k, v)| (k.as_str(), v)), Some(meta)).map_err(|e| Problem::WeightsFile { message: e.to_string() }.into())
}

/// Loads `t.pretrained` into `net` (its head too when kept), freezes the frozen layers'
/// batch norms, and returns the optimizer groups: (vars, rate scale).
pub fn apply(t: &Transfer, net: &Net) -> Result<Vec<(Vec<Var>, f64)>> {
    load_pretrained(t, net)?;
    groups(t, net)
}

/// Loads `t.pretrained` into `net` (its head too when kept); nothing without one.
pub fn load_pretrained(t: &Transfer, net: &Net) -> Result<()> {
    if let Some(model) = t.pretrained {
        let (file, _) = read(&bytes(model)?)?;
        let mine = weights::export(net)?;
        // The layers must be the pretrained network's, name for name and shape for shape.
        let is_layer = |name: &str| name.starts_with("layers.");
        for (name, t) in mine.iter().filter(|(n, _)| is_layer(n)) {
            match file.get(name) {
                None => return Err(Problem::PretrainedLayers { model }.into()),
                Some(f) if f.dims() != t.dims() => return Err(Problem::PretrainedLayers { model }.into()),
                Some(_) => {}
            }
        }
        if file.keys().filter(|n| is_layer(n)).count() != mine.iter().filter(|(n, _)| is_layer(n)).count() {
            return Err(Problem::PretrainedLayers { model }.into());
        }
        let mut merged: HashMap<String, Tensor> = HashMap::new();
        for (name, tensor) in mine {
            let from_file = is_layer(&name) || t.keep_head;
            let value = match file.get(&name) {
                Some(f) if from_file => {
                    if f.dims() != tensor.dims() {
                        return Err(Problem::HeadClasses { model, file: f.dims().first().copied().unwrap_or(0), task: tensor.dims().first().copied().unwrap_or(0) }.into());
                    }
                    f.clone()
                }
                // A copy: the network's own values (setting a var to itself is refused).
                _ => tensor.copy()?,
            };
            merged.insert(name, value);
        }
        weights::import(net, &merged)?;
    }
    Ok(())
}

/// Freezes the frozen layers' batch norms and returns the optimizer groups: (vars, rate
/// scale): the frozen layers in none, the transferred ones at `base_lr_scale`.
pub fn groups(t: &Transfer, net: &Net) -> Result<Vec<(Vec<Var>, f64)>> {
    if !(0.0..=1.0).contains(&t.base_lr_scale) {
        return Err(Problem::BaseRateScale { scale: t.base_lr_scale }.into());
    }
    let base_scale = if t.pretrained.is_some() { t.base_lr_scale } else { 1.0 };
    let (layers, output) = net.layer_params();
    let mut groups = Vec::new();
    for (i, layer) in layers.into_iter().enumerate() {
        let frozen = t.frozen(i);
        if let Some(n) = layer.norm {
            n.freeze(frozen);
        }
        if !frozen {
            groups.push((layer.vars, base_scale));
        }
    }
    groups.push((output, 1.0));
    Ok(groups)
}

/// The most runs and epochs a comparison takes (a bound on a message from the page).
pub const MAX_RUNS: usize = 4;
pub const MAX_EPOCHS: usize = 500;

/// Several runs trained side by side, one epoch of one run per step in turn, so their test
/// curves grow together: the transfer lesson's "from scratch / frozen / fine-tuned".
pub struct CompareJob {
    /// One per run; `None` once the run has its epochs (or diverged).
    trainers: Vec<Option<Trainer>>,
    epochs: usize,
    /// Per run, each epoch's statistics so far.
    curves: Vec<Vec<EpochStats>>,
    next: usize,
}

impl CompareJob {
    /// Builds every run now, so a configuration that cannot train fails here.
    pub fn new(configs: Vec<TrainConfig>, epochs: usize) -> Result<CompareJob> {
        if configs.is_empty() || configs.len() > MAX_RUNS || epochs == 0 || epochs > MAX_EPOCHS {
            return Err(Problem::ClaimSize { trials: MAX_RUNS, epochs: MAX_EPOCHS }.into());
        }
        let trainers = configs.into_iter().map(Trainer::new).collect::<Result<Vec<_>>>()?;
        let curves = trainers.iter().map(|t| Ok(vec![t.evaluate()?])).collect::<Result<Vec<_>>>()?;
        Ok(CompareJob { trainers: trainers.into_iter().map(Some).collect(), epochs, curves, next: 0 })
    }

    /// One epoch of the next run; false once every run has its epochs. A diverged run stops.
    pub fn step(&mut self) -> Result<bool> {
        let n = self.trainers.len();
        for _ in 0..n {
            let i = self.next;
            self.next = (self.next + 1) % n;
            if let Some(t) = &mut self.trainers[i] {
                let stats = t.train_epoch()?;
                let stop = !stats.is_finite();
                self.curves[i].push(stats);
                if stop || self.curves[i].len() > self.epochs {
                    self.trainers[i] = None;
                }
                break;
            }
        }
        Ok(self.trainers.iter().any(Option::is_some))
    }

    /// Each run's statistics, from epoch 0 (before training) on.
    pub fn curves(&self) -> &[Vec<EpochStats>] {
        &self.curves
    }

    /// (epochs done, epochs in all).
    pub fn progress(&self) -> (usize, usize) {
        let done = self.curves.iter().zip(&self.trainers).map(|(c, t)| if t.is_some() { c.len() - 1 } else { self.epochs }).sum();
        (done, self.epochs * self.trainers.len())
    }

    /// Runs every epoch (the native tests' and the command line's way).
    pub fn run(mut self) -> Result<Vec<Vec<EpochStats>>> {
        while self.step()? {}
        Ok(self.curves)
    }
}

/// The transfer lesson's three runs from one run's settings: from scratch (no pretrained
/// model, nothing frozen); pretrained with its feature layers frozen (the settings' frozen
/// layers if any, else every hidden layer); pretrained and fine-tuned (nothing frozen, the
/// settings' `base_lr_scale`). `model` is the settings' pretrained model or, without one,
/// the first shipped.
pub fn three_runs(config: &TrainConfig) -> [TrainConfig; 3] {
    let model = config.transfer.pretrained.unwrap_or(Pretrained::ALL[0]);
    let weighted = config.model.layers.weighted();
    let mut scratch = config.clone();
    scratch.transfer = Transfer { pretrained: None, freeze: Vec::new(), keep_head: false, base_lr_scale: 1.0 };
    let mut frozen = config.clone();
    let freeze = if (0..weighted).any(|i| config.transfer.frozen(i)) { config.transfer.freeze.clone() } else { vec![true; weighted] };
    frozen.transfer = Transfer { pretrained: Some(model), freeze, ..config.transfer.clone() };
    let mut tuned = config.clone();
    tuned.transfer = Transfer { pretrained: Some(model), freeze: Vec::new(), ..config.transfer.clone() };
    [scratch, frozen, tuned]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;

    fn config(hash: &str) -> TrainConfig {
        let (s, problems) = Settings::from_hash(hash);
        assert!(problems.is_empty(), "{hash}: {problems:?}");
        s.train_config()
    }

    /// The lesson's target: the five new shapes at 8×8, 50 training images.
    const TARGET: &str = "dataset=shapes_new&image_size=8&points=1000&split=50&train_n=50&opt=adam&lr=0.01&batch=16&seed=1";

    fn flat(vars: &[Var]) -> Vec<f32> {
        vars.iter().flat_map(|v| v.flatten_all().unwrap().to_dtype(candle_core::DType::F32).unwrap().to_vec1::<f32>().unwrap()).collect()
    }

    #[test]
    fn the_shipped_files_match_their_cards_and_load() {
        for r in crate::models::RECIPES {
            let bytes = bytes(r.model).unwrap();
            let card: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(format!("{}/assets/models/{}.json", env!("CARGO_MANIFEST_DIR"), r.model.file())).unwrap()).unwrap();
            assert_eq!(card["hash"], r.hash);
            assert_eq!(card["bytes"], bytes.len());
            assert!(bytes.len() < 32_000, "tens of KB");
            let (map, hash) = read(&bytes).unwrap();
            assert_eq!(hash.as_deref(), Some(r.hash), "the settings travel in the metadata");
            assert_eq!(map["layers.0.weight"].dims(), &[8, 1, 3, 3]);
        }
    }

    /// `descent pretrain` is reproducible: the recipe trained again gives the shipped bytes.
    #[test]
    fn pretraining_again_gives_the_same_bytes() {
        let r = crate::models::recipe(Pretrained::Digits04);
        let made = crate::models::make(r).unwrap();
        assert_eq!(made.bytes, *bytes(Pretrained::Digits04).unwrap(), "run `descent pretrain --out assets/models` after changing a recipe");
        assert!(made.test_acc > 0.95, "{}", made.test_acc);
    }

    /// Loading: the transferred layers are the file's, the new head is the seed's; a kept head
    /// is the file's. Frozen layers never move, batch norm included; the head does.
    #[test]
    fn pretrained_layers_frozen_layers_and_the_head() {
        let fresh = Trainer::new(config(&format!("{TARGET}&layers={}&act=relu&init=he", crate::models::LAYERS))).unwrap();
        let c = config(&format!("{TARGET}&pretrained=shapes&freeze=1,1,0"));
        let mut t = Trainer::new(c.clone()).unwrap();
        let (file, _) = read(&bytes(Pretrained::Shapes).unwrap()).unwrap();
        let mine: HashMap<String, Tensor> = weights::export(t.model()).unwrap().into_iter().collect();
        let same = |a: &Tensor, b: &Tensor| a.flatten_all().unwrap().to_vec1::<f32>().unwrap() == b.flatten_all().unwrap().to_vec1::<f32>().unwrap();
        for name in ["layers.0.weight", "layers.2.bias", "layers.4.weight"] {
            assert!(same(&mine[name], &file[name]), "{name}");
        }
        let theirs: HashMap<String, Tensor> = weights::export(fresh.model()).unwrap().into_iter().collect();
        assert!(same(&mine["output.weight"], &theirs["output.weight"]), "a new head: the seed's random one");
        let (layers, head) = t.model().layer_params();
        let (conv1, conv2, dense) = (flat(&layers[0].vars), flat(&layers[1].vars), flat(&layers[2].vars));
        let head0 = flat(&head);
        for _ in 0..3 {
            t.train_epoch().unwrap();
        }
        let (layers, head) = t.model().layer_params();
        assert_eq!(flat(&layers[0].vars), conv1, "frozen");
        assert_eq!(flat(&layers[1].vars), conv2, "frozen");
        assert_ne!(flat(&layers[2].vars), dense, "trained");
        assert_ne!(flat(&head), head0, "trained");
        // A kept head has the source's classes (5 = 5 here).
        let kept = Trainer::new(config(&format!("{TARGET}&pretrained=shapes&head=keep"))).unwrap();
        let kept: HashMap<String, Tensor> = weights::export(kept.model()).unwrap().into_iter().collect();
        assert!(same(&kept["output.weight"], &file["output.weight"]));
        // Frozen batch norm keeps its running statistics in training (here: random layers).
        let mut bn = Trainer::new(config(&format!("{TARGET}&layers=c4k3,mp2,d8&bn=1&freeze=1,0"))).unwrap();
        bn.train_epoch().unwrap();
        let norms = bn.model().norms();
        assert_eq!(norms[0].running().0.to_vec1::<f32>().unwrap(), vec![0.0; 4], "frozen: untouched");
        assert_ne!(norms[1].running().0.to_vec1::<f32>().unwrap(), vec![0.0; 8], "trained: updated");
    }

    #[test]
    fn transferred_layers_learn_at_the_scaled_rate() {
        let groups = |hash: &str| {
            let c = config(hash);
            let net = crate::engine::Net::new(&c.model, c.seed, candle_core::DType::F32, &Device::Cpu).unwrap();
            apply(&c.transfer, &net).unwrap().iter().map(|(v, s)| (v.len(), *s)).collect::<Vec<_>>()
        };
        // Conv (W), conv (W), dense (W, b): 4 vars at 0.1, the head (W, b) at 1.
        assert_eq!(groups(&format!("{TARGET}&pretrained=shapes&base_lr_scale=0.1")), vec![(1, 0.1), (1, 0.1), (2, 0.1), (2, 1.0)]);
        assert_eq!(groups(&format!("{TARGET}&pretrained=shapes&freeze=1,1,0&base_lr_scale=0.1")), vec![(2, 0.1), (2, 1.0)]);
        // Without a pretrained model there is nothing transferred: every layer at the rate.
        assert_eq!(groups(&format!("{TARGET}&layers=c4k3,mp2,d8&base_lr_scale=0.1")), vec![(1, 1.0), (2, 1.0), (2, 1.0)]);
        // One group per scale in the optimizer.
        let c = config(&format!("{TARGET}&pretrained=shapes&base_lr_scale=0.1"));
        let net = crate::engine::Net::new(&c.model, c.seed, candle_core::DType::F32, &Device::Cpu).unwrap();
        let g = crate::engine::optim::Groups::new(&c.optimizer, apply(&c.transfer, &net).unwrap()).unwrap();
        assert_eq!(g.scales(), vec![0.1, 1.0]);
        // With rate scale 0 the transferred layers do not move, as if frozen.
        let mut t = Trainer::new(config(&format!("{TARGET}&pretrained=shapes&base_lr_scale=0"))).unwrap();
        let before = flat(&t.model().layer_params().0[0].vars);
        t.train_epoch().unwrap();
        assert_eq!(flat(&t.model().layer_params().0[0].vars), before);
    }

    #[test]
    fn refusals_in_words() {
        let problem = |hash: &str| Trainer::new(config(hash)).err().map(|e| e.problem());
        // Other layers than the model's (a link's own layers win over the model's).
        assert_eq!(problem(&format!("{TARGET}&pretrained=shapes&layers=c4k3,mp2,d8")), Some(Problem::PretrainedLayers { model: Pretrained::Shapes }));
        // 16×16 shapes: the dense layer's input differs.
        assert_eq!(problem("dataset=shapes_new&image_size=16&pretrained=shapes"), Some(Problem::PretrainedLayers { model: Pretrained::Shapes }));
        // A kept head for ten classes.
        assert_eq!(problem("dataset=digits&pretrained=shapes&head=keep"), Some(Problem::HeadClasses { model: Pretrained::Shapes, file: 5, task: 10 }));
        assert!(problem("dataset=digits&pretrained=shapes").is_none(), "a new head for ten classes");
        assert!(matches!(read(b"not a file").unwrap_err().problem(), Problem::WeightsFile { .. }));
    }

    /// Saved weights read back the same, with the settings.
    #[test]
    fn written_weights_read_back_with_their_settings() {
        let mut t = Trainer::new(config(&format!("{TARGET}&layers=c4k3,mp2,d8"))).unwrap();
        t.train_epoch().unwrap();
        let bytes = write(t.model(), "dataset=shapes_new&layers=c4k3,mp2,d8").unwrap();
        assert_eq!(bytes, write(t.model(), "dataset=shapes_new&layers=c4k3,mp2,d8").unwrap(), "deterministic");
        let (map, hash) = read(&bytes).unwrap();
        assert_eq!(hash.as_deref(), Some("dataset=shapes_new&layers=c4k3,mp2,d8"));
        let other = Trainer::new(config(&format!("{TARGET}&layers=c4k3,mp2,d8&seed=9"))).unwrap();
        weights::import(other.model(), &map).unwrap();
        assert_eq!(flat(&other.model().vars()), flat(&t.model().vars()));
    }

    /// The claims, seeded (test accuracy after 30 epochs; `descent transfer` prints the
    /// curves). Seed 1, 50 training images, 500 test images of the new shapes:
    /// from scratch 0.396, shapes' layers frozen (conv, conv) 0.546, fine-tuned 0.526; with all
    /// 500 training images: 0.698, 0.710, 0.732. From digits 0–4 (far): fine-tuned 0.360.
    #[test]
    fn transfer_helps_with_little_data_and_little_from_a_far_domain() {
        let acc = |hash: String| -> Vec<f64> {
            let runs = three_runs(&config(&hash));
            CompareJob::new(runs.to_vec(), 30).unwrap().run().unwrap().iter().map(|c| c.last().unwrap().test_acc.unwrap() as f64).collect()
        };
        let near = acc(format!("{TARGET}&pretrained=shapes&freeze=1,1,0"));
        eprintln!("near, 50 images: {near:?}");
        assert!(near[1] > near[0] + 0.1 && near[2] > near[0] + 0.1, "{near:?}");
        let full = acc(format!("{TARGET}&pretrained=shapes&freeze=1,1,0&train_n=0"));
        eprintln!("near, all 500 images: {full:?}");
        assert!(full[1] - full[0] < (near[1] - near[0]) / 2.0 && full[2] - full[0] < (near[2] - near[0]) / 2.0, "the gap narrows: {full:?}");
        let far = acc(format!("{TARGET}&pretrained=digits04&freeze=1,1,0"));
        eprintln!("far (digits 0–4), 50 images: {far:?}");
        assert!(far[1] < far[0] + 0.05 && far[2] < far[0] + 0.05, "little or no help: {far:?}");
    }

    #[test]
    fn a_comparison_reports_its_progress_and_stops() {
        let runs = three_runs(&config(&format!("{TARGET}&pretrained=shapes&train_n=10")));
        assert_eq!(runs[0].transfer.pretrained, None);
        assert_eq!(runs[1].transfer.freeze, vec![true; 3], "nothing frozen in the settings: all frozen");
        assert!(runs[2].transfer.freeze.iter().all(|f| !f));
        let mut job = CompareJob::new(runs.to_vec(), 2).unwrap();
        assert_eq!(job.progress(), (0, 6));
        let mut steps = 0;
        while job.step().unwrap() {
            steps += 1;
        }
        assert_eq!((steps + 1, job.progress()), (6, (6, 6)));
        assert!(job.curves().iter().all(|c| c.len() == 3), "epochs 0, 1, 2");
        assert!(CompareJob::new(vec![], 2).is_err());
        assert!(CompareJob::new(runs.to_vec(), MAX_EPOCHS + 1).is_err());
    }
}
