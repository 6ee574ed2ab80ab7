import { describe, expect, it } from 'vitest';
import { GOALS } from '@/lib/domain/vocabulary';
import { registerPdfFonts } from '@/lib/pdf/register-fonts';
import { parsePdfQuery } from '@/lib/pdf/options';
import { countPdfPages, MAX_PDF_PAGES, renderReportPdf } from '@/lib/pdf/render-pdf';
import warfarin from '../fixtures/scenarios/warfarin-natto.json';
import apixaban from '../fixtures/scenarios/apixaban-high-cac.json';
import osteopenia from '../fixtures/scenarios/postmenopausal-osteopenia.json';
import pregnant from '../fixtures/scenarios/pregnant-vegan.json';
import strength from '../fixtures/scenarios/strength-training.json';
import { pageFill, pdfText, rasterisePage1, reportFor } from '../support/pdf';

registerPdfFonts();
/** Text comparison that ignores how the PDF broke lines. */
const squash = (s: string): string => s.replace(/\s+/g, '');

describe('PDFs of a patient on warfarin (text extracted with pdfjs-dist)', () => {
  const report = reportFor(warfarin.context);

  it('the clinician PDF: warfarin and the critical advice first, every goal, numbered references with DOI/PMID and verification, page numbers, the footer', async () => {
    const { bytes, pages } = await renderReportPdf(report, 'clinician', 'a4');
    const { text } = await pdfText(bytes);
    const flat = squash(text);
    const vka = report.safety.find((s) => s.code === 'vka-interaction')!;
    expect(vka.severity).toBe('critical');
    expect(text).toMatch(/warfarin/i);
    expect(flat).toContain(squash(vka.title));
    // Safety comes before the goals.
    expect(flat.indexOf('CRITICAL')).toBeLessThan(flat.indexOf('Whattheevidenceshows'));
    for (const g of report.goals) expect(flat).toContain(squash(`Verdict: ${{ supported: 'Supported', uncertain: 'Uncertain', 'not-supported': 'Not supported' }[g.verdict]} · Certainty: ${g.certainty}`));
    expect(report.references.some((r) => r.doi) && report.references.some((r) => r.pmid)).toBe(true);
    report.references.forEach((r, i) => {
      if (r.doi) expect(flat).toContain(squash(`DOI ${r.doi}`));
      if (r.pmid) expect(flat).toContain(squash(`PMID ${r.pmid}`));
      expect(flat).toContain(squash(`${i + 1}.${r.label}`));
    });
    expect(flat).toContain('verified');
    expect(text).toContain(`Page 1 of ${pages}`);
    expect(text).toContain('Decision support, not a prescription');
    expect(flat).toContain(squash(`Evidence version ${report.evidenceVersion}`));
    expect(text).toContain(report.id);
    expect(flat).toContain(squash('Ratio estimates (RR, OR, HR) with 95% CI, log scale')); // the evidence chart, drawn with Svg
    expect(flat).toContain(squash('Not on the chart (no checked estimate with a 95% CI)')); // direction-only studies as text
  });

  it("the handout's For line: the patient reference when the report has one, a blank line otherwise", async () => {
    const withRef = squash((await pdfText((await renderReportPdf(report, 'handout', 'a4', undefined, 'Bed 4 · J. Doe')).bytes)).text);
    expect(withRef).toContain(squash('For: Bed 4 · J. Doe'));
    const without = squash((await pdfText((await renderReportPdf(report, 'handout', 'a4')).bytes)).text);
    expect(without).not.toContain('J. Doe');
    expect(without).toContain(squash('For:'));
  });

  it('the handout PDF: the safety message first, naming warfarin; every heading and sentence of the handout; room for a note; no reference list', async () => {
    const { bytes } = await renderReportPdf(report, 'handout', 'a4');
    const { text } = await pdfText(bytes);
    const flat = squash(text);
    expect(text).toMatch(/warfarin/i);
    expect(flat).toContain(squash('No, not without your doctor.'));
    expect(flat.indexOf('IMPORTANT')).toBeLessThan(flat.indexOf(squash('What this is about')));
    for (const section of report.handout.sections) {
      expect(flat).toContain(squash(section.heading));
      for (const sentence of section.body.split(/(?<=[.!?])\s+|\n/).filter(Boolean)) expect(flat).toContain(squash(sentence));
    }
    expect(text).toContain('Note from your clinician');
    expect(text).toContain('Where this comes from');
    expect(text).not.toMatch(/DOI|PMID/);
  });

  it('page 1 of each PDF rasterised by pdftoppm is not blank', async () => {
    for (const variant of ['clinician', 'handout'] as const) {
      const { bytes } = await renderReportPdf(report, variant, 'a4');
      const page = rasterisePage1(bytes);
      const total = page.width * page.height;
      // A4 at 60 dpi; at least 3 % of the page inked and some of it dark text, not a faint box.
      expect(page.width).toBeGreaterThan(400);
      expect(page.nonWhite / total).toBeGreaterThan(0.03);
      expect(page.dark / total).toBeGreaterThan(0.005);
    }
  });

  it('A4 by default, US Letter on request', async () => {
    const a4 = await renderReportPdf(report, 'handout', 'a4');
    const letter = await renderReportPdf(report, 'handout', 'letter');
    expect(a4.bytes.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.2\d* 841\.8\d*\]/);
    expect(letter.bytes.toString('latin1')).toContain('/MediaBox [0 0 612 792]');
    expect(parsePdfQuery(new URLSearchParams(''))).toEqual({ ok: true, variant: 'clinician', paper: 'a4' });
    expect(parsePdfQuery(new URLSearchParams('variant=handout&paper=letter'))).toEqual({ ok: true, variant: 'handout', paper: 'letter' });
    const bad = parsePdfQuery(new URLSearchParams('variant=patient&paper=a3'));
    expect(bad.ok).toBe(false);
    expect(Object.keys(bad.ok ? {} : bad.fields).sort()).toEqual(['paper', 'variant']);
  });
});

