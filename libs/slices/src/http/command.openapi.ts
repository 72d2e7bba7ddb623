import { ApiProblemResponse } from '@crm/platform/http/api-problem-response.decorator';
import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse } from '@nestjs/swagger';

const resultSchema = (idField: string) => ({
  type: 'object' as const,
  required: [idField, 'version', 'position', 'appended'],
  properties: {
    [idField]: { type: 'string' },
    version: { type: 'integer', description: 'New version of the aggregate: pass as expectedVersion next time' },
    position: { type: 'integer', description: 'Global log position: pass as minPosition to queries' },
    appended: { type: 'integer', description: 'Events written (0 for a repeat or a change that changed nothing)' },
  },
});

export interface CommandApiOptions {
  summary: string;
  description?: string;
  /** The aggregate id member of the answer, e.g. `opportunityId`. */
  idField: string;
  status: 200 | 201;
  /** Domain problem types this command can answer with, e.g. `['opportunity-closed', 409]`. */
  problems?: readonly (readonly [string, 409 | 422])[];
  notFound?: string;
}

/** OpenAPI of a command route: summary, Idempotency-Key, the result, and its Problem Details types. */
export const CommandApi = (options: CommandApiOptions): MethodDecorator => {
  const byStatus = new Map<number, string[]>();
  for (const [code, status] of options.problems ?? []) byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  return applyDecorators(
    ApiOperation({ summary: options.summary, ...(options.description && { description: options.description }) }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Makes a retry of this command return the original result instead of acting twice',
    }),
    ApiResponse({ status: options.status, description: 'Done', schema: resultSchema(options.idField) }),
    ApiProblemResponse(
      422,
      `Invalid body (validation-failed)${
        byStatus.has(422)
          ? `; ${byStatus
              .get(422)!
              .map((c) => `/problems/${c}`)
              .join(', ')}`
          : ''
      }`,
    ),
    ApiProblemResponse(
      409,
      ['wrong-expected-version', ...(byStatus.get(409) ?? [])].map((c) => `/problems/${c}`).join(', '),
    ),
    ...(options.notFound ? [ApiProblemResponse(404, options.notFound)] : []),
  );
};
