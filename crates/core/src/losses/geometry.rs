//! The geometry losses (`losses-geometry.md`): boundary, Hausdorff-DT, soft clDice and
//! Dice + clDice. They see the image's shape: each plane (`Binary::with_shape`) gets its own
//! distance maps and skeletons; sums run over every pixel given. No clamp: `p` as given.
//!
//! ```text
//! boundary      L = (1/N)·Σ p·φ(y)            ∂L/∂p = φ(y)/N
//!   with background: L = (1/2N)·Σ [(1 − p)·φ(¬y) + p·φ(y)], ∂L/∂p = (φ(y) − φ(¬y))/2N
//! hausdorff_dt  L = (1/N)·Σ (p − y)²·(F_p^α + F_y^α)   ∂L/∂p = (2/N)·(p − y)·(F_p^α + F_y^α)
//!               (F_p, F_y: the fields of p > 0.5 and y > 0.5, constants for the gradient)
//! cldice        S_p = skel(p), S_y = skel(y) (constant)
//!               Tprec = (Σ S_p·y + s_nr)/(Σ S_p + s_dr), Tsens = (Σ S_y·p + s_nr)/(Σ S_y + s_dr)
//!               L = 1 − 2·Tprec·Tsens/(Q), Q = Tprec + Tsens + s
//!               ∂L/∂p = ∂L/∂Tprec · skelᵀ((y − Tprec)/(Σ S_p + s_dr)) + ∂L/∂Tsens · S_y/(Σ S_y + s_dr)
//!               ∂L/∂Tprec = −2·Tsens·(Tsens + s)/Q², ∂L/∂Tsens = −2·Tprec·(Tprec + s)/Q²
//! dice_cldice   L = (1 − α)·(1 − (2I + s_nr)/(Sy + Sp + s_dr)) + α·clDice
//! every loss    ∂L/∂z = ∂L/∂p · p(1 − p)
//! ```

use crate::geometry::edt::{signed_distance_into, squared_distance_field_into, EdtScratch};
use crate::geometry::morph::Tape;
use crate::input::Binary;
use crate::losses::{Grads, Scalar};
use crate::params::{BoundaryParams, CldiceParams, DiceCldiceParams, HausdorffDtParams};
use crate::pixel::Pixel;
use crate::summary::GradientSummary;

/// What the geometry losses reuse between evaluations.
#[derive(Debug, Clone, Default)]
pub(crate) struct GeoBuffers {
    edt: EdtScratch,
    a: Vec<f64>,
    b: Vec<f64>,
    tmp: Vec<f64>,
    plane: Vec<f64>,
    tape: Tape,
    grad: Vec<f64>,
    cldice: CldiceMemo,
}

/// The last soft clDice evaluated, kept so that clDice and Dice + clDice on the same input
/// (the board, a data set's table) run the skeletons once: its key is the parameters, the
/// plane and the input itself, compared value by value (bit for bit), so a stale entry is
/// never used. Inputs over [`CldiceMemo::MAX_LEN`] values are not kept.
#[derive(Debug, Clone, Default)]
struct CldiceMemo {
    key: Option<(CldiceParams, usize, usize)>,
    target: Vec<f64>,
    prob: Vec<f64>,
    value: f64,
    /// `∂clDice/∂p`.
    grad: Vec<f64>,
}

impl CldiceMemo {
    /// 2²⁰ values (a 1024² image, 8 MiB per kept map).
    const MAX_LEN: usize = 1 << 20;

    fn holds<T: Pixel>(&self, key: (CldiceParams, usize, usize), input: Binary<T>) -> bool {
        let same = |kept: &[f64], now: &[T]| {
            kept.len() == now.len()
                && kept.iter().zip(now).all(|(&a, &b)| a.to_bits() == b.to_f64().to_bits())
        };
        self.key == Some(key)
            && same(&self.target, input.target())
            && same(&self.prob, input.prob())
    }

    fn keep<T: Pixel>(&mut self, key: (CldiceParams, usize, usize), input: Binary<T>) {
        if input.len() > Self::MAX_LEN {
            self.key = None;
            return;
        }
        self.key = Some(key);
        self.target.clear();
        self.target.extend(input.target().iter().map(|v| v.to_f64()));
        self.prob.clear();
        self.prob.extend(input.prob().iter().map(|v| v.to_f64()));
    }
}

