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
 * For actions without a form state (sign-out, re-run), and for pages through outageAwarePage() below: during an
 * outage, the "database unavailable" page (503).
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

/**
 * Every server page, layout and generateMetadata is written `export default outageAwarePage(async function Page() {…})`
 * (an ESLint rule, eslint-rules/outage-aware-pages.mjs, sees that none is left out): during a database outage at any
 * point of its render — the session check, or the page's own reads after it — the user is sent to the "database
 * unavailable" page (503, retries, still signed in) rather than the error page (a 500, whose message Next strips in
 * production, so the difference must be made here, on the server). redirect(), notFound(), forbidden() and every other
 * error pass through untouched. A redirect sets the status (307 to /unavailable) only while nothing has been sent: these
 * pages do not stream (no loading.tsx, no Suspense), so their whole render comes first. A read in a nested async
 * component or behind a Suspense boundary would need its own wrapper (the rule flags async components). Next streams
 * generateMetadata after the page: its redirect would come with a 200 and be followed by the browser; the one title
 * that reads the database shares that read with its page (React cache), so both fail before anything is sent.
 */
export function outageAwarePage<A extends unknown[], R>(render: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  const page = (...args: A): Promise<R> => orUnavailablePage(() => render(...args), 'page');
  // The page's own name in React's and Next's messages, not "page".
  Object.defineProperty(page, 'name', { value: render.name || 'Page' });
  return page;
}

/** The named text fields of a form, to give back to it (never pass a password or secret field here). */
export function echoFields(formData: unknown, names: readonly string[]): Record<string, string> {
  if (typeof FormData === 'undefined' || !(formData instanceof FormData)) return {};
  return Object.fromEntries(names.map((name) => [name, String(formData.get(name) ?? '')]));
}
