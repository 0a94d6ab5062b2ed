//! The sweeps against independent evaluations: every checked point is rebuilt here from the
//! scene model and `Loss::new(config).evaluate(...)`, or derived by hand (derivations inline).

use losslab_core::scene::{GridSize, PredictionModel, Scene, TargetSpec};
use losslab_core::sweep::{self, CurveSettings, FigureData, FigureId, SweepParam};
use losslab_core::{Binary, DiceParams, Loss, LossConfig, LossName};

fn defaults() -> Vec<LossConfig> {
    LossName::ALL.iter().map(|&l| LossConfig::default_for(l)).collect()
}

fn direct(config: LossConfig, target: &[f64], prob: &[f64]) -> losslab_core::Evaluation<f64> {
    let input = Binary::new(target, prob).expect("a valid image");
    Loss::new(config).expect("a valid config").evaluate(input)
}

fn close(a: f64, b: f64, what: &str) {
    assert!((a - b).abs() <= 1e-12 * a.abs().max(b.abs()).max(1.0), "{what}: {a} vs {b}");
}

fn run(figure: FigureId, scene: &Scene, settings: &CurveSettings) -> FigureData {
    sweep::job(figure, scene, &defaults(), settings, LossName::Dice).run()
}

#[test]
fn size_sweep_values_equal_a_direct_evaluation_of_each_regenerated_scene() {
    let scene = Scene::default();
    let settings = CurveSettings { backgrounds: vec![0.001], ..CurveSettings::default() };
    let data = run(FigureId::SizeSweep, &scene, &settings);
    let value = data.panel("value").expect("value panel");
    let ratio = data.panel("ratio").expect("ratio panel");
    let mut checked = 0;
    for bg in [0.05, 0.001] {
        let curve = value.curve(&format!("dice bg={bg}")).expect("dice curve");
        assert!(curve.points.len() >= 12, "log-spaced areas from 1 to 2048");
        assert_eq!(curve.points[0].0, 1.0, "starts at one pixel");
        assert_eq!(curve.points.last().expect("points").0, 2048.0, "ends at half the image");
        for &(area, y) in &curve.points {
            // Built independently: the default generator at this area, the default model with
            // this background confidence.
            let model = PredictionModel { background: bg, ..PredictionModel::default() };
            let spec = TargetSpec { area: area as usize, ..TargetSpec::default() };
            let at = Scene::new(GridSize::S64, spec, model);
            let dice = direct(LossConfig::default_for(LossName::Dice), at.target(), at.prob());
            close(y, dice.value, "dice value");
            let bce = direct(LossConfig::Bce, at.target(), at.prob());
            let r = ratio.curve(&format!("dice bg={bg}")).and_then(|c| c.y_at(area));
            let want = dice.summary.max_abs_target / bce.summary.max_abs_target;
            close(r.expect("ratio point"), want, "ratio");
            checked += 1;
        }
    }
    assert!(checked > 20);
}

#[test]
fn dice_to_bce_gradient_ratio_grows_by_orders_of_magnitude_once_background_is_suppressed() {
    // C4 in an image: at one pixel, Dice's foreground gradient over BCE's is far larger when
    // the background is predicted at 0.001 than at 0.05.
    let settings = CurveSettings { backgrounds: vec![0.001], ..CurveSettings::default() };
    let data = run(FigureId::SizeSweep, &Scene::default(), &settings);
    let ratio = data.panel("ratio").expect("ratio panel");
    let at = |bg: f64| ratio.curve(&format!("dice bg={bg}")).and_then(|c| c.y_at(1.0));
    let (high, low) = (at(0.001).expect("bg 0.001"), at(0.05).expect("bg 0.05"));
    assert!(high > 10.0 * low, "ratio {high} at bg 0.001 vs {low} at 0.05");
}

