//! `losslab eval` on JSON cases: values and gradients against hand derivations.

mod common;
use common::{assert_close, eval_ok, float, floats};

/// Dice, smooth 1, target [1, 0, 1, 0], prob [0.5, 0.25, 1, 0]:
/// Sy = 2, Sp = 1.75, I = 1.5, so D = (2·1.5 + 1)/(2 + 1.75 + 1) = 4/4.75 and
/// L = 0.75/4.75 = 3/19. ∂L/∂p = −(2y·4.75 − 4)/4.75², with 4.75² = 361/16:
/// y = 1 → −5.5·16/361 = −88/361, y = 0 → 4·16/361 = 64/361.
/// ∂L/∂z = ∂L/∂p · p(1 − p): p(1 − p) = [0.25, 0.1875, 0, 0].
#[test]
fn dice_matches_hand_derivation() {
    let out = eval_ok(
        r#"{"shape": [2, 2], "target": [1, 0, 1, 0], "prob": [0.5, 0.25, 1, 0], "loss": "dice"}"#,
    );
    assert_eq!(out["loss"], "dice");
    assert_close(&[float(&out["value"])], &[3.0 / 19.0], 1e-15);
    let g = [-88.0 / 361.0, 64.0 / 361.0, -88.0 / 361.0, 64.0 / 361.0];
    assert_close(&floats(&out["grad_prob"]), &g, 1e-15);
    assert_close(&floats(&out["grad_logit"]), &[g[0] * 0.25, g[1] * 0.1875, 0.0, 0.0], 1e-15);
    assert_eq!(out["zero_over_zero"], false);
    assert_eq!(float(&out["counts"]["sum_target"]), 2.0);
}

/// MONAI's documented case (conformance.md): logits [[1, −1], [−1, 1]], target
/// [[1, 0], [1, 1]], sigmoid, smooth 1e-6 → Dice loss 0.307576. By hand: p = σ(±1) =
/// [a, b, b, a] with a = 0.7310586, b = 1 − a; Sy = 3, Sp = 2, I = 2a + b = 1 + a,
/// L = 1 − (2(1 + a) + s)/(5 + s).
#[test]
fn logit_input_matches_monai_case() {
    let out = eval_ok(
        r#"{"shape": [2, 2], "target": [1, 0, 1, 1], "logit": [1, -1, -1, 1],
            "loss": "dice", "params": {"smooth": 1e-6}}"#,
    );
    let a = 1.0 / (1.0 + (-1.0f64).exp());
    let s = 1e-6;
    let value = float(&out["value"]);
    assert_close(&[value], &[1.0 - (2.0 * (1.0 + a) + s) / (5.0 + s)], 1e-15);
    assert!((value - 0.307576).abs() < 1e-6);
}

/// BCE from logits [0, ln 3], target [1, 0]: p = [0.5, 0.75];
/// L = −(ln 0.5 + ln 0.25)/2 = 1.5·ln 2; ∂L/∂z = (p − y)/N = [−0.25, 0.375];
/// ∂L/∂p = [−1/(2·0.5), 1/(2·0.25)] = [−1, 2].
#[test]
fn bce_from_logits() {
    let case = format!(
        r#"{{"shape": [1, 2], "target": [1, 0], "logit": [0, {}], "loss": "bce"}}"#,
        3.0f64.ln()
    );
    let out = eval_ok(&case);
    assert_close(&[float(&out["value"])], &[1.5 * 2.0f64.ln()], 1e-15);
    assert_close(&floats(&out["grad_logit"]), &[-0.25, 0.375], 1e-15);
    assert_close(&floats(&out["grad_prob"]), &[-1.0, 2.0], 1e-14);
}

/// Generalized Dice, [C, H, W] = [2, 1, 2]: r = [[1, 0], [0, 1]], p = [[0.75, 0.5],
/// [0.25, 0.5]]. Each class has Σr = 1, so both weights are w = 1/(1 + 1e-6) and cancel:
/// A = w·1.25, B = w·4, L = 1 − 2.5/4 = 0.375; ∂L/∂p = −(2r·4 − 2.5)/16 →
/// r = 1: −0.34375, r = 0: 0.15625. Softmax chain per pixel, ∂L/∂z[l] = p[l](g[l] − Σp·g):
/// pixel 0: Σp·g = −0.21875 → [−0.09375, 0.09375]; pixel 1: Σp·g = −0.09375 → [0.125, −0.125].
#[test]
fn generalized_dice_multi_class() {
    let out = eval_ok(
        r#"{"shape": [2, 1, 2], "target": [1, 0, 0, 1], "prob": [0.75, 0.5, 0.25, 0.5],
            "loss": "generalized_dice"}"#,
    );
    assert_close(&[float(&out["value"])], &[0.375], 1e-12);
    assert_close(&floats(&out["grad_prob"]), &[-0.34375, 0.15625, 0.15625, -0.34375], 1e-12);
    assert_close(&floats(&out["grad_logit"]), &[-0.09375, 0.125, 0.09375, -0.125], 1e-12);
    let w = 1.0 / (1.0 + 1e-6);
    assert_close(&floats(&out["class_weights"]), &[w, w], 1e-15);
}

