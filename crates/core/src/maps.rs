//! Per-pixel gradient maps: every loss's `∂L/∂z` (or `∂L/∂p`) over the scene, coloured on a
//! diverging map centred on zero, with linear or symmetric-log scaling, a scale shared across
//! losses or per loss, and the colour bar's ticks. Pure: the app draws the bytes and labels.
//!
//! Data flow: [`GradientMaps::evaluate`] runs every loss once (the core's
//! `Loss::evaluate_into`, reusing one [`Evaluation`] scratch) and keeps both gradients of
//! each; [`GradientMaps::scale`] picks a [`Scale`] for one map from the [`MapSettings`];
//! [`render_rgba`] turns one map into RGBA bytes, one per grid pixel.
//!
//! # The colour map
//! ColorBrewer's RdBu (11 classes), reversed: negative gradients blue, zero the neutral
//! near-white `#f7f7f7`, positive red; lightness falls with `|g|` on both sides, and the
//! blue–red pair stays distinct for the common colour-vision deficiencies. A negative
//! `∂L/∂z` means gradient descent raises `z` (and `p`); a positive one lowers it.
//!
//! # Symmetric log
//! `symlog(g) = sign(g)·log10(1 + |g|/c)`, with the linear threshold `c = max|g|·10^-4`
//! ([`SYMLOG_DECADES`]): linear within `±c`, logarithmic beyond, four decades visible under
//! the largest gradient. The colour depends only on `g / max`, so a per-loss map and its
//! colour bar in units of that map's maximum agree.

use crate::builder::Compound;
use crate::eval::{Evaluation, Loss};
use crate::input::{Binary, InputError};
use crate::params::LossName;
use crate::summary::GradientSummary;

/// Decades shown by the symmetric-log scale below the largest `|g|`.
pub const SYMLOG_DECADES: i32 = 4;

/// Which gradient a map shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Component {
    /// `∂L/∂z`, with respect to the logit.
    #[default]
    Logit,
    /// `∂L/∂p`, with respect to the probability.
    Prob,
}

/// How gradient values map to colour positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Scaling {
    /// Position proportional to `g`.
    Linear,
    /// Symmetric log: linear near zero, logarithmic beyond the threshold.
    #[default]
    SymLog,
}

/// Whose maximum sets the colour range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum ScaleMode {
    /// One range for every loss: magnitudes compare across maps.
    #[default]
    Shared,
    /// Each map spans its own `±max|g|`: each loss's pattern shows.
    PerLoss,
}

macro_rules! named {
    ($ty:ty, $($variant:path => $name:literal),+) => {
        impl $ty {
            /// Every value, in display order.
            pub const ALL: &'static [$ty] = &[$($variant),+];

            /// The value's name in settings and hooks.
            pub fn as_str(self) -> &'static str {
                match self { $($variant => $name),+ }
            }

            /// The value named `name`.
            pub fn parse(name: &str) -> Option<$ty> {
                Self::ALL.iter().copied().find(|v| v.as_str() == name)
            }
        }
    };
}
named!(Component, Component::Logit => "z", Component::Prob => "p");
named!(Scaling, Scaling::Linear => "linear", Scaling::SymLog => "symlog");
named!(ScaleMode, ScaleMode::Shared => "shared", ScaleMode::PerLoss => "per_loss");
named!(
    MapGroup,
    MapGroup::Article => "article",
    MapGroup::Compound => "compound",
    MapGroup::Geometry => "geometry",
    MapGroup::All => "all"
);

/// Which losses the view shows: every loss's map (and the builder's) do not fit one screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum MapGroup {
    /// The article's ten ([`LossName::ARTICLE`]): the maps its claims are about.
    #[default]
    Article,
    /// The seven of `losses-compound.md` ([`LossName::COMPOUND`]) and the board's compound.
    Compound,
    /// The four of `losses-geometry.md` ([`LossName::GEOMETRY`]).
    Geometry,
    /// Every loss ([`LossName::ALL`]) and the board's compound.
    All,
}