#[test]
fn one_more_missed_pixel_on_hard_masks_changes_dice_by_one_over_2n_minus_1() {
    // Hand derivation, smooth 0, hard masks: perfect D = 2n/2n = 1. One object pixel missed:
    // I = n − 1, Sp = n − 1, D = 2(n − 1)/(2n − 1), so ΔL = 1 − D = 1/(2n − 1):
    // 4 pixels → 1/7 = 14.3 %, 1000 pixels → 1/1999 ≈ 0.05 %. (The article's "25 % at
    // 4 pixels, 0.1 % at 1000" is one pixel's share 1/n, drawn as the reference curve.)
    let data = run(FigureId::PixelSensitivity, &Scene::default(), &CurveSettings::default());
    let delta = data.panel("delta").expect("delta panel");
    let hard = delta.curve("dice hard masks, s=0").expect("hard dice curve");
    for &(n, y) in &hard.points {
        close(y, 1.0 / (2.0 * n - 1.0), "hard dice");
    }
    close(hard.y_at(4.0).expect("area 4 is swept"), 1.0 / 7.0, "4 pixels");
    let share = delta.curve("1/n (one pixel's share)").expect("share curve");
    close(share.y_at(4.0).expect("area 4"), 0.25, "the article's 25 %");
    let ys: Vec<f64> = hard.points.iter().map(|p| p.1).collect();
    assert!(ys.windows(2).all(|w| w[1] < w[0]), "shrinks as the object grows: {ys:?}");
}

#[test]
fn one_more_missed_pixel_with_the_default_model_matches_a_hand_derivation() {
    // Default scene (64×64, disc, object p = 0.9, background p = 0.05, Dice smooth 1), area 4:
    // Sy = 4, Sp = 4·0.9 + 4092·0.05 = 208.2, I = 3.6, D = (7.2 + 1)/(4 + 208.2 + 1)
    // = 8.2/213.2. One object pixel set to 0.05: I = 2.75, Sp = 207.35,
    // D' = (5.5 + 1)/(4 + 207.35 + 1) = 6.5/212.35. ΔL = D − D'.
    let want = 8.2 / 213.2 - 6.5 / 212.35;
    let data = run(FigureId::PixelSensitivity, &Scene::default(), &CurveSettings::default());
    let dice = data.panel("delta").and_then(|p| p.curve("dice")).expect("dice curve");
    let got = dice.y_at(4.0).expect("area 4");
    assert!((got - want).abs() < 1e-12, "{got} vs {want}");
    let relative = data.panel("relative").and_then(|p| p.curve("dice")).expect("relative");
    let before = 1.0 - 8.2 / 213.2;
    assert!((relative.y_at(4.0).expect("area 4") - want / before).abs() < 1e-12);
}

#[test]
fn generalized_dice_weights_follow_one_over_area_squared_and_explode_when_absent() {
    // Square weights: w₁ = 1/(Sy² + 1e-6) with Sy the object's area; absent: 1/1e-6 = 1e6.
    let data = run(FigureId::PixelSensitivity, &Scene::default(), &CurveSettings::default());
    let panel = data.panel("gdl_weights").expect("gdl panel");
    let object = panel.curve("generalized_dice w₁ (object)").expect("w1 curve");
    for &(n, w) in &object.points {
        close(w, 1.0 / (n * n + 1e-6), "w1");
    }
    let absent = panel.curve("w₁ when the object is absent").expect("absent curve");
    close(absent.points[0].1, 1e6, "absent weight");
}

#[test]
fn pixel_curves_vary_one_scene_pixel_and_match_direct_evaluations() {
    let scene = Scene::default();
    let (object, background) = sweep::pixel::probe_pixels(&scene);
    let (object, background) = (object.expect("object pixel"), background.expect("bg pixel"));
    assert_eq!(scene.target()[object], 1.0);
    assert_eq!(scene.target()[background], 0.0);
    let data = run(FigureId::PixelCurves, &scene, &CurveSettings::default());
    for (label, pixel) in [("iou t=1", object), ("bce t=0", background)] {
        let curve = data.panel("value").and_then(|p| p.curve(label)).expect("curve");
        let grad = data.panel("grad_logit").and_then(|p| p.curve(label)).expect("grad curve");
        let name = LossName::parse(label.split(' ').next().expect("name")).expect("loss");
        let now = direct(LossConfig::default_for(name), scene.target(), scene.prob()).value;
        for (&(p, y), &(_, g)) in curve.points.iter().zip(&grad.points).step_by(7) {
            let mut prob = scene.prob().to_vec();
            prob[pixel] = p;
            let eval = direct(LossConfig::default_for(name), scene.target(), &prob);
            // The value panel is the change from the loss now.
            assert!((y - (eval.value - now)).abs() < 1e-12, "{label} at p={p}");
            close(g, eval.grad_logit[pixel], label);
        }
    }
}

