import 'server-only';

/**
 * Read a fetch response's body as UTF-8 text, at most `maxBytes`, counted as it streams: a Content-Length above the cap
 * is refused before reading, and one that lies (or is absent) cannot make the server hold more than the cap. Over the
 * cap the body is cancelled and `tooLarge()` is thrown. Used for every response this app fetches from an EHR (CDS
 * Hooks prefetch from `fhirServer`, SMART App Launch).
 */
export async function readCapped(response: Response, maxBytes: number, tooLarge: () => Error): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
