/**
 * Commands of the terminology API (GET /api/v1/terminology/medications, POST …/medications/recognise): one zod schema
 * each, so that a bad query reads the same for the form's picker and for an API client.
 */
import { z } from 'zod';
import { MedicationSchema } from '../patient-context';
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from '../text';

export const SUGGESTION_LIMIT_MAX = 20;
export const RECOGNISE_MAX = 50;

/** `?q=…&limit=…`: the text typed so far (1–200 characters that can be stored) and how many suggestions to return. */
export const MedicationLookupQuerySchema = z
  .object({
    q: z
      .string({ error: 'Send the medication text to look up as q.' })
      .trim()
      .min(1, 'Type at least one character (q).')
      .max(200, 'q has at most 200 characters.')
      .refine(isStorableText, `q ${UNSTORABLE_TEXT_MESSAGE}.`),
    limit: z.coerce
      .number({ error: `limit is a number from 1 to ${SUGGESTION_LIMIT_MAX}.` })
      .int(`limit is a number from 1 to ${SUGGESTION_LIMIT_MAX}.`)
      .min(1, `limit is a number from 1 to ${SUGGESTION_LIMIT_MAX}.`)
      .max(SUGGESTION_LIMIT_MAX, `limit is a number from 1 to ${SUGGESTION_LIMIT_MAX}.`)
      .default(8),
  })
  .strict();
export type MedicationLookupQuery = z.output<typeof MedicationLookupQuerySchema>;

/** `{ medications: [{ name, rxnorm?, atc? }] }`: each medication exactly as the PatientContext has it. */
export const RecogniseMedicationsSchema = z
  .object({
    medications: z
      .array(
        MedicationSchema,
        { error: 'Send "medications": a list of { "name", "rxnorm"?, "atc"? }.' },
      )
      .min(1, 'Send at least one medication.')
      .max(RECOGNISE_MAX, `At most ${RECOGNISE_MAX} medications.`),
  })
  .strict();
export type RecogniseMedicationsCommand = z.output<typeof RecogniseMedicationsSchema>;
