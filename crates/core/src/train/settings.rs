//! Every setting of the race in one plain struct, with the presets that reproduce the
//! article's claims, and `pairs`/`apply` for the page link (keys `race.*`).
//!
//! Which losses race is a [`LossGroup`] (`race.group`: the article's ten by default, the
//! seven compound losses with Dice as the reference, all of them) or a list of one's own
//! (`race.losses`, group `custom`); a compound runner ([`CompoundRunner`], `race.compound`)
//! can join them, built by the person (the board's builder) or the boundary-loss ramp.

use super::classes::CLASSES;
use super::mc_objective::McObjective;
use super::objective::Objective;
use super::optim::Optimizer;
use crate::{
    BatchReduction, CompoundSpec, Loss, LossConfig, LossName, ParamValue, Schedule,
    MAX_SCHEDULE_STEPS,
};

/// Sets of losses that race together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LossGroup {
    /// The article's ten (`losses.md`): the default, and every preset of the article's claims.
    Article,
    /// The seven of `losses-compound.md`, with Dice as the reference.
    Compound,
    /// The four of `losses-geometry.md`, with Dice as the reference.
    Geometry,
    /// Every loss.
    All,
    /// A list of one's own (`race.losses`).
    Custom,
}

impl LossGroup {
    /// Every group, in the menu's order.
    pub const ALL: [LossGroup; 5] = [
        LossGroup::Article,
        LossGroup::Compound,
        LossGroup::Geometry,
        LossGroup::All,
        LossGroup::Custom,
    ];

    /// Its word in the menu's values and links.
    pub fn as_str(self) -> &'static str {
        match self {
            LossGroup::Article => "article",
            LossGroup::Compound => "compound",
            LossGroup::Geometry => "geometry",
            LossGroup::All => "all",
            LossGroup::Custom => "custom",
        }
    }

    /// Parses [`LossGroup::as_str`].
    pub fn parse(text: &str) -> Option<LossGroup> {
        LossGroup::ALL.into_iter().find(|g| g.as_str() == text)
    }

    /// The group's losses, in the order of [`LossName::ALL`] (`None` for a custom list).
    pub fn losses(self) -> Option<Vec<LossName>> {
        match self {
            LossGroup::Article => Some(LossName::ARTICLE.to_vec()),
            LossGroup::Compound => {
                Some([LossName::Dice].into_iter().chain(LossName::COMPOUND).collect())
            }
            LossGroup::Geometry => {
                Some([LossName::Dice].into_iter().chain(LossName::GEOMETRY).collect())
            }
            LossGroup::All => Some(LossName::ALL.to_vec()),
            LossGroup::Custom => None,
        }
    }
}

/// The compound runner: none, the one the person builds, or the boundary-loss ramp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CompoundRunner {
    /// No compound runner.
    #[default]
    Off,
    /// The board's builder (`compound.*`): its two losses with the board's parameters, its
    /// weights and schedule.
    Builder,
    /// [`ramp_spec`]: Dice's weight handed over to [`RAMP_SECOND`] linearly over the race.
    Ramp,
    /// [`boundary_ramp_spec`]: generalized Dice + the boundary loss, the boundary-loss paper's
    /// own pairing and schedule.
    BoundaryRamp,
}

impl CompoundRunner {
    /// Every choice, in the menu's order.
    pub const ALL: [CompoundRunner; 4] = [
        CompoundRunner::Off,
        CompoundRunner::Builder,
        CompoundRunner::Ramp,
        CompoundRunner::BoundaryRamp,
    ];

