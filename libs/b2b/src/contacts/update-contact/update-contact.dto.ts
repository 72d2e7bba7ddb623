import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsString, Length, Matches, ValidateIf } from 'class-validator';
import { AGGREGATE_ID_PATTERN } from '@crm/slices/domain/aggregate-id';
import { VersionedCommandDto } from '@crm/slices/http/command-dtos';
import { ContactProfileFieldsDto } from '../add-contact/contact-profile.dto';

/** Only the fields sent change; `null` clears an optional field; `reportsToId: null` puts them at the top. */
export class UpdateContactDto extends IntersectionType(ContactProfileFieldsDto, VersionedCommandDto) {
  @ApiPropertyOptional({ example: 'Ana Lima' })
  @ValidateIf((o: UpdateContactDto) => o.name !== undefined)
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ description: 'New manager, or null', example: 'con-ceo', nullable: true, type: String })
  @ValidateIf((o: UpdateContactDto) => o.reportsToId !== undefined && o.reportsToId !== null)
  @Matches(AGGREGATE_ID_PATTERN, { message: 'reportsToId must be a contact id or null' })
  reportsToId?: string | null;
}
