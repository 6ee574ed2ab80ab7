/** An unexpected throw in a route handler: a generic 500 with no message or stack, and a log line with the error's name only. */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cdsErrors } from '@/lib/server/cds/routes';
import { ApiError, withApi } from '@/lib/server/http';
import { createLogger, log } from '@/lib/server/log';

// The session module pulls in Auth.js, which needs Next's runtime; these handlers never ask for a user.
vi.mock('@/lib/server/session', () => ({ getRequestUser: async () => null }));

const SECRET = 'k2_AKIA-leaked-secret-9f8e7d6c5b4a';

class LeakyError extends Error {
  override name = 'LeakyError';
  constructor() {
    super(`connection to postgres://admin:${SECRET}@db failed for patient Zyxquorin-7731`);
    this.stack = `LeakyError: ${this.message}\n    at handler (/work/app/api/v1/reports/route.ts:12:5)\n    at node_modules/next/dist/server.js:1:1`;
  }
}

/** The answer, what the handler gave the logger, and the lines the house logger wrote from it. */
async function callAndCapture(run: () => Promise<Response>): Promise<{ status: number; text: string; logged: string; calls: Array<Record<string, unknown>> }> {
  const calls: unknown[][] = [];
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const written = createLogger({ level: 'trace', destination: destination as never });
  for (const level of ['info', 'warn', 'error'] as const) {
    vi.spyOn(log, level).mockImplementation(((...args: unknown[]) => {
      calls.push(args);
      (written[level] as (...a: unknown[]) => void)(...args);
    }) as never);
  }
  const response = await run();
  const text = await response.text();
  return { status: response.status, text, logged: lines.join(''), calls: calls.map((c) => c[0] as Record<string, unknown>) };
}

afterEach(() => vi.restoreAllMocks());

const ctx = { params: Promise.resolve({ id: '7f0c3e61-1d7a-4a55-9d43-3f7a43a7e0b1' }) };

describe('withApi', () => {
  it('turns an unexpected throw into a generic 500 without message or stack, and logs the request with the error name only', async () => {
    const handler = withApi(async () => {
      throw new LeakyError();
    });
    const { status, text, logged, calls } = await callAndCapture(() => handler(new Request('http://localhost/api/v1/reports/7f0c3e61-1d7a-4a55-9d43-3f7a43a7e0b1?patient=Smith', { method: 'POST' }), ctx));
    expect(status).toBe(500);
    expect(JSON.parse(text)).toEqual({ error: 'Something went wrong on our side.' });
    for (const leak of [SECRET, 'Zyxquorin', 'postgres://', '/work/', 'node_modules', ' at ']) {
      expect(text).not.toContain(leak);
      expect(logged).not.toContain(leak);
    }
    expect(logged).not.toContain('Smith');
    expect(calls).toEqual([expect.objectContaining({ method: 'POST', route: '/api/v1/reports/[id]', status: 500 })]);
    expect(typeof calls[0]!.durationMs).toBe('number');
    expect(JSON.parse(logged)).toMatchObject({ level: 'error', status: 500, err: { name: 'LeakyError' } });
  });

  it('still answers an ApiError with its own status and message, and logs the status', async () => {
    const handler = withApi(async () => {
      throw new ApiError(404, 'Not found.');
    });
    const { status, text, calls } = await callAndCapture(() => handler(new Request('http://localhost/api/v1/reports/x'), { params: Promise.resolve({ id: 'x' }) }));
    expect(status).toBe(404);
    expect(JSON.parse(text)).toEqual({ error: 'Not found.' });
    expect(calls).toEqual([expect.objectContaining({ method: 'GET', route: '/api/v1/reports/[id]', status: 404 })]);
    expect(calls[0]).not.toHaveProperty('err');
  });
});

describe('the CDS Hooks routes wrapper', () => {
  it('turns an unexpected throw into a generic 500 without message or stack', async () => {
    const handler = cdsErrors(async () => {
      throw new LeakyError();
    });
    const { status, text, logged, calls } = await callAndCapture(() => handler(new Request('http://localhost/cds-services/k2-patient-view', { method: 'POST' }), { params: Promise.resolve({ id: 'k2-patient-view' }) }));
    expect(status).toBe(500);
    expect(JSON.parse(text)).toEqual({ error: 'Something went wrong on our side.' });
    for (const leak of [SECRET, 'Zyxquorin', '/work/', 'node_modules', ' at ']) {
      expect(text).not.toContain(leak);
      expect(logged).not.toContain(leak);
    }
    expect(calls).toEqual([expect.objectContaining({ method: 'POST', route: '/cds-services/[id]', status: 500 })]);
    expect(JSON.parse(logged)).toMatchObject({ level: 'error', status: 500, err: { name: 'LeakyError' } });
  });
});
