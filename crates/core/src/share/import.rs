//! Image import: a PNG or JPEG file becomes a target mask or a prediction on the grid.
//! (Export is the browser's: the app draws the mask on a canvas and saves its PNG.)
//!
//! 1. The file size is checked ([`MAX_FILE_BYTES`]); the format is guessed from the bytes
//!    (PNG or JPEG only: the `image` crate is built with just those two codecs).
//! 2. The header is read first and the pixel size checked ([`MAX_SIDE`], [`MAX_PIXELS`])
//!    **before** decoding; the decoder also runs under allocation limits.
//! 3. Gray level: luma with Rec. 709 weights (as the `image` crate's), times alpha, in
//!    `[0, 1]` (a transparent pixel is background). 16-bit images keep their precision.
//! 4. Resampled to the `side × side` grid by area averaging (each grid pixel is the mean of
//!    the image area it covers, partial source pixels weighted by their overlap); a
//!    non-square image is stretched to the square.
//! 5. A prediction takes the averages as probabilities; a target is thresholded: 1 where the
//!    average is at least 0.5, else 0.

use image::{ImageFormat, ImageReader, Limits};
use std::io::Cursor;

/// Largest file accepted: 16 MiB.
pub const MAX_FILE_BYTES: usize = 16 << 20;
/// Largest width or height accepted: 8192 pixels.
pub const MAX_SIDE: u32 = 8192;
/// Largest pixel count accepted: 16 megapixels (e.g. 4096 × 4096).
pub const MAX_PIXELS: u64 = 16 << 20;

/// Why a file was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportError {
    /// More than [`MAX_FILE_BYTES`].
    TooLarge {
        /// The file's size in bytes.
        bytes: usize,
    },
    /// Neither PNG nor JPEG.
    NotAnImage,
    /// Wider, taller or bigger than the limits.
    TooManyPixels {
        /// Width.
        width: u32,
        /// Height.
        height: u32,
    },
    /// The decoder failed (corrupt or truncated file).
    Corrupt(String),
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::TooLarge { bytes } => write!(
                f,
                "the file has {:.1} MiB, more than the {} MiB accepted",
                *bytes as f64 / (1 << 20) as f64,
                MAX_FILE_BYTES >> 20
            ),
            ImportError::NotAnImage => write!(f, "the file is not a PNG or JPEG image"),
            ImportError::TooManyPixels { width, height } => write!(
                f,
                "the image is {width} × {height} pixels, more than the {} megapixels \
                 (at most {MAX_SIDE} on a side) accepted",
                MAX_PIXELS >> 20
            ),
            ImportError::Corrupt(e) => write!(f, "the image could not be decoded: {e}"),
        }
    }
}

impl std::error::Error for ImportError {}

/// A decoded image: gray levels in `[0, 1]`, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct Gray {
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// `width × height` levels.
    pub levels: Vec<f64>,
}

/// The format of `bytes` if it is PNG or JPEG.
fn format_of(bytes: &[u8]) -> Option<ImageFormat> {
    match image::guess_format(bytes).ok()? {
        f @ (ImageFormat::Png | ImageFormat::Jpeg) => Some(f),
        _ => None,
    }
}

/// Checks the size, reads the header, checks the pixel count, then decodes to gray levels.
pub fn decode_gray(bytes: &[u8]) -> Result<Gray, ImportError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge { bytes: bytes.len() });
    }
    let format = format_of(bytes).ok_or(ImportError::NotAnImage)?;
    let reader = || ImageReader::with_format(Cursor::new(bytes), format);
    let (width, height) =
        reader().into_dimensions().map_err(|e| ImportError::Corrupt(e.to_string()))?;
    if width == 0
        || height == 0
        || width > MAX_SIDE
        || height > MAX_SIDE
        || u64::from(width) * u64::from(height) > MAX_PIXELS
    {
        return Err(ImportError::TooManyPixels { width, height });
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    // RGBA at 16 bits per channel, plus the gray copy: 8 + 8 bytes a pixel at most.
    limits.max_alloc = Some(MAX_PIXELS * 16);
    let mut reader = reader();
    reader.limits(limits);
    let image = reader.decode().map_err(|e| ImportError::Corrupt(e.to_string()))?;
    let (w, h) = (image.width() as usize, image.height() as usize);
    let levels = gray_levels(image.color(), image.as_bytes()).ok_or_else(|| {
        ImportError::Corrupt(format!("unsupported pixel type {:?}", image.color()))
    })?;
    Ok(Gray { width: w, height: h, levels })
}

