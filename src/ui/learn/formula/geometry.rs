//! The cards of the geometry losses (`losses-geometry.md`): the boundary loss (Kervadec et
//! al.), Hausdorff-DT (Karimi & Salcudean, MONAI), soft clDice and Dice + clDice (Shit et al.,
//! MONAI). Their numbers need the image's shape: the maps come from the core's distance
//! transforms and soft skeleton (`losslab_core::{signed_distance, distance_field,
//! soft_skeleton}`) on the scene's square plane; the sums, the value and the gradient are
//! written again here from the contract, and clDice's backward pass through the skeleton by
//! `skeleton.rs`, so that the tests compare a second computation with the core's.

use super::compound::ends;
use super::parts::{blocks, e, n, Formulas, PixelAt, PixelGradient, Pixels};
use super::skeleton::Tape;
use crate::ui::learn::math::{frac, math, sup};
use losslab_core::{
    distance_field, signed_distance, soft_skeleton, BoundaryParams, CldiceParams, DiceCldiceParams,
    HausdorffDtParams,
};

/// `φ(mask)`, truncated toward zero when the authors' int32 pipeline is asked for.
fn phi(mask: &[bool], (h, w): (usize, usize), truncate: bool) -> Vec<f64> {
    let map = signed_distance(mask, h, w);
    if truncate {
        map.into_iter().map(f64::trunc).collect()
    } else {
        map
    }
}

/// The boundary loss's per-pixel slope `∂L/∂p_i` and its constant part (the background
/// channel's `Σ φ0/(2N)`), from the maps.
struct BoundaryMaps {
    /// `φ1 = φ(y ≠ 0)`.
    object: Vec<f64>,
    /// `φ0 = φ(y = 0)` with `include_background`, else `None`.
    background: Option<Vec<f64>>,
}

impl BoundaryMaps {
    fn new(p: &BoundaryParams, px: Pixels) -> BoundaryMaps {
        let plane = px.plane();
        let object: Vec<bool> = px.target.iter().map(|&y| y != 0.0).collect();
        let background = p.include_background.then(|| {
            let bg: Vec<bool> = object.iter().map(|&o| !o).collect();
            phi(&bg, plane, p.truncate)
        });
        BoundaryMaps { object: phi(&object, plane, p.truncate), background }
    }

    /// `∂L/∂p_i`.
    fn slope(&self, i: usize, big_n: f64) -> f64 {
        match &self.background {
            Some(bg) => (self.object[i] - bg[i]) / (2.0 * big_n),
            None => self.object[i] / big_n,
        }
    }
}