    /// Its word in the menu's values and links.
    pub fn as_str(self) -> &'static str {
        match self {
            CompoundRunner::Off => "off",
            CompoundRunner::Builder => "builder",
            CompoundRunner::Ramp => "ramp",
            CompoundRunner::BoundaryRamp => "boundary-ramp",
        }
    }

    /// Parses [`CompoundRunner::as_str`]; `0` and `1` are `off` and `builder`.
    pub fn parse(text: &str) -> Option<CompoundRunner> {
        match text {
            "0" => Some(CompoundRunner::Off),
            "1" => Some(CompoundRunner::Builder),
            _ => CompoundRunner::ALL.into_iter().find(|c| c.as_str() == text),
        }
    }
}

/// The loss the ramp hands Dice's weight to.
pub const RAMP_SECOND: LossName = LossName::TopkCe;

/// The boundary-loss paper's schedule (Kervadec et al., MIDL 2019 / MedIA 2021:
/// `α·L_region + (1 − α)·L_boundary`, `α` from 1 down by 0.01 per epoch to 0.01) over a race of
/// `steps` steps: weights `[1, 0]` on Dice and [`RAMP_SECOND`] at step 0, then linearly
/// towards `[0.01, 0.99]`, reached as the race ends (step `k`, from 0, trains with
/// `1 − 0.99·k/steps` and `0.99·k/steps`).
pub fn ramp_spec(steps: usize) -> CompoundSpec {
    paper_ramp([LossName::Dice, RAMP_SECOND], steps)
}

/// The boundary-loss paper's own pairing under the same schedule: generalized Dice handing
/// its weight to the boundary loss (`losses-geometry.md` §1: the boundary loss alone gives a
/// thin structure no gradient; the authors train it with GDL and this ramp).
pub fn boundary_ramp_spec(steps: usize) -> CompoundSpec {
    paper_ramp([LossName::GeneralizedDice, LossName::Boundary], steps)
}

/// `losses[0]` at weight 1 handing over linearly to `losses[1]`, `[0.01, 0.99]` at the end.
fn paper_ramp(losses: [LossName; 2], steps: usize) -> CompoundSpec {
    let steps = u32::try_from(steps).unwrap_or(MAX_SCHEDULE_STEPS).clamp(1, MAX_SCHEDULE_STEPS);
    CompoundSpec {
        losses,
        weights: [1.0, 0.0],
        schedule: Schedule::Linear { steps, end: [0.01, 0.99] },
    }
}

/// A named starting point of the race.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// Large ships, a fair share of ship pixels (C9's balanced side).
    Balanced,
    /// One tiny ship under 0.1 % of the pixels (C1, C5, C9).
    Extreme,
    /// Small ships, three images in four sea only, all kept (C11 without the trick).
    EmptyImages,
    /// The same data, sea-only images undersampled to a fifth (C11 with the trick).
    EmptyUndersampled,
    /// The extreme data cut to a window around the ship (C10).
    Crop,
    /// The extreme data, weighted cross-entropy at several `pos_weight`s (C2).
    PosWeightSweep,
    /// The extreme data: Dice alone against Dice + cross-entropy (MONAI `DiceCELoss`) and BCE.
    DiceCe,
    /// The extreme data: Dice, [`RAMP_SECOND`], and the ramp from one to the other.
    Ramp,
    /// The extreme data: generalized Dice, the boundary loss alone, and the paper's ramp from
    /// one to the other.
    BoundaryRamp,
    /// Three classes on 32×32 images (sea, an island of 15–30 %, one to three ships of two to
    /// six pixels; a quarter of the images without ships): Dice per image and pooled, each
    /// with and without the background, against CE.
    MultiClass,
    /// Settings edited by hand.
    Custom,
}

impl Preset {
    /// Every preset, in the order of the menu.
    pub const ALL: [Preset; 11] = [
        Preset::Balanced,
        Preset::Extreme,
        Preset::EmptyImages,
        Preset::EmptyUndersampled,
        Preset::Crop,
        Preset::PosWeightSweep,
        Preset::DiceCe,
        Preset::Ramp,
        Preset::BoundaryRamp,
        Preset::MultiClass,
        Preset::Custom,
    ];

