//! [`TRANSLATIONS`]: where each of losslab's parameters goes in each library (swapped,
//! scaled, renamed, or written by hand), and what the snippets read from it.

use super::common::{py, Library, Note};
use crate::params::{cldice, dice, dice_ce, dice_focal, focal, focal_tversky, iou, tversky, wce};
use crate::{LossName, ParamSpec, TverskyParams};

/// Where one of losslab's parameters goes in a library's call.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Argument {
    /// The library's argument of this name, same meaning, same value.
    Named(&'static str),
    /// The library's argument of this name, which means losslab's other weight: Tversky's α
    /// (false negatives) is MONAI's and smp's `beta`, β is their `alpha`.
    Swapped(&'static str),
    /// The library's argument `name` takes losslab's value times `factor` (its smoothing
    /// sits elsewhere in the formula).
    Scaled {
        /// The library's argument.
        name: &'static str,
        /// What losslab's value is multiplied by.
        factor: f64,
    },
    /// The library has no option for it: the snippet writes it with tensor ops
    /// ([`Note::NotExpressible`]).
    ByHand,
}

/// One row of [`TRANSLATIONS`].
#[derive(Debug, Clone, Copy)]
pub struct Translation {
    /// The library.
    pub library: Library,
    /// The losses the row holds for.
    pub losses: &'static [LossName],
    /// losslab's parameter.
    pub param: &'static ParamSpec,
    /// Where it goes.
    pub argument: Argument,
}

const TVERSKY_LOSSES: &[LossName] = &[LossName::Tversky, LossName::FocalTversky];
const DICE_LOSSES: &[LossName] = &[LossName::Dice, LossName::BceDice];
/// The losses with MONAI's soft skeleton (`iter_`).
const CLDICE_LOSSES: &[LossName] = &[LossName::Cldice, LossName::DiceCldice];
/// The losses with MONAI's Dice part (`smooth_nr`, `smooth_dr`).
pub(super) const MONAI_DICE_LOSSES: &[LossName] = &[LossName::DiceCe, LossName::DiceFocal];

const fn row(
    library: Library,
    losses: &'static [LossName],
    param: &'static ParamSpec,
    argument: Argument,
) -> Translation {
    Translation { library, losses, param, argument }
}

/// Where losslab's parameters go where a library names, places or scales them differently
/// (or cannot take them); a parameter not listed is passed under its own key or written
/// into the snippet's formula. The snippets read their swaps, factors and refusals here.
/// A library name that is also one of losslab's keys is written as that key's spec.
pub const TRANSLATIONS: &[Translation] = &[
    row(Library::Pytorch, &[LossName::Wce], &wce::POS_WEIGHT, Argument::Named(wce::POS_WEIGHT.key)),
    row(Library::Smp, &[LossName::Wce], &wce::POS_WEIGHT, Argument::Named(wce::POS_WEIGHT.key)),
    row(Library::Keras, &[LossName::Wce], &wce::POS_WEIGHT, Argument::ByHand),
    row(Library::Monai, TVERSKY_LOSSES, &tversky::ALPHA, Argument::Swapped(tversky::BETA.key)),
    row(Library::Monai, TVERSKY_LOSSES, &tversky::BETA, Argument::Swapped(tversky::ALPHA.key)),
    row(Library::Smp, TVERSKY_LOSSES, &tversky::ALPHA, Argument::Swapped(tversky::BETA.key)),
    row(Library::Smp, TVERSKY_LOSSES, &tversky::BETA, Argument::Swapped(tversky::ALPHA.key)),
    row(Library::Keras, &[LossName::Tversky], &tversky::ALPHA, Argument::Named(tversky::ALPHA.key)),
    row(Library::Keras, &[LossName::Tversky], &tversky::BETA, Argument::Named(tversky::BETA.key)),
    row(Library::Monai, &[LossName::FocalTversky], &focal_tversky::GAMMA, Argument::ByHand),
    row(Library::Monai, &[LossName::Focal], &focal::ALPHA, Argument::Named(focal::ALPHA.key)),
    row(Library::Smp, &[LossName::Focal], &focal::ALPHA, Argument::Named(focal::ALPHA.key)),
    row(Library::Keras, &[LossName::Focal], &focal::ALPHA, Argument::Named(focal::ALPHA.key)),
    row(Library::Monai, DICE_LOSSES, &dice::SQUARED, Argument::Named("squared_pred")),
    row(Library::Smp, DICE_LOSSES, &dice::SQUARED, Argument::ByHand),
    row(
        Library::Smp,
        DICE_LOSSES,
        &dice::SMOOTH,
        Argument::Scaled { name: dice::SMOOTH.key, factor: 0.5 },
    ),
    row(Library::Keras, DICE_LOSSES, &dice::SMOOTH, Argument::ByHand),
    row(
        Library::Monai,
        &[LossName::Iou],
        &iou::EPS,
        Argument::Scaled { name: "smooth_nr", factor: 2.0 },
    ),
    row(Library::Smp, &[LossName::Iou], &iou::EPS, Argument::Named(dice::SMOOTH.key)),
    row(Library::Monai, &[LossName::Iou], &iou::EMPTY, Argument::ByHand),
    row(Library::Smp, &[LossName::Iou], &iou::EMPTY, Argument::ByHand),
    row(
        Library::Pytorch,
        &[LossName::DiceCe],
        &dice_ce::POS_WEIGHT,
        Argument::Named(wce::POS_WEIGHT.key),
    ),
    row(Library::Monai, &[LossName::DiceCe], &dice_ce::W_DICE, Argument::Named("lambda_dice")),
    row(Library::Monai, &[LossName::DiceCe], &dice_ce::W_CE, Argument::Named("lambda_ce")),
    row(Library::Monai, &[LossName::DiceCe], &dice_ce::POS_WEIGHT, Argument::Named("weight")),
    row(
        Library::Monai,
        &[LossName::DiceFocal],
        &dice_focal::W_DICE,
        Argument::Named("lambda_dice"),
    ),
    row(
        Library::Monai,
        &[LossName::DiceFocal],
        &dice_focal::W_FOCAL,
        Argument::Named("lambda_focal"),
    ),
    // smp's Dice is (TP + s)/((Σy + Σp)/2 + s): one `smooth`, half of MONAI's two (equal) terms.
    row(
        Library::Smp,
        MONAI_DICE_LOSSES,
        &dice_ce::SMOOTH_NR,
        Argument::Scaled { name: dice::SMOOTH.key, factor: 0.5 },
    ),
    row(
        Library::Smp,
        MONAI_DICE_LOSSES,
        &dice_ce::SMOOTH_DR,
        Argument::Scaled { name: dice::SMOOTH.key, factor: 0.5 },
    ),
    row(
        Library::Smp,
        &[LossName::DiceCe],
        &dice_ce::POS_WEIGHT,
        Argument::Named(wce::POS_WEIGHT.key),
    ),
    // MONAI's skeleton iterations (an int: MONAI raises a TypeError on a float).
    row(Library::Monai, CLDICE_LOSSES, &cldice::ITERATIONS, Argument::Named("iter_")),
];

/// Where `loss`'s parameter `param` goes in `library`, if [`TRANSLATIONS`] says.
pub fn translation(library: Library, loss: LossName, param: &ParamSpec) -> Option<Argument> {
    TRANSLATIONS
        .iter()
        .find(|t| t.library == library && t.losses.contains(&loss) && t.param.key == param.key)
        .map(|t| t.argument)
}

/// The library's value for losslab's `value` of `param` (scaled where [`TRANSLATIONS`] says).
pub(super) fn scaled(library: Library, loss: LossName, param: &ParamSpec, value: f64) -> f64 {
    match translation(library, loss, param) {
        Some(Argument::Scaled { factor, .. }) => value * factor,
        _ => value,
    }
}

/// The note for a parameter the library cannot take (`ByHand` in [`TRANSLATIONS`]).
pub(super) fn by_hand(library: Library, loss: LossName, param: &'static ParamSpec) -> Option<Note> {
    (translation(library, loss, param) == Some(Argument::ByHand))
        .then_some(Note::NotExpressible { setting: param.key })
}

/// `alpha=…, beta=…`: Tversky's two weights under the library's names (swapped where
/// [`TRANSLATIONS`] says), the library's `alpha` first.
pub(super) fn tversky_weights(library: Library, loss: LossName, t: &TverskyParams) -> String {
    let name = |spec: &'static ParamSpec| match translation(library, loss, spec) {
        Some(Argument::Named(n) | Argument::Swapped(n) | Argument::Scaled { name: n, .. }) => n,
        _ => spec.key,
    };
    let mut args = [(name(&tversky::ALPHA), t.alpha), (name(&tversky::BETA), t.beta)];
    args.sort_by_key(|(n, _)| *n);
    let args: Vec<String> = args.iter().map(|(n, v)| format!("{n}={}", py(*v))).collect();
    args.join(", ")
}

/// Whether the library swaps Tversky's weights ([`Note::TverskySwapped`]).
pub(super) fn tversky_swapped(library: Library, loss: LossName) -> bool {
    matches!(translation(library, loss, &tversky::ALPHA), Some(Argument::Swapped(_)))
}
