'use client';
import { useActionState, useRef, useState, useTransition, type ReactNode } from 'react';
import { ErrorSummary } from '@/components/forms/error-summary';
import { CONDITION_LABELS, GOAL_LABELS, SUPPLEMENT_LABELS } from '@/lib/domain/labels';
import { EMPTY_FORM_STATE, type FormState } from '@/components/forms/form-state';
import { FormMessage } from '@/components/ui/form-message';
import type { ContextDraft } from '@/lib/domain/fhir/import-bundle';
import { MedicationCombobox } from './medication-combobox';

/** `initial` pre-fills the form (a FHIR import or a CDS card's link); remount the form (key) to apply a new one. */
type Props = { action: (prev: FormState, form: FormData) => Promise<FormState>; initial?: ContextDraft };

// The same labels as the report shows (lib/domain/labels.ts), in the vocabulary's order.
const CONDITIONS = Object.entries(CONDITION_LABELS);
const GOALS = Object.entries(GOAL_LABELS);
const FREQ = ['never', 'monthly', 'weekly', 'daily'];
const SUPPLEMENTS = Object.entries(SUPPLEMENT_LABELS);

/** The messages of one field and the fields inside it (`exact`: of that field alone). */
function Errors({ fields, name, exact = false }: { fields?: Record<string, string[]>; name: string; exact?: boolean }): ReactNode {
  const messages = Object.entries(fields ?? {})
    .filter(([key]) => key === name || (!exact && key.startsWith(`${name}.`)))
    .flatMap(([, list]) => list);
  if (messages.length === 0) return null;
  return (
    <p className="text-sm text-red-700" data-field-error={name} id={`err-${name}`}>
      {messages.join(' ')}
    </p>
  );
}

const input = 'rounded border border-slate-300 px-3 py-2';
const label = 'font-medium';

