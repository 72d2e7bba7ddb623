import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';

/** Optimistic concurrency and back-dating, shared by every command body on an existing aggregate. */
export class VersionedCommandDto {
  @ApiPropertyOptional({
    description:
      'The aggregate version your decision is based on (from the last command response or the read model); ' +
      '409 wrong-expected-version when it has moved on. Omitted: decide on the current state.',
    example: 2,
  })
  @IsOptional()
  @IsInt()
  @Min(-1)
  @Max(1_000_000_000)
  expectedVersion?: number;

  @ApiPropertyOptional({
    description: 'When it happened (RFC 3339); defaults to now. At most 24 h ahead of the server clock.',
    example: '2026-03-14T09:26:53Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  occurredAt?: string;
}

/** Creation commands: back-dating only (a new aggregate has no version to expect). */
export class CreationCommandDto {
  @ApiPropertyOptional({
    description: 'When it happened (RFC 3339); defaults to now. At most 24 h ahead of the server clock.',
    example: '2026-03-14T09:26:53Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  occurredAt?: string;
}
