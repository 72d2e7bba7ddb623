import { RequireScopes } from '@crm/platform/auth/auth.decorators';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { ingestRate, type OpsSample, type RatePoint } from './ops-history';
import { OpsHistorySampler } from './ops-history.sampler';

export class OpsHistoryQuery {
  @ApiPropertyOptional({ description: 'Only samples taken after this instant (the last `at` you have)' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  since?: string;
}

export interface OpsHistoryView {
  samples: OpsSample[];
  ingestRate: RatePoint[];
}

@ApiTags('ops')
@Controller('v1/ops/history')
@RequireScopes('ops')
export class OpsHistoryController {
  constructor(private readonly sampler: OpsHistorySampler) {}

  @Get()
  @ApiOperation({ summary: 'Store head and projection checkpoints sampled every few seconds (last 30 minutes)' })
  @ApiOkResponse({
    description:
      '{ samples: [{ at, headPosition, projections: { <name>: { checkpoint, lag } } }], ingestRate: [{ at, eventsPerSecond }] }',
  })
  history(@Query() query: OpsHistoryQuery): OpsHistoryView {
    const samples = this.sampler.history.since(query.since);
    return { samples, ingestRate: ingestRate(samples) };
  }
}
