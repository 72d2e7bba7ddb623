import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmptyObject, IsObject, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

export class DefineSegmentDto {
  @ApiProperty({ description: 'Display name', example: 'Repeat customers' })
  @IsString()
  @Length(1, 200)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @ApiProperty({
    description:
      'A rule over stored profile figures: { all: [rule…] } | { any: [rule…] } | { not: rule } | { field, op, value }. ' +
      'Fields: identifiers, events, orders, totalAmount, refundedAmount, ticketsOpened, ticketsResolved (numbers); ' +
      'firstSeenAt, lastSeenAt, firstOrderAt, secondOrderAt, thirdOrderAt, lastOrderAt (dates, compared with a fixed ' +
      'date); consent.email|sms|phone|push (true/false); channels (contains). Ops: eq, neq, gt, gte, lt, lte, contains, ' +
      'exists. Forgotten persons are never members. Unknown fields or ops: 400 naming the path.',
    example: { all: [{ field: 'orders', op: 'gte', value: 2 }] },
  })
  @IsObject()
  @IsNotEmptyObject()
  rule!: Record<string, unknown>;

  @ApiPropertyOptional({
    description: 'Version of the segment your change is based on (GET `version`); 409 if it moved',
  })
  @IsOptional()
  @IsInt()
  @Min(-1)
  @Max(1_000_000_000)
  expectedVersion?: number;
}
