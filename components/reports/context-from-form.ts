/**
 * The "New report" form's FormData → the PatientContext JSON the API takes (and the patient reference). Pure: the
 * form, the server action and the tests share it; validation is the PatientContext schema's job, so this only
 * shapes — numbers stay numbers when they are numbers, and text that is not a number is passed on as text for the
 * schema to refuse by field.
 */
export type ContextFormResult = { context: Record<string, unknown>; patientRef: string };

const num = (value: FormDataEntryValue | null): number | string | undefined => {
  if (value === null) return undefined;
  const text = String(value).trim();
  if (text === '') return undefined;
  const n = Number(text.replace(',', '.'));
  return Number.isFinite(n) ? n : text;
};
const str = (value: FormDataEntryValue | null): string | undefined => {
  const text = value === null ? '' : String(value).trim();
  return text === '' ? undefined : text;
};

/** An answer from a list: what was chosen, or "" when nothing was. */
const choice = (value: FormDataEntryValue | null): string => (value === null ? '' : String(value).trim());

export function contextFromFormData(form: FormData): ContextFormResult {
  const context: Record<string, unknown> = {
    age: num(form.get('age')),
    sex: str(form.get('sex')),
    pregnancy: str(form.get('pregnancy')) ?? 'none',
    conditions: form.getAll('conditions').map(String),
    goals: form.getAll('goals').map(String),
    vitaminKStatus: str(form.get('vitaminKStatus')) ?? 'unknown',
  };
  const cac = num(form.get('coronaryCalciumScore'));
  if (cac !== undefined) context.coronaryCalciumScore = cac;
  const ckd = num(form.get('ckdStage'));
  if (ckd !== undefined) context.ckdStage = ckd;

  const medications = form
    .getAll('medicationName')
    .map((name, i) => ({ name: str(name), rxnorm: str(form.getAll('medicationRxnorm')[i] ?? null) }))
    .filter((m) => m.name !== undefined || m.rxnorm !== undefined)
    .map((m) => ({ name: m.name ?? '', ...(m.rxnorm ? { rxnorm: m.rxnorm } : {}) }));
  context.medications = medications;

  const vitaminD: Record<string, unknown> = {};
  const level = num(form.get('vitaminDLevel'));
  if (level !== undefined) vitaminD.level = { value: level, unit: str(form.get('vitaminDUnit')) ?? 'ng/mL' };
  const iu = num(form.get('vitaminDIuPerDay'));
  if (iu !== undefined) vitaminD.supplementIuPerDay = iu;
  if (form.get('vitaminDSupervised') === 'yes') vitaminD.supervisedCourse = true;
  context.vitaminD = vitaminD;

  // The diet is unknown until the clinician says they know it (the box is unticked on a new report): only then is it
  // sent, with what was chosen. A question left on "Choose…" is sent as "" for the schema to refuse by field — never
  // filled in as "never", which would report a diet with almost no vitamin K that nobody described.
  if (form.get('dietGiven') === 'yes') {
    context.diet = {
      pattern: choice(form.get('dietPattern')),
      natto: choice(form.get('natto')),
      hardCheese: choice(form.get('hardCheese')),
      eggs: choice(form.get('eggs')),
      leafyGreens: choice(form.get('leafyGreens')),
    };
  }

  const kinds = form.getAll('supplementKind');
  context.supplements = kinds
    .map((kind, i) => ({ kind: str(kind), amount: num(form.getAll('supplementAmount')[i] ?? null), unit: str(form.getAll('supplementUnit')[i] ?? null) }))
    .filter((s) => s.kind !== undefined && s.amount !== undefined)
    .map((s) => ({ kind: s.kind, amount: s.amount, unit: s.unit ?? 'mcg' }));

  return { context, patientRef: str(form.get('patientRef')) ?? '' };
}
