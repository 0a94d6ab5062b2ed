//! Validated inputs. A buffer is checked once, here, and trusted by every loss.

use crate::pixel::Pixel;
use std::fmt;

/// Why an input buffer was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum InputError {
    /// The image has no pixels.
    Empty,
    /// Two buffers that must have the same length do not.
    LengthMismatch {
        /// Which buffer is wrong.
        field: &'static str,
        /// The length it should have.
        expected: usize,
        /// The length it has.
        actual: usize,
    },
    /// A value is NaN or infinite.
    NotFinite {
        /// Which buffer.
        field: &'static str,
        /// The offending index.
        index: usize,
    },
    /// A value lies outside [0, 1].
    OutOfRange {
        /// Which buffer.
        field: &'static str,
        /// The offending index.
        index: usize,
        /// The offending value.
        value: f64,
    },
    /// The image count of a batch does not divide the buffer, or is zero.
    BadImageCount {
        /// The image count given.
        images: usize,
        /// The buffer length.
        len: usize,
    },
    /// The image shape does not divide the buffer into whole planes, or is empty.
    BadShape {
        /// Rows per image.
        height: usize,
        /// Columns per image.
        width: usize,
        /// The buffer length.
        len: usize,
    },
    /// The class count does not divide the buffer, or is zero.
    BadClassCount {
        /// The class count given.
        classes: usize,
        /// The buffer length.
        len: usize,
    },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Empty => write!(f, "the image has no pixels"),
            InputError::LengthMismatch { field, expected, actual } => {
                write!(f, "`{field}` has {actual} values, expected {expected}")
            }
            InputError::NotFinite { field, index } => {
                write!(f, "`{field}[{index}]` is not a finite number")
            }
            InputError::OutOfRange { field, index, value } => {
                write!(f, "`{field}[{index}]` = {value} is outside [0, 1]")
            }
            InputError::BadImageCount { images, len } => {
                write!(f, "{images} images do not divide {len} values into equal images")
            }
            InputError::BadShape { height, width, len } => {
                write!(f, "images of {height} × {width} pixels do not divide {len} values")
            }
            InputError::BadClassCount { classes, len } => {
                write!(f, "{classes} classes do not divide {len} values into equal planes")
            }
        }
    }
}

impl std::error::Error for InputError {}

fn check_unit<T: Pixel>(field: &'static str, values: &[T]) -> Result<(), InputError> {
    for (index, v) in values.iter().enumerate() {
        let value = v.to_f64();
        if !value.is_finite() {
            return Err(InputError::NotFinite { field, index });
        }
        if !(0.0..=1.0).contains(&value) {
            return Err(InputError::OutOfRange { field, index, value });
        }
    }
    Ok(())
}

/// A binary segmentation case: target and predicted probability per pixel, both in [0, 1],
/// of equal non-zero length. Soft targets are allowed. It may also carry the logits the
/// probabilities came from, which the logit-native losses of `losses-compound.md` use as
/// given (without them, they take `z = ln p̂ − ln(1 − p̂)`). The geometry losses also need
/// the image's shape ([`Binary::with_shape`]); without one, the pixels form a single row.
#[derive(Debug, Clone, Copy)]
pub struct Binary<'a, T> {
    target: &'a [T],
    prob: &'a [T],
    logit: Option<&'a [T]>,
    /// Rows and columns of one image (plane); the buffer holds whole planes.
    shape: (usize, usize),
}

impl<'a, T: Pixel> Binary<'a, T> {
    /// Checks lengths, finiteness and range once.
    pub fn new(target: &'a [T], prob: &'a [T]) -> Result<Self, InputError> {
        if target.is_empty() {
            return Err(InputError::Empty);
        }
        if prob.len() != target.len() {
            return Err(InputError::LengthMismatch {
                field: "prob",
                expected: target.len(),
                actual: prob.len(),
            });
        }
        check_unit("target", target)?;
        check_unit("prob", prob)?;
        Ok(Binary { target, prob, logit: None, shape: (1, target.len()) })
    }

