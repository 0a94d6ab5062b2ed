//! The multi-class code export's text (`codegen::mc_snippets`): every snippet states the
//! aggregation explicitly, and carries a note where its library cannot express a setting.
//! The snippets' numbers are checked against the real libraries by
//! `tools/oracle/check_snippets.py --multiclass` (not part of this suite).

use losslab_core::codegen::{mc_snippet, mc_snippets, Library, Note};
use losslab_core::params::multiclass::{McConfig, McLossName};
use losslab_core::ParamValue;

fn config(name: McLossName, params: &[(&str, ParamValue)]) -> McConfig {
    McConfig::from_params(name, 3, params, None).expect("valid")
}

fn text(s: &str) -> ParamValue {
    ParamValue::Text(s.to_string())
}

#[test]
fn every_snippet_states_background_batch_activation_and_absent() {
    let settings: [&[(&str, ParamValue)]; 4] = [
        &[],
        &[("batch", text("pooled")), ("absent", text("zero"))],
        &[("include_background", ParamValue::Bool(false)), ("absent", text("zero"))],
        &[("activation", text("sigmoid")), ("batch", text("pooled"))],
    ];
    for params in settings {
        for name in [McLossName::Dice, McLossName::Iou, McLossName::Tversky] {
            let c = config(name, params);
            for s in mc_snippets(&c) {
                let code = &s.code;
                let what = format!("{name} {params:?} {:?}:\n{code}", s.library);
                assert!(code.contains("def loss_fn(") || code.contains("loss_fn = "), "{what}");
                assert!(code.contains("include_background="), "background: {what}");
                assert!(code.contains("batch=") || code.contains("batch=\""), "batch: {what}");
                assert!(code.contains("absent=\""), "absent: {what}");
                let activation = match c.aggregation.activation {
                    losslab_core::params::multiclass::Activation::Softmax => "softmax",
                    losslab_core::params::multiclass::Activation::Sigmoid => "sigmoid",
                };
                let said = code.contains(activation)
                    || (s.library == Library::Smp
                        && code.contains("multiclass") == (activation == "softmax"));
                assert!(said, "activation: {what}");
                assert_eq!(s.reduction, c.aggregation.batch);
            }
        }
    }
}

#[test]
fn monai_cannot_zero_absent_classes_and_smp_cannot_keep_them() {
    let zero = config(McLossName::Dice, &[("absent", text("zero"))]);
    let monai = mc_snippet(&zero, Library::Monai);
    assert!(monai.notes.contains(&Note::NotExpressible { setting: "absent" }), "{monai:?}");
    assert!(!monai.code.contains("monai"), "the hand-written formula, not MONAI's DiceLoss");
    let keep = config(McLossName::Dice, &[]);
    let smp = mc_snippet(&keep, Library::Smp);
    assert!(smp.notes.contains(&Note::NotExpressible { setting: "absent" }), "{smp:?}");
    let monai = mc_snippet(&keep, Library::Monai);
    assert!(monai.code.contains("DiceLoss(include_background=True, softmax=True, to_onehot_y=True, batch=False, smooth_nr=1.0"));
    assert!(monai.notes.is_empty(), "{:?}", monai.notes);
}

#[test]
fn smp_pools_so_per_image_calls_it_on_each_image() {
    let per_image = config(McLossName::Dice, &[("absent", text("zero"))]);
    let s = mc_snippet(&per_image, Library::Smp);
    assert!(s.notes.contains(&Note::PerImageLoop), "{:?}", s.notes);
    assert!(s.code.contains(
        "smp.losses.DiceLoss(\"multiclass\", classes=None, from_logits=True, smooth=0.5)"
    ));
    assert!(s.code.contains("for b in range(logits.shape[0])"));
    let pooled = config(McLossName::Dice, &[("absent", text("zero")), ("batch", text("pooled"))]);
    let s = mc_snippet(&pooled, Library::Smp);
    assert!(!s.notes.contains(&Note::PerImageLoop));
    let no_bg = config(
        McLossName::Dice,
        &[("absent", text("zero")), ("include_background", ParamValue::Bool(false))],
    );
    assert!(mc_snippet(&no_bg, Library::Smp).code.contains("classes=list(range(1, 3))"));
}

#[test]
fn keras_and_torch_write_the_formulas_and_say_so() {
    for name in McLossName::WORDS.iter().map(|(n, _)| *n) {
        let c = config(name, &[]);
        let keras = mc_snippet(&c, Library::Keras);
        assert!(keras.notes.contains(&Note::Handwritten), "{name}");
        assert!(keras.code.contains("from keras import ops"), "{name}");
        let torch = mc_snippet(&c, Library::Pytorch);
        let handwritten = torch.notes.contains(&Note::Handwritten);
        assert_eq!(handwritten, name != McLossName::Ce, "{name}: torch has CE, not Dice");
        // No note is repeated.
        for s in mc_snippets(&c) {
            for (i, n) in s.notes.iter().enumerate() {
                assert!(!s.notes[i + 1..].contains(n), "{name} {:?}: {n:?} twice", s.library);
            }
        }
    }
}

#[test]
fn monai_dice_focal_is_its_two_parts_and_focal_tversky_is_by_hand() {
    let c = config(McLossName::DiceFocal, &[]);
    let s = mc_snippet(&c, Library::Monai);
    assert!(s.code.contains("from monai.losses import DiceLoss, FocalLoss"));
    assert!(!s.code.contains("DiceFocalLoss("), "MONAI's DiceFocalLoss is the sigmoid focal");
    let ft = config(McLossName::FocalTversky, &[]);
    let s = mc_snippet(&ft, Library::Monai);
    assert!(s.notes.contains(&Note::NotExpressible { setting: "gamma" }));
    let ce = McConfig::from_params(McLossName::Ce, 3, &[], Some(&[0.2, 1.0, 5.0])).expect("valid");
    let s = mc_snippet(&ce, Library::Pytorch);
    assert!(s.code.contains("torch.tensor([0.2, 1.0, 5.0]"), "{}", s.code);
    assert!(s.code.contains("F.cross_entropy(logits, labels, weight=w)"));
}