impl MapGroup {
    /// The losses shown, in [`LossName::ALL`] order.
    pub fn losses(self) -> &'static [LossName] {
        match self {
            MapGroup::Article => &LossName::ARTICLE,
            MapGroup::Compound => &LossName::COMPOUND,
            MapGroup::Geometry => &LossName::GEOMETRY,
            MapGroup::All => &LossName::ALL,
        }
    }

    /// Whether the board's compound (`w₁·L₁ + w₂·L₂`) gets a map, after the losses.
    pub fn shows_compound(self) -> bool {
        matches!(self, MapGroup::Compound | MapGroup::All)
    }
}

/// Every setting of the gradient maps view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct MapSettings {
    /// `∂L/∂z` or `∂L/∂p`.
    pub component: Component,
    /// Linear or symmetric log.
    pub scaling: Scaling,
    /// Shared across losses or per loss.
    pub scale_mode: ScaleMode,
    /// Which losses are shown (the shared range spans those shown).
    pub group: MapGroup,
}

impl MapSettings {
    /// Every setting as key → text (keys `maps.*`).
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        vec![
            ("maps.component", self.component.as_str().to_owned()),
            ("maps.scaling", self.scaling.as_str().to_owned()),
            ("maps.scale", self.scale_mode.as_str().to_owned()),
            ("maps.group", self.group.as_str().to_owned()),
        ]
    }

    /// Parses and applies one setting; a bad value or an unknown key is an error, and the
    /// settings are then unchanged.
    pub fn apply(&mut self, key: &str, value: &str) -> Result<(), String> {
        fn pick<T: Copy>(
            all: &[T],
            name: fn(T) -> &'static str,
            key: &str,
            v: &str,
        ) -> Result<T, String> {
            all.iter().copied().find(|&x| name(x) == v).ok_or_else(|| {
                let names: Vec<&str> = all.iter().map(|&x| name(x)).collect();
                format!("{key} must be one of {}, not {v:?}", names.join(", "))
            })
        }
        match key {
            "maps.component" => {
                self.component = pick(Component::ALL, Component::as_str, key, value)?
            }
            "maps.scaling" => self.scaling = pick(Scaling::ALL, Scaling::as_str, key, value)?,
            "maps.scale" => self.scale_mode = pick(ScaleMode::ALL, ScaleMode::as_str, key, value)?,
            "maps.group" => self.group = pick(MapGroup::ALL, MapGroup::as_str, key, value)?,
            _ => return Err(format!("unknown gradient map setting {key:?}")),
        }
        Ok(())
    }
}

/// ColorBrewer RdBu, 11 classes, from the most negative (dark blue) through the neutral
/// centre to the most positive (dark red).
pub const DIVERGING_STOPS: [[u8; 3]; 11] = [
    [5, 48, 97],
    [33, 102, 172],
    [67, 147, 195],
    [146, 197, 222],
    [209, 229, 240],
    [247, 247, 247],
    [253, 219, 199],
    [244, 165, 130],
    [214, 96, 77],
    [178, 24, 43],
    [103, 0, 31],
];

/// The colour at position `t ∈ [−1, 1]` (clamped; NaN counts as 0): blue below zero, the
/// neutral centre at zero, red above.
pub fn diverging(t: f64) -> [u8; 3] {
    let t = if t.is_nan() { 0.0 } else { t.clamp(-1.0, 1.0) };
    let x = (t + 1.0) * 0.5 * (DIVERGING_STOPS.len() - 1) as f64;
    let i = (x.floor() as usize).min(DIVERGING_STOPS.len() - 2);
    let f = x - i as f64;
    let (a, b) = (DIVERGING_STOPS[i], DIVERGING_STOPS[i + 1]);
    [0, 1, 2].map(|c| (a[c] as f64 + (b[c] as f64 - a[c] as f64) * f).round() as u8)
}

/// `sign(x)·log10(1 + |x|/c)`: odd, increasing, `≈ x/(c·ln 10)` near zero (`c > 0`).
pub fn symlog(x: f64, c: f64) -> f64 {
    x.signum() * (x.abs() / c).ln_1p() / std::f64::consts::LN_10
}

/// One colour bar tick.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tick {
    /// The gradient value.
    pub value: f64,
    /// Its position on the bar, in `[−1, 1]`.
    pub position: f64,
    /// Whether it gets a label (minor ticks do not: they would crowd the bar).
    pub labelled: bool,
}

