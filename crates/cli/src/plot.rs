//! `losslab plot`: writes the curves view's charts as SVG or PNG (by the output's extension)
//! and each chart's data as CSV, from the same settings the app uses — a settings file
//! (JSON) and/or flags, flags winning.
//!
//! Settings file (every field optional; `losslab plot --help` shows an example): `grid`,
//! `shape`, `area`, `center_x`, `center_y`, `model` (the prediction model's fields),
//! `current`, `params` (`{loss: {key: value}}`, as `eval`'s `params`), `curves` (the curves
//! view's `curves.*` keys), `maps` (`maps.*`), `compound` (the board's compound, `compound.*`:
//! its map is in the gradient maps of the groups `compound` and `all`).
//! The figures and their numbers are those of `losslab_core::sweep`; the drawing is
//! `losslab_charts::draw`, the code the app runs on its canvases.

use crate::error::CliError;
use clap::Args;
use losslab_core::maps::MapSettings;
use losslab_core::scene::{GridSize, PredictionModel, Scene, Shape, TargetSpec};
use losslab_core::sweep::{self, CurveSettings, FigureId};
use losslab_core::{CompoundSpec, LossConfig, LossName};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// Flags of `plot`.
#[derive(Debug, Clone, Default, Args)]
pub struct PlotArgs {
    /// The chart: pixel-curves, size-sweep, pixel-sensitivity, param-sweep, crop-sweep,
    /// gradient-maps (SVG only), or all (the five charts; then --out is a directory).
    #[arg(value_name = "CHART|all")]
    pub chart: String,
    /// Output file, .svg or .png (the CSV goes next to it, same name with .csv); with
    /// `all`, a directory that receives <chart>.svg|png and <chart>.csv.
    #[arg(short, long, value_name = "PATH")]
    pub out: PathBuf,
    /// With `all`: svg or png.
    #[arg(long, value_name = "svg|png", default_value = "svg")]
    pub format: String,
    /// A settings file (JSON, see losslab plot --help).
    #[arg(long, value_name = "FILE.json")]
    pub settings: Option<PathBuf>,
    /// Grid side: 32, 64, 128 or 256.
    #[arg(long, value_name = "N")]
    pub grid: Option<usize>,
    /// Object shape: disc, square, ship, several, line, empty.
    #[arg(long)]
    pub shape: Option<String>,
    /// Object area in pixels.
    #[arg(long)]
    pub area: Option<usize>,
    /// Probability predicted on background, [1e-4, 0.5].
    #[arg(long)]
    pub background: Option<f64>,
    /// Probability predicted on the object, [0, 1].
    #[arg(long)]
    pub foreground: Option<f64>,
    /// Blur σ of the prediction, in pixels.
    #[arg(long)]
    pub blur: Option<f64>,
    /// Prediction shift right, in pixels.
    #[arg(long, allow_hyphen_values = true)]
    pub shift_x: Option<i32>,
    /// Prediction shift down, in pixels.
    #[arg(long, allow_hyphen_values = true)]
    pub shift_y: Option<i32>,
    /// Dilate (> 0) or erode (< 0) the prediction, in pixels.
    #[arg(long, allow_hyphen_values = true)]
    pub morph: Option<i32>,
    /// The loss drawn thicker (always drawn).
    #[arg(long, value_name = "NAME")]
    pub current: Option<String>,
    /// A loss parameter LOSS.KEY=VALUE (repeatable), e.g. dice.smooth=0.
    #[arg(long = "param", value_name = "LOSS.KEY=VALUE")]
    pub params: Vec<String>,
    /// A curves, maps or compound setting KEY=VALUE (repeatable), e.g. curves.losses=bce,dice,
    /// maps.group=all, compound.a=dice.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub sets: Vec<String>,
}

/// Everything a chart is computed from.
#[derive(Debug, Clone)]
pub struct PlotInput {
    /// The scene.
    pub scene: Scene,
    /// One configuration per loss, in `LossName::ALL` order.
    pub configs: Vec<LossConfig>,
    /// The curves view's settings.
    pub curves: CurveSettings,
    /// The gradient maps' settings (`maps.*` keys of `--set` and the file's `"maps"`).
    pub maps: MapSettings,
    /// The board's compound (`compound.*` keys of `--set` and the file's `"compound"`), each
    /// term with its loss's parameters.
    pub compound: CompoundSpec,
    /// The emphasised loss.
    pub current: LossName,
}