    /// Its name in the menu's values and links.
    pub fn as_str(self) -> &'static str {
        match self {
            Preset::Balanced => "balanced",
            Preset::Extreme => "extreme",
            Preset::EmptyImages => "empty-images",
            Preset::EmptyUndersampled => "empty-undersampled",
            Preset::Crop => "crop",
            Preset::PosWeightSweep => "pos-weight-sweep",
            Preset::DiceCe => "dice-ce-extreme",
            Preset::Ramp => "dice-ramp",
            Preset::BoundaryRamp => "boundary-ramp",
            Preset::MultiClass => "multi-class",
            Preset::Custom => "custom",
        }
    }

    /// Parses [`Preset::as_str`].
    pub fn parse(text: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.as_str() == text)
    }

    /// The preset's settings (a custom preset keeps the defaults).
    pub fn settings(self) -> RaceSettings {
        let base = RaceSettings { preset: self, ..RaceSettings::base() };
        match self {
            Preset::Balanced => RaceSettings { objects: 3, size_min: 6.0, size_max: 12.0, ..base },
            Preset::Extreme | Preset::Custom => base,
            Preset::EmptyImages => {
                RaceSettings { size_min: 2.0, size_max: 3.5, empty_fraction: 0.75, ..base }
            }
            Preset::EmptyUndersampled => {
                RaceSettings { empty_keep: 0.2, ..Preset::EmptyImages.settings() }.with_preset(self)
            }
            Preset::Crop => RaceSettings { crop: 16, ..base },
            Preset::PosWeightSweep => RaceSettings {
                group: LossGroup::Custom,
                losses: vec![LossName::Wce],
                sweep: Some(Sweep::pos_weights()),
                ..base
            },
            Preset::DiceCe => RaceSettings {
                group: LossGroup::Custom,
                losses: vec![LossName::Bce, LossName::Dice, LossName::DiceCe],
                ..base
            },
            Preset::Ramp => RaceSettings {
                group: LossGroup::Custom,
                losses: vec![LossName::Dice, RAMP_SECOND],
                compound: CompoundRunner::Ramp,
                ..base
            },
            Preset::BoundaryRamp => RaceSettings {
                group: LossGroup::Custom,
                losses: vec![LossName::GeneralizedDice, LossName::Boundary],
                compound: CompoundRunner::BoundaryRamp,
                ..base
            },
            Preset::MultiClass => RaceSettings {
                classes: CLASSES,
                side: 32,
                objects: 3,
                size_min: 1.0,
                size_max: 1.8,
                empty_fraction: 0.25,
                ..base
            },
        }
    }
}

