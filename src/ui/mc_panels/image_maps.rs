//! One image's per-channel gradients under an `McConfig`, as the maps and their read-out
//! show them (its own file so that both import it and not each other).

use super::batch::BatchBuffers;
use losslab_core::maps::Component;
use losslab_core::multiclass::{McInput, McShape};
use losslab_core::params::multiclass::McConfig;

/// One image's gradients on every channel, and what the read-out shows with them.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageMaps {
    /// Rows and columns of the image.
    pub height: usize,
    pub width: usize,
    /// Channels `C`.
    pub classes: usize,
    /// Each channel's name.
    pub names: Vec<String>,
    /// The channels the loss keeps (`McEvaluation::kept`).
    pub kept: Vec<usize>,
    /// `[C, H, W]` of the image: `∂L/∂z`, `∂L/∂p`, the target and the probabilities.
    pub grad_logit: Vec<f64>,
    pub grad_prob: Vec<f64>,
    pub target: Vec<f64>,
    pub prob: Vec<f64>,
}

impl ImageMaps {
    /// The shown component's plane of channel `c`.
    pub fn plane(&self, component: Component, c: usize) -> &[f64] {
        let n = self.height * self.width;
        let all = match component {
            Component::Logit => &self.grad_logit,
            Component::Prob => &self.grad_prob,
        };
        all.get(c * n..(c + 1) * n).unwrap_or(&[])
    }

    /// The largest `|g|` of the shown component over every channel (the shared range).
    pub fn max_abs(&self, component: Component) -> f64 {
        let all = match component {
            Component::Logit => &self.grad_logit,
            Component::Prob => &self.grad_prob,
        };
        all.iter().fold(0.0, |m, g| m.max(g.abs()))
    }
}

/// Why there are no maps.
#[derive(Debug, Clone, PartialEq)]
pub enum Refused {
    /// The loss was validated for another channel count.
    Channels { config: usize, batch: usize },
    /// The image index is past the batch.
    Image { image: usize, images: usize },
    /// The engine refused the input (its message).
    Input(String),
}

/// The maps of image `image` of `batch` under `config`.
pub fn image_maps(
    batch: &BatchBuffers,
    config: &McConfig,
    image: usize,
) -> Result<ImageMaps, Refused> {
    let shape: McShape = batch.shape;
    if config.classes != shape.classes {
        return Err(Refused::Channels { config: config.classes, batch: shape.classes });
    }
    if image >= shape.images {
        return Err(Refused::Image { image, images: shape.images });
    }
    let input = McInput::new(shape, &batch.target, &batch.prob, config.aggregation.activation)
        .map_err(|e| Refused::Input(e.to_string()))?;
    let out = config.evaluate(input);
    let plane = shape.classes * shape.pixels();
    let image_part = |all: &[f64]| all[image * plane..(image + 1) * plane].to_vec();
    Ok(ImageMaps {
        height: shape.height,
        width: shape.width,
        classes: shape.classes,
        names: (0..shape.classes).map(|c| batch.class_name(c)).collect(),
        kept: out.kept,
        grad_logit: image_part(&out.grad_logit),
        grad_prob: image_part(&out.grad_prob),
        target: image_part(&batch.target),
        prob: image_part(&batch.prob),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use losslab_core::params::multiclass::McLossName;

    /// A 1-image, 2-channel, 1×2 batch: pixel 0 background, pixel 1 class 1.
    fn batch() -> BatchBuffers {
        let shape = McShape { images: 1, classes: 2, height: 1, width: 2 };
        BatchBuffers {
            shape,
            target: vec![1.0, 0.0, 0.0, 1.0],
            prob: vec![0.7, 0.4, 0.3, 0.6],
            class_names: vec!["background".into(), "organ".into()],
        }
    }

    #[test]
    fn a_refused_batch_or_loss_is_an_error_not_a_panic() {
        let b = batch();
        let three = McConfig::from_params(McLossName::Dice, 3, &[], None).expect("valid");
        assert_eq!(image_maps(&b, &three, 0), Err(Refused::Channels { config: 3, batch: 2 }));
        let two = McConfig::from_params(McLossName::Dice, 2, &[], None).expect("valid");
        assert_eq!(image_maps(&b, &two, 1), Err(Refused::Image { image: 1, images: 1 }));
        let mut bad = batch();
        bad.prob[0] = 0.9; // pixel 0 now sums to 1.2 under softmax
        assert!(matches!(image_maps(&bad, &two, 0), Err(Refused::Input(_))));
    }

    /// CE with C = 2 from probabilities: `∂L/∂z[c] = (p[c] − y[c]) / N` per pixel (softmax
    /// cross-entropy's textbook gradient, torch's mean over N = 2 pixels), and `∂L/∂p = −y/(p·N)`.
    #[test]
    fn the_planes_are_the_image_channels_of_the_gradient() {
        let ce = McConfig::from_params(McLossName::Ce, 2, &[], None).expect("valid");
        let m = image_maps(&batch(), &ce, 0).expect("maps");
        let expected_z =
            [(0.7 - 1.0) / 2.0, (0.4 - 0.0) / 2.0, (0.3 - 0.0) / 2.0, (0.6 - 1.0) / 2.0];
        for (got, want) in m.grad_logit.iter().zip(expected_z) {
            assert!((got - want).abs() < 1e-12, "{got} vs {want}");
        }
        assert!((m.plane(Component::Prob, 1)[1] - (-1.0 / (0.6 * 2.0))).abs() < 1e-12);
        assert_eq!(m.plane(Component::Prob, 1)[0], 0.0);
        assert_eq!(m.plane(Component::Logit, 0).len(), 2);
        assert!((m.max_abs(Component::Logit) - 0.2).abs() < 1e-12);
        assert_eq!(m.names, vec!["background".to_string(), "organ".to_string()]);
    }
}
