import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasMalformedEscape, isForeignOrigin, isServerActionRequest, SERVER_ACTION_ALLOWED_ORIGINS } from '@/lib/server/proxy-guards';

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
