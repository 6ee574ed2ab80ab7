import { ApiError, json, requireApiUser, withApi } from '@/lib/server/http';
import { rerunReport } from '@/lib/server/reports/service';
import { clientIp } from '@/lib/server/request-info';

type Context = { params: Promise<{ id: string }> };

/** Re-run one of your reports on the current evidence: a new report (201); the old one is kept unchanged. */
export const POST = withApi(async (request: Request, { params }: Context) => {
  const user = await requireApiUser('report:create');
  const report = await rerunReport(user.id, (await params).id, { id: user.id, email: user.email }, clientIp(request.headers));
  if (!report) throw new ApiError(404, 'No such report.');
  return json(report, 201, { Location: `/api/v1/reports/${report.id}` });
});
