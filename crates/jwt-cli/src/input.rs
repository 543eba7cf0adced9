//! Reading tokens, files and the secret.

use std::io::Read;
use std::path::Path;

use jwt_strict::{Error, ErrorKind};
use zeroize::Zeroizing;

use crate::failure::Failure;

/// The most a token read from standard input may be, before the library's own limit.
const MAX_STDIN: u64 = 16 * 1024 * 1024;

/// The most a key, secret or claims file may be: real ones are a few kilobytes, and a
/// limit makes `--key /dev/zero` fail at once instead of filling memory.
pub(crate) const MAX_FILE: u64 = 1024 * 1024;

/// The token: the argument, or standard input when it is absent or `-`; surrounding
/// whitespace (a trailing newline) is removed.
///
/// A token on standard input that is not UTF-8 is a rejected token (`malformed_token`,
/// exit 1): it cannot be a compact JWS, whose characters are all ASCII.
pub(crate) fn token(argument: Option<&str>) -> Result<String, Failure> {
    let text = match argument {
        Some(token) if token != "-" => token.to_owned(),
        _ => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .take(MAX_STDIN)
                .read_to_end(&mut bytes)
                .map_err(|err| {
                    Failure::problem(io_error("cannot read the token from standard input", &err))
                })?;
            String::from_utf8(bytes).map_err(|err| {
                Failure::rejected(Error::new(
                    ErrorKind::MalformedToken,
                    format!(
                        "the token on standard input is not UTF-8 (byte {} is not); a token is base64url text",
                        err.utf8_error().valid_up_to()
                    ),
                ))
            })?
        }
    };
    let token = text.trim();
    if let Some(scheme) = token.get(..7)
        && scheme.eq_ignore_ascii_case("bearer ")
    {
        return Err(Failure::rejected(Error::new(
            ErrorKind::MalformedToken,
            "the token starts with \"Bearer \", the Authorization header's scheme: give the \
             token alone, without it",
        )));
    }
    Ok(token.to_owned())
}

/// A file's bytes, at most [`MAX_FILE`]; `-` reads standard input. The bytes are wiped
/// when dropped: a key or secret file is secret.
pub(crate) fn file(path: &Path) -> Result<Zeroizing<Vec<u8>>, Failure> {
    let (what, reader): (String, Box<dyn Read>) = if path == Path::new("-") {
        ("standard input".to_owned(), Box::new(std::io::stdin()))
    } else {
        let file = std::fs::File::open(path).map_err(|err| {
            Failure::problem(io_error(&format!("cannot read {}", path.display()), &err))
        })?;
        (path.display().to_string(), Box::new(file))
    };
    let mut bytes = Zeroizing::new(Vec::new());
    reader
        .take(MAX_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| Failure::problem(io_error(&format!("cannot read {what}"), &err)))?;
    if bytes.len() as u64 > MAX_FILE {
        return Err(Failure::invalid(
            ErrorKind::Io,
            format!(
                "{what} is larger than {} KiB, the limit for key, secret and claims files",
                MAX_FILE / 1024
            ),
        ));
    }
    Ok(bytes)
}

/// The HMAC secret: the exact bytes of `--secret-file`, else `$JWT_SECRET`.
pub(crate) fn secret(secret_file: Option<&Path>) -> Result<Zeroizing<Vec<u8>>, Failure> {
    if let Some(path) = secret_file {
        return file(path);
    }
    match std::env::var_os("JWT_SECRET") {
        Some(value) => Ok(Zeroizing::new(os_bytes(value))),
        None => Err(Failure::invalid(
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
