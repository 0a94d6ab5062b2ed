//! The training race: a tiny fully convolutional network per loss, trained live on a
//! synthetic "sea with ships" data set whose imbalance the user controls.
//!
//! Data flow: [`RaceSettings`] (every user setting, `pairs`/`apply` for links) →
//! [`Race::new`] generates the [`DataSet`] from the seed and one initial [`Net`], copied to
//! every [`Runner`] → [`Race::work`] trains one runner one step on the shared batch: forward,
//! `σ`, the loss core's [`crate::Loss::evaluate_batch`] — or, for a compound runner,
//! [`crate::Compound::evaluate_batch`] at the step's scheduled weights — (values and `∂L/∂z`,
//! unchanged), backward from `∂L/∂z`, then the optimiser → each runner's [`History`] (training
//! loss, gradient norm, the parts of `bce_dice` and of a compound, validation [`Metrics`]).
//!
//! The race can also train on the user's own images ([`DataSet::from_user`], `user.rs`:
//! standardised crops of the race's input side, validation split by image) through
//! [`Race::with_data`]; everything after the data set is the same.
//!
//! The multi-class race (`race.classes = 3`, preset `multi-class`) runs the same way on the
//! island-and-ships data (`islands.rs`: sea, island, ships): the network has one output per
//! class, a softmax, and each runner an [`McObjective`] (Dice per image or pooled, with or
//! without the background; CE) whose value and `∂L/∂z` come from the multi-class engine
//! ([`crate::params::multiclass::McConfig::evaluate`], `multiclass.rs` here); validation
//! scores every class at argmax ([`ClassScores`] in [`Metrics::classes`]).
//!
//! Everything is seeded ([`Pcg32`]) and single-threaded: the same settings give the same
//! curves bit for bit on a given platform. Natively and in wasm the curves start equal but
//! drift apart in the last bits (`f32::exp` in the sigmoid comes from each platform's math
//! library), so late figures differ slightly (extreme preset, Dice loss: validation Dice
//! 0.614 native, 0.607 in Chromium).

mod classes;
mod conv;
mod data;
mod islands;
mod lanes;
mod mc_objective;
mod metrics;
mod multiclass;
mod net;
mod objective;
mod optim;
mod race;
mod rng;
mod settings;
mod user;

pub use classes::{CLASSES, CLASS_NAMES, ISLAND, SHIP};
pub use conv::{backward_input, backward_params, forward as conv_forward, ConvShape};
pub use data::{CropSource, DataSet, PositionSplit, Sample, UserCrops};
pub use islands::ISLAND_SHARE;
pub use mc_objective::{mc_labels, McObjective};
pub use metrics::{
    argmax, average_precision, roughness, ClassCounts, ClassScores, HardCounts, Metrics,
};
pub use multiclass::{batch_gradient, batch_loss, forward_batch, loss_of, one_hot, softmax};
pub use net::{layers, params_of, sigmoid, Net, Workspace, HIDDEN, LAYERS, LEAK, PARAMS};
pub use objective::{Evaluated, Objective, Parts};
pub use optim::{OptimState, Optimizer, MOMENTUM};
pub use race::{objective_labels, runner_labels, History, PartGrads, Race, Runner, ValPoint};
pub use rng::Pcg32;
pub use settings::{
    boundary_ramp_spec, ramp_spec, reduction_str, value_text, CompoundRunner, LossGroup, Preset,
    RaceSettings, Sweep, RAMP_SECOND,
};
pub use user::{UserDataError, UserSample, INTENSITY_CLIP, OBJECT_CROP_SHARE};
