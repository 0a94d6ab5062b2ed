//! `losslab bench` and the help of every command.

mod common;
use common::{expect_error, losslab};

#[test]
fn bench_json_shape() {
    let run = losslab(&["bench", "--size", "16", "--repeats", "3", "--json"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(out["size"], 16);
    let results = out["results"].as_array().expect("results");
    let names: Vec<&str> = results.iter().map(|r| r["loss"].as_str().expect("name")).collect();
    assert_eq!(
        names,
        [
            "bce",
            "wce",
            "focal",
            "dice",
            "iou",
            "tversky",
            "focal_tversky",
            "sensitivity_specificity",
            "generalized_dice",
            "bce_dice",
            // losses-compound.md §11–17.
            "dice_ce",
            "dice_focal",
            "topk_ce",
            "lovasz_hinge",
            "log_cosh_dice",
            "combo",
            "unified_focal",
            // losses-geometry.md.
            "boundary",
            "hausdorff_dt",
            "cldice",
            "dice_cldice"
        ]
    );
    for r in results {
        let ns = r["ns_per_pixel"].as_f64().expect("ns_per_pixel");
        assert!(ns.is_finite() && ns >= 0.0, "{r}");
        assert_eq!(r["repeats"], 3);
        assert!(r["value"].as_f64().expect("value").is_finite());
    }
}

#[test]
fn bench_table() {
    let run = losslab(&["bench", "--size", "8", "--repeats", "2"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("8×8 image (64 pixels)"), "{}", run.stdout);
    // A header line, the column titles and one line per loss (21: losses.md,
    // losses-compound.md and losses-geometry.md).
    assert_eq!(run.stdout.lines().count(), 2 + 21, "{}", run.stdout);
}

#[test]
fn bench_rejects_bad_sizes() {
    assert!(expect_error(&["bench", "--size", "0"], "").contains("--size 0"));
    assert!(expect_error(&["bench", "--size", "8193"], "").contains("--size 8193"));
    assert!(expect_error(&["bench", "--size", "big"], "").contains("--size"));
    assert!(expect_error(&["bench", "--repeats", "0"], "").contains("--repeats"));
}

#[test]
fn help_for_every_command() {
    for (args, needle) in [
        (&["--help"][..], "eval"),
        (&["eval", "--help"][..], "\"batch\""),
        (&["eval", "--help"][..], "FALSE NEGATIVES"),
        (&["bench", "--help"][..], "ns per pixel"),
        (&["help", "eval"][..], "--target"),
    ] {
        let run = losslab(args, "");
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert!(run.stdout.contains(needle), "{args:?} lacks {needle}: {}", run.stdout);
    }
}

#[test]
fn unknown_subcommand_is_one_line() {
    assert!(expect_error(&["frobnicate"], "").contains("frobnicate"));
}
