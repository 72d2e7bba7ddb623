import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_CONVERSION_WINDOW_DAYS } from '../domain/attribution';

export class SetConversionWindowDto {
  @ApiProperty({
    description: `A purchase at most this many days after a click converts (1–${MAX_CONVERSION_WINDOW_DAYS})`,
    example: 7,
  })
  @IsInt()
  @Min(1)
  @Max(MAX_CONVERSION_WINDOW_DAYS)
  conversionWindowDays!: number;

  @ApiPropertyOptional({
    description: 'Settings version your change is based on (GET /v1/b2c/campaigns `settingsVersion`); 409 if it moved',
    example: -1,
  })
  @IsOptional()
  @IsInt()
  @Min(-1)
  @Max(1_000_000_000)
  expectedVersion?: number;
}
