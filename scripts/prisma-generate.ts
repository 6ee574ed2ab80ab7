/**
 * `prisma generate` without network access. Prisma 7's CLI looks for a native schema engine at start-up even
 * though generate does not use it (the client runs on the WebAssembly query compiler + @prisma/adapter-pg); pointing
 * PRISMA_SCHEMA_ENGINE_BINARY at any existing file stops it from trying to download one.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const env: NodeJS.ProcessEnv = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
const cli = path.resolve('node_modules/prisma/build/index.js');
const result = spawnSync(process.execPath, [cli, 'generate'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
