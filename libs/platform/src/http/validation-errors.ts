import type { FieldError } from './problem-details';
import { escapePointerToken } from './problems';

/**
 * The parts of class-validator's ValidationError used here, declared structurally so this mapping
 * stays free of the library (and unit-testable with plain objects).
 */
export interface ValidationErrorLike {
  property?: string;
  constraints?: Readonly<Record<string, string>>;
  children?: readonly ValidationErrorLike[];
}

/**
 * Flattens class-validator's error tree into one FieldError per broken constraint, each with a JSON
 * pointer into the body: `items[0].price` becomes `/items/0/price` (class-validator reports array
 * elements as children whose property is the index). Unknown properties (forbidNonWhitelisted) come
 * out as a pointer to the property itself.
 */
export const validationErrorsToFieldErrors = (
  errors: readonly ValidationErrorLike[],
  basePointer = '',
): FieldError[] => {
  const fieldErrors: FieldError[] = [];
  for (const error of errors) {
    // The root of a non-object body has no property: point at the body itself.
    const pointer =
      error.property === undefined || error.property === ''
        ? basePointer
        : `${basePointer}/${escapePointerToken(error.property)}`;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      fieldErrors.push({
        pointer,
        detail: constraint === 'whitelistValidation' ? 'is not an allowed property' : message,
      });
    }
    if (error.children && error.children.length > 0)
      fieldErrors.push(...validationErrorsToFieldErrors(error.children, pointer));
  }
  return fieldErrors;
};
