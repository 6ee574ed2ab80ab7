import 'server-only';

/** Best-effort client address for the audit log (first hop of X-Forwarded-For, else X-Real-IP). */
export function clientIp(headers: Headers | null | undefined): string | null {
  if (!headers) return null;
  const forwarded = headers.get('x-forwarded-for');
  const first = forwarded?.split(',')[0]?.trim();
  const ip = first || headers.get('x-real-ip')?.trim() || null;
  return ip && ip.length <= 64 ? ip : null;
}
