//! A `.zip` archive of files stored as they are (no compression): how the app hands over
//! many exports at once (every chart's PNG, SVG and CSV) as one download, so the browser asks
//! for one file instead of blocking the eleventh automatic download of a page.
//!
//! The layout is PKWARE's APPNOTE (version 2.0 features only): for each file a local header
//! and the bytes, then the central directory and its end record. Names are UTF-8 (general
//! purpose flag bit 11); every entry is dated 1980-01-01 00:00, the format's first day, so the
//! same files give the same archive. PNG is already compressed, and the SVG and CSV of a chart
//! are a few hundred kilobytes at most, so storing keeps the code small and the wasm lean.

use std::fmt;

/// Why an archive could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZipError {
    /// More than 65,535 files, or 4 GiB or more in all: beyond the format without ZIP64.
    TooLarge,
    /// A file name is empty, longer than 65,535 bytes, absolute, or climbs out with `..`.
    BadName(String),
}

impl fmt::Display for ZipError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ZipError::TooLarge => f.write_str("too many or too large files for a .zip archive"),
            ZipError::BadName(name) => write!(f, "\"{name}\" cannot name a file in a .zip"),
        }
    }
}

impl std::error::Error for ZipError {}

/// Version 2.0 of the format: stored files, no ZIP64.
const VERSION: u16 = 20;
/// General purpose flag bit 11: the names are UTF-8.
const UTF8_NAMES: u16 = 1 << 11;
/// 1980-01-01 as an MS-DOS date: `(year − 1980) << 9 | month << 5 | day`.
const DOS_DATE: u16 = (1 << 5) | 1;

fn u16_le(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn u32_le(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// The archive of `files` (`(name, bytes)`, in that order), every file stored.
pub fn store(files: &[(&str, &[u8])]) -> Result<Vec<u8>, ZipError> {
    let count = u16::try_from(files.len()).map_err(|_| ZipError::TooLarge)?;
    let mut out = Vec::new();
    let mut central = Vec::new();
    for &(name, bytes) in files {
        if name.is_empty() || name.starts_with('/') || name.split('/').any(|part| part == "..") {
            return Err(ZipError::BadName(name.to_string()));
        }
        let name_len =
            u16::try_from(name.len()).map_err(|_| ZipError::BadName(name.to_string()))?;
        let size = u32::try_from(bytes.len()).map_err(|_| ZipError::TooLarge)?;
        let offset = u32::try_from(out.len()).map_err(|_| ZipError::TooLarge)?;
        let crc = crc32fast::hash(bytes);
        // Local file header.
        u32_le(&mut out, 0x0403_4b50);
        for v in [VERSION, UTF8_NAMES, 0, 0, DOS_DATE] {
            u16_le(&mut out, v); // version needed, flags, method 0 (stored), time, date
        }
        for v in [crc, size, size] {
            u32_le(&mut out, v);
        }
        u16_le(&mut out, name_len);
        u16_le(&mut out, 0); // extra field length
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(bytes);
        // Its central directory entry.
        u32_le(&mut central, 0x0201_4b50);
        for v in [VERSION, VERSION, UTF8_NAMES, 0, 0, DOS_DATE] {
            u16_le(&mut central, v); // made by, needed, flags, method, time, date
        }
        for v in [crc, size, size] {
            u32_le(&mut central, v);
        }
        for v in [name_len, 0, 0, 0, 0] {
            u16_le(&mut central, v); // name, extra, comment lengths, disk, internal attributes
        }
        u32_le(&mut central, 0); // external attributes
        u32_le(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let central_offset = u32::try_from(out.len()).map_err(|_| ZipError::TooLarge)?;
    let central_size = u32::try_from(central.len()).map_err(|_| ZipError::TooLarge)?;
    out.extend_from_slice(&central);
    // End of central directory record.
    u32_le(&mut out, 0x0605_4b50);
    for v in [0, 0, count, count] {
        u16_le(&mut out, v); // this disk, the directory's disk, entries here, entries in all
    }
    u32_le(&mut out, central_size);
    u32_le(&mut out, central_offset);
    u16_le(&mut out, 0); // comment length
    if out.len() > u32::MAX as usize {
        return Err(ZipError::TooLarge);
    }
    Ok(out)
}
