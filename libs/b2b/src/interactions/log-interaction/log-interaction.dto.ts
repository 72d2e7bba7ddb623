import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { AGGREGATE_ID_PATTERN } from '@crm/slices/domain/aggregate-id';
import { CreationCommandDto } from '@crm/slices/http/command-dtos';
import {
  INTERACTION_KINDS,
  PARTICIPANT_ROLES,
  type InteractionKind,
  type ParticipantRole,
} from '../interaction.events';

export class ParticipantDto {
  @ApiPropertyOptional({ example: 'con-ana-lima' })
  @IsOptional()
  @Matches(AGGREGATE_ID_PATTERN, { message: 'contactId must be a contact id' })
  contactId?: string;

  @ApiPropertyOptional({ example: 'Sam Reed' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ example: 'sam@ourcrm.example' })
  @IsOptional()
  @IsEmail()
  @Length(3, 254)
  email?: string;

  @ApiPropertyOptional({ enum: PARTICIPANT_ROLES, description: 'Role on the deal, or employee for our side' })
  @IsOptional()
  @IsIn(PARTICIPANT_ROLES)
  role?: ParticipantRole;
}

export class LogInteractionDto extends CreationCommandDto {
  @ApiPropertyOptional({ description: 'Defaults to a new UUID', example: 'mtg-301' })
  @IsOptional()
  @Matches(AGGREGATE_ID_PATTERN, { message: 'interactionId must be 1-128 letters, digits, ".", "_", ":" or "-"' })
  interactionId?: string;

  @ApiProperty({ enum: INTERACTION_KINDS, example: 'meeting' })
  @IsIn(INTERACTION_KINDS)
  kind!: InteractionKind;

  @ApiProperty({ example: 'acme-corporation' })
  @Matches(AGGREGATE_ID_PATTERN, { message: 'accountId must be an account id' })
  accountId!: string;

  @ApiPropertyOptional({ description: 'The deal it was about (a deal of that account)', example: 'opp-2026-014' })
  @IsOptional()
  @Matches(AGGREGATE_ID_PATTERN, { message: 'opportunityId must be an opportunity id' })
  opportunityId?: string;

  @ApiPropertyOptional({ description: 'The main contact', example: 'con-ana-lima' })
  @IsOptional()
  @Matches(AGGREGATE_ID_PATTERN, { message: 'contactId must be a contact id' })
  contactId?: string;

  @ApiPropertyOptional({ type: [ParticipantDto], description: 'Who took part, both sides (at most 100)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ParticipantDto)
  participants?: ParticipantDto[];

  @ApiPropertyOptional({ example: 'Pricing of the analytics module' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  subject?: string;

  @ApiPropertyOptional({ description: 'What was said or agreed', example: 'OK for 10 %, not more.' })
  @IsOptional()
  @IsString()
  @Length(1, 10_000)
  summary?: string;

  @ApiPropertyOptional({ description: 'Calls, meetings and demos: seconds, at most a day', example: 3600 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(86_400)
  durationSeconds?: number;
}
