//! Two-parameter optimization test functions, and the path an optimizer takes on them.
//!
//! Each function is given three ways that must agree (the tests check that they do):
//! [`TestFunction::value`] in plain `f64` for drawing contour grids, [`TestFunction::loss`]
//! as a differentiable Candle expression for the optimizers, and the analytic
//! [`TestFunction::gradient`]. The formulas are the standard ones from the optimization
//! literature (see, e.g., the "Test functions for optimization" list on Wikipedia, and
//! Rosenbrock 1960, Beale 1958, Himmelblau 1972, Rastrigin 1974).

use super::optim::{Optimizer, OptimizerConfig};
use super::{EngineError, Problem, Result};
use candle_core::{Device, Tensor, Var};
use serde::{Deserialize, Serialize};
use std::f64::consts::PI;

/// A function of two parameters `(x, y)` to minimize.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum TestFunction {
    /// The quadratic bowl f = ½(x′² + K·y′²), where (x′, y′) is (x, y) rotated by −θ, so the
    /// bowl's long (flat) axis points at angle θ. Its Hessian has eigenvalues 1 and K: the
    /// condition number is K ≥ 1. Minimum 0 at (0, 0).
    Bowl { condition: f64, rotation_deg: f64 },
    /// Rosenbrock's banana valley f = (1 − x)² + 100(y − x²)². Minimum 0 at (1, 1).
    Rosenbrock,
    /// Beale's function f = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)².
    /// Minimum 0 at (3, 0.5).
    Beale,
    /// Himmelblau's function f = (x² + y − 11)² + (x + y² − 7)². Four minima, all 0: (3, 2),
    /// (−2.805118, 3.131312), (−3.779310, −3.283186), (3.584428, −1.848126).
    Himmelblau,
    /// The saddle f = x² − y²: a stationary point at (0, 0) that is not a minimum; unbounded
    /// below, so no minimum.
    Saddle,
    /// Rastrigin's function (A = 10, n = 2) f = 20 + x² − 10cos(2πx) + y² − 10cos(2πy): a
    /// bowl covered in local minima near the integer points. Global minimum 0 at (0, 0).
    Rastrigin,
}

/// The bowl's defaults when none are given: condition number 10, long axis at 30°.
pub const BOWL_DEFAULT_CONDITION: f64 = 10.0;
pub const BOWL_DEFAULT_ROTATION_DEG: f64 = 30.0;

/// The names, as [`TestFunction::name`] gives them, in menu order.
pub const FUNCTION_NAMES: [&str; 6] = ["bowl", "rosenbrock", "beale", "himmelblau", "saddle", "rastrigin"];

