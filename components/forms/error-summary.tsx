'use client';
import { useEffect, useRef, useState, type ReactNode } from 'react';

type Item = { name: string; label: string; message: string };

/** The control a field error belongs to: the one whose aria-describedby names the error's id. */
function controlsOf(form: HTMLElement, name: string): HTMLElement[] {
  return [...form.querySelectorAll<HTMLElement>('[aria-describedby]')].filter((el) => (el.getAttribute('aria-describedby') ?? '').split(/\s+/).includes(`err-${name}`));
}

function labelOf(control: HTMLElement | undefined, name: string): string {
  if (!control) return name;
  const id = control.id;
  const label = id ? control.ownerDocument.querySelector(`label[for="${CSS.escape(id)}"]`) : null;
  const legend = control.closest('fieldset')?.querySelector('legend');
  return (label?.textContent ?? control.getAttribute('aria-label') ?? legend?.textContent ?? name).trim();
}

/**
 * After a failed submit (issue 14, "Form errors done right"): a summary at the top of the form takes focus, each item
 * links to its field (and moves focus there), and every field with an error is aria-invalid and described by its
 * message. It reads the field errors the form renders (`[data-field-error]` with id `err-<name>`), so any form that
 * renders them that way gets it; `version` changes on every server answer.
 */
export function ErrorSummary({ formRef, version }: { formRef: React.RefObject<HTMLFormElement | null>; version: unknown }): ReactNode {
  const [items, setItems] = useState<Item[]>([]);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const form = formRef.current;
    if (!form) return;
    for (const el of form.querySelectorAll('[data-k2-invalid]')) {
      el.removeAttribute('aria-invalid');
      el.removeAttribute('data-k2-invalid');
    }
    const found: Item[] = [];
    for (const err of form.querySelectorAll<HTMLElement>('[data-field-error]')) {
      const name = err.dataset.fieldError!;
      const controls = controlsOf(form, name);
      for (const c of controls) {
        if (!c.hasAttribute('aria-invalid')) {
          c.setAttribute('aria-invalid', 'true');
          c.setAttribute('data-k2-invalid', '');
        }
      }
      found.push({ name, label: labelOf(controls[0], name), message: (err.textContent ?? '').trim() });
    }
    setItems(found);
  }, [formRef, version]);
  useEffect(() => {
    if (items.length > 0) box.current?.focus();
  }, [items]);
  if (items.length === 0) return null;
  return (
    <div ref={box} tabIndex={-1} role="alert" aria-labelledby="error-summary-h" className="rounded border-2 border-red-700 bg-red-50 p-4 text-red-900" data-testid="error-summary">
      <h2 id="error-summary-h" className="font-semibold">
        {items.length === 1 ? 'One field needs attention' : `${items.length} fields need attention`}; nothing was saved
      </h2>
      <ul className="mt-2 list-disc pl-5">
        {items.map((item) => (
          <li key={item.name}>
            <a
              href={`#err-${item.name}`}
              className="underline"
              onClick={(event) => {
                const control = formRef.current ? controlsOf(formRef.current, item.name)[0] : undefined;
                if (!control) return;
                event.preventDefault();
                control.focus();
              }}
            >
              {item.label}: {item.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
