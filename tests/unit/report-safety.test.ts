import { describe, expect, it } from 'vitest';
import { SAFETY_CODES } from '@/lib/domain/vocabulary';
import { parsePatientContext, type PatientContext, type PatientContextInput } from '@/lib/domain/patient-context';
import { screenMedications } from '@/lib/domain/report/medications';
import { assessSafety, SAFETY_RULES } from '@/lib/domain/report/safety';
import type { EvidenceSnapshot, SafetyFinding } from '@/lib/domain/report/types';
import { contentSnapshot } from '../support/content-snapshot';

const snapshot = contentSnapshot();

function context(input: Partial<PatientContextInput>): PatientContext {
  const parsed = parsePatientContext({ age: 45, sex: 'female', goals: ['general'], ...input });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.fields));
  return parsed.context;
}

function safetyFor(input: Partial<PatientContextInput>, evidence: EvidenceSnapshot = snapshot): SafetyFinding[] {
  const c = context(input);
  return assessSafety(c, evidence, screenMedications(c.medications, evidence.interactions, evidence.medications));
}

const codes = (findings: SafetyFinding[]) => findings.map((f) => f.code);
const only = (findings: SafetyFinding[], code: string): SafetyFinding => {
  const matching = findings.filter((f) => f.code === code);
  expect(matching, `${code} in ${codes(findings).join(', ')}`).toHaveLength(1);
  return matching[0]!;
};

function expectResolvable(findings: SafetyFinding[], evidence: EvidenceSnapshot = snapshot) {
  const ids = new Set([...evidence.trials.map((t) => `trial:${t.id}`), ...evidence.sources.map((s) => `source:${s.id}`)]);
  for (const f of findings) for (const c of f.citations) expect(ids.has(c), `${f.code} cites ${c}`).toBe(true);
}

describe('assessSafety: a healthy adult with nothing to flag', () => {
  it('raises nothing', () => {
    expect(safetyFor({})).toEqual([]);
  });
});

