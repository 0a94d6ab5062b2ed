//! The app's browser tests, as one test binary: one link, one wasm-bindgen pass and one
//! browser session instead of one per file (the files stay apart, as modules). Run with
//! `cargo test -p losslab-app --target wasm32-unknown-unknown --test web` (add a test name to
//! filter). Tests share one page: an app is mounted into its own element and removed after
//! each test, and nothing is persisted unless a test turns it on and off again
//! (`web_share.rs`).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::wasm_bindgen_test_configure;

wasm_bindgen_test_configure!(run_in_browser);

mod web_common;

#[path = "web_board.rs"]
mod web_board;
#[path = "web_curves.rs"]
mod web_curves;
#[path = "web_data_view.rs"]
mod web_data_view;
#[path = "web_golden.rs"]
mod web_golden;
#[path = "web_learn.rs"]
mod web_learn;
#[path = "web_maps.rs"]
mod web_maps;
#[path = "web_mc_panels.rs"]
mod web_mc_panels;
#[path = "web_race.rs"]
mod web_race;
#[path = "web_race_user.rs"]
mod web_race_user;
#[path = "web_scene.rs"]
mod web_scene;
#[path = "web_share.rs"]
mod web_share;
