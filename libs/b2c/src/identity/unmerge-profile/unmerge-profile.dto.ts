import { VersionedCommandDto } from '@crm/slices/http/command-dtos';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IdentifierRefDto } from '../identifier-ref.dto';

export class UnmergeProfileDto extends VersionedCommandDto {
  @ApiProperty({
    type: [IdentifierRefDto],
    description: 'Identifiers of this profile that belong to someone else; the rest stays',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => IdentifierRefDto)
  identifiers!: IdentifierRefDto[];

  @ApiPropertyOptional({ description: 'Why, for the audit', example: 'family tablet merged two customers' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}