describe('assessSafety: one minimal context per SPEC code', () => {
  const cases: Array<{ code: string; severity: string; input: Partial<PatientContextInput>; trigger: string | RegExp }> = [
    { code: 'vka-interaction', severity: 'critical', input: { medications: [{ name: 'Coumadin 5mg' }] }, trigger: 'medications[0] "Coumadin 5mg": brand name "Coumadin" of Warfarin' },
    { code: 'doac-no-interaction', severity: 'info', input: { medications: [{ name: 'Eliquis 5 mg twice daily' }] }, trigger: 'medications[0] "Eliquis 5 mg twice daily": brand name "Eliquis" of Apixaban' },
    { code: 'antiplatelet-no-interaction', severity: 'info', input: { medications: [{ name: 'aspirin 81 mg' }] }, trigger: 'medications[0] "aspirin 81 mg": generic name "aspirin" of Aspirin' },
    { code: 'pregnancy-lactation', severity: 'warning', input: { pregnancy: 'pregnant' }, trigger: 'pregnancy "pregnant"' },
    { code: 'pediatric', severity: 'warning', input: { age: 15 }, trigger: 'age 15' },
    { code: 'antibiotics-long-term', severity: 'warning', input: { medications: [{ name: 'doxycycline 100 mg' }] }, trigger: 'medications[0] "doxycycline 100 mg": generic name "doxycycline" of Doxycycline' },
    { code: 'fat-malabsorption', severity: 'warning', input: { conditions: ['fat-malabsorption'] }, trigger: 'conditions: fat-malabsorption' },
    { code: 'vitamin-d-above-ul', severity: 'warning', input: { vitaminD: { supplementIuPerDay: 5000 } }, trigger: 'vitamin D intake 5,000 IU/day' },
    { code: 'mk4-pharmacologic-dose', severity: 'warning', input: { supplements: [{ kind: 'k2-mk4', amount: 45, unit: 'mg' }] }, trigger: 'supplements[0] k2-mk4 45 mg/day (= 45,000 mcg): MK-4 ≥ 1 mg/day' },
    { code: 'kidney-disease', severity: 'warning', input: { conditions: ['ckd'], ckdStage: 4 }, trigger: 'ckdStage 4' },
    { code: 'vitamin-d-deficiency', severity: 'warning', input: { vitaminD: { level: { value: 12, unit: 'ng/mL' } } }, trigger: 'vitaminD.level 12 ng/mL' },
    { code: 'vitamin-k-low-status', severity: 'info', input: { vitaminKStatus: 'low' }, trigger: 'vitaminKStatus "low"' },
    { code: 'medication-not-screened', severity: 'warning', input: { medications: [{ name: 'zorbexitol 40 mg' }] }, trigger: 'medications[0] "zorbexitol 40 mg": not recognised (not in the medication vocabulary or the interaction table)' },
    { code: 'heparin-no-interaction', severity: 'info', input: { medications: [{ name: 'enoxaparin 40 mg SC daily' }] }, trigger: /^medications\[0\] "enoxaparin 40 mg SC daily": generic name "enoxaparin" of Enoxaparin/ },
    { code: 'medication-unconfirmed-match', severity: 'critical', input: { medications: [{ name: 'Jantovan 5 mg' }] }, trigger: /^medications\[0\] "Jantovan 5 mg": near miss \(fuzzy, 1 letter off, confidence 0\.\d\d\) of brand "Jantoven" of warfarin$/ },
    // Issue 13, drug classes (lib/domain/report/drug-class-rules.ts): info alone, warning with what raises the stakes.
    { code: 'bleeding-risk-supplement', severity: 'info', input: { medications: [{ name: 'Nattokinase 2000 FU' }] }, trigger: 'medications[0] "Nattokinase 2000 FU": generic name "nattokinase" of Nattokinase' },
    { code: 'enzyme-inducing-anticonvulsant', severity: 'info', input: { medications: [{ name: 'carbamazepine 200 mg' }] }, trigger: /^medications\[0\] "carbamazepine 200 mg": generic name "carbamazepine" of Enzyme-inducing anticonvulsants/ },
    { code: 'tyrosine-kinase-inhibitor', severity: 'info', input: { medications: [{ name: 'Sprycel 100 mg' }] }, trigger: 'medications[0] "Sprycel 100 mg": brand name "Sprycel" of Dasatinib' },
    { code: 'vitamin-d-high-level', severity: 'warning', input: { vitaminD: { level: { value: 140, unit: 'nmol/L' } } }, trigger: 'vitaminD.level 140 nmol/L (56.1 ng/mL)' },
  ];

  it('covers every code of the SPEC table and the product’s own, with the rules’ severities (medication-not-screened raised to warning by the fail-safe rule)', () => {
    expect(cases.map((c) => c.code).sort()).toEqual([...SAFETY_CODES].sort());
    expect(SAFETY_RULES.map((r) => r.code).sort()).toEqual([...SAFETY_CODES].sort());
  });

  for (const { code, severity, input, trigger } of cases) {
    it(`${code} (${severity}) from ${JSON.stringify(input)}`, () => {
      const findings = safetyFor(input);
      const finding = only(findings, code);
      expect(finding.severity).toBe(severity);
      expect(finding.title.length).toBeGreaterThan(5);
      expect(finding.detail.length).toBeGreaterThan(40);
      if (typeof trigger === 'string') expect(finding.triggeredBy).toContain(trigger);
      else expect(finding.triggeredBy.some((t) => trigger.test(t))).toBe(true);
      expect(finding.citations.length, `${code} is cited`).toBeGreaterThan(0);
      expectResolvable(findings);
    });
  }
});

