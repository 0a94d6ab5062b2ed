//! The classes of the multi-class race's data (`islands.rs`), in one place that the data, the
//! settings and the metrics all read.

/// Classes of the multi-class data.
pub const CLASSES: usize = 3;
/// The classes' names, as the page's hooks write them (`data-val-dice-<name>`).
pub const CLASS_NAMES: [&str; CLASSES] = ["sea", "island", "ship"];
/// The island's class.
pub const ISLAND: usize = 1;
/// The ships' class.
pub const SHIP: usize = 2;
