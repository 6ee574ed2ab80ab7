'use server';
import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { type FormState, isFormData, NOT_A_FORM } from '@/components/forms/form-state';
import { CreateUserSchema, fieldErrors, ResetPasswordSchema, UuidSchema } from '@/lib/domain/schemas/accounts';
import { AccountError, createAccount, updateAccount } from '@/lib/server/accounts';
import { echoFields, unlessDatabaseDown } from '@/lib/server/action-outage';
import { clientIp } from '@/lib/server/request-info';
import { requireSession } from '@/lib/server/session';

export async function createAccountAction(prev: FormState, formData: FormData): Promise<FormState> {
  return unlessDatabaseDown(() => createAccountForm(prev, formData), (message) => ({ error: message, values: echoFields(formData, ['email', 'name', 'role']) }));
}

async function createAccountForm(_prev: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireSession('account:manage');
  if (!isFormData(formData)) return NOT_A_FORM;
  const values = { email: String(formData.get('email') ?? ''), name: String(formData.get('name') ?? ''), role: String(formData.get('role') ?? '') };
  const parsed = CreateUserSchema.safeParse({ ...values, password: formData.get('password') ?? '' });
  if (!parsed.success) return { fields: fieldErrors(parsed.error), values };
  try {
    const user = await createAccount(parsed.data, { id: admin.id, email: admin.email }, clientIp(await headers()));
    revalidatePath('/admin/accounts');
    return { success: `Account created for ${user.email}.` };
  } catch (error) {
    if (error instanceof AccountError) return { error: error.message, fields: error.field ? { [error.field]: [error.message] } : undefined, values };
    throw error;
  }
}

export async function setDisabledAction(prev: FormState, formData: FormData): Promise<FormState> {
  return unlessDatabaseDown(() => setDisabledForm(prev, formData), (message) => ({ error: message }));
}

async function setDisabledForm(_prev: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireSession('account:manage');
  if (!isFormData(formData)) return NOT_A_FORM;
  const id = UuidSchema.safeParse(formData.get('userId'));
  if (!id.success) return { error: 'No such account.' };
  const disabled = formData.get('disabled') === 'true';
  try {
    const user = await updateAccount(id.data, { disabled }, { id: admin.id, email: admin.email }, clientIp(await headers()));
    revalidatePath('/admin/accounts');
    return { success: `${user.email} is now ${disabled ? 'disabled' : 'enabled'}.` };
  } catch (error) {
    if (error instanceof AccountError) return { error: error.message };
    throw error;
  }
}

export async function resetPasswordAction(prev: FormState, formData: FormData): Promise<FormState> {
  return unlessDatabaseDown(() => resetPasswordForm(prev, formData), (message) => ({ error: message }));
}

async function resetPasswordForm(_prev: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireSession('account:manage');
  if (!isFormData(formData)) return NOT_A_FORM;
  const id = UuidSchema.safeParse(formData.get('userId'));
  if (!id.success) return { error: 'No such account.' };
  const parsed = ResetPasswordSchema.safeParse({ password: formData.get('password') ?? '' });
  if (!parsed.success) return { fields: fieldErrors(parsed.error) };
  try {
    const user = await updateAccount(id.data, { password: parsed.data.password }, { id: admin.id, email: admin.email }, clientIp(await headers()));
    revalidatePath('/admin/accounts');
    return { success: `Password reset for ${user.email}; their open sessions have ended.` };
  } catch (error) {
    if (error instanceof AccountError) return { error: error.message };
    throw error;
  }
}