describe('vka-interaction', () => {
  it.each([
    ['warfarin 5 mg', 'Warfarin'],
    ['Jantoven', 'Warfarin'],
    ['Marevan 1mg', 'Warfarin'],
    ['acenocoumarol 4 mg', 'Acenocoumarol'],
    ['Sintrom', 'Acenocoumarol'],
    ['phenprocoumon', 'Phenprocoumon'],
    ['Falithrom 3 mg', 'Phenprocoumon'],
    ['Previscan', 'Fluindione'],
    ['phenindione', 'Phenindione'],
    ['Dindevan 50 mg', 'Phenindione'],
    ['Coumadine 2 mg (France)', 'Warfarin'],
    ['MARCOUMAR 3MG', 'Phenprocoumon'],
    ['B01AA03', 'Warfarin'],
    ['B01AA99', 'vitamin K antagonist (ATC B01AA99)'],
  ])('%s is a vitamin K antagonist (critical)', (name, substance) => {
    const finding = only(safetyFor({ medications: [{ name }] }), 'vka-interaction');
    expect(finding.severity).toBe('critical');
    expect(finding.title).toContain(substance);
  });

  it('matches by RxNorm code alone and says so', () => {
    const finding = only(safetyFor({ medications: [{ name: 'tablet', rxnorm: '855332' }] }), 'vka-interaction');
    expect(finding.triggeredBy).toEqual(['medications[0] "tablet": RxNorm product code "855332" of Warfarin']);
  });

  it('gives the clinical content: 10–20 mcg MK-7, natto, prescriber + INR, consistent intake; cites the entry', () => {
    const finding = only(safetyFor({ medications: [{ name: 'warfarin' }] }), 'vka-interaction');
    expect(finding.detail).toMatch(/10–20 mcg\/day/);
    expect(finding.detail).toMatch(/natto/i);
    expect(finding.detail).toMatch(/prescriber agrees and the INR is monitored/);
    expect(finding.detail).toMatch(/consistent from week to week/);
    expect(finding.citations).toEqual(['trial:theuwissen-2013', 'trial:schurgers-2007', 'trial:schurgers-2004', 'source:nih-ods-vitamin-k-hp', 'source:nih-ods-natto-mk7']);
  });

  it('raises one finding per VKA, each naming its drug', () => {
    const findings = safetyFor({ medications: [{ name: 'warfarin' }, { name: 'Coumadin' }, { name: 'Sintrom' }] });
    const vka = findings.filter((f) => f.code === 'vka-interaction');
    expect(vka.map((f) => f.title.split(' ')[0])).toEqual(['Warfarin', 'Acenocoumarol']);
    expect(vka[0]!.triggeredBy.filter((t) => t.startsWith('medications'))).toHaveLength(2);
  });

  it('notes K2 already taken and natto already eaten', () => {
    const finding = only(
      safetyFor({ medications: [{ name: 'warfarin' }], supplements: [{ kind: 'k2-mk7', amount: 100, unit: 'mcg' }], diet: { pattern: 'omnivore', natto: 'weekly', hardCheese: 'never', eggs: 'never', leafyGreens: 'daily' } }),
      'vka-interaction',
    );
    expect(finding.triggeredBy).toContain('supplements[0] k2-mk7 100 mcg/day');
    expect(finding.triggeredBy).toContain('diet.natto "weekly"');
    expect(finding.detail).toMatch(/already takes MK-7 100 mcg\/day: do not stop or change it/);
  });

  it('is not raised by a DOAC, an antiplatelet or an unknown drug', () => {
    for (const name of ['Eliquis 5 mg', 'rivaroxaban', 'Pradaxa', 'Lixiana', 'clopidogrel', 'Brilinta', 'metformin']) expect(codes(safetyFor({ medications: [{ name }] }))).not.toContain('vka-interaction');
  });

  it('cites only what the snapshot holds, and keeps the essential advice when a trial is missing', () => {
    const thin: EvidenceSnapshot = { ...snapshot, trials: snapshot.trials.filter((t) => t.id !== 'theuwissen-2013' && t.id !== 'schurgers-2007') };
    const finding = only(safetyFor({ medications: [{ name: 'warfarin' }] }, thin), 'vka-interaction');
    expect(finding.citations).not.toContain('trial:theuwissen-2013');
    expect(finding.citations).not.toContain('trial:schurgers-2007');
    expect(finding.detail).toMatch(/10–20 mcg\/day/);
    expectResolvable([finding], thin);
  });
});

