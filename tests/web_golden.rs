//! The golden cases of `crates/core/tests/golden.rs` (values and gradients from MONAI,
//! torchvision, smp, Keras and torch autograd), run on the core compiled to wasm32 with
//! simd128, in headless Chromium: the numbers the page shows are the libraries' numbers too.
#![cfg(target_arch = "wasm32")]

#[allow(dead_code)] // its own #[test] functions run natively, not here
#[path = "../crates/core/tests/golden.rs"]
mod golden;

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