impl GeoBuffers {
    /// Runs the soft skeleton of one image plane `values` on the tape (kept for a backward pass).
    fn skeleton_of<T: Pixel>(&mut self, values: &[T], h: usize, w: usize, iterations: usize) {
        self.plane.clear();
        self.plane.extend(values.iter().map(|v| v.to_f64()));
        self.tape.forward(&self.plane, h, w, iterations);
    }
}

/// `∂L/∂z = ∂L/∂p · p(1 − p)` and the summary, once `grads.prob` holds `∂L/∂p`.
fn finish<T: Pixel>(input: Binary<T>, grads: Grads<T>, value: f64) -> Scalar {
    for ((gz, &gp), &p) in grads.logit.iter_mut().zip(grads.prob.iter()).zip(input.prob()) {
        let p = p.to_f64();
        *gz = T::from_f64(gp.to_f64() * p * (1.0 - p));
    }
    Scalar {
        value,
        zero_over_zero: false,
        summary: GradientSummary::new(input.target(), grads.logit),
    }
}

/// The boundary (surface) loss of Kervadec et al.: a target pixel counts as object when it is
/// not 0 (the authors' `astype(bool)`; `losslab eval` refuses soft targets).
pub(crate) fn boundary<T: Pixel>(
    p: &BoundaryParams,
    input: Binary<T>,
    buf: &mut GeoBuffers,
    grads: Grads<T>,
) -> Scalar {
    let (h, w) = input.plane_shape();
    let plane = h * w;
    let n = input.len() as f64;
    let (y, prob) = (input.target(), input.prob());
    let mut value = 0.0;
    buf.a.resize(plane, 0.0);
    buf.b.resize(plane, 0.0);
    for start in (0..input.len()).step_by(plane) {
        let ys = &y[start..start + plane];
        let object = |i: usize| ys[i].to_f64() != 0.0;
        signed_distance_into(object, h, w, p.truncate, &mut buf.a, &mut buf.tmp, &mut buf.edt);
        if p.include_background {
            let background = |i: usize| ys[i].to_f64() == 0.0;
            signed_distance_into(
                background,
                h,
                w,
                p.truncate,
                &mut buf.b,
                &mut buf.tmp,
                &mut buf.edt,
            );
        }
        let scale = if p.include_background { 0.5 / n } else { 1.0 / n };
        for i in 0..plane {
            let k = start + i;
            let pk = prob[k].to_f64();
            let (phi1, phi0) = (buf.a[i], if p.include_background { buf.b[i] } else { 0.0 });
            let term = if p.include_background { (1.0 - pk) * phi0 + pk * phi1 } else { pk * phi1 };
            value += term * scale;
            grads.prob[k] = T::from_f64((phi1 - phi0) * scale);
        }
    }
    finish(input, grads, value)
}

/// MONAI's `HausdorffDTLoss` on one channel.
pub(crate) fn hausdorff_dt<T: Pixel>(
    p: &HausdorffDtParams,
    input: Binary<T>,
    buf: &mut GeoBuffers,
    grads: Grads<T>,
) -> Scalar {
    let (h, w) = input.plane_shape();
    let plane = h * w;
    let n = input.len() as f64;
    let (y, prob) = (input.target(), input.prob());
    buf.a.resize(plane, 0.0);
    buf.b.resize(plane, 0.0);
    let mut value = 0.0;
    // F^α from the squared field F²: the paper's α = 2 (the default) exactly, α = 1 by one
    // square root, anything else by (F²)^(α/2).
    let alpha = p.alpha;
    let power = |f2: f64| {
        if f2 == 0.0 {
            0.0
        } else if alpha == 2.0 {
            f2
        } else if alpha == 1.0 {
            f2.sqrt()
        } else {
            f2.powf(alpha / 2.0)
        }
    };
    for start in (0..input.len()).step_by(plane) {
        let range = start..start + plane;
        squared_distance_field_into(
            &prob[range.clone()],
            h,
            w,
            &mut buf.a,
            &mut buf.tmp,
            &mut buf.edt,
        );
        squared_distance_field_into(&y[range], h, w, &mut buf.b, &mut buf.tmp, &mut buf.edt);
        for i in 0..plane {
            let k = start + i;
            let d = prob[k].to_f64() - y[k].to_f64();
            let weight = power(buf.a[i]) + power(buf.b[i]);
            value += d * d * weight / n;
            grads.prob[k] = T::from_f64(2.0 * d * weight / n);
        }
    }
    finish(input, grads, value)
}

