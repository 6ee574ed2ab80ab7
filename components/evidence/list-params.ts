/** The list page's GET parameters (search and filters), parsed leniently: a bad value is dropped, not an error. */
import { z } from 'zod';
import { ENTRY_STATUSES, VERIFICATION_STATUSES } from '@/lib/domain/evidence/schemas';
import { GOALS } from '@/lib/domain/vocabulary';

export const PAGE_SIZE = 50;

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (Array.isArray(v) ? v[0] : v) || undefined, schema.optional()).catch(undefined);

export const ListParamsSchema = z.object({
  q: optional(z.string().trim().min(1).max(200)),
  status: optional(z.enum(ENTRY_STATUSES)),
  goal: optional(z.enum(GOALS)),
  verification: optional(z.enum(VERIFICATION_STATUSES)),
  facet: optional(z.string().regex(/^[a-z-]+:[a-z0-9-]+$/)),
  page: z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.coerce.number().int().min(1).max(10_000)).catch(1),
});
export type ListParams = z.output<typeof ListParamsSchema>;

/** The query string of a list page (empty filters left out). */
export function listParamsQuery(params: Partial<ListParams>): string {
  const query = new URLSearchParams();
  for (const key of ['q', 'status', 'goal', 'verification', 'facet'] as const) {
    const value = params[key];
    if (value) query.set(key, value);
  }
  if (params.page && params.page > 1) query.set('page', String(params.page));
  return query.toString();
}