/** The patient-context form: grouped, keyboard-friendly, with sensible defaults; it keeps what was typed on errors. */
export function ContextForm({ action, initial }: Props): ReactNode {
  const [state, formAction] = useActionState(action, EMPTY_FORM_STATE);
  const [pending, startTransition] = useTransition();
  const [medications, setMedications] = useState(() => (initial?.medications?.length ? initial.medications.map((m) => ({ name: m.name, rxnorm: m.rxnorm ?? '' })) : [{ name: '', rxnorm: '' }]));
  const [supplements, setSupplements] = useState<Array<{ kind: string; amount: string; unit: string }>>(() => (initial?.supplements ?? []).map((s) => ({ kind: s.kind, amount: String(s.amount), unit: s.unit })));
  // Unknown until answered: a new report starts with the diet unticked; a pre-filled form keeps what it had.
  const [dietGiven, setDietGiven] = useState(initial?.diet !== undefined);
  const [sex, setSex] = useState<string>(initial?.sex ?? 'female');
  const conditions = new Set<string>(initial?.conditions ?? []);
  const goals = new Set<string>(initial?.goals ?? []);
  const level = initial?.vitaminD?.level;
  const f = state.fields;
  const formRef = useRef<HTMLFormElement>(null);

  return (
    // Submitted through onSubmit rather than the action prop: React resets an action form after every submission,
    // which would wipe what the clinician typed when the server sends back field errors.
    <form
      ref={formRef}
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(() => formAction(data));
      }}
      className="flex flex-col gap-6"
      noValidate
      aria-label="Patient context"
    >
      <FormMessage error={state.error} />
      <ErrorSummary formRef={formRef} version={state} />
      <a href="#build-report" className="self-start text-sm text-brand-700 underline" onClick={(e) => { e.preventDefault(); document.getElementById('build-report')?.focus(); }}>
        Skip to the Build report button
      </a>

      <fieldset className="grid gap-4 rounded-lg border border-slate-200 bg-white p-5 md:grid-cols-4">
        <legend className="px-1 text-lg font-semibold">Patient</legend>
        <div className="flex flex-col gap-1">
          <label htmlFor="age" className={label}>
            Age (years)
          </label>
          <input id="age" name="age" type="number" inputMode="numeric" min={0} max={120} required defaultValue={initial?.age ?? ''} className={input} aria-describedby="err-age" aria-invalid={f?.age ? true : undefined} />
          <Errors fields={f} name="age" />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="sex" className={label}>
            Sex
          </label>
          <select id="sex" name="sex" value={sex} onChange={(e) => setSex(e.target.value)} className={input} aria-describedby="err-sex">
            <option value="female">Female</option>
            <option value="male">Male</option>
            <option value="other">Other</option>
          </select>
          <Errors fields={f} name="sex" />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="pregnancy" className={label}>
            Pregnancy
          </label>
          <select id="pregnancy" name="pregnancy" defaultValue={initial?.pregnancy ?? 'none'} className={input} disabled={sex === 'male'} aria-describedby="err-pregnancy">
            <option value="none">Not pregnant or breastfeeding</option>
            <option value="pregnant">Pregnant</option>
            <option value="breastfeeding">Breastfeeding</option>
          </select>
          <Errors fields={f} name="pregnancy" />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="patientRef" className={label}>
            Patient reference (optional)
          </label>
          <input id="patientRef" name="patientRef" maxLength={40} className={input} aria-describedby="patientRef-hint err-patientRef" />
          <p id="patientRef-hint" className="text-xs text-slate-600">
            A short code of yours. Do not enter names, dates of birth or record numbers.
          </p>
          <Errors fields={f} name="patientRef" />
        </div>
      </fieldset>

      <fieldset className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-5">
        <legend className="px-1 text-lg font-semibold">Medications</legend>
        <p className="text-sm text-slate-600">Generic or brand name, as written (dose text is fine). RxNorm code if you have it. Anticoagulants matter most.</p>
        {medications.map((med, i) => (
          <div key={i} className="flex flex-wrap items-end gap-2">
            <div className="flex flex-col gap-1">
              <label htmlFor={`med-${i}`} className="text-sm font-medium">
                Medication {i + 1}
              </label>
              <MedicationCombobox
                id={`med-${i}`}
                name="medicationName"
                position={i + 1}
                value={med.name}
                onChange={(name) => setMedications((list) => list.map((m, j) => (j === i ? { ...m, name } : m)))}
                className={`${input} w-72`}
                describedBy={`err-medications.${i}`}
                invalid={Object.keys(f ?? {}).some((key) => key === `medications.${i}` || key.startsWith(`medications.${i}.`))}
              />
            </div>
            <div className="flex flex-col gap-1">
              <label htmlFor={`rx-${i}`} className="text-sm font-medium">
                RxNorm code
              </label>
              <input id={`rx-${i}`} name="medicationRxnorm" inputMode="numeric" value={med.rxnorm} onChange={(e) => setMedications(medications.map((m, j) => (j === i ? { ...m, rxnorm: e.target.value } : m)))} className={`${input} w-32`} />
            </div>
            <button type="button" className="rounded border border-slate-300 px-2 py-2 text-sm" onClick={() => setMedications(medications.filter((_, j) => j !== i))} aria-label={`Remove medication ${i + 1}`}>
              Remove
            </button>
            <Errors fields={f} name={`medications.${i}`} />
          </div>
        ))}
        <div>
          <button type="button" className="rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100" onClick={() => setMedications([...medications, { name: '', rxnorm: '' }])}>
            Add a medication
          </button>
        </div>
        <Errors fields={f} name="medications" />
      </fieldset>

      <fieldset className="grid gap-4 rounded-lg border border-slate-200 bg-white p-5 md:grid-cols-2">
        <legend className="px-1 text-lg font-semibold">Conditions</legend>
        <div className="grid grid-cols-1 gap-1 sm:grid-cols-2 md:col-span-2">
          {CONDITIONS.map(([value, text]) => (
            <label key={value} className="flex items-center gap-2">
              <input type="checkbox" name="conditions" value={value} defaultChecked={conditions.has(value)} aria-describedby="err-conditions" /> {text}
            </label>
          ))}
        </div>
        <Errors fields={f} name="conditions" />
        <div className="flex flex-col gap-1">
          <label htmlFor="cac" className={label}>
            Coronary calcium score (Agatston, optional)
          </label>
          <input id="cac" name="coronaryCalciumScore" type="number" min={0} defaultValue={initial?.coronaryCalciumScore ?? ''} className={input} aria-describedby="err-coronaryCalciumScore" />
          <Errors fields={f} name="coronaryCalciumScore" />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="ckdStage" className={label}>
            CKD stage (optional)
          </label>
          <select id="ckdStage" name="ckdStage" defaultValue={initial?.ckdStage ?? ''} className={input} aria-describedby="err-ckdStage">
            <option value="">Not known / no CKD</option>
            {[1, 2, 3, 4, 5].map((s) => (
              <option key={s} value={s}>
                Stage {s}
              </option>
            ))}
          </select>
          <Errors fields={f} name="ckdStage" />
        </div>
      </fieldset>

      <fieldset className="grid gap-4 rounded-lg border border-slate-200 bg-white p-5 md:grid-cols-4">
        <legend className="px-1 text-lg font-semibold">Vitamin K and D</legend>
        <div className="flex flex-col gap-1">
          <label htmlFor="vitaminKStatus" className={label}>
            Vitamin K status
          </label>
          <select id="vitaminKStatus" name="vitaminKStatus" defaultValue={initial?.vitaminKStatus ?? 'unknown'} className={input}>
            <option value="unknown">Unknown</option>
            <option value="adequate">Adequate</option>
            <option value="low">Low</option>
            <option value="deficient">Deficient</option>
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="vitaminDLevel" className={label}>
            25(OH)D level (optional)
          </label>
          <input id="vitaminDLevel" name="vitaminDLevel" type="number" step="any" defaultValue={level?.value ?? ''} className={input} aria-describedby="err-vitaminD.level" />
          <Errors fields={f} name="vitaminD.level" />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="vitaminDUnit" className={label}>
            Unit
          </label>
          <select id="vitaminDUnit" name="vitaminDUnit" defaultValue={level?.unit ?? 'ng/mL'} className={input}>
            <option value="ng/mL">ng/mL</option>
            <option value="nmol/L">nmol/L</option>
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="vitaminDIuPerDay" className={label}>
            Vitamin D3 taken (IU/day, optional)
          </label>
          <input id="vitaminDIuPerDay" name="vitaminDIuPerDay" type="number" min={0} defaultValue={initial?.vitaminD?.supplementIuPerDay ?? ''} className={input} aria-describedby="err-vitaminD.supplementIuPerDay" />
          <Errors fields={f} name="vitaminD.supplementIuPerDay" />
        </div>
        <label className="flex items-center gap-2 md:col-span-3">
          <input type="checkbox" name="vitaminDSupervised" value="yes" defaultChecked={initial?.vitaminD?.supervisedCourse === true} /> The vitamin D is a course prescribed and monitored by a clinician (e.g. to treat deficiency)
        </label>
      </fieldset>

      <fieldset className="grid gap-4 rounded-lg border border-slate-200 bg-white p-5 md:grid-cols-5">
        <legend className="px-1 text-lg font-semibold">Diet</legend>
        <label className="flex items-center gap-2 md:col-span-5">
          <input type="checkbox" name="dietGiven" value="yes" checked={dietGiven} onChange={(e) => setDietGiven(e.target.checked)} /> I know the patient&apos;s diet
        </label>
        {dietGiven ? (
          <>
            <div className="flex flex-col gap-1">
              <label htmlFor="dietPattern" className={label}>
                Pattern
              </label>
              <select id="dietPattern" name="dietPattern" defaultValue={initial?.diet?.pattern ?? ''} required className={input} aria-describedby="err-diet.pattern" aria-invalid={f?.['diet.pattern'] ? true : undefined}>
                <option value="">Choose…</option>
                <option value="omnivore">Omnivore</option>
                <option value="vegetarian">Vegetarian</option>
                <option value="vegan">Vegan</option>
              </select>
              <Errors fields={f} name="diet.pattern" />
            </div>
            {[
              ['natto', 'Natto'],
              ['hardCheese', 'Hard cheese'],
              ['eggs', 'Eggs'],
              ['leafyGreens', 'Leafy greens'],
            ].map(([name, text]) => (
              <div key={name} className="flex flex-col gap-1">
                <label htmlFor={name} className={label}>
                  {text}
                </label>
                <select
                  id={name}
                  name={name}
                  defaultValue={(initial?.diet as Record<string, string | undefined> | undefined)?.[name ?? ''] ?? ''}
                  required
                  className={input}
                  aria-describedby={`err-diet.${name}`}
                  aria-invalid={f?.[`diet.${name}`] ? true : undefined}
                >
                  <option value="">Choose…</option>
                  {FREQ.map((q) => (
                    <option key={q} value={q}>
                      {q[0]!.toUpperCase() + q.slice(1)}
                    </option>
                  ))}
                </select>
                <Errors fields={f} name={`diet.${name}`} />
              </div>
            ))}
          </>
        ) : (
          <p className="text-sm text-slate-600 md:col-span-4">Diet unknown: the report will say so rather than assume.</p>
        )}
        <Errors fields={f} name="diet" exact />
      </fieldset>

      <fieldset className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-5">
        <legend className="px-1 text-lg font-semibold">Supplements taken now</legend>
        {supplements.length === 0 ? <p className="text-sm text-slate-600">None listed.</p> : null}
        {supplements.map((s, i) => (
          <div key={i} className="flex flex-wrap items-end gap-2">
            <div className="flex flex-col gap-1">
              <label htmlFor={`sup-kind-${i}`} className="text-sm font-medium">
                Supplement {i + 1}
              </label>
              <select id={`sup-kind-${i}`} name="supplementKind" value={s.kind} onChange={(e) => setSupplements(supplements.map((x, j) => (j === i ? { ...x, kind: e.target.value } : x)))} className={input}>
                {SUPPLEMENTS.map(([value, text]) => (
                  <option key={value} value={value}>
                    {text}
                  </option>
                ))}
              </select>
            </div>
            <div className="flex flex-col gap-1">
              <label htmlFor={`sup-amount-${i}`} className="text-sm font-medium">
                Amount per day
              </label>
              <input id={`sup-amount-${i}`} name="supplementAmount" type="number" step="any" value={s.amount} onChange={(e) => setSupplements(supplements.map((x, j) => (j === i ? { ...x, amount: e.target.value } : x)))} className={`${input} w-32`} aria-describedby={`err-supplements.${i}`} />
            </div>
            <div className="flex flex-col gap-1">
              <label htmlFor={`sup-unit-${i}`} className="text-sm font-medium">
                Unit
              </label>
              <select id={`sup-unit-${i}`} name="supplementUnit" value={s.unit} onChange={(e) => setSupplements(supplements.map((x, j) => (j === i ? { ...x, unit: e.target.value } : x)))} className={input}>
                <option value="mcg">mcg</option>
                <option value="mg">mg</option>
                <option value="IU">IU</option>
              </select>
            </div>
            <button type="button" className="rounded border border-slate-300 px-2 py-2 text-sm" onClick={() => setSupplements(supplements.filter((_, j) => j !== i))} aria-label={`Remove supplement ${i + 1}`}>
              Remove
            </button>
            <Errors fields={f} name={`supplements.${i}`} />
          </div>
        ))}
        <div>
          <button type="button" className="rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100" onClick={() => setSupplements([...supplements, { kind: 'k2-mk7', amount: '', unit: 'mcg' }])}>
            Add a supplement
          </button>
        </div>
      </fieldset>

      <fieldset className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-5">
        <legend className="px-1 text-lg font-semibold">What is the patient asking about?</legend>
        <div className="flex flex-wrap gap-4">
          {GOALS.map(([value, text]) => (
            <label key={value} className="flex items-center gap-2">
              <input type="checkbox" name="goals" value={value} defaultChecked={goals.has(value)} aria-describedby="err-goals" /> {text}
            </label>
          ))}
        </div>
        <Errors fields={f} name="goals" />
      </fieldset>

      <div>
        <button id="build-report" type="submit" disabled={pending} aria-busy={pending} className="rounded bg-brand-700 px-5 py-2 font-medium text-white hover:bg-brand-800 disabled:cursor-wait disabled:opacity-70">
          {pending ? 'Building the report…' : 'Build report'}
        </button>
      </div>
    </form>
  );
}
