import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsString, Length, Matches, ValidateIf } from 'class-validator';
import { AGGREGATE_ID_PATTERN } from '@crm/slices/domain/aggregate-id';
import { VersionedCommandDto } from '@crm/slices/http/command-dtos';
import { AccountProfileFieldsDto } from '../register-account/account-profile.dto';

/** Only the fields sent change; `null` clears an optional field, `parentId: null` detaches the account. */
export class UpdateAccountDto extends IntersectionType(AccountProfileFieldsDto, VersionedCommandDto) {
  @ApiPropertyOptional({ example: 'Acme Corporation' })
  @ValidateIf((o: UpdateAccountDto) => o.name !== undefined)
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({
    description: 'New parent account, or null to detach it from its group',
    example: 'globex',
    nullable: true,
    type: String,
  })
  @ValidateIf((o: UpdateAccountDto) => o.parentId !== undefined && o.parentId !== null)
  @Matches(AGGREGATE_ID_PATTERN, { message: 'parentId must be an account id or null' })
  parentId?: string | null;
}
