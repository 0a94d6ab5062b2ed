//! Helpers shared by the end-to-end tests: run the binary, read its JSON.

#![allow(dead_code)]

pub mod data;

use std::io::Write;
use std::process::{Command, Stdio};

/// What one run of `losslab` gave.
pub struct Run {
    /// Exit status code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs `losslab args…` with `stdin` as standard input.
pub fn losslab(args: &[&str], stdin: &str) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_losslab"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn losslab");
    {
        let mut input = child.stdin.take().expect("stdin");
        // The program may exit before reading everything (e.g. a bad flag): ignore EPIPE.
        let _ = input.write_all(stdin.as_bytes());
    }
    let out = child.wait_with_output().expect("wait for losslab");
    Run {
        code: out.status.code().expect("exit code"),
        stdout: String::from_utf8(out.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
    }
}

/// Runs `losslab eval` on `case`, expects success, returns the parsed JSON output.
pub fn eval_ok(case: &str) -> serde_json::Value {
    let run = losslab(&["eval"], case);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    assert!(run.stderr.is_empty(), "stderr: {}", run.stderr);
    serde_json::from_str(&run.stdout).expect("stdout is JSON")
}

/// Expects a usage error: status 2, nothing on stdout, exactly one line on stderr starting
/// with `error: `; returns that line.
pub fn expect_error(args: &[&str], stdin: &str) -> String {
    let run = losslab(args, stdin);
    assert_eq!(run.code, 2, "stdout: {} stderr: {}", run.stdout, run.stderr);
    assert!(run.stdout.is_empty(), "stdout: {}", run.stdout);
    assert_eq!(run.stderr.lines().count(), 1, "stderr: {:?}", run.stderr);
    assert!(run.stderr.starts_with("error: "), "stderr: {:?}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "stderr: {:?}", run.stderr);
    run.stderr.trim_end().to_string()
}

/// The numbers of a JSON array.
pub fn floats(value: &serde_json::Value) -> Vec<f64> {
    value.as_array().expect("an array").iter().map(|v| v.as_f64().expect("a number")).collect()
}

/// A JSON number.
pub fn float(value: &serde_json::Value) -> f64 {
    value.as_f64().expect("a number")
}

/// `|a − b| ≤ tol` for each pair, with equal lengths.
pub fn assert_close(actual: &[f64], expected: &[f64], tol: f64) {
    assert_eq!(actual.len(), expected.len(), "{actual:?} vs {expected:?}");
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert!((a - e).abs() <= tol, "[{i}]: {a} vs {e} ({actual:?} vs {expected:?})");
    }
}
