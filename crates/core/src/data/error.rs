//! A file that could not be read, paired or evaluated.

use std::fmt;

/// A file that could not be read, paired or evaluated: its name and a one-line reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    /// The file (or pair) it is about.
    pub file: String,
    /// Why, in one line.
    pub reason: String,
}

impl DataError {
    /// An error about `file`.
    /// An error about `file`; the reason is kept to one line (a decoder's own message may
    /// span several).
    pub fn new(file: impl Into<String>, reason: impl Into<String>) -> DataError {
        let reason: String = reason.into();
        let reason = reason.split_whitespace().collect::<Vec<_>>().join(" ");
        DataError { file: file.into(), reason }
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.reason)
    }
}

impl std::error::Error for DataError {}
