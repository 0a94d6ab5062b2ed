//! The race: one network per loss, all from the same initial weights, trained on the same
//! batches. Work is done in small units (one network's step) so a page can interleave it
//! with drawing; a step is complete once every network has taken it.

use super::classes::SHIP;
use super::data::DataSet;
use super::mc_objective::mc_labels;
use super::metrics::{argmax, average_precision, ClassCounts, HardCounts, Metrics};
use super::multiclass::{batch_gradient, loss_of, one_hot, softmax};
use super::net::{sigmoid, Net, Workspace};
use super::objective::{Objective, Parts};
use super::optim::OptimState;
use super::rng::Pcg32;
use super::settings::{value_text, RaceSettings};
use crate::multiclass::McShape;
use crate::params::multiclass::McConfig;
use crate::{CompoundSpec, Loss, LossConfig, LossName, Schedule};

/// Validation metrics after a number of steps.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ValPoint {
    /// Steps taken when measured.
    pub step: usize,
    /// The metrics.
    pub metrics: Metrics,
    /// The runner's own loss on the fixed evaluation batch (the first
    /// [`Race::fixed_images`] validation images, the same for every runner and every point).
    pub fixed_loss: f64,
}

/// A two-part runner's (`bce_dice`, a compound): the size of each *weighted* part's gradient
/// on the network's parameters at one step — what the optimiser receives from it — seen two
/// ways. SGD moves the weights along the gradient itself, so the plain norms say how much each
/// part steers it. Adam divides each parameter's gradient by `√v̂ + ε`, the root of that
/// parameter's running mean square gradient (of the whole loss, `β₂ = 0.999`, bias-corrected:
/// the state Adam keeps, tracked here whatever optimiser trains), which removes any constant
/// factor on the whole loss and rescales parameter by parameter, so the parts' ratio can
/// differ.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PartGrads {
    /// `‖w₁·∂L₁/∂θ‖₂` and `‖w₂·∂L₂/∂θ‖₂` (`bce_dice`: BCE's, then Dice's).
    pub norm: [f64; 2],
    /// The same, each parameter's gradient divided by `√v̂ + ε`.
    pub adam: [f64; 2],
}

impl PartGrads {
    const NAN: PartGrads = PartGrads { norm: [f64::NAN; 2], adam: [f64::NAN; 2] };
}

/// What one network has recorded, one entry per step (NaN once it diverged).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    /// Training loss of each step's batch.
    pub loss: Vec<f64>,
    /// `‖∂L/∂θ‖₂` of each step.
    pub grad_norm: Vec<f64>,
    /// `bce_dice` and a compound: both parts of each step, unweighted, with their weights
    /// at that step (a compound's schedule moves them).
    pub parts: Vec<Parts>,
    /// `bce_dice` and a compound: both weighted parts' parameter-gradient norms of each step.
    pub part_grads: Vec<PartGrads>,
    /// Validation metrics, from step 0 every `val_every` steps and at the last step.
    pub val: Vec<ValPoint>,
}

impl History {
    /// The training loss divided by its first value (the losses' scales differ).
    pub fn normalized_loss(&self) -> Vec<f64> {
        let first = self.loss.first().copied().unwrap_or(1.0);
        let scale = if first.is_finite() && first != 0.0 { first } else { 1.0 };
        self.loss.iter().map(|v| v / scale).collect()
    }

    /// The loss on the fixed evaluation batch at each validation point, divided by its
    /// first value (as [`History::normalized_loss`]): the loss's own jitter, without the
    /// batch-to-batch noise of the training curve.
    pub fn normalized_fixed_loss(&self) -> Vec<f64> {
        let curve: Vec<f64> = self.val.iter().map(|p| p.fixed_loss).collect();
        let first = curve.first().copied().unwrap_or(1.0);
        let scale = if first.is_finite() && first != 0.0 { first } else { 1.0 };
        curve.iter().map(|v| v / scale).collect()
    }

