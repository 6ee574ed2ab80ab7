/** The FHIR base URLs of a CDS client, the fhirServer guard and the prefetch tokens (lib/domain/cds/fhir-servers.ts). */
import { describe, expect, it } from 'vitest';
import { fillPrefetchTemplate, FhirServersSchema, isUnderBase, registeredBaseOf } from '@/lib/domain/cds/fhir-servers';
import { RegisterCdsClientSchema } from '@/lib/domain/cds/clients';
import { CDS_SERVICES } from '@/lib/domain/cds/services';
import { parseEnv } from '@/lib/server/env';

describe('FHIR base URLs as registered', () => {
  it('keeps https URLs normalised (host case, default port, trailing slash, dot segments), once each', () => {
    expect(FhirServersSchema.parse(['https://EHR.example.org:443/fhir/R4/', 'https://ehr.example.org/fhir/R4', 'https://ehr.example.org/a/../fhir/DSTU2'])).toEqual(['https://ehr.example.org/fhir/R4', 'https://ehr.example.org/fhir/DSTU2']);
    expect(FhirServersSchema.parse(['http://127.0.0.1:8080/fhir', 'http://localhost:1/x', 'http://[::1]:9/'])).toEqual(['http://127.0.0.1:8080/fhir', 'http://localhost:1/x', 'http://[::1]:9']);
  });

  it.each([
    ['http://ehr.example.org/fhir', /https URL/],
    ['http://10.0.0.1/fhir', /https URL/],
    ['ftp://ehr.example.org/fhir', /https URL/],
    ['https://user:pw@ehr.example.org/fhir', /user name/],
    ['https://@ehr.example.org/fhir', /user name/],
    ['https://ehr.example.org/fhir?x=1', /no query/],
    ['https://ehr.example.org/fhir#x', /no query/],
    ['https://ehr.example.org//fhir', /empty path/],
    ['https://ehr.example.org/fh ir', /spaces/],
    ['not-a-url', /Not a URL/],
  ])('refuses %s', (url, message) => {
    const parsed = FhirServersSchema.safeParse([url]);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(message);
  });

  it('at most 10; the admin form and CDS_HOOKS_CLIENTS take them, none by default', () => {
    expect(FhirServersSchema.safeParse(Array.from({ length: 11 }, (_, i) => `https://ehr${i}.example.org/fhir`)).success).toBe(false);
    const jwks = { keys: [{ kty: 'EC', crv: 'P-384', x: 'a', y: 'b' }] };
    expect(RegisterCdsClientSchema.parse({ iss: 'x', name: 'n', jwks }).fhirServers).toEqual([]);
    expect(RegisterCdsClientSchema.safeParse({ iss: 'x', name: 'n', jwks, fhirServers: ['http://ehr.example.org'] }).success).toBe(false);
    const base = { DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/db', AUTH_SECRET: 'x'.repeat(32) };
    const env = parseEnv({ ...base, CDS_HOOKS_CLIENTS: JSON.stringify([{ iss: 'https://ehr.test', jwks, fhirServers: ['https://ehr.test/fhir/R4/'] }]) });
    expect(env.CDS_HOOKS_CLIENTS[0]?.fhirServers).toEqual(['https://ehr.test/fhir/R4']);
    expect(env.CDS_FHIR_ALLOW_HTTP_LOOPBACK).toBe(false);
    expect(parseEnv({ ...base, CDS_FHIR_ALLOW_HTTP_LOOPBACK: '1' }).CDS_FHIR_ALLOW_HTTP_LOOPBACK).toBe(true);
    expect(() => parseEnv({ ...base, CDS_HOOKS_CLIENTS: JSON.stringify([{ iss: 'https://ehr.test', jwks, fhirServers: ['https://u@ehr.test/fhir'] }]) })).toThrow(/fhirServers.*user name/);
  });
});

describe('the fhirServer guard', () => {
  const registered = ['https://ehr.example.org/fhir/R4', 'https://other.example.org'];
  it.each([
    ['https://ehr.example.org/fhir/R4', 'https://ehr.example.org/fhir/R4'],
    ['https://EHR.example.org:443/fhir/R4/', 'https://ehr.example.org/fhir/R4'],
    ['https://ehr.example.org/fhir/R4/tenant/7', 'https://ehr.example.org/fhir/R4'],
    ['https://other.example.org/anything', 'https://other.example.org'],
  ])('admits %s (under %s)', (fhirServer, base) => expect(registeredBaseOf(fhirServer, registered)).toBe(base));

  it.each([
    'https://ehr.example.org/fhir/R4x',
    'https://ehr.example.org/fhir',
    'https://ehr.example.org/fhir/R4/../../admin',
    'https://ehr.example.org/fhir/R4%2F..%2F..%2Fadmin',
    'https://ehr.example.org:8443/fhir/R4',
    'http://ehr.example.org/fhir/R4',
    'https://ehr.example.org.evil.test/fhir/R4',
    'https://evil.test/ehr.example.org/fhir/R4',
    'https://ehr.example.org@evil.test/fhir/R4',
    'https://evil.test@ehr.example.org/fhir/R4',
    'https://ehr.example.org/fhir/R4?x=https://evil.test',
    'https://ehr.example.org\\@evil.test/fhir/R4',
    '//ehr.example.org/fhir/R4',
    '',
  ])('refuses %s', (fhirServer) => expect(registeredBaseOf(fhirServer, registered)).toBeNull());

  it('a built URL or a paging link must stay under the base', () => {
    const base = 'https://ehr.example.org/fhir/R4';
    expect(isUnderBase(new URL('https://ehr.example.org/fhir/R4/Patient/1'), base)).toBe(true);
    expect(isUnderBase(new URL('https://ehr.example.org/fhir/R4-x/Patient/1'), base)).toBe(false);
    expect(isUnderBase(new URL('https://evil.test/fhir/R4/Patient/1'), base)).toBe(false);
    expect(isUnderBase(new URL('https://u@ehr.example.org/fhir/R4/Patient/1'), base)).toBe(false);
  });
});

describe('prefetch tokens (CDS Hooks 2.0 § Prefetch tokens)', () => {
  const context = { patientId: 'e63wRTbPfr1p8UW81d8Seiw3', userId: 'Practitioner/123', encounterId: 'enc-1' };
  it('fills every template of our services from the context', () => {
    for (const template of Object.values(CDS_SERVICES[0]!.prefetch)) {
      const filled = fillPrefetchTemplate(template, context);
      expect(filled).not.toBeNull();
      expect(filled).not.toContain('{{');
      expect(filled).toContain('e63wRTbPfr1p8UW81d8Seiw3');
    }
    expect(fillPrefetchTemplate('Patient/{{context.patientId}}', context)).toBe('Patient/e63wRTbPfr1p8UW81d8Seiw3');
  });

  it('the user tokens, context fields, and nothing that is not an id or a reference', () => {
    expect(fillPrefetchTemplate('Practitioner/{{userPractitionerId}}', context)).toBe('Practitioner/123');
    expect(fillPrefetchTemplate('Encounter/{{context.encounterId}}', context)).toBe('Encounter/enc-1');
    expect(fillPrefetchTemplate('Observation?performer={{context.userId}}', context)).toBe('Observation?performer=Practitioner/123');
    expect(fillPrefetchTemplate('Patient/{{userPatientId}}', context)).toBeNull();
    expect(fillPrefetchTemplate('Patient/{{context.missing}}', context)).toBeNull();
    for (const patientId of ['..', '.', '../admin', 'a/b', 'x?y', 'x#y', '%2e%2e', 'a b', 'x'.repeat(65), '']) expect(fillPrefetchTemplate('Patient/{{context.patientId}}', { patientId }), patientId).toBeNull();
    expect(fillPrefetchTemplate('/Patient/{{context.patientId}}', context)).toBeNull();
    expect(fillPrefetchTemplate('Patient/../{{context.patientId}}', context)).toBeNull();
  });
});
