import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';

// A stream id part: no slash, no whitespace or control characters.
const STREAM_ID_PART = /^[^\s/\p{Cc}]+$/u;

/** One subject: a B2C profile (`profileId`) or a B2B contact (`contactId`), never both. */
export class ForgetPersonDto {
  @ApiProperty({
    required: false,
    description: "The profile id (identity resolution's canonical id); or give contactId",
    example: 'prof_Qm8x…',
  })
  @ValidateIf((body: ForgetPersonDto) => body.contactId === undefined || body.profileId !== undefined)
  @IsString()
  @Length(1, 200)
  @Matches(STREAM_ID_PART, { message: 'profileId must not contain "/", spaces or control characters' })
  profileId?: string;

  @ApiProperty({ required: false, description: 'A B2B contact id, instead of profileId', example: 'acme-alice' })
  @ValidateIf((body: ForgetPersonDto) => body.contactId !== undefined)
  @IsString()
  @Length(1, 200)
  @Matches(STREAM_ID_PART, { message: 'contactId must not contain "/", spaces or control characters' })
  contactId?: string;

  @ApiProperty({
    required: false,
    description: 'PostgreSQL read models: rewrite the changed tables (VACUUM FULL; locks them meanwhile)',
  })
  @IsOptional()
  @IsBoolean()
  vacuumFull?: boolean;
}
