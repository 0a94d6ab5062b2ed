//! The shape of a text table. Its own file so that the area tables (`common.rs`, ...) and
//! `i18n/mod.rs` (which gathers them) point one way.

/// One table: `(key, English, Chinese)`.
pub type Table = &'static [(&'static str, &'static str, &'static str)];
