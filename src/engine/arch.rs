//! One architecture description for every model family: the URL's `layers` key, a comma
//! list of tokens, one per layer, from the input to the last hidden layer (the output layer
//! follows the task and is not written):
//!
//! - `dN`: dense, N units (a flatten is implied before the first dense layer after images);
//! - `cNkK`: convolution, N filters K×K, stride 1, "same" padding ((K − 1)/2 on each side,
//!   so K is odd); `cNkKsS`: stride S (the output side is ⌈side / S⌉);
//! - `mpK`, `apK`: max / average pooling K×K with stride K (the output side is ⌊side / K⌋).
//! - `rnnN`, `lstmN`, `gruN`: a recurrent layer of N units (sequences only). It hands the
//!   next layer its whole sequence of hidden states when that layer is recurrent, a
//!   convolution or a pooling layer, and its last hidden state otherwise (Keras's
//!   `return_sequences`, decided by the next layer).
//!
//! On sequences a convolution and a pooling layer are one-dimensional, over the time steps:
//! `cNkK` has N filters K steps long, `mpK` takes the maximum of K steps (the data kind
//! decides, so one description fits both).
//!
//! [`Shape`] is what one example looks like (after the data pipeline): a flat vector of
//! features (points), channels × height × width (images), or time steps × features
//! (sequences). [`Arch::shapes`] infers every layer's output shape and checks that the
//! layers fit the data (a convolution needs images); every refusal is an [`ArchProblem`]
//! with fields, which the page and the command line put into words.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Limits of the layer editor (and of the URL): one place for each.
pub const MAX_LAYERS: usize = 8;
pub const MAX_UNITS: usize = 256;
pub const MAX_FILTERS: usize = 64;
pub const MAX_KERNEL: usize = 7;
pub const MAX_STRIDE: usize = 4;
pub const MAX_POOL: usize = 4;
/// The widest recurrent layer (each unit is unrolled over every time step).
pub const MAX_RECURRENT: usize = 64;

/// The recurrent cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cell {
    /// Elman's RNN: h = tanh(x·W + h·U + b).
    Rnn,
    /// Hochreiter & Schmidhuber's LSTM (with a forget gate, Gers et al. 2000).
    Lstm,
    /// Cho et al.'s GRU (2014), PyTorch's form.
    Gru,
}

impl Cell {
    /// Weight blocks per unit: the candidate, plus each gate.
    pub fn gates(self) -> usize {
        match self {
            Cell::Rnn => 1,
            Cell::Lstm => 4,
            Cell::Gru => 3,
        }
    }

    pub fn token(self) -> &'static str {
        match self {
            Cell::Rnn => "rnn",
            Cell::Lstm => "lstm",
            Cell::Gru => "gru",
        }
    }

    /// Trained parameters for `features` inputs per step and `units` units: W (F, G·H),
    /// U (H, G·H), b (G·H), and the GRU's second candidate bias (H, PyTorch's b_hn).
    pub fn parameters(self, features: usize, units: usize) -> usize {
        let g = self.gates();
        g * units * (features + units + 1) + if self == Cell::Gru { units } else { 0 }
    }
}

/// One layer of the description.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LayerSpec {
    Dense { units: usize },
    Conv { filters: usize, kernel: usize, stride: usize },
    MaxPool { size: usize },
    AvgPool { size: usize },
    Recurrent { cell: Cell, units: usize },
}

impl LayerSpec {
    /// Whether the layer has weights (and so its own dropout; dense and convolution layers
    /// also their activation and batch norm).
    pub fn is_weighted(self) -> bool {
        matches!(self, LayerSpec::Dense { .. } | LayerSpec::Conv { .. } | LayerSpec::Recurrent { .. })
    }

    pub fn is_recurrent(self) -> bool {
        matches!(self, LayerSpec::Recurrent { .. })
    }

    /// Whether the layer takes a whole sequence (so a recurrent layer before it hands over
    /// every hidden state).
    fn takes_sequence(self) -> bool {
        !matches!(self, LayerSpec::Dense { .. })
    }