impl TestFunction {
    /// The command line's name.
    pub fn name(&self) -> &'static str {
        match self {
            TestFunction::Bowl { .. } => "bowl",
            TestFunction::Rosenbrock => "rosenbrock",
            TestFunction::Beale => "beale",
            TestFunction::Himmelblau => "himmelblau",
            TestFunction::Saddle => "saddle",
            TestFunction::Rastrigin => "rastrigin",
        }
    }

    /// The function named `name`; the bowl gets its default condition number and rotation.
    pub fn from_name(name: &str) -> Option<TestFunction> {
        Some(match name {
            "bowl" => TestFunction::Bowl { condition: BOWL_DEFAULT_CONDITION, rotation_deg: BOWL_DEFAULT_ROTATION_DEG },
            "rosenbrock" => TestFunction::Rosenbrock,
            "beale" => TestFunction::Beale,
            "himmelblau" => TestFunction::Himmelblau,
            "saddle" => TestFunction::Saddle,
            "rastrigin" => TestFunction::Rastrigin,
            _ => return None,
        })
    }

    /// An error message if the parameters are unusable (the bowl needs a finite K ≥ 1 and a
    /// finite angle).
    pub fn check(&self) -> Result<()> {
        if let TestFunction::Bowl { condition, rotation_deg } = *self {
            if !(condition.is_finite() && condition >= 1.0 && rotation_deg.is_finite()) {
                return Err(Problem::BowlShape { condition, rotation: rotation_deg }.into());
            }
        }
        Ok(())
    }

    /// f(x, y).
    pub fn value(&self, x: f64, y: f64) -> f64 {
        match *self {
            TestFunction::Bowl { condition, rotation_deg } => {
                let (xr, yr) = rotate_back(rotation_deg, x, y);
                0.5 * (xr * xr + condition * yr * yr)
            }
            TestFunction::Rosenbrock => (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2),
            TestFunction::Beale => {
                (1.5 - x + x * y).powi(2) + (2.25 - x + x * y * y).powi(2) + (2.625 - x + x * y * y * y).powi(2)
            }
            TestFunction::Himmelblau => (x * x + y - 11.0).powi(2) + (x + y * y - 7.0).powi(2),
            TestFunction::Saddle => x * x - y * y,
            TestFunction::Rastrigin => {
                20.0 + x * x - 10.0 * (2.0 * PI * x).cos() + y * y - 10.0 * (2.0 * PI * y).cos()
            }
        }
    }

    /// The same formula as [`TestFunction::value`] in Candle operations, differentiable:
    /// `p` holds (x, y) (shape (2,), any float dtype; the trajectory uses f64); the result
    /// is a scalar tensor.
    pub fn loss(&self, p: &Tensor) -> candle_core::Result<Tensor> {
        let x = p.get(0)?;
        let y = p.get(1)?;
        // a·t + b
        let lin = |t: &Tensor, a: f64, b: f64| t.affine(a, b);
        match *self {
            TestFunction::Bowl { condition, rotation_deg } => {
                let (s, c) = rotation_deg.to_radians().sin_cos();
                // (x′, y′) = R(−θ)(x, y)
                let xr = (lin(&x, c, 0.0)? + lin(&y, s, 0.0)?)?;
                let yr = (lin(&y, c, 0.0)? - lin(&x, s, 0.0)?)?;
                lin(&(xr.sqr()? + lin(&yr.sqr()?, condition, 0.0)?)?, 0.5, 0.0)
            }
            TestFunction::Rosenbrock => {
                let a = lin(&x, -1.0, 1.0)?.sqr()?;
                let b = (y - x.sqr()?)?.sqr()?;
                a + lin(&b, 100.0, 0.0)?
            }
            TestFunction::Beale => {
                let y2 = y.sqr()?;
                let y3 = (&y2 * &y)?;
                // c − x + x·yᵏ
                let term = |yk: &Tensor, c: f64| -> candle_core::Result<Tensor> {
                    (lin(&x, -1.0, c)? + (&x * yk)?)?.sqr()
                };
                (term(&y, 1.5)? + term(&y2, 2.25)?)? + term(&y3, 2.625)?
            }
            TestFunction::Himmelblau => {
                let a = lin(&(x.sqr()? + &y)?, 1.0, -11.0)?.sqr()?;
                let b = lin(&(&x + y.sqr()?)?, 1.0, -7.0)?.sqr()?;
                a + b
            }
            TestFunction::Saddle => x.sqr()? - y.sqr()?,
            TestFunction::Rastrigin => {
                // t² − 10cos(2πt)
                let term = |t: &Tensor| -> candle_core::Result<Tensor> {
                    t.sqr()? - lin(&lin(t, 2.0 * PI, 0.0)?.cos()?, 10.0, 0.0)?
                };
                lin(&(term(&x)? + term(&y)?)?, 1.0, 20.0)
            }
        }
    }

    /// The analytic gradient (∂f/∂x, ∂f/∂y).
    pub fn gradient(&self, x: f64, y: f64) -> (f64, f64) {
        match *self {
            TestFunction::Bowl { condition, rotation_deg } => {
                let (s, c) = rotation_deg.to_radians().sin_cos();
                let (xr, yr) = rotate_back(rotation_deg, x, y);
                // ∂x′/∂x = c, ∂x′/∂y = s, ∂y′/∂x = −s, ∂y′/∂y = c
                (xr * c - condition * yr * s, xr * s + condition * yr * c)
            }
            TestFunction::Rosenbrock => {
                (-2.0 * (1.0 - x) - 400.0 * x * (y - x * x), 200.0 * (y - x * x))
            }
            TestFunction::Beale => {
                let t1 = 1.5 - x + x * y;
                let t2 = 2.25 - x + x * y * y;
                let t3 = 2.625 - x + x * y * y * y;
                (
                    2.0 * t1 * (y - 1.0) + 2.0 * t2 * (y * y - 1.0) + 2.0 * t3 * (y * y * y - 1.0),
                    2.0 * t1 * x + 2.0 * t2 * (2.0 * x * y) + 2.0 * t3 * (3.0 * x * y * y),
                )
            }
            TestFunction::Himmelblau => {
                let a = x * x + y - 11.0;
                let b = x + y * y - 7.0;
                (4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b)
            }
            TestFunction::Saddle => (2.0 * x, -2.0 * y),
            TestFunction::Rastrigin => (
                2.0 * x + 20.0 * PI * (2.0 * PI * x).sin(),
                2.0 * y + 20.0 * PI * (2.0 * PI * y).sin(),
            ),
        }
    }

    /// The known global minima (none for the saddle, which is unbounded below).
    pub fn minima(&self) -> Vec<(f64, f64)> {
        match self {
            TestFunction::Bowl { .. } | TestFunction::Rastrigin => vec![(0.0, 0.0)],
            TestFunction::Rosenbrock => vec![(1.0, 1.0)],
            TestFunction::Beale => vec![(3.0, 0.5)],
            TestFunction::Himmelblau => vec![
                (3.0, 2.0),
                (-2.805118, 3.131312),
                (-3.779310, -3.283186),
                (3.584428, -1.848126),
            ],
            TestFunction::Saddle => vec![],
        }
    }

    /// A good plotting window: ((x min, x max), (y min, y max)). Contains the minima and the
    /// default start.
    pub fn domain(&self) -> ((f64, f64), (f64, f64)) {
        match self {
            TestFunction::Bowl { .. } => ((-2.0, 2.0), (-2.0, 2.0)),
            TestFunction::Rosenbrock => ((-2.0, 2.0), (-1.0, 3.0)),
            TestFunction::Beale => ((-4.5, 4.5), (-4.5, 4.5)),
            TestFunction::Himmelblau => ((-5.0, 5.0), (-5.0, 5.0)),
            TestFunction::Saddle => ((-2.0, 2.0), (-2.0, 2.0)),
            TestFunction::Rastrigin => ((-5.12, 5.12), (-5.12, 5.12)),
        }
    }

    /// Where a run starts unless told otherwise: an instructive point for each function
    /// (Rosenbrock's classic (−1.2, 1); just off the saddle's ridge so that escaping it
    /// shows; between Rastrigin's local minima).
    pub fn default_start(&self) -> (f64, f64) {
        match self {
            TestFunction::Bowl { .. } => (-1.5, 1.0),
            TestFunction::Rosenbrock => (-1.2, 1.0),
            TestFunction::Beale => (1.0, 1.5),
            TestFunction::Himmelblau => (0.0, 0.0),
            TestFunction::Saddle => (1.5, 0.01),
            TestFunction::Rastrigin => (3.4, 2.6),
        }
    }
}

