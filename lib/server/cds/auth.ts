import 'server-only';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { CDS_CLOCK_SKEW_SECONDS, CDS_JWT_ALGORITHMS } from '@/lib/domain/cds/clients';
import { db } from '../db';
import { getEnv } from '../env';
import { log } from '../log';
import { Prisma } from '../generated/prisma/client';

/** A refused CDS Hooks call: always answered 401 without detail; the reason goes to the server log only. */
export class CdsAuthError extends Error {}

/**
 * The URL a client must put in `aud`: this server's origin plus the service's path. Behind a reverse proxy the
 * origin comes from x-forwarded-proto and x-forwarded-host when (and only when) they are present; otherwise from
 * the Host header and the request URL.
 */
export function requestOrigin(request: Request): string {
  const url = new URL(request.url);
  const proto = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() || url.protocol.replace(/:$/, '');
  const host = request.headers.get('x-forwarded-host')?.split(',')[0]?.trim() || request.headers.get('host') || url.host;
  return `${proto}://${host}`;
}

/** The public keys of an issuer: CDS_HOOKS_CLIENTS first, then the enabled clients registered in the app. */
async function keysOf(iss: string): Promise<JSONWebKeySet | null> {
  const fromEnv = getEnv().CDS_HOOKS_CLIENTS.find((c) => c.iss === iss);
  if (fromEnv) return fromEnv.jwks as unknown as JSONWebKeySet;
  const row = await db.cdsClient.findUnique({ where: { iss }, select: { jwks: true, enabled: true } });
  return row?.enabled ? (row.jwks as unknown as JSONWebKeySet) : null;
}

function refuse(reason: string): never {
  // Never log the token itself.
  log.warn({ event: 'cds.jwt.refused', reason }, 'CDS Hooks JWT refused');
  throw new CdsAuthError(reason);
}

/**
 * Verify a CDS Hooks JWT (https://cds-hooks.hl7.org/2.0/#trusting-cds-clients): Bearer token, asymmetric algorithm,
 * known issuer, signature by one of its keys, `aud` one of `audiences`, exp/iat within the skew, and a `jti` never
 * seen before from this issuer (remembered in PostgreSQL, so the check holds across app instances).
 */
export async function verifyCdsJwt(request: Request, audiences: string[]): Promise<{ iss: string; sub: string }> {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+([\w-]+\.[\w-]*\.[\w-]*)$/i.exec(header.trim());
  if (!match) return refuse('no bearer JWT');
  const token = match[1]!;
  let alg: unknown;
  let iss: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
    iss = decodeJwt(token).iss;
  } catch {
    return refuse('not a decodable JWT');
  }
  if (typeof alg !== 'string' || !CDS_JWT_ALGORITHMS.includes(alg)) return refuse(`algorithm ${String(alg).slice(0, 40)} not allowed`);
  if (typeof iss !== 'string' || !iss) return refuse('no iss');
  const jwks = await keysOf(iss);
  if (!jwks) return refuse(`unknown or disabled issuer ${iss.slice(0, 200)}`);

  let payload: Awaited<ReturnType<typeof jwtVerify>>['payload'];
  try {
    ({ payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
      algorithms: CDS_JWT_ALGORITHMS,
      issuer: iss,
      audience: audiences,
      clockTolerance: CDS_CLOCK_SKEW_SECONDS,
      requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat', 'jti'],
    }));
  } catch (error) {
    return refuse(`verification failed (${error instanceof Error ? ((error as { code?: string }).code ?? error.name) : 'unknown'})`);
  }
  const now = Math.floor(Date.now() / 1000);
  if (typeof payload.iat !== 'number' || payload.iat > now + CDS_CLOCK_SKEW_SECONDS) return refuse('iat in the future');
  if (typeof payload.jti !== 'string' || !payload.jti || payload.jti.length > 200) return refuse('bad jti');

  // Expired ids can go: their tokens are refused as expired anyway.
  await db.cdsJti.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  try {
    await db.cdsJti.create({ data: { iss, jti: payload.jti, expiresAt: new Date(((payload.exp as number) + CDS_CLOCK_SKEW_SECONDS) * 1000) } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return refuse('replayed jti');
    throw error;
  }
  return { iss, sub: String(payload.sub) };
}
