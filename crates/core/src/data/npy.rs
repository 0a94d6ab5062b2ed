//! NumPy `.npy`: bool, (u)int8/16/32/64 and float32/64, C or Fortran order, either byte
//! order, 2-D or 3-D. The `npyz` crate reads the header and the values; the shape and the
//! data's length are checked against the limits and the file before any value is read.

use super::array::{Array, Kind};
use super::limits::check_shape;
use npyz::{DType, NpyFile, NpyHeader, Order, TypeChar};

/// Decodes a `.npy` file into an array in C order.
pub fn decode(bytes: &[u8]) -> Result<Array, String> {
    let mut rest = bytes;
    let header = NpyHeader::from_reader(&mut rest)
        .map_err(|e| format!("not a readable .npy header: {e}"))?;
    let DType::Plain(ty) = header.dtype() else {
        return Err("unsupported dtype: a structured (record) array".into());
    };
    let (kind, size) = (ty.type_char(), ty.size_field());
    let supported = matches!(
        (kind, size),
        (TypeChar::Bool, 1)
            | (TypeChar::Int | TypeChar::Uint, 1 | 2 | 4 | 8)
            | (TypeChar::Float, 4 | 8)
    );
    if !supported {
        return Err(format!(
            "unsupported dtype {ty} (read: bool, int8–int64, uint8–uint64, float32, float64)"
        ));
    }
    let shape: Vec<usize> =
        header.shape().iter().map(|&d| usize::try_from(d).unwrap_or(usize::MAX)).collect();
    check_shape(&shape)?;
    let count: usize = shape.iter().product();
    let need = count as u64 * size;
    if (rest.len() as u64) < need {
        return Err(format!(
            "truncated: the header claims {count} values ({need} bytes) but the file holds {} \
             bytes of data",
            rest.len()
        ));
    }
    let order = header.order();
    let file = NpyFile::with_header(header, rest);
    let read = |e: std::io::Error| format!("the values cannot be read: {e}");
    let (values, kind): (Vec<f64>, Kind) = match (kind, size) {
        (TypeChar::Bool, _) => (
            file.into_vec::<bool>().map_err(read)?.into_iter().map(f64::from).collect(),
            Kind::Bool,
        ),
        (TypeChar::Float, 4) => (
            file.into_vec::<f32>().map_err(read)?.into_iter().map(f64::from).collect(),
            Kind::Float,
        ),
        (TypeChar::Float, _) => (file.into_vec::<f64>().map_err(read)?, Kind::Float),
        (TypeChar::Int, 1) => ints(file.into_vec::<i8>().map_err(read)?),
        (TypeChar::Int, 2) => ints(file.into_vec::<i16>().map_err(read)?),
        (TypeChar::Int, 4) => ints(file.into_vec::<i32>().map_err(read)?),
        (TypeChar::Int, _) => (
            file.into_vec::<i64>().map_err(read)?.into_iter().map(|v| v as f64).collect(),
            Kind::Integer,
        ),
        (TypeChar::Uint, 1) => ints(file.into_vec::<u8>().map_err(read)?),
        (TypeChar::Uint, 2) => ints(file.into_vec::<u16>().map_err(read)?),
        (TypeChar::Uint, 4) => ints(file.into_vec::<u32>().map_err(read)?),
        (_, _) => (
            file.into_vec::<u64>().map_err(read)?.into_iter().map(|v| v as f64).collect(),
            Kind::Integer,
        ),
    };
    let values = match order {
        Order::C => values,
        Order::Fortran => fortran_to_c(&values, &shape),
    };
    Ok(Array { shape, values, kind })
}

fn ints<T: Into<f64>>(values: Vec<T>) -> (Vec<f64>, Kind) {
    (values.into_iter().map(Into::into).collect(), Kind::Integer)
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
