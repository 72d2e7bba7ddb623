import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { AGGREGATE_ID_PATTERN } from '@crm/slices/domain/aggregate-id';
import { VersionedCommandDto } from '@crm/slices/http/command-dtos';

export class LinkContactDto extends VersionedCommandDto {
  @ApiProperty({ example: 'codehow' })
  @Matches(AGGREGATE_ID_PATTERN, { message: 'accountId must be an account id' })
  accountId!: string;
}
