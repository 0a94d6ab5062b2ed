//! The own-data loader against files written by NumPy, nibabel and Pillow
//! (`fixtures/data/`, made by `tools/oracle/make_data_fixtures.py`): every value must equal
//! what those libraries read (the manifest), every bad file must be refused with its word,
//! and no mutation of a good file may panic.

use losslab_core::data::{self, decode, pair_files, role_of, unzip, Array, Budget, Pair, Role};
use proptest::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/data")
}

fn manifest() -> Value {
    let text = std::fs::read_to_string(root().join("manifest.json")).expect("manifest");
    serde_json::from_str(&text).expect("manifest is JSON")
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array().expect("array").iter().map(|x| x.as_f64().expect("number")).collect()
}

fn shape(v: &Value) -> Vec<usize> {
    v.as_array().expect("shape").iter().map(|x| x.as_u64().expect("dim") as usize).collect()
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(root().join(path)).expect("fixture")
}

/// Exact equality, with the first difference named.
fn same(name: &str, got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "{name}: length");
    if let Some(i) = (0..got.len()).find(|&i| got[i].to_bits() != want[i].to_bits()) {
        panic!("{name}: value {i} is {} where the library read {}", got[i], want[i]);
    }
}

#[test]
fn every_good_file_reads_as_the_libraries_read_it() {
    let m = manifest();
    let files = m["files"].as_array().expect("files");
    assert!(files.len() >= 40, "the manifest lists {} files", files.len());
    for f in files {
        let path = f["path"].as_str().expect("path");
        let array: Array = decode(path, &read(path)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(array.shape, shape(&f["shape"]), "{path}: shape");
        let want = floats(&f["values"]);
        match f["role"].as_str().expect("role") {
            "target" => same(path, &array.to_target().expect("target"), &want),
            "prediction" => {
                let (prob, logit) = array.to_prediction(false).expect("prediction");
                assert!(logit.is_none());
                same(path, &prob, &want);
            }
            "logits" => {
                let (prob, logit) = array.to_prediction(true).expect("logits");
                same(path, &logit.expect("logits kept"), &want);
                let sig: Vec<f64> = want.iter().map(|&z| losslab_core::sigmoid(z)).collect();
                same(path, &prob, &sig);
            }
            other => panic!("{path}: role {other}"),
        }
    }
}

/// The 16-bit 0/1 mask `losslab eval` used to read as empty (it went through 8 bits).
#[test]
fn a_16_bit_zero_one_mask_is_a_mask() {
    let m = manifest();
    let f = m["files"]
        .as_array()
        .expect("files")
        .iter()
        .find(|f| f["path"].as_str().is_some_and(|p| p.contains("u16") && p.contains("mask")))
        .expect("a 16-bit mask fixture");
    let path = f["path"].as_str().expect("path");
    let target = decode(path, &read(path)).expect("decodes").to_target().expect("target");
    let ones = target.iter().filter(|&&y| y == 1.0).count();
    assert!(ones > 0, "{path} read as empty");
    assert_eq!(ones, floats(&f["values"]).iter().filter(|&&y| y == 1.0).count());
}

fn refusal(path: &str, role: &str) -> String {
    let bytes = read(path);
    if role == "archive" {
        return unzip(&bytes, &mut Budget::default()).map(|_| ()).err().unwrap_or_default();
    }
    match decode(path, &bytes) {
        Err(e) => e.to_string(),
        Ok(a) if role == "prediction" => {
            a.to_prediction(false).map(|_| ()).err().unwrap_or_default()
        }
        Ok(a) => a.to_target().map(|_| ()).err().unwrap_or_default(),
    }
}

#[test]
fn every_bad_file_is_refused_with_a_reason() {
    let m = manifest();
    for b in m["bad"].as_array().expect("bad") {
        let path = b["path"].as_str().expect("path");
        let role = b["role"].as_str().expect("role");
        let reason = refusal(path, role);
        assert!(!reason.is_empty(), "{path} was accepted");
        assert!(!reason.contains('\n'), "{path}: more than one line: {reason}");
        let words: Vec<&str> =
            b["expect_any"].as_array().expect("words").iter().filter_map(Value::as_str).collect();
        assert!(
            words.iter().any(|w| reason.to_lowercase().contains(w)),
            "{path}: \"{reason}\" names none of {words:?}"
        );
    }
}

/// Every data file under `dir`, paths relative to it.
fn files_under(dir: &Path, prefix: &str, out: &mut Vec<(String, Vec<u8>)>) {
    let mut entries: Vec<_> =
        std::fs::read_dir(dir).expect("dir").map(|e| e.expect("entry")).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = format!("{prefix}{}", e.file_name().to_string_lossy());
        if e.path().is_dir() {
            files_under(&e.path(), &format!("{name}/"), out);
        } else {
            out.push((name, std::fs::read(e.path()).expect("file")));
        }
    }
}

/// Pairs and decodes a set's files; the pairs and the one-line errors.
fn load(files: &[(String, Vec<u8>)], logits: bool) -> (Vec<Pair>, Vec<String>) {
    let roles: Vec<(String, Role)> = files
        .iter()
        .filter(|(p, _)| data::is_data_file(p))
        .filter_map(|(p, _)| role_of(p).map(|r| (p.clone(), r)))
        .collect();
    let pairing = pair_files(&roles);
    let mut errors: Vec<String> = pairing.errors.iter().map(ToString::to_string).collect();
    let mut pairs = Vec::new();
    let bytes = |path: &str| &files.iter().find(|(p, _)| p == path).expect("listed").1;
    for p in &pairing.pairs {
        let (t, q) = (&roles[p.target].0, &roles[p.pred].0);
        let result = decode(t, bytes(t)).and_then(|target| {
            decode(q, bytes(q)).and_then(|pred| {
                Pair::new(&p.name, &target, &pred, logits)
                    .map_err(|e| data::DataError::new(p.name.clone(), e))
            })
        });
        match result {
            Ok(pair) => pairs.push(pair),
            Err(e) => errors.push(e.to_string()),
        }
    }
    (pairs, errors)
}

