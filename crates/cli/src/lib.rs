//! The `losslab` command's logic, as a library so it can be tested in-process:
//! JSON cases ([`case`]), the distance transform ([`edt`]), a target and a prediction
//! ([`images`]), a data set of them ([`dataset`]) and the benchmark ([`bench`]).

pub mod bench;
pub mod case;
pub mod dataset;
pub mod edt;
pub mod error;
pub mod images;
pub mod multiclass;
pub mod output;
pub mod params;
pub mod parse;
pub mod plot;
pub mod plot_maps;
pub mod table;

pub use error::CliError;
