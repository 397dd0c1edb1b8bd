//! A fast tanh: a Candle custom op (forward and backward) built on rational approximations,
//! used by [`Activation::Tanh`](super::Activation). Candle's own `tanh` calls the library
//! function per element (~11 ns each), which dominated the step of a small network.
//!
//! - **f32** (what the page trains in): the clamped odd rational p(x)/q(x) of degrees 13/6
//!   from Eigen (`generic_fast_tanh_float` in `Eigen/src/Core/MathFunctionsImpl.h`; the same
//!   coefficients serve XLA and ONNX Runtime's MLAS), with x clamped to ±7.90531110763549805,
//!   where tanh rounds to ±1 in f32. Measured against f64 tanh: at most 3.3·10⁻⁷ absolute
//!   error (a few f32 ulps; tests check 5·10⁻⁷). Branch-free, so loops over slices vectorize.
//! - **f64** (the gradient checks): Cephes' `tanh.c` (S. L. Moshier; the same coefficients as
//!   Go's `math.Tanh`): the minimax rational x + x·z·P(z)/Q(z), z = x², of degrees 2/3 in z
//!   below |x| < 0.625, and 1 − 2/(e^{2|x|} + 1) above; accurate to ~1 ulp, so f64 results
//!   keep their 1e-9 and finite-difference tolerances.
//!
//! The backward pass uses the result y: ∂tanh/∂x = 1 − y², fused into one op.

// The coefficients are quoted digit for digit from their sources.
#![allow(clippy::excessive_precision)]

use candle_core::backend::BackendStorage;
use candle_core::{bail, CpuStorage, CustomOp1, CustomOp2, Layout, Result, Shape, Tensor};

/// Where f32 tanh rounds to ±1 (Eigen's clamp without FMA).
const CLAMP_F32: f32 = 7.905_311;

const ALPHA_1: f32 = 4.893_524_558_917_86e-3;
const ALPHA_3: f32 = 6.372_619_288_754_36e-4;
const ALPHA_5: f32 = 1.485_722_357_179_79e-5;
const ALPHA_7: f32 = 5.122_297_090_371_14e-8;
const ALPHA_9: f32 = -8.604_671_522_137_35e-11;
const ALPHA_11: f32 = 2.000_187_904_824_77e-13;
const ALPHA_13: f32 = -2.760_768_477_423_55e-16;
const BETA_0: f32 = 4.893_525_185_543_85e-3;
const BETA_2: f32 = 2.268_434_632_439_00e-3;
const BETA_4: f32 = 1.185_347_056_866_54e-4;
const BETA_6: f32 = 1.198_258_394_667_02e-6;

/// tanh(x) in f32 by Eigen's clamped 13/6 rational. NaN stays NaN.
#[inline(always)]
pub fn tanh_f32(x: f32) -> f32 {
    // `max`/`min` return the other operand for a NaN; keep NaN visible (a diverged run).
    let c = x.clamp(-CLAMP_F32, CLAMP_F32);
    let x2 = c * c;
    let p = x2 * ALPHA_13 + ALPHA_11;
    let p = x2 * p + ALPHA_9;
    let p = x2 * p + ALPHA_7;
    let p = x2 * p + ALPHA_5;
    let p = x2 * p + ALPHA_3;
    let p = x2 * p + ALPHA_1;
    let p = c * p;
    let q = x2 * BETA_6 + BETA_4;
    let q = x2 * q + BETA_2;
    let q = x2 * q + BETA_0;
    p / q
}

const TANH_P: [f64; 3] = [-9.643_991_794_250_522e-1, -9.928_772_310_019_186e1, -1.614_687_684_417_084_5e3];
const TANH_Q: [f64; 3] = [1.128_116_784_916_329_3e2, 2.235_488_390_601_004_8e3, 4.844_063_053_251_255e3];

