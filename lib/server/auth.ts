import 'server-only';
import { randomUUID } from 'node:crypto';
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { SignInSchema } from '@/lib/domain/schemas/accounts';
import { authConfig } from './auth-config';
import { isDatabaseUnavailable } from './db';
import { getEnv } from './env';
import { verifyLogin } from './login';
import { clientIp } from './request-info';

export class InvalidCredentials extends CredentialsSignin {
  override code = 'invalid';
}
export class LockedOut extends CredentialsSignin {
  override code = 'locked';
}
/** The database could not be reached: neither a wrong password nor a failure to count (nothing was checked). */
export class SignInUnavailable extends CredentialsSignin {
  override code = 'unavailable';
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  ...authConfig,
  secret: getEnv().AUTH_SECRET,
  providers: [
    Credentials({
      credentials: { email: { label: 'E-mail', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, request) {
        const parsed = SignInSchema.safeParse(credentials);
        if (!parsed.success) throw new InvalidCredentials();
        const result = await verifyLogin(parsed.data.email, parsed.data.password, clientIp(request?.headers)).catch((error: unknown) => {
          if (isDatabaseUnavailable(error)) throw new SignInUnavailable();
          throw error;
        });
        if (!result.ok) throw result.reason === 'locked' ? new LockedOut() : new InvalidCredentials();
        return { ...result.user, sid: randomUUID() };
      },
    }),
  ],
}));
