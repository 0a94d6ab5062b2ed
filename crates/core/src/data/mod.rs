//! Your own data: masks and predictions read from PNG, NumPy `.npy` and NIfTI files (one
//! file, many, a folder or a `.zip`), paired by file stem, and every loss evaluated on each
//! pair with the same core `losslab eval` uses. The app's "Your data" view and the CLI's
//! `losslab dataset` (and `eval --target/--pred`) share this one loader.
//!
//! Data flow: bytes → [`decode`] (format from the bytes, limits checked from the header
//! before any pixel is decoded; [`decode_within`] also takes the values from a [`ValueCap`]
//! held across imports) → [`Array`] (shape, values in f64, what kind of values) →
//! [`Pair::new`] (target: nonzero → 1; prediction: probabilities, or logits → σ) →
//! [`evaluate_pair`] → [`ImageReport`]s → [`Summary`] by object-size bin and each image's
//! share of the batch gradient ([`gradient_shares`]).
//!
//! Rules, in one place:
//! - Shapes are `[H, W]` or `[D, H, W]`, row-major. A 3-D volume is `D` planes of `H × W`:
//!   its losses are computed over all voxels at once (the pooled batch of `losslab eval` with
//!   `shape [D, H, W]`, `batch = "pooled"`), the geometry losses' maps per plane.
//! - NIfTI keeps nibabel's axis order `(dim1, dim2, dim3)`; trailing axes of length 1 beyond
//!   the second are dropped (`(X, Y, 1)` is the 2-D `[X, Y]`).
//! - A target is foreground where nonzero (a label map's classes all count); a floating-point
//!   target must lie in [0, 1] and is kept as it is (soft targets, as `eval` takes them).
//! - A prediction: PNG value / (2^depth − 1); bool or integers 0/1 as they are (a hard mask;
//!   other integers are refused); floating point: probabilities in [0, 1], or logits when the
//!   caller says so (`prob = σ(z)`, and the logit-native losses take `z` itself).
//! - Values are f64 from decode to loss.

mod archive;
mod array;
mod error;
mod limits;
mod nifti;
mod npy;
mod pairs;
mod png;
mod raw;
mod report;

pub use archive::unzip;
pub use array::{Array, Kind, Pair};
pub use error::DataError;
pub use limits::{
    check_shape, Budget, ValueCap, MAX_FILES, MAX_SIDE_2D, MAX_TOTAL_BYTES, MAX_VALUES,
    MAX_VOXELS_3D,
};
pub use pairs::{is_data_file, pair_files, role_of, stem, PairedFiles, Pairing, Role};
pub use report::{
    evaluate_pair, evaluate_pair_with, evaluate_slices, gradient_shares, ImageReport, LossValue,
    Scores, SizeBin, Summary, SummaryRow,
};

/// The formats [`decode`] recognises from a file's first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// PNG.
    Png,
    /// NumPy `.npy`.
    Npy,
    /// NIfTI-1 or NIfTI-2, uncompressed.
    Nifti,
    /// Gzip (a `.nii.gz`).
    Gzip,
    /// A `.zip` archive (for [`unzip`], not [`decode`]).
    Zip,
    /// JPEG: lossy, refused for masks and probabilities.
    Jpeg,
}

/// The format of `bytes`, from their magic numbers; `None` when it is none of them.
pub fn format_of(bytes: &[u8]) -> Option<Format> {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
    if bytes.starts_with(PNG) {
        Some(Format::Png)
    } else if bytes.starts_with(b"\x93NUMPY") {
        Some(Format::Npy)
    } else if bytes.starts_with(&[0x1f, 0x8b]) {
        Some(Format::Gzip)
    } else if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        Some(Format::Zip)
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some(Format::Jpeg)
    } else if nifti::sniff(bytes) {
        Some(Format::Nifti)
    } else {
        None
    }
}

/// Decodes one file's bytes into an [`Array`]; `name` is used in the error only. No cap on the
/// values held: [`decode_within`] for a reader that keeps what it decodes.
pub fn decode(name: &str, bytes: &[u8]) -> Result<Array, DataError> {
    decode_within(name, bytes, &mut ValueCap::unlimited())
}

/// Decodes one file's bytes into an [`Array`], its values taken from `cap` as soon as the
/// header gives the shape, before any value is decoded: a file that would pass the cap is
/// refused (and `cap` left as it was). `name` is used in the error only.
pub fn decode_within(name: &str, bytes: &[u8], cap: &mut ValueCap) -> Result<Array, DataError> {
    let before = *cap;
    let decoded = decode_capped(bytes, cap).map_err(|reason| DataError::new(name, reason));
    if decoded.is_err() {
        *cap = before;
    }
    decoded
}

fn decode_capped(bytes: &[u8], cap: &mut ValueCap) -> Result<Array, String> {
    if bytes.len() as u64 > MAX_TOTAL_BYTES {
        return Err(format!(
            "{} MiB, over the limit of {} MiB of files",
            bytes.len() >> 20,
            MAX_TOTAL_BYTES >> 20
        ));
    }
    match format_of(bytes) {
        Some(Format::Png) => png::decode(bytes, cap),
        Some(Format::Npy) => npy::decode(bytes, cap),
        Some(Format::Nifti) => nifti::decode(bytes, cap),
        Some(Format::Gzip) => nifti::decode_gz(bytes, cap),
        Some(Format::Zip) => Err("a .zip holds files: open it as a data set".into()),
        Some(Format::Jpeg) => Err("not a lossless format: JPEG changes pixel values (masks and \
             probabilities need PNG, .npy or NIfTI)"
            .into()),
        None => Err("not a PNG, .npy, NIfTI (.nii, .nii.gz) or .zip file".into()),
    }
}
