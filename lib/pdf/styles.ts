/** Shared react-pdf styles: one font (shipped), black on white, greyscale-safe emphasis (weight and borders). */
import { StyleSheet } from '@react-pdf/renderer';
import { PDF_FONT } from './register-fonts';

export const INK = '#111827';
export const MUTED = '#4b5563';

/** Page heights in points: the footer is placed from the top (an absolute `bottom` footer did not render). */
export const PAGE_HEIGHT = { a4: 841.89, letter: 792 } as const;
export const FOOTER_OFFSET = 44;

export const base = StyleSheet.create({
  page: { fontFamily: PDF_FONT, fontSize: 9.5, lineHeight: 1.35, color: INK, paddingTop: 48, paddingBottom: 60, paddingHorizontal: 44 },
  runningHeader: { position: 'absolute', top: 20, left: 44, right: 44, fontSize: 7.5, color: MUTED, flexDirection: 'row', justifyContent: 'space-between' },
  footer: { position: 'absolute', left: 44, right: 44, fontSize: 7.5, color: MUTED, borderTopWidth: 0.5, borderTopColor: MUTED, paddingTop: 4, flexDirection: 'row', justifyContent: 'space-between' },
  h1: { fontSize: 17, lineHeight: 1.2, fontWeight: 'bold', marginBottom: 6 },
  h2: { fontSize: 12.5, fontWeight: 'bold', marginTop: 14, marginBottom: 5 },
  h3: { fontSize: 10.5, fontWeight: 'bold', marginTop: 4, marginBottom: 2 },
  meta: { fontSize: 8.5, color: MUTED },
  p: { marginBottom: 4 },
  bold: { fontWeight: 'bold' },
  small: { fontSize: 8, color: MUTED },
  bullet: { flexDirection: 'row', marginBottom: 2 },
  bulletDot: { width: 10 },
  bulletText: { flex: 1 },
});
