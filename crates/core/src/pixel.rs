//! The pixel buffer element type: `f32` (the app) or `f64` (the command line, the tests).
//!
//! Sums are always accumulated in `f64`; a buffer element is only storage.

/// A floating-point pixel value that converts losslessly enough to and from `f64`.
pub trait Pixel: Copy + Default + PartialOrd + Send + Sync + 'static {
    /// The value as `f64`.
    fn to_f64(self) -> f64;
    /// The nearest value of this type to `x`.
    fn from_f64(x: f64) -> Self;
}

impl Pixel for f32 {
    #[inline(always)]
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
    #[inline(always)]
    fn from_f64(x: f64) -> Self {
        x as f32
    }
}

impl Pixel for f64 {
    #[inline(always)]
    fn to_f64(self) -> f64 {
        self
    }
    #[inline(always)]
    fn from_f64(x: f64) -> Self {
        x
    }
}