/// The colour range of one map: `±max`, linear or symmetric log.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    /// The gradient shown at the ends of the bar (`> 0`, or 0 when every gradient is 0).
    pub max: f64,
    /// Linear or symmetric log.
    pub scaling: Scaling,
    /// The unclamped position of `max` before normalising (`max`, or `symlog(max)`).
    span: f64,
}

impl Scale {
    /// The range `±max` (a non-finite or negative `max` counts as 0: everything neutral).
    pub fn new(max: f64, scaling: Scaling) -> Scale {
        let max = if max.is_finite() && max > 0.0 { max } else { 0.0 };
        let mut scale = Scale { max, scaling, span: max };
        if scaling == Scaling::SymLog && max > 0.0 {
            scale.span = symlog(max, scale.linear_threshold());
        }
        scale
    }

    /// The symmetric-log linear threshold `max·10^-4`.
    pub fn linear_threshold(&self) -> f64 {
        self.max * 10f64.powi(-SYMLOG_DECADES)
    }

    /// Where `g` sits on the bar, in `[−1, 1]`.
    pub fn position(&self, g: f64) -> f64 {
        if self.max <= 0.0 || g.is_nan() {
            return 0.0;
        }
        let t = match self.scaling {
            Scaling::Linear => g / self.max,
            Scaling::SymLog => symlog(g, self.linear_threshold()) / self.span,
        };
        t.clamp(-1.0, 1.0)
    }

    /// The colour of `g`: the ramp at [`Scale::position`], quantised to [`COLOUR_LEVELS`]
    /// steps on each side of zero (finer than the 8-bit channels; lets [`render_rgba`] use a
    /// lookup table and give exactly this colour).
    pub fn colour(&self, g: f64) -> [u8; 3] {
        diverging(level_position(self.level(g)))
    }

    /// The index of `g`'s colour level, `0..=2·COLOUR_LEVELS` (`COLOUR_LEVELS` is zero).
    fn level(&self, g: f64) -> usize {
        ((self.position(g) + 1.0) * COLOUR_LEVELS as f64).round() as usize
    }

    /// The bar's ticks, from `−max` to `max`: halves for linear; for symmetric log every
    /// decade down to the threshold, every other one labelled (`±max`, `±max/100`), so the
    /// labels do not crowd. Only `0` when the range is empty.
    pub fn ticks(&self) -> Vec<Tick> {
        let zero = Tick { value: 0.0, position: 0.0, labelled: true };
        if self.max <= 0.0 {
            return vec![zero];
        }
        let positive: Vec<(f64, bool)> = match self.scaling {
            Scaling::Linear => vec![(0.5 * self.max, true), (self.max, true)],
            Scaling::SymLog => (0..=SYMLOG_DECADES)
                .rev()
                .map(|k| (self.max * 10f64.powi(-k), k % 2 == 0 && k < SYMLOG_DECADES))
                .collect(),
        };
        let tick = |v: f64, labelled| Tick { value: v, position: self.position(v), labelled };
        let mut ticks: Vec<Tick> = positive.iter().rev().map(|&(v, l)| tick(-v, l)).collect();
        ticks.push(zero);
        ticks.extend(positive.iter().map(|&(v, l)| tick(v, l)));
        ticks
    }
}

/// Colour levels on each side of zero.
pub const COLOUR_LEVELS: usize = 1024;

/// The position in `[−1, 1]` of colour level `level`.
fn level_position(level: usize) -> f64 {
    level as f64 / COLOUR_LEVELS as f64 - 1.0
}

/// Fills `out` (resized to `4·len`) with the RGBA colour of each gradient: exactly
/// [`Scale::colour`], through a table of the `2·COLOUR_LEVELS + 1` colours.
pub fn render_rgba(grad: &[f64], scale: &Scale, out: &mut Vec<u8>) {
    let table: Vec<[u8; 4]> = (0..=2 * COLOUR_LEVELS)
        .map(|l| {
            let [r, g, b] = diverging(level_position(l));
            [r, g, b, 255]
        })
        .collect();
    out.clear();
    out.reserve(4 * grad.len());
    for &g in grad {
        out.extend_from_slice(&table[scale.level(g).min(2 * COLOUR_LEVELS)]);
    }
}

/// Whose gradients a map shows: one loss, or the board's compound `w₁·L₁ + w₂·L₂`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MapSource {
    /// One loss with its parameters.
    Loss(LossName),
    /// The compound built on the board (its terms with their own parameters).
    Compound,
}

