import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, Length, Matches } from 'class-validator';
import { AGGREGATE_ID_PATTERN } from '@crm/slices/domain/aggregate-id';
import { CreationCommandDto } from '@crm/slices/http/command-dtos';
import { ContactProfileFieldsDto } from './contact-profile.dto';

export class AddContactDto extends IntersectionType(ContactProfileFieldsDto, CreationCommandDto) {
  @ApiPropertyOptional({ description: 'Defaults to a new UUID', example: 'con-ana-lima' })
  @IsOptional()
  @Matches(AGGREGATE_ID_PATTERN, { message: 'contactId must be 1-128 letters, digits, ".", "_", ":" or "-"' })
  contactId?: string;

  @ApiProperty({ example: 'Ana Lima' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ description: 'Accounts the person works for (at least one)', example: ['acme-corporation'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Matches(AGGREGATE_ID_PATTERN, { each: true, message: 'each accountId must be an account id' })
  accountIds!: string[];

  @ApiPropertyOptional({ description: 'The contact this person reports to (org chart)', example: 'con-ceo' })
  @IsOptional()
  @Matches(AGGREGATE_ID_PATTERN, { message: 'reportsToId must be a contact id' })
  reportsToId?: string;
}
