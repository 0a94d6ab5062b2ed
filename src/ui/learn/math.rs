//! A tiny MathML writer: formulas as text in a compact notation, numbers substituted from a
//! slice, the markup escaped. Pure (tested natively); the cards put the markup into the page
//! with `inner_html` (every character of it is produced here, text escaped).
//!
//! Notation of [`expr`]: ASCII digits form an `<mn>`; a run of capitals (`TP`, `FN`) or any
//! other single letter (`p`, `α`) an `<mi>`; `#` the next number of `nums` (4 significant
//! digits, trailing zeros dropped); `log`, `max`, `exp`, `cosh`,
//! `tanh`, `softplus` an upright function name; `Den`, `obj`, `bg` one name; `_x` / `^x` a subscript / superscript of the previous item, where `x` is one item
//! or a `{…}` group; `Σ` and every other character an `<mo>` (brackets not stretchy). Spaces separate.

use crate::ui::format::value;

/// `s` with `& < > "` escaped.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A number as shown in substituted formulas: 4 significant digits, trailing zeros dropped
/// (`2.3`, not `2.300`).
pub fn shown(x: f64) -> String {
    let s = value(x);
    if s.contains('.') && !s.contains('e') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Function names written upright as one identifier.
const FUNCTIONS: [&str; 6] = ["log", "max", "exp", "cosh", "tanh", "softplus"];

/// Multi-letter names written as one identifier.
const NAMES: [&str; 3] = ["Den", "obj", "bg"];

/// `<mn>` of a number.
pub fn num(x: f64) -> String {
    format!("<mn>{}</mn>", esc(&shown(x)))
}

/// A fraction.
pub fn frac(a: &str, b: &str) -> String {
    format!("<mfrac><mrow>{a}</mrow><mrow>{b}</mrow></mfrac>")
}

/// A superscript.
pub fn sup(a: &str, b: &str) -> String {
    format!("<msup><mrow>{a}</mrow><mrow>{b}</mrow></msup>")
}

/// A block `<math>` of the pieces, with an accessible text (`alttext`).
pub fn math(pieces: &[String], alt: &str) -> String {
    format!(
        "<math display=\"block\" alttext=\"{}\"><mrow>{}</mrow></math>",
        esc(alt),
        pieces.concat()
    )
}

/// The notation `src` as MathML, `#` taking numbers from `nums` in order.
pub fn expr(src: &str, nums: &[f64]) -> String {
    let chars: Vec<char> = src.chars().collect();
    let mut at = 0;
    let mut next = 0;
    let mut out = String::new();
    while at < chars.len() {
        if chars[at] == ' ' {
            at += 1;
            continue;
        }
        let (mut item, mut end) = parse_item(&chars, at, nums, &mut next);
        while end < chars.len() && (chars[end] == '_' || chars[end] == '^') {
            let tag = if chars[end] == '_' { "msub" } else { "msup" };
            let (script, after) = parse_item(&chars, end + 1, nums, &mut next);
            item = format!("<{tag}>{item}<mrow>{script}</mrow></{tag}>");
            end = after;
        }
        out.push_str(&item);
        at = end;
    }
    out
}

/// One item of the notation starting at `at`, and where the next begins.
fn parse_item(chars: &[char], at: usize, nums: &[f64], next: &mut usize) -> (String, usize) {
    let Some(&c) = chars.get(at) else { return (String::new(), at) };
    if c == '{' {
        let mut depth = 0;
        let mut end = at;
        while end < chars.len() {
            match chars[end] {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            end += 1;
        }
        let inner: String = chars[at + 1..end.min(chars.len())].iter().collect();
        // Numbers inside a group continue the same sequence.
        let rest = nums.get(*next..).unwrap_or(&[]);
        let used = inner.matches('#').count();
        let markup = expr(&inner, rest);
        *next += used;
        return (format!("<mrow>{markup}</mrow>"), end + 1);
    }
    if c == '#' {
        let v = nums.get(*next).copied().unwrap_or(f64::NAN);
        *next += 1;
        return (num(v), at + 1);
    }
    if c.is_ascii_digit() {
        let mut end = at;
        while end < chars.len() && (chars[end].is_ascii_digit() || chars[end] == '.') {
            end += 1;
        }
        let text: String = chars[at..end].iter().collect();
        return (format!("<mn>{}</mn>", esc(&text)), end);
    }
    if let Some(name) =
        NAMES.iter().find(|n| chars[at..].starts_with(&n.chars().collect::<Vec<_>>()))
    {
        return (format!("<mi>{name}</mi>"), at + name.len());
    }
    if c.is_ascii_uppercase() {
        let mut end = at;
        while end < chars.len() && chars[end].is_ascii_uppercase() {
            end += 1;
        }
        let text: String = chars[at..end].iter().collect();
        return (format!("<mi>{}</mi>", esc(&text)), end);
    }
    if let Some(f) =
        FUNCTIONS.iter().find(|f| chars[at..].starts_with(&f.chars().collect::<Vec<_>>()))
    {
        return (format!("<mi>{f}</mi><mo>&#x2061;</mo>"), at + f.len());
    }
    if c.is_alphabetic() {
        return (format!("<mi>{}</mi>", esc(&c.to_string())), at + 1);
    }
    // Brackets keep their size: a fraction elsewhere on the line must not stretch them.
    let stretchy = if "()[]⌊⌋".contains(c) { " stretchy=\"false\"" } else { "" };
    (format!("<mo{stretchy}>{}</mo>", esc(&c.to_string())), at + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notation() {
        assert_eq!(expr("2I + s", &[]), "<mn>2</mn><mi>I</mi><mo>+</mo><mi>s</mi>");
        assert_eq!(expr("S_y", &[]), "<msub><mi>S</mi><mrow><mi>y</mi></mrow></msub>");
        assert_eq!(
            expr("(1 − T)^γ", &[]),
            "<mo stretchy=\"false\">(</mo><mn>1</mn><mo>−</mo><mi>T</mi><msup><mo stretchy=\"false\">)</mo><mrow><mi>γ</mi></mrow></msup>"
        );
        assert_eq!(expr("# · #", &[0.25, 3.0]), "<mn>0.25</mn><mo>·</mo><mn>3</mn>");
        assert_eq!(expr("#", &[1.0e-5]), "<mn>1.000e-5</mn>");
        assert_eq!(expr("log p", &[]), "<mi>log</mi><mo>&#x2061;</mo><mi>p</mi>");
        assert_eq!(expr("w_obj", &[]), "<msub><mi>w</mi><mrow><mi>obj</mi></mrow></msub>");
        assert_eq!(
            expr("x^{#}", &[2.0]),
            "<msup><mi>x</mi><mrow><mrow><mn>2</mn></mrow></mrow></msup>"
        );
        assert_eq!(expr("TP <", &[]), "<mi>TP</mi><mo>&lt;</mo>");
    }
}
