//! The class-size sweep (chart `class-size-sweep`): multi-class losses against the area of one
//! class while another stays large — why generalized Dice's weights explode as a class
//! shrinks, why per-image Dice charges an absent class ≈ 1, why Dice + focal survives
//! multi-organ scenes.
//!
//! ```text
//! for each area a:  (shape, target, prob) = make_batch(a)
//!   value[s][a]       = series s's McConfig::evaluate(…).value
//!   swept_term[s][a]  = the swept class's region term ℓ[u][swept], mean over the units
//!   grad_share[s][a]  = Σ over the swept class's pixels (y ≥ ½) and every channel of |∂L/∂z|
//!                       ÷ Σ over every pixel and channel of |∂L/∂z|   (0 when all are 0)
//!   gdl_weight[a]     = generalized Dice's weight of the swept class, pooled over the batch
//!                       (square weights: 1/(Σy² + 1e-6); absent: 1e6 with ε_w)
//! ```
//! Every number comes from [`McConfig::evaluate`]; the sweep is a [`Job`] of one area per step,
//! so the page runs a few per frame and the tests and the command line run it at once.

use super::{McInput, McShape};
use crate::eval::BatchReduction;
use crate::params::multiclass::{McConfig, McLossName};
use crate::scene::{GridSize, Shape, TargetSpec};
use crate::sweep::{log_areas, panels_csv, Curve, Job, Panel, Step};
use crate::{LossName, ParamValue};
use std::rc::Rc;

/// The chart's id (`data-chart`, file names, text keys).
pub const CLASS_SIZE_SWEEP: &str = "class-size-sweep";

/// One batch: its shape, target and probabilities (`[B, C, H, W]`).
pub type Batch = (McShape, Vec<f64>, Vec<f64>);

/// One loss configuration's curve.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Its name in legends and the CSV (`dice without background`).
    pub label: String,
    /// The loss and aggregation evaluated.
    pub config: McConfig,
    /// What distinguishes it from other series of the same loss (may be empty).
    pub variant: String,
    /// A secondary (dashed) curve.
    pub dashed: bool,
    /// The loss at each area (NaN where the batch was refused).
    pub values: Vec<f64>,
    /// The swept class's own region term at each area (`None`: no region term, or the class
    /// is not kept).
    pub swept_term: Vec<Option<f64>>,
    /// The share of the logit-gradient mass on the swept class's pixels at each area.
    pub grad_share: Vec<f64>,
}

impl Series {
    /// A series not yet computed.
    pub fn new(label: &str, variant: &str, dashed: bool, config: McConfig) -> Series {
        Series {
            label: label.to_string(),
            config,
            variant: variant.to_string(),
            dashed,
            values: Vec::new(),
            swept_term: Vec::new(),
            grad_share: Vec::new(),
        }
    }

    /// The curve of this series (its binary loss' colour; `ce` has none).
    fn curve(&self) -> Curve {
        match self.config.name.binary() {
            Some(loss) => Curve::new(Some(loss), self.variant.clone(), self.dashed),
            None => Curve::new(None, self.label.clone(), self.dashed),
        }
    }
}

/// The sweep's numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassSizeSweep {
    /// The swept class's channel.
    pub swept: usize,
    /// The swept class's areas, in pixels (as asked of `make_batch`).
    pub areas: Vec<usize>,
    /// The pixels of one image (for the pixel-share reference).
    pub pixels: usize,
    /// One curve per configuration.
    pub series: Vec<Series>,
    /// Generalized Dice's weight of the swept class at each area (pooled; `None` if refused).
    pub gdl_weight: Vec<Option<f64>>,
    /// What was skipped, and why (one line each).
    pub notes: Vec<String>,
}

/// Label of the pixel-share reference curve.
pub const PIXEL_SHARE_LABEL: &str = "pixel share n/N";
/// Variant of the GDL weight curve.
pub const GDL_WEIGHT_VARIANT: &str = "w (swept class)";