    /// Reads one token (`d8`, `c8k3`, `c8k3s2`, `mp2`, `ap2`), within the limits above.
    pub fn parse(token: &str) -> Option<LayerSpec> {
        let t = token.trim().to_ascii_lowercase();
        let num = |s: &str, lo: usize, hi: usize| -> Option<usize> {
            if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || s.len() > 4 {
                return None;
            }
            s.parse().ok().filter(|v| (lo..=hi).contains(v))
        };
        for cell in [Cell::Rnn, Cell::Lstm, Cell::Gru] {
            if let Some(rest) = t.strip_prefix(cell.token()) {
                return num(rest, 1, MAX_RECURRENT).map(|units| LayerSpec::Recurrent { cell, units });
            }
        }
        if let Some(rest) = t.strip_prefix("mp") {
            return num(rest, 2, MAX_POOL).map(|size| LayerSpec::MaxPool { size });
        }
        if let Some(rest) = t.strip_prefix("ap") {
            return num(rest, 2, MAX_POOL).map(|size| LayerSpec::AvgPool { size });
        }
        if let Some(rest) = t.strip_prefix('d') {
            return num(rest, 1, MAX_UNITS).map(|units| LayerSpec::Dense { units });
        }
        if let Some(rest) = t.strip_prefix('c') {
            let (filters, rest) = rest.split_once('k')?;
            let (kernel, stride) = match rest.split_once('s') {
                Some((k, s)) => (k, Some(s)),
                None => (rest, None),
            };
            let filters = num(filters, 1, MAX_FILTERS)?;
            let kernel = num(kernel, 1, MAX_KERNEL).filter(|k| k % 2 == 1)?;
            let stride = match stride {
                Some(s) => num(s, 1, MAX_STRIDE)?,
                None => 1,
            };
            return Some(LayerSpec::Conv { filters, kernel, stride });
        }
        None
    }
}

impl fmt::Display for LayerSpec {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match *self {
            LayerSpec::Dense { units } => write!(f, "d{units}"),
            LayerSpec::Conv { filters, kernel, stride: 1 } => write!(f, "c{filters}k{kernel}"),
            LayerSpec::Conv { filters, kernel, stride } => write!(f, "c{filters}k{kernel}s{stride}"),
            LayerSpec::MaxPool { size } => write!(f, "mp{size}"),
            LayerSpec::AvgPool { size } => write!(f, "ap{size}"),
            LayerSpec::Recurrent { cell, units } => write!(f, "{}{units}", cell.token()),
        }
    }
}

/// What one example looks like after the data pipeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Shape {
    /// A vector of features (points: one per chosen feature).
    Flat { features: usize },
    /// An image, channels × height × width.
    Image { channels: usize, height: usize, width: usize },
    /// A sequence, time steps × features per step.
    Sequence { steps: usize, features: usize },
}

impl Shape {
    /// Numbers per example.
    pub fn len(self) -> usize {
        match self {
            Shape::Flat { features } => features,
            Shape::Image { channels, height, width } => channels * height * width,
            Shape::Sequence { steps, features } => steps * features,
        }
    }

    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// The dimensions after the batch dimension, as a tensor holds them.
    pub fn dims(self) -> Vec<usize> {
        match self {
            Shape::Flat { features } => vec![features],
            Shape::Image { channels, height, width } => vec![channels, height, width],
            Shape::Sequence { steps, features } => vec![steps, features],
        }
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match *self {
            Shape::Flat { features } => write!(f, "{features}"),
            Shape::Image { channels, height, width } => write!(f, "{channels}×{height}×{width}"),
            Shape::Sequence { steps, features } => write!(f, "{steps}×{features}"),
        }
    }
}

/// Why a description does not fit the data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ArchProblem {
    /// More layers than [`MAX_LAYERS`].
    TooManyLayers { count: usize },
    /// Layer `layer` (0-based) is a convolution or a pooling layer on data that is not an
    /// image (or after a dense layer, which flattens).
    NeedsImage { layer: usize },
    /// Layer `layer` would shrink the image below 1×1 (`side` is its input side).
    TooSmall { layer: usize, side: usize },
    /// Layer `layer` is recurrent on data that is not a sequence (or after a dense layer).
    NeedsSequence { layer: usize },
}

/// A whole description: the layers before the output layer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Arch(pub Vec<LayerSpec>);

