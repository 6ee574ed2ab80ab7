import { describe, expect, it } from 'vitest';
import { safeReturnPath, unavailablePageHtml, unavailablePath } from '@/lib/server/unavailable';

describe('the way back from /unavailable', () => {
  it('keeps same-site paths with their query', () => {
    expect(safeReturnPath('/reports/new?draft=6f1c2a9e-3b4d-4c5e-9f60-7a8b9c0d1e2f')).toBe('/reports/new?draft=6f1c2a9e-3b4d-4c5e-9f60-7a8b9c0d1e2f');
    expect(unavailablePath('/reports/new?draft=6f1c2a9e-3b4d-4c5e-9f60-7a8b9c0d1e2f')).toBe('/unavailable?next=%2Freports%2Fnew%3Fdraft%3D6f1c2a9e-3b4d-4c5e-9f60-7a8b9c0d1e2f');
  });

  it('never leads off the site, nor back to itself', () => {
    for (const bad of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '', null, undefined, '/unavailable?next=%2F', '/unavailable', `/${'a'.repeat(2_100)}`, '/x"><script>']) {
      expect(safeReturnPath(bad), String(bad)).toBe('/');
    }
  });

  it('renders the way back escaped, with the retry and no script', () => {
    const html = unavailablePageHtml('/reports?from=2026-01-01&to=2026-02-01');
    expect(html).toContain('content="5;url=/reports?from=2026-01-01&amp;to=2026-02-01"');
    expect(html).toContain('href="/reports?from=2026-01-01&amp;to=2026-02-01"');
    expect(html).not.toContain('<script');
  });
});
