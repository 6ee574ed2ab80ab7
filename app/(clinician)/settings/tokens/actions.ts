'use server';
import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { type FormState, isFormData, NOT_A_FORM } from '@/components/forms/form-state';
import { CreateApiTokenSchema, fieldErrors, UuidSchema } from '@/lib/domain/schemas/accounts';
import { createApiToken, revokeApiToken } from '@/lib/server/api-tokens';
import { echoFields, unlessDatabaseDown } from '@/lib/server/action-outage';
import { clientIp } from '@/lib/server/request-info';
import { requireSession } from '@/lib/server/session';

export async function createTokenAction(prev: FormState, formData: FormData): Promise<FormState> {
  return unlessDatabaseDown(() => createTokenForm(prev, formData), (message) => ({ error: message, values: echoFields(formData, ['name']) }));
}

async function createTokenForm(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await requireSession('token:manage-own');
  if (!isFormData(formData)) return NOT_A_FORM;
  const name = String(formData.get('name') ?? '');
  const expiresInDays = String(formData.get('expiresInDays') ?? '90');
  const parsed = CreateApiTokenSchema.safeParse({ name, expiresInDays });
  if (!parsed.success) return { fields: fieldErrors(parsed.error), values: { name, expiresInDays } };
  const result = await createApiToken(user.id, parsed.data.name, { id: user.id, email: user.email }, clientIp(await headers()), parsed.data.expiresInDays);
  if ('error' in result) return { error: result.error, values: { name } };
  revalidatePath('/settings/tokens');
  return { success: `Token “${result.row.name}” created; it expires after ${parsed.data.expiresInDays} days. Copy it now: it will not be shown again.`, secret: result.token };
}

export async function revokeTokenAction(prev: FormState, formData: FormData): Promise<FormState> {
  return unlessDatabaseDown(() => revokeTokenForm(prev, formData), (message) => ({ error: message }));
}

async function revokeTokenForm(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await requireSession('token:manage-own');
  if (!isFormData(formData)) return NOT_A_FORM;
  const parsed = UuidSchema.safeParse(formData.get('tokenId'));
  if (!parsed.success) return { error: 'That token does not exist.' };
  const row = await revokeApiToken(user.id, parsed.data, { id: user.id, email: user.email }, clientIp(await headers()));
  if (!row) return { error: 'That token does not exist.' };
  revalidatePath('/settings/tokens');
  return { success: `Token “${row.name}” revoked.` };
}
