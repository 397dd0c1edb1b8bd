//! Branch-free f32 `exp` and `ln(1 + u)` for the loss surface's inner loops: written with
//! plain arithmetic and bit operations only, so loops over slices vectorize (the library
//! functions are calls, one element at a time). Both are within a few f32 ulps of the true
//! values (tested against f64).

// Cephes' coefficients, quoted digit for digit.
#![allow(clippy::excessive_precision)]

/// 1.5·2²³: adding it to |t| < 2²² leaves t rounded to the nearest integer (ties to even) in
/// the low mantissa bits, with no fraction bits: plain adds, so it vectorizes everywhere
/// (unlike `round` and float-to-int casts, which are library calls or scalar code on baseline
/// x86-64).
const MAGIC: f32 = 12_582_912.0;

/// e^x in f32, by Cephes' `expf` method (S. L. Moshier): x = n·ln 2 + r with |r| ≤ ½ln 2,
/// e^r by its degree-6 minimax polynomial, times 2ⁿ built from the exponent bits. x is clamped
/// to [−87.3, 88.7], so the result is a normal f32 or the largest finite one; NaN gives NaN.
#[inline(always)]
pub fn exp_f32(x: f32) -> f32 {
    const LOG2E: f32 = std::f32::consts::LOG2_E;
    const LN2_HI: f32 = 0.693_359_4;
    const LN2_LO: f32 = -2.121_944_4e-4;
    let x = x.clamp(-87.3, 88.0);
    let t = x * LOG2E + MAGIC;
    let n = t - MAGIC;
    let r = x - n * LN2_HI - n * LN2_LO;
    let p = 1.987_569_2e-4f32;
    let p = p * r + 1.398_2e-3;
    let p = p * r + 8.333_452e-3;
    let p = p * r + 4.166_579_6e-2;
    let p = p * r + 1.666_666_5e-1;
    let p = p * r + 5.000_000_1e-1;
    let e = p * r * r + r + 1.0;
    // 2ⁿ: n + 127 in the exponent field (n is in [−126, 127] here). t's low bits hold n, and
    // the bits of MAGIC above them shift out: (bits(t) + 127) << 23 = (n + 127) << 23.
    e * f32::from_bits(t.to_bits().wrapping_add(127) << 23)
}

/// ln(1 + u) for u in [0, 1] (outside it, still finite but less accurate): with
/// s = u/(2 + u) ∈ [0, ⅓], ln(1 + u) = 2·atanh(s) = 2(s + s³/3 + s⁵/5 + … + s¹³/13); the first
/// omitted term is below 1e-8.
#[inline(always)]
pub fn ln_1p_unit(u: f32) -> f32 {
    let s = u / (2.0 + u);
    let s2 = s * s;
    let p = 1.0 / 13.0f32;
    let p = p * s2 + 1.0 / 11.0;
    let p = p * s2 + 1.0 / 9.0;
    let p = p * s2 + 1.0 / 7.0;
    let p = p * s2 + 1.0 / 5.0;
    let p = p * s2 + 1.0 / 3.0;
    let p = p * s2 + 1.0;
    2.0 * s * p
}

/// max(z, 0), with NaN giving 0 as `z.max(0.0)` does, written as a comparison and select: on
/// wasm32 `f32::max` (IEEE maxNum) has no instruction and becomes a call to `fmaxf` per element,
/// which keeps a loop from vectorizing; this becomes `f32x4.gt` + `v128.bitselect` (natively
/// `maxps`-class code as before).
#[inline(always)]
pub fn relu_f32(z: f32) -> f32 {
    if z > 0.0 { z } else { 0.0 }
}

/// σ(z) = 1/(1 + e^{−z}).
#[inline(always)]
pub fn sigmoid_f32(z: f32) -> f32 {
    1.0 / (1.0 + exp_f32(-z))
}

/// ln(1 + e^{−|z|}), the overflow-free softplus term of binary cross-entropy.
#[inline(always)]
pub fn softplus_neg_abs(z: f32) -> f32 {
    ln_1p_unit(exp_f32(-z.abs()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_is_within_3_ulp() {
        let mut worst = 0.0f64;
        for i in -87_300..=87_900 {
            let x = i as f32 * 1e-3;
            let (got, want) = (exp_f32(x) as f64, (x as f64).exp());
            worst = worst.max((got - want).abs() / want);
        }
        assert!(worst < 3.0 * f32::EPSILON as f64, "worst relative error {worst}");
        assert_eq!(exp_f32(0.0), 1.0);
        assert!(exp_f32(-1000.0) > 0.0 && exp_f32(-1000.0) < 1e-37);
        assert!(exp_f32(1000.0).is_finite() && exp_f32(1000.0) > 1e38);
        assert!(exp_f32(-1000.0).is_finite() && exp_f32(-1000.0) >= 0.0);
        assert!(exp_f32(f32::NAN).is_nan());
    }

    #[test]
    fn ln_1p_and_softplus_match_f64() {
        for i in 0..=10_000 {
            let u = i as f32 * 1e-4;
            let (got, want) = (ln_1p_unit(u) as f64, (u as f64).ln_1p());
            assert!((got - want).abs() < 1.5e-7 * (1.0 + want), "{u}: {got} vs {want}");
        }
        assert_eq!(ln_1p_unit(0.0), 0.0);
        for z in [-3.5f32, -0.0, 0.0, 1e-30, 2.25, f32::INFINITY, f32::NEG_INFINITY, f32::NAN] {
            assert_eq!(relu_f32(z), z.max(0.0), "{z}");
        }
        for i in -4000..=4000 {
            let z = i as f32 * 0.01;
            let want = (1.0 + (-(z as f64).abs()).exp()).ln();
            assert!((softplus_neg_abs(z) as f64 - want).abs() < 2e-7, "{z}");
            let want = 1.0 / (1.0 + (-(z as f64)).exp());
            assert!((sigmoid_f32(z) as f64 - want).abs() < 2e-7, "{z}");
        }
    }
}
