//! The charts' English text, by key. The app looks the same keys up (prefixed `curves.`) in
//! its i18n table, so a chart follows the page's language; the command line uses these.

use losslab_core::sweep::Curve;

/// `(key, English)`: titles (`.title`), axis descriptions (`.x`, `.y`) per `figure.panel`,
/// figure titles (`figure.<id>`) and a few words.
pub const ENGLISH: &[(&str, &str)] = &[
    ("figure.pixel-curves", "Loss and gradient against one pixel's p"),
    ("figure.size-sweep", "Loss and gradient against object size (current prediction model)"),
    ("figure.pixel-sensitivity", "One more missed object pixel, against object size"),
    ("figure.param-sweep", "Loss against its hyperparameters (current scene)"),
    (
        "figure.crop-sweep",
        "Crop around the object (remedy 3): the window tightens from right to left",
    ),
    ("pixel-curves.value.title", "Change of the loss as one scene pixel's p varies"),
    ("pixel-curves.value.x", "p at that pixel (others fixed)"),
    ("pixel-curves.value.y", "L(p) − L(now), whole image"),
    ("pixel-curves.grad_prob.title", "∂L/∂p at that pixel"),
    ("pixel-curves.grad_prob.x", "p at that pixel"),
    ("pixel-curves.grad_prob.y", "∂L/∂p (per unit p)"),
    ("pixel-curves.grad_logit.title", "∂L/∂z at that pixel"),
    ("pixel-curves.grad_logit.x", "p at that pixel"),
    ("pixel-curves.grad_logit.y", "∂L/∂z (per unit logit)"),
    ("pixel-curves.article.title", "Article, 1-pixel image: p − t vs 2t²/(p+t)²"),
    ("pixel-curves.article.x", "p (log)"),
    ("pixel-curves.article.y", "gradient (CE: ∂L/∂z; Dice: −∂L/∂p)"),
    ("pixel-curves.focal_value.title", "Focal loss, 1 pixel, t = 1, γ = 0…5"),
    ("pixel-curves.focal_value.x", "p"),
    ("pixel-curves.focal_value.y", "loss"),
    ("pixel-curves.focal_grad.title", "Focal ∂L/∂z, 1 pixel, t = 1"),
    ("pixel-curves.focal_grad.x", "p"),
    ("pixel-curves.focal_grad.y", "∂L/∂z"),
    ("size-sweep.value.title", "Loss against object area"),
    ("size-sweep.value.x", "object area (pixels, log)"),
    ("size-sweep.value.y", "loss"),
    ("size-sweep.max_grad.title", "max |∂L/∂z| on the object"),
    ("size-sweep.max_grad.x", "object area (pixels, log)"),
    ("size-sweep.max_grad.y", "max |∂L/∂z| (log)"),
    ("size-sweep.ratio.title", "… divided by BCE's"),
    ("size-sweep.ratio.x", "object area (pixels, log)"),
    ("size-sweep.ratio.y", "ratio to BCE (log)"),
    ("pixel-sensitivity.delta.title", "Change ΔL from one more missed pixel"),
    ("pixel-sensitivity.delta.x", "object area n (pixels, log)"),
    ("pixel-sensitivity.delta.y", "ΔL (loss units, log)"),
    ("pixel-sensitivity.relative.title", "Relative change ΔL / L"),
    ("pixel-sensitivity.relative.x", "object area n (pixels, log)"),
    ("pixel-sensitivity.relative.y", "ΔL / L (log)"),
    ("pixel-sensitivity.gdl_weights.title", "Generalized Dice class weights"),
    ("pixel-sensitivity.gdl_weights.x", "object area (pixels, log)"),
    ("pixel-sensitivity.gdl_weights.y", "class weight (log)"),
    ("param-sweep.sweep.title", "Loss against {param}"),
    ("param-sweep.sweep.x", "{param}"),
    ("param-sweep.sweep.y", "loss"),
    ("param-sweep.tversky.title", "Tversky: α = β and β = 1 − α"),
    ("param-sweep.tversky.x", "α (false negatives)"),
    ("param-sweep.tversky.y", "loss"),
    ("param-sweep.sens_lambda.title", "Sens.–spec. weight per pixel vs λ"),
    ("param-sweep.sens_lambda.x", "λ"),
    ("param-sweep.sens_lambda.y", "weight per pixel (log)"),
    ("param-sweep.sens_size.title", "… vs object area (current λ)"),
    ("param-sweep.sens_size.x", "object area (pixels, log)"),
    ("param-sweep.sens_size.y", "weight per pixel (log)"),
    ("param-sweep.focal_share.title", "Focal: share of Σℓ against γ"),
    ("param-sweep.focal_share.x", "γ"),
    ("param-sweep.focal_share.y", "share of the summed loss"),
    ("param-sweep.focal_reduction.title", "Focal: sum, mean, per_positive"),
    ("param-sweep.focal_reduction.x", "γ"),
    ("param-sweep.focal_reduction.y", "loss (log)"),
    ("param-sweep.focal_tversky.title", "Focal Tversky: gradient gain from the exponent γ"),
    ("param-sweep.focal_tversky.x", "γ in (1 − T)^γ"),
    ("param-sweep.focal_tversky.y", "object ∂L/∂p ÷ Tversky's (log)"),
    ("crop-sweep.fraction.title", "Foreground fraction of the crop"),
    ("crop-sweep.fraction.x", "crop side (pixels, log)"),
    ("crop-sweep.fraction.y", "Sy / N (log)"),
    ("crop-sweep.value.title", "Loss on the crop"),
    ("crop-sweep.value.x", "crop side (pixels, log)"),
    ("crop-sweep.value.y", "loss"),
    ("crop-sweep.max_grad.title", "max |∂L/∂z| on the object"),
    ("crop-sweep.max_grad.x", "crop side (pixels, log)"),
    ("crop-sweep.max_grad.y", "max |∂L/∂z| (log)"),
    ("computing", "computing…"),
    ("no-data", "no data"),
    // Curve variants in words (the others are formulas or numbers and stay as they are).
    ("variant.foreground fraction", "foreground fraction"),
    ("variant.target pixel λ/(Sy+s)", "target pixel λ/(Sy+s)"),
    ("variant.background pixel (1−λ)/(N−Sy+s)", "background pixel (1−λ)/(N−Sy+s)"),
    ("variant.easy negatives", "easy negatives"),
    ("variant.object pixels", "object pixels"),
    ("variant.hard masks, s=0", "hard masks, s=0"),
    ("variant.1/n (one pixel's share)", "1/n (one pixel's share)"),
    ("variant.w₁ (object)", "w₁ (object)"),
    ("variant.w₀ (background)", "w₀ (background)"),
    ("variant.w₁ when the object is absent", "w₁ when the object is absent"),
];

