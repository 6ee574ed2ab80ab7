import { describe, expect, it } from 'vitest';
import { parsePatientContext, type PatientContext } from '@/lib/domain/patient-context';
import { summarize } from '@/lib/domain/report/summary';
import type { DoseFraming, GoalFinding, SafetyFinding, Severity } from '@/lib/domain/report/types';

const context: PatientContext = (() => {
  const parsed = parsePatientContext({ age: 70, sex: 'male', goals: ['cardiovascular'] });
  if (!parsed.ok) throw new Error('bad context');
  return parsed.context;
})();

const finding = (code: string, severity: Severity, title = code): SafetyFinding => ({ code, severity, title, detail: '', triggeredBy: [], citations: [] });
const goal = (overrides: Partial<GoalFinding> = {}): GoalFinding => ({
  goal: 'cardiovascular',
  verdict: 'uncertain',
  certainty: 'very-low',
  bestOutcomeLevel: 'surrogate',
  statement: '',
  trials: [],
  citations: [],
  ...overrides,
});
const dose = (overrides: Partial<DoseFraming> = {}): DoseFraming => ({ recommendation: 'discuss', suggestedDailyMcg: null, form: null, notes: [], citations: [], ...overrides });
const sentences = (text: string): number => text.split(/(?<=[.!?])\s+(?=[A-Z])/).length;

describe('summarize', () => {
  it('leads with a critical safety finding, and says what to do first', () => {
    const s = summarize(context, [finding('doac-no-interaction', 'info'), finding('vka-interaction', 'critical', 'Warfarin: K2 lowers the INR')], [goal()], dose({ recommendation: 'avoid' }));
    expect(s.headline).toBe('Vitamin K antagonist: avoid vitamin K2 supplements');
    expect(s.bottomLine).toMatch(/^Advise against vitamin K2 supplements/);
    expect(s.bottomLine).toMatch(/heart and blood vessels is uncertain, resting on surrogate markers only/);
    expect(sentences(s.bottomLine)).toBe(2);
  });

  it('uses the finding’s own title for other critical codes and counts the rest', () => {
    const s = summarize(context, [finding('new-critical', 'critical', 'Something serious'), finding('vka-interaction', 'critical')], [goal()], dose());
    expect(s.headline).toBe('Something serious (and 1 more critical finding)');
  });

  it('without a critical finding, gives the goal verdicts with certainty and outcome level', () => {
    const s = summarize(context, [finding('pregnancy-lactation', 'warning')], [goal({ goal: 'muscle', verdict: 'not-supported', bestOutcomeLevel: 'hard' })], dose({ recommendation: 'food-first' }));
    expect(s.headline).toBe('Vitamin K2 for muscle and strength: not supported (very low certainty; clinical outcomes studied)');
    expect(s.bottomLine).toBe('The trials that apply found no benefit for muscle and strength; 1 safety warning needs review. Food first: prefer dietary sources of vitamin K to a supplement.');
  });

  it('lists several goals and a conservative dose as an adequacy-based choice, not an effective dose', () => {
    const s = summarize(
      context,
      [],
      [goal(), goal({ goal: 'bone', bestOutcomeLevel: 'hard' }), goal({ goal: 'general', verdict: 'supported', certainty: 'moderate', bestOutcomeLevel: 'hard' })],
      dose({ recommendation: 'conservative', suggestedDailyMcg: 90, form: 'MK-7' }),
    );
    expect(s.headline).toBe('Vitamin K2 — heart and blood vessels: uncertain; bone: uncertain; general health: supported');
    expect(s.bottomLine).toMatch(/^Trials support vitamin K2 for general health \(moderate certainty\); the evidence for heart and blood vessels and bone is uncertain\./);
    expect(s.bottomLine).toMatch(/90 mcg\/day MK-7 is a conservative, adequacy-based choice — not a dose shown to change outcomes\.$/);
    expect(sentences(s.bottomLine)).toBe(2);
  });

  it('says when no study addresses a goal', () => {
    expect(summarize(context, [], [goal({ bestOutcomeLevel: 'none' })], dose()).bottomLine).toMatch(/uncertain: no study addresses it\./);
  });
});

