/** CDS Hooks test helpers: a client key pair (generated per run, never committed) and signed calls. */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

export type TestCdsKey = { alg: 'ES384' | 'RS384'; kid: string; privateKey: CryptoKey; publicJwk: JWK };

export async function makeCdsKey(alg: 'ES384' | 'RS384'): Promise<TestCdsKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const kid = randomUUID();
  return { alg, kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

export type JwtOptions = { iss: string; aud: string; key: TestCdsKey; jti?: string; iat?: number; exp?: number };

export async function signCdsJwt(o: JwtOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ tenant: 'test-tenant' })
    .setProtectedHeader({ alg: o.key.alg, kid: o.key.kid, typ: 'JWT' })
    .setIssuer(o.iss)
    .setSubject('test-client-id')
    .setAudience(o.aud)
    .setIssuedAt(o.iat ?? now)
    .setExpirationTime(o.exp ?? now + 300)
    .setJti(o.jti ?? randomUUID())
    .sign(o.key.privateKey);
}

const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsigned token (alg none), as an attacker would send it. */
export function unsignedJwt(iss: string, aud: string): string {
  const now = Math.floor(Date.now() / 1000);
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss, sub: 'x', aud, iat: now, exp: now + 300, jti: randomUUID() })}.`;
}

export async function hmacJwt(iss: string, aud: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer(iss).setSubject('x').setAudience(aud).setIssuedAt(now).setExpirationTime(now + 300).setJti(randomUUID()).sign(new TextEncoder().encode('a shared secret that must never be accepted 0123456789'));
}

export async function postCds(url: string, body: unknown, token?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    parsed = { _text: text.slice(0, 200) };
  }
  return { status: res.status, body: parsed };
}
