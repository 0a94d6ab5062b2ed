//! NIfTI: `.nii` and `.nii.gz`, NIfTI-1 (header read by the `nifti` crate) and NIfTI-2 (its
//! 540-byte header read here: the `nifti` crate reads NIfTI-1 only; the voxel layout is the
//! same). The shape is nibabel's `(dim1, dim2, dim3)`; voxels are stored first axis fastest
//! and reordered to row-major. Integer data are read raw; floating-point data get
//! `scl_slope`/`scl_inter` (a slope of 0 means no scaling, as the standard says). A gzip
//! stream is inflated only as far as the header says the file goes, so a small `.gz` cannot
//! inflate past the limits.

use super::array::{Array, Kind};
use super::limits::{check_shape, ValueCap, MAX_TOTAL_BYTES};
use super::npy::fortran_to_c;
use super::raw::Scalar;
use flate2::read::GzDecoder;
use std::io::Read;

const NIFTI1: i32 = 348;
const NIFTI2: i32 = 540;
/// Bytes a `.nii.gz` may hold after its voxels (read only to reach the CRC check).
const TRAILING_LIMIT: usize = 1 << 20;

/// Whether `bytes` look like an uncompressed NIfTI file: a header size of 348 or 540 (either
/// byte order), or a NIfTI magic string where the standard puts it.
pub fn sniff(bytes: &[u8]) -> bool {
    let size = |b: &[u8]| {
        let w = [b[0], b[1], b[2], b[3]];
        [i32::from_le_bytes(w), i32::from_be_bytes(w)]
    };
    if bytes.len() >= 4 && size(bytes).iter().any(|s| *s == NIFTI1 || *s == NIFTI2) {
        return true;
    }
    let at = |offset: usize, magic: &[u8]| bytes.get(offset..offset + magic.len()) == Some(magic);
    at(344, b"n+1\0") || at(344, b"ni1\0") || at(4, b"n+2\0")
}

/// What the data need from the header.
#[derive(Debug, Clone, PartialEq)]
struct Header {
    /// `dim[1..=dim[0]]`.
    dims: Vec<usize>,
    datatype: i16,
    vox_offset: u64,
    slope: f64,
    inter: f64,
    big_endian: bool,
    /// 348 or 540: the voxels start after it.
    size: u64,
}

impl Header {
    fn parse(bytes: &[u8]) -> Result<Header, String> {
        if bytes.len() < 4 {
            return Err("truncated: not even a NIfTI header size".into());
        }
        let w = [bytes[0], bytes[1], bytes[2], bytes[3]];
        let (le, be) = (i32::from_le_bytes(w), i32::from_be_bytes(w));
        let (version, big_endian) = match (le, be) {
            (NIFTI1, _) => (1, false),
            (_, NIFTI1) => (1, true),
            (NIFTI2, _) => (2, false),
            (_, NIFTI2) => (2, true),
            _ => {
                return Err(format!("sizeof_hdr is {le}: neither 348 (NIfTI-1) nor 540 (NIfTI-2)"))
            }
        };
        let size = if version == 1 { NIFTI1 } else { NIFTI2 } as usize;
        if bytes.len() < size {
            return Err(format!(
                "truncated: the NIfTI-{version} header needs {size} bytes, the file has {}",
                bytes.len()
            ));
        }
        let header = if version == 1 {
            Header::nifti1(&bytes[..size], big_endian)
        } else {
            Header::nifti2(&bytes[..size], big_endian)
        }?;
        Ok(Header { size: size as u64, ..header })
    }

