//! The state codec: the whole state of the lab as a versioned link, and back.
//!
//! # The link format (version 1)
//! `v1&key=value&key=value…` — the version tag first, then `key=value` pairs separated by
//! `&` (the app puts it after `#` in the page URL). Keys are dotted, prefixed by their
//! area: `scene.*` (grid, generator, masks), `model.*` (prediction model), `loss` (the current
//! loss), `loss.<name>.<param>` (parameters that differ from `losses.md`'s defaults),
//! `brush.*`, `overlay.*`, and whatever the app's [sections](#sections) add (`view`,
//! `maps.*`, `curves.*`, `race.*`, `tour.*`…). Values are plain text, percent-encoded where
//! needed ([`pct_encode`]); numbers are written in Rust's shortest round-trip form, so they
//! parse back to the same `f64` bits.
//!
//! Masks travel as base64url ([`b64`]) of the encodings in [`rle`]: the target as binary
//! run lengths (`scene.target`), the painted prediction edits as palettes of exact `f64`
//! bits with runs (`scene.ink`, `scene.cover`; absent when nothing was painted). The
//! prediction itself is not stored: it is recomputed from the target, the model and the
//! edits by the same code, hence bit for bit the same. The target is stored even when it
//! equals the generator's output, so a link does not depend on the generators staying
//! the same in later versions.
//!
//! # Decoding keeps what it can
//! [`decode`] never fails: it starts from the defaults, applies every pair it can read and
//! lists the rest in [`Decoded::ignored`] with the reason (unknown version — then nothing
//! is read —, bad base64, wrong lengths, NaN or out-of-range numbers, unknown keys, a link
//! or a value longer than the caps [`MAX_LINK_CHARS`], [`MAX_PAIRS`], [`MAX_VALUE_CHARS`]).
//! Keys it does not know are handed back in [`Decoded::rest`] for the app's sections;
//! what no section claims is reported as unknown by the app.
//!
//! # Versions
//! A later format writes `v2…`; its decoder keeps a branch for `v1` (mapping old keys), so
//! old links keep working. Adding keys does not need a new version: an older app reports
//! newer keys as ignored and keeps the rest.
//!
//! # Sections
//! A view keeps its settings in one struct with `pairs(&self) -> Vec<(&'static str,
//! String)>` and `apply(&mut self, key, value) -> Result<(), String>`, keys prefixed by its
//! area. The link carries `pairs()` as they are; decoding offers each `rest` pair whose key
//! starts with `<prefix>.` to that struct's `apply` (see [`Section`] and the app's
//! `ui::share::section`). Adding one is one line in the app's list of sections.

pub mod b64;
pub mod import;
mod numbers;
pub mod rle;
mod settings;
pub mod zip;

pub use numbers::{number, parse_in, parse_int, parse_number, MAX_NUMBER_CHARS};
pub use settings::Settings;

use crate::scene::{GridSize, History, PredictionModel, Scene, Shape, TargetSpec};
use crate::scene::{MAX_BACKGROUND, MAX_BLUR, MAX_GAP, MAX_SHIFT, MAX_SPECKS, MIN_BACKGROUND};

/// The version this code writes.
pub const VERSION: u32 = 1;
/// Longest link read (characters); longer ones are ignored whole. Chromium's URL limit.
pub const MAX_LINK_CHARS: usize = 2 << 20;
/// Most pairs read from one link.
pub const MAX_PAIRS: usize = 1000;
/// Longest value read (characters).
pub const MAX_VALUE_CHARS: usize = 1 << 20;
/// Longest key read (characters).
pub const MAX_KEY_CHARS: usize = 64;

/// A settings struct of one area of the app, as it travels in the link.
pub trait Section {
    /// Every setting as key → text, keys prefixed by the area.
    fn pairs(&self) -> Vec<(&'static str, String)>;
    /// Parses and checks one setting; an unknown key or a bad value is an error.
    fn apply(&mut self, key: &str, value: &str) -> Result<(), String>;
}

/// One part of a link that was not used, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Ignored {
    /// The key (or `link` for the whole link).
    pub key: String,
    /// Why, for people.
    pub reason: String,
}

impl Ignored {
    /// `key`, because `reason`.
    pub fn new(key: impl Into<String>, reason: impl Into<String>) -> Ignored {
        Ignored { key: truncate(&key.into(), MAX_KEY_CHARS), reason: reason.into() }
    }
}

