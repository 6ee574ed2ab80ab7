import { UpdateUserSchema, UuidSchema } from '@/lib/domain/schemas/accounts';
import { getAccount, updateAccount } from '@/lib/server/accounts';
import { ApiError, json, parseJson, requireApiUser, withApi } from '@/lib/server/http';
import { clientIp } from '@/lib/server/request-info';

type Context = { params: Promise<{ id: string }> };

async function accountId(params: Context['params']): Promise<string> {
  const id = UuidSchema.safeParse((await params).id);
  if (!id.success) throw new ApiError(404, 'No such account.');
  return id.data;
}

export const GET = withApi(async (_request: Request, { params }: Context) => {
  await requireApiUser('account:manage');
  const account = await getAccount(await accountId(params));
  if (!account) throw new ApiError(404, 'No such account.');
  return json(account);
});

/** Change name, role, disabled or password. */
export const PATCH = withApi(async (request: Request, { params }: Context) => {
  const admin = await requireApiUser('account:manage');
  const id = await accountId(params);
  const input = await parseJson(request, UpdateUserSchema);
  return json(await updateAccount(id, input, { id: admin.id, email: admin.email }, clientIp(request.headers)));
});
