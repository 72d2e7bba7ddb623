import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional, IsString, Length, Matches, Max, Min, Validate } from 'class-validator';
import { AGGREGATE_ID_PATTERN } from '@crm/slices/domain/aggregate-id';
import { CreationCommandDto } from '@crm/slices/http/command-dtos';
import { CalendarDateConstraint } from '@crm/slices/http/calendar-date.constraint';

export class OpenOpportunityDto extends CreationCommandDto {
  @ApiPropertyOptional({ description: 'Defaults to a new UUID', example: 'opp-2026-014' })
  @IsOptional()
  @Matches(AGGREGATE_ID_PATTERN, { message: 'opportunityId must be 1-128 letters, digits, ".", "_", ":" or "-"' })
  opportunityId?: string;

  @ApiProperty({ description: 'A registered account', example: 'acme-corporation' })
  @Matches(AGGREGATE_ID_PATTERN, { message: 'accountId must be an account id' })
  accountId!: string;

  @ApiProperty({ example: 'GTX Pro roll-out' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ description: 'Expected deal value', example: 48000 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1e13)
  amount!: number;

  @ApiProperty({ description: 'ISO 4217', example: 'EUR' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency!: string;

  @ApiPropertyOptional({ description: 'A pipeline of the tenant; defaults to `default`', example: 'default' })
  @IsOptional()
  @Matches(AGGREGATE_ID_PATTERN, { message: 'pipelineId must be a pipeline id' })
  pipelineId?: string;

  @ApiPropertyOptional({ description: 'Open stage to start in; defaults to the first', example: 'Prospecting' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  stage?: string;

  @ApiPropertyOptional({ description: 'YYYY-MM-DD', example: '2026-06-30' })
  @IsOptional()
  @Validate(CalendarDateConstraint)
  expectedCloseDate?: string;

  @ApiPropertyOptional({ example: 'GTX Pro' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  product?: string;

  @ApiPropertyOptional({ example: 'Moses Frase' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  salesAgent?: string;

  @ApiPropertyOptional({ example: 'Dustin Brinkmann' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  manager?: string;

  @ApiPropertyOptional({ example: 'Central' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  regionalOffice?: string;
}
