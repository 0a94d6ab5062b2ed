//! The golden cases of `crates/core/tests/golden.rs` (values and gradients from MONAI,
//! torchvision, smp, Keras and torch autograd), run on the core compiled to wasm32 with
//! simd128, in headless Chromium: the numbers the page shows are the libraries' numbers too.
//! The geometry losses' cases and the EDT's (`crates/core/tests/edt.rs`, SciPy) likewise.
#![cfg(target_arch = "wasm32")]

#[allow(dead_code)] // its own #[test] functions run natively, not here
#[path = "../crates/core/tests/golden.rs"]
mod golden;

#[allow(dead_code)] // likewise: SciPy's distance_transform_edt on the EDT cases
#[path = "../crates/core/tests/edt.rs"]
mod edt;

use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn every_golden_case_conforms_in_the_browser() {
    golden::every_golden_case_conforms();
}

#[wasm_bindgen_test]
fn every_golden_batch_case_conforms_in_the_browser() {
    golden::every_golden_batch_and_binary_view_case_conforms();
}

#[wasm_bindgen_test]
fn every_compound_and_ranking_case_conforms_in_the_browser() {
    golden::every_compound_and_ranking_case_conforms();
}

#[wasm_bindgen_test]
fn every_geometry_case_conforms_in_the_browser() {
    golden::every_geometry_case_conforms();
}

#[wasm_bindgen_test]
fn every_edt_case_matches_scipy_in_the_browser() {
    edt::every_edt_case_matches_scipy();
}
