//! This workspace, on each backend.

use jwt::{Algorithm, AlgorithmFamily, Header, JwsSigner, JwsVerifier, Validation, decode};

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
        encode: Box::new(move || jwt::encode(&header, &claims, &signer).unwrap()),
        decode: Box::new(move |token| {
            decode::<AccessClaims>(token, &verifier, &validation).is_ok()
        }),
    }
}

/// Ours: `jwt` for HMAC, `jwt-<backend>` on every backend of the registry for the rest.
pub(crate) fn contenders(alg: Algorithm) -> Vec<Contender> {
    if alg.family() == AlgorithmFamily::Hmac {
        let key = || Box::new(jwt::hs::HmacKey::new(alg, SECRET).unwrap());
        return vec![contender("jwt", alg, key(), key())];
    }
    let pem = private_pem(alg);
    jwt::BACKENDS
        .iter()
        .map(|backend| {
            let signer = (backend.signer_from_pem_or_der)(pem.as_bytes(), alg).unwrap();
            let verifier = (backend.verifier_from_pem_or_der)(pem.as_bytes(), alg).unwrap();
            contender(crate::ours_name(backend.name), alg, signer, verifier)
        })
        .collect()
}
