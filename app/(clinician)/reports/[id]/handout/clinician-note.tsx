'use client';
import { useId, useState, type ReactNode } from 'react';

/**
 * The clinician's note: typed on screen, printed with the sheet (a textarea does not print its full text, so a print-only
 * copy carries it). Not saved: the report itself never changes once built; the note lives on this page until printed.
 */
export function ClinicianNote(): ReactNode {
  const [note, setNote] = useState('');
  const id = useId();
  return (
    <section className="break-inside-avoid rounded border border-slate-300 p-4" data-testid="clinician-note">
      <h2 className="text-xl font-semibold">
        <label htmlFor={id}>Note from your clinician</label>
      </h2>
      <textarea
        id={id}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        rows={4}
        maxLength={1200}
        aria-describedby={`${id}-hint`}
        className="no-print mt-2 w-full rounded border border-slate-400 p-2 text-lg"
      />
      <p id={`${id}-hint`} className="no-print mt-1 text-sm text-slate-600">
        Type a note to print with this sheet. It is not saved.
      </p>
      {/* What prints: the typed note, or room to write by hand. */}
      <div className="hidden whitespace-pre-wrap print:block" data-testid="clinician-note-print">
        {note || <span className="block h-32" aria-hidden="true" />}
      </div>
    </section>
  );
}
