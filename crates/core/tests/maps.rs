//! The gradient maps: colour map, scalings, scale choice, ticks, settings, and rendered
//! pixels against gradients derived by hand (losses.md §1: BCE, mean reduction,
//! `∂L/∂z = (p − y)/N`, `∂L/∂p = (1/N)[(1 − y)/(1 − p) − y/p]`).

use losslab_core::maps::{
    diverging, render_rgba, symlog, Component, GradientMaps, MapGroup, MapSettings, Scale,
    ScaleMode, Scaling, DIVERGING_STOPS, SYMLOG_DECADES,
};
use losslab_core::scene::Scene;
use losslab_core::{Evaluation, Loss, LossName};

/// Relative luminance weights (ITU-R BT.709) on the sRGB values: a plain lightness proxy.
fn lightness(c: [u8; 3]) -> f64 {
    0.2126 * c[0] as f64 + 0.7152 * c[1] as f64 + 0.0722 * c[2] as f64
}

#[test]
fn zero_is_the_neutral_centre() {
    let c = diverging(0.0);
    assert_eq!(c, [247, 247, 247], "RdBu's centre #f7f7f7");
    assert_eq!(diverging(f64::NAN), c, "NaN shows as zero");
    assert_eq!(diverging(-1.0), [5, 48, 97], "RdBu's darkest blue #053061");
    assert_eq!(diverging(1.0), [103, 0, 31], "RdBu's darkest red #67001f");
    assert_eq!(diverging(7.0), diverging(1.0), "clamped");
}

#[test]
fn sign_picks_the_hue() {
    for i in 1..=100 {
        let t = i as f64 / 100.0;
        let (pos, neg) = (diverging(t), diverging(-t));
        assert!(pos[0] > pos[2], "positive is red at {t}: {pos:?}");
        assert!(neg[2] > neg[0], "negative is blue at {t}: {neg:?}");
    }
}

#[test]
fn lightness_falls_with_magnitude_on_both_sides() {
    for side in [1.0, -1.0] {
        let mut last = lightness(diverging(0.0));
        for i in 1..=400 {
            let now = lightness(diverging(side * i as f64 / 400.0));
            // Lightness is linear in sRGB between stops; rounding to bytes moves it ≤ 0.5.
            assert!(now <= last + 0.5, "side {side}, step {i}: {now} after {last}");
            last = last.min(now);
        }
        assert!(last < 60.0, "the ends are dark: {last}");
    }
    // The stops themselves are strictly darker outward.
    for w in DIVERGING_STOPS[..6].windows(2) {
        assert!(lightness(w[0]) < lightness(w[1]));
    }
    for w in DIVERGING_STOPS[5..].windows(2) {
        assert!(lightness(w[0]) > lightness(w[1]));
    }
}

#[test]
fn symlog_is_odd_monotone_and_linear_near_zero() {
    let c = 1e-3;
    for x in [1e-9, 1e-5, 1e-3, 0.5, 3.0, 1e6] {
        assert_eq!(symlog(-x, c), -symlog(x, c), "odd at {x}");
    }
    assert_eq!(symlog(0.0, c), 0.0);
    let xs: Vec<f64> = (-300..=300).map(|i| (i as f64 / 30.0).powi(3) * 1e-3).collect();
    for w in xs.windows(2) {
        assert!(symlog(w[0], c) < symlog(w[1], c), "increasing at {}", w[0]);
    }
    // Near 0, log10(1 + x/c) ≈ x/(c·ln 10) (Taylor, relative error ≈ x/(2c)).
    let x = 1e-9;
    let linear = x / (c * std::f64::consts::LN_10);
    assert!((symlog(x, c) / linear - 1.0).abs() < 1e-5);
    // At x = c: log10 2; at 999c: 3.
    assert!((symlog(c, c) - std::f64::consts::LOG10_2).abs() < 1e-15);
    assert!((symlog(999.0 * c, c) - 3.0).abs() < 1e-12);
}

