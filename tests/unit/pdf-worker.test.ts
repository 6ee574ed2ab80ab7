import { describe, expect, it } from 'vitest';
import { renderInWorker } from '@/lib/server/pdf/worker-pool';
import warfarin from '../fixtures/scenarios/warfarin-natto.json';
import { pdfText, reportFor } from '../support/pdf';

describe('PDF rendering on a worker thread', () => {
  it('renders the PDF off the main thread: the event loop keeps ticking meanwhile', async () => {
    const report = reportFor({ ...warfarin.context, goals: ['cardiovascular', 'bone', 'general'] });
    await renderInWorker(report, 'handout', 'a4'); // start-up (tsx, react-pdf, fonts) is not what we measure
    let ticks = 0;
    let maxGap = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
      ticks++;
    }, 10);
    const started = performance.now();
    const out = await renderInWorker(report, 'clinician', 'letter');
    const took = performance.now() - started;
    clearInterval(timer);
    expect(out.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await pdfText(out.bytes)).text).toMatch(/warfarin/i);
    // Rendered in-process this stalls the loop for the whole render (~1 s); here the loop stays responsive.
    expect(ticks).toBeGreaterThan(took / 10 / 4);
    expect(maxGap).toBeLessThan(Math.max(250, took / 2));
  }, 60_000);
});
