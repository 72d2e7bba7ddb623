import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { IDENTIFIER_TYPES, type IdentifierType } from './domain/identifier';

/** One identifier as a client names it: a type and its clear value (or `~p:<key>` once forgotten). */
export class IdentifierRefDto {
  @ApiProperty({ enum: IDENTIFIER_TYPES, example: 'email' })
  @IsIn(IDENTIFIER_TYPES)
  type!: IdentifierType;

  @ApiProperty({
    description: 'The value as sent in events (normalised the same way), or ~p:<key>',
    example: 'ana@example.com',
  })
  @IsString()
  @Length(1, 254)
  value!: string;
}
