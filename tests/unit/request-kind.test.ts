/** isDocumentRequest (lib/server/request-info.ts): a page load or the app's router / a server action (issue 14). */
import { describe, expect, it } from 'vitest';
import { isDocumentRequest } from '@/lib/server/request-info';

const h = (init: Record<string, string>): Headers => new Headers(init);

describe('isDocumentRequest', () => {
  it('a browser page load, also inside an EHR frame, is a document request', () => {
    expect(isDocumentRequest(h({ 'sec-fetch-dest': 'document', accept: 'text/html,application/xhtml+xml' }))).toBe(true);
    expect(isDocumentRequest(h({ 'sec-fetch-dest': 'iframe', accept: 'text/html' }))).toBe(true);
  });
  it("the app router's payload fetch and a server action are not", () => {
    expect(isDocumentRequest(h({ 'sec-fetch-dest': 'empty', accept: '*/*', rsc: '1' }))).toBe(false);
    expect(isDocumentRequest(h({ 'sec-fetch-dest': 'empty', accept: 'text/x-component' }))).toBe(false);
    expect(isDocumentRequest(h({ 'next-action': 'abc', accept: 'text/html' }))).toBe(false);
  });
  it('without Sec-Fetch-Dest, asking for HTML decides', () => {
    expect(isDocumentRequest(h({ accept: 'text/html' }))).toBe(true);
    expect(isDocumentRequest(h({ accept: '*/*' }))).toBe(false);
    expect(isDocumentRequest(h({}))).toBe(false);
  });
});