/// Every user setting of the race view.
#[derive(Debug, Clone, PartialEq)]
pub struct RaceSettings {
    /// The preset these settings came from ([`Preset::Custom`] once edited).
    pub preset: Preset,
    /// Side of the generated scenes, 16–128 pixels.
    pub side: usize,
    /// Most ships per image (1 to this many), 1–8.
    pub objects: usize,
    /// Smallest ship half-length, pixels.
    pub size_min: f64,
    /// Largest ship half-length, pixels.
    pub size_max: f64,
    /// How much brighter a ship is than the sea, 0–3.
    pub contrast: f64,
    /// Standard deviation of the sea's pixel noise (the swells are 0.2 of it per wave), 0–2.
    pub noise: f64,
    /// Classes of the data: 1 (ships or sea, `σ`: the binary race) or [`CLASSES`] (sea, an
    /// island, ships: softmax, and the multi-class runners instead of the losses).
    pub classes: usize,
    /// Share of sea-only images (multi-class: images without ships), 0–0.95.
    pub empty_fraction: f64,
    /// Share of sea-only training images kept in the batch pool (1 = no undersampling), 0–1.
    pub empty_keep: f64,
    /// Crop window side (0 = off): the network sees a window around the ship.
    pub crop: usize,
    /// Crop mode: the detector's position error, pixels, 0–8. Every crop is cut around the
    /// ship's true position (a perfect detector) unless this is above 0: then each validation
    /// crop's centre moves by a seeded random offset of up to this many pixels per axis (an
    /// imperfect detector at inference; training crops keep the annotated position).
    pub detector_error: usize,
    /// Training images, 8–512.
    pub train_images: usize,
    /// Validation images, 4–128.
    pub val_images: usize,
    /// Which losses race: a group, or `losses` as listed (custom).
    pub group: LossGroup,
    /// The losses that race (each trains its own network), at least one, no repeats: the
    /// group's, unless the group is custom.
    pub losses: Vec<LossName>,
    /// Whether a compound runner races too (after the losses), and which.
    pub compound: CompoundRunner,
    /// One loss's parameter at several values: that loss races once per value (if it races).
    pub sweep: Option<Sweep>,
    /// The optimiser.
    pub optimizer: Optimizer,
    /// Learning rate, (0, 10].
    pub lr: f64,
    /// Images per batch, 1–32.
    pub batch: usize,
    /// How a batch's losses are reduced.
    pub reduction: BatchReduction,
    /// Seed of the data, the initial weights and the batches.
    pub seed: u64,
    /// Steps of a full race, 1–20000.
    pub steps: usize,
    /// Validation every this many steps, 1–1000.
    pub val_every: usize,
    /// Most steps per second shown (0 = as fast as the machine goes), 0–1000.
    pub speed: u32,
}

impl Default for RaceSettings {
    fn default() -> Self {
        Preset::Extreme.settings()
    }
}

impl RaceSettings {
    /// The settings every preset starts from: the extreme preset.
    fn base() -> RaceSettings {
        RaceSettings {
            preset: Preset::Extreme,
            side: 64,
            objects: 1,
            size_min: 1.0,
            size_max: 1.6,
            contrast: 1.0,
            noise: 0.35,
            classes: 1,
            empty_fraction: 0.0,
            empty_keep: 1.0,
            crop: 0,
            detector_error: 0,
            train_images: 64,
            val_images: 16,
            group: LossGroup::Article,
            losses: LossName::ARTICLE.to_vec(),
            compound: CompoundRunner::Off,
            sweep: None,
            optimizer: Optimizer::Adam,
            lr: 0.01,
            batch: 8,
            reduction: BatchReduction::Pooled,
            seed: 1,
            steps: 300,
            val_every: 10,
            speed: 0,
        }
    }

    fn with_preset(self, preset: Preset) -> RaceSettings {
        RaceSettings { preset, ..self }
    }

    /// The crop window, if crop mode is on and the window fits in the scene (the multi-class
    /// data has no crop mode).
    pub fn crop_window(&self) -> Option<usize> {
        (self.crop > 0 && !self.multi_class()).then_some(self.crop.min(self.side))
    }

    /// Whether the data has several classes (the multi-class race).
    pub fn multi_class(&self) -> bool {
        self.classes > 1
    }

    /// Side of the images the network sees.
    pub fn input_side(&self) -> usize {
        self.crop_window().unwrap_or(self.side)
    }

    /// The losses the runners train with, in order: each racing loss with the parameters
    /// `base` gives it (the board's, on the page; the defaults in [`super::Race::new`]), and
    /// the swept loss once per value of the sweep, its other parameters from `base`.
    pub fn runner_losses(&self, base: impl Fn(LossName) -> LossConfig) -> Vec<Loss> {
        let mut out = Vec::new();
        for &name in &self.losses {
            let config = base(name);
            match &self.sweep {
                Some(sweep) if sweep.loss == name => {
                    for value in &sweep.values {
                        let mut c = config;
                        // The values were checked against this loss when parsed; a value the
                        // other parameters refuse (none do today) drops that runner.
                        if c.set(sweep.key, value).is_ok() {
                            out.extend(Loss::new(c).ok());
                        }
                    }
                }
                _ => out.extend(Loss::new(config).ok()),
            }
        }
        out
    }

