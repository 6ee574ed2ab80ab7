import { importFhirBundle } from '@/lib/domain/fhir/import-bundle';
import { ApiError, json, readJsonObject, requireApiUser, withApi } from '@/lib/server/http';

/** A FHIR R4 Bundle → { context, mapped, ignored, notes }: a draft for the New report form (no goals: FHIR has none). */
export const POST = withApi(async (request: Request) => {
  await requireApiUser('report:create');
  const imported = importFhirBundle(await readJsonObject(request), new Date().toISOString().slice(0, 10));
  if (!imported.ok) throw new ApiError(400, 'This is not a FHIR R4 Bundle we can read.', imported.fields);
  return json(imported.result);
});
