import { json, requireApiUser, withApi } from '@/lib/server/http';

export const GET = withApi(async () => {
  const user = await requireApiUser();
  return json({ id: user.id, email: user.email, name: user.name, role: user.role, authenticatedBy: user.via });
});
