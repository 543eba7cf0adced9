//! PEM (RFC 7468): the label of the first key or certificate block decides its format.

use jwt_core::Error;
use zeroize::Zeroizing;

use crate::asn1::{DerFormat, parse_any_der};
use crate::material::{KeyMaterial, invalid};

/// Reads the first key or certificate in PEM text. `EC PARAMETERS` blocks (which
/// `openssl ecparam -genkey` writes before the key) are passed over.
pub(crate) fn parse_pem(pem: &str) -> Result<KeyMaterial, Error> {
    let mut rest = pem;
    while let Some((label, block, after)) = next_block(rest)? {
        rest = after;
        let format = match label {
            "PRIVATE KEY" => DerFormat::Pkcs8,
            "RSA PRIVATE KEY" => DerFormat::Pkcs1Private,
            "EC PRIVATE KEY" => DerFormat::Sec1,
            "PUBLIC KEY" => DerFormat::Spki,
            "RSA PUBLIC KEY" => DerFormat::Pkcs1Public,
            "CERTIFICATE" => DerFormat::Certificate,
            "EC PARAMETERS" => continue,
            "ENCRYPTED PRIVATE KEY" => {
                return Err(invalid(
                    "encrypted private keys are not supported; decrypt it first \
                     (openssl pkcs8 -in key.pem -out plain.pem)",
                ));
            }
            other => {
                return Err(invalid(format!(
                    "PEM label {other:?} is not a key or certificate; expected PRIVATE KEY, \
                     RSA PRIVATE KEY, EC PRIVATE KEY, PUBLIC KEY, RSA PUBLIC KEY or CERTIFICATE"
                )));
            }
        };
        // The DER of a private key is secret: wiped once it has been read.
        let der = der::pem::decode_vec(block.as_bytes())
            .map(|(_, der)| Zeroizing::new(der))
            .map_err(|err| {
                invalid(format!("the {label} PEM block is malformed: {err}")).with_source(err)
            })?;
        return format.parse_labelled(&der);
    }
    Err(invalid(
        "no key or certificate found: expected a PEM block (-----BEGIN ...-----) or DER",
    ))
}

/// Reads a key from bytes that are either PEM text or DER.
pub(crate) fn parse_pem_or_der(bytes: &[u8]) -> Result<KeyMaterial, Error> {
    let text = bytes.trim_ascii_start();
    if text.starts_with(b"-----BEGIN ") {
        let pem =
            std::str::from_utf8(bytes).map_err(|_| invalid("the PEM file is not valid UTF-8"))?;
        parse_pem(pem)
    } else {
        parse_any_der(bytes)
    }
}

/// Finds the next `-----BEGIN label-----` … `-----END label-----` block: its label, its
/// text (both boundaries included) and the text after it.
fn next_block(text: &str) -> Result<Option<(&str, &str, &str)>, Error> {
    let Some(start) = text.find("-----BEGIN ") else {
        return Ok(None);
    };
    let from_begin = text.get(start..).unwrap_or_default();
    let label_start = "-----BEGIN ".len();
    let label = from_begin
        .get(label_start..)
        .and_then(|s| s.split_once("-----"))
        .map(|(label, _)| label)
        .filter(|label| !label.contains('\n'))
        .ok_or_else(|| invalid("a PEM BEGIN line is not closed by -----"))?;
    let end_line = format!("-----END {label}-----");
    let end = from_begin
        .find(&end_line)
        .ok_or_else(|| invalid(format!("the {label} PEM block has no {end_line} line")))?;
    let block_len = end + end_line.len();
    let block = from_begin.get(..block_len).unwrap_or_default();
    let after = from_begin.get(block_len..).unwrap_or_default();
    Ok(Some((label, block, after)))
}
