'use client';
/**
 * The inputs of the curation forms. Each is named by its entry path ("population.n") and reads its initial value and
 * its errors from the form's context under that name, so a form is a list of <TextInput name=… label=…/>.
 */
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { FieldErrors } from '@/lib/domain/schemas/accounts';
import type { Option } from './descriptors';
import { rowCount, type FormValues } from './form-data';

type FormContext = { values: FormValues; errors: FieldErrors };
const Context = createContext<FormContext>({ values: {}, errors: {} });

/**
 * Inside a repeatable row: inputs are *named* by the row's current position ("outcomes.1.name", what the server
 * reads), but take their initial value and errors from the row they were rendered from ("outcomes.2.…" before the
 * row above was removed); a row added here has neither. Ids follow the source row, so error links keep working.
 */
type RowScope = { namePrefix: string; lookupPrefix: string | null; idPrefix: string };
const RowContext = createContext<RowScope>({ namePrefix: '', lookupPrefix: '', idPrefix: '' });

export function EntryFieldsProvider({ values, errors, children }: FormContext & { children: ReactNode }): ReactNode {
  return <Context.Provider value={{ values, errors }}>{children}</Context.Provider>;
}

/** The DOM id of an input: also the target of the error summary's links. */
export function inputId(name: string): string {
  return `f-${name.replace(/[^a-zA-Z0-9]+/g, '-')}`;
}

type Common = { name: string; label: string; hint?: string; required?: boolean; className?: string };

type FieldState = {
  inputName: string;
  id: string;
  value: string;
  all: string[];
  errors: string[] | undefined;
  errorsUnder: string[];
  /** The field's own errors and those of the items of a list typed into it ("atc.1" → "Item 2: …"). */
  withItemErrors: string[] | undefined;
};

function useField(name: string): FieldState {
  const { values, errors } = useContext(Context);
  const row = useContext(RowContext);
  const key = row.lookupPrefix === null ? null : `${row.lookupPrefix}${name}`;
  const under = key === null ? [] : Object.entries(errors).filter(([path]) => path === key || path.startsWith(`${key}.`));
  const items = under.flatMap(([path, messages]) => {
    if (path === key) return messages;
    const index = /^\.(\d+)$/.exec(path.slice(key!.length))?.[1];
    return index === undefined ? [] : messages.map((m) => `Item ${Number(index) + 1}: ${m}`);
  });
  return {
    inputName: `${row.namePrefix}${name}`,
    id: inputId(`${row.idPrefix}${name}`),
    value: key === null ? '' : (values[key]?.[0] ?? ''),
    all: key === null ? [] : (values[key] ?? []),
    errors: key === null ? undefined : errors[key],
    errorsUnder: under.flatMap(([, messages]) => messages),
    withItemErrors: items.length ? items : undefined,
  };
}

function Label({ htmlFor, label, required }: { htmlFor: string; label: string; required?: boolean }): ReactNode {
  return (
    <label htmlFor={htmlFor} className="font-medium">
      {label}
      {required ? <span className="font-normal text-slate-600"> (required)</span> : null}
    </label>
  );
}

function Hint({ id, hint }: { id: string; hint?: string }): ReactNode {
  return hint ? (
    <p id={id} className="text-sm text-slate-600">
      {hint}
    </p>
  ) : null;
}

function FieldError({ id, name, errors }: { id: string; name: string; errors?: string[] }): ReactNode {
  return errors?.length ? (
    <p id={id} className="text-sm text-red-700" data-field-error={name}>
      <span aria-hidden="true">⚠ </span>
      {errors.join(' ')}
    </p>
  ) : null;
}

