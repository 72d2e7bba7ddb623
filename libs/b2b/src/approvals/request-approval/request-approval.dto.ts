import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { AGGREGATE_ID_PATTERN } from '@crm/slices/domain/aggregate-id';
import { CreationCommandDto } from '@crm/slices/http/command-dtos';
import { MAX_APPROVERS } from '../approval.decider';
import { APPROVAL_KINDS, type ApprovalKind } from '../approval.events';

export class ApproverDto {
  @ApiProperty({ description: 'Who decides this step (a user id of your identity system)', example: 'mia.manager' })
  @IsString()
  @Length(1, 200)
  approverId!: string;

  @ApiPropertyOptional({ example: 'manager' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  role?: string;
}

export class RequestApprovalDto extends CreationCommandDto {
  @ApiPropertyOptional({ description: 'Defaults to a new UUID', example: 'apr-2026-0042' })
  @IsOptional()
  @Matches(AGGREGATE_ID_PATTERN, { message: 'approvalId must be 1-128 letters, digits, ".", "_", ":" or "-"' })
  approvalId?: string;

  @ApiProperty({ example: 'opp-2026-014' })
  @Matches(AGGREGATE_ID_PATTERN, { message: 'opportunityId must be an opportunity id' })
  opportunityId!: string;

  @ApiProperty({ enum: APPROVAL_KINDS, example: 'discount' })
  @IsIn(APPROVAL_KINDS)
  kind!: ApprovalKind;

  @ApiProperty({ type: [ApproverDto], description: 'In order: manager → finance → CEO' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_APPROVERS)
  @ValidateNested({ each: true })
  @Type(() => ApproverDto)
  approvers!: ApproverDto[];

  @ApiPropertyOptional({ example: 4800 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1e13)
  amount?: number;

  @ApiPropertyOptional({ example: 'EUR' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency?: string;

  @ApiPropertyOptional({ description: 'For a discount: percent off', example: 10 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  discountPercent?: number;

  @ApiPropertyOptional({ example: 'Competitive pressure from the incumbent' })
  @IsOptional()
  @IsString()
  @Length(1, 10_000)
  comment?: string;

  @ApiPropertyOptional({ example: 'sam.seller' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  requestedBy?: string;
}
