//! The mask encodings of the link, exact to the bit.
//!
//! - **Binary masks** (the target, 0 or 1): alternating run lengths, starting with a run of
//!   0s (possibly empty), each an unsigned LEB128 varint. A 50-pixel disc on 64 × 64 takes
//!   about 40 bytes.
//! - **Soft layers** (the prediction's painted edits: coverage and ink, any `f64` in
//!   `[0, 1]`): a palette of the distinct values as their IEEE-754 bits (8 bytes each,
//!   little-endian), then runs `(palette index, run length)` as varints. Bits, not decimals
//!   or quantised levels: decoding gives back the very same `f64`s, so every loss value is
//!   reproduced exactly; the palette keeps the common case (untouched 0s, a brush's flat
//!   interior) down to a few bytes.
//!
//! Decoding never trusts a length: the output size is the grid's (known before decoding),
//! a palette larger than the bytes left or than the pixel count is refused before any
//! allocation, and every run is checked against the pixels left.

/// Appends `x` as an unsigned LEB128 varint.
pub fn put_varint(out: &mut Vec<u8>, mut x: u64) {
    while x >= 0x80 {
        out.push((x as u8) | 0x80);
        x >>= 7;
    }
    out.push(x as u8);
}

/// A cursor over bytes.
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// Reads `bytes` from the start.
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, pos: 0 }
    }

    /// Bytes not read yet.
    pub fn left(&self) -> usize {
        self.bytes.len() - self.pos
    }

    /// One varint; errors on a truncated one or one beyond 64 bits.
    pub fn varint(&mut self) -> Result<u64, String> {
        let mut x = 0u64;
        for shift in (0..64).step_by(7) {
            let Some(&b) = self.bytes.get(self.pos) else {
                return Err("truncated number".into());
            };
            self.pos += 1;
            let part = u64::from(b & 0x7f);
            if shift == 63 && part > 1 {
                return Err("number too large".into());
            }
            x |= part << shift;
            if b & 0x80 == 0 {
                return Ok(x);
            }
        }
        Err("number too large".into())
    }

    /// Eight bytes as a little-endian `f64`.
    pub fn f64_bits(&mut self) -> Result<f64, String> {
        let end = self.pos + 8;
        let Some(chunk) = self.bytes.get(self.pos..end) else {
            return Err("truncated value".into());
        };
        self.pos = end;
        let mut b = [0u8; 8];
        b.copy_from_slice(chunk);
        Ok(f64::from_bits(u64::from_le_bytes(b)))
    }
}

/// Encodes a binary mask (values other than 1.0 count as 0).
pub fn encode_binary(mask: &[f64]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut current = false;
    let mut run = 0u64;
    for &v in mask {
        let on = v == 1.0;
        if on != current {
            put_varint(&mut out, run);
            current = on;
            run = 0;
        }
        run += 1;
    }
    put_varint(&mut out, run);
    out
}

/// Decodes a binary mask of exactly `n` pixels.
pub fn decode_binary(bytes: &[u8], n: usize) -> Result<Vec<f64>, String> {
    let mut r = Reader::new(bytes);
    let mut out = Vec::with_capacity(n);
    let mut value = 0.0;
    while r.left() > 0 {
        let run = r.varint()?;
        let room = (n - out.len()) as u64;
        if run > room {
            return Err(format!("runs cover more than the {n} pixels of the grid"));
        }
        out.resize(out.len() + run as usize, value);
        value = 1.0 - value;
    }
    if out.len() != n {
        return Err(format!("runs cover {} pixels, the grid has {n}", out.len()));
    }
    Ok(out)
}

/// Encodes a soft layer: palette of bit patterns, then `(index, run)` pairs.
pub fn encode_soft(values: &[f64]) -> Vec<u8> {
    let mut palette: Vec<u64> = Vec::new();
    let mut index_of = std::collections::HashMap::new();
    let mut runs: Vec<(u64, u64)> = Vec::new();
    for &v in values {
        let bits = v.to_bits();
        let idx = *index_of.entry(bits).or_insert_with(|| {
            palette.push(bits);
            palette.len() as u64 - 1
        });
        match runs.last_mut() {
            Some((i, run)) if *i == idx => *run += 1,
            _ => runs.push((idx, 1)),
        }
    }
    let mut out = Vec::with_capacity(palette.len() * 8 + runs.len() * 3 + 4);
    put_varint(&mut out, palette.len() as u64);
    for bits in palette {
        out.extend_from_slice(&bits.to_le_bytes());
    }
    for (idx, run) in runs {
        put_varint(&mut out, idx);
        put_varint(&mut out, run);
    }
    out
}

