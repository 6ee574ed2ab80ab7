import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePatientContext, type PatientContext, type PatientContextInput } from '@/lib/domain/patient-context';
import { buildReport } from '@/lib/domain/report/build-report';
import { relevantClaims } from '@/lib/domain/report/claims';
import { collectReferences, resolvableCitations, trialLabel } from '@/lib/domain/report/references';
import { SAFETY_HEADLINES } from '@/lib/domain/report/summary';
import type { EvidenceSnapshot, SafetyFinding, Severity } from '@/lib/domain/report/types';
import { CONDITIONS, GOALS } from '@/lib/domain/vocabulary';
import { contentSnapshot } from '../support/content-snapshot';
import { citationProblems, citedIn } from '../support/report-citations';

function patient(input: Partial<PatientContextInput> = {}): PatientContext {
  const parsed = parsePatientContext({ age: 60, sex: 'female', goals: ['general'], ...input });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.fields));
  return parsed.context;
}

const finding = (code: string, severity: Severity = 'warning'): SafetyFinding => ({ code, severity, title: code, detail: code, triggeredBy: [], citations: [] });

const snap = contentSnapshot();
const claimText = (snapshot: EvidenceSnapshot, id: string): string => {
  const claim = snapshot.claims.find((c) => c.id === id);
  if (!claim) throw new Error(`no curated claim ${id}`);
  return claim.claim;
};

describe('relevantClaims', () => {
  const texts = (context: PatientContext, safety: SafetyFinding[] = []) => relevantClaims(context, snap, safety).map((c) => c.claim);

  it('includes the claims that share a goal, and nothing unrelated', () => {
    const claims = texts(patient({ age: 24, sex: 'male', goals: ['muscle'] }));
    expect(claims).toEqual([claimText(snap, 'k2-builds-muscle')]);
  });

  it('a vitamin K antagonist brings the anticoagulant claims first, whatever the goal', () => {
    const claims = texts(patient({ goals: ['bone'] }), [finding('vka-interaction', 'critical')]);
    expect(claims.slice(0, 3)).toEqual(expect.arrayContaining([claimText(snap, 'only-a-warfarin-problem'), claimText(snap, 'no-harm-in-too-much-k2'), claimText(snap, 'k1-clotting-k2-calcium')]));
  });

  it('a DOAC brings "only a warfarin problem" (anticoagulant users)', () => {
    const claims = texts(patient({ goals: ['muscle'] }), [finding('doac-no-interaction', 'info')]);
    expect(claims[0]).toBe(claimText(snap, 'only-a-warfarin-problem'));
  });

  it('an MK-4 drug dose or high-dose D3 brings the claims about them', () => {
    expect(texts(patient({ goals: ['muscle'] }), [finding('mk4-pharmacologic-dose')])).toEqual(
      expect.arrayContaining([claimText(snap, 'mk4-45-90-mg-is-a-typo'), claimText(snap, 'mk4-weaker-than-mk7')]),
    );
    expect(texts(patient({ goals: ['muscle'] }), [finding('vitamin-d-above-ul')])).toContain(claimText(snap, 'k2-needs-d3-and-magnesium'));
  });

  it('conditions bring their claims: osteopenia → fractures, a calcium score → heart attacks, MDS → leukaemia', () => {
    expect(texts(patient({ goals: ['muscle'], conditions: ['osteopenia'] }))).toContain(claimText(snap, 'k2-prevents-fractures'));
    expect(texts(patient({ goals: ['muscle'], coronaryCalciumScore: 300 }))).toContain(claimText(snap, 'k2-prevents-heart-attacks'));
    expect(texts(patient({ goals: ['muscle'], conditions: ['mds'] }))).toContain(claimText(snap, 'k2-d3-prevent-leukaemia'));
  });

  it('a patient taking D3 and magnesium gets "needs D3 and magnesium" first among the bone claims, and not the leukaemia claim', () => {
    const context = patient({
      goals: ['bone'],
      supplements: [
        { kind: 'd3', amount: 1000, unit: 'IU' },
        { kind: 'magnesium', amount: 300, unit: 'mg' },
      ],
    });
    const claims = texts(context);
    expect(claims[0]).toBe(claimText(snap, 'k2-needs-d3-and-magnesium'));
    expect(claims).not.toContain(claimText(snap, 'k2-d3-prevent-leukaemia'));
  });

  it('orders by relevance: a critical safety match outranks a goal match', () => {
    const claims = texts(patient({ goals: ['cardiovascular'] }), [finding('vka-interaction', 'critical')]);
    expect(claims.indexOf(claimText(snap, 'only-a-warfarin-problem'))).toBeLessThan(claims.indexOf(claimText(snap, 'k2-prevents-heart-attacks')));
  });

  it('cites the claim’s own references, only those that resolve in the snapshot', () => {
    const context = patient({ age: 24, sex: 'male', goals: ['muscle'] });
    const [muscle] = relevantClaims(context, snap, []);
    expect(muscle!.citations).toEqual(['trial:witham-2019-fallers', 'source:van-ballegooijen-2018-lasa', 'source:ferron-2008']);
    const without: EvidenceSnapshot = { ...snap, sources: snap.sources.filter((s) => s.id !== 'ferron-2008') };
    expect(relevantClaims(context, without, [])[0]!.citations).toEqual(['trial:witham-2019-fallers', 'source:van-ballegooijen-2018-lasa']);
  });
});