    /// The latest validation metrics.
    pub fn latest(&self) -> Metrics {
        self.val.last().map(|p| p.metrics).unwrap_or_default()
    }
}

/// One competitor: a loss (or a compound of two, or a multi-class loss) and the network it
/// trains.
#[derive(Debug, Clone)]
pub struct Runner {
    /// Which loss (`None` for the compound runner and a multi-class one).
    pub name: Option<LossName>,
    /// The loss and the parameters it names, e.g. `wce (pos_weight 3)`, or the compound's
    /// terms and weights, e.g. `dice + topk_ce`: see [`objective_labels`].
    pub label: String,
    objective: Objective,
    net: Net,
    optim: OptimState,
    /// Its curves.
    pub history: History,
    /// Why it stopped (a non-finite prediction), if it did.
    pub diverged: Option<String>,
    /// `bce_dice` and a compound: Adam's running mean square gradient, kept for [`PartGrads`].
    mean_square: Vec<f32>,
    /// A multi-class runner's validated loss.
    mc: Option<McConfig>,
}

impl Runner {
    /// What it trains with, parameters (and a compound's weights and schedule) included.
    pub fn objective(&self) -> &Objective {
        &self.objective
    }

    /// The loss it trains with, parameters included (`None` for the compound runner).
    pub fn loss(&self) -> Option<&Loss> {
        self.objective.loss()
    }

    /// Whether it is the compound runner.
    pub fn is_compound(&self) -> bool {
        self.objective.compound().is_some()
    }

    /// A multi-class runner's loss and aggregation, validated (`None` for the binary
    /// runners, and for a multi-class one whose configuration was refused: it has diverged).
    pub fn mc_config(&self) -> Option<&McConfig> {
        self.mc.as_ref()
    }

    /// The network.
    pub fn net(&self) -> &Net {
        &self.net
    }

    /// The losses of its two parts (`bce_dice`: BCE and Dice; a compound: its terms').
    pub fn part_names(&self) -> Option<[LossName; 2]> {
        self.objective.part_names()
    }

    /// `bce_dice` and a compound: each step's parts as the optimiser received them,
    /// `(w₁·L₁, w₂·L₂)` with the weights of that step (empty for other losses).
    pub fn weighted_parts(&self) -> Vec<(f64, f64)> {
        self.history.parts.iter().map(|p| (p.weighted()[0], p.weighted()[1])).collect()
    }

    /// `bce_dice` and a compound: the weights of its parts at the latest step taken (before
    /// the first step, those it starts with): `bce_dice`'s `(w_bce, w_dice)`.
    pub fn weights(&self) -> Option<(f64, f64)> {
        let latest = self.history.parts.iter().rev().find(|p| p.weights[0].is_finite());
        let [a, b] = latest.map(|p| p.weights).or_else(|| self.objective.weights_at(0))?;
        Some((a, b))
    }
}

/// Adam's `β₂`, for the second moment [`PartGrads`] keeps (as `optim.rs`'s).
const BETA2: f64 = 0.999;
/// Adam's `ε`.
const ADAM_EPS: f64 = 1e-8;

/// Updates the running mean square of `total` (step `t`, from 1) and measures both weighted
/// parts: the first's is `w_first·first` (`first` the unweighted part's gradient: `bce_dice`'s
/// BCE), the second's the rest of `total`.
fn part_grads(
    mean_square: &mut Vec<f32>,
    total: &[f32],
    first: &[f32],
    w_first: f64,
    t: usize,
) -> PartGrads {
    mean_square.resize(total.len(), 0.0);
    let correction = 1.0 - BETA2.powi(t.min(i32::MAX as usize) as i32);
    let mut out = [0.0f64; 4];
    for ((v, &g), &gb) in mean_square.iter_mut().zip(total).zip(first) {
        let g = g as f64;
        let vv = BETA2 * *v as f64 + (1.0 - BETA2) * g * g;
        *v = vv as f32;
        let scale = 1.0 / ((vv / correction).sqrt() + ADAM_EPS);
        let part_bce = w_first * gb as f64;
        let part_dice = g - part_bce;
        out[0] += part_bce * part_bce;
        out[1] += part_dice * part_dice;
        out[2] += (part_bce * scale).powi(2);
        out[3] += (part_dice * scale).powi(2);
    }
    let [a, b, a_adam, b_adam] = out.map(f64::sqrt);
    PartGrads { norm: [a, b], adam: [a_adam, b_adam] }
}

