import { loadKafkaConfig, KAFKA_VARIABLES, type KafkaConfig } from '@crm/messaging/config/kafka-config';
import { deadLetterRef, tenantOfDeadLetter, type DeadLetterEntry } from '@crm/messaging/dead-letters/dead-letter';
import {
  DeadLetterTopicMissing,
  readDeadLetters,
  replayDeadLetters,
} from '@crm/messaging/dead-letters/dead-letter-topic';
import { createKafka } from '@crm/messaging/kafka/kafka-client';
import { silentLogger } from '@crm/messaging/messaging-logger';
import type { Kafka } from 'kafkajs';
import type { CliContext } from '../cli-context';
import { CliFailure, UsageError } from '../cli-errors';
import { formatCount, formatTable, toJson } from '../output';

/** `--tenant <t>` (that tenant's letters only) or `--all-tenants` (every letter, unknown tenants included). */
export interface DeadLetterTenantOptions {
  tenant?: string;
  allTenants?: boolean;
}

export interface DeadLettersListOptions extends DeadLetterTenantOptions {
  reason?: string[];
  limit?: number;
  topic?: string;
  json?: boolean;
}

export interface DeadLettersReplayOptions extends DeadLetterTenantOptions {
  all?: boolean;
  reason?: string[];
  topic?: string;
  dryRun?: boolean;
  json?: boolean;
}

/**
 * The Kafka settings of the dead-letter commands: only the KAFKA_* variables, so what crm-kafka alone
 * needs (tenants under NODE_ENV=production…) cannot stop an operator from looking at dead letters.
 */
const kafkaOf = (ctx: CliContext): { config: KafkaConfig; kafka: Kafka } => {
  const picked: NodeJS.ProcessEnv = {};
  for (const variable of KAFKA_VARIABLES)
    if (ctx.io.env[variable] !== undefined) picked[variable] = ctx.io.env[variable];
  const config = loadKafkaConfig(picked);
  return {
    config,
    kafka: createKafka({ brokers: config.brokers, clientId: `${config.clientId}-cli`, logger: silentLogger }),
  };
};

/**
 * Reads the dead-letter topic, keeping only the letters of `--tenant` when given: a letter's payload is
 * its tenant's data, so an operator working for one tenant sees (and counts) only that tenant's.
 */
const read = async (ctx: CliContext, topicOption: string | undefined, scope: DeadLetterTenantOptions) => {
  const { config, kafka } = kafkaOf(ctx);
  const topic = topicOption ?? config.ingest.deadLetterTopic;
  try {
    const { entries, foreign } = await readDeadLetters(kafka, topic);
    const mine =
      scope.tenant === undefined
        ? entries
        : entries.filter((e) => tenantOfDeadLetter(e, config.ingest.topicTenants) === scope.tenant);
    return { topic, kafka, entries: mine, foreign };
  } catch (error) {
    if (error instanceof DeadLetterTopicMissing) throw new CliFailure(error.message);
    throw error;
  }
};

/** A value as text when it is UTF-8 (it almost always is: JSON), else base64 so JSON output stays lossless. */
const valueForJson = (value: Buffer | null): { value: string | null; valueEncoding: 'utf8' | 'base64' } => {
  if (value === null) return { value: null, valueEncoding: 'utf8' };
  try {
    return { value: new TextDecoder('utf-8', { fatal: true }).decode(value), valueEncoding: 'utf8' };
  } catch {
    return { value: value.toString('base64'), valueEncoding: 'base64' };
  }
};

const entryJson = (e: DeadLetterEntry) => ({
  ref: deadLetterRef(e),
  partition: e.partition,
  offset: e.offset,
  reason: e.reason,
  detail: e.detail,
  errors: e.errors,
  original: e.original,
  eventId: e.eventId,
  consumerGroup: e.consumerGroup,
  failedAt: e.failedAt,
  truncated: e.truncated,
  key: e.key?.toString('utf8') ?? null,
  ...valueForJson(e.value),
  headers: e.headers,
});

const oneLine = (text: string, max: number): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

const byReason = (entries: readonly DeadLetterEntry[], reasons: readonly string[] | undefined): DeadLetterEntry[] =>
  reasons && reasons.length > 0 ? entries.filter((e) => reasons.includes(e.reason)) : [...entries];