/// (x, y) rotated by −θ (θ in degrees).
fn rotate_back(rotation_deg: f64, x: f64, y: f64) -> (f64, f64) {
    let (s, c) = rotation_deg.to_radians().sin_cos();
    (c * x + s * y, -s * x + c * y)
}

/// One point of an optimizer's path.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrajectoryPoint {
    pub step: usize,
    pub x: f64,
    pub y: f64,
    pub loss: f64,
}

impl TrajectoryPoint {
    pub fn is_finite(&self) -> bool {
        self.x.is_finite() && self.y.is_finite() && self.loss.is_finite()
    }
}

/// The path of the optimizer `opt` on `f` from `start`: step 0 is the start, then one point
/// after each of `steps` optimizer steps, each with the loss there. Stops early (without
/// error) if x, y or the loss becomes non-finite, including that point as the last one.
/// Errors: bad function parameters or start (`Config`), or the optimizer failing (`Candle`).
pub fn trajectory(f: &TestFunction, opt: &OptimizerConfig, start: (f64, f64), steps: usize) -> Result<Vec<TrajectoryPoint>> {
    f.check()?;
    if !(start.0.is_finite() && start.1.is_finite()) {
        return Err(EngineError::Config(format!("the start ({}, {}) must be finite", start.0, start.1)));
    }
    let p = Var::new(&[start.0, start.1], &Device::Cpu)?;
    let mut optimizer = Optimizer::new(opt, vec![p.clone()])?;
    let mut points = Vec::with_capacity(steps.saturating_add(1).min(1 << 20));
    for step in 0..=steps {
        // The loss at the current point is both the point's value and what the next step
        // differentiates.
        let loss = f.loss(p.as_tensor())?;
        let xy = p.to_vec1::<f64>()?;
        let point = TrajectoryPoint { step, x: xy[0], y: xy[1], loss: loss.to_scalar::<f64>()? };
        points.push(point);
        if !point.is_finite() || step == steps {
            break;
        }
        optimizer.backward_step(&loss)?;
    }
    Ok(points)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::OptimizerKind;

    fn all() -> Vec<TestFunction> {
        vec![
            TestFunction::Bowl { condition: 10.0, rotation_deg: 30.0 },
            TestFunction::Bowl { condition: 3.0, rotation_deg: -75.0 },
            TestFunction::Rosenbrock,
            TestFunction::Beale,
            TestFunction::Himmelblau,
            TestFunction::Saddle,
            TestFunction::Rastrigin,
        ]
    }

    /// Points where the gradients are checked: the default start, a few others, and the minima.
    fn probe_points(f: &TestFunction) -> Vec<(f64, f64)> {
        let mut pts = vec![f.default_start(), (0.3, -0.7), (-1.1, 0.4), (1.7, 1.2)];
        pts.extend(f.minima());
        pts
    }

    fn candle_gradient(f: &TestFunction, x: f64, y: f64) -> (f64, f64, f64) {
        let p = Var::new(&[x, y], &Device::Cpu).unwrap();
        let loss = f.loss(p.as_tensor()).unwrap();
        assert_eq!(loss.dims(), &[] as &[usize], "{}: loss must be a scalar", f.name());
        let g = loss.backward().unwrap().get(p.as_tensor()).unwrap().to_vec1::<f64>().unwrap();
        (loss.to_scalar::<f64>().unwrap(), g[0], g[1])
    }

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs()))
    }

    #[test]
    fn names_round_trip() {
        for name in FUNCTION_NAMES {
            assert_eq!(TestFunction::from_name(name).unwrap().name(), name);
        }
        assert_eq!(TestFunction::from_name("banana"), None);
        for f in all() {
            assert!(FUNCTION_NAMES.contains(&f.name()));
        }
    }

    #[test]
    fn value_is_zero_at_the_minima() {
        for f in all() {
            for (x, y) in f.minima() {
                assert!(f.value(x, y).abs() < 1e-6, "{} at ({x}, {y}): {}", f.name(), f.value(x, y));
                let (gx, gy) = f.gradient(x, y);
                // Himmelblau's minima are given to 6 decimals, so its gradient there is only small.
                assert!(gx.abs() < 1e-3 && gy.abs() < 1e-3, "{} gradient at ({x}, {y})", f.name());
            }
        }
        assert!(TestFunction::Saddle.minima().is_empty());
        assert_eq!(TestFunction::Himmelblau.minima().len(), 4);
    }

    #[test]
    fn value_at_hand_computed_points() {
        let cases: Vec<(TestFunction, (f64, f64), f64)> = vec![
            (TestFunction::Rosenbrock, (0.0, 0.0), 1.0),
            (TestFunction::Rosenbrock, (-1.0, 1.0), 4.0),
            (TestFunction::Rosenbrock, (2.0, 1.0), 1.0 + 900.0),
            // 1.5² + 2.25² + 2.625²
            (TestFunction::Beale, (0.0, 0.0), 2.25 + 5.0625 + 6.890625),
            // (1.5 − 1 + 1)² + (2.25)² + (2.625)²
            (TestFunction::Beale, (1.0, 1.0), 2.25 + 5.0625 + 6.890625),
            (TestFunction::Himmelblau, (0.0, 0.0), 121.0 + 49.0),
            (TestFunction::Himmelblau, (1.0, 1.0), 81.0 + 25.0),
            (TestFunction::Saddle, (1.0, 2.0), -3.0),
            // cos(π) = −1: 20 + ¼ + 10 + ¼ + 10
            (TestFunction::Rastrigin, (0.5, 0.5), 40.5),
            (TestFunction::Rastrigin, (1.0, 0.0), 1.0),
            // Long axis along y (θ = 90°): moving along y costs ½, along x costs ½·K.
            (TestFunction::Bowl { condition: 4.0, rotation_deg: 90.0 }, (0.0, 1.0), 0.5),
            (TestFunction::Bowl { condition: 4.0, rotation_deg: 90.0 }, (1.0, 0.0), 2.0),
            (TestFunction::Bowl { condition: 1.0, rotation_deg: 0.0 }, (3.0, 4.0), 12.5),
            // θ = 45°: (1, 1) lies on the long axis at distance √2.
            (TestFunction::Bowl { condition: 9.0, rotation_deg: 45.0 }, (1.0, 1.0), 1.0),
            (TestFunction::Bowl { condition: 9.0, rotation_deg: 45.0 }, (1.0, -1.0), 9.0),
        ];
        for (f, (x, y), want) in cases {
            assert!(close(f.value(x, y), want, 1e-12), "{} at ({x}, {y}): {} ≠ {want}", f.name(), f.value(x, y));
        }
    }

    #[test]
    fn loss_equals_value() {
        for f in all() {
            for (x, y) in probe_points(&f) {
                let (l, _, _) = candle_gradient(&f, x, y);
                assert!(close(l, f.value(x, y), 1e-12), "{} at ({x}, {y}): {l} ≠ {}", f.name(), f.value(x, y));
            }
        }
    }

    #[test]
    fn gradients_agree_candle_analytic_and_finite_differences() {
        let h = 1e-6;
        for f in all() {
            for (x, y) in probe_points(&f) {
                let (_, cx, cy) = candle_gradient(&f, x, y);
                let (gx, gy) = f.gradient(x, y);
                let fx = (f.value(x + h, y) - f.value(x - h, y)) / (2.0 * h);
                let fy = (f.value(x, y + h) - f.value(x, y - h)) / (2.0 * h);
                let at = format!("{} at ({x}, {y})", f.name());
                assert!(close(cx, gx, 1e-10) && close(cy, gy, 1e-10), "{at}: candle ({cx}, {cy}) vs analytic ({gx}, {gy})");
                assert!(close(fx, gx, 1e-6) && close(fy, gy, 1e-6), "{at}: differences ({fx}, {fy}) vs analytic ({gx}, {gy})");
            }
        }
    }

    #[test]
    fn bowl_condition_number_is_the_hessian_eigenvalue_ratio_with_the_long_axis_at_theta() {
        let h = 1e-4;
        for (k, theta) in [(10.0, 30.0), (1.0, 0.0), (25.0, -60.0), (3.5, 135.0)] {
            let f = TestFunction::Bowl { condition: k, rotation_deg: theta };
            let (x, y) = (0.4, -0.9);
            // Finite-difference Hessian from the values alone.
            let v = |dx: f64, dy: f64| f.value(x + dx, y + dy);
            let a = (v(h, 0.0) - 2.0 * v(0.0, 0.0) + v(-h, 0.0)) / (h * h);
            let d = (v(0.0, h) - 2.0 * v(0.0, 0.0) + v(0.0, -h)) / (h * h);
            let b = (v(h, h) - v(h, -h) - v(-h, h) + v(-h, -h)) / (4.0 * h * h);
            let mid = (a + d) / 2.0;
            let r = (((a - d) / 2.0).powi(2) + b * b).sqrt();
            let (small, large) = (mid - r, mid + r);
            assert!(close(small, 1.0, 1e-5), "K={k} θ={theta}: small eigenvalue {small}");
            assert!(close(large / small, k, 1e-5), "K={k} θ={theta}: ratio {}", large / small);
            // The small eigenvalue's eigenvector — the long axis — points at angle θ.
            let (s, c) = theta.to_radians().sin_cos();
            let hv = (a * c + b * s, b * c + d * s);
            assert!(close(hv.0, small * c, 1e-5) && close(hv.1, small * s, 1e-5), "K={k} θ={theta}: axis");
        }
    }

    #[test]
    fn sgd_on_the_round_bowl_shrinks_by_one_minus_lr_each_step() {
        // ∇f = (x, y), so one SGD step multiplies both coordinates by 1 − 0.1 = 0.9.
        let f = TestFunction::Bowl { condition: 1.0, rotation_deg: 0.0 };
        let cfg = OptimizerConfig::defaults(OptimizerKind::Sgd, 0.1);
        let path = trajectory(&f, &cfg, (1.0, 1.0), 20).unwrap();
        assert_eq!(path.len(), 21);
        assert_eq!(path[0], TrajectoryPoint { step: 0, x: 1.0, y: 1.0, loss: 1.0 });
        for (t, p) in path.iter().enumerate() {
            let want = 0.9f64.powi(t as i32);
            assert_eq!(p.step, t);
            assert!(close(p.x, want, 1e-12) && close(p.y, want, 1e-12), "step {t}: ({}, {})", p.x, p.y);
            assert!(close(p.loss, want * want, 1e-12), "step {t}: loss {}", p.loss);
        }
    }

    #[test]
    fn sgd_step_on_rosenbrock_matches_the_analytic_gradient() {
        let f = TestFunction::Rosenbrock;
        let lr = 1e-3;
        let (x, y) = f.default_start();
        let path = trajectory(&f, &OptimizerConfig::defaults(OptimizerKind::Sgd, lr), (x, y), 1).unwrap();
        let (gx, gy) = f.gradient(x, y);
        assert_eq!((path[0].x, path[0].y), (x, y));
        assert!(close(path[1].x, x - lr * gx, 1e-12) && close(path[1].y, y - lr * gy, 1e-12));
        assert!(close(path[1].loss, f.value(path[1].x, path[1].y), 1e-12));
    }

    #[test]
    fn step_zero_is_the_start_and_zero_steps_give_only_the_start() {
        let cfg = OptimizerConfig::defaults(OptimizerKind::Sgd, 0.01);
        for f in all() {
            let start = f.default_start();
            let path = trajectory(&f, &cfg, start, 0).unwrap();
            assert_eq!(path.len(), 1, "{}", f.name());
            assert_eq!((path[0].step, path[0].x, path[0].y), (0, start.0, start.1));
            assert!(close(path[0].loss, f.value(start.0, start.1), 1e-12), "{}", f.name());
            let path = trajectory(&f, &cfg, (0.25, -0.5), 3).unwrap();
            assert_eq!((path[0].step, path[0].x, path[0].y), (0, 0.25, -0.5));
        }
    }

    #[test]
    fn a_diverging_run_stops_at_the_first_non_finite_point() {
        let f = TestFunction::Rosenbrock;
        let path = trajectory(&f, &OptimizerConfig::defaults(OptimizerKind::Sgd, 10.0), f.default_start(), 1000).unwrap();
        assert!(path.len() > 1 && path.len() < 1001, "{} points", path.len());
        let (last, before) = path.split_last().unwrap();
        assert!(!last.is_finite(), "{last:?}");
        assert!(before.iter().all(TrajectoryPoint::is_finite));
        assert_eq!(last.step, path.len() - 1);
    }

    #[test]
    fn bad_parameters_are_refused() {
        let cfg = OptimizerConfig::defaults(OptimizerKind::Sgd, 0.01);
        let bad = TestFunction::Bowl { condition: 0.5, rotation_deg: 0.0 };
        assert!(matches!(trajectory(&bad, &cfg, (1.0, 1.0), 3), Err(EngineError::Problem(Problem::BowlShape { condition: 0.5, .. }))));
        let bad = TestFunction::Bowl { condition: 2.0, rotation_deg: f64::NAN };
        assert!(matches!(trajectory(&bad, &cfg, (1.0, 1.0), 3), Err(EngineError::Problem(Problem::BowlShape { .. }))));
        assert!(matches!(trajectory(&TestFunction::Saddle, &cfg, (f64::INFINITY, 1.0), 3), Err(EngineError::Config(_))));
    }

    #[test]
    fn domains_contain_the_minima_and_the_default_start() {
        for f in all() {
            let ((x0, x1), (y0, y1)) = f.domain();
            for (x, y) in f.minima().into_iter().chain([f.default_start()]) {
                assert!(x0 <= x && x <= x1 && y0 <= y && y <= y1, "{} ({x}, {y})", f.name());
            }
        }
    }

    #[test]
    fn points_serialize_as_flat_json() {
        let p = TrajectoryPoint { step: 2, x: 0.5, y: -1.0, loss: 3.0 };
        assert_eq!(serde_json::to_string(&p).unwrap(), r#"{"step":2,"x":0.5,"y":-1.0,"loss":3.0}"#);
    }
}
