/**
 * Issue 14, "a fast report page": the body cache (lib/server/reports/body-cache.ts). The body is ReportView rendered
 * on a worker thread, once per key (report id, ruleset, staleness); the most recently used bodies stay.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { clearReportBodyCache, reportBodyCacheSize, reportBodyHtml, reportBodyKey } from '@/lib/server/reports/body-cache';
import { renderReportBodyHtml } from '@/lib/reports/render-html';
import { readReportBody, reportBodyStore } from '@/lib/report-body-store';
import warfarin from '../fixtures/scenarios/warfarin-natto.json';
import { reportFor } from '../support/pdf';

const report = reportFor({ ...warfarin.context, goals: ['cardiovascular', 'bone'] });

afterEach(() => clearReportBodyCache());

describe('report body cache', () => {
  it('keys by report id, ruleset and staleness', () => {
    expect(reportBodyKey('a', 'rules-1', false)).not.toBe(reportBodyKey('a', 'rules-1', true));
    expect(reportBodyKey('a', 'rules-1', false)).not.toBe(reportBodyKey('a', 'rules-2', false));
    expect(reportBodyKey('a', 'rules-1', false)).not.toBe(reportBodyKey('b', 'rules-1', false));
  });

  it('renders the body once, on the worker, as ReportView renders it; later views do not load the report again', async () => {
    let loads = 0;
    const key = reportBodyKey(report.id, report.rulesetVersion, false);
    const load = async () => {
      loads++;
      return report;
    };
    const [a, b] = await Promise.all([reportBodyHtml(key, load), reportBodyHtml(key, load)]);
    expect(loads).toBe(1); // two views at once share one render
    expect(a).toBe(b);
    expect(a).toBe(renderReportBodyHtml(report));
    expect(a).toMatch(/warfarin/i);
    expect(a).toContain('What the evidence shows, goal by goal');
    expect(await reportBodyHtml(key, load)).toBe(a);
    expect(loads).toBe(1);
    // The page's server-side render reads it from the same store.
    expect(readReportBody(key)).toBe(a);
  });

  it('a failed load is not cached: the next view tries again', async () => {
    const key = reportBodyKey(report.id, report.rulesetVersion, true);
    await expect(reportBodyHtml(key, () => Promise.reject(new Error('gone')))).rejects.toThrow('gone');
    expect(readReportBody(key)).toBeUndefined();
    expect(await reportBodyHtml(key, async () => report)).toContain('References');
  });

  it('keeps the 300 most recently used bodies', async () => {
    const store = reportBodyStore();
    for (let i = 0; i < 300; i++) store.set(`filler-${i}`, 'x');
    // A hit moves an entry to the end: filler-0 is now the most recently used.
    expect(await reportBodyHtml('filler-0', () => Promise.reject(new Error('not asked')))).toBe('x');
    await reportBodyHtml(reportBodyKey(report.id, report.rulesetVersion, false), async () => report);
    expect(reportBodyCacheSize()).toBe(300);
    expect(readReportBody('filler-1')).toBeUndefined();
    expect(readReportBody('filler-0')).toBe('x');
  });
});
