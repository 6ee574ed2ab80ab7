import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { copyFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import type { TestProject } from 'vitest/node';
import { ensureBuild } from '../../scripts/lib/build';
import { findFreePort } from '../../scripts/lib/embedded-db';
import { closeDb } from '../../lib/server/db';
import { seedDemoAccounts, seedEvidence } from '../../scripts/lib/seed';
import { startTestDb } from './test-db';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    demoPassword: string;
    e2eDatabaseUrl: string;
    /** The app's AUTH_SECRET, for tests that decode and re-encode session cookies (tests/support/session-cookie.ts), and
     *  which must never appear in the app's log. */
    authSecret: string;
    /** A CDS Hooks client configured through CDS_HOOKS_CLIENTS: its issuer and private JWK (generated per run). */
    envCdsClient: { iss: string; privateJwk: Record<string, unknown> };
    /** The SMART FHIR server registered in SMART_CLIENTS: tests/e2e/smart-launch.test.ts serves it on this port. */
    smartFhir: { iss: string; port: number; clientId: string };
    /** The app's stdout and stderr, as written so far (tests/e2e/logs-and-errors.test.ts reads it). */
    appLogFile: string;
  }
}

const root = path.resolve(__dirname, '../..');
export const E2E_DEMO_PASSWORD = 'e2e demo passphrase 2026';
const E2E_AUTH_SECRET = 'e2e-secret-0123456789abcdef0123456789abcdef';

/** Browser and HTTP tests run against a production build (`next start`) on a free port, on its own embedded database. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const db = await startTestDb('e2e');
  await seedDemoAccounts(db.url, E2E_DEMO_PASSWORD, { applyPassword: true });
  process.env.DATABASE_URL = db.url;
  process.env.AUTH_SECRET ??= E2E_AUTH_SECRET;
  await seedEvidence();
  await closeDb();
  await ensureBuild(root, (line) => console.log(`[e2e] ${line}`));

  // A CDS Hooks client allowed by the environment (the other way besides registering one in the app). The key pair
  // is made per run: only its public half reaches the app.
  const cdsKeys = await generateKeyPair('ES384', { extractable: true });
  const envCdsIss = 'https://env-configured-ehr.test';
  const envCdsJwks = { keys: [{ ...(await exportJWK(cdsKeys.publicKey)), kid: 'env-1', alg: 'ES384' }] };

  // A SMART FHIR server registered through SMART_CLIENTS: its port is reserved here (the app must know its iss at
  // boot) and tests/e2e/smart-launch.test.ts listens on it with its FHIR server and smart-configuration.
  const smartFhirPort = await findFreePort();
  const smartFhir = { iss: `http://127.0.0.1:${smartFhirPort}/fhir`, port: smartFhirPort, clientId: 'k2-evidence-desk-e2e' };

  const port = await findFreePort();
  const logFile = path.join(db.dataDir, 'app.log');
  const logStream = createWriteStream(logFile);
  const app: ChildProcess = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port)], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      DATABASE_URL: db.url,
      AUTH_SECRET: E2E_AUTH_SECRET,
      CDS_HOOKS_CLIENTS: JSON.stringify([{ iss: envCdsIss, jwks: envCdsJwks }]),
      SMART_CLIENTS: JSON.stringify([{ iss: smartFhir.iss, clientId: smartFhir.clientId }]),
      // The FHIR test servers of tests/e2e/cds-fhir-fetch.test.ts listen on http://127.0.0.1 (loopback http is refused
      // in production without this).
      CDS_FHIR_ALLOW_HTTP_LOOPBACK: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  app.stdout?.pipe(logStream);
  app.stderr?.pipe(logStream);

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  let up = false;
  while (Date.now() < deadline && app.exitCode === null) {
    try {
      if ((await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) })).ok) {
        up = true;
        break;
      }
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  if (!up) {
    app.kill('SIGKILL');
    const logText = await readFile(logFile, 'utf8').catch(() => '');
    await db.stop();
    throw new Error(`The app did not start for the e2e tests. Its log:\n${logText.slice(-4000)}`);
  }

  project.provide('baseUrl', baseUrl);
  project.provide('demoPassword', E2E_DEMO_PASSWORD);
  project.provide('e2eDatabaseUrl', db.url);
  project.provide('appLogFile', logFile);
  project.provide('authSecret', E2E_AUTH_SECRET);
  project.provide('smartFhir', smartFhir);
  project.provide('envCdsClient', { iss: envCdsIss, privateJwk: { ...(await exportJWK(cdsKeys.privateKey)), kid: 'env-1', alg: 'ES384' } });

  return async () => {
    if (app.exitCode === null) {
      const exited = new Promise((resolve) => app.once('exit', resolve));
      app.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (app.exitCode === null) app.kill('SIGKILL');
    }
    await new Promise<void>((resolve) => logStream.end(resolve));
    // For diagnosing a failure after the run: K2_KEEP_APP_LOG=<path> keeps a copy of the server's log.
    if (process.env.K2_KEEP_APP_LOG) await copyFile(logFile, process.env.K2_KEEP_APP_LOG).catch(() => undefined);
    await db.stop();
  };
}
