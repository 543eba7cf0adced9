//! From an issuer to its JWK Set's URL: OpenID Connect Discovery 1.0, then RFC 8414.

use jwt_strict::{Error, ErrorKind};
use reqwest::Url;
use serde::Deserialize;

use crate::fetch::{Got, Request};
use crate::url_policy::{checked_url, shown};

/// Checks an issuer identifier: a URL the client may fetch (https, or http on a
/// loopback host), without query or fragment (OIDC Discovery 1.0 §2, RFC 8414 §2).
pub(crate) fn checked_issuer(issuer: &str) -> Result<Url, Error> {
    let url = checked_url(issuer)?;
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::new(
            ErrorKind::KeySource,
            format!(
                "the issuer {} has a query or fragment; an issuer identifier has neither",
                shown(&url)
            ),
        ));
    }
    Ok(url)
}

/// Where the issuer's metadata is looked for, in order: OpenID Connect Discovery
/// (`{issuer}/.well-known/openid-configuration`), then RFC 8414
/// (`{origin}/.well-known/oauth-authorization-server{path}`), each without the issuer's
/// terminating `/`.
pub(crate) fn metadata_urls(issuer: &Url) -> [Url; 2] {
    let path = issuer.path().trim_end_matches('/');
    let at = |path: String| {
        let mut url = issuer.clone();
        url.set_path(&path);
        url
    };
    [
        at(format!("{path}/.well-known/openid-configuration")),
        at(format!("/.well-known/oauth-authorization-server{path}")),
    ]
}

/// The members of the metadata this client reads.
#[derive(Deserialize)]
struct Metadata {
    issuer: String,
    jwks_uri: Option<String>,
}

/// Reads the issuer's metadata and returns its `jwks_uri`, after checking that the
/// document names exactly `issuer` and that the URI passes the client's URL rules.
/// RFC 8414's location is tried only when the OIDC one answers with an HTTP error status.
/// `template` gives the client and its limits; its URL is replaced.
pub(crate) async fn jwks_uri(
    template: &Request<'_>,
    issuer: &str,
    issuer_url: &Url,
) -> Result<Url, Error> {
    let [oidc, oauth] = metadata_urls(issuer_url);
    let what = "the issuer's metadata";
    let mut not_found = Vec::new();
    for url in [&oidc, &oauth] {
        let request = Request { url, ..*template };
        match request.get("application/json", what).await? {
            Got::Body { text, .. } => return read(&request, &text, issuer),
            Got::Status(status) => not_found.push(format!("{} answered {status}", shown(url))),
            Got::NotModified { .. } => {
                not_found.push(format!("{} answered 304 unasked", shown(url)))
            }
        }
    }
    Err(Error::new(
        ErrorKind::KeySource,
        format!(
            "discovering the issuer {issuer:?} failed: no metadata document ({})",
            not_found.join("; ")
        ),
    ))
}

fn read(request: &Request<'_>, text: &str, issuer: &str) -> Result<Url, Error> {
    let what = "the issuer's metadata";
    let metadata: Metadata = serde_json::from_str(text).map_err(|err| {
        request.failure(what, format!("the body is not a metadata document: {err}"))
    })?;
    if metadata.issuer != issuer {
        return Err(request.failure(
            what,
            format!(
                "it names the issuer {:?}, expected exactly {issuer:?} (OpenID Connect \
                 Discovery 1.0 §4.3)",
                metadata.issuer
            ),
        ));
    }
    let Some(jwks_uri) = metadata.jwks_uri else {
        return Err(request.failure(what, "it has no jwks_uri".to_owned()));
    };
    checked_url(&jwks_uri)
        .map_err(|err| request.failure(what, format!("its jwks_uri is refused: {}", err.message())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_is_looked_for_where_each_specification_says() {
        for (issuer, oidc, oauth) in [
            (
                "https://tenant.example/",
                "https://tenant.example/.well-known/openid-configuration",
                "https://tenant.example/.well-known/oauth-authorization-server",
            ),
            (
                "https://login.example/realms/shop",
                "https://login.example/realms/shop/.well-known/openid-configuration",
                "https://login.example/.well-known/oauth-authorization-server/realms/shop",
            ),
            (
                "http://127.0.0.1:8080/t1/",
                "http://127.0.0.1:8080/t1/.well-known/openid-configuration",
                "http://127.0.0.1:8080/.well-known/oauth-authorization-server/t1",
            ),
        ] {
            let [a, b] = metadata_urls(&checked_issuer(issuer).unwrap());
            assert_eq!((a.as_str(), b.as_str()), (oidc, oauth), "{issuer}");
        }
    }

    #[test]
    fn issuers_are_checked_like_key_set_urls_and_have_no_query() {
        for refused in [
            "http://issuer.example/",
            "https://issuer.example/?tenant=1",
            "https://issuer.example/#x",
            "issuer",
        ] {
            assert_eq!(
                checked_issuer(refused).unwrap_err().kind(),
                ErrorKind::KeySource,
                "{refused}"
            );
        }
    }
}
