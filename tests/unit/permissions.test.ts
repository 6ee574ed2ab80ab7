import { describe, expect, it } from 'vitest';
import { ACTIONS, can, PERMISSIONS } from '@/lib/domain/permissions';

const ADMIN_ONLY = ['evidence:curate', 'evidence:publish', 'account:manage', 'audit:read', 'cds:manage'] as const;

describe('can(user, action)', () => {
  it('lets a clinician build and read reports, manage own tokens and read evidence — nothing admin', () => {
    const clinician = { role: 'CLINICIAN' };
    expect(can(clinician, 'report:create')).toBe(true);
    expect(can(clinician, 'report:read-own')).toBe(true);
    expect(can(clinician, 'token:manage-own')).toBe(true);
    expect(can(clinician, 'evidence:read')).toBe(true);
    for (const action of ADMIN_ONLY) expect(can(clinician, action), action).toBe(false);
  });

  it('gives an admin every action', () => {
    for (const action of ACTIONS) expect(can({ role: 'ADMIN' }, action), action).toBe(true);
  });

  it('denies by default: no user, a disabled user, an unknown role', () => {
    for (const action of ACTIONS) {
      expect(can(null, action)).toBe(false);
      expect(can(undefined, action)).toBe(false);
      expect(can({ role: 'ADMIN', disabled: true }, action)).toBe(false);
      expect(can({ role: 'SUPERUSER' }, action)).toBe(false);
      expect(can({ role: 'admin' }, action)).toBe(false);
    }
  });

  it('lists only known actions in the table', () => {
    for (const actions of Object.values(PERMISSIONS)) for (const action of actions) expect(ACTIONS).toContain(action);
  });
});
