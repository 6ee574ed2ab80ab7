/** Signing in over HTTP as a script would: GET /api/auth/csrf, then POST /api/auth/callback/credentials. */
export type HttpSession = { cookie: string };

function mergeCookies(existing: string, response: Response): string {
  const jar = new Map(existing.split('; ').filter(Boolean).map((c) => [c.split('=')[0] ?? '', c] as const));
  for (const header of response.headers.getSetCookie()) {
    const pair = header.split(';')[0] ?? '';
    const name = pair.split('=')[0] ?? '';
    if (/expires=Thu, 01 Jan 1970/i.test(header) || /max-age=0/i.test(header)) jar.delete(name);
    else jar.set(name, pair);
  }
  return [...jar.values()].join('; ');
}

export async function signInHttp(baseUrl: string, email: string, password: string): Promise<HttpSession | null> {
  const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  let cookie = mergeCookies('', csrfResponse);
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${baseUrl}/` }),
  });
  cookie = mergeCookies(cookie, response);
  return /authjs\.session-token=/.test(cookie) ? { cookie } : null;
}

/**
 * Auth.js's own sign-out as a script does it (README): GET /api/auth/csrf with the session's cookies, then
 * POST /api/auth/signout with the token. The response is returned as is (a 302 that clears the cookie when it worked).
 */
export async function signOutHttp(baseUrl: string, session: HttpSession, csrfToken?: string): Promise<Response> {
  const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`, { headers: { cookie: session.cookie } });
  const token = csrfToken ?? ((await csrfResponse.json()) as { csrfToken: string }).csrfToken;
  const cookie = mergeCookies(session.cookie, csrfResponse);
  return fetch(`${baseUrl}/api/auth/signout`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ csrfToken: token, callbackUrl: `${baseUrl}/login` }),
  });
}

/** Whether a response clears Auth.js's session cookie. */
export function clearsSession(response: Response): boolean {
  return response.headers.getSetCookie().some((c) => /^(__Secure-)?authjs\.session-token(\.\d+)?=/.test(c) && (/max-age=0/i.test(c) || /expires=Thu, 01 Jan 1970/i.test(c)));
}

export async function api(
  baseUrl: string,
  pathname: string,
  options: { method?: string; session?: HttpSession | null; bearer?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.session) headers.cookie = options.session.cookie;
  if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
  if (options.body !== undefined || options.rawBody !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${pathname}`, {
    method: options.method ?? 'GET',
    headers,
    redirect: 'manual',
    body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = { _text: text.slice(0, 200) };
  }
  return { status: response.status, body };
}
