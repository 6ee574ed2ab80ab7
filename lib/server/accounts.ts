import 'server-only';
import type { CreateUserInput, UpdateUserInput } from '@/lib/domain/schemas/accounts';
import { writeAudit, type AuditActor } from './audit';
import { db } from './db';
import { transaction } from './transaction';
import { Prisma } from './generated/prisma/client';
import { hashPassword } from './passwords';

export type AccountRow = {
  id: string;
  email: string;
  name: string;
  role: 'CLINICIAN' | 'ADMIN';
  disabled: boolean;
  createdAt: Date;
  lastLoginAt: Date | null;
};

const ACCOUNT_SELECT = { id: true, email: true, name: true, role: true, disabled: true, createdAt: true, lastLoginAt: true } as const;

export class AccountError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export async function listAccounts(): Promise<AccountRow[]> {
  return db.user.findMany({ select: ACCOUNT_SELECT, orderBy: [{ disabled: 'asc' }, { email: 'asc' }] });
}

export async function getAccount(id: string): Promise<AccountRow | null> {
  return db.user.findUnique({ where: { id }, select: ACCOUNT_SELECT });
}

/** Create an account (admin). The e-mail must be new; the change and its audit row commit together. */
export async function createAccount(input: CreateUserInput, actor: AuditActor, ip: string | null): Promise<AccountRow> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, role: input.role, passwordHash },
        select: ACCOUNT_SELECT,
      });
      await writeAudit(tx, {
        actor,
        action: 'account.create',
        entity: 'User',
        entityId: user.id,
        ip,
        details: { email: user.email, role: user.role },
      });
      return user;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new AccountError(409, 'An account with this e-mail address already exists.', 'email');
    }
    throw error;
  }
}

/**
 * Change an account (admin): name, role, disabled, password. Disabling, a new password or a new role bumps the token
 * version, which ends the user's live sessions on their next request; a new password also clears any lockout.
 */
export async function updateAccount(id: string, input: UpdateUserInput, actor: AuditActor, ip: string | null): Promise<AccountRow> {
  if (actor.id === id && (input.disabled === true || input.role === 'CLINICIAN')) {
    throw new AccountError(400, 'You cannot disable your own account or remove your own admin role.', input.disabled ? 'disabled' : 'role');
  }
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id }, select: ACCOUNT_SELECT });
    if (!before) throw new AccountError(404, 'No such account.');
    const endsSessions =
      passwordHash !== undefined ||
      (input.disabled === true && !before.disabled) ||
      (input.role !== undefined && input.role !== before.role);
    const user = await tx.user.update({
      where: { id },
      data: {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.role !== undefined ? { role: input.role } : {}),
        ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
        ...(passwordHash ? { passwordHash } : {}),
        ...(endsSessions ? { tokenVersion: { increment: 1 } } : {}),
      },
      select: ACCOUNT_SELECT,
    });
    if (passwordHash) await tx.loginThrottle.deleteMany({ where: { email: user.email } });
    const changes: Record<string, { from: unknown; to: unknown } | string> = {};
    if (input.name !== undefined && input.name !== before.name) changes.name = { from: before.name, to: input.name };
    if (input.role !== undefined && input.role !== before.role) changes.role = { from: before.role, to: input.role };
    if (input.disabled !== undefined && input.disabled !== before.disabled) changes.disabled = { from: before.disabled, to: input.disabled };
    if (passwordHash) changes.password = 'reset';
    const action =
      input.disabled === true && !before.disabled
        ? 'account.disable'
        : input.disabled === false && before.disabled
          ? 'account.enable'
          : passwordHash && Object.keys(changes).length === 1
            ? 'account.password-reset'
            : 'account.update';
    await writeAudit(tx, { actor, action, entity: 'User', entityId: id, ip, details: { email: user.email, changes } as Prisma.InputJsonValue });
    return user;
  });
}
