/**
 * Decision-support transparency (issue 12, item 6; ONC HTI-1, 45 CFR 170.315(b)(11)(iv)(A)): every card links to its
 * service's source-attributes page, discovery links each service to its page, and the attribute list is the rule's.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCards, CardSchema, type Card } from '@/lib/domain/cds/cards';
import type { UnreadablePrefetch, VitaminKOrder } from '@/lib/domain/cds/request';
import { CDS_SERVICES, DEFAULT_GOALS, isOrderHook, type CdsServiceId } from '@/lib/domain/cds/services';
import {
  ABOUT_LINK_LABEL,
  DISCOVERY_EXTENSION_KEY,
  discoveryService,
  evidenceBasedAttributes,
  evidenceSummary,
  INPUTS,
  SERVICE_ATTRIBUTES,
  sourceAttributesPath,
  sourceAttributesUrl,
  VALIDATION,
} from '@/lib/domain/cds/source-attributes';
import { parsePatientContext } from '@/lib/domain/patient-context';
import { buildReport } from '@/lib/domain/report/build-report';
import { contentSnapshot } from '../support/content-snapshot';

const BASE = 'https://k2.example.org';
let n = 0;
const newId = (): string => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const ORDER: VitaminKOrder = { ref: 'MedicationRequest/draft-k2', text: 'Menaquinone-7 (vitamin K2) 180 mcg capsule' };

function cards(service: CdsServiceId, medications: Array<{ name: string }>, unreadable: UnreadablePrefetch[] = []): Card[] {
  const parsed = parsePatientContext({ age: 70, sex: 'female', goals: DEFAULT_GOALS[service], medications, conditions: ['ckd'], ckdStage: 4 });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.fields));
  return buildCards({ service, report: buildReport(parsed.context, contentSnapshot()), vitaminKOrders: isOrderHook(service) ? [ORDER] : [], unreadable, reportUrl: `${BASE}/reports/new?draft=00000000-0000-4000-8000-000000000000`, appUrl: BASE, newId });
}

describe('source attributes (ONC HTI-1)', () => {
  it('every card of every service links to the service’s page (type absolute) besides the report, and stays a valid card', () => {
    const cases: Array<[string, Array<{ name: string }>, UnreadablePrefetch[]]> = [
      ['warfarin', [{ name: 'warfarin 5 mg' }], []],
      ['an unknown medicine', [{ name: 'Zorblatix 10 mg' }], []],
      ['a near miss of a VKA', [{ name: 'Jantovan 5 mg' }], []],
      ['no medicines', [], []],
      ['an unreadable medication list', [], [{ key: 'medications', topic: 'medications', reason: 'failed' }, { key: 'vitaminD', topic: 'vitaminD', reason: 'missing' }]],
    ];
    for (const service of CDS_SERVICES) {
      for (const [label, medications, unreadable] of cases) {
        const list = cards(service.id, medications, unreadable);
        expect(list.length, `${service.id}, ${label}`).toBeGreaterThan(0);
        for (const card of list) {
          expect(CardSchema.safeParse(card).success, `${service.id}, ${label}: ${card.summary}`).toBe(true);
          expect(card.links?.[0]?.url).toBe(`${BASE}/reports/new?draft=00000000-0000-4000-8000-000000000000`);
          expect(card.links, `${service.id}, ${label}: ${card.summary}`).toContainEqual({ label: ABOUT_LINK_LABEL, url: `${BASE}/decision-support/${service.id}`, type: 'absolute' });
        }
      }
    }
  });

  it('discovery links each service to its page, in the description and in an extension (CDS Hooks 2.0 § Extensions)', () => {
    for (const service of CDS_SERVICES) {
      const listed = discoveryService(service, `${BASE}/`);
      const url = `${BASE}/decision-support/${service.id}`;
      expect(sourceAttributesUrl(`${BASE}/`, service.id)).toBe(url);
      expect(sourceAttributesPath(service.id)).toBe(`/decision-support/${service.id}`);
      // The spec's fields are unchanged, but for the description, which ends with the URL.
      expect({ ...listed, description: undefined, extension: undefined }).toEqual({ ...service, description: undefined, extension: undefined });
      expect(listed.description.startsWith(service.description)).toBe(true);
      expect(listed.description).toContain(url);
      expect(listed.extension).toEqual({ [DISCOVERY_EXTENSION_KEY]: { url, regulation: '45 CFR 170.315(b)(11)(iv)(A)' } });
      expect(JSON.parse(JSON.stringify(listed))).toEqual(listed);
    }
  });

  it('lists the thirteen attributes of (b)(11)(iv)(A) in the rule’s order, each answered; each service has its own text', () => {
    const rows = evidenceBasedAttributes('rules-x', 'ev-y');
    expect(rows.map((r) => r.paragraph)).toEqual(Array.from({ length: 13 }, (_, i) => `(A)(${i + 1})`));
    for (const r of rows) expect(r.value.length).toBeGreaterThan(10);
    expect(rows[3]!.value).toContain('rules-x');
    expect(rows[3]!.value).toContain('ev-y');
    for (const [i, word] of ['race', 'ethnicity', 'language', 'sexual orientation', 'gender identity', 'sex', 'date of birth', 'social determinants', 'health status'].entries()) expect(rows[i + 4]!.attribute).toContain(word);
    for (const service of CDS_SERVICES) {
      expect(SERVICE_ATTRIBUTES[service.id].firesWhen).toContain(service.hook);
      for (const key of Object.keys(service.prefetch)) expect(INPUTS.map((input) => input.key)).toContain(key);
    }
  });

  it('names only test files that exist', () => {
    for (const v of VALIDATION) expect(existsSync(path.resolve(import.meta.dirname, '../..', v.file)), v.file).toBe(true);
  });

  it('counts the published evidence by kind and verification status', () => {
    const snapshot = contentSnapshot();
    const counts = evidenceSummary(snapshot);
    expect(counts.map((c) => c.kind)).toEqual(['trials', 'sources', 'interactions', 'claims', 'medications']);
    expect(counts[0]!.total).toBe(snapshot.trials.length);
    for (const c of counts) expect(Object.values(c.byStatus).reduce((a, b) => a + b, 0)).toBe(c.total);
    expect(evidenceSummary({ ...snapshot, medications: undefined })[4]!.total).toBe(0);
  });
});