/// Soft clDice's value, with `weight · ∂clDice/∂p` added into `buf.grad` (`input.len()` long).
fn cldice_into<T: Pixel>(
    p: &CldiceParams,
    input: Binary<T>,
    buf: &mut GeoBuffers,
    weight: f64,
) -> f64 {
    let (h, w) = input.plane_shape();
    let key = (*p, h, w);
    if !buf.cldice.holds(key, input) {
        buf.cldice.value = cldice_fresh(p, input, buf);
        buf.cldice.keep(key, input);
    }
    for (g, &d) in buf.grad.iter_mut().zip(&buf.cldice.grad) {
        *g += weight * d;
    }
    buf.cldice.value
}

/// The target's soft skeleton of one `h × w` plane into `out`. It is zero wherever the target
/// is zero: erosion keeps a zero pixel at zero, so each δ there is relu(0 − open) = 0 (every
/// value is ≥ 0, as a target's are). So it runs
/// on the box around the target's nonzero pixels, grown by one pixel, and is the whole plane's
/// there: the ring is zero at every level, and a neighbour outside it is a zero that neither a
/// minimum over a zero pixel nor a maximum of values ≥ 0 can notice. All of it for an object
/// of a few pixels is a few dozen pixels of work instead of a plane's.
fn target_skeleton_into<T: Pixel>(
    y: &[T],
    (h, w): (usize, usize),
    iterations: usize,
    (crop, tape): (&mut Vec<f64>, &mut Tape),
    out: &mut [f64],
) {
    out.fill(0.0);
    let (mut rows, mut cols) = ((usize::MAX, 0), (usize::MAX, 0));
    for (i, row) in y.chunks_exact(w).enumerate() {
        if let Some(first) = row.iter().position(|v| v.to_f64() != 0.0) {
            let last = row.iter().rposition(|v| v.to_f64() != 0.0).unwrap_or(first);
            rows = (rows.0.min(i), i);
            cols = (cols.0.min(first), cols.1.max(last));
        }
    }
    if rows.0 == usize::MAX {
        return;
    }
    let (r0, r1) = (rows.0.saturating_sub(1), (rows.1 + 1).min(h - 1));
    let (c0, c1) = (cols.0.saturating_sub(1), (cols.1 + 1).min(w - 1));
    let (ch, cw) = (r1 - r0 + 1, c1 - c0 + 1);
    crop.clear();
    for i in r0..=r1 {
        crop.extend(y[i * w + c0..=i * w + c1].iter().map(|v| v.to_f64()));
    }
    tape.forward(crop, ch, cw, iterations);
    for (i, skel) in tape.skeleton().chunks_exact(cw).enumerate() {
        out[(r0 + i) * w + c0..=(r0 + i) * w + c1].copy_from_slice(skel);
    }
}

/// Soft clDice's value, with `∂clDice/∂p` written into `buf.cldice.grad`.
fn cldice_fresh<T: Pixel>(p: &CldiceParams, input: Binary<T>, buf: &mut GeoBuffers) -> f64 {
    let (h, w) = input.plane_shape();
    let plane = h * w;
    let k = p.iterations as usize;
    let (y, prob) = (input.target(), input.prob());
    // Forward: the sums over every plane; the target's skeleton only as sums with p.
    let (mut sp_y, mut sp, mut sy_p, mut sy) = (0.0, 0.0, 0.0, 0.0);
    // Keep each plane's S_y for the backward pass (it is a constant map).
    buf.b.resize(input.len(), 0.0);
    for start in (0..input.len()).step_by(plane) {
        let range = start..start + plane;
        let skel_y = &mut buf.b[range.clone()];
        target_skeleton_into(&y[range.clone()], (h, w), k, (&mut buf.plane, &mut buf.tape), skel_y);
        for (&s, &pk) in skel_y.iter().zip(&prob[range.clone()]) {
            sy += s;
            sy_p += s * pk.to_f64();
        }
        buf.skeleton_of(&prob[range], h, w, k);
        for (i, &s) in buf.tape.skeleton().iter().enumerate() {
            sp += s;
            sp_y += s * y[start + i].to_f64();
        }
    }
    let tprec = (sp_y + p.smooth_nr) / (sp + p.smooth_dr);
    let tsens = (sy_p + p.smooth_nr) / (sy + p.smooth_dr);
    let q = tprec + tsens + p.smooth;
    let value = 1.0 - 2.0 * tprec * tsens / q;
    let d_tprec = -2.0 * tsens * (tsens + p.smooth) / (q * q);
    let d_tsens = -2.0 * tprec * (tprec + p.smooth) / (q * q);
    // Backward: the sensitivity term is direct; the precision term goes back through skel(p).
    let grad = &mut buf.cldice.grad;
    grad.clear();
    grad.extend(buf.b.iter().map(|&s| d_tsens * s / (sy + p.smooth_dr)));
    buf.a.resize(plane, 0.0);
    buf.tmp.resize(plane, 0.0);
    // Last plane first: its forward pass is still on the tape; earlier planes run theirs again.
    let last = input.len() - plane;
    for start in (0..input.len()).step_by(plane).rev() {
        let range = start..start + plane;
        if start != last {
            buf.skeleton_of(&prob[range.clone()], h, w, k);
        }
        for (g, &t) in buf.a.iter_mut().zip(&y[range.clone()]) {
            *g = d_tprec * (t.to_f64() - tprec) / (sp + p.smooth_dr);
        }
        buf.tape.backward(&buf.a, &mut buf.tmp);
        for (g, &t) in buf.cldice.grad[range].iter_mut().zip(buf.tmp.iter()) {
            *g += t;
        }
    }
    value
}

