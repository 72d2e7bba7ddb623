import { ApiResponse } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from './problem-details';
import { PROBLEM_SCHEMA_REF } from './openapi';

/** Documents a Problem Details response: `@ApiProblemResponse(409, 'Wrong expected version')`. */
export const ApiProblemResponse = (status: number, description: string): MethodDecorator & ClassDecorator =>
  ApiResponse({
    status,
    description,
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: PROBLEM_SCHEMA_REF } } },
  });
