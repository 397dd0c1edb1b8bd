//! Loss functions. For now: binary cross-entropy on logits (sigmoid output).
//! Later issues add MSE, multi-class cross-entropy, hinge and Dice here.

use candle_core::{Result, Tensor};

/// Mean binary cross-entropy of logits `z` against labels `y` in {0, 1}:
/// BCE = mean(−y·log σ(z) − (1−y)·log(1−σ(z))), computed in the overflow-free form
/// max(z, 0) − z·y + log(1 + exp(−|z|)) (as PyTorch's `BCEWithLogitsLoss`).
pub fn bce_with_logits(z: &Tensor, y: &Tensor) -> Result<Tensor> {
    let softplus = z.abs()?.neg()?.exp()?.affine(1.0, 1.0)?.log()?;
    (z.relu()? - (z * y)?)?.add(&softplus)?.mean_all()
}

/// Fraction of points where the predicted class (logit > 0) equals the label.
pub fn accuracy(z: &Tensor, y: &Tensor) -> Result<f32> {
    let pred = z.gt(0.0)?.to_dtype(y.dtype())?;
    let right = pred.eq(y)?.to_dtype(candle_core::DType::F32)?;
    right.mean_all()?.to_scalar::<f32>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::Device;

    #[test]
    fn bce_matches_the_formula() {
        // By hand: z = [2, -1, 0], y = [1, 1, 0]
        // −log σ(2) = 0.126928, −log σ(−1) = 1.313262, −log(1 − σ(0)) = 0.693147 → mean 0.711112
        let z = Tensor::new(&[[2.0f64], [-1.0], [0.0]], &Device::Cpu).unwrap();
        let y = Tensor::new(&[[1.0f64], [1.0], [0.0]], &Device::Cpu).unwrap();
        let l = bce_with_logits(&z, &y).unwrap().to_scalar::<f64>().unwrap();
        assert!((l - 0.711112).abs() < 1e-6, "{l}");
        assert!((accuracy(&z, &y).unwrap() - 2.0 / 3.0).abs() < 1e-6);
    }

    #[test]
    fn bce_is_finite_for_huge_logits() {
        let z = Tensor::new(&[[1000.0f32], [-1000.0]], &Device::Cpu).unwrap();
        let y = Tensor::new(&[[0.0f32], [1.0]], &Device::Cpu).unwrap();
        let l = bce_with_logits(&z, &y).unwrap().to_scalar::<f32>().unwrap();
        assert!((l - 1000.0).abs() < 1e-3, "{l}");
    }
}
