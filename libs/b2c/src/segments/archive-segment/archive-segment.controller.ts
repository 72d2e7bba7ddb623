import { CommandApi } from '@crm/slices/http/command.openapi';
import { httpOrigin, pathId } from '@crm/slices/http/command-context';
import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { CorrelationId } from '@crm/platform/http/correlation-id.decorator';
import { Controller, Delete, Headers, HttpCode, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { SegmentCommandResult } from '../define-segment/define-segment.command';
import { ArchiveSegment } from './archive-segment.command';

@ApiTags('b2c segments')
@Controller('v1/b2c/segments')
export class ArchiveSegmentController {
  constructor(private readonly commandBus: CommandBus) {}

  @Delete(':segmentId')
  @HttpCode(200)
  @RequireScopes('events:write')
  @CommandApi({
    summary: 'Archive a segment: it keeps its definition and loses its members until defined again',
    description: 'Archiving an archived segment appends nothing.',
    idField: 'segmentId',
    status: 200,
    notFound: 'No such segment in this tenant',
  })
  archive(
    @Param('segmentId') segmentId: string,
    @CurrentAuth() auth: AuthContext,
    @CorrelationId() correlationId: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<SegmentCommandResult> {
    return this.commandBus.execute(
      new ArchiveSegment(
        auth.tenantId,
        pathId(segmentId, 'Segment'),
        new Date().toISOString(),
        httpOrigin(auth, correlationId, idempotencyKey),
      ),
    );
  }
}
