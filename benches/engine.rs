//! Native engine benchmark: `cargo bench --bench engine`.
//! One epoch for 2-8-8-1 and 2-32-32-32-1 on 500 training points, full batch and batch 10,
//! and the view (48×48 boundary + 14×14 thumbnails) the worker sends. Single-threaded, as in
//! the browser.

use descent::engine::Trainer;
use descent::host::{BOUNDARY_N, NEURON_N};
use descent::settings::Settings;
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn main() {
    std::env::set_var("RAYON_NUM_THREADS", "1");
    println!("{:<16} {:>6} {:>14} {:>12}", "network", "batch", "epoch (µs)", "view (µs)");
    for hidden in ["8,8", "32,32,32"] {
        for batch in ["500", "10"] {
            let hash = format!("dataset=circle&points=1000&split=50&hidden={hidden}&batch={batch}&seed=1");
            let mut t = Trainer::new(Settings::from_hash(&hash).0.train_config()).unwrap();
            for _ in 0..3 {
                t.train_epoch().unwrap();
            }
            let reps = if batch == "10" { 30 } else { 200 };
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
            println!("{:<16} {:>6} {:>14.0} {:>12.0}", format!("2-{}-1", hidden.replace(',', "-")), batch, median(epochs), median(views));
        }
    }
}
