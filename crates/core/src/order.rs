//! Orders of pixels by a key, for the losses that need one (`losses-compound.md`): a full
//! descending sort (Lovász) and the selection of the `K` largest (top-k cross-entropy).
//!
//! The contract's tie rule: among equal keys the lower pixel index comes first, keys compared
//! as numbers (`−0 = +0`). The sort is an LSD radix sort on the keys' bits in 11-bit digits,
//! which is stable (so ties keep index order) and linear; digits where every key agrees are
//! skipped, so `f32` keys widened to `f64` (29 zero bits) cost four passes, not six. The selection finds the
//! `K`-th largest key in linear time, then takes every larger key and the lowest-index equal
//! ones.

/// A key's bits, ordered so that a larger `u64` is a smaller number: sorting these ascending
/// sorts the keys descending. `−0` and `+0` map to the same value.
#[inline(always)]
fn descending_bits(key: f64) -> u64 {
    let bits = (key + 0.0).to_bits(); // −0 + 0 = +0
    let ascending = if bits >> 63 == 1 { !bits } else { bits | (1 << 63) };
    !ascending
}

/// Bits per radix digit.
const DIGIT: u32 = 11;
/// Buckets per digit.
const BUCKETS: usize = 1 << DIGIT;
/// Digits of a 64-bit key.
const DIGITS: usize = 64_usize.div_ceil(DIGIT as usize);

/// Reusable buffers of the sort, so that evaluating again allocates nothing.
#[derive(Debug, Clone, Default)]
pub struct OrderBuffers {
    keys: Vec<u64>,
    keys_tmp: Vec<u64>,
    index_tmp: Vec<u32>,
    values: Vec<f64>,
    counts: Vec<u32>,
}

impl OrderBuffers {
    /// Sorts `index` (pixel indices, ascending on entry; any payload the caller packs in
    /// them travels along) by `keys` descending, `keys[j]` being `index[j]`'s; ties keep their
    /// order, the lower index first. The keys in sorted order are then [`Self::sorted_key`].
    /// `index` has fewer than `u32::MAX` entries.
    pub fn sort_descending(&mut self, index: &mut [u32], keys: &[f64]) {
        let n = index.len();
        self.keys.clear();
        self.keys.extend(keys.iter().map(|&k| descending_bits(k)));
        if n < 2 {
            return;
        }
        self.keys_tmp.resize(n, 0);
        self.index_tmp.resize(n, 0);
        self.counts.clear();
        self.counts.resize((DIGITS + 1) * BUCKETS, 0);
        let (counts, offset) = self.counts.split_at_mut(DIGITS * BUCKETS);
        let digit = |k: u64, d: usize| ((k >> (DIGIT as usize * d)) as usize) & (BUCKETS - 1);
        for &k in &self.keys {
            for d in 0..DIGITS {
                counts[d * BUCKETS + digit(k, d)] += 1;
            }
        }
        let (mut keys, mut keys_tmp) = (&mut self.keys, &mut self.keys_tmp);
        let (mut idx, mut idx_tmp): (&mut [u32], &mut [u32]) = (index, &mut self.index_tmp[..]);
        let mut swapped = false;
        for d in 0..DIGITS {
            let count = &counts[d * BUCKETS..(d + 1) * BUCKETS];
            if count.contains(&(n as u32)) {
                continue; // every key has the same digit here
            }
            let mut total = 0;
            for (o, &c) in offset.iter_mut().zip(count) {
                *o = total;
                total += c;
            }
            for (&k, &i) in keys.iter().zip(idx.iter()) {
                let b = digit(k, d);
                let at = offset[b] as usize;
                keys_tmp[at] = k;
                idx_tmp[at] = i;
                offset[b] += 1;
            }
            std::mem::swap(&mut keys, &mut keys_tmp);
            std::mem::swap(&mut idx, &mut idx_tmp);
            swapped = !swapped;
        }
        if swapped {
            // The sorted order is in the scratch buffers: copy it back.
            idx_tmp.copy_from_slice(idx);
            keys_tmp.copy_from_slice(keys);
        }
    }

