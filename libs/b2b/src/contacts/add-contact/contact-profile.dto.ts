import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Length, Matches } from 'class-validator';

/** Optional profile fields of a contact, shared by add and update. */
export class ContactProfileFieldsDto {
  @ApiPropertyOptional({ example: 'ana.lima@acme.example' })
  @IsOptional()
  @IsEmail()
  @Length(3, 254)
  email?: string;

  @ApiPropertyOptional({ description: 'E.164', example: '+33612345678' })
  @IsOptional()
  @Matches(/^\+[1-9]\d{6,14}$/, { message: 'phone must be E.164, e.g. +33612345678' })
  phone?: string;

  @ApiPropertyOptional({ example: 'Chief Technology Officer' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ example: 'Engineering' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  department?: string;
}
