/**
 * The source-attributes pages (ONC HTI-1, 45 CFR 170.315(b)(11)(iv)(A); issue 12, item 6): public like discovery, one
 * per CDS service, each with every attribute heading; discovery links each one.
 */
import { describe, expect, inject, it } from 'vitest';
import { CDS_SERVICES } from '@/lib/domain/cds/services';
import { DISCOVERY_EXTENSION_KEY } from '@/lib/domain/cds/source-attributes';
import { RULESET_VERSION } from '@/lib/domain/report/build-report';
import { e2eDatabase } from '../support/db';

const baseUrl = inject('baseUrl');
const db = e2eDatabase();

const HEADINGS = ['Source attributes (45 CFR 170.315(b)(11)(iv)(A))', 'Developer and funding', 'Intended use and users', 'When it runs', 'Inputs', 'Output', 'Decision rules', 'Evidence sources and their verification', 'Known limits', 'How it was validated', 'Version'];

const unescape = (html: string): string => html.replace(/<!-- -->/g, '').replace(/&amp;/g, '&').replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"');
const headingsOf = (html: string, level: number): string[] => [...html.matchAll(new RegExp(`<h${level}[^>]*>([\\s\\S]*?)</h${level}>`, 'g'))].map((m) => unescape(m[1]!.replace(/<[^>]+>/g, '')).trim());

describe('decision support source attributes', () => {
  for (const service of CDS_SERVICES) {
    it(`/decision-support/${service.id}: 200 without a session, with every attribute heading`, async () => {
      for (const accept of ['text/html', '*/*']) {
        const res = await fetch(`${baseUrl}/decision-support/${service.id}`, { redirect: 'manual', headers: { accept } });
        expect(res.status, accept).toBe(200);
        expect(res.headers.get('content-type')).toContain('text/html');
        expect(res.headers.get('set-cookie')).toBeNull();
        const html = await res.text();
        expect(headingsOf(html, 1)).toEqual([service.title]);
        expect(headingsOf(html, 2)).toEqual(HEADINGS);
        const text = unescape(html);
        expect(text).toContain(RULESET_VERSION);
        expect(text).toContain(service.hook);
        for (const key of Object.keys(service.prefetch)) expect(text).toContain(`>${key}<`);
        // The evidence counts: a table row per kind, and the evidence version the reports carry.
        const state = await db.evidenceState.findUniqueOrThrow({ where: { id: 1 } });
        expect(text).toContain(state.evidenceVersion);
        expect(text).toMatch(/Trials<\/th><td[^>]*>\d+<\/td>/);
        for (const limit of ['curated medication vocabulary', 'near miss', 'No dosing advice', 'menaquinone']) expect(text).toContain(limit);
        for (const file of ['tests/unit/cds-conformance.test.ts', 'tests/e2e/fuzz-cds.test.ts', 'tests/unit/report-scenarios.test.ts', 'tests/unit/medication-fuzzy-property.test.ts']) expect(text).toContain(file);
      }
    });
  }

  it('404 for an unknown service; a signed-out page elsewhere still goes to sign-in', async () => {
    const res = await fetch(`${baseUrl}/decision-support/k2-nope`, { redirect: 'manual', headers: { accept: 'text/html' } });
    expect(res.status).toBe(404);
    await res.arrayBuffer();
    const other = await fetch(`${baseUrl}/decision-supportx`, { redirect: 'manual', headers: { accept: 'text/html' } });
    expect(other.status).toBe(307);
    expect(other.headers.get('location')).toContain('/login');
    await other.arrayBuffer();
  });

  it('discovery links each service to its page (description and extension), and the link answers', async () => {
    const res = await fetch(`${baseUrl}/cds-services`);
    const body = (await res.json()) as { services: Array<{ id: string; description: string; extension: Record<string, { url: string }> }> };
    expect(body.services.map((s) => s.id)).toEqual(CDS_SERVICES.map((s) => s.id));
    for (const s of body.services) {
      const url = `${baseUrl}/decision-support/${s.id}`;
      expect(s.description).toContain(url);
      expect(s.extension[DISCOVERY_EXTENSION_KEY]?.url).toBe(url);
      const page = await fetch(url, { redirect: 'manual', headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      await page.arrayBuffer();
    }
  });
});