    /// What the runners train with, in order: [`RaceSettings::runner_losses`], then the
    /// compound runner if one races — `builder` built with `base`'s parameters (a spec its
    /// checks refuse adds none), or the ramp over this race's steps. With several classes,
    /// the multi-class runners instead ([`McObjective::race_set`]; the losses, the compound
    /// and the sweep are the binary race's).
    pub fn runner_objectives(
        &self,
        base: impl Fn(LossName) -> LossConfig,
        builder: &CompoundSpec,
    ) -> Vec<Objective> {
        if self.multi_class() {
            return McObjective::race_set().into_iter().map(Objective::MultiClass).collect();
        }
        let mut out: Vec<Objective> =
            self.runner_losses(&base).into_iter().map(Objective::Loss).collect();
        if let Some(spec) = self.compound_spec(builder) {
            out.extend(spec.build(&base).ok().map(Objective::Compound));
        }
        out
    }

    /// The spec of the compound runner, if one races (`builder` is the board's).
    pub fn compound_spec(&self, builder: &CompoundSpec) -> Option<CompoundSpec> {
        match self.compound {
            CompoundRunner::Off => None,
            CompoundRunner::Builder => Some(*builder),
            CompoundRunner::Ramp => Some(ramp_spec(self.steps)),
            CompoundRunner::BoundaryRamp => Some(boundary_ramp_spec(self.steps)),
        }
    }