describe('doac-no-interaction and antiplatelet-no-interaction', () => {
  it('one info finding per class, listing every drug', () => {
    const findings = safetyFor({ medications: [{ name: 'Xarelto 20 mg' }, { name: 'dabigatran' }, { name: 'aspirin 81' }, { name: 'Plavix' }] });
    const doac = only(findings, 'doac-no-interaction');
    expect(doac.severity).toBe('info');
    expect(doac.title).toMatch(/Rivaroxaban and dabigatran/);
    expect(doac.triggeredBy).toHaveLength(2);
    const antiplatelet = only(findings, 'antiplatelet-no-interaction');
    expect(antiplatelet.title).toMatch(/Aspirin and clopidogrel/);
    expect(antiplatelet.detail).toMatch(/bleeding risk .* unrelated to vitamin K/);
  });

  it('qualifies aspirin by dose: no interaction at low doses, while high doses lower the vitamin K-dependent factors (cited)', () => {
    const withAspirin = only(safetyFor({ medications: [{ name: 'aspirin 81 mg' }, { name: 'Plavix' }] }), 'antiplatelet-no-interaction');
    expect(withAspirin.detail).toMatch(/for aspirin: at the usual low doses/);
    expect(withAspirin.detail).toMatch(/High doses of aspirin .* lower the vitamin K-dependent clotting factors/);
    expect(withAspirin.citations).toEqual(expect.arrayContaining(['source:salicylate-hypoprothrombinaemia-1976', 'source:roncaglioni-1986-salicylate']));
    expectResolvable([withAspirin]);
    const withoutAspirin = only(safetyFor({ medications: [{ name: 'Plavix' }] }), 'antiplatelet-no-interaction');
    expect(withoutAspirin.detail).not.toMatch(/aspirin/i);
    expect(withoutAspirin.detail).toMatch(/No interaction with vitamin K is known for clopidogrel;/);
  });
});

describe('pregnancy, children', () => {
  it('breastfeeding raises pregnancy-lactation; none does not', () => {
    expect(only(safetyFor({ pregnancy: 'breastfeeding' }), 'pregnancy-lactation').triggeredBy).toEqual(['pregnancy "breastfeeding"']);
    expect(codes(safetyFor({ pregnancy: 'none' }))).not.toContain('pregnancy-lactation');
  });

  it('gives 75 mcg/day for a pregnant 17-year-old, 90 for an adult', () => {
    expect(only(safetyFor({ pregnancy: 'pregnant', age: 17 }), 'pregnancy-lactation').detail).toMatch(/75 mcg\/day for this patient/);
    expect(only(safetyFor({ pregnancy: 'pregnant', age: 30 }), 'pregnancy-lactation').detail).toMatch(/90 mcg\/day for this patient/);
  });

  it('pediatric below 18 only, with the age-specific AI', () => {
    expect(only(safetyFor({ age: 11 }), 'pediatric').detail).toMatch(/at this age \(9–13 years\) is 60 mcg\/day/);
    expect(only(safetyFor({ age: 17 }), 'pediatric').detail).toMatch(/at this age \(14–18 years\) is 75 mcg\/day/);
    expect(only(safetyFor({ age: 4 }), 'pediatric').triggeredBy).toEqual(['age 4']);
    expect(codes(safetyFor({ age: 18 }))).not.toContain('pediatric');
  });
});

