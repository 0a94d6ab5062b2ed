//! Number formatting for people (the hooks carry full precision separately).

/// `v` with `digits` significant digits; scientific notation below 1e-3 and from 1e5.
pub fn sig(v: f64, digits: usize) -> String {
    let digits = digits.max(1);
    if !v.is_finite() {
        return format!("{v}");
    }
    if v == 0.0 {
        return "0".to_string();
    }
    let magnitude = v.abs().log10().floor();
    if !(-3.0..5.0).contains(&magnitude) {
        return format!("{:.*e}", digits - 1, v);
    }
    let decimals = (digits as f64 - 1.0 - magnitude).max(0.0) as usize;
    format!("{v:.decimals$}")
}

/// `v` rounded to `digits` significant digits (slider values stay readable).
pub fn round_sig(v: f64, digits: i32) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let scale = 10f64.powi(digits - 1 - v.abs().log10().floor() as i32);
    (v * scale).round() / scale
}

/// A fraction in [0, 1] as a percentage with 3 significant digits.
pub fn percent(fraction: f64) -> String {
    format!("{} %", sig(100.0 * fraction, 3))
}

/// The foreground fraction as "1 : N" (background pixels per foreground pixel).
pub fn one_in(foreground: f64, pixels: usize) -> String {
    if foreground <= 0.0 {
        return "no foreground".to_string();
    }
    let background = pixels as f64 - foreground;
    format!("1 : {}", sig(background / foreground, 3))
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
}
