import { VersionedCommandDto } from '@crm/slices/http/command-dtos';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IDENTIFIER_TYPES, type IdentifierType } from '../domain/identifier';
import { MAX_BLOCKED_PATTERNS, MAX_BLOCKED_VALUES, MAX_LIMIT, MAX_PATTERN_LENGTH } from '../domain/identity-rules';

export class BlockedPatternDto {
  @ApiPropertyOptional({ enum: IDENTIFIER_TYPES, description: 'Only this type (default: every type)' })
  @IsOptional()
  @IsIn(IDENTIFIER_TYPES)
  type?: IdentifierType;

  @ApiProperty({ description: 'Regular expression, case-insensitive, on the normalised value', example: '^qa-' })
  @IsString()
  @MaxLength(MAX_PATTERN_LENGTH)
  pattern!: string;
}

/** Per type: at most this many distinct identifiers of the type through one identifier. */
export class IdentityLimitsDto implements Partial<Record<IdentifierType, number>> {
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(MAX_LIMIT) customerId?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(MAX_LIMIT) email?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(MAX_LIMIT) phone?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(MAX_LIMIT) deviceId?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(MAX_LIMIT) cookieId?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(MAX_LIMIT) loyaltyCard?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(MAX_LIMIT) orderAccount?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(MAX_LIMIT) anonymousId?: number;
}

/** The rules; anything left out keeps its documented default. */
export class SetIdentityRulesDto extends VersionedCommandDto {
  @ApiPropertyOptional({
    enum: IDENTIFIER_TYPES,
    isArray: true,
    description: 'Every identifier type once, strongest first: a profile is named after its strongest identifier',
  })
  @IsOptional()
  @IsArray()
  @IsIn(IDENTIFIER_TYPES, { each: true })
  priority?: IdentifierType[];

  @ApiPropertyOptional({ type: IdentityLimitsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => IdentityLimitsDto)
  limits?: IdentityLimitsDto;

  @ApiPropertyOptional({ description: 'Values that never link (compared case-insensitively after normalisation)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_BLOCKED_VALUES)
  @IsString({ each: true })
  @MaxLength(254, { each: true })
  blockedValues?: string[];

  @ApiPropertyOptional({ type: [BlockedPatternDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_BLOCKED_PATTERNS)
  @ValidateNested({ each: true })
  @Type(() => BlockedPatternDto)
  blockedPatterns?: BlockedPatternDto[];
}
