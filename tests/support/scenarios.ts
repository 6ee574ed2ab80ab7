/** The public patient scenarios (../shared/scenarios/*.json) and a checker of a report against their "expect". */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type Scenario = {
  file: string;
  name: string;
  context: unknown;
  expect: {
    safetyIncludes?: string[];
    safetyExcludes?: string[];
    goals?: Record<string, { verdictIn?: string[]; bestOutcomeLevelIn?: string[] }>;
    dose?: { recommendationIn?: string[]; maxSuggestedMcg?: number | null };
    claimsMention?: string[];
    mentions?: string[];
  };
};

export const SCENARIO_DIR = path.resolve(import.meta.dirname, '../../../shared/scenarios');

export function loadScenarios(): Scenario[] {
  if (!existsSync(SCENARIO_DIR)) throw new Error(`The public scenarios are missing: ${SCENARIO_DIR}`);
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, ...(JSON.parse(readFileSync(path.join(SCENARIO_DIR, file), 'utf8')) as Omit<Scenario, 'file'>) }));
}

type ReportLike = {
  safety: Array<{ code: string; severity: string }>;
  goals: Array<{ goal: string; verdict: string; bestOutcomeLevel: string }>;
  dose: { recommendation: string; suggestedDailyMcg: number | null };
  claims: Array<{ claim: string; correction: string }>;
};

/** Every way the report fails the scenario's expectations (empty when it passes). */
export function scenarioProblems(scenario: Scenario, report: ReportLike): string[] {
  const problems: string[] = [];
  const e = scenario.expect;
  for (const want of e.safetyIncludes ?? []) {
    const [code, severity] = want.split(':');
    const found = report.safety.find((s) => s.code === code);
    if (!found) problems.push(`safety ${code} missing`);
    else if (severity && found.severity !== severity) problems.push(`safety ${code} is ${found.severity}, want ${severity}`);
  }
  for (const code of e.safetyExcludes ?? []) if (report.safety.some((s) => s.code === code)) problems.push(`safety ${code} must not appear`);
  for (const [goal, rule] of Object.entries(e.goals ?? {})) {
    const found = report.goals.find((g) => g.goal === goal);
    if (!found) {
      problems.push(`goal ${goal} missing`);
      continue;
    }
    if (rule.verdictIn && !rule.verdictIn.includes(found.verdict)) problems.push(`goal ${goal} verdict ${found.verdict}, want one of ${rule.verdictIn.join('/')}`);
    if (rule.bestOutcomeLevelIn && !rule.bestOutcomeLevelIn.includes(found.bestOutcomeLevel)) problems.push(`goal ${goal} bestOutcomeLevel ${found.bestOutcomeLevel}, want one of ${rule.bestOutcomeLevelIn.join('/')}`);
  }
  if (e.dose?.recommendationIn && !e.dose.recommendationIn.includes(report.dose.recommendation)) problems.push(`dose ${report.dose.recommendation}, want one of ${e.dose.recommendationIn.join('/')}`);
  if (e.dose && 'maxSuggestedMcg' in e.dose) {
    const max = e.dose.maxSuggestedMcg;
    const got = report.dose.suggestedDailyMcg;
    if (max === null && got !== null) problems.push(`dose must suggest no amount, suggests ${got}`);
    if (typeof max === 'number' && got !== null && got > max) problems.push(`dose suggests ${got} mcg, max ${max}`);
  }
  const claimText = report.claims.map((c) => `${c.claim} ${c.correction}`.toLowerCase()).join('\n');
  for (const word of e.claimsMention ?? []) if (!claimText.includes(word.toLowerCase())) problems.push(`claims do not mention "${word}"`);
  const all = JSON.stringify(report).toLowerCase();
  for (const word of e.mentions ?? []) if (!all.includes(word.toLowerCase())) problems.push(`report does not mention "${word}"`);
  return problems;
}
