// Validate the environment when the server boots, so that a missing secret fails at start with a clear line
// rather than on the first request.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { getEnv } = await import('./lib/server/env');
    getEnv();
  }
}
