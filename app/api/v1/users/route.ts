import { CreateUserSchema } from '@/lib/domain/schemas/accounts';
import { AccountError, createAccount, listAccounts } from '@/lib/server/accounts';
import { ApiError, json, parseJson, requireApiUser, withApi } from '@/lib/server/http';
import { clientIp } from '@/lib/server/request-info';

export const GET = withApi(async () => {
  await requireApiUser('account:manage');
  return json({ users: await listAccounts() });
});

export const POST = withApi(async (request: Request) => {
  const admin = await requireApiUser('account:manage');
  const input = await parseJson(request, CreateUserSchema);
  try {
    return json(await createAccount(input, { id: admin.id, email: admin.email }, clientIp(request.headers)), 201);
  } catch (error) {
    if (error instanceof AccountError) throw new ApiError(error.status, error.message, error.field ? { [error.field]: [error.message] } : undefined);
    throw error;
  }
});
