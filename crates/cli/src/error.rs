//! The one error type of the command: a single line for standard error and an exit status.

use std::fmt;

/// Exit status of a user error (bad input, bad flag, unreadable file).
pub const EXIT_USAGE: i32 = 2;

/// Exit status of an internal error (a non-finite result from the core: a bug to report).
pub const EXIT_INTERNAL: i32 = 1;

/// Why a command failed: one line naming the problem (and the field, when there is one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliError {
    message: String,
    exit_code: i32,
}

impl CliError {
    /// A user error (exit status 2) with `message`; newlines are folded into spaces.
    pub fn usage(message: impl Into<String>) -> CliError {
        CliError { message: one_line(&message.into()), exit_code: EXIT_USAGE }
    }

    /// A user error about input field `field`: `field "prob": …`.
    pub fn field(field: &str, message: impl fmt::Display) -> CliError {
        CliError::usage(format!("field \"{field}\": {message}"))
    }

    /// An internal error (exit status 1): the core returned something it promised not to.
    pub fn internal(message: impl Into<String>) -> CliError {
        CliError {
            message: one_line(&format!("internal error (please report): {}", message.into())),
            exit_code: EXIT_INTERNAL,
        }
    }

    /// The message, without the `error: ` prefix; never contains a newline.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The process exit status this error maps to.
    pub fn exit_code(&self) -> i32 {
        self.exit_code
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CliError {}

/// Folds every line break (and other control characters) into a space, trims the ends.
fn one_line(s: &str) -> String {
    let folded: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let trimmed = folded.trim();
    if trimmed.is_empty() {
        "unknown error".to_string()
    } else {
        trimmed.to_string()
    }
}
