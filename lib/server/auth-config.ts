import type { NextAuthConfig } from 'next-auth';

/** Idle timeout and absolute lifetime of a session (NIST 800-63B AAL2: 30 minutes idle, 12 hours overall). */
export const IDLE_TIMEOUT_S = 30 * 60;
export const ABSOLUTE_TIMEOUT_S = 12 * 60 * 60;

/**
 * The part of the Auth.js configuration that needs no database, shared by proxy.ts and the full config in auth.ts.
 * Sessions are JWTs whose expiry is pushed forward on each request that reads them (the idle timeout); the sign-in
 * time they carry caps their whole life (the absolute timeout). Whether the user still exists, is enabled and has the
 * same token version is checked against the database on every request by getSessionUser(), not here.
 */
export const authConfig = {
  trustHost: true,
  session: { strategy: 'jwt', maxAge: IDLE_TIMEOUT_S },
  jwt: { maxAge: IDLE_TIMEOUT_S },
  pages: { signIn: '/login', error: '/login' },
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      const now = Math.floor(Date.now() / 1000);
      if (user) {
        const u = user as { id: string; role: string; tokenVersion: number; sid: string };
        token.uid = u.id;
        token.role = u.role;
        token.tv = u.tokenVersion;
        token.sid = u.sid;
        token.authTime = now;
      }
      if (typeof token.authTime !== 'number' || now - token.authTime > ABSOLUTE_TIMEOUT_S) return null;
      return token;
    },
    session({ session, token }) {
      return {
        ...session,
        user: { ...session.user, id: String(token.uid ?? '') },
        uid: String(token.uid ?? ''),
        tv: typeof token.tv === 'number' ? token.tv : -1,
        sid: String(token.sid ?? ''),
        authTime: typeof token.authTime === 'number' ? token.authTime : 0,
      };
    },
  },
} satisfies NextAuthConfig;
