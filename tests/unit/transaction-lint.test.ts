/**
 * ESLint keeps interactive transactions in transaction() (lib/server/transaction.ts), which holds security log lines
 * until the commit: a raw `$transaction` with a callback, in any form, is an error in the app and the scripts; the
 * batch form (no callback, no audit row) and the helper itself are not.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restricted(code: string, filePath: string): Promise<number[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.line);
}

describe('ESLint: interactive transactions go through transaction()', () => {
  it('flags db.$transaction(callback), tx.$transaction, and $transaction taken off the client, in lib/, app/ and scripts/', async () => {
    const code = [
      "import { db } from '@/lib/server/db';",
      'export async function a() {',
      '  await db.$transaction(async (tx) => tx.user.count());',
      '  await db.$transaction(async (tx) => tx.$transaction(async (inner) => inner.user.count()));',
      '  const run = db.$transaction;',
      '  const { $transaction } = db;',
      "  await db['$transaction'](async () => 1);",
      '  return [run, $transaction];',
      '}',
      '',
    ].join('\n');
    for (const file of ['lib/server/example.ts', 'app/api/v1/example/route.ts', 'scripts/lib/example.ts']) {
      expect(await restricted(code, file), file).toEqual([3, 4, 4, 5, 6, 7]);
    }
  }, 60_000);

  it('allows the batch form and the helper itself', async () => {
    expect(await restricted("import { db } from '@/lib/server/db';\nexport const b = () => db.$transaction([db.user.count()]);\n", 'lib/server/example.ts')).toEqual([]);
    expect(await restricted("import { db } from './db';\nexport const c = () => db.$transaction(async (tx) => tx.user.count());\n", 'lib/server/transaction.ts')).toEqual([]);
  }, 60_000);
});
