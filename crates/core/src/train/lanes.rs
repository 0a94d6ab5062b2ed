//! Eight `f32` lanes for the convolution kernels. Portable code is a `[f32; 8]` that LLVM
//! vectorises at `opt-level` 2–3; in wasm with `simd128` it is two `v128` registers written
//! with the `core::arch::wasm32` intrinsics, so the kernels stay SIMD even where the site is
//! built for size (`opt-level = "z"`, under which LLVM's vectorisers do not run); loads
//! and stores are single `v128.load`/`v128.store` of bounds-checked slices (the only
//! `unsafe` here). Both give the same results bit for bit: the same multiply and add per
//! lane, the same summation order.

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod imp {
    /// Eight lanes.
    pub type F8 = [f32; 8];

    /// Every lane `v`.
    #[inline(always)]
    pub fn splat(v: f32) -> F8 {
        [v; 8]
    }

    /// The first eight values of `s`.
    #[inline(always)]
    pub fn load(s: &[f32]) -> F8 {
        let mut out = [0.0; 8];
        out.copy_from_slice(&s[..8]);
        out
    }

    /// `acc + w·x` per lane.
    #[inline(always)]
    pub fn mul_add(acc: F8, w: f32, x: F8) -> F8 {
        let mut out = acc;
        for l in 0..8 {
            out[l] += w * x[l];
        }
        out
    }

    /// `acc + a·b` per lane.
    #[inline(always)]
    pub fn mul_add_lanes(acc: F8, a: F8, b: F8) -> F8 {
        let mut out = acc;
        for l in 0..8 {
            out[l] += a[l] * b[l];
        }
        out
    }

    /// Writes the lanes to the first eight values of `s`.
    #[inline(always)]
    pub fn store(v: F8, s: &mut [f32]) {
        s[..8].copy_from_slice(&v);
    }

    /// `((a0 + a4) + (a1 + a5)) + ((a2 + a6) + (a3 + a7))`.
    #[inline(always)]
    pub fn sum(a: F8) -> f32 {
        ((a[0] + a[4]) + (a[1] + a[5])) + ((a[2] + a[6]) + (a[3] + a[7]))
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use core::arch::wasm32::{
        f32x4_add, f32x4_extract_lane, f32x4_mul, f32x4_splat, v128, v128_load, v128_store,
    };

    /// Eight lanes: 0–3 and 4–7.
    pub type F8 = (v128, v128);

    /// One `v128.load` of `s[0..4]` (built lane by lane, LLVM emits four loads at
    /// `opt-level = "z"`).
    #[inline(always)]
    #[allow(unsafe_code)]
    fn load4(s: &[f32]) -> v128 {
        let s = &s[..4];
        // SAFETY: `s` holds four initialised f32 (16 bytes, checked by the slice above);
        // `v128_load` reads them unaligned.
        unsafe { v128_load(s.as_ptr().cast::<v128>()) }
    }

    #[inline(always)]
    #[allow(unsafe_code)]
    fn store4(v: v128, s: &mut [f32]) {
        let s = &mut s[..4];
        // SAFETY: `s` is four writable f32 (16 bytes, checked by the slice above);
        // `v128_store` writes them unaligned.
        unsafe { v128_store(s.as_mut_ptr().cast::<v128>(), v) }
    }

    /// Every lane `v`.
    #[inline(always)]
    pub fn splat(v: f32) -> F8 {
        (f32x4_splat(v), f32x4_splat(v))
    }

    /// The first eight values of `s`.
    #[inline(always)]
    pub fn load(s: &[f32]) -> F8 {
        let s = &s[..8];
        (load4(&s[..4]), load4(&s[4..]))
    }

    /// `acc + w·x` per lane.
    #[inline(always)]
    pub fn mul_add(acc: F8, w: f32, x: F8) -> F8 {
        let w = f32x4_splat(w);
        (f32x4_add(acc.0, f32x4_mul(w, x.0)), f32x4_add(acc.1, f32x4_mul(w, x.1)))
    }

    /// `acc + a·b` per lane.
    #[inline(always)]
    pub fn mul_add_lanes(acc: F8, a: F8, b: F8) -> F8 {
        (f32x4_add(acc.0, f32x4_mul(a.0, b.0)), f32x4_add(acc.1, f32x4_mul(a.1, b.1)))
    }

    /// Writes the lanes to the first eight values of `s`.
    #[inline(always)]
    pub fn store(v: F8, s: &mut [f32]) {
        let s = &mut s[..8];
        let (lo, hi) = s.split_at_mut(4);
        store4(v.0, lo);
        store4(v.1, hi);
    }

    /// `((a0 + a4) + (a1 + a5)) + ((a2 + a6) + (a3 + a7))`.
    #[inline(always)]
    pub fn sum(a: F8) -> f32 {
        let s = f32x4_add(a.0, a.1);
        (f32x4_extract_lane::<0>(s) + f32x4_extract_lane::<1>(s))
            + (f32x4_extract_lane::<2>(s) + f32x4_extract_lane::<3>(s))
    }
}

pub use imp::*;
