import { UuidSchema } from '@/lib/domain/schemas/accounts';
import { revokeApiToken } from '@/lib/server/api-tokens';
import { ApiError, json, requireApiUser, withApi } from '@/lib/server/http';
import { clientIp } from '@/lib/server/request-info';

type Context = { params: Promise<{ id: string }> };

/** Revoke one of your own tokens; anyone else's is 404. */
export const DELETE = withApi(async (request: Request, { params }: Context) => {
  const user = await requireApiUser('token:manage-own');
  const id = UuidSchema.safeParse((await params).id);
  if (!id.success) throw new ApiError(404, 'No such token.');
  const row = await revokeApiToken(user.id, id.data, { id: user.id, email: user.email }, clientIp(request.headers));
  if (!row) throw new ApiError(404, 'No such token.');
  return json(row);
});
