/**
 * Issue 13, "Counselling to add": antibiotics and the INR (both directions), nattokinase, vitamin E, enzyme-inducing
 * anticonvulsants in pregnancy and with a VKA, imatinib and dasatinib, and a 25(OH)D above 50 ng/mL. Each rule has a
 * fixture patient (tests/fixtures/clinical-rules/) and a handout line at reading grade ≤ 6; before ruleset
 * rules-2026.12.4 these medicines were "could not check" (or, for the INR, said one direction only).
 */
import { describe, expect, it } from 'vitest';
import { parsePatientContext, type PatientContext, type PatientContextInput } from '@/lib/domain/patient-context';
import { buildReport } from '@/lib/domain/report/build-report';
import { readingGrade } from '@/lib/domain/report/readability';
import type { ReportBody } from '@/lib/domain/report/types';
import apixabanVitaminE from '../fixtures/clinical-rules/apixaban-vitamin-e.json';
import imatinibWarfarin from '../fixtures/clinical-rules/imatinib-warfarin.json';
import cmlPatient from '../fixtures/clinical-rules/cml-on-dasatinib.json';
import pregnantCarbamazepine from '../fixtures/clinical-rules/pregnant-carbamazepine.json';
import vitaminDHigh from '../fixtures/clinical-rules/vitamin-d-high-150-nmol.json';
import warfarinCotrimoxazole from '../fixtures/clinical-rules/warfarin-cotrimoxazole.json';
import warfarinNattokinase from '../fixtures/clinical-rules/warfarin-nattokinase.json';
import warfarinPhenytoin from '../fixtures/clinical-rules/warfarin-phenytoin.json';
import { contentSnapshot } from '../support/content-snapshot';

const snapshot = contentSnapshot();
const parse = (input: unknown): PatientContext => {
  const r = parsePatientContext(input as PatientContextInput);
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.context;
};
const report = (input: unknown): ReportBody => buildReport(parse(input), snapshot);
const finding = (r: ReportBody, code: string) => {
  const found = r.safety.filter((s) => s.code === code);
  expect(found, `${code} in ${r.safety.map((s) => s.code).join(', ')}`).toHaveLength(1);
  return found[0]!;
};
const safetyLines = (r: ReportBody): string[] => r.handout.sections.find((s) => s.heading === 'Is it safe for you?')!.body.split('\n');
/** The handout line that mentions `pattern`, checked at grade ≤ 6 (the bound enforced for the whole handout). */
const plainLine = (r: ReportBody, pattern: RegExp): string => {
  const line = safetyLines(r).find((l) => pattern.test(l));
  expect(line, `a handout line matching ${pattern}`).toBeDefined();
  expect(readingGrade(line!), line).toBeLessThanOrEqual(6);
  return line!;
};
const resolvable = (r: ReportBody) => {
  const refs = new Set(r.references.map((x) => x.id));
  for (const s of r.safety) for (const c of s.citations) expect(refs.has(c), `${s.code} cites ${c}`).toBe(true);
};

describe('antibiotics on a VKA: both directions, and long courses apart from NMTT cephalosporins', () => {
  const r = report(warfarinCotrimoxazole);
  const abx = finding(r, 'antibiotics-long-term');

  it('says that many antibiotics raise the INR by drug interaction, as well as that long courses lower vitamin K status', () => {
    expect(abx.detail).toMatch(/lower vitamin K status/);
    expect(abx.detail).toMatch(/raise the INR, the opposite direction/);
    expect(abx.detail).toMatch(/co-trimoxazole/);
    expect(abx.detail).toMatch(/starting or stopped|started or stopped/);
    expect(abx.citations).toContain('source:warfarin-us-label');
    resolvable(r);
  });

  it('keeps the short-course NMTT cephalosporin warning separate from the long-course one', () => {
    const nmtt = finding(report({ ...warfarinCotrimoxazole, medications: [{ name: 'warfarin' }, { name: 'cefotetan 1 g IV' }] }), 'antibiotics-long-term');
    expect(nmtt.title).toMatch(/NMTT/);
    expect(nmtt.detail).toMatch(/even in short courses/);
    expect(abx.title).not.toMatch(/NMTT/);
  });

  it('without a VKA, no INR sentence', () => {
    expect(finding(report({ ...warfarinCotrimoxazole, medications: [{ name: 'Bactrim DS' }] }), 'antibiotics-long-term').detail).not.toMatch(/INR/);
  });

  it('the handout says the INR can go up and to check it soon after starting or stopping one', () => {
    expect(plainLine(r, /antibiotic/)).toMatch(/INR go up\. Get your INR checked soon after you start or stop one\./);
  });
});

describe('nattokinase and vitamin E: bleeding risks of their own', () => {
  it('nattokinase with warfarin is a warning: avoid it unless the prescriber agrees; it may carry K2', () => {
    const r = report(warfarinNattokinase);
    const f = finding(r, 'bleeding-risk-supplement');
    expect(f.severity).toBe('warning');
    expect(f.detail).toMatch(/not a form of vitamin K/);
    expect(f.detail).toMatch(/best avoided unless the prescriber agrees/);
    expect(f.detail).toMatch(/may also contain K2/);
    resolvable(r);
    expect(plainLine(r, /nattokinase/i)).toMatch(/bleed more easily.*blood thinner/);
  });

  it('nattokinase alone is info (no anticoagulant or antiplatelet listed)', () => {
    expect(finding(report({ age: 50, sex: 'male', goals: ['cardiovascular'], medications: [{ name: 'nattokinase' }] }), 'bleeding-risk-supplement').severity).toBe('info');
  });

  it('vitamin E with apixaban is a warning that asks the dose and names the supplement limits', () => {
    const r = report(apixabanVitaminE);
    const f = finding(r, 'bleeding-risk-supplement');
    expect(f.severity).toBe('warning');
    expect(f.detail).toMatch(/Ask the vitamin E dose/);
    expect(f.detail).toMatch(/1,500 IU\/day for natural forms and 1,100 IU\/day for synthetic/);
    expect(f.title).toMatch(/apixaban|Eliquis/i);
    expect(plainLine(r, /vitamin E/)).toMatch(/You take vitamin E\./);
    // The blood thinner itself still gets its own no-interaction finding.
    expect(finding(r, 'doac-no-interaction').severity).toBe('info');
  });
});

