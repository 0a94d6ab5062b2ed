//! The command line: subcommands, flags and their help text.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Segmentation losses and their gradients on tiny targets.
#[derive(Debug, Parser)]
#[command(
    name = "losslab",
    version,
    about = "Segmentation losses and their gradients on tiny targets",
    long_about = "Segmentation losses and their gradients on tiny targets.\n\n\
        The ten losses of losses.md (bce, wce, focal, dice, iou, tversky, focal_tversky,\n\
        sensitivity_specificity, generalized_dice, bce_dice), their values and their analytic\n\
        gradients with respect to probabilities and logits.\n\n\
        Exit status: 0 on success, 2 on a usage or input error (one line on stderr),\n\
        1 on an internal error.",
    after_help = "Examples:\n  \
        echo '{\"shape\":[1,2],\"target\":[1,0],\"prob\":[0.8,0.1],\"loss\":\"dice\"}' | losslab eval\n  \
        losslab eval --target mask.png --pred pred.png\n  \
        losslab dataset --targets gt/ --preds probs/ --loss dice --loss focal --set gamma=3\n  \
        losslab dataset --data dataset.zip --json\n  \
        losslab bench --size 512 --json"
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Evaluate a loss on a JSON case (stdin → stdout), or every loss on a target and a
    /// prediction file (PNG, .npy, NIfTI).
    #[command(long_about = EVAL_LONG)]
    Eval(EvalArgs),
    /// Every loss on every target–prediction pair of a data set (folders or a .zip), with
    /// metrics, gradient shares and a summary by object size.
    #[command(long_about = DATASET_LONG)]
    Dataset(losslab_cli::dataset::DatasetArgs),
    /// The exact Euclidean distance transform of a mask (stdin JSON → stdout JSON), as
    /// SciPy's distance_transform_edt.
    #[command(long_about = EDT_LONG)]
    Edt,
    /// Time value + both gradients of every loss on an N×N image with a 9-pixel object.
    #[command(long_about = BENCH_LONG)]
    Bench(BenchArgs),
    /// Write a chart of the curves view as SVG or PNG, and its data as CSV.
    #[command(long_about = PLOT_LONG)]
    Plot(losslab_cli::plot::PlotArgs),
}

/// Flags of `eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Target mask: PNG, .npy, .nii or .nii.gz (nonzero = foreground); needs --pred.
    #[arg(long, value_name = "T", requires = "pred")]
    pub target: Option<PathBuf>,
    /// Prediction: PNG (value / 255 or / 65535), .npy or NIfTI (probabilities in [0, 1], or
    /// a 0/1 mask); needs --target.
    #[arg(long, value_name = "P", requires = "target")]
    pub pred: Option<PathBuf>,
    /// With images: the loss to evaluate, or all of them.
    #[arg(long, value_name = "NAME|all", default_value = "all", requires = "target")]
    pub loss: String,
    /// With images: print JSON instead of a table.
    #[arg(long, requires = "target")]
    pub json: bool,
    /// With images and one --loss: a parameter KEY=VALUE (repeatable), e.g. smooth=0,
    /// squared=true, pos_weight=balanced. Not accepted with --loss all.
    #[arg(long = "param", value_name = "KEY=VALUE", requires = "target")]
    pub params: Vec<String>,
}

/// Flags of `bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Image side N (1..=8192).
    #[arg(long, value_name = "N", default_value_t = 512)]
    pub size: u64,
    /// Timed runs per loss (default: enough for about 0.2 s per loss, at least 5).
    #[arg(long, value_name = "R")]
    pub repeats: Option<u64>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// The long help of `edt`.
const EDT_LONG: &str = "The exact Euclidean distance transform (Felzenszwalb–Huttenlocher) of a \
        mask, as scipy.ndimage.distance_transform_edt(mask) gives it.\n\n\
        Reads {\"shape\": [H, W], \"mask\": [...]} on stdin (row-major, any nonzero value is \
        inside) and writes {\"distance\": [...]}: for each inside pixel the distance between \
        pixel centres to the nearest zero, 0 on zeros. A mask with no zero gets SciPy's map \
        sqrt((i+1)^2 + j^2).\n\n\
        Example:\n  echo '{\"shape\":[1,3],\"mask\":[1,1,0]}' | losslab edt";

