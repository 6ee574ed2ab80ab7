import { describe, expect, it } from 'vitest';
import { formatUtc } from '@/components/ui/format-utc';

describe('formatUtc', () => {
  it('formats Dates and ISO strings in UTC, to the minute or the second', () => {
    expect(formatUtc(new Date('2026-11-22T18:23:45.678Z'))).toBe('2026-11-22 18:23 UTC');
    expect(formatUtc('2026-11-22T18:23:45.678Z', { seconds: true })).toBe('2026-11-22 18:23:45 UTC');
    // An offset timestamp is shown in UTC, not copied as text.
    expect(formatUtc('2026-11-22T20:23:45+02:00')).toBe('2026-11-22 18:23 UTC');
  });
});
