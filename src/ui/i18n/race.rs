//! Interface text of the race area: `(key, English, Chinese)`.

/// The table.
pub const TABLE: super::Table = &[];
