import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';

// A stream id part: no slash, no whitespace or control characters.
const STREAM_ID_PART = /^[^\s/\p{Cc}]+$/u;

/** One subject: a B2C profile (`profileId`), a B2B contact (`contactId`) or an employee (`employeeId`). */
export class ForgetPersonDto {
  @ApiProperty({
    required: false,
    description: "The profile id (identity resolution's canonical id); or give contactId",
    example: 'prof_Qm8x…',
  })
  @ValidateIf(
    (body: ForgetPersonDto) =>
      (body.contactId === undefined && body.employeeId === undefined) || body.profileId !== undefined,
  )
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
    description: "One of our employees as B2B events name them (a deal owner's name, an approver's login)",
    example: 'Moses Frase',
  })
  @ValidateIf((body: ForgetPersonDto) => body.employeeId !== undefined)
  @IsString()
  @Length(1, 200)
  employeeId?: string;

  @ApiProperty({
    required: false,
    description: 'PostgreSQL read models: rewrite the changed tables (VACUUM FULL; locks them meanwhile)',
  })
  @IsOptional()
  @IsBoolean()
  vacuumFull?: boolean;
}
