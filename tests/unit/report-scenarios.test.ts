import { describe, expect, it } from 'vitest';
import { parsePatientContext } from '@/lib/domain/patient-context';
import { buildReport } from '@/lib/domain/report/build-report';
import { contentSnapshot } from '../support/content-snapshot';
import { loadScenarios, scenarioProblems } from '../support/scenarios';

describe('public scenarios through buildReport (curated content as the evidence)', () => {
  const scenarios = loadScenarios();
  it('finds the scenarios', () => expect(scenarios.length).toBeGreaterThanOrEqual(5));
  for (const scenario of scenarios) {
    it(`${scenario.file}: ${scenario.name}`, () => {
      const parsed = parsePatientContext(scenario.context);
      expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
      if (!parsed.ok) return;
      const report = buildReport(parsed.context, contentSnapshot());
      expect(scenarioProblems(scenario, report)).toEqual([]);
      const refIds = new Set(report.references.map((r) => r.id));
      const cited = [
        ...report.safety.flatMap((s) => s.citations),
        ...report.goals.flatMap((g) => g.citations),
        ...report.dose.citations,
        ...report.productQuality.flatMap((q) => q.citations),
        ...report.claims.flatMap((c) => c.citations),
      ];
      for (const id of cited) expect(refIds.has(id), id).toBe(true);
      expect(report.handout.readingGrade).toBeLessThanOrEqual(8);
    });
  }
});
