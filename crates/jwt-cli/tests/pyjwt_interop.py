"""PyJWT's side of the interoperability test (the library the tutorial uses).

usage:
  pyjwt_interop.py verify ALG KEY_FILE TOKEN   -> prints the verified claims as JSON
  pyjwt_interop.py encode ALG KEY_FILE CLAIMS  -> prints a token signed by PyJWT
  pyjwt_interop.py jwks-make DIR CLAIMS        -> writes DIR/jwks.json (RSA, EC P-256,
      P-384, P-521 and Ed25519 public keys made by cryptography, as PyJWT writes JWKs)
      and prints [{"alg": ..., "kid": ..., "token": ...}], a token per key, with kid
  pyjwt_interop.py jwks-verify JWKS_FILE ALG TOKEN -> PyJWKSet picks the key by the
      token's kid; prints the verified claims as JSON
  pyjwt_interop.py thumbprint JWK_JSON         -> jwcrypto's RFC 7638 SHA-256 thumbprint

KEY_FILE is the HMAC secret's bytes for HS256, the private key PEM for encoding, and
the X.509 certificate PEM (public_key.pem) for verifying, as in the tutorial.
"""
import json
import sys

import jwt
from cryptography.x509 import load_pem_x509_certificate


def jwks_make(directory, claims):
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
    from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm

    keys = [
        ("RS256", rsa.generate_private_key(public_exponent=65537, key_size=2048), RSAAlgorithm),
        ("ES256", ec.generate_private_key(ec.SECP256R1()), ECAlgorithm),
        ("ES384", ec.generate_private_key(ec.SECP384R1()), ECAlgorithm),
        ("ES512", ec.generate_private_key(ec.SECP521R1()), ECAlgorithm),
        ("EdDSA", ed25519.Ed25519PrivateKey.generate(), OKPAlgorithm),
    ]
    jwks, tokens = [], []
    for alg, private, algorithm in keys:
        jwk = json.loads(algorithm.to_jwk(private.public_key()))
        kid = "pyjwt-" + alg.lower()
        jwk.update({"kid": kid, "alg": alg, "use": "sig"})
        jwks.append(jwk)
        token = jwt.encode(claims, private, algorithm=alg, headers={"kid": kid})
        tokens.append({"alg": alg, "kid": kid, "token": token})
    with open(directory + "/jwks.json", "w") as f:
        json.dump({"keys": jwks}, f)
    print(json.dumps(tokens))


def jwks_verify(jwks_file, alg, token):
    with open(jwks_file) as f:
        key_set = jwt.PyJWKSet.from_json(f.read())
    kid = jwt.get_unverified_header(token)["kid"]
    claims = jwt.decode(token, key_set[kid].key, algorithms=[alg], options={"verify_aud": False})
    print(json.dumps(claims, sort_keys=True))


def thumbprint(jwk_json):
    from jwcrypto.jwk import JWK

    print(JWK.from_json(jwk_json).thumbprint())


def main():
    if sys.argv[1] == "thumbprint":
        return thumbprint(sys.argv[2])
    if sys.argv[1] == "jwks-make":
        return jwks_make(sys.argv[2], json.loads(sys.argv[3]))
    if sys.argv[1] == "jwks-verify":
        return jwks_verify(*sys.argv[2:5])
    mode, alg, key_file, data = sys.argv[1:5]
    with open(key_file, "rb") as f:
        key = f.read()
    if mode == "verify":
        if alg != "HS256":
            key = load_pem_x509_certificate(key).public_key()
        claims = jwt.decode(
            data, key, algorithms=[alg], audience="api://orders", issuer="https://auth.example"
        )
        print(json.dumps(claims, sort_keys=True))
    elif mode == "encode":
        print(jwt.encode(json.loads(data), key, algorithm=alg))
    else:
        sys.exit("unknown mode " + mode)


if __name__ == "__main__":
    main()
