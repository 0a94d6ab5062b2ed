//! Number formatting for people: the one rule every number a person reads follows (the
//! hooks, the exports and the link carry full precision separately).
//!
//! The rule:
//! - [`value`] — a result a person compares (a loss value, a soft count): 4 significant
//!   digits ([`VALUE_DIGITS`]);
//! - [`derived`] — a derived figure (a gradient, a metric, a weight, a ratio, a parameter in a
//!   sentence) and every number in presenter mode: 3 significant digits ([`FIGURE_DIGITS`]);
//! - both are [`sig`]: plain decimals from 1e-3 (after rounding) to 1e4, scientific notation
//!   written `9.82e-5` (Rust's and Python's own spelling, so a pasted number parses) below
//!   and above; trailing zeros kept, so a column's precision is visible; 0 as `0`; NaN and
//!   infinities as `NaN`, `inf`, `-inf`;
//! - [`full`] — the full value (shortest text that reads back to the same `f64`): what a
//!   number's `title`, accessible label and `data-value` hook carry.
//!
//! Chart ticks drawn by plotters and the colour bar's ticks (2 digits) are scales, not
//! readings, and call [`sig`] with their own count.

/// Significant digits of a value a person reads and compares (loss values, counts).
pub const VALUE_DIGITS: usize = 4;

/// Significant digits of a derived figure (gradients, metrics, weights, ratios), and of every
/// number in presenter mode.
pub const FIGURE_DIGITS: usize = 3;

/// Plain decimals cover `[PLAIN_MIN, PLAIN_MAX]`; scientific notation outside.
const PLAIN_MIN: f64 = 1e-3;
const PLAIN_MAX: f64 = 1e4;

/// `v` with `digits` significant digits (at least 1), following the module's rule.
pub fn sig(v: f64, digits: usize) -> String {
    let digits = digits.max(1);
    if !v.is_finite() {
        return format!("{v}");
    }
    if v == 0.0 {
        return "0".to_string();
    }
    // Rust's `{:e}` rounds correctly, carries included (9.9996 → "1.000e1"): the exponent
    // and the plain/scientific choice are those of the rounded value.
    let sci = format!("{:.*e}", digits - 1, v);
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    // A value that rounds up to 1e-3 is shown plain; one above 1e4 never is (a plain
    // 10004 would show five digits).
    let rounded = sci.parse::<f64>().unwrap_or(v).abs();
    if rounded < PLAIN_MIN || v.abs() > PLAIN_MAX {
        return format!("{mantissa}e{exponent}");
    }
    let decimals = (digits as i32 - 1 - exponent).max(0) as usize;
    format!("{v:.decimals$}")
}

/// A value a person reads and compares: [`VALUE_DIGITS`] significant digits.
pub fn value(v: f64) -> String {
    sig(v, VALUE_DIGITS)
}

/// A derived figure: [`FIGURE_DIGITS`] significant digits.
pub fn derived(v: f64) -> String {
    sig(v, FIGURE_DIGITS)
}

/// The full value: the shortest text that reads back to `v` exactly (hover, hooks).
pub fn full(v: f64) -> String {
    format!("{v}")
}

/// `v` rounded to `digits` significant digits (slider values stay readable).
pub fn round_sig(v: f64, digits: i32) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let scale = 10f64.powi(digits - 1 - v.abs().log10().floor() as i32);
    (v * scale).round() / scale
}

/// A fraction in [0, 1] as a percentage, a [`derived`].
pub fn percent(fraction: f64) -> String {
    format!("{} %", derived(100.0 * fraction))
}

/// The foreground fraction as "1 : N" (background pixels per foreground pixel).
pub fn one_in(foreground: f64, pixels: usize) -> String {
    if foreground <= 0.0 {
        return "no foreground".to_string();
    }
    let background = pixels as f64 - foreground;
    format!("1 : {}", derived(background / foreground))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn significant_digits() {
        assert_eq!(sig(0.123456, 3), "0.123");
        assert_eq!(sig(12.3456, 3), "12.3");
        assert_eq!(sig(0.000012345, 3), "1.23e-5");
        assert_eq!(sig(123456.0, 3), "1.23e5");
        assert_eq!(sig(0.0, 3), "0");
        assert_eq!(round_sig(0.0031622776, 3), 0.00316);
        assert_eq!(one_in(50.0, 4096), "1 : 80.9");
        assert_eq!(percent(0.5), "50.0 %");
    }

    /// The board's two numbers of issue 15, and values at 4 and 3 digits.
    #[test]
    fn values_and_figures() {
        assert_eq!(value(0.0519533), "0.05195");
        assert_eq!(value(9.82163e-5), "9.822e-5");
        assert_eq!(derived(0.0519533), "0.0520");
        assert_eq!(derived(9.82163e-5), "9.82e-5");
        assert_eq!(value(1.0), "1.000");
        assert_eq!(value(0.5), "0.5000");
        assert_eq!(derived(412.345), "412");
        assert_eq!(value(412.345), "412.3");
        assert_eq!(value(4096.0), "4096");
    }

    /// Plain decimals from 1e-3 to 1e4 inclusive, scientific notation outside.
    #[test]
    fn boundaries() {
        assert_eq!(value(1e-3), "0.001000");
        assert_eq!(value(0.00099994), "9.999e-4");
        assert_eq!(value(1e4), "10000");
        assert_eq!(value(10004.0), "1.000e4", "rounds to 1.000e4 but is above 1e4");
        assert_eq!(value(12345.6), "1.235e4");
        assert_eq!(value(9999.4), "9999");
        // Today's switch was at 1e5: 5e4 was "50000.0".
        assert_eq!(value(5e4), "5.000e4");
    }

    /// A rounding that carries into the next power of ten keeps the digit count.
    #[test]
    fn rounding_carries() {
        assert_eq!(value(9.9996), "10.00");
        assert_eq!(derived(9.996), "10.0");
        assert_eq!(value(0.099996), "0.1000");
        // 9.9996e-4 rounds to 1.000e-3, which is inside the plain range.
        assert_eq!(value(0.00099996), "0.001000");
        // 9999.6 rounds to 10000 = 1e4, the range's top, still plain.
        assert_eq!(value(9999.6), "10000");
        assert_eq!(value(9.99996e-7), "1.000e-6");
    }

    #[test]
    fn signs_zero_and_non_finite() {
        assert_eq!(value(-0.0519533), "-0.05195");
        assert_eq!(value(-9.82163e-5), "-9.822e-5");
        assert_eq!(derived(-12345.0), "-1.23e4");
        assert_eq!(value(0.0), "0");
        assert_eq!(value(-0.0), "0");
        assert_eq!(value(f64::NAN), "NaN");
        assert_eq!(value(f64::INFINITY), "inf");
        assert_eq!(value(f64::NEG_INFINITY), "-inf");
    }

    /// The full value reads back exactly.
    #[test]
    fn full_reads_back() {
        for v in [0.0519533, 9.82163e-5, 1.0 / 3.0, -2.5e-300, 1e21] {
            assert_eq!(full(v).parse::<f64>(), Ok(v));
        }
        assert_eq!(full(0.1), "0.1");
    }
}
