//! The pure loss core of losslab: every loss of the article, its value and analytic
//! gradients with respect to probabilities and logits, in one call.
//!
//! No web types here: this crate compiles and tests natively and for `wasm32`. The contract
//! is `shared/docs/losses.md`; each loss lives in one file under `losses/` with its formula.
//!
//! ```
//! use losslab_core::{Binary, Loss, LossName};
//! let target = [0.0, 1.0, 1.0, 0.0];
//! let prob = [0.1, 0.8, 0.6, 0.2];
//! let eval = Loss::default_for(LossName::Dice).evaluate(Binary::new(&target, &prob).unwrap());
//! assert!((eval.value - (1.0 - (2.0 * 1.4 + 1.0) / (2.0 + 1.7 + 1.0))).abs() < 1e-12);
//! ```

mod builder;
mod clamp;
pub mod codegen;
mod counts;
pub mod data;
mod eval;
mod geometry;
mod input;
mod kernel;
mod losses;
pub mod maps;
pub mod multiclass;
mod needs;
mod order;
pub mod overlay;
pub mod params;
mod pixel;
mod ratio;
pub mod scene;
pub mod share;
mod summary;
pub mod sweep;
pub mod train;

pub use builder::{
    Compound, CompoundError, CompoundEvaluation, CompoundSpec, Schedule, Term, MAX_SCHEDULE_STEPS,
    MAX_WEIGHT,
};
pub use clamp::EPS;
pub use counts::SoftCounts;
pub use eval::{BatchReduction, BceDiceParts, Evaluation, Loss};
pub use geometry::{distance_field, edt, signed_distance, soft_dilate, soft_erode, soft_skeleton};
pub use input::{Binary, InputError, MultiClass};
pub use losses::cross_entropy::{balanced_weight, BALANCED_WEIGHT_CAP};
pub use losses::ranking::top_k_count;
pub use losses::sensitivity_specificity::pixel_weights as sensitivity_specificity_weights;
pub use losses::tversky::FOCAL_TVERSKY_FLOOR;
pub use needs::{Geometry, Needs, Order};
pub use params::{
    AbsentPolicy, BceDiceParams, BoundaryParams, CldiceParams, ComboForm, ComboParams,
    DiceCeParams, DiceCldiceParams, DiceFocalParams, DiceParams, EmptyPolicy, FocalParams,
    FocalReduction, FocalTverskyParams, GeneralizedDiceParams, HausdorffDtParams, IouParams, Knob,
    KnobKind, LogCoshDiceParams, LossConfig, LossName, ParamError, ParamSpec, ParamValue,
    PosWeight, SensitivitySpecificityParams, TopKParams, TverskyParams, UnifiedFocalParams,
    WceParams, WeightType, GDL_WEIGHT_EPS, SLIDER_STEPS,
};
pub use pixel::Pixel;
pub use summary::{GradientSummary, TARGET_THRESHOLD};

/// `σ(z)`, computed without overflow for any finite `z`.
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// Softmax over `classes` planes of a class-major buffer, in place.
pub fn softmax_planes(logits: &mut [f64], classes: usize) {
    if classes == 0 || !logits.len().is_multiple_of(classes) {
        return;
    }
    let n = logits.len() / classes;
    for i in 0..n {
        let max = (0..classes).map(|l| logits[l * n + i]).fold(f64::NEG_INFINITY, f64::max);
        let mut total = 0.0;
        for l in 0..classes {
            let e = (logits[l * n + i] - max).exp();
            logits[l * n + i] = e;
            total += e;
        }
        for l in 0..classes {
            logits[l * n + i] /= total;
        }
    }
}
