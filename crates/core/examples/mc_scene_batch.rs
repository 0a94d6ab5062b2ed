//! The batches of the multi-class view for the oracle: each line of standard input is a
//! name and the view's `mc.*` link settings (`name key=value key=value …`, none: the default
//! scene); each line of output is one JSON object `{"name", "settings", "shape": [B, C, H, W],
//! "labels": [B·H·W], "prob": [B·C·H·W]}` — what `tools/oracle/make_mc_scene.py` hands to the
//! libraries, so the comparison panel's numbers on these very scenes can be checked in the
//! browser against theirs.
//!
//! ```sh
//! echo 'default' | cargo run -q -p losslab-core --example mc_scene_batch
//! ```

use losslab_core::scene::classes::ClassSettings;
use serde_json::json;
use std::io::BufRead;

fn main() {
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        let mut words = line.split_whitespace();
        let Some(name) = words.next() else { continue };
        let mut settings = ClassSettings::default();
        let pairs: Vec<&str> = words.collect();
        for pair in &pairs {
            let Some((key, value)) = pair.split_once('=') else {
                eprintln!("{name}: \"{pair}\" is not key=value");
                std::process::exit(2);
            };
            if let Err(e) = settings.apply(key, value) {
                eprintln!("{name}: {key}: {e}");
                std::process::exit(2);
            }
        }
        let batch = settings.batch();
        let (shape, _, prob) = batch.buffers();
        let out = json!({
            "name": name,
            "settings": pairs,
            "shape": [shape.images, shape.classes, shape.height, shape.width],
            "labels": batch.labels(),
            "prob": prob,
        });
        println!("{out}");
    }
}
