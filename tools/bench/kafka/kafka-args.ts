export interface KafkaBenchArgs {
  events: number;
  partitions: number;
  /** Write the docs/benchmarks.md section (off for --quick and explicit --no-docs). */
  writeDocs: boolean;
  quick: boolean;
}

export const KAFKA_BENCH_USAGE =
  'usage: npm run bench:kafka [-- --events <n>] [--partitions <n>] [--quick] [--no-docs]\n' +
  '  --events      backlog size (default 1,000,000; --quick: 100,000)\n' +
  '  --partitions  partitions of the benchmark topic (default 3)\n' +
  '  --quick       smoke run with 100,000 events; leaves docs/benchmarks.md alone\n' +
  '  --no-docs     do not rewrite the bench:kafka section of docs/benchmarks.md';

const positive = (flag: string, text: string | undefined): number => {
  const value = Number(text?.replace(/_/g, ''));
  if (!text || !Number.isSafeInteger(value) || value < 1)
    throw new Error(`${flag} needs a positive integer\n${KAFKA_BENCH_USAGE}`);
  return value;
};

export const parseKafkaBenchArgs = (argv: readonly string[]): KafkaBenchArgs | 'help' => {
  let events: number | undefined;
  let partitions = 3;
  let quick = false;
  let docs = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return 'help';
    else if (arg === '--quick') quick = true;
    else if (arg === '--no-docs') docs = false;
    else if (arg === '--events') events = positive(arg, argv[++i]);
    else if (arg === '--partitions') partitions = positive(arg, argv[++i]);
    else throw new Error(`unknown argument ${arg}\n${KAFKA_BENCH_USAGE}`);
  }
  return { events: events ?? (quick ? 100_000 : 1_000_000), partitions, quick, writeDocs: docs && !quick };
};
