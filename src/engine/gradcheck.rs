//! Test helper: back-propagated gradients against central finite differences,
//! (L(w + h) − L(w − h)) / 2h with h = 1e-6, element by element, in f64.

use candle_core::{Tensor, Var};

/// Checks every element of every var: |fd − backprop| < 1e-6·(1 + |fd|). `loss` must
/// recompute the scalar loss from the vars' current values; `what` names the case.
pub fn check_gradients(vars: &[Var], loss: impl Fn() -> Tensor, what: &str) {
    let grads = loss().backward().unwrap();
    let h = 1e-6;
    for var in vars {
        let g = grads.get(var.as_tensor()).unwrap().flatten_all().unwrap().to_vec1::<f64>().unwrap();
        let base = var.flatten_all().unwrap().to_vec1::<f64>().unwrap();
        let set = |v: Vec<f64>| var.set(&Tensor::from_vec(v, var.shape(), var.device()).unwrap()).unwrap();
        for k in 0..base.len() {
            let eval = |delta: f64| {
                let mut v = base.clone();
                v[k] += delta;
                set(v);
                loss().to_scalar::<f64>().unwrap()
            };
            let fd = (eval(h) - eval(-h)) / (2.0 * h);
            set(base.clone());
            assert!((fd - g[k]).abs() < 1e-6 * (1.0 + fd.abs()), "{what}: fd {fd} vs backprop {}", g[k]);
        }
    }
}
