import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import type { Channel } from '@crm/ingest/customer-events/customer-event';
import { MAX_TARGET_MINUTES, type TicketPriority } from '../domain/sla-targets';

const minutes = (): PropertyDecorator => {
  const decorators = [IsOptional(), IsInt(), Min(1), Max(MAX_TARGET_MINUTES)];
  return (target, key) => decorators.forEach((d) => d(target, key));
};

/** One optional override per channel of the contract; any other key is refused (forbidNonWhitelisted). */
export class ChannelOverridesDto {
  @ApiPropertyOptional() @minutes() web?: number;
  @ApiPropertyOptional() @minutes() app?: number;
  @ApiPropertyOptional() @minutes() store?: number;
  @ApiPropertyOptional() @minutes() email?: number;
  @ApiPropertyOptional() @minutes() phone?: number;
  @ApiPropertyOptional() @minutes() chat?: number;
  @ApiPropertyOptional({ example: 45 }) @minutes() social?: number;
  @ApiPropertyOptional() @minutes() sales?: number;
  @ApiPropertyOptional() @minutes() erp?: number;
  @ApiPropertyOptional() @minutes() sms?: number;
  @ApiPropertyOptional() @minutes() other?: number;
}

// Compile-time: a channel added to the contract without an override property here fails the build.
const everyChannelHasAnOverride: [Exclude<Channel, keyof ChannelOverridesDto>] extends [never] ? true : false = true;
void everyChannelHasAnOverride;

/** One optional override per ticket priority; any other key is refused. */
export class PriorityOverridesDto {
  @ApiPropertyOptional({ example: 1440 }) @minutes() low?: number;
  @ApiPropertyOptional() @minutes() medium?: number;
  @ApiPropertyOptional() @minutes() high?: number;
  @ApiPropertyOptional({ example: 30 }) @minutes() critical?: number;
}

// Compile-time: a priority added to the ticket contract without an override property here fails the build.
const everyPriorityHasAnOverride: [Exclude<TicketPriority, keyof PriorityOverridesDto>] extends [never] ? true : false =
  true;
void everyPriorityHasAnOverride;

export class ChannelMinutesDto {
  @ApiProperty({ description: 'Minutes for every channel without an override', example: 240 })
  @IsInt()
  @Min(1)
  @Max(MAX_TARGET_MINUTES)
  defaultMinutes!: number;

  @ApiPropertyOptional({ type: ChannelOverridesDto, description: 'Minutes per channel, e.g. { "social": 45 }' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ChannelOverridesDto)
  byChannel?: ChannelOverridesDto;

  @ApiPropertyOptional({
    type: PriorityOverridesDto,
    description:
      'Minutes per ticket priority, e.g. { "critical": 30, "low": 1440 }. A ticket with both a channel and a ' +
      'priority override gets the stricter of the two.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => PriorityOverridesDto)
  byPriority?: PriorityOverridesDto;
}

export class SetSlaTargetsDto {
  @ApiProperty({ type: ChannelMinutesDto, description: 'Time to the first agent reply' })
  @ValidateNested()
  @Type(() => ChannelMinutesDto)
  firstResponse!: ChannelMinutesDto;

  @ApiProperty({ type: ChannelMinutesDto, description: 'Time to resolution' })
  @ValidateNested()
  @Type(() => ChannelMinutesDto)
  resolution!: ChannelMinutesDto;

  @ApiPropertyOptional({
    description:
      'Tickets opened from this instant on are measured against the new targets (RFC 3339; default now). ' +
      'A past instant restates tickets opened since then; earlier tickets keep the targets they were opened under.',
    example: '2026-01-01T00:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  effectiveFrom?: string;

  @ApiPropertyOptional({
    description: 'Version of the target stream your change is based on (GET …/sla-targets `version`); 409 if it moved',
    example: 0,
  })
  @IsOptional()
  @IsInt()
  @Min(-1)
  @Max(1_000_000_000)
  expectedVersion?: number;
}