/// Sets `grad` to `∂L/∂θ` of `net` for a batch whose `∂L/∂z` is `grad_logit` (each image's
/// pixels in turn; the binary network's one plane per image), the images' forward passes held
/// in `ws`.
fn backward_batch(
    net: &Net,
    side: usize,
    grad_logit: &[f32],
    ws: &mut [Workspace],
    grad: &mut [f32],
) {
    let n = side * side;
    grad.fill(0.0);
    for (g, ws) in grad_logit.chunks(n).zip(ws.iter_mut()) {
        net.backward(side, g, ws, grad);
    }
}

/// The whole race.
#[derive(Debug, Clone)]
pub struct Race {
    settings: RaceSettings,
    data: DataSet,
    runners: Vec<Runner>,
    step: usize,
    next: usize,
    rng: Pcg32,
    batch: Vec<usize>,
    images: Vec<f32>,
    targets: Vec<f32>,
    probs: Vec<f32>,
    grad: Vec<f32>,
    part: Vec<f32>,
    ws: Vec<Workspace>,
    /// Every validation pixel's `(logit, is ship)`, for the average precision (multi-class:
    /// the ship's softmax probability).
    scores: Vec<(f32, bool)>,
    /// The fixed evaluation batch's targets and, after a validation, its probabilities.
    fixed_targets: Vec<f32>,
    fixed_probs: Vec<f32>,
    /// Classes of the data (1: the binary race).
    classes: usize,
    /// Multi-class: the batch's one-hot `[B, C, H, W]` target.
    mc_targets: Vec<f64>,
    /// Multi-class: the fixed evaluation batch's one-hot target and, after a validation, its
    /// softmax probabilities.
    mc_fixed_targets: Vec<f64>,
    mc_fixed_probs: Vec<f64>,
}

impl Race {
    /// Generates the data and the initial network (shared by every runner), and measures
    /// it on the validation set (step 0). Each of the settings' losses runs with the defaults
    /// of `losses.md` (the settings' sweep, if any, changes its one parameter); a compound
    /// runner of the builder is the default spec's ([`CompoundSpec::default`]).
    pub fn new(settings: &RaceSettings) -> Race {
        let objectives =
            settings.runner_objectives(LossConfig::default_for, &CompoundSpec::default());
        Race::with_objectives(settings, &objectives)
    }

    /// As [`Race::new`], each runner training with its own validated `losses[i]` (parameters
    /// included) instead of the settings' loss names: the same data, initial weights and
    /// batches for every one, so two runners of one loss with different parameters compare.
    pub fn with_losses(settings: &RaceSettings, losses: &[Loss]) -> Race {
        let objectives: Vec<Objective> = losses.iter().map(|&l| Objective::Loss(l)).collect();
        Race::with_objectives(settings, &objectives)
    }

    /// As [`Race::with_losses`], a runner per objective: a loss, or a compound of two whose
    /// weights follow its schedule over the race's steps.
    /// With several classes (`race.classes`), the network has one output per class and
    /// only multi-class objectives train (a binary one stops at once, and a multi-class one
    /// in a binary race: each needs its own data).
    pub fn with_objectives(settings: &RaceSettings, objectives: &[Objective]) -> Race {
        Race::with_data(settings, objectives, DataSet::generate(settings))
    }

