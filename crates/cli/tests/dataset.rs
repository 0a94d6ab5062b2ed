//! `losslab dataset` on the fixtures of `fixtures/data/` (files written by NumPy, nibabel and
//! Pillow). The outside oracle is `manifest.json`: the arrays as NumPy/nibabel read them.
//! Every loss value must equal `losslab eval`'s on a JSON case built from those arrays (not
//! from our reading of the files), the metrics a hand count on them.

mod common;
use common::data::{eval_value, fixtures, manifest, numbers, try_eval};
use common::{float, losslab};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The manifest's set whose `dir` is `dir`.
fn set(manifest: &Value, dir: &str) -> Value {
    let sets = manifest["sets"].as_array().expect("sets");
    sets.iter().find(|s| s["dir"] == dir).unwrap_or_else(|| panic!("no set {dir}")).clone()
}

/// Every loss name, as `losslab eval` knows them (from `losslab dataset`'s own default list
/// would be circular: the list is checked against the `eval --target` report instead).
fn all_losses() -> Vec<String> {
    let dir = fixtures().join("files");
    let t = dir.join("png_u8_mask_0_255.png").display().to_string();
    let p = dir.join("png_u8_prob.png").display().to_string();
    let run = losslab(&["eval", "--target", &t, "--pred", &p, "--json"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out: Value = serde_json::from_str(&run.stdout).expect("JSON");
    let names: Vec<String> = out["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["loss"].as_str().expect("a name").to_string())
        .collect();
    assert_eq!(names.len(), 21, "{names:?}");
    names
}

/// Runs `losslab dataset args… --json`: exit status, the JSON, stderr.
fn dataset_json(args: &[&str]) -> (i32, Value, String) {
    let mut all = vec!["dataset"];
    all.extend_from_slice(args);
    all.push("--json");
    let run = losslab(&all, "");
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let out = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {:?} {}", run.stdout, run.stderr));
    (run.code, out, run.stderr)
}

/// Dice, IoU, precision and recall at p ≥ 0.5 counted by hand from the manifest's arrays
/// (for logits, σ(z) ≥ 0.5 exactly when z ≥ 0), with the conventions of the race's
/// metrics: Dice and IoU are 1 with neither target nor prediction pixels, precision 0 with
/// no predicted pixel, recall 0 with no target pixel.
fn hand_metrics(pair: &Value) -> [f64; 4] {
    let y = numbers(&pair["target"]);
    let positive: Vec<bool> = match pair.get("logit") {
        Some(z) => numbers(z).iter().map(|&z| z >= 0.0).collect(),
        None => numbers(&pair["prob"]).iter().map(|&p| p >= 0.5).collect(),
    };
    let (mut tp, mut fp, mut fneg) = (0.0, 0.0, 0.0);
    for (&y, &hit) in y.iter().zip(&positive) {
        match (y >= 0.5, hit) {
            (true, true) => tp += 1.0,
            (false, true) => fp += 1.0,
            (true, false) => fneg += 1.0,
            (false, false) => {}
        }
    }
    let ratio = |num: f64, den: f64, empty: f64| if den > 0.0 { num / den } else { empty };
    [
        ratio(2.0 * tp, 2.0 * tp + fp + fneg, 1.0),
        ratio(tp, tp + fp + fneg, 1.0),
        ratio(tp, tp + fp, 0.0),
        ratio(tp, tp + fneg, 0.0),
    ]
}

/// Every loss's value per pair name, from `losslab eval` on the manifest's arrays.
type Oracle = BTreeMap<String, BTreeMap<String, f64>>;

fn oracle(pairs: &[Value], losses: &[String]) -> Oracle {
    pairs
        .iter()
        .map(|pair| {
            let name = pair["name"].as_str().expect("name").to_string();
            let values =
                losses.iter().map(|l| (l.clone(), eval_value(pair, l, json!({})))).collect();
            (name, values)
        })
        .collect()
}

/// How many values were compared, how many were equal bit for bit, and the largest
/// difference (the test asserts 1e-9; the tally is printed for the record).
#[derive(Default, Debug)]
struct Tally {
    compared: usize,
    bitwise: usize,
    not_bitwise: Vec<String>,
    max_diff: f64,
}

/// Checks `out` (dataset's JSON) against the manifest's `pairs` and the `eval` oracle.
fn check_images(out: &Value, pairs: &[Value], oracle: &Oracle, losses: &[String]) -> Tally {
    let images = out["images"].as_array().expect("images");
    assert_eq!(images.len(), pairs.len(), "{out}");
    let mut tally = Tally::default();
    for pair in pairs {
        let name = pair["name"].as_str().expect("name");
        let image = images.iter().find(|i| i["name"] == name).unwrap_or_else(|| panic!("{name}"));
        assert_eq!(image["shape"], pair["shape"], "{name}");
        assert_eq!(image["target_pixels"], pair["target_pixels"], "{name}");
        let pixels: u64 = pair["shape"]
            .as_array()
            .expect("shape")
            .iter()
            .map(|d| d.as_u64().expect("a size"))
            .product();
        assert_eq!(image["pixels"], pixels, "{name}");
        let got = image["losses"].as_object().expect("losses");
        let keys: Vec<&String> = got.keys().collect();
        assert_eq!(keys.len(), losses.len(), "{name}: {keys:?}");
        for loss in losses {
            let want = oracle[name][loss];
            let value = float(&got[loss.as_str()]);
            assert!(
                (value - want).abs() <= 1e-9,
                "{name} {loss}: dataset {value} vs eval {want} (diff {:e})",
                value - want
            );
            tally.compared += 1;
            if value.to_bits() == want.to_bits() {
                tally.bitwise += 1;
            } else if !tally.not_bitwise.contains(loss) {
                tally.not_bitwise.push(loss.clone());
            }
            tally.max_diff = tally.max_diff.max((value - want).abs());
        }
        let metrics = &image["metrics"];
        let want = hand_metrics(pair);
        for (key, want) in ["dice", "iou", "precision", "recall"].iter().zip(want) {
            let got = float(&metrics[*key]);
            assert!((got - want).abs() <= 1e-12, "{name} {key}: {got} vs {want}");
        }
    }
    for loss in losses {
        let shares: Vec<f64> =
            images.iter().map(|i| float(&i["gradient_share"][loss.as_str()])).collect();
        let sum: f64 = shares.iter().sum();
        assert!((sum - 1.0).abs() <= 1e-12, "{loss}: shares {shares:?} sum to {sum}");
        assert!(shares.iter().all(|s| (0.0..=1.0).contains(s)), "{loss}: {shares:?}");
    }
    check_summary(out, pairs, losses);
    tally
}

/// The summary: one row per non-empty size bin (the manifest's target pixels), each the
/// mean of its images, and its gradient share the sum of theirs.
fn check_summary(out: &Value, pairs: &[Value], losses: &[String]) {
    let images = out["images"].as_array().expect("images");
    let summary = &out["summary"];
    assert_eq!(summary["images"], images.len());
    let bin = |px: u64| match px {
        0 => "empty",
        1..=9 => "1-9",
        10..=99 => "10-99",
        100..=999 => "100-999",
        _ => "1000+",
    };
    let mut want: Vec<&str> =
        pairs.iter().map(|p| bin(p["target_pixels"].as_u64().expect("px"))).collect();
    let order = ["empty", "1-9", "10-99", "100-999", "1000+"];
    want.sort_by_key(|b| order.iter().position(|o| o == b));
    want.dedup();
    let rows = summary["bins"].as_array().expect("bins");
    let got: Vec<&str> = rows.iter().map(|r| r["bin"].as_str().expect("bin")).collect();
    assert_eq!(got, want);
    let mut groups: Vec<(&Value, Vec<&Value>)> = rows
        .iter()
        .map(|row| {
            let members = images
                .iter()
                .filter(|i| bin(i["target_pixels"].as_u64().expect("px")) == row["bin"])
                .collect();
            (row, members)
        })
        .collect();
    groups.push((&summary["all"], images.iter().collect()));
    for (row, members) in groups {
        assert_eq!(row["images"], members.len(), "{row}");
        let n = members.len() as f64;
        for loss in losses {
            let mean: f64 =
                members.iter().map(|i| float(&i["losses"][loss.as_str()])).sum::<f64>() / n;
            let got = float(&row["losses"][loss.as_str()]);
            assert!((got - mean).abs() <= 1e-12 * mean.abs().max(1.0), "{loss}: {got} vs {mean}");
            let share: f64 =
                members.iter().map(|i| float(&i["gradient_share"][loss.as_str()])).sum();
            let got = float(&row["gradient_share"][loss.as_str()]);
            assert!((got - share).abs() <= 1e-12, "{loss}: {got} vs {share}");
        }
        for key in ["dice", "iou", "precision", "recall"] {
            let mean: f64 = members.iter().map(|i| float(&i["metrics"][key])).sum::<f64>() / n;
            assert!((float(&row["metrics"][key]) - mean).abs() <= 1e-12, "{key}");
        }
    }
}

fn path(rel: &str) -> String {
    fixtures().join(rel).display().to_string()
}

/// set2d from its two folders and from `set2d.zip` (via `--data`): every loss on every
/// pair equals `losslab eval` on NumPy's/nibabel's/Pillow's arrays.
#[test]
fn set2d_folders_and_zip_agree_with_eval() {
    let manifest = manifest();
    let losses = all_losses();
    let folder = set(&manifest, "set2d");
    let zipped = set(&manifest, "set2d.zip");
    let pairs = folder["pairs"].as_array().expect("pairs").clone();
    for (a, b) in pairs.iter().zip(zipped["pairs"].as_array().expect("pairs")) {
        assert_eq!((&a["target"], &a["prob"]), (&b["target"], &b["prob"]), "same arrays");
    }
    let oracle = oracle(&pairs, &losses);
    let (code, out, stderr) = dataset_json(&[
        "--targets",
        &path("set2d/targets"),
        "--preds",
        &path("set2d/preds"),
        "--images",
        &path("set2d/images"),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(out["errors"], json!([]));
    let a = check_images(&out, &pairs, &oracle, &losses);
    for image in out["images"].as_array().expect("images") {
        let name = image["name"].as_str().expect("name");
        let shown = image["image"].as_str().expect("the paired image");
        assert!(shown.ends_with(&format!("images/{name}.png")), "{shown}");
    }
    let (code, out, stderr) = dataset_json(&["--data", &path("set2d.zip")]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(out["errors"], json!([]));
    let b = check_images(&out, &pairs, &oracle, &losses);
    eprintln!("set2d: {a:?}; set2d.zip: {b:?}");
}

/// set3d: volumes are one image each, every loss over all voxels, as `eval` with
/// `shape [D, H, W]` and `batch = "pooled"`.
#[test]
fn set3d_pooled_agrees_with_eval() {
    let manifest = manifest();
    let losses = all_losses();
    let pairs = set(&manifest, "set3d")["pairs"].as_array().expect("pairs").clone();
    let oracle = oracle(&pairs, &losses);
    let (code, out, stderr) = dataset_json(&["--data", &path("set3d")]);
    assert_eq!(code, 0, "{stderr}");
    let t = check_images(&out, &pairs, &oracle, &losses);
    eprintln!("set3d: {t:?}");
}

/// `--slices`: each plane of each volume is its own image `name[z]`, equal to `eval` on that
/// plane's `[H, W]` arrays cut from the manifest.
#[test]
fn set3d_slices_agree_with_eval_per_plane() {
    let manifest = manifest();
    let losses: Vec<String> = ["dice", "bce", "lovasz_hinge", "hausdorff_dt", "cldice"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut planes = Vec::new();
    for pair in set(&manifest, "set3d")["pairs"].as_array().expect("pairs") {
        let shape = numbers(&pair["shape"]);
        let (d, h, w) = (shape[0] as usize, shape[1] as usize, shape[2] as usize);
        let (y, p) = (numbers(&pair["target"]), numbers(&pair["prob"]));
        for z in 0..d {
            let cut = |v: &[f64]| v[z * h * w..(z + 1) * h * w].to_vec();
            let target = cut(&y);
            let px = target.iter().filter(|&&v| v >= 0.5).count();
            planes.push(json!({
                "name": format!("{}[{z}]", pair["name"].as_str().expect("name")),
                "shape": [h, w],
                "target_pixels": px,
                "target": target,
                "prob": cut(&p),
            }));
        }
    }
    let oracle = oracle(&planes, &losses);
    let mut args = vec!["--data".to_string(), path("set3d"), "--slices".to_string()];
    for l in &losses {
        args.extend(["--loss".to_string(), l.clone()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, out, stderr) = dataset_json(&args);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(out["images"].as_array().expect("images").len(), 12);
    check_images(&out, &planes, &oracle, &losses);
}

/// set_logits with `--logits`: the predictions are logits (`eval`'s `logit` field).
#[test]
fn set_logits_agrees_with_eval_on_logits() {
    let manifest = manifest();
    let losses = all_losses();
    let logits = set(&manifest, "set_logits");
    assert_eq!(logits["logits"], true);
    let pairs = logits["pairs"].as_array().expect("pairs").clone();
    let oracle = oracle(&pairs, &losses);
    let (code, out, stderr) = dataset_json(&["--data", &path("set_logits"), "--logits"]);
    assert_eq!(code, 0, "{stderr}");
    let t = check_images(&out, &pairs, &oracle, &losses);
    eprintln!("set_logits: {t:?}");
    // Without the switch, logits outside [0, 1] are refused, naming the file.
    let (code, out, _) = dataset_json(&["--data", &path("set_logits")]);
    assert_eq!(code, 2);
    let errors = out["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 2, "{errors:?}");
    for e in errors {
        let line = e["error"].as_str().expect("error");
        assert!(line.contains("preds/") && line.contains("outside [0, 1]"), "{line}");
        assert!(line.contains("--logits"), "the message says how to read logits: {line}");
    }
}

/// set_bad: the good pair is evaluated, each bad one listed with its word, exit status 2;
/// the table mode prints the errors on stderr, one line each naming the file.
#[test]
fn set_bad_lists_every_error_and_evaluates_the_good_pair() {
    let manifest = manifest();
    let bad = set(&manifest, "set_bad");
    let losses = all_losses();
    let pairs = bad["pairs"].as_array().expect("pairs").clone();
    let oracle = oracle(&pairs, &losses);
    let (code, out, stderr) = dataset_json(&["--data", &path("set_bad")]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error: 4 files or pairs rejected"), "{stderr}");
    check_images(&out, &pairs, &oracle, &losses);
    let errors = out["errors"].as_array().expect("errors");
    let expected = bad["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), expected.len(), "{errors:?}");
    for want in expected {
        let name = want["name"].as_str().expect("name");
        let got = errors
            .iter()
            .find(|e| e["name"] == name)
            .unwrap_or_else(|| panic!("{name} not in {errors:?}"));
        let line = got["error"].as_str().expect("error");
        let words = numbers_or_words(&want["expect_any"]);
        assert!(words.iter().any(|w| line.contains(w.as_str())), "{name}: {line} ({words:?})");
        assert!(line.contains(&format!("{name}.")), "names the file: {line}");
        assert!(!line.contains('\n'));
    }
    let run = losslab(&["dataset", "--data", &path("set_bad"), "--loss", "dice"], "");
    assert_eq!(run.code, 2);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 4, "{}", run.stderr);
    assert!(lines.iter().all(|l| l.starts_with("error: ") && l.contains("set_bad/")), "{lines:?}");
    assert!(run.stdout.contains("good"), "{}", run.stdout);
}

fn numbers_or_words(value: &Value) -> Vec<String> {
    value
        .as_array()
        .expect("a list")
        .iter()
        .map(|v| v.as_str().expect("a word").to_string())
        .collect()
}

/// A fresh temporary folder.
fn temp(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("dataset-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("targets")).expect("temp dir");
    std::fs::create_dir_all(dir.join("preds")).expect("temp dir");
    dir
}

/// A uint8 `.npy` of zeros (a valid empty mask) of `shape`, written by hand: the magic,
/// version 1.0, the header's length and its dict, padded to 64 bytes and ended by `\n`.
fn zeros_npy(shape: &[usize]) -> Vec<u8> {
    let dims: Vec<String> = shape.iter().map(|d| d.to_string()).collect();
    let mut header =
        format!("{{'descr': '|u1', 'fortran_order': False, 'shape': ({}), }}", dims.join(", "));
    while (10 + header.len() + 1) % 64 != 0 {
        header.push(' ');
    }
    header.push('\n');
    let mut out = b"\x93NUMPY\x01\x00".to_vec();
    out.extend_from_slice(&(header.len() as u16).to_le_bytes());
    out.extend_from_slice(header.as_bytes());
    out.resize(out.len() + shape.iter().product::<usize>(), 0);
    out
}

/// The shape in a `.npy` header, read from its text `'shape': (H, W)`.
fn npy_shape(bytes: &[u8]) -> Vec<usize> {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(256)]).to_string();
    let start = text.find("'shape': (").expect("a shape") + "'shape': (".len();
    let end = start + text[start..].find(')').expect("a closing parenthesis");
    text[start..end]
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().parse().expect("a size"))
        .collect()
}

/// The extension of a fixture's name (`.nii.gz` whole); a file that is none of the data
/// extensions keeps its bytes under `.png` (the reader goes by the bytes; the folder walk
/// by the extension).
fn extension(name: &str) -> &str {
    for ext in [".nii.gz", ".nii", ".npy", ".png", ".jpg"] {
        if name.ends_with(ext) {
            return ext;
        }
    }
    ".png"
}

/// Every file of `bad/` as a one-pair set: a target (with a valid partner) or a prediction
/// (with a valid empty mask of its shape), or an archive given to `--data`. Each gives exit
/// status 2, one error holding its word, and no panic; `eval --target/--pred` refuses the
/// same files with one line.
#[test]
fn every_bad_file_is_refused_with_its_word() {
    let manifest = manifest();
    let partner = std::fs::read(fixtures().join("files/npy_f64_prob.npy")).expect("partner");
    for bad in manifest["bad"].as_array().expect("bad") {
        let rel = bad["path"].as_str().expect("path");
        let words = numbers_or_words(&bad["expect_any"]);
        let file = fixtures().join(rel);
        let name = rel.rsplit('/').next().expect("a name");
        let role = bad["role"].as_str().expect("role");
        let (args, eval_args) = if role == "archive" {
            (vec!["--data".to_string(), file.display().to_string()], None)
        } else {
            let dir = temp(name);
            let bytes = std::fs::read(&file).expect("bad file");
            let ext = extension(name);
            let (t, p) = (dir.join(format!("targets/x{ext}")), dir.join("preds/x.npy"));
            if role == "prediction" {
                std::fs::write(dir.join("targets/x.npy"), zeros_npy(&npy_shape(&bytes)))
                    .expect("write");
                std::fs::write(dir.join(format!("preds/x{ext}")), &bytes).expect("write");
            } else {
                std::fs::write(&t, &bytes).expect("write");
                std::fs::write(&p, &partner).expect("write");
            }
            let eval = if role == "prediction" {
                (dir.join("targets/x.npy"), dir.join(format!("preds/x{ext}")))
            } else {
                (t, p)
            };
            (vec!["--data".to_string(), dir.display().to_string()], Some(eval))
        };
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, out, stderr) = dataset_json(&args);
        assert_eq!(code, 2, "{rel}: {out} {stderr}");
        let errors = out["errors"].as_array().expect("errors");
        assert_eq!(errors.len(), 1, "{rel}: {errors:?}");
        let line = errors[0]["error"].as_str().expect("error");
        assert!(words.iter().any(|w| line.contains(w.as_str())), "{rel}: {line} ({words:?})");
        assert!(!line.contains('\n'), "{rel}: {line}");
        assert_eq!(out["images"], json!([]), "{rel}");
        if let Some((t, p)) = eval_args {
            let (t, p) = (t.display().to_string(), p.display().to_string());
            let line = common::expect_error(&["eval", "--target", &t, "--pred", &p], "");
            assert!(words.iter().any(|w| line.contains(w.as_str())), "eval {rel}: {line}");
        }
    }
}

/// `--set`: a loss-qualified key sets one loss's parameter, a bare key every selected loss
/// that has it; a key no selected loss has, a value out of range, a loss not selected, an
/// unknown loss, a missing folder: exit status 2 and one line naming it.
#[test]
fn set_flags_reach_the_losses_they_name() {
    let manifest = manifest();
    let pairs = set(&manifest, "set2d")["pairs"].as_array().expect("pairs").clone();
    let targets = path("set2d/targets");
    let preds = path("set2d/preds");
    let base = ["--targets", targets.as_str(), "--preds", preds.as_str()];
    let value = |out: &Value, name: &str, loss: &str| {
        let images = out["images"].as_array().expect("images");
        float(&images.iter().find(|i| i["name"] == name).expect("image")["losses"][loss])
    };
    // dice.smooth=0 for dice only; iou keeps its default smooth.
    let mut args = base.to_vec();
    args.extend(["--loss", "dice", "--loss", "iou", "--set", "dice.smooth=0"]);
    let (code, out, stderr) = dataset_json(&args);
    assert_eq!(code, 0, "{stderr}");
    for pair in &pairs {
        let name = pair["name"].as_str().expect("name");
        assert_eq!(value(&out, name, "dice"), eval_value(pair, "dice", json!({"smooth": 0})));
        assert_eq!(value(&out, name, "iou"), eval_value(pair, "iou", json!({})));
    }
    // Bare keys reach every selected loss that has them (eval decides which have: it
    // refuses a key a loss does not have), and no other.
    let chosen = ["dice", "iou", "tversky", "bce", "focal", "focal_tversky", "cldice"];
    let mut args = base.to_vec();
    for loss in chosen {
        args.extend(["--loss", loss]);
    }
    args.extend(["--set", "smooth=0.5", "--set", "gamma=3"]);
    let mut all = vec!["dataset"];
    all.extend_from_slice(&args);
    all.push("--json");
    let run = losslab(&all, "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out: Value = serde_json::from_str(&run.stdout).expect("JSON");
    // The losses keep the order given (read from the text: a parsed map is sorted).
    let start = run.stdout.find("\"losses\":{").expect("losses") + "\"losses\":{".len();
    let end = start + run.stdout[start..].find('}').expect("the map's end");
    let keys: Vec<&str> =
        run.stdout[start..end].split(',').map(|kv| kv.split('"').nth(1).expect("a key")).collect();
    assert_eq!(keys, chosen, "the losses in the order given");
    let mut hits = BTreeMap::new();
    for pair in &pairs[..3] {
        let name = pair["name"].as_str().expect("name");
        for loss in chosen {
            let mut params = json!({});
            for (key, v) in [("smooth", json!(0.5)), ("gamma", json!(3))] {
                let mut one = json!({});
                one[key] = v.clone();
                match try_eval(pair, loss, one) {
                    Ok(_) => {
                        params[key] = v;
                        *hits.entry(key).or_insert(0) += 1;
                    }
                    Err(line) => assert!(line.contains("has no parameter"), "{line}"),
                }
            }
            assert_eq!(value(&out, name, loss), eval_value(pair, loss, params), "{name} {loss}");
        }
    }
    assert!(hits["smooth"] >= 2 * 3 && hits["gamma"] >= 2 * 3, "several losses each: {hits:?}");
    let error = |extra: &[&str]| {
        let mut args = vec!["dataset"];
        args.extend_from_slice(&base);
        args.extend_from_slice(extra);
        common::expect_error(&args, "")
    };
    let line = error(&["--loss", "dice", "--set", "nope=1"]);
    assert!(line.contains("\"nope\"") && line.contains("--set"), "{line}");
    let line = error(&["--loss", "bce", "--set", "smooth=1"]);
    assert!(line.contains("smooth"), "{line}");
    let line = error(&["--set", "dice.smooth=-1"]);
    assert!(line.contains("smooth") && line.contains("dice"), "{line}");
    let line = error(&["--loss", "dice", "--set", "focal.gamma=2"]);
    assert!(line.contains("focal") && line.contains("--loss focal"), "{line}");
    let line = error(&["--set", "dise.smooth=0"]);
    assert!(line.contains("\"dise\""), "{line}");
    let line = error(&["--set", "smooth"]);
    assert!(line.contains("KEY=VALUE"), "{line}");
    let line = error(&["--loss", "nope"]);
    assert!(line.contains("unknown loss") && line.contains("nope"), "{line}");
    let missing = fixtures().join("no-such-folder").display().to_string();
    let line = common::expect_error(&["dataset", "--targets", &missing, "--preds", &preds], "");
    assert!(line.contains("no-such-folder"), "{line}");
    let line = common::expect_error(&["dataset", "--data", &missing], "");
    assert!(line.contains("no-such-folder"), "{line}");
    let not_zip = path("files/npy_u8_mask.npy");
    let line = common::expect_error(&["dataset", "--data", &not_zip], "");
    assert!(line.contains("neither a folder nor a .zip"), "{line}");
    let empty = temp("empty");
    let line = common::expect_error(&["dataset", "--data", &empty.display().to_string()], "");
    assert!(line.contains("no target–prediction pairs"), "{line}");
}

/// The table: image rows sorted by object size (then name), under their size bins in
/// order, each bin closed by its mean row; the losses as columns.
#[test]
fn table_is_sorted_by_object_size() {
    let manifest = manifest();
    let mut pairs: Vec<(u64, String)> = set(&manifest, "set2d")["pairs"]
        .as_array()
        .expect("pairs")
        .iter()
        .map(|p| {
            (
                p["target_pixels"].as_u64().expect("px"),
                p["name"].as_str().expect("name").to_string(),
            )
        })
        .collect();
    pairs.sort();
    let run =
        losslab(&["dataset", "--data", &path("set2d"), "--loss", "dice", "--loss", "bce"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines[1].starts_with("image") && lines[1].ends_with("dice        bce"), "{}", lines[1]);
    let rows: Vec<(&str, u64)> = lines
        .iter()
        .filter(|l| l.starts_with("case"))
        .map(|l| {
            let cells: Vec<&str> = l.split_whitespace().collect();
            (cells[0], cells[2].parse().expect("object pixels"))
        })
        .collect();
    let want: Vec<(&str, u64)> = pairs.iter().map(|(px, n)| (n.as_str(), *px)).collect();
    assert_eq!(rows, want, "{}", run.stdout);
    let bins: Vec<&str> = lines.iter().filter(|l| l.starts_with("── ")).copied().collect();
    assert_eq!(
        bins,
        [
            "── empty ──",
            "── 1–9 px ──",
            "── 10–99 px ──",
            "── 100–999 px ──",
            "── ≥ 1,000 px ──",
            "── every image ──"
        ]
    );
    let means = lines.iter().filter(|l| l.starts_with("  mean (")).count();
    assert_eq!(means, 6, "one mean row per bin and one for every image");
}

/// Hidden files and files that are not data are left out (with a note), not errors.
#[test]
fn non_data_and_hidden_files_are_left_out() {
    let dir = temp("skip");
    let copy = |from: &str, to: &str| {
        std::fs::copy(fixtures().join(from), dir.join(to)).expect("copy");
    };
    copy("set2d/targets/case03.npy", "targets/case03.npy");
    copy("set2d/preds/case03.png", "preds/case03.png");
    copy("set2d/targets/case02.png", "targets/.case02.png");
    std::fs::write(dir.join("preds/README.txt"), "notes").expect("write");
    let (code, out, stderr) = dataset_json(&["--data", &dir.display().to_string()]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(out["images"].as_array().expect("images").len(), 1);
    assert!(stderr.contains("1 file left out"), "{stderr}");
}

/// The corrupt `.nii.gz` of `bad/` (zlib: "invalid distance too far back" after 7,120 of
/// its 14,176 bytes). miniz_oxide's streaming inflater does not flag the too-far distance,
/// so only the gzip trailer's CRC-32 catches it: the core inflates the stream to its end.
/// Here with a partner of the same shape, so a silent decode would be evaluated (exit 0).
const CORRUPT_GZIP: &str = "bad/nii_gz_corrupt_deflate.nii.gz";

#[test]
fn corrupt_gzip_is_refused() {
    let dir = temp("corrupt-gzip");
    std::fs::copy(fixtures().join(CORRUPT_GZIP), dir.join("targets/x.nii.gz")).expect("copy");
    std::fs::write(dir.join("preds/x.npy"), zeros_npy(&[24, 24, 6])).expect("write");
    let (code, out, stderr) = dataset_json(&["--data", &dir.display().to_string()]);
    assert_eq!(code, 2, "{out} {stderr}");
    let line = out["errors"][0]["error"].as_str().expect("an error");
    assert!(line.contains("gzip"), "{line}");
}

/// Over the limit of 500 files in one import: the pairs read first are evaluated, the
/// pair whose files pass the limit is listed with the limit, and the status is 2.
#[test]
fn file_limit_refuses_the_pairs_past_it() {
    let dir = temp("limit");
    let mask = zeros_npy(&[2, 2]);
    for k in 0..251 {
        std::fs::write(dir.join(format!("targets/x{k:03}.npy")), &mask).expect("write");
        std::fs::write(dir.join(format!("preds/x{k:03}.npy")), &mask).expect("write");
    }
    let (code, out, stderr) =
        dataset_json(&["--data", &dir.display().to_string(), "--loss", "bce"]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(out["images"].as_array().expect("images").len(), 250, "500 files = 250 pairs");
    let errors = out["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["name"], "x250");
    let line = errors[0]["error"].as_str().expect("error");
    assert!(line.contains("limit of 500 files") && line.contains("x250.npy"), "{line}");
}

#[test]
fn a_large_pair_is_evaluated_alone_between_small_ones() {
    // Two empty 17 × 256 × 256 volumes are 2,228,224 values, over the 2^21 that are decoded
    // side by side with other pairs: this pair takes the path that runs alone. Empty target,
    // empty prediction: Dice and IoU with smooth 1 are 1 − 1/1 = 0 by hand.
    let dir = temp("large");
    for (name, shape) in [("a", &[2usize, 2][..]), ("b", &[17, 256, 256]), ("c", &[3, 3])] {
        let mask = zeros_npy(shape);
        std::fs::write(dir.join(format!("targets/{name}.npy")), &mask).expect("write");
        std::fs::write(dir.join(format!("preds/{name}.npy")), &mask).expect("write");
    }
    let (code, out, stderr) =
        dataset_json(&["--data", &dir.display().to_string(), "--loss", "dice", "--loss", "iou"]);
    assert_eq!(code, 0, "{stderr}");
    let images = out["images"].as_array().expect("images");
    let names: Vec<&str> = images.iter().map(|i| i["name"].as_str().expect("name")).collect();
    assert_eq!(names, ["a", "b", "c"]);
    assert_eq!(images[1]["shape"], json!([17, 256, 256]));
    for image in images {
        assert_eq!(float(&image["losses"]["dice"]), 0.0, "{image}");
        assert_eq!(float(&image["losses"]["iou"]), 0.0, "{image}");
    }
}
