//! The limits of an import, stated up front and checked from headers before decoding.

/// At most this many files in one import.
pub const MAX_FILES: usize = 500;
/// At most this many bytes of files in one import (256 MiB), counted as read (a `.zip`'s or a
/// `.gz`'s decompressed bytes included).
pub const MAX_TOTAL_BYTES: u64 = 256 << 20;
/// A 2-D array is at most this many pixels on a side (2048 × 2048).
pub const MAX_SIDE_2D: usize = 2048;
/// A 3-D array holds at most this many voxels (256 × 256 × 256).
pub const MAX_VOXELS_3D: usize = 256 * 256 * 256;

/// Checks a shape before its data is read: two or three axes, none empty, within the limits.
pub fn check_shape(shape: &[usize]) -> Result<(), String> {
    let shown = show(shape);
    match shape.len() {
        2 | 3 => {}
        n => {
            return Err(format!(
                "shape {shown} has {n} axes: only 2-D [H, W] and 3-D [D, H, W] arrays are read"
            ))
        }
    }
    if shape.contains(&0) {
        return Err(format!("shape {shown} is empty"));
    }
    if shape.len() == 2 && (shape[0] > MAX_SIDE_2D || shape[1] > MAX_SIDE_2D) {
        return Err(format!(
            "the header claims {} pixels, over the limit of {MAX_SIDE_2D} × {MAX_SIDE_2D}",
            shown
        ));
    }
    if shape.len() == 3 {
        let voxels = shape.iter().try_fold(1usize, |a, &d| a.checked_mul(d));
        if voxels.is_none_or(|v| v > MAX_VOXELS_3D) {
            return Err(format!(
                "the header claims {shown} voxels, over the limit of 256 × 256 × 256 = \
                 {MAX_VOXELS_3D} voxels"
            ));
        }
    }
    Ok(())
}

/// `[3, 48, 48]` as `3 × 48 × 48`.
pub fn show(shape: &[usize]) -> String {
    shape.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(" × ")
}

/// What an import has used of its limits so far; a file over them is refused and nothing
/// already imported is lost.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Budget {
    /// Files taken.
    pub files: usize,
    /// Bytes taken.
    pub bytes: u64,
}

impl Budget {
    /// Takes one file of `bytes` bytes, or says which limit it would pass.
    pub fn take(&mut self, bytes: u64) -> Result<(), String> {
        if self.files + 1 > MAX_FILES {
            return Err(format!("over the limit of {MAX_FILES} files in one import"));
        }
        if self.bytes.saturating_add(bytes) > MAX_TOTAL_BYTES {
            return Err(format!(
                "over the limit of {} MiB of files in one import ({:.1} MiB already read)",
                MAX_TOTAL_BYTES >> 20,
                self.bytes as f64 / f64::from(1u32 << 20)
            ));
        }
        self.files += 1;
        self.bytes += bytes;
        Ok(())
    }
}
