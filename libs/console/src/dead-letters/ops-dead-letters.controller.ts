import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { ApiProblemResponse } from '@crm/platform/http/api-problem-response.decorator';
import { problem } from '@crm/platform/http/problems';
import type { FieldError } from '@crm/platform/http/problem-details';
import { deadLetterRef, type DeadLetterEntry } from '@crm/messaging/dead-letters/dead-letter';
import {
  DeadLetterTopicMissing,
  readDeadLetters,
  replayDeadLetters,
} from '@crm/messaging/dead-letters/dead-letter-topic';
import { createKafka } from '@crm/messaging/kafka/kafka-client';
import { silentLogger } from '@crm/messaging/messaging-logger';
import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import type { Kafka } from 'kafkajs';
import { CONSOLE_OPTIONS, type ConsoleModuleOptions } from '../console-options';
import { OpsError } from '../operator/ops-error';
import { OperatorPolicy } from '@crm/platform/auth/platform-operator';
import { deadLetterTenant, visibleDeadLetters } from './dead-letter-visibility';
import type { OpsKafka } from './ops-kafka';

/** Enough of a value to read it in the console; the whole message stays in Kafka. */
const MAX_VALUE_CHARS = 16 * 1024;
const REF = /^[A-Za-z0-9._-]{1,249}\/\d{1,9}@\d{1,19}$/;

export class DeadLettersQuery {
  @ApiPropertyOptional({ description: 'Only these reasons (comma-separated), e.g. unknown-tenant' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value))
  @IsArray()
  @IsString({ each: true })
  reason?: string[];

