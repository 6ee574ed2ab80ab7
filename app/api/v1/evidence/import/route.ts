import { issuesToFields } from '@/lib/server/evidence/routes';
import { importEvidence } from '@/lib/server/evidence/service';
import { json, readJsonObject, requireApiUser, withApi } from '@/lib/server/http';
import { clientIp } from '@/lib/server/request-info';

/** Validates the whole document first; any invalid entry → 400 with every issue by path, and nothing changes. */
export const POST = withApi(async (request: Request) => {
  const admin = await requireApiUser('evidence:curate');
  const body = await readJsonObject(request);
  const result = await importEvidence(body, { id: admin.id, email: admin.email }, clientIp(request.headers));
  if (!result.ok) return json({ error: `The file has ${result.issues.length} problem(s); nothing was imported.`, issues: result.issues, fields: issuesToFields(result.issues) }, 400);
  return json(result);
});