describe('antibiotics and fat malabsorption', () => {
  it('an antibiotic asks for the course length; a cephalosporin is named', () => {
    const finding = only(safetyFor({ medications: [{ name: 'Keflex 500 mg' }] }), 'antibiotics-long-term');
    expect(finding.detail).toMatch(/does not say how long/);
    expect(finding.detail).toMatch(/cephalosporins/);
  });

  it('fat-malabsorption from a medicine and from the condition together, one finding', () => {
    const finding = only(safetyFor({ medications: [{ name: 'Questran (cholestyramine)' }, { name: 'Xenical 120 mg' }], conditions: ['fat-malabsorption'] }), 'fat-malabsorption');
    expect(finding.triggeredBy).toEqual([
      'medications[0] "Questran (cholestyramine)": generic name "cholestyramine" of Colestyramine',
      'medications[1] "Xenical 120 mg": brand name "Xenical" of Orlistat',
      'conditions: fat-malabsorption',
    ]);
    expect(codes(safetyFor({ medications: [{ name: 'mineral oil' }] }))).toContain('fat-malabsorption');
  });

  it('with a VKA, the INR is mentioned', () => {
    expect(only(safetyFor({ medications: [{ name: 'warfarin' }, { name: 'amoxicillin' }] }), 'antibiotics-long-term').detail).toMatch(/INR/);
  });
});

describe('vitamin D', () => {
  it('above the UL: over 4,000 IU/day from the supplement list or the daily dose; 4,000 itself is not', () => {
    expect(only(safetyFor({ supplements: [{ kind: 'd3', amount: 10000, unit: 'IU' }] }), 'vitamin-d-above-ul').triggeredBy).toEqual(['vitamin D intake 10,000 IU/day', 'supplements[0] d3 10,000 IU/day']);
    expect(codes(safetyFor({ vitaminD: { supplementIuPerDay: 4000 } }))).not.toContain('vitamin-d-above-ul');
    expect(codes(safetyFor({}))).not.toContain('vitamin-d-above-ul');
  });

  it('cites Burt 2019 and the NIH ODS UL, and says K2 does not make it safe', () => {
    const finding = only(safetyFor({ vitaminD: { supplementIuPerDay: 10000 } }), 'vitamin-d-above-ul');
    expect(finding.citations).toEqual(expect.arrayContaining(['source:nih-ods-vitamin-d-hp', 'trial:burt-2019']));
    expect(finding.detail).toMatch(/does not make vitamin D above the UL safe/);
  });

  it('from 9 years the child UL is the adult 4,000 IU/day (IOM 2011)', () => {
    expect(only(safetyFor({ age: 10, vitaminD: { supplementIuPerDay: 5000 } }), 'vitamin-d-above-ul').detail).toMatch(/upper intake level of 4,000 IU\/day for age 9–18 years/);
    expect(codes(safetyFor({ age: 10, vitaminD: { supplementIuPerDay: 4000 } }))).not.toContain('vitamin-d-above-ul');
  });

  it('deficiency below 20 ng/mL: 45 nmol/L is deficient, 50 nmol/L (20.03 ng/mL) is not', () => {
    expect(only(safetyFor({ vitaminD: { level: { value: 45, unit: 'nmol/L' } } }), 'vitamin-d-deficiency').triggeredBy).toEqual(['vitaminD.level 45 nmol/L (18 ng/mL)']);
    expect(codes(safetyFor({ vitaminD: { level: { value: 50, unit: 'nmol/L' } } }))).not.toContain('vitamin-d-deficiency');
    expect(codes(safetyFor({ vitaminD: { level: { value: 20, unit: 'ng/mL' } } }))).not.toContain('vitamin-d-deficiency');
    expect(codes(safetyFor({ vitaminD: { level: { value: 19.9, unit: 'ng/mL' } } }))).toContain('vitamin-d-deficiency');
    // 49.9 nmol/L = 19.99 ng/mL: below the threshold, even though the normalised figure rounds to 20.0.
    expect(codes(safetyFor({ vitaminD: { level: { value: 49.9, unit: 'nmol/L' } } }))).toContain('vitamin-d-deficiency');
  });

  it('an unknown level is not deficient (unknown, not no)', () => {
    expect(codes(safetyFor({}))).not.toContain('vitamin-d-deficiency');
  });

  it('says K2 is no substitute', () => {
    expect(only(safetyFor({ vitaminD: { level: { value: 12, unit: 'ng/mL' } } }), 'vitamin-d-deficiency').detail).toMatch(/no substitute for vitamin D/);
  });
});

