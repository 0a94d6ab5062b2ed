//! Stored numbers to f64, in bulk: the one conversion the `.npy` and NIfTI readers share once
//! their headers (read by `npyz` and `nifti`) have given the type, the byte order and the
//! count — a pass over the bytes, at memory speed, instead of one reader call per value.

/// A stored number type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    /// One byte, 0 or 1.
    Bool,
    /// Signed integers of 1, 2, 4, 8 bytes.
    I8,
    /// 2 bytes.
    I16,
    /// 4 bytes.
    I32,
    /// 8 bytes.
    I64,
    /// Unsigned integers of 1, 2, 4, 8 bytes.
    U8,
    /// 2 bytes.
    U16,
    /// 4 bytes.
    U32,
    /// 8 bytes.
    U64,
    /// IEEE binary32.
    F32,
    /// IEEE binary64.
    F64,
}

impl Scalar {
    /// Bytes per value.
    pub fn size(self) -> usize {
        match self {
            Scalar::Bool | Scalar::I8 | Scalar::U8 => 1,
            Scalar::I16 | Scalar::U16 => 2,
            Scalar::I32 | Scalar::U32 | Scalar::F32 => 4,
            Scalar::I64 | Scalar::U64 | Scalar::F64 => 8,
        }
    }

    /// Whether values are floating point.
    pub fn is_float(self) -> bool {
        matches!(self, Scalar::F32 | Scalar::F64)
    }

    /// The values of `bytes` (a whole number of values), in stored order. A bool byte other
    /// than 0 or 1 is refused (NumPy writes only those).
    pub fn decode(self, bytes: &[u8], big_endian: bool) -> Result<Vec<f64>, String> {
        fn each<const N: usize>(bytes: &[u8], big: bool, f: impl Fn([u8; N]) -> f64) -> Vec<f64> {
            bytes
                .chunks_exact(N)
                .map(|c| {
                    let mut w = [0u8; N];
                    w.copy_from_slice(c);
                    if big {
                        w.reverse();
                    }
                    f(w)
                })
                .collect()
        }
        let b = big_endian;
        Ok(match self {
            Scalar::Bool => {
                if let Some(i) = bytes.iter().position(|&v| v > 1) {
                    return Err(format!("bool value {} at flat index {i} is not 0 or 1", bytes[i]));
                }
                bytes.iter().map(|&v| f64::from(v)).collect()
            }
            Scalar::U8 => bytes.iter().map(|&v| f64::from(v)).collect(),
            Scalar::I8 => bytes.iter().map(|&v| f64::from(v as i8)).collect(),
            Scalar::I16 => each(bytes, b, |w| f64::from(i16::from_le_bytes(w))),
            Scalar::U16 => each(bytes, b, |w| f64::from(u16::from_le_bytes(w))),
            Scalar::I32 => each(bytes, b, |w| f64::from(i32::from_le_bytes(w))),
            Scalar::U32 => each(bytes, b, |w| f64::from(u32::from_le_bytes(w))),
            Scalar::I64 => each(bytes, b, |w| i64::from_le_bytes(w) as f64),
            Scalar::U64 => each(bytes, b, |w| u64::from_le_bytes(w) as f64),
            Scalar::F32 => each(bytes, b, |w| f64::from(f32::from_le_bytes(w))),
            Scalar::F64 => each(bytes, b, f64::from_le_bytes),
        })
    }
}
