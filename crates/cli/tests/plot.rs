//! `losslab plot`: files written, valid SVG/PNG, CSV columns, settings from a file and flags,
//! and the numbers against `losslab eval` of the same scene.

mod common;
use common::{expect_error, losslab};
use std::path::PathBuf;

/// A fresh directory for one test.
fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("losslab-plot-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn csv_rows(path: &PathBuf) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).expect("CSV written");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("panel,curve,x,y"), "CSV header");
    lines.map(|l| l.split(',').map(String::from).collect()).collect()
}

#[test]
fn plot_writes_an_svg_and_its_csv() {
    let d = dir("svg");
    let out = d.join("size.svg");
    let run = losslab(&["plot", "size-sweep", "-o", out.to_str().expect("utf-8")], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let svg = std::fs::read_to_string(&out).expect("SVG written");
    assert!(svg.starts_with("<svg") && svg.contains("xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.trim_end().ends_with("</svg>"));
    let rows = csv_rows(&d.join("size.csv"));
    assert!(rows.len() > 100);
    assert!(rows
        .iter()
        .all(|r| r.len() == 4 && r[2].parse::<f64>().is_ok() && r[3].parse::<f64>().is_ok()));
    assert!(rows.iter().any(|r| r[0] == "ratio" && r[1] == "dice bg=0.05"));
}

#[test]
fn plot_writes_a_png_by_extension() {
    let d = dir("png");
    let out = d.join("crop.png");
    let run = losslab(&["plot", "crop-sweep", "--out", out.to_str().expect("utf-8")], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let bytes = std::fs::read(&out).expect("PNG written");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    // IHDR: width 1200 (big-endian at bytes 16..20).
    assert_eq!(u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]), 1200);
    assert!(d.join("crop.csv").exists());
}

#[test]
fn plot_all_writes_every_chart_into_a_directory() {
    let d = dir("all");
    let run = losslab(
        &["plot", "all", "-o", d.to_str().expect("utf-8"), "--set", "curves.points=24"],
        "",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    for chart in ["pixel-curves", "size-sweep", "pixel-sensitivity", "param-sweep", "crop-sweep"] {
        assert!(d.join(format!("{chart}.svg")).exists(), "{chart}.svg");
        assert!(!csv_rows(&d.join(format!("{chart}.csv"))).is_empty(), "{chart}.csv");
    }
}

#[test]
fn settings_file_and_flags_drive_the_chart_flags_winning() {
    let d = dir("settings");
    let settings = d.join("s.json");
    std::fs::write(
        &settings,
        r#"{"grid": 32, "area": 20, "model": {"background": 0.01},
            "params": {"dice": {"smooth": 0}},
            "curves": {"curves.losses": "bce,dice", "curves.backgrounds": "0.2"}}"#,
    )
    .expect("settings written");
    let out = d.join("s.svg");
    let args = [
        "plot",
        "size-sweep",
        "-o",
        out.to_str().expect("utf-8"),
        "--settings",
        settings.to_str().expect("utf-8"),
        "--background",
        "0.001",
        "--current",
        "iou",
    ];
    let run = losslab(&args, "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows = csv_rows(&d.join("s.csv"));
    let curves: std::collections::BTreeSet<&str> = rows.iter().map(|r| r[1].as_str()).collect();
    // bce, dice from the file, iou as the current loss; the flag's background and the file's
    // extra one.
    for want in ["bce bg=0.001", "dice bg=0.001", "iou bg=0.001", "dice bg=0.2"] {
        assert!(curves.contains(want), "{want} in {curves:?}");
    }
    assert!(!curves.iter().any(|c| c.contains("bg=0.01")), "the flag overrides the file");
    // A 32×32 grid: areas run up to half the image, 512.
    assert!(rows.iter().any(|r| r[2] == "512"));
}

#[test]
fn a_csv_value_equals_losslab_eval_of_the_same_scene() {
    // The pixel-sensitivity and size-sweep CSVs evaluate the regenerated scene at each area;
    // at area 50 (the default) on the default grid the size sweep's Dice value must equal
    // `losslab eval` of the default scene's case, built with the scene export of the core.
    let d = dir("eval");
    let out = d.join("size.svg");
    let run = losslab(
        &["plot", "size-sweep", "-o", out.to_str().expect("utf-8"), "--set", "curves.points=150"],
        "",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows = csv_rows(&d.join("size.csv"));
    let (area, value) = rows
        .iter()
        .filter(|r| r[0] == "value" && r[1] == "dice bg=0.05")
        .map(|r| (r[2].parse::<f64>().expect("x"), r[3].parse::<f64>().expect("y")))
        .min_by(|a, b| (a.0 - 50.0).abs().total_cmp(&(b.0 - 50.0).abs()))
        .expect("dice row");
    let spec = losslab_core::scene::TargetSpec { area: area as usize, ..Default::default() };
    let scene = losslab_core::scene::Scene::new(Default::default(), spec, Default::default());
    let case = losslab_core::scene::case_json(
        &scene,
        &losslab_core::LossConfig::default_for(losslab_core::LossName::Dice),
    );
    let eval = losslab(&["eval"], &case);
    assert_eq!(eval.code, 0, "{}", eval.stderr);
    let json: serde_json::Value = serde_json::from_str(&eval.stdout).expect("JSON");
    let want = json["value"].as_f64().expect("value");
    assert!((value - want).abs() < 1e-12, "plot {value} vs eval {want} at area {area}");
}

#[test]
fn bad_requests_are_one_line_errors() {
    let d = dir("errors");
    let txt = d.join("x.txt");
    let svg = d.join("x.svg");
    let (txt, svg) = (txt.to_str().expect("utf-8"), svg.to_str().expect("utf-8"));
    assert!(expect_error(&["plot", "size-sweep", "-o", txt], "").contains(".svg or .png"));
    assert!(expect_error(&["plot", "nope", "-o", svg], "").contains("unknown chart"));
    assert!(expect_error(&["plot", "size-sweep", "-o", svg, "--param", "dice.smooth=-1"], "")
        .contains("smooth"));
    assert!(expect_error(&["plot", "size-sweep", "-o", svg, "--set", "curves.points=2"], "")
        .contains("curves.points"));
    assert!(expect_error(&["plot", "size-sweep", "-o", svg, "--grid", "50"], "").contains("grid"));
    assert!(expect_error(&["plot", "size-sweep", "-o", svg, "--background", "0.9"], "")
        .contains("out of range"));
}

/// A settings file's grid, area and centre must be numbers of the right kind in range: a
/// fractional grid or a negative area was once cast to an integer and accepted.
#[test]
fn settings_file_numbers_are_checked() {
    let d = dir("settings-numbers");
    let svg = d.join("x.svg");
    let svg = svg.to_str().expect("utf-8");
    let with = |json: &str| {
        let file = d.join("settings.json");
        std::fs::write(&file, json).expect("settings written");
        expect_error(
            &["plot", "size-sweep", "-o", svg, "--settings", file.to_str().expect("utf-8")],
            "",
        )
    };
    for (json, says) in [
        (r#"{"grid": 64.9}"#, "\"grid\" = 64.9: must be a whole number"),
        (r#"{"grid": "64"}"#, "\"grid\" = \"64\": must be a whole number"),
        (r#"{"area": -5}"#, "\"area\" = -5: must be a whole number"),
        (r#"{"area": 2.5}"#, "\"area\" = 2.5: must be a whole number"),
        (r#"{"area": 0}"#, "area 0: must be a whole number of pixels from 1 to 2048"),
        (
            r#"{"grid": 32, "area": 513}"#,
            "area 513: must be a whole number of pixels from 1 to 512",
        ),
        (r#"{"center_x": 1.5}"#, "\"center_x\" = 1.5: must be a number in [0, 1]"),
        (r#"{"center_y": -0.1}"#, "\"center_y\" = -0.1: must be a number in [0, 1]"),
    ] {
        let err = with(json);
        assert!(err.contains(says), "{json}: {err}");
    }
    assert!(!std::path::Path::new(svg).exists(), "nothing written");
    let err = expect_error(&["plot", "size-sweep", "-o", svg, "--area", "5000"], "");
    assert!(err.contains("area 5000"), "{err}");
}

#[test]
fn plot_writes_the_gradient_maps_as_svg_with_the_maps_settings() {
    let d = dir("maps");
    let out = d.join("maps.svg");
    let path = out.to_str().expect("utf-8");
    let run = losslab(&["plot", "gradient-maps", "-o", path, "--set", "maps.scaling=linear"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let svg = std::fs::read_to_string(&out).expect("SVG written");
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    // The default group: the article's ten.
    for name in losslab_core::LossName::ARTICLE {
        assert!(svg.contains(&format!(">{}<", name.as_str())), "{name}'s title");
    }
    assert_eq!(svg.matches("data:image/png;base64,").count(), 10, "one embedded map per loss");
    assert!(!svg.contains("symmetric log"), "--set maps.scaling=linear was applied");
    // The seven compound losses and the compound built from `compound.*`.
    let seven = d.join("compound.svg");
    let args = [
        "plot",
        "gradient-maps",
        "-o",
        seven.to_str().expect("utf-8"),
        "--set",
        "maps.group=compound",
        "--set",
        "compound.a=lovasz_hinge",
    ];
    let run = losslab(&args, "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let svg = std::fs::read_to_string(&seven).expect("SVG written");
    for name in losslab_core::LossName::COMPOUND {
        assert!(svg.contains(&format!(">{}<", name.as_str())), "{name}'s title");
    }
    assert!(svg.contains(">compound<") && !svg.contains(">bce<"), "the compound group");
    assert_eq!(svg.matches("data:image/png;base64,").count(), 8, "seven losses and the compound");
    let err = expect_error(
        &["plot", "gradient-maps", "-o", path, "--set", "compound.b=generalized_dice"],
        "",
    );
    assert!(err.contains("generalized_dice cannot be a term"), "{err}");
    let symlog = d.join("symlog.svg");
    let run = losslab(&["plot", "gradient-maps", "-o", symlog.to_str().expect("utf-8")], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(std::fs::read_to_string(&symlog).expect("SVG written").contains("symmetric log"));
    // PNG is refused with one line, nothing written.
    let png = d.join("maps.png");
    let err = expect_error(&["plot", "gradient-maps", "-o", png.to_str().expect("utf-8")], "");
    assert!(err.contains(".svg only"), "{err}");
    assert!(!png.exists());
}
