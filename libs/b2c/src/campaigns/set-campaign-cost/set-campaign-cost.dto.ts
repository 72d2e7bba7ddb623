import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNumber, IsOptional, Matches, Max, Min } from 'class-validator';

export class SetCampaignCostDto {
  @ApiProperty({ description: 'Total spend on the campaign so far (replaces the previous figure)', example: 1250.5 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1e13)
  amount!: number;

  @ApiProperty({ description: 'ISO 4217', example: 'EUR' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency!: string;

  @ApiPropertyOptional({
    description:
      'Version of the campaign’s cost your change is based on (GET …/funnel `cost.version`); 409 if it moved',
    example: 0,
  })
  @IsOptional()
  @IsInt()
  @Min(-1)
  @Max(1_000_000_000)
  expectedVersion?: number;
}