#[test]
fn every_set_pairs_and_reads_as_the_libraries_read_it() {
    let m = manifest();
    for set in m["sets"].as_array().expect("sets") {
        let dir = set["dir"].as_str().expect("dir");
        let logits = set["logits"].as_bool().unwrap_or(false);
        let mut files = Vec::new();
        if dir.ends_with(".zip") {
            files = unzip(&read(dir), &mut Budget::default()).expect("the set's zip");
        } else {
            files_under(&root().join(dir), "", &mut files);
        }
        let (pairs, errors) = load(&files, logits);
        let want = set["pairs"].as_array().expect("pairs");
        assert_eq!(pairs.len(), want.len(), "{dir}: pairs ({errors:?})");
        for (got, w) in pairs.iter().zip(want) {
            let name = w["name"].as_str().expect("name");
            assert_eq!(got.name, name, "{dir}: pairs sorted by name");
            assert_eq!(got.shape, shape(&w["shape"]), "{dir}/{name}: shape");
            same(&format!("{dir}/{name} target"), &got.target, &floats(&w["target"]));
            if logits {
                same(
                    &format!("{dir}/{name} logit"),
                    got.logit.as_deref().expect("logit"),
                    &floats(&w["logit"]),
                );
            } else {
                same(&format!("{dir}/{name} prob"), &got.prob, &floats(&w["prob"]));
            }
            let ones = got.target.iter().filter(|&&y| y >= 0.5).count();
            assert_eq!(ones as u64, w["target_pixels"].as_u64().expect("pixels"), "{dir}/{name}");
        }
        let expected = set["errors"].as_array().expect("errors");
        assert_eq!(errors.len(), expected.len(), "{dir}: {errors:?}");
        for e in expected {
            let name = e["name"].as_str().expect("name");
            let words: Vec<&str> = e["expect_any"]
                .as_array()
                .expect("words")
                .iter()
                .filter_map(Value::as_str)
                .collect();
            assert!(
                errors
                    .iter()
                    .any(|line| line.contains(name) && words.iter().any(|w| line.contains(w))),
                "{dir}: no error about {name} naming {words:?} in {errors:?}"
            );
        }
    }
}

/// Every good file, as bytes, for the mutation tests.
fn good_files() -> Vec<(String, Vec<u8>)> {
    let m = manifest();
    m["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            let p = f["path"].as_str().expect("path").to_string();
            let b = read(&p);
            (p, b)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// A good file cut anywhere is refused with a one-line reason, never a panic.
    #[test]
    fn a_truncated_file_never_panics(pick in any::<prop::sample::Index>(), cut in any::<prop::sample::Index>()) {
        let files = good_files();
        let (name, bytes) = &files[pick.index(files.len())];
        let end = cut.index(bytes.len());
        if let Err(e) = decode(name, &bytes[..end]) {
            prop_assert!(!e.reason.is_empty() && !e.reason.contains('\n'));
        }
    }

    /// A good file with bytes overwritten anywhere (headers included) decodes or is refused,
    /// never panics; what decodes is within the limits.
    #[test]
    fn a_corrupted_file_never_panics(
        pick in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
    ) {
        let files = good_files();
        let (name, bytes) = &files[pick.index(files.len())];
        let mut bytes = bytes.clone();
        for (at, value) in edits {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        match decode(name, &bytes) {
            Ok(a) => {
                prop_assert!(data::check_shape(&a.shape).is_ok());
                prop_assert_eq!(a.values.len(), a.shape.iter().product::<usize>());
                let _ = a.to_target();
                let _ = a.to_prediction(false);
            }
            Err(e) => prop_assert!(!e.reason.contains('\n')),
        }
    }

    /// Arbitrary bytes after each format's magic never panic.
    #[test]
    fn noise_after_a_magic_never_panics(
        magic in 0usize..5,
        tail in prop::collection::vec(any::<u8>(), 0..600),
    ) {
        let prefixes: [&[u8]; 5] = [b"\x89PNG\r\n\x1a\n", b"\x93NUMPY", &[0x1f, 0x8b], &[0x5c, 1, 0, 0], b"PK\x03\x04"];
        let mut bytes = prefixes[magic].to_vec();
        bytes.extend(tail);
        let _ = decode("noise", &bytes);
        let _ = unzip(&bytes, &mut Budget::default());
    }
}

/// Header fields that would overflow an offset computation are refused, not a panic
/// (NIfTI-1 `vox_offset` f32 at byte 108, NIfTI-2 `vox_offset` i64 at byte 168, both
/// little-endian in these fixtures).
#[test]
fn an_absurd_vox_offset_is_refused() {
    let mut one = read("files/nii_u8_mask_2d.nii");
    one[108..112].copy_from_slice(&3e38f32.to_le_bytes());
    let e = decode("one.nii", &one).expect_err("refused");
    assert!(e.reason.contains("vox_offset"), "{e}");
    let mut two = read("files/nii2_f32_prob.nii");
    two[168..176].copy_from_slice(&(-1i64).to_le_bytes());
    let e = decode("two.nii", &two).expect_err("refused");
    assert!(e.reason.contains("vox_offset"), "{e}");
    let mut big = read("files/nii2_f32_prob.nii");
    big[168..176].copy_from_slice(&(i64::MAX - 10).to_le_bytes());
    assert!(decode("big.nii", &big).is_err());
}
