//! The live figures of the tour's gradient-map steps on the compound losses (12: top-k CE
//! against BCE, 13: the Lovász hinge against soft IoU), worded from the core's gradients
//! (`figures.rs`). Its own file so the tour's bar stays small and the steps' block is in one
//! place.

use super::figures::{lovasz_focus, topk_focus};
use crate::ui::format::percent;
use crate::ui::i18n::I18n;
use crate::ui::state::Lab;
use leptos::prelude::*;
use losslab_core::{LossConfig, LossName};

/// `part / total` as a percentage, a dash when there is no gradient at all.
fn share(part: f64, total: f64) -> String {
    if total > 0.0 {
        percent(part / total)
    } else {
        "—".into()
    }
}

/// Step `n`'s figure (12 or 13) from `template`, values through `value` (the bar's digits).
pub fn maps_figure(
    lab: Lab,
    i18n: I18n,
    n: usize,
    template: &'static str,
    value: impl Fn(f64) -> String,
) -> String {
    let config = |name: LossName| lab.config(name).get();
    let pixels = lab.scene.with(|sc| sc.target().len());
    match n {
        12 => {
            let topk = config(LossName::TopkCe);
            let LossConfig::TopkCe(p) = topk else { return String::new() };
            let Some((_, top, bce, object)) = lab.scene.with(|sc| topk_focus(sc, topk)) else {
                return String::new();
            };
            i18n.fill(
                template,
                &[
                    ("k", &percent(p.k / 100.0)),
                    ("kk", &top.pixels.to_string()),
                    ("n", &pixels.to_string()),
                    ("obj", &top.object.to_string()),
                    ("objpx", &object.to_string()),
                    ("bce_px", &bce.pixels.to_string()),
                    ("rest", &share(bce.total - bce.within, bce.total)),
                    ("easy", &(pixels - top.pixels).to_string()),
                    ("topk", &share(top.on_object, top.total)),
                    ("bce", &share(bce.on_object, bce.total)),
                ],
            )
        }
        13 => {
            let Some((hinge, soft)) = lab.scene.with(|sc| lovasz_focus(sc, config(LossName::Iou)))
            else {
                return String::new();
            };
            i18n.fill(
                template,
                &[
                    ("m", &hinge.pixels.to_string()),
                    ("n", &pixels.to_string()),
                    ("fn", &hinge.object.to_string()),
                    ("fp", &(hinge.pixels - hinge.object).to_string()),
                    ("j", &value(hinge.total)),
                    ("iou", &soft.pixels.to_string()),
                    ("share", &share(soft.within, soft.total)),
                ],
            )
        }
        _ => String::new(),
    }
}
