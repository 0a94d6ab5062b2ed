//! `losslab eval --target --pred` on small PNGs written here, against hand derivations.

mod common;
use common::{assert_close, expect_error, float, losslab};
use std::path::PathBuf;

/// A fresh directory for this test's images.
fn dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("png-{name}"));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// A 4×4 case: the target has one foreground pixel at (1, 1), written as an RGB image
/// (white: an RGB mask whose channels agree is read as grey); the prediction is gray 204
/// (0.8) there and 51 (0.2) elsewhere. Returns (target path, pred path).
fn write_case(name: &str) -> (String, String) {
    let dir = dir(name);
    let mut target = image::RgbImage::new(4, 4);
    target.put_pixel(1, 1, image::Rgb([255, 255, 255]));
    let mut pred = image::GrayImage::from_pixel(4, 4, image::Luma([51]));
    pred.put_pixel(1, 1, image::Luma([204]));
    let (t, p) = (dir.join("target.png"), dir.join("pred.png"));
    target.save(&t).expect("write target");
    pred.save(&p).expect("write pred");
    (t.display().to_string(), p.display().to_string())
}

/// N = 16, one target pixel with p = 0.8, fifteen background pixels with p = 0.2.
/// bce: L = −(ln 0.8 + 15·ln 0.8)/16 = −ln 0.8; ∂L/∂z = (p − y)/16 → 0.2/16 = 0.0125 on
/// both the target and the background; background share = 15/16.
/// dice (smooth 1): Sy = 1, Sp = 3.8, I = 0.8, L = 1 − 2.6/5.8 = 3.2/5.8;
/// ∂L/∂p = −(2y·5.8 − 2.6)/5.8², times p(1 − p) = 0.16: target 9·0.16/33.64,
/// background 2.6·0.16/33.64; share = 15·0.416/(15·0.416 + 1.44) = 0.8125.
#[test]
fn json_figures_match_hand_derivation() {
    let (t, p) = write_case("json");
    let run = losslab(&["eval", "--target", &t, "--pred", &p, "--json"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(out["width"], 4);
    assert_eq!(out["height"], 4);
    assert_eq!(out["foreground_pixels"], 1);
    assert_close(&[float(&out["foreground_fraction"])], &[1.0 / 16.0], 1e-15);
    assert_close(&[float(&out["background_per_foreground"])], &[15.0], 1e-15);
    let results = out["results"].as_array().expect("results");
    assert_eq!(results.len(), 21, "losses.md's ten, losses-compound.md's seven, four geometry");
    let row = |name: &str| {
        results.iter().find(|r| r["loss"] == name).unwrap_or_else(|| panic!("{name} missing"))
    };
    let bce = row("bce");
    assert_close(&[float(&bce["value"])], &[-(0.8f64.ln())], 1e-12);
    assert_close(&[float(&bce["max_abs_grad_logit_target"])], &[0.0125], 1e-12);
    assert_close(&[float(&bce["max_abs_grad_logit_background"])], &[0.0125], 1e-12);
    assert_close(&[float(&bce["background_share"])], &[15.0 / 16.0], 1e-12);
    let dice = row("dice");
    assert_close(&[float(&dice["value"])], &[3.2 / 5.8], 1e-12);
    assert_close(&[float(&dice["max_abs_grad_logit_target"])], &[9.0 * 0.16 / 33.64], 1e-12);
    assert_close(&[float(&dice["max_abs_grad_logit_background"])], &[2.6 * 0.16 / 33.64], 1e-12);
    assert_close(&[float(&dice["background_share"])], &[0.8125], 1e-12);
    assert!(row("bce_dice")["parts"]["bce"].is_number());
    // boundary (losses-geometry.md §1) on the image's 4×4 shape: the single object pixel's φ
    // is 0; a background pixel's φ is its distance to (1, 1). Over offsets a, b in
    // {0, 1, 1, 2}: Σ√(a² + b²) = 8 + 6√2 + 4√5, so L = 0.2·(8 + 6√2 + 4√5)/16.
    let want = 0.2 * (8.0 + 6.0 * 2f64.sqrt() + 4.0 * 5f64.sqrt()) / 16.0;
    assert_close(&[float(&row("boundary")["value"])], &[want], 1e-12);
}

#[test]
fn table_shows_header_and_every_loss() {
    let (t, p) = write_case("table");
    let run = losslab(&["eval", "--target", &t, "--pred", &p], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines[0].contains("4×4 = 16 pixels, foreground 1 px = 6.25% (1:15)"), "{}", lines[0]);
    assert!(lines[1].starts_with("loss") && lines[1].contains("bg share"), "{}", lines[1]);
    assert_eq!(lines.len(), 2 + 21, "{}", run.stdout);
    // bce: value −ln 0.8 = 0.223144, gradients 0.0125, background share 93.75 %.
    let bce: Vec<&str> = lines[2].split_whitespace().collect();
    assert_eq!(bce, ["bce", "0.223144", "0.012500", "0.012500", "93.75%"]);
    let dice = lines.iter().find(|l| l.starts_with("dice ")).expect("dice row");
    assert!(dice.contains("0.551724") && dice.contains("81.25%"), "{dice}");
}

#[test]
fn one_loss_with_parameters() {
    let (t, p) = write_case("param");
    let args = ["eval", "--target", &t, "--pred", &p, "--loss", "dice", "--param", "smooth=0"];
    let run = losslab(&args, "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    // smooth 0: L = 1 − 1.6/4.8 = 2/3.
    assert!(run.stdout.lines().nth(2).expect("row").contains("0.666667"), "{}", run.stdout);
    assert_eq!(run.stdout.lines().count(), 3);
    let line = expect_error(&["eval", "--target", &t, "--pred", &p, "--param", "smooth=0"], "");
    assert!(line.contains("--loss"), "{line}");
    let args = ["eval", "--target", &t, "--pred", &p, "--loss", "dice", "--param", "gamma=2"];
    assert!(expect_error(&args, "").contains("gamma"));
    let args = ["eval", "--target", &t, "--pred", &p, "--loss", "nope"];
    assert!(expect_error(&args, "").contains("unknown loss"));
}

#[test]
fn size_mismatch_names_both_sizes() {
    let dir = dir("mismatch");
    let (t, p) = (dir.join("t.png"), dir.join("p.png"));
    image::GrayImage::new(4, 3).save(&t).expect("write");
    image::GrayImage::new(5, 2).save(&p).expect("write");
    let (t, p) = (t.display().to_string(), p.display().to_string());
    let line = expect_error(&["eval", "--target", &t, "--pred", &p], "");
    // Shapes are [H, W]: 3 rows of 4, 2 rows of 5.
    assert!(line.contains("3 × 4") && line.contains("2 × 5"), "{line}");
    assert!(line.contains("t.png") && line.contains("p.png"), "{line}");
}

/// A colour mask (red on black) is not a mask: refused, naming the file and the pixel,
/// rather than converted to grey.
#[test]
fn colour_target_is_refused() {
    let dir = dir("colour");
    let mut target = image::RgbImage::new(4, 4);
    target.put_pixel(1, 1, image::Rgb([255, 0, 0]));
    let (t, p) = (dir.join("red.png"), dir.join("pred.png"));
    target.save(&t).expect("write target");
    image::GrayImage::new(4, 4).save(&p).expect("write pred");
    let (t, p) = (t.display().to_string(), p.display().to_string());
    let line = expect_error(&["eval", "--target", &t, "--pred", &p], "");
    assert!(line.contains("red.png") && line.contains("channels differ at [1, 1]"), "{line}");
}

#[test]
fn unreadable_files() {
    let dir = dir("bad");
    let bad = dir.join("not.png");
    std::fs::write(&bad, b"this is not a PNG").expect("write");
    let bad = bad.display().to_string();
    let missing = dir.join("missing.png").display().to_string();
    let line = expect_error(&["eval", "--target", &missing, "--pred", &bad], "");
    assert!(line.contains("--target"), "{line}");
    let (t, _) = write_case("bad-pair");
    let line = expect_error(&["eval", "--target", &t, "--pred", &bad], "");
    assert!(line.contains("--pred"), "{line}");
}
