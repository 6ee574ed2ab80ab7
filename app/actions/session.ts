'use server';
import { headers } from 'next/headers';
import { ABSOLUTE_TIMEOUT_S } from '@/lib/server/auth-config';
import { signOut } from '@/lib/server/auth';
import { endSession } from '@/lib/server/sessions';
import { clientIp } from '@/lib/server/request-info';
import { getSessionUser } from '@/lib/server/session';

/** Sign out: the session id is revoked in the database too, so a copy of the old cookie is useless afterwards. */
export async function signOutAction(): Promise<void> {
  const user = await getSessionUser();
  if (user?.sid) {
    await endSession(user, new Date(Date.now() + ABSOLUTE_TIMEOUT_S * 1000), clientIp(await headers()));
  }
  await signOut({ redirectTo: '/login' });
}
