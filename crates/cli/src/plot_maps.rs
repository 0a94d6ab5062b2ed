//! The gradient maps' small multiples as one SVG figure, for `losslab plot gradient-maps`
//! (the command's wiring is left to the `plot` subcommand: call [`gradient_maps_svg`]).
//!
//! The same figure as the app's PNG export: the maps of the group `maps.group` picks (the
//! article's ten, the seven compound losses, or all seventeen; the last two add the compound
//! `compound.*` builds), each an embedded PNG at grid resolution drawn with
//! `image-rendering: pixelated`, titled with its name on its colour
//! (`MapSource::css_color()`), its own maximum and background share, and the colour bar (an
//! SVG gradient through the same RdBu stops the core interpolates) with the core's ticks.

use crate::error::CliError;
use image::codecs::png::PngEncoder;
use image::{ExtendedColorType, ImageEncoder};
use losslab_core::maps::{
    text_on, Component, Figure, GradientMaps, MapSettings, Scale, ScaleMode, Scaling,
    DIVERGING_STOPS,
};
use losslab_core::scene::Scene;
use losslab_core::sweep::config_of;
use losslab_core::{Compound, Evaluation, Loss, LossConfig};
use std::fmt::Write;

// The figure's layout, shared with the app's PNG export.
const PAD: usize = Figure::PAD;
const TITLE: usize = Figure::TITLE;
const FIGURES: usize = Figure::FIGURES;
const HEADER: usize = Figure::HEADER;
/// The font stack.
const FONT: &str = "DejaVu Sans, system-ui, sans-serif";

/// Standard base64 (RFC 4648 §4) with padding.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `v` with `digits` significant digits (scientific below 1e-3 and from 1e5), `−` for minus.
fn short(v: f64, digits: usize) -> String {
    if v == 0.0 || !v.is_finite() {
        return if v == 0.0 { "0".into() } else { format!("{v}") };
    }
    let magnitude = v.abs().log10().floor();
    let text = if !(-3.0..5.0).contains(&magnitude) {
        format!("{v:.*e}", digits - 1)
    } else {
        format!("{v:.*}", (digits as f64 - 1.0 - magnitude).max(0.0) as usize)
    };
    text.replace('-', "−")
}

/// The colour bar's scale: the shared range, or `±1` (units of each map's max) per loss.
fn bar_scale(maps: &GradientMaps, settings: &MapSettings) -> Scale {
    match settings.scale_mode {
        ScaleMode::Shared => maps.scale(0, settings),
        ScaleMode::PerLoss => Scale::new(1.0, settings.scaling),
    }
}

/// Units, scaling and threshold, in words.
fn caption(settings: &MapSettings, bar: &Scale) -> String {
    let symbol = match settings.component {
        Component::Logit => "∂L/∂z",
        Component::Prob => "∂L/∂p",
    };
    let units = match settings.scale_mode {
        ScaleMode::Shared => format!("{symbol} per pixel"),
        ScaleMode::PerLoss => format!("{symbol} per pixel, in units of each map's max |{symbol}|"),
    };
    match settings.scaling {
        Scaling::Linear => format!("{units} · linear scale"),
        Scaling::SymLog => format!(
            "{units} · symmetric log scale, linear within ±{}",
            short(bar.linear_threshold(), 2)
        ),
    }
}