/// The boundary (surface) loss.
pub(super) fn boundary(p: &BoundaryParams, px: Pixels) -> Formulas {
    let maps = BoundaryMaps::new(p, px);
    let big_n = px.count();
    // Σ p·φ1 split at the contour: inside the object φ ≤ 0, outside φ ≥ 1.
    let (mut inside, mut outside) = (0.0, 0.0);
    for (i, (y, prob)) in px.pairs().enumerate() {
        let term = prob * maps.object[i];
        if y != 0.0 {
            inside += term;
        } else {
            outside += term;
        }
    }
    let sum1 = inside + outside;
    let (lo, hi) = maps.object.iter().fold((0.0f64, 0.0f64), |(a, b), &v| (a.min(v), b.max(v)));
    let (loss, value, numbers, gradient) = match &maps.background {
        None => (
            if big_n > 0.0 { sum1 / big_n } else { 0.0 },
            vec![e("L = "), frac(&e("1"), &e("N")), e("Σ_i p_i φ_i")],
            vec![e("L = "), frac(&n("#", &[sum1]), &n("#", &[big_n]))],
            vec![e("∂L/∂p_i = "), frac(&e("φ_i"), &e("N"))],
        ),
        Some(bg) => {
            let sum0: f64 = px.prob.iter().zip(bg).map(|(&q, &f)| (1.0 - q) * f).sum();
            let loss = if big_n > 0.0 { (sum0 + sum1) / (2.0 * big_n) } else { 0.0 };
            (
                loss,
                vec![e("L = "), frac(&e("1"), &e("2N")), e("Σ_i [(1 − p_i) ψ_i + p_i φ_i]")],
                vec![e("L = "), frac(&n("# + #", &[sum0, sum1]), &n("2 · #", &[big_n]))],
                vec![e("∂L/∂p_i = "), frac(&e("φ_i − ψ_i"), &e("2N"))],
            )
        }
    };
    let mut numbers = numbers;
    numbers.push(n(" = #", &[loss]));
    let map_line = if p.truncate { "φ = trunc(φ(y))" } else { "φ = φ(y)" };
    let map_line = match (&maps.background, p.truncate) {
        (Some(_), true) => "φ = trunc(φ(y)),  ψ = trunc(φ(1 − y))",
        (Some(_), false) => "φ = φ(y),  ψ = φ(1 − y)",
        (None, _) => map_line,
    };
    Formulas {
        value: blocks(&[
            math(
                &[e("φ(m)_i = edt(¬m)_i [m_i = 0] − (edt(m)_i − 1) [m_i = 1]")],
                "signed distance map",
            ),
            math(&[e(map_line)], "the target's map"),
            math(&value, "boundary loss"),
        ]),
        substituted: blocks(&[
            math(
                &[n(
                    "φ ∈ [#, #],  Σ_obj p_i φ_i = #,  Σ_bg p_i φ_i = #",
                    &[lo, hi, inside, outside],
                )],
                "boundary sums",
            ),
            math(&numbers, "boundary loss"),
        ]),
        gradient: math(&gradient, "boundary loss gradient"),
        recomputed: Some(loss),
    }
}

/// The boundary loss's gradient at one pixel: its map value over `N`.
pub(super) fn boundary_at(p: &BoundaryParams, px: Pixels, at: PixelAt) -> PixelGradient {
    let maps = BoundaryMaps::new(p, px);
    let big_n = px.count();
    let grad_prob = maps.slope(at.index, big_n);
    let (head, tail, grad_logit) = ends(at, grad_prob);
    let phi1 = maps.object[at.index];
    let line = match &maps.background {
        None => math(
            &[
                n("φ_i = #,  ∂L/∂p_i = ", &[phi1]),
                frac(&n("#", &[phi1]), &n("#", &[big_n])),
                n(" = #", &[grad_prob]),
            ],
            "boundary gradient at one pixel",
        ),
        Some(bg) => math(
            &[
                n("φ_i = #,  ψ_i = #,  ∂L/∂p_i = ", &[phi1, bg[at.index]]),
                frac(&n("# − #", &[phi1, bg[at.index]]), &n("2 · #", &[big_n])),
                n(" = #", &[grad_prob]),
            ],
            "boundary gradient at one pixel",
        ),
    };
    PixelGradient { markup: blocks(&[head, line, tail]), grad_prob, grad_logit }
}

/// Hausdorff-DT's two fields and weights `w_i = F_p,i^α + F_y,i^α` (`0^α = 0`).
struct Fields {
    pred: Vec<f64>,
    target: Vec<f64>,
    weight: Vec<f64>,
}

impl Fields {
    fn new(p: &HausdorffDtParams, px: Pixels) -> Fields {
        let (h, w) = px.plane();
        let pred = distance_field(px.prob, h, w);
        let target = distance_field(px.target, h, w);
        let power = |f: f64| if f == 0.0 { 0.0 } else { f.powf(p.alpha) };
        let weight = pred.iter().zip(&target).map(|(&a, &b)| power(a) + power(b)).collect();
        Fields { pred, target, weight }
    }
}

