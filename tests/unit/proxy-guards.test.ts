import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasMalformedEscape, isForeignOrigin, isServerActionRequest, rejectServerActionBody, SERVER_ACTION_ALLOWED_ORIGINS, SERVER_ACTION_BODY_LIMIT } from '@/lib/server/proxy-guards';

const headers = (h: Record<string, string>) => new Headers(h);

describe('malformed percent-encoding', () => {
  it('finds an escape that does not decode, in any segment', () => {
    for (const bad of ['/api/v1/trials/%E0%A4%A', '/reports/%ZZ', '/%', '/a/%C3/b', '/x/%E0%A4%A/y']) expect(hasMalformedEscape(bad), bad).toBe(true);
  });

  it('accepts every path made of encoded segments', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: 'grapheme' })), (segments) => !hasMalformedEscape('/' + segments.map(encodeURIComponent).join('/'))));
    expect(hasMalformedEscape('/api/v1/trials/%E2%82%AC')).toBe(false);
  });
});

describe('server action requests', () => {
  it('are POSTs with a Next-Action header or a multipart form', () => {
    expect(isServerActionRequest('POST', headers({ 'next-action': 'abc' }))).toBe(true);
    expect(isServerActionRequest('POST', headers({ 'content-type': 'multipart/form-data; boundary=x' }))).toBe(true);
    expect(isServerActionRequest('POST', headers({ 'content-type': 'application/json' }))).toBe(false);
    expect(isServerActionRequest('GET', headers({ 'next-action': 'abc' }))).toBe(false);
  });
});

