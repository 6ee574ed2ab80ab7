import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from './db';
import { log } from './log';
import { PAGE_PATH_HEADER, unavailablePath } from './unavailable';

/** What a form says when the database is down while it is sent: nothing was saved, and what was typed is kept. */
export const FORM_DATABASE_UNAVAILABLE = `${DATABASE_UNAVAILABLE_MESSAGE} Nothing was saved; what you typed is still here.`;

/**
 * Run a form's server action; during a database outage (also while checking the session) answer the form with
 * `whenDown(message)` — the form keeps its values and says why — instead of an error page (500). Anything else,
 * including unauthorized(), forbidden() and redirect(), passes through untouched.
 */
export async function unlessDatabaseDown<S>(run: () => Promise<S>, whenDown: (message: string) => S): Promise<S> {
  try {
    return await run();
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    log.warn({ event: 'action.database-unavailable' }, 'a form was sent during a database outage');
    return whenDown(FORM_DATABASE_UNAVAILABLE);
  }
}

/**
 * For actions without a form state (sign-out, re-run), and for a page's own reads after requirePageUser (which already
 * sends a page there when the session cannot be checked): during an outage, the "database unavailable" page (503).
 */
export async function orUnavailablePage<T>(run: () => Promise<T>, by: 'action' | 'page' = 'action'): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    log.warn({ event: `${by}.database-unavailable` }, by === 'page' ? 'a page was opened during a database outage' : 'an action was sent during a database outage');
    redirect(unavailablePath((await headers()).get(PAGE_PATH_HEADER)));
  }
}

/** The named text fields of a form, to give back to it (never pass a password or secret field here). */
export function echoFields(formData: unknown, names: readonly string[]): Record<string, string> {
  if (typeof FormData === 'undefined' || !(formData instanceof FormData)) return {};
  return Object.fromEntries(names.map((name) => [name, String(formData.get(name) ?? '')]));
}
