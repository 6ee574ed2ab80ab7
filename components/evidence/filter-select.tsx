import type { ReactNode } from 'react';
import type { FacetGroup, Option } from './descriptors';

/** A labelled select of a GET filter form; the empty choice is "Any". */
export function FilterSelect({ id, label, value, options, groups }: { id: string; label: string; value: string | undefined; options?: Option[]; groups?: FacetGroup[] }): ReactNode {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="font-medium">
        {label}
      </label>
      <select id={id} name={id} defaultValue={value ?? ''} className="rounded border border-slate-300 bg-white px-3 py-2">
        <option value="">Any</option>
        {options?.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
        {groups?.map((g) => (
          <optgroup key={g.label} label={g.label}>
            {g.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}
