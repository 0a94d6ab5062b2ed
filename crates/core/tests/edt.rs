//! The exact Euclidean distance transform (`losses-geometry.md` §0) against SciPy:
//! `edt_cases.json` holds masks with `scipy.ndimage.distance_transform_edt(mask)` (SciPy
//! 1.17.1, default sampling, nonzero = inside), each checked by `tools/oracle/make_geometry.py`
//! equal to a brute-force transform (every pixel against every zero). Among them the degenerate
//! masks: all zero (every distance 0) and no zero at all (SciPy's phantom zero at row −1,
//! column 0: `√((i+1)² + j²)`). The issue asks 1e-9 against SciPy.
//!
//! Regenerate with `tools/oracle/make_geometry.py`; never from this crate. The app's
//! `tests/web_golden.rs` includes this file to run the same cases on wasm32.

use serde_json::Value;

const EDT_CASES: &str = include_str!("golden/edt_cases.json");

/// `|d − ref| ≤ TOLERANCE` for every pixel.
const TOLERANCE: f64 = 1e-9;

struct EdtCase {
    name: String,
    source: String,
    height: usize,
    width: usize,
    mask: Vec<bool>,
    distance: Vec<f64>,
}

/// `diff ≤ tol`, false for NaN (a NaN distance must fail).
fn within(diff: f64, tol: f64) -> bool {
    diff <= tol
}

fn numbers(case: &Value, field: &str) -> Vec<f64> {
    case[field]
        .as_array()
        .unwrap_or_else(|| panic!("{}: `{field}` is not an array", case["name"]))
        .iter()
        .map(|v| {
            v.as_f64().unwrap_or_else(|| panic!("{}: `{field}` holds a non-number", case["name"]))
        })
        .collect()
}

fn load() -> Vec<EdtCase> {
    let all: Value = serde_json::from_str(EDT_CASES).expect("edt_cases.json is valid JSON");
    all.as_array()
        .expect("edt_cases.json is a list of cases")
        .iter()
        .map(|case| {
            let shape: Vec<usize> = case["shape"]
                .as_array()
                .expect("case has a shape")
                .iter()
                .map(|v| v.as_u64().expect("shape entries are integers") as usize)
                .collect();
            let [height, width] = shape[..] else {
                panic!("{}: shape is not [H, W]", case["name"])
            };
            EdtCase {
                name: case["name"].as_str().expect("case has a name").to_string(),
                source: case["source"].as_str().unwrap_or("").to_string(),
                height,
                width,
                // SciPy: any nonzero value is inside.
                mask: numbers(case, "mask").iter().map(|&m| m != 0.0).collect(),
                distance: numbers(case, "distance"),
            }
        })
        .collect()
}

/// Every case of `edt_cases.json` through `losslab_core::edt`, to 1e-9 of SciPy.
#[test]
pub fn every_edt_case_matches_scipy() {
    let cases = load();
    assert!(cases.len() >= 25, "{} EDT cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let n = case.height * case.width;
        assert_eq!(case.mask.len(), n, "{}: mask length", case.name);
        assert_eq!(case.distance.len(), n, "{}: distance length", case.name);
        let got = losslab_core::edt(&case.mask, case.height, case.width);
        if got.len() != n {
            failures.push(format!("{}: {} distances, reference {n}", case.name, got.len()));
            continue;
        }
        let bad: Vec<String> = got
            .iter()
            .zip(&case.distance)
            .enumerate()
            .filter(|(_, (g, w))| !within((*g - *w).abs(), TOLERANCE))
            .take(5)
            .map(|(i, (g, w))| {
                format!("[{}][{}]: got {g:.17e}, SciPy {w:.17e}", i / case.width, i % case.width)
            })
            .collect();
        if !bad.is_empty() {
            failures.push(format!(
                "{} ({}×{}; {}):\n  {}",
                case.name,
                case.height,
                case.width,
                case.source,
                bad.join("\n  ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} EDT cases differ from SciPy:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// The cases hold the degenerate masks the contract names, with SciPy's answers.
#[test]
fn degenerate_masks_are_present_with_scipys_answers() {
    let cases = load();
    let find = |name: &str| {
        cases
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("{name} is in edt_cases.json"))
    };
    // 1 × 7 ones: the phantom zero at (−1, 0) gives √(1 + j²).
    let row = find("edt_1x7_ones_phantom");
    for (j, d) in row.distance.iter().enumerate() {
        assert_eq!(*d, ((1 + j * j) as f64).sqrt(), "1×7 phantom at column {j}");
    }
    assert_eq!(find("edt_1x1_one").distance, [1.0]);
    assert!(find("edt_all_zero_6x5").distance.iter().all(|&d| d == 0.0));
    let full = find("edt_all_one_5x4_phantom");
    for (i, d) in full.distance.iter().enumerate() {
        let (r, c) = (i / 4, i % 4);
        assert_eq!(*d, (((r + 1) * (r + 1) + c * c) as f64).sqrt(), "5×4 phantom at [{r}][{c}]");
    }
}
