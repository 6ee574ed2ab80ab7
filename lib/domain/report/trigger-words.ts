/**
 * A safety finding's `triggeredBy` lines are a machine trace (field paths such as `medications[0] "…"`, parsed by the
 * handout and the dose rules). This turns each line into the words a clinician reads (issue 14, "Plain clinician
 * wording": no field paths where a user reads) — presentation only; the stored trace is unchanged.
 */
import type { Condition } from '../vocabulary';
import { parseMatchTrace } from './medications';
import { CONDITION_LABELS, SUPPLEMENT_LABELS } from '../labels';
import type { SupplementKind } from '../patient-context';

const MATCHED_BY_WORDS: Record<string, string> = { 'generic name': 'its generic name', 'brand name': 'its brand name', 'RxNorm code': 'its RxNorm code', 'ATC code': 'its ATC code', 'ATC class code': 'its ATC class code' };
const DIET_WORDS: Record<string, string> = { natto: 'natto', hardCheese: 'hard cheese', eggs: 'eggs', leafyGreens: 'leafy greens' };

/** One trace line in words; an unknown line is returned with its field paths made readable. */
export function describeTrigger(line: string): string {
  const match = parseMatchTrace(line);
  if (match) return `Medicine ${match.index + 1}, “${match.name}”: recognised by ${MATCHED_BY_WORDS[match.matchedBy] ?? match.matchedBy} “${match.matchedText}” as ${match.substance}`;
  let m: RegExpExecArray | null;
  if ((m = /^medications\[(\d+)\] ("(?:[^"\\]|\\.)*")(?:: )?(.*)$/.exec(line))) return `Medicine ${Number(m[1]) + 1}, “${JSON.parse(m[2]!) as string}”${m[3] ? `: ${m[3]}` : ''}`;
  if ((m = /^supplements\[(\d+)\] (\S+) (.*)$/.exec(line))) return `Supplement ${Number(m[1]) + 1}: ${SUPPLEMENT_LABELS[m[2] as SupplementKind] ?? m[2]} ${m[3]}`;
  if ((m = /^diet\.(\w+) "(\w+)"$/.exec(line))) return `Diet: ${DIET_WORDS[m[1]!] ?? m[1]} ${m[2]}`;
  if ((m = /^diet: (.*)$/.exec(line))) return `Diet: ${m[1]!.replace(/\b(hardCheese|leafyGreens)\b/g, (w) => DIET_WORDS[w] ?? w)}`;
  if ((m = /^conditions: ([\w-]+)$/.exec(line))) return `Condition: ${CONDITION_LABELS[m[1] as Condition] ?? m[1]}`;
  if ((m = /^ckdStage (\d)$/.exec(line))) return `CKD stage ${m[1]}`;
  if ((m = /^age (\d+)$/.exec(line))) return `Age ${m[1]}`;
  if ((m = /^pregnancy "(\w+)"$/.exec(line))) return m[1] === 'breastfeeding' ? 'Breastfeeding' : 'Pregnant';
  if ((m = /^vitaminD\.level (.*)$/.exec(line))) return `25(OH)D level ${m[1]}`;
  if ((m = /^vitaminD\.supplementIuPerDay (.*) IU$/.exec(line))) return `Vitamin D dose entered: ${m[1]} IU/day`;
  if (line === 'vitaminD.supervisedCourse true') return 'The vitamin D course is supervised by a clinician';
  if ((m = /^vitaminKStatus "(\w+)"$/.exec(line))) return `Vitamin K status: ${m[1]}`;
  return line.replace(/\b(\w+)\[(\d+)\]/g, (_, field: string, i: string) => `${field} ${Number(i) + 1}`).replace(/\b(\w+)\.(\w+)\b/g, '$1 $2');
}

/** The trace as one sentence for the page and the PDF. */
export function triggerSentence(lines: readonly string[]): string {
  return `${lines.map(describeTrigger).join('; ')}.`;
}
