/**
 * A CDS Hooks client for the benchmark: an ES256 key pair made per run (only the public JWK reaches the app, through
 * CDS_HOOKS_CLIENTS) and a *synchronous* signer, because autocannon's setupRequest is synchronous and the app
 * refuses a replayed `jti`: every request needs a token of its own.
 */
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';

export type BenchCdsClient = {
  iss: string;
  /** The value of CDS_HOOKS_CLIENTS for the app. */
  envValue: string;
  /** A fresh token (new jti, iat now, exp in 5 minutes) for the given audience. */
  token: (aud: string) => string;
};

const b64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export function makeBenchCdsClient(iss = 'https://bench-ehr.invalid'): BenchCdsClient {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = 'bench-1';
  const publicJwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' };
  const header = b64url({ alg: 'ES256', kid, typ: 'JWT' });
  return {
    iss,
    envValue: JSON.stringify([{ iss, jwks: { keys: [publicJwk] } }]),
    token: (aud) => signEs256(header, privateKey, iss, aud),
  };
}

function signEs256(header: string, key: KeyObject, iss: string, aud: string): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = b64url({ iss, sub: 'bench-client', aud, iat: now, exp: now + 300, jti: randomUUID() });
  const input = `${header}.${payload}`;
  // JWS ES256: the raw r||s signature (IEEE P1363), not DER.
  const signature = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url');
  return `${input}.${signature}`;
}
