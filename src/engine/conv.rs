//! Convolution and pooling for the CNN family, as Candle custom ops over NHWC tensors
//! (batch, height, width, channels): the layout in which a convolution is one matrix product
//! and batch norm over channels is `BatchNorm1d` over the rows.
//!
//! - [`im2col`] unfolds every K×K window ("same" padding, stride S) into a row of K·K·C
//!   numbers followed by a 1, so a convolution with F filters is `im2col(x) · W` with W of
//!   shape (K·K·C + 1, F), its last row the biases. The biases' gradient is then part of one
//!   matrix product (Candle's conv2d reduces over (0, 2, 3) for it, slowly), and the first
//!   layer's unfolding of the data is a constant: no gradient is computed for the input.
//! - [`pool`] is max or average pooling, K×K with stride K (the output side is ⌊side/K⌋).
//!
//! Both support f32 (training) and f64 (gradient checks); backward passes are their own
//! ops (col2im; routing to the window's first maximum, or spreading 1/K² evenly).

use candle_core::backend::BackendStorage;
use candle_core::{bail, CpuStorage, CustomOp1, Layout, Result, Shape, Tensor, WithDType};

fn contiguous<'a, T>(v: &'a [T], layout: &Layout) -> Result<&'a [T]> {
    match layout.contiguous_offsets() {
        Some((start, end)) => Ok(&v[start..end]),
        None => bail!("convolution needs a contiguous tensor"),
    }
}

fn dims4(layout: &Layout) -> Result<(usize, usize, usize, usize)> {
    layout.shape().dims4()
}

/// `$f(slice)` on an f32 or f64 storage (the only dtypes these ops take), as the same dtype.
macro_rules! f32_or_f64 {
    ($storage:expr, $layout:expr, $what:literal, |$v:ident| $f:expr) => {
        match $storage {
            CpuStorage::F32(s) => {
                let $v = contiguous(s, $layout)?;
                CpuStorage::F32($f)
            }
            CpuStorage::F64(s) => {
                let $v = contiguous(s, $layout)?;
                CpuStorage::F64($f)
            }
            other => bail!("{} supports f32 and f64, not {:?}", $what, other.dtype()),
        }
    };
}

/// The unfolding: x (N, H, W, C) → (N·Ho·Wo, K·K·C + 1).
struct Im2Col {
    kernel: usize,
    stride: usize,
}

impl Im2Col {
    fn out_side(&self, side: usize) -> usize {
        side.div_ceil(self.stride)
    }

    /// For output column `ox`: the kernel columns that fall inside the image, `kx_lo..kx_hi`,
    /// and the image column of `kx_lo`. In NHWC those kernel columns of one kernel row are
    /// one contiguous run of (kx_hi − kx_lo)·C numbers, copied (or added) at once.
    fn columns(&self, ox: usize, w: usize) -> (usize, usize, usize) {
        let (k, pad) = (self.kernel, self.kernel / 2);
        let left = (ox * self.stride) as isize - pad as isize;
        let lo = (-left).max(0) as usize;
        let hi = ((w as isize - left).min(k as isize)).max(lo as isize) as usize;
        (lo, hi, (left + lo as isize) as usize)
    }

    fn forward<T: WithDType>(&self, src: &[T], (n, h, w, c): (usize, usize, usize, usize)) -> Vec<T> {
        let (k, s, pad) = (self.kernel, self.stride, self.kernel / 2);
        let (ho, wo) = (self.out_side(h), self.out_side(w));
        let cols = k * k * c + 1;
        let mut out = vec![T::zero(); n * ho * wo * cols];
        for (r, row) in out.chunks_exact_mut(cols).enumerate() {
            let (b, oy, ox) = (r / (ho * wo), (r / wo) % ho, r % wo);
            let (lo, hi, x0) = self.columns(ox, w);
            for ky in 0..k {
                let y = (oy * s + ky) as isize - pad as isize;
                if y < 0 || y >= h as isize || hi == lo {
                    continue;
                }
                let from = ((b * h + y as usize) * w + x0) * c;
                let len = (hi - lo) * c;
                row[(ky * k + lo) * c..][..len].copy_from_slice(&src[from..from + len]);
            }
            row[cols - 1] = T::one();
        }
        out
    }