/// A batch of two 1×2 images, Dice smooth 1. Image 1: y = [1, 0], p = [0.5, 0.25] →
/// L₁ = 1 − 2/2.75 = 3/11; image 2: y = [0, 0], p = [0.1, 0.1] → L₂ = 1 − 1/1.2 = 1/6.
/// per_image: (3/11 + 1/6)/2 = 29/132. pooled: Sy = 1, Sp = 0.95, I = 0.5 →
/// 1 − 2/2.95 = 0.95/2.95.
#[test]
fn batch_per_image_and_pooled() {
    let case = |batch: &str| {
        format!(
            r#"{{"shape": [2, 1, 2], "target": [1, 0, 0, 0], "prob": [0.5, 0.25, 0.1, 0.1],
                "loss": "dice", "params": {{"batch": "{batch}"}}}}"#
        )
    };
    let per_image = eval_ok(&case("per_image"));
    assert_close(&[float(&per_image["value"])], &[29.0 / 132.0], 1e-15);
    assert_eq!(per_image["batch"]["images"], 2);
    let pooled = eval_ok(&case("pooled"));
    assert_close(&[float(&pooled["value"])], &[0.95 / 2.95], 1e-15);
    assert_eq!(pooled["batch"]["reduction"], "pooled");
}

/// The example of conformance.md, Tversky α = 0.7 on FN, β = 0.3 on FP, smooth 1:
/// TP = 0.8 + 0.6 + 0.9 = 2.3, FN = 3 − 2.3 = 0.7, FP = Sp − TP = 3.8 − 2.3 = 1.5;
/// T = 3.3/(2.3 + 0.49 + 0.45 + 1) = 3.3/4.24, L = 0.94/4.24.
#[test]
fn conformance_example_tversky() {
    let out = eval_ok(
        r#"{"shape": [4, 4],
            "target": [0, 0, 1, 0,  0, 1, 1, 0,  0, 0, 0, 0,  0, 0, 0, 0],
            "prob": [0.1, 0.2, 0.8, 0.1,  0.1, 0.6, 0.9, 0.2,  0.1, 0.1, 0.1, 0.1,
                     0.1, 0.1, 0.1, 0.1],
            "loss": "tversky", "params": {"alpha": 0.7, "beta": 0.3, "smooth": 1.0}}"#,
    );
    assert_close(&[float(&out["value"])], &[0.94 / 4.24], 1e-12);
    assert_eq!(floats(&out["grad_prob"]).len(), 16);
    assert_eq!(floats(&out["grad_logit"]).len(), 16);
}

/// bce_dice reports its parts; string and bool parameters are accepted.
#[test]
fn extras_and_word_parameters() {
    let out = eval_ok(
        r#"{"shape": [1, 2], "target": [1, 0], "prob": [0.5, 0.25], "loss": "bce_dice",
            "params": {"squared": true, "w_bce": 1}}"#,
    );
    let (bce, dice) = (float(&out["parts"]["bce"]), float(&out["parts"]["dice_loss"]));
    // BCE = −(ln 0.5 + ln 0.75)/2; squared Dice = 1 − (2·0.5 + 1)/(1 + 0.3125 + 1).
    assert_close(&[bce], &[-(0.5f64.ln() + 0.75f64.ln()) / 2.0], 1e-15);
    assert_close(&[dice], &[1.0 - 2.0 / 2.3125], 1e-15);
    assert_close(&[float(&out["value"])], &[bce + dice], 1e-15);
    let wce = eval_ok(
        r#"{"shape": [1, 4], "target": [1, 0, 0, 0], "prob": [0.5, 0.5, 0.5, 0.5],
            "loss": "wce", "params": {"pos_weight": "balanced"}}"#,
    );
    // w⁺ = (4 − 1)/1 = 3: L = (3·ln 2 + 3·ln 2)/4.
    assert_close(&[float(&wce["value"])], &[1.5 * 2.0f64.ln()], 1e-15);
}