    /// The `j`-th key in sorted order (after [`Self::sort_descending`]), as a number.
    #[inline(always)]
    pub fn sorted_key(&self, j: usize) -> f64 {
        let ascending = !self.keys[j];
        let bits = if ascending >> 63 == 1 { ascending & !(1 << 63) } else { !ascending };
        f64::from_bits(bits)
    }

    /// The indices of the `k` largest of `keys`, in ascending index order: every key larger
    /// than the `k`-th largest, then the equal ones with the lowest indices. `k ≤ keys.len()`.
    pub fn select_largest(&mut self, keys: &[f64], k: usize, out: &mut Vec<u32>) {
        out.clear();
        if k == 0 {
            return;
        }
        if k >= keys.len() {
            out.extend(0..keys.len() as u32);
            return;
        }
        self.values.clear();
        self.values.extend_from_slice(keys);
        let (_, &mut kth, _) = self.values.select_nth_unstable_by(k - 1, |a, b| b.total_cmp(a));
        let larger = keys.iter().filter(|&&v| v > kth).count();
        let mut equal_left = k - larger;
        for (i, &v) in keys.iter().enumerate() {
            if v > kth {
                out.push(i as u32);
            } else if v == kth && equal_left > 0 {
                out.push(i as u32);
                equal_left -= 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The contract's rule written the obvious way: a stable comparison sort.
    fn reference_sort(keys: &[f64]) -> Vec<u32> {
        let mut index: Vec<u32> = (0..keys.len() as u32).collect();
        index.sort_by(|&a, &b| keys[b as usize].partial_cmp(&keys[a as usize]).expect("finite"));
        index
    }

    fn keys(seed: u64, n: usize, distinct: u64) -> Vec<f64> {
        let mut state = seed;
        (0..n)
            .map(|_| {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let v = (state >> 33) % distinct;
                (v as f64 - distinct as f64 / 2.0) * 0.37
            })
            .collect()
    }

    #[test]
    fn the_radix_sort_equals_a_stable_comparison_sort_ties_included() {
        let mut buffers = OrderBuffers::default();
        for (seed, n, distinct) in
            [(1, 0, 5), (2, 1, 5), (3, 17, 3), (4, 1000, 7), (5, 5000, 1 << 30)]
        {
            let k = keys(seed, n, distinct);
            let mut index: Vec<u32> = (0..n as u32).collect();
            buffers.sort_descending(&mut index, &k);
            assert_eq!(index, reference_sort(&k), "seed {seed}");
            for (j, &i) in index.iter().enumerate() {
                assert_eq!(buffers.sorted_key(j), k[i as usize] + 0.0, "seed {seed}, key {j}");
            }
        }
    }

    #[test]
    fn negative_zero_ties_with_zero_and_f32_keys_sort_too() {
        let k = [0.0, -0.0, 1.5, -2.0, 0.0, f64::from(-1.25f32), 1e-300, -1e-300];
        let mut index: Vec<u32> = (0..k.len() as u32).collect();
        OrderBuffers::default().sort_descending(&mut index, &k);
        assert_eq!(index, vec![2, 6, 0, 1, 4, 7, 5, 3]);
    }

    #[test]
    fn selection_takes_the_largest_and_the_lowest_index_among_ties() {
        let mut buffers = OrderBuffers::default();
        let mut out = Vec::new();
        let k = [1.0, 3.0, 2.0, 3.0, 2.0, 2.0, -0.0, 0.0];
        buffers.select_largest(&k, 3, &mut out);
        assert_eq!(out, vec![1, 2, 3]);
        buffers.select_largest(&k, 7, &mut out);
        assert_eq!(out, vec![0, 1, 2, 3, 4, 5, 6]);
        buffers.select_largest(&k, 0, &mut out);
        assert!(out.is_empty());
        for (seed, n, distinct) in [(7, 1000, 5), (8, 3000, 1 << 20)] {
            let keys = keys(seed, n, distinct);
            for k in [1, 10, n / 3, n - 1, n] {
                buffers.select_largest(&keys, k, &mut out);
                let mut want: Vec<u32> = reference_sort(&keys)[..k].to_vec();
                want.sort_unstable();
                assert_eq!(out, want, "seed {seed}, k {k}");
            }
        }
    }
}
