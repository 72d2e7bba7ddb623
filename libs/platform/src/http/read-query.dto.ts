import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

/** Base of every query DTO of a @ReadsProjection route: declares minPosition so the strict pipe accepts it. */
export class ReadQuery {
  @ApiPropertyOptional({
    description:
      'Read-your-writes: answer only once the read model has applied the log up to this position ' +
      '(a command or ingest response gives it as lastPosition); 503 not-caught-up with Retry-After otherwise. ' +
      'Also accepted as the X-Min-Position header.',
    example: '1042',
  })
  @IsOptional()
  @Matches(/^\d{1,15}$/, { message: 'minPosition must be a non-negative integer' })
  minPosition?: string;
}