    /// col2im: the gradient of the rows back onto the image (overlapping windows add up).
    fn backward<T: WithDType>(&self, grad: &[T], (n, h, w, c): (usize, usize, usize, usize)) -> Vec<T> {
        let (k, s, pad) = (self.kernel, self.stride, self.kernel / 2);
        let (ho, wo) = (self.out_side(h), self.out_side(w));
        let cols = k * k * c + 1;
        let mut dx = vec![T::zero(); n * h * w * c];
        for (r, row) in grad.chunks_exact(cols).enumerate().take(n * ho * wo) {
            let (b, oy, ox) = (r / (ho * wo), (r / wo) % ho, r % wo);
            let (lo, hi, x0) = self.columns(ox, w);
            for ky in 0..k {
                let y = (oy * s + ky) as isize - pad as isize;
                if y < 0 || y >= h as isize || hi == lo {
                    continue;
                }
                let to = ((b * h + y as usize) * w + x0) * c;
                let len = (hi - lo) * c;
                for (d, g) in dx[to..to + len].iter_mut().zip(&row[(ky * k + lo) * c..][..len]) {
                    *d += *g;
                }
            }
        }
        dx
    }
}

impl CustomOp1 for Im2Col {
    fn name(&self) -> &'static str {
        "im2col-nhwc"
    }

    fn cpu_fwd(&self, storage: &CpuStorage, layout: &Layout) -> Result<(CpuStorage, Shape)> {
        let d = dims4(layout)?;
        let (n, h, w, c) = d;
        let out = f32_or_f64!(storage, layout, "im2col", |v| self.forward(v, d));
        let rows = n * self.out_side(h) * self.out_side(w);
        Ok((out, Shape::from((rows, self.kernel * self.kernel * c + 1))))
    }

    fn bwd(&self, arg: &Tensor, _res: &Tensor, grad_res: &Tensor) -> Result<Option<Tensor>> {
        let op = Col2Im { op: Im2Col { kernel: self.kernel, stride: self.stride }, input: arg.dims4()? };
        Ok(Some(grad_res.contiguous()?.apply_op1_no_bwd(&op)?))
    }
}

struct Col2Im {
    op: Im2Col,
    input: (usize, usize, usize, usize),
}

impl CustomOp1 for Col2Im {
    fn name(&self) -> &'static str {
        "col2im-nhwc"
    }

    fn cpu_fwd(&self, storage: &CpuStorage, layout: &Layout) -> Result<(CpuStorage, Shape)> {
        let out = f32_or_f64!(storage, layout, "col2im", |v| self.op.backward(v, self.input));
        Ok((out, Shape::from(self.input)))
    }
}

/// Unfolds x (N, H, W, C) into (N·Ho·Wo, K·K·C + 1) rows for a K×K convolution with stride
/// `stride` and "same" padding (K odd), Ho = ⌈H/stride⌉; each row ends with a 1 (the bias).
pub fn im2col(x: &Tensor, kernel: usize, stride: usize) -> Result<Tensor> {
    if kernel.is_multiple_of(2) || stride == 0 {
        bail!("im2col needs an odd kernel and a stride of at least 1")
    }
    x.contiguous()?.apply_op1(Im2Col { kernel, stride })
}

/// The convolution computed straight from the image: x (N, H, W, C) and W (K·K·C + 1, F) →
/// (N·Ho·Wo, F), equal to `im2col(x) · W` without writing the unfolded rows (25 times the
/// image for a 5×5 kernel). Over a zero-padded copy of x, every window's K·C numbers of one
/// kernel row are contiguous; each block of 4 output pixels × 8 filters keeps its sums in
/// fixed-size arrays, which LLVM holds in vector registers (SSE natively, simd128 in wasm).
/// The backward pass unfolds x once: dW = im2col(x)ᵀ · dZ, dx = col2im(dZ · Wᵀ), the latter
/// only when x needs a gradient (not for the data entering the first layer).
struct Conv {
    kernel: usize,
    stride: usize,
}

