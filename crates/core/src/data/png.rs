//! PNG: 8- and 16-bit grey, grey + alpha, or RGB(A) whose colour channels agree (alpha is
//! ignored); palette and 1/2/4-bit grey images are expanded to 8 bits first. The `png` crate
//! decodes; the size is checked from the header before the pixels are.

use super::array::{Array, Kind};
use super::limits::{check_shape, ValueCap};
use png::{BitDepth, ColorType, Decoder, Transformations};
use std::io::Cursor;

/// Decodes a PNG into an `[H, W]` array of its samples (kind [`Kind::Png`]), its values taken
/// from `cap` first.
pub fn decode(bytes: &[u8], cap: &mut ValueCap) -> Result<Array, String> {
    let mut decoder = Decoder::new_with_limits(
        Cursor::new(bytes),
        // RGBA at 16 bits a channel, 2048², with room for the decoder's own buffers.
        png::Limits { bytes: 2048 * 2048 * 8 * 2 },
    );
    decoder.set_transformations(Transformations::EXPAND);
    let mut reader = decoder.read_info().map_err(|e| problem(&e))?;
    let (width, height) = reader.info().size();
    let shape = [height as usize, width as usize];
    check_shape(&shape)?;
    cap.take(&shape)?;
    let (color, depth) = reader.output_color_type();
    let size = reader.output_buffer_size().ok_or("the image is too large to decode")?;
    let mut buf = vec![0; size];
    let frame = reader.next_frame(&mut buf).map_err(|e| problem(&e))?;
    let channels = match color {
        ColorType::Grayscale => 1,
        ColorType::GrayscaleAlpha => 2,
        ColorType::Rgb => 3,
        ColorType::Rgba => 4,
        ColorType::Indexed => return Err("a palette image was not expanded".into()),
    };
    let wide = depth == BitDepth::Sixteen;
    let sample_bytes = if wide { 2 } else { 1 };
    let stride = frame.line_size;
    let (h, w) = (shape[0], shape[1]);
    let mut values = Vec::with_capacity(h * w);
    for row in 0..h {
        let line = &buf[row * stride..row * stride + w * channels * sample_bytes];
        for (col, px) in line.chunks_exact(channels * sample_bytes).enumerate() {
            let sample = |c: usize| -> u16 {
                if wide {
                    u16::from_be_bytes([px[2 * c], px[2 * c + 1]])
                } else {
                    u16::from(px[c])
                }
            };
            let grey = sample(0);
            if channels >= 3 && (sample(1) != grey || sample(2) != grey) {
                return Err(format!(
                    "colour channels differ at [{row}, {col}] (R {grey}, G {}, B {}): a mask or \
                     a probability map must be grey",
                    sample(1),
                    sample(2)
                ));
            }
            values.push(f64::from(grey));
        }
    }
    let max = if wide { 65535.0 } else { 255.0 };
    Ok(Array { shape: shape.to_vec(), values, kind: Kind::Png { max } })
}

/// One line for a decoder error: truncation named as such.
fn problem(e: &png::DecodingError) -> String {
    match e {
        png::DecodingError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            "truncated: the PNG ends before its image data does".into()
        }
        png::DecodingError::LimitsExceeded => {
            "over the limit of memory a 2048 × 2048 image needs".into()
        }
        other => format!("not a readable PNG: {other}"),
    }
}
