//! The losses each tour step is about: what presenter mode keeps on the board. The step's
//! own loss (`steps.rs`'s `current`) comes first, then the losses its claim
//! (`claims.md`) and its figure compare it with.

use super::settings::DICE_CE_STEP;
#[cfg(test)]
use super::settings::TOUR_STEPS;
use losslab_core::LossName;
use LossName::*;

/// The losses tour step `step` (1..=`TOUR_STEPS`) is about; empty outside the tour.
pub fn step_losses(step: usize) -> &'static [LossName] {
    match step {
        // C1: cross-entropy lets the background dominate; the weighted one is its remedy.
        1 => &[Bce, Wce],
        // C2: the positive weight of weighted CE, against plain BCE.
        2 => &[Wce, Bce],
        // C3: focal loss down-weights the easy pixels BCE counts alike.
        3 => &[Focal, Bce],
        // C4: Dice's gradient against cross-entropy's.
        4 => &[Dice, Bce],
        // C5: IoU's training curve, with Dice's and BCE's (the figure's three).
        5 => &[Iou, Dice, Bce],
        // C6: Tversky generalises Dice (α = β = 0.5) and Jaccard (α = β = 1).
        6 => &[Tversky, Dice, Iou],
        // C7: sensitivity–specificity's weights, on its own.
        7 => &[SensitivitySpecificity],
        // C8: a few pixels move Dice; generalised Dice weighs the classes.
        8 => &[Dice, GeneralizedDice],
        // C9: BCE + Dice and its two parts.
        9 => &[BceDice, Bce, Dice],
        // C10: cropping changes the imbalance Dice and BCE see.
        10 => &[Dice, Bce],
        // C11: undersampling empty images, raced with Dice and BCE.
        11 => &[Dice, Bce],
        // The compound losses' gradient-map steps (learn helper).
        // 12: top-k CE keeps only the hardest pixels; BCE pulls on every pixel.
        12 => &[TopkCe, Bce],
        // 13: the Lovász hinge's gradient on the errors only, against soft IoU's everywhere.
        13 => &[LovaszHinge, Iou],
        // The race helper's step: Dice + CE against Dice alone and BCE.
        DICE_CE_STEP => &[DiceCe, Dice, Bce],
        // The geometry losses: clDice punishes a broken vessel Dice barely notices; the
        // Hausdorff-DT loss a far-off speck Dice forgives.
        15 => &[Cldice, Dice],
        16 => &[HausdorffDt, Dice],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_names_its_losses_once() {
        for n in 1..=TOUR_STEPS {
            let losses = step_losses(n);
            assert!(!losses.is_empty(), "step {n}");
            for (i, l) in losses.iter().enumerate() {
                assert!(!losses[..i].contains(l), "step {n} names {l:?} twice");
            }
        }
        assert!(step_losses(0).is_empty());
        for n in 1..=TOUR_STEPS {
            let current = crate::ui::learn::steps::get(n).map(|s| s.current);
            assert_eq!(step_losses(n).first().copied(), current, "step {n}'s own loss first");
        }
        assert!(step_losses(TOUR_STEPS + 1).is_empty());
    }
}
