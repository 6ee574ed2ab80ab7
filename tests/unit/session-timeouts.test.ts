import { afterEach, describe, expect, it, vi } from 'vitest';
import { ABSOLUTE_TIMEOUT_S, authConfig, IDLE_TIMEOUT_S } from '@/lib/server/auth-config';

type JwtArgs = Parameters<typeof authConfig.callbacks.jwt>[0];
const jwt = (args: Partial<JwtArgs>): ReturnType<typeof authConfig.callbacks.jwt> =>
  authConfig.callbacks.jwt({ token: {}, ...args } as JwtArgs);

afterEach(() => vi.useRealTimers());

describe('session lifetime (NIST 800-63B AAL2)', () => {
  it('sets a 30-minute idle timeout on the cookie and the JWT', () => {
    expect(IDLE_TIMEOUT_S).toBe(1800);
    expect(authConfig.session.maxAge).toBe(IDLE_TIMEOUT_S);
    expect(authConfig.jwt.maxAge).toBe(IDLE_TIMEOUT_S);
  });

  it('stamps the sign-in time and ends the session 12 hours later however active it was', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-22T08:00:00Z'));
    const token = await jwt({ user: { id: 'u1', role: 'CLINICIAN', tokenVersion: 3, sid: 's1' } as JwtArgs['user'] });
    expect(token).toMatchObject({ uid: 'u1', role: 'CLINICIAN', tv: 3, sid: 's1' });

    vi.setSystemTime(new Date(Date.parse('2026-11-22T08:00:00Z') + (ABSOLUTE_TIMEOUT_S - 60) * 1000));
    expect(await jwt({ token: token! })).not.toBeNull();

    vi.setSystemTime(new Date(Date.parse('2026-11-22T08:00:00Z') + (ABSOLUTE_TIMEOUT_S + 1) * 1000));
    expect(await jwt({ token: token! })).toBeNull();
  });

  it('refuses a token without a sign-in time', async () => {
    expect(await jwt({ token: { uid: 'u1' } })).toBeNull();
  });
});
