//! Fuzzing, with proptest, of the two decoders that read what strangers hand in: the link
//! (and the saved history) and the image import. Each case checks that nothing panics and
//! that what comes out is a valid state (masks of the grid's size, values in range). The
//! numbers of cases per run are [`LINK_CASES`] and [`IMAGE_CASES`] per strategy.

use image::{ImageEncoder, ImageFormat};
use losslab_core::scene::{Scene, DEFAULT_HISTORY_BUDGET};
use losslab_core::share::import::{self, ImportError, ImportKind};
use losslab_core::share::{self, Settings};
use proptest::prelude::*;

/// Link cases per strategy.
const LINK_CASES: u32 = 3000;
/// Image cases per strategy.
const IMAGE_CASES: u32 = 600;

fn valid_scene(scene: &Scene) {
    let n = scene.grid().pixels();
    assert_eq!(scene.target().len(), n);
    assert_eq!(scene.prob().len(), n);
    assert!(scene.target().iter().all(|&y| y == 0.0 || y == 1.0));
    assert!(scene.prob().iter().all(|p| (0.0..=1.0).contains(p)));
}

fn sample_link() -> String {
    let mut scene = Scene::default();
    let mut stroke = scene.begin_stroke(
        losslab_core::scene::Layer::Prediction,
        losslab_core::scene::Brush::default(),
    );
    scene.stroke_to(&mut stroke, 10.0, 10.0);
    scene.stroke_to(&mut stroke, 30.0, 12.0);
    share::encode(&scene, &Settings::default(), &[("view", "curves".to_string())])
}

/// A mutation of a text: replace, insert or delete one character, or cut it.
#[derive(Debug, Clone)]
enum Edit {
    Replace(usize, char),
    Insert(usize, char),
    Delete(usize),
    Cut(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let ch = prop_oneof![
        prop::sample::select(vec!['&', '=', '%', '#', 'A', '_', '-', '0', '9', '.', 'e', 'v']),
        any::<char>()
    ];
    prop_oneof![
        (any::<usize>(), ch.clone()).prop_map(|(i, c)| Edit::Replace(i, c)),
        (any::<usize>(), ch).prop_map(|(i, c)| Edit::Insert(i, c)),
        any::<usize>().prop_map(Edit::Delete),
        any::<usize>().prop_map(Edit::Cut),
    ]
}

fn mutate(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for e in edits {
        let len = chars.len().max(1);
        match *e {
            Edit::Replace(i, c) if !chars.is_empty() => chars[i % len] = c,
            Edit::Insert(i, c) => chars.insert(i % (chars.len() + 1), c),
            Edit::Delete(i) if !chars.is_empty() => _ = chars.remove(i % len),
            Edit::Cut(i) => chars.truncate(i % len),
            _ => {}
        }
    }
    chars.into_iter().collect()
}

fn mutate_bytes(bytes: &[u8], edits: &[(usize, u8, u8)]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for &(i, b, how) in edits {
        if out.is_empty() {
            break;
        }
        let i = i % out.len();
        match how % 4 {
            0 => out[i] = b,
            1 => out.insert(i, b),
            2 => _ = out.remove(i),
            _ => out.truncate(i.max(1)),
        }
    }
    out
}

fn png(width: u32, height: u32, pixels: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(pixels, width, height, image::ExtendedColorType::L8)
        .expect("encode a PNG");
    out
}

fn jpeg(width: u32, height: u32, pixels: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .write_image(pixels, width, height, image::ExtendedColorType::L8)
        .expect("encode a JPEG");
    out
}

/// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), as PNG chunks use it.
fn crc32(bytes: &[u8]) -> u32 {
    let mut c = !0u32;
    for &b in bytes {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = (c >> 1) ^ (0xedb8_8320 & (c & 1).wrapping_neg());
        }
    }
    !c
}

