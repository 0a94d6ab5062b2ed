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
/// At most this many decoded values held at once by a page, every import together
/// (48 Mi = 50,331,648), checked by [`ValueCap`] from each file's header before it is decoded.
///
/// Why this number: a decoded value is an f64 (8 bytes), so the bytes limit alone would let
/// 256 MiB of uint8 files become 2 GiB of arrays and abort a wasm32 page, whose memory cannot
/// pass 4 GiB (and only grows, by doubling vectors). 48 Mi values are 384 MiB of f64 — one
/// largest volume ([`MAX_VOXELS_3D`]) with its prediction and its image, or 384 pairs of
/// 256 × 256 — and leave room for what the page builds from them at the same time: the pair
/// being evaluated (target, probabilities, logits and the evaluation's buffers, a few times
/// one largest volume: under 1 GiB), the race's f32 crops of the images (at most 4 bytes a
/// value) and a file's bytes while it is decoded (at most [`MAX_TOTAL_BYTES`]). All together
/// well under 2 GiB.
pub const MAX_VALUES: usize = 48 << 20;

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
        let voxels = values_of(shape);
        if voxels.is_none_or(|v| v > MAX_VOXELS_3D) {
            return Err(format!(
                "the header claims {shown} voxels, over the limit of 256 × 256 × 256 = \
                 {MAX_VOXELS_3D} voxels"
            ));
        }
    }
    Ok(())
}

/// The values of a shape, or `None` when they overflow a `usize`.
fn values_of(shape: &[usize]) -> Option<usize> {
    shape.iter().try_fold(1usize, |a, &d| a.checked_mul(d))
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

/// The decoded values a page holds, every import together, against a cap ([`MAX_VALUES`]
/// unless a test lowers it). Unlike [`Budget`], it is not per import: the app starts each
/// import from what its set already holds, and [`decode_within`](super::decode_within) takes
/// each file's values from the header's shape before a value is decoded. A file that would
/// replace an earlier one counts in full: both are in memory while it is decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValueCap {
    /// Values held (already imported, and taken since).
    pub held: usize,
    /// The most that may be held.
    pub limit: usize,
}

impl ValueCap {
    /// What `held` values leave of the cap `limit`.
    pub fn new(held: usize, limit: usize) -> ValueCap {
        ValueCap { held, limit }
    }

    /// No cap: where the limits of a single file ([`check_shape`]) are enough (the CLI runs a
    /// large pair alone).
    pub fn unlimited() -> ValueCap {
        ValueCap { held: 0, limit: usize::MAX }
    }

    /// Takes the values of an array of `shape`, or says that they would pass the cap (and
    /// takes nothing).
    pub fn take(&mut self, shape: &[usize]) -> Result<(), String> {
        let values = values_of(shape).unwrap_or(usize::MAX);
        match self.held.checked_add(values) {
            Some(total) if total <= self.limit => {
                self.held = total;
                Ok(())
            }
            _ => Err(format!(
                "{} = {values} values, over the limit of {} decoded values held at once \
                 ({} already held): clear the set to import more",
                show(shape),
                self.limit,
                self.held
            )),
        }
    }

    /// Gives back the values of an array that was decoded but is not kept.
    pub fn release(&mut self, values: usize) {
        self.held = self.held.saturating_sub(values);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::decode_within;

    /// A `.npy` of uint8 with `shape` and `data` as its bytes (NumPy's version 1.0 layout:
    /// the header padded with spaces to a multiple of 64 bytes, ending in a newline).
    fn npy_u8(shape: &str, data: &[u8]) -> Vec<u8> {
        let mut header = format!("{{'descr': '|u1', 'fortran_order': False, 'shape': {shape}, }}");
        while (10 + header.len() + 1) % 64 != 0 {
            header.push(' ');
        }
        header.push('\n');
        let mut bytes = b"\x93NUMPY\x01\x00".to_vec();
        bytes.extend((header.len() as u16).to_le_bytes());
        bytes.extend(header.as_bytes());
        bytes.extend(data);
        bytes
    }

    #[test]
    fn the_cap_counts_what_is_held_and_refuses_without_taking() {
        let mut cap = ValueCap::new(90, 100);
        assert_eq!(cap.take(&[2, 5]), Ok(()));
        assert_eq!(cap.held, 100, "exactly at the cap is within it");
        let refused = cap.take(&[1, 1]).expect_err("one value more");
        assert_eq!(
            refused,
            "1 × 1 = 1 values, over the limit of 100 decoded values held at once (100 already \
             held): clear the set to import more"
        );
        assert_eq!(cap.held, 100, "a refusal takes nothing");
        cap.release(30);
        assert_eq!(cap.take(&[3, 2, 5]), Ok(()), "released values are free again");
        // A shape whose product overflows is refused, not wrapped.
        assert!(cap.take(&[usize::MAX, 2]).is_err());
        assert!(ValueCap::unlimited().take(&[2048, 2048]).is_ok());
    }

    #[test]
    fn the_cap_is_checked_from_the_header_before_any_value_is_read() {
        // 4 × 4 = 16 values, and 16 bytes of data.
        let whole = npy_u8("(4, 4)", &[1; 16]);
        let mut cap = ValueCap::new(0, 20);
        let array = decode_within("a.npy", &whole, &mut cap).expect("within the cap");
        assert_eq!(array.values.len(), 16);
        assert_eq!(cap.held, 16, "its values are taken");
        // The same header with no data at all: the cap answers before the decoder would find
        // the file truncated, and names the file.
        let header_only = npy_u8("(4, 4)", &[]);
        let e = decode_within("b.npy", &header_only, &mut cap).expect_err("over the cap");
        assert_eq!(e.file, "b.npy");
        assert!(e.reason.starts_with("4 × 4 = 16 values, over the limit of 20"), "{e}");
        assert_eq!(cap.held, 16);
        // Within the cap but truncated: the values taken for it are given back.
        let mut roomy = ValueCap::new(0, 100);
        let e = decode_within("c.npy", &header_only, &mut roomy).expect_err("truncated");
        assert!(e.reason.starts_with("truncated"), "{e}");
        assert_eq!(roomy.held, 0, "a file that fails to decode holds nothing");
    }
}
