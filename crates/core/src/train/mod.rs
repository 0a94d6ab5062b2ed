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
//! Everything is seeded ([`Pcg32`]) and single-threaded: the same settings give the same
//! curves bit for bit on a given platform. Natively and in wasm the curves start equal but
//! drift apart in the last bits (`f32::exp` in the sigmoid comes from each platform's math
//! library), so late figures differ slightly (extreme preset, Dice loss: validation Dice
//! 0.614 native, 0.607 in Chromium).

mod conv;
mod data;
mod lanes;
mod metrics;
mod net;
mod objective;
mod optim;
mod race;
mod rng;
mod settings;

pub use conv::{backward_input, backward_params, forward as conv_forward, ConvShape};
pub use data::{DataSet, Sample};
pub use metrics::{average_precision, roughness, HardCounts, Metrics};
pub use net::{sigmoid, Net, Workspace, HIDDEN, LAYERS, LEAK, PARAMS};
pub use objective::{Evaluated, Objective, Parts};
pub use optim::{OptimState, Optimizer, MOMENTUM};
pub use race::{objective_labels, runner_labels, History, PartGrads, Race, Runner, ValPoint};
pub use rng::Pcg32;
pub use settings::{
    boundary_ramp_spec, ramp_spec, reduction_str, value_text, CompoundRunner, LossGroup, Preset,
    RaceSettings, Sweep, RAMP_SECOND,
};
