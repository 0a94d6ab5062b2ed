//! losslab in the browser: mounts the app on `<body>`.
fn main() {
    losslab_app::mount();
}
