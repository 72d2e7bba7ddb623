import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { VersionedCommandDto } from '@crm/slices/http/command-dtos';

/** Win and lose both need a reason: win/loss analysis is why teams record it (DOMAIN.md). */
export class CloseReasonDto extends VersionedCommandDto {
  @ApiProperty({ example: 'Chosen over the incumbent for the analytics module' })
  @IsString()
  @Length(1, 1000)
  reason!: string;
}
