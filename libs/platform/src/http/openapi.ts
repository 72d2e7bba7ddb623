import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { OPENAPI_PUBLIC_EXTENSION, OPENAPI_SCOPES_EXTENSION } from '../auth/auth.decorators';
import { PROBLEM_CONTENT_TYPE, problemTypeUri, type ProblemCode } from './problem-details';
import { PROBLEM_TYPES } from './problems';

export const DOCS_PATH = 'docs';
export const PROBLEM_SCHEMA_REF = '#/components/schemas/ProblemDetails';

const problemSchema = {
  type: 'object',
  description:
    'RFC 9457 Problem Details, the one error shape of the API (`Content-Type: application/problem+json`). ' +
    'Types: ' +
    (Object.keys(PROBLEM_TYPES) as ProblemCode[])
      .map((code) => `\`${problemTypeUri(code)}\` (${PROBLEM_TYPES[code].status})`)
      .join(', ') +
    '; `about:blank` for other statuses.',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', example: problemTypeUri('validation-failed') },
    title: { type: 'string', example: PROBLEM_TYPES['validation-failed'].title },
    status: { type: 'integer', example: 422 },
    detail: { type: 'string' },
    instance: { type: 'string', description: 'The request path', example: '/v1/events' },
    correlationId: { type: 'string', description: 'Echo of X-Correlation-Id (or the generated one)' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['pointer', 'detail'],
        properties: {
          pointer: { type: 'string', description: 'RFC 6901 JSON pointer into the body', example: '/items/0/price' },
          detail: { type: 'string' },
        },
      },
    },
  },
  additionalProperties: true,
} as const;

const problemResponse = (description: string) => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: PROBLEM_SCHEMA_REF } } },
});

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * Public operations (`@PublicRoute()`) get `security: []`; every other one inherits the document's
 * "bearer or X-Api-Key" requirement and documents its 401/403. Every operation documents the
 * Problem Details default response.
 */
const completeOperations = (document: OpenAPIObject): void => {
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method] as
        (NonNullable<(typeof item)[typeof method]> & Record<string, unknown>) | undefined;
      if (!operation) continue;
      const responses = operation.responses;
      if (operation[OPENAPI_PUBLIC_EXTENSION]) {
        operation.security = [];
        delete operation[OPENAPI_PUBLIC_EXTENSION];
      } else {
        const scopes = operation[OPENAPI_SCOPES_EXTENSION] as string[] | undefined;
        responses['401'] ??= problemResponse('No API key, a malformed one, or an unknown one');
        responses['403'] ??= problemResponse(
          scopes?.length ? `The API key lacks a scope (${scopes.join(', ')})` : 'The API key lacks a scope',
        );
      }
      responses.default ??= problemResponse('Problem Details');
    }
  }
};

export const buildOpenApiDocument = (app: INestApplication): OpenAPIObject => {
  const config = new DocumentBuilder()
    .setTitle('CRM API')
    .setDescription(
      'Event-sourced CRM backend. Authenticate with an API key, either as `Authorization: Bearer <key>` or ' +
        '`X-Api-Key: <key>`; a key grants one tenant and scopes (`events:write`, `read`, `ops`). Errors are ' +
        'RFC 9457 Problem Details. Send `X-Correlation-Id` to trace a request; it is echoed on every response.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key as a bearer token' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'API key in a header' }, 'api-key')
    // Two entries = alternatives: either scheme authenticates.
    .addSecurityRequirements('bearer')
    .addSecurityRequirements('api-key')
    .addTag('events', 'Ingest of customer events')
    .addTag('ops', 'Health, readiness, metrics and operator endpoints')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ProblemDetails: problemSchema as never },
  };
  completeOperations(document);
  return document;
};

/** Swagger UI at /docs, the document at /docs-json (both public: they are not Nest routes). */
export const setupOpenApi = (app: INestApplication): void => {
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: `${DOCS_PATH}-json`,
    yamlDocumentUrl: `${DOCS_PATH}-yaml`,
    customSiteTitle: 'CRM API',
  });
};
