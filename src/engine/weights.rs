//! A network's weights as named tensors with PyTorch's names and layouts, so a run can be
//! saved, loaded, and checked against another framework:
//!
//! - weighted layer i of `layers` (counting every layer, pooling included, from 0):
//!   `layers.i.weight` (dense [out, in]; convolution [out, in, kh, kw]) and `layers.i.bias`
//!   ([out]); with batch norm also `layers.i.bn.weight` (γ), `layers.i.bn.bias` (β),
//!   `layers.i.bn.running_mean`, `layers.i.bn.running_var`;
//! - the output layer: `output.weight`, `output.bias`;
//! - sequences (PyTorch's `batch_first` (N, T, C); a dense layer flattens in (step,
//!   channel) order): a 1-D convolution's weight is [out, in, k]; a recurrent layer has
//!   PyTorch's `weight_ih_l0` [G·H, F], `weight_hh_l0` [G·H, H], `bias_ih_l0` and
//!   `bias_hh_l0` [G·H] (gates in PyTorch's order). We keep one bias where PyTorch's two are
//!   only ever summed, so `bias_hh_l0` is written as zeros (GRU: its candidate part is
//!   b_hn), and reading adds the two.
//!
//! A dense layer after images takes PyTorch's `Flatten` order (channel, row, column); inside,
//! the CNN keeps (row, column, channel) and W as (in, out), so both directions permute.
//! Everything is f32 (the page trains in f32).

use super::arch::Shape;
use super::cnn::Block;
use super::seqnet::{self, Recurrent};
use super::model::{BatchNorm, Dense};
use super::net::Net;
use super::problem::Problem;
use super::Result;
use candle_core::{DType, Device, Tensor};
use std::collections::HashMap;

/// Maps our dense row index (an input of shape `before`) to PyTorch's flattened index.
fn torch_input_index(before: Shape, ours: usize) -> usize {
    match before {
        Shape::Image { channels, height, width } => {
            let (pix, ch) = (ours / channels, ours % channels);
            ch * height * width + pix
        }
        _ => ours,
    }
}

fn to_vec2(t: &Tensor) -> Result<Vec<Vec<f32>>> {
    Ok(t.to_dtype(DType::F32)?.to_vec2::<f32>()?)
}

fn dense_out(d: &Dense, before: Shape, name: &str, out: &mut Vec<(String, Tensor)>) -> Result<()> {
    let w = to_vec2(d.w.as_tensor())?; // (in, out)
    let (inputs, outputs) = (w.len(), w.first().map_or(0, Vec::len));
    let mut t = vec![0.0f32; outputs * inputs];
    for (r, row) in w.iter().enumerate() {
        let c = torch_input_index(before, r);
        for (o, &v) in row.iter().enumerate() {
            t[o * inputs + c] = v;
        }
    }
    out.push((format!("{name}.weight"), Tensor::from_vec(t, (outputs, inputs), &Device::Cpu)?));
    out.push((format!("{name}.bias"), d.b.as_tensor().to_dtype(DType::F32)?));
    Ok(())
}

fn dense_in(d: &Dense, before: Shape, name: &str, map: &HashMap<String, Tensor>) -> Result<()> {
    let (inputs, outputs) = d.w.dims2()?;
    let w = get(map, &format!("{name}.weight"), &[outputs, inputs])?;
    let w = to_vec2(&w)?; // (out, in), PyTorch's input order
    let mut ours = vec![0.0f32; inputs * outputs];
    for r in 0..inputs {
        let c = torch_input_index(before, r);
        for o in 0..outputs {
            ours[r * outputs + o] = w[o][c];
        }
    }
    set(&d.w, Tensor::from_vec(ours, (inputs, outputs), &Device::Cpu)?)?;
    set(&d.b, get(map, &format!("{name}.bias"), &[outputs])?)
}

