import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { ProblemException } from './problem-details';
import { problem } from './problems';
import { validationErrorsToFieldErrors } from './validation-errors';

/**
 * The global ValidationPipe (whitelist, forbidNonWhitelisted, transform) answering 422
 * `validation-failed` with one JSON pointer per broken constraint. Pointers point into the body; for
 * query or path parameters they point into the parameter object and the detail says which.
 */
export class ProblemValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) =>
        problem('validation-failed', 'The request does not match the contract; see errors.', {
          errors: validationErrorsToFieldErrors(errors),
        }),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (error instanceof ProblemException && error.code === 'validation-failed' && metadata.type !== 'body')
        throw problem('validation-failed', `Invalid ${metadata.type} parameters; see errors.`, {
          errors: error.errors ?? [],
        });
      throw error;
    }
  }
}