#[test]
fn the_article_panel_is_p_minus_t_against_two_t_squared_over_p_plus_t_squared() {
    // The article's formulas, by hand: ∂BCE/∂z = p − t on one pixel; Dice (smooth 0) on one
    // pixel D = 2pt/(p + t), ∂D/∂p = 2t²/(p + t)².
    let data = run(FigureId::PixelCurves, &Scene::default(), &CurveSettings::default());
    let panel = data.panel("article").expect("article panel");
    for t in [1.0, 0.1, 0.01] {
        let ce = panel.curve(&format!("bce p − t, t={t}")).expect("ce");
        let dice = panel.curve(&format!("dice 2t²/(p+t)², t={t}")).expect("dice");
        for (&(p, a), &(_, b)) in ce.points.iter().zip(&dice.points) {
            assert!((a - (p - t)).abs() < 1e-12, "p − t at p={p}");
            assert!((b - 2.0 * t * t / (p + t).powi(2)).abs() < 1e-9, "dice at p={p}, t={t}");
        }
    }
}

#[test]
fn focal_with_gamma_zero_is_alpha_weighted_log_loss_on_one_pixel() {
    // γ = 0, t = 1: ℓ = −α·log p (α = 0.25, the default); γ grows → the value at p = 0.9
    // falls (easy pixels are silenced).
    let data = run(FigureId::PixelCurves, &Scene::default(), &CurveSettings::default());
    let panel = data.panel("focal_value").expect("focal panel");
    for &(p, y) in &panel.curve("focal γ=0").expect("γ=0").points {
        assert!((y + 0.25 * p.max(1e-7).ln()).abs() < 1e-9, "γ=0 at {p}");
    }
    let near = |label: &str| {
        let c = panel.curve(label).expect("curve");
        c.points
            .iter()
            .min_by(|a, b| (a.0 - 0.9).abs().total_cmp(&(b.0 - 0.9).abs()))
            .expect("pt")
            .1
    };
    let values: Vec<f64> = (0..6).map(|g| near(&format!("focal γ={g}"))).collect();
    assert!(values.windows(2).all(|w| w[1] < w[0]), "{values:?}");
}

#[test]
fn param_sweep_points_equal_direct_evaluations_and_the_tversky_identities_hold() {
    let scene = Scene::default();
    let settings = CurveSettings { sweep_param: SweepParam::Smooth, ..CurveSettings::default() };
    let data = run(FigureId::ParamSweep, &scene, &settings);
    let sweep = data.panel("sweep").expect("sweep panel");
    let dice = sweep.curve("dice").expect("dice has smooth");
    assert!(sweep.curve("bce").is_none(), "bce has no smooth");
    for &(s, y) in dice.points.iter().step_by(11) {
        let config = LossConfig::Dice(DiceParams { smooth: s, squared: false });
        close(y, direct(config, scene.target(), scene.prob()).value, "dice at smooth");
    }
    let marker = sweep.markers.iter().find(|m| m.loss == Some(LossName::Dice)).expect("marker");
    assert_eq!(marker.x, 1.0, "the current smooth is marked");
    let tversky = data.panel("tversky").expect("tversky panel");
    assert_eq!(tversky.notes.len(), 2);
    assert!(tversky.notes.iter().all(|n| n.ends_with('✓')), "{:?}", tversky.notes);
    // Hand: T(½,½) = (TP + s)/(TP + ½(FN + FP) + s) = (2I + 2s)/(Sy + Sp + 2s), i.e. Dice
    // with smooth 2s (Tversky's default smooth is 1).
    let dice2 = LossConfig::Dice(DiceParams { smooth: 2.0, squared: false });
    let dice_value = direct(dice2, scene.target(), scene.prob());
    let dice_mark = tversky.markers.iter().find(|m| m.label == "Dice").expect("dice mark");
    close(dice_mark.y.expect("y"), dice_value.value, "the Dice point");
}

