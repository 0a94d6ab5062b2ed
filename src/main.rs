//! losslab app.
fn main() {}