impl std::fmt::Display for Ignored {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.key, self.reason)
    }
}

fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

/// What a link gave.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The scene (defaults where the link said nothing readable).
    pub scene: Scene,
    /// The core settings (losses, brush, overlay).
    pub settings: Settings,
    /// Pairs this codec does not know, for the app's sections.
    pub rest: Vec<(String, String)>,
    /// What was ignored, and why.
    pub ignored: Vec<Ignored>,
}

/// Percent-encodes everything but `A–Z a–z 0–9 - _ . ~ , :` (so `&`, `=`, `#`, `%` and
/// spaces never break the link).
pub fn pct_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~,:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes (and `+` as a space); `None` on a broken escape or bytes that are
/// not UTF-8.
pub fn pct_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// The scene as link pairs.
pub fn scene_pairs(scene: &Scene) -> Vec<(&'static str, String)> {
    let spec = scene.spec();
    let m = scene.model();
    let mut pairs = vec![
        ("scene.grid", scene.side().to_string()),
        ("scene.shape", spec.shape.as_str().to_string()),
        ("scene.area", spec.area.to_string()),
        ("scene.x", number(spec.center_x)),
        ("scene.y", number(spec.center_y)),
        ("model.bg", number(m.background)),
        ("model.fg", number(m.foreground)),
        ("model.shift_x", m.shift_x.to_string()),
        ("model.shift_y", m.shift_y.to_string()),
        ("model.blur", number(m.blur)),
        ("model.morph", m.morph.to_string()),
        ("model.specks", m.specks.to_string()),
        ("model.seed", m.seed.to_string()),
        ("scene.target", b64::encode(&rle::encode_binary(scene.target()))),
    ];
    // The shape edits (issue 17) travel only when on, so links without them stay as they were.
    if m.gap > 0 {
        pairs.push(("model.gap", m.gap.to_string()));
    }
    if m.spur > 0 {
        pairs.push(("model.spur", m.spur.to_string()));
    }
    if m.far_speck {
        pairs.push(("model.far_speck", "1".to_string()));
    }
    if scene.has_prediction_edits() {
        let (ink, cover) = scene.edits();
        pairs.push(("scene.ink", b64::encode(&rle::encode_soft(ink))));
        pairs.push(("scene.cover", b64::encode(&rle::encode_soft(cover))));
    }
    pairs
}

/// A scene being read from pairs: the knobs are checked as they come, the masks once the
/// grid is known ([`SceneDraft::build`]).
#[derive(Debug, Clone, Default)]
pub struct SceneDraft {
    grid: GridSize,
    spec: TargetSpec,
    model: PredictionModel,
    target: Option<String>,
    ink: Option<String>,
    cover: Option<String>,
}

impl SceneDraft {
    /// Whether `key` belongs to the scene.
    pub fn claims(key: &str) -> bool {
        key.starts_with("scene.") || key.starts_with("model.")
    }

    /// Reads one pair; an error leaves the default in place.
    pub fn apply(&mut self, key: &str, value: &str) -> Result<(), String> {
        let shift = i64::from(MAX_SHIFT);
        match key {
            "scene.grid" => {
                let side = parse_int(value, 0, 4096)? as usize;
                self.grid = GridSize::from_side(side)
                    .ok_or_else(|| format!("{side} is not a grid size (32, 64, 128, 256)"))?;
            }
            "scene.shape" => {
                self.spec.shape =
                    Shape::parse(value).ok_or_else(|| format!("\"{value}\" is not a shape"))?;
            }
            "scene.area" => self.spec.area = parse_int(value, 1, 1 << 15)? as usize,
            "scene.x" => self.spec.center_x = parse_in(value, 0.0, 1.0)?,
            "scene.y" => self.spec.center_y = parse_in(value, 0.0, 1.0)?,
            "model.bg" => self.model.background = parse_in(value, MIN_BACKGROUND, MAX_BACKGROUND)?,
            "model.fg" => self.model.foreground = parse_in(value, 0.0, 1.0)?,
            "model.shift_x" => self.model.shift_x = parse_int(value, -shift, shift)? as i32,
            "model.shift_y" => self.model.shift_y = parse_int(value, -shift, shift)? as i32,
            "model.blur" => self.model.blur = parse_in(value, 0.0, MAX_BLUR)?,
            "model.morph" => self.model.morph = parse_int(value, -shift, shift)? as i32,
            "model.specks" => {
                self.model.specks = parse_int(value, 0, i64::from(MAX_SPECKS))? as u32;
            }
            "model.gap" => self.model.gap = parse_int(value, 0, i64::from(MAX_GAP))? as u32,
            "model.spur" => self.model.spur = parse_int(value, 0, i64::from(MAX_GAP))? as u32,
            "model.far_speck" => {
                self.model.far_speck = match value {
                    "1" | "true" => true,
                    "0" | "false" => false,
                    _ => return Err(format!("\"{value}\" is not 0 or 1")),
                };
            }
            "model.seed" => {
                if value.len() > MAX_NUMBER_CHARS {
                    return Err("the seed is too long".into());
                }
                self.model.seed =
                    value.parse::<u64>().map_err(|_| format!("\"{value}\" is not a seed"))?;
            }
            "scene.target" => self.target = Some(value.to_string()),
            "scene.ink" => self.ink = Some(value.to_string()),
            "scene.cover" => self.cover = Some(value.to_string()),
            _ => return Err("unknown key".into()),
        }
        Ok(())
    }

