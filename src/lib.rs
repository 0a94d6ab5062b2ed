//! losslab in the browser: the Leptos user interface over the pure `losslab-core`.
//!
//! `main.rs` only calls [`mount`]; tests mount into their own element with [`mount_to`].
pub mod ui;
pub use ui::{mount, mount_to, Mounted};
