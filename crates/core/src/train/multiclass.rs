//! The multi-class race's runners: each trains the `C`-output network ([`Net::with_outputs`])
//! with a multi-class loss of the engine (`multiclass.md`, [`McConfig::evaluate`]) on the
//! island-and-ships data of [`super::islands`].
//!
//! One step of a runner ([`batch_gradient`]): each image's `C` logit planes (`f32`) → `f64`
//! `[B, C, H, W]` → softmax over the channels ([`activate`]) → the engine's value and
//! `∂L/∂z` (`grad_logit`, the softmax's chain rule included) → `f32` → the network's backward
//! pass, image by image. Validation takes each pixel's argmax class (ties to the lower index)
//! and counts per class, pooled over the validation set ([`super::metrics::ClassCounts`]).

use super::net::{Net, Workspace};
use crate::multiclass::{activate, McEvaluation, McInput, McShape};
use crate::params::multiclass::{Activation, McConfig};

/// The softmax probabilities of `logits` (`[B, C, H, W]`, `f32`), in `f64`.
pub fn softmax(logits: &[f32], shape: McShape) -> Vec<f64> {
    let wide: Vec<f64> = logits.iter().map(|&z| z as f64).collect();
    activate(&wide, shape, Activation::Softmax)
}

/// The network's `[B, C, H, W]` logits of `images` (`B` planes of `side²`), each image's
/// activations kept in `ws[b]` for the backward pass.
pub fn forward_batch(net: &Net, images: &[f32], side: usize, ws: &mut [Workspace]) -> Vec<f32> {
    let n = side * side;
    let mut logits = Vec::with_capacity(images.len() * net.outputs());
    for (image, ws) in images.chunks(n).zip(ws.iter_mut()) {
        net.forward(image, side, ws);
        logits.extend_from_slice(&ws.logit);
    }
    logits
}

/// One batch through `config`: the forward pass of `images` (`side²` each, one workspace per
/// image in `ws`), softmax, the engine's evaluation against the one-hot `target`
/// (`[B, C, H, W]`), and `∂L/∂θ` into `grad` (overwritten). An input the engine refuses — a
/// non-finite logit makes a probability NaN — is an error, and `grad` is then untouched.
pub fn batch_gradient(
    net: &Net,
    config: &McConfig,
    (images, target): (&[f32], &[f64]),
    side: usize,
    ws: &mut [Workspace],
    grad: &mut [f32],
) -> Result<McEvaluation, String> {
    let n = side * side;
    let classes = net.outputs();
    let shape = McShape { images: images.len() / n.max(1), classes, height: side, width: side };
    let logits = forward_batch(net, images, side, ws);
    let prob = softmax(&logits, shape);
    let input =
        McInput::new(shape, target, &prob, Activation::Softmax).map_err(|e| e.to_string())?;
    let eval = config.evaluate(input);
    if !eval.value.is_finite() {
        return Err(format!("the loss became {}", eval.value));
    }
    let grad_logit: Vec<f32> = eval.grad_logit.iter().map(|&g| g as f32).collect();
    grad.fill(0.0);
    for (g, ws) in grad_logit.chunks(classes * n).zip(ws.iter_mut()) {
        net.backward(side, g, ws, grad);
    }
    Ok(eval)
}

/// `L` of `config` on a batch (no gradient): the forward pass and the engine's value, NaN
/// if the engine refuses the input.
pub fn batch_loss(
    net: &Net,
    config: &McConfig,
    (images, target): (&[f32], &[f64]),
    side: usize,
    ws: &mut [Workspace],
) -> f64 {
    let n = side * side;
    let shape = McShape {
        images: images.len() / n.max(1),
        classes: net.outputs(),
        height: side,
        width: side,
    };
    let prob = softmax(&forward_batch(net, images, side, ws), shape);
    loss_of(config, shape, target, &prob)
}

/// `L` of `config` on probabilities `prob` (NaN if the engine refuses them).
pub fn loss_of(config: &McConfig, shape: McShape, target: &[f64], prob: &[f64]) -> f64 {
    McInput::new(shape, target, prob, Activation::Softmax)
        .map_or(f64::NAN, |input| config.evaluate(input).value)
}

/// The one-hot `[B, C, H, W]` target of images' `labels` (each of `n` pixels, classes below
/// `classes`; a larger label counts as the last class) into `out`.
pub fn one_hot<'a>(labels: impl IntoIterator<Item = &'a [u8]>, classes: usize, out: &mut Vec<f64>) {
    out.clear();
    for image in labels {
        let n = image.len();
        let start = out.len();
        out.resize(start + classes * n, 0.0);
        for (i, &l) in image.iter().enumerate() {
            out[start + (l as usize).min(classes - 1) * n + i] = 1.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_hot_by_hand() {
        // Two 2-pixel images with labels (0, 2) and (1, 1): [B, C, N] = [2, 3, 2].
        let mut out = Vec::new();
        one_hot([&[0u8, 2][..], &[1, 1][..]], 3, &mut out);
        assert_eq!(out, [1., 0., 0., 0., 0., 1., 0., 0., 1., 1., 0., 0.]);
    }
}
