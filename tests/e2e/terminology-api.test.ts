/** GET /api/v1/terminology/medications and POST …/recognise over HTTP: who may call them, bad input, what they answer. */
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createClinician } from '../factories';
import { e2eDatabase } from '../support/db';
import { api, signInHttp, type HttpSession } from '../support/http';

const baseUrl = inject('baseUrl');
const logFile = inject('appLogFile');
const db = e2eDatabase();
let clinician: HttpSession;
let token: string;

const LOOKUP = '/api/v1/terminology/medications';
const RECOGNISE = '/api/v1/terminology/medications/recognise';

beforeAll(async () => {
  const user = await createClinician(db);
  clinician = (await signInHttp(baseUrl, user.email, user.password))!;
  const created = await api(baseUrl, '/api/v1/tokens', { method: 'POST', session: clinician, body: { name: 'terminology test' } });
  token = created.body.token as string;
});

describe('authorization', () => {
  it('answers 401 without a session or token, and with a bad token', async () => {
    for (const [method, path, body] of [
      ['GET', `${LOOKUP}?q=Jant`, undefined],
      ['POST', RECOGNISE, { medications: [{ name: 'warfarin' }] }],
    ] as const) {
      expect((await api(baseUrl, path, { method, body })).status, `${method} ${path}`).toBe(401);
      expect((await api(baseUrl, path, { method, body, bearer: 'k2_not-a-real-token' })).status, `${method} ${path} bearer`).toBe(401);
    }
  });

  it('answers a signed-in clinician and an API token alike', async () => {
    const bySession = await api(baseUrl, `${LOOKUP}?q=Jant`, { session: clinician });
    const byToken = await api(baseUrl, `${LOOKUP}?q=Jant`, { bearer: token });
    expect(bySession.status).toBe(200);
    expect(byToken.status).toBe(200);
    expect(byToken.body).toEqual(bySession.body);
  });
});

