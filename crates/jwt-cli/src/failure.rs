//! How a command fails: an error with its stable kind, and the exit code it means.

use std::fmt;
use std::process::ExitCode;

use jwt_strict::{Error, ErrorKind};

/// A failed command: the error, and whether it was the token that was rejected
/// (exit 1) or something else, such as a file, a key or the arguments (exit 2).
#[derive(Debug)]
pub struct Failure {
    error: Error,
    token_rejected: bool,
}

impl Failure {
    /// The token was checked and refused: exit 1.
    pub fn rejected(error: Error) -> Failure {
        Failure {
            error,
            token_rejected: true,
        }
    }

    /// A file, key or usage problem: exit 2.
    pub fn problem(error: Error) -> Failure {
        Failure {
            error,
            token_rejected: false,
        }
    }

    /// A usage problem of `kind` described by `message`: exit 2.
    pub fn usage(kind: ErrorKind, message: impl Into<String>) -> Failure {
        Failure::problem(Error::new(kind, message))
    }

    /// The underlying error.
    pub fn error(&self) -> &Error {
        &self.error
    }

    /// 1 for a rejected token, 2 for anything else.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(if self.token_rejected { 1 } else { 2 })
    }
}

impl fmt::Display for Failure {
    /// The one line printed on stderr: `error: <kind>: <message>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = self.error.to_string().replace(['\n', '\r'], " ");
        write!(f, "error: {}: {message}", self.error.kind())
    }
}

impl From<Error> for Failure {
    /// Errors that reach a command's top level unclassified are problems, not verdicts.
    fn from(error: Error) -> Self {
        Failure::problem(error)
    }
}
