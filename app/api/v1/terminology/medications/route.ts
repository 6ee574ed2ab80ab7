import { fieldErrors } from '@/lib/domain/schemas/accounts';
import { MedicationLookupQuerySchema } from '@/lib/domain/schemas/terminology';
import { ApiError, json, requireApiUser, withApi } from '@/lib/server/http';
import { lookUpMedication } from '@/lib/server/terminology/medications';

/** Medication suggestions while typing (?q=…&limit=…), with what the report engine would recognise in q. */
export const GET = withApi(async (request: Request) => {
  await requireApiUser('report:create');
  const parsed = MedicationLookupQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw new ApiError(400, 'Some query parameters are not valid.', fieldErrors(parsed.error));
  // The answer changes only when the evidence is published again: a browser may reuse it for a minute (its own cache only).
  return json(await lookUpMedication(parsed.data.q, parsed.data.limit), 200, { 'Cache-Control': 'private, max-age=60' });
});
