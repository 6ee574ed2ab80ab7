/**
 * The K2 doses the snapshot's trials used, computed from the curated trial entries so the report shows them as context
 * (never as targets). Falls back to EVIDENCE-BRIEF.md "Doses" when the snapshot holds no dosed trial of that form.
 */
import type { TrialData } from '../evidence/schemas';
import { formatNumber } from './cite';
import { memoByList } from './memo';
import type { CitationId, EvidenceSnapshot } from './types';

/** The doses one K2 form was given at in the snapshot's trials. */
export type DoseRange = {
  form: 'MK-7' | 'MK-4';
  /** Daily regimens, converted to the range's unit. */
  min: number;
  max: number;
  unit: 'mcg' | 'mg';
  /** Regimens given less often than daily, as written (e.g. "360 mcg three times a week"). */
  intermittent: string[];
  /** The trials that set the range's ends (a randomised trial preferred) and the intermittent regimens: the ones to cite. */
  trialIds: string[];
  /** True when no trial in the snapshot gave the range and the documented figures were used. */
  fromBrief: boolean;
};

/** Documented trial doses (EVIDENCE-BRIEF.md "Doses"): MK-7 90–720 mcg/day; MK-4 45 mg/day (menatetrenone). */
const DOCUMENTED: Record<'MK-7' | 'MK-4', { min: number; max: number; unit: 'mcg' | 'mg' }> = {
  'MK-7': { min: 90, max: 720, unit: 'mcg' },
  'MK-4': { min: 45, max: 45, unit: 'mg' },
};

const isDaily = (frequency: string | undefined): boolean => frequency === undefined || /\b(daily|a day|per day|every day)\b/i.test(frequency);

/** The range of daily doses of one K2 form in the snapshot's trials (MK-7 in mcg, MK-4 in mg). */
export function trialDoseRange(snapshot: EvidenceSnapshot, form: 'MK-7' | 'MK-4'): DoseRange {
  return rangesOf(snapshot.trials)[form];
}

// Both ranges depend on the snapshot only: computed once per snapshot, not per report.
const rangesOf = memoByList((trials: readonly TrialData[]): Record<'MK-7' | 'MK-4', DoseRange> => ({ 'MK-7': computeRange(trials, 'MK-7'), 'MK-4': computeRange(trials, 'MK-4') }));

function computeRange(trials: readonly TrialData[], form: 'MK-7' | 'MK-4'): DoseRange {
  const unit = DOCUMENTED[form].unit;
  const daily: Array<{ amount: number; id: string; rct: boolean }> = [];
  const intermittent: Array<{ text: string; id: string }> = [];
  for (const t of trials) {
    const i = t.intervention;
    if (i.form !== form || i.doseAmount === undefined || i.doseUnit === undefined || i.doseUnit === 'IU') continue;
    const mcg = i.doseUnit === 'mg' ? i.doseAmount * 1000 : i.doseAmount;
    const amount = unit === 'mg' ? mcg / 1000 : mcg;
    if (isDaily(i.frequency)) daily.push({ amount, id: t.id, rct: t.design === 'rct' });
    else intermittent.push({ text: `${formatNumber(i.doseAmount, 1)} ${i.doseUnit} ${i.frequency}`, id: t.id });
  }
  const firstOf = (amount: number): string | undefined => [...daily].sort((a, b) => Number(b.rct) - Number(a.rct)).find((d) => d.amount === amount)?.id;
  const intermittentTexts = [...new Set(intermittent.map((x) => x.text))];
  // One trial per regimen named: the text lists each regimen once, and a large snapshot may hold hundreds of trials of one.
  const intermittentIds = intermittentTexts.map((text) => intermittent.find((x) => x.text === text)!.id);
  if (daily.length === 0) return { form, ...DOCUMENTED[form], intermittent: intermittentTexts, trialIds: intermittentIds, fromBrief: true };
  const min = Math.min(...daily.map((d) => d.amount));
  const max = Math.max(...daily.map((d) => d.amount));
  const ends = [firstOf(min), firstOf(max)].filter((id): id is string => id !== undefined);
  return { form, min, max, unit, intermittent: intermittentTexts, trialIds: [...new Set([...ends, ...intermittentIds])], fromBrief: false };
}

/** "90–720 mcg/day" or "45 mg/day". */
export function describeRange(range: DoseRange): string {
  const span = range.min === range.max ? formatNumber(range.min, 1) : `${formatNumber(range.min, 1)}–${formatNumber(range.max, 1)}`;
  return `${span} ${range.unit}/day`;
}

/** The range with any intermittent regimens: "90–720 mcg/day (and 360 mcg three times a week in another trial)". */
export function describeTrialDoses(range: DoseRange): string {
  if (range.intermittent.length === 0) return describeRange(range);
  return `${describeRange(range)} (and ${range.intermittent.join('; ')} in ${range.intermittent.length > 1 ? 'other trials' : 'another trial'})`;
}

/** Citation ids of the trials behind a range. */
export function rangeCitations(range: DoseRange): CitationId[] {
  return range.trialIds.map((id) => `trial:${id}`);
}
