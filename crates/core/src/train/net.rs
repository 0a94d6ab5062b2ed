//! The tiny fully convolutional network: three 3×3 convolutions
//! `1 → 4 (leaky ReLU) → 4, dilation 2 (leaky ReLU) → 1` giving one logit per pixel
//! (a 9×9 receptive field, 225 parameters). The probability is `σ(logit)`.
//!
//! The multi-class race's network is the same with `C` output channels
//! ([`Net::with_outputs`]: the last layer `4 → C`, one logit per class and pixel, then a
//! softmax over the channels); with one output it is the binary network, number for number.
//!
//! Forward keeps each layer's activations in a [`Workspace`]; backward starts from
//! `∂L/∂z` (the loss core's `grad_logit`) and accumulates `∂L/∂θ` into a flat gradient
//! vector laid out like the parameters.

use super::conv::{self, ConvShape};
use super::rng::Pcg32;

/// The layers of the binary network, input to output.
pub const LAYERS: [ConvShape; 3] = layers(1);

/// The layers of a network with `outputs` output channels.
pub const fn layers(outputs: usize) -> [ConvShape; 3] {
    [
        ConvShape { cin: 1, cout: HIDDEN, dilation: 1 },
        ConvShape { cin: HIDDEN, cout: HIDDEN, dilation: 2 },
        ConvShape { cin: HIDDEN, cout: outputs, dilation: 1 },
    ]
}

/// Channels of the hidden layers.
pub const HIDDEN: usize = 4;

/// Slope of the leaky ReLU for negative inputs (keeps every unit trainable).
pub const LEAK: f32 = 0.05;

/// Number of parameters of the binary network.
pub const PARAMS: usize = params_of(1);

/// Number of parameters of a network with `outputs` output channels (`225 + 37·(C − 1)`).
pub const fn params_of(outputs: usize) -> usize {
    let l = layers(outputs);
    l[0].params() + l[1].params() + l[2].params()
}

/// The network's parameters, flat: layer by layer, weights then biases.
#[derive(Debug, Clone, PartialEq)]
pub struct Net {
    /// All parameters.
    pub params: Vec<f32>,
    /// Output channels: 1 (binary, `σ`) or `C` classes (softmax).
    outputs: usize,
}

impl Net {
    /// He-uniform weights (`U(±√(6 / fan_in))`) and zero biases from `seed`: the output
    /// starts near `σ(small) ≈ 0.5` everywhere.
    pub fn new(seed: u64) -> Net {
        Net::with_outputs(seed, 1)
    }

    /// As [`Net::new`] with `outputs` output channels (at least 1): the same draws in the
    /// same order, the last layer drawing `outputs` times as many weights, so one output is
    /// [`Net::new`] exactly.
    pub fn with_outputs(seed: u64, outputs: usize) -> Net {
        let outputs = outputs.max(1);
        let mut rng = Pcg32::new(seed, 0x6e6574);
        let mut params = Vec::with_capacity(params_of(outputs));
        for l in layers(outputs) {
            let bound = (6.0 / (l.cin * 9) as f32).sqrt();
            params.extend((0..l.weights()).map(|_| rng.range(-bound, bound)));
            params.extend(std::iter::repeat_n(0.0, l.cout));
        }
        Net { params, outputs }
    }

    /// Output channels.
    pub fn outputs(&self) -> usize {
        self.outputs
    }

    /// Its layers, input to output.
    pub fn layers(&self) -> [ConvShape; 3] {
        layers(self.outputs)
    }

    /// Where each layer's parameters start in the flat vector.
    fn offsets(&self) -> [usize; 4] {
        let mut at = [0; 4];
        for (i, l) in self.layers().iter().enumerate() {
            at[i + 1] = at[i] + l.params();
        }
        at
    }

    /// Parameters of layer `i`.
    fn layer(&self, i: usize) -> &[f32] {
        let at = self.offsets();
        &self.params[at[i]..at[i + 1]]
    }

