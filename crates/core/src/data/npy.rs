//! NumPy `.npy`: bool, (u)int8/16/32/64 and float32/64, C or Fortran order, either byte
//! order, 2-D or 3-D. The `npyz` crate reads the header (dtype, shape, order); the shape and
//! the data's length are checked against the limits and the file before any value is read,
//! then `raw.rs` converts the values in one pass.

use super::array::{Array, Kind};
use super::limits::{check_shape, ValueCap};
use super::raw::Scalar;
use npyz::{DType, Endianness, NpyHeader, Order, TypeChar};

/// Decodes a `.npy` file into an array in C order, its values taken from `cap` first.
pub fn decode(bytes: &[u8], cap: &mut ValueCap) -> Result<Array, String> {
    let mut rest = bytes;
    let header = NpyHeader::from_reader(&mut rest)
        .map_err(|e| format!("not a readable .npy header: {e}"))?;
    let DType::Plain(ty) = header.dtype() else {
        return Err("unsupported dtype: a structured (record) array".into());
    };
    let scalar = match (ty.type_char(), ty.size_field()) {
        (TypeChar::Bool, 1) => Scalar::Bool,
        (TypeChar::Int, 1) => Scalar::I8,
        (TypeChar::Int, 2) => Scalar::I16,
        (TypeChar::Int, 4) => Scalar::I32,
        (TypeChar::Int, 8) => Scalar::I64,
        (TypeChar::Uint, 1) => Scalar::U8,
        (TypeChar::Uint, 2) => Scalar::U16,
        (TypeChar::Uint, 4) => Scalar::U32,
        (TypeChar::Uint, 8) => Scalar::U64,
        (TypeChar::Float, 4) => Scalar::F32,
        (TypeChar::Float, 8) => Scalar::F64,
        _ => {
            return Err(format!(
                "unsupported dtype {ty} (read: bool, int8–int64, uint8–uint64, float32, \
                 float64)"
            ))
        }
    };
    let shape: Vec<usize> =
        header.shape().iter().map(|&d| usize::try_from(d).unwrap_or(usize::MAX)).collect();
    check_shape(&shape)?;
    cap.take(&shape)?;
    let count: usize = shape.iter().product();
    let need = count * scalar.size();
    if rest.len() < need {
        return Err(format!(
            "truncated: the header claims {count} values ({need} bytes) but the file holds {} \
             bytes of data",
            rest.len()
        ));
    }
    let values = scalar.decode(&rest[..need], ty.endianness() == Endianness::Big)?;
    let kind = match scalar {
        Scalar::Bool => Kind::Bool,
        s if s.is_float() => Kind::Float,
        _ => Kind::Integer,
    };
    let values = match header.order() {
        Order::C => values,
        Order::Fortran => fortran_to_c(&values, &shape),
    };
    Ok(Array { shape, values, kind })
}

/// Reorders values stored first axis fastest (Fortran, NIfTI) into row-major order.
pub fn fortran_to_c(values: &[f64], shape: &[usize]) -> Vec<f64> {
    let mut out = vec![0.0; values.len()];
    match shape {
        [h, w] => {
            for i in 0..*h {
                for j in 0..*w {
                    out[i * w + j] = values[i + j * h];
                }
            }
        }
        [d, h, w] => {
            for a in 0..*d {
                for i in 0..*h {
                    for j in 0..*w {
                        out[(a * h + i) * w + j] = values[a + d * (i + h * j)];
                    }
                }
            }
        }
        _ => out.copy_from_slice(values),
    }
    out
}
