/**
 * What a page or API really sends, as data: the React Flight (RSC) payload — fetched with `RSC: 1`, or inlined in the
 * server-rendered HTML as `self.__next_f.push([1, "…"])` chunks — parsed row by row, and the user-shaped objects in
 * it or in a JSON body. Used by the leak tests to snapshot which user fields ever leave the server.
 */

/** The Flight payload inlined in a server-rendered page. */
export function flightFromHtml(html: string): string {
  let flight = '';
  for (const match of html.matchAll(/self\.__next_f\.push\((\[[\s\S]*?\])\)<\/script>/g)) {
    const chunk = JSON.parse(match[1]!) as unknown[];
    if (chunk[0] === 1 && typeof chunk[1] === 'string') flight += chunk[1];
  }
  return flight;
}

/**
 * The rows of a Flight payload: JSON rows parsed (models, module references, hints), text rows (`T<hex length>,`) as
 * strings. A row that does not parse throws, so a format change cannot make the scan silently see nothing.
 */
export function parseFlight(payload: string): unknown[] {
  const bytes = Buffer.from(payload, 'utf8');
  const rows: unknown[] = [];
  let at = 0;
  while (at < bytes.length) {
    const colon = bytes.indexOf(0x3a, at);
    if (colon < 0) throw new Error(`Flight row without an id: ${bytes.toString('utf8', at, at + 80)}`);
    const start = colon + 1;
    if (bytes[start] === 0x54 /* T: text with a byte length */) {
      const comma = bytes.indexOf(0x2c, start);
      const length = parseInt(bytes.toString('latin1', start + 1, comma), 16);
      rows.push(bytes.toString('utf8', comma + 1, comma + 1 + length));
      at = comma + 1 + length;
      continue;
    }
    const newline = bytes.indexOf(0x0a, start);
    const end = newline < 0 ? bytes.length : newline;
    const line = bytes.toString('utf8', start, end);
    at = end + 1;
    // A bare tag opens or closes a stream (R, r, X, x, C): no data.
    if (/^[A-Za-z]$/.test(line)) continue;
    // Tagged rows: I (module), H + a letter (hint), E (error), D (debug), W (console), N (time origin).
    const json = /^H[A-Za-z]/.test(line) ? line.slice(2) : /^[A-Z]/.test(line) ? line.slice(1) : line;
    try {
      rows.push(JSON.parse(json));
    } catch {
      throw new Error(`Flight row that is not JSON: ${line.slice(0, 120)}`);
    }
  }
  return rows;
}

/** Keys that mark an object as a user (or part of one) wherever it appears; so does a `role` of ADMIN or CLINICIAN. */
const USER_MARKERS = ['email', 'passwordHash', 'tokenVersion', 'lastLoginAt', 'userId'];

/** Add the keys of every user-shaped object inside `value` to `keys`. */
export function collectUserKeys(value: unknown, keys: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const item of value) collectUserKeys(item, keys);
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const isUser = USER_MARKERS.some((marker) => marker in record) || record.role === 'ADMIN' || record.role === 'CLINICIAN';
    if (isUser) for (const key of Object.keys(record)) keys.add(key);
    for (const item of Object.values(record)) collectUserKeys(item, keys);
  }
  return keys;
}