    /// As [`Race::with_objectives`], on `data` instead of the synthetic set the settings
    /// would generate (the user's crops: [`DataSet::from_user`]); the settings still give the
    /// network, optimiser, batches, steps and validation. The race is multi-class only when
    /// the settings ask for it and every image of `data` has its class labels. A data set
    /// the race cannot train on — no training image, a sample whose size is not
    /// `data.side²` — makes every runner stop at once, with the reason.
    pub fn with_data(settings: &RaceSettings, objectives: &[Objective], data: DataSet) -> Race {
        let n = data.side * data.side;
        let samples = || data.train.iter().chain(&data.val);
        let labelled = samples().all(|s| s.labels.len() == n);
        let classes = if labelled { settings.classes.max(1) } else { 1 };
        let unusable = if data.train.is_empty() {
            Some("the data set has no training image".to_owned())
        } else if samples().any(|s| s.image.len() != n || s.mask.len() != n) {
            Some(format!("an image of the data set is not {0} × {0} pixels", data.side))
        } else if data.pool.iter().any(|&i| i >= data.train.len()) {
            Some("the training pool names an image the data set does not have".to_owned())
        } else {
            None
        };
        let mut data = data;
        if unusable.is_some() {
            // Nothing is drawn or measured: every runner has stopped.
            data.train.clear();
            data.val.clear();
            data.pool.clear();
        } else if data.pool.is_empty() {
            data.pool.extend(0..data.train.len());
        }
        let net = Net::with_outputs(settings.seed, classes);
        let optim = OptimState::new(settings.optimizer, net.params.len());
        let mut race = Race {
            settings: settings.clone(),
            data,
            runners: Vec::new(),
            step: 0,
            next: 0,
            rng: Pcg32::new(settings.seed, 4),
            batch: Vec::new(),
            images: Vec::new(),
            targets: Vec::new(),
            probs: Vec::new(),
            grad: vec![0.0; net.params.len()],
            part: Vec::new(),
            ws: vec![Workspace::default(); settings.batch.max(1)],
            scores: Vec::new(),
            fixed_targets: Vec::new(),
            fixed_probs: Vec::new(),
            classes,
            mc_targets: Vec::new(),
            mc_fixed_targets: Vec::new(),
            mc_fixed_probs: Vec::new(),
        };
        let fixed = race.fixed_images();
        race.fixed_targets = race.data.val[..fixed].iter().flat_map(|s| s.mask.clone()).collect();
        if classes > 1 {
            let labels = race.data.val[..fixed].iter().map(|s| s.labels.as_slice());
            one_hot(labels, classes, &mut race.mc_fixed_targets);
        }
        let metrics = race.validate(&net);
        let labels = objective_labels(objectives);
        race.runners = objectives
            .iter()
            .zip(labels)
            .map(|(objective, label)| {
                let (mc, refused) = match (objective.multi_class(), classes > 1) {
                    (Some(m), true) => match m.config(classes) {
                        Ok(c) => (Some(c), None),
                        Err(e) => (None, Some(e.to_string())),
                    },
                    (Some(m), false) => {
                        (None, Some(format!("{} is a multi-class loss: race.classes is 1", m.loss)))
                    }
                    (None, true) => (None, Some("a binary loss in the multi-class race".into())),
                    (None, false) => (None, None),
                };
                let refused = unusable.clone().or(refused);
                let fixed_loss = match &mc {
                    Some(c) => race.fixed_loss_mc(c),
                    None if classes > 1 => f64::NAN,
                    None => race.fixed_loss(objective, 0),
                };
                let start = ValPoint { step: 0, metrics, fixed_loss };
                Runner {
                    name: objective.name(),
                    label,
                    objective: *objective,
                    net: net.clone(),
                    optim: optim.clone(),
                    history: History { val: vec![start], ..History::default() },
                    diverged: refused,
                    mean_square: Vec::new(),
                    mc,
                }
            })
            .collect();
        race
    }

    /// Images in the fixed evaluation batch: the first validation images, as many as a
    /// training batch holds (at most all of them).
    pub fn fixed_images(&self) -> usize {
        self.settings.batch.max(1).min(self.data.val.len())
    }

    /// The settings it runs with.
    pub fn settings(&self) -> &RaceSettings {
        &self.settings
    }

    /// The data set.
    pub fn data(&self) -> &DataSet {
        &self.data
    }

