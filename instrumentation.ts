import type { Instrumentation } from 'next';

// Validate the environment when the server boots, so that a missing secret fails at start with a clear line
// rather than on the first request. In production, everything the server process prints goes through the JSON
// logger (lib/server/log.ts): Next's own error printing, Auth.js and libraries included, without messages or stacks.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { log, routeConsoleToLog } = await import('./lib/server/log');
    if (process.env.NODE_ENV === 'production') routeConsoleToLog();
    const { getEnv } = await import('./lib/server/env');
    getEnv();
    log.info({ event: 'server.start', nodeEnv: process.env.NODE_ENV }, 'server started');
    // The first PDF after a start would otherwise take about a second more than the next (fonts, layout engine).
    if (process.env.NODE_ENV === 'production') (await import('./lib/server/pdf/worker-pool')).prewarmPdfWorker();
  }
}

/**
 * A page, server action, route or proxy that threw: one line with the route template and the error's name, code and
 * digest (the digest is all the browser gets in production, so it links what a user reports to this line).
 */
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { log } = await import('./lib/server/log');
  log.error({ err: error, method: request.method, route: context.routePath, routeType: context.routeType, ...(context.renderSource ? { renderSource: context.renderSource } : {}) }, 'request failed');
};