/// MONAI's `SoftclDiceLoss`.
pub(crate) fn cldice<T: Pixel>(
    p: &CldiceParams,
    input: Binary<T>,
    buf: &mut GeoBuffers,
    grads: Grads<T>,
) -> Scalar {
    buf.grad.clear();
    buf.grad.resize(input.len(), 0.0);
    let value = cldice_into(p, input, buf, 1.0);
    for (g, &v) in grads.prob.iter_mut().zip(buf.grad.iter()) {
        *g = T::from_f64(v);
    }
    finish(input, grads, value)
}

/// MONAI's `SoftDiceclDiceLoss`: `(1 − α)·Dice + α·clDice`, Dice smoothed by clDice's terms.
pub(crate) fn dice_cldice<T: Pixel>(
    p: &DiceCldiceParams,
    input: Binary<T>,
    counts: &crate::counts::SoftCounts,
    buf: &mut GeoBuffers,
    grads: Grads<T>,
) -> Scalar {
    let c = &p.cldice;
    let (i, sy, sp) = (counts.true_pos, counts.sum_target, counts.sum_prob);
    let den = sy + sp + c.smooth_dr;
    let dice = 1.0 - (2.0 * i + c.smooth_nr) / den;
    let a = 1.0 - p.alpha;
    buf.grad.clear();
    buf.grad.extend(
        input
            .target()
            .iter()
            .map(|&y| -a * (2.0 * y.to_f64() * den - (2.0 * i + c.smooth_nr)) / (den * den)),
    );
    let value = cldice_into(c, input, buf, p.alpha);
    for (g, &v) in grads.prob.iter_mut().zip(buf.grad.iter()) {
        *g = T::from_f64(v);
    }
    finish(input, grads, a * dice + p.alpha * value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::soft_skeleton;

    #[test]
    fn the_target_skeleton_on_its_box_is_the_whole_planes_bit_for_bit() {
        // Objects of every size at the borders, corners and inside, hard and soft, on planes
        // down to one row or one column; and an empty target.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let (mut crop, mut tape) = (Vec::new(), Tape::default());
        for &(h, w) in &[(1, 9), (9, 1), (2, 3), (8, 8), (13, 7)] {
            for trial in 0..40 {
                let (i0, j0) = ((next() % h as u64) as usize, (next() % w as u64) as usize);
                let (ih, jw) = (1 + (next() % 4) as usize, 1 + (next() % 5) as usize);
                let y: Vec<f64> = (0..h * w)
                    .map(|k| {
                        let (i, j) = (k / w, k % w);
                        let inside = (i0..i0 + ih).contains(&i) && (j0..j0 + jw).contains(&j);
                        match (inside && trial % 7 != 6, trial % 3) {
                            (false, _) => 0.0,
                            (true, 0) => 1.0,
                            (true, _) => (next() % 4 + 1) as f64 / 4.0,
                        }
                    })
                    .collect();
                for k in [0, 1, 3] {
                    let mut out = vec![f64::NAN; h * w];
                    target_skeleton_into(&y, (h, w), k, (&mut crop, &mut tape), &mut out);
                    let whole = soft_skeleton(&y, h, w, k);
                    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                    assert_eq!(bits(&out), bits(&whole), "{h}×{w}, K = {k}: {y:?}");
                }
            }
        }
    }
}
