//! Interface text of the gradients area: `(key, English, Chinese)`.

/// The table.
pub const TABLE: super::Table = &[];
