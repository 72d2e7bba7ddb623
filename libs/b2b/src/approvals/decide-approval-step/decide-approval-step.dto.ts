import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { VersionedCommandDto } from '@crm/slices/http/command-dtos';

export class ApproveStepDto extends VersionedCommandDto {
  @ApiProperty({ description: 'Who decides: must be the approver of the current step', example: 'mia.manager' })
  @IsString()
  @Length(1, 200)
  approverId!: string;

  @ApiPropertyOptional({ example: 'OK for 10 %, not more.' })
  @IsOptional()
  @IsString()
  @Length(1, 10_000)
  comment?: string;
}

export class RejectStepDto extends VersionedCommandDto {
  @ApiProperty({ description: 'Who decides: must be the approver of the current step', example: 'fred.finance' })
  @IsString()
  @Length(1, 200)
  approverId!: string;

  @ApiProperty({ description: 'Why: a rejection always says it', example: 'Margin below floor' })
  @IsString()
  @Length(1, 10_000)
  comment!: string;
}