#[test]
fn scales_map_values_to_positions() {
    let lin = Scale::new(0.4, Scaling::Linear);
    assert_eq!(lin.position(0.2), 0.5);
    assert_eq!(lin.position(-0.4), -1.0);
    assert_eq!(lin.position(9.0), 1.0, "clamped");
    let log = Scale::new(0.4, Scaling::SymLog);
    assert!((log.linear_threshold() - 0.4e-4).abs() < 1e-18);
    assert!((log.position(0.4) - 1.0).abs() < 1e-15);
    assert!((log.position(-0.4) + 1.0).abs() < 1e-15);
    // At the threshold: log10(2)/log10(1 + 10⁴).
    let expected = std::f64::consts::LOG10_2 / 10001f64.log10();
    assert!((log.position(0.4e-4) - expected).abs() < 1e-12);
    // A tenth of the maximum: log10(1001)/log10(10001), about three quarters of the way.
    assert!((log.position(0.04) - 1001f64.log10() / 10001f64.log10()).abs() < 1e-12);
    // An empty range shows everything neutral.
    for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        assert_eq!(Scale::new(bad, Scaling::SymLog).position(0.3), 0.0, "max {bad}");
    }
}

#[test]
fn ticks_span_the_bar_symmetrically() {
    let lin = Scale::new(2.0, Scaling::Linear).ticks();
    let values: Vec<f64> = lin.iter().map(|t| t.value).collect();
    assert_eq!(values, [-2.0, -1.0, 0.0, 1.0, 2.0]);
    assert_eq!(lin.iter().map(|t| t.position).collect::<Vec<_>>(), [-1.0, -0.5, 0.0, 0.5, 1.0]);
    let log = Scale::new(3e-2, Scaling::SymLog).ticks();
    assert_eq!(log.len(), 2 * (SYMLOG_DECADES as usize + 1) + 1);
    let expected = [3e-2, 3e-3, 3e-4, 3e-5, 3e-6];
    for (tick, want) in log[SYMLOG_DECADES as usize + 2..].iter().rev().zip(expected) {
        assert!((tick.value - want).abs() < 1e-15 * want.max(1.0), "{} vs {want}", tick.value);
    }
    assert!(log.windows(2).all(|w| w[0].position < w[1].position), "increasing");
    let zero = SYMLOG_DECADES as usize + 1;
    assert_eq!(log[zero].value, 0.0);
    assert!(log[zero].labelled && !log[zero - 1].labelled && !log[zero + 1].labelled, "±threshold");
    // Labelled: 0, ±max and ±max/100; the other decades and ±threshold are minor ticks.
    let labelled: Vec<f64> = log.iter().filter(|t| t.labelled).map(|t| t.value).collect();
    assert_eq!(labelled.len(), 5, "{labelled:?}");
    assert!((labelled[3] - 3e-4).abs() < 1e-18 && (labelled[4] - 3e-2).abs() < 1e-18);
    assert_eq!(Scale::new(0.0, Scaling::Linear).ticks().len(), 1);
}

#[test]
fn settings_round_trip_and_refuse_bad_values() {
    let all = MapSettings {
        component: Component::Prob,
        scaling: Scaling::Linear,
        scale_mode: ScaleMode::PerLoss,
        group: MapGroup::All,
    };
    for start in [MapSettings::default(), all] {
        let mut copy = if start == all { MapSettings::default() } else { all };
        for (key, value) in start.pairs() {
            assert!(key.starts_with("maps."));
            copy.apply(key, &value).expect("pairs() values apply");
        }
        assert_eq!(copy, start);
    }
    let mut s = MapSettings::default();
    assert!(s.apply("maps.scaling", "cubic").expect_err("bad value").contains("linear, symlog"));
    assert!(s.apply("maps.nope", "z").is_err());
    assert!(s.apply("maps.component", "").is_err());
    assert!(s
        .apply("maps.group", "ten")
        .expect_err("bad value")
        .contains("article, compound, geometry, all"));
    assert_eq!(s, MapSettings::default(), "a refused value changes nothing");
}

