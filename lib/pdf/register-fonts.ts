/**
 * Registers the fonts shipped in lib/pdf/fonts (DejaVu Sans, free licence in LICENSE-DejaVu.txt) by local path:
 * nothing is fetched at render time, and the glyphs cover ≥, –, µ, → and accented names that the PDF standard
 * fonts lack. Call once before rendering (lib/server/pdf/render.ts, the tests and the benchmark do).
 */
import path from 'node:path';
import { Font } from '@react-pdf/renderer';

export const PDF_FONT = 'DejaVu Sans';
let registered = false;

/** Register once per process; `root` is the repository root (process.cwd() under next start, npm test and npm run). */
export function registerPdfFonts(root: string = process.cwd()): void {
  if (registered) return;
  const dir = path.join(root, 'lib', 'pdf', 'fonts');
  Font.register({
    family: PDF_FONT,
    fonts: [
      { src: path.join(dir, 'DejaVuSans.ttf'), fontWeight: 'normal' },
      { src: path.join(dir, 'DejaVuSans-Bold.ttf'), fontWeight: 'bold' },
    ],
  });
  // No hyphenation: clinical words split at odd places read worse than a ragged right edge.
  Font.registerHyphenationCallback((word) => [word]);
  registered = true;
}