/// Output pixels per block and filters per group in [`Conv::forward`].
const PIXELS: usize = 4;
const GROUP: usize = 8;

impl Conv {
    fn forward<T: WithDType>(&self, x: &[T], (n, h, w, c): (usize, usize, usize, usize), wt: &[T], f: usize) -> Vec<T> {
        let (k, s, pad) = (self.kernel, self.stride, self.kernel / 2);
        let (ho, wo) = (h.div_ceil(s), w.div_ceil(s));
        let (hp, wp) = (h + 2 * pad, w + 2 * pad);
        let mut xp = vec![T::zero(); n * hp * wp * c];
        for b in 0..n {
            for y in 0..h {
                let to = ((b * hp + y + pad) * wp + pad) * c;
                xp[to..to + w * c].copy_from_slice(&x[(b * h + y) * w * c..][..w * c]);
            }
        }
        // W's columns in groups of GROUP (the last one padded with zeros): [group][row][GROUP].
        let rows = k * k * c + 1;
        let groups = f.div_ceil(GROUP);
        let mut wg = vec![T::zero(); groups * rows * GROUP];
        for r in 0..rows {
            for j in 0..f {
                wg[((j / GROUP) * rows + r) * GROUP + j % GROUP] = wt[r * f + j];
            }
        }
        let mut out = vec![T::zero(); n * ho * wo * f];
        let window = Window { k, c, row: wp * c, step: s * c };
        for b in 0..n {
            for oy in 0..ho {
                let first = (b * hp + oy * s) * wp * c;
                for (g, wg) in wg.chunks_exact(rows * GROUP).enumerate() {
                    let (f0, width) = (g * GROUP, GROUP.min(f - g * GROUP));
                    let mut put = |ox: usize, acc: &[[T; GROUP]]| {
                        for (p, a) in acc.iter().enumerate() {
                            out[((b * ho + oy) * wo + ox + p) * f + f0..][..width].copy_from_slice(&a[..width]);
                        }
                    };
                    let mut ox = 0;
                    while ox + PIXELS <= wo {
                        put(ox, &window.block::<T, PIXELS>(&xp, wg, first + ox * window.step));
                        ox += PIXELS;
                    }
                    while ox < wo {
                        put(ox, &window.block::<T, 1>(&xp, wg, first + ox * window.step));
                        ox += 1;
                    }
                }
            }
        }
        out
    }
}

/// Where a window lies in the padded image: K, C, the numbers per padded image row, and the
/// step between neighbouring output pixels' windows.
struct Window {
    k: usize,
    c: usize,
    row: usize,
    step: usize,
}

impl Window {
    /// The sums of P neighbouring output pixels (windows starting at `at`, `at + step`, …) for
    /// one group of filters (`wg`: [row][GROUP], the bias row last).
    #[inline(always)]
    fn block<T: WithDType, const P: usize>(&self, xp: &[T], wg: &[T], at: usize) -> [[T; GROUP]; P] {
        let run = self.k * self.c;
        let bias: [T; GROUP] = wg[self.k * run * GROUP..][..GROUP].try_into().expect("a group is GROUP wide");
        let mut acc = [bias; P];
        for ky in 0..self.k {
            let xs: [&[T]; P] = std::array::from_fn(|p| &xp[at + ky * self.row + p * self.step..][..run]);
            for (i, wv) in wg[ky * run * GROUP..][..run * GROUP].chunks_exact(GROUP).enumerate() {
                let wv: &[T; GROUP] = wv.try_into().expect("a group is GROUP wide");
                for p in 0..P {
                    let v = xs[p][i];
                    for j in 0..GROUP {
                        acc[p][j] += v * wv[j];
                    }
                }
            }
        }
        acc
    }
}

