import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CdsAuthError, requestOrigin, verifyCdsJwt } from '@/lib/server/cds/auth';
import { CdsClientError, registerCdsClient, setCdsClientEnabled } from '@/lib/server/cds/clients';
import { db } from '@/lib/server/db';
import { createAdmin } from '../factories';
import { makeCdsKey, signCdsJwt } from '../support/cds';

const AUD = 'https://k2.example.org/cds-services/k2-order-select';
const request = (token: string): Request => new Request(AUD, { method: 'POST', headers: { authorization: `Bearer ${token}`, host: 'k2.example.org' } });

describe('CDS JWT verification on PostgreSQL', () => {
  it('lets exactly one of two concurrent calls with the same jti through, and prunes expired ids', async () => {
    const key = await makeCdsKey('ES384');
    const admin = await createAdmin(db);
    const iss = `https://ehr-${randomUUID().slice(0, 8)}.test`;
    await registerCdsClient({ iss, name: 'Race EHR', jwks: { keys: [key.publicJwk as { kty: 'EC' }] } }, { id: admin.id, email: admin.email }, null);
    await db.cdsJti.create({ data: { iss, jti: 'old', expiresAt: new Date(Date.now() - 1_000) } });

    const token = await signCdsJwt({ iss, aud: AUD, key });
    const results = await Promise.allSettled([verifyCdsJwt(request(token), [AUD]), verifyCdsJwt(request(token), [AUD])]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.status === 'rejected' && rejected.reason).toBeInstanceOf(CdsAuthError);
    expect(await db.cdsJti.count({ where: { iss, jti: 'old' } })).toBe(0);
  });

  it('refuses a client once disabled, and a duplicate issuer on registration', async () => {
    const key = await makeCdsKey('RS384');
    const admin = await createAdmin(db);
    const actor = { id: admin.id, email: admin.email };
    const iss = `https://ehr-${randomUUID().slice(0, 8)}.test`;
    const { id } = await registerCdsClient({ iss, name: 'EHR', jwks: { keys: [key.publicJwk as { kty: 'RSA' }] } }, actor, null);
    await expect(registerCdsClient({ iss, name: 'Again', jwks: { keys: [key.publicJwk as { kty: 'RSA' }] } }, actor, null)).rejects.toBeInstanceOf(CdsClientError);
    await expect(verifyCdsJwt(request(await signCdsJwt({ iss, aud: AUD, key })), [AUD])).resolves.toMatchObject({ iss });
    await setCdsClientEnabled(id, false, actor, null);
    await expect(verifyCdsJwt(request(await signCdsJwt({ iss, aud: AUD, key })), [AUD])).rejects.toBeInstanceOf(CdsAuthError);
    const actions = (await db.auditEvent.findMany({ where: { entityId: id }, orderBy: { id: 'asc' } })).map((e) => e.action);
    expect(actions).toEqual(['cds-client.create', 'cds-client.disable']);
  });

  it('takes the origin from x-forwarded-* only when present', () => {
    expect(requestOrigin(new Request('http://10.0.0.5:3000/cds-services/x', { headers: { host: '10.0.0.5:3000' } }))).toBe('http://10.0.0.5:3000');
    expect(requestOrigin(new Request('http://10.0.0.5:3000/cds-services/x', { headers: { host: '10.0.0.5:3000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'k2.example.org' } }))).toBe('https://k2.example.org');
  });
});
