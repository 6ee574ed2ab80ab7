import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** A secret kept in DATA_DIR (created once, mode 600), for the local demo only. */
export async function keptSecret(dataDir: string, name: string, bytes: number): Promise<string> {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, name);
  if (existsSync(file)) {
    const value = (await readFile(file, 'utf8')).trim();
    if (value) return value;
  }
  const value = randomBytes(bytes).toString('base64url');
  await writeFile(file, `${value}\n`, { mode: 0o600 });
  return value;
}
