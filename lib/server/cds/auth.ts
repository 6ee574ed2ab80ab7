import 'server-only';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { CDS_CLOCK_SKEW_SECONDS, CDS_JWT_ALGORITHMS, cdsJwtClaimsProblem, cdsJwtHeaderProblem } from '@/lib/domain/cds/clients';
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
 * Verify a CDS Hooks JWT (CDS Hooks 2.0 § Trusting CDS Clients, https://cds-hooks.hl7.org/2.0/#trusting-cds-clients):
 * Bearer token; the header as the spec's table has it (alg asymmetric, kid, typ JWT; a `jku` is never fetched); a
 * known issuer; the signature by one of its registered keys; the payload's claims as the spec's table has them — iss,
 * aud (a string or an array of strings, one of them one of `audiences`), exp, iat and jti required, tenant optional,
 * sub accepted but never required; exp/iat within the skew; and a `jti` never seen before from this issuer
 * (remembered in PostgreSQL, so the check holds across app instances).
 */
export async function verifyCdsJwt(request: Request, audiences: string[]): Promise<{ iss: string; sub?: string; tenant?: string }> {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+([\w-]+\.[\w-]*\.[\w-]*)$/i.exec(header.trim());
  if (!match) return refuse('no bearer JWT');
  const token = match[1]!;
  let protectedHeader: Record<string, unknown>;
  let iss: unknown;
  try {
    protectedHeader = decodeProtectedHeader(token) as Record<string, unknown>;
    iss = decodeJwt(token).iss;
  } catch {
    return refuse('not a decodable JWT');
  }
  // The algorithm first: none and HS* are refused before any key is looked up.
  const headerProblem = cdsJwtHeaderProblem(protectedHeader);
  if (headerProblem) return refuse(headerProblem);
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
      // The spec's payload table: no sub.
      requiredClaims: ['iss', 'aud', 'exp', 'iat', 'jti'],
    }));
  } catch (error) {
    return refuse(`verification failed (${error instanceof Error ? ((error as { code?: string }).code ?? error.name) : 'unknown'})`);
  }
  const claimsProblem = cdsJwtClaimsProblem(payload);
  if (claimsProblem) return refuse(claimsProblem);
  const now = Math.floor(Date.now() / 1000);
  if ((payload.iat as number) > now + CDS_CLOCK_SKEW_SECONDS) return refuse('iat in the future');
  const jti = payload.jti as string;

  // Expired ids can go: their tokens are refused as expired anyway.
  await db.cdsJti.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  try {
    await db.cdsJti.create({ data: { iss, jti, expiresAt: new Date(((payload.exp as number) + CDS_CLOCK_SKEW_SECONDS) * 1000) } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return refuse('replayed jti');
    throw error;
  }
  return { iss, ...(typeof payload.sub === 'string' ? { sub: payload.sub } : {}), ...(typeof payload.tenant === 'string' ? { tenant: payload.tenant } : {}) };
}
