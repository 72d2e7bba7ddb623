import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Length, Matches } from 'class-validator';
import { AGGREGATE_ID_PATTERN } from '@crm/slices/domain/aggregate-id';
import { CreationCommandDto } from '@crm/slices/http/command-dtos';
import { MAX_STAGES } from '../pipeline.decider';

export class DefinePipelineDto extends CreationCommandDto {
  @ApiProperty({ description: '`default` replaces the built-in pipeline for new deals', example: 'enterprise' })
  @Matches(AGGREGATE_ID_PATTERN, { message: 'pipelineId must be 1-128 letters, digits, ".", "_", ":" or "-"' })
  pipelineId!: string;

  @ApiProperty({ example: 'Enterprise' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ description: 'Open stages in order', example: ['Awareness', 'Consideration', 'Decision'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_STAGES)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  stages!: string[];

  @ApiProperty({ example: 'Won' })
  @IsString()
  @Length(1, 100)
  wonStage!: string;

  @ApiProperty({ example: 'Lost' })
  @IsString()
  @Length(1, 100)
  lostStage!: string;
}
