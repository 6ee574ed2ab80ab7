import { parsePdfQuery } from '@/lib/pdf/options';
import { ApiError, requireApiUser, withApi } from '@/lib/server/http';
import { PdfBusyError } from '@/lib/server/pdf/limiter';
import { printOwnReport } from '@/lib/server/reports/print';
import { clientIp } from '@/lib/server/request-info';

type Context = { params: Promise<{ id: string }> };

/** A saved report as a PDF (?variant=clinician|handout&paper=a4|letter), to its author only; anyone else gets 404. */
export const GET = withApi(async (request: Request, { params }: Context) => {
  const user = await requireApiUser('report:read-own');
  const query = parsePdfQuery(new URL(request.url).searchParams);
  if (!query.ok) throw new ApiError(400, 'Some query parameters are not valid.', query.fields);
  let printed;
  try {
    printed = await printOwnReport(user.id, (await params).id, query.variant, query.paper, { id: user.id, email: user.email }, clientIp(request.headers));
  } catch (error) {
    if (error instanceof PdfBusyError) throw new ApiError(503, error.message, undefined, { 'Retry-After': '5' });
    throw error;
  }
  if (!printed) throw new ApiError(404, 'No such report.');
  return new Response(new Uint8Array(printed.bytes), {
    status: 200,
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${printed.fileName}"`,
      'Content-Length': String(printed.bytes.length),
      'Cache-Control': 'no-store',
      'X-PDF-Pages': String(printed.pages),
    },
  });
});
