'use server';
import { headers } from 'next/headers';
import { ABSOLUTE_TIMEOUT_S } from '@/lib/server/auth-config';
import { signOut } from '@/lib/server/auth';
import { endSession } from '@/lib/server/sessions';
import { orUnavailablePage } from '@/lib/server/action-outage';
import { clientIp } from '@/lib/server/request-info';
import { getSessionUser } from '@/lib/server/session';

/** Sign out: the session id is revoked in the database too, so a copy of the old cookie is useless afterwards. */
export async function signOutAction(): Promise<void> {
  // During a database outage the revocation cannot be written, so the session is not ended either (a copy of the
  // cookie would stay valid): the "database unavailable" page says so, and sign-out works once it is back.
  const user = await orUnavailablePage(() => getSessionUser());
  if (user?.sid) {
    const ip = clientIp(await headers());
    await orUnavailablePage(() => endSession(user, new Date(Date.now() + ABSOLUTE_TIMEOUT_S * 1000), ip));
  }
  await signOut({ redirectTo: '/login' });
}
