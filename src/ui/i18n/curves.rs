//! Interface text of the curves area: `(key, English, Chinese)`.

/// The table.
pub const TABLE: super::Table = &[];
