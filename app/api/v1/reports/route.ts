import { z } from 'zod';
import { ApiError, json, readJsonObject, requireApiUser, withApi } from '@/lib/server/http';
import { createReport, listOwnReports } from '@/lib/server/reports/service';
import { clientIp } from '@/lib/server/request-info';

/** Build and save a report. Body: a PatientContext (SPEC), optionally with "patientRef" (a short reference, never a name). */
export const POST = withApi(async (request: Request) => {
  const user = await requireApiUser('report:create');
  const { patientRef, ...context } = await readJsonObject(request);
  const report = await createReport(context, patientRef, { id: user.id, email: user.email }, clientIp(request.headers));
  return json(report, 201, { Location: `/api/v1/reports/${report.id}` });
});

const ListQuery = z
  .object({
    patientRef: z.string().max(40).optional(),
    from: z.iso.date({ error: 'from is a date, YYYY-MM-DD.' }).optional(),
    to: z.iso.date({ error: 'to is a date, YYYY-MM-DD.' }).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

/** Your own saved reports, newest first. */
export const GET = withApi(async (request: Request) => {
  const user = await requireApiUser('report:read-own');
  const parsed = ListQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw new ApiError(400, 'Some query parameters are not valid.', Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), [i.message]])));
  const { from, to, ...rest } = parsed.data;
  const reports = await listOwnReports(user.id, { ...rest, from: from ? new Date(`${from}T00:00:00Z`) : undefined, to: to ? new Date(new Date(`${to}T00:00:00Z`).getTime() + 86_400_000) : undefined });
  return json({ reports });
});
