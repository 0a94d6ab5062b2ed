//! The tour's two links to the training race (the race lives in another branch until the
//! merge). The lead rewires these two functions to the race's context; until then they go
//! through the race's DOM hooks of `testing-hooks.md`.
//!
//! - [`apply_race_step`]: chooses a preset, as a person would in `select[data-testid="race-preset"]`.
//! - [`race_figure`]: the latest validation Dice of the race's networks
//!   (`[data-race-loss="<loss>"][data-val-dice]`), as `loss value` pairs; `None` while the
//!   race shows none.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Selects `preset` in the race view (after it has rendered).
pub fn apply_race_step(preset: &'static str) {
    set_timeout(
        move || {
            let Some(doc) = window().document() else { return };
            let Ok(Some(el)) = doc.query_selector("select[data-testid=\"race-preset\"]") else {
                return;
            };
            if let Ok(select) = el.dyn_into::<web_sys::HtmlSelectElement>() {
                select.set_value(preset);
                if let Ok(ev) = web_sys::Event::new("change") {
                    let _ = select.dispatch_event(&ev);
                }
            }
        },
        std::time::Duration::from_millis(60),
    );
}

/// The race's validation Dice for the losses of `claim` (every loss shown if none of them
/// is), e.g. `"bce 0.012 · wce 0.41"`.
pub fn race_figure(claim: usize) -> Option<String> {
    let wanted: &[&str] = match claim {
        2 => &["bce", "wce"],
        5 => &["iou", "bce"],
        9 => &["bce_dice", "dice"],
        _ => &[],
    };
    let doc = window().document()?;
    let nodes = doc
        .query_selector_all("[data-race-loss][data-val-dice], [data-race-loss] [data-val-dice]")
        .ok()?;
    let mut parts = Vec::new();
    for i in 0..nodes.length() {
        let Some(el) = nodes.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) else {
            continue;
        };
        let holder = if el.has_attribute("data-race-loss") {
            Some(el.clone())
        } else {
            el.closest("[data-race-loss]").ok().flatten()
        };
        let loss = holder.and_then(|h| h.get_attribute("data-race-loss")).unwrap_or_default();
        let dice = el.get_attribute("data-val-dice").and_then(|v| v.parse::<f64>().ok());
        if let Some(d) = dice {
            if wanted.is_empty() || wanted.contains(&loss.as_str()) {
                parts.push(format!("{loss} {}", crate::ui::format::sig(d, 3)));
            }
        }
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}
