//! The compact serialization (RFC 7515 §7.1): three base64url segments joined by dots.

use std::mem::MaybeUninit;

use base64_simd::{Out, URL_SAFE_NO_PAD};

use crate::error::{Error, ErrorKind};

/// The three segments of a compact token, borrowed from it.
#[derive(Debug)]
pub(crate) struct Segments<'t> {
    /// `BASE64URL(header) '.' BASE64URL(payload)`, exactly as received.
    pub(crate) signing_input: &'t str,
    pub(crate) header: &'t str,
    pub(crate) payload: &'t str,
    pub(crate) signature: &'t str,
}

/// Splits `token` into its three segments after checking its length against `max_len`.
/// Never allocates, whatever the input.
pub(crate) fn split(token: &str, max_len: usize) -> Result<Segments<'_>, Error> {
    if token.len() > max_len {
        return Err(Error::new(
            ErrorKind::TokenTooLarge,
            format!(
                "token is {} bytes long; the limit is {max_len} bytes",
                token.len()
            ),
        ));
    }
    // One vectorized scan finds the two dots, and a third if there is one.
    let mut dots = memchr::memchr_iter(b'.', token.as_bytes());
    let segments = match (dots.next(), dots.next(), dots.next()) {
        (Some(first), Some(second), None) => segments_around(token, first, second),
        _ => None,
    };
    match segments {
        Some(segments) => {
            if segments.header.is_empty() {
                return Err(Error::new(
                    ErrorKind::MalformedToken,
                    "the token's header segment is empty",
                ));
            }
            Ok(segments)
        }
        None => Err(Error::new(
            ErrorKind::MalformedToken,
            format!(
                "expected 3 dot-separated segments (header.payload.signature), found {}",
                memchr::memchr_iter(b'.', token.as_bytes()).count() + 1
            ),
        )),
    }
}

/// The segments of `token` around its dots at `first` and `second`.
fn segments_around(token: &str, first: usize, second: usize) -> Option<Segments<'_>> {
    Some(Segments {
        signing_input: token.get(..second)?,
        header: token.get(..first)?,
        payload: token.get(first + 1..second)?,
        signature: token.get(second + 1..)?,
    })
}

/// Decodes one segment: base64url, no padding, canonical (the unused bits of the last
/// character must be zero), so every byte string has exactly one accepted spelling.
///
/// Token segments are public, so they go through `base64-simd`'s vectorized decoder
/// (`URL_SAFE_NO_PAD`: no padding accepted, no trailing bits) rather than the
/// constant-time `base64ct` that key material uses; the tests below hold the two to
/// the same answers.
pub(crate) fn decode(segment: &str, what: &str) -> Result<Vec<u8>, Error> {
    URL_SAFE_NO_PAD.decode_to_vec(segment).map_err(|err| {
        let why = if segment.contains('=') {
            "padding '=' is not allowed".to_owned()
        } else if let Some(c) = segment
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
        {
            format!("{c:?} is not a base64url character")
        } else {
            "the encoding is not canonical (bad length or non-zero unused bits)".to_owned()
        };
        Error::new(
            ErrorKind::MalformedToken,
            format!("the {what} segment is not canonical unpadded base64url: {why}"),
        )
        .with_source(err)
    })
}

/// Decodes one segment as [`decode`] does and hands the bytes to `use_bytes`, decoding
/// into a buffer on the stack when the segment is small (every typical header, payload
/// and signature is), so the hot path does not allocate.
pub(crate) fn with_decoded<R>(
    segment: &str,
    what: &str,
    use_bytes: impl FnOnce(&[u8]) -> Result<R, Error>,
) -> Result<R, Error> {
    if segment.len() / 4 * 3 + 3 <= STACK_BUFFER_LEN {
        decode_on_stack(segment, what, use_bytes)
    } else {
        use_bytes(&decode(segment, what)?)
    }
}

/// The largest decoded segment [`with_decoded`] holds on the stack: every typical
/// header, payload and signature fits.
const STACK_BUFFER_LEN: usize = 2048;

/// [`with_decoded`] through a stack buffer.
fn decode_on_stack<R>(
    segment: &str,
    what: &str,
    use_bytes: impl FnOnce(&[u8]) -> Result<R, Error>,
) -> Result<R, Error> {
    // Uninitialized: the decoder writes what it returns, and nothing else is read.
    let mut buffer = [MaybeUninit::<u8>::uninit(); STACK_BUFFER_LEN];
    let fits = URL_SAFE_NO_PAD
        .decoded_length(segment.as_bytes())
        .is_ok_and(|len| len <= STACK_BUFFER_LEN);
    let decoded = if fits {
        URL_SAFE_NO_PAD
            .decode(segment.as_bytes(), Out::from_uninit_slice(&mut buffer))
            .map(|bytes| &*bytes)
            .map_err(|_| decode(segment, what).err())
    } else {
        Err(decode(segment, what).err())
    };
    match decoded {
        Ok(bytes) => use_bytes(bytes),
        Err(Some(err)) => Err(err),
        Err(None) => Err(Error::new(
            ErrorKind::MalformedToken,
            format!("the {what} segment is not canonical unpadded base64url"),
        )),
    }
}

