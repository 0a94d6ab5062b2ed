//! Finite-difference checks of every backward pass of the race's network: each convolution
//! alone (weights, biases and input; dilation 1 and 2; planes small enough that every tap
//! meets the border), and the whole network (the leaky ReLUs included). The oracle is the
//! central difference `(f(θ + h) − f(θ − h)) / 2h` of the forward pass computed in `f64`
//! from the `f32` outputs; the network is piecewise linear, so away from a kink the
//! difference is exact up to rounding.

use losslab_core::train::{
    backward_input, backward_params, conv_forward, ConvShape, Net, Pcg32, Workspace, PARAMS,
};

const H: f32 = 1e-2;

fn random(n: usize, rng: &mut Pcg32) -> Vec<f32> {
    (0..n).map(|_| rng.range(-1.0, 1.0)).collect()
}

/// `Σ c·out` of one convolution.
fn conv_objective(shape: ConvShape, params: &[f32], input: &[f32], side: usize, c: &[f32]) -> f64 {
    let mut out = vec![0.0; shape.cout * side * side];
    conv_forward(shape, params, input, side, &mut out);
    out.iter().zip(c).map(|(&o, &w)| o as f64 * w as f64).sum()
}

fn close(analytic: f32, numeric: f64, what: &str) {
    let tol = 2e-3 * (1.0 + numeric.abs());
    assert!(
        (analytic as f64 - numeric).abs() <= tol,
        "{what}: analytic {analytic} vs central difference {numeric}"
    );
}

#[test]
fn every_convolution_gradient_matches_central_differences() {
    let mut rng = Pcg32::new(7, 7);
    for (cin, cout, dilation, side) in [(1, 3, 1, 5), (3, 2, 2, 6), (2, 1, 1, 4), (2, 2, 2, 3)] {
        let shape = ConvShape { cin, cout, dilation };
        let params = random(shape.params(), &mut rng);
        let input = random(cin * side * side, &mut rng);
        let c = random(cout * side * side, &mut rng);
        let mut grad = vec![0.0; shape.params()];
        backward_params(shape, &input, &c, side, &mut grad);
        for i in 0..params.len() {
            let (mut up, mut down) = (params.clone(), params.clone());
            up[i] += H;
            down[i] -= H;
            let numeric = (conv_objective(shape, &up, &input, side, &c)
                - conv_objective(shape, &down, &input, side, &c))
                / (2.0 * H as f64);
            close(grad[i], numeric, &format!("{shape:?} side {side}: param {i}"));
        }
        let mut grad_in = vec![0.0; cin * side * side];
        backward_input(shape, &params, &c, side, &mut grad_in);
        for i in 0..input.len() {
            let (mut up, mut down) = (input.clone(), input.clone());
            up[i] += H;
            down[i] -= H;
            let numeric = (conv_objective(shape, &params, &up, side, &c)
                - conv_objective(shape, &params, &down, side, &c))
                / (2.0 * H as f64);
            close(grad_in[i], numeric, &format!("{shape:?} side {side}: input {i}"));
        }
    }
}

/// `Σ c·logit` of the whole network.
fn net_objective(net: &Net, image: &[f32], side: usize, c: &[f32]) -> f64 {
    let mut ws = Workspace::default();
    net.forward(image, side, &mut ws);
    ws.logit.iter().zip(c).map(|(&z, &w)| z as f64 * w as f64).sum()
}

#[test]
fn the_whole_network_gradient_matches_central_differences() {
    let side = 7;
    let mut rng = Pcg32::new(3, 9);
    let net = Net::new(11);
    let image = random(side * side, &mut rng);
    let c = random(side * side, &mut rng);
    let mut ws = Workspace::default();
    net.forward(&image, side, &mut ws);
    let mut grad = vec![0.0; PARAMS];
    net.backward(side, &c, &mut ws, &mut grad);
    // Accumulates: a second backward doubles the gradient.
    let mut twice = grad.clone();
    net.backward(side, &c, &mut ws, &mut twice);
    // A step across a leaky-ReLU kink makes the one-sided differences disagree; such a
    // parameter is skipped (counted), and nearly all must be checked.
    let h = 1e-3f32;
    let mut checked = 0;
    for i in 0..PARAMS {
        assert_eq!(twice[i], 2.0 * grad[i], "param {i} accumulates");
        let (mut up, mut down) = (net.clone(), net.clone());
        up.params[i] += h;
        down.params[i] -= h;
        let (f_up, f_0, f_down) = (
            net_objective(&up, &image, side, &c),
            net_objective(&net, &image, side, &c),
            net_objective(&down, &image, side, &c),
        );
        let (right, left) = ((f_up - f_0) / h as f64, (f_0 - f_down) / h as f64);
        if (right - left).abs() > 2e-3 * (1.0 + right.abs()) {
            continue;
        }
        close(grad[i], (f_up - f_down) / (2.0 * h as f64), &format!("network param {i}"));
        checked += 1;
    }
    assert!(checked >= PARAMS * 9 / 10, "only {checked} of {PARAMS} away from a kink");
}