/// Builds the input from the settings file and the flags.
pub fn input(args: &PlotArgs) -> Result<PlotInput, CliError> {
    let file = match &args.settings {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                CliError::usage(format!("--settings {}: cannot read: {e}", path.display()))
            })?;
            serde_json::from_str::<Value>(&text)
                .map_err(|e| CliError::usage(format!("--settings {}: {e}", path.display())))?
        }
        None => Value::Object(Map::new()),
    };
    let Value::Object(file) = file else {
        return Err(CliError::usage("--settings: the file must hold a JSON object"));
    };
    // The file's numbers: present, of the right kind and in range, or refused in one line.
    let whole = |key: &str| -> Result<Option<usize>, CliError> {
        match file.get(key) {
            None => Ok(None),
            Some(v) => v.as_u64().map(|n| Some(n as usize)).ok_or_else(|| {
                CliError::usage(format!("--settings: \"{key}\" = {v}: must be a whole number"))
            }),
        }
    };
    let unit = |key: &str| -> Result<Option<f64>, CliError> {
        match file.get(key) {
            None => Ok(None),
            Some(v) => match v.as_f64() {
                Some(x) if (0.0..=1.0).contains(&x) => Ok(Some(x)),
                _ => Err(CliError::usage(format!(
                    "--settings: \"{key}\" = {v}: must be a number in [0, 1]"
                ))),
            },
        }
    };
    let side = args.grid.or(whole("grid")?).unwrap_or(64);
    let grid = GridSize::from_side(side)
        .ok_or_else(|| CliError::usage(format!("grid {side}: must be 32, 64, 128 or 256")))?;
    let mut spec = TargetSpec::default();
    if let Some(shape) =
        args.shape.clone().or(file.get("shape").and_then(|s| s.as_str().map(String::from)))
    {
        spec.shape = Shape::parse(&shape)
            .ok_or_else(|| CliError::usage(format!("shape \"{shape}\": unknown")))?;
    }
    spec.area = args.area.or(whole("area")?).unwrap_or(spec.area);
    if !(1..=grid.max_area()).contains(&spec.area) {
        return Err(CliError::usage(format!(
            "area {}: must be a whole number of pixels from 1 to {} (half the {side}×{side} grid)",
            spec.area,
            grid.max_area()
        )));
    }
    spec.center_x = unit("center_x")?.unwrap_or(spec.center_x);
    spec.center_y = unit("center_y")?.unwrap_or(spec.center_y);
    let mut model = match file.get("model") {
        Some(m) => serde_json::from_value::<PredictionModel>(merge_model(m)?)
            .map_err(|e| CliError::field("model", e))?,
        None => PredictionModel::default(),
    };
    model.background = args.background.unwrap_or(model.background);
    model.foreground = args.foreground.unwrap_or(model.foreground);
    model.blur = args.blur.unwrap_or(model.blur);
    model.shift_x = args.shift_x.unwrap_or(model.shift_x);
    model.shift_y = args.shift_y.unwrap_or(model.shift_y);
    model.morph = args.morph.unwrap_or(model.morph);
    if model.clamped() != model {
        return Err(CliError::usage(format!("the prediction model is out of range: {model:?}")));
    }
    // Every loss's `key=value` list: the file's first, then the flags; read by the same
    // parser as `eval --param`.
    let mut flags: Vec<Vec<String>> = vec![Vec::new(); LossName::ALL.len()];
    let slot = |loss: &str| {
        LossName::parse(loss)
            .and_then(|l| LossName::ALL.iter().position(|&n| n == l))
            .ok_or_else(|| CliError::usage(format!("unknown loss \"{loss}\"")))
    };
    if let Some(params) = file.get("params") {
        let Value::Object(params) = params else {
            return Err(CliError::field("params", "expected an object"));
        };
        for (loss, values) in params {
            let Value::Object(values) = values else {
                return Err(CliError::field(&format!("params.{loss}"), "expected an object"));
            };
            for (key, value) in values {
                let text = match value {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                flags[slot(loss)?].push(format!("{key}={text}"));
            }
        }
    }
    for flag in &args.params {
        let bad = || CliError::usage(format!("--param {flag}: expected LOSS.KEY=VALUE"));
        let (loss, rest) = flag.split_once('.').ok_or_else(bad)?;
        if !rest.contains('=') {
            return Err(bad());
        }
        flags[slot(loss)?].push(rest.to_string());
    }
    let configs = LossName::ALL
        .iter()
        .zip(&flags)
        .map(|(&loss, list)| {
            crate::params::from_flags(loss, list)
                .map_err(|e| CliError::usage(format!("{loss}: {}", e.message())))
        })
        .collect::<Result<Vec<LossConfig>, CliError>>()?;
    let mut curves = CurveSettings::default();
    let mut maps = MapSettings::default();
    let mut compound = CompoundSpec::default();
    let mut set = |key: &str, value: &str| {
        if key.starts_with("maps.") {
            maps.apply(key, value)
        } else if key.starts_with("compound.") {
            compound.apply(key, value)
        } else {
            curves.apply(key, value)
        }
    };
    for section in ["curves", "maps", "compound"] {
        if let Some(Value::Object(map)) = file.get(section) {
            for (key, value) in map {
                let text = match value {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                set(key, &text).map_err(CliError::usage)?;
            }
        }
    }
    for flag in &args.sets {
        let (key, value) = flag
            .split_once('=')
            .ok_or_else(|| CliError::usage(format!("--set {flag}: expected KEY=VALUE")))?;
        set(key, value).map_err(CliError::usage)?;
    }
    let current_name = args
        .current
        .clone()
        .or(file.get("current").and_then(|c| c.as_str().map(String::from)))
        .unwrap_or_else(|| "dice".to_string());
    let current = LossName::parse(&current_name)
        .ok_or_else(|| CliError::usage(format!("current loss \"{current_name}\": unknown")))?;
    Ok(PlotInput { scene: Scene::new(grid, spec, model), configs, curves, maps, compound, current })
}

/// The default model with the file's fields laid over it.
fn merge_model(value: &Value) -> Result<Value, CliError> {
    let mut base = serde_json::to_value(PredictionModel::default())
        .map_err(|e| CliError::internal(e.to_string()))?;
    match (value, &mut base) {
        (Value::Object(fields), Value::Object(out)) => {
            for (k, v) in fields {
                if !out.contains_key(k) {
                    return Err(CliError::field(&format!("model.{k}"), "unknown field"));
                }
                out.insert(k.clone(), v.clone());
            }
            Ok(base)
        }
        _ => Err(CliError::field("model", "expected an object")),
    }
}

/// What was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    /// The chart.
    pub chart: FigureId,
    /// The image file.
    pub image: PathBuf,
    /// The CSV file.
    pub csv: PathBuf,
}

