//! The pixel buffer element type: `f32` (the app's fast path, the benchmark) or `f64` (the
//! command line, the tests). Kernels are written once, generically, in the pixel's own
//! precision; sums are carried into `f64` (see `crate::kernel`).
//!
//! `f64` uses the standard library's `ln`/`exp`. `f32` uses branch-free Cephes-style
//! approximations (relative error ≈ 1e-7, i.e. f32's own precision) that the compiler can
//! vectorise, since a libm call per pixel would dominate every log loss.

use std::ops::{Add, Div, Mul, Neg, Sub};

/// A floating-point pixel value with the arithmetic the kernels need.
pub trait Pixel:
    Copy
    + Default
    + PartialOrd
    + Send
    + Sync
    + 'static
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
{
    /// 0.
    const ZERO: Self;
    /// 1.
    const ONE: Self;
    /// A quarter of the largest finite value: `a·y + b·p + c` with coefficients this large
    /// and `y, p ∈ [0, 1]` stays finite.
    const LARGE: Self;
    /// The value as `f64`.
    fn to_f64(self) -> f64;
    /// The nearest value of this type to `x`.
    fn from_f64(x: f64) -> Self;
    /// Natural log of a positive, normal `self` (the kernels only pass clamped values).
    fn ln(self) -> Self;
    /// `e^self` for `self ≤ 0` (the kernels only need that range).
    fn exp_non_positive(self) -> Self;
    /// The larger of the two.
    #[inline(always)]
    fn max(self, other: Self) -> Self {
        if self > other {
            self
        } else {
            other
        }
    }
    /// The smaller of the two.
    #[inline(always)]
    fn min(self, other: Self) -> Self {
        if self < other {
            self
        } else {
            other
        }
    }
    /// Absolute value.
    #[inline(always)]
    fn abs(self) -> Self {
        if self < Self::ZERO {
            -self
        } else {
            self
        }
    }
}

impl Pixel for f64 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
    const LARGE: Self = f64::MAX / 4.0;
    #[inline(always)]
    fn to_f64(self) -> f64 {
        self
    }
    #[inline(always)]
    fn from_f64(x: f64) -> Self {
        x
    }
    #[inline(always)]
    fn ln(self) -> Self {
        f64::ln(self)
    }
    #[inline(always)]
    fn exp_non_positive(self) -> Self {
        f64::exp(self)
    }
}

impl Pixel for f32 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
    const LARGE: Self = f32::MAX / 4.0;
    #[inline(always)]
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
    #[inline(always)]
    fn from_f64(x: f64) -> Self {
        x as f32
    }
    #[inline(always)]
    fn ln(self) -> Self {
        ln_f32(self)
    }
    #[inline(always)]
    fn exp_non_positive(self) -> Self {
        exp_f32(self)
    }
}

/// `ln x` for positive normal `x`: split `x = m·2^e` with `m ∈ [√½, √2)`, then the Cephes
/// `logf` polynomial in `m − 1`. No branches, no table: vectorises.
#[inline(always)]
fn ln_f32(x: f32) -> f32 {
    const SQRT_HALF: f32 = std::f32::consts::FRAC_1_SQRT_2;
    let bits = x.to_bits();
    // Exponent and mantissa in [0.5, 1).
    let mut e = ((bits >> 23) & 0xff) as i32 - 126;
    let mut m = f32::from_bits((bits & 0x007f_ffff) | 0x3f00_0000);
    let small = m < SQRT_HALF;
    e -= i32::from(small);
    m = if small { m + m } else { m };
    let f = m - 1.0;
    let z = f * f;
    let mut y = 7.037_683_6e-2_f32;
    y = y * f - 1.151_461_1e-1;
    y = y * f + 1.167_699_9e-1;
    y = y * f - 1.242_014_1e-1;
    y = y * f + 1.424_932_3e-1;
    y = y * f - 1.666_805_8e-1;
    y = y * f + 2.000_071_5e-1;
    y = y * f - 2.499_999_4e-1;
    y = y * f + 3.333_333e-1;
    y = y * f * z;
    let e = e as f32;
    y += e * -2.121_944_4e-4;
    y -= 0.5 * z;
    f + y + e * 0.693_359_4
}

/// `e^x` for `x ≤ 0`: Cephes `expf` (range reduction by `ln 2` in two parts, a degree-5
/// polynomial, the exponent put back through the bits). Below −87 it returns ~1e-38.
#[inline(always)]
fn exp_f32(x: f32) -> f32 {
    let x = x.max(-87.0);
    // n = floor(x·log2 e + ½), by truncation (x ≤ 0, so truncation rounds up: correct it).
    let t = x * std::f32::consts::LOG2_E + 0.5;
    let i = t as i32;
    let i = if i as f32 > t { i - 1 } else { i };
    let n = i as f32;
    let r = x - n * 0.693_359_4 + n * 2.121_944_4e-4;
    let z = r * r;
    let mut y = 1.987_569_1e-4_f32;
    y = y * r + 1.398_199_9e-3;
    y = y * r + 8.333_452e-3;
    y = y * r + 4.166_579_6e-2;
    y = y * r + 1.666_666_5e-1;
    y = y * r + 5e-1;
    y = y * z + r + 1.0;
    f32::from_bits(((i + 127) as u32) << 23) * y
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_ln_is_accurate_to_f32_precision_over_the_clamped_range() {
        let mut x = 1e-7f32;
        let mut worst = 0.0f64;
        while x <= 1.0 {
            let want = f64::from(x).ln();
            let got = f64::from(ln_f32(x));
            worst = worst.max((got - want).abs() / want.abs().max(1e-3));
            x *= 1.0007;
        }
        assert!(ln_f32(1.0) == 0.0);
        assert!(worst < 4e-7, "worst relative error {worst:e}");
    }

    #[test]
    fn fast_exp_is_accurate_to_f32_precision_on_non_positive_inputs() {
        let mut worst = 0.0f64;
        for i in 0..=80_000 {
            let x = -(i as f32) * 1e-3;
            let want = f64::from(x).exp();
            let got = f64::from(exp_f32(x));
            worst = worst.max((got - want).abs() / want);
        }
        assert!(worst < 4e-7, "worst relative error {worst:e}");
        assert!((exp_f32(0.0) - 1.0).abs() < 1e-7);
    }
}