impl MapSource {
    /// The compound's colour: a neutral dark slate, apart from every loss's.
    pub const COMPOUND_RGB: (u8, u8, u8) = (0x3b, 0x44, 0x4b);

    /// The name in titles and hooks (`data-gradient-map`): the loss's, or `compound`.
    pub fn as_str(self) -> &'static str {
        match self {
            MapSource::Loss(name) => name.as_str(),
            MapSource::Compound => "compound",
        }
    }

    /// The title's colour.
    pub fn rgb(self) -> (u8, u8, u8) {
        match self {
            MapSource::Loss(name) => name.rgb(),
            MapSource::Compound => MapSource::COMPOUND_RGB,
        }
    }

    /// [`MapSource::rgb`] as CSS `#rrggbb`.
    pub fn css_color(self) -> String {
        let (r, g, b) = self.rgb();
        format!("#{r:02x}{g:02x}{b:02x}")
    }

    /// The loss, if the map is one loss's.
    pub fn loss(self) -> Option<LossName> {
        match self {
            MapSource::Loss(name) => Some(name),
            MapSource::Compound => None,
        }
    }
}

/// One loss's gradients over the scene (read them with [`LossMap::grad`]).
#[derive(Debug, Clone, PartialEq)]
pub struct LossMap {
    /// The loss, or the compound.
    pub source: MapSource,
    /// `∂L/∂z` per pixel.
    grad_logit: Vec<f64>,
    /// `∂L/∂p` per pixel.
    grad_prob: Vec<f64>,
    /// Where its (logit) gradient falls: the background share is claim C1's figure.
    pub summary: GradientSummary,
    /// `max |∂L/∂z|` and `max |∂L/∂p|`, found once.
    max_abs: [f64; 2],
}

impl LossMap {
    /// The gradient `component`.
    pub fn grad(&self, component: Component) -> &[f64] {
        match component {
            Component::Logit => &self.grad_logit,
            Component::Prob => &self.grad_prob,
        }
    }

    /// One loss's (or the compound's) map from its gradients.
    pub fn new(
        source: MapSource,
        grad_logit: Vec<f64>,
        grad_prob: Vec<f64>,
        summary: GradientSummary,
    ) -> LossMap {
        let max = |g: &[f64]| g.iter().fold(0.0f64, |m, g| m.max(g.abs()));
        let max_abs = [max(&grad_logit), max(&grad_prob)];
        LossMap { source, grad_logit, grad_prob, summary, max_abs }
    }

    /// `max |g|` of `component` (0 for an empty map).
    pub fn max_abs(&self, component: Component) -> f64 {
        match component {
            Component::Logit => self.max_abs[0],
            Component::Prob => self.max_abs[1],
        }
    }
}

/// Every loss's gradients over one scene, with the target and prediction they came from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GradientMaps {
    /// Grid side: pixel `(row, col)` is index `row·side + col`.
    pub side: usize,
    /// The target `y`, row-major.
    pub target: Vec<f64>,
    /// The prediction `p`, row-major.
    pub prob: Vec<f64>,
    /// One map per configuration, in the order given.
    pub maps: Vec<LossMap>,
}

impl GradientMaps {
    /// Evaluates every one of `losses` (validated) on a `side × side` scene, reusing
    /// `scratch`.
    pub fn evaluate(
        side: usize,
        target: &[f64],
        prob: &[f64],
        losses: &[Loss],
        scratch: &mut Evaluation<f64>,
    ) -> Result<GradientMaps, InputError> {
        let input = Binary::new(target, prob)?.with_shape(side, side)?;
        let maps = losses
            .iter()
            .map(|loss| {
                loss.evaluate_into(input, scratch);
                LossMap::new(
                    MapSource::Loss(loss.name()),
                    scratch.grad_logit.clone(),
                    scratch.grad_prob.clone(),
                    scratch.summary,
                )
            })
            .collect();
        Ok(GradientMaps { side, target: target.to_vec(), prob: prob.to_vec(), maps })
    }

