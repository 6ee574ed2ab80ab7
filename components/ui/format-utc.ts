/** A timestamp as clinicians and admins read it in lists: "2026-11-22 18:23 UTC" (seconds on request). */
export function formatUtc(value: Date | string, options: { seconds?: boolean } = {}): string {
  const iso = typeof value === 'string' ? new Date(value).toISOString() : value.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, options.seconds ? 19 : 16)} UTC`;
}
