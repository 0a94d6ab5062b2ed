//! The card of the asymmetric unified focal loss (Yeung et al. 2022, `losses-compound.md`
//! §17): the authors' two-channel code, written from the contract, not from the core's kernel,
//! so that the card's numbers are a second computation the tests compare with the core's.

use super::compound::ends;
use super::parts::{blocks, e, n, Formulas, PixelAt, PixelGradient, Pixels};
use crate::ui::learn::math::{frac, math};
use losslab_core::{UnifiedFocalParams, EPS};

/// Smallest `1 − T₁` raised to `−γ` (the code's `0·∞`).
const UNIFIED_FLOOR: f64 = 1e-12;

/// One channel's clamped probability and whether it was inside the clamp.
fn channel(x: f64) -> (f64, bool) {
    (x.clamp(EPS, 1.0 - EPS), (EPS..=1.0 - EPS).contains(&x))
}

/// The unified focal loss's sums: Tversky counts of both channels and the focal sum.
#[derive(Default)]
struct Unified {
    /// `(TP, FN, FP)` of the background channel.
    bg: (f64, f64, f64),
    /// `(TP, FN, FP)` of the foreground channel.
    fg: (f64, f64, f64),
    /// `Σ` of the asymmetric focal terms.
    focal: f64,
}

impl Unified {
    fn new(p: &UnifiedFocalParams, px: Pixels) -> Unified {
        let mut u = Unified::default();
        let add = |c: &mut (f64, f64, f64), y: f64, q: f64| {
            c.0 += y * q;
            c.1 += y * (1.0 - q);
            c.2 += (1.0 - y) * q;
        };
        for (y, prob) in px.pairs() {
            let (q0, _) = channel(1.0 - prob);
            let (q1, _) = channel(prob);
            add(&mut u.bg, 1.0 - y, q0);
            add(&mut u.fg, y, q1);
            u.focal += (1.0 - p.delta) * (1.0 - q0).powf(p.gamma) * (-(1.0 - y) * q0.ln())
                + p.delta * (-y * q1.ln());
        }
        u
    }

    /// `(T_c, Den_c)` of a channel's counts.
    fn tversky(c: (f64, f64, f64), delta: f64) -> (f64, f64) {
        let den = c.0 + delta * c.1 + (1.0 - delta) * c.2 + EPS;
        ((c.0 + EPS) / den, den)
    }
}

