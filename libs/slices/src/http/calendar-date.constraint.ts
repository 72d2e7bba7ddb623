import { ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { isCalendarDate } from '../domain/time';

/** `YYYY-MM-DD` that exists in the calendar (no 2026-02-30). */
@ValidatorConstraint({ name: 'isCalendarDate' })
export class CalendarDateConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isCalendarDate(value);
  }

  defaultMessage(): string {
    return '$property must be a date YYYY-MM-DD';
  }
}
