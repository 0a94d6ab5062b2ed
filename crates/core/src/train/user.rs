//! The race on your own data: images and masks imported in the "Your data" view (or read by
//! the CLI), which the network trains on as crops.

/// One imported image and its mask, row-major `height × width` (a 3-D volume gives one sample
/// per plane).
#[derive(Debug, Clone, PartialEq)]
pub struct UserSample {
    /// The pair's name (`case01`, or `case01[z]` for a plane of a volume).
    pub name: String,
    /// Rows.
    pub height: usize,
    /// Columns.
    pub width: usize,
    /// The input image's intensities, as read (PNG samples / max, floats as stored).
    pub image: Vec<f32>,
    /// The target: 1 on object pixels, 0 elsewhere.
    pub mask: Vec<f32>,
}