function describedBy(id: string, hint: string | undefined, errors: string[] | undefined): string | undefined {
  return [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
}

const inputClass = (errors?: string[]): string => `w-full rounded border bg-white px-3 py-2 ${errors?.length ? 'border-red-600' : 'border-slate-300'}`;

export function TextInput({
  name,
  label,
  hint,
  required,
  className = '',
  numeric,
  placeholder,
  list,
}: Common & { numeric?: 'integer' | 'decimal'; placeholder?: string; list?: string }): ReactNode {
  const { inputName, id, value, withItemErrors: errors } = useField(name);
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <Label htmlFor={id} label={label} required={required} />
      <Hint id={`${id}-hint`} hint={hint} />
      {/* Numbers are typed as text: a type="number" input silently drops what it cannot parse, so the
          "Enter a number" error could never name what was typed. */}
      <input
        id={id}
        name={inputName}
        type="text"
        inputMode={numeric === 'integer' ? 'numeric' : numeric === 'decimal' ? 'decimal' : undefined}
        defaultValue={value}
        placeholder={placeholder}
        list={list}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, hint, errors)}
        aria-required={required || undefined}
        className={inputClass(errors)}
      />
      <FieldError id={`${id}-error`} name={inputName} errors={errors} />
    </div>
  );
}

export function TextArea({ name, label, hint, required, className = '', rows = 3 }: Common & { rows?: number }): ReactNode {
  const { inputName, id, value, withItemErrors: errors } = useField(name);
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <Label htmlFor={id} label={label} required={required} />
      <Hint id={`${id}-hint`} hint={hint} />
      <textarea
        id={id}
        name={inputName}
        rows={rows}
        defaultValue={value}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, hint, errors)}
        aria-required={required || undefined}
        className={inputClass(errors)}
      />
      <FieldError id={`${id}-error`} name={inputName} errors={errors} />
    </div>
  );
}

/** A textarea whose lines become a list. */
export function LinesInput(props: Common & { rows?: number }): ReactNode {
  return <TextArea {...props} hint={props.hint ? `${props.hint} One per line.` : 'One per line.'} />;
}

/** A textarea of codes (RxCUIs, ATC codes): separated by commas, spaces or line breaks, as they are copied. */
export function CodesInput(props: Common & { rows?: number }): ReactNode {
  return <TextArea {...props} hint={props.hint ? `${props.hint} Separate them with commas or line breaks.` : 'Separate them with commas or line breaks.'} />;
}

export function Select({ name, label, hint, required, className = '', options, emptyLabel = 'Choose…' }: Common & { options: Option[]; emptyLabel?: string }): ReactNode {
  const { inputName, id, value, errors } = useField(name);
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <Label htmlFor={id} label={label} required={required} />
      <Hint id={`${id}-hint`} hint={hint} />
      <select
        id={id}
        name={inputName}
        defaultValue={value}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, hint, errors)}
        aria-required={required || undefined}
        className={inputClass(errors)}
      >
        <option value="">{emptyLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
        {/* A value outside the vocabulary (e.g. from an import) stays visible instead of being silently dropped. */}
        {value && !options.some((o) => o.value === value) ? <option value={value}>{value} (not in the list)</option> : null}
      </select>
      <FieldError id={`${id}-error`} name={inputName} errors={errors} />
    </div>
  );
}

/** A group of checkboxes sharing one name; errors of single items ("goals.1") are shown with the group. */
export function CheckboxGroup({ name, label, hint, required, className = '', options }: Common & { options: Option[] }): ReactNode {
  const { inputName, id, all: chosen, errorsUnder: groupErrors } = useField(name);
  return (
    <fieldset
      id={id}
      className={`flex flex-col gap-1 ${className}`}
      aria-describedby={describedBy(id, hint, groupErrors)}
      aria-invalid={groupErrors.length ? true : undefined}
    >
      <legend className="font-medium">
        {label}
        {required ? <span className="font-normal text-slate-600"> (required)</span> : null}
      </legend>
      <Hint id={`${id}-hint`} hint={hint} />
      <div className={`flex flex-wrap gap-x-4 gap-y-1 rounded ${groupErrors.length ? 'border border-red-600 p-2' : ''}`}>
        {options.map((o) => (
          <label key={o.value} className="inline-flex items-center gap-2">
            <input type="checkbox" name={inputName} value={o.value} defaultChecked={chosen.includes(o.value)} className="h-4 w-4" />
            {o.label}
          </label>
        ))}
      </div>
      <FieldError id={`${id}-error`} name={inputName} errors={groupErrors.length ? groupErrors : undefined} />
    </fieldset>
  );
}