/// The asymmetric unified focal loss.
pub(super) fn unified_focal(p: &UnifiedFocalParams, px: Pixels) -> Formulas {
    let u = Unified::new(p, px);
    let (t0, _) = Unified::tversky(u.bg, p.delta);
    let (t1, _) = Unified::tversky(u.fg, p.delta);
    let miss = (1.0 - t1).max(UNIFIED_FLOOR);
    let ft = 0.5 * ((1.0 - t0) + miss.powf(1.0 - p.gamma));
    let big_n = px.count();
    let focal = if big_n > 0.0 { u.focal / big_n } else { 0.0 };
    let loss = p.lambda * ft + (1.0 - p.lambda) * focal;
    let half = || frac(&e("1"), &e("2"));
    Formulas {
        value: blocks(&[
            math(
                &[
                    e("L_F = "),
                    frac(&e("1"), &e("N")),
                    e("Σ_i [(1 − δ)(1 − q_{0i})^γ(−y_{0i} log q_{0i}) + δ(−y_{1i} log q_{1i})],  q_{0i} = 1 − p_i,  q_{1i} = p_i"),
                ],
                "asymmetric focal",
            ),
            math(
                &[
                    e("T_c = "),
                    frac(&e("TP_c + ε"), &e("TP_c + δ FN_c + (1 − δ) FP_c + ε")),
                    e(",  L_{FT} = "),
                    half(),
                    e("[(1 − T_0) + (1 − T_1)^{1 − γ}]"),
                ],
                "asymmetric focal Tversky",
            ),
            math(&[e("L = λ L_{FT} + (1 − λ) L_F")], "unified focal"),
        ]),
        substituted: blocks(&[
            math(
                &[
                    n("T_0 = #,  T_1 = #,  L_{FT} = ", &[t0, t1]),
                    half(),
                    n("[(1 − #) + (1 − #)^{#}] = #", &[t0, t1, 1.0 - p.gamma, ft]),
                ],
                "asymmetric focal Tversky",
            ),
            math(&[e("L_F = "), frac(&n("#", &[u.focal]), &n("#", &[big_n])), n(" = #", &[focal])], "asymmetric focal"),
            math(&[n("L = # · # + (1 − #) · # = #", &[p.lambda, ft, p.lambda, focal, loss])], "unified focal"),
        ]),
        gradient: blocks(&[
            math(
                &[
                    e("∂L_{FT}/∂p_i = "),
                    half(),
                    e("m_{0i} ∂T_0/∂q_{0i} − "),
                    half(),
                    e("(1 − γ)(1 − T_1)^{−γ} m_{1i} ∂T_1/∂q_{1i}"),
                ],
                "focal Tversky gradient",
            ),
            math(
                &[
                    e("∂T_c/∂q_{ci} = "),
                    frac(&e("y_{ci} Den_c − (TP_c + ε)(1 − δ)"), &e("Den_c^2")),
                    e(",  m_{ci} = 1[ε ≤ q_{ci} ≤ 1 − ε]"),
                ],
                "Tversky gradient",
            ),
            math(
                &[
                    e("∂L_F/∂p_i = "),
                    frac(&e("1"), &e("N")),
                    e("[(1 − δ) y_{0i} m_{0i} A_i − δ"),
                    frac(&e("y_{1i} m_{1i}"), &e("q_{1i}")),
                    e("]"),
                ],
                "focal gradient",
            ),
            math(
                &[
                    e("A_i = "),
                    frac(&e("(1 − q_{0i})^γ"), &e("q_{0i}")),
                    e(" − γ(1 − q_{0i})^{γ−1} log q_{0i}"),
                ],
                "focal gradient's background term",
            ),
            math(&[e("∂L/∂p_i = λ ∂L_{FT}/∂p_i + (1 − λ) ∂L_F/∂p_i")], "unified focal gradient"),
        ]),
        recomputed: Some(loss),
    }
}

/// The unified focal loss's gradient at one pixel.
pub(super) fn unified_focal_at(p: &UnifiedFocalParams, px: Pixels, at: PixelAt) -> PixelGradient {
    let u = Unified::new(p, px);
    let (delta, gamma) = (p.delta, p.gamma);
    let (t1, den1) = Unified::tversky(u.fg, delta);
    let (_, den0) = Unified::tversky(u.bg, delta);
    let miss = (1.0 - t1).max(UNIFIED_FLOOR);
    let (q0, m0) = channel(1.0 - at.p);
    let (q1, m1) = channel(at.p);
    let (y0, y1) = (1.0 - at.y, at.y);
    let dt0 = (y0 * den0 - (u.bg.0 + EPS) * (1.0 - delta)) / (den0 * den0);
    let dt1 = (y1 * den1 - (u.fg.0 + EPS) * (1.0 - delta)) / (den1 * den1);
    let (mut ft, mut focal) = (0.0, 0.0);
    if m0 {
        ft += 0.5 * dt0;
        let r = 1.0 - q0;
        let pow_term = if gamma == 0.0 { 0.0 } else { gamma * r.powf(gamma - 1.0) * q0.ln() };
        focal += (1.0 - delta) * y0 * (r.powf(gamma) / q0 - pow_term);
    }
    if m1 {
        ft -= 0.5 * (1.0 - gamma) * miss.powf(-gamma) * dt1;
        focal -= delta * y1 / q1;
    }
    let focal = focal / px.count();
    let grad_prob = p.lambda * ft + (1.0 - p.lambda) * focal;
    let (head, tail, grad_logit) = ends(at, grad_prob);
    let lines = [
        head,
        math(&[n("∂L_{FT}/∂p_i = #,  ∂L_F/∂p_i = #", &[ft, focal])], "parts at one pixel"),
        math(
            &[n("∂L/∂p_i = # · # + (1 − #) · # = #", &[p.lambda, ft, p.lambda, focal, grad_prob])],
            "unified focal gradient at one pixel",
        ),
        tail,
    ];
    PixelGradient { markup: blocks(&lines), grad_prob, grad_logit }
}
