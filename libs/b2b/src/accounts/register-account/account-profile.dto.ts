import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNumber, IsOptional, IsString, Length, Max, Min } from 'class-validator';

/** The optional profile fields of an account, shared by register and update. */
export class AccountProfileFieldsDto {
  @ApiPropertyOptional({ example: 'technology' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  sector?: string;

  @ApiPropertyOptional({ example: 1996 })
  @IsOptional()
  @IsInt()
  @Min(1000)
  @Max(3000)
  yearEstablished?: number;

  @ApiPropertyOptional({ description: 'Annual revenue in millions of US dollars', example: 1100.04 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  revenueMillions?: number;

  @ApiPropertyOptional({ example: 2822 })
  @IsOptional()
  @IsInt()
  @Min(0)
  employees?: number;

  @ApiPropertyOptional({ example: 'United States' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  officeLocation?: string;
}