#[test]
fn the_geometry_group_shows_the_four_geometry_losses_and_all_includes_them() {
    let mut s = MapSettings::default();
    s.apply("maps.group", "geometry").expect("a group");
    assert_eq!(s.group, MapGroup::Geometry);
    let four = [LossName::Boundary, LossName::HausdorffDt, LossName::Cldice, LossName::DiceCldice];
    assert_eq!(MapGroup::Geometry.losses(), &four);
    assert!(!MapGroup::Geometry.shows_compound(), "the board's compound is not a geometry loss");
    assert!(four.iter().all(|l| MapGroup::All.losses().contains(l)));
    assert!(MapGroup::All.shows_compound() && MapGroup::Compound.shows_compound());
    assert!(!MapGroup::Article.shows_compound());
}

fn default_maps() -> (Scene, GradientMaps) {
    let scene = Scene::default();
    let losses = LossName::ALL.map(Loss::default_for);
    let maps = GradientMaps::evaluate(
        scene.side(),
        scene.target(),
        scene.prob(),
        &losses,
        &mut Evaluation::new(),
    )
    .expect("the default scene is a valid input");
    (scene, maps)
}

#[test]
fn bce_pixels_are_coloured_by_p_minus_y_over_n() {
    let (scene, maps) = default_maps();
    let (y, p) = (scene.target(), scene.prob());
    let n = y.len() as f64;
    // By hand: ∂L/∂z = (p − y)/N; the per-loss linear range is max |p − y|/N.
    let by_hand: Vec<f64> = y.iter().zip(p).map(|(&y, &p)| (p - y) / n).collect();
    let max = by_hand.iter().fold(0.0f64, |m, g| m.max(g.abs()));
    let settings = MapSettings {
        component: Component::Logit,
        scaling: Scaling::Linear,
        scale_mode: ScaleMode::PerLoss,
        group: MapGroup::Article,
    };
    let bce = LossName::ALL.iter().position(|&l| l == LossName::Bce).expect("bce is a loss");
    assert_eq!(maps.scale(bce, &settings).max, max, "the per-loss range is BCE's own max");
    let mut rgba = Vec::new();
    maps.render(bce, &settings, &mut rgba);
    assert_eq!(rgba.len(), 4 * y.len());
    let centre = maps.index(32, 32).expect("inside");
    let corner = maps.index(0, 0).expect("inside");
    assert_eq!((y[centre], y[corner]), (1.0, 0.0), "the default object covers the centre");
    for i in [centre, corner, maps.index(5, 60).expect("inside")] {
        let want = diverging(by_hand[i] / max);
        assert_eq!(&rgba[4 * i..4 * i + 4], &[want[0], want[1], want[2], 255], "pixel {i}");
        assert!((maps.maps[bce].grad(Component::Logit)[i] - by_hand[i]).abs() < 1e-18);
    }
    // The object pulls p up (blue), the background pushes it down (red).
    assert!(rgba[4 * centre + 2] > rgba[4 * centre]);
    assert!(rgba[4 * corner] > rgba[4 * corner + 2]);
    // ∂L/∂p = (1/N)[(1 − y)/(1 − p) − y/p].
    let gp = (1.0 - y[corner]) / (1.0 - p[corner]) / n - y[corner] / p[corner] / n;
    assert!((maps.maps[bce].grad(Component::Prob)[corner] - gp).abs() < 1e-15);
    let expect_p = diverging(
        gp / y
            .iter()
            .zip(p)
            .fold(0.0f64, |m, (&y, &p)| m.max(((1.0 - y) / (1.0 - p) - y / p).abs() / n)),
    );
    maps.render(bce, &MapSettings { component: Component::Prob, ..settings }, &mut rgba);
    assert_eq!(&rgba[4 * corner..4 * corner + 3], &expect_p);
}

