//! Native engine benchmark: `cargo bench --bench engine`.
//! One epoch for 2-8-8-1 and 2-32-32-32-1 on 500 training points, full batch and batch 10,
//! each plain and with batch norm and dropout (rate 0.2) on every hidden layer, and the view
//! (48×48 boundary + 14×14 thumbnails + layer statistics) the worker sends; the tanh op alone;
//! and the loss surface (41×41 and 81×81, random and PCA directions) of a trained 2-8-8-1 tanh
//! network over 500 training points; image networks' examples per second (the ConvNetJS
//! MNIST network among them) and sequence networks' (GRU, 1-D CNN and MLP on MNIST-1D, an
//! LSTM on the adding problem); a whole architecture growth and random search. Single-threaded,
//! as in the browser.

use descent::engine::surface::{Directions, SurfaceJob, Trajectory};
use descent::engine::Trainer;
use descent::host::{BOUNDARY_N, NEURON_N};
use descent::settings::Settings;
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

/// Median microseconds per epoch and per view.
fn measure(hash: &str, reps: usize) -> (f64, f64) {
    let mut t = Trainer::new(Settings::from_hash(hash).0.train_config()).unwrap();
    for _ in 0..3 {
        t.train_epoch().unwrap();
    }
    let epochs: Vec<f64> = (0..reps)
        .map(|_| {
            let s = Instant::now();
            t.train_epoch().unwrap();
            s.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    let views: Vec<f64> = (0..30)
        .map(|_| {
            let s = Instant::now();
            t.view(BOUNDARY_N, NEURON_N, None).unwrap();
            s.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    (median(epochs), median(views))
}

fn main() {
    std::env::set_var("RAYON_NUM_THREADS", "1");
    println!("{:<16} {:>6} {:>7} {:>14} {:>12} {:>12}", "network", "batch", "layers", "epoch (µs)", "view (µs)", "epoch ratio");
    for hidden in ["8,8", "32,32,32"] {
        for batch in ["500", "10"] {
            let reps = if batch == "10" { 30 } else { 200 };
            let hash = format!("dataset=circle&points=1000&split=50&hidden={hidden}&batch={batch}&seed=1");
            let name = format!("2-{}-1", hidden.replace(',', "-"));
            let (plain, plain_view) = measure(&hash, reps);
            println!("{:<16} {:>6} {:>7} {:>14.0} {:>12.0} {:>12}", name, batch, "plain", plain, plain_view, "");
            let (extra, extra_view) = measure(&format!("{hash}&bn=1&dropout=0.2"), reps);
            println!("{:<16} {:>6} {:>7} {:>14.0} {:>12.0} {:>12.2}", name, batch, "bn+drop", extra, extra_view, extra / plain);
        }
    }

    // Images: examples per second of one training epoch, and the view (confusion matrix over
    // the test split, gallery, filters, feature maps of one image). ConvNetJS's MNIST
    // network (24×24×1 → c8k5 → mp2 → c16k5 → mp3 → softmax 10, Adadelta, batch 20) on
    // 24×24 shapes (5 classes), and digits with a small CNN and an MLP.
    println!("\n{:<44} {:>10} {:>12} {:>10} {:>10}", "images and sequences", "examples", "examples/s", "eval (ms)", "view (ms)");
    for (name, hash) in [
        ("ConvNetJS MNIST net, shapes 24×24", "dataset=shapes&image_size=24&points=2000&layers=c8k5,mp2,c16k5,mp3&act=relu&opt=adadelta&batch=20&seed=1"),
        ("c8k3,mp2,c16k3,mp2 on digits 8×8", "dataset=digits&points=1797&layers=c8k3,mp2,c16k3,mp2&act=relu&opt=adam&lr=0.01&batch=32&seed=1"),
        ("d32 (MLP) on digits 8×8", "dataset=digits&points=1797&layers=d32&act=relu&opt=adam&lr=0.01&batch=32&seed=1"),
        // Issue 11: the same CNN with every augmentation on (its cost, against the row above
        // the MLP), and the ConvNetJS net's 24×24 shapes with elastic deformation, the
        // costliest augmentation, on the largest images.
        ("c8k3,mp2,c16k3,mp2 on digits, all augmented", "dataset=digits&points=1797&layers=c8k3,mp2,c16k3,mp2&act=relu&opt=adam&lr=0.01&batch=32&seed=1&aug_shift=0.1&aug_rotate=15&aug_scale=0.1&aug_elastic=0.5&aug_bright=0.2&aug_noise=0.05&aug_cutout=0.25"),
        ("ConvNetJS net, shapes 24×24, elastic 0.5", "dataset=shapes&image_size=24&points=2000&layers=c8k5,mp2,c16k5,mp3&act=relu&opt=adadelta&batch=20&seed=1&aug_elastic=0.5"),
        // Issue 12: sequences, MNIST-1D at its default size with each family, and the adding
        // problem (length 50) with an LSTM; the view adds the hidden states and the gradient
        // per step (a forward and backward pass over 64 training sequences).
        ("gru16 on MNIST-1D", "dataset=mnist1d&layers=gru16&opt=adam&lr=0.01&batch=32&seed=1"),
        ("c8k5,mp2,c16k5,mp2 (1-D CNN) on MNIST-1D", "dataset=mnist1d&layers=c8k5,mp2,c16k5,mp2&act=relu&opt=adam&lr=0.003&batch=32&seed=1"),
        ("d32 (MLP) on MNIST-1D", "dataset=mnist1d&layers=d32&act=relu&opt=adam&lr=0.003&batch=32&seed=1"),
        ("lstm16, adding problem of length 50", "dataset=adding&points=1000&seq_len=50&layers=lstm16&opt=adam&lr=0.01&batch=32&seed=1&clip=1"),
    ] {
        let mut t = Trainer::new(Settings::from_hash(hash).0.train_config()).unwrap();
        let n = t.train_len();
        t.train_epoch().unwrap();
        let epochs: Vec<f64> = (0..5)
            .map(|_| {
                let s = Instant::now();
                t.fit_epoch().unwrap();
                s.elapsed().as_secs_f64()
            })
            .collect();
        let evals: Vec<f64> = (0..5)
            .map(|_| {
                let s = Instant::now();
                t.evaluate().unwrap();
                s.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        // As in the worker: the view follows an evaluation (whose test logits it reuses).
        let views: Vec<f64> = (0..5)
            .map(|_| {
                let s = Instant::now();
                t.view(BOUNDARY_N, NEURON_N, Some(0)).unwrap();
                s.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        println!("{:<44} {:>10} {:>12.0} {:>10.1} {:>10.1}", name, n, n as f64 / median(epochs), median(evals), median(views));
    }

    // The activation alone, forward and backward, on a 500×8 f32 tensor (one hidden layer of
    // the 2-8-8-1 network over 500 points).
    let x = candle_core::Var::from_tensor(
        &candle_core::Tensor::arange(0f32, 4000.0, &candle_core::Device::Cpu).unwrap().affine(0.002, -4.0).unwrap().reshape((500, 8)).unwrap(),
    )
    .unwrap();
    let time = |f: &dyn Fn()| {
        let v: Vec<f64> = (0..300)
            .map(|_| {
                let s = Instant::now();
                f();
                s.elapsed().as_secs_f64() * 1e6
            })
            .collect();
        median(v)
    };
    let lib_fwd = time(&|| drop(x.tanh().unwrap()));
    let fast_fwd = time(&|| drop(descent::engine::tanh::tanh(x.as_tensor()).unwrap()));
    let lib_bwd = time(&|| drop(x.tanh().unwrap().sum_all().unwrap().backward().unwrap()));
    let fast_bwd = time(&|| drop(descent::engine::tanh::tanh(x.as_tensor()).unwrap().sum_all().unwrap().backward().unwrap()));
    println!("\ntanh on 500×8 f32 (µs): library {lib_fwd:.1} forward, {lib_bwd:.1} with backward; rational op {fast_fwd:.1}, {fast_bwd:.1}");

    println!("\n{:<30} {:>6} {:>10}", "surface of 2-8-8-1 tanh", "grid", "ms");
    for points in [1000, 500] {
        let hash = format!("dataset=spiral&points={points}&split=50&hidden=8,8&act=tanh&lr=0.03&batch=10&seed=1");
        let mut t = Trainer::new(Settings::from_hash(&hash).0.train_config()).unwrap();
        let mut traj = Trajectory::default();
        traj.record_trainer(&t).unwrap();
        for _ in 0..100 {
            t.train_epoch().unwrap();
            traj.record_trainer(&t).unwrap();
        }
        for (name, dirs) in [("random", Directions::Random { seed: 1 }), ("pca", Directions::Pca)] {
            for n in [41, 81] {
                if points == 500 && n == 81 {
                    continue;
                }
                let reps = if n == 41 { 15 } else { 5 };
                let ms: Vec<f64> = (0..reps)
                    .map(|_| {
                        let job = SurfaceJob::for_trainer(&t, &traj, dirs, n).unwrap();
                        let s = Instant::now();
                        job.finish();
                        s.elapsed().as_secs_f64() * 1e3
                    })
                    .collect();
                let setup: Vec<f64> = (0..5)
                    .map(|_| {
                        let s = Instant::now();
                        drop(SurfaceJob::for_trainer(&t, &traj, dirs, n).unwrap());
                        s.elapsed().as_secs_f64() * 1e3
                    })
                    .collect();
                let label = format!("{name}, {} train points", points / 2);
                println!("{:<30} {:>6} {:>10.1}   (directions and path: {:.1} ms)", label, format!("{n}×{n}"), median(ms), median(setup));
            }
        }
    }

    // Choosing the architecture (issue 15): a whole growth and a 12-network random search on
    // the spiral (1,000 points, 100 epochs a network), as the page's buttons run them.
    println!("\n{:<52} {:>9} {:>10} {:>12}", "architecture search (spiral, 1000 points, 100 epochs)", "networks", "s", "ms/network");
    let base = Settings::from_hash("dataset=spiral&points=1000&opt=adam&lr=0.01&act=relu&seed=1").0;
    for (label, strategy) in [("grow (gain 0.01, patience 2)", base.grow_strategy()), ("random search (12 trials)", base.search_strategy())] {
        let start = Instant::now();
        let r = descent::engine::arch_search::ArchJob::new(base.train_config(), strategy, 100).unwrap().run().unwrap();
        let s = start.elapsed().as_secs_f64();
        println!("{:<52} {:>9} {:>10.1} {:>12.0}", label, r.tried.len(), s, s * 1000.0 / r.tried.len() as f64);
    }

    // Transfer learning (issue 13): the lesson's three runs (30 epochs each) as its panel
    // trains them, with 50 and with all 500 training images; and loading a pretrained model.
    println!("\n{:<52} {:>9} {:>10}", "transfer: three runs of 30 epochs (new shapes, 8×8)", "images", "s");
    for n in [50, 0] {
        let base = Settings::from_hash(&format!("lesson=transfer&train_n={n}")).0.train_config();
        let start = Instant::now();
        descent::engine::transfer::CompareJob::new(descent::engine::transfer::three_runs(&base).to_vec(), 30).unwrap().run().unwrap();
        println!("{:<52} {:>9} {:>10.2}", "from scratch, frozen, fine-tuned", if n == 0 { 500 } else { n }, start.elapsed().as_secs_f64());
    }
    let config = Settings::from_hash("lesson=transfer").0.train_config();
    let times: Vec<f64> = (0..20)
        .map(|_| {
            let start = Instant::now();
            descent::engine::Trainer::new(config.clone()).unwrap();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    println!("building the lesson's run with the pretrained weights: {:.1} ms", median(times));
}