/// Appends `bytes` as unpadded base64url to `out`.
pub(crate) fn encode_into(bytes: &[u8], out: &mut String) {
    URL_SAFE_NO_PAD.encode_append(bytes, out);
}

/// The length of `len` bytes as unpadded base64url.
pub(crate) fn encoded_len(len: usize) -> usize {
    len / 3 * 4 + [0, 2, 3].get(len % 3).copied().unwrap_or(0)
}

/// Encodes bytes as unpadded base64url.
#[cfg(test)]
pub(crate) fn encode(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode_to_string(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_three_segments() {
        let s = split("a.b.c", 100).unwrap();
        assert_eq!(
            (s.header, s.payload, s.signature, s.signing_input),
            ("a", "b", "c", "a.b")
        );
        let s = split("a..", 100).unwrap();
        assert_eq!((s.payload, s.signature), ("", ""));
    }

    #[test]
    fn wrong_segment_counts_are_malformed() {
        for (token, count) in [
            ("", "found 1"),
            (".", "found 2"),
            ("abc", "found 1"),
            ("a.b", "found 2"),
            ("a.b.c.", "found 4"),
            ("a.b.c.d.e", "found 5"),
            ("...", "found 4"),
            (".b.c", "empty"),
        ] {
            let err = split(token, 100).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::MalformedToken, "{token}");
            assert!(err.to_string().contains(count), "{token}: {err}");
        }
        let dots = ".".repeat(1_000_000);
        assert_eq!(
            split(&dots, usize::MAX).unwrap_err().kind(),
            ErrorKind::MalformedToken
        );
    }

    #[test]
    fn length_is_checked_first() {
        let err = split("not even a token", 5).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::TokenTooLarge);
        assert!(err.to_string().contains("limit is 5"), "{err}");
    }

    #[test]
    fn decoding_is_strict() {
        assert_eq!(decode("e30", "header").unwrap(), b"{}");
        for bad in [
            "e31", "e32", "e33", "e30=", "e3+", "e3/", " e30", "e30\n", "e", "e?0",
        ] {
            let err = decode(bad, "header").unwrap_err();
            assert_eq!(err.kind(), ErrorKind::MalformedToken, "{bad:?}");
            assert!(err.to_string().contains("header segment"), "{err}");
        }
    }

    /// The fast decoder answers as the constant-time one would, on `segment`: both accept
    /// with the same bytes, or both refuse; and the stack path agrees with the heap path.
    fn same_as_base64ct(segment: &str) {
        use base64ct::{Base64UrlUnpadded, Encoding};
        let reference = Base64UrlUnpadded::decode_vec(segment).ok();
        let fast = decode(segment, "payload").ok();
        assert_eq!(fast, reference, "{segment:?}");
        let on_stack = with_decoded(segment, "payload", |bytes| Ok(bytes.to_vec())).ok();
        assert_eq!(on_stack, reference, "{segment:?}");
        if let Some(bytes) = &reference {
            assert_eq!(encode(bytes), Base64UrlUnpadded::encode_string(bytes));
        }
    }

    #[test]
    fn the_fast_decoder_agrees_on_every_short_string() {
        // Every string of up to 3 characters over an alphabet that covers both base64
        // alphabets, padding, whitespace and non-ASCII: 11^3 + 11^2 + 11 + 1 strings.
        let alphabet = ["A", "B", "f", "8", "-", "_", "+", "/", "=", " ", "é"];
        let mut strings = vec![String::new()];
        for _ in 0..3 {
            let longer: Vec<String> = strings
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            strings.extend(longer);
        }
        strings.sort();
        strings.dedup();
        assert_eq!(strings.len(), 1 + 11 + 121 + 1331);
        for segment in &strings {
            same_as_base64ct(segment);
        }
    }

    proptest::proptest! {
        /// Encodings of random bytes (on either side of the stack buffer's size), then
        /// with one character replaced, one dropped,
        /// one added, or padding appended: the two decoders give the same answer.
        #[test]
        fn the_fast_decoder_agrees_with_base64ct(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..3000),
            at in 0usize..5000,
            replacement in proptest::sample::select(vec!['A', 'Q', 'g', 'w', '-', '_', '+', '/', '=', '.', '\n']),
            how in 0u8..4,
        ) {
            let valid = encode(&bytes);
            same_as_base64ct(&valid);
            let mut chars: Vec<char> = valid.chars().collect();
            let i = if chars.is_empty() { 0 } else { at % chars.len() };
            match how {
                0 if !chars.is_empty() => chars[i] = replacement,
                1 if !chars.is_empty() => { chars.remove(i); }
                2 => chars.insert(i.min(chars.len()), replacement),
                _ => chars.push('='),
            }
            same_as_base64ct(&chars.into_iter().collect::<String>());
        }
    }
}
