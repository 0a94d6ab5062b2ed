//! The core's errors in the interface language, chosen by enum variant (never by matching
//! the English text): the variant picks a sentence of `common.rs` and its fields fill it.
//! What the core does not classify (its `allowed` phrase, a field's name) stays as the core
//! wrote it, inside the translated sentence.

use super::{fill, text, Lang};
use losslab_core::Knob;
use losslab_core::ParamError;

/// A refused loss parameter, in `lang`.
pub fn param_error(lang: Lang, e: &ParamError) -> String {
    match e {
        ParamError::Unknown { loss, name } => {
            fill(text(lang, "error.param_unknown"), &[("loss", loss.as_str()), ("name", name)])
        }
        ParamError::Invalid { loss, name, value, allowed } => fill(
            text(lang, "error.param_invalid"),
            &[("loss", loss.as_str()), ("name", name), ("value", value), ("allowed", allowed)],
        ),
    }
}

/// Why typed text was refused by a number field, in `lang` (`None`: it is accepted).
/// The verdict is the core's ([`Knob::parse_number`]); the wording is ours.
pub fn number_error(lang: Lang, knob: &Knob, integer: bool, typed: &str) -> Option<String> {
    let label = super::label(lang, knob.label);
    let (min, max) = knob.range();
    let (min, max) = (format!("{min}"), format!("{max}"));
    let t = typed.trim();
    let key = match knob.parse_number(typed) {
        Ok(v) if integer && v.fract() != 0.0 => "error.not_whole",
        Ok(_) => return None,
        Err(_) if t.is_empty() => "error.empty_number",
        Err(_) if t.parse::<f64>().is_ok() => "error.out_of_range",
        Err(_) => "error.not_a_number",
    };
    Some(fill(text(lang, key), &[("label", label), ("text", t), ("min", &min), ("max", &max)]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use losslab_core::params::{dice, tversky};
    use losslab_core::{LossConfig, LossName, ParamValue};

    #[test]
    fn param_errors_by_variant_in_both_languages() {
        let mut c = LossConfig::default_for(LossName::Tversky);
        c.set(tversky::ALPHA.key, &ParamValue::Number(-1.0)).expect("the kind is right");
        let e = losslab_core::Loss::new(c).expect_err("alpha < 0 is refused");
        let zh = param_error(Lang::Zh, &e);
        assert!(
            zh.contains("无效") && zh.contains(tversky::ALPHA.key) && zh.contains("-1"),
            "{zh}"
        );
        let en = param_error(Lang::En, &e);
        assert!(en.contains("invalid") && en.contains("tversky"), "{en}");
        let mut c = LossConfig::default_for(LossName::Tversky);
        let e = c.set("nope", &ParamValue::Number(1.0)).expect_err("unknown name");
        assert!(param_error(Lang::Zh, &e).contains("没有参数"));
    }

    #[test]
    fn number_errors_follow_the_core_verdict() {
        let smooth = dice::SMOOTH.knob();
        assert_eq!(number_error(Lang::Zh, &smooth, false, "0.5"), None);
        let out = number_error(Lang::Zh, &smooth, false, "500").expect("out of range");
        assert!(out.contains("超出范围") && out.contains("100"), "{out}");
        assert!(number_error(Lang::Zh, &smooth, false, "abc").expect("nan").contains("不是数字"));
        assert!(number_error(Lang::En, &smooth, false, " ")
            .expect("a blank field is refused")
            .contains("enter a number"));
        assert!(number_error(Lang::En, &smooth, true, "0.5").expect("not whole").contains("whole"));
    }
}
