//! `losslab edt`: the exact Euclidean distance transform of a mask (`losses-geometry.md` §0),
//! SciPy's `distance_transform_edt(mask)`, for the app's maps and for checking the transform
//! apart from the losses.

use crate::error::CliError;
use crate::parse::parse_object;
use serde::{Deserialize, Serialize};

/// Most pixels a mask may hold (as `eval`).
const MAX_PIXELS: u64 = crate::output::MAX_VALUES;

/// The input: `{"shape": [H, W], "mask": [...]}`, any nonzero value inside.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMask {
    shape: Vec<u64>,
    mask: Vec<f64>,
}

/// The output: `{"distance": [...]}`, same layout as the mask.
#[derive(Debug, Serialize)]
pub struct Distances {
    /// `edt(mask ≠ 0)`, row-major.
    pub distance: Vec<f64>,
}

/// Parses, checks and transforms one mask.
pub fn run(input: &str) -> Result<Distances, CliError> {
    let raw: RawMask = parse_object(input, &["shape", "mask"])?;
    let [h, w] = raw.shape[..] else {
        return Err(CliError::field(
            "shape",
            format!("has {} dimensions; expected [H, W]", raw.shape.len()),
        ));
    };
    if h == 0 || w == 0 {
        return Err(CliError::field("shape", "every dimension must be ≥ 1"));
    }
    let total = h.checked_mul(w).filter(|&t| t <= MAX_PIXELS).ok_or_else(|| {
        CliError::field("shape", format!("[{h}, {w}] holds more than {MAX_PIXELS} values"))
    })?;
    if raw.mask.len() as u64 != total {
        return Err(CliError::field(
            "mask",
            format!("has {} values, but shape [{h}, {w}] needs {total}", raw.mask.len()),
        ));
    }
    let mask: Vec<bool> = raw.mask.iter().map(|&v| v != 0.0).collect();
    let (h, w) = (h as usize, w as usize);
    Ok(Distances { distance: losslab_core::edt(&mask, h, w) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mask_and_its_errors() {
        // By hand: a 1×3 mask [1, 1, 0]: the first pixel is 2 from the zero, the second 1.
        let out = run(r#"{"shape": [1, 3], "mask": [1, 1, 0]}"#).expect("valid");
        assert_eq!(out.distance, vec![2.0, 1.0, 0.0]);
        let bad = [
            (r#"{"shape": [2], "mask": [1, 0]}"#, "shape"),
            (r#"{"shape": [1, 3], "mask": [1, 0]}"#, "mask"),
            (r#"{"shape": [0, 3], "mask": []}"#, "shape"),
            (r#"{"shape": [1, 1], "mask": [1], "x": 2}"#, "x"),
            (r#"{"shape": [1, 1]}"#, "mask"),
        ];
        for (case, field) in bad {
            let err = run(case).expect_err(case).to_string();
            assert!(err.contains(&format!("field \"{field}\"")), "{case}: {err}");
            assert_eq!(run(case).expect_err(case).exit_code(), 2, "{case}");
        }
    }
}
