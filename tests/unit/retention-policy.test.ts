import { describe, expect, it } from 'vitest';
import { cutoffsFor, retentionPolicy } from '../../scripts/lib/retention';

describe('the retention policy (AUDIT_RETENTION_DAYS, CDS_LOG_RETENTION_DAYS)', () => {
  it('defaults to 6 years of audit events and 90 days of CDS logs', () => {
    expect(retentionPolicy({}, false)).toEqual({ auditDays: 2190, cdsLogDays: 90 });
    expect(retentionPolicy({ AUDIT_RETENTION_DAYS: '', CDS_LOG_RETENTION_DAYS: '' }, false)).toEqual({ auditDays: 2190, cdsLogDays: 90 });
    expect(retentionPolicy({ AUDIT_RETENTION_DAYS: '3650', CDS_LOG_RETENTION_DAYS: '30' }, false)).toEqual({ auditDays: 3650, cdsLogDays: 30 });
  });

  it('refuses a short retention unless forced, and anything that is not a whole number of days', () => {
    expect(() => retentionPolicy({ AUDIT_RETENTION_DAYS: '364' }, false)).toThrow(/AUDIT_RETENTION_DAYS=364 is under 365 days/);
    expect(retentionPolicy({ AUDIT_RETENTION_DAYS: '364' }, true).auditDays).toBe(364);
    expect(() => retentionPolicy({ CDS_LOG_RETENTION_DAYS: '7' }, false)).toThrow(/CDS_LOG_RETENTION_DAYS=7 is under 30 days/);
    for (const bad of ['six years', '2.5', '0', '-1']) expect(() => retentionPolicy({ AUDIT_RETENTION_DAYS: bad }, true), bad).toThrow(/AUDIT_RETENTION_DAYS/);
  });

  it('turns days into cutoffs from now', () => {
    const now = new Date('2026-11-22T12:00:00Z');
    expect(cutoffsFor({ auditDays: 2190, cdsLogDays: 90 }, now)).toEqual({ auditBefore: new Date('2020-11-23T12:00:00Z'), cdsBefore: new Date('2026-08-24T12:00:00Z') });
  });
});