    /// A case given as logits: `prob` must be `σ(logit)` (the caller computes it once);
    /// `logit` is checked for length and finiteness.
    pub fn with_logit(target: &'a [T], prob: &'a [T], logit: &'a [T]) -> Result<Self, InputError> {
        let case = Binary::new(target, prob)?;
        if logit.len() != target.len() {
            return Err(InputError::LengthMismatch {
                field: "logit",
                expected: target.len(),
                actual: logit.len(),
            });
        }
        if let Some(index) = logit.iter().position(|z| !z.to_f64().is_finite()) {
            return Err(InputError::NotFinite { field: "logit", index });
        }
        Ok(Binary { logit: Some(logit), ..case })
    }

    /// The same case as images of `height × width` pixels, one after another (a batch when
    /// there are several): the geometry losses compute their maps per image.
    pub fn with_shape(self, height: usize, width: usize) -> Result<Self, InputError> {
        let plane = height * width;
        if plane == 0 || !self.len().is_multiple_of(plane) {
            return Err(InputError::BadShape { height, width, len: self.len() });
        }
        Ok(Binary { shape: (height, width), ..self })
    }

    /// Rows and columns of one image.
    pub fn plane_shape(&self) -> (usize, usize) {
        self.shape
    }

    /// The logits, when the case was given as logits.
    pub fn logit(&self) -> Option<&'a [T]> {
        self.logit
    }

    /// The target values.
    pub fn target(&self) -> &'a [T] {
        self.target
    }

    /// The predicted probabilities.
    pub fn prob(&self) -> &'a [T] {
        self.prob
    }

    /// Number of pixels.
    pub fn len(&self) -> usize {
        self.target.len()
    }

    /// Always false: a validated input has pixels.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The sub-case of pixels `range`, which must be a non-empty range inside the image.
    pub(crate) fn slice(&self, range: std::ops::Range<usize>) -> Binary<'a, T> {
        let (h, w) = self.shape;
        // Whole images keep their shape; anything else is one row.
        let shape = if range.len().is_multiple_of(h * w) { (h, w) } else { (1, range.len()) };
        Binary {
            shape,
            target: &self.target[range.clone()],
            prob: &self.prob[range.clone()],
            logit: self.logit.map(|z| &z[range]),
        }
    }
}

/// A multi-class case for generalized Dice: `classes` planes of `len / classes` pixels each,
/// class-major (`[C, N]`), targets one-hot (or soft), probabilities in [0, 1].
#[derive(Debug, Clone, Copy)]
pub struct MultiClass<'a, T> {
    classes: usize,
    target: &'a [T],
    prob: &'a [T],
}

impl<'a, T: Pixel> MultiClass<'a, T> {
    /// Checks the class count, lengths, finiteness and range once.
    pub fn new(classes: usize, target: &'a [T], prob: &'a [T]) -> Result<Self, InputError> {
        // The same checks as a binary case, then the class count.
        Binary::new(target, prob)?;
        if classes == 0 || !target.len().is_multiple_of(classes) {
            return Err(InputError::BadClassCount { classes, len: target.len() });
        }
        Ok(MultiClass { classes, target, prob })
    }

    /// Number of classes `C`.
    pub fn classes(&self) -> usize {
        self.classes
    }

    /// Pixels per class plane `N`.
    pub fn pixels(&self) -> usize {
        self.target.len() / self.classes
    }

    /// Target plane of class `l`.
    pub fn target_plane(&self, l: usize) -> &'a [T] {
        let n = self.pixels();
        &self.target[l * n..(l + 1) * n]
    }

    /// Probability plane of class `l`.
    pub fn prob_plane(&self, l: usize) -> &'a [T] {
        let n = self.pixels();
        &self.prob[l * n..(l + 1) * n]
    }

    /// All probabilities, class-major.
    pub fn prob(&self) -> &'a [T] {
        self.prob
    }

    /// All targets, class-major.
    pub fn target(&self) -> &'a [T] {
        self.target
    }
}