/// `(key, English)` of the multi-class view's class-size sweep (`class-size-sweep`), kept apart
/// from [`ENGLISH`] until the app's i18n tables carry them (the app falls back to these through
/// [`english`]); the same key scheme.
pub const MULTICLASS: &[(&str, &str)] = &[
    (
        "figure.class-size-sweep",
        "Multi-class losses against the area of one class (another stays large)",
    ),
    ("class-size-sweep.value.title", "Loss against the swept class's area"),
    ("class-size-sweep.value.x", "swept class area (pixels, log)"),
    ("class-size-sweep.value.y", "loss"),
    ("class-size-sweep.gdl_weight.title", "Generalized Dice weight of the swept class"),
    ("class-size-sweep.gdl_weight.x", "swept class area (pixels, log)"),
    ("class-size-sweep.gdl_weight.y", "weight 1/(Σy² + ε) (log)"),
    ("class-size-sweep.grad_share.title", "Share of |∂L/∂z| on the swept class"),
    ("class-size-sweep.grad_share.x", "swept class area (pixels, log)"),
    ("class-size-sweep.grad_share.y", "share of the gradient mass"),
    ("variant.with background", "with background"),
    ("variant.without background", "without background"),
    ("variant.w (swept class)", "w (swept class)"),
    ("variant.pixel share n/N", "pixel share n/N"),
];

/// Whether `key` is one of the charts' text keys.
fn known(key: &str) -> bool {
    ENGLISH.iter().chain(MULTICLASS).any(|(k, _)| *k == key)
}

/// A curve's name in the chart's language (`tr`, as [`crate::draw`] takes it): its loss and
/// its variant, or the variant alone when `variant_only` (a panel of one loss's curves). A
/// variant in words is looked up as `variant.<English>`; formulas and numbers stay as they are.
pub fn curve_label(curve: &Curve, tr: &dyn Fn(&str) -> String, variant_only: bool) -> String {
    let key = format!("variant.{}", curve.variant);
    let variant = if known(&key) { tr(&key) } else { curve.variant.clone() };
    match (curve.loss, variant.is_empty()) {
        (Some(l), true) => l.as_str().to_string(),
        (Some(_), false) if variant_only => variant,
        (Some(l), false) => format!("{l} {variant}"),
        (None, _) => variant,
    }
}

/// A curve variant in the chart's language: `variant.<English>` when it is in words, else (a
/// formula, a number) as it is.
pub fn variant_text(variant: &str, tr: &dyn Fn(&str) -> String) -> String {
    let key = format!("variant.{variant}");
    if known(&key) {
        tr(&key)
    } else {
        variant.to_string()
    }
}

/// The English text of `key`; the key itself if missing (a test forbids that).
pub fn english(key: &str) -> String {
    ENGLISH
        .iter()
        .chain(MULTICLASS)
        .find(|(k, _)| *k == key)
        .map_or_else(|| key.to_string(), |(_, t)| t.to_string())
}

/// Advance widths of DejaVu Sans (the embedded font, and the sans-serif of Debian's browser)
/// for the printable ASCII characters `' '..='~'`, in thousandths of an em (read from the
/// font's `hmtx` table). Other sans-serif fonts are about as wide or narrower.
const ASCII_WIDTHS: [u16; 95] = [
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636,
    636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632,
    575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685,
    611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579,
    278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
];

/// The width of `text` at a font of `size` pixels, an upper estimate that needs no font:
/// DejaVu Sans's widths for ASCII, a full em for every other character (Chinese characters
/// and full-width punctuation are one em; Greek letters, `∂`, `−`, `…` at most one). Used to
/// lay out the legend, fit panel titles, and by the tests that no text leaves a figure.
pub fn text_width(text: &str, size: f64) -> f64 {
    let ems: u32 = text
        .chars()
        .map(|c| match c {
            ' '..='~' => u32::from(ASCII_WIDTHS[c as usize - 32]),
            _ => 1000,
        })
        .sum();
    f64::from(ems) / 1000.0 * size
}