impl candle_core::CustomOp2 for Conv {
    fn name(&self) -> &'static str {
        "conv-nhwc"
    }

    fn cpu_fwd(&self, s1: &CpuStorage, l1: &Layout, s2: &CpuStorage, l2: &Layout) -> Result<(CpuStorage, Shape)> {
        let d = dims4(l1)?;
        let (n, h, w, c) = d;
        let (rows, f) = l2.shape().dims2()?;
        if rows != self.kernel * self.kernel * c + 1 {
            bail!("a {k}×{k} convolution over {c} channels needs {} weight rows, not {rows}", self.kernel * self.kernel * c + 1, k = self.kernel)
        }
        let out = match (s1, s2) {
            (CpuStorage::F32(x), CpuStorage::F32(wt)) => CpuStorage::F32(self.forward(contiguous(x, l1)?, d, contiguous(wt, l2)?, f)),
            (CpuStorage::F64(x), CpuStorage::F64(wt)) => CpuStorage::F64(self.forward(contiguous(x, l1)?, d, contiguous(wt, l2)?, f)),
            _ => bail!("the convolution supports f32 and f64"),
        };
        let (ho, wo) = (h.div_ceil(self.stride), w.div_ceil(self.stride));
        Ok((out, Shape::from((n * ho * wo, f))))
    }

    fn bwd(&self, x: &Tensor, w: &Tensor, _res: &Tensor, grad: &Tensor) -> Result<(Option<Tensor>, Option<Tensor>)> {
        let unfold = Im2Col { kernel: self.kernel, stride: self.stride };
        let grad = grad.contiguous()?;
        let dw = x.contiguous()?.apply_op1_no_bwd(&unfold)?.t()?.matmul(&grad)?;
        let dx = if x.track_op() {
            let cols = grad.matmul(&w.t()?)?;
            Some(cols.apply_op1_no_bwd(&Col2Im { op: unfold, input: x.dims4()? })?)
        } else {
            None
        };
        Ok((dx, Some(dw)))
    }
}

/// A K×K convolution (K odd, "same" padding, stride `stride`) of x (N, H, W, C) with W
/// (K·K·C + 1, F), the biases W's last row: (N·Ho·Wo, F), Ho = ⌈H/stride⌉.
pub fn conv(x: &Tensor, w: &Tensor, kernel: usize, stride: usize) -> Result<Tensor> {
    if kernel.is_multiple_of(2) || stride == 0 {
        bail!("a convolution needs an odd kernel and a stride of at least 1")
    }
    x.contiguous()?.apply_op2(&w.contiguous()?, Conv { kernel, stride })
}

/// Pooling K×K, stride K, over NHWC.
#[derive(Clone, Copy)]
struct Pool {
    size: usize,
    max: bool,
}

impl Pool {
    fn forward<T: WithDType>(&self, src: &[T], (n, h, w, c): (usize, usize, usize, usize)) -> Vec<T> {
        let k = self.size;
        let (ho, wo) = (h / k, w / k);
        let mut out = vec![T::zero(); n * ho * wo * c];
        let scale = T::from_f64(1.0 / (k * k) as f64);
        for b in 0..n {
            for oy in 0..ho {
                for ox in 0..wo {
                    let o = &mut out[((b * ho + oy) * wo + ox) * c..][..c];
                    for dy in 0..k {
                        for dx in 0..k {
                            let i = &src[((b * h + oy * k + dy) * w + ox * k + dx) * c..][..c];
                            let first = dy == 0 && dx == 0;
                            for (o, &v) in o.iter_mut().zip(i) {
                                if self.max {
                                    // NaN stays visible (a diverged run): `!(v <= o)` takes it.
                                    #[allow(clippy::neg_cmp_op_on_partial_ord)]
                                    let take = first || !(v <= *o);
                                    if take {
                                        *o = v;
                                    }
                                } else {
                                    *o += v;
                                }
                            }
                        }
                    }
                    if !self.max {
                        o.iter_mut().for_each(|v| *v *= scale);
                    }
                }
            }
        }
        out
    }