/// tanh(x) in f64 by Cephes' method (rational below 0.625, exponential form above).
#[inline]
pub fn tanh_f64(x: f64) -> f64 {
    let z = x.abs();
    if z.is_nan() {
        return x;
    }
    if z >= 0.625 {
        // e^{2z} overflows to ∞ for z > ~355, and 2/∞ = 0: exactly ±1, as it should be.
        let r = 1.0 - 2.0 / ((2.0 * z).exp() + 1.0);
        return if x < 0.0 { -r } else { r };
    }
    let s = x * x;
    let p = (TANH_P[0] * s + TANH_P[1]) * s + TANH_P[2];
    let q = ((s + TANH_Q[0]) * s + TANH_Q[1]) * s + TANH_Q[2];
    x + x * s * p / q
}

/// tanh of every element of `v`, in place (vectorizes).
pub fn tanh_slice_f32(v: &mut [f32]) {
    for x in v.iter_mut() {
        *x = tanh_f32(*x);
    }
}

/// The op. Use [`tanh`] rather than this directly.
pub struct FastTanh;

fn contiguous<'a, T>(v: &'a [T], layout: &Layout) -> Result<&'a [T]> {
    match layout.contiguous_offsets() {
        Some((start, end)) => Ok(&v[start..end]),
        None => bail!("fast tanh needs a contiguous tensor"),
    }
}

impl CustomOp1 for FastTanh {
    fn name(&self) -> &'static str {
        "fast-tanh"
    }

    fn cpu_fwd(&self, storage: &CpuStorage, layout: &Layout) -> Result<(CpuStorage, Shape)> {
        let out = match storage {
            CpuStorage::F32(v) => CpuStorage::F32(contiguous(v, layout)?.iter().map(|&x| tanh_f32(x)).collect()),
            CpuStorage::F64(v) => CpuStorage::F64(contiguous(v, layout)?.iter().map(|&x| tanh_f64(x)).collect()),
            other => bail!("fast tanh supports f32 and f64, not {:?}", other.dtype()),
        };
        Ok((out, layout.shape().clone()))
    }

    fn bwd(&self, _arg: &Tensor, res: &Tensor, grad_res: &Tensor) -> Result<Option<Tensor>> {
        if res.is_contiguous() && grad_res.is_contiguous() && res.shape() == grad_res.shape() {
            Ok(Some(grad_res.apply_op2_no_bwd(res, &TanhGrad)?))
        } else {
            Ok(Some(grad_res.mul(&res.sqr()?.affine(-1.0, 1.0)?)?))
        }
    }
}

/// g·(1 − y²) for the gradient g of y = tanh(x): the backward pass in one op.
struct TanhGrad;

impl CustomOp2 for TanhGrad {
    fn name(&self) -> &'static str {
        "fast-tanh-grad"
    }

    fn cpu_fwd(&self, s1: &CpuStorage, l1: &Layout, s2: &CpuStorage, l2: &Layout) -> Result<(CpuStorage, Shape)> {
        let out = match (s1, s2) {
            (CpuStorage::F32(g), CpuStorage::F32(y)) => CpuStorage::F32(
                contiguous(g, l1)?.iter().zip(contiguous(y, l2)?).map(|(&g, &y)| g * (1.0 - y * y)).collect(),
            ),
            (CpuStorage::F64(g), CpuStorage::F64(y)) => CpuStorage::F64(
                contiguous(g, l1)?.iter().zip(contiguous(y, l2)?).map(|(&g, &y)| g * (1.0 - y * y)).collect(),
            ),
            (a, b) => bail!("fast tanh gradient: unsupported dtypes {:?} and {:?}", a.dtype(), b.dtype()),
        };
        Ok((out, l1.shape().clone()))
    }
}

