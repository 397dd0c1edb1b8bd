//! The learning-rate range test (Smith 2017, "Cyclical Learning Rates", §3.3; as popularised
//! by fast.ai's `lr_find`): from the initial weights, one step per rate while the rate grows
//! exponentially from `LR_MIN` to `LR_MAX`, recording the (smoothed) loss. Each step uses the
//! whole training set (our sets are small), so the curve shows the rate, not batch noise.
//! The suggested rate is where the smoothed loss falls fastest against log(rate).
//!
//! It runs step by step so the worker can interleave it with messages (progress, cancel).

use super::train::{TrainConfig, Trainer};
use super::Result;
use serde::{Deserialize, Serialize};

pub const LR_MIN: f64 = 1e-6;
pub const LR_MAX: f64 = 10.0;
pub const STEPS: usize = 200;
/// Exponential smoothing of the batch losses (fast.ai uses 0.98 over more steps).
const BETA: f64 = 0.9;
/// Stop once the smoothed loss exceeds this many times its best: the rate has diverged.
const DIVERGED: f64 = 4.0;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RangeResult {
    /// (rate, smoothed loss), rates increasing.
    pub points: Vec<(f32, f32)>,
    /// The rate of steepest descent, if the curve has a descent.
    pub steepest: Option<f32>,
}

pub struct RangeTest {
    trainer: Trainer,
    step: usize,
    total: usize,
    avg: f64,
    best: f64,
    points: Vec<(f64, f64)>,
    finished: bool,
}

impl RangeTest {
    /// A fresh trainer from the configuration's initial weights (the run itself is untouched).
    pub fn new(config: TrainConfig, total: usize) -> Result<RangeTest> {
        Ok(RangeTest {
            trainer: Trainer::new(config)?,
            step: 0,
            total: total.max(2),
            avg: 0.0,
            best: f64::INFINITY,
            points: Vec::new(),
            finished: false,
        })
    }

    pub fn rate(&self, i: usize) -> f64 {
        LR_MIN * (LR_MAX / LR_MIN).powf(i as f64 / (self.total - 1) as f64)
    }

    /// One step; false once the sweep is over (all rates done, or diverged).
    pub fn step(&mut self) -> Result<bool> {
        if self.finished {
            return Ok(false);
        }
        let lr = self.rate(self.step);
        let loss = self.trainer.step_full(lr)? as f64;
        self.step += 1;
        self.avg = BETA * self.avg + (1.0 - BETA) * loss;
        let smoothed = self.avg / (1.0 - BETA.powi(self.step as i32));
        if !smoothed.is_finite() || smoothed > DIVERGED * self.best {
            self.finished = true;
            return Ok(false);
        }
        self.best = self.best.min(smoothed);
        self.points.push((lr, smoothed));
        self.finished = self.step >= self.total;
        Ok(!self.finished)
    }

    /// (steps done, steps in all).
    pub fn progress(&self) -> (usize, usize) {
        (self.step, self.total)
    }

    pub fn result(&self) -> RangeResult {
        RangeResult {
            points: self.points.iter().map(|&(r, l)| (r as f32, l as f32)).collect(),
            steepest: steepest(&self.points).map(|r| r as f32),
        }
    }
}

/// The rate where d(loss)/d(log rate) is most negative, before the loss's minimum. The
/// slope is a central difference over ±w points (w = a tenth of the curve), so that the
/// batch-to-batch noise at tiny rates is not mistaken for descent.
pub fn steepest(points: &[(f64, f64)]) -> Option<f64> {
    let w = (points.len() / 10).max(1);
    let lowest = points.iter().enumerate().min_by(|a, b| a.1 .1.total_cmp(&b.1 .1)).map(|(i, _)| i)?;
    (w..points.len().saturating_sub(w))
        .filter(|&i| i <= lowest)
        .map(|i| {
            let slope = (points[i + w].1 - points[i - w].1) / (points[i + w].0.ln() - points[i - w].0.ln());
            (points[i].0, slope)
        })
        .filter(|(_, s)| *s < 0.0)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(r, _)| r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;

    #[test]
    fn steepest_descent_of_a_known_curve() {
        // loss = 1 − tanh(log10(r) + 2): steepest at r = 10^−2.
        let pts: Vec<(f64, f64)> = (0..=60).map(|i| {
            let r = 10f64.powf(-5.0 + i as f64 * 0.1);
            (r, 1.0 - (r.log10() + 2.0).tanh())
        }).collect();
        let s = steepest(&pts).unwrap();
        assert!((s.log10() + 2.0).abs() < 0.11, "{s}");
        assert_eq!(steepest(&[(1.0, 1.0), (2.0, 2.0), (3.0, 3.0)]), None);
    }

    #[test]
    fn sweep_covers_the_rates_and_stops_on_divergence() {
        let config = Settings::from_hash("dataset=circle&seed=1").0.train_config();
        let mut t = RangeTest::new(config, 100).unwrap();
        assert_eq!(t.rate(0), LR_MIN);
        assert!((t.rate(99) - LR_MAX).abs() < 1e-9);
        let mut n = 0;
        while t.step().unwrap() {
            n += 1;
            assert!(n <= 100);
        }
        let r = t.result();
        assert!(!r.points.is_empty());
        assert!(r.points.windows(2).all(|w| w[0].0 < w[1].0), "rates increase");
        let s = r.steepest.expect("the circle's loss falls somewhere");
        assert!((1e-4..=10.0).contains(&(s as f64)), "{s}");
        assert!(!t.step().unwrap(), "finished stays finished");
    }
}