impl Arch {
    /// Dense layers only: `hidden=8,8` is `layers=d8,d8`.
    pub fn dense(widths: &[usize]) -> Arch {
        Arch(widths.iter().map(|&units| LayerSpec::Dense { units }).collect())
    }

    /// Reads a comma list of tokens; `None` names the first bad token. An empty string is no
    /// hidden layer at all.
    pub fn parse(raw: &str) -> Result<Arch, String> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(Arch(vec![]));
        }
        let layers = raw
            .split(',')
            .map(|t| LayerSpec::parse(t).ok_or_else(|| t.trim().to_string()))
            .collect::<Result<Vec<_>, _>>()?;
        if layers.len() > MAX_LAYERS {
            return Err(raw.to_string());
        }
        Ok(Arch(layers))
    }

    pub fn layers(&self) -> &[LayerSpec] {
        &self.0
    }

    /// Whether every layer is dense (the multilayer perceptron).
    pub fn is_dense(&self) -> bool {
        self.0.iter().all(|l| matches!(l, LayerSpec::Dense { .. }))
    }

    /// Whether any layer is recurrent.
    pub fn is_recurrent(&self) -> bool {
        self.0.iter().any(|l| l.is_recurrent())
    }

    /// Whether recurrent layer `i` hands on its whole sequence (the next layer takes one).
    pub fn returns_sequence(&self, i: usize) -> bool {
        self.0.get(i + 1).is_some_and(|next| next.takes_sequence())
    }

    /// The widths of the dense layers, in order.
    pub fn dense_widths(&self) -> Vec<usize> {
        self.0.iter().filter_map(|l| if let LayerSpec::Dense { units } = l { Some(*units) } else { None }).collect()
    }

    /// Layers with weights (the ones `act`, `bn` and `dropout` apply to), in order.
    pub fn weighted(&self) -> usize {
        self.0.iter().filter(|l| l.is_weighted()).count()
    }

    /// Every layer's output shape for examples of shape `input`, or the first problem.
    pub fn shapes(&self, input: Shape) -> Result<Vec<Shape>, ArchProblem> {
        if self.0.len() > MAX_LAYERS {
            return Err(ArchProblem::TooManyLayers { count: self.0.len() });
        }
        let mut shape = input;
        let mut out = Vec::with_capacity(self.0.len());
        for (layer, spec) in self.0.iter().enumerate() {
            shape = match (*spec, shape) {
                (LayerSpec::Dense { units }, _) => Shape::Flat { features: units },
                (LayerSpec::Conv { filters, stride, .. }, Shape::Image { height, width, .. }) => {
                    Shape::Image { channels: filters, height: height.div_ceil(stride), width: width.div_ceil(stride) }
                }
                (LayerSpec::MaxPool { size } | LayerSpec::AvgPool { size }, Shape::Image { channels, height, width }) => {
                    if height < size || width < size {
                        return Err(ArchProblem::TooSmall { layer, side: height.min(width) });
                    }
                    Shape::Image { channels, height: height / size, width: width / size }
                }
                (LayerSpec::Conv { filters, stride, .. }, Shape::Sequence { steps, .. }) => Shape::Sequence { steps: steps.div_ceil(stride), features: filters },
                (LayerSpec::MaxPool { size } | LayerSpec::AvgPool { size }, Shape::Sequence { steps, features }) => {
                    if steps < size {
                        return Err(ArchProblem::TooSmall { layer, side: steps });
                    }
                    Shape::Sequence { steps: steps / size, features }
                }
                (LayerSpec::Recurrent { units, .. }, Shape::Sequence { steps, .. }) => {
                    if self.returns_sequence(layer) {
                        Shape::Sequence { steps, features: units }
                    } else {
                        Shape::Flat { features: units }
                    }
                }
                (LayerSpec::Recurrent { .. }, _) => return Err(ArchProblem::NeedsSequence { layer }),
                _ => return Err(ArchProblem::NeedsImage { layer }),
            };
            out.push(shape);
        }
        Ok(out)
    }

    /// Trained parameters of each layer (weights and biases; batch norm's γ and β when
    /// `bn(i)` says the i-th weighted layer has it), for examples of shape `input`, and the
    /// output layer's last (with `outputs` units).
    pub fn parameter_counts(&self, input: Shape, outputs: usize, bn: impl Fn(usize) -> bool) -> Result<Vec<usize>, ArchProblem> {
        let shapes = self.shapes(input)?;
        let mut counts = Vec::with_capacity(shapes.len() + 1);
        let mut before = input;
        let mut weighted = 0;
        for (spec, &after) in self.0.iter().zip(&shapes) {
            let norm = |c: usize, i: usize| if bn(i) { 2 * c } else { 0 };
            counts.push(match (*spec, before) {
                (LayerSpec::Dense { units }, _) => {
                    weighted += 1;
                    before.len() * units + units + norm(units, weighted - 1)
                }
                (LayerSpec::Conv { filters, kernel, .. }, Shape::Image { channels, .. }) => {
                    weighted += 1;
                    filters * channels * kernel * kernel + filters + norm(filters, weighted - 1)
                }
                (LayerSpec::Conv { filters, kernel, .. }, Shape::Sequence { features, .. }) => {
                    weighted += 1;
                    filters * features * kernel + filters + norm(filters, weighted - 1)
                }
                (LayerSpec::Recurrent { cell, units }, Shape::Sequence { features, .. }) => {
                    // Batch norm does not apply to a recurrent layer.
                    weighted += 1;
                    cell.parameters(features, units)
                }
                _ => 0,
            });
            before = after;
        }
        counts.push(before.len() * outputs + outputs);
        Ok(counts)
    }
}

