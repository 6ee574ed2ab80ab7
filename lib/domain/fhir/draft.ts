/**
 * A context draft: the patient context a CDS card's link pre-fills the New report form with. The draft itself stays
 * on the server (lib/server/cds/drafts.ts; the link carries only its id), and is sanitized here both when it is saved
 * and when it is read back: only fields of the expected types are kept, so a row changed in the database cannot put
 * anything odd into the form. It only pre-fills the form; what is submitted is validated by the PatientContext schema
 * as always.
 */
import { z } from 'zod';
import { CONDITIONS, GOALS } from '../vocabulary';
import { SUPPLEMENT_KINDS } from '../patient-context';
import type { ContextDraft } from './import-bundle';

const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const DraftSchema = z.object({
  age: optional(z.number().int().min(0).max(120)),
  sex: optional(z.enum(['female', 'male', 'other'])),
  medications: optional(z.array(z.object({ name: z.string().max(200), rxnorm: z.string().regex(/^\d{1,10}$/).optional(), atc: z.string().regex(/^[A-V]\d{2}(?:[A-Z](?:[A-Z](?:\d{2})?)?)?$/).optional() })).max(50)),
  conditions: optional(z.array(z.enum(CONDITIONS)).max(CONDITIONS.length)),
  ckdStage: optional(z.number().int().min(1).max(5)),
  vitaminD: optional(z.object({ level: z.object({ value: z.number().positive(), unit: z.enum(['ng/mL', 'nmol/L']) }).optional(), supplementIuPerDay: z.number().min(0).optional() })),
  supplements: optional(z.array(z.object({ kind: z.enum(SUPPLEMENT_KINDS), amount: z.number().positive(), unit: z.enum(['mcg', 'mg', 'IU']) })).max(30)),
  goals: optional(z.array(z.enum(GOALS)).max(GOALS.length)),
});

/**
 * The draft's fields that fit (a field that does not is dropped whole, unknown keys are dropped), or null when the
 * value is not an object at all.
 */
export function sanitizeDraft(value: unknown): ContextDraft | null {
  const parsed = DraftSchema.safeParse(value);
  if (!parsed.success) return null;
  return Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) as ContextDraft;
}
