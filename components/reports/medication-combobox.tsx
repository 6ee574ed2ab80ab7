'use client';
import { useEffect, useRef, useState, useSyncExternalStore, type KeyboardEvent, type ReactNode } from 'react';
import { suggestionCountText, type DidYouMean, type MedicationSuggestion } from '@/lib/domain/terminology/suggest';

type Props = {
  id: string;
  name: string;
  /** Which medication of the form (1-based), for the list's name. */
  position: number;
  value: string;
  onChange: (value: string) => void;
  className: string;
  /** Ids of the field's error and hint elements. */
  describedBy?: string;
  invalid?: boolean;
};

type Lookup = { suggestions: MedicationSuggestion[]; didYouMean: DidYouMean | null };

const DEBOUNCE_MS = 150;
const LIMIT = 8;

const noSubscribe = (): (() => void) => () => {};
/** False while the server renders and hydrates, true once the page's JavaScript runs: before that the field is a plain input. */
const useEnhanced = (): boolean =>
  useSyncExternalStore(
    noSubscribe,
    () => true,
    () => false,
  );

/**
 * A medication name field with coded suggestions: the WAI-ARIA APG "combobox with listbox popup" (editable, list
 * autocomplete, no automatic selection). Typing asks GET /api/v1/terminology/medications (debounced, stale requests
 * aborted); Down/Up move through the suggestions (Down opens the list), Enter chooses, Escape closes the list and, when
 * it is already closed, clears the field; Tab leaves without choosing; a click chooses. A polite live region says how
 * many suggestions there are. When what was typed is only a near miss, a "Did you mean …?" button below the field
 * (once the list is closed) puts the name in; free text is still accepted as typed. Without JavaScript it is the plain input it renders first.
 */
export function MedicationCombobox({ id, name, position, value, onChange, className, describedBy, invalid }: Props): ReactNode {
  const enhanced = useEnhanced();
  const [suggestions, setSuggestions] = useState<MedicationSuggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [pending, setPending] = useState(false);
  const [hint, setHint] = useState<DidYouMean | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inFlight = useRef<AbortController | null>(null);
  const listId = `${id}-listbox`;
  const hintId = `${id}-did-you-mean`;
  const optionId = (i: number): string => `${id}-option-${i}`;

  useEffect(
    () => () => {
      clearTimeout(timer.current);
      inFlight.current?.abort();
    },
    [],
  );

  function close(): void {
    setOpen(false);
    setActive(-1);
  }

  /** Ask for the suggestions of `text` after a short pause; `openList` false refreshes only the "did you mean". */
  function lookUp(text: string, openList: boolean): void {
    clearTimeout(timer.current);
    inFlight.current?.abort();
    inFlight.current = null;
    if (text.trim() === '') {
      setSuggestions([]);
      setHint(null);
      setPending(false);
      setAnnouncement('');
      close();
      return;
    }
    setPending(true);
    timer.current = setTimeout(() => {
      const controller = new AbortController();
      inFlight.current = controller;
      void (async () => {
        try {
          const response = await fetch(`/api/v1/terminology/medications?q=${encodeURIComponent(text.slice(0, 200))}&limit=${LIMIT}`, { signal: controller.signal, headers: { accept: 'application/json' } });
          if (!response.ok) throw new Error(`status ${response.status}`);
          const body = (await response.json()) as Lookup;
          if (controller.signal.aborted) return;
          setSuggestions(body.suggestions);
          setHint(body.didYouMean);
          setActive(-1);
          if (openList) {
            setOpen(body.suggestions.length > 0);
            setAnnouncement(suggestionCountText(body.suggestions.length));
          }
        } catch {
          // Offline, signed out or a bad answer: the field stays a plain text field, quietly.
          if (controller.signal.aborted) return;
          setSuggestions([]);
          setHint(null);
          close();
        } finally {
          if (inFlight.current === controller) {
            inFlight.current = null;
            setPending(false);
          }
        }
      })();
    }, DEBOUNCE_MS);
  }

  function choose(text: string): void {
    onChange(text);
    close();
    setAnnouncement('');
    setHint(null);
    lookUp(text, false);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>): void {
    const count = suggestions.length;
    switch (event.key) {
      case 'ArrowDown':
        if (count === 0) return;
        event.preventDefault();
        if (!open) {
          setOpen(true);
          setAnnouncement(suggestionCountText(count));
          setActive(event.altKey ? -1 : 0);
        } else if (!event.altKey) setActive((active + 1) % count);
        return;
      case 'ArrowUp':
        if (count === 0) return;
        event.preventDefault();
        if (!open) {
          setOpen(true);
          setAnnouncement(suggestionCountText(count));
          setActive(count - 1);
        } else setActive(active <= 0 ? count - 1 : active - 1);
        return;
      case 'Enter':
        if (open && active >= 0 && suggestions[active]) {
          event.preventDefault();
          choose(suggestions[active].value);
        } else close();
        return;
      case 'Escape':
        event.preventDefault();
        if (open) close();
        else if (value !== '') choose('');
        return;
      case 'Tab':
        close();
        return;
      case 'ArrowLeft':
      case 'ArrowRight':
      case 'Home':
      case 'End':
        setActive(-1);
        return;
      default:
    }
  }

  const input = (
    <input
      ref={inputRef}
      id={id}
      name={name}
      value={value}
      onChange={(e) => {
        onChange(e.target.value);
        if (enhanced) lookUp(e.target.value, true);
      }}
      className={className}
      aria-describedby={[describedBy, hint && !open ? hintId : undefined].filter(Boolean).join(' ') || undefined}
      aria-invalid={invalid ? true : undefined}
      {...(enhanced
        ? {
            role: 'combobox',
            autoComplete: 'off',
            'aria-autocomplete': 'list' as const,
            'aria-expanded': open,
            'aria-controls': listId,
            'aria-activedescendant': open && active >= 0 ? optionId(active) : undefined,
            onKeyDown,
            onBlur: close,
          }
        : {})}
    />
  );
  if (!enhanced) return input;

  return (
    <>
      <div className="relative">
        {input}
        <ul
          id={listId}
          role="listbox"
          aria-label={`Suggestions for medication ${position}`}
          aria-busy={pending || undefined}
          hidden={!open}
          className={`absolute top-full left-0 z-10 mt-1 max-h-72 w-full min-w-72 overflow-y-auto rounded border border-slate-300 bg-white py-1 shadow-lg ${pending ? 'opacity-70' : ''}`}
        >
          {suggestions.map((s, i) => (
            <li
              key={`${s.label}-${i}`}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              data-match={s.match}
              className={`cursor-pointer px-3 py-1.5 text-sm ${i === active ? 'bg-brand-700 text-white' : 'text-slate-900 hover:bg-slate-100'}`}
              // Keep the focus in the field: the list is the field's popup and is never focused itself.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(s.value)}
            >
              {s.label}
              {s.match === 'fuzzy' ? <span className={`ml-2 text-xs ${i === active ? 'text-white' : 'text-slate-600'}`}>close match</span> : null}
            </li>
          ))}
        </ul>
      </div>
      <p role="status" className="sr-only">
        {announcement}
      </p>
      {/* Below the field once the list is closed (the list, which holds the same name, would cover it). */}
      {hint && !open ? (
        <p id={hintId} className="text-sm">
          <button
            type="button"
            className="rounded text-left text-brand-700 underline hover:text-brand-800"
            data-testid={`${id}-did-you-mean`}
            onClick={() => {
              choose(hint.value);
              inputRef.current?.focus();
            }}
          >
            {hint.text}
          </button>
        </p>
      ) : null}
    </>
  );
}
