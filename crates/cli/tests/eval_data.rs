//! `losslab eval --target T --pred P` on the fixtures of `fixtures/data/files/` (written by
//! NumPy, nibabel and Pillow): the files are read by the core's one loader (PNG 8/16-bit,
//! `.npy`, NIfTI; 2-D and 3-D), and every figure equals `losslab eval` on a JSON case built
//! from the manifest's arrays (the libraries' reading, not ours).

mod common;
use common::data::{eval_value, fixtures, manifest, numbers};
use common::{float, losslab};
use serde_json::{json, Value};

/// The manifest's entry for `files/<name>`.
fn file(manifest: &Value, name: &str) -> Value {
    let path = format!("files/{name}");
    let files = manifest["files"].as_array().expect("files");
    files.iter().find(|f| f["path"] == path.as_str()).unwrap_or_else(|| panic!("{path}")).clone()
}

/// `eval --target --pred --json` on two fixture files (paths relative to `fixtures/data`).
fn eval_files(target: &str, pred: &str) -> Value {
    let (t, p) = (fixtures().join(target), fixtures().join(pred));
    let (t, p) = (t.display().to_string(), p.display().to_string());
    let run = losslab(&["eval", "--target", &t, "--pred", &p, "--json"], "");
    assert_eq!(run.code, 0, "{target} + {pred}: {}", run.stderr);
    serde_json::from_str(&run.stdout).expect("JSON")
}

/// Checks the report of `target` + `pred` against the manifest's arrays: shape, pixels,
/// foreground, and each loss of `losses` (all when empty) against `eval` on a JSON case.
fn check(target: &Value, pred: &Value, losses: &[&str]) {
    let (tp, pp) = (target["path"].as_str().expect("path"), pred["path"].as_str().expect("path"));
    assert_eq!(target["shape"], pred["shape"], "{tp} + {pp}");
    let out = eval_files(tp, pp);
    let y = numbers(&target["values"]);
    let shape = numbers(&target["shape"]);
    assert_eq!(out["shape"], target["shape"], "{tp}");
    assert_eq!(out["pixels"], y.len(), "{tp}");
    assert_eq!(out["width"], shape[shape.len() - 1], "{tp}");
    assert_eq!(out["height"], shape[shape.len() - 2], "{tp}");
    let foreground = y.iter().filter(|&&v| v == 1.0).count();
    assert_eq!(out["foreground_pixels"], foreground, "{tp}");
    let pair = json!({
        "name": format!("{tp} + {pp}"),
        "shape": target["shape"],
        "target": target["values"],
        "prob": pred["values"],
    });
    let results = out["results"].as_array().expect("results");
    assert_eq!(results.len(), 21);
    for row in results {
        let loss = row["loss"].as_str().expect("loss");
        if !losses.is_empty() && !losses.contains(&loss) {
            continue;
        }
        let want = eval_value(&pair, loss, json!({}));
        let got = float(&row["value"]);
        assert!((got - want).abs() <= 1e-9, "{tp} + {pp} {loss}: {got} vs eval {want}");
        if loss != "generalized_dice" {
            assert_eq!(got.to_bits(), want.to_bits(), "{tp} + {pp} {loss}: bit for bit");
        }
    }
}

/// The 16-bit PNG mask stored as 0/1 (which the old 8-bit conversion read as empty) is a
/// mask with its foreground, and every loss on it and a 16-bit probability map equals eval.
#[test]
fn sixteen_bit_mask_is_read_as_a_mask() {
    let manifest = manifest();
    let target = file(&manifest, "png_u16_mask_0_1.png");
    let raw = numbers(&target["raw"]);
    assert!(raw.iter().all(|&v| v == 0.0 || v == 1.0), "stored as 0/1");
    let foreground = raw.iter().filter(|&&v| v == 1.0).count();
    assert!(foreground > 0);
    let pred = file(&manifest, "png_u16_prob.png");
    check(&target, &pred, &[]);
    let out = eval_files("files/png_u16_mask_0_1.png", "files/png_u16_prob.png");
    assert_eq!(out["foreground_pixels"], foreground);
}

/// Every 2-D target of `files/` against one prediction, every 2-D prediction against the
/// 16-bit mask; every 3-D target against one volume of probabilities and every 3-D
/// prediction against one mask (NIfTI (10, 8, 3) and .npy [3, 8, 10]; 3-D is pooled over
/// all voxels). A few losses of each family are compared.
#[test]
fn every_format_agrees_with_eval_on_the_manifest() {
    let manifest = manifest();
    let losses = ["bce", "dice", "generalized_dice", "lovasz_hinge", "hausdorff_dt", "cldice"];
    let files = manifest["files"].as_array().expect("files").clone();
    let with_shape = |role: &str, shape: Value| -> Vec<Value> {
        files.iter().filter(|f| f["role"] == role && f["shape"] == shape).cloned().collect()
    };
    let cases = [
        (json!([12, 16]), "npy_f64_prob.npy", "png_u16_mask_0_1.png"),
        (json!([10, 8, 3]), "nii_f64_prob.nii.gz", "nii_i16_mask_3d.nii.gz"),
        (json!([3, 8, 10]), "npy3d_f32_prob.npy", "npy3d_u8_mask.npy"),
    ];
    let mut checked = 0;
    for (shape, pred, target) in cases {
        let (pred, target) = (file(&manifest, pred), file(&manifest, target));
        for t in with_shape("target", shape.clone()) {
            check(&t, &pred, &losses);
            checked += 1;
        }
        for p in with_shape("prediction", shape.clone()) {
            check(&target, &p, &losses);
            checked += 1;
        }
    }
    assert!(checked >= 40, "{checked} files");
}

/// A volume's table says it is pooled over its voxels.
#[test]
fn volume_table_names_the_planes() {
    let (t, p) =
        (fixtures().join("files/npy3d_u8_mask.npy"), fixtures().join("files/npy3d_f32_prob.npy"));
    let (t, p) = (t.display().to_string(), p.display().to_string());
    let run = losslab(&["eval", "--target", &t, "--pred", &p, "--loss", "dice"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let first = run.stdout.lines().next().expect("a header");
    assert!(first.contains("3 planes of 10×8 = 240 voxels (pooled"), "{first}");
}