impl fmt::Display for Arch {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        for (i, l) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{l}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip() {
        for raw in ["d8", "c8k3", "c8k5s2", "mp2", "ap3", "d256", "c64k7s4"] {
            assert_eq!(LayerSpec::parse(raw).unwrap().to_string(), raw);
        }
        assert_eq!(LayerSpec::parse(" C8K3S1 "), Some(LayerSpec::Conv { filters: 8, kernel: 3, stride: 1 }));
        assert_eq!(LayerSpec::parse("c8k3s1").unwrap().to_string(), "c8k3", "stride 1 is not written");
        for bad in ["", "d", "d0", "d257", "c8", "c8k4", "c8k9", "c0k3", "c8k3s0", "c8k3s5", "mp1", "mp5", "x3", "d8x", "d-1", "d+8", "d00008"] {
            assert_eq!(LayerSpec::parse(bad), None, "{bad}");
        }
        let a = Arch::parse("c8k5,mp2,c16k5,mp3").unwrap();
        assert_eq!(a.to_string(), "c8k5,mp2,c16k5,mp3");
        assert_eq!(Arch::parse("").unwrap(), Arch(vec![]));
        assert_eq!(Arch::parse("d8,zz,d2"), Err("zz".into()));
        assert!(Arch::parse(&["d1"; MAX_LAYERS + 1].join(",")).is_err());
        assert_eq!(Arch::dense(&[8, 8]), Arch::parse("d8,d8").unwrap());
    }

    /// ConvNetJS's MNIST network: 24×24×1 → conv 5×5×8 (same) → pool 2 → conv 5×5×16 →
    /// pool 3 → softmax 10. Parameters as PyTorch counts them for
    /// `Conv2d(1, 8, 5, padding=2), MaxPool2d(2), Conv2d(8, 16, 5, padding=2), MaxPool2d(3),
    /// Flatten(), Linear(256, 10)`: 208 + 3,216 + 2,570 = 5,994.
    #[test]
    fn shapes_and_parameters_of_the_convnetjs_mnist_net() {
        let a = Arch::parse("c8k5,mp2,c16k5,mp3").unwrap();
        let input = Shape::Image { channels: 1, height: 24, width: 24 };
        let s = a.shapes(input).unwrap();
        assert_eq!(s.iter().map(|s| s.to_string()).collect::<Vec<_>>(), ["8×24×24", "8×12×12", "16×12×12", "16×4×4"]);
        assert_eq!(a.parameter_counts(input, 10, |_| false).unwrap(), vec![208, 0, 3216, 0, 2570]);
        // With batch norm after the second convolution: + 2·16.
        assert_eq!(a.parameter_counts(input, 10, |i| i == 1).unwrap()[2], 3216 + 32);
        // Stride 2 rounds up: 7 → 4.
        let s = Arch::parse("c4k3s2").unwrap().shapes(Shape::Image { channels: 3, height: 7, width: 7 }).unwrap();
        assert_eq!(s[0], Shape::Image { channels: 4, height: 4, width: 4 });
        // A dense layer flattens: 8×8 image → d10 has 64·10 + 10.
        let a = Arch::parse("d10").unwrap();
        assert_eq!(a.parameter_counts(Shape::Image { channels: 1, height: 8, width: 8 }, 10, |_| false).unwrap(), vec![650, 110]);
    }

