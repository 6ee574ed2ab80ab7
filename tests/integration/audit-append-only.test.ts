import { describe, expect, it } from 'vitest';
import { writeAudit } from '@/lib/server/audit';
import { db } from '@/lib/server/db';
import { transaction } from '@/lib/server/transaction';

describe('AuditEvent is append-only', () => {
  it('accepts inserts and refuses UPDATE, DELETE and TRUNCATE', async () => {
    await writeAudit(db, { actor: { id: null, email: 'system' }, action: 'test.append-only', entity: 'Test', details: { n: 1 } });
    const row = await db.auditEvent.findFirstOrThrow({ where: { action: 'test.append-only' } });
    await expect(db.auditEvent.update({ where: { id: row.id }, data: { action: 'tampered' } })).rejects.toThrow(/append-only/);
    await expect(db.auditEvent.delete({ where: { id: row.id } })).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`TRUNCATE "AuditEvent"`).rejects.toThrow(/append-only/);
    expect((await db.auditEvent.findUniqueOrThrow({ where: { id: row.id } })).action).toBe('test.append-only');
  });

  it('rolls the audit row back with the change it belongs to', async () => {
    await expect(
      transaction(async (tx) => {
        await writeAudit(tx, { actor: { id: null, email: 'system' }, action: 'test.rolled-back', entity: 'Test' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await db.auditEvent.count({ where: { action: 'test.rolled-back' } })).toBe(0);
  });
});
