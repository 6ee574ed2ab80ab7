import { ApiError, json, requireApiUser, withApi } from '@/lib/server/http';
import { getOwnReport } from '@/lib/server/reports/service';
import { clientIp } from '@/lib/server/request-info';

type Context = { params: Promise<{ id: string }> };

/** A saved report, to its author only: anyone else gets 404 (for them it does not exist). */
export const GET = withApi(async (request: Request, { params }: Context) => {
  const user = await requireApiUser('report:read-own');
  const saved = await getOwnReport(user.id, (await params).id, { id: user.id, email: user.email }, clientIp(request.headers));
  if (!saved) throw new ApiError(404, 'No such report.');
  return json({ ...saved.report, patientRef: saved.patientRef, evidenceChanged: saved.stale, currentEvidenceVersion: saved.currentEvidenceVersion });
});
