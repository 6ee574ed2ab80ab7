/** What must never leave the server: password hashes (in RSC payloads or JSON), and session cookies readable by scripts. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DbClient } from '@/lib/server/db-client';
import { createAdmin } from '../factories';
import { openTestDb } from '../support/db';
import { signInHttp, type HttpSession } from '../support/http';

const baseUrl = inject('baseUrl');
let db: DbClient;
let closeDb: () => Promise<void>;
let admin: HttpSession;
let adminEmail = '';

beforeAll(async () => {
  ({ db, close: closeDb } = openTestDb(inject('e2eDatabaseUrl')));
  const a = await createAdmin(db);
  adminEmail = a.email;
  admin = (await signInHttp(baseUrl, a.email, a.password))!;
});
afterAll(async () => closeDb());

const FORBIDDEN = [/passwordHash/i, /\$argon2/, /tokenHash/i, /pg-password|AUTH_SECRET/];

describe('no secrets in what the server sends', () => {
  it('admin pages (HTML and RSC payload) and JSON lists carry no password or token hashes', async () => {
    const urls = ['/', '/admin/accounts', '/admin/audit', '/settings/tokens', '/reports', '/api/v1/users', '/api/v1/me', '/api/v1/tokens'];
    for (const url of urls) {
      for (const headers of [{ accept: 'text/html' }, { RSC: '1' }] as Array<Record<string, string>>) {
        const res = await fetch(`${baseUrl}${url}`, { headers: { ...headers, cookie: admin.cookie } });
        const text = await res.text();
        expect(res.status, `${url} ${JSON.stringify(headers)}`).toBe(200);
        for (const pattern of FORBIDDEN) expect(text, `${url} ${JSON.stringify(headers)} matches ${pattern}`).not.toMatch(pattern);
      }
    }
    // The accounts page really lists users (so the check above looked at user data).
    const page = await (await fetch(`${baseUrl}/admin/accounts`, { headers: { cookie: admin.cookie } })).text();
    expect(page).toContain(adminEmail);
  });
});

describe('session cookie', () => {
  it('is HttpOnly, SameSite=Lax and scoped to the whole site', async () => {
    const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const jar = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const user = await createAdmin(db);
    const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar },
      body: new URLSearchParams({ csrfToken, email: user.email, password: user.password }),
    });
    const session = res.headers.getSetCookie().find((c) => c.startsWith('authjs.session-token='));
    expect(session).toBeDefined();
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*SameSite=Lax/i);
    expect(session).toMatch(/;\s*Path=\//i);
  });
});

describe('headers and the image optimiser', () => {
  it('sends a nonce CSP with the required directives on every signed-in page', async () => {
    for (const url of ['/', '/reports', '/reports/new', '/settings/tokens', '/admin/accounts', '/admin/audit', '/admin/evidence/trials', '/admin/cds-clients']) {
      const res = await fetch(`${baseUrl}${url}`, { headers: { cookie: admin.cookie } });
      await res.arrayBuffer();
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, url).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
      for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) expect(csp, `${url} ${directive}`).toContain(directive);
      expect(res.headers.get('x-content-type-options'), url).toBe('nosniff');
    }
  });

  it('refuses to fetch images from other hosts through /_next/image', async () => {
    const res = await fetch(`${baseUrl}/_next/image?url=${encodeURIComponent('https://evil.example/x.png')}&w=64&q=75`);
    expect(res.status).toBe(400);
  });
});