    fn nifti1(bytes: &[u8], big_endian: bool) -> Result<Header, String> {
        let h = nifti::NiftiHeader::from_reader(bytes)
            .map_err(|e| format!("not a readable NIfTI-1 header: {e}"))?;
        if &h.magic != b"n+1\0" {
            return Err("a two-file NIfTI (.hdr/.img): save it as one .nii or .nii.gz".into());
        }
        let rank = usize::from(h.dim[0]);
        if !(1..=7).contains(&rank) {
            return Err(format!("dim[0] = {rank} is not a number of axes (1–7)"));
        }
        Ok(Header {
            dims: h.dim[1..=rank].iter().map(|&d| usize::from(d)).collect(),
            datatype: h.datatype,
            vox_offset: if h.vox_offset.is_finite() && h.vox_offset >= 0.0 {
                h.vox_offset as u64
            } else {
                0
            },
            slope: f64::from(h.scl_slope),
            inter: f64::from(h.scl_inter),
            big_endian,
            size: 0,
        })
    }

    /// The NIfTI-2 header: `sizeof_hdr` i32 at 0, magic at 4, `datatype` i16 at 12, `dim`
    /// 8 × i64 at 16, `vox_offset` i64 at 168, `scl_slope` and `scl_inter` f64 at 176, 184.
    fn nifti2(bytes: &[u8], big_endian: bool) -> Result<Header, String> {
        if &bytes[4..8] != b"n+2\0" {
            return Err("not a single-file NIfTI-2 (its magic is not \"n+2\")".into());
        }
        let field = |at: usize, n: usize| -> u64 {
            let mut word = [0u8; 8];
            word[..n].copy_from_slice(&bytes[at..at + n]);
            if big_endian {
                word[..n].reverse();
            }
            u64::from_le_bytes(word)
        };
        let int = |at: usize| field(at, 8) as i64;
        let rank = int(16);
        if !(1..=7).contains(&rank) {
            return Err(format!("dim[0] = {rank} is not a number of axes (1–7)"));
        }
        let dims = (1..=rank as usize)
            .map(|k| usize::try_from(int(16 + 8 * k)).unwrap_or(usize::MAX))
            .collect();
        Ok(Header {
            dims,
            datatype: field(12, 2) as u16 as i16,
            vox_offset: u64::try_from(int(168)).unwrap_or(u64::MAX),
            slope: f64::from_bits(field(176, 8)),
            inter: f64::from_bits(field(184, 8)),
            big_endian,
            size: 0,
        })
    }

    /// The shape: the dims with trailing 1s beyond the second dropped.
    fn shape(&self) -> Vec<usize> {
        let mut shape = self.dims.clone();
        while shape.len() > 2 && shape.last() == Some(&1) {
            shape.pop();
        }
        shape
    }

    /// The stored number type.
    fn scalar(&self) -> Result<Scalar, String> {
        Ok(match self.datatype {
            2 => Scalar::U8,
            256 => Scalar::I8,
            4 => Scalar::I16,
            512 => Scalar::U16,
            8 => Scalar::I32,
            768 => Scalar::U32,
            1024 => Scalar::I64,
            1280 => Scalar::U64,
            16 => Scalar::F32,
            64 => Scalar::F64,
            other => {
                let name = match other {
                    1 => "binary (1 bit)",
                    32 => "complex64",
                    128 => "RGB24",
                    1536 => "float128",
                    1792 => "complex128",
                    2048 => "complex256",
                    2304 => "RGBA32",
                    _ => "unknown",
                };
                return Err(format!(
                    "unsupported dtype {name} (NIfTI datatype {other}; read: (u)int8–64, \
                     float32, float64)"
                ));
            }
        })
    }

    /// Checks the shape and the type; the number of bytes the file must hold.
    fn check(&self) -> Result<(Vec<usize>, u64), String> {
        let shape = self.shape();
        check_shape(&shape)?;
        let size = self.scalar()?.size();
        if self.vox_offset < self.size {
            return Err(format!("vox_offset {} points inside the header", self.vox_offset));
        }
        let count: usize = shape.iter().product();
        let end = (count as u64)
            .checked_mul(size as u64)
            .and_then(|bytes| self.vox_offset.checked_add(bytes))
            .ok_or_else(|| format!("vox_offset {} is past any file", self.vox_offset))?;
        Ok((shape, end))
    }