describe('describePatient (issue 14: the patient context on the report, in words)', () => {
  it('says everything entered with labels, not codes, and says what was not given where it matters', async () => {
    const { describePatient } = await import('@/lib/domain/report/patient-summary');
    const { parsePatientContext } = await import('@/lib/domain/patient-context');
    const parsed = parsePatientContext({
      age: 72,
      sex: 'male',
      medications: [{ name: 'Coumadin 5 mg' }],
      conditions: ['atrial-fibrillation', 'coronary-calcium'],
      coronaryCalciumScore: 420,
      vitaminD: { level: { value: 50, unit: 'nmol/L' }, supplementIuPerDay: 2000 },
      supplements: [{ kind: 'k2-mk7', amount: 180, unit: 'mcg' }],
      diet: { pattern: 'omnivore', natto: 'weekly', hardCheese: 'never', eggs: 'daily', leafyGreens: 'weekly' },
      goals: ['cardiovascular'],
    });
    if (!parsed.ok) throw new Error('bad fixture');
    const lines = Object.fromEntries(describePatient(parsed.context).map((l) => [l.label, l.value]));
    expect(lines).toEqual({
      Patient: '72 years, male',
      Medicines: 'Coumadin 5 mg',
      Supplements: 'Vitamin K2 (MK-7) 180 mcg/day',
      Conditions: 'Atrial fibrillation, Coronary artery calcium',
      'Coronary calcium (Agatston)': '420',
      'Vitamin D': '25(OH)D 50 nmol/L (20 ng/mL); intake 2,000 IU/day',
      'Vitamin K status': 'not known',
      Diet: 'omnivore; natto weekly, hard cheese never, eggs daily, leafy greens weekly',
      Goals: 'Heart and arteries',
    });
    const bare = parsePatientContext({ age: 0, sex: 'female', goals: ['general'] });
    if (!bare.ok) throw new Error('bad fixture');
    const b = Object.fromEntries(describePatient(bare.context).map((l) => [l.label, l.value]));
    expect(b).toMatchObject({ Patient: 'under 1 year, female', Medicines: 'none listed', Conditions: 'none listed', 'Vitamin D': '25(OH)D not given', Diet: 'not asked (unknown)' });
  });
});

describe('describeTrigger (issue 14: "Triggered by" in words, no field paths)', () => {
  it('turns each trace line into words', async () => {
    const { describeTrigger, triggerSentence } = await import('@/lib/domain/report/trigger-words');
    expect(describeTrigger('medications[0] "Coumadin 5mg": brand name "Coumadin" of Warfarin')).toBe('Medicine 1, “Coumadin 5mg”: recognised by its brand name “Coumadin” as Warfarin');
    expect(describeTrigger('medications[2] "zorbexitol 40 mg": not recognised (not in the medication vocabulary or the interaction table)')).toBe(
      'Medicine 3, “zorbexitol 40 mg”: not recognised (not in the medication vocabulary or the interaction table)',
    );
    expect(describeTrigger('supplements[0] k2-mk4 45 mg/day (= 45,000 mcg): MK-4 ≥ 1 mg/day')).toBe('Supplement 1: Vitamin K2 (MK-4) 45 mg/day (= 45,000 mcg): MK-4 ≥ 1 mg/day');
    expect(describeTrigger('diet.natto "weekly"')).toBe('Diet: natto weekly');
    expect(describeTrigger('diet: natto never, hardCheese monthly, eggs never, leafyGreens never')).toBe('Diet: natto never, hard cheese monthly, eggs never, leafy greens never');
    expect(describeTrigger('conditions: ckd')).toBe('Condition: Chronic kidney disease');
    expect(describeTrigger('ckdStage 4')).toBe('CKD stage 4');
    expect(describeTrigger('pregnancy "breastfeeding"')).toBe('Breastfeeding');
    expect(describeTrigger('vitaminD.supplementIuPerDay 5,000 IU')).toBe('Vitamin D dose entered: 5,000 IU/day');
    expect(describeTrigger('vitaminKStatus "low"')).toBe('Vitamin K status: low');
    expect(triggerSentence(['age 15', 'vitaminD.level 12 ng/mL'])).toBe('Age 15; 25(OH)D level 12 ng/mL.');
    // Nothing a reader sees keeps a field path.
    expect(describeTrigger('something.else[3] odd')).not.toMatch(/\[|\./);
  });
});

describe('the audit log in words (issue 14)', () => {
  it('describes actions and details for a reader', async () => {
    const { describeAuditAction, describeAuditDetails } = await import('@/lib/domain/audit-words');
    expect(describeAuditAction('auth.sign-in.failed')).toBe('Sign-in failed');
    expect(describeAuditAction('evidence.trial.update')).toBe('Updated a trial entry');
    expect(describeAuditAction('evidence.interaction.publish')).toBe('Published an interaction entry');
    expect(describeAuditAction('cds.feedback.overridden')).toBe('A CDS card was overridden in the EHR');
    expect(describeAuditAction('something.odd-thing')).toBe('Something odd thing');
    expect(describeAuditDetails({ entryVersion: 3, goals: ['bone', 'general'], reason: 'x'.repeat(100), nested: { a: 1 } })).toEqual([
      'entry version: 3',
      'goals: bone, general',
      `reason: ${'x'.repeat(79)}…`,
      'nested: 1 fields',
    ]);
    expect(describeAuditDetails(null)).toEqual([]);
  });
});