describe('GET /api/v1/terminology/medications', () => {
  it('suggests Jantoven (warfarin) for "Jant", privately cacheable for a minute, with one request log line and no query in it', async () => {
    const response = await fetch(`${baseUrl}${LOOKUP}?q=Jant&limit=5`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('private, max-age=60');
    const body = (await response.json()) as { query: string; suggestions: Array<Record<string, unknown>>; recognition: Record<string, unknown>; didYouMean: unknown };
    expect(body.query).toBe('Jant');
    expect(body.suggestions[0]).toEqual({ label: 'Jantoven (warfarin)', value: 'Jantoven', ingredient: 'warfarin', medicationClass: 'vka', term: 'brand', match: 'prefix' });
    expect(body.recognition).toMatchObject({ name: 'Jant', status: 'unrecognised', matches: [], guesses: [] });
    expect(body.didYouMean).toBeNull();
    await expect
      .poll(async () => (await readFile(logFile, 'utf8')).split('\n').filter((l) => l.includes('"route":"/api/v1/terminology/medications"') && l.includes('"status":200')).length)
      .toBeGreaterThan(0);
    const lines = (await readFile(logFile, 'utf8')).split('\n').filter((l) => l.includes('/api/v1/terminology/medications'));
    expect(lines.some((l) => l.includes('Jant'))).toBe(false);
  });

  it('recognises "Jantovan" as uncertain, with the guess Jantoven (warfarin), and offers it as a did-you-mean', async () => {
    const res = await api(baseUrl, `${LOOKUP}?q=Jantovan`, { bearer: token });
    expect(res.status).toBe(200);
    const recognition = res.body.recognition as { status: string; matches: unknown[]; guesses: Array<Record<string, unknown>> };
    expect(recognition.status).toBe('uncertain');
    expect(recognition.matches).toEqual([]);
    expect(recognition.guesses[0]).toMatchObject({ how: 'fuzzy', matchedText: 'Jantoven', ingredient: 'warfarin', medicationClass: 'vka', distance: 1 });
    expect(recognition.guesses[0]!.confidence).toBeGreaterThan(0.8);
    expect(res.body.suggestions).toEqual([{ label: 'Jantoven (warfarin)', value: 'Jantoven', ingredient: 'warfarin', medicationClass: 'vka', term: 'brand', match: 'fuzzy', distance: 1 }]);
    expect(res.body.didYouMean).toEqual({ label: 'Jantoven (warfarin)', value: 'Jantoven', text: 'Did you mean Jantoven (warfarin)?' });
  });

  it('answers 400 with fields for a missing, empty, too long or unstorable q, a bad limit or an unknown parameter', async () => {
    for (const [query, field] of [
      ['', 'q'],
      ['?q=', 'q'],
      ['?q=%20%20', 'q'],
      [`?q=${'a'.repeat(201)}`, 'q'],
      ['?q=war%00farin', 'q'],
      ['?q=war&limit=0', 'limit'],
      ['?q=war&limit=21', 'limit'],
      ['?q=war&limit=ten', 'limit'],
      ['?q=war&sort=asc', '_form'],
    ] as const) {
      const res = await api(baseUrl, `${LOOKUP}${query}`, { bearer: token });
      expect(res.status, query).toBe(400);
      expect(res.body.fields, query).toHaveProperty(field);
    }
  });
});

describe('POST /api/v1/terminology/medications/recognise', () => {
  it('recognises each medication in order: names, RxNorm and ATC codes, near misses', async () => {
    const res = await api(baseUrl, RECOGNISE, {
      method: 'POST',
      bearer: token,
      body: { medications: [{ name: 'Coumadin 5 mg' }, { name: 'Jantovan' }, { name: 'x', rxnorm: '11289' }, { name: 'tablet', atc: 'B01AA' }, { name: 'qwzxvbnm' }] },
    });
    expect(res.status).toBe(200);
    const list = res.body.recognitions as Array<{ index: number; status: string; matches: Array<Record<string, unknown>>; guesses: Array<Record<string, unknown>> }>;
    expect(list.map((r) => [r.index, r.status])).toEqual([
      [0, 'recognised'],
      [1, 'uncertain'],
      [2, 'recognised'],
      [3, 'recognised'],
      [4, 'unrecognised'],
    ]);
    expect(list[0]!.matches[0]).toMatchObject({ how: 'brand', matchedText: 'Coumadin', medicationClass: 'vka' });
    expect(list[1]!.guesses[0]).toMatchObject({ how: 'fuzzy', matchedText: 'Jantoven' });
    expect(list[2]!.matches[0]).toMatchObject({ how: 'code', matchedText: '11289' });
    expect(list[3]!.matches[0]).toMatchObject({ how: 'class-code', medicationClass: 'vka' });
  });

  it('answers 400 with fields for a bad body', async () => {
    for (const [body, field] of [
      [{}, 'medications'],
      [{ medications: [] }, 'medications'],
      [{ medications: Array.from({ length: 51 }, () => ({ name: 'warfarin' })) }, 'medications'],
      [{ medications: [{ name: '' }] }, 'medications.0.name'],
      [{ medications: [{ name: 'warfarin', rxnorm: 'abc' }] }, 'medications.0.rxnorm'],
      [{ medications: [{ name: 'warfarin', atc: 'not a code' }] }, 'medications.0.atc'],
      [{ medications: [{ name: 'war\u0000farin' }] }, 'medications.0.name'],
      [{ medications: [{ name: 'warfarin', dose: '5 mg' }] }, 'medications.0'],
    ] as const) {
      const res = await api(baseUrl, RECOGNISE, { method: 'POST', bearer: token, body });
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.body.fields, JSON.stringify(body).slice(0, 80)).toHaveProperty([field]);
    }
    const notJson = await api(baseUrl, RECOGNISE, { method: 'POST', bearer: token, rawBody: '{' });
    expect(notJson.status).toBe(400);
  });
});
