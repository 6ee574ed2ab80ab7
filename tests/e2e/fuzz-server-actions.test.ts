/**
 * Issue 15, item 2: bodies that reach a server action's endpoint but that Next cannot decode — malformed JSON, a
 * multipart body that breaks React's reply encoding, references to parts that are not there, and bodies over the
 * 1 MB limit (declared or streamed) — are answered 400 or 413 by every server action of the build, signed in or
 * not, through the fetch form (Next-Action header) and a form posted without JavaScript; never a 500 (before the fix,
 * each answered 500), and nothing is saved. React's own encoding of a real form still reaches the action.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createAdmin, createClinician } from '../factories';
import { e2eDatabase } from '../support/db';
import { fuzzSeed } from '../support/fuzz';
import { signInHttp } from '../support/http';
import { callServerActionWithFormText, listServerActions, type ServerAction } from '../support/server-actions';

const baseUrl = inject('baseUrl');
const db = e2eDatabase();
const seed = fuzzSeed();
const actions = listServerActions();
const MP = 'multipart/form-data; boundary=zz';
const multipart = (fields: [string, string][]): string => fields.map(([k, v]) => `--zz\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('') + '--zz--\r\n';

/** [label, body, content type]: every one of these answered 500 before the fix (probe of 2026-12-03). */
const MALFORMED: [string, BodyInit, string][] = [
  ['malformed JSON', '{{{', 'text/plain;charset=UTF-8'],
  ['malformed JSON as application/json', '{{{', 'application/json'],
  ['a number, not the arguments array', '1', 'text/plain;charset=UTF-8'],
  ['null', 'null', 'text/plain;charset=UTF-8'],
  ['a reference to a missing chunk', '["$1","$2"]', 'text/plain;charset=UTF-8'],
  ['Map, Set, Blob and temporary references', '["$Q1","$W2","$B3","$T"]', 'text/plain;charset=UTF-8'],
  ['a promise reference as the root', '"$@1"', 'text/plain;charset=UTF-8'],
  ['multipart with a malformed chunk and no root', multipart([['1', '{{{']]), MP],
  ['multipart that is not multipart', 'garbage', MP],
  ['multipart root referring to a missing chunk', multipart([['0', '["$1"]']]), MP],
  ['multipart root with a bad FormData reference', multipart([['0', '["$K9","$Q2"]']]), MP],
  ['multipart root referring to a present chunk', multipart([['0', '["$1","$K2"]'], ['1', '{"x":"$undefined"}']]), MP],
];
const OVERSIZED: [string, BodyInit, string][] = [
  ['20 MB of text', 'x'.repeat(20 * 1024 * 1024), 'text/plain;charset=UTF-8'],
  ['3 MB in a multipart field', multipart([['0', '[]'], ['1_age', 'x'.repeat(3 * 1024 * 1024)]]), MP],
];

let clinicianCookie = '';
let adminCookie = '';
let clinicianId = '';

beforeAll(async () => {
  const c = await createClinician(db);
  clinicianId = c.id;
  clinicianCookie = (await signInHttp(baseUrl, c.email, c.password))!.cookie;
  const a = await createAdmin(db);
  adminCookie = (await signInHttp(baseUrl, a.email, a.password))!.cookie;
});

async function post(action: ServerAction, body: BodyInit, contentType: string, options: { cookie: string | null; fetchForm: boolean }): Promise<{ status: number; text: string }> {
  const response = await fetch(`${baseUrl}${action.pagePath}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      ...(options.fetchForm ? { 'next-action': action.id, accept: 'text/x-component' } : { accept: 'text/html' }),
      'content-type': contentType,
      origin: baseUrl,
      ...(options.cookie ? { cookie: options.cookie } : {}),
    },
    body,
  });
  return { status: response.status, text: (await response.text()).slice(0, 200) };
}

const cookieFor = (action: ServerAction): string => (action.pagePath.startsWith('/admin') ? adminCookie : clinicianCookie);

describe('server actions refuse bodies they cannot decode with 400 or 413, never 500', () => {
  it('the build has its server actions', () => {
    expect(actions.length).toBeGreaterThanOrEqual(12);
  });

  it('malformed bodies: 400 with a sentence, for every action, signed in and signed out', async () => {
    const wrong: string[] = [];
    for (const action of actions) {
      for (const cookie of [cookieFor(action), null]) {
        for (const [label, body, type] of MALFORMED) {
          const answer = await post(action, body, type, { cookie, fetchForm: true });
          if (answer.status !== 400 || !answer.text.includes('could not be read')) wrong.push(`${action.name} ${cookie ? 'signed in' : 'signed out'} · ${label}: ${answer.status} ${answer.text}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('a form posted without JavaScript with a broken action reference: 400 as a short page, not a 500', async () => {
    const broken: [string, string][][] = [[['$ACTION_REF_1', '']], [['$ACTION_REF_1', ''], ['$ACTION_1:0', '{{{']]];
    for (const fields of broken) {
      const answer = await post(actions[0]!, multipart(fields), MP, { cookie: clinicianCookie, fetchForm: false });
      expect([answer.status, answer.text]).toEqual([400, expect.stringContaining('<h1>Bad request</h1>')]);
    }
  });

  it('bodies over 1 MB: 413, declared or streamed without a Content-Length', async () => {
    const create = actions.find((a) => a.name === 'createReportAction')!;
    const importer = actions.find((a) => a.name === 'importEvidenceAction')!;
    for (const action of [create, importer]) {
      for (const [label, body, type] of OVERSIZED) {
        const answer = await post(action, body, type, { cookie: cookieFor(action), fetchForm: true });
        expect([label, answer.status, answer.text]).toEqual([label, 413, expect.stringContaining('more than 1 MB')]);
      }
    }
    // Chunked: no Content-Length, 8 MB sent in 64 KiB pieces.
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 8 * 1024 * 1024) return controller.close();
        sent += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x78));
      },
    });
    const response = await fetch(`${baseUrl}${create.pagePath}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'next-action': create.id, 'content-type': 'text/plain', origin: baseUrl, cookie: clinicianCookie },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    await response.arrayBuffer();
  });

  it(`random bytes to every action (fast-check, seed ${seed}): 400, 413 or an answer from the action, never a 5xx`, async () => {
    const fives: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...actions), fc.uint8Array({ maxLength: 400 }), fc.constantFrom('text/plain;charset=UTF-8', MP, 'application/json'), async (action, bytes, type) => {
        const answer = await post(action, bytes, type, { cookie: cookieFor(action), fetchForm: true });
        if (answer.status >= 500) fives.push(`${action.name} ${type} ${Buffer.from(bytes).toString('base64')}: ${answer.status}`);
      }),
      { seed, numRuns: 200 },
    );
    expect(fives).toEqual([]);
  });

  it('nothing was saved by any of it; a form as React encodes it still reaches the action', async () => {
    expect(await db.report.count({ where: { authorId: clinicianId } })).toBe(0);
    const create = actions.find((a) => a.name === 'createReportAction')!;
    const answer = await callServerActionWithFormText(baseUrl, create, clinicianCookie, { age: '-4' });
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('Some answers need a look');
  });
});