    /// The gradient: to each window's first maximum (max), or 1/K² of it to every cell (average).
    fn backward<T: WithDType>(&self, src: &[T], grad: &[T], (n, h, w, c): (usize, usize, usize, usize)) -> Vec<T> {
        let k = self.size;
        let (ho, wo) = (h / k, w / k);
        let mut dx = vec![T::zero(); n * h * w * c];
        let scale = T::from_f64(1.0 / (k * k) as f64);
        let at = |b: usize, y: usize, x: usize| ((b * h + y) * w + x) * c;
        for b in 0..n {
            for oy in 0..ho {
                for ox in 0..wo {
                    let g = &grad[((b * ho + oy) * wo + ox) * c..][..c];
                    for ch in 0..c {
                        if self.max {
                            let mut best = at(b, oy * k, ox * k) + ch;
                            for dy in 0..k {
                                for dx_ in 0..k {
                                    let i = at(b, oy * k + dy, ox * k + dx_) + ch;
                                    if src[i] > src[best] {
                                        best = i;
                                    }
                                }
                            }
                            dx[best] += g[ch];
                        } else {
                            for dy in 0..k {
                                for dx_ in 0..k {
                                    dx[at(b, oy * k + dy, ox * k + dx_) + ch] += g[ch] * scale;
                                }
                            }
                        }
                    }
                }
            }
        }
        dx
    }
}

impl CustomOp1 for Pool {
    fn name(&self) -> &'static str {
        "pool-nhwc"
    }

    fn cpu_fwd(&self, storage: &CpuStorage, layout: &Layout) -> Result<(CpuStorage, Shape)> {
        let d = dims4(layout)?;
        let (n, h, w, c) = d;
        let out = f32_or_f64!(storage, layout, "pooling", |v| self.forward(v, d));
        Ok((out, Shape::from((n, h / self.size, w / self.size, c))))
    }

    fn bwd(&self, arg: &Tensor, _res: &Tensor, grad_res: &Tensor) -> Result<Option<Tensor>> {
        let grad = grad_res.contiguous()?;
        Ok(Some(arg.contiguous()?.apply_op2_no_bwd(&grad, &PoolGrad(*self))?))
    }
}

struct PoolGrad(Pool);

impl candle_core::CustomOp2 for PoolGrad {
    fn name(&self) -> &'static str {
        "pool-nhwc-grad"
    }

    fn cpu_fwd(&self, s1: &CpuStorage, l1: &Layout, s2: &CpuStorage, l2: &Layout) -> Result<(CpuStorage, Shape)> {
        let d = dims4(l1)?;
        let out = match (s1, s2) {
            (CpuStorage::F32(x), CpuStorage::F32(g)) => CpuStorage::F32(self.0.backward(contiguous(x, l1)?, contiguous(g, l2)?, d)),
            (CpuStorage::F64(x), CpuStorage::F64(g)) => CpuStorage::F64(self.0.backward(contiguous(x, l1)?, contiguous(g, l2)?, d)),
            _ => bail!("pooling's gradient supports f32 and f64"),
        };
        Ok((out, l1.shape().clone()))
    }
}

