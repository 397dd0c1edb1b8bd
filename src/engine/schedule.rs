//! Learning-rate schedules: the rate for each epoch, from the base rate.
//!
//! The constants are fixed for teaching (no extra settings): step decay halves the rate every
//! 50 epochs; exponential decay multiplies it by 0.99 each epoch; cosine annealing goes from
//! the base rate to 0 over 100 epochs and restarts (Loshchilov & Hutter 2017, SGDR); linear
//! warm-up climbs from 0 to the base rate over the first 20 epochs (Goyal et al. 2017).

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Schedule {
    Constant,
    Step,
    Exp,
    Cosine,
    Warmup,
}

pub const STEP_EVERY: usize = 50;
pub const STEP_FACTOR: f64 = 0.5;
pub const EXP_GAMMA: f64 = 0.99;
pub const COSINE_PERIOD: usize = 100;
pub const WARMUP_EPOCHS: usize = 20;

impl Schedule {
    /// The rate used during epoch `epoch` (0-based: the first epoch is 0).
    pub fn rate(self, base: f64, epoch: usize) -> f64 {
        match self {
            Schedule::Constant => base,
            Schedule::Step => base * STEP_FACTOR.powi((epoch / STEP_EVERY) as i32),
            Schedule::Exp => base * EXP_GAMMA.powi(epoch as i32),
            Schedule::Cosine => {
                let t = (epoch % COSINE_PERIOD) as f64 / COSINE_PERIOD as f64;
                base * 0.5 * (1.0 + (std::f64::consts::PI * t).cos())
            }
            Schedule::Warmup => base * ((epoch + 1) as f64 / WARMUP_EPOCHS as f64).min(1.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_by_hand() {
        let b = 0.1;
        assert_eq!(Schedule::Constant.rate(b, 999), 0.1);
        assert_eq!(Schedule::Step.rate(b, 49), 0.1);
        assert!((Schedule::Step.rate(b, 50) - 0.05).abs() < 1e-15);
        assert!((Schedule::Step.rate(b, 120) - 0.025).abs() < 1e-15);
        assert!((Schedule::Exp.rate(b, 2) - 0.1 * 0.9801).abs() < 1e-15);
        assert_eq!(Schedule::Cosine.rate(b, 0), 0.1);
        assert!((Schedule::Cosine.rate(b, 50) - 0.05).abs() < 1e-12); // cos(π/2) = 0
        assert_eq!(Schedule::Cosine.rate(b, 100), 0.1); // restart
        assert!((Schedule::Warmup.rate(b, 0) - 0.005).abs() < 1e-15);
        assert!((Schedule::Warmup.rate(b, 9) - 0.05).abs() < 1e-15);
        assert_eq!(Schedule::Warmup.rate(b, 19), 0.1);
        assert_eq!(Schedule::Warmup.rate(b, 500), 0.1);
    }
}