#[test]
fn sensitivity_specificity_weights_are_lambda_over_sy_and_the_rest_over_background() {
    // Default scene: Sy = 50, N = 4096, s = 1e-5: target weight λ/(50 + s), background
    // (1 − λ)/(4046 + s).
    let data = run(FigureId::ParamSweep, &Scene::default(), &CurveSettings::default());
    let panel = data.panel("sens_lambda").expect("sens panel");
    let [target, background] = [&panel.curves[0], &panel.curves[1]];
    for (&(l, wt), &(_, wb)) in target.points.iter().zip(&background.points) {
        close(wt, l / (50.0 + 1e-5), "target weight");
        close(wb, (1.0 - l) / (4046.0 + 1e-5), "background weight");
    }
}

#[test]
fn focal_sum_is_n_times_mean_and_easy_negatives_lose_their_share_as_gamma_grows() {
    let data = run(FigureId::ParamSweep, &Scene::default(), &CurveSettings::default());
    let reduction = data.panel("focal_reduction").expect("reduction panel");
    let sum = reduction.curve("focal sum").expect("sum");
    let mean = reduction.curve("focal mean").expect("mean");
    for (&(_, s), &(_, m)) in sum.points.iter().zip(&mean.points) {
        close(s, 4096.0 * m, "sum = N · mean");
    }
    let share = data.panel("focal_share").and_then(|p| p.curve("focal easy negatives"));
    let share = share.expect("share curve");
    let (first, last) = (share.points[0].1, share.points.last().expect("pts").1);
    assert!(first > 0.5 && last < first, "easy negatives: {first} at γ=0, {last} at γ=5");
}

#[test]
fn crop_sweep_tightens_around_the_object_and_its_full_window_is_the_scene() {
    let scene = Scene::default();
    let data = run(FigureId::CropSweep, &scene, &CurveSettings::default());
    let fraction = &data.panel("fraction").expect("fraction").curves[0].points;
    assert_eq!(fraction[0], (64.0, 50.0 / 4096.0), "the whole image first");
    assert!(fraction.windows(2).all(|w| w[1].0 < w[0].0 && w[1].1 > w[0].1), "{fraction:?}");
    let dice = data.panel("value").and_then(|p| p.curve("dice")).expect("dice");
    let whole = direct(LossConfig::default_for(LossName::Dice), scene.target(), scene.prob());
    close(dice.points[0].1, whole.value, "full window");
    // The smallest window still holds the whole object: 50 object pixels.
    let last = fraction.last().expect("pts");
    close(last.1 * last.0 * last.0, 50.0, "object kept");
}

#[test]
fn a_job_run_in_steps_gives_the_same_data_as_a_run_at_once() {
    let scene = Scene::default();
    let settings = CurveSettings::default();
    for figure in FigureId::ALL {
        let whole = run(figure, &scene, &settings);
        let mut job = sweep::job(figure, &scene, &defaults(), &settings, LossName::Dice);
        let mut steps = 0;
        while job.step() {
            steps += 1;
        }
        assert!(job.is_done() && steps + 1 >= job.len());
        assert_eq!(job.into_data(), whole, "{figure:?}");
    }
}

#[test]
fn csv_has_a_header_and_one_row_per_point() {
    let data = run(FigureId::CropSweep, &Scene::default(), &CurveSettings::default());
    let csv = data.to_csv();
    let points: usize = data.panels.iter().flat_map(|p| &p.curves).map(|c| c.points.len()).sum();
    assert!(csv.starts_with("panel,curve,x,y\n"));
    assert_eq!(csv.lines().count(), points + 1);
}