fn norm_out(n: &BatchNorm, name: &str, out: &mut Vec<(String, Tensor)>) -> Result<()> {
    let (m, v) = n.running();
    out.push((format!("{name}.bn.weight"), n.gamma.as_tensor().to_dtype(DType::F32)?));
    out.push((format!("{name}.bn.bias"), n.beta.as_tensor().to_dtype(DType::F32)?));
    out.push((format!("{name}.bn.running_mean"), m.to_dtype(DType::F32)?));
    out.push((format!("{name}.bn.running_var"), v.to_dtype(DType::F32)?));
    Ok(())
}

fn norm_in(n: &BatchNorm, name: &str, map: &HashMap<String, Tensor>) -> Result<()> {
    let c = n.gamma.elem_count();
    set(&n.gamma, get(map, &format!("{name}.bn.weight"), &[c])?)?;
    set(&n.beta, get(map, &format!("{name}.bn.bias"), &[c])?)?;
    let dtype = n.gamma.dtype();
    n.set_running(get(map, &format!("{name}.bn.running_mean"), &[c])?.to_dtype(dtype)?, get(map, &format!("{name}.bn.running_var"), &[c])?.to_dtype(dtype)?);
    Ok(())
}

fn get(map: &HashMap<String, Tensor>, name: &str, dims: &[usize]) -> Result<Tensor> {
    let t = map.get(name).ok_or_else(|| Problem::WeightsMissing { name: name.to_string() })?;
    if t.dims() != dims {
        return Err(Problem::WeightsShape { name: name.to_string(), file: t.dims().to_vec(), network: dims.to_vec() }.into());
    }
    Ok(t.to_dtype(DType::F32)?)
}

fn set(var: &candle_core::Var, t: Tensor) -> Result<()> {
    Ok(var.set(&t.to_dtype(var.dtype())?)?)
}

/// The input shape of each layer of `net` (the shape before it).
fn inputs_of(net: &Net) -> Result<Vec<Shape>> {
    let c = net.config();
    let shapes = c.layers.shapes(c.input)?;
    let mut before = vec![c.input];
    before.extend(shapes);
    Ok(before)
}

/// Every parameter (and batch norm's running statistics) by PyTorch's name and layout.
pub fn export(net: &Net) -> Result<Vec<(String, Tensor)>> {
    let before = inputs_of(net)?;
    let mut out = Vec::new();
    match net {
        Net::Mlp(m) => {
            let last = m.layers.len() - 1;
            for (i, d) in m.layers.iter().enumerate() {
                let name = if i == last { "output".to_string() } else { format!("layers.{i}") };
                dense_out(d, before[i.min(before.len() - 1)], &name, &mut out)?;
                if let Some(Some(n)) = m.norms.get(i) {
                    norm_out(n, &name, &mut out)?;
                }
            }
        }
        Net::Cnn(m) => {
            for (i, b) in m.blocks.iter().enumerate() {
                let name = format!("layers.{i}");
                match b {
                    Block::Conv { w, kernel, channels, norm, .. } => {
                        let m2 = to_vec2(w.as_tensor())?; // (K·K·C + 1, F)
                        let (kk, c, f) = (kernel * kernel, *channels, m2[0].len());
                        let mut t = vec![0.0f32; f * c * kk];
                        for o in 0..f {
                            for ch in 0..c {
                                for p in 0..kk {
                                    t[(o * c + ch) * kk + p] = m2[p * c + ch][o];
                                }
                            }
                        }
                        out.push((format!("{name}.weight"), Tensor::from_vec(t, (f, c, *kernel, *kernel), &Device::Cpu)?));
                        out.push((format!("{name}.bias"), Tensor::from_vec(m2[kk * c].clone(), f, &Device::Cpu)?));
                        if let Some(n) = norm {
                            norm_out(n, &name, &mut out)?;
                        }
                    }
                    Block::Dense { dense, norm } => {
                        dense_out(dense, before[i], &name, &mut out)?;
                        if let Some(n) = norm {
                            norm_out(n, &name, &mut out)?;
                        }
                    }
                    Block::Pool { .. } => {}
                }
            }
            dense_out(&m.output, *before.last().unwrap_or(&m.config.input), "output", &mut out)?;
        }
        Net::Seq(m) => {
            for (i, b) in m.blocks.iter().enumerate() {
                let name = format!("layers.{i}");
                match b {
                    seqnet::Block::Conv { w, kernel, channels, norm, .. } => {
                        let m2 = to_vec2(w.as_tensor())?; // (K·C + 1, F)
                        let (k, c, f) = (*kernel, *channels, m2[0].len());
                        let mut t = vec![0.0f32; f * c * k];
                        for o in 0..f {
                            for ch in 0..c {
                                for p in 0..k {
                                    t[(o * c + ch) * k + p] = m2[p * c + ch][o];
                                }
                            }
                        }
                        out.push((format!("{name}.weight"), Tensor::from_vec(t, (f, c, k), &Device::Cpu)?));
                        out.push((format!("{name}.bias"), Tensor::from_vec(m2[k * c].clone(), f, &Device::Cpu)?));
                        if let Some(n) = norm {
                            norm_out(n, &name, &mut out)?;
                        }
                    }
                    seqnet::Block::Recurrent(r) => recurrent_out(r, &name, &mut out)?,
                    seqnet::Block::Dense { dense, norm } => {
                        dense_out(dense, before[i], &name, &mut out)?;
                        if let Some(n) = norm {
                            norm_out(n, &name, &mut out)?;
                        }
                    }
                    seqnet::Block::Pool { .. } => {}
                }
            }
            dense_out(&m.output, *before.last().unwrap_or(&m.config.input), "output", &mut out)?;
        }
    }
    Ok(out)
}

