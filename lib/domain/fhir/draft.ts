/**
 * A context draft carried in a link (`/reports/new?prefill=…`, from a CDS card): base64url JSON of the import's
 * context. Only pre-fills the form; what is submitted is validated by the PatientContext schema as always. Decoding
 * keeps only fields of the expected types, so a hand-made link cannot put anything odd into the form.
 */
import { z } from 'zod';
import { CONDITIONS, GOALS } from '../vocabulary';
import { SUPPLEMENT_KINDS } from '../patient-context';
import type { ContextDraft } from './import-bundle';

const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const DraftSchema = z.object({
  age: optional(z.number().int().min(0).max(120)),
  sex: optional(z.enum(['female', 'male', 'other'])),
  medications: optional(z.array(z.object({ name: z.string().max(200), rxnorm: z.string().regex(/^\d{1,10}$/).optional() })).max(50)),
  conditions: optional(z.array(z.enum(CONDITIONS)).max(CONDITIONS.length)),
  ckdStage: optional(z.number().int().min(1).max(5)),
  vitaminD: optional(z.object({ level: z.object({ value: z.number().positive(), unit: z.enum(['ng/mL', 'nmol/L']) }).optional(), supplementIuPerDay: z.number().min(0).optional() })),
  supplements: optional(z.array(z.object({ kind: z.enum(SUPPLEMENT_KINDS), amount: z.number().positive(), unit: z.enum(['mcg', 'mg', 'IU']) })).max(30)),
  goals: optional(z.array(z.enum(GOALS)).max(GOALS.length)),
});

export function encodeDraft(draft: ContextDraft): string {
  const { age, sex, medications, conditions, ckdStage, vitaminD, supplements, goals } = draft;
  return Buffer.from(JSON.stringify({ age, sex, medications, conditions, ckdStage, vitaminD, supplements, goals }), 'utf8').toString('base64url');
}

/** The draft in a prefill parameter, or null when it is not one. */
export function decodeDraft(value: string | undefined): ContextDraft | null {
  if (!value || value.length > 20_000) return null;
  try {
    const parsed = DraftSchema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    if (!parsed.success) return null;
    return Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) as ContextDraft;
  } catch {
    return null;
  }
}