/// The long help of `eval`.
const EVAL_LONG: &str = "Evaluate a loss: value, ∂L/∂prob and ∂L/∂logit.\n\n\
        Without --target/--pred, reads ONE JSON case on stdin and writes one JSON object:\n\n  \
        {\"shape\": [4, 4], \"target\": [...16 values in [0, 1]...],\n   \
        \"prob\": [...16 values in [0, 1]...]   (or \"logit\": [...finite numbers...]),\n   \
        \"loss\": \"tversky\", \"params\": {\"alpha\": 0.7, \"beta\": 0.3, \"smooth\": 1.0}}\n\n\
        shape: [H, W] for the binary losses, or [B, H, W] for a batch of B images;\n  \
        [C, H, W] for generalized_dice (one-hot targets over C classes; [H, W] means C = 1).\n  \
        Arrays are row-major, length = product of shape (at most 2^28 values).\n\
        logit: prob = sigmoid(logit), or softmax over C > 1 classes for generalized_dice.\n\
        params: only what differs from the defaults of losses.md, with its names: alpha, beta,\n  \
        gamma, smooth, eps, pos_weight (a number or \"balanced\"), lambda, reduction\n  \
        (sum|mean|per_positive), empty (complement|plain), squared (true|false),\n  \
        weight_type (square|simple|uniform), absent (epsilon|max|zero), w_bce, w_dice.\n  \
        tversky / focal_tversky: alpha weighs FALSE NEGATIVES, beta false positives.\n  \
        batch (binary losses with shape [B, H, W]): \"per_image\" (default: the mean of the\n  \
        per-image losses) or \"pooled\" (sums over the whole batch at once, nnU-Net's batch Dice).\n\n\
        Output: {\"loss\", \"value\", \"grad_prob\", \"grad_logit\"} in the input's layout, plus\n\
        \"counts\" (soft TP/FP/FN/TN...), \"parts\" (bce_dice), \"class_weights\" (generalized_dice),\n\
        \"summary\" (max |∂L/∂z| on target and background, background share), \"zero_over_zero\"\n\
        (a 0/0 ratio defined as 0 loss) and \"batch\". Numbers are f64, shortest round-trip form.\n\n\
        Any error (malformed JSON, unknown loss or parameter, wrong length, NaN, a value outside\n\
        [0, 1], empty shape, ...) prints one line on stderr naming the field; exit status 2.\n\n\
        With --target T --pred P: two files read as `losslab dataset` reads a pair: PNG (8- or\n\
        16-bit grey, or RGB(A) whose channels agree), NumPy .npy or NIfTI .nii/.nii.gz; 2-D\n\
        [H, W] or 3-D [D, H, W] (a volume is one loss over all voxels: the pooled batch of its\n\
        planes), both the same shape. The target is nonzero → 1; the prediction is a PNG's\n\
        value / (2^depth − 1), a 0/1 integer mask, or floats in [0, 1]. Prints a table of\n\
        every loss (or --loss NAME): value, max |∂L/∂z| on target and background pixels, the\n\
        background's share of Σ|∂L/∂z|; generalized_dice uses the two-class view (background\n\
        1 − p, foreground p). --json prints the same figures as JSON (background_share in [0, 1],\n\
        shape [H, W] or [D, H, W]).";

