//! The building blocks of the geometry losses (`losses-geometry.md`): the exact Euclidean
//! distance transform and the maps made from it (`edt.rs`), and soft morphology with its
//! exact subgradients (`morph.rs`). Pure functions on row-major `height × width` images; the
//! app draws the same maps the losses use.

pub(crate) mod edt;
pub(crate) mod morph;

pub use edt::{distance_field, edt, signed_distance};
pub use morph::{soft_dilate, soft_erode, soft_skeleton};
