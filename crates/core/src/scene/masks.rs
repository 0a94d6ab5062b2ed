//! Test helpers: the topology of a mask (pixels ≥ ½ are the object), counted by plain
//! flood fills, independent of the code under test.

/// The 8 neighbours' offsets.
const EIGHT: [(i64, i64); 8] =
    [(-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1)];
/// The 4 neighbours' offsets.
const FOUR: [(i64, i64); 4] = [(0, -1), (-1, 0), (1, 0), (0, 1)];

fn at(mask: &[f64], side: usize, x: i64, y: i64) -> Option<bool> {
    let s = side as i64;
    ((0..s).contains(&x) && (0..s).contains(&y)).then(|| mask[(y * s + x) as usize] >= 0.5)
}

/// Number of object pixels.
pub fn ones(mask: &[f64]) -> usize {
    mask.iter().filter(|&&v| v >= 0.5).count()
}

/// Object 8-neighbours of pixel `i`.
pub fn neighbours(mask: &[f64], side: usize, i: usize) -> usize {
    let (x, y) = ((i % side) as i64, (i / side) as i64);
    EIGHT.iter().filter(|(dx, dy)| at(mask, side, x + dx, y + dy) == Some(true)).count()
}

/// Labels of the `want` pixels (object or background) connected through `steps`.
fn label(mask: &[f64], side: usize, want: bool, steps: &[(i64, i64)]) -> Vec<Option<usize>> {
    let mut labels = vec![None; mask.len()];
    let mut next = 0;
    for start in 0..mask.len() {
        if (mask[start] >= 0.5) != want || labels[start].is_some() {
            continue;
        }
        labels[start] = Some(next);
        let mut stack = vec![start];
        while let Some(i) = stack.pop() {
            let (x, y) = ((i % side) as i64, (i / side) as i64);
            for (dx, dy) in steps {
                if at(mask, side, x + dx, y + dy) == Some(want) {
                    let j = ((y + dy) * side as i64 + x + dx) as usize;
                    if labels[j].is_none() {
                        labels[j] = Some(next);
                        stack.push(j);
                    }
                }
            }
        }
        next += 1;
    }
    labels
}

/// Number of 8-connected components of the object.
pub fn components(mask: &[f64], side: usize) -> usize {
    label(mask, side, true, &EIGHT).iter().flatten().max().map_or(0, |m| m + 1)
}

/// Whether the background pixel `i` is enclosed: not 4-connected to the image's border
/// through background (the usual pairing with 8-connected objects).
pub fn enclosed(mask: &[f64], side: usize, i: usize) -> bool {
    let labels = label(mask, side, false, &FOUR);
    let Some(mine) = labels[i] else { return false };
    let border = (0..mask.len()).filter(|&j| {
        j % side == 0 || j % side == side - 1 || j / side == 0 || j / side == side - 1
    });
    border.into_iter().all(|j| labels[j] != Some(mine))
}

/// Whether some 2 × 2 block is all object (a 1-px structure has none).
pub fn has_block(mask: &[f64], side: usize) -> bool {
    (0..side - 1).any(|y| {
        (0..side - 1).any(|x| {
            [(0, 0), (1, 0), (0, 1), (1, 1)]
                .iter()
                .all(|(dx, dy)| mask[(y + dy) * side + x + dx] >= 0.5)
        })
    })
}

/// `(width, height)` of the object's bounding box and its top-left corner.
pub fn bounds(mask: &[f64], side: usize) -> ((usize, usize), (usize, usize)) {
    let on: Vec<usize> = (0..mask.len()).filter(|&i| mask[i] >= 0.5).collect();
    let (x0, x1) = (
        on.iter().map(|i| i % side).min().unwrap_or(0),
        on.iter().map(|i| i % side).max().unwrap_or(0),
    );
    let (y0, y1) = (
        on.iter().map(|i| i / side).min().unwrap_or(0),
        on.iter().map(|i| i / side).max().unwrap_or(0),
    );
    ((x1 - x0 + 1, y1 - y0 + 1), (x0, y0))
}