/// The Hausdorff-DT loss.
pub(super) fn hausdorff_dt(p: &HausdorffDtParams, px: Pixels) -> Formulas {
    let f = Fields::new(p, px);
    let big_n = px.count();
    let sum: f64 = px.pairs().zip(&f.weight).map(|((y, q), &w)| (q - y) * (q - y) * w).sum();
    let loss = if big_n > 0.0 { sum / big_n } else { 0.0 };
    let max = |v: &[f64]| v.iter().fold(0.0f64, |a, &b| a.max(b));
    let above = px.prob.iter().filter(|&&q| q > 0.5).count() as f64;
    Formulas {
        value: blocks(&[
            math(
                &[e("F(a) = edt(M) + edt(¬M),  M = [a > 0.5],  M = ∅ ∨ M = Ω ⇒ F = 0")],
                "distance field",
            ),
            math(
                &[e("L = "), frac(&e("1"), &e("N")), e("Σ_i (p_i − y_i)^2 (F(p)_i^α + F(y)_i^α)")],
                "Hausdorff-DT loss",
            ),
        ]),
        substituted: blocks(&[
            math(
                &[n(
                    "#  pixels p > 0.5,  max F(p) = #,  max F(y) = #,  α = #",
                    &[above, max(&f.pred), max(&f.target), p.alpha],
                )],
                "fields",
            ),
            math(
                &[e("L = "), frac(&n("#", &[sum]), &n("#", &[big_n])), n(" = #", &[loss])],
                "Hausdorff-DT loss",
            ),
        ]),
        gradient: math(
            &[e("∂L/∂p_i = "), frac(&e("2"), &e("N")), e("(p_i − y_i)(F(p)_i^α + F(y)_i^α)")],
            "Hausdorff-DT gradient",
        ),
        recomputed: Some(loss),
    }
}

/// Hausdorff-DT's gradient at one pixel.
pub(super) fn hausdorff_dt_at(p: &HausdorffDtParams, px: Pixels, at: PixelAt) -> PixelGradient {
    let f = Fields::new(p, px);
    let big_n = px.count();
    let w = f.weight[at.index];
    let grad_prob = 2.0 * (at.p - at.y) * w / big_n;
    let (head, tail, grad_logit) = ends(at, grad_prob);
    let line = math(
        &[
            n("F(p)_i = #,  F(y)_i = #,  ∂L/∂p_i = ", &[f.pred[at.index], f.target[at.index]]),
            frac(&n("2 · (#) · #", &[at.p - at.y, w]), &n("#", &[big_n])),
            n(" = #", &[grad_prob]),
        ],
        "Hausdorff-DT gradient at one pixel",
    );
    PixelGradient { markup: blocks(&[head, line, tail]), grad_prob, grad_logit }
}

/// Soft clDice's sums, value and gradient (`∂L/∂p`, every pixel) on one image.
struct Cl {
    sp_y: f64,
    sp: f64,
    sy_p: f64,
    sy: f64,
    tprec: f64,
    tsens: f64,
    value: f64,
    grad: Vec<f64>,
}

impl Cl {
    fn new(c: &CldiceParams, px: Pixels) -> Cl {
        let (h, w) = px.plane();
        let k = c.iterations as usize;
        let tape = Tape::skeleton(px.prob, h, w, k);
        let skel_y = soft_skeleton(px.target, h, w, k);
        let skel_p = tape.output();
        let sp_y: f64 = skel_p.iter().zip(px.target).map(|(s, y)| s * y).sum();
        let sp: f64 = skel_p.iter().sum();
        let sy_p: f64 = skel_y.iter().zip(px.prob).map(|(s, q)| s * q).sum();
        let sy: f64 = skel_y.iter().sum();
        let tprec = (sp_y + c.smooth_nr) / (sp + c.smooth_dr);
        let tsens = (sy_p + c.smooth_nr) / (sy + c.smooth_dr);
        let q = tprec + tsens + c.smooth;
        let value = 1.0 - 2.0 * tprec * tsens / q;
        let d_prec = -2.0 * tsens * (tsens + c.smooth) / (q * q);
        let d_sens = -2.0 * tprec * (tprec + c.smooth) / (q * q);
        let upstream: Vec<f64> =
            px.target.iter().map(|&y| d_prec * (y - tprec) / (sp + c.smooth_dr)).collect();
        let through = tape.backward(&upstream);
        let grad = through
            .iter()
            .zip(&skel_y)
            .map(|(&t, &s)| t + d_sens * s / (sy + c.smooth_dr))
            .collect();
        Cl { sp_y, sp, sy_p, sy, tprec, tsens, value, grad }
    }

