/**
 * Issue 14, "A handout to hand over": "when to call" warning signs wherever a blood thinner is involved, in plain
 * words, on verified sources (lib/domain/report/handout.ts WHEN_TO_CALL_SOURCES).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { involvesBloodThinner, WHEN_TO_CALL_SOURCES } from '@/lib/domain/report/handout';
import { readingGrade } from '@/lib/domain/report/readability';
import apixaban from '../fixtures/scenarios/apixaban-high-cac.json';
import osteopenia from '../fixtures/scenarios/postmenopausal-osteopenia.json';
import warfarin from '../fixtures/scenarios/warfarin-natto.json';
import { reportFor } from '../support/pdf';

const safetyBox = (input: unknown): string => reportFor(input).handout.sections.find((s) => s.heading === 'Is it safe for you?')!.body;
const base = { age: 60, sex: 'female', goals: ['bone'] };

describe('handout: when to call', () => {
  it('a patient on warfarin, on apixaban and on enoxaparin gets the warning signs and the emergency line, in the safety box', () => {
    for (const input of [warfarin.context, apixaban.context, { ...base, medications: [{ name: 'enoxaparin 40 mg daily' }] }]) {
      const box = safetyBox(input);
      expect(box).toMatch(/When to call: call your clinic right away if you bleed more than usual\./);
      expect(box).toMatch(/red or black poo/);
      expect(box).toMatch(/Go to the emergency room if bleeding is heavy or goes on for 20 to 30 minutes\./);
      expect(box).toMatch(/hit your head hard/);
      // Its own paragraph, after the answer to "Is it safe for you?".
      expect(box.split('\n').at(-1)).toMatch(/^When to call/);
    }
  });

  it('fail-safe: a medicine that could not be confirmed and may be a blood thinner ("warfrin") gets the warning signs too', () => {
    const report = reportFor({ ...base, medications: [{ name: 'warfrin 5 mg' }] });
    expect(report.safety.map((s) => s.code)).toContain('medication-unconfirmed-match');
    expect(report.safety.map((s) => s.code)).not.toContain('vka-interaction');
    expect(safetyBox({ ...base, medications: [{ name: 'warfrin 5 mg' }] })).toMatch(/When to call: call your clinic right away/);
    // A misspelt medicine whose nearest guess is not a blood thinner does not.
    expect(safetyBox({ ...base, medications: [{ name: 'atorvastatn 20 mg' }] })).not.toMatch(/When to call/);
  });

  it('no blood thinner, no warning signs', () => {
    expect(safetyBox(osteopenia.context)).not.toMatch(/When to call/);
    expect(safetyBox({ ...base, medications: [{ name: 'atorvastatin 20 mg' }] })).not.toMatch(/When to call/);
  });

  it("a child's handout speaks of the child", () => {
    const box = safetyBox({ age: 8, sex: 'male', goals: ['bone'], medications: [{ name: 'warfarin 2 mg' }] });
    expect(box).toMatch(/if your child bleeds more than usual/);
    expect(box).toMatch(/your child hits their head hard, even if they seem fine/);
    expect(box).not.toMatch(/if you bleed/);
  });

  it('is plain: the lines alone read at grade 6 or below', () => {
    const line = safetyBox(warfarin.context).split('\n').at(-1)!;
    expect(readingGrade(line)).toBeLessThanOrEqual(6);
  });

  it('its sources are curated, published and verified, with the page they were read on', () => {
    const sources = (JSON.parse(readFileSync('content/sources.json', 'utf8')) as { sources: Array<{ status: string; entry: { id: string; citation?: { url?: string }; verification: { status: string } } }> }).sources;
    for (const id of WHEN_TO_CALL_SOURCES) {
      const s = sources.find((x) => x.entry.id === id);
      expect(s, id).toBeDefined();
      expect(s!.status).toBe('published');
      expect(s!.entry.verification.status).toBe('verified');
      expect(s!.entry.citation?.url).toMatch(/^https:\/\//);
    }
    expect(involvesBloodThinner({ safety: [] })).toBe(false);
  });
});