describe('mk4-pharmacologic-dose', () => {
  it.each([
    [{ kind: 'k2-mk4', amount: 1, unit: 'mg' }, true],
    [{ kind: 'k2-mk4', amount: 1500, unit: 'mcg' }, true],
    [{ kind: 'k2-mk4', amount: 500, unit: 'mcg' }, false],
    [{ kind: 'k2-mk7', amount: 1, unit: 'mg' }, true],
    [{ kind: 'k2-mk7', amount: 180, unit: 'mg' }, true],
    [{ kind: 'k2-mk7', amount: 1000, unit: 'mcg' }, true],
    [{ kind: 'k2-mk7', amount: 0.1, unit: 'mg' }, false],
    [{ kind: 'k2-mk7', amount: 720, unit: 'mcg' }, false],
    [{ kind: 'k1', amount: 1, unit: 'mg' }, false],
  ] as const)('%j → %s', (supplement, raised) => {
    expect(codes(safetyFor({ supplements: [supplement] })).includes('mk4-pharmacologic-dose')).toBe(raised);
  });

  it('MK-7 in mg: above every MK-7 trial dose, check the label unit; no MK-4 paragraph for an MK-7 amount', () => {
    const finding = only(safetyFor({ supplements: [{ kind: 'k2-mk7', amount: 180, unit: 'mg' }] }), 'mk4-pharmacologic-dose');
    expect(finding.triggeredBy).toEqual(['supplements[0] k2-mk7 180 mg/day (= 180,000 mcg): MK-7 ≥ 1,000 mcg/day, above every trial dose']);
    expect(finding.detail).not.toMatch(/menatetrenone/);
    expect(finding.detail).toMatch(/180,000 mcg\/day is above every daily dose studied in trials \(up to 720 mcg\)/);
    expect(finding.detail).toMatch(/mg\/mcg mix-up changes the dose a thousandfold/);
    expect(finding.detail).toMatch(/90–720 mcg\/day/);
  });

  it('MK-4 45 mg: the drug dose explained', () => {
    const finding = only(safetyFor({ supplements: [{ kind: 'k2-mk4', amount: 45, unit: 'mg' }] }), 'mk4-pharmacologic-dose');
    expect(finding.title).toBe('MK-4 at a pharmacologic (drug) dose');
    expect(finding.detail).toMatch(/45 mg\/day .* menatetrenone/);
  });
});

describe('kidney disease', () => {
  it('dialysis alone, and ckd alone, raise it; no kidney data does not', () => {
    expect(only(safetyFor({ conditions: ['dialysis'] }), 'kidney-disease').triggeredBy).toEqual(['conditions: dialysis']);
    expect(only(safetyFor({ conditions: ['ckd'] }), 'kidney-disease').triggeredBy).toEqual(['conditions: ckd']);
    expect(codes(safetyFor({ conditions: ['type-2-diabetes'] }))).not.toContain('kidney-disease');
  });

  it('cites the CKD and dialysis trials', () => {
    expect(only(safetyFor({ conditions: ['ckd'], ckdStage: 4 }), 'kidney-disease').citations).toEqual(
      expect.arrayContaining(['trial:witham-2020-k4kidneys', 'trial:trevasc-hdk-2023', 'trial:kurnatowska-2015', 'trial:valkyrie-2021']),
    );
  });
});