describe('limits', () => {
  const many = reportFor({
    age: 67,
    sex: 'female',
    conditions: ['ckd', 'osteoporosis', 'atrial-fibrillation', 'type-2-diabetes'],
    medications: Array.from({ length: 40 }, (_, i) => ({ name: i === 0 ? 'warfarin' : `study medicine number ${i + 1} 10 mg` })),
    goals: [...GOALS],
  });

  it('all five goals and 40 medications: a well-formed clinician PDF within the page cap, every medication listed', async () => {
    expect(many.goals).toHaveLength(5);
    const out = await renderReportPdf(many, 'clinician', 'letter');
    expect(out.pages).toBeLessThanOrEqual(MAX_PDF_PAGES);
    const { text, pages } = await pdfText(out.bytes);
    expect(pages).toBe(out.pages);
    expect(out.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(out.bytes.subarray(-6).toString()).toContain('%%EOF');
    expect(squash(text)).toContain(squash('Medicines: warfarin; study medicine number 2 10 mg;')); // the patient panel lists every medicine
    expect(squash(text)).toContain(squash('study medicine number 40 10 mg'));
    const handout = await renderReportPdf(many, 'handout', 'a4');
    expect(handout.pages).toBeLessThanOrEqual(MAX_PDF_PAGES);
  });

  it('over the cap, the trials tables are truncated with a note instead of failing', async () => {
    const full = await renderReportPdf(many, 'clinician', 'a4');
    // One page fewer than the full document: the trials tables must give way.
    const cap = full.pages - 1;
    const out = await renderReportPdf(many, 'clinician', 'a4', cap);
    expect(out.truncated).toBe(true);
    expect(out.pages).toBeLessThanOrEqual(cap);
    expect(countPdfPages(out.bytes)).toBe(out.pages);
    expect((await pdfText(out.bytes)).text).toMatch(/more trials? not shown to keep this document within its page limit/);
  });
});

describe('no half-empty pages (the issue saw page 1 of a PDF half empty)', () => {
  // The public scenarios and one report per goal alone: a goal's block (its chart above all) is what moves to the next
  // page when it cannot be broken. A bone-only report's chart of three panels left page 1 of its clinician PDF 56 %
  // full before each panel became its own unbreakable block.
  const contexts: [string, unknown][] = [
    ['warfarin', warfarin.context],
    ['apixaban', apixaban.context],
    ['osteopenia', osteopenia.context],
    ['pregnant', pregnant.context],
    ['strength', strength.context],
    ...GOALS.map((goal): [string, unknown] => [`${goal} alone`, { age: 60, sex: 'female', goals: [goal] }]),
  ];
  it.each(contexts)('%s: every page but the last is filled to at least seven tenths of its height, in both PDFs and on both papers', async (_name, context) => {
    const report = reportFor(context);
    for (const variant of ['clinician', 'handout'] as const) {
      for (const paper of ['a4', 'letter'] as const) {
        const fills = await pageFill((await renderReportPdf(report, variant, paper)).bytes);
        const short = fills.slice(0, -1).flatMap((fill, i) => (fill < 0.7 ? [`${variant} ${paper} page ${i + 1}: ${Math.round(fill * 100)} %`] : []));
        expect(short).toEqual([]);
      }
    }
  });
});
