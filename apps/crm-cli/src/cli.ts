/**
 * The `crm` ops CLI. Built on commander rather than nest-commander: these commands need no dependency
 * injection (each opens a store, does one thing and exits), and commander gives exact control over
 * exit codes (exitOverride) and over where help and errors are written, which the exit-code contract
 * (2 = bad arguments, 1 = failure) needs. It is also the version Emmett and Pongo already pin (^12),
 * so the tree keeps one copy, and it supports Node 20.
 */
import { Command, CommanderError, Option } from 'commander';
import { ConfigError } from '@crm/platform/config/app-config';
import { CliContext, type CliIo } from './cli-context';
import {
  CliFailure,
  collectList,
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
  parseMilliseconds,
  parsePosition,
  parsePositiveInteger,
  parseTenant,
  UsageError,
} from './cli-errors';
import { importB2bPipelineCommand } from './commands/import-b2b-pipeline.command';
import { importOlistCommand } from './commands/import-olist.command';
import { importSupportTicketsCommand } from './commands/import-support-tickets.command';
import { deadLettersList, deadLettersReplay } from './commands/dead-letters.command';
import { exportCommand } from './commands/export.command';
import { forget } from './commands/forget.command';
import { reapplyForgetsCommand } from './commands/reapply-forgets.command';
import { projectionsResolveFault } from './commands/projections-fault.command';
import { projectionsHash } from './commands/projections-hash.command';
import { projectionsRebuild } from './commands/projections-rebuild.command';
import { projectionsStatus } from './commands/projections-status.command';
import { replay } from './commands/replay.command';
import { storeStats } from './commands/store-stats.command';

const ENVIRONMENT_HELP = `
Environment (the same variables as the API, so both share data):
  DATA_DIR           embedded store and read models (default ./.data)
  EVENT_STORE        sqlite | postgres | kurrentdb (default sqlite)
  READ_MODEL_STORE   sqlite | postgres (default sqlite)
  DATABASE_URL       PostgreSQL, for EVENT_STORE or READ_MODEL_STORE=postgres
  KURRENTDB_URL      KurrentDB, for EVENT_STORE=kurrentdb
  KAFKA_BROKERS      Kafka, for dead-letters (with KAFKA_DLQ_TOPIC / KAFKA_INGEST_TOPICS as crm-kafka reads them)

Exit codes: 0 done, 1 the operation failed, 2 bad arguments.
Docs: docs/operations.md`;

const jsonOption = (): Option => new Option('--json', 'print JSON instead of text');