    /// The scene: the masks that decode to the grid's size are used, the others are
    /// reported in `ignored` (the target then comes from the generator; the edits are
    /// dropped).
    pub fn build(self, ignored: &mut Vec<Ignored>) -> Scene {
        let n = self.grid.pixels();
        if self.spec.area > self.grid.max_area() {
            ignored.push(Ignored::new(
                "scene.area",
                format!("{} is more than half the grid ({})", self.spec.area, self.grid.max_area()),
            ));
        }
        let spec = TargetSpec {
            area: if self.spec.area > self.grid.max_area() {
                TargetSpec::default().area.min(self.grid.max_area())
            } else {
                self.spec.area
            },
            ..self.spec
        };
        let mut read = |key: &str, text: Option<String>, soft: bool| -> Option<Vec<f64>> {
            let text = text?;
            let bytes = match b64::decode(&text) {
                Some(b) => b,
                None => {
                    ignored.push(Ignored::new(key, "not valid base64url"));
                    return None;
                }
            };
            let mask =
                if soft { rle::decode_soft(&bytes, n) } else { rle::decode_binary(&bytes, n) };
            mask.map_err(|e| ignored.push(Ignored::new(key, e))).ok()
        };
        let target = read("scene.target", self.target, false);
        let had_edits = self.ink.is_some() || self.cover.is_some();
        let ink = read("scene.ink", self.ink, true);
        let cover = read("scene.cover", self.cover, true);
        let edits = match (ink, cover) {
            (Some(i), Some(c)) => Some((i, c)),
            _ => {
                if had_edits {
                    ignored.push(Ignored::new(
                        "scene.ink, scene.cover",
                        "the painted prediction needs both, readable",
                    ));
                }
                None
            }
        };
        match Scene::from_parts(self.grid, spec, self.model, target.clone(), edits) {
            Ok(scene) => scene,
            Err(e) => {
                ignored.push(Ignored::new("scene", e));
                Scene::from_parts(self.grid, spec, self.model, target, None)
                    .unwrap_or_else(|_| Scene::new(self.grid, spec, self.model))
            }
        }
    }
}

/// Joins pairs into the text after the version tag.
fn join<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (k, v) in pairs {
        out.push('&');
        out.push_str(&pct_encode(k));
        out.push('=');
        out.push_str(&pct_encode(v));
    }
    out
}