impl ClassSizeSweep {
    /// The chart's panels: `value`, `gdl_weight`, `grad_share` (x: the swept area).
    pub fn panels(&self) -> Vec<Panel> {
        let mut value = Panel::new("value");
        let mut share = Panel::new("grad_share");
        for s in &self.series {
            let mut v = s.curve();
            let mut g = s.curve();
            for (k, &area) in self.areas.iter().enumerate() {
                let x = area as f64;
                if let Some(&y) = s.values.get(k).filter(|y| y.is_finite()) {
                    v.points.push((x, y));
                    g.points.push((x, s.grad_share[k]));
                }
            }
            value.curves.push(v);
            share.curves.push(g);
        }
        let mut pixel_share = Curve::new(None, PIXEL_SHARE_LABEL, true);
        let mut weight = Curve::new(Some(LossName::GeneralizedDice), GDL_WEIGHT_VARIANT, false);
        for (k, &area) in self.areas.iter().enumerate() {
            let x = area as f64;
            pixel_share.points.push((x, area as f64 / self.pixels.max(1) as f64));
            if let Some(w) = self.gdl_weight.get(k).copied().flatten() {
                weight.points.push((x, w));
            }
        }
        share.curves.push(pixel_share);
        let mut gdl = Panel::new("gdl_weight");
        gdl.curves.push(weight);
        vec![value, gdl, share]
    }

    /// The chart's data as CSV (`panel,curve,x,y`, as every chart's).
    pub fn to_csv(&self) -> String {
        panels_csv(&self.panels())
    }
}

/// The sweep as a [`Job`]: one step per area. `make_batch(area)` builds the batch with the
/// swept class (channel `swept`) at `area` pixels; `series` ([`Series::new`]) each have a
/// config for the batch's channel count (a batch or config that does not fit is
/// skipped with a note, never a panic). Generalized Dice's weight is read from the first
/// generalized Dice series' configuration (its defaults if there is none), pooled.
pub fn job(
    swept: usize,
    areas: Vec<usize>,
    series: Vec<Series>,
    make_batch: Rc<dyn Fn(usize) -> Batch>,
) -> Job<ClassSizeSweep> {
    let gdl = series
        .iter()
        .find(|s| s.config.name == McLossName::GeneralizedDice)
        .map(|s| s.config.clone());
    let pixels = 0;
    let steps: Vec<Step<ClassSizeSweep>> = areas
        .iter()
        .map(|&area| {
            let make_batch = Rc::clone(&make_batch);
            let gdl = gdl.clone();
            Box::new(move |data: &mut ClassSizeSweep| {
                let (shape, target, prob) = make_batch(area);
                data.pixels = shape.pixels();
                step(data, area, shape, &target, &prob, gdl.as_ref());
            }) as Step<ClassSizeSweep>
        })
        .collect();
    let data =
        ClassSizeSweep { swept, areas, pixels, series, gdl_weight: Vec::new(), notes: Vec::new() };
    Job::new(data, steps, None)
}

/// One area: every series' numbers, and generalized Dice's weight.
fn step(
    data: &mut ClassSizeSweep,
    area: usize,
    shape: McShape,
    target: &[f64],
    prob: &[f64],
    gdl: Option<&McConfig>,
) {
    let swept = data.swept;
    let mut notes = Vec::new();
    for s in &mut data.series {
        let config = &s.config;
        let input = (config.classes == shape.classes && swept < shape.classes)
            .then(|| McInput::new(shape, target, prob, config.aggregation.activation));
        let Some(Ok(input)) = input else {
            notes.push(format!("{}: area {area} skipped (the batch does not fit)", s.label));
            s.values.push(f64::NAN);
            s.swept_term.push(None);
            s.grad_share.push(0.0);
            continue;
        };
        let out = config.evaluate(input);
        s.values.push(out.value);
        s.swept_term.push(swept_term(&out.per_class, &out.kept, out.units, swept));
        s.grad_share.push(grad_share(shape, target, &out.grad_logit, swept));
    }
    let config = match gdl {
        Some(config) => Some(config.clone()),
        None => McConfig::from_params(McLossName::GeneralizedDice, shape.classes, &[], None).ok(),
    };
    let weight = config.filter(|c| c.classes == shape.classes).and_then(|mut config| {
        config.aggregation.batch = BatchReduction::Pooled;
        let input = McInput::new(shape, target, prob, config.aggregation.activation).ok()?;
        let out = config.evaluate(input);
        let at = out.kept.iter().position(|&c| c == swept)?;
        out.class_weights.get(at).copied()
    });
    data.gdl_weight.push(weight);
    data.notes.extend(notes);
}

/// The swept class's term, averaged over the units (`per_class` is `[units][|K|]`).
fn swept_term(per_class: &[f64], kept: &[usize], units: usize, swept: usize) -> Option<f64> {
    let at = kept.iter().position(|&c| c == swept)?;
    if per_class.len() != units * kept.len() || units == 0 {
        return None;
    }
    Some((0..units).map(|u| per_class[u * kept.len() + at]).sum::<f64>() / units as f64)
}

