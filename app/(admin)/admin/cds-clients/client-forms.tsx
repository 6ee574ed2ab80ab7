'use client';
import { useActionState, type ReactNode } from 'react';
import { EMPTY_FORM_STATE } from '@/components/forms/form-state';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { registerCdsClientAction, setCdsClientEnabledAction, setCdsClientFhirServersAction } from './actions';

export function RegisterCdsClientForm(): ReactNode {
  const [state, action] = useActionState(registerCdsClientAction, EMPTY_FORM_STATE);
  const values = state.success ? {} : (state.values ?? {});
  return (
    <form key={state.success ?? 'form'} action={action} className="grid gap-4 md:grid-cols-2" noValidate aria-label="Register CDS client">
      <div className="md:col-span-2">
        <FormMessage error={state.error} success={state.success} />
      </div>
      <Field label="Issuer (iss)" name="iss" required defaultValue={values.iss ?? ''} errors={state.fields?.iss} hint="Exactly as the EHR puts it in the iss claim of its JWTs." />
      <Field label="Name" name="name" required defaultValue={values.name ?? ''} errors={state.fields?.name} />
      <div className="flex flex-col gap-1 md:col-span-2">
        <label htmlFor="field-jwks" className="font-medium">
          Public keys (JWK Set JSON)
        </label>
        <p id="field-jwks-hint" className="text-sm text-slate-600">
          {'{ "keys": [ … ] }'} with the client&apos;s public RSA or EC keys. Never paste a private key: a key with a &quot;d&quot; field is refused.
        </p>
        <textarea
          id="field-jwks"
          name="jwks"
          rows={6}
          defaultValue={values.jwks ?? ''}
          aria-describedby="field-jwks-hint"
          aria-invalid={state.fields?.jwks ? true : undefined}
          className={`rounded border px-3 py-2 font-mono text-xs ${state.fields?.jwks ? 'border-red-600' : 'border-slate-300'}`}
        />
        {state.fields?.jwks ? (
          <p className="text-sm text-red-700" data-field-error="jwks">
            {state.fields.jwks.join(' ')}
          </p>
        ) : null}
      </div>
      <div className="flex flex-col gap-1 md:col-span-2">
        <label htmlFor="field-fhirServers" className="font-medium">
          FHIR base URLs (one a line, optional)
        </label>
        <p id="field-fhirServers-hint" className="text-sm text-slate-600">
          The EHR&apos;s FHIR servers, e.g. https://ehr.example.org/fhir/R4. When a call lacks a prefetch, its data is fetched from the call&apos;s fhirServer only if it lies under one of these (https; http only for 127.0.0.1 or localhost). None: never fetched.
        </p>
        <textarea
          id="field-fhirServers"
          name="fhirServers"
          rows={3}
          defaultValue={values.fhirServers ?? ''}
          aria-describedby="field-fhirServers-hint"
          aria-invalid={state.fields?.fhirServers ? true : undefined}
          className={`rounded border px-3 py-2 font-mono text-xs ${state.fields?.fhirServers ? 'border-red-600' : 'border-slate-300'}`}
        />
        {state.fields?.fhirServers ? (
          <p className="text-sm text-red-700" data-field-error="fhirServers">
            {state.fields.fhirServers.join(' ')}
          </p>
        ) : null}
      </div>
      <div className="md:col-span-2">
        <SubmitButton pendingText="Registering…">Register client</SubmitButton>
      </div>
    </form>
  );
}

export function ToggleCdsClientForm({ clientId, iss, enabled }: { clientId: string; iss: string; enabled: boolean }): ReactNode {
  const [state, action] = useActionState(setCdsClientEnabledAction, EMPTY_FORM_STATE);
  return (
    <form action={action} aria-label={`${enabled ? 'Disable' : 'Enable'} ${iss}`}>
      <input type="hidden" name="clientId" value={clientId} />
      <input type="hidden" name="enabled" value={enabled ? 'false' : 'true'} />
      <SubmitButton variant={enabled ? 'danger' : 'secondary'} pendingText={enabled ? 'Disabling…' : 'Enabling…'} className="px-2 py-1 text-sm">
        {enabled ? 'Disable' : 'Enable'}
      </SubmitButton>
      {state.error ? <p className="text-sm text-red-700">{state.error}</p> : null}
    </form>
  );
}

export function CdsClientFhirServersForm({ clientId, iss, fhirServers }: { clientId: string; iss: string; fhirServers: string[] }): ReactNode {
  const [state, action] = useActionState(setCdsClientFhirServersAction, EMPTY_FORM_STATE);
  const id = `fhir-servers-${clientId}`;
  return (
    <form action={action} aria-label={`FHIR base URLs of ${iss}`} className="flex flex-col gap-1">
      <input type="hidden" name="clientId" value={clientId} />
      <label htmlFor={id} className="sr-only">
        FHIR base URLs of {iss} (one a line)
      </label>
      <textarea
        id={id}
        name="fhirServers"
        rows={Math.max(1, fhirServers.length)}
        defaultValue={state.values?.fhirServers ?? fhirServers.join('\n')}
        aria-invalid={state.fields?.fhirServers ? true : undefined}
        className={`min-w-64 rounded border px-2 py-1 font-mono text-xs ${state.fields?.fhirServers ? 'border-red-600' : 'border-slate-300'}`}
      />
      {state.fields?.fhirServers ? (
        <p className="text-sm text-red-700" data-field-error="fhirServers">
          {state.fields.fhirServers.join(' ')}
        </p>
      ) : null}
      <FormMessage error={state.error} success={state.success} />
      <SubmitButton variant="secondary" pendingText="Saving…" className="self-start px-2 py-1 text-sm">
        Save FHIR URLs
      </SubmitButton>
    </form>
  );
}