/// Gray levels in `[0, 1]` from raw decoded samples: Rec. 709 luma `0.2126 R + 0.7152 G +
/// 0.0722 B` (as the `image` crate weighs them), times alpha. Done here on the raw bytes
/// rather than with `image`'s generic colour conversions, which cost the wasm about twice
/// as much code. `None` for a pixel type PNG and JPEG do not produce.
fn gray_levels(color: image::ColorType, bytes: &[u8]) -> Option<Vec<f64>> {
    use image::ColorType as C;
    let (channels, wide) = match color {
        C::L8 => (1, false),
        C::La8 => (2, false),
        C::Rgb8 => (3, false),
        C::Rgba8 => (4, false),
        C::L16 => (1, true),
        C::La16 => (2, true),
        C::Rgb16 => (3, true),
        C::Rgba16 => (4, true),
        _ => return None,
    };
    let size = if wide { 2 } else { 1 };
    let sample = |px: &[u8], c: usize| -> f64 {
        if wide {
            f64::from(u16::from_ne_bytes([px[2 * c], px[2 * c + 1]])) / 65535.0
        } else {
            f64::from(px[c]) / 255.0
        }
    };
    let levels = bytes
        .chunks_exact(channels * size)
        .map(|px| {
            let (luma, alpha) = match channels {
                1 => (sample(px, 0), 1.0),
                2 => (sample(px, 0), sample(px, 1)),
                _ => (
                    0.2126 * sample(px, 0) + 0.7152 * sample(px, 1) + 0.0722 * sample(px, 2),
                    if channels == 4 { sample(px, 3) } else { 1.0 },
                ),
            };
            (luma * alpha).clamp(0.0, 1.0)
        })
        .collect();
    Some(levels)
}

/// Averages `src` (`len` samples) into `out` (`n` cells), each cell the overlap-weighted
/// mean of the samples it covers.
fn area_average_1d(len: usize, n: usize) -> Vec<Vec<(usize, f64)>> {
    let scale = len as f64 / n as f64;
    (0..n)
        .map(|i| {
            let (a, b) = (i as f64 * scale, (i + 1) as f64 * scale);
            let first = a.floor() as usize;
            let last = (b.ceil() as usize).min(len);
            (first..last)
                .map(|j| {
                    let overlap = (b.min(j as f64 + 1.0) - a.max(j as f64)).max(0.0);
                    (j, overlap / scale)
                })
                .filter(|&(_, w)| w > 0.0)
                .collect()
        })
        .collect()
}

/// Resamples `gray` to `side × side` by area averaging.
pub fn resample(gray: &Gray, side: usize) -> Vec<f64> {
    if side == 0 || gray.width == 0 || gray.height == 0 {
        return vec![0.0; side * side];
    }
    let cols = area_average_1d(gray.width, side);
    let rows = area_average_1d(gray.height, side);
    // Rows first: height × side.
    let mut tmp = vec![0.0; gray.height * side];
    for y in 0..gray.height {
        let row = &gray.levels[y * gray.width..(y + 1) * gray.width];
        for (x, weights) in cols.iter().enumerate() {
            tmp[y * side + x] = weights.iter().map(|&(j, w)| row[j] * w).sum();
        }
    }
    let mut out = vec![0.0; side * side];
    for (y, weights) in rows.iter().enumerate() {
        for x in 0..side {
            let v: f64 = weights.iter().map(|&(j, w)| tmp[j * side + x] * w).sum();
            out[y * side + x] = v.clamp(0.0, 1.0);
        }
    }
    out
}

/// Which layer an image replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    /// Thresholded at 0.5 into a binary target.
    Target,
    /// Gray levels as probabilities.
    Prediction,
}

/// The file's mask on a `side × side` grid: decoded, resampled, and thresholded for a target.
pub fn import_mask(bytes: &[u8], side: usize, kind: ImportKind) -> Result<Vec<f64>, ImportError> {
    let gray = decode_gray(bytes)?;
    let mut mask = resample(&gray, side);
    if kind == ImportKind::Target {
        mask.iter_mut().for_each(|v| *v = if *v >= 0.5 { 1.0 } else { 0.0 });
    }
    Ok(mask)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn area_average_by_hand() {
        // A 3-pixel row [0, 1, 0.5] onto 2 cells: each cell covers 1.5 samples.
        // Cell 0: (0·1 + 1·0.5)/1.5 = 1/3; cell 1: (1·0.5 + 0.5·1)/1.5 = 2/3.
        let gray = Gray { width: 3, height: 1, levels: vec![0.0, 1.0, 0.5] };
        let out = resample(&gray, 2);
        // Two rows (the single source row stretched to 2), each [1/3, 2/3].
        for (got, want) in out.iter().zip([1.0 / 3.0, 2.0 / 3.0, 1.0 / 3.0, 2.0 / 3.0]) {
            assert!((got - want).abs() < 1e-15, "{got} vs {want}");
        }
        // Downsampling 4 × 4 → 2 × 2: each cell the mean of a 2 × 2 block.
        let levels = vec![
            1.0, 1.0, 0.0, 0.0, //
            1.0, 0.0, 0.0, 0.0, //
            0.0, 0.0, 0.5, 0.5, //
            0.0, 0.0, 0.5, 0.5,
        ];
        let out = resample(&Gray { width: 4, height: 4, levels }, 2);
        assert_eq!(out, vec![0.75, 0.0, 0.0, 0.5]);
    }
}
