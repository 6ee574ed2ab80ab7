/**
 * Text PostgreSQL can keep. Its text and jsonb types refuse the NUL character, and jsonb also an unpaired UTF-16
 * surrogate (half of an emoji, say); JSON can carry both. Free text that is stored is checked with isStorableText, so
 * such input is a 400 with a field message rather than a failed save (500). Found by the HTTP fuzz tests.
 */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && text.isWellFormed();
}

export const UNSTORABLE_TEXT_MESSAGE = 'contains a character that cannot be stored (a NUL or half of a Unicode character)';
