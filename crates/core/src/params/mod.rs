//! Loss names, parameters with the defaults of `losses.md`, and their validation.
//!
//! A [`LossConfig`] is what a person edits (plain fields, the article's defaults);
//! [`crate::Loss::new`] validates it once and gives something that can be evaluated.
//!
//! **Where a parameter is declared**: once, as a [`ParamSpec`] in its loss's file
//! (`wce.rs`, `focal.rs`, …), beside the loss's parameter struct and its defaults (the
//! struct's `Default`). [`LossName::params`] lists each loss's specs; `LossConfig`'s
//! `get`/`set`/`validate`/`param_names`, the knobs, the sweeps, the link, the CLI and code
//! export all read them.
//!
//! The files import one way: `config.rs` (`LossConfig`) → `name.rs` (`LossName`) →
//! `<loss>.rs` → `spec.rs` (`ParamSpec`, `ParamValue`) → `knob.rs`. A spec's `get`/`set`
//! take its loss's own struct as a `dyn Any`; this file only declares and re-exports.

/// Gives a word-valued option its words (as in JSON and `losses.md`): `WORDS`, `as_str`,
/// `parse` — one table, read both ways.
macro_rules! words {
    ($ty:ident { $($variant:ident => $word:literal),+ $(,)? }) => {
        impl $ty {
            /// Every option with its word.
            pub const WORDS: &'static [($ty, &'static str)] = &[$(($ty::$variant, $word)),+];
            /// This option's word.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $word),+
                }
            }
            /// The option named `word`, if any.
            pub fn parse(word: &str) -> Option<$ty> {
                Self::WORDS.iter().find(|(_, w)| *w == word).map(|(v, _)| *v)
            }
            /// `one of "a", "b"`: what a refusal says is allowed.
            pub fn allowed() -> String {
                let quoted: Vec<String> =
                    Self::WORDS.iter().map(|(_, w)| format!("\"{w}\"")).collect();
                format!("one of {}", quoted.join(", "))
            }
        }
    };
}

mod config;
mod knob;
mod name;
mod spec;
#[cfg(test)]
mod tests;

pub mod bce_dice;
pub mod boundary;
pub mod cldice;
pub mod combo;
pub mod dice;
pub mod dice_ce;
pub mod dice_cldice;
pub mod dice_focal;
pub mod focal;
pub mod focal_tversky;
pub mod generalized_dice;
pub mod hausdorff_dt;
pub mod iou;
pub mod log_cosh_dice;
pub mod multiclass;
pub mod sensitivity_specificity;
pub mod topk_ce;
pub mod tversky;
pub mod unified_focal;
pub mod wce;

pub use config::{LossConfig, ParamError};
pub use knob::{Knob, KnobKind, SLIDER_STEPS};
pub use name::LossName;
pub use spec::{ParamSpec, ParamTable, ParamValue, Valid};

pub use bce_dice::BceDiceParams;
pub use boundary::BoundaryParams;
pub use cldice::CldiceParams;
pub use combo::{ComboForm, ComboParams};
pub use dice::DiceParams;
pub use dice_ce::DiceCeParams;
pub use dice_cldice::DiceCldiceParams;
pub use dice_focal::DiceFocalParams;
pub use focal::{FocalParams, FocalReduction};
pub use focal_tversky::FocalTverskyParams;
pub use generalized_dice::{AbsentPolicy, GeneralizedDiceParams, WeightType, GDL_WEIGHT_EPS};
pub use hausdorff_dt::HausdorffDtParams;
pub use iou::{EmptyPolicy, IouParams};
pub use log_cosh_dice::LogCoshDiceParams;
pub use sensitivity_specificity::SensitivitySpecificityParams;
pub use topk_ce::TopKParams;
pub use tversky::TverskyParams;
pub use unified_focal::UnifiedFocalParams;
pub use wce::{PosWeight, WceParams};