    /// The definition's lines.
    fn definition() -> Vec<String> {
        vec![
            math(&[e("S_p = skel(p, K),  S_y = skel(y, K)")], "soft skeletons"),
            math(
                &[
                    e("T_{prec} = "),
                    frac(&e("Σ S_p y + s_{nr}"), &e("Σ S_p + s_{dr}")),
                    e(",  T_{sens} = "),
                    frac(&e("Σ S_y p + s_{nr}"), &e("Σ S_y + s_{dr}")),
                ],
                "topology precision and sensitivity",
            ),
            math(
                &[
                    e("clDice = 1 − "),
                    frac(&e("2 T_{prec} T_{sens}"), &e("T_{prec} + T_{sens} + s")),
                ],
                "clDice",
            ),
        ]
    }

    /// The substituted lines.
    fn numbers(&self, c: &CldiceParams) -> Vec<String> {
        vec![
            math(
                &[
                    n("K = #:  T_{prec} = ", &[f64::from(c.iterations)]),
                    frac(
                        &n("# + #", &[self.sp_y, c.smooth_nr]),
                        &n("# + #", &[self.sp, c.smooth_dr]),
                    ),
                    n(" = #,  T_{sens} = ", &[self.tprec]),
                    frac(
                        &n("# + #", &[self.sy_p, c.smooth_nr]),
                        &n("# + #", &[self.sy, c.smooth_dr]),
                    ),
                    n(" = #", &[self.tsens]),
                ],
                "topology precision and sensitivity",
            ),
            math(
                &[
                    e("clDice = 1 − "),
                    frac(
                        &n("2 · # · #", &[self.tprec, self.tsens]),
                        &n("# + # + #", &[self.tprec, self.tsens, c.smooth]),
                    ),
                    n(" = #", &[self.value]),
                ],
                "clDice",
            ),
        ]
    }
}

/// The clDice gradient, symbolic.
fn cldice_gradient() -> Vec<String> {
    vec![
        e("∂clDice/∂p_i = "),
        frac(&e("∂L"), &e("∂T_{prec}")),
        e("[skel^T "),
        frac(&e("y − T_{prec}"), &e("Σ S_p + s_{dr}")),
        e("]_i + "),
        frac(&e("∂L"), &e("∂T_{sens}")),
        frac(&e("S_{y,i}"), &e("Σ S_y + s_{dr}")),
    ]
}

/// Soft clDice.
pub(super) fn cldice(c: &CldiceParams, px: Pixels) -> Formulas {
    let cl = Cl::new(c, px);
    Formulas {
        value: blocks(&Cl::definition()),
        substituted: blocks(&cl.numbers(c)),
        gradient: blocks(&[
            math(&cldice_gradient(), "clDice gradient"),
            math(
                &[
                    frac(&e("∂L"), &e("∂T_{prec}")),
                    e(" = −"),
                    frac(&e("2 T_{sens}(T_{sens} + s)"), &sup(&e("Q"), &e("2"))),
                    e(",  Q = T_{prec} + T_{sens} + s"),
                ],
                "clDice chain rule",
            ),
        ]),
        recomputed: Some(cl.value),
    }
}

/// The gradient line of clDice at one pixel and its value.
fn cldice_line(cl: &Cl, at: PixelAt, weight: f64) -> (String, f64) {
    let g = cl.grad[at.index];
    let line = math(&[n("∂clDice/∂p_i = #", &[g])], "clDice gradient at one pixel");
    (line, weight * g)
}

