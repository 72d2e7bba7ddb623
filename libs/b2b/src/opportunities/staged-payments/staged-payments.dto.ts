import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  Validate,
  ValidateNested,
} from 'class-validator';
import { CalendarDateConstraint } from '@crm/slices/http/calendar-date.constraint';
import { VersionedCommandDto } from '@crm/slices/http/command-dtos';
import { MAX_INSTALMENTS } from '../domain/staged-payments';

export class InstalmentDto {
  @ApiProperty({ description: 'YYYY-MM-DD', example: '2026-04-01' })
  @Validate(CalendarDateConstraint)
  dueDate!: string;

  @ApiProperty({ example: 15000 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1e13)
  amount!: number;
}

export class SchedulePaymentsDto extends VersionedCommandDto {
  @ApiProperty({ type: [InstalmentDto], description: 'In due order; amounts add up to the won value' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_INSTALMENTS)
  @ValidateNested({ each: true })
  @Type(() => InstalmentDto)
  instalments!: InstalmentDto[];
}

export class RecordPaymentDto extends VersionedCommandDto {
  @ApiProperty({ description: 'Instalment number (1 = first)', example: 1 })
  @IsInt()
  @Min(1)
  @Max(MAX_INSTALMENTS)
  instalment!: number;

  @ApiProperty({ example: 15000 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1e13)
  amount!: number;

  @ApiPropertyOptional({ description: 'Bank or invoice reference', example: 'INV-2026-0042' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  reference?: string;
}
