//! The pixel buffer element type: `f32` (the app's fast path, the benchmark) or `f64` (the
//! command line, the tests). Kernels are written once, generically, in the pixel's own
//! precision; sums are carried into `f64` (see `crate::kernel`).
//!
//! Logs are branch-free so the compiler can vectorise them (a libm call per pixel would
//! dominate every log loss, in the browser most of all): `f64` uses fdlibm's `log` kernel
//! (error under 1 ulp), `f32` Cephes' `logf` (≈ 1e-7 relative, f32's own precision). `exp`
//! (focal loss with a non-whole γ) is std's for `f64` and Cephes' `expf` for `f32`.

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
    /// The square root of a non-negative `self` (IEEE, exact rounding: it vectorises).
    fn sqrt(self) -> Self;
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
        ln_f64(self)
    }
    #[inline(always)]
    fn sqrt(self) -> Self {
        f64::sqrt(self)
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
    fn sqrt(self) -> Self {
        f32::sqrt(self)
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

/// `ln x` for positive normal `x`: fdlibm's `__ieee754_log` without its special cases.
/// `x = m·2^k` with `m ∈ [√½·2, √2)` rescaled to `[√½, √2)`, `f = m − 1`, `s = f/(2 + f)`,
/// and `log(1 + f) = f − ½f² + s·(½f² + R(s²))` with fdlibm's degree-14 polynomial `R`.
#[inline(always)]
#[allow(clippy::excessive_precision)] // fdlibm's constants, digit for digit as published
fn ln_f64(x: f64) -> f64 {
    const LN2_HI: f64 = 6.931_471_803_691_238_164_90e-1;
    const LN2_LO: f64 = 1.908_214_929_270_587_700_02e-10;
    const LG: [f64; 7] = [
        6.666_666_666_666_735_130e-1,
        3.999_999_999_940_941_908e-1,
        2.857_142_874_366_239_149e-1,
        2.222_219_843_214_978_396e-1,
        1.818_357_216_161_805_012e-1,
        1.531_383_769_920_937_332e-1,
        1.479_819_860_511_658_591e-1,
    ];
    let bits = x.to_bits();
    let mut k = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let mut m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    let big = m > std::f64::consts::SQRT_2;
    k += i64::from(big);
    m = if big { m * 0.5 } else { m };
    let f = m - 1.0;
    let s = f / (2.0 + f);
    let z = s * s;
    let w = z * z;
    let t1 = w * (LG[1] + w * (LG[3] + w * LG[5]));
    let t2 = z * (LG[0] + w * (LG[2] + w * (LG[4] + w * LG[6])));
    let r = t2 + t1;
    let half_f_sq = 0.5 * f * f;
    let k = k as f64;
    k * LN2_HI - ((half_f_sq - (s * (half_f_sq + r) + k * LN2_LO)) - f)
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
    fn f64_ln_is_within_two_ulp_of_std_over_the_clamped_range() {
        let mut x = 1e-7f64;
        let mut worst_ulps = 0.0f64;
        while x <= 1.0 {
            for y in [x, x * (1.0 + 1e-9), std::f64::consts::SQRT_2 / 2.0 * x.max(1e-6)] {
                if y > 1.0 {
                    continue;
                }
                let want = y.ln();
                let ulp = (want.abs() * f64::EPSILON).max(f64::MIN_POSITIVE);
                worst_ulps = worst_ulps.max((ln_f64(y) - want).abs() / ulp);
            }
            x *= 1.0003;
        }
        assert_eq!(ln_f64(1.0), 0.0);
        assert!(worst_ulps <= 2.0, "worst error {worst_ulps} ulp");
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