    /// What the runners train with, in order.
    pub fn objectives(&self) -> Vec<Objective> {
        self.runners.iter().map(|r| r.objective).collect()
    }

    /// The runners, in the order of the settings' losses.
    pub fn runners(&self) -> &[Runner] {
        &self.runners
    }

    /// Completed steps.
    pub fn step(&self) -> usize {
        self.step
    }

    /// Whether the race has run its steps.
    pub fn finished(&self) -> bool {
        self.step >= self.settings.steps
    }

    /// One unit of work: the next runner takes the current step (the batch is drawn when
    /// the first runner takes it). Returns true when this completed the step.
    pub fn work(&mut self) -> bool {
        if self.runners.is_empty() {
            self.step += 1;
            return true;
        }
        if self.next == 0 {
            self.draw_batch();
        }
        let k = self.next;
        self.train(k);
        let step = self.step + 1;
        if step.is_multiple_of(self.settings.val_every.max(1)) || step == self.settings.steps {
            let point = self.measure(k, step);
            self.runners[k].history.val.push(point);
        }
        self.next += 1;
        if self.next == self.runners.len() {
            self.next = 0;
            self.step = step;
            true
        } else {
            false
        }
    }

    /// Completes the current step (every runner), whatever part of it was done.
    pub fn step_once(&mut self) {
        while !self.work() {}
    }

    /// Runs `steps` full steps.
    pub fn run(&mut self, steps: usize) {
        for _ in 0..steps {
            self.step_once();
        }
    }

    fn draw_batch(&mut self) {
        if self.data.pool.is_empty() {
            return; // an unusable data set: every runner has stopped
        }
        let side = self.data.side;
        let n = side * side;
        let b = self.settings.batch.max(1);
        self.batch.clear();
        for _ in 0..b {
            let i = self.data.pool[self.rng.below(self.data.pool.len())];
            self.batch.push(i);
        }
        self.images.resize(b * n, 0.0);
        self.targets.resize(b * n, 0.0);
        for (j, &i) in self.batch.iter().enumerate() {
            self.images[j * n..(j + 1) * n].copy_from_slice(&self.data.train[i].image);
            self.targets[j * n..(j + 1) * n].copy_from_slice(&self.data.train[i].mask);
        }
        if self.classes > 1 {
            let labels = self.batch.iter().map(|&i| self.data.train[i].labels.as_slice());
            one_hot(labels, self.classes, &mut self.mc_targets);
        }
    }

