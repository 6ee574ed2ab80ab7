'use server';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { type FormState, isFormData, NOT_A_FORM } from '@/components/forms/form-state';
import { contextFromFormData } from '@/components/reports/context-from-form';
import { unlessDatabaseDown } from '@/lib/server/action-outage';
import { clientIp } from '@/lib/server/request-info';
import { createReport, ReportInputError } from '@/lib/server/reports/service';
import { requireSession } from '@/lib/server/session';

/**
 * Build and save a report from the form; field errors go back to the form, which keeps what was typed. So does a
 * database outage (also while checking the session): the clinician can press the button again in a few seconds
 * instead of losing the form to an error page.
 */
export async function createReportAction(prev: FormState, formData: FormData): Promise<FormState> {
  return unlessDatabaseDown(() => createReportForm(prev, formData), (message) => ({ error: message }));
}

async function createReportForm(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await requireSession('report:create');
  if (!isFormData(formData)) return NOT_A_FORM;
  const { context, patientRef } = contextFromFormData(formData);
  let id: string;
  try {
    id = (await createReport(context, patientRef, { id: user.id, email: user.email }, clientIp(await headers()))).id;
  } catch (error) {
    if (error instanceof ReportInputError) return { error: 'Some answers need a look: see the marked fields.', fields: error.fields };
    throw error;
  }
  redirect(`/reports/${id}`);
}
