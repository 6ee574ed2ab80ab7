import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/server/env';
import { launchScope, SmartClientsSchema, smartConfigurationProblem, SMART_DATA_SCOPES } from '@/lib/domain/smart/clients';

describe('SMART_CLIENTS', () => {
  it('accepts https FHIR bases (trailing slash dropped) and http only on loopback', () => {
    const parsed = SmartClientsSchema.parse([{ iss: 'https://ehr.example/fhir/', clientId: 'k2' }, { iss: 'http://127.0.0.1:8080/fhir', clientId: 'k2', scope: 'openid patient/Patient.rs' }]);
    expect(parsed.map((c) => c.iss)).toEqual(['https://ehr.example/fhir', 'http://127.0.0.1:8080/fhir']);
    for (const iss of ['http://ehr.example/fhir', 'https://ehr.example/fhir?x=1', 'https://user:pw@ehr.example/fhir', 'ftp://ehr.example', 'not a url']) {
      expect(SmartClientsSchema.safeParse([{ iss, clientId: 'k2' }]).success, iss).toBe(false);
    }
    expect(SmartClientsSchema.safeParse([{ iss: 'https://a.example/fhir' }]).success).toBe(false);
    expect(SmartClientsSchema.safeParse([{ iss: 'https://a.example/fhir', clientId: 'a' }, { iss: 'https://a.example/fhir/', clientId: 'b' }]).success).toBe(false);
  });

  it('asks for launch (EHR) or launch/patient (standalone) besides the data scopes', () => {
    const client = { iss: 'https://ehr.example/fhir', clientId: 'k2' };
    expect(launchScope(client, 'ehr').split(' ')).toEqual(['openid', 'launch', ...SMART_DATA_SCOPES.split(' ').slice(1)]);
    expect(launchScope(client, 'standalone').split(' ')).toContain('launch/patient');
    expect(launchScope({ ...client, scope: 'openid launch patient/Patient.rs' }, 'standalone')).toBe('openid launch/patient patient/Patient.rs');
  });

  it('refuses a configuration without S256 or with http endpoints for an https FHIR base', () => {
    const ok = { authorization_endpoint: 'https://as.example/auth', token_endpoint: 'https://as.example/token', code_challenge_methods_supported: ['S256'] };
    expect(smartConfigurationProblem(ok, 'https://ehr.example/fhir')).toBeNull();
    expect(smartConfigurationProblem({ ...ok, code_challenge_methods_supported: ['plain'] }, 'https://ehr.example/fhir')).toMatch(/S256/);
    expect(smartConfigurationProblem({ ...ok, token_endpoint: 'http://as.example/token' }, 'https://ehr.example/fhir')).toMatch(/https/);
    expect(smartConfigurationProblem({ ...ok, token_endpoint: 'http://127.0.0.1:9/token' }, 'http://127.0.0.1:8/fhir')).toBeNull();
  });
});

describe('SMART_CLIENTS in the environment', () => {
  const base = { DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/db', AUTH_SECRET: 'x'.repeat(32) };
  it('defaults to none, takes a JSON array, and fails at boot with a readable line', () => {
    expect(parseEnv(base).SMART_CLIENTS).toEqual([]);
    expect(parseEnv({ ...base, SMART_CLIENTS: JSON.stringify([{ iss: 'https://ehr.test/fhir', clientId: 'k2' }]) }).SMART_CLIENTS[0]).toEqual({ iss: 'https://ehr.test/fhir', clientId: 'k2' });
    expect(() => parseEnv({ ...base, SMART_CLIENTS: '[{' })).toThrow(/SMART_CLIENTS is not valid JSON/);
    expect(() => parseEnv({ ...base, SMART_CLIENTS: JSON.stringify([{ iss: 'http://ehr.test/fhir', clientId: 'k2' }]) })).toThrow(/SMART_CLIENTS\.0\.iss: http:\/\/ehr.test\/fhir: An https URL/);
  });
});
