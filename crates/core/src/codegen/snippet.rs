//! The one dispatch: a loss's code for a library (each library's file writes it). Its own file
//! so that the compound builder (`builder.rs`), which composes two losses' code, and `mod.rs`
//! both depend on it.

use super::common::{Library, Note, Snippet};
use super::{keras, monai, smp, torch};
use crate::params::bce_dice::WeightPreset;
use crate::{BatchReduction, LossConfig};

/// The code of `config` for `library`, reducing a batch by `reduction`.
pub fn snippet(config: &LossConfig, library: Library, reduction: BatchReduction) -> Snippet {
    let mut notes = Vec::new();
    let r = reduction;
    let code = match library {
        Library::Pytorch => torch::pytorch(config, r, &mut notes),
        Library::Monai => monai::monai(config, r, &mut notes),
        Library::Smp => smp::smp(config, r, &mut notes),
        Library::Keras => keras::keras(config, r, &mut notes),
    };
    if let LossConfig::BceDice(p) = config {
        if WeightPreset::of(p) != Some(WeightPreset::Libraries) {
            notes.push(Note::BceDiceWeights { w_bce: p.w_bce, w_dice: p.w_dice });
        }
    }
    Snippet { library, reduction, code, notes }
}

/// Every library's snippet for `config`, in [`Library::ALL`] order.
pub fn snippets(config: &LossConfig, reduction: BatchReduction) -> Vec<Snippet> {
    Library::ALL.iter().map(|&l| snippet(config, l, reduction)).collect()
}

#[cfg(test)]
mod tests {
    use super::super::common::py;
    use super::super::translations::{Argument, TRANSLATIONS};
    use super::*;

    /// Every argument the table names is in the snippet of each loss it holds for, with
    /// losslab's value (scaled where it says; swapped weights checked by their values).
    #[test]
    fn the_table_names_what_the_snippets_write() {
        let both = [BatchReduction::PerImage, BatchReduction::Pooled];
        for t in TRANSLATIONS {
            for (&loss, r) in t.losses.iter().flat_map(|l| both.map(|r| (l, r))) {
                let config = LossConfig::default_for(loss);
                let Snippet { code, notes, .. } = snippet(&config, t.library, r);
                if notes.iter().any(|n| matches!(n, Note::NoSmoothing | Note::Handwritten)) {
                    continue; // the library's call is not used for these settings
                }
                let value = match config.get(t.param.key) {
                    Some(crate::ParamValue::Number(x)) => Some(x),
                    _ => None,
                };
                let (name, shown) = match t.argument {
                    Argument::Named(n) | Argument::Swapped(n) => (n, value),
                    Argument::Scaled { name, factor } => (name, value.map(|x| x * factor)),
                    Argument::ByHand => continue,
                };
                // `name=value` or `name=torch.tensor(value)`.
                let after = code.split_once(&format!("{name}=")).map(|(_, rest)| rest);
                let ok = after.is_some_and(|rest| {
                    let head: String = rest.chars().take(24).collect();
                    // An integer parameter is a Python int (`iter_=3`), right after the `=`.
                    shown.is_none_or(|x| match t.param.control {
                        crate::KnobKind::Integer { .. } => head.starts_with(&format!("{x},")),
                        _ => head.contains(&py(x)),
                    })
                });
                assert!(ok, "{loss} {:?} {r:?}: {name} = {shown:?} in\n{code}", t.library);
            }
        }
    }
}