fn check_import(bytes: &[u8]) {
    for kind in [ImportKind::Target, ImportKind::Prediction] {
        if let Ok(mask) = import::import_mask(bytes, 32, kind) {
            assert_eq!(mask.len(), 32 * 32);
            assert!(mask.iter().all(|v| (0.0..=1.0).contains(v)));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(LINK_CASES))]

    /// Any text at all.
    #[test]
    fn any_text_decodes_to_a_valid_state(text in ".{0,300}") {
        let d = share::decode(&text);
        valid_scene(&d.scene);
        let d = share::decode(&format!("v1&{text}"));
        valid_scene(&d.scene);
        let _ = share::decode_history(&text, DEFAULT_HISTORY_BUDGET);
    }

    /// Pairs built from the link's own vocabulary with arbitrary values.
    #[test]
    fn known_keys_with_any_value(pairs in prop::collection::vec((prop::sample::select(vec![
        "scene.grid", "scene.shape", "scene.area", "scene.x", "scene.y", "scene.target",
        "scene.ink", "scene.cover", "model.bg", "model.fg", "model.shift_x", "model.blur",
        "model.morph", "model.specks", "model.seed", "model.gap", "model.spur",
        "model.far_speck", "loss", "loss.wce.pos_weight",
        "loss.focal.gamma", "loss.iou.empty", "brush.size", "overlay.threshold",
    ]), "[A-Za-z0-9_%.-]{0,40}"), 0..12)) {
        let link: String = std::iter::once("v1".to_string())
            .chain(pairs.iter().map(|(k, v)| format!("{k}={v}")))
            .collect::<Vec<_>>()
            .join("&");
        let d = share::decode(&link);
        valid_scene(&d.scene);
        prop_assert!(d.settings.configs.iter().all(|c| c.validate().is_ok()));
    }

    /// A valid link (with painted edits, so every mask key is present), mutated.
    #[test]
    fn mutated_links_decode_to_a_valid_state(edits in prop::collection::vec(edit(), 1..6)) {
        let link = mutate(&sample_link(), &edits);
        let d = share::decode(&link);
        valid_scene(&d.scene);
        let history = format!("u{}\n", link.trim_start_matches("v1"));
        let _ = share::decode_history(&mutate(&history, &edits), DEFAULT_HISTORY_BUDGET);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(IMAGE_CASES))]

    /// Random bytes, with and without a PNG or JPEG signature in front.
    #[test]
    fn any_bytes_are_refused_or_imported(bytes in prop::collection::vec(any::<u8>(), 0..600), prefix in 0u8..3) {
        let mut file = match prefix {
            0 => Vec::new(),
            1 => b"\x89PNG\r\n\x1a\n".to_vec(),
            _ => vec![0xff, 0xd8, 0xff],
        };
        file.extend_from_slice(&bytes);
        check_import(&file);
    }

    /// Valid small PNG and JPEG files, mutated byte by byte (headers included).
    #[test]
    fn mutated_images_are_refused_or_imported(
        w in 1u32..40, h in 1u32..40, seed in any::<u8>(), jpg in any::<bool>(),
        edits in prop::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..5),
    ) {
        let pixels: Vec<u8> = (0..w * h).map(|i| (i as u8).wrapping_mul(seed)).collect();
        let file = if jpg { jpeg(w, h, &pixels) } else { png(w, h, &pixels) };
        check_import(&file);
        check_import(&mutate_bytes(&file, &edits));
    }
}

#[test]
fn a_png_imports_as_its_gray_levels_and_a_target_is_thresholded() {
    // 2 × 2 gray PNG [0, 255; 128, 64] onto a 2 × 2 grid: levels v/255 exactly.
    let file = png(2, 2, &[0, 255, 128, 64]);
    let p = import::import_mask(&file, 2, ImportKind::Prediction).expect("a valid PNG");
    assert_eq!(p, vec![0.0, 1.0, 128.0 / 255.0, 64.0 / 255.0]);
    let t = import::import_mask(&file, 2, ImportKind::Target).expect("a valid PNG");
    assert_eq!(t, vec![0.0, 1.0, 1.0, 0.0], "128/255 ≥ 0.5, 64/255 < 0.5");
}

#[test]
fn a_jpeg_imports() {
    let pixels: Vec<u8> = (0..64 * 64).map(|i| if (i % 64) < 32 { 0 } else { 255 }).collect();
    let t =
        import::import_mask(&jpeg(64, 64, &pixels), 32, ImportKind::Target).expect("a valid JPEG");
    // Left half background, right half object (JPEG ringing stays far from 0.5).
    assert_eq!(t[0], 0.0);
    assert_eq!(t[31], 1.0);
    assert_eq!(t.iter().filter(|&&v| v == 1.0).count(), 16 * 32);
}

#[test]
fn bad_files_are_refused_with_the_reason() {
    assert_eq!(import::decode_gray(b"hello, I am a text file"), Err(ImportError::NotAnImage));
    let big = vec![0u8; import::MAX_FILE_BYTES + 1];
    assert!(matches!(import::decode_gray(&big), Err(ImportError::TooLarge { .. })));
    // A PNG header claiming 20000 × 20000 pixels is refused from the header alone.
    let mut file = png(1, 1, &[0]);
    file[16..20].copy_from_slice(&20000u32.to_be_bytes());
    file[20..24].copy_from_slice(&20000u32.to_be_bytes());
    let e = import::decode_gray(&file).expect_err("too many pixels");
    assert!(
        matches!(
            e,
            ImportError::TooManyPixels { width: 20000, height: 20000 } | ImportError::Corrupt(_)
        ),
        "{e:?}"
    );
    let truncated = &png(8, 8, &[7; 64])[..40];
    assert!(matches!(import::decode_gray(truncated), Err(ImportError::Corrupt(_))));
    let _ = ImageFormat::Png;
    // CRC-32 check value of "123456789" (the standard check string): 0xCBF43926.
    assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
}