/// Computes one chart and writes it to `image` (.svg or .png) and its data to `csv`.
pub fn write_chart(
    input: &PlotInput,
    chart: FigureId,
    image: &Path,
    csv: &Path,
) -> Result<Written, CliError> {
    let data = sweep::job(chart, &input.scene, &input.configs, &input.curves, input.current).run();
    let tr = |key: &str| losslab_charts::text::english(key);
    let ext = image.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let io = |path: &Path, e: String| CliError::usage(format!("{}: {e}", path.display()));
    match ext.as_deref() {
        Some("svg") => {
            let svg =
                losslab_charts::to_svg(&data, input.current, &tr).map_err(CliError::internal)?;
            std::fs::write(image, svg).map_err(|e| io(image, e.to_string()))?;
        }
        Some("png") => {
            losslab_charts::write_png(image, &data, input.current, &tr)
                .map_err(|e| io(image, e))?;
        }
        _ => {
            return Err(CliError::usage(format!(
                "{}: the output must end in .svg or .png",
                image.display()
            )))
        }
    }
    std::fs::write(csv, data.to_csv()).map_err(|e| io(csv, e.to_string()))?;
    Ok(Written { chart, image: image.to_path_buf(), csv: csv.to_path_buf() })
}

/// The name of the gradient maps' figure (the Gradients view), SVG only.
pub const GRADIENT_MAPS: &str = "gradient-maps";

/// Writes the gradient maps of every loss on the scene as SVG (the maps are embedded PNGs
/// at grid resolution); PNG output would need text rasterised outside plotters' charts.
fn write_gradient_maps(input: &PlotInput, out: &Path) -> Result<String, CliError> {
    let ext = out.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    if ext.as_deref() != Some("svg") {
        return Err(CliError::usage(format!(
            "{}: {GRADIENT_MAPS} is written as .svg only",
            out.display()
        )));
    }
    let compound = input
        .compound
        .build(|name| sweep::config_of(&input.configs, name))
        .map_err(|e| CliError::usage(format!("compound: {e}")))?;
    let maps =
        crate::plot_maps::scene_maps(&input.scene, &input.configs, &input.maps, Some(&compound))?;
    let svg = crate::plot_maps::gradient_maps_svg(&maps, &input.maps)?;
    std::fs::write(out, svg).map_err(|e| CliError::usage(format!("{}: {e}", out.display())))?;
    Ok(format!("{GRADIENT_MAPS}: {}\n", out.display()))
}

/// The whole command: returns the lines to print (one per file written).
pub fn run(args: &PlotArgs) -> Result<String, CliError> {
    let input = input(args)?;
    let mut written = Vec::new();
    if args.chart == "all" {
        let ext = match args.format.as_str() {
            "svg" | "png" => args.format.as_str(),
            other => return Err(CliError::usage(format!("--format {other}: svg or png"))),
        };
        std::fs::create_dir_all(&args.out)
            .map_err(|e| CliError::usage(format!("{}: {e}", args.out.display())))?;
        for chart in FigureId::ALL {
            let base = args.out.join(chart.as_str());
            written.push(write_chart(
                &input,
                chart,
                &base.with_extension(ext),
                &base.with_extension("csv"),
            )?);
        }
    } else if args.chart == GRADIENT_MAPS {
        return write_gradient_maps(&input, &args.out);
    } else {
        let chart = FigureId::parse(&args.chart).ok_or_else(|| {
            let names: Vec<&str> = FigureId::ALL.iter().map(|f| f.as_str()).collect();
            CliError::usage(format!(
                "unknown chart \"{}\" (known: {}, {GRADIENT_MAPS}, all)",
                args.chart,
                names.join(", ")
            ))
        })?;
        written.push(write_chart(&input, chart, &args.out, &args.out.with_extension("csv"))?);
    }
    Ok(written
        .iter()
        .map(|w| format!("{}: {} and {}\n", w.chart.as_str(), w.image.display(), w.csv.display()))
        .collect())
}