    /// Adds the map of `compound` on the same scene (its total gradients: the weighted sum
    /// of its terms', at step 0).
    pub fn push_compound(&mut self, compound: &Compound) -> Result<(), InputError> {
        let input = Binary::new(&self.target, &self.prob)?.with_shape(self.side, self.side)?;
        let total = compound.evaluate(input).total;
        self.maps.push(LossMap::new(
            MapSource::Compound,
            total.grad_logit,
            total.grad_prob,
            total.summary,
        ));
        Ok(())
    }

    /// The largest `|g|` of `component` over every map.
    pub fn shared_max(&self, component: Component) -> f64 {
        self.maps.iter().fold(0.0, |m, map| m.max(map.max_abs(component)))
    }

    /// The colour range of map `index` under `settings` (empty if there is no such map).
    /// Cheap: every map's maximum is found once, when it is evaluated.
    pub fn scale(&self, index: usize, settings: &MapSettings) -> Scale {
        let max = match settings.scale_mode {
            ScaleMode::Shared => self.shared_max(settings.component),
            ScaleMode::PerLoss => {
                self.maps.get(index).map_or(0.0, |m| m.max_abs(settings.component))
            }
        };
        Scale::new(max, settings.scaling)
    }

    /// Map `index` as RGBA bytes, one per grid pixel (empty if there is no such map).
    pub fn render(&self, index: usize, settings: &MapSettings, out: &mut Vec<u8>) {
        match self.maps.get(index) {
            Some(map) => {
                render_rgba(map.grad(settings.component), &self.scale(index, settings), out)
            }
            None => out.clear(),
        }
    }

    /// The pixel index of `(row, col)`, if inside the grid.
    pub fn index(&self, row: usize, col: usize) -> Option<usize> {
        (row < self.side && col < self.side).then_some(row * self.side + col)
    }
}

/// Black or white text, whichever contrasts more with `rgb` (WCAG 2 relative luminance):
/// the titles printed on a loss's colour.
pub fn text_on((r, g, b): (u8, u8, u8)) -> &'static str {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    // Contrast with white is 1.05 / (l + 0.05), with black (l + 0.05) / 0.05.
    if 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 {
        "#ffffff"
    } else {
        "#000000"
    }
}

/// The layout, in pixels, of the gradient maps' figure: maps in rows of [`Figure::COLUMNS`]
/// under a header, each with a title row above and a figures line below, and the colour bar
/// at the bottom. The app's PNG export and the CLI's SVG draw the same figure from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figure {
    /// The drawn side of one map (a whole multiple of the grid side, at least [`Figure::MIN_CELL`]).
    pub cell: usize,
    /// The figure's width.
    pub width: usize,
    /// The figure's height.
    pub height: usize,
}

impl Figure {
    /// Maps per row.
    pub const COLUMNS: usize = 5;
    /// Smallest drawn side of one map.
    pub const MIN_CELL: usize = 180;
    /// Margin and gap.
    pub const PAD: usize = 16;
    /// Height of a map's title row.
    pub const TITLE: usize = 24;
    /// Height of a map's figures line.
    pub const FIGURES: usize = 20;
    /// Height of the header.
    pub const HEADER: usize = 34;
    /// Height of the colour bar block.
    pub const BAR_BLOCK: usize = 100;

    /// The figure of `count` maps of a `side × side` grid.
    pub fn new(side: usize, count: usize) -> Figure {
        let side = side.max(1);
        let cell = side * Figure::MIN_CELL.div_ceil(side);
        let rows = count.div_ceil(Figure::COLUMNS).max(1);
        let width = Figure::PAD + Figure::COLUMNS * (cell + Figure::PAD);
        let height = Figure::HEADER
            + rows * (Figure::TITLE + cell + Figure::FIGURES + Figure::PAD)
            + Figure::BAR_BLOCK;
        Figure { cell, width, height }
    }

    /// The top-left corner of map `k`'s block (its title row).
    pub fn origin(&self, k: usize) -> (usize, usize) {
        (
            Figure::PAD + (k % Figure::COLUMNS) * (self.cell + Figure::PAD),
            Figure::HEADER
                + (k / Figure::COLUMNS)
                    * (Figure::TITLE + self.cell + Figure::FIGURES + Figure::PAD),
        )
    }

    /// The top of the colour bar block.
    pub fn bar_top(&self) -> usize {
        self.height - Figure::BAR_BLOCK
    }
}