describe('collectReferences and resolvableCitations', () => {
  it('labels trials "Author year, Journal" and sources by title, with identifiers and verification', () => {
    const refs = collectReferences(['trial:zwakenberg-2019', 'source:nih-ods-vitamin-k-hp', 'trial:trevasc-hdk-2023'], snap);
    expect(refs).toEqual([
      { id: 'trial:zwakenberg-2019', label: 'Zwakenberg 2019, Am J Clin Nutr', doi: '10.1093/ajcn/nqz147', verification: 'verified' },
      {
        id: 'source:nih-ods-vitamin-k-hp',
        label: 'Vitamin K — Fact Sheet for Health Professionals',
        url: 'https://ods.od.nih.gov/factsheets/VitaminK-HealthProfessional/',
        verification: 'verified',
      },
      { id: 'trial:trevasc-hdk-2023', label: 'Trevasc-HDK 2023, Kidney Int Rep', pmid: '37705910', verification: 'unverified' },
    ]);
  });

  it('adds the year to a label that lacks it and does not repeat the journal', () => {
    const mds = snap.trials.find((t) => t.id === 'mk4-mds-case-report-1999')!;
    expect(trialLabel(mds)).toBe('MK-4 in MDS (case reports) 1999, Int J Hematol');
    expect(trialLabel(snap.trials.find((t) => t.id === 'jama-cardiology-2026-mk7-cac')!)).toBe('JAMA Cardiol 2026 MK-7 CAC trial');
  });

  it('is unique and in first-cited order', () => {
    const refs = collectReferences(['trial:knapen-2013', 'source:nih-ods-vitamin-k-hp', 'trial:knapen-2013', 'trial:mott-2019', 'source:nih-ods-vitamin-k-hp'], snap);
    expect(refs.map((r) => r.id)).toEqual(['trial:knapen-2013', 'source:nih-ods-vitamin-k-hp', 'trial:mott-2019']);
  });

  it('drops ids that do not resolve, without crashing: unknown, draft, malformed', () => {
    const ids = ['trial:no-such-trial', 'source:boz-2021-unfound', 'knapen-2013', 'trial:', '', 'claim:k2-builds-muscle', 'trial:knapen-2013'];
    expect(collectReferences(ids, snap).map((r) => r.id)).toEqual(['trial:knapen-2013']);
    expect(resolvableCitations(ids, snap)).toEqual(['trial:knapen-2013']);
    expect(collectReferences([], snap)).toEqual([]);
  });

  it('every curated trial and source resolves to a reference', () => {
    const all = [...snap.trials.map((t) => `trial:${t.id}`), ...snap.sources.map((s) => `source:${s.id}`)];
    const refs = collectReferences(all, snap);
    expect(refs.map((r) => r.id)).toEqual(all);
    for (const r of refs) expect(r.label.length).toBeGreaterThan(3);
  });
});

const MEDICATIONS = [
  'warfarin 5 mg',
  'Coumadin',
  'Marevan',
  'acenocoumarol',
  'phenprocoumon',
  'Eliquis 5 mg twice daily',
  'rivaroxaban',
  'dabigatran',
  'aspirin 81 mg',
  'clopidogrel',
  'amoxicillin for 3 weeks',
  'cefazolin',
  'orlistat',
  'cholestyramine',
  'mineral oil',
  'atorvastatin 40 mg',
  'metformin',
  'dasatinib',
  'levothyroxine',
];
const FREQ = fc.constantFrom('never' as const, 'monthly' as const, 'weekly' as const, 'daily' as const);
const supplementArb = fc.oneof(
  fc.record({ kind: fc.constantFrom('k2-mk7' as const, 'k1' as const), amount: fc.constantFrom(10, 45, 90, 180, 360, 1000, 5000), unit: fc.constantFrom('mcg' as const, 'mg' as const) }),
  fc.record({ kind: fc.constant('k2-mk4' as const), amount: fc.constantFrom(0.5, 1.5, 15, 45, 90), unit: fc.constantFrom('mg' as const, 'mcg' as const) }),
  fc.record({ kind: fc.constant('d3' as const), amount: fc.constantFrom(400, 1000, 2000, 4000, 5000, 10_000, 50_000), unit: fc.constant('IU' as const) }),
  fc.record({ kind: fc.constantFrom('calcium' as const, 'magnesium' as const), amount: fc.constantFrom(100, 300, 500, 1200), unit: fc.constant('mg' as const) }),
  fc.record({ kind: fc.constantFrom('multivitamin' as const, 'other' as const), amount: fc.constantFrom(1, 100), unit: fc.constantFrom('mcg' as const, 'mg' as const, 'IU' as const) }),
);

