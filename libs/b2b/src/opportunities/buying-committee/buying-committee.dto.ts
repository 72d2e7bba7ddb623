import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { VersionedCommandDto } from '@crm/slices/http/command-dtos';
import { BUYING_ROLES, STANCES, type BuyingRole, type Stance } from '../opportunity.events';

export class SetCommitteeRoleDto extends VersionedCommandDto {
  @ApiProperty({ enum: BUYING_ROLES, example: 'technical-evaluator' })
  @IsIn(BUYING_ROLES)
  role!: BuyingRole;

  @ApiProperty({ enum: STANCES, example: 'supportive' })
  @IsIn(STANCES)
  stance!: Stance;
}

export class RemoveCommitteeMemberQuery {
  @ApiPropertyOptional({ description: 'The deal version your decision is based on', example: 4 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(-1)
  @Max(1_000_000_000)
  expectedVersion?: number;
}
