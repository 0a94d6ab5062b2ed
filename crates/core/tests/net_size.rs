//! The race's network has the parameter count the README and the docs state (issue #14,
//! item 9: they said 197), derived here by hand from the layer shapes of `train/net.rs`'s
//! documentation: three 3×3 convolutions `1 → 4 → 4 → 1`, each with one bias per output.

use losslab_core::train::{Net, HIDDEN, LAYERS, PARAMS};

#[test]
fn the_network_has_225_parameters() {
    // By hand: weights cout·cin·3·3 plus cout biases per layer.
    // 1 → 4: 4·1·9 + 4 = 40;  4 → 4 (dilation 2): 4·4·9 + 4 = 148;  4 → 1: 1·4·9 + 1 = 37.
    let by_hand = (4 * 9 + 4) + (4 * 4 * 9 + 4) + (4 * 9 + 1);
    assert_eq!(by_hand, 225);
    assert_eq!(HIDDEN, 4, "the hand count assumes 4 hidden channels");
    let shapes: Vec<(usize, usize)> = LAYERS.iter().map(|l| (l.cin, l.cout)).collect();
    assert_eq!(shapes, [(1, 4), (4, 4), (4, 1)], "the hand count's layer shapes");
    assert_eq!(PARAMS, by_hand);
    assert_eq!(Net::new(1).params.len(), by_hand, "the network's own vector");
}