/** Valid PatientContext inputs by construction (the schema's cross-field rules respected). */
const contextArb: fc.Arbitrary<PatientContextInput> = fc
  .record({
    age: fc.integer({ min: 0, max: 120 }),
    sex: fc.constantFrom('female' as const, 'male' as const, 'other' as const),
    pregnant: fc.constantFrom('none' as const, 'pregnant' as const, 'breastfeeding' as const),
    medications: fc.subarray(MEDICATIONS, { maxLength: 4 }),
    rxnorm: fc.option(fc.constantFrom('11289', '1364430', '1114195', '99999999'), { nil: undefined }),
    conditions: fc.subarray([...CONDITIONS]),
    coronaryCalciumScore: fc.option(fc.integer({ min: 0, max: 4000 }), { nil: undefined }),
    ckdStage: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
    vitaminKStatus: fc.constantFrom('unknown' as const, 'adequate' as const, 'low' as const, 'deficient' as const),
    vitaminD: fc.record(
      {
        level: fc.record({ value: fc.integer({ min: 4, max: 120 }), unit: fc.constantFrom('ng/mL' as const, 'nmol/L' as const) }),
        supplementIuPerDay: fc.constantFrom(0, 800, 2000, 4000, 6000, 20_000),
      },
      { requiredKeys: [] },
    ),
    diet: fc.option(fc.record({ pattern: fc.constantFrom('omnivore' as const, 'vegetarian' as const, 'vegan' as const), natto: FREQ, hardCheese: FREQ, eggs: FREQ, leafyGreens: FREQ }), { nil: undefined }),
    supplements: fc.array(supplementArb, { maxLength: 4 }),
    goals: fc.subarray([...GOALS], { minLength: 1 }),
  })
  .map((c) => {
    const pregnancy = c.sex === 'male' || c.age < 10 || c.age > 60 ? 'none' : c.pregnant;
    const kidney = c.conditions.includes('ckd') || c.conditions.includes('dialysis');
    return {
      age: c.age,
      sex: c.sex,
      pregnancy,
      medications: [...c.medications.map((name) => ({ name })), ...(c.rxnorm ? [{ name: `drug ${c.rxnorm}`, rxnorm: c.rxnorm }] : [])],
      conditions: c.conditions,
      ...(c.coronaryCalciumScore === undefined ? {} : { coronaryCalciumScore: c.coronaryCalciumScore }),
      ...(kidney && c.ckdStage !== undefined ? { ckdStage: c.ckdStage } : {}),
      vitaminKStatus: c.vitaminKStatus,
      vitaminD: c.vitaminD,
      ...(c.diet ? { diet: c.diet } : {}),
      supplements: c.supplements,
      goals: c.goals,
    };
  });

describe('diet citations', () => {
  it('a diet source missing from the snapshot (e.g. retracted) is not cited, so every diet citation still resolves', () => {
    const thin: EvidenceSnapshot = { ...snap, sources: snap.sources.filter((s) => s.id !== 'vermeer-2018-menaquinone-cheese') };
    const diet = { pattern: 'omnivore', natto: 'weekly', hardCheese: 'daily', eggs: 'weekly', leafyGreens: 'weekly' } as const;
    const full = buildReport(patient({ diet }), snap);
    const report = buildReport(patient({ diet }), thin);
    expect(full.diet.citations).toContain('source:vermeer-2018-menaquinone-cheese');
    expect(report.diet.citations).not.toContain('source:vermeer-2018-menaquinone-cheese');
    expect(report.diet.citations).toContain('source:nih-ods-food-table-mk4');
    expect(citationProblems(report)).toEqual([]);
  });
});

describe('every citation of a report resolves in its references (property, curated content)', () => {
  it('holds for ≥ 300 generated patients through buildReport', () => {
    const evidence = contentSnapshot();
    fc.assert(
      fc.property(contextArb, (input) => {
        const parsed = parsePatientContext(input);
        if (!parsed.ok) throw new Error(`generator made an invalid context: ${JSON.stringify(parsed.fields)}`);
        const report = buildReport(parsed.context, evidence);
        // Every cited id is in references[], once, and nothing is listed that nobody cited.
        expect(citationProblems(report)).toEqual([]);
        expect(citedIn(report).length).toBeGreaterThan(0);
        expect(report.goals.map((g) => g.goal)).toEqual(parsed.context.goals);
        expect(report.summary.headline.length).toBeGreaterThan(0);
        const critical = report.safety.find((s) => s.severity === 'critical');
        if (critical) expect(report.summary.headline.startsWith(SAFETY_HEADLINES[critical.code] ?? critical.title)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