/// Σ|∂L/∂z| over the swept class's pixels (every channel) ÷ Σ|∂L/∂z| over everything.
fn grad_share(shape: McShape, target: &[f64], grad_logit: &[f64], swept: usize) -> f64 {
    let (mut on, mut total) = (0.0, 0.0);
    for b in 0..shape.images {
        for i in 0..shape.pixels() {
            let mass: f64 = (0..shape.classes).map(|c| grad_logit[shape.at(b, c, i)].abs()).sum();
            total += mass;
            if target[shape.at(b, swept, i)] >= 0.5 {
                on += mass;
            }
        }
    }
    if total > 0.0 {
        on / total
    } else {
        0.0
    }
}

/// The default series: Dice per image with background (`dice`), Dice without background, generalized
/// Dice, Dice + focal, CE — each with its card's defaults, for `classes` channels.
pub fn default_series(classes: usize) -> Vec<Series> {
    let config = |name: McLossName, params: &[(&str, ParamValue)]| {
        McConfig::from_params(name, classes, params, None)
            .expect("the defaults are valid for C ≥ 2 channels")
    };
    let no_background = [("include_background", ParamValue::Bool(false))];
    vec![
        Series::new(
            "dice with background",
            "with background",
            false,
            config(McLossName::Dice, &[]),
        ),
        Series::new(
            "dice without background",
            "without background",
            true,
            config(McLossName::Dice, &no_background),
        ),
        Series::new("generalized_dice", "", false, config(McLossName::GeneralizedDice, &[])),
        Series::new("dice_focal", "", false, config(McLossName::DiceFocal, &[])),
        Series::new("ce", "", false, config(McLossName::Ce, &[])),
    ]
}

/// The default batch's side (64 × 64), its large class' area (class 1, ~1,200 px), and the
/// predicted probability of each pixel's own class.
pub const DEFAULT_SIDE: GridSize = GridSize::S64;
/// Class 1's area in the default batch.
pub const LARGE_AREA: usize = 1200;
/// The default batch's confidence on each pixel's true class (the rest shared equally).
pub const DEFAULT_CONFIDENCE: f64 = 0.8;

/// The default stand-alone batch (tests, command line): one 64 × 64 image, three channels —
/// background, a disc of [`LARGE_AREA`] pixels (class 1, upper left) and a disc of `area`
/// pixels (class 2, lower right, drawn last so its area is exact) — each pixel predicted at
/// `confidence` on its own class and `(1 − confidence)/2` on the others.
pub fn default_batch(area: usize, confidence: f64) -> Batch {
    let grid = DEFAULT_SIDE;
    let n = grid.pixels();
    let shape = McShape { images: 1, classes: 3, height: grid.side(), width: grid.side() };
    let mut labels = vec![0usize; n];
    let mut mask = Vec::new();
    let discs = [(1, LARGE_AREA, 0.32), (2, area, 0.76)];
    for (class, area, at) in discs {
        let spec = TargetSpec { shape: Shape::Disc, area, center_x: at, center_y: at };
        if area == 0 {
            continue;
        }
        spec.generate_into(grid, &mut mask);
        for (label, &m) in labels.iter_mut().zip(&mask) {
            if m == 1.0 {
                *label = class;
            }
        }
    }
    let other = (1.0 - confidence) / 2.0;
    let mut target = vec![0.0; shape.len()];
    let mut prob = vec![other; shape.len()];
    for (i, &label) in labels.iter().enumerate() {
        target[shape.at(0, label, i)] = 1.0;
        prob[shape.at(0, label, i)] = confidence;
    }
    (shape, target, prob)
}

/// The default areas of the swept class: 0 (absent), then 1 to [`LARGE_AREA`] log-spaced.
pub fn default_areas(points: usize) -> Vec<usize> {
    let mut areas = vec![0];
    areas.extend(log_areas(LARGE_AREA, points.max(2)));
    areas
}

/// The default sweep: [`default_batch`] at [`DEFAULT_CONFIDENCE`], [`default_series`],
/// class 2 swept over [`default_areas`].
pub fn default_job(points: usize) -> Job<ClassSizeSweep> {
    let batch: Rc<dyn Fn(usize) -> Batch> = Rc::new(|area| default_batch(area, DEFAULT_CONFIDENCE));
    job(2, default_areas(points), default_series(3), batch)
}

impl std::fmt::Debug for Job<ClassSizeSweep> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Job(class-size-sweep, {}/{})", self.done(), self.len())
    }
}