/** `crm dead-letters list`: what is in the dead-letter topic, oldest first per partition, and why. */
export const deadLettersList = async (ctx: CliContext, options: DeadLettersListOptions): Promise<void> => {
  if (options.tenant !== undefined && options.allTenants)
    throw new UsageError('Give either --tenant <tenant> or --all-tenants, not both.');
  if (options.tenant === undefined && !options.allTenants)
    throw new UsageError(
      '--tenant <tenant> is required (or --all-tenants to list every tenant’s letters, on purpose).',
    );
  const { topic, entries: all, foreign } = await read(ctx, options.topic, options);
  const matching = byReason(all, options.reason);
  const shown = options.limit !== undefined ? matching.slice(0, options.limit) : matching;
  if (options.json) {
    ctx.io.stdout.write(
      toJson({ topic, total: all.length, matching: matching.length, foreign, entries: shown.map(entryJson) }),
    );
    return;
  }
  const reasons = new Map<string, number>();
  for (const e of all) reasons.set(e.reason, (reasons.get(e.reason) ?? 0) + 1);
  const summary = [...reasons].map(([r, n]) => `${formatCount(n)} ${r}`).join(', ');
  ctx.io.stdout.write(
    `${topic}: ${formatCount(all.length)} dead letter${all.length === 1 ? '' : 's'}${summary ? ` (${summary})` : ''}` +
      `${foreign > 0 ? `; ${formatCount(foreign)} other message(s) not in the dead-letter format` : ''}\n`,
  );
  if (shown.length === 0) return;
  ctx.io.stdout.write(
    `\n${formatTable(
      ['ENTRY', 'REASON', 'ORIGINAL', 'FAILED AT', 'DETAIL'],
      shown.map((e) => [
        `${e.partition}@${e.offset}`,
        e.reason,
        `${e.original.topic}/${e.original.partition}@${e.original.offset}`,
        e.failedAt ?? '-',
        oneLine(e.detail, 100),
      ]),
    )}`,
  );
  if (shown.length < matching.length)
    ctx.io.stdout.write(`… ${formatCount(matching.length - shown.length)} more (--limit)\n`);
  ctx.io.stdout.write(
    '\nReplay after fixing the cause: crm dead-letters replay <entry>… | --reason <reason> | --all\n',
  );
};

const ENTRY = /^(?:(.+)\/)?(\d+)@(\d+)$/;

/**
 * `crm dead-letters replay`: re-produces the chosen dead letters to their original topics, as the
 * publisher sent them. Dead letters stay in the topic (Kafka is append-only); replaying one twice is
 * harmless, because it carries the same eventId both times and the store keeps it once.
 */
export const deadLettersReplay = async (
  ctx: CliContext,
  refs: readonly string[],
  options: DeadLettersReplayOptions,
): Promise<void> => {
  const chosenBy = [refs.length > 0, options.all === true, (options.reason?.length ?? 0) > 0].filter(Boolean).length;
  if (chosenBy === 0)
    throw new UsageError('Say which dead letters to replay: <entry>… (e.g. 0@12), --reason <reason> or --all.');
  if (refs.length > 0 && chosenBy > 1) throw new UsageError('Give entries, or --reason / --all, not both.');
  const wanted = refs.map((ref) => {
    const match = ENTRY.exec(ref);
    if (!match) throw new UsageError(`"${ref}" is not a dead-letter entry: expected <partition>@<offset>, e.g. 0@12.`);
    return { topic: match[1], partition: Number(match[2]), offset: match[3]! };
  });

  if (options.tenant !== undefined && options.allTenants)
    throw new UsageError('Give either --tenant <tenant> or --all-tenants, not both.');
  const { topic, kafka, entries } = await read(ctx, options.topic, options);
  let chosen: DeadLetterEntry[];
  if (wanted.length > 0) {
    chosen = wanted.map((w) => {
      if (w.topic !== undefined && w.topic !== topic)
        throw new UsageError(`Entry ${w.topic}/${w.partition}@${w.offset} is not in ${topic}.`);
      const found = entries.find((e) => e.partition === w.partition && e.offset === w.offset);
      if (!found)
        throw new CliFailure(
          `No dead letter ${w.partition}@${w.offset} in ${topic}${options.tenant ? ` for tenant ${options.tenant}` : ''}.`,
        );
      return found;
    });
  } else {
    chosen = byReason(entries, options.reason);
  }
  const truncated = chosen.filter((e) => e.truncated);
  const replayable = chosen.filter((e) => !e.truncated);
  if (truncated.length > 0 && wanted.length > 0) {
    throw new CliFailure(
      `${truncated.map(deadLetterRef).join(', ')}: the value was cut to fit the dead-letter topic; replay the original from ` +
        `${truncated.map((e) => `${e.original.topic}/${e.original.partition}@${e.original.offset}`).join(', ')} instead.`,
    );
  }
  const replayed = options.dryRun ? 0 : await replayDeadLetters(kafka, replayable);
  if (options.json) {
    ctx.io.stdout.write(
      toJson({
        topic,
        dryRun: options.dryRun === true,
        replayed,
        entries: replayable.map((e) => ({
          ref: deadLetterRef(e),
          reason: e.reason,
          to: e.original.topic,
          eventId: e.eventId,
        })),
        skippedTruncated: truncated.map(deadLetterRef),
      }),
    );
    return;
  }
  const targets = [...new Set(replayable.map((e) => e.original.topic))].join(', ');
  ctx.io.stdout.write(
    options.dryRun
      ? `would replay ${formatCount(replayable.length)} dead letter(s) to ${targets || '-'} (dry run: nothing sent)\n`
      : `replayed ${formatCount(replayed)} dead letter(s) to ${targets || '-'}\n`,
  );
  if (truncated.length > 0) {
    ctx.io.stdout.write(
      `skipped ${formatCount(truncated.length)} with a truncated value: ${truncated.map(deadLetterRef).join(', ')}\n`,
    );
  }
};