/// tanh(x), differentiable, by the rational approximations above (f32 and f64 tensors).
pub fn tanh(x: &Tensor) -> Result<Tensor> {
    if x.is_contiguous() {
        x.apply_op1(FastTanh)
    } else {
        x.contiguous()?.apply_op1(FastTanh)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::{Device, Var};

    fn probes() -> Vec<f64> {
        // Dense over [−10, 10], plus tiny, huge and boundary values.
        let mut v: Vec<f64> = (-20_000..=20_000).map(|i| i as f64 * 5e-4).collect();
        v.extend([1e-30, -1e-30, 1e-8, 3e-4, 0.624_999, 0.625, 7.9, 7.906, 8.0, 20.0, 400.0, -400.0, 1e30, -1e30]);
        v
    }

    #[test]
    fn f32_is_within_5e_7_of_tanh() {
        let mut worst = 0.0f64;
        for x in probes() {
            let y = tanh_f32(x as f32) as f64;
            worst = worst.max((y - (x as f32 as f64).tanh()).abs());
            assert!(y.abs() <= 1.0, "{x}: {y}");
        }
        assert!(worst < 1e-6, "worst error {worst}");
        assert!(worst < 5e-7, "worst error {worst}");
        assert_eq!(tanh_f32(0.0), 0.0);
        assert_eq!(tanh_f32(f32::INFINITY), 1.0);
        assert_eq!(tanh_f32(f32::NEG_INFINITY), -1.0);
        assert!(tanh_f32(f32::NAN).is_nan());
        // Odd.
        for x in [0.1f32, 0.7, 2.5, 6.0] {
            assert_eq!(tanh_f32(-x), -tanh_f32(x));
        }
    }

    #[test]
    fn f64_is_within_1e_15_of_tanh() {
        for x in probes() {
            let (y, want) = (tanh_f64(x), x.tanh());
            assert!((y - want).abs() <= 1e-15 * (1.0 + want.abs()), "{x}: {y} vs {want}");
        }
        // Tiny arguments keep full relative accuracy (no cancellation).
        assert_eq!(tanh_f64(1e-30), 1e-30);
        assert_eq!((tanh_f64(f64::INFINITY), tanh_f64(f64::NEG_INFINITY)), (1.0, -1.0));
        assert!(tanh_f64(f64::NAN).is_nan());
    }

    #[test]
    fn op_values_and_gradient_match_tanh() {
        let dev = Device::Cpu;
        let xs: Vec<f64> = (-60..=60).map(|i| i as f64 * 0.1).collect();
        // f64: values to 1e-15, gradient 1 − tanh² to 1e-14.
        let x = Var::new(xs.as_slice(), &dev).unwrap();
        let y = tanh(x.as_tensor()).unwrap();
        let g = y.sum_all().unwrap().backward().unwrap().get(x.as_tensor()).unwrap().to_vec1::<f64>().unwrap();
        for ((&x, y), g) in xs.iter().zip(y.to_vec1::<f64>().unwrap()).zip(g) {
            assert!((y - x.tanh()).abs() < 1e-15, "{x}");
            assert!((g - (1.0 - x.tanh().powi(2))).abs() < 1e-14, "{x}: {g}");
        }
        // f32: values and gradient to 1e-6; an upstream gradient other than 1 is multiplied in.
        let xs32: Vec<f32> = xs.iter().map(|&x| x as f32).collect();
        let x = Var::new(xs32.as_slice(), &dev).unwrap();
        let y = tanh(x.as_tensor()).unwrap();
        let g = y.affine(3.0, 0.0).unwrap().sum_all().unwrap().backward().unwrap();
        let g = g.get(x.as_tensor()).unwrap().to_vec1::<f32>().unwrap();
        for ((&x, y), g) in xs32.iter().zip(y.to_vec1::<f32>().unwrap()).zip(g) {
            let t = (x as f64).tanh();
            assert!((y as f64 - t).abs() < 1e-6, "{x}");
            assert!((g as f64 - 3.0 * (1.0 - t * t)).abs() < 3e-6, "{x}: {g}");
        }
    }

    #[test]
    fn op_handles_shapes_and_non_contiguous_input() {
        let dev = Device::Cpu;
        let m = Tensor::arange(0f32, 12.0, &dev).unwrap().affine(0.25, -1.5).unwrap().reshape((3, 4)).unwrap();
        let t = m.t().unwrap();
        assert!(!t.is_contiguous());
        let y = tanh(&t).unwrap();
        assert_eq!(y.dims(), &[4, 3]);
        let want = t.tanh().unwrap().to_vec2::<f32>().unwrap();
        for (a, b) in y.to_vec2::<f32>().unwrap().iter().flatten().zip(want.iter().flatten()) {
            assert!((a - b).abs() < 1e-6);
        }
        // Unsupported dtypes are errors, not panics.
        assert!(tanh(&Tensor::new(&[1u32, 2], &dev).unwrap()).is_err());
    }
}