    /// Logits of one `side×side` image into `ws` (its activations are kept for backward):
    /// [`Net::outputs`] planes.
    pub fn forward(&self, image: &[f32], side: usize, ws: &mut Workspace) {
        let layers = self.layers();
        ws.resize(side, self.outputs);
        let layer = |i: usize| self.layer(i).split_at(layers[i].weights());
        let (w, b) = layer(0);
        conv::pad(image, 1, side, layers[0].dilation, &mut ws.pad0);
        conv::forward_padded(layers[0], w, b, &ws.pad0, side, &mut ws.h1);
        leaky_relu(&mut ws.h1);
        let (w, b) = layer(1);
        conv::pad(&ws.h1, HIDDEN, side, layers[1].dilation, &mut ws.pad1);
        conv::forward_padded(layers[1], w, b, &ws.pad1, side, &mut ws.h2);
        leaky_relu(&mut ws.h2);
        let (w, b) = layer(2);
        conv::pad(&ws.h2, HIDDEN, side, layers[2].dilation, &mut ws.pad2);
        conv::forward_padded(layers[2], w, b, &ws.pad2, side, &mut ws.logit);
    }

    /// Given `grad_logit = ∂L/∂z` for the image last passed to [`Net::forward`] with `ws`
    /// ([`Net::outputs`] planes), adds `∂L/∂θ` to `grad` (the length of `params`). The image
    /// is not needed again: its padded copy from the forward pass is in `ws`.
    pub fn backward(&self, side: usize, grad_logit: &[f32], ws: &mut Workspace, grad: &mut [f32]) {
        let layers = self.layers();
        let at = self.offsets();
        let (g0, rest) = grad.split_at_mut(at[1]);
        let (g1, g2) = rest.split_at_mut(at[2] - at[1]);
        let s = &mut ws.scratch;
        conv::backward_params_padded(layers[2], &ws.pad2, grad_logit, side, g2);
        conv::backward_input_with(layers[2], self.layer(2), grad_logit, side, &mut ws.grad_h2, s);
        leaky_relu_backward(&ws.h2, &mut ws.grad_h2);
        conv::backward_params_padded(layers[1], &ws.pad1, &ws.grad_h2, side, g1);
        conv::backward_input_with(layers[1], self.layer(1), &ws.grad_h2, side, &mut ws.grad_h1, s);
        leaky_relu_backward(&ws.h1, &mut ws.grad_h1);
        conv::backward_params_padded(layers[0], &ws.pad0, &ws.grad_h1, side, g0);
    }
}

fn leaky_relu(values: &mut [f32]) {
    for v in values {
        *v = if *v > 0.0 { *v } else { LEAK * *v };
    }
}

/// `grad *= f'(a)` where `out = f(a)`: the sign of the output is the sign of the input.
fn leaky_relu_backward(out: &[f32], grad: &mut [f32]) {
    for (g, &o) in grad.iter_mut().zip(out) {
        *g *= if o > 0.0 { 1.0 } else { LEAK };
    }
}

/// Activations and scratch gradients of one image; reused across images and networks.
#[derive(Debug, Clone, Default)]
pub struct Workspace {
    /// Hidden activations of layer 1 (`HIDDEN` planes).
    pub h1: Vec<f32>,
    /// Hidden activations of layer 2.
    pub h2: Vec<f32>,
    /// The output logits (one plane per output channel).
    pub logit: Vec<f32>,
    grad_h1: Vec<f32>,
    grad_h2: Vec<f32>,
    pad0: Vec<f32>,
    pad1: Vec<f32>,
    pad2: Vec<f32>,
    scratch: conv::ConvScratch,
}

impl Workspace {
    fn resize(&mut self, side: usize, outputs: usize) {
        let n = side * side;
        self.h1.resize(HIDDEN * n, 0.0);
        self.h2.resize(HIDDEN * n, 0.0);
        self.logit.resize(outputs * n, 0.0);
        self.grad_h1.resize(HIDDEN * n, 0.0);
        self.grad_h2.resize(HIDDEN * n, 0.0);
    }
}

/// `σ(z)` in `f32`, in [0, 1] for every finite `z` (exactly 0 or 1 far out).
pub fn sigmoid(z: f32) -> f32 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}
