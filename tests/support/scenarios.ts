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

/** Copies of the public scenarios live in the repository, so a clone alone can run every test. */
export const SCENARIO_DIR = path.resolve(import.meta.dirname, '../fixtures/scenarios');
/** The shared folder beside the repository (as in CI) may hold newer ones: those run too. */
export const SHARED_SCENARIO_DIR = path.resolve(import.meta.dirname, '../../../shared/scenarios');

function readDir(dir: string): Scenario[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((file) => ({ file, ...(JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Omit<Scenario, 'file'>) }));
}

export function loadScenarios(): Scenario[] {
  const own = readDir(SCENARIO_DIR);
  if (own.length === 0) throw new Error(`The public scenarios are missing: ${SCENARIO_DIR}`);
  // A shared scenario with the same file name replaces the copy (the shared folder is the authority).
  const byFile = new Map(own.map((s) => [s.file, s]));
  for (const s of readDir(SHARED_SCENARIO_DIR)) byFile.set(s.file, s);
  return [...byFile.values()].sort((a, b) => a.file.localeCompare(b.file));
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
