import { CreateApiTokenSchema } from '@/lib/domain/schemas/accounts';
import { createApiToken, listApiTokens } from '@/lib/server/api-tokens';
import { ApiError, json, parseJson, requireApiUser, withApi } from '@/lib/server/http';
import { clientIp } from '@/lib/server/request-info';

export const GET = withApi(async () => {
  const user = await requireApiUser('token:manage-own');
  return json({ tokens: await listApiTokens(user.id) });
});

export const POST = withApi(async (request: Request) => {
  const user = await requireApiUser('token:manage-own');
  const input = await parseJson(request, CreateApiTokenSchema);
  const result = await createApiToken(user.id, input.name, { id: user.id, email: user.email }, clientIp(request.headers), input.expiresInDays);
  if ('error' in result) throw new ApiError(409, result.error);
  return json({ ...result.row, token: result.token }, 201);
});
