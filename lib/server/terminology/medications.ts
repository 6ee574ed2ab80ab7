import 'server-only';
import type { MedicationEntryData } from '@/lib/domain/evidence/schemas';
import { medicationIndex, screenedMedication } from '@/lib/domain/report/medications';
import type { ScreenedMedication } from '@/lib/domain/report/types';
import { recogniseMedication, type MedicationIndex } from '@/lib/domain/terminology/medications';
import { didYouMean, suggestMedications, type DidYouMean, type MedicationSuggestion } from '@/lib/domain/terminology/suggest';
import { getEvidenceSnapshot } from '../reports/snapshot';

/** One constant for a snapshot without a vocabulary: the index is memoised by this list, so it must not be a new [] each time. */
const NO_VOCABULARY: readonly MedicationEntryData[] = [];

/** The medication index of the current published evidence (built once per snapshot, as the report engine's). */
export async function currentMedicationIndex(): Promise<MedicationIndex> {
  const snapshot = await getEvidenceSnapshot();
  return medicationIndex(snapshot.interactions, snapshot.medications ?? NO_VOCABULARY);
}

export type MedicationLookup = {
  query: string;
  suggestions: MedicationSuggestion[];
  /** What the report engine would recognise in the text as typed (plain JSON, as a report's medicationScreening). */
  recognition: ScreenedMedication;
  /** "Did you mean …?" when the text is only a near miss; null otherwise. */
  didYouMean: DidYouMean | null;
};

/** Suggestions and the recognition of one text being typed. */
export async function lookUpMedication(query: string, limit: number): Promise<MedicationLookup> {
  const index = await currentMedicationIndex();
  const recognition = recogniseMedication(index, { name: query });
  return { query, suggestions: suggestMedications(index, query, limit), recognition: screenedMedication(recognition), didYouMean: didYouMean(recognition) };
}

/** Each medication as the report engine would recognise it, in order. */
export async function recogniseMedicationList(medications: ReadonlyArray<{ name: string; rxnorm?: string; atc?: string }>): Promise<ScreenedMedication[]> {
  const index = await currentMedicationIndex();
  return medications.map((m, i) => screenedMedication(recogniseMedication(index, m, i)));
}