/// The losses of `settings.group` with their `configs` evaluated on `scene` (and `compound`,
/// where the group shows it), ready for [`gradient_maps_svg`].
pub fn scene_maps(
    scene: &Scene,
    configs: &[LossConfig],
    settings: &MapSettings,
    compound: Option<&Compound>,
) -> Result<GradientMaps, CliError> {
    let losses = settings
        .group
        .losses()
        .iter()
        .map(|&name| Loss::new(config_of(configs, name)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| CliError::usage(e.to_string()))?;
    let invalid = |e| CliError::internal(format!("the scene is not a valid input: {e}"));
    let mut maps = GradientMaps::evaluate(
        scene.side(),
        scene.target(),
        scene.prob(),
        &losses,
        &mut Evaluation::new(),
    )
    .map_err(invalid)?;
    if let Some(compound) = compound.filter(|_| settings.group.shows_compound()) {
        maps.push_compound(compound).map_err(invalid)?;
    }
    Ok(maps)
}

/// Map `index` as a PNG at grid resolution.
fn map_png(maps: &GradientMaps, index: usize, settings: &MapSettings) -> Result<Vec<u8>, CliError> {
    let mut rgba = Vec::new();
    maps.render(index, settings, &mut rgba);
    let side = maps.side as u32;
    let mut png = Vec::new();
    PngEncoder::new(&mut png)
        .write_image(&rgba, side, side, ExtendedColorType::Rgba8)
        .map_err(|e| CliError::internal(format!("PNG encoding: {e}")))?;
    Ok(png)
}

/// The whole figure as SVG text.
pub fn gradient_maps_svg(maps: &GradientMaps, settings: &MapSettings) -> Result<String, CliError> {
    let figure = Figure::new(maps.side, maps.maps.len());
    let Figure { cell, width, height } = figure;
    let bar = bar_scale(maps, settings);
    let mut s = String::new();
    let w = &mut s;
    let _ = writeln!(
        w,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="{FONT}">"##
    );
    let _ = writeln!(w, r##"<rect width="100%" height="100%" fill="#ffffff"/>"##);
    let _ = writeln!(
        w,
        r##"<text x="{PAD}" y="{}" font-size="15" font-weight="600" fill="#1d2330">losslab · Gradient maps · {}</text>"##,
        HEADER / 2 + 5,
        caption(settings, &bar)
    );
    for (k, map) in maps.maps.iter().enumerate() {
        let (x, y) = figure.origin(k);
        let name = map.source.as_str();
        // About 8 px per character of 13 px DejaVu Sans Bold, plus padding.
        let pill = 8 * name.len() + 12;
        let _ = writeln!(
            w,
            r##"<g data-gradient-map="{name}"><rect x="{x}" y="{}" width="{pill}" height="{}" rx="3" fill="{}"/><text x="{}" y="{}" font-size="13" font-weight="600" fill="{}">{name}</text>"##,
            y + 2,
            TITLE - 6,
            map.source.css_color(),
            x + 6,
            y + TITLE / 2 + 4,
            text_on(map.source.rgb()),
        );
        let png = base64(&map_png(maps, k, settings)?);
        let _ = writeln!(
            w,
            r##"<image x="{x}" y="{}" width="{cell}" height="{cell}" image-rendering="pixelated" style="image-rendering:pixelated" preserveAspectRatio="none" href="data:image/png;base64,{png}"/><rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#c9ced8"/>"##,
            y + TITLE,
            x as f64 - 0.5,
            (y + TITLE) as f64 - 0.5,
            cell + 1,
            cell + 1,
        );
        let _ = writeln!(
            w,
            r##"<text x="{x}" y="{}" font-size="11" fill="#687085">max {} · bg {} %</text></g>"##,
            y + TITLE + cell + FIGURES / 2 + 6,
            short(map.max_abs(settings.component), 3),
            short(100.0 * map.summary.background_share, 3)
        );
    }
    colour_bar(w, &bar, settings, width, figure.bar_top());
    let _ = writeln!(w, "</svg>");
    Ok(s)
}

/// The colour bar, its ticks, caption and legend, starting at `top`.
fn colour_bar(w: &mut String, bar: &Scale, settings: &MapSettings, width: usize, top: usize) {
    let left = (PAD + 150) as f64;
    let bar_width = width as f64 - 2.0 * left;
    let _ = write!(w, r##"<defs><linearGradient id="rdbu" x1="0" x2="1" y1="0" y2="0">"##);
    for (i, [r, g, b]) in DIVERGING_STOPS.iter().enumerate() {
        let offset = i as f64 / (DIVERGING_STOPS.len() - 1) as f64;
        let _ = write!(w, r##"<stop offset="{offset}" stop-color="rgb({r},{g},{b})"/>"##);
    }
    let _ = writeln!(w, "</linearGradient></defs>");
    let top = top as f64;
    let _ = writeln!(
        w,
        r##"<rect data-colorbar="" x="{left}" y="{}" width="{bar_width}" height="16" fill="url(#rdbu)" stroke="#9aa1ae"/>"##,
        top + 6.0
    );
    for tick in bar.ticks() {
        let x = left + bar_width * 0.5 * (tick.position + 1.0);
        let h = if tick.labelled { 6.0 } else { 3.0 };
        let _ = write!(
            w,
            r##"<rect x="{}" y="{}" width="1" height="{h}" fill="#1d2330"/>"##,
            x - 0.5,
            top + 22.0
        );
        if tick.labelled {
            let _ = write!(
                w,
                r##"<text x="{x}" y="{}" font-size="11" text-anchor="middle" fill="#1d2330" data-value="{}">{}</text>"##,
                top + 40.0,
                tick.value,
                short(tick.value, 2)
            );
        }
    }
    let mid = width as f64 / 2.0;
    let _ = writeln!(
        w,
        r##"
<text x="{mid}" y="{}" font-size="12" text-anchor="middle" fill="#1d2330">{}</text>
<text x="{}" y="{}" font-size="11" text-anchor="end" fill="#687085">&lt; 0: descent raises p</text>
<text x="{}" y="{}" font-size="11" fill="#687085">&gt; 0: descent lowers p</text>
<text x="{mid}" y="{}" font-size="11" text-anchor="middle" fill="#687085">Under each map: max, its largest |gradient|; bg, the background pixels' share of Σ|∂L/∂z| (claim C1).</text>"##,
        top + 62.0,
        caption(settings, bar),
        left - 10.0,
        top + 18.0,
        left + bar_width + 10.0,
        top + 18.0,
        top + 84.0
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use losslab_core::{Loss, LossName};

    /// RFC 4648 §10's test vectors.
    #[test]
    fn short_numbers() {
        assert_eq!(short(7.1234e-4, 2), "7.1e−4");
        assert_eq!(short(-0.0123, 2), "−0.012");
        assert_eq!(short(97.64, 3), "97.6");
        assert_eq!(short(0.0, 3), "0");
    }

    #[test]
    fn base64_matches_rfc_4648() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
    }

    /// Inverse of standard base64 (test-only, written from RFC 4648's alphabet).
    fn unbase64(text: &str) -> Vec<u8> {
        let value = |c: u8| match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            _ => 63,
        };
        let mut out = Vec::new();
        for chunk in text.as_bytes().chunks(4) {
            let pad = chunk.iter().filter(|&&c| c == b'=').count();
            let n = chunk
                .iter()
                .fold(0u32, |n, &c| (n << 6) | u32::from(if c == b'=' { 0 } else { value(c) }));
            out.extend_from_slice(&n.to_be_bytes()[1..4 - pad]);
        }
        out
    }

    #[test]
    fn the_figure_has_ten_titled_maps_whose_pixels_are_the_cores_colours() {
        let scene = Scene::default();
        let configs = LossName::ALL.map(LossConfig::default_for);
        let maps =
            scene_maps(&scene, &configs, &MapSettings::default(), None).expect("a valid scene");
        let settings = MapSettings::default();
        let svg = gradient_maps_svg(&maps, &settings).expect("the figure renders");
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        assert_eq!(svg.matches("<image ").count(), 10);
        assert!(svg.contains("∂L/∂z per pixel · symmetric log scale, linear within ±"));
        // Labelled ticks: ±max, ±max/100 and 0.
        assert_eq!(svg.matches("text-anchor=\"middle\" fill=\"#1d2330\" data-value=").count(), 5);
        let input = scene.input().expect("a valid scene");
        let grads: Vec<Vec<f64>> = LossName::ARTICLE
            .iter()
            .map(|&l| Loss::default_for(l).evaluate(input).grad_logit)
            .collect();
        let shared = grads.iter().flatten().fold(0.0f64, |m, g| m.max(g.abs()));
        let scale = Scale::new(shared, Scaling::SymLog);
        for (k, name) in LossName::ARTICLE.iter().enumerate() {
            let group = svg
                .split(&format!("<g data-gradient-map=\"{name}\">"))
                .nth(1)
                .expect("a group per loss");
            assert!(group.contains(&format!("fill=\"{}\"", name.css_color())), "{name}'s colour");
            assert!(group.contains(&format!(">{name}</text>")), "{name}'s title");
            let data =
                group.split("base64,").nth(1).and_then(|r| r.split('"').next()).expect("png");
            let png = image::load_from_memory(&unbase64(data)).expect("a PNG").to_rgba8();
            assert_eq!(png.dimensions(), (64, 64));
            for i in [0, 32 * 64 + 32, 10 * 64 + 50] {
                let want = scale.colour(grads[k][i]);
                let got = png.get_pixel((i % 64) as u32, (i / 64) as u32).0;
                assert_eq!(&got[..3], &want, "{name}, pixel {i}");
            }
        }
    }

    /// The `all` group: seventeen maps and the compound's, titled `compound`, whose pixels
    /// are the weighted sum of its two terms' gradients (each evaluated alone here).
    #[test]
    fn the_all_group_adds_the_seven_and_the_compound() {
        use losslab_core::maps::{MapGroup, MapSource};
        use losslab_core::{Schedule, Term};
        let scene = Scene::default();
        let configs = LossName::ALL.map(LossConfig::default_for);
        let (a, b) = (Loss::default_for(LossName::Dice), Loss::default_for(LossName::TopkCe));
        let compound = Compound::new(
            [Term { loss: a, weight: 0.25 }, Term { loss: b, weight: 2.0 }],
            Schedule::Constant,
        )
        .expect("valid");
        let settings = MapSettings {
            group: MapGroup::All,
            scale_mode: ScaleMode::PerLoss,
            ..Default::default()
        };
        let maps = scene_maps(&scene, &configs, &settings, Some(&compound)).expect("valid");
        assert_eq!(maps.maps.len(), 18);
        assert_eq!(maps.maps[17].source, MapSource::Compound);
        let input = scene.input().expect("a valid scene");
        let (ga, gb) = (a.evaluate(input).grad_logit, b.evaluate(input).grad_logit);
        let want: Vec<f64> = ga.iter().zip(&gb).map(|(x, y)| 0.25 * x + 2.0 * y).collect();
        let got = maps.maps[17].grad(Component::Logit);
        assert!(got.iter().zip(&want).all(|(g, w)| (g - w).abs() <= 1e-15 * w.abs().max(1e-300)));
        let svg = gradient_maps_svg(&maps, &settings).expect("the figure renders");
        assert_eq!(svg.matches("<image ").count(), 18);
        assert!(svg.contains("<g data-gradient-map=\"compound\">"));
        assert!(svg.contains(">compound</text>"));
        let article = MapSettings::default();
        let only = scene_maps(&scene, &configs, &article, Some(&compound)).expect("valid");
        assert_eq!(only.maps.len(), 10, "the article's group shows no compound");
    }
}
