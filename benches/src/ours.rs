//! This workspace, on each backend.

use jwt_strict::{Algorithm, AlgorithmFamily, Header, JwsSigner, JwsVerifier, Validation, decode};

use crate::{AUDIENCE, AccessClaims, Contender, ISSUER, SECRET, claims, private_pem};

fn contender(
    name: &'static str,
    alg: Algorithm,
    signer: Box<dyn JwsSigner>,
    verifier: Box<dyn JwsVerifier>,
) -> Contender {
    let claims = claims();
    let header = Header::new(alg);
    let validation = Validation::new()
        .algorithms([alg])
        .issuer(ISSUER)
        .audience(AUDIENCE);
    Contender {
        name,
        encode: Box::new(move || jwt_strict::encode(&header, &claims, &signer).unwrap()),
        decode: Box::new(move |token| {
            decode::<AccessClaims>(token, &verifier, &validation).is_ok()
        }),
    }
}

/// Ours: `jwt` for HMAC, `jwt-<backend>` on every backend of the registry for the rest.
pub(crate) fn contenders(alg: Algorithm) -> Vec<Contender> {
    if alg.family() == AlgorithmFamily::Hmac {
        return vec![on_hmac(alg)];
    }
    let pem = private_pem(alg);
    crate::backends_with(alg)
        .map(|backend| on_backend(alg, backend, &pem))
        .collect()
}

/// Ours named `name` (`jwt`, `jwt-awslc`, …) alone, or `None` if `alg` has no such one.
pub(crate) fn contender_named(alg: Algorithm, name: &str) -> Option<Contender> {
    if alg.family() == AlgorithmFamily::Hmac {
        return (name == "jwt").then(|| on_hmac(alg));
    }
    let backend = crate::backend_of(name).filter(|b| b.algorithms().contains(&alg))?;
    Some(on_backend(alg, backend, &private_pem(alg)))
}

fn on_hmac(alg: Algorithm) -> Contender {
    let key = || Box::new(jwt_strict::hs::HmacKey::new(alg, SECRET).unwrap());
    contender("jwt", alg, key(), key())
}

fn on_backend(alg: Algorithm, backend: &jwt_strict::BackendEntry, pem: &str) -> Contender {
    let signer = backend.signer_from_pem_or_der(pem.as_bytes(), alg).unwrap();
    let verifier = backend
        .verifier_from_pem_or_der(pem.as_bytes(), alg)
        .unwrap();
    contender(crate::ours_name(backend.name), alg, signer, verifier)
}