    #[test]
    fn layers_that_do_not_fit_the_data_are_refused() {
        let points = Shape::Flat { features: 2 };
        assert_eq!(Arch::parse("c8k3").unwrap().shapes(points), Err(ArchProblem::NeedsImage { layer: 0 }));
        let img = Shape::Image { channels: 1, height: 8, width: 8 };
        assert_eq!(Arch::parse("d8,c8k3").unwrap().shapes(img), Err(ArchProblem::NeedsImage { layer: 1 }));
        assert_eq!(Arch::parse("mp4,mp4").unwrap().shapes(img), Err(ArchProblem::TooSmall { layer: 1, side: 2 }));
        assert!(Arch::dense(&[4, 2]).shapes(points).is_ok());
    }

    /// Sequences: a convolution and pooling run over the steps; a recurrent layer hands on
    /// its sequence only to a layer that takes one. Parameters: PyTorch's
    /// `nn.GRU(1, 8)` has 3·8·(1 + 8) weights and 6·8 biases; its input and hidden biases of
    /// the two gates only ever appear summed, so we keep one of each: 3·8·(1 + 8 + 1) + 8.
    #[test]
    fn sequence_layers_shapes_and_parameters() {
        let input = Shape::Sequence { steps: 40, features: 1 };
        let a = Arch::parse("c8k5,mp2,gru16,lstm8").unwrap();
        let s = a.shapes(input).unwrap();
        assert_eq!(s.iter().map(|s| s.to_string()).collect::<Vec<_>>(), ["40×8", "20×8", "20×16", "8"]);
        assert_eq!(a.parameter_counts(input, 10, |_| true).unwrap(), vec![8 * 5 + 8 + 16, 0, 3 * 16 * (8 + 16 + 1) + 16, 4 * 8 * (16 + 8 + 1), 90]);
        assert_eq!(Cell::Gru.parameters(1, 8), 3 * 8 * 10 + 8);
        assert_eq!(Cell::Rnn.parameters(2, 4), 4 * (2 + 4 + 1));
        assert_eq!(Arch::parse("rnn8,d4").unwrap().shapes(input).unwrap()[0], Shape::Flat { features: 8 });
        assert_eq!(Arch::parse("c4k3s2").unwrap().shapes(input).unwrap()[0], Shape::Sequence { steps: 20, features: 4 });
        assert_eq!(Arch::parse("gru8").unwrap().to_string(), "gru8");
        assert_eq!(LayerSpec::parse("LSTM12"), Some(LayerSpec::Recurrent { cell: Cell::Lstm, units: 12 }));
        assert_eq!(LayerSpec::parse("rnn65"), None);
        // Recurrent layers need a sequence; pooling cannot go below one step.
        let img = Shape::Image { channels: 1, height: 8, width: 8 };
        assert_eq!(Arch::parse("gru8").unwrap().shapes(img), Err(ArchProblem::NeedsSequence { layer: 0 }));
        assert_eq!(Arch::parse("d8,gru8").unwrap().shapes(input), Err(ArchProblem::NeedsSequence { layer: 1 }));
        assert_eq!(Arch::parse("mp4,mp4,mp4").unwrap().shapes(input), Err(ArchProblem::TooSmall { layer: 2, side: 2 }));
        // An MLP flattens the sequence: 40·1 inputs.
        assert_eq!(Arch::parse("d10").unwrap().parameter_counts(input, 1, |_| false).unwrap(), vec![410, 11]);
    }
}