export const buildProgram = (ctx: CliContext): Command => {
  const { io } = ctx;
  const program = new Command('crm')
    .description('Operate the CRM backend: projections, replay of the event log, store statistics, imports.')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .allowExcessArguments(false)
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', ENVIRONMENT_HELP);

  const projections = program
    .command('projections')
    .description('status, rebuild, content hash and fault decisions of projections');

  projections
    .command('status')
    .description('name, version, generation, status, state, checkpoint, head, lag, rate, ETA and faults')
    .addOption(jsonOption())
    .action((options: { json?: boolean }) => projectionsStatus(ctx, options));

  projections
    .command('rebuild')
    .description('rebuild blue/green: a new generation builds beside the serving one, then takes over')
    .argument('[name]', 'projection to rebuild')
    .option('--all', 'rebuild every projection, one after the other')
    .addOption(jsonOption())
    .addOption(new Option('--batch-size <events>', 'events per read-model transaction').argParser(parsePositiveInteger))
    .addOption(
      new Option(
        '--progress-interval <ms>',
        'when stderr is not a terminal, least time between progress lines (default 2000)',
      ).argParser(parseMilliseconds),
    )
    .addHelpText('after', '\nInterrupted (Ctrl-C, kill -9, a crash)? Run it again: it resumes from its checkpoint.')
    .action((name: string | undefined, options) => projectionsRebuild(ctx, name, options));

  projections
    .command('hash')
    .description('deterministic content hash of a projection (equal hashes = equal read models)')
    .argument('<name>', 'projection')
    .addOption(
      new Option('--generation <n>', 'hash this generation instead of the active one').argParser(parsePositiveInteger),
    )
    .addOption(jsonOption())
    .action((name: string, options) => projectionsHash(ctx, name, options));

  const decisions = {
    retry: 'apply the faulted event again (after fixing its cause)',
    skip: 'pass over the faulted event',
    park: 'pass over the faulted event and keep it in projection_parked_events',
  } as const;
  for (const decision of ['retry', 'skip', 'park'] as const) {
    projections
      .command(decision)
      .description(`${decisions[decision]}; recorded as an event`)
      .argument('<name>', 'faulted projection')
      .option('--actor <actor>', 'who decides (default $USER)')
      .addOption(jsonOption())
      .action((name: string, options) => projectionsResolveFault(ctx, decision, name, options));
  }

  program
    .command('replay')
    .description('stream events to stdout as NDJSON, one RecordedEvent per line, in position order')
    .addOption(
      new Option('--from <position>', 'first position (inclusive)').argParser(parsePosition).makeOptionMandatory(),
    )
    .addOption(
      new Option('--to <position>', 'last position (inclusive; default: the head at start)').argParser(parsePosition),
    )
    .addOption(
      new Option('--type <type>', 'only this event type (repeatable, or comma-separated)').argParser(collectList),
    )
    .addOption(new Option('--tenant <tenant>', 'only this tenant').argParser(parseTenant))
    .option('--all-tenants', 'every tenant (required instead of --tenant, so no export crosses tenants by accident)')
    .addHelpText('after', '\nExample: crm replay --tenant demo --from 1 --type OrderPlaced > orders.ndjson')
    .action((options) => replay(ctx, options));

  const importCommand = program.command('import').description('import public data sets through the command handlers');
  importCommand
    .command('b2b-pipeline')
    .description('the Maven Analytics CRM sales pipeline (accounts, sales teams, products, opportunities)')
    .argument('<dir>', 'folder with accounts.csv, sales_pipeline.csv, sales_teams.csv, products.csv')
    .addOption(new Option('--tenant <tenant>', 'tenant to import into').argParser(parseTenant).makeOptionMandatory())
    .addOption(
      new Option('--concurrency <deals>', 'deals imported at once (default 32)').argParser(parsePositiveInteger),
    )
    .addOption(
      new Option(
        '--progress-interval <ms>',
        'when stderr is not a terminal, least time between progress lines (default 2000)',
      ).argParser(parseMilliseconds),
    )
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nRe-running is a no-op (deterministic event ids); an interrupted import continues where it stopped.\n' +
        'Example: crm import b2b-pipeline ../shared/data/b2b-sales-pipeline --tenant demo',
    )
    .action((dir: string, options) => importB2bPipelineCommand(ctx, dir, options));
  importCommand
    .command('support-tickets')
    .description('the customer support tickets sample (email, phone, chat, social) as ticket customer events')
    .argument('<file>', 'customer_support_tickets.csv, or the folder holding it')
    .addOption(new Option('--tenant <tenant>', 'tenant to import into').argParser(parseTenant).makeOptionMandatory())
    .option(
      '--opened-at <instant>',
      'when every ticket opened (default: 00:00 UTC of the day most first responses fall on)',
    )
    .addOption(
      new Option(
        '--progress-interval <ms>',
        'when stderr is not a terminal, least time between progress lines (default 2000)',
      ).argParser(parseMilliseconds),
    )
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nRe-running is a no-op (deterministic event ids). Replies or resolutions dated before the opening are\n' +
        'imported as recorded and reported. Example: crm import support-tickets ../shared/data/support-tickets --tenant demo',
    )
    .action((file: string, options) => importSupportTicketsCommand(ctx, file, options));
  importCommand
    .command('olist')
    .description(
      'the Olist e-commerce sample (orders, customers) as customer events; identity resolution finds the persons',
    )
    .argument('<dir>', 'folder with the olist_orders, olist_customers, olist_order_items and olist_order_payments CSVs')
    .addOption(new Option('--tenant <tenant>', 'tenant to import into').argParser(parseTenant).makeOptionMandatory())
    .addOption(
      new Option(
        '--shuffle <seed>',
        'send the events in a seeded random order (the persons found must not change)',
      ).argParser(parsePositiveInteger),
    )
    .addOption(
      new Option(
        '--progress-interval <ms>',
        'when stderr is not a terminal, least time between progress lines (default 2000)',
      ).argParser(parseMilliseconds),
    )
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nRe-running is a no-op (deterministic event ids); an interrupted import continues where it stopped.\n' +
        'Example: crm import olist ../shared/data/olist-sample --tenant demo',
    )
    .action((dir: string, options) => importOlistCommand(ctx, dir, options));

  const deadLetters = program
    .command('dead-letters')
    .description('Kafka messages the ingest consumer could not store (crm.customer-events.v1.dlq): list, replay');
  const topicOption = (): Option =>
    new Option('--topic <topic>', 'dead-letter topic (default KAFKA_DLQ_TOPIC, else <first ingest topic>.dlq)');
  deadLetters
    .command('list')
    .description('every dead letter with its reason, original topic/partition/offset and detail')
    .addOption(
      new Option('--reason <reason>', 'only this reason (repeatable, or comma-separated)').argParser(collectList),
    )
    .addOption(new Option('--limit <n>', 'show at most n entries').argParser(parsePositiveInteger))
    .addOption(new Option('--tenant <tenant>', "only this tenant's letters").argParser(parseTenant))
    .option('--all-tenants', 'every letter, unknown tenants included (required instead of --tenant)')
    .addOption(topicOption())
    .addOption(jsonOption())
    .action((options) => deadLettersList(ctx, options));
  deadLetters
    .command('replay')
    .description('re-produce dead letters to their original topic, as the publisher sent them (after fixing the cause)')
    .argument('[entries...]', 'entries as shown by list: <partition>@<offset>')
    .option('--all', 'every dead letter of the topic')
    .addOption(
      new Option('--reason <reason>', 'every dead letter with this reason (repeatable)').argParser(collectList),
    )
    .addOption(
      new Option('--tenant <tenant>', "only this tenant's letters (with --all or --reason)").argParser(parseTenant),
    )
    .option('--dry-run', 'say what would be replayed, send nothing')
    .addOption(topicOption())
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nReplaying an entry twice stores its event once: it carries the same eventId both times (its own, or one\n' +
        'derived from its original topic/partition/offset).',
    )
    .action((entries: string[], options) => deadLettersReplay(ctx, entries, options));

  program
    .command('forget')
    .description(
      'GDPR erasure of a B2C profile, a B2B contact or an employee: delete its keys, record PersonForgotten / ContactForgotten / EmployeeForgotten, scrub the read models',
    )
    .addOption(new Option('--tenant <tenant>', "the profile's tenant").argParser(parseTenant).makeOptionMandatory())
    .option('--profile <profileId>', "the profile id (identity resolution's canonical id)")
    .option('--contact <contactId>', 'a B2B contact id, instead of --profile')
    .option(
      '--employee <employeeId>',
      "one of our employees (a deal owner's name, an approver's login), instead of --profile",
    )
    .addOption(
      new Option('--wait-timeout <ms>', 'how long to wait for the read models (default 120000)').argParser(
        parseMilliseconds,
      ),
    )
    .option('--vacuum-full', 'PostgreSQL read models: rewrite the changed tables (locks them meanwhile)')
    .option('--actor <actor>', 'who asks, for the record (default $USER)')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nIdempotent: run it again after a timeout, a crash, or when the person came back. Exit 1 while a read\n' +
        'model has not processed it yet. Example: crm forget --tenant acme --profile prof_2x9… (or --contact acme-alice,\n' +
        "--employee 'Moses Frase'; docs/operations.md#gdpr)",
    )
    .action((options) => forget(ctx, options));

  program
    .command('reapply-forgets')
    .description(
      'after restoring the key store from a backup: delete again the keys of everyone the log records as forgotten',
    )
    .addOption(new Option('--tenant <tenant>', 'only this tenant').argParser(parseTenant))
    .option('--all-tenants', 'every tenant (required instead of --tenant)')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nIdempotent, appends nothing; run it after every key-store restore. Example: crm reapply-forgets --all-tenants',
    )
    .action((options) => reapplyForgetsCommand(ctx, options));

  program
    .command('export')
    .description('everything held about a B2C profile, a B2B contact or an employee (right of access), as JSON')
    .addOption(new Option('--tenant <tenant>', "the profile's tenant").argParser(parseTenant).makeOptionMandatory())
    .option('--profile <profileId>', "the profile id (identity resolution's canonical id)")
    .option('--contact <contactId>', 'a B2B contact id, instead of --profile')
    .option(
      '--employee <employeeId>',
      "one of our employees (a deal owner's name, an approver's login), instead of --profile",
    )
    .option('--output <file>', 'write to this file (mode 0600) instead of stdout')
    .action((options) => exportCommand(ctx, options));

  const store = program.command('store').description('event store information');
  store
    .command('stats')
    .description('head position, streams and events per type')
    .addOption(new Option('--tenant <tenant>', 'only this tenant').argParser(parseTenant))
    .option('--all-tenants', 'the whole store (required instead of --tenant)')
    .addOption(jsonOption())
    .action((options) => storeStats(ctx, options));

  return program;
};

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Parses and runs one command line; resolves to the process exit code. Never throws. */
export const runCli = async (argv: readonly string[], io: CliIo): Promise<number> => {
  const ctx = new CliContext(io);
  try {
    await buildProgram(ctx).parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    // Commander already printed its own message (and help hint); help and --version exit with 0.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    if (error instanceof UsageError) {
      io.stderr.write(`error: ${error.message}\n(add --help for usage)\n`);
      return EXIT_USAGE;
    }
    if (error instanceof CliFailure || error instanceof ConfigError) {
      io.stderr.write(`error: ${error.message}\n`);
      return EXIT_FAILURE;
    }
    io.stderr.write(`error: ${message(error)}\n`);
    if (io.env.CRM_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return EXIT_FAILURE;
  } finally {
    await ctx.close();
  }
};