/// Decodes a soft layer of exactly `n` pixels; every value must be a number in `[0, 1]`.
pub fn decode_soft(bytes: &[u8], n: usize) -> Result<Vec<f64>, String> {
    let mut r = Reader::new(bytes);
    let k = r.varint()?;
    // Cap before allocating: each palette entry takes 8 bytes and is used at least once.
    if k > (r.left() / 8) as u64 || k > n as u64 || (k == 0 && n > 0) {
        return Err(format!("palette of {k} values does not fit"));
    }
    let mut palette = Vec::with_capacity(k as usize);
    for _ in 0..k {
        let v = r.f64_bits()?;
        if !(0.0..=1.0).contains(&v) {
            return Err(format!("value {v} is not in [0, 1]"));
        }
        palette.push(v);
    }
    let mut out = Vec::with_capacity(n);
    while r.left() > 0 {
        let idx = r.varint()?;
        let run = r.varint()?;
        let value = *palette
            .get(usize::try_from(idx).unwrap_or(usize::MAX))
            .ok_or_else(|| format!("palette index {idx} out of range"))?;
        if run == 0 || run > (n - out.len()) as u64 {
            return Err(format!("runs do not cover exactly the {n} pixels of the grid"));
        }
        out.resize(out.len() + run as usize, value);
    }
    if out.len() != n {
        return Err(format!("runs cover {} pixels, the grid has {n}", out.len()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_are_leb128() {
        // LEB128 examples from the DWARF 4 spec, §7.6: 2 → 02, 127 → 7f, 128 → 80 01,
        // 129 → 81 01, 12857 → b9 64.
        for (x, bytes) in [
            (2u64, vec![0x02]),
            (127, vec![0x7f]),
            (128, vec![0x80, 0x01]),
            (129, vec![0x81, 0x01]),
            (12857, vec![0xb9, 0x64]),
        ] {
            let mut out = Vec::new();
            put_varint(&mut out, x);
            assert_eq!(out, bytes);
            assert_eq!(Reader::new(&bytes).varint(), Ok(x));
        }
        assert!(Reader::new(&[0xff; 11]).varint().is_err());
        assert!(Reader::new(&[0x80]).varint().is_err());
    }

    #[test]
    fn binary_runs_by_hand() {
        // 0 0 1 1 1 0 → runs 2, 3, 1.
        let mask = [0.0, 0.0, 1.0, 1.0, 1.0, 0.0];
        assert_eq!(encode_binary(&mask), vec![2, 3, 1]);
        // Starting with 1: an empty run of 0s first.
        assert_eq!(encode_binary(&[1.0, 0.0]), vec![0, 1, 1]);
        assert_eq!(decode_binary(&[2, 3, 1], 6), Ok(mask.to_vec()));
        assert!(decode_binary(&[2, 3], 6).is_err(), "too short");
        assert!(decode_binary(&[2, 3, 2], 6).is_err(), "too long");
        assert!(decode_binary(&[0xff, 0xff, 0xff, 0xff, 0x0f], 6).is_err(), "huge run");
    }

    #[test]
    fn soft_layers_by_hand() {
        // [0.5, 0.5, 0] → palette [0.5, 0], runs (0, 2), (1, 1).
        let mut want = vec![2];
        want.extend_from_slice(&0.5f64.to_bits().to_le_bytes());
        want.extend_from_slice(&0f64.to_bits().to_le_bytes());
        want.extend_from_slice(&[0, 2, 1, 1]);
        assert_eq!(encode_soft(&[0.5, 0.5, 0.0]), want);
        assert_eq!(decode_soft(&want, 3), Ok(vec![0.5, 0.5, 0.0]));
        assert!(decode_soft(&want, 4).is_err());
        // A palette claiming 2^60 entries is refused before allocating anything.
        let mut huge = Vec::new();
        put_varint(&mut huge, 1 << 60);
        assert!(decode_soft(&huge, 4096).is_err());
        // NaN and out-of-range values.
        let mut nan = vec![1];
        nan.extend_from_slice(&f64::NAN.to_bits().to_le_bytes());
        nan.extend_from_slice(&[0, 1]);
        assert!(decode_soft(&nan, 1).is_err());
    }
}
