/**
 * Text PostgreSQL can keep. Its text and jsonb types refuse the NUL character, and jsonb also an unpaired UTF-16
 * surrogate (half of an emoji, say); JSON can carry both. Free text that is stored is checked with isStorableText, so
 * such input is a 400 with a field message rather than a failed save (500). Found by the HTTP fuzz tests.
 */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && text.isWellFormed();
}

export const UNSTORABLE_TEXT_MESSAGE = 'contains a character that cannot be stored (a NUL or half of a Unicode character)';

/**
 * The paths of every string (value or key) inside a JSON value that PostgreSQL could not store, e.g.
 * ["entry.title", "entry.outcomes.2.name"]. For documents saved as a whole (evidence entries), where adding the check to
 * each string field of each schema would be easy to forget on the next field.
 */
export function unstorableTextPaths(value: unknown, path: string[] = [], out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (!isStorableText(value)) out.push(path.join('.') || '(value)');
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => unstorableTextPaths(item, [...path, String(index)], out));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (!isStorableText(key)) out.push([...path, '(key)'].join('.'));
      else unstorableTextPaths(item, [...path, key], out);
    }
  }
  return out;
}