    /// One optimiser step of runner `k` on the current batch.
    fn train(&mut self, k: usize) {
        let step_no = self.step + 1;
        let side = self.data.side;
        let n = side * side;
        let b = self.batch.len();
        let runner = &mut self.runners[k];
        let record_nan = |h: &mut History, two_parts: bool| {
            h.loss.push(f64::NAN);
            h.grad_norm.push(f64::NAN);
            if two_parts {
                h.parts.push(Parts::NAN);
                h.part_grads.push(PartGrads::NAN);
            }
        };
        let two_parts = runner.objective.part_names().is_some();
        if runner.diverged.is_some() {
            record_nan(&mut runner.history, two_parts);
            return;
        }
        if let Some(config) = &runner.mc {
            let batch = (&self.images[..b * n], self.mc_targets.as_slice());
            match batch_gradient(&runner.net, config, batch, side, &mut self.ws, &mut self.grad) {
                Ok(eval) => {
                    let norm = self.grad.iter().map(|&g| g as f64 * g as f64).sum::<f64>().sqrt();
                    runner.optim.update(
                        &mut runner.net.params,
                        &self.grad,
                        self.settings.lr as f32,
                    );
                    runner.history.loss.push(eval.value);
                    runner.history.grad_norm.push(norm);
                }
                Err(e) => {
                    runner.diverged = Some(e);
                    record_nan(&mut runner.history, false);
                }
            }
            return;
        }
        self.probs.resize(b * n, 0.0);
        for j in 0..b {
            let ws = &mut self.ws[j];
            runner.net.forward(&self.images[j * n..(j + 1) * n], side, ws);
            for (p, &z) in self.probs[j * n..(j + 1) * n].iter_mut().zip(&ws.logit) {
                *p = sigmoid(z);
            }
        }
        let reduction = self.settings.reduction;
        let batch = (&self.targets[..b * n], &self.probs[..b * n]);
        // A compound's weights are those of the step being taken (step 0: its start weights).
        let evaluated = runner.objective.evaluate(batch, (b, side), reduction, self.step);
        let (eval, parts) = match evaluated {
            Ok(e) if e.eval.value.is_finite() => (e.eval, e.parts),
            Ok(e) => {
                runner.diverged = Some(format!("the loss became {}", e.eval.value));
                record_nan(&mut runner.history, two_parts);
                return;
            }
            Err(e) => {
                runner.diverged = Some(e);
                record_nan(&mut runner.history, two_parts);
                return;
            }
        };
        backward_batch(&runner.net, side, &eval.grad_logit, &mut self.ws, &mut self.grad);
        if let (Some(first), Some(p)) = (runner.objective.first_part(), parts) {
            // The first part's own gradient (`bce_dice`'s BCE is plain BCE, losses.md §10; a
            // compound's first term), one more backward pass; the second part's is the rest,
            // the backward pass being linear.
            let first = Objective::Loss(first).evaluate(batch, (b, side), reduction, self.step);
            let grads = match first {
                Ok(e) => {
                    self.part.resize(self.grad.len(), 0.0);
                    let g = &e.eval.grad_logit;
                    backward_batch(&runner.net, side, g, &mut self.ws, &mut self.part);
                    let w = p.weights[0];
                    part_grads(&mut runner.mean_square, &self.grad, &self.part, w, step_no)
                }
                Err(_) => PartGrads::NAN,
            };
            runner.history.part_grads.push(grads);
        }
        let norm = self.grad.iter().map(|&g| g as f64 * g as f64).sum::<f64>().sqrt();
        runner.optim.update(&mut runner.net.params, &self.grad, self.settings.lr as f32);
        runner.history.loss.push(eval.value);
        runner.history.grad_norm.push(norm);
        if let Some(p) = parts {
            runner.history.parts.push(p);
        }
    }

    /// Runner `k` measured now (labelled `step`): its validation metrics and its loss on the
    /// fixed evaluation batch, what [`Race::work`] records every `val_every` steps (public for
    /// the benchmark of a validation's cost). A runner that does not exist measures nothing.
    pub fn measure(&mut self, k: usize, step: usize) -> ValPoint {
        let Some(net) = self.runners.get(k).map(|r| r.net.clone()) else {
            return ValPoint { step, metrics: Metrics::default(), fixed_loss: f64::NAN };
        };
        let metrics = self.validate(&net);
        let fixed_loss = match &self.runners[k].mc {
            Some(c) => self.fixed_loss_mc(c),
            None if self.classes > 1 => f64::NAN,
            None => self.fixed_loss(&self.runners[k].objective, step),
        };
        ValPoint { step, metrics, fixed_loss }
    }

    /// Metrics of `net` on the validation set; leaves its probabilities on the fixed
    /// evaluation batch in `fixed_probs`.
    fn validate(&mut self, net: &Net) -> Metrics {
        if self.classes > 1 {
            return self.validate_mc(net);
        }
        let side = self.data.side;
        let n = side * side;
        let fixed = self.fixed_images();
        let mut counts = HardCounts::default();
        let ws = &mut self.ws[0];
        self.scores.clear();
        self.fixed_probs.resize(fixed * n, 0.0);
        for (i, s) in self.data.val.iter().enumerate() {
            net.forward(&s.image, side, ws);
            counts.add(&s.mask, &ws.logit);
            self.scores.extend(ws.logit.iter().zip(&s.mask).map(|(&z, &m)| (z, m >= 0.5)));
            if i < fixed {
                for (p, &z) in self.fixed_probs[i * n..(i + 1) * n].iter_mut().zip(&ws.logit) {
                    *p = sigmoid(z);
                }
            }
        }
        counts.metrics(average_precision(&mut self.scores))
    }

