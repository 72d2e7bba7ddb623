import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { CreationCommandDto } from '@crm/slices/http/command-dtos';
import { AGGREGATE_ID_PATTERN } from '@crm/slices/domain/aggregate-id';
import { AccountProfileFieldsDto } from './account-profile.dto';

export class RegisterAccountDto extends IntersectionType(AccountProfileFieldsDto, CreationCommandDto) {
  @ApiPropertyOptional({
    description: 'Defaults to the name in lower-case kebab (`Acme Corporation` → `acme-corporation`)',
    example: 'acme-corporation',
  })
  @IsOptional()
  @Matches(AGGREGATE_ID_PATTERN, { message: 'accountId must be 1-128 letters, digits, ".", "_", ":" or "-"' })
  accountId?: string;

  @ApiProperty({ example: 'Acme Corporation' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ description: 'The parent company: this account is its subsidiary', example: 'globex' })
  @IsOptional()
  @Matches(AGGREGATE_ID_PATTERN, { message: 'parentId must be an account id' })
  parentId?: string;
}
