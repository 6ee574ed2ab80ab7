import { getEvidenceVersion } from '@/lib/server/evidence/service';
import { json, requireApiUser, withApi } from '@/lib/server/http';

export const GET = withApi(async () => {
  await requireApiUser('evidence:read');
  return json({ evidenceVersion: await getEvidenceVersion() });
});
