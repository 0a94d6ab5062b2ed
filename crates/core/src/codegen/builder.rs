//! Code export of the compound builder (`losses-compound.md` §18, [`Compound`]):
//! `loss_fn = w₁·L₁ + w₂·L₂`, each term being that loss's own snippet for the library.
//!
//! Each term's snippet is wrapped in a function of its own (`term_1()`, `term_2()`) that
//! returns its `loss_fn`, so that the two snippets' names (`dice`, `bce`, `focal`, …) cannot
//! collide, the same loss may appear twice with the same code, and each term keeps exactly
//! the code (and the notes) it has alone; their imports are hoisted and merged. A constant
//! schedule gives `loss_fn(logits, target)`; a linear or step schedule adds `weights(step)`,
//! which computes [`Compound::weights_at`] exactly (the same `f64` operations), and
//! `loss_fn(logits, target, step)` (Keras: `loss_fn(y_true, y_pred, step)`).

use super::common::{py, Library, Note, Snippet};
use super::snippet::snippet;
use crate::{BatchReduction, Compound, Schedule};
use std::fmt::Write as _;

/// The compound's code for `library`, reducing a batch by `reduction` (every term alike, as
/// [`Compound::evaluate_batch`]); its notes are both terms' notes, each once.
pub fn compound_snippet(
    compound: &Compound,
    library: Library,
    reduction: BatchReduction,
) -> Snippet {
    let terms = compound.terms();
    let parts = terms.map(|t| snippet(t.loss.config(), library, reduction));
    let mut imports: Vec<&str> = Vec::new();
    let mut notes: Vec<Note> = Vec::new();
    let mut factories = String::new();
    for (i, (part, term)) in parts.iter().zip(terms).enumerate() {
        let (head, body): (Vec<&str>, Vec<&str>) =
            part.code.lines().partition(|l| l.starts_with("import ") || l.starts_with("from "));
        for line in head {
            if !imports.contains(&line) {
                imports.push(line);
            }
        }
        for note in &part.notes {
            if !notes.contains(note) {
                notes.push(note.clone());
            }
        }
        let _ = write!(
            factories,
            "\n\ndef term_{n}():\n    \"\"\"Term {n}: {name} with its own parameters; returns its loss_fn.\"\"\"\n",
            n = i + 1,
            name = term.loss.name()
        );
        let body = body.iter().skip_while(|l| l.trim().is_empty()).collect::<Vec<_>>();
        for line in body {
            let _ = if line.trim().is_empty() {
                writeln!(factories)
            } else {
                writeln!(factories, "    {line}")
            };
        }
        factories.push_str("    return loss_fn\n");
    }
    let (x, y) = match library {
        Library::Keras => ("y_true", "y_pred"),
        _ => ("logits", "target"),
    };
    let names = [terms[0].loss.name(), terms[1].loss.name()];
    let mut code = imports.join("\n");
    code.push('\n');
    code.push_str(&factories);
    let _ =
        write!(code, "\n\nloss_1 = term_1()  # {}\nloss_2 = term_2()  # {}\n", names[0], names[1]);
    let sum = format!("w1 * loss_1({x}, {y}) + w2 * loss_2({x}, {y})");
    match weights_fn(compound) {
        None => {
            let [w1, w2] = compound.weights_at(0);
            let _ = write!(
                code,
                "\n\ndef loss_fn({x}, {y}):\n    w1, w2 = {}, {}\n    return {sum}\n",
                py(w1),
                py(w2)
            );
        }
        Some(weights) => {
            let _ = write!(
                code,
                "\n\n{weights}\n\ndef loss_fn({x}, {y}, step):\n    w1, w2 = weights(step)\n    return {sum}\n"
            );
        }
    }
    Snippet { library, reduction, code, notes }
}

/// Every library's code of `compound`, in [`Library::ALL`] order: what the learn view shows
/// for the board's compound (the [`crate::CompoundSpec`] built with each card's parameters).
pub fn compound_snippets(compound: &Compound, reduction: BatchReduction) -> Vec<Snippet> {
    Library::ALL.iter().map(|&l| compound_snippet(compound, l, reduction)).collect()
}

/// `weights(step)` for a schedule that moves the weights, `None` for a constant one.
fn weights_fn(compound: &Compound) -> Option<String> {
    let [a, b] = compound.weights_at(0);
    let (a, b) = (py(a), py(b));
    match compound.schedule() {
        Schedule::Constant => None,
        Schedule::Linear { steps, end: [c, d] } => {
            let (c, d) = (py(c), py(d));
            Some(format!(
                "def weights(step):\n    \"\"\"The weights at training step `step`: linear from ({a}, {b}) at step 0 to ({c}, {d}) at step {steps}, then constant.\"\"\"\n    if step >= {steps}:\n        return {c}, {d}\n    u = step / {steps}\n    return {a} + ({c} - {a}) * u, {b} + ({d} - {b}) * u\n"
            ))
        }
        Schedule::Step { at, end: [c, d] } => {
            let (c, d) = (py(c), py(d));
            Some(format!(
                "def weights(step):\n    \"\"\"The weights at training step `step`: ({a}, {b}) before step {at}, ({c}, {d}) from it on.\"\"\"\n    return ({c}, {d}) if step >= {at} else ({a}, {b})\n"
            ))
        }
    }
}
