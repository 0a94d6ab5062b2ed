//! How each runner is drawn: the only runner of a loss in the loss's colour, solid; several
//! runners of one loss (a parameter sweep) each in a colour of a dark-to-light sequence, in
//! the sweep's order, every other one dashed; the compound runner in near-black, a colour no
//! loss has; the multi-class runners each in a colour of the sequence, those without the
//! background class dashed. The legend, the charts, the summary's swatches and the
//! prediction pictures all ask here, and [`key`] gives each runner's word in the page's hooks.

use losslab_core::train::{Race, Runner};

/// The compound runner's colour.
const COMPOUND: (u8, u8, u8) = (0x1a, 0x1a, 0x1a);

/// A runner's word in `data-race-loss` and `data-race-pred`: its loss's name, `compound` for
/// the compound runner, its label for a multi-class runner (several train one loss).
pub fn key(runner: &Runner) -> String {
    match (runner.name, runner.objective().multi_class()) {
        (Some(name), _) => name.as_str().to_owned(),
        (None, Some(_)) => runner.label.clone(),
        (None, None) => "compound".to_owned(),
    }
}

/// A sequence of distinct colours, dark blue to orange (ColorBrewer-like, legible on white).
const SEQUENCE: [(u8, u8, u8); 8] = [
    (0x08, 0x30, 0x6b),
    (0x21, 0x71, 0xb5),
    (0x17, 0xa2, 0xb8),
    (0x2c, 0xa0, 0x2c),
    (0x8c, 0xa2, 0x1a),
    (0xe0, 0x8a, 0x0b),
    (0xd6, 0x27, 0x28),
    (0x8e, 0x24, 0x7a),
];

/// One runner's look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Look {
    /// Its colour.
    pub rgb: (u8, u8, u8),
    /// Whether its lines are dashed.
    pub dashed: bool,
}

impl Look {
    /// The colour as CSS `#rrggbb`.
    pub fn css(&self) -> String {
        let (r, g, b) = self.rgb;
        format!("#{r:02x}{g:02x}{b:02x}")
    }

    /// The CSS `style` of a legend swatch: the colour, in dashes for a dashed line.
    pub fn swatch(&self) -> String {
        let c = self.css();
        if self.dashed {
            format!("background: repeating-linear-gradient(90deg, {c} 0 5px, transparent 5px 8px)")
        } else {
            format!("background: {c}")
        }
    }
}

/// The look of runner `k` of `race`.
pub fn look(race: &Race, k: usize) -> Look {
    let runners = race.runners();
    let Some(me) = runners.get(k) else {
        return Look { rgb: (0, 0, 0), dashed: false };
    };
    if let Some(mc) = me.objective().multi_class() {
        let all: Vec<usize> = (0..runners.len())
            .filter(|&i| runners[i].objective().multi_class().is_some())
            .collect();
        let j = all.iter().position(|&i| i == k).unwrap_or(0);
        let at = j * (SEQUENCE.len() - 1) / (all.len() - 1).max(1);
        return Look { rgb: SEQUENCE[at.min(SEQUENCE.len() - 1)], dashed: !mc.include_background };
    }
    let Some(name) = me.name else {
        return Look { rgb: COMPOUND, dashed: false };
    };
    let same: Vec<usize> = (0..runners.len()).filter(|&i| runners[i].name == me.name).collect();
    if same.len() < 2 {
        return Look { rgb: name.rgb(), dashed: false };
    }
    let j = same.iter().position(|&i| i == k).unwrap_or(0);
    let at = j * (SEQUENCE.len() - 1) / (same.len() - 1).max(1);
    Look { rgb: SEQUENCE[at.min(SEQUENCE.len() - 1)], dashed: j % 2 == 1 }
}