    /// The voxels of `data` (the whole file), row-major.
    fn voxels(&self, shape: Vec<usize>, data: &[u8]) -> Result<Array, String> {
        let scalar = self.scalar()?;
        let (size, float) = (scalar.size(), scalar.is_float());
        let count: usize = shape.iter().product();
        let start = usize::try_from(self.vox_offset).map_err(|_| "vox_offset too large")?;
        let end = start.checked_add(count * size).ok_or("vox_offset too large")?;
        let bytes = data
            .get(start..end)
            .ok_or_else(|| truncated(count * size, data.len().saturating_sub(start)))?;
        let raw = scalar.decode(bytes, self.big_endian)?;
        let mut values = fortran_to_c(&raw, &shape);
        let kind = if float { Kind::Float } else { Kind::Integer };
        if float && self.slope != 0.0 && self.slope.is_finite() && self.inter.is_finite() {
            for v in &mut values {
                *v = *v * self.slope + self.inter;
            }
        }
        Ok(Array { shape, values, kind })
    }
}

fn truncated(need: usize, have: usize) -> String {
    format!("truncated: the header claims {need} bytes of voxels, the file holds {have}")
}

/// Decodes an uncompressed `.nii`, its values taken from `cap` first.
pub fn decode(bytes: &[u8], cap: &mut ValueCap) -> Result<Array, String> {
    let header = Header::parse(bytes)?;
    let (shape, _) = header.check()?;
    cap.take(&shape)?;
    header.voxels(shape, bytes)
}

/// Decodes a `.nii.gz`: the header is inflated first (and the values taken from `cap`), then
/// only the bytes it announces.
pub fn decode_gz(bytes: &[u8], cap: &mut ValueCap) -> Result<Array, String> {
    let mut gz = GzDecoder::new(bytes);
    let mut head = vec![0u8; NIFTI2 as usize];
    let got = fill(&mut gz, &mut head)?;
    head.truncate(got);
    let header = Header::parse(&head)?;
    let (shape, need) = header.check()?;
    if need > MAX_TOTAL_BYTES {
        return Err(format!(
            "the header claims {need} bytes, over the limit of {} MiB",
            MAX_TOTAL_BYTES >> 20
        ));
    }
    cap.take(&shape)?;
    let need = need as usize;
    let mut data = head;
    if data.len() < need {
        let have = data.len();
        data.resize(need, 0);
        let got = fill(&mut gz, &mut data[have..])?;
        if have + got < need {
            return Err(truncated(need, have + got));
        }
    }
    // Inflate the rest of the stream (at most a little: a NIfTI ends with its voxels) so the
    // gzip trailer's CRC-32 is checked: a corrupt stream can inflate to wrong voxels without
    // an error before the end.
    let mut tail = [0u8; 4096];
    let mut extra = 0usize;
    loop {
        let got = fill(&mut gz, &mut tail)?;
        extra += got;
        if got < tail.len() || extra >= TRAILING_LIMIT {
            break;
        }
    }
    if extra >= TRAILING_LIMIT {
        return Err(format!(
            "the gzip stream goes on past the voxels its header claims (over the limit of \
             {} KiB of trailing data)",
            TRAILING_LIMIT >> 10
        ));
    }
    header.voxels(shape, &data)
}

/// Reads until `buf` is full or the stream ends; the bytes read. A corrupt or cut stream is
/// an error that says so.
fn fill(reader: &mut impl Read, buf: &mut [u8]) -> Result<usize, String> {
    let mut done = 0;
    while done < buf.len() {
        match reader.read(&mut buf[done..]) {
            Ok(0) => break,
            Ok(n) => done += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                return Err(format!("truncated: the gzip stream ends early ({e})"))
            }
            Err(e) => return Err(format!("the gzip stream is corrupt: {e}")),
        }
    }
    Ok(done)
}
