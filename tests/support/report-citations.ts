/**
 * "Every id in any citations[] resolves in references[]" (SPEC "Report"), checked the same way by the engine's
 * property test (tests/unit) and the HTTP fuzz tests (tests/e2e): one list of where a report cites, one check.
 */
import type { ReportBody } from '@/lib/domain/report/types';

/** Every citation of a report, with where it sits: safety findings, goals and their trials, dose, diet, product quality, claims. */
export function citedIn(report: ReportBody): Array<{ where: string; id: string }> {
  const out: Array<{ where: string; id: string }> = [];
  const add = (where: string, ids: readonly string[] | undefined) => {
    for (const id of ids ?? []) out.push({ where, id });
  };
  report.safety.forEach((s, i) => add(`safety[${i}] ${s.code}`, s.citations));
  report.goals.forEach((g, i) => {
    add(`goals[${i}] ${g.goal}`, g.citations);
    add(`goals[${i}].trials`, g.trials.map((t) => `trial:${t.trialId}`));
  });
  add('dose', report.dose.citations);
  add('diet', report.diet.citations);
  report.productQuality.forEach((q, i) => add(`productQuality[${i}]`, q.citations));
  report.claims.forEach((c, i) => add(`claims[${i}]`, c.citations));
  return out;
}

/**
 * What is wrong with a report's citations, as readable lines (empty when nothing is): a cited id missing from
 * references[], a reference listed twice, or one that nobody cites.
 */
export function citationProblems(report: ReportBody): string[] {
  const problems: string[] = [];
  const refIds = report.references.map((r) => r.id);
  const refs = new Set(refIds);
  if (refs.size !== refIds.length) problems.push(`references[] lists an id twice: ${refIds.filter((id, i) => refIds.indexOf(id) !== i).join(', ')}`);
  const cited = citedIn(report);
  for (const { where, id } of cited) if (!refs.has(id)) problems.push(`${where}: ${id} is not in references[]`);
  const citedIds = new Set(cited.map((c) => c.id));
  for (const id of refIds) if (!citedIds.has(id)) problems.push(`references[] lists ${id}, which nothing cites`);
  return problems;
}
