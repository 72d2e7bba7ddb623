import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional, Max, Min } from 'class-validator';
import { CloseReasonDto } from './close-reason.dto';

export class WinOpportunityDto extends CloseReasonDto {
  @ApiPropertyOptional({ description: 'Signed value; defaults to the deal’s amount', example: 45000 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1e13)
  amount?: number;
}
