import { CreateUserSchema } from '@/lib/domain/schemas/accounts';
import { createAccount, listAccounts } from '@/lib/server/accounts';
import { json, parseJson, requireApiUser, withApi } from '@/lib/server/http';
import { clientIp } from '@/lib/server/request-info';

export const GET = withApi(async () => {
  await requireApiUser('account:manage');
  return json({ users: await listAccounts() });
});

export const POST = withApi(async (request: Request) => {
  const admin = await requireApiUser('account:manage');
  const input = await parseJson(request, CreateUserSchema);
  return json(await createAccount(input, { id: admin.id, email: admin.email }, clientIp(request.headers)), 201);
});