    /// Every setting as `key → text` (`race.classes` only when it is not 1, so a binary
    /// race's link is what it was before the multi-class race).
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let losses: Vec<&str> = self.losses.iter().map(|l| l.as_str()).collect();
        let mut pairs = vec![
            ("race.preset", self.preset.as_str().to_owned()),
            ("race.side", self.side.to_string()),
            ("race.objects", self.objects.to_string()),
            ("race.size_min", self.size_min.to_string()),
            ("race.size_max", self.size_max.to_string()),
            ("race.contrast", self.contrast.to_string()),
            ("race.noise", self.noise.to_string()),
            ("race.empty", self.empty_fraction.to_string()),
            ("race.empty_keep", self.empty_keep.to_string()),
            ("race.crop", self.crop.to_string()),
            ("race.detector_error", self.detector_error.to_string()),
            ("race.train", self.train_images.to_string()),
            ("race.val", self.val_images.to_string()),
            ("race.group", self.group.as_str().to_owned()),
            ("race.losses", losses.join(",")),
            ("race.compound", self.compound.as_str().to_owned()),
            ("race.sweep", self.sweep.as_ref().map(Sweep::text).unwrap_or_default()),
            ("race.optimizer", self.optimizer.as_str().to_owned()),
            ("race.lr", self.lr.to_string()),
            ("race.batch", self.batch.to_string()),
            ("race.reduction", reduction_str(self.reduction).to_owned()),
            ("race.seed", self.seed.to_string()),
            ("race.steps", self.steps.to_string()),
            ("race.val_every", self.val_every.to_string()),
            ("race.speed", self.speed.to_string()),
        ];
        if self.classes != 1 {
            pairs.push(("race.classes", self.classes.to_string()));
        }
        pairs
    }

    /// Parses and checks one setting; an unknown key or a bad value is an error and leaves
    /// the settings as they were. Setting `race.preset` replaces every other setting by the
    /// preset's (so a link lists the preset first, then its edits).
    pub fn apply(&mut self, key: &str, value: &str) -> Result<(), String> {
        let v = value.trim();
        match key {
            "race.preset" => {
                let p = Preset::parse(v).ok_or_else(|| format!("unknown preset {v:?}"))?;
                if p != Preset::Custom {
                    *self = p.settings();
                }
                self.preset = p;
            }
            "race.side" => self.side = int(key, v, 16, 128)?,
            "race.objects" => self.objects = int(key, v, 1, 8)?,
            "race.size_min" => self.size_min = num(key, v, 0.5, 32.0)?,
            "race.size_max" => self.size_max = num(key, v, 0.5, 32.0)?,
            "race.contrast" => self.contrast = num(key, v, 0.0, 3.0)?,
            "race.noise" => self.noise = num(key, v, 0.0, 2.0)?,
            "race.empty" => self.empty_fraction = num(key, v, 0.0, 0.95)?,
            "race.classes" => {
                self.classes = match v {
                    "1" => 1,
                    "3" => CLASSES,
                    _ => {
                        return Err(format!(
                            "{key}: 1 (ships) or 3 (sea, island, ships); got {v:?}"
                        ))
                    }
                }
            }
            "race.empty_keep" => self.empty_keep = num(key, v, 0.0, 1.0)?,
            "race.crop" => {
                let c = int(key, v, 0, 128)?;
                if c != 0 && c < 8 {
                    return Err(format!("{key}: a crop window is 0 (off) or 8 to 128; got {v}"));
                }
                self.crop = c;
            }
            "race.detector_error" => self.detector_error = int(key, v, 0, 8)?,
            "race.train" => self.train_images = int(key, v, 8, 512)?,
            "race.val" => self.val_images = int(key, v, 4, 128)?,
            "race.losses" => {
                let mut losses = Vec::new();
                for name in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    let l = LossName::parse(name)
                        .ok_or_else(|| format!("{key}: unknown loss {name:?}"))?;
                    if !losses.contains(&l) {
                        losses.push(l);
                    }
                }
                if losses.is_empty() {
                    return Err(format!("{key}: choose at least one loss"));
                }
                // Another list than the group's makes the group custom.
                if self.group.losses().as_ref() != Some(&losses) {
                    self.group = LossGroup::Custom;
                }
                self.losses = losses;
            }
            "race.group" => {
                let group = LossGroup::parse(v).ok_or_else(|| {
                    format!("{key}: one of article, compound, all, custom; got {v:?}")
                })?;
                if let Some(losses) = group.losses() {
                    self.losses = losses;
                }
                self.group = group;
            }
            "race.compound" => {
                self.compound = CompoundRunner::parse(v)
                    .ok_or_else(|| format!("{key}: one of off, builder, ramp; got {v:?}"))?;
            }
            "race.sweep" => {
                self.sweep = if v.is_empty() { None } else { Some(Sweep::parse(v)?) };
            }
            "race.optimizer" => {
                self.optimizer =
                    Optimizer::parse(v).ok_or_else(|| format!("{key}: sgd or adam; got {v:?}"))?
            }
            "race.lr" => {
                let lr = num(key, v, 0.0, 10.0)?;
                if lr <= 0.0 {
                    return Err(format!("{key}: the learning rate must be above 0; got {v}"));
                }
                self.lr = lr;
            }
            "race.batch" => self.batch = int(key, v, 1, 32)?,
            "race.reduction" => {
                self.reduction = match v {
                    "per_image" => BatchReduction::PerImage,
                    "pooled" => BatchReduction::Pooled,
                    _ => return Err(format!("{key}: per_image or pooled; got {v:?}")),
                }
            }
            "race.seed" => {
                self.seed =
                    v.parse().map_err(|_| format!("{key}: a whole number ≥ 0; got {v:?}"))?
            }
            "race.steps" => self.steps = int(key, v, 1, 20_000)?,
            "race.val_every" => self.val_every = int(key, v, 1, 1000)?,
            "race.speed" => self.speed = int(key, v, 0, 1000)? as u32,
            _ => return Err(format!("unknown setting {key:?}")),
        }
        Ok(())
    }
}