#[test]
fn focal_tversky_exponent_amplifies_nearly_right_images_below_one_and_bad_ones_above() {
    // γ is a sweepable axis of focal Tversky (its spec shares focal's key `gamma`).
    assert!(sweep::params::range(LossName::FocalTversky, SweepParam::Gamma).is_some());
    let scene = Scene::default();
    let data = run(FigureId::ParamSweep, &scene, &CurveSettings::default());
    let panel = data.panel("focal_tversky").expect("focal Tversky panel");
    assert_eq!(panel.curves.len(), 3, "the scene, nearly right, bad");
    // Independently: the gain is d(1 − T)^γ/dT ÷ d(1 − T)/dT = γ(1 − T)^(γ−1), with T from a
    // direct Tversky evaluation of each image (the scene, then its target predicted
    // object / background p = 0.95 / 0.001, nearly right, and 0.2 / 0.05, bad).
    let tversky = LossConfig::default_for(LossName::Tversky);
    let target = scene.target();
    let mut images = vec![scene.prob().to_vec()];
    for (object, background) in [(0.95, 0.001), (0.2, 0.05)] {
        images.push(target.iter().map(|&y| if y >= 0.5 { object } else { background }).collect());
    }
    let mut one_minus_t = Vec::new();
    for (curve, prob) in panel.curves.iter().zip(&images) {
        let u = direct(tversky, target, prob).value;
        one_minus_t.push(u);
        assert!(curve.points.len() >= 10, "{}", curve.label());
        for &(gamma, gain) in &curve.points {
            let expected = gamma * u.powf(gamma - 1.0);
            assert!(
                (gain - expected).abs() <= 1e-9 * expected.abs().max(1e-12),
                "{gamma}: {gain} vs {expected}"
            );
        }
    }
    assert!(one_minus_t[1] < 0.1 && one_minus_t[2] > 0.5, "nearly right, bad: {one_minus_t:?}");
    // The lesson: at γ = 0.75 (< 1) the nearly-right image's gradient is amplified most; at
    // γ = 2 (> 1) the bad image's is.
    let gain = |k: usize, g: f64| g * one_minus_t[k].powf(g - 1.0);
    assert!(gain(1, 0.75) > 1.0 && gain(1, 0.75) > gain(2, 0.75));
    assert!(gain(2, 2.0) > gain(1, 2.0));
}

#[test]
fn a_parameter_with_different_ranges_gets_one_panel_per_range() {
    // focal's α is swept over [0, 1] and Tversky's and focal Tversky's over [0, 5] (their
    // ParamSpecs' controls): on one axis focal's curve would fill a fifth of the width.
    let scene = Scene::default();
    let settings = CurveSettings {
        sweep_param: SweepParam::Alpha,
        losses: vec![LossName::Focal, LossName::Tversky, LossName::FocalTversky],
        ..CurveSettings::default()
    };
    let data = run(FigureId::ParamSweep, &scene, &settings);
    let first = data.panel("sweep").expect("the first range's panel");
    let second = data.panel("sweep_2").expect("the second range's panel");
    assert!(data.panel("sweep_3").is_none(), "two ranges, two panels");
    let span = |c: &losslab_core::sweep::Curve| {
        c.points
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), p| (l.min(p.0), h.max(p.0)))
    };
    let focal = first.curve("focal").expect("focal on the first panel");
    assert_eq!(span(focal), (0.0, 1.0));
    assert!(first.curve("tversky").is_none());
    for loss in ["tversky", "focal_tversky"] {
        let c = second.curve(loss).unwrap_or_else(|| panic!("{loss} on the second panel"));
        assert_eq!(span(c), (0.0, 5.0), "{loss}");
    }
    assert_eq!((first.label.as_str(), second.label.as_str()), ("alpha", "alpha"));
}

/// The settings of a parameter sweep of `param` drawing `losses` (and dice, the current one).
fn sweep_of(param: SweepParam, losses: &[LossName]) -> CurveSettings {
    CurveSettings {
        sweep_param: param,
        losses: losses.to_vec(),
        points: 40,
        ..CurveSettings::default()
    }
}

/// The x range a curve spans.
fn span(c: &losslab_core::sweep::Curve) -> (f64, f64) {
    c.points.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), p| (l.min(p.0), h.max(p.0)))
}

#[test]
fn top_k_is_swept_in_percent_on_a_log_axis_and_reaches_bce_at_100() {
    // With none of the drawn losses having k, every loss that has it is drawn: top-k CE.
    let scene = Scene::default();
    let data = run(FigureId::ParamSweep, &scene, &sweep_of(SweepParam::K, &[LossName::Bce]));
    let panel = data.panel("sweep").expect("the k panel");
    assert!(data.panel("sweep_2").is_none(), "one loss has k");
    assert_eq!(panel.label, "k (%)", "the key and its unit");
    let topk = panel.curve("topk_ce").expect("top-k CE is drawn");
    assert_eq!(panel.curves.len(), 1);
    let (lo, hi) = span(topk);
    assert!((lo - 0.1).abs() < 1e-12 && (hi - 100.0).abs() < 1e-9, "{lo} … {hi}");
    // Log-spaced: equal ratios between neighbours.
    let r = topk.points[1].0 / topk.points[0].0;
    assert!(topk.points.windows(2).all(|w| (w[1].0 / w[0].0 - r).abs() < 1e-9));
    // losses-compound.md's identity: k = 100 keeps every pixel, BCE from logits, which on a
    // prob input is BCE with the same clamp.
    let bce = direct(LossConfig::Bce, scene.target(), scene.prob()).value;
    let at_100 = topk.points.last().expect("points").1;
    assert!((at_100 - bce).abs() <= 1e-9 * bce, "top-k at 100 % {at_100} vs bce {bce}");
    // By definition the mean of the K largest terms falls (weakly) as K grows.
    assert!(topk.points.windows(2).all(|w| w[1].1 <= w[0].1 + 1e-12), "non-increasing in k");
    let marker = panel.markers.iter().find(|m| m.loss == Some(LossName::TopkCe)).expect("marker");
    assert_eq!(marker.x, 10.0, "nnU-Net's default k is marked");
}

