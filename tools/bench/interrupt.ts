/**
 * Cooperative Ctrl-C: the first SIGINT asks the running scenario to stop early, after which the
 * normal `finally` blocks close stores, drop the benchmark's schemas and database and stop a server
 * the benchmark started. Killing the process outright would leave all of those behind. A second
 * Ctrl-C exits at once.
 */
export class Interrupted extends Error {
  constructor() {
    super('interrupted (Ctrl-C)');
    this.name = 'Interrupted';
  }
}

let requested = false;

export const interruptRequested = (): boolean => requested;

/** Throws Interrupted when Ctrl-C was pressed; call between steps. */
export const checkInterrupt = (): void => {
  if (requested) throw new Interrupted();
};

export const installInterruptHandler = (): void => {
  process.on('SIGINT', () => {
    if (requested) process.exit(130);
    requested = true;
    process.stderr.write('\nInterrupted: finishing the current step and cleaning up (Ctrl-C again to exit now)…\n');
  });
};
