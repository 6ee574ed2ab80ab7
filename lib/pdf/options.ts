/** What a PDF request may choose: the variant and the paper. Parsed here so the API and the benchmark agree. */
export const PDF_VARIANTS = ['clinician', 'handout'] as const;
export const PDF_PAPERS = ['a4', 'letter'] as const;
export type PdfVariant = (typeof PDF_VARIANTS)[number];
export type PdfPaper = (typeof PDF_PAPERS)[number];

export type PdfOptions = {
  paper: PdfPaper;
  /** At most this many trials per goal in the tables and charts (the page cap's fallback); undefined = all. */
  maxTrialsPerGoal?: number;
  /** The patient reference the clinician gave the report, for the handout's "For" line (issue 14); none = a blank line. */
  patientRef?: string | null;
};

/** react-pdf's page size names. */
export const PAGE_SIZE: Record<PdfPaper, 'A4' | 'LETTER'> = { a4: 'A4', letter: 'LETTER' };

export function parsePdfQuery(params: URLSearchParams): { ok: true; variant: PdfVariant; paper: PdfPaper } | { ok: false; fields: Record<string, string[]> } {
  const variant = params.get('variant') ?? 'clinician';
  const paper = params.get('paper') ?? 'a4';
  const fields: Record<string, string[]> = {};
  if (!(PDF_VARIANTS as readonly string[]).includes(variant)) fields.variant = [`Use variant=${PDF_VARIANTS.join(' or ')}.`];
  if (!(PDF_PAPERS as readonly string[]).includes(paper)) fields.paper = [`Use paper=${PDF_PAPERS.join(' or ')}.`];
  if (Object.keys(fields).length) return { ok: false, fields };
  return { ok: true, variant: variant as PdfVariant, paper: paper as PdfPaper };
}