/** Errors reported for a whole group ("outcomes": "Give at least one outcome."), shown at the group. */
export function GroupError({ name }: { name: string }): ReactNode {
  const { errors } = useContext(Context);
  return <FieldError id={`${inputId(name)}-error`} name={name} errors={errors[name]} />;
}

export function Section({ title, children, description }: { title: string; children: ReactNode; description?: string }): ReactNode {
  return (
    <fieldset className="rounded-lg border border-slate-200 bg-white p-4 md:p-6">
      <legend className="px-1 text-lg font-semibold">{title}</legend>
      {description ? <p className="mb-3 text-sm text-slate-600">{description}</p> : null}
      <div className="grid gap-4 md:grid-cols-2">{children}</div>
    </fieldset>
  );
}

type RowState = { key: number; source: number | null };

/**
 * A repeatable group (outcomes, citations): add and remove rows by keyboard or mouse. A new row gets focus; after a
 * removal the "Add" button does, so focus never falls back to the top of the page.
 */
export function RepeatableRows({
  name,
  legend,
  itemLabel,
  addLabel,
  description,
  min = 0,
  inline = false,
  children,
}: {
  name: string;
  legend: string;
  itemLabel: string;
  addLabel: string;
  description?: string;
  min?: number;
  /** Short rows (a citation): the inputs and the remove button side by side. */
  inline?: boolean;
  children: (position: number) => ReactNode;
}): ReactNode {
  const { values } = useContext(Context);
  const [rows, setRows] = useState<RowState[]>(() => Array.from({ length: rowCount(values, name, min) }, (_, i) => ({ key: i, source: i })));
  const nextKey = useRef(rows.length);
  const focusRow = useRef<number | null>(null);
  const rowElements = useRef(new Map<number, HTMLElement>());
  const addButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (focusRow.current === null) return;
    const element = rowElements.current.get(focusRow.current);
    focusRow.current = null;
    element?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, [rows]);

  const add = (): void => {
    const key = nextKey.current++;
    focusRow.current = key;
    setRows((current) => [...current, { key, source: null }]);
  };
  const remove = (key: number): void => {
    setRows((current) => current.filter((row) => row.key !== key));
    addButton.current?.focus();
  };

  return (
    <fieldset className="flex flex-col gap-3 md:col-span-2" id={inputId(name)}>
      <legend className="font-medium">{legend}</legend>
      {description ? <p className="text-sm text-slate-600">{description}</p> : null}
      <GroupError name={name} />
      {rows.length === 0 ? <p className="text-sm text-slate-600">None yet.</p> : null}
      {rows.map((row, position) => (
        <RowContext.Provider
          key={row.key}
          value={{
            namePrefix: `${name}.${position}.`,
            lookupPrefix: row.source === null ? null : `${name}.${row.source}.`,
            idPrefix: row.source === null ? `${name}.new${row.key}.` : `${name}.${row.source}.`,
          }}
        >
          <fieldset
            ref={(element) => {
              if (element) rowElements.current.set(row.key, element);
              else rowElements.current.delete(row.key);
            }}
            className="rounded border border-slate-300 bg-slate-50 p-3"
            data-row={`${name}.${position}`}
          >
            <legend className="px-1 text-sm font-semibold">
              {itemLabel} {position + 1}
            </legend>
            <div className={`grid gap-3 ${inline ? 'md:grid-cols-[12rem_1fr_auto] md:items-start' : 'md:grid-cols-2'}`}>
              {children(position)}
              {/* Inline, the button sits level with the inputs, below their labels. */}
              <div className={inline ? 'md:pt-8' : 'md:col-span-2'}>
                <button
                  type="button"
                  onClick={() => remove(row.key)}
                  className="rounded border border-slate-300 bg-white px-2 py-1.5 text-sm hover:bg-slate-100"
                  aria-label={`Remove ${itemLabel.toLowerCase()} ${position + 1}`}
                >
                  Remove {itemLabel.toLowerCase()}
                </button>
              </div>
            </div>
          </fieldset>
        </RowContext.Provider>
      ))}
      <div>
        <button ref={addButton} type="button" onClick={add} className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100">
          + {addLabel}
        </button>
      </div>
    </fieldset>
  );
}