#[test]
fn gamma_gets_one_panel_per_range_and_dice_focal_at_zero_is_dice_ce() {
    let scene = Scene::default();
    let losses = [LossName::Focal, LossName::DiceFocal, LossName::UnifiedFocal];
    let data = run(FigureId::ParamSweep, &scene, &sweep_of(SweepParam::Gamma, &losses));
    // Focal's and Dice + focal's γ run over [0, 10] (one control), unified focal's over [0, 1].
    let first = data.panel("sweep").expect("[0, 10]");
    let second = data.panel("sweep_2").expect("[0, 1]");
    assert!(data.panel("sweep_3").is_none());
    for loss in ["focal", "dice_focal"] {
        assert_eq!(span(first.curve(loss).expect("drawn")), (0.0, 10.0), "{loss}");
    }
    assert_eq!(span(second.curve("unified_focal").expect("drawn")), (0.0, 1.0));
    // losses-compound.md: Dice + focal with γ = 0 and α = none is Dice + CE (same smooth and
    // weights, pos_weight 1).
    let dice_ce = direct(LossConfig::default_for(LossName::DiceCe), scene.target(), scene.prob());
    let at_zero = first.curve("dice_focal").expect("drawn").points[0];
    assert_eq!(at_zero.0, 0.0);
    assert!((at_zero.1 - dice_ce.value).abs() <= 1e-9, "{} vs {}", at_zero.1, dice_ce.value);
    // Every point is that loss evaluated with γ set (checked for unified focal).
    let mut config = LossConfig::default_for(LossName::UnifiedFocal);
    for &(g, y) in second.curve("unified_focal").expect("drawn").points.iter().step_by(7) {
        config.set("gamma", &losslab_core::ParamValue::Number(g)).expect("in range");
        close(y, direct(config, scene.target(), scene.prob()).value, "unified focal at γ");
    }
}

#[test]
fn the_compound_losses_parameters_are_all_sweepable() {
    // Every numeric parameter of the seven new losses has a sweep that draws it.
    let scene = Scene::default();
    for loss in LossName::COMPOUND {
        for spec in loss.specs().iter().filter(|s| s.sweep_range().is_some()) {
            let param = SweepParam::parse(spec.key)
                .unwrap_or_else(|| panic!("{loss}'s {} has no sweep", spec.key));
            let data = run(FigureId::ParamSweep, &scene, &sweep_of(param, &[loss]));
            let curve = data
                .panels
                .iter()
                .filter(|p| p.id.starts_with("sweep"))
                .find_map(|p| p.curve(loss.as_str()))
                .unwrap_or_else(|| panic!("{loss} drawn against {}", spec.key));
            assert!(curve.points.len() >= 30, "{loss} {}: {} points", spec.key, curve.points.len());
            assert!(curve.points.iter().all(|p| p.1.is_finite()), "{loss} {}", spec.key);
        }
    }
    // δ: unified focal over its control's (0.01, 0.99).
    let data = run(FigureId::ParamSweep, &scene, &sweep_of(SweepParam::Delta, &[]));
    let delta = data.panel("sweep").expect("δ panel");
    assert_eq!(delta.label, "delta");
    let (lo, hi) = span(delta.curve("unified_focal").expect("drawn"));
    assert!((lo - 0.01).abs() < 1e-12 && (hi - 0.99).abs() < 1e-12);
}
