//! Reading tokens, files and the secret.

use std::io::Read;
use std::path::Path;

use jwt::{Error, ErrorKind};
use zeroize::Zeroizing;

use crate::failure::Failure;

/// The most a token read from standard input may be, before the library's own limit.
const MAX_STDIN: u64 = 16 * 1024 * 1024;

/// The token: the argument, or standard input when it is absent or `-`; surrounding
/// whitespace (a trailing newline) is removed.
pub(crate) fn token(argument: Option<&str>) -> Result<String, Failure> {
    let text = match argument {
        Some(token) if token != "-" => token.to_owned(),
        _ => {
            let mut text = String::new();
            std::io::stdin()
                .take(MAX_STDIN)
                .read_to_string(&mut text)
                .map_err(|err| {
                    Failure::problem(io_error("cannot read the token from standard input", &err))
                })?;
            text
        }
    };
    Ok(text.trim().to_owned())
}

/// A file's bytes; `-` reads standard input.
pub(crate) fn file(path: &Path) -> Result<Vec<u8>, Failure> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(MAX_STDIN)
            .read_to_end(&mut bytes)
            .map_err(|err| Failure::problem(io_error("cannot read standard input", &err)))?;
        return Ok(bytes);
    }
    std::fs::read(path)
        .map_err(|err| Failure::problem(io_error(&format!("cannot read {}", path.display()), &err)))
}

/// The HMAC secret: the exact bytes of `--secret-file`, else `$JWT_SECRET`.
pub(crate) fn secret(secret_file: Option<&Path>) -> Result<Zeroizing<Vec<u8>>, Failure> {
    if let Some(path) = secret_file {
        return file(path).map(Zeroizing::new);
    }
    match std::env::var_os("JWT_SECRET") {
        Some(value) => Ok(Zeroizing::new(os_bytes(value))),
        None => Err(Failure::usage(
            ErrorKind::InvalidKey,
            "HMAC needs a secret: give --secret-file FILE or set JWT_SECRET (never on the command line)",
        )),
    }
}

#[cfg(unix)]
fn os_bytes(value: std::ffi::OsString) -> Vec<u8> {
    use std::os::unix::ffi::OsStringExt;
    value.into_vec()
}

#[cfg(not(unix))]
fn os_bytes(value: std::ffi::OsString) -> Vec<u8> {
    value.to_string_lossy().into_owned().into_bytes()
}

fn io_error(what: &str, err: &std::io::Error) -> Error {
    Error::new(ErrorKind::Io, format!("{what}: {err}"))
}
