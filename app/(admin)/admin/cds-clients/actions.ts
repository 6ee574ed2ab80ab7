'use server';
import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { type FormState, isFormData, NOT_A_FORM } from '@/components/forms/form-state';
import { RegisterCdsClientSchema } from '@/lib/domain/cds/clients';
import { FhirServersSchema } from '@/lib/domain/cds/fhir-servers';
import { fieldErrors, UuidSchema } from '@/lib/domain/schemas/accounts';
import { CdsClientError, registerCdsClient, setCdsClientEnabled, setCdsClientFhirServers } from '@/lib/server/cds/clients';
import { echoFields, unlessDatabaseDown } from '@/lib/server/action-outage';
import { clientIp } from '@/lib/server/request-info';
import { requireSession } from '@/lib/server/session';

/** One FHIR base URL a line (none: the service never fetches for this client). */
const fhirServerLines = (text: string): string[] => text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);

export async function registerCdsClientAction(prev: FormState, formData: FormData): Promise<FormState> {
  return unlessDatabaseDown(() => registerCdsClientForm(prev, formData), (message) => ({ error: message, values: echoFields(formData, ['iss', 'name', 'jwks', 'fhirServers']) }));
}

async function registerCdsClientForm(_prev: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireSession('cds:manage');
  if (!isFormData(formData)) return NOT_A_FORM;
  const values = { iss: String(formData.get('iss') ?? ''), name: String(formData.get('name') ?? ''), jwks: String(formData.get('jwks') ?? ''), fhirServers: String(formData.get('fhirServers') ?? '') };
  const fhirServers = fhirServerLines(values.fhirServers);
  let jwks: unknown;
  try {
    jwks = JSON.parse(values.jwks);
  } catch {
    return { fields: { jwks: ['Paste the JWK Set as JSON: { "keys": [ … ] }.'] }, values };
  }
  const parsed = RegisterCdsClientSchema.safeParse({ iss: values.iss, name: values.name, jwks, fhirServers });
  if (!parsed.success) {
    // Every JWKS problem (a private field in keys.0, say) is shown on the JWKS field with its path.
    const fields: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) {
      const [head, ...rest] = issue.path.map(String);
      const key = head === 'jwks' || head === undefined ? 'jwks' : head;
      (fields[key] ??= []).push(head === 'jwks' && rest.length ? `${rest.join('.')}: ${issue.message}` : issue.message);
    }
    return { fields: Object.keys(fields).length ? fields : fieldErrors(parsed.error), values };
  }
  try {
    const row = await registerCdsClient(parsed.data, { id: admin.id, email: admin.email }, clientIp(await headers()));
    revalidatePath('/admin/cds-clients');
    return { success: `Client ${row.iss} registered.` };
  } catch (error) {
    if (error instanceof CdsClientError) return { error: error.message, fields: error.field ? { [error.field]: [error.message] } : undefined, values };
    throw error;
  }
}

export async function setCdsClientEnabledAction(prev: FormState, formData: FormData): Promise<FormState> {
  return unlessDatabaseDown(() => setCdsClientEnabledForm(prev, formData), (message) => ({ error: message }));
}

async function setCdsClientEnabledForm(_prev: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireSession('cds:manage');
  if (!isFormData(formData)) return NOT_A_FORM;
  const id = UuidSchema.safeParse(formData.get('clientId'));
  if (!id.success) return { error: 'No such client.' };
  const enabled = formData.get('enabled') === 'true';
  try {
    const row = await setCdsClientEnabled(id.data, enabled, { id: admin.id, email: admin.email }, clientIp(await headers()));
    revalidatePath('/admin/cds-clients');
    return { success: `${row.iss} is now ${enabled ? 'enabled' : 'disabled'}.` };
  } catch (error) {
    if (error instanceof CdsClientError) return { error: error.message };
    throw error;
  }
}

export async function setCdsClientFhirServersAction(prev: FormState, formData: FormData): Promise<FormState> {
  return unlessDatabaseDown(() => setCdsClientFhirServersForm(prev, formData), (message) => ({ error: message, values: echoFields(formData, ['fhirServers']) }));
}

async function setCdsClientFhirServersForm(_prev: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireSession('cds:manage');
  if (!isFormData(formData)) return NOT_A_FORM;
  const id = UuidSchema.safeParse(formData.get('clientId'));
  if (!id.success) return { error: 'No such client.' };
  const values = { fhirServers: String(formData.get('fhirServers') ?? '') };
  const parsed = FhirServersSchema.safeParse(fhirServerLines(values.fhirServers));
  if (!parsed.success) return { fields: { fhirServers: parsed.error.issues.map((i) => i.message) }, values };
  try {
    const row = await setCdsClientFhirServers(id.data, parsed.data, { id: admin.id, email: admin.email }, clientIp(await headers()));
    revalidatePath('/admin/cds-clients');
    return { success: `FHIR base URLs of ${row.iss} saved (${parsed.data.length}).` };
  } catch (error) {
    if (error instanceof CdsClientError) return { error: error.message, values };
    throw error;
  }
}