fn transpose(t: &Tensor) -> Result<Tensor> {
    Ok(t.to_dtype(DType::F32)?.t()?.contiguous()?)
}

fn recurrent_out(r: &Recurrent, name: &str, out: &mut Vec<(String, Tensor)>) -> Result<()> {
    out.push((format!("{name}.weight_ih_l0"), transpose(r.w.as_tensor())?));
    out.push((format!("{name}.weight_hh_l0"), transpose(r.u.as_tensor())?));
    out.push((format!("{name}.bias_ih_l0"), r.b.as_tensor().to_dtype(DType::F32)?));
    let g = r.cell.gates() * r.units;
    let mut hh = vec![0.0f32; g];
    if let Some(b) = &r.b_hn {
        hh[2 * r.units..].copy_from_slice(&b.as_tensor().to_dtype(DType::F32)?.to_vec1::<f32>()?);
    }
    out.push((format!("{name}.bias_hh_l0"), Tensor::from_vec(hh, g, &Device::Cpu)?));
    Ok(())
}

fn recurrent_in(r: &Recurrent, name: &str, map: &HashMap<String, Tensor>) -> Result<()> {
    let (f, g) = r.w.dims2()?;
    let h = r.units;
    set(&r.w, get(map, &format!("{name}.weight_ih_l0"), &[g, f])?.t()?.contiguous()?)?;
    set(&r.u, get(map, &format!("{name}.weight_hh_l0"), &[g, h])?.t()?.contiguous()?)?;
    let ih = get(map, &format!("{name}.bias_ih_l0"), &[g])?.to_vec1::<f32>()?;
    let hh = get(map, &format!("{name}.bias_hh_l0"), &[g])?.to_vec1::<f32>()?;
    let mut b: Vec<f32> = ih.iter().zip(&hh).map(|(a, b)| a + b).collect();
    if let Some(bn) = &r.b_hn {
        // The GRU's candidate: b_in stays in b, b_hn goes inside r⊙(h·U_n + b_hn).
        b[2 * h..].copy_from_slice(&ih[2 * h..]);
        set(bn, Tensor::from_vec(hh[2 * h..].to_vec(), h, &Device::Cpu)?)?;
    }
    set(&r.b, Tensor::from_vec(b, g, &Device::Cpu)?)
}

