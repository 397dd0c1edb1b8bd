//! Native engine benchmark: `cargo bench --bench engine`.
//! One epoch for 2-8-8-1 and 2-32-32-32-1 on 500 training points, full batch and batch 10,
//! each plain and with batch norm and dropout (rate 0.2) on every hidden layer, and the view
//! (48×48 boundary + 14×14 thumbnails + layer statistics) the worker sends. Single-threaded,
//! as in the browser.

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
            t.view(BOUNDARY_N, NEURON_N).unwrap();
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
}
