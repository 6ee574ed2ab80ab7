/**
 * Run a command-line script's main(argv) and exit with its code — explicitly, since a pg pool left open would keep the
 * process alive on its idle timeout. A failure prints "[k2] <what> failed: <message>" (the stack with `withStack`).
 */
export function runCli(what: string, main: (argv: string[]) => Promise<number>, options: { withStack?: boolean } = {}): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      const detail = error instanceof Error ? (options.withStack ? (error.stack ?? error.message) : error.message) : String(error);
      console.error(`[k2] ${what} failed: ${detail}`);
      process.exit(1);
    },
  );
}
