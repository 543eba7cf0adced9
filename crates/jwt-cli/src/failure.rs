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
    /// For a command-line mistake: clap's whole message, printed as kind `usage`.
    usage: Option<String>,
}

/// The kind the command prints for a command-line mistake; the library never returns it.
pub(crate) const USAGE: &str = "usage";

impl Failure {
    /// The token was checked and refused: exit 1.
    pub fn rejected(error: Error) -> Failure {
        Failure {
            error,
            token_rejected: true,
            usage: None,
        }
    }

    /// A file, key or usage problem: exit 2.
    pub fn problem(error: Error) -> Failure {
        Failure {
            error,
            token_rejected: false,
            usage: None,
        }
    }

    /// A problem of `kind` described by `message`: exit 2.
    pub fn invalid(kind: ErrorKind, message: impl Into<String>) -> Failure {
        Failure::problem(Error::new(kind, message))
    }

    /// A command-line mistake, with clap's whole message (its first line is the mistake,
    /// the next ones clap's hints and the usage line): kind `usage`, exit 2.
    pub fn command_line(message: impl Into<String>) -> Failure {
        let message = message.into();
        Failure {
            error: Error::new(ErrorKind::InvalidClaim, message.clone()),
            token_rejected: false,
            usage: Some(message),
        }
    }

    /// The kind printed: the error's, or `usage` for a command-line mistake.
    pub fn kind(&self) -> String {
        match self.usage {
            Some(_) => USAGE.to_owned(),
            None => self.error.kind().to_string(),
        }
    }

    /// 1 for a rejected token, 2 for anything else.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(if self.token_rejected { 1 } else { 2 })
    }
}

impl fmt::Display for Failure {
    /// What is printed on stderr: first the line `error: <kind>: <message>`; a
    /// command-line mistake then has clap's hints and the usage on the lines after it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(usage) = &self.usage {
            return write!(f, "error: {USAGE}: {usage}");
        }
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
