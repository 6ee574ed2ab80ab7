import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/server/env';

const base = { DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/db', AUTH_SECRET: 'x'.repeat(32) };
const publicKey = { kty: 'EC', crv: 'P-384', x: 'abc', y: 'def', kid: 'k1' };

describe('CDS_HOOKS_CLIENTS', () => {
  it('is optional and defaults to no clients', () => {
    expect(parseEnv(base).CDS_HOOKS_CLIENTS).toEqual([]);
  });

  it('takes a JSON array of { iss, jwks: { keys } }', () => {
    const env = parseEnv({ ...base, CDS_HOOKS_CLIENTS: JSON.stringify([{ iss: 'https://ehr.test', jwks: { keys: [publicKey] } }]) });
    expect(env.CDS_HOOKS_CLIENTS[0]?.iss).toBe('https://ehr.test');
  });

  it('fails at boot with a readable line for bad JSON, a wrong shape, or a private key', () => {
    expect(() => parseEnv({ ...base, CDS_HOOKS_CLIENTS: '[{' })).toThrow(/CDS_HOOKS_CLIENTS is not valid JSON/);
    expect(() => parseEnv({ ...base, CDS_HOOKS_CLIENTS: '{"iss":"x"}' })).toThrow(/CDS_HOOKS_CLIENTS/);
    expect(() => parseEnv({ ...base, CDS_HOOKS_CLIENTS: JSON.stringify([{ iss: 'x', jwks: { keys: [{ ...publicKey, d: 'secret' }] } }]) })).toThrow(/private field "d"/);
  });
});