/// A parameter sweep: `loss`'s parameter `key` at each of `values` (link text
/// `<loss>.<key>:<value>,<value>,…`, e.g. `wce.pos_weight:1,3,10,30,100,balanced`).
#[derive(Debug, Clone, PartialEq)]
pub struct Sweep {
    /// The swept loss.
    pub loss: LossName,
    /// The parameter's key (its `ParamSpec`'s).
    pub key: &'static str,
    /// The values, each accepted by the loss, at least one.
    pub values: Vec<ParamValue>,
}

impl Sweep {
    /// Most values in a sweep (each is a network to train).
    pub const MAX_VALUES: usize = 8;

    /// C2's sweep: weighted cross-entropy's `pos_weight` at 1, 3, 10, 30, 100 and balanced.
    pub fn pos_weights() -> Sweep {
        let mut values: Vec<ParamValue> =
            [1.0, 3.0, 10.0, 30.0, 100.0].map(ParamValue::Number).to_vec();
        values.push(ParamValue::Text(crate::params::wce::BALANCED.to_owned()));
        Sweep { loss: LossName::Wce, key: crate::params::wce::POS_WEIGHT.key, values }
    }

    /// Parses the link text; every value must be one the loss accepts.
    pub fn parse(text: &str) -> Result<Sweep, String> {
        let bad = |why: String| format!("race.sweep: {why}; got {text:?}");
        let (param, list) =
            text.split_once(':').ok_or_else(|| bad("<loss>.<parameter>:<values>".into()))?;
        let (loss, key) =
            param.split_once('.').ok_or_else(|| bad("<loss>.<parameter>:<values>".into()))?;
        let loss = LossName::parse(loss.trim()).ok_or_else(|| bad(format!("no loss {loss:?}")))?;
        let spec = loss.spec(key.trim()).ok_or_else(|| bad(format!("{loss:?} has no {key:?}")))?;
        let mut values = Vec::new();
        for word in list.split(',').map(str::trim).filter(|w| !w.is_empty()) {
            let value = match word {
                "true" => ParamValue::Bool(true),
                "false" => ParamValue::Bool(false),
                w => match w.parse::<f64>() {
                    Ok(x) if x.is_finite() => ParamValue::Number(x),
                    Ok(_) => return Err(bad(format!("{w} is not finite"))),
                    Err(_) => ParamValue::Text(w.to_owned()),
                },
            };
            LossConfig::from_params(loss, [(spec.key, &value)]).map_err(|e| bad(e.to_string()))?;
            if !values.contains(&value) {
                values.push(value);
            }
        }
        if values.is_empty() || values.len() > Sweep::MAX_VALUES {
            return Err(bad(format!("1 to {} values", Sweep::MAX_VALUES)));
        }
        Ok(Sweep { loss, key: spec.key, values })
    }

    /// The link text, [`Sweep::parse`] read backwards.
    pub fn text(&self) -> String {
        let values: Vec<String> = self.values.iter().map(value_text).collect();
        format!("{}.{}:{}", self.loss.as_str(), self.key, values.join(","))
    }
}

/// A parameter value as a person writes it (`3`, `balanced`, `true`).
pub fn value_text(value: &ParamValue) -> String {
    match value {
        ParamValue::Number(x) => x.to_string(),
        ParamValue::Text(s) => s.clone(),
        ParamValue::Bool(b) => b.to_string(),
    }
}

/// The word for a batch reduction.
pub fn reduction_str(r: BatchReduction) -> &'static str {
    match r {
        BatchReduction::PerImage => "per_image",
        BatchReduction::Pooled => "pooled",
    }
}

fn num(key: &str, text: &str, lo: f64, hi: f64) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && (lo..=hi).contains(&v) => Ok(v),
        _ => Err(format!("{key}: a number from {lo} to {hi}; got {text:?}")),
    }
}

fn int(key: &str, text: &str, lo: usize, hi: usize) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(v) if (lo..=hi).contains(&v) => Ok(v),
        _ => Err(format!("{key}: a whole number from {lo} to {hi}; got {text:?}")),
    }
}
