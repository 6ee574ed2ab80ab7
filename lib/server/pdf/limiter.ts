import 'server-only';

/**
 * A small counting semaphore: at most `max` PDF renders at once, so that rendering (CPU-bound, on the event loop)
 * cannot starve everyone else's requests; a caller waits up to `waitMs` for a slot, then gets PdfBusyError (→ 503).
 */
export class PdfBusyError extends Error {
  constructor() {
    super('Too many PDFs are being prepared right now. Try again in a few seconds.');
  }
}

export type Limiter = { run: <T>(task: () => Promise<T>) => Promise<T>; active: () => number; waiting: () => number };

export function createLimiter(max: number, waitMs: number): Limiter {
  let running = 0;
  const queue: Array<() => void> = [];
  const release = (): void => {
    const next = queue.shift();
    if (next) next();
    else running -= 1;
  };
  const acquire = (): Promise<void> => {
    if (running < max) {
      running += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      // The slot is handed over directly by release(): `running` stays the same.
      const grant = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        const at = queue.indexOf(grant);
        if (at >= 0) queue.splice(at, 1);
        reject(new PdfBusyError());
      }, waitMs);
      queue.push(grant);
    });
  };
  return {
    async run(task) {
      await acquire();
      try {
        return await task();
      } finally {
        release();
      }
    },
    active: () => running,
    waiting: () => queue.length,
  };
}

/** The process-wide limit: two renders at once, others wait up to 5 s. */
export const pdfLimiter = createLimiter(2, 5_000);
