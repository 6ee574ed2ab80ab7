/** Signing in and calling the API as a script would (README "Using the API from a script"). */

/** A session cookie from the credentials sign-in: GET /api/auth/csrf, then POST /api/auth/callback/credentials. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (response: Response): void => {
    for (const header of response.headers.getSetCookie()) {
      const pair = header.split(';')[0] ?? '';
      jar.set(pair.split('=')[0] ?? '', pair);
    }
  };
  const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`);
  keep(csrfResponse);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [...jar.values()].join('; ') },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${baseUrl}/` }),
  });
  keep(response);
  const cookie = [...jar.values()].join('; ');
  if (!/authjs\.session-token=/.test(cookie)) throw new Error(`Signing in as ${email} failed (${response.status}).`);
  return cookie;
}

export async function call(baseUrl: string, pathname: string, options: { method?: string; cookie?: string; bearer?: string; body?: unknown } = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${pathname}`, { method: options.method ?? 'GET', headers, body: options.body === undefined ? undefined : JSON.stringify(options.body), redirect: 'manual' });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = { _text: text.slice(0, 200) };
  }
  return { status: response.status, body };
}

/** A personal API token of the signed-in user (POST /api/v1/tokens). */
export async function createToken(baseUrl: string, cookie: string): Promise<string> {
  const res = await call(baseUrl, '/api/v1/tokens', { method: 'POST', cookie, body: { name: 'npm run bench' } });
  if (res.status !== 201 || typeof res.body.token !== 'string') throw new Error(`Creating an API token failed (${res.status}).`);
  return res.body.token;
}