#[test]
fn shared_scale_is_the_largest_per_loss_scale() {
    let (scene, maps) = default_maps();
    // The Lovász hinge (losses-compound.md §14) has gradient only where the hinge error
    // e = 1 − z·(2y − 1) is positive, z = logit(p); by hand on the default scene:
    let hinge_active = scene.target().iter().zip(scene.prob()).any(|(&y, &p)| {
        let z = (p / (1.0 - p)).ln();
        1.0 - z * (2.0 * y - 1.0) > 0.0
    });
    for component in [Component::Logit, Component::Prob] {
        let per_loss =
            MapSettings { component, scale_mode: ScaleMode::PerLoss, ..Default::default() };
        let shared = MapSettings { scale_mode: ScaleMode::Shared, ..per_loss };
        let maxes: Vec<f64> = (0..maps.maps.len()).map(|i| maps.scale(i, &per_loss).max).collect();
        let largest = maxes.iter().copied().fold(0.0, f64::max);
        for (i, &m) in maxes.iter().enumerate() {
            let lovasz = LossName::ALL[i] == LossName::LovaszHinge;
            let blank = lovasz && !hinge_active;
            assert_eq!(m == 0.0, blank, "map {i} is blank only where the hinge is inactive");
            assert_eq!(maps.scale(i, &shared).max, largest);
        }
    }
    // The claim the shared scale shows: Dice's object gradient dwarfs BCE's (C4).
    let at = |name| LossName::ALL.iter().position(|&l| l == name).expect("a loss");
    let logit = MapSettings { scale_mode: ScaleMode::PerLoss, ..Default::default() };
    let ratio =
        maps.scale(at(LossName::Dice), &logit).max / maps.scale(at(LossName::Bce), &logit).max;
    assert!(ratio > 10.0, "Dice / BCE max |∂L/∂z| = {ratio}");
    assert_eq!(maps.scale(99, &logit).max, 0.0, "no such map");
    assert_eq!(maps.index(64, 0), None);
}

#[test]
fn an_invalid_input_is_an_error_not_a_panic() {
    let target = [0.0, 1.0];
    let prob = [0.5, f64::NAN];
    let losses = [Loss::default_for(LossName::Dice)];
    assert!(GradientMaps::evaluate(1, &target, &prob, &losses, &mut Evaluation::new()).is_err());
}

#[test]
fn rendered_bytes_are_exactly_the_scale_colours() {
    let grad: Vec<f64> = (-400..=400)
        .map(|i| (i as f64 / 40.0).powi(5) * 1e-6)
        .chain([f64::NAN, f64::INFINITY, -f64::INFINITY, 0.0, -0.0])
        .collect();
    for scaling in [Scaling::Linear, Scaling::SymLog] {
        let scale = Scale::new(3e-3, scaling);
        let mut out = Vec::new();
        render_rgba(&grad, &scale, &mut out);
        assert_eq!(out.len(), 4 * grad.len());
        for (i, &g) in grad.iter().enumerate() {
            let c = scale.colour(g);
            assert_eq!(&out[4 * i..4 * i + 4], &[c[0], c[1], c[2], 255], "{scaling:?}, g = {g}");
        }
    }
    // Quantised to 1024 levels a side, a colour is within one unit of the exact ramp.
    let scale = Scale::new(1.0, Scaling::Linear);
    for i in 0..=1000 {
        let t = -1.0 + i as f64 / 500.0;
        let (q, exact) = (scale.colour(t), diverging(t));
        assert!((0..3).all(|c| q[c].abs_diff(exact[c]) <= 1), "{t}: {q:?} vs {exact:?}");
    }
}

/// Title text on each loss's colour reaches WCAG AA (4.5 : 1), by the WCAG 2 formula written
/// out here: contrast = (L_light + 0.05) / (L_dark + 0.05).
#[test]
fn title_text_on_every_loss_colour_reaches_aa_contrast() {
    let lum = |(r, g, b): (u8, u8, u8)| {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.040_45 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    };
    for name in losslab_core::LossName::ALL {
        let bg = lum(name.rgb());
        let fg = if losslab_core::maps::text_on(name.rgb()) == "#ffffff" { 1.0 } else { 0.0 };
        let ratio = (bg.max(fg) + 0.05) / (bg.min(fg) + 0.05);
        assert!(ratio >= 4.5, "{name}: contrast {ratio:.2}");
    }
}