/// The link text (without `#`) for this state; `extra` are the app's sections' pairs.
pub fn encode(scene: &Scene, settings: &Settings, extra: &[(&str, String)]) -> String {
    let scene_pairs = scene_pairs(scene);
    let settings_pairs = settings.pairs();
    let all = scene_pairs
        .iter()
        .map(|(k, v)| (*k, v.as_str()))
        .chain(settings_pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .chain(extra.iter().map(|(k, v)| (*k, v.as_str())));
    format!("v{VERSION}{}", join(all))
}

/// Splits a link into decoded pairs, after checking the version and the caps.
pub fn split(link: &str, ignored: &mut Vec<Ignored>) -> Vec<(String, String)> {
    let link = link.strip_prefix('#').unwrap_or(link);
    if link.is_empty() {
        return Vec::new();
    }
    if link.len() > MAX_LINK_CHARS {
        ignored.push(Ignored::new(
            "link",
            format!("{} characters, more than the {MAX_LINK_CHARS} read", link.len()),
        ));
        return Vec::new();
    }
    let mut parts = link.split('&');
    let tag = parts.next().unwrap_or("");
    if tag != format!("v{VERSION}") {
        ignored.push(Ignored::new(
            "link",
            format!("version \"{}\" is not one this app reads (v{VERSION})", truncate(tag, 16)),
        ));
        return Vec::new();
    }
    let mut out = Vec::new();
    for (count, part) in parts.enumerate() {
        if part.is_empty() {
            continue;
        }
        if count >= MAX_PAIRS {
            ignored.push(Ignored::new("link", format!("more than {MAX_PAIRS} settings")));
            break;
        }
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        let Some(key) = pct_decode(k).filter(|k| !k.is_empty() && k.len() <= MAX_KEY_CHARS) else {
            ignored.push(Ignored::new(k, "not a key"));
            continue;
        };
        if v.len() > MAX_VALUE_CHARS {
            ignored.push(Ignored::new(key, "value too long"));
            continue;
        }
        match pct_decode(v) {
            Some(value) => out.push((key, value)),
            None => ignored.push(Ignored::new(key, "broken %-escape")),
        }
    }
    out
}

/// Reads a link (with or without the leading `#`). Never fails: see the module docs.
pub fn decode(link: &str) -> Decoded {
    let mut ignored = Vec::new();
    let pairs = split(link, &mut ignored);
    let mut draft = SceneDraft::default();
    let mut settings = Settings::default();
    let mut rest = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (key, value) in pairs {
        if !seen.insert(key.clone()) {
            ignored.push(Ignored::new(key, "given twice: the first is kept"));
            continue;
        }
        let result = if SceneDraft::claims(&key) {
            draft.apply(&key, &value)
        } else if Settings::claims(&key) {
            settings.apply(&key, &value)
        } else {
            rest.push((key, value));
            continue;
        };
        if let Err(e) = result {
            ignored.push(Ignored::new(key, e));
        }
    }
    let scene = draft.build(&mut ignored);
    Decoded { scene, settings, rest, ignored }
}

/// Hard cap on the saved history's text: 1 Mi characters. `localStorage` holds about 5 MB
/// per origin, counted in UTF-16 (2 bytes a character), and the state itself needs room too.
pub const MAX_HISTORY_CHARS: usize = 1 << 20;

/// The undo/redo history as text, one scene per line (`u…` undo, oldest first; `r…` redo),
/// each line the scene's link pairs. The oldest undo steps are dropped to stay within
/// [`MAX_HISTORY_CHARS`].
pub fn encode_history(history: &History) -> String {
    let line = |tag: char, scene: &Scene| {
        let pairs = scene_pairs(scene);
        format!("{tag}{}\n", join(pairs.iter().map(|(k, v)| (*k, v.as_str()))))
    };
    let (undo, redo) = history.stacks();
    let redo: Vec<String> = redo.iter().map(|s| line('r', s)).collect();
    let mut total: usize = redo.iter().map(String::len).sum();
    let mut kept = Vec::new();
    for scene in undo.iter().rev() {
        let l = line('u', scene);
        total += l.len();
        if total > MAX_HISTORY_CHARS {
            break;
        }
        kept.push(l);
    }
    kept.reverse();
    kept.concat() + &redo.concat()
}

/// Reads [`encode_history`]'s text; unreadable lines are dropped (and counted).
pub fn decode_history(text: &str, budget: usize) -> (History, usize) {
    let mut undo = Vec::new();
    let mut redo = Vec::new();
    let mut dropped = 0;
    let text = if text.len() > MAX_HISTORY_CHARS * 2 { "" } else { text };
    for line in text.lines().filter(|l| !l.is_empty()) {
        let (tag, body) = line.split_at(line.char_indices().nth(1).map_or(line.len(), |(i, _)| i));
        let mut ignored = Vec::new();
        let mut draft = SceneDraft::default();
        for (k, v) in split(&format!("v{VERSION}{body}"), &mut ignored) {
            if let Err(e) = draft.apply(&k, &v) {
                ignored.push(Ignored::new(k, e));
            }
        }
        let scene = draft.build(&mut ignored);
        match (tag, ignored.is_empty()) {
            ("u", true) => undo.push(scene),
            ("r", true) => redo.push(scene),
            _ => dropped += 1,
        }
    }
    (History::from_stacks(budget, undo, redo), dropped)
}
