//! Interface text of the learn area: `(key, English, Chinese)`.

/// The table.
pub const TABLE: super::Table = &[];
