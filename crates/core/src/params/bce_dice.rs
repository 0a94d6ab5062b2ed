//! BCE + Dice's parameters: `w_bce`, `w_dice`, then Dice's `smooth` and `squared`.

use super::dice::{self, DiceParams};
use super::knob::KnobKind;
use super::spec::{number, own, own_mut, table, ParamSpec, ParamTable, ParamValue, Valid};
use serde::{Deserialize, Serialize};

/// BCE + Dice's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BceDiceParams {
    /// Weight of the BCE term, ≥ 0.
    pub w_bce: f64,
    /// Weight of the Dice-loss term, ≥ 0.
    pub w_dice: f64,
    /// The Dice term's own parameters.
    pub dice: DiceParams,
}

impl Default for BceDiceParams {
    fn default() -> Self {
        BceDiceParams { w_bce: 1e-3, w_dice: 1.0, dice: DiceParams::default() }
    }
}

/// `w_bce`: the weight of the BCE part.
pub const W_BCE: ParamSpec = ParamSpec {
    key: "w_bce",
    label: "w_bce",
    help: "weight of the BCE part (the article: 1e-3)",
    control: KnobKind::Number { min: 0.0, max: 100.0, log_floor: Some(1e-6) },
    valid: Some(Valid::NON_NEGATIVE),
    digits: 3,
    unit: "",
    get: |p| own::<BceDiceParams>(p).map(|p| ParamValue::Number(p.w_bce)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<BceDiceParams>(p)?.w_bce = x;
        Ok(())
    },
};

/// `w_dice`: the weight of the Dice part.
pub const W_DICE: ParamSpec = ParamSpec {
    key: "w_dice",
    label: "w_dice",
    help: "weight of the Dice part",
    control: KnobKind::Number { min: 0.0, max: 100.0, log_floor: Some(1e-3) },
    valid: Some(Valid::NON_NEGATIVE),
    digits: 3,
    unit: "",
    get: |p| own::<BceDiceParams>(p).map(|p| ParamValue::Number(p.w_dice)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<BceDiceParams>(p)?.w_dice = x;
        Ok(())
    },
};

/// `smooth`: Dice's (its key, label, help and range), on the Dice part.
pub const SMOOTH: ParamSpec = ParamSpec {
    get: |p| (dice::SMOOTH.get)(&own::<BceDiceParams>(p)?.dice),
    set: |p, v| (dice::SMOOTH.set)(&mut own_mut::<BceDiceParams>(p)?.dice, v),
    ..dice::SMOOTH
};

/// `squared`: Dice's, on the Dice part.
pub const SQUARED: ParamSpec = ParamSpec {
    get: |p| (dice::SQUARED.get)(&own::<BceDiceParams>(p)?.dice),
    set: |p, v| (dice::SQUARED.set)(&mut own_mut::<BceDiceParams>(p)?.dice, v),
    ..dice::SQUARED
};

/// BCE + Dice's parameters.
pub const PARAMS: ParamTable = table![W_BCE, W_DICE, SMOOTH, SQUARED];

/// The two weightings people use for BCE + Dice: the article's (the `Default`, `w_bce` 1e-3,
/// which makes the sum almost pure Dice) and the libraries' 1 : 1 (MONAI's `DiceCELoss`
/// defaults, `lambda_dice = 1.0`, `lambda_ce = 1.0`, its CE part `BCEWithLogitsLoss` for one
/// channel: MONAI 1.6 `monai/losses/dice.py`). A preset sets only the two weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeightPreset {
    /// The article's `1e-3·BCE + (1 − D)`.
    Article,
    /// MONAI's default `1·BCE + 1·(1 − D)`.
    Libraries,
}

impl WeightPreset {
    /// Both presets, the article's first.
    pub const ALL: [WeightPreset; 2] = [WeightPreset::Article, WeightPreset::Libraries];

    /// The preset's word (hooks, links).
    pub fn as_str(self) -> &'static str {
        match self {
            WeightPreset::Article => "article",
            WeightPreset::Libraries => "libraries",
        }
    }

    /// The preset named `word`.
    pub fn parse(word: &str) -> Option<WeightPreset> {
        WeightPreset::ALL.into_iter().find(|p| p.as_str() == word)
    }

    /// `(w_bce, w_dice)`.
    pub fn weights(self) -> (f64, f64) {
        match self {
            WeightPreset::Article => {
                let d = BceDiceParams::default();
                (d.w_bce, d.w_dice)
            }
            WeightPreset::Libraries => (1.0, 1.0),
        }
    }

    /// The preset `p`'s weights are exactly, if any.
    pub fn of(p: &BceDiceParams) -> Option<WeightPreset> {
        WeightPreset::ALL.into_iter().find(|w| w.weights() == (p.w_bce, p.w_dice))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_are_the_article_and_monai_defaults() {
        // The article's `dice_p_bce`: 1e-3·BCE + (1 − D) (its code: `1e-3*binary_crossentropy`).
        assert_eq!(WeightPreset::Article.weights(), (1e-3, 1.0));
        // MONAI 1.6 DiceCELoss.__init__: `lambda_dice: float = 1.0, lambda_ce: float = 1.0`.
        assert_eq!(WeightPreset::Libraries.weights(), (1.0, 1.0));
        assert_eq!(WeightPreset::of(&BceDiceParams::default()), Some(WeightPreset::Article));
        let p = BceDiceParams { w_bce: 0.5, ..BceDiceParams::default() };
        assert_eq!(WeightPreset::of(&p), None);
        for w in WeightPreset::ALL {
            assert_eq!(WeightPreset::parse(w.as_str()), Some(w));
        }
        assert_eq!(WeightPreset::parse("custom"), None);
    }
}
