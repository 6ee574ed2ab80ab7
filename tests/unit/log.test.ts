/** The JSON logger: shape, level, redaction of secrets and patient data, errors as name + code only. */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, logLevel, REDACTED_KEYS, routeConsoleToLog } from '@/lib/server/log';

function capture(level = 'trace') {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ level, destination: destination as never });
  return { logger, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const SECRETS = {
  password: 'Correct-Horse-Battery-9',
  token: 'k2_tokenvalue0123456789',
  cookie: 'authjs.session-token=eyJhbGciOi.cookievalue',
  secret: 'e2e-secret-auth-0123456789abcdef',
  email: 'dr.someone@clinic.example',
  medication: 'Zyxquorin-7731',
  patientRef: 'Bed 12 Mrs Q',
};

describe('lib/server/log', () => {
  it('writes one JSON object per line with level, ISO time, msg and the service name', () => {
    const { logger, parsed } = capture();
    logger.info({ route: '/api/v1/me', status: 200 }, 'request');
    const [line] = parsed();
    expect(line).toMatchObject({ level: 'info', msg: 'request', service: 'k2-evidence-desk', route: '/api/v1/me', status: 200 });
    expect(new Date(line!.time as string).toISOString()).toBe(line!.time);
  });

  it('takes its level from LOG_LEVEL (info when unset or unknown)', () => {
    expect(logLevel(undefined)).toBe('info');
    expect(logLevel('DEBUG')).toBe('debug');
    expect(logLevel('verbose')).toBe('info');
    const { logger, lines } = capture(logLevel('warn'));
    logger.info('dropped');
    logger.warn('kept');
    expect(lines).toHaveLength(1);
  });

  it('redacts credentials, secrets, e-mail and patient fields at the top level and nested', () => {
    const { logger, lines, parsed } = capture();
    logger.info(
      {
        password: SECRETS.password,
        passwordHash: '$argon2id$v=19$m=19456',
        token: SECRETS.token,
        tokenHash: 'abc123hash',
        authorization: `Bearer ${SECRETS.token}`,
        cookie: SECRETS.cookie,
        'set-cookie': SECRETS.cookie,
        secret: SECRETS.secret,
        email: SECRETS.email,
        patientRef: SECRETS.patientRef,
        context: { age: 97, medications: [{ name: SECRETS.medication }] },
        headers: { authorization: `Bearer ${SECRETS.token}`, cookie: SECRETS.cookie, 'set-cookie': [SECRETS.cookie] },
        user: { email: SECRETS.email, credentials: { password: SECRETS.password } },
        input: { body: { medications: [{ name: SECRETS.medication }] }, patient: { age: 97 } },
        kept: 'visible',
      },
      'event',
    );
    const text = lines.join('\n');
    for (const value of Object.values(SECRETS)) expect(text).not.toContain(value);
    expect(text).not.toContain('argon2');
    expect(text).not.toContain('abc123hash');
    const [line] = parsed();
    expect(line).toMatchObject({ kept: 'visible', password: '[redacted]', context: '[redacted]', 'set-cookie': '[redacted]' });
    expect((line!.headers as Record<string, unknown>).authorization).toBe('[redacted]');
    expect(((line!.user as Record<string, unknown>).credentials as Record<string, unknown>).password).toBe('[redacted]');
    // Every key of the list is covered (a key dropped from the paths would fail here).
    const everyKey = Object.fromEntries(REDACTED_KEYS.map((key) => [key, `value-of-${key}`]));
    logger.info({ ...everyKey, nested: { deeper: everyKey } }, 'all keys');
    expect(lines.at(-1)).not.toMatch(/value-of-/);
  });

  it('logs an error as its name and code, never its message or stack', () => {
    const { logger, lines, parsed } = capture();
    const error = Object.assign(new Error(`insert failed for ${SECRETS.medication} (${SECRETS.email})`), { code: 'P2002', meta: { target: SECRETS.patientRef } });
    logger.error({ err: error }, 'write failed');
    logger.error(error);
    logger.error(new TypeError(SECRETS.password), 'with a message');
    const text = lines.join('\n');
    for (const value of Object.values(SECRETS)) expect(text).not.toContain(value);
    expect(text).not.toMatch(/at .*\.ts:\d+/);
    const [first, second, third] = parsed();
    expect(first).toMatchObject({ msg: 'write failed', err: { name: 'Error', code: 'P2002' } });
    expect(second).toMatchObject({ msg: 'error', err: { name: 'Error', code: 'P2002' } });
    expect(third).toMatchObject({ msg: 'with a message', err: { name: 'TypeError' } });
  });

  it('serializes a request as method and path, without query string, headers or body', () => {
    const { logger, lines, parsed } = capture();
    logger.info({ req: { method: 'POST', url: `http://x/api/v1/reports?patient=${encodeURIComponent(SECRETS.patientRef)}`, headers: { cookie: SECRETS.cookie }, body: SECRETS.medication } }, 'request');
    expect(lines.join('\n')).not.toMatch(/Bed|Zyxquorin|authjs/);
    expect(parsed()[0]!.req).toEqual({ method: 'POST', path: '/api/v1/reports' });
  });
});

describe('routeConsoleToLog', () => {
  // eslint-disable-next-line no-console -- kept to restore after the test
  const original = { error: console.error, warn: console.warn, log: console.log, info: console.info, debug: console.debug, trace: console.trace };
  afterEach(() => Object.assign(console, original));

  it('turns console output into JSON lines that keep an Error’s name and digest and drop its message, stack and further text', () => {
    const { logger, lines, parsed } = capture();
    routeConsoleToLog(logger);
    const rendered = Object.assign(new Error(`Invalid value ${SECRETS.medication}`), { digest: '2718281828' });
    console.error(rendered);
    console.error('\x1b[31m[auth][error]\x1b[0m CredentialsSignin: Read more at https://errors.authjs.dev#credentialssignin');
    console.error('[auth][cause]:', `Error: ${SECRETS.email}\n    at verify (/work/lib/server/login.ts:1:1)`);
    console.error(`    at Object.authorize (/work/app/.next/server/chunks/x.js:1:3519)\n    at async ig (/work/node_modules/next-auth/x.js:2:1)`);
    console.warn({ password: SECRETS.password });
    console.log('plain line');
    Object.assign(console, original);
    const text = lines.join('\n');
    for (const value of Object.values(SECRETS)) expect(text).not.toContain(value);
    expect(text).not.toContain('/work/');
    expect(parsed()).toEqual([
      expect.objectContaining({ level: 'error', source: 'console', msg: 'Error (details withheld)', errors: [{ name: 'Error', digest: '2718281828' }] }),
      expect.objectContaining({ level: 'error', msg: '[auth][error] CredentialsSignin: Read more at https://errors.authjs.dev#credentialssignin' }),
      expect.objectContaining({ level: 'error', msg: '[auth][cause]:' }),
      expect.objectContaining({ level: 'error', msg: 'console output withheld' }),
      expect.objectContaining({ level: 'warn', msg: 'console output withheld' }),
      expect.objectContaining({ level: 'info', msg: 'plain line' }),
    ]);
  });
});

describe("Auth.js requests' route in the log", () => {
  it("is the action's path for Auth.js's own actions, and the catch-all template for anything else under /api/auth", async () => {
    const { authRoute } = await import('@/lib/server/request-log');
    const at = (path: string) => authRoute(new Request(`http://localhost${path}`));
    expect(at('/api/auth/csrf')).toBe('/api/auth/csrf');
    expect(at('/api/auth/callback/credentials?x=1')).toBe('/api/auth/callback/credentials');
    expect(at('/api/auth/session')).toBe('/api/auth/session');
    expect(at('/api/auth/signout')).toBe('/api/auth/signout');
    // Whatever else is typed there stays out of the log.
    expect(at(`/api/auth/${SECRETS.patientRef.replaceAll(' ', '%20')}`)).toBe('/api/auth/[...nextauth]');
    expect(at(`/api/auth/callback/${SECRETS.email}`)).toBe('/api/auth/[...nextauth]');
  });
});
