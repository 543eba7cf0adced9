"""PyJWT's side of the interoperability test (the library the tutorial uses).

usage:
  pyjwt_interop.py verify ALG KEY_FILE TOKEN   -> prints the verified claims as JSON
  pyjwt_interop.py encode ALG KEY_FILE CLAIMS  -> prints a token signed by PyJWT

KEY_FILE is the HMAC secret's bytes for HS256, the private key PEM for encoding, and
the X.509 certificate PEM (public_key.pem) for verifying, as in the tutorial.
"""
import json
import sys

import jwt
from cryptography.x509 import load_pem_x509_certificate


def main():
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