describe('foreign Origin (Next’s rule)', () => {
  it('compares the Origin’s host with the first x-forwarded-host, else Host', () => {
    expect(isForeignOrigin(headers({ host: 'desk.example', origin: 'https://desk.example' }))).toBe(false);
    expect(isForeignOrigin(headers({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' }))).toBe(false);
    expect(isForeignOrigin(headers({ host: 'internal:3000', 'x-forwarded-host': 'desk.example, proxy.internal', origin: 'https://desk.example' }))).toBe(false);
    expect(isForeignOrigin(headers({ host: 'desk.example', 'x-forwarded-host': 'other.example', origin: 'https://desk.example' }))).toBe(true);
    expect(isForeignOrigin(headers({ host: 'desk.example', origin: 'https://evil.example' }))).toBe(true);
    expect(isForeignOrigin(headers({ host: 'desk.example', origin: 'https://desk.example.evil.example' }))).toBe(true);
    expect(isForeignOrigin(headers({ host: 'desk.example:3000', origin: 'https://desk.example' }))).toBe(true);
  });

  it('refuses the opaque origin "null" and an unparsable one; lets a request without Origin through to Next', () => {
    expect(isForeignOrigin(headers({ host: 'desk.example', origin: 'null' }))).toBe(true);
    expect(isForeignOrigin(headers({ host: 'desk.example', origin: 'not a url' }))).toBe(true);
    expect(isForeignOrigin(headers({ host: 'desk.example' }))).toBe(false);
  });

  it('allows listed origins with Next’s wildcard syntax', () => {
    const h = headers({ host: 'desk.example', origin: 'https://ehr.hospital.example' });
    expect(isForeignOrigin(h, [])).toBe(true);
    expect(isForeignOrigin(h, ['ehr.hospital.example'])).toBe(false);
    expect(isForeignOrigin(h, ['*.hospital.example'])).toBe(false);
    expect(isForeignOrigin(h, ['*.other.example'])).toBe(true);
  });

  it('uses the same allowed origins as next.config.js gives Next', async () => {
    const config = (await import(pathToFileURL(path.resolve(import.meta.dirname, '../../next.config.js')).href)) as { default: { experimental?: { serverActions?: { allowedOrigins?: string[] } } } };
    expect(config.default.experimental?.serverActions?.allowedOrigins ?? []).toEqual([...SERVER_ACTION_ALLOWED_ORIGINS]);
  });
});

describe('server-action bodies Next would answer with a 500 (issue 15, item 2)', () => {
  const action = (body: BodyInit, contentType: string, extra: Record<string, string> = { 'next-action': 'a'.repeat(42) }): Request =>
    new Request('http://localhost/reports/new', { method: 'POST', headers: { 'content-type': contentType, ...extra }, body, duplex: 'half' } as RequestInit);
  const multipart = (fields: [string, string][]): string => fields.map(([k, v]) => `--zz\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('') + '--zz--\r\n';
  const status = async (request: Request): Promise<number | null> => (await rejectServerActionBody(request))?.status ?? null;

  it("lets through what React's client sends: the arguments as a JSON array, or a multipart reply with its root chunk", async () => {
    expect(await status(action('[]', 'text/plain;charset=UTF-8'))).toBeNull();
    expect(await status(action('[{"error":"x","fields":{"age":["y"]},"values":"$undefined"},"$K1"]', 'text/plain;charset=UTF-8'))).toBeNull();
    expect(await status(action('["$$5 a price","$D2026-12-03T10:00:00.000Z","$n12","$NaN"]', 'text/plain;charset=UTF-8'))).toBeNull();
    expect(await status(action(multipart([['0', '["$undefined","$K1"]'], ['1_age', '72'], ['1_goals', 'bone']]), 'multipart/form-data; boundary=zz'))).toBeNull();
    // A form posted without JavaScript: the action's id, then its fields.
    expect(await status(action(multipart([['$ACTION_ID_' + 'a'.repeat(42), ''], ['age', '72']]), 'multipart/form-data; boundary=zz', {}))).toBeNull();
    expect(await status(action(multipart([['$ACTION_REF_1', ''], ['$ACTION_1:0', '{"id":"x","bound":"$@1"}'], ['age', '7']]), 'multipart/form-data; boundary=zz', {}))).toBeNull();
  });

  it('refuses with 400 what React cannot decode', async () => {
    const text = ['{{{', '', '1', 'null', '"x"', '{"a":1}', '["$1"]', '["$@1"]', '[{"a":"$Q2"}]', '["$B3"]', '["$T"]', '["$F1"]', '['.repeat(100) + ']'.repeat(100)];
    for (const body of text) expect(await status(action(body, 'text/plain;charset=UTF-8')), body.slice(0, 20)).toBe(400);
    expect(await status(action('{{{', 'application/json'))).toBe(400);
    expect(await status(action(new Uint8Array([0x5b, 0x22, 0xff, 0xfe, 0x22, 0x5d]), 'text/plain'))).toBe(400); // not UTF-8
    const mp = 'multipart/form-data; boundary=zz';
    expect(await status(action('garbage', mp))).toBe(400);
    expect(await status(action(multipart([['1', '{{{']]), mp))).toBe(400);
    expect(await status(action(multipart([['1_age', '72']]), mp))).toBe(400); // no root chunk
    expect(await status(action(multipart([['0', '["$1"]'], ['1', '{}']]), mp))).toBe(400);
    expect(await status(action(multipart([['$ACTION_REF_1', '']]), mp, {}))).toBe(400);
    expect(await status(action(multipart([['$ACTION_REF_1', ''], ['$ACTION_1:0', '{{{']]), mp, {}))).toBe(400);
  });

  it('refuses with 413 a body over the limit, declared or streamed without a Content-Length, reading no more than the limit', async () => {
    const big = 'x'.repeat(SERVER_ACTION_BODY_LIMIT + 1);
    expect(await status(action(big, 'text/plain'))).toBe(413);
    expect(await status(action(multipart([['0', '[]'], ['1_file', big]]), 'multipart/form-data; boundary=zz'))).toBe(413);
    expect(await status(new Request('http://localhost/', { method: 'POST', headers: { 'next-action': 'a', 'content-length': '99999999999' }, body: '[]' }))).toBe(413);
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
      },
    });
    expect(await status(action(endless, 'text/plain'))).toBe(413);
    expect(pulled).toBeLessThanOrEqual(SERVER_ACTION_BODY_LIMIT + 3 * 64 * 1024);
    expect(await status(action('[' + '"x",'.repeat(1000) + '"x"]', 'text/plain'))).toBeNull();
  });

  it("lets through every reply React's own client encoder makes of a form state and a form (fuzzed)", async () => {
    const { encodeReply } = createRequire(import.meta.url)('next/dist/compiled/react-server-dom-webpack/client.node.js') as { encodeReply: (v: unknown) => Promise<FormData | string> };
    // Form states as the app's actions return them: nested plain values, strings that start with "$", undefined, dates.
    const leaf = fc.oneof(fc.string(), fc.constantFrom('$', '$1', '$@x', '$undefined', '$$'), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.date({ noInvalidDate: true }));
    const state = fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(leaf, fc.array(leaf, { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 6 }), leaf, { maxKeys: 4, noNullPrototype: true })), { maxKeys: 6, noNullPrototype: true });
    await fc.assert(
      fc.asyncProperty(state, fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ maxLength: 40 }), { maxKeys: 6, noNullPrototype: true }), fc.boolean(), async (previous, fields, withForm) => {
        const form = new FormData();
        for (const [name, value] of Object.entries(fields)) form.append(name, value);
        const body = await encodeReply(withForm ? [previous, form] : [previous]);
        const request = typeof body === 'string' ? action(body, 'text/plain;charset=UTF-8') : new Request('http://localhost/reports/new', { method: 'POST', headers: { 'next-action': 'a' }, body });
        expect(await rejectServerActionBody(request)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('never throws, whatever the bytes (fuzzed)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.constantFrom('text/plain', 'multipart/form-data; boundary=zz', 'application/json', ''), async (bytes, type) => {
        const result = await rejectServerActionBody(action(bytes, type));
        expect(result === null || result.status === 400).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
