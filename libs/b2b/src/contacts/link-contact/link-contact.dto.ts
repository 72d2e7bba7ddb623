import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { AGGREGATE_ID_PATTERN } from '../../shared/domain/aggregate-id';
import { VersionedCommandDto } from '../../shared/http/command-dtos';

export class LinkContactDto extends VersionedCommandDto {
  @ApiProperty({ example: 'codehow' })
  @Matches(AGGREGATE_ID_PATTERN, { message: 'accountId must be an account id' })
  accountId!: string;
}
