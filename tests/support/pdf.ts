/** PDF helpers for tests: build a report without a database, extract a PDF's text (pdfjs-dist), rasterise page 1 (pdftoppm). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parsePatientContext } from '@/lib/domain/patient-context';
import { buildReport } from '@/lib/domain/report/build-report';
import type { Report } from '@/lib/domain/report/types';
import { contentSnapshot } from './content-snapshot';

/** A saved-looking Report from a context input, on the curated content. */
export function reportFor(input: unknown, id = '3f2b6c1e-8d4a-4c3b-9a55-0c1d2e3f4a5b'): Report {
  const parsed = parsePatientContext(input);
  if (!parsed.ok) throw new Error(`bad context: ${JSON.stringify(parsed.fields)}`);
  return { id, createdAt: '2026-11-22T10:30:00.000Z', ...buildReport(parsed.context, contentSnapshot()) };
}

/** The text of every page, joined by newlines (whitespace collapsed). */
export async function pdfText(bytes: Uint8Array): Promise<{ text: string; pages: number }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
  }
  await doc.destroy();
  return { text: pages.join('\n').replace(/[ \t]+/g, ' '), pages: doc.numPages };
}

/** Page 1 as a greyscale PGM (pdftoppm from poppler-utils), written to `pngPath` as PNG too when given. */
export function rasterisePage1(bytes: Uint8Array, pngPath?: string): { width: number; height: number; nonWhite: number; dark: number } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'k2-pdf-'));
  try {
    const pdf = path.join(dir, 'doc.pdf');
    writeFileSync(pdf, bytes);
    execFileSync('pdftoppm', ['-f', '1', '-l', '1', '-r', '60', '-gray', '-singlefile', pdf, path.join(dir, 'page')]);
    if (pngPath) execFileSync('pdftoppm', ['-f', '1', '-l', '1', '-r', '110', '-png', '-singlefile', pdf, pngPath.replace(/\.png$/, '')]);
    const pgm = readFileSync(path.join(dir, 'page.pgm'));
    // Binary PGM: "P5\n<w> <h>\n<max>\n" then one byte per pixel.
    const header = pgm.subarray(0, 50).toString('latin1').match(/^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/);
    if (!header) throw new Error('not a binary PGM');
    const [, w, h] = header.map(Number) as [number, number, number, number];
    const pixels = pgm.subarray(header[0].length);
    let nonWhite = 0;
    let dark = 0;
    for (const p of pixels) {
      if (p < 250) nonWhite++;
      if (p < 100) dark++;
    }
    return { width: w, height: h, nonWhite, dark };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * How far down each page its text reaches, as a fraction of the page height (pdfjs-dist text positions), leaving out
 * the running footer (the bottom 60 points) so that a page with only a footer reads as empty.
 */
export async function pageFill(bytes: Uint8Array): Promise<number[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const fills: number[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const height = page.view[3]!;
    const ys = (await page.getTextContent()).items.flatMap((item) => ('str' in item && item.str.trim() ? [item.transform[5] as number] : [])).filter((y) => y > 60);
    fills.push(ys.length ? (height - Math.min(...ys)) / height : 0);
  }
  await doc.destroy();
  return fills;
}