/// The long help of `dataset`.
const DATASET_LONG: &str = "Every loss on every target–prediction pair of a data set.\n\n\
        Files: --targets DIR --preds DIR [--images DIR], or --data DIR|ZIP (a folder or a .zip\n\
        whose targets/ (or labels/, masks/, gt/), preds/ (or predictions/, probs/) and images/\n\
        folders give each file its role). Targets and predictions are paired by file stem\n\
        (case01.nii.gz ↔ case01.npy); files that are not .png, .npy, .nii or .nii.gz, and\n\
        hidden ones, are left out. Formats and rules as for eval --target/--pred; a 3-D volume\n\
        [D, H, W] is one image whose losses are computed over all voxels, or one image per\n\
        plane with --slices. --logits: the predictions are logits (prob = sigmoid(z)).\n\n\
        Limits, checked from headers before decoding: 500 files and 256 MiB of files in all\n\
        (a .zip's entries counted inflated), 2-D up to 2048 × 2048, 3-D up to 256^3 voxels.\n\n\
        Losses: --loss NAME (repeatable; default all); --set LOSS.KEY=VALUE sets one loss's\n\
        parameter, --set KEY=VALUE sets it on every selected loss that has it (the names and\n\
        values of eval's params: a number, true/false, or a word).\n\n\
        Output: a table sorted by object size, grouped by size bin (empty, 1–9, 10–99,\n\
        100–999, ≥ 1,000 target pixels) with each bin's means and share of the gradient; or,\n\
        with --json, one object:\n  \
        {\"images\": [{\"name\", \"shape\", \"pixels\", \"target_pixels\", \"image\" (if paired),\n    \
        \"losses\": {\"dice\": value, ...}, \"gradient_share\": {\"dice\": share, ...},\n    \
        \"metrics\": {\"dice\", \"iou\", \"precision\", \"recall\"}}, ...],\n   \
        \"summary\": {\"images\": n, \"bins\": [{\"bin\": \"1-9\", \"images\", \"losses\",\n    \
        \"metrics\", \"gradient_share\"}, ...], \"all\": {...}},\n   \
        \"errors\": [{\"name\", \"error\"}, ...]}\n\
        Values equal losslab eval's on the same arrays (generalized_dice: the two-class view\n\
        of eval --target/--pred, i.e. eval's [2, H, W] case). Metrics at p ≥ 0.5 (a target pixel is\n\
        y ≥ 0.5). An image's gradient share is its part of Σ|∂L/∂z| over the whole data set.\n\n\
        A file or pair that cannot be read, paired or evaluated is listed (in the table mode\n\
        on stderr, one line naming the file) and the others are still evaluated. Exit status:\n\
        0 when every pair was evaluated, 2 when anything was rejected or on a usage error\n\
        (no such folder, unknown loss, bad --set: one line on stderr).";

/// The long help of `bench`.
const BENCH_LONG: &str =
    "Time value + ∂L/∂p + ∂L/∂z of every loss (default parameters) on an N×N image\n\
        with a 9-pixel disc as the object and a soft prediction (background ≈ 0.01, object\n\
        ≈ 0.8), f32 buffers, one thread, buffers reused (no allocation in the timed loop).\n\
        After a warm-up, reports the median over the runs in ns per pixel.\n\n\
        --json prints {\"size\": N, \"results\": [{\"loss\": \"bce\", \"ns_per_pixel\": 2.7,\n\
        \"median_ns\": ..., \"repeats\": ..., \"value\": ...}, ...]}.";

/// The long help of `plot`.
const PLOT_LONG: &str = "Write a chart of the app's curves view as SVG or PNG (by the output's\n\
        extension), and its data as CSV next to it (columns panel,curve,x,y).\n\n\
        Charts: pixel-curves, size-sweep, pixel-sensitivity, param-sweep, crop-sweep, or all\n\
        (then --out is a directory and --format picks svg or png); gradient-maps (SVG only:\n\
        maps.group=article|compound|all picks the losses; the last two add the compound of\n\
        compound.a, compound.b and their weights compound.a_weight, compound.b_weight).\n\n\
        The scene, prediction model, loss parameters and curve settings are the app's: from a\n\
        settings file (--settings FILE.json) and/or flags, flags winning. The file:\n  \
        {\"grid\": 64, \"shape\": \"disc\", \"area\": 50, \"model\": {\"background\": 0.001},\n   \
        \"current\": \"dice\", \"params\": {\"dice\": {\"smooth\": 0}},\n   \
        \"curves\": {\"curves.losses\": \"bce,dice\", \"curves.sweep_param\": \"gamma\"},\n   \
        \"maps\": {\"maps.group\": \"all\"}, \"compound\": {\"compound.a\": \"dice\", \"compound.b\": \"topk_ce\"}}\n\n\
        Example: losslab plot size-sweep -o size.svg --background 0.001 --set curves.backgrounds=0.05";