/// Soft clDice's gradient at one pixel.
pub(super) fn cldice_at(c: &CldiceParams, px: Pixels, at: PixelAt) -> PixelGradient {
    let cl = Cl::new(c, px);
    let (line, grad_prob) = cldice_line(&cl, at, 1.0);
    let (head, tail, grad_logit) = ends(at, grad_prob);
    PixelGradient { markup: blocks(&[head, line, tail]), grad_prob, grad_logit }
}

/// Dice with clDice's smoothing: `(1 − (2I + s_nr)/Den, 2I + s_nr, Den)`, `Den = S_y + S_p + s_dr`.
fn dice_part(c: &CldiceParams, px: Pixels) -> (f64, f64, f64, [f64; 3]) {
    let (mut i, mut sy, mut sp) = (0.0, 0.0, 0.0);
    for (y, q) in px.pairs() {
        i += y * q;
        sy += y;
        sp += q;
    }
    let (num, den) = (2.0 * i + c.smooth_nr, sy + sp + c.smooth_dr);
    (1.0 - num / den, num, den, [i, sy, sp])
}

/// Dice + clDice.
pub(super) fn dice_cldice(d: &DiceCldiceParams, px: Pixels) -> Formulas {
    let c = &d.cldice;
    let cl = Cl::new(c, px);
    let (dice, _, _, [i, sy, sp]) = dice_part(c, px);
    let a = d.alpha;
    let loss = (1.0 - a) * dice + a * cl.value;
    let mut value = vec![math(
        &[
            e("Dice = 1 − "),
            frac(&e("2I + s_{nr}"), &e("S_y + S_p + s_{dr}")),
            e(",  L = (1 − α) Dice + α clDice"),
        ],
        "Dice + clDice",
    )];
    value.extend(Cl::definition());
    let mut substituted = vec![math(
        &[
            e("Dice = 1 − "),
            frac(&n("2 · # + #", &[i, c.smooth_nr]), &n("# + # + #", &[sy, sp, c.smooth_dr])),
            n(" = #", &[dice]),
        ],
        "Dice part",
    )];
    substituted.extend(cl.numbers(c));
    substituted.push(math(
        &[n("L = (1 − #) · # + # · # = #", &[a, dice, a, cl.value, loss])],
        "Dice + clDice",
    ));
    Formulas {
        value: blocks(&value),
        substituted: blocks(&substituted),
        gradient: blocks(&[
            math(
                &[
                    e("∂L/∂p_i = −(1 − α)"),
                    frac(&e("2y_i Den − (2I + s_{nr})"), &sup(&e("Den"), &e("2"))),
                    e(" + α ∂clDice/∂p_i"),
                ],
                "Dice + clDice gradient",
            ),
            math(&cldice_gradient(), "clDice gradient"),
        ]),
        recomputed: Some(loss),
    }
}

/// Dice + clDice's gradient at one pixel.
pub(super) fn dice_cldice_at(d: &DiceCldiceParams, px: Pixels, at: PixelAt) -> PixelGradient {
    let c = &d.cldice;
    let cl = Cl::new(c, px);
    let (_, num, den, _) = dice_part(c, px);
    let a = d.alpha;
    let dice_grad = -(2.0 * at.y * den - num) / (den * den);
    let (cl_line, cl_part) = cldice_line(&cl, at, a);
    let grad_prob = (1.0 - a) * dice_grad + cl_part;
    let (head, tail, grad_logit) = ends(at, grad_prob);
    let lines = [
        head,
        math(
            &[
                e("∂Dice/∂p_i = −"),
                frac(&n("2 · # · # − #", &[at.y, den, num]), &sup(&n("#", &[den]), &e("2"))),
                n(" = #", &[dice_grad]),
            ],
            "Dice gradient at one pixel",
        ),
        cl_line,
        math(
            &[n(
                "∂L/∂p_i = (1 − #) · # + # · # = #",
                &[a, dice_grad, a, cl.grad[at.index], grad_prob],
            )],
            "Dice + clDice gradient at one pixel",
        ),
        tail,
    ];
    PixelGradient { markup: blocks(&lines), grad_prob, grad_logit }
}