    /// The multi-class [`Race::validate`]: every class scored at argmax, pooled over the
    /// validation set; the ships' average precision on their softmax probability; the fixed
    /// evaluation batch's probabilities left in `mc_fixed_probs`.
    fn validate_mc(&mut self, net: &Net) -> Metrics {
        let side = self.data.side;
        let n = side * side;
        let classes = self.classes;
        let fixed = self.fixed_images();
        let shape = McShape { images: 1, classes, height: side, width: side };
        let mut counts = ClassCounts::default();
        let ws = &mut self.ws[0];
        self.scores.clear();
        self.mc_fixed_probs.clear();
        for (i, s) in self.data.val.iter().enumerate() {
            net.forward(&s.image, side, ws);
            counts.add(&s.labels, &ws.logit, classes);
            let prob = softmax(&ws.logit, shape);
            let ship = &prob[SHIP * n..(SHIP + 1) * n];
            self.scores
                .extend(ship.iter().zip(&s.labels).map(|(&p, &l)| (p as f32, l as usize == SHIP)));
            if i < fixed {
                self.mc_fixed_probs.extend_from_slice(&prob);
            }
        }
        counts.metrics(classes, average_precision(&mut self.scores))
    }

    /// A multi-class loss on the fixed evaluation batch as the last validation left it (NaN
    /// if the network's output was not finite).
    fn fixed_loss_mc(&self, config: &McConfig) -> f64 {
        let side = self.data.side;
        let images = self.fixed_images();
        let shape = McShape { images, classes: self.classes, height: side, width: side };
        loss_of(config, shape, &self.mc_fixed_targets, &self.mc_fixed_probs)
    }

    /// `objective` on the fixed evaluation batch as the last validation left it, a
    /// compound's weights those of step `step` (NaN if the network's output was not finite).
    fn fixed_loss(&self, objective: &Objective, step: usize) -> f64 {
        let batch = (self.fixed_targets.as_slice(), self.fixed_probs.as_slice());
        objective
            .evaluate(batch, (self.fixed_images(), self.data.side), self.settings.reduction, step)
            .map_or(f64::NAN, |e| e.eval.value)
    }

    /// The probabilities of runner `k`'s network on validation image `image` (multi-class:
    /// the ships' softmax probability).
    pub fn predict(&mut self, k: usize, image: usize) -> Option<Vec<f32>> {
        if self.classes > 1 {
            let n = self.data.side * self.data.side;
            let all = self.predict_classes(k, image)?;
            return Some(all[SHIP * n..(SHIP + 1) * n].to_vec());
        }
        let side = self.data.side;
        let sample = self.data.val.get(image)?;
        let net = &self.runners.get(k)?.net;
        let ws = &mut self.ws[0];
        net.forward(&sample.image, side, ws);
        Some(ws.logit.iter().map(|&z| sigmoid(z)).collect())
    }

    /// Classes of the data (1: the binary race).
    pub fn classes(&self) -> usize {
        self.classes
    }

    /// Runner `k`'s softmax probabilities on validation image `image`, `C` planes, and each
    /// pixel's argmax class (`None` in the binary race).
    pub fn predict_classes(&mut self, k: usize, image: usize) -> Option<Vec<f32>> {
        if self.classes < 2 {
            return None;
        }
        let side = self.data.side;
        let sample = self.data.val.get(image)?;
        let net = &self.runners.get(k)?.net;
        let ws = &mut self.ws[0];
        net.forward(&sample.image, side, ws);
        let shape = McShape { images: 1, classes: self.classes, height: side, width: side };
        Some(softmax(&ws.logit, shape).into_iter().map(|p| p as f32).collect())
    }

