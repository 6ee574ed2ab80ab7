import { exportEvidence } from '@/lib/server/evidence/service';
import { json, requireApiUser, withApi } from '@/lib/server/http';

/** Everything (all statuses) as one "k2-evidence/1" document, the format of content/ and of import. */
export const GET = withApi(async () => {
  await requireApiUser('evidence:curate');
  const file = await exportEvidence();
  const date = new Date().toISOString().slice(0, 10);
  return json(file, 200, { 'Content-Disposition': `attachment; filename="k2-evidence-${date}.json"` });
});
