//! Interface text of the share area: `(key, English, Chinese)`.

/// The table.
pub const TABLE: super::Table = &[];
