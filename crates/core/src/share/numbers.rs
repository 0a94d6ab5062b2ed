//! Numbers in the link: written so that they read back to the same `f64`, read with a length
//! limit and a range check. Its own file so that the link codec (`share/mod.rs`) and the core
//! settings' section (`settings.rs`) both use it, and not each other.

/// Longest number read (characters): anything longer is "a huge number".
pub const MAX_NUMBER_CHARS: usize = 32;

/// Writes a number so that it parses back to the same `f64`.
pub fn number(x: f64) -> String {
    let a = x.abs();
    if a == 0.0 || (1e-5..1e16).contains(&a) {
        format!("{x}")
    } else {
        format!("{x:e}")
    }
}

/// Parses a finite number of at most [`MAX_NUMBER_CHARS`] characters.
pub fn parse_number(text: &str) -> Result<f64, String> {
    if text.len() > MAX_NUMBER_CHARS {
        return Err(format!("a number of {} characters is too long", text.len()));
    }
    match text.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        Ok(_) => Err(format!("{text} is not a finite number")),
        Err(_) => Err(format!("\"{text}\" is not a number")),
    }
}

/// Parses a number and checks it lies in `[lo, hi]`.
pub fn parse_in(text: &str, lo: f64, hi: f64) -> Result<f64, String> {
    let x = parse_number(text)?;
    if (lo..=hi).contains(&x) {
        Ok(x)
    } else {
        Err(format!("{text} is out of range [{lo}, {hi}]"))
    }
}

/// Parses an integer in `[lo, hi]` (written without a fraction).
pub fn parse_int(text: &str, lo: i64, hi: i64) -> Result<i64, String> {
    if text.len() > MAX_NUMBER_CHARS {
        return Err(format!("a number of {} characters is too long", text.len()));
    }
    match text.parse::<i64>() {
        Ok(x) if (lo..=hi).contains(&x) => Ok(x),
        Ok(_) => Err(format!("{text} is out of range [{lo}, {hi}]")),
        Err(_) => Err(format!("\"{text}\" is not a whole number in [{lo}, {hi}]")),
    }
}