/// Sets every parameter (and running statistic) of `net` from named tensors as [`export`]
/// writes them; a missing name or a shape that differs is an error (and nothing is half
/// loaded only if the first tensor fails: check with a fresh network).
pub fn import(net: &Net, map: &HashMap<String, Tensor>) -> Result<()> {
    let before = inputs_of(net)?;
    match net {
        Net::Mlp(m) => {
            let last = m.layers.len() - 1;
            for (i, d) in m.layers.iter().enumerate() {
                let name = if i == last { "output".to_string() } else { format!("layers.{i}") };
                dense_in(d, before[i.min(before.len() - 1)], &name, map)?;
                if let Some(Some(n)) = m.norms.get(i) {
                    norm_in(n, &name, map)?;
                }
            }
        }
        Net::Cnn(m) => {
            for (i, b) in m.blocks.iter().enumerate() {
                let name = format!("layers.{i}");
                match b {
                    Block::Conv { w, kernel, channels, norm, .. } => {
                        let (rows, f) = w.dims2()?;
                        let (kk, c) = (kernel * kernel, *channels);
                        let t = get(map, &format!("{name}.weight"), &[f, c, *kernel, *kernel])?.flatten_all()?.to_vec1::<f32>()?;
                        let bias = get(map, &format!("{name}.bias"), &[f])?.to_vec1::<f32>()?;
                        let mut m2 = vec![0.0f32; rows * f];
                        for o in 0..f {
                            for ch in 0..c {
                                for p in 0..kk {
                                    m2[(p * c + ch) * f + o] = t[(o * c + ch) * kk + p];
                                }
                            }
                            m2[kk * c * f + o] = bias[o];
                        }
                        set(w, Tensor::from_vec(m2, (rows, f), &Device::Cpu)?)?;
                        if let Some(n) = norm {
                            norm_in(n, &name, map)?;
                        }
                    }
                    Block::Dense { dense, norm } => {
                        dense_in(dense, before[i], &name, map)?;
                        if let Some(n) = norm {
                            norm_in(n, &name, map)?;
                        }
                    }
                    Block::Pool { .. } => {}
                }
            }
            dense_in(&m.output, *before.last().unwrap_or(&m.config.input), "output", map)?;
        }
        Net::Seq(m) => {
            for (i, b) in m.blocks.iter().enumerate() {
                let name = format!("layers.{i}");
                match b {
                    seqnet::Block::Conv { w, kernel, channels, norm, .. } => {
                        let (rows, f) = w.dims2()?;
                        let (k, c) = (*kernel, *channels);
                        let t = get(map, &format!("{name}.weight"), &[f, c, k])?.flatten_all()?.to_vec1::<f32>()?;
                        let bias = get(map, &format!("{name}.bias"), &[f])?.to_vec1::<f32>()?;
                        let mut m2 = vec![0.0f32; rows * f];
                        for o in 0..f {
                            for ch in 0..c {
                                for p in 0..k {
                                    m2[(p * c + ch) * f + o] = t[(o * c + ch) * k + p];
                                }
                            }
                            m2[k * c * f + o] = bias[o];
                        }
                        set(w, Tensor::from_vec(m2, (rows, f), &Device::Cpu)?)?;
                        if let Some(n) = norm {
                            norm_in(n, &name, map)?;
                        }
                    }
                    seqnet::Block::Recurrent(r) => recurrent_in(r, &name, map)?,
                    seqnet::Block::Dense { dense, norm } => {
                        dense_in(dense, before[i], &name, map)?;
                        if let Some(n) = norm {
                            norm_in(n, &name, map)?;
                        }
                    }
                    seqnet::Block::Pool { .. } => {}
                }
            }
            dense_in(&m.output, *before.last().unwrap_or(&m.config.input), "output", map)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::arch::Arch;
    use crate::engine::model::{Activation, Init, Mode, ModelConfig};

    /// The exported tensors, read as PyTorch would (NCHW, conv weight [out, in, kh, kw],
    /// Flatten in (c, h, w) order, Linear y = x·Wᵀ + b), give the network's own output:
    /// `Sequential(Conv2d(1, 2, 3, padding=1), Tanh(), Flatten(), Linear(32, 3))`, computed
    /// here loop by loop from the exported numbers.
    #[test]
    fn exported_tensors_compute_like_pytorch() {
        let config = ModelConfig {
            input: Shape::Image { channels: 1, height: 4, width: 4 },
            layers: Arch::parse("c2k3").unwrap(),
            activation: Activation::Tanh,
            outputs: 3,
            init: Init::Xavier,
            dropout: vec![],
            batch_norm: vec![],
        };
        let net = Net::new(&config, 7, DType::F32, &Device::Cpu).unwrap();
        // Non-zero biases, so their place is tested too.
        let mut named: HashMap<String, Tensor> = export(&net).unwrap().into_iter().collect();
        named.insert("layers.0.bias".into(), Tensor::new(&[0.3f32, -0.2], &Device::Cpu).unwrap());
        named.insert("output.bias".into(), Tensor::new(&[0.1f32, 0.0, -0.1], &Device::Cpu).unwrap());
        import(&net, &named).unwrap();
        let x: Vec<f32> = (0..16).map(|i| ((i * 7 % 5) as f32 - 2.0) / 2.0).collect();
        let ours = net.forward_t(&Tensor::from_vec(x.clone(), (1, 4, 4, 1), &Device::Cpu).unwrap(), Mode::Eval).unwrap().flatten_all().unwrap().to_vec1::<f32>().unwrap();
        let v = |n: &str| named[n].flatten_all().unwrap().to_vec1::<f32>().unwrap();
        let (cw, cb, lw, lb) = (v("layers.0.weight"), v("layers.0.bias"), v("output.weight"), v("output.bias"));
        let mut h = vec![0.0f32; 2 * 16]; // (c, y, x)
        for o in 0..2 {
            for y in 0..4i32 {
                for xx in 0..4i32 {
                    let mut acc = cb[o];
                    for ky in 0..3i32 {
                        for kx in 0..3i32 {
                            let (sy, sx) = (y + ky - 1, xx + kx - 1);
                            if (0..4).contains(&sy) && (0..4).contains(&sx) {
                                acc += cw[o * 9 + (ky * 3 + kx) as usize] * x[(sy * 4 + sx) as usize];
                            }
                        }
                    }
                    h[o * 16 + (y * 4 + xx) as usize] = acc.tanh();
                }
            }
        }
        for k in 0..3 {
            let want = lb[k] + (0..32).map(|j| lw[k * 32 + j] * h[j]).sum::<f32>();
            assert!((ours[k] - want).abs() < 1e-4, "{k}: {} vs {want}", ours[k]);
        }
    }

    #[test]
    fn export_then_import_restores_every_family_and_refuses_a_mismatch() {
        for layers in ["d5,d3", "c3k3,mp2,d4", "c3k3,mp2,gru4,d4", "c2k3,lstm3,rnn2"] {
            let input = if layers.contains("c3k3,mp2,d") {
                Shape::Image { channels: 1, height: 6, width: 6 }
            } else if layers.starts_with('c') {
                Shape::Sequence { steps: 6, features: 2 }
            } else {
                Shape::Flat { features: 2 }
            };
            let config = ModelConfig { input, layers: Arch::parse(layers).unwrap(), activation: Activation::Relu, outputs: 2, init: Init::He, dropout: vec![], batch_norm: vec![true, false] };
            let a = Net::new(&config, 1, DType::F32, &Device::Cpu).unwrap();
            let b = Net::new(&config, 2, DType::F32, &Device::Cpu).unwrap();
            let flat = |n: &Net| n.vars().iter().flat_map(|v| v.flatten_all().unwrap().to_vec1::<f32>().unwrap()).collect::<Vec<_>>();
            assert_ne!(flat(&a), flat(&b));
            let map: HashMap<String, Tensor> = export(&a).unwrap().into_iter().collect();
            assert!(map.contains_key("layers.0.bn.running_var") && map.contains_key("output.weight"), "{layers}");
            import(&b, &map).unwrap();
            assert_eq!(flat(&a), flat(&b), "{layers}");
            let other = ModelConfig { outputs: 3, ..config.clone() };
            let c = Net::new(&other, 1, DType::F32, &Device::Cpu).unwrap();
            assert!(import(&c, &map).is_err(), "3 outputs cannot load 2");
        }
    }
}
