import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length, Matches } from 'class-validator';

export class ForgetPersonDto {
  @ApiProperty({ description: "The profile id (identity resolution's canonical id)", example: 'prof_Qm8x…' })
  @IsString()
  @Length(1, 200)
  // A stream id part: no slash, no whitespace or control characters.
  @Matches(/^[^\s/\p{Cc}]+$/u, { message: 'profileId must not contain "/", spaces or control characters' })
  profileId!: string;

  @ApiProperty({
    required: false,
    description: 'PostgreSQL read models: rewrite the changed tables (VACUUM FULL; locks them meanwhile)',
  })
  @IsOptional()
  @IsBoolean()
  vacuumFull?: boolean;
}