describe('enzyme-inducing anticonvulsants', () => {
  it('in pregnancy: a warning about the newborn\'s vitamin K, no K2, and the evidence on maternal vitamin K as it stands', () => {
    const r = report(pregnantCarbamazepine);
    const f = finding(r, 'enzyme-inducing-anticonvulsant');
    expect(f.severity).toBe('warning');
    expect(f.title).toMatch(/^Tegretol in pregnancy: the newborn's vitamin K-dependent clotting factors can be low/);
    expect(f.detail).toMatch(/newborn/);
    expect(f.detail).toMatch(/inadequate/);
    expect(f.detail).toMatch(/not a reason for a K2 supplement/);
    expect(f.citations).toEqual(expect.arrayContaining(['source:hey-1999-anticonvulsant-neonatal-coagulation', 'source:harden-2009-aan-pregnancy-epilepsy']));
    resolvable(r);
    expect(plainLine(r, /Tegretol/)).toMatch(/vitamin K for your baby at birth\. Do not take K2 for this on your own\./);
  });

  it('with warfarin: a warning that it lowers the warfarin effect, with INR checks when it starts, stops or changes', () => {
    const r = report(warfarinPhenytoin);
    const f = finding(r, 'enzyme-inducing-anticonvulsant');
    expect(f.severity).toBe('warning');
    expect(f.detail).toMatch(/lowers its effect/);
    expect(plainLine(r, /phenytoin/i)).toMatch(/blood thinner work less well/);
  });

  it('neither pregnant nor on a VKA: info only, and the handout just asks to tell the doctor', () => {
    const r = report({ age: 40, sex: 'male', goals: ['bone'], medications: [{ name: 'phenobarbital 60 mg' }] });
    expect(finding(r, 'enzyme-inducing-anticonvulsant').severity).toBe('info');
    expect(plainLine(r, /phenobarbital/i)).toBe('You take phenobarbital. Tell your doctor about it before you start K2.');
  });
});

describe('tyrosine kinase inhibitors', () => {
  it('dasatinib (the forum\'s drug) is recognised, no longer "could not check": no vitamin K interaction, the label\'s antacid timing and bleeding risk', () => {
    const r = report(cmlPatient);
    expect(r.safety.map((s) => s.code)).not.toContain('medication-not-screened');
    const f = finding(r, 'tyrosine-kinase-inhibitor');
    expect(f.severity).toBe('info');
    expect(f.detail).toMatch(/No vitamin K interaction is named/);
    expect(f.detail).toMatch(/at least 2 hours before or 2 hours after/);
    expect(f.detail).toMatch(/serious bleeding/);
    expect(plainLine(r, /dasatinib/)).toMatch(/Take antacids 2 hours before or 2 hours after dasatinib\./);
  });

  it('dasatinib with clopidogrel is a warning (added bleeding risk)', () => {
    const f = finding(report({ ...cmlPatient, medications: [{ name: 'Sprycel 100 mg' }, { name: 'clopidogrel 75 mg' }] }), 'tyrosine-kinase-inhibitor');
    expect(f.severity).toBe('warning');
    expect(f.detail).toMatch(/bleeding risk of dasatinib is higher/);
  });

  it('imatinib with warfarin is a warning: the label prefers heparin; the handout says warfarin can get stronger', () => {
    const r = report(imatinibWarfarin);
    const f = finding(r, 'tyrosine-kinase-inhibitor');
    expect(f.severity).toBe('warning');
    expect(f.detail).toMatch(/heparin instead of warfarin/);
    expect(r.references.find((x) => x.id === 'source:imatinib-us-label')?.verification).toBe('unverified');
    expect(plainLine(r, /Gleevec/)).toMatch(/Imatinib can make warfarin stronger\./);
  });
});

describe('vitamin D by level: above 50 ng/mL (125 nmol/L)', () => {
  it('150 nmol/L is a warning: no more vitamin D, check calcium (IOM 2011)', () => {
    const r = report(vitaminDHigh);
    const f = finding(r, 'vitamin-d-high-level');
    expect(f.severity).toBe('warning');
    expect(f.title).toBe('25(OH)D above 50 ng/mL (125 nmol/L): 150 nmol/L (60.1 ng/mL)');
    expect(f.detail).toMatch(/check serum calcium/);
    expect(f.citations).toEqual(['source:iom-2011-calcium-vitamin-d']);
    expect(plainLine(r, /vitamin D level is high/)).toMatch(/check the calcium in your blood/);
  });

  it('exactly 50 ng/mL is not above it; 50.1 is', () => {
    expect(report({ ...vitaminDHigh, vitaminD: { level: { value: 50, unit: 'ng/mL' } } }).safety.map((s) => s.code)).not.toContain('vitamin-d-high-level');
    expect(report({ ...vitaminDHigh, vitaminD: { level: { value: 50.1, unit: 'ng/mL' } } }).safety.map((s) => s.code)).toContain('vitamin-d-high-level');
  });
});