    /// Runner `k`'s argmax class of every pixel of validation image `image` (`None` in the
    /// binary race).
    pub fn predict_labels(&mut self, k: usize, image: usize) -> Option<Vec<u8>> {
        if self.classes < 2 {
            return None;
        }
        let side = self.data.side;
        let n = side * side;
        let sample = self.data.val.get(image)?;
        let net = &self.runners.get(k)?.net;
        let ws = &mut self.ws[0];
        net.forward(&sample.image, side, ws);
        Some((0..n).map(|i| argmax(&ws.logit, n, self.classes, i) as u8).collect())
    }
}

/// Each runner's label: a loss runner's as [`runner_labels`] gives it among the other loss
/// runners; a compound's its terms' (each as [`runner_labels`] gives it alone) joined by `+`,
/// a weight other than 1 written before its term (`0.5·dice + topk_ce`), and a schedule in
/// brackets with the link's words: `dice + lovasz_hinge (1 : 0 → 0.01 : 0.99 linear 300)`.
pub fn objective_labels(objectives: &[Objective]) -> Vec<String> {
    let losses: Vec<Loss> = objectives.iter().filter_map(|o| o.loss().copied()).collect();
    let mut loss_labels = runner_labels(&losses).into_iter();
    let mc: Vec<_> = objectives.iter().filter_map(|o| o.multi_class().copied()).collect();
    let mut mc_labels = mc_labels(&mc).into_iter();
    objectives
        .iter()
        .map(|o| match o {
            Objective::Loss(_) => loss_labels.next().unwrap_or_default(),
            Objective::Compound(c) => compound_label(c),
            Objective::MultiClass(_) => mc_labels.next().unwrap_or_default(),
        })
        .collect()
}

fn compound_label(c: &crate::Compound) -> String {
    let number = |w: f64| value_text(&crate::ParamValue::Number(w));
    let [a, b] = c.terms();
    let name = |t: &crate::Term| runner_labels(&[t.loss]).pop().unwrap_or_default();
    let scheduled = !matches!(c.schedule(), Schedule::Constant);
    let term = |w: f64, t: &crate::Term| {
        if scheduled || w == 1.0 {
            name(t)
        } else {
            format!("{}·{}", number(w), name(t))
        }
    };
    let mut label = term(a.weight, a);
    match (scheduled, b.weight < 0.0) {
        (false, true) => label += &format!(" − {}", term(-b.weight, b)),
        _ => label += &format!(" + {}", term(b.weight, b)),
    }
    let ratio = |w: [f64; 2]| format!("{} : {}", number(w[0]), number(w[1]));
    let start = [a.weight, b.weight];
    match c.schedule() {
        Schedule::Constant => label,
        Schedule::Linear { steps, end } => {
            format!("{label} ({} → {} linear {steps})", ratio(start), ratio(end))
        }
        Schedule::Step { at, end } => {
            format!("{label} ({} → {} step {at})", ratio(start), ratio(end))
        }
    }
}

/// Each runner's label: its loss's name, then in brackets every parameter that differs from
/// the default (`losses.md`) or from another runner of the same loss, in the order of the
/// loss's `ParamSpec`s, e.g. `wce (pos_weight 3)`, `wce (pos_weight 10)` beside it, plain
/// `dice` for Dice with its defaults. Keys and values are the link's, so a label reads the
/// same in every language.
pub fn runner_labels(losses: &[Loss]) -> Vec<String> {
    losses
        .iter()
        .map(|loss| {
            let config = loss.config();
            let defaults = LossConfig::default_for(loss.name());
            let shown: Vec<String> = config
                .specs()
                .iter()
                .filter_map(|spec| {
                    let value = config.get(spec.key)?;
                    let differs = defaults.get(spec.key).as_ref() != Some(&value)
                        || losses.iter().any(|other| {
                            other.name() == loss.name()
                                && other.config().get(spec.key).as_ref() != Some(&value)
                        });
                    differs.then(|| format!("{} {}", spec.key, value_text(&value)))
                })
                .collect();
            if shown.is_empty() {
                loss.name().as_str().to_owned()
            } else {
                format!("{} ({})", loss.name().as_str(), shown.join(", "))
            }
        })
        .collect()
}