  @ApiPropertyOptional({ description: 'Entries listed, at most (default 200)', example: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class ReplayDeadLettersDto {
  @ApiProperty({
    description: 'Dead letters to re-produce to their original topic, as listed (`<dlq topic>/<partition>@<offset>`)',
    example: ['crm.customer-events.v1.dlq/0@12'],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @Matches(REF, { each: true, message: 'each ref must be <topic>/<partition>@<offset>' })
  refs!: string[];
}

export interface DeadLetterView {
  ref: string;
  reason: string;
  detail: string;
  errors: FieldError[];
  original: DeadLetterEntry['original'];
  eventId: string | null;
  failedAt: string | null;
  truncated: boolean;
  tenantId: string | null;
  key: string | null;
  value: string | null;
  valueEncoding: 'utf8' | 'base64';
  /** The value shown was cut for display (the dead letter itself is whole unless `truncated`). */
  valueCut: boolean;
  /** The whole value's size in bytes (null without a value), so a cut one can say how much is hidden. */
  valueBytes: number | null;
}

export type DeadLettersView =
  | { configured: false; detail: string }
  | {
      configured: true;
      topic: string;
      topicExists: boolean;
      /** Dead letters this key may see (its tenant's; every one for a platform operator). */
      total: number;
      matching: number;
      reasons: Record<string, number>;
      entries: DeadLetterView[];
    };

const valueView = (
  value: Buffer | null,
): Pick<DeadLetterView, 'value' | 'valueEncoding' | 'valueCut' | 'valueBytes'> => {
  if (value === null) return { value: null, valueEncoding: 'utf8', valueCut: false, valueBytes: null };
  let text: string;
  let valueEncoding: 'utf8' | 'base64' = 'utf8';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(value);
  } catch {
    text = value.toString('base64');
    valueEncoding = 'base64';
  }
  return {
    value: text.slice(0, MAX_VALUE_CHARS),
    valueEncoding,
    valueCut: text.length > MAX_VALUE_CHARS,
    valueBytes: value.length,
  };
};

/** Kafka down or slow: a 503 the console shows, never a 500. */
const kafkaUnavailable = (error: unknown): unknown =>
  error instanceof Error && error.name.startsWith('KafkaJS')
    ? problem('not-ready', `Kafka did not answer (${error.name}); retry later.`, { headers: { 'retry-after': '5' } })
    : error;

/**
 * `crm dead-letters list|replay` over HTTP, tenant by tenant: an `ops` key lists and replays the dead
 * letters of its own tenant (mapped topic, else the `tenant` header); a platform operator all of them.
 */
@ApiTags('ops')
@Controller('v1/ops/dead-letters')
@RequireScopes('ops')
export class OpsDeadLettersController {
  private kafkaClient: Kafka | undefined;

  constructor(
    @Inject(CONSOLE_OPTIONS) private readonly options: ConsoleModuleOptions,
    private readonly operators: OperatorPolicy,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Dead letters of the key’s tenant (every tenant’s for a platform operator), with reasons' })
  @ApiOkResponse({
    description:
      '{ configured, topic, topicExists, total, matching, reasons: { <reason>: n }, entries: [{ ref, reason, detail, ' +
      'errors, original, eventId, failedAt, truncated, tenantId, key, value, valueEncoding, valueCut, valueBytes }] }',
  })
  @ApiProblemResponse(503, 'Kafka did not answer')
  async list(@CurrentAuth() auth: AuthContext, @Query() query: DeadLettersQuery): Promise<DeadLettersView> {
    const kafka = this.options.kafka;
    if (!kafka)
      return {
        configured: false,
        detail:
          'This API runs without KAFKA_BROKERS: set it (and the KAFKA_* variables of crm-kafka) to see dead letters.',
      };
    const read = await this.read(auth, kafka);
    if (!read)
      return {
        configured: true,
        topic: kafka.deadLetterTopic,
        topicExists: false,
        total: 0,
        matching: 0,
        reasons: {},
        entries: [],
      };
    const reasons: Record<string, number> = {};
    for (const e of read) reasons[e.reason] = (reasons[e.reason] ?? 0) + 1;
    const matching = query.reason?.length ? read.filter((e) => query.reason!.includes(e.reason)) : read;
    return {
      configured: true,
      topic: kafka.deadLetterTopic,
      topicExists: true,
      total: read.length,
      matching: matching.length,
      reasons,
      entries: matching.slice(0, query.limit ?? 200).map((e) => ({
        ref: deadLetterRef(e),
        reason: e.reason,
        detail: e.detail,
        errors: e.errors,
        original: e.original,
        eventId: e.eventId,
        failedAt: e.failedAt,
        truncated: e.truncated,
        tenantId: deadLetterTenant(e, kafka.topicTenants),
        key: e.key?.toString('utf8') ?? null,
        ...valueView(e.value),
      })),
    };
  }

  @Post('replay')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Re-produce dead letters to their original topic, as the publisher sent them (after fixing the cause)',
  })
  @ApiOkResponse({ description: '{ replayed, entries: [{ ref, reason, to, eventId }] }' })
  @ApiProblemResponse(404, 'A ref that is not a dead letter this key may see')
  @ApiProblemResponse(422, 'A dead letter whose value was truncated (replay the original instead)')
  async replay(
    @CurrentAuth() auth: AuthContext,
    @Body() body: ReplayDeadLettersDto,
  ): Promise<{ replayed: number; entries: { ref: string; reason: string; to: string; eventId: string | null }[] }> {
    const kafka = this.options.kafka;
    if (!kafka) throw new OpsError('unknown-dead-letter', 'This API runs without KAFKA_BROKERS: no dead letters.');
    const visible = (await this.read(auth, kafka)) ?? [];
    const chosen = [...new Set(body.refs)].map((ref) => {
      const found = visible.find((e) => deadLetterRef(e) === ref);
      // Another tenant's dead letter answers exactly like a missing one.
      if (!found) throw new OpsError('unknown-dead-letter', `Dead letter ${ref} was not found.`);
      if (found.truncated)
        throw new OpsError(
          'dead-letter-truncated',
          `Dead letter ${ref} holds a cut value; replay the original from ` +
            `${found.original.topic}/${found.original.partition}@${found.original.offset} instead.`,
        );
      return found;
    });
    const replayed = await replayDeadLetters(this.kafka(kafka), chosen).catch((error: unknown) => {
      throw kafkaUnavailable(error);
    });
    return {
      replayed,
      entries: chosen.map((e) => ({
        ref: deadLetterRef(e),
        reason: e.reason,
        to: e.original.topic,
        eventId: e.eventId,
      })),
    };
  }

  /** The caller's dead letters, oldest first per partition; undefined when the topic does not exist yet. */
  private async read(auth: AuthContext, kafka: OpsKafka): Promise<DeadLetterEntry[] | undefined> {
    try {
      const { entries } = await readDeadLetters(this.kafka(kafka), kafka.deadLetterTopic);
      const operator = this.operators.isOperator(auth);
      return visibleDeadLetters(entries, { tenantId: auth.tenantId, operator }, kafka.topicTenants);
    } catch (error) {
      if (error instanceof DeadLetterTopicMissing) return undefined;
      throw kafkaUnavailable(error);
    }
  }

  private kafka(settings: OpsKafka): Kafka {
    this.kafkaClient ??= createKafka({
      brokers: settings.brokers,
      clientId: `${settings.clientId}-api`,
      logger: silentLogger,
    });
    return this.kafkaClient;
  }
}
