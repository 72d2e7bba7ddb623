export interface BenchArgs {
  mode: 'full' | 'quick';
  events: number;
  /** A rebuild still running after this long is stopped and measured on what it committed. */
  rebuildCapMs: number;
  only?: 'sqlite' | 'postgres';
  /** Re-render docs/benchmarks.md from the figures a full run saved, without measuring. */
  rerender?: string;
}

export const FULL_EVENTS = 1_000_000;
export const QUICK_EVENTS = 100_000;
/** Keeps the full run within its ~8 minute budget on 2 cores whatever a database's rebuild rate. */
const REBUILD_CAP_MS = { full: 45_000, quick: 20_000 };

export const USAGE = `usage: npm run bench:projections [-- --quick] [-- --only sqlite|postgres]

  --quick        ${QUICK_EVENTS.toLocaleString('en-US')} events instead of ${FULL_EVENTS.toLocaleString('en-US')}; docs/benchmarks.md is left unchanged
  --only <db>    run one database: sqlite or postgres
  --rerender <figures.json>
                 rewrite the docs section from the figures a full run saved (path printed at its end),
                 e.g. after the section's wording changed; measures nothing`;

/** A bad command line: printed without a stack trace, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Throws UsageError (with the usage text) on a bad argument. */
export const parseArgs = (argv: readonly string[]): BenchArgs | 'help' => {
  const args: BenchArgs = { mode: 'full', events: FULL_EVENTS, rebuildCapMs: REBUILD_CAP_MS.full };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick')
      Object.assign(args, { mode: 'quick', events: QUICK_EVENTS, rebuildCapMs: REBUILD_CAP_MS.quick });
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[++i] : arg.slice('--only='.length);
      if (value !== 'sqlite' && value !== 'postgres')
        throw new UsageError(`--only takes sqlite or postgres\n\n${USAGE}`);
      args.only = value;
    } else if (arg === '--rerender') {
      const path = argv[++i];
      if (!path) throw new UsageError(`--rerender takes the path of a saved figures file\n\n${USAGE}`);
      args.rerender = path;
    } else if (arg === '--help' || arg === '-h') return 'help';
    else throw new UsageError(`unknown argument ${arg}\n\n${USAGE}`);
  }
  return args;
};
