import { RecogniseMedicationsSchema } from '@/lib/domain/schemas/terminology';
import { json, parseJson, requireApiUser, withApi } from '@/lib/server/http';
import { recogniseMedicationList } from '@/lib/server/terminology/medications';

/** Body { medications: [{ name, rxnorm?, atc? }] } (at most 50) → { recognitions: [...] }, one per medication, in order. */
export const POST = withApi(async (request: Request) => {
  await requireApiUser('report:create');
  const { medications } = await parseJson(request, RecogniseMedicationsSchema);
  return json({ recognitions: await recogniseMedicationList(medications) });
});
