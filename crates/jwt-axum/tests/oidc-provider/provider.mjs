// A certified OpenID Provider (panva's oidc-provider) for the Rust tests, on 127.0.0.1.
//
//   node provider.mjs [PORT]
//
// It listens on 127.0.0.1:PORT (0: any free port), makes a fresh RSA, P-256 and Ed25519
// key at every start (so a restart on the same port rotates every key and withdraws the
// old ones), and prints one JSON line once it accepts connections:
//   {"issuer": "http://127.0.0.1:PORT", "kids": {"RS256": …, "ES256": …, "EdDSA": …}}
// Client `orders-ui` (secret `orders-ui-secret-of-at-least-32-bytes`) gets RFC 9068 JWT
// access tokens by the client-credentials grant, scope `orders:read`, for the resources
// `api://rs256`, `api://es256` and `api://eddsa`, each signed with its algorithm. It
// exits when its standard input closes, so it never outlives the test that started it.

import { createServer } from 'node:http';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import Provider from 'oidc-provider';

const keyOf = (type, options, alg) => ({
  ...generateKeyPairSync(type, options).privateKey.export({ format: 'jwk' }),
  kid: `${alg}-${randomUUID()}`,
  alg,
  use: 'sig',
});
const keys = [
  keyOf('rsa', { modulusLength: 2048 }, 'RS256'),
  keyOf('ec', { namedCurve: 'P-256' }, 'ES256'),
  keyOf('ed25519', {}, 'EdDSA'),
];
const algOf = { 'api://rs256': 'RS256', 'api://es256': 'ES256', 'api://eddsa': 'EdDSA' };

const server = createServer();
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: 'orders-ui',
      client_secret: 'orders-ui-secret-of-at-least-32-bytes',
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
    }],
    jwks: { keys },
    scopes: ['orders:read'],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => undefined,
        useGrantedResource: () => true,
        getResourceServerInfo: (ctx, resource) => {
          const alg = algOf[resource];
          if (!alg) throw new Error(`unknown resource ${resource}`);
          return {
            scope: 'orders:read',
            audience: resource,
            accessTokenTTL: 600,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg } },
          };
        },
      },
    },
  });
  server.on('request', provider.callback());
  const kids = Object.fromEntries(keys.map((key) => [key.alg, key.kid]));
  process.stdout.write(`${JSON.stringify({ issuer, kids })}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
