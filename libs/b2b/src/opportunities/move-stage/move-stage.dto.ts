import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { VersionedCommandDto } from '@crm/slices/http/command-dtos';

export class MoveStageDto extends VersionedCommandDto {
  @ApiProperty({ description: 'An open stage of the deal’s pipeline (forward or back)', example: 'Proposal' })
  @IsString()
  @Length(1, 100)
  stage!: string;
}
