import 'server-only';
import { z } from 'zod';
import { CdsClientConfigSchema } from '@/lib/domain/cds/clients';
import { SmartClientsSchema } from '@/lib/domain/smart/clients';

/** An environment variable holding JSON (default `[]`), parsed and then checked by `schema`; bad JSON is one readable line. */
function jsonVariable<T extends z.ZodType>(name: string, schema: T, shape: string) {
  return z
    .string()
    .default('[]')
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: `${name} is not valid JSON: ${shape}.` });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

/** The server's environment, validated once at boot (instrumentation.ts) and on first use. */
const EnvSchema = z.object({
  DATABASE_URL: z
    .string({ error: 'DATABASE_URL is missing: start the app with `npm start`, which provides it.' })
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgresql:// connection string.'),
  AUTH_SECRET: z
    .string({ error: 'AUTH_SECRET is missing: `npm start` generates one in DATA_DIR.' })
    .min(32, 'AUTH_SECRET must be at least 32 characters.'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  /** Optional read replica (streaming replica of DATABASE_URL) for report reads; see docs/DEPLOY.md. */
  DATABASE_REPLICA_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_REPLICA_URL must be a postgresql:// connection string.')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** CDS Hooks clients allowed besides those registered in the app: a JSON array of { iss, jwks: { keys }, fhirServers? }. */
  CDS_HOOKS_CLIENTS: jsonVariable('CDS_HOOKS_CLIENTS', z.array(CdsClientConfigSchema, { error: 'CDS_HOOKS_CLIENTS is a JSON array of { "iss", "jwks": { "keys": [...] }, "fhirServers": ["https://…"] }.' }), 'a JSON array of { "iss", "jwks": { "keys": [...] }, "fhirServers": ["https://…"] }'),
  /** SMART App Launch: the FHIR servers this app may be launched from, a JSON array of { iss, clientId, scope? }. */
  SMART_CLIENTS: jsonVariable('SMART_CLIENTS', SmartClientsSchema, 'a JSON array of { "iss", "clientId", "scope"? }'),
  /**
   * `1`: in production too, fetch missing prefetch from a registered http://127.0.0.1 (loopback) FHIR base URL — the
   * end-to-end tests' FHIR server. Outside production (dev, tests) loopback http is allowed anyway; https elsewhere.
   */
  CDS_FHIR_ALLOW_HTTP_LOOPBACK: z
    .enum(['', '0', '1'], { error: 'CDS_FHIR_ALLOW_HTTP_LOOPBACK is 1 or 0.' })
    .optional()
    .transform((v) => v === '1'),
});
export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

/** Validate an environment (process.env at boot); throws one readable line per problem. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
