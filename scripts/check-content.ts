/** `npx tsx scripts/check-content.ts`: validate content/*.json together, as the seed does; exits 1 with every issue. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { validateEvidenceFile } from '../lib/domain/evidence/validate';
import { mergeContentFiles } from './lib/content';

const dir = path.resolve('content');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const merged = mergeContentFiles(files.map((f) => ({ name: f, data: JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as unknown })));
const result = validateEvidenceFile(merged);
if (!result.ok) {
  for (const issue of result.issues) console.error(`${issue.path}: ${issue.message}`);
  process.exit(1);
}
const { trials, claims, interactions, sources, medications } = result.file;
console.log(`content OK: ${trials.length} trials, ${claims.length} claims, ${interactions.length} interactions, ${sources.length} sources, ${medications.length} medications`);