describe('vitamin-k-low-status', () => {
  const poor = { pattern: 'omnivore', natto: 'never', hardCheese: 'monthly', eggs: 'never', leafyGreens: 'monthly' } as const;

  it('a diet with almost no K sources raises it', () => {
    expect(only(safetyFor({ diet: poor }), 'vitamin-k-low-status').triggeredBy).toEqual(['diet: natto never, hardCheese monthly, eggs never, leafyGreens monthly']);
  });

  it('deficient status raises it', () => {
    expect(only(safetyFor({ vitaminKStatus: 'deficient' }), 'vitamin-k-low-status').severity).toBe('info');
  });

  it('is not raised by one weekly source, adequate or unknown status, or an unknown diet', () => {
    expect(codes(safetyFor({ diet: { ...poor, leafyGreens: 'weekly' } }))).not.toContain('vitamin-k-low-status');
    expect(codes(safetyFor({ vitaminKStatus: 'adequate' }))).not.toContain('vitamin-k-low-status');
    expect(codes(safetyFor({ vitaminKStatus: 'unknown' }))).not.toContain('vitamin-k-low-status');
  });
});

describe('medication-not-screened', () => {
  it('one finding listing every unscreened medication', () => {
    const finding = only(safetyFor({ medications: [{ name: 'zorbexitol 40 mg' }, { name: 'warfarin' }, { name: 'quandrilate' }] }), 'medication-not-screened');
    expect(finding.severity).toBe('warning');
    expect(finding.triggeredBy).toEqual([
      'medications[0] "zorbexitol 40 mg": not recognised (not in the medication vocabulary or the interaction table)',
      'medications[2] "quandrilate": not recognised (not in the medication vocabulary or the interaction table)',
    ]);
    expect(finding.detail).toContain('We could not check "zorbexitol 40 mg" and "quandrilate"');
    expect(finding.detail).toContain('no K2 dose');
  });

  it('is not raised when every medication is known', () => {
    expect(codes(safetyFor({ medications: [{ name: 'warfarin' }] }))).not.toContain('medication-not-screened');
  });
});

describe('order and completeness', () => {
  it('raises every applicable code at once, critical then warning then info', () => {
    const findings = safetyFor({
      age: 16,
      sex: 'female',
      pregnancy: 'pregnant',
      medications: [
        { name: 'Coumadin 5mg' },
        { name: 'Eliquis' },
        { name: 'aspirin' },
        { name: 'ciprofloxacin' },
        { name: 'orlistat' },
        { name: 'unknownium' },
        { name: 'enoxaparin' },
        { name: 'Jantovan' },
        { name: 'nattokinase' },
        { name: 'phenytoin' },
        { name: 'imatinib' },
      ],
      conditions: ['ckd'],
      ckdStage: 3,
      vitaminKStatus: 'low',
      vitaminD: { level: { value: 10, unit: 'ng/mL' }, supplementIuPerDay: 6000 },
      supplements: [{ kind: 'k2-mk4', amount: 45, unit: 'mg' }],
    });
    // A 25(OH)D cannot be both deficient and above 50 ng/mL: vitamin-d-high-level has its own case above.
    expect(codes(findings).sort()).toEqual(SAFETY_CODES.filter((c) => c !== 'vitamin-d-high-level').sort());
    const rank = { critical: 0, warning: 1, info: 2 } as const;
    const ranks = findings.map((f) => rank[f.severity]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(findings.slice(0, 2).map((f) => f.code)).toEqual(['vka-interaction', 'medication-unconfirmed-match']);
    expectResolvable(findings);
  });

  it('is deterministic', () => {
    const input: Partial<PatientContextInput> = { medications: [{ name: 'warfarin' }, { name: 'x' }], vitaminKStatus: 'low' };
    expect(safetyFor(input)).toEqual(safetyFor(input));
  });
});