/// Max (`max`) or average pooling of x (N, H, W, C), K×K windows with stride K.
pub fn pool(x: &Tensor, size: usize, max: bool) -> Result<Tensor> {
    let (_, h, w, _) = x.dims4()?;
    if size == 0 || h < size || w < size {
        bail!("pooling {size}×{size} needs an image of at least that size, not {h}×{w}")
    }
    x.contiguous()?.apply_op1(Pool { size, max })
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::{DType, Device, Var};

    /// A direct convolution (the definition, loop by loop) in NCHW with PyTorch's weight
    /// layout [F, C, K, K], zero "same" padding, stride s: the reference for im2col · W.
    fn direct_conv(x: &[f64], (n, c, h, w): (usize, usize, usize, usize), wt: &[f64], bias: &[f64], f: usize, k: usize, s: usize) -> Vec<f64> {
        let (ho, wo, p) = (h.div_ceil(s), w.div_ceil(s), (k / 2) as isize);
        let mut out = vec![0.0; n * f * ho * wo];
        for b in 0..n {
            for o in 0..f {
                for oy in 0..ho {
                    for ox in 0..wo {
                        let mut acc = bias[o];
                        for ch in 0..c {
                            for ky in 0..k {
                                for kx in 0..k {
                                    let (y, xx) = ((oy * s + ky) as isize - p, (ox * s + kx) as isize - p);
                                    if y >= 0 && y < h as isize && xx >= 0 && xx < w as isize {
                                        acc += wt[((o * c + ch) * k + ky) * k + kx] * x[((b * c + ch) * h + y as usize) * w + xx as usize];
                                    }
                                }
                            }
                        }
                        out[((b * f + o) * ho + oy) * wo + ox] = acc;
                    }
                }
            }
        }
        out
    }

    #[test]
    fn im2col_times_weights_is_the_direct_convolution() {
        let dev = Device::Cpu;
        // Wide enough for the op's 4-pixel blocks and its second, partial group of 8 filters.
        for &(n, c, h, w, f, k, s) in &[(2, 1, 5, 5, 3, 3, 1), (1, 2, 6, 7, 2, 3, 2), (2, 3, 4, 4, 2, 5, 1), (1, 1, 3, 3, 1, 1, 1), (2, 2, 9, 11, 10, 5, 1), (1, 3, 10, 9, 17, 3, 3)] {
            let x: Vec<f64> = (0..n * c * h * w).map(|i| ((i * 37 % 11) as f64 - 5.0) / 3.0).collect();
            let wt: Vec<f64> = (0..f * c * k * k).map(|i| ((i * 13 % 7) as f64 - 3.0) / 4.0).collect();
            let bias: Vec<f64> = (0..f).map(|i| i as f64 * 0.5 - 0.25).collect();
            let want = direct_conv(&x, (n, c, h, w), &wt, &bias, f, k, s);
            // Our layout: x as NHWC, W as ((ky·K + kx)·C + ch, f) with the bias row last.
            let xt = Tensor::from_vec(x, (n, c, h, w), &dev).unwrap().permute((0, 2, 3, 1)).unwrap();
            let mut wm = vec![0.0; (k * k * c + 1) * f];
            for o in 0..f {
                for ch in 0..c {
                    for ky in 0..k {
                        for kx in 0..k {
                            wm[((ky * k + kx) * c + ch) * f + o] = wt[((o * c + ch) * k + ky) * k + kx];
                        }
                    }
                }
                wm[k * k * c * f + o] = bias[o];
            }
            let wm = Tensor::from_vec(wm, (k * k * c + 1, f), &dev).unwrap();
            let (ho, wo) = (h.div_ceil(s), w.div_ceil(s));
            // Both ways: unfolded then multiplied, and the direct op (f64 and f32).
            let unfolded = im2col(&xt, k, s).unwrap().matmul(&wm).unwrap();
            let direct = conv(&xt, &wm, k, s).unwrap();
            let direct32 = conv(&xt.to_dtype(DType::F32).unwrap(), &wm.to_dtype(DType::F32).unwrap(), k, s).unwrap().to_dtype(DType::F64).unwrap();
            for (way, got, tol) in [("im2col · W", unfolded, 1e-12), ("conv", direct, 1e-12), ("conv f32", direct32, 1e-4)] {
                let got = got.reshape((n, ho, wo, f)).unwrap().permute((0, 3, 1, 2)).unwrap().flatten_all().unwrap().to_vec1::<f64>().unwrap();
                assert_eq!(got.len(), want.len());
                for (a, b) in got.iter().zip(&want) {
                    assert!((a - b).abs() < tol, "{way} (n {n} c {c} {h}×{w} f {f} k {k} s {s}): {a} vs {b}");
                }
            }
        }
    }

    #[test]
    fn pooling_matches_its_definition() {
        let dev = Device::Cpu;
        // One 4×5 single-channel image (the last column is dropped by 2×2 pooling).
        let v: Vec<f64> = vec![1., 5., 2., 0., 9., 3., 4., 8., 1., 9., -1., 0., 2., 2., 9., 6., -3., 7., 3., 9.];
        let x = Tensor::from_vec(v, (1, 4, 5, 1), &dev).unwrap();
        let m = pool(&x, 2, true).unwrap().flatten_all().unwrap().to_vec1::<f64>().unwrap();
        assert_eq!(m, vec![5., 8., 6., 7.]);
        let a = pool(&x, 2, false).unwrap().flatten_all().unwrap().to_vec1::<f64>().unwrap();
        assert_eq!(a, vec![13. / 4., 11. / 4., 2. / 4., 14. / 4.]);
    }

    /// Both ops' backward passes against central finite differences (f64), through a loss
    /// that weights every output differently.
    #[test]
    fn gradients_match_finite_differences() {
        let dev = Device::Cpu;
        // Irregular values, so no two numbers of a pooling window are within the finite
        // difference's step of each other (max pooling has a kink where two tie).
        let x0: Vec<f64> = (0..2 * 5 * 4 * 2).map(|i| (i as f64 * 0.7).sin() * 1.5 + i as f64 * 0.013).collect();
        let x = Var::from_tensor(&Tensor::from_vec(x0, (2, 5, 4, 2), &dev).unwrap()).unwrap();
        let wm = Tensor::from_vec((0..(9 * 2 + 1) * 3).map(|i| ((i * 7 % 5) as f64 - 2.0) / 3.0).collect::<Vec<_>>(), (19, 3), &dev).unwrap();
        for (name, stride, pool_max) in [("conv s1 + max pool", 1, Some(true)), ("conv s2", 2, None), ("conv s1 + avg pool", 1, Some(false))] {
            let loss = || {
                let (n, h, w, _) = x.dims4().unwrap();
                let (ho, wo) = (h.div_ceil(stride), w.div_ceil(stride));
                let y = im2col(x.as_tensor(), 3, stride).unwrap().matmul(&wm).unwrap().reshape((n, ho, wo, 3)).unwrap();
                let y = match pool_max {
                    Some(m) => pool(&y, 2, m).unwrap(),
                    None => y,
                };
                let c = Tensor::arange(0.0, y.elem_count() as f64, &dev).unwrap().reshape(y.shape()).unwrap().affine(0.01, -0.2).unwrap().cos().unwrap();
                y.mul(&c).unwrap().sum_all().unwrap()
            };
            crate::engine::gradcheck::check_gradients(std::slice::from_ref(&x), loss, name);
        }
        // The direct op: gradients for the image and the weights (5 filters: one partial group).
        let w = Var::from_tensor(&Tensor::from_vec((0..(9 * 2 + 1) * 5).map(|i| ((i * 7 % 5) as f64 - 2.0) / 3.0).collect::<Vec<_>>(), (19, 5), &dev).unwrap()).unwrap();
        for stride in [1, 2] {
            let loss = || {
                let y = conv(x.as_tensor(), w.as_tensor(), 3, stride).unwrap();
                let c = Tensor::arange(0.0, y.elem_count() as f64, &dev).unwrap().reshape(y.shape()).unwrap().affine(0.01, -0.2).unwrap().cos().unwrap();
                y.mul(&c).unwrap().sum_all().unwrap()
            };
            crate::engine::gradcheck::check_gradients(&[x.clone(), w.clone()], loss, &format!("direct conv s{stride}"));
        }
        let _ = DType::F64;
    }
}
